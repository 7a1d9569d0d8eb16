// SPDX-License-Identifier: GPL-2.0
/*
 * RMI-MIG sessions: RMI_MIG_FEATURES, RMI_MIG_SESSION_OPEN, _CLOSE and
 * _STATE, one case per failure condition of sections 4.2-4.4 of
 * Documentation/virt/kvm/arm/rmi-mig.rst (test map, section 7.3), plus the
 * success paths and the key schedule's fixed values.
 *
 * Each failure case builds inputs that satisfy every earlier condition,
 * checks X0 exactly and X1..X17 zero, and that the mig state did not move.
 */
#include "test.h"
#include "util_mig.h"

#define SID		0x1122334455667788ULL
#define RAM		(4 * RMM_GRANULE_SIZE)

/* X0 is @ret and X1..X17 are zero. */
#define ASSERT_FAILED(o, ret)						\
	do {								\
		unsigned int __i;					\
		ASSERT_EQ((o)->a[0], (ret));				\
		for (__i = 1; __i < 18; __i++)				\
			ASSERT_EQ((o)->a[__i], 0);			\
	} while (0)

static struct ut_realm r;
static struct um_mig m;
static uint8_t blob[RMI_MIG_KB_TEST_LEN];

/* An ACTIVE realm and a key blob for it, role 1, fake destination nonce. */
static bool src_setup(void)
{
	if (!ut_suite_setup())
		return false;
	memset(&r, 0, sizeof(r));
	if (um_src_realm(&r, NULL, RAM, 1) != RMI_SUCCESS)
		return false;
	um_init(&m, SID, RMI_MIG_SUITE_AES_256_GCM, &r);
	um_fake_dst_nonce(&m);
	um_key_blob(&m, RMI_MIG_ROLE_SOURCE, blob);
	return true;
}

static bool src_teardown(void)
{
	bool ok = um_teardown(&r) == RMI_SUCCESS;

	return ut_suite_teardown() && ok;
}

/* SESSION_OPEN role 1 with @b, the fake peer nonce; expect @ret. */
static void open_expect(const uint8_t *b, uint64_t len, uint64_t role,
			uint64_t sid, const uint8_t *peer, uint64_t ret)
{
	struct rmm_smc_regs o;

	um_open_raw(r.rd, (unsigned int)role, sid, b, len, peer, &o);
	ASSERT_FAILED(&o, ret);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
}

/* Re-wrap @kb (after changing it) into the global blob. */
static void rewrap(const struct mig_key_blob *kb)
{
	uint8_t iv[RMI_MIG_IV_SIZE] = { 1, 2, 3 };

	mig_key_blob_wrap_test(kb, iv, blob);
}

static void kb_from(struct mig_key_blob *kb, unsigned int role)
{
	memset(kb, 0, sizeof(*kb));
	kb->wrap_alg = RMI_MIG_WRAP_TEST;
	kb->role = role;
	kb->suite = m.suite;
	kb->session_id = m.sid;
	memcpy(kb->rim, m.rim, 64);
	memcpy(kb->rpv, m.rpv, 64);
	memcpy(kb->mk, m.mk, 32);
}

/* ---------------------------------------------------------------------- */

static void features(void)
{
	struct rmm_smc_regs o;
	unsigned int i;

	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_FEATURES), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 0x10000);
	ASSERT_EQ(o.a[2], 0xF0200);
	for (i = 3; i < 18; i++)
		ASSERT_EQ(o.a[i], 0);
	/* Reserved function IDs of the block are not implemented. */
	for (i = 0x293; i <= 0x29f; i++) {
		ASSERT_EQ(UT_SMC(&o, RMM_SMC64_STD(i), r.rd),
			  (uint64_t)-1);
	}
}

static void kek_test_value(void)
{
	static const uint8_t want[32] = {
		0x29, 0x1b, 0xf7, 0x38, 0xb0, 0x2d, 0xd9, 0xb5,
		0x96, 0x43, 0xb0, 0xc6, 0x38, 0x7c, 0xd3, 0xca,
		0x8b, 0xde, 0x02, 0x6c, 0x39, 0x81, 0xf9, 0x50,
		0xf2, 0xa5, 0x8c, 0x8e, 0xdb, 0x54, 0x16, 0x34,
	};
	uint8_t kek[32];

	mig_kek_test(kek);
	ASSERT_MEM_EQ(kek, want, 32);
}

static void open_src_ok(void)
{
	struct rmm_smc_regs o;

	ASSERT_EQ(um_open_raw(r.rd, RMI_MIG_ROLE_SOURCE, SID, blob,
			      sizeof(blob), m.dst_nonce, &o), RMI_SUCCESS);
	/* A fresh, non-zero nonce in X1..X4; nothing else. */
	ASSERT_FALSE(o.a[1] == 0 && o.a[2] == 0 && o.a[3] == 0 &&
		     o.a[4] == 0);
	ASSERT_EQ(o.a[5], 0);
	ASSERT_EQ(um_state(r.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_SRC_OPEN);
	ASSERT_EQ(o.a[2], 0);
	ASSERT_EQ(o.a[3], 0);
	ASSERT_EQ(o.a[4], 0);
	ASSERT_EQ(o.a[5], 0);
	ASSERT_EQ(o.a[6], 0);		/* nothing tracked yet */
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
}

static void open_nonces_fresh(void)
{
	struct um_mig m2 = m;

	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_open_src(&m2, r.rd), RMI_SUCCESS);
	ASSERT_NE(memcmp(m.src_nonce, m2.src_nonce, 32), 0);
	ASSERT_NE(memcmp(m.ks.k_stream, m2.ks.k_stream, 32), 0);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
}

static void open_null_suite_ok(void)
{
	m.suite = RMI_MIG_SUITE_NULL;
	um_key_blob(&m, RMI_MIG_ROLE_SOURCE, blob);
	ASSERT_EQ(um_open_raw(r.rd, 1, SID, blob, sizeof(blob), m.dst_nonce,
			      NULL), RMI_SUCCESS);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
}

/* 1 */
static void open_rd(void)
{
	uint64_t bad[] = { r.rd + 8, 0, r.rtt_base, ut_alloc_granule() };
	struct rmm_smc_regs o;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		um_open_raw(bad[i], 1, SID, blob, sizeof(blob), m.dst_nonce,
			    &o);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ut_free_granule(bad[3]);
	/* Wins over every later condition: bad role too. */
	um_open_raw(0, 7, SID, blob, sizeof(blob), m.dst_nonce, &o);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
}

/* 2 */
static void open_role(void)
{
	open_expect(blob, sizeof(blob), 0, SID, m.dst_nonce, RMI_ERROR_INPUT);
	open_expect(blob, sizeof(blob), 3, SID, m.dst_nonce, RMI_ERROR_INPUT);
}

/* 3 */
static void open_params(void)
{
	uint64_t del = ut_alloc_delegated(1), ns = ut_alloc_granule();
	uint64_t bad[] = { del, ns + 0x100, 0, rmm_dram_base() +
			   rmm_dram_size() };
	struct rmm_smc_regs o;
	unsigned int i;

	um_write_params(ns, blob, sizeof(blob), m.dst_nonce);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		UT_SMC(&o, SMC_RMI_MIG_SESSION_OPEN, r.rd, bad[i], 1, SID);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	ASSERT_EQ(ut_undelegate_free(del, 1), RMI_SUCCESS);
	ut_free_granule(ns);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
}

/* 4 */
static void open_params_fmt(void)
{
	uint64_t ns = ut_alloc_granule();
	uint64_t lens[] = { 0, 0x1f, 0x801, ~0ULL };
	uint8_t *p = ut_va(ns);
	struct rmm_smc_regs o;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(lens); i++) {
		um_write_params(ns, blob, sizeof(blob), m.dst_nonce);
		memcpy(p + RMI_MIG_PARAMS_BLOB_LEN, &lens[i], 8);
		UT_SMC(&o, SMC_RMI_MIG_SESSION_OPEN, r.rd, ns, 1, SID);
		ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	}
	/* flags, first and last reserved byte. */
	um_write_params(ns, blob, sizeof(blob), m.dst_nonce);
	p[RMI_MIG_PARAMS_FLAGS] = 1;
	UT_SMC(&o, SMC_RMI_MIG_SESSION_OPEN, r.rd, ns, 1, SID);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	um_write_params(ns, blob, sizeof(blob), m.dst_nonce);
	p[RMI_MIG_PARAMS_RESERVED] = 1;
	UT_SMC(&o, SMC_RMI_MIG_SESSION_OPEN, r.rd, ns, 1, SID);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	um_write_params(ns, blob, sizeof(blob), m.dst_nonce);
	p[RMI_MIG_PARAMS_BLOB - 1] = 0x80;
	UT_SMC(&o, SMC_RMI_MIG_SESSION_OPEN, r.rd, ns, 1, SID);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	/* The boundaries are accepted as far as the params go. */
	um_write_params(ns, blob, sizeof(blob), m.dst_nonce);
	memcpy(p + RMI_MIG_PARAMS_BLOB_LEN, &(uint64_t){ 0x800 }, 8);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_OPEN, r.rd, ns, 1, SID);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT));
	ut_free_granule(ns);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_NONE);
}

/* 5 */
static void open_src_state(void)
{
	struct ut_realm r2;
	struct rmm_smc_regs o;

	/* Session already open. */
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	um_open_raw(r.rd, 1, SID, blob, sizeof(blob), m.dst_nonce, &o);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_SRC_OPEN);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);

	/* Realm NEW, and Realm TERMINATED. */
	memset(&r2, 0, sizeof(r2));
	ASSERT_EQ(ut_realm_build(&r2, NULL, UM_RAM_BASE, RAM, NULL, 0, false),
		  RMI_SUCCESS);
	um_open_raw(r2.rd, 1, SID, blob, sizeof(blob), m.dst_nonce, &o);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(ut_realm_teardown(&r2), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	open_expect(blob, sizeof(blob), 1, SID, m.dst_nonce, RMI_ERROR_REALM);
}

/* 6 */
static void open_dst_state(void)
{
	uint8_t dblob[RMI_MIG_KB_TEST_LEN];

	/* An ACTIVE Realm (mig state NONE) cannot be a destination. */
	um_key_blob(&m, RMI_MIG_ROLE_DESTINATION, dblob);
	open_expect(dblob, sizeof(dblob), 2, SID, NULL, RMI_ERROR_REALM);
	/* Nor one that is NEW but not created in import mode. */
	{
		struct ut_realm r2;
		struct rmm_smc_regs o;

		memset(&r2, 0, sizeof(r2));
		ASSERT_EQ(ut_realm_build(&r2, NULL, UM_RAM_BASE, RAM, NULL, 0,
					 false), RMI_SUCCESS);
		um_open_raw(r2.rd, 2, SID, dblob, sizeof(dblob), NULL, &o);
		ASSERT_FAILED(&o, RMI_ERROR_REALM);
		ASSERT_EQ(ut_realm_teardown(&r2), RMI_SUCCESS);
	}
}

/* 7 */
static void open_features(void)
{
	struct ut_realm_params p;
	struct ut_realm r2;
	struct um_mig m2;
	uint8_t b2[RMI_MIG_KB_TEST_LEN];
	struct rmm_smc_regs o;

	memset(&p, 0, sizeof(p));
	p.s2sz = 40;
	p.flags0 = RMI_REALM_FLAGS0_PMU;
	memset(&r2, 0, sizeof(r2));
	ASSERT_EQ(um_src_realm(&r2, &p, RAM, 0), RMI_SUCCESS);
	um_init(&m2, SID, RMI_MIG_SUITE_AES_256_GCM, &r2);
	um_fake_dst_nonce(&m2);
	um_key_blob(&m2, 1, b2);
	/* Zero peer nonce too: open.features comes first. */
	um_open_raw(r2.rd, 1, SID, b2, sizeof(b2), NULL, &o);
	ASSERT_FAILED(&o, RMI_ERROR_NOT_SUPPORTED);
	ASSERT_EQ(um_mig_state(r2.rd), RMI_MIG_NONE);
	ASSERT_EQ(ut_realm_teardown(&r2), RMI_SUCCESS);
}

/* 8 */
static void open_peer_nonce(void)
{
	/* Garbage blob too: the nonce is checked first. */
	uint8_t junk[RMI_MIG_KB_TEST_LEN] = { 0 };

	open_expect(junk, sizeof(junk), 1, SID, NULL, RMI_ERROR_INPUT);
	open_expect(blob, sizeof(blob), 1, SID, NULL, RMI_ERROR_INPUT);
}

/* 9 */
static void open_blob_fmt(void)
{
	const uint64_t fmt = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);
	static const struct {
		unsigned int off;
		uint8_t val;
	} bad[] = {
		{ RMI_MIG_KB_OFF_MAGIC, 'X' },
		{ RMI_MIG_KB_OFF_VERSION, 2 },
		{ RMI_MIG_KB_OFF_VERSION + 1, 1 },
		{ RMI_MIG_KB_OFF_RES0, 1 },
		{ RMI_MIG_KB_OFF_RES0 + 1, 1 },
		{ RMI_MIG_KB_OFF_RES1, 1 },
		{ RMI_MIG_KB_OFF_RES1 + 7, 1 },
		{ RMI_MIG_KB_OFF_ROLE, 0 },
		{ RMI_MIG_KB_OFF_ROLE, 3 },
		{ RMI_MIG_KB_OFF_TOTAL_LEN, 0xe1 },
	};
	uint8_t b[RMI_MIG_KB_TEST_LEN + 1] = { 0 };
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		memcpy(b, blob, sizeof(blob));
		b[bad[i].off] = bad[i].val;
		/* Also an unsupported wrap_alg: FORMAT comes first. */
		b[RMI_MIG_KB_OFF_WRAP_ALG] = 9;
		open_expect(b, sizeof(blob), 1, SID, m.dst_nonce, fmt);
	}
	/* total_len != blob_len (params say one byte more). */
	memcpy(b, blob, sizeof(blob));
	open_expect(b, sizeof(blob) + 1, 1, SID, m.dst_nonce, fmt);
}

/* 10 */
static void open_wrap_alg(void)
{
	const uint64_t key = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY);
	uint16_t algs[] = { 0, 2, 0xffff };
	uint8_t b[RMI_MIG_KB_TEST_LEN];
	uint32_t len = 0x40;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(algs); i++) {
		memcpy(b, blob, sizeof(b));
		memcpy(b + RMI_MIG_KB_OFF_WRAP_ALG, &algs[i], 2);
		/* A length TEST would reject: wrap_alg comes first. */
		memcpy(b + RMI_MIG_KB_OFF_TOTAL_LEN, &len, 4);
		open_expect(b, len, 1, SID, m.dst_nonce, key);
	}
}

/* 11 */
static void open_blob_len(void)
{
	const uint64_t fmt = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);
	uint8_t b[RMI_MIG_KB_TEST_LEN + 0x20];
	uint32_t lens[] = { 0x20, 0xdf, 0x100 };
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(lens); i++) {
		memset(b, 0, sizeof(b));
		memcpy(b, blob, sizeof(blob));
		memcpy(b + RMI_MIG_KB_OFF_TOTAL_LEN, &lens[i], 4);
		open_expect(b, lens[i], 1, SID, m.dst_nonce, fmt);
	}
	/* The TEST layout's reserved word at 0xAC. */
	memcpy(b, blob, sizeof(blob));
	b[RMI_MIG_KB_OFF_RES2 + 3] = 1;
	open_expect(b, sizeof(blob), 1, SID, m.dst_nonce, fmt);
}

/* 12 */
static void open_unwrap(void)
{
	const uint64_t key = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY);
	unsigned int offs[] = { RMI_MIG_KB_OFF_WRAPPED_MK,
				RMI_MIG_KB_OFF_WRAP_TAG + 15,
				RMI_MIG_KB_OFF_WRAP_IV,
				RMI_MIG_KB_OFF_RIM + 3,	/* AAD */
				RMI_MIG_KB_OFF_SESSION_ID,
				RMI_MIG_KB_OFF_SUITE };
	uint8_t b[RMI_MIG_KB_TEST_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(offs); i++) {
		memcpy(b, blob, sizeof(b));
		b[offs[i]] ^= 0x10;
		open_expect(b, sizeof(b), 1, SID, m.dst_nonce, key);
	}
}

/* 13 */
static void open_suite(void)
{
	const uint64_t key = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY);
	unsigned int suites[] = { 0, 3, 0xff };
	struct mig_key_blob kb;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(suites); i++) {
		kb_from(&kb, RMI_MIG_ROLE_DESTINATION);	/* also wrong role */
		kb.suite = suites[i];
		rewrap(&kb);
		open_expect(blob, sizeof(blob), 1, SID, m.dst_nonce, key);
	}
}

/* 14 */
static void open_role_mismatch(void)
{
	const uint64_t key = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY);
	struct mig_key_blob kb;

	/* Destination blob given to the source; also another RIM. */
	kb_from(&kb, RMI_MIG_ROLE_DESTINATION);
	kb.rim[0] ^= 1;
	rewrap(&kb);
	open_expect(blob, sizeof(blob), 1, SID, m.dst_nonce, key);
	/* Right role, session ID of X4 differs. */
	kb_from(&kb, RMI_MIG_ROLE_SOURCE);
	rewrap(&kb);
	open_expect(blob, sizeof(blob), 1, SID + 1, m.dst_nonce, key);
}

/* 15 */
static void open_binding(void)
{
	const uint64_t bind = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_BINDING);
	struct mig_key_blob kb;

	kb_from(&kb, RMI_MIG_ROLE_SOURCE);
	kb.rim[0] ^= 1;
	rewrap(&kb);
	open_expect(blob, sizeof(blob), 1, SID, m.dst_nonce, bind);
	kb_from(&kb, RMI_MIG_ROLE_SOURCE);
	kb.rim[63] ^= 1;		/* past a SHA-256 RIM: still compared */
	rewrap(&kb);
	open_expect(blob, sizeof(blob), 1, SID, m.dst_nonce, bind);
	kb_from(&kb, RMI_MIG_ROLE_SOURCE);
	kb.rpv[17] ^= 1;
	rewrap(&kb);
	open_expect(blob, sizeof(blob), 1, SID, m.dst_nonce, bind);
	/* The unmodified blob opens. */
	kb_from(&kb, RMI_MIG_ROLE_SOURCE);
	rewrap(&kb);
	ASSERT_EQ(um_open_raw(r.rd, 1, SID, blob, sizeof(blob), m.dst_nonce,
			      NULL), RMI_SUCCESS);
	ASSERT_EQ(um_abort_src(r.rd), RMI_SUCCESS);
}

/* An RD created in import mode with the default parameters. */
static void import_rd(struct ut_realm *d)
{
	struct ut_realm_params p;

	memset(&p, 0, sizeof(p));
	p.flags0 = RMI_REALM_FLAGS0_MIG_IMPORT;
	ut_realm_init(d, &p);
	ASSERT_EQ(ut_realm_create(d), RMI_SUCCESS);
}

static void open_dst_ok(void)
{
	uint8_t dblob[RMI_MIG_KB_TEST_LEN];
	uint64_t tok = ut_alloc_granule();
	struct rmm_smc_regs o;
	struct ut_realm d;

	import_rd(&d);
	ASSERT_EQ(um_state(d.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_DST_NEW);
	ASSERT_EQ(o.a[2] | o.a[3] | o.a[4] | o.a[5] | o.a[6], 0);
	/* The destination's RIM is not checked against the blob. */
	m.rim[0] ^= 0xff;
	um_key_blob(&m, RMI_MIG_ROLE_DESTINATION, dblob);
	ASSERT_EQ(um_open_raw(d.rd, 2, SID, dblob, sizeof(dblob), NULL, &o),
		  RMI_SUCCESS);
	ASSERT_FALSE(o.a[1] == 0 && o.a[2] == 0 && o.a[3] == 0 &&
		     o.a[4] == 0);
	ASSERT_EQ(um_mig_state(d.rd), RMI_MIG_DST_OPEN);
	/* Once per RD: not again while open, nor after it is dead. */
	um_open_raw(d.rd, 2, SID, dblob, sizeof(dblob), NULL, &o);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, d.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);		/* close.state */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, d.rd, tok), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, d.rd), RMI_SUCCESS);
	ASSERT_EQ(um_state(d.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_DST_DEAD);
	ASSERT_EQ(o.a[2] | o.a[3] | o.a[4] | o.a[5] | o.a[6], 0);
	um_open_raw(d.rd, 2, SID, dblob, sizeof(dblob), NULL, &o);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, d.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);		/* close.state */
	ASSERT_EQ(ut_realm_teardown(&d), RMI_SUCCESS);
	ut_free_granule(tok);
}

/* The role-2 variants of open.dst_state, .peer_nonce and .binding. */
static void open_dst_checks(void)
{
	uint8_t dblob[RMI_MIG_KB_TEST_LEN], iv[RMI_MIG_IV_SIZE] = { 9 };
	struct mig_key_blob kb;
	struct rmm_smc_regs o;
	struct ut_realm d;

	import_rd(&d);
	um_key_blob(&m, RMI_MIG_ROLE_DESTINATION, dblob);
	/* Role 1 on an import RD: open.src_state. */
	um_open_raw(d.rd, 1, SID, blob, sizeof(blob), m.dst_nonce, &o);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	/* open.peer_nonce: a destination takes no peer nonce. */
	um_open_raw(d.rd, 2, SID, dblob, sizeof(dblob), m.dst_nonce, &o);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	/* open.role_mismatch: the source's blob. */
	um_open_raw(d.rd, 2, SID, blob, sizeof(blob), NULL, &o);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY));
	/* open.binding: an RPV other than the RD's. */
	kb_from(&kb, RMI_MIG_ROLE_DESTINATION);
	kb.rpv[63] ^= 1;
	mig_key_blob_wrap_test(&kb, iv, dblob);
	um_open_raw(d.rd, 2, SID, dblob, sizeof(dblob), NULL, &o);
	ASSERT_FAILED(&o, RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_BINDING));
	ASSERT_EQ(um_mig_state(d.rd), RMI_MIG_DST_NEW);
	ASSERT_EQ(ut_realm_teardown(&d), RMI_SUCCESS);
}

/* close.rd */
static void close_rd(void)
{
	struct rmm_smc_regs o;

	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rd + RMM_GRANULE_SIZE);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rtt_base);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_SRC_OPEN);
}

/* close.state */
static void close_state(void)
{
	struct um_stream st = { 0 };
	struct rmm_smc_regs o;

	/* NONE */
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	/* SRC_OPEN, SRC_PRECOPY, SRC_PAUSED */
	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_export_range(&r, UM_RAM_BASE, UM_RAM_BASE + RAM, &st),
		  RMI_SUCCESS);
	ASSERT_EQ(um_pause(r.rd), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	/* SRC_ENDED but the Realm is still ACTIVE */
	ASSERT_EQ(um_export_rec(r.rd, r.recs[0], &st), RMI_SUCCESS);
	ASSERT_EQ(um_end(r.rd, &st), RMI_SUCCESS);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rd);
	ASSERT_FAILED(&o, RMI_ERROR_REALM);
	ASSERT_EQ(um_mig_state(r.rd), RMI_MIG_SRC_ENDED);
	/* Terminated: the close succeeds and the session is gone. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_SESSION_CLOSE, r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_state(r.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], RMI_MIG_NONE);
	ASSERT_EQ(o.a[2] | o.a[3] | o.a[4] | o.a[5] | o.a[6], 0);
	um_stream_free(&st);
}

/* state.rd */
static void state_rd(void)
{
	struct rmm_smc_regs o;

	UT_SMC(&o, SMC_RMI_MIG_SESSION_STATE, r.rd | 1);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_STATE, r.recs[0]);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	UT_SMC(&o, SMC_RMI_MIG_SESSION_STATE, 0);
	ASSERT_FAILED(&o, RMI_ERROR_INPUT);
	/* NONE: state 0 and nothing else. */
	ASSERT_EQ(um_state(r.rd, &o), RMI_SUCCESS);
	ASSERT_EQ(o.a[1] | o.a[2] | o.a[3] | o.a[4] | o.a[5] | o.a[6], 0);
}

static const struct test_case cases[] = {
	TEST_CASE(features),
	TEST_CASE(kek_test_value),
	TEST_CASE(open_src_ok),
	TEST_CASE(open_nonces_fresh),
	TEST_CASE(open_null_suite_ok),
	TEST_CASE(open_rd),
	TEST_CASE(open_role),
	TEST_CASE(open_params),
	TEST_CASE(open_params_fmt),
	TEST_CASE(open_src_state),
	TEST_CASE(open_dst_state),
	TEST_CASE(open_features),
	TEST_CASE(open_peer_nonce),
	TEST_CASE(open_blob_fmt),
	TEST_CASE(open_wrap_alg),
	TEST_CASE(open_blob_len),
	TEST_CASE(open_unwrap),
	TEST_CASE(open_suite),
	TEST_CASE(open_role_mismatch),
	TEST_CASE(open_binding),
	TEST_CASE(open_dst_ok),
	TEST_CASE(open_dst_checks),
	TEST_CASE(close_rd),
	TEST_CASE(close_state),
	TEST_CASE(state_rd),
};

int main(int argc, char **argv)
{
	static const struct test_suite suite = {
		.name = "rmm_mig_session",
		.cases = cases,
		.nr_cases = ARRAY_LEN(cases),
		.setup = src_setup,
		.teardown = src_teardown,
	};

	return test_main(&suite, argc, argv);
}
