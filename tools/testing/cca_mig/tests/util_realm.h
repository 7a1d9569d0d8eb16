/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers that drive the RMM reference model with raw SMCs, as a host
 * would, without the kernel-API shim: an SMC wrapper, a tiny allocator of
 * Non-secure granules, and a realm builder with a full teardown.
 *
 * Conventions:
 * - Every helper that issues RMI commands returns the RMI return code of the
 *   first command that did not succeed (RMI_SUCCESS, 0, if all did) and
 *   prints a "# ut: ..." diagnostic line naming the command. Use
 *   ASSERT_EQ(ut_...(), RMI_SUCCESS) in tests.
 * - Helpers never call rmm_init()/rmm_fini() themselves except ut_setup()
 *   and ut_teardown(), which suites may use as their setup/teardown.
 * - Physical addresses are uint64_t; a PA of 0 means "none" (DRAM never
 *   starts at 0).
 *
 * Typical use:
 *
 *	struct ut_realm r;
 *
 *	ut_realm_init(&r, NULL);		// defaults: s2sz 40, SHA-256
 *	ASSERT_EQ(ut_realm_create(&r), RMI_SUCCESS);
 *	ASSERT_EQ(ut_populate(&r, CCA_GUEST_BASE_IPA, img, img_len,
 *			      true), RMI_SUCCESS);
 *	... create RECs, ut_realm_track_rec(&r, rec_pa) ...
 *	ASSERT_EQ(ut_realm_activate(&r), RMI_SUCCESS);
 *	...
 *	ASSERT_EQ(ut_realm_teardown(&r), RMI_SUCCESS);
 *
 * or ut_realm_build() for create + RIPAS + populate + activate in one call.
 */
#ifndef CCA_UTIL_REALM_H
#define CCA_UTIL_REALM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmm.h"

/* ---------------------------------------------------------------------- */
/* Model bring-up for suites                                              */

/*
 * ut_setup() - rmm_init(@cfg) (NULL: defaults) and reset the NS allocator.
 * Return: true on success.
 */
bool ut_setup(const struct rmm_config *cfg);
/*
 * ut_teardown() - rmm_fini(); true if no granule was left delegated (or in
 * any other non-UNDELEGATED state). NS allocations still outstanding are
 * reported on stdout but do not fail (tests may keep buffers on purpose).
 */
bool ut_teardown(void);

/* Suite hooks with default config: usable as test_suite.setup/teardown. */
bool ut_suite_setup(void);
bool ut_suite_teardown(void);

/* ---------------------------------------------------------------------- */
/* Raw SMC                                                                */

/*
 * ut_smc() - Issue one SMC to the model.
 * @regs: x0 (function ID) .. x17 in; overwritten with x0 .. x17 out.
 * Return: x0 on return (the RMI return code).
 */
uint64_t ut_smc(struct rmm_smc_regs *regs);

/*
 * UT_SMC(out, fid, args...) - Issue SMC @fid with x1.. = @args.
 * @out: struct rmm_smc_regs * that receives x0..x17 on return, or NULL.
 * Return: x0. Example:
 *	struct rmm_smc_regs o;
 *	ret = UT_SMC(&o, SMC_RMI_RTT_READ_ENTRY, rd, ipa, 3);
 *	state = o.a[2];
 */
#define UT_SMC(out, ...)						\
	ut_smc_out((out), (struct rmm_smc_regs){ .a = { __VA_ARGS__ } })
uint64_t ut_smc_out(struct rmm_smc_regs *out, struct rmm_smc_regs in);

/* Status byte and index byte of an RMI return code. */
#define UT_STATUS(ret)		((unsigned int)RMI_RETURN_STATUS(ret))
#define UT_INDEX(ret)		((unsigned int)RMI_RETURN_INDEX(ret))

/* ---------------------------------------------------------------------- */
/* Non-secure granules                                                    */

/*
 * A test-side allocator over the model's DRAM (the model has none). Granules
 * are handed out zeroed and UNDELEGATED. Contiguous runs are first-fit.
 * ut_alloc_granules() returns 0 when DRAM is exhausted.
 */
uint64_t ut_alloc_granule(void);
uint64_t ut_alloc_granules(size_t n);
void ut_free_granule(uint64_t pa);
void ut_free_granules(uint64_t pa, size_t n);
size_t ut_nr_allocated(void);		/* granules currently handed out */
/* Host view of @pa (== rmm_host_va()); faults if the granule is delegated. */
void *ut_va(uint64_t pa);

/*
 * Allocate @n contiguous granules and delegate them (GRANULE_RANGE_DELEGATE,
 * repeated until out_top reaches the end). Return: PA, or 0 on failure.
 */
uint64_t ut_alloc_delegated(size_t n);
/* Undelegate @n granules at @pa and free them. Return: RMI code. */
uint64_t ut_undelegate_free(uint64_t pa, size_t n);

/* One-call range delegate/undelegate looping on out_top. */
uint64_t ut_delegate(uint64_t pa, size_t n);
uint64_t ut_undelegate(uint64_t pa, size_t n);

/*
 * RmiAddrRange for DATA_MAP/UNPROT_MAP: @count 4 KiB granules from @pa,
 * @state 0 (DELEGATED) or 1 (UNDELEGATED).
 */
uint64_t ut_range_desc(uint64_t pa, uint64_t count, uint64_t state);

/* ---------------------------------------------------------------------- */
/* Realms                                                                 */

#define UT_MAX_RECS	16

struct ut_realm_params {
	unsigned int s2sz;		/* IPA width; default 40 */
	int rtt_level_start;		/* default: derived from s2sz */
	unsigned int rtt_num_start;	/* default: derived from s2sz */
	unsigned int hash_algo;		/* RMI_HASH_SHA_256 (default), 512 */
	uint64_t flags0;
	uint64_t flags1;
	uint8_t rpv[64];
};

struct ut_rtt_rec {
	uint64_t pa;
	uint64_t ipa;			/* base of the IPA range it maps */
	int level;
};

struct ut_realm {
	struct ut_realm_params p;
	uint64_t rd;			/* delegated RD granule */
	uint64_t rtt_base;		/* delegated starting-level RTTs */
	bool created;			/* REALM_CREATE succeeded */
	/*
	 * Non-root RTTs created through ut_rtt_create*(), for information:
	 * teardown finds every RTT itself. Freed by ut_realm_teardown().
	 */
	struct ut_rtt_rec *rtts;
	size_t nr_rtts, cap_rtts;
	/* RECs registered by REC helpers; teardown destroys them. */
	uint64_t recs[UT_MAX_RECS];
	unsigned int nr_recs;
};

/*
 * The starting level and number of concatenated starting-level RTTs KVM
 * uses for @s2sz with 4 KiB granules (start = 4 - levels for s2sz - 4 bits
 * of stage 1, as upstream's get_start_level()): 32..34 bits start at
 * level 2, 35..43 at level 1 (40: two tables), 44..48 at level 0.
 */
void ut_rtt_geometry(unsigned int s2sz, int *level, unsigned int *num);

/* Fill @r from @p (NULL: defaults). Issues no SMC. */
void ut_realm_init(struct ut_realm *r, const struct ut_realm_params *p);

/*
 * Write RmiRealmParams for @p into the NS granule at @params_pa with
 * rtt_base @rtt_base. Exposed so tests can build malformed parameters.
 */
void ut_write_realm_params(uint64_t params_pa, const struct ut_realm_params *p,
			   uint64_t rtt_base);

/*
 * Allocate + delegate the RD and starting RTTs, write the parameters to an
 * NS granule and issue REALM_CREATE. On failure everything allocated here is
 * undelegated and freed again (r->rd == 0).
 */
uint64_t ut_realm_create(struct ut_realm *r);

/*
 * RTT_CREATE of one table at (@ipa aligned down, @level) with a fresh
 * delegated granule, recorded in r->rtts.
 */
uint64_t ut_rtt_create(struct ut_realm *r, uint64_t ipa, int level);
/* Create every missing RTT from the starting level down to @level for @ipa. */
uint64_t ut_rtt_create_to(struct ut_realm *r, uint64_t ipa, int level);

/*
 * RTT_INIT_RIPAS over [@base, @top) looping on out_top, creating the RTT
 * that each RMI_ERROR_RTT asks for (as the upstream host does).
 */
uint64_t ut_init_ripas(struct ut_realm *r, uint64_t base, uint64_t top);

/*
 * Populate [@ipa, @ipa + @len) with @buf (padded with zeros to a granule):
 * for each 4 KiB, create RTTs, RTT_INIT_RIPAS if the IPA is not RAM yet,
 * delegate a DATA granule and RTT_DATA_MAP_INIT from a temporary NS source
 * granule, measured if @measure. @ipa must be granule aligned.
 */
uint64_t ut_populate(struct ut_realm *r, uint64_t ipa, const void *buf,
		     size_t len, bool measure);

/*
 * Runtime mapping of @n zeroed granules at @ipa (RTT_DATA_MAP, as the host's
 * fault-in path does): creates RTTs, delegates fresh granules. The IPA must
 * be UNASSIGNED. Realm may be NEW or ACTIVE.
 */
uint64_t ut_data_map(struct ut_realm *r, uint64_t ipa, size_t n);

/* Map @n NS granules starting at @ns_pa at unprotected IPA @ipa. */
uint64_t ut_unprot_map(struct ut_realm *r, uint64_t ipa, uint64_t ns_pa,
		       size_t n);

/* REALM_ACTIVATE. */
uint64_t ut_realm_activate(struct ut_realm *r);

/* Register a REC (already created, delegated granule) for teardown. */
void ut_realm_track_rec(struct ut_realm *r, uint64_t rec_pa);

/*
 * One-call realm: create with @p, RTT_INIT_RIPAS over [@ipa, @ipa + @ram),
 * populate @img (measured) at @ipa, and activate unless @activate is false.
 */
uint64_t ut_realm_build(struct ut_realm *r, const struct ut_realm_params *p,
			uint64_t ipa, uint64_t ram, const void *img,
			size_t img_len, bool activate);

/*
 * Tear everything down, in the upstream host's order: RTT_DATA_UNMAP over
 * the whole protected half (the RMM reports the DATA granules, which are
 * undelegated and freed), RTT_UNPROT_UNMAP over the unprotected half (NS
 * granules stay the caller's), REC_DESTROY of the tracked RECs (undelegated
 * and freed), REALM_TERMINATE, RTT_DESTROY of every non-root RTT deepest
 * first (found with RTT_DESTROY's own results, so RTTs created with raw
 * SMCs are found too), REALM_DESTROY, and the RD and starting-level RTTs
 * are undelegated and freed. Granules not allocated by ut_alloc_*() are
 * undelegated but never "freed". Safe on a realm that failed to create.
 * Return: the first non-success RMI code, RMI_SUCCESS if clean.
 */
uint64_t ut_realm_teardown(struct ut_realm *r);

/* RTT_READ_ENTRY: fills state/ripas/addr/level; returns the RMI code. */
struct ut_rtte {
	int level;
	uint64_t state;
	uint64_t addr;		/* output address, or RTT of a TABLE */
	uint64_t ripas;
	uint64_t desc;		/* x3 as returned (NS: PA and attributes) */
};

uint64_t ut_read_entry(struct ut_realm *r, uint64_t ipa, int level,
		       struct ut_rtte *e);

#endif /* CCA_UTIL_REALM_H */
