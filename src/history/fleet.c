/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-host JSON reports merged into one fleet report, with json-c. */
#include <errno.h>
#include <json-c/json.h>
#include <string.h>
#include <sys/stat.h>

#include "leastpriv/history/fleet.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/base/json_read.h"
#include "leastpriv/base/jsonw.h"
#include "leastpriv/base/util.h"

/* A report is a few megabytes at most; past this a file is not read. */
#define REPORT_FILE_MAX (256 * 1024 * 1024)

void
fleet_init(struct fleet *f)
{
	memset(f, 0, sizeof(*f));
	hmap_init(&f->by_key);
}

static void
free_row(void *p)
{
	struct fleet_row *r = p;

	for (size_t i = 0; i < r->n_hosts; i++)
		free(r->hosts[i]);
	free(r->hosts);
	free(r->title);
	free(r->severity);
	free(r->kind);
	free(r);
}

void
fleet_done(struct fleet *f)
{
	for (size_t i = 0; i < f->n_hosts; i++) {
		free(f->hosts[i].host);
		free(f->hosts[i].file);
	}
	free(f->hosts);
	free(f->rows);
	hmap_done(&f->by_key, free_row);
	memset(f, 0, sizeof(*f));
}

static const char *
text_of(json_object *o, const char *key)
{
	json_object *v = json_member(o, key);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static int
severity_index(const char *name)
{
	for (int s = 0; s < SEVERITY_MAX; s++)
		if (streq(name, severity_name((enum severity)s)))
			return s;
	return -1;
}

/* The row of one piece of advice, shared by every host that has it. */
static void
add_row(struct fleet *f, const char *host, json_object *adv)
{
	const char *title = text_of(adv, "title"), *severity = text_of(adv, "severity"),
		   *kind = text_of(adv, "kind");
	char *key = xasprintf("%s\x1f%s\x1f%s", severity, kind, title);
	struct hmap_entry *e = hmap_put(&f->by_key, key, strlen(key));
	struct fleet_row *r = e->value;
	bool known = false;

	free(key);
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->title = xstrdup(title);
		r->severity = xstrdup(severity);
		r->kind = xstrdup(kind);
		e->value = r;
		f->rows = xrealloc(f->rows, (f->n_rows + 1) * sizeof(*f->rows));
		f->rows[f->n_rows++] = r;
	}
	r->count++;
	for (size_t i = 0; i < r->n_hosts && !known; i++)
		known = streq(r->hosts[i], host);
	if (!known) {
		r->hosts = xrealloc(r->hosts, (r->n_hosts + 1) * sizeof(*r->hosts));
		r->hosts[r->n_hosts++] = xstrdup(host);
	}
}

int
fleet_add(struct fleet *f, const char *path, struct strbuf *err)
{
	json_object *doc, *containers, *history;
	struct fleet_host *h;
	const char *slash;
	struct stat st;

	if (stat(path, &st) < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > REPORT_FILE_MAX) {
		strbuf_addf(err, "%s: not a regular file of at most 256 MiB", path);
		return -EFBIG;
	}
	doc = json_object_from_file(path);
	if (!doc || !json_object_is_type(doc, json_type_object) ||
	    !streq(text_of(doc, "tool"), "leastpriv")) {
		strbuf_addf(err, "%s: not a leastpriv JSON report%s%s", path, doc ? "" : ": ",
			    doc                        ? ""
			    : json_util_get_last_err() ? json_util_get_last_err()
						       : "");
		json_object_put(doc);
		return -EBADMSG;
	}
	f->hosts = xrealloc(f->hosts, (f->n_hosts + 1) * sizeof(*f->hosts));
	h = &f->hosts[f->n_hosts++];
	memset(h, 0, sizeof(*h));
	history = json_member(doc, "history");
	slash = strrchr(path, '/');
	h->file = xstrdup(path);
	h->host = xstrdup(*text_of(history, "host") ? text_of(history, "host")
			  : slash                   ? slash + 1
						    : path);
	containers = json_member(doc, "containers");
	for (size_t i = 0; json_object_is_type(containers, json_type_array) &&
			   i < json_object_array_length(containers);
	     i++) {
		json_object *advice =
			json_member(json_object_array_get_idx(containers, i), "advice");

		h->containers++;
		for (size_t j = 0; json_object_is_type(advice, json_type_array) &&
				   j < json_object_array_length(advice);
		     j++) {
			json_object *adv = json_object_array_get_idx(advice, j);
			int s = severity_index(text_of(adv, "severity"));

			h->advice++;
			f->advice++;
			if (s >= 0) {
				h->by_severity[s]++;
				f->by_severity[s]++;
			}
			add_row(f, h->host, adv);
		}
	}
	json_object_put(doc);
	return 0;
}

static void
severities_json(struct jsonw *w, const size_t *by)
{
	jw_object_begin(w, "by_severity");
	for (int s = 0; s < SEVERITY_MAX; s++)
		jw_uint(w, severity_name((enum severity)s), by[s]);
	jw_object_end(w);
}

static int
render_json_fleet(const struct fleet *f, FILE *out)
{
	struct jsonw w;

	jw_init(&w, out);
	jw_object_begin(&w, NULL);
	jw_text(&w, "tool", "leastpriv");
	jw_text(&w, "kind", "fleet");
	jw_object_begin(&w, "totals");
	jw_uint(&w, "hosts", f->n_hosts);
	jw_uint(&w, "advice", f->advice);
	severities_json(&w, f->by_severity);
	jw_object_end(&w);
	jw_array_begin(&w, "hosts");
	for (size_t i = 0; i < f->n_hosts; i++) {
		jw_object_begin(&w, NULL);
		jw_text(&w, "host", f->hosts[i].host);
		jw_text(&w, "file", f->hosts[i].file);
		jw_uint(&w, "containers", f->hosts[i].containers);
		jw_uint(&w, "advice", f->hosts[i].advice);
		severities_json(&w, f->hosts[i].by_severity);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_array_begin(&w, "advice");
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct fleet_row *r = f->rows[i];

		jw_object_begin(&w, NULL);
		jw_text(&w, "severity", r->severity);
		jw_text(&w, "kind", r->kind);
		jw_text(&w, "title", r->title);
		jw_uint(&w, "containers", r->count);
		jw_array_begin(&w, "hosts");
		for (size_t j = 0; j < r->n_hosts; j++)
			jw_text(&w, NULL, r->hosts[j]);
		jw_array_end(&w);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	return jw_finish(&w);
}

static void
line(FILE *out, const char *raw)
{
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, raw, strlen(raw));
	fprintf(out, "%s\n", sb.buf);
	strbuf_done(&sb);
}

static int
render_text_fleet(const struct fleet *f, FILE *out)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb,
		    "leastpriv fleet: %zu hosts, %zu pieces of advice (%zu critical, %zu high)",
		    f->n_hosts, f->advice, f->by_severity[SEVERITY_CRITICAL],
		    f->by_severity[SEVERITY_HIGH]);
	line(out, sb.buf);
	fputs("\nPer host:\n", out);
	for (size_t i = 0; i < f->n_hosts; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb,
			    "  %s: %zu containers, %zu pieces of advice (%zu critical, %zu high)",
			    f->hosts[i].host, f->hosts[i].containers, f->hosts[i].advice,
			    f->hosts[i].by_severity[SEVERITY_CRITICAL],
			    f->hosts[i].by_severity[SEVERITY_HIGH]);
		line(out, sb.buf);
	}
	fputs("\nAdvice across the fleet:\n", out);
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct fleet_row *r = f->rows[i];

		strbuf_reset(&sb);
		strbuf_addf(&sb, "  [%s] %s: %zu container%s on %zu host%s (", r->severity,
			    r->title, r->count, r->count == 1 ? "" : "s", r->n_hosts,
			    r->n_hosts == 1 ? "" : "s");
		for (size_t j = 0; j < r->n_hosts && j < 8; j++)
			strbuf_addf(&sb, "%s%s", j ? ", " : "", r->hosts[j]);
		if (r->n_hosts > 8)
			strbuf_addf(&sb, ", and %zu more", r->n_hosts - 8);
		strbuf_addch(&sb, ')');
		line(out, sb.buf);
	}
	strbuf_done(&sb);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}

int
fleet_render(const struct fleet *f, const char *format, FILE *out)
{
	return streq(format, "json") ? render_json_fleet(f, out) : render_text_fleet(f, out);
}
