/* SPDX-License-Identifier: GPL-2.0-or-later */
/* leastpriv: argv -> config -> pipeline -> renderer; picks the exit status. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>

#include "config.h"
#include "leastpriv/cli.h"
#include "leastpriv/escape.h"
#include "leastpriv/fix.h"
#include "leastpriv/pipeline.h"
#include "leastpriv/render.h"
#include "leastpriv/rules.h"
#include "leastpriv/seccomp_profile.h"

static void
print_problems(const struct analysis *a)
{
	size_t total = diag_total(&a->diag);

	for (size_t i = 0; i < a->diag.n_kept; i++) {
		const struct diag_message *m = &a->diag.kept[i];
		char *file = escape_display_dup(m->file);

		fprintf(stderr, "leastpriv: %s:%lu: %s\n", file, m->line, m->text);
		free(file);
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
			char *path;
			int r;

			if (adv->kind != ADVICE_SECCOMP)
				continue;
			names = xcalloc(adv->n_findings + 1, sizeof(*names));
			for (size_t k = 0; k < adv->n_findings; k++)
				names[k] = adv->findings[k]->object;
			path = seccomp_profile_path(cfg->seccomp_dir, ca->container->label);
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
			free(path);
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

/* leastpriv fix: the evidence of the logs applied to one run command. */
static int
run_fix(const struct config *cfg)
{
	const struct container_advice *ca = NULL;
	struct run_command rc;
	struct fix_change *changes;
	struct fix_plan plan;
	struct analysis a;
	struct strbuf err;
	const char *caps[65];
	char **argv, *seccomp_path, *missing = NULL;
	size_t n;
	int r, status = EXIT_CLEAN;
	bool analysed = false;

	strbuf_init(&err);
	r = run_command_parse(cfg->run_argc, cfg->run_argv, &rc, &err);
	if (r < 0) {
		fprintf(stderr, "leastpriv: fix: %s\n", err.buf);
		strbuf_done(&err);
		return EXIT_USAGE;
	}
	if (cfg->n_inputs) {
		r = analysis_run(&a, cfg, &missing);
		analysed = true;
		if (r < 0) {
			char *m = escape_display_dup(missing ? missing : strerror(-r));

			fprintf(stderr, "leastpriv: fix: %s\n", m);
			free(m);
			free(missing);
			analysis_done(&a);
			run_command_done(&rc);
			strbuf_done(&err);
			return EXIT_INPUT_ERROR;
		}
		for (size_t i = 0; i < a.n_inputs; i++)
			if (a.inputs[i].error) {
				char *p = escape_display_dup(a.inputs[i].path);

				fprintf(stderr, "leastpriv: %s: %s\n", p,
					strerror(-a.inputs[i].error));
				free(p);
				status = EXIT_INPUT_ERROR;
			}
		ca = fix_pick(&a, &rc, cfg->n_containers ? cfg->containers[0] : NULL, &err);
		if (!ca && err.len) {
			fprintf(stderr, "leastpriv: fix: %s\n", err.buf);
			analysis_done(&a);
			run_command_done(&rc);
			strbuf_done(&err);
			return EXIT_USAGE;
		}
		if (cfg->seccomp_dir && write_seccomp_profiles(&a, cfg) < 0)
			status = EXIT_INPUT_ERROR;
	}
	fix_plan_from(ca && ca->n_items ? ca : NULL, fix_grants_all(&rc), cfg->seccomp_dir, caps,
		      &seccomp_path, &plan);
	run_command_fix(&rc, &plan, &argv, &changes, &n);
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
		analysis_done(&a);
	run_command_done(&rc);
	strbuf_done(&err);
	return status;
}

int
main(int argc, char **argv)
{
	struct config cfg = { 0 };
	struct analysis a;
	struct strbuf err;
	char *missing = NULL;
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

	r = analysis_run(&a, &cfg, &missing);
	if (r == -EBADMSG && missing) {
		char *m = escape_display_dup(missing);

		fprintf(stderr, "leastpriv: %s\n", m);
		free(m);
		free(missing);
		analysis_done(&a);
		config_done(&cfg);
		return EXIT_INPUT_ERROR;
	}
	if (r < 0) {
		char *m = missing ? escape_display_dup(missing) : NULL;

		if (m)
			fprintf(stderr, "leastpriv: %s: no audit log there: %s (%s)\n", m,
				strerror(-r),
				r == -EACCES || r == -EPERM ? "run as root, or name a log file"
							    : "name a log file or directory");
		else
			fprintf(stderr, "leastpriv: cannot start: %s\n", strerror(-r));
		free(m);
		free(missing);
		analysis_done(&a);
		config_done(&cfg);
		return EXIT_INPUT_ERROR;
	}
	for (size_t i = 0; i < a.n_inputs; i++) {
		char *p;

		if (!a.inputs[i].error)
			continue;
		p = escape_display_dup(a.inputs[i].path);
		fprintf(stderr, "leastpriv: %s: %s\n", p, strerror(-a.inputs[i].error));
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
	analysis_done(&a);
	config_done(&cfg);
	return status;
}
