/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `leastpriv fix`: from the advice about one container to the plan that rewrites its run
 * command, compose service, Kubernetes container or Quadlet unit.  The plan is read from the
 * advice's fix operations (knowledge/fixop.h), the same that the reports show, so a fix never
 * does something the report did not say.  It writes nothing: render/fix.c shows the result.
 */
#ifndef LEASTPRIV_FIX_H
#define LEASTPRIV_FIX_H

#include "leastpriv/analysis/report.h"
#include "leastpriv/dialect/runcmd.h"

/*
 * The container of @r that the command @rc starts: named by @want (a --container value),
 * else by the command's --name (or, when no container of the log has that name, the one
 * whose process has it, else the only container with advice), else the only container with
 * advice.  Several runs of one name on one node: the latest, with a note in @err.  With
 * @hosts_log (the evidence is the host's whole log, which holds every container of the host)
 * only a name counts.  NULL when none or several match (then @err says which).  The advice
 * returned is valid until the report's next container is asked for (report_container()).
 */
const struct container_advice *fix_pick(const struct report *r, const struct run_command *rc,
					const char *want, bool hosts_log, struct strbuf *err);
/*
 * The container of @r that a workload file's unit @unit stands for (compose's "proj-web-1"
 * for "web"), by @want when given; with @single (the file holds one container, as a Quadlet
 * unit does), the only container with advice, unless @hosts_log.  Only containers with advice
 * count.
 */
const struct container_advice *fix_pick_unit(const struct report *r, const char *unit,
					     const char *want, bool single, bool hosts_log);
/*
 * Fill @plan from the advice @ca (NULL: no evidence).  @had_full: the command grants every
 * capability (--privileged, --cap-add=ALL), so a capability set must replace it.
 * @gathered_under_defaults: the evidence comes from a run with the engine's default
 * capabilities, so a capability set can only be added to, never replace them.  @caps is
 * storage for the capability names (at least 65 entries).  The seccomp profile's path is
 * copied to *ret_seccomp_path (free it), or NULL.
 */
void fix_plan_from(const struct container_advice *ca, bool had_full, bool gathered_under_defaults,
		   const char **caps, char **ret_seccomp_path, struct fix_plan *plan);
/*
 * Whether the run @rc kept the engine's default capabilities: it neither dropped ALL nor
 * granted every capability.
 */
bool fix_keeps_default_caps(const struct run_command *rc);
/* Whether @rc grants every capability. */
bool fix_grants_all(const struct run_command *rc);

#endif
