/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for inspect data and attribution by process ancestry. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "leastpriv/knowledge/engines.h"
#include "leastpriv/attrib/attribution.h"
#include "leastpriv/attrib/inspect.h"
#include "leastpriv/attrib/live.h"

static char *
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static const char *const DOCKER =
	"[{\"Id\": \"3f2a9c1b2d4e5f60718293a4b5c6d7e8f9\", "
	"\"Name\": \"/registry\", \"State\": {\"Pid\": 4242}, "
	"\"Config\": {\"Image\": \"registry:2\"}, "
	"\"ProcessLabel\": \"system_u:system_r:container_t:s0:c127,c779\", "
	"\"HostConfig\": {\"Privileged\": false, \"CapAdd\": null, "
	"\"CapDrop\": [\"ALL\"]}, \"Mounts\": ["
	"{\"Source\": \"/home/matt/certs\", \"Destination\": \"/certs\", "
	"\"Mode\": \"\", \"RW\": true},"
	"{\"Source\": \"/srv\", \"Destination\": \"/\", \"RW\": false}]}]\n";
static const char *const PODMAN = "{\"Id\": \"aa11\", \"Name\": \"web\", \"ImageName\": "
				  "\"localhost/web:latest\", \"State\": {\"Pid\": 77}, "
				  "\"EffectiveCaps\": [\"CAP_CHOWN\"], "
				  "\"HostConfig\": {\"Privileged\": true}}\n";

static void
test_load_files_and_directory(void **state)
{
	char dir[] = "/tmp/lp-insp-XXXXXX";
	struct inspect_set set = { 0 };
	const struct inspect_container *c;
	struct strbuf err;
	char *a, *b, id[13];

	(void)state;
	assert_non_null(mkdtemp(dir));
	a = write_file(dir, "a.json", DOCKER);
	b = write_file(dir, "b.json", PODMAN);
	strbuf_init(&err);
	assert_int_equal(inspect_load(&set, dir, &err), 0);
	assert_int_equal(set.n, 2);
	c = inspect_by_pid(&set, 4242);
	assert_non_null(c);
	assert_string_equal(c->name, "registry");
	assert_string_equal(c->image, "registry:2");
	assert_string_equal(c->cap_drop[0], "ALL");
	assert_null(c->cap_add[0]);
	inspect_short_id(c, id);
	assert_string_equal(id, "3f2a9c1b2d4e");
	assert_ptr_equal(inspect_by_level(&set, "s0:c127,c779"), c);
	assert_null(inspect_by_level(&set, "s0:c1,c779"));
	assert_string_equal(inspect_mount_for(c, "/certs/domain.crt")->source, "/home/matt/certs");
	assert_string_equal(inspect_mount_for(c, "/etc/x")->source, "/srv");
	assert_string_equal(inspect_mount_for(c, "/certsX")->source, "/srv");
	c = inspect_by_pid(&set, 77);
	assert_string_equal(c->image, "localhost/web:latest");
	assert_true(c->privileged);
	assert_string_equal(c->effective_caps[0], "CAP_CHOWN");
	inspect_set_done(&set);
	strbuf_done(&err);
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
}

static void
test_errors_name_file_and_position(void **state)
{
	char dir[] = "/tmp/lp-insp-XXXXXX";
	struct inspect_set set = { 0 };
	struct strbuf err;
	char *bad, *trailing, *scalar, *want;

	(void)state;
	assert_non_null(mkdtemp(dir));
	bad = write_file(dir, "bad.json", "[{\"Id\": \"x\",\n  \"Name\": }]");
	trailing = write_file(dir, "trailing.json", "{\"Id\": \"x\"} garbage");
	scalar = write_file(dir, "scalar.json", "42");
	strbuf_init(&err);
	assert_int_equal(inspect_load(&set, bad, &err), -EBADMSG);
	want = xasprintf("%s:2:11: ", bad);
	assert_memory_equal(err.buf, want, strlen(want));
	free(want);
	strbuf_reset(&err);
	assert_int_equal(inspect_load(&set, trailing, &err), -EBADMSG);
	assert_non_null(strstr(err.buf, "unexpected text after the JSON value"));
	strbuf_reset(&err);
	assert_int_equal(inspect_load(&set, scalar, &err), -EBADMSG);
	assert_non_null(strstr(err.buf, "expected an inspect object"));
	assert_int_equal(inspect_load(&set, "/nonexistent.json", &err), -ENOENT);
	assert_int_equal(set.n, 0);
	strbuf_done(&err);
	unlink(bad);
	unlink(trailing);
	unlink(scalar);
	rmdir(dir);
	free(bad);
	free(trailing);
	free(scalar);
}

static void
test_ancestry(void **state)
{
	struct inspect_container c = { .id = (char *)"abc", .name = (char *)"web", .pid = 100 };
	struct inspect_set set = { &c, 1, 1 };
	struct attribution a;
	struct strpool pool;

	(void)state;
	strpool_init(&pool);
	attribution_init(&a, &pool, &set);
	/* 100 is the container's init; 150 its child; 200 a grandchild. */
	attribution_note_process(&a, NULL, 150, 100);
	attribution_note_process(&a, NULL, 200, 150);
	attribution_note_process(&a, NULL, 300, 1); /* a host process */
	assert_ptr_equal(attribution_container_of(&a, NULL, 100, 90, NULL), &c);
	assert_ptr_equal(attribution_container_of(&a, NULL, 150, 100, NULL), &c);
	assert_ptr_equal(attribution_container_of(&a, NULL, 250, 200, NULL), &c);
	assert_null(attribution_container_of(&a, NULL, 301, 300, NULL));
	assert_null(attribution_container_of(&a, NULL, 999, 998, NULL)); /* unknown parent */
	/* Another node's pid 150 is another process. */
	assert_null(attribution_container_of(&a, "other", 250, 150, NULL));
	/* A loop from reused pids ends. */
	attribution_note_process(&a, NULL, 400, 401);
	attribution_note_process(&a, NULL, 401, 400);
	assert_null(attribution_container_of(&a, NULL, 402, 400, NULL));
	assert_true(engine_is_runtime_exe("/usr/bin/podman"));
	assert_true(engine_is_runtime_exe("/usr/libexec/podman/conmon"));
	assert_false(engine_is_runtime_exe("/bin/busybox"));
	attribution_done(&a);
	strpool_done(&pool);
}

/* A container the log saw start owns its pids until the runtime deletes it; then pids reused. */
static void
test_launch_lifetime(void **state)
{
	const char *create[] = { "/usr/bin/runc", "create", "--bundle", "/b", "abc123" };
	const char *del[] = { "/usr/bin/runc", "delete", "--force", "abc123" };
	struct inspect_set none = { 0 };
	const struct inspect_container *c;
	struct attribution a;
	struct strpool pool;

	(void)state;
	strpool_init(&pool);
	attribution_init(&a, &pool, &none);
	/* runc (pid 500, child of conmon 400) creates it; 600 is its first process */
	launches_note_exec(&a.launches, NULL, 500, 400, 100, create, 5);
	attribution_note_process(&a, NULL, 600, 400);
	attribution_event_start(&a, 150);
	c = attribution_container_of(&a, NULL, 600, 400, "/bin/busybox");
	assert_non_null(c);
	assert_string_equal(c->id, "abc123");
	launches_note_exec(&a.launches, NULL, 700, 1, 200, del, 4);
	attribution_event_start(&a, 200); /* the same second as the delete: still its own */
	assert_ptr_equal(attribution_container_of(&a, NULL, 600, 400, "/bin/busybox"), c);
	/* later, pid 600 is a host process the log did not see start */
	attribution_event_start(&a, 300);
	assert_null(attribution_container_of(&a, NULL, 600, 400, "/bin/busybox"));
	/* started again (a restart keeps the id): its pids are its own again */
	launches_note_exec(&a.launches, NULL, 500, 400, 400, create, 5);
	attribution_event_start(&a, 401);
	assert_ptr_equal(attribution_container_of(&a, NULL, 600, 400, "/bin/busybox"), c);
	attribution_done(&a);
	strpool_done(&pool);
}

#define ID "e593d034925b206334420bb28107bc4e9c93aa5379fd112faf87ab57684a3120"

static void
test_cgroup_patterns(void **state)
{
	const char *const texts[] = {
		"0::/system.slice/docker-" ID ".scope\n",
		"12:pids:/docker/" ID "\n",
		"0::/machine.slice/libpod-" ID ".scope/container\n",
		"9:name=systemd:/libpod_parent/libpod-" ID "\n",
		"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1_2.slice/"
		"cri-containerd-" ID ".scope\n",
		"0::/system.slice/containerd.service/"
		"kubepods-besteffort-podx.slice:cri-containerd:" ID "\n",
		"0::/kubepods.slice/crio-" ID ".scope\n",
	};
	char id[65];

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(live_parse_cgroup(texts[i], id), 0);
		assert_string_equal(id, ID);
	}
	/* The engines' monitors and host processes are no container. */
	assert_int_equal(live_parse_cgroup("0::/machine.slice/libpod-conmon-" ID ".scope\n", id),
			 -ENOENT);
	assert_int_equal(live_parse_cgroup("0::/system.slice/crio-conmon-" ID ".scope\n", id),
			 -ENOENT);
	assert_int_equal(live_parse_cgroup("0::/user.slice/user-1000.slice/session-3.scope\n", id),
			 -ENOENT);
	assert_int_equal(live_parse_cgroup("0::/docker/"
					   "E593D034925B\n",
					   id),
			 -ENOENT);
	assert_int_equal(live_container_of_pid(999999999, id), -ENOENT);
}

/* A docker record (trimmed from a real `docker inspect`): the run command made again. */
static const char *const DOCKER_FULL =
	"{\"Id\": \"437e66e4acc93290f109951c2928b29152ad678705e835108d4909bbfb299a5e\", "
	"\"Name\": \"/web\", \"Config\": {\"Hostname\": \"437e66e4acc9\", \"User\": \"0:0\", "
	"\"Env\": [\"MODE=a b\"], \"Cmd\": [\"-c\", \"sleep 1; exit 4\"], "
	"\"Entrypoint\": [\"/bin/sh\", \"-e\"], \"Image\": \"lp-bb:1\", \"WorkingDir\": \"/\", "
	"\"AttachStdout\": false, \"OpenStdin\": true, \"Tty\": true}, "
	"\"HostConfig\": {\"Binds\": [\"/srv/data:/data:ro,z\"], "
	"\"PortBindings\": {\"80/tcp\": [{\"HostIp\": \"\", \"HostPort\": \"8080\"}], "
	"\"53/udp\": [{\"HostIp\": \"127.0.0.1\", \"HostPort\": \"5353\"}]}, "
	"\"NetworkMode\": \"bridge\", \"RestartPolicy\": {\"Name\": \"on-failure\", "
	"\"MaximumRetryCount\": 3}, \"AutoRemove\": false, \"Privileged\": false, "
	"\"CapAdd\": [\"CHOWN\"], \"CapDrop\": [\"ALL\"], \"SecurityOpt\": "
	"[\"no-new-privileges\"], \"ReadonlyRootfs\": true, \"Devices\": [{\"PathOnHost\": "
	"\"/dev/fuse\", \"PathInContainer\": \"/dev/fuse\", \"CgroupPermissions\": \"rwm\"}], "
	"\"Tmpfs\": {\"/run\": \"size=1m\"}, \"Ulimits\": [{\"Name\": \"nofile\", \"Hard\": 2048, "
	"\"Soft\": 1024}], \"IpcMode\": \"private\", \"PidMode\": \"host\", "
	"\"NanoCpus\": 1500000000, \"Mounts\": [{\"Type\": \"volume\", \"Source\": \"cache\", "
	"\"Target\": \"/cache\", \"ReadOnly\": true}]}}";

static void
test_docker_run_rebuilt(void **state)
{
	struct inspect_set set = { 0 };
	struct strbuf err, joined;
	const struct inspect_container *c;

	(void)state;
	strbuf_init(&err);
	strbuf_init(&joined);
	assert_int_equal(inspect_load_text(&set, DOCKER_FULL, strlen(DOCKER_FULL), "t", &err), 0);
	c = &set.containers[0];
	assert_true(c->command_rebuilt);
	for (size_t i = 0; c->create_command[i]; i++)
		strbuf_addf(&joined, "%s%s", i ? "|" : "", c->create_command[i]);
	assert_string_equal(joined.buf,
			    "docker|run|-d|-i|-t|--name|web|--user|0:0|--workdir|/|-e|MODE=a b|"
			    "--cap-drop|ALL|--cap-add|CHOWN|--security-opt|no-new-privileges|"
			    "--read-only|-v|/srv/data:/data:ro,z|--mount|"
			    "type=volume,source=cache,target=/cache,readonly|--tmpfs|/run:size=1m|"
			    "--device|/dev/fuse:/dev/fuse|-p|8080:80|-p|127.0.0.1:5353:53/udp|"
			    "--pid|host|--restart|on-failure:3|--ulimit|nofile=1024:2048|"
			    "--cpus|1.5|--entrypoint|/bin/sh|lp-bb:1|-e|-c|sleep 1; exit 4");
	inspect_set_done(&set);
	/* podman's own command stays as podman recorded it */
	assert_int_equal(inspect_load_text(&set,
					   "{\"Id\": \"b\", \"ImageName\": \"x\", \"Config\": "
					   "{\"CreateCommand\": [\"podman\", \"run\", \"x\"]}, "
					   "\"HostConfig\": {}}",
					   100, "t", &err),
			 0);
	assert_false(set.containers[0].command_rebuilt);
	assert_string_equal(set.containers[0].create_command[0], "podman");
	inspect_set_done(&set);
	strbuf_done(&err);
	strbuf_done(&joined);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_files_and_directory),
		cmocka_unit_test(test_errors_name_file_and_position),
		cmocka_unit_test(test_ancestry),
		cmocka_unit_test(test_launch_lifetime),
		cmocka_unit_test(test_cgroup_patterns),
		cmocka_unit_test(test_docker_run_rebuilt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
