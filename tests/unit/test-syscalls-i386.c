/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The syscall table's i386 numbers (32-bit programs on x86_64) against asm/unistd_32.h and
 * libaudit. */
#include <asm/unistd_32.h>

#include "syscall-check.h"

static const struct kernel_number kernel[] = {
	K(bind),
	K(socket),
	K(chown),
	K(fchown),
	K(lchown),
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
	K(mknod),
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
	K(iopl),
	K(ioperm),
	K(setrlimit),
	K(prlimit64),
	K(setpriority),
	K(open),
	K(openat),
	K(creat),
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
	K(chown32),
	K(fchown32),
	K(lchown32),
	K(setuid32),
	K(setreuid32),
	K(setresuid32),
	K(setfsuid32),
	K(setgid32),
	K(setregid32),
	K(setresgid32),
	K(setfsgid32),
	K(setgroups32),
	K(clock_settime64),
	K(clock_adjtime64),
	K(truncate64),
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
