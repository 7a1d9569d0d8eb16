// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model, RMI-MIG: the source side. Dirty tracking and the
 * export commands of Documentation/virt/kvm/arm/rmi-mig.rst, sections 3.4,
 * 4.5-4.13 and 6. Failure conditions are evaluated in the document's order
 * and named by its IDs in the comments; on failure X1..X17 are zero.
 *
 * Tracking state is struct rtt_entry.mig (enum rmi_mig_track_state), one
 * per RTT entry; an entry at level < 3 holds it for all the granules it
 * maps. Write protection is derived from it: exec.c maps a protected
 * ASSIGNED granule into the Realm's emulator read-only while
 * mig_rtte_write_protected() holds, and a write to it reaches
 * mig_s2_write_fault() (a UC_HOOK_MEM_WRITE_PROT hook), which marks the
 * entry DIRTY and lets the store complete: no REC exit. To re-protect a
 * granule (TRACK_START, DIRTY_HARVEST, EXPORT_PAGES) the model invalidates
 * its stage 2 translation (realm_s2_invalidate(), the model's TLBI): the
 * next access maps it again with the permission the entry now allows.
 *
 * Range commands (TRACK_START, TRACK_STOP, DIRTY_HARVEST) walk the RTTs in
 * IPA order from base and stop at top (or top' for the harvest) or at the
 * first entry whose per-entry condition holds (section 2.4). The list
 * command EXPORT_PAGES copies its IPA and data lists into RMM memory
 * before it writes anything.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "mig_internal.h"

#define HARVEST_SPAN	((uint64_t)RMI_MIG_HARVEST_MAX_GRANULES * \
			 RMM_GRANULE_SIZE)

static bool ns_granule(uint64_t pa)
{
	struct granule *g = granule_at(pa);

	return g && g->state == GRANULE_UNDELEGATED;
}

/* [@pa, @pa + @len) is an NS buffer: every granule it overlaps is NS. */
static bool ns_buffer(uint64_t pa, uint64_t len)
{
	uint64_t g, end;

	if (!len || pa + len < pa)
		return false;
	end = pa + len;
	for (g = pa & ~(RMM_GRANULE_SIZE - 1); g < end; g += RMM_GRANULE_SIZE)
		if (!ns_granule(g))
			return false;
	return true;
}

/* A list of @count u64 at @pa, 8-byte aligned, inside one NS granule. */
static bool ns_list(uint64_t pa, uint64_t count)
{
	uint64_t off = pa & (RMM_GRANULE_SIZE - 1);

	return ALIGNED(pa, sizeof(uint64_t)) &&
	       off + 8 * count <= RMM_GRANULE_SIZE &&
	       ns_granule(pa - off);
}

static bool tracked(const struct rtt_entry *e)
{
	return e->mig != RMI_MIG_UNTRACKED;
}

static bool unassigned_empty(const struct rtt_entry *e)
{
	return e->state == RTTE_UNASSIGNED && e->ripas == RIPAS_EMPTY;
}

/*
 * Drop the translation of @ipa so that its permission is recomputed (before
 * the Realm next runs: the emulator's unmapping is not paid per command).
 */
static void s2_reprotect(struct rmm_realm *rd, uint64_t ipa)
{
	realm_s2_invalidate_lazy(rd, ipa);
}

/* ---------------------------------------------------------------------- */
/* Hooks for rtt.c and exec.c                                              */

bool mig_rtte_write_protected(const struct rtt_entry *e)
{
	return e->state == RTTE_ASSIGNED &&
	       (e->mig == RMI_MIG_TRACK_NEW || e->mig == RMI_MIG_TRACK_CLEAN ||
		e->mig == RMI_MIG_TRACK_PENDING);
}

void mig_rtte_modified(struct rmm_realm *rd, struct rtt_entry *e)
{
	if (tracked(e))
		e->mig = RMI_MIG_TRACK_DIRTY;
}

void mig_realm_wrote(struct rmm_realm *rd, uint64_t ipa)
{
	struct rtt_walk w;

	if (!ipa_is_protected(rd, ipa))
		return;
	rtt_walk(rd, ipa & ~(RMM_GRANULE_SIZE - 1), RTT_PAGE_LEVEL, &w);
	if (tracked(w.entry) && w.entry->mig != RMI_MIG_TRACK_DIRTY) {
		w.entry->mig = RMI_MIG_TRACK_DIRTY;
		/* Writable again: the next access maps it so. */
		s2_reprotect(rd, ipa & ~(RMM_GRANULE_SIZE - 1));
	}
}

bool mig_s2_write_fault(struct rmm_realm *rd, uint64_t ipa)
{
	struct rtt_walk w;

	if (!ipa_is_protected(rd, ipa))
		return false;
	rtt_walk(rd, ipa & ~(RMM_GRANULE_SIZE - 1), RTT_PAGE_LEVEL, &w);
	if (!mig_rtte_write_protected(w.entry))
		return false;
	w.entry->mig = RMI_MIG_TRACK_DIRTY;
	return true;
}

uint8_t mig_fold_state(const struct rmm_rtt *child)
{
	unsigned int i;

	for (i = 1; i < RTT_ENTRIES; i++)
		if (child->e[i].mig != child->e[0].mig)
			return RMI_MIG_TRACK_DIRTY;
	return child->e[0].mig;
}

uint8_t mig_destroy_state(const struct rmm_rtt *child)
{
	unsigned int i;

	for (i = 0; i < RTT_ENTRIES; i++)
		if (tracked(&child->e[i]))
			return RMI_MIG_TRACK_DIRTY;
	return RMI_MIG_UNTRACKED;
}

/* ---------------------------------------------------------------------- */
/* Whole-realm walks                                                       */

typedef void (*prot_entry_fn)(struct rmm_realm *rd, struct rtt_entry *e,
			      uint64_t ipa, int level, void *arg);

static void walk_table(struct rmm_realm *rd, struct rmm_rtt *rtt,
		       prot_entry_fn fn, void *arg)
{
	uint64_t size = rtt_level_size(rtt->level);
	unsigned int i;

	for (i = 0; i < RTT_ENTRIES; i++) {
		struct rtt_entry *e = &rtt->e[i];
		uint64_t ipa = rtt->base + i * size;

		if (e->state == RTTE_TABLE) {
			struct granule *g = granule_at(e->addr);

			walk_table(rd, g->obj, fn, arg);
		} else if ((e->state == RTTE_UNASSIGNED ||
			    e->state == RTTE_ASSIGNED) &&
			   ipa_in_range(rd, ipa) && ipa_is_protected(rd, ipa)) {
			fn(rd, e, ipa, rtt->level, arg);
		}
	}
}

/* Call @fn for every protected leaf entry of @rd, in IPA order. */
static void walk_prot_entries(struct rmm_realm *rd, prot_entry_fn fn,
				void *arg)
{
	unsigned int i;

	for (i = 0; i < rd->rtt_num_start; i++) {
		struct granule *g = granule_at(rd->rtt_base +
					       i * RMM_GRANULE_SIZE);

		walk_table(rd, g->obj, fn, arg);
	}
}

static bool unclean_state(uint8_t st)
{
	return st == RMI_MIG_TRACK_NEW || st == RMI_MIG_TRACK_DIRTY ||
	       st == RMI_MIG_TRACK_PENDING;
}

static void count_unclean(struct rmm_realm *rd, struct rtt_entry *e,
			  uint64_t ipa, int level, void *arg)
{
	if (unclean_state(e->mig))
		*(uint64_t *)arg += rtt_level_size(level) / RMM_GRANULE_SIZE;
}

uint64_t mig_unclean(struct rmm_realm *rd)
{
	uint64_t n = 0;

	walk_prot_entries(rd, count_unclean, &n);
	return n;
}

static void untrack(struct rmm_realm *rd, struct rtt_entry *e, uint64_t ipa,
		    int level, void *arg)
{
	if (!tracked(e))
		return;
	e->mig = RMI_MIG_UNTRACKED;
	if (e->state == RTTE_ASSIGNED)
		s2_reprotect(rd, ipa);
}

void mig_untrack_all(struct rmm_realm *rd)
{
	walk_prot_entries(rd, untrack, NULL);
}

/* A protected granule outside T that is not UNASSIGNED EMPTY exists. */
static void find_untracked(struct rmm_realm *rd, struct rtt_entry *e,
			   uint64_t ipa, int level, void *arg)
{
	if (!tracked(e) && !unassigned_empty(e))
		*(bool *)arg = true;
}

/* ---------------------------------------------------------------------- */
/* Common checks                                                           */

/*
 * Source command prologue: @rd is an RD (else INPUT), its mig state is one
 * of @states (a bit mask of 1 << state; else REALM). *@sp is the session.
 */
static uint64_t src_check(struct rmm_realm *rd, unsigned int states,
			  struct mig_session **sp)
{
	if (!rd)
		return RMI_ERROR_INPUT;
	if (!(states & (1U << mig_state(rd))))
		return RMI_ERROR_REALM;
	*sp = rd->mig;
	return RMI_SUCCESS;
}

#define ST(x)		(1U << RMI_MIG_##x)
#define ST_TRACKING	(ST(SRC_OPEN) | ST(SRC_PRECOPY) | ST(SRC_PAUSED))
#define ST_EXPORTING	(ST(SRC_PRECOPY) | ST(SRC_PAUSED))

/* track_start.range, track_stop.range, harvest.range */
static bool prot_range_ok(const struct rmm_realm *rd, uint64_t base,
			  uint64_t top)
{
	return ALIGNED(base, RMM_GRANULE_SIZE) &&
	       ALIGNED(top, RMM_GRANULE_SIZE) && top > base &&
	       top <= (1ULL << (rd->s2sz - 1));
}

/* The RTT entry that maps @addr: walk to level 3. */
struct map_entry {
	struct rtt_entry *e;
	int level;
	uint64_t base, top;	/* IPA range the entry maps */
};

static void map_entry_at(struct rmm_realm *rd, uint64_t addr,
			 struct map_entry *m)
{
	struct rtt_walk w;
	uint64_t size;

	rtt_walk(rd, addr, RTT_PAGE_LEVEL, &w);
	size = rtt_level_size(w.level);
	m->e = w.entry;
	m->level = w.level;
	m->base = addr & ~(size - 1);
	m->top = m->base + size;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_TRACK_START / RMI_MIG_TRACK_STOP                                */

static void track_one(struct rmm_realm *rd, const struct map_entry *m)
{
	struct rtt_entry *e = m->e;

	if (tracked(e))
		return;
	e->mig = unassigned_empty(e) ? RMI_MIG_TRACK_CLEAN :
				       RMI_MIG_TRACK_NEW;
	if (e->state == RTTE_ASSIGNED)
		s2_reprotect(rd, m->base);
}

static void track_range(struct rmm_smc_regs *regs, bool start)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t base = regs->a[2], top = regs->a[3], addr;
	struct mig_session *s;
	uint64_t ret;

	memset(regs, 0, sizeof(*regs));
	/* track_*.rd, track_*.state */
	ret = src_check(rd, start ? ST_TRACKING : ST(SRC_OPEN), &s);
	if (ret == RMI_SUCCESS && !prot_range_ok(rd, base, top))
		ret = RMI_ERROR_INPUT;			/* track_*.range */
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}
	for (addr = base; addr < top;) {
		struct map_entry m;
		bool bad;

		map_entry_at(rd, addr, &m);
		/* track_start.level / track_stop.level, per entry */
		if (start)
			bad = !tracked(m.e) &&
			      (!unassigned_empty(m.e) || m.base < base ||
			       m.top > top);
		else
			bad = tracked(m.e) && (m.base < base || m.top > top);
		if (m.level < RTT_PAGE_LEVEL && bad) {
			if (addr == base) {
				regs->a[0] = RMI_RETURN(RMI_ERROR_RTT,
							m.level);
				return;
			}
			break;
		}
		if (start) {
			track_one(rd, &m);
		} else if (tracked(m.e)) {
			m.e->mig = RMI_MIG_UNTRACKED;
			if (m.e->state == RTTE_ASSIGNED)
				s2_reprotect(rd, m.base);
		}
		addr = m.top < top ? m.top : top;
	}
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = addr;
}

void smc_mig_track_start(struct rmm_smc_regs *regs)
{
	track_range(regs, true);
}

void smc_mig_track_stop(struct rmm_smc_regs *regs)
{
	track_range(regs, false);
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_DIRTY_HARVEST                                                   */

/*
 * Harvest the entries of level-3 table @rtt from index @idx (IPA @addr)
 * until its end or @topp: what the per-entry walk below does for a page
 * entry, without walking from the root for each granule. Return the IPA
 * after the last entry.
 */
static uint64_t harvest_table(struct rmm_realm *rd, struct rmm_rtt *rtt,
			      unsigned int idx, uint64_t addr, uint64_t base,
			      uint64_t topp, uint8_t *bits, uint64_t *nr_dirty)
{
	for (; idx < RTT_ENTRIES && addr < topp;
	     idx++, addr += RMM_GRANULE_SIZE) {
		struct rtt_entry *e = &rtt->e[idx];
		uint64_t i;

		if (e->mig != RMI_MIG_TRACK_DIRTY)
			continue;
		i = (addr - base) >> RMM_GRANULE_SHIFT;
		bits[i / 8] |= 1U << (i % 8);
		(*nr_dirty)++;
		e->mig = RMI_MIG_TRACK_PENDING;
		if (e->state == RTTE_ASSIGNED)
			s2_reprotect(rd, addr);
	}
	return addr;
}

void smc_mig_dirty_harvest(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t base = regs->a[2], top = regs->a[3], bitmap = regs->a[4];
	uint64_t addr, topp, n, nr_dirty = 0, ret;
	struct mig_session *s;
	uint8_t *bits;

	memset(regs, 0, sizeof(*regs));
	ret = src_check(rd, ST_TRACKING, &s);		/* harvest.rd, .state */
	if (ret == RMI_SUCCESS && !prot_range_ok(rd, base, top))
		ret = RMI_ERROR_INPUT;			/* harvest.range */
	if (ret == RMI_SUCCESS && !ns_granule(bitmap))
		ret = RMI_ERROR_INPUT;			/* harvest.bitmap */
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}
	topp = top - base > HARVEST_SPAN ? base + HARVEST_SPAN : top;
	bits = calloc(1, RMM_GRANULE_SIZE);
	if (!bits) {
		regs->a[0] = RMI_ERROR_GLOBAL;
		return;
	}
	for (addr = base; addr < topp;) {
		struct map_entry m;
		struct rtt_walk w;
		uint64_t end, a;

		/* A level-3 table: its entries in order, one walk for all. */
		rtt_walk(rd, addr, RTT_PAGE_LEVEL, &w);
		if (w.level == RTT_PAGE_LEVEL) {
			addr = harvest_table(rd, w.rtt, w.idx, addr, base, topp,
					     bits, &nr_dirty);
			continue;
		}
		map_entry_at(rd, addr, &m);
		end = m.top < topp ? m.top : topp;
		/* harvest.level, per entry */
		if (m.level < RTT_PAGE_LEVEL && tracked(m.e) &&
		    (m.base < base || m.top > topp)) {
			if (addr == base) {
				free(bits);
				regs->a[0] = RMI_RETURN(RMI_ERROR_RTT,
							m.level);
				return;
			}
			break;
		}
		if (m.e->mig == RMI_MIG_TRACK_DIRTY) {
			for (a = addr; a < end; a += RMM_GRANULE_SIZE) {
				uint64_t i = (a - base) >> RMM_GRANULE_SHIFT;

				bits[i / 8] |= 1U << (i % 8);
				nr_dirty++;
			}
			m.e->mig = RMI_MIG_TRACK_PENDING;
			if (m.e->state == RTTE_ASSIGNED)
				s2_reprotect(rd, m.base);
		}
		addr = end;
	}
	n = (addr - base) >> RMM_GRANULE_SHIFT;
	ns_granule_write(bitmap, 0, bits, (n + 7) / 8);
	free(bits);
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = addr;
	regs->a[2] = nr_dirty;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EXPORT_REALM                                                    */

void smc_mig_export_realm(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t buf = regs->a[2], ret;
	struct mig_realm_blob r;
	struct mig_session *s;

	memset(regs, 0, sizeof(*regs));
	ret = src_check(rd, ST(SRC_OPEN), &s);		/* exp_realm.rd, .state */
	if (ret == RMI_SUCCESS && !ns_granule(buf))
		ret = RMI_ERROR_INPUT;			/* exp_realm.buf */
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}
	memset(&r, 0, sizeof(r));
	mig_hdr_init(s, &r.h, RMI_MIG_BLOB_REALM, 0, 0, RMI_MIG_REALM_BODY_LEN,
		     false);
	memcpy(r.b.src_nonce, s->src_nonce, RMI_MIG_NONCE_SIZE);
	memcpy(r.b.dst_nonce, s->dst_nonce, RMI_MIG_NONCE_SIZE);
	r.b.flags0 = rd->flags0 & ~RMI_REALM_FLAGS0_MIG_IMPORT;
	r.b.s2sz = rd->s2sz;
	r.b.sve_vl = rd->sve_vl;
	r.b.num_bps = rd->num_bps;
	r.b.num_wps = rd->num_wps;
	r.b.pmu_num_ctrs = rd->pmu_num_ctrs;
	r.b.hash_algo = rd->hash_algo;
	r.b.num_aux_planes = rd->num_aux_planes;
	r.b.nr_recs = rd->nr_recs;
	r.b.cntfrq = MIG_CNTFRQ;
	memcpy(r.b.rpv, rd->rpv, sizeof(r.b.rpv));
	memcpy(r.b.rim, rd->rim, sizeof(r.b.rim));
	/* body[0, 0x40) travels in clear, authenticated. */
	mig_blob_seal(s, false, &r.h, (uint8_t *)&r.b + RMI_MIG_REALM_CLEAR_LEN,
		      RMI_MIG_REALM_BODY_LEN - RMI_MIG_REALM_CLEAR_LEN);
	ns_granule_write(buf, 0, &r, sizeof(r));
	OPENSSL_cleanse(&r, sizeof(r));
	s->next_counter = 1;
	s->state = RMI_MIG_SRC_PRECOPY;
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = RMI_MIG_REALM_LEN;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EXPORT_PAGES                                                    */

/* Per-entry conditions of EXPORT_PAGES for @ipa (7-10). */
static uint64_t export_page_check(struct rmm_realm *rd, uint64_t ipa,
				  uint64_t data, struct map_entry *m)
{
	if ((ipa & (RMM_GRANULE_SIZE - 1)) || !ipa_in_range(rd, ipa) ||
	    !ipa_is_protected(rd, ipa))
		return RMI_ERROR_INPUT;			/* exp_pages.ipa */
	map_entry_at(rd, ipa, m);
	if (!tracked(m->e))
		return RMI_ERROR_INPUT;			/* exp_pages.untracked */
	if (m->level < RTT_PAGE_LEVEL)			/* exp_pages.level */
		return RMI_RETURN(RMI_ERROR_RTT, m->level);
	if (m->e->state == RTTE_ASSIGNED && m->e->ripas == RIPAS_RAM &&
	    !ns_granule(data))
		return RMI_ERROR_INPUT;			/* exp_pages.data */
	return RMI_SUCCESS;
}

/* Export one granule; return true if it was a content record. */
static bool export_page(struct rmm_realm *rd, struct mig_session *s,
			const struct map_entry *m, uint64_t ipa, uint64_t data,
			uint64_t hdr_pa)
{
	struct rtt_entry *e = m->e;
	bool content = e->state == RTTE_ASSIGNED && e->ripas == RIPAS_RAM;
	struct mig_hdr h;

	/* Write-protect, read, CLEAN: one step under the model lock. */
	e->mig = RMI_MIG_TRACK_CLEAN;
	if (e->state == RTTE_ASSIGNED)
		s2_reprotect(rd, ipa);
	mig_hdr_init(s, &h, RMI_MIG_BLOB_PAGE, s->next_counter, s->epoch, 0,
		     content);
	h.ipa = ipa;
	h.ripas = e->ripas;
	h.hipas = e->state == RTTE_ASSIGNED ? RMI_MIG_HIPAS_ASSIGNED :
					      RMI_MIG_HIPAS_UNASSIGNED;
	if (content) {
		/* NS checked (exp_pages.data): seal straight into it. */
		mig_blob_seal_to(s, &h, granule_va(e->addr), granule_va(data),
				 RMM_GRANULE_SIZE);
	} else {
		mig_blob_seal(s, false, &h, NULL, 0);
	}
	/* 64-byte aligned: the header lies inside one NS granule. */
	memcpy(granule_va(hdr_pa), &h, sizeof(h));
	s->next_counter++;
	s->epoch_records++;
	if (content) {
		s->content++;
		s->epoch_content++;
	} else {
		s->state_only++;
	}
	return content;
}

void smc_mig_export_pages(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t count = regs->a[2], ipa_list = regs->a[3];
	uint64_t hdr_buf = regs->a[4], data_list = regs->a[5];
	uint64_t *ipas = NULL, *datas = NULL, ret, i, nr_content = 0;
	struct mig_session *s;

	memset(regs, 0, sizeof(*regs));
	ret = src_check(rd, ST_EXPORTING, &s);		/* exp_pages.rd, .state */
	if (ret != RMI_SUCCESS)
		goto out;
	ret = RMI_ERROR_INPUT;
	if (!count || count > RMI_MIG_MAX_BATCH)	/* exp_pages.count */
		goto out;
	if (!ns_list(ipa_list, count))			/* exp_pages.ipa_list */
		goto out;
	if (!ALIGNED(hdr_buf, RMI_MIG_HDR_SIZE) ||	/* exp_pages.hdr_buf */
	    !ns_buffer(hdr_buf, RMI_MIG_HDR_SIZE * count))
		goto out;
	if (!ns_list(data_list, count))		/* exp_pages.data_list */
		goto out;
	ipas = malloc(8 * count);
	datas = malloc(8 * count);
	if (!ipas || !datas) {
		ret = RMI_ERROR_GLOBAL;
		goto out;
	}
	ns_granule_read(ipa_list & ~(RMM_GRANULE_SIZE - 1),
			ipa_list & (RMM_GRANULE_SIZE - 1), ipas, 8 * count);
	ns_granule_read(data_list & ~(RMM_GRANULE_SIZE - 1),
			data_list & (RMM_GRANULE_SIZE - 1), datas, 8 * count);

	for (i = 0; i < count; i++) {
		struct map_entry m;
		uint64_t r = export_page_check(rd, ipas[i], datas[i], &m);

		if (r != RMI_SUCCESS) {
			if (!i) {
				ret = r;
				goto out;
			}
			break;
		}
		if (export_page(rd, s, &m, ipas[i], datas[i],
				hdr_buf + RMI_MIG_HDR_SIZE * i))
			nr_content++;
	}
	regs->a[1] = i;
	regs->a[2] = nr_content;
	ret = RMI_SUCCESS;
out:
	free(ipas);
	free(datas);
	regs->a[0] = ret;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EPOCH_END                                                       */

void smc_mig_epoch_end(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t buf = regs->a[2], ret, e;
	struct mig_epoch_blob t;
	struct mig_session *s;

	memset(regs, 0, sizeof(*regs));
	ret = src_check(rd, ST_EXPORTING, &s);		/* epoch_end.rd, .state */
	if (ret == RMI_SUCCESS && !ns_granule(buf))
		ret = RMI_ERROR_INPUT;			/* epoch_end.buf */
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}
	e = s->epoch;
	memset(&t, 0, sizeof(t));
	mig_hdr_init(s, &t.h, RMI_MIG_BLOB_EPOCH, s->next_counter, e,
		     RMI_MIG_EPOCH_BODY_LEN, false);
	t.b.records = s->epoch_records;
	t.b.content = s->epoch_content;
	t.b.next_epoch = e + 1;
	mig_blob_seal(s, false, &t.h, &t.b, sizeof(t.b));
	ns_granule_write(buf, 0, &t, sizeof(t));
	s->next_counter++;
	s->epoch++;
	s->epochs++;
	s->epoch_records = s->epoch_content = 0;
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = RMI_MIG_EPOCH_LEN;
	regs->a[2] = e;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_PAUSE                                                           */

/* The Realm's virtual counter, CNTVCT_EL0 as its RECs see it. */
static uint64_t realm_cntvct(const struct rmm_realm *rd)
{
	uint64_t off = 0;
	size_t i;

	for (i = 0; i < rd->recs_cap; i++) {
		if (rd->recs && rd->recs[i]) {
			off = rd->recs[i]->ctx.cntvoff;
			break;
		}
	}
	return mig_counter_now() - off;
}

void smc_mig_pause(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	struct mig_session *s;
	uint64_t ret;
	size_t i;

	memset(regs, 0, sizeof(*regs));
	ret = src_check(rd, ST(SRC_PRECOPY), &s);	/* pause.rd, .state */
	if (ret == RMI_SUCCESS && rd->state != REALM_ACTIVE)
		ret = RMI_ERROR_REALM;			/* pause.state */
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}
	for (i = 0; i < rd->recs_cap; i++) {		/* pause.running */
		if (rd->recs && rd->recs[i] && rd->recs[i]->running) {
			regs->a[0] = RMI_ERROR_REC;
			return;
		}
	}
	s->cntvct_at_pause = realm_cntvct(rd);
	s->state = RMI_MIG_SRC_PAUSED;
	regs->a[0] = RMI_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_EXPORT_REC                                                      */

static void rec_body_fill(const struct rmm_rec *rec, struct mig_rec_body *b)
{
	const struct rec_ctx *c = &rec->ctx;

	memset(b, 0, sizeof(*b));
	memcpy(b->gprs, c->gprs, sizeof(b->gprs));
	b->sp_el0 = c->sp_el0;
	b->sp_el1 = c->sp_el1;
	b->pc = c->pc;
	b->pstate = c->pstate;
	b->elr_el1 = c->elr_el1;
	b->spsr_el1 = c->spsr_el1;
	b->esr_el1 = c->esr_el1;
	b->far_el1 = c->far_el1;
	b->sctlr_el1 = c->sctlr_el1;
	b->ttbr0_el1 = c->ttbr0_el1;
	b->ttbr1_el1 = c->ttbr1_el1;
	b->tcr_el1 = c->tcr_el1;
	b->mair_el1 = c->mair_el1;
	b->amair_el1 = c->amair_el1;
	b->vbar_el1 = c->vbar_el1;
	b->contextidr_el1 = c->contextidr_el1;
	b->tpidr_el0 = c->tpidr_el0;
	b->tpidrro_el0 = c->tpidrro_el0;
	b->tpidr_el1 = c->tpidr_el1;
	b->cpacr_el1 = c->cpacr_el1;
	b->par_el1 = c->par_el1;
	b->mdscr_el1 = c->mdscr_el1;
	b->cntkctl_el1 = c->cntkctl_el1;
	b->cntv_ctl_el0 = c->cntv_ctl;
	b->cntv_cval_el0 = c->cntv_cval;
	b->cntp_ctl_el0 = c->cntp_ctl;
	b->cntp_cval_el0 = c->cntp_cval;
	/* AFSR0/1 and CSSELR are not kept by the model: zero. */
	b->cntvoff_src = c->cntvoff;
	memcpy(b->v, c->vregs, sizeof(b->v));
	b->fpsr = c->fpsr;
	b->fpcr = c->fpcr;
	/* No debug or GIC state in the model: zero (section 5.8). */
	b->mpidr = rec->mpidr;
	b->flags = rec->runnable ? RMI_MIG_REC_F_RUNNABLE : 0;
	b->pending = rec->pending;
	b->host_call_ipa = rec->host_call_ipa;
	b->ripas_addr = rec->ripas_addr;
	b->ripas_top = rec->ripas_top;
	b->ripas_value = rec->ripas_value;
	b->ripas_flags = rec->ripas_flags;
	b->ripas_rejected = rec->ripas_rejected;
	b->psci_fid = rec->psci_fid;
	b->psci_target = rec->psci_target;
	b->exit_esr = rec->exit_esr;
	b->exit_far = rec->exit_far;
	b->exit_hpfar = rec->exit_hpfar;
}

void smc_mig_export_rec(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	struct rmm_rec *rec = rec_from_pa(regs->a[2]);
	uint64_t buf = regs->a[3], ret;
	struct mig_session *s;
	struct mig_rec_blob *r;

	memset(regs, 0, sizeof(*regs));
	ret = src_check(rd, ST(SRC_PAUSED), &s);	/* exp_rec.rd, .state */
	if (ret != RMI_SUCCESS)
		goto fail;
	ret = RMI_ERROR_INPUT;
	if (!rec)					/* exp_rec.rec */
		goto fail;
	ret = RMI_ERROR_REC;
	if (rec->rd != rd || rec->mig_done)	/* exp_rec.owner, .exported */
		goto fail;
	ret = RMI_ERROR_INPUT;
	if (!ns_granule(buf))				/* exp_rec.buf */
		goto fail;
	r = malloc(sizeof(*r));
	if (!r) {
		ret = RMI_ERROR_GLOBAL;
		goto fail;
	}
	mig_hdr_init(s, &r->h, RMI_MIG_BLOB_REC, s->next_counter, s->epoch,
		     RMI_MIG_REC_BODY_LEN, false);
	r->h.ipa = rec->mpidr;
	rec_body_fill(rec, &r->b);
	mig_blob_seal(s, false, &r->h, &r->b, sizeof(r->b));
	ns_granule_write(buf, 0, r, sizeof(*r));
	OPENSSL_cleanse(r, sizeof(*r));
	free(r);
	rec->mig_done = true;
	s->next_counter++;
	s->recs++;
	s->epoch_records++;
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = RMI_MIG_REC_LEN;
	return;
fail:
	regs->a[0] = ret;
}

/* ---------------------------------------------------------------------- */
/* RMI_MIG_END                                                             */

void smc_mig_end(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t buf = regs->a[2], ret;
	bool untracked_bad = false;
	struct mig_end_blob t;
	struct mig_session *s;
	size_t i;

	memset(regs, 0, sizeof(*regs));
	ret = src_check(rd, ST(SRC_PAUSED), &s);	/* end.rd, end.state */
	if (ret == RMI_SUCCESS && !ns_granule(buf))
		ret = RMI_ERROR_INPUT;			/* end.buf */
	for (i = 0; ret == RMI_SUCCESS && i < rd->recs_cap; i++)
		if (rd->recs && rd->recs[i] && !rd->recs[i]->mig_done)
			ret = RMI_ERROR_REC;		/* end.recs */
	if (ret == RMI_SUCCESS && mig_unclean(rd))	/* end.unclean */
		ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_INCOMPLETE);
	if (ret == RMI_SUCCESS) {			/* end.untracked */
		walk_prot_entries(rd, find_untracked, &untracked_bad);
		if (untracked_bad)
			ret = RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_INCOMPLETE);
	}
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}
	memset(&t, 0, sizeof(t));
	mig_hdr_init(s, &t.h, RMI_MIG_BLOB_END, s->next_counter, s->epoch,
		     RMI_MIG_END_BODY_LEN, false);
	t.b.content = s->content;
	t.b.state_only = s->state_only;
	t.b.epochs = s->epochs;
	t.b.recs = s->recs;
	t.b.cntvct_at_pause = s->cntvct_at_pause;
	memcpy(t.b.rem, rd->rem, sizeof(t.b.rem));
	mig_blob_seal(s, false, &t.h, &t.b, sizeof(t.b));
	ns_granule_write(buf, 0, &t, sizeof(t));
	OPENSSL_cleanse(&t, sizeof(t));
	s->next_counter++;
	s->state = RMI_MIG_SRC_ENDED;
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = RMI_MIG_END_LEN;
}
