/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advice: building it, naming its kinds, freeing it. */
#include "leastpriv/advise/advice.h"
#include "leastpriv/base/util.h"

int
severity_from_name(const char *name)
{
	for (int s = 0; s < SEVERITY_MAX; s++)
		if (streq(name, severity_name((enum severity)s)))
			return s;
	return -1;
}

const char *
severity_name(enum severity s)
{
	static const char *const names[SEVERITY_MAX] = { "critical", "high", "medium", "low" };

	return s < SEVERITY_MAX ? names[s] : "unknown";
}

const char *
advice_kind_name(enum advice_kind k)
{
	static const char *const names[ADVICE_MAX] = {
		[ADVICE_ENGINE_SOCKET] = "engine_socket",
		[ADVICE_PRIVILEGED] = "privileged",
		[ADVICE_CAPABILITIES] = "capabilities",
		[ADVICE_RELABEL] = "relabel",
		[ADVICE_RELABEL_REFUSED] = "relabel_refused",
		[ADVICE_SHARED_CONTENT] = "shared_content",
		[ADVICE_BOOLEAN] = "boolean",
		[ADVICE_STORAGE] = "storage_label",
		[ADVICE_NOISE] = "noise",
		[ADVICE_REVIEW] = "review",
		[ADVICE_SECCOMP] = "seccomp",
		[ADVICE_APPARMOR] = "apparmor",
		[ADVICE_READONLY] = "readonly",
		[ADVICE_POLICY_GAP] = "policy_gap",
		[ADVICE_OTHER_CONFINEMENT] = "other_confinement",
	};

	return k < ADVICE_MAX ? names[k] : "unknown";
}

struct advice *
advice_new(struct container_advice *ca, enum advice_kind kind, enum severity sev)
{
	struct advice *a = xcalloc(1, sizeof(*a));

	ca->items = xrealloc(ca->items, (ca->n_items + 1) * sizeof(*ca->items));
	a->seq = ca->n_items;
	ca->items[ca->n_items++] = a;
	a->kind = kind;
	a->severity = sev;
	a->confidence = "high";
	return a;
}

void
advice_add_finding(struct advice *a, const struct finding *f)
{
	a->findings = xrealloc(a->findings, (a->n_findings + 1) * sizeof(*a->findings));
	a->findings[a->n_findings++] = f;
}

struct fixop *
advice_step(struct advice *a, const char *label, enum fixop_kind kind)
{
	struct advice_step *s;

	a->steps = xrealloc(a->steps, (a->n_steps + 1) * sizeof(*a->steps));
	s = &a->steps[a->n_steps++];
	memset(s, 0, sizeof(*s));
	s->label = xstrdup(label);
	s->op.kind = kind;
	return &s->op;
}

void
advice_words(struct advice *a, const char *label)
{
	(void)advice_step(a, label, FIXOP_WORDS);
}

const struct fixop *
advice_find_op(const struct advice *a, enum fixop_kind kind)
{
	for (size_t i = 0; i < a->n_steps; i++)
		if (a->steps[i].op.kind == kind)
			return &a->steps[i].op;
	return NULL;
}

static void
advice_free(struct advice *a)
{
	free(a->title);
	free(a->what);
	free(a->why);
	free(a->confidence_note);
	free(a->mount_point);
	free(a->profile_path);
	free(a->caps);
	for (size_t i = 0; i < a->n_steps; i++) {
		free(a->steps[i].label);
		fixop_done(&a->steps[i].op);
	}
	free(a->steps);
	free(a->findings);
	free(a);
}

void
container_advice_done(struct container_advice *ca)
{
	for (size_t j = 0; j < ca->n_items; j++)
		advice_free(ca->items[j]);
	free(ca->items);
	ca->items = NULL;
	ca->n_items = 0;
}

void
advice_set_done(struct advice_set *s)
{
	container_advice_done(&s->current);
	if (s->evidence) {
		hmap_done(&s->sharers, NULL);
		hmap_done(&s->profile_names, NULL);
	}
	memset(s, 0, sizeof(*s));
}
