// SPDX-License-Identifier: GPL-2.0
/*
 * RMI-MIG: the source half of RMI_MIG_ABORT (section 4.19 of
 * Documentation/virt/kvm/arm/rmi-mig.rst). Before the end token the source
 * resumes without a token; in SRC_ENDED only with the destination's abort
 * token, which these tests build with the TEST key (the test knows MK and
 * both nonces, as section 7.3 allows). The destination half is in
 * rmm_mig_abort_test.c.
 */
#include "test.h"
#include "util_mig.h"
#include "util_run.h"

#define SID		0xab0e7ULL
#define RAM		(4 * RMM_GRANULE_SIZE)
#define G		RMM_GRANULE_SIZE

#define ASSERT_FAILED(o, ret)						\
	do {								\
		unsigned int __i;					\
		ASSERT_EQ((o)->a[0], (ret));				\
		for (__i = 1; __i < 18; __i++)				\
			ASSERT_EQ((o)->a[__i], 0);			\
	} while (0)

/* dirty_writer's commands (guest/dirty_writer.c). */
#define DW_STOP		0
#define DW_WRITE	1
#define DW_CHECK	2

static struct ut_realm r;
static struct um_mig m;
static struct um_stream st;
static uint64_t tok;			/* NS granule for the token */

static bool setup(void)
{
	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	if (!ut_suite_setup())
		return false;
	tok = ut_alloc_granule();
	return tok;
}

static bool teardown(void)
{
	bool ok = true;

	ut_free_granule(tok);
	if (r.created)
		ok = um_teardown(&r) == RMI_SUCCESS;
	um_stream_free(&st);
	return ut_suite_teardown() && ok;
}

static void open_src(void)
{
	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
}

/* A source in SRC_ENDED. */
static void ended(void)
{
	open_src();
	ASSERT_EQ(um_export_all(&r, UM_RAM_BASE, RAM, &st), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_SRC_ENDED);
}

/*
 * The abort token that the destination of @mm would produce: header type
 * ABORT, counter 0, @reason, sealed with K_abort and abind of @mm.
 */
static void make_token(struct mig_abort_blob *t, const struct um_mig *mm,
		       uint64_t reason)
{
	memset(t, 0, sizeof(*t));
	mig_hdr_init(&mm->ks, &t->h, RMI_MIG_BLOB_ABORT, 0, 3,
		     RMI_MIG_ABORT_BODY_LEN, false);
	t->b.next_counter = 42;
	t->b.reason = reason;
	t->b.failure = reason ? RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_AUTH) : 0;
	mig_blob_seal(&mm->ks, true, &t->h, &t->b, sizeof(t->b));
}

static void put_token(const struct mig_abort_blob *t)
{
	memset(ut_va(tok), 0, G);
	memcpy(ut_va(tok), t, sizeof(*t));
}

/* ABORT with the token at tok fails with @ret and changes nothing. */
static void abort_expect(uint64_t ret)
{
	struct rmm_smc_regs o, s0, s1;

	ASSERT_EQ(um_state(r.rd, &s0), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, tok);
	ASSERT_FAILED(&o, ret);
	ASSERT_EQ(um_state(r.rd, &s1), RMI_SUCCESS);
	ASSERT_MEM_EQ(&s0, &s1, sizeof(s0));
	ASSERT_EQ(ur_rec_enter(r.recs[0], tok), RMI_RETURN(RMI_ERROR_REALM, 0));
}

/* After a successful abort: NONE, nothing tracked, RECs not exported. */
static void check_resumed(void)
{
	struct rmm_smc_regs o;
	uint64_t run = ut_alloc_granule();

	ASSERT_EQ(um_state(r.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_NONE);
	ASSERT_EQ(o.a[2] | o.a[3] | o.a[4] | o.a[5] | o.a[6], 0);
	/* The REC runs again (one slice of whatever is at its PC). */
	ASSERT_EQ(ur_rec_enter(r.recs[0], run), RMI_SUCCESS);
	ut_free_granule(run);
	/* A new session starts from scratch: every RAM granule NEW. */
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_state(r.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[6], 0);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	ASSERT_EQ(um_state(r.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[6], RAM / G);
	/* ... and the REC can be exported again. */
	ASSERT_EQ(um_export_realm(r.rd, NULL), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, NULL),
		  RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], NULL), RMI_SUCCESS);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
}

/* ---------------------------------------------------------------------- */

static void abort_before_end(void)
{
	struct rmm_smc_regs o;
	uint64_t junk = r.rd;	/* the token argument is ignored */

	/* SRC_OPEN */
	open_src();
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, junk), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 0);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
	/* SRC_PRECOPY, pages exported */
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, 0), RMI_SUCCESS);
	check_resumed();
	/* SRC_PAUSED, REC exported */
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, ~0ULL), RMI_SUCCESS);
	check_resumed();
}

static void abort_with_token(void)
{
	struct mig_abort_blob t;
	struct rmm_smc_regs o;

	ended();
	make_token(&t, &m, RMI_MIG_ABORT_REASON_HOST);
	put_token(&t);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, tok), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 0);
	check_resumed();
	/* The reason after a failure is accepted too. */
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	um_stream_free(&st);
	ASSERT_EQ(um_export_all(&r, UM_RAM_BASE, RAM, &st), RMI_SUCCESS);
	make_token(&t, &m, RMI_MIG_ABORT_REASON_FAILURE);
	put_token(&t);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, tok), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
}

static void abort_rd(void)
{
	uint64_t bad[] = { 0, 1, r.rd, tok };
	struct rmm_smc_regs o;
	unsigned int i;

	ended();
	bad[1] = r.rd + 0x800;
	bad[2] = r.recs[0];
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_ABORT, bad[i], tok);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_SRC_ENDED);
}

static void abort_state(void)
{
	struct mig_abort_blob t;
	struct rmm_smc_regs o;

	/* NONE: never opened, and after a close. */
	ASSERT_EQ(um_src_realm(&r, NULL, RAM, 1), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, 0);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_export_all(&r, UM_RAM_BASE, RAM, &st), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, r.rd), RMI_SUCCESS);
	/* Even a token that was valid for that session. */
	make_token(&t, &m, 0);
	put_token(&t);
	UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, tok);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
}

static void abort_token_buf(void)
{
	uint64_t del = ut_alloc_delegated(1);
	uint64_t bad[] = { 0, tok + 0x80, del, r.rd };
	struct rmm_smc_regs o;
	unsigned int i;

	ended();
	bad[3] = r.rd;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_ABORT, r.rd, bad[i]);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_SRC_ENDED);
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
}

static void abort_fmt(void)
{
	const uint64_t fmt = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);
	struct mig_abort_blob t, good;
	unsigned int i;

	ended();
	make_token(&good, &m, 0);
	for (i = 0; i < 13; i++) {
		t = good;
		switch (i) {
		case 0:
			t.h.magic ^= 1;
			break;
		case 1:
			t.h.version = 2;
			break;
		case 2:
			t.h.type = RMI_MIG_BLOB_EPOCH;
			break;
		case 3:
			t.h.type = RMI_MIG_BLOB_END;
			break;
		case 4:
			t.h.body_len = 0x140;
			break;
		case 5:
			t.h.flags = RMI_MIG_HDR_F_HAS_DATA;
			break;
		case 6:
			t.h.flags = RMI_MIG_HDR_F_NULL_SUITE;
			break;
		case 7:
			t.h.flags = 4;
			break;
		case 8:
			t.h.reserved = 1;
			break;
		case 9:
			t.h.ripas = 1;
			break;
		case 10:
			t.h.hipas = 1;
			break;
		case 11:
			t.h.ipa = 0x1000;
			break;
		case 12:
			t.h.counter = 1;
			break;
		}
		/* Another session ID too: FORMAT comes first. */
		t.h.session_id ^= 0xff;
		put_token(&t);
		abort_expect(fmt);
	}
	/* An epoch token of the stream is no abort token either. */
	{
		struct mig_epoch_blob e;

		memset(&e, 0, sizeof(e));
		mig_hdr_init(&m.ks, &e.h, RMI_MIG_BLOB_EPOCH, 0, 0,
			     RMI_MIG_EPOCH_BODY_LEN, false);
		mig_blob_seal(&m.ks, true, &e.h, &e.b, sizeof(e.b));
		memset(ut_va(tok), 0, G);
		memcpy(ut_va(tok), &e, sizeof(e));
		abort_expect(fmt);
	}
}

static void abort_binding(void)
{
	const uint64_t bind = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_BINDING);
	struct mig_abort_blob t;
	struct um_mig other;

	ended();
	/* A valid token of another session (other ID, same MK). */
	other = m;
	other.sid = SID + 1;
	um_derive(&other);
	make_token(&t, &other, 0);
	put_token(&t);
	abort_expect(bind);
	/* This session's token with the ID changed (tag broken too). */
	make_token(&t, &m, 0);
	t.h.session_id = 0;
	put_token(&t);
	abort_expect(bind);
}

static void abort_auth(void)
{
	const uint64_t auth = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_AUTH);
	struct mig_abort_blob t;
	struct um_mig other;
	unsigned int i;

	ended();
	/* Flipped tag, body, and an authenticated header field. */
	for (i = 0; i < 3; i++) {
		make_token(&t, &m, 0);
		if (i == 0)
			t.h.tag[5] ^= 1;
		else if (i == 1)
			t.b.next_counter ^= 1;
		else
			t.h.epoch ^= 1;
		put_token(&t);
		abort_expect(auth);
	}
	/* An earlier destination: same ID and MK, another dst_nonce. */
	other = m;
	mig_nonce(other.dst_nonce);
	um_derive(&other);
	make_token(&t, &other, 0);
	put_token(&t);
	abort_expect(auth);
	/* Sealed with the stream key instead of K_abort. */
	memset(&t, 0, sizeof(t));
	mig_hdr_init(&m.ks, &t.h, RMI_MIG_BLOB_ABORT, 0, 0,
		     RMI_MIG_ABORT_BODY_LEN, false);
	mig_blob_seal(&m.ks, false, &t.h, &t.b, sizeof(t.b));
	put_token(&t);
	abort_expect(auth);
	/* A different MK (another MA agreement). */
	other = m;
	other.mk[0] ^= 1;
	um_derive(&other);
	make_token(&t, &other, 0);
	put_token(&t);
	abort_expect(auth);
	/* Nothing was consumed: the real token still works. */
	make_token(&t, &m, 0);
	put_token(&t);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, r.rd, tok), RMI_SUCCESS);
}

static void abort_body_fmt(void)
{
	const uint64_t fmt = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);
	struct mig_abort_blob t;

	ended();
	make_token(&t, &m, 2);
	put_token(&t);
	abort_expect(fmt);
	make_token(&t, &m, ~0ULL);
	put_token(&t);
	abort_expect(fmt);
	/* Authentic, reserved byte set. */
	memset(&t, 0, sizeof(t));
	mig_hdr_init(&m.ks, &t.h, RMI_MIG_BLOB_ABORT, 0, 0,
		     RMI_MIG_ABORT_BODY_LEN, false);
	t.b.reserved[39] = 1;
	mig_blob_seal(&m.ks, true, &t.h, &t.b, sizeof(t.b));
	put_token(&t);
	abort_expect(fmt);
}

/* ---------------------------------------------------------------------- */
/* A guest that is migrated, ended, then resumed with a token             */

static struct {
	unsigned int round;
	bool failed;
} g;

static bool resume_sync(struct ur_vm *vm, unsigned int rec, uint64_t stage,
			const uint64_t *args, uint64_t *res)
{
	struct mig_abort_blob t;

	switch (g.round++) {
	case 0:
		res[0] = DW_WRITE;
		res[1] = 0xffff;
		res[2] = 0x77000;
		return true;
	case 1:
		/* Migrate everything; the source has ended. */
		um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &vm->r);
		um_fake_dst_nonce(&m);
		if (um_open_src(&m, vm->r.rd) != RMI_SUCCESS ||
		    um_export_all(&vm->r, vm->ram_base, vm->ram_size,
				  &st) != RMI_SUCCESS ||
		    um_mig_state(vm->r.rd) != RMI_MIG_SRC_ENDED)
			goto fail;
		/* No REC may run: the run loop's next entry would fail. */
		if (ur_rec_enter(vm->rec[0], vm->run[0]) !=
		    RMI_RETURN(RMI_ERROR_REALM, 0))
			goto fail;
		/* The destination's token releases it. */
		make_token(&t, &m, RMI_MIG_ABORT_REASON_HOST);
		put_token(&t);
		if (UT_SMC(NULL, SMC_RMI_MIG_ABORT, vm->r.rd, tok) !=
		    RMI_SUCCESS)
			goto fail;
		/* It continues exactly where it was, memory intact. */
		res[0] = DW_CHECK;
		res[1] = 0xffff;
		res[2] = 0x77000;
		return true;
	case 2:
		res[0] = DW_STOP;
		return true;
	}
fail:
	g.failed = true;
	return false;
}

static void abort_resumes_guest(void)
{
	static const struct ur_ops ops = { .sync = resume_sync };
	struct ur_config cfg = {
		.guest = "dirty_writer",
		.ram_size = 0x40000,
		.populate_ram = true,
		.ops = &ops,
	};
	struct ur_vm *vm = calloc(1, sizeof(*vm));

	ASSERT_TRUE(vm != NULL);
	memset(&g, 0, sizeof(g));
	ASSERT_EQ(ur_vm_create(vm, &cfg), RMI_SUCCESS);
	ASSERT_EQ(ur_vm_run(vm, 1000), 0);
	ASSERT_FALSE(g.failed);
	ASSERT_EQ(g.round, 3);
	ASSERT_EQ(um_mig_state(vm->r.rd), RMI_MIG_NONE);
	ASSERT_EQ(ur_vm_destroy(vm), RMI_SUCCESS);
	free(vm);
}

static const struct test_case cases[] = {
	TEST_CASE(abort_before_end),
	TEST_CASE(abort_with_token),
	TEST_CASE(abort_rd),
	TEST_CASE(abort_state),
	TEST_CASE(abort_token_buf),
	TEST_CASE(abort_fmt),
	TEST_CASE(abort_binding),
	TEST_CASE(abort_auth),
	TEST_CASE(abort_body_fmt),
	TEST_CASE(abort_resumes_guest),
};

int main(int argc, char **argv)
{
	static const struct test_suite suite = {
		.name = "rmm_mig_src_abort",
		.cases = cases,
		.nr_cases = ARRAY_LEN(cases),
		.setup = setup,
		.teardown = teardown,
	};

	return test_main(&suite, argc, argv);
}
