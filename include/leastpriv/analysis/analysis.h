/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analysis: one run of the pipeline, and the only place its stages meet.  It owns every
 * stage's state for the run and the one loop that takes each record through them in order:
 *
 *   text -> lines (ingest/lines) -> records -> selected (--since, --until, --node)
 *        -> correlated into events (ingest/correlate, ingest/interest)
 *        -> parsed (ingest/event) -> owned (attrib/owner) -> folded (evidence/evidence, admin)
 *
 * and, on a snapshot, evidence -> advice (advise/recommend) -> the report (analysis/report).
 *
 * Its caller opens it, feeds it text (a block at a time, from files or from auditd), takes a
 * snapshot and closes it.  Nothing here writes output: the renderers read the report.
 */
#ifndef LEASTPRIV_ANALYSIS_H
#define LEASTPRIV_ANALYSIS_H

#include "leastpriv/evidence/admin.h"
#include "leastpriv/attrib/attribution.h"
#include "leastpriv/ingest/correlate.h"
#include "leastpriv/base/diag.h"
#include "leastpriv/ingest/event.h"
#include "leastpriv/ingest/event_memo.h"
#include "leastpriv/evidence/evidence.h"
#include "leastpriv/ingest/lines.h"
#include "leastpriv/advise/recommend.h"
#include "leastpriv/analysis/checkpoint.h"
#include "leastpriv/analysis/report.h"
#include "leastpriv/base/strpool.h"

/* What a run is asked to do; strings are borrowed for the whole run. */
struct analysis_options {
	const char *const *inputs; /* files or log directories; none: the host's own log */
	size_t n_inputs;
	const char *auditd_conf; /* where the host's log is configured (NULL: the default) */
	int64_t eoe_timeout_ms;  /* how long an event without an end record stays open */
	bool has_since, has_until;
	int64_t since, until;     /* seconds since the epoch, inclusive */
	const char *const *nodes; /* only records of these nodes; NULL-terminated, or NULL */
	size_t n_nodes;
	const char *const *inspect; /* engine inspect files or directories */
	size_t n_inspect;
	const char *inspect_text; /* inspect JSON in memory (an engine's answer), or NULL */
	size_t inspect_text_len;
	const char *inspect_text_source; /* its name in messages */
	bool live;                       /* ask /proc and the engine about running processes */
	const char *engine_socket;       /* the engine API's socket for live (NULL: the default) */
	const char *group_file; /* the docker group's members (NULL: /etc/group for the host's
				   own log, none otherwise) */
	const char *const *containers; /* only these (name, id prefix or label); NULL-terminated */
	size_t n_containers;
	const char *seccomp_dir; /* where seccomp profiles will be written, or NULL */
	enum target target;      /* the dialect fixes are written in */
	bool target_given;       /* --target was given */
	/* A report's checkpoint: records at or before its node's mark are skipped (NULL: none). */
	struct checkpoint *after;
};

/* Why a run could not start. */
enum analysis_failure {
	ANALYSIS_STARTED,     /* it did not fail */
	ANALYSIS_NO_PARSER,   /* libauparse cannot be set up */
	ANALYSIS_BAD_INSPECT, /* an inspect file cannot be read or is not inspect output */
	ANALYSIS_NO_ENGINE,   /* live: the engine did not answer */
	ANALYSIS_BAD_GROUP,   /* the group file named cannot be read */
	ANALYSIS_NO_HOST_LOG, /* no input named, and the host's log cannot be listed */
};

struct analysis {
	struct strpool pool;
	struct diag diag;
	struct claims claims; /* records that claimed what their sender could not */
	struct lines lines;
	struct correlator correlator;
	/* the correlator's nodes, interned on the thread that groups records (reader.h) */
	struct strpool node_pool;
	const char *grouped_node, *node; /* the last event's node there, and here */
	struct event_parser parser;
	struct event_memo memo; /* events already parsed, for their repeats */
	bool reader_thread;     /* files are read on a second thread (reader.h) */
	struct attribution attribution;
	struct event_owners owners; /* of the event being folded */
	struct evidence evidence;
	struct inspect_set inspect;
	struct admin admin;
	struct admin admin_view;  /* with --container: only those containers' socket mounts */
	struct advice_set advice; /* of the last snapshot */
	struct report report;     /* the last snapshot */
	struct input_status *inputs;
	size_t n_inputs;
	size_t failed_inputs;
	size_t parsed_events;        /* events given to libauparse */
	size_t filtered_records;     /* records outside --since/--until/--node */
	size_t checkpointed_records; /* records a report read before (at or before its mark) */
	struct checkpoint seen;      /* the last record read per node: the next mark */
	struct stamp first_read, last_read; /* the earliest and latest record time read */
	const struct analysis_options *opt; /* borrowed for the run */
};

/*
 * Start a run of @opt (borrowed until analysis_close()): load inspect data, ask the engine when
 * live, read the group file, list the inputs.  On failure *ret_detail says what failed (free
 * it); analysis_close() is needed either way.
 */
enum analysis_failure analysis_open(struct analysis *a, const struct analysis_options *opt,
				    char **ret_detail);
/* A new input named @name begins; what is fed next is its text. */
void analysis_begin_input(struct analysis *a, const char *name);
/* The next @len bytes of the input's text, cut anywhere; every record in them is folded. */
void analysis_feed(struct analysis *a, const char *buf, size_t len);
/* The input ended (a last line without a newline still counts). */
void analysis_end_input(struct analysis *a);
/*
 * Read the inputs listed by analysis_open() (each file once, however often it is named); an
 * input that cannot be read is marked in a->inputs and counted in a->failed_inputs.
 */
void analysis_read_inputs(struct analysis *a);
/*
 * The stream paused: finish the events still open (an auditd stream delivers each event
 * whole, so one open for a while is complete) and fold them.
 */
void analysis_settle(struct analysis *a);
/*
 * What the evidence so far says: the events still open are finished, the findings sorted and
 * advised on.  The report is valid until the next snapshot or analysis_close().  May be taken
 * again after more input.
 */
const struct report *analysis_snapshot(struct analysis *a);
void analysis_close(struct analysis *a);

/*
 * analysis_open(), analysis_read_inputs() and analysis_snapshot() in one; the report in
 * *ret_report when the run started.
 */
enum analysis_failure analysis_run(struct analysis *a, const struct analysis_options *opt,
				   const struct report **ret_report, char **ret_detail);

#endif
