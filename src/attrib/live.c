/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live attribution: /proc/PID/cgroup to a container id, the engine API to its inspect data. */
#include <ctype.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "leastpriv/knowledge/engines.h"
#include "leastpriv/attrib/live.h"
#include "leastpriv/base/util.h"

/*
 * libcurl, loaded when --live first asks the engine: linking it would load its TLS, LDAP,
 * Kerberos and SSH libraries into every command, which only this one needs.
 */
static struct {
	void *lib;
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *curl);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode code);
} curl_api;

/* 0, or -ENOSYS with what is missing in @err. */
static int
curl_load(struct strbuf *err)
{
	static const char *const names[] = { "curl_global_init",  "curl_global_cleanup",
					     "curl_easy_init",    "curl_easy_cleanup",
					     "curl_easy_setopt",  "curl_easy_perform",
					     "curl_easy_getinfo", "curl_easy_strerror" };
	void **slots[] = {
		(void **)&curl_api.global_init,  (void **)&curl_api.global_cleanup,
		(void **)&curl_api.easy_init,    (void **)&curl_api.easy_cleanup,
		(void **)&curl_api.easy_setopt,  (void **)&curl_api.easy_perform,
		(void **)&curl_api.easy_getinfo, (void **)&curl_api.easy_strerror,
	};

	if (curl_api.lib)
		return 0;
	curl_api.lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!curl_api.lib) {
		strbuf_addf(err, "--live needs libcurl (Debian: apt-get install libcurl4): %s",
			    dlerror());
		return -ENOSYS;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		*slots[i] = dlsym(curl_api.lib, names[i]);
		if (!*slots[i]) {
			strbuf_addf(err, "--live: libcurl.so.4 has no %s", names[i]);
			dlclose(curl_api.lib);
			curl_api.lib = NULL;
			return -ENOSYS;
		}
	}
	return 0;
}

/* 64 lowercase hex digits at @p, not followed by another hex digit. */
static bool
is_id(const char *p)
{
	for (int i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)p[i]) || isupper((unsigned char)p[i]))
			return false;
	return !isxdigit((unsigned char)p[64]);
}

int
live_parse_cgroup(const char *text, char ret[65])
{
	static const char *const prefixes[] = { "docker-",         "/docker/",        "libpod-",
						"cri-containerd-", "cri-containerd:", "crio-",
						"/kubepods/" };

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		const char *p = text;

		while ((p = strstr(p, prefixes[i]))) {
			const char *id = p + strlen(prefixes[i]);

			p = id;
			if (startswith(id, "conmon-"))
				continue; /* the engine's monitor, not the container */
			if (is_id(id)) {
				memcpy(ret, id, 64);
				ret[64] = '\0';
				return 0;
			}
		}
	}
	return -ENOENT;
}

int
live_container_of_pid(long long pid, char ret[65])
{
	char path[64], buf[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%lld/cgroup", pid);
	f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return live_parse_cgroup(buf, ret);
}

int
live_parse_list(const char *text, size_t len, const char *source, char (**ret_ids)[65],
		size_t *ret_n, struct strbuf *err)
{
	json_object *list;
	char(*ids)[65];
	size_t n, k = 0;

	if (inspect_check_size(text, len, source, err) < 0)
		return -EFBIG;
	list = json_tokener_parse(text);
	if (!list || !json_object_is_type(list, json_type_array)) {
		strbuf_addf(err, "%s: /containers/json is not a list", source);
		json_object_put(list);
		return -EBADMSG;
	}
	n = json_object_array_length(list);
	if (n > INSPECT_CONTAINERS_MAX) {
		strbuf_addf(err, "%s: more than %d running containers", source,
			    INSPECT_CONTAINERS_MAX);
		json_object_put(list);
		return -EFBIG;
	}
	ids = xcalloc(n + 1, sizeof(*ids));
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(list, i), *id = NULL;

		/* Ids go into a URL: exactly 64 lowercase hex digits, nothing else. */
		if (!json_object_object_get_ex(c, "Id", &id) ||
		    !json_object_is_type(id, json_type_string) ||
		    strlen(json_object_get_string(id)) != 64 || !is_id(json_object_get_string(id)))
			continue;
		memcpy(ids[k++], json_object_get_string(id), 65);
	}
	json_object_put(list);
	*ret_ids = ids;
	*ret_n = k;
	return 0;
}

const char *
live_default_socket(void)
{
	/* podman's first: its API serves docker's too. */
	const char *podman = engine_socket_of("podman");

	return access(podman, F_OK) == 0 ? podman : engine_socket_of("docker");
}

/*
 * Bounds on --live (README, "Limits"): the whole exchange with the engine must end within
 * LIVE_DEADLINE_MS, and one answer is at most LIVE_BODY_MAX bytes (inspect data of one
 * container is a few kilobytes; the list, a few hundred bytes per container).
 */
#define LIVE_DEADLINE_MS 30000
#define LIVE_BODY_MAX    (16 * 1024 * 1024)

static size_t
collect(char *data, size_t size, size_t n, void *userdata)
{
	struct strbuf *body = userdata;

	/* A huge answer is not the engine's: stop the transfer. */
	if (body->len + size * n > LIVE_BODY_MAX)
		return 0;
	strbuf_add(body, data, size * n);
	return size * n;
}

/* GET @path of the engine API at unix socket @socket into @body, by @deadline (ms). */
static int
api_get(CURL *curl, const char *socket, const char *path, int64_t deadline, struct strbuf *body,
	struct strbuf *err)
{
	char *url = xasprintf("http://localhost%s", path);
	int64_t left = deadline - monotonic_ms();
	long status = 0;
	CURLcode rc;

	strbuf_reset(body);
	if (left <= 0) {
		strbuf_addf(err, "%s: the engine did not answer everything within %d s", socket,
			    LIVE_DEADLINE_MS / 1000);
		free(url);
		return -ETIMEDOUT;
	}
	curl_api.easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket);
	curl_api.easy_setopt(curl, CURLOPT_URL, url);
	curl_api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_api.easy_setopt(curl, CURLOPT_WRITEDATA, body);
	curl_api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)left);
	curl_api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
	rc = curl_api.easy_perform(curl);
	free(url);
	if (rc != CURLE_OK) {
		strbuf_addf(err, "%s: %s", socket,
			    rc == CURLE_WRITE_ERROR ? "an answer larger than 16 MiB: not the engine"
			    : rc == CURLE_OPERATION_TIMEDOUT
				    ? "the engine did not answer everything within 30 s"
				    : curl_api.easy_strerror(rc));
		return rc == CURLE_OPERATION_TIMEDOUT ? -ETIMEDOUT : -EIO;
	}
	curl_api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		strbuf_addf(err, "%s: GET %s answered HTTP %ld", socket, path, status);
		return -EIO;
	}
	return 0;
}

int
live_load_running(struct inspect_set *set, const char *socket, struct strbuf *err)
{
	struct strbuf body, one;
	char(*ids)[65] = NULL;
	size_t n_ids = 0;
	CURL *curl;
	int added = 0, r;
	int64_t deadline = monotonic_ms() + LIVE_DEADLINE_MS;

	r = curl_load(err);
	if (r < 0)
		return r;
	if (curl_api.global_init(CURL_GLOBAL_NOTHING) != CURLE_OK)
		return -ENOMEM;
	curl = curl_api.easy_init();
	if (!curl) {
		curl_api.global_cleanup();
		return -ENOMEM;
	}
	strbuf_init(&body);
	strbuf_init(&one);
	/* The Docker Engine API; podman serves it too. */
	r = api_get(curl, socket, "/v1.41/containers/json", deadline, &body, err);
	if (r == 0)
		r = live_parse_list(body.buf, body.len, socket, &ids, &n_ids, err);
	for (size_t i = 0; r == 0 && i < n_ids; i++) {
		char *path = xasprintf("/v1.41/containers/%s/json", ids[i]), *source;

		r = api_get(curl, socket, path, deadline, &one, err);
		source = xasprintf("%s %s", socket, path);
		if (r == 0)
			r = inspect_load_text(set, one.buf, one.len, source, err);
		if (r == 0)
			added++;
		free(source);
		free(path);
	}
	free(ids);
	strbuf_done(&body);
	strbuf_done(&one);
	curl_api.easy_cleanup(curl);
	curl_api.global_cleanup();
	return r < 0 ? r : added;
}
