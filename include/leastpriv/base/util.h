/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers every stage uses: allocation that aborts on out-of-memory, scope cleanup and
 * ownership transfer.  Running out of memory is not a recoverable condition for a log analyzer.
 */
#ifndef LEASTPRIV_UTIL_H
#define LEASTPRIV_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define STRINGIFY_(x)     #x
#define STRINGIFY(x)      STRINGIFY_(x)
#define CLEANUP(f)        __attribute__((cleanup(f)))
#define UNUSED            __attribute__((unused))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* The number of strings of a NULL-terminated array (NULL: none). */
size_t strv_length(char *const *v);

/* Allocation wrappers: never return NULL; abort the program with a message instead. */
void *xmalloc(size_t size) __attribute__((malloc));
void *xcalloc(size_t n, size_t size) __attribute__((malloc));
void *xrealloc(void *p, size_t size);
/* Grow an array to hold at least @need elements of @elem bytes; updates *cap. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s) __attribute__((malloc));
char *xstrndup(const char *s, size_t n) __attribute__((malloc));
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2) __attribute__((malloc));

static inline void
freep(void *p)
{
	free(*(void **)p);
}
#define cleanup_free CLEANUP(freep)

/*
 * Take the pointer out of *pp and leave NULL behind, so that a cleanup handler does not free
 * what the caller now owns.  The (0 ? *(pp) : ...) form type-checks without statement
 * expressions.
 */
static inline void *
steal_ptr_impl(void *pp)
{
	void **p = pp;
	void *v = *p;

	*p = NULL;
	return v;
}
#define steal_ptr(pp) (0 ? (*(pp)) : (steal_ptr_impl(pp)))

static inline bool
streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Milliseconds of the monotonic clock: for deadlines, never for the log's times. */
int64_t monotonic_ms(void);

/* Whether @s (NULL: never) is one of the @n strings of @list: the knowledge tables' lookup. */
static inline bool
str_in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (streq(s, list[i]))
			return true;
	return false;
}

static inline bool
startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* True when the @n bytes at @s begin with the NUL-terminated @prefix. */
static inline bool
mem_startswith(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && memcmp(s, prefix, l) == 0;
}

/*
 * The first occurrence of the @m bytes of @needle in the @n bytes of @hay, or NULL.  A memchr()
 * for the first byte then memcmp(): much faster than memmem() for the short needles of the
 * audit format, whose first bytes are rare in records.
 */
const char *mem_find(const char *hay, size_t n, const char *needle, size_t m);

/*
 * The path @p with "//", "/./", "dir/.." and a trailing '/' taken out, as the kernel resolves
 * it (symlinks aside): "//var/run/" is /var/run.  Free the result.
 */
char *path_normalize(const char *p);

#endif
