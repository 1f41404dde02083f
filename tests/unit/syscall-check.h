/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared body of the syscall table tests: every number in leastpriv's table must equal the
 * kernel header's (KERNEL_NUMBERS, built by the including file from one architecture's
 * unistd.h) and name the same syscall in libaudit's table for that architecture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libaudit.h>

#include "leastpriv/knowledge/syscalls.h"

struct kernel_number {
	const char *name;
	int nr;
};

#define K(name)                                                                                    \
	{                                                                                          \
#name, __NR_##name                                                                 \
	}

static void
check_table(const struct kernel_number *kernel, size_t n_kernel, int machine, bool x86)
{
	size_t n, checked = 0;
	const struct syscall_cap *t = syscall_cap_table(&n);

	for (size_t i = 0; i < n; i++) {
		int ours = x86 ? t[i].nr_x86_64 : t[i].nr_aarch64;
		const struct kernel_number *k = NULL;

		for (size_t j = 0; j < n_kernel; j++)
			if (strcmp(kernel[j].name, t[i].name) == 0)
				k = &kernel[j];
		if (ours < 0) {
			/* Absent from our table for this arch: the header must not have it either.
			 */
			assert_null(k);
			continue;
		}
		if (!k)
			fail_msg("%s: not in the list of kernel numbers this test checks",
				 t[i].name);
		if (k->nr != ours)
			fail_msg("%s: table says %d, kernel header says %d", t[i].name, ours,
				 k->nr);
		assert_string_equal(audit_syscall_to_name(ours, machine), t[i].name);
		assert_ptr_equal(
			syscall_cap_lookup(x86 ? AUDIT_ARCH_X86_64_VALUE : AUDIT_ARCH_AARCH64_VALUE,
					   ours),
			&t[i]);
		checked++;
	}
	assert_true(checked > 40);
}
