/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The runtime's default seccomp profile plus exactly the refused syscalls, with json-c. */
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>

#include "leastpriv/seccomp_profile.h"
#include "leastpriv/util.h"

char *
seccomp_profile_path(const char *dir, const char *container)
{
	char *name = xstrdup(container);

	for (char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-_", *p))
			*p = '_';
	{
		char *path = xasprintf("%s/seccomp-%s.json", dir, name);

		free(name);
		return path;
	}
}

int
seccomp_profile_write(const char *base, const char *const *names, size_t n, const char *path,
		      struct strbuf *err)
{
	json_object *root = json_object_from_file(base), *syscalls, *rule, *list;
	int r = 0;

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
	if (json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY) < 0) {
		r = errno ? -errno : -EIO;
		strbuf_addf(err, "%s: %s", path, json_util_get_last_err());
	}
	json_object_put(root);
	return r;
}
