/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 6: the machine-readable report (docs/json-schema.md), built with json-c. */
#include <errno.h>
#include <json-c/json.h>

#include "leastpriv/caps.h"
#include "leastpriv/escape.h"
#include "leastpriv/render.h"
#include "leastpriv/timefmt.h"

#define SCHEMA_VERSION 1

/* A string from the log: escaped as in the text report, so it is safe even after `jq -r`. */
static json_object *
jstr_log(const char *s)
{
	char *e;
	json_object *o;

	if (!s)
		return NULL;
	e = escape_display_dup(s);
	o = json_object_new_string(e);
	free(e);
	return o;
}

/* A string of our own (advice prose, option names). */
static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
jtime(const struct stamp *t)
{
	char buf[TIMEFMT_MAX];

	timefmt_rfc3339(buf, sizeof(buf), t->sec, t->ms);
	return json_object_new_string(buf);
}

static json_object *
jlog_list(const char *const *items, size_t n)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, jstr_log(items[i]));
	return arr;
}

static json_object *
finding_json(const struct finding *f)
{
	json_object *o = json_object_new_object(), *perms = json_object_new_array(), *ex;

	json_object_object_add(o, "kind", jstr(finding_kind_name(f->kind)));
	json_object_object_add(o, "class", jstr_log(f->tclass));
	for (size_t i = 0; i < f->n_perms; i++)
		json_object_array_add(perms, jstr_log(f->perms[i]));
	json_object_object_add(o, "permissions", perms);
	json_object_object_add(o, "target_context", jstr_log(f->tcontext));
	json_object_object_add(o, "target_type", jstr_log(f->ttype));
	json_object_object_add(o, "object", jstr_log(f->object));
	json_object_object_add(o, "object_is_path", json_object_new_boolean(f->object_is_path));
	if (f->capability >= 0)
		json_object_object_add(o, "capability", jstr(caps_name(f->capability)));
	if (f->port >= 0)
		json_object_object_add(o, "port", json_object_new_int(f->port));
	json_object_object_add(o, "in_user_namespace", json_object_new_boolean(f->in_user_ns));
	if (f->profile)
		json_object_object_add(o, "apparmor_profile", jstr_log(f->profile));
	if (f->kind == FINDING_SYSCALL && f->rule) {
		json_object_object_add(o, "certain", json_object_new_boolean(f->rule->sure));
		json_object_object_add(o, "other_causes", jstr(f->rule->other_causes));
	}
	json_object_object_add(o, "count", json_object_new_uint64(f->count));
	json_object_object_add(o, "permissive", json_object_new_uint64(f->permissive_count));
	json_object_object_add(o, "first", jtime(&f->first));
	json_object_object_add(o, "last", jtime(&f->last));
	json_object_object_add(o, "processes", jlog_list(f->comms, f->n_comms));
	json_object_object_add(o, "executables", jlog_list(f->exes, f->n_exes));
	json_object_object_add(o, "syscalls", jlog_list(f->syscalls, f->n_syscalls));
	ex = json_object_new_object();
	json_object_object_add(ex, "file", jstr_log(f->example_file));
	json_object_object_add(ex, "line", json_object_new_uint64(f->example_line));
	json_object_object_add(ex, "record", jstr_log(f->example));
	json_object_object_add(o, "example", ex);
	return o;
}

static json_object *
advice_json(const struct advice *adv)
{
	json_object *o = json_object_new_object(), *fixes = json_object_new_array();
	json_object *ev = json_object_new_object(), *fs = json_object_new_array();
	struct advice_summary s;

	json_object_object_add(o, "kind", jstr(advice_kind_name(adv->kind)));
	json_object_object_add(o, "severity", jstr(severity_name(adv->severity)));
	json_object_object_add(o, "title", jstr(adv->title));
	json_object_object_add(o, "what", jstr(adv->what));
	json_object_object_add(o, "why", jstr(adv->why));
	json_object_object_add(o, "confidence", jstr(adv->confidence));
	json_object_object_add(o, "confidence_note", jstr(adv->confidence_note));
	if (adv->kind == ADVICE_RELABEL || adv->kind == ADVICE_RELABEL_REFUSED)
		json_object_object_add(o, "mount_point", jstr_log(adv->mount_point));
	if (adv->relabel_option)
		json_object_object_add(o, "relabel_option", jstr(adv->relabel_option));
	if (adv->boolean)
		json_object_object_add(o, "boolean", jstr(adv->boolean));
	if (adv->kind == ADVICE_CAPABILITIES) {
		json_object *caps = json_object_new_array();

		for (size_t i = 0; i < adv->n_caps; i++)
			json_object_array_add(caps, jstr(caps_name(adv->caps[i])));
		json_object_object_add(o, "capabilities", caps);
	}
	for (size_t i = 0; i < adv->n_fixes; i++) {
		json_object *f = json_object_new_object();

		json_object_object_add(f, "label", jstr(adv->fixes[i].label));
		json_object_object_add(f, "command", jstr(adv->fixes[i].command));
		json_object_array_add(fixes, f);
	}
	json_object_object_add(o, "fixes", fixes);
	advice_summarize(adv, &s);
	json_object_object_add(ev, "count", json_object_new_uint64(s.count));
	json_object_object_add(ev, "permissive", json_object_new_uint64(s.permissive));
	if (s.earliest) {
		json_object_object_add(ev, "first", jtime(&s.first));
		json_object_object_add(ev, "last", jtime(&s.last));
	}
	for (size_t i = 0; i < adv->n_findings; i++)
		json_object_array_add(fs, finding_json(adv->findings[i]));
	json_object_object_add(ev, "findings", fs);
	json_object_object_add(o, "evidence", ev);
	return o;
}

static json_object *
container_json(const struct container_advice *ca)
{
	const struct container *ct = ca->container;
	json_object *o = json_object_new_object(), *adv = json_object_new_array();

	json_object_object_add(o, "node", jstr_log(ct->node));
	if (ct->info) {
		json_object_object_add(o, "name", jstr_log(ct->info->name));
		json_object_object_add(o, "id", jstr_log(ct->info->id));
		json_object_object_add(o, "image", jstr_log(ct->info->image));
		json_object_object_add(o, "privileged",
				       json_object_new_boolean(ct->info->privileged));
	}
	json_object_object_add(o, "label", jstr_log(ct->label));
	json_object_object_add(o, "type", jstr_log(ct->type));
	json_object_object_add(o, "level", jstr_log(ct->level));
	json_object_object_add(o, "kind", jstr(subject_kind_name(ct->kind)));
	json_object_object_add(o, "processes", jlog_list(ct->comms, ct->n_comms));
	json_object_object_add(o, "executables", jlog_list(ct->exes, ct->n_exes));
	json_object_object_add(o, "first_seen", ct->events ? jtime(&ct->first) : NULL);
	json_object_object_add(o, "last_seen", ct->events ? jtime(&ct->last) : NULL);
	json_object_object_add(o, "events", json_object_new_uint64(ct->events));
	json_object_object_add(o, "denials", json_object_new_uint64(ct->denials));
	for (size_t i = 0; i < ca->n_items; i++)
		json_object_array_add(adv, advice_json(ca->items[i]));
	json_object_object_add(o, "advice", adv);
	return o;
}

static json_object *
stats_json(const struct analysis *a)
{
	const struct source_stats *ss = &a->source.stats;
	const struct evidence_stats *es = &a->evidence.stats;
	const struct correlate_stats *cs = &a->correlator.stats;
	json_object *o = json_object_new_object(), *bad = json_object_new_object();

	json_object_object_add(o, "files", json_object_new_uint64(ss->files));
	json_object_object_add(o, "bytes", json_object_new_uint64(ss->bytes));
	json_object_object_add(o, "lines", json_object_new_uint64(ss->lines));
	json_object_object_add(o, "records", json_object_new_uint64(ss->records));
	json_object_object_add(o, "avc_records", json_object_new_uint64(ss->by_type[1400]));
	json_object_object_add(o, "user_avc_records", json_object_new_uint64(ss->by_type[1107]));
	json_object_object_add(o, "selinux_err_records", json_object_new_uint64(ss->by_type[1401]));
	json_object_object_add(o, "syscall_records", json_object_new_uint64(ss->by_type[1300]));
	json_object_object_add(o, "events", json_object_new_uint64(cs->events));
	json_object_object_add(o, "events_parsed", json_object_new_uint64(a->parsed_events));
	json_object_object_add(o, "events_timed_out", json_object_new_uint64(cs->timed_out));
	json_object_object_add(o, "events_forced_out", json_object_new_uint64(cs->forced_out));
	json_object_object_add(o, "max_open_events", json_object_new_uint64(cs->max_open));
	json_object_object_add(o, "selinux_denials", json_object_new_uint64(es->avc_denials));
	json_object_object_add(o, "selinux_granted", json_object_new_uint64(es->avc_granted));
	json_object_object_add(o, "host_denials", json_object_new_uint64(es->host_denials));
	json_object_object_add(o, "engine_denials", json_object_new_uint64(es->engine_denials));
	json_object_object_add(o, "unattributed_denials", json_object_new_uint64(es->unattributed));
	json_object_object_add(o, "failed_syscalls", json_object_new_uint64(es->failed_syscalls));
	json_object_object_add(o, "host_failed_syscalls",
			       json_object_new_uint64(es->host_syscalls));
	json_object_object_add(o, "seccomp_records", json_object_new_uint64(es->seccomp_records));
	json_object_object_add(o, "host_seccomp_records", json_object_new_uint64(es->host_seccomp));
	json_object_object_add(o, "apparmor_denials", json_object_new_uint64(es->apparmor_denials));
	json_object_object_add(o, "host_apparmor_denials",
			       json_object_new_uint64(es->host_apparmor));
	json_object_object_add(o, "other_lsm_records", json_object_new_uint64(es->other_lsm));
	json_object_object_add(o, "blank_lines", json_object_new_uint64(ss->blank_lines));
	json_object_object_add(o, "separator_lines", json_object_new_uint64(ss->separator_lines));
	json_object_object_add(o, "skipped_lines", json_object_new_uint64(ss->skipped_lines));
	json_object_object_add(o, "dropped_records", json_object_new_uint64(cs->dropped_records));
	json_object_object_add(o, "filtered_records", json_object_new_uint64(a->filtered_records));
	json_object_object_add(bad, "total", json_object_new_uint64(diag_total(&a->diag)));
	for (int k = 0; k < DIAG_MAX; k++)
		json_object_object_add(bad, diag_kind_name(k),
				       json_object_new_uint64(a->diag.count[k]));
	json_object_object_add(o, "problems", bad);
	return o;
}

static json_object *
admin_json(const struct admin *ad)
{
	json_object *o = json_object_new_object(), *users = json_object_new_array();
	json_object *sockets = json_object_new_array(), *group = NULL;

	for (size_t i = 0; i < ad->n_users; i++) {
		const struct engine_user *u = ad->list[i];
		json_object *j = json_object_new_object(), *risks = json_object_new_object();

		json_object_object_add(j, "auid",
				       u->auid == (unsigned long long)-1 || u->auid == 4294967295ULL
					       ? NULL
					       : json_object_new_uint64(u->auid));
		json_object_object_add(j, "runs", json_object_new_uint64(u->runs));
		for (int k = 0; k < RISK_MAX; k++)
			json_object_object_add(risks, engine_risk_name(k),
					       json_object_new_uint64(u->risks[k]));
		json_object_object_add(j, "risks", risks);
		json_object_object_add(j, "first", jtime(&u->first));
		json_object_object_add(j, "last", jtime(&u->last));
		json_object_object_add(j, "example", jstr_log(u->example));
		json_object_array_add(users, j);
	}
	for (size_t i = 0; i < ad->n_sockets; i++) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "container", jstr_log(ad->sockets[i].container));
		json_object_object_add(j, "source", jstr_log(ad->sockets[i].source));
		json_object_object_add(j, "destination", jstr_log(ad->sockets[i].destination));
		json_object_array_add(sockets, j);
	}
	if (ad->docker_group) {
		group = json_object_new_array();
		for (size_t i = 0; ad->docker_group[i]; i++)
			json_object_array_add(group, jstr_log(ad->docker_group[i]));
	}
	json_object_object_add(o, "engine_users", users);
	json_object_object_add(o, "socket_mounts", sockets);
	json_object_object_add(o, "docker_group", group);
	return o;
}

int
render_json(const struct analysis *a, FILE *out)
{
	json_object *root = json_object_new_object(), *inputs = json_object_new_array();
	json_object *containers = json_object_new_array(), *msgs = json_object_new_array();

	json_object_object_add(root, "tool", jstr("leastpriv"));
	json_object_object_add(root, "schema_version", json_object_new_int(SCHEMA_VERSION));
	for (size_t i = 0; i < a->n_inputs; i++) {
		json_object *in = json_object_new_object();

		json_object_object_add(in, "path", jstr_log(a->inputs[i].path));
		json_object_object_add(in, "error",
				       a->inputs[i].error ? jstr(strerror(-a->inputs[i].error))
							  : NULL);
		json_object_array_add(inputs, in);
	}
	json_object_object_add(root, "inputs", inputs);
	json_object_object_add(root, "stats", stats_json(a));
	for (size_t i = 0; i < a->report.n_containers; i++)
		json_object_array_add(containers, container_json(&a->report.containers[i]));
	json_object_object_add(root, "containers", containers);
	json_object_object_add(root, "admin", admin_json(&a->admin));
	for (size_t i = 0; i < a->diag.n_kept; i++) {
		const struct diag_message *m = &a->diag.kept[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "file", jstr_log(m->file));
		json_object_object_add(o, "line", json_object_new_uint64(m->line));
		json_object_object_add(o, "kind", jstr(diag_kind_name(m->kind)));
		json_object_object_add(o, "message", jstr(m->text));
		json_object_array_add(msgs, o);
	}
	json_object_object_add(root, "problems", msgs);
	return render_json_document(root, out);
}

int
render_json_document(json_object *root, FILE *out)
{
	fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_SPACED |
							   JSON_C_TO_STRING_NOSLASHESCAPE),
	      out);
	fputc('\n', out);
	json_object_put(root);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
