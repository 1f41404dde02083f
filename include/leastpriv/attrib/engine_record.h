/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One container's record from its engine: `podman inspect` or `docker inspect` of a name or
 * id, run as a program (no shell: the name is one argument), for a container that runs or has
 * exited.  Bounded like the engine API's answers: 16 MiB, 30 s.
 */
#ifndef LEASTPRIV_ENGINE_RECORD_H
#define LEASTPRIV_ENGINE_RECORD_H

#include "leastpriv/base/strbuf.h"

#define ENGINE_RECORD_MAX     (16 * 1024 * 1024)
#define ENGINE_RECORD_SECONDS 30

/*
 * The inspect JSON of container @name from the first engine that knows it (podman, then
 * docker), appended to @out; *ret_engine names that engine.  Returns 0, -ENOENT when no
 * engine knows the container (or none is installed), or -errno with a message in @err.
 */
int engine_record_fetch(const char *name, struct strbuf *out, const char **ret_engine,
			struct strbuf *err);

#endif
