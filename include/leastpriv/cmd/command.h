/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commands: a table of {name, usage, options, run}, one file each.  A command declares the
 * options it takes, with their help; the parser here reads argv against that table alone, so
 * an option of another command is refused with a message naming it, and `leastpriv COMMAND
 * --help` is written from the same table.  A command returns an outcome; only main maps
 * outcomes to exit statuses.
 */
#ifndef LEASTPRIV_COMMAND_H
#define LEASTPRIV_COMMAND_H

#include <stdbool.h>

#include "leastpriv/base/strbuf.h"

/* How a command ended; main maps each to an exit status (README, "Exit status"). */
enum outcome {
	OUTCOME_CLEAN,         /* nothing to change */
	OUTCOME_ADVICE,        /* advice given */
	OUTCOME_USAGE,         /* the command line is wrong */
	OUTCOME_INPUT_ERROR,   /* an input could not be read, or output not written */
	OUTCOME_PARTIAL_INPUT, /* some input was malformed: the report covers the rest */
	OUTCOME_NO_EVIDENCE,   /* a container failed and the log holds no evidence of why */
};

struct option_spec {
	const char *name;     /* long name, without "--" */
	char short_name;      /* 0 when none */
	const char *arg_name; /* NULL: the option takes no argument */
	const char *help;     /* one or more lines of help, each at most 52 columns */
	int id;               /* what the command's handler is told */
};

struct command {
	const char *name;
	const char *usage;   /* after "Usage: leastpriv ", as "analyze [OPTION]... [FILE]..." */
	const char *brief;   /* what it does, in one line of at most 66 columns */
	const char *summary; /* what it does, a few lines */
	const char *details; /* after the options, or NULL */
	const struct option_spec *options; /* terminated by an entry without a name */
	/*
	 * Take one option of the table (its id and argument); returns 0, or -EINVAL with a
	 * message in @err.  @state is the command's own.
	 */
	int (*on_option)(void *state, int id, const char *arg, struct strbuf *err);
	/*
	 * Run with the operands (the arguments that are not options); @state holds the options
	 * given; @after_dashdash: the operands came after "--".
	 */
	enum outcome (*run)(void *state, int argc, char **argv, bool after_dashdash);
	void *(*state_new)(void);
	void (*state_free)(void *state);
};

extern const struct command command_analyze, command_why, command_rules, command_fix, command_watch,
	command_report, command_help, command_version;
/* Every command, NULL-terminated. */
extern const struct command *const commands[];
const struct command *command_named(const char *name);

/*
 * Read @argv (argv[0] is the command's name) against @cmd's table into @state; the operands
 * (after the options, or after "--") are returned in *ret_argc and *ret_argv, and *ret_dashdash
 * says whether "--" came before them.  *ret_help is set when --help was given.  Returns 0, or
 * -EINVAL with a message in @err.
 */
int command_parse(const struct command *cmd, int argc, char **argv, void *state, int *ret_argc,
		  char ***ret_argv, bool *ret_dashdash, bool *ret_help, struct strbuf *err);
/* `leastpriv COMMAND --help`, from the table. */
void command_help_text(const struct command *cmd, struct strbuf *out);
/* The help of every command, for `leastpriv --help`. */
void command_overview(struct strbuf *out);

#endif
