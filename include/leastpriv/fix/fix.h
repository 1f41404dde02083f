/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `leastpriv fix`: from the advice about one container to its run command line, rewritten.
 */
#ifndef LEASTPRIV_FIX_H
#define LEASTPRIV_FIX_H

#include <stdio.h>

#include "leastpriv/analysis/analysis.h"
#include "leastpriv/dialect/runcmd.h"

/*
 * The container of @a's report that command @rc starts: named by @want (a --container value),
 * else by the command's --name, else the only container with advice.  NULL when none or
 * several match (then @err says which).
 */
const struct container_advice *fix_pick(const struct analysis *a, const struct run_command *rc,
					const char *want, struct strbuf *err);
/*
 * Fill @plan from the advice @ca (NULL: no evidence).  @had_full: the command grants every
 * capability (--privileged, --cap-add=ALL), so a capability set must replace it.  @caps is
 * storage for the capability names (at least 65 entries).
 */
void fix_plan_from(const struct container_advice *ca, bool had_full, const char *seccomp_dir,
		   const char **caps, char **ret_seccomp_path, struct fix_plan *plan);
/* Whether @rc grants every capability. */
bool fix_grants_all(const struct run_command *rc);
/* Print the rewritten command and the changes, for people or as JSON. */
int fix_render(FILE *out, bool json, const char *label, char *const *argv,
	       const struct fix_change *changes, size_t n, const char *note);

#endif
