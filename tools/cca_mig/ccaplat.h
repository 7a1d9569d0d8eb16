/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ccaplat: the reference platform as a VMM sees it, for cca-migrate and
 * the harness's VMM tests (TEST INFRASTRUCTURE, not part of libccamig).
 *
 * One instance per process: the RMM model, the kernel-API shim, the mini
 * KVM and the cca_mig module compiled through the shim. A VM is reached by
 * libccamig through its "VM fd" (ccaplat_vm_fd()), registered with the
 * harness backend of cca_mig_backend.h. Plain C, no kernel types.
 */
#ifndef CCAPLAT_H
#define CCAPLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cca_mig.h"

#define CCAPLAT_MAX_RECS	8
#define CCAPLAT_KEY_BLOB_LEN	0xE0

struct ccaplat_vm;

/* What the guest reported (cca_guest_abi.h host calls). */
enum ccaplat_report_kind {
	CCAPLAT_SYNC = 1,	/* val[0] stage, val[1..3] arguments */
	CCAPLAT_DONE,
	CCAPLAT_ASSERT,		/* val[0] line, msg */
	CCAPLAT_PRINT,		/* msg */
	CCAPLAT_ABORT,		/* val[0..2] ESR, FAR, ELR */
	CCAPLAT_OTHER,
};

struct ccaplat_report {
	unsigned int rec;
	enum ccaplat_report_kind kind;
	uint64_t val[4];
	char msg[256];
};

typedef void (*ccaplat_report_fn)(const struct ccaplat_report *r, void *priv);

/*
 * The guest's own account of a run, per REC; also the VMM state that
 * travels with a migration (the host side of each REC: whether it
 * finished), so that a REC that finished on the source is not run again.
 */
struct ccaplat_result {
	unsigned int nr_recs;
	bool done[CCAPLAT_MAX_RECS];
	bool failed[CCAPLAT_MAX_RECS];
	unsigned int syncs[CCAPLAT_MAX_RECS];
	/* The last SYNC of stage 2 (mig_dirty: rec, iterations, sum). */
	unsigned int stage2[CCAPLAT_MAX_RECS];
	uint64_t stage2_val[CCAPLAT_MAX_RECS][3];
	unsigned long entries;
};

int ccaplat_init(size_t dram_bytes);
/* Return: leaked objects, pages and granules (0: clean). */
long ccaplat_fini(void);

int ccaplat_load_image(const char *path, void **img, size_t *len);
/* A realm with @img measured in at CCA_GUEST_BASE_IPA, vCPUs finalized. */
int ccaplat_boot(const void *img, size_t len, unsigned int nr_recs,
		 uint64_t ram_bytes, struct ccaplat_vm **out);
/* A realm VM without a realm yet: a migration destination. */
int ccaplat_create(unsigned int nr_recs, uint64_t ram_bytes,
		   struct ccaplat_vm **out);
int ccaplat_finalize(struct ccaplat_vm *vm);
void ccaplat_put(struct ccaplat_vm *vm);

int ccaplat_vm_fd(const struct ccaplat_vm *vm);
unsigned int ccaplat_nr_recs(const struct ccaplat_vm *vm);
void ccaplat_slot(const struct ccaplat_vm *vm, struct cca_mig_slot *slot);

/*
 * The migration agents' work, stood in for: both sides' key blobs for
 * session @sid, bound to the source realm's RIM (TEST wrap algorithm).
 */
int ccaplat_key_blobs(struct ccaplat_vm *src, uint64_t sid,
		      uint8_t src_blob[CCAPLAT_KEY_BLOB_LEN],
		      uint8_t dst_blob[CCAPLAT_KEY_BLOB_LEN]);

struct kvm;

/*
 * The same for the realm of a mini-KVM VM, with cipher suite @suite
 * (UHM_SUITE_*, util_host_migkey.h): for tools that bring up VMs of their
 * own on the platform (the benchmark).
 */
int ccaplat_realm_key_blobs(struct kvm *kvm, uint64_t sid,
			    unsigned int suite,
			    uint8_t src_blob[CCAPLAT_KEY_BLOB_LEN],
			    uint8_t dst_blob[CCAPLAT_KEY_BLOB_LEN]);

/*
 * Run every REC (round robin, one entry each per round) for up to
 * @max_entries entries, reporting into @res and @fn. Return: 0 when no
 * REC can run any more, -ETIME when the entries ran out, or KVM_RUN's
 * -errno (-EBUSY paused for migration, -EIO migrated away).
 */
int ccaplat_run(struct ccaplat_vm *vm, unsigned long max_entries,
		struct ccaplat_result *res, ccaplat_report_fn fn, void *priv);

/*
 * Run the RECs on a thread of their own, @pace_us between rounds (one
 * entry per REC each), until they finish, the realm migrates away, or
 * ccaplat_runner_stop(); after @max_rounds rounds (0: no limit) the thread
 * only waits, as if the vCPUs idled. While the realm is paused for
 * migration the thread waits. Return of stop: the last ccaplat_run()
 * result.
 */
int ccaplat_runner_start(struct ccaplat_vm *vm, unsigned int pace_us,
			 unsigned int max_rounds, struct ccaplat_result *res,
			 ccaplat_report_fn fn, void *priv);
int ccaplat_runner_stop(struct ccaplat_vm *vm);

#endif /* CCAPLAT_H */
