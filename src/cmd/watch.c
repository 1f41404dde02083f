/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `leastpriv watch`: an auditd plugin.  auditd writes every event to its standard input (a
 * plugins.d file with format = string); each new finding of a container is said once, the
 * moment it is folded, as one line to syslog (or --output), with the finding's id and the
 * `leastpriv why` that explains it.  It reads without pause so that auditd never waits on it:
 * the work per record is the analysis's own, and lines past the rate limit are counted and
 * said, not queued.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "leastpriv/cmd/evidence_args.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/knowledge/caps.h"
#include "leastpriv/base/util.h"

/* A stream quiet this long has delivered its last event whole. */
#define SETTLE_MS 500
/* At most this many lines a second; the rest are counted. */
#define LINES_PER_SECOND 20

enum { WATCH_OUTPUT = 100 };

struct watch_args {
	struct evidence_args ea;
	const char *output; /* a file, "-" for standard output, NULL for syslog */
};

static const struct option_spec options[] = {
	{ "output", 0, "FILE", "write the lines to FILE (- for standard output)\ninstead of syslog",
	  WATCH_OUTPUT },
	OPT_EOE_TIMEOUT,
	{ 0 },
};

static void *
state_new(void)
{
	struct watch_args *w = xcalloc(1, sizeof(*w));
	struct evidence_args *ea = evidence_args_new();

	w->ea = *ea;
	free(ea);
	return w;
}

static void
state_free(void *state)
{
	struct watch_args *w = state;
	struct evidence_args *ea = xmalloc(sizeof(*ea));

	*ea = w->ea;
	evidence_args_free(ea);
	free(w);
}

static int
on_option(void *state, int id, const char *arg, struct strbuf *err)
{
	struct watch_args *w = state;

	if (id == WATCH_OUTPUT) {
		w->output = arg;
		return 0;
	}
	return evidence_args_on_option(&w->ea, id, arg, err);
}

struct watcher {
	FILE *out;         /* NULL: syslog */
	struct hmap seen;  /* container pointer -> findings already said */
	time_t window;     /* the second the rate counts in */
	size_t in_window;  /* lines said in it */
	size_t suppressed; /* lines over the rate, not yet said */
	size_t said;
};

static void
say(struct watcher *w, const char *line)
{
	if (w->out) {
		fprintf(w->out, "%s\n", line);
		fflush(w->out);
	} else {
		syslog(LOG_WARNING, "%s", line);
	}
	w->said++;
}

/* "container web: CHOWN missing (chown by chown, 3 times); finding ID; see: leastpriv why web" */
static void
describe(const struct finding *f, struct strbuf *sb)
{
	const char *what = f->kind == FINDING_SYSCALL || f->kind == FINDING_CAPABILITY
				   ? (caps_name(f->capability) ? caps_name(f->capability) : "?")
				   : finding_kind_name(f->kind);

	strbuf_addf(sb, "%s %s: %s %s",
		    f->container->kind == SUBJECT_UNATTRIBUTED ? "program" : "container",
		    f->container->label, what, f->kind == FINDING_SYSCALL ? "missing" : "refused");
	strbuf_addstr(sb, " (");
	for (size_t i = 0; i < f->n_perms; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", f->perms[i]);
	if (f->object)
		strbuf_addf(sb, " on %s", f->object);
	if (f->n_comms)
		strbuf_addf(sb, " by %s", f->comms[0]);
	strbuf_addf(sb, "); finding %s; see: leastpriv why %s", f->id, f->container->label);
}

/* Each finding folded since the last look, once. */
static void
report_new(struct watcher *w, const struct evidence *e)
{
	time_t now = time(NULL);

	if (now != w->window) {
		if (w->suppressed) {
			char line[160];

			snprintf(line, sizeof(line),
				 "leastpriv: %zu more findings in the last second, not said (rate "
				 "limit); leastpriv analyze has them all",
				 w->suppressed);
			say(w, line);
			w->suppressed = 0;
		}
		w->window = now;
		w->in_window = 0;
	}
	for (size_t i = 0; i < e->n_containers; i++) {
		const struct container *ct = e->list[i];
		struct hmap_entry *he = hmap_put(&w->seen, &ct, sizeof(ct));
		size_t done = (size_t)(uintptr_t)he->value;

		for (size_t j = done; j < ct->n_findings; j++) {
			struct strbuf sb;

			if (w->in_window >= LINES_PER_SECOND) {
				w->suppressed++;
				continue;
			}
			strbuf_init(&sb);
			describe(ct->findings[j], &sb);
			escape_display_line(&sb);
			say(w, sb.buf);
			strbuf_done(&sb);
			w->in_window++;
		}
		he->value = (void *)(uintptr_t)ct->n_findings;
	}
}

static enum outcome
run(void *state, int argc, char **argv, bool after_dashdash)
{
	struct watch_args *wa = state;
	static const char *const inputs[] = { "auditd", NULL };
	struct analysis_options opt = wa->ea.opt;
	struct watcher w = { 0 };
	struct analysis a;
	char *detail = NULL;
	char buf[65536];

	(void)argv;
	(void)after_dashdash;
	if (argc) {
		fprintf(stderr,
			"leastpriv: watch: takes no operand (auditd writes to its input)\n");
		return OUTCOME_USAGE;
	}
	if (wa->output)
		w.out = streq(wa->output, "-") ? stdout : fopen(wa->output, "ae");
	if (wa->output && !w.out) {
		fprintf(stderr, "leastpriv: watch: %s: %s\n", wa->output, strerror(errno));
		return OUTCOME_INPUT_ERROR;
	}
	if (!w.out)
		openlog("leastpriv", LOG_PID, LOG_DAEMON);
	/* The host's group file and log are not this command's: only the stream is read. */
	opt.inputs = inputs;
	opt.n_inputs = 1;
	if (analysis_open(&a, &opt, &detail) != ANALYSIS_STARTED) {
		fprintf(stderr, "leastpriv: watch: %s\n", detail ? detail : "cannot start");
		free(detail);
		analysis_close(&a);
		return OUTCOME_INPUT_ERROR;
	}
	hmap_init(&w.seen);
	analysis_begin_input(&a, "auditd");
	for (;;) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&p, 1, SETTLE_MS);
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) { /* quiet: the last event is whole */
			analysis_settle(&a);
			report_new(&w, &a.evidence);
			continue;
		}
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		analysis_feed(&a, buf, (size_t)n);
		report_new(&w, &a.evidence);
	}
	analysis_end_input(&a);
	analysis_settle(&a);
	report_new(&w, &a.evidence);
	w.window = 0; /* say what the rate held back */
	report_new(&w, &a.evidence);
	hmap_done(&w.seen, NULL);
	analysis_close(&a);
	if (w.out && w.out != stdout)
		fclose(w.out);
	if (!w.out)
		closelog();
	return OUTCOME_CLEAN;
}

const struct command command_watch = {
	.name = "watch",
	.brief = "an auditd plugin: each new finding once, as it happens",
	.usage = "watch [OPTION]...",
	.summary = "Read the events auditd dispatches to its plugins on standard input and say\n"
		   "each new finding of a container once, the moment it happens, as one line to\n"
		   "syslog: what it lacked, the finding's id and the leastpriv why to ask.",
	.details = "Install it as an auditd plugin: /etc/audit/plugins.d/leastpriv.conf with\n"
		   "active = yes, direction = out, path = /usr/bin/leastpriv, args = watch,\n"
		   "type = always, format = string; then restart auditd.\n",
	.options = options,
	.on_option = on_option,
	.run = run,
	.state_new = state_new,
	.state_free = state_free,
};
