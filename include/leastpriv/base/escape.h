/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Making attacker-influenced text safe for each output.  comm, exe, paths and proctitle come from
 * processes inside containers: a terminal must never receive their control sequences, and a
 * suggested command must never let a path break out of its quotes.
 */
#ifndef LEASTPRIV_ESCAPE_H
#define LEASTPRIV_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#include "leastpriv/base/strbuf.h"

/*
 * Append @len bytes of @s to @out in display form: printable ASCII and well-formed UTF-8 pass
 * through; backslash becomes "\\"; control characters become \n, \t, \r or \xNN; C1 controls
 * and Unicode bidirectional/invisible format characters become \u{XXXX}; bytes that are not
 * UTF-8 become \xNN.  The result holds only printable characters and is always valid UTF-8.
 */
void escape_display(struct strbuf *out, const char *s, size_t len);
/* The same as escape_display() for a C string, returned as a new string (free it). */
char *escape_display_dup(const char *s);
/* Replace the content of @sb by its escape_display() form. */
void escape_display_line(struct strbuf *sb);
/*
 * Write @s (NULL: nothing) to @out in display form, then with XML's and HTML's five special
 * characters as entities: text in an element or a quoted attribute, never markup.
 */
void escape_markup(FILE *out, const char *s);

/*
 * Append @s to @out as a shell command is shown: printable ASCII as it is, any other byte as
 * \xNN.  Commands are built from shell_quote()d words, so this changes nothing in them; it
 * keeps a byte that should not be there from reaching a terminal.  Every renderer shows
 * commands through it, and everything else through escape_display().
 */
void escape_command(struct strbuf *out, const char *s);

/*
 * Append @s to @out as one shell word that a POSIX shell (and bash) reads back as exactly @s:
 * bare when it holds only safe characters, in single quotes otherwise, and in bash's $'...'
 * form with \xNN escapes when it holds bytes that are not printable ASCII (so the terminal
 * never receives them raw).
 */
void shell_quote(struct strbuf *out, const char *s);
/* shell_quote() into a new string (free it). */
char *shell_quote_dup(const char *s);

/*
 * Append @s as a YAML double-quoted scalar of printable ASCII: \" and \\ escaped, other
 * characters as \xNN, \uNNNN or \UNNNNNNNN.  A byte that is not UTF-8 cannot be held by YAML
 * at all and becomes the character \xNN.
 */
void yaml_quote(struct strbuf *out, const char *s);
/*
 * Append @s as one value of a systemd unit (a Quadlet key): bare when it holds only safe
 * characters, else in double quotes with \xNN escapes and % doubled (a specifier there).
 */
void unit_quote(struct strbuf *out, const char *s);

#endif
