// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_stream: arbitrary bytes as the migration stream of a destination,
 * through the module's real path: write() on the stream fd and
 * KVM_CCA_MIG_IMPORT_RAM of a destination VM in DST_OPEN (then
 * DST_IMPORTING as records are accepted), on the reference platform (the
 * RMM model, the mini KVM core, and virt/kvm/cca_mig/ compiled unmodified
 * through the shim, as tests/host_cca_mig_test.c does).
 *
 * One model instance serves every input; each input gets a fresh
 * destination VM (created, started, its RECs finalized, its stream fd
 * opened) that is destroyed after it: a destination's import can only go
 * forward, and a fresh VM keeps each input reproducible on its own.
 *
 * The destination's session ID, key and configuration are those of the
 * corpus stream whose session ID the input's stream header names
 * (stream_keys.h), or of the first one: corpus streams import for real.
 *
 * How the bytes are fed depends on a hash of the input: in one write(),
 * in one IMPORT_RAM, or in pieces of random size through both, with or
 * without a copy fault injected on the way (EFAULT is not fatal: the rest
 * is fed again from where the parser stopped).
 *
 * Invariants, after every input:
 * - no crash, no AddressSanitizer or UBSan report, no WARN, no lock held;
 * - every call returns a byte count or an errno cca-mig-stream.rst
 *   section 6 lists, EFAULT only for an injected fault; after a fatal
 *   error the state is DST_FAILED (or stays DONE/ABORTED for bytes after
 *   the end) and the next write() gets EPIPE;
 * - the destination reaches DST_DONE (its realm ACTIVE) if and only if the
 *   input is a well-formed complete stream carrying exactly the firmware
 *   blobs of a corpus stream (fuzz_canon(): framing by the document);
 *   a stream that is malformed by the document ends in DST_FAILED, and
 *   KVM never takes much past the first malformed item;
 * - the bytes consumed are those STATUS reports;
 * - after the VM is destroyed nothing is left: no slab object, page,
 *   delegated granule or open file more than before the input.
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
#include "fuzz.h"
#include "stream_keys.h"

#define FUZZ_DRAM	(32UL << 20)

struct baseline {
	long objs, pages;
	unsigned long granules, warnings;
	unsigned int files;
};

static struct baseline base;

static void take_baseline(struct baseline *b)
{
	b->objs = shim_nr_allocated();
	b->pages = shim_nr_pages_allocated();
	b->granules = shim_model_granules_delegated();
	b->warnings = shim_nr_warnings();
	b->files = shim_nr_open_files();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (shim_model_init(FUZZ_DRAM) || cca_host_rmi_init() ||
	    cca_mig_init())
		FUZZ_FAIL("cannot bring the platform up");
	/* SHIM_LOGLEVEL=8 shows the module's messages. */
	if (!getenv("SHIM_LOGLEVEL"))
		shim_set_loglevel(0);
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
	bool strict = fuzz_user_strict(false);
	long ret = mig(kvm, KVM_CCA_MIG_STATUS, &st);

	fuzz_user_strict(strict);
	FUZZ_ASSERT(!ret, "STATUS: %ld", ret);
	return st;
}

static const struct fuzz_stream_key *key_for(const u8 *data, size_t size)
{
	u64 sid;
	size_t i;

	if (size >= 24) {
		memcpy(&sid, data + 16, sizeof(sid));
		for (i = 0; i < ARRAY_SIZE(fuzz_stream_keys); i++)
			if (fuzz_stream_keys[i].sid == sid)
				return &fuzz_stream_keys[i];
	}
	return &fuzz_stream_keys[0];
}

/* A destination in DST_OPEN with its stream fd, for @k. */
static struct kvm *open_dst(const struct fuzz_stream_key *k, int *fd)
{
	struct cca_realm_config cfg = {
		.ram_size = k->ram_size,
		.nr_recs = k->nr_recs,
	};
	struct kvm_cca_mig_stream_fd sf = { 0 };
	struct kvm_cca_mig_start s = {
		.role = KVM_CCA_MIG_ROLE_DESTINATION,
		.session_id = k->sid,
		.key_blob = (u64)(uintptr_t)k->key_blob,
		.key_blob_len = sizeof(k->key_blob),
	};
	struct kvm *kvm;
	long ret;

	kvm = kvm_shim_create_vm(&cfg);
	FUZZ_ASSERT(!IS_ERR(kvm), "create VM: %ld", PTR_ERR(kvm));
	fuzz_nonce_set(0);
	ret = mig(kvm, KVM_CCA_MIG_START, &s);
	FUZZ_ASSERT(!ret, "START destination: %ld", ret);
	ret = kvm_shim_finalize_vcpus(kvm);
	FUZZ_ASSERT(!ret, "finalize: %ld", ret);
	ret = mig(kvm, KVM_CCA_MIG_STREAM_FD, &sf);
	FUZZ_ASSERT(!ret, "STREAM_FD: %ld", ret);
	*fd = sf.fd;
	return kvm;
}

static bool fatal_errno(long err)
{
	switch (err) {
	case -EBADMSG:
	case -EMSGSIZE:
	case -EIO:
	case -ENOENT:
	case -ENOMEM:
		return true;
	}
	return false;
}

/*
 * Feed @data; returns the number of bytes the destination consumed as
 * far as the calls reported (a write() that fails reports no count: then
 * *@exact is false).
 */
static size_t feed(struct kvm *kvm, int fd, const u8 *data, size_t size,
		   u64 seed, bool *exact)
{
	unsigned int mode = seed & 3, faults = 0;
	bool ioctl_last = false;
	struct kvm_cca_mig_import_ram ir;
	struct kvm_cca_mig_op op;
	uint64_t rnd = seed | 1;
	size_t off = 0;
	long ret = 0;

	/* User memory: the input, IMPORT_RAM's envelope and arguments. */
	fuzz_user_reset();
	fuzz_user_add(data, size);
	fuzz_user_add(&ir, sizeof(ir));
	fuzz_user_add(&op, sizeof(op));
	fuzz_user_strict(true);
	if (mode == 3)
		shim_fail_uaccess_nth(1 + fuzz_rand(&rnd) % 6);
	while (off < size) {
		size_t len = size - off;
		bool ioctl = mode == 1;

		if (mode >= 2) {
			len = min_t(size_t, len,
				    1 + fuzz_rand(&rnd) % (fuzz_rand(&rnd) & 1 ?
							    97 : 9000));
			ioctl = fuzz_rand(&rnd) & 1;
		}
		ioctl_last = ioctl;
		if (ioctl) {
			ir = (struct kvm_cca_mig_import_ram){
				.buf = (u64)(uintptr_t)(data + off),
				.len = len,
				.consumed = ~0ULL,
			};
			op = (struct kvm_cca_mig_op){
				.cmd = KVM_CCA_MIG_IMPORT_RAM,
				.data = (u64)(uintptr_t)&ir,
			};
			ret = kvm_shim_vm_ioctl_mig(kvm, &op);
			/*
			 * A fault on the arguments: nothing was consumed, or
			 * (on the way out) "consumed" could not be written;
			 * STATUS says where the parser is, as for a VMM.
			 */
			if (ir.consumed == ~0ULL) {
				FUZZ_ASSERT(ret == -EFAULT || ret == -EBUSY,
					    "IMPORT_RAM: %ld, consumed unset",
					    ret);
				ir.consumed = ret == -EBUSY ? 0 :
					      status(kvm).bytes - off;
			}
			FUZZ_ASSERT(ir.consumed <= len, "consumed %llu of %zu",
				    (unsigned long long)ir.consumed, len);
			FUZZ_ASSERT(!ret || ret < 0, "IMPORT_RAM: %ld", ret);
			FUZZ_ASSERT(ret || ir.consumed == len,
				    "IMPORT_RAM: 0 with %llu of %zu consumed",
				    (unsigned long long)ir.consumed, len);
			off += ir.consumed;
			/* A destination that failed has no IMPORT_RAM. */
			if (ret == -EBUSY)
				ret = -EPIPE;
		} else {
			ret = shim_fd_write(fd, data + off, len);
			FUZZ_ASSERT(ret <= (long)len && ret != 0,
				    "write(%zu): %ld", len, ret);
			if (ret > 0) {
				off += ret;
				/* Short only after an (injected) fault. */
				if ((size_t)ret < len)
					faults++;
				ret = 0;
			}
		}
		if (ret == -EFAULT) {
			FUZZ_ASSERT(mode == 3 && !faults++,
				    "EFAULT without an injected fault");
			/* Not fatal: go on from where the parser stopped. */
			ret = 0;
			continue;
		}
		if (ret)
			break;
	}
	shim_fail_uaccess_nth(0);
	fuzz_user_strict(false);
	FUZZ_ASSERT(faults <= 1, "%u faults", faults);

	*exact = true;
	if (!ret)
		return off;
	/* A failed write() says nothing of the bytes it consumed. */
	*exact = ioctl_last;
	FUZZ_ASSERT(fatal_errno(ret) || ret == -EPIPE,
		    "feeding: undocumented errno %ld", ret);
	if (ret != -EPIPE) {
		u32 state = status(kvm).state;

		FUZZ_ASSERT(state == KVM_CCA_MIG_STATE_DST_FAILED ||
			    state == KVM_CCA_MIG_STATE_DST_DONE ||
			    state == KVM_CCA_MIG_STATE_DST_ABORTED,
			    "state %u after error %ld", state, ret);
	}
	/* The stream is over: more bytes are refused. */
	ret = shim_fd_write(fd, data, 1);
	FUZZ_ASSERT(ret == -EPIPE, "write after the end: %ld", ret);
	return off;
}

static void check_nothing_left(void)
{
	struct baseline now;

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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fuzz_stream_key *k = key_for(data, size);
	u64 seed = fuzz_hash64(data, size);
	struct kvm_cca_mig_status st;
	struct fuzz_canon c;
	struct kvm *kvm;
	bool valid, exact;
	size_t used;
	int fd;

	fuzz_canon(data, size, k->sid, &c);
	valid = c.complete && k->complete &&
		!memcmp(c.hash, k->hash, sizeof(c.hash));

	kvm = open_dst(k, &fd);
	used = feed(kvm, fd, data, size, seed, &exact);
	st = status(kvm);
	FUZZ_ASSERT(exact ? st.bytes == used :
		    st.bytes >= used && st.bytes <= size,
		    "STATUS bytes %llu, consumed %zu of %zu",
		    (unsigned long long)st.bytes, used, size);
	used = st.bytes;
	FUZZ_ASSERT(st.role == KVM_CCA_MIG_ROLE_DESTINATION, "role %u",
		    st.role);

	/* Never ACTIVE but with the exact blobs of a valid stream. */
	FUZZ_ASSERT((st.state == KVM_CCA_MIG_STATE_DST_DONE) == valid,
		    "state %u for a stream that is %s", st.state,
		    valid ? "valid and complete" : "not a valid stream");
	if (valid)
		FUZZ_ASSERT(used == c.end_off, "DONE after %zu bytes, END at %zu",
			    used, c.end_off);
	/* Malformed by the book: refused, and not much past the fault. */
	if (c.bad_at != SIZE_MAX && !c.complete && !c.aborted) {
		FUZZ_ASSERT(st.state == KVM_CCA_MIG_STATE_DST_FAILED,
			    "state %u, malformed at %zu", st.state, c.bad_at);
		FUZZ_ASSERT(used <= c.bad_at + 8 + 8 + 512 * 64,
			    "consumed %zu, malformed at %zu", used, c.bad_at);
	}
	if (st.state == KVM_CCA_MIG_STATE_DST_DONE) {
		FUZZ_ASSERT(!mig(kvm, KVM_CCA_MIG_FINISH, NULL), "FINISH");
		FUZZ_ASSERT(status(kvm).state == KVM_CCA_MIG_STATE_NONE,
			    "FINISH left a migration");
	} else if (seed & 4) {
		u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
		struct kvm_cca_mig_abort ab = {
			.token = (u64)(uintptr_t)token,
			.token_len = sizeof(token),
		};
		long ret = mig(kvm, KVM_CCA_MIG_ABORT, &ab);

		FUZZ_ASSERT(!ret, "ABORT: %ld", ret);
		FUZZ_ASSERT(status(kvm).state == KVM_CCA_MIG_STATE_DST_ABORTED,
			    "ABORT did not abort");
	}
	/* Otherwise the VM's death ends the session. */
	FUZZ_ASSERT(!shim_fd_close(fd), "close");
	kvm_put_kvm(kvm);
	check_nothing_left();
	return 0;
}
