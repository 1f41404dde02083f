/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 3: SELinux subject contexts to host, engine, container or privileged container. */
#include <errno.h>

#include "leastpriv/attribution.h"
#include "leastpriv/util.h"

/* Process types of container-selinux whose processes are containers (container.te). */
static const char *const container_domains[] = {
	"container_t",
	"container_init_t",
	"container_kvm_t",
	"container_engine_t",
	"container_userns_t",
	"container_logreader_t",
	"container_logwriter_t",
	"container_device_t",
	"container_device_plugin_t",
	"container_device_plugin_init_t",
	"container_user_t",
	"svirt_lxc_net_t", /* container_t's name before container-selinux */
	"svirt_sandbox_t",
};

/* The engine and runtime on the host: dockerd, podman, conmon, runc, containerd, CRI-O. */
static const char *const engine_domains[] = {
	"container_runtime_t",
	"docker_t",
	"conmon_t",
	"kubelet_t",
};

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (streq(s, list[i]))
			return true;
	return false;
}

static enum subject_kind
kind_of(const struct selinux_ctx *c)
{
	size_t tl = strlen(c->type);

	if (streq(c->type, "spc_t"))
		return SUBJECT_PRIVILEGED;
	if (in_list(c->type, engine_domains, ARRAY_SIZE(engine_domains)))
		return SUBJECT_ENGINE;
	/* udica's per-container policies name their domains NAME.process. */
	if (in_list(c->type, container_domains, ARRAY_SIZE(container_domains)) ||
	    (tl > 8 && streq(c->type + tl - 8, ".process")))
		return SUBJECT_CONTAINER;
	return SUBJECT_HOST;
}

void
attribution_init(struct attribution *a, struct strpool *pool)
{
	a->pool = pool;
	hmap_init(&a->cache);
}

void
attribution_done(struct attribution *a)
{
	hmap_done(&a->cache, free);
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
	r = selinux_ctx_parse(a->pool, context, &c);
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
	};

	return kind < SUBJECT_MAX ? names[kind] : "unknown";
}
