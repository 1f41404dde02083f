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
#include "config.h"

/* A report is a few megabytes at most; past this a file is not read. */
#define REPORT_FILE_MAX (256 * 1024 * 1024)

void
fleet_init(struct fleet *f)
{
	memset(f, 0, sizeof(*f));
	hmap_init(&f->by_key);
	hmap_init(&f->by_image);
}

static void
free_hosts(char **hosts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(hosts[i]);
	free(hosts);
}

static void
free_row(void *p)
{
	struct fleet_row *r = p;

	free_hosts(r->hosts, r->n_hosts);
	free(r->title);
	free(r->severity);
	free(r->kind);
	free(r);
}

static void
free_image(void *p)
{
	struct fleet_image *im = p;

	free_hosts(im->hosts, im->n_hosts);
	free(im->image);
	free(im);
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
	free(f->images);
	hmap_done(&f->by_key, free_row);
	hmap_done(&f->by_image, free_image);
	memset(f, 0, sizeof(*f));
}

static const char *
text_of(json_object *o, const char *key)
{
	json_object *v = json_member(o, key);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

/* @host added to @hosts once (a host's reports come one after another, so the last is it). */
static void
add_host(char ***hosts, size_t *n, const char *host)
{
	if (*n && streq((*hosts)[*n - 1], host))
		return;
	*hosts = xrealloc(*hosts, (*n + 1) * sizeof(**hosts));
	(*hosts)[(*n)++] = xstrdup(host);
}

/* The row of one piece of advice or admin finding, shared by every host that has it. */
static void
add_row(struct fleet *f, const char *host, json_object *item)
{
	const char *title = text_of(item, "title"), *severity = text_of(item, "severity"),
		   *kind = text_of(item, "kind");
	char *key = xasprintf("%s\x1f%s\x1f%s", severity, kind, title);
	struct hmap_entry *e = hmap_put(&f->by_key, key, strlen(key));
	struct fleet_row *r = e->value;

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
	add_host(&r->hosts, &r->n_hosts, host);
}

static struct fleet_image *
image_of(struct fleet *f, const char *image, const char *host)
{
	struct hmap_entry *e = hmap_put(&f->by_image, image, strlen(image));
	struct fleet_image *im = e->value;

	if (!im) {
		im = xcalloc(1, sizeof(*im));
		im->image = xstrdup(image);
		e->value = im;
		f->images = xrealloc(f->images, (f->n_images + 1) * sizeof(*f->images));
		f->images[f->n_images++] = im;
	}
	add_host(&im->hosts, &im->n_hosts, host);
	return im;
}

/* One finding counted in each of @n sets of counts. */
static void
count_item(struct fleet_counts *const *in, size_t n, bool admin, const char *severity)
{
	int s = severity_from_name(severity);

	for (size_t i = 0; i < n; i++) {
		if (admin)
			in[i]->admin++;
		else
			in[i]->advice++;
		if (s >= 0)
			in[i]->by_severity[s]++;
	}
}

static size_t
array_length(json_object *a)
{
	return json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

int
fleet_add(struct fleet *f, const char *path, struct strbuf *err)
{
	json_object *doc, *containers, *admin;
	struct fleet_host *h;
	const char *slash, *host;
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
	    !streq(text_of(doc, "tool"), "leastpriv") || json_member(doc, "totals")) {
		strbuf_addf(err, "%s: not a leastpriv JSON report of one host%s%s", path,
			    doc ? "" : ": ",
			    doc                        ? ""
			    : json_util_get_last_err() ? json_util_get_last_err()
						       : "");
		json_object_put(doc);
		return -EBADMSG;
	}
	f->hosts = xrealloc(f->hosts, (f->n_hosts + 1) * sizeof(*f->hosts));
	h = &f->hosts[f->n_hosts++];
	memset(h, 0, sizeof(*h));
	slash = strrchr(path, '/');
	h->file = xstrdup(path);
	host = text_of(json_member(doc, "history"), "host");
	h->host = xstrdup(*host ? host : slash ? slash + 1 : path);
	containers = json_member(doc, "containers");
	for (size_t i = 0; i < array_length(containers); i++) {
		json_object *ct = json_object_array_get_idx(containers, i),
			    *advice = json_member(ct, "advice");
		/* a program tied to no container is the host's, of no image */
		bool program = streq(text_of(ct, "kind"), "unattributed");
		struct fleet_image *im =
			program ? NULL : image_of(f, text_of(ct, "image"), h->host);
		struct fleet_counts *in[] = { &h->counts, &f->totals, im ? &im->counts : NULL };
		size_t n = im ? 3 : 2;

		for (size_t k = 0; k < n && !program; k++)
			in[k]->containers++;
		for (size_t j = 0; j < array_length(advice); j++) {
			json_object *adv = json_object_array_get_idx(advice, j);

			count_item(in, n, false, text_of(adv, "severity"));
			add_row(f, h->host, adv);
		}
	}
	admin = json_member(json_member(doc, "admin"), "findings");
	for (size_t i = 0; i < array_length(admin); i++) {
		json_object *af = json_object_array_get_idx(admin, i);
		struct fleet_counts *in[] = { &h->counts, &f->totals };

		count_item(in, ARRAY_SIZE(in), true, text_of(af, "severity"));
		add_row(f, h->host, af);
	}
	json_object_put(doc);
	return 0;
}

static void
counts_json(struct jsonw *w, const struct fleet_counts *c)
{
	jw_uint(w, "containers", c->containers);
	jw_uint(w, "advice", c->advice);
	jw_uint(w, "admin_findings", c->admin);
	jw_object_begin(w, "by_severity");
	for (int s = 0; s < SEVERITY_MAX; s++)
		jw_uint(w, severity_name((enum severity)s), c->by_severity[s]);
	jw_object_end(w);
}

static void
hosts_json(struct jsonw *w, char *const *hosts, size_t n)
{
	jw_array_begin(w, "hosts");
	for (size_t j = 0; j < n; j++)
		jw_text(w, NULL, hosts[j]);
	jw_array_end(w);
}

/* Most severe first, then those on most hosts. */
static int
row_order(const void *a, const void *b)
{
	const struct fleet_row *x = *(const struct fleet_row *const *)a,
			       *y = *(const struct fleet_row *const *)b;
	int sx = severity_from_name(x->severity), sy = severity_from_name(y->severity);

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return x->n_hosts > y->n_hosts ? -1 : x->n_hosts < y->n_hosts ? 1 : 0;
}

static struct fleet_row **
sorted_rows(const struct fleet *f)
{
	struct fleet_row **rows = xcalloc(f->n_rows + 1, sizeof(*rows));

	if (f->n_rows) {
		memcpy(rows, f->rows, f->n_rows * sizeof(*rows));
		qsort(rows, f->n_rows, sizeof(*rows), row_order);
	}
	return rows;
}

static int
render_json_fleet(const struct fleet *f, FILE *out)
{
	struct fleet_row **rows = sorted_rows(f);
	struct jsonw w;

	jw_init(&w, out);
	jw_object_begin(&w, NULL);
	jw_text(&w, "tool", "leastpriv");
	jw_text(&w, "tool_version", LEASTPRIV_VERSION);
	jw_text(&w, "kind", "fleet");
	jw_object_begin(&w, "totals");
	jw_uint(&w, "hosts", f->n_hosts);
	counts_json(&w, &f->totals);
	jw_object_end(&w);
	jw_array_begin(&w, "hosts");
	for (size_t i = 0; i < f->n_hosts; i++) {
		jw_object_begin(&w, NULL);
		jw_text(&w, "host", f->hosts[i].host);
		jw_text(&w, "file", f->hosts[i].file);
		counts_json(&w, &f->hosts[i].counts);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_array_begin(&w, "images");
	for (size_t i = 0; i < f->n_images; i++) {
		const struct fleet_image *im = f->images[i];

		jw_object_begin(&w, NULL);
		jw_text(&w, "image", *im->image ? im->image : NULL);
		counts_json(&w, &im->counts);
		hosts_json(&w, im->hosts, im->n_hosts);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_array_begin(&w, "advice");
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct fleet_row *r = rows[i];

		jw_object_begin(&w, NULL);
		jw_text(&w, "severity", r->severity);
		jw_text(&w, "kind", r->kind);
		jw_text(&w, "title", r->title);
		jw_uint(&w, "occurrences", r->count);
		hosts_json(&w, r->hosts, r->n_hosts);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	free(rows);
	return jw_finish(&w);
}

/* One line of @raw, escaped for display; @markdown: escaped for Markdown as well. */
static void
line(FILE *out, const char *raw, bool markdown)
{
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, raw, strlen(raw));
	for (const char *p = sb.buf; *p; p++) {
		if (markdown && strchr("\\`*_{}[]()#+-.!|<>~&", *p))
			fputc('\\', out);
		fputc(*p, out);
	}
	fputc('\n', out);
	strbuf_done(&sb);
}

static void
add_counts(struct strbuf *sb, const struct fleet_counts *c)
{
	strbuf_addf(sb,
		    "%zu containers, %zu pieces of advice, %zu admin findings (%zu critical, "
		    "%zu high, %zu medium, %zu low)",
		    c->containers, c->advice, c->admin, c->by_severity[SEVERITY_CRITICAL],
		    c->by_severity[SEVERITY_HIGH], c->by_severity[SEVERITY_MEDIUM],
		    c->by_severity[SEVERITY_LOW]);
}

static void
add_hosts(struct strbuf *sb, char *const *hosts, size_t n)
{
	for (size_t j = 0; j < n && j < 8; j++)
		strbuf_addf(sb, "%s%s", j ? ", " : "", hosts[j]);
	if (n > 8)
		strbuf_addf(sb, ", and %zu more", n - 8);
}

/* The fleet for people: text, or the same lines as a Markdown list. */
static int
render_text_fleet(const struct fleet *f, FILE *out, bool md)
{
	const char *item = md ? "- " : "  ";
	struct fleet_row **rows = sorted_rows(f);
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%zu hosts: ", md ? "# leastpriv fleet report\n\n" : "leastpriv fleet: ",
		    f->n_hosts);
	add_counts(&sb, &f->totals);
	fputs(sb.buf, out);
	fputc('\n', out);
	fputs(md ? "\n## Per host\n\n" : "\nPer host:\n", out);
	for (size_t i = 0; i < f->n_hosts; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: ", f->hosts[i].host);
		add_counts(&sb, &f->hosts[i].counts);
		fputs(item, out);
		line(out, sb.buf, md);
	}
	fputs(md ? "\n## Per image\n\n" : "\nPer image:\n", out);
	for (size_t i = 0; i < f->n_images; i++) {
		const struct fleet_image *im = f->images[i];

		strbuf_reset(&sb);
		strbuf_addf(&sb,
			    "%s: ", *im->image ? im->image : "(image not known: no inspect data)");
		add_counts(&sb, &im->counts);
		strbuf_addf(&sb, ", on %zu host%s (", im->n_hosts, im->n_hosts == 1 ? "" : "s");
		add_hosts(&sb, im->hosts, im->n_hosts);
		strbuf_addch(&sb, ')');
		fputs(item, out);
		line(out, sb.buf, md);
	}
	fputs(md ? "\n## Across the fleet\n\n" : "\nAdvice and admin findings across the fleet:\n",
	      out);
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct fleet_row *r = rows[i];

		strbuf_reset(&sb);
		strbuf_addf(&sb, "[%s] %s: %zu time%s on %zu host%s (", r->severity, r->title,
			    r->count, r->count == 1 ? "" : "s", r->n_hosts,
			    r->n_hosts == 1 ? "" : "s");
		add_hosts(&sb, r->hosts, r->n_hosts);
		strbuf_addch(&sb, ')');
		fputs(item, out);
		line(out, sb.buf, md);
	}
	strbuf_done(&sb);
	free(rows);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}

bool
fleet_format_known(const char *format)
{
	return streq(format, "json") || streq(format, "text") || streq(format, "markdown");
}

int
fleet_render(const struct fleet *f, const char *format, FILE *out)
{
	return streq(format, "json")       ? render_json_fleet(f, out)
	       : streq(format, "markdown") ? render_text_fleet(f, out, true)
					   : render_text_fleet(f, out, false);
}
