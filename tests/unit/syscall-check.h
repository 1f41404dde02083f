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

/* The table's number of @sc on the audit arch @arch. */
static int
number_for(const struct syscall_cap *sc, unsigned arch)
{
	return arch == AUDIT_ARCH_X86_64_VALUE ? sc->nr_x86_64
	       : arch == AUDIT_ARCH_I386_VALUE ? sc->nr_i386
					       : sc->nr_aarch64;
}

static void
check_table(const struct kernel_number *kernel, size_t n_kernel, int machine, unsigned arch)
{
	size_t n, checked = 0;
	const struct syscall_cap *t = syscall_cap_table(&n);

	for (size_t i = 0; i < n; i++) {
		int ours = number_for(&t[i], arch);
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
		/* libaudit's i386 table spells kexec_load "sys_kexec_load" (rules use its spelling)
		 */
		if (strcmp(audit_syscall_to_name(ours, machine), t[i].name) != 0 &&
		    !(arch == AUDIT_ARCH_I386_VALUE &&
		      strncmp(audit_syscall_to_name(ours, machine), "sys_", 4) == 0 &&
		      strcmp(audit_syscall_to_name(ours, machine) + 4, t[i].name) == 0))
			fail_msg("%s: libaudit names %d %s", t[i].name, ours,
				 audit_syscall_to_name(ours, machine));
		assert_ptr_equal(syscall_cap_lookup(arch, ours), &t[i]);
		checked++;
	}
	assert_true(checked > 40);
}
