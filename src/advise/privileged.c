/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advisor: a container that ran privileged (spc_t) leaves no denial to learn from. */
#include "leastpriv/advise/analyzer.h"
#include "leastpriv/base/util.h"

#define TITLE "stop running this container privileged"
#define WHAT                                                                                       \
	"Its processes ran as %s, the SELinux domain of containers started with --privileged "     \
	"or --security-opt label=disable (or by an engine without SELinux support)."
#define WHY                                                                                        \
	"A privileged container has every capability, all host devices, no seccomp filter and "    \
	"no SELinux confinement: a compromise of it is a compromise of the host. Because "         \
	"nothing is ever denied to it, its log shows nothing it needs."
#define STEP_TRIAL                                                                                 \
	"run it once confined, with every capability dropped, and let it fail; then run "          \
	"leastpriv on that log to get the exact set it needs"
#define STEP_PERMISSIVE                                                                            \
	"on an SELinux host, make container_t permissive for that one run so every denial of "     \
	"the run is logged (undo it afterwards with -d)"

static bool
claims_nothing(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	(void)f;
	return false;
}

static void
advise_privileged(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;

	(void)fs;
	(void)n;
	if (c->container->kind != SUBJECT_PRIVILEGED)
		return;
	a = advice_new(c->out, ADVICE_PRIVILEGED, SEVERITY_HIGH);
	a->title = xstrdup(TITLE);
	a->what = xasprintf(WHAT, c->container->label);
	a->why = xstrdup(WHY);
	(void)advice_step(a, STEP_TRIAL, FIXOP_CONFINED_TRIAL);
	advice_step(a, STEP_PERMISSIVE, FIXOP_PERMISSIVE_TYPE)->name = xstrdup("container_t");
}

const struct analyzer analyzer_privileged = { "privileged", claims_nothing, advise_privileged };
