/* SPDX-License-Identifier: GPL-2.0-or-later */
/* leastpriv fix for compose files, Kubernetes manifests (libyaml) and Quadlet units. */
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <yaml.h>

#include "leastpriv/escape.h"
#include "leastpriv/manifest.h"
#include "leastpriv/util.h"

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

int
manifest_detect(const char *path, enum manifest_kind *ret, struct strbuf *err)
{
	char line[1024];
	FILE *f;

	if (ends_with(path, ".container")) {
		*ret = MANIFEST_QUADLET;
		return 0;
	}
	f = fopen(path, "re");
	if (!f) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	*ret = MANIFEST_UNKNOWN;
	while (fgets(line, sizeof(line), f)) {
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
	fclose(f);
	return 0;
}

/* ---- reading libyaml documents ---- */

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *
map_get(yaml_document_t *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *k = scalar(yaml_document_get_node(d, p->key));

		if (k && streq(k, key))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

static bool
is_true(const yaml_node_t *n)
{
	const char *v = scalar(n);

	return v && (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0);
}

/* Whether sequence @seq holds the scalar ALL (or CAP_ALL). */
static bool
seq_has_all(yaml_document_t *d, yaml_node_t *seq)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return false;
	for (yaml_node_item_t *i = seq->data.sequence.items.start; i < seq->data.sequence.items.top;
	     i++) {
		const char *v = scalar(yaml_document_get_node(d, *i));

		if (v && (strcasecmp(v, "ALL") == 0 || strcasecmp(v, "CAP_ALL") == 0))
			return true;
	}
	return false;
}

/* ---- building the output document ---- */

struct out {
	yaml_document_t doc;
	bool failed;
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

/* A copy of @node of @src into @o, styles kept. */
static int copy_node(yaml_document_t *src, yaml_node_t *node, struct out *o, void *ctx, int depth);

struct unit_ctx {
	enum manifest_kind kind;
	manifest_plan_fn plan_for;
	void *data;
	FILE *notes; /* where comments go, before the document */
	int changed;
	struct strbuf comments;
};

static const char *const *
plan_caps(const struct fix_plan *p)
{
	return p->caps;
}

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

/* A comment line about @unit: "# web: @msg @detail" (the detail is escaped). */
static void
note(struct unit_ctx *c, const char *unit, const char *msg, const char *detail)
{
	strbuf_addstr(&c->comments, "# ");
	escape_display(&c->comments, unit, strlen(unit));
	strbuf_addstr(&c->comments, ": ");
	strbuf_addstr(&c->comments, msg);
	if (detail) {
		strbuf_addch(&c->comments, ' ');
		escape_display(&c->comments, detail, strlen(detail));
	}
	strbuf_addch(&c->comments, '\n');
}

/* Pod Security Standards levels the capability set meets. */
static void
pss_note(struct unit_ctx *c, const char *unit, const struct fix_plan *plan)
{
	bool baseline = true, restricted = true;

	for (size_t i = 0; plan->caps && plan->caps[i]; i++) {
		bool in = false;

		for (size_t k = 0; k < ARRAY_SIZE(baseline_caps); k++)
			in |= streq(plan->caps[i], baseline_caps[k]);
		baseline &= in;
		restricted &= streq(plan->caps[i], "NET_BIND_SERVICE");
	}
	note(c, unit,
	     baseline ? (restricted ? "meets Pod Security Standards baseline; restricted also "
				      "needs runAsNonRoot: true"
				    : "meets Pod Security Standards baseline, not restricted "
				      "(restricted allows adding only NET_BIND_SERVICE)")
		      : "cannot meet Pod Security Standards baseline: it needs a capability "
			"baseline does not allow; run it in a namespace with the privileged level",
	     NULL);
}

/* The securityContext of a Kubernetes container: the user's, with ours over it. */
static int
k8s_security_context(yaml_document_t *src, yaml_node_t *old, struct out *o,
		     const struct fix_plan *plan, bool privileged)
{
	static const char *const ours[] = { "privileged", "allowPrivilegeEscalation",
					    "capabilities", "seccompProfile" };
	int map = yaml_document_add_mapping(&o->doc, NULL, YAML_BLOCK_MAPPING_STYLE);

	for (yaml_node_pair_t *p =
		     old && old->type == YAML_MAPPING_NODE ? old->data.mapping.pairs.start : NULL;
	     p && p < old->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(src, p->key));
		bool replaced = false;

		for (size_t i = 0; k && i < ARRAY_SIZE(ours); i++)
			replaced |= streq(k, ours[i]);
		if (!k || replaced)
			continue;
		put(o, map, k, copy_node(src, yaml_document_get_node(src, p->value), o, NULL, 0));
	}
	if (privileged)
		put(o, map, "privileged", add_scalar(o, "false", true));
	if (!plan->keep_setuid)
		put(o, map, "allowPrivilegeEscalation", add_scalar(o, "false", true));
	if (plan->caps) {
		int caps = yaml_document_add_mapping(&o->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
		static const char *const all[] = { "ALL", NULL };

		put(o, caps, "drop", add_list(o, all, ""));
		if (plan_caps(plan)[0])
			put(o, caps, "add", add_list(o, plan_caps(plan), ""));
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

/* A compose service or a Kubernetes container, rewritten by its plan. */
static int
copy_unit(yaml_document_t *src, yaml_node_t *node, const char *name, struct out *o,
	  struct unit_ctx *c)
{
	bool compose = c->kind == MANIFEST_COMPOSE;
	yaml_node_t *caps_node =
		compose ? map_get(src, node, "cap_add")
			: map_get(src,
				  map_get(src, map_get(src, node, "securityContext"),
					  "capabilities"),
				  "add");
	bool privileged = is_true(
		compose ? map_get(src, node, "privileged")
			: map_get(src, map_get(src, node, "securityContext"), "privileged"));
	bool all = privileged || seq_has_all(src, caps_node), nnp = false;
	struct fix_plan plan;
	int map;

	if (!c->plan_for(name, all, &plan, c->data))
		return copy_node(src, node, o, NULL, 0);
	c->changed++;
	map = yaml_document_add_mapping(&o->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
	     p++) {
		const char *k = scalar(yaml_document_get_node(src, p->key));
		yaml_node_t *v = yaml_document_get_node(src, p->value);

		if (!k) {
			continue;
		} else if (compose && (streq(k, "privileged") || streq(k, "cap_drop") ||
				       (plan.caps && streq(k, "cap_add")))) {
			continue;
		} else if (compose && streq(k, "security_opt") && v &&
			   v->type == YAML_SEQUENCE_NODE) {
			int seq = yaml_document_add_sequence(&o->doc, NULL,
							     YAML_BLOCK_SEQUENCE_STYLE);

			for (yaml_node_item_t *i = v->data.sequence.items.start;
			     i < v->data.sequence.items.top; i++) {
				const char *s = scalar(yaml_document_get_node(src, *i));

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
					copy_node(src, yaml_document_get_node(src, *i), o, NULL,
						  0));
			}
			if (!nnp && !plan.keep_setuid)
				yaml_document_append_sequence_item(
					&o->doc, seq,
					add_scalar(o, "no-new-privileges:true", false));
			nnp = true;
			put(o, map, k, seq);
		} else if (compose && streq(k, "volumes") && v && v->type == YAML_SEQUENCE_NODE) {
			int seq = yaml_document_add_sequence(&o->doc, NULL,
							     YAML_BLOCK_SEQUENCE_STYLE);

			for (yaml_node_item_t *i = v->data.sequence.items.start;
			     i < v->data.sequence.items.top; i++) {
				const char *s = scalar(yaml_document_get_node(src, *i));
				char *nv = s ? compose_volume(s, &plan) : NULL;

				if (nv) {
					note(c, name, "added the SELinux relabel to the volume",
					     nv);
					yaml_document_append_sequence_item(
						&o->doc, seq, add_scalar(o, nv, false));
					free(nv);
				} else {
					yaml_document_append_sequence_item(
						&o->doc, seq,
						copy_node(src, yaml_document_get_node(src, *i), o,
							  NULL, 0));
				}
			}
			put(o, map, k, seq);
		} else if (!compose && streq(k, "securityContext")) {
			continue; /* rebuilt below */
		} else {
			put(o, map, k, copy_node(src, v, o, NULL, 0));
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
		    k8s_security_context(src, map_get(src, node, "securityContext"), o, &plan,
					 privileged));
		if (plan.n_relabel)
			note(c, name,
			     "Kubernetes never relabels hostPath volumes: label the host directory "
			     "(semanage fcontext -a -t container_file_t 'DIR(/.*)?' && restorecon "
			     "-Rv DIR)",
			     NULL);
		pss_note(c, name, &plan);
	}
	return map;
}

static int
copy_node(yaml_document_t *src, yaml_node_t *node, struct out *o, void *ctx, int depth)
{
	struct unit_ctx *c = ctx;
	int id;

	if (!node)
		return add_scalar(o, "", false);
	switch (node->type) {
	case YAML_SCALAR_NODE:
		id = yaml_document_add_scalar(&o->doc, node->tag, node->data.scalar.value,
					      (int)node->data.scalar.length,
					      node->data.scalar.style);
		o->failed |= id == 0;
		return id;
	case YAML_SEQUENCE_NODE: {
		int seq = yaml_document_add_sequence(&o->doc, node->tag, node->data.sequence.style);
		bool containers = false;

		for (yaml_node_item_t *i = node->data.sequence.items.start;
		     i < node->data.sequence.items.top; i++) {
			yaml_node_t *item = yaml_document_get_node(src, *i);
			const char *name = scalar(map_get(src, item, "name"));

			/* A Kubernetes container: a mapping with a name and an image. */
			containers = c && c->kind == MANIFEST_KUBERNETES && name &&
				     map_get(src, item, "image");
			yaml_document_append_sequence_item(
				&o->doc, seq,
				containers ? copy_unit(src, item, name, o, c)
					   : copy_node(src, item, o, ctx, depth + 1));
		}
		return seq;
	}
	case YAML_MAPPING_NODE: {
		int map = yaml_document_add_mapping(&o->doc, node->tag, node->data.mapping.style);

		for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
		     p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(src, p->key);
			yaml_node_t *v = yaml_document_get_node(src, p->value);
			const char *ks = scalar(k);
			int vid;

			/* Compose: each value of the top-level services mapping is a unit. */
			if (c && c->kind == MANIFEST_COMPOSE && depth == 0 && ks &&
			    streq(ks, "services") && v && v->type == YAML_MAPPING_NODE) {
				vid = yaml_document_add_mapping(&o->doc, v->tag,
								v->data.mapping.style);
				for (yaml_node_pair_t *s = v->data.mapping.pairs.start;
				     s < v->data.mapping.pairs.top; s++) {
					yaml_node_t *sv = yaml_document_get_node(src, s->value);
					const char *sn =
						scalar(yaml_document_get_node(src, s->key));

					yaml_document_append_mapping_pair(
						&o->doc, vid,
						copy_node(src, yaml_document_get_node(src, s->key),
							  o, NULL, 0),
						sn && sv && sv->type == YAML_MAPPING_NODE
							? copy_unit(src, sv, sn, o, c)
							: copy_node(src, sv, o, NULL, 0));
				}
			} else {
				vid = copy_node(src, v, o, ctx, depth + 1);
			}
			yaml_document_append_mapping_pair(
				&o->doc, map, copy_node(src, k, o, NULL, depth + 1), vid);
		}
		return map;
	}
	case YAML_NO_NODE:
	default:
		return add_scalar(o, "", false);
	}
}

static int
fix_yaml(const char *path, enum manifest_kind kind, manifest_plan_fn plan_for, void *data,
	 FILE *out, struct strbuf *err)
{
	struct unit_ctx c = { kind, plan_for, data, out, 0, { 0 } };
	yaml_parser_t parser;
	yaml_emitter_t emitter;
	FILE *in = fopen(path, "rb");
	int r = 0, docs = 0;

	if (!in) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	strbuf_init(&c.comments);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, in);
	yaml_emitter_initialize(&emitter);
	yaml_emitter_set_output_file(&emitter, out);
	yaml_emitter_set_unicode(&emitter, 1);
	yaml_emitter_set_width(&emitter, 100);
	yaml_emitter_open(&emitter);
	for (;;) {
		yaml_document_t doc;
		yaml_node_t *root;
		struct out o = { .failed = false };

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
		/* "---" between documents only. */
		yaml_document_initialize(&o.doc, NULL, NULL, NULL, docs == 0, 1);
		copy_node(&doc, root, &o, &c, 0);
		yaml_document_delete(&doc);
		/* Notes first, as comments: libyaml does not carry comments in documents. */
		yaml_emitter_flush(&emitter);
		fputs(c.comments.buf, out);
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
	fclose(in);
	return r < 0 ? r : c.changed;
}

/* ---- Quadlet ---- */

/* One key=value line of the [Container] section, rewritten or dropped (returns NULL). */
static char *
quadlet_line(const char *line, const struct fix_plan *plan, bool *ret_nnp)
{
	const char *eq = strchr(line, '=');
	size_t kl = eq ? (size_t)(eq - line) : 0;

	if (!eq)
		return xstrdup(line);
	if ((kl == 14 && strncmp(line, "DropCapability", kl) == 0) ||
	    (kl == 13 && strncmp(line, "AddCapability", kl) == 0))
		return plan->caps ? NULL : xstrdup(line);
	if (kl == 20 && strncmp(line, "SecurityLabelDisable", kl) == 0)
		return plan->drop_label_disable ? NULL : xstrdup(line);
	if (kl == 15 && strncmp(line, "NoNewPrivileges", kl) == 0)
		*ret_nnp = true;
	if (kl == 10 && strncmp(line, "PodmanArgs", kl) == 0 && strstr(eq, "--privileged")) {
		/* Drop the one argument, keep the others. */
		struct strbuf sb;
		char *copy = xstrdup(eq + 1), *tok, *save = NULL;

		strbuf_init(&sb);
		strbuf_addstr(&sb, "PodmanArgs=");
		for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			if (!streq(tok, "--privileged") && !streq(tok, "--privileged=true"))
				strbuf_addf(&sb, "%s%s", sb.buf[sb.len - 1] == '=' ? "" : " ", tok);
		free(copy);
		if (sb.buf[sb.len - 1] == '=') {
			strbuf_done(&sb);
			return NULL;
		}
		return strbuf_detach(&sb);
	}
	if (kl == 6 && strncmp(line, "Volume", kl) == 0) {
		char *nv = compose_volume(eq + 1, plan);

		if (nv) {
			char *l = xasprintf("Volume=%s", nv);

			free(nv);
			return l;
		}
	}
	return xstrdup(line);
}

static int
fix_quadlet(const char *path, manifest_plan_fn plan_for, void *data, FILE *out, struct strbuf *err)
{
	char line[8192];
	const char *unit = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *name = xstrndup(unit, strcspn(unit, "."));
	bool in_container = false, nnp = false, grants_all = false;
	int blanks = 0;
	struct fix_plan plan;
	FILE *f = fopen(path, "re");
	const char *caps[65];

	(void)caps;
	if (!f) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		free(name);
		return -errno;
	}
	while (fgets(line, sizeof(line), f))
		if ((startswith(line, "PodmanArgs=") && strstr(line, "--privileged")) ||
		    (startswith(line, "AddCapability=") && strcasestr(line, "all")))
			grants_all = true;
	rewind(f);
	if (!plan_for(name, grants_all, &plan, data)) {
		fclose(f);
		free(name);
		return 0;
	}
	fprintf(out, "# leastpriv: %s rewritten from the evidence\n", unit);
	while (fgets(line, sizeof(line), f)) {
		char *nl = strchr(line, '\n'), *l;

		if (nl)
			*nl = '\0';
		/* Blank lines wait: the keys we add go before those that end the section. */
		if (in_container && line[0] == '\0') {
			blanks++;
			continue;
		}
		if (line[0] != '[')
			for (; blanks; blanks--)
				fputc('\n', out);
		if (line[0] == '[') {
			if (in_container) { /* leaving [Container]: ours go at its end */
				if (plan.caps) {
					fputs("DropCapability=all\n", out);
					for (size_t i = 0; plan.caps[i]; i++)
						fprintf(out, "AddCapability=CAP_%s\n",
							plan.caps[i]);
				}
				if (!nnp && !plan.keep_setuid)
					fputs("NoNewPrivileges=true\n", out);
				if (plan.seccomp_profile)
					fprintf(out, "SeccompProfile=%s\n", plan.seccomp_profile);
			}
			for (; blanks; blanks--)
				fputc('\n', out);
			in_container = streq(line, "[Container]");
			fprintf(out, "%s\n", line);
			continue;
		}
		if (!in_container || line[0] == '#' || line[0] == ';') {
			fprintf(out, "%s\n", line);
			continue;
		}
		l = quadlet_line(line, &plan, &nnp);
		if (l)
			fprintf(out, "%s\n", l);
		free(l);
	}
	if (in_container) {
		if (plan.caps) {
			fputs("DropCapability=all\n", out);
			for (size_t i = 0; plan.caps[i]; i++)
				fprintf(out, "AddCapability=CAP_%s\n", plan.caps[i]);
		}
		if (!nnp && !plan.keep_setuid)
			fputs("NoNewPrivileges=true\n", out);
		if (plan.seccomp_profile)
			fprintf(out, "SeccompProfile=%s\n", plan.seccomp_profile);
	}
	fclose(f);
	free(name);
	return 1;
}

int
manifest_fix(const char *path, enum manifest_kind kind, manifest_plan_fn plan_for, void *data,
	     FILE *out, struct strbuf *err)
{
	switch (kind) {
	case MANIFEST_COMPOSE:
	case MANIFEST_KUBERNETES:
		return fix_yaml(path, kind, plan_for, data, out, err);
	case MANIFEST_QUADLET:
		return fix_quadlet(path, plan_for, data, out, err);
	case MANIFEST_UNKNOWN:
	default:
		strbuf_addf(err, "%s: not a compose file, Kubernetes manifest or Quadlet unit",
			    path);
		return -EINVAL;
	}
}
