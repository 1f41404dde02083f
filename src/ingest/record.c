/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 1a: record headers.  Pure parsing of one line, fuzzed directly. */
#include <ctype.h>
#include <libaudit.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "leastpriv/ingest/record.h"
#include "leastpriv/base/util.h"

/* No real type name is longer; a longer one is garbage. */
#define TYPE_NAME_MAX 40
/*
 * 9999-12-31T23:59:59Z: later stamps are garbage, and refusing them keeps every sum of log
 * times (milliseconds, timeouts) far from overflow.
 */
#define RECORD_SEC_MAX 253402300799ULL

static bool
is_type_char(char c)
{
	return isupper((unsigned char)c) || isdigit((unsigned char)c) || c == '_' || c == '[' ||
	       c == ']';
}

/* Parse up to @max digits at @p (within @end) into *ret; returns the digit count, 0 if none. */
static size_t
parse_uint(const char *p, const char *end, size_t max, uint64_t *ret)
{
	uint64_t v = 0;
	size_t n = 0;

	while (p + n < end && n < max && isdigit((unsigned char)p[n])) {
		v = v * 10 + (uint64_t)(p[n] - '0');
		n++;
	}
	*ret = v;
	return n;
}

/*
 * Read up to @max digits at *pp, then the separator @sep (0: none), advancing *pp.
 * Returns false when either is missing.
 */
static bool
take_field(const char **pp, const char *end, size_t max, char sep, uint64_t *ret)
{
	size_t n = parse_uint(*pp, end, max, ret);

	if (n == 0)
		return false;
	*pp += n;
	if (sep) {
		if (*pp >= end || **pp != sep)
			return false;
		(*pp)++;
	}
	return true;
}

/* After the first number at a date's first separator: "/10/", "-10-" or ".10." follows. */
static bool
is_date(const char *p, const char *end)
{
	char sep = *p;
	uint64_t v;
	size_t n;

	if (sep != '/' && sep != '-' && sep != '.')
		return false;
	n = parse_uint(p + 1, end, 4, &v);
	return n > 0 && p + 1 + n < end && p[1 + n] == sep;
}

/*
 * Parse "SEC.MS:SERIAL" or "MM/DD/YYYY HH:MM:SS.MS:SERIAL" at @p up to the closing ')'.
 * Returns the position of ')' or NULL.
 */
static const char *
parse_stamp(const char *p, const char *end, struct record *r)
{
	uint64_t v, ms, serial;
	size_t n, nms;

	n = parse_uint(p, end, 19, &v);
	if (n == 0)
		return NULL;
	if (p + n < end && is_date(p + n, end)) {
		/* ausearch -i writes the date in the locale's form: 10/22/2024, 22.10.2024, ... */
		uint64_t a, b, c, hh, mi, ss, mon, day, year;
		char sep = p[n];
		struct tm tm = { 0 };
		const char *q = p;

		if (!take_field(&q, end, 4, sep, &a) || !take_field(&q, end, 4, sep, &b) ||
		    !take_field(&q, end, 4, ' ', &c) || !take_field(&q, end, 2, ':', &hh) ||
		    !take_field(&q, end, 2, ':', &mi) || !take_field(&q, end, 2, 0, &ss))
			return NULL;
		if (a > 999) { /* 2024-10-22 */
			year = a;
			mon = b;
			day = c;
		} else if (sep == '.' || a > 12) { /* 22.10.2024, 22/10/2024 */
			day = a;
			mon = b;
			year = c;
		} else { /* 10/22/2024 */
			mon = a;
			day = b;
			year = c;
		}
		if (year < 1970 || year > 9999)
			return NULL;
		if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mi > 59 || ss > 60)
			return NULL;
		tm.tm_year = (int)year - 1900;
		tm.tm_mon = (int)mon - 1;
		tm.tm_mday = (int)day;
		tm.tm_hour = (int)hh;
		tm.tm_min = (int)mi;
		tm.tm_sec = (int)ss;
		v = (uint64_t)timegm(&tm);
		p = q;
	} else {
		p += n;
	}
	if (v > RECORD_SEC_MAX)
		return NULL;
	if (p >= end || *p++ != '.')
		return NULL;
	nms = parse_uint(p, end, 3, &ms);
	if (nms == 0)
		return NULL;
	p += nms;
	while (p < end && isdigit((unsigned char)*p)) /* finer precision than ms: ignore */
		p++;
	if (p >= end || *p++ != ':')
		return NULL;
	n = parse_uint(p, end, 19, &serial);
	if (n == 0)
		return NULL;
	p += n;
	if (p >= end || *p != ')')
		return NULL;
	while (nms++ < 3) /* "1.5" means 500 ms */
		ms *= 10;
	r->sec = (int64_t)v;
	r->ms = (uint32_t)ms;
	r->serial = serial;
	return p;
}

/*
 * If a header starts at @p ("type=NAME msg=audit(" or "type=NAME audit("), fill the type and
 * return where the timestamp begins; NULL otherwise.
 */
static const char *
match_header(const char *p, const char *end, struct record *r)
{
	const char *name = p + 5, *q = name;

	while (q < end && is_type_char(*q))
		q++;
	if (q == name || q - name > TYPE_NAME_MAX)
		return NULL;
	r->type_name = name;
	r->type_name_len = (size_t)(q - name);
	if (mem_startswith(q, (size_t)(end - q), " msg=audit("))
		return q + 11;
	if (mem_startswith(q, (size_t)(end - q), " audit("))
		return q + 7;
	return NULL;
}

/* The types that make up nearly every log, checked before libaudit's linear table. */
static const struct {
	const char *name;
	int type;
} common_types[] = {
	{ "SYSCALL", AUDIT_SYSCALL },
	{ "PROCTITLE", AUDIT_PROCTITLE },
	{ "PATH", AUDIT_PATH },
	{ "CWD", AUDIT_CWD },
	{ "AVC", AUDIT_AVC },
	{ "EXECVE", AUDIT_EXECVE },
	{ "SOCKADDR", AUDIT_SOCKADDR },
	{ "USER_AVC", AUDIT_USER_AVC },
	{ "SECCOMP", AUDIT_SECCOMP },
	{ "USER_START", AUDIT_USER_START },
	{ "USER_END", AUDIT_USER_END },
	{ "USER_LOGIN", AUDIT_USER_LOGIN },
	{ "USER_ACCT", AUDIT_USER_ACCT },
	{ "CRED_ACQ", AUDIT_CRED_ACQ },
	{ "CRED_DISP", AUDIT_CRED_DISP },
	{ "CRED_REFR", AUDIT_CRED_REFR },
	{ "SERVICE_START", AUDIT_SERVICE_START },
	{ "SERVICE_STOP", AUDIT_SERVICE_STOP },
	{ "LOGIN", AUDIT_LOGIN },
	{ "BPF", AUDIT_BPF },
	{ "ANOM_ABEND", AUDIT_ANOM_ABEND },
	{ "EOE", AUDIT_EOE },
};

static int
type_from_name(const char *name, size_t len)
{
	char buf[TYPE_NAME_MAX + 1];

	for (size_t i = 0; i < ARRAY_SIZE(common_types); i++)
		if (strlen(common_types[i].name) == len &&
		    memcmp(common_types[i].name, name, len) == 0)
			return common_types[i].type;

	memcpy(buf, name, len);
	buf[len] = '\0';
	if (isdigit((unsigned char)buf[0])) {
		uint64_t v;

		if (parse_uint(buf, buf + len, 6, &v) != len)
			return -1;
		return (int)v;
	}
	return audit_name_to_msg_type(buf);
}

/* Whether "audit(" occurs in [start, end): '(' is rare in records, so look for it first. */
static bool
has_stamp(const char *start, const char *end)
{
	const char *p = start;

	while (p < end && (p = memchr(p, '(', (size_t)(end - p)))) {
		if (p - start >= 5 && memcmp(p - 5, "audit", 5) == 0)
			return true;
		p++;
	}
	return false;
}

/* Find "type=" at @from or later that begins a header; NULL when there is none. */
static const char *
find_header(const char *line, const char *end, const char *from, struct record *r,
	    const char **ret_stamp)
{
	const char *p = from;

	while (p < end) {
		const char *hit = mem_find(p, (size_t)(end - p), "type=", 5);

		if (!hit)
			return NULL;
		/* "nametype=" is a field, not a header: the name must start a word. */
		if (hit == line || !(isalnum((unsigned char)hit[-1]) || hit[-1] == '_')) {
			const char *stamp = match_header(hit, end, r);

			if (stamp) {
				*ret_stamp = stamp;
				return hit;
			}
		}
		p = hit + 5;
	}
	return NULL;
}

/* The "node=X " or "host=X " token right before @hdr, if any. */
static void
find_node(const char *line, const char *hdr, struct record *r)
{
	const char *e = hdr, *s;

	r->node = NULL;
	r->node_len = 0;
	if (e == line || e[-1] != ' ')
		return;
	e--;
	s = e;
	while (s > line && s[-1] != ' ')
		s--;
	if ((size_t)(e - s) > 5 && (memcmp(s, "node=", 5) == 0 || memcmp(s, "host=", 5) == 0)) {
		r->node = s + 5;
		r->node_len = (size_t)(e - s - 5);
	}
}

enum record_scan
record_scan(const char *line, size_t len, size_t from, struct record *ret, size_t *ret_next,
	    const char **ret_why)
{
	const char *end = line + len, *hdr, *stamp, *p, *body, *body_end, *gs, *search;
	struct record r = { 0 }, next = { 0 };
	const char *next_stamp;

	if (from >= len)
		return RECORD_END;
	hdr = find_header(line, end, line + from, &r, &stamp);
	if (!hdr)
		return RECORD_END;
	p = parse_stamp(stamp, end, &r);
	r.type = type_from_name(r.type_name, r.type_name_len);
	if (!p) {
		ret->type = r.type; /* still counted by type */
		*ret_why = "unreadable timestamp in msg=audit(...)";
		*ret_next = (size_t)(stamp - line);
		return RECORD_BAD_HEADER;
	}
	find_node(line, hdr, &r);
	p++;                         /* past ')' */
	while (p < end && *p == ' ') /* "audit(...) : " in ausearch -i output */
		p++;
	if (p < end && *p == ':')
		p++;
	while (p < end && *p == ' ')
		p++;
	body = p;
	r.sender_text = NULL;
	r.sender_text_len = 0;
	r.carries_header = false;
	search = body;
	/*
	 * A user-space message ends with msg='TEXT', and TEXT is whatever its sender wrote: the
	 * kernel only adds the closing quote.  So everything up to the line's last quote is the
	 * sender's, and a header in it is a claim, never a record of its own.
	 */
	if (record_is_user_message(r.type)) {
		const char *q = mem_find(body, (size_t)(end - body), "msg='", 5);

		if (q) {
			const char *text = q + 5;
			const char *close = memrchr(text, '\'', (size_t)(end - text));
			const char *text_end = close ? close : end;
			const char *st;

			r.sender_text = text;
			r.sender_text_len = (size_t)(text_end - text);
			r.carries_header = find_header(line, text_end, text, &next, &st) != NULL;
			search = close ? close + 1 : end;
		}
	}

	/* The body runs to the next record's header on the same line, if any. */
	body_end = end;
	if (has_stamp(search, end)) {
		const char *nh = find_header(line, end, search, &next, &next_stamp);

		if (nh) {
			find_node(line, nh, &next);
			body_end = next.node ? next.node - 5 : nh;
		}
	}
	*ret_next = (size_t)(body_end - line);
	gs = memchr(body, 0x1d, (size_t)(body_end - body));
	r.enrich = NULL;
	r.enrich_len = 0;
	if (gs) {
		r.enrich = gs + 1;
		r.enrich_len = (size_t)(body_end - gs - 1);
		body_end = gs;
	}
	while (body_end > body && (body_end[-1] == ' ' || body_end[-1] == '\r'))
		body_end--;
	r.body = body;
	r.body_len = (size_t)(body_end - body);
	*ret = r;
	return RECORD_FOUND;
}

bool
record_kernel_field(const struct record *r, const char *name, const char **ret, size_t *ret_len)
{
	size_t nl = strlen(name);
	const char *end = r->sender_text ? r->sender_text : r->body + r->body_len;

	for (const char *p = r->body; p < end; p++) {
		p = mem_find(p, (size_t)(end - p), name, nl);
		if (!p)
			return false;
		if ((p == r->body || p[-1] == ' ') && p + nl < end && p[nl] == '=') {
			const char *v = p + nl + 1, *e = v;

			while (e < end && *e != ' ')
				e++;
			*ret = v;
			*ret_len = (size_t)(e - v);
			return true;
		}
	}
	return false;
}

bool
record_is_user_message(int type)
{
	return (type >= AUDIT_FIRST_USER_MSG && type <= AUDIT_LAST_USER_MSG) ||
	       (type >= AUDIT_FIRST_USER_MSG2 && type <= AUDIT_LAST_USER_MSG2);
}

bool
record_is_separator(const char *line, size_t len)
{
	return mem_startswith(line, len, "----") || mem_startswith(line, len, "time->");
}

long long
record_body_number(const struct record *r, const char *field)
{
	size_t name_len = strlen(field);
	const char *end = r->body + r->body_len;
	const char *p = mem_find(r->body, r->body_len, field, name_len);
	long long v = 0;

	if (!p)
		return -1;
	p += name_len;
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	for (int digits = 0; p < end && *p >= '0' && *p <= '9'; digits++) {
		if (digits == 18)
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

/* The three-letter month at @p (syslog's "May"), 0-11, or -1. */
static int
month_of(const char *p, const char *end)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	if (end - p < 3)
		return -1;
	for (int i = 0; i < 12; i++)
		if (memcmp(p, months + 3 * i, 3) == 0)
			return i;
	return -1;
}

/*
 * The time of a line's prefix: syslog's "Mon DD HH:MM:SS" (local time, no year: @now's, or the
 * year before when that would be in the future) or ISO 8601 "YYYY-MM-DDTHH:MM:SS[.f][Z|+hh:mm]"
 * (journalctl -o short-iso).  0 when the line starts with neither.
 */
static int64_t
prefix_time(const char *p, const char *end, time_t now)
{
	struct tm tm = { 0 }, now_tm;
	uint64_t a, b, c, hh, mi, ss;
	int mon = month_of(p, end);
	const char *q;
	time_t t;

	if (mon >= 0 && end - p > 4 && p[3] == ' ') {
		q = p + 4;
		while (q < end && *q == ' ')
			q++;
		if (!take_field(&q, end, 2, ' ', &a) || !take_field(&q, end, 2, ':', &hh) ||
		    !take_field(&q, end, 2, ':', &mi) || !take_field(&q, end, 2, 0, &ss) || a < 1 ||
		    a > 31 || hh > 23 || mi > 59 || ss > 60)
			return 0;
		localtime_r(&now, &now_tm);
		tm.tm_year = now_tm.tm_year;
		tm.tm_mon = mon;
		tm.tm_mday = (int)a;
		tm.tm_hour = (int)hh;
		tm.tm_min = (int)mi;
		tm.tm_sec = (int)ss;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		/* the year that puts it nearest the reference (a log read after new year) */
		for (int d = -1; d <= 1; d += 2) {
			struct tm other = tm;
			time_t u;

			other.tm_year = now_tm.tm_year + d;
			other.tm_isdst = -1;
			u = mktime(&other);
			if (u > 0 && llabs((long long)(u - now)) < llabs((long long)(t - now)))
				t = u;
		}
		return t > 0 ? (int64_t)t : 0;
	}
	q = p;
	if (!take_field(&q, end, 4, '-', &a) || !take_field(&q, end, 2, '-', &b) ||
	    !take_field(&q, end, 2, 'T', &c) || !take_field(&q, end, 2, ':', &hh) ||
	    !take_field(&q, end, 2, ':', &mi) || !take_field(&q, end, 2, 0, &ss) || a < 1970 ||
	    a > 9999 || b < 1 || b > 12 || c < 1 || c > 31 || hh > 23 || mi > 59 || ss > 60)
		return 0;
	tm.tm_year = (int)a - 1900;
	tm.tm_mon = (int)b - 1;
	tm.tm_mday = (int)c;
	tm.tm_hour = (int)hh;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)ss;
	while (q < end && (*q == '.' || isdigit((unsigned char)*q)))
		q++;
	t = timegm(&tm);
	if (q < end && (*q == '+' || *q == '-')) {
		uint64_t zh, zm = 0;
		const char *z = q + 1;
		int sign = *q == '+' ? 1 : -1;

		if (parse_uint(z, end, 2, &zh) == 2) {
			z += 2;
			if (z < end && *z == ':')
				z++;
			(void)parse_uint(z, end, 2, &zm);
			t -= sign * (time_t)(zh * 3600 + zm * 60);
		}
	}
	return t > 0 ? (int64_t)t : 0;
}

/* @s (@n bytes) at @p, starting a word (the line's start, or after a space, ':' or ']'). */
static const char *
find_word(const char *line, const char *end, const char *s, size_t n)
{
	for (const char *p = line; p < end && (p = mem_find(p, (size_t)(end - p), s, n)); p++)
		if (p == line || p[-1] == ' ' || p[-1] == ':' || p[-1] == ']')
			return p;
	return NULL;
}

bool
record_scan_rendered(const char *line, size_t len, time_t now, struct record *ret)
{
	const char *end = line + len, *body = NULL, *p;
	struct record r = { 0 };

	/* journald: "audit[PID]: TYPE body" or "audit: TYPE body" */
	for (p = line; !body && p < end && (p = mem_find(p, (size_t)(end - p), "audit", 5));
	     p += 5) {
		const char *q = p + 5, *name;

		if (p > line && p[-1] != ' ')
			continue;
		if (q < end && *q == '[') {
			while (++q < end && isdigit((unsigned char)*q))
				;
			if (q >= end || *q != ']')
				continue;
			q++;
		}
		if (end - q < 2 || q[0] != ':' || q[1] != ' ')
			continue;
		name = q + 2;
		for (q = name; q < end && is_type_char(*q); q++)
			;
		if (q == name || q - name > TYPE_NAME_MAX || q >= end || *q != ' ' ||
		    !isupper((unsigned char)*name))
			continue;
		r.type = type_from_name(name, (size_t)(q - name));
		if (r.type < 0)
			continue;
		r.type_name = name;
		r.type_name_len = (size_t)(q - name);
		body = q + 1;
	}
	/* a bare SELinux or AppArmor message */
	if (!body) {
		const char *avc = find_word(line, end, "avc:  ", 6);
		const char *aa = find_word(line, end, "apparmor=\"", 10);

		if (avc && !(mem_startswith(avc + 6, (size_t)(end - avc - 6), "denied") ||
			     mem_startswith(avc + 6, (size_t)(end - avc - 6), "granted")))
			avc = NULL;
		body = avc && (!aa || avc < aa) ? avc : aa;
		if (!body)
			return false;
		r.type = AUDIT_AVC;
		r.type_name = "AVC";
		r.type_name_len = 3;
	}
	while (body < end && *body == ' ')
		body++;
	p = end;
	while (p > body && (p[-1] == ' ' || p[-1] == '\r'))
		p--;
	if (p == body)
		return false;
	r.body = body;
	r.body_len = (size_t)(p - body);
	r.sec = prefix_time(line, end, now);
	r.rendered = true;
	*ret = r;
	return true;
}
