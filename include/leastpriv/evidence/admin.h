/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Admin control: who can become root through the container engine.  The log's EXECVE records
 * of docker/podman show which login user (auid, not uid) started privileged containers or
 * mounted the host's / or the engine socket into one; inspect data shows containers that hold
 * the socket; the docker group's members are root-equivalent.  Only engine binaries run by
 * host processes count: a program in a container named docker is not a login user's run.
 */
#ifndef LEASTPRIV_ADMIN_H
#define LEASTPRIV_ADMIN_H

#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/ingest/event.h"
#include "leastpriv/attrib/owner.h"
#include "leastpriv/evidence/evidence.h"
#include "leastpriv/base/hmap.h"
#include "leastpriv/attrib/inspect.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/base/strpool.h"
#include "leastpriv/knowledge/trust.h"

enum engine_risk {
	RISK_PRIVILEGED,     /* --privileged or --cap-add=ALL */
	RISK_HOST_ROOT,      /* the host's / (or /etc, /root, ...) mounted */
	RISK_SOCKET,         /* the engine socket or a parent of it mounted */
	RISK_HOST_PID,       /* --pid=host */
	RISK_HOST_NET,       /* --network=host */
	RISK_NO_CONFINEMENT, /* label=disable, seccomp=unconfined, apparmor=unconfined */
	RISK_MAX
};

/* The engine commands one login user ran. */
struct engine_user {
	unsigned long long auid; /* (unsigned)-1: not a login session */
	size_t runs;             /* run/create commands */
	size_t risks[RISK_MAX];
	struct stamp first, last;
	char *example;     /* the riskiest command seen, shell-quoted */
	int example_risk;  /* its number of risks */
	const char *login; /* its name, where an ENRICHED log gave it (AUID="matt"), or NULL */
};

struct socket_mount {
	const char *container; /* borrowed from the inspect data */
	const char *source, *destination;
};

struct admin {
	struct hmap users; /* auid -> struct engine_user */
	struct engine_user **list;
	size_t n_users;
	struct socket_mount *sockets;
	size_t n_sockets;
	size_t unlabelled_runs; /* runs whose process had no label that places it on the host */
	char **docker_group;    /* members, NULL-terminated; NULL when not read */
	char *group_file;       /* where they came from */
	struct hmap logins;     /* auid -> its name (char *), from ENRICHED records */
};

void admin_init(struct admin *ad);
/*
 * Remember that login uid @auid is called @name (@len bytes), as the auditd that wrote an
 * ENRICHED log named it.  At most ADMIN_LOGINS_MAX are kept.
 */
void admin_note_login(struct admin *ad, unsigned long long auid, const char *name, size_t len);
#define ADMIN_LOGINS_MAX 4096
void admin_done(struct admin *ad);
/*
 * Fold an event: an EXECVE of docker/podman run or create.  It counts only when the kernel's
 * exe= is an engine binary and the process is not a container's (@origin); otherwise it is
 * reported to @claims and left out.
 */
void admin_add_event(struct admin *ad, const struct event *ev, enum process_origin origin,
		     struct claims *claims);
/* Containers of the inspect data that hold the engine socket or a parent of it. */
void admin_add_inspect(struct admin *ad, const struct inspect_set *set);
/* Read the docker group's members from @path (an /etc/group file).  Returns 0 or -errno. */
int admin_read_group(struct admin *ad, const char *path);
/* Sort users for the report. */
void admin_finish(struct admin *ad);
const char *engine_risk_name(enum engine_risk r);

#endif
