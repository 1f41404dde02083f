/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advisor: writes refused with EROFS.  The file system is read-only: a volume mounted :ro
 * (make that one writable, if the container is meant to write there), or the container's root
 * file system under --read-only (keep it, and give the directory it writes to a tmpfs).
 */
#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/base/util.h"

#define TITLE_VOLUME  "mount the volume at %s read-write: the container writes to it"
#define TITLE_ROOT    "give %s a tmpfs: the container writes there on a read-only root"
#define TITLE_UNKNOWN "let the container write to %s: its file system is read-only"
#define WHAT          "Writes failed on a read-only file system (EROFS): "
#define WHY_VOLUME                                                                                 \
	"The volume is mounted read-only (:ro), so no capability or label helps. If the "          \
	"container is meant to write there, mount it read-write; if not, the program writes "      \
	"where it should not."
#define WHY_ROOT                                                                                   \
	"The container runs with a read-only root file system (--read-only). Keep it read-only "   \
	"and give the one directory it writes to a tmpfs (scratch space, lost at exit)."
#define WHY_UNKNOWN                                                                                \
	"Without the container's mounts (its inspect data) the log cannot tell a volume mounted "  \
	":ro from a read-only root: either make that volume read-write, or give the directory "    \
	"a tmpfs."
#define STEP_VOLUME  "mount it without :ro"
#define STEP_TMPFS   "a tmpfs for the directory it writes to"
#define NOTE_UNKNOWN "The mounts are not known: which of the two applies is not."

static bool
claims_readonly(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_READONLY;
}

/* The directory a write went to: the path's parent (a created file's directory). */
static char *
directory_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!slash)
		return xstrdup("/PATH/IN/CONTAINER");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static void
advise_one(struct advise_context *c, const struct finding *f)
{
	const struct inspect_container *info = c->container->info;
	const struct inspect_mount *m =
		info && f->object_is_path ? inspect_mount_for(info, f->object) : NULL;
	bool known = info && info->n_mounts + (info->image && *info->image) > 0;
	struct advice *a = advice_new(c->out, ADVICE_READONLY, SEVERITY_MEDIUM);
	char *dir = directory_of(f->object);
	struct strbuf sb;
	struct fixop *op;

	advice_add_finding(a, f);
	strbuf_init(&sb);
	strbuf_addstr(&sb, WHAT);
	prose_perms(&sb, f);
	strbuf_addstr(&sb, " on ");
	prose_object(&sb, f);
	strbuf_addstr(&sb, " by ");
	prose_processes(&sb, f);
	strbuf_addch(&sb, '.');
	a->what = strbuf_detach(&sb);
	if (m && !m->rw) {
		a->mount_point = xstrdup(m->destination);
		a->title = xasprintf(TITLE_VOLUME, m->destination);
		a->why = xstrdup(WHY_VOLUME);
		op = advice_step(a, STEP_VOLUME, FIXOP_VOLUME_WRITABLE);
		op->path = xstrdup(m->source);
		op->target = xstrdup(m->destination);
	} else if (known && !m) {
		a->title = xasprintf(TITLE_ROOT, dir);
		a->why = xstrdup(WHY_ROOT);
		advice_step(a, STEP_TMPFS, FIXOP_TMPFS)->target = xstrdup(dir);
	} else {
		a->title = xasprintf(TITLE_UNKNOWN, dir);
		a->why = xstrdup(WHY_UNKNOWN);
		op = advice_step(a, STEP_VOLUME, FIXOP_VOLUME_WRITABLE);
		op->target = xstrdup(dir);
		advice_step(a, STEP_TMPFS, FIXOP_TMPFS)->target = xstrdup(dir);
		a->confidence = "medium";
		a->confidence_note = xstrdup(NOTE_UNKNOWN);
	}
	free(dir);
}

static void
advise_readonly(struct advise_context *c, const struct finding **fs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		advise_one(c, fs[i]);
}

const struct analyzer analyzer_readonly = { "readonly", claims_readonly, advise_readonly };
