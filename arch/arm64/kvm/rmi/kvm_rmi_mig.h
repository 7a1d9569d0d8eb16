/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host interface that KVM's RMI layer gives the Arm CCA realm migration
 * module (virt/kvm/cca_mig/, cca_mig.ko).
 *
 * The module includes it as <asm/kvm_rmi_mig.h>; it is implemented in
 * arch/arm64/kvm/rmi-mig.c.
 *
 * KVM forwards one VM ioctl, KVM_CCA_MIG_OP (its number and its envelope,
 * struct kvm_cca_mig_op, are in <uapi/linux/cca_mig.h>), to the module that
 * registered a struct kvm_rmi_mig_ops, and tells it when a VM dies. The rest
 * of this header is the narrow set of KVM internals the module needs and
 * cannot reach itself: kvm_gmem_get_pfn() is not exported to modules on
 * arm64, and struct realm and struct realm_rec are KVM's own.
 *
 * Locks named below:
 *   kvm->lock        the VM-wide mutex (KVM_CCA_MIG_OP runs with it held)
 *   kvm->slots_lock  memslot changes
 *   kvm->mmu_lock    stage-2 (RTT) changes; taken inside these helpers
 *   vcpu->mutex      held by KVM_RUN for a vCPU's whole run
 * Order: kvm->lock, then vcpu->mutex, then kvm->slots_lock, then
 * kvm->mmu_lock (Documentation/virt/kvm/locking.rst).
 *
 * Every function that returns an int returns 0 or a negative errno; none
 * returns an RMI status. The exported functions are EXPORT_SYMBOL_GPL.
 */
#ifndef __ASM_KVM_RMI_MIG_H
#define __ASM_KVM_RMI_MIG_H

#include <linux/kvm_types.h>
#include <linux/types.h>

struct kvm;
struct kvm_rmi_mig_ops;
struct kvm_vcpu;
struct module;
struct page;

/**
 * enum realm_mig_mode - What a realm is to RMI-MIG, as KVM sees it
 * @REALM_MIG_NONE: an ordinary realm (created measured, activated on the
 *	first KVM_RUN); also a destination realm once its import ended
 * @REALM_MIG_IMPORT: the realm is, or will be, created with
 *	RMI_REALM_FLAGS0_MIG_IMPORT. Measured populate is refused, KVM_RUN
 *	does not activate it, and a stage-2 fault on protected memory never
 *	maps a fresh page: its content comes from the stream.
 * @REALM_MIG_IMPORTED: RMI_MIG_IMPORT_END succeeded: the RMM made the
 *	realm ACTIVE. KVM_RUN enters it without RMI_REALM_ACTIVATE.
 */
enum realm_mig_mode {
	REALM_MIG_NONE,
	REALM_MIG_IMPORT,
	REALM_MIG_IMPORTED,
};

/**
 * struct realm_mig - Migration state KVM keeps in struct realm
 * @mode: enum realm_mig_mode; written under kvm->lock, read locklessly
 *	(READ_ONCE) by the run and fault paths
 * @entry_err: 0, or the negative errno KVM_RUN returns instead of
 *	entering a REC (kvm_rmi_mig_block_entry()); written under kvm->lock,
 *	read locklessly by KVM_RUN under vcpu->mutex
 * @priv: the registered module's per-VM state; under kvm->lock
 * @ops: the module that set @priv (it holds a module reference meanwhile)
 *
 * The series adds this to struct realm (asm/kvm_rmi.h) as member @mig.
 */
struct realm_mig {
	enum realm_mig_mode mode;
	int entry_err;
	void *priv;
	const struct kvm_rmi_mig_ops *ops;
};

/**
 * struct kvm_rmi_mig_ops - What a migration module gives KVM
 * @owner: the module (THIS_MODULE; NULL when built in); KVM holds a
 *	reference on it while it calls any op
 * @vm_ioctl: handle KVM_CCA_MIG_OP on @kvm. @argp is the ioctl's user
 *	pointer to struct kvm_cca_mig_op. Called with kvm->lock held (and
 *	no vcpu->mutex); may sleep. Returns what the ioctl returns.
 * @vm_release: @kvm is being destroyed: free the per-VM state and drop
 *	what the module holds on it. Called once per VM that has per-VM
 *	state (kvm_rmi_mig_set_priv()), before KVM tears the realm down,
 *	with no vCPU running and with kvm->lock held (nothing else can reach
 *	@kvm any more). Must drop the state with kvm_rmi_mig_set_priv(kvm,
 *	NULL). May sleep.
 */
struct kvm_rmi_mig_ops {
	struct module *owner;
	long (*vm_ioctl)(struct kvm *kvm, void __user *argp);
	void (*vm_release)(struct kvm *kvm);
};

/**
 * kvm_rmi_mig_register() - Register the migration module
 * @ops: its operations; @ops->vm_ioctl and @ops->vm_release are required
 *
 * One module at a time. From now on KVM_CCA_MIG_OP on a realm VM reaches
 * @ops->vm_ioctl, with a reference on @ops->owner held for the call.
 * Takes kvm_rmi_mig_lock (internal); call without any KVM lock.
 *
 * Return: 0, -EINVAL if @ops is incomplete, -EBUSY if a module is
 * registered already.
 */
int kvm_rmi_mig_register(const struct kvm_rmi_mig_ops *ops);

/**
 * kvm_rmi_mig_unregister() - Unregister the migration module
 * @ops: what kvm_rmi_mig_register() was given (WARNs otherwise)
 *
 * Called from the module's exit function: no call into @ops is in flight
 * then (each holds a reference on the module) and no VM holds per-VM
 * state (kvm_rmi_mig_set_priv() holds one too). Afterwards KVM_CCA_MIG_OP
 * fails with -ENOTTY.
 */
void kvm_rmi_mig_unregister(const struct kvm_rmi_mig_ops *ops);

/**
 * kvm_arm_rmi_mig_available() - Is a migration module registered?
 *
 * For KVM_CHECK_EXTENSION: the capability reads 0 without one.
 *
 * Return: true if KVM_CCA_MIG_OP would reach a module now.
 */
bool kvm_arm_rmi_mig_available(void);

/**
 * kvm_arm_rmi_mig_ioctl() - KVM_CCA_MIG_OP: forward to the module
 * @kvm: the VM the ioctl was issued on
 * @argp: the ioctl argument, a user pointer to struct kvm_cca_mig_op
 *
 * Called from kvm_arch_vm_ioctl() (built in, not exported). Takes
 * kvm->lock for the call into the module.
 *
 * Return: what @ops->vm_ioctl returns; -ENOTTY if no module is registered
 * (or it is being unloaded); -EINVAL if @kvm is not a realm VM.
 */
long kvm_arm_rmi_mig_ioctl(struct kvm *kvm, void __user *argp);

/**
 * kvm_arm_rmi_mig_vm_release() - Tell the module that @kvm dies
 * @kvm: a VM being destroyed, before its realm is torn down
 *
 * Calls @ops->vm_release, with kvm->lock held, if the module has per-VM
 * state on @kvm, then drops the module reference that state held. Built
 * in, not exported.
 */
void kvm_arm_rmi_mig_vm_release(struct kvm *kvm);

/**
 * kvm_arm_rmi_mig_vcpu_may_enter() - May KVM_RUN enter this vCPU's REC?
 * @vcpu: the vCPU; the caller (KVM_RUN) holds vcpu->mutex
 *
 * Checked before every REC entry (built in, not exported).
 *
 * Return: 0, or the errno KVM_RUN returns: -EBUSY while the realm is
 * paused for migration or is being imported, -EIO once it migrated away
 * (see kvm_rmi_mig_block_entry()).
 */
int kvm_arm_rmi_mig_vcpu_may_enter(struct kvm_vcpu *vcpu);

/**
 * kvm_arm_rmi_mig_may_activate() - May the first KVM_RUN activate the realm?
 * @kvm: a realm VM in state NEW
 *
 * Return: false for a realm created in import mode: RMI_REALM_ACTIVATE
 * would fail (rmi.activate); only RMI_MIG_IMPORT_END makes it ACTIVE.
 */
bool kvm_arm_rmi_mig_may_activate(struct kvm *kvm);

/**
 * kvm_arm_rmi_mig_may_populate() - May KVM_ARM_RMI_POPULATE load content?
 * @kvm: a realm VM; the caller holds kvm->lock
 *
 * Return: 0, or -EPERM for a realm created in import mode (its memory
 * comes only from the stream; measured populate would fail in the RMM).
 */
int kvm_arm_rmi_mig_may_populate(struct kvm *kvm);

/**
 * kvm_arm_rmi_mig_protected_fault() - Stage-2 fault on protected memory
 * @vcpu: the faulting vCPU (vcpu->mutex held)
 * @ipa: the faulting protected IPA
 * @is_write: the access was a write
 * @is_exec: the access was an instruction fetch
 *
 * Called by the realm fault path (gmem_abort()) before it maps a page.
 * During an import a fresh (zero) page must not be mapped: the content of
 * every protected page comes from the stream.
 *
 * Return: 0 to go on mapping; -EFAULT with vcpu->run->exit_reason set to
 * KVM_EXIT_MEMORY_FAULT (flags KVM_MEMORY_EXIT_FLAG_PRIVATE, the page's
 * gpa and size) while the realm is being imported.
 */
int kvm_arm_rmi_mig_protected_fault(struct kvm_vcpu *vcpu, u64 ipa,
				    bool is_write, bool is_exec);

/**
 * kvm_rmi_mig_ipa_bits() - IPA width of a realm
 * @kvm: a realm VM
 *
 * Protected IPAs are those below BIT(ipa_bits - 1).
 *
 * Return: the realm's s2sz (ia_bits), or 0 if @kvm is not a realm VM.
 */
unsigned int kvm_rmi_mig_ipa_bits(struct kvm *kvm);

/**
 * kvm_rmi_mig_rd_phys() - PA of the realm's RD
 * @kvm: a realm VM; the caller holds kvm->lock (the RD is created and
 *	destroyed under it)
 *
 * Return: the RD's PA, or 0 if the realm has no RD (not created yet, or
 * torn down).
 */
phys_addr_t kvm_rmi_mig_rd_phys(struct kvm *kvm);

/**
 * kvm_rmi_mig_rec_phys() - PA of a vCPU's REC
 * @vcpu: a vCPU of a realm VM; the caller holds kvm->lock or vcpu->mutex
 *
 * Return: the REC's PA, or 0 if the REC does not exist yet.
 */
phys_addr_t kvm_rmi_mig_rec_phys(struct kvm_vcpu *vcpu);

/**
 * kvm_rmi_mig_vcpu_by_mpidr() - Find a vCPU by MPIDR
 * @kvm: the VM
 * @mpidr: MPIDR affinity (Aff3..Aff0) as a REC record carries it
 *
 * Return: the vCPU (valid until the VM dies), or NULL.
 */
struct kvm_vcpu *kvm_rmi_mig_vcpu_by_mpidr(struct kvm *kvm,
					   unsigned long mpidr);

/**
 * kvm_rmi_mig_get_priv() - The module's per-VM state
 * @kvm: the VM; the caller holds kvm->lock
 *
 * Return: what kvm_rmi_mig_set_priv() stored, or NULL.
 */
void *kvm_rmi_mig_get_priv(struct kvm *kvm);

/**
 * kvm_rmi_mig_set_priv() - Store the module's per-VM state
 * @kvm: the VM; the caller holds kvm->lock and is the registered module,
 *	called through @ops->vm_ioctl or @ops->vm_release (setting state is
 *	refused, with a WARN, when no module is registered)
 * @priv: the state, or NULL to drop it
 *
 * While @priv is not NULL KVM holds a reference on the module, and calls
 * @ops->vm_release when the VM dies.
 */
void kvm_rmi_mig_set_priv(struct kvm *kvm, void *priv);

/**
 * kvm_rmi_mig_gmem_get_pfn() - Protected page backing a gfn
 * @kvm: a realm VM; the caller holds kvm->slots_lock
 * @gfn: a protected gfn inside a guest_memfd memslot
 * @pfn: the pfn of the guest_memfd page
 * @page: the page, with a reference; release it with
 *	kvm_rmi_mig_gmem_put_pfn()
 *
 * kvm_gmem_get_pfn() for the module, which cannot call it (it is exported
 * to KVM internals only). The page is allocated if guest_memfd has none
 * yet. Whether it is delegated is the caller's business.
 *
 * Return: 0, -EINVAL if @gfn is not a protected gfn, -ENOENT if no
 * guest_memfd memslot covers it, or kvm_gmem_get_pfn()'s error.
 */
int kvm_rmi_mig_gmem_get_pfn(struct kvm *kvm, gfn_t gfn, kvm_pfn_t *pfn,
			     struct page **page);

/**
 * kvm_rmi_mig_gmem_put_pfn() - Release a page from kvm_rmi_mig_gmem_get_pfn()
 * @page: the page
 * @dirty: the RMM wrote its content (an import)
 */
void kvm_rmi_mig_gmem_put_pfn(struct page *page, bool dirty);

/**
 * typedef kvm_rmi_mig_range_fn - Callback of
 *	kvm_rmi_mig_walk_protected_ranges()
 * @kvm: the VM
 * @base: base of a protected IPA range
 * @top: its top (exclusive)
 * @arg: the caller's argument
 *
 * Return: 0 to go on, anything else to stop the walk with that value.
 */
typedef int (*kvm_rmi_mig_range_fn)(struct kvm *kvm, u64 base, u64 top,
				    void *arg);

/**
 * kvm_rmi_mig_walk_protected_ranges() - Walk the protected memslots
 * @kvm: a realm VM; the caller holds kvm->slots_lock
 * @fn: called for each guest_memfd memslot, in no particular order, with
 *	its protected IPA range [@base, @top); a non-zero return stops the
 *	walk and is returned
 * @arg: passed to @fn
 *
 * Return: 0, or the first non-zero value @fn returned.
 */
int kvm_rmi_mig_walk_protected_ranges(struct kvm *kvm, kvm_rmi_mig_range_fn fn,
				      void *arg);
/*
 * Transitional: the first name of kvm_rmi_mig_walk_protected_ranges(),
 * which checkpatch takes for a loop macro. Remove once no user is left.
 */
#define kvm_rmi_mig_for_each_protected_range kvm_rmi_mig_walk_protected_ranges

/**
 * kvm_rmi_mig_rtt_create() - Create the RTTs that translate an IPA
 * @kvm: a realm VM with an RD; takes kvm->mmu_lock
 * @ipa: the IPA (aligned down as each level requires)
 * @level: the deepest level to create, start level + 1 to 3
 *
 * For an RMI-MIG command that failed with RMI_ERROR_RTT(L): create the
 * RTTs at levels L + 1 .. @level (callers pass L + 1 to go one level at a
 * time, or 3). RTTs that exist already are skipped. Granules are delegated
 * here and owned by KVM's stage 2, which destroys them with the realm.
 *
 * Return: 0, -EINVAL for a bad @level or a non-protected @ipa, -ENOMEM,
 * -ENXIO if the RMM refused.
 */
int kvm_rmi_mig_rtt_create(struct kvm *kvm, u64 ipa, int level);

/**
 * kvm_rmi_mig_delegate_range() - Delegate contiguous granules
 * @phys: granule-aligned PA of the first
 * @nr: how many, from @phys on
 *
 * RMI_GRANULE_RANGE_DELEGATE, called again from where the RMM stopped
 * while it makes progress: one call for a run of guest_memfd pages that
 * lie next to each other, as most of an import batch does.
 *
 * Return: the number delegated, from @phys on: @nr, or fewer if the RMM
 * refused a granule (that one and those after it are not delegated).
 */
unsigned long kvm_rmi_mig_delegate_range(phys_addr_t phys, unsigned long nr);

/**
 * kvm_rmi_mig_undelegate() - Return a page's granule to the Non-secure PAS
 * @page: a page the caller delegated and that the RMM no longer uses
 *
 * As upstream: a granule that cannot be undelegated is leaked on purpose
 * (an extra reference is taken, so the page is never freed or reused) and
 * the call WARNs.
 *
 * Return: 0, or -ENXIO if the granule was leaked.
 */
int kvm_rmi_mig_undelegate(struct page *page);

/**
 * kvm_rmi_mig_create_import_realm() - Create the realm in import mode
 * @kvm: a realm VM whose RD does not exist yet; the caller holds kvm->lock
 *
 * Creates the RD now, with RMI_REALM_FLAGS0_MIG_IMPORT and the parameters
 * KVM would use for the first populate or run: the RMM puts it in mig
 * state DST_NEW. From now on measured populate fails (-EPERM), KVM_RUN
 * fails with -EBUSY and never activates it, and protected faults exit with
 * KVM_EXIT_MEMORY_FAULT, until kvm_rmi_mig_import_done(). RECs are created
 * by KVM as for any realm.
 *
 * Return: 0, -EINVAL if @kvm is not a realm VM, -EBUSY if its RD exists
 * already, or the RD creation's error (-ENOMEM, -ENXIO).
 */
int kvm_rmi_mig_create_import_realm(struct kvm *kvm);

/**
 * kvm_rmi_mig_import_done() - RMI_MIG_IMPORT_END succeeded
 * @kvm: a realm VM created in import mode; the caller holds kvm->lock
 *
 * The RMM made the realm ACTIVE: KVM marks it ACTIVE too, so KVM_RUN enters
 * its RECs without RMI_REALM_ACTIVATE, and ordinary fault handling resumes.
 *
 * Return: 0, or -EINVAL if @kvm is not an import-mode realm in state NEW.
 */
int kvm_rmi_mig_import_done(struct kvm *kvm);

/**
 * kvm_rmi_mig_is_importing() - Was the realm created in import mode and
 *	has its import not ended yet?
 * @kvm: the VM
 *
 * Return: true between kvm_rmi_mig_create_import_realm() and
 * kvm_rmi_mig_import_done().
 */
bool kvm_rmi_mig_is_importing(struct kvm *kvm);

/**
 * kvm_rmi_mig_block_entry() - Stop every vCPU from entering its REC
 * @kvm: a realm VM; the caller holds kvm->lock and no vcpu->mutex
 * @err: what KVM_RUN returns from now on: -EBUSY (paused, may resume) or
 *	-EIO (migrated away, never resumes)
 *
 * Kicks every vCPU and waits until none is inside KVM_RUN (each vcpu->mutex
 * is taken and released once), so that on return no REC is being entered
 * and none will be: RMI_MIG_PAUSE can then not fail with pause.running.
 *
 * Return: 0, or -EINVAL for another @err or a VM that is not a realm.
 */
int kvm_rmi_mig_block_entry(struct kvm *kvm, int err);

/**
 * kvm_rmi_mig_unblock_entry() - Let vCPUs enter their RECs again
 * @kvm: a realm VM; the caller holds kvm->lock
 *
 * Undoes kvm_rmi_mig_block_entry() (a source abort resumed the realm).
 */
void kvm_rmi_mig_unblock_entry(struct kvm *kvm);

/*
 * Provided by the series' rmi.c for rmi-mig.c only (the series makes them
 * non-static there); not exported.
 */

/**
 * kvm_realm_ensure_created() - Create the realm's RD if it does not exist
 * @kvm: a realm VM; the caller holds kvm->lock
 *
 * Upstream's realm_ensure_created(). realm_create_rd() sets
 * RMI_REALM_FLAGS0_MIG_IMPORT in the parameters when kvm->arch.realm.mig
 * is in REALM_MIG_IMPORT mode.
 *
 * Return: 0, -EBUSY if the realm is past NEW, -ENXIO if it is dead or the
 * RMM refused, -ENOMEM.
 */
int kvm_realm_ensure_created(struct kvm *kvm);

/**
 * kvm_realm_create_rtts() - Create the RTTs down to a level for an IPA
 * @kvm: a realm VM with an RD; takes kvm->mmu_lock for write
 * @ipa: the IPA
 * @max_level: the deepest level to create
 *
 * Upstream's realm_create_rtt_levels() from the starting level: RTTs that
 * exist already are skipped.
 *
 * Return: 0, -EINVAL if @max_level is not below the starting level or is
 * past the last level, -ENOMEM, -ENXIO if the RMM refused.
 */
int kvm_realm_create_rtts(struct kvm *kvm, unsigned long ipa, int max_level);

#endif /* __ASM_KVM_RMI_MIG_H */
