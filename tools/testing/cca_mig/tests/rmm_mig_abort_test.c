// SPDX-License-Identifier: GPL-2.0
/*
 * RMM model, RMI-MIG: RMI_MIG_ABORT (rmi-mig.rst section 4.19). The
 * conditions abort.rd, abort.state and abort.token_buf (both sides), one
 * case each as named in the test map (section 7.3); the abort token a
 * destination produces; and the source resuming on the strength of it.
 * The source-only conditions abort.fmt .. abort.body_fmt have their map
 * cases in rmm_mig_src_abort_test.c with forged tokens; the dst_token_*
 * cases here reach them again with a genuine destination's token, altered
 * in transit.
 */
#include "rmm_internal.h"
#include "test.h"
#include "util_mig_import.h"
#include "util_run.h"

#define G		RMM_GRANULE_SIZE
#define MIG(r)		RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_##r)

static struct md_dst d;
static struct md_pair p;

static uint64_t abort_call(uint64_t rd, uint64_t token)
{
	return UT_SMC(&md_out, SMC_RMI_MIG_ABORT, rd, token);
}

/* Open the destination's abort token at @pa with the forger's keys. */
static bool token_open(struct md_forge *f, uint64_t pa,
		       struct mig_abort_blob *t)
{
	memcpy(t, ut_va(pa), sizeof(*t));
	return mig_blob_open(&f->s, true, &t->h, &t->b, sizeof(t->b));
}

/* ---------------------------------------------------------------------- */
/* Failure conditions                                                     */

static void abort_rd(void)
{
	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	ASSERT_EQ(abort_call(d.buf, d.buf), RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(abort_call(d.r.rd + 0x10, d.buf), RMI_ERROR_INPUT);
	ASSERT_EQ(abort_call(d.rec[0], d.buf), RMI_ERROR_INPUT);
	ASSERT_EQ(md_state(d.r.rd, NULL), RMI_MIG_DST_OPEN);
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);
}

static void abort_state(void)
{
	struct md_opts o = { .no_open = true };
	struct ut_realm r;

	/* NONE: a Realm without a session. */
	ut_realm_init(&r, NULL);
	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
	ASSERT_EQ(abort_call(r.rd, 0), RMI_ERROR_REALM);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);

	/* DST_NEW: nothing to abort yet. */
	ASSERT_EQ(md_dst_create(&d, &o), RMI_SUCCESS);
	ASSERT_EQ(abort_call(d.r.rd, d.buf), RMI_ERROR_REALM);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(md_state(d.r.rd, NULL), RMI_MIG_DST_NEW);
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);

	/* DST_DEAD: closed after its abort; the token cannot be had again. */
	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	ASSERT_EQ(abort_call(d.r.rd, d.buf), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, d.r.rd),
		  RMI_SUCCESS);
	ASSERT_EQ(md_state(d.r.rd, NULL), RMI_MIG_DST_DEAD);
	memset(ut_va(d.buf), 0, G);
	ASSERT_EQ(abort_call(d.r.rd, d.buf), RMI_ERROR_REALM);
	ASSERT_TRUE(md_out_zero());
	ASSERT_TRUE(mig_all_zero(ut_va(d.buf), G));
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);
}

static void abort_token_buf(void)
{
	uint64_t del, st[6], before[6];

	/* Destination: the token must go to an NS granule. */
	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	ASSERT_EQ(md_dst_import_realm(&d), RMI_SUCCESS);
	md_state(d.r.rd, before);
	del = ut_alloc_delegated(1);
	ASSERT_EQ(abort_call(d.r.rd, del), RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(abort_call(d.r.rd, d.buf + 8), RMI_ERROR_INPUT);
	ASSERT_EQ(abort_call(d.r.rd, 0), RMI_ERROR_INPUT);
	md_state(d.r.rd, st);
	ASSERT_MEM_EQ(st, before, sizeof(st));	/* not poisoned */
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	ASSERT_EQ(md_dst_import_fill(&d, MD_IPA, 1, NULL), RMI_SUCCESS);
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);

	/* Source in SRC_ENDED: the token must come from an NS granule. */
	ASSERT_EQ(md_pair_create(&p, 1, 2, 0), RMI_SUCCESS);
	ASSERT_EQ(um_export_all(&p.src, MD_IPA, p.ram, &p.st), RMI_SUCCESS);
	ASSERT_EQ(abort_call(p.src.rd, p.src.rd), RMI_ERROR_INPUT);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(abort_call(p.src.rd, 0), RMI_ERROR_INPUT);
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_SRC_ENDED);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

/*
 * A source in SRC_ENDED and its destination's genuine abort token in
 * @token (RMI_MIG_ABORT_LEN bytes).
 */
static bool ended_with_token(uint8_t *token)
{
	if (md_pair_create(&p, 2, 2, 0) != RMI_SUCCESS ||
	    um_export_all(&p.src, MD_IPA, p.ram, &p.st) != RMI_SUCCESS ||
	    abort_call(p.d.r.rd, p.d.buf) != RMI_SUCCESS)
		return false;
	memcpy(token, ut_va(p.d.buf), RMI_MIG_ABORT_LEN);
	return um_mig_state(p.src.rd) == RMI_MIG_SRC_ENDED;
}

/*
 * Present @bad to the source: @want, nothing changed (the source is never
 * poisoned), then the genuine @token resumes it.
 */
static void src_reject_then_resume(const void *bad, uint64_t want,
				   const uint8_t *token)
{
	uint64_t buf = ut_alloc_granule();

	memcpy(ut_va(buf), bad, RMI_MIG_ABORT_LEN);
	ASSERT_EQ(abort_call(p.src.rd, buf), want);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_SRC_ENDED);
	memcpy(ut_va(buf), token, RMI_MIG_ABORT_LEN);
	ASSERT_EQ(abort_call(p.src.rd, buf), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_NONE);
	ut_free_granule(buf);
}

static void dst_token_fmt(void)
{
	uint8_t token[RMI_MIG_ABORT_LEN];
	struct mig_abort_blob t;
	unsigned int v;

	for (v = 0; v < 4; v++) {
		ASSERT_TRUE(ended_with_token(token));
		memcpy(&t, token, sizeof(t));
		if (v == 0)
			t.h.type = RMI_MIG_BLOB_END;
		else if (v == 1)
			t.h.counter = 1;
		else if (v == 2)
			t.h.body_len = 0x80;
		else
			t.h.flags |= RMI_MIG_HDR_F_NULL_SUITE;
		src_reject_then_resume(&t, MIG(FORMAT), token);
		ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
	}
}

static void dst_token_binding(void)
{
	uint8_t token[RMI_MIG_ABORT_LEN];
	struct mig_abort_blob t;

	ASSERT_TRUE(ended_with_token(token));
	memcpy(&t, token, sizeof(t));
	t.h.session_id ^= 0x100;
	src_reject_then_resume(&t, MIG(BINDING), token);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

static void dst_token_auth(void)
{
	uint8_t token[RMI_MIG_ABORT_LEN];
	struct mig_abort_blob t;
	unsigned int v;

	for (v = 0; v < 3; v++) {
		ASSERT_TRUE(ended_with_token(token));
		memcpy(&t, token, sizeof(t));
		if (v == 0)
			t.h.tag[7] ^= 1;
		else if (v == 1)
			t.b.reason ^= 1;	/* ciphertext */
		else
			t.h.epoch ^= 1;		/* authenticated header */
		src_reject_then_resume(&t, MIG(AUTH), token);
		ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
	}
}

static void dst_token_body_fmt(void)
{
	uint8_t token[RMI_MIG_ABORT_LEN];
	struct mig_abort_blob t;
	unsigned int v;

	/* Authentic tokens (the test holds K_abort) with a bad body. */
	for (v = 0; v < 2; v++) {
		ASSERT_TRUE(ended_with_token(token));
		memset(&t, 0, sizeof(t));
		mig_hdr_init(&p.d.f.s, &t.h, RMI_MIG_BLOB_ABORT, 0, 0,
			     RMI_MIG_ABORT_BODY_LEN, false);
		if (v == 0)
			t.b.reason = 2;
		else
			t.b.reserved[39] = 1;
		mig_blob_seal(&p.d.f.s, true, &t.h, &t.b, sizeof(t.b));
		src_reject_then_resume(&t, MIG(FORMAT), token);
		ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
	}
}

/* ---------------------------------------------------------------------- */
/* Destination behaviour                                                  */

/* DST_OPEN, DST_IMPORTING and DST_FAILED all abort; tokens say which. */
static void dst_abort_each_state(void)
{
	struct mig_abort_blob t;
	struct mig_epoch_blob e;
	unsigned int v, i;

	for (v = 0; v < 3; v++) {
		ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
		if (v >= 1) {
			ASSERT_EQ(md_dst_import_realm(&d), RMI_SUCCESS);
			ASSERT_EQ(md_dst_import_fill(&d, MD_IPA, 5, NULL),
				  RMI_SUCCESS);
			md_epoch(&d.f, &e);
			ASSERT_EQ(md_import_blob(&d, SMC_RMI_MIG_IMPORT_EPOCH,
						 &e, sizeof(e)), RMI_SUCCESS);
		}
		if (v == 2) {
			md_epoch(&d.f, &e);
			e.h.tag[0] ^= 1;
			ASSERT_EQ(md_import_blob(&d, SMC_RMI_MIG_IMPORT_EPOCH,
						 &e, sizeof(e)), MIG(AUTH));
		}
		ASSERT_EQ(abort_call(d.r.rd, d.buf), RMI_SUCCESS);
		ASSERT_EQ(md_out.a[1], RMI_MIG_ABORT_LEN);
		for (i = 2; i < 18; i++)
			ASSERT_EQ(md_out.a[i], 0);
		ASSERT_EQ(md_state(d.r.rd, NULL), RMI_MIG_DST_ABORTED);
		ASSERT_TRUE(token_open(&d.f, d.buf, &t));
		ASSERT_EQ(t.h.magic, RMI_MIG_HDR_MAGIC);
		ASSERT_EQ(t.h.type, RMI_MIG_BLOB_ABORT);
		ASSERT_EQ(t.h.session_id, d.sid);
		ASSERT_EQ(t.h.counter, 0);
		ASSERT_EQ(t.h.body_len, RMI_MIG_ABORT_BODY_LEN);
		ASSERT_EQ(t.h.epoch, v ? 1 : 0);
		ASSERT_EQ(t.b.next_counter, v ? 3 : 0);
		ASSERT_EQ(t.b.reason, v == 2 ? RMI_MIG_ABORT_REASON_FAILURE :
					       RMI_MIG_ABORT_REASON_HOST);
		ASSERT_EQ(t.b.failure, v == 2 ? MIG(AUTH) : 0);
		ASSERT_TRUE(mig_all_zero(t.b.reserved, sizeof(t.b.reserved)));
		/* Nothing imports any more; the RD can never be ACTIVE. */
		ASSERT_EQ(md_dst_import_realm(&d), RMI_ERROR_REALM);
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, d.r.rd),
			  RMI_ERROR_REALM);
		ASSERT_EQ(realm_from_rd(d.r.rd)->state, REALM_NEW);
		ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);
	}
}

/* A NULL-suite destination flags its token, which is still checked. */
static void dst_abort_null_suite(void)
{
	struct md_opts o = { .suite = RMI_MIG_SUITE_NULL };
	struct mig_abort_blob t;

	ASSERT_EQ(md_dst_create(&d, &o), RMI_SUCCESS);
	ASSERT_EQ(abort_call(d.r.rd, d.buf), RMI_SUCCESS);
	memcpy(&t, ut_va(d.buf), sizeof(t));
	ASSERT_TRUE(t.h.flags & RMI_MIG_HDR_F_NULL_SUITE);
	ASSERT_TRUE(mig_all_zero(t.h.tag, sizeof(t.h.tag)));
	ASSERT_EQ(t.b.reason, RMI_MIG_ABORT_REASON_HOST);
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);
}

/* Close after abort: DST_DEAD, destroyable; not before. */
static void dst_close_and_destroy(void)
{
	ASSERT_EQ(md_dst_create(&d, NULL), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, d.r.rd),
		  RMI_ERROR_REALM);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, d.r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, d.r.rd),
		  RMI_ERROR_REALM);
	ASSERT_EQ(abort_call(d.r.rd, d.buf), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_DESTROY, d.r.rd),
		  RMI_ERROR_REALM);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, d.r.rd),
		  RMI_SUCCESS);
	ASSERT_EQ(md_state(d.r.rd, NULL), RMI_MIG_DST_DEAD);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, d.r.rd),
		  RMI_ERROR_REALM);
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* The source resumes                                                     */

static void src_resumes_with_token(void)
{
	uint8_t token[RMI_MIG_ABORT_LEN];
	uint64_t run = ut_alloc_granule(), buf = ut_alloc_granule();
	struct mig_abort_blob t;

	ASSERT_TRUE(ended_with_token(token));
	/* The token is what the destination says: a host request. */
	ASSERT_TRUE(token_open(&p.d.f, p.d.buf, &t));
	ASSERT_EQ(t.b.reason, RMI_MIG_ABORT_REASON_HOST);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_ENTER, p.src_rec[1], run),
		  RMI_ERROR_REALM);
	memcpy(ut_va(buf), token, sizeof(token));
	ASSERT_EQ(abort_call(p.src.rd, buf), RMI_SUCCESS);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_NONE);
	/*
	 * REC entry passes the Realm checks again: REC 1 was created not
	 * runnable, so it gets no further (the flow tests run guests).
	 */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_ENTER, p.src_rec[1], run),
		  RMI_ERROR_REC);
	/* The token is spent: the source has no session to abort. */
	ASSERT_EQ(abort_call(p.src.rd, buf), RMI_ERROR_REALM);
	/* And a new session may be opened. */
	ASSERT_EQ(md_dst_destroy(&p.d), RMI_SUCCESS);
	{
		struct md_opts o = { .no_open = true };

		o.rpv = p.src.p.rpv;
		ASSERT_EQ(md_dst_create(&p.d, &o), RMI_SUCCESS);
	}
	ASSERT_EQ(um_open_dst(&p.m, p.d.r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_open_src(&p.m, p.src.rd), RMI_SUCCESS);
	ut_free_granule(run);
	ut_free_granule(buf);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

static const struct test_case cases[] = {
	TEST_CASE(abort_rd),
	TEST_CASE(abort_state),
	TEST_CASE(abort_token_buf),
	TEST_CASE(dst_token_fmt),
	TEST_CASE(dst_token_binding),
	TEST_CASE(dst_token_auth),
	TEST_CASE(dst_token_body_fmt),
	TEST_CASE(dst_abort_each_state),
	TEST_CASE(dst_abort_null_suite),
	TEST_CASE(dst_close_and_destroy),
	TEST_CASE(src_resumes_with_token),
};

static const struct test_suite suite = {
	.name = "rmm_mig_abort",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = ut_suite_setup,
	.teardown = ut_suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
