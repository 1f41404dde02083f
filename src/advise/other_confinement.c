/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advisor for confinement that is not a container engine's: snapd confines the programs of a
 * snap (/snap/NAME/...) with a seccomp filter and AppArmor profiles (snap.NAME.APP) of its
 * own.  Engine flags do not apply; a snap interface does, or nothing at all.  LXD confines its
 * containers with profiles of its own (lxd-NAME_<path>, in an AppArmor namespace): LXD's
 * configuration decides there, not docker's or podman's flags.
 */
#include <string.h>

#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/base/util.h"

#define SNAP_TITLE                                                                                 \
	"snapd confines the snap %s, not a container engine: a snap interface, or nothing"
#define SNAP_WHY                                                                                     \
	"The program runs from /snap/%s: snapd gives each snap its own seccomp filter and AppArmor " \
	"profiles (snap.%s.*), so docker and podman flags (seccomp profiles, capabilities) do not "  \
	"apply. A call refused with an errno is often harmless (the program copes and goes on); "    \
	"if it fails for it, the snap lacks an interface: list its connections and connect the "     \
	"one it needs, or report it to the snap's publisher."
#define SNAP_STEP "see which interfaces the snap has, then connect the one it lacks"
#define LXD_TITLE "LXD confines this container (AppArmor profile %s), not docker or podman"
#define LXD_WHY                                                                                    \
	"The profile is one LXD generates for its container %s. docker and podman flags do not "   \
	"apply: LXD's own configuration does. Add exactly the rule the denial shows with the "     \
	"container's raw.apparmor key (lxc config set NAME raw.apparmor 'RULE'), or, for nested "  \
	"containers, security.nesting=true; then restart it."
#define LXD_STEP "add the rule through LXD (then restart the container)"

/* The snap's name from an executable under /snap/ or a snap.NAME.APP profile, or NULL. */
static char *
snap_of(const struct finding *f)
{
	for (size_t i = 0; i < f->n_exes; i++)
		if (startswith(f->exes[i], "/snap/")) {
			const char *name = f->exes[i] + 6, *slash = strchr(name, '/');

			if (slash && slash > name)
				return xstrndup(name, (size_t)(slash - name));
		}
	if (f->profile && startswith(f->profile, "snap.")) {
		const char *name = f->profile + 5, *dot = strchr(name, '.');

		return dot && dot > name ? xstrndup(name, (size_t)(dot - name)) : NULL;
	}
	return NULL;
}

/* The LXD container of a profile "lxd-NAME_<...>", or NULL. */
static char *
lxd_of(const struct finding *f)
{
	const char *name, *end;

	if (!f->profile || !startswith(f->profile, "lxd-"))
		return NULL;
	name = f->profile + 4;
	end = strchr(name, '_');
	return end && end > name ? xstrndup(name, (size_t)(end - name)) : xstrdup(name);
}

static bool
claims_lxd(const struct advise_context *c, const struct finding *f)
{
	char *lxd = lxd_of(f);

	(void)c;
	free(lxd);
	return lxd != NULL;
}

static void
advise_lxd(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;
	char *lxd;

	if (n == 0)
		return;
	lxd = lxd_of(fs[0]);
	a = advice_new(c->out, ADVICE_OTHER_CONFINEMENT, SEVERITY_MEDIUM);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->what = xasprintf("AppArmor profile %s refused %s.", fs[0]->profile,
			    fs[0]->tclass ? fs[0]->tclass : "an operation");
	a->title = xasprintf(LXD_TITLE, fs[0]->profile);
	a->why = xasprintf(LXD_WHY, lxd);
	(void)advice_step(a, LXD_STEP, FIXOP_WORDS);
	free(lxd);
}

static bool
claims_snap(const struct advise_context *c, const struct finding *f)
{
	char *snap = snap_of(f);

	(void)c;
	free(snap);
	return snap != NULL;
}

static void
advise_snap(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;
	char *snap;

	if (n == 0)
		return;
	snap = snap_of(fs[0]);
	a = advice_new(c->out, ADVICE_OTHER_CONFINEMENT, SEVERITY_LOW);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "snapd's confinement refused ");
	for (size_t i = 0; i < n; i++) {
		advice_add_finding(a, fs[i]);
		if (i >= 5)
			continue;
		strbuf_addf(&sb, "%s%s", i ? "; " : "", fs[i]->object ? fs[i]->object : "?");
		if (fs[i]->kind == FINDING_SECCOMP)
			strbuf_addstr(&sb, "()");
		strbuf_addstr(&sb, " for ");
		prose_processes(&sb, fs[i]);
	}
	if (n > 5)
		strbuf_addf(&sb, "; and %zu more", n - 5);
	strbuf_addch(&sb, '.');
	a->what = strbuf_detach(&sb);
	a->title = xasprintf(SNAP_TITLE, snap);
	a->why = xasprintf(SNAP_WHY, snap, snap);
	advice_step(a, SNAP_STEP, FIXOP_SNAP_CONNECT)->name = xstrdup(snap);
	a->confidence = "medium";
	a->confidence_note = xstrdup("whether the program needs the call, the log cannot tell");
	free(snap);
}

const struct analyzer analyzer_snap = { "snap", claims_snap, advise_snap };
const struct analyzer analyzer_lxd = { "lxd", claims_lxd, advise_lxd };
