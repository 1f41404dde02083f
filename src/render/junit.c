/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report as JUnit XML, for CI dashboards: one test suite per run, one test case per piece
 * of advice (classname: its container), failed for critical, high and medium advice and
 * skipped for low.  Every string is escaped for display first (no control character reaches
 * the XML, which could not hold it) and then for XML.
 */
#include <errno.h>
#include <string.h>

#include "leastpriv/base/escape.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

static void
junit_case(FILE *out, const struct container_advice *ca, const struct advice *adv,
	   enum target target)
{
	bool failed = adv->severity != SEVERITY_LOW;

	fputs("    <testcase classname=\"", out);
	escape_markup(out, ca->container->label);
	fputs("\" name=\"", out);
	escape_markup(out, adv->title);
	fputs("\">\n", out);
	fprintf(out, "      <%s message=\"", failed ? "failure" : "skipped");
	escape_markup(out, adv->what);
	if (failed)
		fprintf(out, "\" type=\"%s", severity_name(adv->severity));
	fputs("\">", out);
	escape_markup(out, adv->why);
	for (size_t i = 0; i < adv->n_steps; i++) {
		char *cmd = render_step_text(&adv->steps[i], target);

		fputs("\n", out);
		escape_markup(out, render_step_label(&adv->steps[i], target));
		if (cmd) {
			fputs(": ", out);
			escape_markup(out, cmd);
		}
		free(cmd);
	}
	fprintf(out, "</%s>\n    </testcase>\n", failed ? "failure" : "skipped");
}

int
render_junit(const struct report *r, FILE *out)
{
	size_t tests = 0, failures = 0, skipped = 0;

	for (size_t i = 0; i < r->n_containers; i++)
		for (size_t k = 0; k < r->containers[i].n_items; k++) {
			tests++;
			if (r->containers[i].items[k]->severity == SEVERITY_LOW)
				skipped++;
			else
				failures++;
		}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"leastpriv\">\n", out);
	fputs("  <testsuite name=\"", out);
	escape_markup(out, r->history && r->history->host ? r->history->host : "leastpriv");
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" errors=\"0\">\n", tests,
		failures, skipped);
	for (size_t i = 0; i < r->n_containers; i++)
		for (size_t k = 0; k < r->containers[i].n_items; k++)
			junit_case(out, &r->containers[i], r->containers[i].items[k], r->target);
	fputs("  </testsuite>\n</testsuites>\n", out);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
