/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: the slab and vmalloc allocators of include/linux/slab.h and
 * vmalloc.h (shim.c).
 *
 * Objects come from the C heap, so AddressSanitizer checks every access,
 * double free and leak; each allocation is counted (nr_allocated, as in
 * tools/testing/shared) and can be made to fail on demand (shim.h). They
 * have no physical address: see <asm/memory.h>.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/gfp_types.h>
#include <linux/overflow.h>
#include <linux/types.h>

#define ARCH_KMALLOC_MINALIGN	8

/* What kmalloc(0) returns: not NULL, but any access faults. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
#define KMALLOC_MAX_SIZE	(1UL << 25)

void *kmalloc(size_t size, gfp_t flags) __malloc;
void *krealloc(const void *objp, size_t new_size, gfp_t flags);
void kfree(const void *objp);
void kfree_sensitive(const void *objp);
size_t ksize(const void *objp);
void *kvmalloc(size_t size, gfp_t flags) __malloc;
void kvfree(const void *addr);
void *vmalloc(unsigned long size) __malloc;
void vfree(const void *addr);
void *kmemdup(const void *src, size_t len, gfp_t gfp) __malloc;
char *kstrdup(const char *s, gfp_t gfp) __malloc;
char *kstrndup(const char *s, size_t max, gfp_t gfp) __malloc;

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *krealloc_array(void *p, size_t new_n, size_t new_size,
				   gfp_t flags)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(new_n, new_size, &bytes)))
		return NULL;
	return krealloc(p, bytes, flags);
}

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return kvmalloc(bytes, flags);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *vzalloc(unsigned long size)
{
	return kvzalloc(size, GFP_KERNEL);
}

/*
 * The typed allocation helpers of Linux 7.0: kmalloc_obj(*p) allocates one
 * object of p's type, kmalloc_objs(*p, n) an array, kmalloc_flex(*p, fam,
 * n) a struct with a flexible array member of n elements; the GFP flags
 * are optional (GFP_KERNEL).
 */
#define __shim_pick_gfp(_unused, gfp, ...)	gfp
#define default_gfp(...)	__shim_pick_gfp(_, ##__VA_ARGS__, GFP_KERNEL)

#define __alloc_objs(ALLOC, GFP, TYPE, COUNT)				\
	((TYPE *)ALLOC(size_mul(sizeof(TYPE), (COUNT)), GFP))

#define __alloc_flex(ALLOC, GFP, TYPE, FAM, COUNT)			\
	((TYPE *)ALLOC(struct_size_t(TYPE, FAM, (COUNT)), GFP))

#define kmalloc_obj(VAR_OR_TYPE, GFP...)				\
	__alloc_objs(kmalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), 1)
#define kmalloc_objs(VAR_OR_TYPE, COUNT, GFP...)			\
	__alloc_objs(kmalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), COUNT)
#define kmalloc_flex(VAR_OR_TYPE, FAM, COUNT, GFP...)			\
	__alloc_flex(kmalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), FAM, COUNT)
#define kzalloc_obj(VAR_OR_TYPE, GFP...)				\
	__alloc_objs(kzalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), 1)
#define kzalloc_objs(VAR_OR_TYPE, COUNT, GFP...)			\
	__alloc_objs(kzalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), COUNT)
#define kzalloc_flex(VAR_OR_TYPE, FAM, COUNT, GFP...)			\
	__alloc_flex(kzalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), FAM, COUNT)
#define kvmalloc_obj(VAR_OR_TYPE, GFP...)				\
	__alloc_objs(kvmalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), 1)
#define kvmalloc_objs(VAR_OR_TYPE, COUNT, GFP...)			\
	__alloc_objs(kvmalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), COUNT)
#define kvzalloc_obj(VAR_OR_TYPE, GFP...)				\
	__alloc_objs(kvzalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), 1)
#define kvzalloc_objs(VAR_OR_TYPE, COUNT, GFP...)			\
	__alloc_objs(kvzalloc, default_gfp(GFP), typeof(VAR_OR_TYPE), COUNT)

/* Slab caches: a named object size over kmalloc(). */
struct kmem_cache;

#define SLAB_HWCACHE_ALIGN	((__force slab_flags_t)0x00002000U)
#define SLAB_PANIC		((__force slab_flags_t)0x00040000U)
#define SLAB_ACCOUNT		((__force slab_flags_t)0x04000000U)

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags) __malloc;
void kmem_cache_free(struct kmem_cache *s, void *objp);

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}

#define KMEM_CACHE(__struct, __flags)					\
	kmem_cache_create(#__struct, sizeof(struct __struct),		\
			  __alignof__(struct __struct), (__flags), NULL)

DEFINE_FREE(kfree, void *, if (!IS_ERR_OR_NULL(_T)) kfree(_T))
DEFINE_FREE(kvfree, void *, if (!IS_ERR_OR_NULL(_T)) kvfree(_T))

#endif /* _SHIM_LINUX_SLAB_H */
