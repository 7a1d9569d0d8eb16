// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ioctl: arbitrary bytes decoded as a short sequence of
 * KVM_CCA_MIG_OP calls (sub-command, envelope, the sub-command's
 * structure, and the user buffers they point to) on a VM of the reference
 * platform, through the module's real ioctl decoding (main.c) and state
 * machine. The input format is struct fuzz_ioctl_op in fuzz.h.
 *
 * User memory is an arena: the envelope and the structure are copied
 * there, the payload (the input's tail) after them. Pointers are fixed up
 * to point into the arena unless the input asks for them as given; any
 * address outside the arena faults (fuzz_user_*(), EFAULT as in the
 * kernel). Allocation failures and user-copy faults are injected where
 * the input asks.
 *
 * One model instance serves every input; each input gets a fresh VM (in
 * the setup its first byte picks), destroyed after it.
 *
 * Invariants, after every call and input:
 * - no crash, sanitizer report, WARN or lock held;
 * - every return is 0 or an errno that cca-mig-api.rst documents for
 *   that sub-command (the common ones, plus the sub-command's own);
 * - EBUSY and EINVAL change nothing (the state stays), STATUS always
 *   works and reports a state and role that exist;
 * - nothing is left after the VM is destroyed.
 */
#include "cca_mig_internal.h"

#include "../../../../virt/kvm/cca_mig/fw.c"
#include "../../../../virt/kvm/cca_mig/main.c"
#include "../../../../virt/kvm/cca_mig/ram.c"
#include "../../../../virt/kvm/cca_mig/rec.c"
#include "../../../../virt/kvm/cca_mig/state.c"
#include "../../../../virt/kvm/cca_mig/stream.c"

#include <stdio.h>
#include <stdlib.h>

#include "cca_host.h"
#include "kvm_core.h"
#include "shim.h"
#include "util_host_migkey.h"
#include "fuzz.h"
#include "stream_keys.h"

#define FUZZ_DRAM	(32UL << 20)
#define ARENA_SIZE	(64UL << 10)
#define ARENA_PAYLOAD	256
#define SRC_RAM		(1UL << 20)
#define MAX_FDS		4

struct baseline {
	long objs, pages;
	unsigned long granules, warnings;
	unsigned int files;
};

static struct baseline base;
static u8 *arena;
static void *hello;
static size_t hello_len;
static bool verbose;

static void take_baseline(struct baseline *b)
{
	b->objs = shim_nr_allocated();
	b->pages = shim_nr_pages_allocated();
	b->granules = shim_model_granules_delegated();
	b->warnings = shim_nr_warnings();
	b->files = shim_nr_open_files();
}

/*
 * Unicorn 2.0.1 does not free the code bitmap of a page whose translated
 * code is written to (see tests/host_cca_mig_test.c): not ours.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tb_invalidate_phys_page_fast_aarch64\n";
}

static void load_hello(void)
{
	const char *path = GUEST_DIR "/hello.bin";
	FILE *f = fopen(path, "rb");
	long n;

	FUZZ_ASSERT(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	hello = malloc(n);
	FUZZ_ASSERT(hello && fread(hello, 1, n, f) == (size_t)n, "%s", path);
	hello_len = n;
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (shim_model_init(FUZZ_DRAM) || cca_host_rmi_init() ||
	    cca_mig_init())
		FUZZ_FAIL("cannot bring the platform up");
	if (!getenv("SHIM_LOGLEVEL"))
		shim_set_loglevel(0);
	/* User memory: malloc'd, so AddressSanitizer guards its ends. */
	arena = malloc(ARENA_SIZE);
	FUZZ_ASSERT(arena, "arena");
	load_hello();
	/* FUZZ_VERBOSE=1: print every call and its result. */
	verbose = getenv("FUZZ_VERBOSE");
	take_baseline(&base);
	return 0;
}

static long mig(struct kvm *kvm, u32 cmd, void *data)
{
	struct kvm_cca_mig_op op = {
		.cmd = cmd,
		.data = (u64)(uintptr_t)data,
	};

	return kvm_shim_vm_ioctl_mig(kvm, &op);
}

static struct kvm_cca_mig_status status(struct kvm *kvm)
{
	struct kvm_cca_mig_status st;
	long ret = mig(kvm, KVM_CCA_MIG_STATUS, &st);

	FUZZ_ASSERT(!ret, "STATUS: %ld", ret);
	FUZZ_ASSERT(st.state <= KVM_CCA_MIG_STATE_DST_ABORTED &&
		    st.role <= KVM_CCA_MIG_ROLE_DESTINATION &&
		    (st.state == KVM_CCA_MIG_STATE_NONE) == !st.role,
		    "STATUS: state %u, role %u", st.state, st.role);
	return st;
}

static int on_event(struct kvm_vcpu *vcpu, const struct cca_event *ev,
		    void *priv)
{
	return 0;
}

static struct kvm *setup(unsigned int kind, int *fds, unsigned int *nr_fds)
{
	const struct fuzz_stream_key *k = &fuzz_stream_keys[0];
	struct cca_realm_config cfg = {
		.ram_size = k->ram_size,
		.nr_recs = k->nr_recs,
	};
	struct kvm_cca_mig_start s = {
		.role = KVM_CCA_MIG_ROLE_DESTINATION,
		.session_id = k->sid,
		.key_blob = (u64)(uintptr_t)k->key_blob,
		.key_blob_len = sizeof(k->key_blob),
	};
	struct kvm_cca_mig_stream_fd sf = { 0 };
	u8 blob[UHM_KEY_BLOB_LEN], mk[32] = { 1 }, rim[64], rpv[64] = { 0 };
	struct kvm *kvm;
	long ret;

	if (kind == FUZZ_SETUP_SRC) {
		cfg.ram_size = SRC_RAM;
		cfg.nr_recs = 1;
		ret = kvm_shim_boot(&cfg, hello, hello_len, &kvm);
		FUZZ_ASSERT(!ret, "boot: %ld", ret);
		/* The first entries activate the realm. */
		ret = kvm_shim_run_all(kvm, 1, on_event, NULL);
		FUZZ_ASSERT(!ret || ret == -ETIME, "run: %ld", ret);
		mutex_lock(&kvm->lock);
		ret = shim_model_realm_rim(kvm_rmi_mig_rd_phys(kvm), rim);
		mutex_unlock(&kvm->lock);
		FUZZ_ASSERT(ret, "RIM");
		FUZZ_ASSERT(!uhm_key_blob(blob, k->sid, KVM_CCA_MIG_ROLE_SOURCE,
					  UHM_SUITE_AES_256_GCM, mk, rim, rpv),
			    "key blob");
		s.role = KVM_CCA_MIG_ROLE_SOURCE;
		s.key_blob = (u64)(uintptr_t)blob;
		s.key_blob_len = sizeof(blob);
		memset(s.peer_nonce, 0x5a, sizeof(s.peer_nonce));
		fuzz_nonce_set(1);
		ret = mig(kvm, KVM_CCA_MIG_START, &s);
		FUZZ_ASSERT(!ret, "START source: %ld", ret);
		return kvm;
	}
	kvm = kvm_shim_create_vm(&cfg);
	FUZZ_ASSERT(!IS_ERR(kvm), "create VM: %ld", PTR_ERR(kvm));
	if (kind == FUZZ_SETUP_NONE)
		return kvm;
	fuzz_nonce_set(0);
	ret = mig(kvm, KVM_CCA_MIG_START, &s);
	FUZZ_ASSERT(!ret, "START destination: %ld", ret);
	ret = kvm_shim_finalize_vcpus(kvm);
	FUZZ_ASSERT(!ret, "finalize: %ld", ret);
	if (kind == FUZZ_SETUP_DST_OPEN)
		return kvm;
	ret = mig(kvm, KVM_CCA_MIG_STREAM_FD, &sf);
	FUZZ_ASSERT(!ret, "STREAM_FD: %ld", ret);
	fds[(*nr_fds)++] = sf.fd;
	ret = shim_fd_write(sf.fd, fuzz_realm_prefix,
			    sizeof(fuzz_realm_prefix));
	FUZZ_ASSERT(ret == sizeof(fuzz_realm_prefix), "REALM record: %ld",
		    ret);
	FUZZ_ASSERT(status(kvm).state == KVM_CCA_MIG_STATE_DST_IMPORTING,
		    "not importing");
	return kvm;
}

/* Is @err documented for @cmd (cca-mig-api.rst sections 3 and 4)? */
static bool documented(u32 cmd, long err)
{
	switch (err) {
	case 0:
	case -EFAULT:
	case -EINVAL:
		return true;
	case -ENOTTY:
	case -EBUSY:
	case -EIO:
	case -EOPNOTSUPP:
	case -ENOMEM:
		return cmd >= KVM_CCA_MIG_START && cmd <= KVM_CCA_MIG_STATUS;
	case -EMFILE:
		return cmd == KVM_CCA_MIG_STREAM_FD;
	case -ENOSPC:
		return cmd == KVM_CCA_MIG_EXPORT_RAM;
	case -EBADMSG:
	case -EMSGSIZE:
	case -EPIPE:
		return cmd == KVM_CCA_MIG_IMPORT_RAM;
	case -ENOENT:
		return cmd == KVM_CCA_MIG_IMPORT_RAM ||
		       cmd == KVM_CCA_MIG_LOAD_REC;
	}
	return false;
}

/* Where the structure of @cmd keeps its own user pointer, or -1. */
static int ptr_offset(u32 cmd)
{
	switch (cmd) {
	case KVM_CCA_MIG_START:
		return offsetof(struct kvm_cca_mig_start, key_blob);
	case KVM_CCA_MIG_EXPORT_RAM:
		return offsetof(struct kvm_cca_mig_export_ram, bitmap);
	case KVM_CCA_MIG_IMPORT_RAM:
		return offsetof(struct kvm_cca_mig_import_ram, buf);
	case KVM_CCA_MIG_GET_DIRTY_LOG:
		return offsetof(struct kvm_cca_mig_dirty_log, dirty_bitmap);
	case KVM_CCA_MIG_SAVE_REC:
	case KVM_CCA_MIG_LOAD_REC:
		return offsetof(struct kvm_cca_mig_rec, blob);
	case KVM_CCA_MIG_ABORT:
		return offsetof(struct kvm_cca_mig_abort, token);
	}
	return -1;
}

static void one_op(struct kvm *kvm, const struct fuzz_ioctl_op *o,
		   size_t payload, int *fds, unsigned int *nr_fds)
{
	struct kvm_cca_mig_op *op = (struct kvm_cca_mig_op *)arena;
	u8 *arg = arena + sizeof(*op);
	u32 cmd, before = status(kvm).state, after;
	int poff;
	long ret;
	u64 p;

	memcpy(op, o->op, sizeof(*op));
	memcpy(arg, o->arg, sizeof(o->arg));
	if (!(o->mode & FUZZ_OP_RAW_CMD))
		op->cmd = o->sel % 13;
	cmd = op->cmd;
	if (!(o->mode & FUZZ_OP_RAW_DATA))
		op->data = cmd == KVM_CCA_MIG_PAUSE ||
			   cmd == KVM_CCA_MIG_FINISH ? 0 : (u64)(uintptr_t)arg;
	poff = ptr_offset(cmd);
	/* NULL stays NULL (it means something: no bitmap, no blob). */
	if (poff >= 0 && !(o->mode & FUZZ_OP_RAW_PTR)) {
		memcpy(&p, arg + poff, sizeof(p));
		if (p)
			p = (u64)(uintptr_t)(arena + ARENA_PAYLOAD + (p - 1) %
					     (ARENA_SIZE - ARENA_PAYLOAD));
		memcpy(arg + poff, &p, sizeof(p));
	}
	if (cmd == KVM_CCA_MIG_START && (o->mode & FUZZ_OP_KEY)) {
		struct kvm_cca_mig_start *s = (void *)arg;
		u8 *key = arena + ARENA_SIZE - sizeof(fuzz_stream_keys[0].key_blob);

		memcpy(key, fuzz_stream_keys[0].key_blob,
		       sizeof(fuzz_stream_keys[0].key_blob));
		s->key_blob = (u64)(uintptr_t)key;
		s->key_blob_len = sizeof(fuzz_stream_keys[0].key_blob);
		s->session_id = fuzz_stream_keys[0].sid;
	}
	if (cmd == KVM_CCA_MIG_EXPORT_RAM && (o->mode & FUZZ_OP_RAM)) {
		struct kvm_cca_mig_export_ram *e = (void *)arg;
		u64 ram = kvm->shim->cfg.ram_size;

		e->gpa = kvm->shim->cfg.ram_base +
			 ((e->gpa % (2 * ram)) & ~(u64)(PAGE_SIZE - 1));
		e->npages %= 1100;
	}

	fuzz_user_reset();
	fuzz_user_add(arena, ARENA_SIZE);
	fuzz_user_strict(true);
	if (o->fail_alloc % 16)
		shim_fail_alloc_nth(o->fail_alloc % 16);
	if (o->fail_uaccess % 16)
		shim_fail_uaccess_nth(o->fail_uaccess % 16);
	ret = kvm_shim_vm_ioctl_mig(kvm, op);
	shim_fail_alloc_nth(0);
	shim_fail_uaccess_nth(0);
	fuzz_user_strict(false);

	after = status(kvm).state;
	if (verbose)
		fprintf(stderr,
			"#   cmd %u mode %#x: %ld, rmi_status %#llx, state %u -> %u\n",
			cmd, o->mode, ret,
			(unsigned long long)op->rmi_status, before, after);
	FUZZ_ASSERT(documented(cmd, ret), "sub-command %u: errno %ld", cmd,
		    ret);
	FUZZ_ASSERT((ret != -EBUSY && ret != -EINVAL) || after == before,
		    "sub-command %u: %ld, state %u -> %u", cmd, ret, before,
		    after);
	if (cmd == KVM_CCA_MIG_STREAM_FD && !ret) {
		int fd = ((struct kvm_cca_mig_stream_fd *)arg)->fd;

		FUZZ_ASSERT(*nr_fds < MAX_FDS && shim_fd_is_shim(fd),
			    "STREAM_FD: fd %d", fd);
		fds[(*nr_fds)++] = fd;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int kind, nr_ops, i, nr_fds = 0;
	struct fuzz_ioctl_op o;
	size_t used, payload;
	struct baseline now;
	int fds[MAX_FDS];
	struct kvm *kvm;

	if (size < 2)
		return 0;
	kind = data[0] % 4;
	nr_ops = data[1] % (FUZZ_IOCTL_MAX_OPS + 1);
	used = min_t(size_t, size, 2 + (size_t)nr_ops * sizeof(o));
	payload = min_t(size_t, size - used, ARENA_SIZE - ARENA_PAYLOAD);
	memset(arena, 0, ARENA_SIZE);
	memcpy(arena + ARENA_PAYLOAD, data + used, payload);

	kvm = setup(kind, fds, &nr_fds);
	for (i = 0; i < nr_ops; i++) {
		size_t at = 2 + (size_t)i * sizeof(o);

		memset(&o, 0, sizeof(o));
		if (at < size)
			memcpy(&o, data + at, min_t(size_t, sizeof(o), size - at));
		one_op(kvm, &o, payload, fds, &nr_fds);
	}
	while (nr_fds)
		FUZZ_ASSERT(!shim_fd_close(fds[--nr_fds]), "close");
	kvm_put_kvm(kvm);

	take_baseline(&now);
	FUZZ_ASSERT(!shim_locks_held(), "%u lock(s) held", shim_locks_held());
	FUZZ_ASSERT(now.warnings == base.warnings, "%lu WARN(s)",
		    now.warnings - base.warnings);
	FUZZ_ASSERT(now.objs == base.objs && now.pages == base.pages &&
		    now.granules == base.granules && now.files == base.files,
		    "leak: %ld object(s), %ld page(s), %ld granule(s), %d file(s)",
		    now.objs - base.objs, now.pages - base.pages,
		    (long)(now.granules - base.granules),
		    (int)(now.files - base.files));
	return 0;
}
