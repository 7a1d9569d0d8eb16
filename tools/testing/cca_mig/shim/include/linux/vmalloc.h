/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: vmalloc()/vfree() are declared with the slab allocator; see
 * <linux/slab.h>.
 */
#ifndef _SHIM_LINUX_VMALLOC_H
#define _SHIM_LINUX_VMALLOC_H

#include <linux/slab.h>

#endif /* _SHIM_LINUX_VMALLOC_H */
