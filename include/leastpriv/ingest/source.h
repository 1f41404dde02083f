/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1: reading the inputs.  Files (plain or gzip, told apart by their first bytes), standard
 * input, or an audit log directory (audit.log and its rotations, oldest first) are read in large
 * blocks and cut into lines; each line's records go to a callback.  Memory is one block plus the
 * longest allowed line, whatever the size of the log.  Only regular files (and standard input
 * that is not a device) are read, so that no input blocks or never ends.
 */
#ifndef LEASTPRIV_SOURCE_H
#define LEASTPRIV_SOURCE_H

#include <stddef.h>

#include "leastpriv/base/diag.h"
#include "leastpriv/ingest/record.h"
#include "leastpriv/base/strpool.h"

/* Longer than any record the kernel or auditd writes (records are < 9 KiB before enrichment). */
#define SOURCE_LINE_MAX (64 * 1024)
/* Record types counted one by one in the statistics. */
#define SOURCE_TYPE_SLOTS 3000
/* An input with no audit record in its first bytes this long is not an audit log. */
#define SOURCE_NO_RECORD_MAX (16 * 1024 * 1024)

struct source_stats {
	size_t files;
	size_t lines;
	unsigned long long bytes;
	size_t records;
	size_t blank_lines;
	size_t separator_lines; /* ausearch's "----" and "time->" lines */
	size_t skipped_lines;   /* lines with no usable record (each also reported to the diag) */
	size_t by_type[SOURCE_TYPE_SLOTS]; /* records per type number */
};

typedef void (*source_record_fn)(const struct record *r, const char *file, unsigned long line,
				 void *data);

struct source {
	struct diag *diag;    /* borrowed */
	struct strpool *pool; /* borrowed: file names are interned here */
	source_record_fn record_fn;
	void *data;
	struct source_stats stats;
};

void source_init(struct source *s, struct strpool *pool, struct diag *diag,
		 source_record_fn record_fn, void *data);
/*
 * Read every record of @path ("-": standard input).  Returns 0, or -errno when the file cannot
 * be opened or read (records read before a read error have been delivered); -EINVAL when a
 * named input is not a regular file, or standard input is a device.  A gzip stream that ends
 * early or fails its check, and an input with no record in its first SOURCE_NO_RECORD_MAX
 * bytes (then not read further), are reported to the diag; everything read is delivered.
 */
int source_read(struct source *s, const char *path);
/* A message for an error of source_read(). */
const char *source_strerror(int err);
/*
 * List the audit logs in directory @dir the way ausearch reads them: the rotations
 * @base.N ... @base.1 (gzip-compressed ones too), then @base itself, oldest first; gaps in
 * the numbering are allowed.  @base is the log's file name (usually "audit.log").  Returns the
 * number of files (> 0) and a NULL-terminated array in *ret_files (free each string and the
 * array), or -errno (-ENOENT when there is no log at all).
 */
int source_list_logs(const char *dir, const char *base, char ***ret_files);
/*
 * The log file auditd writes, from log_file in @conf_path (usually /etc/audit/auditd.conf),
 * or /var/log/audit/audit.log when the file or the key is missing.  Free the result.
 */
char *source_default_log(const char *conf_path);

#endif
