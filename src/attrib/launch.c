/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Containers the log saw start: runtimes, monitors and engine commands, from their execs. */
#include <stdint.h>
#include <string.h>

#include "leastpriv/attrib/launch.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/attrib/pid_key.h"
#include "leastpriv/base/util.h"

void
launches_init(struct launches *l)
{
	memset(l, 0, sizeof(*l));
	hmap_init(&l->by_pid);
	hmap_init(&l->by_id);
	hmap_init(&l->commands);
}

static void
free_words(void *p)
{
	char **w = p;

	for (size_t i = 0; w && w[i]; i++)
		free(w[i]);
	free(w);
}

void
launches_done(struct launches *l)
{
	for (size_t i = 0; i < l->n; i++) {
		inspect_container_done(&l->list[i]->c);
		free(l->list[i]);
	}
	free(l->list);
	hmap_done(&l->by_pid, NULL);
	hmap_done(&l->by_id, NULL);
	hmap_done(&l->commands, free_words);
	memset(l, 0, sizeof(*l));
}

/* A container id as the engines write them: letters, digits, '_', '.', '-'; 1 to 128. */
static bool
is_container_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 128 || s[0] == '-' || s[0] == '.')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

/* The container @id of @node the log saw start, or NULL. */
static struct launched *
launched_find(struct launches *l, const char *node, const char *id)
{
	char *key = xasprintf("%s\x1f%s", node ? node : "", id);
	struct launched *x = hmap_get(&l->by_id, key, strlen(key));

	free(key);
	return x;
}

static struct launched *
launched_of(struct launches *l, const char *node, const char *id)
{
	char *key = xasprintf("%s\x1f%s", node ? node : "", id);
	struct launched *x = hmap_get(&l->by_id, key, strlen(key));
	struct hmap_entry *e;

	if (x || l->n >= LAUNCHES_MAX) {
		l->not_kept += !x;
		free(key);
		return x;
	}
	e = hmap_put(&l->by_id, key, strlen(key));
	free(key);
	x = xcalloc(1, sizeof(*x));
	x->c.id = xstrdup(id);
	x->c.name = xstrdup("");
	x->c.image = xstrdup("");
	x->c.process_label = xstrdup("");
	x->c.mount_label = xstrdup("");
	x->c.source_file = xstrdup(LAUNCH_SOURCE);
	x->c.started = x->c.finished = -1;
	x->node = node;
	l->list = xrealloc(l->list, (l->n + 1) * sizeof(*l->list));
	l->list[l->n++] = x;
	e->value = x;
	return x;
}

/* The value of option @name (and its -x short form @alt) in @args: "-n X" or "--name=X". */
static const char *
option_value(const char *const *args, size_t n, const char *name, const char *alt)
{
	size_t len = strlen(name);

	for (size_t i = 1; i < n; i++) {
		if (!args[i])
			continue;
		if ((streq(args[i], name) || (alt && streq(args[i], alt))) && i + 1 < n)
			return args[i + 1];
		if (strncmp(args[i], name, len) == 0 && args[i][len] == '=')
			return args[i] + len + 1;
	}
	return NULL;
}

static bool
has_word(const char *const *args, size_t n, const char *word)
{
	for (size_t i = 1; i < n; i++)
		if (args[i] && streq(args[i], word))
			return true;
	return false;
}

/*
 * runc/crun create: the last word is the container's id; its pid and parent are the
 * container's.  runc/crun delete: the container is gone, and its pids free for others.
 */
static void
note_runtime(struct launches *l, const char *node, long long pid, long long ppid, int64_t sec,
	     const char *const *args, size_t n)
{
	struct launched *x;
	struct hmap_entry *e;
	struct pid_key k;

	if (!is_container_id(args[n - 1]))
		return;
	if (has_word(args, n, "delete")) {
		x = launched_find(l, node, args[n - 1]);
		if (x)
			x->c.finished = sec;
		return;
	}
	if (!(has_word(args, n, "create") || has_word(args, n, "run")))
		return;
	x = launched_of(l, node, args[n - 1]);
	if (!x)
		return;
	/* started (again: a restart keeps the id) */
	x->c.started = sec;
	x->c.finished = -1;
	k = pid_key(node, pid);
	e = hmap_put(&l->by_pid, k.bytes, sizeof(k.bytes));
	e->value = x;
	if (ppid > 1) {
		k = pid_key(node, ppid);
		e = hmap_put(&l->by_pid, k.bytes, sizeof(k.bytes));
		e->value = x;
	}
}

/*
 * conmon -c ID -n NAME: the container's name.  containerd-shim-runc-v2 -id ID (docker's): no
 * name, but the shim is the parent of the container's first process.
 */
static void
note_monitor(struct launches *l, const char *node, long long pid, const char *const *args, size_t n)
{
	const char *shim_id = option_value(args, n, "-id", NULL);
	const char *id = shim_id ? shim_id : option_value(args, n, "--cid", "-c");
	const char *name = option_value(args, n, "--name", "-n");
	struct launched *x;

	if (!is_container_id(id))
		return;
	/* the shim that stays (not its "start", which only spawns it) */
	if (shim_id && !has_word(args, n, "start") && (x = launched_of(l, node, id))) {
		struct pid_key k = pid_key(node, pid);

		hmap_put(&l->by_pid, k.bytes, sizeof(k.bytes))->value = x;
		return;
	}
	if (!name || !*name)
		return;
	x = launched_of(l, node, id);
	if (x && !*x->c.name) {
		free(x->c.name);
		x->c.name = xstrdup(name);
	}
}

/* podman/docker run or create with --name: the command that made the container. */
static void
note_command(struct launches *l, const char *const *args, size_t n)
{
	const char *name = option_value(args, n, "--name", NULL);
	struct hmap_entry *e;
	size_t bytes = 0;
	char **copy;

	if (!name || !*name || n > LAUNCH_COMMAND_WORDS ||
	    !(has_word(args, n, "run") || has_word(args, n, "create")))
		return;
	for (size_t i = 0; i < n; i++) {
		if (!args[i])
			return; /* a word the log lost: no command to rewrite */
		bytes += strlen(args[i]) + 1;
	}
	if (bytes > LAUNCH_COMMAND_BYTES ||
	    (l->commands.size >= LAUNCHES_MAX && !hmap_get(&l->commands, name, strlen(name))))
		return;
	copy = xcalloc(n + 1, sizeof(*copy));
	for (size_t i = 0; i < n; i++)
		copy[i] = xstrdup(args[i]);
	e = hmap_put(&l->commands, name, strlen(name));
	free_words(e->value);
	e->value = copy;
}

void
launches_note_exec(struct launches *l, const char *node, long long pid, long long ppid, int64_t sec,
		   const char *const *args, size_t n)
{
	const char *base;

	if (n < 2 || !args[0])
		return;
	base = strrchr(args[0], '/') ? strrchr(args[0], '/') + 1 : args[0];
	if (engine_is_runtime_name(base))
		note_runtime(l, node, pid, ppid, sec, args, n);
	else if (engine_is_monitor_name(base))
		note_monitor(l, node, pid, args, n);
	else if (engine_is_client_name(args[0]))
		note_command(l, args, n);
}

const struct inspect_container *
launches_by_pid(const struct launches *l, const char *node, long long pid, int64_t sec)
{
	struct pid_key k = pid_key(node, pid);
	const struct launched *x = hmap_get(&l->by_pid, k.bytes, sizeof(k.bytes));

	/* the delete comes after the container's last process ended: later events are others' */
	if (!x || (x->c.finished >= 0 && sec > x->c.finished))
		return NULL;
	return &x->c;
}

char *const *
launches_command_of(const struct launches *l, const char *name)
{
	char *const *c = hmap_get(&l->commands, name, strlen(name));

	if (c)
		return c;
	/* By id: the command of the container's name. */
	for (size_t i = 0; i < l->n; i++) {
		const struct inspect_container *x = &l->list[i]->c;

		if (*x->name && strlen(name) >= 4 && startswith(x->id, name))
			return hmap_get(&l->commands, x->name, strlen(x->name));
	}
	return NULL;
}
