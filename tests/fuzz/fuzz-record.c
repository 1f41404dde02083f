/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the record header parser and the header-less renderings, over every line. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "amplify.h"
#include "leastpriv/ingest/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p), from = 0, next;
		const char *why;
		struct record r;

		for (;;) {
			enum record_scan rs = record_scan(p, len, from, &r, &next, &why);

			if (rs == RECORD_END || next <= from)
				break;
			if (rs == RECORD_FOUND && (r.body < p || r.body + r.body_len > p + len))
				__builtin_trap();
			from = next;
		}
		/* the renderings without a header: journald's, bare avc: and apparmor= lines */
		if (record_scan_rendered(p, len, 1780315200, &r) &&
		    (r.body < p || r.body_len == 0 || r.body + r.body_len > p + len))
			__builtin_trap();
		(void)record_is_separator(p, len);
		p += len + 1;
	}
	return 0;
}
