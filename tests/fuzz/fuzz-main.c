/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A main() for fuzz targets built without libFuzzer: replays each file named on the command
 * line (a fixture or a corpus log) through the target, so every build runs them as tests.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replayed;

static int
replay(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;

	(void)st;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	/* Expected outputs of fixtures are not inputs. */
	if (strstr(path, "/expected.") || strstr(path, "README"))
		return 0;
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	replayed++;
	return 0;
}

/* Each argument is a file or a directory of files (searched recursively). */
int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0)
			continue; /* an optional corpus that is not there */
		if (nftw(argv[i], replay, 16, FTW_PHYS) != 0)
			return 1;
	}
	printf("replayed %d inputs\n", replayed);
	return 0;
}
