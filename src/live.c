/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live attribution: /proc/PID/cgroup to a container id, the engine API to its inspect data. */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <unistd.h>

#include "leastpriv/live.h"
#include "leastpriv/util.h"

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

const char *
live_default_socket(void)
{
	if (access("/run/podman/podman.sock", F_OK) == 0)
		return "/run/podman/podman.sock";
	return "/var/run/docker.sock";
}

static size_t
collect(char *data, size_t size, size_t n, void *userdata)
{
	struct strbuf *body = userdata;

	/* The API's answers are small; a huge one is not the engine. */
	if (body->len + size * n > 64 * 1024 * 1024)
		return 0;
	strbuf_add(body, data, size * n);
	return size * n;
}

/* GET @path of the engine API at unix socket @socket into @body. */
static int
api_get(CURL *curl, const char *socket, const char *path, struct strbuf *body, struct strbuf *err)
{
	char *url = xasprintf("http://localhost%s", path);
	long status = 0;
	CURLcode rc;

	strbuf_reset(body);
	curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
	rc = curl_easy_perform(curl);
	free(url);
	if (rc != CURLE_OK) {
		strbuf_addf(err, "%s: %s", socket, curl_easy_strerror(rc));
		return -EIO;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
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
	json_object *list = NULL;
	CURL *curl;
	int added = 0, r;

	if (curl_global_init(CURL_GLOBAL_NOTHING) != CURLE_OK)
		return -ENOMEM;
	curl = curl_easy_init();
	if (!curl) {
		curl_global_cleanup();
		return -ENOMEM;
	}
	strbuf_init(&body);
	strbuf_init(&one);
	/* The Docker Engine API; podman serves it too. */
	r = api_get(curl, socket, "/v1.41/containers/json", &body, err);
	if (r == 0) {
		list = json_tokener_parse(body.buf);
		if (!list || !json_object_is_type(list, json_type_array)) {
			strbuf_addf(err, "%s: /containers/json is not a list", socket);
			r = -EBADMSG;
		}
	}
	for (size_t i = 0; r == 0 && i < json_object_array_length(list); i++) {
		json_object *c = json_object_array_get_idx(list, i), *id = NULL;
		char *path, *source;

		if (!json_object_object_get_ex(c, "Id", &id) ||
		    !json_object_is_type(id, json_type_string) ||
		    !is_id(json_object_get_string(id)))
			continue;
		path = xasprintf("/v1.41/containers/%s/json", json_object_get_string(id));
		r = api_get(curl, socket, path, &one, err);
		source = xasprintf("%s %s", socket, path);
		if (r == 0)
			r = inspect_load_text(set, one.buf, one.len, source, err);
		if (r == 0)
			added++;
		free(source);
		free(path);
	}
	json_object_put(list);
	strbuf_done(&body);
	strbuf_done(&one);
	curl_easy_cleanup(curl);
	curl_global_cleanup();
	return r < 0 ? r : added;
}
