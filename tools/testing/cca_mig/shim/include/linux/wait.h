/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/wait.h over a pthread condition variable (fs.c).
 *
 * A wait queue head carries a wake-up sequence number. wait_event*() read
 * it, then evaluate the condition (without any lock, as the kernel does),
 * then sleep until the number changes: a wake-up between the check and
 * the sleep is never lost. There are no signals in the harness, so the
 * interruptible forms only return 0 (or the remaining time).
 */
#ifndef _SHIM_LINUX_WAIT_H
#define _SHIM_LINUX_WAIT_H

#include <pthread.h>

#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/types.h>

/**
 * struct wait_queue_head - A wait queue
 * @lock: protects @seq
 * @cond: signalled on every wake-up
 * @seq: wake-ups so far
 */
struct wait_queue_head {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long seq;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)				\
	{ .lock = PTHREAD_MUTEX_INITIALIZER,				\
	  .cond = PTHREAD_COND_INITIALIZER }
#define DECLARE_WAIT_QUEUE_HEAD(name)					\
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq_head);
unsigned long __shim_wq_seq(struct wait_queue_head *wq_head);
/* Sleep until a wake-up after @seq, or @timeout_ms (<0: forever). */
long __shim_wq_wait(struct wait_queue_head *wq_head, unsigned long seq,
		    long timeout_ms);
void __wake_up(struct wait_queue_head *wq_head, unsigned int mode,
	       int nr, void *key);

#define TASK_INTERRUPTIBLE	0x1
#define TASK_UNINTERRUPTIBLE	0x2
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_poll(x, m)						\
	__wake_up(x, TASK_NORMAL, 1, (void *)(uintptr_t)(m))
#define wake_up_interruptible_poll(x, m)				\
	__wake_up(x, TASK_INTERRUPTIBLE, 1, (void *)(uintptr_t)(m))

static inline bool waitqueue_active(struct wait_queue_head *wq_head)
{
	return true;
}

#define ___shim_wait_event(wq_head, condition, timeout_ms)		\
({									\
	long __left = (timeout_ms);					\
	might_sleep();							\
	for (;;) {							\
		unsigned long __seq = __shim_wq_seq(&(wq_head));	\
		if (condition)						\
			break;						\
		__left = __shim_wq_wait(&(wq_head), __seq, __left);	\
		if (!__left)						\
			break;						\
	}								\
	__left;								\
})

#define wait_event(wq_head, condition)					\
	do { ___shim_wait_event(wq_head, condition, -1); } while (0)
#define wait_event_interruptible(wq_head, condition)			\
	({ ___shim_wait_event(wq_head, condition, -1); 0; })
#define wait_event_killable(wq_head, condition)				\
	wait_event_interruptible(wq_head, condition)
/* @timeout in jiffies; HZ is 1000 here. Returns the jiffies left (>= 1). */
#define wait_event_timeout(wq_head, condition, timeout)			\
({									\
	long __r = ___shim_wait_event(wq_head, condition, (long)(timeout)); \
	(condition) ? (__r > 0 ? __r : 1) : 0;				\
})
#define wait_event_interruptible_timeout(wq_head, condition, timeout)	\
	wait_event_timeout(wq_head, condition, timeout)

#endif /* _SHIM_LINUX_WAIT_H */
