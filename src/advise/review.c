/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advisors of the last resort: denials no rule covers (capability denials that name no
 * capability, network classes, anything else).  No engine flag grants them; the honest advice
 * is to look, and a per-container policy if the access is really needed.
 */
#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/base/util.h"

#define TITLE "review these denials: no flag of the engine grants them"
#define WHY                                                                                        \
	"The container policy does not allow these accesses and no volume option, capability "     \
	"or boolean does either. If the container really needs them, generate a policy for "       \
	"this one container from its inspect data with udica and run it with that type, "          \
	"rather than disabling SELinux."
#define STEP "build and use a per-container policy"
#define NOTE "leastpriv has no rule for these classes."

void
advise_review(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_REVIEW, SEVERITY_LOW);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELinux denied ");
	for (size_t i = 0; i < n; i++) {
		advice_add_finding(a, fs[i]);
		if (i >= 5)
			continue;
		if (i)
			strbuf_addstr(&sb, "; ");
		prose_perms(&sb, fs[i]);
		strbuf_addf(&sb, " on %s %s", fs[i]->tclass, fs[i]->ttype);
		if (fs[i]->port >= 0)
			strbuf_addf(&sb, " port %d", fs[i]->port);
		if (fs[i]->object) {
			strbuf_addstr(&sb, " ");
			prose_object(&sb, fs[i]);
		}
	}
	if (n > 5)
		strbuf_addf(&sb, "; and %zu more", n - 5);
	strbuf_addstr(&sb, ".");
	a->what = strbuf_detach(&sb);
	a->title = xstrdup(TITLE);
	a->why = xstrdup(WHY);
	(void)advice_step(a, STEP, FIXOP_CUSTOM_POLICY);
	a->confidence = "low";
	a->confidence_note = xstrdup(NOTE);
}

static bool
claims_unnamed_capability(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_CAPABILITY;
}

static bool
claims_network(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_NETWORK;
}

static bool
claims_other(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_OTHER;
}

const struct analyzer analyzer_unnamed_capability = { "unnamed_capability",
						      claims_unnamed_capability, advise_review };
const struct analyzer analyzer_network = { "network", claims_network, advise_review };
const struct analyzer analyzer_other = { "other", claims_other, advise_review };
