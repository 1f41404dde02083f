/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reports' history in SQLite: runs, the checkpoint, and each finding's runs. */
#include <errno.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "leastpriv/history/history.h"
#include "leastpriv/base/util.h"

static const char SCHEMA[] =
	"PRAGMA journal_mode=WAL;"
	"CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, host "
	"TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS marks (node TEXT PRIMARY KEY, sec INTEGER NOT NULL, ms "
	"INTEGER NOT NULL, serial INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS findings (id TEXT PRIMARY KEY, container TEXT NOT NULL, "
	"title TEXT NOT NULL, severity TEXT NOT NULL, first_run INTEGER NOT NULL, last_run "
	"INTEGER NOT NULL, runs INTEGER NOT NULL, resolved_run INTEGER);";

static void
say_error(struct history *h, struct strbuf *err, const char *what)
{
	strbuf_addf(err, "%s: %s", what, h->db ? sqlite3_errmsg(h->db) : "no database");
}

int
history_open(struct history *h, const char *path, struct strbuf *err)
{
	memset(h, 0, sizeof(*h));
	if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		strbuf_addf(err, "%s: %s", path, h->db ? sqlite3_errmsg(h->db) : "cannot open");
		history_close(h);
		return -EIO;
	}
	sqlite3_busy_timeout(h->db, 10000);
	if (sqlite3_exec(h->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK) {
		strbuf_addf(err, "%s: ", path);
		say_error(h, err, "not a leastpriv history");
		history_close(h);
		return -EIO;
	}
	return 0;
}

void
history_close(struct history *h)
{
	if (h->db)
		sqlite3_close(h->db);
	h->db = NULL;
}

int
history_load_checkpoint(struct history *h, struct checkpoint *ret)
{
	sqlite3_stmt *st;

	memset(ret, 0, sizeof(*ret));
	if (sqlite3_prepare_v2(h->db, "SELECT node, sec, ms, serial FROM marks", -1, &st, NULL) !=
	    SQLITE_OK)
		return -EIO;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *node = (const char *)sqlite3_column_text(st, 0);

		checkpoint_note(ret, node, node ? strlen(node) : 0, sqlite3_column_int64(st, 1),
				(uint32_t)sqlite3_column_int64(st, 2),
				(uint64_t)sqlite3_column_int64(st, 3));
	}
	sqlite3_finalize(st);
	return 0;
}

static int
exec_bound(struct history *h, const char *sql, const char *const *texts, size_t n_texts,
	   const int64_t *numbers, size_t n_numbers)
{
	sqlite3_stmt *st;
	int r;

	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	for (size_t i = 0; i < n_texts; i++)
		sqlite3_bind_text(st, (int)i + 1, texts[i], -1, SQLITE_TRANSIENT);
	for (size_t i = 0; i < n_numbers; i++)
		sqlite3_bind_int64(st, (int)(n_texts + i) + 1, numbers[i]);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	return r == SQLITE_DONE || r == SQLITE_ROW ? 0 : -EIO;
}

static int
record_finding(struct history *h, const char *id, const char *container, const char *title,
	       enum severity severity)
{
	const char *texts[] = { id, container, title, severity_name(severity) };
	int64_t run[] = { h->run };

	return exec_bound(h,
			  "INSERT INTO findings (id, container, title, severity, first_run, "
			  "last_run, runs) VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1) ON CONFLICT(id) DO "
			  "UPDATE SET container = ?2, title = ?3, severity = ?4, runs = runs + "
			  "(last_run != ?5), last_run = ?5, resolved_run = NULL",
			  texts, 4, run, 1);
}

/*
 * The findings of this run: each finding of each advice by its stable id, and each admin
 * finding by its own.
 */
static int
record_findings(struct history *h, const struct report *r)
{
	for (size_t i = 0; i < r->n_containers; i++) {
		const struct container_advice *ca = report_container(r, i);

		for (size_t k = 0; k < ca->n_items; k++) {
			const struct advice *adv = ca->items[k];

			for (size_t j = 0; j < adv->n_findings; j++)
				if (record_finding(h, adv->findings[j]->id, ca->container->label,
						   adv->title, adv->severity) < 0)
					return -EIO;
		}
	}
	for (size_t i = 0; i < r->counts.admin; i++) {
		struct admin_finding af;
		int rc;

		report_admin_finding(r, i, &af);
		rc = record_finding(h, af.id, af.subject, af.title, af.severity);
		admin_finding_done(&af);
		if (rc < 0)
			return -EIO;
	}
	return 0;
}

static int
record_marks(struct history *h, const struct checkpoint *seen)
{
	for (size_t i = 0; i < seen->n; i++) {
		const struct checkpoint_mark *m = &seen->marks[i];
		const char *texts[] = { m->node };
		int64_t nums[] = { m->sec, m->ms, (int64_t)m->serial };

		/* only forward: a log read again from an older rotation never moves a mark back */
		if (exec_bound(h,
			       "INSERT INTO marks (node, sec, ms, serial) VALUES (?1, ?2, ?3, ?4) "
			       "ON CONFLICT(node) DO UPDATE SET sec = ?2, ms = ?3, serial = ?4 "
			       "WHERE (?2, ?3, ?4) > (sec, ms, serial)",
			       texts, 1, nums, 3) < 0)
			return -EIO;
	}
	return 0;
}

/* Every finding this run saw or resolved, new first. */
static int
read_entries(struct history *h, struct history_entry **ret, size_t *ret_n)
{
	sqlite3_stmt *st;
	size_t cap = 0;

	*ret = NULL;
	*ret_n = 0;
	if (sqlite3_prepare_v2(
		    h->db,
		    "SELECT f.id, f.container, f.title, f.severity, f.first_run = ?1, "
		    "f.resolved_run = ?1, f.runs, r.at FROM findings f JOIN runs r ON r.id = "
		    "f.first_run WHERE f.last_run = ?1 OR f.resolved_run = ?1 ORDER BY "
		    "f.resolved_run = ?1, f.first_run != ?1, f.container, f.title, f.id",
		    -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, h->run);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct history_entry *e;

		*ret = xgrow(*ret, &cap, *ret_n + 1, sizeof(**ret));
		e = &(*ret)[(*ret_n)++];
		memset(e, 0, sizeof(*e));
		snprintf(e->id, sizeof(e->id), "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(e->container, sizeof(e->container), "%s",
			 (const char *)sqlite3_column_text(st, 1));
		snprintf(e->title, sizeof(e->title), "%s",
			 (const char *)sqlite3_column_text(st, 2));
		snprintf(e->severity, sizeof(e->severity), "%s",
			 (const char *)sqlite3_column_text(st, 3));
		e->status = sqlite3_column_int(st, 5)   ? STATUS_RESOLVED
			    : sqlite3_column_int(st, 4) ? STATUS_NEW
							: STATUS_OPEN;
		e->runs = sqlite3_column_int64(st, 6);
		e->first_seen = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	return 0;
}

int
history_record(struct history *h, int64_t now, const char *host, const struct report *r,
	       const struct checkpoint *seen, struct history_entry **ret, size_t *ret_n,
	       struct strbuf *err)
{
	const char *texts[] = { host };
	int64_t at[] = { now };
	sqlite3_stmt *st;

	if (sqlite3_exec(h->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		say_error(h, err, "history");
		return -EIO;
	}
	if (sqlite3_prepare_v2(h->db, "SELECT COALESCE(MAX(id), 0) FROM runs", -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			h->previous = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (exec_bound(h, "INSERT INTO runs (at, host) VALUES (?2, ?1)", texts, 1, at, 1) < 0)
		goto fail;
	h->run = sqlite3_last_insert_rowid(h->db);
	if (record_findings(h, r) < 0 || record_marks(h, seen) < 0)
		goto fail;
	/* what the last run saw and this one did not: resolved now */
	{
		int64_t nums[] = { h->run, h->previous };

		if (exec_bound(h,
			       "UPDATE findings SET resolved_run = ?1 WHERE last_run = ?2 AND "
			       "resolved_run IS NULL AND ?2 != 0",
			       NULL, 0, nums, 2) < 0)
			goto fail;
	}
	if (read_entries(h, ret, ret_n) < 0)
		goto fail;
	if (sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	say_error(h, err, "history");
	sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	return -EIO;
}

int
history_trend(struct history *h, size_t max, struct trend_point **ret, size_t *ret_n)
{
	sqlite3_stmt *st;
	size_t cap = 0;

	*ret = NULL;
	*ret_n = 0;
	if (sqlite3_prepare_v2(h->db,
			       "SELECT id, at FROM (SELECT id, at FROM runs ORDER BY id DESC LIMIT "
			       "?1) ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, (int64_t)max);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct trend_point *p;

		*ret = xgrow(*ret, &cap, *ret_n + 1, sizeof(**ret));
		p = &(*ret)[(*ret_n)++];
		p->run = sqlite3_column_int64(st, 0);
		p->at = sqlite3_column_int64(st, 1);
		p->open = 0;
	}
	sqlite3_finalize(st);
	if (!*ret_n)
		return 0;
	/* one pass over the findings: open after run r when seen by then and not resolved by then
	 */
	if (sqlite3_prepare_v2(h->db,
			       "SELECT first_run, resolved_run FROM findings WHERE resolved_run IS "
			       "NULL OR resolved_run > ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, (*ret)[0].run);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t first = sqlite3_column_int64(st, 0);
		bool resolved = sqlite3_column_type(st, 1) != SQLITE_NULL;
		int64_t gone = resolved ? sqlite3_column_int64(st, 1) : INT64_MAX;

		for (size_t k = 0; k < *ret_n; k++)
			if (first <= (*ret)[k].run && gone > (*ret)[k].run)
				(*ret)[k].open++;
	}
	sqlite3_finalize(st);
	return 0;
}
