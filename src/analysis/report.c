/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report's headline counts, computed once for every renderer. */
#include "leastpriv/analysis/report.h"

void
report_count(struct report *r)
{
	struct report_counts *c = &r->counts;
	const struct admin *ad = r->admin;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = &r->containers[i];

		if (ca->container->kind == SUBJECT_UNATTRIBUTED)
			c->unattributed++;
		else
			c->containers++;
		c->with_advice += ca->n_items > 0;
		c->advice += ca->n_items;
		for (size_t j = 0; j < ca->n_items; j++)
			c->by_severity[ca->items[j]->severity]++;
	}
	/* Admin control, as the reports list it: each socket mount, each login, the group. */
	c->admin += ad->n_sockets;
	c->by_severity[REPORT_SOCKET_SEVERITY] += ad->n_sockets;
	for (size_t i = 0; i < ad->n_users; i++) {
		bool risky = false;

		for (int k = 0; k < RISK_MAX; k++)
			risky |= ad->list[i]->risks[k] > 0;
		c->admin += risky;
		c->by_severity[REPORT_RUNS_SEVERITY] += risky;
	}
	if (ad->docker_group && ad->docker_group[0]) {
		c->admin++;
		c->by_severity[REPORT_GROUP_SEVERITY]++;
	}
}

const char *
finding_status_name(enum finding_status s)
{
	static const char *const names[STATUS_MAX] = { "new", "open", "resolved" };

	return s < STATUS_MAX ? names[s] : "unknown";
}
