/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container engines, each fact with this one owner: which programs are the engine (its
 * daemons, runtimes and helpers, its command-line clients and where they are installed),
 * which SELinux domains and AppArmor profiles mark the engine and its containers, and where
 * its API listens (socket paths, their parent directories, their file types).  Sources:
 * container-selinux (container.te, container.fc), the engines' packages and documentation.
 */
#ifndef LEASTPRIV_ENGINES_H
#define LEASTPRIV_ENGINES_H

#include <stdbool.h>
#include <stddef.h>

/* The engines' command-line clients, by name: "podman", "docker"; NULL past the last. */
const char *engine_client_name(size_t i);
/* Whether the base name of @path is an engine's client (argv[0] as a process gave it). */
bool engine_is_client_name(const char *path);
/* Whether @exe (the kernel's exe=) is an engine client where packages install it. */
bool engine_is_client_binary(const char *exe);
/* Whether @exe is an engine, runtime or helper binary (a host process by definition). */
bool engine_is_runtime_exe(const char *exe);
/* The programs whose execs are evidence (clients, runtimes, monitors); NULL past the last. */
const char *engine_exec_name(size_t i);
/* "runc", "crun": an OCI runtime's program name. */
bool engine_is_runtime_name(const char *name);
/* "conmon": a container monitor's program name. */
bool engine_is_monitor_name(const char *name);

/* Whether SELinux domain @type is the engine or runtime on the host (container_runtime_t). */
bool engine_is_engine_domain(const char *type);
/* Whether SELinux domain @type is a container's (container_t, its relatives, udica's). */
bool engine_is_container_domain(const char *type);
/* Whether AppArmor profile @profile is one engines give their containers (docker-default). */
bool engine_is_container_profile(const char *profile);

/*
 * Whether host path @path is an engine's API socket or a directory holding one (/run, /var,
 * /, a rootless engine's /run/user/UID), however it is spelt ("//var/run/", ".."): whoever has
 * it mounted can drive the engine, which is root on the host.
 */
bool engine_is_socket_path(const char *path);
/* Whether a glob pattern (podman's type=glob mounts) matches a socket path or its directory. */
bool engine_socket_glob_matches(const char *pattern);
/* Whether SELinux file type or domain @type is the engine's socket or the engine behind it. */
bool engine_is_socket_type(const char *type);

/* The rootful API sockets, for audit watches and --live: docker's and podman's. */
struct engine_socket {
	const char *engine;
	const char *path;
};
extern const struct engine_socket engine_sockets[];
extern const size_t engine_n_sockets;
/* The socket of @engine ("docker", "podman") in that table. */
const char *engine_socket_of(const char *engine);
/* Where the engines' clients are installed by their packages, for audit watches. */
#define ENGINE_CLIENT_DIR "/usr/bin"

/*
 * Whether @text (an object's name or path, a process name, a domain or a container's name)
 * shows a Kubernetes workload: the kubelet's pod directories and volume plugins, the
 * local-path provisioner's volume names (pvc-UID_NAMESPACE_NAME), dockershim's container
 * names (k8s_...), the device plugins' domains.
 */
bool engine_is_kubernetes_sign(const char *text);
/*
 * Whether AppArmor profile @profile confines an engine's own program (Ubuntu's profiles for
 * runc, crun, podman and buildah; a confined dockerd or containerd), not its containers.
 */
bool engine_is_engine_profile(const char *profile);

#endif
