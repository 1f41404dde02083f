/* SPDX-License-Identifier: GPL-2.0-or-later */
/* docker/podman run command lines: parsing by the engines' flag tables, least-privilege rewrite. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <strings.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/knowledge/engine_options.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/knowledge/policy.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/dialect/runcmd.h"
#include "leastpriv/base/util.h"

void
run_command_done(struct run_command *rc)
{
	for (size_t i = 0; i < rc->n_prefix; i++)
		free(rc->prefix[i]);
	free(rc->prefix);
	for (size_t i = 0; i < rc->n_opts; i++) {
		free(rc->opts[i].name);
		free(rc->opts[i].value);
	}
	free(rc->opts);
	free(rc->image);
	for (size_t i = 0; i < rc->n_args; i++)
		free(rc->args[i]);
	free(rc->args);
	for (size_t i = 0; i < rc->n_words; i++)
		free(rc->words[i]);
	free(rc->words);
	memset(rc, 0, sizeof(*rc));
}

static void
add_opt(struct run_command *rc, const char *name, size_t name_len, const char *value, bool attached,
	size_t word, size_t n_words, const struct engine_option *def)
{
	struct run_option *o;

	rc->opts = xgrow(rc->opts, &rc->cap_opts, rc->n_opts + 1, sizeof(*rc->opts));
	o = &rc->opts[rc->n_opts++];
	o->name = xstrndup(name, name_len);
	o->value = value ? xstrdup(value) : NULL;
	o->attached = attached;
	o->word = word;
	o->n_words = n_words;
	o->def = def;
}

bool
run_parse_bool(const char *v, bool *ret)
{
	/* strconv.ParseBool, which pflag uses for every boolean option. */
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		if (streq(v, yes[i])) {
			*ret = true;
			return true;
		}
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		if (streq(v, no[i])) {
			*ret = false;
			return true;
		}
	return false;
}

bool
run_option_on(const struct run_option *o)
{
	bool v = true;

	return !o->value || (run_parse_bool(o->value, &v) && v);
}

/* The name of the engine @argv[i] names ("docker", "/usr/bin/podman"), or -1. */
static int
engine_of(const char *word)
{
	const char *base = strrchr(word, '/') ? strrchr(word, '/') + 1 : word;

	if (streq(base, "docker"))
		return ENGINE_DOCKER;
	if (streq(base, "podman"))
		return ENGINE_PODMAN;
	return -1;
}

struct parser {
	int argc;
	char *const *argv;
	enum engine engine;
	bool global, lenient;
	struct run_command *rc; /* options are added here; NULL for the global options */
	struct strbuf *err;
};

static const char *
engine_name(enum engine e)
{
	return e == ENGINE_PODMAN ? "podman" : "docker";
}

/* The error for an option the engine's table does not have. */
static int
unknown_option(struct parser *ps, const char *word, size_t len)
{
	strbuf_addf(ps->err,
		    "unknown option '%.*s' for %s %s (known: %s); leastpriv does not guess "
		    "whether it takes a value, so it rewrites nothing",
		    (int)len, word, engine_name(ps->engine), ps->global ? "itself" : "run",
		    ps->engine == ENGINE_PODMAN ? engine_podman_span : engine_docker_span);
	return -EINVAL;
}

/*
 * Parse the option word(s) at argv[*i] as pflag does, advancing *i past them.  Returns 0, or
 * -EINVAL with a message.
 */
static int
parse_option(struct parser *ps, int *i)
{
	const char *w = ps->argv[*i];

	if (w[1] == '-') {
		const char *eq = strchr(w, '=');
		size_t len = eq ? (size_t)(eq - w) : strlen(w);
		const struct engine_option *o =
			engine_option_find(ps->engine, ps->global, w + 2, len - 2);

		if (!o && !ps->lenient)
			return unknown_option(ps, w, len);
		if (o && !o->value && eq) {
			bool b;

			if (!run_parse_bool(eq + 1, &b) && !ps->lenient) {
				strbuf_addf(ps->err, "%.*s: '%s' is not a boolean (true or false)",
					    (int)len, w, eq + 1);
				return -EINVAL;
			}
		}
		if (eq) {
			if (ps->rc)
				add_opt(ps->rc, w, len, eq + 1, true, (size_t)*i, 1, o);
		} else if (o && o->value) {
			if (*i + 1 >= ps->argc) {
				strbuf_addf(ps->err, "%s needs a value", w);
				return -EINVAL;
			}
			if (ps->rc)
				add_opt(ps->rc, w, len, ps->argv[*i + 1], false, (size_t)*i, 2, o);
			(*i)++;
		} else if (ps->rc) {
			add_opt(ps->rc, w, len, NULL, false, (size_t)*i, 1, o);
		}
		(*i)++;
		return 0;
	}
	/* A group of shorthands: flags, then at most one that takes a value. */
	for (const char *p = w + 1; *p; p++) {
		const struct engine_option *o = engine_option_short(ps->engine, ps->global, *p);
		char name[3] = { '-', *p, '\0' };

		if (!o && !ps->lenient) {
			strbuf_addf(
				ps->err,
				"unknown option '-%c' for %s %s (known: %s); leastpriv does not "
				"guess whether it takes a value, so it rewrites nothing",
				*p, engine_name(ps->engine), ps->global ? "itself" : "run",
				ps->engine == ENGINE_PODMAN ? engine_podman_span
							    : engine_docker_span);
			return -EINVAL;
		}
		if (!o || !o->value) {
			if (ps->rc)
				add_opt(ps->rc, name, 2, NULL, false, (size_t)*i, 1, o);
			continue;
		}
		if (p[1]) {
			if (ps->rc)
				add_opt(ps->rc, name, 2, p[1] == '=' ? p + 2 : p + 1, true,
					(size_t)*i, 1, o);
		} else if (*i + 1 < ps->argc) {
			if (ps->rc)
				add_opt(ps->rc, name, 2, ps->argv[*i + 1], false, (size_t)*i, 2, o);
			(*i)++;
		} else {
			strbuf_addf(ps->err, "%s needs a value", name);
			return -EINVAL;
		}
		break;
	}
	(*i)++;
	return 0;
}

int
run_command_parse(int argc, char *const *argv, unsigned flags, struct run_command *ret,
		  struct strbuf *err)
{
	struct run_command rc = { 0 };
	struct parser ps = {
		argc, argv, ENGINE_DOCKER, true, flags & RUN_PARSE_LENIENT, NULL, err
	};
	int i = 0, e = -1, run;

	/* sudo, env VAR=x, ... up to the engine */
	while (i < argc && (e = engine_of(argv[i])) < 0)
		i++;
	if (e < 0) {
		strbuf_addstr(err, "not a docker/podman run command line (no docker or podman)");
		return -EINVAL;
	}
	ps.engine = (enum engine)e;
	/* The engine's own options, then "container" and "run". */
	for (i++; i < argc;) {
		const char *w = argv[i];

		if (streq(w, "run") || streq(w, "container")) {
			i++;
			if (streq(w, "run"))
				break;
			continue;
		}
		if (w[0] != '-' || w[1] == '\0') {
			strbuf_addstr(err, "not a docker/podman run command line (no \"run\")");
			return -EINVAL;
		}
		if (parse_option(&ps, &i) < 0)
			return -EINVAL;
	}
	if (i > argc || !streq(argv[i - 1], "run")) {
		strbuf_addstr(err, "not a docker/podman run command line (no \"run\")");
		return -EINVAL;
	}
	run = i - 1;
	rc.engine = ps.engine;
	rc.n_prefix = (size_t)run + 1;
	rc.prefix = xcalloc(rc.n_prefix, sizeof(*rc.prefix));
	for (int k = 0; k <= run; k++)
		rc.prefix[k] = xstrdup(argv[k]);
	ps.global = false;
	ps.rc = &rc;
	while (i < argc) {
		const char *w = argv[i];

		if (streq(w, "--")) {
			rc.had_dashdash = true;
			i++;
			break;
		}
		if (w[0] != '-' || w[1] == '\0')
			break;
		if (parse_option(&ps, &i) < 0) {
			run_command_done(&rc);
			return -EINVAL;
		}
	}
	if (i >= argc) {
		strbuf_addstr(err, "no image in the command line");
		run_command_done(&rc);
		return -EINVAL;
	}
	rc.n_words = (size_t)argc;
	rc.words = xcalloc(rc.n_words + 1, sizeof(*rc.words));
	for (int k = 0; k < argc; k++)
		rc.words[k] = xstrdup(argv[k]);
	rc.image = xstrdup(argv[i++]);
	rc.n_args = (size_t)(argc - i);
	rc.args = xcalloc(rc.n_args + 1, sizeof(*rc.args));
	for (size_t k = 0; k < rc.n_args; k++)
		rc.args[k] = xstrdup(argv[i + (int)k]);
	*ret = rc;
	return 0;
}

/* ---- what an option is ---- */

/*
 * The definitions of the option @name in both engines' run tables, found once per name (the
 * names are string constants, so their pointers identify them): the test of an option is then
 * a comparison of pointers, not of strings.
 */
static void
definitions(const char *name, const struct engine_option *ret[2])
{
	static struct {
		const char *name;
		const struct engine_option *def[2];
	} cache[32];
	static size_t n;

	for (size_t i = 0; i < n; i++)
		if (cache[i].name == name) {
			ret[0] = cache[i].def[0];
			ret[1] = cache[i].def[1];
			return;
		}
	ret[0] = engine_option_find(ENGINE_DOCKER, false, name, strlen(name));
	ret[1] = engine_option_find(ENGINE_PODMAN, false, name, strlen(name));
	if (n < ARRAY_SIZE(cache)) {
		cache[n].name = name;
		cache[n].def[0] = ret[0];
		cache[n].def[1] = ret[1];
		n++;
	}
}

/* Whether @o is the option whose long name is @name (aliases and shorthands included). */
static bool
opt_is(const struct run_option *o, const char *name)
{
	const struct engine_option *d[2];
	const char *n;

	if (o->def) {
		definitions(name, d);
		if (o->def == d[0] || o->def == d[1])
			return true;
		/* docker and podman spell --network --net too */
		return streq(name, "network") && streq(o->def->name, "net");
	}
	n = o->name + strspn(o->name, "-");
	return streq(n, name) || (streq(name, "network") && streq(n, "net"));
}

/* "ALL", "all", "CAP_ALL" */
static bool
is_cap(const char *v, const char *cap)
{
	if (!v)
		return false;
	if (strncasecmp(v, "CAP_", 4) == 0)
		v += 4;
	return strcasecmp(v, cap) == 0;
}

/* The security-opt key: "label=disable" and the old "label:disable" alike. */
static bool
secopt_is(const char *v, const char *key, const char *val)
{
	size_t kl = strlen(key);

	if (!v || strncmp(v, key, kl) != 0)
		return false;
	if (!val)
		return v[kl] == '\0' || v[kl] == '=' || v[kl] == ':';
	return (v[kl] == '=' || v[kl] == ':') && streq(v + kl + 1, val);
}

/* no-new-privileges, no-new-privileges=true or :true (not =false). */
static bool
secopt_nnp(const char *v)
{
	bool b = true;

	if (!secopt_is(v, "no-new-privileges", NULL))
		return false;
	v += strlen("no-new-privileges");
	return !*v || (run_parse_bool(v + 1, &b) && b);
}

/*
 * The fields of a --mount value: CSV, as both engines read it (encoding/csv: a field may be
 * quoted, "" in it a quote), each field's key in lower case (docker lowers them; podman's are
 * lower case already).  The value of field @key, the last one given, or NULL; free it.
 */
static char *
mount_field(const char *v, const char *key1, const char *key2)
{
	char *found = NULL;
	struct strbuf f;

	strbuf_init(&f);
	for (const char *p = v;; p++) {
		bool quoted = *p == '"';

		strbuf_reset(&f);
		if (quoted) {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;
				strbuf_addch(&f, *p);
			}
			if (*p == '"')
				p++;
		}
		for (; *p && *p != ','; p++)
			strbuf_addch(&f, *p);
		{
			char *eq = strchr(f.buf, '=');
			size_t kl = eq ? (size_t)(eq - f.buf) : 0;

			if (eq &&
			    ((strlen(key1) == kl && strncasecmp(f.buf, key1, kl) == 0) ||
			     (key2 && strlen(key2) == kl && strncasecmp(f.buf, key2, kl) == 0))) {
				free(found);
				found = xstrdup(eq + 1);
			}
		}
		if (!*p)
			break;
	}
	strbuf_done(&f);
	return found;
}

char *
run_mount_source(const char *v, bool *ret_glob)
{
	char *type = mount_field(v, "type", NULL), *src = NULL;

	/*
	 * A bind or glob mount names host paths.  A mount with no type is read as a bind:
	 * docker would take it for a volume's name, and a name with a '/' it refuses.
	 */
	if (!type || strcasecmp(type, "bind") == 0 || strcasecmp(type, "glob") == 0)
		src = mount_field(v, "source", "src");
	*ret_glob = type && strcasecmp(type, "glob") == 0;
	free(type);
	return src;
}

/*
 * Whether the host path of a -v or --mount value is one @judge condemns; a glob mount's
 * pattern (podman's type=glob), whether it matches one (@glob_judge).
 */
static bool
source_is(const char *v, bool mount, bool (*judge)(const char *), bool (*glob_judge)(const char *))
{
	bool glob = false, r;
	/* "-v /data" alone is an anonymous volume: no host path. */
	char *src = mount            ? run_mount_source(v, &glob)
		    : strchr(v, ':') ? xstrndup(v, strcspn(v, ":"))
				     : NULL;

	r = src && (glob ? glob_judge(src) : judge(src));
	free(src);
	return r;
}

bool
run_mount_is_engine_socket(const char *value, bool mount)
{
	return source_is(value, mount, engine_is_socket_path, engine_socket_glob_matches);
}

/* Whether option @o mounts the engine socket (or a directory holding it) into the container. */
static bool
mounts_engine_socket(const struct run_option *o)
{
	if (opt_is(o, "use-api-socket"))
		return run_option_on(o);
	return o->value && (opt_is(o, "volume") || opt_is(o, "mount")) &&
	       run_mount_is_engine_socket(o->value, opt_is(o, "mount"));
}

/* ---- grants: what a command line gives the container ---- */

static void
add_cap_grant(struct run_grants *g, const char *name)
{
	int c;

	if (is_cap(name, "ALL")) {
		g->all_caps = true;
		return;
	}
	c = caps_from_name(name);
	if (c >= 0)
		g->caps |= 1ULL << c;
	else if (*name)
		g->unknown_caps++;
}

void
run_command_grants(const struct run_command *rc, struct run_grants *ret)
{
	struct run_grants g = { 0 };

	for (size_t i = 0; i < rc->n_opts; i++) {
		const struct run_option *o = &rc->opts[i];
		const char *v = o->value ? o->value : "";
		/* The long name, once: each option goes down this chain one time. */
		const char *n = o->def ? o->def->name : o->name + strspn(o->name, "-");

		if (streq(n, "net"))
			n = "network";
		if (streq(n, "privileged")) {
			g.privileged |= run_option_on(o);
		} else if (streq(n, "cap-add") && o->value) {
			char *copy = xstrdup(v), *save = NULL;

			for (char *c = strtok_r(copy, ",", &save); c;
			     c = strtok_r(NULL, ",", &save))
				add_cap_grant(&g, c);
			free(copy);
		} else if (streq(n, "cap-drop")) {
			g.drops_all |= is_cap(v, "ALL") || strcasestr(v, "ALL") != NULL;
		} else if (streq(n, "security-opt")) {
			g.label_disable |= secopt_is(v, "label", "disable") ||
					   secopt_is(v, "label", "type:spc_t");
			g.seccomp_unconfined |= secopt_is(v, "seccomp", "unconfined");
			g.apparmor_unconfined |= secopt_is(v, "apparmor", "unconfined");
			g.unmasked |= secopt_is(v, "systempaths", "unconfined") ||
				      secopt_is(v, "unmask", NULL);
			g.no_new_privileges |= secopt_nnp(v);
		} else if (streq(n, "pid") || streq(n, "ipc") || streq(n, "uts") ||
			   streq(n, "network") || streq(n, "userns") || streq(n, "cgroupns")) {
			if (streq(v, "host")) {
				g.host_namespaces++;
				g.host_pid |= streq(n, "pid");
				g.host_net |= streq(n, "network");
			}
		} else if (streq(n, "device") || streq(n, "gpus") ||
			   streq(n, "device-cgroup-rule")) {
			g.devices++;
		} else if (o->value && (streq(n, "volume") || streq(n, "mount"))) {
			bool mount = streq(n, "mount");

			/* The host's / is counted as the host's root, the graver of the two. */
			if (source_is(v, mount, policy_is_host_system_dir,
				      policy_host_system_glob_matches))
				g.host_root++;
			else if (run_mount_is_engine_socket(v, mount))
				g.engine_socket = true;
		} else if (streq(n, "use-api-socket")) {
			g.engine_socket |= run_option_on(o);
		}
	}
	*ret = g;
}

int
run_grants_check(const struct run_grants *in, const struct run_grants *out,
		 const struct fix_plan *plan, struct strbuf *why)
{
	uint64_t allowed = in->caps;
	bool rewritten = plan != NULL;
	static const struct fix_plan none = { 0 };

	if (!plan)
		plan = &none;

	for (size_t i = 0; plan->caps && plan->caps[i]; i++) {
		int c = caps_from_name(plan->caps[i]);

		if (c >= 0)
			allowed |= 1ULL << c;
	}
	if (out->privileged && (rewritten || !in->privileged))
		strbuf_addstr(why, "the result still runs --privileged");
	else if (out->all_caps && (rewritten || !in->all_caps))
		strbuf_addstr(why, "the result still adds every capability");
	else if (out->caps & ~allowed)
		strbuf_addstr(why,
			      "the result adds a capability neither the input nor the evidence "
			      "has");
	else if (out->unknown_caps > in->unknown_caps)
		strbuf_addstr(why, "the result adds a capability the input did not");
	else if (plan->caps && !plan->caps_add_only && !out->drops_all)
		strbuf_addstr(why, "the result does not drop the capabilities it does not use");
	else if ((out->label_disable && !in->label_disable) ||
		 (out->seccomp_unconfined && !in->seccomp_unconfined) ||
		 (out->apparmor_unconfined && !in->apparmor_unconfined) ||
		 (out->unmasked && !in->unmasked))
		strbuf_addstr(why, "the result turns off a confinement the input had");
	else if (out->host_namespaces > in->host_namespaces || out->devices > in->devices ||
		 out->host_root > in->host_root)
		strbuf_addstr(why, "the result shares more of the host than the input");
	else if (out->engine_socket && (!in->engine_socket || plan->remove_engine_socket))
		strbuf_addstr(why,
			      "the result keeps the engine socket the evidence says to remove");
	else if (in->no_new_privileges && !out->no_new_privileges)
		strbuf_addstr(why, "the result drops no-new-privileges");
	else
		return 0;
	return -EPERM;
}

/* ---- rewriting ---- */

struct writer {
	char **argv;
	size_t n, cap;
	struct fix_change *changes;
	size_t n_changes;
};

static void
emit(struct writer *w, const char *word)
{
	w->argv = xgrow(w->argv, &w->cap, w->n + 2, sizeof(*w->argv));
	w->argv[w->n++] = xstrdup(word);
	w->argv[w->n] = NULL;
}

static void
emit_opt(struct writer *w, const struct run_option *o, const char *value)
{
	if (!value) {
		emit(w, o->name);
	} else if (o->attached) {
		char *s = xasprintf(o->name[1] == '-' ? "%s=%s" : "%s%s", o->name, value);

		emit(w, s);
		free(s);
	} else {
		emit(w, o->name);
		emit(w, value);
	}
}

static void
change(struct writer *w, char *what, const char *why)
{
	w->changes = xrealloc(w->changes, (w->n_changes + 1) * sizeof(*w->changes));
	w->changes[w->n_changes].what = what;
	w->changes[w->n_changes].why = xstrdup(why);
	w->n_changes++;
}

/* The volume value with the relabel option @opt added ("src:dst" -> "src:dst:Z"). */
static char *
relabel_volume(const char *value, char opt)
{
	const char *first = strchr(value, ':'), *second = first ? strchr(first + 1, ':') : NULL;
	struct strbuf sb;

	strbuf_init(&sb);
	if (!second) {
		strbuf_addf(&sb, "%s:%c", value, opt);
		return strbuf_detach(&sb);
	}
	strbuf_add(&sb, value, (size_t)(second - value) + 1);
	/* Keep the other options (ro, U, ...); replace an existing z or Z. */
	{
		const char *p = second + 1;
		bool any = false;

		while (*p) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);

			if (!(len == 1 && (*p == 'z' || *p == 'Z'))) {
				if (any)
					strbuf_addch(&sb, ',');
				strbuf_add(&sb, p, len);
				any = true;
			}
			p += len + (e != NULL);
		}
		strbuf_addf(&sb, "%s%c", any ? "," : "", opt);
	}
	return strbuf_detach(&sb);
}

/* The volume value without its "ro" option ("src:dst:ro,Z" -> "src:dst:Z"). */
static char *
volume_without_ro(const char *value)
{
	const char *first = strchr(value, ':'), *second = first ? strchr(first + 1, ':') : NULL;
	const char *p;
	struct strbuf sb;
	bool any = false;

	if (!second)
		return xstrdup(value);
	strbuf_init(&sb);
	strbuf_add(&sb, value, (size_t)(second - value));
	for (p = second + 1; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (!(len == 2 && strncmp(p, "ro", 2) == 0)) {
			strbuf_addch(&sb, any ? ',' : ':');
			strbuf_add(&sb, p, len);
			any = true;
		}
		p += len + (e != NULL);
	}
	return strbuf_detach(&sb);
}

/* A bind mount ("/src:dst", "./src:dst"), not a named volume ("data:/dst"). */
static bool
is_bind_source(const char *value)
{
	return value[0] == '/' || value[0] == '.' || value[0] == '~' || value[0] == '$';
}

/* The destination of a -v value ("src:dst[:opts]"), or NULL when it has none. */
static char *
volume_destination(const char *value)
{
	const char *first = strchr(value, ':'), *second;

	if (!first)
		return NULL;
	second = strchr(first + 1, ':');
	return second ? xstrndup(first + 1, (size_t)(second - first - 1)) : xstrdup(first + 1);
}

/* What becomes of one option. */
enum action {
	KEEP,    /* as written */
	DROP,    /* removed */
	REPLACE, /* same option, new value */
};

/*
 * A --cap-add list without ALL, or NULL when nothing is left; *ret_all says whether it held
 * ALL.  Capabilities of @plan_caps it holds are marked in @has, so that they are not added
 * twice; *ret_extra says whether it holds others.
 */
static char *
cap_list_without_all(const char *v, const char *const *plan_caps, bool *has, bool *ret_all,
		     bool *ret_extra)
{
	char *copy = xstrdup(v), *save = NULL;
	struct strbuf sb;

	strbuf_init(&sb);
	for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		bool planned = false;

		if (is_cap(c, "ALL")) {
			*ret_all = true;
			continue;
		}
		for (size_t k = 0; plan_caps && plan_caps[k] && k < CAPS_MAX; k++)
			if (is_cap(c, plan_caps[k]))
				planned = has[k] = true;
		*ret_extra |= !planned;
		strbuf_addf(&sb, "%s%s", sb.len ? "," : "", c);
	}
	free(copy);
	if (!sb.len) {
		strbuf_done(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/*
 * --cap-add for each capability of @plan the command does not add already; with @say, a change
 * line for each (the defaults stay: only what was refused is added).  Returns how many.
 */
static size_t
emit_cap_adds(struct writer *w, const struct fix_plan *plan, const bool *user_has, bool say)
{
	size_t n = 0;

	for (size_t k = 0; plan->caps[k] && k < CAPS_MAX; k++) {
		char *s;

		if (user_has[k])
			continue;
		s = xasprintf("--cap-add=%s", plan->caps[k]);
		emit(w, s);
		if (say)
			change(w, xasprintf("added %s", s),
			       "the container was refused it; the engine's default set stays, since "
			       "a capability of it the container uses leaves no trace in the log");
		free(s);
		n++;
	}
	return n;
}

void
run_command_fix(const struct run_command *rc, const struct fix_plan *plan, char ***ret_argv,
		struct fix_change **ret_changes, size_t *ret_n)
{
	struct writer w = { 0 };
	bool have_nnp = false, had_privileged = false, had_drop_all = false;
	bool user_has[CAPS_MAX] = { false };
	enum action *act = xcalloc(rc->n_opts + 1, sizeof(*act));
	char **value = xcalloc(rc->n_opts + 1, sizeof(*value));

	for (size_t i = 0; i < rc->n_opts; i++) {
		const struct run_option *o = &rc->opts[i];

		act[i] = KEEP;
		if (opt_is(o, "privileged")) {
			if (run_option_on(o)) {
				had_privileged = true;
				act[i] = DROP;
				change(&w, xstrdup("removed --privileged"),
				       "it gives every capability, all host devices, no seccomp "
				       "filter and no SELinux confinement; the capabilities below "
				       "are what the evidence shows it uses");
			}
		} else if (opt_is(o, "cap-drop") && plan->caps && !plan->caps_add_only) {
			act[i] = DROP;
			if (is_cap(o->value, "ALL"))
				had_drop_all = true;
			else
				change(&w, xasprintf("removed --cap-drop=%s", o->value),
				       "--cap-drop=ALL below drops it already");
		} else if (opt_is(o, "cap-add") && o->value) {
			bool all = false, extra = false;
			char *rest =
				cap_list_without_all(o->value, plan->caps, user_has, &all, &extra);

			if (all)
				change(&w, xasprintf("removed ALL from --cap-add=%s", o->value),
				       "it grants every capability; only the ones below are used");
			if (!rest) {
				act[i] = DROP;
			} else if (all) {
				act[i] = REPLACE;
				value[i] = rest;
				rest = NULL;
			}
			if (plan->caps && act[i] != DROP && extra)
				change(&w,
				       xasprintf("kept --cap-add=%s",
						 value[i] ? value[i] : o->value),
				       "the log cannot show it unused (a capability the container "
				       "holds "
				       "leaves no trace when it is used): drop it if the container "
				       "works without");
			free(rest);
		} else if (opt_is(o, "security-opt")) {
			if (secopt_nnp(o->value))
				have_nnp = true;
			if (plan->drop_label_disable && secopt_is(o->value, "label", "disable")) {
				act[i] = DROP;
				change(&w, xasprintf("removed --security-opt %s", o->value),
				       "the volume relabel lets SELinux confine the container "
				       "again");
			} else if (plan->seccomp_profile && secopt_is(o->value, "seccomp", NULL)) {
				act[i] = DROP;
				change(&w, xasprintf("replaced --security-opt %s", o->value),
				       "the profile added is the default plus exactly the syscalls "
				       "it was refused");
			} else if (secopt_is(o->value, "seccomp", "unconfined")) {
				change(&w,
				       xasprintf("kept --security-opt %s, but look at it",
						 o->value),
				       "it turns the syscall filter off; the log shows no syscall "
				       "the default profile refused, so try without it");
			}
		} else if (mounts_engine_socket(o)) {
			char *shown = xasprintf("%s%s%s", o->name, o->value ? " " : "",
						o->value ? o->value : "");

			if (plan->remove_engine_socket) {
				act[i] = DROP;
				change(&w, xasprintf("removed %s", shown),
				       "the container reached for the engine's API socket: whoever "
				       "holds it is root on the host");
			} else {
				change(&w, xasprintf("kept %s, but look at it", shown),
				       "it gives the container the engine's API socket, which is "
				       "root on the host; remove it unless the container must "
				       "drive "
				       "the engine");
			}
			free(shown);
		} else if (opt_is(o, "volume") && o->value && is_bind_source(o->value)) {
			char *dst = volume_destination(o->value);
			char opt = 0;

			bool rw = false;

			for (size_t k = 0; dst && k < plan->n_relabel; k++)
				if (streq(dst, plan->relabel[k].destination))
					opt = plan->relabel[k].option;
			for (size_t k = 0; dst && k < plan->n_writable; k++)
				rw |= streq(dst, plan->writable[k]);
			free(dst);
			if (rw) {
				char *v = volume_without_ro(o->value);

				if (!streq(v, o->value)) {
					act[i] = REPLACE;
					value[i] = v;
					change(&w,
					       xasprintf("removed :ro from the volume %s",
							 o->value),
					       "the container writes to it (EROFS: read-only file "
					       "system)");
					v = NULL;
				}
				free(v);
			}
			if (opt) {
				char *base = value[i] ? value[i] : xstrdup(o->value);

				value[i] = relabel_volume(base, opt);
				free(base);
				if (!streq(value[i], o->value)) {
					act[i] = REPLACE;
					change(&w,
					       xasprintf("added :%c to the volume %s", opt,
							 o->value),
					       opt == 'Z' ? "SELinux relabels its files for this "
							    "container alone"
							  : "SELinux relabels its files for all "
							    "containers that share them");
				}
			}
		}
	}

	for (size_t i = 0; i < rc->n_prefix; i++)
		emit(&w, rc->prefix[i]);
	/* Options that share a word ("-it") come back as written unless one of them changed. */
	for (size_t i = 0; i < rc->n_opts;) {
		size_t j = i, n_words = 0;
		bool untouched = true;

		while (j < rc->n_opts && rc->opts[j].word == rc->opts[i].word) {
			untouched &= act[j] == KEEP;
			n_words = rc->opts[j].n_words;
			j++;
		}
		for (size_t k = i; k < j; k++) {
			if (untouched) {
				for (size_t m = 0; m < n_words; m++)
					emit(&w, rc->words[rc->opts[i].word + m]);
				break;
			}
			if (act[k] != DROP)
				emit_opt(&w, &rc->opts[k],
					 act[k] == REPLACE ? value[k] : rc->opts[k].value);
		}
		i = j;
	}
	if (plan->caps && plan->caps_add_only) {
		/* Under the default set: each capability added on its own line of changes. */
		emit_cap_adds(&w, plan, user_has, true);
	} else if (plan->caps) {
		size_t n_caps;

		emit(&w, "--cap-drop=ALL");
		n_caps = emit_cap_adds(&w, plan, user_has, false);
		if (!had_drop_all || n_caps)
			change(&w,
			       n_caps ? xstrdup(had_drop_all ? "added the capabilities it uses"
							     : "added --cap-drop=ALL and the "
							       "capabilities it uses")
				      : xstrdup("added --cap-drop=ALL"),
			       had_privileged
				       ? "least privilege instead of --privileged"
				       : "least privilege instead of the engine's default set");
	}
	for (size_t k = 0; k < plan->n_tmpfs; k++) {
		char *s = xasprintf("--tmpfs=%s", plan->tmpfs[k]);

		emit(&w, s);
		change(&w, xasprintf("added %s", s),
		       "the container writes there on its read-only root; the root stays read-only");
		free(s);
	}
	if (!have_nnp && !plan->keep_setuid && !plan->caps_add_only) {
		emit(&w, "--security-opt=no-new-privileges");
		change(&w, xstrdup("added --security-opt=no-new-privileges"),
		       "no process in it can gain privileges through setuid or file capabilities");
	}
	if (plan->seccomp_profile) {
		char *s = xasprintf("--security-opt=seccomp=%s", plan->seccomp_profile);

		emit(&w, s);
		free(s);
		change(&w, xstrdup("added the seccomp profile"),
		       "the default plus exactly the syscalls it was refused, never unconfined");
	}
	/* The image must not be read as an option: keep the "--" that said so. */
	if (rc->had_dashdash || rc->image[0] == '-')
		emit(&w, "--");
	emit(&w, rc->image);
	for (size_t i = 0; i < rc->n_args; i++)
		emit(&w, rc->args[i]);
	for (size_t i = 0; i < rc->n_opts; i++)
		free(value[i]);
	free(value);
	free(act);
	*ret_argv = w.argv;
	*ret_changes = w.changes;
	*ret_n = w.n_changes;
}

int
run_command_fix_checked(const struct run_command *rc, const struct fix_plan *plan, char ***ret_argv,
			struct fix_change **ret_changes, size_t *ret_n, struct strbuf *err)
{
	struct run_grants in, out;
	struct run_command again;
	char **argv;
	size_t argc = 0;
	int r;

	run_command_fix(rc, plan, &argv, ret_changes, ret_n);
	while (argv[argc])
		argc++;
	/* The result is read back the way the engine will read it, and compared. */
	r = run_command_parse((int)argc, argv, 0, &again, err);
	if (r == 0) {
		run_command_grants(rc, &in);
		run_command_grants(&again, &out);
		r = run_grants_check(&in, &out, plan, err);
		run_command_done(&again);
	}
	if (r < 0) {
		for (size_t i = 0; argv[i]; i++)
			free(argv[i]);
		free(argv);
		fix_changes_free(*ret_changes, *ret_n);
		*ret_changes = NULL;
		*ret_n = 0;
		return -EPERM;
	}
	*ret_argv = argv;
	return 0;
}

void
fix_changes_free(struct fix_change *changes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(changes[i].what);
		free(changes[i].why);
	}
	free(changes);
}

char *
run_command_join(char *const *argv)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		shell_quote(&sb, argv[i]);
	}
	return strbuf_detach(&sb);
}

/* Whether "ro" is one of the options of a -v value ("src:dst:ro,Z"). */
static bool
volume_is_ro(const char *value)
{
	const char *first = strchr(value, ':'), *second = first ? strchr(first + 1, ':') : NULL;

	for (const char *p = second ? second + 1 : ""; *p;) {
		size_t len = strcspn(p, ",");

		if (len == 2 && strncmp(p, "ro", 2) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

char *
run_command_volume_of(const struct run_command *rc, const char *path, bool *ret_ro)
{
	char *best = NULL;

	*ret_ro = false;
	for (size_t i = 0; path && i < rc->n_opts; i++) {
		const struct run_option *o = &rc->opts[i];
		char *dst;
		size_t len;

		if (!opt_is(o, "volume") || !o->value)
			continue;
		dst = volume_destination(o->value);
		len = dst ? strlen(dst) : 0;
		if (dst && strncmp(path, dst, len) == 0 &&
		    (path[len] == '/' || path[len] == '\0') && (!best || len > strlen(best))) {
			free(best);
			best = dst;
			*ret_ro = volume_is_ro(o->value);
			continue;
		}
		free(dst);
	}
	return best;
}

bool
run_command_read_only(const struct run_command *rc)
{
	for (size_t i = 0; i < rc->n_opts; i++)
		if (opt_is(&rc->opts[i], "read-only") && run_option_on(&rc->opts[i]))
			return true;
	return false;
}
