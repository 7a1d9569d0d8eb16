/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/kvm_host.h, arch/arm64/include/asm/kvm_host.h.
 *
 * TEST INFRASTRUCTURE: the part of KVM's core that the patch series' code
 * (arch/arm64/kvm/rmi/) and the migration module use, with the kernel's
 * names, types and locking rules; the implementation is host/kvm_core.c,
 * which runs realms through host/cca_host.c. Only what is declared here
 * exists: a VM has vCPUs, memslots whose guest_memfd pages come from the
 * model's DRAM, and the realm state of the CCA host series
 * (kvm->arch.realm, vcpu->arch.rec, asm/kvm_rmi.h).
 *
 * Differences that matter: kvm->mmu_lock is not here (the host stand-in
 * keeps its own, cca_realm.mmu_lock; series code reaches stage 2 only
 * through functions that take it); memslots cannot change after the VM is
 * created, so kvm_memslots() needs no SRCU; kvm_vcpu_kick() only counts
 * (the model ends every REC entry after a bounded slice, as a timer would).
 */
#ifndef _SHIM_LINUX_KVM_HOST_H
#define _SHIM_LINUX_KVM_HOST_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/kvm_types.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/types.h>

#include <asm/kvm_rmi.h>

#define gfn_to_gpa(gfn)		((gpa_t)(gfn) << PAGE_SHIFT)
#define gpa_to_gfn(gpa)		((gfn_t)((gpa) >> PAGE_SHIFT))

/* uapi: struct kvm_userspace_memory_region2.flags */
#define KVM_MEM_LOG_DIRTY_PAGES		BIT(0)
#define KVM_MEM_READONLY		BIT(1)
#define KVM_MEM_GUEST_MEMFD		BIT(2)

/* uapi: the exits and flags the series' code produces */
#define KVM_EXIT_UNKNOWN		0
#define KVM_EXIT_MEMORY_FAULT		39
#define KVM_MEMORY_EXIT_FLAG_PRIVATE	BIT_ULL(3)

/* uapi: KVM_CREATE_VM type of the CCA host series */
#define KVM_VM_TYPE_ARM_REALM		BIT(8)

/**
 * struct kvm_run - The part of the uapi kvm_run the harness fills
 * @exit_reason: KVM_EXIT_*
 * @memory_fault: KVM_EXIT_MEMORY_FAULT: what could not be mapped
 */
struct kvm_run {
	__u32 exit_reason;
	struct {
		__u64 flags;
		__u64 gpa;
		__u64 size;
	} memory_fault;
};

/* Most memslots and vCPUs a harness VM has. */
#define KVM_SHIM_MAX_MEMSLOTS	8
#define KVM_SHIM_MAX_VCPUS	16

/**
 * struct kvm_memory_slot - A memslot
 * @base_gfn: first gfn
 * @npages: number of pages
 * @flags: KVM_MEM_*
 * @id: slot id
 */
struct kvm_memory_slot {
	gfn_t base_gfn;
	unsigned long npages;
	u32 flags;
	short id;
};

/**
 * struct kvm_memslots - The VM's memslots (one address space)
 * @slots: the slots
 * @nr: how many are used
 */
struct kvm_memslots {
	struct kvm_memory_slot slots[KVM_SHIM_MAX_MEMSLOTS];
	int nr;
};

struct cca_rec;
struct kvm_shim;

/**
 * struct kvm_arch - arm64 per-VM state (the CCA host series' part)
 * @is_realm: created with KVM_VM_TYPE_ARM_REALM
 * @realm: the realm (asm/kvm_rmi.h)
 */
struct kvm_arch {
	bool is_realm;
	struct realm realm;
};

/**
 * struct kvm_vcpu_arch - arm64 per-vCPU state (the CCA host series' part)
 * @rec: the vCPU's REC (asm/kvm_rmi.h)
 */
struct kvm_vcpu_arch {
	struct realm_rec rec;
};

/**
 * struct kvm - A VM
 * @lock: kvm->lock, the VM-wide mutex
 * @slots_lock: kvm->slots_lock, held to change (or walk without SRCU)
 *	the memslots
 * @arch: arm64 state
 * @memslots: the memslots
 * @vcpus: the vCPUs (KVM keeps an xarray)
 * @online_vcpus: number of vCPUs created
 * @users_count: references (kvm_get_kvm()/kvm_put_kvm())
 * @shim: harness-only state of host/kvm_core.c, not KVM's
 */
struct kvm {
	struct mutex lock;		/* kvm->lock */
	struct mutex slots_lock;	/* memslots */
	struct kvm_arch arch;
	struct kvm_memslots memslots;
	struct kvm_vcpu *vcpus[KVM_SHIM_MAX_VCPUS];
	atomic_t online_vcpus;
	refcount_t users_count;
	struct kvm_shim *shim;
};

/**
 * struct kvm_vcpu - A vCPU
 * @kvm: its VM
 * @vcpu_id: its id
 * @vcpu_idx: its index in kvm->vcpus
 * @mutex: vcpu->mutex, held by KVM_RUN for the whole run
 * @run: the shared kvm_run structure
 * @arch: arm64 state
 * @kicks: harness-only: kvm_vcpu_kick() calls
 * @shim_rec: harness-only: the host stand-in's REC
 */
struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	int vcpu_idx;
	struct mutex mutex;		/* held by KVM_RUN */
	struct kvm_run *run;
	struct kvm_vcpu_arch arch;
	unsigned long kicks;
	struct cca_rec *shim_rec;
};

#define kvm_for_each_vcpu(idx, vcpup, kvm)				\
	for ((idx) = 0;							\
	     (idx) < (unsigned long)atomic_read(&(kvm)->online_vcpus) && \
	     ((vcpup) = (kvm)->vcpus[idx]) != NULL; (idx)++)

static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	if (i < 0 || i >= atomic_read(&kvm->online_vcpus))
		return NULL;
	return kvm->vcpus[i];
}

#define kvm_for_each_memslot(memslot, bkt, slots)			\
	for ((bkt) = 0; (bkt) < (slots)->nr &&				\
	     ((memslot) = &(slots)->slots[bkt]) != NULL; (bkt)++)

/* Memslots never change after creation here: slots_lock suffices. */
static inline struct kvm_memslots *kvm_memslots(struct kvm *kvm)
{
	return &kvm->memslots;
}

static inline bool kvm_slot_has_gmem(const struct kvm_memory_slot *slot)
{
	return slot && (slot->flags & KVM_MEM_GUEST_MEMFD);
}

static inline void kvm_prepare_memory_fault_exit(struct kvm_vcpu *vcpu,
						 gpa_t gpa, gpa_t size,
						 bool is_write, bool is_exec,
						 bool is_private)
{
	vcpu->run->exit_reason = KVM_EXIT_MEMORY_FAULT;
	vcpu->run->memory_fault.gpa = gpa;
	vcpu->run->memory_fault.size = size;
	vcpu->run->memory_fault.flags = 0;
	if (is_private)
		vcpu->run->memory_fault.flags |= KVM_MEMORY_EXIT_FLAG_PRIVATE;
}

#define KVM_BUG_ON(cond, kvm)	WARN_ON(cond)

/* host/kvm_core.c */
struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, gfn_t gfn);
int kvm_gmem_get_pfn(struct kvm *kvm, struct kvm_memory_slot *slot,
		     gfn_t gfn, kvm_pfn_t *pfn, struct page **page,
		     int *max_order);
void kvm_release_page_clean(struct page *page);
void kvm_release_page_dirty(struct page *page);
void kvm_vcpu_kick(struct kvm_vcpu *vcpu);
struct kvm_vcpu *kvm_mpidr_to_vcpu(struct kvm *kvm, unsigned long mpidr);
void kvm_get_kvm(struct kvm *kvm);
void kvm_put_kvm(struct kvm *kvm);

#endif /* _SHIM_LINUX_KVM_HOST_H */
