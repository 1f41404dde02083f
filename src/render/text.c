/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 6: the report for people, grouped per container, wrapped, escaped. */
#include <errno.h>

#include "leastpriv/advise/recommend.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/base/timefmt.h"
#include "leastpriv/knowledge/controls.h"

#define WIDTH       100
#define LABEL_WIDTH 14

/*
 * Print @raw (text for people, log strings included) escaped for the terminal and wrapped at
 * WIDTH, the first line after @label in a column of LABEL_WIDTH, the rest indented to that
 * column.  Every string of the report reaches the terminal through here or print_command().
 */
static void
print_wrapped(FILE *out, int indent, const char *label, const char *raw)
{
	int col = indent + LABEL_WIDTH;
	const char *p;
	bool first = true;
	struct strbuf text;

	strbuf_init(&text);
	escape_display(&text, raw, strlen(raw));
	p = text.buf;

	fprintf(out, "%*s%-*s", indent, "", LABEL_WIDTH, label);
	while (*p) {
		const char *line_end = p;
		const char *last_space = NULL;
		int width = WIDTH - col;

		while (*line_end && line_end - p < width) {
			if (*line_end == ' ')
				last_space = line_end;
			line_end++;
		}
		if (*line_end && last_space)
			line_end = last_space;
		/* Never cut inside a UTF-8 sequence. */
		while (*line_end && line_end > p + 1 && ((unsigned char)*line_end & 0xc0) == 0x80)
			line_end--;
		if (!first)
			fprintf(out, "%*s", col, "");
		fprintf(out, "%.*s\n", (int)(line_end - p), p);
		first = false;
		p = line_end;
		while (*p == ' ')
			p++;
	}
	if (first)
		fputc('\n', out);
	strbuf_done(&text);
}

/* A shell command (one or more lines: compose keys, Quadlet keys), indented under its label. */
static void
print_command(FILE *out, int indent, const char *command)
{
	struct strbuf line;

	strbuf_init(&line);
	for (const char *c = command; c && *c;) {
		size_t len = strcspn(c, "\n");
		char *one = xstrndup(c, len);

		strbuf_reset(&line);
		escape_command(&line, one);
		fprintf(out, "%*s%s\n", indent, "", line.buf);
		free(one);
		c += len + (c[len] == '\n');
	}
	strbuf_done(&line);
}

static void
add_list(struct strbuf *sb, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, items[i]);
	}
}

/* A line of its own (after a fixed indent), escaped. */
static void
print_line(FILE *out, int indent, const char *raw)
{
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, raw, strlen(raw));
	fprintf(out, "%*s%s\n", indent, "", sb.buf);
	strbuf_done(&sb);
}

/* The benchmark controls of @adv, on one line (the scheduled report's). */
static void
render_controls(const struct advice *adv, FILE *out)
{
	const struct benchmark_control *const *c = controls_for_advice(advice_kind_name(adv->kind));
	struct strbuf sb;

	if (!*c)
		return;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s %s:", (*c)->benchmark, (*c)->version);
	for (; *c; c++)
		strbuf_addf(&sb, " %s%s", (*c)->id, c[1] ? "," : "");
	if (adv->kind == ADVICE_CAPABILITIES && adv->n_caps)
		strbuf_addf(&sb, "; Pod Security Standards: %s",
			    controls_pod_security_level(adv->caps, adv->n_caps));
	print_wrapped(out, 4, "controls", sb.buf);
	strbuf_done(&sb);
}

static void
render_advice(const struct advice *adv, enum target target, bool with_controls, FILE *out)
{
	struct advice_summary s;
	char first[TIMEFMT_MAX], last[TIMEFMT_MAX];
	struct strbuf sb;

	advice_summarize(adv, &s);
	fputc('\n', out);
	strbuf_init(&sb);
	strbuf_addf(&sb, "[%s] %s", severity_name(adv->severity), adv->title);
	print_line(out, 2, sb.buf);
	strbuf_done(&sb);
	print_wrapped(out, 4, "what failed", adv->what);
	strbuf_init(&sb);
	if (s.earliest) {
		timefmt_local(first, sizeof(first), s.first.sec);
		timefmt_local(last, sizeof(last), s.last.sec);
		strbuf_addf(&sb, "%zu denial%s", s.count, s.count == 1 ? "" : "s");
		if (s.permissive)
			strbuf_addf(&sb, " (%zu in permissive mode: logged, not enforced)",
				    s.permissive);
		strbuf_addf(&sb, ", first %s, last %s", first, last);
		print_wrapped(out, 4, "evidence", sb.buf);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s:%lu:", s.earliest->example_file, s.earliest->example_line);
		print_line(out, 4 + LABEL_WIDTH, sb.buf);
		print_line(out, 4 + LABEL_WIDTH + 2, s.earliest->example);
	}
	print_wrapped(out, 4, "why", adv->why);
	for (size_t i = 0; i < adv->n_steps; i++) {
		char *text = render_step_text(&adv->steps[i], target);

		print_wrapped(out, 4, i ? "" : "fix", render_step_label(&adv->steps[i], target));
		print_command(out, 4 + LABEL_WIDTH + 2, text);
		free(text);
	}
	strbuf_reset(&sb);
	strbuf_addstr(&sb, adv->confidence);
	if (adv->confidence_note)
		strbuf_addf(&sb, ": %s", adv->confidence_note);
	print_wrapped(out, 4, "confidence", sb.buf);
	strbuf_done(&sb);
	if (with_controls)
		render_controls(adv, out);
}

#define SECCOMP_LOGGED                                                                             \
	"Its seccomp profile logged syscalls it allowed (action log, 0x7ffc0000): logged, not "    \
	"refused, so nothing changes for them. A profile recorder's or a logging copy's output: "  \
	"leastpriv analyze --seccomp-dir DIR writes the profile that allows exactly them."

/*
 * Kubernetes starts a pod again under a new SELinux level, so one workload's runs are several
 * containers: one with the same denials (the same advice, by the same program, on the same
 * node) as an earlier one is said with it.  first[i] is the first container of i's workload (i
 * itself when it is the first, or no pod's), and next[i] the next run of it after i (SIZE_MAX:
 * none).  Found by a key per container, so that thousands of containers cost a
 * pass, not a comparison of each with each.
 */
struct workload_runs {
	size_t *first, *next;
};

static void
workload_runs_find(const struct report *r, struct workload_runs *w)
{
	size_t *last = xcalloc(r->n_containers + 1, sizeof(*last));
	struct hmap by_key;
	struct strbuf key;

	w->first = xcalloc(r->n_containers + 1, sizeof(*w->first));
	w->next = xcalloc(r->n_containers + 1, sizeof(*w->next));
	hmap_init(&by_key);
	strbuf_init(&key);
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container *ct = report_subject(r, i);
		const struct container_advice *ca;
		struct hmap_entry *e;

		w->first[i] = i;
		w->next[i] = SIZE_MAX;
		/* Only a pod's runs repeat: no other container's advice is built for this. */
		if (!ct->n_comms || !container_shows_kubernetes(ct))
			continue;
		ca = report_container(r, i);
		if (!ca->n_items)
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%s%c%s%c%zu", ct->node ? ct->node : "", 0, ct->comms[0], 0,
			    ca->n_items);
		for (size_t k = 0; k < ca->n_items; k++)
			strbuf_addf(&key, "%c%d%c%s", 0, (int)ca->items[k]->kind, 0,
				    ca->items[k]->title);
		e = hmap_put(&by_key, key.buf, key.len);
		if (!e->value) {
			e->value = &w->first[i]; /* any non-NULL: the index is in last[] */
			last[i] = i;
			continue;
		}
		w->first[i] = (size_t)((size_t *)e->value - w->first);
		w->next[last[w->first[i]]] = i;
		last[w->first[i]] = i;
	}
	hmap_done(&by_key, NULL);
	strbuf_done(&key);
	free(last);
}

static void
workload_runs_done(struct workload_runs *w)
{
	free(w->first);
	free(w->next);
}

static void
render_later_runs(const struct report *r, const struct workload_runs *w, size_t i, FILE *out)
{
	struct strbuf sb;
	size_t n = 0;

	strbuf_init(&sb);
	for (size_t j = w->next[i]; j != SIZE_MAX; j = w->next[j]) {
		strbuf_addf(&sb, "%s%s", n ? ", " : "", report_subject(r, j)->label);
		n++;
	}
	if (n) {
		char *line =
			xasprintf("The same workload ran %zu more time%s with the same denials, "
				  "as %s (Kubernetes starts a pod again under a new SELinux "
				  "level): the advice above is theirs too.",
				  n, n == 1 ? "" : "s", sb.buf);

		print_wrapped(out, 2, "runs", line);
		free(line);
	}
	strbuf_done(&sb);
}

/* leastpriv report: what is new since the last report, still open, or resolved. */
static void
render_history(const struct report_history *h, FILE *out)
{
	char when[TIMEFMT_MAX];
	struct strbuf sb;

	strbuf_init(&sb);
	if (h->previous)
		strbuf_addf(&sb,
			    "Since the last report (run %lld): %zu new, %zu still open, %zu "
			    "resolved.",
			    (long long)h->previous, h->by_status[STATUS_NEW],
			    h->by_status[STATUS_OPEN], h->by_status[STATUS_RESOLVED]);
	else
		strbuf_addf(&sb, "The first report of this history: %zu findings, all new.",
			    h->by_status[STATUS_NEW]);
	fputc('\n', out);
	print_wrapped(out, 0, "history", sb.buf);
	if (h->gap)
		print_wrapped(out, 0, "gap", h->gap);
	if (h->waived || h->expired) {
		strbuf_reset(&sb);
		strbuf_addf(&sb,
			    "%zu finding%s accepted by a waiver (they fail nothing); %zu waiver%s "
			    "expired.",
			    h->waived, h->waived == 1 ? "" : "s", h->expired,
			    h->expired == 1 ? "" : "s");
		print_wrapped(out, 0, "waivers", sb.buf);
	}
	for (size_t i = 0, span; i < h->n_entries; i += span) {
		const struct history_entry *e = &h->entries[i];

		span = history_row_span(h, i);
		strbuf_reset(&sb);
		timefmt_local(when, sizeof(when), e->first_seen);
		strbuf_addf(&sb, "[%s] %s: %s", e->severity, e->container, e->title);
		if (span > 1)
			strbuf_addf(&sb, " (%zu findings)", span);
		if (e->status != STATUS_NEW)
			strbuf_addf(&sb, " (first seen %s, in %lld run%s)", when,
				    (long long)e->runs, e->runs == 1 ? "" : "s");
		if (e->waived) {
			timefmt_local(when, sizeof(when), e->waived_until);
			strbuf_addf(&sb, "; waived until %s: %s", when, e->waiver_reason);
		}
		print_wrapped(out, 2, finding_status_name(e->status), sb.buf);
	}
	strbuf_done(&sb);
}

static void
render_container(const struct container_advice *ca, enum target target, bool with_controls,
		 FILE *out)
{
	const struct container *ct = ca->container;
	char first[TIMEFMT_MAX], last[TIMEFMT_MAX];
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb,
		      ct->kind == SUBJECT_PRIVILEGED     ? "Privileged container "
		      : ct->kind == SUBJECT_UNATTRIBUTED ? "Process not attributed to a container: "
		      : ct->kind == SUBJECT_ENGINE       ? "The engine itself: "
		      : ct->kind == SUBJECT_HOST ? "A host process, refused a container's object: "
						 : "Container ");
	strbuf_addstr(&sb, ct->label);
	if (ct->node)
		strbuf_addf(&sb, " on node %s", ct->node);
	fputc('\n', out);
	print_line(out, 0, sb.buf);
	strbuf_reset(&sb);
	if (ct->info) {
		char id[13];

		inspect_short_id(ct->info, id);
		/* a container known from the log's runtime records has no image name */
		strbuf_addf(&sb, "id %s%s%s%s", id,
			    ct->info->image && *ct->info->image ? ", image " : "",
			    ct->info->image ? ct->info->image : "",
			    ct->info->privileged ? ", started --privileged" : "");
		print_line(out, 2, sb.buf);
		strbuf_reset(&sb);
	}
	if (ct->kind == SUBJECT_UNATTRIBUTED)
		print_wrapped(
			out, 2, "note",
			"The log has no SELinux label for these processes and no inspect data "
			"was given, so leastpriv cannot tell which container (if any) they ran "
			"in. Give it the containers' inspect data, taken while they run: "
			"podman inspect NAME... > inspect.json, then --inspect inspect.json.");
	if (ca->seccomp_logged)
		print_wrapped(out, 2, "note", SECCOMP_LOGGED);
	if (ct->events == 0) {
		bool failed = ct->info && !ct->info->running && ct->info->exit_code != 0;

		/* Its advice (a privileged container) stands without any denial. */
		fputs(ca->n_items || failed
			      ? "  Nothing it did was denied in this log.\n"
			      : "  Nothing it did was denied in this log: no change is needed.\n",
		      out);
		if (failed && !ca->n_items) {
			strbuf_reset(&sb);
			strbuf_addf(&sb,
				    "It exited with status %lld: the evidence of why is missing "
				    "(leastpriv why NAME says what audit cannot see).",
				    ct->info->exit_code);
			print_wrapped(out, 2, "note", sb.buf);
		}
		for (size_t i = 0; i < ca->n_items; i++)
			render_advice(ca->items[i], target, with_controls, out);
		strbuf_done(&sb);
		return;
	}
	timefmt_local(first, sizeof(first), ct->first.sec);
	timefmt_local(last, sizeof(last), ct->last.sec);
	add_list(&sb, ct->comms, ct->n_comms);
	if (ct->n_exes) {
		strbuf_addstr(&sb, " (");
		add_list(&sb, ct->exes, ct->n_exes);
		strbuf_addstr(&sb, ")");
	}
	strbuf_addf(&sb, "; seen %s to %s in %zu event%s, %zu denial%s", first, last, ct->events,
		    ct->events == 1 ? "" : "s", ct->denials, ct->denials == 1 ? "" : "s");
	print_wrapped(out, 2, "processes", sb.buf);
	if (ct->denials_not_kept) {
		strbuf_reset(&sb);
		strbuf_addf(&sb,
			    "%zu denial%s on further objects %s counted but not kept: the advice "
			    "covers the first %d distinct ones (README, \"Limits\").",
			    ct->denials_not_kept, ct->denials_not_kept == 1 ? "" : "s",
			    ct->denials_not_kept == 1 ? "was" : "were", EVIDENCE_FINDINGS_MAX);
		print_wrapped(out, 2, "note", sb.buf);
	}
	if (ca->n_items == 0 && ct->info && !ct->info->running && ct->info->exit_code != 0) {
		/* It failed and nothing was refused: the evidence is missing, not the need. */
		strbuf_reset(&sb);
		strbuf_addf(&sb,
			    "Nothing was denied to it in this log, yet it exited with status %lld: "
			    "the evidence of why is missing (leastpriv why NAME says what audit "
			    "cannot see).",
			    ct->info->exit_code);
		print_wrapped(out, 2, "note", sb.buf);
	} else if (ca->n_items == 0) {
		fprintf(out, "  Nothing was denied to it: no change is needed from this log.\n");
	}
	for (size_t i = 0; i < ca->n_items; i++)
		render_advice(ca->items[i], target, with_controls, out);
	strbuf_done(&sb);
}

/* "[critical]" */
static const char *
severity_label(enum severity s)
{
	static const char *const labels[SEVERITY_MAX] = { "[critical]", "[high]", "[medium]",
							  "[low]" };

	return s < SEVERITY_MAX ? labels[s] : "[?]";
}

/*
 * Who can become root through the engine: socket mounts, risky runs per login, the docker
 * group, as report_admin_finding() says them for every format.
 */
static void
render_admin(const struct report *r, FILE *out)
{
	bool any_runs = false;

	if (!r->counts.admin)
		return;
	fprintf(out, "\nAdmin control: who can become root on the host through the engine\n");
	for (size_t i = 0; i < r->counts.admin; i++) {
		struct admin_finding af;

		report_admin_finding(r, i, &af);
		print_wrapped(out, 2, severity_label(af.severity), af.what);
		if (af.example) {
			print_wrapped(out, 2, "", "for example:");
			print_command(out, 2 + LABEL_WIDTH + 2, af.example);
		}
		any_runs |= streq(af.kind, "risky_runs");
		admin_finding_done(&af);
	}
	if (any_runs && r->admin->unlabelled_runs)
		print_wrapped(
			out, 2, "note",
			"The log has no security labels for these commands' processes: a "
			"container running an engine binary cannot be told from the host's "
			"without labels or --inspect data, so they are counted as the host's.");
}

/* Records that claimed what their sender could not: never evidence, always said. */
static void
render_claims(const struct claims *c, FILE *out)
{
	size_t total = claims_total(c);
	bool user_messages = false;
	struct strbuf sb;

	if (!total)
		return;
	fprintf(out,
		"\nNot evidence: %zu claim%s that %s sender could not make (README, \"What "
		"leastpriv trusts\")\n",
		total, total == 1 ? "" : "s", total == 1 ? "its" : "their");
	strbuf_init(&sb);
	for (int k = 0; k < CLAIM_MAX; k++) {
		const struct claim_example *ex = &c->first[k];

		if (!c->count[k])
			continue;
		user_messages |= k != CLAIM_CONTAINER_ENGINE && k != CLAIM_NOT_ENGINE;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%zu %s; the first at %s:%lu", c->count[k], claim_kind_words(k),
			    ex->file, ex->line);
		if (ex->sender)
			strbuf_addf(&sb, ", from %s", ex->sender);
		strbuf_addch(&sb, '.');
		print_wrapped(out, 2, "-", sb.buf);
	}
	if (user_messages)
		print_wrapped(
			out, 2, "",
			"A process writes user-space audit messages with the AUDIT_WRITE "
			"capability, which docker and podman give every container by default: "
			"--cap-drop=AUDIT_WRITE takes it from containers that do not need it.");
	strbuf_done(&sb);
}

int
render_text(const struct report *r, FILE *out)
{
	const struct evidence_stats *es = r->evidence;
	const struct line_stats *ss = r->lines;
	const struct report_counts *c = &r->counts;
	size_t malformed = diag_total(r->diag) - r->diag->count[DIAG_LIMIT];
	struct workload_runs runs;

	fprintf(out, "leastpriv: %zu container%s", c->containers, c->containers == 1 ? "" : "s");
	if (c->unattributed)
		fprintf(out, " and %zu unattributed program%s", c->unattributed,
			c->unattributed == 1 ? "" : "s");
	/* The findings counted are the whole report's: advice and admin control alike. */
	fprintf(out, " seen, %zu with advice; findings: %zu critical, %zu high\n", c->with_advice,
		c->by_severity[SEVERITY_CRITICAL], c->by_severity[SEVERITY_HIGH]);
	fprintf(out, "read %zu file%s: %zu lines, %zu records", ss->files,
		ss->files == 1 ? "" : "s", ss->lines, ss->records);
	/* a journal's renderings: records without their own header, and the copies dropped */
	if (ss->rendered_records || ss->duplicate_records)
		fprintf(out, " (%zu rendered by a journal, %zu second copies skipped)",
			ss->rendered_records, ss->duplicate_records);
	fprintf(out, ", %zu events", r->events->events);
	fprintf(out, "; %zu SELinux denial%s", es->avc_denials, es->avc_denials == 1 ? "" : "s");
	if (es->apparmor_denials)
		fprintf(out, ", %zu AppArmor", es->apparmor_denials);
	if (es->failed_syscalls)
		fprintf(out, ", %zu failed syscall%s", es->failed_syscalls,
			es->failed_syscalls == 1 ? "" : "s");
	if (es->seccomp_records)
		fprintf(out, ", %zu seccomp record%s", es->seccomp_records,
			es->seccomp_records == 1 ? "" : "s");
	fputc('\n', out);

	workload_runs_find(r, &runs);
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		if (runs.first[i] < i)
			continue; /* said with the first run of its workload */
		render_container(ca,
				 !r->target_given && ca->kubernetes ? TARGET_KUBERNETES : r->target,
				 r->history != NULL, out);
		render_later_runs(r, &runs, i, out);
	}
	workload_runs_done(&runs);
	if (r->overflow->events && r->n_containers >= EVIDENCE_CONTAINERS_MAX)
		fprintf(out,
			"\nMore containers than the %d kept (README, \"Limits\"): %zu events and "
			"%zu denials of further containers were counted, not analysed.\n",
			EVIDENCE_CONTAINERS_MAX, r->overflow->events, r->overflow->denials);
	else if (r->overflow->events)
		fprintf(out,
			"\nThe evidence store reached its %d MiB after %zu containers (README, "
			"\"Limits\"): %zu events and %zu denials of further containers were counted, "
			"not analysed.\n",
			EVIDENCE_BYTES_MAX_MIB, r->n_containers, r->overflow->events,
			r->overflow->denials);

	{
		/* Only what was there: "3 SELinux denials of host processes, 22 failed ..." */
		const struct {
			size_t n;
			const char *one, *many;
		} left[] = {
			/* the engine's own denials are reported, under the engine */
			{ es->host_denials, "SELinux denial", "SELinux denials" },
			{ es->host_syscalls, "failed syscall", "failed syscalls" },
			{ es->host_seccomp, "seccomp record", "seccomp records" },
			{ es->host_apparmor, "AppArmor denial", "AppArmor denials" },
		};
		struct strbuf sb;

		strbuf_init(&sb);
		for (size_t i = 0; i < ARRAY_SIZE(left); i++)
			if (left[i].n)
				strbuf_addf(&sb, "%s%zu %s", sb.len ? ", " : "", left[i].n,
					    left[i].n == 1 ? left[i].one : left[i].many);
		if (sb.len)
			fprintf(out,
				"\nLeft out as the host's (the engine among them), not "
				"containers': "
				"%s.\n",
				sb.buf);
		strbuf_done(&sb);
	}
	if (malformed || es->unattributed)
		fprintf(out,
			"\nIncomplete input: %zu problem%s in the input (%zu line%s skipped, %zu "
			"denial%s not attributed); the report covers the rest.\n",
			malformed, malformed == 1 ? "" : "s", ss->skipped_lines,
			ss->skipped_lines == 1 ? "" : "s", es->unattributed,
			es->unattributed == 1 ? "" : "s");
	for (size_t i = 0; i < r->diag->n_limits; i++) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%s (README, \"Limits\").", r->diag->limits[i]);
		if (i == 0)
			fputc('\n', out);
		print_wrapped(out, 0, i ? "" : "bound reached", sb.buf);
		strbuf_done(&sb);
	}
	if (r->history)
		render_history(r->history, out);
	render_claims(r->claims, out);
	render_admin(r, out);
	if (r->n_containers == 0 && ss->records == 0 && ss->skipped_lines)
		fprintf(out,
			"\nNothing in this input is an audit record, so it says nothing about "
			"containers either way: not \"nothing to change\". leastpriv reads the audit "
			"log itself (/var/log/audit/audit.log, or ausearch --raw), a journal's "
			"rendering of it (journalctl _TRANSPORT=audit, or journalctl -k for the "
			"kernel's lines), dmesg and syslog lines that carry audit records, and bare "
			"avc: or apparmor= messages.\n");
	else if (r->n_containers == 0)
		fprintf(out, "\nNo container activity in this log: nothing to advise.\n");
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
