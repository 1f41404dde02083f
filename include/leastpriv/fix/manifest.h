/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `leastpriv fix FILE`: the same fix for docker compose files, Kubernetes manifests and podman
 * Quadlet units.  Compose and Kubernetes files are read and written with libyaml, so that
 * quoting is always right: the workloads with evidence come out rewritten (merge keys
 * resolved), the rest as it was, aliases kept as aliases; comments do not survive (libyaml does
 * not carry them) and notes come as comments.  A Quadlet unit is rewritten line by line
 * (continued lines joined, CR LF kept), comments kept.  Every result is read back and compared
 * with its input, workload by workload, through the run-line rules of runcmd.h: nothing is
 * written that grants more than the input.  Files are bounded (README, "Limits"): 4 MiB,
 * 100 levels of nesting, 200000 nodes, no recursive alias.
 */
#ifndef LEASTPRIV_MANIFEST_H
#define LEASTPRIV_MANIFEST_H

#include <stdbool.h>

#include "leastpriv/dialect/runcmd.h"
#include "leastpriv/base/strbuf.h"

enum manifest_kind {
	MANIFEST_COMPOSE,
	MANIFEST_KUBERNETES,
	MANIFEST_QUADLET,
	MANIFEST_UNKNOWN,
};

/*
 * The plan for one workload unit (a compose service, a Kubernetes container, a Quadlet unit)
 * named @unit.  @grants_all: the unit is privileged or adds ALL capabilities.  Fill *plan and
 * return true, or return false when there is no evidence for it.
 */
typedef bool (*manifest_plan_fn)(const char *unit, bool grants_all, struct fix_plan *plan,
				 void *data);

/* What kind of file @path is (by its name, then its content).  -errno on a read error. */
int manifest_detect(const char *path, enum manifest_kind *ret, struct strbuf *err);
/*
 * The fixed file of @path, appended to @out: the whole document again, every workload with
 * evidence rewritten and the rest as it was; notes (what changed and why, Pod Security
 * Standards) come as comments.  The user's file is never written to.  Returns the number of
 * units changed (>= 0), or -errno with a message in @err (file and position for YAML errors);
 * nothing is appended on failure.
 */
int manifest_fix(const char *path, enum manifest_kind kind, manifest_plan_fn plan_for, void *data,
		 struct strbuf *out, struct strbuf *err);
/*
 * The same for the @len bytes at @text (NUL-terminated), named @path.  -EPERM means that the
 * rewrite was read back and found to grant more than its input: nothing was appended.
 */
int manifest_fix_text(const char *path, const char *text, size_t len, enum manifest_kind kind,
		      manifest_plan_fn plan_for, void *data, struct strbuf *out,
		      struct strbuf *err);

#endif
