/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * docker/podman run command lines as they appear in projects' READMEs and documentation:
 * parsed, rewritten by one fix plan, and compared word for word, so that the image, its
 * arguments and every unrelated flag are seen to come back as written.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wordexp.h>

#include <cmocka.h>

#include "leastpriv/dialect/runcmd.h"

struct example {
	const char *in, *out;
};

/* The plan: NET_BIND_SERVICE; /certs private, /data shared; label=disable not needed. */
static const struct example examples[] = {
#include "runcmd-examples.inc"
};

static const char *const caps[] = { "NET_BIND_SERVICE", NULL };

static struct fix_plan
plan(void)
{
	struct fix_plan p = { .caps = caps, .n_relabel = 2, .drop_label_disable = true };

	p.relabel[0].destination = "/certs";
	p.relabel[0].option = 'Z';
	p.relabel[1].destination = "/data";
	p.relabel[1].option = 'z';
	return p;
}

/* Split like a shell would (no command substitution), parse, fix, join. */
static char *
fix_line(const char *line, const struct fix_plan *p, struct run_command *ret_rc)
{
	struct fix_change *changes;
	struct run_command rc;
	struct strbuf err;
	char **argv, *joined;
	wordexp_t we;
	size_t n;

	assert_int_equal(wordexp(line, &we, WRDE_NOCMD | WRDE_UNDEF), 0);
	strbuf_init(&err);
	assert_int_equal(run_command_parse((int)we.we_wordc, we.we_wordv, 0, &rc, &err), 0);
	run_command_fix(&rc, p, &argv, &changes, &n);
	joined = run_command_join(argv);
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	fix_changes_free(changes, n);
	strbuf_done(&err);
	wordfree(&we);
	if (ret_rc)
		*ret_rc = rc;
	else
		run_command_done(&rc);
	return joined;
}

static void
test_examples(void **state)
{
	struct fix_plan p = plan();

	(void)state;
	assert_true(sizeof(examples) / sizeof(examples[0]) >= 30);
	for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		char *got = fix_line(examples[i].in, &p, NULL);

		if (strcmp(got, examples[i].out) != 0)
			fail_msg("%s\n  got:  %s\n  want: %s", examples[i].in, got,
				 examples[i].out);
		free(got);
	}
}

static void
test_image_and_arguments(void **state)
{
	struct fix_plan p = plan();
	struct run_command rc;
	char *got;

	(void)state;
	got = fix_line("docker run -itv /certs:/certs -p8080:80 --name=x -e A=1 img:1 -v --name y",
		       &p, &rc);
	assert_string_equal(rc.image, "img:1");
	assert_int_equal(rc.n_args, 3);
	assert_string_equal(rc.args[0], "-v");
	assert_string_equal(rc.args[2], "y");
	/* -itv: the group is split only because its -v changed. */
	assert_string_equal(got, "docker run -i -t -v /certs:/certs:Z -p8080:80 --name=x -e A=1 "
				 "--cap-drop=ALL --cap-add=NET_BIND_SERVICE "
				 "--security-opt=no-new-privileges img:1 -v --name y");
	free(got);
	run_command_done(&rc);
}

static void
test_socket_and_seccomp(void **state)
{
	struct fix_plan p = { .remove_engine_socket = true,
			      .keep_setuid = true,
			      .seccomp_profile = "/etc/lp/seccomp-ci.json" };
	char *got;

	(void)state;
	got = fix_line("docker run -v /var/run/docker.sock:/var/run/docker.sock "
		       "--security-opt seccomp=unconfined ci-runner",
		       &p, NULL);
	assert_string_equal(got, "docker run --security-opt=seccomp=/etc/lp/seccomp-ci.json "
				 "ci-runner");
	free(got);
}

/* The socket however a mount names it: CSV quoting, keys in any case, the last source, globs. */
static void
test_socket_spellings(void **state)
{
	static const struct {
		const char *value;
		bool mount, socket;
	} cases[] = {
		{ "/var/run/docker.sock:/s", false, true },
		{ "//run//:/s:ro", false, true },
		{ "/run/user/1000/podman/podman.sock:/s", false, true },
		{ "/var/run/docker.sock", false, false }, /* an anonymous volume at that path */
		{ "/srv/data:/data", false, false },
		{ "type=bind,src=/run/docker.sock,dst=/s", true, true },
		{ "type=bind,\"src=/run/docker.sock\",dst=/s", true, true },
		{ "type=bind,\"src=/run/a,\"\"b\",dst=/s", true, false },
		{ "type=BIND,SOURCE=/run,dst=/s", true, true },
		{ "src=/run,dst=/s", true, true }, /* no type: read as a bind */
		{ "type=bind,src=/x,src=/var/run,dst=/s", true, true },
		{ "type=bind,src=/var/run,src=/x,dst=/s", true, false },
		{ "type=glob,src=/run/*.sock,dst=/s", true, true },
		{ "type=glob,src=/r?n,dst=/s", true, true },
		{ "type=glob,src=/usr/lib/libfoo*,dst=/s", true, false },
		{ "type=volume,src=/run,dst=/s", true, false },
		{ "type=tmpfs,dst=/run", true, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = run_mount_is_engine_socket(cases[i].value, cases[i].mount);

		if (got != cases[i].socket)
			fail_msg("%s: %d", cases[i].value, got);
	}
}

/* The message run_command_parse() gives for @line, which must not parse. */
static void
check_error(const char *line, const char *want)
{
	struct run_command rc;
	struct strbuf err;
	wordexp_t we;

	assert_int_equal(wordexp(line, &we, WRDE_NOCMD | WRDE_UNDEF), 0);
	strbuf_init(&err);
	assert_int_equal(run_command_parse((int)we.we_wordc, we.we_wordv, 0, &rc, &err), -EINVAL);
	assert_string_equal(err.buf, want);
	strbuf_done(&err);
	wordfree(&we);
}

static void
test_errors(void **state)
{
	(void)state;
	check_error("docker ps -a", "not a docker/podman run command line (no \"run\")");
	check_error("podman run --rm -v /a:/b", "no image in the command line");
	check_error("docker run --name", "--name needs a value");
	check_error("docker run -it -p", "-p needs a value");
}

/* The grants of the command line @line (split like a shell), parsed strictly. */
static int
grants_of(const char *line, struct run_grants *g)
{
	struct run_command rc;
	struct strbuf err;
	wordexp_t we;
	int r;

	assert_int_equal(wordexp(line, &we, WRDE_NOCMD | WRDE_UNDEF), 0);
	strbuf_init(&err);
	r = run_command_parse((int)we.we_wordc, we.we_wordv, 0, &rc, &err);
	if (r == 0) {
		run_command_grants(&rc, g);
		run_command_done(&rc);
	}
	strbuf_done(&err);
	wordfree(&we);
	return r;
}

/*
 * Every spelling of a grant, in every place of a command line, with plans with and without
 * evidence: the rewrite never keeps --privileged or ALL, removes the socket when the plan
 * says, keeps a "--" before the image, and grants nothing its input did not (the check of
 * run_command_fix_checked() must hold; it is compared here again from the printed line).
 */
static void
test_hostile_commands(void **state)
{
	static const char *const grants[] = {
		"--privileged",
		"--privileged=t",
		"--privileged=T",
		"--privileged=1",
		"--privileged=True",
		"--privileged=TRUE",
		"--privileged=true",
		"--cap-add=ALL",
		"--cap-add=all",
		"--cap-add=CAP_ALL",
		"--cap-add=SYS_ADMIN,ALL",
		"--cap-add ALL,NET_RAW",
		"-v /var/run/docker.sock:/var/run/docker.sock",
		"-v //var/run/docker.sock:/s",
		"-v /var/run/:/r",
		"-v /run:/run",
		"-v /run/user/1000/podman/podman.sock:/s:ro",
		"--volume=/run/podman/podman.sock:/s",
		"--mount type=bind,source=/var/run/docker.sock,target=/s",
		"--mount=type=bind,src=/run/containerd/containerd.sock,dst=/c",
		"-v /var/lib/../run/docker.sock:/s",
		"-v /./run/./docker.sock:/s",
		"--security-opt label=disable",
		"--security-opt seccomp=unconfined",
		"--tz UTC",
		"--hosts-file /etc/hosts",
		"--preserve-fd 3",
		"--health-cmd true",
		"--health-interval 5s",
		"--health-start-period=1s",
		"-it",
		"-dit",
	};
	static const char *const engines[] = { "docker run", "podman run", "sudo podman run",
					       "docker container run" };
	static const char *const tails[] = { "img", "img --privileged", "-- --privileged img",
					     "-- -v img" };
	static const char *const caps_none[] = { NULL };
	struct fix_plan plans[3] = {
		{ .caps = caps, .n_relabel = 0 },
		{ .caps = caps_none, .remove_engine_socket = true },
		{ .caps = NULL },
	};

	(void)state;
	for (size_t e = 0; e < ARRAY_SIZE(engines); e++)
		for (size_t g = 0; g < ARRAY_SIZE(grants); g++)
			for (size_t t = 0; t < ARRAY_SIZE(tails); t++)
				for (size_t p = 0; p < ARRAY_SIZE(plans); p++) {
					char *line = xasprintf("%s %s %s", engines[e], grants[g],
							       tails[t]);
					struct run_grants in, out;
					char *got;

					/* podman's own options are unknown to docker. */
					if (grants_of(line, &in) != 0) {
						assert_non_null(strstr(engines[e], "docker"));
						assert_true(strstr(grants[g], "--tz") ||
							    strstr(grants[g], "--hosts-file") ||
							    strstr(grants[g], "--preserve-fd"));
						free(line);
						continue;
					}
					got = fix_line(line, &plans[p], NULL);
					if (grants_of(got, &out) != 0)
						fail_msg("%s\n  gave %s, which does not parse",
							 line, got);
					if (out.privileged || out.all_caps ||
					    (plans[p].remove_engine_socket && out.engine_socket))
						fail_msg("%s\n  kept a grant: %s", line, got);
					if (strstr(tails[t], "-- ") && !strstr(got, " -- "))
						fail_msg("%s\n  lost its --: %s", line, got);
					free(got);
					free(line);
				}
}

/* An option the engine does not have stops the rewrite; so does a boolean that is not one. */
static void
test_unknown_options_stop(void **state)
{
	(void)state;
	check_error("docker run --frobnicate x img",
		    "unknown option '--frobnicate' for docker run (known: docker 20.10.24 to "
		    "29.7.2); leastpriv does not guess whether it takes a value, so it rewrites "
		    "nothing");
	check_error("podman run -Z img",
		    "unknown option '-Z' for podman run (known: podman 4.3.1 to 5.8.2); leastpriv "
		    "does not guess whether it takes a value, so it rewrites nothing");
	check_error("docker run --privileged=yes img",
		    "--privileged: 'yes' is not a boolean (true or false)");
	check_error("docker --bogus run img",
		    "unknown option '--bogus' for docker itself (known: docker 20.10.24 to "
		    "29.7.2); leastpriv does not guess whether it takes a value, so it rewrites "
		    "nothing");
	/* docker has no --tz: the image is not taken to be "UTC". */
	check_error("docker run --tz UTC img",
		    "unknown option '--tz' for docker run (known: docker 20.10.24 to 29.7.2); "
		    "leastpriv does not guess whether it takes a value, so it rewrites nothing");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_image_and_arguments),
		cmocka_unit_test(test_socket_and_seccomp),
		cmocka_unit_test(test_socket_spellings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_hostile_commands),
		cmocka_unit_test(test_unknown_options_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
