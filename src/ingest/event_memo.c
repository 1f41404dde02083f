/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 2, the repeat path: events already parsed, found again by their text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "leastpriv/base/util.h"
#include "leastpriv/ingest/event_memo.h"

/*
 * The admission filter: the hashes of keys seen once, in sets of SEEN_WAYS slots, so that two
 * keys of one slot do not push each other out at every sighting and never get kept.
 */
#define SEEN_SLOTS 65536
#define SEEN_WAYS  4
/* A full memo drops what was not used in this many lookups. */
#define SWEEP_EVERY 65536
/* Slots a lookup tries (linear probing, at most a quarter of the slots used). */
#define MEMO_PROBES 8
#define FIRST_SLOTS 1024

struct memo_entry {
	struct event *ev; /* event_clone() */
	const char *key;  /* in this allocation, after avc_line */
	size_t key_len;
	uint64_t hash;
	size_t bytes;                      /* counted against the budget */
	size_t hits;                       /* since the last sweep */
	size_t syscall_line, seccomp_line; /* SIZE_MAX: none */
	size_t avc_line[];                 /* the record each decision came from */
};

void
event_memo_init(struct event_memo *m, size_t budget)
{
	memset(m, 0, sizeof(*m));
	m->n_slots = FIRST_SLOTS;
	m->slots = xcalloc(m->n_slots, sizeof(*m->slots));
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
	free(m->slots);
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

static uint64_t
mix_word(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 31);
}

/*
 * The memo's hash of a key: fast (four independent lanes of multiply and shift), not keyed.
 * That needs no secret: a lookup gives up after MEMO_PROBES slots, so keys made to collide
 * only miss, and a miss costs what a first sight does.
 */
static uint64_t
memo_hash(const char *p, size_t n)
{
	uint64_t lane[4] = { 1, 2, 3, 4 }, w, h = n;
	size_t i = 0;

	for (; i + 32 <= n; i += 32)
		for (size_t j = 0; j < 4; j++) {
			memcpy(&w, p + i + 8 * j, 8);
			lane[j] = mix_word(lane[j], w);
		}
	for (size_t j = 0; j < 4; j++)
		h = mix_word(h, lane[j]);
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = mix_word(h, w);
	}
	if (i < n) {
		w = 0;
		memcpy(&w, p + i, n - i);
		h = mix_word(h, w);
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 33);
}

/* Put @e in a free slot among its MEMO_PROBES; false when they are all taken. */
static bool
place(struct event_memo *m, struct memo_entry *e)
{
	for (size_t i = 0; i < MEMO_PROBES; i++) {
		struct memo_slot *s = &m->slots[(e->hash + i) & (m->n_slots - 1)];

		if (!s->entry) {
			s->hash = e->hash;
			s->entry = e;
			return true;
		}
	}
	return false;
}

/* Lay the entries out again in @n_slots slots; those that find no place are dropped. */
static void
rebuild(struct event_memo *m, size_t n_slots)
{
	size_t kept = 0;

	free(m->slots);
	m->n_slots = n_slots;
	m->slots = xcalloc(n_slots, sizeof(*m->slots));
	for (size_t i = 0; i < m->n_all; i++) {
		struct memo_entry *e = m->all[i];

		if (!place(m, e)) {
			m->bytes -= e->bytes;
			m->stats.crowded++;
			free_entry(e);
			continue;
		}
		m->all[kept++] = e;
	}
	m->n_all = kept;
}

static struct memo_entry *
lookup(const struct event_memo *m, const char *key, size_t len, uint64_t h)
{
	for (size_t i = 0; i < MEMO_PROBES; i++) {
		const struct memo_slot *s = &m->slots[(h + i) & (m->n_slots - 1)];

		if (!s->entry)
			return NULL;
		if (s->hash == h && s->entry->key_len == len &&
		    memcmp(s->entry->key, key, len) == 0)
			return s->entry;
	}
	return NULL;
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
 * the name starts a word once in the whole body (not inside "ppid=", quoted text included, so
 * that whatever field the parser takes it for, no other holds these digits), and its value is
 * a run of digits ended by a space or the record's end.  Else NULL.  The caller keeps the
 * event only where the parse took exactly this value for the field.
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
	if (!at)
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
	const char *space = memchr(line, ' ', len), *stamp, *body, *close, *cut[2];
	size_t n, digits[2] = { 0, 0 }, type_len;
	long long value[2] = { -1, -1 };
	bool syscall;

	m->pid[i] = m->ppid[i] = -1;
	/* libauparse's record text ends at the enrichment separator, a line's does not: such
	 * records (the correlator writes none) are not keyed. */
	if (memchr(line, 0x1d, len))
		return false;
	/* The stamp right after the type, as the correlator writes it: libauparse may read a
	 * stamp from elsewhere in a line of another shape. */
	stamp = space && mem_startswith(space, len - (size_t)(space - line), " msg=audit(") ? space
											    : NULL;
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
			m->bytes -= e->bytes;
			m->stats.evicted++;
			free_entry(e);
			continue;
		}
		e->hits = 0;
		m->all[kept++] = e;
	}
	m->n_all = kept;
	rebuild(m, m->n_slots);
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
	m->key_hash = memo_hash(m->key.buf, m->key.len);
	e = lookup(m, m->key.buf, m->key.len, m->key_hash);
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

/* Whether the key of hash @h was not seen before; it is noted as seen either way. */
static bool
first_sight(struct event_memo *m, uint64_t h)
{
	uint64_t *set = &m->seen[h & (SEEN_SLOTS - SEEN_WAYS)];
	size_t empty = SEEN_WAYS;

	for (size_t i = 0; i < SEEN_WAYS; i++) {
		if (set[i] == h)
			return false;
		if (!set[i] && empty == SEEN_WAYS)
			empty = i;
	}
	/* a full set: the hash's top bits choose the slot it takes */
	set[empty < SEEN_WAYS ? empty : h >> 62] = h;
	return true;
}

void
event_memo_offer(struct event_memo *m, const struct raw_event *raw, const struct event *ev,
		 bool clean)
{
	size_t syscalls = 0, seccomps = 0, size, line;
	struct memo_entry *e;
	uint64_t h;

	event_memo_withdraw(m);
	if (!m->keyed || !clean || m->bytes >= m->budget)
		return;
	h = m->key_hash;
	if (!m->keep_first_sight && first_sight(m, h)) {
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
	size = sizeof(*e) + ev->n_avcs * sizeof(e->avc_line[0]);
	e = xmalloc(size + m->key.len);
	memcpy((char *)e + size, m->key.buf, m->key.len);
	e->key = (char *)e + size;
	e->key_len = m->key.len;
	e->hash = h;
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
	e->bytes = sizeof(*e) + ev->n_avcs * sizeof(e->avc_line[0]) + m->key.len + size +
		   4 * sizeof(struct memo_slot);
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
	if (4 * (m->n_all + 1) > m->n_slots)
		rebuild(m, 2 * m->n_slots);
	if (!place(m, e)) {
		m->stats.crowded++;
		free_entry(e);
		return;
	}
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
