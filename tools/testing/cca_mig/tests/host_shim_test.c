// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-API shim itself: allocators with failure injection and leak
 * counting, pages from the model's DRAM, lockdep checks that really check,
 * cleanup guards, user copies, WARN counting, and the SMC conduit reaching
 * the RMM model.
 *
 * Checks that must end the process (lockdep splats, freeing a delegated
 * page) run in a forked child whose exit signal and stderr are inspected.
 */
#include <linux/arm-rmi-cmds.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim.h"
#include "test.h"

#define SHIM_TEST_DRAM	(16UL << 20)

static bool suite_setup(void)
{
	return shim_model_init(SHIM_TEST_DRAM) == 0;
}

static bool suite_teardown(void)
{
	bool ok = true;
	long leaked;

	if (shim_nr_warnings()) {
		printf("# %lu unexpected WARN(s)\n", shim_nr_warnings());
		ok = false;
	}
	if (shim_locks_held()) {
		printf("# %u lock(s) still held\n", shim_locks_held());
		ok = false;
	}
	leaked = shim_model_fini();
	if (leaked) {
		printf("# %ld object(s), page(s) or granule(s) leaked\n",
		       leaked);
		ok = false;
	}
	return ok;
}

/*
 * Run @fn in a child process with stderr captured in @err. Return the
 * child's wait status.
 */
static int run_in_child(void (*fn)(void *), void *arg, char *err,
			size_t errlen)
{
	size_t len = 0;
	int fds[2], status = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	while (len + 1 < errlen &&
	       (n = read(fds[0], err + len, errlen - 1 - len)) > 0)
		len += n;
	err[len] = '\0';
	/* Drain whatever did not fit, so that the child can finish. */
	while (read(fds[0], &status, sizeof(status)) > 0)
		;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

#define ASSERT_CHILD_ABORTED(status)					\
	do {								\
		ASSERT_TRUE(WIFSIGNALED(status));			\
		ASSERT_EQ(WTERMSIG(status), SIGABRT);			\
	} while (0)

/* ---------------------------------------------------------------------- */

static void test_kmalloc_counts(void)
{
	long base = shim_nr_allocated();
	struct kmem_cache *cache;
	u8 *a, *b, *c, *d, *e;

	a = kmalloc(100, GFP_KERNEL);
	ASSERT_TRUE(a);
	/* Not zeroed: poisoned, so that code relying on zeroes shows. */
	ASSERT_EQ(a[0], POISON_INUSE);
	b = kzalloc(100, GFP_KERNEL);
	ASSERT_TRUE(b && mem_is_zero(b, 100));
	c = kvmalloc(1 << 20, GFP_KERNEL);
	d = kmemdup(b, 100, GFP_KERNEL);
	ASSERT_TRUE(c && d);
	ASSERT_EQ(shim_nr_allocated(), base + 4);
	ASSERT_EQ(nr_allocated, shim_nr_allocated());

	d = krealloc(d, 200, GFP_KERNEL | __GFP_ZERO);
	ASSERT_TRUE(d && mem_is_zero(d, 200));
	ASSERT_EQ(shim_nr_allocated(), base + 4);

	/* kmalloc(0) is ZERO_SIZE_PTR, not counted, and kfree() takes it. */
	e = kmalloc(0, GFP_KERNEL);
	ASSERT_TRUE(e == ZERO_SIZE_PTR);
	kfree(e);

	cache = KMEM_CACHE(list_head, 0);
	ASSERT_TRUE(cache);
	e = kmem_cache_zalloc(cache, GFP_KERNEL);
	ASSERT_TRUE(e && mem_is_zero(e, sizeof(struct list_head)));
	ASSERT_EQ(shim_nr_allocated(), base + 5);
	kmem_cache_free(cache, e);
	kmem_cache_destroy(cache);

	kfree(a);
	kfree(b);
	kvfree(c);
	kfree(d);
	kfree(NULL);
	ASSERT_EQ(shim_nr_allocated(), base);
}

static void test_typed_allocators(void)
{
	struct flex {
		int n;
		u64 v[];
	};
	struct list_head *h;
	struct flex *f;
	u64 *arr;

	h = kzalloc_obj(*h);
	arr = kmalloc_objs(*arr, 16, GFP_ATOMIC);
	f = kzalloc_flex(*f, v, 8);
	ASSERT_TRUE(h && arr && f);
	ASSERT_EQ(ksize(f) >= sizeof(*f) + 8 * sizeof(u64), 1);
	ASSERT_EQ(shim_nr_allocated(), 3);
	/* Overflowing sizes saturate and fail instead of wrapping. */
	ASSERT_TRUE(!kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	ASSERT_TRUE(!kmalloc_objs(*arr, SIZE_MAX / 4, GFP_KERNEL | __GFP_NOWARN));
	kfree(h);
	kfree(arr);
	kfree(f);
	ASSERT_EQ(shim_nr_allocated(), 0);
}

static void test_alloc_failure_injection(void)
{
	unsigned long calls = shim_nr_alloc_calls();
	void *a, *b, *c, *d;
	struct page *p;

	shim_fail_alloc_nth(1);
	ASSERT_TRUE(!kmalloc(8, GFP_KERNEL));
	a = kmalloc(8, GFP_KERNEL);		/* one shot: this one works */
	ASSERT_TRUE(a);
	ASSERT_EQ(shim_nr_alloc_failed(), 1);

	/* The third attempt from now fails, whatever allocator it is. */
	shim_fail_alloc_nth(3);
	b = kzalloc(8, GFP_KERNEL);
	c = (void *)__get_free_page(GFP_KERNEL);
	p = alloc_page(GFP_KERNEL);
	ASSERT_TRUE(b && c);
	ASSERT_TRUE(!p);
	ASSERT_EQ(shim_nr_alloc_failed(), 2);

	/* __GFP_NOFAIL allocations are counted but never failed. */
	shim_fail_alloc_nth(1);
	p = alloc_page(GFP_KERNEL | __GFP_NOFAIL);
	ASSERT_TRUE(p);
	ASSERT_EQ(shim_nr_alloc_failed(), 2);
	shim_fail_alloc_nth(1);
	shim_fail_alloc_nth(0);			/* disarmed */
	d = kvmalloc(8, GFP_KERNEL);
	ASSERT_TRUE(d);
	ASSERT_EQ(shim_nr_alloc_calls(), calls + 7);
	ASSERT_EQ(shim_nr_allocated(), 3);
	ASSERT_EQ(shim_nr_pages_allocated(), 2);

	kvfree(d);
	kfree(b);
	kfree(a);
	free_page((unsigned long)c);
	__free_page(p);
	ASSERT_EQ(shim_nr_allocated(), 0);
	ASSERT_EQ(shim_nr_pages_allocated(), 0);
}

static void leak_and_fini(void *arg)
{
	void *obj = kmalloc(32, GFP_KERNEL);
	struct page *page = alloc_pages(GFP_KERNEL, 1);

	(void)obj;
	(void)page;
	/* One object and two pages still allocated. */
	_exit(shim_fini() == 3 ? 0 : 1);
}

static void test_leak_counting(void)
{
	char err[4096];
	int status;

	ASSERT_EQ(shim_nr_allocated(), 0);
	ASSERT_EQ(shim_nr_pages_allocated(), 0);
	status = run_in_child(leak_and_fini, NULL, err, sizeof(err));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
	ASSERT_TRUE(strstr(err, "1 slab/vmalloc object(s) leaked"));
	ASSERT_TRUE(strstr(err, "2 page(s) leaked"));
	ASSERT_TRUE(strstr(err, "order-1 allocation at 0x"));
}

static void test_pages_from_dram(void)
{
	unsigned long free_before = shim_nr_pages_free();
	struct page *p4, *p;
	void *va, *exact;
	phys_addr_t pa;
	u8 *z;

	p = alloc_page(GFP_KERNEL);
	ASSERT_TRUE(p);
	va = page_address(p);
	pa = page_to_phys(p);
	/* The linear map is the host view of the model's DRAM. */
	ASSERT_TRUE(virt_addr_valid(va));
	ASSERT_EQ(virt_to_phys(va), pa);
	ASSERT_TRUE(phys_to_virt(pa) == va);
	ASSERT_TRUE(virt_to_page(va) == p);
	ASSERT_TRUE(pfn_to_page(page_to_pfn(p)) == p);
	ASSERT_EQ(pa & ~PAGE_MASK, 0);
	ASSERT_EQ(strcmp(shim_model_granule_state(pa), "UNDELEGATED"), 0);
	ASSERT_EQ(((u8 *)va)[PAGE_SIZE - 1], POISON_INUSE);
	/* kmalloc memory is not in the linear map. */
	z = kmalloc(8, GFP_KERNEL);
	ASSERT_FALSE(virt_addr_valid(z));
	kfree(z);

	/* Higher orders are naturally aligned, like the buddy allocator's. */
	p4 = alloc_pages(GFP_KERNEL | __GFP_ZERO, 4);
	ASSERT_TRUE(p4);
	ASSERT_EQ(page_to_phys(p4) & (16 * PAGE_SIZE - 1), 0);
	ASSERT_TRUE(mem_is_zero(page_address(p4), 16 * PAGE_SIZE));
	ASSERT_EQ(strcmp(shim_model_granule_state(page_to_phys(p4) +
						  15 * PAGE_SIZE),
			 "UNDELEGATED"), 0);
	exact = alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	ASSERT_TRUE(exact && PAGE_ALIGNED(exact));
	ASSERT_EQ(shim_nr_pages_allocated(), 1 + 16 + 3);
	ASSERT_EQ(shim_nr_pages_free(), free_before - 20);

	__free_page(p);
	__free_pages(p4, 4);
	free_pages_exact(exact, 3 * PAGE_SIZE);
	ASSERT_EQ(shim_nr_pages_allocated(), 0);
	ASSERT_EQ(shim_nr_pages_free(), free_before);
}

static void test_pages_exhaustion(void)
{
	unsigned long n = shim_nr_pages_free(), i;
	struct page **pages;

	pages = kvcalloc(n, sizeof(*pages), GFP_KERNEL);
	ASSERT_TRUE(pages);
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i])
			break;
	}
	ASSERT_EQ(i, n);
	ASSERT_TRUE(!alloc_page(GFP_KERNEL | __GFP_NOWARN));
	for (i = 0; i < n; i++)
		__free_page(pages[i]);
	kvfree(pages);
	ASSERT_EQ(shim_nr_pages_free(), n);
}

static sigjmp_buf segv_jmp;

static void on_segv(int sig)
{
	siglongjmp(segv_jmp, 1);
}

static void touch_delegated(void *arg)
{
	struct sigaction sa = { .sa_handler = on_segv };
	volatile u8 *p = arg;

	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(segv_jmp, 1))
		_exit(42);	/* the host view faulted, as on hardware */
	(void)*p;
	_exit(0);
}

static void free_delegated(void *arg)
{
	free_page((unsigned long)arg);
	_exit(0);
}

static void test_delegated_page_protection(void)
{
	unsigned long va = get_zeroed_page(GFP_KERNEL);
	phys_addr_t pa;
	char err[8192];
	int status;

	ASSERT_TRUE(va);
	pa = virt_to_phys((void *)va);
	ASSERT_EQ(rmi_delegate_page(pa), 0);
	ASSERT_EQ(strcmp(shim_model_granule_state(pa), "DELEGATED"), 0);

	/* The host cannot touch a granule of the Realm PAS. */
	status = run_in_child(touch_delegated, (void *)va, err, sizeof(err));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 42);

	/* Freeing it to the allocator is a fatal bug. */
	status = run_in_child(free_delegated, (void *)va, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "still in the Realm PAS"));

	ASSERT_EQ(rmi_undelegate_page(pa), 0);
	/* Undelegation scrubbed it. */
	ASSERT_TRUE(mem_is_zero((void *)va, PAGE_SIZE));
	free_page(va);
}

/* ---------------------------------------------------------------------- */

static DEFINE_MUTEX(test_mutex);
static DEFINE_SPINLOCK(test_spin);
static DECLARE_RWSEM(test_rwsem);
static DEFINE_RWLOCK(test_rwlock);

static void assert_unheld(void *arg)
{
	lockdep_assert_held(&test_mutex);
}

static void *hold_mutex(void *arg)
{
	int *fd = arg;
	char c;

	mutex_lock(&test_mutex);
	c = 1;
	if (write(fd[1], &c, 1) != 1)
		return NULL;
	/* Hold it until the process ends. */
	if (read(fd[2], &c, 1) < 0)
		return NULL;
	mutex_unlock(&test_mutex);
	return NULL;
}

static void assert_held_by_other_thread(void *arg)
{
	int fd[3], p1[2], p2[2];
	pthread_t t;
	char c;

	if (pipe(p1) || pipe(p2))
		_exit(2);
	fd[0] = p1[0];
	fd[1] = p1[1];
	fd[2] = p2[0];
	pthread_create(&t, NULL, hold_mutex, fd);
	if (read(p1[0], &c, 1) != 1)
		_exit(3);
	/* Locked, but by another thread: the assertion must fail. */
	if (!mutex_is_locked(&test_mutex))
		_exit(4);
	lockdep_assert_held(&test_mutex);
	_exit(0);
}

static void relock(void *arg)
{
	mutex_lock(&test_mutex);
	mutex_lock(&test_mutex);
}

static void unlock_unheld(void *arg)
{
	mutex_unlock(&test_mutex);
}

static void sleep_in_atomic(void *arg)
{
	spin_lock(&test_spin);
	mutex_lock(&test_mutex);
}

static void alloc_in_atomic(void *arg)
{
	void *p;

	spin_lock(&test_spin);
	p = kmalloc(8, GFP_ATOMIC);	/* fine */
	kfree(p);
	p = kmalloc(8, GFP_KERNEL);	/* may sleep: not fine */
	kfree(p);
	spin_unlock(&test_spin);
}

static void rwsem_read_twice(void *arg)
{
	down_read(&test_rwsem);
	down_read(&test_rwsem);
}

static void assert_write_with_read(void *arg)
{
	down_read(&test_rwsem);
	lockdep_assert_held_write(&test_rwsem);
}

static void test_lockdep_assert_held(void)
{
	char err[8192];
	int status;

	/* Held by this thread: every assertion passes. */
	mutex_lock(&test_mutex);
	lockdep_assert_held(&test_mutex);
	lockdep_assert_held_write(&test_mutex);
	ASSERT_EQ(shim_locks_held(), 1);
	mutex_unlock(&test_mutex);
	lockdep_assert_not_held(&test_mutex);
	ASSERT_EQ(shim_locks_held(), 0);

	status = run_in_child(assert_unheld, NULL, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "&test_mutex not held"));
	ASSERT_TRUE(strstr(err, "assert_unheld"));

	status = run_in_child(assert_held_by_other_thread, NULL, err,
			      sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "&test_mutex not held"));

	status = run_in_child(relock, NULL, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "recursive locking"));

	status = run_in_child(unlock_unheld, NULL, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "does not hold"));

	status = run_in_child(sleep_in_atomic, NULL, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "sleeping function called from invalid context"));

	status = run_in_child(alloc_in_atomic, NULL, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "sleeping function called from invalid context"));

	status = run_in_child(rwsem_read_twice, NULL, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);

	status = run_in_child(assert_write_with_read, NULL, err, sizeof(err));
	ASSERT_CHILD_ABORTED(status);
	ASSERT_TRUE(strstr(err, "not held for write"));
}

static void test_locks_modes(void)
{
	struct mutex m;

	mutex_init(&m);
	ASSERT_FALSE(mutex_is_locked(&m));
	ASSERT_EQ(mutex_trylock(&m), 1);
	ASSERT_TRUE(mutex_is_locked(&m));
	ASSERT_EQ(mutex_trylock(&m), 0);
	mutex_unlock(&m);
	mutex_destroy(&m);

	down_read(&test_rwsem);
	lockdep_assert_held(&test_rwsem);
	lockdep_assert_held_read(&test_rwsem);
	ASSERT_EQ(down_write_trylock(&test_rwsem), 0);
	up_read(&test_rwsem);
	down_write(&test_rwsem);
	lockdep_assert_held_write(&test_rwsem);
	up_write(&test_rwsem);

	/* rwlock_t readers may nest, as in the kernel. */
	read_lock(&test_rwlock);
	read_lock(&test_rwlock);
	lockdep_assert_held_read(&test_rwlock);
	ASSERT_EQ(write_trylock(&test_rwlock), 0);
	read_unlock(&test_rwlock);
	read_unlock(&test_rwlock);
	write_lock(&test_rwlock);
	lockdep_assert_held_write(&test_rwlock);
	write_unlock(&test_rwlock);

	spin_lock(&test_spin);
	assert_spin_locked(&test_spin);
	ASSERT_TRUE(in_atomic());
	spin_unlock(&test_spin);
	ASSERT_FALSE(in_atomic());
	ASSERT_EQ(shim_locks_held(), 0);
}

static int guarded(struct mutex *m, int early)
{
	guard(mutex)(m);
	lockdep_assert_held(m);
	if (early)
		return shim_locks_held();
	return -1;
}

static void *try_guard(void *arg)
{
	int *taken = arg;

	*taken = 0;
	scoped_guard(mutex_try, &test_mutex)
		*taken = 1;
	return NULL;
}

static void test_cleanup_guards(void)
{
	unsigned long flags = 1;
	pthread_t t;
	int taken;

	ASSERT_EQ(guarded(&test_mutex, 1), 1);
	ASSERT_EQ(guarded(&test_mutex, 0), -1);
	ASSERT_EQ(shim_locks_held(), 0);

	scoped_guard(spinlock_irqsave, &test_spin) {
		lockdep_assert_held(&test_spin);
		flags = 0;
	}
	ASSERT_EQ(flags, 0);
	scoped_guard(rwsem_read, &test_rwsem)
		lockdep_assert_held_read(&test_rwsem);
	ASSERT_EQ(shim_locks_held(), 0);

	/* A conditional guard skips its body when the lock is taken. */
	mutex_lock(&test_mutex);
	pthread_create(&t, NULL, try_guard, &taken);
	pthread_join(t, NULL);
	ASSERT_EQ(taken, 0);
	mutex_unlock(&test_mutex);
	pthread_create(&t, NULL, try_guard, &taken);
	pthread_join(t, NULL);
	ASSERT_EQ(taken, 1);

	{
		void *a __free(kfree) = kmalloc(64, GFP_KERNEL);
		void *pg __free(free_page) = (void *)__get_free_page(GFP_KERNEL);

		ASSERT_TRUE(a && pg);
		ASSERT_EQ(shim_nr_allocated(), 1);
		ASSERT_EQ(shim_nr_pages_allocated(), 1);
	}
	ASSERT_EQ(shim_nr_allocated(), 0);
	ASSERT_EQ(shim_nr_pages_allocated(), 0);
	{
		void *keep;

		{
			void *a __free(kfree) = kmalloc(64, GFP_KERNEL);

			keep = no_free_ptr(a);
		}
		ASSERT_EQ(shim_nr_allocated(), 1);
		kfree(keep);
	}
}

/* ---------------------------------------------------------------------- */

static struct {
	unsigned long calls;
	unsigned long fid, res;
} hook_seen;

static void smc_hook(const struct arm_smccc_1_2_regs *args,
		     const struct arm_smccc_1_2_regs *res, void *priv)
{
	hook_seen.calls++;
	hook_seen.fid = args->a0;
	hook_seen.res = res->a0;
}

static void test_smccc_reaches_model(void)
{
	unsigned long version = RMI_ABI_VERSION(RMI_ABI_MAJOR_VERSION,
						RMI_ABI_MINOR_VERSION);
	struct arm_smccc_1_2_regs regs = { SMC_RMI_VERSION, version };
	unsigned long smc0 = shim_nr_smc(), lower, higher, feat = 0;
	unsigned long model0 = shim_model_smc_count(SMC_RMI_VERSION);
	struct arm_smccc_res res;

	/* The seam: arm_smccc_1_2_invoke() on the SMC conduit. */
	ASSERT_EQ(arm_smccc_1_2_invoke(&regs, &regs), SMCCC_CONDUIT_SMC);
	ASSERT_EQ(regs.a0, RMI_SUCCESS);
	ASSERT_EQ(regs.a1, version);
	ASSERT_EQ(shim_nr_smc(), smc0 + 1);
	ASSERT_EQ(shim_model_smc_count(SMC_RMI_VERSION), model0 + 1);

	/* A version the model does not implement: it says which it does. */
	ASSERT_EQ(rmi_version(RMI_ABI_VERSION(1, 0), &lower, &higher),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(RMI_ABI_VERSION_GET_MAJOR(higher), 2);

	/* SMCCC v1.1 style calls take the same path. */
	arm_smccc_1_1_invoke(SMC_RMI_FEATURES, 0, &res);
	ASSERT_EQ(res.a0, RMI_SUCCESS);
	ASSERT_GE(FIELD_GET(RMI_FEATURE_REGISTER_0_S2SZ, res.a1), 40);
	ASSERT_EQ(rmi_features(1, &feat), RMI_SUCCESS);
	ASSERT_TRUE(feat & RMI_FEATURE_REGISTER_1_HASH_SHA_256);

	/* An unknown function: SMCCC NOT_SUPPORTED. */
	shim_set_smc_hook(smc_hook, NULL);
	regs = (struct arm_smccc_1_2_regs){ SMC_RMI_CALL(0x0fff) };
	arm_smccc_1_2_invoke(&regs, &regs);
	ASSERT_EQ((long)regs.a0, SMCCC_RET_NOT_SUPPORTED);
	ASSERT_EQ(hook_seen.calls, 1);
	ASSERT_EQ(hook_seen.fid, SMC_RMI_CALL(0x0fff));
	ASSERT_EQ(hook_seen.res, regs.a0);
	shim_set_smc_hook(NULL, NULL);
	ASSERT_EQ(shim_nr_smc(), smc0 + 5);
}

static void test_delegate_range_wrappers(void)
{
	struct page *p = alloc_pages(GFP_KERNEL, 10);	/* 1024 granules */
	phys_addr_t pa, top = 0;
	unsigned long before = shim_model_smc_count(SMC_RMI_GRANULE_RANGE_DELEGATE);

	ASSERT_TRUE(p);
	pa = page_to_phys(p);
	/* The model stops early; rmi_delegate_range() loops on out_top. */
	ASSERT_EQ(rmi_delegate_range(pa, 1024 * PAGE_SIZE, &top), 0);
	ASSERT_EQ(top, pa + 1024 * PAGE_SIZE);
	ASSERT_GT(shim_model_smc_count(SMC_RMI_GRANULE_RANGE_DELEGATE),
		  before + 1);
	ASSERT_EQ(shim_model_granules_delegated(), 1024);
	ASSERT_EQ(rmi_undelegate_range(pa, 1024 * PAGE_SIZE), 0);
	ASSERT_EQ(shim_model_granules_delegated(), 0);

	/* A failure reports how far it got. */
	ASSERT_EQ(rmi_delegate_page(pa + 5 * PAGE_SIZE), 0);
	ASSERT_EQ(RMI_RESULT_STATUS(rmi_delegate_range(pa, 8 * PAGE_SIZE,
						       &top)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(top, pa + 5 * PAGE_SIZE);
	ASSERT_EQ(rmi_undelegate_range(pa, 6 * PAGE_SIZE), 0);

	/* A granule the RMM will not return is leaked, with a WARN. */
	ASSERT_EQ(rmi_delegate_page(pa), 0);
	shim_expect_warnings(1);
	shim_model_inject_status(SMC_RMI_GRANULE_RANGE_UNDELEGATE,
				 RMI_ERROR_INPUT, 1);
	ASSERT_EQ(rmi_free_delegated_page(pa), -EBUSY);
	ASSERT_EQ(shim_nr_warnings(), 1);
	shim_reset_warnings();
	ASSERT_EQ(strcmp(shim_model_granule_state(pa), "DELEGATED"), 0);
	ASSERT_EQ(rmi_undelegate_page(pa), 0);
	__free_pages(p, 10);
}

static void test_sro_incomplete(void)
{
	unsigned long va = get_zeroed_page(GFP_KERNEL);
	unsigned long cancels = shim_model_smc_count(SMC_RMI_OP_CANCEL);
	phys_addr_t pa = virt_to_phys((void *)va);

	/*
	 * An operation that asks the host for memory: the harness's firmware
	 * interface does not donate; it cancels and says so.
	 */
	shim_model_inject_status(SMC_RMI_GRANULE_RANGE_DELEGATE,
				 RMI_INCOMPLETE |
				 FIELD_PREP(RMI_RESULT_MEMREQ_MASK,
					    RMI_OP_MEM_REQ_DONATE) |
				 RMI_RESULT_CAN_CANCEL_MASK, 1);
	ASSERT_EQ(rmi_delegate_page(pa), -EOPNOTSUPP);
	ASSERT_EQ(shim_model_smc_count(SMC_RMI_OP_CANCEL), cancels + 1);
	/* One that only needs continuing, which the model cannot do. */
	shim_model_inject_status(SMC_RMI_GRANULE_RANGE_DELEGATE,
				 RMI_INCOMPLETE, 1);
	ASSERT_EQ(rmi_delegate_page(pa), -EOPNOTSUPP);
	ASSERT_EQ(strcmp(shim_model_granule_state(pa), "UNDELEGATED"), 0);
	/* Nothing is left behind: the next call works. */
	ASSERT_EQ(rmi_delegate_page(pa), 0);
	ASSERT_EQ(rmi_undelegate_page(pa), 0);
	free_page(va);
}

/* ---------------------------------------------------------------------- */

static void test_uaccess(void)
{
	u64 src[4] = { 1, 2, 3, 4 }, dst[4] = { 0 };
	u64 __user *usrc = (u64 __user *)src;
	u64 v = 0;

	ASSERT_EQ(copy_from_user(dst, usrc, sizeof(dst)), 0);
	ASSERT_MEM_EQ(dst, src, sizeof(dst));
	ASSERT_EQ(get_user(v, usrc + 2), 0);
	ASSERT_EQ(v, 3);
	ASSERT_EQ(put_user(9ULL, (u64 __user *)&dst[1]), 0);
	ASSERT_EQ(dst[1], 9);
	/* A NULL user pointer faults. */
	ASSERT_EQ(copy_to_user(NULL, src, 8), 8);
	/* Injected faults. */
	shim_fail_uaccess_nth(2);
	ASSERT_EQ(copy_from_user(dst, usrc, 8), 0);
	ASSERT_EQ(copy_from_user(dst, usrc, 8), 8);
	ASSERT_EQ(copy_from_user(dst, usrc, 8), 0);
	shim_fail_uaccess_nth(1);
	ASSERT_EQ(get_user(v, usrc), -EFAULT);
	ASSERT_EQ(v, 0);
}

static void test_warn_counting(void)
{
	int i, hits = 0;

	ASSERT_EQ(shim_nr_warnings(), 0);
	shim_expect_warnings(4);
	ASSERT_FALSE(WARN_ON(0));
	ASSERT_TRUE(WARN_ON(1 + 1 == 2));
	for (i = 0; i < 3; i++)
		hits += WARN_ON_ONCE(i >= 1);
	ASSERT_EQ(hits, 2);
	ASSERT_TRUE(WARN(true, "value %d", 42));
	/* Each occurrence counts, even where only the first one prints. */
	ASSERT_EQ(shim_nr_warnings(), 4);
	shim_reset_warnings();
}

struct item {
	int v;
	struct list_head node;
};

static void test_kernel_helpers(void)
{
	struct item items[3] = { { .v = 1 }, { .v = 2 }, { .v = 3 } };
	DECLARE_BITMAP(bits, 130);
	struct item *it, *tmp;
	LIST_HEAD(head);
	refcount_t ref;
	int sum = 0, i;

	ASSERT_EQ(GENMASK(15, 8), 0xff00);
	ASSERT_EQ(GENMASK_ULL(63, 62), 0xc000000000000000ULL);
	ASSERT_EQ(FIELD_GET(GENMASK(15, 8), 0x1234), 0x12);
	ASSERT_EQ(FIELD_PREP(GENMASK_ULL(63, 62), 1), 1ULL << 62);
	ASSERT_EQ(FIELD_MAX(GENMASK(9, 6)), 15);
	ASSERT_EQ(u64_get_bits(0xf0, GENMASK_ULL(7, 4)), 0xf);
	ASSERT_EQ(ALIGN(0x1001, 0x1000), 0x2000);
	ASSERT_EQ(ALIGN_DOWN(0x1fff, 0x1000), 0x1000);
	ASSERT_EQ(min(3, 5), 3);
	ASSERT_EQ(max_t(u64, 1, 7), 7);
	ASSERT_EQ(ilog2(4096), 12);
	ASSERT_EQ(get_order(PAGE_SIZE + 1), 1);
	ASSERT_TRUE(range_overflows(10ULL, 5ULL, 12ULL));
	ASSERT_FALSE(range_overflows(10ULL, 2ULL, 12ULL));
	ASSERT_TRUE(IS_ERR(ERR_PTR(-ENOMEM)));
	ASSERT_EQ(PTR_ERR(ERR_PTR(-ENOMEM)), -ENOMEM);

	for (i = 0; i < 3; i++)
		list_add_tail(&items[i].node, &head);
	list_for_each_entry(it, &head, node)
		sum = sum * 10 + it->v;
	ASSERT_EQ(sum, 123);
	list_for_each_entry_safe(it, tmp, &head, node)
		if (it->v == 2)
			list_del(&it->node);
	ASSERT_EQ(list_count_nodes(&head), 2);

	bitmap_zero(bits, 130);
	bitmap_set(bits, 64, 3);
	__set_bit(129, bits);
	ASSERT_EQ(bitmap_weight(bits, 130), 4);
	ASSERT_EQ(find_first_bit(bits, 130), 64);

	refcount_set(&ref, 1);
	refcount_inc(&ref);
	ASSERT_FALSE(refcount_dec_and_test(&ref));
	ASSERT_TRUE(refcount_dec_and_test(&ref));
	/* Incrementing from zero is a use-after-free: WARN and saturate. */
	shim_expect_warnings(2);
	refcount_inc(&ref);
	ASSERT_EQ(shim_nr_warnings(), 2);
	shim_reset_warnings();
}

static const struct test_case cases[] = {
	TEST_CASE(test_kmalloc_counts),
	TEST_CASE(test_typed_allocators),
	TEST_CASE(test_alloc_failure_injection),
	TEST_CASE(test_leak_counting),
	TEST_CASE(test_pages_from_dram),
	TEST_CASE(test_pages_exhaustion),
	TEST_CASE(test_delegated_page_protection),
	TEST_CASE(test_lockdep_assert_held),
	TEST_CASE(test_locks_modes),
	TEST_CASE(test_cleanup_guards),
	TEST_CASE(test_smccc_reaches_model),
	TEST_CASE(test_delegate_range_wrappers),
	TEST_CASE(test_sro_incomplete),
	TEST_CASE(test_uaccess),
	TEST_CASE(test_warn_counting),
	TEST_CASE(test_kernel_helpers),
};

static const struct test_suite suite = {
	.name = "host_shim",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
	.teardown = suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
