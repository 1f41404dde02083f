/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A container's run command rebuilt from its inspect record (docker keeps none). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "leastpriv/dialect/rebuild.h"
#include "leastpriv/base/json_read.h"
#include "leastpriv/base/util.h"

struct words {
	char **v;
	size_t n, cap;
};

static void
add(struct words *w, const char *s)
{
	w->v = xgrow(w->v, &w->cap, w->n + 2, sizeof(*w->v));
	w->v[w->n++] = xstrdup(s);
	w->v[w->n] = NULL;
}

static void
add_pair(struct words *w, const char *option, const char *value)
{
	add(w, option);
	add(w, value);
}

/* The string at @key of @o, or NULL when absent, empty or not a string. */
static const char *
text(json_object *o, const char *key)
{
	json_object *v = json_member(o, key);
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	return s && *s ? s : NULL;
}

static bool
flag(json_object *o, const char *key)
{
	json_object *v = json_member(o, key);

	return json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

static int64_t
number(json_object *o, const char *key)
{
	json_object *v = json_member(o, key);

	return json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
}

static size_t
length(json_object *a)
{
	return json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

/* The @i-th element of the array @a if it is a string, else NULL. */
static const char *
string_at(json_object *a, size_t i)
{
	json_object *e = json_object_array_get_idx(a, i);

	return json_object_is_type(e, json_type_string) ? json_object_get_string(e) : NULL;
}

/* Each string of the array @key of @o, as "@option VALUE". */
static void
add_each(struct words *w, json_object *o, const char *key, const char *option)
{
	json_object *a = json_member(o, key);

	for (size_t i = 0; i < length(a); i++)
		if (string_at(a, i))
			add_pair(w, option, string_at(a, i));
}

/* A namespace mode ("host", "container:ID") where it is not the engine's own default. */
static void
add_mode(struct words *w, json_object *hc, const char *key, const char *option)
{
	const char *mode = text(hc, key);

	if (mode && !streq(mode, "private") && !streq(mode, "shareable"))
		add_pair(w, option, mode);
}

/* PortBindings {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]} as -p [IP:]HOST:80[/udp]. */
static void
add_ports(struct words *w, json_object *hc)
{
	json_object *ports = json_member(hc, "PortBindings");

	if (!json_object_is_type(ports, json_type_object))
		return;
	json_object_object_foreach(ports, port, bindings)
	{
		const char *slash = strchr(port, '/');
		char *inner = slash && streq(slash, "/tcp") ? xstrndup(port, (size_t)(slash - port))
							    : xstrdup(port);

		for (size_t i = 0; i < length(bindings); i++) {
			json_object *b = json_object_array_get_idx(bindings, i);
			const char *ip = text(b, "HostIp"), *host = text(b, "HostPort");
			char *spec = xasprintf("%s%s%s%s%s", ip ? ip : "", ip ? ":" : "",
					       host ? host : "", host || ip ? ":" : "", inner);

			add_pair(w, "-p", spec);
			free(spec);
		}
		free(inner);
	}
}

/* HostConfig.Mounts (from --mount): the binds and volumes -v does not already give. */
static void
add_mounts(struct words *w, json_object *hc)
{
	json_object *mounts = json_member(hc, "Mounts");

	for (size_t i = 0; i < length(mounts); i++) {
		json_object *m = json_object_array_get_idx(mounts, i);
		const char *type = text(m, "Type"), *source = text(m, "Source"),
			   *target = text(m, "Target");
		char *spec;

		if (!type || !target)
			continue;
		spec = xasprintf("type=%s%s%s,target=%s%s", type, source ? ",source=" : "",
				 source ? source : "", target,
				 flag(m, "ReadOnly") ? ",readonly" : "");
		add_pair(w, "--mount", spec);
		free(spec);
	}
}

static void
add_devices(struct words *w, json_object *hc)
{
	json_object *devices = json_member(hc, "Devices");

	for (size_t i = 0; i < length(devices); i++) {
		json_object *d = json_object_array_get_idx(devices, i);
		const char *host = text(d, "PathOnHost"), *inner = text(d, "PathInContainer"),
			   *perms = text(d, "CgroupPermissions");
		char *spec;

		if (!host)
			continue;
		spec = xasprintf("%s%s%s%s%s", host, inner ? ":" : "", inner ? inner : "",
				 perms && !streq(perms, "rwm") ? ":" : "",
				 perms && !streq(perms, "rwm") ? perms : "");
		add_pair(w, "--device", spec);
		free(spec);
	}
}

/* An object of strings {"K": "V"} as "@option K@sepV" each (tmpfs, sysctls). */
static void
add_map(struct words *w, json_object *hc, const char *key, const char *option, char sep)
{
	json_object *map = json_member(hc, key);

	if (!json_object_is_type(map, json_type_object))
		return;
	json_object_object_foreach(map, k, v)
	{
		const char *value =
			json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
		char *spec = *value ? xasprintf("%s%c%s", k, sep, value) : xstrdup(k);

		add_pair(w, option, spec);
		free(spec);
	}
}

static void
add_ulimits(struct words *w, json_object *hc)
{
	json_object *limits = json_member(hc, "Ulimits");

	for (size_t i = 0; i < length(limits); i++) {
		json_object *u = json_object_array_get_idx(limits, i);
		const char *name = text(u, "Name");
		char *spec;

		if (!name)
			continue;
		spec = xasprintf("%s=%" PRId64 ":%" PRId64, name, number(u, "Soft"),
				 number(u, "Hard"));
		add_pair(w, "--ulimit", spec);
		free(spec);
	}
}

static void
add_restart(struct words *w, json_object *hc)
{
	json_object *policy = json_member(hc, "RestartPolicy");
	const char *name = text(policy, "Name");
	int64_t retries = number(policy, "MaximumRetryCount");
	char *spec;

	if (!name || streq(name, "no"))
		return;
	spec = streq(name, "on-failure") && retries > 0 ? xasprintf("%s:%" PRId64, name, retries)
							: xstrdup(name);
	add_pair(w, "--restart", spec);
	free(spec);
}

/* Memory, CPUs and pids, where set. */
static void
add_limits(struct words *w, json_object *hc)
{
	int64_t memory = number(hc, "Memory"), nano_cpus = number(hc, "NanoCpus"),
		pids = number(hc, "PidsLimit");
	char buf[64];

	if (memory > 0) {
		snprintf(buf, sizeof(buf), "%" PRId64, memory);
		add_pair(w, "--memory", buf);
	}
	if (nano_cpus > 0) {
		snprintf(buf, sizeof(buf), "%" PRId64 ".%09" PRId64, nano_cpus / 1000000000,
			 nano_cpus % 1000000000);
		/* 1.500000000 as 1.5 */
		for (size_t n = strlen(buf); buf[n - 1] == '0'; n--)
			buf[n - 1] = '\0';
		if (buf[strlen(buf) - 1] == '.')
			buf[strlen(buf) - 1] = '\0';
		add_pair(w, "--cpus", buf);
	}
	if (pids > 0) {
		snprintf(buf, sizeof(buf), "%" PRId64, pids);
		add_pair(w, "--pids-limit", buf);
	}
}

/*
 * The process: --entrypoint takes one word, so the entrypoint's other words go before the
 * command; giving the image's own entrypoint again runs the same process.
 */
static void
add_process(struct words *w, json_object *config)
{
	json_object *entrypoint = json_member(config, "Entrypoint"),
		    *cmd = json_member(config, "Cmd");

	for (size_t i = 1; i < length(entrypoint); i++)
		if (string_at(entrypoint, i))
			add(w, string_at(entrypoint, i));
	for (size_t i = 0; i < length(cmd); i++)
		if (string_at(cmd, i))
			add(w, string_at(cmd, i));
}

char **
rebuild_run_command(json_object *container, const char *client)
{
	json_object *config = json_member(container, "Config"),
		    *hc = json_member(container, "HostConfig"),
		    *entrypoint = json_member(config, "Entrypoint");
	const char *image = text(config, "Image"), *name = text(container, "Name"),
		   *id = text(container, "Id"), *hostname = text(config, "Hostname"),
		   *network = text(hc, "NetworkMode");
	struct words w = { 0 };

	if (!image || !hc)
		return NULL;
	add(&w, client);
	add(&w, "run");
	if (!flag(config, "AttachStdout") && !flag(config, "AttachStderr"))
		add(&w, "-d");
	if (flag(config, "OpenStdin"))
		add(&w, "-i");
	if (flag(config, "Tty"))
		add(&w, "-t");
	if (flag(hc, "AutoRemove"))
		add(&w, "--rm");
	if (name)
		add_pair(&w, "--name", name[0] == '/' ? name + 1 : name);
	/* docker's hostname is the short id unless one was given */
	if (hostname &&
	    !(id && strlen(id) >= 12 && strncmp(hostname, id, 12) == 0 && strlen(hostname) == 12))
		add_pair(&w, "--hostname", hostname);
	if (text(config, "User"))
		add_pair(&w, "--user", text(config, "User"));
	if (text(config, "WorkingDir"))
		add_pair(&w, "--workdir", text(config, "WorkingDir"));
	add_each(&w, config, "Env", "-e");
	if (flag(hc, "Privileged"))
		add(&w, "--privileged");
	add_each(&w, hc, "CapDrop", "--cap-drop");
	add_each(&w, hc, "CapAdd", "--cap-add");
	add_each(&w, hc, "SecurityOpt", "--security-opt");
	if (flag(hc, "ReadonlyRootfs"))
		add(&w, "--read-only");
	add_each(&w, hc, "Binds", "-v");
	add_mounts(&w, hc);
	add_map(&w, hc, "Tmpfs", "--tmpfs", ':');
	add_devices(&w, hc);
	add_ports(&w, hc);
	if (network && !streq(network, "default") && !streq(network, "bridge"))
		add_pair(&w, "--network", network);
	add_mode(&w, hc, "PidMode", "--pid");
	add_mode(&w, hc, "IpcMode", "--ipc");
	add_mode(&w, hc, "UTSMode", "--uts");
	add_mode(&w, hc, "UsernsMode", "--userns");
	add_each(&w, hc, "GroupAdd", "--group-add");
	add_each(&w, hc, "ExtraHosts", "--add-host");
	add_each(&w, hc, "Dns", "--dns");
	if (flag(hc, "Init"))
		add(&w, "--init");
	add_restart(&w, hc);
	add_ulimits(&w, hc);
	add_map(&w, hc, "Sysctls", "--sysctl", '=');
	add_limits(&w, hc);
	if (length(entrypoint) > 0 && string_at(entrypoint, 0))
		add_pair(&w, "--entrypoint", string_at(entrypoint, 0));
	add(&w, image);
	add_process(&w, config);
	return w.v;
}
