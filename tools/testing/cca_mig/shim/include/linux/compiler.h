/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/compiler.h and asm-generic/rwonce.h, minimal subset.
 * Keep in sync.
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#include <linux/compiler_types.h>

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define likely_notrace(x)	likely(x)
#define unlikely_notrace(x)	unlikely(x)

#define barrier()		__asm__ __volatile__("" : : : "memory")
#define barrier_data(ptr)	__asm__ __volatile__("" : : "r"(ptr) : "memory")

#define unreachable()		__builtin_unreachable()

#define OPTIMIZER_HIDE_VAR(var)	__asm__ ("" : "=r" (var) : "0" (var))

/* &a[0] degrades to a pointer: a different type from an array */
#define __is_array(a)		(!__same_type((a), &(a)[0]))
#define __must_be_array(a)						\
	((int)sizeof(struct { int:(-!!(!__is_array(a))); }))

#define __must_be_cstr(p)	0

#define is_signed_type(type)	(((type)(-1)) < (__force type)1)
#define is_unsigned_type(type)	(!is_signed_type(type))

/*
 * READ_ONCE()/WRITE_ONCE(): single, untorn accesses through a volatile
 * lvalue. The kernel's version also strips qualifiers with
 * __unqual_scalar_typeof(); typeof() is enough here.
 */
#define __READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define READ_ONCE(x)		({ typeof(x) __ro_val = __READ_ONCE(x); __ro_val; })

#define __WRITE_ONCE(x, val)						\
	do {								\
		*(volatile typeof(x) *)&(x) = (val);			\
	} while (0)
#define WRITE_ONCE(x, val)	__WRITE_ONCE(x, val)

#define data_race(expr)		({ __auto_type __v = (expr); __v; })

#endif /* _SHIM_LINUX_COMPILER_H */
