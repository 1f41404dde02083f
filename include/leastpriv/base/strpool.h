/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interned strings.  Strings that recur across a log (SELinux types, contexts, paths of findings,
 * node names) are stored once per run; callers hold borrowed `const char *` that live as long as
 * the pool, and equal strings have equal pointers.  Only data that outlives one event belongs
 * here: the pool grows with distinct values, so per-event text must not be interned.
 */
#ifndef LEASTPRIV_STRPOOL_H
#define LEASTPRIV_STRPOOL_H

#include <stddef.h>

#include "leastpriv/base/hmap.h"

struct strpool {
	struct hmap map;
	size_t bytes;
};

void strpool_init(struct strpool *pool);
void strpool_done(struct strpool *pool);
/* The pooled copy of @s (NULL for NULL). */
const char *strpool_intern(struct strpool *pool, const char *s);
/* The pooled copy of the @len bytes at @s; the copy is NUL-terminated. */
const char *strpool_intern_n(struct strpool *pool, const char *s, size_t len);
/* The pooled copy of the @len bytes at @s if there is one (nothing is added), or NULL. */
const char *strpool_lookup_n(const struct strpool *pool, const char *s, size_t len);
/* Bytes the pool holds (keys and entries), for the bounds on what a run keeps. */
size_t strpool_bytes(const struct strpool *pool);

#endif
