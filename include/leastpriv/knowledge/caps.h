/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capability names, through libcap, in the spellings each consumer wants. */
#ifndef LEASTPRIV_CAPS_H
#define LEASTPRIV_CAPS_H

#define CAPS_MAX 64

/*
 * The capability's name as docker, podman and Kubernetes take it ("NET_BIND_SERVICE"), or NULL
 * for a number outside 0..CAPS_MAX-1.  The string is static.
 */
const char *caps_name(int cap);
/*
 * The number of a capability named "net_bind_service", "NET_BIND_SERVICE" or
 * "CAP_NET_BIND_SERVICE" (as SELinux, the engines and Quadlet write them), or -1.
 */
int caps_from_name(const char *name);

/* A few words on what capability @cap allows ("bind to ports below 1024"), or NULL. */
const char *caps_meaning(int cap);

#endif
