/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Streaming JSON in json-c's pretty layout; every string escaped by the writer itself. */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>

#include "leastpriv/base/escape.h"
#include "leastpriv/base/jsonw.h"

void
jw_init(struct jsonw *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	strbuf_init(&w->tmp);
}

int
jw_finish(struct jsonw *w)
{
	fputc('\n', w->out);
	strbuf_done(&w->tmp);
	return fflush(w->out) != 0 || ferror(w->out) ? -EIO : 0;
}

/* Two spaces a level: JSONW_DEPTH_MAX levels fit in one write. */
static void
indent(FILE *out, int depth)
{
	static char spaces[2 * JSONW_DEPTH_MAX];

	if (spaces[0] != ' ')
		memset(spaces, ' ', sizeof(spaces));
	fwrite(spaces, 1, (size_t)(2 * depth), out);
}

/* JSON string syntax for text that escape_display() or escape_command() already made safe. */
static void
put_string(FILE *out, const char *s, size_t len)
{
	size_t plain = 0; /* the start of the run of characters written as they are */

	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c != '"' && c != '\\' && c >= 0x20 && c != 0x7f)
			continue;
		fwrite(s + plain, 1, i - plain, out);
		plain = i + 1;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else /* not left by the escapers; kept valid anyway */
			fprintf(out, "\\u%04x", c);
	}
	fwrite(s + plain, 1, len - plain, out);
	fputc('"', out);
}

/* Start a member: the separator, the indent, and the key inside an object. */
static void
member(struct jsonw *w, const char *key)
{
	if (w->depth > 0) {
		fputs(w->started[w->depth] ? ",\n" : "\n", w->out);
		w->started[w->depth] = true;
		indent(w->out, w->depth);
	}
	if (key) {
		put_string(w->out, key, strlen(key));
		fputs(": ", w->out);
	}
}

static void
open_container(struct jsonw *w, const char *key, char c)
{
	member(w, key);
	fputc(c, w->out);
	/* The reports nest a few levels; deeper is a bug in a renderer. */
	assert(w->depth + 1 < JSONW_DEPTH_MAX);
	w->depth++;
	w->started[w->depth] = false;
}

static void
close_container(struct jsonw *w, char c)
{
	assert(w->depth > 0);
	w->depth--;
	fputc('\n', w->out);
	indent(w->out, w->depth);
	fputc(c, w->out);
}

void
jw_object_begin(struct jsonw *w, const char *key)
{
	open_container(w, key, '{');
}

void
jw_object_end(struct jsonw *w)
{
	close_container(w, '}');
}

void
jw_array_begin(struct jsonw *w, const char *key)
{
	open_container(w, key, '[');
}

void
jw_array_end(struct jsonw *w)
{
	close_container(w, ']');
}

void
jw_text(struct jsonw *w, const char *key, const char *s)
{
	member(w, key);
	if (!s) {
		fputs("null", w->out);
		return;
	}
	strbuf_reset(&w->tmp);
	escape_display(&w->tmp, s, strlen(s));
	put_string(w->out, w->tmp.buf, w->tmp.len);
}

void
jw_command(struct jsonw *w, const char *key, const char *s)
{
	member(w, key);
	if (!s) {
		fputs("null", w->out);
		return;
	}
	strbuf_reset(&w->tmp);
	escape_command(&w->tmp, s);
	put_string(w->out, w->tmp.buf, w->tmp.len);
}

void
jw_uint(struct jsonw *w, const char *key, uint64_t v)
{
	member(w, key);
	fprintf(w->out, "%" PRIu64, v);
}

void
jw_int(struct jsonw *w, const char *key, int64_t v)
{
	member(w, key);
	fprintf(w->out, "%" PRId64, v);
}

void
jw_bool(struct jsonw *w, const char *key, bool v)
{
	member(w, key);
	fputs(v ? "true" : "false", w->out);
}

void
jw_null(struct jsonw *w, const char *key)
{
	member(w, key);
	fputs("null", w->out);
}
