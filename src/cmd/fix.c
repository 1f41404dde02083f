/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `leastpriv fix`: the evidence of the logs applied to one run command or workload file. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "leastpriv/attrib/engine_record.h"
#include "leastpriv/cmd/evidence_args.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/fix/fix.h"
#include "leastpriv/fix/manifest.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

#define NO_EVIDENCE                                                                                \
	"No evidence for this container in the logs read, so the command above is not the fix "    \
	"but the run that collects it: every capability dropped, so that whatever it needs "       \
	"fails once and is recorded. Load the audit rules first (leastpriv rules > "               \
	"/etc/audit/rules.d/99-leastpriv.rules && augenrules --load; on SELinux hosts also "       \
	"give that run a permissive SELinux type of its own, never container_t: udica's type, "    \
	"semanage permissive -a NAME.process, undone with -d), run it, then run "                  \
	"leastpriv fix again (it reads the system's log, or the --log given)."
#define NO_COMMAND                                                                                 \
	"leastpriv: fix: %s: no file of that name, and the log holds no run command of a "         \
	"container so named (load the rules of leastpriv rules and run it again, or give its "     \
	"command after --)"
#define CAPS_UNKNOWN                                                                               \
	"The evidence shows no capability it needs: it ran with every capability, so none was "    \
	"ever refused. The command above drops them all, which makes it the run that finds "       \
	"out: with the rules of leastpriv rules loaded, run it, then run leastpriv fix again "     \
	"with the new log."
#define DEFAULTS_KEPT                                                                              \
	"The evidence comes from a run with the engine's default capabilities: it shows what "     \
	"that set lacked, not which of it the container uses, so the defaults stay. To drop "      \
	"the ones it does not use, run it once with --cap-drop=ALL and the capabilities added "    \
	"above, with the rules of leastpriv rules loaded, then run leastpriv fix again."
#define NOTHING_REFUSED                                                                            \
	"Nothing was refused to this container in the logs read, and it runs with only the "       \
	"capabilities given above: that is all it asked for. If it still fails, the cause is one " \
	"audit does not record (leastpriv why NAME says what to look at)."
#define REBUILT                                                                                    \
	"the engine keeps no run command of this container: the one below is rebuilt from its "    \
	"record (inspect), with what that keeps; labels, and options it does not record, are "     \
	"not in it"
#define UNNAMED_IN_HOSTS_LOG                                                                       \
	"the system's log holds every container of this host, and the command names none of "      \
	"them: give it its --name (or --container NAME), or name a log with --log"
#define NO_UNIT_EVIDENCE                                                                           \
	"no evidence in the logs read for any container of %s: nothing changed (run it once "      \
	"with the capabilities dropped and the rules of leastpriv rules loaded, then run "         \
	"leastpriv fix again)"

static const struct option_spec options[] = {
	OPT_LOG,          OPT_INSPECT,       OPT_CONTAINER, OPT_FORMAT,      OPT_SECCOMP_DIR,
	OPT_SECCOMP_BASE, OPT_SINCE,         OPT_UNTIL,     OPT_NODE,        OPT_EOE_TIMEOUT,
	OPT_LIVE,         OPT_ENGINE_SOCKET, OPT_QUIET,     OPT_AUDITD_CONF, { 0 },
};

/*
 * The analysis of the --log files, or of the host's log; on failure say why, close it and
 * return NULL, with *ret_no_host_log when the host has no log to read.
 */
static const struct report *
analyse(struct analysis *a, struct evidence_args *ea, bool *ret_no_host_log)
{
	const struct report *r;
	enum analysis_failure failure;
	char *detail = NULL;

	failure = analysis_run(a, &ea->opt, &r, &detail);
	*ret_no_host_log = failure == ANALYSIS_NO_HOST_LOG;
	if (failure != ANALYSIS_STARTED) {
		char *m = escape_display_dup(detail);

		fprintf(stderr, "leastpriv: fix: %s%s\n", m,
			*ret_no_host_log ? "; without evidence the command below is the run that "
					   "collects it"
					 : "");
		free(m);
		free(detail);
		analysis_close(a);
		return NULL;
	}
	evidence_tell_inputs(a, "leastpriv: ");
	return r;
}

struct unit_plans {
	const struct report *r; /* NULL: no evidence */
	const char *want;       /* --container, or NULL */
	bool single_unit;       /* the file holds one container (Quadlet) */
	bool hosts_log;         /* the evidence is the host's whole log */
	const char *caps[65];
	char *seccomp_paths[64];
	size_t n_seccomp;
};

static bool
plan_for_unit(const char *unit, bool grants_all, struct fix_plan *plan, void *data)
{
	struct unit_plans *m = data;
	const struct container_advice *found =
		m->r ? fix_pick_unit(m->r, unit, m->want, m->single_unit, m->hosts_log) : NULL;
	char *seccomp = NULL;

	if (!found)
		return false;
	fix_plan_from(found, grants_all, false, m->caps, &seccomp, plan);
	if (seccomp && m->n_seccomp < ARRAY_SIZE(m->seccomp_paths))
		m->seccomp_paths[m->n_seccomp++] = seccomp;
	else
		free(seccomp);
	return true;
}

/* leastpriv fix FILE: a compose file, Kubernetes manifest or Quadlet unit. */
static enum outcome
fix_file(const char *path, const struct report *report, const char *want, bool hosts_log)
{
	struct unit_plans m = { .r = report, .want = want, .hosts_log = hosts_log };
	enum manifest_kind kind;
	struct strbuf err, text;
	enum outcome outcome;
	int r;

	strbuf_init(&err);
	strbuf_init(&text);
	r = manifest_detect(path, &kind, &err);
	m.single_unit = kind == MANIFEST_QUADLET;
	if (r >= 0)
		r = manifest_fix(path, kind, plan_for_unit, &m, &text, &err);
	if (r >= 0 && render_fix_file(stdout, &text) < 0) {
		strbuf_addstr(&err, "writing the result: Input/output error");
		r = -EIO;
	}
	if (r < 0) {
		char *msg = escape_display_dup(err.buf);

		fprintf(stderr, "leastpriv: fix: %s\n", msg);
		free(msg);
	} else if (r == 0) {
		char *p = escape_display_dup(path);

		fprintf(stderr, "leastpriv: fix: " NO_UNIT_EVIDENCE "\n", p);
		free(p);
	}
	for (size_t i = 0; i < m.n_seccomp; i++)
		free(m.seccomp_paths[i]);
	strbuf_done(&err);
	strbuf_done(&text);
	outcome = r < 0   ? (r == -EINVAL || r == -EBADMSG ? OUTCOME_USAGE : OUTCOME_INPUT_ERROR)
		  : r > 0 ? OUTCOME_ADVICE
			  : OUTCOME_CLEAN;
	return outcome;
}

/*
 * Whether the evidence of @ca was gathered while the container held capabilities it may use
 * unseen: by its inspect data (EffectiveCaps), else by the run command the log recorded for
 * it, else by the command given.
 */
static bool
gathered_under_defaults(const struct report *r, const struct container_advice *ca,
			const struct run_command *given)
{
	const struct inspect_container *info = ca ? ca->container->info : NULL;
	char *const *logged = NULL;
	struct run_command rc;
	struct strbuf err;
	bool defaults;
	int n = 0;

	if (info && !streq(info->source_file, LAUNCH_SOURCE))
		return info->effective_caps && info->effective_caps[0];
	if (r && info && *info->name)
		logged = launches_command_of(r->launches, ca->container->info->name);
	if (!logged)
		return fix_keeps_default_caps(given);
	while (logged[n])
		n++;
	strbuf_init(&err);
	if (run_command_parse(n, logged, RUN_PARSE_LENIENT, &rc, &err) < 0) {
		defaults = fix_keeps_default_caps(given);
	} else {
		defaults = fix_keeps_default_caps(&rc);
		run_command_done(&rc);
	}
	strbuf_done(&err);
	return defaults;
}

/*
 * Whether the advice of @ca holds a capability set from evidence: a privileged container's
 * advice alone says nothing of what it needs, so its rewrite is the run that collects it.
 */
static bool
has_cap_evidence(const struct container_advice *ca)
{
	for (size_t i = 0; ca && i < ca->n_items; i++)
		if (advice_find_op(ca->items[i], FIXOP_CAP_SET))
			return true;
	return false;
}

/* The command's --name, or NULL. */
static const char *
command_name_of(const struct run_command *rc)
{
	for (size_t i = 0; i < rc->n_opts; i++)
		if (streq(rc->opts[i].name, "--name") && rc->opts[i].value)
			return rc->opts[i].value;
	return NULL;
}

/* Whether inspect data @c is of the container @name (its name, or an id prefix). */
static bool
container_named_by_record(const struct inspect_container *c, const char *name)
{
	return owner_name_matches("", NULL, c, name, false);
}

/*
 * Writes refused by a read-only file system where the mounts were not known: the command
 * itself tells which (a -v ...:ro that holds the path, or --read-only).  The mount points
 * found are kept in @kept (free each).
 */
static void
writable_from_command(const struct container_advice *ca, const struct run_command *rc,
		      struct fix_plan *plan, char *(*kept)[16])
{
	size_t n_kept = 0;

	for (size_t i = 0; ca && i < ca->n_items; i++) {
		const struct advice *adv = ca->items[i];
		const struct finding *f = adv->n_findings ? adv->findings[0] : NULL;
		bool ro;
		char *dst;

		if (adv->kind != ADVICE_READONLY || adv->n_steps == 1 || !f || !f->object_is_path)
			continue;
		dst = run_command_volume_of(rc, f->object, &ro);
		if (dst && ro && plan->n_writable < ARRAY_SIZE(plan->writable) && n_kept < 16) {
			plan->writable[plan->n_writable++] = dst;
			(*kept)[n_kept++] = dst;
		} else {
			free(dst);
			if (!dst && run_command_read_only(rc) &&
			    plan->n_tmpfs < ARRAY_SIZE(plan->tmpfs))
				plan->tmpfs[plan->n_tmpfs++] =
					advice_find_op(adv, FIXOP_TMPFS)->target;
		}
	}
}

/* leastpriv fix -- COMMAND: the run command rewritten. */
static enum outcome
fix_command(struct evidence_args *ea, int argc, char **argv, const struct report *report,
	    const char *want)
{
	const struct container_advice *ca = NULL;
	struct run_command rc;
	struct fix_change *changes;
	struct fix_plan plan;
	struct strbuf err;
	const char *caps[65], *note = NULL;
	char *mount_points[16] = { 0 };
	char **out_argv, *seccomp_path;
	enum outcome outcome = OUTCOME_CLEAN;
	size_t n;
	int r;

	strbuf_init(&err);
	if (run_command_parse(argc, argv, 0, &rc, &err) < 0) {
		fprintf(stderr, "leastpriv: fix: %s\n", err.buf);
		strbuf_done(&err);
		return OUTCOME_USAGE;
	}
	if (report && !want && !command_name_of(&rc) && !ea->opt.n_inputs) {
		fprintf(stderr, "leastpriv: fix: " UNNAMED_IN_HOSTS_LOG "\n");
	} else if (report) {
		ca = fix_pick(report, &rc, want, !ea->opt.n_inputs, &err);
		if (ca && err.len)
			fprintf(stderr, "leastpriv: fix: %s\n", err.buf);
		if (ca && !want && command_name_of(&rc) &&
		    !container_is_named(ca->container, command_name_of(&rc), false)) {
			char *want_name = escape_display_dup(command_name_of(&rc)),
			     *l = escape_display_dup(ca->container->label);

			fprintf(stderr,
				"leastpriv: fix: no container of the log is named %s; the evidence "
				"of %s stands for it\n",
				want_name, l);
			free(want_name);
			free(l);
		}
		if (!ca && err.len) {
			fprintf(stderr, "leastpriv: fix: %s\n", err.buf);
			run_command_done(&rc);
			strbuf_done(&err);
			return OUTCOME_USAGE;
		}
	}
	fix_plan_from(ca && ca->n_items ? ca : NULL, fix_grants_all(&rc),
		      gathered_under_defaults(report, ca, &rc), caps, &seccomp_path, &plan);
	writable_from_command(ca, &rc, &plan, &mount_points);
	if (run_command_fix_checked(&rc, &plan, &out_argv, &changes, &n, &err) < 0) {
		char *m = escape_display_dup(err.buf);

		fprintf(stderr,
			"leastpriv: fix: not printing the rewrite: %s (a bug in leastpriv: please "
			"report it with the command line)\n",
			m);
		free(m);
		free(seccomp_path);
		run_command_done(&rc);
		strbuf_done(&err);
		return OUTCOME_INPUT_ERROR;
	}
	if (ca && !ca->n_items && !fix_grants_all(&rc) && !fix_keeps_default_caps(&rc))
		note = NOTHING_REFUSED;
	else if (!(ca && ca->n_items))
		note = NO_EVIDENCE;
	else if (fix_grants_all(&rc) && !has_cap_evidence(ca))
		note = CAPS_UNKNOWN;
	else if (plan.caps_add_only)
		note = DEFAULTS_KEPT;
	r = render_fix_command(stdout, streq(ea->format, "json"), ca ? ca->container->label : NULL,
			       out_argv, changes, n, note);
	if (r < 0)
		outcome = OUTCOME_INPUT_ERROR;
	else if (n)
		outcome = OUTCOME_ADVICE;
	for (size_t i = 0; out_argv[i]; i++)
		free(out_argv[i]);
	free(out_argv);
	free(seccomp_path);
	fix_changes_free(changes, n);
	for (size_t i = 0; i < ARRAY_SIZE(mount_points) && mount_points[i]; i++)
		free(mount_points[i]);
	run_command_done(&rc);
	strbuf_done(&err);
	return outcome;
}

static enum outcome
run(void *state, int argc, char **argv, bool dashdash)
{
	struct evidence_args *ea = state;
	const struct report *report = NULL;
	struct analysis a;
	enum outcome outcome;
	bool write_failed, by_name, no_host_log;
	struct strbuf record, record_err;
	const char *engine = NULL;

	if (evidence_args_check(ea) < 0)
		return OUTCOME_USAGE;
	if (!dashdash && argc != 1) {
		fprintf(stderr, "leastpriv: fix: give the run command after --, as in: leastpriv "
				"fix --log audit.log -- podman run ...\n");
		return OUTCOME_USAGE;
	}
	if (dashdash && argc == 0) {
		fprintf(stderr, "leastpriv: fix: give the run command after --, as in: leastpriv "
				"fix --log audit.log -- podman run ...\n");
		return OUTCOME_USAGE;
	}
	/* A name, not a file: the container's own run command, from the log. */
	by_name = !dashdash && access(argv[0], F_OK) != 0;
	/*
	 * The evidence is the logs given, else the system's log (as analyze reads it); where the
	 * host has none, a command or file is rewritten into the run that collects it.
	 */
	strbuf_init(&record);
	strbuf_init(&record_err);
	/* The engine's record names the container even where the log does not. */
	if (by_name && engine_record_fetch(argv[0], &record, &engine, &record_err) == 0) {
		ea->opt.inspect_text = record.buf;
		ea->opt.inspect_text_len = record.len;
		ea->opt.inspect_text_source = engine;
	}
	report = analyse(&a, ea, &no_host_log);
	if (!report && (by_name || !no_host_log)) {
		strbuf_done(&record);
		strbuf_done(&record_err);
		return OUTCOME_INPUT_ERROR;
	}
	write_failed = report && ea->opt.seccomp_dir &&
		       evidence_write_seccomp_profiles(report, ea->seccomp_base) < 0;
	if (by_name) {
		char *const *words = launches_command_of(report->launches, argv[0]);
		int n = 0;

		/* Not in the log: the command podman recorded when it created the container. */
		for (size_t i = 0; !words && i < a.inspect.n; i++)
			if (container_named_by_record(&a.inspect.containers[i], argv[0]) &&
			    a.inspect.containers[i].create_command[0]) {
				words = a.inspect.containers[i].create_command;
				if (a.inspect.containers[i].command_rebuilt)
					fprintf(stderr, "leastpriv: fix: " REBUILT "\n");
			}
		while (words && words[n])
			n++;
		if (!words) {
			char *name = escape_display_dup(argv[0]);

			fprintf(stderr, NO_COMMAND "\n", name);
			free(name);
			outcome = OUTCOME_USAGE;
		} else {
			outcome = fix_command(ea, n, (char **)words, report, argv[0]);
		}
	} else if (dashdash) {
		outcome = fix_command(ea, argc, argv, report,
				      ea->opt.n_containers ? ea->opt.containers[0] : NULL);
	} else {
		outcome = fix_file(argv[0], report,
				   ea->opt.n_containers ? ea->opt.containers[0] : NULL,
				   !ea->opt.n_inputs);
	}
	/* The fix is printed, but what could not be read or written is said in the status. */
	if (outcome != OUTCOME_USAGE && (write_failed || (report && report->failed_inputs)))
		outcome = OUTCOME_INPUT_ERROR;
	if (report)
		analysis_close(&a);
	strbuf_done(&record);
	strbuf_done(&record_err);
	return outcome;
}

const struct command command_fix = {
	.name = "fix",
	.brief = "a run command, compose file, manifest or Quadlet unit, fixed",
	.usage = "fix [OPTION]... (NAME | -- COMMAND... | FILE)",
	.summary =
		"Rewrite a container's run command (the one the log recorded for container\n"
		"NAME), a docker/podman run COMMAND, a compose file, a Kubernetes manifest or a\n"
		"Quadlet unit from the evidence of the logs given, else of the system's audit\n"
		"log and its rotations.",
	.details =
		"The rewrite uses the capabilities the container used instead of --privileged or\n"
		"the default set, :Z/:z on the volumes that need it, no-new-privileges, the\n"
		"seccomp profile (--seccomp-dir), and removes an engine socket it reached for.\n"
		"A compose file or Kubernetes manifest comes out whole through libyaml\n"
		"(comments are not kept, notes come as comments); a Quadlet unit is rewritten\n"
		"line by line. Where there is no evidence for it the rewrite is the run that\n"
		"collects it. In the system's log, which holds every container of the host, only\n"
		"a container the command names (--name, or --container) stands for it.\n",
	.options = options,
	.on_option = evidence_args_on_option,
	.run = run,
	.state_new = evidence_args_new,
	.state_free = evidence_args_free,
};
