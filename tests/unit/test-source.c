/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the reader: gzip, rotated logs, long and unterminated lines, binary data. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "leastpriv/ingest/event.h"
#include "leastpriv/ingest/lines.h"
#include "leastpriv/ingest/source.h"
#include "leastpriv/base/util.h"

struct got {
	size_t records;
	unsigned long last_line;
	int64_t last_sec;
};

/* Take every record the reader has so far. */
static void
take_records(struct lines *l, struct got *g)
{
	struct record r;
	unsigned long line;

	while (lines_next(l, &r, &line)) {
		g->records++;
		g->last_line = line;
		g->last_sec = r.sec;
	}
}

/* Push @text into a reader @block bytes at a time. */
static void
push_text(const char *text, size_t len, size_t block, struct got *g, struct diag *d)
{
	struct lines l;

	lines_init(&l, d);
	lines_begin(&l, "t.log");
	for (size_t at = 0; at < len; at += block) {
		lines_push(&l, text + at, len - at < block ? len - at : block);
		take_records(&l, g);
	}
	lines_end(&l);
	take_records(&l, g);
	lines_done(&l);
}

static char *
write_tmp(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* Read @path through the source in 4 KiB blocks into a line reader. */
static void
read_one(const char *path, struct got *g, struct diag *d, int *ret)
{
	struct source_input *in;
	struct lines l;
	char buf[4096];
	ssize_t n;

	*ret = source_open(path, &in);
	if (*ret < 0)
		return;
	lines_init(&l, d);
	lines_begin(&l, path);
	while ((n = source_read_block(in, buf, sizeof(buf))) > 0) {
		lines_push(&l, buf, (size_t)n);
		take_records(&l, g);
	}
	*ret = n < 0 ? (int)n : 0;
	lines_end(&l);
	take_records(&l, g);
	lines_done(&l);
	source_close(in);
}

/* Lines are the same wherever the blocks cut them, a \r\n or a long line included. */
static void
test_lines_cut_anywhere(void **state)
{
	const char *text = "type=AVC msg=audit(1.000:1): a\r\n\n----\n"
			   "type=AVC msg=audit(2.000:2): b type=AVC msg=audit(3.000:3): c\n"
			   "junk\ntype=AVC msg=audit(4.000:4): d";
	size_t len = strlen(text);

	(void)state;
	for (size_t block = 1; block <= len; block++) {
		struct got g = { 0 };
		struct diag d;

		diag_init(&d);
		push_text(text, len, block, &g, &d);
		assert_int_equal(g.records, 4);
		assert_int_equal(g.last_line, 6);
		assert_int_equal(g.last_sec, 4);
		assert_int_equal(d.count[DIAG_NOT_A_RECORD], 1);
		assert_int_equal(d.kept[0].line, 5);
		diag_done(&d);
	}
}

static void
test_gzip_and_unterminated_last_line(void **state)
{
	char dir[] = "/tmp/lp-src-XXXXXX";
	const char *text = "type=AVC msg=audit(1.000:1): a\ntype=AVC msg=audit(2.000:2): b";
	struct got g = { 0 };
	struct diag d;
	char *path, *gz;
	gzFile z;
	int r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	diag_init(&d);
	path = write_tmp(dir, "plain.log", text, strlen(text));
	read_one(path, &g, &d, &r);
	assert_int_equal(r, 0);
	assert_int_equal(g.records, 2);
	assert_int_equal(g.last_line, 2);
	assert_int_equal(g.last_sec, 2);

	/* A gzip file is recognised by its magic bytes, whatever its name. */
	gz = xasprintf("%s/rotated", dir);
	z = gzopen(gz, "wb");
	gzwrite(z, text, (unsigned)strlen(text));
	gzclose(z);
	memset(&g, 0, sizeof(g));
	read_one(gz, &g, &d, &r);
	assert_int_equal(r, 0);
	assert_int_equal(g.records, 2);
	assert_int_equal(diag_total(&d), 0);
	unlink(path);
	unlink(gz);
	rmdir(dir);
	free(path);
	free(gz);
	diag_done(&d);
}

static void
test_long_and_binary_lines(void **state)
{
	char dir[] = "/tmp/lp-src-XXXXXX";
	size_t n = 200000;
	char *big = xmalloc(n + 200), *path;
	struct got g = { 0 };
	struct diag d;
	int r, len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	diag_init(&d);
	len = sprintf(big, "type=AVC msg=audit(1.000:1): ");
	memset(big + len, 'A', n);
	len += (int)n;
	memcpy(big + len, "\nbin\x00\xff\x1b\n", 8);
	len += 8;
	len += sprintf(big + len, "type=AVC msg=audit(3.000:3): ok\n");
	path = write_tmp(dir, "x.log", big, (size_t)len);
	read_one(path, &g, &d, &r);
	assert_int_equal(r, 0);
	assert_int_equal(g.records, 1); /* only the good one */
	assert_int_equal(g.last_line, 3);
	assert_int_equal(d.count[DIAG_LINE_TOO_LONG], 1);
	assert_int_equal(d.count[DIAG_BINARY], 1);
	assert_int_equal(d.kept[0].line, 1);
	assert_int_equal(d.kept[1].line, 2);
	unlink(path);
	rmdir(dir);
	free(path);
	free(big);
	diag_done(&d);
}

static void
test_rotated_logs_oldest_first(void **state)
{
	char dir[] = "/tmp/lp-src-XXXXXX";
	const char *names[] = { "audit.log",   "audit.log.1", "audit.log.10", "audit.log.3.gz",
				"audit.log.2", "other.log",   "audit.log.x" };
	char **files;
	int n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		free(write_tmp(dir, names[i], "", 0));
	n = source_list_logs(dir, "audit.log", &files);
	assert_int_equal(n, 5);
	assert_non_null(strstr(files[0], "/audit.log.10"));
	assert_non_null(strstr(files[1], "/audit.log.3.gz"));
	assert_non_null(strstr(files[2], "/audit.log.2"));
	assert_non_null(strstr(files[3], "/audit.log.1"));
	assert_non_null(strstr(files[4], "/audit.log"));
	assert_null(files[5]);
	for (int i = 0; i < n; i++)
		free(files[i]);
	free(files);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);

		unlink(p);
		free(p);
	}
	assert_int_equal(source_list_logs(dir, "audit.log", &files), -ENOENT);
	rmdir(dir);
}

static void
test_default_log_from_conf(void **state)
{
	char dir[] = "/tmp/lp-src-XXXXXX";
	const char *conf = "# comment\nlocal_events = yes\n log_file = /srv/audit/a.log \n";
	char *path, *log;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = write_tmp(dir, "auditd.conf", conf, strlen(conf));
	log = source_default_log(path);
	assert_string_equal(log, "/srv/audit/a.log");
	free(log);
	log = source_default_log("/nonexistent/auditd.conf");
	assert_string_equal(log, "/var/log/audit/audit.log");
	free(log);
	unlink(path);
	free(path);
	rmdir(dir);
}

static void
test_missing_file(void **state)
{
	struct got g = { 0 };
	struct diag d;
	int r;

	(void)state;
	diag_init(&d);
	read_one("/nonexistent/audit.log", &g, &d, &r);
	assert_int_equal(r, -ENOENT);
	diag_done(&d);
}

static void
test_decode_values(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(event_decode_value(&a, "\"registry\""), "registry");
	assert_string_equal(event_decode_value(&a, "2F686F6D652F6D6174742F6D7920636572747300"),
			    "/home/matt/my certs");
	assert_string_equal(event_decode_value(&a, "6C73002D6C61"), "ls -la");
	assert_string_equal(event_decode_value(&a, "1B5B33316D"), "\x1b[31m");
	assert_string_equal(event_decode_value(&a, "(null)"), "(null)");
	assert_string_equal(event_decode_value(&a, "rhsm-package-pr"), "rhsm-package-pr");
	assert_string_equal(event_decode_value(&a, "ABC"), "ABC"); /* odd length: not hex */
	assert_string_equal(event_decode_value(&a, "\""), "");
	arena_done(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_and_unterminated_last_line),
		cmocka_unit_test(test_long_and_binary_lines),
		cmocka_unit_test(test_lines_cut_anywhere),
		cmocka_unit_test(test_rotated_logs_oldest_first),
		cmocka_unit_test(test_default_log_from_conf),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_decode_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
