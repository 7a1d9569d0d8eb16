// SPDX-License-Identifier: GPL-2.0
/*
 * KVM's side of Arm CCA realm migration (RMI-MIG): registration of the
 * migration module, the KVM_CCA_MIG_OP VM ioctl hook, the host interface
 * the module uses (asm/kvm_rmi_mig.h), import-mode realms, and the checks
 * KVM_RUN, populate and the protected fault path make during a migration.
 *
 * Kernel location: arch/arm64/kvm/, built into KVM with the CCA host
 * series. The migration protocol itself lives in the module
 * (virt/kvm/cca_mig/); this file only exposes what the module cannot reach.
 *
 * Locking: kvm_rmi_mig_lock protects the registered ops. Per-VM state
 * (kvm->arch.realm.mig) changes under kvm->lock; the run and fault paths
 * read it with READ_ONCE() under vcpu->mutex. See asm/kvm_rmi_mig.h for
 * the lock each function requires.
 */

#include <linux/arm-rmi-cmds.h>
#include <linux/bug.h>
#include <linux/cleanup.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kvm_host.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include <asm/kvm_emulate.h>
#include <asm/kvm_rmi.h>
#include <asm/kvm_rmi_mig.h>

/* The last RTT level (4 KiB granules) */
#define RMI_MIG_RTT_LAST_LEVEL	3

static DEFINE_MUTEX(kvm_rmi_mig_lock);
static const struct kvm_rmi_mig_ops *kvm_rmi_mig_ops;

static struct realm_mig *kvm_mig(struct kvm *kvm)
{
	return &kvm->arch.realm.mig;
}

/* Protected IPAs are those below this limit. */
static u64 realm_prot_limit(struct kvm *kvm)
{
	return BIT_ULL(kvm->arch.realm.ia_bits - 1);
}

int kvm_rmi_mig_register(const struct kvm_rmi_mig_ops *ops)
{
	if (!ops || !ops->vm_ioctl || !ops->vm_release)
		return -EINVAL;

	guard(mutex)(&kvm_rmi_mig_lock);
	if (kvm_rmi_mig_ops)
		return -EBUSY;
	WRITE_ONCE(kvm_rmi_mig_ops, ops);
	return 0;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_register);

void kvm_rmi_mig_unregister(const struct kvm_rmi_mig_ops *ops)
{
	guard(mutex)(&kvm_rmi_mig_lock);
	if (WARN_ON(kvm_rmi_mig_ops != ops))
		return;
	WRITE_ONCE(kvm_rmi_mig_ops, NULL);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_unregister);

bool kvm_arm_rmi_mig_available(void)
{
	return READ_ONCE(kvm_rmi_mig_ops);
}

/*
 * The registered ops with a reference on their module, or NULL if there
 * are none or the module is going away.
 */
static const struct kvm_rmi_mig_ops *rmi_mig_get_ops(void)
{
	const struct kvm_rmi_mig_ops *ops;

	guard(mutex)(&kvm_rmi_mig_lock);
	ops = kvm_rmi_mig_ops;
	if (ops && !try_module_get(ops->owner))
		return NULL;
	return ops;
}

long kvm_arm_rmi_mig_ioctl(struct kvm *kvm, void __user *argp)
{
	const struct kvm_rmi_mig_ops *ops;
	long ret;

	ops = rmi_mig_get_ops();
	if (!ops)
		return -ENOTTY;

	if (kvm_is_realm(kvm)) {
		mutex_lock(&kvm->lock);
		ret = ops->vm_ioctl(kvm, argp);
		mutex_unlock(&kvm->lock);
	} else {
		ret = -EINVAL;
	}
	module_put(ops->owner);
	return ret;
}

void kvm_arm_rmi_mig_vm_release(struct kvm *kvm)
{
	struct realm_mig *mig = kvm_mig(kvm);
	const struct kvm_rmi_mig_ops *ops;

	guard(mutex)(&kvm->lock);

	/* The module reference @mig->priv holds keeps @ops alive. */
	ops = mig->ops;
	if (!mig->priv || WARN_ON(!ops))
		return;
	/* Our own reference: vm_release drops the one @mig->priv holds. */
	__module_get(ops->owner);
	ops->vm_release(kvm);
	if (WARN_ON(mig->priv)) {
		/* The module forgot its state: it can no longer be reached. */
		mig->priv = NULL;
		mig->ops = NULL;
		module_put(ops->owner);
	}
	module_put(ops->owner);
}

int kvm_arm_rmi_mig_vcpu_may_enter(struct kvm_vcpu *vcpu)
{
	struct realm_mig *mig = kvm_mig(vcpu->kvm);
	int err;

	lockdep_assert_held(&vcpu->mutex);

	/* Pairs with the vcpu->mutex round trip in kvm_rmi_mig_block_entry(). */
	err = READ_ONCE(mig->entry_err);
	if (err)
		return err;
	if (READ_ONCE(mig->mode) == REALM_MIG_IMPORT)
		return -EBUSY;
	return 0;
}

bool kvm_arm_rmi_mig_may_activate(struct kvm *kvm)
{
	return READ_ONCE(kvm_mig(kvm)->mode) == REALM_MIG_NONE;
}

int kvm_arm_rmi_mig_may_populate(struct kvm *kvm)
{
	lockdep_assert_held(&kvm->lock);

	if (READ_ONCE(kvm_mig(kvm)->mode) != REALM_MIG_NONE)
		return -EPERM;
	return 0;
}

int kvm_arm_rmi_mig_protected_fault(struct kvm_vcpu *vcpu, u64 ipa,
				    bool is_write, bool is_exec)
{
	if (READ_ONCE(kvm_mig(vcpu->kvm)->mode) != REALM_MIG_IMPORT)
		return 0;

	/*
	 * Mapping a page here would give the realm a zero page where the
	 * stream brings content: tell the VMM instead.
	 */
	kvm_prepare_memory_fault_exit(vcpu, ipa & PAGE_MASK, PAGE_SIZE,
				      is_write, is_exec, true);
	return -EFAULT;
}

unsigned int kvm_rmi_mig_ipa_bits(struct kvm *kvm)
{
	if (!kvm_is_realm(kvm))
		return 0;
	return READ_ONCE(kvm->arch.realm.ia_bits);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_ipa_bits);

phys_addr_t kvm_rmi_mig_rd_phys(struct kvm *kvm)
{
	lockdep_assert_held(&kvm->lock);

	if (!kvm_is_realm(kvm) || !kvm->arch.realm.rd)
		return 0;
	return virt_to_phys(kvm->arch.realm.rd);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_rd_phys);

phys_addr_t kvm_rmi_mig_rec_phys(struct kvm_vcpu *vcpu)
{
	void *rec_page = READ_ONCE(vcpu->arch.rec.rec_page);

	if (!kvm_is_realm(vcpu->kvm) || !rec_page)
		return 0;
	return virt_to_phys(rec_page);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_rec_phys);

struct kvm_vcpu *kvm_rmi_mig_vcpu_by_mpidr(struct kvm *kvm,
					   unsigned long mpidr)
{
	return kvm_mpidr_to_vcpu(kvm, mpidr);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_vcpu_by_mpidr);

void *kvm_rmi_mig_get_priv(struct kvm *kvm)
{
	lockdep_assert_held(&kvm->lock);

	return kvm_mig(kvm)->priv;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_get_priv);

void kvm_rmi_mig_set_priv(struct kvm *kvm, void *priv)
{
	struct realm_mig *mig = kvm_mig(kvm);
	const struct kvm_rmi_mig_ops *ops;

	lockdep_assert_held(&kvm->lock);

	if (!mig->priv && priv) {
		scoped_guard(mutex, &kvm_rmi_mig_lock) {
			ops = kvm_rmi_mig_ops;
			/* The caller runs in the registered module's op. */
			if (WARN_ON(!ops))
				return;
			__module_get(ops->owner);
		}
		mig->ops = ops;
	} else if (mig->priv && !priv) {
		ops = mig->ops;
		mig->ops = NULL;
		mig->priv = NULL;
		module_put(ops->owner);
		return;
	}
	mig->priv = priv;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_set_priv);

int kvm_rmi_mig_gmem_get_pfn(struct kvm *kvm, gfn_t gfn, kvm_pfn_t *pfn,
			     struct page **page)
{
	struct kvm_memory_slot *slot;
	int max_order;

	lockdep_assert_held(&kvm->slots_lock);

	if (!kvm_is_realm(kvm) || gfn >= realm_prot_limit(kvm) >> PAGE_SHIFT)
		return -EINVAL;
	slot = gfn_to_memslot(kvm, gfn);
	if (!kvm_slot_has_gmem(slot))
		return -ENOENT;
	return kvm_gmem_get_pfn(kvm, slot, gfn, pfn, page, &max_order);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_gmem_get_pfn);

void kvm_rmi_mig_gmem_put_pfn(struct page *page, bool dirty)
{
	if (dirty)
		kvm_release_page_dirty(page);
	else
		kvm_release_page_clean(page);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_gmem_put_pfn);

int kvm_rmi_mig_walk_protected_ranges(struct kvm *kvm, kvm_rmi_mig_range_fn fn,
				      void *arg)
{
	struct kvm_memory_slot *memslot;
	struct kvm_memslots *slots;
	u64 limit, base, top;
	int bkt, ret;

	lockdep_assert_held(&kvm->slots_lock);

	if (!kvm_is_realm(kvm))
		return -EINVAL;
	limit = realm_prot_limit(kvm);
	slots = kvm_memslots(kvm);
	kvm_for_each_memslot(memslot, bkt, slots) {
		if (!kvm_slot_has_gmem(memslot))
			continue;
		base = gfn_to_gpa(memslot->base_gfn);
		if (base >= limit)
			continue;
		top = min(base + ((u64)memslot->npages << PAGE_SHIFT), limit);
		ret = fn(kvm, base, top, arg);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_walk_protected_ranges);

int kvm_rmi_mig_rtt_create(struct kvm *kvm, u64 ipa, int level)
{
	if (!kvm_is_realm(kvm) || !READ_ONCE(kvm->arch.realm.rd))
		return -EINVAL;
	if (level > RMI_MIG_RTT_LAST_LEVEL || ipa >= realm_prot_limit(kvm))
		return -EINVAL;
	return kvm_realm_create_rtts(kvm, ipa, level);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_rtt_create);

unsigned long kvm_rmi_mig_delegate_range(phys_addr_t phys, unsigned long nr)
{
	unsigned long base = phys, top = phys + nr * PAGE_SIZE, out;

	if (!PAGE_ALIGNED(phys))
		return 0;
	while (base < top) {
		out = base;
		if (rmi_granule_range_delegate(base, top, &out) ||
		    out <= base || out > top)
			break;
		base = out;
	}
	return (base - phys) >> PAGE_SHIFT;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_delegate_range);

int kvm_rmi_mig_undelegate(struct page *page)
{
	if (WARN_ON(rmi_undelegate_page(page_to_phys(page)))) {
		/* Still in the Realm PAS: leak the page, never reuse it. */
		get_page(page);
		return -ENXIO;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_undelegate);

int kvm_rmi_mig_create_import_realm(struct kvm *kvm)
{
	struct realm_mig *mig = kvm_mig(kvm);
	int ret;

	lockdep_assert_held(&kvm->lock);

	if (!kvm_is_realm(kvm))
		return -EINVAL;
	if (kvm_realm_state(kvm) != REALM_STATE_NONE ||
	    mig->mode != REALM_MIG_NONE)
		return -EBUSY;

	/* realm_create_rd() reads the mode to set flags0.MIG_IMPORT. */
	WRITE_ONCE(mig->mode, REALM_MIG_IMPORT);
	ret = kvm_realm_ensure_created(kvm);
	if (ret)
		WRITE_ONCE(mig->mode, REALM_MIG_NONE);
	return ret;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_create_import_realm);

int kvm_rmi_mig_import_done(struct kvm *kvm)
{
	struct realm_mig *mig = kvm_mig(kvm);
	struct realm *realm = &kvm->arch.realm;

	lockdep_assert_held(&kvm->lock);

	if (!kvm_is_realm(kvm) || mig->mode != REALM_MIG_IMPORT ||
	    kvm_realm_state(kvm) != REALM_STATE_NEW)
		return -EINVAL;

	/* The RMM made it ACTIVE in RMI_MIG_IMPORT_END: no RMI_REALM_ACTIVATE. */
	WRITE_ONCE(realm->state, REALM_STATE_ACTIVE);
	WRITE_ONCE(mig->mode, REALM_MIG_IMPORTED);
	return 0;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_import_done);

bool kvm_rmi_mig_is_importing(struct kvm *kvm)
{
	return kvm_is_realm(kvm) &&
	       READ_ONCE(kvm_mig(kvm)->mode) == REALM_MIG_IMPORT;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_is_importing);

int kvm_rmi_mig_block_entry(struct kvm *kvm, int err)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	lockdep_assert_held(&kvm->lock);

	if (!kvm_is_realm(kvm) || (err != -EBUSY && err != -EIO))
		return -EINVAL;

	WRITE_ONCE(kvm_mig(kvm)->entry_err, err);
	/* Order the store before the kicks; pairs with KVM_RUN's read. */
	smp_mb();
	kvm_for_each_vcpu(i, vcpu, kvm)
		kvm_vcpu_kick(vcpu);
	/*
	 * KVM_RUN holds vcpu->mutex for its whole run: once each has been
	 * taken and released, no REC is being entered, and every later
	 * KVM_RUN sees @err before it enters (the mutex orders it).
	 */
	kvm_for_each_vcpu(i, vcpu, kvm) {
		mutex_lock(&vcpu->mutex);
		mutex_unlock(&vcpu->mutex);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_block_entry);

void kvm_rmi_mig_unblock_entry(struct kvm *kvm)
{
	lockdep_assert_held(&kvm->lock);

	WRITE_ONCE(kvm_mig(kvm)->entry_err, 0);
}
EXPORT_SYMBOL_GPL(kvm_rmi_mig_unblock_entry);
