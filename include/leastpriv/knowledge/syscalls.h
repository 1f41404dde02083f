/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which capability a failed syscall reveals.  A capability that a container lacks fails in the
 * kernel before any security module is asked, so the only evidence is the failed syscall itself
 * (SYSCALL success=no exit=-EPERM or -EACCES), recorded when an audit rule asks for it.  The
 * table gives each capability-gated syscall's numbers on x86_64, aarch64 and i386 (32-bit
 * programs on x86_64 hosts; tested against the kernel's headers) and the rule that decides, from
 * the arguments, whether the failure really was the capability.
 */
#ifndef LEASTPRIV_SYSCALLS_H
#define LEASTPRIV_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/ingest/event.h"

/* Audit arch values (linux/audit.h: EM_* | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE). */
#define AUDIT_ARCH_X86_64_VALUE  0xc000003eU
#define AUDIT_ARCH_AARCH64_VALUE 0xc00000b7U
#define AUDIT_ARCH_I386_VALUE    0x40000003U

enum syscall_rule {
	RULE_ALWAYS,      /* any EPERM/EACCES failure */
	RULE_LOW_PORT,    /* bind(): only below 1024 (port from the SOCKADDR record) */
	RULE_RAW_SOCKET,  /* socket(): SOCK_RAW of AF_INET/AF_INET6, or AF_PACKET */
	RULE_DEVICE_NODE, /* mknod(): only character or block devices (mode in argument @arg) */
	RULE_EACCES,      /* only EACCES (setpriority lowering nice) */
	RULE_ROOT_DAC,    /* EACCES of a process running as root: file permissions (open flags in
			     argument @arg, -1 for a write) */
	RULE_MAX
};

struct syscall_cap {
	const char *name;
	int nr_x86_64;  /* -1: no such syscall on x86_64 */
	int nr_aarch64; /* -1: no such syscall on aarch64 (asm-generic) */
	int nr_i386;    /* -1: no such syscall on i386 (32-bit programs on x86_64) */
	int cap;        /* the capability that gates it */
	enum syscall_rule rule;
	int arg;                  /* the argument the rule reads, when it reads one */
	bool sure;                /* a failure has hardly any other cause */
	const char *other_causes; /* what else makes it fail, or NULL */
};

/* The entry for syscall @nr on audit arch @arch, or NULL when it is not capability-gated. */
const struct syscall_cap *syscall_cap_lookup(unsigned arch, int nr);
/* The whole table (for tests and for `leastpriv rules`); *ret_n gets its length. */
const struct syscall_cap *syscall_cap_table(size_t *ret_n);
/*
 * Whether the failed syscall of @ev (success=no, exit -EPERM or -EACCES) reveals the missing
 * capability of entry @sc, by the entry's rule.
 */
bool syscall_cap_applies(const struct syscall_cap *sc, const struct event *ev);
/*
 * The capability the failure of @ev shows missing: the entry's, except where the arguments
 * ask for less (a read-only open needs DAC_READ_SEARCH, not DAC_OVERRIDE).
 */
int syscall_cap_needed(const struct syscall_cap *sc, const struct event *ev);
/*
 * Whether the engines' default seccomp profiles (moby's default.json, which podman's
 * seccomp.json follows) allow syscall @name to every container: a refusal of it came from
 * another filter.
 */
bool syscall_default_profile_allows(const char *name);
/* Whether the entry's failures are recorded only for processes running as root (-F euid=0). */
bool syscall_cap_root_only(const struct syscall_cap *sc);

#endif
