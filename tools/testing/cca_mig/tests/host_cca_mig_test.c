// SPDX-License-Identifier: GPL-2.0
/*
 * The cca_mig module (virt/kvm/cca_mig/), compiled unmodified against the
 * kernel-API shim and driven through KVM_CCA_MIG_OP as a VMM drives it,
 * over the patch series' hook (arch/arm64/kvm/rmi/rmi-mig.c), the
 * harness's mini KVM core and the RMM model's RMI-MIG:
 *
 * - the ioctl envelope and every sub-command without a migration;
 * - a parameter matrix of invalid input per sub-command: each case gets
 *   its exact errno and the realm still runs to the same result after;
 * - the state machine: every sub-command in every state it is refused in;
 * - the stream: framing on the source, the destination's parser against
 *   truncated, oversized, malformed and misordered records, bounded
 *   buffering (-ENOSPC), poll and non-blocking reads;
 * - end to end: a realm that keeps writing its memory is exported with
 *   pre-copy rounds through the stream fd into a destination VM of the
 *   same process, resumed there, and checks its own memory and registers;
 *   the dead source; aborts, including after FINISH with the token.
 *
 * Like tools/testing/vma, the test includes the module's .c files after
 * the test copy of cca_mig_internal.h (tests/cca_mig_internal.h, same
 * include guard), which also reaches their static functions.
 */
#include "cca_mig_internal.h"

#include "../../../../virt/kvm/cca_mig/fw.c"
#include "../../../../virt/kvm/cca_mig/main.c"
#include "../../../../virt/kvm/cca_mig/ram.c"
#include "../../../../virt/kvm/cca_mig/rec.c"
#include "../../../../virt/kvm/cca_mig/state.c"
#include "../../../../virt/kvm/cca_mig/stream.c"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cca_host.h"
#include "kvm_core.h"
#include "shim.h"
#include "test.h"
#include "util_host_migkey.h"

#define MIG_TEST_DRAM		(192UL << 20)
#define TEST_RAM_SIZE		(2UL << 20)
#define TEST_RAM_PAGES		(TEST_RAM_SIZE >> PAGE_SHIFT)
#define RUN_BUDGET		400000UL
#define SID			0x5eed0001ULL

/* The VMs being tested; put by the teardown if a test fails. */
static struct kvm *vms[3];
static int fds[2] = { -1, -1 };
static bool registered;
static u64 last_rmi;

/*
 * Unicorn 2.0.1 does not free the code bitmap it allocates for a page that
 * holds translated code when a write to it is caught (the hello guest
 * keeps code and data in the same pages, and tracking write-protects
 * them). That is the emulator's, not the module's: the shim's own counters
 * check every kernel allocation.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tb_invalidate_phys_page_fast_aarch64\n";
}

/* ---------------------------------------------------------------------- */
/* VMs and guests                                                          */

static bool load_guest(const char *name, void **data, size_t *len)
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

static void keep_vm(struct kvm *kvm)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(vms); i++)
		if (!vms[i]) {
			vms[i] = kvm;
			return;
		}
}

static void put_vm(struct kvm *kvm)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(vms); i++)
		if (vms[i] == kvm)
			vms[i] = NULL;
	kvm_put_kvm(kvm);
}

/* A realm VM with @name loaded and its vCPUs finalized (not run yet). */
/*
 * Set by the tests that need every page of RAM to carry content: boot_vm()
 * then measures the whole of RAM in, the image and zeroes after it.
 */
static bool populate_all;

static struct kvm *boot_vm(const char *name, unsigned int nr_recs)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = nr_recs,
	};
	struct kvm *kvm;
	size_t len;
	void *img;
	int ret;

	if (!load_guest(name, &img, &len))
		return NULL;
	if (populate_all && len < TEST_RAM_SIZE) {
		void *all = realloc(img, TEST_RAM_SIZE);

		if (!all) {
			free(img);
			return NULL;
		}
		memset((u8 *)all + len, 0, TEST_RAM_SIZE - len);
		img = all;
		len = TEST_RAM_SIZE;
	}
	ret = kvm_shim_boot(&cfg, img, len, &kvm);
	free(img);
	if (ret) {
		printf("# booting %s: %d\n", name, ret);
		return NULL;
	}
	keep_vm(kvm);
	return kvm;
}

/* A realm VM without an RD: a destination. */
static struct kvm *new_vm(unsigned int nr_recs)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = nr_recs,
	};
	struct kvm *kvm = kvm_shim_create_vm(&cfg);

	if (IS_ERR(kvm)) {
		printf("# kvm_shim_create_vm: %ld\n", PTR_ERR(kvm));
		return NULL;
	}
	keep_vm(kvm);
	return kvm;
}

struct run_result {
	unsigned int done, failed;
	unsigned int stage2[KVM_SHIM_MAX_VCPUS];
};

static int on_event(struct kvm_vcpu *vcpu, const struct cca_event *ev,
		    void *priv)
{
	struct run_result *r = priv;

	switch (ev->type) {
	case CCA_EV_SYNC:
		/* hello's host call round trip (stage 5). */
		if (ev->gprs[0] == 5 && ev->gprs[1] == 41) {
			cca_rec_host_call_reply(vcpu->shim_rec, 0, 42);
			cca_rec_host_call_reply(vcpu->shim_rec, 30, 0x30);
		}
		/* mig_dirty's final check (stage 2, rec, n, sum). */
		if (ev->gprs[0] == 2 && ev->rec < KVM_SHIM_MAX_VCPUS)
			r->stage2[ev->rec]++;
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
static int run_some(struct kvm *kvm, unsigned long budget,
		    struct run_result *r)
{
	return kvm_shim_run_all(kvm, budget, on_event, r);
}

/* Run the realm to its end: every REC reported DONE, none failed. */
static bool run_to_done(struct kvm *kvm, struct run_result *r)
{
	unsigned int nr = atomic_read(&kvm->online_vcpus);
	int ret = run_some(kvm, RUN_BUDGET, r);

	if (ret || r->failed || r->done != nr) {
		printf("# run: %d, %u done of %u, %u failed\n", ret, r->done,
		       nr, r->failed);
		return false;
	}
	return true;
}

/* The hello guest still runs to completion: the realm was not harmed. */
static bool still_runs(struct kvm *kvm)
{
	struct run_result r = { 0 };

	return run_to_done(kvm, &r);
}

/* ---------------------------------------------------------------------- */
/* The ioctl                                                               */

static long mig_op_raw(struct kvm *kvm, struct kvm_cca_mig_op *op)
{
	long ret = kvm_shim_vm_ioctl_mig(kvm, op);

	last_rmi = op->rmi_status;
	return ret;
}

static long mig(struct kvm *kvm, u32 cmd, void *data)
{
	struct kvm_cca_mig_op op = {
		.cmd = cmd,
		.data = (u64)(uintptr_t)data,
		.rmi_status = 0xdead,	/* always written */
	};

	return mig_op_raw(kvm, &op);
}

static phys_addr_t rd_of(struct kvm *kvm)
{
	guard(mutex)(&kvm->lock);
	return kvm_rmi_mig_rd_phys(kvm);
}

/* Key blobs for a source VM @src: MK, RIM and RPV (zero) of the realm. */
struct keys {
	u8 src[UHM_KEY_BLOB_LEN];
	u8 dst[UHM_KEY_BLOB_LEN];
};

static bool make_keys(struct kvm *src, u64 sid, struct keys *k)
{
	u8 mk[32], rim[64] = { 0 }, rpv[64] = { 0 };
	unsigned int i;

	for (i = 0; i < sizeof(mk); i++)
		mk[i] = rand();
	if (!shim_model_realm_rim(rd_of(src), rim))
		return false;
	return !uhm_key_blob(k->src, sid, KVM_CCA_MIG_ROLE_SOURCE,
			     UHM_SUITE_AES_256_GCM, mk, rim, rpv) &&
	       !uhm_key_blob(k->dst, sid, KVM_CCA_MIG_ROLE_DESTINATION,
			     UHM_SUITE_AES_256_GCM, mk, rim, rpv);
}

static void start_args(struct kvm_cca_mig_start *s, u32 role, const u8 *blob,
		       const u8 *peer_nonce)
{
	memset(s, 0, sizeof(*s));
	s->role = role;
	s->session_id = SID;
	s->key_blob = (u64)(uintptr_t)blob;
	s->key_blob_len = UHM_KEY_BLOB_LEN;
	if (peer_nonce)
		memcpy(s->peer_nonce, peer_nonce, sizeof(s->peer_nonce));
}

static long start_dst(struct kvm *dst, const struct keys *k, u8 *nonce)
{
	struct kvm_cca_mig_start s;
	long ret;

	start_args(&s, KVM_CCA_MIG_ROLE_DESTINATION, k->dst, NULL);
	ret = mig(dst, KVM_CCA_MIG_START, &s);
	if (!ret)
		memcpy(nonce, s.nonce, sizeof(s.nonce));
	return ret;
}

static long start_src(struct kvm *src, const struct keys *k, const u8 *nonce)
{
	struct kvm_cca_mig_start s;

	start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, k->src, nonce);
	return mig(src, KVM_CCA_MIG_START, &s);
}

static int stream_fd(struct kvm *kvm, u32 flags)
{
	struct kvm_cca_mig_stream_fd a = { .flags = flags, .fd = -1 };
	long ret = mig(kvm, KVM_CCA_MIG_STREAM_FD, &a);

	return ret ? ret : a.fd;
}

static struct kvm_cca_mig_status status(struct kvm *kvm)
{
	struct kvm_cca_mig_status st;

	memset(&st, 0xff, sizeof(st));
	if (mig(kvm, KVM_CCA_MIG_STATUS, &st))
		memset(&st, 0xee, sizeof(st));
	return st;
}

static long export_range(struct kvm *kvm, u64 gpa, u64 npages, void *bitmap,
			 u32 flags, struct kvm_cca_mig_export_ram *out)
{
	struct kvm_cca_mig_export_ram a = {
		.gpa = gpa, .npages = npages,
		.bitmap = (u64)(uintptr_t)bitmap, .flags = flags,
	};
	long ret = mig(kvm, KVM_CCA_MIG_EXPORT_RAM, &a);

	if (out)
		*out = a;
	return ret;
}

/*
 * Move what the source's stream fd has now into the destination's, in
 * chunks of @chunk bytes. Returns the bytes moved, or -errno.
 */
static long pump(int sfd, int dfd, size_t chunk)
{
	static u8 buf[1 << 16];
	long total = 0;

	if (chunk > sizeof(buf))
		chunk = sizeof(buf);
	for (;;) {
		ssize_t n = shim_fd_read(sfd, buf, chunk), off = 0;

		if (n == -EAGAIN || n == 0)
			return total;
		if (n < 0)
			return n;
		while (off < n) {
			ssize_t w = shim_fd_write(dfd, buf + off, n - off);

			if (w <= 0) {
				printf("# write: %zd after %ld bytes\n", w,
				       total + off);
				return w < 0 ? w : -EIO;
			}
			off += w;
		}
		total += n;
	}
}

/* ---------------------------------------------------------------------- */
/* Suite                                                                   */

static bool nothing_left(void)
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

static bool suite_setup(void)
{
	if (shim_model_init(MIG_TEST_DRAM) || cca_host_rmi_init())
		return false;
	registered = cca_mig_init() == 0;
	if (!registered)
		printf("# cca_mig_init() failed\n");
	return registered;
}

static bool suite_teardown(void)
{
	bool ok = true;
	unsigned int i;
	long leaked;

	for (i = 0; i < ARRAY_LEN(fds); i++)
		if (fds[i] >= 0)
			shim_fd_close(fds[i]);
	fds[0] = -1;
	fds[1] = -1;
	for (i = 0; i < ARRAY_LEN(vms); i++)
		if (vms[i])
			put_vm(vms[i]);
	if (registered)
		cca_mig_exit();
	registered = false;
	shim_fail_alloc_nth(0);
	shim_fail_uaccess_nth(0);
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

/* ---------------------------------------------------------------------- */
/* The envelope and the sub-commands without a migration                  */

static void test_uapi_layout(void)
{
	/* The same layout for 32-bit and 64-bit userspace: no implicit padding. */
	ASSERT_EQ(sizeof(struct kvm_cca_mig_op), 64);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_start), 128);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_stream_fd), 32);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_export_ram), 80);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_import_ram), 48);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_dirty_log), 64);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_rec), 48);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_abort), 48);
	ASSERT_EQ(sizeof(struct kvm_cca_mig_status), 128);
	ASSERT_EQ(sizeof(struct cca_mig_stream_hdr), 64);
	ASSERT_EQ(sizeof(struct cca_mig_rec_hdr), 8);
	ASSERT_EQ(KVM_CCA_MIG_OP, 0xc040aedaU);
	ASSERT_EQ(CCA_MIG_REC_MAX_LEN, 16 + 512 * (64 + 4096));
	ASSERT_EQ(KVM_CCA_MIG_MAX_BATCH, RMI_MIG_MAX_BATCH);
}

/* Each case: one bad field, its errno, rmi_status 0. */
static void test_envelope_matrix(void)
{
	struct kvm_cca_mig_status st;
	struct kvm_cca_mig_op op;
	struct kvm *kvm;
	unsigned int i;

	kvm = boot_vm("hello", 1);
	ASSERT_TRUE(kvm);

	/* flags must be zero */
	op = (struct kvm_cca_mig_op){ .cmd = KVM_CCA_MIG_STATUS,
				      .data = (u64)(uintptr_t)&st, .flags = 1 };
	ASSERT_EQ(mig_op_raw(kvm, &op), -EINVAL);
	ASSERT_EQ(last_rmi, 0);
	/* every reserved word must be zero */
	for (i = 0; i < ARRAY_SIZE(op.reserved); i++) {
		op = (struct kvm_cca_mig_op){ .cmd = KVM_CCA_MIG_STATUS,
					      .data = (u64)(uintptr_t)&st };
		op.reserved[i] = 1ULL << 63;
		ASSERT_EQ(mig_op_raw(kvm, &op), -EINVAL);
	}
	/* unknown sub-commands */
	ASSERT_EQ(mig(kvm, 0, &st), -EINVAL);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_STATUS + 1, &st), -EINVAL);
	ASSERT_EQ(mig(kvm, 0xffffffff, &st), -EINVAL);
	/* data zero for a sub-command with a structure, and the reverse */
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_STATUS, NULL), -EINVAL);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_START, NULL), -EINVAL);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_PAUSE, &st), -EINVAL);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_FINISH, &st), -EINVAL);
	/* the envelope, then the structure, cannot be read */
	shim_fail_uaccess_nth(1);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_STATUS, &st), -EFAULT);
	shim_fail_uaccess_nth(2);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_START, &st), -EFAULT);
	/* the outputs cannot be written */
	shim_fail_uaccess_nth(2);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_STATUS, &st), -EFAULT);
	shim_fail_uaccess_nth(0);

	ASSERT_TRUE(still_runs(kvm));
	put_vm(kvm);
	ASSERT_TRUE(nothing_left());
}

static void test_no_migration(void)
{
	struct kvm_cca_mig_export_ram er = { 0 };
	struct kvm_cca_mig_import_ram ir = { 0 };
	struct kvm_cca_mig_dirty_log dl = { 0 };
	struct kvm_cca_mig_stream_fd sf = { 0 };
	struct kvm_cca_mig_abort ab = { 0 };
	struct kvm_cca_mig_rec rc = { 0 };
	struct kvm_cca_mig_status st;
	struct kvm *kvm;

	kvm = boot_vm("hello", 1);
	ASSERT_TRUE(kvm);

	/* STATUS: state NONE, all zero, rmi_status written as 0 */
	memset(&st, 0xff, sizeof(st));
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_STATUS, &st), 0);
	ASSERT_EQ(last_rmi, 0);
	ASSERT_TRUE(mem_is_zero(&st, sizeof(st)));

	/* everything else needs a migration: -EBUSY */
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_STREAM_FD, &sf), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_EXPORT_RAM, &er), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_IMPORT_RAM, &ir), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_GET_DIRTY_LOG, &dl), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_PAUSE, NULL), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_SAVE_REC, &rc), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_LOAD_REC, &rc), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_FINISH, NULL), -EBUSY);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_ABORT, &ab), -EBUSY);
	ASSERT_EQ(last_rmi, 0);

	ASSERT_TRUE(still_runs(kvm));
	put_vm(kvm);
	ASSERT_TRUE(nothing_left());
}

/* START: one bad field per case, -EINVAL, nothing started. */
static void test_start_matrix(void)
{
	static const u8 nonce[KVM_CCA_MIG_NONCE_SIZE] = { 1 };
	u8 blob[KVM_CCA_MIG_KEY_BLOB_MAX + 1] = { 0 };
	struct kvm_cca_mig_start s;
	struct kvm *kvm;
	unsigned int i;
	u64 rmi = 0;

	kvm = boot_vm("hello", 1);
	ASSERT_TRUE(kvm);

#define BAD_START(reason, change, err)					\
	do {								\
		start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, blob, nonce);	\
		change;							\
		int __err = (err);					\
		if (mig(kvm, KVM_CCA_MIG_START, &s) != __err)		\
			TEST_FAIL("START with %s: not %d", reason, __err); \
		rmi = last_rmi;						\
		ASSERT_EQ(status(kvm).state, KVM_CCA_MIG_STATE_NONE);	\
	} while (0)

	BAD_START("flags", s.flags = 1, -EINVAL);
	BAD_START("pad", s.pad = 1, -EINVAL);
	for (i = 0; i < ARRAY_SIZE(s.reserved); i++)
		BAD_START("reserved", s.reserved[i] = 1, -EINVAL);
	BAD_START("role 0", s.role = 0, -EINVAL);
	BAD_START("role 3", s.role = 3, -EINVAL);
	BAD_START("no key blob", s.key_blob = 0, -EINVAL);
	BAD_START("short key blob", s.key_blob_len = 0x1f, -EINVAL);
	BAD_START("long key blob", s.key_blob_len = 0x801, -EINVAL);
	BAD_START("source without a peer nonce",
		  memset(s.peer_nonce, 0, sizeof(s.peer_nonce)), -EINVAL);
	BAD_START("destination with a peer nonce",
		  s.role = KVM_CCA_MIG_ROLE_DESTINATION, -EINVAL);
	/* A destination must not have been created as an ordinary realm. */
	BAD_START("destination on a measured realm",
		  (s.role = KVM_CCA_MIG_ROLE_DESTINATION,
		   memset(s.peer_nonce, 0, sizeof(s.peer_nonce))), -EBUSY);
	/* The key blob cannot be read. */
	shim_fail_uaccess_nth(3);
	BAD_START("unreadable key blob", (void)0, -EFAULT);
	shim_fail_uaccess_nth(0);
	/* Memory for the session cannot be had. */
	shim_fail_alloc_nth(1);
	BAD_START("no memory", (void)0, -ENOMEM);
	shim_fail_alloc_nth(0);
	/* The firmware refuses: the realm has not run yet (not ACTIVE). */
	BAD_START("a realm that is not active", (void)0, -EIO);
	ASSERT_EQ(RMI_RETURN_STATUS(rmi), RMI_ERROR_REALM);
#undef BAD_START

	ASSERT_TRUE(still_runs(kvm));
	/* Now ACTIVE, but the key blob is garbage: the RMM says so. */
	start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, blob, nonce);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_START, &s), -EIO);
	ASSERT_EQ(RMI_RETURN_STATUS(last_rmi), RMI_ERROR_MIG);
	ASSERT_EQ(status(kvm).state, KVM_CCA_MIG_STATE_NONE);
	put_vm(kvm);
	ASSERT_TRUE(nothing_left());
}

/* A source VM without an RD, a destination VM with a running realm. */
static void test_start_wrong_vm(void)
{
	static const u8 nonce[KVM_CCA_MIG_NONCE_SIZE] = { 1 };
	struct kvm_cca_mig_start s;
	struct keys k = { 0 };
	struct kvm *kvm;

	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, k.src, nonce);
	ASSERT_EQ(mig(kvm, KVM_CCA_MIG_START, &s), -EBUSY);
	ASSERT_EQ(rd_of(kvm), 0);
	put_vm(kvm);
	ASSERT_TRUE(nothing_left());
}

/*
 * Every sub-command outside @allowed (bits KVM_CCA_MIG_*) fails with
 * -EBUSY in the current state, before its arguments are looked at; START
 * too, since a migration exists. STATUS is always allowed.
 */
static bool refused_except(struct kvm *kvm, u32 allowed)
{
	static const u8 nonce[KVM_CCA_MIG_NONCE_SIZE] = { 1 };
	union cca_mig_args a;
	u8 blob[UHM_KEY_BLOB_LEN] = { 0 };
	u32 cmd, state = status(kvm).state;
	long ret;

	start_args(&a.start, KVM_CCA_MIG_ROLE_SOURCE, blob, nonce);
	if (mig(kvm, KVM_CCA_MIG_START, &a.start) != -EBUSY) {
		printf("# START allowed in state %u\n", state);
		return false;
	}
	for (cmd = KVM_CCA_MIG_STREAM_FD; cmd < KVM_CCA_MIG_STATUS; cmd++) {
		bool none = cmd == KVM_CCA_MIG_PAUSE ||
			    cmd == KVM_CCA_MIG_FINISH;

		if (allowed & BIT(cmd))
			continue;
		memset(&a, 0, sizeof(a));
		ret = mig(kvm, cmd, none ? NULL : &a);
		if (ret != -EBUSY) {
			printf("# sub-command %u in state %u: %ld\n", cmd,
			       state, ret);
			return false;
		}
	}
	return status(kvm).state == state;
}

#define ALLOW(x)	BIT(KVM_CCA_MIG_##x)

/* ---------------------------------------------------------------------- */
/* A source migration: states, arguments, stream                          */

struct pair {
	struct kvm *src, *dst;
	struct keys keys;
	u8 nonce[KVM_CCA_MIG_NONCE_SIZE];
	int sfd, dfd;
};

/*
 * A source running @guest (run for @warmup entries) and a destination,
 * both started, with their stream fds (the source's non-blocking).
 */
static bool make_pair(struct pair *p, const char *guest, unsigned int nr_recs,
		      unsigned long warmup)
{
	struct run_result r = { 0 };
	int ret;

	memset(p, 0, sizeof(*p));
	p->sfd = -1;
	p->dfd = -1;
	p->src = boot_vm(guest, nr_recs);
	p->dst = new_vm(nr_recs);
	if (!p->src || !p->dst)
		return false;
	ret = run_some(p->src, warmup, &r);
	if (ret && ret != -ETIME) {
		printf("# warmup: %d\n", ret);
		return false;
	}
	if (!make_keys(p->src, SID, &p->keys))
		return false;
	ret = start_dst(p->dst, &p->keys, p->nonce);
	if (ret) {
		printf("# START destination: %d (rmi %#llx)\n", ret,
		       (unsigned long long)last_rmi);
		return false;
	}
	/* RECs after the import-mode RD, as KVM finalizes vCPUs. */
	ret = kvm_shim_finalize_vcpus(p->dst);
	if (ret) {
		printf("# finalize destination: %d\n", ret);
		return false;
	}
	ret = start_src(p->src, &p->keys, p->nonce);
	if (ret) {
		printf("# START source: %d (rmi %#llx)\n", ret,
		       (unsigned long long)last_rmi);
		return false;
	}
	p->sfd = stream_fd(p->src, KVM_CCA_MIG_FD_NONBLOCK |
			   KVM_CCA_MIG_FD_CLOEXEC);
	p->dfd = stream_fd(p->dst, KVM_CCA_MIG_FD_CLOEXEC);
	fds[0] = p->sfd;
	fds[1] = p->dfd;
	return p->sfd >= 0 && p->dfd >= 0;
}

static void close_pair(struct pair *p)
{
	if (p->sfd >= 0)
		shim_fd_close(p->sfd);
	if (p->dfd >= 0)
		shim_fd_close(p->dfd);
	p->sfd = -1;
	p->dfd = -1;
	fds[0] = -1;
	fds[1] = -1;
	if (p->src)
		put_vm(p->src);
	if (p->dst)
		put_vm(p->dst);
	p->src = NULL;
	p->dst = NULL;
}

static u64 ram_base(struct kvm *kvm)
{
	return kvm->shim->cfg.ram_base;
}

static void test_start_source_status(void)
{
	struct kvm_cca_mig_status st;
	struct kvm_cca_mig_start s;
	struct cca_event ev;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));

	st = status(p.src);
	ASSERT_EQ(st.state, KVM_CCA_MIG_STATE_SRC_PRECOPY);
	ASSERT_EQ(st.role, KVM_CCA_MIG_ROLE_SOURCE);
	ASSERT_EQ(st.fw_state, RMI_MIG_STATE_SRC_PRECOPY);
	/* stream header and realm record, queued by START */
	ASSERT_EQ(st.queued, sizeof(struct cca_mig_stream_hdr) +
		  sizeof(struct cca_mig_rec_hdr) + KVM_CCA_MIG_REALM_BLOB_LEN);
	ASSERT_EQ(st.bytes, st.queued);
	ASSERT_GT(st.fw_calls, 2);
	ASSERT_GT(st.fw_time_ns, 0);
	ASSERT_EQ(st.errors, 0);
	st = status(p.dst);
	ASSERT_EQ(st.state, KVM_CCA_MIG_STATE_DST_OPEN);
	ASSERT_EQ(st.role, KVM_CCA_MIG_ROLE_DESTINATION);
	ASSERT_EQ(st.fw_state, RMI_MIG_STATE_DST_OPEN);

	/* One migration at a time, one stream per migration. */
	start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, p.keys.src, p.nonce);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_START, &s), -EBUSY);
	ASSERT_EQ(stream_fd(p.src, 0), -EBUSY);
	ASSERT_EQ(stream_fd(p.dst, 0), -EBUSY);
	/* One direction per fd: the source's is read-only, ... */
	{
		struct file *f = fget(p.sfd);
		struct kiocb kio = { .ki_filp = f };
		struct iov_iter it;

		ASSERT_EQ(f->f_mode & (FMODE_READ | FMODE_WRITE), FMODE_READ);
		iov_iter_ubuf(&it, ITER_SOURCE, "x", 1);
		ASSERT_EQ(f->f_op->write_iter(&kio, &it), -EBADF);
		fput(f);
		f = fget(p.dfd);
		kio.ki_filp = f;
		ASSERT_EQ(f->f_mode & (FMODE_READ | FMODE_WRITE),
			  FMODE_WRITE);
		iov_iter_ubuf(&it, ITER_DEST, &st, 1);
		ASSERT_EQ(f->f_op->read_iter(&kio, &it), -EBADF);
		fput(f);
	}

	/* The destination cannot run; the source runs during pre-copy. */
	ASSERT_EQ(kvm_shim_vcpu_run(p.dst->vcpus[0], &ev, 10), -EBUSY);
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* Every sub-command in a state that refuses it: -EBUSY, nothing changes. */
static void test_state_machine(void)
{
	struct kvm_cca_mig_import_ram ir = { 0 };
	struct kvm_cca_mig_export_ram er = { 0 };
	struct kvm_cca_mig_dirty_log dl = { 0 };
	struct kvm_cca_mig_rec rc = { 0 };
	struct kvm_cca_mig_status st;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));

	/* SRC_PRECOPY */
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_IMPORT_RAM, &ir), -EBUSY);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), -EBUSY);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_LOAD_REC, &rc), -EBUSY);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_FINISH, NULL), -EBUSY);
	/* DST_OPEN */
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_EXPORT_RAM, &er), -EBUSY);
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_GET_DIRTY_LOG, &dl), -EBUSY);
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_PAUSE, NULL), -EBUSY);
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_SAVE_REC, &rc), -EBUSY);
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_LOAD_REC, &rc), -EBUSY);
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_FINISH, NULL), -EBUSY);

	/* SRC_PAUSED */
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_PAUSE, NULL), 0);
	ASSERT_TRUE(refused_except(p.src, ALLOW(EXPORT_RAM) |
				   ALLOW(GET_DIRTY_LOG) | ALLOW(SAVE_REC) |
				   ALLOW(FINISH) | ALLOW(ABORT)));
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_PAUSE, NULL), -EBUSY);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_IMPORT_RAM, &ir), -EBUSY);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_LOAD_REC, &rc), -EBUSY);
	st = status(p.src);
	ASSERT_EQ(st.state, KVM_CCA_MIG_STATE_SRC_PAUSED);
	ASSERT_EQ(st.fw_state, RMI_MIG_STATE_SRC_PAUSED);
	{
		struct cca_event ev;

		/* paused: KVM_RUN refuses with -EBUSY */
		ASSERT_EQ(kvm_shim_vcpu_run(p.src->vcpus[0], &ev, 10),
			  -EBUSY);
	}
	/* FINISH before every REC is saved: the firmware refuses. */
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_FINISH, NULL), -EIO);
	ASSERT_EQ(RMI_RETURN_STATUS(last_rmi), RMI_ERROR_REC);
	ASSERT_EQ(status(p.src).state, KVM_CCA_MIG_STATE_SRC_PAUSED);

	/* An abort from SRC_PAUSED resumes the realm, which then finishes. */
	{
		struct kvm_cca_mig_abort ab = { 0 };

		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	}
	ASSERT_EQ(status(p.src).state, KVM_CCA_MIG_STATE_NONE);
	ASSERT_TRUE(still_runs(p.src));
	/* and a new migration could start */
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_PAUSE, NULL), -EBUSY);
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* EXPORT_RAM and GET_DIRTY_LOG: one bad field per case. */
static void test_export_matrix(void)
{
	u64 bitmap[TEST_RAM_PAGES / 64];
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_dirty_log d;
	struct kvm_cca_mig_abort ab = { 0 };
	u64 base, prot_top;
	struct pair p;
	unsigned int i;

	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	base = ram_base(p.src);
	prot_top = 1ULL << (kvm_rmi_mig_ipa_bits(p.src) - 1);

#define BAD_EXPORT(reason, change, err)					\
	do {								\
		a = (struct kvm_cca_mig_export_ram){			\
			.gpa = base, .npages = 1 };			\
		change;							\
		int __err = (err);					\
		if (mig(p.src, KVM_CCA_MIG_EXPORT_RAM, &a) != __err)	\
			TEST_FAIL("EXPORT_RAM with %s: not %d", reason, __err); \
	} while (0)

	BAD_EXPORT("unknown flag", a.flags = 2, -EINVAL);
	BAD_EXPORT("pad", a.pad = 1, -EINVAL);
	for (i = 0; i < ARRAY_SIZE(a.reserved); i++)
		BAD_EXPORT("reserved", a.reserved[i] = 1, -EINVAL);
	BAD_EXPORT("unaligned gpa", a.gpa = base + 8, -EINVAL);
	BAD_EXPORT("no pages and no epoch", a.npages = 0, -EINVAL);
	BAD_EXPORT("unprotected gpa", a.gpa = prot_top, -EINVAL);
	BAD_EXPORT("range past the protected space",
		   (a.gpa = prot_top - PAGE_SIZE, a.npages = 2), -EINVAL);
	BAD_EXPORT("overflowing range", a.npages = U64_MAX, -EINVAL);
	shim_fail_uaccess_nth(3);
	BAD_EXPORT("unreadable bitmap", a.bitmap = (u64)(uintptr_t)bitmap,
		   -EFAULT);
	shim_fail_uaccess_nth(0);
	ASSERT_EQ(status(p.src).pages, 0);
#undef BAD_EXPORT

#define BAD_LOG(reason, change, err)					\
	do {								\
		d = (struct kvm_cca_mig_dirty_log){			\
			.num_pages = TEST_RAM_PAGES,			\
			.dirty_bitmap = (u64)(uintptr_t)bitmap };	\
		change;							\
		int __err = (err);					\
		if (mig(p.src, KVM_CCA_MIG_GET_DIRTY_LOG, &d) != __err)	\
			TEST_FAIL("GET_DIRTY_LOG with %s: not %d", reason, __err); \
	} while (0)

	BAD_LOG("flags", d.flags = 1, -EINVAL);
	for (i = 0; i < ARRAY_SIZE(d.reserved); i++)
		BAD_LOG("reserved", d.reserved[i] = 1, -EINVAL);
	BAD_LOG("address space 1", d.slot = 1 << 16, -EINVAL);
	BAD_LOG("no such slot", d.slot = 7, -EINVAL);
	BAD_LOG("first page not a multiple of 64", d.first_page = 1,
		-EINVAL);
	BAD_LOG("no pages", d.num_pages = 0, -EINVAL);
	BAD_LOG("past the slot", d.first_page = 64, -EINVAL);
	BAD_LOG("first page past the slot", d.first_page = TEST_RAM_PAGES,
		-EINVAL);
	BAD_LOG("num_pages not a multiple of 64", d.num_pages = 65, -EINVAL);
	shim_fail_uaccess_nth(3);
	BAD_LOG("unwritable bitmap", (void)0, -EFAULT);
	shim_fail_uaccess_nth(0);
	/* valid: a slot's tail of a multiple of 64 and the whole slot */
	BAD_LOG("the last 64 pages", (d.first_page = TEST_RAM_PAGES - 64,
				      d.num_pages = 64), 0);
	BAD_LOG("the whole slot", (void)0, 0);
#undef BAD_LOG

	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* SAVE_REC, LOAD_REC, ABORT, STREAM_FD: one bad field per case. */
static void test_rec_abort_fd_matrix(void)
{
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	u8 blob[KVM_CCA_MIG_REC_BLOB_LEN] = { 0 };
	struct kvm_cca_mig_stream_fd sf;
	struct kvm_cca_mig_abort ab;
	struct kvm_cca_mig_rec rc;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_PAUSE, NULL), 0);

	rc = (struct kvm_cca_mig_rec){ .flags = 1 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), -EINVAL);
	rc = (struct kvm_cca_mig_rec){ .reserved[2] = 1 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), -EINVAL);
	rc = (struct kvm_cca_mig_rec){ .blob = 1 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), -EINVAL);
	rc = (struct kvm_cca_mig_rec){ .vcpu_id = 1 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), -EINVAL);
	/* the first valid one works, the second is refused by the RMM */
	rc = (struct kvm_cca_mig_rec){ 0 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), 0);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), -EIO);
	ASSERT_EQ(RMI_RETURN_STATUS(last_rmi), RMI_ERROR_REC);
	ASSERT_EQ(status(p.src).recs, 1);

	/* LOAD_REC on the destination: DST_OPEN refuses it */
	rc = (struct kvm_cca_mig_rec){ .blob = (u64)(uintptr_t)blob,
				       .blob_len = sizeof(blob) };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_LOAD_REC, &rc), -EBUSY);

	/* STREAM_FD (a second one is -EBUSY anyway: arguments first) */
	sf = (struct kvm_cca_mig_stream_fd){ .flags = 4 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_STREAM_FD, &sf), -EBUSY);

	/* ABORT on the destination needs a buffer for the token */
	ab = (struct kvm_cca_mig_abort){ .flags = 1,
		.token = (u64)(uintptr_t)token, .token_len = sizeof(token) };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_ABORT, &ab), -EINVAL);
	ab = (struct kvm_cca_mig_abort){ .reserved[3] = 1,
		.token = (u64)(uintptr_t)token, .token_len = sizeof(token) };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_ABORT, &ab), -EINVAL);
	ab = (struct kvm_cca_mig_abort){ .token_len = sizeof(token) };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_ABORT, &ab), -EINVAL);
	ab = (struct kvm_cca_mig_abort){ .token = (u64)(uintptr_t)token,
					 .token_len = sizeof(token) - 1 };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_ABORT, &ab), -EINVAL);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_OPEN);

	/* source abort: flags checked; then it resumes */
	ab = (struct kvm_cca_mig_abort){ .flags = 1 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), -EINVAL);
	ASSERT_EQ(status(p.src).state, KVM_CCA_MIG_STATE_SRC_PAUSED);
	ab = (struct kvm_cca_mig_abort){ 0 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* ---------------------------------------------------------------------- */
/* The stream                                                              */

/* The source's stream: header, records, framing, poll, EOF. */
static void test_stream_source_framing(void)
{
	struct cca_mig_stream_hdr sh;
	struct cca_mig_rec_hdr rh;
	struct kvm_cca_mig_abort ab = { 0 };
	u8 buf[2 * KVM_CCA_MIG_REALM_BLOB_LEN];
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));

	ASSERT_EQ(shim_fd_poll(p.sfd, EPOLLIN, 0) & EPOLLIN, EPOLLIN);
	ASSERT_EQ(shim_fd_read(p.sfd, &sh, sizeof(sh)), sizeof(sh));
	ASSERT_EQ(sh.magic, CCA_MIG_STREAM_MAGIC);
	ASSERT_EQ(sh.version, CCA_MIG_STREAM_VERSION);
	ASSERT_EQ(sh.hdr_len, sizeof(sh));
	ASSERT_EQ(sh.page_size, 4096);
	ASSERT_EQ(sh.session_id, SID);
	ASSERT_EQ(sh.max_record, CCA_MIG_REC_MAX_LEN);
	ASSERT_EQ(sh.flags, 0);
	/* a record header read in two pieces */
	ASSERT_EQ(shim_fd_read(p.sfd, &rh, 3), 3);
	ASSERT_EQ(shim_fd_read(p.sfd, (u8 *)&rh + 3, sizeof(rh) - 3),
		  sizeof(rh) - 3);
	ASSERT_EQ(rh.type, CCA_MIG_REC_REALM);
	ASSERT_EQ(rh.flags, 0);
	ASSERT_EQ(rh.length, KVM_CCA_MIG_REALM_BLOB_LEN);
	/* the firmware blob, unchanged: its own header says REALM */
	ASSERT_EQ(shim_fd_read(p.sfd, buf, 10), 10);
	ASSERT_EQ(status(p.src).queued, KVM_CCA_MIG_REALM_BLOB_LEN - 10);
	/* Abort now: the part read stays whole, then ABORT, then EOF. */
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_EQ(shim_fd_read(p.sfd, buf + 10, sizeof(buf) - 10),
		  KVM_CCA_MIG_REALM_BLOB_LEN - 10 + sizeof(rh));
	memcpy(&rh, buf + KVM_CCA_MIG_REALM_BLOB_LEN, sizeof(rh));
	ASSERT_EQ(rh.type, CCA_MIG_REC_ABORT);
	ASSERT_EQ(rh.length, 0);
	ASSERT_EQ(((struct rmi_mig_hdr *)buf)->type, RMI_MIG_BLOB_REALM);
	ASSERT_EQ(shim_fd_read(p.sfd, buf, sizeof(buf)), 0);
	ASSERT_TRUE(shim_fd_poll(p.sfd, EPOLLIN, 0) & EPOLLHUP);
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/*
 * Feed @len bytes to the destination, expect @err (and DST_FAILED, and
 * -EPIPE on the next write) or success.
 */
static bool feed(struct pair *p, const void *bytes, size_t len, int err)
{
	ssize_t n = shim_fd_write(p->dfd, bytes, len);

	if (err) {
		if (n != err) {
			printf("# write: %zd, want %d\n", n, err);
			return false;
		}
		if (status(p->dst).state != KVM_CCA_MIG_STATE_DST_FAILED) {
			printf("# not DST_FAILED\n");
			return false;
		}
		return shim_fd_write(p->dfd, bytes, len) == -EPIPE;
	}
	if (n != (ssize_t)len) {
		printf("# write: %zd, want %zu\n", n, len);
		return false;
	}
	return true;
}

/* After a failed import: the abort token, twice the same; then teardown. */
static bool abort_dst(struct pair *p)
{
	u8 t1[KVM_CCA_MIG_ABORT_TOKEN_LEN + 8], t2[sizeof(t1)];
	struct kvm_cca_mig_abort ab = {
		.token = (u64)(uintptr_t)t1, .token_len = sizeof(t1),
	};

	if (mig(p->dst, KVM_CCA_MIG_ABORT, &ab) ||
	    ab.token_len != KVM_CCA_MIG_ABORT_TOKEN_LEN)
		return false;
	ab.token = (u64)(uintptr_t)t2;
	if (mig(p->dst, KVM_CCA_MIG_ABORT, &ab))
		return false;
	if (memcmp(t1, t2, KVM_CCA_MIG_ABORT_TOKEN_LEN))
		return false;
	return status(p->dst).state == KVM_CCA_MIG_STATE_DST_ABORTED;
}

static void good_stream_hdr(struct cca_mig_stream_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->magic = CCA_MIG_STREAM_MAGIC;
	h->version = CCA_MIG_STREAM_VERSION;
	h->hdr_len = sizeof(*h);
	h->page_size = 4096;
	h->session_id = SID;
	h->max_record = CCA_MIG_REC_MAX_LEN;
}

struct reader {
	int fd;
	long first, total;
	int eof;
};

/* Blocking reads until end of file. */
static void *read_thread(void *arg)
{
	static u8 buf[1 << 16];
	struct reader *rd = arg;
	long n;

	while ((n = shim_fd_read(rd->fd, buf, sizeof(buf))) > 0) {
		if (!rd->first)
			rd->first = n;
		rd->total += n;
	}
	WRITE_ONCE(rd->eof, n == 0 ? 1 : (int)n);
	return NULL;
}

/* A blocking reader sleeps until records come, and sees the end. */
static void test_stream_blocking_read(void)
{
	struct kvm_cca_mig_abort ab = { 0 };
	struct reader rd = { 0 };
	unsigned int i;
	struct file *f;
	u8 buf[1024];
	pthread_t t;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	/* drain the header and the realm record, then block */
	ASSERT_EQ(shim_fd_read(p.sfd, buf, sizeof(buf)),
		  64 + 8 + KVM_CCA_MIG_REALM_BLOB_LEN);
	ASSERT_EQ(shim_fd_read(p.sfd, buf, sizeof(buf)), -EAGAIN);
	ASSERT_EQ(shim_fd_poll(p.sfd, EPOLLIN, 0), 0);
	f = fget(p.sfd);
	f->f_flags &= ~O_NONBLOCK;
	fput(f);
	rd.fd = p.sfd;
	ASSERT_EQ(pthread_create(&t, NULL, read_thread, &rd), 0);
	usleep(20000);
	ASSERT_EQ(READ_ONCE(rd.eof), 0);
	/* one state-only page: 8 + 8 + 64 bytes wake the reader */
	ASSERT_EQ(export_range(p.src, ram_base(p.src) + TEST_RAM_SIZE, 1, NULL,
			       0, NULL), 0);
	for (i = 0; i < 500 && READ_ONCE(rd.total) < 8 + 8 + 64; i++)
		usleep(2000);
	/* the source aborts: an ABORT record, then end of file */
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	pthread_join(t, NULL);
	ASSERT_EQ(rd.eof, 1);
	ASSERT_EQ(rd.total, 8 + 8 + 64 + 8);
	ASSERT_TRUE(shim_fd_poll(p.sfd, EPOLLIN, 0) & EPOLLHUP);
	/* the destination's fd is writable until its stream fails */
	ASSERT_EQ(shim_fd_poll(p.dfd, EPOLLOUT, 0), EPOLLOUT);
	ASSERT_TRUE(feed(&p, buf, 4, 0));
	buf[4] ^= 0xff;		/* the version */
	ASSERT_TRUE(feed(&p, buf + 4, 60, -EBADMSG));
	ASSERT_TRUE(shim_fd_poll(p.dfd, EPOLLOUT, 0) & EPOLLERR);
	ASSERT_TRUE(abort_dst(&p));
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* Bad stream headers: each is fatal, with its errno. */
static void test_parser_stream_hdr(void)
{
	static const struct {
		const char *reason;
		size_t off, size;
		u64 val;
		int err;
	} cases[] = {
		{ "magic", 0, 4, 0x12345678, -EBADMSG },
		{ "version", 4, 2, 2, -EBADMSG },
		{ "hdr_len", 6, 2, 63, -EBADMSG },
		{ "flags", 8, 4, 1, -EBADMSG },
		{ "page_size", 12, 4, 65536, -EBADMSG },
		{ "session_id", 16, 8, SID + 1, -EBADMSG },
		{ "max_record", 24, 4, CCA_MIG_REC_MAX_LEN + 1, -EMSGSIZE },
		{ "reserved0", 28, 4, 1, -EBADMSG },
		{ "reserved", 56, 8, 1, -EBADMSG },
	};
	struct cca_mig_stream_hdr h;
	unsigned int i;
	struct pair p;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
		good_stream_hdr(&h);
		memcpy((u8 *)&h + cases[i].off, &cases[i].val, cases[i].size);
		if (!feed(&p, &h, sizeof(h), cases[i].err))
			TEST_FAIL("stream header with bad %s", cases[i].reason);
		ASSERT_TRUE(abort_dst(&p));
		ASSERT_TRUE(still_runs(p.src));
		close_pair(&p);
		ASSERT_TRUE(nothing_left());
	}
}

/* Bad record headers after a good stream header and realm record. */
static void test_parser_records(void)
{
	static const struct {
		const char *reason;
		bool after_realm;
		u16 type, flags;
		u32 length;
		int err;
	} cases[] = {
		{ "type 0", false, 0, 0, 0, -EBADMSG },
		{ "type 7", false, 7, 0, 0, -EBADMSG },
		{ "flags", false, CCA_MIG_REC_REALM, 1, 0x180, -EBADMSG },
		{ "pages before the realm", false, CCA_MIG_REC_PAGES, 0, 8,
		  -EBADMSG },
		{ "epoch before the realm", false, CCA_MIG_REC_EPOCH, 0, 0x80,
		  -EBADMSG },
		{ "short realm", false, CCA_MIG_REC_REALM, 0, 0x17f,
		  -EBADMSG },
		{ "oversized", false, CCA_MIG_REC_PAGES, 0, 0x7fffffff,
		  -EMSGSIZE },
		{ "just too large", false, CCA_MIG_REC_PAGES, 0,
		  CCA_MIG_REC_MAX_LEN - 8 + 1, -EMSGSIZE },
		{ "second realm", true, CCA_MIG_REC_REALM, 0, 0x180,
		  -EBADMSG },
		{ "long epoch", true, CCA_MIG_REC_EPOCH, 0, 0x81, -EBADMSG },
		{ "short rec", true, CCA_MIG_REC_REC, 0, 0x93f, -EBADMSG },
		{ "long end", true, CCA_MIG_REC_END, 0, 0x181, -EBADMSG },
		{ "abort with a payload", true, CCA_MIG_REC_ABORT, 0, 0x80,
		  -EBADMSG },
		{ "pages without a head", true, CCA_MIG_REC_PAGES, 0, 4,
		  -EBADMSG },
	};
	struct cca_mig_rec_hdr rh;
	unsigned int i;
	struct pair p;
	u8 *stream;
	long n;

	stream = malloc(1 << 16);
	ASSERT_TRUE(stream);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
		/* the source's own header and realm record */
		n = shim_fd_read(p.sfd, stream, 1 << 16);
		if (cases[i].after_realm) {
			ASSERT_TRUE(feed(&p, stream, n, 0));
			ASSERT_EQ(status(p.dst).state,
				  KVM_CCA_MIG_STATE_DST_IMPORTING);
		} else {
			ASSERT_TRUE(feed(&p, stream,
					 sizeof(struct cca_mig_stream_hdr), 0));
		}
		rh = (struct cca_mig_rec_hdr){ .type = cases[i].type,
					       .flags = cases[i].flags,
					       .length = cases[i].length };
		if (!feed(&p, &rh, sizeof(rh), cases[i].err))
			TEST_FAIL("record with %s", cases[i].reason);
		/* no payload byte was taken: the rest is refused */
		ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_FAILED);
		ASSERT_TRUE(abort_dst(&p));
		ASSERT_TRUE(still_runs(p.src));
		close_pair(&p);
		ASSERT_TRUE(nothing_left());
	}
	free(stream);
}

/* PAGES heads and headers that do not match the record length. */
static void test_parser_pages(void)
{
	static const struct {
		const char *reason;
		u32 count, nr_data, length;
		bool has_data;
	} cases[] = {
		{ "count 0", 0, 0, 8, false },
		{ "count 513", 513, 0, 8 + 513 * 64, false },
		{ "more data than records", 1, 2, 8 + 64 + 2 * 4096, true },
		{ "length too short", 2, 0, 8 + 64, false },
		{ "length too long", 1, 0, 8 + 64 + 1, false },
		{ "HAS_DATA without a page", 1, 0, 8 + 64, true },
		{ "a page without HAS_DATA", 1, 1, 8 + 64 + 4096, false },
	};
	struct cca_mig_rec_hdr rh;
	struct cca_mig_pages ph;
	struct rmi_mig_hdr mh;
	unsigned int i;
	struct pair p;
	u8 *stream;
	long n;

	stream = malloc(1 << 16);
	ASSERT_TRUE(stream);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
		n = shim_fd_read(p.sfd, stream, 1 << 16);
		ASSERT_TRUE(feed(&p, stream, n, 0));
		rh = (struct cca_mig_rec_hdr){ .type = CCA_MIG_REC_PAGES,
					       .length = cases[i].length };
		ASSERT_TRUE(feed(&p, &rh, sizeof(rh), 0));
		ph = (struct cca_mig_pages){ .count = cases[i].count,
					     .nr_data = cases[i].nr_data };
		if (cases[i].count == 0 || cases[i].count > 512 ||
		    cases[i].nr_data > cases[i].count ||
		    cases[i].length != 8 + cases[i].count * 64 +
				       cases[i].nr_data * 4096) {
			if (!feed(&p, &ph, sizeof(ph), -EBADMSG))
				TEST_FAIL("PAGES with %s", cases[i].reason);
		} else {
			ASSERT_TRUE(feed(&p, &ph, sizeof(ph), 0));
			memset(&mh, 0, sizeof(mh));
			if (cases[i].has_data)
				mh.flags = RMI_MIG_HDR_FLAG_HAS_DATA;
			if (!feed(&p, &mh, sizeof(mh), -EBADMSG))
				TEST_FAIL("PAGES with %s", cases[i].reason);
		}
		ASSERT_TRUE(abort_dst(&p));
		ASSERT_TRUE(still_runs(p.src));
		close_pair(&p);
		ASSERT_TRUE(nothing_left());
	}
	free(stream);
}

/* A blob the firmware rejects: -EIO, DST_FAILED, rmi status kept. */
static void test_parser_tampered_blob(void)
{
	struct pair p;
	u8 *stream;
	long n;

	stream = malloc(1 << 16);
	ASSERT_TRUE(stream);
	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	n = shim_fd_read(p.sfd, stream, 1 << 16);
	ASSERT_EQ(n, 64 + 8 + 0x180);
	/* flip a byte of the realm blob's ciphertext */
	stream[64 + 8 + 0x100] ^= 1;
	ASSERT_TRUE(feed(&p, stream, n, -EIO));
	ASSERT_EQ(status(p.dst).last_rmi_status & 0xff, RMI_ERROR_MIG);
	ASSERT_EQ(status(p.dst).fw_state, RMI_MIG_STATE_DST_FAILED);
	ASSERT_TRUE(abort_dst(&p));
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
	free(stream);
}

/* The ring is bounded: a VMM that does not read gets -ENOSPC. */
static void test_stream_enospc(void)
{
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_abort ab = { 0 };
	unsigned int i;
	struct pair p;
	u64 part;
	u8 *buf;

	populate_all = true;
	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	populate_all = false;
	/* 8 MiB: three full batches, and part of a fourth */
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(export_range(p.src, ram_base(p.src), 512, NULL, 0,
				       &a), 0);
		ASSERT_EQ(a.done, 512);
		ASSERT_EQ(a.exported, 512);
	}
	ASSERT_EQ(export_range(p.src, ram_base(p.src), 512, NULL, 0, &a), 0);
	ASSERT_GT(a.done, 0);
	ASSERT_LT(a.done, 512);
	ASSERT_EQ(a.exported, a.done);
	part = a.done;
	/* full: not one page fits */
	ASSERT_EQ(export_range(p.src, ram_base(p.src), 512, NULL, 0, &a),
		  -ENOSPC);
	ASSERT_EQ(a.done, 0);
	ASSERT_EQ(a.exported, 0);
	ASSERT_GT(status(p.src).queued, CCA_MIG_RING_SIZE - PAGE_SIZE -
		  CCA_MIG_PAD_MAX);
	/* reading makes room */
	buf = malloc(1 << 16);
	ASSERT_TRUE(buf);
	while (shim_fd_read(p.sfd, buf, 1 << 16) > 0)
		;
	free(buf);
	ASSERT_EQ(status(p.src).queued, 0);
	ASSERT_EQ(export_range(p.src, ram_base(p.src), 512, NULL, 0, &a), 0);
	ASSERT_EQ(a.done, 512);
	ASSERT_EQ(status(p.src).pages, 4 * 512 + part);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* A bitmap export meets a full ring: it resumes at a word boundary. */
static void test_export_bitmap_resume(void)
{
	static u64 bitmap[2048 / 64];
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_abort ab = { 0 };
	u64 done, exported;
	unsigned int i;
	struct pair p;
	u8 *buf;

	populate_all = true;
	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	populate_all = false;
	/* every page but the first 32 */
	for (i = 0; i < ARRAY_SIZE(bitmap); i++)
		bitmap[i] = ~0ULL;
	bitmap[0] = 0xffffffff00000000ULL;
	/* three full batches queued: room for part of one more */
	for (i = 0; i < 3; i++)
		ASSERT_EQ(export_range(p.src, ram_base(p.src), 512, NULL, 0,
				       &a), 0);
	ASSERT_EQ(export_range(p.src, ram_base(p.src), 2048, bitmap, 0, &a),
		  0);
	/* pages from 32 on went; done is rounded down to a whole word */
	ASSERT_GT(a.exported, 0);
	ASSERT_LT(a.exported, 512 - 32);
	ASSERT_EQ(a.done, (32 + a.exported) / 64 * 64);
	done = a.done;
	exported = a.exported;
	buf = malloc(1 << 16);
	ASSERT_TRUE(buf);
	while (shim_fd_read(p.sfd, buf, 1 << 16) > 0)
		;
	free(buf);
	ASSERT_EQ(export_range(p.src, ram_base(p.src) + done * PAGE_SIZE,
			       2048 - done, bitmap + done / 64, 0, &a), 0);
	ASSERT_EQ(a.done, 2048 - done);
	ASSERT_EQ(a.exported, 2048 - done);
	/* pages done..32 + exported went twice: harmless, and counted */
	ASSERT_EQ(status(p.src).pages, 3 * 512 + exported + 2048 - done);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* ---------------------------------------------------------------------- */
/* End to end                                                              */

/* Pre-copy: export everything, then @rounds dirty rounds while it runs. */
static bool precopy(struct pair *p, unsigned int rounds, unsigned long run,
		    size_t chunk, u64 *pages_per_round)
{
	u64 bitmap[TEST_RAM_PAGES / 64];
	u64 base = ram_base(p->src), pos = 0;
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_dirty_log d;
	struct run_result r = { 0 };
	unsigned int round;
	long ret;

	/* round 0: every page, in as many calls as the queue allows */
	while (pos < TEST_RAM_PAGES) {
		ret = export_range(p->src, base + (pos << PAGE_SHIFT),
				   TEST_RAM_PAGES - pos, NULL,
				   KVM_CCA_MIG_EXPORT_END_EPOCH, &a);
		if (ret && ret != -ENOSPC)
			return false;
		pos += a.done;
		if (pump(p->sfd, p->dfd, chunk) < 0)
			return false;
	}
	pages_per_round[0] = TEST_RAM_PAGES;

	for (round = 1; round <= rounds; round++) {
		/* run == 0: the realm runs on another thread */
		ret = run ? run_some(p->src, run, &r) : 0;
		if ((ret && ret != -ETIME) || r.failed)
			return false;
		d = (struct kvm_cca_mig_dirty_log){
			.num_pages = TEST_RAM_PAGES,
			.dirty_bitmap = (u64)(uintptr_t)bitmap };
		if (mig(p->src, KVM_CCA_MIG_GET_DIRTY_LOG, &d))
			return false;
		pages_per_round[round] = d.nr_dirty;
		if (export_range(p->src, base, TEST_RAM_PAGES, bitmap,
				 KVM_CCA_MIG_EXPORT_END_EPOCH, &a) ||
		    a.done != TEST_RAM_PAGES || a.exported != d.nr_dirty)
			return false;
		if (pump(p->sfd, p->dfd, chunk) < 0)
			return false;
	}
	return true;
}

/* Stop and copy: pause, last dirty set, every REC, the end record. */
static bool stop_and_copy(struct pair *p, size_t chunk)
{
	u64 bitmap[TEST_RAM_PAGES / 64];
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_dirty_log d = {
		.num_pages = TEST_RAM_PAGES,
		.dirty_bitmap = (u64)(uintptr_t)bitmap,
	};
	struct kvm_cca_mig_rec rc = { 0 };
	unsigned int i, nr = atomic_read(&p->src->online_vcpus);

	if (mig(p->src, KVM_CCA_MIG_PAUSE, NULL) ||
	    mig(p->src, KVM_CCA_MIG_GET_DIRTY_LOG, &d) ||
	    export_range(p->src, ram_base(p->src), TEST_RAM_PAGES, bitmap, 0,
			 &a))
		return false;
	for (i = 0; i < nr; i++) {
		rc.vcpu_id = i;
		if (mig(p->src, KVM_CCA_MIG_SAVE_REC, &rc))
			return false;
	}
	if (mig(p->src, KVM_CCA_MIG_FINISH, NULL)) {
		printf("# FINISH: rmi %#llx\n", (unsigned long long)last_rmi);
		return false;
	}
	return pump(p->sfd, p->dfd, chunk) >= 0 &&
	       status(p->src).state == KVM_CCA_MIG_STATE_SRC_ENDED;
}

static void migrate_and_resume(unsigned int nr_recs, size_t chunk)
{
	struct run_result r = { 0 };
	struct kvm_cca_mig_status st;
	u64 pages[4] = { 0 };
	struct cca_event ev;
	struct pair p;
	unsigned int i;
	u8 byte;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", nr_recs, 2));
	ASSERT_TRUE(refused_except(p.src, ALLOW(EXPORT_RAM) |
				   ALLOW(GET_DIRTY_LOG) | ALLOW(PAUSE) |
				   ALLOW(ABORT)));
	ASSERT_TRUE(refused_except(p.dst, ALLOW(IMPORT_RAM) | ALLOW(ABORT)));
	ASSERT_TRUE(precopy(&p, 3, 2, chunk, pages));
	ASSERT_TRUE(refused_except(p.dst, ALLOW(IMPORT_RAM) |
				   ALLOW(LOAD_REC) | ALLOW(ABORT)));
	ASSERT_TRUE(stop_and_copy(&p, chunk));
	ASSERT_TRUE(refused_except(p.src, ALLOW(ABORT)));
	ASSERT_TRUE(refused_except(p.dst, ALLOW(FINISH)));
	printf("# pages per round: %llu %llu %llu %llu\n",
	       (unsigned long long)pages[0], (unsigned long long)pages[1],
	       (unsigned long long)pages[2], (unsigned long long)pages[3]);

	/* The source's stream ends; the destination imported all of it. */
	ASSERT_EQ(shim_fd_read(p.sfd, &byte, 1), 0);
	st = status(p.dst);
	ASSERT_EQ(st.state, KVM_CCA_MIG_STATE_DST_DONE);
	ASSERT_EQ(st.bytes, status(p.src).bytes);
	ASSERT_EQ(st.pages, status(p.src).pages);
	ASSERT_EQ(st.content_pages, status(p.src).content_pages);
	ASSERT_EQ(st.recs, nr_recs);
	ASSERT_EQ(st.epochs, 4);
	ASSERT_EQ(st.errors, 0);
	/* trailing bytes after the end record are refused */
	ASSERT_EQ(shim_fd_write(p.dfd, &byte, 1), -EPIPE);
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_FINISH, NULL), 0);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_NONE);

	/* The dead source: no run, no export, no second FINISH. */
	ASSERT_EQ(kvm_shim_vcpu_run(p.src->vcpus[0], &ev, 10), -EIO);
	ASSERT_EQ(export_range(p.src, ram_base(p.src), 1, NULL, 0, NULL),
		  -EBUSY);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_FINISH, NULL), -EBUSY);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_PAUSE, NULL), -EBUSY);

	/* The realm carries on at the destination and checks itself. */
	ASSERT_TRUE(run_to_done(p.dst, &r));
	for (i = 0; i < nr_recs; i++)
		ASSERT_EQ(r.stage2[i], 1);
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

static void test_e2e_one_rec(void)
{
	migrate_and_resume(1, 1 << 16);
}

static void test_e2e_two_recs_small_writes(void)
{
	/* 4093-byte writes: every boundary falls inside a header or page. */
	migrate_and_resume(2, 4093);
}

/* Abort after FINISH with the destination's token: the source resumes. */
static void test_e2e_abort_after_finish(void)
{
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct kvm_cca_mig_abort ab;
	struct run_result r = { 0 };
	u64 pages[4];
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	ASSERT_TRUE(precopy(&p, 1, 2, 1 << 16, pages));
	ASSERT_TRUE(stop_and_copy(&p, 1 << 16));
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_DONE);
	/* Done destinations cannot abort any more. */
	ab = (struct kvm_cca_mig_abort){ .token = (u64)(uintptr_t)token,
					 .token_len = sizeof(token) };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_ABORT, &ab), -EBUSY);
	close_pair(&p);
	ASSERT_TRUE(nothing_left());

	/* Again, but the destination aborts before it got the end record. */
	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	ASSERT_TRUE(precopy(&p, 1, 2, 1 << 16, pages));
	ASSERT_TRUE(abort_dst(&p));
	ASSERT_TRUE(stop_and_copy(&p, 1 << 16) == false);
	ASSERT_EQ(status(p.src).state, KVM_CCA_MIG_STATE_SRC_ENDED);
	/* without the token the ended source cannot resume */
	ab = (struct kvm_cca_mig_abort){ 0 };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), -EINVAL);
	/* a forged token is refused by the RMM */
	memset(token, 0, sizeof(token));
	ab = (struct kvm_cca_mig_abort){ .token = (u64)(uintptr_t)token,
					 .token_len = sizeof(token) };
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), -EIO);
	ASSERT_EQ(status(p.src).state, KVM_CCA_MIG_STATE_SRC_ENDED);
	/* the real one */
	ab = (struct kvm_cca_mig_abort){ .token = (u64)(uintptr_t)token,
					 .token_len = sizeof(token) };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_EQ(status(p.src).state, KVM_CCA_MIG_STATE_NONE);
	/* the source finishes exactly as an unmigrated run would */
	ASSERT_TRUE(run_to_done(p.src, &r));
	ASSERT_EQ(r.stage2[0], 1);
	ASSERT_EQ(r.stage2[1], 1);
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* The source gives up mid-stream: the destination sees ABORT. */
static void test_e2e_source_abort_record(void)
{
	struct kvm_cca_mig_abort ab = { 0 };
	struct run_result r = { 0 };
	u64 pages[4];
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	ASSERT_TRUE(precopy(&p, 1, 2, 1 << 16, pages));
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(pump(p.sfd, p.dfd, 1 << 16) > 0);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_ABORTED);
	ASSERT_TRUE(abort_dst(&p));
	ASSERT_TRUE(run_to_done(p.src, &r));
	ASSERT_EQ(r.stage2[0], 1);
	ASSERT_EQ(r.stage2[1], 1);
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* Resume @p's destination and check that the guest finished its work. */
static bool resume_dst(struct pair *p, unsigned int nr_recs)
{
	struct run_result r = { 0 };
	unsigned int i;

	if (status(p->dst).state != KVM_CCA_MIG_STATE_DST_DONE ||
	    mig(p->dst, KVM_CCA_MIG_FINISH, NULL) ||
	    !run_to_done(p->dst, &r))
		return false;
	for (i = 0; i < nr_recs; i++)
		if (r.stage2[i] != 1)
			return false;
	return true;
}

/*
 * Export across the end of RAM into unmapped IPA space: the firmware stops
 * part way for a missing RTT, which is created, and the batch goes on.
 */
static void test_export_partial_rtt(void)
{
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_abort ab = { 0 };
	u64 gpa;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	gpa = ram_base(p.src) + TEST_RAM_SIZE - 10 * PAGE_SIZE;
	ASSERT_EQ(export_range(p.src, gpa, 610, NULL, 0, &a), 0);
	ASSERT_EQ(a.done, 610);
	ASSERT_EQ(a.exported, 610);
	ASSERT_EQ(status(p.src).errors, 0);
	ASSERT_EQ(status(p.src).pages, 610);
	/* every record got through to the destination */
	ASSERT_GT(pump(p.sfd, p.dfd, 1 << 16), 610 * 64);
	ASSERT_EQ(status(p.dst).pages, 610);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_IMPORTING);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(pump(p.sfd, p.dfd, 1 << 16) > 0);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_ABORTED);
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* Exporting allocates nothing: no allocation can fail it. */
static void test_export_allocates_nothing(void)
{
	struct kvm_cca_mig_export_ram a;
	u64 pages[4];
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	shim_fail_alloc_nth(1);
	ASSERT_EQ(export_range(p.src, ram_base(p.src), TEST_RAM_PAGES, NULL,
			       0, &a), 0);
	shim_fail_alloc_nth(0);
	ASSERT_EQ(a.done, TEST_RAM_PAGES);
	ASSERT_EQ(a.exported, TEST_RAM_PAGES);
	ASSERT_TRUE(precopy(&p, 2, 2, 1 << 16, pages));
	ASSERT_TRUE(stop_and_copy(&p, 1 << 16));
	ASSERT_TRUE(resume_dst(&p, 2));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/*
 * The firmware refuses a page batch: the granules delegated for it are
 * given back (nothing stays delegated), the import is failed, the source
 * resumes after its abort.
 */
static void test_import_failure_rolls_back(void)
{
	struct kvm_cca_mig_abort ab = { 0 };
	unsigned long delegated;
	struct kvm_cca_mig_export_ram a;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	ASSERT_EQ(export_range(p.src, ram_base(p.src), TEST_RAM_PAGES, NULL,
			       0, &a), 0);
	/* The REALM record goes in; the PAGES record meets a refusal. */
	{
		static u8 buf[1 << 16];
		long n = shim_fd_read(p.sfd, buf,
				      64 + 8 + KVM_CCA_MIG_REALM_BLOB_LEN);

		ASSERT_EQ(n, 64 + 8 + KVM_CCA_MIG_REALM_BLOB_LEN);
		ASSERT_TRUE(feed(&p, buf, n, 0));
	}
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_IMPORTING);
	delegated = shim_model_granules_delegated();
	shim_model_inject_status(SMC_RMI_MIG_IMPORT_PAGES, RMI_ERROR_INPUT, 1);
	ASSERT_EQ(pump(p.sfd, p.dfd, 1 << 16), -EIO);
	/* the granules delegated for the batch were given back */
	ASSERT_EQ(shim_model_granules_delegated(), delegated);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_FAILED);
	ASSERT_EQ(status(p.dst).last_rmi_status, RMI_ERROR_INPUT);
	ASSERT_EQ(status(p.dst).pages, 0);
	ASSERT_TRUE(refused_except(p.dst, ALLOW(ABORT)));
	ASSERT_TRUE(abort_dst(&p));
	ASSERT_TRUE(refused_except(p.dst, ALLOW(ABORT)));
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	{
		struct run_result r = { 0 };

		ASSERT_TRUE(run_to_done(p.src, &r));
		ASSERT_EQ(r.stage2[0], 1);
		ASSERT_EQ(r.stage2[1], 1);
	}
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* A chain: A to B, then B (an imported realm) to C. */
static void test_e2e_chain(void)
{
	struct run_result r = { 0 };
	struct pair p, q;
	u64 pages[4];
	int ret;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	ASSERT_TRUE(precopy(&p, 1, 2, 1 << 16, pages));
	ASSERT_TRUE(stop_and_copy(&p, 1 << 16));
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_FINISH, NULL), 0);
	/* B runs a little, then moves on to C */
	ret = run_some(p.dst, 2, &r);
	ASSERT_TRUE(ret == -ETIME || ret == 0);
	ASSERT_EQ(r.failed, 0);

	memset(&q, 0, sizeof(q));
	q.src = p.dst;
	q.dst = new_vm(2);
	ASSERT_TRUE(q.dst);
	ASSERT_TRUE(make_keys(q.src, SID, &q.keys));
	ASSERT_EQ(start_dst(q.dst, &q.keys, q.nonce), 0);
	ASSERT_EQ(kvm_shim_finalize_vcpus(q.dst), 0);
	ASSERT_EQ(start_src(q.src, &q.keys, q.nonce), 0);
	/* B's old stream fd is spent; C gets new ones */
	shim_fd_close(p.dfd);
	p.dfd = -1;
	q.sfd = stream_fd(q.src, KVM_CCA_MIG_FD_NONBLOCK);
	q.dfd = stream_fd(q.dst, 0);
	fds[0] = q.sfd;
	fds[1] = q.dfd;
	ASSERT_TRUE(q.sfd >= 0 && q.dfd >= 0);
	ASSERT_TRUE(precopy(&q, 1, 2, 1 << 16, pages));
	ASSERT_TRUE(stop_and_copy(&q, 1 << 16));
	ASSERT_TRUE(resume_dst(&q, 2));
	shim_fd_close(p.sfd);
	p.sfd = -1;
	p.dst = NULL;
	close_pair(&q);
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/* vCPUs that run on their own thread while the VMM migrates. */
struct runner {
	struct kvm *kvm;
	int stop;
	int ret;
	unsigned long entries;
	struct run_result r;
};

static void *run_thread(void *arg)
{
	struct runner *rn = arg;

	/* One entry at a time, so that PAUSE can come between any two. */
	while (!READ_ONCE(rn->stop) && rn->entries < 12) {
		rn->ret = run_some(rn->kvm, 1, &rn->r);
		rn->entries++;
		if (rn->ret != -ETIME)
			break;
	}
	return NULL;
}

/*
 * The realm keeps running on another thread during pre-copy; PAUSE waits
 * for it to leave its REC and keeps it out (KVM_RUN: -EBUSY), and the
 * destination then finds every page the realm wrote.
 */
static void test_e2e_vcpus_run_during_precopy(void)
{
	struct runner rn = { 0 };
	u64 pages[3];
	pthread_t t;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	rn.kvm = p.src;
	ASSERT_EQ(pthread_create(&t, NULL, run_thread, &rn), 0);
	if (!precopy(&p, 2, 0, 1 << 16, pages) ||
	    mig(p.src, KVM_CCA_MIG_PAUSE, NULL)) {
		WRITE_ONCE(rn.stop, 1);
		pthread_join(t, NULL);
		TEST_FAIL("pre-copy or PAUSE failed");
	}
	WRITE_ONCE(rn.stop, 1);
	pthread_join(t, NULL);
	ASSERT_EQ(rn.r.failed, 0);
	ASSERT_TRUE(rn.ret == -ETIME || rn.ret == -EBUSY);
	printf("# %lu entries on the runner, pages per round %llu %llu %llu\n",
	       rn.entries, (unsigned long long)pages[0],
	       (unsigned long long)pages[1], (unsigned long long)pages[2]);
	/* stop_and_copy() pauses again: refused, the rest goes on */
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_PAUSE, NULL), -EBUSY);
	{
		u64 bitmap[TEST_RAM_PAGES / 64];
		struct kvm_cca_mig_dirty_log d = {
			.num_pages = TEST_RAM_PAGES,
			.dirty_bitmap = (u64)(uintptr_t)bitmap,
		};
		struct kvm_cca_mig_rec rc = { 0 };
		struct kvm_cca_mig_export_ram a;

		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_GET_DIRTY_LOG, &d), 0);
		ASSERT_EQ(export_range(p.src, ram_base(p.src), TEST_RAM_PAGES,
				       bitmap, 0, &a), 0);
		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), 0);
		rc.vcpu_id = 1;
		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &rc), 0);
		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_FINISH, NULL), 0);
		ASSERT_TRUE(pump(p.sfd, p.dfd, 1 << 16) > 0);
	}
	ASSERT_TRUE(resume_dst(&p, 2));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

/*
 * A VMM that carries REC blobs outside the stream: every record but the
 * REC ones goes through write(), the REC blobs through LOAD_REC, in the
 * stream's order.
 */
static void test_e2e_load_rec_out_of_band(void)
{
	struct kvm_cca_mig_rec rc;
	size_t len = 0, off = 0;
	unsigned int nr_rec = 0;
	struct pair p;
	u64 pages[2];
	u8 *stream;
	long n;

	stream = malloc(8 << 20);
	ASSERT_TRUE(stream);
	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 2));
	/* Keep the stream to ourselves: no pump into the destination. */
	p.dfd = -1;
	{
		struct kvm_cca_mig_export_ram a;
		struct kvm_cca_mig_rec sr = { 0 };

		ASSERT_EQ(export_range(p.src, ram_base(p.src), TEST_RAM_PAGES,
				       NULL, KVM_CCA_MIG_EXPORT_END_EPOCH, &a),
			  0);
		while ((n = shim_fd_read(p.sfd, stream + len,
					 (8 << 20) - len)) > 0)
			len += n;
		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_PAUSE, NULL), 0);
		pages[0] = a.exported;
		ASSERT_EQ(export_range(p.src, ram_base(p.src), TEST_RAM_PAGES,
				       NULL, 0, &a), 0);
		pages[1] = a.exported;
		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &sr), 0);
		sr.vcpu_id = 1;
		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_SAVE_REC, &sr), 0);
		ASSERT_EQ(mig(p.src, KVM_CCA_MIG_FINISH, NULL), 0);
		while ((n = shim_fd_read(p.sfd, stream + len,
					 (8 << 20) - len)) > 0)
			len += n;
		ASSERT_EQ(n, 0);
	}
	ASSERT_EQ(pages[0] + pages[1], 2 * TEST_RAM_PAGES);
	p.dfd = fds[1];

	/* the stream header, then record by record */
	ASSERT_TRUE(feed(&p, stream, sizeof(struct cca_mig_stream_hdr), 0));
	off = sizeof(struct cca_mig_stream_hdr);
	while (off < len) {
		struct cca_mig_rec_hdr rh;
		const struct rmi_mig_hdr *bh;

		memcpy(&rh, stream + off, sizeof(rh));
		ASSERT_LE(off + sizeof(rh) + rh.length, len);
		if (rh.type != CCA_MIG_REC_REC) {
			ASSERT_TRUE(feed(&p, stream + off,
					 sizeof(rh) + rh.length, 0));
			off += sizeof(rh) + rh.length;
			continue;
		}
		bh = (const void *)(stream + off + sizeof(rh));
		rc = (struct kvm_cca_mig_rec){
			.blob = (u64)(uintptr_t)bh,
			.blob_len = KVM_CCA_MIG_REC_BLOB_LEN,
		};
		/* the vCPU whose MPIDR the blob names */
		rc.vcpu_id = le64_to_cpu(bh->ipa_mpidr) ==
			     p.dst->vcpus[0]->arch.rec.mpidr ? 0 : 1;
		/* a bad length first: refused, nothing consumed */
		rc.blob_len--;
		ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_LOAD_REC, &rc), -EINVAL);
		rc.blob_len++;
		rc.vcpu_id += 10;
		ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_LOAD_REC, &rc), -EINVAL);
		rc.vcpu_id -= 10;
		ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_LOAD_REC, &rc), 0);
		nr_rec++;
		off += sizeof(rh) + rh.length;
	}
	ASSERT_EQ(nr_rec, 2);
	ASSERT_EQ(status(p.dst).recs, 2);
	ASSERT_TRUE(resume_dst(&p, 2));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
	free(stream);
}

/* IMPORT_RAM: the same parser as write(), from a buffer. */
static void test_import_ram_ioctl(void)
{
	struct kvm_cca_mig_import_ram ir;
	struct pair p;
	u8 *stream;
	long n;

	stream = malloc(1 << 16);
	ASSERT_TRUE(stream);
	ASSERT_TRUE(make_pair(&p, "hello", 1, 2));
	n = shim_fd_read(p.sfd, stream, 1 << 16);
	ir = (struct kvm_cca_mig_import_ram){ .buf = (u64)(uintptr_t)stream,
					      .len = n, .reserved[1] = 1 };
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_IMPORT_RAM, &ir), -EINVAL);
	ir.reserved[1] = 0;
	ir.len = 10;
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_IMPORT_RAM, &ir), 0);
	ASSERT_EQ(ir.consumed, 10);
	ir.buf += 10;
	ir.len = n - 10;
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_IMPORT_RAM, &ir), 0);
	ASSERT_EQ(ir.consumed, n - 10);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_IMPORTING);
	/* a fault part way is not fatal: what was taken stays taken */
	ir.buf = (u64)(uintptr_t)stream;
	ir.len = 4;
	shim_fail_uaccess_nth(3);
	ASSERT_EQ(mig(p.dst, KVM_CCA_MIG_IMPORT_RAM, &ir), -EFAULT);
	shim_fail_uaccess_nth(0);
	ASSERT_EQ(ir.consumed, 0);
	ASSERT_EQ(status(p.dst).state, KVM_CCA_MIG_STATE_DST_IMPORTING);
	/* a truncated stream: the destination cannot run, only abort */
	{
		struct cca_event ev;

		ASSERT_EQ(kvm_shim_vcpu_run(p.dst->vcpus[0], &ev, 10), -EBUSY);
	}
	ASSERT_TRUE(abort_dst(&p));
	ASSERT_TRUE(still_runs(p.src));
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
	free(stream);
}

/* Concurrent ioctls and reads on one migration: no deadlock, no crash. */
struct stress {
	struct pair *p;
	int stop;
	unsigned long ops;
};

static void *stress_status(void *arg)
{
	struct stress *s = arg;
	struct kvm_cca_mig_status st;

	while (!READ_ONCE(s->stop)) {
		mig(s->p->src, KVM_CCA_MIG_STATUS, &st);
		mig(s->p->dst, KVM_CCA_MIG_STATUS, &st);
		__atomic_add_fetch(&s->ops, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void *stress_pump(void *arg)
{
	struct stress *s = arg;

	while (!READ_ONCE(s->stop)) {
		if (pump(s->p->sfd, s->p->dfd, 1 << 12) < 0)
			break;
		__atomic_add_fetch(&s->ops, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void test_stress_concurrent(void)
{
	struct stress s = { 0 };
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_abort ab = { 0 };
	pthread_t t[3];
	unsigned int i;
	struct pair p;

	ASSERT_TRUE(make_pair(&p, "mig_dirty", 2, 1000));
	s.p = &p;
	ASSERT_EQ(pthread_create(&t[0], NULL, stress_status, &s), 0);
	ASSERT_EQ(pthread_create(&t[1], NULL, stress_status, &s), 0);
	ASSERT_EQ(pthread_create(&t[2], NULL, stress_pump, &s), 0);
	for (i = 0; i < 20; i++) {
		long ret = export_range(p.src, ram_base(p.src), TEST_RAM_PAGES,
					NULL, KVM_CCA_MIG_EXPORT_END_EPOCH,
					&a);

		if (ret && ret != -ENOSPC)
			break;
	}
	WRITE_ONCE(s.stop, 1);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	ASSERT_EQ(i, 3);
	ASSERT_GT(s.ops, 0);
	ASSERT_EQ(status(p.src).errors, 0);
	ASSERT_EQ(mig(p.src, KVM_CCA_MIG_ABORT, &ab), 0);
	pump(p.sfd, p.dfd, 1 << 16);
	close_pair(&p);
	ASSERT_TRUE(nothing_left());
}

static const struct test_case cases[] = {
	TEST_CASE(test_uapi_layout),
	TEST_CASE(test_envelope_matrix),
	TEST_CASE(test_no_migration),
	TEST_CASE(test_start_matrix),
	TEST_CASE(test_start_wrong_vm),
	TEST_CASE(test_start_source_status),
	TEST_CASE(test_state_machine),
	TEST_CASE(test_export_matrix),
	TEST_CASE(test_rec_abort_fd_matrix),
	TEST_CASE(test_stream_source_framing),
	TEST_CASE(test_stream_blocking_read),
	TEST_CASE(test_parser_stream_hdr),
	TEST_CASE(test_parser_records),
	TEST_CASE(test_parser_pages),
	TEST_CASE(test_parser_tampered_blob),
	TEST_CASE(test_stream_enospc),
	TEST_CASE(test_export_bitmap_resume),
	TEST_CASE(test_import_ram_ioctl),
	TEST_CASE(test_e2e_one_rec),
	TEST_CASE(test_e2e_two_recs_small_writes),
	TEST_CASE(test_e2e_abort_after_finish),
	TEST_CASE(test_e2e_source_abort_record),
	TEST_CASE(test_export_partial_rtt),
	TEST_CASE(test_export_allocates_nothing),
	TEST_CASE(test_import_failure_rolls_back),
	TEST_CASE(test_e2e_chain),
	TEST_CASE(test_e2e_vcpus_run_during_precopy),
	TEST_CASE(test_e2e_load_rec_out_of_band),
	TEST_CASE(test_stress_concurrent),
};

static const struct test_suite suite = {
	.name = "host_cca_mig",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
	.teardown = suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
