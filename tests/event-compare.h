/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the tests of the event memo: every field of a struct event as text, so that an event
 * from the memo can be compared with libauparse's parse of the same records; and the records
 * of an event rewritten as another repeat of it (other stamp, other pids).
 */
#ifndef LEASTPRIV_TEST_EVENT_COMPARE_H
#define LEASTPRIV_TEST_EVENT_COMPARE_H

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "leastpriv/base/strbuf.h"
#include "leastpriv/ingest/event.h"

static void
describe_str(struct strbuf *sb, const char *name, const char *v)
{
	strbuf_addstr(sb, name);
	strbuf_addch(sb, '=');
	if (v) {
		strbuf_addch(sb, '[');
		strbuf_addstr(sb, v);
		strbuf_addch(sb, ']');
	} else {
		strbuf_addstr(sb, "NULL");
	}
	strbuf_addch(sb, ' ');
}

static void
describe_loc(struct strbuf *sb, const char *name, const struct record_loc *loc)
{
	if (loc)
		strbuf_addf(sb, "%s=%s:%lu ", name, loc->file ? loc->file : "?", loc->line);
	else
		strbuf_addf(sb, "%s=NULL ", name);
}

/* Every field of @ev that a later stage can read, in a fixed order. */
static void
event_describe(const struct event *ev, struct strbuf *sb)
{
	const struct seccomp *sc = &ev->seccomp;

	strbuf_addf(sb,
		    "node=%s t=%" PRId64 ".%u:%" PRIu64 " sys=%d arch=%x nr=%d ok=%d exit=%lld/%d ",
		    ev->node ? ev->node : "-", ev->sec, ev->ms, ev->serial, ev->has_syscall,
		    ev->arch, ev->syscall, ev->success, ev->exit, ev->has_exit);
	strbuf_addf(sb, "args=%llx,%llx,%llx,%llx pid=%lld ppid=%lld auid=%llu uid=%llu ",
		    ev->sysargs[0], ev->sysargs[1], ev->sysargs[2], ev->sysargs[3], ev->pid,
		    ev->ppid, ev->auid, ev->uid);
	describe_str(sb, "sysname", ev->syscall_name);
	describe_str(sb, "comm", ev->comm);
	describe_str(sb, "exe", ev->exe);
	describe_str(sb, "subj", ev->subj);
	describe_str(sb, "key", ev->key);
	describe_str(sb, "cwd", ev->cwd);
	describe_str(sb, "proctitle", ev->proctitle);
	describe_str(sb, "systext", ev->syscall_text);
	describe_loc(sb, "sysloc", ev->syscall_loc);
	strbuf_addf(sb, "\nsock=%d/%d ", ev->sock_family, ev->sock_port);
	describe_str(sb, "sockpath", ev->sock_path);
	for (size_t i = 0; i < ev->n_paths; i++) {
		const struct event_path *p = &ev->paths[i];

		strbuf_addf(sb, "\npath%zu inode=%llu/%d ", i, p->inode, p->has_inode);
		describe_str(sb, "name", p->name);
		describe_str(sb, "nametype", p->nametype);
		describe_str(sb, "obj", p->obj);
	}
	for (size_t i = 0; i < ev->n_avcs; i++) {
		const struct avc *a = &ev->avcs[i];

		strbuf_addf(
			sb,
			"\navc%zu denied=%d permissive=%d user=%d ino=%llu/%d cap=%d port=%d pid=%lld ",
			i, a->denied, a->permissive, a->user_space, a->ino, a->has_ino,
			a->capability, a->port, a->pid);
		describe_str(sb, "sender", a->sender_subj);
		describe_str(sb, "perms", a->perms);
		describe_str(sb, "tclass", a->tclass);
		describe_str(sb, "scontext", a->scontext);
		describe_str(sb, "tcontext", a->tcontext);
		describe_str(sb, "name", a->name);
		describe_str(sb, "path", a->path);
		describe_str(sb, "dev", a->dev);
		describe_str(sb, "comm", a->comm);
		describe_str(sb, "text", a->text);
		describe_loc(sb, "loc", a->loc);
		describe_str(sb, "apparmor", a->apparmor);
		describe_str(sb, "operation", a->operation);
		describe_str(sb, "profile", a->profile);
		describe_str(sb, "denied_mask", a->denied_mask);
	}
	strbuf_addf(sb, "\nselinux_err=%zu seccomp=%d", ev->n_selinux_err, sc->present);
	if (sc->present) {
		strbuf_addf(sb, " arch=%x nr=%d code=%lx pid=%lld ", sc->arch, sc->syscall,
			    sc->code, sc->pid);
		describe_str(sb, "name", sc->syscall_name);
		describe_str(sb, "comm", sc->comm);
		describe_str(sb, "exe", sc->exe);
		describe_str(sb, "subj", sc->subj);
		describe_str(sb, "text", sc->text);
		describe_loc(sb, "loc", sc->loc);
	}
	strbuf_addf(sb, "\nargc=%lld", ev->argc);
	for (size_t i = 0; i < ev->n_args; i++)
		describe_str(sb, " arg", ev->args[i]);
	strbuf_addch(sb, '\n');
}

/*
 * @text (one event's records, one per line) as another repeat of the event: every stamp made
 * the same other one, every "pid=" and "ppid=" run of digits wherever it stands (quoted text
 * too) replaced by another number.
 */
static void
event_repeat_text(const char *text, size_t len, struct strbuf *out)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *stamp = NULL, *close = NULL;

		if ((size_t)(end - p) > 11 && memcmp(p, " msg=audit(", 11) == 0) {
			stamp = p;
			for (close = p + 11; close < end && *close != '\n'; close++)
				if (close[0] == ')' && end - close >= 3 && close[1] == ':' &&
				    close[2] == ' ')
					break;
		}
		if (stamp && close < end && *close == ')') {
			strbuf_addstr(out, " msg=audit(1888888888.321:4242");
			p = close;
			continue;
		}
		if ((size_t)(end - p) > 4 && memcmp(p, "pid=", 4) == 0 &&
		    isdigit((unsigned char)p[4])) {
			unsigned long long v = 0;

			p += 4;
			while (p < end && isdigit((unsigned char)*p))
				v = v * 10 + (unsigned long long)(*p++ - '0');
			strbuf_addf(out, "pid=%llu", (v + 1111) % 1000000000000ULL);
			continue;
		}
		strbuf_addch(out, *p++);
	}
}

#endif
