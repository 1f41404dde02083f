/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `leastpriv watch`: an auditd plugin.  auditd writes every event to its standard input (a
 * plugins.d file with format = string); each new finding of a container is said once, the
 * moment it is folded, as one line to syslog (or --output), with the finding's id and the
 * `leastpriv why` that explains it.  auditd must never wait on it: a reader thread takes each
 * line from auditd as it comes into a bounded queue, and the analysis works from the queue;
 * when the analysis is behind and the queue full, whole lines are dropped, counted and said.
 * Lines past the rate limit are counted and said, not queued.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "leastpriv/cmd/evidence_args.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/knowledge/caps.h"
#include "leastpriv/base/util.h"

/* A stream quiet this long has delivered its last event whole. */
#define SETTLE_MS 500
/* At most this many lines a second; the rest are counted. */
#define LINES_PER_SECOND 20
/* The bytes of records waiting for the analysis, by default: minutes of a busy host's log. */
#define QUEUE_BYTES_DEFAULT (16 * 1024 * 1024)

enum { WATCH_OUTPUT = 100, WATCH_QUEUE_BYTES };

struct watch_args {
	struct evidence_args ea;
	const char *output; /* a file, "-" for standard output, NULL for syslog */
	size_t queue_bytes;
};

static const struct option_spec options[] = {
	{ "output", 0, "FILE", "write the lines to FILE (- for standard output)\ninstead of syslog",
	  WATCH_OUTPUT },
	{ "queue-bytes", 0, "N",
	  "records waiting for the analysis, at most (default\n16 MiB); past it lines are dropped "
	  "and counted",
	  WATCH_QUEUE_BYTES },
	OPT_EOE_TIMEOUT,
	{ 0 },
};

static void *
state_new(void)
{
	struct watch_args *w = xcalloc(1, sizeof(*w));

	evidence_args_init(&w->ea);
	w->queue_bytes = QUEUE_BYTES_DEFAULT;
	return w;
}

static void
state_free(void *state)
{
	struct watch_args *w = state;

	evidence_args_done(&w->ea);
	free(w);
}

static int
on_option(void *state, int id, const char *arg, struct strbuf *err)
{
	struct watch_args *w = state;

	if (id == WATCH_OUTPUT) {
		w->output = arg;
		return 0;
	}
	if (id == WATCH_QUEUE_BYTES) {
		char *end;
		unsigned long long n;

		errno = 0;
		n = strtoull(arg, &end, 10);
		if (errno || end == arg || *end || n < 4096 || n > (1ULL << 32)) {
			strbuf_addf(err,
				    "--queue-bytes: '%s' is not a size from 4096 to 4294967296",
				    arg);
			return -EINVAL;
		}
		w->queue_bytes = (size_t)n;
		return 0;
	}
	return evidence_args_on_option(&w->ea, id, arg, err);
}

/* A block of whole lines read from auditd. */
struct chunk {
	struct chunk *next;
	size_t len;
	char data[];
};

/* Between the reader thread and the analysis. */
struct queue {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct chunk *head, *tail;
	size_t bytes, max_bytes;
	size_t lines_read, lines_dropped; /* since the start */
	bool ended;                       /* auditd closed the stream */
};

static size_t
count_lines(const char *p, size_t n)
{
	size_t lines = 0;

	for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q))); q++)
		lines++;
	return lines;
}

/*
 * Queue the whole lines at @p that the queue has room for; drop and count the others (the
 * ones after: the analysis then sees a gap, not a torn record).
 */
static void
queue_lines(struct queue *q, const char *p, size_t n)
{
	size_t lines = count_lines(p, n), room;
	struct chunk *c;

	pthread_mutex_lock(&q->lock);
	q->lines_read += lines;
	room = q->max_bytes > q->bytes ? q->max_bytes - q->bytes : 0;
	pthread_mutex_unlock(&q->lock);
	if (n > room) {
		const char *cut = room ? memrchr(p, '\n', room) : NULL;
		size_t kept = cut ? (size_t)(cut - p) + 1 : 0;

		pthread_mutex_lock(&q->lock);
		q->lines_dropped += lines - count_lines(p, kept);
		pthread_mutex_unlock(&q->lock);
		if (!kept)
			return;
		n = kept;
	}
	c = xmalloc(sizeof(*c) + n);
	c->next = NULL;
	c->len = n;
	memcpy(c->data, p, n);
	pthread_mutex_lock(&q->lock);
	if (q->tail)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	q->bytes += n;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

/*
 * The reader: standard input to the queue as fast as auditd writes, cut at line ends so that
 * a drop never tears a record.  A line longer than the buffer goes on in pieces.
 */
static void *
reader(void *data)
{
	struct queue *q = data;
	static char buf[1 << 20];
	size_t have = 0;

	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf + have, sizeof(buf) - have);
		char *last;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		last = memrchr(buf, '\n', have);
		if (!last && have < sizeof(buf))
			continue;
		{
			size_t whole = last ? (size_t)(last - buf) + 1 : have;

			queue_lines(q, buf, whole);
			memmove(buf, buf + whole, have - whole);
			have -= whole;
		}
	}
	if (have)
		queue_lines(q, buf, have);
	pthread_mutex_lock(&q->lock);
	q->ended = true;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/*
 * The next block, waiting at most SETTLE_MS: NULL when none came (*ret_ended: and none will).
 */
static struct chunk *
queue_take(struct queue *q, bool *ret_ended)
{
	struct timespec until;
	struct chunk *c;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)SETTLE_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&q->lock);
	while (!q->head && !q->ended)
		if (pthread_cond_timedwait(&q->ready, &q->lock, &until) == ETIMEDOUT)
			break;
	c = q->head;
	if (c) {
		q->head = c->next;
		if (!q->head)
			q->tail = NULL;
		q->bytes -= c->len;
	}
	*ret_ended = !c && q->ended;
	pthread_mutex_unlock(&q->lock);
	return c;
}

struct watcher {
	FILE *out;         /* NULL: syslog */
	struct hmap seen;  /* container pointer -> findings already said */
	time_t window;     /* the second the rate counts in */
	size_t in_window;  /* lines said in it */
	size_t suppressed; /* lines over the rate, not yet said */
	size_t said;
	size_t drops_said; /* dropped lines of auditd's already said */
};

static void
say(struct watcher *w, const char *line)
{
	if (w->out) {
		fprintf(w->out, "%s\n", line);
		fflush(w->out);
	} else {
		syslog(LOG_WARNING, "%s", line);
	}
	w->said++;
}

/* "container web: CHOWN missing (chown by chown, 3 times); finding ID; see: leastpriv why web" */
static void
describe(const struct finding *f, struct strbuf *sb)
{
	const char *what = f->kind == FINDING_SYSCALL || f->kind == FINDING_CAPABILITY
				   ? (caps_name(f->capability) ? caps_name(f->capability) : "?")
				   : finding_kind_name(f->kind);

	strbuf_addf(sb, "%s %s: %s %s",
		    f->container->kind == SUBJECT_UNATTRIBUTED ? "program" : "container",
		    f->container->label, what, f->kind == FINDING_SYSCALL ? "missing" : "refused");
	strbuf_addstr(sb, " (");
	for (size_t i = 0; i < f->n_perms; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", f->perms[i]);
	if (f->object)
		strbuf_addf(sb, " on %s", f->object);
	if (f->n_comms)
		strbuf_addf(sb, " by %s", f->comms[0]);
	strbuf_addf(sb, "); finding %s; see: leastpriv why %s", f->id, f->container->label);
}

/* Lines of auditd the queue had no room for, since the last time they were said. */
static void
report_drops(struct watcher *w, struct queue *q, bool final)
{
	size_t dropped, read;
	char line[256];

	pthread_mutex_lock(&q->lock);
	dropped = q->lines_dropped;
	read = q->lines_read;
	pthread_mutex_unlock(&q->lock);
	if (final)
		snprintf(line, sizeof(line),
			 "leastpriv: watch stopped: %zu lines from auditd, %zu of them dropped "
			 "while the analysis was behind",
			 read, dropped);
	else if (dropped > w->drops_said)
		snprintf(
			line, sizeof(line),
			"leastpriv: %zu lines from auditd dropped unread: the analysis fell behind "
			"and its queue was full (%zu dropped of %zu so far); leastpriv analyze on "
			"the log has them",
			dropped - w->drops_said, dropped, read);
	else
		return;
	w->drops_said = dropped;
	say(w, line);
}

/* Each finding folded since the last look, once. */
static void
report_new(struct watcher *w, const struct evidence *e)
{
	time_t now = time(NULL);

	if (now != w->window) {
		if (w->suppressed) {
			char line[160];

			snprintf(line, sizeof(line),
				 "leastpriv: %zu more findings in the last second, not said (rate "
				 "limit); leastpriv analyze has them all",
				 w->suppressed);
			say(w, line);
			w->suppressed = 0;
		}
		w->window = now;
		w->in_window = 0;
	}
	for (size_t i = 0; i < e->n_containers; i++) {
		const struct container *ct = e->list[i];
		struct hmap_entry *he = hmap_put(&w->seen, &ct, sizeof(ct));
		size_t done = (size_t)(uintptr_t)he->value;

		for (size_t j = done; j < ct->n_findings; j++) {
			struct strbuf sb;

			if (w->in_window >= LINES_PER_SECOND) {
				w->suppressed++;
				continue;
			}
			strbuf_init(&sb);
			describe(ct->findings[j], &sb);
			escape_display_line(&sb);
			say(w, sb.buf);
			strbuf_done(&sb);
			w->in_window++;
		}
		he->value = (void *)(uintptr_t)ct->n_findings;
	}
}

static enum outcome
run(void *state, int argc, char **argv, bool after_dashdash)
{
	struct watch_args *wa = state;
	static const char *const inputs[] = { "auditd", NULL };
	struct analysis_options opt = wa->ea.opt;
	struct watcher w = { 0 };
	struct queue q = { .max_bytes = wa->queue_bytes };
	struct analysis a;
	char *detail = NULL;
	pthread_t thread;
	time_t drops_checked = 0;

	(void)argv;
	(void)after_dashdash;
	if (argc) {
		fprintf(stderr,
			"leastpriv: watch: takes no operand (auditd writes to its input)\n");
		return OUTCOME_USAGE;
	}
	if (wa->output)
		w.out = streq(wa->output, "-") ? stdout : fopen(wa->output, "ae");
	if (wa->output && !w.out) {
		fprintf(stderr, "leastpriv: watch: %s: %s\n", wa->output, strerror(errno));
		return OUTCOME_INPUT_ERROR;
	}
	if (!w.out)
		openlog("leastpriv", LOG_PID, LOG_DAEMON);
	/* The host's group file and log are not this command's: only the stream is read. */
	opt.inputs = inputs;
	opt.n_inputs = 1;
	if (analysis_open(&a, &opt, &detail) != ANALYSIS_STARTED) {
		fprintf(stderr, "leastpriv: watch: %s\n", detail ? detail : "cannot start");
		free(detail);
		analysis_close(&a);
		return OUTCOME_INPUT_ERROR;
	}
	hmap_init(&w.seen);
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.ready, NULL);
	if (pthread_create(&thread, NULL, reader, &q) != 0) {
		fprintf(stderr, "leastpriv: watch: cannot start its reader thread\n");
		hmap_done(&w.seen, NULL);
		analysis_close(&a);
		return OUTCOME_INPUT_ERROR;
	}
	analysis_begin_input(&a, "auditd");
	for (;;) {
		bool ended;
		struct chunk *c = queue_take(&q, &ended);

		if (time(NULL) != drops_checked) {
			drops_checked = time(NULL);
			report_drops(&w, &q, false);
		}
		if (!c && ended)
			break;
		if (!c) { /* quiet: the last event is whole */
			analysis_settle(&a);
			report_new(&w, &a.evidence);
			continue;
		}
		analysis_feed(&a, c->data, c->len);
		free(c);
		report_new(&w, &a.evidence);
	}
	pthread_join(thread, NULL);
	pthread_mutex_destroy(&q.lock);
	pthread_cond_destroy(&q.ready);
	analysis_end_input(&a);
	analysis_settle(&a);
	report_new(&w, &a.evidence);
	w.window = 0; /* say what the rate held back */
	report_new(&w, &a.evidence);
	report_drops(&w, &q, false);
	report_drops(&w, &q, true);
	hmap_done(&w.seen, NULL);
	analysis_close(&a);
	if (w.out && w.out != stdout)
		fclose(w.out);
	if (!w.out)
		closelog();
	return OUTCOME_CLEAN;
}

const struct command command_watch = {
	.name = "watch",
	.brief = "an auditd plugin: each new finding once, as it happens",
	.usage = "watch [OPTION]...",
	.summary = "Read the events auditd dispatches to its plugins on standard input and say\n"
		   "each new finding of a container once, the moment it happens, as one line to\n"
		   "syslog: what it lacked, the finding's id and the leastpriv why to ask.",
	.details = "Install it as an auditd plugin: /etc/audit/plugins.d/leastpriv.conf with\n"
		   "active = yes, direction = out, path = /usr/bin/leastpriv, args = watch,\n"
		   "type = always, format = string; then restart auditd. A reader thread queues\n"
		   "what auditd sends so that auditd never waits; when the analysis is behind and\n"
		   "the queue full, whole lines are dropped, and how many is said.\n",
	.options = options,
	.on_option = on_option,
	.run = run,
	.state_new = state_new,
	.state_free = state_free,
};
