/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Benchmark controls by kind of advice, and the Pod Security Standards level of a set. */
#include <linux/capability.h>

#include "leastpriv/knowledge/controls.h"
#include "leastpriv/base/util.h"

#define CIS "CIS Docker Benchmark", "1.6.0"

/* CIS Docker Benchmark v1.6.0, section 1 (docker-bench-security's tests/1_host_configuration.sh) */
static const struct benchmark_control trusted_users = { CIS, "1.1.2",
							"Ensure only trusted users are allowed to "
							"control Docker daemon" };

/* CIS Docker Benchmark v1.6.0, section 5 (docker-bench-security's tests/5_container_runtime.sh) */
static const struct benchmark_control apparmor = { CIS, "5.2",
						   "Ensure that, if applicable, an AppArmor "
						   "Profile is enabled" };
static const struct benchmark_control selinux = { CIS, "5.3",
						  "Ensure that, if applicable, SELinux security "
						  "options are set" };
static const struct benchmark_control capabilities = { CIS, "5.4",
						       "Ensure that Linux kernel capabilities are "
						       "restricted within containers" };
static const struct benchmark_control privileged = { CIS, "5.5",
						     "Ensure that privileged containers are not "
						     "used" };
static const struct benchmark_control host_dirs = { CIS, "5.6",
						    "Ensure sensitive host system directories are "
						    "not mounted on containers" };
static const struct benchmark_control read_only = {
	CIS, "5.13",
	"Ensure that the container's root filesystem is "
	"mounted as read only"
};
static const struct benchmark_control seccomp = { CIS, "5.22",
						  "Ensure the default seccomp profile is not "
						  "Disabled" };
static const struct benchmark_control no_new_privs = { CIS, "5.26",
						       "Ensure that the container is restricted "
						       "from acquiring additional privileges" };
static const struct benchmark_control socket = { CIS, "5.32",
						 "Ensure that the Docker socket is not mounted "
						 "inside any containers" };

const struct benchmark_control *const *
controls_all(void)
{
	static const struct benchmark_control *const all[] = {
		&trusted_users, &apparmor, &selinux,      &capabilities, &privileged, &host_dirs,
		&read_only,     &seccomp,  &no_new_privs, &socket,       NULL,
	};

	return all;
}

const struct benchmark_control *const *
controls_for_advice(const char *kind)
{
	static const struct benchmark_control *const none[] = { NULL };
	static const struct benchmark_control *const socket_list[] = { &socket, &host_dirs, NULL };
	static const struct benchmark_control *const privileged_list[] = { &privileged,
									   &capabilities, &seccomp,
									   &selinux, NULL };
	static const struct benchmark_control *const caps_list[] = { &capabilities, &no_new_privs,
								     NULL };
	static const struct benchmark_control *const selinux_list[] = { &selinux, NULL };
	static const struct benchmark_control *const refused_list[] = { &host_dirs, &selinux,
									NULL };
	static const struct benchmark_control *const seccomp_list[] = { &seccomp, NULL };
	static const struct benchmark_control *const apparmor_list[] = { &apparmor, NULL };
	static const struct benchmark_control *const readonly_list[] = { &read_only, NULL };
	static const struct benchmark_control *const group_list[] = { &trusted_users, NULL };
	static const struct benchmark_control *const runs_list[] = { &trusted_users, &privileged,
								     &host_dirs, NULL };
	/* by the advice kinds' names (docs/json-schema.md) */
	static const struct {
		const char *kind;
		const struct benchmark_control *const *list;
	} by_kind[] = {
		{ "engine_socket", socket_list },
		{ "privileged", privileged_list },
		{ "capabilities", caps_list },
		{ "relabel", selinux_list },
		{ "shared_content", selinux_list },
		{ "boolean", selinux_list },
		{ "storage_label", selinux_list },
		{ "policy_gap", selinux_list },
		{ "relabel_refused", refused_list },
		{ "seccomp", seccomp_list },
		{ "apparmor", apparmor_list },
		{ "readonly", readonly_list },
		/* the admin-control findings (report_admin_finding()) */
		{ "engine_socket_mount", socket_list },
		{ "risky_runs", runs_list },
		{ "docker_group", group_list },
	};

	for (size_t i = 0; kind && i < ARRAY_SIZE(by_kind); i++)
		if (streq(kind, by_kind[i].kind))
			return by_kind[i].list;
	return none;
}

const char *
controls_pod_security_level(const int *caps, size_t n)
{
	/* Pod Security Standards: baseline allows adding only these; restricted only the first */
	static const int baseline[] = {
		CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE, CAP_CHOWN,     CAP_DAC_OVERRIDE, CAP_FOWNER,
		CAP_FSETID,           CAP_KILL,        CAP_MKNOD,     CAP_SETFCAP,      CAP_SETGID,
		CAP_SETPCAP,          CAP_SETUID,      CAP_SYS_CHROOT
	};
	const char *level = "restricted";

	for (size_t i = 0; i < n; i++) {
		bool in_baseline = false;

		for (size_t j = 0; j < ARRAY_SIZE(baseline); j++)
			in_baseline |= caps[i] == baseline[j];
		if (!in_baseline)
			return "privileged";
		if (caps[i] != CAP_NET_BIND_SERVICE)
			level = "baseline";
	}
	return level;
}
