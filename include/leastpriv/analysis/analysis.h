/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analysis pipeline: source -> correlate -> event -> attribution/evidence -> recommend.  It
 * owns every stage's state for one run; the renderers read it.
 */
#ifndef LEASTPRIV_PIPELINE_H
#define LEASTPRIV_PIPELINE_H

#include "leastpriv/evidence/admin.h"
#include "leastpriv/attrib/attribution.h"
#include "leastpriv/cmd/cli.h"
#include "leastpriv/ingest/correlate.h"
#include "leastpriv/base/diag.h"
#include "leastpriv/ingest/event.h"
#include "leastpriv/evidence/evidence.h"
#include "leastpriv/advise/recommend.h"
#include "leastpriv/ingest/source.h"
#include "leastpriv/base/strpool.h"

struct input_status {
	char *path;
	int error;           /* 0, or the -errno that stopped its reading */
	const char *same_as; /* the earlier input that is the same file (not read again), or NULL */
};

struct analysis {
	struct strpool pool;
	struct diag diag;
	struct claims claims; /* records that claimed what their sender could not */
	struct source source;
	struct correlator correlator;
	struct event_parser parser;
	struct attribution attribution;
	struct event_owners owners; /* of the event being folded */
	struct evidence evidence;
	struct inspect_set inspect;
	struct admin admin;
	struct report report;
	struct input_status *inputs;
	size_t n_inputs;
	size_t failed_inputs;
	size_t parsed_events;     /* events given to libauparse */
	size_t filtered_records;  /* records outside --since/--until/--node */
	const struct config *cfg; /* borrowed for the run */
};

/*
 * Run the whole analysis of the inputs in @cfg into @a.  Returns 0 when the pipeline ran (inputs
 * that could not be read are listed in a->inputs), or -errno when it could not start (libauparse
 * unavailable, or no input at all: -ENOENT with the path in *ret_missing, free it; an inspect
 * file that cannot be read: the message in *ret_missing).
 */
int analysis_run(struct analysis *a, const struct config *cfg, char **ret_missing);
void analysis_done(struct analysis *a);

/* The exit status the run deserves (see cli_usage()). */
int analysis_exit_status(const struct analysis *a);

enum exit_status {
	EXIT_CLEAN = 0,
	EXIT_ADVICE = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT_ERROR = 3,
	EXIT_PARTIAL_INPUT = 4,
};

#endif
