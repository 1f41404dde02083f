/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The syscall table's x86_64 numbers against the kernel's asm/unistd_64.h and libaudit. */
#include <asm/unistd_64.h>

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
