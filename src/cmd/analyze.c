/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `leastpriv analyze`: audit logs in, one report out. */
#include <errno.h>
#include <stdio.h>

#include "leastpriv/cmd/evidence_args.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

static const struct option_spec options[] = {
	OPT_FORMAT,      OPT_QUIET,        OPT_TARGET,      OPT_INSPECT,
	OPT_SINCE,       OPT_UNTIL,        OPT_NODE,        OPT_CONTAINER,
	OPT_SECCOMP_DIR, OPT_SECCOMP_BASE, OPT_LIVE,        OPT_ENGINE_SOCKET,
	OPT_GROUP_FILE,  OPT_EOE_TIMEOUT,  OPT_AUDITD_CONF, { 0 },
};

/* What the report deserves: an unreadable input first, then malformed input, then advice. */
static enum outcome
outcome_of(const struct report *r)
{
	if (r->failed_inputs)
		return OUTCOME_INPUT_ERROR;
	if (diag_total(r->diag))
		return OUTCOME_PARTIAL_INPUT;
	if (r->counts.advice || r->counts.admin)
		return OUTCOME_ADVICE;
	/* A container that exited with an error and was refused nothing: no evidence, not fine. */
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct inspect_container *info = report_subject(r, i)->info;

		if (info && !info->running && info->exit_code != 0 &&
		    !report_container(r, i)->n_items)
			return OUTCOME_NO_EVIDENCE;
	}
	return OUTCOME_CLEAN;
}

/* A --container that names no container of the log is a mistake to say, not an empty report. */
static bool
tell_unmatched(const struct evidence_args *ea, const struct report *r)
{
	bool any = false;

	for (size_t i = 0; i < ea->opt.n_containers; i++) {
		bool found = false;
		char *name;

		for (size_t j = 0; j < r->n_containers && !found; j++)
			found = container_is_named(report_subject(r, j), ea->opt.containers[i],
						   false);
		if (found)
			continue;
		name = escape_display_dup(ea->opt.containers[i]);
		fprintf(stderr,
			"leastpriv: --container %s: no container of the log is named so (a name, "
			"an id prefix of 4 or more characters, an SELinux label or MCS level)\n",
			name);
		free(name);
		any = true;
	}
	return any;
}

static enum outcome
run(void *state, int argc, char **argv, bool after_dashdash)
{
	struct evidence_args *ea = state;
	const struct renderer *renderer = renderer_named(ea->format);
	const struct report *report;
	struct analysis a;
	char *detail = NULL;
	enum outcome outcome;
	bool write_failed = false, unmatched;
	int r;

	(void)after_dashdash;
	if (evidence_args_check(ea) < 0)
		return OUTCOME_USAGE;
	for (int i = 0; i < argc; i++)
		evidence_args_on_option(ea, EO_LOG, argv[i], NULL);
	if (analysis_run(&a, &ea->opt, &report, &detail) != ANALYSIS_STARTED) {
		char *m = escape_display_dup(detail);

		fprintf(stderr, "leastpriv: %s\n", m);
		free(m);
		free(detail);
		analysis_close(&a);
		return OUTCOME_INPUT_ERROR;
	}
	evidence_tell_inputs(&a, "leastpriv: ");
	unmatched = tell_unmatched(ea, report);
	if (!ea->quiet)
		evidence_tell_problems(&a);
	if (ea->opt.seccomp_dir && evidence_write_seccomp_profiles(report, ea->seccomp_base) < 0)
		write_failed = true;
	r = renderer->render(report, stdout);
	outcome = write_failed ? OUTCOME_INPUT_ERROR
		  : unmatched  ? OUTCOME_USAGE
			       : outcome_of(report);
	if (r < 0) {
		fprintf(stderr, "leastpriv: writing the report: %s\n", strerror(-r));
		outcome = OUTCOME_INPUT_ERROR;
	}
	analysis_close(&a);
	return outcome;
}

const struct command command_analyze = {
	.name = "analyze",
	.brief = "what each container was denied, and the smallest fix",
	.usage = "analyze [OPTION]... [FILE|DIR|-]...",
	.summary = "Read audit logs and tell, per container, what was denied and the smallest\n"
		   "change that fixes it.",
	.details = "With no FILE, read the system's audit log and its rotations, oldest first\n"
		   "(log_file of /etc/audit/auditd.conf). A DIR is read the same way; - is stdin.\n"
		   "Plain and gzip-compressed logs, raw and enriched formats are accepted.\n",
	.options = options,
	.on_option = evidence_args_on_option,
	.run = run,
	.state_new = evidence_args_new,
	.state_free = evidence_args_free,
};
