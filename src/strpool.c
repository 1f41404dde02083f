/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-run string interning: one copy of each recurring string, borrowed by every stage. */
#include "leastpriv/strpool.h"
#include "leastpriv/util.h"

void
strpool_init(struct strpool *pool)
{
	hmap_init(&pool->map);
}

void
strpool_done(struct strpool *pool)
{
	hmap_done(&pool->map, NULL);
}

const char *
strpool_intern_n(struct strpool *pool, const char *s, size_t len)
{
	/* The entry's own key copy is the interned string: no second allocation. */
	return hmap_put(&pool->map, s, len)->key;
}

const char *
strpool_intern(struct strpool *pool, const char *s)
{
	return s ? strpool_intern_n(pool, s, strlen(s)) : NULL;
}
