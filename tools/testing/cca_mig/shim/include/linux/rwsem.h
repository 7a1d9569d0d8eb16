/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/rwsem.h over a pthread rwlock (locking.c), with
 * the lockdep checks of <linux/lockdep.h>; taking a rw_semaphore the
 * thread already holds, in either mode, is fatal (it can deadlock in the
 * kernel too).
 */
#ifndef _SHIM_LINUX_RWSEM_H
#define _SHIM_LINUX_RWSEM_H

#include <pthread.h>

#include <linux/cleanup.h>
#include <linux/lockdep.h>
#include <linux/types.h>

struct rw_semaphore {
	pthread_rwlock_t __lock;
	struct lockdep_map dep_map;
};

#define __RWSEM_INITIALIZER(lockname)					\
	{ .__lock = PTHREAD_RWLOCK_INITIALIZER,				\
	  .dep_map = { .name = #lockname } }

#define DECLARE_RWSEM(lockname)						\
	struct rw_semaphore lockname = __RWSEM_INITIALIZER(lockname)

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key);

#define init_rwsem(sem)							\
do {									\
	static struct lock_class_key __key;				\
									\
	__init_rwsem((sem), #sem, &__key);				\
} while (0)

void down_read(struct rw_semaphore *sem);
int __must_check down_read_killable(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int __must_check down_write_killable(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
bool rwsem_is_locked(struct rw_semaphore *sem);

#define down_read_nested(sem, subclass)		down_read(sem)
#define down_write_nested(sem, subclass)	down_write(sem)

DEFINE_GUARD(rwsem_read, struct rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD_COND(rwsem_read, _try, down_read_trylock(_T))
DEFINE_GUARD(rwsem_write, struct rw_semaphore *, down_write(_T), up_write(_T))
DEFINE_GUARD_COND(rwsem_write, _try, down_write_trylock(_T))

#endif /* _SHIM_LINUX_RWSEM_H */
