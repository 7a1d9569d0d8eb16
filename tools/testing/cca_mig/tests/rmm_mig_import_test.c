// SPDX-License-Identifier: GPL-2.0
/*
 * RMM model, RMI-MIG destination: every failure condition of
 * RMI_MIG_IMPORT_REALM, IMPORT_PAGES, IMPORT_EPOCH, IMPORT_REC and
 * IMPORT_END (Documentation/virt/kvm/arm/rmi-mig.rst, sections 4.14-4.18),
 * one case each, named as in the test map (section 7.3), plus the success
 * conditions and the import-mode Realm restrictions of section 3.6.
 *
 * Each failure case calls the command with inputs valid except for that
 * condition (and satisfying every earlier one), then checks X0 exactly,
 * that X1..X17 are zero and that the session's counters did not change.
 * RMI_ERROR_MIG cases also check DST_FAILED and that the correct next blob
 * is refused with RMI_ERROR_REALM; other failures leave the session usable.
 * The blobs come from the test's forger (util_mig_import.h), which holds the
 * TEST migration key.
 */
#include "rmm_internal.h"
#include "test.h"
#include "util_mig_import.h"
#include "util_run.h"

#define G		RMM_GRANULE_SIZE
#define MIG(r)		RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_##r)

static struct md_dst d;

/* Session state and counters (RMI_MIG_SESSION_STATE X1..X6). */
struct snap {
	uint64_t v[6];
};

static void take(struct snap *s)
{
	md_state(d.r.rd, s->v);
}

static bool same_counters(const struct snap *a)
{
	struct snap b;

	take(&b);
	return !memcmp(&a->v[1], &b.v[1], 5 * sizeof(uint64_t));
}

static uint64_t dst_state(void)
{
	return md_state(d.r.rd, NULL);
}

/*
 * A failure that must not poison: X0, zero outputs, nothing changed.
 */
#define EXPECT_FAIL(ret, want, before)					\
	do {								\
		ASSERT_EQ((ret), (want));				\
		ASSERT_TRUE(md_out_zero());				\
		ASSERT_TRUE(same_counters(before));			\
		ASSERT_EQ(dst_state(), (before)->v[0]);			\
	} while (0)

/*
 * An RMI_ERROR_MIG failure: as EXPECT_FAIL, then DST_FAILED, and the
 * correct next blob (a valid epoch token, or a valid Realm record before
 * IMPORT_REALM succeeded) is refused with RMI_ERROR_REALM.
 */
#define EXPECT_POISON(ret, want, before)				\
	do {								\
		ASSERT_EQ((ret), (want));				\
		ASSERT_TRUE(md_out_zero());				\
		ASSERT_TRUE(same_counters(before));			\
		ASSERT_EQ(dst_state(), RMI_MIG_DST_FAILED);		\
		ASSERT_EQ(next_valid((before)->v[0]), RMI_ERROR_REALM);	\
		ASSERT_EQ(dst_state(), RMI_MIG_DST_FAILED);		\
	} while (0)

static uint64_t next_valid(uint64_t state_before)
{
	struct mig_realm_blob rb;
	struct mig_epoch_blob eb;

	if (state_before == RMI_MIG_DST_OPEN) {
		md_realm_blob(&d, &rb);
		return md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &rb,
				      sizeof(rb));
	}
	md_epoch(&d.f, &eb);
	return md_import_blob(&d, SMC_RMI_MIG_IMPORT_EPOCH, &eb, sizeof(eb));
}

/* Fixture in DST_IMPORTING with @nr_recs RECs. */
static bool importing(unsigned int nr_recs)
{
	struct md_opts o = { .nr_recs = nr_recs };

	return md_dst_create(&d, &o) == RMI_SUCCESS &&
	       md_dst_import_realm(&d) == RMI_SUCCESS;
}

static void finish(void)
{
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_REALM                                                   */

static void imp_realm_rd(void)
{
	struct mig_realm_blob b;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	take(&s);
	md_realm_blob(&d, &b);
	memcpy(ut_va(d.buf), &b, sizeof(b));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REALM, d.buf, d.buf),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REALM, d.r.rd + 8,
			 d.buf), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REALM, d.rec[0],
			 d.buf), RMI_ERROR_INPUT);
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(dst_state(), RMI_MIG_DST_OPEN);
	ASSERT_EQ(md_dst_import_realm(&d), RMI_SUCCESS);
	finish();
}

static void imp_realm_state(void)
{
	struct md_opts o = { .no_open = true };
	struct mig_realm_blob b;
	struct snap s;

	/* DST_NEW: no session yet. */
	ASSERT_EQ(md_dst_create(&d, &o), RMI_SUCCESS);
	take(&s);
	memset(&b, 0, sizeof(b));
	EXPECT_FAIL(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
				   sizeof(b)), RMI_ERROR_REALM, &s);
	ASSERT_EQ(dst_state(), RMI_MIG_DST_NEW);
	finish();

	/* DST_IMPORTING: the Realm record was imported already. */
	ASSERT_TRUE(importing(1));
	take(&s);
	md_realm_blob(&d, &b);
	EXPECT_FAIL(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
				   sizeof(b)), RMI_ERROR_REALM, &s);
	finish();
}

static void imp_realm_buf(void)
{
	struct mig_realm_blob b;
	uint64_t del;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	take(&s);
	md_realm_blob(&d, &b);
	memcpy(ut_va(d.buf), &b, sizeof(b));
	del = ut_alloc_delegated(1);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REALM, d.r.rd, del),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REALM, d.r.rd,
			 d.buf + 0x40), RMI_ERROR_INPUT);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REALM, d.r.rd, 0x1000),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(dst_state(), RMI_MIG_DST_OPEN);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	ASSERT_EQ(md_dst_import_realm(&d), RMI_SUCCESS);
	finish();
}

static void imp_realm_fmt(void)
{
	struct mig_realm_blob b;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	take(&s);
	md_realm_blob(&d, &b);
	b.h.body_len = RMI_MIG_REALM_BODY_LEN - 0x40;
	EXPECT_POISON(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
				     sizeof(b)), MIG(FORMAT), &s);
	finish();
}

static void imp_realm_binding(void)
{
	struct mig_realm_blob b;
	unsigned int v;
	struct snap s;

	for (v = 0; v < 3; v++) {
		ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
		take(&s);
		md_realm_blob(&d, &b);
		if (v == 0)
			b.h.session_id ^= 1;		/* another session */
		else if (v == 1)
			b.b.dst_nonce[5] ^= 1;		/* another dst */
		else
			memset(b.b.src_nonce, 0, 32);
		EXPECT_POISON(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
					     sizeof(b)), MIG(BINDING), &s);
		finish();
	}
}

static void imp_realm_seq(void)
{
	struct mig_realm_blob b;
	unsigned int v;
	struct snap s;

	for (v = 0; v < 2; v++) {
		ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
		take(&s);
		md_realm_plain(&d, &b);
		if (v)
			b.h.epoch = 1;
		else
			b.h.counter = 1;
		md_realm_seal(&d.f, &b);
		EXPECT_POISON(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
					     sizeof(b)), MIG(SEQUENCE), &s);
		finish();
	}
}

static void imp_realm_auth(void)
{
	struct mig_realm_blob b;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	take(&s);
	md_realm_blob(&d, &b);
	b.b.rim[3] ^= 0x80;
	EXPECT_POISON(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
				     sizeof(b)), MIG(AUTH), &s);
	finish();
}

static void imp_realm_body_fmt(void)
{
	struct mig_realm_blob b;
	unsigned int v;
	struct snap s;

	for (v = 0; v < 4; v++) {
		ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
		take(&s);
		md_realm_plain(&d, &b);
		if (v == 0)
			b.b.reserved[47] = 1;
		else if (v == 1)
			b.b.hash_algo = 2;
		else if (v == 2)
			b.b.nr_recs = 0;
		else
			b.b.nr_recs = (1ULL << 8) + 1;	/* MAX_RECS_ORDER 8 */
		md_realm_seal(&d.f, &b);
		EXPECT_POISON(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
					     sizeof(b)), MIG(FORMAT), &s);
		finish();
	}
}

static void imp_realm_body_binding(void)
{
	struct mig_realm_blob b;
	unsigned int v;
	struct snap s;

	for (v = 0; v < 7; v++) {
		ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
		take(&s);
		md_realm_plain(&d, &b);
		switch (v) {
		case 0:
			b.b.rim[0] ^= 1;
			break;
		case 1:
			b.b.rpv[63] ^= 1;
			break;
		case 2:
			b.b.s2sz = 41;
			break;
		case 3:
			b.b.flags0 |= RMI_REALM_FLAGS0_PMU;
			break;
		case 4:
			b.b.num_bps = 2;
			break;
		case 5:
			b.b.hash_algo = RMI_HASH_SHA_512;
			break;
		default:
			b.b.cntfrq = MIG_CNTFRQ * 2;
			break;
		}
		md_realm_seal(&d.f, &b);
		EXPECT_POISON(md_import_blob(&d, SMC_RMI_MIG_IMPORT_REALM, &b,
					     sizeof(b)), MIG(BINDING), &s);
		finish();
	}
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_PAGES                                                   */

/* Issue IMPORT_PAGES with raw list pointers. */
static uint64_t pages_raw(uint64_t count, uint64_t hdr_buf, uint64_t data,
			  uint64_t dst)
{
	return UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_PAGES, d.r.rd, count,
		      hdr_buf, data, dst);
}

/* One valid content record at MD_IPA staged in the fixture's lists. */
static uint64_t stage_one(uint64_t *dst)
{
	uint8_t page[G];
	struct mig_hdr h;

	*dst = ut_alloc_delegated(1);
	memset(page, 0x5a, sizeof(page));
	md_page(&d.f, &h, page, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	memcpy(ut_va(d.hdrs), &h, sizeof(h));
	memcpy(ut_va(d.pages[0]), page, G);
	((uint64_t *)ut_va(d.data_list))[0] = d.pages[0];
	((uint64_t *)ut_va(d.dst_list))[0] = *dst;
	return *dst;
}

static void imp_pages_rd(void)
{
	uint64_t dst;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	stage_one(&dst);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_PAGES, d.buf, 1, d.hdrs,
			 d.data_list, d.dst_list), RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(pages_raw(1, d.hdrs, d.data_list, d.dst_list), RMI_SUCCESS);
	ASSERT_EQ(md_out.a[1], 1);
	finish();
}

static void imp_pages_state(void)
{
	uint64_t dst;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);	/* DST_OPEN */
	take(&s);
	stage_one(&dst);
	EXPECT_FAIL(pages_raw(1, d.hdrs, d.data_list, d.dst_list),
		    RMI_ERROR_REALM, &s);
	ASSERT_EQ(rmm_granule_state(dst), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(dst, 1), RMI_SUCCESS);
	finish();
}

static void imp_pages_count(void)
{
	uint64_t dst;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	stage_one(&dst);
	EXPECT_FAIL(pages_raw(0, d.hdrs, d.data_list, d.dst_list),
		    RMI_ERROR_INPUT, &s);
	EXPECT_FAIL(pages_raw(RMI_MIG_MAX_BATCH + 1, d.hdrs, d.data_list,
			      d.dst_list), RMI_ERROR_INPUT, &s);
	ASSERT_EQ(pages_raw(1, d.hdrs, d.data_list, d.dst_list), RMI_SUCCESS);
	finish();
}

static void imp_pages_hdr_buf(void)
{
	uint64_t dst, del;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	stage_one(&dst);
	EXPECT_FAIL(pages_raw(1, d.hdrs + 8, d.data_list, d.dst_list),
		    RMI_ERROR_INPUT, &s);
	del = ut_alloc_delegated(1);
	EXPECT_FAIL(pages_raw(1, del, d.data_list, d.dst_list),
		    RMI_ERROR_INPUT, &s);
	/* 2 headers from the last 64 bytes of an NS granule into an RD. */
	EXPECT_FAIL(pages_raw(2, d.r.rd - 0x40, d.data_list, d.dst_list),
		    RMI_ERROR_INPUT, &s);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	ASSERT_EQ(pages_raw(1, d.hdrs, d.data_list, d.dst_list), RMI_SUCCESS);
	finish();
}

static void list_cases(bool data)
{
	uint64_t dst, del, hd = d.hdrs, dl = d.data_list, sl = d.dst_list;
	uint64_t *l = data ? &dl : &sl, good = *l;
	struct snap s;

	take(&s);
	stage_one(&dst);
	*l = good + 4;
	EXPECT_FAIL(pages_raw(1, hd, dl, sl), RMI_ERROR_INPUT, &s);
	/* Two entries from the last 8 bytes: crosses the granule. */
	*l = good + G - 8;
	EXPECT_FAIL(pages_raw(2, hd, dl, sl), RMI_ERROR_INPUT, &s);
	del = ut_alloc_delegated(1);
	*l = del;
	EXPECT_FAIL(pages_raw(1, hd, dl, sl), RMI_ERROR_INPUT, &s);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	*l = good;
	ASSERT_EQ(pages_raw(1, hd, dl, sl), RMI_SUCCESS);
}

static void imp_pages_data_list(void)
{
	ASSERT_TRUE(importing(1));
	list_cases(true);
	finish();
}

static void imp_pages_dst_list(void)
{
	ASSERT_TRUE(importing(1));
	list_cases(false);
	finish();
}

/*
 * Two records, the second one bad (built by @bad on a valid one): the batch
 * imports the first (done = 1), then the second alone fails with @want.
 */
static void second_entry(uint64_t want, void (*bad)(struct mig_hdr *h,
						     uint8_t *page,
						     uint64_t *dst),
			 bool poison)
{
	uint8_t p0[G], p1[G], *pages[2] = { p0, p1 };
	uint64_t dst[2], done = 0;
	struct mig_hdr h[2];
	struct snap s;

	dst[0] = ut_alloc_delegated(1);
	dst[1] = ut_alloc_delegated(1);
	memset(p0, 1, G);
	memset(p1, 2, G);
	md_page(&d.f, &h[0], p0, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	md_page(&d.f, &h[1], p1, MD_IPA + G, RIPAS_RAM,
		RMI_MIG_HIPAS_ASSIGNED);
	bad(&h[1], p1, &dst[1]);
	ASSERT_EQ(md_import_pages(&d, 2, h, pages, dst, &done), RMI_SUCCESS);
	ASSERT_EQ(done, 1);
	ASSERT_EQ(rmm_granule_state(dst[0]), GRANULE_DATA);
	take(&s);
	if (poison) {
		EXPECT_POISON(md_import_pages(&d, 1, &h[1], &pages[1], &dst[1],
					      NULL), want, &s);
	} else {
		EXPECT_FAIL(md_import_pages(&d, 1, &h[1], &pages[1], &dst[1],
					    NULL), want, &s);
	}
	if (rmm_granule_state(dst[1]) == GRANULE_DELEGATED)
		ASSERT_EQ(ut_undelegate_free(dst[1], 1), RMI_SUCCESS);
}

static void bad_ripas(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	h->ripas = 3;
}

static void bad_has_data(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	h->flags &= ~RMI_MIG_HDR_F_HAS_DATA;
}

static void bad_ipa(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	h->ipa = 1ULL << 39;	/* unprotected */
}

static void imp_pages_fmt(void)
{
	ASSERT_TRUE(importing(1));
	second_entry(MIG(FORMAT), bad_ripas, true);
	finish();
	ASSERT_TRUE(importing(1));
	second_entry(MIG(FORMAT), bad_has_data, true);
	finish();
	ASSERT_TRUE(importing(1));
	second_entry(MIG(FORMAT), bad_ipa, true);
	finish();
}

static void bad_sid(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	h->session_id++;
}

static void imp_pages_binding(void)
{
	ASSERT_TRUE(importing(1));
	second_entry(MIG(BINDING), bad_sid, true);
	finish();
}

static void imp_pages_data(void)
{
	uint8_t p0[G], p1[G];
	uint64_t dst[2], done = 0, *data, bad_data_pa;
	struct mig_hdr h[2];
	struct snap s;

	ASSERT_TRUE(importing(1));
	dst[0] = ut_alloc_delegated(1);
	dst[1] = ut_alloc_delegated(1);
	bad_data_pa = ut_alloc_delegated(1);
	memset(p0, 1, G);
	memset(p1, 2, G);
	md_page(&d.f, &h[0], p0, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	md_page(&d.f, &h[1], p1, MD_IPA + G, RIPAS_RAM,
		RMI_MIG_HIPAS_ASSIGNED);
	memcpy(ut_va(d.hdrs), h, sizeof(h));
	memcpy(ut_va(d.pages[0]), p0, G);
	data = ut_va(d.data_list);
	data[0] = d.pages[0];
	data[1] = bad_data_pa;		/* delegated: not an NS granule */
	memcpy(ut_va(d.dst_list), dst, sizeof(dst));
	ASSERT_EQ(pages_raw(2, d.hdrs, d.data_list, d.dst_list), RMI_SUCCESS);
	done = md_out.a[1];
	ASSERT_EQ(done, 1);
	take(&s);
	memcpy(ut_va(d.hdrs), &h[1], sizeof(h[1]));
	data[0] = bad_data_pa;
	((uint64_t *)ut_va(d.dst_list))[0] = dst[1];
	EXPECT_FAIL(pages_raw(1, d.hdrs, d.data_list, d.dst_list),
		    RMI_ERROR_INPUT, &s);
	/* data_list 0 for a content record: also not an NS granule. */
	data[0] = 0;
	EXPECT_FAIL(pages_raw(1, d.hdrs, d.data_list, d.dst_list),
		    RMI_ERROR_INPUT, &s);
	/* Fixed: the same record imports. */
	memcpy(ut_va(d.pages[1]), p1, G);
	data[0] = d.pages[1];
	ASSERT_EQ(pages_raw(1, d.hdrs, d.data_list, d.dst_list), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(bad_data_pa, 1), RMI_SUCCESS);
	finish();
}

static void imp_pages_level(void)
{
	struct md_opts o = { .no_rtt = true };
	uint8_t p1[G], *pages[2] = { NULL, p1 };
	uint64_t dst[2] = { 0, 0 }, done = 0;
	struct mig_hdr h[2];
	struct ut_rtte e;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, &o), RMI_SUCCESS);
	ASSERT_EQ(md_dst_import_realm(&d), RMI_SUCCESS);
	/*
	 * Entry 0: UNASSIGNED EMPTY state-only record with dst 0 on the
	 * level 1 block that is already UNASSIGNED EMPTY: exempt.
	 * Entry 1: a content record: the walk stops at level 1.
	 */
	md_page(&d.f, &h[0], NULL, MD_IPA + 2 * G, RIPAS_EMPTY,
		RMI_MIG_HIPAS_UNASSIGNED);
	memset(p1, 7, G);
	md_page(&d.f, &h[1], p1, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	dst[1] = ut_alloc_delegated(1);
	ASSERT_EQ(md_import_pages(&d, 2, h, pages, dst, &done), RMI_SUCCESS);
	ASSERT_EQ(done, 1);
	ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.level, 1);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	take(&s);
	EXPECT_FAIL(md_import_pages(&d, 1, &h[1], &pages[1], &dst[1], NULL),
		    RMI_RETURN(RMI_ERROR_RTT, 1), &s);
	/* Not exempt: another RIPAS than the block's. */
	{
		struct md_forge save = d.f;
		struct mig_hdr x;

		d.f.counter = s.v[2];
		md_page(&d.f, &x, NULL, MD_IPA + 3 * G, RIPAS_RAM,
			RMI_MIG_HIPAS_UNASSIGNED);
		EXPECT_FAIL(md_import_pages(&d, 1, &x, NULL, NULL, NULL),
			    RMI_RETURN(RMI_ERROR_RTT, 1), &s);
		d.f = save;
	}
	/* The host creates the RTTs it is told to, and retries. */
	ASSERT_EQ(ut_rtt_create(&d.r, MD_IPA, 2), RMI_SUCCESS);
	EXPECT_FAIL(md_import_pages(&d, 1, &h[1], &pages[1], &dst[1], NULL),
		    RMI_RETURN(RMI_ERROR_RTT, 2), &s);
	ASSERT_EQ(ut_rtt_create(&d.r, MD_IPA, 3), RMI_SUCCESS);
	ASSERT_EQ(md_import_pages(&d, 1, &h[1], &pages[1], &dst[1], &done),
		  RMI_SUCCESS);
	ASSERT_EQ(done, 1);
	ASSERT_EQ(rmm_granule_state(dst[1]), GRANULE_DATA);
	finish();
}

static void bad_dst(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	ut_undelegate_free(*dst, 1);
	*dst = 0;
}

static void imp_pages_dst(void)
{
	uint8_t p[G], *pages[1] = { p };
	uint64_t dst, other, assigned;
	struct md_forge save;
	struct mig_hdr h;
	struct snap s;

	/* Second in a batch: done = 1, then INPUT (no poison). */
	ASSERT_TRUE(importing(1));
	second_entry(RMI_ERROR_INPUT, bad_dst, false);
	finish();

	ASSERT_TRUE(importing(1));
	ASSERT_EQ(md_dst_import_fill(&d, MD_IPA, 0x11, &assigned),
		  RMI_SUCCESS);
	take(&s);
	save = d.f;

	/* ASSIGNED record, UNASSIGNED entry: dst 0, an NS granule, a DATA. */
	memset(p, 3, G);
	md_page(&d.f, &h, p, MD_IPA + G, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	dst = 0;
	EXPECT_FAIL(md_import_pages(&d, 1, &h, pages, &dst, NULL),
		    RMI_ERROR_INPUT, &s);
	dst = d.buf;
	EXPECT_FAIL(md_import_pages(&d, 1, &h, pages, &dst, NULL),
		    RMI_ERROR_INPUT, &s);
	dst = assigned;
	EXPECT_FAIL(md_import_pages(&d, 1, &h, pages, &dst, NULL),
		    RMI_ERROR_INPUT, &s);
	ASSERT_EQ(rmm_granule_state(assigned), GRANULE_DATA);

	/* ASSIGNED record, ASSIGNED entry: not the entry's address. */
	d.f = save;
	memset(p, 4, G);
	md_page(&d.f, &h, p, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	other = ut_alloc_delegated(1);
	dst = other;
	EXPECT_FAIL(md_import_pages(&d, 1, &h, pages, &dst, NULL),
		    RMI_ERROR_INPUT, &s);
	ASSERT_EQ(rmm_granule_state(other), GRANULE_DELEGATED);

	/* UNASSIGNED record, UNASSIGNED entry: not 0. */
	d.f = save;
	md_page(&d.f, &h, NULL, MD_IPA + G, RIPAS_EMPTY,
		RMI_MIG_HIPAS_UNASSIGNED);
	dst = other;
	EXPECT_FAIL(md_import_pages(&d, 1, &h, NULL, &dst, NULL),
		    RMI_ERROR_INPUT, &s);

	/* UNASSIGNED record, ASSIGNED entry: not the entry's address. */
	d.f = save;
	md_page(&d.f, &h, NULL, MD_IPA, RIPAS_DESTROYED,
		RMI_MIG_HIPAS_UNASSIGNED);
	dst = 0;
	EXPECT_FAIL(md_import_pages(&d, 1, &h, NULL, &dst, NULL),
		    RMI_ERROR_INPUT, &s);
	/* With it: unmapped, the granule returns to DELEGATED. */
	dst = assigned;
	ASSERT_EQ(md_import_pages(&d, 1, &h, NULL, &dst, NULL), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(assigned), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(assigned, 1), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(other, 1), RMI_SUCCESS);
	finish();
}

static void bad_counter(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	/* Re-sealed authentically one position too far (a gap). */
	h->counter++;
	memset(page, 2, G);
	md_seal(&d.f, h, page, G);
}

static void bad_epoch(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	h->epoch++;
	memset(page, 2, G);
	md_seal(&d.f, h, page, G);
}

static void imp_pages_seq(void)
{
	ASSERT_TRUE(importing(1));
	second_entry(MIG(SEQUENCE), bad_counter, true);
	finish();
	ASSERT_TRUE(importing(1));
	second_entry(MIG(SEQUENCE), bad_epoch, true);
	finish();
}

static void bad_cipher(struct mig_hdr *h, uint8_t *page, uint64_t *dst)
{
	page[100] ^= 1;
}

static void imp_pages_auth(void)
{
	ASSERT_TRUE(importing(1));
	second_entry(MIG(AUTH), bad_cipher, true);
	finish();
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_EPOCH                                                   */

static uint64_t epoch_import(const struct mig_epoch_blob *b)
{
	return md_import_blob(&d, SMC_RMI_MIG_IMPORT_EPOCH, b, sizeof(*b));
}

static void imp_epoch_rd(void)
{
	struct mig_epoch_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_epoch(&d.f, &b);
	memcpy(ut_va(d.buf), &b, sizeof(b));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_EPOCH, d.rec[0], d.buf),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(epoch_import(&b), RMI_SUCCESS);
	finish();
}

static void imp_epoch_state(void)
{
	struct mig_epoch_blob b;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	take(&s);
	md_epoch(&d.f, &b);
	EXPECT_FAIL(epoch_import(&b), RMI_ERROR_REALM, &s);
	finish();
}

static void imp_epoch_buf(void)
{
	struct mig_epoch_blob b;
	uint64_t del;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_epoch(&d.f, &b);
	del = ut_alloc_delegated(1);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_EPOCH, d.r.rd, del),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	ASSERT_EQ(epoch_import(&b), RMI_SUCCESS);
	finish();
}

static void imp_epoch_fmt(void)
{
	struct mig_epoch_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_epoch(&d.f, &b);
	b.h.type = RMI_MIG_BLOB_END;
	EXPECT_POISON(epoch_import(&b), MIG(FORMAT), &s);
	finish();
}

static void imp_epoch_binding(void)
{
	struct mig_epoch_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_epoch(&d.f, &b);
	b.h.session_id = 0;
	EXPECT_POISON(epoch_import(&b), MIG(BINDING), &s);
	finish();
}

static void imp_epoch_seq(void)
{
	struct mig_epoch_blob b;
	struct snap s;

	/* A page record was dropped before the token. */
	ASSERT_TRUE(importing(1));
	take(&s);
	{
		struct mig_hdr h;

		md_page(&d.f, &h, NULL, MD_IPA, RIPAS_EMPTY,
			RMI_MIG_HIPAS_UNASSIGNED);
	}
	md_epoch(&d.f, &b);
	EXPECT_POISON(epoch_import(&b), MIG(SEQUENCE), &s);
	finish();
}

static void imp_epoch_auth(void)
{
	struct mig_epoch_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_epoch(&d.f, &b);
	b.h.tag[15] ^= 1;
	EXPECT_POISON(epoch_import(&b), MIG(AUTH), &s);
	finish();
}

/* An epoch token at the forger's position with plaintext edited by @v. */
static void epoch_forged(struct mig_epoch_blob *b, unsigned int v)
{
	memset(b, 0, sizeof(*b));
	mig_hdr_init(&d.f.s, &b->h, RMI_MIG_BLOB_EPOCH, d.f.counter,
		     d.f.epoch, RMI_MIG_EPOCH_BODY_LEN, false);
	b->b.records = d.f.epoch_records;
	b->b.content = d.f.epoch_content;
	b->b.next_epoch = d.f.epoch + 1;
	switch (v) {
	case 0:
		b->b.next_epoch = d.f.epoch + 2;
		break;
	case 1:
		b->b.reserved[0] = 1;
		break;
	case 2:
		b->b.records++;
		break;
	case 3:
		b->b.content++;
		break;
	}
	md_seal(&d.f, &b->h, &b->b, sizeof(b->b));
}

static void imp_epoch_body_fmt(void)
{
	struct mig_epoch_blob b;
	unsigned int v;
	struct snap s;

	for (v = 0; v < 2; v++) {
		ASSERT_TRUE(importing(1));
		take(&s);
		epoch_forged(&b, v);
		EXPECT_POISON(epoch_import(&b), MIG(FORMAT), &s);
		finish();
	}
}

static void imp_epoch_count(void)
{
	struct mig_epoch_blob b;
	unsigned int v;
	struct snap s;

	for (v = 2; v < 4; v++) {
		ASSERT_TRUE(importing(1));
		ASSERT_EQ(md_dst_import_fill(&d, MD_IPA, 1, NULL),
			  RMI_SUCCESS);
		take(&s);
		epoch_forged(&b, v);
		EXPECT_POISON(epoch_import(&b), MIG(INCOMPLETE), &s);
		finish();
	}
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_REC                                                     */

static void imp_rec_rd(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	memcpy(ut_va(d.buf), &b, sizeof(b));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REC, d.rec[0], d.rec[0],
			 d.buf), RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &b), RMI_SUCCESS);
	finish();
}

static void imp_rec_state(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	EXPECT_FAIL(md_import_rec(&d, d.rec[0], &b), RMI_ERROR_REALM, &s);
	finish();
}

static void imp_rec_rec(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	EXPECT_FAIL(md_import_rec(&d, d.buf, &b), RMI_ERROR_INPUT, &s);
	EXPECT_FAIL(md_import_rec(&d, d.r.rd, &b), RMI_ERROR_INPUT, &s);
	EXPECT_FAIL(md_import_rec(&d, d.rec[0] + 8, &b), RMI_ERROR_INPUT, &s);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &b), RMI_SUCCESS);
	finish();
}

static void imp_rec_owner(void)
{
	struct md_opts o = { .no_open = true };
	struct md_dst other;
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_EQ(md_dst_create(&other, &o), RMI_SUCCESS);
	ASSERT_TRUE(importing(1));
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	EXPECT_FAIL(md_import_rec(&d, other.rec[0], &b), RMI_ERROR_REC, &s);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &b), RMI_SUCCESS);
	ASSERT_EQ(md_dst_destroy(&other), RMI_SUCCESS);
	finish();
}

static void imp_rec_imported(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	md_rec(&d.f, &b, 0, NULL);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &b), RMI_SUCCESS);
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	EXPECT_FAIL(md_import_rec(&d, d.rec[0], &b), RMI_ERROR_REC, &s);
	finish();
}

static void imp_rec_buf(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	memcpy(ut_va(d.buf), &b, sizeof(b));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REC, d.r.rd, d.rec[0],
			 d.buf + 8), RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REC, d.r.rd, d.rec[0],
			 d.rec[0]), RMI_ERROR_INPUT);
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &b), RMI_SUCCESS);
	finish();
}

static void imp_rec_fmt(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	b.h.ripas = 1;		/* only PAGE records have a RIPAS */
	EXPECT_POISON(md_import_rec(&d, d.rec[0], &b), MIG(FORMAT), &s);
	finish();
}

static void imp_rec_binding(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	b.h.session_id ^= 1ULL << 63;
	EXPECT_POISON(md_import_rec(&d, d.rec[0], &b), MIG(BINDING), &s);
	finish();
}

static void imp_rec_mpidr(void)
{
	struct mig_rec_blob b;
	struct snap s;

	/* A host error: no poison, the host retries with the right REC. */
	ASSERT_TRUE(importing(2));
	take(&s);
	md_rec(&d.f, &b, rec_index_to_mpidr(1), NULL);
	EXPECT_FAIL(md_import_rec(&d, d.rec[0], &b), RMI_ERROR_REC, &s);
	ASSERT_EQ(dst_state(), RMI_MIG_DST_IMPORTING);
	ASSERT_EQ(md_import_rec(&d, d.rec[1], &b), RMI_SUCCESS);
	finish();
}

static void imp_rec_seq(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	d.f.counter += 1;	/* a record went missing before it */
	md_rec(&d.f, &b, 0, NULL);
	EXPECT_POISON(md_import_rec(&d, d.rec[0], &b), MIG(SEQUENCE), &s);
	finish();
}

static void imp_rec_auth(void)
{
	struct mig_rec_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	take(&s);
	md_rec(&d.f, &b, 0, NULL);
	b.b.pc ^= 4;		/* ciphertext bit flip */
	EXPECT_POISON(md_import_rec(&d, d.rec[0], &b), MIG(AUTH), &s);
	finish();
}

static void imp_rec_body_fmt(void)
{
	struct mig_rec_body body;
	struct mig_rec_blob b;
	unsigned int v;
	struct snap s;

	for (v = 0; v < 9; v++) {
		ASSERT_TRUE(importing(1));
		take(&s);
		md_rec_body(&body, 0, MD_IPA, 0);
		switch (v) {
		case 0:
			body.pstate |= 1 << 4;	/* AArch32 */
			break;
		case 1:
			body.pstate = 0x3c9;	/* EL2h */
			break;
		case 2:
			body.mpidr = 1;
			break;
		case 3:
			body.flags = 2;
			break;
		case 4:
			body.pending = 5;
			break;
		case 5:
			body.ripas_value = 3;
			break;
		case 6:
			body.nr_lrs = 17;
			break;
		case 7:
			body.ripas_rejected = 2;
			break;
		default:
			body.reserved3[143] = 1;
			break;
		}
		md_rec(&d.f, &b, 0, &body);
		EXPECT_POISON(md_import_rec(&d, d.rec[0], &b), MIG(FORMAT),
			      &s);
		ASSERT_FALSE(rec_from_pa(d.rec[0])->mig_done);
		finish();
	}
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_END                                                     */

static uint64_t end_import(const struct mig_end_blob *b)
{
	return md_import_blob(&d, SMC_RMI_MIG_IMPORT_END, b, sizeof(*b));
}

/* Import every REC's record. */
static bool recs_imported(void)
{
	struct mig_rec_blob b;
	unsigned int i;

	for (i = 0; i < d.nr_recs; i++) {
		md_rec(&d.f, &b, rec_index_to_mpidr(i), NULL);
		if (md_import_rec(&d, d.rec[i], &b) != RMI_SUCCESS)
			return false;
	}
	return true;
}

static void imp_end_rd(void)
{
	struct mig_end_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	ASSERT_TRUE(recs_imported());
	take(&s);
	md_end(&d.f, &b, 0);
	memcpy(ut_va(d.buf), &b, sizeof(b));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_END, 0, d.buf),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(end_import(&b), RMI_SUCCESS);
	finish();
}

static void imp_end_state(void)
{
	struct mig_end_blob b;
	struct snap s;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	take(&s);
	md_end(&d.f, &b, 0);
	EXPECT_FAIL(end_import(&b), RMI_ERROR_REALM, &s);
	finish();
}

static void imp_end_buf(void)
{
	struct mig_end_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	ASSERT_TRUE(recs_imported());
	take(&s);
	md_end(&d.f, &b, 0);
	memcpy(ut_va(d.buf), &b, sizeof(b));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_END, d.r.rd, d.r.rd),
		  RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_TRUE(same_counters(&s));
	ASSERT_EQ(end_import(&b), RMI_SUCCESS);
	finish();
}

static void imp_end_recs(void)
{
	struct mig_end_blob b;
	struct mig_rec_blob rb;
	struct md_forge save;
	struct snap s;

	/* REC 1 not imported: refused before the token is consumed. */
	ASSERT_TRUE(importing(2));
	md_rec(&d.f, &rb, 0, NULL);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &rb), RMI_SUCCESS);
	take(&s);
	save = d.f;
	md_end(&d.f, &b, 0);
	EXPECT_FAIL(end_import(&b), RMI_ERROR_REC, &s);
	/* The host imports it and retries (with a token after it). */
	d.f = save;
	md_rec(&d.f, &rb, rec_index_to_mpidr(1), NULL);
	ASSERT_EQ(md_import_rec(&d, d.rec[1], &rb), RMI_SUCCESS);
	md_end(&d.f, &b, 0);
	ASSERT_EQ(end_import(&b), RMI_SUCCESS);
	finish();

	/* One REC too many: the host destroys it and retries. */
	{
		struct md_opts o = { .nr_recs = 2 };

		ASSERT_EQ(md_dst_create(&d, &o), RMI_SUCCESS);
		d.f.nr_recs = 1;
		ASSERT_EQ(md_dst_import_realm(&d), RMI_SUCCESS);
	}
	md_rec(&d.f, &rb, 0, NULL);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &rb), RMI_SUCCESS);
	take(&s);
	md_end(&d.f, &b, 0);
	EXPECT_FAIL(end_import(&b), RMI_ERROR_REC, &s);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_DESTROY, d.rec[1]), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(d.rec[1], 1), RMI_SUCCESS);
	d.r.recs[1] = 0;
	d.r.nr_recs = 1;
	ASSERT_EQ(end_import(&b), RMI_SUCCESS);
	finish();
}

static void imp_end_fmt(void)
{
	struct mig_end_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	ASSERT_TRUE(recs_imported());
	take(&s);
	md_end(&d.f, &b, 0);
	b.h.flags |= RMI_MIG_HDR_F_HAS_DATA;
	EXPECT_POISON(end_import(&b), MIG(FORMAT), &s);
	finish();
}

static void imp_end_binding(void)
{
	struct mig_end_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	ASSERT_TRUE(recs_imported());
	take(&s);
	md_end(&d.f, &b, 0);
	b.h.session_id = ~b.h.session_id;
	EXPECT_POISON(end_import(&b), MIG(BINDING), &s);
	finish();
}

static void imp_end_seq(void)
{
	struct mig_end_blob b;
	struct mig_hdr h;
	struct snap s;

	/* The end token moved up before the last record. */
	ASSERT_TRUE(importing(1));
	ASSERT_TRUE(recs_imported());
	take(&s);
	md_page(&d.f, &h, NULL, MD_IPA, RIPAS_EMPTY, RMI_MIG_HIPAS_UNASSIGNED);
	md_end(&d.f, &b, 0);
	EXPECT_POISON(end_import(&b), MIG(SEQUENCE), &s);
	finish();
}

static void imp_end_auth(void)
{
	struct mig_end_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	ASSERT_TRUE(recs_imported());
	take(&s);
	md_end(&d.f, &b, 0);
	b.b.content ^= 1;
	EXPECT_POISON(end_import(&b), MIG(AUTH), &s);
	finish();
}

/* The end token at the forger's position with plaintext edited by @v. */
static void end_forged(struct mig_end_blob *b, unsigned int v)
{
	memset(b, 0, sizeof(*b));
	mig_hdr_init(&d.f.s, &b->h, RMI_MIG_BLOB_END, d.f.counter, d.f.epoch,
		     RMI_MIG_END_BODY_LEN, false);
	b->b.content = d.f.content;
	b->b.state_only = d.f.state_only;
	b->b.epochs = d.f.epochs;
	b->b.recs = d.f.recs;
	switch (v) {
	case 0:
		b->b.reserved[23] = 1;
		break;
	case 1:
		b->b.content++;
		break;
	case 2:
		b->b.state_only++;
		break;
	case 3:
		b->b.epochs++;
		break;
	case 4:
		b->b.recs--;
		break;
	}
	md_seal(&d.f, &b->h, &b->b, sizeof(b->b));
}

static void imp_end_body_fmt(void)
{
	struct mig_end_blob b;
	struct snap s;

	ASSERT_TRUE(importing(1));
	ASSERT_TRUE(recs_imported());
	take(&s);
	end_forged(&b, 0);
	EXPECT_POISON(end_import(&b), MIG(FORMAT), &s);
	finish();
}

static void imp_end_totals(void)
{
	struct mig_end_blob b;
	struct mig_epoch_blob e;
	unsigned int v;
	struct snap s;

	for (v = 1; v < 5; v++) {
		ASSERT_TRUE(importing(1));
		ASSERT_EQ(md_dst_import_fill(&d, MD_IPA, 9, NULL),
			  RMI_SUCCESS);
		md_epoch(&d.f, &e);
		ASSERT_EQ(epoch_import(&e), RMI_SUCCESS);
		ASSERT_TRUE(recs_imported());
		take(&s);
		end_forged(&b, v);
		EXPECT_POISON(end_import(&b), MIG(INCOMPLETE), &s);
		ASSERT_EQ(rmm_granule_state(d.r.rd), GRANULE_RD);
		finish();
	}
}

/* ---------------------------------------------------------------------- */
/* Success conditions                                                     */

static void import_success(void)
{
	uint8_t page[G], rim[64], *pages[3] = { page, NULL, NULL };
	uint64_t dst[3], st[6], data, assigned;
	struct mig_rec_body body;
	struct mig_epoch_blob e;
	struct mig_rec_blob rb;
	struct mig_end_blob eb;
	struct mig_hdr h[3];
	struct rmm_rec *rec;
	struct ut_rtte re;
	unsigned int i;

	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	ASSERT_EQ(md_state(d.r.rd, st), RMI_MIG_DST_OPEN);
	ASSERT_EQ(md_dst_import_realm(&d), RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(d.r.rd, rim));
	ASSERT_MEM_EQ(rim, d.rim, 64);
	ASSERT_EQ(md_state(d.r.rd, st), RMI_MIG_DST_IMPORTING);
	ASSERT_EQ(st[2], 1);

	/* Epoch 0: content, ASSIGNED EMPTY (zero content), state-only. */
	memset(page, 0xc3, sizeof(page));
	md_page(&d.f, &h[0], page, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	md_page(&d.f, &h[1], NULL, MD_IPA + G, RIPAS_EMPTY,
		RMI_MIG_HIPAS_ASSIGNED);
	md_page(&d.f, &h[2], NULL, MD_IPA + 2 * G, RIPAS_DESTROYED,
		RMI_MIG_HIPAS_UNASSIGNED);
	dst[0] = ut_alloc_delegated(1);
	dst[1] = ut_alloc_delegated(1);
	dst[2] = 0;
	memset(granule_va(dst[1]), 0xff, G);
	ASSERT_EQ(md_import_pages(&d, 3, h, pages, dst, &data), RMI_SUCCESS);
	ASSERT_EQ(data, 3);
	ASSERT_EQ(rmm_granule_state(dst[0]), GRANULE_DATA);
	memset(page, 0xc3, sizeof(page));
	ASSERT_MEM_EQ(granule_va(dst[0]), page, G);
	memset(page, 0, sizeof(page));
	ASSERT_MEM_EQ(granule_va(dst[1]), page, G);
	ASSERT_EQ(ut_read_entry(&d.r, MD_IPA + G, 3, &re), RMI_SUCCESS);
	ASSERT_EQ(re.state, RMI_ASSIGNED);
	ASSERT_EQ(re.ripas, RIPAS_EMPTY);
	ASSERT_EQ(ut_read_entry(&d.r, MD_IPA + 2 * G, 3, &re), RMI_SUCCESS);
	ASSERT_EQ(re.state, RMI_UNASSIGNED);
	ASSERT_EQ(re.ripas, RIPAS_DESTROYED);
	ASSERT_EQ(md_state(d.r.rd, st), RMI_MIG_DST_IMPORTING);
	ASSERT_EQ(st[2], 4);
	ASSERT_EQ(st[3], 1);
	ASSERT_EQ(st[4], 2);
	ASSERT_EQ(st[5], 0);

	md_epoch(&d.f, &e);
	ASSERT_EQ(epoch_import(&e), RMI_SUCCESS);
	ASSERT_EQ(md_state(d.r.rd, st), RMI_MIG_DST_IMPORTING);
	ASSERT_EQ(st[1], 1);
	ASSERT_EQ(st[2], 5);

	/* Epoch 1: the content page is rewritten in place. */
	memset(page, 0x3c, sizeof(page));
	md_page(&d.f, &h[0], page, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	assigned = dst[0];
	ASSERT_EQ(md_import_pages(&d, 1, h, pages, &assigned, NULL),
		  RMI_SUCCESS);
	memset(page, 0x3c, sizeof(page));
	ASSERT_MEM_EQ(granule_va(dst[0]), page, G);

	md_rec_body(&body, 0, MD_IPA + 0x40, 0x1234);
	body.gprs[30] = 0xfeed;
	body.sp_el1 = MD_IPA + 0x8000;
	body.tpidr_el1 = 0x77;
	body.v[31][1] = 0xabcdef;
	body.cntv_cval_el0 = 0x999;
	body.pending = REC_PENDING_HOST_CALL;
	body.host_call_ipa = MD_IPA + 0x100;
	md_rec(&d.f, &rb, 0, &body);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &rb), RMI_SUCCESS);
	rec = rec_from_pa(d.rec[0]);
	ASSERT_EQ(rec->ctx.pc, MD_IPA + 0x40);
	ASSERT_EQ(rec->ctx.gprs[0], 0x1234);
	ASSERT_EQ(rec->ctx.gprs[30], 0xfeed);
	ASSERT_EQ(rec->ctx.sp_el1, MD_IPA + 0x8000);
	ASSERT_EQ(rec->ctx.tpidr_el1, 0x77);
	ASSERT_EQ(rec->ctx.vregs[31][1], 0xabcdef);
	ASSERT_EQ(rec->ctx.cntv_cval, 0x999);
	ASSERT_EQ(rec->pending, REC_PENDING_HOST_CALL);
	ASSERT_EQ(rec->host_call_ipa, MD_IPA + 0x100);
	ASSERT_TRUE(rec->runnable);

	md_end(&d.f, &eb, 12345);
	ASSERT_EQ(end_import(&eb), RMI_SUCCESS);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(md_state(d.r.rd, st), RMI_MIG_NONE);
	for (i = 1; i < 6; i++)
		ASSERT_EQ(st[i], 0);
	ASSERT_EQ(realm_from_rd(d.r.rd)->state, REALM_ACTIVE);
	/* md_end() puts 0x11 in the first 32 bytes of REM[1]. */
	memset(page, 0, 64);
	memset(page, 0x11, 32);
	ASSERT_MEM_EQ(realm_from_rd(d.r.rd)->rem[1], page, 64);
	ASSERT_TRUE(rmm_realm_rim(d.r.rd, rim));
	ASSERT_MEM_EQ(rim, d.rim, 64);
	/* Virtual counter: cntvct_at_pause + time since, never less. */
	ASSERT_LE(mig_counter_now() - rec->ctx.cntvoff, 12345 + MIG_CNTFRQ);
	ASSERT_GE(mig_counter_now() - rec->ctx.cntvoff, 12345);
	/* No way back: no abort token for a Realm that may run here. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.r.rd, d.buf),
		  RMI_ERROR_REALM);
	finish();
}

/* A page record may be imported several times in one batch (new data). */
static void import_same_ipa_twice(void)
{
	uint8_t p0[G], p1[G], *pages[2] = { p0, p1 };
	uint64_t dst[2], done;
	struct mig_hdr h[2];

	ASSERT_TRUE(importing(1));
	memset(p0, 1, G);
	memset(p1, 2, G);
	md_page(&d.f, &h[0], p0, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	md_page(&d.f, &h[1], p1, MD_IPA, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	dst[0] = dst[1] = ut_alloc_delegated(1);
	ASSERT_EQ(md_import_pages(&d, 2, h, pages, dst, &done), RMI_SUCCESS);
	ASSERT_EQ(done, 2);
	memset(p1, 2, G);
	ASSERT_MEM_EQ(granule_va(dst[0]), p1, G);
	finish();
}

/* ---------------------------------------------------------------------- */
/* Section 3.3/3.6: the import-mode Realm                                  */

/* A fresh destination driven to mig state @st (a DST_* state). */
static bool dst_in(enum rmi_mig_state st)
{
	struct md_opts o = { .no_open = st == RMI_MIG_DST_NEW };
	struct mig_epoch_blob e;

	if (md_dst_create(&d, &o) != RMI_SUCCESS)
		return false;
	if (st == RMI_MIG_DST_NEW || st == RMI_MIG_DST_OPEN)
		return md_state(d.r.rd, NULL) == st;
	if (md_dst_import_realm(&d) != RMI_SUCCESS)
		return false;
	if (st == RMI_MIG_DST_FAILED) {
		md_epoch(&d.f, &e);
		e.h.tag[0] ^= 1;
		md_import_blob(&d, SMC_RMI_MIG_IMPORT_EPOCH, &e, sizeof(e));
	}
	if (st == RMI_MIG_DST_ABORTED || st == RMI_MIG_DST_DEAD)
		UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.r.rd, d.buf);
	if (st == RMI_MIG_DST_DEAD)
		UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, d.r.rd);
	return md_state(d.r.rd, NULL) == st;
}

/* rmi.activate: only RMI_MIG_IMPORT_END activates a destination. */
static void dst_activate(void)
{
	enum rmi_mig_state st;

	for (st = RMI_MIG_DST_NEW; st <= RMI_MIG_DST_DEAD; st++) {
		ASSERT_TRUE(dst_in(st));
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, d.r.rd),
			  RMI_ERROR_REALM);
		ASSERT_EQ(realm_from_rd(d.r.rd)->state, REALM_NEW);
		ASSERT_EQ(md_state(d.r.rd, NULL), st);
		finish();
	}
}

/* rmi.init_ripas: a destination is never measured. */
static void dst_init_ripas(void)
{
	enum rmi_mig_state st;
	uint8_t rim[64], rim2[64];
	struct ut_rtte e;

	for (st = RMI_MIG_DST_NEW; st <= RMI_MIG_DST_DEAD; st++) {
		ASSERT_TRUE(dst_in(st));
		ASSERT_TRUE(rmm_realm_rim(d.r.rd, rim));
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_INIT_RIPAS, d.r.rd, MD_IPA,
				 MD_IPA + G), RMI_ERROR_REALM);
		ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
		ASSERT_EQ(e.ripas, RIPAS_EMPTY);
		ASSERT_TRUE(rmm_realm_rim(d.r.rd, rim2));
		ASSERT_MEM_EQ(rim, rim2, 64);
		finish();
	}
}

/* rmi.data_map_init: nor populated by the host. */
static void dst_data_map_init(void)
{
	enum rmi_mig_state st;
	struct ut_rtte e;
	uint64_t del, src;

	for (st = RMI_MIG_DST_NEW; st <= RMI_MIG_DST_DEAD; st++) {
		ASSERT_TRUE(dst_in(st));
		del = ut_alloc_delegated(1);
		src = ut_alloc_granule();
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP_INIT, d.r.rd, del,
				 MD_IPA, src, RMI_MEASURE_CONTENT),
			  RMI_ERROR_REALM);
		ASSERT_EQ(rmm_granule_state(del), GRANULE_DELEGATED);
		ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
		ASSERT_EQ(e.state, RMI_UNASSIGNED);
		ut_free_granule(src);
		ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
		finish();
	}
}

/* rmi.data_map: memory comes from RMI_MIG_IMPORT_PAGES only. */
static void dst_data_map(void)
{
	enum rmi_mig_state st;
	struct ut_rtte e;
	uint64_t del;

	for (st = RMI_MIG_DST_NEW; st <= RMI_MIG_DST_DEAD; st++) {
		ASSERT_TRUE(dst_in(st));
		del = ut_alloc_delegated(1);
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP, d.r.rd, MD_IPA,
				 MD_IPA + G, RMI_ADDR_TYPE_SINGLE,
				 ut_range_desc(del, 1, 0)), RMI_ERROR_REALM);
		ASSERT_EQ(rmm_granule_state(del), GRANULE_DELEGATED);
		ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
		ASSERT_EQ(e.state, RMI_UNASSIGNED);
		ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
		finish();
	}
}

/*
 * rmi.data_unmap: imported pages stay while the import runs (DST_OPEN,
 * DST_IMPORTING); a failed or aborted import may be torn down.
 */
static void dst_data_unmap(void)
{
	struct ut_rtte e;
	uint64_t pa;

	ASSERT_TRUE(dst_in(RMI_MIG_DST_OPEN));
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_UNMAP, d.r.rd, MD_IPA,
			 MD_IPA + G, RMI_ADDR_TYPE_NONE, 0), RMI_ERROR_REALM);
	finish();

	ASSERT_TRUE(importing(1));
	ASSERT_EQ(md_dst_import_fill(&d, MD_IPA, 0x42, &pa), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_UNMAP, d.r.rd, MD_IPA,
			 MD_IPA + G, RMI_ADDR_TYPE_NONE, 0), RMI_ERROR_REALM);
	ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_ASSIGNED);
	ASSERT_EQ(rmm_granule_state(pa), GRANULE_DATA);
	/* After an abort it is allowed again. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.r.rd, d.buf), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DATA_UNMAP, d.r.rd, MD_IPA,
			 MD_IPA + G, RMI_ADDR_TYPE_NONE, 0), RMI_SUCCESS);
	ASSERT_EQ(rmm_granule_state(pa), GRANULE_DELEGATED);
	ASSERT_EQ(ut_undelegate_free(pa, 1), RMI_SUCCESS);
	finish();
}

/* rmi.rtt_destroy: likewise for the RTTs the records were placed in. */
static void dst_rtt_destroy(void)
{
	enum rmi_mig_state st;
	struct ut_rtte e;

	for (st = RMI_MIG_DST_OPEN; st <= RMI_MIG_DST_IMPORTING; st++) {
		ASSERT_TRUE(dst_in(st));
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_RTT_DESTROY, d.r.rd, MD_IPA, 3),
			  RMI_ERROR_REALM);
		ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
		ASSERT_EQ(e.level, 3);
		finish();
	}
	ASSERT_TRUE(dst_in(RMI_MIG_DST_FAILED));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_RTT_DESTROY, d.r.rd, MD_IPA, 3),
		  RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(md_out.a[1], 1), RMI_SUCCESS);
	finish();
}

/*
 * rmi.realm_destroy, destination states (the source ones are in
 * rmm_mig_rmi_test.c): only DST_NEW and DST_DEAD may be destroyed.
 */
static void dst_realm_destroy(void)
{
	enum rmi_mig_state st;

	for (st = RMI_MIG_DST_NEW; st <= RMI_MIG_DST_DEAD; st++) {
		bool ok = st == RMI_MIG_DST_NEW || st == RMI_MIG_DST_DEAD;

		ASSERT_TRUE(dst_in(st));
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, d.r.rd),
			  RMI_SUCCESS);
		/* RECs and RTTs still there: REALM either way, unless ok. */
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, d.r.rd),
			  RMI_ERROR_REALM);
		ASSERT_EQ(mig_rmi_refused(realm_from_rd(d.r.rd),
					  MIG_RMI_REALM_DESTROY), !ok);
		finish();
	}
}

/* Section 3.6: RMI_REC_CREATE on a destination does not extend the RIM. */
static void dst_rec_create_no_rim(void)
{
	uint8_t rim[64], rim2[64];
	uint64_t rec;

	ASSERT_TRUE(dst_in(RMI_MIG_DST_NEW));
	ASSERT_TRUE(rmm_realm_rim(d.r.rd, rim));
	ASSERT_EQ(ur_rec_create(&d.r, 1, MD_IPA, NULL, true, &rec),
		  RMI_SUCCESS);
	ASSERT_TRUE(rmm_realm_rim(d.r.rd, rim2));
	ASSERT_MEM_EQ(rim, rim2, 64);
	finish();
}

/*
 * rmi.dst_set_ripas: a RIPAS request pending in an imported REC is not
 * completed during the import; after IMPORT_END it is.
 */
static void rmi_dst_set_ripas(void)
{
	struct mig_rec_body body;
	struct mig_rec_blob rb;
	struct mig_end_blob eb;
	struct ut_rtte e;

	ASSERT_TRUE(importing(1));
	md_rec_body(&body, 0, MD_IPA, 0);
	body.pending = REC_PENDING_RIPAS;
	body.ripas_addr = MD_IPA;
	body.ripas_top = MD_IPA + G;
	body.ripas_value = RIPAS_RAM;
	body.ripas_flags = RSI_CHANGE_DESTROYED;
	md_rec(&d.f, &rb, 0, &body);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &rb), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_RTT_SET_RIPAS, d.r.rd, d.rec[0],
			 MD_IPA, MD_IPA + G), RMI_ERROR_REALM);
	ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_EMPTY);
	ASSERT_EQ(rec_from_pa(d.rec[0])->ripas_addr, MD_IPA);
	md_end(&d.f, &eb, 0);
	ASSERT_EQ(md_import_blob(&d, SMC_RMI_MIG_IMPORT_END, &eb, sizeof(eb)),
		  RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_RTT_SET_RIPAS, d.r.rd, d.rec[0],
			 MD_IPA, MD_IPA + G), RMI_SUCCESS);
	ASSERT_EQ(ut_read_entry(&d.r, MD_IPA, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.ripas, RIPAS_RAM);
	finish();
}

/* rmi.dst_psci_complete: likewise for a pending PSCI_CPU_ON. */
static void rmi_dst_psci_complete(void)
{
	struct mig_rec_body body;
	struct mig_rec_blob rb;
	struct mig_end_blob eb;

	ASSERT_TRUE(importing(2));
	md_rec_body(&body, 0, MD_IPA, 0);
	body.pending = REC_PENDING_PSCI;
	body.psci_fid = PSCI_CPU_ON;
	body.psci_target = rec_index_to_mpidr(1);
	body.gprs[2] = MD_IPA + 0x100;
	md_rec(&d.f, &rb, 0, &body);
	ASSERT_EQ(md_import_rec(&d, d.rec[0], &rb), RMI_SUCCESS);
	md_rec_body(&body, rec_index_to_mpidr(1), MD_IPA, 0);
	body.flags = 0;				/* off */
	md_rec(&d.f, &rb, rec_index_to_mpidr(1), &body);
	ASSERT_EQ(md_import_rec(&d, d.rec[1], &rb), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_PSCI_COMPLETE, d.rec[0],
			 PSCI_RET_SUCCESS), RMI_ERROR_REALM);
	ASSERT_FALSE(rec_from_pa(d.rec[1])->runnable);
	ASSERT_EQ(rec_from_pa(d.rec[0])->pending, REC_PENDING_PSCI);
	md_end(&d.f, &eb, 0);
	ASSERT_EQ(md_import_blob(&d, SMC_RMI_MIG_IMPORT_END, &eb, sizeof(eb)),
		  RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_PSCI_COMPLETE, d.rec[0],
			 PSCI_RET_SUCCESS), RMI_SUCCESS);
	ASSERT_TRUE(rec_from_pa(d.rec[1])->runnable);
	ASSERT_EQ(rec_from_pa(d.rec[1])->ctx.pc, MD_IPA + 0x100);
	finish();
}

static const struct test_case cases[] = {
	TEST_CASE(imp_realm_rd),
	TEST_CASE(imp_realm_state),
	TEST_CASE(imp_realm_buf),
	TEST_CASE(imp_realm_fmt),
	TEST_CASE(imp_realm_binding),
	TEST_CASE(imp_realm_seq),
	TEST_CASE(imp_realm_auth),
	TEST_CASE(imp_realm_body_fmt),
	TEST_CASE(imp_realm_body_binding),
	TEST_CASE(imp_pages_rd),
	TEST_CASE(imp_pages_state),
	TEST_CASE(imp_pages_count),
	TEST_CASE(imp_pages_hdr_buf),
	TEST_CASE(imp_pages_data_list),
	TEST_CASE(imp_pages_dst_list),
	TEST_CASE(imp_pages_fmt),
	TEST_CASE(imp_pages_binding),
	TEST_CASE(imp_pages_data),
	TEST_CASE(imp_pages_level),
	TEST_CASE(imp_pages_dst),
	TEST_CASE(imp_pages_seq),
	TEST_CASE(imp_pages_auth),
	TEST_CASE(imp_epoch_rd),
	TEST_CASE(imp_epoch_state),
	TEST_CASE(imp_epoch_buf),
	TEST_CASE(imp_epoch_fmt),
	TEST_CASE(imp_epoch_binding),
	TEST_CASE(imp_epoch_seq),
	TEST_CASE(imp_epoch_auth),
	TEST_CASE(imp_epoch_body_fmt),
	TEST_CASE(imp_epoch_count),
	TEST_CASE(imp_rec_rd),
	TEST_CASE(imp_rec_state),
	TEST_CASE(imp_rec_rec),
	TEST_CASE(imp_rec_owner),
	TEST_CASE(imp_rec_imported),
	TEST_CASE(imp_rec_buf),
	TEST_CASE(imp_rec_fmt),
	TEST_CASE(imp_rec_binding),
	TEST_CASE(imp_rec_mpidr),
	TEST_CASE(imp_rec_seq),
	TEST_CASE(imp_rec_auth),
	TEST_CASE(imp_rec_body_fmt),
	TEST_CASE(imp_end_rd),
	TEST_CASE(imp_end_state),
	TEST_CASE(imp_end_buf),
	TEST_CASE(imp_end_recs),
	TEST_CASE(imp_end_fmt),
	TEST_CASE(imp_end_binding),
	TEST_CASE(imp_end_seq),
	TEST_CASE(imp_end_auth),
	TEST_CASE(imp_end_body_fmt),
	TEST_CASE(imp_end_totals),
	TEST_CASE(import_success),
	TEST_CASE(import_same_ipa_twice),
	TEST_CASE(dst_activate),
	TEST_CASE(dst_init_ripas),
	TEST_CASE(dst_data_map_init),
	TEST_CASE(dst_data_map),
	TEST_CASE(dst_data_unmap),
	TEST_CASE(dst_rtt_destroy),
	TEST_CASE(dst_realm_destroy),
	TEST_CASE(dst_rec_create_no_rim),
	TEST_CASE(rmi_dst_set_ripas),
	TEST_CASE(rmi_dst_psci_complete),
};

static const struct test_suite suite = {
	.name = "rmm_mig_import",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = ut_suite_setup,
	.teardown = ut_suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
