/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1 on a thread of its own: one input read, cut into lines and scanned for records
 * (stage 1a, lines.h) while the caller's thread correlates and parses what came before.  The
 * records come back in batches, in input order, each with its line and with every problem the
 * reading found at its place among them, so the caller sees exactly the sequence of records
 * and problems that reading on its own thread gives.  Memory: READER_BATCHES batches of at
 * most READER_BATCH_BYTES of record text each, plus the reader's block.
 */
#ifndef LEASTPRIV_READER_H
#define LEASTPRIV_READER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/base/diag.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/ingest/lines.h"
#include "leastpriv/ingest/source.h"

#define READER_BATCHES     4
#define READER_BATCH_BYTES (256 * 1024)

/*
 * One record; or one problem the reading found (problem != NULL); or the point where it gave
 * up on an input that holds no record (gave_up: the caller words that problem).
 */
struct reader_item {
	struct record record;
	unsigned long line;
	bool gave_up;
	/* while the batch fills: where the record's strings were copied in its text */
	size_t node_at, type_at, body_at, enrich_at, sender_at;
	enum diag_kind kind;
	const char *problem_file;
	char *problem; /* owned */
};

struct reader_batch {
	struct reader_item *items;
	size_t n, cap;
	struct strbuf text; /* the records' strings */
	struct reader_batch *next;
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
	struct diag forward;                          /* the lines' sink meanwhile */
	struct diag *real_diag;                       /* the lines' own, restored at the end */
	bool started;                                 /* the thread runs */
	bool done;                                    /* the reading thread has finished */
	bool stop;                                    /* the caller asked it to */
	int error;                                    /* 0, or -errno of the read */
};

/*
 * Start reading @in into @lines (lines_begin() already called) on a new thread.  Returns 0, or
 * -errno when no thread can be made (then read on the calling thread).  @no_record_max: see
 * the analysis's NO_RECORD_MAX.
 */
int reader_start(struct reader *rd, struct lines *lines, struct source_input *in,
		 size_t no_record_max);
/* The next batch, in order (wait for it); NULL once every record was handed over. */
struct reader_batch *reader_next(struct reader *rd);
/* Give a batch back once its records are used. */
void reader_release(struct reader *rd, struct reader_batch *b);
/* Wait for the thread and free everything; 0 or the read's -errno. */
int reader_finish(struct reader *rd);

#endif
