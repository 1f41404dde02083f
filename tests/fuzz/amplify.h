/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small fuzz inputs that stand for large ones: "\x01N\x02TEXT\x03" in the input is TEXT
 * repeated N times (N < 10000), each '#' in it the repetition's number.  So a seed of a few
 * bytes is an EXECVE argument of 64 KiB, or thousands of interleaved records.  The result is
 * at most AMPLIFY_MAX bytes.  Only one input in AMPLIFY_EVERY is expanded (chosen by a hash
 * of its bytes, so always the same ones): the large inputs are explored, and the fuzzer still
 * runs at the speed of the small ones.
 */
#ifndef LEASTPRIV_FUZZ_AMPLIFY_H
#define LEASTPRIV_FUZZ_AMPLIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The harness's own loops are not the code under test: their coverage only slows the fuzzer. */
#if defined(__clang__)
#define FUZZ_HARNESS __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_HARNESS
#endif

#define AMPLIFY_MAX   (64 * 1024)
#define AMPLIFY_EVERY 16

/* The expansion of @data in a new buffer (NUL-terminated; free it), its length in *ret_len. */
FUZZ_HARNESS static inline char *
fuzz_amplify(const uint8_t *data, size_t size, size_t *ret_len)
{
	size_t cap = size + 1, len = 0;
	char *out = malloc(cap);
	uint32_t h = 2166136261u;
	bool expand;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	expand = h % AMPLIFY_EVERY == 0;

	for (size_t i = 0; out && i < size;) {
		const uint8_t *stx, *etx;
		unsigned long n = 0;

		if (expand && data[i] == 1 && (stx = memchr(data + i, 2, size - i)) &&
		    (etx = memchr(stx, 3, size - (size_t)(stx - data)))) {
			for (const uint8_t *p = data + i + 1; p < stx && n < 10000; p++)
				n = n * 10 +
				    (*p >= '0' && *p <= '9' ? (unsigned long)(*p - '0') : 0);
			for (unsigned long k = 0; k < n && len < AMPLIFY_MAX; k++)
				for (const uint8_t *p = stx + 1; p < etx && len < AMPLIFY_MAX;
				     p++) {
					char num[16];
					size_t m = 1;

					if (*p == '#')
						m = (size_t)snprintf(num, sizeof(num), "%lu", k);
					else
						num[0] = (char)*p;
					if (len + m + 1 > cap) {
						char *bigger;

						cap = cap * 2 + m + 1;
						bigger = realloc(out, cap);
						if (!bigger) {
							free(out);
							return NULL;
						}
						out = bigger;
					}
					memcpy(out + len, num, m);
					len += m;
				}
			i = (size_t)(etx - data) + 1;
			continue;
		}
		if (len + 2 > cap) {
			char *bigger = realloc(out, cap * 2 + 2);

			if (!bigger) {
				free(out);
				return NULL;
			}
			out = bigger;
			cap = cap * 2 + 2;
		}
		out[len++] = (char)data[i++];
	}
	if (out)
		out[len] = '\0';
	*ret_len = len;
	return out;
}

#endif
