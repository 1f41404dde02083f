/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The run command that makes a container again, rebuilt from its engine's inspect record, for
 * engines that keep none (docker: podman keeps Config.CreateCommand).  Carried over: name,
 * image, entrypoint and command, user, working directory, environment, detach and terminal
 * flags, privileges (--privileged, capabilities, security options, read-only root), volumes
 * and mounts, tmpfs, devices, ports, network, namespaces, restart policy, --rm, --init,
 * ulimits, sysctls, extra groups and hosts, memory, CPU and pids limits.  Not carried over:
 * labels (the image's are merged in) and options the record does not keep.
 */
#ifndef LEASTPRIV_DIALECT_REBUILD_H
#define LEASTPRIV_DIALECT_REBUILD_H

#include <json-c/json.h>

/*
 * `@client run ...` for the inspect object @container, NULL-terminated (free each word and the
 * array), or NULL when the record has no image to run.
 */
char **rebuild_run_command(json_object *container, const char *client);

#endif
