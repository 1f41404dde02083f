/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report: everything a run found, as one value that the renderers read and nothing else.
 * It holds the run (inputs, target), its statistics, every container with its advice, the
 * admin-control findings, the claims that were not evidence and the problems in the input,
 * and the headline counts, computed once here so that no two renderers can count differently.
 * It borrows from the analysis that made it (analysis_snapshot()) and lives as long as it.
 */
#ifndef LEASTPRIV_REPORT_H
#define LEASTPRIV_REPORT_H

#include <stdio.h>

#include "leastpriv/advise/advice.h"
#include "leastpriv/attrib/launch.h"
#include "leastpriv/base/diag.h"
#include "leastpriv/base/stable_id.h"
#include "leastpriv/dialect/spell.h"
#include "leastpriv/evidence/admin.h"
#include "leastpriv/evidence/evidence.h"
#include "leastpriv/ingest/correlate.h"
#include "leastpriv/ingest/lines.h"

struct input_status {
	char *path;
	int error;           /* 0, or the -errno that stopped its reading */
	const char *same_as; /* the earlier input that is the same file (not read again), or NULL */
};

/* The headline: the same in every output. */
struct report_counts {
	size_t containers;   /* containers seen (not the unattributed programs) */
	size_t unattributed; /* groups of processes not attributed to a container */
	size_t with_advice;  /* containers and programs with at least one advice */
	size_t advice;       /* pieces of advice, all severities */
	size_t admin;        /* admin-control findings */
	/* advice and admin-control findings together, by severity */
	size_t by_severity[SEVERITY_MAX];
};

/* A finding's place in a scheduled report's history (leastpriv report). */
enum finding_status { STATUS_NEW, STATUS_OPEN, STATUS_RESOLVED, STATUS_MAX };

struct history_entry {
	char id[65];
	char container[256];
	char title[512];
	char severity[16];
	enum finding_status status;
	int64_t first_seen; /* seconds since the epoch of the run that first saw it */
	int64_t runs;       /* runs that saw it */
	/* accepted by a waiver until waived_until (seconds), for waiver_reason; never fails */
	bool waived;
	int64_t waived_until;
	char waiver_reason[256];
};

/* One report of the history: how many findings were open after it. */
struct trend_point {
	int64_t run, at;
	size_t open;
};

/* How a scheduled report compares with the last one; absent from other runs. */
struct report_history {
	int64_t run, previous; /* this run's number, and the last one's (0: the first run) */
	int64_t at;            /* when it ran */
	const char *host;
	const struct history_entry *entries; /* new, then open, then resolved */
	size_t n_entries;
	size_t by_status[STATUS_MAX];
	const struct trend_point *trend; /* the last reports, oldest first */
	size_t n_trend;
	size_t waived;               /* of the findings, those a waiver accepts */
	size_t expired;              /* waivers past their date, which accept nothing any more */
	size_t checkpointed_records; /* records the last reports had read, skipped */
	const char *gap; /* the log no longer reaches back to the last report: said; or NULL */
};

/* "new", "open", "resolved". */
const char *finding_status_name(enum finding_status s);

/* The stretch of the log a run covers. */
struct report_window {
	bool has_since, has_until;
	int64_t since, until;     /* --since and --until, seconds since the epoch */
	bool from_checkpoint;     /* leastpriv report: from where the last report stopped */
	struct stamp first, last; /* the earliest and latest record read (sec 0: none) */
};

struct report {
	enum target target; /* the dialect fixes are spelled in */
	struct report_window window;
	bool target_given; /* by --target: else a container's own evidence may choose it */
	const struct input_status *inputs;
	size_t n_inputs;
	size_t failed_inputs;
	const struct line_stats *lines;
	const struct correlate_stats *events;
	size_t parsed_events;    /* events given to libauparse */
	size_t filtered_records; /* records outside --since/--until/--node */
	const struct evidence_stats *evidence;
	const struct container *overflow; /* what was counted past the bound of containers */
	/* the containers, their advice built one at a time: report_container() */
	struct advice_set *advice;
	size_t n_containers;
	const struct admin *admin;
	const struct launches *launches; /* the containers and run commands the log saw start */
	const struct claims *claims;
	const struct diag *diag;
	struct report_counts counts;
	const struct report_history *history; /* set by leastpriv report; NULL otherwise */
};

/* The severity of each kind of admin-control finding. */
#define REPORT_SOCKET_SEVERITY SEVERITY_CRITICAL
#define REPORT_RUNS_SEVERITY   SEVERITY_HIGH
#define REPORT_GROUP_SEVERITY  SEVERITY_HIGH

/* Fill r->counts from the rest of @r. */
void report_count(struct report *r);
/*
 * The @i-th container's advice, built when asked for: valid until the next call (hold an
 * index, not the pointer, across calls).
 */
const struct container_advice *report_container(const struct report *r, size_t i);
/* The @i-th container itself, without building its advice. */
const struct container *report_subject(const struct report *r, size_t i);

/*
 * One admin-control finding, described once for every renderer and the history: a container
 * holding the engine socket, a login's risky runs, the docker group's members.  Its strings
 * hold log text unescaped, as every report string does.
 */
struct admin_finding {
	char id[STABLE_ID_HEX + 1]; /* stable, from its kind and what it is about */
	enum severity severity;
	const char *kind;    /* "engine_socket_mount", "risky_runs", "docker_group" */
	char *subject;       /* the container, the login, or the group file */
	char *title;         /* what to do */
	char *what;          /* what the evidence shows, and why it matters */
	const char *example; /* risky_runs: the riskiest command, shell-quoted; else NULL */
};

/* The @i-th admin finding of @r, i < r->counts.admin (free with admin_finding_done()). */
void report_admin_finding(const struct report *r, size_t i, struct admin_finding *ret);
void admin_finding_done(struct admin_finding *af);

#endif
