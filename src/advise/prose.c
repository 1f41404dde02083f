/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sentences the advisors share. */
#include <string.h>

#include "leastpriv/advise/prose.h"
#include "leastpriv/base/util.h"

void
prose_perms(struct strbuf *sb, const struct finding *f)
{
	for (size_t i = 0; i < f->n_perms; i++) {
		if (i)
			strbuf_addstr(sb, i + 1 == f->n_perms ? " and " : ", ");
		strbuf_addstr(sb, f->perms[i]);
	}
}

void
prose_object(struct strbuf *sb, const struct finding *f)
{
	size_t len = f->object ? strlen(f->object) : 0;

	/* a directory's further objects, folded into one finding */
	if (f->folded && len > 2 && streq(f->object + len - 2, "/*"))
		strbuf_addf(sb, "further objects in %.*s (past the first %d there)", (int)(len - 2),
			    f->object, EVIDENCE_FOLD_AFTER);
	else
		strbuf_addstr(sb, f->object ? f->object : "(an object the log does not name)");
}

void
prose_processes(struct strbuf *sb, const struct finding *f)
{
	for (size_t i = 0; i < f->n_comms; i++) {
		strbuf_addstr(sb, i ? ", " : "");
		strbuf_addstr(sb, f->comms[i]);
	}
	if (f->n_comms == 0)
		strbuf_addstr(sb, "a process");
}

void
prose_files(struct strbuf *sb, const struct finding **fs, size_t n)
{
	for (size_t i = 0; i < n && i < 5; i++) {
		if (i)
			strbuf_addstr(sb, "; ");
		prose_perms(sb, fs[i]);
		strbuf_addstr(sb, " on ");
		prose_object(sb, fs[i]);
		strbuf_addf(sb, " (%s %s", fs[i]->tclass, fs[i]->ttype);
		if (fs[i]->count > 1)
			strbuf_addf(sb, ", %zu times", fs[i]->count);
		strbuf_addstr(sb, ")");
	}
	if (n > 5)
		strbuf_addf(sb, "; and %zu more", n - 5);
}

char *
prose_denied_files(const struct finding **fs, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELinux denied ");
	prose_files(&sb, fs, n);
	strbuf_addstr(&sb, ".");
	return strbuf_detach(&sb);
}
