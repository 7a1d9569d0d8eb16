/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/preempt.h over a per-thread count. Spinlocks and
 * rwlocks raise it, so might_sleep() (mutexes, blocking allocations) under
 * a spinlock is reported, as CONFIG_DEBUG_ATOMIC_SLEEP would.
 */
#ifndef _SHIM_LINUX_PREEMPT_H
#define _SHIM_LINUX_PREEMPT_H

#include <linux/cleanup.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>

/* locking.c */
extern __thread int __shim_preempt_count;
void __might_sleep(const char *file, int line);

#define preempt_count()		(__shim_preempt_count)
#define preempt_disable()	do { __shim_preempt_count++; barrier(); } while (0)
#define preempt_enable()	do { barrier(); __shim_preempt_count--; } while (0)
#define preempt_enable_no_resched()	preempt_enable()
#define in_atomic()		(preempt_count() != 0)
#define in_interrupt()		(0)
#define in_irq()		(0)
#define in_task()		(1)
#define irqs_disabled()		(0)

#define local_irq_disable()		do { } while (0)
#define local_irq_enable()		do { } while (0)
#define local_irq_save(flags)		do { (flags) = 0; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)

#define might_sleep()		__might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)
#define cant_sleep()		do { } while (0)

#define lockdep_assert_preemption_disabled()				\
	do {								\
		if (!in_atomic())					\
			__shim_lockdep_fail(__FILE__, __LINE__, __func__, \
					    "preemption",		\
					    "enabled (expected disabled)"); \
	} while (0)

DEFINE_LOCK_GUARD_0(preempt, preempt_disable(), preempt_enable())

#endif /* _SHIM_LINUX_PREEMPT_H */
