/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 5: the advisors.  Each analyzer owns one kind of problem: it claims the findings that
 * are its own, then turns them into advice (the prose written next to it, the fix as
 * operations).  recommend.c runs the table in order on each container: every finding goes to
 * the first analyzer that claims it, so the order of the table is the order of precedence
 * (a module probe is noise before it is a capability; a capability no record named is a
 * review before it is part of a set).  Adding a kind of advice is one analyzer and one line of
 * the table.  Facts come from container-selinux and the engines' documentation (README).
 */
#ifndef LEASTPRIV_ANALYZER_H
#define LEASTPRIV_ANALYZER_H

#include <stdbool.h>

#include "leastpriv/advise/advice.h"
#include "leastpriv/base/hmap.h"

/* What an analyzer may know beyond its container's findings. */
struct advise_context {
	const struct container *container;
	struct container_advice *out; /* where its advice goes */
	/* How many containers were denied the object of @key (NULL: one, this one). */
	size_t (*sharers)(const void *data, const char *key);
	const void *sharers_data;
	const char *seccomp_dir;    /* where seccomp profiles will be written, or NULL */
	struct hmap *profile_names; /* the profile names given so far, so that none repeats */
	bool kubernetes;            /* the evidence shows a Kubernetes workload */
};

struct analyzer {
	const char *name;
	/* Whether @f is this analyzer's (asked only of findings no earlier one claimed). */
	bool (*claims)(const struct advise_context *c, const struct finding *f);
	/* Advice on the findings it claimed, in the container's order (@n may be 0). */
	void (*advise)(struct advise_context *c, const struct finding **fs, size_t n);
};

/* The table, in order of precedence, NULL-terminated. */
extern const struct analyzer *const analyzers[];
/* The analyzer of that name, or NULL. */
const struct analyzer *analyzer_named(const char *name);

extern const struct analyzer analyzer_privileged, analyzer_engine_socket, analyzer_noise,
	analyzer_mac, analyzer_capabilities, analyzer_unnamed_capability, analyzer_shared_content,
	analyzer_container_content, analyzer_storage, analyzer_boolean, analyzer_relabel,
	analyzer_seccomp, analyzer_apparmor, analyzer_readonly, analyzer_network, analyzer_other,
	analyzer_engine_side, analyzer_privileged_gap, analyzer_systemd, analyzer_kernel_object,
	analyzer_snap, analyzer_lxd;

/* The capability of a capability or syscall finding, or -1 when the record did not say. */
int finding_capability(const struct finding *f);
/*
 * The AppArmor rule that allows the refused operation of @f (mount, signal, ptrace,
 * change_profile), printable, or NULL when it cannot be said.
 */
char *apparmor_operation_rule(const struct finding *f);
/* The review advice for findings no rule covers (the analyzers of the last resort). */
void advise_review(struct advise_context *c, const struct finding **fs, size_t n);

#endif
