/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The trust boundary (README, "What leastpriv trusts").  What the kernel writes about a
 * record's subject (the header, subj=, pid, auid, exe, and the fields of its own records) is
 * evidence; the text of a user-space message is whatever its sender wrote.  This module owns
 * the rules that follow (which SELinux classes only the kernel decides, which senders may
 * report on other subjects) and the sink for records that claimed more than their sender
 * could: each is counted, the first of each kind kept with its place, and none becomes
 * evidence.
 */
#ifndef LEASTPRIV_TRUST_H
#define LEASTPRIV_TRUST_H

#include <stdbool.h>
#include <stddef.h>

enum claim_kind {
	CLAIM_EMBEDDED_RECORD,  /* a user message's text held a record header */
	CLAIM_OTHER_SUBJECT,    /* a user-space decision, sent from a container or an unlabelled
				   process, about another subject */
	CLAIM_KERNEL_CLASS,     /* a user-space decision on a class only the kernel checks */
	CLAIM_CONTAINER_ENGINE, /* an engine command run inside a container (not a login user's) */
	CLAIM_NOT_ENGINE,       /* a command named like an engine whose executable is not one */
	CLAIM_MAX
};

struct claim_example {
	char *file; /* NULL until the first claim of the kind */
	unsigned long line;
	char *sender; /* the sender as the kernel names it (its label or executable), raw */
};

struct claims {
	size_t count[CLAIM_MAX];
	struct claim_example first[CLAIM_MAX];
};

void claims_init(struct claims *c);
void claims_done(struct claims *c);
/* Count one claim of @kind read at @file:@line from @sender (may be NULL); both are copied. */
void claims_add(struct claims *c, enum claim_kind kind, const char *file, unsigned long line,
		const char *sender);
size_t claims_total(const struct claims *c);
/* A stable lowercase name for JSON, and a sentence for people. */
const char *claim_kind_name(enum claim_kind kind);
const char *claim_kind_words(enum claim_kind kind);

/*
 * Whether SELinux class @tclass is one only the kernel checks (capability, file, sockets,
 * process, ...: the kernel's classmap), so that no user-space object manager can report a
 * decision on it.
 */
bool trust_is_kernel_class(const char *tclass);
/*
 * Whether AppArmor operation @op belongs to the kernel (capable, file operations, mount,
 * signal, ptrace, ...), as opposed to a user-space mediator's (dbus_*).
 */
bool trust_is_kernel_apparmor_op(const char *op);

#endif
