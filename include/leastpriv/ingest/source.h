/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1: the inputs.  Which files an audit log directory stands for (audit.log and its
 * rotations, oldest first), where auditd writes its log, and the text of one input (a file,
 * plain or gzip, or standard input) in blocks the caller sizes.  Only regular files (and
 * standard input that is not a device) are read, so that no input blocks or never ends.
 */
#ifndef LEASTPRIV_SOURCE_H
#define LEASTPRIV_SOURCE_H

#include <stddef.h>

#include <sys/types.h>

/* An open input, plain or gzip. */
struct source_input;

/*
 * Open @path ("-": standard input) into *ret.  A named input must be a regular file (a FIFO or a
 * device would block or never end: -EINVAL); standard input may be a pipe, not a device.
 * gzip is told by the first bytes, not by the name.  Returns 0 or -errno.
 */
int source_open(const char *path, struct source_input **ret);
/*
 * Up to @n bytes of the input's text (decompressed) into @buf: > 0, 0 at its end, or -errno
 * (the bytes before a read error have been returned).
 */
ssize_t source_read_block(struct source_input *in, char *buf, size_t n);
/*
 * After the end: why a gzip stream stopped before its proper end (truncated, corrupt, followed
 * by other data), or NULL when it did not.  Everything before the damage was returned.
 */
const char *source_damage(const struct source_input *in);
void source_close(struct source_input *in);
/* A message for an error of source_open() or source_read_block(). */
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
