/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the correlator, on records in any order (amplified: amplify.h).  The first byte
 * picks how the lines are reordered (as read, reversed, rotated, interleaved from both ends) and
 * the timeout; the oracle is that every record given comes out in exactly one event, or is counted
 * as dropped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amplify.h"
#include "leastpriv/ingest/correlate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t emitted;

FUZZ_HARNESS static void
take_events(struct correlator *c)
{
	struct raw_event *ev;

	while ((ev = correlate_next(c)))
		emitted += ev->n_records;
}

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *lines[65536];
	static size_t lens[65536];
	size_t n = 0, given = 0, len;
	const char *p, *end;
	char *text;
	struct strpool pool;
	struct diag diag;
	struct correlator c;
	unsigned mode;

	if (size < 1)
		return 0;
	mode = data[0];
	text = fuzz_amplify(data + 1, size - 1, &len);
	if (!text)
		return 0;
	p = text;
	end = text + len;
	while (p < end && n < 65536) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		lens[n] = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lines[n++] = p;
		p += lens[n - 1] + 1;
	}
	strpool_init(&pool);
	diag_init(&diag);
	emitted = 0;
	correlate_init(&c, &pool, &diag, (mode & 0x30) ? 0 : 2000, NULL);
	for (size_t k = 0; k < n; k++) {
		size_t i;

		switch (mode & 3) {
		case 0:
			i = k;
			break;
		case 1:
			i = n - 1 - k;
			break;
		case 2:
			i = (k + n / 2) % n;
			break;
		default:
			i = k % 2 ? n - 1 - k / 2 : k / 2;
			break;
		}
		for (size_t from = 0;;) {
			struct record r;
			const char *why;

			if (record_scan(lines[i], lens[i], from, &r, &from, &why) != RECORD_FOUND)
				break;
			correlate_add(&c, &r, "fuzz", i + 1);
			take_events(&c);
			given++;
		}
	}
	correlate_flush(&c);
	take_events(&c);
	if (emitted + c.stats.dropped_records != given)
		__builtin_trap(); /* a record lost or doubled */
	correlate_done(&c);
	diag_done(&diag);
	strpool_done(&pool);
	free(text);
	return 0;
}
