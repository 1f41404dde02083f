/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 5: the recommender.  It turns each container's findings into advice: the smallest change
 * that makes the denied access work (a volume relabel, a capability set, a boolean) or, when
 * the access must not be granted (the engine socket, a system directory), why not and what to do
 * instead.  Facts come from container-selinux and the engines' documentation (see README).
 */
#ifndef LEASTPRIV_RECOMMEND_H
#define LEASTPRIV_RECOMMEND_H

#include <stddef.h>

#include "leastpriv/evidence/evidence.h"

/* The dialect fixes are written in. */
enum target {
	TARGET_RUN,        /* docker run / podman run flags */
	TARGET_COMPOSE,    /* docker compose service keys */
	TARGET_KUBERNETES, /* a container's securityContext */
	TARGET_QUADLET,    /* podman Quadlet [Container] keys */
	TARGET_MAX
};

/* "docker", "podman", "compose", "kubernetes", "quadlet" to a target; -1 when unknown. */
int target_from_name(const char *name);

enum severity {
	SEVERITY_CRITICAL, /* the container can take over the host */
	SEVERITY_HIGH,     /* the container runs with far more privilege than it needs */
	SEVERITY_MEDIUM,   /* the container is denied something it needs: a fix is given */
	SEVERITY_LOW,      /* worth a look; no change is needed or none can be derived */
	SEVERITY_MAX
};

enum advice_kind {
	ADVICE_ENGINE_SOCKET,   /* remove the engine socket from the container */
	ADVICE_PRIVILEGED,      /* the container ran unconfined (spc_t) */
	ADVICE_CAPABILITIES,    /* the capability set it needs, and the boolean that allows it */
	ADVICE_RELABEL,         /* :Z or :z on a volume */
	ADVICE_RELABEL_REFUSED, /* a system location: no relabel, an alternative instead */
	ADVICE_SHARED_CONTENT,  /* another container's private (:Z) content */
	ADVICE_BOOLEAN,         /* an SELinux boolean opens this kind of access */
	ADVICE_STORAGE,         /* the engine's own storage is mislabelled */
	ADVICE_NOISE,           /* a denial that needs no change (module autoload probes) */
	ADVICE_REVIEW,          /* no automatic fix: explain and point to a custom policy */
	ADVICE_SECCOMP,         /* a seccomp profile: the default plus exactly these syscalls */
	ADVICE_APPARMOR,        /* rules for a copy of the AppArmor profile */
	ADVICE_MAX
};

/* One ready-to-paste step.  @command is NULL for a step in words only. */
struct fix {
	char *label;   /* what the step does, in words */
	char *command; /* shell text; every path in it is quoted */
};

struct advice {
	enum advice_kind kind;
	enum severity severity;
	char *title; /* one line: what to change */
	char *what;  /* what failed, in plain words */
	char *why;   /* why this is the fix (or why the access must not be given) */
	struct fix *fixes;
	size_t n_fixes;
	const char *confidence;          /* "high", "medium" or "low" */
	char *confidence_note;           /* why not high; NULL when high */
	const struct finding **findings; /* the evidence (borrowed from the evidence store) */
	size_t n_findings;
	/* Kind-specific facts for machine-readable output. */
	char *mount_point;          /* RELABEL/REFUSED: guessed mount point in the container */
	const char *relabel_option; /* RELABEL: "Z" or "z" */
	const char *boolean;        /* BOOLEAN and CAPABILITIES: the SELinux boolean */
	char *profile_path;         /* SECCOMP with a seccomp dir: where its profile is written */
	int caps[64];               /* CAPABILITIES: the capability set, ascending */
	size_t n_caps;
};

struct container_advice {
	const struct container *container; /* borrowed */
	struct advice **items; /* each allocated on its own: pointers to them stay valid */
	size_t n_items;
};

struct report {
	struct container_advice *containers;
	size_t n_containers;
	size_t n_advice[SEVERITY_MAX];
};

/*
 * Build advice for every container of @e (after evidence_finish()).  The report borrows @e.
 * @seccomp_dir: where seccomp profiles will be written (their paths go into the advice), or
 * NULL.
 */
void recommend(const struct evidence *e, const char *seccomp_dir, enum target target,
	       struct report *ret);
void report_done(struct report *r);

const char *severity_name(enum severity s);
const char *advice_kind_name(enum advice_kind k);

#endif
