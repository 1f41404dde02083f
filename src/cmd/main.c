/* SPDX-License-Identifier: GPL-2.0-or-later */
/* leastpriv: argv -> config -> pipeline -> renderer; picks the exit status. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>

#include "config.h"
#include "leastpriv/cmd/cli.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/fix/fix.h"
#include "leastpriv/fix/manifest.h"
#include "leastpriv/analysis/analysis.h"
#include "leastpriv/render/render.h"
#include "leastpriv/cmd/rules.h"
#include "leastpriv/fix/seccomp_profile.h"
#include "leastpriv/ingest/source.h"

static void
print_problems(const struct analysis *a)
{
	size_t total = diag_total(&a->diag);

	for (size_t i = 0; i < a->diag.n_kept; i++) {
		const struct diag_message *m = &a->diag.kept[i];
		char *file = escape_display_dup(m->file), *text = escape_display_dup(m->text);

		fprintf(stderr, "leastpriv: %s:%lu: %s\n", file, m->line, text);
		free(file);
		free(text);
	}
	if (total > a->diag.n_kept)
		fprintf(stderr, "leastpriv: ... and %zu more problems in the input\n",
			total - a->diag.n_kept);
}

/* One profile per container with seccomp advice, in --seccomp-dir. */
static int
write_seccomp_profiles(const struct analysis *a, const struct config *cfg)
{
	int ret = 0;

	for (size_t i = 0; i < a->report.n_containers; i++) {
		const struct container_advice *ca = &a->report.containers[i];

		for (size_t j = 0; j < ca->n_items; j++) {
			const struct advice *adv = ca->items[j];
			const char **names;
			struct strbuf err;
			const char *path;
			int r;

			if (adv->kind != ADVICE_SECCOMP || !adv->profile_path)
				continue;
			names = xcalloc(adv->n_findings + 1, sizeof(*names));
			for (size_t k = 0; k < adv->n_findings; k++)
				names[k] = adv->findings[k]->object;
			path = adv->profile_path;
			strbuf_init(&err);
			r = seccomp_profile_write(cfg->seccomp_base, names, adv->n_findings, path,
						  &err);
			if (r < 0) {
				char *m = escape_display_dup(err.buf);

				fprintf(stderr, "leastpriv: --seccomp-dir: %s\n", m);
				free(m);
				ret = r;
			}
			strbuf_done(&err);
			free(names);
		}
	}
	return ret;
}

static const char NO_EVIDENCE[] =
	"No evidence for this container in the logs given, so the command above is not the fix "
	"but the run that collects it: every capability dropped, so that whatever it needs "
	"fails once and is recorded. Load the audit rules first (leastpriv rules > "
	"/etc/audit/rules.d/leastpriv.rules && augenrules --load; on SELinux hosts also "
	"semanage permissive -a container_t for that run, undone with -d), run it, then run "
	"leastpriv fix --log /var/log/audit/audit.log -- ... again.";

struct manifest_ctx {
	const struct analysis *a; /* NULL: no logs given */
	const struct config *cfg;
	const char *caps[65];
	char *seccomp_paths[64];
	size_t n_seccomp;
	bool single_unit; /* the file holds one container (Quadlet) */
};

/* Does container @ct stand for the unit @unit (compose's "proj-web-1" for "web")? */
static bool
unit_matches(const struct container *ct, const char *unit)
{
	const char *name = ct->info ? ct->info->name : ct->label;
	size_t ul = strlen(unit);
	const char *p = strstr(name, unit);

	if (streq(name, unit))
		return true;
	/* A word of the name: bounded by the start, the end, '-' or '_'. */
	return p && (p == name || p[-1] == '-' || p[-1] == '_') &&
	       (p[ul] == '\0' || p[ul] == '-' || p[ul] == '_');
}

static bool
manifest_plan(const char *unit, bool grants_all, struct fix_plan *plan, void *data)
{
	struct manifest_ctx *m = data;
	const struct container_advice *found = NULL;
	char *seccomp = NULL;

	for (size_t i = 0; m->a && i < m->a->report.n_containers; i++) {
		const struct container_advice *ca = &m->a->report.containers[i];

		if (ca->n_items &&
		    (m->cfg->n_containers ? unit_matches(ca->container, m->cfg->containers[0])
					  : unit_matches(ca->container, unit)))
			found = ca;
	}
	/* A Quadlet file is one container: the only one with advice, if there is one, is it. */
	if (!found && m->single_unit && m->a) {
		size_t with_advice = 0;

		for (size_t i = 0; i < m->a->report.n_containers; i++)
			if (m->a->report.containers[i].n_items) {
				found = &m->a->report.containers[i];
				with_advice++;
			}
		if (with_advice != 1)
			found = NULL;
	}
	if (!found)
		return false;
	fix_plan_from(found, grants_all, m->cfg->seccomp_dir, m->caps, &seccomp, plan);
	if (seccomp && m->n_seccomp < ARRAY_SIZE(m->seccomp_paths))
		m->seccomp_paths[m->n_seccomp++] = seccomp;
	else
		free(seccomp);
	return true;
}

/* leastpriv fix FILE: a compose file, Kubernetes manifest or Quadlet unit. */
static int
fix_manifest(const struct config *cfg, const struct analysis *a)
{
	struct manifest_ctx m = { .a = a, .cfg = cfg };
	enum manifest_kind kind;
	struct strbuf err;
	int r;

	strbuf_init(&err);
	r = manifest_detect(cfg->manifest, &kind, &err);
	m.single_unit = kind == MANIFEST_QUADLET;
	if (r >= 0)
		r = manifest_fix(cfg->manifest, kind, manifest_plan, &m, stdout, &err);
	if (r < 0) {
		char *msg = escape_display_dup(err.buf);

		fprintf(stderr, "leastpriv: fix: %s\n", msg);
		free(msg);
	} else if (r == 0) {
		fprintf(stderr,
			"leastpriv: fix: no evidence in the logs given for any container of "
			"%s: nothing changed (run it once with the capabilities dropped and "
			"the rules of leastpriv rules loaded, then again with --log)\n",
			cfg->manifest);
	}
	for (size_t i = 0; i < m.n_seccomp; i++)
		free(m.seccomp_paths[i]);
	strbuf_done(&err);
	return r < 0   ? (r == -EINVAL || r == -EBADMSG ? EXIT_USAGE : EXIT_INPUT_ERROR)
	       : r > 0 ? EXIT_ADVICE
		       : EXIT_CLEAN;
}

/* What the analysis is asked, from the command line. */
static void
options_of(const struct config *cfg, struct analysis_options *o)
{
	*o = (struct analysis_options){
		.inputs = cfg->inputs,
		.n_inputs = cfg->n_inputs,
		.auditd_conf = cfg->auditd_conf,
		.eoe_timeout_ms = cfg->eoe_timeout_ms,
		.has_since = cfg->has_since,
		.has_until = cfg->has_until,
		.since = cfg->since,
		.until = cfg->until,
		.nodes = cfg->nodes,
		.n_nodes = cfg->n_nodes,
		.inspect = cfg->inspect,
		.n_inspect = cfg->n_inspect,
		.live = cfg->live,
		.engine_socket = cfg->engine_socket,
		.group_file = cfg->group_file,
		.containers = cfg->containers,
		.n_containers = cfg->n_containers,
		.seccomp_dir = cfg->seccomp_dir,
		.target = (enum target)cfg->target,
	};
}

/* Analyse the --log files for fix; on failure say why and leave @a freed. */
static int
fix_analyse(struct analysis *a, const struct config *cfg, struct analysis_options *opt)
{
	char *detail = NULL;

	options_of(cfg, opt);
	if (analysis_run(a, opt, &detail) != ANALYSIS_STARTED) {
		char *m = escape_display_dup(detail);

		fprintf(stderr, "leastpriv: fix: %s\n", m);
		free(m);
		free(detail);
		analysis_close(a);
		return -1;
	}
	return 0;
}

/* leastpriv fix: the evidence of the logs applied to one run command. */
static int
run_fix(const struct config *cfg)
{
	const struct container_advice *ca = NULL;
	struct run_command rc;
	struct fix_change *changes;
	struct fix_plan plan;
	struct analysis_options opt;
	struct analysis a;
	struct strbuf err;
	const char *caps[65];
	char **argv, *seccomp_path;
	size_t n;
	int r, status = EXIT_CLEAN;
	bool analysed = false;

	strbuf_init(&err);
	if (cfg->manifest) {
		strbuf_done(&err);
		if (!cfg->n_inputs)
			return fix_manifest(cfg, NULL);
		if (fix_analyse(&a, cfg, &opt) < 0)
			return EXIT_INPUT_ERROR;
		if (cfg->seccomp_dir)
			(void)write_seccomp_profiles(&a, cfg);
		status = fix_manifest(cfg, &a);
		analysis_close(&a);
		return status;
	}
	r = run_command_parse(cfg->run_argc, cfg->run_argv, 0, &rc, &err);
	if (r < 0) {
		fprintf(stderr, "leastpriv: fix: %s\n", err.buf);
		strbuf_done(&err);
		return EXIT_USAGE;
	}
	if (cfg->n_inputs) {
		analysed = true;
		if (fix_analyse(&a, cfg, &opt) < 0) {
			run_command_done(&rc);
			strbuf_done(&err);
			return EXIT_INPUT_ERROR;
		}
		for (size_t i = 0; i < a.n_inputs; i++)
			if (a.inputs[i].error) {
				char *p = escape_display_dup(a.inputs[i].path);

				fprintf(stderr, "leastpriv: %s: %s\n", p,
					source_strerror(a.inputs[i].error));
				free(p);
				status = EXIT_INPUT_ERROR;
			}
		ca = fix_pick(&a, &rc, cfg->n_containers ? cfg->containers[0] : NULL, &err);
		if (!ca && err.len) {
			fprintf(stderr, "leastpriv: fix: %s\n", err.buf);
			analysis_close(&a);
			run_command_done(&rc);
			strbuf_done(&err);
			return EXIT_USAGE;
		}
		if (cfg->seccomp_dir && write_seccomp_profiles(&a, cfg) < 0)
			status = EXIT_INPUT_ERROR;
	}
	fix_plan_from(ca && ca->n_items ? ca : NULL, fix_grants_all(&rc), cfg->seccomp_dir, caps,
		      &seccomp_path, &plan);
	if (run_command_fix_checked(&rc, &plan, &argv, &changes, &n, &err) < 0) {
		char *m = escape_display_dup(err.buf);

		fprintf(stderr,
			"leastpriv: fix: not printing the rewrite: %s (a bug in leastpriv: please "
			"report it with the command line)\n",
			m);
		free(m);
		free(seccomp_path);
		if (analysed)
			analysis_close(&a);
		run_command_done(&rc);
		strbuf_done(&err);
		return EXIT_INPUT_ERROR;
	}
	r = fix_render(stdout, cfg->format == FORMAT_JSON, ca ? ca->container->label : NULL, argv,
		       changes, n, ca && ca->n_items ? NULL : NO_EVIDENCE);
	if (r < 0)
		status = EXIT_INPUT_ERROR;
	else if (status == EXIT_CLEAN && n)
		status = EXIT_ADVICE;
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	free(seccomp_path);
	fix_changes_free(changes, n);
	if (analysed)
		analysis_close(&a);
	run_command_done(&rc);
	strbuf_done(&err);
	return status;
}

int
main(int argc, char **argv)
{
	struct config cfg = { 0 };
	struct analysis_options opt;
	struct analysis a;
	struct strbuf err;
	char *detail = NULL;
	int r, status, status_override = 0;

	setlocale(LC_CTYPE, "");
	strbuf_init(&err);
	r = cli_parse(argc, argv, &cfg, &err);
	if (r < 0) {
		fprintf(stderr, "leastpriv: %s\n", err.buf);
		strbuf_done(&err);
		return EXIT_USAGE;
	}
	strbuf_done(&err);
	if (cfg.command == COMMAND_HELP) {
		fputs(cli_usage(), stdout);
		config_done(&cfg);
		return EXIT_CLEAN;
	}
	if (cfg.command == COMMAND_FIX) {
		status = run_fix(&cfg);
		config_done(&cfg);
		return status;
	}
	if (cfg.command == COMMAND_RULES) {
		r = rules_render(stdout, cfg.rules_key, cfg.rules_arch, cfg.rules_ancestry);
		config_done(&cfg);
		return r < 0 ? EXIT_INPUT_ERROR : EXIT_CLEAN;
	}
	if (cfg.command == COMMAND_VERSION) {
		printf("leastpriv %s\n", LEASTPRIV_VERSION);
		config_done(&cfg);
		return EXIT_CLEAN;
	}

	options_of(&cfg, &opt);
	if (analysis_run(&a, &opt, &detail) != ANALYSIS_STARTED) {
		char *m = escape_display_dup(detail);

		fprintf(stderr, "leastpriv: %s\n", m);
		free(m);
		free(detail);
		analysis_close(&a);
		config_done(&cfg);
		return EXIT_INPUT_ERROR;
	}
	for (size_t i = 0; i < a.n_inputs; i++) {
		char *p;

		if (a.inputs[i].same_as) {
			char *q = escape_display_dup(a.inputs[i].same_as);

			p = escape_display_dup(a.inputs[i].path);
			fprintf(stderr, "leastpriv: %s is the same file as %s: read once\n", p, q);
			free(p);
			free(q);
		}
		if (!a.inputs[i].error)
			continue;
		p = escape_display_dup(a.inputs[i].path);
		fprintf(stderr, "leastpriv: %s: %s\n", p, source_strerror(a.inputs[i].error));
		free(p);
	}
	if (!cfg.quiet)
		print_problems(&a);
	if (cfg.seccomp_dir && write_seccomp_profiles(&a, &cfg) < 0)
		status_override = EXIT_INPUT_ERROR;
	r = cfg.format == FORMAT_JSON ? render_json(&a, stdout) : render_text(&a, stdout);
	status = status_override ? status_override : analysis_exit_status(&a);
	if (r < 0) {
		fprintf(stderr, "leastpriv: writing the report: %s\n", strerror(-r));
		status = EXIT_INPUT_ERROR;
	}
	analysis_close(&a);
	config_done(&cfg);
	return status;
}
