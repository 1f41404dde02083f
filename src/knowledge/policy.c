/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Policy facts as tables, each with its source. */
#include <fnmatch.h>
#include <string.h>
#include <sys/capability.h>

#include "leastpriv/base/util.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/knowledge/policy.h"

/* Host directories whose mount gives a container the host. */
static const char *const host_system_dirs[] = { "/",     "/etc", "/root", "/boot", "/usr",
						"/proc", "/sys", "/dev",  "/home" };

bool
policy_is_host_system_dir(const char *path)
{
	char *n = path_normalize(path);
	bool r = str_in_list(n, host_system_dirs, ARRAY_SIZE(host_system_dirs));

	free(n);
	return r;
}

bool
policy_host_system_glob_matches(const char *pattern)
{
	char *n = path_normalize(pattern);
	bool r = false;

	for (size_t i = 0; !r && i < ARRAY_SIZE(host_system_dirs); i++)
		r = fnmatch(n, host_system_dirs[i], FNM_PATHNAME) == 0;
	free(n);
	return r;
}

/* Paths that podman and docker refuse to relabel (opencontainers/selinux, label.Relabel). */
static const char *const refused_paths[] = {
	"/",           "/bin",     "/boot",    "/dev",     "/etc",     "/etc/passwd", "/etc/pki",
	"/etc/shadow", "/home",    "/lib",     "/lib64",   "/media",   "/opt",        "/proc",
	"/root",       "/run",     "/sbin",    "/srv",     "/sys",     "/tmp",        "/usr",
	"/var",        "/var/lib", "/var/log", "/var/run", "/usr/lib", "/usr/bin",    "/mnt",
};

bool
policy_is_refused_relabel_path(const char *path)
{
	return path && (str_in_list(path, refused_paths, ARRAY_SIZE(refused_paths)) ||
			engine_is_socket_path(path));
}

/* File types of the host's own system content (selinux-policy's file contexts). */
static const char *const system_types[] = {
	"etc_t",
	"shadow_t",
	"passwd_file_t",
	"home_root_t",
	"user_home_dir_t",
	"root_t",
	"usr_t",
	"bin_t",
	"lib_t",
	"ld_so_t",
	"boot_t",
	"proc_t",
	"sysfs_t",
	"security_t",
	"var_run_t",
	"device_t",
	"kernel_t",
	"modules_object_t",
	"selinux_config_t",
	"locale_t",
	"net_conf_t",
	"system_conf_t",
	"systemd_unit_file_t",
	"sudo_exec_t",
	"init_exec_t",
};

bool
policy_is_system_type(const char *type)
{
	return str_in_list(type, system_types, ARRAY_SIZE(system_types));
}

bool
policy_is_kernel_object_type(const char *type)
{
	/* The types of the kernel's pseudo file systems (refpolicy: policy/modules/kernel,
	 * filesystem.te). */
	static const char *const types[] = {
		"proc_t",       "sysfs_t",    "cgroup_t",         "proc_net_t",      "proc_kmsg_t",
		"proc_kcore_t", "sysctl_t",   "debugfs_t",        "tracefs_t",       "securityfs_t",
		"bpf_t",        "configfs_t", "nsfs_t",           "pipefs_t",        "sockfs_t",
		"pstore_t",     "efivarfs_t", "binfmt_misc_fs_t", "proc_security_t", "proc_xen_t",
	};

	return str_in_list(type, types, ARRAY_SIZE(types)) || startswith(type, "sysctl_");
}

bool
policy_is_container_content_type(const char *type)
{
	/* container_file_t and its aliases and relatives (container.te). */
	static const char *const types[] = {
		"container_file_t",    "svirt_sandbox_file_t", "svirt_lxc_file_t",
		"container_ro_file_t", "container_share_t",    "docker_share_t",
	};

	return str_in_list(type, types, ARRAY_SIZE(types));
}

bool
policy_is_storage_type(const char *type)
{
	/* The engine's storage (container.fc: /var/lib/containers, /var/lib/docker). */
	static const char *const types[] = { "unlabeled_t", "container_var_lib_t",
					     "docker_var_lib_t" };

	return str_in_list(type, types, ARRAY_SIZE(types));
}

bool
policy_is_image_path(const char *path)
{
	/* the operating system's directories of an image (FHS) */
	static const char *const dirs[] = { "/usr",   "/bin",    "/sbin", "/lib", "/lib32",
					    "/lib64", "/libx32", "/etc",  "/opt" };

	for (size_t i = 0; path && i < ARRAY_SIZE(dirs); i++) {
		size_t n = strlen(dirs[i]);

		if (strncmp(path, dirs[i], n) == 0 && (path[n] == '/' || path[n] == '\0'))
			return true;
	}
	return false;
}

bool
policy_is_generic_host_type(const char *type)
{
	/* what a file gets where the policy has no rule, or after a copy outside the engine */
	static const char *const types[] = { "var_lib_t",       "var_t",  "default_t",
					     "unlabeled_t",     "file_t", "container_var_lib_t",
					     "docker_var_lib_t" };

	return str_in_list(type, types, ARRAY_SIZE(types));
}

const char *
policy_service_of_type(const char *type)
{
	/* selinux-policy's file contexts of host services */
	static const struct {
		const char *type, *service;
	} services[] = {
		{ "ssh_home_t", "sshd (~/.ssh: keys and authorized_keys)" },
		{ "admin_home_t", "root's home directory" },
		{ "var_log_t", "the host's logging" },
		{ "mysqld_db_t", "MySQL/MariaDB" },
		{ "postgresql_db_t", "PostgreSQL" },
		{ "httpd_sys_content_t", "Apache httpd" },
		{ "httpd_sys_rw_content_t", "Apache httpd" },
		{ "named_zone_t", "BIND" },
		{ "mail_spool_t", "the mail system" },
		{ "samba_share_t", "Samba" },
		{ "cert_t", "the host's certificate store" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(services); i++)
		if (streq(type, services[i].type))
			return services[i].service;
	return NULL;
}

const char *
policy_type_meaning(const char *type)
{
	static const struct {
		const char *type, *meaning;
	} meanings[] = {
		{ "user_home_t", "a file from a home directory" },
		{ "admin_home_t", "a file from root's home directory" },
		{ "var_t", "ordinary host content under /var" },
		{ "var_lib_t", "ordinary host content under /var" },
		{ "default_t", "a file in a directory the policy has no rule for" },
		{ "tmp_t", "a host temporary file" },
		{ "var_log_t", "a host log file" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(meanings); i++)
		if (streq(type, meanings[i].type))
			return meanings[i].meaning;
	return "host content that is not labelled for containers";
}

/*
 * Target types whose access a boolean opens for every container (container-selinux's
 * container.te), and the release that brought the boolean's reach to containers where it
 * is recent.  A boolean of another module (libvirt's virt_use_fusefs is for virtual
 * machines) is no container fix.
 */
static const struct policy_boolean type_booleans[] = {
	{ "nfs_t", "virt_use_nfs", "files on NFS, which has no per-file labels", "2.153",
	  "container-selinux commit 8573f8d: virt_use_nfs covers the container domains" },
	{ "cifs_t", "virt_use_samba", "files on a CIFS/SMB share, which has no per-file labels",
	  NULL, NULL },
	{ "fusefs_t", NULL, "files on a FUSE file system (fuse-overlayfs, sshfs)", "2.98",
	  "containers/podman#2245: containers map and run files on FUSE" },
	{ "cephfs_t", "container_use_cephfs", "files on CephFS", NULL, NULL },
	{ "ecryptfs_t", "container_use_ecryptfs", "files on eCryptfs", NULL, NULL },
	{ "cert_t", "container_read_certs", "the host's certificates (/etc/pki)", "2.219",
	  "containers/container-selinux#255: the boolean container_read_certs" },
	{ "cgroup_t", "container_manage_cgroup",
	  "the cgroup file system (systemd inside a container)", NULL, NULL },
	{ "public_content_t", "container_read_public_content", "public content", NULL, NULL },
	{ "public_content_rw_t", "container_manage_public_content", "writable public content", NULL,
	  NULL },
	{ "dri_device_t", "container_use_dri_devices", "GPU devices", "2.213",
	  "containers/podman#18497: GPU render nodes for containers; the boolean, on by default, "
	  "in later releases" },
	{ "xserver_misc_device_t", "container_use_xserver_devices", "X server and NVIDIA devices",
	  NULL, NULL },
};

const struct policy_boolean *
policy_boolean_for_type(const char *type, const char *tclass)
{
	static const struct policy_boolean devices = { "device_t", "container_use_devices",
						       "host devices passed with --device", NULL,
						       NULL };

	for (size_t i = 0; i < ARRAY_SIZE(type_booleans); i++)
		if (streq(type, type_booleans[i].type))
			return &type_booleans[i];
	if ((streq(tclass, "chr_file") || streq(tclass, "blk_file")) &&
	    (streq(type, "device_t") || strstr(type, "_device_t")))
		return &devices;
	return NULL;
}

const char *
policy_host_interface(const char *type, const char *tclass)
{
	/* container.if; the dbus case: containers/container-selinux#197 */
	static const struct {
		const char *type, *tclass, *interface;
	} interfaces[] = {
		{ "spc_t", "fifo_file", "container_spc_rw_pipes" },
		{ "spc_t", "unix_stream_socket", "container_spc_stream_connect" },
		{ "container_t", "unix_stream_socket", "container_stream_connect" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(interfaces); i++)
		if (streq(type, interfaces[i].type) && streq(tclass, interfaces[i].tclass))
			return interfaces[i].interface;
	return NULL;
}

const char *
policy_boolean_for_cap(int cap)
{
	/* container.te: two capabilities have booleans of their own. */
	switch (cap) {
	case CAP_SYS_ADMIN:
		return "virt_sandbox_use_sys_admin";
	case CAP_MKNOD:
		return "virt_sandbox_use_mknod";
	default:
		return POLICY_ALL_CAPS_BOOLEAN;
	}
}

bool
policy_is_module_probe(const char *comm)
{
	/* ip and ifconfig ask for SYS_MODULE to autoload a driver for an unknown device name. */
	return comm && (streq(comm, "ip") || streq(comm, "ifconfig"));
}

bool
policy_is_mac_capability(int cap)
{
	return cap == CAP_MAC_OVERRIDE || cap == CAP_MAC_ADMIN;
}
