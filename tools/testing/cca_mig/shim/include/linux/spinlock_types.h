/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: spinlock_t and rwlock_t of include/linux/spinlock_types.h and
 * rwlock_types.h, over pthread locks (locking.c).
 */
#ifndef _SHIM_LINUX_SPINLOCK_TYPES_H
#define _SHIM_LINUX_SPINLOCK_TYPES_H

#include <pthread.h>

#include <linux/lockdep.h>

typedef struct spinlock {
	pthread_mutex_t __lock;
	struct lockdep_map dep_map;
} spinlock_t;

typedef struct {
	pthread_rwlock_t __lock;
	struct lockdep_map dep_map;
} rwlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)					\
	(spinlock_t){ .__lock = PTHREAD_MUTEX_INITIALIZER,		\
		      .dep_map = { .name = #lockname } }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

#define __RW_LOCK_UNLOCKED(lockname)					\
	(rwlock_t){ .__lock = PTHREAD_RWLOCK_INITIALIZER,		\
		    .dep_map = { .name = #lockname } }
#define DEFINE_RWLOCK(x)	rwlock_t x = __RW_LOCK_UNLOCKED(x)

#endif /* _SHIM_LINUX_SPINLOCK_TYPES_H */
