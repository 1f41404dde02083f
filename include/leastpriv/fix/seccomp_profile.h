/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seccomp profiles for --security-opt seccomp=FILE: the runtime's default profile plus one rule
 * that allows exactly the syscalls a container was refused.
 */
#ifndef LEASTPRIV_SECCOMP_PROFILE_H
#define LEASTPRIV_SECCOMP_PROFILE_H

#include <stddef.h>

#include "leastpriv/base/hmap.h"
#include "leastpriv/base/strbuf.h"

/* Where podman's default profile is installed (containers-common). */
#define SECCOMP_DEFAULT_BASE "/usr/share/containers/seccomp.json"

/*
 * The file name for @container's profile in directory @dir: "DIR/seccomp-NAME.json", NAME
 * made of letters, digits, '.', '-' and '_' (with a hash of the label when it had other
 * characters, so that two labels never share a name), and, with @used (the names given in
 * this run, each to its @owner; may be NULL), a number when the name was given to another
 * owner already: asked again for the same owner, the same name.  Free the result.
 */
char *seccomp_profile_path(const char *dir, const char *container, struct hmap *used,
			   const void *owner);
/*
 * Write @path: the profile read from @base with a rule appended that allows the @n syscalls
 * @names.  The file is replaced whole and atomically (a temporary file of ours, created with
 * O_EXCL|O_NOFOLLOW, renamed over the name): a link at the name or as the directory is never
 * followed, and a failed write leaves the old file as it was.  Returns 0, or -errno with a
 * message in @err.
 */
int seccomp_profile_write(const char *base, const char *const *names, size_t n, const char *path,
			  struct strbuf *err);

#endif
