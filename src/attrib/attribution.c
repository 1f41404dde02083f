/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 3: SELinux subject contexts to host, engine, container or privileged container. */
#include <errno.h>
#include <stdint.h>

#include "leastpriv/attrib/attribution.h"
#include "leastpriv/attrib/live.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/attrib/pid_key.h"
#include "leastpriv/base/util.h"

static enum subject_kind
kind_of(const struct selinux_ctx *c)
{
	if (streq(c->type, "spc_t"))
		return SUBJECT_PRIVILEGED;
	if (engine_is_engine_domain(c->type))
		return SUBJECT_ENGINE;
	if (engine_is_container_domain(c->type))
		return SUBJECT_CONTAINER;
	return SUBJECT_HOST;
}

void
attribution_init(struct attribution *a, struct strpool *pool, const struct inspect_set *inspect)
{
	a->pool = pool;
	a->inspect = inspect;
	a->live = false;
	hmap_init(&a->cache);
	strpool_init(&a->contexts);
	hmap_init(&a->parents[0]);
	hmap_init(&a->parents[1]);
	launches_init(&a->launches);
}

void
attribution_done(struct attribution *a)
{
	hmap_done(&a->cache, free);
	strpool_done(&a->contexts);
	hmap_done(&a->parents[0], NULL);
	hmap_done(&a->parents[1], NULL);
	launches_done(&a->launches);
}

void
attribution_event_start(struct attribution *a, int64_t sec)
{
	a->event_sec = sec;
	/* Contexts repeat; a log of ever new ones must not grow the cache for ever. */
	if (a->cache.size >= ATTRIBUTION_CACHE_MAX) {
		hmap_done(&a->cache, free);
		hmap_init(&a->cache);
		strpool_done(&a->contexts);
		strpool_init(&a->contexts);
	}
}

/*
 * The parents are kept in two generations of PARENTS_MAX pids each: when the newer is full the
 * older goes, so memory is bounded and the pids of the recent past, which ancestry needs, stay.
 */
#define PARENTS_MAX (256 * 1024)

void
attribution_note_process(struct attribution *a, const char *node, long long pid, long long ppid)
{
	struct pid_key k = pid_key(node, pid);
	struct hmap_entry *e;

	if (pid <= 0 || ppid < 0)
		return;
	if (a->parents[1].size >= PARENTS_MAX &&
	    !hmap_get(&a->parents[1], k.bytes, sizeof(k.bytes))) {
		hmap_done(&a->parents[0], NULL);
		a->parents[0] = a->parents[1];
		hmap_init(&a->parents[1]);
	}
	e = hmap_put(&a->parents[1], k.bytes, sizeof(k.bytes));
	/* The value is the parent pid itself; pids are positive, so 0 never means "set". */
	e->value = (void *)(intptr_t)ppid;
}

/* The parent noted for @pid of @node, or 0. */
static long long
parent_of(const struct attribution *a, const char *node, long long pid)
{
	struct pid_key k = pid_key(node, pid);
	void *v = hmap_get(&a->parents[1], k.bytes, sizeof(k.bytes));

	if (!v)
		v = hmap_get(&a->parents[0], k.bytes, sizeof(k.bytes));
	return (long long)(intptr_t)v;
}

bool
attribution_has_containers(const struct attribution *a)
{
	return (a->inspect && a->inspect->n) || a->launches.n;
}

/* A container by one ancestor: an inspect container's init, or a seen start's runtime. */
static const struct inspect_container *
container_at(const struct attribution *a, const char *node, long long pid, bool launches)
{
	const struct inspect_container *c =
		a->inspect && a->inspect->n ? inspect_by_pid(a->inspect, pid) : NULL;

	return c ? c : launches ? launches_by_pid(&a->launches, node, pid, a->event_sec) : NULL;
}

const struct inspect_container *
attribution_container_of(const struct attribution *a, const char *node, long long pid,
			 long long ppid, const char *exe)
{
	/* The runtime and monitor are the engine's, whatever their pids are recorded as. */
	bool launches = a->launches.n && !engine_is_runtime_exe(exe);
	const struct inspect_container *c;

	if (!attribution_has_containers(a))
		return NULL;
	c = a->inspect && a->inspect->n ? inspect_by_pid(a->inspect, pid) : NULL;
	if (!c && ppid < 0) /* records without ppid= (SECCOMP, AVC): the noted parent */
		ppid = parent_of(a, node, pid);
	/* A process still running says itself which container it is in. */
	if (!c && a->live && !node) {
		char id[65];

		if (live_container_of_pid(pid, id) == 0 && a->inspect)
			c = inspect_by_id(a->inspect, id);
	}
	/* Follow the parents; the bound stops a cycle that reused pids can create. */
	for (int depth = 0; !c && ppid > 1 && depth < 64; depth++) {
		c = container_at(a, node, ppid, launches);
		if (!c)
			ppid = parent_of(a, node, ppid);
	}
	return c;
}

int
attribution_classify(struct attribution *a, const char *context, const struct subject **ret)
{
	struct hmap_entry *e;
	struct selinux_ctx c;
	struct subject *s;
	int r;

	s = hmap_get(&a->cache, context, strlen(context));
	if (s) {
		*ret = s;
		return 0;
	}
	r = selinux_ctx_parse(&a->contexts, context, &c);
	if (r < 0)
		return r;
	s = xmalloc(sizeof(*s));
	s->ctx = c;
	s->kind = kind_of(&c);
	e = hmap_put(&a->cache, context, strlen(context));
	e->value = s;
	*ret = s;
	return 0;
}

const char *
subject_kind_name(enum subject_kind kind)
{
	static const char *const names[SUBJECT_MAX] = {
		[SUBJECT_HOST] = "host",
		[SUBJECT_ENGINE] = "engine",
		[SUBJECT_CONTAINER] = "container",
		[SUBJECT_PRIVILEGED] = "privileged",
		[SUBJECT_UNATTRIBUTED] = "unattributed",
	};

	return kind < SUBJECT_MAX ? names[kind] : "unknown";
}
