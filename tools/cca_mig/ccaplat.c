// SPDX-License-Identifier: GPL-2.0
/*
 * ccaplat: the reference platform as a VMM sees it (ccaplat.h). TEST
 * INFRASTRUCTURE, built with the kernel-API shim's include paths: the
 * mini KVM (host/kvm_core.h) gives the VM, the module (ccaplat_module.c)
 * the migration ioctl, and the harness backend of libccamig the VM fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
#include "ccaplat_module.h"

_Static_assert(CCAPLAT_KEY_BLOB_LEN == UHM_KEY_BLOB_LEN, "key blob");
_Static_assert(CCAPLAT_MAX_RECS == CCA_GUEST_MAX_RECS, "RECs");

struct ccaplat_vm {
	struct kvm *kvm;
	int fd;
	/* The runner thread. */
	pthread_t thread;
	bool running;
	int stop;
	int ret;
	unsigned int pace_us;
	unsigned int max_rounds;
	struct ccaplat_result *res;
	ccaplat_report_fn fn;
	void *priv;
};

static bool module_loaded;

int ccaplat_init(size_t dram_bytes)
{
	int ret;

	ret = shim_model_init(dram_bytes);
	if (ret)
		return ret;
	ret = cca_host_rmi_init();
	if (!ret)
		ret = ccaplat_module_load();
	if (ret) {
		shim_model_fini();
		return ret;
	}
	module_loaded = true;
	return 0;
}

long ccaplat_fini(void)
{
	long leaked = 0;

	if (module_loaded)
		ccaplat_module_unload();
	module_loaded = false;
	if (shim_nr_warnings()) {
		fprintf(stderr, "ccaplat: %lu WARN(s)\n", shim_nr_warnings());
		leaked += shim_nr_warnings();
	}
	if (shim_nr_open_files()) {
		fprintf(stderr, "ccaplat: %u file(s) open\n",
			shim_nr_open_files());
		leaked += shim_nr_open_files();
	}
	return leaked + shim_model_fini();
}

int ccaplat_load_image(const char *path, void **img, size_t *len)
{
	long n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return -errno;
	n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (n <= 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -EINVAL;
	}
	*img = malloc(n);
	if (!*img) {
		fclose(f);
		return -ENOMEM;
	}
	if (fread(*img, 1, n, f) != (size_t)n) {
		free(*img);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	*len = n;
	return 0;
}

static int vm_wrap(struct kvm *kvm, struct ccaplat_vm **out)
{
	struct ccaplat_vm *vm = calloc(1, sizeof(*vm));
	int ret;

	if (!vm) {
		kvm_put_kvm(kvm);
		return -ENOMEM;
	}
	vm->kvm = kvm;
	/* A real fd number stands for the VM, as KVM_CREATE_VM's would. */
	vm->fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ret = vm->fd < 0 ? -errno :
	      cca_mig_harness_register_vm(vm->fd, kvm);
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

static int make_cfg(struct cca_realm_config *cfg, unsigned int nr_recs,
		    uint64_t ram_bytes)
{
	if (!nr_recs || nr_recs > CCAPLAT_MAX_RECS || !ram_bytes ||
	    ram_bytes & (PAGE_SIZE - 1) || ram_bytes > (1ULL << 30))
		return -EINVAL;
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_size = ram_bytes;
	cfg->nr_recs = nr_recs;
	return 0;
}

int ccaplat_boot(const void *img, size_t len, unsigned int nr_recs,
		 uint64_t ram_bytes, struct ccaplat_vm **out)
{
	struct cca_realm_config cfg;
	struct kvm *kvm;
	int ret;

	ret = make_cfg(&cfg, nr_recs, ram_bytes);
	if (ret)
		return ret;
	if (!len || len > ram_bytes)
		return -EFBIG;
	ret = kvm_shim_boot(&cfg, img, len, &kvm);
	if (ret)
		return ret;
	return vm_wrap(kvm, out);
}

int ccaplat_create(unsigned int nr_recs, uint64_t ram_bytes,
		   struct ccaplat_vm **out)
{
	struct cca_realm_config cfg;
	struct kvm *kvm;
	int ret;

	ret = make_cfg(&cfg, nr_recs, ram_bytes);
	if (ret)
		return ret;
	kvm = kvm_shim_create_vm(&cfg);
	if (IS_ERR(kvm))
		return PTR_ERR(kvm);
	return vm_wrap(kvm, out);
}

int ccaplat_finalize(struct ccaplat_vm *vm)
{
	return kvm_shim_finalize_vcpus(vm->kvm);
}

void ccaplat_put(struct ccaplat_vm *vm)
{
	if (!vm)
		return;
	if (vm->running)
		ccaplat_runner_stop(vm);
	cca_mig_harness_unregister_vm(vm->fd);
	close(vm->fd);
	kvm_put_kvm(vm->kvm);
	free(vm);
}

int ccaplat_vm_fd(const struct ccaplat_vm *vm)
{
	return vm->fd;
}

unsigned int ccaplat_nr_recs(const struct ccaplat_vm *vm)
{
	return atomic_read(&vm->kvm->online_vcpus);
}

void ccaplat_slot(const struct ccaplat_vm *vm, struct cca_mig_slot *slot)
{
	const struct kvm_memory_slot *s = &vm->kvm->memslots.slots[0];

	slot->slot = s->id;
	slot->gpa = gfn_to_gpa(s->base_gfn);
	slot->npages = s->npages;
}

int ccaplat_realm_key_blobs(struct kvm *kvm, uint64_t sid,
			    unsigned int suite,
			    uint8_t src_blob[CCAPLAT_KEY_BLOB_LEN],
			    uint8_t dst_blob[CCAPLAT_KEY_BLOB_LEN])
{
	struct cca_realm *realm = kvm_shim_realm(kvm);
	u8 mk[32], rim[64] = { 0 }, rpv[64] = { 0 };
	int fd;

	if (!realm || !shim_model_realm_rim(realm->rd_phys, rim))
		return -ENOENT;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (read(fd, mk, sizeof(mk)) != sizeof(mk)) {
		close(fd);
		return -EIO;
	}
	close(fd);
	/* Roles: 1 source, 2 destination (util_host_migkey.h). */
	if (uhm_key_blob(src_blob, sid, 1, suite, mk, rim, rpv) ||
	    uhm_key_blob(dst_blob, sid, 2, suite, mk, rim, rpv))
		return -EIO;
	return 0;
}

int ccaplat_key_blobs(struct ccaplat_vm *src, uint64_t sid,
		      uint8_t src_blob[CCAPLAT_KEY_BLOB_LEN],
		      uint8_t dst_blob[CCAPLAT_KEY_BLOB_LEN])
{
	return ccaplat_realm_key_blobs(src->kvm, sid, UHM_SUITE_AES_256_GCM,
				       src_blob, dst_blob);
}

/* ---------------------------------------------------------------------- */
/* Running the guest                                                       */

struct run_ctx {
	struct ccaplat_result *res;
	ccaplat_report_fn fn;
	void *priv;
};

static int on_event(struct kvm_vcpu *vcpu, const struct cca_event *ev,
		    void *priv)
{
	struct run_ctx *c = priv;
	struct ccaplat_result *res = c->res;
	struct ccaplat_report r = { .rec = ev->rec };
	unsigned int i;

	for (i = 0; i < 4; i++)
		r.val[i] = ev->gprs[i];
	switch (ev->type) {
	case CCA_EV_SYNC:
		r.kind = CCAPLAT_SYNC;
		if (ev->rec < CCAPLAT_MAX_RECS) {
			res->syncs[ev->rec]++;
			if (ev->gprs[0] == 2) {
				res->stage2[ev->rec]++;
				for (i = 0; i < 3; i++)
					res->stage2_val[ev->rec][i] =
						ev->gprs[i + 1];
			}
		}
		break;
	case CCA_EV_DONE:
		r.kind = CCAPLAT_DONE;
		if (ev->rec < CCAPLAT_MAX_RECS)
			res->done[ev->rec] = true;
		break;
	case CCA_EV_ASSERT:
		r.kind = CCAPLAT_ASSERT;
		if (ev->rec < CCAPLAT_MAX_RECS)
			res->failed[ev->rec] = true;
		break;
	case CCA_EV_ABORT:
		r.kind = CCAPLAT_ABORT;
		if (ev->rec < CCAPLAT_MAX_RECS)
			res->failed[ev->rec] = true;
		break;
	case CCA_EV_PRINT:
		r.kind = CCAPLAT_PRINT;
		break;
	default:
		r.kind = CCAPLAT_OTHER;
		break;
	}
	snprintf(r.msg, sizeof(r.msg), "%s", ev->msg);
	if (c->fn)
		c->fn(&r, c->priv);
	return 0;
}

/* Carry the host side of the RECs: one that finished is not run again. */
static void apply_result(struct ccaplat_vm *vm, struct ccaplat_result *res)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	res->nr_recs = ccaplat_nr_recs(vm);
	kvm_for_each_vcpu(i, vcpu, vm->kvm) {
		struct cca_rec *rec = vcpu->shim_rec;

		if (!rec || i >= CCAPLAT_MAX_RECS)
			continue;
		if (res->done[i])
			WRITE_ONCE(rec->done, true);
		if (res->failed[i])
			WRITE_ONCE(rec->failed, true);
	}
}

int ccaplat_run(struct ccaplat_vm *vm, unsigned long max_entries,
		struct ccaplat_result *res, ccaplat_report_fn fn, void *priv)
{
	struct run_ctx c = { .res = res, .fn = fn, .priv = priv };
	unsigned long n = ccaplat_nr_recs(vm);
	int ret;

	apply_result(vm, res);
	ret = kvm_shim_run_all(vm->kvm, max_entries, on_event, &c);
	/* Entries made: kvm_shim_run_all() does not say; estimate per call. */
	res->entries += ret == -ETIME ? max_entries : n;
	return ret;
}

static void *runner(void *arg)
{
	struct ccaplat_vm *vm = arg;
	unsigned long i, rounds = 0;
	struct timespec ts;
	int ret = -ETIME;

	/* Bounded: about ten minutes at the slowest pace. */
	for (i = 0; i < 600000 && !READ_ONCE(vm->stop); i++) {
		if (vm->max_rounds && rounds >= vm->max_rounds) {
			ts = (struct timespec){ 0, 1000000 };
			nanosleep(&ts, NULL);
			continue;
		}
		ret = ccaplat_run(vm, ccaplat_nr_recs(vm), vm->res, vm->fn,
				  vm->priv);
		if (ret == -EBUSY) {
			/* Paused for migration: wait for it to end. */
			ts = (struct timespec){ 0, 1000000 };
			nanosleep(&ts, NULL);
			continue;
		}
		if (ret != -ETIME)
			break;
		rounds++;
		ts = (struct timespec){ vm->pace_us / 1000000,
					(vm->pace_us % 1000000) * 1000 };
		if (vm->pace_us)
			nanosleep(&ts, NULL);
	}
	WRITE_ONCE(vm->ret, ret);
	return NULL;
}

int ccaplat_runner_start(struct ccaplat_vm *vm, unsigned int pace_us,
			 unsigned int max_rounds, struct ccaplat_result *res,
			 ccaplat_report_fn fn, void *priv)
{
	int ret;

	if (vm->running)
		return -EBUSY;
	vm->stop = 0;
	vm->ret = 0;
	vm->pace_us = pace_us;
	vm->max_rounds = max_rounds;
	vm->res = res;
	vm->fn = fn;
	vm->priv = priv;
	ret = -pthread_create(&vm->thread, NULL, runner, vm);
	if (!ret)
		vm->running = true;
	return ret;
}

int ccaplat_runner_stop(struct ccaplat_vm *vm)
{
	if (!vm->running)
		return -EINVAL;
	WRITE_ONCE(vm->stop, 1);
	pthread_join(vm->thread, NULL);
	vm->running = false;
	return vm->ret;
}
