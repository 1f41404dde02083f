/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seccomp profiles for --security-opt seccomp=FILE: the runtime's default profile plus one rule
 * that allows exactly the syscalls a container was refused.
 */
#ifndef LEASTPRIV_SECCOMP_PROFILE_H
#define LEASTPRIV_SECCOMP_PROFILE_H

#include <stddef.h>

#include "leastpriv/strbuf.h"

/* Where podman's default profile is installed (containers-common). */
#define SECCOMP_DEFAULT_BASE "/usr/share/containers/seccomp.json"

/*
 * The file name for @container's profile in directory @dir: "DIR/seccomp-NAME.json", with
 * NAME reduced to letters, digits, '.', '-' and '_'.  Free the result.
 */
char *seccomp_profile_path(const char *dir, const char *container);
/*
 * Write @path: the profile read from @base with a rule appended that allows the @n syscalls
 * @names.  Returns 0, or -errno with a message in @err.
 */
int seccomp_profile_write(const char *base, const char *const *names, size_t n, const char *path,
			  struct strbuf *err);

#endif
