/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options that say which evidence a command reads and how it shows it, shared by analyze
 * and fix: each command lists in its own table the ones it takes (the OPT_* entries), and
 * they all land in one struct evidence_args.  Also what both commands do around a run: say
 * which inputs failed and what was malformed, and write the seccomp profiles.
 */
#ifndef LEASTPRIV_EVIDENCE_ARGS_H
#define LEASTPRIV_EVIDENCE_ARGS_H

#include "leastpriv/analysis/analysis.h"
#include "leastpriv/cmd/command.h"
#include "leastpriv/fix/seccomp_profile.h"

enum evidence_option_id {
	EO_FORMAT = 1,
	EO_QUIET,
	EO_TARGET,
	EO_INSPECT,
	EO_SINCE,
	EO_UNTIL,
	EO_NODE,
	EO_CONTAINER,
	EO_SECCOMP_DIR,
	EO_SECCOMP_BASE,
	EO_LIVE,
	EO_ENGINE_SOCKET,
	EO_GROUP_FILE,
	EO_EOE_TIMEOUT,
	EO_AUDITD_CONF,
	EO_LOG,
};

#define OPT_FORMAT                                                                                 \
	{                                                                                          \
		"format", 'f', "FORMAT", "text (default), json, markdown, junit\nor html",         \
			EO_FORMAT                                                                  \
	}
#define OPT_QUIET                                                                                  \
	{                                                                                          \
		"quiet", 'q', NULL, "do not print messages about malformed lines", EO_QUIET        \
	}
#define OPT_TARGET                                                                                      \
	{                                                                                               \
		"target", 0, "DIALECT",                                                                 \
			"write fixes for docker/podman run (default), compose,\nkubernetes or quadlet", \
			EO_TARGET                                                                       \
	}
#define OPT_INSPECT                                                                                           \
	{                                                                                                     \
		"inspect", 0, "FILE|DIR",                                                                     \
			"docker/podman inspect JSON of the containers\n(repeatable): names containers, ties " \
			"processes to\nthem by ancestry",                                                     \
			EO_INSPECT                                                                            \
	}
#define OPT_SINCE                                                                                             \
	{                                                                                                     \
		"since", 0, "WHEN",                                                                           \
			"only records from WHEN on: now, recent, this-hour,\nboot, today, yesterday, "        \
			"this-week, week-ago,\nthis-month, this-year, @SECONDS, YYYY-MM-DD\n[HH:MM[:SS]] or " \
			"HH:MM[:SS], in local time",                                                          \
			EO_SINCE                                                                              \
	}
#define OPT_UNTIL                                                                                  \
	{                                                                                          \
		"until", 0, "WHEN", "only records up to WHEN", EO_UNTIL                            \
	}
#define OPT_NODE                                                                                   \
	{                                                                                          \
		"node", 0, "NAME", "only records of this node (repeatable)", EO_NODE               \
	}
#define OPT_CONTAINER                                                                                     \
	{                                                                                                 \
		"container", 0, "NAME",                                                                   \
			"only this container: name, id prefix, SELinux\nlabel or MCS level (repeatable)", \
			EO_CONTAINER                                                                      \
	}
#define OPT_SECCOMP_DIR                                                                                    \
	{                                                                                                  \
		"seccomp-dir", 0, "DIR",                                                                   \
			"write a seccomp profile for each container that needs\none: the default profile " \
			"plus exactly the syscalls\nit was refused",                                       \
			EO_SECCOMP_DIR                                                                     \
	}
#define OPT_SECCOMP_BASE                                                                           \
	{                                                                                          \
		"seccomp-base", 0, "FILE",                                                         \
			"the default profile to extend\n(default " SECCOMP_DEFAULT_BASE ")",       \
			EO_SECCOMP_BASE                                                            \
	}
#define OPT_LIVE                                                                                              \
	{                                                                                                     \
		"live", 0, NULL,                                                                              \
			"for processes still running, find their container in\n/proc/PID/cgroup and ask the " \
			"engine API about it",                                                                \
			EO_LIVE                                                                               \
	}
#define OPT_ENGINE_SOCKET                                                                           \
	{                                                                                           \
		"engine-socket", 0, "PATH",                                                         \
			"the engine API socket for --live (default\n/run/podman/podman.sock, else " \
			"/run/docker.sock)",                                                        \
			EO_ENGINE_SOCKET                                                            \
	}
#define OPT_GROUP_FILE                                                                                     \
	{                                                                                                  \
		"group-file", 0, "FILE",                                                                   \
			"report the members of the docker group in FILE (an\n/etc/group; read by default " \
			"with no log argument)",                                                           \
			EO_GROUP_FILE                                                                      \
	}
#define OPT_EOE_TIMEOUT                                                                                      \
	{                                                                                                    \
		"eoe-timeout", 0, "SECS",                                                                    \
			"close events without an end record after SECS seconds\nof log time (default 2, as " \
			"auditd)",                                                                           \
			EO_EOE_TIMEOUT                                                                       \
	}
#define OPT_AUDITD_CONF                                                                            \
	{                                                                                          \
		"auditd-conf", 0, "FILE",                                                          \
			"where to find log_file (default /etc/audit/auditd.conf)", EO_AUDITD_CONF  \
	}
#define OPT_LOG                                                                                    \
	{                                                                                          \
		"log", 0, "FILE", "an audit log with the evidence (repeatable)", EO_LOG            \
	}

struct evidence_args {
	struct analysis_options opt; /* its lists point into the fields below */
	const char **inputs, **inspect, **nodes,
		**containers;     /* NULL-terminated, borrowed strings */
	const char *format;       /* a renderer's name */
	const char *seccomp_base; /* the default profile the seccomp profiles extend */
	bool quiet;
};

/* A command's state_new, state_free and on_option: a struct evidence_args with the defaults. */
void *evidence_args_new(void);
void evidence_args_free(void *state);
/* The same for a struct evidence_args inside a command's own state. */
void evidence_args_init(struct evidence_args *ea);
void evidence_args_done(struct evidence_args *ea);
/* Take one of the options above; 0, or -EINVAL with a message in @err. */
int evidence_args_on_option(void *state, int id, const char *arg, struct strbuf *err);
/* Checks between options (--since after --until); 0, or -EINVAL after saying why on stderr. */
int evidence_args_check(const struct evidence_args *ea);

/* On standard error: inputs read once or not at all, then (unless quiet) the input's problems. */
void evidence_tell_inputs(const struct analysis *a, const char *prefix);
void evidence_tell_problems(const struct analysis *a);
/* One profile per container with seccomp advice; 0, or -errno after saying why on stderr. */
int evidence_write_seccomp_profiles(const struct report *r, const char *base);

#endif
