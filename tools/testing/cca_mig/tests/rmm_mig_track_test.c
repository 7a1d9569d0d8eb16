// SPDX-License-Identifier: GPL-2.0
/*
 * RMI-MIG dirty tracking: RMI_MIG_TRACK_START, _TRACK_STOP and
 * _DIRTY_HARVEST (sections 3.4, 4.5-4.7 and 6 of
 * Documentation/virt/kvm/arm/rmi-mig.rst): one case per failure condition,
 * with the partial-progress rule for the per-entry ones, and the tracking
 * behaviours of the test map, proven with a real guest (guest/dirty_writer)
 * writing its memory on Unicorn while the source session runs.
 */
#include "test.h"
#include "util_mig.h"
#include "util_run.h"

#define SID		0x7ac4ULL
#define RAM		(4 * RMM_GRANULE_SIZE)
#define G		RMM_GRANULE_SIZE
#define L2		0x200000ULL
#define L1		0x40000000ULL

#define ASSERT_FAILED(o, ret)						\
	do {								\
		unsigned int __i;					\
		ASSERT_EQ((o)->a[0], (ret));				\
		for (__i = 1; __i < 18; __i++)				\
			ASSERT_EQ((o)->a[__i], 0);			\
	} while (0)

/* dirty_writer's commands (guest/dirty_writer.c). */
#define DW_NR_PAGES	16
#define DW_STOP		0
#define DW_WRITE	1
#define DW_CHECK	2
#define DW_POKE		3

static struct ut_realm r;
static struct um_mig m;

static bool setup(void)
{
	memset(&r, 0, sizeof(r));
	return ut_suite_setup();
}

static bool teardown(void)
{
	bool ok = true;

	if (r.created)
		ok = um_teardown(&r) == RMI_SUCCESS;
	return ut_suite_teardown() && ok;
}

static uint64_t unclean(void)
{
	struct rmm_smc_regs o;

	if (um_state(r.rd, &o) != RMI_SUCCESS)
		return ~0ULL;
	return o.a[6];
}

/* The plain source realm of um_src_realm(), session open. */
static void src_open(void)
{
	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
}

/*
 * A realm laid out for the per-entry level conditions, session open:
 *   [0x40000000, +2M)   level 3 table, RIPAS EMPTY
 *   [0x40200000, +2M)   level 2 entry, UNASSIGNED RAM
 *   [0x40400000, +2M)   level 2 entry, UNASSIGNED EMPTY
 *   [0xC0000000, +1G)   level 1 entry, UNASSIGNED EMPTY
 */
static void lv_open(void)
{
	struct rmm_smc_regs o;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, L1, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, r.rd, L1 + L2,
			 L1 + 2 * L2), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], L1 + 2 * L2);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
}

/* Move the open session to SRC_PRECOPY (everything tracked) or PAUSED. */
static void to_precopy(bool pause)
{
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, NULL), RMI_SUCCESS);
	if (pause)
		ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
}

static uint64_t harvest_one(uint64_t base, uint64_t top, uint64_t *nr)
{
	return um_harvest(r.rd, base, top, NULL, nr);
}

/* ---------------------------------------------------------------------- */
/* Failure conditions                                                      */

static void range_cmd_rd(uint64_t fid, bool bitmap)
{
	uint64_t bm = ut_alloc_granule();
	struct rmm_smc_regs o;

	src_open();
	UT_SMC(&o, fid, r.rd + 0x10, UM_RAM_BASE, UM_RAM_BASE + G, bm);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	/* Bad range too: rd comes first. */
	UT_SMC(&o, fid, r.rtt_base, 5, 3, bitmap ? 1 : bm);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	UT_SMC(&o, fid, bm, UM_RAM_BASE, UM_RAM_BASE + G, bm);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	ASSERT_EQ(unclean(), 0);
	ut_free_granule(bm);
}

static void track_start_rd(void)
{
	range_cmd_rd(SMC_RMI_MIG_TRACK_START, false);
}

static void track_stop_rd(void)
{
	range_cmd_rd(SMC_RMI_MIG_TRACK_STOP, false);
}

static void harvest_rd(void)
{
	range_cmd_rd(SMC_RMI_MIG_DIRTY_HARVEST, true);
}

/* @fid fails with REALM in NONE and each state of @bad_states. */
static void range_cmd_state(uint64_t fid, bool stop)
{
	uint64_t bm = ut_alloc_granule();
	struct um_stream st = { 0 };
	struct rmm_smc_regs o;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	/* NONE, with a bad range too: state comes first. */
	UT_SMC(&o, fid, r.rd, 1, 0, bm);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	if (stop) {
		/* TRACK_STOP: SRC_PRECOPY and SRC_PAUSED are refused too. */
		UT_SMC(&o, fid, r.rd, UM_RAM_BASE, UM_RAM_BASE + G, bm);
		ASSERT_FAILED(&o, RMI_ERROR_REALM);
	}
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	if (stop) {
		UT_SMC(&o, fid, r.rd, UM_RAM_BASE, UM_RAM_BASE + G, bm);
		ASSERT_FAILED(&o, RMI_ERROR_REALM);
	}
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(um_end(r.rd, &st), RMI_SUCCESS);
	UT_SMC(&o, fid, r.rd, UM_RAM_BASE, UM_RAM_BASE + G, bm);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_SRC_ENDED);
	um_stream_free(&st);
	ut_free_granule(bm);
}

static void track_start_state(void)
{
	range_cmd_state(SMC_RMI_MIG_TRACK_START, false);
}

static void track_stop_state(void)
{
	range_cmd_state(SMC_RMI_MIG_TRACK_STOP, true);
}

static void harvest_state(void)
{
	range_cmd_state(SMC_RMI_MIG_DIRTY_HARVEST, false);
}

static void range_cmd_range(uint64_t fid)
{
	uint64_t top = 0, bm = ut_alloc_granule();
	struct rmm_smc_regs o;
	unsigned int i;

	src_open();
	top = um_prot_top(&r);
	{
		const uint64_t bad[][2] = {
			{ UM_RAM_BASE + 1, UM_RAM_BASE + G },
			{ UM_RAM_BASE, UM_RAM_BASE + G + 8 },
			{ UM_RAM_BASE, UM_RAM_BASE },
			{ UM_RAM_BASE + G, UM_RAM_BASE },
			{ top - G, top + G },
			{ top, top + G },		/* unprotected */
			{ 0, ~0xfffULL },
		};

		for (i = 0; i < ARRAY_LEN(bad); i++) {
			UT_SMC(&o, fid, r.rd, bad[i][0], bad[i][1], bm);
			ASSERT_FAILED(&o, RMI_ERROR_INPUT);
		}
	}
	/* The last protected granule is a valid range. */
	if (fid == SMC_RMI_MIG_DIRTY_HARVEST) {
		ASSERT_EQ(UT_SMC(&o, fid, r.rd, top - G, top, bm), RMI_SUCCESS);
		ASSERT_EQ(o.a[1], top);
	} else if (fid == SMC_RMI_MIG_TRACK_START) {
		/* A whole level 1 block: tracked as it is. */
		ASSERT_EQ(UT_SMC(&o, fid, r.rd, top - L1, top), RMI_SUCCESS);
		ASSERT_EQ(o.a[1], top);
	}
	ASSERT_EQ(unclean(), 0);
	ut_free_granule(bm);
}

static void track_start_range(void)
{
	range_cmd_range(SMC_RMI_MIG_TRACK_START);
}

static void track_stop_range(void)
{
	range_cmd_range(SMC_RMI_MIG_TRACK_STOP);
}

static void harvest_range(void)
{
	range_cmd_range(SMC_RMI_MIG_DIRTY_HARVEST);
}

static void harvest_bitmap(void)
{
	uint64_t del, ns;
	struct rmm_smc_regs o;

	src_open();
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	del = ut_alloc_delegated(1);
	ns = ut_alloc_granule();
	UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, UM_RAM_BASE,
	       UM_RAM_BASE + G, del);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, UM_RAM_BASE,
	       UM_RAM_BASE + G, ns + 8);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, UM_RAM_BASE,
	       UM_RAM_BASE + G, r.rd);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, UM_RAM_BASE,
	       UM_RAM_BASE + G, 0);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	/* Nothing was harvested: the NEW granules are still NEW. */
	ASSERT_EQ(unclean(), RAM / G);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	ut_free_granule(ns);
}

static void track_start_level(void)
{
	struct rmm_smc_regs o;

	lv_open();
	/* Untracked level 2 entry with RIPAS RAM. */
	UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + L2, L1 + 2 * L2);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 2));
	/* UNASSIGNED EMPTY, not wholly inside: level 2 and level 1. */
	UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + 2 * L2,
	       L1 + 2 * L2 + G);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 2));
	UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, 3 * L1 + L2, 4 * L1);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 1));
	ASSERT_EQ(unclean(), 0);
	/* Partial progress: the failing entry second. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + L2 - G,
			 L1 + 2 * L2), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], L1 + L2);
	UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + L2, L1 + 2 * L2);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 2));
	/* A whole UNASSIGNED EMPTY block is tracked as it is (CLEAN). */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + 2 * L2,
			 L1 + 3 * L2), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], L1 + 3 * L2);
	ASSERT_EQ(unclean(), 0);
	/* The host splits the RAM block and tracks it: 512 NEW granules. */
	ASSERT_EQ(um_track_start(&r, L1 + L2, L1 + 2 * L2), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 512);
}

static void track_stop_level(void)
{
	struct rmm_smc_regs o;

	lv_open();
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + L2 - G,
			 L1 + L2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + 2 * L2,
			 L1 + 3 * L2), RMI_SUCCESS);
	/* Tracked level 2 entry not wholly inside. */
	UT_SMC(&o, SMC_RMI_MIG_TRACK_STOP, r.rd, L1 + 2 * L2,
	       L1 + 2 * L2 + G);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 2));
	/*
	 * Failing entry after others: the tracked granule and the untracked
	 * RAM block are processed, the tracked EMPTY block stops it.
	 */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_STOP, r.rd, L1 + L2 - G,
			 L1 + 2 * L2 + G), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], L1 + 2 * L2);
	UT_SMC(&o, SMC_RMI_MIG_TRACK_STOP, r.rd, L1 + 2 * L2,
	       L1 + 2 * L2 + G);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 2));
	/* Untracking the whole block works; TRACK_START can begin again. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_STOP, r.rd, L1 + 2 * L2,
			 L1 + 3 * L2), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + 2 * L2,
	       L1 + 2 * L2 + G);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 2));
}

static void harvest_level(void)
{
	uint64_t bm = ut_alloc_granule();
	struct rmm_smc_regs o;

	lv_open();
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + L2 - G,
			 L1 + L2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, L1 + 2 * L2,
			 L1 + 3 * L2), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, L1 + 2 * L2 + G,
	       L1 + 3 * L2, bm);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 2));
	/* Partial progress. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, L1 + L2 - G,
			 L1 + 2 * L2 + G, bm), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], L1 + 2 * L2);
	ASSERT_EQ(o.a[2], 0);
	/* top' = base + 128 MiB cuts a tracked 1 GiB block. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, 3 * L1, 4 * L1),
		  RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, 3 * L1, 4 * L1, bm);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_RTT, 1));
	/* An untracked block may be crossed by top'. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, 2 * L1, 3 * L1,
			 bm), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 2 * L1 + 0x8000000);
	ut_free_granule(bm);
}

/* ---------------------------------------------------------------------- */
/* Behaviour                                                               */

static void initial_states(void)
{
	struct rmm_smc_regs o;

	lv_open();
	/* Untracked: nothing unclean. */
	ASSERT_EQ(unclean(), 0);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	/* The RAM block became 512 NEW level 3 entries, the rest CLEAN. */
	ASSERT_EQ(unclean(), 512);
	ASSERT_EQ(um_state(r.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_SRC_OPEN);
	/* TRACK_STOP of everything before export: nothing tracked. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_STOP, r.rd, L1 + L2,
			 L1 + 2 * L2), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], L1 + 2 * L2);
	ASSERT_EQ(unclean(), 0);
	/* ASSIGNED granules start NEW too; exporting makes them CLEAN. */
	ASSERT_EQ(ut_data_map(&r, L1, 2), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 2);	/* DATA_MAP of tracked CLEAN: DIRTY */
	ASSERT_EQ(um_export_realm(r.rd, NULL), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&r, L1, L1 + 2 * G, NULL), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 0);
}

static void rmi_changes_mark_dirty(void)
{
	uint64_t nr, ipa_unmap = UM_RAM_BASE, ipa_map = UM_RAM_BASE + 8 * G;
	struct rmm_rec *rec;
	struct rmm_smc_regs o;

	src_open();
	/* A level 3 table with no live entry, for RTT_DESTROY. */
	ASSERT_EQ(ut_rtt_create(&r, UM_RAM_BASE + L2, 3), RMI_SUCCESS);
	to_precopy(false);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + 16 * G,
				  NULL), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 0);
	ASSERT_EQ(harvest_one(UM_RAM_BASE, UM_RAM_BASE + 2 * L2, &nr),
		  RMI_SUCCESS);
	ASSERT_EQ(nr, 0);

	/* DATA_UNMAP */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DATA_UNMAP, r.rd, ipa_unmap,
			 ipa_unmap + G, RMI_ADDR_TYPE_SINGLE, 0), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(RMI_ADDR_RANGE_ADDR(o.a[2]), 1),
		  RMI_SUCCESS);
	ASSERT_EQ(unclean(), 1);
	ASSERT_EQ(harvest_one(ipa_unmap, ipa_unmap + G, &nr), RMI_SUCCESS);
	ASSERT_EQ(nr, 1);

	/* DATA_MAP */
	ASSERT_EQ(ut_data_map(&r, ipa_map, 1), RMI_SUCCESS);
	ASSERT_EQ(harvest_one(ipa_map, ipa_map + G, &nr), RMI_SUCCESS);
	ASSERT_EQ(nr, 1);

	/* SET_RIPAS of a RAM granule, as the REC requested it. */
	rec = rec_from_pa(r.recs[0]);
	ASSERT_TRUE(rec != NULL);
	rec->pending = REC_PENDING_RIPAS;
	rec->ripas_addr = UM_RAM_BASE + G;
	rec->ripas_top = UM_RAM_BASE + 2 * G;
	rec->ripas_value = RIPAS_EMPTY;
	rec->ripas_flags = 0;
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_SET_RIPAS, r.rd, r.recs[0],
			 UM_RAM_BASE + G, UM_RAM_BASE + 2 * G), RMI_SUCCESS);
	ASSERT_EQ(harvest_one(UM_RAM_BASE + G, UM_RAM_BASE + 2 * G, &nr),
		  RMI_SUCCESS);
	ASSERT_EQ(nr, 1);

	/* RTT_DESTROY: the parent block entry is DIRTY. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, UM_RAM_BASE + L2, 3),
		  RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 512 + 3);
	ASSERT_EQ(harvest_one(UM_RAM_BASE + L2, UM_RAM_BASE + 2 * L2, &nr),
		  RMI_SUCCESS);
	ASSERT_EQ(nr, 512);
	/* RTT_READ_ENTRY and the unchanged granules: no modification. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_READ_ENTRY, r.rd, UM_RAM_BASE + 2 * G,
			 3), RMI_SUCCESS);
	ASSERT_EQ(harvest_one(UM_RAM_BASE + 2 * G, UM_RAM_BASE + 8 * G, &nr),
		  RMI_SUCCESS);
	ASSERT_EQ(nr, 0);
	rec->pending = REC_PENDING_NONE;
}

static void harvest_get_and_clear(void)
{
	uint64_t nr;
	uint8_t bits[1] = { 0 };

	src_open();
	to_precopy(false);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, UM_RAM_BASE + 5 * G, 1), RMI_SUCCESS);
	ASSERT_EQ(um_harvest(r.rd, UM_RAM_BASE, UM_RAM_BASE + 8 * G, bits,
			     &nr), RMI_SUCCESS);
	ASSERT_EQ(nr, 1);
	ASSERT_EQ(bits[0], 1U << 5);
	/* PENDING now: still unclean, but not reported again. */
	ASSERT_EQ(unclean(), 1);
	ASSERT_EQ(um_harvest(r.rd, UM_RAM_BASE, UM_RAM_BASE + 8 * G, bits,
			     &nr), RMI_SUCCESS);
	ASSERT_EQ(nr, 0);
	ASSERT_EQ(bits[0], 0);
	/* A retrack leaves PENDING as it is (never resets to CLEAN). */
	ASSERT_EQ(um_track_start(&r, UM_RAM_BASE, UM_RAM_BASE + 8 * G),
		  RMI_SUCCESS);
	ASSERT_EQ(unclean(), 1);
	/* Exported: CLEAN. */
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE + 5 * G,
				  UM_RAM_BASE + 6 * G, NULL), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 0);
}

static void harvest_bitmap_bounds(void)
{
	uint64_t bm = ut_alloc_granule(), i;
	uint8_t *b = ut_va(bm);
	struct rmm_smc_regs o;

	src_open();
	to_precopy(false);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, UM_RAM_BASE + 4 * G, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, UM_RAM_BASE + 11 * G, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, UM_RAM_BASE + 13 * G, 1), RMI_SUCCESS);
	memset(b, 0xff, G);
	/* 12 granules: bytes 0 and 1 written, bits 12..15 zero. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, UM_RAM_BASE,
			 UM_RAM_BASE + 12 * G, bm), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], UM_RAM_BASE + 12 * G);
	ASSERT_EQ(o.a[2], 2);
	ASSERT_EQ(b[0], 1U << 4);
	ASSERT_EQ(b[1], 1U << 3);
	for (i = 2; i < G; i++)
		ASSERT_EQ(b[i], 0xff);
	/* Granule 13 is still DIRTY: outside the range. */
	ASSERT_EQ(unclean(), 3);
	/* More than 128 MiB: out_top = base + 128 MiB. */
	memset(b, 0xff, G);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, r.rd, UM_RAM_BASE,
			 UM_RAM_BASE + 0x10000000, bm), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], UM_RAM_BASE + 0x8000000);
	ASSERT_EQ(o.a[2], 1);
	ASSERT_EQ(b[1], 1U << 5);
	ASSERT_EQ(b[G - 1], 0);
	ut_free_granule(bm);
}

static void unfold_inherits(void)
{
	uint64_t nr, blk = UM_RAM_BASE + 2 * L2;
	struct rmm_smc_regs o;

	src_open();
	to_precopy(false);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, NULL),
		  RMI_SUCCESS);
	/* A CLEAN block unfolds into 512 CLEAN granules, still tracked. */
	ASSERT_EQ(ut_rtt_create(&r, blk, 3), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 0);
	ASSERT_EQ(um_export_range(&r, blk, blk + G, NULL), RMI_SUCCESS);
	/* A DIRTY block unfolds into 512 DIRTY granules. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, blk, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create(&r, blk, 3), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 512);
	ASSERT_EQ(harvest_one(blk, blk + L2, &nr), RMI_SUCCESS);
	ASSERT_EQ(nr, 512);
	/* Mapped at level 3 now: each granule exports on its own. */
	ASSERT_EQ(um_export_range(&r, blk, blk + L2, NULL), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 0);
}

static void fold_mixed_dirty(void)
{
	uint64_t nr, blk = UM_RAM_BASE + 3 * L2;
	struct rmm_smc_regs o;

	src_open();
	ASSERT_EQ(ut_rtt_create(&r, blk, 3), RMI_SUCCESS);
	to_precopy(false);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, NULL),
		  RMI_SUCCESS);
	/* All 512 CLEAN: the folded block keeps CLEAN. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_FOLD, r.rd, blk, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 0);
	/* One of them DIRTY (map and unmap again): the block is DIRTY. */
	ASSERT_EQ(ut_rtt_create(&r, blk, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, blk + 7 * G, 1), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DATA_UNMAP, r.rd, blk + 7 * G,
			 blk + 8 * G, RMI_ADDR_TYPE_SINGLE, 0), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(RMI_ADDR_RANGE_ADDR(o.a[2]), 1),
		  RMI_SUCCESS);
	ASSERT_EQ(unclean(), 1);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_FOLD, r.rd, blk, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(unclean(), 512);
	ASSERT_EQ(harvest_one(blk, blk + L2, &nr), RMI_SUCCESS);
	ASSERT_EQ(nr, 512);
}

/* ---------------------------------------------------------------------- */
/* A real guest writing                                                    */

struct dw_state {
	unsigned int round;
	unsigned int exits_at_sync;
	uint64_t data;			/* IPA of the guest's data area */
	bool failed;
};

static struct dw_state dw;

#define DW_FAIL(...)							\
	do {								\
		printf("# dw: " __VA_ARGS__);				\
		printf("\n");						\
		dw.failed = true;					\
		return false;						\
	} while (0)

/* Harvest the data area; the dirty page mask. */
static bool dw_harvest(uint64_t *mask)
{
	uint8_t bits[DW_NR_PAGES / 8] = { 0 };
	uint64_t nr;

	if (um_harvest(r.rd, dw.data, dw.data + DW_NR_PAGES * G, bits,
		       &nr) != RMI_SUCCESS)
		return false;
	*mask = bits[0] | (uint64_t)bits[1] << 8;
	return (uint64_t)__builtin_popcountll(*mask) == nr;
}

/* Export the data page @i and check it decrypts to @val everywhere. */
static bool dw_export_check(unsigned int i, uint64_t val)
{
	struct um_stream st = { 0 };
	uint64_t ipa = dw.data + i * G;
	struct mig_hdr *h;
	uint64_t *p;
	bool ok = false;
	unsigned int j;

	if (um_export_pages(r.rd, &ipa, 1, &st, NULL) != RMI_SUCCESS ||
	    st.n != 1)
		goto out;
	h = um_hdr(&st, 0);
	if (!(h->flags & RMI_MIG_HDR_F_HAS_DATA) || h->ipa != ipa ||
	    h->hipas != 1 || h->ripas != RIPAS_RAM)
		goto out;
	if (!mig_blob_open(&m.ks, false, h, st.b[0].page, G))
		goto out;
	p = (uint64_t *)st.b[0].page;
	for (j = 0; j < G / 8; j++)
		if (p[j] != val)
			goto out;
	ok = true;
out:
	um_stream_free(&st);
	return ok;
}

static bool dw_sync(struct ur_vm *vm, unsigned int rec, uint64_t stage,
		    const uint64_t *args, uint64_t *res)
{
	unsigned int exits = vm->stats.exits - dw.exits_at_sync;
	uint64_t mask;

	dw.exits_at_sync = vm->stats.exits;
	switch (dw.round++) {
	case 0:
		/* Session, everything tracked and exported: all CLEAN. */
		dw.data = args[0];
		if (args[1] != DW_NR_PAGES)
			DW_FAIL("guest has %llu pages",
				(unsigned long long)args[1]);
		um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &vm->r);
		um_fake_dst_nonce(&m);
		if (um_open_src(&m, r.rd) != RMI_SUCCESS ||
		    um_track_start(&vm->r, 0, um_prot_top(&vm->r)) !=
		    RMI_SUCCESS ||
		    um_export_realm(r.rd, NULL) != RMI_SUCCESS ||
		    um_export_range(&vm->r, vm->ram_base,
				    vm->ram_base + vm->ram_size,
				    NULL) != RMI_SUCCESS)
			DW_FAIL("session setup");
		if (!dw_harvest(&mask) || mask)
			DW_FAIL("dirty after export: 0x%llx",
				(unsigned long long)mask);
		res[0] = DW_WRITE;
		res[1] = 0x8005;		/* pages 0, 2, 15 */
		res[2] = 0x1000;
		return true;
	case 1:
		/* The stores faulted into the RMM only: one exit. */
		if (exits != 1)
			DW_FAIL("%u exits for one round", exits);
		if (!dw_harvest(&mask) || mask != 0x8005)
			DW_FAIL("round 1 dirty 0x%llx",
				(unsigned long long)mask);
		/* Get-and-clear: nothing the second time. */
		if (!dw_harvest(&mask) || mask)
			DW_FAIL("second harvest 0x%llx",
				(unsigned long long)mask);
		if (!dw_export_check(2, 0x1002))
			DW_FAIL("export of page 2");
		res[0] = DW_WRITE;
		res[1] = 0x0006;		/* pages 1, 2: write again */
		res[2] = 0x2000;
		return true;
	case 2:
		/* Page 2 was re-protected by the harvest and the export. */
		if (exits != 1 || !dw_harvest(&mask) || mask != 0x0006)
			DW_FAIL("round 2 dirty 0x%llx, %u exits",
				(unsigned long long)mask, exits);
		res[0] = DW_POKE;		/* one u64 in page 9 */
		res[1] = 1U << 9;
		res[2] = 0x99;
		res[3] = 0x808;
		return true;
	case 3:
		if (!dw_harvest(&mask) || mask != (1U << 9))
			DW_FAIL("round 3 dirty 0x%llx",
				(unsigned long long)mask);
		/* The guest reads its data back unharmed. */
		res[0] = DW_CHECK;
		res[1] = 0x8001;
		res[2] = 0x1000;
		return true;
	case 4:
		/* Reads do not dirty. */
		if (!dw_harvest(&mask) || mask)
			DW_FAIL("reads dirtied 0x%llx",
				(unsigned long long)mask);
		res[0] = DW_STOP;
		return true;
	default:
		DW_FAIL("unexpected round %u", dw.round - 1);
	}
}

static void guest_write_marks_dirty(void)
{
	static const struct ur_ops ops = { .sync = dw_sync };
	struct ur_config cfg = {
		.guest = "dirty_writer",
		.ram_size = 0x40000,
		.populate_ram = true,
		.ops = &ops,
	};
	struct ur_vm *vm = calloc(1, sizeof(*vm));

	ASSERT_TRUE(vm != NULL);
	memset(&dw, 0, sizeof(dw));
	ASSERT_EQ(ur_vm_create(vm, &cfg), RMI_SUCCESS);
	r.rd = vm->r.rd;	/* r.created stays false: vm owns the realm */
	ASSERT_EQ(ur_vm_run(vm, 1000), 0);
	ASSERT_FALSE(dw.failed);
	ASSERT_EQ(dw.round, 5);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
	/* No tracking after the abort: writes no longer fault. */
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(ur_vm_destroy(vm), RMI_SUCCESS);
	free(vm);
}

static void rmm_write_marks_dirty(void)
{
	struct ur_config cfg = {
		.guest = "dirty_writer",
		.ram_size = 0x40000,
		.populate_ram = true,
	};
	struct ur_vm *vm = calloc(1, sizeof(*vm));
	uint64_t saved = rmm_exec_slice, nr, hc, i, n;
	uint64_t res[31] = { DW_STOP };
	struct ur_exit e;
	uint8_t *bits;

	ASSERT_TRUE(vm != NULL);
	ASSERT_EQ(ur_vm_create(vm, &cfg), RMI_SUCCESS);
	r.rd = vm->r.rd;	/* r.created stays false: vm owns the realm */
	/* Run to the guest's first host call. */
	for (i = 0; i < 100; i++) {
		ur_write_enter(vm->run[0], 0, NULL);
		ASSERT_EQ(ur_rec_enter(vm->rec[0], vm->run[0]), RMI_SUCCESS);
		ur_read_exit(vm->run[0], &e);
		if (e.reason == RMI_EXIT_HOST_CALL)
			break;
	}
	ASSERT_EQ(e.reason, RMI_EXIT_HOST_CALL);
	hc = rec_from_pa(vm->rec[0])->host_call_ipa;
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &vm->r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&vm->r, 0, um_prot_top(&vm->r)),
		  RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, NULL), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&vm->r, vm->ram_base,
				  vm->ram_base + vm->ram_size, NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(unclean(), 0);
	/*
	 * Enter with a zero slice: the RMM completes the host call (writes
	 * the results into the RsiHostCall) and exits before the Realm runs
	 * an instruction. The only modification is the RMM's write.
	 */
	rmm_exec_slice = 0;
	ur_write_enter(vm->run[0], 0, res);
	ASSERT_EQ(ur_rec_enter(vm->rec[0], vm->run[0]), RMI_SUCCESS);
	rmm_exec_slice = saved;
	ur_read_exit(vm->run[0], &e);
	ASSERT_EQ(e.reason, RMI_EXIT_IRQ);
	n = vm->ram_size / G;
	bits = calloc(1, n / 8 + 1);
	ASSERT_TRUE(bits != NULL);
	ASSERT_EQ(um_harvest(r.rd, vm->ram_base, vm->ram_base + vm->ram_size,
			     bits, &nr), RMI_SUCCESS);
	ASSERT_EQ(nr, 1);
	i = (hc - vm->ram_base) / G;
	ASSERT_TRUE(bits[i / 8] & (1U << (i % 8)));
	free(bits);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(ur_vm_destroy(vm), RMI_SUCCESS);
	free(vm);
}

static const struct test_case cases[] = {
	TEST_CASE(track_start_rd),
	TEST_CASE(track_start_state),
	TEST_CASE(track_start_range),
	TEST_CASE(track_start_level),
	TEST_CASE(track_stop_rd),
	TEST_CASE(track_stop_state),
	TEST_CASE(track_stop_range),
	TEST_CASE(track_stop_level),
	TEST_CASE(harvest_rd),
	TEST_CASE(harvest_state),
	TEST_CASE(harvest_range),
	TEST_CASE(harvest_bitmap),
	TEST_CASE(harvest_level),
	TEST_CASE(initial_states),
	TEST_CASE(guest_write_marks_dirty),
	TEST_CASE(rmm_write_marks_dirty),
	TEST_CASE(rmi_changes_mark_dirty),
	TEST_CASE(harvest_get_and_clear),
	TEST_CASE(harvest_bitmap_bounds),
	TEST_CASE(unfold_inherits),
	TEST_CASE(fold_mixed_dirty),
};

int main(int argc, char **argv)
{
	static const struct test_suite suite = {
		.name = "rmm_mig_track",
		.cases = cases,
		.nr_cases = ARRAY_LEN(cases),
		.setup = setup,
		.teardown = teardown,
	};

	return test_main(&suite, argc, argv);
}
