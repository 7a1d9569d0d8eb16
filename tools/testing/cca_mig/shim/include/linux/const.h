/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/const.h and include/vdso/const.h. Keep in sync.
 * _AC(), _UL(), _BITUL() and __ALIGN_KERNEL() come from the system's uapi
 * <linux/const.h>, as in the kernel.
 */
#ifndef _SHIM_LINUX_CONST_H
#define _SHIM_LINUX_CONST_H

#include_next <linux/const.h>

#define UL(x)		(_UL(x))
#define ULL(x)		(_ULL(x))

/*
 * True if @x is an integer constant expression; unlike
 * __builtin_constant_p() the result is itself a constant expression.
 */
#define __is_constexpr(x)						\
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

#endif /* _SHIM_LINUX_CONST_H */
