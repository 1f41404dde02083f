/* SPDX-License-Identifier: GPL-2.0-or-later */
/* docker/podman inspect JSON into struct inspect_container, with json-c. */
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <sys/stat.h>

#include "leastpriv/attrib/inspect.h"
#include "leastpriv/base/json_read.h"
#include "leastpriv/base/timespec.h"
#include "leastpriv/dialect/rebuild.h"
#include "leastpriv/base/util.h"

/*
 * Bounds on inspect data (README, "Limits"): an inspect object is a few kilobytes with a few
 * dozen JSON objects and arrays, so these hold thousands of containers, and keep json-c's
 * document (some hundred bytes per object) far from exhausting memory.
 */
#define INSPECT_FILE_MAX   (16 * 1024 * 1024)
#define INSPECT_NESTED_MAX 131072 /* objects and arrays in one text */

static char *
dup_string(json_object *o)
{
	const char *s =
		o && json_object_is_type(o, json_type_string) ? json_object_get_string(o) : NULL;

	return xstrdup(s ? s : "");
}

static char **
dup_string_array(json_object *o)
{
	size_t n = o && json_object_is_type(o, json_type_array) ? json_object_array_length(o) : 0;
	char **v = xcalloc(n + 1, sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(o, i);

		if (json_object_is_type(e, json_type_string))
			v[k++] = xstrdup(json_object_get_string(e));
	}
	return v;
}

static void
free_string_array(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void
inspect_container_done(struct inspect_container *c)
{
	free(c->id);
	free(c->name);
	free(c->image);
	free(c->process_label);
	free(c->mount_label);
	free(c->source_file);
	free_string_array(c->cap_add);
	free_string_array(c->cap_drop);
	free_string_array(c->effective_caps);
	free_string_array(c->security_opt);
	free_string_array(c->create_command);
	for (size_t i = 0; i < c->n_mounts; i++) {
		free(c->mounts[i].source);
		free(c->mounts[i].destination);
		free(c->mounts[i].mode);
	}
	free(c->mounts);
}

void
inspect_set_done(struct inspect_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		inspect_container_done(&set->containers[i]);
	free(set->containers);
	set->containers = NULL;
	set->n = set->cap = 0;
}

static void
add_container(struct inspect_set *set, json_object *o, const char *file)
{
	json_object *hc = json_member(o, "HostConfig"), *state = json_member(o, "State"),
		    *mounts = json_member(o, "Mounts");
	struct inspect_container *c;
	const char *name;

	set->containers = xgrow(set->containers, &set->cap, set->n + 1, sizeof(*set->containers));
	c = &set->containers[set->n++];
	memset(c, 0, sizeof(*c));
	c->id = dup_string(json_member(o, "Id"));
	c->name = dup_string(json_member(o, "Name"));
	name = c->name;
	if (name[0] == '/') /* docker writes "/registry" */
		memmove(c->name, name + 1, strlen(name));
	/* podman: ImageName; docker: Config.Image (as given) */
	c->image = json_member(o, "ImageName")
			   ? dup_string(json_member(o, "ImageName"))
			   : dup_string(json_member(json_member(o, "Config"), "Image"));
	c->pid = json_member(state, "Pid") ? json_object_get_int64(json_member(state, "Pid")) : 0;
	c->process_label = dup_string(json_member(o, "ProcessLabel"));
	c->mount_label = dup_string(json_member(o, "MountLabel"));
	c->privileged = json_object_get_boolean(json_member(hc, "Privileged"));
	c->cap_add = dup_string_array(json_member(hc, "CapAdd"));
	c->cap_drop = dup_string_array(json_member(hc, "CapDrop"));
	c->effective_caps = dup_string_array(json_member(o, "EffectiveCaps"));
	c->security_opt = dup_string_array(json_member(hc, "SecurityOpt"));
	c->source_file = xstrdup(file);
	c->started = c->finished = -1;
	{
		int64_t t;

		if (timespec_parse_rfc3339(json_object_get_string(json_member(state, "StartedAt")),
					   &t) == 0)
			c->started = t;
		if (timespec_parse_rfc3339(json_object_get_string(json_member(state, "FinishedAt")),
					   &t) == 0)
			c->finished = t;
	}
	c->running = json_object_get_boolean(json_member(state, "Running"));
	c->exit_code = json_member(state, "ExitCode")
			       ? json_object_get_int64(json_member(state, "ExitCode"))
			       : 0;
	c->create_command =
		dup_string_array(json_member(json_member(o, "Config"), "CreateCommand"));
	/* docker keeps no run command (nor podman, for a container made through its API) */
	if (!c->create_command[0]) {
		char **rebuilt =
			rebuild_run_command(o, json_member(o, "ImageName") ? "podman" : "docker");

		if (rebuilt) {
			free_string_array(c->create_command);
			c->create_command = rebuilt;
			c->command_rebuilt = true;
		}
	}
	if (mounts && json_object_is_type(mounts, json_type_array)) {
		size_t n = json_object_array_length(mounts);

		c->mounts = xcalloc(n ? n : 1, sizeof(*c->mounts));
		for (size_t i = 0; i < n; i++) {
			json_object *m = json_object_array_get_idx(mounts, i);
			struct inspect_mount *im = &c->mounts[c->n_mounts];

			if (!json_member(m, "Destination"))
				continue;
			im->source = dup_string(json_member(m, "Source"));
			im->destination = dup_string(json_member(m, "Destination"));
			im->mode = dup_string(json_member(m, "Mode"));
			im->rw = json_object_get_boolean(json_member(m, "RW"));
			c->n_mounts++;
		}
	}
}

/* Line and column of byte @offset in @text, for the error message. */
static void
position(const char *text, size_t offset, size_t *ret_line, size_t *ret_col)
{
	size_t line = 1, col = 1;

	for (size_t i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	*ret_line = line;
	*ret_col = col;
}

/* A FIFO or a device would block or never end: only regular files are inspect files. */
static bool
is_regular(FILE *f)
{
	struct stat st;

	return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
}

static int
load_file(struct inspect_set *set, const char *path, struct strbuf *err)
{
	cleanup_free char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	if (!is_regular(f)) {
		strbuf_addf(err, "%s: not a regular file", path);
		fclose(f);
		return -EINVAL;
	}
	do {
		text = xgrow(text, &cap, len + 65536 + 1, 1);
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0 && len <= INSPECT_FILE_MAX);
	fclose(f);
	text[len] = '\0';
	return inspect_load_text(set, text, len, path, err);
}

int
inspect_check_size(const char *text, size_t len, const char *source, struct strbuf *err)
{
	size_t nested = 0;

	if (len > INSPECT_FILE_MAX) {
		strbuf_addf(err, "%s: larger than %d MiB: not inspect data", source,
			    INSPECT_FILE_MAX >> 20);
		return -EFBIG;
	}
	/* Every '{' or '[' may open a JSON object or array: an upper bound, counted cheaply. */
	for (size_t i = 0; i < len; i++)
		nested += text[i] == '{' || text[i] == '[';
	if (nested > INSPECT_NESTED_MAX) {
		strbuf_addf(err,
			    "%s: more than %d JSON objects and arrays: not inspect data of at most "
			    "%d containers",
			    source, INSPECT_NESTED_MAX, INSPECT_CONTAINERS_MAX);
		return -EFBIG;
	}
	return 0;
}

int
inspect_load_text(struct inspect_set *set, const char *text, size_t len, const char *source,
		  struct strbuf *err)
{
	enum json_tokener_error jerr;
	struct json_tokener *tok;
	json_object *root;
	size_t line, col, end;

	if (inspect_check_size(text, len, source, err) < 0)
		return -EFBIG;
	tok = json_tokener_new();
	/* The terminating NUL is passed too, so that a bare number ends where the text does. */
	root = json_tokener_parse_ex(tok, text, (int)len + 1);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (end > len)
		end = len;
	if (!root || jerr != json_tokener_success || text[end + strspn(text + end, " \t\r\n")]) {
		position(text, end, &line, &col);
		strbuf_addf(err, "%s:%zu:%zu: %s", source, line, col,
			    jerr != json_tokener_success ? json_tokener_error_desc(jerr)
			    : root                       ? "unexpected text after the JSON value"
							 : "unexpected end of input");
		json_tokener_free(tok);
		json_object_put(root);
		return -EBADMSG;
	}
	json_tokener_free(tok);
	if (json_object_is_type(root, json_type_array)) {
		size_t n = json_object_array_length(root);

		if (set->n + n > INSPECT_CONTAINERS_MAX) {
			strbuf_addf(err, "%s: more than %d containers in the inspect data", source,
				    INSPECT_CONTAINERS_MAX);
			json_object_put(root);
			return -EFBIG;
		}
		for (size_t i = 0; i < n; i++) {
			json_object *o = json_object_array_get_idx(root, i);

			if (json_object_is_type(o, json_type_object))
				add_container(set, o, source);
		}
	} else if (json_object_is_type(root, json_type_object)) {
		if (set->n + 1 > INSPECT_CONTAINERS_MAX) {
			strbuf_addf(err, "%s: more than %d containers in the inspect data", source,
				    INSPECT_CONTAINERS_MAX);
			json_object_put(root);
			return -EFBIG;
		}
		add_container(set, root, source);
	} else {
		strbuf_addf(err, "%s:1:1: expected an inspect object or an array of them", source);
		json_object_put(root);
		return -EBADMSG;
	}
	json_object_put(root);
	return 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
inspect_load(struct inspect_set *set, const char *path, struct strbuf *err)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int r = 0;
	DIR *d;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return load_file(set, path, err);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l > 5 && streq(de->d_name + l - 5, ".json")) {
			names = xgrow(names, &cap, n + 1, sizeof(*names));
			names[n++] = xasprintf("%s/%s", path, de->d_name);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		if (r == 0)
			r = load_file(set, names[i], err);
		free(names[i]);
	}
	free(names);
	return r;
}

const struct inspect_container *
inspect_by_pid(const struct inspect_set *set, long long pid)
{
	for (size_t i = 0; pid > 0 && i < set->n; i++)
		if (set->containers[i].pid == pid)
			return &set->containers[i];
	return NULL;
}

const struct inspect_container *
inspect_by_level(const struct inspect_set *set, const char *level)
{
	for (size_t i = 0; level && *level && i < set->n; i++) {
		const char *l = set->containers[i].process_label;
		size_t ll = strlen(l), lv = strlen(level);

		/* "system_u:system_r:container_t:s0:c1,c2" ends with ":" + level */
		if (ll > lv && l[ll - lv - 1] == ':' && streq(l + ll - lv, level))
			return &set->containers[i];
	}
	return NULL;
}

const struct inspect_mount *
inspect_mount_for(const struct inspect_container *c, const char *path)
{
	const struct inspect_mount *best = NULL;

	for (size_t i = 0; path && i < c->n_mounts; i++) {
		const char *d = c->mounts[i].destination;
		size_t l = strlen(d);

		if (strncmp(d, path, l) == 0 &&
		    (path[l] == '/' || path[l] == '\0' || streq(d, "/")) &&
		    (!best || strlen(best->destination) < l))
			best = &c->mounts[i];
	}
	return best;
}

void
inspect_short_id(const struct inspect_container *c, char buf[13])
{
	snprintf(buf, 13, "%.12s", c->id);
}

const struct inspect_container *
inspect_by_id(const struct inspect_set *set, const char *id)
{
	for (size_t i = 0; id && *id && i < set->n; i++)
		if (*set->containers[i].id && streq(set->containers[i].id, id))
			return &set->containers[i];
	return NULL;
}
