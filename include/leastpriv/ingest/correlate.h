/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1b: grouping records into events.  Records of one event share node, timestamp and
 * serial, but a busy host interleaves events and some records (a standalone AVC, SECCOMP,
 * ANOM_*) have no end marker.  The correlator keeps open events in a hash keyed by
 * (node, time, serial), finishes an event at its last record (PROCTITLE, EOE, a user-space
 * message) or once that node's clock has moved past it by the timeout, and queues each
 * finished event for its caller, who takes them with correlate_next() after each record.  A node's
 * clock is the median of its last few record times, and the timeout counts in both directions, so
 * that neither one wild timestamp nor a log read out of order (rotations newest first, a clock set
 * back) splits events or keeps them open. Memory is bounded by the events open at one time (at most
 * OPEN_EVENTS_MAX events and OPEN_BYTES_MAX bytes, then the first to arrive is finished early),
 * never by the log's length. This replaces libauparse 3.0.9's own grouping, whose cost grows with
 * the square of the open events (see the README's design notes).
 */
#ifndef LEASTPRIV_CORRELATE_H
#define LEASTPRIV_CORRELATE_H

#include <stdbool.h>
#include <stdint.h>

#include "leastpriv/base/diag.h"
#include "leastpriv/base/hmap.h"
#include "leastpriv/ingest/record.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/base/strpool.h"

struct record_loc {
	const char *file; /* borrowed from the caller of correlate_add() */
	unsigned long line;
	int type;
};

struct node_clock;

/* A finished group of records.  Valid until the next correlate_next() or correlate_done(). */
struct raw_event {
	const char *node; /* borrowed: interned; NULL when the log names no node */
	int64_t sec;
	uint32_t ms;
	uint64_t serial;
	/* The records, one per line, rewritten to auditd's plain form without enrichment. */
	struct strbuf text;
	struct record_loc *locs; /* locs[i] is where the i-th line of text came from */
	size_t n_records;
	unsigned flags; /* OR of what the classifier returned for each record */

	/* private to the correlator */
	size_t cap_locs;
	struct node_clock *clock;
	struct raw_event *older, *newer;         /* this node's open events, in arrival order */
	struct raw_event *ready_next;            /* the next finished event in the queue */
	struct raw_event *all_older, *all_newer; /* every open event, in arrival order */
	uint64_t last_seq;                       /* its node's record count at its last record */
	size_t bytes;                            /* what it holds, counted in open_bytes */
};

/* Returns interest bits for one record; they are OR-ed into raw_event.flags. */
typedef unsigned (*correlate_classify_fn)(const struct record *r);

struct correlate_stats {
	size_t events;          /* events handed to the callback */
	size_t timed_out;       /* finished by the timeout rather than an end record */
	size_t forced_out;      /* finished early because too many events were open */
	size_t dropped_records; /* records past the size limit of one event, or of a node past
				   NODES_MAX */
	size_t max_open;        /* the most events open at one time */
};

struct correlator {
	struct hmap open;   /* key -> struct raw_event */
	struct hmap clocks; /* node pointer -> struct node_clock */
	struct strpool *pool;
	struct diag *diag;
	correlate_classify_fn classify;
	int64_t timeout_ms;
	size_t n_open;
	size_t open_bytes;                         /* what the open events hold */
	struct raw_event *all_oldest, *all_newest; /* every open event, in arrival order */
	const char *last_node;                     /* the node of the previous record (interned) */
	struct node_clock *last_clock;             /* and its clock */
	struct raw_event *ready, *ready_last;      /* finished events not yet taken, oldest first */
	struct raw_event *handed;                  /* the event correlate_next() returned last */
	struct raw_event *spare;                   /* finished events kept for reuse */
	size_t n_spare;
	struct correlate_stats stats;
	struct strbuf stamp; /* " msg=audit(S.MS:N): " of the stamp below, or empty */
	int64_t stamp_sec;
	uint32_t stamp_ms;
	uint64_t stamp_serial;
};

/*
 * Set up @c.  Strings are interned in @pool and problems reported to @diag (both borrowed,
 * they must outlive @c).  @timeout_ms: how far a node's clock must pass an event without an
 * end record before it is finished (auditd's end_of_event_timeout, 2000 by default).
 */
void correlate_init(struct correlator *c, struct strpool *pool, struct diag *diag,
		    int64_t timeout_ms, correlate_classify_fn classify);
/*
 * Add one record read at @file:@line (@file is borrowed: it must live until correlate_done()).
 * The events it finishes are queued: take them with correlate_next() before the next record,
 * so that the queue stays short.
 */
void correlate_add(struct correlator *c, const struct record *r, const char *file,
		   unsigned long line);
/*
 * The oldest finished event not yet taken, or NULL.  It stays valid until the next call, which
 * recycles it.
 */
struct raw_event *correlate_next(struct correlator *c);
/* Finish every open event (end of input), oldest first per node; take them with correlate_next().
 */
void correlate_flush(struct correlator *c);
void correlate_done(struct correlator *c);

#endif
