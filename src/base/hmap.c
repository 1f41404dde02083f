/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Chained hash map shared by the string pool, the correlator and the evidence store. */
#include <sys/random.h>
#include <unistd.h>

#include "leastpriv/base/hmap.h"
#include "leastpriv/base/util.h"

/* The key of the keyed hash, random per process (see hmap_init). */
static uint64_t hash_key[2];

#define ROTL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

static inline void
sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL64(v[1], 13) ^ v[0];
	v[0] = ROTL64(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL64(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = ROTL64(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = ROTL64(v[1], 17) ^ v[2];
	v[2] = ROTL64(v[2], 32);
}

/*
 * SipHash-1-3 (Aumasson and Bernstein; the variant CPython and Rust hash tables use): keyed,
 * so that keys chosen inside a container cannot be made to collide, and eight bytes a step
 * where FNV took one: the event memo hashes whole events.
 */
uint64_t
hmap_hash(const void *key, size_t len)
{
	const unsigned char *p = key, *end = p + (len & ~(size_t)7);
	uint64_t v[4] = {
		hash_key[0] ^ 0x736f6d6570736575ULL,
		hash_key[1] ^ 0x646f72616e646f6dULL,
		hash_key[0] ^ 0x6c7967656e657261ULL,
		hash_key[1] ^ 0x7465646279746573ULL,
	};
	uint64_t m, last = (uint64_t)len << 56;

	for (; p < end; p += 8) {
		memcpy(&m, p, 8);
		v[3] ^= m;
		sip_round(v);
		v[0] ^= m;
	}
	for (size_t i = 0; i < (len & 7); i++)
		last |= (uint64_t)p[i] << (8 * i);
	v[3] ^= last;
	sip_round(v);
	v[0] ^= last;
	v[2] ^= 0xff;
	sip_round(v);
	sip_round(v);
	sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

void
hmap_init(struct hmap *m)
{
	if (hash_key[0] == 0 && getrandom(hash_key, sizeof(hash_key), GRND_NONBLOCK) < 0) {
		/* No entropy this early: still a hash, if one that can be aimed at. */
		hash_key[0] = 0x9e3779b97f4a7c15ULL;
		hash_key[1] = (uint64_t)getpid();
	}
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
	struct hmap_entry *e = *hmap_slot(m, key, len, hmap_hash(key, len));

	return e ? e->value : NULL;
}

struct hmap_entry *
hmap_get_entry(const struct hmap *m, const void *key, size_t len)
{
	return *hmap_slot(m, key, len, hmap_hash(key, len));
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
	uint64_t h = hmap_hash(key, len);
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
	struct hmap_entry **pe = hmap_slot(m, key, len, hmap_hash(key, len));
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
