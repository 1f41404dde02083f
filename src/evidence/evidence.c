/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 4: events folded into per-container findings, deduplicated as they stream by. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/evidence/evidence.h"
#include "leastpriv/base/stable_id.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/knowledge/policy.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/base/util.h"

/* Enough of a record to recognise it; a longer example would only flood the report. */
#define EXAMPLE_MAX 2048

void
evidence_init(struct evidence *e, struct strpool *pool, struct attribution *attr, struct diag *diag,
	      struct claims *claims)
{
	memset(e, 0, sizeof(*e));
	e->pool = pool;
	e->attr = attr;
	e->diag = diag;
	e->claims = claims;
	hmap_init(&e->containers);
	hmap_init(&e->findings);
	hmap_init(&e->groups);
	strbuf_init(&e->scratch_id);
	strbuf_init(&e->scratch_key);
	e->overflow.label = "(containers past the limit)";
	e->overflow.type = e->overflow.level = "";
}

static void
finding_free(void *p)
{
	struct finding *f = p;

	if (f) {
		free(f->example);
		free(f->perms);
	}
	free(f);
}

static void
container_free(void *p)
{
	struct container *c = p;

	if (c)
		free(c->findings);
	free(c);
}

void
evidence_done(struct evidence *e)
{
	hmap_done(&e->findings, finding_free);
	hmap_done(&e->groups, NULL);
	hmap_done(&e->containers, container_free);
	free(e->list);
	strbuf_done(&e->scratch_id);
	strbuf_done(&e->scratch_key);
}

int
stamp_compare(const struct stamp *a, const struct stamp *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->ms != b->ms)
		return a->ms < b->ms ? -1 : 1;
	if (a->serial != b->serial)
		return a->serial < b->serial ? -1 : 1;
	return 0;
}

const char *
finding_kind_name(enum finding_kind kind)
{
	static const char *const names[FINDING_MAX] = {
		[FINDING_ENGINE_SOCKET] = "engine_socket",
		[FINDING_CAPABILITY] = "capability",
		[FINDING_SYSCALL] = "syscall",
		[FINDING_SECCOMP] = "seccomp",
		[FINDING_APPARMOR] = "apparmor",
		[FINDING_FILE] = "file",
		[FINDING_NETWORK] = "network",
		[FINDING_OTHER] = "other",
		[FINDING_READONLY] = "readonly",
	};

	return kind < FINDING_MAX ? names[kind] : "unknown";
}

/*
 * Add @s to a small sample set that keeps the first @max names in sorting order, whatever the
 * order they come in (so that the report does not depend on the order of the input).  @s is
 * interned only when it is kept: a process that runs a million names costs nothing.
 */
static void
sample_add(struct evidence *e, const char **set, size_t *n, size_t max, const char *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < *n; i++) {
		int c = strcmp(s, set[i]);

		if (c == 0)
			return;
		if (c < 0)
			break;
	}
	if (i == max)
		return;
	if (*n == max)
		(*n)--; /* the last, largest, goes */
	memmove(&set[i + 1], &set[i], (*n - i) * sizeof(*set));
	set[i] = strpool_intern(e->pool, s);
	(*n)++;
}

static void
widen(struct stamp *first, struct stamp *last, const struct stamp *t, bool fresh)
{
	if (fresh || stamp_compare(t, first) < 0)
		*first = *t;
	if (fresh || stamp_compare(t, last) > 0)
		*last = *t;
}

/* Whether the store holds as much as the README's "Limits" allow. */
static bool
over_budget(const struct evidence *e)
{
	return e->bytes + strpool_bytes(e->pool) > EVIDENCE_BYTES_MAX;
}

/* Say once where a bound was first reached; the report counts what was not kept. */
static void
limit_reached(struct evidence *e, const struct record_loc *loc, const char *what)
{
	diag_add(e->diag, DIAG_LIMIT, loc ? loc->file : NULL, loc ? loc->line : 0,
		 "%s; further ones are counted in the report, not kept", what);
}

/*
 * Find or create the container stored under @key.  Past the bounds on containers and on the
 * store's size, a new one is the shared overflow container, which only counts.
 */
static struct container *
container_get(struct evidence *e, const struct strbuf *key, const struct record_loc *loc,
	      bool *ret_new)
{
	struct hmap_entry *he = hmap_get_entry(&e->containers, key->buf, key->len);
	struct container *ct;

	*ret_new = false;
	if (he)
		return he->value;
	if (e->n_containers >= EVIDENCE_CONTAINERS_MAX || over_budget(e)) {
		limit_reached(
			e, loc,
			e->n_containers >= EVIDENCE_CONTAINERS_MAX
				? "more than " STRINGIFY(EVIDENCE_CONTAINERS_MAX) " containers"
				: "the evidence store holds " STRINGIFY(
					  EVIDENCE_BYTES_MAX_MIB) " MiB");
		return &e->overflow;
	}
	*ret_new = true;
	ct = xcalloc(1, sizeof(*ct));
	he = hmap_put(&e->containers, key->buf, key->len);
	he->value = ct;
	e->bytes += sizeof(*ct) + sizeof(*he) + key->len + 1;
	e->list = xgrow(e->list, &e->cap_containers, e->n_containers + 1, sizeof(*e->list));
	e->list[e->n_containers++] = ct;
	return ct;
}

/* Whether @ct may get one more finding; if not, the denial is counted as not kept. */
static bool
finding_allowed(struct evidence *e, struct container *ct, const struct record_loc *loc)
{
	if (ct != &e->overflow && ct->n_findings < EVIDENCE_FINDINGS_MAX && !over_budget(e))
		return true;
	if (ct != &e->overflow)
		limit_reached(e, loc,
			      ct->n_findings >= EVIDENCE_FINDINGS_MAX
				      ? "more than " STRINGIFY(
						EVIDENCE_FINDINGS_MAX) " distinct "
								       "denials in one container"
				      : "the evidence store holds " STRINGIFY(
						EVIDENCE_BYTES_MAX_MIB) " MiB");
	ct->denials_not_kept++;
	e->stats.denials_not_kept++;
	return false;
}

/*
 * The container of owner @o (a container, see owner_is_container()), created on first sight
 * with its stable id and how people call it.
 */
static struct container *
container_of(struct evidence *e, const struct owner *o, const struct record_loc *loc)
{
	struct container *ct;
	struct strbuf label;
	bool fresh;

	ct = container_get(e, &o->key, loc, &fresh);
	if (!fresh)
		return ct;
	stable_id(o->key.buf, o->key.len, ct->id);
	strbuf_init(&label);
	owner_label(o, &label);
	ct->label = strpool_intern(e->pool, label.buf);
	strbuf_done(&label);
	ct->kind = o->kind;
	ct->info = o->info;
	/* Inspect data comes from one host: its containers have no node. */
	ct->node = o->basis == OWNER_BY_INSPECT ? NULL : o->node;
	ct->type = strpool_intern(e->pool, o->basis == OWNER_BY_SELINUX ? o->type : "");
	ct->level = strpool_intern(e->pool, o->basis == OWNER_BY_SELINUX ? o->level : "");
	return ct;
}

void
evidence_add_inspected(struct evidence *e)
{
	struct owner o;

	strbuf_init(&o.key);
	for (size_t i = 0; e->attr->inspect && i < e->attr->inspect->n; i++) {
		owner_of_inspect(&e->attr->inspect->containers[i], &o);
		container_of(e, &o, NULL);
	}
	strbuf_done(&o.key);
}

/* Key fields are joined by 0x1f, which no log string holds; the first has none before it. */
static void
key_add(struct strbuf *key, const char *field)
{
	if (key->len)
		strbuf_addch(key, '\x1f');
	strbuf_addstr(key, field ? field : "");
}

static bool
is_capability_class(const char *tclass)
{
	return streq(tclass, "capability") || streq(tclass, "capability2") ||
	       streq(tclass, "cap_userns") || streq(tclass, "cap2_userns");
}

static bool
is_file_class(const char *tclass)
{
	static const char *const classes[] = { "file",     "dir",       "lnk_file", "chr_file",
					       "blk_file", "sock_file", "fifo_file" };

	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (streq(tclass, classes[i]))
			return true;
	return false;
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t l = strlen(s), m = strlen(suffix);

	return l >= m && streq(s + l - m, suffix);
}

/* The engine's API socket: its file type, the engine's domain, or its well-known name. */
static bool
is_engine_socket(const struct avc *a, const char *ttype, const char *object)
{
	if (!streq(a->tclass, "sock_file") && !streq(a->tclass, "unix_stream_socket"))
		return false;
	return engine_is_socket_type(ttype) || (object && engine_is_socket_path(object)) ||
	       (a->name && engine_is_socket_path(a->name));
}

static bool
is_network_class(const char *tclass)
{
	return has_suffix(tclass, "_socket") || streq(tclass, "node") || streq(tclass, "netif") ||
	       streq(tclass, "packet") || streq(tclass, "peer") || streq(tclass, "association");
}

static enum finding_kind
kind_of(const struct avc *a, const char *ttype, const char *object)
{
	if (is_capability_class(a->tclass))
		return FINDING_CAPABILITY;
	if (is_engine_socket(a, ttype, object))
		return FINDING_ENGINE_SOCKET;
	if (is_file_class(a->tclass))
		return FINDING_FILE;
	if (is_network_class(a->tclass))
		return FINDING_NETWORK;
	return FINDING_OTHER;
}

static const char *
basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Whether @a denies adding, removing or renaming an entry of a directory. */
static bool
is_entry_op(const struct avc *a)
{
	static const char *const ops[] = { "add_name", "remove_name", "reparent", "rmdir" };

	if (!a->tclass || !streq(a->tclass, "dir") || !a->perms)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		const char *hit = strstr(a->perms, ops[i]);
		size_t n = strlen(ops[i]);

		if (hit && (hit == a->perms || hit[-1] == ' ') && (hit[n] == ' ' || hit[n] == '\0'))
			return true;
	}
	return false;
}

/*
 * The full path of the object an AVC names, as the process saw it: the AVC's own path=, else the
 * PATH record of the same inode or name, made absolute with CWD.  NULL when the event does not
 * say.  The result lives in the event's arena or is one of the event's strings.
 */
static const char *
object_path(const struct event *ev, const struct avc *a, struct strbuf *tmp)
{
	const struct event_path *best = NULL;

	if (a->path && a->path[0] == '/')
		return a->path;
	for (size_t i = 0; i < ev->n_paths; i++) {
		const struct event_path *p = &ev->paths[i];

		if (!p->name)
			continue;
		if (a->has_ino && p->has_inode && p->inode == a->ino) {
			best = p;
			break;
		}
		if (a->name && streq(basename_of(p->name), a->name) && !best)
			best = p;
	}
	if (!best && !a->name && ev->n_paths == 1 && ev->paths[0].name)
		best = &ev->paths[0];
	/*
	 * A directory denied on the way to a file ("search" on "home" while opening /home/matt):
	 * the PATH names the file, the denied directory is a prefix of it.
	 */
	if (!best && a->name && *a->name && !strchr(a->name, '/')) {
		for (size_t i = 0; i < ev->n_paths; i++) {
			const char *n = ev->paths[i].name, *hit = n;
			size_t nl = strlen(a->name);

			while (n && n[0] == '/' && (hit = strstr(hit, a->name))) {
				if (hit[-1] == '/' && (hit[nl] == '/' || hit[nl] == '\0')) {
					strbuf_reset(tmp);
					strbuf_add(tmp, n, (size_t)(hit - n) + nl);
					return tmp->buf;
				}
				hit += nl;
			}
		}
	}
	if (!best || !*best->name)
		return NULL;
	/*
	 * Adding or removing an entry is denied on the directory: the AVC's name is the entry's,
	 * and a PATH matched by that name is the entry, so the object is its parent.
	 */
	if (!(a->has_ino && best->has_inode && best->inode == a->ino) && is_entry_op(a) &&
	    best->name[0] == '/' && strrchr(best->name, '/') != best->name) {
		strbuf_reset(tmp);
		strbuf_add(tmp, best->name, (size_t)(strrchr(best->name, '/') - best->name));
		return tmp->buf;
	}
	if (best->name[0] == '/')
		return best->name;
	if (!ev->cwd || ev->cwd[0] != '/')
		return NULL;
	strbuf_reset(tmp);
	strbuf_addstr(tmp, ev->cwd);
	if (tmp->len > 1)
		strbuf_addch(tmp, '/');
	strbuf_addstr(tmp,
		      best->name[0] == '.' && best->name[1] == '/' ? best->name + 2 : best->name);
	return tmp->buf;
}

static void
perms_add(struct evidence *e, struct finding *f, const char *perms)
{
	const char *p = perms;

	while (p && *p) {
		const char *end = strchr(p, ' '), *perm;
		size_t len = end ? (size_t)(end - p) : strlen(p), i;

		if (len) {
			perm = strpool_intern_n(e->pool, p, len);
			for (i = 0; i < f->n_perms && strcmp(f->perms[i], perm) < 0; i++)
				;
			if ((i == f->n_perms || f->perms[i] != perm) &&
			    f->n_perms < FINDING_PERMS) {
				size_t cap = f->cap_perms;

				f->perms = xgrow(f->perms, &f->cap_perms, f->n_perms + 1,
						 sizeof(*f->perms));
				e->bytes += (f->cap_perms - cap) * sizeof(*f->perms);
				memmove(&f->perms[i + 1], &f->perms[i],
					(f->n_perms - i) * sizeof(f->perms[0]));
				f->perms[i] = perm;
				f->n_perms++;
			}
		}
		p = end ? end + 1 : NULL;
	}
}

/*
 * Whether a record at @t, @loc is an earlier example than @f's: by time, then by place, so
 * that the same log in any order of its files gives the same example.
 */
static bool
earlier(const struct stamp *t, const struct record_loc *loc, const struct finding *f)
{
	int c = stamp_compare(t, &f->first);

	if (c)
		return c < 0;
	c = strcmp(loc ? loc->file : "", f->example_file ? f->example_file : "");
	return c ? c < 0 : (loc ? loc->line : 0) < f->example_line;
}

/* The earliest record of @f, cut to EXAMPLE_MAX bytes. */
static void
set_example(struct evidence *e, struct finding *f, const char *text, const struct record_loc *loc)
{
	size_t len = text ? strlen(text) : 0, old = f->example ? strlen(f->example) : 0;

	if (len > EXAMPLE_MAX)
		len = EXAMPLE_MAX;
	free(f->example);
	f->example = xstrndup(text ? text : "", len);
	f->example_file = loc ? loc->file : "";
	f->example_line = loc ? loc->line : 0;
	e->bytes += len - old;
}

static struct finding *finding_get(struct evidence *e, struct container *ct, enum finding_kind kind,
				   const char *id, const struct record_loc *loc, bool *ret_fresh);
static struct finding *finding_find(struct evidence *e, struct container *ct,
				    enum finding_kind kind, const char *id);

/*
 * Whether a new object of @ct in directory @dir (of @len bytes), of this class and target
 * context, is one past EVIDENCE_FOLD_AFTER there: then it is folded into the directory's
 * finding.  Counts the objects of each (container, class, context, directory) group.
 */
static bool
fold_object(struct evidence *e, struct container *ct, const struct avc *a, const char *dir,
	    size_t len)
{
	struct strbuf *key = &e->scratch_key;
	struct hmap_entry *he;

	strbuf_reset(key);
	key_add(key, ct->id);
	key_add(key, a->tclass);
	key_add(key, a->tcontext);
	strbuf_add(key, dir, len);
	he = hmap_get_entry(&e->groups, key->buf, key->len);
	if (!he) {
		he = hmap_put(&e->groups, key->buf, key->len);
		e->bytes += sizeof(*he) + key->len + 1;
	}
	if ((uintptr_t)he->value >= EVIDENCE_FOLD_AFTER)
		return true;
	he->value = (void *)((uintptr_t)he->value + 1);
	return false;
}

static void
add_finding(struct evidence *e, struct container *ct, const struct event *ev, const struct avc *a,
	    const struct subject *target, const char *cap_perm, struct strbuf *tmp)
{
	const char *ttype = target ? target->ctx.type : "";
	const char *path = object_path(ev, a, tmp);
	const char *object;

	/* a directory's PATH may end in '/' ("/data/out/"): the same directory without it */
	if (path && strlen(path) > 1 && path[strlen(path) - 1] == '/') {
		if (path != tmp->buf) {
			strbuf_reset(tmp);
			strbuf_addstr(tmp, path);
		}
		while (tmp->len > 1 && tmp->buf[tmp->len - 1] == '/')
			tmp->buf[--tmp->len] = '\0';
		path = tmp->buf;
	}
	object = path ? path : a->name;
	enum finding_kind kind = kind_of(a, ttype, object);
	struct stamp t = { ev->sec, ev->ms, ev->serial };
	struct finding *f;
	struct strbuf *id = &e->scratch_id;
	bool fresh, folded = false;

	/* A capability finding is one capability; others are one object and class. */
	strbuf_reset(id);
	key_add(id, a->tclass);
	key_add(id, kind == FINDING_CAPABILITY ? "" : a->tcontext);
	key_add(id, cap_perm);
	key_add(id, kind == FINDING_CAPABILITY ? "" : object);
	if (kind == FINDING_NETWORK)
		strbuf_addf(id, "\x1f%d", a->port);
	/*
	 * A container that reads a whole directory it may not read: past the first objects
	 * there, one finding stands for the rest of the directory (its path, a slash and a star),
	 * so that the store grows with the directories denied, not the files.
	 */
	f = path && kind != FINDING_CAPABILITY && kind != FINDING_NETWORK
		    ? finding_find(e, ct, kind, id->buf)
		    : NULL;
	fresh = false;
	if (path && kind != FINDING_CAPABILITY && kind != FINDING_NETWORK && !f) {
		const char *slash = strrchr(path, '/');

		if (slash && slash > path && fold_object(e, ct, a, path, (size_t)(slash - path))) {
			char *dir = xasprintf("%.*s/*", (int)(slash - path), path);

			strbuf_reset(tmp);
			strbuf_addstr(tmp, dir);
			free(dir);
			object = path = tmp->buf;
			folded = true;
			strbuf_reset(id);
			key_add(id, a->tclass);
			key_add(id, a->tcontext);
			key_add(id, cap_perm);
			key_add(id, object);
		}
	}
	if (!f)
		f = finding_get(e, ct, kind, id->buf, a->loc, &fresh);
	if (!f)
		return;
	f->folded += folded;
	if (fresh) {
		f->tclass = strpool_intern(e->pool, a->tclass);
		f->tcontext = strpool_intern(e->pool, a->tcontext);
		f->ttype = strpool_intern(e->pool, ttype);
		f->tlevel = strpool_intern(e->pool, target ? target->ctx.level : "");
		f->object = object ? strpool_intern(e->pool, object) : NULL;
		f->object_is_path = path != NULL;
		f->port = a->port;
		f->in_user_ns = strstr(a->tclass, "userns") != NULL;
		if (cap_perm) {
			f->capability = a->capability;
			perms_add(e, f, cap_perm);
		}
		/* The same file seen by two containers: its device and inode, else its name. */
		if (kind == FINDING_FILE) {
			char *k = a->dev && a->has_ino
					  ? xasprintf("%s\x1f%s\x1f%llu", ev->node ? ev->node : "",
						      a->dev, a->ino)
					  : xasprintf("%s\x1f%s\x1f%s", ev->node ? ev->node : "",
						      ttype, object ? object : "");

			f->object_key = strpool_intern(e->pool, k);
			free(k);
		}
	}
	if (!cap_perm)
		perms_add(e, f, a->perms);
	f->count++;
	if (a->permissive == 1)
		f->permissive_count++;
	if (fresh || earlier(&t, a->loc, f))
		set_example(e, f, a->text, a->loc);
	widen(&f->first, &f->last, &t, fresh);
	sample_add(e, f->comms, &f->n_comms, FINDING_SAMPLES, a->comm ? a->comm : ev->comm);
	sample_add(e, f->exes, &f->n_exes, FINDING_SAMPLES, ev->exe);
	sample_add(e, f->syscalls, &f->n_syscalls, FINDING_SAMPLES, ev->syscall_name);
}

static void
note_activity(struct evidence *e, struct container *ct, const struct event *ev, const char *comm)
{
	struct stamp t = { ev->sec, ev->ms, ev->serial };

	widen(&ct->first, &ct->last, &t, ct->events == 0);
	ct->events++;
	if (ct == &e->overflow)
		return;
	sample_add(e, ct->comms, &ct->n_comms, CONTAINER_SAMPLES, comm ? comm : ev->comm);
	sample_add(e, ct->exes, &ct->n_exes, CONTAINER_SAMPLES, ev->exe);
}

/* A class or permission list as the kernel writes them: lowercase words. */
static bool
is_policy_words(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != ' ')
			return false;
	return true;
}

static void add_apparmor(struct evidence *e, const struct event *ev, const struct avc *a,
			 const struct owner *o);

/* How a claim's sender is named: its label as the kernel wrote it, else its pid. */
static void
claim(struct evidence *e, enum claim_kind kind, const struct avc *a)
{
	char pid[48];

	snprintf(pid, sizeof(pid), "unlabelled process %lld", a->pid);
	claims_add(e->claims, kind, a->loc->file, a->loc->line,
		   a->sender_subj ? a->sender_subj : pid);
}

/*
 * Whether a user-space decision may count as evidence (README, "What leastpriv trusts").  Its
 * text is the sender's: a class only the kernel decides never counts, and only a host process
 * (an object manager such as dbus-daemon or systemd) may report on another subject; a sender
 * inside a container, or one the kernel did not label, speaks only for itself.
 */
static bool
user_avc_trusted(struct evidence *e, const struct avc *a, bool sender_is_host)
{
	if (a->apparmor && !a->tclass) {
		if (!trust_is_kernel_apparmor_op(a->operation))
			return true;
		claim(e, CLAIM_KERNEL_CLASS, a);
		return false;
	}
	if (trust_is_kernel_class(a->tclass)) {
		claim(e, CLAIM_KERNEL_CLASS, a);
		return false;
	}
	if (!a->scontext) /* no decision about a subject: counted as an incomplete record */
		return true;
	if (sender_is_host)
		return true;
	if (a->sender_subj && a->scontext && streq(a->sender_subj, a->scontext))
		return true;
	claim(e, CLAIM_OTHER_SUBJECT, a);
	return false;
}

/* Whether the object of denial @a, whose target context is @target, is a container's. */
static bool
touches_container(const struct subject *target)
{
	return target && (target->kind == SUBJECT_CONTAINER || target->kind == SUBJECT_PRIVILEGED ||
			  policy_is_container_content_type(target->ctx.type));
}

static void
add_avc(struct evidence *e, const struct event *ev, const struct event_owners *owners, size_t i,
	struct strbuf *tmp)
{
	const struct avc *a = &ev->avcs[i];
	const struct owner *o = &owners->avcs[i];
	const struct subject *target = NULL;
	struct container *ct;

	if (a->user_space && !user_avc_trusted(e, a, owners->sender_is_host[i])) {
		e->stats.rejected_claims++;
		return;
	}
	if (!a->scontext && !a->tclass) {
		if (a->apparmor && !a->user_space) /* AppArmor logs as AVC too */
			add_apparmor(e, ev, a, o);
		else
			e->stats.other_lsm++;
		return;
	}
	if (!a->denied) {
		e->stats.avc_granted++;
		return;
	}
	e->stats.avc_denials++;
	if (!a->scontext || !a->tclass || !a->perms || !is_policy_words(a->tclass) ||
	    !is_policy_words(a->perms) || !owners->avc_readable[i]) {
		if (a->scontext && a->tclass && a->perms)
			diag_add(
				e->diag, DIAG_BAD_CONTEXT, a->loc->file, a->loc->line,
				"scontext, tclass or permissions malformed; denial not attributed");
		e->stats.unattributed++;
		return;
	}
	if (a->tcontext && attribution_classify(e->attr, a->tcontext, &target) < 0)
		target = NULL;
	/*
	 * The engine's own denials (the runtime, conmon, network helpers) are what stops a
	 * container from starting: kept, under the engine.  A host process's are the host's,
	 * unless what it was refused is a container's (its process, pipe or content): then the
	 * policy between the two has a gap.
	 */
	if (o->kind == SUBJECT_HOST && !touches_container(target)) {
		e->stats.host_denials++;
		return;
	}
	if (o->kind == SUBJECT_ENGINE)
		e->stats.engine_denials++;
	ct = container_of(e, o, ev->syscall_loc);
	note_activity(e, ct, ev, a->comm);
	ct->denials++;
	if (is_capability_class(a->tclass)) {
		/* One finding per capability, so that the set can be assembled. */
		const char *p = a->perms;

		while (*p) {
			const char *end = strchr(p, ' ');
			char *one = xstrndup(p, end ? (size_t)(end - p) : strlen(p));

			if (*one)
				add_finding(e, ct, ev, a, target, one, tmp);
			free(one);
			if (!end)
				break;
			p = end + 1;
		}
	} else {
		add_finding(e, ct, ev, a, target, NULL, tmp);
	}
}

/* The finding of @ct stored under (@kind, @id), or NULL. */
static struct finding *
finding_find(struct evidence *e, struct container *ct, enum finding_kind kind, const char *id)
{
	struct strbuf *key = &e->scratch_key;

	strbuf_reset(key);
	key_add(key, ct->id);
	key_add(key, finding_kind_name(kind));
	key_add(key, id);
	return hmap_get(&e->findings, key->buf, key->len);
}

/*
 * Find or create the finding of @ct stored under (@kind, @id); a new one gets empty SELinux
 * fields and is added to the container.  *ret_fresh says whether it was created.
 */
static struct finding *
finding_get(struct evidence *e, struct container *ct, enum finding_kind kind, const char *id,
	    const struct record_loc *loc, bool *ret_fresh)
{
	struct strbuf *key = &e->scratch_key;
	struct hmap_entry *he;
	struct finding *f;

	/* The container's stable id, so that the finding's is stable too. */
	strbuf_reset(key);
	key_add(key, ct->id);
	key_add(key, finding_kind_name(kind));
	key_add(key, id);
	he = hmap_get_entry(&e->findings, key->buf, key->len);
	*ret_fresh = false;
	if (he || !finding_allowed(e, ct, loc))
		return he ? he->value : NULL;
	*ret_fresh = true;
	he = hmap_put(&e->findings, key->buf, key->len);
	e->bytes += sizeof(*f) + sizeof(*he) + key->len + 1;
	f = xcalloc(1, sizeof(*f));
	stable_id(key->buf, key->len, f->id);
	he->value = f;
	f->kind = kind;
	f->container = ct;
	f->capability = -1;
	f->port = -1;
	f->tclass = strpool_intern(e->pool, "");
	f->tcontext = f->ttype = f->tlevel = f->tclass;
	ct->findings =
		xgrow(ct->findings, &ct->cap_findings, ct->n_findings + 1, sizeof(*ct->findings));
	ct->findings[ct->n_findings++] = f;
	return f;
}

/* Count one more occurrence at @ev's time; the earliest record becomes the example. */
static void
finding_touch(struct evidence *e, struct finding *f, bool fresh, const struct event *ev,
	      const char *text, const struct record_loc *loc, const char *comm, const char *exe,
	      const char *syscall)
{
	struct stamp t = { ev->sec, ev->ms, ev->serial };

	f->count++;
	if (fresh || earlier(&t, loc, f))
		set_example(e, f, text, loc);
	widen(&f->first, &f->last, &t, fresh);
	sample_add(e, f->comms, &f->n_comms, FINDING_SAMPLES, comm);
	sample_add(e, f->exes, &f->n_exes, FINDING_SAMPLES, exe);
	sample_add(e, f->syscalls, &f->n_syscalls, FINDING_SAMPLES, syscall);
}

static void
add_syscall_finding(struct evidence *e, struct container *ct, const struct event *ev,
		    const struct syscall_cap *sc)
{
	const char *name = ev->syscall_name ? ev->syscall_name : sc->name;
	struct finding *f;
	char id[64];
	bool fresh;

	snprintf(id, sizeof(id), "%d\x1f%s", syscall_cap_needed(sc, ev), name);
	f = finding_get(e, ct, FINDING_SYSCALL, id, ev->syscall_loc, &fresh);
	if (!f)
		return;
	if (fresh) {
		f->capability = syscall_cap_needed(sc, ev);
		f->rule = sc;
		perms_add(e, f, name);
	}
	if (sc->rule == RULE_LOW_PORT && (f->port < 0 || ev->sock_port < f->port))
		f->port = ev->sock_port;
	/* The object the syscall named (mount's target, mknod's node), when it was logged. */
	if (!f->object && ev->n_paths && ev->paths[ev->n_paths - 1].name) {
		f->object = strpool_intern(e->pool, ev->paths[ev->n_paths - 1].name);
		f->object_is_path = f->object[0] == '/';
	}
	finding_touch(e, f, fresh, ev, ev->syscall_text, ev->syscall_loc, ev->comm, ev->exe, name);
}

/* The seccomp action of a SECCOMP record's code, in words. */
static const char *
seccomp_action(unsigned long code)
{
	switch (code & 0xffff0000UL) {
	case 0x80000000UL:
		return "kill_process";
	case 0x00000000UL:
		return "kill_thread";
	case 0x00030000UL:
		return "trap";
	case 0x00050000UL:
		return "errno";
	case 0x7fc00000UL:
		return "user_notif";
	case 0x7ff00000UL:
		return "trace";
	case 0x7ffc0000UL:
		return "log";
	default:
		return "allow";
	}
}

/* A SECCOMP record: the filter refused a syscall, or logged one a logging profile let by. */
static void
add_seccomp(struct evidence *e, const struct event *ev, const struct owner *o)
{
	const struct seccomp *sc = &ev->seccomp;
	const char *action = seccomp_action(sc->code), *name;
	const struct syscall_cap *gate;
	struct container *ct;
	struct finding *f;
	char id[32];
	bool fresh;

	if (streq(action, "allow"))
		return;
	e->stats.seccomp_records++;
	if (!owner_is_container(o)) {
		e->stats.host_seccomp++;
		return;
	}
	ct = container_of(e, o, ev->syscall_loc);
	note_activity(e, ct, ev, sc->comm);
	if (!streq(action, "log")) /* allowed and logged: not a denial */
		ct->denials++;
	name = sc->syscall_name;
	snprintf(id, sizeof(id), "%d", sc->syscall);
	f = finding_get(e, ct, FINDING_SECCOMP, name ? name : id, sc->loc, &fresh);
	if (!f)
		return;
	if (fresh) {
		f->object = strpool_intern(e->pool, name ? name : id);
		gate = syscall_cap_lookup(sc->arch, sc->syscall);
		f->capability = gate ? gate->cap : -1;
		f->rule = gate;
	}
	perms_add(e, f, action);
	finding_touch(e, f, fresh, ev, sc->text, sc->loc, sc->comm, sc->exe, name);
}

/* An AppArmor decision: a capability or an operation its profile does not allow. */
static void
add_apparmor(struct evidence *e, const struct event *ev, const struct avc *a, const struct owner *o)
{
	const char *op = a->operation ? a->operation : "?";
	struct container *ct = NULL;
	struct finding *f;
	bool fresh, capable;

	/* DENIED is enforced; ALLOWED is a profile in complain mode telling what it would deny. */
	if (!streq(a->apparmor, "DENIED") && !streq(a->apparmor, "ALLOWED")) {
		e->stats.other_lsm++;
		return;
	}
	e->stats.apparmor_denials++;
	if (!owner_is_container(o) && o->kind != SUBJECT_ENGINE) { /* a host program's */
		e->stats.host_apparmor++;
		return;
	}
	ct = container_of(e, o, ev->syscall_loc);
	note_activity(e, ct, ev, a->comm);
	ct->denials++;
	/* "capable" without a capability it names cannot be part of a capability set. */
	capable = streq(op, "capable") && caps_name(a->capability);
	if (streq(op, "capable") && !capable)
		diag_add(e->diag, DIAG_INCOMPLETE, a->loc->file, a->loc->line,
			 "AppArmor capable record without a known capability=; kept as a "
			 "denial to review");
	strbuf_reset(&e->scratch_id);
	strbuf_addf(&e->scratch_id, "%s\x1f%s\x1f%d\x1f%s", a->profile, op, a->capability,
		    a->name ? a->name : "");
	f = finding_get(e, ct, capable ? FINDING_CAPABILITY : FINDING_APPARMOR, e->scratch_id.buf,
			a->loc, &fresh);
	if (!f)
		return;
	if (fresh) {
		f->profile = strpool_intern(e->pool, a->profile);
		f->tclass = strpool_intern(e->pool, op);
		f->capability = a->capability;
		if (a->name) {
			f->object = strpool_intern(e->pool, a->name);
			f->object_is_path = a->name[0] == '/';
		}
		if (f->kind == FINDING_CAPABILITY) {
			char *lower = xstrdup(caps_name(a->capability));

			for (char *p = lower; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			perms_add(e, f, lower);
			free(lower);
		}
	}
	if (f->kind == FINDING_APPARMOR && a->denied_mask)
		perms_add(e, f, a->denied_mask);
	if (streq(a->apparmor, "ALLOWED"))
		f->permissive_count++;
	finding_touch(e, f, fresh, ev, a->text, a->loc, a->comm ? a->comm : ev->comm, ev->exe,
		      ev->syscall_name);
}

/* A failed call counted, and the container it is evidence of; NULL for the host's. */
static struct container *
failed_call_container(struct evidence *e, const struct event *ev, const struct owner *o)
{
	struct container *ct;

	e->stats.failed_syscalls++;
	if (!owner_is_container(o)) {
		e->stats.host_syscalls++;
		return NULL;
	}
	ct = container_of(e, o, ev->syscall_loc);
	note_activity(e, ct, ev, NULL);
	ct->denials++;
	return ct;
}

/* A write refused by a read-only file system: a volume mounted :ro, or --read-only. */
static void
add_readonly(struct evidence *e, const struct event *ev, const struct owner *o)
{
	const char *path = ev->n_paths ? ev->paths[ev->n_paths - 1].name : NULL;
	const char *name = ev->syscall_name ? ev->syscall_name : "?";
	struct container *ct;
	struct finding *f;
	bool fresh;

	ct = failed_call_container(e, ev, o);
	if (!ct)
		return;
	f = finding_get(e, ct, FINDING_READONLY, path ? path : name, ev->syscall_loc, &fresh);
	if (!f)
		return;
	if (fresh) {
		perms_add(e, f, name);
		if (path) {
			f->object = strpool_intern(e->pool, path);
			f->object_is_path = path[0] == '/';
		}
	}
	finding_touch(e, f, fresh, ev, ev->syscall_text, ev->syscall_loc, ev->comm, ev->exe, name);
}

/* A syscall that failed for want of a capability (and not because SELinux said no). */
static void
add_failed_syscall(struct evidence *e, const struct event *ev, const struct owner *o)
{
	const struct syscall_cap *sc;
	struct container *ct;

	if (!ev->has_syscall || ev->success != 0 || ev->n_avcs > 0)
		return;
	if (ev->has_exit && ev->exit == -EROFS) {
		add_readonly(e, ev, o);
		return;
	}
	sc = syscall_cap_lookup(ev->arch, ev->syscall);
	if (!sc || !syscall_cap_applies(sc, ev))
		return;
	ct = failed_call_container(e, ev, o);
	if (ct)
		add_syscall_finding(e, ct, ev, sc);
}

void
evidence_add_event(struct evidence *e, const struct event *ev, const struct event_owners *owners)
{
	const struct owner *o = &owners->process;
	struct strbuf tmp;

	e->stats.events++;
	strbuf_init(&tmp);
	for (size_t i = 0; i < ev->n_avcs; i++)
		add_avc(e, ev, owners, i, &tmp);
	strbuf_done(&tmp);
	if (ev->seccomp.present)
		add_seccomp(e, ev, &owners->seccomp);
	if (ev->has_syscall && ev->success == 0) {
		add_failed_syscall(e, ev, o);
		return;
	}
	/*
	 * A container's syscalls recorded by an audit rule show it ran, even without a denial:
	 * when its SELinux label or (unlabelled) its ancestry names it.
	 */
	if (ev->n_avcs == 0 && ev->has_syscall &&
	    (o->kind == SUBJECT_CONTAINER || o->kind == SUBJECT_PRIVILEGED) &&
	    (o->labelled_by == LABEL_SELINUX ||
	     (o->labelled_by == LABEL_NONE && o->basis == OWNER_BY_INSPECT)))
		note_activity(e, container_of(e, o, ev->syscall_loc), ev, NULL);
}

static int
compare_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
compare_containers(const void *pa, const void *pb)
{
	const struct container *a = *(struct container *const *)pa,
			       *b = *(struct container *const *)pb;
	int r = compare_str(a->node, b->node);

	if (r)
		return r;
	r = stamp_compare(&a->first, &b->first);
	return r ? r : strcmp(a->label, b->label);
}

static int
compare_findings(const void *pa, const void *pb)
{
	const struct finding *a = *(struct finding *const *)pa, *b = *(struct finding *const *)pb;
	int r;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->capability != b->capability)
		return a->capability < b->capability ? -1 : 1;
	r = compare_str(a->object, b->object);
	if (r)
		return r;
	r = compare_str(a->tclass, b->tclass);
	if (r)
		return r;
	r = compare_str(a->tcontext, b->tcontext);
	return r ? r : stamp_compare(&a->first, &b->first);
}

static int
compare_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Samples are kept in arrival order, which varies with the input's interleaving: sort them. */
static void
sort_samples(const char **set, size_t n)
{
	if (n > 1)
		qsort(set, n, sizeof(*set), compare_strp);
}

void
evidence_finish(struct evidence *e)
{
	if (e->n_containers > 1)
		qsort(e->list, e->n_containers, sizeof(*e->list), compare_containers);
	for (size_t i = 0; i < e->n_containers; i++) {
		struct container *ct = e->list[i];

		if (ct->n_findings > 1)
			qsort(ct->findings, ct->n_findings, sizeof(struct finding *),
			      compare_findings);
		sort_samples(ct->comms, ct->n_comms);
		sort_samples(ct->exes, ct->n_exes);
		for (size_t j = 0; j < ct->n_findings; j++) {
			struct finding *f = ct->findings[j];

			sort_samples(f->comms, f->n_comms);
			sort_samples(f->exes, f->n_exes);
			sort_samples(f->syscalls, f->n_syscalls);
		}
	}
}

bool
container_is_named(const struct container *ct, const char *want, bool as_unit)
{
	return owner_name_matches(ct->label, ct->level, ct->info, want, as_unit);
}

void
evidence_select(struct evidence *e, const char *const *names)
{
	size_t kept = 0;

	for (size_t i = 0; i < e->n_containers; i++) {
		bool match = false;

		for (size_t j = 0; names[j] && !match; j++)
			match = container_is_named(e->list[i], names[j], false);
		/* The others stay in the hash, which frees them. */
		if (match)
			e->list[kept++] = e->list[i];
	}
	e->n_containers = kept;
}
