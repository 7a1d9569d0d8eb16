// SPDX-License-Identifier: GPL-2.0
/*
 * The reproducer: a fuzz target without libFuzzer. Each argument is an
 * input file or a directory of them (in name order); every input goes
 * through LLVMFuzzerTestOneInput() once, as libFuzzer would run it. An
 * invariant that does not hold aborts with its reason (fuzz_fail()).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static unsigned long nr_inputs;

static void run_file(const char *path)
{
	uint8_t *buf = NULL;
	long len;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END)) {
		perror(path);
		exit(2);
	}
	len = ftell(f);
	if (len < 0) {
		perror(path);
		exit(2);
	}
	rewind(f);
	/* Exactly @len bytes, as libFuzzer hands them (ASan sees overruns). */
	buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != (size_t)len) {
		perror(path);
		exit(2);
	}
	fclose(f);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "# %s (%ld bytes)\n", path, len);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	nr_inputs++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_path(const char *path)
{
	struct dirent **names;
	char sub[4096];
	struct stat st;
	int i, n;

	if (stat(path, &st)) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		perror(path);
		exit(2);
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path,
				 names[i]->d_name);
			if (!stat(sub, &st) && S_ISREG(st.st_mode))
				run_file(sub);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("# %s: %lu input(s) replayed, every invariant held\n",
	       argv[0], nr_inputs);
	return 0;
}
