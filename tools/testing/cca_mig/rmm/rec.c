// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model: REC lifecycle, REC entry and exit, PSCI completion.
 *
 * A REC is a struct rmm_rec owned by its REC granule (granule->obj). Its
 * register context (struct rec_ctx) lives in the model; exec.c loads it into
 * the emulator on REC entry and saves it back on REC exit, so that a REC can
 * be resumed (or exported) exactly where it stopped.
 *
 * RMI_REC_CREATE (rd, rec, params_ptr), in this order:
 *   1. rd is not an RD                                   RMI_ERROR_INPUT
 *   2. rec is not a DELEGATED DRAM granule               RMI_ERROR_INPUT
 *   3. params_ptr is not an UNDELEGATED DRAM granule     RMI_ERROR_INPUT
 *   4. realm state is not NEW                            RMI_ERROR_REALM
 *   5. params.mpidr is not a valid RmiRecMpidr, or its index is not the
 *      realm's next REC index                            RMI_ERROR_INPUT
 *   6. the index reaches 2^MAX_RECS_ORDER                RMI_ERROR_INPUT
 *   On success the REC starts at params.pc at EL1h with DAIF masked, the MMU
 *   off, x0-x7 = params.gprs[0..7]; it is runnable iff flags.RUNNABLE. The
 *   RIM is extended with (flags, pc, gprs) of a runnable REC. The RD's
 *   reference count and REC count go up; the next REC index advances.
 *
 * RMI_REC_DESTROY (rec)
 *   1. rec is not a REC                                  RMI_ERROR_INPUT
 *   2. the REC is running                                RMI_ERROR_REC
 *   The granule is scrubbed and returns to DELEGATED. Index numbers are not
 *   reused: the realm's next REC index does not go back.
 *
 * RMI_REC_ENTER (rec, run_ptr)
 *   1. run_ptr is not an UNDELEGATED DRAM granule        RMI_ERROR_INPUT
 *   2. rec is not a REC                                  RMI_ERROR_INPUT
 *   3. the REC is running                                RMI_ERROR_REC
 *   4. realm state NEW                                   RMI_ERROR_REALM, index 0
 *      realm state SYSTEM_OFF                            RMI_ERROR_REALM, index 1
 *      realm state TERMINATED                            RMI_ERROR_REALM, index 2
 *   5. the REC is not runnable                           RMI_ERROR_REC
 *   6. a PSCI request of the REC awaits PSCI_COMPLETE    RMI_ERROR_REC
 *   7. enter.flags.INJECT_SEA and the last REC exit was not a data abort at
 *      an Unprotected IPA                                RMI_ERROR_REC
 *   8. enter.flags.EMULATED_MMIO (without INJECT_SEA) and the last REC exit
 *      was not an emulatable data abort                  RMI_ERROR_REC
 *   Then the requests pending from the last exit are completed (exec.c:
 *   host call results from enter.gprs, RIPAS change progress and response,
 *   emulated MMIO read, SEA injection), the REC runs for at most one slice,
 *   and RmiRecExit is written back to run_ptr + 0x800.
 *
 * RMI_PSCI_COMPLETE (calling_rec, status)  [DEN0137 2.0]
 * RMI_PSCI_COMPLETE (calling_rec, target_rec, status)  [1.x, also accepted:
 *   a REC address in x2 selects this form]
 *   1. calling_rec is not a REC                          RMI_ERROR_INPUT
 *   2. calling_rec is running                            RMI_ERROR_INPUT
 *   3. no PSCI request of calling_rec is pending         RMI_ERROR_INPUT
 *   4. the target MPIDR names no live REC of the realm, or (1.x form)
 *      target_rec is not that REC                        RMI_ERROR_INPUT
 *   5. CPU_ON: status is neither PSCI_SUCCESS nor PSCI_DENIED, or it is
 *      DENIED while the target is already on             RMI_ERROR_INPUT
 *   CPU_ON with SUCCESS on an off target resets it (EL1h, DAIF masked, MMU
 *   off, caller's SCTLR_EL1.EE), sets pc = entry, x0 = context_id and makes
 *   it runnable; the caller's x0 gets SUCCESS, DENIED or ALREADY_ON.
 *
 * Not modelled: auxiliary granules and SRO donation (none are needed), GIC
 * list registers and the vGIC state in rec_run, PMU state, sysreg traps to
 * the host (RMI_EXIT_SYNC with EC 0x18).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"

#define REC_PSTATE_RESET	0x3c5UL		/* EL1h, D, A, I, F masked */
/* SCTLR_EL1: RES1 bits, SA, SA0; MMU, caches and alignment checks off. */
#define REC_SCTLR_RESET		0x30d00818UL
#define SCTLR_EE		(1UL << 25)

#define ESR_EC_SHIFT		26
#define ESR_EC(esr)		(((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_EC_DABT_LOW		0x24
#define ESR_ISV			(1UL << 24)

#define MPIDR_AFF0_MASK		0xfUL
#define MPIDR_VALID_MASK	(0xfUL | (0xffUL << 8) | (0xffUL << 16) | \
				 (0xffUL << 32))

bool rec_mpidr_valid(uint64_t mpidr)
{
	return !(mpidr & ~MPIDR_VALID_MASK);
}

uint64_t rec_mpidr_to_index(uint64_t mpidr)
{
	return (mpidr & MPIDR_AFF0_MASK) |
	       (((mpidr >> 8) & 0xff) << 4) |
	       (((mpidr >> 16) & 0xff) << 12) |
	       (((mpidr >> 32) & 0xff) << 20);
}

uint64_t rec_index_to_mpidr(uint64_t index)
{
	return (index & 0xf) |
	       (((index >> 4) & 0xff) << 8) |
	       (((index >> 12) & 0xff) << 16) |
	       (((index >> 20) & 0xff) << 32);
}

struct rmm_rec *rec_from_pa(uint64_t rec_pa)
{
	struct granule *g = granule_at(rec_pa);

	if (!g || g->state != GRANULE_REC)
		return NULL;
	return g->obj;
}

struct rmm_rec *realm_rec_by_mpidr(struct rmm_realm *rd, uint64_t mpidr)
{
	uint64_t index;

	if (!rec_mpidr_valid(mpidr))
		return NULL;
	index = rec_mpidr_to_index(mpidr);
	if (index >= rd->recs_cap || !rd->recs)
		return NULL;
	return rd->recs[index];
}

/* Make room for index @index in @rd->recs. */
static bool realm_recs_reserve(struct rmm_realm *rd, uint64_t index)
{
	struct rmm_rec **recs;
	size_t cap;

	if (index < rd->recs_cap)
		return true;
	cap = rd->recs_cap ? rd->recs_cap * 2 : 8;
	while (cap <= index)
		cap *= 2;
	recs = realloc(rd->recs, cap * sizeof(*recs));
	if (!recs)
		return false;
	memset(recs + rd->recs_cap, 0, (cap - rd->recs_cap) * sizeof(*recs));
	rd->recs = recs;
	rd->recs_cap = cap;
	return true;
}

/* RmiRecParams fields the model reads. */
struct rec_params {
	uint64_t flags, mpidr, pc;
	uint64_t gprs[RMI_REC_CREATE_NR_GPRS];
};

static bool read_rec_params(uint64_t pa, struct rec_params *p)
{
	return ns_granule_read(pa, RMI_REC_PARAMS_FLAGS, &p->flags, 8) &&
	       ns_granule_read(pa, RMI_REC_PARAMS_MPIDR, &p->mpidr, 8) &&
	       ns_granule_read(pa, RMI_REC_PARAMS_PC, &p->pc, 8) &&
	       ns_granule_read(pa, RMI_REC_PARAMS_GPRS, p->gprs,
			       sizeof(p->gprs));
}

static void rec_ctx_reset(struct rec_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->pstate = REC_PSTATE_RESET;
	ctx->sctlr_el1 = REC_SCTLR_RESET;
}

static uint64_t rec_create(uint64_t rd_pa, uint64_t rec_pa, uint64_t params_pa)
{
	struct rmm_realm *rd = realm_from_rd(rd_pa);
	struct granule *g_rec = granule_at(rec_pa);
	struct rec_params p;
	struct {
		uint64_t flags, pc;
		uint64_t gprs[RMI_REC_CREATE_NR_GPRS];
	} measured;
	struct rmm_rec *rec;
	uint64_t index;

	if (!rd)
		return RMI_ERROR_INPUT;
	if (!g_rec || g_rec->state != GRANULE_DELEGATED)
		return RMI_ERROR_INPUT;
	memset(&p, 0, sizeof(p));
	if (!read_rec_params(params_pa, &p))
		return RMI_ERROR_INPUT;
	if (rd->state != REALM_NEW)
		return RMI_ERROR_REALM;
	index = rd->rec_index;
	if (!rec_mpidr_valid(p.mpidr) || rec_mpidr_to_index(p.mpidr) != index)
		return RMI_ERROR_INPUT;
	if (index >= (1ULL << rmm.cfg.max_recs_order))
		return RMI_ERROR_INPUT;

	rec = calloc(1, sizeof(*rec));
	if (!rec || !realm_recs_reserve(rd, index)) {
		free(rec);
		return RMI_ERROR_GLOBAL;
	}
	rec->pa = rec_pa;
	rec->rd = rd;
	rec->index = index;
	rec->mpidr = p.mpidr;
	rec->runnable = p.flags & RMI_REC_PARAMS_FLAG_RUNNABLE;
	rec_ctx_reset(&rec->ctx);
	memcpy(rec->ctx.gprs, p.gprs, sizeof(p.gprs));
	rec->ctx.pc = p.pc;

	/* A destination's RIM is the source's (rmi-mig.rst 3.6). */
	if (rec->runnable && !mig_state_is_dst(mig_state(rd))) {
		memset(&measured, 0, sizeof(measured));
		measured.flags = p.flags;
		measured.pc = p.pc;
		memcpy(measured.gprs, p.gprs, sizeof(p.gprs));
		rim_extend(rd, "REC", &measured, sizeof(measured));
	}

	rd->recs[index] = rec;
	rd->rec_index = index + 1;
	rd->nr_recs++;
	granule_at(rd_pa)->refcount++;
	granule_set_state(g_rec, GRANULE_REC);
	g_rec->obj = rec;
	return RMI_SUCCESS;
}

void smc_rec_create(struct rmm_smc_regs *regs)
{
	regs->a[0] = rec_create(regs->a[1], regs->a[2], regs->a[3]);
}

void smc_rec_destroy(struct rmm_smc_regs *regs)
{
	struct rmm_rec *rec = rec_from_pa(regs->a[1]);
	struct rmm_realm *rd;
	struct granule *g;

	if (!rec) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	/* RMI-MIG rmi.rec_destroy */
	if (mig_rmi_refused(rec->rd, MIG_RMI_REC_DESTROY)) {
		regs->a[0] = RMI_ERROR_REALM;
		return;
	}
	if (rec->running) {
		regs->a[0] = RMI_ERROR_REC;
		return;
	}
	rd = rec->rd;
	rec_exec_free(rec);
	rd->recs[rec->index] = NULL;
	rd->nr_recs--;
	granule_at(rd->rd_pa)->refcount--;
	g = granule_at(rec->pa);
	g->obj = NULL;
	memset(granule_va(rec->pa), 0, RMM_GRANULE_SIZE);
	granule_set_state(g, GRANULE_DELEGATED);
	free(rec);
	regs->a[0] = RMI_SUCCESS;
}

/* The last REC exit was a data abort at an Unprotected IPA. */
static bool last_exit_unprot_dabt(const struct rmm_rec *rec)
{
	uint64_t ipa = (rec->exit_hpfar >> 4) << RMM_GRANULE_SHIFT;

	return rec->exit_esr && ESR_EC(rec->exit_esr) == ESR_EC_DABT_LOW &&
	       !ipa_is_protected(rec->rd, ipa);
}

/* The last REC exit was an emulatable data abort. */
static bool last_exit_emulatable(const struct rmm_rec *rec)
{
	return rec->pending == REC_PENDING_MMIO &&
	       ESR_EC(rec->exit_esr) == ESR_EC_DABT_LOW &&
	       (rec->exit_esr & ESR_ISV);
}

static uint64_t rec_enter_check(struct rmm_rec *rec, uint64_t flags)
{
	/* RMI-MIG rmi.rec_enter: the source Realm stopped for good. */
	if (mig_rmi_refused(rec->rd, MIG_RMI_REC_ENTER))
		return RMI_RETURN(RMI_ERROR_REALM, 0);
	if (rec->running)
		return RMI_ERROR_REC;
	switch (rec->rd->state) {
	case REALM_NEW:
		return RMI_RETURN(RMI_ERROR_REALM, 0);
	case REALM_ACTIVE:
		break;
	case REALM_SYSTEM_OFF:
		return RMI_RETURN(RMI_ERROR_REALM, 1);
	default:
		return RMI_RETURN(RMI_ERROR_REALM, 2);
	}
	if (!rec->runnable || rec->pending == REC_PENDING_PSCI)
		return RMI_ERROR_REC;
	if ((flags & RMI_REC_ENTER_FLAG_INJECT_SEA) &&
	    !last_exit_unprot_dabt(rec))
		return RMI_ERROR_REC;
	if ((flags & RMI_REC_ENTER_FLAG_EMULATED_MMIO) &&
	    !(flags & RMI_REC_ENTER_FLAG_INJECT_SEA) &&
	    !last_exit_emulatable(rec))
		return RMI_ERROR_REC;
	return RMI_SUCCESS;
}

void smc_rec_enter(struct rmm_smc_regs *regs)
{
	uint64_t rec_pa = regs->a[1], run_pa = regs->a[2];
	uint8_t *enter = NULL, *exit = NULL;
	struct rmm_rec *rec;
	uint64_t flags, ret;

	if (!ns_granule_read(run_pa, RMI_REC_ENTER_FLAGS, &flags,
			     sizeof(flags))) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	rec = rec_from_pa(rec_pa);
	if (!rec) {
		regs->a[0] = RMI_ERROR_INPUT;
		return;
	}
	ret = rec_enter_check(rec, flags);
	if (ret != RMI_SUCCESS) {
		regs->a[0] = ret;
		return;
	}

	enter = malloc(RMI_REC_EXIT_BASE);
	exit = calloc(1, RMM_GRANULE_SIZE - RMI_REC_EXIT_BASE);
	if (!enter || !exit) {
		ret = RMI_ERROR_GLOBAL;
		goto out_free;
	}
	/* Cannot fail: the granule was checked above, under the lock. */
	ns_granule_read(run_pa, 0, enter, RMI_REC_EXIT_BASE);

	rec->running = true;
	ret = rec_exec_run(rec, enter, exit);
	rec->running = false;

	if (ret == RMI_SUCCESS &&
	    !ns_granule_write(run_pa, RMI_REC_EXIT_BASE, exit,
			      RMM_GRANULE_SIZE - RMI_REC_EXIT_BASE))
		ret = RMI_ERROR_INPUT;
out_free:
	free(enter);
	free(exit);
	regs->a[0] = ret;
}

static bool psci_fid_is_cpu_on(uint64_t fid)
{
	return (fid & ~0x40000000UL) == (PSCI_CPU_ON & ~0x40000000UL);
}

/* Complete CPU_ON of @caller on @target. Return: the caller's PSCI result. */
static int64_t psci_cpu_on_complete(struct rmm_rec *caller,
				    struct rmm_rec *target, uint64_t status)
{
	uint64_t ee = caller->ctx.sctlr_el1 & SCTLR_EE;

	if (target->runnable || target->running)
		return PSCI_RET_ALREADY_ON;
	if (status == (uint64_t)PSCI_RET_DENIED)
		return PSCI_RET_DENIED;

	target->ctx.pstate = REC_PSTATE_RESET;
	target->ctx.sctlr_el1 = REC_SCTLR_RESET | ee;
	target->ctx.pc = caller->ctx.gprs[2];
	target->ctx.gprs[0] = caller->ctx.gprs[3];
	target->pending = REC_PENDING_NONE;
	target->exit_esr = target->exit_far = target->exit_hpfar = 0;
	target->runnable = true;
	return PSCI_RET_SUCCESS;
}

static uint64_t psci_complete(uint64_t calling_pa, uint64_t target_pa,
			      uint64_t status)
{
	struct rmm_rec *caller = rec_from_pa(calling_pa), *target;
	int64_t res;

	if (!caller)
		return RMI_ERROR_INPUT;
	/* RMI-MIG rmi.psci_complete, rmi.dst_psci_complete */
	if (mig_rmi_refused(caller->rd, MIG_RMI_PSCI_COMPLETE))
		return RMI_ERROR_REALM;
	if (caller->running || caller->pending != REC_PENDING_PSCI)
		return RMI_ERROR_INPUT;
	target = realm_rec_by_mpidr(caller->rd, caller->psci_target);
	if (!target || (target_pa && target->pa != target_pa))
		return RMI_ERROR_INPUT;
	if (!psci_fid_is_cpu_on(caller->psci_fid))
		return RMI_ERROR_INPUT;	/* only CPU_ON is left pending */
	if (status != PSCI_RET_SUCCESS && status != (uint64_t)PSCI_RET_DENIED)
		return RMI_ERROR_INPUT;
	if (status == (uint64_t)PSCI_RET_DENIED &&
	    (target->runnable || target->running))
		return RMI_ERROR_INPUT;

	res = psci_cpu_on_complete(caller, target, status);
	caller->ctx.gprs[0] = (uint64_t)res;
	caller->ctx.gprs[1] = 0;
	caller->ctx.gprs[2] = 0;
	caller->ctx.gprs[3] = 0;
	caller->pending = REC_PENDING_NONE;
	caller->psci_fid = caller->psci_target = 0;
	return RMI_SUCCESS;
}

void smc_psci_complete(struct rmm_smc_regs *regs)
{
	uint64_t target_pa = 0, status = regs->a[2];

	/* DEN0137 1.x form: x2 = target REC, x3 = status. */
	if (rec_from_pa(regs->a[2])) {
		target_pa = regs->a[2];
		status = regs->a[3];
	}
	regs->a[0] = psci_complete(regs->a[1], target_pa, status);
}
