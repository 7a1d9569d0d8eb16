/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cca-host-series-compat.h - declarations of the upstream CCA host series
 * that the 7.2 tree lacks.
 *
 * USED ONLY FOR THE BUILD CHECK (scripts/kbuild-check.sh, see
 * Documentation/dev-tools/kbuild-check.rst). It is not part of the patch
 * series and is never shipped: on a tree with the CCA host series applied
 * the series' own headers provide all of this.
 *
 * arch/arm64/kvm/rmi/rmi-mig.c is compiled against Debian's
 * linux-source-7.2 with the kernel's own flags, C=1 and W=1. That file
 * uses what the series adds to KVM: struct realm in kvm->arch, struct
 * realm_rec in vcpu->arch, kvm_is_realm() and kvm_realm_state(). The check
 * builds an overlay include directory (build/kbuild-check/overlay/) that
 * puts this file where the series has those declarations:
 *
 * - overlay asm/kvm_rmi.h: includes this file (the series' asm/kvm_rmi.h);
 * - overlay asm/kvm_host.h: a copy of 7.2's with "#include <asm/kvm_rmi.h>"
 *   and CCA_HOST_SERIES_KVM_ARCH_MEMBERS / CCA_HOST_SERIES_VCPU_ARCH_MEMBERS
 *   inserted at the end of struct kvm_arch and struct kvm_vcpu_arch;
 * - overlay asm/kvm_emulate.h: a copy of 7.2's that includes this file
 *   again, with CCA_HOST_SERIES_COMPAT_EMULATE defined, at its end (the
 *   series' kvm_is_realm() and kvm_realm_state() live in kvm_emulate.h
 *   and need struct kvm complete).
 *
 * Declarations only, with the series' names and types: types, the
 * static key, and the two one-line static inline accessors duplicated
 * from the series' asm/kvm_emulate.h. No function that the checked code
 * calls gets a body here. The layouts follow the series as the reference
 * platform duplicates it (tools/testing/cca_mig/shim/include/asm/kvm_rmi.h
 * and kvm_emulate.h); keep them in sync.
 */
#ifndef __CCA_HOST_SERIES_COMPAT_H
#define __CCA_HOST_SERIES_COMPAT_H

#include <linux/arm-smccc-rmi.h>
#include <linux/jump_label.h>
#include <linux/types.h>

#include <asm/kvm_rmi_mig.h>

struct rec_run;
struct rmi_sro_state;

/* asm/kvm_rmi.h of the CCA host series */

enum realm_state {
	REALM_STATE_NONE,
	REALM_STATE_NEW,
	REALM_STATE_ACTIVE,
	REALM_STATE_DYING,
	REALM_STATE_DEAD
};

/**
 * struct realm - Additional per VM data for a Realm
 * @rd: Kernel mapping of the RMM-managed Realm Descriptor (RD) granule
 * @sro: Preallocated SRO state context for Realm MMU operations
 * @state: The lifetime state machine for the realm
 * @ia_bits: Number of valid Input Address bits in the IPA
 * @stage2_unmapped: The Realm stage-2 mappings have been removed
 * @mig: migration state; the member our series' patch 2 adds
 */
struct realm {
	void *rd;
	struct rmi_sro_state *sro;
	enum realm_state state;
	unsigned int ia_bits;
	bool stage2_unmapped;
	struct realm_mig mig;
};

/**
 * struct realm_rec - Additional per VCPU data for a Realm
 * @mpidr: MPIDR value to identify this VCPU
 * @rec_page: Kernel VA of the RMM's private page for this REC
 * @rec_phys: Physical address of @rec_page
 * @run: Kernel VA of the RmiRecRun structure shared with the RMM
 * @run_phys: Physical address of @run
 * @sro: A preallocated SRO state context
 */
struct realm_rec {
	unsigned long mpidr;
	void *rec_page;
	phys_addr_t rec_phys;
	struct rec_run *run;
	phys_addr_t run_phys;
	struct rmi_sro_state *sro;
};

DECLARE_STATIC_KEY_FALSE(kvm_rmi_is_available);

/*
 * What the series adds at the end of struct kvm_arch and kvm_vcpu_arch;
 * the overlay copy of kvm_host.h writes "CCA_HOST_SERIES_..._MEMBERS;".
 */
#define CCA_HOST_SERIES_KVM_ARCH_MEMBERS	\
	bool is_realm;				\
	struct realm realm
#define CCA_HOST_SERIES_VCPU_ARCH_MEMBERS	\
	struct realm_rec rec

#endif /* __CCA_HOST_SERIES_COMPAT_H */

/* asm/kvm_emulate.h of the CCA host series: needs struct kvm complete */
#if defined(CCA_HOST_SERIES_COMPAT_EMULATE) && \
	!defined(__CCA_HOST_SERIES_COMPAT_EMULATE_H)
#define __CCA_HOST_SERIES_COMPAT_EMULATE_H

static inline bool kvm_is_realm(struct kvm *kvm)
{
	if (static_branch_unlikely(&kvm_rmi_is_available) && kvm)
		return kvm->arch.is_realm;
	return false;
}

static inline enum realm_state kvm_realm_state(struct kvm *kvm)
{
	return READ_ONCE(kvm->arch.realm.state);
}

#endif /* CCA_HOST_SERIES_COMPAT_EMULATE */
