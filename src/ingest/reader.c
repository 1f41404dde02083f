/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 1 on its own thread: records and events handed over in batches, problems at their place. */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "leastpriv/base/util.h"
#include "leastpriv/ingest/reader.h"

/* The reader's read size: the analysis reads in blocks of the same size. */
#define READ_BLOCK (1024 * 1024)
/* Items in one batch at most: a batch of short lines is handed over as soon. */
#define BATCH_ITEMS 2048

/* The next empty batch for the reading thread; NULL when the caller stopped. */
static struct reader_batch *
take_free(struct reader *rd)
{
	struct reader_batch *b;

	pthread_mutex_lock(&rd->lock);
	while (!rd->free && !rd->stop)
		pthread_cond_wait(&rd->changed, &rd->lock);
	b = rd->stop ? NULL : rd->free;
	if (b)
		rd->free = b->next;
	pthread_mutex_unlock(&rd->lock);
	if (b) {
		for (size_t i = 0; i < b->n; i++)
			free(b->items[i].problem);
		b->n = 0;
		b->n_locs = 0;
		strbuf_reset(&b->text);
		b->next = NULL;
	}
	return b;
}

static const char *
at(const struct reader_batch *b, const char *s, size_t offset)
{
	return s ? b->text.buf + offset : NULL;
}

/* Hand the filling batch over, its strings pointed at their copies. */
static void
hand_over(struct reader *rd)
{
	struct reader_batch *b = rd->filling;

	if (!b)
		return;
	rd->filling = NULL;
	for (size_t i = 0; i < b->n; i++) {
		struct reader_item *it = &b->items[i];
		struct record *r = &it->record;

		if (it->problem || it->gave_up)
			continue;
		if (it->is_event) {
			it->event.text.buf = b->text.buf + it->body_at;
			it->event.locs = b->locs + it->locs_at;
			continue;
		}
		r->node = at(b, r->node, it->node_at);
		r->type_name = at(b, r->type_name, it->type_at);
		r->body = at(b, r->body, it->body_at);
		r->enrich = at(b, r->enrich, it->enrich_at);
		r->sender_text = at(b, r->sender_text, it->sender_at);
	}
	pthread_mutex_lock(&rd->lock);
	if (rd->full_last)
		rd->full_last->next = b;
	else
		rd->full = b;
	rd->full_last = b;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
}

/* Room for one more item of @bytes; NULL when the caller stopped. */
static struct reader_item *
new_item(struct reader *rd, size_t bytes)
{
	struct reader_batch *b = rd->filling;

	if (b && (b->n == BATCH_ITEMS || b->text.len + bytes > READER_BATCH_BYTES) && b->n > 0) {
		hand_over(rd);
		b = NULL;
	}
	if (!b && !(b = rd->filling = take_free(rd)))
		return NULL;
	b->items = xgrow(b->items, &b->cap, b->n + 1, sizeof(*b->items));
	memset(&b->items[b->n], 0, sizeof(b->items[0]));
	return &b->items[b->n++];
}

static size_t
copy_in(struct reader_batch *b, const char *s, size_t len)
{
	size_t offset = b->text.len;

	if (s)
		strbuf_add(&b->text, s, len);
	return offset;
}

void
reader_emit_record(struct reader *rd, const struct record *r, unsigned long line)
{
	size_t bytes =
		r->node_len + r->type_name_len + r->body_len + r->enrich_len + r->sender_text_len;
	struct reader_item *it = new_item(rd, bytes);
	struct reader_batch *b = rd->filling;

	if (!it)
		return;
	it->record = *r;
	it->line = line;
	it->node_at = copy_in(b, r->node, r->node_len);
	it->type_at = copy_in(b, r->type_name, r->type_name_len);
	it->body_at = copy_in(b, r->body, r->body_len);
	it->enrich_at = copy_in(b, r->enrich, r->enrich_len);
	it->sender_at = copy_in(b, r->sender_text, r->sender_text_len);
}

void
reader_emit_event(struct reader *rd, const struct raw_event *ev)
{
	struct reader_item *it = new_item(rd, ev->text.len + 1);
	struct reader_batch *b = rd->filling;
	struct raw_event *copy;

	if (!it)
		return;
	it->is_event = true;
	copy = &it->event;
	copy->node = ev->node;
	copy->sec = ev->sec;
	copy->ms = ev->ms;
	copy->serial = ev->serial;
	copy->n_records = ev->n_records;
	copy->flags = ev->flags;
	/* NUL-terminated as a strbuf is: the parser reads it as a C string */
	it->body_at = copy_in(b, ev->text.buf, ev->text.len);
	strbuf_addch(&b->text, '\0');
	copy->text.len = ev->text.len;
	copy->text.cap = ev->text.len + 1;
	b->locs = xgrow(b->locs, &b->cap_locs, b->n_locs + ev->n_records, sizeof(*b->locs));
	it->locs_at = b->n_locs;
	if (ev->n_records)
		memcpy(b->locs + b->n_locs, ev->locs, ev->n_records * sizeof(*b->locs));
	b->n_locs += ev->n_records;
}

/* The diag's forward: a problem of the reading, kept at its place among the records. */
static void
add_problem(void *data, enum diag_kind kind, const char *file, unsigned long line, const char *text)
{
	struct reader *rd = data;
	struct reader_item *it = new_item(rd, 0);

	if (!it)
		return;
	it->kind = kind;
	it->problem_file = file;
	it->line = line;
	it->problem = xstrdup(text);
}

static void
take_records(struct reader *rd)
{
	struct record r;
	unsigned long line;

	while (lines_next(rd->lines, &r, &line)) {
		if (rd->stage.take)
			rd->stage.take(rd, &r, line, rd->stage.data);
		else
			reader_emit_record(rd, &r, line);
	}
}

static bool
stopped(struct reader *rd)
{
	bool stop;

	pthread_mutex_lock(&rd->lock);
	stop = rd->stop;
	pthread_mutex_unlock(&rd->lock);
	return stop;
}

static void *
read_all(void *arg)
{
	struct reader *rd = arg;
	char *buf = xmalloc(READ_BLOCK);
	size_t records_before = rd->lines->stats.records;
	unsigned long long bytes = 0;
	ssize_t n;

	while ((n = source_read_block(rd->in, buf, READ_BLOCK)) > 0) {
		lines_push(rd->lines, buf, (size_t)n);
		take_records(rd);
		bytes += (unsigned long long)n;
		if (rd->no_record_max && bytes > rd->no_record_max &&
		    rd->lines->stats.records == records_before) {
			struct reader_item *it = new_item(rd, 0);

			if (it) {
				it->gave_up = true;
				it->line = rd->lines->lineno;
			}
			break;
		}
		if (stopped(rd))
			break;
	}
	if (n < 0) {
		rd->error = (int)n;
	} else {
		lines_end(rd->lines);
		take_records(rd);
	}
	hand_over(rd);
	free(buf);
	pthread_mutex_lock(&rd->lock);
	rd->done = true;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
	return NULL;
}

int
reader_start(struct reader *rd, struct lines *lines, struct source_input *in, size_t no_record_max,
	     const struct reader_stage *stage)
{
	int r;

	memset(rd, 0, sizeof(*rd));
	rd->lines = lines;
	rd->in = in;
	rd->no_record_max = no_record_max;
	if (stage)
		rd->stage = *stage;
	pthread_mutex_init(&rd->lock, NULL);
	pthread_cond_init(&rd->changed, NULL);
	for (size_t i = 0; i < READER_BATCHES; i++) {
		strbuf_init(&rd->slots[i].text);
		rd->slots[i].next = rd->free;
		rd->free = &rd->slots[i];
	}
	diag_init(&rd->forward);
	rd->forward.forward = add_problem;
	rd->forward.forward_data = rd;
	rd->real_diag = lines->diag;
	lines->diag = &rd->forward;
	if (rd->stage.diag) {
		rd->stage_diag = *rd->stage.diag;
		*rd->stage.diag = &rd->forward;
	}
	/*
	 * One malloc arena for both threads: what one frees the other reuses.  A second arena
	 * would add its own high-water mark to the run's memory (9 MB on the bounds test).
	 */
	mallopt(M_ARENA_MAX, 1);
	r = pthread_create(&rd->thread, NULL, read_all, rd);
	if (r != 0) {
		lines->diag = rd->real_diag;
		if (rd->stage.diag)
			*rd->stage.diag = rd->stage_diag;
		rd->done = true;
		reader_finish(rd);
		return -r;
	}
	rd->started = true;
	return 0;
}

struct reader_batch *
reader_next(struct reader *rd)
{
	struct reader_batch *b;

	pthread_mutex_lock(&rd->lock);
	while (!rd->full && !rd->done)
		pthread_cond_wait(&rd->changed, &rd->lock);
	b = rd->full;
	if (b) {
		rd->full = b->next;
		if (!rd->full)
			rd->full_last = NULL;
	}
	pthread_mutex_unlock(&rd->lock);
	return b;
}

void
reader_release(struct reader *rd, struct reader_batch *b)
{
	pthread_mutex_lock(&rd->lock);
	b->next = rd->free;
	rd->free = b;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
}

int
reader_finish(struct reader *rd)
{
	if (rd->started) {
		pthread_mutex_lock(&rd->lock);
		rd->stop = true;
		pthread_cond_broadcast(&rd->changed);
		pthread_mutex_unlock(&rd->lock);
		pthread_join(rd->thread, NULL);
		rd->lines->diag = rd->real_diag;
		if (rd->stage.diag)
			*rd->stage.diag = rd->stage_diag;
		rd->started = false;
	}
	for (size_t i = 0; i < READER_BATCHES; i++) {
		struct reader_batch *b = &rd->slots[i];

		for (size_t j = 0; j < b->n; j++)
			free(b->items[j].problem);
		free(b->items);
		free(b->locs);
		strbuf_done(&b->text);
		b->items = NULL;
		b->locs = NULL;
		b->n = b->cap = 0;
		b->n_locs = b->cap_locs = 0;
	}
	diag_done(&rd->forward);
	pthread_mutex_destroy(&rd->lock);
	pthread_cond_destroy(&rd->changed);
	return rd->error;
}
