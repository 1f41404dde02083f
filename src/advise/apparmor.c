/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advisor: AppArmor refused file or other operations: rules for a copy of the profile. */
#include <string.h>

#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/base/util.h"

#define TITLE "allow these accesses in a copy of the AppArmor profile %s"
#define WHY                                                                                        \
	"The engine confines its containers with this AppArmor profile. Copy it, add exactly "     \
	"the rules below, load the copy and run the container with it; apparmor=unconfined "       \
	"would lift every restriction at once."
#define DOCKER_DEFAULT                                                                             \
	" docker-default is docker's: dockerd generates it in memory from its template (moby, "    \
	"profiles/apparmor/template.go), so there is no file of it to edit. Write the copy as a "  \
	"file of its own, starting from that template, under a new name."
#define CONTAINERS_DEFAULT                                                                         \
	" containers-default-* is podman's (and buildah's): generated from containers/common's "   \
	"template, pkg/apparmor; write the copy as a file of its own under a new name."
#define STEP_RULE "add to the copy of the profile"
#define STEP_LOAD "load the copy and use it"
#define FLAGS_NOTE                                                                                 \
	" The refusal says \"failed flags match\": AppArmor compares a mount's flags with the "    \
	"rule's exactly, and some remounts are refused even by a rule that looks like it allows "  \
	"them (Launchpad bug 2091424). If the rule does not help, run that one container with "    \
	"apparmor=unconfined, which lifts AppArmor for it alone (its other confinement stays)."
#define STEP_UNCONFINED                                                                            \
	"if the rule does not help: that container without AppArmor (it keeps its capabilities, "  \
	"seccomp and SELinux)"

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

/* The value of field @name ("flags") in the record @text, printable ASCII only, or NULL. */
static char *
record_value(const char *text, const char *name)
{
	char *key = xasprintf(" %s=", name);
	const char *p = text ? strstr(text, key) : NULL, *end;
	char *v;

	free(key);
	if (!p)
		return NULL;
	p += strlen(name) + 2;
	/* quoted ("ro, remount") or a bare word (signal=term) */
	end = *p == '"' ? strchr(++p, '"') : p + strcspn(p, " ");
	if (!end || end == p)
		return NULL;
	v = xstrndup(p, (size_t)(end - p));
	for (char *q = v; *q; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f || *q == '\\')
			*q = '?';
	return v;
}

/* "rw, nosuid, nodev" as a profile's option list: "rw,nosuid,nodev". */
static void
add_options(struct strbuf *sb, const char *flags)
{
	for (const char *p = flags; *p; p++)
		if (*p != ' ')
			strbuf_addch(sb, *p);
}

/*
 * The rule that allows the refused operation @f, for the operation classes that are not file
 * or capability rules: mount, signal, ptrace, change_profile.  NULL when it cannot be said.
 */
char *
apparmor_operation_rule(const struct finding *f)
{
	const char *op = f->tclass ? f->tclass : "";
	char *flags = NULL, *fstype = NULL, *peer = NULL, *sig = NULL, *mask = NULL;
	struct strbuf sb;

	strbuf_init(&sb);
	if (streq(op, "mount") || streq(op, "remount")) {
		flags = record_value(f->example, "flags");
		fstype = record_value(f->example, "fstype");
		strbuf_addstr(&sb, "mount");
		if (fstype)
			strbuf_addf(&sb, " fstype=%s", fstype);
		if (flags) {
			strbuf_addstr(&sb, " options=(");
			add_options(&sb, flags);
			strbuf_addch(&sb, ')');
		}
		strbuf_addstr(&sb, " -> ");
		strbuf_addstr(&sb, f->object && f->object_is_path ? f->object : "/**");
		strbuf_addch(&sb, ',');
	} else if (streq(op, "signal") || streq(op, "ptrace")) {
		peer = record_value(f->example, "peer");
		mask = record_value(f->example, "requested_mask");
		sig = record_value(f->example, "signal");
		strbuf_addf(&sb, "%s (%s)", op,
			    mask                  ? mask
			    : streq(op, "signal") ? "send"
						  : "read");
		if (sig)
			strbuf_addf(&sb, " set=(%s)", sig);
		if (peer)
			strbuf_addf(&sb, " peer=%s", peer);
		strbuf_addch(&sb, ',');
	} else if (streq(op, "change_profile") || streq(op, "change_onexec")) {
		peer = record_value(f->example, "target");
		if (peer)
			strbuf_addf(&sb, "change_profile -> %s,", peer);
	}
	free(flags);
	free(fstype);
	free(peer);
	free(sig);
	free(mask);
	if (!sb.len) {
		strbuf_done(&sb);
		return NULL;
	}
	/* the object path may hold anything: printable, no quote or backslash */
	for (size_t i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20 || (unsigned char)sb.buf[i] >= 0x7f ||
		    sb.buf[i] == '"' || sb.buf[i] == '\\')
			sb.buf[i] = '?';
	return strbuf_detach(&sb);
}

static void
advise_apparmor(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;
	bool flags_note = false;

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
	a->why = xasprintf("%s%s", WHY,
			   streq(fs[0]->profile, "docker-default")            ? DOCKER_DEFAULT
			   : startswith(fs[0]->profile, "containers-default") ? CONTAINERS_DEFAULT
									      : "");
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];
		char *rule = apparmor_operation_rule(f);
		struct fixop *op;
		struct strbuf perms;

		if (rule) {
			advice_step(a, STEP_RULE, FIXOP_APPARMOR_RULE)->value = rule;
			if (f->example && strstr(f->example, "info=\"failed flags match\"") &&
			    !flags_note) {
				char *why = xasprintf("%s%s", a->why, FLAGS_NOTE);

				free(a->why);
				a->why = why;
				flags_note = true;
			}
			continue;
		}
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
	if (flags_note)
		(void)advice_step(a, STEP_UNCONFINED, FIXOP_APPARMOR_UNCONFINED);
}

const struct analyzer analyzer_apparmor = { "apparmor", claims_apparmor, advise_apparmor };
