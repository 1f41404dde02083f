/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SELinux contexts through libselinux's context_* API rather than by hand. */
#include <ctype.h>
#include <errno.h>
#include <selinux/context.h>

#include "leastpriv/attrib/selinux_ctx.h"
#include "leastpriv/base/util.h"

int
selinux_ctx_parse(struct strpool *pool, const char *s, struct selinux_ctx *ret)
{
	const char *user, *role, *type, *range, *colon;
	struct selinux_ctx c;
	context_t ctx;

	if (!s || !*s)
		return -EINVAL;
	/* Policy names use only these; anything else is a forged or corrupt record. */
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.:,-@^", *p))
			return -EINVAL;
	ctx = context_new(s);
	if (!ctx)
		return -EINVAL;
	user = context_user_get(ctx);
	role = context_role_get(ctx);
	type = context_type_get(ctx);
	range = context_range_get(ctx);
	if (!user || !role || !type || !*type) {
		context_free(ctx);
		return -EINVAL;
	}
	c.user = strpool_intern(pool, user);
	c.role = strpool_intern(pool, role);
	c.type = strpool_intern(pool, type);
	c.level = strpool_intern(pool, range ? range : "");
	c.is_range = strchr(c.level, '-') != NULL;
	colon = strchr(c.level, ':');
	c.categories =
		!c.is_range && colon ? strpool_intern(pool, colon + 1) : strpool_intern(pool, "");
	context_free(ctx);
	*ret = c;
	return 0;
}
