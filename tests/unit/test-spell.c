/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the dialect module: each target's spelling of fix operations, and that no
 * string from the log (a path, a level) can leave its quotes in any of them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include <cmocka.h>

#include "leastpriv/dialect/spell.h"
#include "leastpriv/base/util.h"

/* Hostile: a quote of each kind, a newline, a tab, a percent, a backslash, UTF-8, a C1 byte. */
static const char hostile[] = "/data/it's \"x\"\n\tdone %n \\ caf\xc3\xa9 \xc2\x9b";

static char *
spell(const struct fixop *op, enum target t)
{
	char *s = spell_fixop(op, t);

	assert_non_null(s);
	return s;
}

/* The first scalar in a YAML flow sequence "key: [SCALAR]", read back by libyaml. */
static char *
yaml_first_scalar(const char *doc)
{
	yaml_parser_t p;
	yaml_event_t ev;
	char *found = NULL;
	int depth = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)doc, strlen(doc));
	while (!found && yaml_parser_parse(&p, &ev)) {
		bool end = ev.type == YAML_STREAM_END_EVENT;

		if (ev.type == YAML_SEQUENCE_START_EVENT)
			depth++;
		if (ev.type == YAML_SCALAR_EVENT && depth == 1)
			found = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	return found;
}

static void
assert_no_control_bytes(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7f));
}

static void
test_volume_quoting(void **state)
{
	struct fixop op = { .kind = FIXOP_VOLUME_RELABEL };
	char *want, *s, *back;

	(void)state;
	op.path = xstrdup(hostile);
	op.target = xstrdup("/in it");
	op.value = xstrdup("Z");
	for (int t = 0; t < TARGET_MAX; t++) {
		s = spell(&op, (enum target)t);
		assert_no_control_bytes(s);
		assert_null(strchr(s, '\n')); /* one line: nothing broke out of it */
		free(s);
	}
	/* compose: YAML reads back exactly the volume. */
	s = spell(&op, TARGET_COMPOSE);
	back = yaml_first_scalar(s);
	want = xasprintf("%s:/in it:Z", hostile);
	assert_non_null(back);
	assert_string_equal(back, want);
	free(back);
	free(want);
	free(s);
	/* quadlet: one unit value, in quotes, % doubled, controls escaped. */
	s = spell(&op, TARGET_QUADLET);
	assert_true(startswith(s, "Volume=\"/data/it's \\\"x\\\"\\x0a\\x09done %%n \\\\ caf"));
	free(s);
	fixop_done(&op);
}

static void
test_run_spelling(void **state)
{
	struct fixop op = { .kind = FIXOP_LABEL_DURABLE };
	char *s;

	(void)state;
	op.path = xstrdup("/srv/my data");
	s = spell(&op, TARGET_RUN);
	assert_string_equal(s, "semanage fcontext -a -t container_file_t -- '/srv/my data(/.*)?' "
			       "&& restorecon -Rv -- '/srv/my data'");
	free(s);
	/* A host command is the same whatever the target. */
	s = spell(&op, TARGET_KUBERNETES);
	assert_string_equal(s, "semanage fcontext -a -t container_file_t -- '/srv/my data(/.*)?' "
			       "&& restorecon -Rv -- '/srv/my data'");
	free(s);
	fixop_done(&op);
	assert_null(spell_fixop(&(struct fixop){ .kind = FIXOP_WORDS }, TARGET_RUN));
}

static void
test_seccomp(void **state)
{
	struct fixop op = { .kind = FIXOP_SECCOMP_WRITE };
	char *s;

	(void)state;
	op.names = xcalloc(3, sizeof(*op.names));
	op.names[op.n_names++] = xstrdup("keyctl");
	op.names[op.n_names++] = xstrdup("x'; rm -rf / #");
	op.names[op.n_names++] = xstrdup("unshare");
	s = spell(&op, TARGET_RUN);
	/* Only syscall names get into the jq program. */
	assert_non_null(strstr(s, "[\"keyctl\", \"unshare\"]"));
	assert_null(strstr(s, "rm -rf"));
	free(s);
	fixop_done(&op);
	op = (struct fixop){ .kind = FIXOP_SECCOMP_PROFILE,
			     .path = xstrdup("/etc/lp/seccomp-web.json") };
	s = spell(&op, TARGET_KUBERNETES);
	/* The kubelet takes a name under its seccomp directory, not a path. */
	assert_non_null(strstr(s, "localhostProfile: \"seccomp-web.json\""));
	free(s);
	s = spell(&op, TARGET_RUN);
	assert_string_equal(s, "--security-opt seccomp=/etc/lp/seccomp-web.json");
	free(s);
	fixop_done(&op);
}

static void
test_targets_by_name(void **state)
{
	(void)state;
	assert_int_equal(target_from_name("docker"), TARGET_RUN);
	assert_int_equal(target_from_name("podman"), TARGET_RUN);
	assert_int_equal(target_from_name("k8s"), TARGET_KUBERNETES);
	assert_int_equal(target_from_name("quadlet"), TARGET_QUADLET);
	assert_int_equal(target_from_name("swarm"), -1);
	for (int t = 0; t < TARGET_MAX; t++)
		assert_int_equal(target_from_name(target_name((enum target)t)), t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_volume_quoting),
		cmocka_unit_test(test_run_spelling),
		cmocka_unit_test(test_seccomp),
		cmocka_unit_test(test_targets_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
