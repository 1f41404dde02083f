/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 2: one finished group of records to a normalized struct event, through libauparse. */
#include <ctype.h>
#include <errno.h>
#include <libaudit.h>
#include <stdio.h>
#include <sys/socket.h>

#include "leastpriv/caps.h"
#include "leastpriv/event.h"
#include "leastpriv/util.h"

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
	ev->pid = ev->ppid = -1;
	ev->auid = ev->uid = (unsigned long long)-1;
	ev->comm = ev->exe = ev->subj = ev->key = ev->cwd = ev->proctitle = NULL;
	ev->syscall_loc = NULL;
	ev->n_paths = 0;
	ev->sock_family = -1;
	ev->sock_port = -1;
	ev->sock_path = NULL;
	ev->n_avcs = 0;
	ev->n_selinux_err = 0;
}

static const struct record_loc *
loc_of(auparse_state_t *au, const struct raw_event *raw)
{
	unsigned line = auparse_get_line_number(au);

	return line >= 1 && line <= raw->n_records ? &raw->locs[line - 1] : &raw->locs[0];
}

static void
parse_avc(struct event_parser *p, const struct raw_event *raw, bool user_space)
{
	struct event *ev = &p->ev;
	auparse_state_t *au = p->au;
	const char *seresult = NULL, *seperms = NULL, *text;
	struct avc *a;

	ev->avcs = xgrow(ev->avcs, &ev->cap_avcs, ev->n_avcs + 1, sizeof(*ev->avcs));
	a = &ev->avcs[ev->n_avcs++];
	memset(a, 0, sizeof(*a));
	a->permissive = -1;
	a->capability = -1;
	a->port = -1;
	a->pid = -1;
	a->user_space = user_space;
	a->loc = loc_of(au, raw);
	text = auparse_get_record_text(au);
	a->text = arena_strdup(&ev->arena, text ? text : "");

	if (auparse_first_field(au) > 0) {
		do {
			const char *n = auparse_get_field_name(au), *v = auparse_get_field_str(au);

			if (!n || !v)
				continue;
			if (streq(n, "seresult"))
				seresult = arena_strdup(&ev->arena, v);
			else if (streq(n, "seperms"))
				seperms = arena_strdup(&ev->arena, v);
			else if (streq(n, "scontext"))
				a->scontext = arena_strdup(&ev->arena, v);
			else if (streq(n, "tcontext"))
				a->tcontext = arena_strdup(&ev->arena, v);
			else if (streq(n, "tclass"))
				a->tclass = arena_strdup(&ev->arena, v);
			else if (streq(n, "permissive"))
				a->permissive = streq(v, "1") ? 1 : streq(v, "0") ? 0 : -1;
			else if (streq(n, "name"))
				a->name = event_decode_value(&ev->arena, v);
			else if (streq(n, "path"))
				a->path = event_decode_value(&ev->arena, v);
			else if (streq(n, "comm") && !a->comm)
				a->comm = event_decode_value(&ev->arena, v);
			else if (streq(n, "dev"))
				a->dev = event_decode_value(&ev->arena, v);
			else if (streq(n, "ino"))
				a->has_ino = (a->ino = parse_ull(v, 10, 0)) != 0;
			else if (streq(n, "pid") && a->pid < 0)
				a->pid = parse_ll(v, 10, -1);
			else if (streq(n, "capability"))
				a->capability = isdigit((unsigned char)v[0])
							? (int)parse_ll(v, 10, -1)
							: caps_from_name(v);
			else if (streq(n, "src") || streq(n, "dest") || streq(n, "lport"))
				a->port = (int)parse_ll(v, 10, -1);
		} while (auparse_next_field(au) > 0);
	}
	a->perms = perms_from(&ev->arena, seperms, a->text);
	if (seresult)
		a->denied = streq(seresult, "denied");
	else
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
parse_syscall(struct event_parser *p, const struct raw_event *raw)
{
	struct event *ev = &p->ev;
	auparse_state_t *au = p->au;

	ev->has_syscall = true;
	ev->syscall_loc = loc_of(au, raw);
	if (auparse_first_field(au) <= 0)
		return;
	do {
		const char *n = auparse_get_field_name(au), *v = auparse_get_field_str(au);

		if (!n || !v)
			continue;
		if (streq(n, "arch"))
			ev->arch = (unsigned)parse_ull(v, 16, 0);
		else if (streq(n, "syscall"))
			ev->syscall = isdigit((unsigned char)v[0]) ? (int)parse_ll(v, 10, -1) : -1;
		else if (streq(n, "success"))
			ev->success = streq(v, "yes") ? 1 : streq(v, "no") ? 0 : -1;
		else if (streq(n, "exit")) {
			ev->exit = parse_ll(v, 10, 0);
			ev->has_exit = isdigit((unsigned char)v[v[0] == '-']) != 0;
		} else if (streq(n, "pid"))
			ev->pid = parse_ll(v, 10, -1);
		else if (streq(n, "ppid"))
			ev->ppid = parse_ll(v, 10, -1);
		else if (streq(n, "auid"))
			ev->auid = parse_ull(v, 10, (unsigned long long)-1);
		else if (streq(n, "uid"))
			ev->uid = parse_ull(v, 10, (unsigned long long)-1);
		else if (streq(n, "comm"))
			ev->comm = event_decode_value(&ev->arena, v);
		else if (streq(n, "exe"))
			ev->exe = event_decode_value(&ev->arena, v);
		else if (streq(n, "subj"))
			ev->subj = arena_strdup(&ev->arena, v);
		else if (streq(n, "key") && !ev->key)
			ev->key = event_decode_value(&ev->arena, v);
	} while (auparse_next_field(au) > 0);
	if (ev->syscall >= 0 && ev->arch) {
		int machine = audit_elf_to_machine(ev->arch);

		if (machine >= 0)
			ev->syscall_name = audit_syscall_to_name(ev->syscall, machine);
	}
}

static void
parse_path(struct event_parser *p)
{
	struct event *ev = &p->ev;
	auparse_state_t *au = p->au;
	struct event_path *ep;

	ev->paths = xgrow(ev->paths, &ev->cap_paths, ev->n_paths + 1, sizeof(*ev->paths));
	ep = &ev->paths[ev->n_paths++];
	memset(ep, 0, sizeof(*ep));
	if (auparse_first_field(au) <= 0)
		return;
	do {
		const char *n = auparse_get_field_name(au), *v = auparse_get_field_str(au);

		if (!n || !v)
			continue;
		if (streq(n, "name"))
			ep->name = event_decode_value(&ev->arena, v);
		else if (streq(n, "nametype"))
			ep->nametype = arena_strdup(&ev->arena, v);
		else if (streq(n, "obj"))
			ep->obj = arena_strdup(&ev->arena, v);
		else if (streq(n, "inode"))
			ep->has_inode = (ep->inode = parse_ull(v, 10, 0)) != 0;
	} while (auparse_next_field(au) > 0);
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
	if ((ev->sock_family == AF_INET || ev->sock_family == AF_INET6) && n >= 4)
		ev->sock_port = b[2] << 8 | b[3];
	else if (ev->sock_family == AF_UNIX && n > 2) {
		size_t start = b[2] == 0 ? 3 : 2, end = start; /* abstract names start with NUL */

		while (end < n && b[end])
			end++;
		if (end > start)
			ev->sock_path =
				arena_strndup(&ev->arena, (const char *)b + start, end - start);
	}
}

static const char *
field_value(auparse_state_t *au, const char *name)
{
	if (auparse_first_field(au) <= 0)
		return NULL;
	do {
		const char *n = auparse_get_field_name(au);

		if (n && streq(n, name))
			return auparse_get_field_str(au);
	} while (auparse_next_field(au) > 0);
	return NULL;
}

void
event_parse(struct event_parser *p, const struct raw_event *raw,
	    void (*fn)(const struct event *ev, void *data), void *data)
{
	auparse_state_t *au = p->au;
	struct event *ev = &p->ev;

	if (auparse_new_buffer(au, raw->text.buf, raw->text.len) < 0)
		return;
	while (auparse_next_event(au) > 0) {
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
				ev->n_selinux_err++;
				break;
			case AUDIT_SYSCALL:
				parse_syscall(p, raw);
				break;
			case AUDIT_CWD:
				v = field_value(au, "cwd");
				if (v)
					ev->cwd = event_decode_value(&ev->arena, v);
				break;
			case AUDIT_PATH:
				parse_path(p);
				break;
			case AUDIT_PROCTITLE:
				v = field_value(au, "proctitle");
				if (v)
					ev->proctitle = event_decode_value(&ev->arena, v);
				break;
			case AUDIT_SOCKADDR:
				v = field_value(au, "saddr");
				if (v)
					parse_sockaddr(ev, v);
				break;
			default:
				break;
			}
		} while (auparse_next_record(au) > 0);
		fn(ev, data);
	}
}
