/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report as Markdown, for tickets and pull-request comments: the headline, the comparison
 * with the last report when there is one, then per container each piece of advice with its
 * evidence and its fix in a code block.  Every string from the log is escaped: Markdown's
 * punctuation and HTML's angle brackets outside code, and no backtick fence can be closed from
 * inside a code block.
 */
#include <errno.h>
#include <string.h>

#include "leastpriv/base/escape.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

/* @raw as Markdown text: escaped for display, then every character Markdown or HTML reads. */
static void
md_text(FILE *out, const char *raw)
{
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, raw, strlen(raw));
	for (const char *p = sb.buf; *p; p++) {
		if (strchr("\\`*_{}[]()#+-.!|<>~&", *p))
			fputc('\\', out);
		fputc(*p, out);
	}
	strbuf_done(&sb);
}

/* @raw in a fenced code block: escaped for display, and no line that could close the fence. */
static void
md_code(FILE *out, const char *raw)
{
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, raw, strlen(raw));
	fputs("```\n", out);
	for (const char *p = sb.buf; *p; p++) {
		/* three backticks in a row become two and an escaped one */
		if (p[0] == '`' && p[1] == '`' && p[2] == '`') {
			fputs("``\\x60", out);
			p += 2;
			continue;
		}
		fputc(*p, out);
	}
	fputs("\n```\n", out);
	strbuf_done(&sb);
}

static void
md_advice(FILE *out, const struct advice *adv, enum target target)
{
	struct advice_summary s;
	char first[TIMEFMT_MAX], last[TIMEFMT_MAX];

	fprintf(out, "\n#### [%s] ", severity_name(adv->severity));
	md_text(out, adv->title);
	fputs("\n\n**What failed:** ", out);
	md_text(out, adv->what);
	advice_summarize(adv, &s);
	if (s.earliest) {
		timefmt_local(first, sizeof(first), s.first.sec);
		timefmt_local(last, sizeof(last), s.last.sec);
		fprintf(out, "\n\n**Evidence:** %zu denial%s, first ", s.count,
			s.count == 1 ? "" : "s");
		md_text(out, first);
		fputs(", last ", out);
		md_text(out, last);
		fputs(":\n\n", out);
		md_code(out, s.earliest->example);
	}
	fputs("\n**Why:** ", out);
	md_text(out, adv->why);
	fputs("\n\n**Fix:**\n", out);
	for (size_t i = 0; i < adv->n_steps; i++) {
		char *cmd = render_step_text(&adv->steps[i], target);

		fputs("\n- ", out);
		md_text(out, render_step_label(&adv->steps[i], target));
		fputs("\n\n", out);
		if (cmd)
			md_code(out, cmd);
		free(cmd);
	}
	fputs("\n**Confidence:** ", out);
	md_text(out, adv->confidence);
	if (adv->confidence_note) {
		fputs(": ", out);
		md_text(out, adv->confidence_note);
	}
	fputc('\n', out);
}

static void
md_history(FILE *out, const struct report_history *h)
{
	fprintf(out, "\n## Since the last report\n\n%zu new, %zu still open, %zu resolved",
		h->by_status[STATUS_NEW], h->by_status[STATUS_OPEN], h->by_status[STATUS_RESOLVED]);
	if (h->waived)
		fprintf(out, ", %zu waived", h->waived);
	fputs(".\n\n| status | severity | container | advice |\n|---|---|---|---|\n", out);
	for (size_t i = 0, span; i < h->n_entries; i += span) {
		const struct history_entry *e = &h->entries[i];

		span = history_row_span(h, i);
		fprintf(out, "| %s%s | ", finding_status_name(e->status),
			e->waived ? " (waived)" : "");
		md_text(out, e->severity);
		fputs(" | ", out);
		md_text(out, e->container);
		fputs(" | ", out);
		md_text(out, e->title);
		if (span > 1)
			fprintf(out, " \\(%zu findings\\)", span);
		fputs(" |\n", out);
	}
	if (h->gap) {
		fputs("\n**Gap:** ", out);
		md_text(out, h->gap);
		fputc('\n', out);
	}
}

/* Who can become root on the host through the engine, beside the containers. */
static void
md_admin(FILE *out, const struct report *r)
{
	if (!r->counts.admin)
		return;
	fputs("\n### Admin control: who can become root through the engine\n", out);
	for (size_t i = 0; i < r->counts.admin; i++) {
		struct admin_finding af;

		report_admin_finding(r, i, &af);
		fprintf(out, "\n#### [%s] ", severity_name(af.severity));
		md_text(out, af.title);
		fputs("\n\n", out);
		md_text(out, af.what);
		fputc('\n', out);
		if (af.example) {
			fputs("\nFor example:\n\n", out);
			md_code(out, af.example);
		}
		admin_finding_done(&af);
	}
}

int
render_markdown(const struct report *r, FILE *out)
{
	const struct report_counts *c = &r->counts;

	fputs("# leastpriv report\n\n", out);
	if (r->history) {
		char at[TIMEFMT_MAX];

		timefmt_local(at, sizeof(at), r->history->at);
		fputs("Host ", out);
		md_text(out, r->history->host);
		fputs(", ", out);
		md_text(out, at);
		fputs(".\n\n", out);
	}
	fprintf(out,
		"%zu container%s seen, %zu with advice; findings: %zu critical, %zu high, %zu "
		"medium, %zu low.\n",
		c->containers, c->containers == 1 ? "" : "s", c->with_advice,
		c->by_severity[SEVERITY_CRITICAL], c->by_severity[SEVERITY_HIGH],
		c->by_severity[SEVERITY_MEDIUM], c->by_severity[SEVERITY_LOW]);
	if (r->history)
		md_history(out, r->history);
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		if (!ca->n_items)
			continue;
		fputs("\n### Container ", out);
		md_text(out, ca->container->label);
		fputc('\n', out);
		for (size_t k = 0; k < ca->n_items; k++)
			md_advice(out, ca->items[k], r->target);
	}
	md_admin(out, r);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
