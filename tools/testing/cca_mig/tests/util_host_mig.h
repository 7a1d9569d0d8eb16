/* SPDX-License-Identifier: GPL-2.0 */
/*
 * End-to-end helpers for tests that drive the cca_mig module through
 * KVM_CCA_MIG_OP on the mini KVM core (host/kvm_core.c), as a VMM does:
 * realm VMs running a guest image, key blobs, START on both sides, the
 * stream fds and a pump between them, and the suite's leak checks.
 *
 * Header-only, with static helpers: a test includes it after its test
 * copy of cca_mig_internal.h and the module's .c files (it needs the
 * module's kernel view: struct kvm, the uapi, the shim). It is not a
 * tests/util_*.c object because those are linked into the RMM-only tests
 * too, which have no shim or KVM core. The same helpers started life in
 * host_cca_mig_test.c.
 */
#ifndef CCA_UTIL_HOST_MIG_H
#define CCA_UTIL_HOST_MIG_H

#include <stdio.h>
#include <stdlib.h>

#include "cca_host.h"
#include "kvm_core.h"
#include "shim.h"
#include "test.h"
#include "util_host_migkey.h"

#define UHM_RUN_BUDGET		400000UL
#define UHM_SID			0x5eed0001ULL
#define UHM_MAX_VMS		4

/* The VMs and stream fds of the running test; put by the teardown. */
static struct kvm *uhm_vms[UHM_MAX_VMS];
static int uhm_fds[4] = { -1, -1, -1, -1 };
static bool uhm_registered;
static u64 uhm_last_rmi;
/* RAM of the VMs a test creates (default 2 MiB). */
static size_t uhm_ram_size = 2UL << 20;

#define UHM_RAM_PAGES	(uhm_ram_size >> PAGE_SHIFT)

/*
 * Unicorn 2.0.1 does not free the code bitmap it allocates for a page that
 * holds translated code when a write to it is caught; that leak is the
 * emulator's (see host_cca_mig_test.c).
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tb_invalidate_phys_page_fast_aarch64\n";
}

static __maybe_unused bool uhm_load_guest(const char *name, void **data,
					  size_t *len)
{
	char path[512];
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", GUEST_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		printf("# cannot open guest image %s\n", path);
		return false;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*data = malloc(n > 0 ? n : 1);
	*len = n > 0 ? n : 0;
	if (!*data || fread(*data, 1, *len, f) != *len) {
		fclose(f);
		free(*data);
		return false;
	}
	fclose(f);
	return true;
}

static __maybe_unused void uhm_keep_vm(struct kvm *kvm)
{
	unsigned int i;

	for (i = 0; i < UHM_MAX_VMS; i++)
		if (!uhm_vms[i]) {
			uhm_vms[i] = kvm;
			return;
		}
}

static __maybe_unused void uhm_put_vm(struct kvm *kvm)
{
	unsigned int i;

	if (!kvm)
		return;
	for (i = 0; i < UHM_MAX_VMS; i++)
		if (uhm_vms[i] == kvm)
			uhm_vms[i] = NULL;
	kvm_put_kvm(kvm);
}

/* Image file contents, loaded once per name. */
static struct {
	const char *name;
	void *img;
	size_t len;
} uhm_images[4];

static __maybe_unused bool uhm_image(const char *name, void **img,
				     size_t *len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(uhm_images); i++) {
		if (uhm_images[i].name && !strcmp(uhm_images[i].name, name))
			break;
		if (!uhm_images[i].name) {
			if (!uhm_load_guest(name, &uhm_images[i].img,
					    &uhm_images[i].len))
				return false;
			uhm_images[i].name = name;
			break;
		}
	}
	if (i == ARRAY_LEN(uhm_images))
		return false;
	*img = uhm_images[i].img;
	*len = uhm_images[i].len;
	return true;
}

/* A realm VM with @name loaded and its vCPUs finalized (not run yet). */
static __maybe_unused struct kvm *uhm_boot_vm(const char *name,
					      unsigned int nr_recs)
{
	struct cca_realm_config cfg = {
		.ram_size = uhm_ram_size,
		.nr_recs = nr_recs,
	};
	struct kvm *kvm;
	size_t len;
	void *img;
	int ret;

	if (!uhm_image(name, &img, &len))
		return NULL;
	ret = kvm_shim_boot(&cfg, img, len, &kvm);
	if (ret) {
		printf("# booting %s: %d\n", name, ret);
		return NULL;
	}
	uhm_keep_vm(kvm);
	return kvm;
}

/* A realm VM without an RD: a destination. */
static __maybe_unused struct kvm *uhm_new_vm(unsigned int nr_recs)
{
	struct cca_realm_config cfg = {
		.ram_size = uhm_ram_size,
		.nr_recs = nr_recs,
	};
	struct kvm *kvm = kvm_shim_create_vm(&cfg);

	if (IS_ERR(kvm)) {
		printf("# kvm_shim_create_vm: %ld\n", PTR_ERR(kvm));
		return NULL;
	}
	uhm_keep_vm(kvm);
	return kvm;
}

/* What the guests reported; mig_dirty's final check is stage 2. */
struct uhm_run {
	unsigned int done, failed;
	unsigned int stage2[KVM_SHIM_MAX_VCPUS];
	u64 sum[KVM_SHIM_MAX_VCPUS];
};

static __maybe_unused int uhm_on_event(struct kvm_vcpu *vcpu,
				       const struct cca_event *ev, void *priv)
{
	struct uhm_run *r = priv;

	switch (ev->type) {
	case CCA_EV_SYNC:
		/* hello's host call round trip (stage 5). */
		if (ev->gprs[0] == 5 && ev->gprs[1] == 41) {
			cca_rec_host_call_reply(vcpu->shim_rec, 0, 42);
			cca_rec_host_call_reply(vcpu->shim_rec, 30, 0x30);
		}
		/* mig_dirty's final check (stage 2, rec, n, sum). */
		if (ev->gprs[0] == 2 && ev->rec < KVM_SHIM_MAX_VCPUS) {
			r->stage2[ev->rec]++;
			r->sum[ev->rec] = ev->gprs[3];
		}
		break;
	case CCA_EV_DONE:
		r->done++;
		break;
	case CCA_EV_ASSERT:
	case CCA_EV_ABORT:
		printf("# REC %u %s: %s (x0 %#llx)\n", ev->rec,
		       cca_event_name(ev->type), ev->msg,
		       (unsigned long long)ev->gprs[0]);
		r->failed++;
		break;
	default:
		break;
	}
	return 0;
}

/* Run every vCPU for up to @budget REC entries; -ETIME if still running. */
static __maybe_unused int uhm_run_some(struct kvm *kvm, unsigned long budget,
				       struct uhm_run *r)
{
	return kvm_shim_run_all(kvm, budget, uhm_on_event, r);
}

/* Run the realm to its end: every REC reported DONE, none failed. */
static __maybe_unused bool uhm_run_to_done(struct kvm *kvm, struct uhm_run *r)
{
	unsigned int nr = atomic_read(&kvm->online_vcpus);
	int ret = uhm_run_some(kvm, UHM_RUN_BUDGET, r);

	if (ret || r->failed || r->done != nr) {
		printf("# run: %d, %u done of %u, %u failed\n", ret, r->done,
		       nr, r->failed);
		return false;
	}
	return true;
}

static __maybe_unused long uhm_mig_raw(struct kvm *kvm,
				       struct kvm_cca_mig_op *op)
{
	long ret = kvm_shim_vm_ioctl_mig(kvm, op);

	uhm_last_rmi = op->rmi_status;
	return ret;
}

static __maybe_unused long uhm_mig(struct kvm *kvm, u32 cmd, void *data)
{
	struct kvm_cca_mig_op op = {
		.cmd = cmd,
		.data = (u64)(uintptr_t)data,
		.rmi_status = 0xdead,	/* always written */
	};

	return uhm_mig_raw(kvm, &op);
}

static __maybe_unused phys_addr_t uhm_rd_of(struct kvm *kvm)
{
	guard(mutex)(&kvm->lock);
	return kvm_rmi_mig_rd_phys(kvm);
}

/* Key blobs for a source VM: MK, RIM and RPV (zero) of the realm. */
struct uhm_keys {
	u8 src[UHM_KEY_BLOB_LEN];
	u8 dst[UHM_KEY_BLOB_LEN];
};

static __maybe_unused bool uhm_make_keys(struct kvm *src, u64 sid,
					 struct uhm_keys *k)
{
	u8 mk[32], rim[64] = { 0 }, rpv[64] = { 0 };
	unsigned int i;

	for (i = 0; i < sizeof(mk); i++)
		mk[i] = rand();
	if (!shim_model_realm_rim(uhm_rd_of(src), rim))
		return false;
	return !uhm_key_blob(k->src, sid, KVM_CCA_MIG_ROLE_SOURCE,
			     UHM_SUITE_AES_256_GCM, mk, rim, rpv) &&
	       !uhm_key_blob(k->dst, sid, KVM_CCA_MIG_ROLE_DESTINATION,
			     UHM_SUITE_AES_256_GCM, mk, rim, rpv);
}

static __maybe_unused void uhm_start_args(struct kvm_cca_mig_start *s,
					  u32 role, const u8 *blob,
					  const u8 *peer_nonce)
{
	memset(s, 0, sizeof(*s));
	s->role = role;
	s->session_id = UHM_SID;
	s->key_blob = (u64)(uintptr_t)blob;
	s->key_blob_len = UHM_KEY_BLOB_LEN;
	if (peer_nonce)
		memcpy(s->peer_nonce, peer_nonce, sizeof(s->peer_nonce));
}

static __maybe_unused struct kvm_cca_mig_status uhm_status(struct kvm *kvm)
{
	struct kvm_cca_mig_status st;

	memset(&st, 0xff, sizeof(st));
	if (uhm_mig(kvm, KVM_CCA_MIG_STATUS, &st))
		memset(&st, 0xee, sizeof(st));
	return st;
}

static __maybe_unused long uhm_export(struct kvm *kvm, u64 gpa, u64 npages,
				      void *bitmap, u32 flags,
				      struct kvm_cca_mig_export_ram *out)
{
	struct kvm_cca_mig_export_ram a = {
		.gpa = gpa, .npages = npages,
		.bitmap = (u64)(uintptr_t)bitmap, .flags = flags,
	};
	long ret = uhm_mig(kvm, KVM_CCA_MIG_EXPORT_RAM, &a);

	if (out)
		*out = a;
	return ret;
}

/*
 * Move what the source's stream fd has now into the destination's, in
 * chunks of @chunk bytes. A short write goes on with the rest, and a
 * read or write that faults (-EFAULT) is tried once more: neither side
 * loses a byte on a fault (cca-mig-stream.rst section 6, cca-mig-api.rst
 * 4.2). Returns the bytes moved, or -errno.
 */
static __maybe_unused long uhm_pump(int sfd, int dfd, size_t chunk)
{
	static u8 buf[1 << 16];
	bool retried = false;
	long total = 0;

	if (chunk > sizeof(buf))
		chunk = sizeof(buf);
	for (;;) {
		ssize_t n = shim_fd_read(sfd, buf, chunk), off = 0;

		if (n == -EFAULT && !retried) {
			retried = true;
			continue;
		}
		if (n == -EAGAIN || n == 0)
			return total;
		if (n < 0)
			return n;
		while (off < n) {
			ssize_t w = shim_fd_write(dfd, buf + off, n - off);

			if (w == -EFAULT && !retried) {
				retried = true;
				continue;
			}
			if (w <= 0)
				return w < 0 ? w : -EIO;
			off += w;
		}
		total += n;
	}
}

static __maybe_unused u64 uhm_ram_base(struct kvm *kvm)
{
	return kvm->shim->cfg.ram_base;
}

/* Nothing of any migration or VM is left: granules, memory, files. */
static __maybe_unused bool uhm_nothing_left(void)
{
	unsigned long delegated = shim_model_granules_delegated();

	if (delegated || shim_nr_allocated() || shim_nr_pages_allocated() ||
	    shim_nr_open_files()) {
		printf("# left: %lu granules, %ld objects, %ld pages, %u files\n",
		       delegated, shim_nr_allocated(),
		       shim_nr_pages_allocated(), shim_nr_open_files());
		return false;
	}
	return true;
}

static __maybe_unused bool uhm_suite_setup_dram(size_t dram)
{
	if (shim_model_init(dram) || cca_host_rmi_init())
		return false;
	uhm_registered = cca_mig_init() == 0;
	if (!uhm_registered)
		printf("# cca_mig_init() failed\n");
	return uhm_registered;
}

static __maybe_unused void uhm_close_fds(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(uhm_fds); i++) {
		if (uhm_fds[i] >= 0)
			shim_fd_close(uhm_fds[i]);
		uhm_fds[i] = -1;
	}
}

static __maybe_unused bool uhm_suite_teardown(void)
{
	bool ok = true;
	unsigned int i;
	long leaked;

	uhm_close_fds();
	for (i = 0; i < UHM_MAX_VMS; i++)
		if (uhm_vms[i])
			uhm_put_vm(uhm_vms[i]);
	if (uhm_registered)
		cca_mig_exit();
	uhm_registered = false;
	shim_fail_alloc_nth(0);
	shim_fail_uaccess_nth(0);
	shim_set_smc_answer(NULL, NULL);
	shim_set_smc_hook(NULL, NULL);
	if (shim_nr_warnings()) {
		printf("# %lu unexpected WARN(s)\n", shim_nr_warnings());
		ok = false;
	}
	if (shim_locks_held()) {
		printf("# %u lock(s) still held\n", shim_locks_held());
		ok = false;
	}
	if (shim_nr_open_files()) {
		printf("# %u file(s) still open\n", shim_nr_open_files());
		ok = false;
	}
	if (shim_model_granules_delegated()) {
		printf("# %lu granule(s) still delegated\n",
		       shim_model_granules_delegated());
		ok = false;
	}
	leaked = shim_model_fini();
	if (leaked) {
		printf("# %ld object(s), page(s) or granule(s) leaked\n",
		       leaked);
		ok = false;
	}
	return ok;
}

/* Free the guest images loaded by uhm_image() (at exit). */
static __maybe_unused void uhm_free_images(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(uhm_images); i++) {
		free(uhm_images[i].img);
		uhm_images[i].img = NULL;
		uhm_images[i].name = NULL;
	}
}

#endif /* CCA_UTIL_HOST_MIG_H */
