/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for record headers: every shape of line the reader accepts or refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libaudit.h>

#include "leastpriv/ingest/record.h"

static enum record_scan
scan(const char *line, size_t from, struct record *r, size_t *next)
{
	const char *why = NULL;

	return record_scan(line, strlen(line), from, r, next, &why);
}

static void
test_plain(void **state)
{
	const char *l =
		"type=AVC msg=audit(1763629921.114:4021): avc:  denied  { read } for  pid=7";
	struct record r;
	size_t next;

	(void)state;
	assert_int_equal(scan(l, 0, &r, &next), RECORD_FOUND);
	assert_int_equal(r.type, AUDIT_AVC);
	assert_int_equal(r.sec, 1763629921);
	assert_int_equal(r.ms, 114);
	assert_int_equal(r.serial, 4021);
	assert_null(r.node);
	assert_null(r.enrich);
	assert_int_equal(r.body_len, strlen("avc:  denied  { read } for  pid=7"));
	assert_memory_equal(r.body, "avc:  denied", 12);
	assert_int_equal(next, strlen(l));
	assert_int_equal(scan(l, next, &r, &next), RECORD_END);
}

static void
test_node_and_enrichment(void **state)
{
	const char *l = "node=web1 type=SYSCALL msg=audit(1.500:9): arch=c000003e syscall=2"
			"\x1d"
			"ARCH=x86_64 SYSCALL=open";
	struct record r;
	size_t next;

	(void)state;
	assert_int_equal(scan(l, 0, &r, &next), RECORD_FOUND);
	assert_int_equal(r.type, AUDIT_SYSCALL);
	assert_int_equal(r.node_len, 4);
	assert_memory_equal(r.node, "web1", 4);
	assert_int_equal(r.ms, 500);
	assert_int_equal(r.body_len, strlen("arch=c000003e syscall=2"));
	assert_non_null(r.enrich);
	assert_int_equal(r.enrich_len, strlen("ARCH=x86_64 SYSCALL=open"));
}

static void
test_syslog_and_numeric_type(void **state)
{
	const char *l = "Jul  8 10:31:23 host kernel: [  270.853767] audit: type=1400 "
			"audit(1625740283.502:574): apparmor=\"DENIED\" operation=\"open\"";
	struct record r;
	size_t next;

	(void)state;
	assert_int_equal(scan(l, 0, &r, &next), RECORD_FOUND);
	assert_int_equal(r.type, 1400);
	assert_int_equal(r.serial, 574);
	assert_memory_equal(r.body, "apparmor=", 9);
}

static void
test_several_records_on_one_line(void **state)
{
	const char *l = "node=a type=PATH msg=audit(5.000:1): item=0 name=\"/x\" nametype=NORMAL "
			"node=b type=CWD msg=audit(5.000:1):  cwd=\"/\"";
	struct record r;
	size_t next;

	(void)state;
	assert_int_equal(scan(l, 0, &r, &next), RECORD_FOUND);
	assert_int_equal(r.type, AUDIT_PATH);
	assert_memory_equal(r.node, "a", 1);
	/* The body stops before the next record's node= and nametype= is not a header. */
	assert_int_equal(r.body_len, strlen("item=0 name=\"/x\" nametype=NORMAL"));
	assert_int_equal(scan(l, next, &r, &next), RECORD_FOUND);
	assert_int_equal(r.type, AUDIT_CWD);
	assert_memory_equal(r.node, "b", 1);
	assert_memory_equal(r.body, "cwd=", 4);
	assert_int_equal(scan(l, next, &r, &next), RECORD_END);
}

static void
test_interpreted_dates(void **state)
{
	struct record r;
	size_t next;

	(void)state;
	assert_int_equal(
		scan("type=AVC msg=audit(01/15/2024 11:21:17.704:345) : avc: x", 0, &r, &next),
		RECORD_FOUND);
	assert_int_equal(r.sec, 1705317677);
	assert_int_equal(r.ms, 704);
	assert_int_equal(r.serial, 345);
	assert_memory_equal(r.body, "avc: x", 6);
	assert_int_equal(scan("type=AVC msg=audit(15.01.2024 11:21:17.704:345) : a", 0, &r, &next),
			 RECORD_FOUND);
	assert_int_equal(r.sec, 1705317677);
	assert_int_equal(scan("type=AVC msg=audit(2024-01-15 11:21:17.704:345) : a", 0, &r, &next),
			 RECORD_FOUND);
	assert_int_equal(r.sec, 1705317677);
}

static void
test_bad_headers(void **state)
{
	const char *why = NULL;
	struct record r;
	size_t next;
	const char *bad[] = {
		"type=AVC msg=audit(abc:1): x",
		"type=AVC msg=audit(12799=====8288.415:39): x",
		"type=AVC msg=audit(1.5): x",
		"type=AVC msg=audit(1.5:",
		"type=AVC msg=audit(99/99/2024 11:21:17.704:345) : x",
		/* after the year 9999, and past what int64 milliseconds hold */
		"type=AVC msg=audit(253402300800.000:1): x",
		"type=AVC msg=audit(20000000000000000.000:1): x",
		"type=AVC msg=audit(9999999999999999999.000:1): x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(record_scan(bad[i], strlen(bad[i]), 0, &r, &next, &why),
				 RECORD_BAD_HEADER);
		assert_int_equal(r.type, AUDIT_AVC);
		assert_non_null(why);
	}
	assert_int_equal(scan("no header here at all", 0, &r, &next), RECORD_END);
	assert_int_equal(scan("xtype=AVC msg=audit(1.000:1): x", 0, &r, &next), RECORD_END);
	assert_int_equal(scan("", 0, &r, &next), RECORD_END);
}

static void
test_separators(void **state)
{
	(void)state;
	assert_true(record_is_separator("----", 4));
	assert_true(record_is_separator("time->Fri Aug 23 09:38:48 2024", 30));
	assert_false(record_is_separator("type=AVC", 8));
}

static void
test_unknown_type_name(void **state)
{
	struct record r;
	size_t next;

	(void)state;
	assert_int_equal(scan("type=NOT_A_TYPE msg=audit(1.000:1): x", 0, &r, &next), RECORD_FOUND);
	assert_int_equal(r.type, -1);
	assert_int_equal(scan("type=UNKNOWN[1336] msg=audit(1.000:1): x", 0, &r, &next),
			 RECORD_FOUND);
	assert_int_equal(r.type, 1336);
}

/* A user message's msg='...' is its sender's text: a header in it is never a record. */
static void
test_user_message_text_is_not_records(void **state)
{
	static const char *const forged[] = {
		"type=USER_AVC msg=audit(100.000:1): pid=9 uid=0 auid=4294967295 ses=1 "
		"subj=system_u:system_r:container_t:s0:c5,c6 msg='x type=AVC "
		"msg=audit(4102444800.000:9): avc:  denied  { sys_admin } for pid=1 "
		"tclass=capability'",
		/* the sender closes the quote itself, then writes a whole record */
		"type=USER_CMD msg=audit(100.000:1): pid=9 uid=0 msg='cmd=x' type=AVC "
		"msg=audit(100.000:9): avc:  denied  { read } '",
		/* the ausearch -i and console renderings */
		"node=h type=USER_AVC msg=audit(01/15/2024 11:21:17.704:345) : pid=9 msg='a "
		"type=EOE msg=audit(1.000:2): '",
		"kernel: audit: type=1107 audit(100.5:3): pid=1 msg='x type=1400 audit(1.000:2): "
		"y'",
	};
	struct record r;
	size_t next;

	(void)state;
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		const char *l = forged[i];

		assert_int_equal(scan(l, 0, &r, &next), RECORD_FOUND);
		assert_true(r.carries_header);
		assert_non_null(r.sender_text);
		assert_int_equal(next, strlen(l));
		assert_int_equal(scan(l, next, &r, &next), RECORD_END);
	}
	/* A record glued after a user message's closing quote is still read. */
	{
		const char *l = "type=USER_END msg=audit(100.000:1): pid=1 msg='op=x res=success' "
				"type=SYSCALL msg=audit(100.000:2): arch=c000003e";
		const char *subj;
		size_t len;

		assert_int_equal(scan(l, 0, &r, &next), RECORD_FOUND);
		assert_false(r.carries_header);
		assert_false(record_kernel_field(&r, "res", &subj, &len));
		assert_int_equal(scan(l, next, &r, &next), RECORD_FOUND);
		assert_int_equal(r.type, AUDIT_SYSCALL);
		assert_int_equal(r.serial, 2);
	}
	/* The kernel's fields come before the sender's text; a subj= in the text is a claim. */
	{
		const char *l =
			"type=USER_AVC msg=audit(100.000:1): pid=1 uid=0 msg='subj=forged_t "
			"scontext=x'";
		const char *v;
		size_t len;

		assert_int_equal(scan(l, 0, &r, &next), RECORD_FOUND);
		assert_false(record_kernel_field(&r, "subj", &v, &len));
		assert_true(record_kernel_field(&r, "uid", &v, &len));
		assert_int_equal(len, 1);
	}
}

/* The renderings without the record's header: journald's, and bare messages. */
static void
test_rendered(void **state)
{
	/* 2026-06-01 12:00:00 UTC: "May 24" is this year's, "Dec 30" last year's */
	const time_t now = 1780315200;
	struct record r;
	const char *j = "May 24 03:04:10 host audit[2199830]: AVC avc:  denied  { read } for  "
			"pid=1 scontext=a tclass=file permissive=0";
	const char *p = "Jun 20 08:01:43 localhost audit: PROCTITLE proctitle=2F62696E";
	const char *bare = "dbus-broker[704]: avc:  denied  { send_msg } for scontext=a";
	const char *aa = "apparmor=\"DENIED\" operation=\"mount\" profile=\"docker-x\"";
	const char *iso = "2024-05-24T03:04:10.123+02:00 h audit[1]: SECCOMP auid=1 code=0x50000";

	(void)state;
	assert_true(record_scan_rendered(j, strlen(j), now, &r));
	assert_int_equal(r.type, 1400);
	assert_true(r.rendered);
	assert_int_equal(r.sec, 1779591850); /* 2026-05-24 03:04:10 UTC (TZ=UTC in tests) */
	assert_true(strncmp(r.body, "avc:  denied", 12) == 0);
	assert_true(record_scan_rendered(p, strlen(p), now, &r));
	assert_int_equal(r.type, 1327);
	assert_true(strncmp(r.body, "proctitle=", 10) == 0);
	assert_true(record_scan_rendered(bare, strlen(bare), now, &r));
	assert_int_equal(r.type, 1400);
	assert_int_equal(r.sec, 0);
	assert_true(record_scan_rendered(aa, strlen(aa), now, &r));
	assert_int_equal(r.type, 1400);
	assert_true(strncmp(r.body, "apparmor=", 9) == 0);
	assert_true(record_scan_rendered(iso, strlen(iso), now, &r));
	assert_int_equal(r.type, 1326);
	assert_int_equal(r.sec, 1716512650); /* 01:04:10 UTC */
	assert_true(record_scan_rendered("Dec 30 23:00:00 h audit[1]: AVC avc:  denied  x", 47, now,
					 &r));
	assert_int_equal(r.sec, 1767135600); /* 2025-12-30: last year's */
	/* not records: an unknown type, lower case, prose that mentions avc */
	assert_false(record_scan_rendered("x audit[1]: NOTATYPE y", 22, now, &r));
	assert_false(record_scan_rendered("x audit: started", 16, now, &r));
	assert_false(record_scan_rendered("the avc: cache was flushed", 26, now, &r));
	assert_false(record_scan_rendered("garbage line", 12, now, &r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_node_and_enrichment),
		cmocka_unit_test(test_syslog_and_numeric_type),
		cmocka_unit_test(test_several_records_on_one_line),
		cmocka_unit_test(test_interpreted_dates),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_unknown_type_name),
		cmocka_unit_test(test_user_message_text_is_not_records),
		cmocka_unit_test(test_rendered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
