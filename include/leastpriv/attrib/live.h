/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Live attribution: for processes that still run, /proc/PID/cgroup names their container, and
 * the engine's API (Docker Engine API over its unix socket; podman serves the same API with
 * `podman system service`) gives its inspect data, within an overall deadline of 30 s and with
 * answers of at most 16 MiB.
 */
#ifndef LEASTPRIV_LIVE_H
#define LEASTPRIV_LIVE_H

#include <stddef.h>

#include "leastpriv/attrib/inspect.h"
#include "leastpriv/base/strbuf.h"

/*
 * The container id (64 hex digits) in the text of a /proc/PID/cgroup file: docker
 * (docker-ID.scope, /docker/ID), podman (libpod-ID.scope, libpod-ID), containerd/CRI
 * (cri-containerd-ID.scope, cri-containerd:ID), CRI-O (crio-ID.scope); the engines' monitors
 * (libpod-conmon-, crio-conmon-) are not containers.  Returns 0 and fills @ret, or -ENOENT.
 */
int live_parse_cgroup(const char *text, char ret[65]);
/* The same for process @pid, from /proc.  -ENOENT when it is gone or not in a container. */
int live_container_of_pid(long long pid, char ret[65]);
/*
 * Add the inspect data of every running container of the engine at unix socket @socket to
 * @set (GET /containers/json, then /containers/ID/json).  Returns the number added, or
 * -errno with a message in @err.
 */
int live_load_running(struct inspect_set *set, const char *socket, struct strbuf *err);
/*
 * The container ids of the engine's answer to GET /containers/json (@len bytes at @text,
 * NUL-terminated), named @source in messages: each exactly 64 lowercase hex digits, at most
 * INSPECT_CONTAINERS_MAX.  Returns 0 with an array in *ret_ids (free it) and its length in
 * *ret_n, or -errno with a message in @err.
 */
int live_parse_list(const char *text, size_t len, const char *source, char (**ret_ids)[65],
		    size_t *ret_n, struct strbuf *err);
/* The engine socket to use when none is named: podman's rootful one, else docker's. */
const char *live_default_socket(void);

#endif
