// SPDX-License-Identifier: GPL-2.0
/*
 * Raw-SMC helpers for the reference-platform tests: see util_realm.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util_realm.h"

#define GRANULE		RMM_GRANULE_SIZE
#define UT_LIST_MAX	(GRANULE / sizeof(uint64_t))

/* ---------------------------------------------------------------------- */
/* Model bring-up                                                         */

static uint8_t *ut_used;		/* one byte per DRAM granule */
static size_t ut_nr, ut_hint, ut_allocated;
static uint64_t ut_base;

static void ut_alloc_reset(void)
{
	free(ut_used);
	ut_used = NULL;
	ut_nr = 0;
	ut_hint = 0;
	ut_allocated = 0;
	ut_base = 0;
}

static bool ut_alloc_ready(void)
{
	size_t nr = rmm_dram_size() / GRANULE;

	if (ut_used && ut_nr == nr && ut_base == rmm_dram_base())
		return true;
	ut_alloc_reset();
	if (!nr)
		return false;
	ut_used = calloc(nr, 1);
	if (!ut_used)
		return false;
	ut_nr = nr;
	ut_base = rmm_dram_base();
	return true;
}

bool ut_setup(const struct rmm_config *cfg)
{
	int ret = rmm_init(cfg);

	if (ret) {
		printf("# ut: rmm_init() failed: %d\n", ret);
		return false;
	}
	ut_alloc_reset();
	return ut_alloc_ready();
}

bool ut_teardown(void)
{
	size_t leaked;

	if (ut_allocated)
		printf("# ut: %zu NS granule(s) still allocated at teardown\n",
		       ut_allocated);
	ut_alloc_reset();
	leaked = rmm_fini();
	if (leaked)
		printf("# ut: %zu granule(s) leaked in the model\n", leaked);
	return leaked == 0;
}

bool ut_suite_setup(void)
{
	return ut_setup(NULL);
}

bool ut_suite_teardown(void)
{
	return ut_teardown();
}

/* ---------------------------------------------------------------------- */
/* Raw SMC                                                                */

uint64_t ut_smc(struct rmm_smc_regs *regs)
{
	rmm_smc(regs);
	return regs->a[0];
}

uint64_t ut_smc_out(struct rmm_smc_regs *out, struct rmm_smc_regs in)
{
	rmm_smc(&in);
	if (out)
		*out = in;
	return in.a[0];
}

static uint64_t ut_report(const char *what, uint64_t ret)
{
	if (ret != RMI_SUCCESS)
		printf("# ut: %s returned 0x%llx (status %u, index %u)\n", what,
		       (unsigned long long)ret, UT_STATUS(ret), UT_INDEX(ret));
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Non-secure granules                                                    */

void *ut_va(uint64_t pa)
{
	return rmm_host_va(pa);
}

static size_t ut_index(uint64_t pa)
{
	return (size_t)((pa - ut_base) / GRANULE);
}

/* First fit of @n free granules starting at a multiple of @align. */
static uint64_t ut_alloc_aligned(size_t n, size_t align)
{
	size_t pass, i, j;

	if (!n || !ut_alloc_ready())
		return 0;
	for (pass = 0; pass < 2; pass++) {
		size_t start = pass ? 0 : ut_hint;

		i = (start + align - 1) / align * align;
		while (i + n <= ut_nr) {
			for (j = 0; j < n; j++) {
				uint64_t pa = ut_base + (i + j) * GRANULE;

				if (ut_used[i + j] ||
				    rmm_granule_state(pa) != GRANULE_UNDELEGATED)
					break;
			}
			if (j == n) {
				memset(ut_used + i, 1, n);
				ut_allocated += n;
				ut_hint = i + n;
				memset(ut_va(ut_base + i * GRANULE), 0,
				       n * GRANULE);
				return ut_base + i * GRANULE;
			}
			i = (i + j + 1 + align - 1) / align * align;
		}
	}
	printf("# ut: out of NS granules (%zu wanted)\n", n);
	return 0;
}

uint64_t ut_alloc_granules(size_t n)
{
	return ut_alloc_aligned(n, 1);
}

uint64_t ut_alloc_granule(void)
{
	return ut_alloc_granules(1);
}

void ut_free_granules(uint64_t pa, size_t n)
{
	size_t i, idx;

	if (!pa || !ut_used || pa < ut_base)
		return;
	idx = ut_index(pa);
	for (i = 0; i < n && idx + i < ut_nr; i++) {
		if (!ut_used[idx + i])
			continue;	/* not ours: leave it alone */
		ut_used[idx + i] = 0;
		ut_allocated--;
	}
	if (idx < ut_hint)
		ut_hint = idx;
}

void ut_free_granule(uint64_t pa)
{
	ut_free_granules(pa, 1);
}

size_t ut_nr_allocated(void)
{
	return ut_allocated;
}

static uint64_t ut_range_cmd(uint64_t fid, uint64_t pa, size_t n)
{
	uint64_t top = pa + n * GRANULE;
	struct rmm_smc_regs o;
	uint64_t ret;

	while (pa < top) {
		ret = UT_SMC(&o, fid, pa, top);
		if (ret != RMI_SUCCESS)
			return ret;
		if (o.a[1] <= pa || o.a[1] > top) {
			printf("# ut: bad out_top 0x%llx\n",
			       (unsigned long long)o.a[1]);
			return RMI_ERROR_INPUT;
		}
		pa = o.a[1];
	}
	return RMI_SUCCESS;
}

uint64_t ut_delegate(uint64_t pa, size_t n)
{
	return ut_report("GRANULE_RANGE_DELEGATE",
			 ut_range_cmd(SMC_RMI_GRANULE_RANGE_DELEGATE, pa, n));
}

uint64_t ut_undelegate(uint64_t pa, size_t n)
{
	return ut_report("GRANULE_RANGE_UNDELEGATE",
			 ut_range_cmd(SMC_RMI_GRANULE_RANGE_UNDELEGATE, pa, n));
}

static uint64_t ut_alloc_delegated_aligned(size_t n, size_t align)
{
	uint64_t pa = ut_alloc_aligned(n, align);

	if (!pa)
		return 0;
	if (ut_delegate(pa, n) != RMI_SUCCESS) {
		/* Undelegate whatever part was delegated. */
		size_t i;

		for (i = 0; i < n; i++)
			if (rmm_granule_state(pa + i * GRANULE) ==
			    GRANULE_DELEGATED)
				ut_undelegate(pa + i * GRANULE, 1);
		ut_free_granules(pa, n);
		return 0;
	}
	return pa;
}

uint64_t ut_alloc_delegated(size_t n)
{
	return ut_alloc_delegated_aligned(n, 1);
}

uint64_t ut_undelegate_free(uint64_t pa, size_t n)
{
	uint64_t ret = ut_undelegate(pa, n);

	if (ret == RMI_SUCCESS)
		ut_free_granules(pa, n);
	return ret;
}

uint64_t ut_range_desc(uint64_t pa, uint64_t count, uint64_t state)
{
	return pa | (count << 2) | (state << 62);
}

/* ---------------------------------------------------------------------- */
/* Realms                                                                 */

static uint64_t level_size(int level)
{
	return 1ULL << (12 + 9 * (3 - level));
}

void ut_rtt_geometry(unsigned int s2sz, int *level, unsigned int *num)
{
	int levels = ((int)s2sz - 4 - 4) / 9;
	int sl = 4 - levels;
	int sl_bits = (3 - sl) * 9 + 12 + 9;

	if (level)
		*level = sl;
	if (num)
		*num = (int)s2sz > sl_bits ? 1U << (s2sz - sl_bits) : 1;
}

void ut_realm_init(struct ut_realm *r, const struct ut_realm_params *p)
{
	memset(r, 0, sizeof(*r));
	if (p)
		r->p = *p;
	if (!r->p.s2sz)
		r->p.s2sz = 40;
	if (!r->p.rtt_level_start && !r->p.rtt_num_start)
		ut_rtt_geometry(r->p.s2sz, &r->p.rtt_level_start,
				&r->p.rtt_num_start);
}

static void put64(uint8_t *base, size_t off, uint64_t v)
{
	memcpy(base + off, &v, sizeof(v));
}

void ut_write_realm_params(uint64_t params_pa, const struct ut_realm_params *p,
			   uint64_t rtt_base)
{
	uint8_t *b = ut_va(params_pa);

	memset(b, 0, GRANULE);
	put64(b, RMI_REALM_PARAMS_FLAGS0, p->flags0);
	put64(b, RMI_REALM_PARAMS_S2SZ, p->s2sz);
	put64(b, RMI_REALM_PARAMS_HASH_ALGO, p->hash_algo);
	memcpy(b + RMI_REALM_PARAMS_RPV, p->rpv, sizeof(p->rpv));
	put64(b, RMI_REALM_PARAMS_RTT_BASE, rtt_base);
	put64(b, RMI_REALM_PARAMS_RTT_LEVEL_START,
	      (uint64_t)(int64_t)p->rtt_level_start);
	put64(b, RMI_REALM_PARAMS_RTT_NUM_START, p->rtt_num_start);
	put64(b, RMI_REALM_PARAMS_FLAGS1, p->flags1);
}

uint64_t ut_realm_create(struct ut_realm *r)
{
	unsigned int num = r->p.rtt_num_start ? r->p.rtt_num_start : 1;
	uint64_t params, ret;

	r->rd = ut_alloc_delegated(1);
	r->rtt_base = ut_alloc_delegated_aligned(num, num);
	params = ut_alloc_granule();
	if (!r->rd || !r->rtt_base || !params) {
		ret = RMI_ERROR_GLOBAL;
		goto err;
	}
	ut_write_realm_params(params, &r->p, r->rtt_base);
	ret = UT_SMC(NULL, SMC_RMI_REALM_CREATE, r->rd, params);
	ut_free_granule(params);
	if (ut_report("REALM_CREATE", ret) != RMI_SUCCESS)
		goto err;
	r->created = true;
	return RMI_SUCCESS;

err:
	if (r->rtt_base)
		ut_undelegate_free(r->rtt_base, num);
	if (r->rd)
		ut_undelegate_free(r->rd, 1);
	ut_free_granule(params);
	r->rd = 0;
	r->rtt_base = 0;
	return ret;
}

static void ut_track_rtt(struct ut_realm *r, uint64_t pa, uint64_t ipa,
			 int level)
{
	if (r->nr_rtts == r->cap_rtts) {
		size_t cap = r->cap_rtts ? 2 * r->cap_rtts : 16;
		struct ut_rtt_rec *n = realloc(r->rtts, cap * sizeof(*n));

		if (!n)
			abort();
		r->rtts = n;
		r->cap_rtts = cap;
	}
	r->rtts[r->nr_rtts].pa = pa;
	r->rtts[r->nr_rtts].ipa = ipa;
	r->rtts[r->nr_rtts].level = level;
	r->nr_rtts++;
}

uint64_t ut_rtt_create(struct ut_realm *r, uint64_t ipa, int level)
{
	uint64_t pa = ut_alloc_delegated(1), ret;

	if (!pa)
		return RMI_ERROR_GLOBAL;
	ipa &= ~(level_size(level - 1) - 1);
	ret = UT_SMC(NULL, SMC_RMI_RTT_CREATE, r->rd, pa, ipa, level);
	if (ret != RMI_SUCCESS) {
		ut_undelegate_free(pa, 1);
		return ret;
	}
	ut_track_rtt(r, pa, ipa, level);
	return RMI_SUCCESS;
}

uint64_t ut_read_entry(struct ut_realm *r, uint64_t ipa, int level,
		       struct ut_rtte *e)
{
	struct rmm_smc_regs o;
	uint64_t ret;

	ret = UT_SMC(&o, SMC_RMI_RTT_READ_ENTRY, r->rd, ipa, level);
	if (e) {
		e->level = (int)o.a[1];
		e->state = o.a[2];
		e->addr = o.a[3];
		e->desc = o.a[3];
		e->ripas = o.a[4];
	}
	return ret;
}

uint64_t ut_rtt_create_to(struct ut_realm *r, uint64_t ipa, int level)
{
	int l;

	for (l = r->p.rtt_level_start + 1; l <= level; l++) {
		uint64_t a = ipa & ~(level_size(l - 1) - 1);
		struct ut_rtte e;
		uint64_t ret;

		ret = ut_read_entry(r, a, l - 1, &e);
		if (ret != RMI_SUCCESS)
			return ut_report("RTT_READ_ENTRY", ret);
		if (e.level == l - 1 && e.state == RMI_TABLE)
			continue;
		ret = ut_rtt_create(r, a, l);
		if (ret != RMI_SUCCESS)
			return ut_report("RTT_CREATE", ret);
	}
	return RMI_SUCCESS;
}

/* Create the RTT the RMI_ERROR_RTT @ret asks for, if there is one. */
static bool ut_fix_rtt(struct ut_realm *r, uint64_t ipa, uint64_t ret)
{
	int level = (int)UT_INDEX(ret);

	if (UT_STATUS(ret) != RMI_ERROR_RTT || level >= 3)
		return false;
	return ut_rtt_create(r, ipa, level + 1) == RMI_SUCCESS;
}

uint64_t ut_init_ripas(struct ut_realm *r, uint64_t base, uint64_t top)
{
	struct rmm_smc_regs o;
	uint64_t ret;

	while (base < top) {
		ret = UT_SMC(&o, SMC_RMI_RTT_INIT_RIPAS, r->rd, base, top);
		if (ret == RMI_SUCCESS) {
			base = o.a[1];
			continue;
		}
		if (!ut_fix_rtt(r, base, ret))
			return ut_report("RTT_INIT_RIPAS", ret);
	}
	return RMI_SUCCESS;
}

uint64_t ut_populate(struct ut_realm *r, uint64_t ipa, const void *buf,
		     size_t len, bool measure)
{
	const uint8_t *p = buf;
	size_t off;

	for (off = 0; off < len; off += GRANULE) {
		size_t chunk = len - off < GRANULE ? len - off : GRANULE;
		uint64_t data, src, ret;

		ret = ut_rtt_create_to(r, ipa + off, 3);
		if (ret != RMI_SUCCESS)
			return ret;
		data = ut_alloc_delegated(1);
		src = ut_alloc_granule();
		if (!data || !src) {
			ut_free_granule(src);
			if (data)
				ut_undelegate_free(data, 1);
			return RMI_ERROR_GLOBAL;
		}
		memcpy(ut_va(src), p + off, chunk);
		ret = UT_SMC(NULL, SMC_RMI_RTT_DATA_MAP_INIT, r->rd, data,
			     ipa + off, src,
			     measure ? RMI_MEASURE_CONTENT :
				       RMI_NO_MEASURE_CONTENT);
		ut_free_granule(src);
		if (ret != RMI_SUCCESS) {
			ut_undelegate_free(data, 1);
			return ut_report("RTT_DATA_MAP_INIT", ret);
		}
	}
	return RMI_SUCCESS;
}

/* Map @n granules from @pa at @ipa with DATA_MAP or UNPROT_MAP. */
static uint64_t ut_map(struct ut_realm *r, uint64_t fid, uint64_t ipa,
		       uint64_t pa, size_t n, uint64_t flags, uint64_t state)
{
	uint64_t top = ipa + n * GRANULE;
	struct rmm_smc_regs o;
	uint64_t ret;

	while (ipa < top) {
		uint64_t cnt = (top - ipa) / GRANULE;

		if (cnt > 0x3ff)
			cnt = 0x3ff;
		ret = UT_SMC(&o, fid, r->rd, ipa, top, flags,
			     ut_range_desc(pa, cnt, state));
		if (ret == RMI_SUCCESS) {
			pa += o.a[1] - ipa;
			ipa = o.a[1];
			continue;
		}
		if (!ut_fix_rtt(r, ipa, ret))
			return ret;
	}
	return RMI_SUCCESS;
}

uint64_t ut_data_map(struct ut_realm *r, uint64_t ipa, size_t n)
{
	uint64_t pa = ut_alloc_delegated(n), ret;

	if (!pa)
		return RMI_ERROR_GLOBAL;
	ret = ut_map(r, SMC_RMI_RTT_DATA_MAP, ipa, pa, n, RMI_ADDR_TYPE_SINGLE,
		     0);
	if (ret != RMI_SUCCESS) {
		size_t i;

		/* Mapped granules go with the realm; give back the rest. */
		for (i = 0; i < n; i++)
			if (rmm_granule_state(pa + i * GRANULE) ==
			    GRANULE_DELEGATED)
				ut_undelegate_free(pa + i * GRANULE, 1);
		return ut_report("RTT_DATA_MAP", ret);
	}
	return RMI_SUCCESS;
}

uint64_t ut_unprot_map(struct ut_realm *r, uint64_t ipa, uint64_t ns_pa,
		       size_t n)
{
	uint64_t flags = RMI_ADDR_TYPE_SINGLE |
			 (6UL << RMI_UNPROT_FLAGS_MEMATTR_SHIFT) |
			 (3UL << RMI_UNPROT_FLAGS_S2AP_SHIFT);

	return ut_report("RTT_UNPROT_MAP",
			 ut_map(r, SMC_RMI_RTT_UNPROT_MAP, ipa, ns_pa, n, flags,
				1));
}

uint64_t ut_realm_activate(struct ut_realm *r)
{
	return ut_report("REALM_ACTIVATE",
			 UT_SMC(NULL, SMC_RMI_REALM_ACTIVATE, r->rd));
}

void ut_realm_track_rec(struct ut_realm *r, uint64_t rec_pa)
{
	if (r->nr_recs < UT_MAX_RECS)
		r->recs[r->nr_recs++] = rec_pa;
	else
		printf("# ut: too many RECs to track\n");
}

uint64_t ut_realm_build(struct ut_realm *r, const struct ut_realm_params *p,
			uint64_t ipa, uint64_t ram, const void *img,
			size_t img_len, bool activate)
{
	uint64_t ret;

	ut_realm_init(r, p);
	ret = ut_realm_create(r);
	if (ret != RMI_SUCCESS)
		return ret;
	if (ram) {
		ret = ut_init_ripas(r, ipa, ipa + ram);
		if (ret != RMI_SUCCESS)
			return ret;
	}
	if (img_len) {
		ret = ut_populate(r, ipa, img, img_len, true);
		if (ret != RMI_SUCCESS)
			return ret;
	}
	return activate ? ut_realm_activate(r) : RMI_SUCCESS;
}

/* Unmap every DATA granule of the realm, undelegating and freeing them. */
static uint64_t ut_unmap_all_data(struct ut_realm *r)
{
	uint64_t addr = 0, top = 1ULL << (r->p.s2sz - 1);
	uint64_t list = ut_alloc_granule(), first = RMI_SUCCESS;
	const uint64_t *d = ut_va(list);

	if (!list)
		return RMI_ERROR_GLOBAL;
	while (addr < top) {
		struct rmm_smc_regs o;
		uint64_t ret, i;

		ret = UT_SMC(&o, SMC_RMI_RTT_DATA_UNMAP, r->rd, addr, top,
			     RMI_ADDR_TYPE_LIST |
			     (UT_LIST_MAX << RMI_MAP_FLAGS_LIST_COUNT_SHIFT),
			     list);
		if (ret != RMI_SUCCESS || o.a[1] <= addr) {
			first = ut_report("RTT_DATA_UNMAP", ret ? ret :
					  RMI_ERROR_INPUT);
			break;
		}
		for (i = 0; i < o.a[3]; i++) {
			uint64_t pa = RMI_ADDR_RANGE_ADDR(d[i]);
			uint64_t n = RMI_ADDR_RANGE_COUNT(d[i]);

			if (ut_undelegate_free(pa, n) != RMI_SUCCESS &&
			    first == RMI_SUCCESS)
				first = RMI_ERROR_INPUT;
		}
		addr = o.a[1];
	}
	ut_free_granule(list);
	return first;
}

static uint64_t ut_unmap_all_ns(struct ut_realm *r)
{
	uint64_t addr = 1ULL << (r->p.s2sz - 1), top = 1ULL << r->p.s2sz;

	while (addr < top) {
		struct rmm_smc_regs o;
		uint64_t ret;

		ret = UT_SMC(&o, SMC_RMI_RTT_UNPROT_UNMAP, r->rd, addr, top,
			     RMI_ADDR_TYPE_NONE, 0);
		if (ret != RMI_SUCCESS || o.a[1] <= addr)
			return ut_report("RTT_UNPROT_UNMAP",
					 ret ? ret : RMI_ERROR_INPUT);
		addr = o.a[1];
	}
	return RMI_SUCCESS;
}

/*
 * Destroy every RTT at @level in [@start, @end), deeper ones first, like
 * the upstream host's teardown: RTT_DESTROY; when the table is live,
 * recurse one level down and retry; when it is missing, skip to x2.
 */
static uint64_t ut_destroy_rtts(struct ut_realm *r, int level,
				uint64_t start, uint64_t end)
{
	uint64_t size = level_size(level - 1), addr = start, next;

	while (addr < end) {
		struct rmm_smc_regs o;
		uint64_t ret;

		next = addr + size;
		ret = UT_SMC(&o, SMC_RMI_RTT_DESTROY, r->rd, addr, level);
		if (ret == RMI_SUCCESS) {
			ut_undelegate_free(o.a[1], 1);
			next = o.a[2] > addr ? o.a[2] : next;
		} else if (UT_STATUS(ret) == RMI_ERROR_RTT &&
			   (int)UT_INDEX(ret) == level && level < 3) {
			ret = ut_destroy_rtts(r, level + 1, addr, addr + size);
			if (ret != RMI_SUCCESS)
				return ret;
			next = addr;	/* retry now that it is empty */
		} else if (UT_STATUS(ret) == RMI_ERROR_RTT &&
			   (int)UT_INDEX(ret) < level) {
			next = o.a[2] > addr ? o.a[2] : next;
		} else {
			return ut_report("RTT_DESTROY", ret);
		}
		addr = next;
	}
	return RMI_SUCCESS;
}

uint64_t ut_realm_teardown(struct ut_realm *r)
{
	unsigned int num = r->p.rtt_num_start ? r->p.rtt_num_start : 1;
	uint64_t first = RMI_SUCCESS, ret;
	unsigned int i;

#define UT_KEEP(x)					\
	do {						\
		ret = (x);				\
		if (first == RMI_SUCCESS)		\
			first = ret;			\
	} while (0)
	if (!r->created)
		goto out;
	UT_KEEP(ut_unmap_all_data(r));
	UT_KEEP(ut_unmap_all_ns(r));
	for (i = 0; i < r->nr_recs; i++) {
		ret = ut_report("REC_DESTROY",
				UT_SMC(NULL, SMC_RMI_REC_DESTROY, r->recs[i]));
		if (ret == RMI_SUCCESS)
			ret = ut_undelegate_free(r->recs[i], 1);
		UT_KEEP(ret);
	}
	r->nr_recs = 0;
	UT_KEEP(ut_report("REALM_TERMINATE",
			  UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, r->rd)));
	UT_KEEP(ut_destroy_rtts(r, r->p.rtt_level_start + 1, 0,
				1ULL << r->p.s2sz));
	ret = ut_report("REALM_DESTROY",
			UT_SMC(NULL, SMC_RMI_REALM_DESTROY, r->rd));
	UT_KEEP(ret);
	if (ret == RMI_SUCCESS) {
		UT_KEEP(ut_undelegate_free(r->rtt_base, num));
		UT_KEEP(ut_undelegate_free(r->rd, 1));
		r->rd = 0;
		r->rtt_base = 0;
		r->created = false;
	}
#undef UT_KEEP
out:
	free(r->rtts);
	r->rtts = NULL;
	r->nr_rtts = 0;
	r->cap_rtts = 0;
	return first;
}
