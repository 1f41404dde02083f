/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Chained hash map shared by the string pool, the correlator and the evidence store. */
#include <sys/random.h>

#include "leastpriv/base/hmap.h"
#include "leastpriv/base/util.h"

static uint64_t hash_seed;

static uint64_t
hash_bytes(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0xcbf29ce484222325ULL ^ hash_seed;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	/* Final avalanche so that the low bits used for the bucket depend on every byte. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

void
hmap_init(struct hmap *m)
{
	if (hash_seed == 0 && getrandom(&hash_seed, sizeof(hash_seed), GRND_NONBLOCK) < 0)
		hash_seed = 0x9e3779b97f4a7c15ULL;
	m->n_buckets = 64;
	m->size = 0;
	m->buckets = xcalloc(m->n_buckets, sizeof(*m->buckets));
}

void
hmap_done(struct hmap *m, void (*free_value)(void *))
{
	for (size_t i = 0; i < m->n_buckets; i++) {
		struct hmap_entry *e = m->buckets[i];

		while (e) {
			struct hmap_entry *next = e->next;

			if (free_value)
				free_value(e->value);
			free(e);
			e = next;
		}
	}
	free(m->buckets);
	m->buckets = NULL;
	m->n_buckets = m->size = 0;
}

static struct hmap_entry **
hmap_slot(const struct hmap *m, const void *key, size_t len, uint64_t h)
{
	struct hmap_entry **pe = &m->buckets[h & (m->n_buckets - 1)];

	for (; *pe; pe = &(*pe)->next)
		if ((*pe)->hash == h && (*pe)->key_len == len && memcmp((*pe)->key, key, len) == 0)
			break;
	return pe;
}

void *
hmap_get(const struct hmap *m, const void *key, size_t len)
{
	struct hmap_entry *e = *hmap_slot(m, key, len, hash_bytes(key, len));

	return e ? e->value : NULL;
}

struct hmap_entry *
hmap_get_entry(const struct hmap *m, const void *key, size_t len)
{
	return *hmap_slot(m, key, len, hash_bytes(key, len));
}

static void
hmap_resize(struct hmap *m)
{
	size_t n = m->n_buckets * 2;
	struct hmap_entry **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < m->n_buckets; i++) {
		struct hmap_entry *e = m->buckets[i];

		while (e) {
			struct hmap_entry *next = e->next;

			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(m->buckets);
	m->buckets = b;
	m->n_buckets = n;
}

struct hmap_entry *
hmap_put(struct hmap *m, const void *key, size_t len)
{
	uint64_t h = hash_bytes(key, len);
	struct hmap_entry **pe = hmap_slot(m, key, len, h);
	struct hmap_entry *e = *pe;

	if (e)
		return e;
	e = xmalloc(sizeof(*e) + len + 1);
	e->next = NULL;
	e->value = NULL;
	e->hash = h;
	e->key_len = len;
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	*pe = e;
	if (++m->size > m->n_buckets)
		hmap_resize(m);
	return e;
}

void *
hmap_remove(struct hmap *m, const void *key, size_t len)
{
	struct hmap_entry **pe = hmap_slot(m, key, len, hash_bytes(key, len));
	struct hmap_entry *e = *pe;
	void *v;

	if (!e)
		return NULL;
	*pe = e->next;
	v = e->value;
	free(e);
	m->size--;
	return v;
}

void
hmap_foreach(const struct hmap *m, void (*fn)(void *value, void *data), void *data)
{
	for (size_t i = 0; i < m->n_buckets; i++)
		for (struct hmap_entry *e = m->buckets[i]; e; e = e->next)
			fn(e->value, data);
}
