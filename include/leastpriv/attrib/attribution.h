/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 3: whose event is it?  A process's SELinux domain tells a container from the host: the
 * container domains (container_t and its relatives) run with one MCS category pair per container,
 * so (node, pair) names one container; spc_t is a container that runs unconfined (privileged or
 * label=disable); everything else, the engine and runtime included, is the host.
 *
 * Without SELinux labels, a process belongs to a container when its ancestry (the pid/ppid
 * pairs of the log's own SYSCALL records) reaches the container's init pid from inspect data.
 */
#ifndef LEASTPRIV_ATTRIBUTION_H
#define LEASTPRIV_ATTRIBUTION_H

#include "leastpriv/base/hmap.h"
#include "leastpriv/attrib/inspect.h"
#include "leastpriv/attrib/launch.h"
#include "leastpriv/attrib/selinux_ctx.h"
#include "leastpriv/base/strpool.h"

enum subject_kind {
	SUBJECT_HOST,         /* a host process */
	SUBJECT_ENGINE,       /* the container engine or runtime itself (a host process) */
	SUBJECT_CONTAINER,    /* a confined container process */
	SUBJECT_PRIVILEGED,   /* a container process without SELinux confinement (spc_t) */
	SUBJECT_UNATTRIBUTED, /* no label, no inspect data: perhaps a container, perhaps not */
	SUBJECT_MAX
};

struct subject {
	enum subject_kind kind;
	struct selinux_ctx ctx;
};

struct attribution {
	struct strpool *pool;              /* borrowed */
	const struct inspect_set *inspect; /* borrowed; may be empty */
	struct hmap cache;                 /* context text -> struct subject (contexts repeat) */
	/*
	 * The cached subjects' strings: they start over with the cache, so what outlives an
	 * event (a container's type and level) is interned again by whoever keeps it.
	 */
	struct strpool contexts;
	struct hmap parents[2]; /* (node, pid) -> ppid from SYSCALL records: older, newer */
	bool live; /* ask /proc/PID/cgroup about processes the log does not tie to a container */
	struct launches launches; /* containers the log saw start */
	int64_t event_sec;        /* the time of the event being attributed (pids are reused) */
};

/* @inspect (borrowed, may be empty) names containers and their init pids. */
void attribution_init(struct attribution *a, struct strpool *pool,
		      const struct inspect_set *inspect);
void attribution_done(struct attribution *a);
/*
 * Subjects cached, at most, before the cache starts over (at the next event): a host's
 * contexts number in the hundreds, a month of short-lived containers in the hundreds of
 * thousands.
 */
#define ATTRIBUTION_CACHE_MAX 8192

/*
 * Call before each event, with its time (seconds): subjects returned for the previous event
 * may be freed, and a container that ended before @sec owns none of its pids any more.
 */
void attribution_event_start(struct attribution *a, int64_t sec);
/*
 * Classify the process whose SELinux context is @context.  Returns 0 and stores a subject that
 * lives until the next attribution_event_start() in *ret, or -EINVAL when @context does not
 * parse.
 */
int attribution_classify(struct attribution *a, const char *context, const struct subject **ret);
/*
 * Remember that process @pid of @node (interned or NULL) has parent @ppid.  Called for every
 * SYSCALL record, so that ancestry can be followed later; memory is bounded (the pids of the
 * recent past are kept), not by the log.
 */
void attribution_note_process(struct attribution *a, const char *node, long long pid,
			      long long ppid);
/*
 * The inspect container whose init is @pid or an ancestor of it (following the parents noted,
 * starting with @ppid, or with the noted parent of @pid when @ppid is -1), else the container
 * the log saw start whose runtime or monitor is an ancestor of it (never of a process that is
 * itself a runtime, @exe), or NULL.
 */
const struct inspect_container *attribution_container_of(const struct attribution *a,
							 const char *node, long long pid,
							 long long ppid, const char *exe);
/* Whether there is anything to follow ancestry to: inspect data or containers seen starting. */
bool attribution_has_containers(const struct attribution *a);

/* "container", "privileged container", ... for messages. */
const char *subject_kind_name(enum subject_kind kind);

#endif
