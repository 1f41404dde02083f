/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `leastpriv report`: the scheduled compliance report.  It reads the system's log (or the
 * logs given) from where the last report stopped, by the checkpoint the history database
 * keeps, says per finding whether it is new, still open or resolved since then, writes the
 * report in each format asked for, and fails only where --fail-on says.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "leastpriv/cmd/evidence_args.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/base/timespec.h"
#include "leastpriv/history/fleet.h"
#include "leastpriv/history/history.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

#define DEFAULT_DB        "/var/lib/leastpriv/history.db"
#define OUTPUTS_MAX       8
#define DEFAULT_KEEP_DAYS 90

enum {
	REPORT_DB = 200,
	REPORT_OUTPUT,
	REPORT_FAIL_ON,
	REPORT_FAIL_ON_NEW,
	REPORT_HOST,
	REPORT_WAIVERS,
	REPORT_MERGE,
	REPORT_DIR,
	REPORT_KEEP_DAYS
};

struct report_args {
	struct evidence_args ea;
	const char *db;
	const char *formats[OUTPUTS_MAX], *paths[OUTPUTS_MAX];
	size_t n_outputs;
	int fail_on; /* a severity, or -1: never fail for findings */
	bool fail_on_new;
	const char *host;
	const char *waivers; /* a file of accepted findings, or NULL */
	bool merge;          /* the operands are hosts' JSON reports, merged into one */
	const char *dir;     /* where reports go without --output (NULL: beside the database) */
	long keep_days;      /* dated reports older than this are removed from dir (0: none) */
};

static const struct option_spec options[] = {
	OPT_LOG,
	OPT_INSPECT,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_NODE,
	OPT_CONTAINER,
	OPT_TARGET,
	OPT_EOE_TIMEOUT,
	OPT_AUDITD_CONF,
	OPT_GROUP_FILE,
	OPT_QUIET,
	{ "db", 0, "PATH", "the history database (default " DEFAULT_DB ")", REPORT_DB },
	{ "output", 'o', "FORMAT=PATH",
	  "write the report as FORMAT (text, json, markdown,\njunit, html, sarif) to PATH (- for standard output);\n"
	  "repeatable (default: HTML and JSON into the report\ndirectory, text when standard output "
	  "is a terminal)",
	  REPORT_OUTPUT },
	{ "report-dir", 0, "DIR",
	  "the report directory: dated HTML and JSON reports and\nlatest.html, latest.json "
	  "(default: reports/ beside\nthe database)",
	  REPORT_DIR },
	{ "keep-days", 0, "DAYS",
	  "remove the directory's dated reports older than DAYS\n(default 90; 0 keeps them all)",
	  REPORT_KEEP_DAYS },
	{ "fail-on", 0, "LEVEL",
	  "exit 1 when a finding is at least LEVEL (critical,\nhigh, medium, low; default: "
	  "never)",
	  REPORT_FAIL_ON },
	{ "fail-on-new", 0, NULL, "with --fail-on, only findings new since the last report",
	  REPORT_FAIL_ON_NEW },
	{ "host", 0, "NAME", "the host's name in the report (default: this host's)", REPORT_HOST },
	{ "merge", 0, NULL,
	  "merge the hosts' JSON reports given as operands into one\nfleet report", REPORT_MERGE },
	{ "waivers", 0, "FILE",
	  "findings accepted until a date: lines of ID, YYYY-MM-DD\nand the reason, "
	  "tab-separated",
	  REPORT_WAIVERS },
	{ 0 },
};

static void *
state_new(void)
{
	struct report_args *ra = xcalloc(1, sizeof(*ra));

	evidence_args_init(&ra->ea);
	ra->db = DEFAULT_DB;
	ra->fail_on = -1;
	ra->keep_days = DEFAULT_KEEP_DAYS;
	return ra;
}

static void
state_free(void *state)
{
	struct report_args *ra = state;

	evidence_args_done(&ra->ea);
	free(ra);
}

static int
on_option(void *state, int id, const char *arg, struct strbuf *err)
{
	struct report_args *ra = state;

	switch (id) {
	case REPORT_DB:
		ra->db = arg;
		return 0;
	case REPORT_OUTPUT: {
		const char *eq = strchr(arg, '=');
		char *format = eq ? xstrndup(arg, (size_t)(eq - arg)) : NULL;
		bool known = format && renderer_named(format) &&
			     streq(renderer_named(format)->name, format);

		free(format);
		if (!eq || !eq[1] || !known) {
			strbuf_addf(
				err,
				"--output: '%s' is not FORMAT=PATH with FORMAT text, json, markdown, junit, html or sarif",
				arg);
			return -EINVAL;
		}
		if (ra->n_outputs >= OUTPUTS_MAX) {
			strbuf_addf(err, "--output: at most %d outputs", OUTPUTS_MAX);
			return -EINVAL;
		}
		ra->formats[ra->n_outputs] = arg;
		ra->paths[ra->n_outputs++] = eq + 1;
		return 0;
	}
	case REPORT_FAIL_ON:
		ra->fail_on = severity_from_name(arg);
		if (ra->fail_on < 0) {
			strbuf_addf(err, "--fail-on: '%s' is not critical, high, medium or low",
				    arg);
			return -EINVAL;
		}
		return 0;
	case REPORT_FAIL_ON_NEW:
		ra->fail_on_new = true;
		return 0;
	case REPORT_HOST:
		ra->host = arg;
		return 0;
	case REPORT_WAIVERS:
		ra->waivers = arg;
		return 0;
	case REPORT_MERGE:
		ra->merge = true;
		return 0;
	case REPORT_DIR:
		ra->dir = arg;
		return 0;
	case REPORT_KEEP_DAYS: {
		char *end;

		errno = 0;
		ra->keep_days = strtol(arg, &end, 10);
		if (errno || end == arg || *end || ra->keep_days < 0 || ra->keep_days > 36500) {
			strbuf_addf(err, "--keep-days: '%s' is not a number of days", arg);
			return -EINVAL;
		}
		return 0;
	}
	default:
		return evidence_args_on_option(&ra->ea, id, arg, err);
	}
}

/* The directory of the default database, made when missing (a first run as root). */
static void
make_db_dir(const char *db)
{
	const char *slash = strrchr(db, '/');
	char *dir;

	if (!slash || slash == db)
		return;
	dir = xstrndup(db, (size_t)(slash - db));
	(void)mkdir(dir, 0750);
	free(dir);
}

/*
 * A log that no longer reaches back to where the last report stopped: its first record of a
 * node is later than that node's mark, and the mark's own record is not in it.
 */
static char *
find_gap(const struct checkpoint *cp)
{
	for (size_t i = 0; i < cp->n; i++) {
		const struct checkpoint_mark *m = &cp->marks[i];
		char last[TIMEFMT_MAX], first[TIMEFMT_MAX];

		if (m->reached || m->first_sec <= 0 || m->first_sec <= m->sec)
			continue;
		timefmt_local(last, sizeof(last), m->sec);
		timefmt_local(first, sizeof(first), m->first_sec);
		return xasprintf("the last report read up to %s%s%s, but the log now begins at %s: "
				 "it was replaced, truncated or rotated away since, and what was "
				 "logged in between is missing from this report",
				 last, *m->node ? " on node " : "", m->node, first);
	}
	return NULL;
}

/*
 * Apply the waivers of @path to @h's findings: "ID<TAB>YYYY-MM-DD<TAB>reason" per line (an id
 * prefix of 12 or more characters will do; '#' starts a comment).  0, or -EINVAL after saying
 * which line is wrong.
 */
static int
apply_waivers(const char *path, struct report_history *h, struct history_entry *entries,
	      int64_t now)
{
	FILE *f = fopen(path, "re");
	char line[1024];
	unsigned long lineno = 0;
	int result = 0;

	if (!f) {
		char *p = escape_display_dup(path);

		fprintf(stderr, "leastpriv: report: --waivers %s: %s\n", p, strerror(errno));
		free(p);
		return -EINVAL;
	}
	while (fgets(line, sizeof(line), f)) {
		char *id = line, *date, *reason, *nl = strchr(line, '\n');
		int64_t until;

		lineno++;
		if (nl)
			*nl = '\0';
		if (!*line || *line == '#')
			continue;
		date = strchr(id, '\t');
		reason = date ? strchr(date + 1, '\t') : NULL;
		if (date)
			*date++ = '\0';
		if (reason)
			*reason++ = '\0';
		if (!date || !reason || strlen(id) < 12 || timespec_parse(date, now, &until) < 0) {
			char *p = escape_display_dup(path);

			fprintf(stderr,
				"leastpriv: report: %s:%lu: not ID, YYYY-MM-DD and a reason, "
				"tab-separated\n",
				p, lineno);
			free(p);
			result = -EINVAL;
			continue;
		}
		until += 86399; /* to the end of that day */
		for (size_t i = 0; i < h->n_entries; i++) {
			struct history_entry *e = &entries[i];

			if (strncmp(e->id, id, strlen(id)) != 0)
				continue;
			if (until < now) {
				h->expired++;
				continue;
			}
			e->waived = true;
			e->waived_until = until;
			snprintf(e->waiver_reason, sizeof(e->waiver_reason), "%s", reason);
			h->waived++;
		}
	}
	fclose(f);
	return result;
}

/* Whether the findings fail the run: --fail-on's level, of new findings with --fail-on-new. */
static bool
fails(const struct report_args *ra, const struct report_history *h)
{
	if (ra->fail_on < 0)
		return false;
	for (size_t i = 0; i < h->n_entries; i++) {
		const struct history_entry *e = &h->entries[i];
		int s = severity_from_name(e->severity);

		if (e->status == STATUS_RESOLVED || e->waived ||
		    (ra->fail_on_new && e->status != STATUS_NEW))
			continue;
		if (s >= 0 && s <= ra->fail_on)
			return true;
	}
	return false;
}

/*
 * Write @r as @format to @path, whole or not at all: a regular file is written beside it and
 * renamed over it, so that a web server or a reader never sees half a report.  "-" is standard
 * output; anything else that is not a regular file (a pipe, /dev/null) is written directly.
 */
static int
render_to(const char *format, const struct report *r, const char *path)
{
	const struct renderer *rd = renderer_named(format);
	struct stat st;
	char *tmp = NULL;
	FILE *out;
	int rc;

	if (streq(path, "-"))
		return rd->render(r, stdout);
	if (stat(path, &st) < 0 || S_ISREG(st.st_mode))
		tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	out = fopen(tmp ? tmp : path, "we");
	if (!out) {
		rc = -errno;
		free(tmp);
		return rc;
	}
	rc = rd->render(r, out);
	if (fclose(out) != 0 && rc == 0)
		rc = -EIO;
	if (tmp && rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (tmp && rc < 0)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}

static void
say_write_failed(const char *path, int rc)
{
	char *p = escape_display_dup(path);

	fprintf(stderr, "leastpriv: report: writing %s failed: %s\n", p, strerror(-rc));
	free(p);
}

/* The report directory: --report-dir, else reports/ beside the database. */
static char *
report_dir(const struct report_args *ra)
{
	const char *slash = strrchr(ra->db, '/');

	if (ra->dir)
		return xstrdup(ra->dir);
	if (!slash)
		return xstrdup("reports");
	return xasprintf("%.*s/reports", (int)(slash - ra->db), ra->db);
}

/* "latest.EXT" names the newest dated report: a symbolic link, replaced whole. */
static void
point_latest(const char *dir, const char *ext, const char *name)
{
	char *link = xasprintf("%s/latest.%s", dir, ext),
	     *tmp = xasprintf("%s/.latest.%s.tmp-%ld", dir, ext, (long)getpid());

	(void)unlink(tmp);
	if (symlink(name, tmp) < 0 || rename(tmp, link) < 0) {
		say_write_failed(link, -errno);
		(void)unlink(tmp);
	}
	free(link);
	free(tmp);
}

/*
 * Retention: the dated reports of @dir older than @keep_days days, by the date in their names
 * (report-YYYYMMDDTHHMMSSZ.html or .json), are removed; nothing else in it is touched.
 */
static void
prune_reports(const char *dir, long keep_days, int64_t now)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t removed = 0;

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct tm tm = { 0 };
		char ext[6] = "";
		int n = 0;

		if (sscanf(de->d_name, "report-%4d%2d%2dT%2d%2d%2dZ.%5[a-z]%n", &tm.tm_year,
			   &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, ext,
			   &n) != 7 ||
		    de->d_name[n] || (!streq(ext, "html") && !streq(ext, "json")))
			continue;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		if ((int64_t)timegm(&tm) < now - (int64_t)keep_days * 86400 &&
		    unlinkat(dirfd(d), de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	if (removed)
		fprintf(stderr,
			"leastpriv: report: removed %zu dated report%s older than %ld days\n",
			removed, removed == 1 ? "" : "s", keep_days);
}

/* No --output: HTML and JSON, dated, into the report directory; text to a terminal. */
static int
write_dated(const struct report_args *ra, const struct report *r, int64_t at)
{
	static const char *const formats[] = { "html", "json" };
	char *dir = report_dir(ra), stamp[32];
	time_t t = (time_t)at;
	struct tm tm;
	int result = 0;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
		say_write_failed(dir, -errno);
		free(dir);
		return -EIO;
	}
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *name = xasprintf("report-%s.%s", stamp, formats[i]),
		     *path = xasprintf("%s/%s", dir, name);
		int rc = render_to(formats[i], r, path);

		if (rc < 0) {
			say_write_failed(path, rc);
			result = -EIO;
		} else {
			char *p = escape_display_dup(path);

			point_latest(dir, formats[i], name);
			fprintf(stderr, "leastpriv: report: wrote %s\n", p);
			free(p);
		}
		free(name);
		free(path);
	}
	if (ra->keep_days > 0)
		prune_reports(dir, ra->keep_days, at);
	if (isatty(STDOUT_FILENO) && render_text(r, stdout) < 0)
		result = -EIO;
	free(dir);
	return result;
}

static int
write_outputs(const struct report_args *ra, const struct report *r, int64_t at)
{
	int result = 0;

	if (!ra->n_outputs)
		return write_dated(ra, r, at);
	for (size_t i = 0; i < ra->n_outputs; i++) {
		const char *spec = ra->formats[i];
		const char *path = strchr(spec, '=') + 1;
		char *format = xstrndup(spec, (size_t)(path - 1 - spec));
		int rc = render_to(format, r, path);

		free(format);
		if (rc < 0) {
			say_write_failed(path, rc);
			result = -EIO;
		}
	}
	return result;
}

/* --merge: the hosts' reports into one fleet report, written to each --output. */
static enum outcome
merge_reports(const struct report_args *ra, int argc, char **argv)
{
	enum outcome outcome = OUTCOME_CLEAN;
	struct fleet f;
	struct strbuf err;

	if (argc == 0) {
		fprintf(stderr, "leastpriv: report: --merge takes the hosts' JSON reports\n");
		return OUTCOME_USAGE;
	}
	for (size_t i = 0; i < ra->n_outputs; i++) {
		const char *eq = strchr(ra->formats[i], '=');
		char *format = xstrndup(ra->formats[i], (size_t)(eq - ra->formats[i]));
		bool known = fleet_format_known(format);

		free(format);
		if (!known) {
			fprintf(stderr,
				"leastpriv: report: --merge writes text, json or markdown, "
				"not '%.*s'\n",
				(int)(eq - ra->formats[i]), ra->formats[i]);
			return OUTCOME_USAGE;
		}
	}
	fleet_init(&f);
	strbuf_init(&err);
	for (int i = 0; i < argc; i++) {
		strbuf_reset(&err);
		if (fleet_add(&f, argv[i], &err) < 0) {
			char *m = escape_display_dup(err.buf);

			fprintf(stderr, "leastpriv: report: %s\n", m);
			free(m);
			outcome = OUTCOME_INPUT_ERROR;
		}
	}
	for (size_t i = 0; i < (ra->n_outputs ? ra->n_outputs : 1); i++) {
		const char *spec = ra->n_outputs ? ra->formats[i] : "text=-";
		const char *path = strchr(spec, '=') + 1;
		char *format = xstrndup(spec, (size_t)(path - 1 - spec));
		FILE *out = streq(path, "-") ? stdout : fopen(path, "we");

		if (!out || fleet_render(&f, format, out) < 0 ||
		    (out != stdout && fclose(out) != 0)) {
			char *p = escape_display_dup(path);

			fprintf(stderr, "leastpriv: report: writing %s failed\n", p);
			free(p);
			outcome = OUTCOME_INPUT_ERROR;
		}
		free(format);
	}
	for (int s = 0; outcome == OUTCOME_CLEAN && s <= ra->fail_on && s < SEVERITY_MAX; s++)
		if (f.totals.by_severity[s])
			outcome = OUTCOME_ADVICE;
	fleet_done(&f);
	strbuf_done(&err);
	return outcome;
}

static enum outcome
run(void *state, int argc, char **argv, bool after_dashdash)
{
	struct report_args *ra = state;
	struct report_history hist = { 0 };
	struct checkpoint cp = { 0 };
	struct history_entry *entries = NULL;
	struct trend_point *trend = NULL;
	const struct report *report;
	struct history h;
	struct analysis a;
	struct strbuf err;
	char *detail = NULL, *gap = NULL, host[256];
	bool windowed = ra->ea.opt.has_since || ra->ea.opt.has_until;
	enum outcome outcome;
	size_t n = 0;

	(void)after_dashdash;
	if (evidence_args_check(&ra->ea) < 0)
		return OUTCOME_USAGE;
	if (ra->merge)
		return merge_reports(ra, argc, argv);
	for (int i = 0; i < argc; i++)
		evidence_args_on_option(&ra->ea, EO_LOG, argv[i], NULL);
	/* a wrong waiver file stops the run before anything is recorded */
	if (ra->waivers) {
		struct report_history none = { 0 };

		if (apply_waivers(ra->waivers, &none, NULL, timespec_now()) < 0)
			return OUTCOME_USAGE;
	}
	strbuf_init(&err);
	if (streq(ra->db, DEFAULT_DB))
		make_db_dir(ra->db);
	if (history_open(&h, ra->db, &err) < 0) {
		char *m = escape_display_dup(err.buf);

		fprintf(stderr, "leastpriv: report: %s\n", m);
		free(m);
		strbuf_done(&err);
		return OUTCOME_INPUT_ERROR;
	}
	/* From where the last report stopped, unless a window is given. */
	if (!windowed && history_load_checkpoint(&h, &cp) == 0)
		ra->ea.opt.after = &cp;
	if (analysis_run(&a, &ra->ea.opt, &report, &detail) != ANALYSIS_STARTED) {
		char *m = escape_display_dup(detail);

		fprintf(stderr, "leastpriv: report: %s\n", m);
		free(m);
		free(detail);
		analysis_close(&a);
		history_close(&h);
		checkpoint_done(&cp);
		strbuf_done(&err);
		return OUTCOME_INPUT_ERROR;
	}
	evidence_tell_inputs(&a, "leastpriv: ");
	if (!ra->ea.quiet)
		evidence_tell_problems(&a);
	gap = windowed ? NULL : find_gap(&cp);
	if (!ra->host && gethostname(host, sizeof(host)) == 0)
		host[sizeof(host) - 1] = '\0';
	hist.host = ra->host ? ra->host : host;
	hist.at = timespec_now();
	/* A window given is a look back: it does not move the checkpoint. */
	if (history_record(&h, hist.at, hist.host, report,
			   windowed ? &(struct checkpoint){ 0 } : &a.seen, &entries, &n,
			   &err) < 0) {
		char *m = escape_display_dup(err.buf);

		fprintf(stderr, "leastpriv: report: %s\n", m);
		free(m);
		outcome = OUTCOME_INPUT_ERROR;
		goto done;
	}
	hist.run = h.run;
	hist.previous = h.previous;
	hist.entries = entries;
	hist.n_entries = n;
	hist.checkpointed_records = a.checkpointed_records;
	(void)history_trend(&h, 30, &trend, &hist.n_trend);
	hist.trend = trend;
	hist.gap = gap;
	for (size_t i = 0; i < n; i++)
		hist.by_status[entries[i].status]++;
	if (ra->waivers && apply_waivers(ra->waivers, &hist, entries, hist.at) < 0) {
		outcome = OUTCOME_USAGE;
		goto done;
	}
	/* The analysis's report, with the history beside it. */
	a.report.history = &hist;
	if (gap) {
		char *m = escape_display_dup(gap);

		fprintf(stderr, "leastpriv: report: %s\n", m);
		free(m);
	}
	outcome = write_outputs(ra, &a.report, hist.at) < 0 ? OUTCOME_INPUT_ERROR
		  : report->failed_inputs                   ? OUTCOME_INPUT_ERROR
		  : fails(ra, &hist)                        ? OUTCOME_ADVICE
		  : diag_total(report->diag)                ? OUTCOME_PARTIAL_INPUT
							    : OUTCOME_CLEAN;
done:
	free(entries);
	free(trend);
	free(gap);
	analysis_close(&a);
	history_close(&h);
	checkpoint_done(&cp);
	strbuf_done(&err);
	return outcome;
}

const struct command command_report = {
	.name = "report",
	.brief = "the scheduled report: new, still open and resolved since the last one",
	.usage = "report [OPTION]... [FILE|DIR|-]...",
	.summary = "Read the system's audit log (or the logs given) from where the last report\n"
		   "stopped, and report each finding as new, still open or resolved since then.",
	.details = "The history (runs, findings by their stable ids, and the checkpoint: the last\n"
		   "record read per node, which survives log rotation) is a SQLite database,\n"
		   "--db. --since/--until read that window instead, without moving the\n"
		   "checkpoint. Without --output the report goes, dated, as HTML and JSON into\n"
		   "the report directory. Exit status 0 unless --fail-on says so (1), or an input\n"
		   "was unreadable (3) or malformed (4).\n",
	.options = options,
	.on_option = on_option,
	.run = run,
	.state_new = state_new,
	.state_free = state_free,
};
