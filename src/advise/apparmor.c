/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advisor: AppArmor refused file or other operations: rules for a copy of the profile. */
#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/base/util.h"

#define TITLE "allow these accesses in a copy of the AppArmor profile %s"
#define WHY                                                                                        \
	"The engine confines its containers with this AppArmor profile. Copy it, add exactly "     \
	"the rules below, load the copy and run the container with it; apparmor=unconfined "       \
	"would lift every restriction at once."
#define STEP_RULE "add to the copy of the profile"
#define STEP_LOAD "load the copy and use it"

static bool
claims_apparmor(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_APPARMOR;
}

/* Whether the permissions hold a letter a profile rule can carry. */
static bool
has_rule_letters(const struct finding *f)
{
	for (size_t j = 0; j < f->n_perms; j++)
		for (const char *p = f->perms[j]; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				return true;
	return false;
}

static void
advise_apparmor(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_APPARMOR, SEVERITY_MEDIUM);
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];

		advice_add_finding(a, f);
		strbuf_addf(&sb, "%sAppArmor profile %s refused %s", i ? "; " : "", f->profile,
			    f->tclass);
		if (f->object) {
			strbuf_addstr(&sb, " of ");
			prose_object(&sb, f);
		}
		if (f->n_perms) {
			strbuf_addstr(&sb, " (");
			prose_perms(&sb, f);
			strbuf_addstr(&sb, ")");
		}
		strbuf_addstr(&sb, " to ");
		prose_processes(&sb, f);
	}
	strbuf_addstr(&sb, ".");
	a->what = strbuf_detach(&sb);
	a->title = xasprintf(TITLE, fs[0]->profile);
	a->why = xstrdup(WHY);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];
		struct fixop *op;
		struct strbuf perms;

		if (!f->object || !f->object_is_path || !has_rule_letters(f))
			continue;
		strbuf_init(&perms);
		for (size_t j = 0; j < f->n_perms; j++)
			strbuf_addstr(&perms, f->perms[j]);
		op = advice_step(a, STEP_RULE, FIXOP_APPARMOR_RULE);
		op->path = xstrdup(f->object);
		op->value = strbuf_detach(&perms);
	}
	(void)advice_step(a, STEP_LOAD, FIXOP_APPARMOR_LOAD);
}

const struct analyzer analyzer_apparmor = { "apparmor", claims_apparmor, advise_apparmor };
