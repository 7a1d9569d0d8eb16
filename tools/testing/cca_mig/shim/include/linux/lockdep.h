/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: the assertions of include/linux/lockdep.h, really checked.
 *
 * Every shim lock (mutex, spinlock_t, rwlock_t, rw_semaphore) carries a
 * struct lockdep_map, and each thread keeps the stack of locks it holds
 * (locking.c). lockdep_assert_held() and friends therefore check that the
 * *current thread* holds the lock, in the right mode; a failed assertion,
 * recursive locking and unlocking a lock the thread does not hold are
 * reported with the call site and end the process (abort()), as a lockdep
 * splat should end a test. Lock ordering is not checked.
 */
#ifndef _SHIM_LINUX_LOCKDEP_H
#define _SHIM_LINUX_LOCKDEP_H

#include <linux/compiler.h>
#include <linux/types.h>

struct lock_class_key {
	char __unused_key;
};

struct lockdep_map {
	const char *name;
	struct lock_class_key *key;
};

#define STATIC_LOCKDEP_MAP_INIT(_name, _key)	{ .name = (_name), .key = (void *)(_key) }

#define MAX_LOCK_DEPTH		48
#define SINGLE_DEPTH_NESTING	1

extern int debug_locks;

/* locking.c */
void lockdep_init_map(struct lockdep_map *lock, const char *name,
		      struct lock_class_key *key, int subclass);
/* @read: 0 exclusive, 1 shared (recursive allowed), 2 shared */
void __shim_lock_acquire(struct lockdep_map *lock, int read, bool trylock);
void __shim_lock_release(struct lockdep_map *lock);
/* @read: -1 either mode, 0 exclusive, 1 shared */
int lock_is_held_type(const struct lockdep_map *lock, int read);
unsigned int __shim_lock_depth(void);
__noreturn void __shim_lockdep_fail(const char *file, int line,
				    const char *func, const char *lock,
				    const char *what);

#define lock_is_held(lock)		lock_is_held_type(lock, -1)
#define lockdep_is_held(lock)		lock_is_held(&(lock)->dep_map)
#define lockdep_is_held_type(lock, r)	lock_is_held_type(&(lock)->dep_map, (r))

#define __shim_lockdep_check(cond, lock, what)				\
	do {								\
		if (unlikely(!(cond)))					\
			__shim_lockdep_fail(__FILE__, __LINE__, __func__, \
					    #lock, what);		\
	} while (0)

#define lockdep_assert_held(l)						\
	__shim_lockdep_check(lockdep_is_held(l), l, "not held")
#define lockdep_assert_not_held(l)					\
	__shim_lockdep_check(!lockdep_is_held(l), l, "held")
#define lockdep_assert_held_write(l)					\
	__shim_lockdep_check(lockdep_is_held_type(l, 0), l,		\
			     "not held for write")
#define lockdep_assert_held_read(l)					\
	__shim_lockdep_check(lockdep_is_held_type(l, 1), l,		\
			     "not held for read")
#define lockdep_assert_held_once(l)	lockdep_assert_held(l)
#define lockdep_assert_none_held_once()					\
	__shim_lockdep_check(__shim_lock_depth() == 0, any lock,	\
			     "held (none expected)")

/* stub: no lock classes, no IRQ state in the harness */
#define lockdep_set_class(lock, key)			do { } while (0)
#define lockdep_set_class_and_name(lock, key, name)	do { } while (0)
#define lockdep_set_subclass(lock, sub)			do { } while (0)
#define lockdep_set_novalidate_class(lock)		do { } while (0)
#define might_lock(lock)				do { } while (0)
#define might_lock_read(lock)				do { } while (0)
#define lockdep_assert_irqs_enabled()			do { } while (0)
#define lockdep_assert_irqs_disabled()			do { } while (0)
#define lockdep_assert_in_irq()				do { } while (0)
#define lockdep_off()					do { } while (0)
#define lockdep_on()					do { } while (0)

#endif /* _SHIM_LINUX_LOCKDEP_H */
