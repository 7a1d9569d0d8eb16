// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal test runner for the reference-platform tests: see test.h.
 */
#include <stdarg.h>

#include "test.h"

bool test_failed;

void test_fail(const char *file, int line, const char *func,
	       const char *fmt, ...)
{
	va_list ap;

	test_failed = true;
	fprintf(stdout, "# %s:%d:%s: ", file, line, func);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static bool test_selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

/*
 * Run every case of @suite (or those whose name contains one of argv[1..]).
 */
int test_main(const struct test_suite *suite, int argc, char **argv)
{
	unsigned int passed = 0, failed = 0, n = 0;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n# suite: %s\n", suite->name);
	for (i = 0; i < suite->nr_cases; i++) {
		const struct test_case *tc = &suite->cases[i];

		if (!test_selected(tc->name, argc, argv))
			continue;
		n++;
		test_failed = false;
		if (suite->setup && !suite->setup()) {
			test_fail(__FILE__, __LINE__, __func__,
				  "setup failed");
		} else {
			tc->fn();
			if (suite->teardown && !suite->teardown())
				test_fail(__FILE__, __LINE__, __func__,
					  "teardown check failed");
		}
		printf("%s %u - %s\n", test_failed ? "not ok" : "ok", n,
		       tc->name);
		if (test_failed)
			failed++;
		else
			passed++;
	}
	printf("1..%u\n", n);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
