/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming JSON writer for the reports: values are written as they come, so a report of any
 * size needs no document in memory (json-c builds one, and cannot print one over 2 GiB).  The
 * layout is json-c's pretty, spaced form, so that the documents read as before.
 *
 * Escaping is the writer's, not the caller's: every string is written either as text (through
 * escape_display(), so it holds no control character, bidirectional override or invalid UTF-8
 * even after `jq -r`) or as a shell command (printable ASCII as it is, anything else as \xNN:
 * commands are built shell-quoted, so this changes nothing but keeps a bug from reaching a
 * terminal).  There is no call that writes a string unescaped.
 */
#ifndef LEASTPRIV_JSONW_H
#define LEASTPRIV_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "leastpriv/base/strbuf.h"

#define JSONW_DEPTH_MAX 32

struct jsonw {
	FILE *out;
	int depth;
	bool started[JSONW_DEPTH_MAX]; /* whether the container at that depth has a member */
	struct strbuf tmp;
};

void jw_init(struct jsonw *w, FILE *out);
/* End the document (a newline) and flush.  Returns 0, or -EIO when the stream failed. */
int jw_finish(struct jsonw *w);

/*
 * Each call writes one member: @key names it inside an object, and is NULL inside an array or
 * for the document itself.
 */
void jw_object_begin(struct jsonw *w, const char *key);
void jw_object_end(struct jsonw *w);
void jw_array_begin(struct jsonw *w, const char *key);
void jw_array_end(struct jsonw *w);
/* A string for people (log strings included); NULL writes null. */
void jw_text(struct jsonw *w, const char *key, const char *s);
/* A shell command line; NULL writes null. */
void jw_command(struct jsonw *w, const char *key, const char *s);
void jw_uint(struct jsonw *w, const char *key, uint64_t v);
void jw_int(struct jsonw *w, const char *key, int64_t v);
void jw_bool(struct jsonw *w, const char *key, bool v);
void jw_null(struct jsonw *w, const char *key);

#endif
