/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: argv to a struct config.  Pure, so that it can be tested. */
#ifndef LEASTPRIV_CLI_H
#define LEASTPRIV_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "leastpriv/base/strbuf.h"

enum command {
	COMMAND_ANALYZE,
	COMMAND_RULES,
	COMMAND_FIX,
	COMMAND_HELP,
	COMMAND_VERSION,
};

enum output_format {
	FORMAT_TEXT,
	FORMAT_JSON,
};

struct config {
	enum command command;
	enum output_format format;
	const char **inputs; /* borrowed from argv; NULL-terminated; empty: the system's log */
	size_t n_inputs;
	int64_t eoe_timeout_ms;  /* how long an event without an end record stays open */
	const char *auditd_conf; /* where the system's log is configured */
	bool quiet;              /* no per-line messages about malformed input */
	const char *rules_key;   /* rules: the audit key */
	const char *rules_arch;  /* rules: x86_64 or aarch64 */
	bool rules_ancestry;     /* rules: record every execve too */
	const char **inspect;    /* borrowed from argv; --inspect FILE|DIR, NULL-terminated */
	size_t n_inspect;
	bool has_since, has_until;
	int64_t since, until; /* seconds since the epoch, inclusive */
	const char **nodes;   /* --node: only records of these nodes; NULL-terminated */
	size_t n_nodes;
	const char *seccomp_dir;  /* --seccomp-dir: write seccomp profiles there */
	const char *seccomp_base; /* --seccomp-base: the default profile they extend */
	const char **containers;  /* --container: only these (name, id prefix or label) */
	char **run_argv;          /* fix: the run command line after "--" (borrowed) */
	int run_argc;
	const char *manifest;      /* fix: a compose file, Kubernetes manifest or Quadlet unit */
	int target;                /* analyze --target: enum target of recommend.h */
	const char *group_file;    /* --group-file: the docker group's members */
	bool live;                 /* --live: ask /proc and the engine about running processes */
	const char *engine_socket; /* --engine-socket: the engine API's unix socket */
	size_t n_containers;
};

/*
 * Parse the command line into *ret (which borrows argv).  Returns 0, or -EINVAL with a message
 * (naming the bad option) in @err.
 */
int cli_parse(int argc, char **argv, struct config *ret, struct strbuf *err);
void config_done(struct config *c);
/* The help text. */
const char *cli_usage(void);

#endif
