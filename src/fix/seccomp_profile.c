/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The runtime's default seccomp profile plus exactly the refused syscalls, with json-c. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leastpriv/fix/seccomp_profile.h"
#include "leastpriv/base/util.h"

/* Longer labels are cut: a file name has at most 255 bytes. */
#define NAME_MAX_CHARS 100

char *
seccomp_profile_path(const char *dir, const char *container, struct hmap *used, const void *owner)
{
	struct strbuf name;
	bool changed = false;
	uint32_t h = 2166136261u;
	char *path;

	strbuf_init(&name);
	for (const char *p = container; *p; p++) {
		h = (h ^ (unsigned char)*p) * 16777619u;
		if (name.len == NAME_MAX_CHARS) {
			changed = true;
			continue;
		}
		if (isalnum((unsigned char)*p) || strchr(".-_", *p)) {
			strbuf_addch(&name, *p);
		} else {
			strbuf_addch(&name, '_');
			changed = true;
		}
	}
	/* A name that had to change carries a hash of the label: "a/b" and "a_b" stay apart. */
	if (changed || name.len == 0 || name.buf[0] == '.')
		strbuf_addf(&name, "-%08x", h);
	path = xasprintf("%s/seccomp-%s.json", dir, name.buf);
	/* And within one run, a name is never given to two containers. */
	for (unsigned k = 2; used; k++) {
		const void *holder = hmap_get(used, path, strlen(path));

		if (!holder || holder == owner)
			break;
		free(path);
		path = xasprintf("%s/seccomp-%s-%u.json", dir, name.buf, k);
	}
	if (used)
		hmap_put(used, path, strlen(path))->value = (void *)owner;
	strbuf_done(&name);
	return path;
}

/* Write all of @len bytes at @buf to @fd. */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Write @text to @path, replacing it whole: a temporary file of our own in the same directory
 * (created with O_EXCL, never through a link), written and synced, then renamed over the
 * name.  A link at the name is replaced, never followed; so is a link as the directory.
 */
static int
write_atomically(const char *path, const char *text, struct strbuf *err)
{
	const char *slash = strrchr(path, '/');
	char *dir =
		slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	char tmp[300];
	int dfd, fd = -1, r = 0;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		r = -errno;
		strbuf_addf(err, "%s: %s%s", dir, strerror(errno),
			    errno == ELOOP || errno == ENOTDIR ? " (a link is not followed)" : "");
		free(dir);
		return r;
	}
	for (int tries = 0; fd < 0 && tries < 16; tries++) {
		uint32_t rnd = 0;

		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			rnd = (uint32_t)getpid() ^ (uint32_t)tries;
		snprintf(tmp, sizeof(tmp), ".%.200s.%08x.tmp", base, rnd);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		r = -errno;
		strbuf_addf(err, "%s: cannot create a file there: %s", dir, strerror(errno));
	} else {
		r = write_all(fd, text, strlen(text));
		if (r == 0 && fsync(fd) < 0)
			r = -errno;
		if (close(fd) < 0 && r == 0)
			r = -errno;
		if (r == 0 && renameat(dfd, tmp, dfd, base) < 0)
			r = -errno;
		if (r < 0) {
			strbuf_addf(err, "%s: %s", path, strerror(-r));
			(void)unlinkat(dfd, tmp, 0);
		}
	}
	close(dfd);
	free(dir);
	return r;
}

int
seccomp_profile_write(const char *base, const char *const *names, size_t n, const char *path,
		      struct strbuf *err)
{
	json_object *root = json_object_from_file(base), *syscalls, *rule, *list;
	const char *text;
	int r;

	if (!root) {
		strbuf_addf(err, "%s: %s", base, json_util_get_last_err());
		return -EBADMSG;
	}
	if (!json_object_object_get_ex(root, "syscalls", &syscalls) ||
	    !json_object_is_type(syscalls, json_type_array)) {
		strbuf_addf(err, "%s: not a seccomp profile (no \"syscalls\" array)", base);
		json_object_put(root);
		return -EBADMSG;
	}
	rule = json_object_new_object();
	list = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(list, json_object_new_string(names[i]));
	json_object_object_add(rule, "names", list);
	json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_ALLOW"));
	json_object_object_add(
		rule, "comment",
		json_object_new_string("added by leastpriv: refused by the default"));
	json_object_array_add(syscalls, rule);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY);
	if (!text) {
		strbuf_addf(err, "%s: the profile is too large", path);
		r = -EFBIG;
	} else {
		char *with_nl = xasprintf("%s\n", text);

		r = write_atomically(path, with_nl, err);
		free(with_nl);
	}
	json_object_put(root);
	return r;
}
