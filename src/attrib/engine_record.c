/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A container's record from its engine's command line: `ENGINE inspect --type container NAME`. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "leastpriv/attrib/engine_record.h"
#include "leastpriv/knowledge/engines.h"
#include "leastpriv/base/util.h"

extern char **environ;

/* Run @argv, its stdout into @out (bounded), stderr dropped.  The exit status, or -errno. */
static int
run_capture(char *const *argv, struct strbuf *out, struct strbuf *err)
{
	posix_spawn_file_actions_t fa;
	int64_t deadline = monotonic_ms() + ENGINE_RECORD_SECONDS * 1000;
	int fds[2], status = 0, r;
	bool too_big = false, late = false;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (r != 0) {
		close(fds[0]);
		return -r;
	}
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		int64_t left = deadline - monotonic_ms();
		char buf[65536];
		ssize_t n;

		if (left <= 0) {
			late = true;
			break;
		}
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			break;
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out->len + (size_t)n > ENGINE_RECORD_MAX) {
			too_big = true;
			break;
		}
		strbuf_add(out, buf, (size_t)n);
	}
	close(fds[0]);
	if (late || too_big)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (late || too_big) {
		strbuf_addf(err, "%s inspect: %s", argv[0],
			    late ? "no answer within 30 s" : "an answer over 16 MiB");
		return -EIO;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int
engine_record_fetch(const char *name, struct strbuf *out, const char **ret_engine,
		    struct strbuf *err)
{
	for (size_t i = 0; engine_client_name(i); i++) {
		const char *engine = engine_client_name(i);
		char *argv[] = { (char *)engine,
				 (char *)"inspect",
				 (char *)"--type",
				 (char *)"container",
				 (char *)"--",
				 (char *)name,
				 NULL };
		size_t before = out->len;
		int r = run_capture(argv, out, err);

		if (r == -EIO)
			return r;
		if (r == 0 && out->len > before) {
			*ret_engine = engine;
			return 0;
		}
		out->len = before; /* not this engine's, or it is not installed */
		if (out->buf)
			out->buf[before] = '\0';
	}
	return -ENOENT;
}
