/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --since and --until: the keywords ausearch users know (now, recent, this-hour, boot, today,
 * yesterday, this-week, week-ago, this-month, this-year) and explicit dates and times, in the
 * local time zone.  "Now" is SOURCE_DATE_EPOCH when it is set, so that reports can be
 * reproduced.
 */
#ifndef LEASTPRIV_TIMESPEC_H
#define LEASTPRIV_TIMESPEC_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* The reference "now": SOURCE_DATE_EPOCH if set and valid, else the clock. */
time_t timespec_now(void);
/*
 * Parse @s relative to @now into seconds since the epoch, the same whether it starts or ends a
 * range ("today" is its midnight either way; ausearch's end "today" is now).  Accepted: the
 * keywords above; @SECONDS; YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] (or with T); MM/DD/YYYY [HH:MM[:SS]];
 * HH:MM[:SS] (today). Returns 0, or -EINVAL.  *ret is written only on success.
 */
int timespec_parse(const char *s, time_t now, int64_t *ret);
/*
 * An engine's timestamp (RFC 3339, as Go writes it: 2026-12-01T14:29:40.123456789+01:00, or
 * with Z) into seconds since the epoch, the fraction dropped.  -EINVAL for Go's zero time
 * (0001-01-01: never) and anything else.
 */
int timespec_parse_rfc3339(const char *s, int64_t *ret);

#endif
