/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading json-c documents of other programs: a member that may be missing or mistyped. */
#ifndef LEASTPRIV_JSON_READ_H
#define LEASTPRIV_JSON_READ_H

#include <json-c/json.h>

/* The member @key of @o, or NULL when @o is not an object or has no such member. */
static inline json_object *
json_member(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

#endif
