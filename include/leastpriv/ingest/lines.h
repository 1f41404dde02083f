/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1a: an input's text to records.  The caller pushes the text in blocks of any size and
 * takes the records with lines_next(), one at a time, in order.  Each line is checked first (too
 * long, NUL bytes, blank, ausearch's separators); every line that holds no record is counted and
 * reported to the diag with its file and line.  Only a line cut by the end of a block is copied,
 * so memory is the longest allowed line, whatever the length of the input.
 */
#ifndef LEASTPRIV_LINES_H
#define LEASTPRIV_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/base/diag.h"
#include "leastpriv/ingest/record.h"

/* Longer than any record the kernel or auditd writes (records are < 9 KiB before enrichment). */
#define LINES_LINE_MAX (64 * 1024)
/* Record types counted one by one in the statistics. */
#define LINES_TYPE_SLOTS 3000

/* Records of prefixed lines remembered to find a journal's second copy of one. */
#define LINES_RECENT 32

struct line_stats {
	size_t files;
	size_t lines;
	unsigned long long bytes;
	size_t records;
	size_t blank_lines;
	size_t separator_lines;   /* ausearch's "----" and "time->" lines */
	size_t skipped_lines;     /* lines with no usable record (each also reported to the diag) */
	size_t rendered_records;  /* records read from renderings without their header */
	size_t duplicate_records; /* the same record seen twice (a journal's two copies): skipped */
	size_t by_type[LINES_TYPE_SLOTS]; /* records per type number */
};

struct lines {
	struct diag *diag; /* borrowed */
	const char *file;  /* borrowed: the input being read */
	unsigned long lineno;
	const char *block; /* borrowed: what lines_push() gave, and how far it is cut */
	size_t block_len, block_pos;
	char *carry; /* the start of a line that goes on in the next block */
	size_t carry_len;
	bool skipping;    /* inside a line too long: the rest of it is dropped */
	bool ended;       /* the input ended: what is carried is its last line */
	const char *line; /* the line being scanned for records */
	size_t line_len, scan_from, found;
	bool in_line;
	struct line_stats stats;
	time_t now;           /* the year of syslog prefixes, which give none */
	int64_t last_sec;     /* the last record's time: a bare message's, which has none */
	int64_t last_stamped; /* the last stamped record's: the year of a syslog prefix */
	/* The records of recent prefixed lines, to drop a journal's second copy of one. */
	struct {
		uint64_t hash;
		int64_t sec;
		bool rendered;
	} recent[LINES_RECENT];
	size_t n_recent;
};

void lines_init(struct lines *l, struct diag *diag);
void lines_done(struct lines *l);
/* A new input named @file (borrowed until the next lines_begin() or lines_done()). */
void lines_begin(struct lines *l, const char *file);
/* The next @len bytes of the input.  @buf is borrowed until lines_next() returns false. */
void lines_push(struct lines *l, const char *buf, size_t len);
/* The input ended: a last line without a newline still counts. */
void lines_end(struct lines *l);
/*
 * The next record of what was pushed, with its line number; false when the text pushed so far
 * is used up.  The record points into memory valid until the next call.
 */
bool lines_next(struct lines *l, struct record *ret, unsigned long *ret_line);

#endif
