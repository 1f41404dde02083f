/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report as SARIF 2.1.0, for code-scanning dashboards: one run, a rule per kind of advice
 * and of admin finding (related to the benchmark controls, given as a taxonomy), and a result
 * per piece of advice and per admin finding.  Levels: critical and high are errors, medium a
 * warning, low a note.  A result's location is its example record (the log file and line) and
 * its container; its fingerprint is the advice's stable id, so a dashboard follows it from one
 * report to the next.  Written as it is produced, through the JSON writer's escaping.
 */
#include <errno.h>
#include <string.h>

#include "config.h"
#include "leastpriv/base/hmap.h"
#include "leastpriv/base/jsonw.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/base/util.h"
#include "leastpriv/knowledge/controls.h"
#include "leastpriv/render/render.h"

#define SARIF_SCHEMA                                                                               \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define TAXONOMY "CIS Docker Benchmark"

/* The rules: each kind of advice (by advice_kind_name()) and of admin finding. */
static const struct {
	const char *id;
	const char *brief;
	enum severity usual; /* its default level; each result says its own */
} rules[] = {
	{ "engine_socket", "A container reached for the engine's socket", SEVERITY_CRITICAL },
	{ "privileged", "A container ran with every privilege", SEVERITY_HIGH },
	{ "capabilities", "A container needs a capability set other than the one it has",
	  SEVERITY_MEDIUM },
	{ "relabel", "A volume needs an SELinux relabel (:z or :Z)", SEVERITY_MEDIUM },
	{ "relabel_refused", "A system path was refused: it must not be relabelled",
	  SEVERITY_MEDIUM },
	{ "shared_content", "A container reached for another container's private content",
	  SEVERITY_MEDIUM },
	{ "boolean", "An SELinux boolean allows what was refused", SEVERITY_MEDIUM },
	{ "storage_label", "The engine's storage is mislabelled", SEVERITY_MEDIUM },
	{ "noise", "A refusal that needs no change", SEVERITY_LOW },
	{ "review", "A refusal with no automatic fix", SEVERITY_LOW },
	{ "seccomp", "The seccomp filter refused system calls the container makes",
	  SEVERITY_MEDIUM },
	{ "apparmor", "An AppArmor profile refused what the container does", SEVERITY_MEDIUM },
	{ "readonly", "A write to a read-only file system", SEVERITY_MEDIUM },
	{ "policy_gap", "The SELinux policy is the bug: update it, or add a local module",
	  SEVERITY_MEDIUM },
	{ "other_confinement", "A confinement other than the engine's refused it",
	  SEVERITY_MEDIUM },
	{ "engine_socket_mount", "A container holds the engine socket", SEVERITY_CRITICAL },
	{ "risky_runs", "A login started root-equivalent containers", SEVERITY_HIGH },
	{ "docker_group", "The docker group has members", SEVERITY_HIGH },
};

static const char *
sarif_level(enum severity s)
{
	return s <= SEVERITY_HIGH ? "error" : s == SEVERITY_MEDIUM ? "warning" : "note";
}

static size_t
rule_index(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (streq(rules[i].id, id))
			return i;
	return 0; /* every kind is in the table (tests/sarif-check.py checks the ids) */
}

static void
sarif_message(struct jsonw *w, const char *key, const char *text)
{
	jw_object_begin(w, key);
	jw_text(w, "text", text);
	jw_object_end(w);
}

/* The index of @c among controls_all(): its taxon's index. */
static size_t
taxon_index(const struct benchmark_control *c)
{
	const struct benchmark_control *const *all = controls_all();

	for (size_t i = 0; all[i]; i++)
		if (all[i] == c)
			return i;
	return 0;
}

static void
rule_json(struct jsonw *w, size_t i)
{
	const struct benchmark_control *const *c = controls_for_advice(rules[i].id);

	jw_object_begin(w, NULL);
	jw_text(w, "id", rules[i].id);
	sarif_message(w, "shortDescription", rules[i].brief);
	jw_object_begin(w, "defaultConfiguration");
	jw_text(w, "level", sarif_level(rules[i].usual));
	jw_object_end(w);
	jw_object_begin(w, "properties");
	jw_array_begin(w, "tags");
	jw_text(w, NULL, "security");
	jw_text(w, NULL, "containers");
	jw_array_end(w);
	jw_object_end(w);
	jw_array_begin(w, "relationships");
	for (; *c; c++) {
		jw_object_begin(w, NULL);
		jw_object_begin(w, "target");
		jw_text(w, "id", (*c)->id);
		jw_uint(w, "index", taxon_index(*c));
		jw_object_begin(w, "toolComponent");
		jw_text(w, "name", TAXONOMY);
		jw_uint(w, "index", 0);
		jw_object_end(w);
		jw_object_end(w);
		jw_array_begin(w, "kinds");
		jw_text(w, NULL, "relevant");
		jw_array_end(w);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

static void
taxonomy_json(struct jsonw *w)
{
	const struct benchmark_control *const *all = controls_all();

	jw_array_begin(w, "taxonomies");
	jw_object_begin(w, NULL);
	jw_text(w, "name", TAXONOMY);
	jw_text(w, "version", all[0]->version);
	jw_text(w, "organization", "Center for Internet Security");
	jw_array_begin(w, "taxa");
	for (size_t i = 0; all[i]; i++) {
		jw_object_begin(w, NULL);
		jw_text(w, "id", all[i]->id);
		sarif_message(w, "shortDescription", all[i]->title);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
	jw_array_end(w);
}

/*
 * @path as a URI reference: absolute paths as file: URIs, others relative; every byte but the
 * unreserved ones and '/' percent-encoded.
 */
static char *
path_uri(const char *path)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (path[0] == '/')
		strbuf_addstr(&sb, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			strbuf_addch(&sb, (char)*p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	return strbuf_detach(&sb);
}

/* Where a result is: its example record's file and line, and the container (or subject). */
static void
locations_json(struct jsonw *w, const char *file, unsigned long line, const char *subject,
	       const char *subject_kind)
{
	jw_array_begin(w, "locations");
	jw_object_begin(w, NULL);
	if (file && !streq(file, "(stdin)")) {
		char *uri = path_uri(file);

		jw_object_begin(w, "physicalLocation");
		jw_object_begin(w, "artifactLocation");
		jw_text(w, "uri", uri);
		jw_object_end(w);
		if (line) {
			jw_object_begin(w, "region");
			jw_uint(w, "startLine", line);
			jw_object_end(w);
		}
		jw_object_end(w);
		free(uri);
	}
	jw_array_begin(w, "logicalLocations");
	jw_object_begin(w, NULL);
	jw_text(w, "name", subject);
	jw_text(w, "kind", subject_kind);
	jw_object_end(w);
	jw_array_end(w);
	jw_object_end(w);
	jw_array_end(w);
}

/* The history's view of a result: new or not, and the waiver that accepts it. */
struct result_history {
	const char *baseline; /* "new", "unchanged", or NULL without a history */
	const struct history_entry *waiver;
};

static struct result_history
history_of(const struct hmap *entries, const char *const *ids, size_t n)
{
	struct result_history rh = { 0 };
	size_t known = 0, waived = 0, fresh = 0;

	if (!entries)
		return rh;
	for (size_t i = 0; i < n; i++) {
		const struct history_entry *e = hmap_get(entries, ids[i], strlen(ids[i]));

		if (!e)
			continue;
		known++;
		fresh += e->status == STATUS_NEW;
		if (e->waived) {
			waived++;
			rh.waiver = e;
		}
	}
	if (known)
		rh.baseline = fresh == known ? "new" : "unchanged";
	if (waived != known)
		rh.waiver = NULL; /* accepted only when all of it is */
	return rh;
}

static void
result_history_json(struct jsonw *w, const struct result_history *rh)
{
	if (rh->baseline)
		jw_text(w, "baselineState", rh->baseline);
	if (rh->waiver) {
		char until[TIMEFMT_MAX];

		jw_array_begin(w, "suppressions");
		jw_object_begin(w, NULL);
		jw_text(w, "kind", "external");
		jw_text(w, "status", "accepted");
		jw_text(w, "justification", rh->waiver->waiver_reason);
		jw_object_begin(w, "properties");
		timefmt_rfc3339(until, sizeof(until), rh->waiver->waived_until, 0);
		jw_text(w, "until", until);
		jw_object_end(w);
		jw_object_end(w);
		jw_array_end(w);
	}
}

static void
advice_result(struct jsonw *w, const struct container_advice *ca, const struct advice *adv,
	      enum target target, const struct hmap *entries)
{
	const char *kind = advice_kind_name(adv->kind);
	const char **ids = xcalloc(adv->n_findings + 1, sizeof(*ids));
	struct result_history rh;
	struct advice_summary s;
	struct strbuf msg;
	char when[TIMEFMT_MAX];

	for (size_t i = 0; i < adv->n_findings; i++)
		ids[i] = adv->findings[i]->id;
	rh = history_of(entries, ids, adv->n_findings);
	free(ids);
	advice_summarize(adv, &s);
	strbuf_init(&msg);
	strbuf_addf(&msg, "%s. %s", adv->title, adv->what);
	jw_object_begin(w, NULL);
	jw_text(w, "ruleId", kind);
	jw_uint(w, "ruleIndex", rule_index(kind));
	jw_text(w, "kind", "fail");
	jw_text(w, "level", sarif_level(adv->severity));
	sarif_message(w, "message", msg.buf);
	locations_json(w, s.earliest ? s.earliest->example_file : NULL,
		       s.earliest ? s.earliest->example_line : 0, ca->container->label,
		       ca->container->kind == SUBJECT_UNATTRIBUTED ? "program" : "container");
	jw_object_begin(w, "partialFingerprints");
	jw_text(w, "leastprivAdviceId/v1", adv->id);
	jw_object_end(w);
	result_history_json(w, &rh);
	jw_object_begin(w, "properties");
	jw_text(w, "severity", severity_name(adv->severity));
	jw_text(w, "confidence", adv->confidence);
	jw_text(w, "container", ca->container->label);
	jw_text(w, "class", adv->class_name ? adv->class_name : "");
	jw_text(w, "why", adv->why);
	jw_uint(w, "count", s.count);
	if (s.earliest) {
		timefmt_rfc3339(when, sizeof(when), s.first.sec, s.first.ms);
		jw_text(w, "first", when);
		timefmt_rfc3339(when, sizeof(when), s.last.sec, s.last.ms);
		jw_text(w, "last", when);
		jw_text(w, "example", s.earliest->example);
	}
	jw_array_begin(w, "fixes");
	for (size_t i = 0; i < adv->n_steps; i++) {
		char *text = render_step_text(&adv->steps[i], target);

		jw_object_begin(w, NULL);
		jw_text(w, "label", render_step_label(&adv->steps[i], target));
		jw_command(w, "command", text);
		jw_object_end(w);
		free(text);
	}
	jw_array_end(w);
	jw_object_end(w);
	jw_object_end(w);
	strbuf_done(&msg);
}

static void
admin_result(struct jsonw *w, const struct admin_finding *af, const struct hmap *entries)
{
	const char *ids[] = { af->id };
	struct result_history rh = history_of(entries, ids, 1);
	struct strbuf msg;

	strbuf_init(&msg);
	strbuf_addf(&msg, "%s. %s", af->title, af->what);
	jw_object_begin(w, NULL);
	jw_text(w, "ruleId", af->kind);
	jw_uint(w, "ruleIndex", rule_index(af->kind));
	jw_text(w, "kind", "fail");
	jw_text(w, "level", sarif_level(af->severity));
	sarif_message(w, "message", msg.buf);
	locations_json(w, NULL, 0, af->subject,
		       streq(af->kind, "risky_runs")     ? "login"
		       : streq(af->kind, "docker_group") ? "group"
							 : "container");
	jw_object_begin(w, "partialFingerprints");
	jw_text(w, "leastprivAdviceId/v1", af->id);
	jw_object_end(w);
	result_history_json(w, &rh);
	jw_object_begin(w, "properties");
	jw_text(w, "severity", severity_name(af->severity));
	if (af->example)
		jw_command(w, "example", af->example);
	jw_object_end(w);
	jw_object_end(w);
	strbuf_done(&msg);
}

static void
invocation_json(struct jsonw *w, const struct report *r)
{
	char at[TIMEFMT_MAX];

	jw_array_begin(w, "invocations");
	jw_object_begin(w, NULL);
	jw_bool(w, "executionSuccessful", r->failed_inputs == 0);
	if (r->history) {
		timefmt_rfc3339(at, sizeof(at), r->history->at, 0);
		jw_text(w, "endTimeUtc", at);
		jw_text(w, "machine", r->history->host);
	}
	jw_object_begin(w, "properties");
	if (r->window.first.sec) {
		timefmt_rfc3339(at, sizeof(at), r->window.first.sec, r->window.first.ms);
		jw_text(w, "firstRecord", at);
		timefmt_rfc3339(at, sizeof(at), r->window.last.sec, r->window.last.ms);
		jw_text(w, "lastRecord", at);
	}
	jw_bool(w, "fromCheckpoint", r->window.from_checkpoint);
	jw_uint(w, "records", r->lines->records);
	jw_uint(w, "problems", diag_total(r->diag));
	jw_object_end(w);
	jw_object_end(w);
	jw_array_end(w);
}

int
render_sarif(const struct report *r, FILE *out)
{
	struct hmap by_id, *entries = NULL;
	struct jsonw w;

	if (r->history) {
		hmap_init(&by_id);
		for (size_t i = 0; i < r->history->n_entries; i++) {
			const struct history_entry *e = &r->history->entries[i];

			hmap_put(&by_id, e->id, strlen(e->id))->value = (void *)e;
		}
		entries = &by_id;
	}
	jw_init(&w, out);
	jw_object_begin(&w, NULL);
	jw_text(&w, "$schema", SARIF_SCHEMA);
	jw_text(&w, "version", "2.1.0");
	jw_array_begin(&w, "runs");
	jw_object_begin(&w, NULL);
	jw_object_begin(&w, "tool");
	jw_object_begin(&w, "driver");
	jw_text(&w, "name", "leastpriv");
	jw_text(&w, "version", LEASTPRIV_VERSION);
	jw_text(&w, "semanticVersion", LEASTPRIV_VERSION);
	jw_array_begin(&w, "rules");
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		rule_json(&w, i);
	jw_array_end(&w);
	jw_array_begin(&w, "supportedTaxonomies");
	jw_object_begin(&w, NULL);
	jw_text(&w, "name", TAXONOMY);
	jw_uint(&w, "index", 0);
	jw_object_end(&w);
	jw_array_end(&w);
	jw_object_end(&w);
	jw_object_end(&w);
	taxonomy_json(&w);
	if (r->history) {
		struct strbuf id;

		strbuf_init(&id);
		strbuf_addf(&id, "leastpriv/%s/", r->history->host);
		jw_object_begin(&w, "automationDetails");
		jw_text(&w, "id", id.buf);
		jw_object_end(&w);
		strbuf_done(&id);
	}
	invocation_json(&w, r);
	jw_array_begin(&w, "results");
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		for (size_t k = 0; k < ca->n_items; k++)
			advice_result(&w, ca, ca->items[k], r->target, entries);
	}
	for (size_t i = 0; i < r->counts.admin; i++) {
		struct admin_finding af;

		report_admin_finding(r, i, &af);
		admin_result(&w, &af, entries);
		admin_finding_done(&af);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	jw_array_end(&w);
	jw_object_end(&w);
	if (entries)
		hmap_done(&by_id, NULL);
	return jw_finish(&w);
}
