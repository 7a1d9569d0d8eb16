/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: the attribute shorthands of include/linux/compiler_attributes.h,
 * minimal subset. Keep in sync.
 *
 * glibc's <sys/cdefs.h> defines a few of the same names (__always_inline,
 * __attribute_const__); it is included first and its definitions are
 * replaced by the kernel's, so that libc headers included later (they are
 * all guarded) cannot redefine them.
 */
#ifndef _SHIM_LINUX_COMPILER_ATTRIBUTES_H
#define _SHIM_LINUX_COMPILER_ATTRIBUTES_H

#include <sys/cdefs.h>

#undef __always_inline
#define __always_inline			inline __attribute__((__always_inline__))
#undef __attribute_const__
#define __attribute_const__		__attribute__((__const__))

#define __aligned(x)			__attribute__((__aligned__(x)))
#define __alias(symbol)			__attribute__((__alias__(#symbol)))
#define __always_unused			__attribute__((__unused__))
#define __maybe_unused			__attribute__((__unused__))
#define __cleanup(func)			__attribute__((__cleanup__(func)))
#define __cold				__attribute__((__cold__))
#define __hot				__attribute__((__hot__))
#define __copy(symbol)			__attribute__((__copy__(symbol)))
#define __counted_by(member)
#define __counted_by_le(member)
#define __counted_by_be(member)
#define __designated_init
#define __flatten			__attribute__((__flatten__))
#define __gnu_inline			__attribute__((__gnu_inline__))
#define __malloc			__attribute__((__malloc__))
#define __must_check			__attribute__((__warn_unused_result__))
#define __mode(x)			__attribute__((__mode__(x)))
#define __noreturn			__attribute__((__noreturn__))
#define __nonstring			__attribute__((__nonstring__))
#define __packed			__attribute__((__packed__))
#define __printf(a, b)			__attribute__((__format__(printf, a, b)))
#define __scanf(a, b)			__attribute__((__format__(scanf, a, b)))
#define __pure				__attribute__((__pure__))
#define __section(section)		__attribute__((__section__(section)))
#define __used				__attribute__((__used__))
#define __weak				__attribute__((__weak__))
#define noinline			__attribute__((__noinline__))
#define __noinline			noinline
#define __compiletime_error(msg)	__attribute__((__error__(msg)))
#define __compiletime_warning(msg)	__attribute__((__warning__(msg)))

#define fallthrough			__attribute__((__fallthrough__))

#endif /* _SHIM_LINUX_COMPILER_ATTRIBUTES_H */
