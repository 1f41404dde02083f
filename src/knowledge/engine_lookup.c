/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lookups in the generated tables of the engines' run options. */
#include "leastpriv/knowledge/engine_options.h"
#include "leastpriv/base/util.h"

static void
table_of(enum engine engine, bool global, const struct engine_option **ret, size_t *ret_n)
{
	if (engine == ENGINE_PODMAN) {
		*ret = global ? engine_podman_global : engine_podman_run;
		*ret_n = global ? engine_podman_global_count : engine_podman_run_count;
	} else {
		*ret = global ? engine_docker_global : engine_docker_run;
		*ret_n = global ? engine_docker_global_count : engine_docker_run_count;
	}
}

/* The option named by the @len bytes at @name in the sorted table @t of @n. */
static const struct engine_option *
search(const struct engine_option *t, size_t hi, const char *name, size_t len)
{
	size_t lo = 0;

	/* The generator writes the tables sorted by name. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(t[mid].name, name, len);

		if (c == 0 && t[mid].name[len] != '\0')
			c = 1;
		if (c == 0)
			return &t[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct engine_option *
engine_option_find(enum engine engine, bool global, const char *name, size_t len)
{
	const struct engine_option *t, *o;
	size_t n;

	table_of(engine, global, &t, &n);
	o = search(t, n, name, len);
	/* podman's persistent options (cobra) are options of every subcommand too. */
	if (!o && engine == ENGINE_PODMAN && !global)
		o = search(engine_podman_persistent, engine_podman_persistent_count, name, len);
	return o;
}

const struct engine_option *
engine_option_short(enum engine engine, bool global, char c)
{
	/* One index per table, by the shorthand's byte, built at the first lookup. */
	static const struct engine_option *index[2][2][128];
	static bool built[2][2];
	const struct engine_option *t;
	size_t n;

	if (c <= 0)
		return NULL;
	if (!built[engine][global]) {
		table_of(engine, global, &t, &n);
		for (size_t i = 0; i < n; i++)
			if (t[i].shorthand > 0)
				index[engine][global][(unsigned char)t[i].shorthand] = &t[i];
		built[engine][global] = true;
	}
	return index[engine][global][(unsigned char)c];
}
