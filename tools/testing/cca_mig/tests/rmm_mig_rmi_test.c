// SPDX-License-Identifier: GPL-2.0
/*
 * RMI-MIG restrictions on existing DEN0137 commands (section 3.6 of
 * Documentation/virt/kvm/arm/rmi-mig.rst): one case per row, each checking
 * that the command fails with RMI_ERROR_REALM in exactly the mig states of
 * its row, with inputs that are otherwise valid (the same call succeeds in
 * a state the row does not list), and that nothing changed.
 */
#include "test.h"
#include "util_mig.h"
#include "util_run.h"

#define SID		0x3e6ULL
#define RAM		(4 * RMM_GRANULE_SIZE)
#define G		RMM_GRANULE_SIZE
#define L2		0x200000ULL

static struct ut_realm r;
static struct um_mig m;
static struct um_stream st;

static bool setup(void)
{
	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	return ut_suite_setup();
}

static bool teardown(void)
{
	bool ok = true;

	if (r.created)
		ok = um_teardown(&r) == RMI_SUCCESS;
	um_stream_free(&st);
	return ut_suite_teardown() && ok;
}

static void src_realm(unsigned int nr_recs)
{
	ASSERT_EQ(um_src_realm(&r, NULL, RAM, nr_recs), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
}

/* Source states, in order; each step from the previous one. */
enum step { S_OPEN, S_PRECOPY, S_PAUSED, S_ENDED };

static uint64_t src_step(enum step s)
{
	uint64_t ret = RMI_SUCCESS;
	unsigned int i;

	switch (s) {
	case S_OPEN:
		um_fake_dst_nonce(&m);
		ret = um_open_src(&m, r.rd);
		if (ret == RMI_SUCCESS)
			ret = um_track_start(&r, 0, um_prot_top(&r));
		break;
	case S_PRECOPY:
		ret = um_export_realm(r.rd, &st);
		break;
	case S_PAUSED:
		ret = um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st);
		if (ret == RMI_SUCCESS)
			ret = um_pause(r.rd);
		break;
	case S_ENDED:
		for (i = 0; ret == RMI_SUCCESS && i < r.nr_recs; i++)
			ret = um_export_rec(r.rd, r.recs[i], &st);
		if (ret == RMI_SUCCESS)
			ret = um_end(r.rd, &st);
		break;
	}
	return ret;
}

/* Bring a fresh session to @s. */
static uint64_t src_to(enum step s)
{
	uint64_t ret = RMI_SUCCESS;
	unsigned int i;

	for (i = 0; ret == RMI_SUCCESS && i <= s; i++)
		ret = src_step(i);
	return ret;
}

/* ---------------------------------------------------------------------- */

static void rmi_rec_enter(void)
{
	uint64_t run = ut_alloc_granule();
	uint8_t *p = ut_va(run), copy[G];
	struct rmm_rec *rec;
	struct rec_ctx ctx;
	enum step s;

	src_realm(1);
	rec = rec_from_pa(r.recs[0]);
	for (s = S_OPEN; s <= S_ENDED; s++) {
		ASSERT_EQ(src_step(s), RMI_SUCCESS);
		memset(p, 0, G);
		if (s <= S_PRECOPY) {
			/* The Realm runs normally: one slice. */
			ASSERT_EQ(ur_rec_enter(r.recs[0], run), RMI_SUCCESS);
			continue;
		}
		memset(p + RMI_REC_EXIT_BASE, 0x5a, G - RMI_REC_EXIT_BASE);
		memcpy(copy, p, G);
		ctx = rec->ctx;
		ASSERT_EQ(ur_rec_enter(r.recs[0], run),
			  RMI_RETURN(RMI_ERROR_REALM, 0));
		/* rec_run untouched, REC unchanged. */
		ASSERT_MEM_EQ(p, copy, G);
		ASSERT_MEM_EQ(&rec->ctx, &ctx, sizeof(ctx));
	}
	ut_free_granule(run);
}

/* Make REC 0 wait for RMI_RTT_SET_RIPAS of [@base, @top) to EMPTY. */
static void ripas_pending(uint64_t base, uint64_t top)
{
	struct rmm_rec *rec = rec_from_pa(r.recs[0]);

	rec->pending = REC_PENDING_RIPAS;
	rec->ripas_addr = base;
	rec->ripas_top = top;
	rec->ripas_value = RIPAS_EMPTY;
	rec->ripas_flags = 0;
}

static void rmi_set_ripas(void)
{
	uint64_t ipa = UM_RAM_BASE + G;
	struct rmm_smc_regs o;
	struct ut_rtte e;
	enum step s;

	src_realm(1);
	for (s = S_OPEN; s <= S_ENDED; s++) {
		ASSERT_EQ(src_step(s), RMI_SUCCESS);
		ripas_pending(ipa, ipa + G);
		UT_SMC(&o, SMC_RMI_RTT_SET_RIPAS, r.rd, r.recs[0], ipa,
		       ipa + G);
		if (s >= S_PAUSED) {
			ASSERT_EQ(o.a[0], RMI_ERROR_REALM);
			ASSERT_EQ(ut_read_entry(&r, ipa, 3, &e), RMI_SUCCESS);
			ASSERT_EQ(e.ripas, RIPAS_RAM);
			ASSERT_EQ(rec_from_pa(r.recs[0])->ripas_addr, ipa);
		} else {
			/* Allowed: flip it back for the next state. */
			ASSERT_EQ(o.a[0], RMI_SUCCESS);
			ASSERT_EQ(o.a[1], ipa + G);
			rec_from_pa(r.recs[0])->ripas_value = RIPAS_RAM;
			rec_from_pa(r.recs[0])->ripas_addr = ipa;
			ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_SET_RIPAS, r.rd,
					 r.recs[0], ipa, ipa + G),
				  RMI_SUCCESS);
		}
	}
	rec_from_pa(r.recs[0])->pending = REC_PENDING_NONE;
}

static void rmi_psci_complete(void)
{
	struct rmm_rec *caller;
	struct rmm_smc_regs o;
	enum step s;

	src_realm(2);
	caller = rec_from_pa(r.recs[0]);
	for (s = S_OPEN; s <= S_ENDED; s++) {
		ASSERT_EQ(src_step(s), RMI_SUCCESS);
		/* REC 0 did PSCI_CPU_ON of REC 1 (already on: ALREADY_ON). */
		caller->pending = REC_PENDING_PSCI;
		caller->psci_fid = PSCI_CPU_ON;
		caller->psci_target = 1;
		UT_SMC(&o, SMC_RMI_PSCI_COMPLETE, r.recs[0], PSCI_RET_SUCCESS);
		if (s >= S_PAUSED) {
			ASSERT_EQ(o.a[0], RMI_ERROR_REALM);
			ASSERT_EQ(caller->pending, REC_PENDING_PSCI);
		} else {
			ASSERT_EQ(o.a[0], RMI_SUCCESS);
			ASSERT_EQ(caller->pending, REC_PENDING_NONE);
		}
	}
	caller->pending = REC_PENDING_NONE;
}

static void rmi_rec_destroy(void)
{
	enum step s;

	src_realm(1);
	for (s = S_OPEN; s <= S_ENDED; s++) {
		ASSERT_EQ(src_step(s), RMI_SUCCESS);
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, r.recs[0]),
			  RMI_ERROR_REALM);
		ASSERT_EQ(rmm_granule_state(r.recs[0]), GRANULE_REC);
	}
	/* Terminated: still refused while the session exists. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, r.recs[0]),
		  RMI_ERROR_REALM);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, r.rd), RMI_SUCCESS);
	/* NONE: DEN0137 behaviour (teardown destroys it). */
}

/* Tear @r down as far as REALM_DESTROY, which must fail with REALM. */
static void destroy_refused(void)
{
	ASSERT_EQ(ut_realm_teardown(&r), RMI_ERROR_REALM);
	ASSERT_TRUE(r.created);
	ASSERT_EQ(rmm_granule_state(r.rd), GRANULE_RD);
}

/* REALM_DESTROY now succeeds; release the RD and its tables. */
static void destroy_finish(void)
{
	unsigned int num = r.p.rtt_num_start ? r.p.rtt_num_start : 1;

	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r.rd), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(r.rtt_base, num), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(r.rd, 1), RMI_SUCCESS);
	r.created = false;
	r.rd = 0;
}

static void realm_destroy_src(void)
{
	enum step s;

	/* No REC, so that only the mig state stands in the way. */
	for (s = S_OPEN; s <= S_ENDED; s++) {
		memset(&r, 0, sizeof(r));
		src_realm(0);
		ASSERT_EQ(src_to(s), RMI_SUCCESS);
		destroy_refused();
		if (s == S_ENDED) {
			ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE,
					 r.rd), RMI_SUCCESS);
		} else {
			ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
		}
		destroy_finish();
		um_stream_free(&st);
	}
}

/* ---------------------------------------------------------------------- */
/* Destination rows                                                        */

/* Destination states, in order; each step from the previous one. */
enum dstep { D_NEW, D_OPEN, D_IMPORTING, D_FAILED, D_ABORTED, D_DEAD };

static struct ut_realm d;
static uint64_t dst_buf;
static bool dst_no_rtt;		/* no level 3 RTT in the import RD */

/*
 * Bring an import RD, created like r's parameters, to @s. The source r
 * provides the Realm record (its own session with d's nonce).
 */
static uint64_t dst_to(enum dstep s)
{
	struct ut_realm_params p;
	struct mig_realm_blob b;
	uint64_t ret;

	memset(&p, 0, sizeof(p));
	p.flags0 = RMI_REALM_FLAGS0_MIG_IMPORT;
	ut_realm_init(&d, &p);
	ret = ut_realm_create(&d);
	if (ret == RMI_SUCCESS && !dst_no_rtt)
		ret = ut_rtt_create_to(&d, UM_RAM_BASE, 3);
	if (ret != RMI_SUCCESS || s == D_NEW)
		return ret;
	ret = um_open_dst(&m, d.rd);
	if (ret != RMI_SUCCESS || s == D_OPEN)
		return ret;
	ret = um_open_src(&m, r.rd);
	if (ret == RMI_SUCCESS)
		ret = um_export_realm(r.rd, &st);
	if (ret != RMI_SUCCESS)
		return ret;
	memcpy(&b, st.b[st.n - 1].data, sizeof(b));
	if (s == D_FAILED)
		b.h.tag[0] ^= 1;		/* AUTH: poisons */
	memset(ut_va(dst_buf), 0, G);
	memcpy(ut_va(dst_buf), &b, sizeof(b));
	ret = UT_SMC(NULL, SMC_RMI_MIG_IMPORT_REALM, d.rd, dst_buf);
	if (s == D_FAILED)
		return ret == RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_AUTH) ?
		       RMI_SUCCESS : RMI_ERROR_GLOBAL;
	if (ret != RMI_SUCCESS || s == D_IMPORTING)
		return ret;
	ret = UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.rd, dst_buf);
	if (ret != RMI_SUCCESS || s == D_ABORTED)
		return ret;
	return UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, d.rd);
}

static const uint64_t dst_state_of[] = {
	[D_NEW] = RMI_MIG_DST_NEW, [D_OPEN] = RMI_MIG_DST_OPEN,
	[D_IMPORTING] = RMI_MIG_DST_IMPORTING,
	[D_FAILED] = RMI_MIG_DST_FAILED, [D_ABORTED] = RMI_MIG_DST_ABORTED,
	[D_DEAD] = RMI_MIG_DST_DEAD,
};

/* Abort what is open on both sides and tear both realms down. */
static void dst_cleanup(void)
{
	uint64_t st_d = um_mig_state(d.rd);

	if (st_d == RMI_MIG_DST_OPEN || st_d == RMI_MIG_DST_IMPORTING ||
	    st_d == RMI_MIG_DST_FAILED)
		UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.rd, dst_buf);
	if (um_mig_state(d.rd) == RMI_MIG_DST_ABORTED)
		UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, d.rd);
	if (um_mig_state(r.rd) != RMI_MIG_NONE)
		um_abort_src(r.rd);
}

/*
 * Run @check on an import RD in each destination state; @refused is the
 * set of states (bit per enum dstep) in which the row refuses it.
 */
static void dst_rows(void (*check)(bool refused), unsigned int refused)
{
	enum dstep s;

	for (s = D_NEW; s <= D_DEAD; s++) {
		memset(&r, 0, sizeof(r));
		memset(&d, 0, sizeof(d));
		dst_buf = ut_alloc_granule();
		src_realm(1);
		ASSERT_EQ(dst_to(s), RMI_SUCCESS);
		ASSERT_EQ(um_mig_state(d.rd), dst_state_of[s]);
		check(refused & (1U << s));
		if (test_failed)
			return;
		if (d.created)	/* unchanged, unless destroyed */
			ASSERT_EQ(um_mig_state(d.rd), dst_state_of[s]);
		dst_cleanup();
		ASSERT_EQ(ut_realm_teardown(&d), RMI_SUCCESS);
		ASSERT_EQ(um_teardown(&r), RMI_SUCCESS);
		ut_free_granule(dst_buf);
		um_stream_free(&st);
	}
}

#define ALL_DST		0x3f
#define DST_BUSY	((1U << D_OPEN) | (1U << D_IMPORTING))

static void check_activate(bool refused)
{
	ASSERT_TRUE(refused);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, d.rd), RMI_ERROR_REALM);
}

static void rmi_activate(void)
{
	dst_rows(check_activate, ALL_DST);
}

static void check_init_ripas(bool refused)
{
	struct rmm_smc_regs o;
	struct ut_rtte e;

	ASSERT_TRUE(refused);
	UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, d.rd, UM_RAM_BASE,
	       UM_RAM_BASE + G);
	ASSERT_EQ(o.a[0], RMI_ERROR_REALM);
	ASSERT_EQ(ut_read_entry(&d, UM_RAM_BASE, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
}

static void rmi_init_ripas(void)
{
	dst_rows(check_init_ripas, ALL_DST);
}

static void check_data_map_init(bool refused)
{
	uint64_t data = ut_alloc_delegated(1), src = ut_alloc_granule();

	ASSERT_TRUE(refused);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP_INIT, d.rd, data,
			 UM_RAM_BASE, src, RMI_NO_MEASURE_CONTENT),
		  RMI_ERROR_REALM);
	ASSERT_EQ(rmm_granule_state(data), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(data, 1), RMI_SUCCESS);
	ut_free_granule(src);
}

static void rmi_data_map_init(void)
{
	dst_rows(check_data_map_init, ALL_DST);
}

static void check_data_map(bool refused)
{
	uint64_t data = ut_alloc_delegated(1);

	ASSERT_TRUE(refused);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP, d.rd, UM_RAM_BASE,
			 UM_RAM_BASE + G, RMI_ADDR_TYPE_SINGLE,
			 ut_range_desc(data, 1, 0)), RMI_ERROR_REALM);
	ASSERT_EQ(rmm_granule_state(data), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(data, 1), RMI_SUCCESS);
}

static void rmi_data_map(void)
{
	dst_rows(check_data_map, ALL_DST);
}

static void check_data_unmap(bool refused)
{
	struct rmm_smc_regs o;

	/* Nothing is mapped: allowed states sweep the range. */
	UT_SMC(&o, SMC_RMI_RTT_DATA_UNMAP, d.rd, UM_RAM_BASE,
	       UM_RAM_BASE + 4 * G, RMI_ADDR_TYPE_NONE, 0);
	if (refused) {
		ASSERT_EQ(o.a[0], RMI_ERROR_REALM);
	} else {
		ASSERT_EQ(o.a[0], RMI_SUCCESS);
		ASSERT_EQ(o.a[1], UM_RAM_BASE + 4 * G);
	}
}

static void rmi_data_unmap(void)
{
	dst_rows(check_data_unmap, DST_BUSY);
}

static void check_rtt_destroy(bool refused)
{
	struct rmm_smc_regs o;
	struct ut_rtte e;

	UT_SMC(&o, SMC_RMI_RTT_DESTROY, d.rd, UM_RAM_BASE, 3);
	if (refused) {
		ASSERT_EQ(o.a[0], RMI_ERROR_REALM);
		ASSERT_EQ(ut_read_entry(&d, UM_RAM_BASE, 3, &e), RMI_SUCCESS);
		ASSERT_EQ(e.level, 3);
	} else {
		ASSERT_EQ(o.a[0], RMI_SUCCESS);
		ASSERT_EQ(ut_undelegate_free(o.a[1], 1), RMI_SUCCESS);
	}
}

static void rmi_rtt_destroy(void)
{
	dst_rows(check_rtt_destroy, DST_BUSY);
}

static void check_realm_destroy(bool refused)
{
	unsigned int num = d.p.rtt_num_start;

	/* No REC, no DATA, no RTT: only the mig state can refuse. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, d.rd), RMI_SUCCESS);
	if (refused) {
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, d.rd),
			  RMI_ERROR_REALM);
		ASSERT_EQ(rmm_granule_state(d.rd), GRANULE_RD);
		return;
	}
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, d.rd), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(d.rtt_base, num), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(d.rd, 1), RMI_SUCCESS);
	free(d.rtts);
	memset(&d, 0, sizeof(d));
}

/* Refused in every SRC_* state and in DST_* but DST_NEW and DST_DEAD. */
static void rmi_realm_destroy(void)
{
	realm_destroy_src();
	if (test_failed)
		return;
	dst_no_rtt = true;
	dst_rows(check_realm_destroy, ALL_DST & ~(1U << D_NEW) &
		 ~(1U << D_DEAD));
	dst_no_rtt = false;
}

static const struct test_case cases[] = {
	TEST_CASE(rmi_rec_enter),
	TEST_CASE(rmi_set_ripas),
	TEST_CASE(rmi_psci_complete),
	TEST_CASE(rmi_rec_destroy),
	TEST_CASE(rmi_realm_destroy),
	TEST_CASE(rmi_activate),
	TEST_CASE(rmi_init_ripas),
	TEST_CASE(rmi_data_map_init),
	TEST_CASE(rmi_data_map),
	TEST_CASE(rmi_data_unmap),
	TEST_CASE(rmi_rtt_destroy),
};

int main(int argc, char **argv)
{
	static const struct test_suite suite = {
		.name = "rmm_mig_rmi",
		.cases = cases,
		.nr_cases = ARRAY_LEN(cases),
		.setup = setup,
		.teardown = teardown,
	};

	return test_main(&suite, argc, argv);
}
