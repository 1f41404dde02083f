/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 5: findings to advice, from the facts of container-selinux and the engines. */
#include <stdio.h>
#include <sys/capability.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/knowledge/policy.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/advise/recommend.h"
#include "leastpriv/fix/seccomp_profile.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/base/util.h"

const char *
severity_name(enum severity s)
{
	static const char *const names[SEVERITY_MAX] = { "critical", "high", "medium", "low" };

	return s < SEVERITY_MAX ? names[s] : "unknown";
}

const char *
advice_kind_name(enum advice_kind k)
{
	static const char *const names[ADVICE_MAX] = {
		[ADVICE_ENGINE_SOCKET] = "engine_socket",
		[ADVICE_PRIVILEGED] = "privileged",
		[ADVICE_CAPABILITIES] = "capabilities",
		[ADVICE_RELABEL] = "relabel",
		[ADVICE_RELABEL_REFUSED] = "relabel_refused",
		[ADVICE_SHARED_CONTENT] = "shared_content",
		[ADVICE_BOOLEAN] = "boolean",
		[ADVICE_STORAGE] = "storage_label",
		[ADVICE_NOISE] = "noise",
		[ADVICE_REVIEW] = "review",
		[ADVICE_SECCOMP] = "seccomp",
		[ADVICE_APPARMOR] = "apparmor",
	};

	return k < ADVICE_MAX ? names[k] : "unknown";
}

static struct advice *
advice_new(struct container_advice *ca, enum advice_kind kind, enum severity sev)
{
	struct advice *a;

	a = xcalloc(1, sizeof(*a));
	ca->items = xrealloc(ca->items, (ca->n_items + 1) * sizeof(*ca->items));
	ca->items[ca->n_items++] = a;
	a->kind = kind;
	a->severity = sev;
	a->confidence = "high";
	return a;
}

static void
advice_add_finding(struct advice *a, const struct finding *f)
{
	a->findings = xrealloc(a->findings, (a->n_findings + 1) * sizeof(*a->findings));
	a->findings[a->n_findings++] = f;
}

/* Add a step; @command is built from a format whose %s arguments the caller has quoted. */
static void
advice_fix(struct advice *a, const char *label, char *command)
{
	a->fixes = xrealloc(a->fixes, (a->n_fixes + 1) * sizeof(*a->fixes));
	a->fixes[a->n_fixes].label = xstrdup(label);
	a->fixes[a->n_fixes].command = command;
	a->n_fixes++;
}

static void
advice_free(struct advice *a)
{
	free(a->title);
	free(a->what);
	free(a->why);
	free(a->confidence_note);
	free(a->mount_point);
	free(a->profile_path);
	for (size_t i = 0; i < a->n_fixes; i++) {
		free(a->fixes[i].label);
		free(a->fixes[i].command);
	}
	free(a->fixes);
	free(a->findings);
}

void
report_done(struct report *r)
{
	for (size_t i = 0; i < r->n_containers; i++) {
		for (size_t j = 0; j < r->containers[i].n_items; j++) {
			advice_free(r->containers[i].items[j]);
			free(r->containers[i].items[j]);
		}
		free(r->containers[i].items);
	}
	free(r->containers);
	memset(r, 0, sizeof(*r));
}

/* "read, write and open" from a finding's permission set. */
static void
add_perm_words(struct strbuf *sb, const struct finding *f)
{
	for (size_t i = 0; i < f->n_perms; i++) {
		if (i)
			strbuf_addstr(sb, i + 1 == f->n_perms ? " and " : ", ");
		strbuf_addstr(sb, f->perms[i]);
	}
}

/* The object of a finding for prose: its path, or its name, escaped for display. */
static void
add_object(struct strbuf *sb, const struct finding *f)
{
	if (f->object)
		strbuf_addstr(sb, f->object);
	else
		strbuf_addstr(sb, "(an object the log does not name)");
}

static void
add_processes(struct strbuf *sb, const struct finding *f)
{
	for (size_t i = 0; i < f->n_comms; i++) {
		strbuf_addstr(sb, i ? ", " : "");
		strbuf_addstr(sb, f->comms[i]);
	}
	if (f->n_comms == 0)
		strbuf_addstr(sb, "a process");
}

static void advise_review(struct container_advice *ca, const struct finding **fs, size_t n);

/* ---- the engine socket ---- */

static void
advise_engine_socket(struct container_advice *ca, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;

	if (n == 0)
		return;
	a = advice_new(ca, ADVICE_ENGINE_SOCKET, SEVERITY_CRITICAL);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "The container tried to use the container engine's API socket (");
	for (size_t i = 0; i < n; i++) {
		advice_add_finding(a, fs[i]);
		if (i)
			strbuf_addstr(&sb, ", ");
		add_object(&sb, fs[i]);
		strbuf_addf(&sb, " %s by ", fs[i]->tclass);
		add_processes(&sb, fs[i]);
	}
	strbuf_addstr(&sb, "). SELinux stopped it.");
	a->what = strbuf_detach(&sb);
	a->title =
		xstrdup("remove the engine socket from this container: it gives root on the host");
	a->why = xstrdup("Whoever can talk to the engine's socket can start a --privileged "
			 "container with the "
			 "host's / mounted, so a container that holds the socket (or a parent "
			 "directory of it: "
			 "/run, /var/run, /var, /) controls the host. The denial is SELinux doing "
			 "its job: do "
			 "not lift it with label=disable, spc_t or a policy module.");
	advice_fix(a, "remove the socket mount from the run command, compose file or manifest",
		   xstrdup("# delete:  -v /var/run/docker.sock:/var/run/docker.sock"));
	advice_fix(
		a,
		"if the workload really needs a few engine calls (CI runners, dashboards), give it "
		"an API proxy that allows only those calls and mount the proxy's socket instead",
		NULL);
}

/* ---- privileged ---- */

static void
advise_privileged(struct container_advice *ca)
{
	const struct container *ct = ca->container;
	struct advice *a = advice_new(ca, ADVICE_PRIVILEGED, SEVERITY_HIGH);

	a->title = xstrdup("stop running this container privileged");
	a->what =
		xasprintf("Its processes ran as %s, the SELinux domain of containers started with "
			  "--privileged or --security-opt label=disable (or by an engine without "
			  "SELinux support).",
			  ct->label);
	a->why = xstrdup(
		"A privileged container has every capability, all host devices, no seccomp filter "
		"and "
		"no SELinux confinement: a compromise of it is a compromise of the host. Because "
		"nothing is ever denied to it, its log shows nothing it needs.");
	advice_fix(a,
		   "run it once confined, with every capability dropped, and let it fail; then run "
		   "leastpriv on that log to get the exact set it needs",
		   xstrdup("podman run --cap-drop=ALL --security-opt no-new-privileges ..."));
	advice_fix(
		a,
		"on an SELinux host, make container_t permissive for that one run so every denial "
		"of the run is logged (undo it afterwards with -d)",
		xstrdup("semanage permissive -a container_t"));
}

/* ---- capabilities ---- */

/* The capability of a capability or syscall finding, or -1 when the record did not say. */
static int
finding_capability(const struct finding *f)
{
	if (f->capability >= 0)
		return caps_name(f->capability) ? f->capability : -1;
	return f->n_perms ? caps_from_name(f->perms[0]) : -1;
}

static bool
is_module_probe(const struct finding *f)
{
	for (size_t i = 0; i < f->n_comms; i++)
		if (policy_is_module_probe(f->comms[i]))
			return true;
	return false;
}

static int
compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void
advise_noise(struct container_advice *ca, struct advice **noise, const struct finding *f)
{
	if (!*noise) {
		struct advice *a = advice_new(ca, ADVICE_NOISE, SEVERITY_LOW);

		a->title = xstrdup("ignore the SYS_MODULE denial of ip/ifconfig: never grant it");
		a->what = xstrdup("ip or ifconfig asked for SYS_MODULE and SELinux refused it.");
		a->why = xstrdup("These tools ask the kernel to load a driver when they meet an "
				 "interface name they do not know; the container does not need to "
				 "load modules. SYS_MODULE in a container is a host takeover.");
		advice_fix(a, "if a module is really needed, load it on the host",
			   xstrdup("modprobe MODULE   # on the host"));
		*noise = a;
	}
	advice_add_finding(*noise, f);
}

static void
advise_mac(struct container_advice *ca, struct advice **mac, const struct finding *f)
{
	if (!*mac) {
		struct advice *a = advice_new(ca, ADVICE_REVIEW, SEVERITY_LOW);

		a->title = xstrdup("do not grant MAC_ADMIN/MAC_OVERRIDE: keep SELinux labels out "
				   "of the container's files");
		a->what = xstrdup("A process tried to set SELinux labels (or override the policy) "
				  "and SELinux refused it.");
		a->why =
			xstrdup("Containers never get these capabilities under container-selinux. "
				"The usual cause is a tool that restores security.selinux extended "
				"attributes (rpm, tar --selinux, rsync -X) with labels the host's "
				"policy does not know.");
		advice_fix(a,
			   "stop the tool from copying SELinux labels (tar --no-selinux, rsync "
			   "without -X), or on podman give the container its own labels",
			   xstrdup("--security-opt label=nested"));
		*mac = a;
	}
	advice_add_finding(*mac, f);
}

static void
add_cap(struct advice *a, int cap)
{
	for (size_t j = 0; j < a->n_caps; j++)
		if (a->caps[j] == cap)
			return;
	if (cap >= 0 && a->n_caps < ARRAY_SIZE(a->caps))
		a->caps[a->n_caps++] = cap;
}

/* "NET_BIND_SERVICE (bind to ports below 1024)" for each capability of @a, joined. */
static void
describe_caps(struct strbuf *sb, const struct advice *a, bool want_syscall)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n_caps; i++) {
		bool from = false;

		for (size_t j = 0; j < a->n_findings; j++)
			from |= a->findings[j]->capability == a->caps[i] &&
				(a->findings[j]->kind == FINDING_SYSCALL) == want_syscall;
		if (!from)
			continue;
		if (n++)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, caps_name(a->caps[i]) ? caps_name(a->caps[i]) : "?");
		if (caps_meaning(a->caps[i]))
			strbuf_addf(sb, " (%s)", caps_meaning(a->caps[i]));
	}
}

/* "bind by nc (port 80), mount by mount of /mnt" for the failed syscalls of @a. */
static void
describe_syscalls(struct strbuf *sb, const struct advice *a)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];

		if (f->kind != FINDING_SYSCALL)
			continue;
		strbuf_addstr(sb, n++ ? "; " : "");
		strbuf_addf(sb, "%s() by ", f->n_syscalls ? f->syscalls[0] : "?");
		add_processes(sb, f);
		if (f->port > 0)
			strbuf_addf(sb, " (port %d)", f->port);
		else if (f->object && f->object_is_path) {
			strbuf_addstr(sb, " on ");
			strbuf_addstr(sb, f->object);
		}
		strbuf_addf(sb, " needs %s",
			    caps_name(f->capability) ? caps_name(f->capability) : "?");
	}
}

/* Narrower fixes than a capability, where one exists. */
static void
capability_alternatives(struct advice *a)
{
	for (size_t i = 0; i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];
		const char *sc = f->n_syscalls ? f->syscalls[0] : "";

		if (f->kind != FINDING_SYSCALL)
			continue;
		if (f->capability == CAP_NET_BIND_SERVICE && f->port > 0)
			advice_fix(
				a,
				"or, instead of NET_BIND_SERVICE, let unprivileged processes bind "
				"from that port up in the container's own network namespace",
				xasprintf("--sysctl net.ipv4.ip_unprivileged_port_start=%d",
					  f->port));
		else if (f->capability == CAP_SYS_ADMIN && streq(sc, "mount") && f->object &&
			 f->object_is_path) {
			char *q = shell_quote_dup(f->object);

			advice_fix(
				a,
				"or, if it mounts a scratch file system, let the engine mount it "
				"instead of granting SYS_ADMIN",
				xasprintf("--tmpfs %s", q));
			free(q);
		} else if (f->capability == CAP_SYS_ADMIN && streq(sc, "sethostname"))
			advice_fix(a, "or let the engine set the host name instead of SYS_ADMIN",
				   xstrdup("--hostname NAME"));
		else if (f->capability == CAP_NET_RAW && f->n_comms && streq(f->comms[0], "ping"))
			advice_fix(
				a,
				"or, if it only pings, allow ICMP echo sockets instead of NET_RAW",
				xstrdup("--sysctl net.ipv4.ping_group_range='0 2147483647'"));
	}
}

static const char *const target_label[TARGET_MAX] = {
	[TARGET_RUN] = "run the container with only these capabilities (docker and podman)",
	[TARGET_COMPOSE] = "in the service of the compose file",
	[TARGET_KUBERNETES] = "in the container of the Kubernetes manifest",
	[TARGET_QUADLET] = "in the [Container] section of the Quadlet unit",
};

/* The capability set of @a in the dialect of @target. */
static char *
caps_command(const struct advice *a, enum target target)
{
	struct strbuf sb;

	strbuf_init(&sb);
	switch (target) {
	case TARGET_COMPOSE:
		strbuf_addstr(&sb, "cap_drop: [ALL]");
		if (a->n_caps) {
			strbuf_addstr(&sb, "\ncap_add: [");
			for (size_t i = 0; i < a->n_caps; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", caps_name(a->caps[i]));
			strbuf_addstr(&sb, "]");
		}
		break;
	case TARGET_KUBERNETES:
		strbuf_addstr(&sb, "securityContext: {capabilities: {drop: [ALL]");
		if (a->n_caps) {
			strbuf_addstr(&sb, ", add: [");
			for (size_t i = 0; i < a->n_caps; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", caps_name(a->caps[i]));
			strbuf_addstr(&sb, "]");
		}
		strbuf_addstr(&sb, "}}");
		break;
	case TARGET_QUADLET:
		strbuf_addstr(&sb, "DropCapability=all");
		for (size_t i = 0; i < a->n_caps; i++)
			strbuf_addf(&sb, "\nAddCapability=CAP_%s", caps_name(a->caps[i]));
		break;
	case TARGET_RUN:
	case TARGET_MAX:
	default:
		strbuf_addstr(&sb, "--cap-drop=ALL");
		for (size_t i = 0; i < a->n_caps; i++)
			strbuf_addf(&sb, " --cap-add=%s", caps_name(a->caps[i]));
		break;
	}
	return strbuf_detach(&sb);
}

/* A volume with its relabel option in the dialect of @target (@src and @dst quoted). */
static char *
volume_command(enum target target, const char *src, const char *dst, const char *opt)
{
	switch (target) {
	case TARGET_COMPOSE:
		return xasprintf("volumes: [\"%s:%s:%s\"]", src, dst, opt);
	case TARGET_QUADLET:
		return xasprintf("Volume=%s:%s:%s", src, dst, opt);
	case TARGET_KUBERNETES:
		return xasprintf("# hostPath volumes are never relabelled: label %s on the node "
				 "(semanage fcontext below)",
				 src);
	case TARGET_RUN:
	case TARGET_MAX:
	default:
		return xasprintf("-v %s:%s:%s", src, dst, opt);
	}
}

int
target_from_name(const char *name)
{
	if (streq(name, "docker") || streq(name, "podman") || streq(name, "run"))
		return TARGET_RUN;
	if (streq(name, "compose"))
		return TARGET_COMPOSE;
	if (streq(name, "kubernetes") || streq(name, "k8s"))
		return TARGET_KUBERNETES;
	if (streq(name, "quadlet"))
		return TARGET_QUADLET;
	return -1;
}

static void
advise_capabilities(struct container_advice *ca, const struct finding **fs, size_t n,
		    enum target target)
{
	struct advice *a = NULL, *noise = NULL, *mac = NULL;
	bool userns = false, all_caps_bool = false, from_avc = false, from_syscall = false;
	bool from_apparmor = false;
	bool unsure = false;
	struct strbuf sb;

	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];
		int cap = finding_capability(f);

		if (f->kind == FINDING_CAPABILITY && cap == CAP_SYS_MODULE && is_module_probe(f)) {
			advise_noise(ca, &noise, f);
			continue;
		}
		if (policy_is_mac_capability(cap)) {
			advise_mac(ca, &mac, f);
			continue;
		}
		if (!a)
			a = advice_new(ca, ADVICE_CAPABILITIES, SEVERITY_MEDIUM);
		advice_add_finding(a, f);
		add_cap(a, cap);
		userns |= f->in_user_ns;
		if (f->kind == FINDING_SYSCALL) {
			from_syscall = true;
			unsure |= !f->rule->sure;
		} else if (f->profile) {
			from_apparmor = true;
		} else {
			from_avc = true;
			all_caps_bool |=
				streq(policy_boolean_for_cap(cap), POLICY_ALL_CAPS_BOOLEAN);
		}
	}
	if (!a)
		return;
	qsort(a->caps, a->n_caps, sizeof(a->caps[0]), compare_int);

	strbuf_init(&sb);
	strbuf_addstr(&sb, "--cap-drop=ALL");
	for (size_t i = 0; i < a->n_caps; i++)
		strbuf_addf(&sb, " --cap-add=%s",
			    caps_name(a->caps[i]) ? caps_name(a->caps[i]) : "?");
	a->title = xasprintf("give it exactly the capabilities it uses: %s", sb.buf);
	strbuf_done(&sb);
	advice_fix(a, target_label[target], caps_command(a, target));

	strbuf_init(&sb);
	if (from_syscall) {
		strbuf_addstr(&sb, "Syscalls failed for want of a capability: ");
		describe_syscalls(&sb, a);
		strbuf_addstr(&sb, ".");
	}
	if (from_apparmor) {
		strbuf_addstr(&sb, sb.len ? " " : "");
		for (size_t i = 0, k = 0; i < a->n_findings; i++) {
			const struct finding *f = a->findings[i];

			if (f->kind != FINDING_CAPABILITY || !f->profile)
				continue;
			strbuf_addf(&sb, "%sAppArmor profile %s refused %s to ", k++ ? "; " : "",
				    f->profile,
				    caps_name(f->capability) ? caps_name(f->capability) : "?");
			add_processes(&sb, f);
		}
		strbuf_addstr(&sb, ".");
	}
	if (from_avc) {
		strbuf_addstr(&sb, from_syscall || from_apparmor ? " SELinux also refused "
								 : "SELinux refused ");
		describe_caps(&sb, a, false);
		strbuf_addstr(&sb, " to ");
		for (size_t i = 0, n_comm = 0; i < a->n_findings; i++) {
			for (size_t j = 0; a->findings[i]->kind == FINDING_CAPABILITY &&
					   j < a->findings[i]->n_comms;
			     j++) {
				const char *c = a->findings[i]->comms[j];
				bool dup = false;

				for (size_t k = 0; k < i; k++)
					for (size_t m = 0; m < a->findings[k]->n_comms; m++)
						dup |= a->findings[k]->comms[m] == c;
				if (dup)
					continue;
				strbuf_addstr(&sb, n_comm++ ? ", " : "");
				strbuf_addstr(&sb, c);
			}
		}
		strbuf_addstr(&sb, userns ? ", inside the container's user namespace (rootless or "
					    "--userns)."
					  : ".");
	}
	a->what = strbuf_detach(&sb);

	strbuf_init(&sb);
	if (from_syscall)
		strbuf_addstr(&sb,
			      "A capability the process does not have fails in the kernel's "
			      "own check, before any security module is asked: the failed "
			      "syscall is the only trace, and adding exactly that capability "
			      "fixes it. Dropping all the others keeps the container to what it "
			      "uses.");
	if (from_syscall && from_avc)
		strbuf_addch(&sb, ' ');
	if (from_avc)
		strbuf_addstr(&sb,
			      "The kernel checks a process's own capabilities before it asks "
			      "SELinux, so an SELinux capability denial means the process had "
			      "the capability and the policy said no: --cap-add alone will not "
			      "make it work. Keep exactly these capabilities, drop the rest, and "
			      "let the policy allow them.");
	if (from_apparmor)
		strbuf_addstr(
			&sb, sb.len ? " An AppArmor capability denial, likewise, means the "
				      "process had it and the profile refused it."
				    : "An AppArmor capability denial means the process had the "
				      "capability and its profile refused it: --cap-add alone will "
				      "not help; the profile must allow it.");
	a->why = strbuf_detach(&sb);
	capability_alternatives(a);
	for (size_t i = 0; from_apparmor && i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];
		char *lower;

		if (f->kind != FINDING_CAPABILITY || !f->profile || !caps_name(f->capability))
			continue;
		lower = xstrdup(caps_name(f->capability));
		for (char *p = lower; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		advice_fix(
			a,
			"allow it in a copy of the AppArmor profile (load it with apparmor_parser "
			"-r, run with --security-opt apparmor=NEW-PROFILE)",
			xasprintf("capability %s,", lower));
		free(lower);
	}
	if (from_avc) {
		a->boolean = all_caps_bool ? POLICY_ALL_CAPS_BOOLEAN
					   : policy_boolean_for_cap(a->caps[0]);
		for (size_t i = 0; i < a->n_caps; i++) {
			const char *b = policy_boolean_for_cap(a->caps[i]);

			if (all_caps_bool && !streq(b, POLICY_ALL_CAPS_BOOLEAN))
				continue;
			advice_fix(
				a,
				"allow containers these capabilities in the SELinux policy (on by "
				"default; this host has it off; it applies to every container)",
				xasprintf("setsebool -P %s on", b));
			if (all_caps_bool)
				break;
		}
	}
	if (unsure) {
		a->confidence = "medium";
		strbuf_init(&sb);
		for (size_t i = 0; i < a->n_findings; i++) {
			const struct finding *f = a->findings[i];

			if (f->kind == FINDING_SYSCALL && !f->rule->sure && f->rule->other_causes)
				strbuf_addf(&sb, "%s%s: %s", sb.len ? "; " : "", f->rule->name,
					    f->rule->other_causes);
		}
		a->confidence_note = strbuf_detach(&sb);
	} else if (!from_syscall && from_avc) {
		a->confidence = "medium";
		a->confidence_note = xstrdup(
			"A capability shows up here only when SELinux refused it; ones the "
			"container "
			"used freely, or lost to --cap-drop (those fail before SELinux is asked "
			"and "
			"leave no AVC), need a run with the audit rules of `leastpriv rules`.");
	}
}

/* ---- files ---- */

static bool
is_system_location(const char *path)
{
	return policy_is_refused_relabel_path(path);
}

/* The directory a file finding most likely belongs to: the directory itself, or the parent. */
static char *
mount_guess(const struct finding *f)
{
	const char *slash;

	if (!f->object || !f->object_is_path)
		return NULL;
	if (streq(f->tclass, "dir"))
		return xstrdup(f->object);
	slash = strrchr(f->object, '/');
	if (!slash || slash == f->object)
		return xstrdup("/");
	return xstrndup(f->object, (size_t)(slash - f->object));
}

static bool
is_ancestor(const char *dir, const char *path)
{
	size_t l = strlen(dir);

	if (streq(dir, "/"))
		return true;
	return strncmp(dir, path, l) == 0 && (path[l] == '/' || path[l] == '\0');
}

struct relabel_group {
	char *mount; /* NULL: the log named no full path */
	const char *ttype;
	const struct finding **fs;
	size_t n;
};

static void
group_add(struct relabel_group **groups, size_t *n, char *mount, const struct finding *f)
{
	struct relabel_group *g = NULL;

	for (size_t i = 0; i < *n && !g; i++) {
		struct relabel_group *c = &(*groups)[i];

		if (!mount || !c->mount) {
			if (!mount && !c->mount && c->ttype == f->ttype)
				g = c;
			continue;
		}
		if (is_ancestor(c->mount, mount)) {
			g = c;
		} else if (is_ancestor(mount, c->mount) && !is_system_location(mount)) {
			/* The new directory holds the group's: the volume is at least that wide. */
			free(c->mount);
			c->mount = xstrdup(mount);
			g = c;
		}
	}
	if (!g) {
		*groups = xrealloc(*groups, (*n + 1) * sizeof(**groups));
		g = &(*groups)[(*n)++];
		memset(g, 0, sizeof(*g));
		g->mount = mount ? xstrdup(mount) : NULL;
		g->ttype = f->ttype;
	}
	g->fs = xrealloc(g->fs, (g->n + 1) * sizeof(*g->fs));
	g->fs[g->n++] = f;
	free(mount);
}

/* Sentence about the files: "read and open on /certs/domain.crt (user_home_t)". */
static void
describe_files(struct strbuf *sb, const struct finding **fs, size_t n)
{
	for (size_t i = 0; i < n && i < 5; i++) {
		if (i)
			strbuf_addstr(sb, "; ");
		add_perm_words(sb, fs[i]);
		strbuf_addstr(sb, " on ");
		add_object(sb, fs[i]);
		strbuf_addf(sb, " (%s %s", fs[i]->tclass, fs[i]->ttype);
		if (fs[i]->count > 1)
			strbuf_addf(sb, ", %zu times", fs[i]->count);
		strbuf_addstr(sb, ")");
	}
	if (n > 5)
		strbuf_addf(sb, "; and %zu more", n - 5);
}

/* "SELinux denied read on /certs/domain.crt (file user_home_t); ..." */
static char *
denied_files_sentence(const struct finding **fs, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELinux denied ");
	describe_files(&sb, fs, n);
	strbuf_addstr(&sb, ".");
	return strbuf_detach(&sb);
}

static void
advise_relabel(struct container_advice *ca, struct relabel_group *g, enum target target,
	       const struct inspect_mount *host, size_t (*sharers)(const void *, const char *),
	       const void *ctx)
{
	bool shared = false;
	struct advice *a;
	char *qmount;

	for (size_t i = 0; i < g->n; i++)
		if (g->fs[i]->object_key && sharers(ctx, g->fs[i]->object_key) > 1)
			shared = true;
	a = advice_new(ca, ADVICE_RELABEL, SEVERITY_MEDIUM);
	for (size_t i = 0; i < g->n; i++)
		advice_add_finding(a, g->fs[i]);
	a->relabel_option = shared ? "z" : "Z";
	a->mount_point = g->mount ? xstrdup(g->mount) : NULL;
	a->what = denied_files_sentence(g->fs, g->n);
	if (g->mount)
		a->title = xasprintf("relabel the volume mounted at %s with :%s", g->mount,
				     a->relabel_option);
	else
		a->title = xasprintf("relabel the volume that holds these files with :%s",
				     a->relabel_option);
	a->why = xasprintf(
		"The files are labelled %s (%s); a container may only use content labelled "
		"container_file_t. %s",
		g->ttype, policy_type_meaning(g->ttype),
		shared ? "Other containers use the same files, so relabel them for all containers "
			 "(:z, label container_file_t:s0); :Z would lock the others out."
		       : "Only this container uses them, so relabel them for it alone (:Z, with "
			 "its "
			 "own MCS categories); use :z instead if another container must read them "
			 "too.");
	if (host) {
		/* The inspect data names the volume: real paths, quoted. */
		char *src = shell_quote_dup(host->source),
		     *dst = shell_quote_dup(host->destination);
		char *re = xasprintf("%s(/.*)?", host->source), *qre = shell_quote_dup(re);

		advice_fix(a, "add the option to the volume (docker, podman)",
			   volume_command(target, src, dst, a->relabel_option));
		advice_fix(a, "or label the host directory once, durably (survives a full relabel)",
			   xasprintf("semanage fcontext -a -t container_file_t -- %s && restorecon "
				     "-Rv -- %s",
				     qre, src));
		advice_fix(a, "or, to try it out, label it until the next relabel",
			   xasprintf("chcon -Rt container_file_t -- %s", src));
		free(src);
		free(dst);
		free(re);
		free(qre);
	} else {
		qmount = g->mount ? shell_quote_dup(g->mount) : xstrdup("/MOUNT/POINT");
		advice_fix(a,
			   "add the option to the volume (docker, podman; HOST_DIR is the host "
			   "directory you mount there, never a home directory itself or a system "
			   "directory)",
			   volume_command(target, "HOST_DIR", qmount, a->relabel_option));
		advice_fix(
			a, "or label the host directory once, durably (survives a full relabel)",
			xstrdup("semanage fcontext -a -t container_file_t -- 'HOST_DIR(/.*)?' && "
				"restorecon -Rv -- HOST_DIR"));
		advice_fix(a, "or, to try it out, label it until the next relabel",
			   xstrdup("chcon -Rt container_file_t -- HOST_DIR"));
		free(qmount);
	}
	if (!g->mount) {
		a->confidence = "medium";
		a->confidence_note =
			xstrdup("The log gives only the file names, not their full "
				"paths (no PATH records), so the mount point is not known.");
	} else if (g->n == 1 && !streq(g->fs[0]->tclass, "dir")) {
		a->confidence = "high";
		a->confidence_note =
			xstrdup("The mount point is taken to be the file's directory; "
				"if the volume is mounted higher up, relabel that one.");
	}
}

static void
advise_refused(struct container_advice *ca, struct relabel_group *g)
{
	struct advice *a = advice_new(ca, ADVICE_RELABEL_REFUSED, SEVERITY_MEDIUM);
	char *where = xstrdup(g->mount ? g->mount : g->fs[0]->object ? g->fs[0]->object : "?");

	for (size_t i = 0; i < g->n; i++)
		advice_add_finding(a, g->fs[i]);
	a->mount_point = g->mount ? xstrdup(g->mount) : NULL;
	a->what = denied_files_sentence(g->fs, g->n);
	a->title = xasprintf("do not relabel %s: give the container its own copy instead", where);
	a->why = xasprintf(
		"%s is host system content (labelled %s). Relabelling it for containers would take "
		"it away from the host's own services and can leave the host unbootable; podman "
		"and docker refuse to relabel such locations.",
		where, g->ttype);
	advice_fix(a,
		   "copy just the files the container needs into a dedicated directory and mount "
		   "that, relabelled for this container",
		   xstrdup("install -d /srv/containers/NAME && cp ... /srv/containers/NAME/ && "
			   "podman run -v /srv/containers/NAME:/PATH/IN/CONTAINER:Z ..."));
	advice_fix(a,
		   "last resort: turn SELinux separation off for this one container (it then runs "
		   "unconfined, as spc_t)",
		   xstrdup("--security-opt label=disable"));
	free(where);
}

static void
advise_boolean(struct container_advice *ca, const struct policy_boolean *tb,
	       const struct finding **fs, size_t n)
{
	struct advice *a = advice_new(ca, ADVICE_BOOLEAN, SEVERITY_MEDIUM);

	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->boolean = tb->boolean;
	a->what = denied_files_sentence(fs, n);
	a->title = xasprintf("turn on the SELinux boolean %s", tb->boolean);
	a->why = xasprintf("These are %s. They cannot be relabelled per container; the policy "
			   "has a boolean that lets containers use them. It applies to every "
			   "container on the host.",
			   tb->meaning);
	advice_fix(a, "allow it (persistent)", xasprintf("setsebool -P %s on", tb->boolean));
}

static void
advise_shared_content(struct container_advice *ca, const struct finding **fs, size_t n)
{
	struct advice *a = advice_new(ca, ADVICE_SHARED_CONTENT, SEVERITY_MEDIUM);
	struct strbuf sb;
	char *level;

	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELinux denied ");
	describe_files(&sb, fs, n);
	strbuf_addf(&sb, ": the content belongs to another container (level %s).", fs[0]->tlevel);
	a->what = strbuf_detach(&sb);
	a->title = xstrdup("share the volume: relabel it with :z on every container that uses it");
	a->why = xstrdup(
		"The files are labelled for containers, but with another container's MCS "
		"categories: they were mounted with :Z (private) by a different container, or by "
		"this one in an earlier life. Content that several containers use needs :z.");
	advice_fix(a, "mount the shared directory with :z in every container that uses it",
		   xstrdup("-v HOST_DIR:/PATH/IN/CONTAINER:z"));
	level = shell_quote_dup(*fs[0]->tlevel ? fs[0]->tlevel : "s0:c100,c200");
	advice_fix(a,
		   "or run the containers with one fixed MCS level so they share :Z content "
		   "(Kubernetes: seLinuxOptions.level)",
		   xasprintf("--security-opt label=level:%s", level));
	free(level);
}

static void
advise_storage(struct container_advice *ca, const struct finding **fs, size_t n)
{
	struct advice *a = advice_new(ca, ADVICE_STORAGE, SEVERITY_MEDIUM);

	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->what = denied_files_sentence(fs, n);
	a->title = xstrdup("restore the labels of the engine's storage, not of a volume");
	a->why = xstrdup("The denied files carry the label of the engine's own storage (or none), "
			 "which happens after the storage was copied or restored without labels. "
			 "Relabelling the image's files fixes every container at once.");
	advice_fix(a, "restore the storage's labels (podman; docker: /var/lib/docker)",
		   xstrdup("restorecon -R -v /var/lib/containers"));
	a->confidence = "medium";
	a->confidence_note = xstrdup("Without the container's mounts it cannot be ruled out that "
				     "these files come from a volume.");
}

static void
advise_review(struct container_advice *ca, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;

	if (n == 0)
		return;
	a = advice_new(ca, ADVICE_REVIEW, SEVERITY_LOW);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELinux denied ");
	for (size_t i = 0; i < n && i < 5; i++) {
		advice_add_finding(a, fs[i]);
		if (i)
			strbuf_addstr(&sb, "; ");
		add_perm_words(&sb, fs[i]);
		strbuf_addf(&sb, " on %s %s", fs[i]->tclass, fs[i]->ttype);
		if (fs[i]->port >= 0)
			strbuf_addf(&sb, " port %d", fs[i]->port);
		if (fs[i]->object) {
			strbuf_addstr(&sb, " ");
			add_object(&sb, fs[i]);
		}
	}
	for (size_t i = 5; i < n; i++)
		advice_add_finding(a, fs[i]);
	if (n > 5)
		strbuf_addf(&sb, "; and %zu more", n - 5);
	strbuf_addstr(&sb, ".");
	a->what = strbuf_detach(&sb);
	a->title = xstrdup("review these denials: no flag of the engine grants them");
	a->why =
		xstrdup("The container policy does not allow these accesses and no volume option, "
			"capability or boolean does either. If the container really needs them, "
			"generate a policy for this one container from its inspect data with udica "
			"and run it with that type, rather than disabling SELinux.");
	advice_fix(a, "build and use a per-container policy",
		   xstrdup("podman inspect NAME > ctr.json && udica -j ctr.json NAME && "
			   "semodule -i NAME.cil /usr/share/udica/templates/base_container.cil && "
			   "podman run --security-opt label=type:NAME.process ..."));
	a->confidence = "low";
	a->confidence_note = xstrdup("leastpriv has no rule for these classes.");
}

struct sharer_index {
	struct hmap map; /* object_key -> (uintptr_t) number of containers */
};

static size_t
sharers(const void *ctx, const char *key)
{
	const struct sharer_index *si = ctx;

	return (size_t)(uintptr_t)hmap_get(&si->map, key, strlen(key));
}

static void
index_sharers(const struct evidence *e, struct sharer_index *si)
{
	hmap_init(&si->map);
	for (size_t i = 0; i < e->n_containers; i++) {
		const struct container *ct = e->list[i];

		for (size_t j = 0; j < ct->n_findings; j++) {
			const struct finding *f = ct->findings[j];
			bool counted = false;

			if (!f->object_key)
				continue;
			/* Count each container once per object. */
			for (size_t k = 0; k < j; k++)
				counted |= ct->findings[k]->object_key == f->object_key;
			if (!counted) {
				struct hmap_entry *he =
					hmap_put(&si->map, f->object_key, strlen(f->object_key));

				he->value = (void *)((uintptr_t)he->value + 1);
			}
		}
	}
}

static void
advise_files(struct container_advice *ca, const struct finding **fs, size_t n,
	     const struct sharer_index *si, enum target target)
{
	struct relabel_group *groups = NULL;
	size_t n_groups = 0;
	const struct finding **shared = NULL, **storage = NULL, **review = NULL;
	size_t n_shared = 0, n_storage = 0, n_review = 0;
	const struct container *ct = ca->container;

	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];

		if (policy_is_container_content_type(f->ttype)) {
			bool other = *f->tlevel && !streq(f->tlevel, "s0") &&
				     !streq(f->tlevel, ct->level);
			const struct finding ***list = other ? &shared : &review;
			size_t *cnt = other ? &n_shared : &n_review;

			*list = xrealloc(*list, (*cnt + 1) * sizeof(**list));
			(*list)[(*cnt)++] = f;
		} else if (policy_is_storage_type(f->ttype)) {
			storage = xrealloc(storage, (n_storage + 1) * sizeof(*storage));
			storage[n_storage++] = f;
		} else if (policy_boolean_for_type(f->ttype, f->tclass)) {
			continue; /* below, grouped per boolean */
		} else {
			group_add(&groups, &n_groups, mount_guess(f), f);
		}
	}
	/* One piece of advice per boolean, in the order the findings come. */
	for (size_t i = 0; i < n; i++) {
		const struct policy_boolean *tb =
			policy_boolean_for_type(fs[i]->ttype, fs[i]->tclass);
		const struct finding **list = NULL;
		size_t cnt = 0;
		bool done = false;

		for (size_t j = 0; tb && j < i; j++) {
			const struct policy_boolean *x =
				policy_boolean_for_type(fs[j]->ttype, fs[j]->tclass);

			done |= x && streq(x->boolean, tb->boolean);
		}
		if (!tb || done)
			continue;
		for (size_t j = i; j < n; j++) {
			const struct policy_boolean *x =
				policy_boolean_for_type(fs[j]->ttype, fs[j]->tclass);

			if (x && streq(x->boolean, tb->boolean)) {
				list = xrealloc(list, (cnt + 1) * sizeof(*list));
				list[cnt++] = fs[j];
			}
		}
		advise_boolean(ca, tb, list, cnt);
		free(list);
	}
	for (size_t i = 0; i < n_groups; i++) {
		struct relabel_group *g = &groups[i];
		bool refused = policy_is_system_type(g->ttype) || is_system_location(g->mount);

		/* A name of "/" is the root of some file system: the host's, or a volume's. */
		for (size_t j = 0; j < g->n && !refused; j++)
			refused = (g->fs[j]->object_is_path ||
				   streq(g->fs[j]->object ? g->fs[j]->object : "", "/")) &&
				  is_system_location(g->fs[j]->object);
		const struct inspect_mount *host =
			ct->info && g->mount ? inspect_mount_for(ct->info, g->mount) : NULL;

		/* The host side of the volume decides too: never relabel a system directory. */
		if (host && (is_system_location(host->source) || streq(host->destination, "/")))
			host = NULL, refused = true;
		if (host) {
			free(g->mount);
			g->mount = xstrdup(host->destination);
		}
		if (refused)
			advise_refused(ca, g);
		else
			advise_relabel(ca, g, target, host, sharers, si);
	}
	if (n_shared)
		advise_shared_content(ca, shared, n_shared);
	if (n_storage)
		advise_storage(ca, storage, n_storage);
	advise_review(ca, review, n_review);
	/* Mount points are referenced by the advice; the groups' other storage goes. */
	for (size_t i = 0; i < n_groups; i++) {
		free(groups[i].mount);
		free(groups[i].fs);
	}
	free(groups);
	free(shared);
	free(storage);
	free(review);
}

/* The seccomp findings of a container: one profile that allows exactly those syscalls. */
static void
advise_seccomp(struct container_advice *ca, const struct finding **fs, size_t n,
	       const char *seccomp_dir, struct hmap *used)
{
	struct advice *a;
	struct strbuf sb, names;
	bool logged_only = true;

	if (n == 0)
		return;
	a = advice_new(ca, ADVICE_SECCOMP, SEVERITY_MEDIUM);
	strbuf_init(&sb);
	strbuf_init(&names);
	strbuf_addstr(&sb, "The seccomp filter ");
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];
		bool logged = f->n_perms == 1 && streq(f->perms[0], "log");

		advice_add_finding(a, f);
		logged_only &= logged;
		if (i)
			strbuf_addstr(&sb, "; ");
		strbuf_addf(&sb, "%s %s() for ", logged ? "logged" : "refused", f->object);
		add_processes(&sb, f);
		if (!logged) {
			strbuf_addstr(&sb, " (");
			add_perm_words(&sb, f);
			strbuf_addstr(&sb, ")");
		}
		/* Syscall names are libaudit's: lowercase words, safe in a jq program. */
		strbuf_addf(&names, "%s\"%s\"", i ? ", " : "", f->object);
	}
	strbuf_addstr(&sb, ".");
	a->what = strbuf_detach(&sb);
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", fs[i]->object);
	a->title = xasprintf("allow exactly these syscalls in the container's seccomp profile: %s",
			     sb.buf);
	strbuf_done(&sb);
	a->why = xstrdup(
		"The runtime's default seccomp profile refuses these syscalls. Take that profile "
		"and allow exactly these, rather than running without seccomp (seccomp=unconfined "
		"opens every syscall). A syscall refused with an errno by the default profiles "
		"leaves no audit record: to see them all, run once with a copy of the profile "
		"whose "
		"default action is SCMP_ACT_LOG, which allows and logs what the default would "
		"refuse.");
	if (seccomp_dir) {
		char *q;

		a->profile_path = seccomp_profile_path(seccomp_dir, ca->container->label, used);
		q = shell_quote_dup(a->profile_path);
		advice_fix(a,
			   "run the container with the profile leastpriv wrote: the runtime's "
			   "default plus exactly these syscalls",
			   xasprintf("--security-opt seccomp=%s", q));
		free(q);
	}
	advice_fix(
		a,
		"write the profile: the runtime's default (podman's is shown; docker's is "
		"default.json of moby/profiles) plus these syscalls",
		xasprintf("jq '.syscalls += [{\"names\": [%s], \"action\": \"SCMP_ACT_ALLOW\"}]' "
			  "/usr/share/containers/seccomp.json > seccomp-allow.json",
			  names.buf));
	advice_fix(a, "run the container with it",
		   xstrdup("--security-opt seccomp=seccomp-allow.json"));
	advice_fix(
		a,
		"to find every syscall the default profile refuses, run once with a logging copy",
		xstrdup("jq '.defaultAction = \"SCMP_ACT_LOG\"' /usr/share/containers/seccomp.json "
			"> seccomp-log.json"));
	for (size_t i = 0; i < n; i++)
		if (fs[i]->capability >= 0 && caps_name(fs[i]->capability)) {
			char *label =
				xasprintf("or: the default profile opens %s() to containers that "
					  "hold %s (broader than the profile above)",
					  fs[i]->object, caps_name(fs[i]->capability));

			advice_fix(a, label,
				   xasprintf("--cap-add=%s", caps_name(fs[i]->capability)));
			free(label);
		}
	if (logged_only) {
		a->confidence = "high";
		a->confidence_note = xstrdup("These were logged by a logging profile: the run went "
					     "on, so the list is complete for that run.");
	}
	strbuf_done(&names);
}

/* AppArmor refused file or other operations: rules for a copy of the profile. */
static void
advise_apparmor(struct container_advice *ca, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;

	if (n == 0)
		return;
	a = advice_new(ca, ADVICE_APPARMOR, SEVERITY_MEDIUM);
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];

		advice_add_finding(a, f);
		strbuf_addf(&sb, "%sAppArmor profile %s refused %s", i ? "; " : "", f->profile,
			    f->tclass);
		if (f->object) {
			strbuf_addstr(&sb, " of ");
			add_object(&sb, f);
		}
		if (f->n_perms) {
			strbuf_addstr(&sb, " (");
			add_perm_words(&sb, f);
			strbuf_addstr(&sb, ")");
		}
		strbuf_addstr(&sb, " to ");
		add_processes(&sb, f);
	}
	strbuf_addstr(&sb, ".");
	a->what = strbuf_detach(&sb);
	a->title = xasprintf("allow these accesses in a copy of the AppArmor profile %s",
			     fs[0]->profile);
	a->why =
		xstrdup("The engine confines its containers with this AppArmor profile. Copy it, "
			"add exactly the rules below, load the copy and run the container with it; "
			"apparmor=unconfined would lift every restriction at once.");
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];
		struct strbuf rule;
		size_t perms;

		if (!f->object || !f->object_is_path || !f->n_perms)
			continue;
		strbuf_init(&rule);
		/*
		 * Profile syntax, printable ASCII: the path quoted, with '?' (any one character
		 * in a profile's globs) for quotes, backslashes and every byte that is not
		 * printable ASCII; the permissions are the mask's letters only.
		 */
		strbuf_addch(&rule, '"');
		for (const unsigned char *p = (const unsigned char *)f->object; *p; p++)
			strbuf_addch(&rule, *p == '"' || *p == '\\' || *p < 0x20 || *p >= 0x7f
						    ? '?'
						    : (char)*p);
		strbuf_addstr(&rule, "\" ");
		perms = rule.len;
		for (size_t j = 0; j < f->n_perms; j++)
			for (const char *p = f->perms[j]; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					strbuf_addch(&rule, *p);
		if (rule.len > perms) {
			strbuf_addch(&rule, ',');
			advice_fix(a, "add to the copy of the profile", strbuf_detach(&rule));
		} else {
			strbuf_done(&rule);
		}
	}
	advice_fix(a, "load the copy and use it",
		   xstrdup("apparmor_parser -r /etc/apparmor.d/NEW-PROFILE && podman run "
			   "--security-opt apparmor=NEW-PROFILE ..."));
}

/*
 * Denials logged in permissive mode (SELinux permissive=1, AppArmor complain mode) were not
 * enforced: the run went on past each one, so together they are the complete list.
 */
static void
note_learning_run(struct advice *a)
{
	size_t count = 0, permissive = 0;
	char *note;

	for (size_t i = 0; i < a->n_findings; i++) {
		count += a->findings[i]->count;
		permissive += a->findings[i]->permissive_count;
	}
	if (count == 0 || permissive != count)
		return;
	note = xasprintf("%s%sEvery denial here was logged in permissive mode and not enforced: "
			 "the run went on past each, so this is the complete list for that run.",
			 a->confidence_note ? a->confidence_note : "",
			 a->confidence_note ? " " : "");
	free(a->confidence_note);
	a->confidence_note = note;
}

static int
compare_advice(const void *pa, const void *pb)
{
	const struct advice *a = *(struct advice *const *)pa, *b = *(struct advice *const *)pb;

	if (a->severity != b->severity)
		return a->severity < b->severity ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->title, b->title);
}

void
recommend(const struct evidence *e, const char *seccomp_dir, enum target target, struct report *ret)
{
	struct sharer_index si;
	struct report r = { 0 };
	struct hmap profiles; /* the seccomp profile names given, so that none is given twice */

	hmap_init(&profiles);
	index_sharers(e, &si);
	r.containers = xcalloc(e->n_containers, sizeof(*r.containers));
	for (size_t i = 0; i < e->n_containers; i++) {
		const struct container *ct = e->list[i];
		struct container_advice *ca = &r.containers[r.n_containers++];
		const struct finding **by_kind[FINDING_MAX] = { 0 };
		size_t n_kind[FINDING_MAX] = { 0 };

		ca->container = ct;
		for (size_t j = 0; j < ct->n_findings; j++) {
			const struct finding *f = ct->findings[j];

			by_kind[f->kind] = xrealloc(by_kind[f->kind],
						    (n_kind[f->kind] + 1) * sizeof(*by_kind[0]));
			by_kind[f->kind][n_kind[f->kind]++] = f;
		}
		if (ct->kind == SUBJECT_PRIVILEGED)
			advise_privileged(ca);
		advise_engine_socket(ca, by_kind[FINDING_ENGINE_SOCKET],
				     n_kind[FINDING_ENGINE_SOCKET]);
		{
			size_t nc = n_kind[FINDING_CAPABILITY], ns = n_kind[FINDING_SYSCALL], m = 0;
			const struct finding **caps = xcalloc(nc + ns + 1, sizeof(*caps));
			const struct finding **unknown = xcalloc(nc + 1, sizeof(*unknown));
			size_t n_unknown = 0;

			/*
			 * Refused by policy or missing from the process: one capability set.  A
			 * denial that does not say which capability cannot be part of a set.
			 */
			for (size_t k = 0; k < nc; k++) {
				const struct finding *f = by_kind[FINDING_CAPABILITY][k];

				if (finding_capability(f) >= 0)
					caps[m++] = f;
				else
					unknown[n_unknown++] = f;
			}
			for (size_t k = 0; k < ns; k++)
				caps[m++] = by_kind[FINDING_SYSCALL][k];
			advise_capabilities(ca, caps, m, target);
			advise_review(ca, unknown, n_unknown);
			free(caps);
			free(unknown);
		}
		advise_files(ca, by_kind[FINDING_FILE], n_kind[FINDING_FILE], &si, target);
		advise_seccomp(ca, by_kind[FINDING_SECCOMP], n_kind[FINDING_SECCOMP], seccomp_dir,
			       &profiles);
		advise_apparmor(ca, by_kind[FINDING_APPARMOR], n_kind[FINDING_APPARMOR]);
		advise_review(ca, by_kind[FINDING_NETWORK], n_kind[FINDING_NETWORK]);
		advise_review(ca, by_kind[FINDING_OTHER], n_kind[FINDING_OTHER]);
		for (size_t k = 0; k < FINDING_MAX; k++)
			free(by_kind[k]);
		for (size_t k = 0; k < ca->n_items; k++)
			note_learning_run(ca->items[k]);
		if (ca->n_items > 1)
			qsort(ca->items, ca->n_items, sizeof(*ca->items), compare_advice);
		for (size_t k = 0; k < ca->n_items; k++)
			r.n_advice[ca->items[k]->severity]++;
	}
	hmap_done(&si.map, NULL);
	hmap_done(&profiles, NULL);
	*ret = r;
}
