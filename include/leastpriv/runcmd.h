/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `docker run` / `podman run` command lines: parsed with the engines' own flag tables (so that
 * the image and its command are found whatever the flags), and rewritten to least privilege
 * from a fix plan.  Pure: strings in, strings out.
 */
#ifndef LEASTPRIV_RUNCMD_H
#define LEASTPRIV_RUNCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "leastpriv/strbuf.h"

/* One option of the run command, as the user wrote it. */
struct run_option {
	char *name;     /* "--volume", "-v" ..., as written (short groups are split) */
	char *value;    /* NULL for a flag without a value */
	bool attached;  /* "--name=value" or "-vvalue" rather than two words */
	size_t word;    /* index of its (first) word in the original argv */
	size_t n_words; /* 1, or 2 when the value is the next word */
};

struct run_command {
	char **prefix; /* everything up to and including "run" ("sudo", "podman", "run") */
	size_t n_prefix;
	struct run_option *opts;
	size_t n_opts;
	char *image;
	char **args; /* the image's command and its arguments */
	size_t n_args;
	char **words; /* the original argv, to give back untouched options as written */
	size_t n_words;
};

/*
 * Parse @argv (@argc words: "docker", "run", ...; "sudo"/"container" allowed before "run").
 * Returns 0, or -EINVAL with a message in @err (no "run", a flag that needs a value at the end,
 * no image).  *ret is written only on success; free it with run_command_done().
 */
int run_command_parse(int argc, char *const *argv, struct run_command *ret, struct strbuf *err);
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
void fix_changes_free(struct fix_change *changes, size_t n);
/*
 * Whether host path @path is an engine's API socket or a directory holding one (/run, /var,
 * /): whoever has it mounted can drive the engine, which is root on the host.
 */
bool run_is_engine_socket_path(const char *path);
/* The argv as one shell command line, each word quoted as needed. */
char *run_command_join(char *const *argv);

#endif
