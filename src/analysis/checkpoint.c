/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The last record a report read, per node: kept as record stamps, so rotation does not matter. */
#include <string.h>

#include "leastpriv/analysis/checkpoint.h"
#include "leastpriv/base/util.h"

void
checkpoint_done(struct checkpoint *cp)
{
	free(cp->marks);
	memset(cp, 0, sizeof(*cp));
}

struct checkpoint_mark *
checkpoint_find(const struct checkpoint *cp, const char *node, size_t len)
{
	if (!node)
		len = 0;
	for (size_t i = 0; i < cp->n; i++)
		if (strlen(cp->marks[i].node) == len &&
		    memcmp(cp->marks[i].node, node ? node : "", len) == 0)
			return &cp->marks[i];
	return NULL;
}

bool
checkpoint_covers(const struct checkpoint_mark *m, int64_t sec, uint32_t ms, uint64_t serial)
{
	if (sec != m->sec)
		return sec < m->sec;
	if (ms != m->ms)
		return ms < m->ms;
	return serial <= m->serial;
}

void
checkpoint_note(struct checkpoint *cp, const char *node, size_t len, int64_t sec, uint32_t ms,
		uint64_t serial)
{
	struct checkpoint_mark *m = checkpoint_find(cp, node, len);

	if (!m) {
		if (cp->n >= CHECKPOINT_NODES_MAX || len > CHECKPOINT_NODE_MAX)
			return;
		cp->marks = xgrow(cp->marks, &cp->cap, cp->n + 1, sizeof(*cp->marks));
		m = &cp->marks[cp->n++];
		memset(m, 0, sizeof(*m));
		memcpy(m->node, node ? node : "", node ? len : 0);
		m->sec = -1;
	}
	if (m->sec < 0 || !checkpoint_covers(m, sec, ms, serial)) {
		m->sec = sec;
		m->ms = ms;
		m->serial = serial;
	}
}
