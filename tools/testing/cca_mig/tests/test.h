/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal test runner for the reference-platform tests.
 *
 * A test is a void function; ASSERT_*() print file:line:function with the
 * values involved, mark the running test failed and return from it. Each
 * test runs between the suite's setup() and teardown() (teardown may fail the
 * test too, e.g. on a leaked granule). Output is TAP, closed by the line
 * "N passed, N failed"; the exit code is non-zero if anything failed.
 */
#ifndef CCA_TEST_H
#define CCA_TEST_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

struct test_suite {
	const char *name;
	const struct test_case *cases;
	size_t nr_cases;
	/* Optional; return false to fail the test. */
	bool (*setup)(void);
	bool (*teardown)(void);
};

extern bool test_failed;

void test_fail(const char *file, int line, const char *func,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int test_main(const struct test_suite *suite, int argc, char **argv);

#define TEST_CASE(fn)	{ #fn, fn }
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define TEST_FAIL(...)							\
	do {								\
		test_fail(__FILE__, __LINE__, __func__, __VA_ARGS__);	\
		return;							\
	} while (0)

#define ASSERT_TRUE(cond)						\
	do {								\
		if (!(cond))						\
			TEST_FAIL("assertion failed: %s", #cond);	\
	} while (0)

#define ASSERT_FALSE(cond)	ASSERT_TRUE(!(cond))

#define ASSERT_CMP(a, op, b)						\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		if (!(__a op __b))					\
			TEST_FAIL("%s %s %s: 0x%llx vs 0x%llx (%lld vs %lld)", \
				  #a, #op, #b, __a, __b,		\
				  (long long)__a, (long long)__b);	\
	} while (0)

#define ASSERT_EQ(a, b)		ASSERT_CMP(a, ==, b)
#define ASSERT_NE(a, b)		ASSERT_CMP(a, !=, b)
#define ASSERT_LT(a, b)		ASSERT_CMP(a, <, b)
#define ASSERT_LE(a, b)		ASSERT_CMP(a, <=, b)
#define ASSERT_GT(a, b)		ASSERT_CMP(a, >, b)
#define ASSERT_GE(a, b)		ASSERT_CMP(a, >=, b)

#define ASSERT_MEM_EQ(a, b, n)						\
	do {								\
		if (memcmp((a), (b), (n)))				\
			TEST_FAIL("%s and %s differ in %zu bytes",	\
				  #a, #b, (size_t)(n));			\
	} while (0)

#endif /* CCA_TEST_H */
