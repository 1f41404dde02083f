/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-record problem sink: the first few messages and a count per kind. */
#include <stdarg.h>
#include <stdio.h>

#include "leastpriv/base/diag.h"

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void
diag_done(struct diag *d)
{
	for (size_t i = 0; i < d->n_kept; i++) {
		free(d->kept[i].file);
		free(d->kept[i].text);
	}
	for (size_t i = 0; i < d->n_limits; i++)
		free(d->limits[i]);
	d->n_kept = d->n_limits = 0;
}

void
diag_add(struct diag *d, enum diag_kind kind, const char *file, unsigned long line, const char *fmt,
	 ...)
{
	struct diag_message *m;
	va_list ap;

	char *text;

	if (d->forward) {
		va_start(ap, fmt);
		if (vasprintf(&text, fmt, ap) < 0)
			text = NULL;
		va_end(ap);
		d->forward(d->forward_data, kind, file, line,
			   text ? text : "(no memory for message)");
		free(text);
		return;
	}
	if (kind != DIAG_LIMIT && d->n_kept == DIAG_KEEP) {
		d->count[kind]++;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = xstrdup("(no memory for message)");
	va_end(ap);
	/* A bound is one problem, told once where it was first reached. */
	if (kind == DIAG_LIMIT) {
		for (size_t i = 0; i < d->n_limits; i++)
			if (streq(d->limits[i], text)) {
				free(text);
				return;
			}
		if (d->n_limits < DIAG_KEEP)
			d->limits[d->n_limits++] = xstrdup(text);
	}
	d->count[kind]++;
	if (d->n_kept == DIAG_KEEP) {
		free(text);
		return;
	}
	m = &d->kept[d->n_kept++];
	m->kind = kind;
	m->file = xstrdup(file ? file : "-");
	m->line = line;
	m->text = text;
}

size_t
diag_total(const struct diag *d)
{
	size_t n = 0;

	for (size_t i = 0; i < DIAG_MAX; i++)
		n += d->count[i];
	return n;
}

const char *
diag_kind_name(enum diag_kind kind)
{
	static const char *const names[DIAG_MAX] = {
		[DIAG_NOT_A_RECORD] = "not_a_record",
		[DIAG_BAD_HEADER] = "bad_header",
		[DIAG_LINE_TOO_LONG] = "line_too_long",
		[DIAG_BINARY] = "binary_data",
		[DIAG_EVENT_TOO_LARGE] = "event_too_large",
		[DIAG_INCOMPLETE] = "incomplete_record",
		[DIAG_BAD_CONTEXT] = "bad_selinux_context",
		[DIAG_TRUNCATED] = "truncated_input",
		[DIAG_LIMIT] = "limit_reached",
	};

	return kind < DIAG_MAX ? names[kind] : "unknown";
}
