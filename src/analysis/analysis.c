/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pipeline: wires the stages together and streams every record through them once. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libaudit.h>
#include <sys/stat.h>

#include "leastpriv/attrib/live.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/analysis/analysis.h"
#include "leastpriv/knowledge/syscalls.h"
#include "leastpriv/base/util.h"

enum interest {
	INTEREST_MAC = 1 << 0,       /* an access decision: worth parsing */
	INTEREST_CONTAINER = 1 << 1, /* a syscall of a container process */
	INTEREST_FAILED = 1 << 2,    /* a failed syscall: perhaps a missing capability */
	INTEREST_ENGINE = 1 << 3,    /* a docker/podman command line */
};

/*
 * Cheap byte check for a container domain in a SYSCALL record's subj=: most syscall events are
 * the host's, and ':' appears in a record body almost only inside SELinux contexts.
 */
static bool
is_container_subject(const char *body, size_t len)
{
	const char *p = body, *end = body + len;

	while (p < end && (p = memchr(p, ':', (size_t)(end - p)))) {
		size_t left = (size_t)(end - p);

		if (mem_startswith(p, left, ":spc_t:") || mem_startswith(p, left, ":container_") ||
		    mem_startswith(p, left, ":svirt_"))
			return true;
		p++;
	}
	return false;
}

/*
 * Whether an EXECVE record's a0 names an engine client: a0="docker", a0="/usr/bin/podman"
 * (the kernel hex-encodes it only when it holds odd bytes, which no client's path does).
 */
static bool
is_engine_command(const struct record *r)
{
	size_t len = r->body_len < 200 ? r->body_len : 200;
	char needle[40];

	for (size_t i = 0; engine_client_name(i); i++) {
		int n = snprintf(needle, sizeof(needle), "%s\" ", engine_client_name(i));

		if (mem_find(r->body, len, needle, (size_t)n))
			return true;
	}
	return false;
}

static long long body_number(const char *body, size_t len, const char *name, size_t name_len);

/* Whether the record's syscall is one the capability table knows, by its arch's numbers. */
static bool
is_gated_syscall(const struct record *r)
{
	const char *arch = mem_find(r->body, r->body_len, "arch=", 5);
	long long nr = body_number(r->body, r->body_len, " syscall=", 9);
	unsigned long a;

	if (!arch || nr < 0)
		return false;
	a = strtoul(arch + 5, NULL, 16);
	return syscall_cap_lookup((unsigned)a, (int)nr) != NULL;
}

/* Decide from the raw record whether its event is worth giving to libauparse at all. */
static unsigned
classify_record(const struct record *r)
{
	switch (r->type) {
	case AUDIT_AVC:
	case AUDIT_USER_AVC:
	case AUDIT_SELINUX_ERR:
	case AUDIT_SECCOMP:
		return INTEREST_MAC;
	case AUDIT_EXECVE:
		return is_engine_command(r) ? INTEREST_ENGINE : 0;
	case AUDIT_SYSCALL:
		/* A failed syscall matters only when a capability gates it. */
		if (mem_find(r->body, r->body_len, " success=no ", 12) && is_gated_syscall(r))
			return INTEREST_FAILED;
		return is_container_subject(r->body, r->body_len) ? INTEREST_CONTAINER : 0;
	default:
		return 0;
	}
}

static void
on_event(const struct event *ev, void *data)
{
	struct analysis *a = data;

	attribution_event_start(&a->attribution);
	owners_of_event(&a->attribution, ev, &a->owners);
	evidence_add_event(&a->evidence, ev, &a->owners);
	if (ev->n_args)
		admin_add_event(&a->admin, ev, owner_origin(&a->owners.process), &a->claims);
}

static void
on_raw_event(struct raw_event *raw, void *data)
{
	struct analysis *a = data;

	if (!raw->flags)
		return;
	a->parsed_events++;
	event_parse(&a->parser, raw, on_event, a);
}

/* The number after " NAME=" in @body, or -1. */
static long long
body_number(const char *body, size_t len, const char *name, size_t name_len)
{
	const char *p = mem_find(body, len, name, name_len);
	long long v = 0;

	if (!p)
		return -1;
	p += name_len;
	if (p >= body + len || *p < '0' || *p > '9')
		return -1;
	/* No field the analysis reads has more than 18 digits: longer is garbage, not a wrap. */
	for (int digits = 0; p < body + len && *p >= '0' && *p <= '9'; digits++) {
		if (digits == 18)
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

/* --since, --until and --node, checked on each record before it is grouped (as ausearch). */
static bool
record_selected(const struct config *cfg, const struct record *r)
{
	if (cfg->has_since && r->sec < cfg->since)
		return false;
	if (cfg->has_until && r->sec > cfg->until)
		return false;
	if (cfg->n_nodes) {
		for (size_t i = 0; i < cfg->n_nodes; i++)
			if (r->node && strlen(cfg->nodes[i]) == r->node_len &&
			    memcmp(cfg->nodes[i], r->node, r->node_len) == 0)
				return true;
		return false;
	}
	return true;
}

static void
on_record(const struct record *r, const char *file, unsigned long line, void *data)
{
	struct analysis *a = data;

	if (!record_selected(a->cfg, r)) {
		a->filtered_records++;
		return;
	}
	if (r->carries_header) {
		const char *subj;
		size_t len;
		char *sender = record_kernel_field(r, "subj", &subj, &len)
				       ? xstrndup(subj, len)
				       : xstrdup("an unlabelled process");

		claims_add(&a->claims, CLAIM_EMBEDDED_RECORD, file, line, sender);
		free(sender);
	}
	/* Every SYSCALL record tells a parent: enough to follow ancestry to a container's init. */
	if (r->type == AUDIT_SYSCALL && a->inspect.n) {
		long long ppid = body_number(r->body, r->body_len, " ppid=", 6);
		long long pid = body_number(r->body, r->body_len, " pid=", 5);
		const char *node =
			r->node ? strpool_intern_n(&a->pool, r->node, r->node_len) : NULL;

		/*
		 * Not from fork/clone return values: those are pids of the caller's pid
		 * namespace, which inside a container are not the host's.
		 */
		attribution_note_process(&a->attribution, node, pid, ppid);
	}
	correlate_add(&a->correlator, r, file, line);
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

int
analysis_run(struct analysis *a, const struct config *cfg, char **ret_missing)
{
	int r;

	memset(a, 0, sizeof(*a));
	a->cfg = cfg;
	strpool_init(&a->pool);
	diag_init(&a->diag);
	source_init(&a->source, &a->pool, &a->diag, on_record, a);
	correlate_init(&a->correlator, &a->pool, &a->diag, cfg->eoe_timeout_ms, classify_record,
		       on_raw_event, a);
	attribution_init(&a->attribution, &a->pool, &a->inspect);
	admin_init(&a->admin);
	event_owners_init(&a->owners);
	claims_init(&a->claims);
	evidence_init(&a->evidence, &a->pool, &a->attribution, &a->diag, &a->claims);
	r = event_parser_init(&a->parser, &a->diag);
	if (r < 0)
		return r;
	for (size_t i = 0; i < cfg->n_inspect; i++) {
		struct strbuf err;

		strbuf_init(&err);
		r = inspect_load(&a->inspect, cfg->inspect[i], &err);
		if (r < 0) {
			*ret_missing = err.len ? strbuf_detach(&err)
					       : xasprintf("%s: %s", cfg->inspect[i], strerror(-r));
			if (err.buf)
				strbuf_done(&err);
			return -EBADMSG;
		}
		strbuf_done(&err);
	}
	if (cfg->live) {
		const char *sock = cfg->engine_socket ? cfg->engine_socket : live_default_socket();
		struct strbuf err;

		strbuf_init(&err);
		r = live_load_running(&a->inspect, sock, &err);
		if (r < 0) {
			*ret_missing = xasprintf("--live: %s", err.buf);
			strbuf_done(&err);
			return -EBADMSG;
		}
		strbuf_done(&err);
		a->attribution.live = true;
	}
	evidence_add_inspected(&a->evidence);
	admin_add_inspect(&a->admin, &a->inspect);
	/* The docker group of this host matters when its own log is read. */
	if (cfg->group_file || cfg->n_inputs == 0) {
		const char *gf = cfg->group_file ? cfg->group_file : "/etc/group";

		r = admin_read_group(&a->admin, gf);
		if (r < 0 && cfg->group_file) {
			*ret_missing = xasprintf("%s: %s", gf, strerror(-r));
			return -EBADMSG;
		}
	}

	if (cfg->n_inputs == 0) {
		cleanup_free char *log = source_default_log(cfg->auditd_conf);
		char *slash = strrchr(log, '/');
		cleanup_free char *dir =
			slash ? xstrndup(log, (size_t)(slash - log)) : xstrdup(".");

		char **files;
		int n = source_list_logs(*dir ? dir : "/", slash ? slash + 1 : log, &files);

		/* Nothing to read at all: say so plainly rather than report on nothing. */
		if (n < 0) {
			*ret_missing = xstrdup(log);
			return n;
		}
		for (int i = 0; i < n; i++) {
			add_input(a, files[i]);
			free(files[i]);
		}
		free(files);
	}
	for (size_t i = 0; i < cfg->n_inputs; i++)
		(void)expand_input(a, cfg->inputs[i], "audit.log");

	mark_duplicates(a);
	for (size_t i = 0; i < a->n_inputs; i++) {
		if (a->inputs[i].same_as)
			continue;
		r = source_read(&a->source, a->inputs[i].path);
		if (r < 0) {
			a->inputs[i].error = r;
			a->failed_inputs++;
		}
	}
	correlate_flush(&a->correlator);
	evidence_finish(&a->evidence);
	if (cfg->n_containers)
		evidence_select(&a->evidence, cfg->containers);
	recommend(&a->evidence, cfg->seccomp_dir, cfg->target, &a->report);
	admin_finish(&a->admin);
	return 0;
}

void
analysis_done(struct analysis *a)
{
	report_done(&a->report);
	evidence_done(&a->evidence);
	event_owners_done(&a->owners);
	attribution_done(&a->attribution);
	inspect_set_done(&a->inspect);
	admin_done(&a->admin);
	event_parser_done(&a->parser);
	correlate_done(&a->correlator);
	diag_done(&a->diag);
	claims_done(&a->claims);
	strpool_done(&a->pool);
	for (size_t i = 0; i < a->n_inputs; i++)
		free(a->inputs[i].path);
	free(a->inputs);
}

int
analysis_exit_status(const struct analysis *a)
{
	size_t advice = 0;

	if (a->failed_inputs)
		return EXIT_INPUT_ERROR;
	if (diag_total(&a->diag))
		return EXIT_PARTIAL_INPUT;
	for (size_t i = 0; i < SEVERITY_MAX; i++)
		advice += a->report.n_advice[i];
	advice += a->admin.n_sockets;
	for (size_t i = 0; i < a->admin.n_users; i++)
		for (int k = 0; k < RISK_MAX; k++)
			advice += a->admin.list[i]->risks[k];
	for (size_t i = 0; a->admin.docker_group && a->admin.docker_group[i]; i++)
		advice++;
	return advice ? EXIT_ADVICE : EXIT_CLEAN;
}
