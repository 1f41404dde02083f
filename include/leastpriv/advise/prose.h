/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sentences the advisors share: a finding's permissions, object and processes, a list of
 * denied files.  Strings go in raw, as logged; the renderers escape them.
 */
#ifndef LEASTPRIV_PROSE_H
#define LEASTPRIV_PROSE_H

#include "leastpriv/evidence/evidence.h"
#include "leastpriv/base/strbuf.h"

/* "read, write and open" */
void prose_perms(struct strbuf *sb, const struct finding *f);
/* Its path or name, or words saying the log named none. */
void prose_object(struct strbuf *sb, const struct finding *f);
/* "nginx, sh", or "a process" */
void prose_processes(struct strbuf *sb, const struct finding *f);
/* "read and open on /certs/domain.crt (file user_home_t, 3 times); ..." for at most five. */
void prose_files(struct strbuf *sb, const struct finding **fs, size_t n);
/* "SELinux denied " + prose_files() + "." */
char *prose_denied_files(const struct finding **fs, size_t n);

#endif
