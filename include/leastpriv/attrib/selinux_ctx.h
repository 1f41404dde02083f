/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SELinux security contexts, parsed with libselinux; parts are interned. */
#ifndef LEASTPRIV_SELINUX_CTX_H
#define LEASTPRIV_SELINUX_CTX_H

#include <stdbool.h>

#include "leastpriv/base/strpool.h"

struct selinux_ctx {
	const char *user, *role, *type; /* borrowed: interned */
	const char *level;              /* the MLS/MCS part ("s0:c127,c779"), or "" */
	const char *categories;         /* the categories of a single level ("c127,c779"), or "" */
	bool is_range; /* "s0-s0:c0.c1023": a host process's clearance, not a container's */
};

/*
 * Parse @s into *ret with parts interned in @pool.  Returns 0, or -EINVAL when @s is not a
 * context.  *ret is written only on success.
 */
int selinux_ctx_parse(struct strpool *pool, const char *s, struct selinux_ctx *ret);

#endif
