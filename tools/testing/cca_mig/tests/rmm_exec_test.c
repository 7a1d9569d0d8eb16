// SPDX-License-Identifier: GPL-2.0
/*
 * Realm guests (real AArch64 code, guest/) run to completion on the RMM
 * model under a raw-SMC host loop (util_run.c), and the guests' own reports
 * are checked: RSI calls, multi-REC scheduling through bounded slices,
 * fault-in of unpopulated RAM, SEA injection for RIPAS EMPTY, RIPAS change,
 * MMIO emulation, context save/restore across REC exits, PSCI.
 */
#include "rmm_internal.h"
#include "test.h"
#include "util_run.h"

#define MAX_EXITS	20000
#define GRANULE		RMM_GRANULE_SIZE

#define EC(esr)		(((esr) >> 26) & 0x3f)
#define FSC(esr)	((esr) & 0x3f)
#define ESR_IL		(1UL << 25)

static struct ur_vm vm;

static bool setup(void)
{
	return ut_setup(NULL);
}

static bool teardown(void)
{
	bool ok = true;

	/* A failed test returns early: tear its realm down here. */
	if (vm.r.rd || vm.nr_recs)
		ok = ur_vm_destroy(&vm) == RMI_SUCCESS;
	return ut_teardown() && ok;
}

/* Build, run to completion and check the run did not fail. */
#define RUN_GUEST(cfg)							\
	do {								\
		ASSERT_EQ(ur_vm_create(&vm, (cfg)), RMI_SUCCESS);	\
		ASSERT_EQ(ur_vm_run(&vm, MAX_EXITS), 0);		\
		ASSERT_FALSE(vm.failed);				\
	} while (0)

#define DESTROY_VM()							\
	ASSERT_EQ(ur_vm_destroy(&vm), RMI_SUCCESS)

#define GET_SYNC(s, rec, stage)						\
	do {								\
		(s) = ur_find_sync(&vm, (rec), (stage));		\
		if (!(s))						\
			TEST_FAIL("no stage %u from REC %u",		\
				  (unsigned int)(stage),		\
				  (unsigned int)(rec));			\
	} while (0)

/* ---------------------------------------------------------------------- */

static bool hello_sync(struct ur_vm *v, unsigned int rec, uint64_t stage,
		       const uint64_t *args, uint64_t *results)
{
	if (rec || stage < 1 || stage > 5)
		return false;
	if (stage == 5) {
		results[0] = args[0] + 1;
		results[30] = 0x30;
	}
	return true;
}

static const struct ur_ops hello_ops = { .sync = hello_sync };

static void run_hello(unsigned int nr_recs, bool trap_wfi)
{
	struct ur_config cfg = {
		.guest = "hello", .nr_recs = nr_recs, .ops = &hello_ops,
		.trap_wfi = trap_wfi,
	};
	const struct ur_sync *s;
	uint8_t rim[64];
	uint64_t w;
	unsigned int i;

	RUN_GUEST(&cfg);
	for (i = 0; i < nr_recs; i++)
		ASSERT_TRUE(vm.done[i]);
	GET_SYNC(s, 0, 1);
	ASSERT_EQ(s->args[0], 0x10000);		/* RSI 1.0 */
	ASSERT_EQ(s->args[1], 0x10000);
	GET_SYNC(s, 0, 2);
	ASSERT_EQ(s->args[0], 40);		/* ipa_width */
	ASSERT_EQ(s->args[1], RMI_HASH_SHA_256);
	memcpy(&w, "cca-mig ", 8);
	ASSERT_EQ(s->args[2], w);		/* rpv[0..7] */
	GET_SYNC(s, 0, 3);
	ASSERT_TRUE(rmm_realm_rim(vm.r.rd, rim));
	memcpy(&w, rim, 8);
	ASSERT_EQ(s->args[0], w);
	memcpy(&w, rim + 8, 8);
	ASSERT_EQ(s->args[1], w);
	GET_SYNC(s, 0, 4);
	ASSERT_EQ(s->args[0], 0x10001);		/* PSCI 1.1 */
	ASSERT_EQ(s->args[1], (uint64_t)-1);	/* SMCCC NOT_SUPPORTED */
	ASSERT_TRUE(!strncmp(vm.last_print, "hello from REC 0 of", 19));
	ASSERT_EQ(vm.stats.fault_ins, 0);
	ASSERT_EQ(vm.stats.sea_injected, 0);
	ASSERT_EQ(vm.stats.wfi, trap_wfi ? 1 : 0);
	DESTROY_VM();
}

static void hello_1rec(void)
{
	run_hello(1, false);
}

static void hello_4recs_trap_wfi(void)
{
	run_hello(4, true);
}

/* ---------------------------------------------------------------------- */

static void run_multi_rec(unsigned int nr)
{
	struct ur_config cfg = { .guest = "multi_rec", .nr_recs = nr };
	const struct ur_sync *s;
	unsigned int i;

	RUN_GUEST(&cfg);
	for (i = 0; i < nr; i++)
		ASSERT_TRUE(vm.done[i]);
	GET_SYNC(s, 0, 1);
	ASSERT_EQ(s->args[0], nr);
	/* Spinning RECs only progress because slices end with IRQ exits. */
	if (nr > 1)
		ASSERT_GT(vm.stats.irq, 0);
	DESTROY_VM();
}

static void multi_rec_2(void)
{
	run_multi_rec(2);
}

static void multi_rec_4(void)
{
	run_multi_rec(4);
}

/* ---------------------------------------------------------------------- */

static void fault_in(void)
{
	struct ur_config cfg = { .guest = "fault_in" };
	const struct ur_sync *s;
	struct ut_rtte e;
	uint64_t top;
	unsigned int stage;

	RUN_GUEST(&cfg);
	ASSERT_TRUE(vm.done[0]);
	for (stage = 1; stage <= 5; stage++)
		GET_SYNC(s, 0, stage);
	top = vm.ram_base + vm.ram_size;
	GET_SYNC(s, 0, 4);
	ASSERT_EQ(s->args[0], top - 4 * GRANULE);
	/* a, b, c by data aborts, d by an instruction abort, the RSI page */
	ASSERT_EQ(vm.stats.fault_ins, 5);
	ASSERT_EQ(vm.stats.iabt_fault_ins, 1);
	for (stage = 1; stage <= 5; stage++) {
		ASSERT_EQ(ut_read_entry(&vm.r, top - stage * GRANULE, 3, &e),
			  RMI_SUCCESS);
		ASSERT_EQ(e.state, RMI_ASSIGNED);
		ASSERT_EQ(e.ripas, RIPAS_RAM);
	}
	/* Untouched RAM stays unassigned. */
	ASSERT_EQ(ut_read_entry(&vm.r, top - 6 * GRANULE, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	DESTROY_VM();
}

/* The same guest with all of RAM populated up front: no fault at all. */
static void fault_in_prepopulated(void)
{
	struct ur_config cfg = { .guest = "fault_in", .populate_ram = true };

	RUN_GUEST(&cfg);
	ASSERT_TRUE(vm.done[0]);
	ASSERT_EQ(vm.stats.fault_ins, 0);
	DESTROY_VM();
}

/* ---------------------------------------------------------------------- */

static void ripas_empty(void)
{
	struct ur_config cfg = { .guest = "ripas_empty" };
	const struct ur_sync *s;
	uint64_t top;

	RUN_GUEST(&cfg);
	ASSERT_TRUE(vm.done[0]);
	top = vm.ram_base + vm.ram_size;
	GET_SYNC(s, 0, 1);
	ASSERT_EQ(s->args[0], (0x25UL << 26) | ESR_IL | 0x10);
	ASSERT_EQ(s->args[1], top + 0x10);
	GET_SYNC(s, 0, 2);
	ASSERT_EQ(s->args[0], (0x25UL << 26) | ESR_IL | (1UL << 6) | 0x10);
	ASSERT_EQ(s->args[1], top + 0x20);
	GET_SYNC(s, 0, 3);
	ASSERT_EQ(s->args[0], (0x21UL << 26) | ESR_IL | 0x10);
	ASSERT_EQ(s->args[1], top);
	ASSERT_EQ(s->args[2], top);
	GET_SYNC(s, 0, 4);
	ASSERT_EQ(EC(s->args[0]), 0x25);
	ASSERT_EQ(s->args[1], 1ULL << 40);
	GET_SYNC(s, 0, 5);
	ASSERT_EQ(s->args[0], (0x15UL << 26) | ESR_IL | 0x42);	/* SVC */
	ASSERT_EQ(s->args[1], (0x3cUL << 26) | ESR_IL | 7);	/* BRK */
	ASSERT_EQ(s->args[2], ESR_IL);				/* UDF */
	ASSERT_EQ(s->args[3], ESR_IL);				/* HVC */
	/* All injected by the RMM: the host saw no abort. */
	ASSERT_EQ(vm.stats.fault_ins, 0);
	ASSERT_EQ(vm.stats.sea_injected, 0);
	DESTROY_VM();
}

/* ---------------------------------------------------------------------- */

static void ripas_change(void)
{
	struct ur_config cfg = { .guest = "ripas_change" };
	const struct ur_sync *s;
	struct ut_rtte e;
	uint64_t base;
	unsigned int i;

	RUN_GUEST(&cfg);
	ASSERT_TRUE(vm.done[0]);
	for (i = 1; i <= 5; i++)
		GET_SYNC(s, 0, i);
	GET_SYNC(s, 0, 2);
	ASSERT_EQ(EC(s->args[0]), 0x25);
	ASSERT_EQ(FSC(s->args[0]), 0x10);
	GET_SYNC(s, 0, 4);
	ASSERT_EQ(s->args[0], 1);			/* rejected */
	ASSERT_GE(vm.stats.ripas_changes, 3);
	ASSERT_EQ(vm.stats.ripas_rejects, 1);
	/* 4 pages faulted in, emptied, then faulted in again (1 re-read) */
	ASSERT_EQ(vm.stats.fault_ins, 5);
	base = vm.ram_base + vm.ram_size - 4 * GRANULE;
	ASSERT_EQ(ut_read_entry(&vm.r, base, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(ut_read_entry(&vm.r, base + GRANULE, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	DESTROY_VM();
}

/* ---------------------------------------------------------------------- */

struct mmio_log {
	unsigned int writes, reads;
	uint64_t last_write_ipa, last_write_val;
	unsigned int last_write_size;
};

static struct mmio_log mmio_log;

static bool mmio_sync(struct ur_vm *v, unsigned int rec, uint64_t stage,
		      const uint64_t *args, uint64_t *results)
{
	uint64_t *ns = ut_va(v->shared_pa);

	if (stage == 1) {
		/* The realm's writes are in NS memory; answer there. */
		if (ns[0] != 0x5ade || ns[1] != 0x5ade0001)
			return false;
		ns[4] = 0xfeedface;
	}
	return true;
}

static bool mmio_emulate(struct ur_vm *v, unsigned int rec, uint64_t ipa,
			 bool write, unsigned int size, uint64_t *val)
{
	uint64_t off = ipa - (v->shared_ipa + 16 * GRANULE);

	if (write) {
		mmio_log.writes++;
		mmio_log.last_write_ipa = ipa;
		mmio_log.last_write_val = *val;
		mmio_log.last_write_size = size;
		return true;
	}
	mmio_log.reads++;
	switch (off) {
	case 0x2:
		*val = size == 2 ? 0x8001 : 0;
		return true;
	case 0x18:
		*val = size == 8 ? 0x1122334455667788UL : 0;
		return true;
	case 0x20:
		*val = size == 1 ? 0xff88 : 0;	/* truncated by the RMM */
		return true;
	default:
		return false;
	}
}

static const struct ur_ops mmio_ops = {
	.sync = mmio_sync,
	.mmio = mmio_emulate,
};

static void mmio(void)
{
	struct ur_config cfg = { .guest = "mmio", .shared = true,
				 .ops = &mmio_ops };
	const struct ur_sync *s;

	memset(&mmio_log, 0, sizeof(mmio_log));
	RUN_GUEST(&cfg);
	ASSERT_TRUE(vm.done[0]);
	ASSERT_EQ(mmio_log.writes, 1);
	ASSERT_EQ(mmio_log.last_write_ipa, vm.shared_ipa + 16 * GRANULE + 0x10);
	ASSERT_EQ(mmio_log.last_write_val, 0x12345678);
	ASSERT_EQ(mmio_log.last_write_size, 4);
	ASSERT_EQ(mmio_log.reads, 3);
	ASSERT_EQ(vm.stats.mmio, 4);
	ASSERT_EQ(vm.stats.sea_injected, 1);		/* the LDP */
	GET_SYNC(s, 0, 2);
	ASSERT_EQ(EC(s->args[0]), 0x25);
	ASSERT_EQ(FSC(s->args[0]), 0x10);
	DESTROY_VM();
}

/* ---------------------------------------------------------------------- */

static bool sysreg_sync(struct ur_vm *v, unsigned int rec, uint64_t stage,
			const uint64_t *args, uint64_t *results)
{
	struct ur_exit e;

	if (stage != 1)
		return true;
	/* The REC exit carries the EL1 timer state the realm programmed. */
	ur_read_exit(v->run[rec], &e);
	return e.cntv_cval == args[1] && (e.cntv_ctl & 3) == 3 &&
	       e.cntp_cval == args[2] && (e.cntp_ctl & 3) == 3;
}

static const struct ur_ops sysreg_ops = { .sync = sysreg_sync };

static void run_sysreg(unsigned int nr)
{
	struct ur_config cfg = { .guest = "sysreg", .nr_recs = nr,
				 .ops = &sysreg_ops };
	const struct ur_sync *s;
	unsigned int i;

	RUN_GUEST(&cfg);
	for (i = 0; i < nr; i++) {
		ASSERT_TRUE(vm.done[i]);
		GET_SYNC(s, i, 2);
		ASSERT_EQ(s->args[0], i);
		ASSERT_EQ(s->args[1], 89);	/* registers checked */
	}
	/* About 13M instructions per REC, 6M of them at EL1t, 2M a slice */
	ASSERT_GE(vm.stats.irq, 5 * nr);
	DESTROY_VM();
}

static void sysreg_1rec(void)
{
	run_sysreg(1);
}

static void sysreg_3recs(void)
{
	run_sysreg(3);
}

/* ---------------------------------------------------------------------- */

static unsigned int cpu_on_requests;

static uint64_t psci_cpu_on(struct ur_vm *v, unsigned int rec,
			    unsigned int target)
{
	/* Deny the very first request, grant the others. */
	return cpu_on_requests++ ? PSCI_RET_SUCCESS :
	       (uint64_t)PSCI_RET_DENIED;
}

static const struct ur_ops psci_ops = { .cpu_on = psci_cpu_on };

static void psci(void)
{
	struct ur_config cfg = { .guest = "psci", .nr_recs = 2,
				 .not_runnable = 1U << 1, .ops = &psci_ops };
	const struct ur_sync *s;
	uint64_t ret;

	cpu_on_requests = 0;
	RUN_GUEST(&cfg);
	ASSERT_TRUE(vm.system_off);
	GET_SYNC(s, 0, 1);
	ASSERT_EQ(s->args[0], (uint64_t)PSCI_RET_DENIED);
	ASSERT_EQ(s->args[1], PSCI_RET_SUCCESS);
	GET_SYNC(s, 1, 11);
	GET_SYNC(s, 1, 12);
	GET_SYNC(s, 0, 2);
	ASSERT_EQ(s->args[0], 2);
	ASSERT_EQ(cpu_on_requests, 3);
	/* SYSTEM_OFF: no REC of the realm can be entered any more. */
	ur_write_enter(vm.run[0], 0, NULL);
	ret = ur_rec_enter(vm.rec[0], vm.run[0]);
	ASSERT_EQ(ret, RMI_RETURN(RMI_ERROR_REALM, 1));
	DESTROY_VM();
}

/* ---------------------------------------------------------------------- */

static const struct test_case cases[] = {
	TEST_CASE(hello_1rec),
	TEST_CASE(hello_4recs_trap_wfi),
	TEST_CASE(multi_rec_2),
	TEST_CASE(multi_rec_4),
	TEST_CASE(fault_in),
	TEST_CASE(fault_in_prepopulated),
	TEST_CASE(ripas_empty),
	TEST_CASE(ripas_change),
	TEST_CASE(mmio),
	TEST_CASE(sysreg_1rec),
	TEST_CASE(sysreg_3recs),
	TEST_CASE(psci),
};

static const struct test_suite suite = {
	.name = "rmm_exec",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = setup,
	.teardown = teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
