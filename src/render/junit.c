/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report as JUnit XML, for CI dashboards: one test suite per run, one test case per piece
 * of advice (classname: its container), failed for critical, high and medium advice and
 * skipped for low, and one failed case per admin-control finding (classname "admin control"). Every
 * string is escaped for display first (no control character reaches the XML, which could not hold
 * it) and then for XML.
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

/* An admin-control finding: a failed test case of the class "admin control". */
static void
junit_admin_case(FILE *out, const struct admin_finding *af)
{
	fputs("    <testcase classname=\"admin control\" name=\"", out);
	escape_markup(out, af->title);
	fputs("\">\n      <failure message=\"", out);
	escape_markup(out, af->title);
	fprintf(out, "\" type=\"%s\">", severity_name(af->severity));
	escape_markup(out, af->what);
	if (af->example) {
		fputs("\nFor example: ", out);
		escape_markup(out, af->example);
	}
	fputs("</failure>\n    </testcase>\n", out);
}

int
render_junit(const struct report *r, FILE *out)
{
	size_t tests = r->counts.admin, failures = r->counts.admin, skipped = 0;

	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		for (size_t k = 0; k < ca->n_items; k++) {
			tests++;
			if (ca->items[k]->severity == SEVERITY_LOW)
				skipped++;
			else
				failures++;
		}
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"leastpriv\">\n", out);
	fputs("  <testsuite name=\"", out);
	escape_markup(out, r->history && r->history->host ? r->history->host : "leastpriv");
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" errors=\"0\">\n", tests,
		failures, skipped);
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		for (size_t k = 0; k < ca->n_items; k++)
			junit_case(out, ca, ca->items[k], r->target);
	}
	for (size_t i = 0; i < r->counts.admin; i++) {
		struct admin_finding af;

		report_admin_finding(r, i, &af);
		junit_admin_case(out, &af);
		admin_finding_done(&af);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
