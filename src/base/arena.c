/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-event string storage. */
#include "leastpriv/base/arena.h"
#include "leastpriv/base/util.h"

#define BLOCK_MIN 16384

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
}

void
arena_done(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b;

	if (!a->head)
		return;
	/* Keep the first (oldest) block only, if it is of the usual size. */
	while (a->head->next) {
		b = a->head;
		a->head = b->next;
		free(b);
	}
	if (a->head->size > BLOCK_MIN) {
		free(a->head);
		a->head = NULL;
		return;
	}
	a->head->used = 0;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	struct arena_block *b = a->head;
	char *p;

	if (!b || b->size - b->used < len + 1) {
		size_t size = len + 1 > BLOCK_MIN ? len + 1 : BLOCK_MIN;

		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		/* New blocks go in front; reset frees all but the last one, the first made. */
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
