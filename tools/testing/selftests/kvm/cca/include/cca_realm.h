/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Realm VMs and their live migration for the KVM selftests of
 * tools/testing/selftests/kvm/cca/.
 *
 * The KVM selftest library of the tree these tests were written against
 * (linux-source-7.2) knows nothing of Arm CCA: it refuses VM types on
 * arm64 and sets up vCPUs with KVM_SET_ONE_REG on system registers, which
 * a realm's host cannot do. lib/realm.c creates realm VMs beside it:
 * guest_memfd memory, measured populate, RECs entered with the MMU off at
 * a small boot stub that sets up the library's page tables, and ucalls
 * through the unprotected (shared) half of the IPA space.
 * lib/cca_mig.c drives KVM_CCA_MIG_OP (Documentation/virt/kvm/arm/
 * cca-mig-api.rst) and migrates a realm VM into another one in-process.
 */
#ifndef SELFTEST_KVM_CCA_REALM_H
#define SELFTEST_KVM_CCA_REALM_H

#include <linux/bits.h>
#include <linux/kvm.h>
#include <linux/types.h>

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"

/*
 * The migration uapi. A tree with the series installs it with
 * `make headers`; otherwise it is taken from the source tree.
 */
#if __has_include("linux/cca_mig.h")
#include <linux/cca_mig.h>
#else
#include "../../../../../../include/uapi/linux/cca_mig.h"
#endif

/*
 * LOCAL COPIES of the uapi of the upstream CCA host series, "arm64:
 * Support for Arm CCA in KVM" v12 (Steven Price, 2025-12-17, patches 06
 * "arm64: RMI: Define the user ABI", 09 "KVM: arm64: Allow passing machine
 * type in KVM creation" and 45 "KVM: arm64: Expose KVM_ARM_VCPU_REC to
 * user space"), which linux-source-7.2 lacks. On a tree with the series
 * applied its own definitions win (#ifndef). Keep in sync with the series:
 * KVM_CAP_ARM_RMI is 247 in v12, a number 7.2 gave to KVM_CAP_S390_KEYOP
 * (harmless here: arm64 answers 0 for it), so a rebased series will
 * renumber it and these tests then need its header.
 */
#ifndef KVM_CAP_ARM_RMI
#define KVM_CAP_ARM_RMI			247
#endif

#ifndef KVM_VM_TYPE_ARM_REALM
#define KVM_VM_TYPE_ARM_REALM		BIT_ULL(8)	/* bits [11:8]: machine type 1 */
#endif

#ifndef KVM_ARM_VCPU_REC
#define KVM_ARM_VCPU_REC		9	/* vCPU REC state as part of Realm */
#endif

#ifndef KVM_ARM_RMI_POPULATE
struct kvm_arm_rmi_populate {
	__u64 base;
	__u64 size;
	__u64 source_uaddr;
	__u32 flags;
	__u32 reserved;
};

#define KVM_ARM_RMI_POPULATE_FLAGS_MEASURE	BIT(0)
#define KVM_ARM_RMI_POPULATE	_IOW(KVMIO, 0xd7, struct kvm_arm_rmi_populate)
#endif

/* RMM v1.0: 4 KiB granules; 40 IPA bits: protected half [0, 2^39). */
#define REALM_MODE			VM_MODE_P40V48_4K
#define REALM_IPA_BITS			40
#define REALM_SHARED_BIT		BIT_ULL(REALM_IPA_BITS - 1)
#define REALM_SLOT			0
#define REALM_ALIAS_SLOT		1	/* realm_vm_create_emulated() */
#define REALM_SLOT_PAGES		1024	/* 4 MiB, a multiple of 64 */
#define REALM_MAX_VCPUS			4

/* RmiCommandReturnCode status of RMI_ERROR_MIG (rmi-mig.rst 2.3). */
#define RMI_ERROR_MIG			0x80

/* RSI_MEASUREMENT_READ (RMM v1.0): x1 = index (0: RIM), x1..x8 = value. */
#define RSI_MEASUREMENT_READ		0xc4000192
#define REALM_RIM_WORDS			8

/* ------------------------------------------------------------ realm VMs */

void realm_boot(void);		/* guest code: every REC starts here */
bool realm_supported(void);
u64 realm_rsi_measurement_read(u64 index, u64 val[REALM_RIM_WORDS]);
struct kvm_vm *realm_vm_create(u32 nr_vcpus, void *guest_code,
			       struct kvm_vcpu **vcpus);
struct kvm_vm *realm_vm_create_emulated(u32 nr_vcpus, void *guest_code,
					struct kvm_vcpu **vcpus);
struct kvm_vm *realm_vm_create_dst(struct kvm_vm *src, void *guest_code,
				   struct kvm_vcpu **vcpus);
void realm_populate(struct kvm_vm *vm);
int __realm_vcpus_finalize(struct kvm_vm *vm);
void realm_vcpus_finalize(struct kvm_vm *vm);
gva_t realm_alloc_shared(struct kvm_vm *vm, size_t size);
void realm_copy_shared(struct kvm_vm *dst, struct kvm_vm *src);

/* ---------------------------------------------------- KVM_CCA_MIG_OP */

/**
 * union cca_mig_args - Any sub-command's structure
 * @start: KVM_CCA_MIG_START
 * @stream_fd: KVM_CCA_MIG_STREAM_FD
 * @export_ram: KVM_CCA_MIG_EXPORT_RAM
 * @import_ram: KVM_CCA_MIG_IMPORT_RAM
 * @dirty_log: KVM_CCA_MIG_GET_DIRTY_LOG
 * @rec: KVM_CCA_MIG_SAVE_REC and KVM_CCA_MIG_LOAD_REC
 * @abort: KVM_CCA_MIG_ABORT
 * @status: KVM_CCA_MIG_STATUS
 */
union cca_mig_args {
	struct kvm_cca_mig_start start;
	struct kvm_cca_mig_stream_fd stream_fd;
	struct kvm_cca_mig_export_ram export_ram;
	struct kvm_cca_mig_import_ram import_ram;
	struct kvm_cca_mig_dirty_log dirty_log;
	struct kvm_cca_mig_rec rec;
	struct kvm_cca_mig_abort abort;
	struct kvm_cca_mig_status status;
};

int __cca_mig_op_raw(struct kvm_vm *vm, struct kvm_cca_mig_op *op);
int __cca_mig_op(struct kvm_vm *vm, u32 cmd, void *data, u64 *rmi_status);
void cca_mig_op(struct kvm_vm *vm, u32 cmd, void *data);
u32 cca_mig_state(struct kvm_vm *vm);

/**
 * struct cca_mig_keys - Key blobs of one session from a migration agent
 * @session_id: the session both blobs are bound to
 * @src: key blob for the source (role 1)
 * @dst: key blob for the destination (role 2)
 * @src_len: length of @src
 * @dst_len: length of @dst
 */
struct cca_mig_keys {
	u64 session_id;
	u8 src[KVM_CCA_MIG_KEY_BLOB_MAX];
	u8 dst[KVM_CCA_MIG_KEY_BLOB_MAX];
	u32 src_len;
	u32 dst_len;
};

bool cca_mig_get_keys(const char *agent, u64 session_id,
		      const u64 rim[REALM_RIM_WORDS], struct cca_mig_keys *keys);

int __cca_mig_start(struct kvm_vm *vm, u32 role, u64 session_id,
		    const u8 *blob, u32 blob_len, const u8 *peer_nonce,
		    u8 *nonce);
void cca_mig_start(struct kvm_vm *vm, u32 role, u64 session_id,
		   const u8 *blob, u32 blob_len, const u8 *peer_nonce,
		   u8 *nonce);
/*
 * Set: cca_mig_precopy() makes both stream fds with KVM_CCA_MIG_FD_RING
 * and the stream goes through their mmap()ed rings (zero-copy path).
 */
extern bool cca_mig_rings;

int cca_mig_stream_fd(struct kvm_vm *vm, u32 flags);
void cca_mig_stream_close(int fd);
u64 cca_mig_pump(int sfd, int dfd);
u64 cca_mig_export_all(struct kvm_vm *vm, int sfd, int dfd);
u64 cca_mig_export_dirty(struct kvm_vm *vm, int sfd, int dfd);

/**
 * struct cca_mig_stats - What one in-process migration moved
 * @bytes: stream bytes the source produced (its STATUS at the end)
 * @pages: page records the source exported
 * @rounds: pre-copy rounds after the first full pass
 * @dirty: pages reported dirty over all rounds, stop-and-copy included
 */
struct cca_mig_stats {
	u64 bytes;
	u64 pages;
	u64 rounds;
	u64 dirty;
};

void cca_mig_precopy(struct kvm_vm *src, struct kvm_vm *dst,
		     const struct cca_mig_keys *keys, int *sfd, int *dfd,
		     struct cca_mig_stats *st);
void cca_mig_complete(struct kvm_vm *src, struct kvm_vm *dst, int sfd,
		      int dfd, struct cca_mig_stats *st);

#endif /* SELFTEST_KVM_CCA_REALM_H */
