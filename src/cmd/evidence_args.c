/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The evidence options of analyze and fix, and what both say around a run. */
#include <errno.h>
#include <string.h>
#include <stdio.h>

#include "leastpriv/cmd/evidence_args.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/ingest/source.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/timespec.h"
#include "leastpriv/base/util.h"

void *
evidence_args_new(void)
{
	struct evidence_args *ea = xmalloc(sizeof(*ea));

	evidence_args_init(ea);
	return ea;
}

void
evidence_args_init(struct evidence_args *ea)
{
	memset(ea, 0, sizeof(*ea));
	ea->opt.eoe_timeout_ms = 2000;
	ea->opt.auditd_conf = "/etc/audit/auditd.conf";
	ea->opt.target = TARGET_RUN;
	ea->format = "text";
	ea->seccomp_base = SECCOMP_DEFAULT_BASE;
}

void
evidence_args_done(struct evidence_args *ea)
{
	free(ea->inputs);
	free(ea->inspect);
	free(ea->nodes);
	free(ea->containers);
}

void
evidence_args_free(void *state)
{
	evidence_args_done(state);
	free(state);
}

/* Append @v to a NULL-terminated list of borrowed strings. */
static void
list_add(const char ***list, size_t *n, const char *v)
{
	*list = xrealloc(*list, (*n + 2) * sizeof(**list));
	(*list)[(*n)++] = v;
	(*list)[*n] = NULL;
}

static int
parse_seconds(const char *v, int64_t *ret)
{
	char *e;
	double d;

	errno = 0;
	d = strtod(v, &e);
	if (errno || e == v || *e || d < 0 || d > 86400)
		return -EINVAL;
	*ret = (int64_t)(d * 1000);
	return 0;
}

static int
parse_time(struct evidence_args *ea, bool until, const char *arg, struct strbuf *err)
{
	if (timespec_parse(arg, timespec_now(), until ? &ea->opt.until : &ea->opt.since) < 0) {
		strbuf_addf(err,
			    "%s: cannot read '%s' as a time (now, recent, this-hour, boot, today, "
			    "yesterday, this-week, week-ago, this-month, this-year, @SECONDS, "
			    "YYYY-MM-DD [HH:MM[:SS]], HH:MM[:SS])",
			    until ? "--until" : "--since", arg);
		return -EINVAL;
	}
	if (until)
		ea->opt.has_until = true;
	else
		ea->opt.has_since = true;
	return 0;
}

int
evidence_args_on_option(void *state, int id, const char *arg, struct strbuf *err)
{
	struct evidence_args *ea = state;
	struct analysis_options *o = &ea->opt;
	int t;

	switch (id) {
	case EO_FORMAT:
		if (!renderer_named(arg)) {
			strbuf_addf(
				err,
				"--format: unknown format '%s' (text, json, markdown, junit or html)",
				arg);
			return -EINVAL;
		}
		ea->format = arg;
		return 0;
	case EO_QUIET:
		ea->quiet = true;
		return 0;
	case EO_TARGET:
		t = target_from_name(arg);
		if (t < 0) {
			strbuf_addf(err,
				    "--target: '%s' is not docker, podman, compose, kubernetes or "
				    "quadlet",
				    arg);
			return -EINVAL;
		}
		o->target = (enum target)t;
		o->target_given = true;
		return 0;
	case EO_INSPECT:
		list_add(&ea->inspect, &o->n_inspect, arg);
		o->inspect = ea->inspect;
		return 0;
	case EO_SINCE:
	case EO_UNTIL:
		return parse_time(ea, id == EO_UNTIL, arg, err);
	case EO_NODE:
		list_add(&ea->nodes, &o->n_nodes, arg);
		o->nodes = ea->nodes;
		return 0;
	case EO_CONTAINER:
		list_add(&ea->containers, &o->n_containers, arg);
		o->containers = ea->containers;
		return 0;
	case EO_SECCOMP_DIR:
		o->seccomp_dir = arg;
		return 0;
	case EO_SECCOMP_BASE:
		ea->seccomp_base = arg;
		return 0;
	case EO_LIVE:
		o->live = true;
		return 0;
	case EO_ENGINE_SOCKET:
		o->engine_socket = arg;
		return 0;
	case EO_GROUP_FILE:
		o->group_file = arg;
		return 0;
	case EO_EOE_TIMEOUT:
		if (parse_seconds(arg, &o->eoe_timeout_ms) < 0) {
			strbuf_addf(err, "--eoe-timeout: '%s' is not a number of seconds", arg);
			return -EINVAL;
		}
		return 0;
	case EO_AUDITD_CONF:
		o->auditd_conf = arg;
		return 0;
	case EO_LOG:
		list_add(&ea->inputs, &o->n_inputs, arg);
		o->inputs = ea->inputs;
		return 0;
	default:
		strbuf_addf(err, "internal error: option %d has no handler", id);
		return -EINVAL;
	}
}

int
evidence_args_check(const struct evidence_args *ea)
{
	if (ea->opt.has_since && ea->opt.has_until && ea->opt.since > ea->opt.until) {
		fprintf(stderr, "leastpriv: --since is later than --until: nothing could match\n");
		return -EINVAL;
	}
	return 0;
}

void
evidence_tell_inputs(const struct analysis *a, const char *prefix)
{
	for (size_t i = 0; i < a->n_inputs; i++) {
		char *p;

		if (a->inputs[i].same_as) {
			char *q = escape_display_dup(a->inputs[i].same_as);

			p = escape_display_dup(a->inputs[i].path);
			fprintf(stderr, "%s%s is the same file as %s: read once\n", prefix, p, q);
			free(p);
			free(q);
		}
		if (!a->inputs[i].error)
			continue;
		p = escape_display_dup(a->inputs[i].path);
		fprintf(stderr, "%s%s: %s\n", prefix, p, source_strerror(a->inputs[i].error));
		free(p);
	}
}

void
evidence_tell_problems(const struct analysis *a)
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

int
evidence_write_seccomp_profiles(const struct report *r, const char *base)
{
	int ret = 0;

	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		for (size_t j = 0; j < ca->n_items; j++) {
			const struct advice *adv = ca->items[j];
			const struct fixop *op = advice_find_op(adv, FIXOP_SECCOMP_WRITE);
			struct strbuf err;
			int rr;

			if (adv->kind != ADVICE_SECCOMP || !adv->profile_path || !op)
				continue;
			strbuf_init(&err);
			rr = seccomp_profile_write(base, (const char *const *)op->names,
						   op->n_names, adv->profile_path, &err);
			if (rr < 0) {
				char *m = escape_display_dup(err.buf);

				fprintf(stderr, "leastpriv: --seccomp-dir: %s\n", m);
				free(m);
				ret = rr;
			}
			strbuf_done(&err);
		}
	}
	return ret;
}
