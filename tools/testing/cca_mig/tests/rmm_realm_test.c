// SPDX-License-Identifier: GPL-2.0
/*
 * RMM model: RMI_VERSION, RMI_FEATURES, REALM_CREATE/ACTIVATE/TERMINATE/
 * DESTROY and the realm initial measurement.
 */
#include <stdlib.h>

#include "rmm_internal.h"
#include "test.h"
#include "util_realm.h"

#define G	RMM_GRANULE_SIZE

static void put64(uint64_t pa, size_t off, uint64_t v)
{
	memcpy((uint8_t *)ut_va(pa) + off, &v, sizeof(v));
}

/*
 * A realm create whose parameters are modified by the caller: rd and RTTs
 * delegated, params written, nothing issued yet.
 */
struct create_ctx {
	struct ut_realm_params p;
	uint64_t rd, rtt, rtt_alloc, params;
	unsigned int num;
};

static void ctx_init(struct create_ctx *c, unsigned int s2sz)
{
	memset(c, 0, sizeof(*c));
	c->p.s2sz = s2sz;
	ut_rtt_geometry(s2sz, &c->p.rtt_level_start, &c->p.rtt_num_start);
	c->num = c->p.rtt_num_start;
	c->rd = ut_alloc_delegated(1);
	/* Aligned to 16 granules whatever num is. */
	c->rtt_alloc = ut_alloc_granules(32);
	c->rtt = (c->rtt_alloc + 16 * G - 1) & ~(16 * G - 1);
	ut_delegate(c->rtt, c->num);
	c->params = ut_alloc_granule();
	ut_write_realm_params(c->params, &c->p, c->rtt);
}

static uint64_t ctx_create(struct create_ctx *c)
{
	return UT_SMC(NULL, SMC_RMI_REALM_CREATE, c->rd, c->params);
}

/* Undo ctx_init() after a failed create; true if nothing changed. */
static bool ctx_fini(struct create_ctx *c)
{
	bool clean = rmm_granule_state(c->rd) == GRANULE_DELEGATED;
	unsigned int i;

	for (i = 0; i < c->num; i++)
		clean &= rmm_granule_state(c->rtt + i * G) ==
			 GRANULE_DELEGATED;
	ut_undelegate(c->rd, 1);
	ut_undelegate(c->rtt, c->num);
	ut_free_granules(c->rd, 1);
	ut_free_granules(c->params, 1);
	ut_free_granules(c->rtt_alloc, 32);
	return clean;
}

static void expect_create_input(struct create_ctx *c)
{
	ASSERT_EQ(ctx_create(c), RMI_ERROR_INPUT);
	ASSERT_TRUE(ctx_fini(c));
	ASSERT_EQ(rmm_granules_in_state(GRANULE_RD), 0);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_RTT), 0);
}

/* ---------------------------------------------------------------------- */
/* Version and features                                                   */

static void test_version_match(void)
{
	struct rmm_smc_regs o;

	ASSERT_EQ(UT_SMC(&o, SMC_RMI_VERSION, RMI_ABI_VERSION(2, 0)),
		  RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_ABI_VERSION(2, 0));
	ASSERT_EQ(o.a[2], RMI_ABI_VERSION(2, 0));
}

static void test_version_mismatch(void)
{
	struct rmm_smc_regs o;

	ASSERT_EQ(UT_SMC(&o, SMC_RMI_VERSION, RMI_ABI_VERSION(1, 0)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(o.a[1], RMI_ABI_VERSION(2, 0));
	ASSERT_EQ(o.a[2], RMI_ABI_VERSION(2, 0));
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_VERSION, RMI_ABI_VERSION(2, 1)),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_VERSION, RMI_ABI_VERSION(3, 0)),
		  RMI_ERROR_INPUT);
}

static void test_features(void)
{
	struct rmm_smc_regs o;
	uint64_t f0, f1;

	ASSERT_EQ(UT_SMC(&o, SMC_RMI_FEATURES, 0), RMI_SUCCESS);
	f0 = o.a[1];
	ASSERT_EQ(f0 & 0xff, 48);
	ASSERT_EQ(f0 & RMI_FEAT0_LPA2, 0);
	ASSERT_EQ(f0 & RMI_FEAT0_SVE, 0);
	ASSERT_NE(f0 & RMI_FEAT0_PMU, 0);
	ASSERT_EQ((f0 >> RMI_FEAT0_S2OASZ_SHIFT) & 0xff, 48);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_FEATURES, 1), RMI_SUCCESS);
	f1 = o.a[1];
	ASSERT_NE(f1 & RMI_FEAT1_GRAN_SZ_4KB, 0);
	ASSERT_NE(f1 & RMI_FEAT1_HASH_SHA_256, 0);
	ASSERT_NE(f1 & RMI_FEAT1_HASH_SHA_512, 0);
	ASSERT_EQ((f1 >> RMI_FEAT1_MAX_RECS_ORDER_SHIFT) & 0xf,
		  rmm.cfg.max_recs_order);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_FEATURES, 2), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 0);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_FEATURES, 1000), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 0);
}

static void test_features_config(void)
{
	struct rmm_config cfg = { .host_protect = true, .s2sz_max = 40,
				  .max_recs_order = 3 };
	struct rmm_smc_regs o;
	struct create_ctx c;

	ASSERT_EQ(rmm_fini(), 0);
	ASSERT_TRUE(ut_setup(&cfg));
	UT_SMC(&o, SMC_RMI_FEATURES, 0);
	ASSERT_EQ(o.a[1] & 0xff, 40);
	UT_SMC(&o, SMC_RMI_FEATURES, 1);
	ASSERT_EQ((o.a[1] >> RMI_FEAT1_MAX_RECS_ORDER_SHIFT) & 0xf, 3);
	/* s2sz above the advertised S2SZ is refused. */
	ctx_init(&c, 41);
	expect_create_input(&c);
}

/* ---------------------------------------------------------------------- */
/* REALM_CREATE                                                           */

static void check_create(unsigned int s2sz, int level, unsigned int num,
			 unsigned int hash)
{
	struct ut_realm_params p = { .s2sz = s2sz, .rtt_level_start = level,
				     .rtt_num_start = num, .hash_algo = hash };
	uint64_t half = 1ULL << (s2sz - 1);
	struct ut_realm r;
	struct ut_rtte e;
	uint8_t rim[64], zero[64] = { 0 };
	unsigned int i;

	ut_realm_init(&r, &p);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(r.rd), GRANULE_RD);
	for (i = 0; i < num; i++)
		ASSERT_EQ(rmm_granule_state(r.rtt_base + i * G), GRANULE_RTT);
	ASSERT_EQ(realm_from_rd(r.rd)->state, REALM_NEW);
	ASSERT_EQ(ut_read_entry(&r, 0, level, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, level);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(ut_read_entry(&r, half - rtt_level_size(level), level, &e),
		  RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(ut_read_entry(&r, half, level, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(realm_from_rd(r.rd)->s2sz, s2sz);
	ASSERT_TRUE(rmm_realm_rim(r.rd, rim));
	ASSERT_TRUE(memcmp(rim, zero, 32) != 0);
	if (hash == RMI_HASH_SHA_256)
		ASSERT_MEM_EQ(rim + 32, zero, 32);
	else
		ASSERT_TRUE(memcmp(rim + 32, zero, 32) != 0);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 0);
}

static void test_create_s2sz_40(void)
{
	/* The upstream host's geometry: level 1, two concatenated tables. */
	check_create(40, 1, 2, RMI_HASH_SHA_256);
}

static void test_create_s2sz_48(void)
{
	check_create(48, 0, 1, RMI_HASH_SHA_256);
}

static void test_create_s2sz_32(void)
{
	check_create(32, 2, 4, RMI_HASH_SHA_256);
}

static void test_create_s2sz_36_sha512(void)
{
	check_create(36, 1, 1, RMI_HASH_SHA_512);
}

static void test_create_s2sz_40_level0(void)
{
	/* Fewer levels of concatenation are as valid. */
	check_create(40, 0, 1, RMI_HASH_SHA_256);
}

static void test_create_s2sz_42_level1_16(void)
{
	check_create(43, 1, 16, RMI_HASH_SHA_256);
}

static void test_create_every_s2sz(void)
{
	unsigned int s2sz;

	/* KVM's geometry for every IPA width the features allow. */
	for (s2sz = 32; s2sz <= 48; s2sz++) {
		struct ut_realm_params p = { .s2sz = s2sz };
		struct ut_realm r;

		ut_realm_init(&r, &p);
		ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
		ASSERT_EQ(ut_populate(&r, (1UL << (s2sz - 1)) - G, "e", 1,
				      true), RMI_SUCCESS);
		ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	}
}

static void test_create_pmu(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS0, RMI_REALM_FLAGS0_PMU);
	put64(c.params, RMI_REALM_PARAMS_PMU_NUM_CTRS, 8);
	put64(c.params, RMI_REALM_PARAMS_NUM_BPS, 6);
	put64(c.params, RMI_REALM_PARAMS_NUM_WPS, 4);
	ASSERT_EQ(ctx_create(&c), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, c.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, c.rd), RMI_SUCCESS);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_rpv_stored(void)
{
	struct ut_realm_params p = { 0 };
	struct ut_realm r;

	memset(p.rpv, 0x3c, sizeof(p.rpv));
	ut_realm_init(&r, &p);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_MEM_EQ(realm_from_rd(r.rd)->rpv, p.rpv, sizeof(p.rpv));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_create_fail_params_delegated(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	ASSERT_EQ(ut_delegate(c.params, 1), RMI_SUCCESS);
	ASSERT_EQ(ctx_create(&c), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate(c.params, 1), RMI_SUCCESS);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_fail_params_unaligned(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_CREATE, c.rd, c.params + 8),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_fail_params_outside_dram(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_CREATE, c.rd,
			 rmm_dram_base() + rmm_dram_size()), RMI_ERROR_INPUT);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_fail_flags0_lpa2(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS0, 1UL << 0);
	expect_create_input(&c);
}

static void test_create_fail_flags0_sve(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS0, RMI_REALM_FLAGS0_SVE);
	expect_create_input(&c);
}

static void test_create_fail_flags0_da(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS0, RMI_REALM_FLAGS0_DA);
	expect_create_input(&c);
}

static void test_create_fail_flags0_reserved(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS0, 1UL << 4);
	expect_create_input(&c);
}

static void test_create_fail_mec_policy(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS0, 2UL << 7);
	expect_create_input(&c);
}

static void test_create_fail_s2sz_small(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_S2SZ, 31);
	expect_create_input(&c);
}

static void test_create_fail_s2sz_large(void)
{
	struct create_ctx c;

	ctx_init(&c, 48);
	put64(c.params, RMI_REALM_PARAMS_S2SZ, 49);
	expect_create_input(&c);
}

static void test_create_fail_num_bps(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_NUM_BPS, 7);
	expect_create_input(&c);
}

static void test_create_fail_num_wps(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_NUM_WPS, 5);
	expect_create_input(&c);
}

static void test_create_fail_pmu_ctrs(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS0, RMI_REALM_FLAGS0_PMU);
	put64(c.params, RMI_REALM_PARAMS_PMU_NUM_CTRS, 9);
	expect_create_input(&c);
}

static void test_create_fail_level_inconsistent(void)
{
	struct create_ctx c;

	/* 40 bits cannot start at level 2 (at most 34 bits there). */
	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_RTT_LEVEL_START, 2);
	expect_create_input(&c);
}

static void test_create_fail_level_range(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_RTT_LEVEL_START, (uint64_t)-1);
	expect_create_input(&c);
	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_RTT_LEVEL_START, 4);
	expect_create_input(&c);
}

static void test_create_fail_level0_too_few_bits(void)
{
	struct create_ctx c;

	/* Starting at level 0 needs at least 40 bits. */
	ctx_init(&c, 39);
	put64(c.params, RMI_REALM_PARAMS_RTT_LEVEL_START, 0);
	put64(c.params, RMI_REALM_PARAMS_RTT_NUM_START, 1);
	expect_create_input(&c);
}

static void test_create_fail_num_start(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);		/* level 1 needs 2 tables */
	put64(c.params, RMI_REALM_PARAMS_RTT_NUM_START, 1);
	expect_create_input(&c);
	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_RTT_NUM_START, 4);
	expect_create_input(&c);
}

static void test_create_fail_aux_planes(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_NUM_AUX_PLANES, 1);
	expect_create_input(&c);
}

static void test_create_fail_flags1(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_FLAGS1, 1);
	expect_create_input(&c);
}

static void test_create_fail_rtt_base_unaligned(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);		/* 2 tables: 8 KiB alignment */
	ASSERT_EQ(ut_delegate(c.rtt + 2 * G, 1), RMI_SUCCESS);
	put64(c.params, RMI_REALM_PARAMS_RTT_BASE, c.rtt + G);
	ASSERT_EQ(ctx_create(&c), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate(c.rtt + 2 * G, 1), RMI_SUCCESS);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_fail_hash_algo(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_HASH_ALGO, 2);	/* SHA-384 */
	expect_create_input(&c);
}

static void test_create_fail_rtt_undelegated(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	ASSERT_EQ(ut_undelegate(c.rtt + G, 1), RMI_SUCCESS);
	ASSERT_EQ(ctx_create(&c), RMI_ERROR_INPUT);
	ASSERT_EQ(rmm_granule_state(c.rtt), GRANULE_DELEGATED);
	ASSERT_EQ(ut_delegate(c.rtt + G, 1), RMI_SUCCESS);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_fail_rtt_outside_dram(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_RTT_BASE,
	      rmm_dram_base() + rmm_dram_size());
	expect_create_input(&c);
}

static void test_create_fail_rd_undelegated(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	ASSERT_EQ(ut_undelegate(c.rd, 1), RMI_SUCCESS);
	ASSERT_EQ(ctx_create(&c), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_delegate(c.rd, 1), RMI_SUCCESS);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_fail_rd_is_rtt(void)
{
	struct create_ctx c;

	ctx_init(&c, 40);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_CREATE, c.rtt, c.params),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(ctx_fini(&c));
}

static void test_create_fail_rd_in_use(void)
{
	struct ut_realm r;
	struct create_ctx c;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ctx_init(&c, 40);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_CREATE, r.rd, c.params),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(ctx_fini(&c));
	/* Root RTTs of another realm cannot be reused either. */
	ctx_init(&c, 40);
	put64(c.params, RMI_REALM_PARAMS_RTT_BASE, r.rtt_base);
	ASSERT_EQ(ctx_create(&c), RMI_ERROR_INPUT);
	ASSERT_TRUE(ctx_fini(&c));
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_create_upstream_zero_bps(void)
{
	struct create_ctx c;

	/* The upstream host sends num_bps = num_wps = 0: accepted. */
	ctx_init(&c, 40);
	ASSERT_EQ(ctx_create(&c), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, c.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, c.rd), RMI_SUCCESS);
	ASSERT_TRUE(ctx_fini(&c));
}

/* ---------------------------------------------------------------------- */
/* Measurement                                                            */

static void test_rim_deterministic(void)
{
	struct ut_realm a, b, c;
	struct ut_realm_params p = { .s2sz = 36 };
	uint8_t ra[64], rb[64], rc[64];

	ut_realm_init(&a, NULL);
	ut_realm_init(&b, NULL);
	ut_realm_init(&c, &p);
	ASSERT_EQ(ut_realm_create(&a), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_create(&b), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_create(&c), RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(a.rd, ra));
	ASSERT_TRUE(rmm_realm_rim(b.rd, rb));
	ASSERT_TRUE(rmm_realm_rim(c.rd, rc));
	ASSERT_MEM_EQ(ra, rb, 64);
	ASSERT_TRUE(memcmp(ra, rc, 32) != 0);
	ASSERT_EQ(ut_realm_teardown(&a), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&b), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&c), RMI_SUCCESS);
}

static void test_rim_rpv_not_measured(void)
{
	struct ut_realm a, b;
	struct ut_realm_params p = { 0 };
	uint8_t ra[64], rb[64];

	memset(p.rpv, 1, sizeof(p.rpv));
	ut_realm_init(&a, NULL);
	ut_realm_init(&b, &p);
	ASSERT_EQ(ut_realm_create(&a), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_create(&b), RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(a.rd, ra));
	ASSERT_TRUE(rmm_realm_rim(b.rd, rb));
	ASSERT_MEM_EQ(ra, rb, 64);
	ASSERT_EQ(ut_realm_teardown(&a), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&b), RMI_SUCCESS);
}

static void test_rim_not_a_realm(void)
{
	uint8_t rim[64];
	uint64_t pa = ut_alloc_delegated(1);

	ASSERT_FALSE(rmm_realm_rim(pa, rim));
	ASSERT_FALSE(rmm_realm_rim(pa + 8, rim));
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* ACTIVATE / TERMINATE / DESTROY                                         */

static void test_activate(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(realm_from_rd(r.rd)->state, REALM_ACTIVE);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_activate_fail_not_rd(void)
{
	struct ut_realm r;
	uint64_t pa = ut_alloc_granule();

	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, pa), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_delegate(pa, 1), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, pa), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, r.rtt_base),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, r.rd + 8),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(realm_from_rd(r.rd)->state, REALM_NEW);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_activate_fail_not_new(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, r.rd), RMI_ERROR_REALM);
	realm_from_rd(r.rd)->state = REALM_SYSTEM_OFF;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_terminate(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(realm_from_rd(r.rd)->state, REALM_TERMINATED);
	/* Idempotent; the realm can only be taken apart from here. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, 0x10000, 1), RMI_ERROR_REALM);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_terminate_new_realm(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_terminate_fail_not_rd(void)
{
	uint64_t pa = ut_alloc_delegated(1);

	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, pa), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, pa + G),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
}

static void test_terminate_fail_rec_running(void)
{
	struct rmm_rec rec = { .running = true };
	struct rmm_realm *rd;
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	/* Stand-in for a REC inside RMI_REC_ENTER on another CPU. */
	rd = realm_from_rd(r.rd);
	rec.rd = rd;
	rd->recs = calloc(1, sizeof(*rd->recs));
	rd->recs[0] = &rec;
	rd->recs_cap = 1;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(rd->state, REALM_ACTIVE);
	rec.running = false;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	free(rd->recs);
	rd->recs = NULL;
	rd->recs_cap = 0;
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_destroy(void)
{
	struct ut_realm r;
	uint64_t rd, rtt;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	rd = r.rd;
	rtt = r.rtt_base;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, rd), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(rd), GRANULE_DELEGATED);
	ASSERT_EQ(rmm_granule_state(rtt), GRANULE_DELEGATED);
	ASSERT_EQ(rmm_granule_state(rtt + G), GRANULE_DELEGATED);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, rd), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(rtt, 2), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(rd, 1), RMI_SUCCESS);
	free(r.rtts);
}

static void test_destroy_full_realm(void)
{
	static uint8_t img[3 * 4096];
	uint64_t ns = ut_alloc_granules(2);
	struct ut_realm r;

	memset(img, 0x77, sizeof(img));
	ASSERT_EQ(ut_realm_build(&r, NULL, 0x80000000UL, 1UL << 21, img,
				 sizeof(img), true), RMI_SUCCESS);
	ASSERT_EQ(ut_data_map(&r, 0x80200000UL, 3), RMI_SUCCESS);
	ASSERT_EQ(ut_unprot_map(&r, (1UL << 39) + 0x1000, ns, 2),
		  RMI_SUCCESS);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DATA), 6);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DELEGATED), 0);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_DATA), 0);
	ASSERT_EQ(rmm_granules_in_state(GRANULE_RTT), 0);
	ASSERT_EQ(ut_nr_allocated(), 2);
	ut_free_granules(ns, 2);
}

static void test_destroy_fail_not_rd(void)
{
	uint64_t pa = ut_alloc_delegated(1);

	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, pa), RMI_ERROR_INPUT);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, 1), RMI_ERROR_INPUT);
}

static void test_destroy_fail_not_terminated(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	realm_from_rd(r.rd)->state = REALM_SYSTEM_OFF;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(rmm_granule_state(r.rd), GRANULE_RD);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_destroy_fail_recs(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	realm_from_rd(r.rd)->nr_recs = 1;	/* a REC still exists */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	realm_from_rd(r.rd)->nr_recs = 0;
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_destroy_fail_real_rec(void)
{
	uint64_t rec = ut_alloc_delegated(1), params = ut_alloc_granule();
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	put64(params, RMI_REC_PARAMS_FLAGS, RMI_REC_PARAMS_FLAG_RUNNABLE);
	put64(params, RMI_REC_PARAMS_PC, 0x80000000UL);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_CREATE, r.rd, rec, params),
		  RMI_SUCCESS);
	ut_free_granule(params);
	ut_realm_track_rec(&r, rec);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	/* The teardown destroys the REC first. */
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(rec), GRANULE_UNDELEGATED);
}

static void test_destroy_fail_live_rtt(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_rtt_create(&r, 0x40000000UL, 2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(rmm_granule_state(r.rd), GRANULE_RD);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_destroy_fail_data(void)
{
	struct ut_realm r;

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&r, 0x3000, "d", 1, true), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
}

static void test_destroy_fail_unprot_mapping(void)
{
	struct ut_realm r;
	uint64_t ns = ut_alloc_granule();

	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(ut_unprot_map(&r, 1UL << 39, ns, 1), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_ERROR_REALM);
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
	ut_free_granule(ns);
}

static void test_two_realms_independent(void)
{
	struct ut_realm a, b;
	struct ut_rtte e;

	ut_realm_init(&a, NULL);
	ut_realm_init(&b, NULL);
	ASSERT_EQ(ut_realm_create(&a), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_create(&b), RMI_SUCCESS);
	ASSERT_EQ(ut_populate(&a, 0, "a", 1, true), RMI_SUCCESS);
	ASSERT_EQ(ut_read_entry(&b, 0, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 1);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	/* An RTT of one realm is not usable by the other. */
	ASSERT_EQ(ut_realm_activate(&a), RMI_SUCCESS);
	ASSERT_EQ(realm_from_rd(b.rd)->state, REALM_NEW);
	ASSERT_EQ(ut_realm_teardown(&a), RMI_SUCCESS);
	ASSERT_EQ(ut_realm_teardown(&b), RMI_SUCCESS);
}

static const struct test_case cases[] = {
	TEST_CASE(test_version_match),
	TEST_CASE(test_version_mismatch),
	TEST_CASE(test_features),
	TEST_CASE(test_features_config),
	TEST_CASE(test_create_s2sz_40),
	TEST_CASE(test_create_s2sz_48),
	TEST_CASE(test_create_s2sz_32),
	TEST_CASE(test_create_s2sz_36_sha512),
	TEST_CASE(test_create_s2sz_40_level0),
	TEST_CASE(test_create_s2sz_42_level1_16),
	TEST_CASE(test_create_every_s2sz),
	TEST_CASE(test_create_pmu),
	TEST_CASE(test_create_rpv_stored),
	TEST_CASE(test_create_upstream_zero_bps),
	TEST_CASE(test_create_fail_params_delegated),
	TEST_CASE(test_create_fail_params_unaligned),
	TEST_CASE(test_create_fail_params_outside_dram),
	TEST_CASE(test_create_fail_flags0_lpa2),
	TEST_CASE(test_create_fail_flags0_sve),
	TEST_CASE(test_create_fail_flags0_da),
	TEST_CASE(test_create_fail_flags0_reserved),
	TEST_CASE(test_create_fail_mec_policy),
	TEST_CASE(test_create_fail_s2sz_small),
	TEST_CASE(test_create_fail_s2sz_large),
	TEST_CASE(test_create_fail_num_bps),
	TEST_CASE(test_create_fail_num_wps),
	TEST_CASE(test_create_fail_pmu_ctrs),
	TEST_CASE(test_create_fail_level_inconsistent),
	TEST_CASE(test_create_fail_level_range),
	TEST_CASE(test_create_fail_level0_too_few_bits),
	TEST_CASE(test_create_fail_num_start),
	TEST_CASE(test_create_fail_aux_planes),
	TEST_CASE(test_create_fail_flags1),
	TEST_CASE(test_create_fail_rtt_base_unaligned),
	TEST_CASE(test_create_fail_hash_algo),
	TEST_CASE(test_create_fail_rtt_undelegated),
	TEST_CASE(test_create_fail_rtt_outside_dram),
	TEST_CASE(test_create_fail_rd_undelegated),
	TEST_CASE(test_create_fail_rd_is_rtt),
	TEST_CASE(test_create_fail_rd_in_use),
	TEST_CASE(test_rim_deterministic),
	TEST_CASE(test_rim_rpv_not_measured),
	TEST_CASE(test_rim_not_a_realm),
	TEST_CASE(test_activate),
	TEST_CASE(test_activate_fail_not_rd),
	TEST_CASE(test_activate_fail_not_new),
	TEST_CASE(test_terminate),
	TEST_CASE(test_terminate_new_realm),
	TEST_CASE(test_terminate_fail_not_rd),
	TEST_CASE(test_terminate_fail_rec_running),
	TEST_CASE(test_destroy),
	TEST_CASE(test_destroy_full_realm),
	TEST_CASE(test_destroy_fail_not_rd),
	TEST_CASE(test_destroy_fail_not_terminated),
	TEST_CASE(test_destroy_fail_recs),
	TEST_CASE(test_destroy_fail_real_rec),
	TEST_CASE(test_destroy_fail_live_rtt),
	TEST_CASE(test_destroy_fail_data),
	TEST_CASE(test_destroy_fail_unprot_mapping),
	TEST_CASE(test_two_realms_independent),
};

static const struct test_suite suite = {
	.name = "rmm_realm",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = ut_suite_setup,
	.teardown = ut_suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
