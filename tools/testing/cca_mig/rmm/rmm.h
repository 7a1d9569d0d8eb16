/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RMM reference model: public interface.
 *
 * The model is the firmware side of the reference platform. It owns a
 * simulated physical address space ("DRAM") and answers SMCs exactly as the
 * RMM specification (DEN0137 2.0, plus the RMI-MIG proposal) prescribes.
 * The host side of the harness reaches it only through rmm_smc(), which the
 * kernel-API shim calls from arm_smccc_1_2_invoke().
 *
 * DRAM is one memfd mapped twice: the host (Non-secure) view, in which
 * delegated granules are made inaccessible with mprotect() so that a host
 * access to Realm PAS memory faults as it would on hardware, and the RMM's
 * own view, which is always accessible to the model.
 */
#ifndef RMM_H
#define RMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmm_abi.h"

/* Physical address at which simulated DRAM starts. */
#define RMM_DRAM_PA_BASE	0x880000000ULL

/* Register block of an SMCCC v1.2 call: x0..x17, in and out. */
struct rmm_smc_regs {
	uint64_t a[18];
};

/* Granule Physical Address Space / RMM granule states. */
enum rmm_granule_state {
	GRANULE_UNDELEGATED = 0,
	GRANULE_DELEGATED,
	GRANULE_RD,
	GRANULE_REC,
	GRANULE_RTT,
	GRANULE_DATA,
	GRANULE_STATE_COUNT,
};

struct rmm_config {
	size_t dram_size;	/* bytes, multiple of RMM_GRANULE_SIZE */
	bool host_protect;	/* mprotect() delegated granules in the host view */
	unsigned int s2sz_max;	/* largest IPA width accepted (<= 48) */
	unsigned int max_recs_order;
};

/**
 * rmm_init() - Bring up the model with @cfg (NULL: defaults).
 *
 * Defaults: 256 MiB of DRAM (env RMM_DRAM_MB overrides), host protection on.
 * With env RMM_DRAM_PREFAULT=1 all of DRAM is allocated and mapped at once
 * (the benchmark: no page fault inside a timed command).
 * Return: 0, or -errno.
 */
int rmm_init(const struct rmm_config *cfg);

/**
 * rmm_fini() - Tear the model down.
 *
 * Return: the number of granules that were not UNDELEGATED at teardown
 * (a non-zero value is a leak by the host, reported on stderr).
 */
size_t rmm_fini(void);

/** rmm_smc() - Handle one SMC: @regs holds x0..x17 on entry and on return. */
void rmm_smc(struct rmm_smc_regs *regs);

/* Host (Non-secure) view of DRAM, for the shim's page allocator. */
uint64_t rmm_dram_base(void);
size_t rmm_dram_size(void);
void *rmm_host_va(uint64_t pa);			/* NULL if outside DRAM */
uint64_t rmm_host_pa(const void *va);		/* ~0ULL if outside DRAM */

/* Introspection for tests: never used by host code under test. */
/* GRANULE_STATE_COUNT if @pa is not a granule-aligned DRAM address. */
enum rmm_granule_state rmm_granule_state(uint64_t pa);
size_t rmm_granules_in_state(enum rmm_granule_state state);
const char *rmm_granule_state_name(enum rmm_granule_state state);
/* Current RIM of the realm whose RD is at @rd_pa (64 bytes); false if none. */
bool rmm_realm_rim(uint64_t rd_pa, uint8_t out[64]);

/* Number of SMCs handled since rmm_init(), per function ID low 12 bits. */
uint64_t rmm_smc_count(uint32_t fid);

/*
 * Fault injection for tests: make the next @count calls of command @fid
 * (0 for any) return @status without side effects.
 */
void rmm_inject_status(uint64_t fid, uint64_t status, unsigned int count);

#endif /* RMM_H */
