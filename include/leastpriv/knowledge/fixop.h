/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vocabulary of fixes: what a step of advice changes, as data.  The advisors say which
 * operation and on what (raw strings from the log or the inspect data, never quoted); the
 * dialect module alone spells an operation for docker/podman run, compose, Kubernetes, Quadlet
 * or the host's shell, quoting as each needs; `fix` applies the same operations to a command
 * line or a manifest.
 */
#ifndef LEASTPRIV_FIXOP_H
#define LEASTPRIV_FIXOP_H

#include <stdbool.h>
#include <stddef.h>

enum fixop_kind {
	FIXOP_WORDS, /* a step in words only: nothing to type */
	/* the container's own options, spelled per target */
	FIXOP_CAP_SET,             /* drop every capability, add exactly caps[] */
	FIXOP_CAP_ADD,             /* add caps[0] (an alternative to a wider change) */
	FIXOP_CONFINED_TRIAL,      /* run once with no capability and no-new-privileges */
	FIXOP_VOLUME_RELABEL,      /* mount host path at target with option value ("Z" or "z") */
	FIXOP_REMOVE_MOUNT,        /* delete the mount of path at target */
	FIXOP_SYSCTL,              /* set sysctl name=value */
	FIXOP_TMPFS,               /* a tmpfs at target */
	FIXOP_HOSTNAME,            /* let the engine set the host name */
	FIXOP_LABEL_NESTED,        /* podman's label=nested */
	FIXOP_LABEL_DISABLE,       /* no SELinux separation for this container */
	FIXOP_LABEL_LEVEL,         /* a fixed MCS level, value */
	FIXOP_SECCOMP_PROFILE,     /* run with the seccomp profile at path */
	FIXOP_APPARMOR_UNCONFINED, /* no AppArmor profile for this container */
	FIXOP_LABEL_TYPE,          /* run as the SELinux type name (container_logreader_t) */
	FIXOP_VOLUME_WRITABLE, /* the volume at target mounted read-write (path: its host side) */
	/* commands on the host, the same for every target */
	FIXOP_BOOLEAN,          /* setsebool -P value on */
	FIXOP_PERMISSIVE_TYPE,  /* make the SELinux type value permissive for a run */
	FIXOP_LABEL_DURABLE,    /* label the host path container_file_t in the policy */
	FIXOP_LABEL_TRY,        /* label the host path container_file_t until a relabel */
	FIXOP_RESTORE_STORAGE,  /* restore the labels of the engine's storage */
	FIXOP_DEDICATED_COPY,   /* copy what is needed into a directory of its own, mount that */
	FIXOP_CUSTOM_POLICY,    /* a per-container policy from inspect data (udica) */
	FIXOP_HOST_MODULE,      /* load a kernel module on the host */
	FIXOP_SECCOMP_WRITE,    /* the default seccomp profile plus names[] */
	FIXOP_SECCOMP_LOG_COPY, /* a copy of the default profile that logs what it refuses */
	FIXOP_APPARMOR_RULE,    /* a line (value) for a copy of the AppArmor profile */
	FIXOP_APPARMOR_LOAD,    /* load the copied profile and run with it */
	FIXOP_POLICY_UPDATE,    /* update the policy package name, to release value or later */
	FIXOP_LOCAL_MODULE,     /* a local SELinux module name holding the CIL rules value */
	FIXOP_SNAP_CONNECT,     /* connect an interface of the snap name (snapd's confinement) */
	FIXOP_MAX
};

/* Up to the kernel's capability count: more cannot be set. */
#define FIXOP_CAPS_MAX 64

struct fixop {
	enum fixop_kind kind;
	char *path;   /* a host path (raw); NULL: the placeholder HOST_DIR */
	char *target; /* a path in the container (raw); NULL: the placeholder of placeholder */
	const char *placeholder; /* what stands for an unknown target ("/MOUNT/POINT") */
	char *name;              /* a sysctl's or boolean's or type's name, raw */
	char *value;             /* an option, a sysctl value, a level, a profile rule, raw */
	int *caps;               /* capability numbers, ascending (fixop_set_caps()) */
	size_t n_caps;
	char **names; /* syscall names */
	size_t n_names;
};

void fixop_done(struct fixop *op);
/* Give @op a copy of the @n capability numbers at @caps. */
void fixop_set_caps(struct fixop *op, const int *caps, size_t n);
/* "cap_set", "volume_relabel", ...: the operation's name in JSON. */
const char *fixop_kind_name(enum fixop_kind kind);
/* Whether the operation is spelled per target (container options) or is a host command. */
bool fixop_is_container_option(enum fixop_kind kind);

#endif
