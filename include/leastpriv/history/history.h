/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The history of scheduled reports, in one SQLite database: the runs (when, which host, which
 * window), the checkpoint (the last record read per node), and every finding by its stable id
 * with the runs it was seen in, so that each report says of each finding whether it is new,
 * still open (since when, in how many runs) or resolved since the last run.
 */
#ifndef LEASTPRIV_HISTORY_H
#define LEASTPRIV_HISTORY_H

#include <stdint.h>

#include "leastpriv/analysis/checkpoint.h"
#include "leastpriv/analysis/report.h"
#include "leastpriv/base/strbuf.h"

struct sqlite3;

struct history {
	struct sqlite3 *db;
	int64_t run;      /* this run's id, once begun */
	int64_t previous; /* the run before it, or 0 */
};

/* Open (creating it and its schema when new) the database at @path.  0, or -errno with @err. */
int history_open(struct history *h, const char *path, struct strbuf *err);
void history_close(struct history *h);
/* The checkpoint the last run left (empty for the first run). */
int history_load_checkpoint(struct history *h, struct checkpoint *ret);
/*
 * Record this run (at @now, on @host, reading from @window_from to @window_to), its findings
 * from @r and the checkpoint @seen merged into the stored one; fill *ret with every finding of
 * this run or resolved by it (free it), in the order new, open, resolved.  0, or -EIO.
 */
int history_record(struct history *h, int64_t now, const char *host, const struct report *r,
		   const struct checkpoint *seen, struct history_entry **ret, size_t *ret_n,
		   struct strbuf *err);

/* The number of findings open after each of the last @max runs, oldest first (free *ret). */
int history_trend(struct history *h, size_t max, struct trend_point **ret, size_t *ret_n);

#endif
