/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RMM reference model: RMI-MIG, the migration extension specified in
 * Documentation/virt/kvm/arm/rmi-mig.rst. Objects shared by the migration
 * source files and the hooks the rest of the model calls.
 *
 * Ownership of source files:
 *   mig_internal.h  this header (source-side helper)
 *   mig.c           RMI_MIG_FEATURES, SESSION_OPEN/CLOSE/STATE (both roles),
 *                   RMI_MIG_ABORT dispatch and its source half, session
 *                   lifetime (source-side helper)
 *   mig_crypto.c    AES-256-GCM and NULL suites, HKDF/SHA-256, key blob
 *                   unwrap, key schedule, blob seal/open, check H
 *                   (source-side helper)
 *   mig_export.c    dirty tracking (TRACK_START/STOP, DIRTY_HARVEST, the
 *                   hooks below), EXPORT_REALM/PAGES/REC, EPOCH_END, PAUSE,
 *                   END (source-side helper)
 *   mig_import.c    IMPORT_REALM/PAGES/EPOCH/REC/END and the destination
 *                   half of RMI_MIG_ABORT (mig_abort_destination())
 *                   (destination-side helper, who also owns import-mode
 *                   realm creation in realm.c)
 * The section 3.6 restrictions of existing commands are mig_rmi_refused()
 * (mig.c), called from realm.c, rtt.c and rec.c; tracking hooks are in
 * mig_export.c, called from rtt.c and exec.c.
 *
 * State. struct rmm_realm.mig points at a struct mig_session, or is NULL,
 * which means mig state NONE. A destination RD gets one at RMI_REALM_CREATE
 * (mig state DST_NEW, mig_session_new()) and keeps it until the RD is
 * destroyed (DST_DEAD keeps the struct, with its keys erased). A source
 * session is freed when its mig state returns to NONE (ABORT, CLOSE).
 *
 * Per-granule tracking state (section 3.4) lives in the RTT entry, as a real
 * RMM keeps it in software bits of the descriptor: struct rtt_entry.mig,
 * an enum rmi_mig_track_state. An entry at level < 3 holds one state for
 * every granule it maps. The field is 0 (UNTRACKED) everywhere outside a
 * source session.
 *
 * Locking: every function here runs under rmm_lock (the SMC handlers and
 * the REC execution hooks already hold it).
 */
#ifndef RMM_MIG_INTERNAL_H
#define RMM_MIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmm_internal.h"

/* Largest wrapped key blob in RmiMigSessionParams, and the TEST one. */
#define MIG_KB_MAX		RMI_MIG_PARAMS_BLOB_MAX

/*
 * The platform's generic counter. The model's counter is the host's
 * CLOCK_MONOTONIC at MIG_CNTFRQ Hz, the frequency Unicorn's AArch64 CPU
 * reports; the Realm's virtual counter is counter - REC cntvoff.
 */
#define MIG_CNTFRQ		62500000ULL
uint64_t mig_counter_now(void);

/* ---------------------------------------------------------------------- */
/* Session                                                                 */

struct mig_session {
	enum rmi_mig_state state;
	unsigned int role;		/* RMI_MIG_ROLE_*, 0 in DST_NEW */
	unsigned int suite;		/* RMI_MIG_SUITE_* */
	uint64_t session_id;

	/* From the key blob: MK and the Realm identity it is bound to. */
	uint8_t mk[RMI_MIG_KEY_SIZE];
	uint8_t rim[64];
	uint8_t rpv[64];

	/* Key schedule (section 5.3). */
	uint8_t src_nonce[RMI_MIG_NONCE_SIZE];
	uint8_t dst_nonce[RMI_MIG_NONCE_SIZE];
	uint8_t k_stream[RMI_MIG_KEY_SIZE];
	uint8_t bind[32];
	bool have_stream;		/* k_stream and bind are valid */
	uint8_t k_abort[RMI_MIG_KEY_SIZE];
	uint8_t abind[32];

	/* Stream position and tallies (RMI_MIG_SESSION_STATE). */
	uint64_t epoch;
	uint64_t next_counter;
	uint64_t content;		/* content records in the session */
	uint64_t state_only;		/* state-only records in the session */
	uint64_t epochs;		/* epoch tokens in the session */
	uint64_t recs;			/* REC records in the session */
	uint64_t epoch_records;		/* PAGE + REC records this epoch */
	uint64_t epoch_content;		/* content records this epoch */

	/* Source. */
	uint64_t cntvct_at_pause;

	/* Destination. */
	uint64_t nr_recs;		/* from the Realm record */
	uint64_t failure;		/* return code that poisoned, or 0 */
	bool have_abort_token;
	uint8_t abort_token[RMI_MIG_ABORT_LEN];
};

/* The mig state of @rd: NONE when it has no session struct. */
enum rmi_mig_state mig_state(const struct rmm_realm *rd);
/* The session of @rd, or NULL. */
static inline struct mig_session *mig_session(const struct rmm_realm *rd)
{
	return rd->mig;
}
/*
 * Allocate a zeroed session for @rd in @state (rd->mig must be NULL).
 * Return: the session, or NULL if out of memory.
 */
struct mig_session *mig_session_new(struct rmm_realm *rd,
				    enum rmi_mig_state state);
/* Erase keys, nonces and MK of @s (keeps state and tallies). */
void mig_session_erase_keys(struct mig_session *s);
/*
 * Free @rd's session (if any), erasing it first; rd->mig becomes NULL.
 * Called by RMI_REALM_DESTROY and at model teardown for leaked RDs.
 */
void mig_realm_free(struct rmm_realm *rd);

/* Mig state predicates used by the section 3.6 checks. */
static inline bool mig_state_is_src(enum rmi_mig_state st)
{
	return st >= RMI_MIG_SRC_OPEN && st <= RMI_MIG_SRC_ENDED;
}

static inline bool mig_state_is_dst(enum rmi_mig_state st)
{
	return st >= RMI_MIG_DST_NEW && st <= RMI_MIG_DST_DEAD;
}

/*
 * Section 3.6: existing DEN0137 commands that RMI-MIG restricts, each
 * checked after the command's input address checks and before it looks at
 * RTT entries (the callers in realm.c, rtt.c and rec.c).
 */
enum mig_rmi_cmd {
	MIG_RMI_REC_ENTER,	/* rmi.rec_enter */
	MIG_RMI_SET_RIPAS,	/* rmi.set_ripas, rmi.dst_set_ripas */
	MIG_RMI_PSCI_COMPLETE,	/* rmi.psci_complete, rmi.dst_psci_complete */
	MIG_RMI_REC_DESTROY,	/* rmi.rec_destroy */
	MIG_RMI_REALM_DESTROY,	/* rmi.realm_destroy */
	MIG_RMI_ACTIVATE,	/* rmi.activate */
	MIG_RMI_INIT_RIPAS,	/* rmi.init_ripas */
	MIG_RMI_DATA_MAP_INIT,	/* rmi.data_map_init */
	MIG_RMI_DATA_MAP,	/* rmi.data_map */
	MIG_RMI_DATA_UNMAP,	/* rmi.data_unmap */
	MIG_RMI_RTT_DESTROY,	/* rmi.rtt_destroy */
};

/*
 * true if the mig state of @rd makes @cmd fail with RMI_ERROR_REALM
 * (index 0), per the table of section 3.6.
 */
bool mig_rmi_refused(const struct rmm_realm *rd, enum mig_rmi_cmd cmd);

/*
 * RMI_MIG_ABORT on a destination RD (mig state DST_OPEN, DST_IMPORTING,
 * DST_FAILED or DST_ABORTED; conditions abort.rd and abort.state already
 * checked by smc_mig_abort()). Evaluates abort.token_buf and writes X0..X17.
 * Provided by mig_import.c.
 */
void mig_abort_destination(struct rmm_smc_regs *regs, struct rmm_realm *rd,
			   struct mig_session *s);

/* ---------------------------------------------------------------------- */
/* Blob formats (section 5), little endian, as the model's host is         */

struct mig_hdr {
	uint32_t magic;			/* RMI_MIG_HDR_MAGIC */
	uint8_t version;		/* RMI_MIG_HDR_VERSION */
	uint8_t type;			/* enum rmi_mig_blob_type */
	uint16_t flags;			/* RMI_MIG_HDR_F_* */
	uint64_t session_id;
	uint64_t counter;
	uint64_t epoch;
	uint64_t ipa;			/* PAGE: IPA, REC: MPIDR */
	uint8_t ripas;
	uint8_t hipas;
	uint16_t reserved;
	uint32_t body_len;
	uint8_t tag[RMI_MIG_TAG_SIZE];
} __attribute__((packed));

struct mig_realm_body {
	uint8_t src_nonce[RMI_MIG_NONCE_SIZE];
	uint8_t dst_nonce[RMI_MIG_NONCE_SIZE];
	uint64_t flags0;
	uint64_t s2sz;
	uint64_t sve_vl;
	uint64_t num_bps;
	uint64_t num_wps;
	uint64_t pmu_num_ctrs;
	uint64_t hash_algo;
	uint64_t num_aux_planes;
	uint64_t nr_recs;
	uint64_t cntfrq;
	uint8_t reserved[48];
	uint8_t rpv[64];
	uint8_t rim[64];
} __attribute__((packed));

struct mig_epoch_body {
	uint64_t records;
	uint64_t content;
	uint64_t next_epoch;
	uint8_t reserved[40];
} __attribute__((packed));

struct mig_rec_body {
	uint64_t gprs[31];
	uint64_t sp_el0, sp_el1, pc, pstate;
	uint64_t elr_el1, spsr_el1, esr_el1, far_el1;
	uint64_t sctlr_el1, ttbr0_el1, ttbr1_el1, tcr_el1, mair_el1;
	uint64_t amair_el1, vbar_el1, contextidr_el1, tpidr_el0;
	uint64_t tpidrro_el0, tpidr_el1, cpacr_el1, par_el1, mdscr_el1;
	uint64_t cntkctl_el1, cntv_ctl_el0, cntv_cval_el0;
	uint64_t cntp_ctl_el0, cntp_cval_el0;
	uint64_t afsr0_el1, afsr1_el1, csselr_el1;
	uint64_t cntvoff_src;
	uint8_t reserved0[16];
	uint64_t v[32][2];		/* low 64 bits first */
	uint64_t fpsr, fpcr;
	uint8_t reserved1[240];
	uint64_t dbgbvr[16], dbgbcr[16], dbgwvr[16], dbgwcr[16];
	uint64_t ich_hcr, ich_vmcr;
	uint64_t ich_ap0r[4], ich_ap1r[4];
	uint64_t nr_lrs;
	uint64_t ich_lr[16];
	uint8_t reserved2[40];
	uint64_t mpidr;
	uint64_t flags;			/* RMI_MIG_REC_F_RUNNABLE */
	uint64_t pending;		/* enum rec_pending */
	uint64_t host_call_ipa;
	uint64_t ripas_addr, ripas_top, ripas_value, ripas_flags;
	uint64_t ripas_rejected;
	uint64_t psci_fid, psci_target;
	uint64_t exit_esr, exit_far, exit_hpfar;
	uint8_t reserved3[144];
} __attribute__((packed));

struct mig_end_body {
	uint64_t content;
	uint64_t state_only;
	uint64_t epochs;
	uint64_t recs;
	uint64_t cntvct_at_pause;
	uint8_t reserved[24];
	uint8_t rem[4][64];
} __attribute__((packed));

struct mig_abort_body {
	uint64_t next_counter;
	uint64_t reason;		/* RMI_MIG_ABORT_REASON_* */
	uint64_t failure;
	uint8_t reserved[40];
} __attribute__((packed));

_Static_assert(sizeof(struct mig_hdr) == RMI_MIG_HDR_SIZE, "hdr");
_Static_assert(offsetof(struct mig_hdr, body_len) == RMI_MIG_HDR_OFF_BODY_LEN,
	       "hdr body_len");
_Static_assert(sizeof(struct mig_realm_body) == RMI_MIG_REALM_BODY_LEN,
	       "realm body");
_Static_assert(offsetof(struct mig_realm_body, rpv) == RMI_MIG_REALM_RPV,
	       "realm rpv");
_Static_assert(sizeof(struct mig_epoch_body) == RMI_MIG_EPOCH_BODY_LEN,
	       "epoch body");
_Static_assert(sizeof(struct mig_rec_body) == RMI_MIG_REC_BODY_LEN,
	       "rec body");
_Static_assert(offsetof(struct mig_rec_body, cntvoff_src) ==
	       RMI_MIG_REC_CNTVOFF_SRC, "rec cntvoff");
_Static_assert(offsetof(struct mig_rec_body, v) == RMI_MIG_REC_V, "rec v");
_Static_assert(offsetof(struct mig_rec_body, dbgbvr) == RMI_MIG_REC_DBGBVR,
	       "rec dbg");
_Static_assert(offsetof(struct mig_rec_body, ich_lr) == RMI_MIG_REC_ICH_LR,
	       "rec lr");
_Static_assert(offsetof(struct mig_rec_body, mpidr) == RMI_MIG_REC_MPIDR,
	       "rec mpidr");
_Static_assert(offsetof(struct mig_rec_body, exit_hpfar) ==
	       RMI_MIG_REC_EXIT_HPFAR, "rec hpfar");
_Static_assert(sizeof(struct mig_end_body) == RMI_MIG_END_BODY_LEN,
	       "end body");
_Static_assert(offsetof(struct mig_end_body, rem) == RMI_MIG_END_REM,
	       "end rem");
_Static_assert(sizeof(struct mig_abort_body) == RMI_MIG_ABORT_BODY_LEN,
	       "abort body");

/* A whole blob as it sits in an NS granule at offset 0. */
struct mig_realm_blob {
	struct mig_hdr h;
	struct mig_realm_body b;
} __attribute__((packed));

struct mig_epoch_blob {
	struct mig_hdr h;
	struct mig_epoch_body b;
} __attribute__((packed));

struct mig_rec_blob {
	struct mig_hdr h;
	struct mig_rec_body b;
} __attribute__((packed));

struct mig_end_blob {
	struct mig_hdr h;
	struct mig_end_body b;
} __attribute__((packed));

struct mig_abort_blob {
	struct mig_hdr h;
	struct mig_abort_body b;
} __attribute__((packed));

/* ---------------------------------------------------------------------- */
/* Cryptography (mig_crypto.c)                                             */

/* Fill @buf with @len random bytes. Aborts if the platform cannot. */
void mig_random(void *buf, size_t len);
/* A fresh 32-byte nonce that is not all zero. */
void mig_nonce(uint8_t nonce[RMI_MIG_NONCE_SIZE]);
/* true if @len bytes at @p are all zero. */
bool mig_all_zero(const void *p, size_t len);
/* Constant-time comparison: true if equal. */
bool mig_equal(const void *a, const void *b, size_t len);

/*
 * Seal (encrypt in place and compute @tag) or open (verify @tag in
 * constant time, then decrypt in place) @len bytes at @buf under @suite
 * (RMI_MIG_SUITE_AES_256_GCM or _NULL). NULL suite: the data is left as
 * is, the tag is 16 zero bytes, open requires a zero tag.
 * mig_aead_open() returns false (and leaves @buf unchanged) if the tag does
 * not verify.
 */
void mig_aead_seal(unsigned int suite, const uint8_t key[RMI_MIG_KEY_SIZE],
		   const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		   size_t aad_len, void *buf, size_t len,
		   uint8_t tag[RMI_MIG_TAG_SIZE]);
/* As mig_aead_seal(), from @in to @out (a page into an NS granule). */
void mig_aead_seal_to(unsigned int suite,
		      const uint8_t key[RMI_MIG_KEY_SIZE],
		      const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		      size_t aad_len, const void *in, void *out, size_t len,
		      uint8_t tag[RMI_MIG_TAG_SIZE]);
bool mig_aead_open(unsigned int suite, const uint8_t key[RMI_MIG_KEY_SIZE],
		   const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		   size_t aad_len, void *buf, size_t len,
		   const uint8_t tag[RMI_MIG_TAG_SIZE]);
/*
 * Decrypt @in into @out (they do not overlap); false, and @out scrubbed,
 * if the tag does not match: for a destination the Realm cannot see yet.
 */
bool mig_aead_open_to(unsigned int suite, const uint8_t key[RMI_MIG_KEY_SIZE],
		      const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		      size_t aad_len, const void *in, void *out, size_t len,
		      const uint8_t tag[RMI_MIG_TAG_SIZE]);

/* IV = direction (u32) || counter (u64), little endian. */
void mig_iv(uint8_t iv[RMI_MIG_IV_SIZE], uint32_t direction,
	    uint64_t counter);

/*
 * Key schedule (section 5.3) from @s's MK, session_id, rim and rpv:
 * K_stream and bind for the nonce pair, K_abort and abind for @dst_nonce.
 * They only compute; callers store the results.
 */
void mig_derive_stream(const struct mig_session *s,
		       const uint8_t src_nonce[RMI_MIG_NONCE_SIZE],
		       const uint8_t dst_nonce[RMI_MIG_NONCE_SIZE],
		       uint8_t k_stream[RMI_MIG_KEY_SIZE], uint8_t bind[32]);
void mig_derive_abort(const struct mig_session *s,
		      const uint8_t dst_nonce[RMI_MIG_NONCE_SIZE],
		      uint8_t k_abort[RMI_MIG_KEY_SIZE], uint8_t abind[32]);

/* The parsed fields of an RmiMigKeyBlob. */
struct mig_key_blob {
	unsigned int wrap_alg;
	unsigned int role;
	unsigned int suite;
	uint64_t session_id;
	uint8_t rim[64];
	uint8_t rpv[64];
	uint8_t mk[RMI_MIG_KEY_SIZE];
};

/*
 * Check and unwrap the key blob @blob of @blob_len bytes (the params'
 * blob_len): open.blob_fmt, open.wrap_alg, open.blob_len and open.unwrap,
 * in that order. Return: RMI_SUCCESS with @kb filled, or the
 * RMI_ERROR_MIG return code of the first condition that holds.
 */
uint64_t mig_key_blob_unwrap(const uint8_t *blob, size_t blob_len,
			     struct mig_key_blob *kb);

/*
 * Build a TEST key blob (tests and tools; the model itself never wraps).
 * @out receives RMI_MIG_KB_TEST_LEN bytes.
 */
void mig_key_blob_wrap_test(const struct mig_key_blob *kb,
			    const uint8_t iv[RMI_MIG_IV_SIZE], uint8_t *out);

/* The TEST key-encryption key, SHA-256 of the documented string. */
void mig_kek_test(uint8_t kek[RMI_MIG_KEY_SIZE]);

/*
 * Protect a stream blob (@abort false: K_stream, bind, direction 1) or the
 * abort token (@abort true: K_abort, abind, direction 2): AAD =
 * hdr[0, 0x30) || bind, IV from @h->counter, @p of @plen bytes encrypted in
 * place, @h->tag set. @h must be complete apart from the tag.
 */
void mig_blob_seal(const struct mig_session *s, bool abort,
		   struct mig_hdr *h, void *p, size_t plen);
/*
 * As mig_blob_seal() for a stream blob, reading the plaintext from @in and
 * writing the ciphertext to @out (a page straight into its NS granule).
 */
void mig_blob_seal_to(const struct mig_session *s, struct mig_hdr *h,
		      const void *in, void *out, size_t plen);
/*
 * Verify and decrypt in place. Return: false (@p unchanged) if the tag does
 * not verify. Stream blobs need s->have_stream.
 */
/* As mig_blob_open() for a stream blob, from @in into @out. */
bool mig_blob_open_to(const struct mig_session *s, const struct mig_hdr *h,
		      const void *in, void *out, size_t plen);
bool mig_blob_open(const struct mig_session *s, bool abort,
		   const struct mig_hdr *h, void *p, size_t plen);
/*
 * As mig_blob_open() for a stream blob under explicit keys (IMPORT_REALM
 * verifies before it commits the keys it derived).
 */
bool mig_blob_open_with(unsigned int suite,
			const uint8_t k_stream[RMI_MIG_KEY_SIZE],
			const uint8_t bind[32], const struct mig_hdr *h,
			void *p, size_t plen);

/*
 * Check H (section 5.4) of @h for @type and @body_len in session @s.
 * Return: true if it holds.
 */
bool mig_hdr_check(const struct mig_session *s, const struct mig_hdr *h,
		   unsigned int type, uint32_t body_len);
/*
 * Fill a header for @type in session @s: magic, version, flags (NULL_SUITE
 * as the suite says, @has_data), session_id, @counter, @epoch, @body_len;
 * ipa, ripas, hipas zero, tag zero.
 */
void mig_hdr_init(const struct mig_session *s, struct mig_hdr *h,
		  unsigned int type, uint64_t counter, uint64_t epoch,
		  uint32_t body_len, bool has_data);

/* ---------------------------------------------------------------------- */
/* Dirty tracking hooks (mig_export.c), called by rtt.c and exec.c         */

/*
 * The entry @e of @rd was modified by an RMI command or by the RMM on the
 * Realm's behalf (section 3.4): a tracked entry becomes DIRTY.
 */
void mig_rtte_modified(struct rmm_realm *rd, struct rtt_entry *e);
/* The RMM wrote the protected granule at @ipa for the Realm. */
void mig_realm_wrote(struct rmm_realm *rd, uint64_t ipa);
/*
 * Tracking state of the entry that replaces a table @child by RTT_FOLD
 * (the common state, else DIRTY) or RTT_DESTROY (DIRTY if any entry was
 * tracked, else UNTRACKED).
 */
uint8_t mig_fold_state(const struct rmm_rtt *child);
uint8_t mig_destroy_state(const struct rmm_rtt *child);
/* The Realm may not write the granules that @e maps (section 3.4). */
bool mig_rtte_write_protected(const struct rtt_entry *e);
/*
 * Stage 2 write permission fault at protected @ipa. Return: true if it was
 * a tracking fault, now logged (the entry is DIRTY and writable again);
 * false if it is not one and must be handled as any other fault.
 */
bool mig_s2_write_fault(struct rmm_realm *rd, uint64_t ipa);

/* Number of granules in T that are NEW, DIRTY or PENDING. */
uint64_t mig_unclean(struct rmm_realm *rd);
/* Forget all tracking state of @rd and restore write permission. */
void mig_untrack_all(struct rmm_realm *rd);

#endif /* RMM_MIG_INTERNAL_H */
