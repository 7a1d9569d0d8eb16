/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/build_bug.h. Keep in sync.
 */
#ifndef _SHIM_LINUX_BUILD_BUG_H
#define _SHIM_LINUX_BUILD_BUG_H

#include <linux/compiler.h>

/*
 * Force a compilation error if @e is true, but also produce a result (of
 * value 0 and type int), so the expression can be used e.g. in a structure
 * initializer (or where-ever else comma expressions aren't permitted).
 */
#define BUILD_BUG_ON_ZERO(e)	((int)(sizeof(struct { int:(-!!(e)); })))

#define BUILD_BUG_ON_INVALID(e)	((void)(sizeof((__force long)(e))))

#define BUILD_BUG_ON_MSG(cond, msg)	compiletime_assert(!(cond), msg)

#define BUILD_BUG_ON(condition)						\
	BUILD_BUG_ON_MSG(condition, "BUILD_BUG_ON failed: " #condition)

#define BUILD_BUG()	BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")

/*
 * static_assert() with an optional message, as C11 _Static_assert() wants
 * one. glibc's <assert.h> #undefs and redefines static_assert; either
 * definition accepts the kernel's uses.
 */
#undef static_assert
#define static_assert(expr, ...)	__static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)

#endif /* _SHIM_LINUX_BUILD_BUG_H */
