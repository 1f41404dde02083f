/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 2: the event model.  One finished group of records (a struct raw_event) is parsed with
 * libauparse into a normalized struct event: who (pid, auid, comm, exe, SELinux subject), what
 * (syscall and exit code, paths, socket address) and every access decision in it (AVC and
 * USER_AVC).  Every string of an event lives in the event's arena and is valid until the next
 * event_parse_next() on the same parser: stages that keep a string must copy or intern it.
 */
#ifndef LEASTPRIV_EVENT_H
#define LEASTPRIV_EVENT_H

#include <auparse.h>
#include <stdbool.h>
#include <stdint.h>

#include "leastpriv/base/arena.h"
#include "leastpriv/ingest/correlate.h"
#include "leastpriv/base/diag.h"
#include "leastpriv/base/strbuf.h"

/* One access decision (an AVC or USER_AVC record). */
struct avc {
	bool denied;     /* "denied" rather than "granted" */
	int permissive;  /* 1: logged but allowed (permissive mode), 0: enforced, -1: not said */
	bool user_space; /* USER_AVC: decided by a user-space object manager such as dbus */
	/*
	 * USER_AVC: the sender's label as the kernel wrote it (NULL when it wrote none).  The
	 * rest of a USER_AVC, scontext and tcontext included, is the sender's text.
	 */
	const char *sender_subj;
	const char *perms;    /* space-separated, as in the record: "read open" */
	const char *tclass;   /* NULL when the record was cut short */
	const char *scontext; /* subject context; NULL when missing */
	const char *tcontext;
	const char *name; /* name= (the last path component), decoded */
	const char *path; /* path= when the kernel gave a full path, decoded */
	const char *dev;
	unsigned long long ino;
	bool has_ino;
	int capability; /* capability=N, or -1 */
	int port;       /* src= (bind) or dest= (connect) port of a socket check, or -1 */
	const char *comm;
	long long pid;
	const char *text;             /* the record as read, in plain form */
	const struct record_loc *loc; /* where it came from */
	/* AppArmor decisions are logged as AVC records too (apparmor="DENIED" ...). */
	const char *apparmor;    /* DENIED, ALLOWED, AUDIT, STATUS; NULL for SELinux */
	const char *operation;   /* open, exec, capable, ... */
	const char *profile;     /* the AppArmor profile that decided */
	const char *denied_mask; /* r, w, x, ... */
};

/* A SECCOMP record: the filter's action on one syscall. */
struct seccomp {
	bool present;
	unsigned arch;
	int syscall;
	const char *syscall_name; /* libaudit's name for the record's arch; may be NULL */
	unsigned long code;       /* the filter's return value: action | data */
	long long pid;
	const char *comm, *exe, *subj;
	const char *text;
	const struct record_loc *loc;
};

/* Arguments kept from one EXECVE (the kernel caps argv far below this anyway). */
#define EVENT_ARGS_MAX 4096
/* Bytes kept of one argument: the kernel's MAX_ARG_STRLEN (32 pages). */
#define EVENT_ARG_BYTES_MAX (128 * 1024)

/* A PATH record: one file name the syscall touched. */
struct event_path {
	const char *name;     /* decoded; relative names are as the process gave them */
	const char *nametype; /* NORMAL, PARENT, CREATE, DELETE, ... */
	const char *obj;      /* the file's SELinux context, when logged */
	unsigned long long inode;
	bool has_inode;
};

struct event {
	const char *node; /* borrowed from the raw event (interned) */
	int64_t sec;
	uint32_t ms;
	uint64_t serial;

	bool has_syscall;
	unsigned arch;            /* audit arch, e.g. 0xc000003e for x86_64 */
	int syscall;              /* number, or -1 */
	const char *syscall_name; /* from libaudit's table for the record's arch; may be NULL */
	int success;              /* 1, 0, or -1 when not said */
	long long exit;           /* the syscall's return value (negative errno on failure) */
	unsigned long long sysargs[4]; /* a0..a3 (hex in the record) */
	bool has_exit;
	long long pid, ppid;
	unsigned long long auid, uid; /* (unsigned)-1 = unset */
	const char *comm, *exe, *subj, *key, *cwd, *proctitle;
	const struct record_loc *syscall_loc;
	const char *syscall_text; /* the SYSCALL record in plain form */

	struct event_path *paths;
	size_t n_paths;
	int sock_family;       /* from SOCKADDR; -1 when none */
	int sock_port;         /* inet port, or -1 */
	const char *sock_path; /* AF_UNIX path, or NULL */

	struct avc *avcs;
	size_t n_avcs;
	size_t n_selinux_err;
	struct seccomp seccomp;

	/* EXECVE: the command line; an entry is NULL where the log lost that argument. */
	long long argc; /* as the record says; -1 without EXECVE */
	const char **args;
	size_t n_args;

	/* storage */
	size_t cap_paths, cap_avcs, cap_args;
	struct strbuf joined; /* the argument being joined from aN[k] pieces */
	size_t joining;       /* its index, or SIZE_MAX */
	struct arena arena;
};

struct event_parser {
	auparse_state_t *au;
	struct event ev;
	struct diag *diag;           /* borrowed */
	const struct raw_event *raw; /* the group being parsed, or NULL */
};

/* Returns 0, or -errno when libauparse cannot be set up. */
int event_parser_init(struct event_parser *p, struct diag *diag);
void event_parser_done(struct event_parser *p);
/*
 * Parse @raw (borrowed until event_parse_next() returns NULL): then event_parse_next() returns
 * each event in it (usually one; a group that repeats a final record, as logs pasted twice do,
 * yields several) and NULL after the last.  An event is valid until the next call.  Records
 * that lack needed fields are reported to the diag.
 */
void event_parse_begin(struct event_parser *p, const struct raw_event *raw);
const struct event *event_parse_next(struct event_parser *p);

/*
 * A copy of @ev in one allocation (free() it), *ret_size bytes: the arrays and strings of the
 * event, but not what belongs to the records it was read from (node, the record texts and
 * their locations: NULL in the copy) nor the parser's storage.  For stages that keep an event
 * beyond the next event_parse_next().
 */
struct event *event_clone(const struct event *ev, size_t *ret_size);

/*
 * Decode an audit field value the way the kernel encodes untrusted strings: "quoted" text is
 * taken as is, an even-length run of hex digits is decoded, anything else is taken verbatim.
 * The result is NUL-terminated in @arena (embedded NUL bytes, as in proctitle's argv, become
 * spaces).
 */
const char *event_decode_value(struct arena *arena, const char *value);

#endif
