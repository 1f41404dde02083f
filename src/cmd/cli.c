/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command line parsing: getopt_long tables per command, results in a struct config. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "leastpriv/cmd/cli.h"
#include "leastpriv/advise/recommend.h"
#include "leastpriv/fix/seccomp_profile.h"
#include "leastpriv/base/timespec.h"
#include "leastpriv/base/util.h"

enum {
	ARG_FORMAT = 0x100,
	ARG_EOE_TIMEOUT,
	ARG_AUDITD_CONF,
	ARG_INSPECT,
	ARG_KEY,
	ARG_ARCH,
	ARG_SINCE,
	ARG_UNTIL,
	ARG_NODE,
	ARG_CONTAINER,
	ARG_ANCESTRY,
	ARG_SECCOMP_DIR,
	ARG_SECCOMP_BASE,
	ARG_LOG,
	ARG_GROUP_FILE,
	ARG_TARGET,
	ARG_LIVE,
	ARG_ENGINE_SOCKET,
};

/* Append @v to a NULL-terminated list of borrowed strings. */
static void
list_add(const char ***list, size_t *n, const char *v)
{
	*list = xrealloc(*list, (*n + 2) * sizeof(**list));
	(*list)[(*n)++] = v;
	(*list)[*n] = NULL;
}

const char *
cli_usage(void)
{
	return "Usage: leastpriv analyze [OPTION]... [FILE|DIR|-]...\n"
	       "       leastpriv rules [--key=NAME] [--arch=x86_64|aarch64] [--ancestry]\n"
	       "       leastpriv fix [--log=FILE]... [--inspect=FILE] [--container=NAME] -- "
	       "COMMAND\n"
	       "Read Linux audit logs and tell, per container, what was denied and the smallest\n"
	       "change that fixes it.\n"
	       "\n"
	       "With no FILE, read the system's audit log and its rotations, oldest first\n"
	       "(log_file of /etc/audit/auditd.conf). A DIR is read the same way; - is stdin.\n"
	       "Plain and gzip-compressed logs, raw and enriched formats are accepted.\n"
	       "\n"
	       "  -f, --format=FORMAT     text (default) or json\n"
	       "  -q, --quiet             do not print messages about malformed lines\n"
	       "      --target=DIALECT    write fixes for docker/podman run (default), compose,\n"
	       "                          kubernetes or quadlet\n"
	       "      --inspect=FILE|DIR  docker/podman inspect JSON of the containers\n"
	       "                          (repeatable): names containers, ties processes to\n"
	       "                          them by ancestry\n"
	       "      --since=WHEN        only records from WHEN on: now, recent, this-hour,\n"
	       "                          boot, today, yesterday, this-week, week-ago,\n"
	       "                          this-month, this-year, @SECONDS, YYYY-MM-DD\n"
	       "                          [HH:MM[:SS]] or HH:MM[:SS], in local time\n"
	       "      --until=WHEN        only records up to WHEN\n"
	       "      --node=NAME         only records of this node (repeatable)\n"
	       "      --container=NAME    report only this container: name, id prefix, SELinux\n"
	       "                          label or MCS level (repeatable)\n"
	       "      --seccomp-dir=DIR   write a seccomp profile for each container that needs\n"
	       "                          one: the default profile plus exactly the syscalls\n"
	       "                          it was refused\n"
	       "      --seccomp-base=FILE the default profile to extend\n"
	       "                          (default " SECCOMP_DEFAULT_BASE ")\n"
	       "      --live              for processes still running, find their container in\n"
	       "                          /proc/PID/cgroup and ask the engine API about it\n"
	       "      --engine-socket=PATH  the engine API socket for --live (default\n"
	       "                          /run/podman/podman.sock, else /run/docker.sock)\n"
	       "      --group-file=FILE   report the members of the docker group in FILE (an\n"
	       "                          /etc/group; read by default with no log argument)\n"
	       "      --eoe-timeout=SECS  close events without an end record after SECS seconds\n"
	       "                          of log time (default 2, as auditd)\n"
	       "      --auditd-conf=FILE  where to find log_file (default /etc/audit/auditd.conf)\n"
	       "\n"
	       "fix rewrites a docker/podman run COMMAND from the evidence in the logs: the\n"
	       "capabilities it uses instead of --privileged or the default set, :Z/:z on the\n"
	       "volumes that need it, no-new-privileges, the seccomp profile (--seccomp-dir).\n"
	       "Given a compose file or Kubernetes manifest it prints it fixed (through libyaml:\n"
	       "comments are not kept, notes come as comments); a Quadlet .container unit is\n"
	       "rewritten line by line.\n"
	       "\n"
	       "rules prints the audit rules that collect this evidence (default key leastpriv,\n"
	       "default arch this machine's); --ancestry also records every execve, which ties\n"
	       "processes to containers on hosts without SELinux.\n"
	       "\n"
	       "  -h, --help              show this help\n"
	       "  -V, --version           show the version\n"
	       "\n"
	       "Exit status: 0 nothing to change, 1 advice given, 2 usage error, 3 an input\n"
	       "could not be read, 4 some input was malformed (the report covers the rest).\n";
}

void
config_done(struct config *c)
{
	free(c->inputs);
	c->inputs = NULL;
	free(c->inspect);
	c->inspect = NULL;
	free(c->nodes);
	c->nodes = NULL;
	free(c->containers);
	c->containers = NULL;
}

static int
parse_seconds(const char *v, int64_t *ret)
{
	char *e;
	double d;

	errno = 0;
	d = strtod(v, &e);
	if (errno || e == v || *e || d < 0 || d > 86400)
		return -EINVAL;
	*ret = (int64_t)(d * 1000);
	return 0;
}

/* Give back what a failed parse allocated; the caller gets nothing. */
static int
parse_failed(struct config *c)
{
	config_done(c);
	return -EINVAL;
}

int
cli_parse(int argc, char **argv, struct config *ret, struct strbuf *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "eoe-timeout", required_argument, NULL, ARG_EOE_TIMEOUT },
		{ "auditd-conf", required_argument, NULL, ARG_AUDITD_CONF },
		{ "inspect", required_argument, NULL, ARG_INSPECT },
		{ "key", required_argument, NULL, ARG_KEY },
		{ "ancestry", no_argument, NULL, ARG_ANCESTRY },
		{ "seccomp-dir", required_argument, NULL, ARG_SECCOMP_DIR },
		{ "seccomp-base", required_argument, NULL, ARG_SECCOMP_BASE },
		{ "log", required_argument, NULL, ARG_LOG },
		{ "group-file", required_argument, NULL, ARG_GROUP_FILE },
		{ "target", required_argument, NULL, ARG_TARGET },
		{ "live", no_argument, NULL, ARG_LIVE },
		{ "engine-socket", required_argument, NULL, ARG_ENGINE_SOCKET },
		{ "since", required_argument, NULL, ARG_SINCE },
		{ "until", required_argument, NULL, ARG_UNTIL },
		{ "node", required_argument, NULL, ARG_NODE },
		{ "container", required_argument, NULL, ARG_CONTAINER },
		{ "arch", required_argument, NULL, ARG_ARCH },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct config c = {
		.command = COMMAND_ANALYZE,
		.format = FORMAT_TEXT,
		.eoe_timeout_ms = 2000,
		.auditd_conf = "/etc/audit/auditd.conf",
		.seccomp_base = SECCOMP_DEFAULT_BASE,
	};
	int opt;

	if (argc < 2) {
		strbuf_addstr(err, "no command given (try 'leastpriv analyze' or --help)");
		return parse_failed(&c);
	}
	if (streq(argv[1], "--help") || streq(argv[1], "-h") || streq(argv[1], "help")) {
		c.command = COMMAND_HELP;
		*ret = c;
		return 0;
	}
	if (streq(argv[1], "--version") || streq(argv[1], "-V")) {
		c.command = COMMAND_VERSION;
		*ret = c;
		return 0;
	}
	if (streq(argv[1], "rules")) {
		c.command = COMMAND_RULES;
		c.rules_key = "leastpriv";
#if defined(__aarch64__)
		c.rules_arch = "aarch64";
#else
		c.rules_arch = "x86_64";
#endif
	} else if (streq(argv[1], "fix")) {
		c.command = COMMAND_FIX;
	} else if (!streq(argv[1], "analyze")) {
		strbuf_addf(err, "unknown command '%s' (try --help)", argv[1]);
		return parse_failed(&c);
	}
	optind = 1; /* argv[1] is the command: getopt starts after it */
	opterr = 0;
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "f:qhV", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (streq(optarg, "text"))
				c.format = FORMAT_TEXT;
			else if (streq(optarg, "json"))
				c.format = FORMAT_JSON;
			else {
				strbuf_addf(err, "--format: unknown format '%s' (text or json)",
					    optarg);
				return parse_failed(&c);
			}
			break;
		case 'q':
			c.quiet = true;
			break;
		case ARG_EOE_TIMEOUT:
			if (parse_seconds(optarg, &c.eoe_timeout_ms) < 0) {
				strbuf_addf(err, "--eoe-timeout: '%s' is not a number of seconds",
					    optarg);
				return parse_failed(&c);
			}
			break;
		case ARG_AUDITD_CONF:
			c.auditd_conf = optarg;
			break;
		case ARG_LIVE:
			c.live = true;
			break;
		case ARG_ENGINE_SOCKET:
			c.engine_socket = optarg;
			break;
		case ARG_TARGET:
			c.target = target_from_name(optarg);
			if (c.target < 0) {
				strbuf_addf(err,
					    "--target: '%s' is not docker, podman, compose, "
					    "kubernetes or quadlet",
					    optarg);
				return parse_failed(&c);
			}
			break;
		case ARG_GROUP_FILE:
			c.group_file = optarg;
			break;
		case ARG_LOG:
			list_add(&c.inputs, &c.n_inputs, optarg);
			break;
		case ARG_SECCOMP_DIR:
			c.seccomp_dir = optarg;
			break;
		case ARG_SECCOMP_BASE:
			c.seccomp_base = optarg;
			break;
		case ARG_ANCESTRY:
			c.rules_ancestry = true;
			break;
		case ARG_KEY:
			/* A key goes into rule files and log records: keep it a plain word. */
			if (!*optarg || strlen(optarg) > 31 ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012"
					   "3456789_-") != strlen(optarg)) {
				strbuf_addf(err,
					    "--key: use letters, digits, '-' and '_' (at most 31)");
				return parse_failed(&c);
			}
			c.rules_key = optarg;
			break;
		case ARG_ARCH:
			if (!streq(optarg, "x86_64") && !streq(optarg, "aarch64")) {
				strbuf_addf(err, "--arch: '%s' is not x86_64 or aarch64", optarg);
				return parse_failed(&c);
			}
			c.rules_arch = optarg;
			break;
		case ARG_INSPECT:
			list_add(&c.inspect, &c.n_inspect, optarg);
			break;
		case ARG_NODE:
			list_add(&c.nodes, &c.n_nodes, optarg);
			break;
		case ARG_CONTAINER:
			list_add(&c.containers, &c.n_containers, optarg);
			break;
		case ARG_SINCE:
		case ARG_UNTIL:
			if (timespec_parse(optarg, timespec_now(), opt == ARG_UNTIL,
					   opt == ARG_SINCE ? &c.since : &c.until) < 0) {
				strbuf_addf(
					err,
					"%s: cannot read '%s' as a time (now, recent, this-hour, "
					"boot, today, yesterday, this-week, week-ago, this-month, "
					"this-year, @SECONDS, YYYY-MM-DD [HH:MM[:SS]], HH:MM[:SS])",
					opt == ARG_SINCE ? "--since" : "--until", optarg);
				return parse_failed(&c);
			}
			if (opt == ARG_SINCE)
				c.has_since = true;
			else
				c.has_until = true;
			break;
		case 'h':
			c.command = COMMAND_HELP;
			break;
		case 'V':
			c.command = COMMAND_VERSION;
			break;
		case '?':
		default:
			if (optopt && optopt < 0x100)
				strbuf_addf(err, "unknown or incomplete option '-%c'", optopt);
			else
				strbuf_addf(err, "unknown or incomplete option '%s'",
					    argv[optind - 1]);
			return parse_failed(&c);
		}
	}
	if (c.has_since && c.has_until && c.since > c.until) {
		strbuf_addstr(err, "--since is later than --until: nothing could match");
		return parse_failed(&c);
	}
	if (c.command == COMMAND_FIX) {
		/* A file to fix, or everything after "--": the user's command line, untouched. */
		if (optind == argc - 1 && !streq(argv[optind - 1], "--")) {
			c.manifest = argv[optind];
			if (!c.inputs)
				c.inputs = xcalloc(1, sizeof(*c.inputs));
			*ret = c;
			return 0;
		}
		if (optind >= argc || !streq(argv[optind - 1], "--")) {
			strbuf_addstr(err,
				      "fix: give the run command after --, as in: leastpriv fix "
				      "--log audit.log -- podman run ...");
			return parse_failed(&c);
		}
		c.run_argv = argv + optind;
		c.run_argc = argc - optind;
		if (!c.inputs)
			c.inputs = xcalloc(1, sizeof(*c.inputs));
		*ret = c;
		return 0;
	}
	if (c.n_inputs) {
		strbuf_addstr(err, "--log is for fix; analyze takes the logs as arguments");
		return parse_failed(&c);
	}
	c.n_inputs = (size_t)(argc - optind);
	c.inputs = xcalloc(c.n_inputs + 1, sizeof(*c.inputs));
	for (size_t i = 0; i < c.n_inputs; i++)
		c.inputs[i] = argv[optind + (int)i];
	*ret = c;
	return 0;
}
