/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `leastpriv rules`: the audit rules that collect the evidence leastpriv reads. */
#ifndef LEASTPRIV_RULES_H
#define LEASTPRIV_RULES_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Write rules for /etc/audit/rules.d/ under key @key for processes of @arch ("x86_64" or
 * "aarch64"), each group with a comment on what it records and what it costs.  Returns 0, or
 * -EINVAL for an unknown @arch, -EIO when the stream failed.  @ancestry: also record every
 * execve, which ties processes to containers on hosts without SELinux labels (commented out
 * otherwise).
 */
int rules_render(FILE *out, const char *key, const char *arch, bool ancestry);

#endif
