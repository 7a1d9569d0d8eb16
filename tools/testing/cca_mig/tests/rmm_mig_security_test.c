// SPDX-License-Identifier: GPL-2.0
/*
 * RMM model, RMI-MIG security properties (rmi-mig.rst sections 1.3, 5.12,
 * 5.13; test map section 7.3, rmm_mig_security_test.c): every attack a
 * host can mount on the stream is rejected with its documented status and
 * leaves the destination unactivated; a page changed after its export is
 * never resurrected; the source never runs again after its end token
 * unless a valid abort token is presented.
 *
 * Attacks on the destination use a stream forged by the test's stand-in
 * source (util_mig_import.h), which produces exactly the blobs a source
 * would, or may deliberately not; attacks that involve the source use the
 * model's real source (util_mig.h).
 */
#include "rmm_internal.h"
#include "test.h"
#include "util_mig_import.h"
#include "util_run.h"

#define G		RMM_GRANULE_SIZE
#define MIG(r)		RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_##r)

static struct md_dst d;

/*
 * The standard forged stream: Realm record, epoch 0 with two content
 * records and a state-only one, the epoch token, epoch 1 re-exporting the
 * first page, the REC, the end token.
 */
enum { S_REALM, S_P0, S_P1, S_P2, S_E0, S_P3, S_REC, S_END, S_NR };
static struct md_item s[S_NR];

static void build_stream_for(struct md_dst *x, struct md_item *it)
{
	md_item_realm(x, &it[S_REALM]);
	md_item_page(&x->f, &it[S_P0], MD_IPA, RIPAS_RAM,
		     RMI_MIG_HIPAS_ASSIGNED, 0x10);
	md_item_page(&x->f, &it[S_P1], MD_IPA + G, RIPAS_RAM,
		     RMI_MIG_HIPAS_ASSIGNED, 0x11);
	md_item_page(&x->f, &it[S_P2], MD_IPA + 2 * G, RIPAS_EMPTY,
		     RMI_MIG_HIPAS_UNASSIGNED, 0);
	md_item_epoch(&x->f, &it[S_E0]);
	md_item_page(&x->f, &it[S_P3], MD_IPA, RIPAS_RAM,
		     RMI_MIG_HIPAS_ASSIGNED, 0x13);
	md_item_rec(&x->f, &it[S_REC], 0);
	md_item_end(&x->f, &it[S_END]);
}

static bool setup_stream(void)
{
	if (md_dst_create(&d, NULL) != RMI_SUCCESS)
		return false;
	build_stream_for(&d, s);
	return true;
}

/* Feed s[from..to) and expect success. */
static bool feed_ok(unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = from; i < to; i++)
		if (md_feed(&d, &s[i]) != RMI_SUCCESS) {
			printf("# feed of item %u failed\n", i);
			return false;
		}
	return true;
}

/*
 * The destination is unactivated and can never become ACTIVE: NEW, the
 * mig state @st, REC entry and activation refused, and the true end of
 * the stream refused too.
 */
#define ASSERT_UNACTIVATED(st)						\
	do {								\
		uint64_t __run = ut_alloc_granule();			\
									\
		ASSERT_EQ(realm_from_rd(d.r.rd)->state, REALM_NEW);	\
		ASSERT_EQ(md_state(d.r.rd, NULL), (st));		\
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_ENTER, d.rec[0],	\
				 __run), RMI_ERROR_REALM);		\
		ut_free_granule(__run);					\
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, d.r.rd),	\
			  RMI_ERROR_REALM);				\
	} while (0)

/* Rejected with @want, poisoned, and the rest of the stream refused. */
#define ASSERT_REJECTED(ret, want, next)				\
	do {								\
		unsigned int __i;					\
									\
		ASSERT_EQ((ret), (want));				\
		ASSERT_UNACTIVATED(RMI_MIG_DST_FAILED);			\
		for (__i = (next); __i < S_NR; __i++)			\
			ASSERT_EQ(md_feed(&d, &s[__i]),			\
				  RMI_ERROR_REALM);			\
		ASSERT_UNACTIVATED(RMI_MIG_DST_FAILED);			\
	} while (0)

static void finish(void)
{
	ASSERT_EQ(md_dst_destroy(&d), RMI_SUCCESS);
}

/* The whole standard stream imports. */
static void stream_ok(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_NR));
	ASSERT_EQ(realm_from_rd(d.r.rd)->state, REALM_ACTIVE);
	finish();
}

/* ---------------------------------------------------------------------- */
/* Modification                                                           */

static void bitflip_data(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P1));
	s[S_P1].page[4095] ^= 0x01;
	ASSERT_REJECTED(md_feed(&d, &s[S_P1]), MIG(AUTH), S_P1);
	finish();
}

static void bitflip_tag(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P1));
	md_hdr(&s[S_P1])->tag[0] ^= 0x80;
	ASSERT_REJECTED(md_feed(&d, &s[S_P1]), MIG(AUTH), S_P1);
	finish();
}

static void bitflip_header(void)
{
	unsigned int v;

	/* IPA (another valid IPA), RIPAS and HIPAS (still valid values). */
	for (v = 0; v < 3; v++) {
		ASSERT_TRUE(setup_stream());
		ASSERT_TRUE(feed_ok(0, S_P2));
		if (v == 0)
			md_hdr(&s[S_P2])->ipa ^= 8 * G;
		else if (v == 1)
			md_hdr(&s[S_P2])->ripas = RIPAS_DESTROYED;
		else
			md_hdr(&s[S_P2])->hipas = RMI_MIG_HIPAS_ASSIGNED;
		ASSERT_REJECTED(md_feed(&d, &s[S_P2]), MIG(AUTH), S_P2);
		finish();
	}
	/* The epoch and counter fields of an epoch token. */
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_E0));
	((struct mig_epoch_blob *)s[S_E0].blob)->b.records ^= 1;
	ASSERT_REJECTED(md_feed(&d, &s[S_E0]), MIG(AUTH), S_E0);
	finish();
}

static void bitflip_invalid_field(void)
{
	unsigned int v;

	for (v = 0; v < 4; v++) {
		ASSERT_TRUE(setup_stream());
		ASSERT_TRUE(feed_ok(0, S_P1));
		if (v == 0)
			md_hdr(&s[S_P1])->ripas = 3;
		else if (v == 1)
			md_hdr(&s[S_P1])->magic ^= 1;
		else if (v == 2)
			md_hdr(&s[S_P1])->type = RMI_MIG_BLOB_REC;
		else
			md_hdr(&s[S_P1])->flags ^= RMI_MIG_HDR_F_HAS_DATA;
		ASSERT_REJECTED(md_feed(&d, &s[S_P1]), MIG(FORMAT), S_P1);
		finish();
	}
}

static void move_ipa(void)
{
	struct ut_rtte e;

	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P1));
	/* P1 re-addressed onto P0's IPA, whose granule it would replace. */
	md_hdr(&s[S_P1])->ipa = MD_IPA;
	ASSERT_REJECTED(md_feed(&d, &s[S_P1]), MIG(AUTH), S_P1);
	ASSERT_EQ(ut_read_entry(&d.r, MD_IPA + G, 3, &e), RMI_SUCCESS);
	ASSERT_EQ(e.state, RMI_UNASSIGNED);
	finish();
}

/* ---------------------------------------------------------------------- */
/* Order                                                                  */

static void replay(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P2));
	ASSERT_REJECTED(md_feed(&d, &s[S_P1]), MIG(SEQUENCE), S_P2);
	finish();
}

static void duplicate(void)
{
	uint8_t *pages[2] = { s[S_P0].page, s[S_P0].page };
	struct mig_hdr h[2];
	uint64_t dst[2], done = 0;

	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P0));
	h[0] = h[1] = *md_hdr(&s[S_P0]);
	dst[0] = dst[1] = ut_alloc_delegated(1);
	ASSERT_EQ(md_import_pages(&d, 2, h, pages, dst, &done), RMI_SUCCESS);
	ASSERT_EQ(done, 1);
	ASSERT_REJECTED(md_import_pages(&d, 1, &h[1], pages, dst, NULL),
			MIG(SEQUENCE), S_P1);
	finish();
}

static void reorder_in_epoch(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P0));
	ASSERT_REJECTED(md_feed(&d, &s[S_P1]), MIG(SEQUENCE), S_P0);
	finish();
}

static void reorder_across_epochs(void)
{
	struct md_item late;
	uint64_t epoch;

	/* An epoch-0 record delivered after the epoch-0 token. */
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P3));
	ASSERT_REJECTED(md_feed(&d, &s[S_P2]), MIG(SEQUENCE), S_P3);
	finish();

	/* Even one forged at the right counter: its epoch is not current. */
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P3));
	d.f.counter = md_hdr(&s[S_P3])->counter;
	epoch = d.f.epoch;
	d.f.epoch = 0;
	md_item_page(&d.f, &late, MD_IPA + 4 * G, RIPAS_RAM,
		     RMI_MIG_HIPAS_ASSIGNED, 0x44);
	d.f.epoch = epoch;
	ASSERT_REJECTED(md_feed(&d, &late), MIG(SEQUENCE), S_P3);
	finish();
}

static void drop(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P1));
	/* P1 never arrives: the next blob shows the gap. */
	ASSERT_REJECTED(md_feed(&d, &s[S_P2]), MIG(SEQUENCE), S_P1);
	finish();
}

static void truncate_no_end(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_END));
	/* Not a failure, but the Realm cannot run without the end token. */
	ASSERT_UNACTIVATED(RMI_MIG_DST_IMPORTING);
	/* The host can only abort. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.r.rd, d.buf),
		  RMI_SUCCESS);
	ASSERT_UNACTIVATED(RMI_MIG_DST_ABORTED);
	ASSERT_EQ(md_feed(&d, &s[S_END]), RMI_ERROR_REALM);
	finish();
}

static void truncate_end_early(void)
{
	struct md_item rec, last, end;

	/*
	 * A source may export pages after the RECs (both in SRC_PAUSED):
	 * ..., E0, REC, P, END. The host withholds P and moves END up.
	 */
	ASSERT_TRUE(md_dst_create(&d, NULL) == RMI_SUCCESS);
	md_item_realm(&d, &s[S_REALM]);
	md_item_page(&d.f, &s[S_P0], MD_IPA, RIPAS_RAM,
		     RMI_MIG_HIPAS_ASSIGNED, 0x10);
	md_item_epoch(&d.f, &s[S_E0]);
	md_item_rec(&d.f, &rec, 0);
	md_item_page(&d.f, &last, MD_IPA + G, RIPAS_RAM,
		     RMI_MIG_HIPAS_ASSIGNED, 0x11);
	md_item_end(&d.f, &end);
	ASSERT_EQ(md_feed(&d, &s[S_REALM]), RMI_SUCCESS);
	ASSERT_EQ(md_feed(&d, &s[S_P0]), RMI_SUCCESS);
	ASSERT_EQ(md_feed(&d, &s[S_E0]), RMI_SUCCESS);
	ASSERT_EQ(md_feed(&d, &rec), RMI_SUCCESS);
	ASSERT_EQ(md_feed(&d, &end), MIG(SEQUENCE));
	ASSERT_UNACTIVATED(RMI_MIG_DST_FAILED);
	ASSERT_EQ(md_feed(&d, &last), RMI_ERROR_REALM);
	ASSERT_EQ(md_feed(&d, &end), RMI_ERROR_REALM);
	ASSERT_UNACTIVATED(RMI_MIG_DST_FAILED);
	finish();
}

/* ---------------------------------------------------------------------- */
/* Splicing                                                               */

/* A second destination with @o's options, and its standard stream. */
static struct md_dst d2;
static struct md_item s2[S_NR];

static bool setup_other(const struct md_opts *o)
{
	if (md_dst_create(&d2, o) != RMI_SUCCESS)
		return false;
	build_stream_for(&d2, s2);
	return true;
}

static void splice_other_session(void)
{
	struct md_opts o = { .sid = 0x0de5 };

	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(setup_other(&o));
	ASSERT_TRUE(feed_ok(0, S_P1));
	ASSERT_REJECTED(md_feed(&d, &s2[S_P1]), MIG(BINDING), S_P1);
	ASSERT_EQ(md_dst_destroy(&d2), RMI_SUCCESS);
	finish();
}

static void splice_same_sid(void)
{
	struct md_opts o = { 0 };

	/* Same session ID and MK (a careless MA): only the nonces differ. */
	ASSERT_TRUE(setup_stream());
	o.mk = d.mk;
	ASSERT_TRUE(setup_other(&o));
	ASSERT_EQ(d2.sid, d.sid);
	ASSERT_TRUE(feed_ok(0, S_P1));
	ASSERT_REJECTED(md_feed(&d, &s2[S_P1]), MIG(AUTH), S_P1);
	ASSERT_EQ(md_dst_destroy(&d2), RMI_SUCCESS);
	finish();
}

static void splice_other_realm(void)
{
	uint8_t rpv[64], rim[64];
	struct md_opts o = { .sid = 0x07e1 };

	/* Another Realm migrating concurrently on the same platforms. */
	memset(rpv, 0x99, sizeof(rpv));
	memset(rim, 0x66, sizeof(rim));
	o.rpv = rpv;
	o.rim = rim;
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(setup_other(&o));
	ASSERT_TRUE(feed_ok(0, S_P3));
	ASSERT_REJECTED(md_feed(&d, &s2[S_P3]), MIG(BINDING), S_P3);
	ASSERT_EQ(md_dst_destroy(&d2), RMI_SUCCESS);
	finish();
}

static void replay_stream_new_dst(void)
{
	struct md_opts o = { 0 };
	unsigned int i;

	/* A complete stream went to one destination ... */
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_NR));
	/* ... and is replayed into a new one with the same ID and MK. */
	o.mk = d.mk;
	ASSERT_EQ(md_dst_create(&d2, &o), RMI_SUCCESS);
	ASSERT_EQ(md_feed(&d2, &s[S_REALM]), MIG(BINDING));
	ASSERT_EQ(md_state(d2.r.rd, NULL), RMI_MIG_DST_FAILED);
	for (i = 1; i < S_NR; i++)
		ASSERT_EQ(md_feed(&d2, &s[i]), RMI_ERROR_REALM);
	ASSERT_EQ(realm_from_rd(d2.r.rd)->state, REALM_NEW);
	ASSERT_EQ(md_dst_destroy(&d2), RMI_SUCCESS);
	finish();
}

/* ---------------------------------------------------------------------- */
/* Wrong command, NULL flag                                               */

static void wrong_command(void)
{
	static const unsigned int types[] = {
		RMI_MIG_BLOB_REALM, RMI_MIG_BLOB_PAGE, RMI_MIG_BLOB_EPOCH,
		RMI_MIG_BLOB_REC, RMI_MIG_BLOB_END, RMI_MIG_BLOB_ABORT,
	};
	static const unsigned int cmds[] = {
		RMI_MIG_BLOB_REALM, RMI_MIG_BLOB_PAGE, RMI_MIG_BLOB_EPOCH,
		RMI_MIG_BLOB_REC, RMI_MIG_BLOB_END,
	};
	static const unsigned int idx[] = { S_REALM, S_P0, S_E0, S_REC,
					    S_END };
	struct md_item abort_token;
	unsigned int t, c;

	/* An abort token, from a destination of its own. */
	ASSERT_EQ(md_dst_create(&d2, NULL), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, d2.r.rd, d2.buf),
		  RMI_SUCCESS);
	memset(&abort_token, 0, sizeof(abort_token));
	abort_token.type = RMI_MIG_BLOB_ABORT;
	abort_token.len = RMI_MIG_ABORT_LEN;
	memcpy(abort_token.blob, ut_va(d2.buf), RMI_MIG_ABORT_LEN);
	ASSERT_EQ(md_dst_destroy(&d2), RMI_SUCCESS);

	for (t = 0; t < ARRAY_LEN(types); t++) {
		for (c = 0; c < ARRAY_LEN(cmds); c++) {
			const struct md_item *it;

			if (types[t] == cmds[c])
				continue;
			ASSERT_TRUE(setup_stream());
			if (cmds[c] != RMI_MIG_BLOB_REALM)
				ASSERT_TRUE(feed_ok(0, S_P0));
			/* IMPORT_END checks the RECs before the token. */
			if (cmds[c] == RMI_MIG_BLOB_END) {
				struct md_item rec;

				d.f.counter = md_hdr(&s[S_P0])->counter;
				d.f.epoch = 0;
				md_item_rec(&d.f, &rec, 0);
				ASSERT_EQ(md_feed(&d, &rec), RMI_SUCCESS);
			}
			it = types[t] == RMI_MIG_BLOB_ABORT ? &abort_token :
			     &s[idx[t]];
			ASSERT_EQ(md_feed_raw(&d, cmds[c], it->blob, it->len,
					      it->has_page ? it->page : NULL),
				  MIG(FORMAT));
			ASSERT_UNACTIVATED(RMI_MIG_DST_FAILED);
			finish();
		}
	}
}

static void null_flag(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P0));
	md_hdr(&s[S_P0])->flags |= RMI_MIG_HDR_F_NULL_SUITE;
	ASSERT_REJECTED(md_feed(&d, &s[S_P0]), MIG(FORMAT), S_P0);
	finish();
}

static void poison_blocks_valid(void)
{
	struct mig_abort_blob t;
	unsigned int i;

	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P1));
	s[S_P1].page[0] ^= 1;
	ASSERT_EQ(md_feed(&d, &s[S_P1]), MIG(AUTH));
	s[S_P1].page[0] ^= 1;
	/* The correct blob, and every later one, is refused. */
	for (i = S_P1; i < S_NR; i++)
		ASSERT_EQ(md_feed(&d, &s[i]), RMI_ERROR_REALM);
	ASSERT_UNACTIVATED(RMI_MIG_DST_FAILED);
	/* The abort token says why: reason 1, the failing return code. */
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_ABORT, d.r.rd, d.buf),
		  RMI_SUCCESS);
	ASSERT_EQ(md_out.a[1], RMI_MIG_ABORT_LEN);
	memcpy(&t, ut_va(d.buf), sizeof(t));
	ASSERT_TRUE(mig_blob_open(&d.f.s, true, &t.h, &t.b, sizeof(t.b)));
	ASSERT_EQ(t.h.type, RMI_MIG_BLOB_ABORT);
	ASSERT_EQ(t.h.counter, 0);
	ASSERT_EQ(t.b.reason, RMI_MIG_ABORT_REASON_FAILURE);
	ASSERT_EQ(t.b.failure, MIG(AUTH));
	ASSERT_EQ(t.b.next_counter, md_hdr(&s[S_P1])->counter);
	ASSERT_UNACTIVATED(RMI_MIG_DST_ABORTED);
	for (i = S_P1; i < S_NR; i++)
		ASSERT_EQ(md_feed(&d, &s[i]), RMI_ERROR_REALM);
	finish();
}

/* ---------------------------------------------------------------------- */
/* Abort tokens on the destination                                         */

static void abort_after_active(void)
{
	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_NR));
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_ABORT, d.r.rd, d.buf),
		  RMI_ERROR_REALM);
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(realm_from_rd(d.r.rd)->state, REALM_ACTIVE);
	ASSERT_EQ(md_state(d.r.rd, NULL), RMI_MIG_NONE);
	finish();
}

static void abort_token_identical(void)
{
	uint8_t first[RMI_MIG_ABORT_LEN];
	uint64_t other = ut_alloc_granule();
	struct mig_abort_blob t;

	ASSERT_TRUE(setup_stream());
	ASSERT_TRUE(feed_ok(0, S_P2));
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.r.rd, d.buf),
		  RMI_SUCCESS);
	memcpy(first, ut_va(d.buf), sizeof(first));
	memset(ut_va(other), 0xee, G);
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_MIG_ABORT, d.r.rd, other),
		  RMI_SUCCESS);
	ASSERT_EQ(md_out.a[1], RMI_MIG_ABORT_LEN);
	ASSERT_MEM_EQ(ut_va(other), first, sizeof(first));
	/* The rest of the granule is unchanged. */
	ASSERT_EQ(((uint8_t *)ut_va(other))[RMI_MIG_ABORT_LEN], 0xee);
	/* A host request: reason 0, no failure, the position it stopped at. */
	memcpy(&t, first, sizeof(t));
	ASSERT_TRUE(mig_blob_open(&d.f.s, true, &t.h, &t.b, sizeof(t.b)));
	ASSERT_EQ(t.b.reason, RMI_MIG_ABORT_REASON_HOST);
	ASSERT_EQ(t.b.failure, 0);
	ASSERT_EQ(t.b.next_counter, md_hdr(&s[S_P2])->counter);
	ASSERT_EQ(t.h.epoch, 0);
	ut_free_granule(other);
	finish();
}

/* ---------------------------------------------------------------------- */
/* With the real source                                                   */

static struct md_pair p;

static void no_run_after_end(void)
{
	uint64_t run = ut_alloc_granule();
	unsigned int i;

	ASSERT_EQ(md_pair_create(&p, 2, 4, 0), RMI_SUCCESS);
	ASSERT_EQ(um_export_all(&p.src, MD_IPA, p.ram, &p.st), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_SRC_ENDED);
	for (i = 0; i < p.nr_recs; i++)
		ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_ENTER, p.src_rec[i], run),
			  RMI_ERROR_REALM);
	/* A source abort without the token is refused. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, p.src.rd, 0),
		  RMI_ERROR_INPUT);
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_SRC_ENDED);
	ut_free_granule(run);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

static uint64_t src_abort_with(const void *token)
{
	uint64_t buf = ut_alloc_granule(), ret;

	memcpy(ut_va(buf), token, RMI_MIG_ABORT_LEN);
	ret = UT_SMC(&md_out, SMC_RMI_MIG_ABORT, p.src.rd, buf);
	ut_free_granule(buf);
	return ret;
}

static void old_abort_token(void)
{
	uint8_t old[RMI_MIG_ABORT_LEN];
	struct md_opts o = { .nr_recs = 1, .no_open = true };
	uint64_t run = ut_alloc_granule();

	/* Session 1 is abandoned before its end: the dst aborts. */
	ASSERT_EQ(md_pair_create(&p, 1, 2, 0x77), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, p.d.r.rd, p.d.buf),
		  RMI_SUCCESS);
	memcpy(old, ut_va(p.d.buf), sizeof(old));
	ASSERT_EQ(um_abort_src(p.src.rd), RMI_SUCCESS);
	ASSERT_EQ(md_dst_destroy(&p.d), RMI_SUCCESS);

	/* Session 2: same ID and MK, a new destination, to the end. */
	o.rpv = p.src.p.rpv;
	ASSERT_EQ(md_dst_create(&p.d, &o), RMI_SUCCESS);
	ASSERT_EQ(um_open_dst(&p.m, p.d.r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_open_src(&p.m, p.src.rd), RMI_SUCCESS);
	md_adopt(&p.d, p.m.sid, p.m.suite, p.m.mk, p.m.rim, p.m.dst_nonce,
		 p.m.src_nonce);
	ASSERT_EQ(um_export_all(&p.src, MD_IPA, p.ram, &p.st), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_SRC_ENDED);

	/* The old token is authentic for session 1 only. */
	ASSERT_EQ(src_abort_with(old), MIG(AUTH));
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_SRC_ENDED);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REC_ENTER, p.src_rec[0], run),
		  RMI_ERROR_REALM);
	/* The new destination's own token releases the source. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, p.d.r.rd, p.d.buf),
		  RMI_SUCCESS);
	ASSERT_EQ(src_abort_with(ut_va(p.d.buf)), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_NONE);
	ut_free_granule(run);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

static void foreign_abort_token(void)
{
	uint8_t foreign[RMI_MIG_ABORT_LEN];

	/* A destination of another session (another ID) aborts. */
	ASSERT_EQ(md_dst_create(&d2, NULL), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, d2.r.rd, d2.buf),
		  RMI_SUCCESS);
	memcpy(foreign, ut_va(d2.buf), sizeof(foreign));
	ASSERT_EQ(md_dst_destroy(&d2), RMI_SUCCESS);

	ASSERT_EQ(md_pair_create(&p, 1, 2, 0x4242), RMI_SUCCESS);
	ASSERT_EQ(um_export_all(&p.src, MD_IPA, p.ram, &p.st), RMI_SUCCESS);
	ASSERT_EQ(src_abort_with(foreign), MIG(BINDING));
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_SRC_ENDED);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

static void key_wrong_realm(void)
{
	uint8_t blob[RMI_MIG_KB_TEST_LEN], nonce[32];
	struct um_mig m;

	/* Source: a key blob for another RIM, then another RPV. */
	ASSERT_EQ(md_pair_create(&p, 1, 2, 0x51), RMI_SUCCESS);
	ASSERT_EQ(um_abort_src(p.src.rd), RMI_SUCCESS);
	m = p.m;
	m.rim[0] ^= 1;
	um_key_blob(&m, RMI_MIG_ROLE_SOURCE, blob);
	ASSERT_EQ(um_open_raw(p.src.rd, RMI_MIG_ROLE_SOURCE, m.sid, blob,
			      sizeof(blob), m.dst_nonce, NULL), MIG(BINDING));
	m = p.m;
	m.rpv[63] ^= 1;
	um_key_blob(&m, RMI_MIG_ROLE_SOURCE, blob);
	ASSERT_EQ(um_open_raw(p.src.rd, RMI_MIG_ROLE_SOURCE, m.sid, blob,
			      sizeof(blob), m.dst_nonce, NULL), MIG(BINDING));
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_NONE);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);

	/* Destination: a key blob for another RPV than the RD's. */
	{
		struct md_opts o = { .no_open = true };
		uint8_t rpv[64];

		ASSERT_EQ(md_dst_create(&d, &o), RMI_SUCCESS);
		memcpy(rpv, d.r.p.rpv, 64);
		rpv[0] ^= 1;
		md_key_blob(blob, RMI_MIG_ROLE_DESTINATION, d.suite, d.sid,
			    d.mk, d.rim, rpv);
		ASSERT_EQ(md_session_open(d.r.rd, RMI_MIG_ROLE_DESTINATION,
					  d.sid, blob, NULL, nonce),
			  MIG(BINDING));
		ASSERT_EQ(md_state(d.r.rd, NULL), RMI_MIG_DST_NEW);
		finish();
	}
}

/* Simulate the Realm's RSI_IPA_STATE_SET of [@ipa, +4K) to @ripas. */
static void realm_requests_ripas(uint64_t rec_pa, uint64_t ipa,
				 unsigned int ripas)
{
	struct rmm_rec *rec = rec_from_pa(rec_pa);

	rec->pending = REC_PENDING_RIPAS;
	rec->ripas_addr = ipa;
	rec->ripas_top = ipa + G;
	rec->ripas_value = (uint8_t)ripas;
	rec->ripas_flags = RSI_CHANGE_DESTROYED;
	rec->ripas_rejected = false;
}

/*
 * One source session of the trap of section 5.13 on X = MD_IPA + G: export
 * everything (X as private RAM), then X goes shared (RIPAS EMPTY, the host
 * unmaps it) and private again (RIPAS RAM, a new granule with @fill); the
 * source refuses to end until X is exported again. Return: the index in
 * p.st of X's newer record, or 0 on failure.
 */
static size_t stale_round(uint8_t fill)
{
	uint64_t x = MD_IPA + G, ipa = x, out = 0, data;
	struct ut_rtte e;
	size_t newer;

	if (um_track_start(&p.src, 0, um_prot_top(&p.src)) ||
	    um_export_realm(p.src.rd, &p.st) ||
	    um_export_range(&p.src, MD_IPA, MD_IPA + p.ram, &p.st) ||
	    um_epoch_end(p.src.rd, &p.st))
		return 0;

	realm_requests_ripas(p.src_rec[0], x, RIPAS_EMPTY);
	if (UT_SMC(NULL, SMC_RMI_RTT_SET_RIPAS, p.src.rd, p.src_rec[0], x,
		   x + G))
		return 0;
	rec_from_pa(p.src_rec[0])->pending = REC_PENDING_NONE;
	if (UT_SMC(&md_out, SMC_RMI_RTT_DATA_UNMAP, p.src.rd, x, x + G,
		   RMI_ADDR_TYPE_SINGLE, 0))
		return 0;
	data = RMI_ADDR_RANGE_ADDR(md_out.a[2]);
	if (ut_undelegate_free(data, 1))
		return 0;
	realm_requests_ripas(p.src_rec[0], x, RIPAS_RAM);
	if (UT_SMC(NULL, SMC_RMI_RTT_SET_RIPAS, p.src.rd, p.src_rec[0], x,
		   x + G))
		return 0;
	rec_from_pa(p.src_rec[0])->pending = REC_PENDING_NONE;
	if (ut_data_map(&p.src, x, 1) || ut_read_entry(&p.src, x, 3, &e))
		return 0;
	memset(granule_va(e.addr), fill, G);	/* the Realm's new data */

	if (um_pause(p.src.rd) ||
	    um_export_rec(p.src.rd, p.src_rec[0], &p.st))
		return 0;
	/* Part 2 of 5.13: no end while X's latest state is unexported. */
	if (UT_SMC(NULL, SMC_RMI_MIG_END, p.src.rd, p.d.buf) !=
	    MIG(INCOMPLETE) || um_mig_state(p.src.rd) != RMI_MIG_SRC_PAUSED) {
		printf("# END succeeded with X unexported\n");
		return 0;
	}
	if (um_harvest(p.src.rd, x, x + G, NULL, &out) || out != 1)
		return 0;
	newer = p.st.n;
	if (um_export_pages(p.src.rd, &ipa, 1, &p.st, NULL) ||
	    um_end(p.src.rd, &p.st))
		return 0;
	return newer;
}

/* X on destination p.d holds @fill. */
static bool dst_x_holds(uint8_t fill)
{
	uint8_t want[G];
	struct ut_rtte e;

	memset(want, fill, G);
	return ut_read_entry(&p.d.r, MD_IPA + G, 3, &e) == RMI_SUCCESS &&
	       e.state == RMI_ASSIGNED && e.ripas == RIPAS_RAM &&
	       !memcmp(granule_va(e.addr), want, G);
}

static void stale_private_shared_private(void)
{
	struct md_opts o = { .no_open = true, .nr_recs = 1 };
	uint8_t token[RMI_MIG_ABORT_LEN];
	size_t newer;

	ASSERT_EQ(md_pair_create(&p, 1, 4, 0x5a5a), RMI_SUCCESS);
	newer = stale_round(0xbe);
	ASSERT_NE(newer, 0);
	/* The host withholds X's newer record: the end token is refused. */
	ASSERT_EQ(md_pair_feed(&p, 0, newer), RMI_SUCCESS);
	ASSERT_TRUE(dst_x_holds(0x02));		/* stale, but not running */
	ASSERT_EQ(realm_from_rd(p.d.r.rd)->state, REALM_NEW);
	ASSERT_EQ(md_pair_feed(&p, newer + 1, p.st.n), MIG(SEQUENCE));
	ASSERT_EQ(md_state(p.d.r.rd, NULL), RMI_MIG_DST_FAILED);
	ASSERT_EQ(realm_from_rd(p.d.r.rd)->state, REALM_NEW);
	/* Its abort token lets the source resume with the new data. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, p.d.r.rd, p.d.buf),
		  RMI_SUCCESS);
	memcpy(token, ut_va(p.d.buf), sizeof(token));
	ASSERT_EQ(src_abort_with(token), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(p.src.rd), RMI_MIG_NONE);
	ASSERT_EQ(md_dst_destroy(&p.d), RMI_SUCCESS);
	um_stream_free(&p.st);
	memset(&p.st, 0, sizeof(p.st));

	/* A new session to a new destination, the same trap, all of it. */
	o.rpv = p.src.p.rpv;
	ASSERT_EQ(md_dst_create(&p.d, &o), RMI_SUCCESS);
	ASSERT_EQ(um_open_dst(&p.m, p.d.r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_open_src(&p.m, p.src.rd), RMI_SUCCESS);
	md_adopt(&p.d, p.m.sid, p.m.suite, p.m.mk, p.m.rim, p.m.dst_nonce,
		 p.m.src_nonce);
	newer = stale_round(0xcf);
	ASSERT_NE(newer, 0);
	ASSERT_EQ(md_pair_feed(&p, 0, newer), RMI_SUCCESS);
	ASSERT_TRUE(dst_x_holds(0xbe));		/* epoch 0's copy */
	ASSERT_EQ(md_pair_feed(&p, newer, p.st.n), RMI_SUCCESS);
	ASSERT_EQ(realm_from_rd(p.d.r.rd)->state, REALM_ACTIVE);
	ASSERT_TRUE(dst_x_holds(0xcf));		/* never the stale copy */
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

static void retrack_keeps_dirty(void)
{
	uint64_t x = MD_IPA, ipa = x, out;
	struct rmm_smc_regs o;

	ASSERT_EQ(md_pair_create(&p, 1, 2, 0), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&p.src, 0, um_prot_top(&p.src)),
		  RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(p.src.rd, &p.st), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&p.src, MD_IPA, MD_IPA + p.ram, &p.st),
		  RMI_SUCCESS);
	ASSERT_EQ(um_state(p.src.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[6], 0);

	/* DIRTY (the host remaps X), then TRACK_START over it again. */
	ASSERT_EQ(UT_SMC(&md_out, SMC_RMI_RTT_DATA_UNMAP, p.src.rd, x, x + G,
			 RMI_ADDR_TYPE_SINGLE, 0), RMI_SUCCESS);
	ASSERT_EQ(ut_undelegate_free(RMI_ADDR_RANGE_ADDR(md_out.a[2]), 1),
		  RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&p.src, x, x + G), RMI_SUCCESS);
	ASSERT_EQ(um_state(p.src.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[6], 1);
	/* PENDING (harvested, not exported), then TRACK_START again. */
	ASSERT_EQ(um_harvest(p.src.rd, x, x + G, NULL, &out), RMI_SUCCESS);
	ASSERT_EQ(out, 1);
	ASSERT_EQ(um_track_start(&p.src, 0, um_prot_top(&p.src)),
		  RMI_SUCCESS);
	ASSERT_EQ(um_state(p.src.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[6], 1);
	/* It still has to be exported before the end. */
	ASSERT_EQ(um_pause(p.src.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(p.src.rd, p.src_rec[0], &p.st), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_END, p.src.rd, p.d.buf),
		  MIG(INCOMPLETE));
	ASSERT_EQ(um_export_pages(p.src.rd, &ipa, 1, &p.st, NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(um_end(p.src.rd, &p.st), RMI_SUCCESS);
	ASSERT_EQ(md_pair_destroy(&p), RMI_SUCCESS);
}

static const struct test_case cases[] = {
	TEST_CASE(stream_ok),
	TEST_CASE(bitflip_data),
	TEST_CASE(bitflip_tag),
	TEST_CASE(bitflip_header),
	TEST_CASE(bitflip_invalid_field),
	TEST_CASE(move_ipa),
	TEST_CASE(replay),
	TEST_CASE(duplicate),
	TEST_CASE(reorder_in_epoch),
	TEST_CASE(reorder_across_epochs),
	TEST_CASE(drop),
	TEST_CASE(truncate_no_end),
	TEST_CASE(truncate_end_early),
	TEST_CASE(splice_other_session),
	TEST_CASE(splice_same_sid),
	TEST_CASE(splice_other_realm),
	TEST_CASE(replay_stream_new_dst),
	TEST_CASE(wrong_command),
	TEST_CASE(null_flag),
	TEST_CASE(poison_blocks_valid),
	TEST_CASE(stale_private_shared_private),
	TEST_CASE(retrack_keeps_dirty),
	TEST_CASE(no_run_after_end),
	TEST_CASE(old_abort_token),
	TEST_CASE(foreign_abort_token),
	TEST_CASE(abort_after_active),
	TEST_CASE(abort_token_identical),
	TEST_CASE(key_wrong_realm),
};

static const struct test_suite suite = {
	.name = "rmm_mig_security",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = ut_suite_setup,
	.teardown = ut_suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
