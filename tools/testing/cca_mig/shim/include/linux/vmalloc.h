/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: vmalloc()/vfree() are declared with the slab allocator; see
 * <linux/slab.h>. vmalloc_user() memory is different: it comes from the
 * page allocator (the model's DRAM, so that every page of it has a
 * physical address the firmware can use), zeroed and contiguous, and
 * remap_vmalloc_range() "maps" it for the test, which shares the kernel's
 * address space (shim_fd_mmap()). vfree() frees either kind.
 */
#ifndef _SHIM_LINUX_VMALLOC_H
#define _SHIM_LINUX_VMALLOC_H

#include <linux/slab.h>

struct page;
struct vm_area_struct;

void *vmalloc_user(unsigned long size) __malloc;
struct page *vmalloc_to_page(const void *addr);
int remap_vmalloc_range(struct vm_area_struct *vma, void *addr,
			unsigned long pgoff);

#endif /* _SHIM_LINUX_VMALLOC_H */
