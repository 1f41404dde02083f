/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fleet report: per-host JSON reports (leastpriv report --output json=...) merged into
 * one, with a section per host, totals that are the sum of the hosts', and each piece of
 * advice that several hosts share as one row with its hosts.
 */
#ifndef LEASTPRIV_FLEET_H
#define LEASTPRIV_FLEET_H

#include <stddef.h>
#include <stdio.h>

#include "leastpriv/advise/advice.h"
#include "leastpriv/base/hmap.h"
#include "leastpriv/base/strbuf.h"

struct fleet_host {
	char *host; /* the report's history.host, else its file's name */
	char *file;
	size_t containers, advice;
	size_t by_severity[SEVERITY_MAX];
};

struct fleet_row {
	char *title, *severity, *kind;
	char **hosts; /* each host once */
	size_t n_hosts;
	size_t count; /* containers, over all hosts, with this advice */
};

struct fleet {
	struct fleet_host *hosts;
	size_t n_hosts;
	struct fleet_row **rows;
	size_t n_rows;
	struct hmap by_key; /* severity + kind + title -> row */
	size_t advice;
	size_t by_severity[SEVERITY_MAX];
};

void fleet_init(struct fleet *f);
void fleet_done(struct fleet *f);
/* Add the report at @path; 0, or -errno / -EBADMSG with the reason in @err. */
int fleet_add(struct fleet *f, const char *path, struct strbuf *err);
/* Write the fleet report as "text" or "json"; 0, or -EIO. */
int fleet_render(const struct fleet *f, const char *format, FILE *out);

#endif
