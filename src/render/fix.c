/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 6: what `leastpriv fix` prints: the rewritten command and why, or the fixed file. */
#include <errno.h>

#include "leastpriv/base/escape.h"
#include "leastpriv/base/jsonw.h"
#include "leastpriv/render/render.h"
#include "leastpriv/base/util.h"

int
render_fix_command(FILE *out, bool json, const char *label, char *const *argv,
		   const struct fix_change *changes, size_t n, const char *note)
{
	char *line = run_command_join(argv);
	struct strbuf sb;

	if (json) {
		struct jsonw w;

		jw_init(&w, out);
		jw_object_begin(&w, NULL);
		jw_text(&w, "container", label);
		/* The words for people; "command" is the exact line, shell-quoted. */
		jw_array_begin(&w, "argv");
		for (size_t i = 0; argv[i]; i++)
			jw_text(&w, NULL, argv[i]);
		jw_array_end(&w);
		jw_command(&w, "command", line);
		jw_array_begin(&w, "changes");
		for (size_t i = 0; i < n; i++) {
			jw_object_begin(&w, NULL);
			jw_text(&w, "what", changes[i].what);
			jw_text(&w, "why", changes[i].why);
			jw_object_end(&w);
		}
		jw_array_end(&w);
		jw_text(&w, "note", note);
		jw_object_end(&w);
		free(line);
		return jw_finish(&w);
	}
	strbuf_init(&sb);
	escape_command(&sb, line);
	fprintf(out, "%s\n", sb.buf);
	if (n)
		fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: %s", changes[i].what, changes[i].why);
		escape_display_line(&sb);
		fprintf(out, "  %s\n", sb.buf);
	}
	if (note) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, note);
		escape_display_line(&sb);
		fprintf(out, "\n%s\n", sb.buf);
	}
	strbuf_done(&sb);
	free(line);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}

int
render_fix_file(FILE *out, const struct strbuf *text)
{
	if (text->len && fwrite(text->buf, 1, text->len, out) != text->len)
		return -EIO;
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
