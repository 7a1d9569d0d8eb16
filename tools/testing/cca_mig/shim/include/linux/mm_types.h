/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: struct page of include/linux/mm_types.h, reduced to what the
 * shim's page allocator keeps per page frame of simulated DRAM.
 */
#ifndef _SHIM_LINUX_MM_TYPES_H
#define _SHIM_LINUX_MM_TYPES_H

#include <linux/types.h>

struct page {
	unsigned long flags;		/* PG_shim_* below */
	unsigned long private;		/* free for the page's owner */
	unsigned int order;		/* head page: order it was allocated at */
	atomic_t _refcount;
};

#define PG_shim_allocated	0	/* handed out by the shim */
#define PG_shim_head		1	/* first page of an allocation */
#define PG_shim_vmalloc		2	/* head: a vmalloc_user() area */

#endif /* _SHIM_LINUX_MM_TYPES_H */
