// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model: running RECs on Unicorn, RSI and PSCI, stage-2
 * faults and exception injection.
 *
 * Engine. One Unicorn engine per realm, created when one of its RECs is
 * first entered and shared by all of them (rec->uc points at it). Unicorn
 * 2.0.1 reserves a 1 GiB translation buffer per engine and, unlike later
 * versions, has no UC_CTL_TCG_BUFFER_SIZE to shrink it; one engine per
 * realm bounds that cost and matches the architecture: stage 2 is a
 * property of the realm, not of a REC. REC entry loads the REC's struct
 * rec_ctx into the engine and REC exit saves it back, so the context in the
 * model is always complete (GPRs, SP_EL0/1, PC, PSTATE, FP/SIMD, every EL1
 * system register of struct rec_ctx). The engine runs at EL1, Non-secure
 * (SCR_EL3.NS) so that MPIDR_EL1 reads VMPIDR_EL2, which holds the REC's
 * MPIDR; the stage-1 MMU must stay off (Unicorn 2.0.1 cannot translate).
 *
 * Stage 2. Guest memory is mapped into the engine lazily, one 4 KiB page per
 * uc_mem_map_ptr() of the RMM's view of the granule, when the realm first
 * touches it (UC_HOOK_MEM_UNMAPPED walks the RTTs):
 *   protected IPA, ASSIGNED, RIPAS RAM        map, retry the access
 *   protected IPA, RIPAS EMPTY                SEA injected into the realm
 *   protected IPA, UNASSIGNED RAM, DESTROYED  REC exit, RMI_EXIT_SYNC: data
 *                                             (EC 0x24) or instruction (EC
 *                                             0x20) abort, DFSC translation
 *                                             fault at the RTT walk level,
 *                                             HPFAR = IPA, FAR = 0; ESR shows
 *                                             EC, SET, FnV, EA, DFSC only
 *   unprotected IPA, ASSIGNED_NS              map with the host's S2AP (never
 *                                             executable), retry
 *   unprotected IPA, instruction fetch        SEA injected
 *   unprotected IPA, UNASSIGNED_NS            REC exit, RMI_EXIT_SYNC data
 *                                             abort; ISV, SAS, SF, WnR set
 *                                             for an emulatable access (single
 *                                             GPR load/store without
 *                                             writeback), FAR = page offset,
 *                                             gprs[0] = value written
 *   IPA at or above 2^s2sz                    SEA injected
 * realm_s2_invalidate() unmaps cached pages and drops translated code, as a
 * TLBI would; realm_s2_invalidate_lazy() queues a page for that until the
 * next REC entry (x->stale), as nothing can use the mapping meanwhile.
 * RMI-MIG dirty tracking (mig_internal.h): a protected page whose RTT entry
 * mig_rtte_write_protected() is mapped without write permission; the first
 * write calls mig_s2_write_fault(), which logs it, and the write
 * completes (uc_mem_protect + retry). To start tracking pages that are
 * already mapped, invalidate them. RSI writes to realm memory call
 * mig_realm_wrote(). A global no-op UC_HOOK_MEM_READ|WRITE hook is installed only
 * because it makes Unicorn 2.0.1 keep the PC exact at every memory access;
 * without it a fault reports the start of the translation block and the
 * faulting instruction could not be restarted.
 *
 * Slices. A UC_HOOK_BLOCK counts instructions; after rmm_exec_slice of them
 * the REC exits with RMI_EXIT_IRQ, as a host timer interrupt would, so RECs
 * that spin on shared memory let the others run. WFI (which returns from
 * uc_emu_start with PC past it) exits with RMI_EXIT_SYNC and the WFI ESR
 * when enter.flags.TRAP_WFI, else with RMI_EXIT_IRQ (the PE would sleep
 * until an interrupt). WFE is a NOP in Unicorn and cannot be trapped.
 *
 * Exceptions. Unicorn never vectors an exception: UC_HOOK_INTR stops the
 * engine and the model injects it by writing ESR/FAR/ELR/SPSR_EL1, masking
 * DAIF and branching to VBAR_EL1 + 0x000/0x200/0x400: UDF and HVC (EC 0x00,
 * an RMM injects UNDEF for HVC), SVC (EC 0x15), BRK (EC 0x3c); the rare
 * aborts Unicorn itself raises (alignment) carry no syndrome and are
 * injected as an alignment fault with FnV set.
 *
 * SMC from the realm (PC already past it) is an RSI or PSCI call:
 *   SMCCC_VERSION, RSI_VERSION, RSI_FEATURES, RSI_MEASUREMENT_READ/EXTEND,
 *   RSI_REALM_CONFIG, RSI_IPA_STATE_GET       answered in the RMM
 *   RSI_IPA_STATE_SET                         RMI_EXIT_RIPAS_CHANGE; on the
 *                                             next entry x0 = SUCCESS, x1 =
 *                                             progress, x2 = ACCEPT/REJECT
 *   RSI_HOST_CALL                             RMI_EXIT_HOST_CALL with imm and
 *                                             gprs; results written back to
 *                                             the RsiHostCall on next entry
 *   PSCI_VERSION, FEATURES, AFFINITY_INFO     answered in the RMM (DEN0137
 *                                             2.0 completes only CPU_ON)
 *   PSCI_CPU_ON                               RMI_EXIT_PSCI, pending until
 *                                             RMI_PSCI_COMPLETE
 *   PSCI_CPU_OFF, CPU_SUSPEND                 RMI_EXIT_PSCI notification
 *   PSCI_SYSTEM_OFF, SYSTEM_RESET             realm SYSTEM_OFF, RMI_EXIT_PSCI
 *   anything else                             x0 = -1 (SMCCC NOT_SUPPORTED)
 * An RSI call whose argument page is unassigned RAM exits as a stage-2 data
 * abort on that page and is retried after the host maps it.
 *
 * Timers. Unicorn 2.0.1 has no generic timer (guest MSR to CNT{P,V}_* is
 * ignored, MRS reads 0): UC_HOOK_INSN on MRS/MSR emulates CTL, CVAL and TVAL
 * of the EL1 physical and virtual timers on the REC context, and every REC
 * exit reports them.
 *
 * Every stop of the emulator costs STOP_COST instructions of the slice, so
 * that a slice ends even if the realm faults in its own exception vector.
 *
 * Not modelled: GIC and virtual interrupts (timers never fire), PMU, SVE,
 * debug, sysreg traps to the host, stage-1 MMU, RMI_EXIT_FIQ/SERROR,
 * trapping WFE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <unicorn/unicorn.h>

#include "mig_internal.h"
#include "rmm_internal.h"

uint64_t rmm_exec_slice = 2000000;

#define PAGE_SIZE		RMM_GRANULE_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define PAGE_MASK		(~(uint64_t)(PAGE_SIZE - 1))

/* ESR_ELx */
#define ESR_EC_SHIFT		26
#define ESR_EC(esr)		(((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL			(1UL << 25)
#define EC_UNKNOWN		0x00
#define EC_WFX			0x01
#define EC_SVC64		0x15
#define EC_IABT_LOW		0x20
#define EC_IABT_CUR		0x21
#define EC_DABT_LOW		0x24
#define EC_DABT_CUR		0x25
#define EC_BRK64		0x3c
#define ISS_ISV			(1UL << 24)
#define ISS_SAS_SHIFT		22
#define ISS_SAS(esr)		(((esr) >> ISS_SAS_SHIFT) & 3)
#define ISS_SSE			(1UL << 21)
#define ISS_SRT_SHIFT		16
#define ISS_SRT(esr)		(((esr) >> ISS_SRT_SHIFT) & 0x1f)
#define ISS_SF			(1UL << 15)
#define ISS_FNV			(1UL << 10)
#define ISS_EA			(1UL << 9)
#define ISS_WNR			(1UL << 6)
#define ISS_SET_MASK		(3UL << 11)
#define ISS_FSC_MASK		0x3fUL
#define FSC_TRANS(level)	(0x04UL + (level))
#define FSC_PERM(level)		(0x0cUL + (level))
#define FSC_SEA			0x10UL
#define FSC_ALIGN		0x21UL
/* What a REC exit shows of a stage-2 abort (DEN0137: non-emulatable). */
#define ESR_NONEMUL_MASK	((0x3fUL << ESR_EC_SHIFT) | ISS_SET_MASK | \
				 ISS_FNV | ISS_EA | ISS_FSC_MASK)
#define ESR_EMUL_MASK		(ESR_NONEMUL_MASK | ISS_ISV | \
				 (3UL << ISS_SAS_SHIFT) | ISS_SF | ISS_WNR)

#define PSTATE_NZCV		0xf0000000UL
#define PSTATE_EXC_ENTRY	0x3c5UL		/* EL1h, DAIF masked */
#define PSTATE_EL(p)		(((p) >> 2) & 3)
#define PSTATE_SP		1UL

#define INSN_WFI		0xd503207fU
#define HPFAR(ipa)		(((ipa) >> RMM_GRANULE_SHIFT) << 4)

#define SCR_EL3_NS		(1UL << 0)
#define SCR_EL3_RW		(1UL << 10)
#define HCR_EL2_RW		(1UL << 31)
#define MPIDR_RES1		(1UL << 31)

#define NS_ATTR_READ		(1UL << 6)	/* rtt.c: S2AP[7:6] */
#define NS_ATTR_WRITE		(1UL << 7)

#define RSI_HOST_CALL_SIZE	(RSI_HOST_CALL_GPRS + 8 * RSI_HOST_CALL_NR_GPRS)
#define RSI_ABI_VERSION		((RSI_ABI_MAJOR << 16) | RSI_ABI_MINOR)
#define PSCI_VERSION_1_1	0x10001UL

enum exec_stop {
	STOP_NONE = 0,
	STOP_BUDGET,		/* slice used up */
	STOP_SMC,		/* RSI/PSCI call, PC past the SMC */
	STOP_EXCEPTION,		/* Unicorn raised @intno at PC */
	STOP_S2_EXIT,		/* stage-2 abort to report to the host */
	STOP_S2_SEA,		/* stage-2 access to inject an SEA for */
};

/* A stage-2 fault seen by a memory hook. */
struct s2_fault {
	uint64_t addr;		/* faulting address (VA == IPA) */
	bool fetch, write;
	bool perm;		/* permission fault (else translation) */
	int level;		/* RTT walk level */
};

struct realm_exec {
	struct rmm_realm *rd;
	uc_engine *uc;
	unsigned int users;		/* RECs attached */
	struct rmm_rec *rec;		/* REC being run */
	uint64_t budget;		/* instructions left in the slice */
	enum exec_stop stop;
	uint32_t intno;
	struct s2_fault fault;
	uint64_t *pages;		/* IPAs mapped in the engine, sorted */
	size_t nr_pages, cap_pages;
	uint64_t *stale;		/* to invalidate before the next run */
	size_t nr_stale, cap_stale;
};

static bool exec_trace;

/* ---------------------------------------------------------------------- */
/* Register context                                                       */

struct cp_reg {
	uint8_t op0, op1, crn, crm, op2;
	size_t off;			/* in struct rec_ctx */
};

#define CP(o0, o1, n, m, o2, field)					\
	{ o0, o1, n, m, o2, offsetof(struct rec_ctx, field) }
static const struct cp_reg ctx_cp_regs[] = {
	CP(3, 0, 1, 0, 0, sctlr_el1),
	CP(3, 0, 2, 0, 0, ttbr0_el1),
	CP(3, 0, 2, 0, 1, ttbr1_el1),
	CP(3, 0, 2, 0, 2, tcr_el1),
	CP(3, 0, 10, 2, 0, mair_el1),
	CP(3, 0, 10, 3, 0, amair_el1),
	CP(3, 0, 12, 0, 0, vbar_el1),
	CP(3, 0, 13, 0, 1, contextidr_el1),
	CP(3, 3, 13, 0, 2, tpidr_el0),
	CP(3, 3, 13, 0, 3, tpidrro_el0),
	CP(3, 0, 13, 0, 4, tpidr_el1),
	CP(3, 0, 1, 0, 2, cpacr_el1),
	CP(3, 0, 7, 4, 0, par_el1),
	CP(2, 0, 0, 2, 2, mdscr_el1),
	CP(3, 0, 14, 1, 0, cntkctl_el1),
	CP(3, 4, 14, 0, 3, cntvoff),
	CP(3, 0, 4, 0, 1, elr_el1),
	CP(3, 0, 4, 0, 0, spsr_el1),
	CP(3, 0, 5, 2, 0, esr_el1),
	CP(3, 0, 6, 0, 0, far_el1),
};
#undef CP

static const struct cp_reg cp_cntpct = { 3, 3, 14, 0, 1, 0 };
static const struct cp_reg cp_cntvct = { 3, 3, 14, 0, 2, 0 };
static const struct cp_reg cp_scr_el3 = { 3, 6, 1, 1, 0, 0 };
static const struct cp_reg cp_hcr_el2 = { 3, 4, 1, 1, 0, 0 };
static const struct cp_reg cp_vmpidr_el2 = { 3, 4, 0, 0, 5, 0 };

static int gpr_ids[31];

static void gpr_ids_init(void)
{
	int i;

	for (i = 0; i <= 28; i++)
		gpr_ids[i] = UC_ARM64_REG_X0 + i;
	gpr_ids[29] = UC_ARM64_REG_X29;
	gpr_ids[30] = UC_ARM64_REG_X30;
}

static void uc_check(uc_err err, const char *what)
{
	if (err != UC_ERR_OK) {
		fprintf(stderr, "rmm: exec: %s: %s\n", what, uc_strerror(err));
		abort();	/* the emulator failing is a broken platform */
	}
}

static uint64_t cp_read(uc_engine *uc, const struct cp_reg *r)
{
	uc_arm64_cp_reg cp = {
		.crn = r->crn, .crm = r->crm, .op0 = r->op0,
		.op1 = r->op1, .op2 = r->op2,
	};

	uc_check(uc_reg_read(uc, UC_ARM64_REG_CP_REG, &cp), "cp read");
	return cp.val;
}

static void cp_write(uc_engine *uc, const struct cp_reg *r, uint64_t val)
{
	uc_arm64_cp_reg cp = {
		.crn = r->crn, .crm = r->crm, .op0 = r->op0,
		.op1 = r->op1, .op2 = r->op2, .val = val,
	};

	uc_check(uc_reg_write(uc, UC_ARM64_REG_CP_REG, &cp), "cp write");
}

static uint64_t reg_read(uc_engine *uc, int id)
{
	uint64_t v = 0;

	uc_check(uc_reg_read(uc, id, &v), "reg read");
	return v;
}

static void reg_write(uc_engine *uc, int id, uint64_t v)
{
	uc_check(uc_reg_write(uc, id, &v), "reg write");
}

/* SP in use: SP_EL1 at EL1h, SP_EL0 at EL0 and EL1t. */
static bool pstate_uses_sp_el1(uint64_t pstate)
{
	return PSTATE_EL(pstate) && (pstate & PSTATE_SP);
}

static void ctx_load(uc_engine *uc, const struct rmm_rec *rec)
{
	const struct rec_ctx *c = &rec->ctx;
	void *vals[31];
	size_t i;

	for (i = 0; i < 31; i++)
		vals[i] = (void *)&c->gprs[i];
	uc_check(uc_reg_write_batch(uc, gpr_ids, vals, 31), "gprs write");
	for (i = 0; i < 32; i++)
		uc_check(uc_reg_write(uc, UC_ARM64_REG_Q0 + (int)i,
				      c->vregs[i]), "vreg write");
	reg_write(uc, UC_ARM64_REG_FPCR, c->fpcr);
	reg_write(uc, UC_ARM64_REG_FPSR, c->fpsr);
	for (i = 0; i < ARRAY_SIZE(ctx_cp_regs); i++)
		cp_write(uc, &ctx_cp_regs[i],
			 *(const uint64_t *)((const uint8_t *)c +
					     ctx_cp_regs[i].off));
	cp_write(uc, &cp_vmpidr_el2, rec->mpidr | MPIDR_RES1);
	/* Banked SPs first, then PSTATE, then the live SP of that mode. */
	reg_write(uc, UC_ARM64_REG_SP_EL0, c->sp_el0);
	reg_write(uc, UC_ARM64_REG_SP_EL1, c->sp_el1);
	reg_write(uc, UC_ARM64_REG_PSTATE, c->pstate);
	reg_write(uc, UC_ARM64_REG_SP,
		  pstate_uses_sp_el1(c->pstate) ? c->sp_el1 : c->sp_el0);
	reg_write(uc, UC_ARM64_REG_PC, c->pc);
}

static void ctx_save(uc_engine *uc, struct rmm_rec *rec)
{
	struct rec_ctx *c = &rec->ctx;
	void *vals[31];
	uint64_t sp;
	size_t i;

	for (i = 0; i < 31; i++)
		vals[i] = &c->gprs[i];
	uc_check(uc_reg_read_batch(uc, gpr_ids, vals, 31), "gprs read");
	for (i = 0; i < 32; i++)
		uc_check(uc_reg_read(uc, UC_ARM64_REG_Q0 + (int)i,
				     c->vregs[i]), "vreg read");
	c->fpcr = reg_read(uc, UC_ARM64_REG_FPCR);
	c->fpsr = reg_read(uc, UC_ARM64_REG_FPSR);
	for (i = 0; i < ARRAY_SIZE(ctx_cp_regs); i++)
		*(uint64_t *)((uint8_t *)c + ctx_cp_regs[i].off) =
			cp_read(uc, &ctx_cp_regs[i]);
	c->pc = reg_read(uc, UC_ARM64_REG_PC);
	c->pstate = reg_read(uc, UC_ARM64_REG_PSTATE) & 0xffffffffUL;
	sp = reg_read(uc, UC_ARM64_REG_SP);
	if (pstate_uses_sp_el1(c->pstate)) {
		c->sp_el1 = sp;
		c->sp_el0 = reg_read(uc, UC_ARM64_REG_SP_EL0);
	} else {
		c->sp_el0 = sp;
		c->sp_el1 = reg_read(uc, UC_ARM64_REG_SP_EL1);
	}
}

/*
 * Take a synchronous exception to EL1 in @c: @ec_low is the EC of the
 * exception taken from EL0 (aborts use EC + 1 from the current EL), @elr
 * the preferred return address.
 */
static void ctx_inject_sync(struct rec_ctx *c, uint64_t ec_low, bool same_ec,
			    uint64_t iss, uint64_t elr, bool far_valid,
			    uint64_t far)
{
	uint64_t ec = ec_low, off;

	if (!PSTATE_EL(c->pstate)) {
		off = 0x400;
	} else {
		off = (c->pstate & PSTATE_SP) ? 0x200 : 0x000;
		if (!same_ec)
			ec = ec_low + 1;
	}
	c->esr_el1 = (ec << ESR_EC_SHIFT) | ESR_IL | iss;
	if (far_valid)
		c->far_el1 = far;
	c->elr_el1 = elr;
	c->spsr_el1 = c->pstate;
	c->pstate = (c->pstate & PSTATE_NZCV) | PSTATE_EXC_ENTRY;
	c->pc = c->vbar_el1 + off;
}

static void ctx_inject_sea(struct rec_ctx *c, bool fetch, bool write,
			   uint64_t addr)
{
	if (fetch)
		ctx_inject_sync(c, EC_IABT_LOW, false, FSC_SEA, c->pc, true,
				addr);
	else
		ctx_inject_sync(c, EC_DABT_LOW, false,
				FSC_SEA | (write ? ISS_WNR : 0), c->pc, true,
				addr);
}

/* ---------------------------------------------------------------------- */
/* Stage 2                                                                */

enum s2_action {
	S2_MAP,
	S2_EXIT,
	S2_SEA,
};

/*
 * How an access of @fetch/@write kind to @ipa resolves: S2_MAP with the
 * RMM view *@va and *@prot, S2_EXIT with the walk *@level, or S2_SEA.
 */
static enum s2_action s2_resolve(struct rmm_realm *rd, uint64_t ipa,
				 bool fetch, void **va, uint32_t *prot,
				 int *level)
{
	uint64_t page = ipa & PAGE_MASK;
	struct rtt_entry *e;
	struct rtt_walk w;

	if (!ipa_in_range(rd, ipa))
		return S2_SEA;
	rtt_walk(rd, page, RTT_PAGE_LEVEL, &w);
	e = w.entry;
	*level = w.level;
	if (ipa_is_protected(rd, ipa)) {
		if (e->ripas == RIPAS_EMPTY)
			return S2_SEA;
		if (e->state == RTTE_ASSIGNED && e->ripas == RIPAS_RAM) {
			uint64_t off = page & (rtt_level_size(w.level) - 1);

			*va = granule_va(e->addr + off);
			*prot = UC_PROT_ALL;
			/* RMI-MIG dirty tracking: the first write faults. */
			if (mig_rtte_write_protected(e))
				*prot &= ~UC_PROT_WRITE;
			return S2_MAP;
		}
		return S2_EXIT;		/* UNASSIGNED RAM, DESTROYED */
	}
	if (fetch)
		return S2_SEA;
	if (e->state == RTTE_ASSIGNED_NS) {
		uint64_t off = page & (rtt_level_size(w.level) - 1);

		*va = granule_va(e->addr + off);
		*prot = ((e->attr & NS_ATTR_READ) ? UC_PROT_READ : 0) |
			((e->attr & NS_ATTR_WRITE) ? UC_PROT_WRITE : 0);
		return *prot ? S2_MAP : S2_EXIT;
	}
	return S2_EXIT;
}

/* Index of the first mapped page >= @ipa. */
static size_t pages_lower_bound(const struct realm_exec *x, uint64_t ipa)
{
	size_t lo = 0, hi = x->nr_pages;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->pages[mid] < ipa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool exec_map_page(struct realm_exec *x, uint64_t page, void *va,
			  uint32_t prot)
{
	size_t i = pages_lower_bound(x, page);

	if (x->nr_pages == x->cap_pages) {
		size_t cap = x->cap_pages ? x->cap_pages * 2 : 64;
		uint64_t *p = realloc(x->pages, cap * sizeof(*p));

		if (!p)
			return false;
		x->pages = p;
		x->cap_pages = cap;
	}
	if (uc_mem_map_ptr(x->uc, page, PAGE_SIZE, prot, va) != UC_ERR_OK)
		return false;
	memmove(&x->pages[i + 1], &x->pages[i],
		(x->nr_pages - i) * sizeof(*x->pages));
	x->pages[i] = page;
	x->nr_pages++;
	return true;
}

void realm_s2_invalidate(struct rmm_realm *rd, uint64_t base, uint64_t top)
{
	struct realm_exec *x = rd->exec;
	size_t first, i;

	if (!x || top <= base)
		return;
	base &= PAGE_MASK;
	first = pages_lower_bound(x, base);
	for (i = first; i < x->nr_pages && x->pages[i] < top; i++) {
		uc_check(uc_mem_unmap(x->uc, x->pages[i], PAGE_SIZE),
			 "unmap");
		/* Unmapping keeps translated code: drop it too. */
		uc_check(uc_ctl_remove_cache(x->uc, x->pages[i],
					     x->pages[i] + PAGE_SIZE),
			 "remove cache");
	}
	if (i == first)
		return;
	memmove(&x->pages[first], &x->pages[i],
		(x->nr_pages - i) * sizeof(*x->pages));
	x->nr_pages -= i - first;
}

void realm_s2_invalidate_lazy(struct rmm_realm *rd, uint64_t ipa)
{
	struct realm_exec *x = rd->exec;
	size_t i;

	if (!x)
		return;
	ipa &= PAGE_MASK;
	i = pages_lower_bound(x, ipa);
	if (i == x->nr_pages || x->pages[i] != ipa)
		return;			/* not mapped: nothing to drop */
	if (x->nr_stale == x->cap_stale) {
		size_t cap = x->cap_stale ? x->cap_stale * 2 : 64;
		uint64_t *p = realloc(x->stale, cap * sizeof(*p));

		if (!p) {
			realm_s2_invalidate(rd, ipa, ipa + PAGE_SIZE);
			return;
		}
		x->stale = p;
		x->cap_stale = cap;
	}
	x->stale[x->nr_stale++] = ipa;
}

/* Apply the invalidations realm_s2_invalidate_lazy() queued. */
static void exec_flush_stale(struct realm_exec *x)
{
	size_t i, n = x->nr_stale;

	x->nr_stale = 0;
	for (i = 0; i < n; i++)
		realm_s2_invalidate(x->rd, x->stale[i],
				    x->stale[i] + PAGE_SIZE);
}

/* Record @f and stop with @stop. Return: false (the access fails). */
static bool s2_stop(struct realm_exec *x, enum exec_stop stop,
		    const struct s2_fault *f)
{
	x->stop = stop;
	x->fault = *f;
	return false;
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr,
			  int size, int64_t value, void *user)
{
	struct realm_exec *x = user;
	struct s2_fault f = {
		.addr = addr,
		.fetch = type == UC_MEM_FETCH_UNMAPPED,
		.write = type == UC_MEM_WRITE_UNMAPPED,
	};
	uint32_t prot = 0;
	void *va = NULL;

	if (exec_trace)
		fprintf(stderr, "rmm: unmapped type %d addr 0x%llx size %d\n",
			type, (unsigned long long)addr, size);

	switch (s2_resolve(x->rd, addr, f.fetch, &va, &prot, &f.level)) {
	case S2_MAP:
		if (exec_map_page(x, addr & PAGE_MASK, va, prot))
			return true;
		fprintf(stderr, "rmm: exec: cannot map IPA 0x%llx\n",
			(unsigned long long)addr);
		abort();
	case S2_SEA:
		return s2_stop(x, STOP_S2_SEA, &f);
	case S2_EXIT:
	default:
		return s2_stop(x, STOP_S2_EXIT, &f);
	}
}

static bool hook_prot(uc_engine *uc, uc_mem_type type, uint64_t addr,
		      int size, int64_t value, void *user)
{
	struct realm_exec *x = user;
	struct s2_fault f = {
		.addr = addr,
		.fetch = type == UC_MEM_FETCH_PROT,
		.write = type == UC_MEM_WRITE_PROT,
		.perm = true,
		.level = RTT_PAGE_LEVEL,
	};

	if (ipa_is_protected(x->rd, addr)) {
		/* Write-protected for dirty tracking: log, make writable. */
		if (f.write && mig_s2_write_fault(x->rd, addr & PAGE_MASK)) {
			uc_check(uc_mem_protect(uc, addr & PAGE_MASK, PAGE_SIZE,
						UC_PROT_ALL), "protect");
			return true;
		}
		return s2_stop(x, STOP_S2_EXIT, &f);
	}
	if (f.fetch)
		return s2_stop(x, STOP_S2_SEA, &f);
	return s2_stop(x, STOP_S2_EXIT, &f);
}

/* Installed for its side effect only: Unicorn keeps the PC exact. */
static void hook_mem_access(uc_engine *uc, uc_mem_type type, uint64_t addr,
			    int size, int64_t value, void *user)
{
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
	struct realm_exec *x = user;

	/* Never write the PC here: that cancels uc_emu_stop() in 2.0.1. */
	x->stop = intno == 13 ? STOP_SMC : STOP_EXCEPTION;
	x->intno = intno;
	uc_emu_stop(uc);
}

/* EL1 timers, kept in the REC context (see the top of this file). */
#define TIMER_CTL_ENABLE	(1UL << 0)
#define TIMER_CTL_IMASK		(1UL << 1)
#define TIMER_CTL_ISTATUS	(1UL << 2)

static bool cp_is_timer(const uc_arm64_cp_reg *cp)
{
	return cp->op0 == 3 && cp->op1 == 3 && cp->crn == 14 &&
	       (cp->crm == 2 || cp->crm == 3) && cp->op2 <= 2;
}

static uint32_t hook_timer(uc_engine *uc, uc_arm64_reg reg,
			   const uc_arm64_cp_reg *cp, void *user, bool write)
{
	struct realm_exec *x = user;
	struct rec_ctx *c = &x->rec->ctx;
	bool virt = cp->crm == 3;
	uint64_t *ctl = virt ? &c->cntv_ctl : &c->cntp_ctl;
	uint64_t *cval = virt ? &c->cntv_cval : &c->cntp_cval;
	uint64_t now, val = 0;

	if (!cp_is_timer(cp))
		return 0;
	now = cp_read(uc, virt ? &cp_cntvct : &cp_cntpct);
	if (write) {
		val = cp->val;
		switch (cp->op2) {
		case 0:		/* TVAL: signed 32-bit offset from now */
			*cval = now + (uint64_t)(int64_t)(int32_t)val;
			break;
		case 1:
			*ctl = val & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK);
			break;
		default:
			*cval = val;
			break;
		}
		return 1;
	}
	switch (cp->op2) {
	case 0:
		val = (uint32_t)(*cval - now);
		break;
	case 1:
		val = *ctl;
		if ((*ctl & TIMER_CTL_ENABLE) && now >= *cval)
			val |= TIMER_CTL_ISTATUS;
		break;
	default:
		val = *cval;
		break;
	}
	if (reg != UC_ARM64_REG_XZR)
		reg_write(uc, reg, val);
	return 1;
}

static uint32_t hook_msr(uc_engine *uc, uc_arm64_reg reg,
			 const uc_arm64_cp_reg *cp, void *user)
{
	return hook_timer(uc, reg, cp, user, true);
}

static uint32_t hook_mrs(uc_engine *uc, uc_arm64_reg reg,
			 const uc_arm64_cp_reg *cp, void *user)
{
	return hook_timer(uc, reg, cp, user, false);
}

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size,
		       void *user)
{
	struct realm_exec *x = user;
	uint64_t n = size / 4 ? size / 4 : 1;

	if (!x->budget) {
		x->stop = STOP_BUDGET;
		uc_emu_stop(uc);
		return;
	}
	x->budget = n >= x->budget ? 0 : x->budget - n;
}

/*
 * RMI-MIG dirty tracking hooks (mig_internal.h), defined by mig_export.c.
 * These weak defaults keep the model whole without the migration sources:
 * nothing is ever tracked.
 */
__attribute__((weak)) bool mig_rtte_write_protected(const struct rtt_entry *e)
{
	return false;
}

__attribute__((weak)) bool mig_s2_write_fault(struct rmm_realm *rd,
					      uint64_t ipa)
{
	return false;
}

__attribute__((weak)) void mig_realm_wrote(struct rmm_realm *rd, uint64_t ipa)
{
}

/* ---------------------------------------------------------------------- */
/* Engine lifecycle                                                       */

static struct realm_exec *realm_exec_new(struct rmm_realm *rd)
{
	struct realm_exec *x = calloc(1, sizeof(*x));
	uc_hook h;

	if (!x)
		return NULL;
	if (!gpr_ids[1]) {
		gpr_ids_init();
		exec_trace = getenv("RMM_EXEC_TRACE") != NULL;
	}
	x->rd = rd;
	uc_check(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &x->uc), "uc_open");
	uc_check(uc_ctl_set_cpu_model(x->uc, UC_CPU_ARM64_MAX), "cpu model");
	uc_check(uc_hook_add(x->uc, &h, UC_HOOK_MEM_UNMAPPED, hook_unmapped,
			     x, 1, 0), "hook unmapped");
	uc_check(uc_hook_add(x->uc, &h, UC_HOOK_MEM_PROT, hook_prot, x, 1, 0),
		 "hook prot");
	uc_check(uc_hook_add(x->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
			     hook_mem_access, x, 1, 0), "hook mem");
	uc_check(uc_hook_add(x->uc, &h, UC_HOOK_INTR, hook_intr, x, 1, 0),
		 "hook intr");
	uc_check(uc_hook_add(x->uc, &h, UC_HOOK_BLOCK, hook_block, x, 1, 0),
		 "hook block");
	uc_check(uc_hook_add(x->uc, &h, UC_HOOK_INSN, hook_msr, x, 1, 0,
			     UC_ARM64_INS_MSR), "hook msr");
	uc_check(uc_hook_add(x->uc, &h, UC_HOOK_INSN, hook_mrs, x, 1, 0,
			     UC_ARM64_INS_MRS), "hook mrs");
	/* Non-secure EL1 below an AArch64 EL2 that traps nothing. */
	cp_write(x->uc, &cp_scr_el3,
		 cp_read(x->uc, &cp_scr_el3) | SCR_EL3_NS | SCR_EL3_RW);
	cp_write(x->uc, &cp_hcr_el2, HCR_EL2_RW);
	rd->exec = x;
	return x;
}

static void realm_exec_free(struct realm_exec *x)
{
	x->rd->exec = NULL;
	uc_close(x->uc);
	free(x->pages);
	free(x->stale);
	free(x);
}

void rec_exec_free(struct rmm_rec *rec)
{
	struct realm_exec *x = rec->exec;

	if (!x)
		return;
	rec->exec = NULL;
	rec->uc = NULL;
	if (!--x->users)
		realm_exec_free(x);
}

static struct realm_exec *rec_exec_get(struct rmm_rec *rec)
{
	struct realm_exec *x = rec->exec;

	if (x)
		return x;
	x = rec->rd->exec;
	if (!x)
		x = realm_exec_new(rec->rd);
	if (!x)
		return NULL;
	x->users++;
	rec->exec = x;
	rec->uc = x->uc;
	return x;
}

/* ---------------------------------------------------------------------- */
/* Realm memory accessed by the RMM (RSI arguments)                        */

struct ipa_lookup {
	void *va;		/* RMM view, NULL if not ASSIGNED RAM */
	uint8_t ripas;
	int level;
};

static void realm_ipa_lookup(struct rmm_realm *rd, uint64_t ipa,
			     struct ipa_lookup *l)
{
	struct rtt_walk w;

	rtt_walk(rd, ipa & PAGE_MASK, RTT_PAGE_LEVEL, &w);
	l->level = w.level;
	l->ripas = w.entry->ripas;
	l->va = NULL;
	if (w.entry->state == RTTE_ASSIGNED && w.entry->ripas == RIPAS_RAM)
		l->va = (uint8_t *)granule_va(w.entry->addr +
			((ipa & PAGE_MASK) & (rtt_level_size(w.level) - 1))) +
			(ipa & ~PAGE_MASK);
}

/*
 * The RMM wrote realm memory at @ipa: drop code translated from it and tell
 * dirty tracking.
 */
static void realm_wrote(struct realm_exec *x, uint64_t ipa)
{
	uc_check(uc_ctl_remove_cache(x->uc, ipa & PAGE_MASK,
				     (ipa & PAGE_MASK) + PAGE_SIZE),
		 "remove cache");
	mig_realm_wrote(x->rd, ipa & PAGE_MASK);
}

/* [@base, @top) is in the Protected IPA space. */
static bool range_in_par(const struct rmm_realm *rd, uint64_t base,
			 uint64_t top)
{
	return base < top && ipa_is_protected(rd, base) &&
	       ipa_is_protected(rd, top - 1);
}

/* ---------------------------------------------------------------------- */
/* REC exit                                                               */

static void exit_put(uint8_t *exit, size_t off, uint64_t val, size_t len)
{
	memcpy(exit + off - RMI_REC_EXIT_BASE, &val, len);
}

static void exit_set_reason(uint8_t *exit, enum rmi_exit_reason reason)
{
	exit_put(exit, RMI_REC_EXIT_REASON, reason, 1);
}

static void exit_set_gpr(uint8_t *exit, unsigned int i, uint64_t val)
{
	exit_put(exit, RMI_REC_EXIT_GPRS + 8 * i, val, 8);
}

/* A REC exit due to a stage-2 abort: report @esr (full) to the host. */
static void exit_s2_abort(struct rmm_rec *rec, uint8_t *exit, uint64_t esr,
			  uint64_t far, uint64_t ipa, bool emulatable)
{
	uint64_t shown = esr & (emulatable ? ESR_EMUL_MASK : ESR_NONEMUL_MASK);

	exit_set_reason(exit, RMI_EXIT_SYNC);
	exit_put(exit, RMI_REC_EXIT_ESR, shown, 8);
	exit_put(exit, RMI_REC_EXIT_FAR, emulatable ? far & ~PAGE_MASK : 0, 8);
	exit_put(exit, RMI_REC_EXIT_HPFAR, HPFAR(ipa), 8);
	rec->exit_esr = esr;
	rec->exit_far = far;
	rec->exit_hpfar = HPFAR(ipa);
}

/*
 * Decode the load/store at @insn for an ISV=1 syndrome: single GPR, no
 * writeback (unsigned offset, unscaled, register offset). Return: the ISS
 * bits ISV, SAS, SSE, SRT, SF, or 0 if not emulatable.
 */
static uint64_t ldst_iss(uint32_t insn)
{
	uint32_t size = insn >> 30, opc = (insn >> 22) & 3, rt = insn & 0x1f;
	bool uimm = (insn & 0x3b000000) == 0x39000000;
	bool unscaled = (insn & 0x3b200c00) == 0x38000000;
	bool regoff = (insn & 0x3b200c00) == 0x38200800;
	uint64_t iss;
	bool sf;

	if (!uimm && !unscaled && !regoff)
		return 0;
	if (insn & (1U << 26))
		return 0;			/* SIMD&FP */
	if (opc >= 2 && size == 3)
		return 0;			/* PRFM and unallocated */
	if (opc == 3 && size == 2)
		return 0;			/* unallocated (LDRSW is opc 2) */
	iss = ISS_ISV | ((uint64_t)size << ISS_SAS_SHIFT) |
	      ((uint64_t)rt << ISS_SRT_SHIFT);
	if (opc >= 2)
		iss |= ISS_SSE;
	sf = size == 3 || opc == 2;
	if (sf)
		iss |= ISS_SF;
	return iss;
}

static uint32_t insn_at(struct realm_exec *x, uint64_t pc)
{
	uint32_t insn = 0;

	if (uc_mem_read(x->uc, pc, &insn, sizeof(insn)) != UC_ERR_OK)
		return 0;
	return insn;
}

/* Report the stage-2 fault recorded by a memory hook. */
static void exit_s2_fault(struct realm_exec *x, struct rmm_rec *rec,
			  uint8_t *exit)
{
	const struct s2_fault *f = &x->fault;
	uint64_t fsc = f->perm ? FSC_PERM(f->level) : FSC_TRANS(f->level);
	bool prot = ipa_is_protected(rec->rd, f->addr);
	uint64_t esr, iss = 0;

	if (f->fetch) {
		esr = ((uint64_t)EC_IABT_LOW << ESR_EC_SHIFT) | ESR_IL | fsc;
		exit_s2_abort(rec, exit, esr, f->addr, f->addr, false);
		rec->pending = REC_PENDING_NONE;
		return;
	}
	if (!prot)
		iss = ldst_iss(insn_at(x, rec->ctx.pc));
	esr = ((uint64_t)EC_DABT_LOW << ESR_EC_SHIFT) | ESR_IL | fsc | iss |
	      (f->write ? ISS_WNR : 0);
	exit_s2_abort(rec, exit, esr, f->addr, f->addr, !prot);
	rec->pending = REC_PENDING_NONE;
	if (!prot && (iss & ISS_ISV)) {
		rec->pending = REC_PENDING_MMIO;
		if (f->write) {
			unsigned int rt = ISS_SRT(esr);
			unsigned int bits = 8U << ISS_SAS(esr);
			uint64_t val = rt == 31 ? 0 : rec->ctx.gprs[rt];

			if (bits < 64)
				val &= (1ULL << bits) - 1;
			exit_set_gpr(exit, 0, val);
		}
	}
}

/* RSI argument page @ipa is not mapped: exit as a stage-2 data abort. */
static void exit_rsi_s2_abort(struct rmm_rec *rec, uint8_t *exit,
			      uint64_t ipa, int level)
{
	uint64_t esr = ((uint64_t)EC_DABT_LOW << ESR_EC_SHIFT) |
		       FSC_TRANS(level);

	exit_s2_abort(rec, exit, esr, 0, ipa, false);
	rec->pending = REC_PENDING_NONE;
}

/* ---------------------------------------------------------------------- */
/* RSI                                                                    */

/*
 * Each handler works on the saved context of @rec, whose PC is past the
 * SMC. Return: true to exit to the host (@exit filled), false to resume.
 */

static void rsi_version(uint64_t *r)
{
	uint64_t req = r[1];

	r[0] = (req >> 16) == RSI_ABI_MAJOR &&
	       (req & 0xffff) <= RSI_ABI_MINOR ? RSI_SUCCESS : RSI_ERROR_INPUT;
	r[1] = RSI_ABI_VERSION;
	r[2] = RSI_ABI_VERSION;
}

static void rsi_measurement_read(struct rmm_realm *rd, uint64_t *r)
{
	uint64_t index = r[1];
	const uint8_t *m;

	if (index >= RSI_MEASUREMENT_SLOTS) {
		r[0] = RSI_ERROR_INPUT;
		return;
	}
	m = index ? rd->rem[index - 1] : rd->rim;
	memcpy(&r[1], m, 64);
	r[0] = RSI_SUCCESS;
}

static void rsi_measurement_extend(struct rmm_realm *rd, uint64_t *r)
{
	const EVP_MD *md = rd->hash_algo == RMI_HASH_SHA_512 ?
			   EVP_sha512() : EVP_sha256();
	uint64_t index = r[1], size = r[2];
	uint8_t out[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx;

	if (index < 1 || index >= RSI_MEASUREMENT_SLOTS || size > 64) {
		r[0] = RSI_ERROR_INPUT;
		return;
	}
	ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, md, NULL) ||
	    !EVP_DigestUpdate(ctx, rd->rem[index - 1],
			      (size_t)EVP_MD_size(md)) ||
	    (size && !EVP_DigestUpdate(ctx, &r[3], size)) ||
	    !EVP_DigestFinal_ex(ctx, out, &n))
		abort();	/* libcrypto failing is a broken platform */
	EVP_MD_CTX_free(ctx);
	memset(rd->rem[index - 1], 0, 64);
	memcpy(rd->rem[index - 1], out, n);
	r[0] = RSI_SUCCESS;
}

static bool rsi_realm_config(struct realm_exec *x, struct rmm_rec *rec,
			     uint8_t *exit)
{
	struct rmm_realm *rd = rec->rd;
	uint64_t *r = rec->ctx.gprs, ipa = r[1], v;
	struct ipa_lookup l;

	if (!ALIGNED(ipa, PAGE_SIZE) || !range_in_par(rd, ipa, ipa + 1)) {
		r[0] = RSI_ERROR_INPUT;
		return false;
	}
	realm_ipa_lookup(rd, ipa, &l);
	if (!l.va) {
		if (l.ripas == RIPAS_EMPTY) {
			r[0] = RSI_ERROR_INPUT;
			return false;
		}
		rec->ctx.pc -= 4;	/* retry the SMC once mapped */
		exit_rsi_s2_abort(rec, exit, ipa, l.level);
		return true;
	}
	memset(l.va, 0, RSI_REALM_CONFIG_RPV + sizeof(rd->rpv));
	v = rd->s2sz;
	memcpy((uint8_t *)l.va + RSI_REALM_CONFIG_IPA_WIDTH, &v, 8);
	v = rd->hash_algo;
	memcpy((uint8_t *)l.va + RSI_REALM_CONFIG_HASH_ALGO, &v, 8);
	memcpy((uint8_t *)l.va + RSI_REALM_CONFIG_RPV, rd->rpv,
	       sizeof(rd->rpv));
	realm_wrote(x, ipa);
	r[0] = RSI_SUCCESS;
	return false;
}

static bool rsi_ipa_state_set(struct rmm_rec *rec, uint8_t *exit)
{
	uint64_t *r = rec->ctx.gprs;
	uint64_t base = r[1], top = r[2], ripas = r[3], flags = r[4];

	if (!ALIGNED(base, PAGE_SIZE) || !ALIGNED(top, PAGE_SIZE) ||
	    !range_in_par(rec->rd, base, top) ||
	    (ripas != RIPAS_EMPTY && ripas != RIPAS_RAM) || (flags & ~1UL)) {
		r[0] = RSI_ERROR_INPUT;
		return false;
	}
	rec->pending = REC_PENDING_RIPAS;
	rec->ripas_addr = base;
	rec->ripas_top = top;
	rec->ripas_value = (uint8_t)ripas;
	rec->ripas_flags = flags;
	rec->ripas_rejected = false;
	exit_set_reason(exit, RMI_EXIT_RIPAS_CHANGE);
	exit_put(exit, RMI_REC_EXIT_RIPAS_BASE, base, 8);
	exit_put(exit, RMI_REC_EXIT_RIPAS_TOP, top, 8);
	exit_put(exit, RMI_REC_EXIT_RIPAS_VALUE, ripas, 1);
	return true;
}

static void rsi_ipa_state_get(struct rmm_realm *rd, uint64_t *r)
{
	uint64_t base = r[1], top = r[2], addr;
	struct rtt_walk w;
	uint8_t ripas;

	if (!ALIGNED(base, PAGE_SIZE) || !ALIGNED(top, PAGE_SIZE) ||
	    !range_in_par(rd, base, top)) {
		r[0] = RSI_ERROR_INPUT;
		return;
	}
	rtt_walk(rd, base, RTT_PAGE_LEVEL, &w);
	ripas = w.entry->ripas;
	addr = base;
	while (addr < top) {
		uint64_t size = rtt_level_size(w.level);

		addr = (addr & ~(size - 1)) + size;
		if (addr >= top)
			break;
		rtt_walk(rd, addr, RTT_PAGE_LEVEL, &w);
		if (w.entry->ripas != ripas)
			break;
	}
	r[0] = RSI_SUCCESS;
	r[1] = addr < top ? addr : top;
	r[2] = ripas;
}

static bool rsi_host_call(struct rmm_rec *rec, uint8_t *exit)
{
	struct rmm_realm *rd = rec->rd;
	uint64_t *r = rec->ctx.gprs, ipa = r[1];
	struct ipa_lookup l;
	uint16_t imm;
	unsigned int i;

	if (!ALIGNED(ipa, RSI_HOST_CALL_SIZE) ||
	    !range_in_par(rd, ipa, ipa + RSI_HOST_CALL_SIZE)) {
		r[0] = RSI_ERROR_INPUT;
		return false;
	}
	realm_ipa_lookup(rd, ipa, &l);
	if (!l.va) {
		if (l.ripas == RIPAS_EMPTY) {
			r[0] = RSI_ERROR_INPUT;
			return false;
		}
		rec->ctx.pc -= 4;
		exit_rsi_s2_abort(rec, exit, ipa, l.level);
		return true;
	}
	memcpy(&imm, (uint8_t *)l.va + RSI_HOST_CALL_IMM, sizeof(imm));
	exit_set_reason(exit, RMI_EXIT_HOST_CALL);
	exit_put(exit, RMI_REC_EXIT_IMM, imm, 2);
	for (i = 0; i < RSI_HOST_CALL_NR_GPRS; i++) {
		uint64_t v;

		memcpy(&v, (uint8_t *)l.va + RSI_HOST_CALL_GPRS + 8 * i, 8);
		exit_set_gpr(exit, i, v);
	}
	rec->pending = REC_PENDING_HOST_CALL;
	rec->host_call_ipa = ipa;
	return true;
}

/* Write the host's results back to the RsiHostCall. Return: false to exit. */
static bool host_call_complete(struct realm_exec *x, struct rmm_rec *rec,
			       const uint8_t *enter, uint8_t *exit)
{
	struct ipa_lookup l;

	realm_ipa_lookup(rec->rd, rec->host_call_ipa, &l);
	if (!l.va && l.ripas != RIPAS_EMPTY) {
		/* The host unmapped the page meanwhile: make it map it. */
		exit_rsi_s2_abort(rec, exit, rec->host_call_ipa, l.level);
		rec->pending = REC_PENDING_HOST_CALL;
		return false;
	}
	if (l.va) {
		memcpy((uint8_t *)l.va + RSI_HOST_CALL_GPRS,
		       enter + RMI_REC_ENTER_GPRS, 8 * RSI_HOST_CALL_NR_GPRS);
		realm_wrote(x, rec->host_call_ipa);
	}
	rec->ctx.gprs[0] = l.va ? RSI_SUCCESS : RSI_ERROR_INPUT;
	rec->pending = REC_PENDING_NONE;
	return true;
}

/* ---------------------------------------------------------------------- */
/* PSCI                                                                   */

static bool psci_fid_is(uint64_t fid, uint64_t psci)
{
	return (fid & ~0x40000000UL) == (psci & ~0x40000000UL);
}

static void exit_psci(uint8_t *exit, uint64_t fid, unsigned int nr,
		      const uint64_t *r)
{
	unsigned int i;

	exit_set_reason(exit, RMI_EXIT_PSCI);
	exit_set_gpr(exit, 0, fid);
	for (i = 1; i < nr; i++)
		exit_set_gpr(exit, i, r[i]);
}

static bool psci_features_supported(uint64_t fid)
{
	static const uint64_t ids[] = {
		PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_OFF, PSCI_CPU_ON,
		PSCI_AFFINITY_INFO, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,
		PSCI_FEATURES,
	};
	size_t i;

	if (fid == SMCCC_VERSION)
		return true;
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		if (fid == ids[i] || ((ids[i] & 0x40000000UL) &&
				      fid == (ids[i] & ~0x40000000UL)))
			return true;
	return false;
}

/* Is @mpidr a REC of @rd (created, maybe destroyed since)? */
static bool psci_target_valid(const struct rmm_realm *rd, uint64_t mpidr)
{
	return rec_mpidr_valid(mpidr) &&
	       rec_mpidr_to_index(mpidr) < rd->rec_index;
}

static bool handle_psci(struct rmm_rec *rec, uint8_t *exit, uint64_t fid)
{
	struct rmm_realm *rd = rec->rd;
	uint64_t *r = rec->ctx.gprs;
	bool smc32 = !(fid & 0x40000000UL);
	uint64_t a1 = smc32 ? r[1] & 0xffffffffUL : r[1];
	uint64_t a2 = smc32 ? r[2] & 0xffffffffUL : r[2];
	struct rmm_rec *target;

	if (fid == PSCI_VERSION) {
		r[0] = PSCI_VERSION_1_1;
	} else if (psci_fid_is(fid, PSCI_CPU_SUSPEND)) {
		exit_psci(exit, fid, 1, r);
		r[0] = PSCI_RET_SUCCESS;
		return true;
	} else if (fid == PSCI_CPU_OFF) {
		rec->runnable = false;
		exit_psci(exit, fid, 1, r);
		r[0] = PSCI_RET_SUCCESS;
		return true;
	} else if (psci_fid_is(fid, PSCI_CPU_ON)) {
		if (!range_in_par(rd, a2, a2 + 1))
			r[0] = (uint64_t)PSCI_RET_INVALID_ADDRESS;
		else if (!psci_target_valid(rd, a1))
			r[0] = (uint64_t)PSCI_RET_INVALID_PARAMS;
		else if (rec_mpidr_to_index(a1) == rec->index)
			r[0] = (uint64_t)PSCI_RET_ALREADY_ON;
		else if (!realm_rec_by_mpidr(rd, a1))
			r[0] = (uint64_t)PSCI_RET_INVALID_PARAMS;
		else {
			r[1] = a1;
			r[2] = a2;
			if (smc32)
				r[3] &= 0xffffffffUL;
			rec->pending = REC_PENDING_PSCI;
			rec->psci_fid = fid;
			rec->psci_target = a1;
			exit_psci(exit, fid, 2, r);
			return true;
		}
	} else if (psci_fid_is(fid, PSCI_AFFINITY_INFO)) {
		if (a2 != 0 || !psci_target_valid(rd, a1)) {
			r[0] = (uint64_t)PSCI_RET_INVALID_PARAMS;
		} else {
			target = realm_rec_by_mpidr(rd, a1);
			r[0] = target && (target == rec || target->runnable) ?
			       PSCI_AFFINITY_INFO_ON : PSCI_AFFINITY_INFO_OFF;
		}
	} else if (fid == PSCI_SYSTEM_OFF || fid == PSCI_SYSTEM_RESET) {
		rd->state = REALM_SYSTEM_OFF;
		exit_psci(exit, fid, 1, r);
		return true;
	} else if (fid == PSCI_FEATURES) {
		r[0] = psci_features_supported(a1) ? PSCI_RET_SUCCESS :
		       (uint64_t)PSCI_RET_NOT_SUPPORTED;
	} else {
		r[0] = (uint64_t)PSCI_RET_NOT_SUPPORTED;
	}
	return false;
}

static bool handle_smc(struct realm_exec *x, struct rmm_rec *rec,
		       uint8_t *exit)
{
	uint64_t *r = rec->ctx.gprs;
	uint64_t fid = r[0] & 0xffffffffUL;

	if (exec_trace)
		fprintf(stderr, "rmm: rec %llu smc 0x%llx x1 0x%llx\n",
			(unsigned long long)rec->index,
			(unsigned long long)fid, (unsigned long long)r[1]);
	switch (fid) {
	case SMCCC_VERSION:
		r[0] = SMCCC_VERSION_1_2;
		return false;
	case SMC_RSI_VERSION:
		rsi_version(r);
		return false;
	case SMC_RSI_FEATURES:
		r[0] = RSI_SUCCESS;
		r[1] = 0;
		return false;
	case SMC_RSI_MEASUREMENT_READ:
		rsi_measurement_read(rec->rd, r);
		return false;
	case SMC_RSI_MEASUREMENT_EXTEND:
		rsi_measurement_extend(rec->rd, r);
		return false;
	case SMC_RSI_REALM_CONFIG:
		return rsi_realm_config(x, rec, exit);
	case SMC_RSI_IPA_STATE_SET:
		return rsi_ipa_state_set(rec, exit);
	case SMC_RSI_IPA_STATE_GET:
		rsi_ipa_state_get(rec->rd, r);
		return false;
	case SMC_RSI_HOST_CALL:
		return rsi_host_call(rec, exit);
	default:
		break;
	}
	if (PSCI_FID_IS_PSCI(fid))
		return handle_psci(rec, exit, fid);
	r[0] = (uint64_t)SMCCC_NOT_SUPPORTED;
	return false;
}

/* ---------------------------------------------------------------------- */
/* Exceptions raised by the emulator                                      */

static void inject_exception(struct realm_exec *x, struct rmm_rec *rec)
{
	struct rec_ctx *c = &rec->ctx;
	uint32_t insn;

	switch (x->intno) {
	case 2:		/* SVC: PC past it */
		insn = insn_at(x, c->pc - 4);
		ctx_inject_sync(c, EC_SVC64, true, (insn >> 5) & 0xffff, c->pc,
				false, 0);
		break;
	case 7:		/* BRK: PC at it */
		insn = insn_at(x, c->pc);
		ctx_inject_sync(c, EC_BRK64, true, (insn >> 5) & 0xffff, c->pc,
				false, 0);
		break;
	case 3:		/* prefetch abort raised by the emulator itself */
		ctx_inject_sync(c, EC_IABT_LOW, false, FSC_SEA, c->pc, true,
				c->pc);
		break;
	case 4:		/* data abort raised by the emulator itself */
		ctx_inject_sync(c, EC_DABT_LOW, false, FSC_ALIGN | ISS_FNV,
				c->pc, false, 0);
		break;
	case 11:	/* HVC: PC past it; an RMM injects UNDEF */
		ctx_inject_sync(c, EC_UNKNOWN, true, 0, c->pc - 4, false, 0);
		break;
	case 1:		/* UDF and everything UNDEFINED: PC at it */
	default:
		ctx_inject_sync(c, EC_UNKNOWN, true, 0, c->pc, false, 0);
		break;
	}
}

/* ---------------------------------------------------------------------- */
/* REC entry                                                              */

static uint64_t enter_get64(const uint8_t *enter, size_t off)
{
	uint64_t v;

	memcpy(&v, enter + off, sizeof(v));
	return v;
}

/* Complete an emulated MMIO read: Rt = the host's value, extended. */
static void mmio_complete(struct rmm_rec *rec, const uint8_t *enter)
{
	uint64_t esr = rec->exit_esr;
	unsigned int rt = ISS_SRT(esr), bits = 8U << ISS_SAS(esr);
	uint64_t val = enter_get64(enter, RMI_REC_ENTER_GPRS);

	if (!(esr & ISS_WNR) && rt != 31) {
		if (bits < 64) {
			val &= (1ULL << bits) - 1;
			if ((esr & ISS_SSE) && (val >> (bits - 1)) & 1)
				val |= ~0ULL << bits;
		}
		if (!(esr & ISS_SF))
			val &= 0xffffffffUL;
		rec->ctx.gprs[rt] = val;
	}
	rec->ctx.pc += 4;
}

/*
 * Complete what the last REC exit left pending. Return: false if the REC
 * must exit again before running (@exit filled).
 */
static bool rec_enter_complete(struct realm_exec *x, struct rmm_rec *rec,
			       const uint8_t *enter, uint8_t *exit)
{
	uint64_t flags = enter_get64(enter, RMI_REC_ENTER_FLAGS);
	uint64_t *r = rec->ctx.gprs;

	if (flags & RMI_REC_ENTER_FLAG_INJECT_SEA)
		ctx_inject_sea(&rec->ctx, false, rec->exit_esr & ISS_WNR,
			       rec->exit_far);
	else if (flags & RMI_REC_ENTER_FLAG_EMULATED_MMIO)
		mmio_complete(rec, enter);
	if (rec->pending == REC_PENDING_MMIO)
		rec->pending = REC_PENDING_NONE;	/* retried if not done */

	if (rec->pending == REC_PENDING_RIPAS) {
		bool reject = (flags & RMI_REC_ENTER_FLAG_RIPAS_RESPONSE) &&
			      rec->ripas_value == RIPAS_RAM &&
			      rec->ripas_addr != rec->ripas_top;

		r[0] = RSI_SUCCESS;
		r[1] = rec->ripas_addr;
		r[2] = reject ? RSI_REJECT : RSI_ACCEPT;
		rec->ripas_rejected = reject;
		rec->pending = REC_PENDING_NONE;
	}
	if (rec->pending == REC_PENDING_HOST_CALL &&
	    !host_call_complete(x, rec, enter, exit))
		return false;
	rec->exit_esr = rec->exit_far = rec->exit_hpfar = 0;
	return true;
}

/*
 * Slice cost of handling a stop in the RMM and resuming: it bounds a slice
 * even when no guest instruction completes (a realm that faults again in
 * its own exception vector, as it would loop on hardware).
 */
#define STOP_COST	64

/* Run @rec until it must exit to the host; @exit filled. */
static void rec_run_loop(struct realm_exec *x, struct rmm_rec *rec,
			 bool trap_wfi, uint8_t *exit)
{
	x->budget = rmm_exec_slice;
	x->rec = rec;
	for (;;) {
		uc_err err;

		if (x->budget <= STOP_COST) {
			exit_set_reason(exit, RMI_EXIT_IRQ);
			return;
		}
		x->budget -= STOP_COST;
		x->stop = STOP_NONE;
		ctx_load(x->uc, rec);
		err = uc_emu_start(x->uc, rec->ctx.pc, ~0ULL, 0, 0);
		ctx_save(x->uc, rec);

		switch (x->stop) {
		case STOP_BUDGET:
			exit_set_reason(exit, RMI_EXIT_IRQ);
			return;
		case STOP_SMC:
			if (handle_smc(x, rec, exit))
				return;
			break;
		case STOP_EXCEPTION:
			inject_exception(x, rec);
			break;
		case STOP_S2_SEA:
			ctx_inject_sea(&rec->ctx, x->fault.fetch,
				       x->fault.write, x->fault.addr);
			break;
		case STOP_S2_EXIT:
			exit_s2_fault(x, rec, exit);
			return;
		case STOP_NONE:
		default:
			if (err == UC_ERR_OK &&
			    insn_at(x, rec->ctx.pc - 4) == INSN_WFI) {
				if (trap_wfi) {
					exit_set_reason(exit, RMI_EXIT_SYNC);
					exit_put(exit, RMI_REC_EXIT_ESR,
						 (uint64_t)EC_WFX <<
						 ESR_EC_SHIFT, 8);
				} else {
					exit_set_reason(exit, RMI_EXIT_IRQ);
				}
				return;
			}
			if (err != UC_ERR_OK) {
				fprintf(stderr,
					"rmm: exec: rec %llu stopped at 0x%llx: %s\n",
					(unsigned long long)rec->index,
					(unsigned long long)rec->ctx.pc,
					uc_strerror(err));
				if (err == UC_ERR_INSN_INVALID ||
				    err == UC_ERR_EXCEPTION) {
					x->intno = 1;
					inject_exception(x, rec);
					break;
				}
				/* Unknown: an empty synchronous exit. */
				exit_set_reason(exit, RMI_EXIT_SYNC);
			} else {
				exit_set_reason(exit, RMI_EXIT_IRQ);
			}
			return;
		}
	}
}

uint64_t rec_exec_run(struct rmm_rec *rec, void *run_enter, void *run_exit)
{
	const uint8_t *enter = run_enter;
	uint8_t *exit = run_exit;
	struct realm_exec *x = rec_exec_get(rec);
	uint64_t flags = enter_get64(enter, RMI_REC_ENTER_FLAGS);
	const struct rec_ctx *c = &rec->ctx;

	if (!x)
		return RMI_ERROR_GLOBAL;
	exec_flush_stale(x);
	if (rec_enter_complete(x, rec, enter, exit))
		rec_run_loop(x, rec, flags & RMI_REC_ENTER_FLAG_TRAP_WFI, exit);
	x->rec = NULL;

	exit_put(exit, RMI_REC_EXIT_CNTV_CTL, c->cntv_ctl, 8);
	exit_put(exit, RMI_REC_EXIT_CNTV_CVAL, c->cntv_cval, 8);
	exit_put(exit, RMI_REC_EXIT_CNTP_CTL, c->cntp_ctl, 8);
	exit_put(exit, RMI_REC_EXIT_CNTP_CVAL, c->cntp_cval, 8);
	if (exec_trace)
		fprintf(stderr, "rmm: rec %llu exit %u pc 0x%llx\n",
			(unsigned long long)rec->index, exit[0],
			(unsigned long long)c->pc);
	return RMI_SUCCESS;
}
