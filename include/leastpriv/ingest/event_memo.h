/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 2, the repeat path: events already understood.  Real logs repeat one denial thousands
 * of times, each copy differing from the first only in its stamp (time and serial) and the
 * process ids.  The memo keeps what libauparse made of an event seen more than once, under a
 * key that is the event's records with the stamps left out and the pid values cut out, so a
 * repeat costs a hash of its text instead of a parse.
 *
 * Promises: an event found here is field for field what event_parse_next() makes of the same
 * records (tests/unit/test-event-memo.c checks it on the corpus, the fuzzer on anything).  A
 * value is cut out of the key only where the parse showed it to be exactly that pid field: the
 * one place its name starts a word anywhere in the record (quoted text included), so that no
 * other field can hold those digits.  Events whose parse reported a problem or gave more than
 * one event, records of two SYSCALLs or two SECCOMPs, and records not stamped as the
 * correlator writes them (right after the type, one stamp libauparse reads alike, never
 * second 0) or carrying enrichment are never kept.  Memory: at most EVENT_MEMO_BYTES, however long
 * the log.  Time: a lookup hashes the key once and tries at most MEMO_PROBES slots, so keys
 * made to collide cost a parse each, as a first sight does, never a longer walk.
 */
#ifndef LEASTPRIV_EVENT_MEMO_H
#define LEASTPRIV_EVENT_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "leastpriv/base/arena.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/ingest/event.h"

/* What the memo may hold: keys, copies of events and bookkeeping. */
#define EVENT_MEMO_BYTES (10u << 20)

struct memo_entry;

struct memo_slot {
	uint64_t hash;
	struct memo_entry *entry; /* NULL: empty */
};

struct event_memo_stats {
	size_t hits;    /* events taken from the memo */
	size_t misses;  /* events parsed */
	size_t kept;    /* events added */
	size_t evicted; /* events dropped to make room */
	size_t crowded; /* events not kept: no free slot among their MEMO_PROBES */
};

struct event_memo {
	struct memo_slot *slots; /* open addressing, by the key's hash */
	size_t n_slots;          /* a power of two, at least four times n_all */
	size_t bytes, budget;
	bool keep_first_sight; /* keep an event the first time (tests); else the second */
	uint64_t *seen;        /* hashes of keys seen once: admission on the second sighting */
	struct memo_entry **all;
	size_t n_all, cap_all;
	size_t lookups; /* since the last sweep */
	struct event_memo_stats stats;

	/* the event last looked up */
	struct strbuf key;
	uint64_t key_hash;
	bool keyed; /* its key is usable (a miss, not yet kept) */
	size_t *line_start, *line_len;
	long long *pid, *ppid; /* the value cut out of each record, or -1 */
	size_t cap_lines;
	struct memo_entry *pending; /* offered, not yet kept */
	struct arena texts;         /* the record texts of the event last found */
};

void event_memo_init(struct event_memo *m, size_t budget);
void event_memo_done(struct event_memo *m);
/*
 * The one event of @raw when the memo holds it, with @raw's node, stamp, pids, record texts
 * and locations; valid until the next call.  NULL on a miss: parse @raw, then offer its
 * first event.
 */
const struct event *event_memo_find(struct event_memo *m, const struct raw_event *raw);
/*
 * After a miss on @raw: @ev is the first event its parse gave, @clean when that parse
 * reported no problem.  Call event_memo_withdraw() if the parse gives another event, and
 * event_memo_keep() when it has given all.
 */
void event_memo_offer(struct event_memo *m, const struct raw_event *raw, const struct event *ev,
		      bool clean);
void event_memo_withdraw(struct event_memo *m);
void event_memo_keep(struct event_memo *m);
/*
 * The one way to use the memo: each event of @raw to @fn, from the memo when it holds it,
 * else parsed with @p (whose diag tells whether the parse was clean) and offered to it.
 */
void event_memo_parse(struct event_memo *m, struct event_parser *p, const struct raw_event *raw,
		      void (*fn)(const struct event *ev, void *data), void *data);

#endif
