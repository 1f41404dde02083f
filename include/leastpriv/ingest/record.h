/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1a: finding audit records in a line of text.  Pure functions, no allocation: the
 * record's fields point into the line.
 *
 * Accepted shapes: auditd's own `[node=N ]type=T msg=audit(SEC.MS:SERIAL): body[0x1d enrich]`,
 * the same behind a syslog or kernel console prefix (`... audit: type=1400 audit(...): ...`),
 * several records run together on one line, `host=` for `node=`, and the timestamps of
 * `ausearch -i` (`MM/DD/YYYY HH:MM:SS.mmm:SERIAL`, read as UTC).
 *
 * A user-space message's msg='...' text belongs to its sender: a header inside it is never
 * taken for a record (the sender would choose its time, serial and node), only flagged.
 * Timestamps after the year 9999 are refused as unreadable.
 */
#ifndef LEASTPRIV_RECORD_H
#define LEASTPRIV_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct record {
	const char *node; /* NULL when the record names no node */
	size_t node_len;
	int type;              /* AUDIT_* number; -1 when the name is unknown to libaudit */
	const char *type_name; /* points into the line */
	size_t type_name_len;
	int64_t sec;
	uint32_t ms;
	uint64_t serial;
	const char *body; /* the fields after "): " up to the enrichment or the next record */
	size_t body_len;
	const char *enrich; /* after the 0x1d separator; NULL when absent */
	size_t enrich_len;
	/*
	 * A user-space message's msg='...' text: written by the sending process, not the kernel
	 * (see "What leastpriv trusts" in the README).  NULL when the record has none.
	 */
	const char *sender_text;
	size_t sender_text_len;
	bool carries_header; /* the sender's text holds something shaped like a record header */
	/*
	 * A rendering without the record's own stamp (journald's "audit[PID]: AVC ...", a bare
	 * "avc:  denied" or apparmor="DENIED" line): sec is the line's prefix time, 0 when it
	 * has none, and the serial is the caller's to give.
	 */
	bool rendered;
};

enum record_scan {
	RECORD_FOUND,      /* *ret holds a record; scanning goes on at *ret_next */
	RECORD_END,        /* no further record on this line */
	RECORD_BAD_HEADER, /* a header was found but its type or timestamp is unreadable */
};

/*
 * Find the next record in @line (@len bytes) starting at offset @from.  On RECORD_FOUND fills
 * *ret and stores in *ret_next where the next search starts.  On RECORD_BAD_HEADER stores a
 * static description in *ret_why, the record's type in ret->type (the rest of *ret is undefined)
 * and in *ret_next the offset after the bad header.  @line need
 * not be NUL-terminated.
 */
enum record_scan record_scan(const char *line, size_t len, size_t from, struct record *ret,
			     size_t *ret_next, const char **ret_why);

/*
 * The value of field @name of @r among the fields the kernel wrote (before a user-space
 * message's own text).  Returns false when there is none; the value points into the line.
 */
bool record_kernel_field(const struct record *r, const char *name, const char **ret,
			 size_t *ret_len);
/*
 * The decimal number after @field (written with its leading space and '=', " pid=") in @r's
 * body, or -1 when there is none or it has more than 18 digits (no field read has: longer is
 * garbage, not a number to wrap).
 */
long long record_body_number(const struct record *r, const char *field);
/*
 * A record in the renderings that drop the record's header: journald's `audit[PID]: TYPE body`
 * and `audit: TYPE body` (TYPE a name libaudit knows), and lines that hold only an SELinux
 * `avc:  denied|granted ...` or AppArmor `apparmor="..."` message (dbus-broker, setroubleshoot,
 * dmesg and copies stripped of their prefix), both AVC.  The time comes from a syslog
 * ("May 24 03:04:10", in the year that puts it nearest @now) or ISO 8601 prefix, else 0.  For lines
 * record_scan() finds nothing in; false when this is not one either.
 */
bool record_scan_rendered(const char *line, size_t len, time_t now, struct record *ret);
/* Whether records of @type are user-space messages (sent over netlink, AUDIT_USER_*). */
bool record_is_user_message(int type);

/* True for lines that ausearch writes between events ("----", "time->..."). */
bool record_is_separator(const char *line, size_t len);

#endif
