// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model: Realm Translation Tables, RIPAS, DATA and
 * unprotected mappings.
 *
 * An RTT is a struct rmm_rtt owned by its RTT granule (granule->obj); its
 * 512 entries carry the RMM's view (HIPAS state, RIPAS, output address).
 * UNASSIGNED entries may live at any level and carry a RIPAS for the
 * whole range they cover; mappings (ASSIGNED, ASSIGNED_NS) are 4 KiB at
 * level 3 only. Block mappings are not modelled: a DATA_MAP/UNPROT_MAP
 * descriptor with a block size other than 4 KiB is RMI_ERROR_INPUT, and
 * RTT_FOLD of a fully assigned table (which would create a block) is
 * RMI_ERROR_RTT(level), the answer a host already handles as "cannot
 * fold". Every command that changes a mapping or a RIPAS calls
 * realm_s2_invalidate() for the range it changed.
 *
 * "Walk level" below is the level of the last entry a walk reached (the
 * walk stops at the requested level or at the first non-TABLE entry).
 * "Structure checks" (RTT_CREATE/DESTROY/FOLD): level in
 * [start level + 1, 3], ipa aligned to the size of an entry at level - 1
 * and below 2^s2sz. "Range checks" (map/unmap): base and top granule
 * aligned, base < top, base and top - 4 KiB below 2^s2sz and both in the
 * protected half (DATA_*) or both in the unprotected half (UNPROT_*).
 *
 * RMI_RTT_CREATE (rd, rtt, ipa, level)
 *   1. rd is not an RD                                   INPUT
 *   2. rtt is not a DELEGATED DRAM granule               INPUT
 *   3. structure checks                                  INPUT
 *   4. walk to level - 1 stops above it                  RTT(walk level)
 *   5. the entry at level - 1 is already a TABLE         RTT(level - 1)
 *   The new table inherits the parent entry (UNASSIGNED with its RIPAS,
 *   or UNASSIGNED_NS) in all 512 entries.
 *
 * RMI_RTT_DESTROY (rd, ipa, level) -> x1 rtt, x2 top
 *   1. rd is not an RD                                   INPUT, x2 = 0
 *   2. structure checks                                  INPUT, x2 = 0
 *   3. walk to level - 1 stops above it, or the entry is not a TABLE
 *                                        RTT(walk level), x2 = skip(walk)
 *   4. the table has a live entry (ASSIGNED*, TABLE)     RTT(level), x2 = ipa
 *   The parent entry becomes UNASSIGNED with RIPAS DESTROYED (protected)
 *   or UNASSIGNED_NS; x2 = skip(parent). skip(e) is the address after the
 *   run of non-live entries that starts at entry e of its table (e itself
 *   if e is live), which lets a host skip holes while tearing down.
 *
 * RMI_RTT_FOLD (rd, ipa, level) -> x1 rtt
 *   1-2. as RTT_DESTROY                                  INPUT
 *   3. walk to level - 1 stops above it                  RTT(walk level)
 *   4. the entry at level - 1 is not a TABLE             RTT(level - 1)
 *   5. the table is not homogeneous: all entries UNASSIGNED with one RIPAS
 *      or all UNASSIGNED_NS (fully ASSIGNED tables: blocks not modelled)
 *                                                        RTT(level)
 *
 * RMI_RTT_READ_ENTRY (rd, ipa, level) -> x1 walk level, x2 state, x3 desc,
 * x4 ripas
 *   1. rd is not an RD                                   INPUT
 *   2. level outside [start level, 3], ipa not aligned to level or not
 *      below 2^s2sz                                      INPUT
 *   x3 is the output address (DATA granule or next-level RTT), for
 *   ASSIGNED_NS the host's descriptor: PA | MemAttr << 2 | S2AP << 6;
 *   x4 is EMPTY for unprotected entries and tables.
 *
 * RMI_RTT_INIT_RIPAS (rd, base, top) -> x1 out_top
 *   1. top <= base                                       INPUT
 *   2. rd is not an RD                                   INPUT
 *   3. base/top not granule aligned, top - 4 KiB not below 2^s2sz, or not
 *      protected                                         INPUT
 *   4. realm state is not NEW                            REALM
 *   5. base not aligned to the walk level                RTT(walk level)
 *   6. no progress: the first entry crosses top, or has RIPAS DESTROYED
 *                                                        RTT(walk level)
 *   EMPTY becomes RAM on UNASSIGNED and ASSIGNED entries of the table the
 *   walk reached, up to top or the end of that table; RAM entries are
 *   passed over. The RIM is extended with [base, out_top).
 *
 * RMI_RTT_SET_RIPAS (rd, rec, base, top) -> x1 out_top
 *   1. top <= base, or top not granule aligned           INPUT
 *   2. rd is not an RD, or rec is not a REC              INPUT
 *   3. the REC is running                                REC
 *   4. the REC belongs to another realm                  REC
 *   5. no RSI_IPA_STATE_SET pending on the REC, base is not the REC's next
 *      address, or top is above the requested top       INPUT
 *   6. base not aligned to the walk level                RTT(walk level)
 *   7. no progress: the first entry crosses top, or is DESTROYED and the
 *      request has RSI_NO_CHANGE_DESTROYED               RTT(walk level)
 *   The REC's next address (rec->ripas_addr) advances to out_top; the REC
 *   reports completion to the realm on its next entry. ASSIGNED entries
 *   keep their DATA: RAM -> EMPTY makes them inaccessible to the realm
 *   until the host unmaps them.
 *
 * RMI_RTT_DATA_MAP_INIT (rd, data, ipa, src, flags)
 *   1. flags neither RMI_NO_MEASURE_CONTENT nor RMI_MEASURE_CONTENT INPUT
 *   2. src is not an UNDELEGATED DRAM granule            INPUT
 *   3. rd is not an RD                                   INPUT
 *   4. realm state is not NEW                            REALM
 *   5. ipa not granule aligned, not below 2^s2sz or not protected INPUT
 *   6. walk to level 3 stops above it                    RTT(walk level)
 *   7. the entry is not UNASSIGNED                       RTT(3)
 *   8. data is not a DELEGATED DRAM granule              INPUT
 *   The entry becomes ASSIGNED with RIPAS RAM whatever its RIPAS was (the
 *   upstream host populates before it calls RTT_INIT_RIPAS). The RIM is
 *   extended with (ipa, flags, SHA of the content if measured, else 0).
 *
 * RMI_RTT_DATA_MAP / RMI_RTT_UNPROT_MAP (rd, base, top, flags, oaddr)
 *   -> x1 out_top. flags[1:0] is SINGLE (oaddr is one RmiAddrRange) or
 *   LIST (flags[15:2] ranges in the NS granule at oaddr, 8-byte aligned,
 *   clipped at the end of that granule).
 *   1. rd is not an RD                                   INPUT
 *   2. realm state is neither NEW nor ACTIVE             REALM
 *   3. top <= base                                       INPUT
 *   4. bad oaddr type, empty or unreadable list          INPUT
 *   5. first range: state not DELEGATED (DATA_MAP only) or block size
 *      not 4 KiB                                         INPUT
 *   6. UNPROT_MAP: S2AP bits other than read/write       INPUT
 *   7. range checks                                      INPUT
 *   8. walk to level 3 stops above it                    RTT(walk level)
 *   Then one granule per entry from base up to top, the end of the level 3
 *   table, or the end of the ranges. Per entry, stopping conditions:
 *   a range not DELEGATED (DATA) or not 4 KiB (INPUT); DATA: the granule
 *   is not DELEGATED (INPUT); the entry is not UNASSIGNED (resp.
 *   UNASSIGNED_NS) unless it already maps that very PA (and, NS, the same
 *   attributes), which is accepted again (RTT(3)); UNPROT: PA not DRAM
 *   (INPUT). If nothing was mapped the stopping condition is returned,
 *   else RMI_SUCCESS with out_top. DATA_MAP zeroes each granule (its
 *   contents are unknown to the realm) and keeps the entry's RIPAS.
 *
 * RMI_RTT_DATA_UNMAP / RMI_RTT_UNPROT_UNMAP (rd, base, top, flags, oaddr)
 *   -> x1 out_top, x2 RmiAddrRange (SINGLE), x3 ranges written (LIST)
 *   1. rd is not an RD                                   INPUT
 *   2. range checks                                      INPUT
 *   3. flags[1:0] NONE or SINGLE with oaddr or flags[15:2] non-zero; LIST
 *      with a zero count, an unaligned oaddr or oaddr not in an
 *      UNDELEGATED granule; any other type               INPUT
 *   4. base not aligned to the walk level                RTT(walk level)
 *   5. the first entry examined is non-live and crosses top
 *                                                        RTT(walk level)
 *   Then from base, within the table the walk reached, up to top: non-live
 *   entries are passed over, ASSIGNED (resp. ASSIGNED_NS) entries are
 *   unmapped, and the sweep stops at a TABLE, at a PA discontinuity
 *   (SINGLE) or when LIST runs out of ranges. DATA_UNMAP returns the
 *   granules to DELEGATED (state 0 in the ranges), RIPAS RAM becomes
 *   DESTROYED, EMPTY stays EMPTY; UNPROT_UNMAP reports the NS granules
 *   with state UNDELEGATED. NONE reports nothing.
 *
 * Not modelled: block mappings (see above), RMI_INCOMPLETE/RMI_OP_CONTINUE
 * (every command completes in one call), drain-pending RMI_BUSY, auxiliary
 * RTTs and planes, device memory, LPA2.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mig_internal.h"

#define RANGE_STATE_DELEGATED	0
#define RANGE_STATE_UNDELEGATED	1
#define RANGE_COUNT_MAX		0x3ff
#define RANGE_LIST_MAX		(RMM_GRANULE_SIZE / sizeof(uint64_t))
/* RmiS2ap, direct encoding */
#define NS_S2AP_READ		(1UL << 1)
#define NS_S2AP_WRITE		(1UL << 0)
#define NS_S2AP_MASK		(NS_S2AP_READ | NS_S2AP_WRITE)

static unsigned int level_shift(int level)
{
	return RMM_GRANULE_SHIFT + 9 * (RTT_PAGE_LEVEL - level);
}

uint64_t rtt_level_size(int level)
{
	return 1ULL << level_shift(level);
}

static struct rmm_rtt *rtt_at(uint64_t pa)
{
	struct granule *g = granule_at(pa);

	return g && g->state == GRANULE_RTT ? g->obj : NULL;
}

void rtt_walk(struct rmm_realm *rd, uint64_t ipa, int max_level,
	      struct rtt_walk *w)
{
	int level = rd->rtt_level_start;
	uint64_t root = ipa >> (level_shift(level) + 9);
	struct rmm_rtt *rtt;
	unsigned int idx;

	/* Callers check the range; stay inside the tables regardless. */
	if (root >= rd->rtt_num_start)
		root = rd->rtt_num_start - 1;
	rtt = rtt_at(rd->rtt_base + root * RMM_GRANULE_SIZE);
	for (;;) {
		idx = (ipa >> level_shift(level)) & (RTT_ENTRIES - 1);
		if (level >= max_level || rtt->e[idx].state != RTTE_TABLE)
			break;
		rtt = rtt_at(rtt->e[idx].addr);
		level++;
	}
	w->rtt = rtt;
	w->idx = idx;
	w->level = level;
	w->entry = &rtt->e[idx];
}

static bool rtte_live(const struct rtt_entry *e)
{
	return e->state == RTTE_ASSIGNED || e->state == RTTE_ASSIGNED_NS ||
	       e->state == RTTE_TABLE;
}

/* Write entry @idx of @rtt, keeping the live count. */
static void rtte_set(struct rmm_rtt *rtt, unsigned int idx,
		     enum rmm_rtte_state state, uint8_t ripas, uint64_t addr,
		     uint64_t attr)
{
	struct rtt_entry *e = &rtt->e[idx];

	if (rtte_live(e))
		rtt->nr_live--;
	e->state = state;
	e->ripas = ripas;
	e->addr = addr;
	e->attr = attr;
	if (rtte_live(e))
		rtt->nr_live++;
}

/* IPA of entry @idx of @rtt. */
static uint64_t rtte_ipa(const struct rmm_rtt *rtt, unsigned int idx)
{
	return rtt->base + (uint64_t)idx * rtt_level_size(rtt->level);
}

/* Address after the non-live run starting at entry @idx of @rtt. */
static uint64_t skip_non_live(const struct rmm_rtt *rtt, unsigned int idx,
			      uint64_t ipa)
{
	unsigned int i;

	if (rtte_live(&rtt->e[idx]))
		return ipa;
	for (i = idx + 1; i < RTT_ENTRIES; i++)
		if (rtte_live(&rtt->e[i]))
			break;
	return rtte_ipa(rtt, i);
}

static bool structure_args_ok(const struct rmm_realm *rd, uint64_t ipa,
			      int64_t level)
{
	if (level < rd->rtt_level_start + 1 || level > RTT_PAGE_LEVEL)
		return false;
	return ALIGNED(ipa, rtt_level_size((int)level - 1)) &&
	       ipa_in_range(rd, ipa);
}

/* ---------------------------------------------------------------------- */

void smc_rtt_create(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t rtt_pa = regs->a[2], ipa = regs->a[3];
	int64_t level = (int64_t)regs->a[4];
	struct granule *g = granule_at(rtt_pa);
	struct rtt_entry *pe;
	struct rmm_rtt *rtt;
	struct rtt_walk w;
	unsigned int i;

	if (!rd || !g || g->state != GRANULE_DELEGATED ||
	    !structure_args_ok(rd, ipa, level)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	rtt_walk(rd, ipa, (int)level - 1, &w);
	if (w.level < level - 1) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	pe = w.entry;
	if (pe->state != RTTE_UNASSIGNED && pe->state != RTTE_UNASSIGNED_NS) {
		/* TABLE; block mappings never exist in the model. */
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, level - 1);
		return;
	}

	rtt = calloc(1, sizeof(*rtt));
	if (!rtt) {
		regs->a[0] = RMI_ERROR_GLOBAL;
		return;
	}
	rtt->pa = rtt_pa;
	rtt->rd = rd;
	rtt->level = (int)level;
	rtt->base = ipa;
	for (i = 0; i < RTT_ENTRIES; i++) {
		rtt->e[i].state = pe->state;
		rtt->e[i].ripas = pe->ripas;
		rtt->e[i].mig = pe->mig;	/* RMI-MIG: inherited */
	}
	granule_set_state(g, GRANULE_RTT);
	g->obj = rtt;
	rtte_set(w.rtt, w.idx, RTTE_TABLE, 0, rtt_pa, 0);
	realm_s2_invalidate(rd, ipa, ipa + rtt_level_size((int)level - 1));
	regs->a[0] = RMI_SUCCESS;
}

/* Free RTT @rtt and return its granule to DELEGATED. */
static void rtt_free(struct rmm_rtt *rtt)
{
	struct granule *g = granule_at(rtt->pa);

	memset(granule_va(rtt->pa), 0, RMM_GRANULE_SIZE);
	g->obj = NULL;
	granule_set_state(g, GRANULE_DELEGATED);
	free(rtt);
}

void smc_rtt_destroy(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t ipa = regs->a[2];
	int64_t level = (int64_t)regs->a[3];
	struct rmm_rtt *child;
	struct rtt_walk w;
	uint64_t rtt_pa;

	regs->a[1] = 0;
	regs->a[2] = 0;
	if (!rd || !structure_args_ok(rd, ipa, level)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	/* RMI-MIG rmi.rtt_destroy */
	if (mig_rmi_refused(rd, MIG_RMI_RTT_DESTROY)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	rtt_walk(rd, ipa, (int)level - 1, &w);
	if (w.level < level - 1 || w.entry->state != RTTE_TABLE) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		regs->a[2] = skip_non_live(w.rtt, w.idx, ipa);
		return;
	}
	child = rtt_at(w.entry->addr);
	if (child->nr_live) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, level);
		regs->a[2] = ipa;
		return;
	}

	rtt_pa = child->pa;
	if (ipa_is_protected(rd, ipa))
		rtte_set(w.rtt, w.idx, RTTE_UNASSIGNED, RIPAS_DESTROYED, 0, 0);
	else
		rtte_set(w.rtt, w.idx, RTTE_UNASSIGNED_NS, 0, 0, 0);
	w.entry->mig = mig_destroy_state(child);	/* RMI-MIG: modified */
	rtt_free(child);
	realm_s2_invalidate(rd, ipa, ipa + rtt_level_size((int)level - 1));
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = rtt_pa;
	regs->a[2] = skip_non_live(w.rtt, w.idx, ipa);
}

void smc_rtt_fold(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t ipa = regs->a[2];
	int64_t level = (int64_t)regs->a[3];
	struct rmm_rtt *child;
	struct rtt_entry first;
	struct rtt_walk w;
	uint64_t rtt_pa;
	unsigned int i;

	regs->a[1] = 0;
	if (!rd || !structure_args_ok(rd, ipa, level)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	rtt_walk(rd, ipa, (int)level - 1, &w);
	if (w.level < level - 1) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	if (w.entry->state != RTTE_TABLE) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, level - 1);
		return;
	}
	child = rtt_at(w.entry->addr);
	first = child->e[0];
	for (i = 0; i < RTT_ENTRIES; i++) {
		const struct rtt_entry *e = &child->e[i];

		if (child->nr_live || e->state != first.state ||
		    (e->state == RTTE_UNASSIGNED && e->ripas != first.ripas))
			break;
	}
	if (i < RTT_ENTRIES) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, level);
		return;
	}

	rtt_pa = child->pa;
	rtte_set(w.rtt, w.idx, first.state, first.ripas, 0, 0);
	w.entry->mig = mig_fold_state(child);
	rtt_free(child);
	realm_s2_invalidate(rd, ipa, ipa + rtt_level_size((int)level - 1));
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = rtt_pa;
}

void smc_rtt_read_entry(struct rmm_smc_regs *regs)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t ipa = regs->a[2];
	int64_t level = (int64_t)regs->a[3];
	const struct rtt_entry *e;
	struct rtt_walk w;

	if (!rd || level < rd->rtt_level_start || level > RTT_PAGE_LEVEL ||
	    !ALIGNED(ipa, rtt_level_size((int)level)) ||
	    !ipa_in_range(rd, ipa)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	rtt_walk(rd, ipa, (int)level, &w);
	e = w.entry;
	regs->a[1] = (uint64_t)w.level;
	regs->a[3] = 0;
	regs->a[4] = RIPAS_EMPTY;
	switch (e->state) {
	case RTTE_UNASSIGNED:
		regs->a[2] = RMI_UNASSIGNED;
		regs->a[4] = e->ripas;
		break;
	case RTTE_ASSIGNED:
		regs->a[2] = RMI_ASSIGNED;
		regs->a[3] = e->addr;
		regs->a[4] = e->ripas;
		break;
	case RTTE_TABLE:
		regs->a[2] = RMI_TABLE;
		regs->a[3] = e->addr;
		break;
	case RTTE_UNASSIGNED_NS:
		regs->a[2] = RMI_UNASSIGNED;
		break;
	case RTTE_ASSIGNED_NS:
		regs->a[2] = RMI_ASSIGNED;
		regs->a[3] = e->addr | e->attr;
		break;
	}
	regs->a[0] = RMI_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* RIPAS                                                                  */

/* Granule-aligned [base, top) inside the protected IPA space. */
static bool prot_range_ok(const struct rmm_realm *rd, uint64_t base,
			  uint64_t top)
{
	return ALIGNED(base, RMM_GRANULE_SIZE) &&
	       ALIGNED(top, RMM_GRANULE_SIZE) && base < top &&
	       ipa_is_protected(rd, base) &&
	       ipa_is_protected(rd, top - RMM_GRANULE_SIZE);
}

void smc_rtt_init_ripas(struct rmm_smc_regs *regs)
{
	uint64_t base = regs->a[2], top = regs->a[3];
	struct rmm_realm *rd;
	uint64_t addr, size, range[2];
	struct rtt_walk w;
	unsigned int idx;

	if (top <= base) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	rd = realm_from_rd(regs->a[1]);
	if (!rd || !prot_range_ok(rd, base, top)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	/* RMI-MIG rmi.init_ripas */
	if (mig_rmi_refused(rd, MIG_RMI_INIT_RIPAS)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	if (rd->state != REALM_NEW) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	rtt_walk(rd, base, RTT_PAGE_LEVEL, &w);
	size = rtt_level_size(w.level);
	if (!ALIGNED(base, size)) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	addr = base;
	for (idx = w.idx; idx < RTT_ENTRIES && addr + size <= top; idx++) {
		struct rtt_entry *e = &w.rtt->e[idx];

		if ((e->state != RTTE_UNASSIGNED &&
		     e->state != RTTE_ASSIGNED) || e->ripas == RIPAS_DESTROYED)
			break;
		e->ripas = RIPAS_RAM;
		addr += size;
	}
	if (addr == base) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	range[0] = base;
	range[1] = addr;
	rim_extend(rd, "RIPAS_INIT", range, sizeof(range));
	realm_s2_invalidate(rd, base, addr);
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = addr;
}

/*
 * Apply a realm-requested RIPAS change to @e. Return: false if the entry
 * blocks the change (DESTROYED with RSI_NO_CHANGE_DESTROYED).
 */
static bool ripas_change(struct rtt_entry *e, uint8_t ripas,
			 bool change_destroyed)
{
	if (e->state != RTTE_UNASSIGNED && e->state != RTTE_ASSIGNED)
		return false;
	if (ripas == RIPAS_RAM && e->ripas == RIPAS_DESTROYED &&
	    !change_destroyed)
		return false;
	e->ripas = ripas;
	return true;
}

void smc_rtt_set_ripas(struct rmm_smc_regs *regs)
{
	uint64_t base = regs->a[3], top = regs->a[4];
	struct rmm_realm *rd;
	struct rmm_rec *rec;
	uint64_t addr, size;
	bool change_destroyed;
	struct rtt_walk w;
	unsigned int idx;

	if (top <= base || !ALIGNED(top, RMM_GRANULE_SIZE)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	rd = realm_from_rd(regs->a[1]);
	rec = rec_from_pa(regs->a[2]);
	if (!rd || !rec) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	/* RMI-MIG rmi.set_ripas, rmi.dst_set_ripas */
	if (mig_rmi_refused(rd, MIG_RMI_SET_RIPAS)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	if (rec->running || rec->rd != rd) {
		regs->a[0] = RMI_ERROR_REC;
		return;
	}
	if (rec->pending != REC_PENDING_RIPAS || base != rec->ripas_addr ||
	    top > rec->ripas_top ||
	    (rec->ripas_value != RIPAS_EMPTY &&
	     rec->ripas_value != RIPAS_RAM) ||
	    !prot_range_ok(rd, base, top)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	change_destroyed = (rec->ripas_flags & 1) != RSI_NO_CHANGE_DESTROYED;

	rtt_walk(rd, base, RTT_PAGE_LEVEL, &w);
	size = rtt_level_size(w.level);
	if (!ALIGNED(base, size)) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	addr = base;
	for (idx = w.idx; idx < RTT_ENTRIES && addr + size <= top; idx++) {
		if (!ripas_change(&w.rtt->e[idx], rec->ripas_value,
				  change_destroyed))
			break;
		mig_rtte_modified(rd, &w.rtt->e[idx]);
		addr += size;
	}
	if (addr == base) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	rec->ripas_addr = addr;
	realm_s2_invalidate(rd, base, addr);
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = addr;
}

/* ---------------------------------------------------------------------- */
/* DATA_MAP_INIT                                                          */

void smc_rtt_data_map_init(struct rmm_smc_regs *regs)
{
	uint64_t data_pa = regs->a[2], ipa = regs->a[3], src = regs->a[4];
	uint64_t flags = regs->a[5];
	struct granule *g_src = granule_at(src), *g_data;
	struct {
		uint64_t ipa, flags;
		uint8_t hash[64];
	} m;
	struct rmm_realm *rd;
	struct rtt_walk w;
	void *data;

	if (flags != RMI_NO_MEASURE_CONTENT && flags != RMI_MEASURE_CONTENT) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	if (!g_src || g_src->state != GRANULE_UNDELEGATED) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	rd = realm_from_rd(regs->a[1]);
	if (!rd) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	if (rd->state != REALM_NEW) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	if (!prot_range_ok(rd, ipa, ipa + RMM_GRANULE_SIZE)) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	/* RMI-MIG rmi.data_map_init */
	if (mig_rmi_refused(rd, MIG_RMI_DATA_MAP_INIT)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	rtt_walk(rd, ipa, RTT_PAGE_LEVEL, &w);
	if (w.level != RTT_PAGE_LEVEL) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	if (w.entry->state != RTTE_UNASSIGNED) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, RTT_PAGE_LEVEL);
		return;
	}
	g_data = granule_at(data_pa);
	if (!g_data || g_data->state != GRANULE_DELEGATED) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}

	data = granule_va(data_pa);
	memcpy(data, granule_va(src), RMM_GRANULE_SIZE);
	memset(&m, 0, sizeof(m));
	m.ipa = ipa;
	m.flags = flags;
	if (flags == RMI_MEASURE_CONTENT &&
	    !EVP_Digest(data, RMM_GRANULE_SIZE, m.hash, NULL,
			rd->hash_algo == RMI_HASH_SHA_512 ?
			EVP_sha512() : EVP_sha256(), NULL))
		abort();
	rim_extend(rd, "DATA", &m, sizeof(m));

	granule_set_state(g_data, GRANULE_DATA);
	g_data->obj = rd;
	rd->nr_data++;
	rtte_set(w.rtt, w.idx, RTTE_ASSIGNED, RIPAS_RAM, data_pa, 0);
	realm_s2_invalidate(rd, ipa, ipa + RMM_GRANULE_SIZE);
	regs->a[0] = RMI_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* Address range descriptors                                              */

struct range_list {
	uint64_t d[RANGE_LIST_MAX];
	unsigned int n;		/* descriptors */
	unsigned int cur;	/* descriptor being consumed */
	uint64_t used;		/* blocks already taken from d[cur] */
};

/* Load the SINGLE or LIST descriptors of a map command. */
static bool range_list_load(struct range_list *l, uint64_t flags,
			    uint64_t oaddr)
{
	uint64_t type = flags & RMI_MAP_FLAGS_OADDR_TYPE_MASK;
	uint64_t count = (flags >> RMI_MAP_FLAGS_LIST_COUNT_SHIFT) &
			 RMI_MAP_FLAGS_LIST_COUNT_MASK;
	uint64_t off = oaddr & (RMM_GRANULE_SIZE - 1);

	memset(l, 0, sizeof(*l));
	if (type == RMI_ADDR_TYPE_SINGLE) {
		l->d[0] = oaddr;
		l->n = 1;
		return true;
	}
	if (type != RMI_ADDR_TYPE_LIST || !ALIGNED(off, sizeof(uint64_t)))
		return false;
	if (count > (RMM_GRANULE_SIZE - off) / sizeof(uint64_t))
		count = (RMM_GRANULE_SIZE - off) / sizeof(uint64_t);
	if (!count ||
	    !ns_granule_read(oaddr - off, off, l->d, count * sizeof(uint64_t)))
		return false;
	l->n = (unsigned int)count;
	return true;
}

/*
 * Take the next 4 KiB block. Return: RMI_SUCCESS with *@pa, or the status
 * that stops the command (INPUT for a malformed or exhausted list).
 */
static uint64_t range_list_next(struct range_list *l, bool want_delegated,
				uint64_t *pa)
{
	uint64_t d;

	while (l->cur < l->n &&
	       l->used >= RMI_ADDR_RANGE_COUNT(l->d[l->cur])) {
		l->cur++;
		l->used = 0;
	}
	if (l->cur >= l->n)
		return RMI_ERROR_INPUT;
	d = l->d[l->cur];
	/* Blocks are not modelled. */
	if (RMI_ADDR_RANGE_BLOCK_SIZE(d) != 0)
		return RMI_ERROR_INPUT;
	if (want_delegated && RMI_ADDR_RANGE_STATE(d) != RANGE_STATE_DELEGATED)
		return RMI_ERROR_INPUT;
	*pa = RMI_ADDR_RANGE_ADDR(d) + l->used * RMM_GRANULE_SIZE;
	l->used++;
	return RMI_SUCCESS;
}

/* Common input checks of DATA_MAP and UNPROT_MAP (conditions 1-8). */
static uint64_t map_prologue(struct rmm_smc_regs *regs, bool prot,
			     struct range_list *l, struct rmm_realm **rdp,
			     struct rtt_walk *w)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t base = regs->a[2], top = regs->a[3];
	uint64_t flags = regs->a[4], oaddr = regs->a[5];
	uint64_t d;

	if (!rd)
		return RMI_ERROR_INPUT;
	if (rd->state != REALM_NEW && rd->state != REALM_ACTIVE)
		return RMI_ERROR_REALM;
	if (top <= base || !range_list_load(l, flags, oaddr))
		return RMI_ERROR_INPUT;
	d = l->d[0];
	if ((prot && RMI_ADDR_RANGE_STATE(d) != RANGE_STATE_DELEGATED) ||
	    RMI_ADDR_RANGE_BLOCK_SIZE(d) != 0)
		return RMI_ERROR_INPUT;
	if (!prot && ((flags >> RMI_UNPROT_FLAGS_S2AP_SHIFT) & 0xf &
		      ~NS_S2AP_MASK))
		return RMI_ERROR_INPUT;
	if (!ALIGNED(base, RMM_GRANULE_SIZE) ||
	    !ALIGNED(top, RMM_GRANULE_SIZE) ||
	    !ipa_in_range(rd, top - RMM_GRANULE_SIZE) ||
	    ipa_is_protected(rd, base) != prot ||
	    ipa_is_protected(rd, top - RMM_GRANULE_SIZE) != prot)
		return RMI_ERROR_INPUT;
	/* RMI-MIG rmi.data_map */
	if (prot && mig_rmi_refused(rd, MIG_RMI_DATA_MAP))
		return RMI_ERROR_REALM;
	rtt_walk(rd, base, RTT_PAGE_LEVEL, w);
	if (w->level != RTT_PAGE_LEVEL)
		return RMI_RETURN(RMI_ERROR_RTT, w->level);
	*rdp = rd;
	return RMI_SUCCESS;
}

/* Map one DATA granule at entry @idx. */
static uint64_t data_map_one(struct rmm_realm *rd, struct rmm_rtt *rtt,
			     unsigned int idx, uint64_t pa)
{
	struct rtt_entry *e = &rtt->e[idx];
	struct granule *g;

	if (e->state == RTTE_ASSIGNED && e->addr == pa)
		return RMI_SUCCESS;	/* already mapped: idempotent */
	if (e->state != RTTE_UNASSIGNED)
		return RMI_RETURN(RMI_ERROR_RTT, RTT_PAGE_LEVEL);
	g = granule_at(pa);
	if (!g || g->state != GRANULE_DELEGATED)
		return RMI_ERROR_INPUT;
	/* Unknown contents: the realm must not see a previous owner's. */
	memset(granule_va(pa), 0, RMM_GRANULE_SIZE);
	granule_set_state(g, GRANULE_DATA);
	g->obj = rd;
	rd->nr_data++;
	rtte_set(rtt, idx, RTTE_ASSIGNED, e->ripas, pa, 0);
	mig_rtte_modified(rd, e);
	return RMI_SUCCESS;
}

/* Map one NS granule at entry @idx with attributes @attr. */
static uint64_t unprot_map_one(struct rmm_rtt *rtt, unsigned int idx,
			       uint64_t pa, uint64_t attr)
{
	struct rtt_entry *e = &rtt->e[idx];

	if (!granule_at(pa))
		return RMI_ERROR_INPUT;
	if (e->state == RTTE_ASSIGNED_NS && e->addr == pa && e->attr == attr)
		return RMI_SUCCESS;
	if (e->state != RTTE_UNASSIGNED_NS)
		return RMI_RETURN(RMI_ERROR_RTT, RTT_PAGE_LEVEL);
	rtte_set(rtt, idx, RTTE_ASSIGNED_NS, 0, pa, attr);
	return RMI_SUCCESS;
}

static void rtt_map(struct rmm_smc_regs *regs, bool prot)
{
	uint64_t base = regs->a[2], top = regs->a[3], flags = regs->a[4];
	uint64_t out_top = base, ret, attr = 0;
	struct rmm_realm *rd = NULL;
	struct range_list l;
	struct rtt_walk w;
	unsigned int idx;

	ret = map_prologue(regs, prot, &l, &rd, &w);
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}
	if (!prot) {
		uint64_t memattr = (flags >> RMI_UNPROT_FLAGS_MEMATTR_SHIFT) &
				   0x7;
		uint64_t s2ap = (flags >> RMI_UNPROT_FLAGS_S2AP_SHIFT) &
				NS_S2AP_MASK;

		/* Stage 2 descriptor: MemAttr[5:2], S2AP[7:6] (R, W). */
		attr = memattr << 2;
		if (s2ap & NS_S2AP_READ)
			attr |= 1UL << 6;
		if (s2ap & NS_S2AP_WRITE)
			attr |= 1UL << 7;
	}
	for (idx = w.idx; idx < RTT_ENTRIES; idx++) {
		uint64_t pa;

		if (out_top + RMM_GRANULE_SIZE > top) {
			ret = RMI_RETURN(RMI_ERROR_RTT, RTT_PAGE_LEVEL);
			break;
		}
		ret = range_list_next(&l, prot, &pa);
		if (ret != RMI_SUCCESS)
			break;
		ret = prot ? data_map_one(rd, w.rtt, idx, pa) :
			     unprot_map_one(w.rtt, idx, pa, attr);
		if (ret != RMI_SUCCESS)
			break;
		out_top += RMM_GRANULE_SIZE;
	}
	if (out_top > base) {
		realm_s2_invalidate(rd, base, out_top);
		regs->a[0] = RMI_SUCCESS;
		regs->a[1] = out_top;
	} else {
		regs->a[0] = ret;
	}
}

void smc_rtt_data_map(struct rmm_smc_regs *regs)
{
	rtt_map(regs, true);
}

void smc_rtt_unprot_map(struct rmm_smc_regs *regs)
{
	rtt_map(regs, false);
}

/* ---------------------------------------------------------------------- */
/* Unmap                                                                  */

/* Output ranges of an unmap command. */
struct range_out {
	uint64_t type;
	unsigned int max;	/* descriptors allowed; 0: unlimited */
	unsigned int n;
	uint64_t state;		/* RANGE_STATE_* reported */
	uint64_t d[RANGE_LIST_MAX];
};

static uint64_t range_desc(uint64_t pa, uint64_t count, uint64_t state)
{
	return pa | (count << 2) | (state << 62);
}

/* Record 4 KiB at @pa. Return: false if it cannot be described. */
static bool range_out_add(struct range_out *o, uint64_t pa)
{
	uint64_t *last = o->n ? &o->d[o->n - 1] : NULL;

	if (o->type == RMI_ADDR_TYPE_NONE)
		return true;
	if (last) {
		uint64_t cnt = RMI_ADDR_RANGE_COUNT(*last);

		if (RMI_ADDR_RANGE_ADDR(*last) + cnt * RMM_GRANULE_SIZE == pa &&
		    cnt < RANGE_COUNT_MAX) {
			*last = range_desc(RMI_ADDR_RANGE_ADDR(*last), cnt + 1,
					   o->state);
			return true;
		}
	}
	if (o->n >= o->max)
		return false;
	o->d[o->n++] = range_desc(pa, 1, o->state);
	return true;
}

static void rtt_unmap(struct rmm_smc_regs *regs, bool prot)
{
	struct rmm_realm *rd = realm_from_rd(regs->a[1]);
	uint64_t base = regs->a[2], top = regs->a[3];
	uint64_t flags = regs->a[4], oaddr = regs->a[5];
	uint64_t type = flags & RMI_MAP_FLAGS_OADDR_TYPE_MASK;
	uint64_t count = (flags >> RMI_MAP_FLAGS_LIST_COUNT_SHIFT) &
			 RMI_MAP_FLAGS_LIST_COUNT_MASK;
	uint64_t off = oaddr & (RMM_GRANULE_SIZE - 1);
	uint64_t addr, size;
	struct range_out o;
	struct rtt_walk w;
	unsigned int idx;

	regs->a[1] = 0;
	regs->a[2] = 0;
	regs->a[3] = 0;
	if (!rd || !ALIGNED(base, RMM_GRANULE_SIZE) ||
	    !ALIGNED(top, RMM_GRANULE_SIZE) || top <= base ||
	    !ipa_in_range(rd, top - RMM_GRANULE_SIZE) ||
	    ipa_is_protected(rd, base) != prot ||
	    ipa_is_protected(rd, top - RMM_GRANULE_SIZE) != prot) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	memset(&o, 0, sizeof(o));
	o.type = type;
	o.state = prot ? RANGE_STATE_DELEGATED : RANGE_STATE_UNDELEGATED;
	switch (type) {
	case RMI_ADDR_TYPE_NONE:
	case RMI_ADDR_TYPE_SINGLE:
		if (oaddr || count) {
			regs->a[0] = RMI_ERROR_INPUT;
			return;
		}
		o.max = 1;
		break;
	case RMI_ADDR_TYPE_LIST:
		if (!count || !ALIGNED(oaddr, sizeof(uint64_t)) ||
		    !granule_at(oaddr - off) ||
		    granule_at(oaddr - off)->state != GRANULE_UNDELEGATED) {
			regs->a[0] = RMI_ERROR_INPUT;
			return;
		}
		o.max = (unsigned int)count;
		if (o.max > (RMM_GRANULE_SIZE - off) / sizeof(uint64_t))
			o.max = (RMM_GRANULE_SIZE - off) / sizeof(uint64_t);
		break;
	default:
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}

	/* RMI-MIG rmi.data_unmap */
	if (prot && mig_rmi_refused(rd, MIG_RMI_DATA_UNMAP)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	rtt_walk(rd, base, RTT_PAGE_LEVEL, &w);
	size = rtt_level_size(w.level);
	if (!ALIGNED(base, size)) {
		regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
		return;
	}
	addr = base;
	for (idx = w.idx; idx < RTT_ENTRIES; idx++) {
		struct rtt_entry *e = &w.rtt->e[idx];
		bool first = idx == w.idx;

		if (!rtte_live(e)) {
			if (addr + size > top) {
				if (first) {
					regs->a[0] = RMI_RETURN(RMI_ERROR_RTT,
								w.level);
					return;
				}
				break;
			}
			addr += size;
			continue;
		}
		if (e->state == RTTE_TABLE) {
			if (first) {
				regs->a[0] = RMI_RETURN(RMI_ERROR_RTT, w.level);
				return;
			}
			break;
		}
		/* Live leaf entries are 4 KiB in the model. */
		if (addr + size > top || !range_out_add(&o, e->addr))
			break;
		if (prot) {
			struct granule *g = granule_at(e->addr);

			g->obj = NULL;
			granule_set_state(g, GRANULE_DELEGATED);
			rd->nr_data--;
			rtte_set(w.rtt, idx, RTTE_UNASSIGNED,
				 e->ripas == RIPAS_EMPTY ? RIPAS_EMPTY :
							   RIPAS_DESTROYED,
				 0, 0);
			mig_rtte_modified(rd, e);
		} else {
			rtte_set(w.rtt, idx, RTTE_UNASSIGNED_NS, 0, 0, 0);
		}
		addr += size;
	}
	if (addr > base)
		realm_s2_invalidate(rd, base, addr);
	regs->a[0] = RMI_SUCCESS;
	regs->a[1] = addr;
	if (type == RMI_ADDR_TYPE_SINGLE && o.n) {
		regs->a[2] = o.d[0];
	} else if (type == RMI_ADDR_TYPE_LIST) {
		if (o.n)
			ns_granule_write(oaddr - off, off, o.d,
					 o.n * sizeof(uint64_t));
		regs->a[3] = o.n;
	}
}

void smc_rtt_data_unmap(struct rmm_smc_regs *regs)
{
	rtt_unmap(regs, true);
}

void smc_rtt_unprot_unmap(struct rmm_smc_regs *regs)
{
	rtt_unmap(regs, false);
}
