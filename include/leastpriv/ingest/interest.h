/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage 1c: which events are worth parsing.  Most of a busy host's log is syscalls of host
 * processes that no advice can use; this module decides from a record's raw bytes, before
 * libauparse sees it, whether its event can be evidence.  It owns that decision and nothing
 * else: a record it passes is parsed, one it refuses costs only this look.
 */
#ifndef LEASTPRIV_INTEREST_H
#define LEASTPRIV_INTEREST_H

#include "leastpriv/ingest/record.h"

enum interest {
	INTEREST_MAC = 1 << 0,       /* an access decision: worth parsing */
	INTEREST_CONTAINER = 1 << 1, /* a syscall of a container process */
	INTEREST_FAILED = 1 << 2,    /* a failed syscall: perhaps a missing capability */
	INTEREST_ENGINE = 1 << 3,    /* a docker/podman command line */
};

/* The interest bits of one record (0: nothing in it is evidence); a correlate_classify_fn. */
unsigned interest_of_record(const struct record *r);

#endif
