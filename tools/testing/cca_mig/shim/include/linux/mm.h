/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup + custom: the page helpers of include/linux/mm.h, over the shim's
 * page allocator (see <linux/gfp.h>).
 */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H

#include <linux/align.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <asm/page.h>

/* to align the pointer to the (next) page boundary */
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGN_DOWN(addr)	ALIGN_DOWN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)

#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

static inline void *page_address(const struct page *page)
{
	return page_to_virt(page);
}

static inline int page_count(const struct page *page)
{
	return __atomic_load_n(&page->_refcount.counter, __ATOMIC_RELAXED);
}

/*
 * custom: page references. A page from the allocator holds one; the last
 * put_page() frees it (order-0 pages only: the harness never takes
 * references on larger allocations). A page whose extra reference is
 * never dropped is leaked, which is how the kernel keeps a granule that
 * could not be undelegated from being reused.
 */
static inline void get_page(struct page *page)
{
	__atomic_add_fetch(&page->_refcount.counter, 1, __ATOMIC_ACQ_REL);
}

static inline void put_page(struct page *page)
{
	int left = __atomic_sub_fetch(&page->_refcount.counter, 1,
				      __ATOMIC_ACQ_REL);

	WARN_ON(left < 0);
	if (!left)
		__free_pages(page, 0);
}

typedef unsigned long vm_flags_t;

#define VM_READ			0x00000001UL
#define VM_WRITE		0x00000002UL
#define VM_SHARED		0x00000008UL
#define VM_DONTEXPAND		0x00040000UL
#define VM_DONTDUMP		0x04000000UL

/**
 * struct vm_area_struct - One mapping that shim_fd_mmap() makes
 * @vm_start: first byte (the shim sets 0 until ->mmap() remaps it)
 * @vm_end: end, exclusive
 * @vm_pgoff: offset in the file, in pages
 * @vm_flags: VM_*
 * @vm_file: the file
 * @shim_addr: what remap_vmalloc_range() mapped, in the shared address
 *	space, or NULL
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_pgoff;
	vm_flags_t vm_flags;
	struct file *vm_file;
	void *shim_addr;
};

static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

#endif /* _SHIM_LINUX_MM_H */
