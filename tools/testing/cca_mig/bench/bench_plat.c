// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's window onto the reference platform (bench_plat.h).
 * TEST INFRASTRUCTURE, built with the kernel-API shim's include paths as
 * tools/cca_mig/ccaplat.c is: VMs come from the mini KVM
 * (host/kvm_core.h), the migration ioctl from the module compiled through
 * the shim (ccaplat_module.c, loaded by ccaplat_init()), and each VM gets
 * a real fd number registered with libccamig's harness backend.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/err.h>
#include <linux/kvm_host.h>

#include "cca_host.h"
#include "kvm_core.h"
#include "shim.h"
#include "util_host_migkey.h"

#include "cca_mig_backend.h"
#include "ccaplat.h"
#include "bench_plat.h"

_Static_assert(BENCH_KEY_BLOB_LEN == UHM_KEY_BLOB_LEN, "key blob");
_Static_assert(BENCH_SUITE_AES_256_GCM == UHM_SUITE_AES_256_GCM, "suite");
_Static_assert(BENCH_SUITE_NULL == UHM_SUITE_NULL, "suite");

/* Populate in chunks of this many bytes (one pattern buffer). */
#define FILL_CHUNK	(16UL << 20)

struct bench_vm {
	struct kvm *kvm;
	int fd;
};

static int vm_wrap(struct kvm *kvm, struct bench_vm **out)
{
	struct bench_vm *vm = calloc(1, sizeof(*vm));
	int ret;

	if (!vm) {
		kvm_put_kvm(kvm);
		return -ENOMEM;
	}
	vm->kvm = kvm;
	/* A real fd number stands for the VM, as KVM_CREATE_VM's would. */
	vm->fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ret = vm->fd < 0 ? -errno : cca_mig_harness_register_vm(vm->fd, kvm);
	if (ret) {
		if (vm->fd >= 0)
			close(vm->fd);
		kvm_put_kvm(kvm);
		free(vm);
		return ret;
	}
	*out = vm;
	return 0;
}

static void make_cfg(struct cca_realm_config *cfg, uint64_t ram,
		     unsigned int nr_recs)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_size = ram;
	cfg->nr_recs = nr_recs;
}

/* Populate [@ipa, @ipa + @len) with a pattern that differs per page. */
static int fill(struct kvm *kvm, u64 ipa, u64 len)
{
	u64 *buf = malloc(FILL_CHUNK), i;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (len && !ret) {
		u64 n = len < FILL_CHUNK ? len : FILL_CHUNK;

		for (i = 0; i < n / sizeof(u64); i++)
			buf[i] = (ipa + i * sizeof(u64)) * 0x9e3779b97f4a7c15ULL;
		ret = kvm_shim_populate(kvm, ipa, buf, n);
		ipa += n;
		len -= n;
	}
	free(buf);
	return ret;
}

int bench_vm_boot(const void *img, size_t len, uint64_t extra, uint64_t ram,
		  unsigned int nr_recs, struct bench_vm **out)
{
	struct cca_realm_config cfg;
	struct kvm *kvm;
	u64 base;
	int ret;

	len = PAGE_ALIGN(len);
	if (!len || len + extra > ram || extra % PAGE_SIZE)
		return -EINVAL;
	make_cfg(&cfg, ram, nr_recs);
	kvm = kvm_shim_create_vm(&cfg);
	if (IS_ERR(kvm))
		return PTR_ERR(kvm);
	base = kvm->shim->cfg.ram_base;
	ret = kvm_shim_populate(kvm, base, img, len);
	if (!ret && extra)
		ret = fill(kvm, base + len, extra);
	if (!ret)
		ret = kvm_shim_finalize_vcpus(kvm);
	if (ret) {
		kvm_put_kvm(kvm);
		return ret;
	}
	return vm_wrap(kvm, out);
}

int bench_vm_create(uint64_t ram, unsigned int nr_recs, struct bench_vm **out)
{
	struct cca_realm_config cfg;
	struct kvm *kvm;

	make_cfg(&cfg, ram, nr_recs);
	kvm = kvm_shim_create_vm(&cfg);
	if (IS_ERR(kvm))
		return PTR_ERR(kvm);
	return vm_wrap(kvm, out);
}

int bench_vm_finalize(struct bench_vm *vm)
{
	return kvm_shim_finalize_vcpus(vm->kvm);
}

void bench_vm_put(struct bench_vm *vm)
{
	if (!vm)
		return;
	cca_mig_harness_unregister_vm(vm->fd);
	close(vm->fd);
	kvm_put_kvm(vm->kvm);
	free(vm);
}

int bench_vm_fd(const struct bench_vm *vm)
{
	return vm->fd;
}

void bench_vm_slot(const struct bench_vm *vm, struct cca_mig_slot *slot)
{
	const struct kvm_memory_slot *s = &vm->kvm->memslots.slots[0];

	slot->slot = s->id;
	slot->gpa = gfn_to_gpa(s->base_gfn);
	slot->npages = s->npages;
}

struct run_ctx {
	struct bench_run *r;
	unsigned int stop;
};

static int on_event(struct kvm_vcpu *vcpu, const struct cca_event *ev,
		    void *priv)
{
	struct run_ctx *c = priv;
	struct bench_run *r = c->r;

	switch (ev->type) {
	case CCA_EV_SYNC:
		if (ev->gprs[0] == 3) {
			r->stage3_written = ev->gprs[1];
			r->stage3_ticks = ev->gprs[2];
			r->stage3_freq = ev->gprs[3];
		} else if (ev->gprs[0] == 4) {
			r->stage4_pass = ev->gprs[1];
			r->stage4_written = ev->gprs[2];
		}
		return c->stop && ev->gprs[0] == c->stop;
	case CCA_EV_DONE:
		r->done++;
		break;
	case CCA_EV_ASSERT:
	case CCA_EV_ABORT:
		fprintf(stderr, "bench: REC %u %s: %s\n", ev->rec,
			cca_event_name(ev->type), ev->msg);
		r->failed++;
		return -EIO;
	default:
		break;
	}
	return 0;
}

int bench_vm_run(struct bench_vm *vm, unsigned long max_entries,
		 unsigned int stop, struct bench_run *r)
{
	struct run_ctx c = { .r = r, .stop = stop };

	return kvm_shim_run_all(vm->kvm, max_entries, on_event, &c);
}

int bench_key_blobs(struct bench_vm *src, uint64_t sid, unsigned int suite,
		    uint8_t src_blob[BENCH_KEY_BLOB_LEN],
		    uint8_t dst_blob[BENCH_KEY_BLOB_LEN])
{
	return ccaplat_realm_key_blobs(src->kvm, sid, suite, src_blob,
				       dst_blob);
}

/* ---------------------------------------------------------------------- */
/* Time inside the model                                                   */

/*
 * The shim's answer callback runs just before the model and its hook just
 * after: together they bracket every SMC. The benchmark is the only user
 * of both while it runs (no test answers calls itself here).
 */
static uint64_t model_ns, model_calls, model_t0;
/* Per function number (FID bits [11:0]), for the breakdown. */
static uint64_t fid_ns[0x1000], fid_calls[0x1000];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static bool smc_before(const struct arm_smccc_1_2_regs *args,
		       struct arm_smccc_1_2_regs *res, void *priv)
{
	model_t0 = now_ns();
	return false;		/* the model answers */
}

static void smc_after(const struct arm_smccc_1_2_regs *args,
		      const struct arm_smccc_1_2_regs *res, void *priv)
{
	uint64_t ns = now_ns() - model_t0;
	unsigned int fn = args->a0 & 0xfff;

	model_ns += ns;
	model_calls++;
	fid_ns[fn] += ns;
	fid_calls[fn]++;
}

static const struct {
	unsigned int fn;
	const char *name;
} fid_names[] = {
	{ 0x153, "DATA_MAP_INIT" }, { 0x15c, "REC_ENTER" },
	{ 0x15d, "RTT_CREATE" }, { 0x161, "RTT_READ_ENTRY" },
	{ 0x1f1, "DELEGATE" }, { 0x1f2, "UNDELEGATE" },
	{ 0x1f5, "DATA_MAP" }, { 0x284, "MIG_TRACK_START" },
	{ 0x286, "MIG_DIRTY_HARVEST" }, { 0x288, "MIG_EXPORT_PAGES" },
	{ 0x289, "MIG_EPOCH_END" }, { 0x28e, "MIG_IMPORT_PAGES" },
};

void bench_model_mix_reset(void)
{
	memset(fid_ns, 0, sizeof(fid_ns));
	memset(fid_calls, 0, sizeof(fid_calls));
}

void bench_model_mix(char *buf, size_t len, unsigned int top)
{
	bool used[0x1000] = { false };
	size_t off = 0;
	unsigned int i, k;

	buf[0] = 0;
	for (k = 0; k < top && off < len; k++) {
		unsigned int best = 0, j;
		const char *name = NULL;

		for (i = 1; i < 0x1000; i++)
			if (!used[i] && fid_ns[i] > fid_ns[best])
				best = i;
		if (!fid_ns[best])
			break;
		used[best] = true;
		for (j = 0; j < sizeof(fid_names) / sizeof(fid_names[0]); j++)
			if (fid_names[j].fn == best)
				name = fid_names[j].name;
		off += snprintf(buf + off, len - off,
				"%s%s%s%#x %llu calls %.3f s", k ? "; " : "",
				name ? name : "", name ? " " : "", best,
				(unsigned long long)fid_calls[best],
				fid_ns[best] / 1e9);
	}
}

void bench_model_clock_start(void)
{
	shim_set_smc_answer(smc_before, NULL);
	shim_set_smc_hook(smc_after, NULL);
}

void bench_model_clock_stop(void)
{
	shim_set_smc_answer(NULL, NULL);
	shim_set_smc_hook(NULL, NULL);
}

uint64_t bench_model_ns(void)
{
	return model_ns;
}

uint64_t bench_model_calls(void)
{
	return model_calls;
}
