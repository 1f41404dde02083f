/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 3: whose is it?  For each part of an event that speaks for a process (the event's own
 * process, a SECCOMP record's, each access decision's subject) the owner: the host, the
 * engine, or a container, named by a stable key (the same input gives the same keys, run
 * after run, in any order of its files), so that evidence, reports and a history can refer
 * to it.  The rules, in order (README, "Whose event is it"):
 *
 *   1. an SELinux label: a container domain with one MCS pair is one container per node (the
 *      inspect container of that level, when there is one); spc_t a privileged one; any other
 *      domain the host, the engine's own among them;
 *   2. an AppArmor profile: a host program's is the host; an engine's container profile is
 *      the container the process descends from (inspect data), else the profile's
 *      containers together;
 *   3. no label: the inspect container the process descends from; else, with inspect data or
 *      for an engine binary, the host; else the program, grouped by executable as
 *      "not attributed".
 */
#ifndef LEASTPRIV_OWNER_H
#define LEASTPRIV_OWNER_H

#include <stdbool.h>

#include "leastpriv/attrib/attribution.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/ingest/event.h"

/* What placed the owner: the rule of the list above that decided. */
enum owner_basis {
	OWNER_BY_SELINUX,  /* an SELinux label */
	OWNER_BY_INSPECT,  /* inspect data: the label's MCS level, or process ancestry */
	OWNER_BY_APPARMOR, /* an AppArmor profile */
	OWNER_BY_EXE,      /* no label, no inspect data: the executable */
	OWNER_BY_NOTHING,  /* no label, and inspect data that does not place it */
};

/* The security label the kernel gave the process. */
enum process_label {
	LABEL_NONE,
	LABEL_SELINUX,
	LABEL_APPARMOR,
};

struct owner {
	enum subject_kind kind;
	enum owner_basis basis;
	enum process_label labelled_by;
	const char *node;                     /* interned; NULL when the log names no node */
	const char *type, *level;             /* SELinux domain and MCS level; NULL otherwise */
	const char *profile;                  /* the AppArmor profile, for OWNER_BY_APPARMOR */
	const char *exe;                      /* for OWNER_BY_EXE (the event's string) */
	const struct inspect_container *info; /* for OWNER_BY_INSPECT */
	struct strbuf key; /* a container's stable identity; empty for the host and the engine */
};

/* What an event's parts are owned by; valid until the next owners_of_event() on it. */
struct event_owners {
	struct owner process; /* the event's process (SYSCALL: subj, pid, ppid, exe) */
	struct owner seccomp; /* the SECCOMP record's process */
	/*
	 * Per access decision: its subject's owner (AVC scontext, or the AppArmor profile with
	 * the record's pid), whether that subject was readable, and whether a USER_AVC's sender
	 * is a host process (which alone may report on other subjects).
	 */
	struct owner *avcs;
	bool *avc_readable, *sender_is_host;
	size_t cap_avcs;
};

void event_owners_init(struct event_owners *o);
void event_owners_done(struct event_owners *o);
/* Fill @o for @ev (call attribution_event_start() first). */
void owners_of_event(struct attribution *a, const struct event *ev, struct event_owners *o);
/* The owner of inspect container @info, as rule 1 or 3 would find it. */
void owner_of_inspect(const struct inspect_container *info, struct owner *ret);
/* Whether @o is a container (confined, privileged or not attributed). */
bool owner_is_container(const struct owner *o);

/* Where the process of an owner runs, as far as the kernel's fields and inspect data tell. */
enum process_origin {
	ORIGIN_HOST,      /* a host label (SELinux domain, AppArmor profile or unconfined) */
	ORIGIN_CONTAINER, /* a container's label, or ancestry to an inspected container */
	ORIGIN_UNKNOWN,   /* no label and no inspect data that place it */
};
enum process_origin owner_origin(const struct owner *o);
/* How people call @o's container ("registry", "container_t:s0:c1,c2", "/usr/bin/nc"). */
void owner_label(const struct owner *o, struct strbuf *out);

/*
 * Whether @want names the container of @o, known as @label: its inspect name, an id prefix
 * of at least 4 characters, its label or MCS level.  With @as_unit, also a compose-style word
 * of the name ("web" for "proj-web-1"), as a workload file names its units.  The one
 * matcher of container names.
 */
bool owner_name_matches(const char *label, const char *level, const struct inspect_container *info,
			const char *want, bool as_unit);

#endif
