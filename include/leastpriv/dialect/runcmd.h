/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `docker run` / `podman run` command lines: parsed with the engines' own option tables
 * (engine_options.h: so that the image and its command are found whatever the flags, and an
 * option they do not know stops a rewrite instead of being guessed), rewritten to least
 * privilege from a fix plan, and checked: what a rewrite gives the container (its grants) is
 * compared with what the input gave, so that no output grants more.  Pure: strings in, strings
 * out.
 */
#ifndef LEASTPRIV_RUNCMD_H
#define LEASTPRIV_RUNCMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "leastpriv/knowledge/engine_options.h"
#include "leastpriv/base/strbuf.h"

/* One option of the run command, as the user wrote it. */
struct run_option {
	char *name;     /* "--volume", "-v" ..., as written (short groups are split) */
	char *value;    /* NULL for a flag without a value */
	bool attached;  /* "--name=value" or "-vvalue" rather than two words */
	size_t word;    /* index of its (first) word in the original argv */
	size_t n_words; /* 1, or 2 when the value is the next word */
	const struct engine_option *def; /* the engine's definition; NULL only when lenient */
};

struct run_command {
	enum engine engine;
	bool had_dashdash; /* "--" before the image */
	char **prefix;     /* everything up to and including "run" ("sudo", "podman", "run") */
	size_t n_prefix;
	struct run_option *opts;
	size_t n_opts, cap_opts;
	char *image;
	char **args; /* the image's command and its arguments */
	size_t n_args;
	char **words; /* the original argv, to give back untouched options as written */
	size_t n_words;
};

/* Take options the engine's table does not know for flags (reading logs, not rewriting). */
#define RUN_PARSE_LENIENT 1u

/*
 * Parse @argv (@argc words: "docker", "run", ...; "sudo"/"container" allowed before "run") as
 * the engine's flag parser does.  Returns 0, or -EINVAL with a message in @err (no "run", an
 * option the engine does not have, a boolean option with a value that is not one, an option
 * that needs a value at the end, no image).  *ret is written only on success; free it with
 * run_command_done().
 */
int run_command_parse(int argc, char *const *argv, unsigned flags, struct run_command *ret,
		      struct strbuf *err);
void run_command_done(struct run_command *rc);

/* What the evidence says the container needs. */
struct fix_plan {
	const char *const *caps; /* capability names ("NET_BIND_SERVICE"), NULL-terminated */
	struct {
		const char *destination; /* mount point in the container */
		char option;             /* 'Z' or 'z' */
	} relabel[16];
	size_t n_relabel;
	bool keep_setuid;            /* evidence of setuid/setgid: no no-new-privileges */
	bool drop_label_disable;     /* a relabel makes label=disable unnecessary */
	const char *seccomp_profile; /* --security-opt seccomp=... to add, or NULL */
	bool remove_engine_socket;   /* the container reached for it: drop the mount */
	/*
	 * The evidence was gathered under the engine's default capabilities: it shows what that
	 * set lacked, not which of it the container uses.  Add @caps and keep the rest (and
	 * no-new-privileges is not added: setuid use would leave no trace either).
	 */
	bool caps_add_only;
	const char *writable[16]; /* volumes (by mount point) to mount read-write, not :ro */
	size_t n_writable;
	const char *tmpfs[16]; /* directories of a read-only root that get a tmpfs */
	size_t n_tmpfs;
};

/* One change made, for the line that says why. */
struct fix_change {
	char *what; /* "removed --privileged" */
	char *why;
};

/*
 * Rewrite @rc by @plan into a new argv (NULL-terminated, in *ret_argv; free each word and the
 * array) and the list of changes (*ret_changes, *ret_n; free with fix_changes_free()).  The
 * image, its arguments and flags the plan does not concern are kept as written.
 */
void run_command_fix(const struct run_command *rc, const struct fix_plan *plan, char ***ret_argv,
		     struct fix_change **ret_changes, size_t *ret_n);
/*
 * run_command_fix(), then the result parsed again and its grants compared with @rc's
 * (run_grants_check()).  0, or -EPERM with the reason in @err and nothing returned: a rewrite
 * that would grant more is never given out.
 */
int run_command_fix_checked(const struct run_command *rc, const struct fix_plan *plan,
			    char ***ret_argv, struct fix_change **ret_changes, size_t *ret_n,
			    struct strbuf *err);
void fix_changes_free(struct fix_change *changes, size_t n);
/*
 * Whether a -v value (@mount false: "SRC:DST[:OPTS]") or a --mount value (@mount true: CSV
 * fields, keys in any case, the last source= or src= of a bind or glob mount, a glob matched
 * as podman does) mounts an engine socket or a directory holding one.
 */
bool run_mount_is_engine_socket(const char *value, bool mount);
/* The host path of a --mount value (bind or glob), or NULL; whether it is a glob; free it. */
char *run_mount_source(const char *value, bool *ret_glob);
/* strconv.ParseBool (pflag's booleans): 1 t T TRUE true True, 0 f F FALSE false False. */
bool run_parse_bool(const char *v, bool *ret);
/* Whether a boolean option is on ("--privileged", "--privileged=t"). */
bool run_option_on(const struct run_option *o);
/*
 * The mount point of the -v volume of @rc that holds @path in the container (the deepest),
 * and in *ret_ro whether it is mounted read-only; NULL when none does (free the result).
 */
char *run_command_volume_of(const struct run_command *rc, const char *path, bool *ret_ro);
/* Whether @rc runs the container with a read-only root file system (--read-only). */
bool run_command_read_only(const struct run_command *rc);

/* What a command line gives its container beyond the engine's defaults. */
struct run_grants {
	bool privileged, all_caps, drops_all;
	uint64_t caps;       /* capabilities added, by number */
	size_t unknown_caps; /* added under names leastpriv does not know */
	bool label_disable, seccomp_unconfined, apparmor_unconfined, unmasked;
	bool no_new_privileges, engine_socket;
	bool host_pid, host_net; /* of the host namespaces, the two admin control reports */
	size_t host_namespaces, devices, host_root;
};

void run_command_grants(const struct run_command *rc, struct run_grants *ret);
/*
 * Whether @out (a rewrite of @in by @plan) grants nothing @in did not, apart from the
 * capabilities of @plan, and keeps none of the grants a plan always removes (privileged, every
 * capability, the engine socket it was told to remove).  @plan NULL: @out was not rewritten
 * (a workload without evidence) and must only grant no more than @in.  0, or -EPERM with the
 * reason in @why.
 */
int run_grants_check(const struct run_grants *in, const struct run_grants *out,
		     const struct fix_plan *plan, struct strbuf *why);
/* The argv as one shell command line, each word quoted as needed. */
char *run_command_join(char *const *argv);

#endif
