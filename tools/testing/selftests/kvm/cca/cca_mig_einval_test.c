// SPDX-License-Identifier: GPL-2.0-only
/*
 * cca_mig_einval_test - the parameter and state matrix of KVM_CCA_MIG_OP
 * (Documentation/virt/kvm/arm/cca-mig-api.rst sections 3-5): one case per
 * line, each with its reason, each expecting one exact errno.
 *
 * - A VM that is not a realm: every sub-command fails with EINVAL once
 *   the migration module is loaded, with ENOTTY on a CCA host without it,
 *   and with EINVAL on a kernel without CCA (arm64 KVM's answer to a VM
 *   ioctl it does not know). This part runs on any arm64 KVM host.
 * - A running realm without a migration (state NONE): the envelope, the
 *   arguments of START (checked before the state), and EBUSY for every
 *   other sub-command but STATUS.
 * - With key blobs from a migration agent (-a AGENT or $CCA_MIG_AGENT):
 *   the argument checks of every sub-command in the states that allow it
 *   (SRC_PRECOPY, SRC_PAUSED, DST_OPEN, DST_IMPORTING, DST_ABORTED), and
 *   EBUSY in the states that do not.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest.h"
#include "include/cca_realm.h"

static const char *agent;
static int nr_cases;
static void *bad_ptr;		/* an unmapped page */

static void expect(int ret, int err, const char *why)
{
	bool ok = err ? ret == -1 && errno == err : !ret;

	nr_cases++;
	if (!ok)
		ksft_print_msg("%s: ret %d errno %d (%s), expected %s\n", why,
			       ret, ret ? errno : 0, ret ? strerror(errno) : "-",
			       err ? strerror(err) : "success");
	ksft_test_result(ok, "%s\n", why);
}

static void check(struct kvm_vm *vm, u32 cmd, void *data, int err,
		  const char *why)
{
	expect(__cca_mig_op(vm, cmd, data, NULL), err, why);
}

static void check_op(struct kvm_vm *vm, struct kvm_cca_mig_op *op, int err,
		     const char *why)
{
	expect(__cca_mig_op_raw(vm, op), err, why);
}

static bool is_zero(const void *p, size_t len)
{
	const u8 *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

/* ------------------------------------------------------ non-realm VM */

/* The error a non-realm VM gets on this host, negative. */
static int non_realm_error(void)
{
	if (!access("/sys/module/cca_mig", F_OK)) {
		ksft_print_msg("cca_mig loaded: non-realm VMs get EINVAL\n");
		return -EINVAL;
	}
	if (!kvm_has_cap(KVM_CAP_ARM_RMI)) {
		ksft_print_msg("no CCA support: KVM_CCA_MIG_OP is an unknown VM ioctl (EINVAL)\n");
		return -EINVAL;
	}
	ksft_print_msg("CCA host without cca_mig: ENOTTY\n");
	return -ENOTTY;
}

static void test_non_realm(void)
{
	static const char * const names[] = {
		"cmd 0 (unknown)", "START", "STREAM_FD", "EXPORT_RAM",
		"IMPORT_RAM", "GET_DIRTY_LOG", "PAUSE", "SAVE_REC",
		"LOAD_REC", "FINISH", "ABORT", "STATUS", "cmd 12 (unknown)",
	};
	struct kvm_cca_mig_op op = {};
	union cca_mig_args a;
	char why[128];
	struct kvm_vm *vm;
	u32 cmd;
	int err;

	vm = vm_create_barebones();
	err = -non_realm_error();

	for (cmd = 0; cmd < ARRAY_SIZE(names); cmd++) {
		bool none = cmd == KVM_CCA_MIG_PAUSE || cmd == KVM_CCA_MIG_FINISH;

		memset(&a, 0, sizeof(a));
		snprintf(why, sizeof(why), "non-realm VM: %s is refused",
			 names[cmd]);
		check(vm, cmd, none ? NULL : &a, err, why);
	}
	op.cmd = KVM_CCA_MIG_STATUS;
	op.data = (u64)&a;
	op.flags = 1;
	check_op(vm, &op, err, "non-realm VM: STATUS with envelope flags 1");
	expect(ioctl(vm->fd, KVM_CCA_MIG_OP, NULL), err,
	       "non-realm VM: a NULL envelope is refused before it is read");
	kvm_vm_free(vm);
}

/* ------------------------------------------------------------- realm */

static struct realm_shared {
	u64 rim[REALM_RIM_WORDS];
} *shared;

static void guest_code(void)
{
	GUEST_SYNC(realm_rsi_measurement_read(0, shared->rim));
	for (;;)
		GUEST_SYNC(0);
}

/* A realm that has run once (ACTIVE), and its RIM. */
static struct kvm_vm *realm_running(u64 rim[REALM_RIM_WORDS])
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	gva_t gva;

	vm = realm_vm_create(1, guest_code, &vcpu);
	gva = realm_alloc_shared(vm, vm->page_size);
	shared = (struct realm_shared *)gva;
	sync_global_to_guest(vm, shared);
	realm_populate(vm);
	realm_vcpus_finalize(vm);

	vcpu_run(vcpu);
	switch (get_ucall(vcpu, &uc)) {
	case UCALL_SYNC:
		TEST_ASSERT(!uc.args[1], "RSI_MEASUREMENT_READ: %lu",
			    uc.args[1]);
		break;
	case UCALL_ABORT:
		REPORT_GUEST_ASSERT(uc);
		break;
	default:
		TEST_FAIL("unexpected ucall %lu", uc.cmd);
	}
	memcpy(rim, ((struct realm_shared *)addr_gva2hva(vm, gva))->rim,
	       sizeof(shared->rim));
	return vm;
}

static struct kvm_cca_mig_start start_args(u32 role, const u8 *blob)
{
	struct kvm_cca_mig_start s = {
		.role = role,
		.key_blob = (u64)blob,
		.key_blob_len = 0x100,
	};

	if (role == KVM_CCA_MIG_ROLE_SOURCE)
		memset(s.peer_nonce, 0x5a, sizeof(s.peer_nonce));
	return s;
}

static void test_envelope(struct kvm_vm *vm)
{
	struct kvm_cca_mig_status st;
	struct kvm_cca_mig_op op;
	int i;

	memset(&op, 0, sizeof(op));
	op.cmd = KVM_CCA_MIG_STATUS;
	op.data = (u64)&st;
	op.flags = 1;
	check_op(vm, &op, EINVAL, "envelope: flags must be zero");
	for (i = 0; i < ARRAY_SIZE(op.reserved); i++) {
		op.flags = 0;
		memset(op.reserved, 0, sizeof(op.reserved));
		op.reserved[i] = 1;
		check_op(vm, &op, EINVAL, "envelope: a reserved word must be zero");
	}
	memset(&op, 0, sizeof(op));
	op.data = (u64)&st;
	check_op(vm, &op, EINVAL, "envelope: cmd 0 is unknown");
	op.cmd = KVM_CCA_MIG_STATUS + 1;
	check_op(vm, &op, EINVAL, "envelope: cmd 12 is unknown");
	op.cmd = KVM_CCA_MIG_PAUSE;
	check_op(vm, &op, EINVAL, "envelope: PAUSE takes no structure");
	op.cmd = KVM_CCA_MIG_FINISH;
	check_op(vm, &op, EINVAL, "envelope: FINISH takes no structure");
	op.cmd = KVM_CCA_MIG_STATUS;
	op.data = 0;
	check_op(vm, &op, EINVAL, "envelope: STATUS needs its structure");
	op.cmd = KVM_CCA_MIG_START;
	check_op(vm, &op, EINVAL, "envelope: START needs its structure");
	expect(ioctl(vm->fd, KVM_CCA_MIG_OP, bad_ptr), EFAULT,
	       "envelope: unreadable envelope");
	check(vm, KVM_CCA_MIG_START, bad_ptr, EFAULT,
	      "envelope: unreadable START structure");
	check(vm, KVM_CCA_MIG_STATUS, bad_ptr, EFAULT,
	      "envelope: unwritable STATUS structure");
}

static void test_start_args(struct kvm_vm *vm, const u8 *blob)
{
	struct kvm_cca_mig_start s;
	u64 rmi_status = 0;
	int i;

	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, blob);
	s.flags = 1;
	check(vm, KVM_CCA_MIG_START, &s, EINVAL, "START: flags must be zero");
	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, blob);
	s.pad = 1;
	check(vm, KVM_CCA_MIG_START, &s, EINVAL, "START: pad must be zero");
	for (i = 0; i < ARRAY_SIZE(s.reserved); i++) {
		s = start_args(KVM_CCA_MIG_ROLE_SOURCE, blob);
		s.reserved[i] = 1;
		check(vm, KVM_CCA_MIG_START, &s, EINVAL,
		      "START: a reserved word must be zero");
	}
	s = start_args(0, blob);
	check(vm, KVM_CCA_MIG_START, &s, EINVAL, "START: role 0 is no role");
	s = start_args(3, blob);
	check(vm, KVM_CCA_MIG_START, &s, EINVAL, "START: role 3 is no role");
	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, NULL);
	check(vm, KVM_CCA_MIG_START, &s, EINVAL, "START: key_blob 0");
	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, blob);
	s.key_blob_len = KVM_CCA_MIG_KEY_BLOB_MIN - 1;
	check(vm, KVM_CCA_MIG_START, &s, EINVAL, "START: key blob too short");
	s.key_blob_len = KVM_CCA_MIG_KEY_BLOB_MAX + 1;
	check(vm, KVM_CCA_MIG_START, &s, EINVAL, "START: key blob too long");
	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, blob);
	memset(s.peer_nonce, 0, sizeof(s.peer_nonce));
	check(vm, KVM_CCA_MIG_START, &s, EINVAL,
	      "START: a source needs the destination's nonce");
	s = start_args(KVM_CCA_MIG_ROLE_DESTINATION, blob);
	s.peer_nonce[7] = 1;
	check(vm, KVM_CCA_MIG_START, &s, EINVAL,
	      "START: a destination takes no peer nonce");
	s = start_args(KVM_CCA_MIG_ROLE_DESTINATION, blob);
	check(vm, KVM_CCA_MIG_START, &s, EBUSY,
	      "START: an ordinary (measured) realm cannot be a destination");
	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, bad_ptr);
	check(vm, KVM_CCA_MIG_START, &s, EFAULT,
	      "START: the key blob cannot be read");
	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, blob);
	expect(__cca_mig_op(vm, KVM_CCA_MIG_START, &s, &rmi_status), EIO,
	       "START: a key blob of garbage is refused by the firmware");
	expect((rmi_status & 0xff) == RMI_ERROR_MIG ? 0 : -1, 0,
	       "START: ... with rmi_status RMI_ERROR_MIG");
	TEST_ASSERT_EQ(cca_mig_state(vm), KVM_CCA_MIG_STATE_NONE);
}

/* Every sub-command but START and STATUS needs a migration. */
static void test_no_migration(struct kvm_vm *vm)
{
	struct kvm_cca_mig_status st;
	union cca_mig_args a;

	memset(&a, 0, sizeof(a));
	check(vm, KVM_CCA_MIG_STREAM_FD, &a, EBUSY, "NONE: STREAM_FD");
	a.export_ram.npages = 1;
	check(vm, KVM_CCA_MIG_EXPORT_RAM, &a, EBUSY, "NONE: EXPORT_RAM");
	memset(&a, 0, sizeof(a));
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EBUSY, "NONE: IMPORT_RAM");
	check(vm, KVM_CCA_MIG_GET_DIRTY_LOG, &a, EBUSY, "NONE: GET_DIRTY_LOG");
	check(vm, KVM_CCA_MIG_PAUSE, NULL, EBUSY, "NONE: PAUSE");
	check(vm, KVM_CCA_MIG_SAVE_REC, &a, EBUSY, "NONE: SAVE_REC");
	check(vm, KVM_CCA_MIG_LOAD_REC, &a, EBUSY, "NONE: LOAD_REC");
	check(vm, KVM_CCA_MIG_FINISH, NULL, EBUSY, "NONE: FINISH");
	check(vm, KVM_CCA_MIG_ABORT, &a, EBUSY, "NONE: ABORT");
	memset(&st, 0xa5, sizeof(st));
	check(vm, KVM_CCA_MIG_STATUS, &st, 0, "NONE: STATUS works");
	expect(is_zero(&st, sizeof(st)) ? 0 : -1, 0,
	       "NONE: STATUS reads all zero");
}

static void test_source_precopy(struct kvm_vm *vm, const u8 *blob)
{
	u64 bitmap[REALM_SLOT_PAGES / 64];
	struct kvm_cca_mig_start s;
	union cca_mig_args a;

	s = start_args(KVM_CCA_MIG_ROLE_SOURCE, blob);
	check(vm, KVM_CCA_MIG_START, &s, EBUSY,
	      "SRC_PRECOPY: START while a migration exists");
	memset(&a, 0, sizeof(a));
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EBUSY,
	      "SRC_PRECOPY: IMPORT_RAM is for destinations");
	check(vm, KVM_CCA_MIG_SAVE_REC, &a, EBUSY,
	      "SRC_PRECOPY: SAVE_REC before PAUSE");
	check(vm, KVM_CCA_MIG_LOAD_REC, &a, EBUSY,
	      "SRC_PRECOPY: LOAD_REC is for destinations");
	check(vm, KVM_CCA_MIG_FINISH, NULL, EBUSY,
	      "SRC_PRECOPY: FINISH before PAUSE");

	memset(&a, 0, sizeof(a));
	a.stream_fd.flags = 0x8;
	check(vm, KVM_CCA_MIG_STREAM_FD, &a, EINVAL,
	      "STREAM_FD: unknown flag 0x8");
	memset(&a, 0, sizeof(a));
	a.stream_fd.reserved[1] = 1;
	check(vm, KVM_CCA_MIG_STREAM_FD, &a, EINVAL,
	      "STREAM_FD: reserved must be zero");

#define EXPORT(field, value, err, why) do {				\
	memset(&a, 0, sizeof(a));					\
	a.export_ram.npages = 1;					\
	a.export_ram.field = (value);					\
	check(vm, KVM_CCA_MIG_EXPORT_RAM, &a, err, why);		\
} while (0)
	EXPORT(flags, 0x2, EINVAL, "EXPORT_RAM: unknown flag 0x2");
	EXPORT(pad, 1, EINVAL, "EXPORT_RAM: pad must be zero");
	EXPORT(reserved[1], 1, EINVAL, "EXPORT_RAM: reserved must be zero");
	EXPORT(gpa, 0x800, EINVAL, "EXPORT_RAM: gpa not page aligned");
	EXPORT(gpa, REALM_SHARED_BIT, EINVAL,
	       "EXPORT_RAM: gpa in the unprotected half");
	EXPORT(npages, REALM_SHARED_BIT / 4096 + 1, EINVAL,
	       "EXPORT_RAM: range past the protected IPA space");
	EXPORT(npages, 0, EINVAL, "EXPORT_RAM: npages 0 without END_EPOCH");
	EXPORT(bitmap, (u64)bad_ptr, EFAULT,
	       "EXPORT_RAM: unreadable bitmap");
#undef EXPORT

#define DIRTY(field, value, err, why) do {				\
	memset(&a, 0, sizeof(a));					\
	a.dirty_log.slot = REALM_SLOT;					\
	a.dirty_log.num_pages = REALM_SLOT_PAGES;			\
	a.dirty_log.dirty_bitmap = (u64)bitmap;				\
	a.dirty_log.field = (value);					\
	check(vm, KVM_CCA_MIG_GET_DIRTY_LOG, &a, err, why);		\
} while (0)
	DIRTY(flags, 1, EINVAL, "GET_DIRTY_LOG: flags must be zero");
	DIRTY(reserved[0], 1, EINVAL, "GET_DIRTY_LOG: reserved must be zero");
	DIRTY(slot, 1 << 16, EINVAL, "GET_DIRTY_LOG: address space 1");
	DIRTY(slot, 7, EINVAL, "GET_DIRTY_LOG: no such memslot");
	DIRTY(first_page, 1, EINVAL,
	      "GET_DIRTY_LOG: first_page not a multiple of 64");
	DIRTY(first_page, REALM_SLOT_PAGES, EINVAL,
	      "GET_DIRTY_LOG: first_page past the slot");
	DIRTY(num_pages, 0, EINVAL, "GET_DIRTY_LOG: num_pages 0");
	DIRTY(num_pages, REALM_SLOT_PAGES + 64, EINVAL,
	      "GET_DIRTY_LOG: range past the slot");
	DIRTY(num_pages, 65, EINVAL,
	      "GET_DIRTY_LOG: num_pages not a multiple of 64, short of the end");
	DIRTY(dirty_bitmap, (u64)bad_ptr, EFAULT,
	      "GET_DIRTY_LOG: unwritable bitmap");
#undef DIRTY

	memset(&a, 0, sizeof(a));
	a.abort.flags = 1;
	check(vm, KVM_CCA_MIG_ABORT, &a, EINVAL, "ABORT: flags must be zero");
	memset(&a, 0, sizeof(a));
	a.abort.reserved[3] = 1;
	check(vm, KVM_CCA_MIG_ABORT, &a, EINVAL,
	      "ABORT: reserved must be zero");
}

static void test_source_paused(struct kvm_vm *vm)
{
	union cca_mig_args a;

#define SAVE(field, value, why) do {					\
	memset(&a, 0, sizeof(a));					\
	a.rec.field = (value);						\
	check(vm, KVM_CCA_MIG_SAVE_REC, &a, EINVAL, why);		\
} while (0)
	SAVE(flags, 1, "SAVE_REC: flags must be zero");
	SAVE(reserved[0], 1, "SAVE_REC: reserved must be zero");
	SAVE(blob, 0x1000, "SAVE_REC: takes no blob");
	SAVE(blob_len, KVM_CCA_MIG_REC_BLOB_LEN, "SAVE_REC: takes no length");
	SAVE(vcpu_id, 99, "SAVE_REC: no vCPU 99");
#undef SAVE
	check(vm, KVM_CCA_MIG_PAUSE, NULL, EBUSY, "SRC_PAUSED: PAUSE twice");
	memset(&a, 0, sizeof(a));
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EBUSY,
	      "SRC_PAUSED: IMPORT_RAM is for destinations");
}

static void test_destination_open(struct kvm_vm *vm)
{
	union cca_mig_args a;

	memset(&a, 0, sizeof(a));
	a.export_ram.npages = 1;
	check(vm, KVM_CCA_MIG_EXPORT_RAM, &a, EBUSY,
	      "DST_OPEN: EXPORT_RAM is for sources");
	memset(&a, 0, sizeof(a));
	check(vm, KVM_CCA_MIG_GET_DIRTY_LOG, &a, EBUSY,
	      "DST_OPEN: GET_DIRTY_LOG is for sources");
	check(vm, KVM_CCA_MIG_PAUSE, NULL, EBUSY,
	      "DST_OPEN: PAUSE is for sources");
	check(vm, KVM_CCA_MIG_SAVE_REC, &a, EBUSY,
	      "DST_OPEN: SAVE_REC is for sources");
	check(vm, KVM_CCA_MIG_LOAD_REC, &a, EBUSY,
	      "DST_OPEN: LOAD_REC before the REALM record");
	check(vm, KVM_CCA_MIG_FINISH, NULL, EBUSY,
	      "DST_OPEN: FINISH before the END record");
	a.import_ram.reserved[1] = 1;
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EINVAL,
	      "IMPORT_RAM: reserved must be zero");
	memset(&a, 0, sizeof(a));
	a.import_ram.pad = 1;
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EINVAL,
	      "IMPORT_RAM: pad must be zero");
	memset(&a, 0, sizeof(a));
	a.import_ram.flags = 0x2;
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EINVAL,
	      "IMPORT_RAM: unknown flag 0x2");
	memset(&a, 0, sizeof(a));
	a.import_ram.flags = KVM_CCA_MIG_IMPORT_RING;
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EINVAL,
	      "IMPORT_RAM: IMPORT_RING without a ring stream fd");
	memset(&a, 0, sizeof(a));
	a.import_ram.buf = (u64)&a;
	a.import_ram.len = (u64)INT_MAX + 1;
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EINVAL,
	      "IMPORT_RAM: len above INT_MAX");
}

static void test_destination_importing(struct kvm_vm *vm)
{
	static u8 blob[KVM_CCA_MIG_REC_BLOB_LEN];
	union cca_mig_args a;

#define LOAD(field, value, err, why) do {				\
	memset(&a, 0, sizeof(a));					\
	a.rec.blob = (u64)blob;						\
	a.rec.blob_len = KVM_CCA_MIG_REC_BLOB_LEN;			\
	a.rec.field = (value);						\
	check(vm, KVM_CCA_MIG_LOAD_REC, &a, err, why);			\
} while (0)
	LOAD(flags, 1, EINVAL, "LOAD_REC: flags must be zero");
	LOAD(reserved[1], 1, EINVAL, "LOAD_REC: reserved must be zero");
	LOAD(blob, 0, EINVAL, "LOAD_REC: needs a blob");
	LOAD(blob_len, KVM_CCA_MIG_REC_BLOB_LEN - 1, EINVAL,
	     "LOAD_REC: blob_len must be 0x940");
	LOAD(vcpu_id, 99, EINVAL, "LOAD_REC: no vCPU 99");
	LOAD(blob, (u64)bad_ptr, EFAULT, "LOAD_REC: unreadable blob");
#undef LOAD
}

static void test_destination_abort(struct kvm_vm *vm)
{
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN], again[sizeof(token)];
	union cca_mig_args a;

	memset(&a, 0, sizeof(a));
	a.abort.token_len = sizeof(token);
	check(vm, KVM_CCA_MIG_ABORT, &a, EINVAL,
	      "ABORT: a destination needs a token buffer");
	a.abort.token = (u64)token;
	a.abort.token_len = sizeof(token) - 1;
	check(vm, KVM_CCA_MIG_ABORT, &a, EINVAL,
	      "ABORT: token buffer below 0x80 bytes");
	a.abort.token = (u64)bad_ptr;
	a.abort.token_len = sizeof(token);
	check(vm, KVM_CCA_MIG_ABORT, &a, EFAULT,
	      "ABORT: unwritable token buffer");
	a.abort.token = (u64)token;
	check(vm, KVM_CCA_MIG_ABORT, &a, 0, "ABORT: a destination aborts");
	expect(a.abort.token_len == sizeof(token) ? 0 : -1, 0,
	       "ABORT: ... and returns a 0x80-byte token");
	expect(cca_mig_state(vm) == KVM_CCA_MIG_STATE_DST_ABORTED ? 0 : -1, 0,
	       "ABORT: ... and is DST_ABORTED");
	a.abort.token = (u64)again;
	check(vm, KVM_CCA_MIG_ABORT, &a, 0, "DST_ABORTED: ABORT again");
	expect(memcmp(token, again, sizeof(token)) ? -1 : 0, 0,
	       "DST_ABORTED: ... returns the identical token");
	memset(&a, 0, sizeof(a));
	check(vm, KVM_CCA_MIG_IMPORT_RAM, &a, EBUSY,
	      "DST_ABORTED: IMPORT_RAM");
	check(vm, KVM_CCA_MIG_FINISH, NULL, EBUSY, "DST_ABORTED: FINISH");
}

static void test_states(struct kvm_vm *src, const u64 rim[REALM_RIM_WORDS])
{
	u8 nonce[KVM_CCA_MIG_NONCE_SIZE];
	struct cca_mig_keys keys;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *dst;
	union cca_mig_args a;
	int sfd, dfd;

	if (!cca_mig_get_keys(agent, 0x5e55, rim, &keys)) {
		nr_cases++;
		ksft_test_result_skip("migration states: no migration agent (-a)\n");
		return;
	}
	dst = realm_vm_create_dst(src, guest_code, &vcpu);
	cca_mig_start(dst, KVM_CCA_MIG_ROLE_DESTINATION, keys.session_id,
		      keys.dst, keys.dst_len, NULL, nonce);
	test_destination_open(dst);
	realm_vcpus_finalize(dst);
	dfd = cca_mig_stream_fd(dst, 0);

	cca_mig_start(src, KVM_CCA_MIG_ROLE_SOURCE, keys.session_id,
		      keys.src, keys.src_len, nonce, NULL);
	test_source_precopy(src, keys.src);
	memset(&a, 0, sizeof(a));
	a.stream_fd.flags = KVM_CCA_MIG_FD_NONBLOCK;
	check(src, KVM_CCA_MIG_STREAM_FD, &a, 0, "SRC_PRECOPY: STREAM_FD");
	sfd = a.stream_fd.fd;
	check(src, KVM_CCA_MIG_STREAM_FD, &a, EBUSY,
	      "SRC_PRECOPY: STREAM_FD twice");

	cca_mig_pump(sfd, dfd);
	expect(cca_mig_state(dst) == KVM_CCA_MIG_STATE_DST_IMPORTING ? 0 : -1,
	       0, "the REALM record makes the destination DST_IMPORTING");
	test_destination_importing(dst);

	check(src, KVM_CCA_MIG_PAUSE, NULL, 0, "SRC_PRECOPY: PAUSE");
	test_source_paused(src);
	memset(&a, 0, sizeof(a));
	check(src, KVM_CCA_MIG_ABORT, &a, 0,
	      "SRC_PAUSED: ABORT without a token");
	expect(cca_mig_state(src) == KVM_CCA_MIG_STATE_NONE ? 0 : -1, 0,
	       "SRC_PAUSED: ... goes back to NONE");

	test_destination_abort(dst);
	close(sfd);
	close(dfd);
	kvm_vm_free(dst);
}

static void test_realm(void)
{
	u8 garbage[0x100];
	u64 rim[REALM_RIM_WORDS];
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;

	if (!realm_supported()) {
		nr_cases++;
		ksft_test_result_skip("realm cases: no KVM_CAP_ARM_RMI\n");
		return;
	}
	vm = realm_vm_create(1, guest_code, &vcpu);
	if (!vm_check_cap(vm, KVM_CAP_ARM_CCA_MIG)) {
		kvm_vm_free(vm);
		nr_cases++;
		ksft_test_result_skip("realm cases: no KVM_CAP_ARM_CCA_MIG\n");
		return;
	}
	kvm_vm_free(vm);

	vm = realm_running(rim);
	memset(garbage, 0xa5, sizeof(garbage));
	test_envelope(vm);
	test_start_args(vm, garbage);
	test_no_migration(vm);
	test_states(vm, rim);
	kvm_vm_free(vm);
}

int main(int argc, char *argv[])
{
	int opt;

	agent = getenv("CCA_MIG_AGENT");
	while ((opt = getopt(argc, argv, "a:h")) != -1) {
		switch (opt) {
		case 'a':
			agent = optarg;
			break;
		default:
			printf("usage: %s [-a AGENT] (see cca_mig_test -h)\n",
			       argv[0]);
			exit(opt == 'h' ? KSFT_PASS : KSFT_FAIL);
		}
	}

	bad_ptr = mmap(NULL, getpagesize(), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(bad_ptr != MAP_FAILED, "mmap");
	munmap(bad_ptr, getpagesize());

	ksft_print_header();
	test_non_realm();
	test_realm();
	/* The number of cases depends on what the host offers: plan last. */
	ksft_set_plan(nr_cases);
	ksft_finished();
}
