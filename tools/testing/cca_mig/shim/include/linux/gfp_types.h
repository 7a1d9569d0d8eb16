/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/gfp_types.h, the flags kernel code names. The values
 * are the shim's own; only __GFP_ZERO, __GFP_NOFAIL and whether a mask may
 * block (__GFP_DIRECT_RECLAIM, checked against spinlocks held) change what
 * the shim's allocators do.
 */
#ifndef _SHIM_LINUX_GFP_TYPES_H
#define _SHIM_LINUX_GFP_TYPES_H

#include <linux/types.h>

#define __GFP_DMA		((__force gfp_t)0x00001u)
#define __GFP_HIGHMEM		((__force gfp_t)0x00002u)
#define __GFP_DMA32		((__force gfp_t)0x00004u)
#define __GFP_MOVABLE		((__force gfp_t)0x00008u)
#define __GFP_RECLAIMABLE	((__force gfp_t)0x00010u)
#define __GFP_HIGH		((__force gfp_t)0x00020u)
#define __GFP_IO		((__force gfp_t)0x00040u)
#define __GFP_FS		((__force gfp_t)0x00080u)
#define __GFP_ZERO		((__force gfp_t)0x00100u)
#define __GFP_DIRECT_RECLAIM	((__force gfp_t)0x00400u)
#define __GFP_KSWAPD_RECLAIM	((__force gfp_t)0x00800u)
#define __GFP_WRITE		((__force gfp_t)0x01000u)
#define __GFP_NOWARN		((__force gfp_t)0x02000u)
#define __GFP_RETRY_MAYFAIL	((__force gfp_t)0x04000u)
#define __GFP_NOFAIL		((__force gfp_t)0x08000u)
#define __GFP_NORETRY		((__force gfp_t)0x10000u)
#define __GFP_COMP		((__force gfp_t)0x40000u)
#define __GFP_HARDWALL		((__force gfp_t)0x100000u)
#define __GFP_THISNODE		((__force gfp_t)0x200000u)
#define __GFP_ACCOUNT		((__force gfp_t)0x400000u)
#define __GFP_NOMEMALLOC	((__force gfp_t)0x800000u)

#define __GFP_RECLAIM	((__force gfp_t)(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM))

#define GFP_ATOMIC	(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)

#endif /* _SHIM_LINUX_GFP_TYPES_H */
