/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: the table geometry of arch/arm64/include/asm/pgtable-hwdef.h for
 * 4 KiB pages. Keep in sync.
 */
#ifndef _SHIM_ASM_PGTABLE_HWDEF_H
#define _SHIM_ASM_PGTABLE_HWDEF_H

#include <asm/page-def.h>

/* Number of page-table levels needed to translate @va_bits bits. */
#define ARM64_HW_PGTABLE_LEVELS(va_bits)	(((va_bits) - 4) / (PAGE_SHIFT - 3))

/* Address shift of a level-@n table entry (level 3 maps one page). */
#define ARM64_HW_PGTABLE_LEVEL_SHIFT(n)	((PAGE_SHIFT - 3) * (4 - (n)) + 3)

#define PTRS_PER_PTE		(1 << (PAGE_SHIFT - 3))
#define PTRS_PER_PMD		PTRS_PER_PTE
#define PTRS_PER_PUD		PTRS_PER_PTE

#define PMD_SHIFT		ARM64_HW_PGTABLE_LEVEL_SHIFT(2)
#define PMD_SIZE		(_AC(1, UL) << PMD_SHIFT)
#define PUD_SHIFT		ARM64_HW_PGTABLE_LEVEL_SHIFT(1)
#define PUD_SIZE		(_AC(1, UL) << PUD_SHIFT)

#endif /* _SHIM_ASM_PGTABLE_HWDEF_H */
