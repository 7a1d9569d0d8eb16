/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: arch/arm64/include/asm/kvm_rmi.h of the CCA host series
 * (gwshan/linux), the types our code uses. Keep in sync. Plus, marked
 * below, what our patch series adds: struct realm_mig in struct realm.
 */
#ifndef _SHIM_ASM_KVM_RMI_H
#define _SHIM_ASM_KVM_RMI_H

#include <linux/arm-smccc-rmi.h>
#include <linux/types.h>

#include <asm/kvm_rmi_mig.h>

struct rmi_sro_state;

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
 * @mig: migration state (added by our series)
 */
struct realm {
	void *rd;
	struct rmi_sro_state *sro;
	enum realm_state state;
	unsigned int ia_bits;
	bool stage2_unmapped;
	/* our series */
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

#endif /* _SHIM_ASM_KVM_RMI_H */
