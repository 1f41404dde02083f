/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `leastpriv help [COMMAND]` and `leastpriv version`. */
#include <errno.h>
#include <stdio.h>

#include "config.h"
#include "leastpriv/cmd/command.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/base/util.h"

static const struct option_spec no_options[] = { { 0 } };

static void *
no_state(void)
{
	return NULL;
}

static int
no_option(void *state, int id, const char *arg, struct strbuf *err)
{
	(void)state;
	(void)id;
	(void)arg;
	(void)err;
	return -EINVAL;
}

static void
no_free(void *state)
{
	(void)state;
}

static enum outcome
run_help(void *state, int argc, char **argv, bool after_dashdash)
{
	const struct command *cmd = argc == 1 ? command_named(argv[0]) : NULL;
	struct strbuf sb;

	(void)state;
	(void)after_dashdash;
	if (argc > 1 || (argc == 1 && !cmd)) {
		char *a = escape_display_dup(argv[0]);

		fprintf(stderr, "leastpriv: help: no command '%s' (try leastpriv --help)\n", a);
		free(a);
		return OUTCOME_USAGE;
	}
	strbuf_init(&sb);
	if (cmd)
		command_help_text(cmd, &sb);
	else
		command_overview(&sb);
	fputs(sb.buf, stdout);
	strbuf_done(&sb);
	return fflush(stdout) ? OUTCOME_INPUT_ERROR : OUTCOME_CLEAN;
}

static enum outcome
run_version(void *state, int argc, char **argv, bool after_dashdash)
{
	(void)state;
	(void)argv;
	(void)after_dashdash;
	if (argc) {
		fprintf(stderr, "leastpriv: version: takes no operand\n");
		return OUTCOME_USAGE;
	}
	printf("leastpriv %s\n", LEASTPRIV_VERSION);
	return fflush(stdout) ? OUTCOME_INPUT_ERROR : OUTCOME_CLEAN;
}

const struct command command_help = {
	.name = "help",
	.brief = "what the commands do, or one command's options",
	.usage = "help [COMMAND]",
	.summary = "Show what the commands do, or one command's options.",
	.options = no_options,
	.on_option = no_option,
	.run = run_help,
	.state_new = no_state,
	.state_free = no_free,
};

const struct command command_version = {
	.name = "version",
	.brief = "the version",
	.usage = "version",
	.summary = "Show the version.",
	.options = no_options,
	.on_option = no_option,
	.run = run_version,
	.state_new = no_state,
	.state_free = no_free,
};
