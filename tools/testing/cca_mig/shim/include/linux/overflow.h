/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/overflow.h, minimal subset. Keep in sync.
 */
#ifndef _SHIM_LINUX_OVERFLOW_H
#define _SHIM_LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* size_t arithmetic that saturates at SIZE_MAX instead of wrapping. */
static inline size_t __must_check size_mul(size_t factor1, size_t factor2)
{
	size_t bytes;

	if (check_mul_overflow(factor1, factor2, &bytes))
		return SIZE_MAX;
	return bytes;
}

static inline size_t __must_check size_add(size_t addend1, size_t addend2)
{
	size_t bytes;

	if (check_add_overflow(addend1, addend2, &bytes))
		return SIZE_MAX;
	return bytes;
}

static inline size_t __must_check size_sub(size_t minuend, size_t subtrahend)
{
	size_t bytes;

	if (minuend == SIZE_MAX || subtrahend == SIZE_MAX ||
	    check_sub_overflow(minuend, subtrahend, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define array_size(a, b)	size_mul(a, b)
#define array3_size(a, b, c)	size_mul(size_mul(a, b), c)

#define flex_array_size(p, member, count)				\
	size_mul(count, sizeof(*(p)->member) + __must_be_array((p)->member))

#define struct_size(p, member, count)					\
	size_add(sizeof(*(p)), flex_array_size(p, member, count))

#define struct_size_t(type, member, count)				\
	struct_size((type *)NULL, member, count)

/*
 * range_overflows() - does [@start, @start + @size) run past @max?
 * All three must be of the same type.
 */
#define range_overflows(start, size, max) ({				\
	typeof(start) start__ = (start);				\
	typeof(size) size__ = (size);					\
	typeof(max) max__ = (max);					\
	(void)(&start__ == &size__);					\
	(void)(&start__ == &max__);					\
	start__ >= max__ || size__ > max__ - start__;			\
})

#define range_overflows_t(type, start, size, max)			\
	range_overflows((type)(start), (type)(size), (type)(max))

#define range_end_overflows(start, size, max) ({			\
	typeof(start) start__ = (start);				\
	typeof(size) size__ = (size);					\
	typeof(max) max__ = (max);					\
	(void)(&start__ == &size__);					\
	(void)(&start__ == &max__);					\
	start__ > max__ || size__ > max__ - start__;			\
})

#endif /* _SHIM_LINUX_OVERFLOW_H */
