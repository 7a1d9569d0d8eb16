/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers for the destination side of RMI-MIG
 * (Documentation/virt/kvm/arm/rmi-mig.rst, sections 4.14-4.19):
 *
 * - a destination fixture: an RD created with flags0.MIG_IMPORT, its RECs,
 *   and an open destination session (TEST key blob, role 2);
 * - a *forger*: a test-side stand-in for the source RMM that knows the
 *   migration key (it made the key blob) and the nonces, and so can build
 *   authentic blobs of every type, valid or with chosen bad fields, as the
 *   document's test notes (section 7.3) prescribe. It uses the model's own
 *   sealing primitives with its own copy of the key schedule inputs; the
 *   flow tests check interoperation with the real source.
 *
 * Helpers return RMI codes as util_realm.h's do and print "# md: ..." on
 * unexpected failures.
 */
#ifndef CCA_UTIL_MIG_IMPORT_H
#define CCA_UTIL_MIG_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "mig_internal.h"
#include "util_mig.h"
#include "util_realm.h"

#define MD_MAX_RECS	4
/* Protected IPAs the fixtures use: one level 3 table's worth. */
#define MD_IPA		0x80000000ULL

/* Build a TEST key blob (RMI_MIG_KB_TEST_LEN bytes) into @out. */
void md_key_blob(uint8_t *out, unsigned int role, unsigned int suite,
		 uint64_t sid, const uint8_t mk[32], const uint8_t rim[64],
		 const uint8_t rpv[64]);
/*
 * RMI_MIG_SESSION_OPEN(@rd, params{@blob, @peer_nonce}, @role, @sid);
 * @nonce (may be NULL) receives X1..X4 on success.
 */
uint64_t md_session_open(uint64_t rd, unsigned int role, uint64_t sid,
			 const uint8_t *blob, const uint8_t *peer_nonce,
			 uint8_t nonce[32]);

/* The test's source stand-in: key schedule inputs and stream position. */
struct md_forge {
	struct mig_session s;	/* mk, rim, rpv, sid, suite, nonces, keys */
	uint64_t counter, epoch;
	uint64_t content, state_only, epochs, recs;
	uint64_t epoch_records, epoch_content;
	uint64_t nr_recs;	/* the Realm record's */
};

/* Fixture options; zero means default. */
struct md_opts {
	unsigned int nr_recs;	/* RECs created on the destination; 1 */
	unsigned int suite;	/* RMI_MIG_SUITE_AES_256_GCM */
	uint64_t sid;		/* 0x5e55 */
	bool no_open;		/* stop in DST_NEW */
	bool no_rtt;		/* no level 3 RTT at MD_IPA */
	const uint8_t *mk;	/* 32 bytes; NULL: random */
	const uint8_t *rpv;	/* 64 bytes of the RD; NULL: a pattern */
	const uint8_t *rim;	/* 64 bytes in the key blob; NULL: a pattern */
};

struct md_dst {
	struct ut_realm r;
	uint64_t rec[MD_MAX_RECS];
	unsigned int nr_recs;
	uint64_t sid;
	unsigned int suite;
	uint8_t mk[32];
	uint8_t rim[64];
	uint8_t dst_nonce[32];
	struct md_forge f;
	/* NS scratch: a blob, a header list, data and dst lists, pages. */
	uint64_t buf, hdrs, data_list, dst_list;
	uint64_t pages[4];
};

/*
 * Create the destination: RD (s2sz 40, MIG_IMPORT), the level 3 RTT at
 * MD_IPA, RECs, and open the session (unless @o->no_open). The forger is
 * bound to it with a fresh source nonce.
 */
uint64_t md_dst_create(struct md_dst *d, const struct md_opts *o);
/*
 * Adopt keys made elsewhere (a real source's pair, util_mig.h): the
 * forger gets @sid, @suite, @mk, @rim, the RD's RPV and both nonces.
 */
void md_adopt(struct md_dst *d, uint64_t sid, unsigned int suite,
	      const uint8_t mk[32], const uint8_t rim[64],
	      const uint8_t dst_nonce[32], const uint8_t src_nonce[32]);
/*
 * Tear down whatever state the destination is in: ABORT and CLOSE if a
 * session is open or failed, then the usual realm teardown.
 */
uint64_t md_dst_destroy(struct md_dst *d);

/* RMI_MIG_SESSION_STATE: X1 state, and X2..X6 into @out (may be NULL). */
uint64_t md_state(uint64_t rd, uint64_t out[6]);

/* ---- Forging (plaintext, then seal) -------------------------------------- */
/* A valid Realm record for @d, not sealed. */
void md_realm_plain(struct md_dst *d, struct mig_realm_blob *b);
/* Seal a Realm record (P = body[0x40, 0x140)) under the forger's keys. */
void md_realm_seal(struct md_forge *f, struct mig_realm_blob *b);
/* A valid, sealed Realm record for @d at counter 0. */
void md_realm_blob(struct md_dst *d, struct mig_realm_blob *b);

/*
 * Next page record: header at the forger's counter and epoch; @page (4096
 * bytes, may be NULL for state-only) encrypted in place; tallies advance.
 */
void md_page(struct md_forge *f, struct mig_hdr *h, uint8_t *page,
	     uint64_t ipa, unsigned int ripas, unsigned int hipas);
/* Next epoch token (sealed) with the forger's counts; epoch advances. */
void md_epoch(struct md_forge *f, struct mig_epoch_blob *b);
/* Next REC record for @mpidr, plaintext @body (NULL: a valid default). */
void md_rec(struct md_forge *f, struct mig_rec_blob *b, uint64_t mpidr,
	    const struct mig_rec_body *body);
/* A valid REC body: EL1h at @pc, runnable, x0 = @x0. */
void md_rec_body(struct mig_rec_body *body, uint64_t mpidr, uint64_t pc,
		 uint64_t x0);
/* The end token with the forger's totals and @cntvct (sealed). */
void md_end(struct md_forge *f, struct mig_end_blob *b, uint64_t cntvct);
/* Seal @h + @p of @plen bytes at the forger's keys (no state change). */
void md_seal(struct md_forge *f, struct mig_hdr *h, void *p, size_t plen);

/* ---- Importing ----------------------------------------------------------- */
/* X0..X17 returned by the last md_import_*() call. */
extern struct rmm_smc_regs md_out;
/* X1..X17 of md_out are all zero. */
bool md_out_zero(void);
/* Copy @len bytes to d->buf and issue @fid(rd, buf). */
uint64_t md_import_blob(struct md_dst *d, uint64_t fid, const void *blob,
			size_t len);
/* IMPORT_REC of @blob into REC @rec_pa. */
uint64_t md_import_rec(struct md_dst *d, uint64_t rec_pa,
		       const struct mig_rec_blob *blob);
/*
 * IMPORT_PAGES of @n records: headers @h, ciphertexts @pages[i] (copied to
 * the fixture's NS pages, i < 4; NULL entries: data_list 0), dst_list
 * @dst. *@done (may be NULL) receives X1.
 */
uint64_t md_import_pages(struct md_dst *d, unsigned int n,
			 const struct mig_hdr *h, uint8_t *const *pages,
			 const uint64_t *dst, uint64_t *done);
/* Import a valid Realm record: DST_IMPORTING. */
uint64_t md_dst_import_realm(struct md_dst *d);
/*
 * Import a content page at @ipa filled with @fill into a fresh delegated
 * granule; *@dst_pa (may be NULL) receives it.
 */
uint64_t md_dst_import_fill(struct md_dst *d, uint64_t ipa, uint8_t fill,
			    uint64_t *dst_pa);
/* Import valid REC records for every REC, then the end token. */
uint64_t md_dst_finish(struct md_dst *d);

/* ---- Streams ------------------------------------------------------------- */
/* One blob as the host carries it: header (+ body), and a page. */
struct md_item {
	uint8_t type;			/* enum rmi_mig_blob_type */
	size_t len;			/* bytes of @blob */
	uint8_t blob[RMI_MIG_REC_LEN];	/* the largest blob */
	bool has_page;
	uint8_t page[RMM_GRANULE_SIZE];
};

/* Forge the next blob of each type into @it (see md_page() etc.). */
void md_item_realm(struct md_dst *d, struct md_item *it);
void md_item_page(struct md_forge *f, struct md_item *it, uint64_t ipa,
		  unsigned int ripas, unsigned int hipas, uint8_t fill);
void md_item_epoch(struct md_forge *f, struct md_item *it);
void md_item_rec(struct md_forge *f, struct md_item *it, uint64_t mpidr);
void md_item_end(struct md_forge *f, struct md_item *it);
/* The header of @it. */
static inline struct mig_hdr *md_hdr(struct md_item *it)
{
	return (struct mig_hdr *)it->blob;
}

/*
 * Import one blob as a host would: the command its type names (@type may
 * be overridden to give a blob to the wrong command); for a page record,
 * dst_list is the entry's current output address, else a fresh delegated
 * granule for an ASSIGNED record, else 0, and a missing RTT is created and
 * the call retried; a REC record goes to the REC with its MPIDR (REC 0 if
 * there is none). Return: X0 of the last call.
 */
uint64_t md_feed_raw(struct md_dst *d, unsigned int type, const void *blob,
		     size_t len, const uint8_t *page);
uint64_t md_feed(struct md_dst *d, const struct md_item *it);

/* ---- A real source and a destination ------------------------------------ */
struct md_pair {
	struct ut_realm src;		/* the source Realm, ACTIVE */
	uint64_t src_rec[MD_MAX_RECS];
	unsigned int nr_recs;
	uint64_t ram;			/* bytes of RAM at MD_IPA */
	struct um_mig m;		/* keys of both sides (util_mig.h) */
	struct md_dst d;		/* destination, DST_OPEN */
	struct um_stream st;		/* what the source exported */
};

/*
 * A source Realm with @nr_recs RECs and @npages of RAM at MD_IPA (page i
 * filled with byte i + 1), ACTIVE; a destination RD for it; both sessions
 * open with session ID @sid (0: default). The forger of p->d holds the
 * pair's keys.
 */
uint64_t md_pair_create(struct md_pair *p, unsigned int nr_recs,
			unsigned int npages, uint64_t sid);
/* Import blobs [@from, @to) of p->st into p->d; stops at a failure. */
uint64_t md_pair_feed(struct md_pair *p, size_t from, size_t to);
/* Tear both sides down from whatever state they are in. */
uint64_t md_pair_destroy(struct md_pair *p);

#endif /* CCA_UTIL_MIG_IMPORT_H */
