/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: arch/arm64/include/asm/page-def.h with CONFIG_PAGE_SHIFT=12 (4 KiB
 * pages, the RMM granule size). Keep in sync.
 */
#ifndef _SHIM_ASM_PAGE_DEF_H
#define _SHIM_ASM_PAGE_DEF_H

#include <linux/const.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#endif /* _SHIM_ASM_PAGE_DEF_H */
