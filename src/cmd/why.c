/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `leastpriv why NAME|ID`: one container, running or exited: its record from the engine gives
 * the window of its last run and how it ended; the system's audit log (or --log) for that
 * window gives what it was refused; the report says what failed and the fix, or, when it
 * failed and nothing was refused, that the evidence is missing and why.
 */
#include <errno.h>
#include <stdio.h>

#include "leastpriv/attrib/engine_record.h"
#include "leastpriv/cmd/evidence_args.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/base/util.h"

#define NO_EVIDENCE_TEXT                                                                           \
	"The audit log holds no refusal of it in that window, so the evidence is missing, "        \
	"not the need. Failures audit cannot see: a netlink request refused for want of "          \
	"NET_ADMIN (ip link add, ip route), a capability checked without a failing syscall, "      \
	"a file that root could not open without DAC_OVERRIDE or FOWNER, a write to a "            \
	"read-only volume (EROFS), a program that exits on its own error. Load the rules "         \
	"(leastpriv rules > /etc/audit/rules.d/99-leastpriv.rules && augenrules --load), "         \
	"run it again with --cap-drop=ALL, and ask again; its own log (podman logs NAME) says "    \
	"which of these it was."

static const struct option_spec options[] = {
	OPT_LOG, OPT_FORMAT, OPT_QUIET, OPT_TARGET, OPT_AUDITD_CONF, OPT_EOE_TIMEOUT, { 0 },
};

/* The container the report holds for @name, or NULL. */
static const struct container_advice *
find_container(const struct report *r, const char *name)
{
	for (size_t i = 0; i < r->n_containers; i++)
		if (container_is_named(report_subject(r, i), name, false))
			return report_container(r, i);
	return NULL;
}

/* How its last run went, in words: "exited with status 1 at ..." */
static void
describe_run(const struct inspect_container *c, struct strbuf *sb)
{
	char when[TIMEFMT_MAX];

	if (c->running) {
		strbuf_addstr(sb, "is running");
		return;
	}
	if (c->finished >= 0) {
		timefmt_local(when, sizeof(when), c->finished);
		strbuf_addf(sb, "exited with status %lld at %s", c->exit_code, when);
	} else {
		strbuf_addf(sb, "exited with status %lld", c->exit_code);
	}
}

static enum outcome
run(void *state, int argc, char **argv, bool after_dashdash)
{
	struct evidence_args *ea = state;
	const struct renderer *renderer = renderer_named(ea->format);
	const struct inspect_container *record = NULL;
	const struct container_advice *ca;
	const struct report *report;
	const char *engine = NULL, *containers[2] = { NULL, NULL };
	struct strbuf json, err;
	struct analysis a;
	char *detail = NULL, *name;
	enum outcome outcome;
	int r;

	(void)after_dashdash;
	if (argc != 1) {
		fprintf(stderr, "leastpriv: why: name one container (see leastpriv why --help)\n");
		return OUTCOME_USAGE;
	}
	name = escape_display_dup(argv[0]);
	strbuf_init(&json);
	strbuf_init(&err);
	r = engine_record_fetch(argv[0], &json, &engine, &err);
	if (r == 0) {
		ea->opt.inspect_text = json.buf;
		ea->opt.inspect_text_len = json.len;
		ea->opt.inspect_text_source = engine;
	} else if (r == -ENOENT) {
		fprintf(stderr,
			"leastpriv: why: no engine on this host knows %s: the log alone "
			"tells about it\n",
			name);
	} else {
		char *m = escape_display_dup(err.buf);

		fprintf(stderr, "leastpriv: why: %s\n", m);
		free(m);
	}
	containers[0] = argv[0];
	ea->opt.containers = containers;
	ea->opt.n_containers = 1;
	if (analysis_open(&a, &ea->opt, &detail) != ANALYSIS_STARTED) {
		char *m = escape_display_dup(detail);

		fprintf(stderr, "leastpriv: %s\n", m);
		free(m);
		free(detail);
		analysis_close(&a);
		strbuf_done(&json);
		strbuf_done(&err);
		free(name);
		return OUTCOME_INPUT_ERROR;
	}
	/* The window of its last run, from the engine's record. */
	record = a.inspect.n ? &a.inspect.containers[0] : NULL;
	if (record && record->started >= 0) {
		ea->opt.has_since = true;
		ea->opt.since = record->started - 1;
		if (!record->running && record->finished >= record->started) {
			ea->opt.has_until = true;
			ea->opt.until = record->finished + 2;
		}
	}
	analysis_read_inputs(&a);
	report = analysis_snapshot(&a);
	evidence_tell_inputs(&a, "leastpriv: ");
	if (!ea->quiet)
		evidence_tell_problems(&a);
	ca = find_container(report, argv[0]);
	/* The run read, before the report of it (text only: JSON is the report alone). */
	if (record && !streq(ea->format, "json")) {
		struct strbuf sb;
		char when[TIMEFMT_MAX];

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s (%s): ", name, engine);
		if (record->started >= 0) {
			timefmt_local(when, sizeof(when), record->started);
			strbuf_addf(&sb, "last run started at %s, ", when);
		}
		describe_run(record, &sb);
		strbuf_addstr(&sb, record->started >= 0 ? "; the log is read for that run only."
							: "; the whole log is read.");
		escape_display_line(&sb);
		printf("%s\n\n", sb.buf);
		strbuf_done(&sb);
	}
	r = renderer->render(report, stdout);
	if (ca && ca->n_items)
		outcome = OUTCOME_ADVICE;
	else if (record && !record->running && record->exit_code != 0) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s ", name);
		describe_run(record, &sb);
		strbuf_addstr(&sb, ". " NO_EVIDENCE_TEXT);
		escape_display_line(&sb);
		fprintf(streq(ea->format, "json") ? stderr : stdout, "\n%s\n", sb.buf);
		strbuf_done(&sb);
		outcome = OUTCOME_NO_EVIDENCE;
	} else if (!ca && !record) {
		fprintf(stderr, "leastpriv: why: neither an engine nor the log knows %s\n", name);
		outcome = OUTCOME_USAGE;
	} else {
		outcome = report->failed_inputs ? OUTCOME_INPUT_ERROR : OUTCOME_CLEAN;
	}
	if (r < 0)
		outcome = OUTCOME_INPUT_ERROR;
	analysis_close(&a);
	strbuf_done(&json);
	strbuf_done(&err);
	free(name);
	return outcome;
}

const struct command command_why = {
	.name = "why",
	.brief = "why one container failed, running or exited, and the fix",
	.usage = "why [OPTION]... NAME|ID",
	.summary = "Explain what one container was refused in its last run and the fix: its\n"
		   "record from podman or docker gives the run's window and how it ended, the\n"
		   "system's audit log (or --log) the refusals.",
	.details = "When the container failed and the log holds no refusal, it says that the\n"
		   "evidence is missing, which failures audit cannot see, and what to do\n"
		   "(exit status 5), never that nothing is needed.\n",
	.options = options,
	.on_option = evidence_args_on_option,
	.run = run,
	.state_new = evidence_args_new,
	.state_free = evidence_args_free,
};
