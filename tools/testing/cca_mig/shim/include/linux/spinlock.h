/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/spinlock.h and rwlock.h over pthread locks
 * (locking.c). Holding a spinlock or rwlock raises the thread's preempt
 * count, so sleeping under one is reported (see <linux/preempt.h>); the
 * _irq/_bh/_irqsave variants behave as the plain ones (flags are 0).
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <linux/cleanup.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>

void __spin_lock_init(spinlock_t *lock, const char *name,
		      struct lock_class_key *key);
void spin_lock(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
bool spin_is_locked(spinlock_t *lock);

#define spin_lock_init(lock)						\
do {									\
	static struct lock_class_key __key;				\
									\
	__spin_lock_init((lock), #lock, &__key);			\
} while (0)

#define spin_lock_nested(lock, subclass)	spin_lock(lock)
#define spin_lock_irq(lock)			spin_lock(lock)
#define spin_unlock_irq(lock)			spin_unlock(lock)
#define spin_lock_bh(lock)			spin_lock(lock)
#define spin_unlock_bh(lock)			spin_unlock(lock)
#define spin_lock_irqsave(lock, flags)					\
	do { (flags) = 0; spin_lock(lock); } while (0)
#define spin_unlock_irqrestore(lock, flags)				\
	do { (void)(flags); spin_unlock(lock); } while (0)
#define spin_trylock_irqsave(lock, flags)				\
	({ (flags) = 0; spin_trylock(lock); })

#define assert_spin_locked(lock)	lockdep_assert_held(lock)

void __rwlock_init(rwlock_t *lock, const char *name,
		   struct lock_class_key *key);
void read_lock(rwlock_t *lock);
void read_unlock(rwlock_t *lock);
void write_lock(rwlock_t *lock);
void write_unlock(rwlock_t *lock);
int read_trylock(rwlock_t *lock);
int write_trylock(rwlock_t *lock);

#define rwlock_init(lock)						\
do {									\
	static struct lock_class_key __key;				\
									\
	__rwlock_init((lock), #lock, &__key);				\
} while (0)

#define read_lock_irq(lock)		read_lock(lock)
#define read_unlock_irq(lock)		read_unlock(lock)
#define write_lock_irq(lock)		write_lock(lock)
#define write_unlock_irq(lock)		write_unlock(lock)
#define read_lock_bh(lock)		read_lock(lock)
#define read_unlock_bh(lock)		read_unlock(lock)
#define write_lock_bh(lock)		write_lock(lock)
#define write_unlock_bh(lock)		write_unlock(lock)
#define read_lock_irqsave(lock, flags)					\
	do { (flags) = 0; read_lock(lock); } while (0)
#define read_unlock_irqrestore(lock, flags)				\
	do { (void)(flags); read_unlock(lock); } while (0)
#define write_lock_irqsave(lock, flags)					\
	do { (flags) = 0; write_lock(lock); } while (0)
#define write_unlock_irqrestore(lock, flags)				\
	do { (void)(flags); write_unlock(lock); } while (0)

DEFINE_LOCK_GUARD_1(spinlock, spinlock_t,
		    spin_lock(_T->lock),
		    spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1_COND(spinlock, _try, spin_trylock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irq, spinlock_t,
		    spin_lock_irq(_T->lock),
		    spin_unlock_irq(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_bh, spinlock_t,
		    spin_lock_bh(_T->lock),
		    spin_unlock_bh(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irqsave, spinlock_t,
		    spin_lock_irqsave(_T->lock, _T->flags),
		    spin_unlock_irqrestore(_T->lock, _T->flags),
		    unsigned long flags)
DEFINE_LOCK_GUARD_1(read_lock, rwlock_t,
		    read_lock(_T->lock),
		    read_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(write_lock, rwlock_t,
		    write_lock(_T->lock),
		    write_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(read_lock_irqsave, rwlock_t,
		    read_lock_irqsave(_T->lock, _T->flags),
		    read_unlock_irqrestore(_T->lock, _T->flags),
		    unsigned long flags)
DEFINE_LOCK_GUARD_1(write_lock_irqsave, rwlock_t,
		    write_lock_irqsave(_T->lock, _T->flags),
		    write_unlock_irqrestore(_T->lock, _T->flags),
		    unsigned long flags)

#endif /* _SHIM_LINUX_SPINLOCK_H */
