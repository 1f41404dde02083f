/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analysis: its start, its per-record loop, its snapshot. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libaudit.h>
#include <sys/stat.h>

#include "leastpriv/attrib/live.h"
#include "leastpriv/analysis/analysis.h"
#include "leastpriv/ingest/interest.h"
#include "leastpriv/ingest/reader.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/ingest/source.h"
#include "leastpriv/base/util.h"

/* Input blocks: large enough that a read costs little per line. */
#define BLOCK_SIZE (1024 * 1024)
/* An input with no audit record in its first bytes this long is not an audit log. */
#define NO_RECORD_MAX (16 * 1024 * 1024)

/* --since, --until and --node, checked on each record before it is grouped (as ausearch). */
static bool
record_selected(const struct analysis_options *opt, const struct record *r)
{
	if (opt->has_since && r->sec < opt->since)
		return false;
	if (opt->has_until && r->sec > opt->until)
		return false;
	if (opt->n_nodes) {
		for (size_t i = 0; i < opt->n_nodes; i++)
			if (r->node && strlen(opt->nodes[i]) == r->node_len &&
			    memcmp(opt->nodes[i], r->node, r->node_len) == 0)
				return true;
		return false;
	}
	return true;
}

/* A sender's text that holds a record header is a claim it could not make: listed. */
static void
note_embedded_record(struct analysis *a, const struct record *r, unsigned long line)
{
	const char *subj;
	size_t len;
	char *sender = record_kernel_field(r, "subj", &subj, &len)
			       ? xstrndup(subj, len)
			       : xstrdup("an unlabelled process");

	claims_add(&a->claims, CLAIM_EMBEDDED_RECORD, a->lines.file, line, sender);
	free(sender);
}

/* Every SYSCALL record tells a parent: enough to follow ancestry to a container's init. */
static void
note_parent(struct analysis *a, const struct record *r)
{
	long long ppid = record_body_number(r, " ppid=");
	long long pid = record_body_number(r, " pid=");
	const char *node = r->node ? strpool_intern_n(&a->pool, r->node, r->node_len) : NULL;

	/*
	 * Not from fork/clone return values: those are pids of the caller's pid namespace, which
	 * inside a container are not the host's.
	 */
	attribution_note_process(&a->attribution, node, pid, ppid);
}

/* An ENRICHED record names its login uid (AUID="matt"): the report says the name. */
static void
note_login(struct analysis *a, const struct record *r)
{
	const char *p = mem_find(r->enrich, r->enrich_len, "AUID=\"", 6), *end, *q;
	long long auid;

	if (!p)
		return;
	p += 6;
	end = r->enrich + r->enrich_len;
	q = memchr(p, '"', (size_t)(end - p));
	auid = record_body_number(r, " auid=");
	if (q && auid >= 0 && auid != 4294967295LL)
		admin_note_login(&a->admin, (unsigned long long)auid, p, (size_t)(q - p));
}

/* The window a report covers: its earliest and latest record (a record of no time is none). */
static void
note_time(struct analysis *a, const struct record *r)
{
	struct stamp t = { .sec = r->sec, .ms = r->ms, .serial = r->serial };

	if (r->sec <= 0)
		return;
	if (!a->first_read.sec || stamp_compare(&t, &a->first_read) < 0)
		a->first_read = t;
	if (stamp_compare(&t, &a->last_read) > 0)
		a->last_read = t;
}

/* One event: whose it is, then what it shows. */
static void
fold_event(struct analysis *a, const struct event *ev)
{
	attribution_event_start(&a->attribution, ev->sec);
	/* A runtime's or monitor's exec names a container for the processes that follow. */
	if (ev->n_args && engine_is_runtime_exe(ev->exe))
		launches_note_exec(&a->attribution.launches, ev->node, ev->pid, ev->ppid, ev->sec,
				   ev->args, ev->n_args);
	owners_of_event(&a->attribution, ev, &a->owners);
	evidence_add_event(&a->evidence, ev, &a->owners);
	if (ev->n_args)
		admin_add_event(&a->admin, ev, owner_origin(&a->owners.process), &a->claims);
}

static void
fold_parsed(const struct event *ev, void *data)
{
	fold_event(data, ev);
}

/*
 * A finished event, parsed only when a record of it is of interest.  Its node is the
 * correlator's (interned where the records are grouped): the analysis's own copy replaces it.
 */
static void
fold_raw_event(struct analysis *a, struct raw_event *raw)
{
	if (raw->node && raw->node != a->grouped_node) {
		a->grouped_node = raw->node;
		a->node = strpool_intern(&a->pool, raw->node);
	}
	if (raw->node)
		raw->node = a->node;
	a->parsed_events++;
	event_memo_parse(&a->memo, &a->parser, raw, fold_parsed, a);
}

static void
fold_finished_events(struct analysis *a)
{
	struct raw_event *raw;

	while ((raw = correlate_next(&a->correlator)))
		if (raw->flags)
			fold_raw_event(a, raw);
}

/*
 * Stage 1 of a record read at @line, on the thread that groups: false when it is not to be
 * read (outside --since, --until, --node, or before a report's checkpoint).
 */
static bool
admit_record(struct analysis *a, const struct record *r)
{
	if (!record_selected(a->opt, r)) {
		a->filtered_records++;
		return false;
	}
	if (a->opt->after) {
		struct checkpoint_mark *m = checkpoint_find(a->opt->after, r->node, r->node_len);

		if (m && m->first_sec == 0)
			m->first_sec = r->sec ? r->sec : -1;
		if (m && checkpoint_covers(m, r->sec, r->ms, r->serial)) {
			m->reached |= r->sec == m->sec && r->ms == m->ms && r->serial == m->serial;
			a->checkpointed_records++;
			return false;
		}
	}
	checkpoint_note(&a->seen, r->node, r->node_len, r->sec, r->ms, r->serial);
	note_time(a, r);
	return true;
}

/* What a record tells besides its event, noted before the events it finishes are folded. */
static bool
record_has_notes(const struct record *r)
{
	return r->carries_header || r->type == AUDIT_SYSCALL;
}

static void
note_record(struct analysis *a, const struct record *r, unsigned long line)
{
	if (r->carries_header)
		note_embedded_record(a, r, line);
	if (r->enrich && r->type == AUDIT_SYSCALL)
		note_login(a, r);
	if (r->type == AUDIT_SYSCALL && attribution_has_containers(&a->attribution))
		note_parent(a, r);
}

/* One record read at @line of the input being read, on one thread. */
static void
fold_record(struct analysis *a, const struct record *rp, unsigned long line)
{
	const struct record r = *rp;

	if (!admit_record(a, &r))
		return;
	note_record(a, &r, line);
	correlate_add(&a->correlator, &r, a->lines.file, line);
	fold_finished_events(a);
}

/*
 * The same on the reading thread (reader.h): what the caller's thread needs of the record and
 * the events it finishes are handed over in that order, so it folds them as fold_record() does.
 */
static void
group_record(struct reader *rd, const struct record *r, unsigned long line, void *data)
{
	struct analysis *a = data;
	struct raw_event *raw;

	if (!admit_record(a, r))
		return;
	if (record_has_notes(r))
		reader_emit_record(rd, r, line);
	correlate_add(&a->correlator, r, a->lines.file, line);
	while ((raw = correlate_next(&a->correlator)))
		if (raw->flags)
			reader_emit_event(rd, raw);
}

/* The per-record loop: every record of the text pushed so far, in order. */
static void
fold_records(struct analysis *a)
{
	struct record r;
	unsigned long line;

	while (lines_next(&a->lines, &r, &line))
		fold_record(a, &r, line);
}

void
analysis_begin_input(struct analysis *a, const char *name)
{
	lines_begin(&a->lines, strpool_intern(&a->pool, name));
}

void
analysis_feed(struct analysis *a, const char *buf, size_t len)
{
	lines_push(&a->lines, buf, len);
	fold_records(a);
}

void
analysis_end_input(struct analysis *a)
{
	lines_end(&a->lines);
	fold_records(a);
}

/*
 * Reading on a second thread pays where a second CPU is ours to use; LEASTPRIV_THREADS=1
 * keeps everything on one (the output is the same either way).
 */
static bool
reader_thread_pays(void)
{
	const char *threads = getenv("LEASTPRIV_THREADS");
	cpu_set_t cpus;

	if (threads && streq(threads, "1"))
		return false;
	return sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) >= 2;
}

static void
no_record_found(struct analysis *a, unsigned long line)
{
	diag_add(
		&a->diag, DIAG_NOT_A_RECORD, a->lines.file, line,
		"no audit record in the first %d MiB: not an audit log; the rest of it is not read",
		NO_RECORD_MAX >> 20);
}

static void
input_done(struct analysis *a, struct source_input *in)
{
	const char *damage = source_damage(in);

	if (damage)
		diag_add(&a->diag, DIAG_TRUNCATED, a->lines.file, a->lines.lineno,
			 "%s: the records up to here are read, any after it are lost", damage);
	source_close(in);
}

/*
 * read_input() with the reading and grouping (stage 1) on a thread of its own: the records'
 * notes, the finished events and the problems come back in the order one thread would see
 * them.  -EAGAIN when no thread could be started (nothing was read).
 */
static int
read_input_on_thread(struct analysis *a, struct source_input *in)
{
	const struct reader_stage stage = {
		.take = group_record,
		.data = a,
		.diag = &a->correlator.diag,
	};
	struct reader rd;
	struct reader_batch *b;
	int r = reader_start(&rd, &a->lines, in, NO_RECORD_MAX, &stage);

	if (r < 0)
		return -EAGAIN;
	while ((b = reader_next(&rd))) {
		for (size_t i = 0; i < b->n; i++) {
			struct reader_item *it = &b->items[i];

			if (it->gave_up)
				no_record_found(a, it->line);
			else if (it->problem)
				diag_add(&a->diag, it->kind, it->problem_file, it->line, "%s",
					 it->problem);
			else if (it->is_event)
				fold_raw_event(a, &it->event);
			else
				note_record(a, &it->record, it->line);
		}
		reader_release(&rd, b);
	}
	r = reader_finish(&rd);
	if (r < 0) {
		source_close(in);
		return r;
	}
	input_done(a, in);
	return 0;
}

/* Read one input to its end; 0 or -errno (what was read before an error is folded). */
static int
read_input(struct analysis *a, const char *path, char *buf)
{
	struct source_input *in;
	unsigned long long bytes = 0;
	size_t records_before = a->lines.stats.records;
	ssize_t n;
	int r = source_open(path, &in);

	if (r < 0)
		return r;
	analysis_begin_input(a, streq(path, "-") ? "(stdin)" : path);
	if (a->reader_thread) {
		r = read_input_on_thread(a, in);
		if (r != -EAGAIN)
			return r;
	}
	while ((n = source_read_block(in, buf, BLOCK_SIZE)) > 0) {
		analysis_feed(a, buf, (size_t)n);
		bytes += (unsigned long long)n;
		/* A stream of anything but audit records (/dev/zero on a pipe) is not read for
		 * ever. */
		if (bytes > NO_RECORD_MAX && a->lines.stats.records == records_before) {
			no_record_found(a, a->lines.lineno);
			break;
		}
	}
	if (n < 0) {
		source_close(in);
		return (int)n;
	}
	analysis_end_input(a);
	input_done(a, in);
	return 0;
}

static void
add_input(struct analysis *a, const char *path)
{
	a->inputs = xrealloc(a->inputs, (a->n_inputs + 1) * sizeof(*a->inputs));
	a->inputs[a->n_inputs].path = xstrdup(path);
	a->inputs[a->n_inputs].error = 0;
	a->inputs[a->n_inputs].same_as = NULL;
	a->n_inputs++;
}

/* A directory stands for its audit.log and rotations; anything else for itself. */
static int
expand_input(struct analysis *a, const char *path, const char *base)
{
	struct stat st;
	char **files;
	int n;

	if (streq(path, "-") || stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		add_input(a, path);
		return 0;
	}
	n = source_list_logs(path, base, &files);
	if (n < 0) {
		add_input(a, path); /* reading it reports the error */
		return n;
	}
	for (int i = 0; i < n; i++) {
		add_input(a, files[i]);
		free(files[i]);
	}
	free(files);
	return 0;
}

/*
 * An input that is the same file as an earlier one (a rotation that is a symlink to the live
 * log, a file named twice) is read once: its records would otherwise count twice.
 */
static void
mark_duplicates(struct analysis *a)
{
	struct stat *st = xcalloc(a->n_inputs + 1, sizeof(*st));
	bool *known = xcalloc(a->n_inputs + 1, sizeof(*known));

	for (size_t i = 0; i < a->n_inputs; i++) {
		known[i] = !streq(a->inputs[i].path, "-") && stat(a->inputs[i].path, &st[i]) == 0;
		for (size_t j = 0; known[i] && j < i; j++)
			if (known[j] && st[j].st_dev == st[i].st_dev &&
			    st[j].st_ino == st[i].st_ino) {
				a->inputs[i].same_as = a->inputs[j].path;
				break;
			}
	}
	free(st);
	free(known);
}

/* Inspect data, the engine's answer and the group file: what the log is read against. */
static enum analysis_failure
load_context(struct analysis *a, char **ret_detail)
{
	const struct analysis_options *opt = a->opt;
	int r;

	for (size_t i = 0; i < opt->n_inspect; i++) {
		struct strbuf err;

		strbuf_init(&err);
		r = inspect_load(&a->inspect, opt->inspect[i], &err);
		if (r < 0) {
			*ret_detail = err.len ? strbuf_detach(&err)
					      : xasprintf("%s: %s", opt->inspect[i], strerror(-r));
			if (err.buf)
				strbuf_done(&err);
			return ANALYSIS_BAD_INSPECT;
		}
		strbuf_done(&err);
	}
	if (opt->inspect_text) {
		struct strbuf err;

		strbuf_init(&err);
		r = inspect_load_text(&a->inspect, opt->inspect_text, opt->inspect_text_len,
				      opt->inspect_text_source, &err);
		if (r < 0) {
			*ret_detail = err.len ? strbuf_detach(&err)
					      : xasprintf("%s: %s", opt->inspect_text_source,
							  strerror(-r));
			if (err.buf)
				strbuf_done(&err);
			return ANALYSIS_BAD_INSPECT;
		}
		strbuf_done(&err);
	}
	if (opt->live) {
		const char *sock = opt->engine_socket ? opt->engine_socket : live_default_socket();
		struct strbuf err;

		strbuf_init(&err);
		r = live_load_running(&a->inspect, sock, &err);
		if (r < 0) {
			*ret_detail = xasprintf("--live: %s", err.buf);
			strbuf_done(&err);
			return ANALYSIS_NO_ENGINE;
		}
		strbuf_done(&err);
		a->attribution.live = true;
	}
	evidence_add_inspected(&a->evidence);
	admin_add_inspect(&a->admin, &a->inspect);
	/* The docker group of this host matters when its own log is read. */
	if (opt->group_file || opt->n_inputs == 0) {
		const char *gf = opt->group_file ? opt->group_file : "/etc/group";

		r = admin_read_group(&a->admin, gf);
		if (r < 0 && opt->group_file) {
			*ret_detail = xasprintf("%s: %s", gf, strerror(-r));
			return ANALYSIS_BAD_GROUP;
		}
	}
	return ANALYSIS_STARTED;
}

/* The inputs named, or the host's own log and its rotations. */
static enum analysis_failure
list_inputs(struct analysis *a, char **ret_detail)
{
	const struct analysis_options *opt = a->opt;

	if (opt->n_inputs == 0) {
		cleanup_free char *log = source_default_log(opt->auditd_conf);
		char *slash = strrchr(log, '/');
		cleanup_free char *dir =
			slash ? xstrndup(log, (size_t)(slash - log)) : xstrdup(".");
		char **files;
		int n = source_list_logs(*dir ? dir : "/", slash ? slash + 1 : log, &files);

		/* Nothing to read at all: say so plainly rather than report on nothing. */
		if (n < 0) {
			*ret_detail = xasprintf(
				"%s: no audit log there: %s (%s)", log, strerror(-n),
				n == -EACCES || n == -EPERM ? "run as root, or name a log file"
							    : "name a log file or directory");
			return ANALYSIS_NO_HOST_LOG;
		}
		for (int i = 0; i < n; i++) {
			add_input(a, files[i]);
			free(files[i]);
		}
		free(files);
	}
	for (size_t i = 0; i < opt->n_inputs; i++)
		(void)expand_input(a, opt->inputs[i], "audit.log");
	mark_duplicates(a);
	return ANALYSIS_STARTED;
}

enum analysis_failure
analysis_open(struct analysis *a, const struct analysis_options *opt, char **ret_detail)
{
	enum analysis_failure failure;

	memset(a, 0, sizeof(*a));
	*ret_detail = NULL;
	a->opt = opt;
	strpool_init(&a->pool);
	diag_init(&a->diag);
	lines_init(&a->lines, &a->diag);
	strpool_init(&a->node_pool);
	correlate_init(&a->correlator, &a->node_pool, &a->diag, opt->eoe_timeout_ms,
		       interest_of_record);
	attribution_init(&a->attribution, &a->pool, &a->inspect);
	admin_init(&a->admin);
	event_owners_init(&a->owners);
	claims_init(&a->claims);
	evidence_init(&a->evidence, &a->pool, &a->attribution, &a->diag, &a->claims);
	event_memo_init(&a->memo, EVENT_MEMO_BYTES);
	a->reader_thread = reader_thread_pays();
	if (event_parser_init(&a->parser, &a->diag) < 0) {
		*ret_detail = xstrdup("libauparse cannot be set up");
		return ANALYSIS_NO_PARSER;
	}
	failure = load_context(a, ret_detail);
	if (failure == ANALYSIS_STARTED)
		failure = list_inputs(a, ret_detail);
	return failure;
}

void
analysis_read_inputs(struct analysis *a)
{
	cleanup_free char *buf = xmalloc(BLOCK_SIZE);

	for (size_t i = 0; i < a->n_inputs; i++) {
		int r;

		if (a->inputs[i].same_as)
			continue;
		r = read_input(a, a->inputs[i].path, buf);
		if (r < 0) {
			a->inputs[i].error = r;
			a->failed_inputs++;
		}
	}
}

void
analysis_settle(struct analysis *a)
{
	correlate_flush(&a->correlator);
	fold_finished_events(a);
}

const struct report *
analysis_snapshot(struct analysis *a)
{
	struct report *r = &a->report;

	correlate_flush(&a->correlator);
	fold_finished_events(a);
	evidence_finish(&a->evidence);
	if (a->opt->n_containers)
		evidence_select(&a->evidence, a->opt->containers);
	advice_set_done(&a->advice);
	recommend(&a->evidence, a->opt->seccomp_dir, &a->advice);
	admin_finish(&a->admin);
	/* A report on some containers is not one on the host's logins and groups. */
	if (a->opt->n_containers) {
		free(a->admin_view.sockets);
		memset(&a->admin_view, 0, sizeof(a->admin_view));
		a->admin_view.sockets =
			xcalloc(a->admin.n_sockets + 1, sizeof(*a->admin_view.sockets));
		for (size_t i = 0; i < a->admin.n_sockets; i++)
			for (size_t j = 0; j < a->opt->n_containers; j++)
				if (streq(a->admin.sockets[i].container, a->opt->containers[j])) {
					a->admin_view.sockets[a->admin_view.n_sockets++] =
						a->admin.sockets[i];
					break;
				}
	}
	*r = (struct report){
		.target = a->opt->target,
		.target_given = a->opt->target_given,
		.window = {
			.has_since = a->opt->has_since,
			.has_until = a->opt->has_until,
			.since = a->opt->since,
			.until = a->opt->until,
			.from_checkpoint = a->opt->after != NULL,
			.first = a->first_read,
			.last = a->last_read,
		},
		.inputs = a->inputs,
		.n_inputs = a->n_inputs,
		.failed_inputs = a->failed_inputs,
		.lines = &a->lines.stats,
		.events = &a->correlator.stats,
		.parsed_events = a->parsed_events,
		.filtered_records = a->filtered_records,
		.evidence = &a->evidence.stats,
		.overflow = &a->evidence.overflow,
		.advice = &a->advice,
		.n_containers = a->advice.n_containers,
		.admin = a->opt->n_containers ? &a->admin_view : &a->admin,
		.launches = &a->attribution.launches,
		.claims = &a->claims,
		.diag = &a->diag,
	};
	report_count(r);
	return r;
}

enum analysis_failure
analysis_run(struct analysis *a, const struct analysis_options *opt,
	     const struct report **ret_report, char **ret_detail)
{
	enum analysis_failure failure = analysis_open(a, opt, ret_detail);

	*ret_report = NULL;
	if (failure != ANALYSIS_STARTED)
		return failure;
	analysis_read_inputs(a);
	*ret_report = analysis_snapshot(a);
	return ANALYSIS_STARTED;
}

void
analysis_close(struct analysis *a)
{
	checkpoint_done(&a->seen);
	advice_set_done(&a->advice);
	evidence_done(&a->evidence);
	event_owners_done(&a->owners);
	attribution_done(&a->attribution);
	inspect_set_done(&a->inspect);
	admin_done(&a->admin);
	free(a->admin_view.sockets);
	event_parser_done(&a->parser);
	event_memo_done(&a->memo);
	correlate_done(&a->correlator);
	lines_done(&a->lines);
	diag_done(&a->diag);
	claims_done(&a->claims);
	strpool_done(&a->pool);
	strpool_done(&a->node_pool);
	for (size_t i = 0; i < a->n_inputs; i++)
		free(a->inputs[i].path);
	free(a->inputs);
}
