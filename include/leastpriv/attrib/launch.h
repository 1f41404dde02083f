/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Containers the log saw start.  Without SELinux labels and without inspect data a container
 * is still named by the engine's own processes, when the rules record their execs (`leastpriv
 * rules`): the runtime (`runc create ... ID`, crun the same) runs as a child of the container's
 * monitor (conmon for podman, containerd-shim for docker), and the container's init is its
 * child; conmon's arguments (`-c ID -n NAME`) and the engine command (`podman run --name
 * NAME`) give the name and the run command.  This module keeps, per node, which pids were a
 * container's runtime and monitor, so that any process whose ancestry reaches one of them is
 * that container's: for containers that still run and for those that exited long ago.  A pid
 * used again by a later container belongs to the later one from its start on.  Memory is
 * bounded: past LAUNCHES_MAX containers, further ones are counted (l->not_kept), not named.
 */
#ifndef LEASTPRIV_LAUNCH_H
#define LEASTPRIV_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/attrib/inspect.h"
#include "leastpriv/base/hmap.h"

#define LAUNCHES_MAX 4096
/* The source_file of a container the log saw start (inspect data names its file instead). */
#define LAUNCH_SOURCE "the audit log"
/* The most words and bytes of one run command kept. */
#define LAUNCH_COMMAND_WORDS 512
#define LAUNCH_COMMAND_BYTES (64 * 1024)

struct launched {
	struct inspect_container c; /* id and name from the log; no pid, image or mounts */
	const char *node;           /* interned, or NULL */
	char **command;             /* the engine command that ran it (NULL-terminated), or NULL */
};

struct launches {
	struct launched **list; /* each allocated on its own: pointers to them stay valid */
	size_t n;
	struct hmap by_pid;   /* (node, pid) -> launched: its runtime and its monitor */
	struct hmap by_id;    /* node + id -> launched */
	struct hmap commands; /* name -> char ** (the last run command of that name) */
	size_t not_kept;      /* launches past LAUNCHES_MAX */
};

void launches_init(struct launches *l);
void launches_done(struct launches *l);
/*
 * An exec of process @pid (parent @ppid) of @node with the words @args (entries may be NULL
 * where the log lost them): a runtime's create (its pid and parent become the container's),
 * a monitor's start (the container's name), or an engine's run or create with --name (its
 * run command).  Anything else is ignored.
 */
void launches_note_exec(struct launches *l, const char *node, long long pid, long long ppid,
			int64_t sec, const char *const *args, size_t n);
/*
 * The container whose runtime or monitor was process @pid of @node, or NULL; NULL too when
 * the runtime deleted that container before @sec (its pids may be anyone's since).
 */
const struct inspect_container *launches_by_pid(const struct launches *l, const char *node,
						long long pid, int64_t sec);
/* The run command the log holds for a container named @name (or with that id), or NULL. */
char *const *launches_command_of(const struct launches *l, const char *name);

#endif
