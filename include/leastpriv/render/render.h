/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 6: the renderers, the only writers of reports.  Each reads one struct report (never
 * the analysis behind it) and writes it to a stream in its own form, chosen by name from the
 * renderers[] table; text and JSON read the same value, so they cannot disagree.  Every
 * string that came from the log is escaped for the output it goes to (README, "What leastpriv
 * trusts"); fix operations are spelled for the report's target by the dialect module.
 */
#ifndef LEASTPRIV_RENDER_H
#define LEASTPRIV_RENDER_H

#include <stdio.h>

#include "leastpriv/analysis/report.h"
#include "leastpriv/dialect/runcmd.h"

struct renderer {
	const char *name;
	/* Returns 0, or -EIO when the stream failed. */
	int (*render)(const struct report *r, FILE *out);
};

/* text, json, markdown, junit, html and sarif, NULL-terminated. */
extern const struct renderer *const renderers[];
const struct renderer *renderer_named(const char *name);

int render_text(const struct report *r, FILE *out);
/* The JSON document described in docs/json-schema.md. */
int render_json(const struct report *r, FILE *out);
/* Markdown for tickets and pull-request comments, every log string escaped. */
int render_markdown(const struct report *r, FILE *out);
/* JUnit XML for CI dashboards: a test case per piece of advice. */
int render_junit(const struct report *r, FILE *out);
/* One self-contained, printable HTML page: no script, no external resource. */
int render_html(const struct report *r, FILE *out);
/* SARIF 2.1.0 for code-scanning dashboards: a result per piece of advice and admin finding. */
int render_sarif(const struct report *r, FILE *out);

/*
 * `leastpriv fix` on a run command: the rewritten line and its changes, for people or as JSON
 * (@label: the container the evidence is of, or NULL; @note: a paragraph after, or NULL).
 */
int render_fix_command(FILE *out, bool json, const char *label, char *const *argv,
		       const struct fix_change *changes, size_t n, const char *note);
/* `leastpriv fix FILE`: the fixed file, as manifest_fix() made it (its strings are quoted). */
int render_fix_file(FILE *out, const struct strbuf *text);

/* Helpers shared by the renderers: the evidence of one piece of advice, summed. */
struct advice_summary {
	size_t count, permissive;
	struct stamp first, last;
	const struct finding *earliest; /* whose example record to show */
};

void advice_summarize(const struct advice *adv, struct advice_summary *ret);

/*
 * How many history entries from the @i-th on show as one row: the findings of one piece of
 * advice (same status, container, title and waiver) are listed together.
 */
size_t history_row_span(const struct report_history *h, size_t i);

/* A step's label and its text for @target (NULL for words only: free the text). */
const char *render_step_label(const struct advice_step *s, enum target target);
char *render_step_text(const struct advice_step *s, enum target target);

#endif
