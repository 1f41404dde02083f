/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A chained hash map from byte-string keys to pointers.  The map copies each key (with a
 * trailing NUL, so string keys can be used as C strings through hmap_entry_key()) and owns
 * nothing else: values are the caller's.  The hash is seeded per process because keys such as
 * paths come from processes inside containers.
 */
#ifndef LEASTPRIV_HMAP_H
#define LEASTPRIV_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap_entry {
	struct hmap_entry *next;
	void *value;
	uint64_t hash;
	size_t key_len;
	char key[]; /* key_len bytes, then '\0' */
};

struct hmap {
	struct hmap_entry **buckets;
	size_t n_buckets;
	size_t size;
};

void hmap_init(struct hmap *m);
/* The map's keyed hash of the bytes (keyed once the first map is set up). */
uint64_t hmap_hash(const void *key, size_t len);
/* Free every entry; @free_value (may be NULL) is called on each value. */
void hmap_done(struct hmap *m, void (*free_value)(void *));
/* The value stored under the key, or NULL. */
void *hmap_get(const struct hmap *m, const void *key, size_t len);
/* The entry of the key, or NULL. */
struct hmap_entry *hmap_get_entry(const struct hmap *m, const void *key, size_t len);
/*
 * Find or create the entry for the key.  Returns the entry (its value is NULL when it was just
 * created); the key bytes stay valid until the entry is removed or the map is freed.
 */
struct hmap_entry *hmap_put(struct hmap *m, const void *key, size_t len);
/* Remove the entry and return its value (NULL when absent). */
void *hmap_remove(struct hmap *m, const void *key, size_t len);
/* Call @fn on every value; the order is unspecified. */
void hmap_foreach(const struct hmap *m, void (*fn)(void *value, void *data), void *data);

#endif
