/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: run command lines.  EXECVE records of a program named docker or podman are
 * parsed with the same code, and a container can exec a program of that name with any
 * arguments: the parser and the rewriter must hold on any argv.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amplify.h"
#include "leastpriv/dialect/runcmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const caps[] = { "NET_BIND_SERVICE", "CHOWN", NULL };
	struct fix_plan plan = { .caps = caps,
				 .n_relabel = 1,
				 .drop_label_disable = true,
				 .seccomp_profile = "/p.json",
				 .remove_engine_socket = true };
	char *text = malloc(size + 1), **argv = NULL;
	struct fix_change *changes;
	struct run_command rc;
	struct strbuf err;
	char **out;
	size_t n, argc = 0;

	if (!text)
		return 0;
	plan.relabel[0].destination = "/data";
	plan.relabel[0].option = 'Z';
	memcpy(text, data, size);
	text[size] = '\0';
	/* Words are separated by newlines (NUL bytes end the text, as in a C string). */
	argv = calloc(size + 2, sizeof(*argv));
	for (char *p = text; argv && p && *p; argc++) {
		char *nl = strchr(p, '\n');

		argv[argc] = p;
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
	}
	strbuf_init(&err);
	if (argv && run_command_parse((int)argc, argv, 0, &rc, &err) == 0) {
		/* No rewrite may grant more than its input: a failed check is a finding. */
		if (run_command_fix_checked(&rc, &plan, &out, &changes, &n, &err) < 0)
			__builtin_trap();
		free(run_command_join(out));
		for (size_t i = 0; out[i]; i++)
			free(out[i]);
		free(out);
		fix_changes_free(changes, n);
		run_command_done(&rc);
	}
	strbuf_reset(&err);
	/* The reading of logs: any argv, never a crash. */
	if (argv && run_command_parse((int)argc, argv, RUN_PARSE_LENIENT, &rc, &err) == 0) {
		struct run_grants g;

		run_command_grants(&rc, &g);
		run_command_done(&rc);
	}
	strbuf_done(&err);
	free(argv);
	free(text);
	return 0;
}
