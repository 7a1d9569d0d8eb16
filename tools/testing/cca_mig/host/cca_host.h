/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST INFRASTRUCTURE: a host-side realm lifecycle standing in for the
 * upstream CCA host series (arch/arm64/kvm/rmi.c and its firmware
 * interface) in the reference-platform harness.
 *
 * It does, with RMI calls through the shim's SMC conduit, what KVM does
 * for a realm VM: create the realm (RD, starting-level RTTs, parameters),
 * populate it with measured content, set the RIPAS of its RAM, create its
 * RECs, activate it, run each REC and handle every exit (protected-page
 * fault-in as in the upstream gmem_abort() path, RIPAS changes, PSCI,
 * host calls, interrupts), and tear it all down, undelegating every
 * granule. Missing RTTs are created on demand: when an RMI command
 * returns RMI_ERROR_RTT at level L, the RTT at level L + 1 is created and
 * the command retried.
 *
 * There is no struct kvm: a struct cca_realm holds what KVM keeps in
 * kvm->arch.realm and in the guest_memfd (the RAM pages, by IPA), and a
 * struct cca_rec what KVM keeps in vcpu->arch.rec. Guest RAM is the one
 * protected region [ram_base, ram_base + ram_size) of the realm; optional
 * shared memory follows it in the unprotected half of the IPA space, and
 * other unprotected accesses are emulated as MMIO.
 *
 * Locking: realm->lock (KVM's config_lock) serialises the lifecycle calls;
 * realm->mmu_lock (KVM's mmu_lock) protects the RTT list, the RAM and the
 * shared pages and is taken to change mappings or RIPAS; rec->lock (vcpu->mutex)
 * serialises entries into one REC. Different RECs may run on different
 * threads at once.
 */
#ifndef CCA_HOST_H
#define CCA_HOST_H

#include <linux/arm-rmi-cmds.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "cca_guest_abi.h"

/* Last RTT level (4 KiB pages). */
#define CCA_RTT_LAST_LEVEL	3
/* Default IPA width, as KVM's default IPA size. */
#define CCA_DEFAULT_IA_BITS	40

/**
 * struct cca_realm_config - What a realm is made of
 * @ia_bits: IPA width in bits; 0 means CCA_DEFAULT_IA_BITS
 * @ram_base: protected IPA of the realm's RAM; 0 means CCA_GUEST_BASE_IPA
 * @ram_size: size of the RAM in bytes, a non-zero multiple of PAGE_SIZE
 * @nr_recs: number of RECs, 1 to CCA_GUEST_MAX_RECS
 * @hash_algo: RMI_HASH_SHA_256 or RMI_HASH_SHA_512
 * @shared_pages: pages of shared (unprotected) memory for the realm, at
 *	the unprotected alias of the IPA just past its RAM; 0 for none
 * @secondaries_off: create only REC 0 runnable, as KVM does, leaving the
 *	others to be started by PSCI CPU_ON; by default every REC is
 *	runnable and starts at the image's entry (cca_guest_abi.h)
 * @mig_import: create the RD with RMI_REALM_FLAGS0_MIG_IMPORT, as the
 *	destination of a migration (RMI-MIG): it is never populated or
 *	activated here; RMI_MIG_IMPORT_END makes it ACTIVE
 */
struct cca_realm_config {
	unsigned int ia_bits;
	u64 ram_base;
	u64 ram_size;
	unsigned int nr_recs;
	unsigned int hash_algo;
	unsigned int shared_pages;
	bool secondaries_off;
	bool mig_import;
};

/* Mirrors upstream's enum realm_state, plus SYSTEM_OFF. */
enum cca_realm_state {
	CCA_REALM_NONE,		/* no RD yet */
	CCA_REALM_NEW,		/* created, may be populated */
	CCA_REALM_ACTIVE,	/* activated, RECs may run */
	CCA_REALM_SYSTEM_OFF,	/* the realm asked for PSCI SYSTEM_OFF/RESET */
	CCA_REALM_DYING,	/* being torn down */
	CCA_REALM_DEAD,		/* destroyed */
};

/**
 * enum cca_event_type - What a REC exit meant
 * @CCA_EV_NONE: nothing (not an exit)
 * @CCA_EV_SYNC: host call CCA_GUEST_HC_SYNC: gprs[0] stage, gprs[1..] args
 * @CCA_EV_DONE: host call CCA_GUEST_HC_DONE: the REC finished
 * @CCA_EV_ASSERT: host call CCA_GUEST_HC_ASSERT: gprs[0] line, msg text
 * @CCA_EV_PRINT: host call CCA_GUEST_HC_PRINT: msg text
 * @CCA_EV_ABORT: host call CCA_GUEST_HC_ABORT: gprs[0..2] ESR, FAR, ELR
 * @CCA_EV_HOST_CALL: any other host call: imm, gprs
 * @CCA_EV_CPU_OFF: PSCI CPU_OFF: the REC stopped
 * @CCA_EV_SYSTEM_OFF: PSCI SYSTEM_OFF or SYSTEM_RESET: the realm stopped
 * @CCA_EV_FAULT_IN: stage-2 abort on RAM or shared memory: page mapped
 * @CCA_EV_MMIO: access to another unprotected IPA: emulated (or SEA)
 * @CCA_EV_RIPAS_CHANGE: RIPAS change request carried out or refused
 * @CCA_EV_PSCI: PSCI request completed or noted (CPU_ON, CPU_SUSPEND)
 * @CCA_EV_IRQ: IRQ, FIQ or WFx exit: the REC is re-entered
 * @CCA_EV_NR_TYPES: number of event types
 *
 * CCA_EV_SYNC to CCA_EV_SYSTEM_OFF end a cca_rec_step() or cca_rec_run()
 * call with the event for the caller; the others are handled by the host
 * and only shown to the realm's trace hook.
 */
enum cca_event_type {
	CCA_EV_NONE,
	CCA_EV_SYNC,
	CCA_EV_DONE,
	CCA_EV_ASSERT,
	CCA_EV_PRINT,
	CCA_EV_ABORT,
	CCA_EV_HOST_CALL,
	CCA_EV_CPU_OFF,
	CCA_EV_SYSTEM_OFF,

	CCA_EV_FAULT_IN,
	CCA_EV_MMIO,
	CCA_EV_RIPAS_CHANGE,
	CCA_EV_PSCI,
	CCA_EV_IRQ,
	CCA_EV_NR_TYPES,
};

/**
 * struct cca_event - One handled REC exit
 * @type: what happened
 * @rec: index of the REC
 * @imm: host call immediate
 * @gprs: host call: the guest's x0..x30; PSCI: x0..x3 of the request
 * @msg: PRINT, ASSERT: gprs[1..30] read as NUL-terminated text
 * @ipa: FAULT_IN, MMIO: faulting IPA; RIPAS_CHANGE: base
 * @top: RIPAS_CHANGE: top of the range
 * @ripas: RIPAS_CHANGE: requested RIPAS (enum rmi_ripas)
 * @rejected: RIPAS_CHANGE: the host refused the change; MMIO: the access
 *	could not be emulated and an SEA was injected instead
 * @write: MMIO: the access was a write
 * @size: MMIO: access size in bytes
 * @val: MMIO: the value written, or returned for a read
 * @psci_fid: PSCI function ID
 * @psci_status: PSCI result given to the realm
 */
struct cca_event {
	enum cca_event_type type;
	unsigned int rec;
	u16 imm;
	u64 gprs[REC_RUN_GPRS];
	char msg[CCA_GUEST_MSG_BYTES + 1];
	u64 ipa;
	u64 top;
	u8 ripas;
	bool rejected;
	bool write;
	unsigned int size;
	u64 val;
	u64 psci_fid;
	long psci_status;
};

/**
 * struct cca_realm_stats - What the host did for a realm's memory
 * @populated: pages measured in with RMI_RTT_DATA_MAP_INIT
 * @faulted_in: pages mapped on a REC's first access (RMI_RTT_DATA_MAP)
 * @shared_mapped: shared pages mapped on first access (RMI_RTT_UNPROT_MAP)
 * @unmapped: pages unmapped (RIPAS change to EMPTY, teardown)
 * @rtts_created: non-root RTTs created
 * @leaked: granules leaked on purpose because they could not be undelegated
 *
 * Updated under realm->mmu_lock or, before the realm runs and at teardown,
 * realm->lock.
 */
struct cca_realm_stats {
	unsigned long populated;
	unsigned long faulted_in;
	unsigned long shared_mapped;
	unsigned long unmapped;
	unsigned long rtts_created;
	unsigned long leaked;
};

/**
 * struct cca_rec_stats - What the host did for a REC's exits
 * @entries: RMI_REC_ENTER calls
 * @host_calls: host calls handled
 * @ripas_changes: RIPAS change requests handled
 * @psci: PSCI requests handled
 * @mmio: unprotected accesses emulated
 * @irq_exits: IRQ, FIQ and WFx exits
 *
 * Updated under rec->lock.
 */
struct cca_rec_stats {
	unsigned long entries;
	unsigned long host_calls;
	unsigned long ripas_changes;
	unsigned long psci;
	unsigned long mmio;
	unsigned long irq_exits;
};

struct cca_realm;

/**
 * struct cca_rec - A REC and its host-side state (upstream: realm_rec)
 * @realm: the realm it belongs to
 * @index: REC index (0 .. nr_recs - 1)
 * @mpidr: its MPIDR, derived from @index
 * @lock: serialises entries (KVM's vcpu->mutex)
 * @rec_page: the REC granule, owned by the RMM while the REC exists
 * @rec_phys: PA of @rec_page
 * @run: the RmiRecRun page shared with the RMM
 * @run_phys: PA of @run
 * @created: RMI_REC_CREATE succeeded
 * @runnable: the host may enter it (created runnable, or started by
 *	PSCI CPU_ON and not stopped since)
 * @done: the guest reported CCA_GUEST_HC_DONE
 * @failed: the guest reported CCA_GUEST_HC_ASSERT or CCA_GUEST_HC_ABORT
 * @stats: exit counters
 */
struct cca_rec {
	struct cca_realm *realm;
	unsigned int index;
	unsigned long mpidr;
	struct mutex lock;	/* serialises entries */
	void *rec_page;
	phys_addr_t rec_phys;
	struct rec_run *run;
	phys_addr_t run_phys;
	bool created;
	bool runnable;
	bool done;
	bool failed;
	struct cca_rec_stats stats;
};

typedef void (*cca_trace_fn)(void *priv, const struct cca_event *ev);
/*
 * Consulted before a protected page is faulted in: 0 to map it, or a
 * negative errno that the REC entry returns instead.
 */
typedef int (*cca_fault_fn)(void *priv, struct cca_rec *rec, u64 ipa,
			    bool write, bool exec);
/* Emulate an MMIO access: return the value read (ignored for a write). */
typedef u64 (*cca_mmio_fn)(void *priv, const struct cca_event *ev);
/* Decide a PSCI CPU_ON: PSCI_RET_SUCCESS or PSCI_RET_DENIED. */
typedef long (*cca_cpu_on_fn)(void *priv, struct cca_rec *caller,
			      struct cca_rec *target);

/**
 * struct cca_realm - A realm and its host-side state (upstream: struct
 * realm in kvm->arch, plus what guest_memfd holds)
 * @cfg: configuration, with defaults filled in
 * @lock: serialises lifecycle operations (KVM's config_lock)
 * @mmu_lock: protects @rtts and the RAM pages; held to map, unmap or
 *	change RIPAS (KVM's mmu_lock)
 * @state: lifecycle state
 * @ia_bits: IPA width
 * @rtt_level_start: level of the starting RTTs
 * @rtt_num_start: number of concatenated starting RTTs
 * @rd: the RD granule, owned by the RMM while the realm exists
 * @rd_phys: PA of @rd
 * @rtt_root: the starting-level RTT pages (delegated)
 * @rtt_root_phys: PA of @rtt_root
 * @sro: SRO context for realm-wide commands
 * @rtts: the non-root RTTs created, struct cca_rtt
 * @ram: RAM pages by (IPA - ram_base) / PAGE_SIZE, allocated on populate
 *	or first access (guest_memfd stand-in); NULL where none yet
 * @ram_delegated: bitmap: the @ram page is in the Realm PAS
 * @nr_ram_pages: entries of @ram
 * @shared_base: unprotected IPA of the shared memory (0 if none)
 * @shared: the shared (Non-secure) pages, mapped on first access
 * @recs: the RECs, cfg.nr_recs of them
 * @nr_recs_created: RECs with a successful RMI_REC_CREATE
 * @reject_ripas: refuse the realm's requests to change RIPAS to RAM (a
 *	change to EMPTY cannot be refused; one to RAM outside the realm's
 *	RAM always is, as KVM refuses ranges guest_memfd does not back)
 * @trace: called for every handled exit, or NULL
 * @trace_priv: argument for @trace
 * @mmio: emulates accesses to unprotected IPAs outside the shared
 *	memory, or NULL (reads return 0, writes are dropped)
 * @mmio_priv: argument for @mmio
 * @cpu_on: decides the realm's CPU_ON requests, or NULL (granted)
 * @cpu_on_priv: argument for @cpu_on
 * @fault: consulted before a protected page is faulted in, or NULL
 * @fault_priv: argument for @fault
 * @stats: counters
 */
struct cca_realm {
	struct cca_realm_config cfg;
	struct mutex lock;	/* lifecycle */
	struct mutex mmu_lock;	/* RTTs, RAM and shared pages, mappings */
	enum cca_realm_state state;
	unsigned int ia_bits;
	int rtt_level_start;
	unsigned int rtt_num_start;
	void *rd;
	phys_addr_t rd_phys;
	void *rtt_root;
	phys_addr_t rtt_root_phys;
	struct rmi_sro_state *sro;
	struct list_head rtts;
	struct page **ram;
	unsigned long *ram_delegated;
	unsigned long nr_ram_pages;
	u64 shared_base;
	struct page **shared;
	struct cca_rec *recs;
	unsigned int nr_recs_created;
	bool reject_ripas;
	cca_trace_fn trace;
	void *trace_priv;
	cca_mmio_fn mmio;
	void *mmio_priv;
	cca_cpu_on_fn cpu_on;
	void *cpu_on_priv;
	cca_fault_fn fault;
	void *fault_priv;
	struct cca_realm_stats stats;
};

int cca_host_rmi_init(void);

struct cca_realm *cca_realm_create(const struct cca_realm_config *cfg);
int cca_realm_populate(struct cca_realm *realm, u64 ipa, const void *src,
		       size_t len, bool measure);
int cca_realm_init_ripas(struct cca_realm *realm, u64 base, u64 size);
int cca_realm_create_recs(struct cca_realm *realm);
int cca_realm_activate(struct cca_realm *realm);
int cca_realm_boot(const struct cca_realm_config *cfg, const void *image,
		   size_t len, struct cca_realm **out);
void cca_realm_destroy(struct cca_realm *realm);
void cca_realm_set_trace(struct cca_realm *realm, cca_trace_fn fn,
			 void *priv);
void cca_realm_set_mmio(struct cca_realm *realm, cca_mmio_fn fn, void *priv);
void cca_realm_set_cpu_on(struct cca_realm *realm, cca_cpu_on_fn fn,
			  void *priv);
void cca_realm_set_fault(struct cca_realm *realm, cca_fault_fn fn,
			 void *priv);
int cca_realm_mark_imported(struct cca_realm *realm);
struct page *cca_realm_ram_page(struct cca_realm *realm, u64 ipa);
int cca_realm_create_rtts(struct cca_realm *realm, u64 ipa, int max_level);
void cca_realm_get_stats(struct cca_realm *realm,
			 struct cca_realm_stats *stats,
			 struct cca_rec_stats *exits);
void *cca_realm_shared_va(struct cca_realm *realm, u64 ipa);

int cca_rec_step(struct cca_rec *rec, struct cca_event *ev);
int cca_rec_run(struct cca_rec *rec, struct cca_event *ev,
		unsigned long max_entries);
int cca_rec_host_call_reply(struct cca_rec *rec, unsigned int idx, u64 val);

typedef int (*cca_event_fn)(struct cca_realm *realm,
			    const struct cca_event *ev, void *priv);
int cca_realm_run(struct cca_realm *realm, unsigned long max_entries,
		  cca_event_fn fn, void *priv);

unsigned long cca_rec_mpidr(unsigned int index);
const char *cca_event_name(enum cca_event_type type);
bool cca_realm_ipa_is_protected(const struct cca_realm *realm, u64 ipa);

#endif /* CCA_HOST_H */
