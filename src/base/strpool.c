/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-run string interning: one copy of each recurring string, borrowed by every stage. */
#include "leastpriv/base/strpool.h"
#include "leastpriv/base/util.h"

void
strpool_init(struct strpool *pool)
{
	hmap_init(&pool->map);
	pool->bytes = 0;
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
	struct hmap_entry *e = hmap_put(&pool->map, s, len);

	if (!e->value) {
		e->value = e; /* marks the entry as counted */
		pool->bytes += sizeof(*e) + len + 1;
	}
	return e->key;
}

const char *
strpool_intern(struct strpool *pool, const char *s)
{
	return s ? strpool_intern_n(pool, s, strlen(s)) : NULL;
}

const char *
strpool_lookup_n(const struct strpool *pool, const char *s, size_t len)
{
	const struct hmap_entry *e = hmap_get_entry(&pool->map, s, len);

	return e ? e->key : NULL;
}

size_t
strpool_bytes(const struct strpool *pool)
{
	return pool->bytes;
}
