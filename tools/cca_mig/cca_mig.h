/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libccamig: live migration of Arm CCA realms, the VMM's side.
 *
 * The library drives KVM_CCA_MIG_OP on a realm VM's fd
 * (Documentation/virt/kvm/arm/cca-mig-api.rst) and moves the migration
 * stream (cca-mig-stream.rst) between the source's stream fd, a transport
 * the caller owns (a socket, or a pair of pipes) and the destination's
 * stream fd. It needs nothing from KVM but the VM fd and the ioctl; vCPU
 * threads, memslots and shared memory stay the VMM's.
 *
 * Every function returns 0 (or a count) on success and a negative errno on
 * failure. This header only needs the C library: the uapi definitions are
 * used inside cca_mig.c.
 *
 * The connection between the two VMMs is bidirectional:
 *
 *   source -> destination   the migration stream, byte for byte as the
 *                           source's stream fd yields it
 *   destination -> source   control messages, each a struct
 *                           cca_mig_rec_hdr (type, flags 0, length) and its
 *                           payload: HELLO (session ID + nonce), DONE
 *                           (imported and resumable) and ABORT (the
 *                           destination's 0x80-byte abort token, as
 *                           cca-mig-stream.rst section 4.4 suggests)
 *
 * After the stream's END record the source sends one VMM_STATE control
 * message (same framing) with the VMM's own state of the realm.
 */
#ifndef CCA_MIG_LIB_H
#define CCA_MIG_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CCA_MIG_LIB_NONCE_LEN		32	/* KVM_CCA_MIG_NONCE_SIZE */
#define CCA_MIG_LIB_TOKEN_LEN		0x80	/* KVM_CCA_MIG_ABORT_TOKEN_LEN */
#define CCA_MIG_LIB_KEY_BLOB_MIN	0x20
#define CCA_MIG_LIB_KEY_BLOB_MAX	0x800
/* Most dirty rounds after the full round 0. */
#define CCA_MIG_LIB_MAX_ROUNDS		64
#define CCA_MIG_LIB_MAX_SLOTS		32
#define CCA_MIG_LIB_MAX_VCPUS		512

/* Control messages on the destination -> source direction. */
#define CCA_MIG_CTL_HELLO		0x8001	/* struct cca_mig_hello */
#define CCA_MIG_CTL_DONE		0x8002	/* empty */
#define CCA_MIG_CTL_ABORT		6	/* CCA_MIG_REC_ABORT + token */
/* Source -> destination, after the stream's END record: the VMM's state. */
#define CCA_MIG_CTL_VMM_STATE		0x8003
#define CCA_MIG_LIB_VMM_STATE_MAX	(64U << 10)

/**
 * enum cca_mig_phase - Where a migration is
 * @CCA_MIG_PHASE_NONE: not started (also: "never", for abort_at)
 * @CCA_MIG_PHASE_START: started, before the first epoch closed
 * @CCA_MIG_PHASE_PRECOPY: pre-copy rounds (the realm runs)
 * @CCA_MIG_PHASE_STOPCOPY: paused; last dirty set and the RECs
 * @CCA_MIG_PHASE_END: the END record was produced (source) or is next
 *	(destination); the source then needs the abort token to resume
 * @CCA_MIG_PHASE_DONE: migrated
 */
enum cca_mig_phase {
	CCA_MIG_PHASE_NONE,
	CCA_MIG_PHASE_START,
	CCA_MIG_PHASE_PRECOPY,
	CCA_MIG_PHASE_STOPCOPY,
	CCA_MIG_PHASE_END,
	CCA_MIG_PHASE_DONE,
	CCA_MIG_NR_PHASES,
};

/**
 * struct cca_mig_slot - A guest_memfd memslot of protected RAM
 * @slot: the slot ID (KVM_SET_USER_MEMORY_REGION2's slot; address space 0)
 * @gpa: its protected guest physical address, page aligned
 * @npages: its size in 4 KiB pages, non-zero
 */
struct cca_mig_slot {
	uint32_t slot;
	uint64_t gpa;
	uint64_t npages;
};

/**
 * struct cca_mig_transport - The caller's connection to the peer
 * @rfd: read side (a socket, or the read end of a pipe)
 * @wfd: write side (the same socket, or the write end of another pipe)
 * @timeout_ms: longest wait for the peer in one poll(); 0: 30 seconds
 *
 * Blocking or not: the library polls. Writes to a pipe whose reader has
 * gone raise SIGPIPE unless the caller ignores it (sockets use
 * MSG_NOSIGNAL).
 */
struct cca_mig_transport {
	int rfd;
	int wfd;
	int timeout_ms;
};

/**
 * struct cca_mig_progress - What a progress callback is told
 * @phase: the phase
 * @round: pre-copy round: 0 is the full copy, the stop-and-copy round is
 *	the last
 * @pages: page records exported (source) or imported (destination) in this
 *	round so far
 * @dirty: pages the last dirty-log harvest reported (source)
 * @bytes: stream bytes moved since START
 * @elapsed_ms: since START
 * @rate_mibs: @bytes / @elapsed_ms, in MiB/s
 * @final: the round is complete (else: an update during the round)
 */
struct cca_mig_progress {
	enum cca_mig_phase phase;
	unsigned int round;
	uint64_t pages;
	uint64_t dirty;
	uint64_t bytes;
	double elapsed_ms;
	double rate_mibs;
	bool final;
};

typedef void (*cca_mig_progress_fn)(const struct cca_mig_progress *p,
				    void *priv);

/**
 * struct cca_mig_summary - What a migration did
 * @total_ms: START to the destination's DONE (source) or to FINISH (dest.)
 * @precopy_ms: START to PAUSE (source)
 * @downtime_ms: PAUSE to the destination's DONE: the realm ran nowhere
 *	(source; on the destination: first REC record to FINISH)
 * @rounds: pre-copy rounds (round 0 and the dirty rounds; not the
 *	stop-and-copy round)
 * @pages_per_round: page records per round, [0] the full copy, [@rounds]
 *	the stop-and-copy round
 * @converged: the dirty set fell to the threshold (else the round limit)
 * @pages: page records (KVM_CCA_MIG_STATUS.pages)
 * @content_pages: those with content
 * @stream_bytes: stream bytes produced (source) or consumed (destination)
 * @wire_tx: bytes this side wrote to the transport
 * @wire_rx: bytes this side read from it
 * @epochs: epochs closed or imported
 * @recs: REC records
 * @fw_calls: RMI-MIG firmware calls
 * @fw_time_ns: time in them
 * @rmi_status: RMI status of the last failed ioctl, or 0
 * @aborted: the migration was aborted and (source) the realm runs again
 * @abort_phase: the phase in which it was aborted
 */
struct cca_mig_summary {
	double total_ms;
	double precopy_ms;
	double downtime_ms;
	unsigned int rounds;
	uint64_t pages_per_round[CCA_MIG_LIB_MAX_ROUNDS + 2];
	bool converged;
	uint64_t pages;
	uint64_t content_pages;
	uint64_t stream_bytes;
	uint64_t wire_tx;
	uint64_t wire_rx;
	uint64_t epochs;
	uint64_t recs;
	uint64_t fw_calls;
	uint64_t fw_time_ns;
	uint64_t rmi_status;
	bool aborted;
	enum cca_mig_phase abort_phase;
};

/**
 * struct cca_mig_src_cfg - The source's migration
 * @vm_fd: the realm VM's fd; the realm runs (its vCPU threads are the
 *	caller's: KVM_RUN fails with EBUSY from PAUSE until an abort, with
 *	EIO once the realm moved)
 * @session_id: session ID from the migration agents
 * @key_blob: the wrapped key blob from the local migration agent
 * @key_blob_len: its length, CCA_MIG_LIB_KEY_BLOB_MIN to _MAX
 * @slots: the realm's protected memslots
 * @nr_slots: how many, 1 to CCA_MIG_LIB_MAX_SLOTS
 * @vcpu_ids: the vCPU IDs to save, or NULL for 0 .. @nr_vcpus - 1
 * @nr_vcpus: how many, 1 to CCA_MIG_LIB_MAX_VCPUS
 * @threshold_pages: stop pre-copy once a harvest reports at most this many
 *	dirty pages; 0: 64
 * @max_rounds: dirty rounds after round 0, at most CCA_MIG_LIB_MAX_ROUNDS
 * @min_round_ms: let the realm run at least this long per dirty round
 * @abort_at: abort here on purpose (tests, demos) when this phase is
 *	entered: START (after START), PRECOPY (after round 0), STOPCOPY
 *	(after PAUSE); CCA_MIG_PHASE_NONE never. The rest of the stream,
 *	ending with an ABORT record, still goes to the destination, which
 *	aborts and returns its token
 * @save_vmm_state: called once PAUSE has stopped the vCPUs: write the
 *	VMM's own state of the realm (host side of vCPUs, devices) into
 *	@buf, at most @max bytes; return its length or -errno. It travels
 *	after the stream's END record. NULL: none
 * @progress: called after each round and during long ones, or NULL
 * @priv: for @save_vmm_state and @progress
 * @ring: take the stream from the mmap()ed stream ring
 *	(KVM_CCA_MIG_FD_RING) and send it from there, instead of read()ing
 *	it into a buffer first
 */
struct cca_mig_src_cfg {
	int vm_fd;
	uint64_t session_id;
	const void *key_blob;
	uint32_t key_blob_len;
	const struct cca_mig_slot *slots;
	unsigned int nr_slots;
	const uint32_t *vcpu_ids;
	unsigned int nr_vcpus;
	uint64_t threshold_pages;
	unsigned int max_rounds;
	unsigned int min_round_ms;
	enum cca_mig_phase abort_at;
	int (*save_vmm_state)(void *priv, void *buf, size_t max);
	cca_mig_progress_fn progress;
	void *priv;
	bool ring;
};

/**
 * struct cca_mig_dst_cfg - The destination's migration
 * @vm_fd: a realm VM whose realm was not created (same configuration,
 *	memslots and vCPUs as the source's)
 * @session_id: session ID, the source's
 * @key_blob: the wrapped key blob from the local migration agent
 * @key_blob_len: its length
 * @finalize_vcpus: called after START, to create the vCPUs' RECs
 *	(KVM_ARM_VCPU_FINALIZE), which must come after the import-mode RD;
 *	returns 0 or -errno; NULL if the caller does it otherwise
 * @abort_at: abort on purpose when this phase is reached (tests, demos);
 *	CCA_MIG_PHASE_NONE never. START: right after HELLO; PRECOPY: after
 *	the first epoch; STOPCOPY: before the first REC record; END: before
 *	the END record (the source has finished and needs the token)
 * @load_vmm_state: called with the source's VMM state (possibly empty)
 *	after the END record was imported, before FINISH; returns 0 or
 *	-errno (then the migration is aborted). NULL: ignore it
 * @progress: called as records are imported, or NULL
 * @priv: for the callbacks
 * @ring: hand the stream to KVM through the mmap()ed stream ring
 *	(KVM_CCA_MIG_FD_RING, KVM_CCA_MIG_IMPORT_RAM) instead of write():
 *	the firmware reads the ciphertext pages where they are
 */
struct cca_mig_dst_cfg {
	int vm_fd;
	uint64_t session_id;
	const void *key_blob;
	uint32_t key_blob_len;
	int (*finalize_vcpus)(void *priv);
	enum cca_mig_phase abort_at;
	int (*load_vmm_state)(void *priv, const void *buf, size_t len);
	cca_mig_progress_fn progress;
	void *priv;
	bool ring;
};

/*
 * Run a whole migration on the source: wait for the destination's HELLO,
 * START, pre-copy, PAUSE, stop-and-copy, SAVE_REC, FINISH, wait for DONE.
 * Return: 0 when the realm moved (it cannot run here any more: destroy the
 * VM); -ECANCELED when the destination aborted, or this side on request
 * (@cfg->abort_at), and the realm runs here again; else -errno, after the
 * library aborted the source if it could (then the realm runs here again;
 * see @sum->aborted).
 */
int cca_mig_src_run(const struct cca_mig_src_cfg *cfg,
		    const struct cca_mig_transport *t,
		    struct cca_mig_summary *sum);

/*
 * Run a whole migration on the destination: START, finalize the vCPUs,
 * send HELLO, import the stream until END, FINISH, send DONE. Return: 0
 * when the realm may run here (KVM_RUN); -ECANCELED when this side
 * aborted on request (@cfg->abort_at) or the source did; else -errno after
 * the library aborted and sent the token to the source. After a failure
 * the VM can only be destroyed.
 */
int cca_mig_dst_run(const struct cca_mig_dst_cfg *cfg,
		    const struct cca_mig_transport *t,
		    struct cca_mig_summary *sum);

/* The KVM_CCA_MIG_OP envelope: 0 or -errno; *rmi_status if not NULL. */
int cca_mig_op(int vm_fd, uint32_t cmd, void *data, uint64_t *rmi_status);

/* KVM_CCA_MIG_STATUS.state of a VM, or -errno. */
int cca_mig_state(int vm_fd);

const char *cca_mig_phase_name(enum cca_mig_phase phase);
/* Parse a phase name ("start", "precopy", ...): the phase, or -EINVAL. */
int cca_mig_phase_parse(const char *name);

#endif /* CCA_MIG_LIB_H */
