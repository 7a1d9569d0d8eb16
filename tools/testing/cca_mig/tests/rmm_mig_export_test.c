// SPDX-License-Identifier: GPL-2.0
/*
 * RMI-MIG source exports: RMI_MIG_EXPORT_REALM, _EXPORT_PAGES, _EPOCH_END,
 * _PAUSE, _EXPORT_REC and _END (sections 4.8-4.13 and 5 of
 * Documentation/virt/kvm/arm/rmi-mig.rst): one case per failure condition
 * (partial progress for the per-entry ones), and the content of every blob,
 * opened with the test's own copy of the key schedule.
 */
#include <pthread.h>
#include <unistd.h>

#include "test.h"
#include "util_mig.h"
#include "util_run.h"

#define SID		0xe4907ULL
#define RAM		(4 * RMM_GRANULE_SIZE)
#define G		RMM_GRANULE_SIZE
#define L2		0x200000ULL

#define ASSERT_FAILED(o, ret)						\
	do {								\
		unsigned int __i;					\
		ASSERT_EQ((o)->a[0], (ret));				\
		for (__i = 1; __i < 18; __i++)				\
			ASSERT_EQ((o)->a[__i], 0);			\
	} while (0)

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

/* Counters of SESSION_STATE: state, epoch, next_counter, content, s-o. */
struct cnt {
	uint64_t state, epoch, next, content, state_only, unclean;
};

static struct cnt counters(void)
{
	struct rmm_smc_regs o;
	struct cnt c = { ~0ULL };

	if (um_state(r.rd, &o) == RMI_SUCCESS) {
		c.state = o.a[1];
		c.epoch = o.a[2];
		c.next = o.a[3];
		c.content = o.a[4];
		c.state_only = o.a[5];
		c.unclean = o.a[6];
	}
	return c;
}

#define ASSERT_CNT_EQ(a, b)	ASSERT_MEM_EQ(&(a), &(b), sizeof(a))

/* Source realm with @nr_recs RECs, session open, RAM tracked. */
static void src_open(unsigned int nr_recs)
{
	ASSERT_EQ(um_src_realm(&r, NULL, RAM, nr_recs), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
}

static void src_precopy(unsigned int nr_recs)
{
	src_open(nr_recs);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
}

static void src_paused(unsigned int nr_recs)
{
	src_precopy(nr_recs);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
}

/* rd checks common to every command: not granule aligned, not an RD. */
static void bad_rd(uint64_t fid, uint64_t a2, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	uint64_t bad[] = { r.rd + 8, r.rtt_base, r.recs[0], 0, ~0xfffULL };
	struct cnt before = counters(), after;
	struct rmm_smc_regs o;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, fid, bad[i], a2, a3, a4, a5);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	after = counters();
	ASSERT_CNT_EQ(before, after);
}

/* Bad NS granules for buffer arguments. */
static void bad_bufs(uint64_t *out)
{
	out[0] = ut_alloc_delegated(1);
	out[1] = ut_alloc_granule() + 0x40;
	out[2] = r.rd;
	out[3] = 0;
}

static void free_bad_bufs(uint64_t *b)
{
	ut_undelegate_free(b[0], 1);
	ut_free_granule(b[1] - 0x40);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EXPORT_REALM                                                    */

static void exp_realm_ok(void)
{
	struct mig_realm_blob *b;
	uint8_t rim[64];
	struct cnt c;

	src_open(2);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(st.n, 1);
	ASSERT_EQ(st.b[0].len, RMI_MIG_REALM_LEN);
	b = (void *)st.b[0].data;
	ASSERT_EQ(b->h.magic, RMI_MIG_HDR_MAGIC);
	ASSERT_EQ(b->h.version, 1);
	ASSERT_EQ(b->h.type, RMI_MIG_BLOB_REALM);
	ASSERT_EQ(b->h.flags, 0);
	ASSERT_EQ(b->h.session_id, SID);
	ASSERT_EQ(b->h.counter, 0);
	ASSERT_EQ(b->h.epoch, 0);
	ASSERT_EQ(b->h.ipa | b->h.ripas | b->h.hipas | b->h.reserved, 0);
	ASSERT_EQ(b->h.body_len, RMI_MIG_REALM_BODY_LEN);
	/* Clear part: the nonces. */
	ASSERT_MEM_EQ(b->b.src_nonce, m.src_nonce, 32);
	ASSERT_MEM_EQ(b->b.dst_nonce, m.dst_nonce, 32);
	/* Encrypted part: not in clear, opens under K_stream and bind. */
	ASSERT_NE(b->b.s2sz, 40);
	ASSERT_TRUE(mig_blob_open(&m.ks, false, &b->h,
				  (uint8_t *)&b->b + RMI_MIG_REALM_CLEAR_LEN,
				  RMI_MIG_REALM_BODY_LEN -
				  RMI_MIG_REALM_CLEAR_LEN));
	ASSERT_EQ(b->b.flags0, 0);
	ASSERT_EQ(b->b.s2sz, 40);
	ASSERT_EQ(b->b.hash_algo, RMI_HASH_SHA_256);
	ASSERT_EQ(b->b.nr_recs, 2);
	ASSERT_EQ(b->b.cntfrq, MIG_CNTFRQ);
	ASSERT_EQ(b->b.sve_vl | b->b.num_aux_planes | b->b.pmu_num_ctrs, 0);
	ASSERT_TRUE(mig_all_zero(b->b.reserved, sizeof(b->b.reserved)));
	ASSERT_TRUE(rmm_realm_rim(r.rd, rim));
	ASSERT_MEM_EQ(b->b.rim, rim, 64);
	ASSERT_MEM_EQ(b->b.rpv, r.p.rpv, 64);
	c = counters();
	ASSERT_EQ(c.state, RMI_MIG_SRC_PRECOPY);
	ASSERT_EQ(c.next, 1);
	ASSERT_EQ(c.epoch, 0);
}

static void exp_realm_rest_unchanged(void)
{
	uint64_t buf = ut_alloc_granule();
	uint8_t *p = ut_va(buf);
	unsigned int i;

	src_open(1);
	memset(p, 0xa5, G);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_EXPORT_REALM, r.rd, buf),
		  RMI_SUCCESS);
	for (i = RMI_MIG_REALM_LEN; i < G; i++)
		ASSERT_EQ(p[i], 0xa5);
	ut_free_granule(buf);
}

static void exp_realm_rd(void)
{
	uint64_t buf = ut_alloc_granule();

	src_open(1);
	bad_rd(SMC_RMI_MIG_EXPORT_REALM, buf, 0, 0, 0);
	ASSERT_EQ(counters().state, RMI_MIG_SRC_OPEN);
	ut_free_granule(buf);
}

static void exp_realm_state(void)
{
	uint64_t buf = ut_alloc_granule();
	struct rmm_smc_regs o;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REALM, r.rd, 0);	/* NONE, bad buf */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	/* Only once: SRC_PRECOPY, then SRC_PAUSED. */
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REALM, r.rd, buf);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(counters().next, 1);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REALM, r.rd, buf);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ut_free_granule(buf);
}

static void exp_realm_buf(void)
{
	uint64_t bad[4];
	struct rmm_smc_regs o;
	unsigned int i;

	src_open(1);
	bad_bufs(bad);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_EXPORT_REALM, r.rd, bad[i]);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ASSERT_EQ(counters().state, RMI_MIG_SRC_OPEN);
	free_bad_bufs(bad);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EXPORT_PAGES                                                    */

/* Lists in NS granules for a raw EXPORT_PAGES. */
struct pages_args {
	uint64_t lists;			/* ipa list granule, data list + G */
	uint64_t hdrs;			/* 8 granules */
	uint64_t data;			/* 16 granules */
	uint64_t *ipa, *dl;
};

static void pages_args_init(struct pages_args *a)
{
	unsigned int i;

	a->lists = ut_alloc_granules(2);
	a->hdrs = ut_alloc_granules(8);
	a->data = ut_alloc_granules(16);
	a->ipa = ut_va(a->lists);
	a->dl = ut_va(a->lists + G);
	for (i = 0; i < 16; i++) {
		a->ipa[i] = UM_RAM_BASE + (i % 4) * G;
		a->dl[i] = a->data + i * G;
	}
}

static void pages_args_free(struct pages_args *a)
{
	ut_free_granules(a->lists, 2);
	ut_free_granules(a->hdrs, 8);
	ut_free_granules(a->data, 16);
}

static uint64_t export_pages(struct pages_args *a, uint64_t count,
			     struct rmm_smc_regs *o)
{
	return UT_SMC(o, SMC_RMI_MIG_EXPORT_PAGES, r.rd, count, a->lists,
		      a->hdrs, a->lists + G);
}

static void exp_pages_ok(void)
{
	struct pages_args a;
	struct rmm_smc_regs o;
	struct mig_hdr *h;
	uint64_t *page;
	unsigned int i, j;
	struct cnt c;

	src_precopy(1);
	pages_args_init(&a);
	/* 4 RAM granules, then an EMPTY one and the first again. */
	a.ipa[4] = UM_RAM_BASE + 100 * G;
	a.ipa[5] = UM_RAM_BASE;
	ASSERT_EQ(export_pages(&a, 6, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 6);
	ASSERT_EQ(o.a[2], 5);
	for (i = 3; i < 18; i++)
		ASSERT_EQ(o.a[i], 0);
	for (i = 0; i < 6; i++) {
		h = (void *)((uint8_t *)ut_va(a.hdrs) + 64 * i);
		page = ut_va(a.data + i * G);
		ASSERT_EQ(h->magic, RMI_MIG_HDR_MAGIC);
		ASSERT_EQ(h->type, RMI_MIG_BLOB_PAGE);
		ASSERT_EQ(h->session_id, SID);
		ASSERT_EQ(h->counter, 1 + i);
		ASSERT_EQ(h->epoch, 0);
		ASSERT_EQ(h->ipa, a.ipa[i]);
		ASSERT_EQ(h->body_len, 0);
		ASSERT_EQ(h->reserved, 0);
		if (i == 4) {
			/* UNASSIGNED EMPTY: state-only, no page written. */
			ASSERT_EQ(h->flags, 0);
			ASSERT_EQ(h->hipas, 0);
			ASSERT_EQ(h->ripas, RIPAS_EMPTY);
			ASSERT_EQ(page[0], 0);
			ASSERT_TRUE(mig_blob_open(&m.ks, false, h, NULL, 0));
			continue;
		}
		ASSERT_EQ(h->flags, RMI_MIG_HDR_F_HAS_DATA);
		ASSERT_EQ(h->hipas, 1);
		ASSERT_EQ(h->ripas, RIPAS_RAM);
		ASSERT_NE(page[0], um_pattern(a.ipa[i]));	/* encrypted */
		ASSERT_TRUE(mig_blob_open(&m.ks, false, h, page, G));
		for (j = 0; j < G / 8; j++)
			ASSERT_EQ(page[j], um_pattern(a.ipa[i]));
	}
	c = counters();
	ASSERT_EQ(c.next, 7);
	ASSERT_EQ(c.content, 5);
	ASSERT_EQ(c.state_only, 1);
	ASSERT_EQ(c.unclean, 0);
	pages_args_free(&a);
}

static void exp_pages_state_only_kinds(void)
{
	uint64_t ipa[3] = { UM_RAM_BASE, UM_RAM_BASE + G, UM_RAM_BASE + 2 * G };
	struct rmm_rec *rec;
	struct rmm_smc_regs o;
	struct mig_hdr *h;

	src_precopy(1);
	/* ASSIGNED EMPTY (by SET_RIPAS) and UNASSIGNED DESTROYED (unmap). */
	rec = rec_from_pa(r.recs[0]);
	rec->pending = REC_PENDING_RIPAS;
	rec->ripas_addr = ipa[0];
	rec->ripas_top = ipa[1];
	rec->ripas_value = RIPAS_EMPTY;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_SET_RIPAS, r.rd, r.recs[0], ipa[0],
			 ipa[1]), RMI_SUCCESS);
	rec->pending = REC_PENDING_NONE;
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_RTT_DATA_UNMAP, r.rd, ipa[1], ipa[2],
			 RMI_ADDR_TYPE_SINGLE, 0), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(RMI_ADDR_RANGE_ADDR(o.a[2]), 1),
		  RMI_SUCCESS);
	ASSERT_EQ(um_export_pages(r.rd, ipa, 3, &st, NULL), RMI_SUCCESS);
	ASSERT_EQ(st.n, 4);
	h = um_hdr(&st, 1);
	ASSERT_EQ(h->flags, 0);
	ASSERT_EQ(h->hipas, 1);
	ASSERT_EQ(h->ripas, RIPAS_EMPTY);
	h = um_hdr(&st, 2);
	ASSERT_EQ(h->flags, 0);
	ASSERT_EQ(h->hipas, 0);
	ASSERT_EQ(h->ripas, RIPAS_DESTROYED);
	h = um_hdr(&st, 3);
	ASSERT_EQ(h->flags, RMI_MIG_HDR_F_HAS_DATA);
	ASSERT_TRUE(st.b[3].page != NULL);
	ASSERT_EQ(counters().state_only, 2);
}

static void exp_pages_null_suite(void)
{
	uint64_t ipa = UM_RAM_BASE + G;
	struct mig_hdr *h;
	uint64_t *p;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_NULL, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(um_hdr(&st, 0)->flags, RMI_MIG_HDR_F_NULL_SUITE);
	ASSERT_EQ(um_export_pages(r.rd, &ipa, 1, &st, NULL), RMI_SUCCESS);
	h = um_hdr(&st, 1);
	ASSERT_EQ(h->flags, RMI_MIG_HDR_F_NULL_SUITE | RMI_MIG_HDR_F_HAS_DATA);
	ASSERT_TRUE(mig_all_zero(h->tag, 16));
	p = (uint64_t *)st.b[1].page;
	ASSERT_EQ(p[0], um_pattern(ipa));
}

static void exp_pages_rd(void)
{
	struct pages_args a;

	src_precopy(1);
	pages_args_init(&a);
	bad_rd(SMC_RMI_MIG_EXPORT_PAGES, 1, a.lists, a.hdrs, a.lists + G);
	pages_args_free(&a);
}

static void exp_pages_state(void)
{
	struct pages_args a;
	struct rmm_smc_regs o;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	pages_args_init(&a);
	export_pages(&a, 0, &o);		/* NONE, bad count */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	export_pages(&a, 1, &o);		/* SRC_OPEN */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(counters().unclean, RAM / G);
	/* SRC_ENDED */
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(um_end(r.rd, &st), RMI_SUCCESS);
	export_pages(&a, 1, &o);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	pages_args_free(&a);
}

static void exp_pages_count(void)
{
	uint64_t counts[] = { 0, 513, ~0ULL };
	struct pages_args a;
	struct rmm_smc_regs o;
	unsigned int i;

	src_precopy(1);
	pages_args_init(&a);
	for (i = 0; i < ARRAY_LEN(counts); i++) {
		/* Bad ipa_list too: count comes first. */
		UT_SMC(&o, SMC_RMI_MIG_EXPORT_PAGES, r.rd, counts[i], 1,
		       a.hdrs, a.lists + G);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ASSERT_EQ(counters().next, 1);
	pages_args_free(&a);
}

/* A list argument (@which 3: ipa_list, 5: data_list) that is bad. */
static void exp_pages_list(unsigned int which)
{
	uint64_t del = ut_alloc_delegated(1), bad[5];
	struct pages_args a;
	struct rmm_smc_regs o;
	unsigned int i;

	src_precopy(1);
	pages_args_init(&a);
	bad[0] = a.lists + 4;				/* not 8-aligned */
	bad[1] = del;					/* not NS */
	bad[2] = (which == 3 ? a.lists : a.lists + G) + G - 8; /* crosses */
	bad[3] = 0;
	bad[4] = r.rd;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		uint64_t args[6] = { r.rd, 2, a.lists, a.hdrs, a.lists + G };

		args[which - 1] = bad[i];
		if (which == 3)		/* bad hdr_buf too: ipa_list first */
			args[3] = a.hdrs + 1;
		UT_SMC(&o, SMC_RMI_MIG_EXPORT_PAGES, args[0], args[1],
		       args[2], args[3], args[4]);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	/* The last 8 bytes of a granule hold a one-entry list. */
	a.ipa[511] = UM_RAM_BASE;
	a.dl[511] = a.data;
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_EXPORT_PAGES, r.rd, 1,
			 which == 3 ? a.lists + G - 8 : a.lists, a.hdrs,
			 which == 5 ? a.lists + 2 * G - 8 : a.lists + G),
		  RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 1);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	pages_args_free(&a);
}

static void exp_pages_ipa_list(void)
{
	exp_pages_list(3);
}

static void exp_pages_data_list(void)
{
	exp_pages_list(5);
}

static void exp_pages_hdr_buf(void)
{
	uint64_t del = ut_alloc_delegated(1), ns = ut_alloc_granules(2);
	struct pages_args a;
	struct rmm_smc_regs o;
	unsigned int i;
	uint64_t bad[4];

	src_precopy(1);
	pages_args_init(&a);
	ut_free_granule(ns + G);
	ASSERT_EQ(ut_delegate(ns + G, 1), RMI_SUCCESS);
	bad[0] = a.hdrs + 32;			/* not 64-aligned */
	bad[1] = del;
	bad[2] = ns + G - 64;			/* second header delegated */
	bad[3] = 0;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		/* Bad data_list too: hdr_buf first. */
		UT_SMC(&o, SMC_RMI_MIG_EXPORT_PAGES, r.rd, 2, a.lists, bad[i],
		       a.lists + 4);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	/* 64 * count may span contiguous NS granules. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_EXPORT_PAGES, r.rd, 2, a.lists,
			 a.hdrs + G - 64, a.lists + G), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 2);
	ASSERT_EQ(counters().next, 3);
	ASSERT_EQ(ut_undelegate(ns + G, 1), RMI_SUCCESS);
	ut_free_granule(ns);
	ut_free_granule(ns + G);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	pages_args_free(&a);
}

/*
 * A per-entry condition: entry 0 fails with @ret and nothing changes;
 * placed second, the first entry is exported and done = 1.
 */
static void per_entry(struct pages_args *a, uint64_t bad_ipa,
		      uint64_t bad_data, uint64_t ret)
{
	struct cnt before, after;
	struct rmm_smc_regs o;

	before = counters();
	a->ipa[0] = bad_ipa;
	a->dl[0] = bad_data;
	export_pages(a, 2, &o);
	ASSERT_FAILED(&o, ret);
	after = counters();
	ASSERT_CNT_EQ(before, after);
	a->ipa[0] = UM_RAM_BASE;
	a->dl[0] = a->data;
	a->ipa[1] = bad_ipa;
	a->dl[1] = bad_data;
	ASSERT_EQ(export_pages(a, 2, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 1);
	ASSERT_EQ(o.a[2], 1);
	ASSERT_EQ(counters().next, before.next + 1);
}

static void exp_pages_ipa(void)
{
	uint64_t top;
	struct pages_args a;

	src_precopy(1);
	pages_args_init(&a);
	top = um_prot_top(&r);
	per_entry(&a, UM_RAM_BASE + 8, a.data, RMI_ERROR_INPUT);
	per_entry(&a, top, a.data, RMI_ERROR_INPUT);		/* unprot. */
	per_entry(&a, 1ULL << 40, a.data, RMI_ERROR_INPUT);	/* > s2sz */
	per_entry(&a, ~0xfffULL, 0, RMI_ERROR_INPUT);
	pages_args_free(&a);
}

static void exp_pages_untracked(void)
{
	struct pages_args a;
	struct rmm_smc_regs o;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	/* Only the first RAM granule is tracked. */
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r.rd, UM_RAM_BASE,
			 UM_RAM_BASE + G), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	pages_args_init(&a);
	/* Untracked RAM granule, and an untracked level 1 block. */
	per_entry(&a, UM_RAM_BASE + G, a.data, RMI_ERROR_INPUT);
	per_entry(&a, 0x40000000, 0, RMI_ERROR_INPUT);
	pages_args_free(&a);
}

static void exp_pages_level(void)
{
	struct pages_args a;

	src_precopy(1);
	pages_args_init(&a);
	/* Tracked CLEAN blocks: level 2 next to RAM, level 1 elsewhere. */
	per_entry(&a, UM_RAM_BASE + L2, a.data,
		  RMI_RETURN(RMI_ERROR_RTT, 2));
	per_entry(&a, 0x40000000, a.data, RMI_RETURN(RMI_ERROR_RTT, 1));
	pages_args_free(&a);
}

static void exp_pages_data(void)
{
	uint64_t del = ut_alloc_delegated(1);
	struct pages_args a;
	struct rmm_smc_regs o;

	src_precopy(1);
	pages_args_init(&a);
	per_entry(&a, UM_RAM_BASE + G, del, RMI_ERROR_INPUT);
	per_entry(&a, UM_RAM_BASE + G, a.data + 8, RMI_ERROR_INPUT);
	per_entry(&a, UM_RAM_BASE + G, 0, RMI_ERROR_INPUT);
	per_entry(&a, UM_RAM_BASE + G, r.rd, RMI_ERROR_INPUT);
	/* A state-only record ignores its data list entry. */
	a.ipa[0] = UM_RAM_BASE + 50 * G;
	a.dl[0] = del;
	ASSERT_EQ(export_pages(&a, 1, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 1);
	ASSERT_EQ(o.a[2], 0);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	pages_args_free(&a);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EPOCH_END                                                       */

static void epoch_end_ok(void)
{
	struct mig_epoch_blob *t;
	uint64_t ipa = UM_RAM_BASE + 60 * G, buf = ut_alloc_granule();
	struct rmm_smc_regs o;
	struct cnt c;

	src_precopy(1);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	ASSERT_EQ(um_export_pages(r.rd, &ipa, 1, &st, NULL), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_EPOCH_END, r.rd, buf), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_EPOCH_LEN);
	ASSERT_EQ(o.a[2], 0);
	t = ut_va(buf);
	ASSERT_EQ(t->h.type, RMI_MIG_BLOB_EPOCH);
	ASSERT_EQ(t->h.counter, 6);
	ASSERT_EQ(t->h.epoch, 0);
	ASSERT_EQ(t->h.body_len, RMI_MIG_EPOCH_BODY_LEN);
	ASSERT_TRUE(mig_blob_open(&m.ks, false, &t->h, &t->b, sizeof(t->b)));
	ASSERT_EQ(t->b.records, 5);
	ASSERT_EQ(t->b.content, 4);
	ASSERT_EQ(t->b.next_epoch, 1);
	ASSERT_TRUE(mig_all_zero(t->b.reserved, sizeof(t->b.reserved)));
	c = counters();
	ASSERT_EQ(c.epoch, 1);
	ASSERT_EQ(c.next, 7);
	/* An empty epoch, closed in SRC_PAUSED. */
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_EPOCH_END, r.rd, buf), RMI_SUCCESS);
	ASSERT_EQ(o.a[2], 1);
	ASSERT_TRUE(mig_blob_open(&m.ks, false, &t->h, &t->b, sizeof(t->b)));
	ASSERT_EQ(t->h.epoch, 1);
	ASSERT_EQ(t->b.records | t->b.content, 0);
	ASSERT_EQ(t->b.next_epoch, 2);
	ut_free_granule(buf);
}

static void epoch_end_rd(void)
{
	uint64_t buf = ut_alloc_granule();

	src_precopy(1);
	bad_rd(SMC_RMI_MIG_EPOCH_END, buf, 0, 0, 0);
	ut_free_granule(buf);
}

static void epoch_end_state(void)
{
	uint64_t buf = ut_alloc_granule();
	struct rmm_smc_regs o;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_EPOCH_END, r.rd, 0);	/* NONE, bad buf */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_EPOCH_END, r.rd, buf);	/* SRC_OPEN */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(counters().next, 0);
	ut_free_granule(buf);
}

static void epoch_end_buf(void)
{
	uint64_t bad[4];
	struct rmm_smc_regs o;
	unsigned int i;

	src_precopy(1);
	bad_bufs(bad);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_EPOCH_END, r.rd, bad[i]);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ASSERT_EQ(counters().epoch, 0);
	ASSERT_EQ(counters().next, 1);
	free_bad_bufs(bad);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_PAUSE                                                           */

static void pause_rd(void)
{
	src_precopy(1);
	bad_rd(SMC_RMI_MIG_PAUSE, 0, 0, 0, 0);
	ASSERT_EQ(counters().state, RMI_MIG_SRC_PRECOPY);
}

static void pause_state(void)
{
	struct rmm_smc_regs o;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_PAUSE, r.rd);		/* NONE */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_PAUSE, r.rd);		/* SRC_OPEN */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_PAUSE, r.rd);		/* SRC_PAUSED */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
	/* SRC_PRECOPY but the Realm is not ACTIVE (TERMINATED). */
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_PAUSE, r.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(counters().state, RMI_MIG_SRC_PRECOPY);
}

/* pause.running: a REC inside RMI_REC_ENTER on another thread. */
struct spin_arg {
	struct ur_vm *vm;
	uint64_t ret;
};

static void *spin_thread(void *p)
{
	struct spin_arg *a = p;
	uint64_t res[31] = { 4, 2000000000ULL };	/* DW_SPIN */

	ur_write_enter(a->vm->run[0], 0, res);
	a->ret = ur_rec_enter(a->vm->rec[0], a->vm->run[0]);
	return NULL;
}

static void pause_running(void)
{
	struct ur_config cfg = {
		.guest = "dirty_writer",
		.ram_size = 0x40000,
		.populate_ram = true,
	};
	struct ur_vm *vm = calloc(1, sizeof(*vm));
	uint64_t saved = rmm_exec_slice;
	struct spin_arg sa = { .vm = vm };
	struct rmm_smc_regs o;
	struct rmm_rec *rec;
	struct ur_exit e;
	pthread_t t;
	unsigned int i;

	ASSERT_TRUE(vm != NULL);
	ASSERT_EQ(ur_vm_create(vm, &cfg), RMI_SUCCESS);
	for (i = 0; i < 100; i++) {
		ur_write_enter(vm->run[0], 0, NULL);
		ASSERT_EQ(ur_rec_enter(vm->rec[0], vm->run[0]), RMI_SUCCESS);
		ur_read_exit(vm->run[0], &e);
		if (e.reason == RMI_EXIT_HOST_CALL)
			break;
	}
	ASSERT_EQ(e.reason, RMI_EXIT_HOST_CALL);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &vm->r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, vm->r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(vm->r.rd, NULL), RMI_SUCCESS);

	/*
	 * The model serialises SMCs with one lock held across REC_ENTER, so
	 * an RMI_MIG_PAUSE through rmm_smc() waits for the REC to exit. The
	 * second PE is therefore modelled by calling the handler directly,
	 * as an RMM with per-Realm locks would run it, while the REC runs.
	 */
	rec = rec_from_pa(vm->rec[0]);
	rmm_exec_slice = 10000000;
	ASSERT_EQ(pthread_create(&t, NULL, spin_thread, &sa), 0);
	for (i = 0; i < 5000 && !__atomic_load_n(&rec->running,
						 __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	memset(&o, 0, sizeof(o));
	o.a[0] = SMC_RMI_MIG_PAUSE;
	o.a[1] = vm->r.rd;
	if (__atomic_load_n(&rec->running, __ATOMIC_ACQUIRE))
		smc_mig_pause(&o);
	pthread_join(t, NULL);
	rmm_exec_slice = saved;
	ASSERT_EQ(sa.ret, RMI_SUCCESS);
	ASSERT_FAILED(&o, RMI_ERROR_REC);
	ASSERT_EQ(um_mig_state(vm->r.rd), RMI_MIG_SRC_PRECOPY);
	/* Out of REC_ENTER: the pause succeeds. */
	ASSERT_EQ(um_pause(vm->r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_abort_src(vm->r.rd), RMI_SUCCESS);
	ASSERT_EQ(ur_vm_destroy(vm), RMI_SUCCESS);
	free(vm);
}

static void pause_counter(void)
{
	struct mig_end_blob *t;
	uint64_t before, after;

	src_precopy(1);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	before = mig_counter_now() - rec_from_pa(r.recs[0])->ctx.cntvoff;
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	after = mig_counter_now() - rec_from_pa(r.recs[0])->ctx.cntvoff;
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(um_end(r.rd, &st), RMI_SUCCESS);
	t = (void *)st.b[st.n - 1].data;
	ASSERT_TRUE(mig_blob_open(&m.ks, false, &t->h, &t->b, sizeof(t->b)));
	ASSERT_GE(t->b.cntvct_at_pause, before);
	ASSERT_LE(t->b.cntvct_at_pause, after);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EXPORT_REC                                                      */

static void exp_rec_ok(void)
{
	struct mig_rec_blob *b;
	struct rmm_rec *rec;
	unsigned int i;

	src_paused(2);
	rec = rec_from_pa(r.recs[1]);
	/* Give the REC state worth checking. */
	for (i = 0; i < 31; i++)
		rec->ctx.gprs[i] = 0x1000 + i;
	rec->ctx.sp_el0 = 0x5e0;
	rec->ctx.sp_el1 = 0x5e1;
	rec->ctx.elr_el1 = 0xe1;
	rec->ctx.vbar_el1 = 0x800;
	rec->ctx.tpidr_el0 = 0x7;
	rec->ctx.cntv_ctl = 1;
	rec->ctx.cntv_cval = 0xcafe;
	rec->ctx.cntp_cval = 0xbeef;
	rec->ctx.vregs[31][1] = 0x3131;
	rec->ctx.fpcr = 0x400000;
	rec->pending = REC_PENDING_PSCI;
	rec->psci_fid = PSCI_CPU_ON;
	rec->psci_target = 0;
	ASSERT_EQ(um_export_rec(r.rd, r.recs[1], &st), RMI_SUCCESS);
	b = (void *)st.b[st.n - 1].data;
	ASSERT_EQ(b->h.type, RMI_MIG_BLOB_REC);
	ASSERT_EQ(b->h.ipa, 1);			/* MPIDR of REC 1 */
	ASSERT_EQ(b->h.body_len, RMI_MIG_REC_BODY_LEN);
	ASSERT_EQ(b->h.counter, 1 + RAM / G);
	ASSERT_NE(b->b.gprs[0], 0x1000);	/* encrypted */
	ASSERT_TRUE(mig_blob_open(&m.ks, false, &b->h, &b->b, sizeof(b->b)));
	for (i = 0; i < 31; i++)
		ASSERT_EQ(b->b.gprs[i], 0x1000 + i);
	ASSERT_EQ(b->b.sp_el0, 0x5e0);
	ASSERT_EQ(b->b.sp_el1, 0x5e1);
	ASSERT_EQ(b->b.pc, rec->ctx.pc);
	ASSERT_EQ(b->b.pstate, rec->ctx.pstate);
	ASSERT_EQ(b->b.sctlr_el1, rec->ctx.sctlr_el1);
	ASSERT_EQ(b->b.elr_el1, 0xe1);
	ASSERT_EQ(b->b.vbar_el1, 0x800);
	ASSERT_EQ(b->b.tpidr_el0, 0x7);
	ASSERT_EQ(b->b.cntv_ctl_el0, 1);
	ASSERT_EQ(b->b.cntv_cval_el0, 0xcafe);
	ASSERT_EQ(b->b.cntp_cval_el0, 0xbeef);
	ASSERT_EQ(b->b.v[31][1], 0x3131);
	ASSERT_EQ(b->b.fpcr, 0x400000);
	ASSERT_EQ(b->b.mpidr, 1);
	ASSERT_EQ(b->b.flags, RMI_MIG_REC_F_RUNNABLE);
	ASSERT_EQ(b->b.pending, REC_PENDING_PSCI);
	ASSERT_EQ(b->b.psci_fid, PSCI_CPU_ON);
	ASSERT_TRUE(mig_all_zero(b->b.reserved3, sizeof(b->b.reserved3)));
	ASSERT_EQ(b->b.nr_lrs, 0);
	ASSERT_EQ(counters().next, 2 + RAM / G);
	rec->pending = REC_PENDING_NONE;
}

static void exp_rec_rd(void)
{
	uint64_t buf = ut_alloc_granule();

	src_paused(1);
	bad_rd(SMC_RMI_MIG_EXPORT_REC, r.recs[0], buf, 0, 0);
	ut_free_granule(buf);
}

static void exp_rec_state(void)
{
	uint64_t buf = ut_alloc_granule();
	struct rmm_smc_regs o;

	src_precopy(1);
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REC, r.rd, 0, 0);	/* bad rec, buf */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REC, r.rd, r.recs[0], buf);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(counters().next, 1);
	ut_free_granule(buf);
}

static void exp_rec_rec(void)
{
	uint64_t buf = ut_alloc_granule();
	uint64_t bad[] = { r.recs[0] + 8, r.rd, 0, buf };
	struct rmm_smc_regs o;
	unsigned int i;

	src_paused(1);
	bad[0] = r.recs[0] + 8;
	bad[1] = r.rd;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_EXPORT_REC, r.rd, bad[i], 0);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ut_free_granule(buf);
}

static void exp_rec_owner(void)
{
	uint64_t buf = ut_alloc_granule();
	struct ut_realm r2;
	struct rmm_smc_regs o;

	src_paused(1);
	memset(&r2, 0, sizeof(r2));
	ASSERT_EQ(um_src_realm(&r2, NULL, RAM, 1), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REC, r.rd, r2.recs[0], 0);
	ASSERT_FAILED(&o, RMI_ERROR_REC);
	ASSERT_EQ(ut_realm_teardown(&r2), RMI_SUCCESS);
	ut_free_granule(buf);
}

static void exp_rec_exported(void)
{
	uint64_t buf = ut_alloc_granule();
	struct rmm_smc_regs o;

	src_paused(1);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REC, r.rd, r.recs[0], 0);
	ASSERT_FAILED(&o, RMI_ERROR_REC);
	UT_SMC(&o, SMC_RMI_MIG_EXPORT_REC, r.rd, r.recs[0], buf);
	ASSERT_FAILED(&o, RMI_ERROR_REC);
	ut_free_granule(buf);
}

static void exp_rec_buf(void)
{
	uint64_t bad[4];
	struct rmm_smc_regs o;
	unsigned int i;

	src_paused(1);
	bad_bufs(bad);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_EXPORT_REC, r.rd, r.recs[0], bad[i]);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	/* Not marked exported by the failures. */
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	free_bad_bufs(bad);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_END                                                             */

static void end_ok(void)
{
	uint64_t ipa = UM_RAM_BASE + 70 * G, buf;
	struct mig_end_blob *t;
	struct rmm_smc_regs o;
	struct cnt c;

	src_precopy(2);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	ASSERT_EQ(um_epoch_end(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(um_export_pages(r.rd, &ipa, 1, &st, NULL), RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[1], &st), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	buf = ut_alloc_granule();
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_END_LEN);
	t = ut_va(buf);
	ASSERT_EQ(t->h.type, RMI_MIG_BLOB_END);
	ASSERT_EQ(t->h.epoch, 1);
	ASSERT_EQ(t->h.body_len, RMI_MIG_END_BODY_LEN);
	ASSERT_TRUE(mig_blob_open(&m.ks, false, &t->h, &t->b, sizeof(t->b)));
	ASSERT_EQ(t->b.content, 4);
	ASSERT_EQ(t->b.state_only, 1);
	ASSERT_EQ(t->b.epochs, 1);
	ASSERT_EQ(t->b.recs, 2);
	ASSERT_EQ(t->h.counter, 1 + 4 + 1 + 1 + 2);
	ASSERT_TRUE(mig_all_zero(t->b.reserved, sizeof(t->b.reserved)));
	c = counters();
	ASSERT_EQ(c.state, RMI_MIG_SRC_ENDED);
	ASSERT_EQ(c.next, t->h.counter + 1);
	/* Every blob of the stream has the next counter. */
	ASSERT_EQ(um_hdr(&st, 0)->counter, 0);
	ASSERT_EQ(um_hdr(&st, st.n - 1)->counter, t->h.counter - 1);
	ut_free_granule(buf);
}

static void end_rd(void)
{
	uint64_t buf = ut_alloc_granule();

	src_paused(1);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	bad_rd(SMC_RMI_MIG_END, buf, 0, 0, 0);
	ASSERT_EQ(counters().state, RMI_MIG_SRC_PAUSED);
	ut_free_granule(buf);
}

static void end_state(void)
{
	uint64_t buf = ut_alloc_granule();
	struct rmm_smc_regs o;

	src_precopy(1);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, 0);		/* PRECOPY, bad buf */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf);	/* SRC_ENDED: at most once */
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ut_free_granule(buf);
}

static void end_buf(void)
{
	uint64_t bad[4];
	struct rmm_smc_regs o;
	unsigned int i;

	/* A REC not exported too: buf comes first. */
	src_paused(1);
	bad_bufs(bad);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_END, r.rd, bad[i]);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ASSERT_EQ(counters().state, RMI_MIG_SRC_PAUSED);
	free_bad_bufs(bad);
}

static void end_recs(void)
{
	uint64_t buf = ut_alloc_granule();
	struct rmm_smc_regs o;

	src_paused(2);
	/* Also a DIRTY granule: recs comes first. */
	ASSERT_EQ(ut_data_map(&r, UM_RAM_BASE + 9 * G, 1), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf);
	ASSERT_FAILED(&o, RMI_ERROR_REC);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[1], &st), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf);
	ASSERT_FAILED(&o, RMI_ERROR_REC);
	ASSERT_EQ(counters().state, RMI_MIG_SRC_PAUSED);
	ut_free_granule(buf);
}

static void end_unclean(void)
{
	const uint64_t inc = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_INCOMPLETE);
	uint64_t buf = ut_alloc_granule(), ipa = UM_RAM_BASE + 9 * G;
	struct rmm_smc_regs o;

	src_precopy(1);
	/* NEW: RAM never exported. */
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf);
	ASSERT_FAILED(&o, inc);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	/* DIRTY: mapped after the export (the host may map while paused). */
	ASSERT_EQ(ut_data_map(&r, ipa, 1), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf);
	ASSERT_FAILED(&o, inc);
	/* PENDING: harvested, not exported. */
	ASSERT_EQ(um_harvest(r.rd, ipa, ipa + G, NULL, NULL), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf);
	ASSERT_FAILED(&o, inc);
	ASSERT_EQ(counters().unclean, 1);
	ASSERT_EQ(um_export_pages(r.rd, &ipa, 1, &st, NULL), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf), RMI_SUCCESS);
	ut_free_granule(buf);
}

static void end_untracked(void)
{
	const uint64_t inc = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_INCOMPLETE);
	uint64_t buf = ut_alloc_granule();
	struct rmm_smc_regs o;

	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	/* Everything but the last RAM granule is tracked. */
	ASSERT_EQ(um_track_start(&r, 0, UM_RAM_BASE + RAM - G), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&r, UM_RAM_BASE + RAM, um_prot_top(&r)),
		  RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM - G,
				  &st), RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(counters().unclean, 0);
	UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf);
	ASSERT_FAILED(&o, inc);
	ASSERT_EQ(counters().state, RMI_MIG_SRC_PAUSED);
	/* Tracked late (allowed while paused) and exported: END works. */
	ASSERT_EQ(um_track_start(&r, UM_RAM_BASE + RAM - G,
				 UM_RAM_BASE + RAM), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE + RAM - G,
				  UM_RAM_BASE + RAM, &st), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_END, r.rd, buf), RMI_SUCCESS);
	ut_free_granule(buf);
}

static void end_no_run(void)
{
	uint64_t run = ut_alloc_granule();

	src_paused(1);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(um_end(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(ur_rec_enter(r.recs[0], run), RMI_RETURN(RMI_ERROR_REALM, 0));
	/* Without a token, abort is refused: still ENDED. */
	ASSERT_NE(UT_SMC(NULL, SMC_RMI_MIG_ABORT, r.rd, 0), RMI_SUCCESS);
	ASSERT_EQ(counters().state, RMI_MIG_SRC_ENDED);
	ut_free_granule(run);
}

static const struct test_case cases[] = {
	TEST_CASE(exp_realm_ok),
	TEST_CASE(exp_realm_rest_unchanged),
	TEST_CASE(exp_realm_rd),
	TEST_CASE(exp_realm_state),
	TEST_CASE(exp_realm_buf),
	TEST_CASE(exp_pages_ok),
	TEST_CASE(exp_pages_state_only_kinds),
	TEST_CASE(exp_pages_null_suite),
	TEST_CASE(exp_pages_rd),
	TEST_CASE(exp_pages_state),
	TEST_CASE(exp_pages_count),
	TEST_CASE(exp_pages_ipa_list),
	TEST_CASE(exp_pages_hdr_buf),
	TEST_CASE(exp_pages_data_list),
	TEST_CASE(exp_pages_ipa),
	TEST_CASE(exp_pages_untracked),
	TEST_CASE(exp_pages_level),
	TEST_CASE(exp_pages_data),
	TEST_CASE(epoch_end_ok),
	TEST_CASE(epoch_end_rd),
	TEST_CASE(epoch_end_state),
	TEST_CASE(epoch_end_buf),
	TEST_CASE(pause_rd),
	TEST_CASE(pause_state),
	TEST_CASE(pause_running),
	TEST_CASE(pause_counter),
	TEST_CASE(exp_rec_ok),
	TEST_CASE(exp_rec_rd),
	TEST_CASE(exp_rec_state),
	TEST_CASE(exp_rec_rec),
	TEST_CASE(exp_rec_owner),
	TEST_CASE(exp_rec_exported),
	TEST_CASE(exp_rec_buf),
	TEST_CASE(end_ok),
	TEST_CASE(end_rd),
	TEST_CASE(end_state),
	TEST_CASE(end_buf),
	TEST_CASE(end_recs),
	TEST_CASE(end_unclean),
	TEST_CASE(end_untracked),
	TEST_CASE(end_no_run),
};

int main(int argc, char **argv)
{
	static const struct test_suite suite = {
		.name = "rmm_mig_export",
		.cases = cases,
		.nr_cases = ARRAY_LEN(cases),
		.setup = setup,
		.teardown = teardown,
	};

	return test_main(&suite, argc, argv);
}
