// SPDX-License-Identifier: GPL-2.0
/*
 * custom: kernel locks over pthread locks, with a per-thread record of the
 * locks held so that lockdep's assertions are real checks.
 *
 * Each thread keeps a stack of held locks (like lockdep's held_locks):
 * acquiring pushes, releasing removes. From it the shim reports, with the
 * call site and a backtrace, and then abort()s:
 *   - lockdep_assert_held*() on a lock the thread does not hold (in the
 *     required mode), lockdep_assert_not_held() on one it does;
 *   - taking a lock the thread already holds (self-deadlock), except a
 *     recursive read of an rwlock_t, which the kernel allows;
 *   - releasing a lock the thread does not hold;
 *   - sleeping (mutex, rwsem, blocking allocation) with a spinlock or
 *     rwlock held.
 * Lock ordering between threads is not checked.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

#include "shim.h"
#include "shim_internal.h"

int debug_locks = 1;
__thread int __shim_preempt_count;

/* lockdep's "read" argument: 0 exclusive, 1 recursive read, 2 read */
enum {
	HELD_WRITE = 0,
	HELD_READ_RECURSIVE = 1,
	HELD_READ = 2,
};

struct held_lock {
	const struct lockdep_map *map;
	int read;
};

static __thread struct held_lock held_locks[MAX_LOCK_DEPTH];
static __thread unsigned int lock_depth;

static const char *lock_name(const struct lockdep_map *map)
{
	return map && map->name ? map->name : "(unnamed lock)";
}

static void print_held_locks(void)
{
	unsigned int i;

	fprintf(stderr, "%u lock(s) held by this thread:\n", lock_depth);
	for (i = 0; i < lock_depth; i++)
		fprintf(stderr, " #%u: %s (%s)\n", i,
			lock_name(held_locks[i].map),
			held_locks[i].read ? "read" : "write");
}

static __noreturn void lockdep_bug(const char *what,
				   const struct lockdep_map *map)
{
	fflush(stdout);
	fprintf(stderr, "=============================================\n");
	fprintf(stderr, "WARNING: lockdep: %s: %s\n", what, lock_name(map));
	print_held_locks();
	__shim_fatal("lockdep: %s", what);
}

void __shim_lockdep_fail(const char *file, int line, const char *func,
			 const char *lock, const char *what)
{
	fflush(stdout);
	fprintf(stderr, "=============================================\n");
	fprintf(stderr, "WARNING: lockdep: %s %s at %s:%d (%s)\n", lock, what,
		file, line, func);
	print_held_locks();
	__shim_fatal("lockdep assertion failed: %s %s", lock, what);
}

void __might_sleep(const char *file, int line)
{
	if (!__shim_preempt_count)
		return;
	fflush(stdout);
	fprintf(stderr, "BUG: sleeping function called from invalid context at %s:%d\n",
		file, line);
	fprintf(stderr, "in_atomic(): 1, preempt_count: %d\n",
		__shim_preempt_count);
	print_held_locks();
	__shim_fatal("sleeping in atomic context");
}

static int find_held(const struct lockdep_map *map)
{
	int i;

	for (i = (int)lock_depth - 1; i >= 0; i--)
		if (held_locks[i].map == map)
			return i;
	return -1;
}

void lockdep_init_map(struct lockdep_map *lock, const char *name,
		      struct lock_class_key *key, int subclass)
{
	lock->name = name;
	lock->key = key;
}

/* Before blocking on @map: would this thread deadlock on itself? */
static void check_recursion(const struct lockdep_map *map, int read)
{
	int i = find_held(map);

	if (i < 0)
		return;
	if (read == HELD_READ_RECURSIVE && held_locks[i].read)
		return;
	lockdep_bug("possible recursive locking detected", map);
}

void __shim_lock_acquire(struct lockdep_map *lock, int read, bool trylock)
{
	if (lock_depth >= MAX_LOCK_DEPTH)
		lockdep_bug("too many locks held", lock);
	held_locks[lock_depth].map = lock;
	held_locks[lock_depth].read = read;
	lock_depth++;
}

void __shim_lock_release(struct lockdep_map *lock)
{
	int i = find_held(lock);

	if (i < 0)
		lockdep_bug("releasing a lock this thread does not hold", lock);
	memmove(&held_locks[i], &held_locks[i + 1],
		(lock_depth - i - 1) * sizeof(held_locks[0]));
	lock_depth--;
}

int lock_is_held_type(const struct lockdep_map *lock, int read)
{
	int i = find_held(lock);

	if (i < 0)
		return 0;
	if (read == -1)
		return 1;
	if (read == HELD_WRITE)
		return held_locks[i].read == HELD_WRITE;
	return held_locks[i].read != HELD_WRITE;
}

unsigned int __shim_lock_depth(void)
{
	return lock_depth;
}

unsigned int shim_locks_held(void)
{
	return lock_depth;
}

static void pthread_check(int err, const char *op, const struct lockdep_map *map)
{
	if (err)
		__shim_fatal("%s(%s): %s", op, lock_name(map), strerror(err));
}

/* ---------------------------------------------------------------------- */
/* struct mutex                                                           */

void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key)
{
	pthread_check(pthread_mutex_init(&lock->__lock, NULL),
		      "pthread_mutex_init", &lock->dep_map);
	lockdep_init_map(&lock->dep_map, name, key, 0);
}

void mutex_destroy(struct mutex *lock)
{
	WARN(mutex_is_locked(lock), "destroying locked mutex %s",
	     lock_name(&lock->dep_map));
	pthread_mutex_destroy(&lock->__lock);
}

void mutex_lock(struct mutex *lock)
{
	might_sleep();
	check_recursion(&lock->dep_map, HELD_WRITE);
	pthread_check(pthread_mutex_lock(&lock->__lock), "mutex_lock",
		      &lock->dep_map);
	__shim_lock_acquire(&lock->dep_map, HELD_WRITE, false);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

int mutex_lock_killable(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

int mutex_trylock(struct mutex *lock)
{
	if (pthread_mutex_trylock(&lock->__lock))
		return 0;
	__shim_lock_acquire(&lock->dep_map, HELD_WRITE, true);
	return 1;
}

void mutex_unlock(struct mutex *lock)
{
	__shim_lock_release(&lock->dep_map);
	pthread_check(pthread_mutex_unlock(&lock->__lock), "mutex_unlock",
		      &lock->dep_map);
}

bool mutex_is_locked(struct mutex *lock)
{
	if (find_held(&lock->dep_map) >= 0)
		return true;
	if (pthread_mutex_trylock(&lock->__lock))
		return true;
	pthread_mutex_unlock(&lock->__lock);
	return false;
}

/* ---------------------------------------------------------------------- */
/* spinlock_t and rwlock_t                                                */

void __spin_lock_init(spinlock_t *lock, const char *name,
		      struct lock_class_key *key)
{
	pthread_check(pthread_mutex_init(&lock->__lock, NULL),
		      "pthread_mutex_init", &lock->dep_map);
	lockdep_init_map(&lock->dep_map, name, key, 0);
}

void spin_lock(spinlock_t *lock)
{
	check_recursion(&lock->dep_map, HELD_WRITE);
	pthread_check(pthread_mutex_lock(&lock->__lock), "spin_lock",
		      &lock->dep_map);
	__shim_lock_acquire(&lock->dep_map, HELD_WRITE, false);
	preempt_disable();
}

int spin_trylock(spinlock_t *lock)
{
	if (pthread_mutex_trylock(&lock->__lock))
		return 0;
	__shim_lock_acquire(&lock->dep_map, HELD_WRITE, true);
	preempt_disable();
	return 1;
}

void spin_unlock(spinlock_t *lock)
{
	__shim_lock_release(&lock->dep_map);
	pthread_check(pthread_mutex_unlock(&lock->__lock), "spin_unlock",
		      &lock->dep_map);
	preempt_enable();
}

bool spin_is_locked(spinlock_t *lock)
{
	if (find_held(&lock->dep_map) >= 0)
		return true;
	if (pthread_mutex_trylock(&lock->__lock))
		return true;
	pthread_mutex_unlock(&lock->__lock);
	return false;
}

void __rwlock_init(rwlock_t *lock, const char *name,
		   struct lock_class_key *key)
{
	pthread_check(pthread_rwlock_init(&lock->__lock, NULL),
		      "pthread_rwlock_init", &lock->dep_map);
	lockdep_init_map(&lock->dep_map, name, key, 0);
}

void read_lock(rwlock_t *lock)
{
	check_recursion(&lock->dep_map, HELD_READ_RECURSIVE);
	pthread_check(pthread_rwlock_rdlock(&lock->__lock), "read_lock",
		      &lock->dep_map);
	__shim_lock_acquire(&lock->dep_map, HELD_READ_RECURSIVE, false);
	preempt_disable();
}

int read_trylock(rwlock_t *lock)
{
	if (pthread_rwlock_tryrdlock(&lock->__lock))
		return 0;
	__shim_lock_acquire(&lock->dep_map, HELD_READ_RECURSIVE, true);
	preempt_disable();
	return 1;
}

void read_unlock(rwlock_t *lock)
{
	__shim_lock_release(&lock->dep_map);
	pthread_check(pthread_rwlock_unlock(&lock->__lock), "read_unlock",
		      &lock->dep_map);
	preempt_enable();
}

void write_lock(rwlock_t *lock)
{
	check_recursion(&lock->dep_map, HELD_WRITE);
	pthread_check(pthread_rwlock_wrlock(&lock->__lock), "write_lock",
		      &lock->dep_map);
	__shim_lock_acquire(&lock->dep_map, HELD_WRITE, false);
	preempt_disable();
}

int write_trylock(rwlock_t *lock)
{
	if (pthread_rwlock_trywrlock(&lock->__lock))
		return 0;
	__shim_lock_acquire(&lock->dep_map, HELD_WRITE, true);
	preempt_disable();
	return 1;
}

void write_unlock(rwlock_t *lock)
{
	__shim_lock_release(&lock->dep_map);
	pthread_check(pthread_rwlock_unlock(&lock->__lock), "write_unlock",
		      &lock->dep_map);
	preempt_enable();
}

/* ---------------------------------------------------------------------- */
/* struct rw_semaphore                                                    */

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key)
{
	pthread_check(pthread_rwlock_init(&sem->__lock, NULL),
		      "pthread_rwlock_init", &sem->dep_map);
	lockdep_init_map(&sem->dep_map, name, key, 0);
}

void down_read(struct rw_semaphore *sem)
{
	might_sleep();
	check_recursion(&sem->dep_map, HELD_READ);
	pthread_check(pthread_rwlock_rdlock(&sem->__lock), "down_read",
		      &sem->dep_map);
	__shim_lock_acquire(&sem->dep_map, HELD_READ, false);
}

int down_read_killable(struct rw_semaphore *sem)
{
	down_read(sem);
	return 0;
}

int down_read_trylock(struct rw_semaphore *sem)
{
	if (pthread_rwlock_tryrdlock(&sem->__lock))
		return 0;
	__shim_lock_acquire(&sem->dep_map, HELD_READ, true);
	return 1;
}

void up_read(struct rw_semaphore *sem)
{
	__shim_lock_release(&sem->dep_map);
	pthread_check(pthread_rwlock_unlock(&sem->__lock), "up_read",
		      &sem->dep_map);
}

void down_write(struct rw_semaphore *sem)
{
	might_sleep();
	check_recursion(&sem->dep_map, HELD_WRITE);
	pthread_check(pthread_rwlock_wrlock(&sem->__lock), "down_write",
		      &sem->dep_map);
	__shim_lock_acquire(&sem->dep_map, HELD_WRITE, false);
}

int down_write_killable(struct rw_semaphore *sem)
{
	down_write(sem);
	return 0;
}

int down_write_trylock(struct rw_semaphore *sem)
{
	if (pthread_rwlock_trywrlock(&sem->__lock))
		return 0;
	__shim_lock_acquire(&sem->dep_map, HELD_WRITE, true);
	return 1;
}

void up_write(struct rw_semaphore *sem)
{
	__shim_lock_release(&sem->dep_map);
	pthread_check(pthread_rwlock_unlock(&sem->__lock), "up_write",
		      &sem->dep_map);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	if (find_held(&sem->dep_map) >= 0)
		return true;
	if (pthread_rwlock_trywrlock(&sem->__lock))
		return true;
	pthread_rwlock_unlock(&sem->__lock);
	return false;
}
