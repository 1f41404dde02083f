/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the whole pipeline (reader, correlator, libauparse, attribution, evidence,
 * recommender and both renderers) on one input log (amplified: amplify.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "amplify.h"
#include "leastpriv/analysis/analysis.h"
#include "leastpriv/render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const inputs[] = { "fuzz", NULL };
	static const struct analysis_options opt = { .eoe_timeout_ms = 2000,
						     .inputs = inputs,
						     .n_inputs = 1 };
	struct analysis a;
	char *detail = NULL;
	FILE *null;
	size_t len;
	char *text = fuzz_amplify(data, size, &len);

	if (!text)
		return 0;
	null = fopen("/dev/null", "w");
	if (analysis_open(&a, &opt, &detail) == ANALYSIS_STARTED && null) {
		/* Fed in two pieces cut at a point the input chooses, as a stream would be. */
		size_t cut = size ? data[0] * len / 256 : 0;

		analysis_begin_input(&a, "fuzz");
		analysis_feed(&a, text, cut);
		analysis_feed(&a, text + cut, len - cut);
		analysis_end_input(&a);
		for (size_t i = 0; renderers[i]; i++)
			(void)renderers[i]->render(analysis_snapshot(&a), null);
	}
	analysis_close(&a);
	free(detail);
	free(text);
	if (null)
		fclose(null);
	return 0;
}
