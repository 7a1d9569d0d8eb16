// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model, RMI-MIG: discovery, sessions and abort.
 * The contract is Documentation/virt/kvm/arm/rmi-mig.rst; the failure
 * conditions below are evaluated in the order and with the IDs of its
 * section 4, and every RMI-MIG command zeroes X1..X17 when it fails
 * (section 2.4).
 *
 * RMI_MIG_FEATURES -> x1 version 1.0, x2 RmiMigFeatures: MAX_BATCH 512,
 *   AES_256_GCM, NULL_CIPHER, DIRTY_TRACKING and TEST_KEY (0xF0200).
 *
 * RMI_MIG_SESSION_OPEN (rd, params, role, session_id) -> x1..x4 nonce
 *   open.rd, open.role, open.params, open.params_fmt, open.src_state,
 *   open.dst_state, open.features, open.peer_nonce, then the key blob:
 *   open.blob_fmt, open.wrap_alg, open.blob_len, open.unwrap (all in
 *   mig_key_blob_unwrap()), open.suite, open.role_mismatch, open.binding.
 *
 * RMI_MIG_SESSION_CLOSE (rd): close.rd, close.state.
 * RMI_MIG_SESSION_STATE (rd) -> state, epoch, next_counter, content,
 *   state_only, unclean: state.rd.
 * RMI_MIG_ABORT (rd, token): abort.rd, abort.state, then the destination
 *   half in mig_import.c, or for a source abort.token_buf, abort.fmt,
 *   abort.binding, abort.auth, abort.body_fmt (SRC_ENDED only).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "mig_internal.h"

#define MIG_FEATURES	(RMI_MIG_MAX_BATCH | RMI_MIG_FEAT_AES_256_GCM |	\
			 RMI_MIG_FEAT_NULL_CIPHER |			\
			 RMI_MIG_FEAT_DIRTY_TRACKING | RMI_MIG_FEAT_TEST_KEY)

uint64_t mig_counter_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* 62.5 MHz: one tick every 16 ns. */
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec) /
	       (1000000000ULL / MIG_CNTFRQ);
}

enum rmi_mig_state mig_state(const struct rmm_realm *rd)
{
	const struct mig_session *s = rd->mig;

	return s ? s->state : RMI_MIG_NONE;
}

struct mig_session *mig_session_new(struct rmm_realm *rd,
				    enum rmi_mig_state state)
{
	struct mig_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->state = state;
	rd->mig = s;
	return s;
}

void mig_session_erase_keys(struct mig_session *s)
{
	OPENSSL_cleanse(s->mk, sizeof(s->mk));
	OPENSSL_cleanse(s->k_stream, sizeof(s->k_stream));
	OPENSSL_cleanse(s->k_abort, sizeof(s->k_abort));
	OPENSSL_cleanse(s->bind, sizeof(s->bind));
	OPENSSL_cleanse(s->abind, sizeof(s->abind));
	OPENSSL_cleanse(s->src_nonce, sizeof(s->src_nonce));
	OPENSSL_cleanse(s->dst_nonce, sizeof(s->dst_nonce));
	s->have_stream = false;
}

void mig_realm_free(struct rmm_realm *rd)
{
	struct mig_session *s = rd->mig;

	if (!s)
		return;
	mig_session_erase_keys(s);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
	rd->mig = NULL;
}

/* Clear the exported/imported mark of every REC of @rd. */
static void mig_recs_clear(struct rmm_realm *rd)
{
	size_t i;

	for (i = 0; i < rd->recs_cap; i++)
		if (rd->recs && rd->recs[i])
			rd->recs[i]->mig_done = false;
}

/* End a source session: NONE, nothing tracked, no REC exported. */
static void mig_source_end(struct rmm_realm *rd)
{
	mig_untrack_all(rd);
	mig_recs_clear(rd);
	mig_realm_free(rd);
}

static bool ns_granule(uint64_t pa)
{
	struct granule *g = granule_at(pa);

	return g && g->state == GRANULE_UNDELEGATED;
}

/* ---------------------------------------------------------------------- */

void smc_mig_features(struct rmm_smc_regs *regs)
{
	memset(regs, 0, sizeof(*regs));
	regs->a[1] = RMI_ABI_VERSION(RMI_MIG_ABI_MAJOR, RMI_MIG_ABI_MINOR);
	regs->a[2] = MIG_FEATURES;
	regs->a[0] = RMI_SUCCESS;
}

/* RmiMigSessionParams, copied into RMM memory. */
struct mig_params {
	uint64_t flags;
	uint64_t blob_len;
	uint8_t peer_nonce[RMI_MIG_NONCE_SIZE];
	uint8_t reserved[RMI_MIG_PARAMS_BLOB - RMI_MIG_PARAMS_RESERVED];
	uint8_t blob[RMI_MIG_PARAMS_BLOB_MAX];
} __attribute__((packed));

_Static_assert(offsetof(struct mig_params, blob) == RMI_MIG_PARAMS_BLOB,
	       "params layout");

static uint64_t session_open(struct rmm_realm *rd, uint64_t params_pa,
			     uint64_t role, uint64_t session_id,
			     uint8_t nonce[RMI_MIG_NONCE_SIZE])
{
	enum rmi_mig_state st;
	struct mig_key_blob kb;
	struct mig_params *p;
	struct mig_session *s;
	uint64_t ret;

	if (!rd)					/* open.rd */
		return RMI_ERROR_INPUT;
	if (role != RMI_MIG_ROLE_SOURCE && role != RMI_MIG_ROLE_DESTINATION)
		return RMI_ERROR_INPUT;			/* open.role */
	if (!ns_granule(params_pa))			/* open.params */
		return RMI_ERROR_INPUT;
	p = malloc(sizeof(*p));
	if (!p)
		return RMI_ERROR_GLOBAL;
	ns_granule_read(params_pa, 0, p, sizeof(*p));
	memset(&kb, 0, sizeof(kb));

	ret = RMI_ERROR_INPUT;				/* open.params_fmt */
	if (p->flags || !mig_all_zero(p->reserved, sizeof(p->reserved)) ||
	    p->blob_len < RMI_MIG_PARAMS_BLOB_MIN ||
	    p->blob_len > RMI_MIG_PARAMS_BLOB_MAX)
		goto out;
	st = mig_state(rd);
	ret = RMI_ERROR_REALM;
	if (role == RMI_MIG_ROLE_SOURCE &&		/* open.src_state */
	    (st != RMI_MIG_NONE || rd->state != REALM_ACTIVE))
		goto out;
	if (role == RMI_MIG_ROLE_DESTINATION &&	/* open.dst_state */
	    (st != RMI_MIG_DST_NEW || rd->state != REALM_NEW))
		goto out;
	ret = RMI_ERROR_NOT_SUPPORTED;			/* open.features */
	if ((rd->flags0 & (RMI_REALM_FLAGS0_SVE | RMI_REALM_FLAGS0_PMU |
			   RMI_REALM_FLAGS0_DA)) || rd->num_aux_planes)
		goto out;
	ret = RMI_ERROR_INPUT;				/* open.peer_nonce */
	if (mig_all_zero(p->peer_nonce, sizeof(p->peer_nonce)) ==
	    (role == RMI_MIG_ROLE_SOURCE))
		goto out;
	/* open.blob_fmt, open.wrap_alg, open.blob_len, open.unwrap */
	ret = mig_key_blob_unwrap(p->blob, p->blob_len, &kb);
	if (ret != RMI_SUCCESS)
		goto out;
	ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY);	/* open.suite */
	if (kb.suite != RMI_MIG_SUITE_AES_256_GCM &&
	    kb.suite != RMI_MIG_SUITE_NULL)
		goto out;
	if (kb.role != role || kb.session_id != session_id)
		goto out;				/* open.role_mismatch */
	ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_BINDING); /* open.binding */
	if (role == RMI_MIG_ROLE_SOURCE &&
	    (memcmp(kb.rim, rd->rim, 64) || memcmp(kb.rpv, rd->rpv, 64)))
		goto out;
	if (role == RMI_MIG_ROLE_DESTINATION && memcmp(kb.rpv, rd->rpv, 64))
		goto out;

	s = rd->mig;
	if (!s) {
		s = mig_session_new(rd, RMI_MIG_NONE);
		if (!s) {
			ret = RMI_ERROR_GLOBAL;
			goto out;
		}
	}
	s->role = (unsigned int)role;
	s->suite = kb.suite;
	s->session_id = session_id;
	memcpy(s->mk, kb.mk, sizeof(s->mk));
	memcpy(s->rim, kb.rim, sizeof(s->rim));
	memcpy(s->rpv, kb.rpv, sizeof(s->rpv));
	s->epoch = s->next_counter = 0;
	s->content = s->state_only = s->epochs = s->recs = 0;
	s->epoch_records = s->epoch_content = 0;
	mig_nonce(nonce);
	if (role == RMI_MIG_ROLE_SOURCE) {
		memcpy(s->src_nonce, nonce, RMI_MIG_NONCE_SIZE);
		memcpy(s->dst_nonce, p->peer_nonce, RMI_MIG_NONCE_SIZE);
		mig_derive_stream(s, s->src_nonce, s->dst_nonce, s->k_stream,
				  s->bind);
		s->have_stream = true;
		s->state = RMI_MIG_SRC_OPEN;
	} else {
		memcpy(s->dst_nonce, nonce, RMI_MIG_NONCE_SIZE);
		s->state = RMI_MIG_DST_OPEN;
	}
	mig_derive_abort(s, s->dst_nonce, s->k_abort, s->abind);
	ret = RMI_SUCCESS;
out:
	OPENSSL_cleanse(&kb, sizeof(kb));
	OPENSSL_cleanse(p, sizeof(*p));
	free(p);
	return ret;
}

void smc_mig_session_open(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t params = regs->a[2], role = regs->a[3], sid = regs->a[4];
	uint8_t nonce[RMI_MIG_NONCE_SIZE];
	uint64_t ret;

	memset(regs, 0, sizeof(*regs));
	ret = session_open(rd, params, role, sid, nonce);
	regs->a[0] = ret;
	if (ret == RMI_SUCCESS)
		memcpy(&regs->a[1], nonce, sizeof(nonce));
	OPENSSL_cleanse(nonce, sizeof(nonce));
}

void smc_mig_session_close(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	enum rmi_mig_state st;

	memset(regs, 0, sizeof(*regs));
	if (!rd) {					/* close.rd */
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	st = mig_state(rd);
	if (!(st == RMI_MIG_SRC_ENDED && rd->state == REALM_TERMINATED) &&
	    st != RMI_MIG_DST_ABORTED) {		/* close.state */
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	if (st == RMI_MIG_SRC_ENDED) {
		mig_source_end(rd);
	} else {
		struct mig_session *s = rd->mig;

		mig_session_erase_keys(s);
		OPENSSL_cleanse(s->abort_token, sizeof(s->abort_token));
		s->have_abort_token = false;
		s->state = RMI_MIG_DST_DEAD;
	}
	regs->a[0] = RMI_SUCCESS;
}

void smc_mig_session_state(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	struct mig_session *s;
	enum rmi_mig_state st;

	memset(regs, 0, sizeof(*regs));
	if (!rd) {					/* state.rd */
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	st = mig_state(rd);
	s = rd->mig;
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = st;
	if (st == RMI_MIG_NONE || st == RMI_MIG_DST_NEW ||
	    st == RMI_MIG_DST_DEAD)
		return;
	regs->a[2] = s->epoch;
	regs->a[3] = s->next_counter;
	regs->a[4] = s->content;
	regs->a[5] = s->state_only;
	if (mig_state_is_src(st))
		regs->a[6] = mig_unclean(rd);
}

/* Source in SRC_ENDED: check the destination's abort token at @token_pa. */
static uint64_t source_abort_token(struct mig_session *s, uint64_t token_pa)
{
	struct mig_abort_blob t;
	uint64_t ret = RMI_SUCCESS;

	if (!ns_granule(token_pa))			/* abort.token_buf */
		return RMI_ERROR_INPUT;
	ns_granule_read(token_pa, 0, &t, sizeof(t));
	if (!mig_hdr_check(s, &t.h, RMI_MIG_BLOB_ABORT,	/* abort.fmt */
			   RMI_MIG_ABORT_BODY_LEN) || t.h.counter)
		ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);
	else if (t.h.session_id != s->session_id)	/* abort.binding */
		ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_BINDING);
	else if (!mig_blob_open(s, true, &t.h, &t.b,	/* abort.auth */
				sizeof(t.b)))
		ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_AUTH);
	else if (t.b.reason > RMI_MIG_ABORT_REASON_FAILURE || /* body_fmt */
		 !mig_all_zero(t.b.reserved, sizeof(t.b.reserved)))
		ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);
	OPENSSL_cleanse(&t, sizeof(t));
	return ret;
}

void smc_mig_abort(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t token = regs->a[2];
	enum rmi_mig_state st;

	if (!rd) {					/* abort.rd */
		memset(regs, 0, sizeof(*regs));
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	st = mig_state(rd);
	if (st == RMI_MIG_NONE || st == RMI_MIG_DST_NEW ||
	    st == RMI_MIG_DST_DEAD) {			/* abort.state */
		memset(regs, 0, sizeof(*regs));
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	if (mig_state_is_dst(st)) {
		mig_abort_destination(regs, rd, rd->mig);
		return;
	}
	memset(regs, 0, sizeof(*regs));
	if (st == RMI_MIG_SRC_ENDED) {
		uint64_t ret = source_abort_token(rd->mig, token);

		if (ret != RMI_SUCCESS) {
			regs->a[0] = ret;
			return;
		}
	}
	mig_source_end(rd);
	regs->a[0] = RMI_SUCCESS;
}

#define MS(x)		(1U << RMI_MIG_##x)
#define MS_SRC_STOPPED	(MS(SRC_PAUSED) | MS(SRC_ENDED))
#define MS_SRC_ANY	(MS(SRC_OPEN) | MS(SRC_PRECOPY) | MS_SRC_STOPPED)
#define MS_DST_BUSY	(MS(DST_OPEN) | MS(DST_IMPORTING))
#define MS_DST_ANY	(MS(DST_NEW) | MS_DST_BUSY | MS(DST_FAILED) |	\
			 MS(DST_ABORTED) | MS(DST_DEAD))

/* Section 3.6: the mig states in which each command is refused. */
static const unsigned int mig_rmi_refused_in[] = {
	[MIG_RMI_REC_ENTER]	= MS_SRC_STOPPED,
	[MIG_RMI_SET_RIPAS]	= MS_SRC_STOPPED | MS_DST_BUSY,
	[MIG_RMI_PSCI_COMPLETE]	= MS_SRC_STOPPED | MS_DST_BUSY,
	[MIG_RMI_REC_DESTROY]	= MS_SRC_ANY,
	[MIG_RMI_REALM_DESTROY]	= MS_SRC_ANY | (MS_DST_ANY & ~MS(DST_NEW) &
						~MS(DST_DEAD)),
	[MIG_RMI_ACTIVATE]	= MS_DST_ANY,
	[MIG_RMI_INIT_RIPAS]	= MS_DST_ANY,
	[MIG_RMI_DATA_MAP_INIT]	= MS_DST_ANY,
	[MIG_RMI_DATA_MAP]	= MS_DST_ANY,
	[MIG_RMI_DATA_UNMAP]	= MS_DST_BUSY,
	[MIG_RMI_RTT_DESTROY]	= MS_DST_BUSY,
};

bool mig_rmi_refused(const struct rmm_realm *rd, enum mig_rmi_cmd cmd)
{
	return mig_rmi_refused_in[cmd] & (1U << mig_state(rd));
}
