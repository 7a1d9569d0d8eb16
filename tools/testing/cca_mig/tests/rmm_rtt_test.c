// SPDX-License-Identifier: GPL-2.0
/*
 * RMM model: RTT_CREATE/DESTROY/FOLD/READ_ENTRY, RTT_INIT_RIPAS,
 * RTT_SET_RIPAS, RTT_DATA_MAP_INIT, RTT_DATA_MAP/UNMAP and
 * RTT_UNPROT_MAP/UNMAP.
 *
 * Every realm here has s2sz = 40: starting level 1 (1 GiB entries) with two
 * concatenated tables, protected IPAs below 2^39.
 */
#include <stdlib.h>

#include "rmm_internal.h"
#include "test.h"
#include "util_realm.h"

#define G	RMM_GRANULE_SIZE
#define A	0x40000000UL		/* 1 GiB: a level 1 entry */
#define SZ2M	0x200000UL
#define SZ1G	0x40000000UL
#define NSB	(1UL << 39)		/* first unprotected IPA */
#define RTT_ERR(l)	RMI_RETURN(RMI_ERROR_RTT, (l))
#define SINGLE	RMI_ADDR_TYPE_SINGLE
#define LIST(n)	(RMI_ADDR_TYPE_LIST | ((uint64_t)(n) << 2))
#define NS_FLAGS (SINGLE | (6UL << RMI_UNPROT_FLAGS_MEMATTR_SHIFT) | \
		  (3UL << RMI_UNPROT_FLAGS_S2AP_SHIFT))

static uint64_t mk(struct ut_realm *r)
{
	ut_realm_init(r, NULL);
	return ut_realm_create(r);
}

static uint64_t rd_entry(struct ut_realm *r, uint64_t ipa, int level,
			 struct ut_rtte *e)
{
	return ut_read_entry(r, ipa, level, e);
}

/* The RTT granule at (@ipa, @level - 1) of @r, 0 if none. */
static uint64_t rtt_pa(struct ut_realm *r, uint64_t ipa, int level)
{
	struct ut_rtte e;

	if (rd_entry(r, ipa, level - 1, &e) || e.level != level - 1 ||
	    e.state != RMI_TABLE)
		return 0;
	return e.addr;
}

static uint64_t desc(uint64_t pa, uint64_t n)
{
	return ut_range_desc(pa, n, 0);
}

static uint64_t data_map(struct ut_realm *r, uint64_t base, uint64_t top,
			 uint64_t flags, uint64_t oaddr, uint64_t *out_top)
{
	struct rmm_smc_regs o;
	uint64_t ret = UT_SMC(&o, SMC_RMI_RTT_DATA_MAP, r->rd, base, top,
			      flags, oaddr);

	if (out_top)
		*out_top = o.a[1];
	return ret;
}

static uint64_t unmap(uint64_t fid, struct ut_realm *r, uint64_t base,
		      uint64_t top, uint64_t flags, uint64_t oaddr,
		      struct rmm_smc_regs *o)
{
	return UT_SMC(o, fid, r->rd, base, top, flags, oaddr);
}

static uint64_t dmi(struct ut_realm *r, uint64_t data, uint64_t ipa,
		    uint64_t src, uint64_t flags)
{
	return UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP_INIT, r->rd, data, ipa, src,
		      flags);
}

/* A REC of @r with an RSI_IPA_STATE_SET request pending, for SET_RIPAS. */
static struct rmm_rec *fake_rec(struct ut_realm *r, uint64_t base,
				uint64_t top, uint8_t ripas, uint64_t flags)
{
	uint64_t pa = ut_alloc_delegated(1);
	struct rmm_rec *rec = calloc(1, sizeof(*rec));
	struct granule *g = granule_at(pa);

	rec->pa = pa;
	rec->rd = realm_from_rd(r->rd);
	rec->pending = REC_PENDING_RIPAS;
	rec->ripas_addr = base;
	rec->ripas_top = top;
	rec->ripas_value = ripas;
	rec->ripas_flags = flags;
	g->state = GRANULE_REC;
	g->obj = rec;
	return rec;
}

static void fake_rec_free(struct rmm_rec *rec)
{
	struct granule *g = granule_at(rec->pa);
	uint64_t pa = rec->pa;

	g->obj = NULL;
	g->state = GRANULE_DELEGATED;
	free(rec);
	ut_undelegate_free(pa, 1);
}

static uint64_t set_ripas(struct ut_realm *r, struct rmm_rec *rec,
			  uint64_t base, uint64_t top, uint64_t *out_top)
{
	struct rmm_smc_regs o;
	uint64_t ret = UT_SMC(&o, SMC_RMI_RTT_SET_RIPAS, r->rd, rec->pa, base,
			      top);

	if (out_top)
		*out_top = o.a[1];
	return ret;
}

/* ---------------------------------------------------------------------- */
/* RTT_CREATE                                                             */

static void test_rtt_create_levels(void)
{
	struct ut_realm r;
	struct ut_rtte e;
	uint64_t l2, l3;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	l2 = ut_alloc_delegated(1);
	l3 = ut_alloc_delegated(1);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, l2, A, 2),
		  RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, l3, A + SZ2M, 3),
		  RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(l2), GRANULE_RTT);
	ASSERT_EQ(rmm_granule_state(l3), GRANULE_RTT);
	ASSERT_EQ(rd_entry(&r, A, 1, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_TABLE);
	ASSERT_EQ(e.addr, l2);
	ASSERT_EQ(rd_entry(&r, A + SZ2M, 2, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_TABLE);
	ASSERT_EQ(e.addr, l3);
	ASSERT_EQ(rd_entry(&r, A + SZ2M + 5 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 3);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granules(l2, 1);
	ut_free_granules(l3, 1);
}

static void test_rtt_create_inherits_ripas(void)
{
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	/* 1 GiB at level 1: RAM without any level 2 table. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A, A + SZ1G),
		  RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 1, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(ut_rtt_create_to(&r, A + 7 * SZ2M, 3), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A + 9 * SZ2M, 2, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(rd_entry(&r, A + 7 * SZ2M + 511 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 3);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_create_unprotected(void)
{
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, NSB + G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 3);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_create_fail_not_rd(void)
{
	struct ut_realm r;
	uint64_t t = ut_alloc_delegated(1);

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rtt_base, t, A, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, t, t, A, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(t), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(t, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_create_fail_rtt_state(void)
{
	struct ut_realm r;
	uint64_t ns = ut_alloc_granule();

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, ns, A, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, r.rd, A, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, r.rtt_base, A, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd,
			 rmm_dram_base() + rmm_dram_size(), A, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, ns + 8, A, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rd_entry(&r, A, 1, NULL), RMI_SUCCESS);
	ASSERT_EQ(rtt_pa(&r, A, 2), 0);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(ns);
}

static void test_rtt_create_fail_level(void)
{
	struct ut_realm r;
	uint64_t t = ut_alloc_delegated(1);

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	/* The starting level is created by REALM_CREATE only. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, 0, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, 0, 0),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, 0, 4),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, 0, -1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(t, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_create_fail_ipa(void)
{
	struct ut_realm r;
	uint64_t t = ut_alloc_delegated(1);

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	/* Level 2 tables map 1 GiB: the IPA must be 1 GiB aligned. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, A + SZ2M, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, A + G, 3),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, 1UL << 40, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(t, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_create_fail_missing_parent(void)
{
	struct ut_realm r;
	uint64_t t = ut_alloc_delegated(1);

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, A, 3), RTT_ERR(1));
	ASSERT_EQ(rmm_granule_state(t), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(t, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_create_fail_exists(void)
{
	struct ut_realm r;
	uint64_t t = ut_alloc_delegated(1);

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, A, 2), RTT_ERR(1));
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_CREATE, r.rd, t, A, 3), RTT_ERR(2));
	ASSERT_EQ(ut_undelegate_free(t, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RTT_DESTROY                                                            */

static void test_rtt_destroy(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;
	uint64_t l3;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	l3 = rtt_pa(&r, A, 3);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 3), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], l3);
	/* Nothing live follows in the level 2 table. */
	ASSERT_EQ(o.a[2], A + SZ1G);
	ASSERT_EQ(rmm_granule_state(l3), GRANULE_DELEGATED);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 2);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_DESTROYED);
	ASSERT_EQ(ut_undelegate_free(l3, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_destroy_skips_to_live(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A + 5 * SZ2M, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 3), RMI_SUCCESS);
	ASSERT_EQ(o.a[2], A + 5 * SZ2M);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_destroy_unprotected(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, NSB, 2, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	/* NS entries can take a table again. */
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_destroy_fail_args(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rtt_base, A, 3),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(o.a[2], 0);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 4),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A + G, 3),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, 1UL << 40, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(o.a[2], 0);
	ASSERT_NE(rtt_pa(&r, A, 3), 0);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_destroy_fail_missing(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	/* No level 2 table: the walk stops at level 1. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 3), RTT_ERR(1));
	ASSERT_EQ(o.a[2], NSB);		/* end of the first root table */
	ASSERT_EQ(ut_rtt_create_to(&r, A + 3 * SZ1G, 2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 2), RTT_ERR(1));
	ASSERT_EQ(o.a[2], A + 3 * SZ1G);
	/* A level 2 table without the level 3 one. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A + 3 * SZ1G, 3),
		  RTT_ERR(2));
	ASSERT_EQ(o.a[2], A + 4 * SZ1G);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_destroy_fail_live(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, A + 3 * G, "live", 4, true), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 3), RTT_ERR(3));
	ASSERT_EQ(o.a[2], A);
	/* A table holding a table is live too. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 2), RTT_ERR(2));
	ASSERT_EQ(o.a[2], A);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_destroy_fail_live_ns(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;
	uint64_t ns = ut_alloc_granule();

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_unprot_map(&r, NSB + SZ2M, ns, 1), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, NSB + SZ2M, 3),
		  RTT_ERR(3));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(ns);
}

/* ---------------------------------------------------------------------- */
/* RTT_FOLD                                                               */

static void test_rtt_fold_ram(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;
	uint64_t l3;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A, A + SZ2M), RMI_SUCCESS);
	l3 = rtt_pa(&r, A, 3);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_FOLD, r.rd, A, 3), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], l3);
	ASSERT_EQ(rmm_granule_state(l3), GRANULE_DELEGATED);
	ASSERT_EQ(rd_entry(&r, A + 17 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 2);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(ut_undelegate_free(l3, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_fold_empty_and_ns(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_FOLD, r.rd, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 2, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	/* And the level 2 table in turn. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_FOLD, r.rd, A, 2), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 1, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_FOLD, r.rd, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, NSB, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 2);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_fold_fail_args(void)
{
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rtt_base, A, 3),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A, 1), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A, 4), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A + G, 3),
		  RMI_ERROR_INPUT);
	ASSERT_NE(rtt_pa(&r, A, 3), 0);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_fold_fail_missing(void)
{
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A, 3), RTT_ERR(1));
	ASSERT_EQ(ut_rtt_create_to(&r, A, 2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A, 3), RTT_ERR(2));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_fold_fail_mixed(void)
{
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A + 8 * G, A + 9 * G), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A, 3), RTT_ERR(3));
	ASSERT_NE(rtt_pa(&r, A, 3), 0);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_rtt_fold_fail_live(void)
{
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A, A + SZ2M), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, A, "x", 1, true), RMI_SUCCESS);
	/* Blocks are not modelled: a table with DATA never folds. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A, 3), RTT_ERR(3));
	/* Nor does a level 2 table holding a table. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_FOLD, r.rd, A, 2), RTT_ERR(2));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RTT_READ_ENTRY                                                         */

static void test_read_entry_states(void)
{
	uint64_t ns = ut_alloc_granule();
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, A, "data", 4, true), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 3);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(rmm_granule_state(e.addr), GRANULE_DATA);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(rd_entry(&r, A, 2, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_TABLE);
	ASSERT_EQ(rmm_granule_state(e.addr), GRANULE_RTT);
	/* Requested level deeper than the tables: the walk level. */
	ASSERT_EQ(rd_entry(&r, 2 * SZ1G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 1);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(ut_unprot_map(&r, NSB + 4 * G, ns, 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, NSB + 4 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	/* The host's descriptor: PA, MemAttr 6 at [5:2], S2AP RW at [7:6]. */
	ASSERT_EQ(e.desc, ns | (6 << 2) | (3 << 6));
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(ns);
}

static void test_read_entry_fail(void)
{
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_READ_ENTRY, r.rtt_base, A, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_READ_ENTRY, r.rd, A, 0),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_READ_ENTRY, r.rd, A, 4),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_READ_ENTRY, r.rd, A + G, 2),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_READ_ENTRY, r.rd, 1UL << 40, 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_READ_ENTRY, r.rd,
			 (1UL << 40) - G, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RTT_INIT_RIPAS                                                         */

static void test_init_ripas_level3(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;
	uint8_t before[64], after[64];

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(r.rd, before));
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, r.rd, A + G, A + 3 * G),
		  RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 3 * G);
	ASSERT_TRUE(rmm_realm_rim(r.rd, after));
	ASSERT_TRUE(memcmp(before, after, 64) != 0);	/* measured */
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(rd_entry(&r, A + 2 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(rd_entry(&r, A + 3 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	/* RAM again is accepted (and measured again). */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, r.rd, A, A + 3 * G),
		  RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 3 * G);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_init_ripas_stops_at_table_end(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, r.rd, A + SZ2M - G,
			 A + SZ2M + G), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + SZ2M);
	/* The next 2 MiB entry is bigger than what is left. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, r.rd, A + SZ2M,
			 A + SZ2M + G), RTT_ERR(2));
	ASSERT_EQ(ut_init_ripas(&r, A + SZ2M, A + SZ2M + G), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_init_ripas_block_level(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, r.rd, A + SZ2M,
			 A + 3 * SZ2M), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 3 * SZ2M);
	ASSERT_EQ(rd_entry(&r, A + 2 * SZ2M, 2, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(rd_entry(&r, A, 2, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_init_ripas_assigned_empty(void)
{
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	/* A runtime mapping keeps RIPAS EMPTY, INIT_RIPAS makes it RAM. */
	ASSERT_EQ(ut_data_map(&r, A, 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(ut_init_ripas(&r, A, A + G), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_init_ripas_measurement(void)
{
	struct ut_realm a, b, c;
	uint8_t ra[64], rb[64], rc[64];

	ASSERT_EQ(mk(&a), RMI_SUCCESS);
	ASSERT_EQ(mk(&b), RMI_SUCCESS);
	ASSERT_EQ(mk(&c), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&a, A, A + 4 * G), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&b, A, A + 4 * G), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&c, A, A + 5 * G), RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(a.rd, ra));
	ASSERT_TRUE(rmm_realm_rim(b.rd, rb));
	ASSERT_TRUE(rmm_realm_rim(c.rd, rc));
	ASSERT_MEM_EQ(ra, rb, 64);
	ASSERT_TRUE(memcmp(ra, rc, 64) != 0);
	ASSERT_EQ(ut_realm_teardown(&a), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&b), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&c), RMI_SUCCESS);
}

static void test_init_ripas_fail_args(void)
{
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A + G, A + G),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, 0, A + G, A),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rtt_base, A, A + G),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A + 1, A + G),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A, A + G + 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, NSB, NSB + G),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, NSB - G,
			 NSB + G), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_init_ripas_fail_not_new(void)
{
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A, A + G),
		  RMI_ERROR_REALM);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_init_ripas_fail_rtt(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 2), RMI_SUCCESS);
	/* base is not aligned to the 2 MiB entry the walk reaches */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A + G, A + 2 * G),
		  RTT_ERR(2));
	/* the entry is bigger than the range */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A, A + G),
		  RTT_ERR(2));
	/* ...and at level 1 */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, 2 * SZ1G,
			 2 * SZ1G + SZ2M), RTT_ERR(1));
	/* DESTROYED cannot be initialised */
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DESTROY, r.rd, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, r.rd, A, A + SZ2M),
		  RTT_ERR(2));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RTT_SET_RIPAS                                                          */

static void test_set_ripas_ram_to_empty(void)
{
	struct rmm_rec *rec;
	struct ut_realm r;
	struct ut_rtte e;
	uint64_t out;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A, A + 4 * G), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, A, "p", 1, true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	rec = fake_rec(&r, A, A + 4 * G, RIPAS_EMPTY, RSI_CHANGE_DESTROYED);
	ASSERT_EQ(set_ripas(&r, rec, A, A + 2 * G, &out), RMI_SUCCESS);
	ASSERT_EQ(out, A + 2 * G);
	ASSERT_EQ(rec->ripas_addr, A + 2 * G);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);	/* DATA stays mapped */
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(rd_entry(&r, A + G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(set_ripas(&r, rec, A + 2 * G, A + 4 * G, &out), RMI_SUCCESS);
	ASSERT_EQ(out, A + 4 * G);
	ASSERT_EQ(rd_entry(&r, A + 3 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	fake_rec_free(rec);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_set_ripas_empty_to_ram(void)
{
	struct rmm_rec *rec;
	struct ut_realm r;
	struct ut_rtte e;
	uint64_t out;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	rec = fake_rec(&r, A + SZ2M - G, A + SZ2M + G, RIPAS_RAM,
		       RSI_CHANGE_DESTROYED);
	/* Progress stops at the end of the level 3 table... */
	ASSERT_EQ(set_ripas(&r, rec, A + SZ2M - G, A + SZ2M + G, &out),
		  RMI_SUCCESS);
	ASSERT_EQ(out, A + SZ2M);
	/* ...then the 2 MiB entry needs a table, as the host learns. */
	ASSERT_EQ(set_ripas(&r, rec, A + SZ2M, A + SZ2M + G, &out),
		  RTT_ERR(2));
	ASSERT_EQ(ut_rtt_create_to(&r, A + SZ2M, 3), RMI_SUCCESS);
	ASSERT_EQ(set_ripas(&r, rec, A + SZ2M, A + SZ2M + G, &out),
		  RMI_SUCCESS);
	ASSERT_EQ(out, A + SZ2M + G);
	ASSERT_EQ(rd_entry(&r, A + SZ2M, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(rd_entry(&r, A + SZ2M - G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	fake_rec_free(rec);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_set_ripas_destroyed(void)
{
	static const uint8_t two[2 * G];
	struct rmm_smc_regs o;
	struct rmm_rec *rec;
	struct ut_realm r;
	struct ut_rtte e;
	uint64_t out, d0, d1;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, A, two, sizeof(two), true), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	d0 = e.addr;
	ASSERT_EQ(rd_entry(&r, A + G, 3, &e), RMI_SUCCESS);
	d1 = e.addr;
	/* Unmapping RAM leaves it DESTROYED. */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + 2 * G,
			RMI_ADDR_TYPE_NONE, 0, &o), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(d0, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(d1, 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_DESTROYED);
	rec = fake_rec(&r, A, A + G, RIPAS_RAM, RSI_NO_CHANGE_DESTROYED);
	ASSERT_EQ(set_ripas(&r, rec, A, A + G, &out), RTT_ERR(3));
	ASSERT_EQ(rec->ripas_addr, A);
	rec->ripas_flags = RSI_CHANGE_DESTROYED;
	ASSERT_EQ(set_ripas(&r, rec, A, A + G, &out), RMI_SUCCESS);
	ASSERT_EQ(out, A + G);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	/* DESTROYED -> EMPTY needs no permission. */
	rec->pending = REC_PENDING_RIPAS;
	rec->ripas_addr = A + G;
	rec->ripas_top = A + 2 * G;
	rec->ripas_value = RIPAS_EMPTY;
	rec->ripas_flags = RSI_NO_CHANGE_DESTROYED;
	ASSERT_EQ(set_ripas(&r, rec, A + G, A + 2 * G, &out), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A + G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	fake_rec_free(rec);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_set_ripas_fail_args(void)
{
	struct rmm_rec *rec;
	struct ut_realm r;
	uint64_t ns = ut_alloc_granule();

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	rec = fake_rec(&r, A, A + 4 * G, RIPAS_RAM, 0);
	ASSERT_EQ(set_ripas(&r, rec, A, A, NULL), RMI_ERROR_INPUT);
	ASSERT_EQ(set_ripas(&r, rec, A, A + G + 8, NULL), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_SET_RIPAS, r.rtt_base, rec->pa, A,
			 A + G), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_SET_RIPAS, r.rd, ns, A, A + G),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_SET_RIPAS, r.rd, r.rd, A, A + G),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rec->ripas_addr, A);
	fake_rec_free(rec);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(ns);
}

static void test_set_ripas_fail_rec_state(void)
{
	struct rmm_rec *rec;
	struct ut_realm r, other;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(mk(&other), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	rec = fake_rec(&r, A, A + 4 * G, RIPAS_RAM, 0);
	rec->running = true;
	ASSERT_EQ(set_ripas(&r, rec, A, A + G, NULL), RMI_ERROR_REC);
	rec->running = false;
	/* A REC of another realm */
	ASSERT_EQ(set_ripas(&other, rec, A, A + G, NULL), RMI_ERROR_REC);
	/* Nothing pending */
	rec->pending = REC_PENDING_NONE;
	ASSERT_EQ(set_ripas(&r, rec, A, A + G, NULL), RMI_ERROR_INPUT);
	rec->pending = REC_PENDING_RIPAS;
	/* Not the next chunk, or beyond the request */
	ASSERT_EQ(set_ripas(&r, rec, A + G, A + 2 * G, NULL), RMI_ERROR_INPUT);
	ASSERT_EQ(set_ripas(&r, rec, A, A + 5 * G, NULL), RMI_ERROR_INPUT);
	ASSERT_EQ(set_ripas(&r, rec, A, A + 4 * G, NULL), RMI_SUCCESS);
	fake_rec_free(rec);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&other), RMI_SUCCESS);
}

static void test_set_ripas_fail_rtt(void)
{
	struct rmm_rec *rec;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 2), RMI_SUCCESS);
	rec = fake_rec(&r, A + G, A + 4 * G, RIPAS_RAM, 0);
	ASSERT_EQ(set_ripas(&r, rec, A + G, A + 4 * G, NULL), RTT_ERR(2));
	fake_rec_free(rec);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RTT_DATA_MAP_INIT                                                      */

static void test_data_map_init(void)
{
	uint64_t data = ut_alloc_delegated(1), src = ut_alloc_granule();
	struct ut_realm r;
	struct ut_rtte e;
	unsigned int i;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	for (i = 0; i < G; i++)
		((uint8_t *)ut_va(src))[i] = (uint8_t)(i * 7);
	ASSERT_EQ(dmi(&r, data, A + 5 * G, src, RMI_MEASURE_CONTENT),
		  RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(data), GRANULE_DATA);
	ASSERT_MEM_EQ(granule_va(data), ut_va(src), G);
	ASSERT_EQ(rd_entry(&r, A + 5 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.addr, data);
	/*
	 * RIPAS was EMPTY: populate makes it RAM, as the upstream host
	 * populates before RTT_INIT_RIPAS.
	 */
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(realm_from_rd(r.rd)->nr_data, 1);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(src);
}

static void rim_after_populate(const char *content, uint64_t ipa,
			       bool measure, uint8_t rim[64])
{
	struct ut_realm r;

	memset(rim, 0, 64);
	if (mk(&r) || ut_populate(&r, ipa, content, strlen(content), measure))
		return;
	rmm_realm_rim(r.rd, rim);
	ut_realm_teardown(&r);
}

static void test_data_map_init_measurement(void)
{
	uint8_t a[64], b[64], c[64], d[64], e[64], f[64], zero[64] = { 0 };

	rim_after_populate("hello", A, true, a);
	rim_after_populate("hello", A, true, b);
	rim_after_populate("hellp", A, true, c);
	rim_after_populate("hello", A + G, true, d);
	rim_after_populate("hello", A, false, e);
	rim_after_populate("other", A, false, f);
	ASSERT_TRUE(memcmp(a, zero, 64) != 0);
	ASSERT_MEM_EQ(a, b, 64);		/* deterministic */
	ASSERT_TRUE(memcmp(a, c, 64) != 0);	/* content measured */
	ASSERT_TRUE(memcmp(a, d, 64) != 0);	/* IPA measured */
	ASSERT_TRUE(memcmp(a, e, 64) != 0);	/* flags measured */
	ASSERT_MEM_EQ(e, f, 64);		/* unmeasured content */
}

static void test_data_map_init_fail_flags_src(void)
{
	uint64_t data = ut_alloc_delegated(1), src = ut_alloc_granule();
	uint64_t dsrc = ut_alloc_delegated(1);
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(dmi(&r, data, A, src, 2), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, data, A, dsrc, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, data, A, r.rtt_base, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, data, A, src + 8, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, data, A, rmm_dram_base() + rmm_dram_size(), 0),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(data), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(data, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(dsrc, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(src);
}

static void test_data_map_init_fail_realm(void)
{
	uint64_t data = ut_alloc_delegated(1), src = ut_alloc_granule();
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP_INIT, r.rtt_base, data, A,
			 src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(dmi(&r, data, A, src, 0), RMI_ERROR_REALM);
	ASSERT_EQ(ut_undelegate_free(data, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(src);
}

static void test_data_map_init_fail_ipa(void)
{
	uint64_t data = ut_alloc_delegated(1), src = ut_alloc_granule();
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(dmi(&r, data, A + 8, src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, data, NSB, src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, data, 1UL << 40, src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, data, ~0xfffUL, src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(data, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(src);
}

static void test_data_map_init_fail_rtt(void)
{
	uint64_t data = ut_alloc_delegated(1), src = ut_alloc_granule();
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(dmi(&r, data, A, src, 0), RTT_ERR(1));
	ASSERT_EQ(ut_rtt_create_to(&r, A, 2), RMI_SUCCESS);
	ASSERT_EQ(dmi(&r, data, A, src, 0), RTT_ERR(2));
	ASSERT_EQ(ut_populate(&r, A, "x", 1, true), RMI_SUCCESS);
	ASSERT_EQ(dmi(&r, data, A, src, 0), RTT_ERR(3));
	ASSERT_EQ(rmm_granule_state(data), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(data, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(src);
}

static void test_data_map_init_fail_data(void)
{
	uint64_t ns = ut_alloc_granule(), src = ut_alloc_granule();
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(dmi(&r, ns, A, src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, r.rd, A, src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, rtt_pa(&r, A, 3), A, src, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(dmi(&r, rmm_dram_base() + rmm_dram_size(), A, src, 0),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(src);
	ut_free_granule(ns);
}

/* ---------------------------------------------------------------------- */
/* RTT_DATA_MAP                                                           */

static void test_data_map_zeroes(void)
{
	uint64_t pa = ut_alloc_delegated(3), out;
	uint8_t zero[G];
	struct ut_realm r;
	struct ut_rtte e;

	memset(zero, 0, sizeof(zero));
	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A + G, A + 2 * G), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	/* A previous owner's data */
	memset(granule_va(pa), 0xee, 3 * G);
	ASSERT_EQ(data_map(&r, A, A + 3 * G, SINGLE, desc(pa, 3), &out),
		  RMI_SUCCESS);
	ASSERT_EQ(out, A + 3 * G);
	ASSERT_MEM_EQ(granule_va(pa), zero, G);
	ASSERT_MEM_EQ(granule_va(pa + 2 * G), zero, G);
	ASSERT_EQ(rmm_granule_state(pa + G), GRANULE_DATA);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.addr, pa);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);	/* RIPAS unchanged */
	ASSERT_EQ(rd_entry(&r, A + G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.addr, pa + G);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	/* Mapping the same PA again is accepted. */
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa, 1), &out),
		  RMI_SUCCESS);
	ASSERT_EQ(out, A + G);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_map_list(void)
{
	uint64_t p1 = ut_alloc_delegated(2), p2 = ut_alloc_delegated(1);
	uint64_t list = ut_alloc_granule(), out, *l = ut_va(list);
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	l[1] = desc(p1, 2);
	l[2] = desc(p2, 1);
	/* The list may start anywhere 8-byte aligned in its granule. */
	ASSERT_EQ(data_map(&r, A, A + 3 * G, LIST(2), list + 8, &out),
		  RMI_SUCCESS);
	ASSERT_EQ(out, A + 3 * G);
	ASSERT_EQ(rd_entry(&r, A + 2 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.addr, p2);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(list);
}

static void test_data_map_partial(void)
{
	uint64_t pa = ut_alloc_delegated(4), out;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A + SZ2M, 3), RMI_SUCCESS);
	/* Stops at the end of the level 3 table. */
	ASSERT_EQ(data_map(&r, A + SZ2M - G, A + SZ2M + G, SINGLE,
			   desc(pa, 2), &out), RMI_SUCCESS);
	ASSERT_EQ(out, A + SZ2M);
	ASSERT_EQ(data_map(&r, out, A + SZ2M + G, SINGLE, desc(pa + G, 1),
			   &out), RMI_SUCCESS);
	ASSERT_EQ(out, A + SZ2M + G);
	/* Stops when the ranges run out... */
	ASSERT_EQ(data_map(&r, A, A + 4 * G, SINGLE, desc(pa + 2 * G, 1),
			   &out), RMI_SUCCESS);
	ASSERT_EQ(out, A + G);
	ASSERT_EQ(ut_undelegate_free(pa + 3 * G, 1), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(pa + 2 * G), GRANULE_DATA);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_map_partial_bad_granule(void)
{
	uint64_t pa = ut_alloc_delegated(2), out;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate(pa + G, 1), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + 2 * G, SINGLE, desc(pa, 2), &out),
		  RMI_SUCCESS);
	ASSERT_EQ(out, A + G);
	ASSERT_EQ(data_map(&r, A + G, A + 2 * G, SINGLE, desc(pa + G, 1),
			   &out), RMI_ERROR_INPUT);
	ut_free_granule(pa + G);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_map_fail_realm(void)
{
	uint64_t pa = ut_alloc_delegated(1);
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP, r.rtt_base, A, A + G,
			 SINGLE, desc(pa, 1)), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa, 1), NULL),
		  RMI_ERROR_REALM);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_map_fail_oaddr(void)
{
	uint64_t pa = ut_alloc_delegated(1), list = ut_alloc_granule();
	uint64_t dlist = ut_alloc_delegated(1);
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	((uint64_t *)ut_va(list))[0] = desc(pa, 1);
	ASSERT_EQ(data_map(&r, A, A, SINGLE, desc(pa, 1), NULL),
		  RMI_ERROR_INPUT);			/* top <= base */
	ASSERT_EQ(data_map(&r, A, A + G, RMI_ADDR_TYPE_NONE, desc(pa, 1),
			   NULL), RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G, 3, desc(pa, 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G, LIST(0), list, NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G, LIST(1), list + 4, NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G, LIST(1), dlist, NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, ut_range_desc(pa, 1, 1),
			   NULL), RMI_ERROR_INPUT);	/* UNDELEGATED */
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa, 1) | 1, NULL),
		  RMI_ERROR_INPUT);			/* 2 MiB blocks */
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa, 0), NULL),
		  RMI_ERROR_INPUT);			/* empty range */
	ASSERT_EQ(rmm_granule_state(pa), GRANULE_DELEGATED);
	/* A well-formed list maps. */
	ASSERT_EQ(data_map(&r, A, A + G, LIST(1), list, NULL), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(dlist, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(list);
}

static void test_data_map_fail_range(void)
{
	uint64_t pa = ut_alloc_delegated(1);
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A + 8, A + G, SINGLE, desc(pa, 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G + 8, SINGLE, desc(pa, 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, NSB, NSB + G, SINGLE, desc(pa, 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, NSB - G, NSB + G, SINGLE, desc(pa, 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_map_fail_rtt(void)
{
	uint64_t pa = ut_alloc_delegated(2);
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa, 1), NULL),
		  RTT_ERR(1));
	ASSERT_EQ(ut_rtt_create_to(&r, A, 2), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa, 1), NULL),
		  RTT_ERR(2));
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa, 1), NULL),
		  RMI_SUCCESS);
	/* Already mapped to another PA */
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(pa + G, 1), NULL),
		  RTT_ERR(3));
	ASSERT_EQ(rmm_granule_state(pa + G), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(pa + G, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_map_fail_granule(void)
{
	uint64_t ns = ut_alloc_granule();
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(ns, 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(r.rd, 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE,
			   desc(rmm_dram_base() + rmm_dram_size(), 1), NULL),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(ns);
}

/* ---------------------------------------------------------------------- */
/* RTT_DATA_UNMAP                                                         */

static void test_data_unmap_single(void)
{
	uint64_t pa = ut_alloc_delegated(3);
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A, A + G), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + 3 * G, SINGLE, desc(pa, 3), NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + 3 * G, SINGLE, 0,
			&o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 3 * G);
	/* State DELEGATED, 4 KiB blocks */
	ASSERT_EQ(o.a[2], desc(pa, 3));
	ASSERT_EQ(RMI_ADDR_RANGE_STATE(o.a[2]), 0);
	ASSERT_EQ(rmm_granule_state(pa), GRANULE_DELEGATED);
	ASSERT_EQ(rmm_granule_state(pa + 2 * G), GRANULE_DELEGATED);
	ASSERT_EQ(realm_from_rd(r.rd)->nr_data, 0);
	ASSERT_EQ(rd_entry(&r, A, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_DESTROYED);	/* was RAM */
	ASSERT_EQ(rd_entry(&r, A + G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);	/* was EMPTY */
	ASSERT_EQ(ut_undelegate_free(pa, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_unmap_single_discontiguous(void)
{
	uint64_t p1 = ut_alloc_delegated(1), p2 = ut_alloc_delegated(1);
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A + G, A + 2 * G, SINGLE, desc(p2, 1), NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A + 2 * G, A + 3 * G, SINGLE, desc(p1, 1),
			   NULL), RMI_SUCCESS);
	/* Unassigned entries are passed over; SINGLE stops at a gap in PA. */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + 4 * G, SINGLE, 0,
			&o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 2 * G);
	ASSERT_EQ(o.a[2], desc(p2, 1));
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, o.a[1], A + 4 * G, SINGLE,
			0, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 4 * G);
	ASSERT_EQ(o.a[2], desc(p1, 1));
	/* Nothing left: progress but no range. */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + 4 * G, SINGLE, 0,
			&o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 4 * G);
	ASSERT_EQ(o.a[2], 0);
	ASSERT_EQ(ut_undelegate_free(p1, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(p2, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_unmap_list_and_none(void)
{
	uint64_t p = ut_alloc_delegated(4), list = ut_alloc_granule();
	uint64_t *l = ut_va(list);
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 3), RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A, A + 2 * G, SINGLE, desc(p + 2 * G, 2), NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A + 2 * G, A + 3 * G, SINGLE, desc(p, 1), NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(data_map(&r, A + 5 * G, A + 6 * G, SINGLE, desc(p + G, 1),
			   NULL), RMI_SUCCESS);
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + 4 * G, LIST(8),
			list, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 4 * G);
	ASSERT_EQ(o.a[3], 2);
	ASSERT_EQ(l[0], desc(p + 2 * G, 2));
	ASSERT_EQ(l[1], desc(p, 1));
	/* LIST stops when it runs out of ranges. */
	ASSERT_EQ(data_map(&r, A, A + G, SINGLE, desc(p + 2 * G, 1), NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + SZ2M, LIST(1),
			list, &o), RMI_SUCCESS);
	/* Unassigned entries before the blocking one are passed over. */
	ASSERT_EQ(o.a[1], A + 5 * G);
	ASSERT_EQ(o.a[3], 1);
	ASSERT_EQ(l[0], desc(p + 2 * G, 1));
	/* NONE unmaps without reporting. */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + SZ2M,
			RMI_ADDR_TYPE_NONE, 0, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + SZ2M);
	ASSERT_EQ(o.a[2], 0);
	ASSERT_EQ(o.a[3], 0);
	ASSERT_EQ(rmm_granule_state(p + G), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(p, 4), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(list);
}

static void test_data_unmap_sweeps(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, A + 3 * SZ2M, 1), RMI_SUCCESS);
	/*
	 * Level 2 entries without tables are passed over 2 MiB at a time,
	 * up to the next table.
	 */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + SZ1G,
			RMI_ADDR_TYPE_NONE, 0, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 3 * SZ2M);
	/* Within a level 3 table the sweep ends at the end of the table. */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A + 3 * SZ2M, A + SZ1G,
			SINGLE, 0, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], A + 4 * SZ2M);
	ASSERT_NE(o.a[2], 0);
	ASSERT_EQ(ut_undelegate_free(RMI_ADDR_RANGE_ADDR(o.a[2]), 1),
		  RMI_SUCCESS);
	/* Level 1 entries too. */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, 2 * SZ1G, 5 * SZ1G,
			RMI_ADDR_TYPE_NONE, 0, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 5 * SZ1G);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_data_unmap_fail_args(void)
{
	uint64_t list = ut_alloc_granule(), dl = ut_alloc_delegated(1);
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, A, 1), RMI_SUCCESS);
#define DU(b, t, f, a) unmap(SMC_RMI_RTT_DATA_UNMAP, &r, b, t, f, a, &o)
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_UNMAP, r.rtt_base, A, A + G,
			 SINGLE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A + 8, A + G, SINGLE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A, A + G + 8, SINGLE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A + G, A + G, SINGLE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(NSB, NSB + G, SINGLE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(NSB - G, NSB + G, SINGLE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A, A + G, RMI_ADDR_TYPE_NONE, list), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A, A + G, SINGLE | (1 << 2), 0), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A, A + G, LIST(0), list), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A, A + G, LIST(1), list + 4), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A, A + G, LIST(1), dl), RMI_ERROR_INPUT);
	ASSERT_EQ(DU(A, A + G, 3, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(o.a[1], 0);
#undef DU
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DATA), 1);
	ASSERT_EQ(ut_undelegate_free(dl, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(list);
}

static void test_data_unmap_fail_rtt(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, A, 2), RMI_SUCCESS);
	/* base inside a 2 MiB entry */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A + G, A + 2 * G, SINGLE,
			0, &o), RTT_ERR(2));
	/* the first entry is bigger than the range */
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, A, A + G, SINGLE, 0, &o),
		  RTT_ERR(2));
	ASSERT_EQ(unmap(SMC_RMI_RTT_DATA_UNMAP, &r, 2 * SZ1G, 2 * SZ1G + SZ2M,
			SINGLE, 0, &o), RTT_ERR(1));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RTT_UNPROT_MAP / RTT_UNPROT_UNMAP                                      */

static void test_unprot_map_unmap(void)
{
	uint64_t ns = ut_alloc_granules(3), out;
	struct rmm_smc_regs o;
	struct ut_realm r;
	struct ut_rtte e;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_UNPROT_MAP, r.rd, NSB, NSB + 3 * G,
			 NS_FLAGS, ut_range_desc(ns, 3, 1)), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], NSB + 3 * G);
	ASSERT_EQ(rd_entry(&r, NSB + 2 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.desc & ~0xfffUL, ns + 2 * G);
	/* NS granules stay the host's. */
	ASSERT_EQ(rmm_granule_state(ns), GRANULE_UNDELEGATED);
	/* Same mapping again: accepted; other attributes: refused. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_UNPROT_MAP, r.rd, NSB, NSB + G,
			 NS_FLAGS, ut_range_desc(ns, 1, 1)), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_UNPROT_MAP, r.rd, NSB, NSB + G,
			 SINGLE, ut_range_desc(ns, 1, 1)), RTT_ERR(3));
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, NSB, NSB + 4 * G, SINGLE,
			0, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], NSB + 4 * G);
	ASSERT_EQ(o.a[2], ut_range_desc(ns, 3, 1));	/* UNDELEGATED */
	ASSERT_EQ(rd_entry(&r, NSB, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(data_map(&r, NSB, NSB + G, 0, 0, &out), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granules(ns, 3);
}

static void test_unprot_map_list(void)
{
	uint64_t ns = ut_alloc_granules(2), list = ut_alloc_granule();
	uint64_t *l = ut_va(list);
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	l[0] = ut_range_desc(ns + G, 1, 1);
	l[1] = ut_range_desc(ns, 1, 1);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_UNPROT_MAP, r.rd, NSB, NSB + 2 * G,
			 LIST(2), list), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], NSB + 2 * G);
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, NSB, NSB + 2 * G,
			LIST(4), list, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[3], 2);
	ASSERT_EQ(l[0], ut_range_desc(ns + G, 1, 1));
	ASSERT_EQ(l[1], ut_range_desc(ns, 1, 1));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granules(ns, 2);
	ut_free_granule(list);
}

static void test_unprot_map_fail(void)
{
	uint64_t ns = ut_alloc_granule();
	struct ut_realm r;

#define UM(b, t, f, d) UT_SMC(NULL, SMC_RMI_RTT_UNPROT_MAP, r.rd, b, t, f, d)
	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RTT_ERR(1));
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 2), RMI_SUCCESS);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RTT_ERR(2));
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 3), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_UNPROT_MAP, r.rtt_base, NSB,
			 NSB + G, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UM(NSB, NSB, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UM(A, A + G, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UM(NSB - G, NSB + G, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS | (4UL << 19),
		     ut_range_desc(ns, 1, 1)), RMI_ERROR_INPUT);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS, ut_range_desc(ns, 1, 1) | 1),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS & ~3UL, ut_range_desc(ns, 1, 1)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS,
		     ut_range_desc(rmm_dram_base() + rmm_dram_size(), 1, 1)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RMI_SUCCESS);
	ASSERT_EQ(UM(NSB, NSB + G, NS_FLAGS, ut_range_desc(ns + G, 1, 1)),
		  RTT_ERR(3));
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UM(NSB + G, NSB + 2 * G, NS_FLAGS, ut_range_desc(ns, 1, 1)),
		  RMI_ERROR_REALM);
#undef UM
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(ns);
}

static void test_unprot_unmap_fail(void)
{
	struct rmm_smc_regs o;
	struct ut_realm r;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create_to(&r, NSB, 2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_UNPROT_UNMAP, r.rtt_base, NSB,
			 NSB + G, SINGLE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, A, A + G, SINGLE, 0, &o),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, NSB - G, NSB + G,
			SINGLE, 0, &o), RMI_ERROR_INPUT);
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, NSB, NSB + G,
			RMI_ADDR_TYPE_NONE, 8, &o), RMI_ERROR_INPUT);
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, NSB + G, NSB + 2 * G,
			SINGLE, 0, &o), RTT_ERR(2));
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, NSB, NSB + G,
			SINGLE, 0, &o), RTT_ERR(2));
	ASSERT_EQ(unmap(SMC_RMI_RTT_UNPROT_UNMAP, &r, NSB, NSB + SZ2M,
			SINGLE, 0, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], NSB + SZ2M);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* The upstream host's sequences                                          */

static void test_upstream_populate_then_init_ripas(void)
{
	static uint8_t img[5 * 4096];
	struct ut_realm r;
	struct ut_rtte e;

	/*
	 * kvm_arm_rmi_populate() runs before kvm_activate_realm() calls
	 * RTT_INIT_RIPAS over the whole memslot.
	 */
	memset(img, 0x42, sizeof(img));
	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, A, img, sizeof(img), true), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A, A + 4 * SZ2M), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A + 4 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(rd_entry(&r, A + 3 * SZ2M, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 2);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	/* Fault-in of a RAM page at runtime. */
	ASSERT_EQ(ut_data_map(&r, A + 3 * SZ2M + 7 * G, 1), RMI_SUCCESS);
	ASSERT_EQ(rd_entry(&r, A + 3 * SZ2M + 7 * G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DATA), 6);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_many_pages_teardown(void)
{
	struct ut_realm r;
	size_t i;

	ASSERT_EQ(mk(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_init_ripas(&r, A, A + 8 * SZ2M), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	for (i = 0; i < 8; i++)
		ASSERT_EQ(ut_data_map(&r, A + i * SZ2M, 300), RMI_SUCCESS);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DATA), 2400);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DATA), 0);
	ASSERT_EQ(ut_nr_allocated(), 0);
}

static const struct test_case cases[] = {
	TEST_CASE(test_rtt_create_levels),
	TEST_CASE(test_rtt_create_inherits_ripas),
	TEST_CASE(test_rtt_create_unprotected),
	TEST_CASE(test_rtt_create_fail_not_rd),
	TEST_CASE(test_rtt_create_fail_rtt_state),
	TEST_CASE(test_rtt_create_fail_level),
	TEST_CASE(test_rtt_create_fail_ipa),
	TEST_CASE(test_rtt_create_fail_missing_parent),
	TEST_CASE(test_rtt_create_fail_exists),
	TEST_CASE(test_rtt_destroy),
	TEST_CASE(test_rtt_destroy_skips_to_live),
	TEST_CASE(test_rtt_destroy_unprotected),
	TEST_CASE(test_rtt_destroy_fail_args),
	TEST_CASE(test_rtt_destroy_fail_missing),
	TEST_CASE(test_rtt_destroy_fail_live),
	TEST_CASE(test_rtt_destroy_fail_live_ns),
	TEST_CASE(test_rtt_fold_ram),
	TEST_CASE(test_rtt_fold_empty_and_ns),
	TEST_CASE(test_rtt_fold_fail_args),
	TEST_CASE(test_rtt_fold_fail_missing),
	TEST_CASE(test_rtt_fold_fail_mixed),
	TEST_CASE(test_rtt_fold_fail_live),
	TEST_CASE(test_read_entry_states),
	TEST_CASE(test_read_entry_fail),
	TEST_CASE(test_init_ripas_level3),
	TEST_CASE(test_init_ripas_stops_at_table_end),
	TEST_CASE(test_init_ripas_block_level),
	TEST_CASE(test_init_ripas_assigned_empty),
	TEST_CASE(test_init_ripas_measurement),
	TEST_CASE(test_init_ripas_fail_args),
	TEST_CASE(test_init_ripas_fail_not_new),
	TEST_CASE(test_init_ripas_fail_rtt),
	TEST_CASE(test_set_ripas_ram_to_empty),
	TEST_CASE(test_set_ripas_empty_to_ram),
	TEST_CASE(test_set_ripas_destroyed),
	TEST_CASE(test_set_ripas_fail_args),
	TEST_CASE(test_set_ripas_fail_rec_state),
	TEST_CASE(test_set_ripas_fail_rtt),
	TEST_CASE(test_data_map_init),
	TEST_CASE(test_data_map_init_measurement),
	TEST_CASE(test_data_map_init_fail_flags_src),
	TEST_CASE(test_data_map_init_fail_realm),
	TEST_CASE(test_data_map_init_fail_ipa),
	TEST_CASE(test_data_map_init_fail_rtt),
	TEST_CASE(test_data_map_init_fail_data),
	TEST_CASE(test_data_map_zeroes),
	TEST_CASE(test_data_map_list),
	TEST_CASE(test_data_map_partial),
	TEST_CASE(test_data_map_partial_bad_granule),
	TEST_CASE(test_data_map_fail_realm),
	TEST_CASE(test_data_map_fail_oaddr),
	TEST_CASE(test_data_map_fail_range),
	TEST_CASE(test_data_map_fail_rtt),
	TEST_CASE(test_data_map_fail_granule),
	TEST_CASE(test_data_unmap_single),
	TEST_CASE(test_data_unmap_single_discontiguous),
	TEST_CASE(test_data_unmap_list_and_none),
	TEST_CASE(test_data_unmap_sweeps),
	TEST_CASE(test_data_unmap_fail_args),
	TEST_CASE(test_data_unmap_fail_rtt),
	TEST_CASE(test_unprot_map_unmap),
	TEST_CASE(test_unprot_map_list),
	TEST_CASE(test_unprot_map_fail),
	TEST_CASE(test_unprot_unmap_fail),
	TEST_CASE(test_upstream_populate_then_init_ripas),
	TEST_CASE(test_many_pages_teardown),
};

static const struct test_suite suite = {
	.name = "rmm_rtt",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = ut_suite_setup,
	.teardown = ut_suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
