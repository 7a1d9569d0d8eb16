/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/types.h, minimal subset. Keep in sync.
 *
 * The __u8..__u64, __le/__be and __bitwise definitions come from the
 * system's uapi <linux/types.h> (linux-libc-dev), exactly as the kernel's
 * own linux/types.h builds on uapi/linux/types.h. size_t, bool and friends
 * come from the C library so that libc and kernel-style code agree.
 */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H

#include_next <linux/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef __u8		u8;
typedef __s8		s8;
typedef __u16		u16;
typedef __s16		s16;
typedef __u32		u32;
typedef __s32		s32;
typedef __u64		u64;
typedef __s64		s64;

/* arm64: 64-bit physical and DMA addresses. */
typedef u64		phys_addr_t;
typedef u64		dma_addr_t;
typedef phys_addr_t	resource_size_t;

typedef unsigned long	pgoff_t;
typedef unsigned int __bitwise gfp_t;
typedef unsigned int __bitwise slab_flags_t;
typedef unsigned int __bitwise fmode_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

typedef atomic64_t	atomic_long_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __aligned(sizeof(void *));
#define rcu_head callback_head

#endif /* _SHIM_LINUX_TYPES_H */
