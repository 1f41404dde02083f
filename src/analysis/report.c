/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report's headline counts, computed once for every renderer. */
#include <string.h>

#include "leastpriv/advise/recommend.h"
#include "leastpriv/analysis/report.h"
#include "leastpriv/base/util.h"

static bool
user_is_risky(const struct engine_user *u)
{
	for (int k = 0; k < RISK_MAX; k++)
		if (u->risks[k])
			return true;
	return false;
}

void
report_count(struct report *r)
{
	struct report_counts *c = &r->counts;
	const struct admin *ad = r->admin;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

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
		bool risky = user_is_risky(ad->list[i]);

		c->admin += risky;
		c->by_severity[REPORT_RUNS_SEVERITY] += risky;
	}
	if (ad->docker_group && ad->docker_group[0]) {
		c->admin++;
		c->by_severity[REPORT_GROUP_SEVERITY]++;
	}
}

const struct container_advice *
report_container(const struct report *r, size_t i)
{
	return advice_set_get(r->advice, i);
}

const struct container *
report_subject(const struct report *r, size_t i)
{
	return r->advice->evidence->list[i];
}

const char *
finding_status_name(enum finding_status s)
{
	static const char *const names[STATUS_MAX] = { "new", "open", "resolved" };

	return s < STATUS_MAX ? names[s] : "unknown";
}

static void
admin_id(struct admin_finding *af, const char *key)
{
	char *full = xasprintf("admin\x1f%s\x1f%s", af->kind, key);

	stable_id(full, strlen(full), af->id);
	free(full);
}

void
report_admin_finding(const struct report *r, size_t i, struct admin_finding *ret)
{
	static const char *const risk_words[RISK_MAX] = {
		[RISK_PRIVILEGED] = "privileged",
		[RISK_HOST_ROOT] = "with the host's / or a system directory",
		[RISK_SOCKET] = "with the engine socket",
		[RISK_HOST_PID] = "with --pid=host",
		[RISK_HOST_NET] = "with --network=host",
		[RISK_NO_CONFINEMENT] = "with SELinux, seccomp or AppArmor off",
	};
	const struct admin *ad = r->admin;
	struct admin_finding af = { 0 };

	if (i < ad->n_sockets) {
		const struct socket_mount *m = &ad->sockets[i];

		af.kind = "engine_socket_mount";
		af.severity = REPORT_SOCKET_SEVERITY;
		af.subject = xstrdup(m->container);
		af.title = xasprintf("remove the engine socket from %s", m->container);
		af.what = xasprintf("%s has %s mounted at %s: it can start a privileged container "
				    "with the host's / and escape. Remove the mount, or put an API "
				    "proxy that allows only what it needs in between.",
				    m->container, m->source, m->destination);
		{
			char *key = xasprintf("%s\x1f%s", m->container, m->source);

			admin_id(&af, key);
			free(key);
		}
		*ret = af;
		return;
	}
	i -= ad->n_sockets;
	for (size_t k = 0; k < ad->n_users; k++) {
		const struct engine_user *u = ad->list[k];
		struct strbuf sb;
		char *who, key[32];

		if (!user_is_risky(u) || i--)
			continue;
		if (u->auid == (unsigned long long)-1 || u->auid == 4294967295ULL)
			who = xstrdup("no login (auid unset: a service or boot script)");
		else if (u->login)
			who = xasprintf("login %s (uid %llu)", u->login, u->auid);
		else
			who = xasprintf("login uid %llu", u->auid);
		strbuf_init(&sb);
		strbuf_addf(&sb, "%s started %zu container%s:", who, u->runs,
			    u->runs == 1 ? "" : "s");
		for (int j = 0, n = 0; j < RISK_MAX; j++)
			if (u->risks[j])
				strbuf_addf(&sb, "%s %zu %s", n++ ? "," : "", u->risks[j],
					    risk_words[j]);
		strbuf_addstr(&sb, ". Each of these can take the host; give that login the "
				   "commands it needs through sudo, or rootless podman, instead.");
		af.kind = "risky_runs";
		af.severity = REPORT_RUNS_SEVERITY;
		af.subject = who;
		af.title =
			u->auid == (unsigned long long)-1 || u->auid == 4294967295ULL
				? xstrdup("review the root-equivalent containers started outside "
					  "any login (services, boot scripts)")
				: xasprintf("review the root-equivalent containers %s started",
					    who);
		af.what = strbuf_detach(&sb);
		af.example = u->example;
		snprintf(key, sizeof(key), "%llu", u->auid);
		admin_id(&af, key);
		*ret = af;
		return;
	}
	{
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "Members of the docker group (%s): ", ad->group_file);
		for (size_t k = 0; ad->docker_group && ad->docker_group[k]; k++)
			strbuf_addf(&sb, "%s%s", k ? ", " : "", ad->docker_group[k]);
		strbuf_addstr(&sb, ". Each can run docker run --privileged -v /:/host and is "
				   "root-equivalent; give them sudo for the commands they need, or "
				   "rootless podman, instead.");
		af.kind = "docker_group";
		af.severity = REPORT_GROUP_SEVERITY;
		af.subject = xstrdup(ad->group_file ? ad->group_file : "/etc/group");
		af.title = xstrdup("empty the docker group: its members are root on this host");
		af.what = strbuf_detach(&sb);
		admin_id(&af, "docker");
		*ret = af;
	}
}

void
admin_finding_done(struct admin_finding *af)
{
	free(af->subject);
	free(af->title);
	free(af->what);
	memset(af, 0, sizeof(*af));
}
