/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/refcount.h semantics, minimal version: the count
 * saturates instead of wrapping, and an increment from zero, an underflow
 * or an overflow WARN()s (counted by the shim, so tests notice).
 */
#ifndef _SHIM_LINUX_REFCOUNT_H
#define _SHIM_LINUX_REFCOUNT_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <limits.h>

#include <linux/limits.h>

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ .refs = ATOMIC_INIT(n), }
#define REFCOUNT_MAX		INT_MAX
#define REFCOUNT_SATURATED	(INT_MIN / 2)

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

static inline bool __refcount_bad(refcount_t *r, int old, int new)
{
	if (unlikely(old <= 0 || new <= 0)) {
		atomic_set(&r->refs, REFCOUNT_SATURATED);
		return true;
	}
	return false;
}

static inline bool refcount_add_not_zero(int i, refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (!old)
			break;
	} while (!atomic_try_cmpxchg(&r->refs, &old, old + i));

	WARN_ONCE(old < 0 || old + i < 0, "refcount_t: saturated; leaking memory.\n");
	return old;
}

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return refcount_add_not_zero(1, r);
}

static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	WARN_ONCE(!old, "refcount_t: addition on 0; use-after-free.\n");
	WARN_ONCE(__refcount_bad(r, old, old + i),
		  "refcount_t: saturated; leaking memory.\n");
}

static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

static inline bool __must_check refcount_sub_and_test(int i, refcount_t *r)
{
	int old = atomic_fetch_sub(i, &r->refs);

	if (old == i)
		return true;
	WARN_ONCE(old < i || old < 0,
		  "refcount_t: underflow; use-after-free.\n");
	return false;
}

static inline bool __must_check refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

static inline void refcount_dec(refcount_t *r)
{
	WARN_ONCE(atomic_fetch_sub(1, &r->refs) <= 1,
		  "refcount_t: decrement hit 0; leaking memory.\n");
}

#endif /* _SHIM_LINUX_REFCOUNT_H */
