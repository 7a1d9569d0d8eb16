/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: arch/arm64/include/asm/page.h and asm-generic/getorder.h, minimal
 * subset. Keep in sync.
 */
#ifndef _SHIM_ASM_PAGE_H
#define _SHIM_ASM_PAGE_H

#include <asm/page-def.h>
#include <asm/memory.h>
#include <linux/compiler.h>

/* Order of the smallest power-of-two number of pages that holds @size. */
static __always_inline __attribute_const__ int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}

#endif /* _SHIM_ASM_PAGE_H */
