/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advisor: a container that ran privileged (spc_t) leaves no denial to learn from. */
#include "leastpriv/advise/analyzer.h"
#include "leastpriv/base/util.h"

#define TITLE        "stop running this container privileged"
#define TITLE_DENIED "it runs privileged: confine it, unless it is an agent that must not be"
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
#define WHY_DENIED                                                                                  \
	"A privileged container has every capability, all host devices, no seccomp filter and "     \
	"no SELinux confinement: a compromise of it is a compromise of the host. Agents whose job " \
	"needs that (network, storage and device plugins) must keep it; anything else should run "  \
	"confined. The denials above are the policy's gap, apart from this."
#define STEP_PERMISSIVE                                                                            \
	"on an SELinux host, give that run a type of its own (udica, from its inspect data) and "  \
	"make only that type permissive, so every denial of the run is logged and no other "       \
	"container loses its confinement (undo it afterwards with -d); never container_t, which "  \
	"is every container's"

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
	/* With denials of its own the failure leads; running privileged is hygiene beside it. */
	a = advice_new(c->out, ADVICE_PRIVILEGED,
		       c->container->denials ? SEVERITY_LOW : SEVERITY_HIGH);
	a->title = xstrdup(c->container->denials ? TITLE_DENIED : TITLE);
	a->what = xasprintf(WHAT, c->container->label);
	a->why = xstrdup(c->container->denials ? WHY_DENIED : WHY);
	(void)advice_step(a, STEP_TRIAL, FIXOP_CONFINED_TRIAL);
	advice_step(a, STEP_PERMISSIVE, FIXOP_PERMISSIVE_TYPE)->name = xstrdup("NAME.process");
}

const struct analyzer analyzer_privileged = { "privileged", claims_nothing, advise_privileged };
