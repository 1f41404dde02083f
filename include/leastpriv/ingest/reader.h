/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1 on a thread of its own: one input read, cut into lines and scanned for records
 * (stage 1a, lines.h), and, when the caller gives a stage, each record handed to it there
 * (the analysis groups records into events on that thread, correlate.h), while the caller's
 * thread parses and folds what came before.  What the reading thread hands over (records,
 * finished events, and every problem found on the way at its place among them) comes back in
 * batches, in order, so the caller sees exactly the sequence that doing it all on its own
 * thread gives.  Memory: READER_BATCHES batches of at most READER_BATCH_BYTES of text each
 * (or of one event, when it is longer: the correlator caps those), plus the reader's block.
 */
#ifndef LEASTPRIV_READER_H
#define LEASTPRIV_READER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/base/diag.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/ingest/correlate.h"
#include "leastpriv/ingest/lines.h"
#include "leastpriv/ingest/source.h"

#define READER_BATCHES     4
#define READER_BATCH_BYTES (256 * 1024)

/*
 * One record; or one finished event (is_event); or one problem the reading found (problem !=
 * NULL); or the point where it gave up on an input that holds no record (gave_up: the caller
 * words that problem).
 */
struct reader_item {
	struct record record;
	unsigned long line;
	bool gave_up;
	bool is_event;
	/* its text and places are the batch's: read it, change nothing but its node */
	struct raw_event event;
	/* while the batch fills: where the strings were copied in its text */
	size_t node_at, type_at, body_at, enrich_at, sender_at, locs_at;
	enum diag_kind kind;
	const char *problem_file;
	char *problem; /* owned */
};

struct reader_batch {
	struct reader_item *items;
	size_t n, cap;
	struct strbuf text;      /* the records' and events' strings */
	struct record_loc *locs; /* the events' places */
	size_t n_locs, cap_locs;
	struct reader_batch *next;
};

struct reader;

/*
 * What the reading thread does with each record: hand it over (reader_emit_record()), or
 * whatever the stage wants there, handing over what its caller needs, in order, with
 * reader_emit_*().  Its problems go to *diag, redirected meanwhile to the batches.
 */
struct reader_stage {
	void (*take)(struct reader *rd, const struct record *r, unsigned long line, void *data);
	void *data;
	struct diag **diag; /* the stage's diag pointer, or NULL */
};

struct reader {
	struct lines *lines; /* borrowed: used by the reading thread only until reader_finish() */
	struct source_input *in;
	size_t no_record_max; /* give up when this many bytes held no record (0: never) */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct reader_batch slots[READER_BATCHES];
	struct reader_batch *free, *full, *full_last; /* queues, under the lock */
	struct reader_batch *filling;                 /* the reading thread's */
	struct reader_stage stage;                    /* take NULL: records handed over */
	struct diag forward;                 /* the lines' and the stage's sink meanwhile */
	struct diag *real_diag, *stage_diag; /* their own, restored at the end */
	bool started;                        /* the thread runs */
	bool done;                           /* the reading thread has finished */
	bool stop;                           /* the caller asked it to */
	int error;                           /* 0, or -errno of the read */
};

/*
 * Start reading @in into @lines (lines_begin() already called) on a new thread, each record to
 * @stage (NULL: each record handed over).  Returns 0, or -errno when no thread can be made
 * (then read on the calling thread).  @no_record_max: see the analysis's NO_RECORD_MAX.
 */
int reader_start(struct reader *rd, struct lines *lines, struct source_input *in,
		 size_t no_record_max, const struct reader_stage *stage);
/* On the reading thread: hand a record over, or a copy of a finished event. */
void reader_emit_record(struct reader *rd, const struct record *r, unsigned long line);
void reader_emit_event(struct reader *rd, const struct raw_event *ev);
/* The next batch, in order (wait for it); NULL once every record was handed over. */
struct reader_batch *reader_next(struct reader *rd);
/* Give a batch back once its records are used. */
void reader_release(struct reader *rd, struct reader_batch *b);
/* Wait for the thread and free everything; 0 or the read's -errno. */
int reader_finish(struct reader *rd);

#endif
