/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table, its option parser (getopt_long over each command's own table), its help. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "leastpriv/cmd/command.h"
#include "leastpriv/base/util.h"

#define HELP_COLUMN 26
#define ID_HELP     (-1)

#define EXIT_STATUS_TEXT                                                                           \
	"Exit status: 0 nothing to change, 1 advice given, 2 usage error, 3 an input\n"            \
	"could not be read, 4 some input was malformed (the report covers the rest),\n"            \
	"5 a container failed and the log holds no evidence of why.\n"

const struct command *const commands[] = {
	&command_analyze, /* the report */
	&command_why,     /* one container */
	&command_fix,     /* its command or file, fixed */
	&command_rules,   /* the audit rules */
	&command_watch,   /* the auditd plugin */
	&command_report,  /* the scheduled report, with its history */
	&command_help,    &command_version, NULL,
};

const struct command *
command_named(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (streq(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static size_t
count_options(const struct command *cmd)
{
	size_t n = 0;

	while (cmd->options && cmd->options[n].name)
		n++;
	return n;
}

/* The commands, other than @cmd, that take option @name. */
static void
owners_of_option(const struct command *cmd, const char *name, struct strbuf *out)
{
	const char *found[16];
	size_t n = 0;

	for (size_t i = 0; commands[i] && n < 16; i++) {
		if (commands[i] == cmd)
			continue;
		for (size_t j = 0; commands[i]->options && commands[i]->options[j].name; j++)
			if (streq(commands[i]->options[j].name, name)) {
				found[n++] = commands[i]->name;
				break;
			}
	}
	/* 'a', 'b' and 'c' */
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s'%s'", i == 0 ? "" : i + 1 == n ? " and " : ", ", found[i]);
}

/* Why argv's option at @at was refused: another command's, or nobody's. */
static void
explain_bad_option(const struct command *cmd, char **argv, int at, int short_opt,
		   struct strbuf *err)
{
	const char *word = argv[at];
	char *name;
	struct strbuf owners;

	if (short_opt && !startswith(word, "--")) {
		strbuf_addf(err, "unknown or incomplete option '-%c' (see leastpriv %s --help)",
			    short_opt, cmd->name);
		return;
	}
	name = xstrndup(word + 2, strcspn(word + 2, "="));
	strbuf_init(&owners);
	owners_of_option(cmd, name, &owners);
	if (owners.len)
		strbuf_addf(err, "'--%s' is an option of %s, not of '%s' (see leastpriv %s --help)",
			    name, owners.buf, cmd->name, cmd->name);
	else
		strbuf_addf(err, "unknown or incomplete option '%s' (see leastpriv %s --help)",
			    word, cmd->name);
	strbuf_done(&owners);
	free(name);
}

int
command_parse(const struct command *cmd, int argc, char **argv, void *state, int *ret_argc,
	      char ***ret_argv, bool *ret_dashdash, bool *ret_help, struct strbuf *err)
{
	size_t n = count_options(cmd);
	struct option *longopts = xcalloc(n + 2, sizeof(*longopts));
	struct strbuf shorts;
	int opt, r = 0;

	strbuf_init(&shorts);
	strbuf_addch(&shorts, ':'); /* a missing argument is told from an unknown option */
	for (size_t i = 0; i < n; i++) {
		const struct option_spec *o = &cmd->options[i];

		longopts[i].name = o->name;
		longopts[i].has_arg = o->arg_name ? required_argument : no_argument;
		longopts[i].val = 0x100 + (int)i;
		if (o->short_name) {
			strbuf_addch(&shorts, o->short_name);
			if (o->arg_name)
				strbuf_addch(&shorts, ':');
		}
	}
	longopts[n].name = "help";
	longopts[n].val = 'h';
	strbuf_addch(&shorts, 'h');
	*ret_help = false;
	optind = 1; /* argv[0] is the command: getopt starts after it */
	opterr = 0;
	while (r == 0 && (opt = getopt_long(argc, argv, shorts.buf, longopts, NULL)) != -1) {
		const struct option_spec *o = NULL;

		if (opt == 'h') {
			*ret_help = true;
			continue;
		}
		if (opt >= 0x100 && opt < 0x100 + (int)n) {
			o = &cmd->options[opt - 0x100];
		} else if (opt != '?' && opt != ':') {
			for (size_t i = 0; i < n && !o; i++)
				if (cmd->options[i].short_name == opt)
					o = &cmd->options[i];
		}
		if (o) {
			r = cmd->on_option(state, o->id, optarg, err);
			continue;
		}
		if (opt == ':')
			strbuf_addf(err, "option '%s' needs a value (see leastpriv %s --help)",
				    argv[optind - 1], cmd->name);
		else
			explain_bad_option(cmd, argv, optind - 1,
					   optopt && optopt < 0x100 ? optopt : 0, err);
		r = -EINVAL;
	}
	*ret_dashdash = optind > 1 && optind <= argc && streq(argv[optind - 1], "--");
	*ret_argc = argc - optind;
	*ret_argv = argv + optind;
	free(longopts);
	strbuf_done(&shorts);
	return r;
}

/* "  -f, --format=FORMAT     text (default) or json" and its further lines. */
static void
option_help(const struct option_spec *o, struct strbuf *out)
{
	size_t start = out->len;
	const char *h = o->help;

	strbuf_addstr(out, "  ");
	if (o->short_name)
		strbuf_addf(out, "-%c, ", o->short_name);
	else
		strbuf_addstr(out, "    ");
	strbuf_addf(out, "--%s", o->name);
	if (o->arg_name)
		strbuf_addf(out, "=%s", o->arg_name);
	if (out->len - start + 1 > HELP_COLUMN) {
		strbuf_addch(out, '\n');
		start = out->len;
	}
	while (out->len - start < HELP_COLUMN)
		strbuf_addch(out, ' ');
	for (;;) {
		size_t len = strcspn(h, "\n");

		strbuf_add(out, h, len);
		strbuf_addch(out, '\n');
		if (!h[len])
			break;
		h += len + 1;
		strbuf_addf(out, "%*s", HELP_COLUMN, "");
	}
}

void
command_help_text(const struct command *cmd, struct strbuf *out)
{
	strbuf_addf(out, "Usage: leastpriv %s\n%s\n", cmd->usage, cmd->summary);
	strbuf_addch(out, '\n');
	for (size_t i = 0; cmd->options && cmd->options[i].name; i++)
		option_help(&cmd->options[i], out);
	option_help(&(struct option_spec){ "help", 'h', NULL, "show this help", ID_HELP }, out);
	if (cmd->details)
		strbuf_addf(out, "\n%s", cmd->details);
	strbuf_addstr(out, "\n" EXIT_STATUS_TEXT);
}

void
command_overview(struct strbuf *out)
{
	for (size_t i = 0; commands[i]; i++)
		strbuf_addf(out, "%s leastpriv %s\n", i ? "      " : "Usage:", commands[i]->usage);
	strbuf_addstr(out, "Read Linux audit logs and tell, per container, what was denied and the "
			   "smallest\nchange that fixes it.\n\nCommands:\n");
	for (size_t i = 0; commands[i]; i++)
		strbuf_addf(out, "  %-10s%s\n", commands[i]->name, commands[i]->brief);
	strbuf_addstr(
		out,
		"\nRun 'leastpriv COMMAND --help' for a command's options.\n\n" EXIT_STATUS_TEXT);
}
