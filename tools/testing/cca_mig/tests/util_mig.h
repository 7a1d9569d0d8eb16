/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers for RMI-MIG (Documentation/virt/kvm/arm/rmi-mig.rst): key
 * blobs with the TEST wrap algorithm, session open on either side, a
 * test-side mirror of the key schedule to build, forge and check blobs,
 * and source-side export helpers that collect a whole stream in memory.
 *
 * Owned by the source-side helper; the API below is stable. Destination
 * helpers that import a struct um_stream belong in util_mig_import.{c,h}.
 *
 * Conventions as util_realm.h: helpers return the RMI return code of the
 * first command that did not succeed and print a "# um: ..." line naming
 * it. NS buffers are allocated with ut_alloc_granule() and freed again
 * before return; blobs are copied into malloc()ed memory.
 *
 * Typical source use:
 *
 *	struct um_mig m;
 *	struct um_stream st = { 0 };
 *
 *	um_init(&m, 0x5151, RMI_MIG_SUITE_AES_256_GCM, &r);  // RIM, RPV of r
 *	um_fake_dst_nonce(&m);               // or um_open_dst() on a dst RD
 *	ASSERT_EQ(um_open_src(&m, r.rd), RMI_SUCCESS);
 *	ASSERT_EQ(um_track_start(&r, 0, um_prot_top(&r)), RMI_SUCCESS);
 *	ASSERT_EQ(um_export_realm(r.rd, &st), RMI_SUCCESS);
 *	ASSERT_EQ(um_export_range(&r, ram, ram + size, &st), RMI_SUCCESS);
 *	...
 *	um_stream_free(&st);
 */
#ifndef CCA_UTIL_MIG_H
#define CCA_UTIL_MIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mig_internal.h"
#include "util_realm.h"

/* ---------------------------------------------------------------------- */
/* Keys and sessions                                                       */

struct um_mig {
	uint64_t sid;			/* session ID of both key blobs */
	unsigned int suite;		/* RMI_MIG_SUITE_* */
	uint8_t mk[RMI_MIG_KEY_SIZE];	/* migration key, random */
	uint8_t rim[64], rpv[64];	/* Realm identity in the blobs */
	uint8_t src_nonce[RMI_MIG_NONCE_SIZE];
	uint8_t dst_nonce[RMI_MIG_NONCE_SIZE];
	/*
	 * Mirror of the RMM's session keys, filled by um_derive() (called by
	 * um_open_src() and um_open_dst()): k_stream/bind once both nonces
	 * are known, k_abort/abind from dst_nonce. Use it with
	 * mig_blob_seal()/mig_blob_open() to forge or check blobs.
	 */
	struct mig_session ks;
};

/*
 * Fill @m: @sid, @suite, a random MK, and the RIM and RPV of realm @r as the
 * model reports them now (@r may be NULL: rim and rpv zero, set them
 * yourself). Nonces zero.
 */
void um_init(struct um_mig *m, uint64_t sid, unsigned int suite,
	     const struct ut_realm *r);
/* A random non-zero dst_nonce, for a source test without a destination. */
void um_fake_dst_nonce(struct um_mig *m);
/* Recompute m->ks from m's MK, sid, suite, rim, rpv and nonces. */
void um_derive(struct um_mig *m);

/* The TEST key blob (RMI_MIG_KB_TEST_LEN bytes) of @m for @role. */
void um_key_blob(const struct um_mig *m, unsigned int role, uint8_t *out);

/*
 * Write RmiMigSessionParams: flags 0, @blob_len, @peer_nonce (NULL: zero),
 * reserved zero, @blob. The granule at @params_pa is zeroed first.
 */
void um_write_params(uint64_t params_pa, const void *blob, uint64_t blob_len,
		     const uint8_t *peer_nonce);

/*
 * RMI_MIG_SESSION_OPEN(@rd, params, @role, @sid) with a fresh params
 * granule holding @blob and @peer_nonce. @out (may be NULL) gets X0..X17.
 * Return: X0.
 */
uint64_t um_open_raw(uint64_t rd, unsigned int role, uint64_t sid,
		     const void *blob, uint64_t blob_len,
		     const uint8_t *peer_nonce, struct rmm_smc_regs *out);
/*
 * Open the source session on @rd with @m's role-1 blob and peer nonce
 * m->dst_nonce; on success m->src_nonce is the returned nonce and m->ks is
 * derived.
 */
uint64_t um_open_src(struct um_mig *m, uint64_t rd);
/* Open the destination session; on success m->dst_nonce is set. */
uint64_t um_open_dst(struct um_mig *m, uint64_t rd);

/* RMI_MIG_SESSION_STATE; @out (may be NULL) gets X0..X17. Return: X0. */
uint64_t um_state(uint64_t rd, struct rmm_smc_regs *out);
/* The mig state of @rd (X1 of SESSION_STATE), or ~0 on failure. */
uint64_t um_mig_state(uint64_t rd);

/* ---------------------------------------------------------------------- */
/* Source                                                                  */

/* RAM of um_src_realm(): at CCA_GUEST_BASE_IPA. */
#define UM_RAM_BASE	0x80000000ULL

/*
 * An ACTIVE source realm for tests that do not run it: created with @p
 * (NULL: util_realm defaults), RIPAS RAM over [UM_RAM_BASE, + @ram_size),
 * every granule populated (measured) with the pattern um_pattern(ipa),
 * @nr_recs RECs (runnable, pc = UM_RAM_BASE) registered in r->recs.
 */
uint64_t um_src_realm(struct ut_realm *r, const struct ut_realm_params *p,
		      uint64_t ram_size, unsigned int nr_recs);
/* The u64 that um_src_realm() writes at every 8 bytes of granule @ipa. */
static inline uint64_t um_pattern(uint64_t ipa)
{
	return 0x5a00000000000000ULL | ipa;
}
/*
 * Tear down a source realm in any mig state: SRC_ENDED is terminated and
 * closed, SRC_OPEN..SRC_PAUSED aborted, then ut_realm_teardown().
 */
uint64_t um_teardown(struct ut_realm *r);

/* Top of the protected IPA space of @r: 2^(s2sz - 1). */
uint64_t um_prot_top(const struct ut_realm *r);

/*
 * RMI_MIG_TRACK_START over [@base, @top), looping on out_top; on
 * RMI_ERROR_RTT(L) creates the level L + 1 RTT at the failing address (as
 * the document's host does) and retries.
 */
uint64_t um_track_start(struct ut_realm *r, uint64_t base, uint64_t top);

/*
 * RMI_MIG_DIRTY_HARVEST over [@base, @top) looping on out_top (any span);
 * @bits (may be NULL) receives one bit per granule of the range, like the
 * RMM's bitmap; *@nr_dirty (may be NULL) the number of dirty granules.
 */
uint64_t um_harvest(uint64_t rd, uint64_t base, uint64_t top, uint8_t *bits,
		    uint64_t *nr_dirty);

/* One blob of a stream, as the host carries it. */
struct um_blob {
	uint8_t type;			/* enum rmi_mig_blob_type */
	size_t len;			/* bytes at @data */
	uint8_t *data;			/* header (+ body), malloc()ed */
	uint8_t *page;			/* PAGE with HAS_DATA: 4096 bytes */
	uint64_t ipa;			/* PAGE: IPA; REC: MPIDR */
};

struct um_stream {
	struct um_blob *b;
	size_t n, cap;
};

void um_stream_free(struct um_stream *st);
/* The header of blob @i. */
static inline struct mig_hdr *um_hdr(const struct um_stream *st, size_t i)
{
	return (struct mig_hdr *)st->b[i].data;
}

/* Each appends the blob(s) it produced to @st (NULL: discarded). */
uint64_t um_export_realm(uint64_t rd, struct um_stream *st);
/*
 * RMI_MIG_EXPORT_PAGES of @n IPAs, in batches of up to 512, continuing
 * after partial progress. *@done (may be NULL) counts exported records.
 */
uint64_t um_export_pages(uint64_t rd, const uint64_t *ipas, size_t n,
			 struct um_stream *st, size_t *done);
/*
 * Export every granule of [@base, @top) (4 KiB steps); on RMI_ERROR_RTT(L)
 * creates the level L + 1 RTT and retries.
 */
uint64_t um_export_range(struct ut_realm *r, uint64_t base, uint64_t top,
			 struct um_stream *st);
/* Export the granules whose bit is set in @bits over [@base, ...). */
uint64_t um_export_bitmap(struct ut_realm *r, uint64_t base,
			  const uint8_t *bits, uint64_t nr_granules,
			  struct um_stream *st);
uint64_t um_epoch_end(uint64_t rd, struct um_stream *st);
uint64_t um_pause(uint64_t rd);
uint64_t um_export_rec(uint64_t rd, uint64_t rec, struct um_stream *st);
uint64_t um_end(uint64_t rd, struct um_stream *st);

/*
 * A whole source migration of realm @r with the session already open:
 * track [0, prot top), export the Realm record, export [@ram, @ram +
 * @ram_size) (epoch 0), epoch end, pause, final harvest and export of the
 * dirty set, export every REC of r->recs, end. The source is SRC_ENDED.
 */
uint64_t um_export_all(struct ut_realm *r, uint64_t ram, uint64_t ram_size,
		       struct um_stream *st);

/*
 * Source abort from any state before SRC_ENDED (token ignored). Return: X0.
 */
uint64_t um_abort_src(uint64_t rd);

#endif /* CCA_UTIL_MIG_H */
