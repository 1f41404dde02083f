/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sink for per-record problems.  Malformed input is data, not an error: the stages that read
 * the log report each problem here (file, line, what was wrong) and go on.  The sink keeps the
 * first few messages and a count per kind; the commands print them and the report shows the
 * counts, so nothing is dropped silently.
 */
#ifndef LEASTPRIV_DIAG_H
#define LEASTPRIV_DIAG_H

#include <stddef.h>

#include "leastpriv/base/util.h"

enum diag_kind {
	DIAG_NOT_A_RECORD,    /* a line with no "type=... msg=audit(...)" header */
	DIAG_BAD_HEADER,      /* a header whose type or timestamp cannot be read */
	DIAG_LINE_TOO_LONG,   /* longer than any record the kernel writes */
	DIAG_BINARY,          /* NUL bytes: not text */
	DIAG_EVENT_TOO_LARGE, /* more records under one event id than any real event has */
	DIAG_INCOMPLETE,      /* a record that lacks fields the analysis needs (truncated) */
	DIAG_BAD_CONTEXT,     /* an SELinux context that does not parse */
	DIAG_TRUNCATED,       /* a compressed input that ends early or fails its check */
	DIAG_LIMIT,           /* a bound of the README's "Limits" was reached: data not kept */
	DIAG_MAX
};

struct diag_message {
	enum diag_kind kind;
	char *file;
	unsigned long line;
	char *text;
};

#define DIAG_KEEP 10

struct diag {
	size_t count[DIAG_MAX];
	struct diag_message kept[DIAG_KEEP];
	size_t n_kept;
	char *limits[DIAG_KEEP]; /* the bounds reached so far (each counted once) */
	size_t n_limits;
	/*
	 * When set, every problem goes to @forward instead (@text is the caller's to copy): a
	 * stage on another thread hands its problems over with its records, so that they reach
	 * the real sink in the order one thread would have added them.
	 */
	void (*forward)(void *data, enum diag_kind kind, const char *file, unsigned long line,
			const char *text);
	void *forward_data;
};

void diag_init(struct diag *d);
void diag_done(struct diag *d);
/* Record one problem at @file:@line (@line 0: no line).  @file is copied. */
void diag_add(struct diag *d, enum diag_kind kind, const char *file, unsigned long line,
	      const char *fmt, ...) PRINTF_LIKE(5, 6);
/* Number of problems of every kind. */
size_t diag_total(const struct diag *d);
/* A stable, lowercase name for the kind (used in JSON). */
const char *diag_kind_name(enum diag_kind kind);

#endif
