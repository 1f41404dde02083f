/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advisors of file denials, by what the denied files are labelled: another container's
 * private content (share it), this container's own content (review), the engine's storage
 * (restore it), a type a boolean opens (the boolean), anything else on a volume (relabel it,
 * unless it is a system location: then never relabel, and say what to do instead).
 */
#include "leastpriv/advise/analyzer.h"
#include "leastpriv/advise/prose.h"
#include "leastpriv/knowledge/policy.h"
#include "leastpriv/base/util.h"

/* ---- prose ---- */

#define RELABEL_TITLE_AT "relabel the volume mounted at %s with :%s"
#define RELABEL_TITLE    "relabel the volume that holds these files with :%s"
#define RELABEL_WHY                                                                                \
	"The files are labelled %s (%s); a container may only use content labelled "               \
	"container_file_t. %s"
#define RELABEL_WHY_SHARED                                                                         \
	"Other containers use the same files, so relabel them for all containers (:z, label "      \
	"container_file_t:s0); :Z would lock the others out."
#define RELABEL_WHY_PRIVATE                                                                        \
	"Only this container uses them, so relabel them for it alone (:Z, with its own MCS "       \
	"categories); use :z instead if another container must read them too."
#define RELABEL_STEP_VOLUME "add the option to the volume (docker, podman)"
#define RELABEL_STEP_VOLUME_UNKNOWN                                                                \
	"add the option to the volume (docker, podman; HOST_DIR is the host directory you "        \
	"mount there, never a home directory itself or a system directory)"
#define RELABEL_STEP_DURABLE "or label the host directory once, durably (survives a full relabel)"
#define KUBE_TITLE           "label the volume's directory on the node container_file_t"
#define KUBE_WHY                                                                                   \
	"The files are labelled %s (%s); a container may only use content labelled "               \
	"container_file_t. This is Kubernetes: a pod spec has no :Z, and the kubelet does not "    \
	"relabel hostPath or local volumes. Label the directory on the node durably (as "          \
	"k3s-selinux labels its storage), or give the pods that share the volume its SELinux "     \
	"level (seLinuxOptions.level)."
#define KUBE_STEP_DURABLE "label the volume's directory on the node, durably"
#define KUBE_STEP_LEVEL   "or give the pods that use it the same SELinux level"
#define RELABEL_STEP_TRY  "or, to try it out, label it until the next relabel"
#define RELABEL_NOTE_NO_PATHS                                                                      \
	"The log gives only the file names, not their full paths (no PATH records), so the "       \
	"mount point is not known."
#define RELABEL_NOTE_ONE_FILE                                                                      \
	"The mount point is taken to be the file's directory; if the volume is mounted higher "    \
	"up, relabel that one."

#define SERVICE_TITLE "do not relabel these files: they belong to %s"
#define SERVICE_WHY                                                                                \
	"These files are labelled %s, the content of %s. Relabelling them for containers (:Z or "  \
	":z, chcon) takes them away from that service, which then fails. Give the container what " \
	"it needs without taking it: a copy of its own, or, to read logs, the log reader type."
#define SERVICE_STEP_COPY                                                                          \
	"copy what the container needs into a directory of its own, and mount that"
#define SERVICE_STEP_LOGS "to read the host's logs: run it as container-selinux's log reader"
#define SERVICE_STEP_RULE "or a per-container policy that only reads them"
#define REFUSED_TITLE     "do not relabel %s: give the container its own copy instead"
#define REFUSED_WHY                                                                                \
	"%s is host system content (labelled %s). Relabelling it for containers would take it "    \
	"away from the host's own services and can leave the host unbootable; podman and "         \
	"docker refuse to relabel such locations."
#define REFUSED_STEP_COPY                                                                          \
	"copy just the files the container needs into a dedicated directory and mount that, "      \
	"relabelled for this container"
#define REFUSED_STEP_DISABLE                                                                       \
	"last resort: turn SELinux separation off for this one container (it then runs "           \
	"unconfined, as spc_t)"

#define BOOLEAN_TITLE "turn on the SELinux boolean %s"
#define BOOLEAN_WHY                                                                                \
	"These are %s. They cannot be relabelled per container; the policy has a boolean that "    \
	"lets containers use them. It applies to every container on the host."
#define BOOLEAN_STEP "allow it (persistent)"
#define BOOLEAN_SINCE                                                                              \
	" For containers it works from container-selinux %s on (%s): on an older policy, or "      \
	"where getsebool says there is no such boolean, update it first."
#define UPDATE_TITLE "update container-selinux: release %s lets containers use %s"
#define UPDATE_WHY                                                                                 \
	"These are %s. Older container-selinux has no rule that lets containers do this, and no "  \
	"boolean does it: it was fixed in the policy (%s). Relabelling cannot help (the file "     \
	"system has no per-file labels), and booleans of other modules (libvirt's virt_use_* for " \
	"virtual machines) are not for containers."
#define UPDATE_STEP     "update the policy (then the container runs as it is)"
#define UPDATE_ALT_STEP "on a policy older than that, update container-selinux first"
#define FUSE_CONTEXT_STEP                                                                          \
	"until then, mount the FUSE file system with a container label: -o "                       \
	"context=system_u:object_r:container_file_t:s0"

#define SHARED_TITLE      "share the volume: relabel it with :z on every container that uses it"
#define SHARED_KUBE_TITLE "share the volume: give the pods that use it the same SELinux level"
#define SHARED_NOT_RULE                                                                            \
	" This is SELinux keeping containers apart as it should, not a missing rule: no allow "    \
	"rule (audit2allow) is the fix."
#define SHARED_WHAT_END ": the content belongs to another container (level %s)."
#define SHARED_WHY                                                                                 \
	"The files are labelled for containers, but with another container's MCS categories: "     \
	"they were mounted with :Z (private) by a different container, or by this one in an "      \
	"earlier life. Content that several containers use needs :z."
#define SHARED_STEP_Z "mount the shared directory with :z in every container that uses it"
#define SHARED_STEP_LEVEL                                                                          \
	"or run the containers with one fixed MCS level so they share :Z content (Kubernetes: "    \
	"seLinuxOptions.level)"

#define STORAGE_TITLE "restore the labels of the engine's storage, not of a volume"
#define IMAGE_WHY                                                                                  \
	"The denied files are where the image keeps the operating system (%s), and carry a "       \
	"generic host label (%s): image files get that when the engine's storage lost its labels " \
	"(copied, restored, or kept where the policy has no rule for it, as a custom graphroot). " \
	"Restoring the storage's labels fixes every container at once; a system path inside the "  \
	"container is not a host system directory."
#define IMAGE_STEP_ROOTLESS                                                                          \
	"rootless podman keeps its storage in the user's home: restorecon -R -v "                    \
	"~/.local/share/containers; a custom graphroot needs its own rule: semanage fcontext -a -e " \
	"/var/lib/containers GRAPHROOT, then restorecon"
#define IMAGE_STEP_VOLUME                                                                          \
	"if a volume is mounted there (the run command's -v says), relabel that volume instead"
#define IMAGE_NOTE                                                                                 \
	"Without the container's mounts the log cannot tell image files from a volume mounted at " \
	"an operating-system path; the run command can."
#define STORAGE_WHY                                                                                \
	"The denied files carry the label of the engine's own storage (or none), which happens "   \
	"after the storage was copied or restored without labels. Relabelling the image's "        \
	"files fixes every container at once."
#define STORAGE_STEP "restore the storage's labels (podman; docker: /var/lib/docker)"
#define STORAGE_NOTE                                                                               \
	"Without the container's mounts it cannot be ruled out that these files come from a "      \
	"volume."

/* ---- claims ---- */

/* Container content with another container's MCS level: mounted :Z by someone else. */
static bool
is_other_containers(const struct container *ct, const struct finding *f)
{
	return policy_is_container_content_type(f->ttype) && *f->tlevel &&
	       !streq(f->tlevel, "s0") && !streq(f->tlevel, ct->level);
}

static bool
claims_shared(const struct advise_context *c, const struct finding *f)
{
	return f->kind == FINDING_FILE && is_other_containers(c->container, f);
}

static bool
claims_container_content(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_FILE && policy_is_container_content_type(f->ttype);
}

/* Whether a volume the inspect data knows holds the path of @f. */
static bool
under_known_mount(const struct advise_context *c, const struct finding *f)
{
	return c->container->info && f->object_is_path &&
	       inspect_mount_for(c->container->info, f->object);
}

/*
 * The engine's storage, mislabelled: its own types, or image content (the operating system's
 * paths inside the container, no volume there) with a generic host label.
 */
static bool
claims_storage(const struct advise_context *c, const struct finding *f)
{
	if (f->kind != FINDING_FILE)
		return false;
	if (policy_is_storage_type(f->ttype))
		return true;
	return f->object_is_path && policy_is_image_path(f->object) &&
	       policy_is_generic_host_type(f->ttype) && !under_known_mount(c, f);
}

static bool
claims_boolean(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_FILE && policy_boolean_for_type(f->ttype, f->tclass);
}

static bool
claims_relabel(const struct advise_context *c, const struct finding *f)
{
	(void)c;
	return f->kind == FINDING_FILE;
}

/* ---- shared content, own content, storage ---- */

static void
advise_shared(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;
	struct strbuf sb;
	struct fixop *op;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_SHARED_CONTENT, SEVERITY_MEDIUM);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "SELinux denied ");
	prose_files(&sb, fs, n);
	strbuf_addf(&sb, SHARED_WHAT_END, fs[0]->tlevel);
	a->what = strbuf_detach(&sb);
	a->title = xstrdup(c->kubernetes ? SHARED_KUBE_TITLE : SHARED_TITLE);
	a->why = xasprintf("%s%s", SHARED_WHY, SHARED_NOT_RULE);
	if (c->kubernetes) { /* a pod spec has no :z: the level is how pods share */
		advice_step(a, SHARED_STEP_LEVEL, FIXOP_LABEL_LEVEL)->value =
			xstrdup(*fs[0]->tlevel ? fs[0]->tlevel : "s0:c100,c200");
		return;
	}
	op = advice_step(a, SHARED_STEP_Z, FIXOP_VOLUME_RELABEL);
	op->placeholder = "/PATH/IN/CONTAINER";
	op->value = xstrdup("z");
	advice_step(a, SHARED_STEP_LEVEL, FIXOP_LABEL_LEVEL)->value =
		xstrdup(*fs[0]->tlevel ? fs[0]->tlevel : "s0:c100,c200");
}

static void
advise_container_content(struct advise_context *c, const struct finding **fs, size_t n)
{
	advise_review(c, fs, n);
}

static void
advise_storage(struct advise_context *c, const struct finding **fs, size_t n)
{
	struct advice *a;

	if (n == 0)
		return;
	a = advice_new(c->out, ADVICE_STORAGE, SEVERITY_MEDIUM);
	for (size_t i = 0; i < n; i++)
		advice_add_finding(a, fs[i]);
	a->what = prose_denied_files(fs, n);
	a->title = xstrdup(STORAGE_TITLE);
	a->confidence = "medium";
	if (!policy_is_storage_type(fs[0]->ttype)) { /* image content with a generic host label */
		struct fixop *op;
		char *dir = xstrdup(fs[0]->object);
		char *slash = strrchr(dir, '/');

		if (slash && slash != dir && !streq(fs[0]->tclass, "dir"))
			*slash = '\0';
		a->why = xasprintf(IMAGE_WHY, fs[0]->object, fs[0]->ttype);
		(void)advice_step(a, STORAGE_STEP, FIXOP_RESTORE_STORAGE);
		(void)advice_step(a, IMAGE_STEP_ROOTLESS, FIXOP_WORDS);
		op = advice_step(a, IMAGE_STEP_VOLUME, FIXOP_VOLUME_RELABEL);
		op->target = dir;
		op->placeholder = "/MOUNT/POINT";
		op->value = xstrdup("Z");
		a->confidence_note = xstrdup(IMAGE_NOTE);
		return;
	}
	a->why = xstrdup(STORAGE_WHY);
	(void)advice_step(a, STORAGE_STEP, FIXOP_RESTORE_STORAGE);
	a->confidence_note = xstrdup(STORAGE_NOTE);
}

/* ---- booleans ---- */

/* One advice per boolean, in the order its first finding comes. */
/* The update of container-selinux to @since, as a step of @a. */
static void
update_step(struct advice *a, const char *label, const char *since)
{
	struct fixop *op = advice_step(a, label, FIXOP_POLICY_UPDATE);

	op->name = xstrdup("container-selinux");
	op->value = xstrdup(since);
}

/* One advice for the findings of one row of the boolean table. */
static void
advise_one_boolean(struct advise_context *c, const struct policy_boolean *tb,
		   const struct finding **list, size_t cnt)
{
	struct advice *a;

	if (!tb->boolean) { /* a policy gap the policy closed: the update is the fix */
		a = advice_new(c->out, ADVICE_POLICY_GAP, SEVERITY_MEDIUM);
		for (size_t j = 0; j < cnt; j++)
			advice_add_finding(a, list[j]);
		a->what = prose_denied_files(list, cnt);
		a->title = xasprintf(UPDATE_TITLE, tb->since, tb->meaning);
		a->why = xasprintf(UPDATE_WHY, tb->meaning, tb->source);
		update_step(a, UPDATE_STEP, tb->since);
		if (streq(tb->type, "fusefs_t"))
			(void)advice_step(a, FUSE_CONTEXT_STEP, FIXOP_WORDS);
		a->confidence_note = xasprintf("the fix is in the policy from %s on", tb->since);
		return;
	}
	a = advice_new(c->out, ADVICE_BOOLEAN, SEVERITY_MEDIUM);
	for (size_t j = 0; j < cnt; j++)
		advice_add_finding(a, list[j]);
	a->boolean = tb->boolean;
	a->what = prose_denied_files(list, cnt);
	a->title = xasprintf(BOOLEAN_TITLE, tb->boolean);
	a->why = xasprintf(BOOLEAN_WHY, tb->meaning);
	if (tb->since) {
		char *more = xasprintf(BOOLEAN_SINCE, tb->since, tb->source), *why;

		why = xasprintf("%s%s", a->why, more);
		free(a->why);
		a->why = why;
		free(more);
	}
	advice_step(a, BOOLEAN_STEP, FIXOP_BOOLEAN)->name = xstrdup(tb->boolean);
	if (tb->since)
		update_step(a, UPDATE_ALT_STEP, tb->since);
}

static void
advise_boolean(struct advise_context *c, const struct finding **fs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct policy_boolean *tb =
			policy_boolean_for_type(fs[i]->ttype, fs[i]->tclass);
		const struct finding **list = NULL;
		size_t cnt = 0;
		bool done = false;

		for (size_t j = 0; j < i; j++)
			done |= policy_boolean_for_type(fs[j]->ttype, fs[j]->tclass) == tb;
		if (done)
			continue;
		for (size_t j = i; j < n; j++)
			if (policy_boolean_for_type(fs[j]->ttype, fs[j]->tclass) == tb) {
				list = xrealloc(list, (cnt + 1) * sizeof(*list));
				list[cnt++] = fs[j];
			}
		advise_one_boolean(c, tb, list, cnt);
		free(list);
	}
}

/* ---- relabel, or refuse to ---- */

/* The directory a file finding most likely belongs to: the directory itself, or the parent. */
static char *
mount_guess(const struct finding *f)
{
	const char *slash;

	if (!f->object || !f->object_is_path)
		return NULL;
	if (streq(f->tclass, "dir"))
		return xstrdup(f->object);
	slash = strrchr(f->object, '/');
	if (!slash || slash == f->object)
		return xstrdup("/");
	return xstrndup(f->object, (size_t)(slash - f->object));
}

static bool
is_ancestor(const char *dir, const char *path)
{
	size_t l = strlen(dir);

	if (streq(dir, "/"))
		return true;
	return strncmp(dir, path, l) == 0 && (path[l] == '/' || path[l] == '\0');
}

/* The files one volume most likely holds. */
struct relabel_group {
	char *mount; /* NULL: the log named no full path */
	const char *ttype;
	const struct finding **fs;
	size_t n;
};

static void
group_add(struct relabel_group **groups, size_t *n, char *mount, const struct finding *f)
{
	struct relabel_group *g = NULL;

	for (size_t i = 0; i < *n && !g; i++) {
		struct relabel_group *c = &(*groups)[i];

		if (!mount || !c->mount) {
			if (!mount && !c->mount && c->ttype == f->ttype)
				g = c;
			continue;
		}
		if (is_ancestor(c->mount, mount)) {
			g = c;
		} else if (is_ancestor(mount, c->mount) && !policy_is_refused_relabel_path(mount)) {
			/* The new directory holds the group's: the volume is at least that wide. */
			free(c->mount);
			c->mount = xstrdup(mount);
			g = c;
		}
	}
	if (!g) {
		*groups = xrealloc(*groups, (*n + 1) * sizeof(**groups));
		g = &(*groups)[(*n)++];
		memset(g, 0, sizeof(*g));
		g->mount = mount ? xstrdup(mount) : NULL;
		g->ttype = f->ttype;
	}
	g->fs = xrealloc(g->fs, (g->n + 1) * sizeof(*g->fs));
	g->fs[g->n++] = f;
	free(mount);
}

static void
advise_relabel_group(struct advise_context *c, struct relabel_group *g,
		     const struct inspect_mount *host)
{
	bool shared = false;
	struct advice *a;
	struct fixop *op;

	for (size_t i = 0; i < g->n; i++)
		if (g->fs[i]->object_key && c->sharers &&
		    c->sharers(c->sharers_data, g->fs[i]->object_key) > 1)
			shared = true;
	a = advice_new(c->out, ADVICE_RELABEL, SEVERITY_MEDIUM);
	for (size_t i = 0; i < g->n; i++)
		advice_add_finding(a, g->fs[i]);
	if (c->kubernetes) {
		a->mount_point = g->mount ? xstrdup(g->mount) : NULL;
		a->what = prose_denied_files(g->fs, g->n);
		a->title = xstrdup(KUBE_TITLE);
		a->why = xasprintf(KUBE_WHY, g->ttype, policy_type_meaning(g->ttype));
		advice_step(a, KUBE_STEP_DURABLE, FIXOP_LABEL_DURABLE)->path =
			host ? xstrdup(host->source) : NULL;
		advice_step(a, KUBE_STEP_LEVEL, FIXOP_LABEL_LEVEL)->value =
			xstrdup(*c->container->level ? c->container->level : "s0:c100,c200");
		advice_step(a, RELABEL_STEP_TRY, FIXOP_LABEL_TRY)->path =
			host ? xstrdup(host->source) : NULL;
		a->confidence = g->mount ? "high" : "medium";
		return;
	}
	a->relabel_option = shared ? "z" : "Z";
	a->mount_point = g->mount ? xstrdup(g->mount) : NULL;
	a->what = prose_denied_files(g->fs, g->n);
	a->title = g->mount ? xasprintf(RELABEL_TITLE_AT, g->mount, a->relabel_option)
			    : xasprintf(RELABEL_TITLE, a->relabel_option);
	a->why = xasprintf(RELABEL_WHY, g->ttype, policy_type_meaning(g->ttype),
			   shared ? RELABEL_WHY_SHARED : RELABEL_WHY_PRIVATE);
	/* With inspect data the volume's real paths are known; without, placeholders. */
	op = advice_step(a, host ? RELABEL_STEP_VOLUME : RELABEL_STEP_VOLUME_UNKNOWN,
			 FIXOP_VOLUME_RELABEL);
	op->path = host ? xstrdup(host->source) : NULL;
	op->target = host ? xstrdup(host->destination) : g->mount ? xstrdup(g->mount) : NULL;
	op->placeholder = "/MOUNT/POINT";
	op->value = xstrdup(a->relabel_option);
	advice_step(a, RELABEL_STEP_DURABLE, FIXOP_LABEL_DURABLE)->path =
		host ? xstrdup(host->source) : NULL;
	advice_step(a, RELABEL_STEP_TRY, FIXOP_LABEL_TRY)->path =
		host ? xstrdup(host->source) : NULL;
	if (!g->mount) {
		a->confidence = "medium";
		a->confidence_note = xstrdup(RELABEL_NOTE_NO_PATHS);
	} else if (g->n == 1 && !streq(g->fs[0]->tclass, "dir")) {
		a->confidence_note = xstrdup(RELABEL_NOTE_ONE_FILE);
	}
}

static void
advise_refused(struct advise_context *c, struct relabel_group *g)
{
	struct advice *a = advice_new(c->out, ADVICE_RELABEL_REFUSED, SEVERITY_MEDIUM);
	const char *where = g->mount ? g->mount : g->fs[0]->object ? g->fs[0]->object : "?";

	for (size_t i = 0; i < g->n; i++)
		advice_add_finding(a, g->fs[i]);
	a->mount_point = g->mount ? xstrdup(g->mount) : NULL;
	a->what = prose_denied_files(g->fs, g->n);
	a->title = xasprintf(REFUSED_TITLE, where);
	a->why = xasprintf(REFUSED_WHY, where, g->ttype);
	(void)advice_step(a, REFUSED_STEP_COPY, FIXOP_DEDICATED_COPY);
	(void)advice_step(a, REFUSED_STEP_DISABLE, FIXOP_LABEL_DISABLE);
}

/* Host service content: never relabelled, read through a copy, the log reader or udica. */
static void
advise_service(struct advise_context *c, struct relabel_group *g, const char *service)
{
	struct advice *a = advice_new(c->out, ADVICE_RELABEL_REFUSED, SEVERITY_MEDIUM);

	for (size_t i = 0; i < g->n; i++)
		advice_add_finding(a, g->fs[i]);
	a->mount_point = g->mount ? xstrdup(g->mount) : NULL;
	a->what = prose_denied_files(g->fs, g->n);
	a->title = xasprintf(SERVICE_TITLE, service);
	a->why = xasprintf(SERVICE_WHY, g->ttype, service);
	(void)advice_step(a, SERVICE_STEP_COPY, FIXOP_DEDICATED_COPY);
	if (streq(g->ttype, "var_log_t"))
		advice_step(a, SERVICE_STEP_LOGS, FIXOP_LABEL_TYPE)->name =
			xstrdup("container_logreader_t");
	(void)advice_step(a, SERVICE_STEP_RULE, FIXOP_CUSTOM_POLICY);
}

/* Whether a group's files are host system content that must never be relabelled. */
static bool
is_refused(const struct relabel_group *g)
{
	/* root_t on anything but / itself is a directory made at the top of the host: fine */
	if (streq(g->ttype, "root_t") && g->mount && !streq(g->mount, "/"))
		return false;
	if (policy_is_system_type(g->ttype) || policy_is_refused_relabel_path(g->mount))
		return true;
	/* A name of "/" is the root of some file system: the host's, or a volume's. */
	for (size_t j = 0; j < g->n; j++)
		if ((g->fs[j]->object_is_path ||
		     streq(g->fs[j]->object ? g->fs[j]->object : "", "/")) &&
		    policy_is_refused_relabel_path(g->fs[j]->object))
			return true;
	return false;
}

static void
advise_relabel(struct advise_context *c, const struct finding **fs, size_t n)
{
	const struct container *ct = c->container;
	struct relabel_group *groups = NULL;
	size_t n_groups = 0;

	for (size_t i = 0; i < n; i++)
		group_add(&groups, &n_groups, mount_guess(fs[i]), fs[i]);
	for (size_t i = 0; i < n_groups; i++) {
		struct relabel_group *g = &groups[i];
		bool refused = is_refused(g);
		const struct inspect_mount *host =
			ct->info && g->mount ? inspect_mount_for(ct->info, g->mount) : NULL;

		/* The host side of the volume decides too: never relabel a system directory. */
		if (host && (policy_is_refused_relabel_path(host->source) ||
			     streq(host->destination, "/"))) {
			host = NULL;
			refused = true;
		}
		if (host) {
			free(g->mount);
			g->mount = xstrdup(host->destination);
		}
		if (policy_service_of_type(g->ttype))
			advise_service(c, g, policy_service_of_type(g->ttype));
		else if (refused)
			advise_refused(c, g);
		else
			advise_relabel_group(c, g, host);
	}
	for (size_t i = 0; i < n_groups; i++) {
		free(groups[i].mount);
		free(groups[i].fs);
	}
	free(groups);
}

const struct analyzer analyzer_shared_content = { "shared_content", claims_shared, advise_shared };
const struct analyzer analyzer_container_content = { "container_content", claims_container_content,
						     advise_container_content };
const struct analyzer analyzer_storage = { "storage", claims_storage, advise_storage };
const struct analyzer analyzer_boolean = { "boolean", claims_boolean, advise_boolean };
const struct analyzer analyzer_relabel = { "relabel", claims_relabel, advise_relabel };
