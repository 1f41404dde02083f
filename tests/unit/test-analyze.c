/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the whole pipeline on small logs: attribution, evidence and the recommender's
 * decisions (:Z or :z, refused system paths, the engine socket, capability sets).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/analysis/analysis.h"

#define CTR(c) "system_u:system_r:container_t:s0:" c

/* Feed @log to a run, in pieces of 7 bytes as a stream would come, and take its snapshot. */
static void
run(struct analysis *a, const char *log)
{
	static const char *const inputs[] = { "t.log", NULL };
	static const struct analysis_options opt = { .eoe_timeout_ms = 2000,
						     .inputs = inputs,
						     .n_inputs = 1 };
	size_t len = strlen(log);
	char *detail = NULL;

	assert_int_equal(analysis_open(a, &opt, &detail), ANALYSIS_STARTED);
	analysis_begin_input(a, "t.log");
	for (size_t at = 0; at < len; at += 7)
		analysis_feed(a, log + at, len - at < 7 ? len - at : 7);
	analysis_end_input(a);
	analysis_snapshot(a);
}

/* Step @k of @adv as the run dialect spells it (kept until the test ends). */
static const char *
step_text(const struct advice *adv, size_t k)
{
	static char *kept[64];
	static size_t n;
	char *t = spell_fixop(&adv->steps[k].op, TARGET_RUN);

	if (n == 64) {
		for (size_t i = 0; i < n; i++)
			free(kept[i]);
		n = 0;
	}
	kept[n++] = t;
	return t;
}

/* The advice of container @i: built when asked for, valid until the next call. */
static const struct container_advice *
advice_at(const struct analysis *a, size_t i)
{
	return advice_set_get((struct advice_set *)&a->advice, i);
}

static const struct container_advice *
find_container(const struct analysis *a, const char *label)
{
	for (size_t i = 0; i < a->advice.n_containers; i++)
		if (strcmp(a->advice.evidence->list[i]->label, label) == 0)
			return advice_at(a, i);
	return NULL;
}

static const struct advice *
find_advice(const struct container_advice *ca, enum advice_kind kind)
{
	for (size_t i = 0; ca && i < ca->n_items; i++)
		if (ca->items[i]->kind == kind)
			return ca->items[i];
	return NULL;
}

/* An open() denied by SELinux, as the kernel logs it: AVC, SYSCALL, CWD, PATH, PROCTITLE. */
static char *
denied_open(const char *node, long serial, const char *scontext, const char *name, const char *path,
	    unsigned long ino, const char *tcontext, const char *tclass)
{
	char *pfx = node ? xasprintf("node=%s ", node) : xstrdup("");
	const char *sp = "";

	const char *n = pfx;
	char *r = xasprintf(
		"%s%stype=AVC msg=audit(1763629921.%03ld:%ld): avc:  denied  { read } for  "
		"pid=4242 "
		"comm=\"app\" name=\"%s\" dev=\"dm-2\" ino=%lu scontext=%s tcontext=%s tclass=%s "
		"permissive=0\n"
		"%s%stype=SYSCALL msg=audit(1763629921.%03ld:%ld): arch=c000003e syscall=257 "
		"success=no exit=-13 a0=ffffff9c a1=7ffd a2=0 a3=0 items=1 ppid=4200 pid=4242 "
		"auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
		"tty=(none) "
		"ses=4294967295 comm=\"app\" exe=\"/usr/bin/app\" subj=%s key=(null)\n"
		"%s%stype=CWD msg=audit(1763629921.%03ld:%ld): cwd=\"/\"\n"
		"%s%stype=PATH msg=audit(1763629921.%03ld:%ld): item=0 name=\"%s\" inode=%lu "
		"dev=fd:02 mode=0100644 ouid=1000 ogid=1000 rdev=00:00 obj=%s nametype=NORMAL "
		"cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0\n"
		"%s%stype=PROCTITLE msg=audit(1763629921.%03ld:%ld): proctitle=617070\n",
		n, sp, serial % 1000, serial, name, ino, scontext, tcontext, tclass, n, sp,
		serial % 1000, serial, scontext, n, sp, serial % 1000, serial, n, sp, serial % 1000,
		serial, path, ino, tcontext, n, sp, serial % 1000, serial);

	free(pfx);
	return r;
}

static void
test_registry_gets_private_relabel(void **state)
{
	char *log = denied_open(NULL, 1, CTR("c127,c779"), "domain.crt", "/certs/domain.crt", 77,
				"unconfined_u:object_r:user_home_t:s0", "file");
	const struct container_advice *ca;
	const struct advice *adv;
	struct analysis a;

	(void)state;
	run(&a, log);
	assert_int_equal(a.advice.n_containers, 1);
	ca = find_container(&a, "container_t:s0:c127,c779");
	assert_non_null(ca);
	adv = find_advice(ca, ADVICE_RELABEL);
	assert_non_null(adv);
	assert_string_equal(adv->relabel_option, "Z");
	assert_string_equal(adv->mount_point, "/certs");
	assert_string_equal(step_text(adv, 0), "-v HOST_DIR:/certs:Z");
	assert_non_null(strstr(step_text(adv, 1), "semanage fcontext -a -t container_file_t"));
	assert_non_null(strstr(step_text(adv, 2), "chcon -Rt container_file_t"));
	assert_int_equal(adv->n_findings, 1);
	assert_string_equal(adv->findings[0]->object, "/certs/domain.crt");
	assert_int_equal(adv->findings[0]->count, 1);
	assert_true(a.report.counts.advice > 0);
	analysis_close(&a);
	free(log);
}

static void
test_shared_file_gets_shared_relabel(void **state)
{
	char *w = denied_open(NULL, 1, CTR("c12,c345"), "jobs.db", "/data/queue/jobs.db", 500,
			      "system_u:object_r:var_t:s0", "file");
	char *api = denied_open(NULL, 2, CTR("c400,c401"), "jobs.db", "/data/queue/jobs.db", 500,
				"system_u:object_r:var_t:s0", "file");
	char *rep = denied_open(NULL, 3, CTR("c7,c800"), "2025.csv", "/srv/reports/2025.csv", 600,
				"system_u:object_r:var_t:s0", "file");
	char *log = xasprintf("%s%s%s", w, api, rep);
	struct analysis a;

	(void)state;
	run(&a, log);
	assert_int_equal(a.advice.n_containers, 3);
	assert_string_equal(
		find_advice(find_container(&a, "container_t:s0:c12,c345"), ADVICE_RELABEL)
			->relabel_option,
		"z");
	assert_string_equal(
		find_advice(find_container(&a, "container_t:s0:c400,c401"), ADVICE_RELABEL)
			->relabel_option,
		"z");
	assert_string_equal(
		find_advice(find_container(&a, "container_t:s0:c7,c800"), ADVICE_RELABEL)
			->relabel_option,
		"Z");
	analysis_close(&a);
	free(log);
	free(w);
	free(api);
	free(rep);
}

/* No command anywhere in the report may relabel these. */
static void
assert_no_relabel(const struct analysis *a)
{
	for (size_t i = 0; i < a->advice.n_containers; i++) {
		const struct container_advice *ca = advice_at(a, i);

		for (size_t j = 0; j < ca->n_items; j++) {
			assert_int_not_equal(ca->items[j]->kind, ADVICE_RELABEL);
			for (size_t k = 0; k < ca->items[j]->n_steps; k++) {
				const char *c = step_text(ca->items[j], k);

				if (!c)
					continue;
				assert_null(strstr(c, "chcon"));
				assert_null(strstr(c, "semanage fcontext"));
				assert_null(strstr(c, "/etc:"));
				assert_null(strstr(c, "/home:"));
			}
		}
	}
}

static void
test_system_paths_are_never_relabelled(void **state)
{
	char *etc = denied_open(NULL, 1, CTR("c90,c91"), "etc", "/etc", 10,
				"system_u:object_r:etc_t:s0", "dir");
	char *home = denied_open(NULL, 2, CTR("c90,c91"), "home", "/home", 11,
				 "system_u:object_r:home_root_t:s0", "dir");
	char *shadow = denied_open(NULL, 3, CTR("c90,c91"), "shadow", "/etc/shadow", 12,
				   "system_u:object_r:shadow_t:s0", "file");
	char *hm = denied_open(NULL, 4, CTR("c92,c93"), "matt", "/home/matt", 13,
			       "unconfined_u:object_r:user_home_dir_t:s0", "dir");
	char *log = xasprintf("%s%s%s%s", etc, home, shadow, hm);
	struct analysis a;

	(void)state;
	run(&a, log);
	assert_int_equal(a.advice.n_containers, 2);
	assert_non_null(
		find_advice(find_container(&a, "container_t:s0:c90,c91"), ADVICE_RELABEL_REFUSED));
	assert_non_null(
		find_advice(find_container(&a, "container_t:s0:c92,c93"), ADVICE_RELABEL_REFUSED));
	assert_no_relabel(&a);
	analysis_close(&a);
	free(log);
	free(etc);
	free(home);
	free(shadow);
	free(hm);
}

static void
test_certificates_get_boolean(void **state)
{
	char *log = denied_open(NULL, 1, CTR("c90,c91"), "ca-bundle.crt",
				"/etc/pki/tls/certs/ca-bundle.crt", 10,
				"system_u:object_r:cert_t:s0", "file");
	const struct advice *adv;
	struct analysis a;

	(void)state;
	run(&a, log);
	adv = find_advice(find_container(&a, "container_t:s0:c90,c91"), ADVICE_BOOLEAN);
	assert_non_null(adv);
	assert_string_equal(adv->boolean, "container_read_certs");
	assert_string_equal(step_text(adv, 0), "setsebool -P container_read_certs on");
	assert_no_relabel(&a);
	analysis_close(&a);
	free(log);
}

static void
test_engine_socket_is_critical(void **state)
{
	const char *log =
		"type=AVC msg=audit(1763630000.100:50): avc:  denied  { connectto } for  pid=900 "
		"comm=\"docker\" path=\"/run/docker.sock\" scontext=" CTR(
			"c55,c66") " tcontext=system_u:system_r:container_runtime_t:s0 "
				   "tclass=unix_stream_socket "
				   "permissive=0\n";
	const struct advice *adv;
	struct analysis a;
	char *title;

	(void)state;
	run(&a, log);
	adv = find_advice(find_container(&a, "container_t:s0:c55,c66"), ADVICE_ENGINE_SOCKET);
	assert_non_null(adv);
	assert_int_equal(adv->severity, SEVERITY_CRITICAL);
	title = xstrdup(adv->title);
	assert_string_equal(advice_at(&a, 0)->items[0]->title, title);
	free(title);
	analysis_close(&a);
}

static void
test_capabilities(void **state)
{
	const char *log =
		"type=AVC msg=audit(1763630000.100:60): avc:  denied  { net_bind_service } for  "
		"pid=10 comm=\"nginx\" capability=10  scontext=" CTR("c3,c9") " tcontext=" CTR(
			"c3,c9") " tclass=capability permissive=0\n"
				 "type=AVC msg=audit(1763630000.200:61): avc:  denied  { "
				 "sys_module } for  pid=11 "
				 "comm=\"ip\" capability=16  scontext=" CTR("c3,c9") " tcontext=" CTR(
					 "c3,c9") " tclass=capability "
						  "permissive=0\n"
						  "type=AVC "
						  "msg=audit(1763630000."
						  "300:62): avc:  denied "
						  " { setuid } for  "
						  "pid=12 "
						  "comm=\"su\" "
						  "capability=7  "
						  "scontext=" CTR("c3,c9") " tcontext=" CTR(
							  "c3,c9") " tcla"
								   "ss="
								   "cap_"
								   "usern"
								   "s "
								   "permi"
								   "ssive"
								   "=0\n";
	const struct container_advice *ca;
	const struct advice *adv;
	struct analysis a;

	(void)state;
	run(&a, log);
	ca = find_container(&a, "container_t:s0:c3,c9");
	adv = find_advice(ca, ADVICE_CAPABILITIES);
	assert_non_null(adv);
	assert_int_equal(adv->n_caps, 2);
	assert_int_equal(adv->caps[0], 7);
	assert_int_equal(adv->caps[1], 10);
	assert_string_equal(step_text(adv, 0),
			    "--cap-drop=ALL --cap-add=SETUID --cap-add=NET_BIND_SERVICE");
	assert_string_equal(adv->boolean, "virt_sandbox_use_all_caps");
	/* The module-autoload probe of ip is noise, not a capability to grant. */
	assert_non_null(find_advice(ca, ADVICE_NOISE));
	assert_null(strstr(step_text(adv, 0), "SYS_MODULE"));
	analysis_close(&a);
}

static void
test_host_is_left_out_the_engine_kept(void **state)
{
	const char *log =
		"type=AVC msg=audit(1763630000.100:70): avc:  denied  { read } for  pid=1 "
		"comm=\"httpd\" name=\"x\" scontext=system_u:system_r:httpd_t:s0 "
		"tcontext=system_u:object_r:user_home_t:s0 tclass=file permissive=0\n"
		"type=AVC msg=audit(1763630000.200:71): avc:  denied  { read } for  pid=2 "
		"comm=\"podman\" name=\"y\" scontext=system_u:system_r:container_runtime_t:s0 "
		"tcontext=system_u:object_r:user_home_t:s0 tclass=file permissive=0\n"
		"type=AVC msg=audit(1763630000.300:72): avc:  denied  { read } for  pid=3 "
		"comm=\"bash\" name=\"z\" scontext=unconfined_u:unconfined_r:unconfined_t:"
		"s0-s0:c0.c1023 tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0\n";
	struct analysis a;

	(void)state;
	run(&a, log);
	/* the host's are left out; the engine's own is kept, as the policy's problem */
	assert_int_equal(a.advice.n_containers, 1);
	assert_int_equal(advice_at(&a, 0)->container->kind, SUBJECT_ENGINE);
	assert_non_null(find_advice(advice_at(&a, 0), ADVICE_POLICY_GAP));
	assert_int_equal(a.evidence.stats.host_denials, 2);
	assert_int_equal(a.evidence.stats.engine_denials, 1);
	analysis_close(&a);
}

static void
test_privileged_container(void **state)
{
	const char *log =
		"type=SYSCALL msg=audit(1763630000.100:80): arch=c000003e syscall=165 success=yes "
		"exit=0 a0=0 a1=0 a2=0 a3=0 items=2 ppid=1 pid=5 auid=1000 uid=0 gid=0 euid=0 "
		"suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3 comm=\"mount\" "
		"exe=\"/bin/mount\" subj=system_u:system_r:spc_t:s0 key=\"lp-priv\"\n"
		"type=PROCTITLE msg=audit(1763630000.100:80): proctitle=6D6F756E74\n";
	const struct container_advice *ca;
	struct analysis a;

	(void)state;
	run(&a, log);
	ca = find_container(&a, "spc_t:s0");
	assert_non_null(ca);
	assert_int_equal(ca->container->kind, SUBJECT_PRIVILEGED);
	assert_non_null(find_advice(ca, ADVICE_PRIVILEGED));
	analysis_close(&a);
}

static void
test_same_label_on_two_nodes(void **state)
{
	char *n1 = denied_open("web1", 1, CTR("c127,c779"), "domain.crt", "/certs/domain.crt", 77,
			       "unconfined_u:object_r:user_home_t:s0", "file");
	char *n2 = denied_open("web2", 1, CTR("c127,c779"), "domain.crt", "/certs/domain.crt", 77,
			       "unconfined_u:object_r:user_home_t:s0", "file");
	char *log = xasprintf("%s%s", n1, n2);
	struct analysis a;

	(void)state;
	run(&a, log);
	assert_int_equal(a.advice.n_containers, 2);
	assert_string_equal(advice_at(&a, 0)->container->node, "web1");
	assert_string_equal(advice_at(&a, 1)->container->node, "web2");
	/* Same device and inode numbers on two hosts are two files: :Z for each. */
	assert_string_equal(find_advice(advice_at(&a, 0), ADVICE_RELABEL)->relabel_option, "Z");
	analysis_close(&a);
	free(log);
	free(n1);
	free(n2);
}

static void
test_malformed_input_is_counted(void **state)
{
	const char *log = "garbage line\n"
			  "type=AVC msg=audit(abc:1): x\n"
			  "type=AVC msg=audit(1763629921.114:9): avc:  denied  {\n"
			  "\n";
	struct analysis a;

	(void)state;
	run(&a, log);
	assert_int_equal(a.diag.count[DIAG_NOT_A_RECORD], 1);
	assert_int_equal(a.diag.count[DIAG_BAD_HEADER], 1);
	assert_int_equal(a.diag.count[DIAG_INCOMPLETE], 1);
	assert_int_equal(a.lines.stats.by_type[1400], 2);
	assert_int_equal(a.lines.stats.blank_lines, 1);
	assert_true(diag_total(&a.diag) > 0);
	assert_string_equal(a.diag.kept[0].text,
			    "not an audit record (no \"type=... msg=audit(...)\" header, nor a "
			    "journal's rendering of one); line skipped");
	assert_int_equal(a.diag.kept[0].line, 1);
	analysis_close(&a);
}

/* A journal holds each kernel record twice, the printk line and journald's rendering: once. */
static void
test_journal_copies_once(void **state)
{
	const char *body = "avc:  denied  { read } for  pid=7 comm=\"app\" name=\"f\" dev=\"dm-0\" "
			   "ino=5 scontext=" CTR("c8,c9") " tcontext=system_u:object_r:var_t:s0 "
							  "tclass=file permissive=0";
	char *log =
		xasprintf("May 24 03:04:10 h kernel: audit: type=1400 audit(1779591850.123:456): "
			  "%s\nMay 24 03:04:10 h audit[7]: AVC %s\n"
			  "May 24 03:04:11 h audit[7]: AVC %s\n",
			  body, body, body);
	struct analysis a;

	(void)state;
	run(&a, log);
	assert_int_equal(a.lines.stats.duplicate_records, 1);
	assert_int_equal(a.lines.stats.rendered_records, 1);
	/* the third line is another denial (journald's copies never repeat): counted */
	assert_int_equal(a.evidence.stats.avc_denials, 2);
	analysis_close(&a);
	free(log);
}

/* Adding an entry is denied on the directory: its mount point is the directory, not the entry. */
static void
test_entry_denial_is_the_directory(void **state)
{
	const char *log =
		"type=AVC msg=audit(1763630000.100:95): avc:  denied  { add_name } for  pid=7 "
		"comm=\"app\" name=\"new.txt\" dev=\"dm-0\" ino=4242 scontext=" CTR(
			"c3,c4") " tcontext=system_u:object_r:var_t:s0 tclass=dir permissive=0\n"
				 "type=SYSCALL msg=audit(1763630000.100:95): arch=c000003e syscall=257 "
				 "success=no exit=-13 a0=ffffff9c a1=1 a2=241 a3=1b6 items=2 ppid=1 pid=7 "
				 "auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
				 "tty=(none) ses=4294967295 comm=\"app\" exe=\"/app\" key=(null)\n"
				 "type=CWD msg=audit(1763630000.100:95): cwd=\"/\"\n"
				 "type=PATH msg=audit(1763630000.100:95): item=0 name=\"/data/out/\" "
				 "nametype=PARENT\n"
				 "type=PATH msg=audit(1763630000.100:95): item=1 name=\"/data/out/new.txt\" "
				 "nametype=CREATE\n";
	const struct advice *adv;
	struct analysis a;

	(void)state;
	run(&a, log);
	adv = find_advice(find_container(&a, "container_t:s0:c3,c4"), ADVICE_RELABEL);
	assert_non_null(adv);
	assert_string_equal(adv->mount_point, "/data/out");
	analysis_close(&a);
}

static void
test_permissive_run_is_complete(void **state)
{
	const char *log =
		"type=AVC msg=audit(1763630000.100:90): avc:  denied  { write } for  pid=7 "
		"comm=\"app\" name=\"out\" dev=\"dm-0\" ino=5 scontext=" CTR(
			"c8,c9") " tcontext=system_u:object_r:var_t:s0 tclass=dir permissive=1\n";
	const struct advice *adv;
	struct analysis a;

	(void)state;
	run(&a, log);
	adv = find_advice(find_container(&a, "container_t:s0:c8,c9"), ADVICE_RELABEL);
	assert_non_null(adv);
	assert_non_null(strstr(adv->confidence_note, "complete list"));
	analysis_close(&a);
}

static void
test_caps_names(void **state)
{
	(void)state;
	assert_string_equal(caps_name(10), "NET_BIND_SERVICE");
	assert_string_equal(caps_name(0), "CHOWN");
	assert_string_equal(caps_name(40), "CHECKPOINT_RESTORE");
	assert_null(caps_name(-1));
	assert_int_equal(caps_from_name("net_bind_service"), 10);
	assert_int_equal(caps_from_name("CAP_SYS_ADMIN"), 21);
	assert_int_equal(caps_from_name("SYS_ADMIN"), 21);
	assert_int_equal(caps_from_name("12"), -1);
	assert_int_equal(caps_from_name("no_such_cap"), -1);
	assert_int_equal(caps_from_name(""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_gets_private_relabel),
		cmocka_unit_test(test_shared_file_gets_shared_relabel),
		cmocka_unit_test(test_system_paths_are_never_relabelled),
		cmocka_unit_test(test_certificates_get_boolean),
		cmocka_unit_test(test_engine_socket_is_critical),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_host_is_left_out_the_engine_kept),
		cmocka_unit_test(test_privileged_container),
		cmocka_unit_test(test_same_label_on_two_nodes),
		cmocka_unit_test(test_malformed_input_is_counted),
		cmocka_unit_test(test_journal_copies_once),
		cmocka_unit_test(test_entry_denial_is_the_directory),
		cmocka_unit_test(test_permissive_run_is_complete),
		cmocka_unit_test(test_caps_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
