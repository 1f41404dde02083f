/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the event memo: a repeat found there is field for field what libauparse makes
 * of it, on hand-made events and on every event of the published corpus (LEASTPRIV_CORPUS).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../event-compare.h"
#include "leastpriv/ingest/event_memo.h"
#include "leastpriv/ingest/record.h"

struct differ {
	struct event_memo memo;
	struct event_parser parser, fresh;
	struct diag diag, fresh_diag;
	struct strbuf want, got, text;
	size_t hits, repeats_found;
};

static void
differ_init(struct differ *d)
{
	memset(d, 0, sizeof(*d));
	event_memo_init(&d->memo, EVENT_MEMO_BYTES);
	d->memo.keep_first_sight = true;
	diag_init(&d->diag);
	diag_init(&d->fresh_diag);
	assert_int_equal(event_parser_init(&d->parser, &d->diag), 0);
	assert_int_equal(event_parser_init(&d->fresh, &d->fresh_diag), 0);
	strbuf_init(&d->want);
	strbuf_init(&d->got);
	strbuf_init(&d->text);
}

static void
differ_done(struct differ *d)
{
	event_memo_done(&d->memo);
	event_parser_done(&d->parser);
	event_parser_done(&d->fresh);
	diag_done(&d->diag);
	diag_done(&d->fresh_diag);
	strbuf_done(&d->want);
	strbuf_done(&d->got);
	strbuf_done(&d->text);
}

static void
describe_into(const struct event *ev, void *data)
{
	event_describe(ev, data);
}

/* What the analysis does with @raw (event_memo_parse()), each event described in @out. */
static void
through_memo(struct differ *d, const struct raw_event *raw, struct strbuf *out)
{
	size_t hits = d->memo.stats.hits;

	event_memo_parse(&d->memo, &d->parser, raw, describe_into, out);
	d->hits += d->memo.stats.hits - hits;
}

static void
fresh_parse(struct differ *d, const struct raw_event *raw, struct strbuf *out)
{
	const struct event *ev;

	event_parse_begin(&d->fresh, raw);
	while ((ev = event_parse_next(&d->fresh)))
		event_describe(ev, out);
}

/* @raw, then a repeat of it: both through the memo, both as libauparse reads them. */
static void
check_raw(struct differ *d, const struct raw_event *raw)
{
	struct raw_event repeat = *raw;

	strbuf_reset(&d->want);
	strbuf_reset(&d->got);
	through_memo(d, raw, &d->got);
	fresh_parse(d, raw, &d->want);
	assert_string_equal(d->got.buf, d->want.buf);

	strbuf_reset(&d->text);
	event_repeat_text(raw->text.buf, raw->text.len, &d->text);
	repeat.text = d->text;
	strbuf_reset(&d->want);
	strbuf_reset(&d->got);
	{
		size_t before = d->hits;

		through_memo(d, &repeat, &d->got);
		d->repeats_found += d->hits > before;
	}
	fresh_parse(d, &repeat, &d->want);
	if (strcmp(d->got.buf, d->want.buf) != 0)
		fail_msg(
			"the memo's event differs from libauparse's:\nrecords:\n%s\nmemo:\n%s\nlibauparse:\n%s",
			repeat.text.buf, d->got.buf, d->want.buf);
}

/* Every event of @log (text) through check_raw(). */
static void
check_log(struct differ *d, const char *log, size_t len, const char *file)
{
	struct correlator corr;
	struct strpool pool;
	struct diag diag;
	const char *p = log, *end = log + len;
	unsigned long line = 0;
	struct raw_event *raw;

	strpool_init(&pool);
	diag_init(&diag);
	correlate_init(&corr, &pool, &diag, 2000, NULL);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), from = 0;
		const char *why;
		struct record r;

		line++;
		while (record_scan(p, n, from, &r, &from, &why) == RECORD_FOUND) {
			correlate_add(&corr, &r, file, line);
			while ((raw = correlate_next(&corr)))
				check_raw(d, raw);
		}
		p += n + (nl != NULL);
	}
	correlate_flush(&corr);
	while ((raw = correlate_next(&corr)))
		check_raw(d, raw);
	correlate_done(&corr);
	diag_done(&diag);
	strpool_done(&pool);
}

static void
check_text(struct differ *d, const char *log)
{
	check_log(d, log, strlen(log), "t.log");
}

#define AVC_OPEN                                                                                   \
	"type=AVC msg=audit(1700000000.100:10): avc:  denied  { read } for  pid=%s comm=\"cat\" "  \
	"name=\"f\" dev=\"dm-0\" ino=5 scontext=system_u:system_r:container_t:s0:c1,c2 "           \
	"tcontext=system_u:object_r:var_t:s0 tclass=file permissive=0\n"                           \
	"type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=257 success=no "         \
	"exit=-13 a0=ffffff9c a1=1 a2=0 a3=0 items=1 ppid=%s pid=%s auid=1000 uid=0 gid=0 "        \
	"comm=%s exe=\"/usr/bin/cat\" subj=system_u:system_r:container_t:s0:c1,c2 key=(null)\n"    \
	"type=PROCTITLE msg=audit(1700000000.100:10): proctitle=636174\n"

static void
avc_open(struct strbuf *sb, const char *pid, const char *ppid, const char *comm)
{
	strbuf_reset(sb);
	strbuf_addf(sb, AVC_OPEN, pid, ppid, pid, comm);
}

/* A repeat with other pids and stamps is found, and carries its own pids, text and place. */
static void
test_repeat_found(void **state)
{
	struct differ d;
	struct strbuf log;
	const struct event *ev;

	(void)state;
	differ_init(&d);
	strbuf_init(&log);
	avc_open(&log, "42", "41", "\"cat\"");
	check_text(&d, log.buf);
	assert_int_equal(d.repeats_found, 1);
	assert_int_equal(d.memo.stats.kept, 1);
	/* The record text and pid are the repeat's own: check one field by hand too. */
	{
		struct raw_event raw = { 0 };
		struct record_loc locs[3] = { { "x.log", 7, 0 },
					      { "x.log", 8, 0 },
					      { "x.log", 9, 0 } };

		avc_open(&log, "77", "76", "\"cat\"");
		raw.text = log;
		raw.locs = locs;
		raw.n_records = 3;
		ev = event_memo_find(&d.memo, &raw);
		assert_non_null(ev);
		assert_int_equal(ev->pid, 77);
		assert_int_equal(ev->ppid, 76);
		assert_int_equal(ev->avcs[0].pid, 77);
		assert_int_equal(ev->avcs[0].loc->line, 7);
		assert_int_equal(ev->syscall_loc->line, 8);
		assert_non_null(strstr(ev->avcs[0].text, "pid=77 comm"));
	}
	strbuf_done(&log);
	differ_done(&d);
}

/* Anything but the stamp and the pids is part of the key: another comm is parsed. */
static void
test_other_field_parsed(void **state)
{
	struct differ d;
	struct strbuf log;
	struct raw_event raw = { 0 };
	struct record_loc locs[3] = { { "x.log", 1, 0 }, { "x.log", 2, 0 }, { "x.log", 3, 0 } };

	(void)state;
	differ_init(&d);
	strbuf_init(&log);
	avc_open(&log, "42", "41", "\"cat\"");
	check_text(&d, log.buf);
	avc_open(&log, "42", "41", "\"dog\"");
	raw.text = log;
	raw.locs = locs;
	raw.n_records = 3;
	assert_null(event_memo_find(&d.memo, &raw));
	strbuf_done(&log);
	differ_done(&d);
}

/*
 * A pid= inside quoted text, or twice, is not cut: which one the parse took cannot be told
 * from the text alone, so such events are compared whole (and the repeat, which changes
 * every pid= run, must not be found, or must be found right).
 */
static void
test_ambiguous_pid_not_cut(void **state)
{
	struct differ d;
	struct strbuf log;

	(void)state;
	differ_init(&d);
	strbuf_init(&log);
	strbuf_addstr(&log,
		      "type=SYSCALL msg=audit(1700000000.100:11): arch=c000003e syscall=257 "
		      "success=no exit=-13 items=0 comm=\"a pid=5\" ppid=1 pid=2 auid=0 uid=0\n"
		      "type=SYSCALL msg=audit(1700000000.200:12): arch=c000003e syscall=257 "
		      "success=no exit=-13 items=0 ppid=1 pid=2 pid=3 auid=0 uid=0\n"
		      "type=AVC msg=audit(1700000000.300:13): avc:  denied  { read } for  pid=4 "
		      "pid=6 comm=\"x\" scontext=a:b:c:s0 tcontext=a:b:d:s0 tclass=file "
		      "permissive=0\n");
	check_text(&d, log.buf);
	assert_int_equal(d.repeats_found, 0);
	strbuf_done(&log);
	differ_done(&d);
}

/*
 * libauparse reads no field of a record stamped at second 0 (and reports nothing for an
 * EXECVE): such a record must not be kept for the real copies that follow it, or a forged one
 * would hide an engine's command line.
 */
static void
test_stamp_zero_not_kept(void **state)
{
	static const char *const texts[] = {
		"type=EXECVE msg=audit(0.000:1): argc=3 a0=\"podman\" a1=\"run\" a2=\"--privileged\"\n",
		"type=EXECVE msg=audit(1700000000.000:2): argc=3 a0=\"podman\" a1=\"run\" "
		"a2=\"--privileged\"\n",
	};
	struct record_loc locs[1] = { { "x.log", 1, 0 } };
	struct differ d;

	(void)state;
	differ_init(&d);
	for (size_t i = 0; i < 2; i++) {
		struct raw_event raw = { 0 };

		strbuf_init(&raw.text);
		strbuf_addstr(&raw.text, texts[i]);
		raw.locs = locs;
		raw.n_records = 1;
		check_raw(&d, &raw);
		strbuf_done(&raw.text);
	}
	/* The forged copy was not kept; the real one was, and its repeat found. */
	assert_int_equal(d.memo.stats.kept, 1);
	assert_int_equal(d.repeats_found, 1);
	differ_done(&d);
}

/*
 * An event without a SECCOMP record still holds the previous one's seccomp strings, freed with
 * its arena: the copy the memo keeps must not read them.
 */
static void
test_clone_without_seccomp(void **state)
{
	static const char *const texts[] = {
		"type=SECCOMP msg=audit(1700000000.000:1): auid=0 uid=0 gid=0 ses=1 subj=a:b:c:s0 "
		"pid=9 comm=\"x\" exe=\"/bin/x\" sig=0 arch=c000003e syscall=165 compat=0 "
		"ip=0x1 code=0x50000\n",
		"type=EXECVE msg=audit(1700000000.000:2): argc=2 a0=\"podman\" a1=\"run\"\n",
	};
	struct record_loc locs[1] = { { "x.log", 1, 0 } };
	struct event_parser parser;
	struct diag diag;
	struct event *copy = NULL;
	size_t size;

	(void)state;
	diag_init(&diag);
	assert_int_equal(event_parser_init(&parser, &diag), 0);
	for (size_t i = 0; i < 2; i++) {
		struct raw_event raw = { 0 };
		const struct event *ev;

		strbuf_init(&raw.text);
		strbuf_addstr(&raw.text, texts[i]);
		raw.locs = locs;
		raw.n_records = 1;
		event_parse_begin(&parser, &raw);
		while ((ev = event_parse_next(&parser))) {
			assert_int_equal(ev->seccomp.present, i == 0);
			if (i == 1)
				copy = event_clone(ev, &size);
		}
		strbuf_done(&raw.text);
	}
	assert_non_null(copy);
	assert_null(copy->seccomp.comm);
	assert_null(copy->seccomp.exe);
	assert_null(copy->seccomp.subj);
	free(copy);
	event_parser_done(&parser);
	diag_done(&diag);
}

/* Every event of every log of the published corpus, and a repeat of each. */
static void
test_corpus(void **state)
{
	const char *dir = getenv("LEASTPRIV_CORPUS");
	struct differ d;
	struct dirent *de;
	size_t files = 0;
	DIR *dp;

	(void)state;
	if (!dir || !(dp = opendir(dir))) {
		skip();
		return;
	}
	differ_init(&d);
	while ((de = readdir(dp))) {
		char path[4096];
		FILE *f;
		struct strbuf log;
		char buf[65536];
		size_t n;

		if (de->d_name[0] == '.' || !strstr(de->d_name, "log"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!(f = fopen(path, "rb")))
			continue;
		strbuf_init(&log);
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			strbuf_add(&log, buf, n);
		fclose(f);
		check_log(&d, log.buf, log.len, de->d_name);
		strbuf_done(&log);
		files++;
	}
	closedir(dp);
	print_message("corpus: %zu files, %zu repeats found in the memo, %zu events kept\n", files,
		      d.repeats_found, d.memo.stats.kept);
	assert_true(files > 0);
	/* Not vacuous: most of the corpus's events are found again when repeated. */
	assert_true(d.repeats_found > 1000);
	differ_done(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeat_found),
		cmocka_unit_test(test_other_field_parsed),
		cmocka_unit_test(test_ambiguous_pid_not_cut),
		cmocka_unit_test(test_stamp_zero_not_kept),
		cmocka_unit_test(test_clone_without_seccomp),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
