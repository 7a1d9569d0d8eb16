/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/kernel.h, the commonly used subset. Keep in sync.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <limits.h>

#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/stddef.h>
#include <linux/stringify.h>
#include <linux/typecheck.h>
#include <linux/types.h>

#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_16_bits(n)	((u16)((n) >> 16))
#define lower_16_bits(n)	((u16)((n) & 0xffff))

#define u64_to_user_ptr(x)						\
({									\
	typecheck(u64, (x));						\
	(void __user *)(uintptr_t)(x);					\
})

#define PTR_IF(cond, ptr)	((cond) ? (ptr) : NULL)

#define REPEAT_BYTE(x)		((~0ul / 0xff) * (x))

#endif /* _SHIM_LINUX_KERNEL_H */
