/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Event times for people (local time, as TZ says) and for machines (UTC, RFC 3339). */
#ifndef LEASTPRIV_TIMEFMT_H
#define LEASTPRIV_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#define TIMEFMT_MAX 40
/*
 * The time given to a record whose line had none (a bare message with no record before it):
 * one second after the epoch, which no audit log holds, so that it is said as unknown.
 */
#define TIMEFMT_UNKNOWN_SEC 1

/* "2025-11-20 10:12:01 UTC" in the local time zone; "time unknown" for TIMEFMT_UNKNOWN_SEC. */
void timefmt_local(char *buf, size_t size, int64_t sec);
/* "2025-11-20T10:12:01.114Z". */
void timefmt_rfc3339(char *buf, size_t size, int64_t sec, uint32_t ms);

#endif
