/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: arch/arm64/include/asm/barrier.h mapped onto C11 fences and the
 * compiler's __atomic builtins, which give at least the ordering the arm64
 * instructions give. isb()/dsb()/dmb() order nothing the harness can
 * observe and are compiler barriers.
 */
#ifndef _SHIM_ASM_BARRIER_H
#define _SHIM_ASM_BARRIER_H

#include <linux/compiler.h>

#define isb()			barrier()
#define dsb(opt)		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dmb(opt)		__atomic_thread_fence(__ATOMIC_SEQ_CST)

#define mb()			__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()			__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb()			__atomic_thread_fence(__ATOMIC_RELEASE)

#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)

#define smp_mb__before_atomic()	smp_mb()
#define smp_mb__after_atomic()	smp_mb()

#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_mb(var, value)					\
	do { WRITE_ONCE(var, value); smp_mb(); } while (0)

#endif /* _SHIM_ASM_BARRIER_H */
