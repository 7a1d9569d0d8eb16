/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: cpu_relax() of arch/arm64/include/asm/processor.h yields the
 * thread (shim.c), since the CPU a spinning loop waits for is another
 * thread here.
 */
#ifndef _SHIM_ASM_PROCESSOR_H
#define _SHIM_ASM_PROCESSOR_H

void cpu_relax(void);

#endif /* _SHIM_ASM_PROCESSOR_H */
