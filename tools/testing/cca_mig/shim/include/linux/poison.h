/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/poison.h, subset. Keep in sync.
 */
#ifndef _SHIM_LINUX_POISON_H
#define _SHIM_LINUX_POISON_H

#define LIST_POISON1	((void *)0x100)
#define LIST_POISON2	((void *)0x122)

#define POISON_INUSE	0x5a	/* for use-uninitialised poisoning */
#define POISON_FREE	0x6b	/* for use-after-free poisoning */

#endif /* _SHIM_LINUX_POISON_H */
