/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advice as data: what the advisors produce and everything downstream reads.  An advice is a
 * kind and a severity, its facts for machines (capabilities, mount point, boolean, ...), its
 * prose, and its steps, each a label in words and a fix operation (knowledge/fixop.h) that the
 * dialect module spells for the target.  Prose holds log strings raw, exactly as logged: every
 * renderer escapes them for its own output.  This module owns the structures and their
 * building; the advisors (advise/analyzer.h) own what goes in them.
 */
#ifndef LEASTPRIV_ADVICE_H
#define LEASTPRIV_ADVICE_H

#include <stddef.h>

#include "leastpriv/base/hmap.h"
#include "leastpriv/evidence/evidence.h"
#include "leastpriv/knowledge/fixop.h"
#include "leastpriv/base/stable_id.h"

enum severity {
	SEVERITY_CRITICAL, /* the container can take over the host */
	SEVERITY_HIGH,     /* the container runs with far more privilege than it needs */
	SEVERITY_MEDIUM,   /* the container is denied something it needs: a fix is given */
	SEVERITY_LOW,      /* worth a look; no change is needed or none can be derived */
	SEVERITY_MAX
};

enum advice_kind {
	ADVICE_ENGINE_SOCKET,     /* remove the engine socket from the container */
	ADVICE_PRIVILEGED,        /* the container ran unconfined (spc_t) */
	ADVICE_CAPABILITIES,      /* the capability set it needs, and the boolean that allows it */
	ADVICE_RELABEL,           /* :Z or :z on a volume */
	ADVICE_RELABEL_REFUSED,   /* a system location: no relabel, an alternative instead */
	ADVICE_SHARED_CONTENT,    /* another container's private (:Z) content */
	ADVICE_BOOLEAN,           /* an SELinux boolean opens this kind of access */
	ADVICE_STORAGE,           /* the engine's own storage is mislabelled */
	ADVICE_NOISE,             /* a denial that needs no change (module autoload probes) */
	ADVICE_REVIEW,            /* no automatic fix: explain and point to a custom policy */
	ADVICE_SECCOMP,           /* a seccomp profile: the default plus exactly these syscalls */
	ADVICE_APPARMOR,          /* rules for a copy of the AppArmor profile */
	ADVICE_READONLY,          /* writes to a read-only volume or root file system */
	ADVICE_POLICY_GAP,        /* the policy is the bug: an update, or a local module */
	ADVICE_OTHER_CONFINEMENT, /* snapd's (or another non-engine) confinement refused it */
	ADVICE_MAX
};

/* One step: what it does in words, and the change itself (FIXOP_WORDS: nothing to type). */
struct advice_step {
	char *label;
	struct fixop op;
};

struct advice {
	enum advice_kind kind;
	enum severity severity;
	/* The class its denials were put in: the analyzer that claimed them ("engine_side"). */
	const char *class_name;
	size_t seq; /* the order it was made in, the last tie-break of the report's order */
	char id[STABLE_ID_HEX + 1]; /* the same evidence gives the same id on every run */
	char *title;                /* one line: what to change */
	char *what;                 /* what failed, in plain words */
	char *why;                  /* why this is the fix (or why the access must not be given) */
	struct advice_step *steps;
	size_t n_steps;
	const char *confidence;          /* "high", "medium" or "low" */
	char *confidence_note;           /* why not high; NULL when high */
	const struct finding **findings; /* the evidence (borrowed from the evidence store) */
	size_t n_findings;
	/* Kind-specific facts for machine-readable output. */
	char *mount_point;          /* RELABEL/REFUSED: guessed mount point in the container */
	const char *relabel_option; /* RELABEL: "Z" or "z" */
	const char *boolean;        /* BOOLEAN and CAPABILITIES: the SELinux boolean */
	char *profile_path;         /* SECCOMP with a seccomp dir: where its profile is written */
	int *caps;                  /* CAPABILITIES: the capability set, ascending */
	size_t n_caps;
};

struct container_advice {
	const struct container *container; /* borrowed */
	struct advice **items; /* each allocated on its own: pointers to them stay valid */
	size_t n_items;
	/* Syscalls a logging seccomp profile allowed and logged (action log): nothing refused. */
	size_t seccomp_logged;
	/* The evidence shows Kubernetes: fixes are for a pod spec, where no :Z exists. */
	bool kubernetes;
};

/*
 * The advice of every container of a run, in the evidence's order of containers, built one
 * container at a time when it is asked for (advice_set_get(), advise/recommend.h): memory
 * holds one container's advice, however many containers a report covers.
 */
struct advice_set {
	size_t n_containers;
	/* private to the recommender: what building one container's advice needs */
	const struct evidence *evidence;
	const char *seccomp_dir;
	struct hmap sharers; /* object_key -> (uintptr_t) how many containers were denied it */
	struct hmap profile_names; /* seccomp profile paths given, to the container given each */
	struct container_advice current;
	size_t current_index; /* of current; SIZE_MAX: none */
};

/* A new advice of @ca, with high confidence until its advisor says otherwise. */
struct advice *advice_new(struct container_advice *ca, enum advice_kind kind, enum severity sev);
void advice_add_finding(struct advice *a, const struct finding *f);
/* Add a step labelled @label doing @kind; fill the returned operation's arguments. */
struct fixop *advice_step(struct advice *a, const char *label, enum fixop_kind kind);
/* Add a step in words only. */
void advice_words(struct advice *a, const char *label);
/* The first step of @a doing @kind, or NULL. */
const struct fixop *advice_find_op(const struct advice *a, enum fixop_kind kind);
void container_advice_done(struct container_advice *ca);
void advice_set_done(struct advice_set *s);

const char *severity_name(enum severity s);
/* The severity named @name ("critical"), or -1. */
int severity_from_name(const char *name);
const char *advice_kind_name(enum advice_kind k);

#endif
