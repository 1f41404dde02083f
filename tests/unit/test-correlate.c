/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for event grouping: interleaving, nodes, end records, timeouts, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "leastpriv/ingest/correlate.h"

struct seen {
	char events[32][512];
	size_t n;
};

static void
on_event(struct raw_event *ev, void *data)
{
	struct seen *s = data;

	assert_true(s->n < 32);
	snprintf(s->events[s->n++], 512, "%s|%lld.%03u:%llu|%zu|%s", ev->node ? ev->node : "-",
		 (long long)ev->sec, ev->ms, (unsigned long long)ev->serial, ev->n_records,
		 ev->text.buf);
}

static unsigned
classify(const struct record *r)
{
	return r->type == 1400 ? 1 : 0;
}

/* Feed @lines through record_scan into a correlator with a 2 s timeout. */
static void
feed(struct seen *s, const char *const *lines, size_t n, bool flush)
{
	struct strpool pool;
	struct diag diag;
	struct correlator c;
	struct raw_event *ev;

	strpool_init(&pool);
	diag_init(&diag);
	correlate_init(&c, &pool, &diag, 2000, classify);
	for (size_t i = 0; i < n; i++) {
		struct record r;
		size_t from = 0;
		const char *why;

		while (record_scan(lines[i], strlen(lines[i]), from, &r, &from, &why) ==
		       RECORD_FOUND) {
			correlate_add(&c, &r, "t.log", i + 1);
			while ((ev = correlate_next(&c)))
				on_event(ev, s);
		}
	}
	if (flush)
		correlate_flush(&c);
	while ((ev = correlate_next(&c)))
		on_event(ev, s);
	assert_int_equal(c.stats.events, s->n);
	correlate_done(&c);
	diag_done(&diag);
	strpool_done(&pool);
}

static void
test_interleaved_events(void **state)
{
	static const char *const lines[] = {
		"type=AVC msg=audit(100.000:1): a1",
		"type=AVC msg=audit(100.000:2): b1",
		"type=SYSCALL msg=audit(100.000:1): a2",
		"type=SYSCALL msg=audit(100.000:2): b2",
		"type=PROCTITLE msg=audit(100.000:2): b3",
		"type=PROCTITLE msg=audit(100.000:1): a3",
	};
	struct seen s = { 0 };

	(void)state;
	feed(&s, lines, 6, false);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.events[0], "-|100.000:2|3|type=AVC msg=audit(100.000:2): b1\n"
					 "type=SYSCALL msg=audit(100.000:2): b2\n"
					 "type=PROCTITLE msg=audit(100.000:2): b3\n");
	assert_string_equal(s.events[1], "-|100.000:1|3|type=AVC msg=audit(100.000:1): a1\n"
					 "type=SYSCALL msg=audit(100.000:1): a2\n"
					 "type=PROCTITLE msg=audit(100.000:1): a3\n");
}

static void
test_nodes_are_kept_apart(void **state)
{
	static const char *const lines[] = {
		"node=a type=AVC msg=audit(100.000:1): x",
		"node=b type=AVC msg=audit(100.000:1): y",
	};
	struct seen s = { 0 };

	(void)state;
	feed(&s, lines, 2, true);
	assert_int_equal(s.n, 2);
	assert_non_null(strstr(s.events[0], "|1|"));
	assert_non_null(strstr(s.events[1], "|1|"));
	assert_true((s.events[0][0] == 'a' && s.events[1][0] == 'b') ||
		    (s.events[0][0] == 'b' && s.events[1][0] == 'a'));
}

static void
test_timeout_per_node(void **state)
{
	static const char *const lines[] = {
		"node=a type=AVC msg=audit(100.000:1): standalone",
		"node=b type=AVC msg=audit(200.000:7): other node, later clock",
		"node=a type=AVC msg=audit(101.999:2): within 2 s",
		"node=a type=AVC msg=audit(102.001:3): 2 s later",
		"node=a type=AVC msg=audit(102.002:4): x",
		"node=a type=AVC msg=audit(102.003:5): x",
		"node=a type=AVC msg=audit(102.004:6): x",
		"node=a type=AVC msg=audit(102.005:7): x",
		"node=a type=AVC msg=audit(102.006:8): x",
		"node=a type=AVC msg=audit(102.007:9): x",
		"node=a type=AVC msg=audit(102.008:10): x",
		"node=a type=AVC msg=audit(102.009:11): now event 1 is older than 2 s and quiet",
	};
	struct seen s = { 0 };

	(void)state;
	feed(&s, lines, ARRAY_SIZE(lines), false);
	/* Node b's clock does not close node a's events; node a's own clock does. */
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.events[0], "a|100.000:1|1|"));
}

/* The records of each event of @lines (in any order) must come out whole: "key|n" each. */
static void
assert_whole(const char *const *lines, size_t n, size_t events, size_t records_each)
{
	struct seen s = { 0 };
	char want[16];

	feed(&s, lines, n, true);
	assert_int_equal(s.n, events);
	snprintf(want, sizeof(want), "|%zu|", records_each);
	for (size_t i = 0; i < s.n; i++)
		assert_non_null(strstr(s.events[i], want));
}

static void
test_one_wild_time_splits_nothing(void **state)
{
	/* A record far in the future (a garbled line) between the records of other events. */
	static const char *const lines[] = {
		"type=SYSCALL msg=audit(100.000:1): a",
		"type=AVC msg=audit(100.000:1): a",
		"type=AVC msg=audit(4102444800.000:99): wild",
		"type=PATH msg=audit(100.000:1): a",
		"type=SYSCALL msg=audit(100.100:2): b",
		"type=PATH msg=audit(100.100:2): b",
		"type=CWD msg=audit(100.000:1): a",
		"type=CWD msg=audit(100.100:2): b",
		"type=SYSCALL msg=audit(100.200:3): c",
		"type=PATH msg=audit(100.200:3): c",
		"type=CWD msg=audit(100.200:3): c",
	};
	struct seen s = { 0 };

	(void)state;
	feed(&s, lines, ARRAY_SIZE(lines), true);
	assert_int_equal(s.n, 4);
	for (size_t i = 0; i < s.n; i++)
		if (!strstr(s.events[i], ":99|"))
			assert_true(strstr(s.events[i], "|3|") || strstr(s.events[i], "|4|"));
}

static void
test_out_of_order_rotations(void **state)
{
	/* The newer rotation first, then the older one (cat audit.log audit.log.1): each event's
	 * records come out together, with a quiet log in which events are far apart too. */
	static const char *const lines[] = {
		"type=SYSCALL msg=audit(5000.000:50): n1",
		"type=PATH msg=audit(5000.000:50): n1",
		"type=CWD msg=audit(5000.000:50): n1",
		"type=SYSCALL msg=audit(5100.000:51): n2",
		"type=PATH msg=audit(5100.000:51): n2",
		"type=CWD msg=audit(5100.000:51): n2",
		"type=SYSCALL msg=audit(100.000:1): o1",
		"type=PATH msg=audit(100.000:1): o1",
		"type=CWD msg=audit(100.000:1): o1",
		"type=SYSCALL msg=audit(200.000:2): o2",
		"type=PATH msg=audit(200.000:2): o2",
		"type=CWD msg=audit(200.000:2): o2",
		"type=SYSCALL msg=audit(300.000:3): o3",
		"type=PATH msg=audit(300.000:3): o3",
		"type=CWD msg=audit(300.000:3): o3",
	};

	(void)state;
	assert_whole(lines, ARRAY_SIZE(lines), 5, 3);
}

static void
test_quiet_log_keeps_events_whole(void **state)
{
	/* Events an hour apart, each of three records without an end record. */
	static const char *const lines[] = {
		"type=SYSCALL msg=audit(100.000:1): a",  "type=PATH msg=audit(100.000:1): a",
		"type=CWD msg=audit(100.000:1): a",      "type=SYSCALL msg=audit(3700.000:2): b",
		"type=PATH msg=audit(3700.000:2): b",    "type=CWD msg=audit(3700.000:2): b",
		"type=SYSCALL msg=audit(7300.000:3): c", "type=PATH msg=audit(7300.000:3): c",
		"type=CWD msg=audit(7300.000:3): c",
	};

	(void)state;
	assert_whole(lines, ARRAY_SIZE(lines), 3, 3);
}

static void
test_rewrites_to_plain_form(void **state)
{
	static const char *const lines[] = {
		"Jul  8 host kernel: audit: type=1400 audit(100.5:3): apparmor=\"DENIED\"",
	};
	struct seen s = { 0 };

	(void)state;
	feed(&s, lines, 1, true);
	assert_string_equal(s.events[0],
			    "-|100.500:3|1|type=AVC msg=audit(100.500:3): apparmor=\"DENIED\"\n");
}

static void
test_user_message_ends_event(void **state)
{
	static const char *const lines[] = {
		"type=USER_LOGIN msg=audit(100.000:1): pid=1 uid=0 msg='op=login res=success'",
	};
	struct seen s = { 0 };

	(void)state;
	feed(&s, lines, 1, false);
	assert_int_equal(s.n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleaved_events),
		cmocka_unit_test(test_nodes_are_kept_apart),
		cmocka_unit_test(test_timeout_per_node),
		cmocka_unit_test(test_one_wild_time_splits_nothing),
		cmocka_unit_test(test_out_of_order_rotations),
		cmocka_unit_test(test_quiet_log_keeps_events_whole),
		cmocka_unit_test(test_rewrites_to_plain_form),
		cmocka_unit_test(test_user_message_ends_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
