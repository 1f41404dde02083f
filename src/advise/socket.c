/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advisor: the engine's API socket inside a container is root on the host. */
#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/base/util.h"

#define TITLE      "remove the engine socket from this container: it gives root on the host"
#define WHAT_START "The container tried to use the container engine's API socket ("
#define WHAT_END   "). SELinux stopped it."
#define WHY                                                                                        \
	"Whoever can talk to the engine's socket can start a --privileged container with the "     \
	"host's / mounted, so a container that holds the socket (or a parent directory of it: "    \
	"/run, /var/run, /var, /) controls the host. The denial is SELinux doing its job, and "    \
	"relabelling the socket (:Z, :z) would only hand it over. A workload whose job is to "     \
	"drive the engine (a CI runner, a build service) is root-equivalent whichever way it "     \
	"gets there: then say so and grant exactly that, for that one container."
#define STEP_REMOVE "remove the socket mount from the run command, compose file or manifest"
#define STEP_PROXY                                                                                 \
	"if the workload really needs a few engine calls (CI runners, dashboards), give it an "    \
	"API proxy that allows only those calls and mount the proxy's socket instead"
#define STEP_ROOTLESS                                                                              \
	"or a rootless engine's socket (podman system service as an unprivileged user): it "       \
	"gives that user's power, not root's"
#define STEP_DRIVER                                                                                \
	"if driving the engine is its job: run that one container as a root-equivalent one, "      \
	"--security-opt label=disable (or type spc_t), or load a local module that allows "        \
	"exactly this connectto (audit2allow -M on these records; it applies to every container "  \
	"of the type, so a udica type of its own is better); never :Z on the socket"

static bool
claims_socket(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_ENGINE_SOCKET;
}

/* The socket as the container saw it, and where it comes from on the host when known. */
static void
fill_mount(struct fixop *op, const struct container *ct, const struct finding **fs, size_t n)
{
	const char *seen = NULL;
	const struct inspect_mount *m;

	for (size_t i = 0; i < n && !seen; i++)
		if (fs[i]->object && fs[i]->object_is_path && fs[i]->object[0] == '/')
			seen = fs[i]->object;
	/* The log names no path: the engine's usual socket is the likeliest. */
	if (!seen)
		seen = engine_sockets[0].path;
	m = ct->info ? inspect_mount_for(ct->info, seen) : NULL;
	op->target = xstrdup(m ? m->destination : seen);
	op->path = xstrdup(m ? m->source : seen);
}

static void
advise_socket(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_ENGINE_SOCKET, SEVERITY_CRITICAL);
	strbuf_init(&sb);
	strbuf_addstr(&sb, WHAT_START);
	for (size_t i = 0; i < n; i++) {
		advice_add_finding(a, fs[i]);
		if (i)
			strbuf_addstr(&sb, ", ");
		prose_object(&sb, fs[i]);
		strbuf_addf(&sb, " %s by ", fs[i]->tclass);
		prose_processes(&sb, fs[i]);
	}
	strbuf_addstr(&sb, WHAT_END);
	a->what = strbuf_detach(&sb);
	a->title = xstrdup(TITLE);
	a->why = xstrdup(WHY);
	fill_mount(advice_step(a, STEP_REMOVE, FIXOP_REMOVE_MOUNT), c->container, fs, n);
	advice_words(a, STEP_PROXY);
	advice_words(a, STEP_ROOTLESS);
	advice_words(a, STEP_DRIVER);
}

const struct analyzer analyzer_engine_socket = { "engine_socket", claims_socket, advise_socket };
