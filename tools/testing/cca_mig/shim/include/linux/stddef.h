/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/stddef.h, minimal subset. Keep in sync.
 * NULL, offsetof() and size_t are the C library's.
 */
#ifndef _SHIM_LINUX_STDDEF_H
#define _SHIM_LINUX_STDDEF_H

#include <stddef.h>
#include <linux/compiler_types.h>

#define sizeof_field(TYPE, MEMBER)	sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER)					\
	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))
#define typeof_member(T, m)		typeof(((T *)0)->m)

#endif /* _SHIM_LINUX_STDDEF_H */
