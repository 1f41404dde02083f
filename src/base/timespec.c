/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Time selection: ausearch's keywords and explicit dates, in local time. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leastpriv/base/timespec.h"
#include "leastpriv/base/util.h"

time_t
timespec_now(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (sde && *sde) {
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

/* Midnight of the day @days_back days before @now's day, local time. */
static time_t
midnight(time_t now, int days_back)
{
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_mday -= days_back;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static time_t
boot_time(time_t now)
{
	double up = 0;
	FILE *f = fopen("/proc/uptime", "re");

	if (f) {
		if (fscanf(f, "%lf", &up) != 1)
			up = 0;
		fclose(f);
	}
	return now - (time_t)up;
}

static int
keyword(const char *s, time_t now, time_t *ret)
{
	struct tm tm;

	localtime_r(&now, &tm);
	if (streq(s, "now"))
		*ret = now;
	else if (streq(s, "recent"))
		*ret = now - 600;
	else if (streq(s, "this-hour"))
		*ret = now - tm.tm_min * 60 - tm.tm_sec;
	else if (streq(s, "boot"))
		*ret = boot_time(now);
	else if (streq(s, "today"))
		*ret = midnight(now, 0);
	else if (streq(s, "yesterday"))
		*ret = midnight(now, 1);
	else if (streq(s, "this-week")) /* weeks start on Monday here, whatever the locale */
		*ret = midnight(now, (tm.tm_wday + 6) % 7);
	else if (streq(s, "week-ago"))
		*ret = midnight(now, 7);
	else if (streq(s, "this-month"))
		*ret = midnight(now, tm.tm_mday - 1);
	else if (streq(s, "this-year"))
		*ret = midnight(now, tm.tm_yday);
	else
		return -EINVAL;
	return 0;
}

/* Parse "HH:MM[:SS]" at @p into @tm; returns the rest, or NULL. */
static const char *
parse_clock(const char *p, struct tm *tm)
{
	int hh, mm, ss = 0, n = 0;

	if (sscanf(p, "%2d:%2d%n", &hh, &mm, &n) != 2)
		return NULL;
	p += n;
	if (*p == ':') {
		if (sscanf(p, ":%2d%n", &ss, &n) != 1)
			return NULL;
		p += n;
	}
	if (hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 || ss < 0)
		return NULL;
	tm->tm_hour = hh;
	tm->tm_min = mm;
	tm->tm_sec = ss;
	return p;
}

int
timespec_parse(const char *s, time_t now, int64_t *ret)
{
	struct tm tm;
	const char *p = s;
	int y, mo, d, n = 0;
	time_t t;

	if (keyword(s, now, &t) == 0) {
		*ret = (int64_t)t;
		return 0;
	}
	if (s[0] == '@') {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(s + 1, &end, 10);
		if (errno || end == s + 1 || *end)
			return -EINVAL;
		*ret = v;
		return 0;
	}
	localtime_r(&now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n >= 8) {
		p += n;
	} else if (sscanf(p, "%2d/%2d/%4d%n", &mo, &d, &y, &n) == 3 && n >= 8) {
		p += n;
	} else if (isdigit((unsigned char)p[0]) && (p = parse_clock(s, &tm)) && !*p) {
		/* a time alone: today at that time */
		tm.tm_isdst = -1;
		*ret = (int64_t)mktime(&tm);
		return 0;
	} else {
		return -EINVAL;
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	if (*p == ' ' || *p == 'T') {
		p = parse_clock(p + 1, &tm);
		if (!p)
			return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return -EINVAL;
	*ret = (int64_t)t;
	return 0;
}

int
timespec_parse_rfc3339(const char *s, int64_t *ret)
{
	struct tm tm = { 0 };
	const char *p;
	int64_t t;
	int off = 0;

	if (!s)
		return -EINVAL;
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p || tm.tm_year + 1900 < 1971) /* Go's zero time: never */
		return -EINVAL;
	if (*p == '.')
		while (*++p >= '0' && *p <= '9')
			;
	if (*p == '+' || *p == '-') {
		int h, m;

		if (sscanf(p + 1, "%2d:%2d", &h, &m) != 2)
			return -EINVAL;
		off = (h * 60 + m) * 60 * (*p == '-' ? -1 : 1);
	} else if (*p != 'Z') {
		return -EINVAL;
	}
	t = (int64_t)timegm(&tm);
	*ret = t - off;
	return 0;
}
