// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-API shim: allocators with fault injection and leak counting,
 * the linear map over the RMM model's DRAM, printk(), BUG()/WARN(), user
 * copies and the shim's control panel (shim.h).
 *
 * Everything here is "custom" in the sense of tools/testing/vma: it
 * replaces a kernel service with one that records what happened so that
 * tests can assert on it. Locking is in locking.c, the SMC conduit (the
 * one seam to the firmware) in smccc.c.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/poison.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "rmm.h"
#include "shim.h"
#include "shim_internal.h"

/* ---------------------------------------------------------------------- */
/* Counters and fault injection                                           */

long nr_allocated;
static long nr_pages_allocated;
static unsigned long alloc_calls;
static unsigned long alloc_fail_at;
static unsigned long alloc_failed;
static unsigned long uaccess_calls;
static unsigned long uaccess_fail_at;
static unsigned long nr_warnings;
static unsigned long warnings_expected;
static int shim_loglevel = LOGLEVEL_NOTICE;
static bool shim_up;

long shim_nr_allocated(void)
{
	return __atomic_load_n(&nr_allocated, __ATOMIC_RELAXED);
}

long shim_nr_pages_allocated(void)
{
	return __atomic_load_n(&nr_pages_allocated, __ATOMIC_RELAXED);
}

unsigned long shim_nr_alloc_calls(void)
{
	return __atomic_load_n(&alloc_calls, __ATOMIC_RELAXED);
}

void shim_fail_alloc_nth(unsigned long nth)
{
	__atomic_store_n(&alloc_fail_at, nth ? shim_nr_alloc_calls() + nth : 0,
			 __ATOMIC_RELAXED);
}

unsigned long shim_nr_alloc_failed(void)
{
	return __atomic_load_n(&alloc_failed, __ATOMIC_RELAXED);
}

unsigned long shim_nr_uaccess_calls(void)
{
	return __atomic_load_n(&uaccess_calls, __ATOMIC_RELAXED);
}

void shim_fail_uaccess_nth(unsigned long nth)
{
	unsigned long now = __atomic_load_n(&uaccess_calls, __ATOMIC_RELAXED);

	__atomic_store_n(&uaccess_fail_at, nth ? now + nth : 0,
			 __ATOMIC_RELAXED);
}

unsigned long shim_nr_warnings(void)
{
	return __atomic_load_n(&nr_warnings, __ATOMIC_RELAXED);
}

void shim_reset_warnings(void)
{
	__atomic_store_n(&nr_warnings, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&warnings_expected, 0, __ATOMIC_RELAXED);
}

void shim_expect_warnings(unsigned long n)
{
	__atomic_store_n(&warnings_expected, n, __ATOMIC_RELAXED);
}

/* Count a warning; true if it was expected (printed in one line). */
static bool warn_expected(void)
{
	unsigned long n = __atomic_load_n(&warnings_expected, __ATOMIC_RELAXED);

	__atomic_add_fetch(&nr_warnings, 1, __ATOMIC_RELAXED);
	while (n) {
		if (__atomic_compare_exchange_n(&warnings_expected, &n, n - 1,
						false, __ATOMIC_RELAXED,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

void shim_set_loglevel(int level)
{
	shim_loglevel = level;
}

/*
 * Number one more allocation attempt; true if it is the one a test asked
 * to fail. A blocking allocation may sleep: check the caller's context.
 */
static bool alloc_should_fail(gfp_t gfp)
{
	unsigned long n, at;

	if (gfpflags_allow_blocking(gfp))
		might_sleep();
	n = __atomic_add_fetch(&alloc_calls, 1, __ATOMIC_RELAXED);
	if (gfp & __GFP_NOFAIL)
		return false;
	at = __atomic_load_n(&alloc_fail_at, __ATOMIC_RELAXED);
	if (!at || n != at)
		return false;
	__atomic_store_n(&alloc_fail_at, 0, __ATOMIC_RELAXED);
	__atomic_add_fetch(&alloc_failed, 1, __ATOMIC_RELAXED);
	return true;
}

static bool uaccess_should_fail(void)
{
	unsigned long n = __atomic_add_fetch(&uaccess_calls, 1,
					     __ATOMIC_RELAXED);
	unsigned long at = __atomic_load_n(&uaccess_fail_at,
					   __ATOMIC_RELAXED);

	if (!at || n != at)
		return false;
	__atomic_store_n(&uaccess_fail_at, 0, __ATOMIC_RELAXED);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Diagnostics                                                            */

/* Provided by the sanitizer runtime when linked with -fsanitize=... */
extern void __sanitizer_print_stack_trace(void) __attribute__((weak));

void __shim_dump_stack(void)
{
	fflush(stdout);
	if (__sanitizer_print_stack_trace)
		__sanitizer_print_stack_trace();
	fflush(stderr);
}

void __noreturn __shim_fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "shim: fatal: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	__shim_dump_stack();
	abort();
}

int _printk(const char *fmt, ...)
{
	int level = LOGLEVEL_WARNING;	/* the kernel's default message level */
	bool cont = false;
	va_list ap;
	int ret;

	if (fmt[0] == KERN_SOH_ASCII && fmt[1]) {
		if (fmt[1] >= '0' && fmt[1] <= '7')
			level = fmt[1] - '0';
		else if (fmt[1] == 'c')
			cont = true;
		fmt += 2;
	}
	if (!cont && level >= shim_loglevel)
		return 0;
	if (!cont)
		fputs("# ", stderr);
	va_start(ap, fmt);
	ret = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return ret;
}

void __shim_bug(const char *file, int line, const char *func,
		const char *cond)
{
	fflush(stdout);
	fprintf(stderr, "------------[ cut here ]------------\n");
	fprintf(stderr, "kernel BUG at %s:%d! (%s%s%s)\n", file, line, func,
		cond ? ": " : "", cond ? cond : "");
	__shim_dump_stack();
	abort();
}

static void warn_header(const char *file, int line, const char *func)
{
	fflush(stdout);
	fprintf(stderr, "------------[ cut here ]------------\n");
	fprintf(stderr, "WARNING: %s:%d %s", file, line, func);
}

void __shim_warn(const char *file, int line, const char *func,
		 const char *cond, bool print)
{
	if (warn_expected()) {
		fprintf(stderr, "# expected WARNING: %s:%d %s: WARN_ON(%s)\n",
			file, line, func, cond);
		return;
	}
	if (!print)
		return;
	warn_header(file, line, func);
	fprintf(stderr, ": WARN_ON(%s)\n", cond);
	__shim_dump_stack();
}

void __shim_warn_fmt(const char *file, int line, const char *func,
		     bool print, const char *fmt, ...)
{
	bool expected = warn_expected();
	va_list ap;

	if (!print && !expected)
		return;
	if (expected)
		fprintf(stderr, "# expected WARNING: %s:%d %s", file, line,
			func);
	else
		warn_header(file, line, func);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (!*fmt || fmt[strlen(fmt) - 1] != '\n')
		fputc('\n', stderr);
	if (!expected)
		__shim_dump_stack();
}

void cpu_relax(void)
{
	sched_yield();
}

/* ---------------------------------------------------------------------- */
/* Slab and vmalloc                                                       */

void *kmalloc(size_t size, gfp_t flags)
{
	void *p;

	if (alloc_should_fail(flags))
		return NULL;
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_SIZE) {
		WARN_ON_ONCE(!(flags & __GFP_NOWARN));
		return NULL;
	}
	p = (flags & __GFP_ZERO) ? calloc(1, size) : malloc(size);
	if (!p)
		return NULL;
	if (!(flags & __GFP_ZERO))
		memset(p, POISON_INUSE, size);
	__atomic_add_fetch(&nr_allocated, 1, __ATOMIC_RELAXED);
	return p;
}

void kfree(const void *objp)
{
	if (ZERO_OR_NULL_PTR(objp))
		return;
	__atomic_sub_fetch(&nr_allocated, 1, __ATOMIC_RELAXED);
	free((void *)objp);
}

void kfree_sensitive(const void *objp)
{
	if (!ZERO_OR_NULL_PTR(objp))
		memset((void *)objp, 0, malloc_usable_size((void *)objp));
	kfree(objp);
}

size_t ksize(const void *objp)
{
	return ZERO_OR_NULL_PTR(objp) ? 0 : malloc_usable_size((void *)objp);
}

void *krealloc(const void *objp, size_t new_size, gfp_t flags)
{
	size_t old_size = ksize(objp);
	void *p;

	if (!new_size) {
		kfree(objp);
		return ZERO_SIZE_PTR;
	}
	p = kmalloc(new_size, flags & ~__GFP_ZERO);
	if (!p)
		return NULL;
	if (old_size)
		memcpy(p, objp, old_size < new_size ? old_size : new_size);
	if ((flags & __GFP_ZERO) && new_size > old_size)
		memset((char *)p + old_size, 0, new_size - old_size);
	kfree(objp);
	return p;
}

void *kvmalloc(size_t size, gfp_t flags)
{
	void *p;

	if (alloc_should_fail(flags))
		return NULL;
	p = (flags & __GFP_ZERO) ? calloc(1, size ? size : 1) :
				   malloc(size ? size : 1);
	if (!p)
		return NULL;
	if (!(flags & __GFP_ZERO))
		memset(p, POISON_INUSE, size);
	__atomic_add_fetch(&nr_allocated, 1, __ATOMIC_RELAXED);
	return p;
}

void kvfree(const void *addr)
{
	kfree(addr);
}

void *vmalloc(unsigned long size)
{
	return kvmalloc(size, GFP_KERNEL);
}

static void *alloc_frames(unsigned long n, unsigned long align, gfp_t gfp,
			  unsigned int order);
static void free_frames(const void *va, unsigned long n, int order);

/* vmalloc_user(): zeroed DRAM frames; the head page remembers how many. */
void *vmalloc_user(unsigned long size)
{
	unsigned long n = PAGE_ALIGN(size) >> PAGE_SHIFT;
	struct page *head;
	void *va;

	va = alloc_frames(n, 1, GFP_KERNEL | __GFP_ZERO, 0);
	if (!va)
		return NULL;
	head = virt_to_page(va);
	__set_bit(PG_shim_vmalloc, &head->flags);
	head->private = n;
	return va;
}

/* The head page of a vmalloc_user() area, or NULL for other memory. */
static struct page *vmalloc_user_head(const void *addr)
{
	struct page *head;

	if (rmm_host_pa(addr) == ~0ULL)
		return NULL;
	head = virt_to_page(addr);
	if (!test_bit(PG_shim_vmalloc, &head->flags) ||
	    page_address(head) != addr)
		__shim_fatal("%p: not the start of a vmalloc_user() area",
			     addr);
	return head;
}

void vfree(const void *addr)
{
	struct page *head;

	if (!addr)
		return;
	head = vmalloc_user_head(addr);
	if (head)
		free_frames(addr, head->private, -1);
	else
		kfree(addr);
}

struct page *vmalloc_to_page(const void *addr)
{
	return virt_to_page(addr);
}

int remap_vmalloc_range(struct vm_area_struct *vma, void *addr,
			unsigned long pgoff)
{
	struct page *head = vmalloc_user_head(addr);

	if (!head)
		__shim_fatal("%s(%p): not vmalloc_user() memory", __func__,
			     addr);
	if (pgoff + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) >
	    head->private)
		return -EINVAL;
	vma->shim_addr = (u8 *)addr + (pgoff << PAGE_SHIFT);
	return 0;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	p = kmalloc(len + 1, gfp);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kstrndup(s, strlen(s), gfp) : NULL;
}

struct kmem_cache {
	const char *name;
	unsigned int size;
	unsigned int align;
	void (*ctor)(void *obj);
	long nr_objs;
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = calloc(1, sizeof(*s));

	if (!s) {
		if (flags & SLAB_PANIC)
			__shim_fatal("kmem_cache_create(%s): out of memory",
				     name);
		return NULL;
	}
	s->name = name;
	s->size = size;
	s->align = align;
	s->ctor = ctor;
	return s;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	WARN(s->nr_objs, "kmem_cache_destroy %s: %ld objects still allocated",
	     s->name, s->nr_objs);
	free(s);
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	size_t align = s->align > 16 ? s->align : 16;
	size_t size = ALIGN((size_t)s->size, align);
	void *p;

	if (alloc_should_fail(flags))
		return NULL;
	p = aligned_alloc(align, size);
	if (!p)
		return NULL;
	if (s->ctor)
		s->ctor(p);
	else
		memset(p, (flags & __GFP_ZERO) ? 0 : POISON_INUSE, s->size);
	__atomic_add_fetch(&nr_allocated, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->nr_objs, 1, __ATOMIC_RELAXED);
	return p;
}

void kmem_cache_free(struct kmem_cache *s, void *objp)
{
	if (!objp)
		return;
	__atomic_sub_fetch(&s->nr_objs, 1, __ATOMIC_RELAXED);
	kfree(objp);
}

/* ---------------------------------------------------------------------- */
/* Page allocator over the model's DRAM and the linear map                */

struct page *shim_mem_map;
unsigned long shim_pfn_base;
unsigned long shim_nr_pfns;
static unsigned long pfn_cursor;	/* next-fit: index to search from */
static unsigned long nr_pages_free;
static pthread_mutex_t page_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned long shim_nr_pages_free(void)
{
	return __atomic_load_n(&nr_pages_free, __ATOMIC_RELAXED);
}

phys_addr_t __shim_virt_to_phys(const volatile void *x)
{
	uint64_t pa = rmm_host_pa((const void *)x);

	if (pa == ~0ULL)
		__shim_fatal("virt_to_phys(%p): not in the linear map; only page-allocator memory (the model's DRAM) has a physical address, kmalloc() memory does not",
			     (const void *)x);
	return pa;
}

void *__shim_phys_to_virt(phys_addr_t x)
{
	void *va = rmm_host_va(x);

	if (!va)
		__shim_fatal("phys_to_virt(0x%llx): not simulated DRAM",
			     (unsigned long long)x);
	return va;
}

bool __shim_virt_addr_valid(const volatile void *x)
{
	return rmm_host_pa((const void *)x) != ~0ULL;
}

struct page *__shim_pfn_to_page(unsigned long pfn)
{
	if (!shim_mem_map || !pfn_valid(pfn))
		__shim_fatal("pfn_to_page(0x%lx): no such page frame", pfn);
	return &shim_mem_map[pfn - shim_pfn_base];
}

unsigned long __shim_page_to_pfn(const struct page *page)
{
	if (!shim_mem_map || page < shim_mem_map ||
	    page >= shim_mem_map + shim_nr_pfns)
		__shim_fatal("page_to_pfn(%p): not a struct page of DRAM",
			     (const void *)page);
	return shim_pfn_base + (unsigned long)(page - shim_mem_map);
}

static bool frame_free(unsigned long idx)
{
	return !test_bit(PG_shim_allocated, &shim_mem_map[idx].flags);
}

/* Find @n free frames aligned to @align frames, next-fit. Lock held. */
static long find_frames(unsigned long n, unsigned long align)
{
	unsigned long start, idx, tries;

	if (!n || n > shim_nr_pfns)
		return -1;
	start = ALIGN(pfn_cursor, align);
	for (tries = 0; tries <= shim_nr_pfns / align; tries++) {
		unsigned long i;

		if (start + n > shim_nr_pfns)
			start = 0;
		for (i = 0; i < n; i++)
			if (!frame_free(start + i))
				break;
		if (i == n)
			return start;
		idx = start + i + 1;
		start = ALIGN(idx, align);
	}
	return -1;
}

static void *alloc_frames(unsigned long n, unsigned long align, gfp_t gfp,
			  unsigned int order)
{
	unsigned long i;
	long idx;
	void *va;

	if (!shim_mem_map)
		__shim_fatal("page allocation before shim_init()");
	if (alloc_should_fail(gfp))
		return NULL;

	pthread_mutex_lock(&page_lock);
	idx = find_frames(n, align);
	if (idx < 0) {
		pthread_mutex_unlock(&page_lock);
		if (!(gfp & __GFP_NOWARN))
			pr_warn("shim: out of simulated DRAM (%lu pages wanted)\n",
				n);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		struct page *p = &shim_mem_map[idx + i];

		p->flags = BIT(PG_shim_allocated);
		p->private = 0;
		p->order = order;
		atomic_set(&p->_refcount, 1);
	}
	__set_bit(PG_shim_head, &shim_mem_map[idx].flags);
	pfn_cursor = idx + n;
	nr_pages_free -= n;
	pthread_mutex_unlock(&page_lock);

	__atomic_add_fetch(&nr_pages_allocated, n, __ATOMIC_RELAXED);
	va = rmm_host_va((uint64_t)(shim_pfn_base + idx) << PAGE_SHIFT);
	memset(va, (gfp & __GFP_ZERO) ? 0 : POISON_INUSE, n << PAGE_SHIFT);
	return va;
}

/*
 * Return @n frames from @va. A frame that is not allocated, or (for a
 * whole allocation, @order >= 0) not the head of one of that order, or
 * still in the Realm PAS, is a fatal error: the kernel would corrupt
 * memory or hand Realm memory to someone else.
 */
static void free_frames(const void *va, unsigned long n, int order)
{
	uint64_t pa = rmm_host_pa(va);
	unsigned long idx, i;

	if (pa == ~0ULL || pa & ~PAGE_MASK)
		__shim_fatal("freeing %p: not a page from the page allocator",
			     va);
	idx = (pa >> PAGE_SHIFT) - shim_pfn_base;
	if (idx + n > shim_nr_pfns)
		__shim_fatal("freeing %lu pages at 0x%llx: beyond DRAM", n,
			     (unsigned long long)pa);
	if (order >= 0 &&
	    (!test_bit(PG_shim_head, &shim_mem_map[idx].flags) ||
	     shim_mem_map[idx].order != (unsigned int)order))
		__shim_fatal("freeing 0x%llx at order %d: not the head of an order-%d allocation",
			     (unsigned long long)pa, order, order);
	for (i = 0; i < n; i++) {
		uint64_t fpa = pa + (i << PAGE_SHIFT);
		enum rmm_granule_state st = rmm_granule_state(fpa);

		if (frame_free(idx + i))
			__shim_fatal("double free of page 0x%llx",
				     (unsigned long long)fpa);
		if (st != GRANULE_UNDELEGATED)
			__shim_fatal("freeing page 0x%llx that is still in the Realm PAS (granule state %s): undelegate it first, or leak it on purpose",
				     (unsigned long long)fpa,
				     rmm_granule_state_name(st));
	}
	memset((void *)va, POISON_FREE, n << PAGE_SHIFT);

	pthread_mutex_lock(&page_lock);
	for (i = 0; i < n; i++)
		shim_mem_map[idx + i].flags = 0;
	nr_pages_free += n;
	pthread_mutex_unlock(&page_lock);
	__atomic_sub_fetch(&nr_pages_allocated, n, __ATOMIC_RELAXED);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	void *va;

	if (WARN_ON_ONCE(order > MAX_PAGE_ORDER))
		return NULL;
	va = alloc_frames(1UL << order, 1UL << order, gfp, order);
	return va ? virt_to_page(va) : NULL;
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	free_frames(page_address(page), 1UL << order, order);
}

unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages(gfp_mask, order);

	return page ? (unsigned long)page_address(page) : 0;
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		free_frames((void *)addr, 1UL << order, order);
}

void *alloc_pages_exact(size_t size, gfp_t gfp_mask)
{
	unsigned long n = PAGE_ALIGN(size) >> PAGE_SHIFT;
	unsigned int order = get_order(size);

	/* Placed like the order-sized block the kernel carves it from. */
	return alloc_frames(n, 1UL << order, gfp_mask, order);
}

void free_pages_exact(void *virt, size_t size)
{
	if (virt)
		free_frames(virt, PAGE_ALIGN(size) >> PAGE_SHIFT, -1);
}

/* ---------------------------------------------------------------------- */
/* User copies                                                            */

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	might_sleep();
	if (uaccess_should_fail() || (!from && n))
		return n;
	if (n)
		memcpy(to, (const void *)from, n);
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n)
{
	might_sleep();
	if (uaccess_should_fail() || (!to && n))
		return n;
	if (n)
		memcpy((void *)to, from, n);
	return 0;
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	might_sleep();
	if (uaccess_should_fail() || (!to && n))
		return n;
	if (n)
		memset((void *)to, 0, n);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Bring-up and teardown                                                  */

int shim_init(void)
{
	const char *env = getenv("SHIM_LOGLEVEL");
	size_t dram = rmm_dram_size();

	if (shim_up)
		return -EBUSY;
	if (!dram)
		return -ENODEV;
	shim_pfn_base = rmm_dram_base() >> PAGE_SHIFT;
	shim_nr_pfns = dram >> PAGE_SHIFT;
	shim_mem_map = calloc(shim_nr_pfns, sizeof(*shim_mem_map));
	if (!shim_mem_map)
		return -ENOMEM;
	pfn_cursor = 0;
	nr_pages_free = shim_nr_pfns;

	nr_allocated = 0;
	nr_pages_allocated = 0;
	alloc_calls = 0;
	alloc_fail_at = 0;
	alloc_failed = 0;
	uaccess_calls = 0;
	uaccess_fail_at = 0;
	nr_warnings = 0;
	shim_loglevel = LOGLEVEL_NOTICE;
	if (env && *env)
		shim_loglevel = atoi(env);
	__shim_smccc_reset();
	shim_up = true;
	return 0;
}

long shim_fini(void)
{
	long leaked_objs = shim_nr_allocated();
	long leaked_pages = shim_nr_pages_allocated();
	unsigned long i, shown = 0;

	if (!shim_up)
		return 0;
	if (leaked_objs)
		fprintf(stderr, "shim: %ld slab/vmalloc object(s) leaked\n",
			leaked_objs);
	if (leaked_pages) {
		fprintf(stderr, "shim: %ld page(s) leaked\n", leaked_pages);
		for (i = 0; i < shim_nr_pfns && shown < 8; i++) {
			if (frame_free(i) ||
			    !test_bit(PG_shim_head, &shim_mem_map[i].flags))
				continue;
			fprintf(stderr, "shim:   order-%u allocation at 0x%llx\n",
				shim_mem_map[i].order,
				(unsigned long long)(shim_pfn_base + i) << PAGE_SHIFT);
			shown++;
		}
	}
	free(shim_mem_map);
	shim_mem_map = NULL;
	shim_nr_pfns = 0;
	shim_pfn_base = 0;
	shim_up = false;
	return leaked_objs + leaked_pages;
}
