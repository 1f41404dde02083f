/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The syscall table's aarch64 numbers against the kernel's asm-generic/unistd.h (the table
 * aarch64 uses) and libaudit.
 */
/* What arm64's own uapi asm/unistd.h asks of the generic table before including it. */
#define __ARCH_WANT_RENAMEAT
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_TIME32_SYSCALLS
#define __ARCH_WANT_SYS_CLONE3
#include <asm-generic/unistd.h>

#include "syscall-check.h"

/* asm-generic has no chown, lchown, mknod, iopl or ioperm: only the *at forms. */
static const struct kernel_number kernel[] = {
	K(bind),
	K(socket),
	K(fchown),
	K(fchownat),
	K(setuid),
	K(setreuid),
	K(setresuid),
	K(setfsuid),
	K(setgid),
	K(setregid),
	K(setresgid),
	K(setfsgid),
	K(setgroups),
	K(mknodat),
	K(mount),
	K(umount2),
	K(unshare),
	K(setns),
	K(pivot_root),
	K(sethostname),
	K(setdomainname),
	K(swapon),
	K(swapoff),
	K(quotactl),
	K(chroot),
	K(ptrace),
	K(process_vm_readv),
	K(process_vm_writev),
	K(kill),
	K(tkill),
	K(tgkill),
	K(settimeofday),
	K(clock_settime),
	K(adjtimex),
	K(clock_adjtime),
	K(init_module),
	K(finit_module),
	K(delete_module),
	K(reboot),
	K(kexec_load),
	K(setrlimit),
	K(prlimit64),
	K(setpriority),
	K(openat),
	K(truncate),
	K(sched_setscheduler),
	K(sched_setparam),
	K(sched_setaffinity),
	K(mlock),
	K(mlockall),
	K(bpf),
	K(perf_event_open),
	K(acct),
	K(vhangup),
	K(syslog),
	K(open_by_handle_at),
};

static void
test_aarch64(void **state)
{
	(void)state;
	check_table(kernel, sizeof(kernel) / sizeof(kernel[0]), MACH_AARCH64,
		    AUDIT_ARCH_AARCH64_VALUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_aarch64) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
