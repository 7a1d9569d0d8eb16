/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/log2.h, minimal version. Keep in sync.
 */
#ifndef _SHIM_LINUX_LOG2_H
#define _SHIM_LINUX_LOG2_H

#include <linux/bitops.h>
#include <linux/types.h>

static inline __attribute_const__ bool is_power_of_2(unsigned long n)
{
	return n != 0 && ((n & (n - 1)) == 0);
}

static inline __attribute_const__ int __ilog2_u64(u64 n)
{
	return fls64(n) - 1;
}

/* log base 2 of @n, rounded down; ilog2(0) is undefined, as in the kernel */
#define ilog2(n)		__ilog2_u64((u64)(n))

static inline __attribute_const__ unsigned long
__roundup_pow_of_two(unsigned long n)
{
	return 1UL << fls64(n - 1);
}

static inline __attribute_const__ unsigned long
__rounddown_pow_of_two(unsigned long n)
{
	return 1UL << (fls64(n) - 1);
}

#define roundup_pow_of_two(n)	__roundup_pow_of_two(n)
#define rounddown_pow_of_two(n)	__rounddown_pow_of_two(n)
#define order_base_2(n)		((n) > 1 ? ilog2((n) - 1) + 1 : 0)

#endif /* _SHIM_LINUX_LOG2_H */
