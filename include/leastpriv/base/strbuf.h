/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growable byte buffer.  Invariant: buf is never NULL after strbuf_init() and buf[len] is
 * always '\0', so the content can be used as a C string when it holds no NUL byte.
 */
#ifndef LEASTPRIV_STRBUF_H
#define LEASTPRIV_STRBUF_H

#include <stddef.h>
#include <string.h>

#include "leastpriv/base/util.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
/* Free the storage; the buffer can be initialised again afterwards. */
void strbuf_done(struct strbuf *sb);
/* Empty the buffer but keep its storage for reuse. */
void strbuf_reset(struct strbuf *sb);
/* Room for @extra more bytes (and the NUL): the slow path of the adders below. */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_addstr(struct strbuf *sb, const char *s);

/* Inline: the correlator and the event memo append every record, piece by piece. */
static inline void
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (sb->cap - sb->len <= len)
		strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

static inline void
strbuf_addch(struct strbuf *sb, char c)
{
	if (sb->cap - sb->len <= 1)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
/*
 * Hand the storage to the caller (free with free(3)).  @sb is released: strbuf_init() it
 * before using it again.
 */
char *strbuf_detach(struct strbuf *sb);

#endif
