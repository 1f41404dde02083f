/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the event model: what libauparse gives us, normalized and decoded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leastpriv/ingest/event.h"

struct capture {
	struct event_parser *parser;
	void (*check)(const struct event *ev);
	size_t events;
};

static void
on_event(const struct event *ev, void *data)
{
	struct capture *c = data;

	c->events++;
	c->check(ev);
}

static void
on_raw(struct raw_event *raw, struct capture *c)
{
	const struct event *ev;

	event_parse_begin(c->parser, raw);
	while ((ev = event_parse_next(c->parser)))
		on_event(ev, c);
}

static void
take_events(struct correlator *corr, struct capture *c)
{
	struct raw_event *raw;

	while ((raw = correlate_next(corr)))
		on_raw(raw, c);
}

/* Group @log's records into events and check each parsed event with @check. */
static size_t
parse_log(const char *log, void (*check)(const struct event *ev))
{
	struct event_parser parser;
	struct capture c = { &parser, check, 0 };
	struct correlator corr;
	struct strpool pool;
	struct diag diag;
	const char *p = log;
	unsigned long line = 0;

	strpool_init(&pool);
	diag_init(&diag);
	assert_int_equal(event_parser_init(&parser, &diag), 0);
	correlate_init(&corr, &pool, &diag, 2000, NULL);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), from = 0;
		const char *why;
		struct record r;

		line++;
		while (record_scan(p, len, from, &r, &from, &why) == RECORD_FOUND) {
			correlate_add(&corr, &r, "t.log", line);
			take_events(&corr, &c);
		}
		p += len + (nl != NULL);
	}
	correlate_flush(&corr);
	take_events(&corr, &c);
	correlate_done(&corr);
	event_parser_done(&parser);
	diag_done(&diag);
	strpool_done(&pool);
	return c.events;
}

static void
check_file_denial(const struct event *ev)
{
	const struct avc *a = &ev->avcs[0];

	assert_int_equal(ev->n_avcs, 1);
	assert_true(a->denied);
	assert_int_equal(a->permissive, 1);
	assert_string_equal(a->perms, "read open");
	assert_string_equal(a->tclass, "file");
	assert_string_equal(a->scontext, "system_u:system_r:container_t:s0:c1,c2");
	assert_string_equal(a->name, "my file");
	assert_string_equal(a->dev, "dm-2");
	assert_int_equal(a->ino, 77);
	assert_int_equal(a->loc->line, 1);
	assert_true(ev->has_syscall);
	assert_int_equal(ev->arch, 0xc000003e);
	assert_string_equal(ev->syscall_name, "openat");
	assert_int_equal(ev->success, 0);
	assert_int_equal(ev->exit, -13);
	assert_int_equal(ev->auid, 1000);
	assert_int_equal(ev->pid, 42);
	assert_int_equal(ev->ppid, 41);
	assert_string_equal(ev->comm, "\x1b[31m");
	assert_string_equal(ev->exe, "/usr/bin/app");
	assert_string_equal(ev->cwd, "/srv");
	assert_int_equal(ev->n_paths, 1);
	assert_string_equal(ev->paths[0].name, "data/my file");
	assert_string_equal(ev->paths[0].nametype, "NORMAL");
	assert_int_equal(ev->paths[0].inode, 77);
	assert_string_equal(ev->proctitle, "cat data/my file");
	assert_int_equal(ev->syscall_loc->line, 2);
}

static void
test_file_denial(void **state)
{
	const char *log =
		"type=AVC msg=audit(1700000000.100:5): avc:  denied  { read open } for  pid=42 "
		"comm=1B5B33316D name=6D792066696C65 dev=\"dm-2\" ino=77 "
		"scontext=system_u:system_r:container_t:s0:c1,c2 "
		"tcontext=system_u:object_r:var_t:s0 tclass=file permissive=1\n"
		"type=SYSCALL msg=audit(1700000000.100:5): arch=c000003e syscall=257 success=no "
		"exit=-13 a0=ffffff9c a1=1 a2=0 a3=0 items=1 ppid=41 pid=42 auid=1000 uid=0 gid=0 "
		"comm=1B5B33316D exe=\"/usr/bin/app\" subj=system_u:system_r:container_t:s0:c1,c2 "
		"key=(null)\n"
		"type=CWD msg=audit(1700000000.100:5): cwd=\"/srv\"\n"
		"type=PATH msg=audit(1700000000.100:5): item=0 name=646174612F6D792066696C65 "
		"inode=77 dev=fd:02 mode=0100644 nametype=NORMAL\n"
		"type=PROCTITLE msg=audit(1700000000.100:5): "
		"proctitle=63617400646174612F6D792066696C65\n";

	(void)state;
	assert_int_equal(parse_log(log, check_file_denial), 1);
}

static void
check_aarch64_and_sockaddr(const struct event *ev)
{
	assert_string_equal(ev->syscall_name, "connect");
	assert_int_equal(ev->sock_family, 1);
	assert_string_equal(ev->sock_path, "/run/docker.sock");
	assert_string_equal(ev->avcs[0].path, "/run/docker.sock");
	assert_string_equal(ev->avcs[0].perms, "connectto");
}

static void
test_aarch64_connect_to_socket(void **state)
{
	const char *log =
		"type=AVC msg=audit(1700000001.000:6): avc:  denied  { connectto } for  pid=9 "
		"comm=\"docker\" path=\"/run/docker.sock\" "
		"scontext=system_u:system_r:container_t:s0:c5,c6 "
		"tcontext=system_u:system_r:container_runtime_t:s0 tclass=unix_stream_socket "
		"permissive=0\n"
		"type=SYSCALL msg=audit(1700000001.000:6): arch=c00000b7 syscall=203 success=no "
		"exit=-13 a0=3 items=0 ppid=1 pid=9 auid=4294967295 uid=0 comm=\"docker\" "
		"exe=\"/usr/bin/docker\" subj=system_u:system_r:container_t:s0:c5,c6 key=(null)\n"
		"type=SOCKADDR msg=audit(1700000001.000:6): "
		"saddr=01002F72756E2F646F636B65722E736F636B00\n"
		"type=PROCTITLE msg=audit(1700000001.000:6): proctitle=646F636B6572\n";

	(void)state;
	assert_int_equal(parse_log(log, check_aarch64_and_sockaddr), 1);
}

static void
check_inet_port(const struct event *ev)
{
	assert_int_equal(ev->sock_family, 2);
	assert_int_equal(ev->sock_port, 80);
	assert_int_equal(ev->avcs[0].capability, 10);
	assert_int_equal(ev->avcs[0].port, -1);
}

static void
test_bind_port(void **state)
{
	const char *log =
		"type=AVC msg=audit(1700000002.000:7): avc:  denied  { net_bind_service } for  "
		"pid=3 comm=\"nginx\" capability=10  "
		"scontext=system_u:system_r:container_t:s0:c1,c2 "
		"tcontext=system_u:system_r:container_t:s0:c1,c2 tclass=capability permissive=0\n"
		"type=SYSCALL msg=audit(1700000002.000:7): arch=c000003e syscall=49 success=no "
		"exit=-13 a0=6 items=0 ppid=1 pid=3 auid=4294967295 uid=0 comm=\"nginx\" "
		"exe=\"/usr/sbin/nginx\" subj=system_u:system_r:container_t:s0:c1,c2 key=(null)\n"
		"type=SOCKADDR msg=audit(1700000002.000:7): "
		"saddr=020000500000000000000000000000000\n"
		"type=PROCTITLE msg=audit(1700000002.000:7): proctitle=6E67696E78\n";

	(void)state;
	assert_int_equal(parse_log(log, check_inet_port), 1);
}

static void
check_execve(const struct event *ev)
{
	assert_int_equal(ev->argc, 5);
	assert_int_equal(ev->n_args, 5);
	assert_string_equal(ev->args[0], "podman");
	assert_string_equal(ev->args[1], "run");
	assert_string_equal(ev->args[2], "-v");
	assert_string_equal(ev->args[3], "/home/matt/my certs:/certs");
	assert_string_equal(ev->args[4], "registry:2");
}

static void
test_execve_with_split_argument(void **state)
{
	const char *log =
		"type=EXECVE msg=audit(1700000003.000:8): argc=5 a0=\"podman\" a1=\"run\" "
		"a2=\"-v\" a3_len=26 a3[0]=2F686F6D652F6D617474 "
		"a3[1]=2F6D792063657274733A2F6365727473 a4=\"registry:2\"\n"
		"type=PROCTITLE msg=audit(1700000003.000:8): proctitle=706F646D616E\n";

	(void)state;
	assert_int_equal(parse_log(log, check_execve), 1);
}

static void
check_user_avc(const struct event *ev)
{
	assert_int_equal(ev->n_avcs, 1);
	assert_true(ev->avcs[0].user_space);
	assert_true(ev->avcs[0].denied);
	assert_string_equal(ev->avcs[0].perms, "send_msg");
	assert_string_equal(ev->avcs[0].tclass, "dbus");
	assert_int_equal(ev->n_selinux_err, 0);
}

static void
test_user_avc(void **state)
{
	const char *log =
		"type=USER_AVC msg=audit(1700000004.000:9): pid=1 uid=81 auid=4294967295 "
		"ses=4294967295 subj=system_u:system_r:system_dbusd_t:s0 msg='avc:  denied  "
		"{ send_msg } for msgtype=method_call interface=org.x member=Y dest=org.x "
		"spid=5 tpid=6 scontext=system_u:system_r:container_t:s0:c1,c2 "
		"tcontext=system_u:system_r:init_t:s0 tclass=dbus permissive=0  "
		"exe=\"/usr/bin/dbus-daemon\" sauid=81 hostname=? addr=? terminal=?'\n";

	(void)state;
	assert_int_equal(parse_log(log, check_user_avc), 1);
}

static void
check_interpreted(const struct event *ev)
{
	assert_int_equal(ev->avcs[0].capability, 21);
	assert_string_equal(ev->avcs[0].comm, "systemd-notify");
	assert_int_equal(ev->n_selinux_err, 1);
}

static void
test_interpreted_and_selinux_err(void **state)
{
	const char *log =
		"type=AVC msg=audit(02/15/2024 10:55:23.848:260) : avc:  denied  { sys_admin } for "
		" "
		"pid=25969 comm=systemd-notify capability=sys_admin  "
		"scontext=system_u:system_r:container_t:s0:c1,c2 "
		"tcontext=system_u:system_r:container_t:s0:c1,c2 tclass=capability permissive=0\n"
		"type=SELINUX_ERR msg=audit(02/15/2024 10:55:23.848:260) : op=setxattr "
		"invalid_context=\"x_u:x_r:x_t:s0\"\n";

	(void)state;
	assert_int_equal(parse_log(log, check_interpreted), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_denial),
		cmocka_unit_test(test_aarch64_connect_to_socket),
		cmocka_unit_test(test_bind_port),
		cmocka_unit_test(test_execve_with_split_argument),
		cmocka_unit_test(test_user_avc),
		cmocka_unit_test(test_interpreted_and_selinux_err),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
