// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model: version, features, realm descriptor lifecycle and
 * the realm initial measurement (RIM).
 *
 * RMI_VERSION (requested) -> x1 lower, x2 higher
 *   The model implements exactly RMI 2.0: RMI_SUCCESS with x1 = requested
 *   if the request is 2.0, else RMI_ERROR_INPUT with x1 = x2 = 2.0.
 *
 * RMI_FEATURES (index) -> x1 value
 *   Register 0: S2SZ = cfg.s2sz_max, NUM_BPS = 6, NUM_WPS = 4, PMU with
 *   PMU_NUM_CTRS = 8, S2OASZ = 48; no LPA2, no SVE.
 *   Register 1: 4 KiB granules, SHA-256 and SHA-512, MAX_RECS_ORDER =
 *   cfg.max_recs_order. Any other index reads as zero. Never fails.
 *
 * RMI_REALM_CREATE (rd, params_ptr), all failures RMI_ERROR_INPUT, in order:
 *   1. params_ptr is not an UNDELEGATED DRAM granule
 *   2. flags0 has a bit other than PMU, LFA_POLICY[6:5], MEC_POLICY[8:7],
 *      MIG_IMPORT[63] (RMI-MIG) set (LPA2, SVE and DA are not offered
 *      by the features), or
 *      MEC_POLICY is neither SHARED (0) nor PRIVATE (1)
 *   3. s2sz < 32 or s2sz > S2SZ of feature register 0
 *   4. num_bps or num_wps larger than the feature register allows
 *   5. PMU requested with pmu_num_ctrs > PMU_NUM_CTRS
 *   6. rtt_level_start outside [0, 3] or inconsistent with s2sz for 4 KiB
 *      granules (the AArch64.S2InconsistentSL rule with up to 16
 *      concatenated starting-level tables)
 *   7. rtt_num_start differs from the number of starting-level tables s2sz
 *      needs at rtt_level_start
 *   8. num_aux_planes != 0 (planes are not modelled) or flags1 != 0
 *   9. rtt_base not aligned to rtt_num_start granules
 *  10. hash_algo is neither SHA-256 nor SHA-512
 *  11. any of the rtt_num_start granules at rtt_base is not DELEGATED DRAM
 *  12. rd is not a DELEGATED DRAM granule, or is one of the RTT granules
 *   num_bps/num_wps of 0 are accepted: the upstream host leaves them zero.
 *   On success the RD and the starting-level RTTs change state, the
 *   protected half of the IPA space is UNASSIGNED/EMPTY, the unprotected
 *   half UNASSIGNED_NS, and the RIM is the hash of the measured parameters
 *   (flags0, s2sz, sve_vl, num_bps, num_wps, pmu_num_ctrs, hash_algo).
 *   With flags0.MIG_IMPORT the RD is an RMI-MIG destination in mig state
 *   DST_NEW (mig_import.c); RMI_MIG_IMPORT_REALM replaces its RIM.
 *
 * RMI_REALM_ACTIVATE (rd)
 *   1. rd is not an RD                                RMI_ERROR_INPUT
 *   2. realm state is not NEW                         RMI_ERROR_REALM
 *
 * RMI_REALM_TERMINATE (rd)
 *   1. rd is not an RD                                RMI_ERROR_INPUT
 *   2. one of its RECs is running                     RMI_ERROR_REALM
 *   Success from any state (again from TERMINATED too): the realm can no
 *   longer be entered; its RTTs, DATA and RECs may then be torn down.
 *
 * RMI_REALM_DESTROY (rd)
 *   1. rd is not an RD                                RMI_ERROR_INPUT
 *   2. the realm still has RECs                       RMI_ERROR_REALM
 *   3. realm state is not TERMINATED                  RMI_ERROR_REALM
 *   4. a starting-level RTT has a live entry (TABLE or ASSIGNED*), or the
 *      realm still owns DATA granules                 RMI_ERROR_REALM
 *   On success the RD and the starting-level RTTs return to DELEGATED.
 *
 * Measurement: rim_extend() chains RIM' = H(RIM || what || NUL || data)
 * with the realm's hash algorithm (OpenSSL libcrypto). The encoding is the
 * model's own; it is deterministic, which is what tests and migration need.
 *
 * Not modelled: SRO memory donation (the model never requests auxiliary
 * granules, so REALM_CREATE/TERMINATE/DESTROY complete in one call), VMID
 * and MECID allocation, LPA2, SVE, DA, auxiliary planes, the RPV's use
 * beyond being stored, the realm instance ID.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mig_internal.h"

#define RMM_FEAT_NUM_BPS	6
#define RMM_FEAT_NUM_WPS	4
#define RMM_FEAT_PMU_NUM_CTRS	8
#define RMM_FEAT0_PMU_NUM_CTRS_SHIFT	27	/* [31:27] */
#define RMM_PA_BITS		48

#define REALM_FLAGS0_LFA_POLICY_MASK	(3UL << 5)
#define REALM_FLAGS0_MEC_POLICY_SHIFT	7
#define REALM_FLAGS0_MEC_POLICY_MASK	(3UL << 7)
#define REALM_FLAGS0_KNOWN	(RMI_REALM_FLAGS0_PMU |		\
				 REALM_FLAGS0_LFA_POLICY_MASK |	\
				 REALM_FLAGS0_MEC_POLICY_MASK |	\
				 RMI_REALM_FLAGS0_MIG_IMPORT)

static uint64_t feature_register(uint64_t index)
{
	uint64_t v = 0;

	switch (index) {
	case 0:
		v = (uint64_t)rmm.cfg.s2sz_max << RMI_FEAT0_S2SZ_SHIFT;
		v |= (uint64_t)RMM_FEAT_NUM_BPS << RMI_FEAT0_NUM_BPS_SHIFT;
		v |= (uint64_t)RMM_FEAT_NUM_WPS << RMI_FEAT0_NUM_WPS_SHIFT;
		v |= RMI_FEAT0_PMU;
		v |= (uint64_t)RMM_FEAT_PMU_NUM_CTRS <<
		     RMM_FEAT0_PMU_NUM_CTRS_SHIFT;
		v |= (uint64_t)RMM_PA_BITS << RMI_FEAT0_S2OASZ_SHIFT;
		break;
	case 1:
		v = RMI_FEAT1_GRAN_SZ_4KB | RMI_FEAT1_HASH_SHA_256 |
		    RMI_FEAT1_HASH_SHA_512;
		v |= (uint64_t)rmm.cfg.max_recs_order <<
		     RMI_FEAT1_MAX_RECS_ORDER_SHIFT;
		break;
	}
	return v;
}

void smc_version(struct rmm_smc_regs *regs)
{
	uint64_t ours = RMI_ABI_VERSION(RMI_ABI_MAJOR, RMI_ABI_MINOR);
	uint64_t req = regs->a[1];

	if (req == ours) {
		regs->a[0] = RMI_SUCCESS;
		regs->a[1] = req;
	} else {
		regs->a[0] = RMI_ERROR_INPUT;
		regs->a[1] = ours;
	}
	regs->a[2] = ours;
}

void smc_features(struct rmm_smc_regs *regs)
{
	regs->a[1] = feature_register(regs->a[1]);
	regs->a[0] = RMI_SUCCESS;
}

struct rmm_realm *realm_from_rd(uint64_t rd_pa)
{
	struct granule *g = granule_at(rd_pa);

	if (!g || g->state != GRANULE_RD)
		return NULL;
	return g->obj;
}

bool ipa_is_protected(const struct rmm_realm *rd, uint64_t ipa)
{
	return ipa < (1ULL << (rd->s2sz - 1));
}

bool ipa_in_range(const struct rmm_realm *rd, uint64_t ipa)
{
	return ipa < (1ULL << rd->s2sz);
}

static const EVP_MD *realm_md(const struct rmm_realm *rd)
{
	return rd->hash_algo == RMI_HASH_SHA_512 ? EVP_sha512() : EVP_sha256();
}

void rim_extend(struct rmm_realm *rd, const char *what, const void *data,
		size_t len)
{
	const EVP_MD *md = realm_md(rd);
	uint8_t out[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx;

	ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, md, NULL) ||
	    !EVP_DigestUpdate(ctx, rd->rim, (size_t)EVP_MD_size(md)) ||
	    !EVP_DigestUpdate(ctx, what, strlen(what) + 1) ||
	    (len && !EVP_DigestUpdate(ctx, data, len)) ||
	    !EVP_DigestFinal_ex(ctx, out, &n))
		abort();	/* libcrypto failing is a broken platform */
	EVP_MD_CTX_free(ctx);
	memset(rd->rim, 0, sizeof(rd->rim));
	memcpy(rd->rim, out, n);
}

bool rmm_realm_rim(uint64_t rd_pa, uint8_t out[64])
{
	struct rmm_realm *rd;

	pthread_mutex_lock(&rmm_lock);
	rd = realm_from_rd(rd_pa);
	if (rd)
		memcpy(out, rd->rim, sizeof(rd->rim));
	pthread_mutex_unlock(&rmm_lock);
	return rd;
}

/* RmiRealmParams fields the model reads, host byte order (little endian). */
struct realm_params {
	uint64_t flags0, s2sz, sve_vl, num_bps, num_wps, pmu_num_ctrs;
	uint64_t hash_algo, num_aux_planes;
	uint8_t rpv[64];
	uint64_t rtt_base;
	int64_t rtt_level_start;
	uint64_t rtt_num_start, flags1;
};

static bool read_realm_params(uint64_t pa, struct realm_params *p)
{
	static const struct {
		size_t off;
		size_t field;
	} map[] = {
#define F(o, f) { o, offsetof(struct realm_params, f) }
		F(RMI_REALM_PARAMS_FLAGS0, flags0),
		F(RMI_REALM_PARAMS_S2SZ, s2sz),
		F(RMI_REALM_PARAMS_SVE_VL, sve_vl),
		F(RMI_REALM_PARAMS_NUM_BPS, num_bps),
		F(RMI_REALM_PARAMS_NUM_WPS, num_wps),
		F(RMI_REALM_PARAMS_PMU_NUM_CTRS, pmu_num_ctrs),
		F(RMI_REALM_PARAMS_HASH_ALGO, hash_algo),
		F(RMI_REALM_PARAMS_NUM_AUX_PLANES, num_aux_planes),
		F(RMI_REALM_PARAMS_RTT_BASE, rtt_base),
		F(RMI_REALM_PARAMS_RTT_LEVEL_START, rtt_level_start),
		F(RMI_REALM_PARAMS_RTT_NUM_START, rtt_num_start),
		F(RMI_REALM_PARAMS_FLAGS1, flags1),
#undef F
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!ns_granule_read(pa, map[i].off,
				     (uint8_t *)p + map[i].field, 8))
			return false;
	return ns_granule_read(pa, RMI_REALM_PARAMS_RPV, p->rpv,
			       sizeof(p->rpv));
}

/*
 * Number of starting-level tables for @s2sz at @sl with 4 KiB granules,
 * or 0 if the combination is inconsistent (AArch64.S2InconsistentSL).
 */
static unsigned int s2_num_root_rtts(unsigned int s2sz, int64_t sl)
{
	unsigned int levels, min_bits, max_bits, sl_bits;

	if (sl < 0 || sl > RTT_PAGE_LEVEL)
		return 0;
	levels = (unsigned int)(RTT_PAGE_LEVEL - sl);
	min_bits = levels * 9 + RMM_GRANULE_SHIFT + 1;
	max_bits = min_bits + 8 + (sl > 0 ? 4 : 0);
	if (s2sz < min_bits || s2sz > max_bits)
		return 0;
	sl_bits = levels * 9 + RMM_GRANULE_SHIFT + 9;
	return s2sz <= sl_bits ? 1 : 1U << (s2sz - sl_bits);
}

static bool realm_params_valid(const struct realm_params *p)
{
	uint64_t mec = (p->flags0 & REALM_FLAGS0_MEC_POLICY_MASK) >>
		       REALM_FLAGS0_MEC_POLICY_SHIFT;
	unsigned int num;

	if ((p->flags0 & ~REALM_FLAGS0_KNOWN) || mec > 1)
		return false;
	if (p->s2sz < 32 || p->s2sz > rmm.cfg.s2sz_max)
		return false;
	if (p->num_bps > RMM_FEAT_NUM_BPS || p->num_wps > RMM_FEAT_NUM_WPS)
		return false;
	if ((p->flags0 & RMI_REALM_FLAGS0_PMU) &&
	    p->pmu_num_ctrs > RMM_FEAT_PMU_NUM_CTRS)
		return false;
	num = s2_num_root_rtts((unsigned int)p->s2sz, p->rtt_level_start);
	if (!num || p->rtt_num_start != num)
		return false;
	if (p->num_aux_planes || p->flags1)
		return false;
	if (!ALIGNED(p->rtt_base, p->rtt_num_start * RMM_GRANULE_SIZE))
		return false;
	return p->hash_algo == RMI_HASH_SHA_256 ||
	       p->hash_algo == RMI_HASH_SHA_512;
}

/* Starting-level RTT @i of @rd, at @pa. */
static struct rmm_rtt *root_rtt_new(struct rmm_realm *rd, unsigned int i,
				    uint64_t pa)
{
	uint64_t size = rtt_level_size(rd->rtt_level_start);
	struct rmm_rtt *rtt = calloc(1, sizeof(*rtt));
	unsigned int j;

	if (!rtt)
		return NULL;
	rtt->pa = pa;
	rtt->rd = rd;
	rtt->level = rd->rtt_level_start;
	rtt->base = (uint64_t)i * RTT_ENTRIES * size;
	for (j = 0; j < RTT_ENTRIES; j++) {
		uint64_t ipa = rtt->base + j * size;

		/* Entries past 2^s2sz are never reached by a walk. */
		if (ipa_in_range(rd, ipa) && ipa_is_protected(rd, ipa)) {
			rtt->e[j].state = RTTE_UNASSIGNED;
			rtt->e[j].ripas = RIPAS_EMPTY;
		} else {
			rtt->e[j].state = RTTE_UNASSIGNED_NS;
		}
	}
	return rtt;
}

static uint64_t realm_create(uint64_t rd_pa, uint64_t params_pa)
{
	struct rmm_rtt *roots[16] = { NULL };
	struct realm_params p;
	struct {
		uint64_t flags0, s2sz, sve_vl, num_bps, num_wps;
		uint64_t pmu_num_ctrs, hash_algo;
	} measured;
	struct rmm_realm *rd;
	struct granule *g_rd;
	unsigned int i;

	memset(&p, 0, sizeof(p));
	if (!read_realm_params(params_pa, &p) || !realm_params_valid(&p))
		return RMI_ERROR_INPUT;
	for (i = 0; i < p.rtt_num_start; i++) {
		struct granule *g = granule_at(p.rtt_base +
					       i * RMM_GRANULE_SIZE);

		if (!g || g->state != GRANULE_DELEGATED)
			return RMI_ERROR_INPUT;
	}
	g_rd = granule_at(rd_pa);
	if (!g_rd || g_rd->state != GRANULE_DELEGATED)
		return RMI_ERROR_INPUT;
	/* Unreachable after the state checks above, kept explicit. */
	if (rd_pa >= p.rtt_base &&
	    rd_pa < p.rtt_base + p.rtt_num_start * RMM_GRANULE_SIZE)
		return RMI_ERROR_INPUT;

	rd = calloc(1, sizeof(*rd));
	if (!rd)
		return RMI_ERROR_GLOBAL;
	rd->rd_pa = rd_pa;
	rd->state = REALM_NEW;
	rd->flags0 = p.flags0;
	rd->s2sz = (unsigned int)p.s2sz;
	rd->rtt_level_start = (int)p.rtt_level_start;
	rd->rtt_num_start = (unsigned int)p.rtt_num_start;
	rd->rtt_base = p.rtt_base;
	rd->hash_algo = (unsigned int)p.hash_algo;
	rd->sve_vl = p.sve_vl;
	rd->num_bps = p.num_bps;
	rd->num_wps = p.num_wps;
	rd->pmu_num_ctrs = p.pmu_num_ctrs;
	rd->num_aux_planes = p.num_aux_planes;
	memcpy(rd->rpv, p.rpv, sizeof(rd->rpv));
	for (i = 0; i < rd->rtt_num_start; i++) {
		roots[i] = root_rtt_new(rd, i,
					rd->rtt_base + i * RMM_GRANULE_SIZE);
		if (!roots[i])
			goto err_free;
	}
	/* RMI-MIG destination: mig state DST_NEW (rmi-mig.rst 3.3). */
	if ((p.flags0 & RMI_REALM_FLAGS0_MIG_IMPORT) &&
	    !mig_session_new(rd, RMI_MIG_DST_NEW))
		goto err_free;

	for (i = 0; i < rd->rtt_num_start; i++) {
		struct granule *g = granule_at(roots[i]->pa);

		granule_set_state(g, GRANULE_RTT);
		g->obj = roots[i];
		g->refcount = 0;
	}
	granule_set_state(g_rd, GRANULE_RD);
	g_rd->obj = rd;
	g_rd->refcount = 0;

	measured.flags0 = p.flags0;
	measured.s2sz = p.s2sz;
	measured.sve_vl = p.sve_vl;
	measured.num_bps = p.num_bps;
	measured.num_wps = p.num_wps;
	measured.pmu_num_ctrs = p.pmu_num_ctrs;
	measured.hash_algo = p.hash_algo;
	rim_extend(rd, "REALM_PARAMS", &measured, sizeof(measured));
	return RMI_SUCCESS;

err_free:
	for (i = 0; i < rd->rtt_num_start; i++)
		free(roots[i]);
	free(rd);
	return RMI_ERROR_GLOBAL;
}

void smc_realm_create(struct rmm_smc_regs *regs)
{
	regs->a[0] = realm_create(regs->a[1], regs->a[2]);
}

void smc_realm_activate(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);

	if (!rd) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	/* RMI-MIG rmi.activate: an import RD becomes ACTIVE by IMPORT_END. */
	if (rd->state != REALM_NEW || mig_rmi_refused(rd, MIG_RMI_ACTIVATE)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	rd->state = REALM_ACTIVE;
	regs->a[0] = RMI_SUCCESS;
}

static bool realm_rec_running(const struct rmm_realm *rd)
{
	size_t i;

	for (i = 0; i < rd->recs_cap; i++)
		if (rd->recs && rd->recs[i] && rd->recs[i]->running)
			return true;
	return false;
}

void smc_realm_terminate(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);

	if (!rd) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	if (realm_rec_running(rd)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	rd->state = REALM_TERMINATED;
	regs->a[0] = RMI_SUCCESS;
}

static struct rmm_rtt *root_rtt(const struct rmm_realm *rd, unsigned int i)
{
	return granule_at(rd->rtt_base + i * RMM_GRANULE_SIZE)->obj;
}

void smc_realm_destroy(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	struct granule *g_rd;
	unsigned int i;

	if (!rd) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	/* RMI-MIG rmi.realm_destroy */
	if (mig_rmi_refused(rd, MIG_RMI_REALM_DESTROY)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	g_rd = granule_at(rd->rd_pa);
	if (rd->nr_recs || g_rd->refcount ||
	    rd->state != REALM_TERMINATED || rd->nr_data) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	for (i = 0; i < rd->rtt_num_start; i++) {
		if (root_rtt(rd, i)->nr_live) {
			regs->a[0] = RMI_ERROR_REALM;
			return;
		}
	}

	realm_s2_invalidate(rd, 0, 1ULL << rd->s2sz);
	for (i = 0; i < rd->rtt_num_start; i++) {
		struct granule *g = granule_at(rd->rtt_base +
					       i * RMM_GRANULE_SIZE);

		free(g->obj);
		g->obj = NULL;
		memset(granule_va(granule_pa(g)), 0, RMM_GRANULE_SIZE);
		granule_set_state(g, GRANULE_DELEGATED);
	}
	mig_realm_free(rd);
	free(rd->recs);
	free(rd);
	g_rd->obj = NULL;
	memset(granule_va(granule_pa(g_rd)), 0, RMM_GRANULE_SIZE);
	granule_set_state(g_rd, GRANULE_DELEGATED);
	regs->a[0] = RMI_SUCCESS;
}
