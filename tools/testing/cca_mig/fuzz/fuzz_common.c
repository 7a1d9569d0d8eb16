// SPDX-License-Identifier: GPL-2.0
/*
 * What the fuzz targets and the generator share at run time: failing an
 * invariant, and user memory with real faults (see fuzz.h).
 *
 * Plain userspace C: it sees neither the shim's headers nor the model's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

void fuzz_fail(const char *file, int line, const char *func,
	       const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FUZZ INVARIANT: %s:%d:%s: ", file, line, func);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

/* ---------------------------------------------------------------------- */
/* User memory                                                            */

#define FUZZ_USER_RANGES	8

static struct {
	const char *base;
	size_t len;
} user_ranges[FUZZ_USER_RANGES];
static unsigned int nr_user_ranges;
static bool user_strict;

bool fuzz_user_strict(bool on)
{
	bool was = user_strict;

	user_strict = on;
	return was;
}

void fuzz_user_reset(void)
{
	nr_user_ranges = 0;
}

void fuzz_user_add(const void *p, size_t len)
{
	if (nr_user_ranges == FUZZ_USER_RANGES)
		FUZZ_FAIL("more than %d user ranges", FUZZ_USER_RANGES);
	user_ranges[nr_user_ranges].base = p;
	user_ranges[nr_user_ranges].len = len;
	nr_user_ranges++;
}

/* Bytes from @p on that are user memory (0: @p itself faults). */
static size_t user_bytes(const void *p, size_t n)
{
	const char *c = p;
	unsigned int i;

	if (!user_strict)
		return n;
	for (i = 0; i < nr_user_ranges; i++) {
		const char *b = user_ranges[i].base;
		size_t len = user_ranges[i].len;

		if (c >= b && c < b + len)
			return n < (size_t)(b + len - c) ? n : (size_t)(b + len - c);
	}
	return 0;
}

/* The shim's own (injectable) copies, for what is user memory. */
unsigned long __real_copy_from_user(void *to, const void *from,
				    unsigned long n);
unsigned long __real_copy_to_user(void *to, const void *from,
				  unsigned long n);
unsigned long __real_clear_user(void *to, unsigned long n);
unsigned long __wrap_copy_from_user(void *to, const void *from,
				    unsigned long n);
unsigned long __wrap_copy_to_user(void *to, const void *from,
				  unsigned long n);
unsigned long __wrap_clear_user(void *to, unsigned long n);

unsigned long __wrap_copy_from_user(void *to, const void *from,
				    unsigned long n)
{
	size_t ok = user_bytes(from, n);

	if (ok < n) {
		/* As the kernel's: what could not be copied reads as zero. */
		memset((char *)to + ok, 0, n - ok);
		if (!ok)
			return n;
		return (n - ok) + __real_copy_from_user(to, from, ok);
	}
	return __real_copy_from_user(to, from, n);
}

unsigned long __wrap_copy_to_user(void *to, const void *from,
				  unsigned long n)
{
	size_t ok = user_bytes(to, n);

	if (ok < n)
		return (n - ok) + (ok ? __real_copy_to_user(to, from, ok) : 0);
	return __real_copy_to_user(to, from, n);
}

unsigned long __wrap_clear_user(void *to, unsigned long n)
{
	size_t ok = user_bytes(to, n);

	if (ok < n)
		return (n - ok) + (ok ? __real_clear_user(to, ok) : 0);
	return __real_clear_user(to, n);
}

uint64_t fuzz_hash64(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < size; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
