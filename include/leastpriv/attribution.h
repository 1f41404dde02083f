/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 3: whose event is it?  A process's SELinux domain tells a container from the host: the
 * container domains (container_t and its relatives) run with one MCS category pair per container,
 * so (node, pair) names one container; spc_t is a container that runs unconfined (privileged or
 * label=disable); everything else, the engine and runtime included, is the host.
 */
#ifndef LEASTPRIV_ATTRIBUTION_H
#define LEASTPRIV_ATTRIBUTION_H

#include "leastpriv/hmap.h"
#include "leastpriv/selinux_ctx.h"
#include "leastpriv/strpool.h"

enum subject_kind {
	SUBJECT_HOST,       /* a host process */
	SUBJECT_ENGINE,     /* the container engine or runtime itself (a host process) */
	SUBJECT_CONTAINER,  /* a confined container process */
	SUBJECT_PRIVILEGED, /* a container process without SELinux confinement (spc_t) */
	SUBJECT_MAX
};

struct subject {
	enum subject_kind kind;
	struct selinux_ctx ctx;
};

struct attribution {
	struct strpool *pool; /* borrowed */
	struct hmap cache;    /* context text -> struct subject (contexts repeat endlessly) */
};

void attribution_init(struct attribution *a, struct strpool *pool);
void attribution_done(struct attribution *a);
/*
 * Classify the process whose SELinux context is @context.  Returns 0 and stores a subject that
 * lives as long as @a in *ret, or -EINVAL when @context does not parse.
 */
int attribution_classify(struct attribution *a, const char *context, const struct subject **ret);
/* "container", "privileged container", ... for messages. */
const char *subject_kind_name(enum subject_kind kind);

#endif
