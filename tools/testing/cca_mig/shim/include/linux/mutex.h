/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/mutex.h over a pthread mutex (locking.c), with the
 * lockdep checks described in <linux/lockdep.h>: mutex_lock() may sleep
 * (fatal under a spinlock), relocking a mutex the thread holds and
 * unlocking one it does not hold are fatal.
 */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

#include <pthread.h>

#include <linux/cleanup.h>
#include <linux/lockdep.h>
#include <linux/types.h>

struct mutex {
	pthread_mutex_t __lock;
	struct lockdep_map dep_map;
};

#define __MUTEX_INITIALIZER(lockname)					\
	{ .__lock = PTHREAD_MUTEX_INITIALIZER,				\
	  .dep_map = { .name = #lockname } }

#define DEFINE_MUTEX(mutexname)						\
	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key);

#define mutex_init(mutex)						\
do {									\
	static struct lock_class_key __key;				\
									\
	__mutex_init((mutex), #mutex, &__key);				\
} while (0)

void mutex_destroy(struct mutex *lock);
void mutex_lock(struct mutex *lock);
int __must_check mutex_lock_interruptible(struct mutex *lock);
int __must_check mutex_lock_killable(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);

#define mutex_lock_nested(lock, subclass)	mutex_lock(lock)
#define mutex_lock_interruptible_nested(lock, subclass)			\
	mutex_lock_interruptible(lock)
#define mutex_lock_killable_nested(lock, subclass)			\
	mutex_lock_killable(lock)
#define mutex_lock_io(lock)			mutex_lock(lock)

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))
DEFINE_GUARD_COND(mutex, _try, mutex_trylock(_T))
DEFINE_GUARD_COND(mutex, _intr, mutex_lock_interruptible(_T) == 0)

DEFINE_FREE(mutex, struct mutex *, if (_T) mutex_unlock(_T))

#endif /* _SHIM_LINUX_MUTEX_H */
