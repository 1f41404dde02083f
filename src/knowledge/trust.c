/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The trust boundary's rules and the sink for claims a record's sender could not make. */
#include "leastpriv/knowledge/trust.h"
#include "leastpriv/base/util.h"

/*
 * The classes of the kernel's SELinux class map (security/selinux/include/classmap.h, Linux
 * 6.x): a decision on them is made in the kernel and logged as an AVC, never sent from user
 * space.  "system" is left out: systemd checks its own permissions (start, stop, reload) in
 * that class from user space.  Every "*_socket" class is the kernel's too.
 */
static const char *const kernel_classes[] = {
	"security",
	"process",
	"process2",
	"capability",
	"filesystem",
	"file",
	"dir",
	"fd",
	"lnk_file",
	"chr_file",
	"blk_file",
	"sock_file",
	"fifo_file",
	"node",
	"netif",
	"sem",
	"msg",
	"msgq",
	"shm",
	"ipc",
	"association",
	"packet",
	"key",
	"memprotect",
	"peer",
	"capability2",
	"kernel_service",
	"binder",
	"cap_userns",
	"cap2_userns",
	"infiniband_pkey",
	"infiniband_endport",
	"bpf",
	"perf_event",
	"anon_inode",
	"io_uring",
	"user_namespace",
	"lockdown",
};

bool
trust_is_kernel_class(const char *tclass)
{
	size_t l;

	if (!tclass)
		return false;
	l = strlen(tclass);
	if (l > 7 && streq(tclass + l - 7, "_socket"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(kernel_classes); i++)
		if (streq(tclass, kernel_classes[i]))
			return true;
	return false;
}

bool
trust_is_kernel_apparmor_op(const char *op)
{
	/* dbus-daemon and dbus-broker mediate with AppArmor from user space: dbus_method_call,
	 * dbus_signal, dbus_bind, dbus_eavesdrop.  Every other operation is the kernel's. */
	return !op || !startswith(op, "dbus_");
}

void
claims_init(struct claims *c)
{
	memset(c, 0, sizeof(*c));
}

void
claims_done(struct claims *c)
{
	for (int k = 0; k < CLAIM_MAX; k++) {
		free(c->first[k].file);
		free(c->first[k].sender);
	}
	memset(c, 0, sizeof(*c));
}

void
claims_add(struct claims *c, enum claim_kind kind, const char *file, unsigned long line,
	   const char *sender)
{
	struct claim_example *ex = &c->first[kind];

	c->count[kind]++;
	if (ex->file)
		return;
	ex->file = xstrdup(file ? file : "-");
	ex->line = line;
	ex->sender = sender ? xstrdup(sender) : NULL;
}

size_t
claims_total(const struct claims *c)
{
	size_t n = 0;

	for (int k = 0; k < CLAIM_MAX; k++)
		n += c->count[k];
	return n;
}

const char *
claim_kind_name(enum claim_kind kind)
{
	static const char *const names[CLAIM_MAX] = {
		[CLAIM_EMBEDDED_RECORD] = "record_text_in_user_message",
		[CLAIM_OTHER_SUBJECT] = "user_message_for_another_subject",
		[CLAIM_KERNEL_CLASS] = "user_message_with_kernel_class",
		[CLAIM_CONTAINER_ENGINE] = "engine_command_inside_container",
		[CLAIM_NOT_ENGINE] = "engine_name_not_engine_binary",
	};

	return kind < CLAIM_MAX ? names[kind] : "unknown";
}

const char *
claim_kind_words(enum claim_kind kind)
{
	static const char *const words[CLAIM_MAX] = {
		[CLAIM_EMBEDDED_RECORD] = "user-space message whose text holds a record header "
					  "(not read as a record)",
		[CLAIM_OTHER_SUBJECT] = "user-space denial sent from a container or an unlabelled "
					"process about another subject",
		[CLAIM_KERNEL_CLASS] = "user-space message claiming a decision only the kernel "
				       "makes (capability, file, socket, ...)",
		[CLAIM_CONTAINER_ENGINE] = "engine command run inside a container (not counted as "
					   "a login user's)",
		[CLAIM_NOT_ENGINE] = "command named docker or podman whose executable is not the "
				     "engine's",
	};

	return kind < CLAIM_MAX ? words[kind] : "unknown";
}
