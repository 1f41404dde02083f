/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Container metadata from `docker inspect` / `podman inspect` JSON: names, images, the
 * container's init pid (State.Pid) for attribution by process ancestry, its SELinux labels,
 * privileges and mounts (to name the host directory of a volume in advice).  Parsed with json-c.
 */
#ifndef LEASTPRIV_INSPECT_H
#define LEASTPRIV_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/base/strbuf.h"

struct inspect_mount {
	char *source;      /* host path */
	char *destination; /* path in the container */
	char *mode;        /* user options as given, e.g. "z", "Z", "ro" */
	bool rw;
};

struct inspect_container {
	char *id;            /* full id */
	char *name;          /* without docker's leading '/' */
	char *image;         /* as the user named it */
	long long pid;       /* State.Pid: the container's init on the host; 0 when not running */
	char *process_label; /* SELinux, "" when none */
	char *mount_label;
	bool privileged;
	char **cap_add, **cap_drop, **effective_caps, **security_opt; /* NULL-terminated */
	struct inspect_mount *mounts;
	size_t n_mounts;
	char *source_file; /* the file it was read from */
	/* The run: State's times (seconds since the epoch, -1 unknown) and how it ended. */
	int64_t started, finished;
	bool running;
	long long exit_code;
	/* podman's Config.CreateCommand, else rebuilt from the record; NULL-terminated */
	char **create_command;
	bool command_rebuilt; /* rebuilt: what the record does not keep is not in it */
};

struct inspect_set {
	struct inspect_container *containers;
	size_t n, cap;
};

/* The most containers one run takes from inspect data and the engine's API. */
#define INSPECT_CONTAINERS_MAX 4096

/*
 * Read @path (a JSON file holding one inspect object or an array of them, or a directory of
 * such *.json files) into @set.  Returns 0, or -errno; on a parse error (-EBADMSG) @err says
 * which file and where ("file:LINE:COLUMN: what"), and nothing of that file is kept.  Past the
 * bounds (INSPECT_CONTAINERS_MAX containers, 16 MiB or 131072 JSON objects per text) the
 * result is -EFBIG with a message, before anything large is built.
 */
int inspect_load(struct inspect_set *set, const char *path, struct strbuf *err);
/* Free what one container's entry holds (not the entry). */
void inspect_container_done(struct inspect_container *c);
/*
 * The same for @len bytes of JSON at @text (NUL-terminated), named @source in messages and in
 * the containers' source_file.
 */
int inspect_load_text(struct inspect_set *set, const char *text, size_t len, const char *source,
		      struct strbuf *err);
void inspect_set_done(struct inspect_set *set);
/*
 * Whether @len bytes of JSON at @text (NUL-terminated) are within the bounds for inspect data
 * and engine answers, before json-c builds anything.  0, or -EFBIG with a message in @err.
 */
int inspect_check_size(const char *text, size_t len, const char *source, struct strbuf *err);
/* The container whose id starts with the 64-hex @id, or NULL. */
const struct inspect_container *inspect_by_id(const struct inspect_set *set, const char *id);
/* The container whose init pid is @pid, or NULL. */
const struct inspect_container *inspect_by_pid(const struct inspect_set *set, long long pid);
/* The container whose ProcessLabel has the MCS level @level ("s0:c1,c2"), or NULL. */
const struct inspect_container *inspect_by_level(const struct inspect_set *set, const char *level);
/*
 * The mount of @c that holds @path (the deepest destination that is a prefix of it), or NULL.
 */
const struct inspect_mount *inspect_mount_for(const struct inspect_container *c, const char *path);
/* "registry (3f2a9c1b2d4e, registry:2)" style short id: the first 12 characters of the id. */
void inspect_short_id(const struct inspect_container *c, char buf[13]);

#endif
