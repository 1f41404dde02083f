/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options of `docker run` and `podman run`, and of the engines' own global options, as
 * each release defines them: generated from the engines' flag definitions by
 * tools/gen-engine-options.py (src/engine_options.c; the releases are listed there).  Knowing
 * whether every option takes a value is what finds the image in a command line: an option the
 * table does not know is an error for a rewrite, never a guess.
 */
#ifndef LEASTPRIV_ENGINE_OPTIONS_H
#define LEASTPRIV_ENGINE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

enum engine {
	ENGINE_DOCKER,
	ENGINE_PODMAN,
};

struct engine_option {
	const char *name;          /* the long name, without "--" */
	char shorthand;            /* its one-letter form, or 0 */
	bool value;                /* takes a value ("--name X" or "--name=X"); else a boolean */
	unsigned char first, last; /* the first and last release (index) that has it */
};

extern const char *const engine_podman_releases[];
extern const char *const engine_docker_releases[];
extern const char engine_podman_span[], engine_docker_span[]; /* "podman 4.3.1 to 5.8.2" */
extern const struct engine_option engine_podman_run[], engine_podman_global[];
extern const struct engine_option engine_docker_run[], engine_docker_global[];
extern const struct engine_option engine_podman_persistent[]; /* taken after "run" too */
extern const size_t engine_podman_run_count, engine_podman_global_count;
extern const size_t engine_docker_run_count, engine_docker_global_count;
extern const size_t engine_podman_persistent_count;

/* The option of @engine's run command (@global: its global options) named by the @len bytes
 * at @name, or NULL. */
const struct engine_option *engine_option_find(enum engine engine, bool global, const char *name,
					       size_t len);
/* The option whose shorthand is @c, or NULL. */
const struct engine_option *engine_option_short(enum engine engine, bool global, char c);

#endif
