/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 4: evidence.  Events are folded, as they stream by, into findings per container: one
 * finding per (what was denied, on which object), with a count, the first and last time and one
 * example record.  Memory grows with the number of containers and distinct findings, never with
 * the number of events, and stops at the bounds below.  Objects are folded as they arrive: past
 * the first EVIDENCE_FOLD_AFTER distinct objects of one directory (class and target context) in
 * a container, one finding stands for the rest of the directory, so that a container reading a
 * whole volume costs as much as its directories.
 */
#ifndef LEASTPRIV_EVIDENCE_H
#define LEASTPRIV_EVIDENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "leastpriv/attrib/attribution.h"
#include "leastpriv/attrib/owner.h"
#include "leastpriv/base/stable_id.h"
#include "leastpriv/base/diag.h"
#include "leastpriv/ingest/event.h"
#include "leastpriv/base/hmap.h"
#include "leastpriv/base/strpool.h"
#include "leastpriv/knowledge/syscalls.h"
#include "leastpriv/knowledge/trust.h"

enum finding_kind {
	FINDING_ENGINE_SOCKET, /* the container reached for the engine's API socket */
	FINDING_CAPABILITY,    /* SELinux refused a capability the process had */
	FINDING_SYSCALL,       /* a syscall failed for want of a capability the process lacked */
	FINDING_SECCOMP,       /* the seccomp filter refused (or logged) a syscall */
	FINDING_APPARMOR,      /* an AppArmor profile refused a file or other operation */
	FINDING_FILE,          /* SELinux refused access to a file, directory or device */
	FINDING_NETWORK,       /* SELinux refused a socket operation */
	FINDING_OTHER,         /* any other class (process, system, ...) */
	FINDING_READONLY,      /* a write failed on a read-only file system (EROFS) */
	FINDING_MAX
};

/* A point in the log: events sort by it. */
struct stamp {
	int64_t sec;
	uint32_t ms;
	uint64_t serial;
};

#define FINDING_SAMPLES 4
#define FINDING_PERMS   24

struct container;

struct finding {
	char id[STABLE_ID_HEX + 1]; /* the same denial in the same container: the same id */
	enum finding_kind kind;
	struct container *container; /* borrowed: owned by the evidence store */
	/* All strings are borrowed from the evidence store's pool. */
	const char *tclass;
	const char *tcontext, *ttype, *tlevel;
	const char **perms; /* sorted, unique, at most FINDING_PERMS (owned array) */
	size_t n_perms, cap_perms;
	const char *object;  /* the path (or only the name, see object_is_path); NULL if unknown */
	bool object_is_path; /* object is a full path inside the container */
	const char *object_key; /* identity of the object on its host, shared across containers */
	int capability;         /* FINDING_CAPABILITY, FINDING_SYSCALL: the capability number */
	const struct syscall_cap *rule; /* FINDING_SYSCALL: the table entry that matched */
	bool in_user_ns;     /* cap_userns/cap2_userns: checked inside a user namespace */
	const char *profile; /* AppArmor findings: the profile that refused */
	int port;            /* FINDING_NETWORK: the port, or -1 */
	size_t count, permissive_count;
	struct stamp first, last;
	/*
	 * Denials of further objects of the same directory, class and context, past the first
	 * EVIDENCE_FOLD_AFTER there: this finding's object is then the directory, a slash and a
	 * star.
	 */
	size_t folded;
	char *example; /* owned: the earliest record of the finding, in plain form */
	const char *example_file;
	unsigned long example_line;
	const char *comms[FINDING_SAMPLES], *exes[FINDING_SAMPLES], *syscalls[FINDING_SAMPLES];
	size_t n_comms, n_exes, n_syscalls;
};

#define CONTAINER_SAMPLES 6

struct container {
	char id[STABLE_ID_HEX + 1];           /* from its owner's key: the same in every run */
	const struct inspect_container *info; /* from --inspect, or NULL */
	size_t denials_not_kept; /* denials on objects past EVIDENCE_FINDINGS_MAX, counted only */
	const char *node;        /* NULL when the log names no node */
	const char *type;        /* SELinux domain */
	const char *level;       /* MCS level, e.g. "s0:c127,c779" */
	const char *label;       /* the name from inspect data, else "container_t:s0:c127,c779" */
	enum subject_kind kind;
	size_t events;  /* events of this container that were read */
	size_t denials; /* denied (or permissive) accesses */
	struct stamp first, last;
	const char *comms[CONTAINER_SAMPLES], *exes[CONTAINER_SAMPLES];
	size_t n_comms, n_exes;
	struct finding **findings;
	size_t n_findings, cap_findings;
};

struct evidence_stats {
	size_t events;           /* events examined */
	size_t avc_denials;      /* SELinux denials (including permissive ones) */
	size_t avc_granted;      /* "granted" decisions (auditallow) */
	size_t host_denials;     /* denials of host processes, not analysed */
	size_t engine_denials;   /* denials of the engine itself, not container advice */
	size_t unattributed;     /* denials whose subject context was missing or malformed */
	size_t other_lsm;        /* AVC records of other security modules (AppArmor) */
	size_t failed_syscalls;  /* syscalls that failed for want of a capability */
	size_t host_syscalls;    /* of those, by host processes (the engine among them) */
	size_t seccomp_records;  /* syscalls the seccomp filter refused or logged */
	size_t host_seccomp;     /* of those, of host processes */
	size_t apparmor_denials; /* AppArmor DENIED (and complain-mode ALLOWED) records */
	size_t host_apparmor;    /* of those, under profiles of host programs */
	size_t rejected_claims;  /* user-space decisions their sender could not make */
	size_t denials_not_kept; /* denials past the bounds below, counted only */
};

/*
 * Bounds on what the store keeps (README, "Limits"), whatever the input: past them a denial is
 * counted, in its container or in the overflow container, and the report says so.
 */
#define EVIDENCE_CONTAINERS_MAX 20000
#define EVIDENCE_FINDINGS_MAX   2000 /* distinct denials (objects) per container */
/* objects of one directory, class and context kept apart per container; then one for the rest */
#define EVIDENCE_FOLD_AFTER    32
#define EVIDENCE_BYTES_MAX_MIB 32 /* findings, examples and interned strings */
#define EVIDENCE_BYTES_MAX     ((size_t)EVIDENCE_BYTES_MAX_MIB * 1024 * 1024)

struct evidence {
	struct strpool *pool;     /* borrowed */
	struct attribution *attr; /* borrowed */
	struct diag *diag;        /* borrowed */
	struct claims *claims;    /* borrowed: records that claimed what their sender could not */
	struct hmap containers;   /* identity -> struct container */
	struct hmap findings;     /* identity -> struct finding */
	struct hmap groups;       /* container, class, context, directory -> objects seen */
	struct container **list;  /* every container, sorted by evidence_finish() */
	size_t n_containers, cap_containers;
	struct container overflow; /* stands for every container past the bounds; never listed */
	size_t bytes;              /* what the findings and containers hold, roughly */
	struct evidence_stats stats;
	struct strbuf scratch_id, scratch_key; /* reused for each event's keys */
};

void evidence_init(struct evidence *e, struct strpool *pool, struct attribution *attr,
		   struct diag *diag, struct claims *claims);
void evidence_done(struct evidence *e);
/* Create an (empty) container for each inspect entry, so that one with no findings shows. */
void evidence_add_inspected(struct evidence *e);
/* Fold one event, whose parts are owned by @owners (attribution's verdict), into the evidence. */
void evidence_add_event(struct evidence *e, const struct event *ev,
			const struct event_owners *owners);
/* Sort containers and their findings into a stable order for the report. */
void evidence_finish(struct evidence *e);

/* Whether @want names @ct (owner_name_matches(); @as_unit: a workload file's unit name). */
bool container_is_named(const struct container *ct, const char *want, bool as_unit);
/*
 * Keep in the report only the containers that one of @names (NULL-terminated) names: its
 * inspect name, an id prefix, its label or its MCS level.
 */
void evidence_select(struct evidence *e, const char *const *names);

int stamp_compare(const struct stamp *a, const struct stamp *b);
const char *finding_kind_name(enum finding_kind kind);

#endif
