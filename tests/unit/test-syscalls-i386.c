/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The syscall table's i386 numbers (32-bit programs on x86_64) against asm/unistd_32.h and
 * libaudit. */
#include <asm/unistd_32.h>

#include "syscall-check.h"

static const struct kernel_number kernel[] = {
#include "syscalls-x86-common.inc"
	K(chown32),     K(fchown32),    K(lchown32),        K(setuid32),        K(setreuid32),
	K(setresuid32), K(setfsuid32),  K(setgid32),        K(setregid32),      K(setresgid32),
	K(setfsgid32),  K(setgroups32), K(clock_settime64), K(clock_adjtime64), K(truncate64),
};

static void
test_i386(void **state)
{
	(void)state;
	check_table(kernel, sizeof(kernel) / sizeof(kernel[0]), MACH_X86, AUDIT_ARCH_I386_VALUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_i386) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
