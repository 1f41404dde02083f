/* SPDX-License-Identifier: GPL-2.0-or-later */
/* leastpriv fix: the advice of one container, as the plan that rewrites its definition. */
#include <sys/capability.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/fix/fix.h"
#include "leastpriv/base/util.h"

static const char *
command_name(const struct run_command *rc)
{
	for (size_t i = 0; i < rc->n_opts; i++)
		if (streq(rc->opts[i].name, "--name") && rc->opts[i].value)
			return rc->opts[i].value;
	return NULL;
}

static bool
stamp_before(struct stamp a, struct stamp b)
{
	return a.sec != b.sec ? a.sec < b.sec : a.ms != b.ms ? a.ms < b.ms : a.serial < b.serial;
}

/* Whether @ct is a run of the container called @name exactly (not an id prefix). */
static bool
run_named(const struct container *ct, const char *name)
{
	const struct inspect_container *info = ct->info;

	return info && streq(info->name, name);
}

/*
 * Of the @n containers of @r that @name matches, the latest run when they are all runs of one
 * name on one node (a container made again under its name): its index, else SIZE_MAX.
 */
static size_t
latest_run(const struct report *r, const char *name, size_t n, struct strbuf *note)
{
	const struct container *latest = NULL;
	size_t latest_i = SIZE_MAX;

	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container *ct = report_subject(r, i);

		if (!container_is_named(ct, name, false))
			continue;
		if (!run_named(ct, name) ||
		    (latest && !streq(latest->node ? latest->node : "", ct->node ? ct->node : "")))
			return SIZE_MAX;
		if (!latest || stamp_before(latest->first, ct->first)) {
			latest = ct;
			latest_i = i;
		}
	}
	strbuf_addf(note,
		    "the log holds %zu runs of a container named so; the evidence of the latest "
		    "is used",
		    n);
	return latest_i;
}

static bool
has_advice(const struct report *r, size_t i)
{
	return report_container(r, i)->n_items > 0;
}

const struct container_advice *
fix_pick(const struct report *r, const struct run_command *rc, const char *want, bool hosts_log,
	 struct strbuf *err)
{
	const char *name = want ? want : command_name(rc);
	size_t n = 0, found = SIZE_MAX;

	for (size_t i = 0; i < r->n_containers; i++) {
		if (name ? container_is_named(report_subject(r, i), name, false)
			 : !hosts_log && has_advice(r, i)) {
			found = i;
			n++;
		}
	}
	if (n == 1)
		return report_container(r, found);
	if (n > 1 && name && (found = latest_run(r, name, n, err)) != SIZE_MAX)
		return report_container(r, found);
	if (n > 1) {
		strbuf_addf(err, "%zu containers in the log %s; name one with --container", n,
			    name ? "match that name" : "have advice");
		return NULL;
	}
	/*
	 * The command's own --name may be unknown to the log (SELinux labels name no container):
	 * a container whose process has that name, else the only one with advice, stands for it.
	 */
	if (!want && name && !hosts_log) {
		size_t by_comm = 0, with_advice = 0, comm_match = SIZE_MAX, advised = SIZE_MAX;

		for (size_t i = 0; i < r->n_containers; i++) {
			const struct container *ct = report_subject(r, i);

			if (!has_advice(r, i))
				continue;
			with_advice++;
			advised = i;
			for (size_t j = 0; j < ct->n_comms; j++)
				if (streq(ct->comms[j], name)) {
					comm_match = i;
					by_comm++;
					break;
				}
		}
		if (by_comm == 1)
			return report_container(r, comm_match);
		if (with_advice == 1)
			return report_container(r, advised);
	}
	return NULL;
}

const struct container_advice *
fix_pick_unit(const struct report *r, const char *unit, const char *want, bool single,
	      bool hosts_log)
{
	size_t found = SIZE_MAX, with_advice = 0;

	for (size_t i = 0; i < r->n_containers; i++)
		if (container_is_named(report_subject(r, i), want ? want : unit, true) &&
		    has_advice(r, i))
			found = i;
	/* A Quadlet file is one container: the only one with advice, if there is one, is it. */
	if (found == SIZE_MAX && single && !hosts_log) {
		for (size_t i = 0; i < r->n_containers; i++)
			if (has_advice(r, i)) {
				found = i;
				with_advice++;
			}
		if (with_advice != 1)
			found = SIZE_MAX;
	}
	return found == SIZE_MAX ? NULL : report_container(r, found);
}

bool
fix_grants_all(const struct run_command *rc)
{
	struct run_grants g;

	run_command_grants(rc, &g);
	return g.privileged || g.all_caps;
}

/* Advice that must not be answered by turning SELinux off for the container. */
static bool
needs_confinement_kept(const struct advice *adv)
{
	return adv->kind == ADVICE_RELABEL_REFUSED || adv->kind == ADVICE_REVIEW ||
	       adv->kind == ADVICE_APPARMOR;
}

bool
fix_keeps_default_caps(const struct run_command *rc)
{
	struct run_grants g;

	run_command_grants(rc, &g);
	return !g.drops_all && !g.privileged && !g.all_caps;
}

void
fix_plan_from(const struct container_advice *ca, bool had_full, bool gathered_under_defaults,
	      const char **caps, char **ret_seccomp_path, struct fix_plan *plan)
{
	bool have_caps = false, keep_confinement = false;
	size_t n_caps = 0;

	memset(plan, 0, sizeof(*plan));
	*ret_seccomp_path = NULL;
	for (size_t i = 0; ca && i < ca->n_items; i++) {
		const struct advice *adv = ca->items[i];

		keep_confinement |= needs_confinement_kept(adv);
		/* A read-only mount written to: applied only when the advice is sure which. */
		if (adv->kind == ADVICE_READONLY && adv->n_steps == 1) {
			const struct fixop *op = &adv->steps[0].op;

			if (op->kind == FIXOP_VOLUME_WRITABLE && op->target &&
			    plan->n_writable < ARRAY_SIZE(plan->writable))
				plan->writable[plan->n_writable++] = op->target;
			else if (op->kind == FIXOP_TMPFS && op->target &&
				 plan->n_tmpfs < ARRAY_SIZE(plan->tmpfs))
				plan->tmpfs[plan->n_tmpfs++] = op->target;
			continue;
		}
		for (size_t s = 0; s < adv->n_steps; s++) {
			const struct fixop *op = &adv->steps[s].op;

			switch (op->kind) {
			case FIXOP_CAP_SET:
				have_caps = true;
				for (size_t k = 0; k < op->n_caps && n_caps < 64; k++) {
					caps[n_caps++] = caps_name(op->caps[k]);
					if (op->caps[k] == CAP_SETGID || op->caps[k] == CAP_SETUID)
						plan->keep_setuid = true;
				}
				break;
			case FIXOP_VOLUME_RELABEL:
				/* Only a relabel of a known mount point: the others are examples.
				 */
				if (adv->kind == ADVICE_RELABEL && op->target &&
				    plan->n_relabel < ARRAY_SIZE(plan->relabel)) {
					plan->relabel[plan->n_relabel].destination = op->target;
					plan->relabel[plan->n_relabel].option = op->value[0];
					plan->n_relabel++;
				}
				break;
			case FIXOP_REMOVE_MOUNT:
				plan->remove_engine_socket = true;
				break;
			case FIXOP_SECCOMP_PROFILE:
				/* The profile leastpriv wrote, not the example name. */
				if (adv->profile_path && streq(op->path, adv->profile_path) &&
				    !*ret_seccomp_path)
					*ret_seccomp_path = xstrdup(op->path);
				break;
			default:
				break;
			}
		}
	}
	caps[n_caps] = NULL;
	/* A capability set replaces "everything", or joins evidence of capability use. */
	plan->caps = have_caps || had_full ? caps : NULL;
	plan->caps_add_only = have_caps && !had_full && gathered_under_defaults;
	plan->drop_label_disable = plan->n_relabel > 0 && !keep_confinement;
	plan->seccomp_profile = *ret_seccomp_path;
}
