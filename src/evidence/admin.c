/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Admin control: engine use per login user, socket mounts, the docker group. */
#include <errno.h>
#include <stdio.h>
#include <strings.h>

#include "leastpriv/evidence/admin.h"
#include "leastpriv/dialect/runcmd.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/base/util.h"

void
admin_init(struct admin *ad)
{
	memset(ad, 0, sizeof(*ad));
	hmap_init(&ad->users);
	hmap_init(&ad->logins);
}

void
admin_note_login(struct admin *ad, unsigned long long auid, const char *name, size_t len)
{
	struct hmap_entry *e;

	if (!len || len > 64 ||
	    (ad->logins.size >= ADMIN_LOGINS_MAX && !hmap_get(&ad->logins, &auid, sizeof(auid))))
		return;
	e = hmap_put(&ad->logins, &auid, sizeof(auid));
	if (e->value && strlen(e->value) == len && memcmp(e->value, name, len) == 0)
		return;
	free(e->value);
	e->value = xstrndup(name, len);
}

static void
user_free(void *p)
{
	struct engine_user *u = p;

	if (u)
		free(u->example);
	free(u);
}

void
admin_done(struct admin *ad)
{
	hmap_done(&ad->users, user_free);
	hmap_done(&ad->logins, free);
	free(ad->list);
	free(ad->sockets);
	for (size_t i = 0; ad->docker_group && ad->docker_group[i]; i++)
		free(ad->docker_group[i]);
	free(ad->docker_group);
	free(ad->group_file);
}

const char *
engine_risk_name(enum engine_risk r)
{
	static const char *const names[RISK_MAX] = {
		[RISK_PRIVILEGED] = "privileged",      [RISK_HOST_ROOT] = "host_root_mount",
		[RISK_SOCKET] = "engine_socket_mount", [RISK_HOST_PID] = "host_pid",
		[RISK_HOST_NET] = "host_network",      [RISK_NO_CONFINEMENT] = "confinement_off",
	};

	return r < RISK_MAX ? names[r] : "unknown";
}

/* The risks of one parsed run command, from what it grants the container. */
static void
risks_of(const struct run_command *rc, bool risks[RISK_MAX])
{
	struct run_grants g;

	run_command_grants(rc, &g);
	risks[RISK_PRIVILEGED] = g.privileged || g.all_caps;
	risks[RISK_HOST_ROOT] = g.host_root > 0;
	risks[RISK_SOCKET] = g.engine_socket;
	risks[RISK_HOST_PID] = g.host_pid;
	risks[RISK_HOST_NET] = g.host_net;
	risks[RISK_NO_CONFINEMENT] =
		g.label_disable || g.seccomp_unconfined || g.apparmor_unconfined || g.unmasked;
}

void
admin_add_event(struct admin *ad, const struct event *ev, enum process_origin origin,
		struct claims *claims)
{
	const char *const *args = ev->args;
	struct stamp t = { ev->sec, ev->ms, ev->serial };
	bool risks[RISK_MAX] = { false };
	struct run_command rc;
	struct engine_user *u;
	struct hmap_entry *he;
	struct strbuf err;
	int n = 0, r;
	const char *file = ev->syscall_loc ? ev->syscall_loc->file : NULL;
	unsigned long line = ev->syscall_loc ? ev->syscall_loc->line : 0;

	if (ev->n_args < 2 || !engine_is_client_name(args[0]))
		return;
	/*
	 * argv[0] is the process's own choice; the kernel's exe= and subject say what ran.  Only
	 * an engine binary run by a host process is a login user's use of the engine.
	 */
	if (origin == ORIGIN_CONTAINER) {
		claims_add(claims, CLAIM_CONTAINER_ENGINE, file, line,
			   ev->subj ? ev->subj : ev->exe);
		return;
	}
	if (!engine_is_client_binary(ev->exe)) {
		claims_add(claims, CLAIM_NOT_ENGINE, file, line, ev->exe ? ev->exe : args[0]);
		return;
	}
	for (size_t i = 0; i < ev->n_args; i++)
		if (!args[i])
			return; /* a lost argument: the command cannot be read safely */
	strbuf_init(&err);
	r = run_command_parse((int)ev->n_args, (char *const *)args, RUN_PARSE_LENIENT, &rc, &err);
	strbuf_done(&err);
	if (r < 0)
		return; /* not a run: ps, pull, ... */
	risks_of(&rc, risks);
	if (origin == ORIGIN_UNKNOWN)
		ad->unlabelled_runs++;
	he = hmap_put(&ad->users, &ev->auid, sizeof(ev->auid));
	u = he->value;
	if (!u) {
		u = xcalloc(1, sizeof(*u));
		u->auid = ev->auid;
		u->first = u->last = t;
		u->example_risk = -1;
		he->value = u;
	}
	u->runs++;
	for (int k = 0; k < RISK_MAX; k++)
		if (risks[k]) {
			u->risks[k]++;
			n++;
		}
	if (stamp_compare(&t, &u->first) < 0)
		u->first = t;
	if (stamp_compare(&t, &u->last) > 0)
		u->last = t;
	if (n > u->example_risk) {
		/* The event's argument list is counted, not NULL-terminated. */
		char **argv = xcalloc(ev->n_args + 1, sizeof(*argv));

		memcpy(argv, args, ev->n_args * sizeof(*argv));
		free(u->example);
		u->example = run_command_join(argv);
		u->example_risk = n;
		free(argv);
	}
	run_command_done(&rc);
}

void
admin_add_inspect(struct admin *ad, const struct inspect_set *set)
{
	for (size_t i = 0; set && i < set->n; i++) {
		const struct inspect_container *c = &set->containers[i];

		for (size_t k = 0; k < c->n_mounts; k++) {
			if (!engine_is_socket_path(c->mounts[k].source))
				continue;
			ad->sockets =
				xrealloc(ad->sockets, (ad->n_sockets + 1) * sizeof(*ad->sockets));
			ad->sockets[ad->n_sockets].container = *c->name ? c->name : c->id;
			ad->sockets[ad->n_sockets].source = c->mounts[k].source;
			ad->sockets[ad->n_sockets].destination = c->mounts[k].destination;
			ad->n_sockets++;
		}
	}
}

int
admin_read_group(struct admin *ad, const char *path)
{
	char line[8192];
	FILE *f = fopen(path, "re");
	size_t n = 0;

	if (!f)
		return -errno;
	ad->docker_group = xcalloc(1, sizeof(*ad->docker_group));
	ad->group_file = xstrdup(path);
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *fields[4];
		int k;

		line[strcspn(line, "\n")] = '\0';
		for (k = 0; k < 4; k++) {
			fields[k] = p;
			p = strchr(p, ':');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (k < 3 || !streq(fields[0], "docker"))
			continue;
		for (char *m = strtok(fields[3], ","); m; m = strtok(NULL, ",")) {
			ad->docker_group =
				xrealloc(ad->docker_group, (n + 2) * sizeof(*ad->docker_group));
			ad->docker_group[n++] = xstrdup(m);
			ad->docker_group[n] = NULL;
		}
	}
	fclose(f);
	return 0;
}

static void
collect(void *value, void *data)
{
	struct admin *ad = data;

	ad->list[ad->n_users++] = value;
}

static int
compare_users(const void *a, const void *b)
{
	const struct engine_user *x = *(struct engine_user *const *)a,
				 *y = *(struct engine_user *const *)b;

	return (x->auid > y->auid) - (x->auid < y->auid);
}

void
admin_finish(struct admin *ad)
{
	free(ad->list);
	ad->list = xcalloc(ad->users.size + 1, sizeof(*ad->list));
	ad->n_users = 0;
	hmap_foreach(&ad->users, collect, ad);
	for (size_t i = 0; i < ad->n_users; i++)
		ad->list[i]->login =
			hmap_get(&ad->logins, &ad->list[i]->auid, sizeof(ad->list[i]->auid));
	if (ad->n_users > 1)
		qsort(ad->list, ad->n_users, sizeof(*ad->list), compare_users);
}
