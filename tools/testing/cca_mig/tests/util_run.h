/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers that run realm guests on the RMM model with raw SMCs: the
 * rec_run page accessors and a small host run loop (the part of a host that
 * the upstream KVM series implements in rmi-exit.c and rmi.c).
 *
 * The run loop enters the runnable RECs round-robin, one REC_ENTER each, and
 * handles every exit:
 *   RMI_EXIT_HOST_CALL   the guest ABI of cca_guest_abi.h: SYNC (ops->sync),
 *                        DONE, PRINT (printed), ASSERT and ABORT (failure)
 *   RMI_EXIT_SYNC        data/instruction abort at a protected IPA in RAM:
 *                        fault-in with RMI_RTT_DATA_MAP of a fresh delegated
 *                        granule; at an unprotected IPA: emulated MMIO
 *                        (ops->mmio) if ISV, else INJECT_SEA; WFI: nothing
 *   RMI_EXIT_IRQ         nothing (the next REC runs)
 *   RMI_EXIT_RIPAS_CHANGE  accepted iff ops->ripas says so (default: the
 *                        range is inside RAM): RMI_RTT_SET_RIPAS over the
 *                        range, creating RTTs as needed, and for EMPTY the
 *                        DATA granules are unmapped and freed, as KVM does
 *   RMI_EXIT_PSCI        CPU_ON: RMI_PSCI_COMPLETE with ops->cpu_on's status
 *                        (default SUCCESS); CPU_OFF: the REC is off;
 *                        SYSTEM_OFF/RESET: the run ends
 * Every failure prints a "# ur: ..." line.
 */
#ifndef CCA_UTIL_RUN_H
#define CCA_UTIL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util_realm.h"

#define UR_MAX_RECS		8
#define UR_MAX_LOG		256

/* The exit half of rec_run, decoded. */
struct ur_exit {
	unsigned int reason;
	uint64_t esr, far, hpfar;
	uint64_t gprs[31];
	uint64_t cntp_ctl, cntp_cval, cntv_ctl, cntv_cval;
	uint64_t ripas_base, ripas_top;
	unsigned int ripas_value;
	unsigned int imm;
};

void ur_read_exit(uint64_t run_pa, struct ur_exit *e);
/* Write enter.flags and enter.gprs[0..30] (@gprs may be NULL: zeros). */
void ur_write_enter(uint64_t run_pa, uint64_t flags, const uint64_t *gprs);
/* REC_ENTER; returns the RMI code. */
uint64_t ur_rec_enter(uint64_t rec_pa, uint64_t run_pa);
/*
 * REC_CREATE of the next REC of @r (index @index) with pc @pc, @gprs (8,
 * may be NULL), runnable iff @runnable; the REC granule is allocated,
 * delegated and tracked for teardown. Return: RMI code; *@rec_pa.
 */
uint64_t ur_rec_create(struct ut_realm *r, unsigned int index, uint64_t pc,
		       const uint64_t *gprs, bool runnable, uint64_t *rec_pa);

/* Load GUEST_DIR/@name.bin. Return: malloc()ed image, or NULL. */
void *ur_load_guest(const char *name, size_t *len);

struct ur_vm;

struct ur_ops {
	/*
	 * GUEST_SYNC from REC @rec: gprs[0] = @stage, @args = gprs[1..4];
	 * @results (31, zeroed) are written back to the RsiHostCall.
	 * Return false to fail the run.
	 */
	bool (*sync)(struct ur_vm *vm, unsigned int rec, uint64_t stage,
		     const uint64_t *args, uint64_t *results);
	/* Emulate an access of @size bytes; false injects an SEA instead. */
	bool (*mmio)(struct ur_vm *vm, unsigned int rec, uint64_t ipa,
		     bool write, unsigned int size, uint64_t *val);
	/* Accept (true) or reject a RIPAS change request. */
	bool (*ripas)(struct ur_vm *vm, unsigned int rec, uint64_t base,
		      uint64_t top, unsigned int ripas);
	/* Status for PSCI_COMPLETE of a CPU_ON of @target by @rec. */
	uint64_t (*cpu_on)(struct ur_vm *vm, unsigned int rec,
			   unsigned int target);
};

struct ur_config {
	const char *guest;		/* GUEST_DIR/<guest>.bin */
	unsigned int nr_recs;		/* default 1 */
	unsigned int s2sz;		/* default 40 */
	/* RIPAS RAM from CCA_GUEST_BASE_IPA; default image + 64 KiB */
	uint64_t ram_size;
	bool populate_ram;		/* DATA_MAP all of RAM up front */
	uint32_t not_runnable;		/* RECs created not runnable */
	bool shared;			/* an NS page at the first unprot. IPA */
	bool trap_wfi;
	const struct ur_ops *ops;
	void *priv;
};

struct ur_sync {
	unsigned int rec;
	uint64_t stage;
	uint64_t args[4];
};

struct ur_stats {
	unsigned int exits, host_calls, irq, fault_ins, iabt_fault_ins;
	unsigned int mmio, sea_injected, wfi, ripas_changes, ripas_rejects;
	unsigned int psci, rsi_aborts;
};

struct ur_vm {
	struct ut_realm r;
	struct ur_config cfg;
	unsigned int nr_recs;
	uint64_t rec[UR_MAX_RECS];
	uint64_t run[UR_MAX_RECS];
	uint64_t ram_base, ram_size, image_size;
	uint64_t shared_ipa, shared_pa;		/* 0 if none */
	/* Run state */
	bool done[UR_MAX_RECS], off[UR_MAX_RECS];
	bool system_off, failed;
	uint64_t enter_flags[UR_MAX_RECS];
	uint64_t enter_gprs[UR_MAX_RECS][31];
	struct ur_stats stats;
	struct ur_sync log[UR_MAX_LOG];
	unsigned int nr_log;
	char last_print[256];
};

/* Build the realm, populate the guest, create the RECs, activate. */
uint64_t ur_vm_create(struct ur_vm *vm, const struct ur_config *cfg);
/* Run until every runnable REC is DONE or the realm is off. 0 or -1. */
int ur_vm_run(struct ur_vm *vm, unsigned int max_exits);
/* Tear everything down. Return: RMI code of the first failure. */
uint64_t ur_vm_destroy(struct ur_vm *vm);
/* The @n-th GUEST_SYNC of @rec with @stage, or NULL. */
const struct ur_sync *ur_find_sync(const struct ur_vm *vm, unsigned int rec,
				   uint64_t stage);

#endif /* CCA_UTIL_RUN_H */
