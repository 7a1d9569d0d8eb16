/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RMM reference model: objects shared between the model's source files.
 *
 * Concurrency: every SMC runs under rmm_lock (taken by rmm_smc()), including
 * RMI_REC_ENTER, which executes the realm for a bounded slice and then exits
 * to the host (RMI_EXIT_IRQ), as a host timer interrupt would. One lock keeps
 * the model obviously correct; the host side still sees a REC that is busy
 * (RMI_ERROR_REC) if it enters a REC that another thread is running.
 *
 * Ownership of source files:
 *   smc.c      dispatch, locking, fault injection, counters
 *   granule.c  DRAM, granule states, delegate/undelegate, NS memory access
 *   realm.c    RD lifecycle, features, version, measurement
 *   rtt.c      RTTs, RIPAS, DATA and unprotected mappings
 *   rec.c      REC lifecycle, REC entry/exit, PSCI completion
 *   exec.c     running a REC on Unicorn, RSI, stage-2 faults, aborts
 *   mig*.c     RMI-MIG, the migration extension (see mig_internal.h)
 */
#ifndef RMM_INTERNAL_H
#define RMM_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmm.h"

#define RTT_ENTRIES		512
#define RTT_PAGE_LEVEL		3
#define RTT_MIN_BLOCK_LEVEL	2

#define ALIGNED(x, a)		(((x) & ((a) - 1)) == 0)

extern pthread_mutex_t rmm_lock;

struct rmm_realm;
struct rmm_rec;
struct rmm_rtt;

/* One per 4 KiB of DRAM. */
struct granule {
	uint8_t state;		/* enum rmm_granule_state */
	uint32_t refcount;	/* references held by other objects */
	void *obj;		/* RD: realm, REC: rec, RTT: rtt, DATA: realm */
};
/*
 * obj is calloc()ed by its owner and freed when the granule leaves that
 * state. rmm_fini() frees the objects of granules the host leaked: RECs
 * with rec_exec_free() then free(), then realms (free(recs), free()) and
 * RTTs (free()).
 */

struct rmm_platform {
	struct rmm_config cfg;
	int memfd;
	uint8_t *host_view;	/* Non-secure view, mprotect()ed per granule */
	uint8_t *rmm_view;	/* the RMM's view, always accessible */
	uint64_t pa_base;
	size_t nr_granules;
	struct granule *granules;
};

extern struct rmm_platform rmm;

/* granule.c */
struct granule *granule_at(uint64_t pa);	/* NULL: unaligned or not DRAM */
void *granule_va(uint64_t pa);			/* RMM view; PA must be DRAM */
void granule_set_state(struct granule *g, enum rmm_granule_state state);
uint64_t granule_pa(const struct granule *g);
/*
 * Copy to/from a Non-secure granule, as the RMM does with rec_run and
 * parameter blocks. Fail (false) unless @pa is DRAM, aligned as required and
 * UNDELEGATED.
 */
bool ns_granule_read(uint64_t pa, size_t off, void *buf, size_t len);
bool ns_granule_write(uint64_t pa, size_t off, const void *buf, size_t len);

/* realm.c */
enum rmm_realm_state {
	REALM_NEW = 0,
	REALM_ACTIVE,
	REALM_SYSTEM_OFF,
	REALM_TERMINATED,
};

struct rmm_realm {
	uint64_t rd_pa;
	enum rmm_realm_state state;
	uint64_t flags0;
	unsigned int s2sz;		/* IPA width in bits */
	int rtt_level_start;
	unsigned int rtt_num_start;	/* concatenated starting-level RTTs */
	uint64_t rtt_base;
	unsigned int hash_algo;
	/* RmiRealmParams kept for RMI-MIG's Realm record (immutable). */
	uint64_t sve_vl, num_bps, num_wps, pmu_num_ctrs, num_aux_planes;
	uint8_t rpv[64];
	uint8_t rim[64];		/* SHA-256 uses the first 32 bytes */
	uint8_t rem[4][64];		/* REMs, extended by the realm (RSI) */
	unsigned int nr_recs;		/* RECs alive */
	uint64_t rec_index;		/* next REC index (MPIDR check) */
	struct rmm_rec **recs;		/* by index, NULL once destroyed */
	size_t recs_cap;
	uint64_t nr_data;		/* DATA granules owned */
	void *mig;			/* RMI-MIG session state, NULL if none */
	void *exec;			/* exec.c: emulator shared by the RECs */
};

struct rmm_realm *realm_from_rd(uint64_t rd_pa);	/* NULL if not an RD */
/* Extend the RIM with @len bytes of @data, tagged by @what. */
void rim_extend(struct rmm_realm *rd, const char *what, const void *data,
		size_t len);
bool ipa_is_protected(const struct rmm_realm *rd, uint64_t ipa);
bool ipa_in_range(const struct rmm_realm *rd, uint64_t ipa); /* < 2^s2sz */

/* rtt.c */
enum rmm_rtte_state {
	RTTE_UNASSIGNED = 0,	/* protected, no output address */
	RTTE_ASSIGNED,		/* protected, DATA granule at addr */
	RTTE_TABLE,		/* next-level RTT at addr */
	RTTE_UNASSIGNED_NS,	/* unprotected, not mapped */
	RTTE_ASSIGNED_NS,	/* unprotected, NS memory at addr */
};

/* The small fields first: 24 bytes, so that table scans touch less. */
struct rtt_entry {
	uint8_t state;		/* enum rmm_rtte_state */
	uint8_t ripas;		/* enum rmm_ripas, protected entries only */
	uint8_t mig;		/* RMI-MIG tracking state (mig_internal.h) */
	uint64_t addr;		/* output address, or RTT PA for TABLE */
	uint64_t attr;		/* NS entries: MemAttr and S2AP from the host */
};

struct rmm_rtt {
	uint64_t pa;
	struct rmm_realm *rd;
	int level;
	uint64_t base;		/* first IPA this table translates */
	unsigned int nr_live;	/* ASSIGNED*, TABLE entries */
	struct rtt_entry e[RTT_ENTRIES];
};

struct rtt_walk {
	struct rmm_rtt *rtt;	/* table holding the final entry */
	unsigned int idx;
	int level;		/* level reached */
	struct rtt_entry *entry;
};

/* Walk from the starting level towards @max_level; stops at a non-TABLE. */
void rtt_walk(struct rmm_realm *rd, uint64_t ipa, int max_level,
	      struct rtt_walk *w);
/* Bytes mapped by one entry at @level (level 3: 4 KiB). */
uint64_t rtt_level_size(int level);

/* rec.c / exec.c */
enum rec_pending {
	REC_PENDING_NONE = 0,
	REC_PENDING_HOST_CALL,		/* RSI_HOST_CALL completes on entry */
	REC_PENDING_RIPAS,		/* RSI_IPA_STATE_SET in progress */
	REC_PENDING_PSCI,		/* PSCI request awaits PSCI_COMPLETE */
	REC_PENDING_MMIO,		/* emulatable data abort */
};

/* Everything a REC needs to resume exactly where it was. */
struct rec_ctx {
	uint64_t gprs[31];
	uint64_t sp_el0, sp_el1, pc, pstate;
	uint64_t elr_el1, spsr_el1, esr_el1, far_el1;
	uint64_t sctlr_el1, ttbr0_el1, ttbr1_el1, tcr_el1, mair_el1;
	uint64_t amair_el1, vbar_el1, contextidr_el1, tpidr_el0;
	uint64_t tpidrro_el0, tpidr_el1, cpacr_el1, par_el1, mdscr_el1;
	uint64_t cntkctl_el1, cntv_ctl, cntv_cval, cntp_ctl, cntp_cval;
	uint64_t cntvoff;
	/* FP/SIMD: V0-V31 as (low, high) 64-bit halves, FPCR, FPSR */
	uint64_t vregs[32][2];
	uint64_t fpcr, fpsr;
};

struct rmm_rec {
	uint64_t pa;
	struct rmm_realm *rd;
	uint64_t index;
	uint64_t mpidr;
	bool runnable;
	bool running;			/* inside REC_ENTER */
	bool mig_done;			/* RMI-MIG: exported/imported */
	struct rec_ctx ctx;

	enum rec_pending pending;
	/* RSI_HOST_CALL: IPA of the RsiHostCall block */
	uint64_t host_call_ipa;
	/* RSI_IPA_STATE_SET: next address, top, value, flags */
	uint64_t ripas_addr, ripas_top, ripas_flags;
	uint8_t ripas_value;
	bool ripas_rejected;
	/* PSCI: function and target MPIDR awaiting completion */
	uint64_t psci_fid, psci_target;
	/* Data abort to report or emulate */
	uint64_t exit_esr, exit_far, exit_hpfar;

	struct uc_struct *uc;		/* Unicorn engine, created lazily */
	void *exec;			/* exec.c private state */
};

struct rmm_rec *rec_from_pa(uint64_t rec_pa);	/* NULL if not a REC */
/*
 * RmiRecMpidr: Aff0[3:0], Aff1[15:8], Aff2[23:16], Aff3[39:32], other bits
 * zero; the REC index is Aff0 + 16 * (Aff1 + 256 * (Aff2 + 256 * Aff3)).
 */
bool rec_mpidr_valid(uint64_t mpidr);
uint64_t rec_mpidr_to_index(uint64_t mpidr);
uint64_t rec_index_to_mpidr(uint64_t index);
/* Live REC of @rd whose MPIDR is @mpidr, or NULL. */
struct rmm_rec *realm_rec_by_mpidr(struct rmm_realm *rd, uint64_t mpidr);
/*
 * Forget any cached translation of [base, top) in every REC of @rd, as a
 * TLBI would. Must be called by every command that changes a mapping or a
 * RIPAS value.
 */
void realm_s2_invalidate(struct rmm_realm *rd, uint64_t base, uint64_t top);
/*
 * As realm_s2_invalidate() for the granule at @ipa, applied before any REC
 * of @rd next runs: no REC can see the difference, and a command that
 * write-protects many pages mapped in the emulator (RMI-MIG) does not pay
 * the emulator's unmapping of each one.
 */
void realm_s2_invalidate_lazy(struct rmm_realm *rd, uint64_t ipa);
/* Release the emulator state of @rec (REC destroy). */
void rec_exec_free(struct rmm_rec *rec);
/* Run @rec until it must exit; fills the exit part of @run (RMM view). */
uint64_t rec_exec_run(struct rmm_rec *rec, void *run_enter, void *run_exit);
/* Guest instructions one REC_ENTER runs at most before RMI_EXIT_IRQ. */
extern uint64_t rmm_exec_slice;

/*
 * SMC handlers. Each reads its inputs from regs->a[1..] and writes x0 (the
 * RMI return code) and its outputs to regs->a[0..].
 */
#define RMM_HANDLERS(X)						\
	X(VERSION, version)					\
	X(FEATURES, features)					\
	X(GRANULE_RANGE_DELEGATE, granule_range_delegate)	\
	X(GRANULE_RANGE_UNDELEGATE, granule_range_undelegate)	\
	X(REALM_CREATE, realm_create)				\
	X(REALM_ACTIVATE, realm_activate)			\
	X(REALM_TERMINATE, realm_terminate)			\
	X(REALM_DESTROY, realm_destroy)				\
	X(RTT_CREATE, rtt_create)				\
	X(RTT_DESTROY, rtt_destroy)				\
	X(RTT_FOLD, rtt_fold)					\
	X(RTT_READ_ENTRY, rtt_read_entry)			\
	X(RTT_INIT_RIPAS, rtt_init_ripas)			\
	X(RTT_SET_RIPAS, rtt_set_ripas)				\
	X(RTT_DATA_MAP_INIT, rtt_data_map_init)			\
	X(RTT_DATA_MAP, rtt_data_map)				\
	X(RTT_DATA_UNMAP, rtt_data_unmap)			\
	X(RTT_UNPROT_MAP, rtt_unprot_map)			\
	X(RTT_UNPROT_UNMAP, rtt_unprot_unmap)			\
	X(REC_CREATE, rec_create)				\
	X(REC_DESTROY, rec_destroy)				\
	X(REC_ENTER, rec_enter)					\
	X(PSCI_COMPLETE, psci_complete)				\
	X(MIG_FEATURES, mig_features)				\
	X(MIG_SESSION_OPEN, mig_session_open)			\
	X(MIG_SESSION_CLOSE, mig_session_close)			\
	X(MIG_SESSION_STATE, mig_session_state)			\
	X(MIG_TRACK_START, mig_track_start)			\
	X(MIG_TRACK_STOP, mig_track_stop)			\
	X(MIG_DIRTY_HARVEST, mig_dirty_harvest)			\
	X(MIG_EXPORT_REALM, mig_export_realm)			\
	X(MIG_EXPORT_PAGES, mig_export_pages)			\
	X(MIG_EPOCH_END, mig_epoch_end)				\
	X(MIG_PAUSE, mig_pause)					\
	X(MIG_EXPORT_REC, mig_export_rec)			\
	X(MIG_END, mig_end)					\
	X(MIG_IMPORT_REALM, mig_import_realm)			\
	X(MIG_IMPORT_PAGES, mig_import_pages)			\
	X(MIG_IMPORT_EPOCH, mig_import_epoch)			\
	X(MIG_IMPORT_REC, mig_import_rec)			\
	X(MIG_IMPORT_END, mig_import_end)			\
	X(MIG_ABORT, mig_abort)

#define RMM_DECLARE_HANDLER(ID, name) \
	void smc_##name(struct rmm_smc_regs *regs);
RMM_HANDLERS(RMM_DECLARE_HANDLER)
#undef RMM_DECLARE_HANDLER

#endif /* RMM_INTERNAL_H */
