/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the analyzers, on findings built by hand: no log, no pipeline.  Each test
 * states the evidence and the advice it must give, as data (kind, facts, fix operations) and
 * as the dialects spell it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>

#include <cmocka.h>

#include "leastpriv/advise/recommend.h"
#include "leastpriv/dialect/spell.h"
#include "leastpriv/fix/seccomp_profile.h"
#include "leastpriv/base/util.h"

/* A container of @n findings; the caller fills them. */
struct fixture {
	struct container ct;
	struct finding f[8];
	struct finding *list[8];
	struct container_advice out;
};

static void
setup_container(struct fixture *x, enum subject_kind kind, size_t n)
{
	memset(x, 0, sizeof(*x));
	strcpy(x->ct.id, "c0ffee");
	x->ct.label = "container_t:s0:c1,c2";
	x->ct.type = "container_t";
	x->ct.level = "s0:c1,c2";
	x->ct.kind = kind;
	for (size_t i = 0; i < n; i++) {
		struct finding *f = &x->f[i];

		f->container = &x->ct;
		f->capability = -1;
		f->port = -1;
		f->count = 1;
		f->tlevel = "s0";
		f->tclass = "file";
		f->ttype = "user_home_t";
		snprintf(f->id, sizeof(f->id), "f%zu", i);
		x->list[i] = f;
	}
	x->ct.findings = x->list;
	x->ct.n_findings = n;
	x->ct.events = n;
}

static void
advise(struct fixture *x)
{
	struct advise_context c = { .container = &x->ct, .out = &x->out };

	recommend_container(&c);
}

static const struct advice *
only_advice(struct fixture *x, enum advice_kind kind)
{
	const struct advice *found = NULL;

	for (size_t i = 0; i < x->out.n_items; i++)
		if (x->out.items[i]->kind == kind) {
			assert_null(found);
			found = x->out.items[i];
		}
	assert_non_null(found);
	return found;
}

static void
assert_spelled(const struct fixop *op, enum target t, const char *want)
{
	char *got = spell_fixop(op, t);

	assert_string_equal(got, want);
	free(got);
}

/* A missing capability (a failed bind) and an SELinux capability denial: one set, sorted. */
static void
test_capability_set(void **state)
{
	static const char *setuid_perm[] = { "setuid" };
	const struct syscall_cap *rule = syscall_cap_lookup(0xc000003e, 49);
	struct fixture x;
	const struct advice *a;
	const struct fixop *op;

	(void)state;
	assert_non_null(rule);
	setup_container(&x, SUBJECT_CONTAINER, 2);
	x.f[0].kind = FINDING_SYSCALL;
	x.f[0].capability = CAP_NET_BIND_SERVICE;
	x.f[0].rule = rule;
	x.f[0].port = 80;
	x.f[0].syscalls[0] = "bind";
	x.f[0].n_syscalls = 1;
	x.f[1].kind = FINDING_CAPABILITY;
	x.f[1].tclass = "capability";
	x.f[1].perms = setuid_perm;
	x.f[1].n_perms = 1;
	x.f[1].capability = CAP_SETUID;
	advise(&x);
	a = only_advice(&x, ADVICE_CAPABILITIES);
	assert_int_equal(a->n_caps, 2);
	assert_int_equal(a->caps[0], CAP_SETUID);
	assert_int_equal(a->caps[1], CAP_NET_BIND_SERVICE);
	assert_int_equal(a->n_findings, 2);
	op = advice_find_op(a, FIXOP_CAP_SET);
	assert_non_null(op);
	assert_spelled(op, TARGET_RUN,
		       "--cap-drop=ALL --cap-add=SETUID --cap-add=NET_BIND_SERVICE");
	assert_spelled(op, TARGET_COMPOSE, "cap_drop: [ALL]\ncap_add: [SETUID, NET_BIND_SERVICE]");
	assert_spelled(op, TARGET_KUBERNETES,
		       "securityContext: {capabilities: {drop: [ALL], add: [SETUID, "
		       "NET_BIND_SERVICE]}}");
	assert_spelled(
		op, TARGET_QUADLET,
		"DropCapability=all\nAddCapability=CAP_SETUID\nAddCapability=CAP_NET_BIND_SERVICE");
	/* The narrower alternative to NET_BIND_SERVICE: the port from the evidence. */
	op = advice_find_op(a, FIXOP_SYSCTL);
	assert_non_null(op);
	assert_spelled(op, TARGET_RUN, "--sysctl net.ipv4.ip_unprivileged_port_start=80");
	/* SELinux refused one: the boolean that lets containers keep capabilities. */
	assert_non_null(advice_find_op(a, FIXOP_BOOLEAN));
	container_advice_done(&x.out);
}

/* ip's module-load probe is noise, MAC_ADMIN is never granted: neither joins the set. */
static void
test_noise_and_mac_never_join_the_set(void **state)
{
	struct fixture x;

	(void)state;
	setup_container(&x, SUBJECT_CONTAINER, 2);
	x.f[0].kind = FINDING_CAPABILITY;
	x.f[0].tclass = "capability";
	x.f[0].capability = CAP_SYS_MODULE;
	x.f[0].comms[0] = "ip";
	x.f[0].n_comms = 1;
	x.f[1].kind = FINDING_CAPABILITY;
	x.f[1].tclass = "capability2";
	x.f[1].capability = CAP_MAC_ADMIN;
	advise(&x);
	assert_int_equal(x.out.n_items, 2);
	assert_non_null(only_advice(&x, ADVICE_NOISE));
	assert_non_null(only_advice(&x, ADVICE_REVIEW));
	for (size_t i = 0; i < x.out.n_items; i++)
		assert_int_not_equal(x.out.items[i]->kind, ADVICE_CAPABILITIES);
	container_advice_done(&x.out);
}

/* A home directory file behind a volume: relabel; /etc: never, the alternative instead. */
static void
test_relabel_and_refused(void **state)
{
	static const char *read_perm[] = { "read" };
	struct fixture x;
	const struct advice *a;

	(void)state;
	setup_container(&x, SUBJECT_CONTAINER, 2);
	for (int i = 0; i < 2; i++) {
		x.f[i].kind = FINDING_FILE;
		x.f[i].perms = read_perm;
		x.f[i].n_perms = 1;
		x.f[i].object_is_path = true;
	}
	x.f[0].object = "/certs/domain.crt";
	x.f[1].object = "/etc/shadow";
	x.f[1].ttype = "shadow_t";
	advise(&x);
	a = only_advice(&x, ADVICE_RELABEL);
	assert_string_equal(a->mount_point, "/certs");
	assert_string_equal(a->relabel_option, "Z");
	assert_spelled(advice_find_op(a, FIXOP_VOLUME_RELABEL), TARGET_RUN, "-v HOST_DIR:/certs:Z");
	assert_spelled(advice_find_op(a, FIXOP_VOLUME_RELABEL), TARGET_COMPOSE,
		       "volumes: [\"HOST_DIR:/certs:Z\"]");
	a = only_advice(&x, ADVICE_RELABEL_REFUSED);
	assert_null(advice_find_op(a, FIXOP_VOLUME_RELABEL));
	assert_non_null(advice_find_op(a, FIXOP_DEDICATED_COPY));
	container_advice_done(&x.out);
}

/* The engine socket: critical, first, and its fix removes the mount the container used. */
static void
test_engine_socket_first(void **state)
{
	struct fixture x;
	const struct fixop *op;

	(void)state;
	setup_container(&x, SUBJECT_CONTAINER, 2);
	x.f[0].kind = FINDING_FILE;
	x.f[0].object = "/data/x";
	x.f[0].object_is_path = true;
	x.f[1].kind = FINDING_ENGINE_SOCKET;
	x.f[1].tclass = "sock_file";
	x.f[1].object = "/var/run/docker.sock";
	x.f[1].object_is_path = true;
	advise(&x);
	assert_true(x.out.n_items >= 2);
	assert_int_equal(x.out.items[0]->kind, ADVICE_ENGINE_SOCKET);
	assert_int_equal(x.out.items[0]->severity, SEVERITY_CRITICAL);
	op = advice_find_op(x.out.items[0], FIXOP_REMOVE_MOUNT);
	assert_non_null(op);
	assert_string_equal(op->target, "/var/run/docker.sock");
	assert_spelled(op, TARGET_RUN, "# delete:  -v /var/run/docker.sock:/var/run/docker.sock");
	container_advice_done(&x.out);
}

/* A privileged container: advice with no finding at all. */
static void
test_privileged_without_findings(void **state)
{
	struct fixture x;
	const struct advice *a;

	(void)state;
	setup_container(&x, SUBJECT_PRIVILEGED, 0);
	x.ct.label = "spc_t:s0";
	advise(&x);
	a = only_advice(&x, ADVICE_PRIVILEGED);
	assert_int_equal(a->severity, SEVERITY_HIGH);
	assert_non_null(advice_find_op(a, FIXOP_CONFINED_TRIAL));
	assert_int_equal(strlen(a->id), STABLE_ID_HEX);
	container_advice_done(&x.out);
}

/* Each finding goes to one analyzer: every finding is in exactly one advice. */
static void
test_every_finding_once(void **state)
{
	static const enum finding_kind kinds[] = { FINDING_FILE,     FINDING_NETWORK,
						   FINDING_OTHER,    FINDING_SECCOMP,
						   FINDING_APPARMOR, FINDING_CAPABILITY };
	struct fixture x;

	(void)state;
	setup_container(&x, SUBJECT_CONTAINER, ARRAY_SIZE(kinds));
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		x.f[i].kind = kinds[i];
		x.f[i].object = "thing";
		x.f[i].profile = "containers-default-0.50.1";
	}
	x.f[5].capability = -1; /* a capability denial that names none: reviewed */
	advise(&x);
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		size_t seen = 0;

		for (size_t j = 0; j < x.out.n_items; j++)
			for (size_t k = 0; k < x.out.items[j]->n_findings; k++)
				seen += x.out.items[j]->findings[k] == &x.f[i];
		assert_int_equal(seen, 1);
	}
	container_advice_done(&x.out);
}

/* ping_group_range helps iputils' ping, not busybox's (it opens a raw socket anyway). */
static void
test_ping_alternative_only_where_it_helps(void **state)
{
	const struct syscall_cap *rule = syscall_cap_lookup(0xc000003e, 41);
	const char *exes[] = { "/usr/bin/ping", "/bin/busybox" };

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct fixture x;
		const struct advice *a;

		setup_container(&x, SUBJECT_CONTAINER, 1);
		x.f[0].kind = FINDING_SYSCALL;
		x.f[0].capability = CAP_NET_RAW;
		x.f[0].rule = rule;
		x.f[0].comms[0] = "ping";
		x.f[0].n_comms = 1;
		x.f[0].exes[0] = exes[k];
		x.f[0].n_exes = 1;
		advise(&x);
		a = only_advice(&x, ADVICE_CAPABILITIES);
		if (k == 0)
			assert_non_null(advice_find_op(a, FIXOP_SYSCTL));
		else
			assert_null(advice_find_op(a, FIXOP_SYSCTL));
		container_advice_done(&x.out);
	}
}

/* SYS_TIME is the host's clock: high, and the advice says so. */
static void
test_sys_time_is_the_hosts_clock(void **state)
{
	const struct syscall_cap *rule = syscall_cap_lookup(0xc000003e, 227);
	struct fixture x;
	const struct advice *a;

	(void)state;
	assert_non_null(rule);
	setup_container(&x, SUBJECT_CONTAINER, 1);
	x.f[0].kind = FINDING_SYSCALL;
	x.f[0].capability = CAP_SYS_TIME;
	x.f[0].rule = rule;
	advise(&x);
	a = only_advice(&x, ADVICE_CAPABILITIES);
	assert_int_equal(a->severity, SEVERITY_HIGH);
	assert_non_null(strstr(a->why, "host's clock"));
	container_advice_done(&x.out);
}

/* The table itself: every analyzer named, found by name, claims and advises. */
static void
test_table(void **state)
{
	size_t n = 0;

	(void)state;
	for (; analyzers[n]; n++) {
		assert_non_null(analyzers[n]->claims);
		assert_non_null(analyzers[n]->advise);
		assert_ptr_equal(analyzer_named(analyzers[n]->name), analyzers[n]);
	}
	assert_true(n >= 10);
	assert_null(analyzer_named("nonexistent"));
}

/* Advice is built again for each renderer: a container keeps its profile name, another gets its
 * own. */
static void
test_seccomp_profile_names(void **state)
{
	struct hmap used;
	int first, second;
	char *a, *b, *again;

	(void)state;
	hmap_init(&used);
	a = seccomp_profile_path("/d", "web", &used, &first);
	b = seccomp_profile_path("/d", "web", &used, &second);
	again = seccomp_profile_path("/d", "web", &used, &first);
	assert_string_equal(a, "/d/seccomp-web.json");
	assert_string_equal(b, "/d/seccomp-web-2.json");
	assert_string_equal(again, a);
	free(a);
	free(b);
	free(again);
	hmap_done(&used, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capability_set),
		cmocka_unit_test(test_noise_and_mac_never_join_the_set),
		cmocka_unit_test(test_relabel_and_refused),
		cmocka_unit_test(test_engine_socket_first),
		cmocka_unit_test(test_privileged_without_findings),
		cmocka_unit_test(test_every_finding_once),
		cmocka_unit_test(test_ping_alternative_only_where_it_helps),
		cmocka_unit_test(test_sys_time_is_the_hosts_clock),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_seccomp_profile_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
