/* SPDX-License-Identifier: GPL-2.0-or-later */
/* docker/podman run command lines: parsing by the engines' flag tables, least-privilege rewrite. */
#include <ctype.h>
#include <errno.h>
#include <strings.h>

#include "leastpriv/escape.h"
#include "leastpriv/runcmd.h"
#include "leastpriv/util.h"

/*
 * Long options of `docker run` and `podman run` that take a value (docker/cli
 * cli/command/container/opts.go, podman's pkg/domain/entities and cmd/podman/common); every
 * other option is a flag.  Knowing them all is what finds the image: `-v x:y image cmd`.
 */
static const char *const long_with_value[] = {
	"add-host",
	"annotation",
	"arch",
	"attach",
	"authfile",
	"blkio-weight",
	"blkio-weight-device",
	"cap-add",
	"cap-drop",
	"cert-dir",
	"cgroup-conf",
	"cgroup-parent",
	"cgroupns",
	"cgroups",
	"chrootdirs",
	"cidfile",
	"conmon-pidfile",
	"cpu-count",
	"cpu-percent",
	"cpu-period",
	"cpu-quota",
	"cpu-rt-period",
	"cpu-rt-runtime",
	"cpu-shares",
	"cpus",
	"cpuset-cpus",
	"cpuset-mems",
	"creds",
	"decryption-key",
	"detach-keys",
	"device",
	"device-cgroup-rule",
	"device-read-bps",
	"device-read-iops",
	"device-write-bps",
	"device-write-iops",
	"dns",
	"dns-opt",
	"dns-option",
	"dns-search",
	"domainname",
	"entrypoint",
	"env",
	"env-file",
	"env-merge",
	"expose",
	"gidmap",
	"gpus",
	"group-add",
	"group-entry",
	"health-cmd",
	"health-interval",
	"health-on-failure",
	"health-retries",
	"health-start-interval",
	"health-start-period",
	"health-startup-cmd",
	"health-startup-interval",
	"health-startup-retries",
	"health-startup-success",
	"health-startup-timeout",
	"health-timeout",
	"hostname",
	"hostuser",
	"image-volume",
	"init-path",
	"io-maxbandwidth",
	"io-maxiops",
	"ip",
	"ip6",
	"ipc",
	"isolation",
	"kernel-memory",
	"label",
	"label-file",
	"link",
	"link-local-ip",
	"log-driver",
	"log-opt",
	"mac-address",
	"memory",
	"memory-reservation",
	"memory-swap",
	"memory-swappiness",
	"mount",
	"name",
	"net",
	"net-alias",
	"network",
	"network-alias",
	"oom-score-adj",
	"os",
	"passwd-entry",
	"personality",
	"pid",
	"pidfile",
	"pids-limit",
	"platform",
	"pod",
	"pod-id-file",
	"preserve-fds",
	"publish",
	"pull",
	"rdt-class",
	"requires",
	"restart",
	"retry",
	"retry-delay",
	"runtime",
	"sdnotify",
	"seccomp-policy",
	"secret",
	"security-opt",
	"shm-size",
	"shm-size-systemd",
	"signature-policy",
	"stop-signal",
	"stop-timeout",
	"storage-opt",
	"subgidname",
	"subuidname",
	"sysctl",
	"systemd",
	"timeout",
	"tmpfs",
	"uidmap",
	"ulimit",
	"umask",
	"unsetenv",
	"user",
	"userns",
	"uts",
	"variant",
	"volume",
	"volume-driver",
	"volumes-from",
	"workdir",
};

/* Short options that take a value; the others (-d -i -t -P -q) are flags. */
static const char short_with_value[] = "acehlmpuvw";

/* Global options of the engines that take a value (before "run"). */
static const char *const global_with_value[] = {
	"config",           "context",        "host",
	"log-level",        "connection",     "url",
	"identity",         "root",           "runroot",
	"runtime",          "storage-driver", "storage-opt",
	"cgroup-manager",   "events-backend", "tmpdir",
	"network-cmd-path", "module",         "conmon",
};

static bool
in_list(const char *s, size_t len, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
			return true;
	return false;
}

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
	size_t word, size_t n_words)
{
	struct run_option *o;

	rc->opts = xrealloc(rc->opts, (rc->n_opts + 1) * sizeof(*rc->opts));
	o = &rc->opts[rc->n_opts++];
	o->name = xstrndup(name, name_len);
	o->value = value ? xstrdup(value) : NULL;
	o->attached = attached;
	o->word = word;
	o->n_words = n_words;
}

/* The index of the word "run" that starts the options, or -1. */
static int
find_run(int argc, char *const *argv)
{
	int i = 0;

	/* sudo, env VAR=x, ... up to the engine */
	while (i < argc) {
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];

		if (streq(base, "docker") || streq(base, "podman"))
			break;
		i++;
	}
	for (i++; i < argc; i++) {
		const char *w = argv[i];

		if (streq(w, "run"))
			return i;
		if (streq(w, "container"))
			continue;
		if (w[0] != '-')
			return -1; /* another subcommand */
		if (w[1] == '-' && !strchr(w, '=') &&
		    in_list(w + 2, strlen(w + 2), global_with_value, ARRAY_SIZE(global_with_value)))
			i++; /* its value */
	}
	return -1;
}

int
run_command_parse(int argc, char *const *argv, struct run_command *ret, struct strbuf *err)
{
	struct run_command rc = { 0 };
	int run = find_run(argc, argv), i;

	if (run < 0) {
		strbuf_addstr(err, "not a docker/podman run command line (no \"run\")");
		return -EINVAL;
	}
	rc.n_prefix = (size_t)run + 1;
	rc.prefix = xcalloc(rc.n_prefix, sizeof(*rc.prefix));
	for (i = 0; i <= run; i++)
		rc.prefix[i] = xstrdup(argv[i]);
	for (i = run + 1; i < argc; i++) {
		const char *w = argv[i];

		if (streq(w, "--")) {
			i++;
			break;
		}
		if (w[0] != '-' || w[1] == '\0')
			break;
		if (w[1] == '-') {
			const char *eq = strchr(w, '=');
			size_t len = eq ? (size_t)(eq - w) : strlen(w);

			if (eq) {
				add_opt(&rc, w, len, eq + 1, true, (size_t)i, 1);
			} else if (in_list(w + 2, len - 2, long_with_value,
					   ARRAY_SIZE(long_with_value))) {
				if (i + 1 >= argc) {
					strbuf_addf(err, "%s needs a value", w);
					run_command_done(&rc);
					return -EINVAL;
				}
				add_opt(&rc, w, len, argv[i + 1], false, (size_t)i, 2);
				i++;
			} else {
				add_opt(&rc, w, len, NULL, false, (size_t)i, 1);
			}
			continue;
		}
		/* A group of short options: flags, then at most one that takes a value. */
		for (const char *p = w + 1; *p; p++) {
			char name[3] = { '-', *p, '\0' };

			if (!strchr(short_with_value, *p)) {
				add_opt(&rc, name, 2, NULL, false, (size_t)i, 1);
				continue;
			}
			if (p[1]) {
				add_opt(&rc, name, 2, p[1] == '=' ? p + 2 : p + 1, true, (size_t)i,
					1);
			} else if (i + 1 < argc) {
				add_opt(&rc, name, 2, argv[i + 1], false, (size_t)i, 2);
				i++;
			} else {
				strbuf_addf(err, "%s needs a value", name);
				run_command_done(&rc);
				return -EINVAL;
			}
			break;
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

/* ---- rewriting ---- */

static bool
is_name(const struct run_option *o, const char *lng, char shrt)
{
	return streq(o->name, lng) ||
	       (shrt && o->name[0] == '-' && o->name[1] == shrt && o->name[2] == '\0');
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

static bool
flag_true(const struct run_option *o)
{
	return !o->value || strcasecmp(o->value, "true") == 0 || streq(o->value, "1");
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

/* A bind mount ("/src:dst", "./src:dst"), not a named volume ("data:/dst"). */
static bool
is_bind_source(const char *value)
{
	return value[0] == '/' || value[0] == '.' || value[0] == '~' || value[0] == '$';
}

/* The engine socket or a directory holding it, as the source of a -v value ("SRC:DST"). */
static bool
is_engine_socket_source(const char *value)
{
	char *src = xstrndup(value, strcspn(value, ":"));
	bool r = run_is_engine_socket_path(src);

	free(src);
	return r;
}

bool
run_is_engine_socket_path(const char *path)
{
	static const char *const sources[] = {
		"/var/run/docker.sock",
		"/run/docker.sock",
		"/run/podman/podman.sock",
		"/var/run/podman/podman.sock",
		"/run/containerd/containerd.sock",
		"/run/crio/crio.sock",
		"/run",
		"/var/run",
		"/var",
		"/",
	};

	for (size_t i = 0; i < ARRAY_SIZE(sources); i++)
		if (streq(path, sources[i]))
			return true;
	return false;
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

void
run_command_fix(const struct run_command *rc, const struct fix_plan *plan, char ***ret_argv,
		struct fix_change **ret_changes, size_t *ret_n)
{
	struct writer w = { 0 };
	bool have_nnp = false, user_caps[64] = { false }, had_privileged = false;
	enum action *act = xcalloc(rc->n_opts + 1, sizeof(*act));
	char **value = xcalloc(rc->n_opts + 1, sizeof(*value));
	size_t n_caps = 0;

	for (size_t i = 0; plan->caps && plan->caps[i] && n_caps < ARRAY_SIZE(user_caps); i++)
		n_caps++;
	for (size_t i = 0; i < rc->n_opts; i++) {
		const struct run_option *o = &rc->opts[i];

		act[i] = KEEP;
		if (is_name(o, "--privileged", 0) && flag_true(o)) {
			had_privileged = true;
			act[i] = DROP;
			change(&w, xstrdup("removed --privileged"),
			       "it gives every capability, all host devices, no seccomp filter and "
			       "no SELinux confinement; the capabilities below are what the "
			       "evidence "
			       "shows it uses");
		} else if (is_name(o, "--cap-drop", 0) && plan->caps) {
			act[i] = DROP;
			if (!is_cap(o->value, "ALL"))
				change(&w, xasprintf("removed --cap-drop=%s", o->value),
				       "--cap-drop=ALL below drops it already");
		} else if (is_name(o, "--cap-add", 0) && is_cap(o->value, "ALL")) {
			act[i] = DROP;
			change(&w, xstrdup("removed --cap-add=ALL"),
			       "it grants every capability; only the ones below are used");
		} else if (is_name(o, "--cap-add", 0) && plan->caps) {
			bool needed = false;

			for (size_t k = 0; k < n_caps; k++)
				if (is_cap(o->value, plan->caps[k]))
					needed = user_caps[k] = true;
			if (!needed)
				change(&w, xasprintf("kept --cap-add=%s", o->value),
				       "the log shows no use of it; drop it if the container works "
				       "without");
		} else if (is_name(o, "--security-opt", 0)) {
			if (secopt_is(o->value, "no-new-privileges", NULL))
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
				       "the "
				       "default profile refused, so try without it");
			}
		} else if (is_name(o, "--volume", 'v') && o->value &&
			   is_engine_socket_source(o->value)) {
			if (plan->remove_engine_socket) {
				act[i] = DROP;
				change(&w, xasprintf("removed -v %s", o->value),
				       "the container reached for the engine's API socket: whoever "
				       "holds it is root on the host");
			} else {
				change(&w, xasprintf("kept -v %s, but look at it", o->value),
				       "it gives the container the engine's API socket, which is "
				       "root "
				       "on the host; remove it unless the container must drive the "
				       "engine");
			}
		} else if (is_name(o, "--volume", 'v') && o->value && is_bind_source(o->value)) {
			char *dst = volume_destination(o->value);
			char opt = 0;

			for (size_t k = 0; dst && k < plan->n_relabel; k++)
				if (streq(dst, plan->relabel[k].destination))
					opt = plan->relabel[k].option;
			free(dst);
			if (opt) {
				value[i] = relabel_volume(o->value, opt);
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
	if (plan->caps) {
		emit(&w, "--cap-drop=ALL");
		for (size_t k = 0; k < n_caps; k++) {
			char *s;

			if (user_caps[k])
				continue;
			s = xasprintf("--cap-add=%s", plan->caps[k]);
			emit(&w, s);
			free(s);
		}
		change(&w,
		       n_caps ? xstrdup("added --cap-drop=ALL and the capabilities it uses")
			      : xstrdup("added --cap-drop=ALL"),
		       had_privileged ? "least privilege instead of --privileged"
				      : "least privilege instead of the engine's default set");
	}
	if (!have_nnp && !plan->keep_setuid) {
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
