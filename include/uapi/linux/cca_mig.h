/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Live migration of Arm CCA realms: the KVM VM ioctl and the migration
 * stream format.
 *
 * Documentation/virt/kvm/arm/cca-mig-api.rst describes the ioctl and its
 * sub-commands, Documentation/virt/kvm/arm/cca-mig-stream.rst the stream
 * byte by byte. Every reserved field and padding must be zero on input and
 * is checked; every structure is made of naturally aligned __u64/__u32
 * fields with explicit padding, so that it has the same layout for 32-bit
 * and 64-bit userspace.
 */
#ifndef _UAPI_LINUX_CCA_MIG_H
#define _UAPI_LINUX_CCA_MIG_H

#include <linux/ioctl.h>
#include <linux/kvm.h>
#include <linux/types.h>

/*
 * Provisional: assigned on merge, above the upstream CCA host series'
 * KVM_CAP_ARM_RMI. KVM_CHECK_EXTENSION on the VM returns 1 when a
 * migration module is loaded and the VM is a realm.
 */
#define KVM_CAP_ARM_CCA_MIG		252

/**
 * struct kvm_cca_mig_op - Envelope of KVM_CCA_MIG_OP
 * @cmd: KVM_CCA_MIG_* sub-command
 * @flags: must be zero
 * @data: user pointer to the sub-command's structure, or zero for the
 *	sub-commands that take none (PAUSE, FINISH)
 * @rmi_status: out: the RMI return code (RmiCommandReturnCode: status in
 *	bits [7:0], index in bits [15:8]) of the firmware call that failed,
 *	or zero when no firmware call failed
 * @reserved: must be zero
 */
struct kvm_cca_mig_op {
	__u32 cmd;
	__u32 flags;
	__u64 data;
	__u64 rmi_status;
	__u64 reserved[5];
};

#define KVM_CCA_MIG_OP		_IOWR(KVMIO, 0xda, struct kvm_cca_mig_op)

/* Sub-commands (struct kvm_cca_mig_op.cmd). */
#define KVM_CCA_MIG_START		1	/* struct kvm_cca_mig_start */
#define KVM_CCA_MIG_STREAM_FD		2	/* struct kvm_cca_mig_stream_fd */
#define KVM_CCA_MIG_EXPORT_RAM		3	/* struct kvm_cca_mig_export_ram */
#define KVM_CCA_MIG_IMPORT_RAM		4	/* struct kvm_cca_mig_import_ram */
#define KVM_CCA_MIG_GET_DIRTY_LOG	5	/* struct kvm_cca_mig_dirty_log */
#define KVM_CCA_MIG_PAUSE		6	/* none */
#define KVM_CCA_MIG_SAVE_REC		7	/* struct kvm_cca_mig_rec */
#define KVM_CCA_MIG_LOAD_REC		8	/* struct kvm_cca_mig_rec */
#define KVM_CCA_MIG_FINISH		9	/* none */
#define KVM_CCA_MIG_ABORT		10	/* struct kvm_cca_mig_abort */
#define KVM_CCA_MIG_STATUS		11	/* struct kvm_cca_mig_status */

/* Roles (struct kvm_cca_mig_start.role), as RMI_MIG_SESSION_OPEN's. */
#define KVM_CCA_MIG_ROLE_SOURCE		1
#define KVM_CCA_MIG_ROLE_DESTINATION	2

/* Per-VM migration states (struct kvm_cca_mig_status.state). */
#define KVM_CCA_MIG_STATE_NONE		0	/* no migration */
#define KVM_CCA_MIG_STATE_SRC_PRECOPY	1	/* the realm runs; pre-copy */
#define KVM_CCA_MIG_STATE_SRC_PAUSED	2	/* vCPUs stopped; stop-and-copy */
#define KVM_CCA_MIG_STATE_SRC_ENDED	3	/* end record produced */
#define KVM_CCA_MIG_STATE_DST_OPEN	4	/* waiting for the realm record */
#define KVM_CCA_MIG_STATE_DST_IMPORTING	5	/* importing the stream */
#define KVM_CCA_MIG_STATE_DST_DONE	6	/* end record imported */
#define KVM_CCA_MIG_STATE_DST_FAILED	7	/* import failed; abort only */
#define KVM_CCA_MIG_STATE_DST_ABORTED	8	/* abort token produced */

/* Lengths of the firmware blobs (rmi-mig.rst section 5). */
#define KVM_CCA_MIG_NONCE_SIZE		32
#define KVM_CCA_MIG_KEY_BLOB_MIN	0x20
#define KVM_CCA_MIG_KEY_BLOB_MAX	0x800
#define KVM_CCA_MIG_REALM_BLOB_LEN	0x180
#define KVM_CCA_MIG_PAGE_HDR_LEN	0x40
#define KVM_CCA_MIG_PAGE_DATA_LEN	0x1000
#define KVM_CCA_MIG_EPOCH_BLOB_LEN	0x80
#define KVM_CCA_MIG_REC_BLOB_LEN	0x940
#define KVM_CCA_MIG_END_BLOB_LEN	0x180
#define KVM_CCA_MIG_ABORT_TOKEN_LEN	0x80

/* Most page records in one PAGES stream record and one firmware call. */
#define KVM_CCA_MIG_MAX_BATCH		512

/**
 * struct kvm_cca_mig_start - KVM_CCA_MIG_START
 * @role: KVM_CCA_MIG_ROLE_SOURCE or KVM_CCA_MIG_ROLE_DESTINATION
 * @flags: must be zero
 * @session_id: session ID chosen by the migration agents; the same on both
 *	sides and equal to the one bound into the key blob
 * @key_blob: user pointer to the opaque wrapped key blob from the local
 *	migration agent
 * @key_blob_len: its length, KVM_CCA_MIG_KEY_BLOB_MIN to
 *	KVM_CCA_MIG_KEY_BLOB_MAX
 * @pad: must be zero
 * @peer_nonce: in: source: the destination's @nonce; destination: zero
 * @nonce: out: this side's fresh nonce. The destination starts first and
 *	passes its nonce to the source.
 * @reserved: must be zero
 */
struct kvm_cca_mig_start {
	__u32 role;
	__u32 flags;
	__u64 session_id;
	__u64 key_blob;
	__u32 key_blob_len;
	__u32 pad;
	__u8  peer_nonce[KVM_CCA_MIG_NONCE_SIZE];
	__u8  nonce[KVM_CCA_MIG_NONCE_SIZE];
	__u64 reserved[4];
};

/* struct kvm_cca_mig_stream_fd.flags */
#define KVM_CCA_MIG_FD_CLOEXEC		0x1U		/* O_CLOEXEC */
#define KVM_CCA_MIG_FD_NONBLOCK		0x2U		/* O_NONBLOCK */
#define KVM_CCA_MIG_FD_RING		0x4U		/* mmap() the ring */

/**
 * struct kvm_cca_mig_stream_fd - KVM_CCA_MIG_STREAM_FD
 * @flags: KVM_CCA_MIG_FD_*
 * @fd: out: the new stream file descriptor. On the source read() yields
 *	the stream; on the destination write() consumes it. Without
 *	KVM_CCA_MIG_FD_RING the source's fd is read-only and the
 *	destination's write-only; with it both are read-write and mmap()
 *	maps the stream ring (struct kvm_cca_mig_ring).
 * @ring_size: out: with KVM_CCA_MIG_FD_RING, the length to mmap(): one
 *	page of struct kvm_cca_mig_ring, then kvm_cca_mig_ring.data_size
 *	bytes of data; otherwise zero. Ignored on input.
 * @reserved: must be zero
 */
struct kvm_cca_mig_stream_fd {
	__u32 flags;
	__s32 fd;
	__u64 ring_size;
	__u64 reserved[2];
};

/* struct kvm_cca_mig_ring.flags */
#define KVM_CCA_MIG_RING_EOF		0x1U	/* source: nothing follows */

/**
 * struct kvm_cca_mig_ring - The first page of a stream ring mapping
 * @head: stream bytes produced since the stream began: written by the
 *	kernel on the source, by the VMM on the destination
 * @tail: stream bytes consumed since the stream began: written by the VMM
 *	on the source, by the kernel on the destination
 * @data_offset: offset of the data area in the mapping (the page size)
 * @data_size: bytes in the data area, a multiple of the page size; stream
 *	byte N is at data_offset + N % data_size
 * @flags: KVM_CCA_MIG_RING_*, written by the kernel
 * @reserved: zero
 *
 * A single-producer, single-consumer ring as perf's: the producer writes
 * bytes at head and then stores head with release semantics; the consumer
 * loads head with acquire semantics, uses the bytes in [tail, head), and
 * then stores tail with release semantics. The producer never has more
 * than data_size bytes outstanding. The kernel copies every header it
 * checks out of the ring before it checks it, and ignores a head or tail
 * that moves backwards or past the other index.
 */
struct kvm_cca_mig_ring {
	__u64 head;
	__u64 tail;
	__u64 data_offset;
	__u64 data_size;
	__u64 flags;
	__u64 reserved[3];
};

/* struct kvm_cca_mig_export_ram.flags */
#define KVM_CCA_MIG_EXPORT_END_EPOCH	0x1U

/**
 * struct kvm_cca_mig_export_ram - KVM_CCA_MIG_EXPORT_RAM
 * @gpa: first guest physical address, page aligned, protected
 * @npages: pages in the range; zero is allowed with END_EPOCH only
 * @bitmap: zero: export every page of the range; otherwise a user pointer
 *	to a bitmap of @npages bits in the KVM_GET_DIRTY_LOG layout (bit i
 *	of 64-bit word i / 64 stands for @gpa + i * 4096): export the pages
 *	whose bit is set
 * @flags: KVM_CCA_MIG_EXPORT_*
 * @pad: must be zero
 * @done: out: pages of the range processed; less than @npages when the
 *	stream buffer filled up. Continue at @gpa + @done * 4096 (with a
 *	bitmap, @done is then a multiple of 64: advance it by @done / 64
 *	words).
 * @exported: out: page records produced
 * @epoch: out: with END_EPOCH, when @done == @npages: the epoch closed
 * @reserved: must be zero
 */
struct kvm_cca_mig_export_ram {
	__u64 gpa;
	__u64 npages;
	__u64 bitmap;
	__u32 flags;
	__u32 pad;
	__u64 done;
	__u64 exported;
	__u64 epoch;
	__u64 reserved[3];
};

/* struct kvm_cca_mig_import_ram.flags */
#define KVM_CCA_MIG_IMPORT_RING		0x1U

/**
 * struct kvm_cca_mig_import_ram - KVM_CCA_MIG_IMPORT_RAM
 * @buf: user pointer to stream bytes, exactly as write() takes them; zero
 *	with KVM_CCA_MIG_IMPORT_RING
 * @len: their number; zero with KVM_CCA_MIG_IMPORT_RING
 * @consumed: out: bytes consumed (all of them on success)
 * @flags: KVM_CCA_MIG_IMPORT_RING: consume the bytes between the stream
 *	ring's tail and head instead (the stream fd was created with
 *	KVM_CCA_MIG_FD_RING)
 * @pad: must be zero
 * @reserved: must be zero
 */
struct kvm_cca_mig_import_ram {
	__u64 buf;
	__u64 len;
	__u64 consumed;
	__u32 flags;
	__u32 pad;
	__u64 reserved[2];
};

/**
 * struct kvm_cca_mig_dirty_log - KVM_CCA_MIG_GET_DIRTY_LOG
 * @slot: memslot, as KVM_GET_DIRTY_LOG: address space in bits [31:16]
 *	(must be 0), slot ID in bits [15:0]
 * @flags: must be zero
 * @first_page: first page of the slot, a multiple of 64
 * @num_pages: pages to harvest, non-zero; a multiple of 64 unless the
 *	range ends at the end of the slot
 * @dirty_bitmap: user pointer to num_pages bits (rounded up to 64-bit
 *	words), bit i for page first_page + i of the slot
 * @nr_dirty: out: bits set
 * @reserved: must be zero
 */
struct kvm_cca_mig_dirty_log {
	__u32 slot;
	__u32 flags;
	__u64 first_page;
	__u64 num_pages;
	__u64 dirty_bitmap;
	__u64 nr_dirty;
	__u64 reserved[3];
};

/**
 * struct kvm_cca_mig_rec - KVM_CCA_MIG_SAVE_REC and KVM_CCA_MIG_LOAD_REC
 * @vcpu_id: the vCPU, as given to KVM_CREATE_VCPU
 * @flags: must be zero
 * @blob: LOAD_REC: user pointer to a REC blob; SAVE_REC: must be zero
 * @blob_len: LOAD_REC: KVM_CCA_MIG_REC_BLOB_LEN; SAVE_REC: must be zero
 * @reserved: must be zero
 */
struct kvm_cca_mig_rec {
	__u32 vcpu_id;
	__u32 flags;
	__u64 blob;
	__u64 blob_len;
	__u64 reserved[3];
};

/**
 * struct kvm_cca_mig_abort - KVM_CCA_MIG_ABORT
 * @token: destination: user pointer receiving the abort token; source:
 *	user pointer to the destination's abort token (needed only after
 *	FINISH; zero before)
 * @token_len: destination: in: size of the buffer (at least
 *	KVM_CCA_MIG_ABORT_TOKEN_LEN), out: the token's length; source: the
 *	token's length, or zero with @token zero
 * @flags: must be zero
 * @reserved: must be zero
 */
struct kvm_cca_mig_abort {
	__u64 token;
	__u32 token_len;
	__u32 flags;
	__u64 reserved[4];
};

/**
 * struct kvm_cca_mig_status - KVM_CCA_MIG_STATUS (all fields out)
 * @state: KVM_CCA_MIG_STATE_*
 * @role: KVM_CCA_MIG_ROLE_*, or zero with no migration
 * @pages: page records exported or imported (content and state-only)
 * @content_pages: page records that carried a page of content
 * @bytes: stream bytes produced (source) or consumed (destination)
 * @epochs: epochs closed (source) or imported (destination)
 * @recs: REC records exported or imported
 * @fw_calls: RMI-MIG firmware calls made
 * @fw_time_ns: time spent in those calls, in nanoseconds
 * @errors: firmware calls that failed (but for a missing RTT, which KVM
 *	creates before it retries) and stream errors
 * @last_rmi_status: RMI return code of the last failed firmware call
 * @queued: source: stream bytes produced and not read yet
 * @fw_state: RmiMigState as RMI_MIG_SESSION_STATE reports it
 * @reserved: zero
 *
 * The counters belong to the current migration; they read zero in
 * KVM_CCA_MIG_STATE_NONE.
 */
struct kvm_cca_mig_status {
	__u32 state;
	__u32 role;
	__u64 pages;
	__u64 content_pages;
	__u64 bytes;
	__u64 epochs;
	__u64 recs;
	__u64 fw_calls;
	__u64 fw_time_ns;
	__u64 errors;
	__u64 last_rmi_status;
	__u64 queued;
	__u64 fw_state;
	__u64 reserved[4];
};

/*
 * The migration stream (Documentation/virt/kvm/arm/cca-mig-stream.rst).
 * All fields little endian.
 */
#define CCA_MIG_STREAM_MAGIC		0x534d4343	/* "CCMS" */
#define CCA_MIG_STREAM_VERSION		1

/**
 * struct cca_mig_stream_hdr - First 64 bytes of every stream
 * @magic: CCA_MIG_STREAM_MAGIC
 * @version: CCA_MIG_STREAM_VERSION
 * @hdr_len: sizeof(struct cca_mig_stream_hdr), 64
 * @flags: zero
 * @page_size: 4096
 * @session_id: the RMI-MIG session ID
 * @max_record: largest record length (header included) the writer emits
 * @reserved0: zero
 * @reserved: zero
 */
struct cca_mig_stream_hdr {
	__u32 magic;
	__u16 version;
	__u16 hdr_len;
	__u32 flags;
	__u32 page_size;
	__u64 session_id;
	__u32 max_record;
	__u32 reserved0;
	__u64 reserved[4];
};

/* Record types (struct cca_mig_rec_hdr.type). */
#define CCA_MIG_REC_REALM		1	/* realm blob */
#define CCA_MIG_REC_PAGES		2	/* struct cca_mig_pages + blobs */
#define CCA_MIG_REC_EPOCH		3	/* epoch token */
#define CCA_MIG_REC_REC			4	/* REC blob */
#define CCA_MIG_REC_END			5	/* end token */
#define CCA_MIG_REC_ABORT		6	/* empty, or an abort token */
#define CCA_MIG_REC_PAD			7	/* zero bytes; see below */

/**
 * struct cca_mig_rec_hdr - Header of every record
 * @type: CCA_MIG_REC_*
 * @flags: zero
 * @length: bytes of payload that follow this header
 */
struct cca_mig_rec_hdr {
	__u16 type;
	__u16 flags;
	__u32 length;
};

/**
 * struct cca_mig_pages - Payload head of a CCA_MIG_REC_PAGES record
 * @count: page records, 1 to KVM_CCA_MIG_MAX_BATCH
 * @nr_data: those with a page of content (HAS_DATA set)
 *
 * Followed by @count 64-byte page-record headers, then @nr_data 4096-byte
 * ciphertext pages in the order of the headers that have HAS_DATA.
 */
struct cca_mig_pages {
	__u32 count;
	__u32 nr_data;
};

/*
 * A PAD record carries zero bytes only and is ignored. The source puts one
 * before a PAGES record so that its ciphertext pages start at a stream
 * offset that is a multiple of the page size: the firmware then reads and
 * writes them in place in a stream ring. Its payload is at most
 * CCA_MIG_PAD_MAX bytes.
 */
#define CCA_MIG_PAD_MAX							\
	(KVM_CCA_MIG_PAGE_DATA_LEN + KVM_CCA_MIG_MAX_BATCH *		\
	 KVM_CCA_MIG_PAGE_HDR_LEN)

/* Largest record, header included: a full PAGES record. */
#define CCA_MIG_REC_MAX_LEN						\
	(sizeof(struct cca_mig_rec_hdr) + sizeof(struct cca_mig_pages) +	\
	 KVM_CCA_MIG_MAX_BATCH *					\
	 (KVM_CCA_MIG_PAGE_HDR_LEN + KVM_CCA_MIG_PAGE_DATA_LEN))

#endif /* _UAPI_LINUX_CCA_MIG_H */
