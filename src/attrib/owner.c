/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 3: the owner of each part of an event, by the rules of owner.h, with stable keys. */
#include <stdio.h>

#include "leastpriv/attrib/owner.h"
#include "leastpriv/base/util.h"
#include "leastpriv/knowledge/engines.h"

static void
owner_reset(struct owner *o, const char *node)
{
	struct strbuf key = o->key;

	memset(o, 0, sizeof(*o));
	o->key = key;
	strbuf_reset(&o->key);
	o->node = node;
	o->kind = SUBJECT_HOST;
	o->basis = OWNER_BY_NOTHING;
}

/* Keys are the fields that tell containers apart, joined by 0x1f (no log string holds it). */
static void
key_field(struct owner *o, const char *v)
{
	if (o->key.len)
		strbuf_addch(&o->key, '\x1f');
	strbuf_addstr(&o->key, v ? v : "");
}

static void
set_inspect(struct owner *o, const struct inspect_container *info)
{
	o->basis = OWNER_BY_INSPECT;
	o->info = info;
	o->kind = info->privileged ? SUBJECT_PRIVILEGED : SUBJECT_CONTAINER;
	o->type = o->level = NULL;
	/* Inspect data comes from one host: the container id alone names it. */
	strbuf_reset(&o->key);
	key_field(o, "inspect");
	key_field(o, info->id);
}

void
owner_of_inspect(const struct inspect_container *info, struct owner *ret)
{
	owner_reset(ret, NULL);
	set_inspect(ret, info);
}

/* Rule 1: an SELinux subject @s. */
static void
from_selinux(struct attribution *a, const struct subject *s, struct owner *o)
{
	const struct selinux_ctx *c = &s->ctx;
	const struct inspect_container *info;
	char kind[2] = { (char)('0' + s->kind), '\0' };

	o->basis = OWNER_BY_SELINUX;
	o->labelled_by = LABEL_SELINUX;
	o->kind = s->kind;
	o->type = c->type;
	o->level = c->level;
	if (s->kind != SUBJECT_CONTAINER && s->kind != SUBJECT_PRIVILEGED)
		return;
	/* A label that inspect data names is that container. */
	info = a->inspect && *c->categories ? inspect_by_level(a->inspect, c->level) : NULL;
	if (info) {
		set_inspect(o, info);
		return;
	}
	/* One MCS pair is one container on one node; without categories the type tells them. */
	key_field(o, o->node);
	key_field(o, kind);
	key_field(o, *c->categories ? "" : c->type);
	key_field(o, c->level);
}

/* Rules 2 and 3: a process labelled @label (NULL: none) that is not an SELinux subject. */
static void
from_process(struct attribution *a, const char *label, long long pid, long long ppid,
	     const char *exe, struct owner *o)
{
	bool have_inspect = a->inspect && a->inspect->n;
	const struct inspect_container *info;

	o->labelled_by = label ? LABEL_APPARMOR : LABEL_NONE;
	/* the engine's own program under a profile of its own: the engine's problem */
	if (label && engine_is_engine_profile(label)) {
		o->basis = OWNER_BY_APPARMOR;
		o->kind = SUBJECT_ENGINE;
		o->profile = label;
		key_field(o, "apparmor-engine");
		key_field(o, o->node);
		key_field(o, label);
		return;
	}
	if (label && !engine_is_container_profile(label)) {
		o->basis = OWNER_BY_APPARMOR; /* unconfined, or a host program's profile */
		return;
	}
	info = attribution_has_containers(a) ? attribution_container_of(a, o->node, pid, ppid, exe)
					     : NULL;
	if (info) {
		set_inspect(o, info);
		return;
	}
	if (label) { /* an engine's profile, but which container is not known */
		o->basis = OWNER_BY_APPARMOR;
		o->kind = SUBJECT_CONTAINER;
		o->profile = label;
		key_field(o, "apparmor");
		key_field(o, o->node);
		key_field(o, label);
		return;
	}
	if (have_inspect || engine_is_runtime_exe(exe))
		return; /* taken for the host's */
	o->basis = OWNER_BY_EXE;
	o->kind = SUBJECT_UNATTRIBUTED;
	o->exe = exe ? exe : "?";
	key_field(o, "exe");
	key_field(o, o->node);
	key_field(o, o->exe);
}

/* The owner of a process: its SELinux label, else rules 2 and 3. */
static void
of_process(struct attribution *a, const char *node, const char *label, long long pid,
	   long long ppid, const char *exe, struct owner *o)
{
	const struct subject *s;

	owner_reset(o, node);
	if (label && attribution_classify(a, label, &s) == 0)
		from_selinux(a, s, o);
	else
		from_process(a, label, pid, ppid, exe, o);
}

void
event_owners_init(struct event_owners *o)
{
	memset(o, 0, sizeof(*o));
	strbuf_init(&o->process.key);
	strbuf_init(&o->seccomp.key);
}

void
event_owners_done(struct event_owners *o)
{
	strbuf_done(&o->process.key);
	strbuf_done(&o->seccomp.key);
	for (size_t i = 0; i < o->cap_avcs; i++)
		strbuf_done(&o->avcs[i].key);
	free(o->avcs);
	free(o->avc_readable);
	free(o->sender_is_host);
}

void
owners_of_event(struct attribution *a, const struct event *ev, struct event_owners *o)
{
	if (ev->n_avcs > o->cap_avcs) {
		o->avcs = xrealloc(o->avcs, ev->n_avcs * sizeof(*o->avcs));
		o->avc_readable = xrealloc(o->avc_readable, ev->n_avcs * sizeof(*o->avc_readable));
		o->sender_is_host =
			xrealloc(o->sender_is_host, ev->n_avcs * sizeof(*o->sender_is_host));
		for (size_t i = o->cap_avcs; i < ev->n_avcs; i++)
			strbuf_init(&o->avcs[i].key);
		o->cap_avcs = ev->n_avcs;
	}
	of_process(a, ev->node, ev->subj, ev->pid, ev->ppid, ev->exe ? ev->exe : ev->comm,
		   &o->process);
	if (ev->seccomp.present)
		of_process(a, ev->node, ev->seccomp.subj, ev->seccomp.pid, -1,
			   ev->seccomp.exe ? ev->seccomp.exe : ev->seccomp.comm, &o->seccomp);
	for (size_t i = 0; i < ev->n_avcs; i++) {
		const struct avc *av = &ev->avcs[i];
		const struct subject *s;

		o->sender_is_host[i] = av->sender_subj &&
				       attribution_classify(a, av->sender_subj, &s) == 0 &&
				       (s->kind == SUBJECT_HOST || s->kind == SUBJECT_ENGINE);
		owner_reset(&o->avcs[i], ev->node);
		o->avc_readable[i] = false;
		if (av->apparmor && !av->scontext && !av->tclass) {
			/* AppArmor: the profile that decided, for the process it names. */
			if (av->profile)
				from_process(a, av->profile, av->pid, ev->ppid, ev->exe,
					     &o->avcs[i]);
			o->avc_readable[i] = av->profile != NULL;
		} else if (av->scontext && attribution_classify(a, av->scontext, &s) == 0) {
			from_selinux(a, s, &o->avcs[i]);
			o->avc_readable[i] = true;
		}
	}
}

bool
owner_is_container(const struct owner *o)
{
	return o->kind == SUBJECT_CONTAINER || o->kind == SUBJECT_PRIVILEGED ||
	       o->kind == SUBJECT_UNATTRIBUTED;
}

enum process_origin
owner_origin(const struct owner *o)
{
	if (o->kind == SUBJECT_CONTAINER || o->kind == SUBJECT_PRIVILEGED)
		return ORIGIN_CONTAINER;
	return o->labelled_by == LABEL_NONE ? ORIGIN_UNKNOWN : ORIGIN_HOST;
}

void
owner_label(const struct owner *o, struct strbuf *out)
{
	switch (o->basis) {
	case OWNER_BY_INSPECT:
		/* A container the log saw start may have no name (docker's): its short id. */
		if (*o->info->name)
			strbuf_addstr(out, o->info->name);
		else
			strbuf_add(out, o->info->id,
				   strlen(o->info->id) < 12 ? strlen(o->info->id) : 12);
		break;
	case OWNER_BY_SELINUX:
		strbuf_addf(out, "%s%s%s", o->type, *o->level ? ":" : "", o->level);
		break;
	case OWNER_BY_APPARMOR:
		strbuf_addf(out,
			    o->kind == SUBJECT_ENGINE
				    ? "AppArmor profile %s"
				    : "AppArmor profile %s (its containers together)",
			    o->profile);
		break;
	case OWNER_BY_EXE:
		strbuf_addstr(out, o->exe);
		break;
	case OWNER_BY_NOTHING:
	default:
		strbuf_addstr(out, "the host");
		break;
	}
}

bool
owner_name_matches(const char *label, const char *level, const struct inspect_container *info,
		   const char *want, bool as_unit)
{
	const char *name = info ? info->name : label, *p;
	size_t wl = strlen(want);

	if (streq(label, want) || (level && *level && streq(level, want)))
		return true;
	if (info && (streq(info->name, want) || (wl >= 4 && startswith(info->id, want))))
		return true;
	if (!as_unit || !wl)
		return false;
	/* A word of the name: bounded by the start, the end, '-' or '_'. */
	for (p = strstr(name, want); p; p = strstr(p + 1, want))
		if ((p == name || p[-1] == '-' || p[-1] == '_') &&
		    (p[wl] == '\0' || p[wl] == '-' || p[wl] == '_'))
			return true;
	return false;
}
