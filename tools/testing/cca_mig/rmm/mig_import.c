// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model, RMI-MIG: the destination side
 * (Documentation/virt/kvm/arm/rmi-mig.rst, sections 3.3, 4.14-4.19, 5).
 *
 * RMI_MIG_IMPORT_REALM, IMPORT_PAGES, IMPORT_EPOCH, IMPORT_REC, IMPORT_END
 * and the destination half of RMI_MIG_ABORT. Every failure condition is
 * evaluated in the document's priority order; the comment above each
 * command lists them with their IDs.
 *
 * Blobs are copied from the NS buffers into RMM memory before any check,
 * and authenticated there, never in place. Nothing is changed on the
 * strength of a field before the tag over it has verified: header fields
 * that are checked before authentication (IPA, HIPAS, RIPAS, MPIDR) only
 * choose an error.
 *
 * Poisoning (section 2.4): a command called on a destination session that
 * returns RMI_ERROR_MIG moves the session to DST_FAILED and records the
 * return code for the abort token. dst_finish() is the one place that does
 * it, and the one place that zeroes X1..X17 on failure.
 *
 * The destination RD's session (struct mig_session) exists from
 * RMI_REALM_CREATE with flags0.MIG_IMPORT (DST_NEW) until RMI_MIG_IMPORT_END
 * frees it (mig state NONE, Realm ACTIVE) or the RD is destroyed.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "mig_internal.h"

#define G			RMM_GRANULE_SIZE
#define MIG_ERR(reason)		RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_##reason)

/* ---------------------------------------------------------------------- */
/* Common                                                                 */

/* @pa is an NS granule: granule aligned, DRAM, UNDELEGATED. */
static bool ns_granule(uint64_t pa)
{
	struct granule *g = granule_at(pa);

	return g && g->state == GRANULE_UNDELEGATED;
}

/* Every granule that overlaps [@pa, @pa + @len) is an NS granule. */
static bool ns_buffer(uint64_t pa, uint64_t len)
{
	uint64_t g;

	if (!len || pa + len < pa)
		return false;
	for (g = pa & ~(G - 1); g < pa + len; g += G)
		if (!ns_granule(g))
			return false;
	return true;
}

/* Copy [@pa, @pa + @len) of an NS buffer checked by ns_buffer(). */
static void ns_buffer_read(uint64_t pa, void *buf, uint64_t len)
{
	uint8_t *p = buf;

	while (len) {
		uint64_t off = pa & (G - 1);
		uint64_t n = G - off < len ? G - off : len;

		ns_granule_read(pa - off, off, p, n);
		p += n;
		pa += n;
		len -= n;
	}
}

/* @count u64 entries at @list, 8-byte aligned, inside one NS granule. */
static bool ns_list(uint64_t list, uint64_t count)
{
	uint64_t off = list & (G - 1);

	return ALIGNED(list, sizeof(uint64_t)) &&
	       off + count * sizeof(uint64_t) <= G && ns_granule(list - off);
}

static void ns_list_read(uint64_t list, uint64_t *out, uint64_t count)
{
	uint64_t off = list & (G - 1);

	ns_granule_read(list - off, off, out, count * sizeof(uint64_t));
}

/*
 * Conditions 1 and 2 of every import command: @rd_pa is an RD whose mig
 * state is @want.
 */
static uint64_t dst_lookup(uint64_t rd_pa, enum rmi_mig_state want,
			   struct rmm_realm **rdp, struct mig_session **sp)
{
	struct rmm_realm *rd = realm_from_rd(rd_pa);

	if (!rd)
		return RMI_ERROR_INPUT;
	if (mig_state(rd) != want)
		return RMI_ERROR_REALM;
	*rdp = rd;
	*sp = mig_session(rd);
	return RMI_SUCCESS;
}

/*
 * Finish a destination command with @ret: poison the session on
 * RMI_ERROR_MIG (section 2.4). X1..X17 are zero; a command with outputs
 * sets them after this, on success only.
 */
static void dst_finish(struct rmm_smc_regs *regs, struct mig_session *s,
		       uint64_t ret)
{
	if (s && RMI_RETURN_STATUS(ret) == RMI_ERROR_MIG &&
	    (s->state == RMI_MIG_DST_OPEN ||
	     s->state == RMI_MIG_DST_IMPORTING)) {
		s->state = RMI_MIG_DST_FAILED;
		s->failure = ret;
	}
	memset(regs, 0, sizeof(*regs));
	regs->a[0] = ret;
}

/* Counter and epoch checks shared by every stream blob after the Realm's. */
static bool dst_in_sequence(const struct mig_session *s,
			    const struct mig_hdr *h)
{
	return h->epoch == s->epoch && h->counter == s->next_counter;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_REALM (rd, buf)                                          */

static bool realm_body_reserved_ok(const struct mig_realm_body *b)
{
	return mig_all_zero(b->reserved, sizeof(b->reserved));
}

/* imp_realm.body_binding: identity and parameters. */
static bool realm_body_binds(const struct rmm_realm *rd,
			     const struct mig_session *s,
			     const struct mig_realm_body *b)
{
	return mig_equal(b->rim, s->rim, sizeof(b->rim)) &&
	       mig_equal(b->rpv, s->rpv, sizeof(b->rpv)) &&
	       (b->flags0 & ~RMI_REALM_FLAGS0_MIG_IMPORT) ==
	       (rd->flags0 & ~RMI_REALM_FLAGS0_MIG_IMPORT) &&
	       b->s2sz == rd->s2sz && b->sve_vl == rd->sve_vl &&
	       b->num_bps == rd->num_bps && b->num_wps == rd->num_wps &&
	       b->pmu_num_ctrs == rd->pmu_num_ctrs &&
	       b->hash_algo == rd->hash_algo &&
	       b->num_aux_planes == rd->num_aux_planes &&
	       b->cntfrq == MIG_CNTFRQ;
}

/*
 *  1 imp_realm.rd            INPUT      rd is not an RD
 *  2 imp_realm.state         REALM      mig state is not DST_OPEN
 *  3 imp_realm.buf           INPUT      buf is not an NS granule
 *  4 imp_realm.fmt           FORMAT     check H for REALM, body_len 0x140
 *  5 imp_realm.binding       BINDING    session_id, dst_nonce, zero src_nonce
 *  6 imp_realm.seq           SEQUENCE   counter != 0 or epoch != 0
 *  7 imp_realm.auth          AUTH       tag under K_stream(src_nonce)
 *  8 imp_realm.body_fmt      FORMAT     reserved, hash_algo, nr_recs
 *  9 imp_realm.body_binding  BINDING    rim/rpv, parameters, cntfrq
 */
static uint64_t import_realm(struct rmm_realm *rd, struct mig_session *s,
			     uint64_t buf)
{
	uint8_t k_stream[RMI_MIG_KEY_SIZE], bind[32];
	struct mig_realm_blob b;
	uint64_t ret = RMI_SUCCESS;

	if (!ns_granule(buf))
		return RMI_ERROR_INPUT;
	ns_granule_read(buf, 0, &b, sizeof(b));
	if (!mig_hdr_check(s, &b.h, RMI_MIG_BLOB_REALM,
			   RMI_MIG_REALM_BODY_LEN))
		return MIG_ERR(FORMAT);
	if (b.h.session_id != s->session_id ||
	    !mig_equal(b.b.dst_nonce, s->dst_nonce, RMI_MIG_NONCE_SIZE) ||
	    mig_all_zero(b.b.src_nonce, RMI_MIG_NONCE_SIZE))
		return MIG_ERR(BINDING);
	if (b.h.counter || b.h.epoch)
		return MIG_ERR(SEQUENCE);

	mig_derive_stream(s, b.b.src_nonce, s->dst_nonce, k_stream, bind);
	if (!mig_blob_open_with(s->suite, k_stream, bind, &b.h,
				(uint8_t *)&b.b + RMI_MIG_REALM_CLEAR_LEN,
				RMI_MIG_REALM_BODY_LEN -
				RMI_MIG_REALM_CLEAR_LEN)) {
		ret = MIG_ERR(AUTH);
		goto out;
	}
	if (!realm_body_reserved_ok(&b.b) ||
	    (b.b.hash_algo != RMI_HASH_SHA_256 &&
	     b.b.hash_algo != RMI_HASH_SHA_512) ||
	    !b.b.nr_recs || b.b.nr_recs > (1ULL << rmm.cfg.max_recs_order)) {
		ret = MIG_ERR(FORMAT);
		goto out;
	}
	if (!realm_body_binds(rd, s, &b.b)) {
		ret = MIG_ERR(BINDING);
		goto out;
	}

	memcpy(s->src_nonce, b.b.src_nonce, RMI_MIG_NONCE_SIZE);
	memcpy(s->k_stream, k_stream, sizeof(k_stream));
	memcpy(s->bind, bind, sizeof(bind));
	s->have_stream = true;
	memcpy(rd->rim, b.b.rim, sizeof(rd->rim));
	s->nr_recs = b.b.nr_recs;
	s->epoch = 0;
	s->next_counter = 1;
	s->state = RMI_MIG_DST_IMPORTING;
out:
	OPENSSL_cleanse(k_stream, sizeof(k_stream));
	OPENSSL_cleanse(&b, sizeof(b));
	return ret;
}

void smc_mig_import_realm(struct rmm_smc_regs *regs)
{
	struct mig_session *s = NULL;
	struct rmm_realm *rd;
	uint64_t ret;

	ret = dst_lookup(regs->a[1], RMI_MIG_DST_OPEN, &rd, &s);
	if (ret == RMI_SUCCESS)
		ret = import_realm(rd, s, regs->a[2]);
	dst_finish(regs, s, ret);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_PAGES (rd, count, hdr_buf, data_list, dst_list) -> done  */

/* Check P (section 5.6). */
static bool page_check_p(const struct rmm_realm *rd, const struct mig_hdr *h)
{
	bool has_data = h->flags & RMI_MIG_HDR_F_HAS_DATA;

	return h->ripas <= RIPAS_DESTROYED &&
	       h->hipas <= RMI_MIG_HIPAS_ASSIGNED &&
	       has_data == (h->hipas == RMI_MIG_HIPAS_ASSIGNED &&
			    h->ripas == RIPAS_RAM) &&
	       ALIGNED(h->ipa, G) && ipa_is_protected(rd, h->ipa);
}

/* Keep the RTT's count of live entries while changing entry @idx. */
static void dst_rtte_set(struct rmm_rtt *rtt, unsigned int idx,
			 enum rmm_rtte_state state, uint8_t ripas,
			 uint64_t addr)
{
	struct rtt_entry *e = &rtt->e[idx];

	if (e->state == RTTE_ASSIGNED)
		rtt->nr_live--;
	e->state = state;
	e->ripas = ripas;
	e->addr = addr;
	e->attr = 0;
	if (state == RTTE_ASSIGNED)
		rtt->nr_live++;
}

/*
 * One page record (conditions 7-13, all per entry). @page is an RMM buffer
 * of one granule for the ciphertext.
 *
 *  7 imp_pages.fmt      FORMAT    check H for PAGE, body_len 0, check P
 *  8 imp_pages.binding  BINDING   session_id
 *  9 imp_pages.data     INPUT     HAS_DATA and data is not an NS granule
 * 10 imp_pages.level    RTT(L)    walk stops at L < 3, unless the record is
 *                                 UNASSIGNED, the entry UNASSIGNED with the
 *                                 record's RIPAS and dst is 0
 * 11 imp_pages.dst      INPUT     dst is not what the table requires
 * 12 imp_pages.seq      SEQUENCE  epoch or counter
 * 13 imp_pages.auth     AUTH      the tag
 */
static uint64_t import_page(struct rmm_realm *rd, struct mig_session *s,
			    const struct mig_hdr *h, uint64_t data_pa,
			    uint64_t dst_pa, uint8_t *page)
{
	bool has_data = h->flags & RMI_MIG_HDR_F_HAS_DATA;
	bool assign = h->hipas == RMI_MIG_HIPAS_ASSIGNED;
	struct rtt_entry *e;
	struct granule *g;
	struct rtt_walk w;

	if (!mig_hdr_check(s, h, RMI_MIG_BLOB_PAGE, RMI_MIG_PAGE_BODY_LEN) ||
	    !page_check_p(rd, h))
		return MIG_ERR(FORMAT);
	if (h->session_id != s->session_id)
		return MIG_ERR(BINDING);
	if (has_data && !ns_granule(data_pa))
		return RMI_ERROR_INPUT;

	rtt_walk(rd, h->ipa, RTT_PAGE_LEVEL, &w);
	e = w.entry;
	if (w.level < RTT_PAGE_LEVEL &&
	    !(!assign && e->state == RTTE_UNASSIGNED &&
	      e->ripas == h->ripas && !dst_pa))
		return RMI_RETURN(RMI_ERROR_RTT, w.level);

	if (e->state == RTTE_ASSIGNED) {
		if (dst_pa != e->addr)
			return RMI_ERROR_INPUT;
	} else if (assign) {
		g = granule_at(dst_pa);
		if (!g || g->state != GRANULE_DELEGATED)
			return RMI_ERROR_INPUT;
	} else if (dst_pa) {
		return RMI_ERROR_INPUT;
	}

	if (!dst_in_sequence(s, h))
		return MIG_ERR(SEQUENCE);
	if (has_data && assign && e->state != RTTE_ASSIGNED) {
		/*
		 * A granule the Realm does not have yet: decrypt the NS page
		 * straight into it (scrubbed again if the tag is wrong).
		 */
		if (!mig_blob_open_to(s, h, granule_va(data_pa),
				      granule_va(dst_pa), G))
			return MIG_ERR(AUTH);
		page = NULL;
	} else {
		if (has_data)
			ns_granule_read(data_pa, 0, page, G);
		if (!mig_blob_open(s, false, h, page, has_data ? G : 0))
			return MIG_ERR(AUTH);
	}

	/* Authentic and in order: apply it, replacing the IPA's state. */
	if (assign) {
		if (e->state != RTTE_ASSIGNED) {
			g = granule_at(dst_pa);
			granule_set_state(g, GRANULE_DATA);
			g->obj = rd;
			rd->nr_data++;
		}
		dst_rtte_set(w.rtt, w.idx, RTTE_ASSIGNED, h->ripas, dst_pa);
		if (has_data && page)
			memcpy(granule_va(dst_pa), page, G);
		else if (!has_data)
			memset(granule_va(dst_pa), 0, G);
	} else if (w.level == RTT_PAGE_LEVEL) {
		if (e->state == RTTE_ASSIGNED) {
			g = granule_at(e->addr);
			memset(granule_va(e->addr), 0, G);
			g->obj = NULL;
			granule_set_state(g, GRANULE_DELEGATED);
			rd->nr_data--;
		}
		dst_rtte_set(w.rtt, w.idx, RTTE_UNASSIGNED, h->ripas, 0);
	}
	/* else: the block entry already says so (condition 10). */
	realm_s2_invalidate(rd, h->ipa, h->ipa + G);

	s->next_counter++;
	s->epoch_records++;
	if (has_data) {
		s->content++;
		s->epoch_content++;
	} else {
		s->state_only++;
	}
	return RMI_SUCCESS;
}

/*
 *  1 imp_pages.rd         INPUT   rd is not an RD
 *  2 imp_pages.state      REALM   mig state is not DST_IMPORTING
 *  3 imp_pages.count      INPUT   count is 0 or above MAX_BATCH
 *  4 imp_pages.hdr_buf    INPUT   not 64-byte aligned or not an NS buffer
 *  5 imp_pages.data_list  INPUT   not 8-byte aligned or not in one NS
 *                                 granule
 *  6 imp_pages.dst_list   INPUT   as data_list
 *  7-13                   per entry, import_page()
 */
static uint64_t import_pages(struct rmm_realm *rd, struct mig_session *s,
			     const struct rmm_smc_regs *in, uint64_t *done)
{
	uint64_t count = in->a[2], hdr_buf = in->a[3];
	uint64_t data_list = in->a[4], dst_list = in->a[5];
	uint64_t ret = RMI_SUCCESS, i;
	uint64_t *data = NULL, *dst = NULL;
	struct mig_hdr *hdrs = NULL;
	uint8_t *page = NULL;

	if (!count || count > RMI_MIG_MAX_BATCH)
		return RMI_ERROR_INPUT;
	if (!ALIGNED(hdr_buf, RMI_MIG_HDR_SIZE) ||
	    !ns_buffer(hdr_buf, count * RMI_MIG_HDR_SIZE))
		return RMI_ERROR_INPUT;
	if (!ns_list(data_list, count) || !ns_list(dst_list, count))
		return RMI_ERROR_INPUT;

	hdrs = malloc(count * sizeof(*hdrs));
	data = malloc(count * sizeof(*data));
	dst = malloc(count * sizeof(*dst));
	page = malloc(G);
	if (!hdrs || !data || !dst || !page) {
		ret = RMI_ERROR_GLOBAL;
		goto out_free;
	}
	ns_buffer_read(hdr_buf, hdrs, count * sizeof(*hdrs));
	ns_list_read(data_list, data, count);
	ns_list_read(dst_list, dst, count);

	for (i = 0; i < count; i++) {
		ret = import_page(rd, s, &hdrs[i], data[i], dst[i], page);
		if (ret != RMI_SUCCESS)
			break;
	}
	/* Section 2.4: a failing entry after the first ends the batch. */
	if (i)
		ret = RMI_SUCCESS;
	*done = i;

out_free:
	if (page)
		OPENSSL_cleanse(page, G);
	free(page);
	free(dst);
	free(data);
	free(hdrs);
	return ret;
}

void smc_mig_import_pages(struct rmm_smc_regs *regs)
{
	struct mig_session *s = NULL;
	struct rmm_realm *rd;
	uint64_t ret, done = 0;

	ret = dst_lookup(regs->a[1], RMI_MIG_DST_IMPORTING, &rd, &s);
	if (ret == RMI_SUCCESS)
		ret = import_pages(rd, s, regs, &done);
	dst_finish(regs, s, ret);
	if (ret == RMI_SUCCESS)
		regs->a[1] = done;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_EPOCH (rd, buf)                                          */

/*
 *  1 imp_epoch.rd        INPUT       rd is not an RD
 *  2 imp_epoch.state     REALM       mig state is not DST_IMPORTING
 *  3 imp_epoch.buf       INPUT       buf is not an NS granule
 *  4 imp_epoch.fmt       FORMAT      check H for EPOCH, body_len 0x40
 *  5 imp_epoch.binding   BINDING     session_id
 *  6 imp_epoch.seq       SEQUENCE    epoch or counter
 *  7 imp_epoch.auth      AUTH        the tag
 *  8 imp_epoch.body_fmt  FORMAT      next_epoch != epoch + 1, reserved
 *  9 imp_epoch.count     INCOMPLETE  records or content of this epoch
 */
static uint64_t import_epoch(struct mig_session *s, uint64_t buf)
{
	struct mig_epoch_blob b;

	if (!ns_granule(buf))
		return RMI_ERROR_INPUT;
	ns_granule_read(buf, 0, &b, sizeof(b));
	if (!mig_hdr_check(s, &b.h, RMI_MIG_BLOB_EPOCH,
			   RMI_MIG_EPOCH_BODY_LEN))
		return MIG_ERR(FORMAT);
	if (b.h.session_id != s->session_id)
		return MIG_ERR(BINDING);
	if (!dst_in_sequence(s, &b.h))
		return MIG_ERR(SEQUENCE);
	if (!mig_blob_open(s, false, &b.h, &b.b, sizeof(b.b)))
		return MIG_ERR(AUTH);
	if (b.b.next_epoch != s->epoch + 1 ||
	    !mig_all_zero(b.b.reserved, sizeof(b.b.reserved)))
		return MIG_ERR(FORMAT);
	if (b.b.records != s->epoch_records ||
	    b.b.content != s->epoch_content)
		return MIG_ERR(INCOMPLETE);

	s->epoch++;
	s->next_counter++;
	s->epochs++;
	s->epoch_records = 0;
	s->epoch_content = 0;
	return RMI_SUCCESS;
}

void smc_mig_import_epoch(struct rmm_smc_regs *regs)
{
	struct mig_session *s = NULL;
	struct rmm_realm *rd;
	uint64_t ret;

	ret = dst_lookup(regs->a[1], RMI_MIG_DST_IMPORTING, &rd, &s);
	if (ret == RMI_SUCCESS)
		ret = import_epoch(s, regs->a[2]);
	dst_finish(regs, s, ret);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_REC (rd, rec, buf)                                       */

#define PSTATE_NRW		(1UL << 4)
#define PSTATE_M_MASK		0xfUL
#define PSTATE_M_EL0T		0x0UL
#define PSTATE_M_EL1T		0x4UL
#define PSTATE_M_EL1H		0x5UL

/* Check R (section 5.8), against the header's MPIDR @mpidr. */
static bool rec_check_r(const struct mig_rec_body *b, uint64_t mpidr)
{
	uint64_t m = b->pstate & PSTATE_M_MASK;

	return b->mpidr == mpidr && !(b->flags & ~RMI_MIG_REC_F_RUNNABLE) &&
	       b->pending <= REC_PENDING_MMIO && b->ripas_value <= RIPAS_DESTROYED &&
	       b->ripas_rejected <= 1 && b->nr_lrs <= RMI_MIG_REC_MAX_LRS &&
	       !(b->pstate & PSTATE_NRW) &&
	       (m == PSTATE_M_EL0T || m == PSTATE_M_EL1T ||
		m == PSTATE_M_EL1H) &&
	       mig_all_zero(b->reserved0, sizeof(b->reserved0)) &&
	       mig_all_zero(b->reserved1, sizeof(b->reserved1)) &&
	       mig_all_zero(b->reserved2, sizeof(b->reserved2)) &&
	       mig_all_zero(b->reserved3, sizeof(b->reserved3));
}

/*
 * Load the record into @rec. The model has no GIC, debug, AFSR or CSSELR
 * state: those fields are ignored (section 5.8). The virtual counter
 * offset is set by IMPORT_END.
 */
static void rec_load(struct rmm_rec *rec, const struct mig_rec_body *b)
{
	struct rec_ctx *c = &rec->ctx;

	memset(c, 0, sizeof(*c));
	memcpy(c->gprs, b->gprs, sizeof(c->gprs));
	c->sp_el0 = b->sp_el0;
	c->sp_el1 = b->sp_el1;
	c->pc = b->pc;
	c->pstate = b->pstate;
	c->elr_el1 = b->elr_el1;
	c->spsr_el1 = b->spsr_el1;
	c->esr_el1 = b->esr_el1;
	c->far_el1 = b->far_el1;
	c->sctlr_el1 = b->sctlr_el1;
	c->ttbr0_el1 = b->ttbr0_el1;
	c->ttbr1_el1 = b->ttbr1_el1;
	c->tcr_el1 = b->tcr_el1;
	c->mair_el1 = b->mair_el1;
	c->amair_el1 = b->amair_el1;
	c->vbar_el1 = b->vbar_el1;
	c->contextidr_el1 = b->contextidr_el1;
	c->tpidr_el0 = b->tpidr_el0;
	c->tpidrro_el0 = b->tpidrro_el0;
	c->tpidr_el1 = b->tpidr_el1;
	c->cpacr_el1 = b->cpacr_el1;
	c->par_el1 = b->par_el1;
	c->mdscr_el1 = b->mdscr_el1;
	c->cntkctl_el1 = b->cntkctl_el1;
	c->cntv_ctl = b->cntv_ctl_el0;
	c->cntv_cval = b->cntv_cval_el0;
	c->cntp_ctl = b->cntp_ctl_el0;
	c->cntp_cval = b->cntp_cval_el0;
	memcpy(c->vregs, b->v, sizeof(c->vregs));
	c->fpsr = b->fpsr;
	c->fpcr = b->fpcr;

	rec->runnable = b->flags & RMI_MIG_REC_F_RUNNABLE;
	rec->pending = (enum rec_pending)b->pending;
	rec->host_call_ipa = b->host_call_ipa;
	rec->ripas_addr = b->ripas_addr;
	rec->ripas_top = b->ripas_top;
	rec->ripas_value = (uint8_t)b->ripas_value;
	rec->ripas_flags = b->ripas_flags;
	rec->ripas_rejected = b->ripas_rejected;
	rec->psci_fid = b->psci_fid;
	rec->psci_target = b->psci_target;
	rec->exit_esr = b->exit_esr;
	rec->exit_far = b->exit_far;
	rec->exit_hpfar = b->exit_hpfar;
}

/*
 *  1 imp_rec.rd        INPUT     rd is not an RD
 *  2 imp_rec.state     REALM     mig state is not DST_IMPORTING
 *  3 imp_rec.rec       INPUT     rec is not a REC
 *  4 imp_rec.owner     REC       the REC's owner is not rd
 *  5 imp_rec.imported  REC       the REC was already imported
 *  6 imp_rec.buf       INPUT     buf is not an NS granule
 *  7 imp_rec.fmt       FORMAT    check H for REC, body_len 0x900
 *  8 imp_rec.binding   BINDING   session_id
 *  9 imp_rec.mpidr     REC       header MPIDR is not the REC's (no poison)
 * 10 imp_rec.seq       SEQUENCE  epoch or counter
 * 11 imp_rec.auth      AUTH      the tag
 * 12 imp_rec.body_fmt  FORMAT    check R
 */
static uint64_t import_rec(struct rmm_realm *rd, struct mig_session *s,
			   uint64_t rec_pa, uint64_t buf)
{
	struct rmm_rec *rec = rec_from_pa(rec_pa);
	struct mig_rec_blob *b;
	uint64_t ret = RMI_SUCCESS;

	if (!rec)
		return RMI_ERROR_INPUT;
	if (rec->rd != rd || rec->mig_done)
		return RMI_ERROR_REC;
	if (!ns_granule(buf))
		return RMI_ERROR_INPUT;

	b = malloc(sizeof(*b));
	if (!b)
		return RMI_ERROR_GLOBAL;
	ns_granule_read(buf, 0, b, sizeof(*b));
	if (!mig_hdr_check(s, &b->h, RMI_MIG_BLOB_REC, RMI_MIG_REC_BODY_LEN))
		ret = MIG_ERR(FORMAT);
	else if (b->h.session_id != s->session_id)
		ret = MIG_ERR(BINDING);
	else if (b->h.ipa != rec->mpidr)
		ret = RMI_ERROR_REC;
	else if (!dst_in_sequence(s, &b->h))
		ret = MIG_ERR(SEQUENCE);
	else if (!mig_blob_open(s, false, &b->h, &b->b, sizeof(b->b)))
		ret = MIG_ERR(AUTH);
	else if (!rec_check_r(&b->b, b->h.ipa))
		ret = MIG_ERR(FORMAT);
	if (ret == RMI_SUCCESS) {
		rec_load(rec, &b->b);
		rec->mig_done = true;
		s->next_counter++;
		s->recs++;
		s->epoch_records++;
	}
	OPENSSL_cleanse(b, sizeof(*b));
	free(b);
	return ret;
}

void smc_mig_import_rec(struct rmm_smc_regs *regs)
{
	struct mig_session *s = NULL;
	struct rmm_realm *rd;
	uint64_t ret;

	ret = dst_lookup(regs->a[1], RMI_MIG_DST_IMPORTING, &rd, &s);
	if (ret == RMI_SUCCESS)
		ret = import_rec(rd, s, regs->a[2], regs->a[3]);
	dst_finish(regs, s, ret);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_IMPORT_END (rd, buf)                                            */

/* imp_end.recs: every live REC imported, and exactly nr_recs of them. */
static bool end_recs_ok(const struct rmm_realm *rd,
			const struct mig_session *s)
{
	size_t i;

	if (rd->nr_recs != s->nr_recs)
		return false;
	for (i = 0; i < rd->recs_cap; i++)
		if (rd->recs && rd->recs[i] && !rd->recs[i]->mig_done)
			return false;
	return true;
}

/*
 *  1 imp_end.rd        INPUT       rd is not an RD
 *  2 imp_end.state     REALM       mig state is not DST_IMPORTING
 *  3 imp_end.buf       INPUT       buf is not an NS granule
 *  4 imp_end.recs      REC         a REC not imported, or the wrong number
 *  5 imp_end.fmt       FORMAT      check H for END, body_len 0x140
 *  6 imp_end.binding   BINDING     session_id
 *  7 imp_end.seq       SEQUENCE    epoch or counter
 *  8 imp_end.auth      AUTH        the tag
 *  9 imp_end.body_fmt  FORMAT      reserved
 * 10 imp_end.totals    INCOMPLETE  content, state_only, epochs, recs
 */
static uint64_t import_end(struct rmm_realm *rd, struct mig_session *s,
			   uint64_t buf)
{
	struct mig_end_blob b;
	uint64_t ret = RMI_SUCCESS, now;
	size_t i;

	if (!ns_granule(buf))
		return RMI_ERROR_INPUT;
	if (!end_recs_ok(rd, s))
		return RMI_ERROR_REC;
	ns_granule_read(buf, 0, &b, sizeof(b));
	if (!mig_hdr_check(s, &b.h, RMI_MIG_BLOB_END, RMI_MIG_END_BODY_LEN))
		return MIG_ERR(FORMAT);
	if (b.h.session_id != s->session_id)
		return MIG_ERR(BINDING);
	if (!dst_in_sequence(s, &b.h))
		return MIG_ERR(SEQUENCE);
	if (!mig_blob_open(s, false, &b.h, &b.b, sizeof(b.b))) {
		ret = MIG_ERR(AUTH);
		goto out;
	}
	if (!mig_all_zero(b.b.reserved, sizeof(b.b.reserved))) {
		ret = MIG_ERR(FORMAT);
		goto out;
	}
	if (b.b.content != s->content || b.b.state_only != s->state_only ||
	    b.b.epochs != s->epochs || b.b.recs != s->recs) {
		ret = MIG_ERR(INCOMPLETE);
		goto out;
	}

	/* The Realm resumes with the source's measurements and time. */
	memcpy(rd->rim, s->rim, sizeof(rd->rim));
	memcpy(rd->rem, b.b.rem, sizeof(rd->rem));
	now = mig_counter_now();
	for (i = 0; i < rd->recs_cap; i++) {
		struct rmm_rec *rec = rd->recs ? rd->recs[i] : NULL;

		if (!rec)
			continue;
		rec->ctx.cntvoff = now - b.b.cntvct_at_pause;
		rec->mig_done = false;
	}
	rd->state = REALM_ACTIVE;
	/* Mig state NONE: the session, its keys and nonces are gone. */
	mig_realm_free(rd);
out:
	OPENSSL_cleanse(&b, sizeof(b));
	return ret;
}

void smc_mig_import_end(struct rmm_smc_regs *regs)
{
	struct mig_session *s = NULL;
	struct rmm_realm *rd;
	uint64_t ret;

	ret = dst_lookup(regs->a[1], RMI_MIG_DST_IMPORTING, &rd, &s);
	if (ret == RMI_SUCCESS) {
		ret = import_end(rd, s, regs->a[2]);
		if (ret == RMI_SUCCESS)
			s = NULL;	/* freed */
	}
	dst_finish(regs, s, ret);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_ABORT, destination half                                         */

/* Build the abort token once; its fields freeze at the first abort. */
static void abort_token_build(struct mig_session *s)
{
	struct mig_abort_blob t;

	memset(&t, 0, sizeof(t));
	mig_hdr_init(s, &t.h, RMI_MIG_BLOB_ABORT, 0, s->epoch,
		     RMI_MIG_ABORT_BODY_LEN, false);
	t.b.next_counter = s->next_counter;
	if (s->state == RMI_MIG_DST_FAILED) {
		t.b.reason = RMI_MIG_ABORT_REASON_FAILURE;
		t.b.failure = s->failure;
	} else {
		t.b.reason = RMI_MIG_ABORT_REASON_HOST;
	}
	mig_blob_seal(s, true, &t.h, &t.b, sizeof(t.b));
	_Static_assert(sizeof(t) == sizeof(s->abort_token), "abort token");
	memcpy(s->abort_token, &t, sizeof(t));
	s->have_abort_token = true;
}

/*
 *  3 abort.token_buf  INPUT  token is not an NS granule
 * (abort.rd and abort.state are checked by smc_mig_abort(); conditions 4-7
 * apply to the source only.)
 */
void mig_abort_destination(struct rmm_smc_regs *regs, struct rmm_realm *rd,
			   struct mig_session *s)
{
	uint64_t token = regs->a[2];

	if (!ns_granule(token)) {
		dst_finish(regs, s, RMI_ERROR_INPUT);
		return;
	}
	if (!s->have_abort_token)
		abort_token_build(s);
	s->state = RMI_MIG_DST_ABORTED;
	ns_granule_write(token, 0, s->abort_token, sizeof(s->abort_token));
	dst_finish(regs, s, RMI_SUCCESS);
	regs->a[1] = RMI_MIG_ABORT_LEN;
}
