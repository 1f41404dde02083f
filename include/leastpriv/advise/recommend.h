/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 5: the recommender.  It runs the analyzers (advise/analyzer.h) on each container's
 * findings, in the table's order, then orders the advice (severity, kind, title, the order it
 * was made) and gives each a stable id.  It writes nothing and spells nothing: advice holds fix
 * operations, which the dialect module spells when a renderer shows them.
 */
#ifndef LEASTPRIV_RECOMMEND_H
#define LEASTPRIV_RECOMMEND_H

#include "leastpriv/advise/analyzer.h"

/*
 * Set *ret up to give the advice of every container of @e (after evidence_finish()); it
 * borrows @e.  @seccomp_dir: where seccomp profiles will be written (their paths go into the
 * advice), or NULL.
 */
void recommend(const struct evidence *e, const char *seccomp_dir, struct advice_set *ret);
/*
 * The advice of the @i-th container, built now unless it was the last one asked for; valid
 * until the next call or advice_set_done().  Built again, a container's advice is the same.
 */
const struct container_advice *advice_set_get(struct advice_set *s, size_t i);
/*
 * Advice for one container, from @c (container and out set; the rest may be zero): every
 * finding to the first analyzer that claims it, then the order and the ids.  A container
 * built by hand works as well as one from the evidence.
 */
void recommend_container(struct advise_context *c);
/*
 * Whether anything of @ct shows Kubernetes (knowledge/engines.c says what does): its advice
 * is then for a pod spec (container_advice.kubernetes), known without building it.
 */
bool container_shows_kubernetes(const struct container *ct);

#endif
