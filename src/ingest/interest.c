/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 1c: byte checks on raw records, cheap enough for every line of the log. */
#include <stdio.h>
#include <stdlib.h>
#include <libaudit.h>

#include "leastpriv/ingest/interest.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/knowledge/syscalls.h"
#include "leastpriv/base/util.h"

/*
 * A container domain in a SYSCALL record's subj=: most syscall events are the host's, and ':'
 * appears in a record body almost only inside SELinux contexts.
 */
static bool
is_container_subject(const char *body, size_t len)
{
	const char *p = body, *end = body + len;

	while (p < end && (p = memchr(p, ':', (size_t)(end - p)))) {
		size_t left = (size_t)(end - p);

		if (mem_startswith(p, left, ":spc_t:") || mem_startswith(p, left, ":container_") ||
		    mem_startswith(p, left, ":svirt_"))
			return true;
		p++;
	}
	return false;
}

/*
 * Whether an EXECVE record's a0 names an engine client, runtime or monitor: a0="docker",
 * a0="/usr/bin/podman", a0="/usr/sbin/runc" (the kernel hex-encodes it only when it holds odd
 * bytes, which no such path does).
 */
static bool
is_engine_command(const struct record *r)
{
	size_t len = r->body_len < 200 ? r->body_len : 200;
	char needle[40];

	for (size_t i = 0; engine_exec_name(i); i++) {
		int n = snprintf(needle, sizeof(needle), "%s\" ", engine_exec_name(i));

		if (mem_find(r->body, len, needle, (size_t)n))
			return true;
	}
	return false;
}

/* Whether the record's syscall is one the capability table knows, by its arch's numbers. */
static bool
is_gated_syscall(const struct record *r)
{
	const char *arch = mem_find(r->body, r->body_len, "arch=", 5);
	long long nr = record_body_number(r, " syscall=");
	unsigned long a;

	if (!arch || nr < 0)
		return false;
	a = strtoul(arch + 5, NULL, 16);
	return syscall_cap_lookup((unsigned)a, (int)nr) != NULL;
}

unsigned
interest_of_record(const struct record *r)
{
	switch (r->type) {
	case AUDIT_AVC:
	case AUDIT_USER_AVC:
	case AUDIT_SELINUX_ERR:
	case AUDIT_SECCOMP:
		return INTEREST_MAC;
	case AUDIT_EXECVE:
		return is_engine_command(r) ? INTEREST_ENGINE : 0;
	case AUDIT_SYSCALL:
		/* A failed syscall matters only when a capability gates it. */
		if (mem_find(r->body, r->body_len, " success=no ", 12) &&
		    (is_gated_syscall(r) || mem_find(r->body, r->body_len, " exit=-30 ", 10)))
			return INTEREST_FAILED; /* -30: EROFS, a write to a read-only mount */
		return is_container_subject(r->body, r->body_len) ? INTEREST_CONTAINER : 0;
	default:
		return 0;
	}
}
