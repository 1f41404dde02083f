/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report as one self-contained HTML page: no script, no external resource, a Content
 * Security Policy that allows neither (default-src 'none'), inline styles only, printable.  A
 * summary first (the headline counts, the comparison with the last report and its trend as
 * inline SVG), then per container each piece of advice: what failed, the evidence, the fix to
 * paste.  Every string is escaped for display and then for HTML, so a log string is text,
 * never markup.
 */
#include <errno.h>
#include <string.h>

#include "leastpriv/base/escape.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/knowledge/controls.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

static const char STYLE[] =
	"body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;"
	"padding:0 1em}h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}"
	".counts span{display:inline-block;margin-right:1.2em;font-size:1.2em}"
	".sev{display:inline-block;padding:0 .5em;border-radius:.3em;color:#fff;"
	"font-weight:600;font-size:.85em;text-transform:uppercase}"
	".critical{background:#9b1c1c}.high{background:#c2410c}.medium{background:#a16207}"
	".low{background:#4b5563}.advice{border:1px solid #ddd;border-radius:.4em;"
	"padding:.6em 1em;margin:1em 0;break-inside:avoid}.advice h3{margin:.2em 0 .5em;"
	"font-size:1.05em}pre{background:#f5f5f5;padding:.5em;overflow-x:auto;"
	"white-space:pre-wrap;word-break:break-all}dt{font-weight:600}dd{margin:0 0 .6em 0}"
	"table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .6em;"
	"text-align:left}@media print{pre{white-space:pre-wrap}.advice{border-color:#999}}";

/* @raw as HTML text: escaped for display (no control character), then for HTML. */

static void
html_pre(FILE *out, const char *raw)
{
	fputs("<pre>", out);
	escape_markup(out, raw);
	fputs("</pre>\n", out);
}

/* Open findings per run, the last runs of the history, as bars. */
static void
trend_svg(FILE *out, const struct report_history *h)
{
	const int width = 600, height = 120;
	size_t max = 1;

	if (h->n_trend < 2)
		return;
	for (size_t i = 0; i < h->n_trend; i++)
		if (h->trend[i].open > max)
			max = h->trend[i].open;
	fprintf(out,
		"<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"role=\"img\" aria-label=\"open findings per report\">",
		width, height + 20);
	for (size_t i = 0; i < h->n_trend; i++) {
		int w = width / (int)h->n_trend,
		    bar = (int)(h->trend[i].open * (size_t)height / max);

		fprintf(out,
			"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#a16207\">"
			"<title>run %lld: %zu open</title></rect>",
			(int)i * w + 1, height - bar, w > 2 ? w - 2 : 1, bar,
			(long long)h->trend[i].run, h->trend[i].open);
	}
	fprintf(out,
		"<text x=\"0\" y=\"%d\" font-size=\"12\">open findings in the last %zu "
		"reports (most %zu)</text></svg></figure>\n",
		height + 16, h->n_trend, max);
}

static void
history_html(FILE *out, const struct report_history *h)
{
	fputs("<h2>Since the last report</h2>\n<p class=\"counts\">", out);
	fprintf(out, "<span>%zu new</span><span>%zu still open</span><span>%zu resolved</span>",
		h->by_status[STATUS_NEW], h->by_status[STATUS_OPEN], h->by_status[STATUS_RESOLVED]);
	if (h->waived)
		fprintf(out, "<span>%zu waived</span>", h->waived);
	fputs("</p>\n", out);
	if (h->gap) {
		fputs("<p><strong>Gap:</strong> ", out);
		escape_markup(out, h->gap);
		fputs("</p>\n", out);
	}
	trend_svg(out, h);
	if (!h->n_entries)
		return;
	fputs("<table><tr><th>status</th><th>severity</th><th>container</th><th>advice</th></tr>\n",
	      out);
	for (size_t i = 0, span; i < h->n_entries; i += span) {
		const struct history_entry *e = &h->entries[i];

		span = history_row_span(h, i);
		fprintf(out, "<tr><td>%s%s</td><td><span class=\"sev ",
			finding_status_name(e->status), e->waived ? " (waived)" : "");
		escape_markup(out, e->severity);
		fputs("\">", out);
		escape_markup(out, e->severity);
		fputs("</span></td><td>", out);
		escape_markup(out, e->container);
		fputs("</td><td>", out);
		escape_markup(out, e->title);
		if (span > 1)
			fprintf(out, " (%zu findings)", span);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void
advice_html(FILE *out, const struct advice *adv, enum target target)
{
	const struct benchmark_control *const *c = controls_for_advice(advice_kind_name(adv->kind));
	struct advice_summary s;
	char first[TIMEFMT_MAX], last[TIMEFMT_MAX];

	fprintf(out,
		"<section class=\"advice\" data-kind=\"%s\"><h3><span class=\"sev %s\">%s</span> ",
		advice_kind_name(adv->kind), severity_name(adv->severity),
		severity_name(adv->severity));
	escape_markup(out, adv->title);
	fputs("</h3>\n<dl><dt>What failed</dt><dd>", out);
	escape_markup(out, adv->what);
	fputs("</dd>\n", out);
	advice_summarize(adv, &s);
	if (s.earliest) {
		timefmt_local(first, sizeof(first), s.first.sec);
		timefmt_local(last, sizeof(last), s.last.sec);
		fprintf(out, "<dt>Evidence</dt><dd>%zu denial%s, first ", s.count,
			s.count == 1 ? "" : "s");
		escape_markup(out, first);
		fputs(", last ", out);
		escape_markup(out, last);
		fputs(", for example:", out);
		html_pre(out, s.earliest->example);
		fputs("</dd>\n", out);
	}
	fputs("<dt>Why</dt><dd>", out);
	escape_markup(out, adv->why);
	fputs("</dd>\n<dt>Fix</dt><dd>", out);
	for (size_t i = 0; i < adv->n_steps; i++) {
		char *cmd = render_step_text(&adv->steps[i], target);

		fputs("<p>", out);
		escape_markup(out, render_step_label(&adv->steps[i], target));
		fputs("</p>\n", out);
		if (cmd)
			html_pre(out, cmd);
		free(cmd);
	}
	fputs("</dd>\n<dt>Confidence</dt><dd>", out);
	escape_markup(out, adv->confidence);
	if (adv->confidence_note) {
		fputs(": ", out);
		escape_markup(out, adv->confidence_note);
	}
	fputs("</dd>\n", out);
	if (*c) {
		fputs("<dt>Controls</dt><dd>", out);
		for (; *c; c++) {
			escape_markup(out, (*c)->benchmark);
			fputc(' ', out);
			escape_markup(out, (*c)->version);
			fputc(' ', out);
			escape_markup(out, (*c)->id);
			fputs(": ", out);
			escape_markup(out, (*c)->title);
			fputs(c[1] ? "<br>" : "", out);
		}
		fputs("</dd>\n", out);
	}
	fputs("</dl></section>\n", out);
}

/* Who can become root on the host through the engine, beside the containers. */
static void
admin_html(FILE *out, const struct report *r)
{
	if (!r->counts.admin)
		return;
	fputs("<h2 id=\"admin\">Admin control: who can become root through the engine</h2>\n", out);
	for (size_t i = 0; i < r->counts.admin; i++) {
		struct admin_finding af;

		report_admin_finding(r, i, &af);
		fprintf(out,
			"<section class=\"advice admin\" data-kind=\"%s\"><h3><span class=\"sev "
			"%s\">%s</span> ",
			af.kind, severity_name(af.severity), severity_name(af.severity));
		escape_markup(out, af.title);
		fputs("</h3>\n<p>", out);
		escape_markup(out, af.what);
		fputs("</p>\n", out);
		if (af.example) {
			fputs("<p>For example:</p>", out);
			html_pre(out, af.example);
		}
		fputs("</section>\n", out);
		admin_finding_done(&af);
	}
}

int
render_html(const struct report *r, FILE *out)
{
	const struct report_counts *c = &r->counts;

	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'\">\n<meta name=\"viewport\" "
		"content=\"width=device-width\">\n<title>leastpriv report</title>\n"
		"<style>%s</style></head>\n<body>\n<h1>leastpriv report</h1>\n",
		STYLE);
	if (r->history) {
		char at[TIMEFMT_MAX];

		timefmt_local(at, sizeof(at), r->history->at);
		fputs("<p>Host <strong>", out);
		escape_markup(out, r->history->host);
		fputs("</strong>, ", out);
		escape_markup(out, at);
		fputs("</p>\n", out);
	}
	fprintf(out,
		"<p class=\"counts\" id=\"summary\"><span>%zu container%s</span><span>%zu with "
		"advice</span><span class=\"sev critical\">%zu critical</span> <span class=\"sev "
		"high\">%zu high</span> <span class=\"sev medium\">%zu medium</span> <span "
		"class=\"sev low\">%zu low</span></p>\n",
		c->containers, c->containers == 1 ? "" : "s", c->with_advice,
		c->by_severity[SEVERITY_CRITICAL], c->by_severity[SEVERITY_HIGH],
		c->by_severity[SEVERITY_MEDIUM], c->by_severity[SEVERITY_LOW]);
	if (r->history)
		history_html(out, r->history);
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		if (!ca->n_items)
			continue;
		fputs("<h2 class=\"container\">Container ", out);
		escape_markup(out, ca->container->label);
		fputs("</h2>\n", out);
		for (size_t k = 0; k < ca->n_items; k++)
			advice_html(out, ca->items[k], r->target);
	}
	admin_html(out, r);
	fputs("</body></html>\n", out);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
