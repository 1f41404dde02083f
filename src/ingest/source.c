/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stage 1: which files to read, and their bytes, plain or gzip. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "leastpriv/ingest/source.h"
#include "leastpriv/base/util.h"

/*
 * A reader over a descriptor: plain text, or gzip (told by its first two bytes, also on a
 * pipe) decompressed with zlib's inflate, member after member.  inflate rather than gzread:
 * every byte decompressed is delivered before an error is reported, and the end of the input
 * in the middle of a stream (a truncated file) is told from its proper end.
 */
struct source_input {
	int fd;
	bool gzip, inflating, eof;
	z_stream zs;
	unsigned char *raw; /* bytes read but not yet used */
	size_t raw_len;
	int zerr; /* after the data: Z_BUF_ERROR (truncated), Z_DATA_ERROR, ...; Z_OK if none */
	const char *zmsg;
};

#define RAW_SIZE (256 * 1024)

/* Read more of the file behind the unused raw bytes.  0 at its end, or -errno. */
static ssize_t
input_fill(struct source_input *in)
{
	for (;;) {
		ssize_t r = read(in->fd, in->raw + in->raw_len, RAW_SIZE - in->raw_len);

		if (r >= 0 || errno != EINTR) {
			if (r > 0)
				in->raw_len += (size_t)r;
			if (r == 0)
				in->eof = true;
			return r < 0 ? -errno : r;
		}
	}
}

static bool
is_gzip_magic(const unsigned char *p, size_t n)
{
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* Up to @n decompressed bytes into @buf: > 0, 0 at the end (in->zerr tells how), or -errno. */
static ssize_t
input_inflate(struct source_input *in, char *buf, size_t n)
{
	in->zs.next_out = (unsigned char *)buf;
	in->zs.avail_out = (unsigned)n;
	while (in->zs.avail_out == n && in->zerr == Z_OK) {
		int zr;

		if (!in->inflating) {
			/* The next member, if the input goes on with one. */
			if (in->raw_len < 2 && !in->eof) {
				ssize_t r = input_fill(in);

				if (r < 0)
					return r;
				continue;
			}
			if (in->raw_len == 0)
				break;
			if (!is_gzip_magic(in->raw, in->raw_len)) {
				in->zerr = Z_DATA_ERROR;
				in->zmsg = "data after the end of the gzip stream";
				break;
			}
			if (inflateReset2(&in->zs, 16 + MAX_WBITS) != Z_OK)
				return -ENOMEM;
			in->inflating = true;
		}
		if (in->zs.avail_in == 0) {
			if (in->raw_len == 0 && !in->eof) {
				ssize_t r = input_fill(in);

				if (r < 0)
					return r;
			}
			if (in->raw_len == 0 && in->eof) {
				in->zerr = Z_BUF_ERROR; /* the stream stops in the middle */
				in->zmsg = "the gzip stream ends early (the file is truncated)";
				break;
			}
			in->zs.next_in = in->raw;
			in->zs.avail_in = (unsigned)in->raw_len;
		}
		zr = inflate(&in->zs, Z_NO_FLUSH);
		/* What inflate did not use stays at the front of raw. */
		memmove(in->raw, in->zs.next_in, in->zs.avail_in);
		in->raw_len = in->zs.avail_in;
		in->zs.next_in = in->raw;
		if (zr == Z_STREAM_END) {
			in->inflating = false;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) { /* Z_BUF_ERROR: it needs more input */
			in->zerr = zr == Z_MEM_ERROR ? Z_MEM_ERROR : Z_DATA_ERROR;
			in->zmsg = in->zs.msg ? in->zs.msg : "corrupt gzip data";
		}
	}
	return (ssize_t)(n - in->zs.avail_out);
}

ssize_t
source_read_block(struct source_input *in, char *buf, size_t n)
{
	if (in->gzip)
		return input_inflate(in, buf, n);
	if (in->raw_len) { /* the bytes read to tell plain text from gzip */
		size_t k = in->raw_len < n ? in->raw_len : n;

		memcpy(buf, in->raw, k);
		memmove(in->raw, in->raw + k, in->raw_len - k);
		in->raw_len -= k;
		return (ssize_t)k;
	}
	for (;;) {
		ssize_t r = read(in->fd, buf, n);

		if (r >= 0 || errno != EINTR)
			return r < 0 ? -errno : r;
	}
}

void
source_close(struct source_input *in)
{
	if (in->gzip)
		inflateEnd(&in->zs);
	free(in->raw);
	if (in->fd != STDIN_FILENO && in->fd >= 0)
		close(in->fd);
	free(in);
}

const char *
source_damage(const struct source_input *in)
{
	return in->gzip && in->zerr != Z_OK ? in->zmsg : NULL;
}

int
source_open(const char *path, struct source_input **ret)
{
	struct source_input *in = xcalloc(1, sizeof(*in));
	struct stat st;
	ssize_t r;

	in->zerr = Z_OK;
	if (streq(path, "-")) {
		in->fd = STDIN_FILENO;
	} else {
		/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
		in->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (in->fd < 0) {
			r = -errno;
			free(in);
			return (int)r;
		}
	}
	if (fstat(in->fd, &st) < 0) {
		r = -errno;
		source_close(in);
		return (int)r;
	}
	if (S_ISDIR(st.st_mode)) {
		source_close(in);
		return -EISDIR;
	}
	if (streq(path, "-") ? S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) : !S_ISREG(st.st_mode)) {
		source_close(in);
		return -EINVAL;
	}
	if (!streq(path, "-")) {
		int fl = fcntl(in->fd, F_GETFL);

		if (fl >= 0)
			(void)fcntl(in->fd, F_SETFL, fl & ~O_NONBLOCK);
		(void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	in->raw = xmalloc(RAW_SIZE);
	/* gzip is told by its magic bytes, not by the file name. */
	while (in->raw_len < 2 && !in->eof) {
		r = input_fill(in);
		if (r < 0) {
			source_close(in);
			return (int)r;
		}
	}
	if (is_gzip_magic(in->raw, in->raw_len)) {
		if (inflateInit2(&in->zs, 16 + MAX_WBITS) != Z_OK) {
			source_close(in);
			return -ENOMEM;
		}
		in->gzip = true;
		in->inflating = true;
	}
	*ret = in;
	return 0;
}

const char *
source_strerror(int err)
{
	if (err == -EINVAL)
		return "not a regular file: a FIFO or a device would block or never end (give a "
		       "file, or its content on standard input with -)";
	return strerror(-err);
}

struct log_file {
	char *path;
	unsigned long n; /* rotation number; 0 for the live log */
};

static int
compare_rotation(const void *a, const void *b)
{
	const struct log_file *x = a, *y = b;

	/* Highest rotation number is oldest and comes first; the live log (0) comes last. */
	if (x->n == y->n)
		return strcmp(x->path, y->path);
	if (x->n == 0 || y->n == 0)
		return x->n == 0 ? 1 : -1;
	return x->n > y->n ? -1 : 1;
}

/* The rotation number of @name as "@base" (0), "@base.N" or "@base.N.gz"; -1 if neither. */
static long
rotation_of(const char *name, const char *base)
{
	size_t bl = strlen(base);
	const char *p = name + bl;
	char *e;
	long n;

	if (strncmp(name, base, bl) != 0)
		return -1;
	if (*p == '\0')
		return 0;
	if (*p != '.' || !isdigit((unsigned char)p[1]))
		return -1;
	errno = 0;
	n = strtol(p + 1, &e, 10);
	if (errno || n <= 0 || (*e != '\0' && strcmp(e, ".gz") != 0))
		return -1;
	return n;
}

int
source_list_logs(const char *dir, const char *base, char ***ret_files)
{
	struct log_file *logs = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	char **files;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		long rot = rotation_of(de->d_name, base);

		if (rot < 0)
			continue;
		logs = xgrow(logs, &cap, n + 1, sizeof(*logs));
		/* "DIR/" names its files DIR/audit.log, not DIR//audit.log */
		logs[n].path = xasprintf(
			"%s%s%s", dir, *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		logs[n].n = (unsigned long)rot;
		n++;
	}
	closedir(d);
	if (n == 0) {
		free(logs);
		return -ENOENT;
	}
	qsort(logs, n, sizeof(*logs), compare_rotation);
	files = xcalloc(n + 1, sizeof(*files));
	for (size_t i = 0; i < n; i++)
		files[i] = logs[i].path;
	free(logs);
	*ret_files = files;
	return (int)n;
}

char *
source_default_log(const char *conf_path)
{
	char line[4096];
	FILE *f = fopen(conf_path, "re");
	char *result = NULL;

	if (f) {
		while (!result && fgets(line, sizeof(line), f)) {
			char *p = line, *v, *e;

			while (isspace((unsigned char)*p))
				p++;
			if (strncmp(p, "log_file", 8) != 0)
				continue;
			p += 8;
			while (isspace((unsigned char)*p))
				p++;
			if (*p != '=')
				continue;
			v = p + 1;
			while (isspace((unsigned char)*v))
				v++;
			e = v + strlen(v);
			while (e > v && isspace((unsigned char)e[-1]))
				e--;
			if (e > v)
				result = xstrndup(v, (size_t)(e - v));
		}
		fclose(f);
	}
	return result ? result : xstrdup("/var/log/audit/audit.log");
}
