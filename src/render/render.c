/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 6: the table of renderers, and what they share. */
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

static const struct renderer text = { "text", render_text };
static const struct renderer json = { "json", render_json };
static const struct renderer markdown = { "markdown", render_markdown };
static const struct renderer junit = { "junit", render_junit };
static const struct renderer html = { "html", render_html };
static const struct renderer sarif = { "sarif", render_sarif };

const struct renderer *const renderers[] = { &text, &json, &markdown, &junit, &html, &sarif, NULL };

const struct renderer *
renderer_named(const char *name)
{
	for (size_t i = 0; renderers[i]; i++)
		if (streq(renderers[i]->name, name))
			return renderers[i];
	return NULL;
}

void
advice_summarize(const struct advice *adv, struct advice_summary *ret)
{
	struct advice_summary s = { 0 };

	for (size_t i = 0; i < adv->n_findings; i++) {
		const struct finding *f = adv->findings[i];

		s.count += f->count;
		s.permissive += f->permissive_count;
		if (!s.earliest || stamp_compare(&f->first, &s.first) < 0) {
			s.first = f->first;
			s.earliest = f;
		}
		if (i == 0 || stamp_compare(&f->last, &s.last) > 0)
			s.last = f->last;
	}
	*ret = s;
}

size_t
history_row_span(const struct report_history *h, size_t i)
{
	const struct history_entry *a = &h->entries[i];
	size_t n = 1;

	while (i + n < h->n_entries) {
		const struct history_entry *b = &h->entries[i + n];

		if (b->status != a->status || b->waived != a->waived ||
		    !streq(b->container, a->container) || !streq(b->title, a->title) ||
		    !streq(b->severity, a->severity))
			break;
		n++;
	}
	return n;
}

const char *
render_step_label(const struct advice_step *s, enum target target)
{
	const char *place = spell_place(&s->op, target);

	return place ? place : s->label;
}

char *
render_step_text(const struct advice_step *s, enum target target)
{
	return spell_fixop(&s->op, target);
}
