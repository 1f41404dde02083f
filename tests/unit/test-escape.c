/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for output escaping: terminal, JSON-bound and shell text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "leastpriv/base/escape.h"

static void
check_display(const char *in, size_t len, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, in, len);
	assert_string_equal(sb.buf, want);
	strbuf_done(&sb);
}

static void
test_display(void **state)
{
	(void)state;
	check_display("plain /path", 11, "plain /path");
	check_display("a\\b", 3, "a\\\\b");
	check_display("\x1b]0;pwned\x07\x1b[31m", 15, "\\x1b]0;pwned\\x07\\x1b[31m");
	check_display("l1\nl2\t\r", 7, "l1\\nl2\\t\\r");
	check_display("caf\xc3\xa9", 5, "caf\xc3\xa9"); /* UTF-8 stays */
	check_display("\xff\xfe", 2, "\\xff\\xfe");     /* not UTF-8 */
	check_display("\xc2\x9b"
		      "31m",
		      5, "\\u{009b}31m");                          /* C1 CSI */
	check_display("abc\xe2\x80\xaetxt", 9, "abc\\u{202e}txt"); /* bidi override */
	check_display("\xc0\xaf", 2, "\\xc0\\xaf");                /* overlong '/' */
	check_display("x\0y", 3, "x\\x00y");
}

static void
check_quote(const char *in, const char *want)
{
	char *q = shell_quote_dup(in);

	assert_string_equal(q, want);
	free(q);
}

/* Let bash read the quoted word back (it is what users paste into) and compare the bytes. */
static void
check_roundtrip(const char *in)
{
	char script[] = "/tmp/lp-quote-XXXXXX", out[1024], cmd[128];
	char *q = shell_quote_dup(in);
	size_t n;
	FILE *f;
	int fd;

	fd = mkstemp(script);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, "printf %%s %s > %s.out\n", q, script);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "bash %s", script);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s.out", script);
	f = fopen(cmd, "r");
	assert_non_null(f);
	n = fread(out, 1, sizeof(out), f);
	fclose(f);
	unlink(cmd);
	unlink(script);
	assert_int_equal(n, strlen(in));
	assert_memory_equal(out, in, n);
	free(q);
}

static void
test_shell_quote(void **state)
{
	(void)state;
	check_quote("/certs", "/certs");
	check_quote("/home/matt/my certs", "'/home/matt/my certs'");
	check_quote("it's", "'it'\\''s'");
	check_quote("$(reboot)", "'$(reboot)'");
	check_quote("a\nb", "$'a\\x0ab'");
	check_quote("\x1b[31m'", "$'\\x1b[31m\\''");
	check_quote("", "''");
	check_roundtrip("/data/it's $(reboot) `id` \"x\"");
	check_roundtrip("/tmp/a\nb\x1b[31m\\q");
	check_roundtrip("caf\xc3\xa9 \xff");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_shell_quote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
