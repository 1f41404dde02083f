/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Time formatting for the renderers. */
#include <stdio.h>
#include <time.h>

#include "leastpriv/base/timefmt.h"

void
timefmt_local(char *buf, size_t size, int64_t sec)
{
	time_t t = (time_t)sec;
	struct tm tm;

	if (sec == TIMEFMT_UNKNOWN_SEC) {
		snprintf(buf, size, "time unknown");
		return;
	}
	if (!localtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M:%S %Z", &tm) == 0)
		snprintf(buf, size, "@%lld", (long long)sec);
}

void
timefmt_rfc3339(char *buf, size_t size, int64_t sec, uint32_t ms)
{
	time_t t = (time_t)sec;
	char tmp[TIMEFMT_MAX];
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(tmp, sizeof(tmp), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(buf, size, "@%lld", (long long)sec);
	else
		snprintf(buf, size, "%s.%03uZ", tmp, ms % 1000);
}
