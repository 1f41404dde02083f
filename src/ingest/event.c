/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 2: one finished group of records to a normalized struct event, through libauparse. */
#include <ctype.h>
#include <errno.h>
#include <libaudit.h>
#include <stdio.h>
#include <sys/socket.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/ingest/event.h"
#include "leastpriv/base/util.h"

int
event_parser_init(struct event_parser *p, struct diag *diag)
{
	memset(p, 0, sizeof(*p));
	p->diag = diag;
	p->au = auparse_init(AUSOURCE_BUFFER, "");
	if (!p->au)
		return errno ? -errno : -ENOMEM;
	/* We decode values ourselves; auparse's interpretation would consult the local passwd. */
	auparse_set_escape_mode(p->au, AUPARSE_ESC_RAW);
	arena_init(&p->ev.arena);
	strbuf_init(&p->ev.joined);
	p->ev.joining = SIZE_MAX;
	return 0;
}

void
event_parser_done(struct event_parser *p)
{
	if (p->au)
		auparse_destroy(p->au);
	p->au = NULL;
	free(p->ev.paths);
	free(p->ev.avcs);
	free(p->ev.args);
	strbuf_done(&p->ev.joined);
	arena_done(&p->ev.arena);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *
event_decode_value(struct arena *arena, const char *v)
{
	size_t len = strlen(v);
	bool hex = len > 0 && len % 2 == 0;
	char *out;

	if (v[0] == '"') {
		len--;
		v++;
		if (len && v[len - 1] == '"')
			len--;
		return arena_strndup(arena, v, len);
	}
	for (size_t i = 0; hex && i < len; i++)
		hex = hexval(v[i]) >= 0;
	if (!hex)
		return arena_strndup(arena, v, len);
	out = arena_strndup(arena, v, len / 2); /* reserve, then decode in place */
	len /= 2;
	for (size_t i = 0; i < len; i++) {
		char c = (char)(hexval(v[2 * i]) << 4 | hexval(v[2 * i + 1]));

		out[i] = c ? c : ' '; /* argv in proctitle is NUL-separated */
	}
	/* A trailing NUL separator is not part of the text. */
	while (len > 0 && v[2 * len - 1] == '0' && v[2 * len - 2] == '0')
		out[--len] = '\0';
	return out;
}

static long long
parse_ll(const char *v, int base, long long fallback)
{
	char *e;
	long long n;

	errno = 0;
	n = strtoll(v, &e, base);
	return errno || e == v ? fallback : n;
}

/* A number in [@lo, @hi], or @fallback: log numbers never wrap into another meaning. */
static int
parse_int(const char *v, int base, int lo, int hi, int fallback)
{
	long long n = parse_ll(v, base, (long long)lo - 1);

	return n < lo || n > hi ? fallback : (int)n;
}

static unsigned long long
parse_ull(const char *v, int base, unsigned long long fallback)
{
	char *e;
	unsigned long long n;

	if (*v == '-')
		return fallback;
	errno = 0;
	n = strtoull(v, &e, base);
	return errno || e == v ? fallback : n;
}

/* An audit arch value ("c000003e"), or 0 when it is not one. */
static unsigned
parse_arch(const char *v)
{
	unsigned long long a = parse_ull(v, 16, 0);

	return a <= UINT32_MAX ? (unsigned)a : 0;
}

/* Turn "read,open" (auparse's seperms) or "{ read open }" text into "read open". */
static const char *
perms_from(struct arena *a, const char *seperms, const char *text)
{
	const char *open, *close;
	char *out;

	if (seperms) {
		out = arena_strdup(a, seperms);
		for (char *p = out; *p; p++)
			if (*p == ',')
				*p = ' ';
		return out;
	}
	open = strchr(text, '{');
	close = open ? strchr(open, '}') : NULL;
	if (!open || !close)
		return NULL;
	open++;
	while (open < close && *open == ' ')
		open++;
	while (close > open && close[-1] == ' ')
		close--;
	return close > open ? arena_strndup(a, open, (size_t)(close - open)) : NULL;
}

static void
reset_event(struct event *ev, const struct raw_event *raw)
{
	arena_reset(&ev->arena);
	ev->node = raw->node;
	ev->sec = raw->sec;
	ev->ms = raw->ms;
	ev->serial = raw->serial;
	ev->has_syscall = false;
	ev->arch = 0;
	ev->syscall = -1;
	ev->syscall_name = NULL;
	ev->success = -1;
	ev->exit = 0;
	ev->has_exit = false;
	memset(ev->sysargs, 0, sizeof(ev->sysargs));
	ev->pid = ev->ppid = -1;
	ev->auid = ev->uid = (unsigned long long)-1;
	ev->comm = ev->exe = ev->subj = ev->key = ev->cwd = ev->proctitle = NULL;
	ev->syscall_loc = NULL;
	ev->syscall_text = NULL;
	ev->n_paths = 0;
	ev->sock_family = -1;
	ev->sock_port = -1;
	ev->sock_path = NULL;
	ev->n_avcs = 0;
	ev->n_selinux_err = 0;
	ev->seccomp.present = false;
	ev->n_args = 0;
	ev->argc = -1;
	ev->joining = SIZE_MAX;
	strbuf_reset(&ev->joined);
}

static const struct record_loc *
loc_of(auparse_state_t *au, const struct raw_event *raw)
{
	unsigned line = auparse_get_line_number(au);

	return line >= 1 && line <= raw->n_records ? &raw->locs[line - 1] : &raw->locs[0];
}

typedef void (*field_fn)(struct event *ev, void *target, const char *name, const char *value);

/* Call @fn on every field of the record under the cursor: one walk per record. */
static void
each_field(auparse_state_t *au, struct event *ev, field_fn fn, void *target)
{
	if (auparse_first_field(au) <= 0)
		return;
	do {
		const char *n = auparse_get_field_name(au), *v = auparse_get_field_str(au);

		if (n && v)
			fn(ev, target, n, v);
	} while (auparse_next_field(au) > 0);
}

struct avc_fields {
	struct avc *a;
	const char *seresult, *seperms; /* auparse's pseudo fields for AVC records */
};

/*
 * One field of an AVC record.  Dispatched on the name's first letter: every field of every
 * decision comes here, and a chain of two dozen comparisons was a tenth of a run.
 */
static void
avc_field(struct event *ev, void *target, const char *n, const char *v)
{
	struct avc_fields *f = target;
	struct avc *a = f->a;
	struct arena *ar = &ev->arena;

	switch (n[0]) {
	case 'a':
		if (streq(n, "apparmor"))
			a->apparmor = event_decode_value(ar, v);
		break;
	case 'c':
		if (streq(n, "comm") && !a->comm)
			a->comm = event_decode_value(ar, v);
		else if (streq(n, "capability")) /* a number, or a name in ausearch -i output */
			a->capability = isdigit((unsigned char)v[0])
						? parse_int(v, 10, 0, CAPS_MAX - 1, -1)
						: caps_from_name(v);
		else if (streq(n, "capname") && a->capability < 0)
			a->capability = caps_from_name(event_decode_value(ar, v));
		break;
	case 'd':
		if (streq(n, "dev"))
			a->dev = event_decode_value(ar, v);
		else if (streq(n, "dest"))
			a->port = parse_int(v, 10, 0, 65535, -1);
		else if (streq(n, "denied_mask"))
			a->denied_mask = event_decode_value(ar, v);
		break;
	case 'i':
		if (streq(n, "ino"))
			a->has_ino = (a->ino = parse_ull(v, 10, 0)) != 0;
		break;
	case 'l':
		if (streq(n, "lport"))
			a->port = parse_int(v, 10, 0, 65535, -1);
		break;
	case 'n':
		if (streq(n, "name"))
			a->name = event_decode_value(ar, v);
		break;
	case 'o':
		if (streq(n, "operation"))
			a->operation = event_decode_value(ar, v);
		break;
	case 'p':
		if (streq(n, "permissive"))
			a->permissive = streq(v, "1") ? 1 : streq(v, "0") ? 0 : -1;
		else if (streq(n, "path"))
			a->path = event_decode_value(ar, v);
		else if (streq(n, "pid") && a->pid < 0)
			a->pid = parse_ll(v, 10, -1);
		else if (streq(n, "profile"))
			a->profile = event_decode_value(ar, v);
		break;
	case 's':
		if (streq(n, "seresult"))
			f->seresult = arena_strdup(ar, v);
		else if (streq(n, "seperms"))
			f->seperms = arena_strdup(ar, v);
		else if (streq(n, "scontext"))
			a->scontext = arena_strdup(ar, v);
		else if (streq(n, "src"))
			a->port = parse_int(v, 10, 0, 65535, -1);
		break;
	case 't':
		if (streq(n, "tcontext"))
			a->tcontext = arena_strdup(ar, v);
		else if (streq(n, "tclass"))
			a->tclass = arena_strdup(ar, v);
		break;
	default:
		break;
	}
}

/*
 * The subj= the kernel wrote for the sender of a user-space message: in the fields before
 * msg='...', which is the sender's own text (a subj= in there is only a claim).  NULL when the
 * kernel wrote none (no security module labels processes).
 */
static const char *
sender_subject(struct arena *arena, const char *text)
{
	const char *body = strstr(text, "): "), *end, *p;

	if (!body)
		return NULL;
	body += 3;
	end = strstr(body, "msg='");
	if (!end)
		end = body + strlen(body);
	for (p = body; p < end && (p = mem_find(p, (size_t)(end - p), "subj=", 5)); p += 5) {
		if (p == body || p[-1] == ' ') {
			size_t len = strcspn(p + 5, " ");

			if (p + 5 + len > end)
				len = (size_t)(end - (p + 5));
			return len ? arena_strndup(arena, p + 5, len) : NULL;
		}
	}
	return NULL;
}

/* A new decision of the event, for the record auparse is at: its text and place kept. */
static struct avc *
new_avc(struct event_parser *p, const struct raw_event *raw)
{
	struct event *ev = &p->ev;
	const char *text;
	struct avc *a;

	ev->avcs = xgrow(ev->avcs, &ev->cap_avcs, ev->n_avcs + 1, sizeof(*ev->avcs));
	a = &ev->avcs[ev->n_avcs++];
	memset(a, 0, sizeof(*a));
	a->permissive = -1;
	a->capability = -1;
	a->port = -1;
	a->pid = -1;
	a->loc = loc_of(p->au, raw);
	text = auparse_get_record_text(p->au);
	a->text = arena_strdup(&ev->arena, text ? text : "");
	return a;
}

static void
parse_avc(struct event_parser *p, const struct raw_event *raw, bool user_space)
{
	struct event *ev = &p->ev;
	struct avc_fields f = { 0 };
	struct avc *a = new_avc(p, raw);

	a->user_space = user_space;
	f.a = a;
	if (user_space)
		a->sender_subj = sender_subject(&ev->arena, a->text);
	each_field(p->au, ev, avc_field, &f);
	a->perms = perms_from(&ev->arena, f.seperms, a->text);
	if (f.seresult)
		a->denied = streq(f.seresult, "denied");
	else /* USER_AVC has no seresult in libauparse 3.0.9 */
		a->denied = strstr(a->text, "denied") != NULL;
	/* SELinux decisions need both contexts and a class; AppArmor records have none of them. */
	if (strstr(a->text, "avc:") && (!a->scontext || !a->tcontext || !a->tclass || !a->perms))
		diag_add(p->diag, DIAG_INCOMPLETE, a->loc->file, a->loc->line,
			 "%s record without %s (cut short?); its decision cannot be attributed",
			 user_space ? "USER_AVC" : "AVC",
			 !a->perms      ? "permissions"
			 : !a->scontext ? "scontext"
			 : !a->tcontext ? "tcontext"
					: "tclass");
}

static void
syscall_field(struct event *ev, void *target, const char *n, const char *v)
{
	(void)target;
	/* Most SYSCALL fields (items, gid, euid, fsuid, ...) are not wanted: by first letter. */
	switch (n[0]) {
	case 'a':
		if (n[1] >= '0' && n[1] <= '3' && n[2] == '\0')
			ev->sysargs[n[1] - '0'] = parse_ull(v, 16, 0);
		else if (streq(n, "arch"))
			ev->arch = parse_arch(v);
		else if (streq(n, "auid"))
			ev->auid = parse_ull(v, 10, (unsigned long long)-1);
		break;
	case 'c':
		if (streq(n, "comm"))
			ev->comm = event_decode_value(&ev->arena, v);
		break;
	case 'e':
		if (streq(n, "exit")) {
			ev->exit = parse_ll(v, 10, 0);
			ev->has_exit = isdigit((unsigned char)v[v[0] == '-']) != 0;
		} else if (streq(n, "exe")) {
			ev->exe = event_decode_value(&ev->arena, v);
		}
		break;
	case 'k':
		if (streq(n, "key") && !ev->key)
			ev->key = event_decode_value(&ev->arena, v);
		break;
	case 'p':
		if (streq(n, "pid"))
			ev->pid = parse_ll(v, 10, -1);
		else if (streq(n, "ppid"))
			ev->ppid = parse_ll(v, 10, -1);
		break;
	case 's':
		if (streq(n, "syscall"))
			ev->syscall =
				isdigit((unsigned char)v[0]) ? parse_int(v, 10, 0, 65535, -1) : -1;
		else if (streq(n, "success"))
			ev->success = streq(v, "yes") ? 1 : streq(v, "no") ? 0 : -1;
		else if (streq(n, "subj"))
			ev->subj = arena_strdup(&ev->arena, v);
		break;
	case 'u':
		if (streq(n, "uid"))
			ev->uid = parse_ull(v, 10, (unsigned long long)-1);
		break;
	default:
		break;
	}
}

static void
parse_syscall(struct event_parser *p, const struct raw_event *raw)
{
	struct event *ev = &p->ev;

	const char *text = auparse_get_record_text(p->au);

	ev->has_syscall = true;
	ev->syscall_loc = loc_of(p->au, raw);
	ev->syscall_text = arena_strdup(&ev->arena, text ? text : "");
	each_field(p->au, ev, syscall_field, NULL);
	if (ev->syscall >= 0 && ev->arch) {
		int machine = audit_elf_to_machine(ev->arch);

		if (machine >= 0)
			ev->syscall_name = audit_syscall_to_name(ev->syscall, machine);
	}
}

static void
path_field(struct event *ev, void *target, const char *n, const char *v)
{
	struct event_path *ep = target;

	if (streq(n, "name"))
		ep->name = event_decode_value(&ev->arena, v);
	else if (streq(n, "nametype"))
		ep->nametype = arena_strdup(&ev->arena, v);
	else if (streq(n, "obj"))
		ep->obj = arena_strdup(&ev->arena, v);
	else if (streq(n, "inode"))
		ep->has_inode = (ep->inode = parse_ull(v, 10, 0)) != 0;
}

static void
parse_path(struct event_parser *p)
{
	struct event *ev = &p->ev;
	struct event_path *ep;

	ev->paths = xgrow(ev->paths, &ev->cap_paths, ev->n_paths + 1, sizeof(*ev->paths));
	ep = &ev->paths[ev->n_paths++];
	memset(ep, 0, sizeof(*ep));
	each_field(p->au, ev, path_field, ep);
}

/* Store the argument being joined from pieces (see execve_field) in the list. */
static void
finish_joined_arg(struct event *ev)
{
	size_t i = ev->joining;

	if (i == SIZE_MAX)
		return;
	ev->args[i] = arena_strndup(&ev->arena, ev->joined.buf, ev->joined.len);
	ev->joining = SIZE_MAX;
	strbuf_reset(&ev->joined);
}

/*
 * Add @piece to argument @i of the command line.  @split: the piece is one of several
 * (aN[k]=...), which come in order and are joined in one buffer: linear in their total size.
 */
static void
add_arg_piece(struct event *ev, size_t i, const char *piece, bool split)
{
	if (i >= EVENT_ARGS_MAX)
		return;
	if (ev->joining != i)
		finish_joined_arg(ev);
	ev->args = xgrow(ev->args, &ev->cap_args, i + 1, sizeof(*ev->args));
	while (ev->n_args <= i)
		ev->args[ev->n_args++] = NULL;
	if (!split) {
		ev->args[i] = piece;
		return;
	}
	if (ev->joining != i) {
		ev->joining = i;
		strbuf_reset(&ev->joined);
		if (ev->args[i]) /* a whole value and then pieces: keep both, in order */
			strbuf_addstr(&ev->joined, ev->args[i]);
	}
	/* The kernel caps one argument at 128 KiB (MAX_ARG_STRLEN); more is not argv. */
	if (ev->joined.len < EVENT_ARG_BYTES_MAX)
		strbuf_add(&ev->joined, piece,
			   strnlen(piece, EVENT_ARG_BYTES_MAX - ev->joined.len));
	ev->args[i] = NULL; /* until the pieces are all read */
}

/*
 * EXECVE: argc=N a0=... a1=...; an argument too long for one record comes as aN_len=L then
 * aN[0]=..., aN[1]=... pieces, possibly over several EXECVE records.
 */
static void
execve_field(struct event *ev, void *target, const char *n, const char *v)
{
	char *end;
	unsigned long i;

	(void)target;
	if (streq(n, "argc")) {
		ev->argc = parse_ll(v, 10, -1);
		return;
	}
	if (n[0] != 'a' || !isdigit((unsigned char)n[1]))
		return;
	errno = 0;
	i = strtoul(n + 1, &end, 10);
	if (errno == 0 && (*end == '\0' || *end == '['))
		add_arg_piece(ev, i, event_decode_value(&ev->arena, v), *end == '[');
}

/* SOCKADDR's saddr is the raw struct sockaddr in hex: family, then port or path. */
static void
parse_sockaddr(struct event *ev, const char *hex)
{
	unsigned char b[128];
	size_t n = 0;

	while (n < sizeof(b) && hexval(hex[2 * n]) >= 0 && hexval(hex[2 * n + 1]) >= 0) {
		b[n] = (unsigned char)(hexval(hex[2 * n]) << 4 | hexval(hex[2 * n + 1]));
		n++;
	}
	if (n < 2)
		return;
	ev->sock_family = b[0] | b[1] << 8; /* sa_family_t in the (little-endian) host order */
	if ((ev->sock_family == AF_INET || ev->sock_family == AF_INET6) && n >= 4) {
		ev->sock_port = b[2] << 8 | b[3];
	} else if (ev->sock_family == AF_UNIX && n > 2) {
		size_t start = b[2] == 0 ? 3 : 2, end = start; /* abstract names start with NUL */

		while (end < n && b[end])
			end++;
		if (end > start)
			ev->sock_path =
				arena_strndup(&ev->arena, (const char *)b + start, end - start);
	}
}

static void
seccomp_field(struct event *ev, void *target, const char *n, const char *v)
{
	struct seccomp *sc = target;

	if (streq(n, "arch"))
		sc->arch = parse_arch(v);
	else if (streq(n, "syscall"))
		sc->syscall = isdigit((unsigned char)v[0]) ? parse_int(v, 10, 0, 65535, -1) : -1;
	else if (streq(n, "code")) {
		/* "0x7ffc0000" (enrichment sometimes follows without a separator: stop at 8). */
		char hex[11] = { 0 };

		memcpy(hex, v, strnlen(v, 10));
		sc->code = (unsigned long)parse_ull(hex, 16, 0);
	} else if (streq(n, "pid"))
		sc->pid = parse_ll(v, 10, -1);
	else if (streq(n, "comm"))
		sc->comm = event_decode_value(&ev->arena, v);
	else if (streq(n, "exe"))
		sc->exe = event_decode_value(&ev->arena, v);
	else if (streq(n, "subj"))
		sc->subj = arena_strdup(&ev->arena, v);
}

static void
parse_seccomp(struct event_parser *p, const struct raw_event *raw)
{
	struct seccomp *sc = &p->ev.seccomp;
	const char *text = auparse_get_record_text(p->au);

	memset(sc, 0, sizeof(*sc));
	sc->present = true;
	sc->syscall = -1;
	sc->pid = -1;
	sc->loc = loc_of(p->au, raw);
	sc->text = arena_strdup(&p->ev.arena, text ? text : "");
	each_field(p->au, &p->ev, seccomp_field, sc);
	if (sc->syscall >= 0 && sc->arch) {
		int machine = audit_elf_to_machine(sc->arch);

		if (machine >= 0)
			sc->syscall_name = audit_syscall_to_name(sc->syscall, machine);
	}
}

/* Keep the value of field @want (the first of its name) in *out. */
struct one_field {
	const char *want;
	const char *value;
};

static void
one_field(struct event *ev, void *target, const char *n, const char *v)
{
	struct one_field *f = target;

	if (!f->value && streq(n, f->want))
		f->value = arena_strdup(&ev->arena, v);
}

static const char *
field_value(struct event_parser *p, const char *name)
{
	struct one_field f = { name, NULL };

	each_field(p->au, &p->ev, one_field, &f);
	return f.value;
}

/*
 * SELINUX_ERR op=security_bounded_transition seresult=denied oldcontext=A newcontext=B: under
 * no-new-privileges (or a shared ptracer) the kernel let A switch to B only within type bounds,
 * which B's type lacked.  Policies since allow it with process2 { nnp_transition }, so the
 * refusal is read as that denial of A on B, which is what the fix grants.
 */
static void
parse_selinux_err(struct event_parser *p, const struct raw_event *raw)
{
	struct event *ev = &p->ev;
	const char *op = field_value(p, "op"), *result = field_value(p, "seresult");
	struct avc *a;

	ev->n_selinux_err++;
	if (!op || !streq(op, "security_bounded_transition") || !result || !streq(result, "denied"))
		return;
	a = new_avc(p, raw);
	a->denied = true;
	a->scontext = field_value(p, "oldcontext");
	a->tcontext = field_value(p, "newcontext");
	a->tclass = "process2";
	a->perms = "nnp_transition";
	if (!a->scontext || !a->tcontext)
		ev->n_avcs--;
}

void
event_parse_begin(struct event_parser *p, const struct raw_event *raw)
{
	p->raw = auparse_new_buffer(p->au, raw->text.buf, raw->text.len) < 0 ? NULL : raw;
}

const struct event *
event_parse_next(struct event_parser *p)
{
	auparse_state_t *au = p->au;
	const struct raw_event *raw = p->raw;
	struct event *ev = &p->ev;

	if (raw && auparse_next_event(au) > 0) {
		reset_event(ev, raw);
		do {
			const char *v;

			switch (auparse_get_type(au)) {
			case AUDIT_AVC:
				parse_avc(p, raw, false);
				break;
			case AUDIT_USER_AVC:
				parse_avc(p, raw, true);
				break;
			case AUDIT_SELINUX_ERR:
				parse_selinux_err(p, raw);
				break;
			case AUDIT_SECCOMP:
				parse_seccomp(p, raw);
				break;
			case AUDIT_SYSCALL:
				parse_syscall(p, raw);
				break;
			case AUDIT_CWD:
				v = field_value(p, "cwd");
				if (v)
					ev->cwd = event_decode_value(&ev->arena, v);
				break;
			case AUDIT_PATH:
				parse_path(p);
				break;
			case AUDIT_EXECVE:
				each_field(au, ev, execve_field, NULL);
				break;
			case AUDIT_PROCTITLE:
				v = field_value(p, "proctitle");
				if (v)
					ev->proctitle = event_decode_value(&ev->arena, v);
				break;
			case AUDIT_SOCKADDR:
				v = field_value(p, "saddr");
				if (v)
					parse_sockaddr(ev, v);
				break;
			default:
				break;
			}
		} while (auparse_next_record(au) > 0);
		finish_joined_arg(ev);
		return ev;
	}
	p->raw = NULL;
	return NULL;
}

/*
 * event_clone: the event in one allocation, its strings packed after its arrays.  Two passes
 * over the same list of fields: one counts, one copies, so the two cannot disagree.
 */
struct clone_pack {
	char *out; /* NULL while counting */
	size_t size;
};

static const char *
pack_str(struct clone_pack *pk, const char *s)
{
	size_t len;
	char *to;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	to = pk->out ? pk->out + pk->size : NULL;
	if (to)
		memcpy(to, s, len);
	pk->size += len;
	return to;
}

static void *
pack_array(struct clone_pack *pk, const void *src, size_t n, size_t elem)
{
	size_t bytes = n * elem, align = _Alignof(max_align_t);
	void *to;

	pk->size = (pk->size + align - 1) / align * align;
	to = pk->out && n ? pk->out + pk->size : NULL;
	if (to)
		memcpy(to, src, bytes);
	pk->size += bytes;
	return to;
}

static void
pack_event(struct clone_pack *pk, struct event *to, const struct event *src)
{
	struct avc *avcs = pack_array(pk, src->avcs, src->n_avcs, sizeof(*src->avcs));
	struct event_path *paths = pack_array(pk, src->paths, src->n_paths, sizeof(*src->paths));
	const char **args = pack_array(pk, src->args, src->n_args, sizeof(*src->args));

	to->syscall_name = pack_str(pk, src->syscall_name);
	to->comm = pack_str(pk, src->comm);
	to->exe = pack_str(pk, src->exe);
	to->subj = pack_str(pk, src->subj);
	to->key = pack_str(pk, src->key);
	to->cwd = pack_str(pk, src->cwd);
	to->proctitle = pack_str(pk, src->proctitle);
	to->sock_path = pack_str(pk, src->sock_path);
	/* Without a SECCOMP record its fields are left from an earlier event (freed strings). */
	if (src->seccomp.present) {
		to->seccomp.syscall_name = pack_str(pk, src->seccomp.syscall_name);
		to->seccomp.comm = pack_str(pk, src->seccomp.comm);
		to->seccomp.exe = pack_str(pk, src->seccomp.exe);
		to->seccomp.subj = pack_str(pk, src->seccomp.subj);
	} else {
		memset(&to->seccomp, 0, sizeof(to->seccomp));
		to->seccomp.syscall = -1;
		to->seccomp.pid = -1;
	}
	for (size_t i = 0; i < src->n_avcs; i++) {
		const struct avc *a = &src->avcs[i];
		struct avc scratch, *b = avcs ? &avcs[i] : &scratch;

		b->sender_subj = pack_str(pk, a->sender_subj);
		b->perms = pack_str(pk, a->perms);
		b->tclass = pack_str(pk, a->tclass);
		b->scontext = pack_str(pk, a->scontext);
		b->tcontext = pack_str(pk, a->tcontext);
		b->name = pack_str(pk, a->name);
		b->path = pack_str(pk, a->path);
		b->dev = pack_str(pk, a->dev);
		b->comm = pack_str(pk, a->comm);
		b->apparmor = pack_str(pk, a->apparmor);
		b->operation = pack_str(pk, a->operation);
		b->profile = pack_str(pk, a->profile);
		b->denied_mask = pack_str(pk, a->denied_mask);
		b->text = NULL;
		b->loc = NULL;
	}
	for (size_t i = 0; i < src->n_paths; i++) {
		const struct event_path *p = &src->paths[i];
		struct event_path scratch, *q = paths ? &paths[i] : &scratch;

		q->name = pack_str(pk, p->name);
		q->nametype = pack_str(pk, p->nametype);
		q->obj = pack_str(pk, p->obj);
	}
	for (size_t i = 0; i < src->n_args; i++) {
		const char *s = pack_str(pk, src->args[i]);

		if (args)
			args[i] = s;
	}
	to->avcs = avcs;
	to->paths = paths;
	to->args = args;
}

struct event *
event_clone(const struct event *src, size_t *ret_size)
{
	struct clone_pack pk = { NULL, sizeof(struct event) };
	struct event scratch = *src, *to;

	pack_event(&pk, &scratch, src);
	to = xmalloc(pk.size);
	*to = *src;
	pk = (struct clone_pack){ (char *)to, sizeof(struct event) };
	pack_event(&pk, to, src);
	to->node = NULL;
	to->syscall_text = NULL;
	to->syscall_loc = NULL;
	to->seccomp.text = NULL;
	to->seccomp.loc = NULL;
	to->cap_paths = to->n_paths;
	to->cap_avcs = to->n_avcs;
	to->cap_args = to->n_args;
	memset(&to->joined, 0, sizeof(to->joined));
	to->joining = SIZE_MAX;
	memset(&to->arena, 0, sizeof(to->arena));
	*ret_size = pk.size;
	return to;
}
