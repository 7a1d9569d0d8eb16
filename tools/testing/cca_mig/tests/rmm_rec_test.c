// SPDX-License-Identifier: GPL-2.0
/*
 * RMI_REC_CREATE, RMI_REC_DESTROY, RMI_REC_ENTER and RMI_PSCI_COMPLETE on
 * the RMM model: the success paths and every failure condition rec.c
 * implements, with its exact status (see the comment at the top of rec.c).
 *
 * The realms run a few hand-assembled instructions (code[] below). A store
 * to an unmapped unprotected IPA (x5) exits as an emulatable data abort
 * whose gprs[0] is the stored register: that is how the tests read the
 * REC's registers from the host side.
 */
#include "cca_guest_abi.h"
#include "rmm_internal.h"
#include "test.h"
#include "util_run.h"

#define G		RMM_GRANULE_SIZE
#define BASE		CCA_GUEST_BASE_IPA
#define MMIO		((1ULL << 39) + 0x1010)	/* unprotected, s2sz 40 */
#define ENTRY_LOOP	(BASE + 0x1c)
#define ENTRY_ON	(BASE + 0x100)
#define ENTRY_PSCI	(BASE + 0x200)

#define EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_IL		(1UL << 25)
#define ESR_ISV		(1UL << 24)
#define ESR_SF		(1UL << 15)
#define ESR_WNR		(1UL << 6)

/* Code page at BASE (assembled with aarch64-linux-gnu-as). */
static const struct {
	unsigned int off;
	uint32_t insn;
} code[] = {
	{ 0x000, 0x10004009 },	/* adr x9, BASE + 0x800 */
	{ 0x004, 0xd518c009 },	/* msr vbar_el1, x9 */
	{ 0x008, 0xd4000003 },	/* smc #0 */
	{ 0x00c, 0xf90000a0 },	/* str x0, [x5] */
	{ 0x010, 0xf94000a6 },	/* ldr x6, [x5] */
	{ 0x014, 0xf90000a6 },	/* str x6, [x5] */
	{ 0x018, 0xa9401ca6 },	/* ldp x6, x7, [x5] */
	{ 0x01c, 0x14000000 },	/* b . */
	{ 0x100, 0xf90000a0 },	/* CPU_ON entry: str x0, [x5] */
	{ 0x104, 0x14000000 },	/* b . */
	{ 0x200, 0xaa0603e0 },	/* PSCI loop: mov x0, x6 */
	{ 0x204, 0xaa0703e1 },	/* mov x1, x7 */
	{ 0x208, 0xaa0403e2 },	/* mov x2, x4 */
	{ 0x20c, 0xd2800ee3 },	/* mov x3, #0x77 */
	{ 0x210, 0xd4000003 },	/* smc #0 */
	{ 0x214, 0xf90000a0 },	/* str x0, [x5] */
	{ 0x218, 0x17fffffa },	/* b BASE + 0x200 */
	{ 0xa00, 0xd5385207 },	/* sync vector: mrs x7, esr_el1 */
	{ 0xa04, 0xf90000a7 },	/* str x7, [x5] */
	{ 0xa08, 0xd5384027 },	/* mrs x7, elr_el1 */
	{ 0xa0c, 0xf90000a7 },	/* str x7, [x5] */
	{ 0xa10, 0x14000000 },	/* b . */
};

struct rt {
	struct ut_realm r;
	uint64_t rec[4];
	uint64_t run;
};

static struct rt t;
static uint64_t saved_slice;

static bool setup(void)
{
	memset(&t, 0, sizeof(t));
	saved_slice = rmm_exec_slice;
	rmm_exec_slice = 20000;
	return ut_setup(NULL);
}

static bool teardown(void)
{
	bool ok = true;

	rmm_exec_slice = saved_slice;
	if (t.r.rd || t.r.created)
		ok = ut_realm_teardown(&t.r) == RMI_SUCCESS;
	if (t.run)
		ut_free_granule(t.run);
	memset(&t, 0, sizeof(t));
	return ut_teardown() && ok;
}

/* A NEW realm with the code page populated at BASE and a rec_run page. */
static uint64_t rt_realm(void)
{
	uint8_t page[G];
	uint64_t ret;
	size_t i;

	memset(page, 0, sizeof(page));
	for (i = 0; i < ARRAY_LEN(code); i++)
		memcpy(page + code[i].off, &code[i].insn, 4);
	ut_realm_init(&t.r, NULL);
	ret = ut_realm_create(&t.r);
	if (ret == RMI_SUCCESS)
		ret = ut_populate(&t.r, BASE, page, sizeof(page), true);
	t.run = ut_alloc_granule();
	return ret;
}

/* REC @i at @pc with x0 = @x0, x4 = ENTRY_ON, x5 = MMIO, x6 = @x0, x7. */
static uint64_t rt_rec(unsigned int i, uint64_t pc, uint64_t x0, uint64_t x7,
		       bool runnable)
{
	uint64_t gprs[8] = { x0, 0, 0, 0, ENTRY_ON, MMIO, x0, x7 };

	return ur_rec_create(&t.r, i, pc, gprs, runnable, &t.rec[i]);
}

/* REC_DESTROY @pa, undelegate and free it, stop tracking it. */
static uint64_t rt_rec_destroy(uint64_t pa)
{
	uint64_t ret = UT_SMC(NULL, SMC_RMI_REC_DESTROY, pa);
	unsigned int i;

	if (ret != RMI_SUCCESS)
		return ret;
	for (i = 0; i < t.r.nr_recs; i++) {
		if (t.r.recs[i] == pa) {
			t.r.recs[i] = t.r.recs[--t.r.nr_recs];
			break;
		}
	}
	return ut_undelegate_free(pa, 1);
}

/* Raw REC_CREATE with @mpidr and @params (0: a fresh valid params page). */
static uint64_t rec_create_raw(uint64_t rd, uint64_t rec, uint64_t mpidr,
			       uint64_t params, uint64_t flags)
{
	uint64_t p = params ? params : ut_alloc_granule(), ret, pc = BASE;
	uint8_t *va;

	if (!params) {
		va = ut_va(p);
		memcpy(va + RMI_REC_PARAMS_FLAGS, &flags, 8);
		memcpy(va + RMI_REC_PARAMS_MPIDR, &mpidr, 8);
		memcpy(va + RMI_REC_PARAMS_PC, &pc, 8);
	}
	ret = UT_SMC(NULL, SMC_RMI_REC_CREATE, rd, rec, p);
	if (!params)
		ut_free_granule(p);
	return ret;
}

static uint64_t enter(unsigned int i, uint64_t flags, uint64_t gpr0,
		      struct ur_exit *e)
{
	uint64_t gprs[31] = { gpr0 }, ret;

	ur_write_enter(t.run, flags, gprs);
	ret = ur_rec_enter(t.rec[i], t.run);
	if (ret == RMI_SUCCESS && e)
		ur_read_exit(t.run, e);
	return ret;
}

#define ASSERT_MMIO_WRITE(e, val)					\
	do {								\
		ASSERT_EQ((e)->reason, RMI_EXIT_SYNC);			\
		ASSERT_EQ(EC((e)->esr), 0x24);				\
		ASSERT_TRUE((e)->esr & ESR_WNR);			\
		ASSERT_EQ((e)->gprs[0], (uint64_t)(val));		\
	} while (0)

/* ---------------------------------------------------------------------- */
/* RMI_REC_CREATE                                                          */

static void rec_create_success(void)
{
	uint8_t rim0[64], rim1[64], rim2[64];

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(t.r.rd, rim0));
	ASSERT_EQ(rt_rec(0, BASE, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(t.rec[0]), GRANULE_REC);
	ASSERT_TRUE(rmm_realm_rim(t.r.rd, rim1));
	/* A runnable REC is measured, a not runnable one is not. */
	ASSERT_TRUE(memcmp(rim0, rim1, sizeof(rim0)));
	ASSERT_EQ(rt_rec(1, BASE, 0, 0, false), RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(t.r.rd, rim2));
	ASSERT_MEM_EQ(rim1, rim2, sizeof(rim1));
	ASSERT_EQ(rec_from_pa(t.rec[1])->index, 1);
	ASSERT_EQ(rec_from_pa(t.rec[1])->mpidr, 1);
	ASSERT_EQ(realm_from_rd(t.r.rd)->nr_recs, 2);
	ASSERT_EQ(granule_at(t.r.rd)->refcount, 2);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
}

static void rec_create_bad_rd(void)
{
	uint64_t rec, other;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	rec = ut_alloc_delegated(1);
	other = ut_alloc_delegated(1);
	ASSERT_EQ(rec_create_raw(other, rec, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd + 8, rec, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(0x1000, rec, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rtt_base, rec, 0, 0, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(rec), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(rec, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(other, 1), RMI_SUCCESS);
}

static void rec_create_bad_rec(void)
{
	uint64_t ns = ut_alloc_granule(), rec = ut_alloc_delegated(1);

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rec_create_raw(t.r.rd, ns, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec + 8, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, t.r.rd, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, t.r.rtt_base, 0, 0, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, 0x1000, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rt_rec(0, BASE, 0, 0, true), RMI_SUCCESS);
	/* Already a REC */
	ASSERT_EQ(rec_create_raw(t.r.rd, t.rec[0], 1, 0, 1), RMI_ERROR_INPUT);
	/* Nothing changed by the failures: index 1 is next. */
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 1, 0, 1), RMI_SUCCESS);
	ut_realm_track_rec(&t.r, rec);
	ut_free_granule(ns);
}

static void rec_create_bad_params(void)
{
	uint64_t rec = ut_alloc_delegated(1), del = ut_alloc_delegated(1);
	uint64_t ns = ut_alloc_granule();

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, del, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, ns + 8, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, 0x1000, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, t.r.rd, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(rec), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(rec, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	ut_free_granule(ns);
}

static void rec_create_realm_state(void)
{
	uint64_t rec = ut_alloc_delegated(1), del = ut_alloc_delegated(1);

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, 0, 1), RMI_ERROR_REALM);
	/* Realm state is checked before the MPIDR ... */
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 5, 0, 1), RMI_ERROR_REALM);
	/* ... and after the granules and the parameters. */
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, del, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec + 8, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, t.r.rd), RMI_SUCCESS);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, 0, 1), RMI_ERROR_REALM);
	ASSERT_EQ(ut_undelegate_free(rec, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
}

static void rec_create_mpidr(void)
{
	uint64_t rec = ut_alloc_delegated(1);

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	/* The first REC must have index 0. */
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 1, 0, 1), RMI_ERROR_INPUT);
	/* RmiRecMpidr: Aff0[7:4] and bits outside Aff0-3 are RES0. */
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0x10, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 1UL << 31, 0, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 1UL << 40, 0, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(rec), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(rec, 1), RMI_SUCCESS);

	ASSERT_EQ(rt_rec(0, BASE, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(1, BASE, 0, 0, true), RMI_SUCCESS);
	/* Indexes are never reused, even after REC_DESTROY. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, t.rec[1]), RMI_SUCCESS);
	rec = t.rec[1];
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 1, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 0, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, rec, 2, 0, 1), RMI_SUCCESS);
	ASSERT_EQ(rec_from_pa(rec)->index, 2);
}

/* Index 16 is MPIDR Aff1 = 1, Aff0 = 0. */
static void rec_create_mpidr_aff1(void)
{
	unsigned int i;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	for (i = 0; i < 16; i++) {
		uint64_t rec = ut_alloc_delegated(1);

		ASSERT_EQ(rec_create_raw(t.r.rd, rec, i, 0, 0), RMI_SUCCESS);
		ut_realm_track_rec(&t.r, rec);
	}
	t.rec[0] = ut_alloc_delegated(1);
	ASSERT_EQ(rec_create_raw(t.r.rd, t.rec[0], 16, 0, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(rec_create_raw(t.r.rd, t.rec[0], 0x100, 0, 0), RMI_SUCCESS);
	ASSERT_EQ(rec_from_pa(t.rec[0])->index, 16);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, t.rec[0]), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(t.rec[0], 1), RMI_SUCCESS);
}

static void rec_create_max_recs(void)
{
	struct rmm_config cfg = { .host_protect = true, .max_recs_order = 1 };

	ASSERT_TRUE(ut_teardown());
	ASSERT_TRUE(ut_setup(&cfg));
	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, BASE, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(1, BASE, 0, 0, true), RMI_SUCCESS);
	/* 2^MAX_RECS_ORDER RECs at most */
	t.rec[2] = ut_alloc_delegated(1);
	ASSERT_EQ(rec_create_raw(t.r.rd, t.rec[2], 2, 0, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(t.rec[2], 1), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RMI_REC_DESTROY                                                         */

static void rec_destroy(void)
{
	uint64_t del = ut_alloc_delegated(1);
	struct rmm_rec *rec;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, BASE, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, del), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, t.rec[0] + 8),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, t.r.rd), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, 0x1000), RMI_ERROR_INPUT);
	/* Running (another CPU inside REC_ENTER): RMI_ERROR_REC. */
	rec = rec_from_pa(t.rec[0]);
	rec->running = true;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, t.rec[0]), RMI_ERROR_REC);
	rec->running = false;
	/* A realm with a REC cannot be destroyed. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, t.r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, t.r.rd), RMI_ERROR_REALM);

	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, t.rec[0]), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(t.rec[0]), GRANULE_DELEGATED);
	ASSERT_EQ(granule_at(t.r.rd)->refcount, 0);
	ASSERT_EQ(realm_from_rd(t.r.rd)->nr_recs, 0);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, t.rec[0]), RMI_ERROR_INPUT);
	/* The scrubbed granule can be undelegated. */
	t.r.nr_recs = 0;
	ASSERT_EQ(ut_undelegate_free(t.rec[0], 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
}

/* A REC that ran (it owns emulator state) is destroyed cleanly too. */
static void rec_destroy_after_run(void)
{
	struct ur_exit e;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, ENTRY_LOOP, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(1, ENTRY_LOOP, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(enter(1, 0, 0, &e), RMI_SUCCESS);
	ASSERT_TRUE(rec_from_pa(t.rec[0])->uc);
	ASSERT_EQ(rt_rec_destroy(t.rec[0]), RMI_SUCCESS);
	/* The other REC still runs on the realm's emulator. */
	ASSERT_EQ(enter(1, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_IRQ);
}

/* ---------------------------------------------------------------------- */
/* RMI_REC_ENTER                                                           */

static void rec_enter_bad_run(void)
{
	uint64_t del = ut_alloc_delegated(1);

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, ENTRY_LOOP, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(ur_rec_enter(t.rec[0], del), RMI_ERROR_INPUT);
	ASSERT_EQ(ur_rec_enter(t.rec[0], t.run + 8), RMI_ERROR_INPUT);
	ASSERT_EQ(ur_rec_enter(t.rec[0], 0x1000), RMI_ERROR_INPUT);
	ASSERT_EQ(ur_rec_enter(t.rec[0], t.rec[0]), RMI_ERROR_INPUT);
	/* The run page is checked first: a bad REC too gives INPUT. */
	ASSERT_EQ(ur_rec_enter(del, del), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
}

static void rec_enter_bad_rec(void)
{
	uint64_t del = ut_alloc_delegated(1);

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, ENTRY_LOOP, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(ur_rec_enter(del, t.run), RMI_ERROR_INPUT);
	ASSERT_EQ(ur_rec_enter(t.rec[0] + 8, t.run), RMI_ERROR_INPUT);
	ASSERT_EQ(ur_rec_enter(t.r.rd, t.run), RMI_ERROR_INPUT);
	ASSERT_EQ(ur_rec_enter(t.run, t.run), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
}

static void rec_enter_realm_state(void)
{
	struct ur_exit e;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, ENTRY_PSCI, PSCI_SYSTEM_OFF, 0, true),
		  RMI_SUCCESS);
	ASSERT_EQ(rt_rec(1, ENTRY_LOOP, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, NULL), RMI_RETURN(RMI_ERROR_REALM, 0));
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	/* PSCI_SYSTEM_OFF from the realm: RMI_EXIT_PSCI, realm SYSTEM_OFF */
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_PSCI);
	ASSERT_EQ(e.gprs[0], PSCI_SYSTEM_OFF);
	ASSERT_EQ(enter(0, 0, 0, NULL), RMI_RETURN(RMI_ERROR_REALM, 1));
	ASSERT_EQ(enter(1, 0, 0, NULL), RMI_RETURN(RMI_ERROR_REALM, 1));
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, t.r.rd), RMI_SUCCESS);
	ASSERT_EQ(enter(1, 0, 0, NULL), RMI_RETURN(RMI_ERROR_REALM, 2));
}

static void rec_enter_not_runnable(void)
{
	struct rmm_rec *rec;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, ENTRY_LOOP, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(1, ENTRY_LOOP, 0, 0, false), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(enter(1, 0, 0, NULL), RMI_ERROR_REC);
	/* Running (another CPU inside REC_ENTER): RMI_ERROR_REC. */
	rec = rec_from_pa(t.rec[0]);
	rec->running = true;
	ASSERT_EQ(enter(0, 0, 0, NULL), RMI_ERROR_REC);
	rec->running = false;
	ASSERT_EQ(enter(0, 0, 0, NULL), RMI_SUCCESS);
}

static void rec_enter_bad_flags(void)
{
	struct ur_exit e;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, ENTRY_LOOP, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	/* No exit yet: nothing to emulate, nowhere to inject. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, NULL),
		  RMI_ERROR_REC);
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_INJECT_SEA, 0, NULL),
		  RMI_ERROR_REC);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_IRQ);
	/* After an IRQ exit neither. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, NULL),
		  RMI_ERROR_REC);
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_INJECT_SEA, 0, NULL),
		  RMI_ERROR_REC);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
}

/*
 * The whole code page: unknown SMC, MMIO write/read emulation, a
 * non-emulatable access, SEA injection, the exit syndromes.
 */
static void rec_enter_mmio_and_sea(void)
{
	uint64_t fsc, esr;
	struct ut_rtte rtte;
	struct ur_exit e;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, BASE, 0xC4000FFFUL, 0, true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(ut_read_entry(&t.r, MMIO & ~(G - 1), 3, &rtte), RMI_SUCCESS);
	fsc = 0x04 + rtte.level;		/* translation fault, level */

	/* Unknown SMC returns -1; "str x0, [x5]" reports it. */
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, -1);
	ASSERT_EQ(e.esr, (0x24UL << 26) | ESR_ISV | (3UL << 22) | ESR_SF |
			 ESR_WNR | fsc);
	ASSERT_EQ(e.far, MMIO & (G - 1));
	ASSERT_EQ(e.hpfar, (MMIO >> 12) << 4);
	/* "ldr x6, [x5]": an emulatable read */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, &e),
		  RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_SYNC);
	ASSERT_EQ(e.esr, (0x24UL << 26) | ESR_ISV | (3UL << 22) | ESR_SF |
			 fsc);
	/* The value goes to x6; "str x6, [x5]" shows it. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0xabcd, &e),
		  RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, 0xabcd);
	/* Not completing: the store is retried and exits again. */
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, 0xabcd);
	/* "ldp x6, x7, [x5]": not emulatable, ISV clear */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, &e),
		  RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_SYNC);
	ASSERT_EQ(e.esr, (0x24UL << 26) | fsc);
	ASSERT_EQ(e.far, MMIO & (G - 1));
	ASSERT_EQ(e.gprs[0], 0);
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, NULL),
		  RMI_ERROR_REC);
	/* The host injects an SEA: the vector reports ESR_EL1, ELR_EL1. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_INJECT_SEA, 0, &e), RMI_SUCCESS);
	esr = (0x25UL << 26) | ESR_IL | 0x10;
	ASSERT_MMIO_WRITE(&e, esr);
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, &e),
		  RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, BASE + 0x18);
	/* Then "b .": the slice ends with an IRQ exit. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, &e),
		  RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_IRQ);
	ASSERT_EQ(e.esr, 0);
	ASSERT_EQ(e.hpfar, 0);
	ASSERT_EQ(rec_from_pa(t.rec[0])->ctx.pc, BASE + 0xa10);
}

/* The exit of a protected-IPA abort hides WnR, FAR and the register. */
static void rec_enter_protected_abort(void)
{
	uint64_t ipa = BASE + 16 * G, v;
	struct ut_rtte rtte;
	struct ur_exit e;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&t.r, ipa, ipa + G), RMI_SUCCESS);
	/* The REC runs the code page with x5 pointing to unassigned RAM. */
	ASSERT_EQ(rt_rec(0, BASE, 0xC4000FFFUL, 0, true), RMI_SUCCESS);
	rec_from_pa(t.rec[0])->ctx.gprs[5] = ipa + 0x18;
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_SYNC);
	ASSERT_EQ(e.esr, (0x24UL << 26) | 0x07);	/* level 3 */
	ASSERT_EQ(e.far, 0);
	ASSERT_EQ(e.hpfar, (ipa >> 12) << 4);
	ASSERT_EQ(e.gprs[0], 0);
	/* Nothing to emulate or inject at a protected IPA. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, NULL),
		  RMI_ERROR_REC);
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_INJECT_SEA, 0, NULL),
		  RMI_ERROR_REC);
	/* Fault-in: the store, load, store, LDP complete in the new page. */
	ASSERT_EQ(ut_data_map(&t.r, ipa, 1), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_IRQ);
	ASSERT_EQ(ut_read_entry(&t.r, ipa, 3, &rtte), RMI_SUCCESS);
	ASSERT_EQ(rtte.state, RMI_ASSIGNED);
	memcpy(&v, (uint8_t *)granule_va(rtte.addr) + 0x18, sizeof(v));
	ASSERT_EQ(v, (uint64_t)-1);
	ASSERT_EQ(rec_from_pa(t.rec[0])->ctx.gprs[6], (uint64_t)-1);
	ASSERT_EQ(rec_from_pa(t.rec[0])->ctx.gprs[7], 0);
}

/* REC 0 loops on SMC(@fid, @x1): x0 -> MMIO write after each call. */
static uint64_t rt_smc_realm(uint64_t fid, uint64_t x1)
{
	uint64_t ret = rt_realm();

	if (ret == RMI_SUCCESS)
		ret = ut_init_ripas(&t.r, BASE + G, BASE + 2 * G);
	if (ret == RMI_SUCCESS)
		ret = ut_data_map(&t.r, BASE + G, 1);
	if (ret == RMI_SUCCESS)
		ret = rt_rec(0, ENTRY_PSCI, fid, x1, true);
	if (ret == RMI_SUCCESS)
		ret = ut_realm_activate(&t.r);
	return ret;
}

/* The DATA granule mapped at the page of @ipa (RMM view), or NULL. */
static uint8_t *rt_data(uint64_t ipa)
{
	struct ut_rtte e;

	if (ut_read_entry(&t.r, ipa & ~(G - 1), 3, &e) != RMI_SUCCESS ||
	    e.state != RMI_ASSIGNED)
		return NULL;
	return granule_va(e.addr);
}

/*
 * RSI_HOST_CALL: imm and gprs from the RsiHostCall reach the host, the
 * results go back into it; if the host unmapped the page meanwhile the
 * completion exits as a stage-2 abort on it and is retried.
 */
static void rec_enter_host_call(void)
{
	uint64_t hc = BASE + G + 0x100, results[31], v;
	struct rmm_smc_regs o;
	struct ur_exit e;
	uint8_t *page;
	unsigned int i;

	ASSERT_EQ(rt_smc_realm(SMC_RSI_HOST_CALL, hc), RMI_SUCCESS);
	page = rt_data(hc);
	ASSERT_TRUE(page);
	v = 0x1234;
	memcpy(page + 0x100 + RSI_HOST_CALL_IMM, &v, 2);
	for (i = 0; i < 31; i++) {
		v = 0x100 + i;
		memcpy(page + 0x100 + RSI_HOST_CALL_GPRS + 8 * i, &v, 8);
	}
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_HOST_CALL);
	ASSERT_EQ(e.imm, 0x1234);
	for (i = 0; i < 31; i++)
		ASSERT_EQ(e.gprs[i], 0x100 + i);

	/* The host takes the page away before answering. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DATA_UNMAP, t.r.rd, BASE + G,
			 BASE + 2 * G, RMI_ADDR_TYPE_SINGLE, 0), RMI_SUCCESS);
	ASSERT_EQ(RMI_ADDR_RANGE_COUNT(o.a[2]), 1);
	ASSERT_EQ(ut_undelegate_free(RMI_ADDR_RANGE_ADDR(o.a[2]), 1),
		  RMI_SUCCESS);
	for (i = 0; i < 31; i++)
		results[i] = 0x900 + i;
	ur_write_enter(t.run, 0, results);
	ASSERT_EQ(ur_rec_enter(t.rec[0], t.run), RMI_SUCCESS);
	ur_read_exit(t.run, &e);
	ASSERT_EQ(e.reason, RMI_EXIT_SYNC);
	ASSERT_EQ(e.esr, (0x24UL << 26) | 0x07);
	ASSERT_EQ(e.hpfar, ((BASE + G) >> 12) << 4);
	/*
	 * The page is RIPAS DESTROYED now: the completion can never happen
	 * and every entry exits the same way (as in TF-RMM).
	 */
	ur_write_enter(t.run, 0, results);
	ASSERT_EQ(ur_rec_enter(t.rec[0], t.run), RMI_SUCCESS);
	ur_read_exit(t.run, &e);
	ASSERT_EQ(e.reason, RMI_EXIT_SYNC);
	ASSERT_EQ(e.hpfar, ((BASE + G) >> 12) << 4);
	ASSERT_EQ(rec_from_pa(t.rec[0])->pending, REC_PENDING_HOST_CALL);
}

/*
 * The host answers a host call: the results land in the RsiHostCall and
 * the realm's x0 is RSI_SUCCESS.
 */
static void rec_enter_host_call_results(void)
{
	uint64_t hc = BASE + G + 0x300, results[31], v;
	struct ur_exit e;
	uint8_t *page;
	unsigned int i;

	ASSERT_EQ(rt_smc_realm(SMC_RSI_HOST_CALL, hc), RMI_SUCCESS);
	page = rt_data(hc);
	ASSERT_TRUE(page);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_HOST_CALL);
	ASSERT_EQ(e.imm, 0);
	for (i = 0; i < 31; i++)
		results[i] = 0x900 + i;
	ur_write_enter(t.run, 0, results);
	ASSERT_EQ(ur_rec_enter(t.rec[0], t.run), RMI_SUCCESS);
	ur_read_exit(t.run, &e);
	ASSERT_MMIO_WRITE(&e, RSI_SUCCESS);
	for (i = 0; i < 31; i++) {
		memcpy(&v, page + 0x300 + RSI_HOST_CALL_GPRS + 8 * i, 8);
		ASSERT_EQ(v, 0x900 + i);
	}
}

/* RSI_HOST_CALL with a bad address: RSI_ERROR_INPUT, no exit. */
static void rec_enter_host_call_bad(void)
{
	static const uint64_t bad[] = {
		BASE + G + 8,		/* not aligned to the RsiHostCall */
		BASE + 3 * G,		/* RIPAS EMPTY */
		MMIO & ~(G - 1),	/* unprotected */
	};
	struct ur_exit e;
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		if (i) {
			ASSERT_TRUE(teardown());
			ASSERT_TRUE(setup());
		}
		ASSERT_EQ(rt_smc_realm(SMC_RSI_HOST_CALL, bad[i]), RMI_SUCCESS);
		ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
		ASSERT_MMIO_WRITE(&e, RSI_ERROR_INPUT);
	}
}

/*
 * A REC that faults in its own exception vector (VBAR_EL1 = 0, RIPAS
 * EMPTY there) loops as it would on hardware; the slice still ends.
 */
static void rec_enter_fault_loop(void)
{
	uint64_t empty = BASE + 32 * G;
	struct rmm_rec *rec;
	struct ur_exit e;

	ASSERT_EQ(rt_realm(), RMI_SUCCESS);
	ASSERT_EQ(rt_rec(0, empty, 0, 0, true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&t.r), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_IRQ);
	rec = rec_from_pa(t.rec[0]);
	ASSERT_EQ(rec->ctx.esr_el1, (0x21UL << 26) | ESR_IL | 0x10);
	ASSERT_EQ(rec->ctx.far_el1, 0x200);
	ASSERT_EQ(rec->ctx.pc, 0x200);
	ASSERT_EQ(rec->ctx.pstate & 0x3cf, 0x3c5);
}

/* ---------------------------------------------------------------------- */
/* RMI_PSCI_COMPLETE                                                       */

static uint64_t psci_complete(uint64_t calling, uint64_t status)
{
	return UT_SMC(NULL, SMC_RMI_PSCI_COMPLETE, calling, status);
}

/* REC 0 loops on PSCI_CPU_ON(REC 1); REC 1 starts not runnable. */
static uint64_t rt_psci_realm(void)
{
	uint64_t ret = rt_realm();

	if (ret == RMI_SUCCESS)
		ret = rt_rec(0, ENTRY_PSCI, PSCI_CPU_ON, 1, true);
	if (ret == RMI_SUCCESS)
		ret = rt_rec(1, ENTRY_LOOP, 0, 0, false);
	if (ret == RMI_SUCCESS)
		ret = ut_realm_activate(&t.r);
	return ret;
}

static void psci_complete_errors(void)
{
	uint64_t del = ut_alloc_delegated(1);
	struct rmm_rec *rec;
	struct ur_exit e;

	ASSERT_EQ(rt_psci_realm(), RMI_SUCCESS);
	/* Nothing pending yet */
	ASSERT_EQ(psci_complete(t.rec[0], PSCI_RET_SUCCESS), RMI_ERROR_INPUT);

	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_PSCI);
	ASSERT_EQ(e.gprs[0], PSCI_CPU_ON);
	ASSERT_EQ(e.gprs[1], 1);		/* target MPIDR */
	ASSERT_EQ(e.gprs[2], 0);		/* not shown to the host */
	/* A REC waiting for PSCI_COMPLETE cannot run. */
	ASSERT_EQ(enter(0, 0, 0, NULL), RMI_ERROR_REC);

	ASSERT_EQ(psci_complete(del, PSCI_RET_SUCCESS), RMI_ERROR_INPUT);
	ASSERT_EQ(psci_complete(t.rec[0] + 8, PSCI_RET_SUCCESS),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(psci_complete(t.r.rd, PSCI_RET_SUCCESS), RMI_ERROR_INPUT);
	ASSERT_EQ(psci_complete(t.rec[1], PSCI_RET_SUCCESS), RMI_ERROR_INPUT);
	ASSERT_EQ(psci_complete(t.rec[0], 5), RMI_ERROR_INPUT);
	ASSERT_EQ(psci_complete(t.rec[0], (uint64_t)PSCI_RET_ALREADY_ON),
		  RMI_ERROR_INPUT);
	/* DEN0137 1.x form with a target that is not the requested one */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_PSCI_COMPLETE, t.rec[0], t.rec[0],
			 PSCI_RET_SUCCESS), RMI_ERROR_INPUT);
	rec = rec_from_pa(t.rec[0]);
	rec->running = true;
	ASSERT_EQ(psci_complete(t.rec[0], PSCI_RET_SUCCESS), RMI_ERROR_INPUT);
	rec->running = false;
	/* The target was destroyed meanwhile */
	ASSERT_EQ(rt_rec_destroy(t.rec[1]), RMI_SUCCESS);
	ASSERT_EQ(psci_complete(t.rec[0], PSCI_RET_SUCCESS), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
}

static void psci_complete_cpu_on(void)
{
	struct ur_exit e;

	ASSERT_EQ(rt_psci_realm(), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_PSCI);

	/* Denied: REC 0 sees PSCI_DENIED, REC 1 stays off. */
	ASSERT_EQ(psci_complete(t.rec[0], (uint64_t)PSCI_RET_DENIED),
		  RMI_SUCCESS);
	ASSERT_EQ(psci_complete(t.rec[0], PSCI_RET_SUCCESS), RMI_ERROR_INPUT);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, PSCI_RET_DENIED);
	ASSERT_EQ(enter(1, 0, 0, NULL), RMI_ERROR_REC);

	/* Granted (1.x form this time): REC 1 starts at the entry point. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, &e),
		  RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_PSCI);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_PSCI_COMPLETE, t.rec[0], t.rec[1],
			 PSCI_RET_SUCCESS), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, PSCI_RET_SUCCESS);
	ASSERT_EQ(enter(1, 0, 0, &e), RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, 0x77);		/* x0 = context_id */
	ASSERT_EQ(rec_from_pa(t.rec[1])->ctx.pc, ENTRY_ON);

	/* REC 1 is on now: DENIED is refused, SUCCESS gives ALREADY_ON. */
	ASSERT_EQ(enter(0, RMI_REC_ENTER_FLAG_EMULATED_MMIO, 0, &e),
		  RMI_SUCCESS);
	ASSERT_EQ(e.reason, RMI_EXIT_PSCI);
	ASSERT_EQ(psci_complete(t.rec[0], (uint64_t)PSCI_RET_DENIED),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(psci_complete(t.rec[0], PSCI_RET_SUCCESS), RMI_SUCCESS);
	ASSERT_EQ(enter(0, 0, 0, &e), RMI_SUCCESS);
	ASSERT_MMIO_WRITE(&e, PSCI_RET_ALREADY_ON);
}

/* ---------------------------------------------------------------------- */

static const struct test_case cases[] = {
	TEST_CASE(rec_create_success),
	TEST_CASE(rec_create_bad_rd),
	TEST_CASE(rec_create_bad_rec),
	TEST_CASE(rec_create_bad_params),
	TEST_CASE(rec_create_realm_state),
	TEST_CASE(rec_create_mpidr),
	TEST_CASE(rec_create_mpidr_aff1),
	TEST_CASE(rec_create_max_recs),
	TEST_CASE(rec_destroy),
	TEST_CASE(rec_destroy_after_run),
	TEST_CASE(rec_enter_bad_run),
	TEST_CASE(rec_enter_bad_rec),
	TEST_CASE(rec_enter_realm_state),
	TEST_CASE(rec_enter_not_runnable),
	TEST_CASE(rec_enter_bad_flags),
	TEST_CASE(rec_enter_mmio_and_sea),
	TEST_CASE(rec_enter_protected_abort),
	TEST_CASE(rec_enter_fault_loop),
	TEST_CASE(rec_enter_host_call),
	TEST_CASE(rec_enter_host_call_results),
	TEST_CASE(rec_enter_host_call_bad),
	TEST_CASE(psci_complete_errors),
	TEST_CASE(psci_complete_cpu_on),
};

static const struct test_suite suite = {
	.name = "rmm_rec",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = setup,
	.teardown = teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
