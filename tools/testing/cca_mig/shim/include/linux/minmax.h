/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/minmax.h, minimal version. Keep in sync.
 *
 * The kernel's compile-time signedness checks are left to the compiler:
 * mixing signed and unsigned operands draws -Wsign-compare (on with
 * -Wextra), and non-negative constants mix freely, as they do in the
 * kernel.
 */
#ifndef _SHIM_LINUX_MINMAX_H
#define _SHIM_LINUX_MINMAX_H

#include <linux/compiler.h>

#define __cmp_once(x, y, op) ({				\
	__auto_type __x = (x);				\
	__auto_type __y = (y);				\
	__x op __y ? __x : __y; })

#define min(x, y)		__cmp_once(x, y, <)
#define max(x, y)		__cmp_once(x, y, >)
#define min3(x, y, z)		min((typeof(x))min(x, y), z)
#define max3(x, y, z)		max((typeof(x))max(x, y), z)
#define umin(x, y)							\
	__cmp_once((unsigned long long)(x) + 0u + 0ul + 0ull,		\
		   (unsigned long long)(y) + 0u + 0ul + 0ull, <)
#define umax(x, y)							\
	__cmp_once((unsigned long long)(x) + 0u + 0ul + 0ull,		\
		   (unsigned long long)(y) + 0u + 0ul + 0ull, >)
#define min_t(type, x, y)	__cmp_once((type)(x), (type)(y), <)
#define max_t(type, x, y)	__cmp_once((type)(x), (type)(y), >)

#define clamp(val, lo, hi)	min((typeof(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi)	clamp_t(typeof(val), val, lo, hi)

/* For constant expressions (array sizes, static initializers). */
#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define MAX(a, b)		((a) > (b) ? (a) : (b))
#define MIN_T(type, a, b)	MIN(((type)(a)), ((type)(b)))
#define MAX_T(type, a, b)	MAX(((type)(a)), ((type)(b)))

/* Is @val in [@start, @start + @len)? */
#define in_range(val, start, len)					\
	((typeof((val) + (start) + (len)))(val) - (start) < (len))

#define swap(a, b)							\
	do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)

#endif /* _SHIM_LINUX_MINMAX_H */
