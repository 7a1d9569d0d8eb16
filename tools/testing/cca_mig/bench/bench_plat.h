/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's window onto the reference platform (bench_plat.c), for
 * bench.c, which is plain C with the VMM's view only (libccamig's
 * cca_mig_op() and the stream fd's read/write through the harness
 * backend). TEST INFRASTRUCTURE, like tools/cca_mig/ccaplat.h, with what
 * the benchmark needs beyond it: a realm whose whole RAM is populated, key
 * blobs for either cipher suite, a run that stops at a given guest stage,
 * and the time spent inside the RMM model.
 */
#ifndef CCA_BENCH_PLAT_H
#define CCA_BENCH_PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cca_mig.h"

#define BENCH_KEY_BLOB_LEN	0xE0
#define BENCH_SUITE_AES_256_GCM	1
#define BENCH_SUITE_NULL	2

struct bench_vm;

/* What a run saw: SYNC stages 3 and 4 (bench_dirty), DONE, failures. */
struct bench_run {
	uint64_t stage3_written, stage3_ticks, stage3_freq;
	uint64_t stage4_pass, stage4_written;
	unsigned int done, failed;
};

/*
 * A realm VM with @nr_recs RECs and @ram bytes of RAM: @img at the base of
 * RAM, then @fill bytes more of a non-zero pattern, all populated
 * (measured) before the first run; the rest of RAM faults in on use.
 */
int bench_vm_boot(const void *img, size_t len, uint64_t fill, uint64_t ram,
		  unsigned int nr_recs, struct bench_vm **out);
/* A VM without a realm: a migration destination. */
int bench_vm_create(uint64_t ram, unsigned int nr_recs, struct bench_vm **out);
int bench_vm_finalize(struct bench_vm *vm);
void bench_vm_put(struct bench_vm *vm);
/* Its "VM fd" for cca_mig_op() (the harness backend's registration). */
int bench_vm_fd(const struct bench_vm *vm);
void bench_vm_slot(const struct bench_vm *vm, struct cca_mig_slot *slot);

/*
 * Run every REC for up to @max_entries entries, until one reports SYNC of
 * stage @stop (0: never) or none can run. Return: 0, -ETIME, or KVM_RUN's
 * -errno.
 */
int bench_vm_run(struct bench_vm *vm, unsigned long max_entries,
		 unsigned int stop, struct bench_run *r);

/* Both sides' key blobs for session @sid and @suite, bound to @src's RIM. */
int bench_key_blobs(struct bench_vm *src, uint64_t sid, unsigned int suite,
		    uint8_t src_blob[BENCH_KEY_BLOB_LEN],
		    uint8_t dst_blob[BENCH_KEY_BLOB_LEN]);

/*
 * Time every SMC that reaches the RMM model (RMI-MIG and all others:
 * delegation, RTTs) from now on: nanoseconds and calls so far.
 */
void bench_model_clock_start(void);
void bench_model_clock_stop(void);
uint64_t bench_model_ns(void);
uint64_t bench_model_calls(void);
/* Time and calls per firmware command since the last reset: the @top. */
void bench_model_mix_reset(void);
void bench_model_mix(char *buf, size_t len, unsigned int top);

#endif /* CCA_BENCH_PLAT_H */
