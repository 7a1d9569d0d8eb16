/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/atomic.h over the compiler's __atomic builtins.
 * Value-returning operations are fully ordered, the others relaxed, as in
 * the kernel's memory model.
 */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/barrier.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
#define ATOMIC_LONG_INIT(i)	ATOMIC64_INIT(i)

#define __SHIM_ATOMIC_OPS(pfx, atype, ctype)				\
static __always_inline ctype pfx##_read(const atype *v)			\
{ return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }		\
static __always_inline ctype pfx##_read_acquire(const atype *v)		\
{ return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE); }		\
static __always_inline void pfx##_set(atype *v, ctype i)		\
{ __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); }		\
static __always_inline void pfx##_set_release(atype *v, ctype i)	\
{ __atomic_store_n(&v->counter, i, __ATOMIC_RELEASE); }		\
static __always_inline void pfx##_add(ctype i, atype *v)		\
{ __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }		\
static __always_inline void pfx##_sub(ctype i, atype *v)		\
{ __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }		\
static __always_inline void pfx##_inc(atype *v)				\
{ pfx##_add(1, v); }							\
static __always_inline void pfx##_dec(atype *v)				\
{ pfx##_sub(1, v); }							\
static __always_inline ctype pfx##_add_return(ctype i, atype *v)	\
{ return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static __always_inline ctype pfx##_sub_return(ctype i, atype *v)	\
{ return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static __always_inline ctype pfx##_fetch_add(ctype i, atype *v)		\
{ return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static __always_inline ctype pfx##_fetch_sub(ctype i, atype *v)		\
{ return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static __always_inline ctype pfx##_inc_return(atype *v)			\
{ return pfx##_add_return(1, v); }					\
static __always_inline ctype pfx##_dec_return(atype *v)			\
{ return pfx##_sub_return(1, v); }					\
static __always_inline bool pfx##_dec_and_test(atype *v)		\
{ return pfx##_dec_return(v) == 0; }					\
static __always_inline bool pfx##_inc_and_test(atype *v)		\
{ return pfx##_inc_return(v) == 0; }					\
static __always_inline bool pfx##_sub_and_test(ctype i, atype *v)	\
{ return pfx##_sub_return(i, v) == 0; }					\
static __always_inline ctype pfx##_xchg(atype *v, ctype n)		\
{ return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST); }	\
static __always_inline ctype pfx##_cmpxchg(atype *v, ctype o, ctype n)	\
{									\
	__atomic_compare_exchange_n(&v->counter, &o, n, false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	return o;							\
}									\
static __always_inline bool pfx##_try_cmpxchg(atype *v, ctype *o, ctype n) \
{									\
	return __atomic_compare_exchange_n(&v->counter, o, n, false,	\
					   __ATOMIC_SEQ_CST,		\
					   __ATOMIC_SEQ_CST);		\
}									\
static __always_inline ctype pfx##_fetch_add_unless(atype *v, ctype a,	\
						    ctype u)		\
{									\
	ctype c = pfx##_read(v);					\
									\
	do {								\
		if (unlikely(c == u))					\
			break;						\
	} while (!pfx##_try_cmpxchg(v, &c, c + a));			\
	return c;							\
}									\
static __always_inline bool pfx##_add_unless(atype *v, ctype a, ctype u) \
{ return pfx##_fetch_add_unless(v, a, u) != u; }			\
static __always_inline bool pfx##_inc_not_zero(atype *v)		\
{ return pfx##_add_unless(v, 1, 0); }

__SHIM_ATOMIC_OPS(atomic, atomic_t, int)
__SHIM_ATOMIC_OPS(atomic64, atomic64_t, s64)
__SHIM_ATOMIC_OPS(atomic_long, atomic_long_t, s64)
#undef __SHIM_ATOMIC_OPS

#define xchg(ptr, x)	__atomic_exchange_n((ptr), (x), __ATOMIC_SEQ_CST)
#define cmpxchg(ptr, o, n) ({						\
	typeof(*(ptr)) __old = (o);					\
	__atomic_compare_exchange_n((ptr), &__old, (n), false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__old;								\
})
#define try_cmpxchg(ptr, oldp, n)					\
	__atomic_compare_exchange_n((ptr), (oldp), (n), false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)

#endif /* _SHIM_LINUX_ATOMIC_H */
