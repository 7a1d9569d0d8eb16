/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/compiler_types.h, minimal subset. Keep in sync.
 *
 * Sparse address-space and context annotations expand to nothing, as they
 * do in a kernel build without C=1; the arm64 cross-build with sparse is
 * what checks them.
 */
#ifndef _SHIM_LINUX_COMPILER_TYPES_H
#define _SHIM_LINUX_COMPILER_TYPES_H

#include <linux/compiler_attributes.h>

#define __user
#define __kernel
#define __iomem
#define __percpu
#define __rcu
#define __force
#define __nocast
#define __safe
#define __private
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x)			((void)0)
#define __release(x)			((void)0)
#define __cond_acquires(x)
#define __cond_lock(x, c)		(c)
#define ACCESS_PRIVATE(p, member)	((p)->member)

#define notrace
#define noinstr
#define __noinstr_section(section)
#define asmlinkage
#define __visible			__attribute__((__externally_visible__))
#define __no_sanitize_address
#define __no_kcsan

#define ___PASTE(a, b)			a##b
#define __PASTE(a, b)			___PASTE(a, b)
#define __UNIQUE_ID(prefix)		__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* Are two types/vars the same type (ignoring qualifiers)? */
#define __same_type(a, b)		__builtin_types_compatible_p(typeof(a), typeof(b))

#define __native_word(t)						\
	(sizeof(t) == sizeof(char) || sizeof(t) == sizeof(short) ||	\
	 sizeof(t) == sizeof(int) || sizeof(t) == sizeof(long))

/*
 * Build-time assertion, as the kernel does it: a call to a function
 * declared with __attribute__((error)) survives only if the condition could
 * not be proved true at compile time.
 */
#define __compiletime_assert(condition, msg, prefix, suffix)		\
	do {								\
		__noreturn extern void prefix ## suffix(void)		\
			__compiletime_error(msg);			\
		if (!(condition))					\
			prefix ## suffix();				\
	} while (0)

#define _compiletime_assert(condition, msg, prefix, suffix)		\
	__compiletime_assert(condition, msg, prefix, suffix)

#define compiletime_assert(condition, msg)				\
	_compiletime_assert(condition, msg, __compiletime_assert_, __COUNTER__)

#define compiletime_assert_atomic_type(t)				\
	compiletime_assert(__native_word(t),				\
		"Need native word sized stores/loads for atomicity.")

#endif /* _SHIM_LINUX_COMPILER_TYPES_H */
