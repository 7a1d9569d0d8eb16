// SPDX-License-Identifier: GPL-2.0
/*
 * TEST INFRASTRUCTURE: the mini KVM core of the reference-platform harness
 * (see kvm_core.h). It implements the KVM functions declared in the shim's
 * <linux/kvm_host.h>, the two series-internal functions of rmi.c that the
 * series' rmi-mig.c calls (kvm_realm_ensure_created(),
 * kvm_realm_create_rtts()), and the VMM-facing calls tests use, all over
 * the host stand-in cca_host.c.
 */
#define pr_fmt(fmt) "kvm_core: " fmt

#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kvm_host.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <asm/kvm_emulate.h>
#include <asm/kvm_rmi.h>
#include <asm/kvm_rmi_mig.h>

#include "cca_host.h"
#include "kvm_core.h"

/* ---------------------------------------------------------------------- */
/* KVM core functions (linux/kvm_host.h)                                  */

/**
 * gfn_to_memslot() - The memslot that holds a gfn
 * @kvm: the VM
 * @gfn: the gfn
 *
 * Return: the memslot, or NULL.
 */
struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, gfn_t gfn)
{
	struct kvm_memslots *slots = kvm_memslots(kvm);
	struct kvm_memory_slot *slot;
	int bkt;

	kvm_for_each_memslot(slot, bkt, slots)
		if (gfn >= slot->base_gfn && gfn - slot->base_gfn < slot->npages)
			return slot;
	return NULL;
}

/**
 * kvm_gmem_get_pfn() - The guest_memfd page behind a gfn, with a reference
 * @kvm: the VM
 * @slot: a guest_memfd memslot that holds @gfn
 * @gfn: the gfn
 * @pfn: its pfn
 * @page: its page; release with kvm_release_page_clean() or _dirty()
 * @max_order: 0 (no huge pages here), or NULL
 *
 * The pages come from the host stand-in's RAM of the realm, allocated on
 * first use. Harness limit: the realm's RD must exist (the RAM array lives
 * with it).
 *
 * Return: 0, -EINVAL if @gfn is not in @slot's guest_memfd range, -EIO if
 * the realm does not exist yet, -ENOMEM.
 */
int kvm_gmem_get_pfn(struct kvm *kvm, struct kvm_memory_slot *slot,
		     gfn_t gfn, kvm_pfn_t *pfn, struct page **page,
		     int *max_order)
{
	struct cca_realm *realm = READ_ONCE(kvm->shim->realm);
	struct page *p;

	if (!kvm_slot_has_gmem(slot) || gfn < slot->base_gfn ||
	    gfn - slot->base_gfn >= slot->npages)
		return -EINVAL;
	if (!realm)
		return -EIO;
	p = cca_realm_ram_page(realm, gfn_to_gpa(gfn));
	if (!p)
		return -ENOMEM;
	get_page(p);
	*page = p;
	*pfn = page_to_pfn(p);
	if (max_order)
		*max_order = 0;
	return 0;
}

/**
 * kvm_release_page_clean() - Drop a reference from kvm_gmem_get_pfn()
 * @page: the page
 */
void kvm_release_page_clean(struct page *page)
{
	put_page(page);
}

/**
 * kvm_release_page_dirty() - Drop a reference to a page that was written
 * @page: the page
 */
void kvm_release_page_dirty(struct page *page)
{
	put_page(page);
}

/**
 * kvm_vcpu_kick() - Make a vCPU leave guest mode
 * @vcpu: the vCPU
 *
 * The model ends every REC entry after a bounded slice, so a running vCPU
 * comes back to its run loop by itself; the kick is only counted.
 */
void kvm_vcpu_kick(struct kvm_vcpu *vcpu)
{
	__atomic_add_fetch(&vcpu->kicks, 1, __ATOMIC_RELAXED);
}

/**
 * kvm_mpidr_to_vcpu() - Find a vCPU by MPIDR
 * @kvm: the VM
 * @mpidr: the MPIDR (affinity fields are compared)
 *
 * Return: the vCPU, or NULL.
 */
struct kvm_vcpu *kvm_mpidr_to_vcpu(struct kvm *kvm, unsigned long mpidr)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	mpidr &= MPIDR_HWID_BITMASK;
	kvm_for_each_vcpu(i, vcpu, kvm)
		if (kvm_vcpu_get_mpidr_aff(vcpu) == mpidr)
			return vcpu;
	return NULL;
}

/**
 * kvm_get_kvm() - Take a reference on a VM
 * @kvm: the VM
 */
void kvm_get_kvm(struct kvm *kvm)
{
	refcount_inc(&kvm->users_count);
}

static void kvm_shim_free(struct kvm *kvm)
{
	unsigned int i;

	for (i = 0; i < KVM_SHIM_MAX_VCPUS; i++) {
		struct kvm_vcpu *vcpu = kvm->vcpus[i];

		if (!vcpu)
			continue;
		kfree(vcpu->run);
		mutex_destroy(&vcpu->mutex);
		kfree(vcpu);
	}
	if (kvm->shim)
		mutex_destroy(&kvm->shim->config_lock);
	kfree(kvm->shim);
	mutex_destroy(&kvm->slots_lock);
	mutex_destroy(&kvm->lock);
	kfree(kvm);
}

/*
 * The last reference is gone: tell the migration module, then tear the
 * realm down (upstream: kvm_arch_destroy_vm() -> kvm_destroy_realm()).
 */
static void kvm_shim_destroy_vm(struct kvm *kvm)
{
	struct kvm_shim *shim = kvm->shim;

	kvm_arm_rmi_mig_vm_release(kvm);
	if (shim->realm) {
		WRITE_ONCE(kvm->arch.realm.state, REALM_STATE_DYING);
		cca_realm_destroy(shim->realm);
		shim->realm = NULL;
	}
	kvm->arch.realm.rd = NULL;
	WRITE_ONCE(kvm->arch.realm.state, REALM_STATE_DEAD);
	kvm_shim_free(kvm);
}

/**
 * kvm_put_kvm() - Drop a reference on a VM; the last destroys it
 * @kvm: the VM
 */
void kvm_put_kvm(struct kvm *kvm)
{
	if (refcount_dec_and_test(&kvm->users_count))
		kvm_shim_destroy_vm(kvm);
}

/* ---------------------------------------------------------------------- */
/* The series' rmi.c, as far as rmi-mig.c calls it                        */

/* The protected-fault check of the series, for the host stand-in. */
static int kvm_shim_fault(void *priv, struct cca_rec *rec, u64 ipa,
			  bool write, bool exec)
{
	struct kvm *kvm = priv;
	struct kvm_vcpu *vcpu = kvm_get_vcpu(kvm, rec->index);

	if (WARN_ON(!vcpu))
		return -EFAULT;
	return kvm_arm_rmi_mig_protected_fault(vcpu, ipa, write, exec);
}

int kvm_realm_ensure_created(struct kvm *kvm)
{
	struct kvm_shim *shim = kvm->shim;
	struct cca_realm_config cfg;
	struct cca_realm *realm;

	lockdep_assert_held(&kvm->lock);

	switch (READ_ONCE(kvm->arch.realm.state)) {
	case REALM_STATE_NONE:
		break;
	case REALM_STATE_NEW:
		return 0;
	case REALM_STATE_DEAD:
		return -ENXIO;
	default:
		return -EBUSY;
	}

	cfg = shim->cfg;
	cfg.mig_import = kvm->arch.realm.mig.mode == REALM_MIG_IMPORT;
	realm = cca_realm_create(&cfg);
	if (IS_ERR(realm))
		return PTR_ERR(realm);
	cca_realm_set_fault(realm, kvm_shim_fault, kvm);
	shim->realm = realm;
	kvm->arch.realm.sro = realm->sro;
	kvm->arch.realm.ia_bits = realm->ia_bits;
	WRITE_ONCE(kvm->arch.realm.rd, realm->rd);
	WRITE_ONCE(kvm->arch.realm.state, REALM_STATE_NEW);
	return 0;
}

int kvm_realm_create_rtts(struct kvm *kvm, unsigned long ipa, int max_level)
{
	struct cca_realm *realm = READ_ONCE(kvm->shim->realm);

	if (!realm)
		return -EINVAL;
	return cca_realm_create_rtts(realm, ipa, max_level);
}

/* ---------------------------------------------------------------------- */
/* What a VMM does                                                        */

/**
 * kvm_shim_create_vm() - A realm VM with its RAM memslot and vCPUs
 * @cfg: the realm: RAM (the guest_memfd memslot), RECs (one vCPU each),
 *	IPA width; cfg->mig_import is ignored (the migration module decides)
 *
 * The RD is not created yet.
 *
 * Return: the VM with one reference (drop it with kvm_put_kvm()), or an
 * ERR_PTR(): -EINVAL for a bad @cfg, -ENOMEM.
 */
struct kvm *kvm_shim_create_vm(const struct cca_realm_config *cfg)
{
	struct kvm_memory_slot *slot;
	struct kvm_shim *shim;
	struct kvm *kvm;
	unsigned int i;

	if (!cfg->nr_recs || cfg->nr_recs > KVM_SHIM_MAX_VCPUS ||
	    !cfg->ram_size || !PAGE_ALIGNED(cfg->ram_size) ||
	    !PAGE_ALIGNED(cfg->ram_base))
		return ERR_PTR(-EINVAL);

	kvm = kzalloc_obj(*kvm);
	if (!kvm)
		return ERR_PTR(-ENOMEM);
	mutex_init(&kvm->lock);
	mutex_init(&kvm->slots_lock);
	refcount_set(&kvm->users_count, 1);
	kvm->shim = kzalloc_obj(*kvm->shim);
	if (!kvm->shim)
		goto free_kvm;
	shim = kvm->shim;
	mutex_init(&shim->config_lock);

	shim->cfg = *cfg;
	shim->cfg.mig_import = false;
	if (!shim->cfg.ia_bits)
		shim->cfg.ia_bits = CCA_DEFAULT_IA_BITS;
	if (!shim->cfg.ram_base)
		shim->cfg.ram_base = CCA_GUEST_BASE_IPA;

	kvm->arch.is_realm = true;
	kvm->arch.realm.ia_bits = shim->cfg.ia_bits;

	slot = &kvm->memslots.slots[0];
	slot->base_gfn = gpa_to_gfn(shim->cfg.ram_base);
	slot->npages = shim->cfg.ram_size >> PAGE_SHIFT;
	slot->flags = KVM_MEM_GUEST_MEMFD;
	slot->id = 0;
	kvm->memslots.nr = 1;

	for (i = 0; i < cfg->nr_recs; i++) {
		struct kvm_vcpu *vcpu = kzalloc_obj(*vcpu);

		if (!vcpu)
			goto free_kvm;
		kvm->vcpus[i] = vcpu;
		vcpu->kvm = kvm;
		vcpu->vcpu_id = i;
		vcpu->vcpu_idx = i;
		mutex_init(&vcpu->mutex);
		vcpu->arch.rec.mpidr = cca_rec_mpidr(i);
		vcpu->run = kzalloc_obj(*vcpu->run);
		if (!vcpu->run)
			goto free_kvm;
	}
	atomic_set(&kvm->online_vcpus, cfg->nr_recs);
	return kvm;

free_kvm:
	kvm_shim_free(kvm);
	return ERR_PTR(-ENOMEM);
}

/**
 * kvm_shim_realm() - The host stand-in's realm of a VM
 * @kvm: the VM
 *
 * Return: the realm, or NULL if its RD does not exist.
 */
struct cca_realm *kvm_shim_realm(struct kvm *kvm)
{
	return READ_ONCE(kvm->shim->realm);
}

/**
 * kvm_shim_populate() - KVM_ARM_RMI_POPULATE: load measured content
 * @kvm: a realm VM whose realm is NONE or NEW
 * @ipa: protected IPA in the RAM, page aligned
 * @src: the content
 * @len: its length
 *
 * Return: 0, -EPERM for an import-mode realm, or the errors of
 * kvm_realm_ensure_created() and cca_realm_populate().
 */
int kvm_shim_populate(struct kvm *kvm, u64 ipa, const void *src, size_t len)
{
	int ret;

	guard(mutex)(&kvm->lock);

	ret = kvm_arm_rmi_mig_may_populate(kvm);
	if (ret)
		return ret;
	ret = kvm_realm_ensure_created(kvm);
	if (ret)
		return ret;
	return cca_realm_populate(kvm->shim->realm, ipa, src, len, true);
}

/**
 * kvm_shim_finalize_vcpus() - KVM_ARM_VCPU_FINALIZE(REC) on every vCPU
 * @kvm: a realm VM whose realm is NONE or NEW
 *
 * Creates the RD if needed, then every REC, and fills vcpu->arch.rec.
 *
 * Return: 0, or -errno.
 */
int kvm_shim_finalize_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	struct cca_realm *realm;
	unsigned long i;
	int ret;

	guard(mutex)(&kvm->lock);

	ret = kvm_realm_ensure_created(kvm);
	if (ret)
		return ret;
	realm = kvm->shim->realm;
	ret = cca_realm_create_recs(realm);
	if (ret)
		return ret;
	kvm_for_each_vcpu(i, vcpu, kvm) {
		struct cca_rec *rec = &realm->recs[i];

		guard(mutex)(&vcpu->mutex);
		vcpu->arch.rec.rec_phys = rec->rec_phys;
		vcpu->arch.rec.run = rec->run;
		vcpu->arch.rec.run_phys = rec->run_phys;
		vcpu->arch.rec.sro = realm->sro;
		vcpu->arch.rec.rec_page = rec->rec_page;
		vcpu->shim_rec = rec;
	}
	return 0;
}

/*
 * The first KVM_RUN of a NEW realm sets the RIPAS of its guest_memfd RAM
 * and activates it (upstream: kvm_activate_realm()); an imported realm,
 * which the RMM activated, is only marked so in the host stand-in.
 */
static int kvm_shim_first_run(struct kvm *kvm)
{
	struct kvm_shim *shim = kvm->shim;
	struct cca_realm *realm = shim->realm;
	int ret;

	guard(mutex)(&shim->config_lock);

	switch (READ_ONCE(kvm->arch.realm.state)) {
	case REALM_STATE_ACTIVE:
		if (READ_ONCE(realm->state) == CCA_REALM_NEW)
			return cca_realm_mark_imported(realm);
		return 0;
	case REALM_STATE_NEW:
		if (!kvm_arm_rmi_mig_may_activate(kvm))
			return -EBUSY;
		ret = cca_realm_init_ripas(realm, shim->cfg.ram_base,
					   shim->cfg.ram_size);
		if (ret)
			return ret;
		ret = cca_realm_activate(realm);
		if (ret)
			return ret;
		WRITE_ONCE(kvm->arch.realm.state, REALM_STATE_ACTIVE);
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Enter the vCPU's REC up to @max_entries times (0: no limit), handling
 * the exits the host handles. Return: 1 with @ev for the caller, 0 if the
 * entries ran out, or -errno.
 */
static int kvm_shim_vcpu_enter(struct kvm_vcpu *vcpu, struct cca_event *ev,
			       unsigned long max_entries)
{
	unsigned long n = 0;
	struct cca_rec *rec;
	int ret;

	lockdep_assert_held(&vcpu->mutex);

	vcpu->run->exit_reason = KVM_EXIT_UNKNOWN;
	memset(ev, 0, sizeof(*ev));
	rec = vcpu->shim_rec;
	if (!rec)
		return -EPERM;
	ret = kvm_arm_rmi_mig_vcpu_may_enter(vcpu);
	if (ret)
		return ret;
	ret = kvm_shim_first_run(vcpu->kvm);
	if (ret)
		return ret;

	for (;;) {
		if (max_entries && n++ >= max_entries)
			return 0;
		/* Checked before every entry, as the series' kvm_rec_enter(). */
		ret = kvm_arm_rmi_mig_vcpu_may_enter(vcpu);
		if (ret)
			return ret;
		ret = cca_rec_step(rec, ev);
		if (ret)
			return ret;
	}
}

/**
 * kvm_shim_vcpu_run() - KVM_RUN
 * @vcpu: a finalized vCPU
 * @ev: the event that ended the run
 * @max_entries: give up after this many REC entries; 0 for no limit
 *
 * Return: 0 with @ev for the caller, or -errno: -EPERM if the vCPU is not
 * finalized, -EBUSY while the realm is paused for migration or imported,
 * -EIO after it migrated away, -EFAULT with vcpu->run->exit_reason
 * KVM_EXIT_MEMORY_FAULT for a protected fault during an import, -ETIME if
 * @max_entries ran out, or the host stand-in's errors.
 */
int kvm_shim_vcpu_run(struct kvm_vcpu *vcpu, struct cca_event *ev,
		      unsigned long max_entries)
{
	int ret;

	guard(mutex)(&vcpu->mutex);

	ret = kvm_shim_vcpu_enter(vcpu, ev, max_entries);
	if (!ret)
		return -ETIME;
	return ret < 0 ? ret : 0;
}

/**
 * kvm_shim_run_all() - Run every vCPU, round robin, until none can run
 * @kvm: the VM
 * @max_entries: give up after this many REC entries; 0 for no limit
 * @fn: called with each event for the caller, or NULL; a non-zero return
 *	stops the run and is returned (if negative) or gives 0
 * @priv: argument for @fn
 *
 * A vCPU runs while its REC is runnable and has not reported DONE, ASSERT
 * or ABORT; one REC entry per vCPU per round.
 *
 * Return: 0 when no vCPU can run any more, or -errno (the first KVM_RUN
 * error, -ETIME if @max_entries ran out).
 */
int kvm_shim_run_all(struct kvm *kvm, unsigned long max_entries,
		     int (*fn)(struct kvm_vcpu *vcpu,
			       const struct cca_event *ev, void *priv),
		     void *priv)
{
	struct kvm_vcpu *vcpu;
	struct cca_event ev;
	unsigned long i, n = 0;
	bool ran;
	int ret;

	do {
		ran = false;
		kvm_for_each_vcpu(i, vcpu, kvm) {
			struct cca_rec *rec = READ_ONCE(vcpu->shim_rec);

			if (!rec || !READ_ONCE(rec->runnable) ||
			    READ_ONCE(rec->done) || READ_ONCE(rec->failed))
				continue;
			if (READ_ONCE(rec->realm->state) == CCA_REALM_SYSTEM_OFF)
				return 0;
			if (max_entries && n++ >= max_entries)
				return -ETIME;
			ran = true;
			scoped_guard(mutex, &vcpu->mutex)
				ret = kvm_shim_vcpu_enter(vcpu, &ev, 1);
			if (ret < 0)
				return ret;
			if (ret > 0 && fn) {
				ret = fn(vcpu, &ev, priv);
				if (ret)
					return ret < 0 ? ret : 0;
			}
		}
	} while (ran);
	return 0;
}

/**
 * kvm_shim_vm_ioctl_mig() - The KVM_CCA_MIG_OP case of kvm_arch_vm_ioctl()
 * @kvm: the VM
 * @argp: the user pointer to struct kvm_cca_mig_op
 *
 * Return: what kvm_arm_rmi_mig_ioctl() returns.
 */
long kvm_shim_vm_ioctl_mig(struct kvm *kvm, void __user *argp)
{
	return kvm_arm_rmi_mig_ioctl(kvm, argp);
}

/**
 * kvm_shim_boot() - A realm VM, populated with an image and finalized
 * @cfg: the realm
 * @image: guest image, loaded (measured) at the start of RAM
 * @len: its length
 * @out: the VM; its first KVM_RUN activates the realm
 *
 * Return: 0, or -errno (nothing is left behind).
 */
int kvm_shim_boot(const struct cca_realm_config *cfg, const void *image,
		  size_t len, struct kvm **out)
{
	struct kvm *kvm;
	int ret;

	kvm = kvm_shim_create_vm(cfg);
	if (IS_ERR(kvm))
		return PTR_ERR(kvm);
	ret = kvm_shim_populate(kvm, kvm->shim->cfg.ram_base, image, len);
	if (!ret)
		ret = kvm_shim_finalize_vcpus(kvm);
	if (ret) {
		kvm_put_kvm(kvm);
		return ret;
	}
	*out = kvm;
	return 0;
}
