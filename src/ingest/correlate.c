/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 1b: records to events, released as soon as they are finished. */
#include <libaudit.h>
#include <stdio.h>

#include "leastpriv/ingest/correlate.h"

/* Far above any real event (the kernel's records are < 9 KiB each); protects memory. */
#define EVENT_TEXT_MAX (1024 * 1024)
/*
 * Bounds on what is open at one time (README, "Limits"): past either, the event that arrived
 * first is finished early.  A real host has a few hundred events open at most.
 */
#define OPEN_EVENTS_MAX 20000
#define OPEN_BYTES_MAX  (64 * 1024 * 1024)
/* Nodes of an aggregated log; records of further nodes are dropped, with a message. */
#define NODES_MAX 4096
#define SPARE_MAX 64
/*
 * A node's clock is the median of the times of its last CLOCK_RING records, so that one record
 * with a wild time moves nothing; and an event is finished by the clock only after
 * QUIET_RECORDS more records of its node, so that the clock's lag at a step (a rotation read
 * out of order, a clock set back) cannot cut an event short.
 */
#define CLOCK_RING    5
#define QUIET_RECORDS 8

struct node_clock {
	int64_t ring[CLOCK_RING]; /* the last record times, in ms */
	size_t n_ring, next_ring;
	uint64_t seq;                      /* records of this node so far */
	struct raw_event *oldest, *newest; /* open events of this node, in arrival order */
};

struct event_key {
	char bytes[sizeof(void *) + 8 + 4 + 8];
};

static struct event_key
make_key(const char *node, int64_t sec, uint32_t ms, uint64_t serial)
{
	struct event_key k;
	char *p = k.bytes;

	memcpy(p, &node, sizeof(node));
	p += sizeof(node);
	memcpy(p, &sec, 8);
	p += 8;
	memcpy(p, &ms, 4);
	p += 4;
	memcpy(p, &serial, 8);
	return k;
}

void
correlate_init(struct correlator *c, struct strpool *pool, struct diag *diag, int64_t timeout_ms,
	       correlate_classify_fn classify)
{
	memset(c, 0, sizeof(*c));
	hmap_init(&c->open);
	hmap_init(&c->clocks);
	strbuf_init(&c->stamp);
	c->pool = pool;
	c->diag = diag;
	c->timeout_ms = timeout_ms;
	c->classify = classify;
}

static void
raw_event_free(void *p)
{
	struct raw_event *ev = p;

	if (!ev)
		return;
	strbuf_done(&ev->text);
	free(ev->locs);
	free(ev);
}

void
correlate_done(struct correlator *c)
{
	hmap_done(&c->open, raw_event_free);
	hmap_done(&c->clocks, free);
	strbuf_done(&c->stamp);
	if (c->handed)
		raw_event_free(c->handed);
	while (c->ready) {
		struct raw_event *next = c->ready->ready_next;

		raw_event_free(c->ready);
		c->ready = next;
	}
	while (c->spare) {
		struct raw_event *next = c->spare->newer;

		raw_event_free(c->spare);
		c->spare = next;
	}
}

static int64_t
event_ms(const struct raw_event *ev)
{
	return ev->sec * 1000 + ev->ms;
}

static struct raw_event *
raw_event_get(struct correlator *c)
{
	struct raw_event *ev = c->spare;

	if (ev) {
		c->spare = ev->newer;
		c->n_spare--;
		strbuf_reset(&ev->text);
	} else {
		ev = xcalloc(1, sizeof(*ev));
		strbuf_init(&ev->text);
	}
	ev->n_records = 0;
	ev->flags = 0;
	ev->older = ev->newer = NULL;
	ev->all_older = ev->all_newer = NULL;
	return ev;
}

static void
raw_event_put(struct correlator *c, struct raw_event *ev)
{
	/* Keep a few for reuse, but not one that grew large: memory must stay flat. */
	if (c->n_spare >= SPARE_MAX || ev->text.cap > 64 * 1024 || ev->cap_locs > 256) {
		raw_event_free(ev);
		return;
	}
	ev->newer = c->spare;
	c->spare = ev;
	c->n_spare++;
}

/* The memory an open event holds, for the bound on all of them. */
static size_t
event_bytes(const struct raw_event *ev)
{
	return sizeof(*ev) + ev->text.cap + ev->cap_locs * sizeof(*ev->locs);
}

/* Unlink @ev from the open set and queue it for correlate_next(). */
static void
release(struct correlator *c, struct raw_event *ev)
{
	struct node_clock *nc = ev->clock;
	struct event_key k = make_key(ev->node, ev->sec, ev->ms, ev->serial);

	hmap_remove(&c->open, k.bytes, sizeof(k.bytes));
	if (ev->older)
		ev->older->newer = ev->newer;
	else
		nc->oldest = ev->newer;
	if (ev->newer)
		ev->newer->older = ev->older;
	else
		nc->newest = ev->older;
	if (ev->all_older)
		ev->all_older->all_newer = ev->all_newer;
	else
		c->all_oldest = ev->all_newer;
	if (ev->all_newer)
		ev->all_newer->all_older = ev->all_older;
	else
		c->all_newest = ev->all_older;
	c->n_open--;
	c->open_bytes -= ev->bytes;
	c->stats.events++;
	ev->ready_next = NULL;
	if (c->ready_last)
		c->ready_last->ready_next = ev;
	else
		c->ready = ev;
	c->ready_last = ev;
}

struct raw_event *
correlate_next(struct correlator *c)
{
	struct raw_event *ev = c->ready;

	if (c->handed) {
		raw_event_put(c, c->handed);
		c->handed = NULL;
	}
	if (!ev)
		return NULL;
	c->ready = ev->ready_next;
	if (!c->ready)
		c->ready_last = NULL;
	c->handed = ev;
	return ev;
}

/* The clock of @node, or NULL when the log has more nodes than are kept apart. */
static struct node_clock *
clock_for(struct correlator *c, const char *node)
{
	struct hmap_entry *e;

	if (c->clocks.size >= NODES_MAX && !hmap_get(&c->clocks, &node, sizeof(node)))
		return NULL;
	e = hmap_put(&c->clocks, &node, sizeof(node));
	if (!e->value)
		e->value = xcalloc(1, sizeof(struct node_clock));
	return e->value;
}

/* Note a record at @t and return the node's clock: the median of its last record times. */
static int64_t
clock_tick(struct node_clock *nc, int64_t t)
{
	int64_t sorted[CLOCK_RING];

	nc->ring[nc->next_ring] = t;
	nc->next_ring = (nc->next_ring + 1) % CLOCK_RING;
	if (nc->n_ring < CLOCK_RING)
		nc->n_ring++;
	nc->seq++;
	/* Insertion sort of at most five values: cheaper than qsort per record. */
	for (size_t i = 0; i < nc->n_ring; i++) {
		int64_t v = nc->ring[i];
		size_t j = i;

		for (; j > 0 && sorted[j - 1] > v; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = v;
	}
	return sorted[nc->n_ring / 2];
}

/*
 * Whether the clock has moved past @ev by the timeout, in either direction (a log read out of
 * order steps back), and enough records went by since its last one.
 */
static bool
is_stale(const struct correlator *c, const struct node_clock *nc, const struct raw_event *ev,
	 int64_t now)
{
	int64_t t = event_ms(ev);

	return nc->seq - ev->last_seq > QUIET_RECORDS &&
	       (t + c->timeout_ms < now || t - c->timeout_ms > now);
}

/* A record after which its event can have no more records. */
static bool
is_last_record(int type)
{
	return type == AUDIT_PROCTITLE || type == AUDIT_EOE || record_is_user_message(type) ||
	       type == AUDIT_KERNEL;
}

/* Append @v in decimal, zero-padded to at least @width digits. */
static void
add_uint(struct strbuf *sb, unsigned long long v, int width)
{
	char buf[24];
	int n = 0;

	do {
		buf[sizeof(buf) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v || n < width);
	strbuf_add(sb, buf + sizeof(buf) - n, (size_t)n);
}

static void
append_record(struct correlator *c, struct raw_event *ev, const struct record *r, const char *file,
	      unsigned long line)
{
	const char *name = r->type >= 0 ? audit_msg_type_to_name(r->type) : NULL;
	struct record_loc *loc;

	if (ev->text.len + r->body_len + 64 > EVENT_TEXT_MAX) {
		c->stats.dropped_records++;
		diag_add(c->diag, DIAG_EVENT_TOO_LARGE, file, line,
			 "event %lld.%03u:%llu has more than %d bytes of records; record dropped",
			 (long long)r->sec, r->ms, (unsigned long long)r->serial, EVENT_TEXT_MAX);
		return;
	}
	/* The plain form auparse reads, whatever shape the line had (printf is too slow here). */
	strbuf_addstr(&ev->text, "type=");
	if (name)
		strbuf_addstr(&ev->text, name);
	else if (r->type >= 0)
		strbuf_addf(&ev->text, "UNKNOWN[%d]", r->type);
	else
		strbuf_add(&ev->text, r->type_name, r->type_name_len);
	/* Written once per stamp: an event's records, and runs of them, share one. */
	if (!c->stamp.len || c->stamp_sec != r->sec || c->stamp_ms != r->ms ||
	    c->stamp_serial != r->serial) {
		strbuf_reset(&c->stamp);
		strbuf_addstr(&c->stamp, " msg=audit(");
		/* libauparse 3.0.9 reads no field of a record stamped at second 0. */
		add_uint(&c->stamp, (unsigned long long)(r->sec < 1 ? 1 : r->sec), 1);
		strbuf_addch(&c->stamp, '.');
		add_uint(&c->stamp, r->ms, 3);
		strbuf_addch(&c->stamp, ':');
		add_uint(&c->stamp, r->serial, 1);
		strbuf_addstr(&c->stamp, "): ");
		c->stamp_sec = r->sec;
		c->stamp_ms = r->ms;
		c->stamp_serial = r->serial;
	}
	strbuf_add(&ev->text, c->stamp.buf, c->stamp.len);
	strbuf_add(&ev->text, r->body, r->body_len);
	strbuf_addch(&ev->text, '\n');
	ev->locs = xgrow(ev->locs, &ev->cap_locs, ev->n_records + 1, sizeof(*ev->locs));
	loc = &ev->locs[ev->n_records++];
	loc->file = file;
	loc->line = line;
	loc->type = r->type;
	ev->flags |= c->classify ? c->classify(r) : 0;
}

void
correlate_add(struct correlator *c, const struct record *r, const char *file, unsigned long line)
{
	const char *node = NULL;
	struct node_clock *nc;
	struct raw_event *ev;
	struct event_key k;
	struct hmap_entry *e;
	int64_t now;
	size_t before;

	/* Consecutive records nearly always come from the same node: skip two lookups. */
	if (c->last_clock && (r->node ? c->last_node && r->node_len == strlen(c->last_node) &&
						memcmp(r->node, c->last_node, r->node_len) == 0
				      : !c->last_node)) {
		node = c->last_node;
		nc = c->last_clock;
	} else {
		if (r->node && c->clocks.size >= NODES_MAX) {
			/* Look the node up without interning it: the pool must not grow. */
			node = strpool_lookup_n(c->pool, r->node, r->node_len);
			if (!node) {
				c->stats.dropped_records++;
				diag_add(c->diag, DIAG_LIMIT, file, line,
					 "more than %d nodes in the log; records of further nodes "
					 "are dropped",
					 NODES_MAX);
				return;
			}
		} else {
			node = r->node ? strpool_intern_n(c->pool, r->node, r->node_len) : NULL;
		}
		nc = clock_for(c, node);
		if (!nc) {
			c->stats.dropped_records++;
			diag_add(c->diag, DIAG_LIMIT, file, line,
				 "more than %d nodes in the log; records of further nodes are "
				 "dropped",
				 NODES_MAX);
			return;
		}
		c->last_node = node;
		c->last_clock = nc;
	}
	now = clock_tick(nc, r->sec * 1000 + r->ms);
	k = make_key(node, r->sec, r->ms, r->serial);
	e = hmap_put(&c->open, k.bytes, sizeof(k.bytes));
	ev = e->value;
	if (!ev) {
		ev = raw_event_get(c);
		ev->node = node;
		ev->sec = r->sec;
		ev->ms = r->ms;
		ev->serial = r->serial;
		ev->clock = nc;
		ev->older = nc->newest;
		if (nc->newest)
			nc->newest->newer = ev;
		else
			nc->oldest = ev;
		nc->newest = ev;
		ev->all_older = c->all_newest;
		if (c->all_newest)
			c->all_newest->all_newer = ev;
		else
			c->all_oldest = ev;
		c->all_newest = ev;
		ev->bytes = 0;
		e->value = ev;
		if (++c->n_open > c->stats.max_open)
			c->stats.max_open = c->n_open;
	}
	ev->last_seq = nc->seq;
	append_record(c, ev, r, file, line);
	before = ev->bytes;
	ev->bytes = event_bytes(ev);
	c->open_bytes += ev->bytes - before;
	if (is_last_record(r->type))
		release(c, ev);

	/* This node's clock moved on: finish its events that have waited out the timeout. */
	while (nc->oldest && is_stale(c, nc, nc->oldest, now)) {
		c->stats.timed_out++;
		release(c, nc->oldest);
	}
	/* Past the bounds, the event that arrived first goes, whatever its node. */
	while (c->all_oldest && (c->n_open > OPEN_EVENTS_MAX || c->open_bytes > OPEN_BYTES_MAX)) {
		c->stats.forced_out++;
		release(c, c->all_oldest);
	}
}

static void
collect_clock(void *value, void *data)
{
	struct node_clock ***pp = data;

	*(*pp)++ = value;
}

void
correlate_flush(struct correlator *c)
{
	size_t n = c->clocks.size;
	struct node_clock **clocks = xcalloc(n, sizeof(*clocks)), **p = clocks;

	hmap_foreach(&c->clocks, collect_clock, &p);
	for (size_t i = 0; i < n; i++)
		while (clocks[i]->oldest)
			release(c, clocks[i]->oldest);
	free(clocks);
}
