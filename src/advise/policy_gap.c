/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advisors for denials where the policy is the bug, not the container's options: the engine's
 * own domain refused what it does to a container (the runtime, conmon, a network helper), a
 * host daemon refused a container's object, and a privileged container (spc_t, meant to be
 * unconfined) refused anything.  The fix is a policy update, or until then a local module with
 * exactly the rules the denials show, never a change to the container.
 */
#include <ctype.h>
#include <string.h>

#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/knowledge/policy.h"
#include "leastpriv/base/util.h"

#define ENGINE_TITLE "the engine's own domain %s was refused: update the policy"
#define ENGINE_WHY                                                                                 \
	"The runtime, its monitor and network helpers run as %s; the container policy must let "   \
	"them do this to a container, and a denial here stops containers from starting, whatever " \
	"the container's options. The fix is the policy: update container-selinux, and restore "   \
	"the labels of the engine's programs and storage if they were copied or restored."
#define UDICA_TITLE "the runtime was refused the udica type %s: update udica's templates"
#define UDICA_WHY                                                                                  \
	"The container runs with a type udica generated (%s). The runtime %s must still set it "   \
	"up, and the policy udica generated from its templates does not let it: udica's "          \
	"base_container.cil gained these rules for the runtime (containers/udica#20). Update "     \
	"udica and generate the type again, or add exactly these rules (udica --append-rules "     \
	"with these denials)."
#define NNP_TITLE                                                                                  \
	"the runtime could not start the container as %s with no-new-privileges: update "          \
	"container-selinux"
#define NNP_WHAT                                                                                   \
	"The kernel refused %s's switch to the container's type %s (SELINUX_ERR "                  \
	"security_bounded_transition), so the container's first exec failed and it did not start."
#define NNP_WHY                                                                                    \
	"Under no-new-privileges (--security-opt no-new-privileges, or a parent that set it) the " \
	"kernel lets a process change its SELinux type only where the policy allows it for that "  \
	"case. Older container-selinux relied on type bounds, which the container types do not "   \
	"meet; later releases allow it with process2 nnp_transition rules. Update it. Starting "   \
	"the container without no-new-privileges also works, but gives back to its processes the " \
	"setuid and file-capability gains that option takes away: a stopgap only."
#define STEP_NNP_STOPGAP                                                                           \
	"stopgap until the update: the same run without --security-opt no-new-privileges (setuid " \
	"programs in it can gain privileges again)"
#define HOST_TITLE "the host's %s was refused a container's object: a host policy gap"
#define HOST_WHY                                                                                   \
	"A host program (%s) was refused %s, which belongs to a container. Nothing about the "     \
	"container is wrong: the host's policy lacks the rule between the two.%s Ask for it in "   \
	"the host's policy (selinux-policy or container-selinux), and until then load a local "    \
	"module with exactly this rule."
#define HOST_INTERFACE " The policy interface %s(%s) is that rule."
#define PRIV_TITLE     "the policy refused a privileged container (%s): a policy gap"
#define PRIV_WHY                                                                                   \
	"%s is the domain of containers that run unconfined by design: --privileged or "           \
	"label=disable, and agents that must (network, storage and device plugins). The policy "   \
	"means to allow what they do, so a denial here is a gap in the host's policy (refpolicy, " \
	"selinux-policy or container-selinux), not a reason to change the container: report it "   \
	"there, and until it is fixed load a local module with exactly these rules."
#define STEP_UPDATE_CONTAINER "update the container policy"
#define STEP_UPDATE_HOST      "update the host's policy"
#define STEP_UPDATE_UDICA     "update udica, then generate the container's type again"
#define STEP_RESTORE          "restore the labels of the engine's storage"
#define STEP_MODULE           "until then, a local module with exactly these rules"
#define MODULE_NOTE           "the module holds exactly the denied accesses; review them before loading it"

static bool
is_policy_subject(const struct container *ct)
{
	return ct->kind == SUBJECT_ENGINE || ct->kind == SUBJECT_HOST;
}

static bool
is_selinux_finding(const struct finding *f)
{
	return f->tclass && *f->tclass &&
	       (f->kind == FINDING_FILE || f->kind == FINDING_OTHER || f->kind == FINDING_NETWORK ||
		f->kind == FINDING_CAPABILITY || f->kind == FINDING_ENGINE_SOCKET);
}

/* The CIL rules that allow exactly the denials @fs of the domain @source. */
static char *
cil_rules(const char *source, const struct finding **fs, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		if (!is_selinux_finding(fs[i]) || !fs[i]->ttype)
			continue;
		strbuf_addf(&sb, "(allow %s %s (%s (", source, fs[i]->ttype, fs[i]->tclass);
		for (size_t j = 0; j < fs[i]->n_perms; j++)
			strbuf_addf(&sb, "%s%s", j ? " " : "", fs[i]->perms[j]);
		strbuf_addstr(&sb, ")))\n");
	}
	return strbuf_detach(&sb);
}

/* A module name from a type: letters, digits and '_' ("local_system_dbusd_t"). */
static char *
module_name(const char *type)
{
	char *name = xasprintf("local_%s", type);

	for (char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			*p = '_';
	return name;
}

static void
module_step(struct advice *a, const char *source, const struct finding **fs, size_t n)
{
	struct fixop *op = advice_step(a, STEP_MODULE, FIXOP_LOCAL_MODULE);

	op->name = module_name(source);
	op->value = cil_rules(source, fs, n);
}

static void
update_step(struct advice *a, const char *label, const char *package)
{
	advice_step(a, label, FIXOP_POLICY_UPDATE)->name = xstrdup(package);
}

/* "SELinux denied read on fifo_file spc_t; ..." */
static char *
what_denied(const struct finding **fs, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELinux denied ");
	for (size_t i = 0; i < n && i < 5; i++) {
		if (i)
			strbuf_addstr(&sb, "; ");
		prose_perms(&sb, fs[i]);
		strbuf_addf(&sb, " on %s %s", fs[i]->tclass, fs[i]->ttype);
		if (fs[i]->object) {
			strbuf_addch(&sb, ' ');
			prose_object(&sb, fs[i]);
		}
	}
	if (n > 5)
		strbuf_addf(&sb, "; and %zu more", n - 5);
	strbuf_addch(&sb, '.');
	return strbuf_detach(&sb);
}

static bool
is_udica_type(const char *type)
{
	size_t n = type ? strlen(type) : 0;

	return n > 8 && streq(type + n - 8, ".process");
}

static bool
claims_engine_side(const struct advise_context *c, const struct finding *f)
{
	return is_policy_subject(c->container) &&
	       (is_selinux_finding(f) || f->kind == FINDING_APPARMOR);
}

#define ENGINE_AA_TITLE "the engine's own AppArmor profile %s refused it: add the rule there"
#define ENGINE_AA_WHY                                                                              \
	"%s confines the engine's program itself (not its containers), and lacks a rule for what " \
	"it did, so containers fail to start or to run. Add exactly that rule to the profile's "   \
	"local override, which package updates keep, and reload the profile; report it to the "    \
	"package that ships the profile."
#define ENGINE_AA_STEP                                                                             \
	"add to /etc/apparmor.d/local/%s, then reload: apparmor_parser -r /etc/apparmor.d/%s"

/* The engine's program under its own AppArmor profile. */
static void
advise_engine_apparmor(struct advise_context *c, const struct finding **fs, size_t n)
{
	const char *profile = fs[0]->profile ? fs[0]->profile : "?";
	const char *base = strrchr(profile, '/') ? strrchr(profile, '/') + 1 : profile;
	struct advice *a = advice_new(c->out, ADVICE_POLICY_GAP, SEVERITY_HIGH);
	char *label = xasprintf(ENGINE_AA_STEP, base, base), *rule;

	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->what = xasprintf("AppArmor profile %s refused %s%s%s to the engine's %s.", profile,
			    fs[0]->tclass ? fs[0]->tclass : "an operation",
			    fs[0]->object ? " of " : "", fs[0]->object ? fs[0]->object : "",
			    fs[0]->n_comms ? fs[0]->comms[0] : "program");
	a->title = xasprintf(ENGINE_AA_TITLE, profile);
	a->why = xasprintf(ENGINE_AA_WHY, profile);
	rule = apparmor_operation_rule(fs[0]);
	if (rule)
		advice_step(a, label, FIXOP_APPARMOR_RULE)->value = rule;
	else
		(void)advice_step(a, label, FIXOP_WORDS);
	free(label);
}

static void
advise_engine_side(struct advise_context *c, const struct finding **fs, size_t n)
{
	const struct container *ct = c->container;
	const char *domain = *ct->type ? ct->type : ct->label;
	struct advice *a;

	if (n == 0)
		return;
	if (fs[0]->kind == FINDING_APPARMOR) {
		advise_engine_apparmor(c, fs, n);
		return;
	}
	a = advice_new(c->out, ADVICE_POLICY_GAP, SEVERITY_HIGH);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->what = what_denied(fs, n);
	if (ct->kind == SUBJECT_ENGINE && streq(fs[0]->tclass, "process2") && fs[0]->n_perms &&
	    streq(fs[0]->perms[0], "nnp_transition")) {
		a->title = xasprintf(NNP_TITLE, fs[0]->ttype);
		free(a->what);
		a->what = xasprintf(NNP_WHAT, domain, fs[0]->ttype);
		a->why = xstrdup(NNP_WHY);
		update_step(a, STEP_UPDATE_CONTAINER, "container-selinux");
		(void)advice_step(a, STEP_NNP_STOPGAP, FIXOP_WORDS);
	} else if (ct->kind == SUBJECT_ENGINE && is_udica_type(fs[0]->ttype)) {
		a->title = xasprintf(UDICA_TITLE, fs[0]->ttype);
		a->why = xasprintf(UDICA_WHY, fs[0]->ttype, domain);
		update_step(a, STEP_UPDATE_UDICA, "udica");
	} else if (ct->kind == SUBJECT_ENGINE) {
		a->title = xasprintf(ENGINE_TITLE, domain);
		a->why = xasprintf(ENGINE_WHY, domain);
		update_step(a, STEP_UPDATE_CONTAINER, "container-selinux");
		(void)advice_step(a, STEP_RESTORE, FIXOP_RESTORE_STORAGE);
	} else {
		const char *iface = policy_host_interface(fs[0]->ttype, fs[0]->tclass);
		char *object = xasprintf("%s %s", fs[0]->tclass, fs[0]->ttype);
		char *more = iface ? xasprintf(HOST_INTERFACE, iface, domain) : xstrdup("");

		a->title = xasprintf(HOST_TITLE, domain);
		a->why = xasprintf(HOST_WHY, domain, object, more);
		update_step(a, STEP_UPDATE_HOST, "selinux-policy");
		free(object);
		free(more);
	}
	module_step(a, domain, fs, n);
	a->confidence_note = xstrdup(MODULE_NOTE);
}

static bool
claims_privileged_gap(const struct advise_context *c, const struct finding *f)
{
	return c->container->kind == SUBJECT_PRIVILEGED && is_selinux_finding(f) &&
	       f->kind != FINDING_ENGINE_SOCKET;
}

static void
advise_privileged_gap(struct advise_context *c, const struct finding **fs, size_t n)
{
	const struct container *ct = c->container;
	const char *domain = *ct->type ? ct->type : "spc_t";
	struct advice *a;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_POLICY_GAP, SEVERITY_HIGH);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->what = what_denied(fs, n);
	a->title = xasprintf(PRIV_TITLE, domain);
	a->why = xasprintf(PRIV_WHY, domain);
	update_step(a, STEP_UPDATE_HOST, "selinux-policy");
	module_step(a, domain, fs, n);
	a->confidence_note = xstrdup(MODULE_NOTE);
}

const struct analyzer analyzer_engine_side = { "engine_side", claims_engine_side,
					       advise_engine_side };
const struct analyzer analyzer_privileged_gap = { "privileged_gap", claims_privileged_gap,
						  advise_privileged_gap };
