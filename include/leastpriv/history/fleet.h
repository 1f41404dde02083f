/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fleet report: per-host JSON reports (leastpriv report --output json=...) merged into
 * one (docs/fleet.schema.json), with a section per host and per image, totals that are the
 * sum of the hosts', and each piece of advice or admin finding that several hosts share as one
 * row with its hosts.
 */
#ifndef LEASTPRIV_FLEET_H
#define LEASTPRIV_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "leastpriv/advise/advice.h"
#include "leastpriv/base/hmap.h"
#include "leastpriv/base/strbuf.h"

/* What a host, an image or the whole fleet holds. */
struct fleet_counts {
	size_t containers, advice, admin;
	size_t by_severity[SEVERITY_MAX]; /* advice and admin findings together */
};

struct fleet_host {
	char *host; /* the report's history.host, else its file's name */
	char *file;
	struct fleet_counts counts;
};

/* A piece of advice or an admin finding, one row however many hosts have it. */
struct fleet_row {
	char *title, *severity, *kind;
	char **hosts; /* each host once */
	size_t n_hosts;
	size_t count; /* its occurrences (containers, or admin findings) over all hosts */
};

/* An image's containers over the fleet ("" when no inspect data named it). */
struct fleet_image {
	char *image;
	char **hosts;
	size_t n_hosts;
	struct fleet_counts counts;
};

struct fleet {
	struct fleet_host *hosts;
	size_t n_hosts;
	struct fleet_row **rows;
	size_t n_rows;
	struct hmap by_key; /* severity + kind + title -> row */
	struct fleet_image **images;
	size_t n_images;
	struct hmap by_image; /* image -> struct fleet_image */
	struct fleet_counts totals;
};

void fleet_init(struct fleet *f);
void fleet_done(struct fleet *f);
/* Add the report at @path; 0, or -errno / -EBADMSG with the reason in @err. */
int fleet_add(struct fleet *f, const char *path, struct strbuf *err);
/* Whether fleet_render() writes @format. */
bool fleet_format_known(const char *format);
/* Write the fleet report as "text", "json" or "markdown"; 0, or -EIO. */
int fleet_render(const struct fleet *f, const char *format, FILE *out);

#endif
