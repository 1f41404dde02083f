/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the event model.  The input's lines (amplified: amplify.h) are one event's
 * records (any types, any fields, arguments of any size), given to libauparse and the field
 * walkers exactly as the correlator would; the parser is set up once, as in a run.  Then the
 * event memo, differentially: the records and a repeat of them (other stamps, other pids) go
 * through the memo as the analysis sends them, and whatever it finds must be what libauparse
 * makes of the same records, field for field.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../event-compare.h"
#include "amplify.h"
#include "leastpriv/ingest/correlate.h"
#include "leastpriv/ingest/event.h"
#include "leastpriv/ingest/event_memo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_HARNESS static void
on_event(const struct event *ev)
{
	size_t n = 0;

	/* Touch what the stages read, so that a bad pointer shows. */
	for (size_t i = 0; i < ev->n_args; i++)
		n += ev->args[i] ? strlen(ev->args[i]) : 0;
	for (size_t i = 0; i < ev->n_avcs; i++)
		n += strlen(ev->avcs[i].text) + (ev->avcs[i].sender_subj ? 1 : 0);
	for (size_t i = 0; i < ev->n_paths; i++)
		n += ev->paths[i].name ? strlen(ev->paths[i].name) : 0;
	if (n == SIZE_MAX)
		abort();
}

static struct event_parser parser;
static struct diag diag;
static struct event_memo memo; /* new for each input, so that a failure replays alone */
static struct strbuf via_memo, via_parser, repeat_text;

FUZZ_HARNESS static void
describe_into(const struct event *ev, void *data)
{
	event_describe(ev, data);
}

/* What the analysis does with @raw (event_memo_parse()), each event described. */
static void
through_memo(const struct raw_event *raw)
{
	strbuf_reset(&via_memo);
	event_memo_parse(&memo, &parser, raw, describe_into, &via_memo);
}

static void
differential(const struct raw_event *raw)
{
	const struct event *ev;

	through_memo(raw);
	strbuf_reset(&via_parser);
	event_parse_begin(&parser, raw);
	while ((ev = event_parse_next(&parser)))
		event_describe(ev, &via_parser);
	if (strcmp(via_memo.buf, via_parser.buf) != 0) { /* the memo's event is not libauparse's */
		fprintf(stderr, "records:\n%s\nmemo:\n%s\nlibauparse:\n%s\n", raw->text.buf,
			via_memo.buf, via_parser.buf);
		abort();
	}
}

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct raw_event raw = { 0 };
	struct record_loc locs[256];
	size_t len;
	char *text = fuzz_amplify(data, size, &len);
	const char *p = text, *end = text + len;
	static bool ready;

	if (!text)
		return 0;
	if (!ready) {
		diag_init(&diag);
		if (event_parser_init(&parser, &diag) < 0)
			abort();
		strbuf_init(&via_memo);
		strbuf_init(&via_parser);
		strbuf_init(&repeat_text);
		ready = true;
	}
	strbuf_init(&raw.text);
	for (size_t i = 0; i < 256; i++)
		locs[i] = (struct record_loc){ "fuzz", i + 1, 0 };
	raw.locs = locs;
	while (p < end && raw.n_records < 256) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t line = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (!memchr(p, '\0', line)) {
			strbuf_add(&raw.text, p, line);
			strbuf_addch(&raw.text, '\n');
			raw.n_records++;
		}
		p += line + 1;
	}
	if (raw.n_records) {
		const struct event *ev;

		event_parse_begin(&parser, &raw);
		while ((ev = event_parse_next(&parser)))
			on_event(ev);
		event_memo_init(&memo, 4u << 20);
		memo.keep_first_sight = true;
		differential(&raw);
		strbuf_reset(&repeat_text);
		event_repeat_text(raw.text.buf, raw.text.len, &repeat_text);
		{
			struct raw_event repeat = raw;

			repeat.text = repeat_text;
			differential(&repeat);
		}
		event_memo_done(&memo);
	}
	strbuf_done(&raw.text);
	free(text);
	/* Keep the diag from growing over a run of millions of inputs. */
	diag_done(&diag);
	diag_init(&diag);
	return 0;
}
