/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Policy facts, each with this one owner: which host locations must never be relabelled or
 * mounted (and what to say instead), what a file type means, which SELinux boolean opens a
 * type or a capability to every container, which capabilities have a narrower alternative,
 * and which denials are noise.  Sources: container-selinux (container.te, container.if and its
 * booleans), opencontainers/selinux (the paths podman and docker refuse to relabel), the
 * engines' documentation.
 */
#ifndef LEASTPRIV_POLICY_H
#define LEASTPRIV_POLICY_H

#include <stdbool.h>

/* Whether a host directory gives a container the host: / and the system's own trees. */
bool policy_is_host_system_dir(const char *path);
/* The same for a glob pattern (podman's type=glob mounts): whether it matches one. */
bool policy_host_system_glob_matches(const char *pattern);
/*
 * Whether @path is a location podman and docker refuse to relabel (a system directory, an
 * engine socket or its directory): never advise :z/:Z there.
 */
bool policy_is_refused_relabel_path(const char *path);

/* Whether file type @type is the host's own system content (relabelling it breaks the host). */
bool policy_is_system_type(const char *type);
/*
 * Whether @type labels the kernel's own objects (proc, sysfs, cgroupfs, debugfs, ...): never
 * relabelled, never copied.
 */
bool policy_is_kernel_object_type(const char *type);
/* Whether @type is content labelled for containers (a denial on it is MCS separation). */
bool policy_is_container_content_type(const char *type);
/* Whether @type is the engine's storage (a denial there is mislabelled storage). */
bool policy_is_storage_type(const char *type);
/*
 * Whether @path, seen inside a container, is where its image keeps the operating system
 * (/usr, /bin, /lib, /etc, /opt ...), and @type a generic host label (var_lib_t, default_t,
 * unlabeled_t ...) that image content gets from mislabelled storage, not from a volume.
 */
bool policy_is_image_path(const char *path);
bool policy_is_generic_host_type(const char *type);
/*
 * The host service whose content files of type @type are (ssh_home_t: "sshd's keys"), or
 * NULL: relabelled for containers they are taken from that service.
 */
const char *policy_service_of_type(const char *type);
/* A few words on what files of type @type are ("a file from a home directory"). */
const char *policy_type_meaning(const char *type);

/*
 * A boolean that opens a kind of content to every container, or (boolean NULL) an access the
 * policy grants containers only from a release on: then the update is the fix.
 */
struct policy_boolean {
	const char *type; /* the target type it opens */
	const char *boolean;
	const char *meaning; /* what that content is, in words */
	const char *since;   /* the container-selinux release that brought it, or NULL */
	const char *source;  /* where that is recorded */
};
/* The boolean for target type @type of class @tclass, or NULL. */
const struct policy_boolean *policy_boolean_for_type(const char *type, const char *tclass);
/*
 * The policy interface (container.if) that lets a host domain use a container's object of
 * type @type and class @tclass, or NULL.
 */
const char *policy_host_interface(const char *type, const char *tclass);
/* The boolean that allows containers capability @cap (virt_sandbox_use_all_caps, ...). */
const char *policy_boolean_for_cap(int cap);
/* The boolean that allows every capability at once. */
#define POLICY_ALL_CAPS_BOOLEAN "virt_sandbox_use_all_caps"

/* Whether a SYS_MODULE request of process @comm is a driver autoload probe (ip, ifconfig). */
bool policy_is_module_probe(const char *comm);
/* Whether capability @cap sets or overrides SELinux labels (never given to containers). */
bool policy_is_mac_capability(int cap);

#endif
