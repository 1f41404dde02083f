/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The syscall table's x86_64 numbers against the kernel's asm/unistd_64.h and libaudit. */
#include <asm/unistd_64.h>

#include "syscall-check.h"

static const struct kernel_number kernel[] = {
#include "syscalls-x86-common.inc"
};

static void
test_x86_64(void **state)
{
	(void)state;
	check_table(kernel, sizeof(kernel) / sizeof(kernel[0]), MACH_86_64,
		    AUDIT_ARCH_X86_64_VALUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_x86_64) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
