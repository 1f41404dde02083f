/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for --since/--until values (run with TZ=UTC). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "leastpriv/base/timespec.h"

/* Wednesday 2025-11-19 14:30:15 UTC */
#define NOW ((time_t)1763562615)

static int64_t
at(const char *s)
{
	int64_t v = -1;

	assert_int_equal(timespec_parse(s, NOW, &v), 0);
	return v;
}

static void
test_keywords(void **state)
{
	(void)state;
	assert_int_equal(at("now"), NOW);
	assert_int_equal(at("recent"), NOW - 600);
	assert_int_equal(at("this-hour"), 1763560800);  /* 14:00:00 */
	assert_int_equal(at("today"), 1763510400);      /* 2025-11-19 00:00 */
	assert_int_equal(at("yesterday"), 1763424000);  /* 2025-11-18 00:00 */
	assert_int_equal(at("this-week"), 1763337600);  /* Monday 2025-11-17 */
	assert_int_equal(at("week-ago"), 1762905600);   /* 2025-11-12 00:00 */
	assert_int_equal(at("this-month"), 1761955200); /* 2025-11-01 */
	assert_int_equal(at("this-year"), 1735689600);  /* 2025-01-01 */
	assert_true(at("boot") <= NOW);
}

static void
test_explicit(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(at("2025-11-20"), 1763596800);
	assert_int_equal(at("2025-11-20 09:11:00"), 1763629860);
	assert_int_equal(at("2025-11-20T09:11"), 1763629860);
	assert_int_equal(at("11/20/2025 09:11:00"), 1763629860);
	assert_int_equal(at("09:11"), 1763543460); /* today at 09:11 */
	assert_int_equal(at("@1700000000"), 1700000000);
	assert_int_equal(timespec_parse("tomorrow", NOW, &v), -EINVAL);
	assert_int_equal(timespec_parse("2025-13-01", NOW, &v), -EINVAL);
	assert_int_equal(timespec_parse("2025-11-20 25:00", NOW, &v), -EINVAL);
	assert_int_equal(timespec_parse("2025-11-20x", NOW, &v), -EINVAL);
	assert_int_equal(timespec_parse("@12x", NOW, &v), -EINVAL);
	assert_int_equal(timespec_parse("", NOW, &v), -EINVAL);
}

static void
test_source_date_epoch(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1763562615", 1);
	assert_int_equal(timespec_now(), NOW);
	setenv("SOURCE_DATE_EPOCH", "garbage", 1);
	assert_true(timespec_now() > NOW);
	unsetenv("SOURCE_DATE_EPOCH");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_explicit),
		cmocka_unit_test(test_source_date_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
