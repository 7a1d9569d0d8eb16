// SPDX-License-Identifier: GPL-2.0
/*
 * Destination-side RMI-MIG test helpers: see util_mig_import.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util_mig_import.h"
#include "util_run.h"

#define G	RMM_GRANULE_SIZE

static uint64_t md_report(const char *what, uint64_t ret)
{
	if (ret != RMI_SUCCESS)
		printf("# md: %s: 0x%llx\n", what, (unsigned long long)ret);
	return ret;
}

void md_key_blob(uint8_t *out, unsigned int role, unsigned int suite,
		 uint64_t sid, const uint8_t mk[32], const uint8_t rim[64],
		 const uint8_t rpv[64])
{
	struct mig_key_blob kb;
	uint8_t iv[RMI_MIG_IV_SIZE];

	memset(&kb, 0, sizeof(kb));
	kb.wrap_alg = RMI_MIG_WRAP_TEST;
	kb.role = role;
	kb.suite = suite;
	kb.session_id = sid;
	memcpy(kb.rim, rim, 64);
	memcpy(kb.rpv, rpv, 64);
	memcpy(kb.mk, mk, 32);
	mig_random(iv, sizeof(iv));
	mig_key_blob_wrap_test(&kb, iv, out);
}

uint64_t md_session_open(uint64_t rd, unsigned int role, uint64_t sid,
			 const uint8_t *blob, const uint8_t *peer_nonce,
			 uint8_t nonce[32])
{
	uint64_t params = ut_alloc_granule(), len = RMI_MIG_KB_TEST_LEN, ret;
	struct rmm_smc_regs o;
	uint8_t *p;

	if (!params)
		return RMI_ERROR_GLOBAL;
	p = ut_va(params);
	memcpy(p + RMI_MIG_PARAMS_BLOB_LEN, &len, 8);
	if (peer_nonce)
		memcpy(p + RMI_MIG_PARAMS_PEER_NONCE, peer_nonce, 32);
	memcpy(p + RMI_MIG_PARAMS_BLOB, blob, RMI_MIG_KB_TEST_LEN);
	ret = UT_SMC(&o, SMC_RMI_MIG_SESSION_OPEN, rd, params, role, sid);
	ut_free_granule(params);
	if (ret == RMI_SUCCESS && nonce)
		memcpy(nonce, &o.a[1], 32);
	return ret;
}

uint64_t md_state(uint64_t rd, uint64_t out[6])
{
	struct rmm_smc_regs o;
	uint64_t ret = UT_SMC(&o, SMC_RMI_MIG_SESSION_STATE, rd);

	if (out)
		memcpy(out, &o.a[1], 6 * sizeof(uint64_t));
	return ret == RMI_SUCCESS ? o.a[1] : ~0ULL;
}

/* ---------------------------------------------------------------------- */
/* Fixture                                                                */

static void md_forge_bind(struct md_dst *d, const uint8_t *src_nonce)
{
	struct md_forge *f = &d->f;

	memset(f, 0, sizeof(*f));
	memcpy(f->s.mk, d->mk, 32);
	memcpy(f->s.rim, d->rim, 64);
	memcpy(f->s.rpv, d->r.p.rpv, 64);
	f->s.session_id = d->sid;
	f->s.suite = d->suite;
	if (src_nonce)
		memcpy(f->s.src_nonce, src_nonce, 32);
	else
		mig_nonce(f->s.src_nonce);
	memcpy(f->s.dst_nonce, d->dst_nonce, 32);
	mig_derive_stream(&f->s, f->s.src_nonce, f->s.dst_nonce,
			  f->s.k_stream, f->s.bind);
	mig_derive_abort(&f->s, f->s.dst_nonce, f->s.k_abort, f->s.abind);
	f->s.have_stream = true;
	f->counter = 1;
	f->nr_recs = d->nr_recs;
}

uint64_t md_dst_create(struct md_dst *d, const struct md_opts *o)
{
	struct md_opts def = { 0 };
	struct ut_realm_params p;
	uint8_t blob[RMI_MIG_KB_TEST_LEN];
	unsigned int i;
	uint64_t ret;

	if (!o)
		o = &def;
	memset(d, 0, sizeof(*d));
	memset(&p, 0, sizeof(p));
	p.s2sz = 40;
	p.flags0 = RMI_REALM_FLAGS0_MIG_IMPORT;
	for (i = 0; i < sizeof(p.rpv); i++)
		p.rpv[i] = (uint8_t)(0x40 + i);
	if (o->rpv)
		memcpy(p.rpv, o->rpv, sizeof(p.rpv));
	ut_realm_init(&d->r, &p);
	d->nr_recs = o->nr_recs ? o->nr_recs : 1;
	d->suite = o->suite ? o->suite : RMI_MIG_SUITE_AES_256_GCM;
	d->sid = o->sid ? o->sid : 0x5e55;
	mig_random(d->mk, sizeof(d->mk));
	if (o->mk)
		memcpy(d->mk, o->mk, sizeof(d->mk));
	for (i = 0; i < 32; i++)
		d->rim[i] = (uint8_t)(0xa0 ^ i);
	if (o->rim)
		memcpy(d->rim, o->rim, sizeof(d->rim));

	d->buf = ut_alloc_granule();
	d->hdrs = ut_alloc_granules(2);
	d->data_list = ut_alloc_granule();
	d->dst_list = ut_alloc_granule();
	for (i = 0; i < 4; i++)
		d->pages[i] = ut_alloc_granule();

	ret = md_report("REALM_CREATE", ut_realm_create(&d->r));
	if (ret)
		return ret;
	if (!o->no_rtt) {
		ret = md_report("RTT_CREATE", ut_rtt_create_to(&d->r, MD_IPA,
							      3));
		if (ret)
			return ret;
	}
	for (i = 0; i < d->nr_recs; i++) {
		ret = md_report("REC_CREATE",
				ur_rec_create(&d->r, i, MD_IPA, NULL, true,
					      &d->rec[i]));
		if (ret)
			return ret;
	}
	if (o->no_open)
		return RMI_SUCCESS;
	md_key_blob(blob, RMI_MIG_ROLE_DESTINATION, d->suite, d->sid, d->mk,
		    d->rim, d->r.p.rpv);
	ret = md_report("SESSION_OPEN",
			md_session_open(d->r.rd, RMI_MIG_ROLE_DESTINATION,
					d->sid, blob, NULL, d->dst_nonce));
	if (ret)
		return ret;
	md_forge_bind(d, NULL);
	return RMI_SUCCESS;
}

void md_adopt(struct md_dst *d, uint64_t sid, unsigned int suite,
	      const uint8_t mk[32], const uint8_t rim[64],
	      const uint8_t dst_nonce[32], const uint8_t src_nonce[32])
{
	d->sid = sid;
	d->suite = suite;
	memcpy(d->mk, mk, 32);
	memcpy(d->rim, rim, 64);
	memcpy(d->dst_nonce, dst_nonce, 32);
	md_forge_bind(d, src_nonce);
}

uint64_t md_dst_destroy(struct md_dst *d)
{
	uint64_t st, ret = RMI_SUCCESS;
	unsigned int i;

	if (d->r.rd) {
		st = md_state(d->r.rd, NULL);
		if (st == RMI_MIG_DST_OPEN || st == RMI_MIG_DST_IMPORTING ||
		    st == RMI_MIG_DST_FAILED)
			ret = md_report("ABORT", UT_SMC(NULL, SMC_RMI_MIG_ABORT,
							d->r.rd, d->buf));
		st = md_state(d->r.rd, NULL);
		if (!ret && st == RMI_MIG_DST_ABORTED)
			ret = md_report("CLOSE",
					UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE,
					       d->r.rd));
	}
	if (!ret)
		ret = ut_realm_teardown(&d->r);
	ut_free_granule(d->buf);
	ut_free_granules(d->hdrs, 2);
	ut_free_granule(d->data_list);
	ut_free_granule(d->dst_list);
	for (i = 0; i < 4; i++)
		ut_free_granule(d->pages[i]);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Forging                                                                */

void md_seal(struct md_forge *f, struct mig_hdr *h, void *p, size_t plen)
{
	mig_blob_seal(&f->s, false, h, p, plen);
}

void md_realm_plain(struct md_dst *d, struct mig_realm_blob *b)
{
	struct md_forge *f = &d->f;

	memset(b, 0, sizeof(*b));
	mig_hdr_init(&f->s, &b->h, RMI_MIG_BLOB_REALM, 0, 0,
		     RMI_MIG_REALM_BODY_LEN, false);
	memcpy(b->b.src_nonce, f->s.src_nonce, 32);
	memcpy(b->b.dst_nonce, f->s.dst_nonce, 32);
	b->b.flags0 = d->r.p.flags0 & ~RMI_REALM_FLAGS0_MIG_IMPORT;
	b->b.s2sz = d->r.p.s2sz;
	b->b.hash_algo = d->r.p.hash_algo;
	b->b.nr_recs = f->nr_recs;
	b->b.cntfrq = MIG_CNTFRQ;
	memcpy(b->b.rpv, f->s.rpv, 64);
	memcpy(b->b.rim, f->s.rim, 64);
}

void md_realm_seal(struct md_forge *f, struct mig_realm_blob *b)
{
	mig_blob_seal(&f->s, false, &b->h,
		      (uint8_t *)&b->b + RMI_MIG_REALM_CLEAR_LEN,
		      RMI_MIG_REALM_BODY_LEN - RMI_MIG_REALM_CLEAR_LEN);
}

void md_realm_blob(struct md_dst *d, struct mig_realm_blob *b)
{
	md_realm_plain(d, b);
	md_realm_seal(&d->f, b);
}

void md_page(struct md_forge *f, struct mig_hdr *h, uint8_t *page,
	     uint64_t ipa, unsigned int ripas, unsigned int hipas)
{
	bool has_data = hipas == RMI_MIG_HIPAS_ASSIGNED && ripas == RIPAS_RAM;

	mig_hdr_init(&f->s, h, RMI_MIG_BLOB_PAGE, f->counter, f->epoch, 0,
		     has_data);
	h->ipa = ipa;
	h->ripas = (uint8_t)ripas;
	h->hipas = (uint8_t)hipas;
	mig_blob_seal(&f->s, false, h, page, has_data ? G : 0);
	f->counter++;
	f->epoch_records++;
	if (has_data) {
		f->content++;
		f->epoch_content++;
	} else {
		f->state_only++;
	}
}

void md_epoch(struct md_forge *f, struct mig_epoch_blob *b)
{
	memset(b, 0, sizeof(*b));
	mig_hdr_init(&f->s, &b->h, RMI_MIG_BLOB_EPOCH, f->counter, f->epoch,
		     RMI_MIG_EPOCH_BODY_LEN, false);
	b->b.records = f->epoch_records;
	b->b.content = f->epoch_content;
	b->b.next_epoch = f->epoch + 1;
	mig_blob_seal(&f->s, false, &b->h, &b->b, sizeof(b->b));
	f->counter++;
	f->epoch++;
	f->epochs++;
	f->epoch_records = 0;
	f->epoch_content = 0;
}

void md_rec_body(struct mig_rec_body *body, uint64_t mpidr, uint64_t pc,
		 uint64_t x0)
{
	memset(body, 0, sizeof(*body));
	body->gprs[0] = x0;
	body->pc = pc;
	body->pstate = 0x3c5;		/* EL1h, DAIF masked */
	body->sctlr_el1 = 0x30d00818;
	body->mpidr = mpidr;
	body->flags = RMI_MIG_REC_F_RUNNABLE;
}

void md_rec(struct md_forge *f, struct mig_rec_blob *b, uint64_t mpidr,
	    const struct mig_rec_body *body)
{
	memset(b, 0, sizeof(*b));
	mig_hdr_init(&f->s, &b->h, RMI_MIG_BLOB_REC, f->counter, f->epoch,
		     RMI_MIG_REC_BODY_LEN, false);
	b->h.ipa = mpidr;
	if (body)
		b->b = *body;
	else
		md_rec_body(&b->b, mpidr, MD_IPA, 0);
	mig_blob_seal(&f->s, false, &b->h, &b->b, sizeof(b->b));
	f->counter++;
	f->recs++;
	f->epoch_records++;
}

void md_end(struct md_forge *f, struct mig_end_blob *b, uint64_t cntvct)
{
	memset(b, 0, sizeof(*b));
	mig_hdr_init(&f->s, &b->h, RMI_MIG_BLOB_END, f->counter, f->epoch,
		     RMI_MIG_END_BODY_LEN, false);
	b->b.content = f->content;
	b->b.state_only = f->state_only;
	b->b.epochs = f->epochs;
	b->b.recs = f->recs;
	b->b.cntvct_at_pause = cntvct;
	memset(b->b.rem[1], 0x11, 32);
	mig_blob_seal(&f->s, false, &b->h, &b->b, sizeof(b->b));
	f->counter++;
}

/* ---------------------------------------------------------------------- */
/* Importing                                                              */

struct rmm_smc_regs md_out;

bool md_out_zero(void)
{
	unsigned int i;

	for (i = 1; i < 18; i++)
		if (md_out.a[i])
			return false;
	return true;
}

uint64_t md_import_blob(struct md_dst *d, uint64_t fid, const void *blob,
			size_t len)
{
	memset(ut_va(d->buf), 0, G);
	memcpy(ut_va(d->buf), blob, len);
	return UT_SMC(&md_out, fid, d->r.rd, d->buf);
}

uint64_t md_import_rec(struct md_dst *d, uint64_t rec_pa,
		       const struct mig_rec_blob *blob)
{
	memset(ut_va(d->buf), 0, G);
	memcpy(ut_va(d->buf), blob, sizeof(*blob));
	return UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REC, d->r.rd, rec_pa,
		      d->buf);
}

uint64_t md_import_pages(struct md_dst *d, unsigned int n,
			 const struct mig_hdr *h, uint8_t *const *pages,
			 const uint64_t *dst, uint64_t *done)
{
	uint64_t *data = ut_va(d->data_list), *dl = ut_va(d->dst_list);
	unsigned int i;
	uint64_t ret;

	memcpy(ut_va(d->hdrs), h, n * sizeof(*h));
	for (i = 0; i < n; i++) {
		data[i] = 0;
		if (pages && pages[i] && i < 4) {
			memcpy(ut_va(d->pages[i]), pages[i], G);
			data[i] = d->pages[i];
		}
		dl[i] = dst ? dst[i] : 0;
	}
	ret = UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_PAGES, d->r.rd, n, d->hdrs,
		     d->data_list, d->dst_list);
	if (done)
		*done = md_out.a[1];
	return ret;
}

uint64_t md_dst_import_realm(struct md_dst *d)
{
	struct mig_realm_blob b;

	md_realm_blob(d, &b);
	return md_report("IMPORT_REALM",
			 md_import_blob(d, SMC_RMI_MIG_IMPORT_REALM, &b,
					sizeof(b)));
}

uint64_t md_dst_import_fill(struct md_dst *d, uint64_t ipa, uint8_t fill,
			    uint64_t *dst_pa)
{
	uint8_t page[G], *pages[1] = { page };
	uint64_t dst = ut_alloc_delegated(1), ret;
	struct mig_hdr h;

	if (dst_pa)
		*dst_pa = dst;
	if (!dst)
		return RMI_ERROR_GLOBAL;
	memset(page, fill, sizeof(page));
	md_page(&d->f, &h, page, ipa, RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
	ret = md_import_pages(d, 1, &h, pages, &dst, NULL);
	if (ret != RMI_SUCCESS)
		ut_undelegate_free(dst, 1);
	return md_report("IMPORT_PAGES", ret);
}

uint64_t md_dst_finish(struct md_dst *d)
{
	struct mig_rec_blob rb;
	struct mig_end_blob eb;
	unsigned int i;
	uint64_t ret;

	for (i = 0; i < d->nr_recs; i++) {
		md_rec(&d->f, &rb, rec_index_to_mpidr(i), NULL);
		ret = md_report("IMPORT_REC", md_import_rec(d, d->rec[i], &rb));
		if (ret)
			return ret;
	}
	md_end(&d->f, &eb, 0);
	return md_report("IMPORT_END",
			 md_import_blob(d, SMC_RMI_MIG_IMPORT_END, &eb,
					sizeof(eb)));
}

/* ---------------------------------------------------------------------- */
/* Streams                                                                */

void md_item_realm(struct md_dst *d, struct md_item *it)
{
	memset(it, 0, sizeof(*it));
	it->type = RMI_MIG_BLOB_REALM;
	it->len = RMI_MIG_REALM_LEN;
	md_realm_blob(d, (struct mig_realm_blob *)it->blob);
}

void md_item_page(struct md_forge *f, struct md_item *it, uint64_t ipa,
		  unsigned int ripas, unsigned int hipas, uint8_t fill)
{
	memset(it, 0, sizeof(*it));
	it->type = RMI_MIG_BLOB_PAGE;
	it->len = RMI_MIG_HDR_SIZE;
	it->has_page = hipas == RMI_MIG_HIPAS_ASSIGNED && ripas == RIPAS_RAM;
	memset(it->page, fill, G);
	md_page(f, md_hdr(it), it->page, ipa, ripas, hipas);
}

void md_item_epoch(struct md_forge *f, struct md_item *it)
{
	memset(it, 0, sizeof(*it));
	it->type = RMI_MIG_BLOB_EPOCH;
	it->len = RMI_MIG_EPOCH_LEN;
	md_epoch(f, (struct mig_epoch_blob *)it->blob);
}

void md_item_rec(struct md_forge *f, struct md_item *it, uint64_t mpidr)
{
	memset(it, 0, sizeof(*it));
	it->type = RMI_MIG_BLOB_REC;
	it->len = RMI_MIG_REC_LEN;
	md_rec(f, (struct mig_rec_blob *)it->blob, mpidr, NULL);
}

void md_item_end(struct md_forge *f, struct md_item *it)
{
	memset(it, 0, sizeof(*it));
	it->type = RMI_MIG_BLOB_END;
	it->len = RMI_MIG_END_LEN;
	md_end(f, (struct mig_end_blob *)it->blob, 0);
}

static uint64_t md_feed_page(struct md_dst *d, const struct mig_hdr *h,
			     const uint8_t *page)
{
	uint8_t buf[G], *pages[1] = { buf };
	uint64_t dst = 0, fresh = 0, ret;
	struct ut_rtte e;
	int tries;

	memset(buf, 0, G);
	if (page)
		memcpy(buf, page, G);
	for (tries = 0; tries < 4; tries++) {
		dst = 0;
		if (ut_read_entry(&d->r, h->ipa & ~(G - 1), 3, &e) ==
		    RMI_SUCCESS && e.state == RMI_ASSIGNED) {
			dst = e.addr;
		} else if (h->hipas == RMI_MIG_HIPAS_ASSIGNED) {
			if (!fresh)
				fresh = ut_alloc_delegated(1);
			dst = fresh;
		}
		ret = md_import_pages(d, 1, h, page ? pages : NULL, &dst,
				      NULL);
		if (RMI_RETURN_STATUS(ret) != RMI_ERROR_RTT ||
		    RMI_RETURN_INDEX(ret) >= 3)
			break;
		if (ut_rtt_create(&d->r, h->ipa,
				  (int)RMI_RETURN_INDEX(ret) + 1) !=
		    RMI_SUCCESS)
			break;
	}
	if (fresh && (ret != RMI_SUCCESS || dst != fresh))
		ut_undelegate_free(fresh, 1);
	return ret;
}

uint64_t md_feed_raw(struct md_dst *d, unsigned int type, const void *blob,
		     size_t len, const uint8_t *page)
{
	const struct mig_hdr *h = blob;
	uint64_t rec = d->rec[0];
	unsigned int i;

	switch (type) {
	case RMI_MIG_BLOB_REALM:
		return md_import_blob(d, SMC_RMI_MIG_IMPORT_REALM, blob, len);
	case RMI_MIG_BLOB_PAGE:
		return md_feed_page(d, h, page);
	case RMI_MIG_BLOB_EPOCH:
		return md_import_blob(d, SMC_RMI_MIG_IMPORT_EPOCH, blob, len);
	case RMI_MIG_BLOB_REC:
		for (i = 0; i < d->nr_recs; i++)
			if (rec_index_to_mpidr(i) == h->ipa)
				rec = d->rec[i];
		memset(ut_va(d->buf), 0, G);
		memcpy(ut_va(d->buf), blob, len);
		return UT_SMC(&md_out, SMC_RMI_MIG_IMPORT_REC, d->r.rd, rec,
			      d->buf);
	case RMI_MIG_BLOB_END:
	default:
		return md_import_blob(d, SMC_RMI_MIG_IMPORT_END, blob, len);
	}
}

uint64_t md_feed(struct md_dst *d, const struct md_item *it)
{
	return md_feed_raw(d, it->type, it->blob, it->len,
			   it->has_page ? it->page : NULL);
}

/* ---------------------------------------------------------------------- */
/* A real source and a destination                                        */

uint64_t md_pair_create(struct md_pair *p, unsigned int nr_recs,
			unsigned int npages, uint64_t sid)
{
	struct ut_realm_params rp;
	struct md_opts o = { 0 };
	uint8_t *img;
	unsigned int i;
	uint64_t ret;

	memset(p, 0, sizeof(*p));
	p->nr_recs = nr_recs ? nr_recs : 1;
	p->ram = (uint64_t)npages * G;
	memset(&rp, 0, sizeof(rp));
	rp.s2sz = 40;
	for (i = 0; i < sizeof(rp.rpv); i++)
		rp.rpv[i] = (uint8_t)(0x80 + i);
	img = malloc(p->ram);
	if (!img)
		return RMI_ERROR_GLOBAL;
	for (i = 0; i < npages; i++)
		memset(img + (size_t)i * G, i + 1, G);
	ret = md_report("source build",
			ut_realm_build(&p->src, &rp, MD_IPA, p->ram, img,
				       p->ram, false));
	free(img);
	if (ret)
		return ret;
	for (i = 0; i < p->nr_recs; i++) {
		ret = md_report("source REC_CREATE",
				ur_rec_create(&p->src, i, MD_IPA, NULL, !i,
					      &p->src_rec[i]));
		if (ret)
			return ret;
	}
	ret = md_report("source ACTIVATE", ut_realm_activate(&p->src));
	if (ret)
		return ret;

	um_init(&p->m, sid ? sid : 0x5e55, RMI_MIG_SUITE_AES_256_GCM,
		&p->src);
	o.nr_recs = p->nr_recs;
	o.no_open = true;
	o.rpv = p->src.p.rpv;
	ret = md_dst_create(&p->d, &o);
	if (ret)
		return ret;
	ret = md_report("dst open", um_open_dst(&p->m, p->d.r.rd));
	if (ret)
		return ret;
	ret = md_report("src open", um_open_src(&p->m, p->src.rd));
	if (ret)
		return ret;
	md_adopt(&p->d, p->m.sid, p->m.suite, p->m.mk, p->m.rim,
		 p->m.dst_nonce, p->m.src_nonce);
	return RMI_SUCCESS;
}

uint64_t md_pair_feed(struct md_pair *p, size_t from, size_t to)
{
	uint64_t ret = RMI_SUCCESS;
	size_t i;

	for (i = from; i < to && i < p->st.n; i++) {
		const struct um_blob *b = &p->st.b[i];

		ret = md_feed_raw(&p->d, b->type, b->data, b->len, b->page);
		if (ret != RMI_SUCCESS) {
			printf("# md: blob %zu (type %u): 0x%llx\n", i, b->type,
			       (unsigned long long)ret);
			break;
		}
	}
	return ret;
}

uint64_t md_pair_destroy(struct md_pair *p)
{
	uint64_t st, ret = RMI_SUCCESS;

	if (p->src.rd) {
		st = um_mig_state(p->src.rd);
		if (st == RMI_MIG_SRC_ENDED) {
			UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, p->src.rd);
			ret = md_report("src CLOSE",
					UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE,
					       p->src.rd));
		} else if (st != RMI_MIG_NONE) {
			ret = md_report("src ABORT", um_abort_src(p->src.rd));
		}
		if (!ret)
			ret = ut_realm_teardown(&p->src);
	}
	if (!ret)
		ret = md_dst_destroy(&p->d);
	um_stream_free(&p->st);
	return ret;
}
