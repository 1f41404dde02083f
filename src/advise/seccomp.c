/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advisor: syscalls a seccomp filter refused (or logged): one profile that allows exactly them. */
#include <linux/capability.h>

#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/knowledge/caps.h"
#include "leastpriv/knowledge/syscalls.h"
#include "leastpriv/fix/seccomp_profile.h"
#include "leastpriv/base/util.h"

#define TITLE "allow exactly these syscalls in the container's seccomp profile: %s"
#define WHY                                                                                        \
	"The runtime's default seccomp profile refuses these syscalls. Take that profile and "     \
	"allow exactly these, rather than running without seccomp (seccomp=unconfined opens "      \
	"every syscall). A syscall refused with an errno by the default profiles leaves no "       \
	"audit record: to see them all, run once with a copy of the profile whose default "        \
	"action is SCMP_ACT_LOG, which allows and logs what the default would refuse."
#define STEP_WRITTEN                                                                               \
	"run the container with the profile leastpriv wrote: the runtime's default plus "          \
	"exactly these syscalls"
#define STEP_WRITE                                                                                 \
	"write the profile: the runtime's default (podman's is shown; docker's is default.json "   \
	"of moby/profiles) plus these syscalls"
#define STEP_RUN "run the container with it"
#define STEP_LOG "to find every syscall the default profile refuses, run once with a logging copy"
#define STEP_CAP                                                                                   \
	"or: the default profile opens %s() to containers that hold %s (broader than the "         \
	"profile above)"
#define OTHER_FILTER                                                                               \
	" But the engines' default profiles allow %s() to every container, so this refusal came "  \
	"from another filter: a profile given with --security-opt seccomp=, a recorder's, or one " \
	"the program or its runtime installed. Check which one the container ran with (inspect's " \
	"SecurityOpt) before writing a new one."
#define OTHER_TITLE                                                                                \
	"find the seccomp filter that refused %s(): the engines' default profiles allow it"
#define SYS_ADMIN_COST                                                                             \
	" SYS_ADMIN is close to root on the host (mounts, namespaces, many kernel interfaces): "   \
	"prefer the profile."
#define NOTE_LOGGED                                                                                \
	"These were logged by a logging profile: the run went on, so the list is complete for "    \
	"that run."

static bool
claims_seccomp(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_SECCOMP;
}

static bool
is_logged(const struct finding *f)
{
	return f->n_perms == 1 && streq(f->perms[0], "log");
}

static void
advise_seccomp(struct advise_context *c, const struct finding **all, size_t n_all)
{
	const struct finding **fs = xcalloc(n_all + 1, sizeof(*fs));
	struct advice *a;
	struct strbuf sb;
	struct fixop *op;
	bool logged_only = true;
	size_t n = 0;

	/*
	 * Action log (0x7ffc0000) allowed the call and logged it: nothing was refused.  Such
	 * calls make a profile only when one is asked for (--seccomp-dir: a recorder's run).
	 */
	for (size_t i = 0; i < n_all; i++) {
		if (is_logged(all[i]) && !c->seccomp_dir)
			c->out->seccomp_logged++;
		else
			fs[n++] = all[i];
	}
	if (n == 0) {
		free(fs);
		return;
	}
	a = advice_new(c->out, ADVICE_SECCOMP, SEVERITY_MEDIUM);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "The seccomp filter ");
	for (size_t i = 0; i < n; i++) {
		bool logged = is_logged(fs[i]);

		advice_add_finding(a, fs[i]);
		logged_only &= logged;
		if (i)
			strbuf_addstr(&sb, "; ");
		strbuf_addf(&sb, "%s %s() for ", logged ? "logged" : "refused", fs[i]->object);
		prose_processes(&sb, fs[i]);
		if (!logged) {
			strbuf_addstr(&sb, " (");
			prose_perms(&sb, fs[i]);
			strbuf_addstr(&sb, ")");
		}
	}
	strbuf_addstr(&sb, ".");
	a->what = strbuf_detach(&sb);
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", fs[i]->object);
	a->title = xasprintf(TITLE, sb.buf);
	strbuf_done(&sb);
	a->why = xstrdup(WHY);
	for (size_t i = 0; i < n; i++)
		if (!is_logged(fs[i]) && syscall_default_profile_allows(fs[i]->object)) {
			char *more = xasprintf(OTHER_FILTER, fs[i]->object), *why;

			why = xasprintf("%s%s", a->why, more);
			free(a->why);
			a->why = why;
			free(more);
			a->confidence = "medium";
			free(a->title);
			a->title = xasprintf(OTHER_TITLE, fs[i]->object);
			break;
		}
	if (c->seccomp_dir) {
		a->profile_path = seccomp_profile_path(c->seccomp_dir, c->container->label,
						       c->profile_names, c->container);
		advice_step(a, STEP_WRITTEN, FIXOP_SECCOMP_PROFILE)->path =
			xstrdup(a->profile_path);
	}
	op = advice_step(a, STEP_WRITE, FIXOP_SECCOMP_WRITE);
	op->names = xcalloc(n, sizeof(*op->names));
	for (size_t i = 0; i < n; i++)
		op->names[op->n_names++] = xstrdup(fs[i]->object);
	advice_step(a, STEP_RUN, FIXOP_SECCOMP_PROFILE)->path = xstrdup("seccomp-allow.json");
	(void)advice_step(a, STEP_LOG, FIXOP_SECCOMP_LOG_COPY);
	for (size_t i = 0; i < n; i++)
		if (fs[i]->capability >= 0 && caps_name(fs[i]->capability)) {
			char *base =
				xasprintf(STEP_CAP, fs[i]->object, caps_name(fs[i]->capability));
			char *label =
				xasprintf("%s%s", base,
					  fs[i]->capability == CAP_SYS_ADMIN ? SYS_ADMIN_COST : "");

			free(base);

			op = advice_step(a, label, FIXOP_CAP_ADD);
			fixop_set_caps(op, &fs[i]->capability, 1);
			free(label);
		}
	if (logged_only)
		a->confidence_note = xstrdup(NOTE_LOGGED);
	free(fs);
}

const struct analyzer analyzer_seccomp = { "seccomp", claims_seccomp, advise_seccomp };
