// SPDX-License-Identifier: GPL-2.0
/*
 * RMM model: simulated DRAM, granule states, GRANULE_RANGE_DELEGATE and
 * GRANULE_RANGE_UNDELEGATE.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rmm_internal.h"
#include "test.h"
#include "util_realm.h"

#define G	RMM_GRANULE_SIZE

/*
 * Touch @pa through the host view in a child process. Return: the signal
 * that killed the child, 0 if it exited normally, -1 on error.
 */
static int host_touch(uint64_t pa, bool write)
{
	volatile uint8_t *p = rmm_host_va(pa);
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		/* Die of the fault itself, not of the sanitizer's report. */
		signal(SIGSEGV, SIG_DFL);
		if (write)
			*p = 0x5a;
		else
			(void)*p;
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static uint64_t range_cmd(uint64_t fid, uint64_t base, uint64_t top,
			  uint64_t *out_top)
{
	struct rmm_smc_regs o;
	uint64_t ret = UT_SMC(&o, fid, base, top);

	*out_top = o.a[1];
	return ret;
}

/* ---------------------------------------------------------------------- */

static void test_init_defaults(void)
{
	ASSERT_EQ(rmm_dram_base(), RMM_DRAM_PA_BASE);
	ASSERT_EQ(rmm_dram_size(), 256UL << 20);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_UNDELEGATED),
		  rmm_dram_size() / G);
	ASSERT_EQ(rmm.cfg.s2sz_max, 48);
	ASSERT_TRUE(rmm.cfg.host_protect);
}

static void test_init_twice_busy(void)
{
	ASSERT_EQ(rmm_init(NULL), -EBUSY);
}

static void test_init_bad_config(void)
{
	struct rmm_config cfg = { .dram_size = 4096 + 100 };

	ASSERT_EQ(rmm_fini(), 0);
	ASSERT_EQ(rmm_init(&cfg), -EINVAL);
	cfg.dram_size = 0;
	cfg.s2sz_max = 52;
	ASSERT_EQ(rmm_init(&cfg), -EINVAL);
	ASSERT_TRUE(ut_setup(NULL));
}

static void test_init_env_dram_mb(void)
{
	ASSERT_EQ(rmm_fini(), 0);
	setenv("RMM_DRAM_MB", "16", 1);
	ASSERT_EQ(rmm_init(NULL), 0);
	unsetenv("RMM_DRAM_MB");
	ASSERT_EQ(rmm_dram_size(), 16UL << 20);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_UNDELEGATED), 4096);
}

static void test_init_config_size(void)
{
	struct rmm_config cfg = { .dram_size = 1UL << 20,
				  .host_protect = true };

	ASSERT_EQ(rmm_fini(), 0);
	ASSERT_EQ(rmm_init(&cfg), 0);
	ASSERT_EQ(rmm_dram_size(), 1UL << 20);
	ASSERT_EQ(rmm.cfg.s2sz_max, 48);
	ASSERT_GT(rmm.cfg.max_recs_order, 0);
}

static void test_host_va_pa(void)
{
	uint64_t base = rmm_dram_base(), end = base + rmm_dram_size();
	uint8_t *va = rmm_host_va(base + 5 * G + 12);

	ASSERT_TRUE(va != NULL);
	ASSERT_EQ(rmm_host_pa(va), base + 5 * G + 12);
	ASSERT_TRUE(rmm_host_va(base - 1) == NULL);
	ASSERT_TRUE(rmm_host_va(end) == NULL);
	ASSERT_TRUE(rmm_host_va(0) == NULL);
	ASSERT_TRUE(rmm_host_va(end - 1) != NULL);
	ASSERT_EQ(rmm_host_pa(&va), ~0ULL);
	ASSERT_EQ(rmm_host_pa((uint8_t *)rmm_host_va(base) - 1), ~0ULL);
}

static void test_state_introspection(void)
{
	uint64_t pa = ut_alloc_granule();

	ASSERT_EQ(rmm_granule_state(pa), GRANULE_UNDELEGATED);
	ASSERT_EQ(rmm_granule_state(pa + 8), GRANULE_STATE_COUNT);
	ASSERT_EQ(rmm_granule_state(rmm_dram_base() - G), GRANULE_STATE_COUNT);
	ASSERT_EQ(strcmp(rmm_granule_state_name(GRANULE_UNDELEGATED),
			 "UNDELEGATED"), 0);
	ASSERT_EQ(strcmp(rmm_granule_state_name(GRANULE_DELEGATED),
			 "DELEGATED"), 0);
	ASSERT_EQ(strcmp(rmm_granule_state_name(GRANULE_RD), "RD"), 0);
	ASSERT_EQ(strcmp(rmm_granule_state_name(GRANULE_REC), "REC"), 0);
	ASSERT_EQ(strcmp(rmm_granule_state_name(GRANULE_RTT), "RTT"), 0);
	ASSERT_EQ(strcmp(rmm_granule_state_name(GRANULE_DATA), "DATA"), 0);
	ASSERT_EQ(strcmp(rmm_granule_state_name(GRANULE_STATE_COUNT),
			 "INVALID"), 0);
	ut_free_granule(pa);
}

/* ---------------------------------------------------------------------- */
/* Delegate                                                               */

static void test_delegate_one(void)
{
	uint64_t pa = ut_alloc_granule(), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa, pa + G, &out),
		  RMI_SUCCESS);
	ASSERT_EQ(out, pa + G);
	ASSERT_EQ(rmm_granule_state(pa), GRANULE_DELEGATED);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 1);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, pa, pa + G,
			    &out), RMI_SUCCESS);
	ASSERT_EQ(out, pa + G);
	ASSERT_EQ(rmm_granule_state(pa), GRANULE_UNDELEGATED);
	ut_free_granule(pa);
}

static void test_delegate_range_out_top(void)
{
	size_t n = 1300, calls = 0;
	uint64_t pa = ut_alloc_granules(n), cur = pa, out;

	while (cur < pa + n * G) {
		ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, cur,
				    pa + n * G, &out), RMI_SUCCESS);
		ASSERT_GT(out, cur);
		ASSERT_LE(out, pa + n * G);
		cur = out;
		calls++;
	}
	/* The model stops after 512 granules to exercise host loops. */
	ASSERT_EQ(calls, 3);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), n);
	ASSERT_EQ(ut_undelegate(pa, n), RMI_SUCCESS);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 0);
	ut_free_granules(pa, n);
}

static void test_delegate_partial_progress(void)
{
	uint64_t pa = ut_alloc_granules(4), out;

	ASSERT_EQ(ut_delegate(pa + 2 * G, 1), RMI_SUCCESS);
	/* Stops before the granule that cannot be delegated... */
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa, pa + 4 * G,
			    &out), RMI_SUCCESS);
	ASSERT_EQ(out, pa + 2 * G);
	/* ...which fails on its own, with x1 = base. */
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, out, pa + 4 * G,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(out, pa + 2 * G);
	ASSERT_EQ(rmm_granule_state(pa + 3 * G), GRANULE_UNDELEGATED);
	/* Undelegate also stops at the first granule in the wrong state. */
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, pa, pa + 4 * G,
			    &out), RMI_SUCCESS);
	ASSERT_EQ(out, pa + 3 * G);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 0);
	ut_free_granules(pa, 4);
}

static void test_delegate_fail_unaligned_base(void)
{
	uint64_t pa = ut_alloc_granules(2), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa + 8, pa + 2 * G,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(out, pa + 8);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 0);
	ut_free_granules(pa, 2);
}

static void test_delegate_fail_unaligned_top(void)
{
	uint64_t pa = ut_alloc_granules(2), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa, pa + G + 1,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 0);
	ut_free_granules(pa, 2);
}

static void test_delegate_fail_empty_range(void)
{
	uint64_t pa = ut_alloc_granules(2), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa, pa, &out),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa + G, pa, &out),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 0);
	ut_free_granules(pa, 2);
}

static void test_delegate_fail_outside_dram(void)
{
	uint64_t base = rmm_dram_base(), end = base + rmm_dram_size(), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, base - G, base,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, end, end + G,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, 0, G, &out),
		  RMI_ERROR_INPUT);
	/* A range running off the end stops at the end of DRAM. */
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, end - G, end + G,
			    &out), RMI_SUCCESS);
	ASSERT_EQ(out, end);
	ASSERT_EQ(ut_undelegate(end - G, 1), RMI_SUCCESS);
}

static void test_delegate_fail_already_delegated(void)
{
	uint64_t pa = ut_alloc_delegated(1), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa, pa + G, &out),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(out, pa);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
}

static void test_delegate_fail_realm_states(void)
{
	struct ut_realm r;
	uint64_t out;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, 0, "x", 1, true), RMI_SUCCESS);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, r.rd, r.rd + G,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, r.rtt_base,
			    r.rtt_base + G, &out), RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DATA), 1);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* Undelegate                                                             */

static void test_undelegate_fail_undelegated(void)
{
	uint64_t pa = ut_alloc_granule(), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, pa, pa + G,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(out, pa);
	ut_free_granule(pa);
}

static void test_undelegate_fail_unaligned(void)
{
	uint64_t pa = ut_alloc_delegated(1), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, pa + 1, pa + G,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, pa, pa + 16,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, pa, pa, &out),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(pa), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
}

static void test_undelegate_fail_outside_dram(void)
{
	uint64_t end = rmm_dram_base() + rmm_dram_size(), out;

	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, end, end + G,
			    &out), RMI_ERROR_INPUT);
}

static void test_undelegate_fail_realm_states(void)
{
	struct ut_realm r;
	struct ut_rtte e;
	uint64_t out;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, 0x1000, "y", 1, false), RMI_SUCCESS);
	ASSERT_EQ(ut_read_entry(&r, 0x1000, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, r.rd, r.rd + G,
			    &out), RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, r.rtt_base,
			    r.rtt_base + G, &out), RMI_ERROR_INPUT);
	ASSERT_EQ(range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, e.addr,
			    e.addr + G, &out), RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(e.addr), GRANULE_DATA);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_undelegate_scrubs(void)
{
	uint64_t pa = ut_alloc_delegated(1);
	uint8_t zero[64] = { 0 };

	/* Realm PAS contents, written through the RMM's view. */
	memset(granule_va(pa), 0xa5, G);
	ASSERT_EQ(ut_undelegate(pa, 1), RMI_SUCCESS);
	ASSERT_MEM_EQ(ut_va(pa), zero, sizeof(zero));
	ASSERT_MEM_EQ((uint8_t *)ut_va(pa) + G - 64, zero, sizeof(zero));
	ut_free_granule(pa);
}

/* ---------------------------------------------------------------------- */
/* Host view protection                                                   */

static void test_host_access_delegated_faults(void)
{
	uint64_t pa = ut_alloc_granules(3);

	ASSERT_EQ(ut_delegate(pa + G, 1), RMI_SUCCESS);
	ASSERT_EQ(host_touch(pa + G, false), SIGSEGV);
	ASSERT_EQ(host_touch(pa + G, true), SIGSEGV);
	/* Neighbours stay accessible. */
	ASSERT_EQ(host_touch(pa, true), 0);
	ASSERT_EQ(host_touch(pa + 2 * G, true), 0);
	ASSERT_EQ(ut_undelegate(pa + G, 1), RMI_SUCCESS);
	ASSERT_EQ(host_touch(pa + G, true), 0);
	ut_free_granules(pa, 3);
}

static void test_host_access_realm_objects_fault(void)
{
	struct ut_realm r;
	uint64_t rd;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	rd = r.rd;
	ASSERT_EQ(host_touch(r.rd, false), SIGSEGV);
	ASSERT_EQ(host_touch(r.rtt_base, false), SIGSEGV);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ASSERT_EQ(host_touch(rd, true), 0);
}

static void test_host_protect_off(void)
{
	struct rmm_config cfg = { .host_protect = false };
	uint64_t pa;

	ASSERT_EQ(rmm_fini(), 0);
	ASSERT_TRUE(ut_setup(&cfg));
	pa = ut_alloc_delegated(1);
	ASSERT_EQ(host_touch(pa, true), 0);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
}

/* vm.max_map_count: every isolated PROT_NONE granule costs VMAs. */
static void test_alternating_10k_delegated(void)
{
	size_t n = 20000, i;
	uint64_t pa = ut_alloc_granules(n);

	ASSERT_NE(pa, 0);
	for (i = 0; i < n; i += 2)
		ASSERT_EQ(ut_delegate(pa + i * G, 1), RMI_SUCCESS);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), n / 2);
	ASSERT_EQ(host_touch(pa + 10000 * G, false), SIGSEGV);
	ASSERT_EQ(host_touch(pa + 19998 * G, true), SIGSEGV);
	ASSERT_EQ(host_touch(pa + 10001 * G, true), 0);
	for (i = 0; i < n; i += 2)
		ASSERT_EQ(ut_undelegate(pa + i * G, 1), RMI_SUCCESS);
	ASSERT_EQ(host_touch(pa + 10000 * G, true), 0);
	ut_free_granules(pa, n);
}

/* ---------------------------------------------------------------------- */
/* NS access helpers and teardown accounting                              */

static void test_ns_granule_access(void)
{
	uint64_t pa = ut_alloc_granule(), d = ut_alloc_delegated(1);
	uint64_t v = 0x1122334455667788ULL, w = 0;

	ASSERT_TRUE(ns_granule_write(pa, 8, &v, sizeof(v)));
	ASSERT_TRUE(ns_granule_read(pa, 8, &w, sizeof(w)));
	ASSERT_EQ(w, v);
	ASSERT_EQ(*(uint64_t *)((uint8_t *)ut_va(pa) + 8), v);
	ASSERT_TRUE(ns_granule_read(pa, G - 8, &w, 8));
	ASSERT_FALSE(ns_granule_read(pa, G - 4, &w, 8));
	ASSERT_FALSE(ns_granule_read(pa, G + 8, &w, 0));
	ASSERT_FALSE(ns_granule_read(pa + 8, 0, &w, 8));
	ASSERT_FALSE(ns_granule_read(d, 0, &w, 8));
	ASSERT_FALSE(ns_granule_write(d, 0, &v, 8));
	ASSERT_FALSE(ns_granule_read(rmm_dram_base() - G, 0, &w, 8));
	ASSERT_EQ(ut_undelegate_free(d, 1), RMI_SUCCESS);
	ut_free_granule(pa);
}

static void test_fini_counts_leaks(void)
{
	uint64_t pa = ut_alloc_granules(3);

	ASSERT_EQ(ut_delegate(pa, 3), RMI_SUCCESS);
	printf("# the model reports 3 leaked granules on stderr, on purpose\n");
	ASSERT_EQ(rmm_fini(), 3);
	ASSERT_TRUE(ut_setup(NULL));
}

static void test_fini_frees_leaked_realm(void)
{
	struct ut_realm r;

	/* A realm left behind is reported, and its objects freed (ASan). */
	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, 0, "z", 1, true), RMI_SUCCESS);
	printf("# the model reports 6 leaked granules on stderr, on purpose\n");
	ASSERT_EQ(rmm_fini(), 6);	/* RD, 2 + 2 RTTs, DATA */
	free(r.rtts);
	ASSERT_TRUE(ut_setup(NULL));
}

static const struct test_case cases[] = {
	TEST_CASE(test_init_defaults),
	TEST_CASE(test_init_twice_busy),
	TEST_CASE(test_init_bad_config),
	TEST_CASE(test_init_env_dram_mb),
	TEST_CASE(test_init_config_size),
	TEST_CASE(test_host_va_pa),
	TEST_CASE(test_state_introspection),
	TEST_CASE(test_delegate_one),
	TEST_CASE(test_delegate_range_out_top),
	TEST_CASE(test_delegate_partial_progress),
	TEST_CASE(test_delegate_fail_unaligned_base),
	TEST_CASE(test_delegate_fail_unaligned_top),
	TEST_CASE(test_delegate_fail_empty_range),
	TEST_CASE(test_delegate_fail_outside_dram),
	TEST_CASE(test_delegate_fail_already_delegated),
	TEST_CASE(test_delegate_fail_realm_states),
	TEST_CASE(test_undelegate_fail_undelegated),
	TEST_CASE(test_undelegate_fail_unaligned),
	TEST_CASE(test_undelegate_fail_outside_dram),
	TEST_CASE(test_undelegate_fail_realm_states),
	TEST_CASE(test_undelegate_scrubs),
	TEST_CASE(test_host_access_delegated_faults),
	TEST_CASE(test_host_access_realm_objects_fault),
	TEST_CASE(test_host_protect_off),
	TEST_CASE(test_alternating_10k_delegated),
	TEST_CASE(test_ns_granule_access),
	TEST_CASE(test_fini_counts_leaks),
	TEST_CASE(test_fini_frees_leaked_realm),
};

static const struct test_suite suite = {
	.name = "rmm_granule",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = ut_suite_setup,
	.teardown = ut_suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
