/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The audit rules behind the evidence: failed capability-gated syscalls and engine use. */
#include <errno.h>
#include <libaudit.h>
#include <sys/stat.h>

#include "leastpriv/knowledge/engines.h"
#include "leastpriv/cmd/command.h"
#include "leastpriv/cmd/rules.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/knowledge/syscalls.h"
#include "leastpriv/base/util.h"

/* The syscall ABIs a host runs programs of: x86_64 also runs i386 ones (b32). */
enum abi { ABI_X86_64, ABI_I386, ABI_AARCH64 };

static int
number_on(const struct syscall_cap *sc, enum abi abi)
{
	return abi == ABI_X86_64 ? sc->nr_x86_64 : abi == ABI_I386 ? sc->nr_i386 : sc->nr_aarch64;
}

/* The failures of the table's syscalls with @exit: for everyone, or (@root) for root only. */
static void
syscall_rule(FILE *out, const char *key, enum abi abi, const char *exit, bool root)
{
	size_t n;
	const struct syscall_cap *t = syscall_cap_table(&n);
	bool first = true;

	fprintf(out, "-a always,exit -F arch=%s -S ", abi == ABI_I386 ? "b32" : "b64");
	for (size_t i = 0; i < n; i++) {
		const char *name = t[i].name;

		if (number_on(&t[i], abi) < 0 || syscall_cap_root_only(&t[i]) != root)
			continue;
		/* auditctl reads names from libaudit's table, which spells some i386 ones its way
		 */
		if (abi == ABI_I386 && audit_syscall_to_name(t[i].nr_i386, MACH_X86))
			name = audit_syscall_to_name(t[i].nr_i386, MACH_X86);
		fprintf(out, "%s%s", first ? "" : ",", name);
		first = false;
	}
	fprintf(out, " -F exit=%s%s -k %s\n", exit, root ? " -F euid=0" : "", key);
}

/* Each rule of the table's failures, for every ABI of the host. */
static void
syscall_rules(FILE *out, const char *key, bool x86, const char *exit, bool root)
{
	syscall_rule(out, key, x86 ? ABI_X86_64 : ABI_AARCH64, exit, root);
	if (x86)
		syscall_rule(out, key, ABI_I386, exit, root);
}

/* Whether the directory that holds @path exists: auditctl refuses a watch below a missing one. */
static bool
parent_exists(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = xstrndup(path, slash && slash > path ? (size_t)(slash - path) : 1);
	struct stat st;
	bool r = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);

	free(dir);
	return r;
}

/*
 * A watch line, or, where its directory does not exist on this host, the same line commented
 * out with why: one failing line would stop auditctl from loading every rule after it.
 */
static void
watch_rule(FILE *out, const char *path, const char *perm, const char *key, const char *suffix)
{
	if (parent_exists(path))
		fprintf(out, "-w %s -p %s -k %s-%s\n", path, perm, key, suffix);
	else
		fprintf(out, "# -w %s -p %s -k %s-%s   (no such directory on this host)\n", path,
			perm, key, suffix);
}

int
rules_render(FILE *out, const char *key, const char *arch, bool ancestry)
{
	/* Where packages and local installs put the engines' programs. */
	static const char *const client_dirs[] = { ENGINE_CLIENT_DIR, "/usr/local/bin" };
	static const char *const launchers[] = {
		"/usr/bin/runc",
		"/usr/sbin/runc",
		"/usr/bin/crun",
		"/usr/bin/conmon",
		"/usr/libexec/podman/conmon",
		"/usr/bin/containerd-shim-runc-v2",
	};
	bool x86 = streq(arch, "x86_64"), volatile_watch = false;

	if (!x86 && !streq(arch, "aarch64"))
		return -EINVAL;
	fprintf(out,
		"## leastpriv: audit rules that record what containers need.\n"
		"## Install: save as /etc/audit/rules.d/99-leastpriv.rules, then augenrules --load.\n"
		"## Remove:  delete the file, then augenrules --load.\n"
		"## Written for this host: a watch whose directory is missing here is commented out.\n"
		"\n"
		"## 1. Syscalls that failed for want of a capability (%s processes%s).\n"
		"## A capability dropped with --cap-drop fails before any security module is\n"
		"## asked, so the failed call is the only evidence. Only failures are recorded\n"
		"## (-F exit=), so a healthy host writes almost nothing; a process that retries\n"
		"## a denied call in a loop writes one record per try.\n",
		arch, x86 ? ", and 32-bit ones: arch=b32" : "");
	syscall_rules(out, key, x86, "-EPERM", false);
	syscall_rules(out, key, x86, "-EACCES", false);
	fprintf(out,
		"## Root refused by a file's mode: DAC_OVERRIDE or DAC_READ_SEARCH was dropped.\n"
		"## Only processes running as root are recorded (euid=0).\n");
	syscall_rules(out, key, x86, "-EACCES", true);
	fprintf(out,
		"## Writes refused by a read-only file system (a volume mounted :ro, or\n"
		"## --read-only): the failure is the only trace.\n"
		"-a always,exit -F arch=b64 -S %s -F exit=-EROFS -k %s\n",
		x86 ? "open,openat,creat,truncate,mkdir,mkdirat,unlink,unlinkat,rename,renameat,"
		      "link,linkat,symlink,symlinkat,chmod,fchmodat,utimensat"
		    : "openat,truncate,mkdirat,unlinkat,renameat,linkat,symlinkat,fchmodat,"
		      "utimensat",
		key);
	if (x86)
		fprintf(out,
			"-a always,exit -F arch=b32 -S open,openat,creat,truncate,truncate64,mkdir,"
			"mkdirat,unlink,unlinkat,rename,renameat,link,linkat,symlink,symlinkat,chmod,"
			"fchmodat,utimensat,utimensat_time64 -F exit=-EROFS -k %s\n",
			key);
	fprintf(out,
		"\n"
		"## 2. Who starts containers, with which flags (EXECVE keeps the command line,\n"
		"## auid the login user). One event per engine command.\n");
	for (size_t d = 0; d < ARRAY_SIZE(client_dirs); d++)
		for (size_t i = 0; engine_client_name(i); i++) {
			char *path = xasprintf("%s/%s", client_dirs[d], engine_client_name(i));

			watch_rule(out, path, "x", key, "engine");
			free(path);
		}
	fprintf(out,
		"\n"
		"## 3. Which container each process is: the runtime's exec (runc create ... ID) and\n"
		"## the monitors' (conmon -c ID -n NAME, containerd-shim-runc-v2 -id ID) name the\n"
		"## container its processes descend\n"
		"## from, running or exited, without SELinux labels or inspect data. A few events\n"
		"## per container start.\n");
	for (size_t i = 0; i < ARRAY_SIZE(launchers); i++)
		watch_rule(out, launchers[i], "x", key, "engine");
	fprintf(out,
		"\n"
		"## 4. Process ancestry, for hosts without SELinux: every program start records\n"
		"## its host pid and parent, so that a process started by a container's first\n"
		"## process (a shell's children) can be followed to its container. This is the\n"
		"## costly one: one event per exec, most of the log on a busy host.%s\n"
		"%s-a always,exit -F arch=b64 -S execve,execveat -k %s-ancestry\n",
		ancestry ? "" : "\n## Uncomment it, or print it with leastpriv rules --ancestry.",
		ancestry ? "" : "# ", key);
	if (x86)
		fprintf(out, "%s-a always,exit -F arch=b32 -S execve,execveat -k %s-ancestry\n",
			ancestry ? "" : "# ", key);
	fprintf(out, "\n"
		     "## 5. Opening the engines' API sockets (whoever can is root on the host).\n");
	for (size_t i = 0; i < engine_n_sockets; i++)
		volatile_watch |= parent_exists(engine_sockets[i].path) &&
				  strncmp(engine_sockets[i].path, "/run/", 5) == 0 &&
				  strchr(engine_sockets[i].path + 5, '/');
	/* A directory of /run may not exist yet when the rules load at boot: the rest stays. */
	if (volatile_watch)
		fprintf(out,
			"## A directory of /run may be missing at boot: -c keeps loading after\n"
			"## a watch that fails (this file is the last of rules.d).\n-c\n");
	for (size_t i = 0; i < engine_n_sockets; i++)
		watch_rule(out, engine_sockets[i].path, "rw", key, "socket");
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}

/* ---- the command ---- */

enum { RULES_KEY = 1, RULES_ARCH, RULES_ANCESTRY };

struct rules_args {
	const char *key, *arch;
	bool ancestry;
};

static const struct option_spec options[] = {
	{ "key", 0, "NAME", "the audit key of the rules (default leastpriv)", RULES_KEY },
	{ "arch", 0, "ARCH", "x86_64 or aarch64 (default this machine's)", RULES_ARCH },
	{ "ancestry", 0, NULL,
	  "also record every execve: ties processes to\ncontainers on hosts without SELinux",
	  RULES_ANCESTRY },
	{ 0 },
};

static void *
state_new(void)
{
	struct rules_args *ra = xcalloc(1, sizeof(*ra));

	ra->key = "leastpriv";
#if defined(__aarch64__)
	ra->arch = "aarch64";
#else
	ra->arch = "x86_64";
#endif
	return ra;
}

static int
on_option(void *state, int id, const char *arg, struct strbuf *err)
{
	struct rules_args *ra = state;

	switch (id) {
	case RULES_KEY:
		/* A key goes into rule files and log records: keep it a plain word. */
		if (!*arg || strlen(arg) > 31 ||
		    strspn(arg,
			   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
			    strlen(arg)) {
			strbuf_addstr(err, "--key: use letters, digits, '-' and '_' (at most 31)");
			return -EINVAL;
		}
		ra->key = arg;
		return 0;
	case RULES_ARCH:
		if (!streq(arg, "x86_64") && !streq(arg, "aarch64")) {
			strbuf_addf(err, "--arch: '%s' is not x86_64 or aarch64", arg);
			return -EINVAL;
		}
		ra->arch = arg;
		return 0;
	case RULES_ANCESTRY:
		ra->ancestry = true;
		return 0;
	default:
		return -EINVAL;
	}
}

static enum outcome
run(void *state, int argc, char **argv, bool after_dashdash)
{
	struct rules_args *ra = state;

	(void)after_dashdash;
	if (argc) {
		char *a = escape_display_dup(argv[0]);

		fprintf(stderr,
			"leastpriv: rules: takes no operand ('%s'; see leastpriv rules "
			"--help)\n",
			a);
		free(a);
		return OUTCOME_USAGE;
	}
	return rules_render(stdout, ra->key, ra->arch, ra->ancestry) < 0 ? OUTCOME_INPUT_ERROR
									 : OUTCOME_CLEAN;
}

const struct command command_rules = {
	.name = "rules",
	.brief = "the audit rules that collect the evidence",
	.usage = "rules [OPTION]...",
	.summary = "Print the audit rules that collect the evidence leastpriv reads.",
	.details = "Put them in /etc/audit/rules.d/ and load them with augenrules --load. Each\n"
		   "group says what it records and what it costs.\n",
	.options = options,
	.on_option = on_option,
	.run = run,
	.state_new = state_new,
	.state_free = free,
};
