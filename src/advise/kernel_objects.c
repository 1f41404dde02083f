/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advisors for denials on the kernel's objects, which no relabel or copy reaches: files of
 * proc, sysfs and cgroupfs, and pipes and sockets labelled with a process's domain.  systemd
 * running as a container's first process asks for them all, and has a boolean of its own.
 */
#include <string.h>

#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/knowledge/policy.h"
#include "leastpriv/base/util.h"

#define SYSTEMD_TITLE "systemd runs in this container: turn on the SELinux boolean %s"
#define SYSTEMD_WHY                                                                                 \
	"systemd as the container's first process mounts over /proc and /sys and writes to the "    \
	"cgroup file system. These are the kernel's file systems: nothing there can be relabelled " \
	"or copied, and the policy has a boolean for exactly this. It applies to every container "  \
	"on the host."
#define SYSTEMD_STEP "allow it (persistent)"
#define SYSTEMD_PODMAN                                                                             \
	"with podman, run it as a systemd container (podman run --systemd=always ...), which "     \
	"mounts what systemd needs in a way the policy allows"
#define KERNEL_TITLE "not files to relabel: objects of the kernel or of a process"
#define KERNEL_WHY                                                                                 \
	"Objects of proc, sysfs and cgroupfs, and pipes and sockets labelled with a process's "    \
	"domain, belong to the kernel: no volume option, relabel or copy applies to them. Most "   \
	"such denials are harmless probing that the policy hides once it knows it (dontaudit): "   \
	"if the program works, nothing needs to change. If it fails for it, the policy lacks a "   \
	"rule: give this container a policy of its own (udica), not every container."
#define KERNEL_STEP "if it fails for it: a per-container policy with exactly this access"

static bool
by_systemd(const struct finding *f)
{
	for (size_t i = 0; i < f->n_comms; i++)
		if (streq(f->comms[i], "systemd") || streq(f->comms[i], "init"))
			return true;
	return false;
}

/* Whether the target context is a process's (role system_r and the like, not object_r). */
static bool
is_process_label(const char *tcontext)
{
	const char *role = tcontext ? strchr(tcontext, ':') : NULL;

	return role && !startswith(role + 1, "object_r:") && strchr(role + 1, ':');
}

static bool
is_kernel_object(const struct finding *f)
{
	return f->ttype && (policy_is_kernel_object_type(f->ttype) ||
			    is_process_label(f->tcontext) || engine_is_container_domain(f->ttype) ||
			    engine_is_engine_domain(f->ttype) || streq(f->ttype, "spc_t"));
}

static bool
claims_systemd(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return (f->kind == FINDING_FILE || f->kind == FINDING_OTHER) && by_systemd(f) && f->ttype &&
	       (policy_is_kernel_object_type(f->ttype) || streq(f->ttype, "cgroup_t"));
}

static void
advise_systemd(struct advise_context *c, const struct finding **fs, size_t n)
{
	const char *boolean = "container_manage_cgroup";
	struct advice *a;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_BOOLEAN, SEVERITY_MEDIUM);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->boolean = boolean;
	a->what = prose_denied_files(fs, n);
	a->title = xasprintf(SYSTEMD_TITLE, boolean);
	a->why = xstrdup(SYSTEMD_WHY);
	advice_step(a, SYSTEMD_STEP, FIXOP_BOOLEAN)->name = xstrdup(boolean);
	(void)advice_step(a, SYSTEMD_PODMAN, FIXOP_WORDS);
}

/* The classes of objects that live in a file system (and so could be taken for files). */
static bool
is_file_class(const char *tclass)
{
	static const char *const classes[] = { "file",      "dir",      "lnk_file", "fifo_file",
					       "sock_file", "chr_file", "blk_file" };

	return str_in_list(tclass, classes, ARRAY_SIZE(classes));
}

static bool
claims_kernel_object(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return (f->kind == FINDING_FILE || f->kind == FINDING_OTHER) && is_file_class(f->tclass) &&
	       is_kernel_object(f);
}

static void
advise_kernel_object(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_REVIEW, SEVERITY_LOW);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->what = prose_denied_files(fs, n);
	a->title = xstrdup(KERNEL_TITLE);
	a->why = xstrdup(KERNEL_WHY);
	(void)advice_step(a, KERNEL_STEP, FIXOP_CUSTOM_POLICY);
	a->confidence = "medium";
	a->confidence_note = xstrdup("whether the program needs it, the log cannot tell");
}

const struct analyzer analyzer_systemd = { "systemd", claims_systemd, advise_systemd };
const struct analyzer analyzer_kernel_object = { "kernel_object", claims_kernel_object,
						 advise_kernel_object };
