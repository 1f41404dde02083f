/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 1a: blocks of text to lines to records, copying only the lines that blocks cut. */
#include <ctype.h>
#include <string.h>

#include "leastpriv/ingest/lines.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/base/timespec.h"
#include "leastpriv/base/util.h"

/* A carried line holds up to the limit and the \r before its newline. */
#define CARRY_SIZE (LINES_LINE_MAX + 1)

void
lines_init(struct lines *l, struct diag *diag)
{
	memset(l, 0, sizeof(*l));
	l->diag = diag;
	l->carry = xmalloc(CARRY_SIZE);
	l->now = timespec_now();
}

void
lines_done(struct lines *l)
{
	free(l->carry);
	l->carry = NULL;
}

void
lines_begin(struct lines *l, const char *file)
{
	l->file = file;
	l->lineno = 0;
	l->block = NULL;
	l->block_len = l->block_pos = l->carry_len = 0;
	l->skipping = l->ended = l->in_line = false;
	l->stats.files++;
}

void
lines_push(struct lines *l, const char *buf, size_t len)
{
	l->block = buf;
	l->block_len = len;
	l->block_pos = 0;
	l->stats.bytes += len;
}

void
lines_end(struct lines *l)
{
	l->ended = true;
}

static bool
is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)p[i]))
			return false;
	return true;
}

static void
too_long(struct lines *l, unsigned long lineno)
{
	l->stats.lines++;
	l->stats.skipped_lines++;
	diag_add(l->diag, DIAG_LINE_TOO_LONG, l->file, lineno, "line longer than %d bytes; skipped",
		 LINES_LINE_MAX);
}

/* Check a whole line; true when it is to be scanned for records. */
static bool
start_line(struct lines *l, const char *line, size_t len)
{
	if (len && line[len - 1] == '\r')
		len--;
	if (len > LINES_LINE_MAX) {
		too_long(l, l->lineno);
		return false;
	}
	l->stats.lines++;
	if (memchr(line, '\0', len)) {
		l->stats.skipped_lines++;
		diag_add(l->diag, DIAG_BINARY, l->file, l->lineno,
			 "binary data (NUL bytes); line skipped");
		return false;
	}
	if (is_blank(line, len)) {
		l->stats.blank_lines++;
		return false;
	}
	if (record_is_separator(line, len)) {
		l->stats.separator_lines++;
		return false;
	}
	l->line = line;
	l->line_len = len;
	l->scan_from = 0;
	l->found = 0;
	l->in_line = true;
	return true;
}

/* Cut the next whole line and start it; false when the text pushed is used up. */
static bool
next_line(struct lines *l)
{
	while (l->block_pos < l->block_len) {
		const char *start = l->block + l->block_pos;
		size_t left = l->block_len - l->block_pos;
		const char *nl = memchr(start, '\n', left);
		size_t n = nl ? (size_t)(nl - start) : left;

		l->block_pos += nl ? n + 1 : n;
		if (!nl) {
			/* The line goes on in the next block: keep its start. */
			if (l->skipping)
				continue;
			if (l->carry_len + n > CARRY_SIZE) {
				too_long(l, l->lineno + 1);
				l->skipping = true;
				l->carry_len = 0;
				continue;
			}
			memcpy(l->carry + l->carry_len, start, n);
			l->carry_len += n;
			continue;
		}
		l->lineno++;
		if (l->skipping) {
			l->skipping = false;
			continue;
		}
		if (l->carry_len) {
			size_t whole = l->carry_len + n;

			l->carry_len = 0;
			if (whole > CARRY_SIZE) {
				too_long(l, l->lineno);
				continue;
			}
			memcpy(l->carry + whole - n, start, n);
			if (start_line(l, l->carry, whole))
				return true;
			continue;
		}
		if (start_line(l, start, n))
			return true;
	}
	if (l->ended && !l->skipping && l->carry_len) {
		size_t whole = l->carry_len;

		l->carry_len = 0;
		l->lineno++;
		return start_line(l, l->carry, whole);
	}
	return false;
}

/*
 * Whether @r, of a line with a prefix (a journal's), is the other copy of a record just read:
 * journald writes each kernel record once as the kernel's printk line (`audit: type=1400
 * audit(...)`) and once rendered (`audit[PID]: AVC ...`), with the same body.
 */
static bool
seen_other_copy(struct lines *l, const struct record *r)
{
	uint64_t h = 1469598103934665603ULL;
	size_t slot;

	for (size_t i = 0; i < r->body_len; i++)
		h = (h ^ (unsigned char)r->body[i]) * 1099511628211ULL;
	for (size_t i = 0; i < l->n_recent && i < LINES_RECENT; i++)
		/* no time test: a syslog prefix has no year, and the ring holds seconds of log */
		if (l->recent[i].hash == h && l->recent[i].rendered != r->rendered) {
			l->recent[i].hash = 0; /* a record has one other copy, not more */
			return true;
		}
	slot = l->n_recent++ % LINES_RECENT;
	l->recent[slot].hash = h;
	l->recent[slot].sec = r->sec;
	l->recent[slot].rendered = r->rendered;
	return false;
}

/* Whether the line starts as auditd writes its log (no prefix: nothing to deduplicate). */
static bool
is_plain_log_line(const char *line, size_t len)
{
	return mem_startswith(line, len, "type=") || mem_startswith(line, len, "node=");
}

bool
lines_next(struct lines *l, struct record *ret, unsigned long *ret_line)
{
	for (;;) {
		enum record_scan rs;
		const char *why;

		if (!l->in_line && !next_line(l))
			return false;
		rs = record_scan(l->line, l->line_len, l->scan_from, ret, &l->scan_from, &why);
		if (rs == RECORD_END && l->found == 0 &&
		    record_scan_rendered(l->line, l->line_len,
					 l->last_stamped ? (time_t)l->last_stamped : l->now, ret)) {
			l->in_line = false;
			l->found++;
			if (seen_other_copy(l, ret)) {
				l->stats.duplicate_records++;
				continue;
			}
			/* its line: unique in the input, and what the example record shows */
			ret->serial = l->lineno;
			/* no time of its own: the record before it's (auparse reads no 0) */
			if (!ret->sec)
				ret->sec = l->last_sec ? l->last_sec : TIMEFMT_UNKNOWN_SEC;
			l->stats.rendered_records++;
			rs = RECORD_FOUND;
		} else if (rs == RECORD_END) {
			l->in_line = false;
			if (l->found == 0) {
				l->stats.skipped_lines++;
				diag_add(l->diag, DIAG_NOT_A_RECORD, l->file, l->lineno,
					 "not an audit record (no \"type=... msg=audit(...)\" "
					 "header, nor a journal's rendering of one); line skipped");
			}
			continue;
		} else if (rs == RECORD_FOUND && !is_plain_log_line(l->line, l->line_len) &&
			   seen_other_copy(l, ret)) {
			l->found++;
			l->stats.duplicate_records++;
			continue;
		}
		l->found++;
		if (ret->type >= 0 && ret->type < LINES_TYPE_SLOTS)
			l->stats.by_type[ret->type]++;
		if (rs == RECORD_BAD_HEADER) {
			diag_add(l->diag, DIAG_BAD_HEADER, l->file, l->lineno, "%s; record skipped",
				 why);
			continue;
		}
		l->stats.records++;
		l->last_sec = ret->sec;
		if (!ret->rendered)
			l->last_stamped = ret->sec;
		*ret_line = l->lineno;
		return true;
	}
}
