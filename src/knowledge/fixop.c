/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fix vocabulary's names. */
#include <stdlib.h>
#include <string.h>

#include "leastpriv/knowledge/fixop.h"
#include "leastpriv/base/util.h"

void
fixop_done(struct fixop *op)
{
	free(op->path);
	free(op->target);
	free(op->name);
	free(op->value);
	free(op->caps);
	for (size_t i = 0; i < op->n_names; i++)
		free(op->names[i]);
	free(op->names);
}

void
fixop_set_caps(struct fixop *op, const int *caps, size_t n)
{
	free(op->caps);
	op->caps = xcalloc(n + 1, sizeof(*op->caps));
	memcpy(op->caps, caps, n * sizeof(*caps));
	op->n_caps = n;
}

static const char *const kind_names[FIXOP_MAX] = {
	[FIXOP_WORDS] = "words",
	[FIXOP_CAP_SET] = "cap_set",
	[FIXOP_CAP_ADD] = "cap_add",
	[FIXOP_CONFINED_TRIAL] = "confined_trial",
	[FIXOP_VOLUME_RELABEL] = "volume_relabel",
	[FIXOP_REMOVE_MOUNT] = "remove_mount",
	[FIXOP_SYSCTL] = "sysctl",
	[FIXOP_TMPFS] = "tmpfs",
	[FIXOP_HOSTNAME] = "hostname",
	[FIXOP_LABEL_NESTED] = "label_nested",
	[FIXOP_LABEL_DISABLE] = "label_disable",
	[FIXOP_LABEL_LEVEL] = "label_level",
	[FIXOP_SECCOMP_PROFILE] = "seccomp_profile",
	[FIXOP_APPARMOR_UNCONFINED] = "apparmor_unconfined",
	[FIXOP_LABEL_TYPE] = "label_type",
	[FIXOP_VOLUME_WRITABLE] = "volume_writable",
	[FIXOP_BOOLEAN] = "boolean",
	[FIXOP_PERMISSIVE_TYPE] = "permissive_type",
	[FIXOP_LABEL_DURABLE] = "label_durable",
	[FIXOP_LABEL_TRY] = "label_try",
	[FIXOP_RESTORE_STORAGE] = "restore_storage",
	[FIXOP_DEDICATED_COPY] = "dedicated_copy",
	[FIXOP_CUSTOM_POLICY] = "custom_policy",
	[FIXOP_HOST_MODULE] = "host_module",
	[FIXOP_SECCOMP_WRITE] = "seccomp_write",
	[FIXOP_SECCOMP_LOG_COPY] = "seccomp_log_copy",
	[FIXOP_APPARMOR_RULE] = "apparmor_rule",
	[FIXOP_APPARMOR_LOAD] = "apparmor_load",
	[FIXOP_POLICY_UPDATE] = "policy_update",
	[FIXOP_LOCAL_MODULE] = "local_module",
	[FIXOP_SNAP_CONNECT] = "snap_connect",
};

const char *
fixop_kind_name(enum fixop_kind kind)
{
	return kind < FIXOP_MAX && kind_names[kind] ? kind_names[kind] : "unknown";
}

bool
fixop_is_container_option(enum fixop_kind kind)
{
	return kind >= FIXOP_CAP_SET && kind <= FIXOP_VOLUME_WRITABLE;
}
