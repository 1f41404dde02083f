/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The syscall to capability table: numbers per architecture and argument-aware rules. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/knowledge/syscalls.h"
#include "leastpriv/base/util.h"

static const char OTHER_UID[] = "also fails for a target the process may not signal or trace "
				"for other reasons (Yama, another user namespace)";
static const char SECCOMP[] = "the engine's default seccomp profile may block it whatever the "
			      "capabilities; --cap-add also lifts that rule";

static const char ROOT_DAC[] = "also fails on a file system that maps root to nobody (NFS "
			       "root_squash) or under a security module that logs no denial";

static const struct syscall_cap table[] = {
	{ "bind", 49, 200, 361, CAP_NET_BIND_SERVICE, RULE_LOW_PORT, 0, true,
	  "binding a port below net.ipv4.ip_unprivileged_port_start (1024 unless changed)" },
	{ "socket", 41, 198, 359, CAP_NET_RAW, RULE_RAW_SOCKET, 0, true, NULL },
	{ "chown", 92, -1, 182, CAP_CHOWN, RULE_ALWAYS, 0, true, NULL },
	{ "fchown", 93, 55, 95, CAP_CHOWN, RULE_ALWAYS, 0, true, NULL },
	{ "lchown", 94, -1, 16, CAP_CHOWN, RULE_ALWAYS, 0, true, NULL },
	{ "fchownat", 260, 54, 298, CAP_CHOWN, RULE_ALWAYS, 0, true, NULL },
	{ "setuid", 105, 146, 23, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setreuid", 113, 145, 70, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setresuid", 117, 147, 164, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setfsuid", 122, 151, 138, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setgid", 106, 144, 46, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setregid", 114, 143, 71, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setresgid", 119, 149, 170, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setfsgid", 123, 152, 139, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setgroups", 116, 159, 81, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "mknod", 133, -1, 14, CAP_MKNOD, RULE_DEVICE_NODE, 1, true, NULL },
	{ "mknodat", 259, 33, 297, CAP_MKNOD, RULE_DEVICE_NODE, 2, true, NULL },
	{ "mount", 165, 40, 21, CAP_SYS_ADMIN, RULE_ALWAYS, 0, true, SECCOMP },
	{ "umount2", 166, 39, 52, CAP_SYS_ADMIN, RULE_ALWAYS, 0, true, SECCOMP },
	{ "unshare", 272, 97, 310, CAP_SYS_ADMIN, RULE_ALWAYS, 0, true, SECCOMP },
	{ "setns", 308, 268, 346, CAP_SYS_ADMIN, RULE_ALWAYS, 0, true, SECCOMP },
	{ "pivot_root", 155, 41, 217, CAP_SYS_ADMIN, RULE_ALWAYS, 0, false,
	  "docker's default seccomp profile blocks pivot_root even with SYS_ADMIN" },
	{ "sethostname", 170, 161, 74, CAP_SYS_ADMIN, RULE_ALWAYS, 0, true, SECCOMP },
	{ "setdomainname", 171, 162, 121, CAP_SYS_ADMIN, RULE_ALWAYS, 0, true, SECCOMP },
	{ "swapon", 167, 224, 87, CAP_SYS_ADMIN, RULE_ALWAYS, 0, false,
	  "the default seccomp profiles block swapon whatever the capabilities" },
	{ "swapoff", 168, 225, 115, CAP_SYS_ADMIN, RULE_ALWAYS, 0, false,
	  "the default seccomp profiles block swapoff whatever the capabilities" },
	{ "quotactl", 179, 60, 131, CAP_SYS_ADMIN, RULE_ALWAYS, 0, true, NULL },
	{ "chroot", 161, 51, 61, CAP_SYS_CHROOT, RULE_ALWAYS, 0, true, NULL },
	{ "ptrace", 101, 117, 26, CAP_SYS_PTRACE, RULE_ALWAYS, 0, false, OTHER_UID },
	{ "process_vm_readv", 310, 270, 347, CAP_SYS_PTRACE, RULE_ALWAYS, 0, false, OTHER_UID },
	{ "process_vm_writev", 311, 271, 348, CAP_SYS_PTRACE, RULE_ALWAYS, 0, false, OTHER_UID },
	{ "kill", 62, 129, 37, CAP_KILL, RULE_ALWAYS, 0, false, OTHER_UID },
	{ "tkill", 200, 130, 238, CAP_KILL, RULE_ALWAYS, 0, false, OTHER_UID },
	{ "tgkill", 234, 131, 270, CAP_KILL, RULE_ALWAYS, 0, false, OTHER_UID },
	{ "settimeofday", 164, 170, 79, CAP_SYS_TIME, RULE_ALWAYS, 0, true, NULL },
	{ "clock_settime", 227, 112, 264, CAP_SYS_TIME, RULE_ALWAYS, 0, true, NULL },
	{ "adjtimex", 159, 171, 124, CAP_SYS_TIME, RULE_ALWAYS, 0, true, NULL },
	{ "clock_adjtime", 305, 266, 343, CAP_SYS_TIME, RULE_ALWAYS, 0, true, NULL },
	{ "init_module", 175, 105, 128, CAP_SYS_MODULE, RULE_ALWAYS, 0, true, NULL },
	{ "finit_module", 313, 273, 350, CAP_SYS_MODULE, RULE_ALWAYS, 0, true, NULL },
	{ "delete_module", 176, 106, 129, CAP_SYS_MODULE, RULE_ALWAYS, 0, true, NULL },
	{ "reboot", 169, 142, 88, CAP_SYS_BOOT, RULE_ALWAYS, 0, true, NULL },
	{ "kexec_load", 246, 104, 283, CAP_SYS_BOOT, RULE_ALWAYS, 0, true, NULL },
	{ "iopl", 172, -1, 110, CAP_SYS_RAWIO, RULE_ALWAYS, 0, true, NULL },
	{ "ioperm", 173, -1, 101, CAP_SYS_RAWIO, RULE_ALWAYS, 0, true, NULL },
	{ "setrlimit", 160, 164, 75, CAP_SYS_RESOURCE, RULE_ALWAYS, 0, false,
	  "fails too when a soft limit is set above the hard limit" },
	{ "prlimit64", 302, 261, 340, CAP_SYS_RESOURCE, RULE_ALWAYS, 0, false,
	  "fails too for another user's process or a soft limit above the hard one" },
	{ "setpriority", 141, 140, 97, CAP_SYS_NICE, RULE_EACCES, 0, true, NULL },
	/* root refused by a file's mode: the DAC capabilities were dropped (recorded for root). */
	{ "open", 2, -1, 5, CAP_DAC_OVERRIDE, RULE_ROOT_DAC, 1, false, ROOT_DAC },
	{ "openat", 257, 56, 295, CAP_DAC_OVERRIDE, RULE_ROOT_DAC, 2, false, ROOT_DAC },
	{ "creat", 85, -1, 8, CAP_DAC_OVERRIDE, RULE_ROOT_DAC, -1, false, ROOT_DAC },
	{ "truncate", 76, 45, 92, CAP_DAC_OVERRIDE, RULE_ROOT_DAC, -1, false, ROOT_DAC },
	{ "sched_setscheduler", 144, 119, 156, CAP_SYS_NICE, RULE_ALWAYS, 0, true, NULL },
	{ "sched_setparam", 142, 118, 154, CAP_SYS_NICE, RULE_ALWAYS, 0, true, NULL },
	{ "sched_setaffinity", 203, 122, 241, CAP_SYS_NICE, RULE_ALWAYS, 0, false, OTHER_UID },
	{ "mlock", 149, 228, 150, CAP_IPC_LOCK, RULE_ALWAYS, 0, false,
	  "a larger --ulimit memlock= is the narrower fix" },
	{ "mlockall", 151, 230, 152, CAP_IPC_LOCK, RULE_ALWAYS, 0, false,
	  "a larger --ulimit memlock= is the narrower fix" },
	{ "bpf", 321, 280, 357, CAP_BPF, RULE_ALWAYS, 0, false,
	  "before Linux 5.8 bpf needs SYS_ADMIN; kernel.unprivileged_bpf_disabled matters too" },
	{ "perf_event_open", 298, 241, 336, CAP_PERFMON, RULE_ALWAYS, 0, false,
	  "kernel.perf_event_paranoid decides too; before Linux 5.8 it needs SYS_ADMIN" },
	{ "acct", 163, 89, 51, CAP_SYS_PACCT, RULE_ALWAYS, 0, true, NULL },
	{ "vhangup", 153, 58, 111, CAP_SYS_TTY_CONFIG, RULE_ALWAYS, 0, true, NULL },
	{ "syslog", 103, 116, 103, CAP_SYSLOG, RULE_ALWAYS, 0, false,
	  "kernel.dmesg_restrict decides too" },
	{ "open_by_handle_at", 304, 265, 342, CAP_DAC_READ_SEARCH, RULE_ALWAYS, 0, true, NULL },
	/* i386 only: the 32-bit id calls (the plain ones take 16-bit ids) and the time64 calls. */
	{ "chown32", -1, -1, 212, CAP_CHOWN, RULE_ALWAYS, 0, true, NULL },
	{ "fchown32", -1, -1, 207, CAP_CHOWN, RULE_ALWAYS, 0, true, NULL },
	{ "lchown32", -1, -1, 198, CAP_CHOWN, RULE_ALWAYS, 0, true, NULL },
	{ "setuid32", -1, -1, 213, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setreuid32", -1, -1, 203, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setresuid32", -1, -1, 208, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setfsuid32", -1, -1, 215, CAP_SETUID, RULE_ALWAYS, 0, true, NULL },
	{ "setgid32", -1, -1, 214, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setregid32", -1, -1, 204, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setresgid32", -1, -1, 210, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setfsgid32", -1, -1, 216, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "setgroups32", -1, -1, 206, CAP_SETGID, RULE_ALWAYS, 0, true, NULL },
	{ "clock_settime64", -1, -1, 404, CAP_SYS_TIME, RULE_ALWAYS, 0, true, NULL },
	{ "clock_adjtime64", -1, -1, 405, CAP_SYS_TIME, RULE_ALWAYS, 0, true, NULL },
	{ "truncate64", -1, -1, 193, CAP_DAC_OVERRIDE, RULE_ROOT_DAC, -1, false, ROOT_DAC },
};

const struct syscall_cap *
syscall_cap_table(size_t *ret_n)
{
	*ret_n = ARRAY_SIZE(table);
	return table;
}

const struct syscall_cap *
syscall_cap_lookup(unsigned arch, int nr)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		int want = arch == AUDIT_ARCH_X86_64_VALUE    ? table[i].nr_x86_64
			   : arch == AUDIT_ARCH_AARCH64_VALUE ? table[i].nr_aarch64
			   : arch == AUDIT_ARCH_I386_VALUE    ? table[i].nr_i386
							      : -2;

		if (want >= 0 && want == nr)
			return &table[i];
	}
	return NULL;
}

bool
syscall_cap_applies(const struct syscall_cap *sc, const struct event *ev)
{
	if (ev->success != 0 || !ev->has_exit || (ev->exit != -EPERM && ev->exit != -EACCES))
		return false;
	switch (sc->rule) {
	case RULE_ALWAYS:
		return true;
	case RULE_LOW_PORT:
		/* Without the SOCKADDR record the port is unknown: not enough to say. */
		return ev->exit == -EACCES && ev->sock_port > 0 && ev->sock_port < 1024;
	case RULE_RAW_SOCKET: {
		unsigned long long family = ev->sysargs[0], type = ev->sysargs[1] & 0xf;

		return ev->exit == -EPERM &&
		       (family == AF_PACKET ||
			((family == AF_INET || family == AF_INET6) && type == SOCK_RAW));
	}
	case RULE_DEVICE_NODE: {
		unsigned long long fmt = ev->sysargs[sc->arg] & S_IFMT;

		return ev->exit == -EPERM && (fmt == S_IFCHR || fmt == S_IFBLK);
	}
	case RULE_EACCES:
		return ev->exit == -EACCES;
	case RULE_ROOT_DAC:
		/* Root is refused by a mode only without the DAC capabilities. */
		return ev->exit == -EACCES && ev->uid == 0;
	case RULE_MAX:
	default:
		return false;
	}
}

int
syscall_cap_needed(const struct syscall_cap *sc, const struct event *ev)
{
	if (sc->rule == RULE_ROOT_DAC && sc->arg >= 0 && sc->arg < 4) {
		unsigned long long flags = ev->sysargs[sc->arg];

		/* Reading (and searching directories) needs only DAC_READ_SEARCH. */
		if ((flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_TRUNC)))
			return CAP_DAC_READ_SEARCH;
	}
	return sc->cap;
}

bool
syscall_cap_root_only(const struct syscall_cap *sc)
{
	return sc->rule == RULE_ROOT_DAC;
}

bool
syscall_default_profile_allows(const char *name)
{
	/* moby/profiles seccomp/default.json: names in its unconditional SCMP_ACT_ALLOW rule */
	static const char *const allowed[] = {
		"accept",        "accept4",   "access",       "bind",           "brk",
		"chdir",         "chmod",     "chown",        "clone",          "close",
		"connect",       "dup",       "dup2",         "dup3",           "epoll_create",
		"epoll_create1", "epoll_ctl", "epoll_wait",   "execve",         "exit",
		"exit_group",    "fchdir",    "fchmod",       "fchown",         "fcntl",
		"fork",          "fstat",     "fsync",        "futex",          "getcwd",
		"getdents64",    "getegid",   "geteuid",      "getgid",         "getpid",
		"getppid",       "getuid",    "ioctl",        "kill",           "listen",
		"lseek",         "lstat",     "madvise",      "mkdir",          "mmap",
		"mprotect",      "munmap",    "nanosleep",    "open",           "openat",
		"pipe",          "pipe2",     "poll",         "prctl",          "pread64",
		"pwrite64",      "read",      "readlink",     "recvfrom",       "recvmsg",
		"rename",        "rmdir",     "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
		"select",        "sendmsg",   "sendto",       "setgid",         "setgroups",
		"setsid",        "setuid",    "socket",       "stat",           "statfs",
		"symlink",       "umask",     "uname",        "unlink",         "wait4",
		"write",         "writev",
	};

	return name && str_in_list(name, allowed, ARRAY_SIZE(allowed));
}
