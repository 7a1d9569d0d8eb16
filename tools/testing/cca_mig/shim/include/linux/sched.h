/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stub: the scheduler entry points kernel code calls in long loops. There
 * is no preemption to offer in the harness; cond_resched() and friends are
 * no-ops (the latter only check the caller's context, as
 * CONFIG_DEBUG_ATOMIC_SLEEP would). There are no signals to take either.
 */
#ifndef _SHIM_LINUX_SCHED_H
#define _SHIM_LINUX_SCHED_H

#include <linux/preempt.h>
#include <linux/spinlock_types.h>

#define cond_resched()			({ might_sleep(); 0; })
#define need_resched()			(0)
#define cond_resched_lock(lock)		({ (void)(lock); 0; })
#define cond_resched_rwlock_read(lock)	({ (void)(lock); 0; })
#define cond_resched_rwlock_write(lock)	({ (void)(lock); 0; })

struct task_struct;
#define signal_pending(p)		(0)
#define fatal_signal_pending(p)		(0)

#endif /* _SHIM_LINUX_SCHED_H */
