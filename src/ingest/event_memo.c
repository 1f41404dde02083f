/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 2, the repeat path: events already parsed, found again by their text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "leastpriv/base/util.h"
#include "leastpriv/ingest/event_memo.h"

/* The admission filter: one hash per slot, a key seen once lands here. */
#define SEEN_SLOTS 65536
/* A full memo drops what was not used in this many lookups. */
#define SWEEP_EVERY 65536

struct memo_entry {
	struct event *ev; /* event_clone() */
	struct hmap_entry *slot;
	size_t bytes;                      /* counted against the budget */
	size_t hits;                       /* since the last sweep */
	size_t syscall_line, seccomp_line; /* SIZE_MAX: none */
	size_t avc_line[];                 /* the record each decision came from */
};

void
event_memo_init(struct event_memo *m, size_t budget)
{
	memset(m, 0, sizeof(*m));
	hmap_init(&m->entries);
	m->budget = budget;
	m->seen = xcalloc(SEEN_SLOTS, sizeof(*m->seen));
	strbuf_init(&m->key);
	arena_init(&m->texts);
}

static void
free_entry(struct memo_entry *e)
{
	if (!e)
		return;
	free(e->ev);
	free(e);
}

void
event_memo_done(struct event_memo *m)
{
	for (size_t i = 0; i < m->n_all; i++)
		free_entry(m->all[i]);
	free_entry(m->pending);
	hmap_done(&m->entries, NULL);
	free(m->all);
	free(m->seen);
	free(m->line_start);
	free(m->line_len);
	free(m->pid);
	free(m->ppid);
	strbuf_done(&m->key);
	arena_done(&m->texts);
	memset(m, 0, sizeof(*m));
}

/* One piece of the key: a tag, a length, the bytes.  Nothing in a record can fake a tag. */
static void
key_piece(struct strbuf *k, char tag, const char *s, size_t n)
{
	uint32_t len = (uint32_t)n;
	char *to;

	if (k->cap - k->len <= 1 + sizeof(len) + n)
		strbuf_grow(k, 1 + sizeof(len) + n);
	to = k->buf + k->len;
	to[0] = tag;
	memcpy(to + 1, &len, sizeof(len));
	memcpy(to + 1 + sizeof(len), s, n);
	k->len += 1 + sizeof(len) + n;
	k->buf[k->len] = '\0';
}

static bool
name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/*
 * Where the value of field @name ("pid=") starts in @body, when it can be cut out of the key:
 * the name occurs once as a field name (not inside "ppid="), before any quote (so that no
 * quoted value can hold it), and its value is a run of digits ended by a space or the record's
 * end.  Else NULL.
 */
static const char *
cuttable_value(const char *body, size_t n, const char *name, size_t name_len, size_t *ret_digits,
	       long long *ret_value)
{
	const char *at = NULL, *end = body + n, *p = body, *v;
	size_t digits = 0;
	long long value = 0;

	while (p < end && (p = mem_find(p, (size_t)(end - p), name, name_len))) {
		if (p == body || !name_char(p[-1])) {
			if (at)
				return NULL; /* twice: which one the parser takes is its business */
			at = p;
		}
		p += name_len;
	}
	if (!at || memchr(body, '"', (size_t)(at - body)) ||
	    memchr(body, '\'', (size_t)(at - body)))
		return NULL;
	v = at + name_len;
	while (v + digits < end && isdigit((unsigned char)v[digits]) && digits < 18)
		value = value * 10 + (v[digits++] - '0');
	if (digits == 0 || (v + digits < end && v[digits] != ' '))
		return NULL;
	*ret_digits = digits;
	*ret_value = value;
	return v;
}

/* A run of 1 to @max digits at *p, which it passes; false when there is none or it is longer. */
static bool
digits(const char **p, const char *end, size_t max)
{
	size_t n = 0;

	while (*p + n < end && isdigit((unsigned char)(*p)[n]))
		n++;
	*p += n;
	return n >= 1 && n <= max;
}

/*
 * The stamp between "msg=audit(" and "): " is SECONDS.MILLIS:SERIAL as the correlator writes
 * it, in numbers libauparse reads alike.  It does not: libauparse 3.0.9 gives no fields for a
 * record stamped at second 0 and no event for a serial past 2^64, so a stamp left out of the
 * key must not be one of those, or a forged record at second 0 would hide every later copy of
 * a real denial.  Seconds 1 to 18 digits, not all zeros; 3 digits of milliseconds; a serial
 * of at most 18 digits.
 */
static bool
plain_stamp(const char *p, const char *end)
{
	const char *sec = p;
	bool zero;

	if (!digits(&p, end, 18))
		return false;
	zero = strspn(sec, "0") >= (size_t)(p - sec);
	return !zero && p < end && *p++ == '.' && digits(&p, end, 3) && p < end && *p++ == ':' &&
	       digits(&p, end, 18) && p == end;
}

static bool
type_is(const char *type, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(type, want, len) == 0;
}

/*
 * The key of one record: its type, then its body with the pid values cut out.  The stamp
 * (" msg=audit(...): ", as the correlator writes it) is left out; false when it differs from
 * @stamp0's, the first record's (*@stamp0 NULL: this is the first): libauparse splits events
 * where stamps change, so an event whose records disagree is not keyed.
 */
static bool
key_record(struct event_memo *m, size_t i, const char *line, size_t len, const char **stamp0,
	   size_t *stamp0_len)
{
	const char *stamp = mem_find(line, len, " msg=audit(", 11), *body, *close, *cut[2];
	size_t n, digits[2] = { 0, 0 }, type_len;
	long long value[2] = { -1, -1 };
	bool syscall;

	m->pid[i] = m->ppid[i] = -1;
	/* libauparse's record text ends at the enrichment separator, a line's does not: such
	 * records (the correlator writes none) are not keyed. */
	if (memchr(line, 0x1d, len))
		return false;
	close = stamp ? mem_find(stamp, len - (size_t)(stamp - line), "): ", 3) : NULL;
	/* Every record stamped as the correlator writes them, or libauparse may group them
	 * otherwise than the key says. */
	if (!close)
		return false;
	if (!plain_stamp(stamp + 11, close))
		return false;
	if (!*stamp0) {
		*stamp0 = stamp;
		*stamp0_len = (size_t)(close - stamp);
	} else if ((size_t)(close - stamp) != *stamp0_len || memcmp(stamp, *stamp0, *stamp0_len)) {
		return false;
	}
	type_len = (size_t)(stamp - line);
	key_piece(&m->key, 'T', line, type_len);
	body = close + 3;
	n = len - (size_t)(body - line);
	syscall = type_is(line, type_len, "type=SYSCALL");
	cut[0] = syscall || type_is(line, type_len, "type=AVC") ||
				 type_is(line, type_len, "type=USER_AVC") ||
				 type_is(line, type_len, "type=SECCOMP")
			 ? cuttable_value(body, n, "pid=", 4, &digits[0], &value[0])
			 : NULL;
	cut[1] = syscall ? cuttable_value(body, n, "ppid=", 5, &digits[1], &value[1]) : NULL;
	/* Cut in the order they appear: ppid= comes first in the kernel's SYSCALL. */
	for (int pass = 0; pass < 2; pass++) {
		int j = cut[0] && cut[1] ? (cut[1] < cut[0]) ^ pass : pass;

		if (!cut[j])
			continue;
		key_piece(&m->key, 'B', body, (size_t)(cut[j] - body));
		key_piece(&m->key, j ? 'Q' : 'P', "", 0);
		n -= (size_t)(cut[j] + digits[j] - body);
		body = cut[j] + digits[j];
		if (j)
			m->ppid[i] = value[j];
		else
			m->pid[i] = value[j];
	}
	key_piece(&m->key, 'B', body, n);
	return true;
}

/* The key of @raw in m->key, and where its records are; false when it has none. */
static bool
key_event(struct event_memo *m, const struct raw_event *raw)
{
	const char *p = raw->text.buf, *end = p + raw->text.len, *stamp0 = NULL;
	size_t stamp0_len = 0;

	strbuf_reset(&m->key);
	if (raw->n_records > m->cap_lines) {
		m->cap_lines = raw->n_records;
		m->line_start = xrealloc(m->line_start, m->cap_lines * sizeof(*m->line_start));
		m->line_len = xrealloc(m->line_len, m->cap_lines * sizeof(*m->line_len));
		m->pid = xrealloc(m->pid, m->cap_lines * sizeof(*m->pid));
		m->ppid = xrealloc(m->ppid, m->cap_lines * sizeof(*m->ppid));
	}
	for (size_t i = 0; i < raw->n_records; i++) {
		const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		m->line_start[i] = (size_t)(p - raw->text.buf);
		m->line_len[i] = len;
		if (!key_record(m, i, p, len, &stamp0, &stamp0_len))
			return false;
		p += len + (nl != NULL);
	}
	return true;
}

static const char *
record_text(struct event_memo *m, const struct raw_event *raw, size_t i)
{
	return arena_strndup(&m->texts, raw->text.buf + m->line_start[i], m->line_len[i]);
}

/* Give the memo's copy @raw's own node, stamp, texts, places and pids. */
static const struct event *
thaw(struct event_memo *m, struct memo_entry *e, const struct raw_event *raw)
{
	struct event *ev = e->ev;

	arena_reset(&m->texts);
	ev->node = raw->node;
	ev->sec = raw->sec;
	ev->ms = raw->ms;
	ev->serial = raw->serial;
	for (size_t i = 0; i < ev->n_avcs; i++) {
		size_t line = e->avc_line[i];

		ev->avcs[i].text = record_text(m, raw, line);
		ev->avcs[i].loc = &raw->locs[line];
		if (m->pid[line] >= 0)
			ev->avcs[i].pid = m->pid[line];
	}
	if (e->syscall_line != SIZE_MAX) {
		size_t line = e->syscall_line;

		ev->syscall_text = record_text(m, raw, line);
		ev->syscall_loc = &raw->locs[line];
		if (m->pid[line] >= 0)
			ev->pid = m->pid[line];
		if (m->ppid[line] >= 0)
			ev->ppid = m->ppid[line];
	}
	if (e->seccomp_line != SIZE_MAX) {
		size_t line = e->seccomp_line;

		ev->seccomp.text = record_text(m, raw, line);
		ev->seccomp.loc = &raw->locs[line];
		if (m->pid[line] >= 0)
			ev->seccomp.pid = m->pid[line];
	}
	return ev;
}

/* Drop the entries no lookup used since the last sweep; the others start over. */
static void
sweep(struct event_memo *m)
{
	size_t kept = 0;

	for (size_t i = 0; i < m->n_all; i++) {
		struct memo_entry *e = m->all[i];

		if (e->hits == 0) {
			hmap_remove(&m->entries, e->slot->key, e->slot->key_len);
			m->bytes -= e->bytes;
			m->stats.evicted++;
			free_entry(e);
			continue;
		}
		e->hits = 0;
		m->all[kept++] = e;
	}
	m->n_all = kept;
}

const struct event *
event_memo_find(struct event_memo *m, const struct raw_event *raw)
{
	struct memo_entry *e;

	event_memo_withdraw(m);
	m->keyed = false;
	if (m->budget == 0 || raw->n_records == 0)
		return NULL;
	if (++m->lookups >= SWEEP_EVERY) {
		m->lookups = 0;
		if (m->bytes + m->budget / 16 > m->budget)
			sweep(m);
	}
	if (!key_event(m, raw))
		return NULL;
	e = hmap_get(&m->entries, m->key.buf, m->key.len);
	if (e) {
		e->hits++;
		m->stats.hits++;
		return thaw(m, e, raw);
	}
	m->stats.misses++;
	m->keyed = true;
	return NULL;
}

/* The record @loc points at, when it is one of @raw's. */
static bool
line_of(const struct raw_event *raw, const struct record_loc *loc, size_t *ret)
{
	if (!loc || loc < raw->locs || loc >= raw->locs + raw->n_records)
		return false;
	*ret = (size_t)(loc - raw->locs);
	return true;
}

/* A value the parse took equals the one cut out of record @line's key (if one was). */
static bool
same_cut(const long long *cut, size_t line, long long parsed)
{
	return cut[line] < 0 || cut[line] == parsed;
}

void
event_memo_offer(struct event_memo *m, const struct raw_event *raw, const struct event *ev,
		 bool clean)
{
	size_t syscalls = 0, seccomps = 0, size, line;
	struct memo_entry *e;
	uint64_t h, *seen;

	event_memo_withdraw(m);
	if (!m->keyed || !clean || m->bytes >= m->budget)
		return;
	h = hmap_hash(m->key.buf, m->key.len);
	seen = &m->seen[h & (SEEN_SLOTS - 1)];
	if (*seen != h && !m->keep_first_sight) {
		*seen = h;
		return;
	}
	for (size_t i = 0; i < raw->n_records; i++) {
		const char *t = raw->text.buf + m->line_start[i];
		size_t n = m->line_len[i];

		syscalls += n >= 13 && memcmp(t, "type=SYSCALL ", 13) == 0;
		seccomps += n >= 13 && memcmp(t, "type=SECCOMP ", 13) == 0;
	}
	if (syscalls > 1 || seccomps > 1)
		return;
	e = xmalloc(sizeof(*e) + ev->n_avcs * sizeof(e->avc_line[0]));
	e->syscall_line = e->seccomp_line = SIZE_MAX;
	e->hits = 0;
	e->ev = NULL;
	for (size_t i = 0; i < ev->n_avcs; i++) {
		const struct avc *a = &ev->avcs[i];

		if (!line_of(raw, a->loc, &line) || !same_cut(m->pid, line, a->pid))
			goto refuse;
		e->avc_line[i] = line;
	}
	if (ev->has_syscall) {
		if (!line_of(raw, ev->syscall_loc, &line) || !same_cut(m->pid, line, ev->pid) ||
		    !same_cut(m->ppid, line, ev->ppid))
			goto refuse;
		e->syscall_line = line;
	}
	if (ev->seccomp.present) {
		if (!line_of(raw, ev->seccomp.loc, &line) ||
		    !same_cut(m->pid, line, ev->seccomp.pid))
			goto refuse;
		e->seccomp_line = line;
	}
	e->ev = event_clone(ev, &size);
	e->bytes = sizeof(*e) + ev->n_avcs * sizeof(e->avc_line[0]) + size +
		   sizeof(struct hmap_entry) + m->key.len + 1;
	m->pending = e;
	return;
refuse:
	free_entry(e);
}

void
event_memo_withdraw(struct event_memo *m)
{
	free_entry(m->pending);
	m->pending = NULL;
}

void
event_memo_keep(struct event_memo *m)
{
	struct memo_entry *e = m->pending;

	if (!e)
		return;
	m->pending = NULL;
	m->keyed = false;
	e->slot = hmap_put(&m->entries, m->key.buf, m->key.len);
	if (e->slot->value) { /* cannot happen: it was a miss */
		free_entry(e);
		return;
	}
	e->slot->value = e;
	m->all = xgrow(m->all, &m->cap_all, m->n_all + 1, sizeof(*m->all));
	m->all[m->n_all++] = e;
	m->bytes += e->bytes;
	m->stats.kept++;
}

void
event_memo_parse(struct event_memo *m, struct event_parser *p, const struct raw_event *raw,
		 void (*fn)(const struct event *ev, void *data), void *data)
{
	const struct event *ev = event_memo_find(m, raw);
	size_t problems;

	if (ev) {
		fn(ev, data);
		return;
	}
	problems = diag_total(p->diag);
	event_parse_begin(p, raw);
	ev = event_parse_next(p);
	if (!ev)
		return;
	event_memo_offer(m, raw, ev, diag_total(p->diag) == problems);
	fn(ev, data);
	while ((ev = event_parse_next(p))) {
		event_memo_withdraw(m);
		fn(ev, data);
	}
	event_memo_keep(m);
}
