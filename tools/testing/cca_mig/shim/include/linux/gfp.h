/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: the page allocator of include/linux/gfp.h.
 *
 * Pages come from the RMM model's simulated DRAM (rmm_dram_base(),
 * rmm_dram_size()), so that the physical address of every page the host
 * code allocates is one the model accepts in an RMI call, and a page
 * delegated to the Realm world faults when the host touches it. The
 * allocator (shim.c) is a page-frame bitmap with next-fit placement, so
 * that freed pages are not immediately reused; allocations are counted
 * and can be made to fail (see shim.h). Pages not asked for with
 * __GFP_ZERO are handed out poisoned, freed pages are poisoned, and
 * freeing a page that is still delegated is a fatal error.
 */
#ifndef _SHIM_LINUX_GFP_H
#define _SHIM_LINUX_GFP_H

#include <linux/cleanup.h>
#include <linux/gfp_types.h>
#include <linux/mm_types.h>
#include <linux/types.h>

static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

#define MAX_PAGE_ORDER		10
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)

struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
void *alloc_pages_exact(size_t size, gfp_t gfp_mask);
void free_pages_exact(void *virt, size_t size);

#define alloc_page(gfp_mask)		alloc_pages(gfp_mask, 0)
#define __get_free_page(gfp_mask)	__get_free_pages((gfp_mask), 0)
#define __get_dma_pages(gfp_mask, order)				\
	__get_free_pages((gfp_mask) | GFP_DMA, (order))
#define __free_page(page)		__free_pages((page), 0)
#define free_page(addr)			free_pages((addr), 0)

static inline unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_page(gfp_mask | __GFP_ZERO);
}

DEFINE_FREE(free_page, void *, if (_T) free_page((unsigned long)_T))

#endif /* _SHIM_LINUX_GFP_H */
