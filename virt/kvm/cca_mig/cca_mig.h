/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm CCA realm live migration: the module's internal declarations.
 *
 * Objects:
 *
 *   struct cca_mig   one migration of one VM (a "session"): allocated by
 *                    KVM_CCA_MIG_START, stored as the VM's migration
 *                    private data, released by a source ABORT, a
 *                    destination FINISH or the VM's death. The stream file
 *                    holds a reference of its own, so a closed session
 *                    outlives its VM's pointer until the file is closed.
 *
 * Locking (see Documentation/virt/kvm/arm/cca-mig-api.rst, "Locking"):
 *
 *   kvm->lock        held by KVM around every KVM_CCA_MIG_OP; taken by
 *                    the stream's write() before mig->lock
 *   mig->lock        everything in struct cca_mig; every __cca_mig_*()
 *                    helper asserts it
 *   then             vcpu->mutex (kvm_rmi_mig_block_entry()),
 *                    kvm->slots_lock, kvm->mmu_lock (inside KVM's helpers)
 *
 * vCPU runs never take mig->lock: the source keeps vCPUs out of their RECs
 * with kvm_rmi_mig_block_entry() before RMI_MIG_PAUSE, and the firmware
 * handles the realm's writes during pre-copy by itself.
 */
#ifndef __CCA_MIG_H
#define __CCA_MIG_H

#include "cca_mig_internal.h"

/* Pages of the buffer that receives or holds one batch's page headers. */
#define CCA_MIG_HDR_ORDER	3
static_assert((PAGE_SIZE << CCA_MIG_HDR_ORDER) >=
	      RMI_MIG_MAX_BATCH * RMI_MIG_HDR_SIZE);

/*
 * Bytes in a stream ring's data area: three full PAGES records and their
 * PAD records, and room for the small records. When the source's ring is
 * full, EXPORT_RAM and the calls that produce a record stop with -ENOSPC.
 */
#define CCA_MIG_RING_SIZE	(8UL << 20)
static_assert(CCA_MIG_RING_SIZE % PAGE_SIZE == 0);
static_assert(CCA_MIG_RING_SIZE >= 3 * (CCA_MIG_REC_MAX_LEN +
					 sizeof(struct cca_mig_rec_hdr) +
					 CCA_MIG_PAD_MAX));

/* Largest payload of a record other than PAGES. */
#define CCA_MIG_SMALL_MAX	KVM_CCA_MIG_REC_BLOB_LEN

/**
 * struct cca_mig_ring - A stream ring: the source's queue, or the
 *	destination's input with KVM_CCA_MIG_FD_RING
 * @area: vmalloc_user() memory, mapped by mmap(): the control page, then
 *	@size bytes of data
 * @ctl: the control page, which the VMM may write at any time
 * @data: the data area; every page of it has a physical address that the
 *	firmware reads or writes
 * @size: bytes in @data, CCA_MIG_RING_SIZE
 * @head: the kernel's copy of the producer index
 * @tail: the kernel's copy of the consumer index
 *
 * The kernel trusts only @head and @tail; it takes the VMM's index from
 * @ctl when it is in range.
 */
struct cca_mig_ring {
	void *area;
	struct kvm_cca_mig_ring *ctl;
	u8 *data;
	u64 size;
	u64 head;
	u64 tail;
};

/**
 * enum cca_mig_phase - Where the destination's parser is in the stream
 * @CCA_MIG_PARSE_STREAM_HDR: receiving struct cca_mig_stream_hdr
 * @CCA_MIG_PARSE_REC_HDR: receiving a struct cca_mig_rec_hdr
 * @CCA_MIG_PARSE_PAYLOAD: receiving a record's payload
 * @CCA_MIG_PARSE_DONE: the end record was imported; nothing may follow
 */
enum cca_mig_phase {
	CCA_MIG_PARSE_STREAM_HDR,
	CCA_MIG_PARSE_REC_HDR,
	CCA_MIG_PARSE_PAYLOAD,
	CCA_MIG_PARSE_DONE,
};

/**
 * struct cca_mig_parser - The destination's stream parser
 * @phase: enum cca_mig_phase
 * @have: bytes of the current item (header or payload) received
 * @err: the fatal error that stopped the stream, or 0
 * @pos: stream bytes consumed so far
 * @rec_pos: stream offset of the current record's header
 * @in_ring: PAGES: a ciphertext page of the current record is read by
 *	the firmware in place in the stream ring, which may not be reused
 *	before the record is imported
 * @shdr: the stream header being received
 * @rhdr: the current record's header
 * @pages: PAGES: the payload head, once received
 * @data: PAGES: physical address of each ciphertext page received
 * @small: payload of any other record, at most CCA_MIG_SMALL_MAX bytes
 *
 * A PAGES payload goes straight into the session's firmware buffers
 * (headers into cca_mig.hdr_pages, ciphertext into cca_mig.data_pages or,
 * from a stream ring, nowhere: the firmware reads it where it is), so the
 * parser never allocates memory and never buffers more than one record.
 */
struct cca_mig_parser {
	enum cca_mig_phase phase;
	size_t have;
	int err;
	u64 pos;
	u64 rec_pos;
	bool in_ring;
	struct cca_mig_stream_hdr shdr;
	struct cca_mig_rec_hdr rhdr;
	struct cca_mig_pages pages;
	phys_addr_t data[RMI_MIG_MAX_BATCH];
	u8 small[CCA_MIG_SMALL_MAX] __aligned(8);
};

/**
 * struct cca_mig_range - A protected memslot range on the destination
 * @node: in cca_mig.ranges
 * @base: first protected IPA
 * @top: end of the range (exclusive)
 * @assigned: one bit per granule: this import made it a DATA granule of
 *	the realm (its RTT entry is ASSIGNED)
 */
struct cca_mig_range {
	struct list_head node;
	u64 base;
	u64 top;
	unsigned long *assigned;
};

/**
 * enum cca_mig_imp_act - What preparing one imported page record did
 * @CCA_MIG_IMP_NONE: nothing (a state-only record for an unmapped IPA)
 * @CCA_MIG_IMP_MAPPED: the IPA is mapped already; its granule is reused
 * @CCA_MIG_IMP_DELEGATE: a guest_memfd granule is to be delegated for it
 *	(__cca_mig_prepare() does, one contiguous run at a time)
 * @CCA_MIG_IMP_DELEGATED: a guest_memfd granule was delegated for it
 * @CCA_MIG_IMP_UNMAP: the record unmaps the IPA; its granule is to be
 *	undelegated once the firmware has processed the record
 */
enum cca_mig_imp_act {
	CCA_MIG_IMP_NONE,
	CCA_MIG_IMP_MAPPED,
	CCA_MIG_IMP_DELEGATE,
	CCA_MIG_IMP_DELEGATED,
	CCA_MIG_IMP_UNMAP,
};

/**
 * struct cca_mig - One migration of one VM
 * @ref: references: the VM's private pointer, the stream file
 * @kvm: the VM (the stream file holds a reference on it)
 * @lock: protects every field below
 * @state: KVM_CCA_MIG_STATE_*
 * @role: KVM_CCA_MIG_ROLE_*
 * @closed: the session is over (aborted, finished on the destination, or
 *	the VM died): the stream file can only drain what is queued
 * @has_stream: KVM_CCA_MIG_STREAM_FD was issued
 * @blocked: the source keeps vCPUs out of their RECs
 * @end_queued: source: the end record was produced
 * @session_id: the RMI-MIG session ID
 * @rd: PA of the realm's RD
 * @ipa_bits: the realm's IPA width
 * @scratch: one NS granule for single-blob firmware calls
 * @list_page: NS granule: EXPORT_PAGES' IPA list, IMPORT_PAGES' dst list
 * @data_list_page: NS granule: the data list of EXPORT/IMPORT_PAGES
 * @hdr_pages: NS buffer of RMI_MIG_MAX_BATCH page headers
 * @data_pages: destination: RMI_MIG_MAX_BATCH NS granules for ciphertext
 *	pages that arrive through write() or a user buffer
 * @wq: readers and pollers of the stream wait here
 * @ring: source: the stream, produced and not consumed yet; destination
 *	with KVM_CCA_MIG_FD_RING: the stream as the VMM supplies it. Set
 *	before the stream file exists and freed with the session.
 * @ring_mapped: the stream file was created with KVM_CCA_MIG_FD_RING
 * @pages_at: source: stream offset of the first ciphertext page of the
 *	PAGES record being exported
 * @parser: destination: the stream parser
 * @ranges: destination: protected ranges, struct cca_mig_range
 * @imp_page: destination: the guest_memfd page of each entry of the
 *	IMPORT_PAGES batch being prepared, or NULL
 * @imp_act: destination: what preparing each entry did (enum
 *	cca_mig_imp_act), undone if the firmware does not process it
 * @abort_token: destination: the abort token, once produced
 * @st: counters and state reported by KVM_CCA_MIG_STATUS
 */
struct cca_mig {
	struct kref ref;
	struct kvm *kvm;
	struct mutex lock;	/* protects everything below */
	u32 state;
	u32 role;
	bool closed;
	bool has_stream;
	bool blocked;
	bool end_queued;
	u64 session_id;
	phys_addr_t rd;
	unsigned int ipa_bits;
	struct page *scratch;
	struct page *list_page;
	struct page *data_list_page;
	struct page *hdr_pages;
	struct page *data_pages[RMI_MIG_MAX_BATCH];
	wait_queue_head_t wq;
	struct cca_mig_ring ring;
	bool ring_mapped;
	u64 pages_at;
	struct cca_mig_parser parser;
	struct list_head ranges;
	struct page *imp_page[RMI_MIG_MAX_BATCH];
	u8 imp_act[RMI_MIG_MAX_BATCH];
	u8 abort_token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct kvm_cca_mig_status st;
};

/* main.c */
long cca_mig_vm_ioctl(struct kvm *kvm, void __user *argp);
void cca_mig_vm_release(struct kvm *kvm);

/* state.c */
int cca_mig_start(struct kvm *kvm, struct kvm_cca_mig_start *a,
		  u64 *rmi_status);
int __cca_mig_check(struct cca_mig *mig, u32 cmd);
int __cca_mig_track_all(struct cca_mig *mig, u64 *rmi_status);
int __cca_mig_pause(struct cca_mig *mig, u64 *rmi_status);
int __cca_mig_finish(struct cca_mig *mig, u64 *rmi_status);
int __cca_mig_abort(struct cca_mig *mig, struct kvm_cca_mig_abort *a,
		    u64 *rmi_status);
int __cca_mig_dst_abort(struct cca_mig *mig, u64 *rmi_status);
void __cca_mig_status(struct cca_mig *mig, struct kvm_cca_mig_status *st);
void __cca_mig_close(struct cca_mig *mig);
void __cca_mig_detach(struct cca_mig *mig);
void cca_mig_get(struct cca_mig *mig);
void cca_mig_put(struct cca_mig *mig);

/* fw.c */
long __cca_mig_fw_done(struct cca_mig *mig, u64 t0, long ret,
		       u64 *rmi_status);
int cca_mig_fw_errno(long ret);

/* stream.c */
int cca_mig_ring_alloc(struct cca_mig_ring *r);
void cca_mig_ring_free(struct cca_mig_ring *r);
u64 __cca_mig_queued(struct cca_mig *mig);
int __cca_mig_rec_reserve(struct cca_mig *mig, size_t len);
void __cca_mig_rec_put(struct cca_mig *mig, u16 type, const void *payload,
		       size_t len);
int __cca_mig_pages_reserve(struct cca_mig *mig, unsigned long *n,
			    u64 *data_list);
void __cca_mig_pages_commit(struct cca_mig *mig, unsigned long done,
			    u32 *nr_data);
void __cca_mig_queue_stream_hdr(struct cca_mig *mig);
void __cca_mig_queue_end(struct cca_mig *mig, const void *blob);
void __cca_mig_queue_abort(struct cca_mig *mig);
int __cca_mig_import_ram(struct cca_mig *mig,
			 struct kvm_cca_mig_import_ram *a, u64 *rmi_status);
int __cca_mig_stream_fd(struct cca_mig *mig,
			struct kvm_cca_mig_stream_fd *a, void __user *data);

/* ram.c */
int __cca_mig_export_ram(struct cca_mig *mig,
			 struct kvm_cca_mig_export_ram *a, u64 *rmi_status);
int __cca_mig_dirty_log(struct cca_mig *mig, struct kvm_cca_mig_dirty_log *a,
			u64 *rmi_status);
int __cca_mig_import_pages(struct cca_mig *mig, u64 *rmi_status);
int __cca_mig_ranges_init(struct cca_mig *mig);
void __cca_mig_ranges_free(struct cca_mig *mig);

/* rec.c */
int __cca_mig_save_rec(struct cca_mig *mig, struct kvm_cca_mig_rec *a,
		       u64 *rmi_status);
int __cca_mig_load_rec(struct cca_mig *mig, struct kvm_cca_mig_rec *a,
		       u64 *rmi_status);
int __cca_mig_import_rec(struct cca_mig *mig, struct kvm_vcpu *vcpu,
			 const void *blob, u64 *rmi_status);

/**
 * cca_mig_fw() - Make one firmware call and account for it
 * @mig: the session; mig->lock held
 * @rmi_status: where a failed call's RMI return code goes
 * @call: the rmi_*() call, an expression of type long
 *
 * Counts the call, its time and its failure in @mig->st, and stores a
 * failed call's RMI return code in @mig->st and in @rmi_status.
 *
 * Return: the call's result: 0, a positive RMI return code or a negative
 * errno (cca_mig_fw_errno() maps it).
 */
#define cca_mig_fw(mig, rmi_status, call)				\
({									\
	u64 __t0 = ktime_get_ns();					\
	long __ret = (call);						\
	__cca_mig_fw_done((mig), __t0, __ret, (rmi_status));		\
})

#endif /* __CCA_MIG_H */
