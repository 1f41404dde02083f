/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The container engines: their programs, labels and sockets, as tables with their sources. */
#include <fnmatch.h>

#include "leastpriv/base/util.h"
#include "leastpriv/knowledge/engines.h"

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The clients whose command lines show who starts which containers. */
static const char *const clients[] = { "podman", "docker" };

const char *
engine_client_name(size_t i)
{
	return i < ARRAY_SIZE(clients) ? clients[i] : NULL;
}

bool
engine_is_client_name(const char *path)
{
	return path && str_in_list(base_name(path), clients, ARRAY_SIZE(clients));
}

bool
engine_is_client_binary(const char *exe)
{
	/* Where packages, get.docker.com and snap install the clients. */
	static const char *const dirs[] = { "/usr/bin/",  "/bin/",    "/usr/local/bin/",
					    "/usr/sbin/", "/sbin/",   "/usr/local/sbin/",
					    "/snap/bin/", "/opt/bin/" };
	const char *b;

	if (!engine_is_client_name(exe))
		return false;
	b = base_name(exe);
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (strlen(dirs[i]) == (size_t)(b - exe) && startswith(exe, dirs[i]))
			return true;
	return false;
}

const char *
engine_exec_name(size_t i)
{
	/* The programs whose execs the evidence uses: clients, runtimes, monitors. */
	static const char *const names[] = { "podman", "docker", "runc",
					     "crun",   "conmon", "containerd-shim-runc-v2" };

	return i < ARRAY_SIZE(names) ? names[i] : NULL;
}

bool
engine_is_runtime_name(const char *name)
{
	/* The OCI runtimes podman and docker run (`runc create ... ID`). */
	static const char *const runtimes[] = { "runc", "crun" };

	return str_in_list(name, runtimes, ARRAY_SIZE(runtimes));
}

bool
engine_is_monitor_name(const char *name)
{
	/*
	 * The monitors whose arguments name the container: podman's conmon (-c ID -n NAME) and
	 * containerd's shim, docker's (-id ID).
	 */
	static const char *const monitors[] = { "conmon", "containerd-shim-runc-v2" };

	return str_in_list(name, monitors, ARRAY_SIZE(monitors));
}

bool
engine_is_runtime_exe(const char *exe)
{
	/* podman, docker, containerd and CRI-O, their runtimes, network and storage helpers. */
	static const char *const engines[] = {
		"podman",       "conmon",          "runc",
		"crun",         "docker",          "dockerd",
		"containerd",   "containerd-shim", "containerd-shim-runc-v2",
		"buildah",      "skopeo",          "crio",
		"catatonit",    "netavark",        "aardvark-dns",
		"slirp4netns",  "pasta",           "fuse-overlayfs",
		"docker-proxy", "kubelet",
	};

	return exe && str_in_list(base_name(exe), engines, ARRAY_SIZE(engines));
}

bool
engine_is_engine_domain(const char *type)
{
	/* dockerd, podman, conmon, runc, containerd, CRI-O, kubelet (container.te). */
	static const char *const domains[] = {
		"container_runtime_t",
		"docker_t",
		"conmon_t",
		"kubelet_t",
	};

	return str_in_list(type, domains, ARRAY_SIZE(domains));
}

bool
engine_is_container_domain(const char *type)
{
	/* The process types of container-selinux whose processes are containers (container.te). */
	static const char *const domains[] = {
		"container_t",
		"container_init_t",
		"container_kvm_t",
		"container_engine_t",
		"container_userns_t",
		"container_logreader_t",
		"container_logwriter_t",
		"container_device_t",
		"container_device_plugin_t",
		"container_device_plugin_init_t",
		"container_user_t",
		"svirt_lxc_net_t", /* container_t's name before container-selinux */
		"svirt_sandbox_t",
	};
	size_t tl = type ? strlen(type) : 0;

	/* udica's per-container policies name their domains NAME.process. */
	return str_in_list(type, domains, ARRAY_SIZE(domains)) ||
	       (tl > 8 && streq(type + tl - 8, ".process"));
}

bool
engine_is_kubernetes_sign(const char *text)
{
	/* kubelet's layout (/var/lib/kubelet/pods/UID/volumes/kubernetes.io~TYPE), k3s's data
	 * directory, rancher's local-path provisioner, dockershim, container-selinux's
	 * device-plugin domains */
	static const char *const inside[] = { "/var/lib/kubelet/", "kubernetes.io~",
					      "/var/lib/rancher/", "/opt/local-path-provisioner" };
	static const char *const domains[] = { "container_device_plugin_t",
					       "container_device_plugin_init_t", "kubelet_t" };

	if (!text)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(inside); i++)
		if (strstr(text, inside[i]))
			return true;
	if (str_in_list(text, domains, ARRAY_SIZE(domains)))
		return true;
	/* pvc-<uid>_<namespace>_<claim> */
	if (startswith(text, "pvc-") && strlen(text) > 40 && text[40] == '_')
		return true;
	return startswith(text, "k8s_");
}

bool
engine_is_engine_profile(const char *profile)
{
	/* apparmor's profiles since 4.0 (Ubuntu 24.04) name the programs; older ones their path */
	static const char *const programs[] = { "runc",        "crun",        "podman", "buildah",
						"dockerd",     "containerd",  "conmon", "docker",
						"rootlesskit", "slirp4netns", "pasta" };
	const char *base = profile ? strrchr(profile, '/') : NULL;

	if (!profile)
		return false;
	return str_in_list(base ? base + 1 : profile, programs, ARRAY_SIZE(programs));
}

bool
engine_is_container_profile(const char *profile)
{
	/*
	 * The profiles docker, podman, containerd and CRI-O load for their containers, and the
	 * custom ones users write for containers, which Docker's documentation names docker-NAME
	 * (its example: docker-nginx).  LXD's (lxd-NAME_<path>) are containers' too, though of
	 * no engine of these: advise/other_confinement.c says so.
	 */
	return profile &&
	       (startswith(profile, "docker-") || startswith(profile, "containers-default") ||
		startswith(profile, "lxd-") || startswith(profile, "cri-containerd") ||
		streq(profile, "crio-default"));
}

/* The engines' API sockets by name (rootful, rootless, Docker Desktop, CRI). */
static const char *const socket_names[] = { "docker.sock",     "podman.sock",    "containerd.sock",
					    "crio.sock",       "buildkitd.sock", "dockershim.sock",
					    "cri-dockerd.sock" };

/* Directories that hold one of them, and their parents. */
static const char *const socket_dirs[] = { "/",
					   "/run",
					   "/var",
					   "/var/run",
					   "/run/podman",
					   "/var/run/podman",
					   "/run/containerd",
					   "/var/run/containerd",
					   "/run/crio",
					   "/var/run/crio",
					   "/run/user",
					   "/var/run/user",
					   "/run/docker",
					   "/var/run/docker",
					   "/run/buildkit",
					   "$XDG_RUNTIME_DIR",
					   "${XDG_RUNTIME_DIR}",
					   "$XDG_RUNTIME_DIR/podman",
					   "${XDG_RUNTIME_DIR}/podman" };

const struct engine_socket engine_sockets[] = {
	{ "docker", "/run/docker.sock" },
	{ "podman", "/run/podman/podman.sock" },
};
const size_t engine_n_sockets = ARRAY_SIZE(engine_sockets);

const char *
engine_socket_of(const char *engine)
{
	for (size_t i = 0; i < ARRAY_SIZE(engine_sockets); i++)
		if (streq(engine_sockets[i].engine, engine))
			return engine_sockets[i].path;
	return NULL;
}

bool
engine_is_socket_path(const char *path)
{
	char *n = path_normalize(path);
	const char *base = base_name(n);
	bool r = str_in_list(base, socket_names, ARRAY_SIZE(socket_names)) ||
		 str_in_list(n, socket_dirs, ARRAY_SIZE(socket_dirs));

	/* /run/user/UID and /run/user/UID/podman: a rootless engine's runtime directory. */
	if (!r && (startswith(n, "/run/user/") || startswith(n, "/var/run/user/"))) {
		const char *uid = n + (n[1] == 'r' ? 10 : 14);
		size_t digits = strspn(uid, "0123456789");

		r = digits > 0 && (uid[digits] == '\0' || streq(uid + digits, "/podman") ||
				   streq(uid + digits, "/docker"));
	}
	free(n);
	return r;
}

bool
engine_socket_glob_matches(const char *pattern)
{
	/* Rootless runtime directories, as a glob would meet them. */
	static const char *const user_dirs[] = { "/run/user/0", "/run/user/1000",
						 "/run/user/1000/podman" };
	char *n = path_normalize(pattern), *p;
	bool r = false;

	for (size_t i = 0; !r && i < ARRAY_SIZE(socket_dirs); i++) {
		if (socket_dirs[i][0] != '/')
			continue;
		r = fnmatch(n, socket_dirs[i], FNM_PATHNAME) == 0;
		for (size_t j = 0; !r && j < ARRAY_SIZE(socket_names); j++) {
			p = xasprintf("%s/%s", streq(socket_dirs[i], "/") ? "" : socket_dirs[i],
				      socket_names[j]);
			r = fnmatch(n, p, FNM_PATHNAME) == 0;
			free(p);
		}
	}
	for (size_t i = 0; !r && i < ARRAY_SIZE(user_dirs); i++) {
		r = fnmatch(n, user_dirs[i], FNM_PATHNAME) == 0;
		for (size_t j = 0; !r && j < ARRAY_SIZE(socket_names); j++) {
			p = xasprintf("%s/%s", user_dirs[i], socket_names[j]);
			r = fnmatch(n, p, FNM_PATHNAME) == 0;
			free(p);
		}
	}
	free(n);
	return r;
}

bool
engine_is_socket_type(const char *type)
{
	/* The socket files' types and the engine domains behind them (container.fc). */
	static const char *const types[] = { "container_var_run_t", "docker_var_run_t",
					     "container_runtime_t", "docker_t" };

	return str_in_list(type, types, ARRAY_SIZE(types));
}
