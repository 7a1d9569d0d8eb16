/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: the linear map of arch/arm64/include/asm/memory.h and the
 * struct page <-> pfn conversions of asm-generic/memory_model.h.
 *
 * The "linear map" is the host (Non-secure) view of the RMM model's
 * simulated DRAM: virt_to_phys() of a page from the shim's page allocator
 * gives the physical address the model knows that granule by, and
 * phys_to_virt() goes back. Both are fatal (with a message naming the
 * address) for anything outside DRAM; in particular kmalloc() memory is
 * ordinary C heap (so that AddressSanitizer watches it) and has no
 * physical address: pass the RMM page-allocator memory instead.
 */
#ifndef _SHIM_ASM_MEMORY_H
#define _SHIM_ASM_MEMORY_H

#include <asm/page-def.h>
#include <linux/compiler.h>
#include <linux/mm_types.h>
#include <linux/types.h>

/* shim.c */
extern struct page *shim_mem_map;
extern unsigned long shim_pfn_base;
extern unsigned long shim_nr_pfns;

phys_addr_t __shim_virt_to_phys(const volatile void *x);
void *__shim_phys_to_virt(phys_addr_t x);
bool __shim_virt_addr_valid(const volatile void *x);
struct page *__shim_pfn_to_page(unsigned long pfn);
unsigned long __shim_page_to_pfn(const struct page *page);

static inline phys_addr_t virt_to_phys(const volatile void *x)
{
	return __shim_virt_to_phys(x);
}

static inline void *phys_to_virt(phys_addr_t x)
{
	return __shim_phys_to_virt(x);
}

#define __pa(x)			__shim_virt_to_phys((void *)(x))
#define __pa_symbol(x)		__pa(x)
#define __va(x)			((void *)__shim_phys_to_virt((phys_addr_t)(x)))
#define virt_addr_valid(addr)	__shim_virt_addr_valid((void *)(addr))

#define __phys_to_pfn(paddr)	((unsigned long)((paddr) >> PAGE_SHIFT))
#define __pfn_to_phys(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)

#define pfn_to_page(pfn)	__shim_pfn_to_page(pfn)
#define page_to_pfn(page)	__shim_page_to_pfn(page)
#define pfn_valid(pfn)							\
	((unsigned long)(pfn) - shim_pfn_base < shim_nr_pfns)

#define page_to_phys(page)	__pfn_to_phys(page_to_pfn(page))
#define phys_to_page(phys)	pfn_to_page(__phys_to_pfn(phys))
#define page_to_virt(page)	__va(page_to_phys(page))
#define virt_to_page(x)		pfn_to_page(__phys_to_pfn(__pa(x)))
#define virt_to_pfn(x)		__phys_to_pfn(__pa(x))
#define sym_to_pfn(x)		virt_to_pfn(x)

#endif /* _SHIM_ASM_MEMORY_H */
