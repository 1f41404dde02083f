/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 6: the machine-readable report (docs/json-schema.md), written as it is produced. */
#include <errno.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/ingest/source.h"
#include "leastpriv/base/jsonw.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/knowledge/controls.h"
#include "config.h"

#define SCHEMA_VERSION 2

static void
jtime(struct jsonw *w, const char *key, const struct stamp *t)
{
	char buf[TIMEFMT_MAX];

	timefmt_rfc3339(buf, sizeof(buf), t->sec, t->ms);
	jw_text(w, key, buf);
}

static void
jlist(struct jsonw *w, const char *key, const char *const *items, size_t n)
{
	jw_array_begin(w, key);
	for (size_t i = 0; i < n; i++)
		jw_text(w, NULL, items[i]);
	jw_array_end(w);
}

static void
finding_json(struct jsonw *w, const struct finding *f)
{
	jw_object_begin(w, NULL);
	jw_text(w, "id", f->id);
	jw_text(w, "kind", finding_kind_name(f->kind));
	jw_text(w, "class", f->tclass);
	jlist(w, "permissions", f->perms, f->n_perms);
	jw_text(w, "target_context", f->tcontext);
	jw_text(w, "target_type", f->ttype);
	jw_text(w, "object", f->object);
	jw_bool(w, "object_is_path", f->object_is_path);
	if (f->folded)
		jw_uint(w, "folded", f->folded);
	if (f->capability >= 0)
		jw_text(w, "capability", caps_name(f->capability));
	if (f->port >= 0)
		jw_int(w, "port", f->port);
	jw_bool(w, "in_user_namespace", f->in_user_ns);
	if (f->profile)
		jw_text(w, "apparmor_profile", f->profile);
	if (f->kind == FINDING_SYSCALL && f->rule) {
		jw_bool(w, "certain", f->rule->sure);
		jw_text(w, "other_causes", f->rule->other_causes);
	}
	jw_uint(w, "count", f->count);
	jw_uint(w, "permissive", f->permissive_count);
	jtime(w, "first", &f->first);
	jtime(w, "last", &f->last);
	jlist(w, "processes", f->comms, f->n_comms);
	jlist(w, "executables", f->exes, f->n_exes);
	jlist(w, "syscalls", f->syscalls, f->n_syscalls);
	jw_object_begin(w, "example");
	jw_text(w, "file", f->example_file);
	jw_uint(w, "line", f->example_line);
	jw_text(w, "record", f->example);
	jw_object_end(w);
	jw_object_end(w);
}

/* The benchmark controls a kind of advice or admin finding bears on. */
static void
control_list_json(struct jsonw *w, const char *kind)
{
	jw_array_begin(w, "controls");
	for (const struct benchmark_control *const *c = controls_for_advice(kind); *c; c++) {
		jw_object_begin(w, NULL);
		jw_text(w, "benchmark", (*c)->benchmark);
		jw_text(w, "version", (*c)->version);
		jw_text(w, "id", (*c)->id);
		jw_text(w, "title", (*c)->title);
		jw_object_end(w);
	}
	jw_array_end(w);
}

/* The benchmark controls the advice bears on, and the Pod Security level its set meets. */
static void
controls_json(struct jsonw *w, const struct advice *adv)
{
	control_list_json(w, advice_kind_name(adv->kind));
	if (adv->kind == ADVICE_CAPABILITIES && adv->n_caps)
		jw_text(w, "pod_security_level",
			controls_pod_security_level(adv->caps, adv->n_caps));
}

static void
advice_json(struct jsonw *w, const struct advice *adv, enum target target)
{
	struct advice_summary s;

	jw_object_begin(w, NULL);
	jw_text(w, "id", adv->id);
	jw_text(w, "kind", advice_kind_name(adv->kind));
	jw_text(w, "class", adv->class_name ? adv->class_name : "");
	jw_text(w, "severity", severity_name(adv->severity));
	jw_text(w, "title", adv->title);
	jw_text(w, "what", adv->what);
	jw_text(w, "why", adv->why);
	jw_text(w, "confidence", adv->confidence);
	jw_text(w, "confidence_note", adv->confidence_note);
	if (adv->kind == ADVICE_RELABEL || adv->kind == ADVICE_RELABEL_REFUSED)
		jw_text(w, "mount_point", adv->mount_point);
	if (adv->relabel_option)
		jw_text(w, "relabel_option", adv->relabel_option);
	if (adv->boolean)
		jw_text(w, "boolean", adv->boolean);
	if (adv->kind == ADVICE_CAPABILITIES) {
		jw_array_begin(w, "capabilities");
		for (size_t i = 0; i < adv->n_caps; i++)
			jw_text(w, NULL, caps_name(adv->caps[i]));
		jw_array_end(w);
	}
	jw_array_begin(w, "fixes");
	for (size_t i = 0; i < adv->n_steps; i++) {
		char *text = render_step_text(&adv->steps[i], target);

		jw_object_begin(w, NULL);
		jw_text(w, "label", render_step_label(&adv->steps[i], target));
		jw_text(w, "operation", fixop_kind_name(adv->steps[i].op.kind));
		jw_command(w, "command", text);
		jw_object_end(w);
		free(text);
	}
	jw_array_end(w);
	advice_summarize(adv, &s);
	jw_object_begin(w, "evidence");
	jw_uint(w, "count", s.count);
	jw_uint(w, "permissive", s.permissive);
	if (s.earliest) {
		jtime(w, "first", &s.first);
		jtime(w, "last", &s.last);
	}
	jw_array_begin(w, "findings");
	for (size_t i = 0; i < adv->n_findings; i++)
		finding_json(w, adv->findings[i]);
	jw_array_end(w);
	jw_object_end(w);
	controls_json(w, adv);
	jw_object_end(w);
}

static void
container_json(struct jsonw *w, const struct container_advice *ca, enum target target)
{
	const struct container *ct = ca->container;

	jw_object_begin(w, NULL);
	jw_text(w, "id", ct->id);
	jw_text(w, "node", ct->node);
	if (ct->info) {
		jw_text(w, "name", ct->info->name);
		jw_text(w, "engine_id", ct->info->id);
		jw_text(w, "image", ct->info->image && *ct->info->image ? ct->info->image : NULL);
		jw_bool(w, "privileged", ct->info->privileged);
	}
	jw_text(w, "label", ct->label);
	jw_text(w, "type", ct->type);
	jw_text(w, "level", ct->level);
	jw_text(w, "kind", subject_kind_name(ct->kind));
	jlist(w, "processes", ct->comms, ct->n_comms);
	jlist(w, "executables", ct->exes, ct->n_exes);
	if (ct->events) {
		jtime(w, "first_seen", &ct->first);
		jtime(w, "last_seen", &ct->last);
	} else {
		jw_null(w, "first_seen");
		jw_null(w, "last_seen");
	}
	jw_uint(w, "events", ct->events);
	jw_uint(w, "denials", ct->denials);
	jw_uint(w, "denials_not_kept", ct->denials_not_kept);
	jw_array_begin(w, "advice");
	for (size_t i = 0; i < ca->n_items; i++)
		advice_json(w, ca->items[i], target);
	jw_array_end(w);
	jw_object_end(w);
}

/* The headline, as the text report's first line counts it. */
static void
summary_json(struct jsonw *w, const struct report_counts *c)
{
	jw_object_begin(w, "summary");
	jw_uint(w, "containers", c->containers);
	jw_uint(w, "unattributed_programs", c->unattributed);
	jw_uint(w, "with_advice", c->with_advice);
	jw_uint(w, "advice", c->advice);
	jw_uint(w, "admin_findings", c->admin);
	jw_object_begin(w, "by_severity");
	for (int s = 0; s < SEVERITY_MAX; s++)
		jw_uint(w, severity_name(s), c->by_severity[s]);
	jw_object_end(w);
	jw_object_end(w);
}

static void
stats_json(struct jsonw *w, const struct report *r)
{
	const struct line_stats *ss = r->lines;
	const struct evidence_stats *es = r->evidence;
	const struct correlate_stats *cs = r->events;
	const struct {
		const char *key;
		uint64_t v;
	} counts[] = {
		{ "files", ss->files },
		{ "bytes", ss->bytes },
		{ "lines", ss->lines },
		{ "records", ss->records },
		{ "avc_records", ss->by_type[1400] },
		{ "user_avc_records", ss->by_type[1107] },
		{ "selinux_err_records", ss->by_type[1401] },
		{ "syscall_records", ss->by_type[1300] },
		{ "events", cs->events },
		{ "events_parsed", r->parsed_events },
		{ "events_timed_out", cs->timed_out },
		{ "events_forced_out", cs->forced_out },
		{ "max_open_events", cs->max_open },
		{ "selinux_denials", es->avc_denials },
		{ "selinux_granted", es->avc_granted },
		{ "host_denials", es->host_denials },
		{ "engine_denials", es->engine_denials },
		{ "unattributed_denials", es->unattributed },
		{ "failed_syscalls", es->failed_syscalls },
		{ "host_failed_syscalls", es->host_syscalls },
		{ "seccomp_records", es->seccomp_records },
		{ "host_seccomp_records", es->host_seccomp },
		{ "apparmor_denials", es->apparmor_denials },
		{ "host_apparmor_denials", es->host_apparmor },
		{ "other_lsm_records", es->other_lsm },
		{ "blank_lines", ss->blank_lines },
		{ "separator_lines", ss->separator_lines },
		{ "skipped_lines", ss->skipped_lines },
		{ "rendered_records", ss->rendered_records },
		{ "duplicate_records", ss->duplicate_records },
		{ "dropped_records", cs->dropped_records },
		{ "filtered_records", r->filtered_records },
		{ "rejected_claims", claims_total(r->claims) },
		{ "denials_not_kept", es->denials_not_kept },
		{ "overflow_container_events", r->overflow->events },
		{ "overflow_container_denials", r->overflow->denials },
	};

	jw_object_begin(w, "stats");
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++)
		jw_uint(w, counts[i].key, counts[i].v);
	jw_object_begin(w, "problems");
	jw_uint(w, "total", diag_total(r->diag));
	for (int k = 0; k < DIAG_MAX; k++)
		jw_uint(w, diag_kind_name(k), r->diag->count[k]);
	jw_object_end(w);
	jw_object_end(w);
}

/* The admin findings as the other formats and the history list them: one per finding. */
static void
admin_findings_json(struct jsonw *w, const struct report *r)
{
	jw_array_begin(w, "findings");
	for (size_t i = 0; i < r->counts.admin; i++) {
		struct admin_finding af;

		report_admin_finding(r, i, &af);
		jw_object_begin(w, NULL);
		jw_text(w, "id", af.id);
		jw_text(w, "kind", af.kind);
		jw_text(w, "severity", severity_name(af.severity));
		jw_text(w, "subject", af.subject);
		jw_text(w, "title", af.title);
		jw_text(w, "what", af.what);
		jw_command(w, "example", af.example);
		control_list_json(w, af.kind);
		jw_object_end(w);
		admin_finding_done(&af);
	}
	jw_array_end(w);
}

static void
admin_json(struct jsonw *w, const struct report *r)
{
	const struct admin *ad = r->admin;

	jw_object_begin(w, "admin");
	admin_findings_json(w, r);
	jw_array_begin(w, "engine_users");
	for (size_t i = 0; i < ad->n_users; i++) {
		const struct engine_user *u = ad->list[i];
		bool risky = false;

		for (int k = 0; k < RISK_MAX; k++)
			risky |= u->risks[k] > 0;
		jw_object_begin(w, NULL);
		if (u->auid == (unsigned long long)-1 || u->auid == 4294967295ULL)
			jw_null(w, "auid");
		else
			jw_uint(w, "auid", u->auid);
		jw_text(w, "login", u->login);
		jw_uint(w, "runs", u->runs);
		if (risky)
			jw_text(w, "severity", severity_name(REPORT_RUNS_SEVERITY));
		else
			jw_null(w, "severity");
		jw_object_begin(w, "risks");
		for (int k = 0; k < RISK_MAX; k++)
			jw_uint(w, engine_risk_name(k), u->risks[k]);
		jw_object_end(w);
		jtime(w, "first", &u->first);
		jtime(w, "last", &u->last);
		jw_command(w, "example", u->example);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_array_begin(w, "socket_mounts");
	for (size_t i = 0; i < ad->n_sockets; i++) {
		jw_object_begin(w, NULL);
		jw_text(w, "severity", severity_name(REPORT_SOCKET_SEVERITY));
		jw_text(w, "container", ad->sockets[i].container);
		jw_text(w, "source", ad->sockets[i].source);
		jw_text(w, "destination", ad->sockets[i].destination);
		jw_object_end(w);
	}
	jw_array_end(w);
	if (ad->docker_group && ad->docker_group[0])
		jw_text(w, "docker_group_severity", severity_name(REPORT_GROUP_SEVERITY));
	if (ad->docker_group)
		jlist(w, "docker_group", (const char *const *)ad->docker_group,
		      strv_length(ad->docker_group));
	else
		jw_null(w, "docker_group");
	jw_object_end(w);
}

/* Records that claimed what their sender could not: counted, the first of each kind shown. */
static void
claims_json(struct jsonw *w, const struct claims *c)
{
	jw_array_begin(w, "rejected_claims");
	for (int k = 0; k < CLAIM_MAX; k++) {
		if (!c->count[k])
			continue;
		jw_object_begin(w, NULL);
		jw_text(w, "kind", claim_kind_name(k));
		jw_uint(w, "count", c->count[k]);
		jw_text(w, "sender", c->first[k].sender);
		jw_text(w, "file", c->first[k].file);
		jw_uint(w, "line", c->first[k].line);
		jw_object_end(w);
	}
	jw_array_end(w);
}

/* leastpriv report: this run against the last, finding by finding. */
static void
history_json(struct jsonw *w, const struct report_history *h)
{
	char at[TIMEFMT_MAX];

	jw_object_begin(w, "history");
	jw_int(w, "run", h->run);
	jw_int(w, "previous_run", h->previous);
	timefmt_rfc3339(at, sizeof(at), h->at, 0);
	jw_text(w, "generated", at);
	jw_text(w, "host", h->host);
	jw_uint(w, "checkpointed_records", h->checkpointed_records);
	jw_text(w, "gap", h->gap);
	jw_uint(w, "new", h->by_status[STATUS_NEW]);
	jw_uint(w, "open", h->by_status[STATUS_OPEN]);
	jw_uint(w, "resolved", h->by_status[STATUS_RESOLVED]);
	jw_uint(w, "waived", h->waived);
	jw_uint(w, "expired_waivers", h->expired);
	jw_array_begin(w, "trend");
	for (size_t i = 0; i < h->n_trend; i++) {
		jw_object_begin(w, NULL);
		jw_int(w, "run", h->trend[i].run);
		jw_uint(w, "open", h->trend[i].open);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_array_begin(w, "findings");
	for (size_t i = 0; i < h->n_entries; i++) {
		const struct history_entry *e = &h->entries[i];

		jw_object_begin(w, NULL);
		jw_text(w, "id", e->id);
		jw_text(w, "status", finding_status_name(e->status));
		jw_text(w, "container", e->container);
		jw_text(w, "title", e->title);
		jw_text(w, "severity", e->severity);
		timefmt_rfc3339(at, sizeof(at), e->first_seen, 0);
		jw_text(w, "first_seen", at);
		jw_int(w, "runs", e->runs);
		if (e->waived) {
			jw_object_begin(w, "waiver");
			timefmt_rfc3339(at, sizeof(at), e->waived_until, 0);
			jw_text(w, "until", at);
			jw_text(w, "reason", e->waiver_reason);
			jw_object_end(w);
		} else {
			jw_null(w, "waiver");
		}
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

static void
jseconds(struct jsonw *w, const char *key, bool has, int64_t sec)
{
	char buf[TIMEFMT_MAX];

	if (!has) {
		jw_null(w, key);
		return;
	}
	timefmt_rfc3339(buf, sizeof(buf), sec, 0);
	jw_text(w, key, buf);
}

/* What stretch of the log the report covers: the window asked for and the records read. */
static void
window_json(struct jsonw *w, const struct report_window *win)
{
	jw_object_begin(w, "window");
	jseconds(w, "since", win->has_since, win->since);
	jseconds(w, "until", win->has_until, win->until);
	jw_bool(w, "from_checkpoint", win->from_checkpoint);
	if (win->first.sec) {
		jtime(w, "first_record", &win->first);
		jtime(w, "last_record", &win->last);
	} else {
		jw_null(w, "first_record");
		jw_null(w, "last_record");
	}
	jw_object_end(w);
}

int
render_json(const struct report *r, FILE *out)
{
	struct jsonw w;

	jw_init(&w, out);
	jw_object_begin(&w, NULL);
	jw_text(&w, "tool", "leastpriv");
	jw_text(&w, "tool_version", LEASTPRIV_VERSION);
	jw_int(&w, "schema_version", SCHEMA_VERSION);
	jw_text(&w, "target", target_name(r->target));
	window_json(&w, &r->window);
	jw_array_begin(&w, "inputs");
	for (size_t i = 0; i < r->n_inputs; i++) {
		jw_object_begin(&w, NULL);
		jw_text(&w, "path", r->inputs[i].path);
		jw_text(&w, "error",
			r->inputs[i].error ? source_strerror(r->inputs[i].error) : NULL);
		if (r->inputs[i].same_as)
			jw_text(&w, "same_as", r->inputs[i].same_as);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	summary_json(&w, &r->counts);
	stats_json(&w, r);
	jw_array_begin(&w, "containers");
	for (size_t i = 0; i < r->n_containers; i++)
		container_json(&w, report_container(r, i), r->target);
	jw_array_end(&w);
	if (r->history)
		history_json(&w, r->history);
	admin_json(&w, r);
	claims_json(&w, r->claims);
	jw_array_begin(&w, "problems");
	for (size_t i = 0; i < r->diag->n_kept; i++) {
		const struct diag_message *m = &r->diag->kept[i];

		jw_object_begin(&w, NULL);
		jw_text(&w, "file", m->file);
		jw_uint(&w, "line", m->line);
		jw_text(&w, "kind", diag_kind_name(m->kind));
		jw_text(&w, "message", m->text);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	return jw_finish(&w);
}
