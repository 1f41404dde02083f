/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 5: the table of analyzers, run on each container. */
#include <stdio.h>

#include "leastpriv/advise/recommend.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/base/util.h"

/*
 * The order is the precedence: each finding goes to the first that claims it.  Noise and MAC
 * capabilities before the capability set (they must never join it); a capability denial that
 * names no capability is reviewed; file denials by their target type, most specific first.
 */
const struct analyzer *const analyzers[] = {
	&analyzer_privileged,         /* the container itself */
	&analyzer_engine_socket,      /* before anything it could be mistaken for */
	&analyzer_snap,               /* snapd's confinement: no engine flag applies */
	&analyzer_lxd,                /* LXD's profiles: its configuration, not an engine's */
	&analyzer_engine_side,        /* the engine's or a host daemon's: the policy's gap */
	&analyzer_privileged_gap,     /* spc_t refused anything: the policy's gap */
	&analyzer_noise,              /* a module probe: never a capability to grant */
	&analyzer_mac,                /* MAC capabilities: never granted */
	&analyzer_capabilities,       /* the capability set */
	&analyzer_unnamed_capability, /* a capability denial naming none: reviewed */
	&analyzer_systemd,            /* systemd in a container: its boolean */
	&analyzer_kernel_object,      /* proc, sysfs, process-labelled pipes: never relabelled */
	&analyzer_shared_content,     /* file denials by target type, most specific first */
	&analyzer_container_content,
	&analyzer_storage,
	&analyzer_boolean,
	&analyzer_relabel,
	&analyzer_seccomp,
	&analyzer_apparmor,
	&analyzer_readonly, /* writes to a read-only mount */
	&analyzer_network,  /* the last resorts */
	&analyzer_other,
	NULL,
};

const struct analyzer *
analyzer_named(const char *name)
{
	for (size_t i = 0; analyzers[i]; i++)
		if (streq(analyzers[i]->name, name))
			return analyzers[i];
	return NULL;
}

/*
 * Denials logged in permissive mode (SELinux permissive=1, AppArmor complain mode) were not
 * enforced: the run went on past each one, so together they are the complete list.
 */
static void
note_learning_run(struct advice *a)
{
	size_t count = 0, permissive = 0;
	char *note;

	for (size_t i = 0; i < a->n_findings; i++) {
		count += a->findings[i]->count;
		permissive += a->findings[i]->permissive_count;
	}
	if (count == 0 || permissive != count)
		return;
	note = xasprintf("%s%sEvery denial here was logged in permissive mode and not enforced: "
			 "the run went on past each, so this is the complete list for that run.",
			 a->confidence_note ? a->confidence_note : "",
			 a->confidence_note ? " " : "");
	free(a->confidence_note);
	a->confidence_note = note;
}

static int
compare_advice(const void *pa, const void *pb)
{
	const struct advice *a = *(struct advice *const *)pa, *b = *(struct advice *const *)pb;
	int c;

	if (a->severity != b->severity)
		return a->severity < b->severity ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	c = strcmp(a->title, b->title);
	if (c)
		return c;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* From its container, kind and first finding: all stable, and no two advice share them. */
static void
set_id(const struct container *ct, struct advice *a)
{
	char *key = xasprintf("%s|%s|%s", ct->id, advice_kind_name(a->kind),
			      a->n_findings ? a->findings[0]->id : "");

	stable_id(key, strlen(key), a->id);
	free(key);
}

bool
container_shows_kubernetes(const struct container *ct)
{
	if (engine_is_kubernetes_sign(ct->type) ||
	    (ct->info && engine_is_kubernetes_sign(ct->info->name)))
		return true;
	for (size_t i = 0; i < ct->n_findings; i++) {
		const struct finding *f = ct->findings[i];

		if (engine_is_kubernetes_sign(f->object))
			return true;
		for (size_t j = 0; j < f->n_comms; j++)
			if (streq(f->comms[j], "kubelet"))
				return true;
	}
	return false;
}

void
recommend_container(struct advise_context *c)
{
	const struct container *ct = c->container;
	const struct finding **claimed = xcalloc(ct->n_findings + 1, sizeof(*claimed));
	bool *taken = xcalloc(ct->n_findings + 1, sizeof(*taken));
	struct container_advice *ca = c->out;

	ca->container = ct;
	c->kubernetes = ca->kubernetes = container_shows_kubernetes(ct);
	for (size_t k = 0; analyzers[k]; k++) {
		size_t n = 0;

		size_t before = ca->n_items;

		for (size_t j = 0; j < ct->n_findings; j++)
			if (!taken[j] && analyzers[k]->claims(c, ct->findings[j])) {
				taken[j] = true;
				claimed[n++] = ct->findings[j];
			}
		analyzers[k]->advise(c, claimed, n);
		for (size_t j = before; j < ca->n_items; j++)
			ca->items[j]->class_name = analyzers[k]->name;
	}
	for (size_t k = 0; k < ca->n_items; k++)
		note_learning_run(ca->items[k]);
	if (ca->n_items > 1)
		qsort(ca->items, ca->n_items, sizeof(*ca->items), compare_advice);
	for (size_t k = 0; k < ca->n_items; k++)
		set_id(ct, ca->items[k]);
	free(claimed);
	free(taken);
}

/* How many containers were denied each object: shared content is relabelled :z, not :Z. */
static size_t
sharers(const void *data, const char *key)
{
	const struct hmap *map = data;

	return (size_t)(uintptr_t)hmap_get(map, key, strlen(key));
}

static void
index_sharers(const struct evidence *e, struct hmap *map)
{
	for (size_t i = 0; i < e->n_containers; i++) {
		const struct container *ct = e->list[i];

		for (size_t j = 0; j < ct->n_findings; j++) {
			const struct finding *f = ct->findings[j];
			bool counted = false;

			if (!f->object_key)
				continue;
			/* Count each container once per object. */
			for (size_t k = 0; k < j; k++)
				counted |= ct->findings[k]->object_key == f->object_key;
			if (!counted) {
				struct hmap_entry *he =
					hmap_put(map, f->object_key, strlen(f->object_key));

				he->value = (void *)((uintptr_t)he->value + 1);
			}
		}
	}
}

void
recommend(const struct evidence *e, const char *seccomp_dir, struct advice_set *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->evidence = e;
	ret->seccomp_dir = seccomp_dir;
	ret->n_containers = e->n_containers;
	ret->current_index = SIZE_MAX;
	hmap_init(&ret->sharers);
	hmap_init(&ret->profile_names);
	index_sharers(e, &ret->sharers);
}

const struct container_advice *
advice_set_get(struct advice_set *s, size_t i)
{
	if (i >= s->n_containers)
		return NULL;
	if (s->current_index != i) {
		struct advise_context c = {
			.container = s->evidence->list[i],
			.out = &s->current,
			.sharers = sharers,
			.sharers_data = &s->sharers,
			.seccomp_dir = s->seccomp_dir,
			.profile_names = &s->profile_names,
		};

		container_advice_done(&s->current);
		memset(&s->current, 0, sizeof(s->current));
		s->current_index = i;
		recommend_container(&c);
	}
	return &s->current;
}
