/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 1b: records to events, released as soon as they are finished. */
#include <libaudit.h>
#include <stdio.h>

#include "leastpriv/correlate.h"

/* Far above any real event (the kernel's records are < 9 KiB each); protects memory. */
#define EVENT_TEXT_MAX (1024 * 1024)
/* Open events at one time before the oldest of a node is forced out. */
#define OPEN_EVENTS_MAX 100000
#define SPARE_MAX       64

struct node_clock {
	int64_t newest_ms;
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
	       correlate_classify_fn classify, correlate_emit_fn emit, void *data)
{
	memset(c, 0, sizeof(*c));
	hmap_init(&c->open);
	hmap_init(&c->clocks);
	c->pool = pool;
	c->diag = diag;
	c->timeout_ms = timeout_ms;
	c->classify = classify;
	c->emit = emit;
	c->data = data;
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

/* Unlink @ev from the open set, hand it to the callback, recycle it. */
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
	c->n_open--;
	c->stats.events++;
	c->emit(ev, c->data);
	raw_event_put(c, ev);
}

static struct node_clock *
clock_for(struct correlator *c, const char *node)
{
	struct hmap_entry *e = hmap_put(&c->clocks, &node, sizeof(node));

	if (!e->value) {
		struct node_clock *nc = xcalloc(1, sizeof(*nc));

		nc->newest_ms = INT64_MIN;
		e->value = nc;
	}
	return e->value;
}

/* A record after which its event can have no more records. */
static bool
is_last_record(int type)
{
	return type == AUDIT_PROCTITLE || type == AUDIT_EOE ||
	       (type >= AUDIT_FIRST_USER_MSG && type <= AUDIT_LAST_USER_MSG) ||
	       (type >= AUDIT_FIRST_USER_MSG2 && type <= AUDIT_LAST_USER_MSG2) ||
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
	strbuf_addstr(&ev->text, " msg=audit(");
	add_uint(&ev->text, (unsigned long long)(r->sec < 0 ? 0 : r->sec), 1);
	strbuf_addch(&ev->text, '.');
	add_uint(&ev->text, r->ms, 3);
	strbuf_addch(&ev->text, ':');
	add_uint(&ev->text, r->serial, 1);
	strbuf_addstr(&ev->text, "): ");
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
	struct event_key k;
	struct hmap_entry *e;

	/* Consecutive records nearly always come from the same node: skip two lookups. */
	if (r->node && c->last_node && r->node_len == strlen(c->last_node) &&
	    memcmp(r->node, c->last_node, r->node_len) == 0) {
		node = c->last_node;
		nc = c->last_clock;
	} else {
		node = r->node ? strpool_intern_n(c->pool, r->node, r->node_len) : NULL;
		nc = node == c->last_node && c->last_clock ? c->last_clock : clock_for(c, node);
		c->last_node = node;
		c->last_clock = nc;
	}
	k = make_key(node, r->sec, r->ms, r->serial);
	e = hmap_put(&c->open, k.bytes, sizeof(k.bytes));
	struct raw_event *ev = e->value;
	int64_t t = r->sec * 1000 + r->ms;

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
		e->value = ev;
		if (++c->n_open > c->stats.max_open)
			c->stats.max_open = c->n_open;
	}
	append_record(c, ev, r, file, line);
	if (is_last_record(r->type))
		release(c, ev);

	/* This node's clock moved on: finish its events that have waited out the timeout. */
	if (t > nc->newest_ms)
		nc->newest_ms = t;
	while (nc->oldest && event_ms(nc->oldest) + c->timeout_ms < nc->newest_ms) {
		c->stats.timed_out++;
		release(c, nc->oldest);
	}
	if (c->n_open > OPEN_EVENTS_MAX && nc->oldest) {
		c->stats.forced_out++;
		release(c, nc->oldest);
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
