/* SPDX-License-Identifier: GPL-2.0-or-later */
/* leastpriv: finds the command, lets it parse its options and run, maps its outcome to a status. */
#include <locale.h>
#include <stdio.h>

#include "leastpriv/cmd/command.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/base/util.h"

/* The exit statuses of README, "Exit status". */
static int
exit_status(enum outcome o)
{
	static const int status[] = {
		[OUTCOME_CLEAN] = 0,       [OUTCOME_ADVICE] = 1,        [OUTCOME_USAGE] = 2,
		[OUTCOME_INPUT_ERROR] = 3, [OUTCOME_PARTIAL_INPUT] = 4, [OUTCOME_NO_EVIDENCE] = 5,
	};

	return o < ARRAY_SIZE(status) ? status[o] : 3;
}

static enum outcome
dispatch(int argc, char **argv)
{
	const struct command *cmd;
	struct strbuf err;
	enum outcome o;
	char **operands;
	int n_operands;
	bool dashdash, help;
	void *state;

	if (argc < 2) {
		fprintf(stderr,
			"leastpriv: no command given (try 'leastpriv analyze' or --help)\n");
		return OUTCOME_USAGE;
	}
	if (streq(argv[1], "--help") || streq(argv[1], "-h"))
		return command_help.run(NULL, 0, NULL, false);
	if (streq(argv[1], "--version") || streq(argv[1], "-V"))
		return command_version.run(NULL, 0, NULL, false);
	cmd = command_named(argv[1]);
	if (!cmd) {
		char *name = escape_display_dup(argv[1]);

		fprintf(stderr, "leastpriv: unknown command '%s' (try --help)\n", name);
		free(name);
		return OUTCOME_USAGE;
	}
	state = cmd->state_new();
	strbuf_init(&err);
	if (command_parse(cmd, argc - 1, argv + 1, state, &n_operands, &operands, &dashdash, &help,
			  &err) < 0) {
		char *m = escape_display_dup(err.buf);

		fprintf(stderr, "leastpriv: %s\n", m);
		free(m);
		o = OUTCOME_USAGE;
	} else if (help) {
		char *name = (char *)cmd->name;

		o = command_help.run(NULL, 1, &name, false);
	} else {
		o = cmd->run(state, n_operands, operands, dashdash);
	}
	strbuf_done(&err);
	cmd->state_free(state);
	return o;
}

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	return exit_status(dispatch(argc, argv));
}
