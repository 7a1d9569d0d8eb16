// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model: simulated DRAM, granule states, and the granule
 * delegation commands.
 *
 * DRAM is one memfd mapped twice. The host (Non-secure) view is what
 * rmm_host_va() returns; every granule that is not UNDELEGATED is made
 * PROT_NONE in it (when cfg.host_protect), so a host access to Realm PAS
 * memory faults as a Granule Protection Fault would on hardware. The RMM
 * view is always accessible and is the only one the model itself uses.
 *
 * Each isolated PROT_NONE granule splits the host mapping into more VMAs,
 * which the kernel caps at vm.max_map_count (65530 by default). A range is
 * (un)protected with one mprotect() per contiguous run, so contiguous
 * delegations cost nothing; should mprotect() still fail (ENOMEM at the
 * VMA limit) the granule state changes anyway, the granule simply stays
 * accessible to the host, and one warning is printed. The model's own
 * checks never depend on the protection.
 *
 * RMI_GRANULE_RANGE_DELEGATE (base, top) -> x1 = out_top
 * RMI_GRANULE_RANGE_UNDELEGATE (base, top) -> x1 = out_top
 *   Failure conditions, in this order (x1 = base on failure):
 *   1. base or top not granule aligned, or top <= base    RMI_ERROR_INPUT
 *   2. the granule at base is not DRAM                      RMI_ERROR_INPUT
 *   3. the granule at base is not UNDELEGATED (delegate) or
 *      not DELEGATED (undelegate)                           RMI_ERROR_INPUT
 *   On success granules are transitioned from base upwards until top, the
 *   first granule that fails condition 2 or 3, or RMM_RANGE_MAX_GRANULES
 *   granules (the model stops early on purpose so that hosts exercise
 *   their out_top loop); x1 = the address after the last one transitioned.
 *   Undelegate scrubs (zeroes) each granule before returning it to the
 *   host, as the RMM does before a granule leaves the Realm PAS.
 *
 * Not modelled: device granules (RMI_ERROR_INPUT as for any non-DRAM
 * address), GPT L1 tables and granule tracking (every DRAM granule is
 * tracked at fine granularity), RMI_BUSY/RMI_BLOCKED contention (one lock
 * serialises the model).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mig_internal.h"

#define RMM_DEFAULT_DRAM_MB		256
#define RMM_DEFAULT_S2SZ_MAX		48
#define RMM_DEFAULT_MAX_RECS_ORDER	8
/* Granules transitioned by one range command at most. */
#define RMM_RANGE_MAX_GRANULES		512

struct rmm_platform rmm;

static bool rmm_up;
static bool protect_warned;

static const char *const granule_state_names[GRANULE_STATE_COUNT] = {
	[GRANULE_UNDELEGATED]	= "UNDELEGATED",
	[GRANULE_DELEGATED]	= "DELEGATED",
	[GRANULE_RD]		= "RD",
	[GRANULE_REC]		= "REC",
	[GRANULE_RTT]		= "RTT",
	[GRANULE_DATA]		= "DATA",
};

/* Make @n granules from @pa (in)accessible in the host view. */
static void host_protect(uint64_t pa, size_t n, bool protect)
{
	uint8_t *va;

	if (!rmm.cfg.host_protect || !n)
		return;
	va = rmm.host_view + (pa - rmm.pa_base);
	if (mprotect(va, n * RMM_GRANULE_SIZE,
		     protect ? PROT_NONE : PROT_READ | PROT_WRITE)) {
		if (!protect_warned)
			fprintf(stderr,
				"rmm: mprotect(%s) of %zu granules at 0x%llx failed (%s); host view left accessible\n",
				protect ? "PROT_NONE" : "RW", n,
				(unsigned long long)pa, strerror(errno));
		protect_warned = true;
	}
}

static size_t dram_size_default(void)
{
	const char *env = getenv("RMM_DRAM_MB");
	unsigned long mb = RMM_DEFAULT_DRAM_MB;
	char *end;

	if (env && *env) {
		mb = strtoul(env, &end, 0);
		if (*end || !mb || mb > (1UL << 20)) {
			fprintf(stderr, "rmm: ignoring RMM_DRAM_MB=%s\n", env);
			mb = RMM_DEFAULT_DRAM_MB;
		}
	}
	return (size_t)mb << 20;
}

/*
 * RMM_DRAM_PREFAULT=1 (the benchmark): allocate and map all of DRAM in
 * both views at init, so that no first touch of a granule pays a page
 * fault inside a timed command, as none would on hardware.
 */
static int dram_prefault(void)
{
	const char *env = getenv("RMM_DRAM_PREFAULT");

	return env && !strcmp(env, "1") ? MAP_POPULATE : 0;
}

int rmm_init(const struct rmm_config *cfg)
{
	void *host, *view;
	int fd, err;

	if (rmm_up)
		return -EBUSY;

	memset(&rmm, 0, sizeof(rmm));
	if (cfg)
		rmm.cfg = *cfg;
	else
		rmm.cfg.host_protect = true;
	if (!rmm.cfg.dram_size)
		rmm.cfg.dram_size = dram_size_default();
	if (!rmm.cfg.s2sz_max)
		rmm.cfg.s2sz_max = RMM_DEFAULT_S2SZ_MAX;
	if (!rmm.cfg.max_recs_order)
		rmm.cfg.max_recs_order = RMM_DEFAULT_MAX_RECS_ORDER;
	if (!ALIGNED(rmm.cfg.dram_size, RMM_GRANULE_SIZE) ||
	    rmm.cfg.s2sz_max < 32 || rmm.cfg.s2sz_max > 48 ||
	    rmm.cfg.max_recs_order > 15)
		return -EINVAL;

	fd = memfd_create("rmm-dram", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)rmm.cfg.dram_size)) {
		err = -errno;
		goto err_close;
	}
	host = mmap(NULL, rmm.cfg.dram_size, PROT_READ | PROT_WRITE,
		    MAP_SHARED | dram_prefault(), fd, 0);
	if (host == MAP_FAILED) {
		err = -errno;
		goto err_close;
	}
	view = mmap(NULL, rmm.cfg.dram_size, PROT_READ | PROT_WRITE,
		    MAP_SHARED | dram_prefault(), fd, 0);
	if (view == MAP_FAILED) {
		err = -errno;
		goto err_unmap_host;
	}
	rmm.nr_granules = rmm.cfg.dram_size >> RMM_GRANULE_SHIFT;
	rmm.granules = calloc(rmm.nr_granules, sizeof(*rmm.granules));
	if (!rmm.granules) {
		err = -ENOMEM;
		goto err_unmap_view;
	}
	rmm.memfd = fd;
	rmm.host_view = host;
	rmm.rmm_view = view;
	rmm.pa_base = RMM_DRAM_PA_BASE;
	protect_warned = false;
	rmm_up = true;
	return 0;

err_unmap_view:
	munmap(view, rmm.cfg.dram_size);
err_unmap_host:
	munmap(host, rmm.cfg.dram_size);
err_close:
	close(fd);
	return err;
}

/*
 * Free the model objects of a granule left behind by the host, so that a
 * leak by the host is reported once (by the return value) rather than again
 * by the address sanitizer.
 */
static void granule_free_obj(struct granule *g)
{
	switch (g->state) {
	case GRANULE_RD: {
		struct rmm_realm *rd = g->obj;

		if (rd) {
			mig_realm_free(rd);
			free(rd->recs);
			free(rd);
		}
		break;
	}
	case GRANULE_RTT:
		free(g->obj);
		break;
	case GRANULE_REC: {
		struct rmm_rec *rec = g->obj;

		if (rec) {
			rec_exec_free(rec);
			free(rec);
		}
		break;
	}
	default:
		break;
	}
	g->obj = NULL;
}

size_t rmm_fini(void)
{
	size_t i, leaked = 0;

	if (!rmm_up)
		return 0;
	pthread_mutex_lock(&rmm_lock);
	for (i = 0; i < rmm.nr_granules; i++) {
		struct granule *g = &rmm.granules[i];

		if (g->state == GRANULE_UNDELEGATED)
			continue;
		if (leaked < 16)
			fprintf(stderr, "rmm: leaked granule 0x%llx in state %s\n",
				(unsigned long long)granule_pa(g),
				rmm_granule_state_name(g->state));
		leaked++;
	}
	if (leaked)
		fprintf(stderr, "rmm: %zu granule(s) not undelegated at teardown\n",
			leaked);
	/* RECs first: their emulator state may refer to their realm. */
	for (i = 0; i < rmm.nr_granules; i++)
		if (rmm.granules[i].state == GRANULE_REC)
			granule_free_obj(&rmm.granules[i]);
	for (i = 0; i < rmm.nr_granules; i++)
		granule_free_obj(&rmm.granules[i]);
	munmap(rmm.host_view, rmm.cfg.dram_size);
	munmap(rmm.rmm_view, rmm.cfg.dram_size);
	close(rmm.memfd);
	free(rmm.granules);
	memset(&rmm, 0, sizeof(rmm));
	rmm_up = false;
	pthread_mutex_unlock(&rmm_lock);
	return leaked;
}

uint64_t rmm_dram_base(void)
{
	return rmm.pa_base;
}

size_t rmm_dram_size(void)
{
	return rmm.cfg.dram_size;
}

static bool pa_in_dram(uint64_t pa)
{
	return rmm_up && pa >= rmm.pa_base &&
	       pa - rmm.pa_base < rmm.cfg.dram_size;
}

void *rmm_host_va(uint64_t pa)
{
	if (!pa_in_dram(pa))
		return NULL;
	return rmm.host_view + (pa - rmm.pa_base);
}

uint64_t rmm_host_pa(const void *va)
{
	const uint8_t *p = va;

	if (!rmm_up || p < rmm.host_view ||
	    (size_t)(p - rmm.host_view) >= rmm.cfg.dram_size)
		return ~0ULL;
	return rmm.pa_base + (uint64_t)(p - rmm.host_view);
}

struct granule *granule_at(uint64_t pa)
{
	if (!ALIGNED(pa, RMM_GRANULE_SIZE) || !pa_in_dram(pa))
		return NULL;
	return &rmm.granules[(pa - rmm.pa_base) >> RMM_GRANULE_SHIFT];
}

void *granule_va(uint64_t pa)
{
	return rmm.rmm_view + (pa - rmm.pa_base);
}

uint64_t granule_pa(const struct granule *g)
{
	return rmm.pa_base +
	       ((uint64_t)(g - rmm.granules) << RMM_GRANULE_SHIFT);
}

void granule_set_state(struct granule *g, enum rmm_granule_state state)
{
	bool was_ns = g->state == GRANULE_UNDELEGATED;
	bool is_ns = state == GRANULE_UNDELEGATED;

	g->state = state;
	if (was_ns != is_ns)
		host_protect(granule_pa(g), 1, !is_ns);
}

/* Locate [@pa + @off, + @len) in an NS granule; NULL if not allowed. */
static uint8_t *ns_granule_ptr(uint64_t pa, size_t off, size_t len)
{
	struct granule *g = granule_at(pa);

	if (!g || g->state != GRANULE_UNDELEGATED ||
	    off > RMM_GRANULE_SIZE || len > RMM_GRANULE_SIZE - off)
		return NULL;
	return (uint8_t *)granule_va(pa) + off;
}

bool ns_granule_read(uint64_t pa, size_t off, void *buf, size_t len)
{
	uint8_t *p = ns_granule_ptr(pa, off, len);

	if (!p)
		return false;
	memcpy(buf, p, len);
	return true;
}

bool ns_granule_write(uint64_t pa, size_t off, const void *buf, size_t len)
{
	uint8_t *p = ns_granule_ptr(pa, off, len);

	if (!p)
		return false;
	memcpy(p, buf, len);
	return true;
}

enum rmm_granule_state rmm_granule_state(uint64_t pa)
{
	enum rmm_granule_state s = GRANULE_STATE_COUNT;
	struct granule *g;

	pthread_mutex_lock(&rmm_lock);
	g = granule_at(pa);
	if (g)
		s = g->state;
	pthread_mutex_unlock(&rmm_lock);
	return s;
}

size_t rmm_granules_in_state(enum rmm_granule_state state)
{
	size_t i, n = 0;

	pthread_mutex_lock(&rmm_lock);
	for (i = 0; i < rmm.nr_granules; i++)
		if (rmm.granules[i].state == state)
			n++;
	pthread_mutex_unlock(&rmm_lock);
	return n;
}

const char *rmm_granule_state_name(enum rmm_granule_state state)
{
	if ((unsigned int)state >= GRANULE_STATE_COUNT)
		return "INVALID";
	return granule_state_names[state];
}

/*
 * Transition granules [@base, @top) from @from to @to, stopping early as
 * described at the top of this file. Return: RMI status, *@out_top.
 */
static uint64_t granule_range_transition(uint64_t base, uint64_t top,
					 enum rmm_granule_state from,
					 enum rmm_granule_state to,
					 uint64_t *out_top)
{
	uint64_t pa = base;
	size_t n = 0;

	*out_top = base;
	if (!ALIGNED(base, RMM_GRANULE_SIZE) ||
	    !ALIGNED(top, RMM_GRANULE_SIZE) || top <= base)
		return RMI_ERROR_INPUT;

	while (pa < top && n < RMM_RANGE_MAX_GRANULES) {
		struct granule *g = granule_at(pa);

		if (!g || g->state != from)
			break;
		/* Scrub on the way out of the Realm PAS. */
		if (to == GRANULE_UNDELEGATED)
			memset(granule_va(pa), 0, RMM_GRANULE_SIZE);
		g->state = to;
		g->refcount = 0;
		g->obj = NULL;
		pa += RMM_GRANULE_SIZE;
		n++;
	}
	if (!n)
		return RMI_ERROR_INPUT;
	host_protect(base, n, to != GRANULE_UNDELEGATED);
	*out_top = pa;
	return RMI_SUCCESS;
}

void smc_granule_range_delegate(struct rmm_smc_regs *regs)
{
	uint64_t out_top;
	uint64_t ret = granule_range_transition(regs->a[1], regs->a[2],
						GRANULE_UNDELEGATED,
						GRANULE_DELEGATED, &out_top);

	regs->a[0] = ret;
	regs->a[1] = out_top;
}

void smc_granule_range_undelegate(struct rmm_smc_regs *regs)
{
	uint64_t out_top;
	uint64_t ret = granule_range_transition(regs->a[1], regs->a[2],
						GRANULE_DELEGATED,
						GRANULE_UNDELEGATED, &out_top);

	regs->a[0] = ret;
	regs->a[1] = out_top;
}
