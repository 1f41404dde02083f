/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capability names from libcap, so that new capabilities come with the library. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/capability.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/base/util.h"

static char names[CAPS_MAX][32];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void
load_names(void)
{
	for (int i = 0; i < CAPS_MAX; i++) {
		char *n = cap_to_name((cap_value_t)i);
		const char *p = n;
		size_t j = 0;

		/* libcap writes "cap_net_bind_service", or the bare number when it has no name. */
		if (n && strncmp(p, "cap_", 4) == 0)
			p += 4;
		for (; n && *p && j < sizeof(names[i]) - 1; p++)
			names[i][j++] = (char)toupper((unsigned char)*p);
		names[i][j] = '\0';
		if (n)
			cap_free(n);
	}
}

const char *
caps_name(int cap)
{
	if (cap < 0 || cap >= CAPS_MAX)
		return NULL;
	pthread_once(&names_once, load_names);
	return isdigit((unsigned char)names[cap][0]) ? NULL : names[cap];
}

int
caps_from_name(const char *name)
{
	char buf[48];
	cap_value_t v;
	size_t j = 0;

	if (!name)
		return -1;
	if (strncasecmp(name, "cap_", 4) == 0)
		name += 4;
	if (strlen(name) + 5 > sizeof(buf) || !*name)
		return -1;
	memcpy(buf, "cap_", 4);
	j = 4;
	for (; *name; name++) {
		if (!isalnum((unsigned char)*name) && *name != '_')
			return -1;
		buf[j++] = (char)tolower((unsigned char)*name);
	}
	buf[j] = '\0';
	/* cap_from_name also takes plain numbers; a name must not be one. */
	if (isdigit((unsigned char)buf[4]) || cap_from_name(buf, &v) != 0)
		return -1;
	return v >= 0 && v < CAPS_MAX ? (int)v : -1;
}

const char *
caps_meaning(int cap)
{
	/* What each capability lets a process do, in a few words (capabilities(7)). */
	static const char *const meaning[] = {
		"change the owner of files",
		"read, write and run files whatever their permissions",
		"read files and search directories whatever their permissions",
		"act as the owner of any file",
		"keep set-user-ID bits on modified files",
		"send signals to processes of other users",
		"change group IDs",
		"change user IDs",
		"change capability sets",
		"set immutable and append-only file attributes",
		"bind to ports below 1024",
		"broadcast and listen to multicast",
		"configure network interfaces, routes and firewalls",
		"use raw and packet sockets (ping, sniffing)",
		"lock memory",
		"bypass System V IPC permission checks",
		"load and unload kernel modules",
		"raw I/O ports, /dev/mem and raw block devices",
		"use chroot",
		"trace or read the memory of any process",
		"configure process accounting",
		"mount, namespaces, sethostname and many other administration tasks",
		"reboot the machine",
		"raise priorities and use real-time scheduling",
		"exceed resource limits and quotas",
		"set the system clock",
		"configure terminals (vhangup)",
		"create device files",
		"take leases on files it does not own",
		"write to the kernel audit log",
		"change the audit rules",
		"set file capabilities",
		"override mandatory access control",
		"change mandatory access control settings",
		"read the kernel log and use privileged syslog operations",
		"set alarms that wake the system",
		"block system suspend",
		"read the audit log through netlink",
		"use performance monitoring",
		"use privileged BPF operations",
		"checkpoint and restore processes",
	};

	return cap >= 0 && (size_t)cap < ARRAY_SIZE(meaning) ? meaning[cap] : NULL;
}
