/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Spelling fixes.  The one place that knows how docker/podman run flags, compose service keys,
 * a Kubernetes securityContext, Quadlet [Container] keys and host shell commands are written:
 * it turns a fix operation (knowledge/fixop.h) into the text to paste in a target's syntax,
 * quoting every path and string as that syntax needs (shell words, YAML double quotes,
 * systemd unit values), so that no log string can break out of its place.
 */
#ifndef LEASTPRIV_SPELL_H
#define LEASTPRIV_SPELL_H

#include "leastpriv/knowledge/fixop.h"

/* The dialect a container's own options are written in. */
enum target {
	TARGET_RUN,        /* docker run / podman run flags */
	TARGET_COMPOSE,    /* docker compose service keys */
	TARGET_KUBERNETES, /* a container's securityContext */
	TARGET_QUADLET,    /* podman Quadlet [Container] keys */
	TARGET_MAX
};

/* "docker", "podman", "run", "compose", "kubernetes", "k8s", "quadlet"; -1 when unknown. */
int target_from_name(const char *name);
/* "run", "compose", "kubernetes", "quadlet". */
const char *target_name(enum target t);

/*
 * The text of @op for @target (host commands are the same for every target), one or more
 * lines; NULL for FIXOP_WORDS.  Free it.
 */
char *spell_fixop(const struct fixop *op, enum target target);
/*
 * Where a step's text goes when that depends on the target ("in the service of the compose
 * file"), or NULL to keep the step's own label.
 */
const char *spell_place(const struct fixop *op, enum target target);
/* "--cap-drop=ALL --cap-add=A --cap-add=B": a capability set as run flags, for prose. */
char *spell_caps_flags(const int *caps, size_t n);

#endif
