/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST INFRASTRUCTURE: a mini KVM core for the reference-platform harness.
 *
 * The patch series' code (arch/arm64/kvm/rmi/) and the migration module
 * (virt/kvm/cca_mig/) are written against KVM: struct kvm, struct
 * kvm_vcpu, memslots, guest_memfd, kvm->arch.realm and vcpu->arch.rec
 * (<linux/kvm_host.h> and <asm/kvm_rmi.h> in the shim). This file gives
 * tests the ioctls a VMM would issue to get such a VM, implemented over
 * the host stand-in (cca_host.h), which does the realm's RMI work:
 *
 *   kvm_shim_create_vm()        KVM_CREATE_VM(KVM_VM_TYPE_ARM_REALM), one
 *                               guest_memfd memslot for the RAM
 *                               (KVM_SET_USER_MEMORY_REGION2), and
 *                               KVM_CREATE_VCPU for each REC
 *   kvm_shim_populate()         KVM_ARM_RMI_POPULATE (creates the RD)
 *   kvm_shim_finalize_vcpus()   KVM_ARM_VCPU_FINALIZE(KVM_ARM_VCPU_REC)
 *   kvm_shim_vcpu_run()         KVM_RUN: the first run of a NEW realm sets
 *                               the RIPAS of its guest_memfd memslots and
 *                               activates it, as upstream's
 *                               kvm_activate_realm()
 *   kvm_shim_vm_ioctl_mig()     the KVM_CCA_MIG_OP case of
 *                               kvm_arch_vm_ioctl()
 *   kvm_put_kvm()               close(): the last reference destroys it
 *
 * As in upstream, the RD is created lazily (first populate, finalize or
 * run), so a destination VMM can ask the migration module for an
 * import-mode realm first. Locking as KVM's: kvm->lock outside
 * vcpu->mutex; KVM_RUN holds vcpu->mutex and never takes kvm->lock (the
 * first-run activation uses a config lock inside vcpu->mutex, as arm64's
 * kvm->arch.config_lock).
 */
#ifndef CCA_KVM_CORE_H
#define CCA_KVM_CORE_H

#include <linux/kvm_host.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "cca_host.h"

/**
 * struct kvm_shim - Harness-only state of a VM (not KVM's)
 * @cfg: what the realm is made of (RAM, RECs, IPA width); the RAM is the
 *	guest_memfd memslot
 * @config_lock: arm64's kvm->arch.config_lock: first-run activation
 * @realm: the host stand-in's realm, once the RD exists
 */
struct kvm_shim {
	struct cca_realm_config cfg;
	struct mutex config_lock;	/* first-run activation */
	struct cca_realm *realm;
};

struct kvm *kvm_shim_create_vm(const struct cca_realm_config *cfg);
int kvm_shim_populate(struct kvm *kvm, u64 ipa, const void *src, size_t len);
int kvm_shim_finalize_vcpus(struct kvm *kvm);
int kvm_shim_vcpu_run(struct kvm_vcpu *vcpu, struct cca_event *ev,
		      unsigned long max_entries);
int kvm_shim_run_all(struct kvm *kvm, unsigned long max_entries,
		     int (*fn)(struct kvm_vcpu *vcpu,
			       const struct cca_event *ev, void *priv),
		     void *priv);
long kvm_shim_vm_ioctl_mig(struct kvm *kvm, void __user *argp);
int kvm_shim_boot(const struct cca_realm_config *cfg, const void *image,
		  size_t len, struct kvm **out);
struct cca_realm *kvm_shim_realm(struct kvm *kvm);

#endif /* CCA_KVM_CORE_H */
