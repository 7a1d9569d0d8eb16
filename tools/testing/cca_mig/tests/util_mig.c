// SPDX-License-Identifier: GPL-2.0
/*
 * Test helpers for RMI-MIG: see util_mig.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util_mig.h"

#define BATCH	RMI_MIG_MAX_BATCH

void um_init(struct um_mig *m, uint64_t sid, unsigned int suite,
	     const struct ut_realm *r)
{
	memset(m, 0, sizeof(*m));
	m->sid = sid;
	m->suite = suite;
	mig_random(m->mk, sizeof(m->mk));
	if (r) {
		rmm_realm_rim(r->rd, m->rim);
		memcpy(m->rpv, r->p.rpv, sizeof(m->rpv));
	}
	um_derive(m);
}

void um_fake_dst_nonce(struct um_mig *m)
{
	mig_nonce(m->dst_nonce);
	um_derive(m);
}

void um_derive(struct um_mig *m)
{
	struct mig_session *s = &m->ks;

	memset(s, 0, sizeof(*s));
	s->suite = m->suite;
	s->session_id = m->sid;
	memcpy(s->mk, m->mk, sizeof(s->mk));
	memcpy(s->rim, m->rim, sizeof(s->rim));
	memcpy(s->rpv, m->rpv, sizeof(s->rpv));
	memcpy(s->src_nonce, m->src_nonce, sizeof(s->src_nonce));
	memcpy(s->dst_nonce, m->dst_nonce, sizeof(s->dst_nonce));
	mig_derive_stream(s, s->src_nonce, s->dst_nonce, s->k_stream,
			  s->bind);
	s->have_stream = true;
	mig_derive_abort(s, s->dst_nonce, s->k_abort, s->abind);
}

void um_key_blob(const struct um_mig *m, unsigned int role, uint8_t *out)
{
	struct mig_key_blob kb = {
		.wrap_alg = RMI_MIG_WRAP_TEST,
		.role = role,
		.suite = m->suite,
		.session_id = m->sid,
	};
	uint8_t iv[RMI_MIG_IV_SIZE];

	memcpy(kb.rim, m->rim, sizeof(kb.rim));
	memcpy(kb.rpv, m->rpv, sizeof(kb.rpv));
	memcpy(kb.mk, m->mk, sizeof(kb.mk));
	mig_random(iv, sizeof(iv));
	mig_key_blob_wrap_test(&kb, iv, out);
}

void um_write_params(uint64_t params_pa, const void *blob, uint64_t blob_len,
		     const uint8_t *peer_nonce)
{
	uint8_t *p = ut_va(params_pa);

	memset(p, 0, RMM_GRANULE_SIZE);
	memcpy(p + RMI_MIG_PARAMS_BLOB_LEN, &blob_len, 8);
	if (peer_nonce)
		memcpy(p + RMI_MIG_PARAMS_PEER_NONCE, peer_nonce,
		       RMI_MIG_NONCE_SIZE);
	if (blob_len > RMI_MIG_PARAMS_BLOB_MAX)
		blob_len = RMI_MIG_PARAMS_BLOB_MAX;
	memcpy(p + RMI_MIG_PARAMS_BLOB, blob, blob_len);
}

uint64_t um_open_raw(uint64_t rd, unsigned int role, uint64_t sid,
		     const void *blob, uint64_t blob_len,
		     const uint8_t *peer_nonce, struct rmm_smc_regs *out)
{
	uint64_t params = ut_alloc_granule(), ret;

	um_write_params(params, blob, blob_len, peer_nonce);
	ret = UT_SMC(out, SMC_RMI_MIG_SESSION_OPEN, rd, params, role, sid);
	ut_free_granule(params);
	return ret;
}

static uint64_t um_open(struct um_mig *m, uint64_t rd, unsigned int role)
{
	uint8_t blob[RMI_MIG_KB_TEST_LEN];
	struct rmm_smc_regs o;
	uint64_t ret;

	um_key_blob(m, role, blob);
	ret = um_open_raw(rd, role, m->sid, blob, sizeof(blob),
			  role == RMI_MIG_ROLE_SOURCE ? m->dst_nonce : NULL,
			  &o);
	if (ret != RMI_SUCCESS) {
		printf("# um: RMI_MIG_SESSION_OPEN(role %u): 0x%llx\n", role,
		       (unsigned long long)ret);
		return ret;
	}
	memcpy(role == RMI_MIG_ROLE_SOURCE ? m->src_nonce : m->dst_nonce,
	       &o.a[1], RMI_MIG_NONCE_SIZE);
	um_derive(m);
	return ret;
}

uint64_t um_open_src(struct um_mig *m, uint64_t rd)
{
	return um_open(m, rd, RMI_MIG_ROLE_SOURCE);
}

uint64_t um_open_dst(struct um_mig *m, uint64_t rd)
{
	return um_open(m, rd, RMI_MIG_ROLE_DESTINATION);
}

uint64_t um_state(uint64_t rd, struct rmm_smc_regs *out)
{
	return UT_SMC(out, SMC_RMI_MIG_SESSION_STATE, rd);
}

uint64_t um_mig_state(uint64_t rd)
{
	struct rmm_smc_regs o;

	if (um_state(rd, &o) != RMI_SUCCESS)
		return ~0ULL;
	return o.a[1];
}

/* ---------------------------------------------------------------------- */

uint64_t um_prot_top(const struct ut_realm *r)
{
	return 1ULL << (r->p.s2sz - 1);
}

static uint64_t um_fix_rtt(struct ut_realm *r, uint64_t addr, uint64_t ret,
			   const char *what)
{
	unsigned int level = UT_INDEX(ret);

	if (UT_STATUS(ret) != RMI_ERROR_RTT || level >= 3) {
		printf("# um: %s at 0x%llx: 0x%llx\n", what,
		       (unsigned long long)addr, (unsigned long long)ret);
		return ret;
	}
	ret = ut_rtt_create(r, addr, (int)level + 1);
	if (ret != RMI_SUCCESS)
		printf("# um: RTT_CREATE(0x%llx, %u) for %s: 0x%llx\n",
		       (unsigned long long)addr, level + 1, what,
		       (unsigned long long)ret);
	return ret;
}

uint64_t um_track_start(struct ut_realm *r, uint64_t base, uint64_t top)
{
	struct rmm_smc_regs o;
	uint64_t ret;

	while (base < top) {
		ret = UT_SMC(&o, SMC_RMI_MIG_TRACK_START, r->rd, base, top);
		if (ret == RMI_SUCCESS) {
			base = o.a[1];
			continue;
		}
		ret = um_fix_rtt(r, base, ret, "RMI_MIG_TRACK_START");
		if (ret != RMI_SUCCESS)
			return ret;
	}
	return RMI_SUCCESS;
}

uint64_t um_harvest(uint64_t rd, uint64_t base, uint64_t top, uint8_t *bits,
		    uint64_t *nr_dirty)
{
	uint64_t bm = ut_alloc_granule(), addr = base, total = 0, ret = 0;
	struct rmm_smc_regs o;

	while (addr < top) {
		uint64_t n, i, first = (addr - base) / RMM_GRANULE_SIZE;
		const uint8_t *b = ut_va(bm);

		ret = UT_SMC(&o, SMC_RMI_MIG_DIRTY_HARVEST, rd, addr, top, bm);
		if (ret != RMI_SUCCESS) {
			printf("# um: RMI_MIG_DIRTY_HARVEST at 0x%llx: 0x%llx\n",
			       (unsigned long long)addr,
			       (unsigned long long)ret);
			break;
		}
		n = (o.a[1] - addr) / RMM_GRANULE_SIZE;
		for (i = 0; bits && i < n; i++) {
			uint64_t j = first + i;

			if (b[i / 8] & (1U << (i % 8)))
				bits[j / 8] |= 1U << (j % 8);
			else
				bits[j / 8] &= ~(1U << (j % 8));
		}
		total += o.a[2];
		addr = o.a[1];
	}
	ut_free_granule(bm);
	if (nr_dirty)
		*nr_dirty = total;
	return ret;
}

void um_stream_free(struct um_stream *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		free(st->b[i].data);
		free(st->b[i].page);
	}
	free(st->b);
	memset(st, 0, sizeof(*st));
}

static void um_push(struct um_stream *st, const void *data, size_t len,
		    const void *page)
{
	const struct mig_hdr *h = data;
	struct um_blob *b;

	if (!st)
		return;
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->b = realloc(st->b, st->cap * sizeof(*st->b));
		if (!st->b)
			abort();
	}
	b = &st->b[st->n++];
	memset(b, 0, sizeof(*b));
	b->type = h->type;
	b->ipa = h->ipa;
	b->len = len;
	b->data = malloc(len);
	if (!b->data)
		abort();
	memcpy(b->data, data, len);
	if (page) {
		b->page = malloc(RMM_GRANULE_SIZE);
		if (!b->page)
			abort();
		memcpy(b->page, page, RMM_GRANULE_SIZE);
	}
}

/* A command that writes one blob of @len bytes into a fresh granule. */
static uint64_t um_blob_cmd(uint64_t fid, uint64_t rd, uint64_t arg,
			    bool has_arg, size_t len, struct um_stream *st,
			    const char *what)
{
	uint64_t buf = ut_alloc_granule(), ret;
	struct rmm_smc_regs o;

	if (has_arg)
		ret = UT_SMC(&o, fid, rd, arg, buf);
	else
		ret = UT_SMC(&o, fid, rd, buf);
	if (ret == RMI_SUCCESS)
		um_push(st, ut_va(buf), len, NULL);
	else
		printf("# um: %s: 0x%llx\n", what, (unsigned long long)ret);
	ut_free_granule(buf);
	return ret;
}

uint64_t um_export_realm(uint64_t rd, struct um_stream *st)
{
	return um_blob_cmd(SMC_RMI_MIG_EXPORT_REALM, rd, 0, false,
			   RMI_MIG_REALM_LEN, st, "RMI_MIG_EXPORT_REALM");
}

uint64_t um_epoch_end(uint64_t rd, struct um_stream *st)
{
	return um_blob_cmd(SMC_RMI_MIG_EPOCH_END, rd, 0, false,
			   RMI_MIG_EPOCH_LEN, st, "RMI_MIG_EPOCH_END");
}

uint64_t um_export_rec(uint64_t rd, uint64_t rec, struct um_stream *st)
{
	return um_blob_cmd(SMC_RMI_MIG_EXPORT_REC, rd, rec, true,
			   RMI_MIG_REC_LEN, st, "RMI_MIG_EXPORT_REC");
}

uint64_t um_end(uint64_t rd, struct um_stream *st)
{
	return um_blob_cmd(SMC_RMI_MIG_END, rd, 0, false, RMI_MIG_END_LEN, st,
			   "RMI_MIG_END");
}

uint64_t um_pause(uint64_t rd)
{
	uint64_t ret = UT_SMC(NULL, SMC_RMI_MIG_PAUSE, rd);

	if (ret != RMI_SUCCESS)
		printf("# um: RMI_MIG_PAUSE: 0x%llx\n", (unsigned long long)ret);
	return ret;
}

uint64_t um_abort_src(uint64_t rd)
{
	return UT_SMC(NULL, SMC_RMI_MIG_ABORT, rd, 0);
}

uint64_t um_export_pages(uint64_t rd, const uint64_t *ipas, size_t n,
			 struct um_stream *st, size_t *done)
{
	uint64_t lists = ut_alloc_granules(2), hdrs = ut_alloc_granules(8);
	uint64_t data = ut_alloc_granules(BATCH), ret = RMI_SUCCESS;
	uint64_t *ipa_list = ut_va(lists);
	uint64_t *data_list = ut_va(lists + RMM_GRANULE_SIZE);
	size_t pos = 0, i;

	for (i = 0; i < BATCH; i++)
		data_list[i] = data + i * RMM_GRANULE_SIZE;
	while (pos < n) {
		size_t cnt = n - pos > BATCH ? BATCH : n - pos;
		struct rmm_smc_regs o;

		memcpy(ipa_list, ipas + pos, cnt * 8);
		ret = UT_SMC(&o, SMC_RMI_MIG_EXPORT_PAGES, rd, cnt, lists,
			     hdrs, lists + RMM_GRANULE_SIZE);
		if (ret != RMI_SUCCESS) {
			printf("# um: RMI_MIG_EXPORT_PAGES at 0x%llx: 0x%llx\n",
			       (unsigned long long)ipas[pos],
			       (unsigned long long)ret);
			break;
		}
		for (i = 0; i < o.a[1]; i++) {
			const struct mig_hdr *h =
				(const void *)((uint8_t *)ut_va(hdrs) +
					       RMI_MIG_HDR_SIZE * i);

			um_push(st, h, RMI_MIG_HDR_SIZE,
				(h->flags & RMI_MIG_HDR_F_HAS_DATA) ?
				ut_va(data + i * RMM_GRANULE_SIZE) : NULL);
		}
		pos += o.a[1];
	}
	ut_free_granules(lists, 2);
	ut_free_granules(hdrs, 8);
	ut_free_granules(data, BATCH);
	if (done)
		*done = pos;
	return ret;
}

uint64_t um_export_range(struct ut_realm *r, uint64_t base, uint64_t top,
			 struct um_stream *st)
{
	uint64_t *ipas = NULL, ret = RMI_SUCCESS;
	size_t n = (top - base) / RMM_GRANULE_SIZE, done, i, pos = 0;

	ipas = malloc(n * sizeof(*ipas));
	if (!ipas)
		abort();
	for (i = 0; i < n; i++)
		ipas[i] = base + i * RMM_GRANULE_SIZE;
	while (pos < n) {
		ret = um_export_pages(r->rd, ipas + pos, n - pos, st, &done);
		pos += done;
		if (ret == RMI_SUCCESS)
			break;
		ret = um_fix_rtt(r, ipas[pos], ret, "RMI_MIG_EXPORT_PAGES");
		if (ret != RMI_SUCCESS)
			break;
	}
	free(ipas);
	return ret;
}

uint64_t um_export_bitmap(struct ut_realm *r, uint64_t base,
			  const uint8_t *bits, uint64_t nr_granules,
			  struct um_stream *st)
{
	uint64_t *ipas, ret = RMI_SUCCESS, i;
	size_t n = 0, done, pos = 0;

	ipas = malloc((nr_granules + 1) * sizeof(*ipas));
	if (!ipas)
		abort();
	for (i = 0; i < nr_granules; i++)
		if (bits[i / 8] & (1U << (i % 8)))
			ipas[n++] = base + i * RMM_GRANULE_SIZE;
	while (pos < n) {
		ret = um_export_pages(r->rd, ipas + pos, n - pos, st, &done);
		pos += done;
		if (ret == RMI_SUCCESS)
			break;
		ret = um_fix_rtt(r, ipas[pos], ret, "RMI_MIG_EXPORT_PAGES");
		if (ret != RMI_SUCCESS)
			break;
	}
	free(ipas);
	return ret;
}

uint64_t um_export_all(struct ut_realm *r, uint64_t ram, uint64_t ram_size,
		       struct um_stream *st)
{
	uint64_t n = ram_size / RMM_GRANULE_SIZE, ret;
	uint8_t *bits = calloc(1, (n + 7) / 8 + 1);
	unsigned int i;

	if (!bits)
		abort();
	ret = um_track_start(r, 0, um_prot_top(r));
	if (ret == RMI_SUCCESS)
		ret = um_export_realm(r->rd, st);
	if (ret == RMI_SUCCESS)
		ret = um_export_range(r, ram, ram + ram_size, st);
	if (ret == RMI_SUCCESS)
		ret = um_epoch_end(r->rd, st);
	if (ret == RMI_SUCCESS)
		ret = um_pause(r->rd);
	if (ret == RMI_SUCCESS)
		ret = um_harvest(r->rd, ram, ram + ram_size, bits, NULL);
	if (ret == RMI_SUCCESS)
		ret = um_export_bitmap(r, ram, bits, n, st);
	for (i = 0; ret == RMI_SUCCESS && i < r->nr_recs; i++)
		ret = um_export_rec(r->rd, r->recs[i], st);
	if (ret == RMI_SUCCESS)
		ret = um_end(r->rd, st);
	free(bits);
	return ret;
}

uint64_t um_src_realm(struct ut_realm *r, const struct ut_realm_params *p,
		      uint64_t ram_size, unsigned int nr_recs)
{
	uint64_t *img = malloc(ram_size), ret, i;
	unsigned int n;

	if (!img)
		abort();
	for (i = 0; i < ram_size / 8; i++)
		img[i] = um_pattern(UM_RAM_BASE +
				    (i * 8 & ~(RMM_GRANULE_SIZE - 1)));
	ret = ut_realm_build(r, p, UM_RAM_BASE, ram_size, img, ram_size,
			     false);
	free(img);
	if (ret != RMI_SUCCESS)
		return ret;
	for (n = 0; n < nr_recs; n++) {
		uint64_t params = ut_alloc_granule(), rec;
		uint64_t mpidr = (n & 0xf) | ((uint64_t)(n >> 4) << 8);
		uint8_t *pp = ut_va(params);
		uint64_t flags = RMI_REC_PARAMS_FLAG_RUNNABLE;
		uint64_t pc = UM_RAM_BASE;

		rec = ut_alloc_delegated(1);
		memcpy(pp + RMI_REC_PARAMS_FLAGS, &flags, 8);
		memcpy(pp + RMI_REC_PARAMS_MPIDR, &mpidr, 8);
		memcpy(pp + RMI_REC_PARAMS_PC, &pc, 8);
		ret = UT_SMC(NULL, SMC_RMI_REC_CREATE, r->rd, rec, params);
		ut_free_granule(params);
		if (ret != RMI_SUCCESS) {
			printf("# um: REC_CREATE %u: 0x%llx\n", n,
			       (unsigned long long)ret);
			ut_undelegate_free(rec, 1);
			return ret;
		}
		ut_realm_track_rec(r, rec);
	}
	return ut_realm_activate(r);
}

uint64_t um_teardown(struct ut_realm *r)
{
	uint64_t st = r->created ? um_mig_state(r->rd) : RMI_MIG_NONE;
	uint64_t ret;

	if (st == RMI_MIG_SRC_ENDED) {
		UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r->rd);
		ret = UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, r->rd);
		if (ret != RMI_SUCCESS)
			printf("# um: SESSION_CLOSE: 0x%llx\n",
			       (unsigned long long)ret);
	} else if (st >= RMI_MIG_SRC_OPEN && st <= RMI_MIG_SRC_PAUSED) {
		ret = um_abort_src(r->rd);
		if (ret != RMI_SUCCESS)
			printf("# um: ABORT: 0x%llx\n",
			       (unsigned long long)ret);
	}
	return ut_realm_teardown(r);
}
