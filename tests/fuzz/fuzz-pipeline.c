/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the whole pipeline (reader, correlator, libauparse, attribution, evidence,
 * recommender and both renderers) on one input log (amplified: amplify.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "amplify.h"
#include "leastpriv/analysis/analysis.h"
#include "leastpriv/render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-log", MFD_CLOEXEC);
	char path[64];
	const char *inputs[2] = { path, NULL };
	struct config cfg = {
		.command = COMMAND_ANALYZE, .eoe_timeout_ms = 2000, .inputs = inputs, .n_inputs = 1
	};
	struct analysis a;
	char *missing = NULL;
	FILE *null;

	size_t len;
	char *text = fuzz_amplify(data, size, &len);

	if (fd < 0 || !text) {
		free(text);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (write(fd, text, len) != (ssize_t)len) {
		free(text);
		close(fd);
		return 0;
	}
	free(text);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	null = fopen("/dev/null", "w");
	if (analysis_run(&a, &cfg, &missing) == 0 && null) {
		(void)render_text(&a, null);
		(void)render_json(&a, null);
	}
	analysis_done(&a);
	free(missing);
	if (null)
		fclose(null);
	close(fd);
	return 0;
}
