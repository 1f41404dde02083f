/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advisors of capabilities: module-load probes (noise), MAC capabilities (never granted), and
 * the one capability set a container needs, from SELinux and AppArmor capability denials and
 * from syscalls that failed for want of a capability.
 */
#include <stdio.h>
#include <sys/capability.h>

#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/dialect/spell.h"
#include "leastpriv/knowledge/caps.h"
#include "leastpriv/knowledge/policy.h"
#include "leastpriv/base/util.h"

/* ---- prose ---- */

#define NOISE_TITLE "ignore the SYS_MODULE denial of ip/ifconfig: never grant it"
#define NOISE_WHAT  "ip or ifconfig asked for SYS_MODULE and SELinux refused it."
#define NOISE_WHY                                                                                  \
	"These tools ask the kernel to load a driver when they meet an interface name they do "    \
	"not know; the container does not need to load modules. SYS_MODULE in a container is "     \
	"a host takeover."
#define NOISE_STEP "if a module is really needed, load it on the host"

#define MAC_TITLE                                                                                  \
	"do not grant MAC_ADMIN/MAC_OVERRIDE: keep SELinux labels out of the container's files"
#define MAC_WHAT                                                                                   \
	"A process tried to set SELinux labels (or override the policy) and SELinux refused it."
#define MAC_WHY                                                                                    \
	"Containers never get these capabilities under container-selinux. The usual cause is a "   \
	"tool that restores security.selinux extended attributes (rpm, tar --selinux, rsync -X) "  \
	"with labels the host's policy does not know."
#define MAC_STEP                                                                                   \
	"stop the tool from copying SELinux labels (tar --no-selinux, rsync without -X), or on "   \
	"podman give the container its own labels"

#define CAPS_TITLE             "give it exactly the capabilities it uses: %s"
#define CAPS_STEP              "run the container with only these capabilities (docker and podman)"
#define CAPS_WHAT_SYSCALLS     "Syscalls failed for want of a capability: "
#define CAPS_WHAT_APPARMOR     "%sAppArmor profile %s refused %s to "
#define CAPS_WHAT_SELINUX      "SELinux refused "
#define CAPS_WHAT_SELINUX_ALSO " SELinux also refused "
#define CAPS_WHAT_USERNS       ", inside the container's user namespace (rootless or --userns)."
#define CAPS_WHY_SYSCALL                                                                           \
	"A capability the process does not have fails in the kernel's own check, before any "      \
	"security module is asked: the failed syscall is the only trace, and adding exactly "      \
	"that capability fixes it. Dropping all the others keeps the container to what it uses."
#define CAPS_WHY_SELINUX                                                                           \
	"The kernel checks a process's own capabilities before it asks SELinux, so an SELinux "    \
	"capability denial means the process had the capability and the policy said no: "          \
	"--cap-add alone will not make it work. Keep exactly these capabilities, drop the "        \
	"rest, and let the policy allow them."
#define CAPS_WHY_APPARMOR_ALSO                                                                     \
	" An AppArmor capability denial, likewise, means the process had it and the profile "      \
	"refused it."
#define CAPS_WHY_APPARMOR                                                                          \
	"An AppArmor capability denial means the process had the capability and its profile "      \
	"refused it: --cap-add alone will not help; the profile must allow it."
#define CAPS_STEP_APPARMOR                                                                         \
	"allow it in a copy of the AppArmor profile (load it with apparmor_parser -r, run with "   \
	"--security-opt apparmor=NEW-PROFILE)"
#define CAPS_STEP_BOOLEAN                                                                          \
	"allow containers these capabilities in the SELinux policy (on by default; this host "     \
	"has it off; it applies to every container)"
#define CAPS_WHY_SYS_TIME                                                                          \
	" SYS_TIME sets the host's clock: there is no namespace for it, so the container would "   \
	"change the time of every process on the host. Keep the clock on the host (chrony, "       \
	"ntpd) unless setting it is this container's job."
#define CAPS_WHY_SYS_ADMIN                                                                         \
	" SYS_ADMIN is close to root on the host: it allows mounts, namespaces and many kernel "   \
	"interfaces, and most container escapes need it. Grant it only if no alternative below "   \
	"does the job."
#define CAPS_WHY_DROP                                                                              \
	" The program drops to another user: it sets the groups and the group first, then the "    \
	"user, so the run stopped before it asked for SETUID; the set has it too."
#define CAPS_NOTE_AVC_ONLY                                                                         \
	"A capability shows up here only when SELinux refused it; ones the container used "        \
	"freely, or lost to --cap-drop (those fail before SELinux is asked and leave no AVC), "    \
	"need a run with the audit rules of `leastpriv rules`."

#define ALT_PORT                                                                                   \
	"or, instead of NET_BIND_SERVICE, let unprivileged processes bind from that port up in "   \
	"the container's own network namespace"
#define ALT_TMPFS                                                                                  \
	"or, if it mounts a scratch file system, let the engine mount it instead of granting "     \
	"SYS_ADMIN"
#define ALT_HOSTNAME "or let the engine set the host name instead of SYS_ADMIN"
#define ALT_PING     "or, if it only pings, allow ICMP echo sockets instead of NET_RAW"

/* ---- claims ---- */

int
finding_capability(const struct finding *f)
{
	if (f->capability >= 0)
		return caps_name(f->capability) ? f->capability : -1;
	return f->n_perms ? caps_from_name(f->perms[0]) : -1;
}

/* A capability denial that names its capability, or a syscall failed for want of one. */
static bool
is_capability_evidence(const struct finding *f)
{
	return (f->kind == FINDING_CAPABILITY && finding_capability(f) >= 0) ||
	       f->kind == FINDING_SYSCALL;
}

static bool
is_module_probe(const struct finding *f)
{
	for (size_t i = 0; i < f->n_comms; i++)
		if (policy_is_module_probe(f->comms[i]))
			return true;
	return false;
}

static bool
claims_noise(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_CAPABILITY && finding_capability(f) == CAP_SYS_MODULE &&
	       is_module_probe(f);
}

static bool
claims_mac(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return is_capability_evidence(f) && policy_is_mac_capability(finding_capability(f));
}

static bool
claims_capabilities(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return is_capability_evidence(f);
}

/* ---- noise and MAC ---- */

static void
advise_noise(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_NOISE, SEVERITY_LOW);
	a->title = xstrdup(NOISE_TITLE);
	a->what = xstrdup(NOISE_WHAT);
	a->why = xstrdup(NOISE_WHY);
	(void)advice_step(a, NOISE_STEP, FIXOP_HOST_MODULE);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
}

static void
advise_mac(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_REVIEW, SEVERITY_LOW);
	a->title = xstrdup(MAC_TITLE);
	a->what = xstrdup(MAC_WHAT);
	a->why = xstrdup(MAC_WHY);
	(void)advice_step(a, MAC_STEP, FIXOP_LABEL_NESTED);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
}

/* ---- the capability set ---- */

/* Where the evidence of a set came from: each source has its own sentence. */
struct cap_sources {
	bool syscall, selinux, apparmor;
	bool userns;        /* a denial inside the container's user namespace */
	bool all_caps_bool; /* SELinux refused a capability that only the all-caps boolean opens */
	bool unsure;        /* a failed syscall whose errno has other causes */
	bool drops_user;    /* SETUID added for a privilege drop stopped at its group step */
};

static void
add_cap(struct advice *a, int cap)
{
	for (size_t j = 0; j < a->n_caps; j++)
		if (a->caps[j] == cap)
			return;
	if (cap >= 0 && a->n_caps < FIXOP_CAPS_MAX) {
		a->caps = xrealloc(a->caps, (a->n_caps + 1) * sizeof(*a->caps));
		a->caps[a->n_caps++] = cap;
	}
}

static int
compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static const char *
cap_word(int cap)
{
	return caps_name(cap) ? caps_name(cap) : "?";
}

/*
 * Whether @a holds a privilege drop refused at its group step: setgroups or setgid failed
 * for want of SETGID, and nothing asked for SETUID yet (it comes next in every drop).
 */
static bool
dropping_user(const struct advice *a)
{
	bool group_step = false;

	for (size_t i = 0; i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];

		if (f->capability == CAP_SETUID)
			return false;
		group_step |= f->kind == FINDING_SYSCALL && f->capability == CAP_SETGID;
	}
	return group_step;
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
		strbuf_addstr(sb, cap_word(a->caps[i]));
		if (caps_meaning(a->caps[i]))
			strbuf_addf(sb, " (%s)", caps_meaning(a->caps[i]));
	}
}

/* "bind() by nc (port 80) needs NET_BIND_SERVICE; ..." for the failed syscalls of @a. */
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
		prose_processes(sb, f);
		if (f->port > 0)
			strbuf_addf(sb, " (port %d)", f->port);
		else if (f->object && f->object_is_path) {
			strbuf_addstr(sb, " on ");
			strbuf_addstr(sb, f->object);
		}
		strbuf_addf(sb, " needs %s", cap_word(f->capability));
	}
}

/* "AppArmor profile P refused X to p; ..." */
static void
describe_apparmor(struct strbuf *sb, const struct advice *a)
{
	for (size_t i = 0, k = 0; i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];

		if (f->kind != FINDING_CAPABILITY || !f->profile)
			continue;
		strbuf_addf(sb, CAPS_WHAT_APPARMOR, k++ ? "; " : "", f->profile,
			    cap_word(f->capability));
		prose_processes(sb, f);
	}
	strbuf_addstr(sb, ".");
}

/* The processes SELinux refused capabilities to, each once. */
static void
describe_selinux_processes(struct strbuf *sb, const struct advice *a)
{
	for (size_t i = 0, n_comm = 0; i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];

		for (size_t j = 0; f->kind == FINDING_CAPABILITY && j < f->n_comms; j++) {
			const char *c = f->comms[j];
			bool dup = false;

			for (size_t k = 0; k < i; k++)
				for (size_t m = 0; m < a->findings[k]->n_comms; m++)
					dup |= a->findings[k]->comms[m] == c;
			if (dup)
				continue;
			strbuf_addstr(sb, n_comm++ ? ", " : "");
			strbuf_addstr(sb, c);
		}
	}
}

static char *
caps_what(const struct advice *a, const struct cap_sources *src)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (src->syscall) {
		strbuf_addstr(&sb, CAPS_WHAT_SYSCALLS);
		describe_syscalls(&sb, a);
		strbuf_addstr(&sb, ".");
	}
	if (src->apparmor) {
		strbuf_addstr(&sb, sb.len ? " " : "");
		describe_apparmor(&sb, a);
	}
	if (src->selinux) {
		strbuf_addstr(&sb, src->syscall || src->apparmor ? CAPS_WHAT_SELINUX_ALSO
								 : CAPS_WHAT_SELINUX);
		describe_caps(&sb, a, false);
		strbuf_addstr(&sb, " to ");
		describe_selinux_processes(&sb, a);
		strbuf_addstr(&sb, src->userns ? CAPS_WHAT_USERNS : ".");
	}
	return strbuf_detach(&sb);
}

static char *
caps_why(const struct cap_sources *src)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (src->syscall)
		strbuf_addstr(&sb, CAPS_WHY_SYSCALL);
	if (src->syscall && src->selinux)
		strbuf_addch(&sb, ' ');
	if (src->selinux)
		strbuf_addstr(&sb, CAPS_WHY_SELINUX);
	if (src->apparmor)
		strbuf_addstr(&sb, sb.len ? CAPS_WHY_APPARMOR_ALSO : CAPS_WHY_APPARMOR);
	return strbuf_detach(&sb);
}

/*
 * Whether the ping of @f can use an ICMP datagram socket once ping_group_range allows it:
 * iputils' ping can; busybox's opens a raw socket whatever the sysctl says.
 */
static bool
pings_by_datagram(const struct finding *f)
{
	for (size_t i = 0; i < f->n_exes; i++) {
		const char *slash = strrchr(f->exes[i], '/');

		if (!streq(slash ? slash + 1 : f->exes[i], "ping"))
			return false;
	}
	return f->n_exes > 0;
}

/* Narrower fixes than a capability, where one exists. */
static void
capability_alternatives(struct advice *a)
{
	for (size_t i = 0; i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];
		const char *sc = f->n_syscalls ? f->syscalls[0] : "";
		struct fixop *op;

		if (f->kind != FINDING_SYSCALL)
			continue;
		if (f->capability == CAP_NET_BIND_SERVICE && f->port > 0) {
			op = advice_step(a, ALT_PORT, FIXOP_SYSCTL);
			op->name = xstrdup("net.ipv4.ip_unprivileged_port_start");
			op->value = xasprintf("%d", f->port);
		} else if (f->capability == CAP_SYS_ADMIN && streq(sc, "mount") && f->object &&
			   f->object_is_path) {
			advice_step(a, ALT_TMPFS, FIXOP_TMPFS)->target = xstrdup(f->object);
		} else if (f->capability == CAP_SYS_ADMIN && streq(sc, "sethostname")) {
			(void)advice_step(a, ALT_HOSTNAME, FIXOP_HOSTNAME);
		} else if (f->capability == CAP_NET_RAW && f->n_comms &&
			   streq(f->comms[0], "ping") && pings_by_datagram(f)) {
			op = advice_step(a, ALT_PING, FIXOP_SYSCTL);
			op->name = xstrdup("net.ipv4.ping_group_range");
			op->value = xstrdup("0 2147483647");
		}
	}
}

/* A rule for each capability an AppArmor profile refused. */
static void
apparmor_rules(struct advice *a)
{
	for (size_t i = 0; i < a->n_findings; i++) {
		const struct finding *f = a->findings[i];

		if (f->kind != FINDING_CAPABILITY || !f->profile || !caps_name(f->capability))
			continue;
		advice_step(a, CAPS_STEP_APPARMOR, FIXOP_APPARMOR_RULE)->name =
			xstrdup(caps_name(f->capability));
	}
}

/* The boolean that lets containers keep these capabilities (SELinux denials only). */
static void
selinux_booleans(struct advice *a, const struct cap_sources *src)
{
	a->boolean = src->all_caps_bool ? POLICY_ALL_CAPS_BOOLEAN
		     : a->n_caps        ? policy_boolean_for_cap(a->caps[0])
					: NULL;
	for (size_t i = 0; i < a->n_caps; i++) {
		const char *b = policy_boolean_for_cap(a->caps[i]);

		if (src->all_caps_bool && !streq(b, POLICY_ALL_CAPS_BOOLEAN))
			continue;
		advice_step(a, CAPS_STEP_BOOLEAN, FIXOP_BOOLEAN)->name = xstrdup(b);
		if (src->all_caps_bool)
			break;
	}
}

/* How sure the set is: failed syscalls with other causes, or SELinux alone (a lower bound). */
static void
caps_confidence(struct advice *a, const struct cap_sources *src)
{
	struct strbuf sb;

	if (src->unsure) {
		a->confidence = "medium";
		strbuf_init(&sb);
		for (size_t i = 0; i < a->n_findings; i++) {
			const struct finding *f = a->findings[i];

			if (f->kind == FINDING_SYSCALL && !f->rule->sure && f->rule->other_causes)
				strbuf_addf(&sb, "%s%s: %s", sb.len ? "; " : "", f->rule->name,
					    f->rule->other_causes);
		}
		a->confidence_note = strbuf_detach(&sb);
	} else if (!src->syscall && src->selinux) {
		a->confidence = "medium";
		a->confidence_note = xstrdup(CAPS_NOTE_AVC_ONLY);
	}
}

static void
advise_capabilities(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct cap_sources src = { 0 };
	struct advice *a;
	struct fixop *op;
	char *flags;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_CAPABILITIES, SEVERITY_MEDIUM);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = fs[i];
		int cap = finding_capability(f);

		advice_add_finding(a, f);
		add_cap(a, cap);
		src.userns |= f->in_user_ns;
		if (f->kind == FINDING_SYSCALL) {
			src.syscall = true;
			src.unsure |= !f->rule->sure;
		} else if (f->profile) {
			src.apparmor = true;
		} else {
			src.selinux = true;
			src.all_caps_bool |=
				streq(policy_boolean_for_cap(cap), POLICY_ALL_CAPS_BOOLEAN);
		}
	}
	/* A privilege drop refused at its group step asks for the user step next. */
	if (dropping_user(a)) {
		add_cap(a, CAP_SETUID);
		src.drops_user = true;
	}
	if (a->n_caps > 1)
		qsort(a->caps, a->n_caps, sizeof(a->caps[0]), compare_int);
	flags = spell_caps_flags(a->caps, a->n_caps);
	a->title = xasprintf(CAPS_TITLE, flags);
	free(flags);
	op = advice_step(a, CAPS_STEP, FIXOP_CAP_SET);
	fixop_set_caps(op, a->caps, a->n_caps);
	a->what = caps_what(a, &src);
	a->why = caps_why(&src);
	if (src.drops_user) {
		char *why = xasprintf("%s%s", a->why, CAPS_WHY_DROP);

		free(a->why);
		a->why = why;
		a->confidence = "medium";
	}
	for (size_t i = 0; i < a->n_caps; i++)
		if (a->caps[i] == CAP_SYS_ADMIN) {
			char *why = xasprintf("%s%s", a->why, CAPS_WHY_SYS_ADMIN);

			free(a->why);
			a->why = why;
		}
	for (size_t i = 0; i < a->n_caps; i++)
		if (a->caps[i] == CAP_SYS_TIME) {
			char *why = xasprintf("%s%s", a->why, CAPS_WHY_SYS_TIME);

			free(a->why);
			a->why = why;
			a->severity = SEVERITY_HIGH;
		}
	capability_alternatives(a);
	if (src.apparmor)
		apparmor_rules(a);
	if (src.selinux)
		selinux_booleans(a, &src);
	caps_confidence(a, &src);
}

const struct analyzer analyzer_noise = { "noise", claims_noise, advise_noise };
const struct analyzer analyzer_mac = { "mac", claims_mac, advise_mac };
const struct analyzer analyzer_capabilities = { "capabilities", claims_capabilities,
						advise_capabilities };
