/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: arch/arm64/include/asm/kvm_emulate.h, the helpers the series'
 * code uses, including the CCA host series' kvm_is_realm() and
 * kvm_realm_state(). A harness vCPU has no system registers: its MPIDR is
 * the one its REC is created with (vcpu->arch.rec.mpidr), which is what
 * KVM derives from MPIDR_EL1 for a realm vCPU. There is no static key:
 * RMI is always available in the harness.
 */
#ifndef _SHIM_ASM_KVM_EMULATE_H
#define _SHIM_ASM_KVM_EMULATE_H

#include <linux/kvm_host.h>

/* MPIDR_EL1 affinity fields Aff3, Aff2, Aff1, Aff0 (MPIDR_HWID_BITMASK) */
#define MPIDR_HWID_BITMASK	0xff00ffffffUL

static inline bool kvm_is_realm(struct kvm *kvm)
{
	return kvm && kvm->arch.is_realm;
}

static inline enum realm_state kvm_realm_state(struct kvm *kvm)
{
	return READ_ONCE(kvm->arch.realm.state);
}

static inline unsigned long kvm_vcpu_get_mpidr_aff(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.rec.mpidr & MPIDR_HWID_BITMASK;
}

#endif /* _SHIM_ASM_KVM_EMULATE_H */
