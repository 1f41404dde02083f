/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: what comes from outside the log besides it: inspect data (files and the engine
 * API's answers), the engine's container list (the HTTP answers of --live) and
 * /proc/PID/cgroup texts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amplify.h"
#include "leastpriv/attrib/inspect.h"
#include "leastpriv/attrib/live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inspect_set set = { 0 };
	struct strbuf err;
	char(*ids)[65] = NULL, id[65];
	size_t n = 0;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	strbuf_init(&err);
	if (inspect_load_text(&set, text, size, "fuzz", &err) == 0)
		for (size_t i = 0; i < set.n; i++) {
			(void)inspect_mount_for(&set.containers[i], "/certs/x");
			(void)inspect_by_level(&set, "s0:c1,c2");
		}
	inspect_set_done(&set);
	strbuf_reset(&err);
	if (live_parse_list(text, size, "fuzz", &ids, &n, &err) == 0)
		free(ids);
	(void)live_parse_cgroup(text, id);
	strbuf_done(&err);
	free(text);
	return 0;
}
