/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 6: renderers.  The only stage that writes: each takes the finished analysis and a
 * stream.  Every string that came from the log is escaped for the output it goes to.
 */
#ifndef LEASTPRIV_RENDER_H
#define LEASTPRIV_RENDER_H

#include <stdio.h>

#include "leastpriv/analysis/analysis.h"

/* Returns 0, or -EIO when the stream failed. */
int render_text(const struct analysis *a, FILE *out);
/* The JSON document described in docs/json-schema.md.  Returns 0 or -EIO. */
int render_json(const struct analysis *a, FILE *out);

/* Helpers shared by the renderers: the evidence of one piece of advice, summed. */
struct advice_summary {
	size_t count, permissive;
	struct stamp first, last;
	const struct finding *earliest; /* whose example record to show */
};

void advice_summarize(const struct advice *adv, struct advice_summary *ret);

#endif
