/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bump allocator for strings that live as long as one event.  Reset between events, it keeps
 * its first block, so parsing an event allocates nothing in the steady state.
 */
#ifndef LEASTPRIV_ARENA_H
#define LEASTPRIV_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
void arena_done(struct arena *a);
/* Forget every allocation; pointers handed out before become invalid. */
void arena_reset(struct arena *a);
/* A NUL-terminated copy of the @len bytes at @s, valid until the next reset. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);

#endif
