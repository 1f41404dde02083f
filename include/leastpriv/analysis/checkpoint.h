/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a scheduled report stopped: the last record it read, per node, by the record's own
 * stamp (time and serial).  Marks of stamps, not of file offsets, survive log rotation: every
 * file is read and what is at or before a node's mark is skipped, so no event is counted twice
 * and none is skipped.  A log that no longer reaches back to the mark (replaced, truncated,
 * or rotated away) is seen: its first record is later than the mark and the mark's record is
 * not in it.
 */
#ifndef LEASTPRIV_CHECKPOINT_H
#define LEASTPRIV_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Nodes a checkpoint keeps marks for (a fleet's aggregated log); past it, not kept. */
#define CHECKPOINT_NODES_MAX 4096
#define CHECKPOINT_NODE_MAX  255

struct checkpoint_mark {
	char node[CHECKPOINT_NODE_MAX + 1]; /* "" for records without node= */
	int64_t sec;
	uint32_t ms;
	uint64_t serial;
	/* while reading: the first record read of the node, and whether the mark's was read */
	int64_t first_sec;
	bool reached;
};

struct checkpoint {
	struct checkpoint_mark *marks;
	size_t n, cap;
};

void checkpoint_done(struct checkpoint *cp);
/* The mark of @node (@len bytes, NULL for none), or NULL. */
struct checkpoint_mark *checkpoint_find(const struct checkpoint *cp, const char *node, size_t len);
/* Keep the latest of the mark of @node and the stamp given. */
void checkpoint_note(struct checkpoint *cp, const char *node, size_t len, int64_t sec, uint32_t ms,
		     uint64_t serial);
/* Whether the stamp is at or before @m. */
bool checkpoint_covers(const struct checkpoint_mark *m, int64_t sec, uint32_t ms, uint64_t serial);

#endif
