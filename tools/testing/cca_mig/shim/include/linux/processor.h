/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/processor.h. Keep in sync.
 */
#ifndef _SHIM_LINUX_PROCESSOR_H
#define _SHIM_LINUX_PROCESSOR_H

#include <asm/processor.h>

#define spin_until_cond(cond)					\
do {								\
	while (unlikely(!(cond)))				\
		cpu_relax();					\
} while (0)

#endif /* _SHIM_LINUX_PROCESSOR_H */
