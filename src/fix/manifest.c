/* SPDX-License-Identifier: GPL-2.0-or-later */
/* leastpriv fix for compose files, Kubernetes manifests (libyaml) and Quadlet units. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "leastpriv/base/escape.h"
#include "leastpriv/fix/manifest.h"
#include "leastpriv/base/util.h"

/*
 * Bounds on the files `fix` reads (README, "Limits"): a compose file or manifest is a few
 * kilobytes; these keep a hostile one (a "billion laughs" of aliases, nesting a hundred
 * thousand deep) from exhausting memory, time or the stack.
 */
#define MANIFEST_FILE_MAX (4 * 1024 * 1024)
#define YAML_DEPTH_MAX    100
#define YAML_NODES_MAX    200000
#define MERGE_WORK_MAX    1000000 /* steps of merge-key resolution per file */

/* Kubernetes Pod Security Standards, baseline: the capabilities a container may add. */
static const char *const baseline_caps[] = {
	"AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER",  "FSETID", "KILL",       "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID",       "SETPCAP", "SETUID", "SYS_CHROOT",
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t l = strlen(s), m = strlen(suffix);

	return l >= m && streq(s + l - m, suffix);
}

/* The whole of @path, a regular file of at most MANIFEST_FILE_MAX bytes, NUL-terminated. */
static int
read_file(const char *path, char **ret, size_t *ret_len, struct strbuf *err)
{
	FILE *f = fopen(path, "re");
	struct stat st;
	char *buf;
	size_t n;

	if (!f) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		strbuf_addf(err, "%s: not a regular file", path);
		fclose(f);
		return -EINVAL;
	}
	buf = xmalloc(MANIFEST_FILE_MAX + 2);
	n = fread(buf, 1, MANIFEST_FILE_MAX + 1, f);
	fclose(f);
	if (n > MANIFEST_FILE_MAX) {
		strbuf_addf(err, "%s: larger than %d MiB: not a compose file, manifest or unit",
			    path, MANIFEST_FILE_MAX >> 20);
		free(buf);
		return -EFBIG;
	}
	buf[n] = '\0';
	*ret = buf;
	*ret_len = n;
	return 0;
}

int
manifest_detect(const char *path, enum manifest_kind *ret, struct strbuf *err)
{
	char *text, *line;
	size_t len;
	int r;

	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (ends_with(path, ".container")) {
		*ret = MANIFEST_QUADLET;
		return 0;
	}
	/* The names compose looks for (compose-spec, "Compose file"), whatever the text. */
	if (streq(base, "compose.yaml") || streq(base, "compose.yml") ||
	    streq(base, "docker-compose.yaml") || streq(base, "docker-compose.yml")) {
		*ret = MANIFEST_COMPOSE;
		return 0;
	}
	r = read_file(path, &text, &len, err);
	if (r < 0)
		return r;
	*ret = MANIFEST_UNKNOWN;
	for (line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (startswith(line, "services:")) {
			*ret = MANIFEST_COMPOSE;
			break;
		}
		if (startswith(line, "kind:") || startswith(line, "apiVersion:")) {
			*ret = MANIFEST_KUBERNETES;
			break;
		}
		if (startswith(line, "[Container]")) {
			*ret = MANIFEST_QUADLET;
			break;
		}
	}
	free(text);
	return 0;
}

/* ---- reading YAML within bounds ---- */

/*
 * Walk the events of the stream once, before libyaml builds documents: refuse nesting deeper
 * than YAML_DEPTH_MAX, more than YAML_NODES_MAX nodes, and an alias to a node that contains it
 * (a recursive alias, which would make every document walk endless).  Stopping at the first
 * excess also stops libyaml's own cost, which grows with the nesting.
 */
static int
yaml_prescan(const char *path, const char *text, size_t len, struct strbuf *err)
{
	yaml_parser_t p;
	char *open[YAML_DEPTH_MAX + 1] = { 0 }; /* the anchor of each open collection */
	size_t depth = 0, nodes = 0;
	int r = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (r == 0) {
		yaml_event_t e;
		bool done;

		if (!yaml_parser_parse(&p, &e)) {
			strbuf_addf(err, "%s:%zu:%zu: %s", path, p.problem_mark.line + 1,
				    p.problem_mark.column + 1,
				    p.problem ? p.problem : "YAML error");
			r = -EBADMSG;
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		switch (e.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++nodes > YAML_NODES_MAX || depth + 1 > YAML_DEPTH_MAX) {
				strbuf_addf(
					err,
					"%s:%zu: more than %d %s: not a compose file or manifest",
					path, e.start_mark.line + 1,
					nodes > YAML_NODES_MAX ? YAML_NODES_MAX : YAML_DEPTH_MAX,
					nodes > YAML_NODES_MAX ? "nodes" : "levels of nesting");
				r = -EFBIG;
				break;
			}
			depth++;
			open[depth] = e.type == YAML_MAPPING_START_EVENT
					      ? (char *)e.data.mapping_start.anchor
					      : (char *)e.data.sequence_start.anchor;
			open[depth] = open[depth] ? xstrdup(open[depth]) : NULL;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth) {
				free(open[depth]);
				open[depth--] = NULL;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (++nodes > YAML_NODES_MAX) {
				strbuf_addf(err,
					    "%s:%zu: more than %d nodes: not a compose file or "
					    "manifest",
					    path, e.start_mark.line + 1, YAML_NODES_MAX);
				r = -EFBIG;
			}
			break;
		case YAML_ALIAS_EVENT:
			for (size_t i = 1; i <= depth; i++)
				if (open[i] && streq(open[i], (const char *)e.data.alias.anchor)) {
					strbuf_addf(
						err,
						"%s:%zu: the alias *%s refers to a node that holds "
						"it: not a compose file or manifest",
						path, e.start_mark.line + 1, open[i]);
					r = -EBADMSG;
					break;
				}
			break;
		case YAML_DOCUMENT_END_EVENT:
			depth = 0;
			break;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		default:
			break;
		}
		yaml_event_delete(&e);
		if (done)
			break;
	}
	for (size_t i = 0; i <= YAML_DEPTH_MAX; i++)
		free(open[i]);
	yaml_parser_delete(&p);
	return r;
}

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A document and what walking it costs, so that merge keys cannot make it endless. */
struct ydoc {
	yaml_document_t *d;
	size_t work;
};

/*
 * The value of @key in mapping @map, merge keys (<<: *anchor, <<: [*a, *b]) included: the
 * mapping's own keys first, then those merged, earlier sources first (YAML's merge key).
 */
static yaml_node_t *
get(struct ydoc *y, yaml_node_t *map, const char *key, int depth)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE || depth > YAML_DEPTH_MAX ||
	    ++y->work > MERGE_WORK_MAX)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(y->d, p->key));

		if (k && streq(k, key))
			return yaml_document_get_node(y->d, p->value);
	}
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(y->d, p->key));
		yaml_node_t *v = yaml_document_get_node(y->d, p->value), *found = NULL;

		if (!k || !streq(k, "<<") || !v)
			continue;
		if (v->type == YAML_MAPPING_NODE)
			found = get(y, v, key, depth + 1);
		for (yaml_node_item_t *i =
			     v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.start : NULL;
		     i && i < v->data.sequence.items.top && !found; i++)
			found = get(y, yaml_document_get_node(y->d, *i), key, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

/* The effective pairs of a mapping: its own (without <<), then merged keys it lacks. */
struct pairs {
	yaml_node_t **keys, **values;
	size_t n, cap;
};

static bool
pairs_has(const struct pairs *ps, const char *key)
{
	for (size_t i = 0; i < ps->n; i++)
		if (streq(scalar(ps->keys[i]), key))
			return true;
	return false;
}

static void
collect_pairs(struct ydoc *y, yaml_node_t *map, struct pairs *ps, int depth)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE || depth > YAML_DEPTH_MAX)
		return;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(y->d, p->key);

		if (++y->work > MERGE_WORK_MAX)
			return;
		if (!scalar(k) || streq(scalar(k), "<<") || pairs_has(ps, scalar(k)))
			continue;
		ps->keys = xgrow(ps->keys, &ps->cap, ps->n + 1, sizeof(*ps->keys));
		ps->values = xrealloc(ps->values, ps->cap * sizeof(*ps->values));
		ps->keys[ps->n] = k;
		ps->values[ps->n++] = yaml_document_get_node(y->d, p->value);
	}
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(y->d, p->key));
		yaml_node_t *v = yaml_document_get_node(y->d, p->value);

		if (!k || !streq(k, "<<") || !v)
			continue;
		if (v->type == YAML_MAPPING_NODE)
			collect_pairs(y, v, ps, depth + 1);
		for (yaml_node_item_t *i =
			     v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.start : NULL;
		     i && i < v->data.sequence.items.top; i++)
			collect_pairs(y, yaml_document_get_node(y->d, *i), ps, depth + 1);
	}
}

static void
pairs_done(struct pairs *ps)
{
	free(ps->keys);
	free(ps->values);
}

/* The pairs of a mapping as written, merge keys and all. */
static void
raw_pairs(struct ydoc *y, yaml_node_t *map, struct pairs *ps)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		ps->keys = xgrow(ps->keys, &ps->cap, ps->n + 1, sizeof(*ps->keys));
		ps->values = xrealloc(ps->values, ps->cap * sizeof(*ps->values));
		ps->keys[ps->n] = yaml_document_get_node(y->d, p->key);
		ps->values[ps->n++] = yaml_document_get_node(y->d, p->value);
	}
}

/* The pairs of a mapping: with its merge keys resolved (@resolve) or as written. */
static void
mapping_pairs(struct ydoc *y, yaml_node_t *map, bool resolve, struct pairs *ps)
{
	if (resolve)
		collect_pairs(y, map, ps, 0);
	else
		raw_pairs(y, map, ps);
}

static bool
is_true(const yaml_node_t *n)
{
	const char *v = scalar(n);

	/* YAML 1.1's booleans and YAML 1.2's: whatever an engine might read as true. */
	return v && (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
		     strcasecmp(v, "on") == 0 || strcasecmp(v, "y") == 0 || streq(v, "1"));
}

/* ---- what a unit grants, through the run-line rules (runcmd.h) ---- */

struct words {
	char **v;
	size_t n, cap;
};

/* Add the word @prefix@value (@value may be NULL). */
static void
word(struct words *w, const char *prefix, const char *value)
{
	w->v = xgrow(w->v, &w->cap, w->n + 2, sizeof(*w->v));
	w->v[w->n++] = xasprintf("%s%s", prefix, value ? value : "");
	w->v[w->n] = NULL;
}

static void
words_done(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
}

/* The grants of the run command @w spells ("podman run" and an image are added). */
static void
grants_of_words(struct words *w, struct run_grants *ret)
{
	struct words all = { 0 };
	struct run_command rc;
	struct strbuf err;

	word(&all, "podman", NULL);
	word(&all, "run", NULL);
	for (size_t i = 0; i < w->n; i++)
		word(&all, "", w->v[i]);
	word(&all, "--", NULL);
	word(&all, "image", NULL);
	strbuf_init(&err);
	memset(ret, 0, sizeof(*ret));
	/* Every word is an option the tables know: only a value can make it fail, and then
	 * the lenient reading still counts the grants. */
	if (run_command_parse((int)all.n, all.v, 0, &rc, &err) == 0 ||
	    run_command_parse((int)all.n, all.v, RUN_PARSE_LENIENT, &rc, &err) == 0) {
		run_command_grants(&rc, ret);
		run_command_done(&rc);
	}
	strbuf_done(&err);
	words_done(&all);
}

/*
 * A compose volume in the long syntax ({type: bind, source: /x, target: /y}) as the short one
 * ("/x:/y"), which is what it mounts; no source: "" (nothing from the host).
 */
static char *
compose_long_volume(struct ydoc *y, yaml_node_t *n)
{
	const char *src = scalar(get(y, n, "source", 0)), *dst = scalar(get(y, n, "target", 0));

	return src ? xasprintf("%s:%s", src, dst ? dst : "/") : xstrdup("");
}

/* Whether compose volume @n (either syntax) mounts an engine socket. */
static bool
compose_volume_is_socket(struct ydoc *y, yaml_node_t *n)
{
	char *v = scalar(n)                           ? xstrdup(scalar(n))
		  : n && n->type == YAML_MAPPING_NODE ? compose_long_volume(y, n)
						      : NULL;
	bool r = v && run_mount_is_engine_socket(v, false);

	free(v);
	return r;
}

/* The host path of the pod's hostPath volume named @name, or NULL. */
static const char *
k8s_host_path(struct ydoc *y, yaml_node_t *pod, const char *name)
{
	yaml_node_t *vols = get(y, pod, "volumes", 0);

	for (yaml_node_item_t *i = name && vols && vols->type == YAML_SEQUENCE_NODE
					   ? vols->data.sequence.items.start
					   : NULL;
	     i && i < vols->data.sequence.items.top; i++) {
		yaml_node_t *v = yaml_document_get_node(y->d, *i);
		const char *vn = scalar(get(y, v, "name", 0));

		if (vn && streq(vn, name))
			return scalar(get(y, get(y, v, "hostPath", 0), "path", 0));
	}
	return NULL;
}

/* Whether a container's volumeMounts item mounts an engine socket from the host. */
static bool
k8s_mount_is_socket(struct ydoc *y, yaml_node_t *pod, yaml_node_t *m)
{
	const char *path = k8s_host_path(y, pod, scalar(get(y, m, "name", 0)));
	char *v = path ? xasprintf("%s:/m", path) : NULL;
	bool r = v && run_mount_is_engine_socket(v, false);

	free(v);
	return r;
}

static void
seq_words(struct ydoc *y, yaml_node_t *seq, struct words *w, const char *fmt)
{
	for (yaml_node_item_t *i =
		     seq && seq->type == YAML_SEQUENCE_NODE ? seq->data.sequence.items.start : NULL;
	     i && i < seq->data.sequence.items.top; i++) {
		yaml_node_t *n = yaml_document_get_node(y->d, *i);

		if (scalar(n)) {
			word(w, fmt, scalar(n));
		} else if (n && n->type == YAML_MAPPING_NODE) {
			char *v = compose_long_volume(y, n);

			word(w, fmt, v);
			free(v);
		}
	}
}

/* What a compose service grants, spelt as run options. */
static void
compose_grants(struct ydoc *y, yaml_node_t *svc, struct run_grants *ret)
{
	static const struct {
		const char *key, *option;
	} ns[] = { { "pid", "--pid=host" },
		   { "ipc", "--ipc=host" },
		   { "uts", "--uts=host" },
		   { "userns_mode", "--userns=host" },
		   { "cgroup", "--cgroupns=host" } };
	struct words w = { 0 };
	const char *net = scalar(get(y, svc, "network_mode", 0));

	if (is_true(get(y, svc, "privileged", 0)))
		word(&w, "--privileged", NULL);
	seq_words(y, get(y, svc, "cap_add", 0), &w, "--cap-add=");
	seq_words(y, get(y, svc, "cap_drop", 0), &w, "--cap-drop=");
	seq_words(y, get(y, svc, "security_opt", 0), &w, "--security-opt=");
	seq_words(y, get(y, svc, "devices", 0), &w, "--device=");
	seq_words(y, get(y, svc, "volumes", 0), &w, "--volume=");
	for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
		const char *v = scalar(get(y, svc, ns[i].key, 0));

		if (v && streq(v, "host"))
			word(&w, ns[i].option, NULL);
	}
	if (net && streq(net, "host"))
		word(&w, "--network=host", NULL);
	grants_of_words(&w, ret);
	words_done(&w);
}

/* What a Kubernetes container grants, with its pod's host namespaces and hostPath volumes. */
static void
k8s_grants(struct ydoc *y, yaml_node_t *ctr, yaml_node_t *pod, struct run_grants *ret)
{
	yaml_node_t *sc = get(y, ctr, "securityContext", 0);
	yaml_node_t *caps = get(y, sc, "capabilities", 0);
	yaml_node_t *mounts = get(y, ctr, "volumeMounts", 0);
	const char *type;
	struct words w = { 0 };

	if (is_true(get(y, sc, "privileged", 0)))
		word(&w, "--privileged", NULL);
	seq_words(y, get(y, caps, "add", 0), &w, "--cap-add=");
	seq_words(y, get(y, caps, "drop", 0), &w, "--cap-drop=");
	if (scalar(get(y, sc, "allowPrivilegeEscalation", 0)) &&
	    !is_true(get(y, sc, "allowPrivilegeEscalation", 0)))
		word(&w, "--security-opt=no-new-privileges", NULL);
	type = scalar(get(y, get(y, sc, "seLinuxOptions", 0), "type", 0));
	if (type && streq(type, "spc_t"))
		word(&w, "--security-opt=label=type:spc_t", NULL);
	type = scalar(get(y, get(y, sc, "seccompProfile", 0), "type", 0));
	if (type && streq(type, "Unconfined"))
		word(&w, "--security-opt=seccomp=unconfined", NULL);
	type = scalar(get(y, get(y, sc, "appArmorProfile", 0), "type", 0));
	if (type && streq(type, "Unconfined"))
		word(&w, "--security-opt=apparmor=unconfined", NULL);
	type = scalar(get(y, sc, "procMount", 0));
	if (type && streq(type, "Unmasked"))
		word(&w, "--security-opt=unmask=ALL", NULL);
	if (is_true(get(y, pod, "hostPID", 0)))
		word(&w, "--pid=host", NULL);
	if (is_true(get(y, pod, "hostNetwork", 0)))
		word(&w, "--network=host", NULL);
	if (is_true(get(y, pod, "hostIPC", 0)))
		word(&w, "--ipc=host", NULL);
	/* The pod's hostPath volumes this container mounts. */
	for (yaml_node_item_t *i = mounts && mounts->type == YAML_SEQUENCE_NODE
					   ? mounts->data.sequence.items.start
					   : NULL;
	     i && i < mounts->data.sequence.items.top; i++) {
		const char *path = k8s_host_path(
			y, pod, scalar(get(y, yaml_document_get_node(y->d, *i), "name", 0)));

		if (path) {
			char *v = xasprintf("%s:/host-path", path);

			word(&w, "--volume=", v);
			free(v);
		}
	}
	grants_of_words(&w, ret);
	words_done(&w);
}

/* ---- building the output document ---- */

struct out {
	yaml_document_t doc;
	bool failed;
	int *memo; /* output node of each source node (aliases stay aliases), 0: not yet */
	size_t n_memo;
};

static int
add_scalar(struct out *o, const char *v, bool plain)
{
	int id = yaml_document_add_scalar(&o->doc, NULL, (yaml_char_t *)v, -1,
					  plain ? YAML_PLAIN_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);

	o->failed |= id == 0;
	return id;
}

static void
put(struct out *o, int map, const char *key, int value)
{
	if (!yaml_document_append_mapping_pair(&o->doc, map, add_scalar(o, key, false), value))
		o->failed = true;
}

static int
add_list(struct out *o, const char *const *items, const char *prefix)
{
	int seq = yaml_document_add_sequence(&o->doc, NULL, YAML_FLOW_SEQUENCE_STYLE);

	for (size_t i = 0; items && items[i]; i++) {
		char *v = xasprintf("%s%s", prefix, items[i]);

		yaml_document_append_sequence_item(&o->doc, seq, add_scalar(o, v, false));
		free(v);
	}
	return seq;
}

struct unit_ctx {
	enum manifest_kind kind;
	manifest_plan_fn plan_for;
	void *data;
	int changed;
	struct strbuf comments;
	struct ydoc *src;
	yaml_node_t *pod;       /* the pod spec of the containers being copied (Kubernetes) */
	int merging;            /* within the value of a merge key: part of the mapping above */
	struct fix_plan *plans; /* the plan of each unit, in the order they come, for the check */
	bool *planned;
	size_t n_units, cap_units;
	int *unit_memo; /* the output of each source node already copied as a unit, 0: not yet */
};

static int copy_node(struct ydoc *y, yaml_node_t *node, struct out *o, struct unit_ctx *c,
		     int depth);

/* A compose volume ("src:dst[:opts]") with the relabel of @plan, or NULL when untouched. */
static char *
compose_volume(const char *v, const struct fix_plan *plan)
{
	const char *first = strchr(v, ':'), *second = first ? strchr(first + 1, ':') : NULL;
	size_t dl = second ? (size_t)(second - first - 1) : first ? strlen(first + 1) : 0;

	if (!first || !(v[0] == '/' || v[0] == '.' || v[0] == '~' || v[0] == '$'))
		return NULL;
	for (size_t k = 0; k < plan->n_relabel; k++) {
		const char *dst = plan->relabel[k].destination;

		if (strlen(dst) == dl && strncmp(first + 1, dst, dl) == 0) {
			if (!second)
				return xasprintf("%s:%c", v, plan->relabel[k].option);
			if (strchr(second + 1, 'z') || strchr(second + 1, 'Z'))
				return NULL;
			return xasprintf("%s,%c", v, plan->relabel[k].option);
		}
	}
	return NULL;
}

/* A comment line about @unit: "# web: @msg @detail" (every string escaped: no newline). */
static void
note(struct unit_ctx *c, const char *unit, const char *msg, const char *detail)
{
	strbuf_addstr(&c->comments, "# ");
	escape_display(&c->comments, unit, strlen(unit));
	strbuf_addstr(&c->comments, ": ");
	escape_display(&c->comments, msg, strlen(msg));
	if (detail) {
		strbuf_addch(&c->comments, ' ');
		escape_display(&c->comments, detail, strlen(detail));
	}
	strbuf_addch(&c->comments, '\n');
}

/* The Pod Security Standards level the container meets, with its pod's settings. */
static void
pss_note(struct unit_ctx *c, const char *unit, const struct fix_plan *plan)
{
	struct ydoc *y = c->src;
	bool baseline = true, restricted = true;
	const char *why = NULL;
	yaml_node_t *vols = get(y, c->pod, "volumes", 0);

	for (size_t i = 0; plan->caps && plan->caps[i]; i++) {
		bool in = false;

		for (size_t k = 0; k < ARRAY_SIZE(baseline_caps); k++)
			in |= streq(plan->caps[i], baseline_caps[k]);
		baseline &= in;
		restricted &= streq(plan->caps[i], "NET_BIND_SERVICE");
	}
	if (!baseline)
		why = "it needs a capability baseline does not allow";
	if (is_true(get(y, c->pod, "hostPID", 0)) || is_true(get(y, c->pod, "hostNetwork", 0)) ||
	    is_true(get(y, c->pod, "hostIPC", 0)))
		why = "its pod shares a host namespace (hostPID, hostNetwork or hostIPC)";
	for (yaml_node_item_t *i = vols && vols->type == YAML_SEQUENCE_NODE
					   ? vols->data.sequence.items.start
					   : NULL;
	     i && i < vols->data.sequence.items.top; i++)
		if (get(y, yaml_document_get_node(y->d, *i), "hostPath", 0))
			why = "its pod mounts a hostPath volume";
	if (why) {
		char *m = xasprintf("cannot meet Pod Security Standards baseline: %s; run it in a "
				    "namespace with the privileged level",
				    why);

		note(c, unit, m, NULL);
		free(m);
		return;
	}
	note(c, unit,
	     restricted
		     ? "meets Pod Security Standards baseline; restricted also needs "
		       "runAsNonRoot: true"
		     : "meets Pod Security Standards baseline, not restricted (restricted allows "
		       "adding only NET_BIND_SERVICE)",
	     NULL);
}

/* The securityContext of a Kubernetes container: the user's (merged), with ours over it. */
static int
k8s_security_context(struct ydoc *y, yaml_node_t *old, struct out *o, const struct fix_plan *plan,
		     bool privileged)
{
	static const char *const ours[] = { "privileged", "allowPrivilegeEscalation",
					    "capabilities", "seccompProfile" };
	int map = yaml_document_add_mapping(&o->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
	yaml_node_t *escalation = get(y, old, "allowPrivilegeEscalation", 0);
	struct pairs ps = { 0 };

	collect_pairs(y, old, &ps, 0);
	for (size_t i = 0; i < ps.n; i++) {
		const char *k = scalar(ps.keys[i]);
		bool replaced = false;

		for (size_t j = 0; j < ARRAY_SIZE(ours); j++)
			replaced |= streq(k, ours[j]);
		if (!replaced)
			put(o, map, k, copy_node(y, ps.values[i], o, NULL, 0));
	}
	pairs_done(&ps);
	if (privileged)
		put(o, map, "privileged", add_scalar(o, "false", true));
	if (!plan->keep_setuid)
		put(o, map, "allowPrivilegeEscalation", add_scalar(o, "false", true));
	else if (escalation) /* the user's own choice stays */
		put(o, map, "allowPrivilegeEscalation", copy_node(y, escalation, o, NULL, 0));
	if (plan->caps) {
		int caps = yaml_document_add_mapping(&o->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
		static const char *const all[] = { "ALL", NULL };

		put(o, caps, "drop", add_list(o, all, ""));
		if (plan->caps[0])
			put(o, caps, "add", add_list(o, plan->caps, ""));
		put(o, map, "capabilities", caps);
	}
	{
		int sp = yaml_document_add_mapping(&o->doc, NULL, YAML_BLOCK_MAPPING_STYLE);

		if (plan->seccomp_profile) {
			put(o, sp, "type", add_scalar(o, "Localhost", true));
			put(o, sp, "localhostProfile", add_scalar(o, plan->seccomp_profile, false));
		} else {
			put(o, sp, "type", add_scalar(o, "RuntimeDefault", true));
		}
		put(o, map, "seccompProfile", sp);
	}
	return map;
}

/* Remember the plan of the next unit (none: @plan is NULL), for the check of the output. */
static void
record_plan(struct unit_ctx *c, const struct fix_plan *plan)
{
	c->plans = xgrow(c->plans, &c->cap_units, c->n_units + 1, sizeof(*c->plans));
	c->planned = xrealloc(c->planned, c->cap_units * sizeof(*c->planned));
	c->planned[c->n_units] = plan != NULL;
	if (plan)
		c->plans[c->n_units] = *plan;
	else
		memset(&c->plans[c->n_units], 0, sizeof(*c->plans));
	c->n_units++;
}

/* A compose service or a Kubernetes container, rewritten by its plan. */
static int copy_unit_once(struct ydoc *y, yaml_node_t *node, const char *name, struct out *o,
			  struct unit_ctx *c);

/*
 * A Kubernetes container is copied once (an alias to it is an alias to its copy: its name is
 * its own), and nothing in it is taken for another unit (containers do not nest): the check of
 * the output walks it the same way.  A compose service is named by its key, so two services
 * that alias one mapping are two units, each rewritten by its own plan.
 */
static int
copy_unit(struct ydoc *y, yaml_node_t *node, const char *name, struct out *o, struct unit_ctx *c)
{
	size_t idx = c->kind == MANIFEST_COMPOSE ? o->n_memo : (size_t)(node - y->d->nodes.start);
	int id;

	if (idx < o->n_memo && c->unit_memo[idx])
		return c->unit_memo[idx];
	id = copy_unit_once(y, node, name, o, c);
	if (idx < o->n_memo)
		c->unit_memo[idx] = id;
	return id;
}

/* A compose service's volumes, rewritten by @plan: the socket's removed, relabels added. */
static int
compose_volumes(struct ydoc *y, yaml_node_t *vols, struct out *o, struct unit_ctx *c,
		const char *unit, const struct fix_plan *plan)
{
	int seq = yaml_document_add_sequence(&o->doc, NULL, YAML_BLOCK_SEQUENCE_STYLE);

	for (yaml_node_item_t *i = vols->data.sequence.items.start;
	     i < vols->data.sequence.items.top; i++) {
		yaml_node_t *item = yaml_document_get_node(y->d, *i);
		const char *s = scalar(item);
		char *nv;

		if (plan->remove_engine_socket && compose_volume_is_socket(y, item)) {
			char *what = s ? xstrdup(s) : compose_long_volume(y, item);

			note(c, unit,
			     "removed the volume of the engine's API socket (root on the host to "
			     "whoever holds it):",
			     what);
			free(what);
			continue;
		}
		nv = s ? compose_volume(s, plan) : NULL;
		if (nv) {
			note(c, unit, "added the SELinux relabel to the volume", nv);
			yaml_document_append_sequence_item(&o->doc, seq, add_scalar(o, nv, false));
			free(nv);
		} else {
			yaml_document_append_sequence_item(&o->doc, seq,
							   copy_node(y, item, o, NULL, 1));
		}
	}
	return seq;
}

/* A Kubernetes container's volumeMounts without those of the engine socket. */
static int
k8s_volume_mounts(struct ydoc *y, yaml_node_t *mounts, struct out *o, struct unit_ctx *c,
		  const char *unit)
{
	int seq = yaml_document_add_sequence(&o->doc, NULL, YAML_BLOCK_SEQUENCE_STYLE);

	for (yaml_node_item_t *i = mounts->data.sequence.items.start;
	     i < mounts->data.sequence.items.top; i++) {
		yaml_node_t *m = yaml_document_get_node(y->d, *i);

		if (k8s_mount_is_socket(y, c->pod, m)) {
			note(c, unit,
			     "removed the mount of the engine's API socket (root on the host to "
			     "whoever holds it); delete the pod's hostPath volume too if no other "
			     "container mounts it:",
			     scalar(get(y, m, "name", 0)));
			continue;
		}
		yaml_document_append_sequence_item(&o->doc, seq, copy_node(y, m, o, NULL, 1));
	}
	return seq;
}

static int
copy_unit_once(struct ydoc *y, yaml_node_t *node, const char *name, struct out *o,
	       struct unit_ctx *c)
{
	bool compose = c->kind == MANIFEST_COMPOSE;
	struct run_grants g;
	bool privileged, all, nnp = false;
	struct fix_plan plan;
	struct pairs ps = { 0 };
	int map;

	if (compose)
		compose_grants(y, node, &g);
	else
		k8s_grants(y, node, c->pod, &g);
	privileged = g.privileged;
	all = g.privileged || g.all_caps;
	if (!c->plan_for(name, all, &plan, c->data)) {
		record_plan(c, NULL);
		return copy_node(y, node, o, NULL, 1);
	}
	record_plan(c, &plan);
	c->changed++;
	map = yaml_document_add_mapping(&o->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
	/* Merge keys are resolved: the unit comes out with every key it has, and no <<. */
	collect_pairs(y, node, &ps, 0);
	for (size_t n = 0; n < ps.n; n++) {
		const char *k = scalar(ps.keys[n]);
		yaml_node_t *v = ps.values[n];

		if (compose && (streq(k, "privileged") || streq(k, "cap_drop") ||
				(plan.caps && streq(k, "cap_add")))) {
			continue;
		} else if (compose && streq(k, "cap_add") && v && v->type == YAML_SEQUENCE_NODE) {
			/* No capability advice: the user's list, without ALL. */
			int seq =
				yaml_document_add_sequence(&o->doc, NULL, YAML_FLOW_SEQUENCE_STYLE);

			for (yaml_node_item_t *i = v->data.sequence.items.start;
			     i < v->data.sequence.items.top; i++) {
				const char *s = scalar(yaml_document_get_node(y->d, *i));

				if (s &&
				    (strcasecmp(s, "ALL") == 0 || strcasecmp(s, "CAP_ALL") == 0))
					continue;
				yaml_document_append_sequence_item(
					&o->doc, seq,
					copy_node(y, yaml_document_get_node(y->d, *i), o, NULL, 1));
			}
			put(o, map, k, seq);
		} else if (compose && streq(k, "security_opt") && v &&
			   v->type == YAML_SEQUENCE_NODE) {
			int seq = yaml_document_add_sequence(&o->doc, NULL,
							     YAML_BLOCK_SEQUENCE_STYLE);

			for (yaml_node_item_t *i = v->data.sequence.items.start;
			     i < v->data.sequence.items.top; i++) {
				const char *s = scalar(yaml_document_get_node(y->d, *i));

				if (s && strstr(s, "no-new-privileges"))
					nnp = true;
				if (s && plan.drop_label_disable && strstr(s, "label") &&
				    strstr(s, "disable")) {
					note(c, name, "removed (a relabel suffices): security_opt",
					     s);
					continue;
				}
				yaml_document_append_sequence_item(
					&o->doc, seq,
					copy_node(y, yaml_document_get_node(y->d, *i), o, NULL, 1));
			}
			if (!nnp && !plan.keep_setuid)
				yaml_document_append_sequence_item(
					&o->doc, seq,
					add_scalar(o, "no-new-privileges:true", false));
			nnp = true;
			put(o, map, k, seq);
		} else if (compose && streq(k, "volumes") && v && v->type == YAML_SEQUENCE_NODE) {
			put(o, map, k, compose_volumes(y, v, o, c, name, &plan));
		} else if (!compose && streq(k, "volumeMounts") && plan.remove_engine_socket && v &&
			   v->type == YAML_SEQUENCE_NODE) {
			put(o, map, k, k8s_volume_mounts(y, v, o, c, name));
		} else if (!compose && streq(k, "securityContext")) {
			continue; /* rebuilt below */
		} else {
			put(o, map, k, copy_node(y, v, o, NULL, 1));
		}
	}
	if (compose) {
		static const char *const all_caps[] = { "ALL", NULL };

		if (privileged) {
			put(o, map, "privileged", add_scalar(o, "false", true));
			note(c, name,
			     "removed privileged: it gives every capability, all devices, no "
			     "seccomp and no SELinux confinement",
			     NULL);
		}
		if (plan.caps) {
			put(o, map, "cap_drop", add_list(o, all_caps, ""));
			if (plan.caps[0])
				put(o, map, "cap_add", add_list(o, plan.caps, ""));
			note(c, name, "capabilities: only those it uses", NULL);
		}
		if (!nnp && !plan.keep_setuid) {
			static const char *const opt[] = { "no-new-privileges:true", NULL };
			int seq = add_list(o, opt, "");

			if (plan.seccomp_profile) {
				char *s = xasprintf("seccomp=%s", plan.seccomp_profile);

				yaml_document_append_sequence_item(&o->doc, seq,
								   add_scalar(o, s, false));
				free(s);
			}
			put(o, map, "security_opt", seq);
		}
	} else {
		put(o, map, "securityContext",
		    k8s_security_context(y, get(y, node, "securityContext", 0), o, &plan,
					 privileged));
		if (plan.n_relabel)
			note(c, name,
			     "Kubernetes never relabels hostPath volumes: label the host directory "
			     "(semanage fcontext -a -t container_file_t 'DIR(/.*)?' && restorecon "
			     "-Rv DIR)",
			     NULL);
		pss_note(c, name, &plan);
	}
	pairs_done(&ps);
	return map;
}

/* Whether @item of a Kubernetes document is a container: a mapping with a name and an image. */
static const char *
k8s_container_name(struct ydoc *y, yaml_node_t *item)
{
	const char *name = scalar(get(y, item, "name", 0));

	return name && scalar(get(y, item, "image", 0)) ? name : NULL;
}

static int
copy_node(struct ydoc *y, yaml_node_t *node, struct out *o, struct unit_ctx *c, int depth)
{
	size_t idx;
	int id;

	if (!node)
		return add_scalar(o, "", false);
	/*
	 * A collection copied once is referenced again (an alias), never copied twice; scalars,
	 * leaves, are copied each time, so that no key or short value becomes an alias.
	 */
	idx = node->type == YAML_SCALAR_NODE ? o->n_memo : (size_t)(node - y->d->nodes.start);
	if (idx < o->n_memo && o->memo[idx])
		return o->memo[idx];
	if (depth > YAML_DEPTH_MAX) {
		o->failed = true;
		return add_scalar(o, "", false);
	}
	switch (node->type) {
	case YAML_SCALAR_NODE:
		id = yaml_document_add_scalar(&o->doc, node->tag, node->data.scalar.value,
					      (int)node->data.scalar.length,
					      node->data.scalar.style);
		o->failed |= id == 0;
		break;
	case YAML_SEQUENCE_NODE: {
		int seq = yaml_document_add_sequence(&o->doc, node->tag, node->data.sequence.style);

		for (yaml_node_item_t *i = node->data.sequence.items.start;
		     i < node->data.sequence.items.top; i++) {
			yaml_node_t *item = yaml_document_get_node(y->d, *i);
			const char *name = c && c->kind == MANIFEST_KUBERNETES
						   ? k8s_container_name(y, item)
						   : NULL;

			yaml_document_append_sequence_item(
				&o->doc, seq,
				name ? copy_unit(y, item, name, o, c)
				     : copy_node(y, item, o, c, depth + 1));
		}
		id = seq;
		break;
	}
	case YAML_MAPPING_NODE: {
		int map = yaml_document_add_mapping(&o->doc, node->tag, node->data.mapping.style);
		yaml_node_t *outer_pod = c ? c->pod : NULL;

		/*
		 * A mapping with containers is a pod spec: its containers' context.  A mapping
		 * merged into a pod spec is part of it: the pod stays the one it is merged into,
		 * whose own keys (hostPID: true) win over the merged ones.
		 */
		if (c && c->kind == MANIFEST_KUBERNETES && (!c->merging || !c->pod) &&
		    get(y, node, "containers", 0))
			c->pod = node;
		/*
		 * Compose: the top level and its services are written with their merge keys
		 * resolved, so that a service merged in ("services: {<<: *more}") is a unit
		 * like the others and no merged key can hide one.
		 */
		bool resolve = c && c->kind == MANIFEST_COMPOSE && depth == 0;
		struct pairs ps = { 0 };

		mapping_pairs(y, node, resolve, &ps);
		for (size_t i = 0; i < ps.n; i++) {
			yaml_node_t *k = ps.keys[i], *v = ps.values[i];
			const char *ks = scalar(k);
			int vid;

			/* Compose: each value of the top-level services mapping is a unit. */
			if (resolve && ks && streq(ks, "services") && v &&
			    v->type == YAML_MAPPING_NODE) {
				struct pairs ss = { 0 };

				collect_pairs(y, v, &ss, 0);
				vid = yaml_document_add_mapping(&o->doc, v->tag,
								v->data.mapping.style);
				for (size_t j = 0; j < ss.n; j++) {
					yaml_node_t *sv = ss.values[j];
					const char *sn = scalar(ss.keys[j]);

					yaml_document_append_mapping_pair(
						&o->doc, vid,
						copy_node(y, ss.keys[j], o, NULL, depth + 2),
						sn && sv && sv->type == YAML_MAPPING_NODE
							? copy_unit(y, sv, sn, o, c)
							: copy_node(y, sv, o, c, depth + 2));
				}
				pairs_done(&ss);
			} else {
				bool merge = c && ks && streq(ks, "<<");

				c &&merge ? c->merging++ : 0;
				vid = copy_node(y, v, o, c, depth + 1);
				c &&merge ? c->merging-- : 0;
			}
			yaml_document_append_mapping_pair(&o->doc, map,
							  copy_node(y, k, o, NULL, depth + 1), vid);
		}
		pairs_done(&ps);
		if (c)
			c->pod = outer_pod;
		id = map;
		break;
	}
	case YAML_NO_NODE:
	default:
		id = add_scalar(o, "", false);
		break;
	}
	if (idx < o->n_memo)
		o->memo[idx] = id;
	return id;
}

/* ---- checking the output: every unit grants no more than before ---- */

struct unit_grants {
	char *name;
	struct run_grants g;
};

struct unit_list {
	struct unit_grants *u;
	size_t n, cap;
	bool *seen, *seen_unit; /* nodes walked and units found, so that an alias counts once */
	size_t n_seen;
	int merging; /* as unit_ctx's */
};

static void
add_unit(struct unit_list *l, const char *name, const struct run_grants *g)
{
	l->u = xgrow(l->u, &l->cap, l->n + 1, sizeof(*l->u));
	l->u[l->n].name = xstrdup(name);
	l->u[l->n++].g = *g;
}

/* Whether node @n was met before (and mark it met). */
static bool
met(bool *seen, size_t n_seen, const yaml_document_t *d, const yaml_node_t *n)
{
	size_t idx = (size_t)(n - d->nodes.start);
	bool was;

	if (idx >= n_seen)
		return false;
	was = seen[idx];
	seen[idx] = true;
	return was;
}

/* The units of @node, found the way copy_node() finds them: see copy_unit(). */
static void
walk_units(struct ydoc *y, yaml_node_t *node, enum manifest_kind kind, yaml_node_t *pod, int depth,
	   struct unit_list *l)
{
	if (!node || depth > YAML_DEPTH_MAX || met(l->seen, l->n_seen, y->d, node))
		return;
	if (node->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *i = node->data.sequence.items.start;
		     i < node->data.sequence.items.top; i++) {
			yaml_node_t *item = yaml_document_get_node(y->d, *i);
			const char *name =
				kind == MANIFEST_KUBERNETES ? k8s_container_name(y, item) : NULL;
			struct run_grants g;

			if (!name) {
				walk_units(y, item, kind, pod, depth + 1, l);
			} else if (!met(l->seen_unit, l->n_seen, y->d, item)) {
				k8s_grants(y, item, pod, &g);
				add_unit(l, name, &g);
			}
		}
	} else if (node->type == YAML_MAPPING_NODE) {
		if (kind == MANIFEST_KUBERNETES && (!l->merging || !pod) &&
		    get(y, node, "containers", 0))
			pod = node;
		bool resolve = kind == MANIFEST_COMPOSE && depth == 0;
		struct pairs ps = { 0 };

		mapping_pairs(y, node, resolve, &ps);
		for (size_t i = 0; i < ps.n; i++) {
			const char *ks = scalar(ps.keys[i]);
			yaml_node_t *v = ps.values[i];

			if (resolve && ks && streq(ks, "services") && v &&
			    v->type == YAML_MAPPING_NODE) {
				struct pairs ss = { 0 };

				collect_pairs(y, v, &ss, 0);
				for (size_t j = 0; j < ss.n; j++) {
					yaml_node_t *sv = ss.values[j];
					const char *sn = scalar(ss.keys[j]);
					struct run_grants g;

					if (!sn || !sv || sv->type != YAML_MAPPING_NODE)
						continue;
					compose_grants(y, sv, &g);
					add_unit(l, sn, &g);
				}
				pairs_done(&ss);
			} else if (kind == MANIFEST_KUBERNETES) {
				bool merge = ks && streq(ks, "<<");

				l->merging += merge;
				walk_units(y, v, kind, pod, depth + 1, l);
				l->merging -= merge;
			}
		}
		pairs_done(&ps);
	}
}

static void
units_of(yaml_document_t *d, enum manifest_kind kind, struct unit_list *l)
{
	struct ydoc y = { d, 0 };

	l->n_seen = (size_t)(d->nodes.top - d->nodes.start);
	l->seen = xcalloc(l->n_seen + 1, sizeof(*l->seen));
	l->seen_unit = xcalloc(l->n_seen + 1, sizeof(*l->seen_unit));
	walk_units(&y, yaml_document_get_root_node(d), kind, NULL, 0, l);
	free(l->seen);
	free(l->seen_unit);
	l->seen = l->seen_unit = NULL;
}

static void
unit_list_done(struct unit_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->u[i].name);
	free(l->u);
	memset(l, 0, sizeof(*l));
}

/* Every unit of every document of @text, in order.  0, or -EBADMSG when it does not parse. */
static int
units_of_text(const char *text, size_t len, enum manifest_kind kind, struct unit_list *l)
{
	yaml_parser_t p;
	int r = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		yaml_document_t d;
		bool end;

		if (!yaml_parser_load(&p, &d)) {
			r = -EBADMSG;
			break;
		}
		end = !yaml_document_get_root_node(&d);
		if (!end)
			units_of(&d, kind, l);
		yaml_document_delete(&d);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	return r;
}

/*
 * Compare the units of the input with those of the output, read back by libyaml: the same
 * units in the same order, each granting nothing more than before (run_grants_check, with the
 * unit's plan).  0, or -EPERM with the reason.
 */
static int
check_output(const char *path, const char *in, size_t in_len, const char *outbuf, size_t out_len,
	     enum manifest_kind kind, const struct unit_ctx *c, struct strbuf *err)
{
	struct unit_list lin = { 0 }, lout = { 0 };
	int r = 0;

	if (units_of_text(in, in_len, kind, &lin) < 0) {
		r = -EBADMSG;
	} else if (units_of_text(outbuf, out_len, kind, &lout) < 0) {
		strbuf_addf(err, "%s: the rewritten document does not parse", path);
		r = -EPERM;
	} else if (lin.n != lout.n || lin.n != c->n_units) {
		strbuf_addf(err, "%s: the rewrite has another number of containers", path);
		r = -EPERM;
	}
	for (size_t i = 0; r == 0 && i < lin.n; i++) {
		const struct fix_plan *plan = c->planned[i] ? &c->plans[i] : NULL;

		if (!streq(lin.u[i].name, lout.u[i].name)) {
			strbuf_addf(err, "%s: the rewrite changed the order of containers", path);
			r = -EPERM;
		} else if (run_grants_check(&lin.u[i].g, &lout.u[i].g, plan, err) < 0) {
			strbuf_addf(err, " (%s in %s)", lin.u[i].name, path);
			r = -EPERM;
		}
	}
	unit_list_done(&lin);
	unit_list_done(&lout);
	return r;
}

static int
fix_yaml(const char *path, const char *text, size_t len, enum manifest_kind kind,
	 manifest_plan_fn plan_for, void *data, struct strbuf *out, struct strbuf *err)
{
	struct unit_ctx c = { .kind = kind, .plan_for = plan_for, .data = data };
	yaml_parser_t parser;
	yaml_emitter_t emitter;
	char *result = NULL;
	size_t result_len = 0;
	FILE *mem;
	int r, docs = 0;

	r = yaml_prescan(path, text, len, err);
	if (r < 0)
		return r;
	/* The result is built in memory and checked before any of it is written. */
	mem = open_memstream(&result, &result_len);
	if (!mem)
		return -ENOMEM;
	strbuf_init(&c.comments);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_emitter_initialize(&emitter);
	yaml_emitter_set_output_file(&emitter, mem);
	yaml_emitter_set_unicode(&emitter, 1);
	yaml_emitter_set_width(&emitter, 100);
	yaml_emitter_open(&emitter);
	for (;;) {
		yaml_document_t doc;
		yaml_node_t *root;
		struct out o = { .failed = false };
		struct ydoc y;

		if (!yaml_parser_load(&parser, &doc)) {
			strbuf_addf(err, "%s:%zu:%zu: %s", path, parser.problem_mark.line + 1,
				    parser.problem_mark.column + 1,
				    parser.problem ? parser.problem : "YAML error");
			r = -EBADMSG;
			break;
		}
		root = yaml_document_get_root_node(&doc);
		if (!root) {
			yaml_document_delete(&doc);
			break;
		}
		y.d = &doc;
		y.work = 0;
		c.src = &y;
		o.n_memo = (size_t)(doc.nodes.top - doc.nodes.start);
		o.memo = xcalloc(o.n_memo + 1, sizeof(*o.memo));
		c.unit_memo = xcalloc(o.n_memo + 1, sizeof(*c.unit_memo));
		/* "---" between documents only. */
		yaml_document_initialize(&o.doc, NULL, NULL, NULL, docs == 0, 1);
		copy_node(&y, root, &o, &c, 0);
		yaml_document_delete(&doc);
		free(o.memo);
		free(c.unit_memo);
		c.unit_memo = NULL;
		if (y.work > MERGE_WORK_MAX) {
			strbuf_addf(err, "%s: its merge keys take more than %d steps to resolve",
				    path, MERGE_WORK_MAX);
			yaml_document_delete(&o.doc);
			r = -EFBIG;
			break;
		}
		/* Notes first, as comments: libyaml does not carry comments in documents. */
		yaml_emitter_flush(&emitter);
		fputs(c.comments.buf, mem);
		strbuf_reset(&c.comments);
		if (o.failed || !yaml_emitter_dump(&emitter, &o.doc)) {
			strbuf_addf(err, "%s: could not write the fixed document", path);
			r = -EIO;
			break;
		}
		docs++;
	}
	yaml_emitter_close(&emitter);
	yaml_emitter_flush(&emitter);
	yaml_emitter_delete(&emitter);
	yaml_parser_delete(&parser);
	strbuf_done(&c.comments);
	fclose(mem);
	if (r == 0)
		r = check_output(path, text, len, result, result_len, kind, &c, err);
	if (r == 0)
		strbuf_add(out, result, result_len);
	free(result);
	free(c.plans);
	free(c.planned);
	return r < 0 ? r : c.changed;
}

/* ---- Quadlet ---- */

/* One logical line of a unit: continuation lines joined, as systemd reads them. */
struct uline {
	char *text;  /* the logical line, without its line ending */
	char *raw;   /* the physical lines as written, endings included */
	bool is_key; /* key=value in [Container] */
};

/* Split a systemd value into words (quotes and backslash escapes, as systemd does). */
static void
split_words(const char *s, struct words *w)
{
	while (*s) {
		struct strbuf sb;
		char quote = 0;

		while (*s && strchr(" \t\r\n", *s))
			s++;
		if (!*s)
			break;
		strbuf_init(&sb);
		for (; *s && (quote || !strchr(" \t\r\n", *s)); s++) {
			if (!quote && (*s == '"' || *s == '\'')) {
				quote = *s;
			} else if (quote && *s == quote) {
				quote = 0;
			} else if (*s == '\\' && s[1]) {
				strbuf_addch(&sb, *++s);
			} else {
				strbuf_addch(&sb, *s);
			}
		}
		word(w, "", sb.buf);
		strbuf_done(&sb);
	}
}

/* A word for a systemd value: bare when safe, else in double quotes with escapes. */
static void
quote_word(struct strbuf *sb, const char *v)
{
	bool bare = *v != '\0';

	for (const char *p = v; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("_@%+=:,./-", *p)))
			bare = false;
	if (bare) {
		strbuf_addstr(sb, v);
		return;
	}
	strbuf_addch(sb, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

/* Read @text into logical lines.  *ret_crlf: the unit ends its lines with CR LF. */
static struct uline *
unit_lines(const char *text, size_t *ret_n, bool *ret_crlf)
{
	struct uline *lines = NULL;
	size_t n = 0, cap = 0;
	const char *p = text;
	bool section = false;

	*ret_crlf = strstr(text, "\r\n") != NULL;
	while (*p) {
		struct strbuf logical, raw;
		bool more = true;

		strbuf_init(&logical);
		strbuf_init(&raw);
		while (more && *p) {
			size_t len = strcspn(p, "\n"), end = len;

			strbuf_add(&raw, p, len + (p[len] == '\n'));
			/* Every trailing CR, as systemd strips them: the CR of a last line
			 * without LF must not become a value once the rewrite ends the line. */
			while (end && p[end - 1] == '\r')
				end--;
			/* A backslash at the end continues the line (comment lines do not). */
			more = end && p[end - 1] == '\\' && p[0] != '#' && p[0] != ';';
			strbuf_add(&logical, p, more ? end - 1 : end);
			if (more)
				strbuf_addch(&logical, ' ');
			p += len + (p[len] == '\n');
		}
		lines = xgrow(lines, &cap, n + 1, sizeof(*lines));
		lines[n].text = strbuf_detach(&logical);
		lines[n].raw = strbuf_detach(&raw);
		if (lines[n].text[0] == '[')
			section = streq(lines[n].text, "[Container]");
		lines[n].is_key = section && lines[n].text[0] != '[' && lines[n].text[0] != '#' &&
				  lines[n].text[0] != ';' && strchr(lines[n].text, '=');
		n++;
	}
	*ret_n = n;
	return lines;
}

static void
unit_lines_free(struct uline *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(lines[i].text);
		free(lines[i].raw);
	}
	free(lines);
}

/* systemd's reading: the key is what stands before the '=', blanks around it ignored. */
static bool
key_is(const char *line, const char *key)
{
	size_t kl = strlen(key);

	return strncmp(line, key, kl) == 0 && line[kl + strspn(line + kl, " \t")] == '=';
}

static const char *
key_value(const char *line)
{
	const char *v = strchr(line, '=') + 1;

	while (*v == ' ')
		v++;
	return v;
}

/*
 * The [Container] keys that grant something, spelt as the run options Quadlet writes for them
 * (podman's pkg/systemd/quadlet): Volume= and Network= are one value each (LookupAll), the
 * capability, device, mount and unmask keys a list of words (LookupAllStrv, LookupAllArgs),
 * the others one value (Lookup).
 */
static void
quadlet_words(const struct uline *lines, size_t n, struct words *w)
{
	static const struct {
		const char *key, *prefix; /* the option Quadlet writes */
		bool words;               /* a list of words, one option each */
	} keys[] = {
		{ "AddCapability", "--cap-add=", true },
		{ "DropCapability", "--cap-drop=", true },
		{ "AddDevice", "--device=", true },
		{ "Mount", "--mount=", true },
		{ "Unmask", "--security-opt=unmask=", true },
		{ "Volume", "--volume=", false },
		{ "Network", "--network=", false },
		{ "SeccompProfile", "--security-opt=seccomp=", false },
		{ "AppArmor", "--security-opt=apparmor=", false },
		{ "SecurityLabelType", "--security-opt=label=type:", false },
	};

	for (size_t i = 0; i < n; i++) {
		const char *l = lines[i].text;

		if (!lines[i].is_key)
			continue;
		if (key_is(l, "PodmanArgs")) {
			split_words(key_value(l), w);
			continue;
		}
		if (key_is(l, "SecurityLabelDisable") && strcasecmp(key_value(l), "true") == 0)
			word(w, "--security-opt=label=disable", NULL);
		if (key_is(l, "NoNewPrivileges") && strcasecmp(key_value(l), "true") == 0)
			word(w, "--security-opt=no-new-privileges", NULL);
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
			struct words vs = { 0 };

			if (!key_is(l, keys[k].key))
				continue;
			if (!keys[k].words) {
				word(w, keys[k].prefix, key_value(l));
				continue;
			}
			split_words(key_value(l), &vs);
			for (size_t j = 0; j < vs.n; j++)
				word(w, keys[k].prefix, vs.v[j]);
			words_done(&vs);
		}
	}
}

/*
 * The PodmanArgs= words rewritten by @plan's removals only (--privileged, ALL, the socket,
 * label=disable): capabilities and no-new-privileges go into keys of their own.  NULL when no
 * word is left; -EINVAL (with @err) when they hold an option podman does not have.
 */
static int
quadlet_podman_args(const char *value, const struct fix_plan *plan, char **ret, struct strbuf *err)
{
	struct fix_plan removals = { .drop_label_disable = plan->drop_label_disable,
				     .remove_engine_socket = plan->remove_engine_socket,
				     .keep_setuid = true };
	struct words w = { 0 }, all = { 0 };
	struct fix_change *changes;
	struct run_command rc;
	char **argv;
	size_t n;
	int r;

	split_words(value, &w);
	word(&all, "podman", NULL);
	word(&all, "run", NULL);
	for (size_t i = 0; i < w.n; i++)
		word(&all, "", w.v[i]);
	word(&all, "--", NULL);
	word(&all, "image", NULL);
	r = run_command_parse((int)all.n, all.v, 0, &rc, err);
	/* Quadlet puts PodmanArgs right before the image: a word that is not an option would be
	 * taken for the image, and everything after it for its command. */
	if (r == 0 && (!rc.had_dashdash || !streq(rc.image, "image") || rc.n_args)) {
		strbuf_addf(err, "PodmanArgs holds '%s', which is not an option of podman run",
			    !streq(rc.image, "image") ? rc.image
			    : rc.n_args               ? rc.args[0]
						      : "--");
		run_command_done(&rc);
		r = -EINVAL;
	}
	if (r == 0) {
		r = run_command_fix_checked(&rc, &removals, &argv, &changes, &n, err);
		run_command_done(&rc);
	}
	if (r == 0) {
		struct strbuf sb;

		strbuf_init(&sb);
		/* Between "run" and the "--" before the image. */
		for (size_t i = 2; argv[i] && !(streq(argv[i], "--") && argv[i + 1] &&
						streq(argv[i + 1], "image") && !argv[i + 2]);
		     i++) {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			quote_word(&sb, argv[i]);
		}
		*ret = sb.len ? strbuf_detach(&sb) : NULL;
		if (!*ret)
			strbuf_done(&sb);
		for (size_t i = 0; argv[i]; i++)
			free(argv[i]);
		free(argv);
		fix_changes_free(changes, n);
	}
	words_done(&w);
	words_done(&all);
	return r;
}

/* The rewritten logical line for key line @l, or NULL to drop it. */
static int
quadlet_line(const char *l, const struct fix_plan *plan, bool *ret_nnp, char **ret,
	     struct strbuf *err)
{
	*ret = NULL;
	if (key_is(l, "DropCapability") || key_is(l, "AddCapability")) {
		if (plan->caps)
			return 0;
		if (key_is(l, "AddCapability")) {
			/* No capability advice: the user's list, without ALL. */
			struct words vs = { 0 };
			struct strbuf sb;

			split_words(key_value(l), &vs);
			strbuf_init(&sb);
			strbuf_addstr(&sb, "AddCapability=");
			for (size_t j = 0, k = 0; j < vs.n; j++)
				if (strcasecmp(vs.v[j], "ALL") != 0 &&
				    strcasecmp(vs.v[j], "CAP_ALL") != 0) {
					if (k++)
						strbuf_addch(&sb, ' ');
					quote_word(&sb, vs.v[j]);
				}
			words_done(&vs);
			if (sb.buf[sb.len - 1] == '=')
				strbuf_done(&sb);
			else
				*ret = strbuf_detach(&sb);
			return 0;
		}
	}
	if (key_is(l, "SecurityLabelDisable") && plan->drop_label_disable)
		return 0;
	if (key_is(l, "NoNewPrivileges"))
		*ret_nnp = true;
	if (key_is(l, "PodmanArgs")) {
		char *args = NULL;
		int r = quadlet_podman_args(key_value(l), plan, &args, err);

		if (r < 0)
			return r;
		if (args)
			*ret = xasprintf("PodmanArgs=%s", args);
		free(args);
		return 0;
	}
	if (key_is(l, "Volume") && plan->remove_engine_socket) {
		if (run_mount_is_engine_socket(key_value(l), false))
			return 0;
	}
	if (key_is(l, "Mount") && plan->remove_engine_socket) {
		/* A list of mounts: those of the socket go, the others stay. */
		struct words vs = { 0 };
		struct strbuf sb;

		split_words(key_value(l), &vs);
		strbuf_init(&sb);
		for (size_t j = 0; j < vs.n; j++) {
			if (!run_mount_is_engine_socket(vs.v[j], true)) {
				strbuf_addstr(&sb, sb.len ? " " : "Mount=");
				quote_word(&sb, vs.v[j]);
			}
		}
		words_done(&vs);
		*ret = sb.len ? strbuf_detach(&sb) : NULL;
		if (!*ret)
			strbuf_done(&sb);
		return 0;
	}
	if (key_is(l, "Volume")) {
		char *nv = compose_volume(key_value(l), plan);

		if (nv) {
			*ret = xasprintf("Volume=%s", nv);
			free(nv);
			return 0;
		}
	}
	*ret = xstrdup(l);
	return 0;
}

static void
quadlet_added_keys(struct strbuf *out, const struct fix_plan *plan, bool nnp, const char *eol)
{
	/* A last line without its line ending, or one that goes on (a backslash at its end),
	 * must not swallow the first key: end it. */
	size_t end;

	if (out->len && out->buf[out->len - 1] != '\n')
		strbuf_addstr(out, eol);
	/* Before any CRs: unit_lines() strips them all, as systemd does. */
	for (end = out->len; end && (out->buf[end - 1] == '\n' || out->buf[end - 1] == '\r'); end--)
		;
	if (end && out->buf[end - 1] == '\\')
		strbuf_addstr(out, eol);
	if (plan->caps) {
		strbuf_addf(out, "DropCapability=all%s", eol);
		for (size_t i = 0; plan->caps[i]; i++)
			strbuf_addf(out, "AddCapability=CAP_%s%s", plan->caps[i], eol);
	}
	if (!nnp && !plan->keep_setuid)
		strbuf_addf(out, "NoNewPrivileges=true%s", eol);
	if (plan->seccomp_profile) {
		strbuf_addstr(out, "SeccompProfile=");
		unit_quote(out, plan->seccomp_profile);
		strbuf_addstr(out, eol);
	}
}

static int
fix_quadlet(const char *path, const char *text, manifest_plan_fn plan_for, void *data,
	    struct strbuf *out, struct strbuf *err)
{
	const char *unit = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *name = xstrndup(unit, strcspn(unit, "."));
	struct uline *lines, *again;
	size_t n, n_again;
	bool crlf, crlf_again, nnp = false, in_container = false;
	struct words win = { 0 }, wout = { 0 };
	struct run_grants gin, gout;
	struct fix_plan plan;
	struct strbuf res;
	const char *eol;
	int blanks = 0, r = 0;

	lines = unit_lines(text, &n, &crlf);
	eol = crlf ? "\r\n" : "\n";
	/* A unit without a [Container] section runs no container: nothing to rewrite. */
	for (size_t i = 0; i < n && !in_container; i++)
		in_container = streq(lines[i].text, "[Container]");
	if (!in_container) {
		unit_lines_free(lines, n);
		free(name);
		return 0;
	}
	in_container = false;
	quadlet_words(lines, n, &win);
	grants_of_words(&win, &gin);
	if (!plan_for(name, gin.privileged || gin.all_caps, &plan, data)) {
		unit_lines_free(lines, n);
		words_done(&win);
		free(name);
		return 0;
	}
	strbuf_init(&res);
	strbuf_addf(&res, "# leastpriv: %s rewritten from the evidence%s", unit, eol);
	for (size_t i = 0; i < n && r == 0; i++) {
		const char *l = lines[i].text;
		char *nl;

		/* Blank lines wait: the keys we add go before those that end the section. */
		if (in_container && l[0] == '\0') {
			blanks++;
			continue;
		}
		if (l[0] == '[') {
			if (in_container) /* leaving [Container]: ours go at its end */
				quadlet_added_keys(&res, &plan, nnp, eol);
			for (; blanks; blanks--)
				strbuf_addstr(&res, eol);
			in_container = streq(l, "[Container]");
			strbuf_addf(&res, "%s%s", l, eol);
			continue;
		}
		for (; blanks; blanks--)
			strbuf_addstr(&res, eol);
		if (!lines[i].is_key) {
			strbuf_addstr(&res, lines[i].raw);
			continue;
		}
		r = quadlet_line(l, &plan, &nnp, &nl, err);
		if (r == 0 && nl && streq(nl, l))
			strbuf_addstr(&res, lines[i].raw); /* untouched: as written */
		else if (r == 0 && nl)
			strbuf_addf(&res, "%s%s", nl, eol);
		free(nl);
	}
	if (r == 0 && in_container)
		quadlet_added_keys(&res, &plan, nnp, eol);
	/* The result read back: it grants nothing more than the unit did. */
	if (r == 0) {
		again = unit_lines(res.buf, &n_again, &crlf_again);
		quadlet_words(again, n_again, &wout);
		grants_of_words(&wout, &gout);
		unit_lines_free(again, n_again);
		if (run_grants_check(&gin, &gout, &plan, err) < 0) {
			strbuf_addf(err, " (%s)", unit);
			r = -EPERM;
		}
	}
	if (r == 0)
		strbuf_add(out, res.buf, res.len);
	strbuf_done(&res);
	words_done(&win);
	words_done(&wout);
	unit_lines_free(lines, n);
	free(name);
	return r < 0 ? r : 1;
}

int
manifest_fix_text(const char *path, const char *text, size_t len, enum manifest_kind kind,
		  manifest_plan_fn plan_for, void *data, struct strbuf *out, struct strbuf *err)
{
	switch (kind) {
	case MANIFEST_COMPOSE:
	case MANIFEST_KUBERNETES:
		return fix_yaml(path, text, len, kind, plan_for, data, out, err);
	case MANIFEST_QUADLET:
		return fix_quadlet(path, text, plan_for, data, out, err);
	case MANIFEST_UNKNOWN:
	default:
		strbuf_addf(err, "%s: not a compose file, Kubernetes manifest or Quadlet unit",
			    path);
		return -EINVAL;
	}
}

int
manifest_fix(const char *path, enum manifest_kind kind, manifest_plan_fn plan_for, void *data,
	     struct strbuf *out, struct strbuf *err)
{
	char *text;
	size_t len;
	int r = read_file(path, &text, &len, err);

	if (r < 0)
		return r;
	r = manifest_fix_text(path, text, len, kind, plan_for, data, out, err);
	free(text);
	return r;
}
