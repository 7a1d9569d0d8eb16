// SPDX-License-Identifier: GPL-2.0
/*
 * The patch series' KVM code for realm migration (arch/arm64/kvm/rmi/):
 *
 * - every rmi_mig_*() wrapper of arm-rmi-mig-cmds.h puts its arguments in
 *   the registers RMI-MIG defines and reads its outputs from the right
 *   ones, checked against a stand-in firmware (shim_set_smc_answer()), and
 *   against the RMM model: RMI_MIG_FEATURES and RMI_MIG_SESSION_OPEN's
 *   documented answers, or -EOPNOTSUPP where the model has no RMI-MIG;
 * - registration and the KVM_CCA_MIG_OP hook of rmi-mig.c: no module,
 *   double registration, forwarding with kvm->lock and a module reference,
 *   a module being unloaded, per-VM state and the release call;
 * - the host interface: RD and REC addresses, vCPU by MPIDR, guest_memfd
 *   pfn lookup, protected ranges, RTT create-on-demand, delegate and
 *   undelegate (leak on failure), blocking vCPU entry (KVM_RUN errnos and
 *   the wait for a running vCPU);
 * - import mode: realm creation with RMI_REALM_FLAGS0_MIG_IMPORT, refused
 *   populate, KVM_RUN and protected faults, and completion.
 *
 * VMs come from the harness's mini KVM core (host/kvm_core.h). Each test
 * ends with no granule delegated and nothing allocated.
 */
#include <linux/arm-rmi-cmds.h>
#include <linux/arm-rmi-mig-cmds.h>
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <asm/kvm_rmi.h>
#include <asm/kvm_rmi_mig.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cca_host.h"
#include "kvm_core.h"
#include "shim.h"
#include "test.h"

#define MIG_TEST_DRAM		(64UL << 20)
#define TEST_RAM_SIZE		(2UL << 20)
#define RUN_BUDGET		200000UL

/* The VM being tested; put by the teardown if a test fails. */
static struct kvm *cur;
/* RMI_MIG_FEATURES answered: the model implements RMI-MIG. */
static bool model_has_mig;

static void put_cur(void)
{
	if (cur)
		kvm_put_kvm(cur);
	cur = NULL;
}

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

/* A realm VM with @name loaded and its vCPUs finalized (not run yet). */
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
	ret = kvm_shim_boot(&cfg, img, len, &kvm);
	free(img);
	if (ret) {
		printf("# booting %s: %d\n", name, ret);
		return NULL;
	}
	cur = kvm;
	return kvm;
}

/* A realm VM without an RD yet. */
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
	cur = kvm;
	return kvm;
}

static bool nothing_left(void)
{
	unsigned long delegated = shim_model_granules_delegated();

	if (delegated || shim_nr_allocated() || shim_nr_pages_allocated()) {
		printf("# left: %lu granules, %ld objects, %ld pages\n",
		       delegated, shim_nr_allocated(),
		       shim_nr_pages_allocated());
		return false;
	}
	return true;
}

static bool suite_setup(void)
{
	unsigned long version;

	if (shim_model_init(MIG_TEST_DRAM) || cca_host_rmi_init())
		return false;
	model_has_mig = rmi_mig_features(&version, NULL) == 0;
	return true;
}

static const struct kvm_rmi_mig_ops test_ops;

static bool suite_teardown(void)
{
	bool ok = true;
	long leaked;

	put_cur();
	/* A test that failed with its ops registered. */
	if (kvm_arm_rmi_mig_available())
		kvm_rmi_mig_unregister(&test_ops);
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
/* The wrappers' register marshalling, against a stand-in firmware        */

/*
 * The stand-in answers one function ID: it records the arguments and
 * answers @status with X1..X17 = OUT(n), distinct per register.
 */
#define OUT(n)		(0x5100000000000000ULL | (u64)(n) * 0x101)

struct fake_fw {
	u64 fid;
	u64 status;
	unsigned int calls;
	struct arm_smccc_1_2_regs args;
};

static bool fake_answer(const struct arm_smccc_1_2_regs *args,
			struct arm_smccc_1_2_regs *res, void *priv)
{
	struct fake_fw *fw = priv;
	unsigned long *r = &res->a0;
	unsigned int i;

	if (args->a0 != fw->fid)
		return false;
	fw->calls++;
	fw->args = *args;
	memset(res, 0, sizeof(*res));
	r[0] = fw->status;
	for (i = 1; i < 18; i++)
		r[i] = OUT(i);
	return true;
}

static void fake_fw_set(struct fake_fw *fw, u64 fid, u64 status)
{
	memset(fw, 0, sizeof(*fw));
	fw->fid = fid;
	fw->status = status;
	shim_set_smc_answer(fake_answer, fw);
}

/* X1..X@n of the last call are @v[0..n-1]; the rest are zero. */
static bool fake_args_are(const struct fake_fw *fw, const u64 *v,
			  unsigned int n)
{
	const unsigned long *a = &fw->args.a1;
	unsigned int i;

	for (i = 0; i < 17; i++) {
		u64 want = i < n ? v[i] : 0;

		if (a[i] != want) {
			printf("# X%u = %#llx, expected %#llx\n", i + 1,
			       (unsigned long long)a[i],
			       (unsigned long long)want);
			return false;
		}
	}
	return true;
}

/* The last call's X1.. are the arguments given, the rest zero. */
#define ASSERT_ARGS(fw, ...)						\
	do {								\
		const u64 __v[] = { __VA_ARGS__ };			\
									\
		ASSERT_TRUE(fake_args_are(fw, __v, ARRAY_SIZE(__v)));	\
	} while (0)

/* RMI_ERROR_MIG(AUTH): what the stand-in answers for the failure path */
#define MIG_AUTH	(RMI_ERROR_MIG | (RMI_MIG_REASON_AUTH << 8))

static void test_wrappers_no_output_commands(void)
{
	struct fake_fw fw;

	fake_fw_set(&fw, SMC_RMI_MIG_SESSION_CLOSE, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_session_close(0x1000), 0);
	ASSERT_ARGS(&fw, 0x1000);

	fake_fw_set(&fw, SMC_RMI_MIG_PAUSE, RMI_ERROR_REC);
	ASSERT_EQ(rmi_mig_pause(0x2000), RMI_ERROR_REC);
	ASSERT_ARGS(&fw, 0x2000);

	fake_fw_set(&fw, SMC_RMI_MIG_IMPORT_REALM, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_import_realm(0x3000, 0x4000), 0);
	ASSERT_ARGS(&fw, 0x3000, 0x4000);

	fake_fw_set(&fw, SMC_RMI_MIG_IMPORT_EPOCH, MIG_AUTH);
	ASSERT_EQ(rmi_mig_import_epoch(0x3000, 0x5000), MIG_AUTH);
	ASSERT_ARGS(&fw, 0x3000, 0x5000);

	fake_fw_set(&fw, SMC_RMI_MIG_IMPORT_REC, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_import_rec(0x3000, 0x6000, 0x7000), 0);
	ASSERT_ARGS(&fw, 0x3000, 0x6000, 0x7000);

	fake_fw_set(&fw, SMC_RMI_MIG_IMPORT_END, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_import_end(0x3000, 0x8000), 0);
	ASSERT_ARGS(&fw, 0x3000, 0x8000);
	ASSERT_EQ(fw.calls, 1);
}

static void test_wrappers_outputs(void)
{
	struct rmi_mig_session_state st;
	unsigned long a = 0, b = 0;
	struct fake_fw fw;
	u8 nonce[RMI_MIG_NONCE_SIZE];
	__le64 want[4];

	fake_fw_set(&fw, SMC_RMI_MIG_FEATURES, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_features(&a, &b), 0);
	ASSERT_ARGS(&fw);
	ASSERT_EQ(a, OUT(1));
	ASSERT_EQ(b, OUT(2));

	fake_fw_set(&fw, SMC_RMI_MIG_SESSION_OPEN, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_session_open(0x1000, 0x2000, RMI_MIG_ROLE_SOURCE,
				       0x1122334455667788ULL, nonce), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x2000, 1,
		    0x1122334455667788ULL);
	/* The nonce: bytes [8n, 8n + 8) from X(n+1), little endian. */
	want[0] = cpu_to_le64(OUT(1));
	want[1] = cpu_to_le64(OUT(2));
	want[2] = cpu_to_le64(OUT(3));
	want[3] = cpu_to_le64(OUT(4));
	ASSERT_MEM_EQ(nonce, want, sizeof(nonce));

	fake_fw_set(&fw, SMC_RMI_MIG_SESSION_STATE, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_session_state(0x1000, &st), 0);
	ASSERT_ARGS(&fw, 0x1000);
	ASSERT_EQ(st.state, OUT(1));
	ASSERT_EQ(st.epoch, OUT(2));
	ASSERT_EQ(st.next_counter, OUT(3));
	ASSERT_EQ(st.content, OUT(4));
	ASSERT_EQ(st.state_only, OUT(5));
	ASSERT_EQ(st.unclean, OUT(6));

	fake_fw_set(&fw, SMC_RMI_MIG_TRACK_START, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_track_start(0x1000, 0x80000000, 0x80200000, &a), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x80000000, 0x80200000);
	ASSERT_EQ(a, OUT(1));

	fake_fw_set(&fw, SMC_RMI_MIG_TRACK_STOP, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_track_stop(0x1000, 0x80000000, 0x80200000, &a), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x80000000, 0x80200000);
	ASSERT_EQ(a, OUT(1));

	fake_fw_set(&fw, SMC_RMI_MIG_DIRTY_HARVEST, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_dirty_harvest(0x1000, 0x80000000, 0x88000000,
					0x9000, &a, &b), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x80000000, 0x88000000,
		    0x9000);
	ASSERT_EQ(a, OUT(1));
	ASSERT_EQ(b, OUT(2));

	fake_fw_set(&fw, SMC_RMI_MIG_EXPORT_REALM, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_export_realm(0x1000, 0x9000, &a), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x9000);
	ASSERT_EQ(a, OUT(1));

	fake_fw_set(&fw, SMC_RMI_MIG_EXPORT_PAGES, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_export_pages(0x1000, 512, 0xa000, 0xb000, 0xc000,
				       &a, &b), 0);
	ASSERT_ARGS(&fw, 0x1000, 512, 0xa000, 0xb000,
		    0xc000);
	ASSERT_EQ(a, OUT(1));
	ASSERT_EQ(b, OUT(2));

	fake_fw_set(&fw, SMC_RMI_MIG_EPOCH_END, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_epoch_end(0x1000, 0x9000, &a, &b), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x9000);
	ASSERT_EQ(a, OUT(1));
	ASSERT_EQ(b, OUT(2));

	fake_fw_set(&fw, SMC_RMI_MIG_EXPORT_REC, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_export_rec(0x1000, 0x2000, 0x9000, &a), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x2000, 0x9000);
	ASSERT_EQ(a, OUT(1));

	fake_fw_set(&fw, SMC_RMI_MIG_END, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_end(0x1000, 0x9000, &a), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x9000);
	ASSERT_EQ(a, OUT(1));

	fake_fw_set(&fw, SMC_RMI_MIG_IMPORT_PAGES, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_import_pages(0x1000, 3, 0xa000, 0xb000, 0xc000,
				       &a), 0);
	ASSERT_ARGS(&fw, 0x1000, 3, 0xa000, 0xb000,
		    0xc000);
	ASSERT_EQ(a, OUT(1));

	fake_fw_set(&fw, SMC_RMI_MIG_ABORT, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_abort(0x1000, 0x9000, &a), 0);
	ASSERT_ARGS(&fw, 0x1000, 0x9000);
	ASSERT_EQ(a, OUT(1));
	ASSERT_EQ(fw.calls, 1);

	/* NULL outputs are allowed where documented. */
	fake_fw_set(&fw, SMC_RMI_MIG_EPOCH_END, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_epoch_end(0x1000, 0x9000, NULL, NULL), 0);
	fake_fw_set(&fw, SMC_RMI_MIG_ABORT, RMI_SUCCESS);
	ASSERT_EQ(rmi_mig_abort(0x1000, 0, NULL), 0);
	ASSERT_ARGS(&fw, 0x1000);
}

/* On failure no output is written, and the RMI status comes back whole. */
static void test_wrappers_failure_leaves_outputs(void)
{
	const unsigned long poison = 0xdeadbeef;
	unsigned long a = poison, b = poison;
	struct rmi_mig_session_state st;
	u8 nonce[RMI_MIG_NONCE_SIZE];
	struct fake_fw fw;

	memset(nonce, 0xa5, sizeof(nonce));
	memset(&st, 0xa5, sizeof(st));

	fake_fw_set(&fw, SMC_RMI_MIG_FEATURES, RMI_ERROR_INPUT);
	ASSERT_EQ(rmi_mig_features(&a, &b), RMI_ERROR_INPUT);
	fake_fw_set(&fw, SMC_RMI_MIG_SESSION_OPEN, MIG_AUTH);
	ASSERT_EQ(rmi_mig_session_open(1, 2, 2, 3, nonce), MIG_AUTH);
	ASSERT_EQ(nonce[0], 0xa5);
	fake_fw_set(&fw, SMC_RMI_MIG_SESSION_STATE, RMI_ERROR_INPUT);
	ASSERT_EQ(rmi_mig_session_state(1, &st), RMI_ERROR_INPUT);
	ASSERT_EQ(st.state, 0xa5a5a5a5a5a5a5a5UL);
	fake_fw_set(&fw, SMC_RMI_MIG_TRACK_START, RMI_ERROR_RTT | (2 << 8));
	ASSERT_EQ(rmi_mig_track_start(1, 2, 3, &a), RMI_ERROR_RTT | (2 << 8));
	fake_fw_set(&fw, SMC_RMI_MIG_DIRTY_HARVEST, RMI_ERROR_REALM);
	ASSERT_EQ(rmi_mig_dirty_harvest(1, 2, 3, 4, &a, &b), RMI_ERROR_REALM);
	fake_fw_set(&fw, SMC_RMI_MIG_EXPORT_PAGES, RMI_ERROR_RTT | (1 << 8));
	ASSERT_EQ(rmi_mig_export_pages(1, 1, 2, 3, 4, &a, &b),
		  RMI_ERROR_RTT | (1 << 8));
	fake_fw_set(&fw, SMC_RMI_MIG_IMPORT_PAGES, MIG_AUTH);
	ASSERT_EQ(rmi_mig_import_pages(1, 1, 2, 3, 4, &a), MIG_AUTH);
	fake_fw_set(&fw, SMC_RMI_MIG_END, RMI_ERROR_MIG |
		    (RMI_MIG_REASON_INCOMPLETE << 8));
	ASSERT_EQ(rmi_mig_end(1, 2, &a),
		  RMI_ERROR_MIG | (RMI_MIG_REASON_INCOMPLETE << 8));
	ASSERT_EQ(a, poison);
	ASSERT_EQ(b, poison);

	/* An RMM without the function: SMCCC_RET_NOT_SUPPORTED. */
	fake_fw_set(&fw, SMC_RMI_MIG_PAUSE, (u64)SMCCC_RET_NOT_SUPPORTED);
	ASSERT_EQ(rmi_mig_pause(1), -EOPNOTSUPP);
	fake_fw_set(&fw, SMC_RMI_MIG_EXPORT_REALM, (u64)SMCCC_RET_NOT_SUPPORTED);
	ASSERT_EQ(rmi_mig_export_realm(1, 2, &a), -EOPNOTSUPP);
	ASSERT_EQ(a, poison);
}

/* The model: RMI_MIG_FEATURES's documented values (section 2.2). */
static void test_model_features(void)
{
	unsigned long version = 0, features = 0;
	long ret = rmi_mig_features(&version, &features);

	if (!model_has_mig) {
		printf("# the model has no RMI-MIG yet: NOT_SUPPORTED path\n");
		ASSERT_EQ(ret, -EOPNOTSUPP);
		/* A reserved function ID answers the same (section 2.1). */
		return;
	}
	ASSERT_EQ(ret, 0);
	ASSERT_EQ(version, 0x00010000);
	ASSERT_EQ(features, 0xF0200);
	ASSERT_EQ(FIELD_GET(RMI_MIG_FEAT_MAX_BATCH, features),
		  RMI_MIG_MAX_BATCH);
}

/*
 * The model: RMI_MIG_SESSION_OPEN on a running realm with a malformed
 * parameter page (open.params_fmt) and a key blob with a bad magic
 * (open.blob_fmt).
 */
static void test_model_session_open_bad_key(void)
{
	struct rmi_mig_session_params *params;
	struct cca_event ev;
	u8 nonce[RMI_MIG_NONCE_SIZE];
	phys_addr_t rd;
	struct kvm *kvm;
	long ret;

	kvm = boot_vm("hello", 1);
	ASSERT_TRUE(kvm);
	/* Activate it: a source session needs an ACTIVE realm. */
	ASSERT_EQ(kvm_shim_vcpu_run(kvm_get_vcpu(kvm, 0), &ev, RUN_BUDGET), 0);
	scoped_guard(mutex, &kvm->lock)
		rd = kvm_rmi_mig_rd_phys(kvm);
	ASSERT_NE(rd, 0);

	params = (void *)get_zeroed_page(GFP_KERNEL);
	ASSERT_TRUE(params);
	memset(params->peer_nonce, 0x5a, sizeof(params->peer_nonce));
	params->blob_len = 0x10;	/* below 0x20 */
	ret = rmi_mig_session_open(rd, virt_to_phys(params),
				   RMI_MIG_ROLE_SOURCE, 1, nonce);
	if (!model_has_mig) {
		free_page((unsigned long)params);
		ASSERT_EQ(ret, -EOPNOTSUPP);
		put_cur();
		return;
	}
	ASSERT_EQ(ret, RMI_ERROR_INPUT);

	params->blob_len = 0xe0;
	memset(params->blob, 0x42, 0xe0);	/* magic is not "RMKB" */
	ret = rmi_mig_session_open(rd, virt_to_phys(params),
				   RMI_MIG_ROLE_SOURCE, 1, nonce);
	ASSERT_EQ(RMI_RESULT_STATUS(ret), RMI_ERROR_MIG);
	ASSERT_EQ(RMI_RESULT_DATA_LEVEL(ret), RMI_MIG_REASON_FORMAT);
	/* Nothing opened: the mig state is still NONE. */
	{
		struct rmi_mig_session_state st;

		ASSERT_EQ(rmi_mig_session_state(rd, &st), 0);
		ASSERT_EQ(st.state, RMI_MIG_STATE_NONE);
	}
	free_page((unsigned long)params);
	put_cur();
}

/* ---------------------------------------------------------------------- */
/* Registration and the ioctl hook                                        */

struct test_ops_log {
	struct kvm *kvm;
	void __user *argp;
	bool locked;
	int refs_in_call;
	unsigned int ioctls;
	unsigned int releases;
	bool release_locked;
	bool forget_priv;
};

static struct test_ops_log ops_log;
static struct module test_module = { .name = "test_mig" };

static long test_vm_ioctl(struct kvm *kvm, void __user *argp)
{
	ops_log.kvm = kvm;
	ops_log.argp = argp;
	ops_log.locked = lockdep_is_held(&kvm->lock);
	ops_log.refs_in_call = test_module.refcnt;
	ops_log.ioctls++;
	if (argp == (void __user *)0x5e7)
		kvm_rmi_mig_set_priv(kvm, &ops_log);
	return 1234;
}

static void test_vm_release(struct kvm *kvm)
{
	ops_log.releases++;
	ops_log.release_locked = lockdep_is_held(&kvm->lock);
	if (!ops_log.forget_priv)
		kvm_rmi_mig_set_priv(kvm, NULL);
}

static const struct kvm_rmi_mig_ops test_ops = {
	.owner = &test_module,
	.vm_ioctl = test_vm_ioctl,
	.vm_release = test_vm_release,
};

static const struct kvm_rmi_mig_ops other_ops = {
	.owner = THIS_MODULE,
	.vm_ioctl = test_vm_ioctl,
	.vm_release = test_vm_release,
};

static void reset_ops_log(void)
{
	memset(&ops_log, 0, sizeof(ops_log));
	test_module.refcnt = 0;
	test_module.going = false;
}

static void test_ioctl_no_module(void)
{
	struct kvm *kvm = new_vm(1);

	ASSERT_TRUE(kvm);
	ASSERT_FALSE(kvm_arm_rmi_mig_available());
	ASSERT_EQ(kvm_shim_vm_ioctl_mig(kvm, (void __user *)0x1000), -ENOTTY);
	put_cur();
}

static void test_register_errors(void)
{
	struct kvm_rmi_mig_ops no_ioctl = test_ops, no_release = test_ops;

	no_ioctl.vm_ioctl = NULL;
	no_release.vm_release = NULL;
	reset_ops_log();
	ASSERT_EQ(kvm_rmi_mig_register(NULL), -EINVAL);
	ASSERT_EQ(kvm_rmi_mig_register(&no_ioctl), -EINVAL);
	ASSERT_EQ(kvm_rmi_mig_register(&no_release), -EINVAL);
	ASSERT_FALSE(kvm_arm_rmi_mig_available());

	ASSERT_EQ(kvm_rmi_mig_register(&test_ops), 0);
	ASSERT_TRUE(kvm_arm_rmi_mig_available());
	/* One module at a time, the same one included. */
	ASSERT_EQ(kvm_rmi_mig_register(&other_ops), -EBUSY);
	ASSERT_EQ(kvm_rmi_mig_register(&test_ops), -EBUSY);
	/* Unregistering ops that are not registered changes nothing. */
	shim_expect_warnings(1);
	kvm_rmi_mig_unregister(&other_ops);
	ASSERT_EQ(shim_nr_warnings(), 1);
	shim_reset_warnings();
	ASSERT_TRUE(kvm_arm_rmi_mig_available());
	kvm_rmi_mig_unregister(&test_ops);
	ASSERT_FALSE(kvm_arm_rmi_mig_available());
	ASSERT_EQ(kvm_rmi_mig_register(&other_ops), 0);
	kvm_rmi_mig_unregister(&other_ops);
	ASSERT_EQ(test_module.refcnt, 0);
}

static void test_ioctl_forwarding(void)
{
	struct kvm *kvm = new_vm(1);

	ASSERT_TRUE(kvm);
	reset_ops_log();
	ASSERT_EQ(kvm_rmi_mig_register(&test_ops), 0);

	ASSERT_EQ(kvm_shim_vm_ioctl_mig(kvm, (void __user *)0xabc0), 1234);
	ASSERT_EQ(ops_log.ioctls, 1);
	ASSERT_TRUE(ops_log.kvm == kvm);
	ASSERT_TRUE(ops_log.argp == (void __user *)0xabc0);
	/* Called with kvm->lock and a reference on the module... */
	ASSERT_TRUE(ops_log.locked);
	ASSERT_EQ(ops_log.refs_in_call, 1);
	/* ...both dropped afterwards. */
	ASSERT_FALSE(mutex_is_locked(&kvm->lock));
	ASSERT_EQ(test_module.refcnt, 0);

	/* A module being unloaded is not called. */
	test_module.going = true;
	ASSERT_EQ(kvm_shim_vm_ioctl_mig(kvm, (void __user *)0xabc0), -ENOTTY);
	ASSERT_EQ(ops_log.ioctls, 1);
	test_module.going = false;

	/* Not a realm VM: refused before the module sees it. */
	kvm->arch.is_realm = false;
	ASSERT_EQ(kvm_shim_vm_ioctl_mig(kvm, (void __user *)0xabc0), -EINVAL);
	kvm->arch.is_realm = true;
	ASSERT_EQ(ops_log.ioctls, 1);
	ASSERT_EQ(test_module.refcnt, 0);

	/* A VM without per-VM state is released without calling the module. */
	put_cur();
	ASSERT_EQ(ops_log.releases, 0);

	/* Unregistered: the ioctl is unknown again. */
	kvm_rmi_mig_unregister(&test_ops);
	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	ASSERT_EQ(kvm_shim_vm_ioctl_mig(kvm, (void __user *)0xabc0), -ENOTTY);
	ASSERT_EQ(ops_log.ioctls, 1);
}

static void test_priv_and_release(void)
{
	struct kvm *kvm = new_vm(1);

	ASSERT_TRUE(kvm);
	reset_ops_log();
	ASSERT_EQ(kvm_rmi_mig_register(&test_ops), 0);

	/* The module keeps per-VM state: that pins the module. */
	ASSERT_EQ(kvm_shim_vm_ioctl_mig(kvm, (void __user *)0x5e7), 1234);
	scoped_guard(mutex, &kvm->lock)
		ASSERT_TRUE(kvm_rmi_mig_get_priv(kvm) == &ops_log);
	ASSERT_EQ(test_module.refcnt, 1);

	/* The VM dies: the module is told, with kvm->lock, and lets go. */
	put_cur();
	ASSERT_EQ(ops_log.releases, 1);
	ASSERT_TRUE(ops_log.release_locked);
	ASSERT_EQ(test_module.refcnt, 0);

	/* A module that forgets its state: WARN, and the reference is dropped. */
	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	ops_log.forget_priv = true;
	ASSERT_EQ(kvm_shim_vm_ioctl_mig(kvm, (void __user *)0x5e7), 1234);
	ASSERT_EQ(test_module.refcnt, 1);
	shim_expect_warnings(1);
	put_cur();
	ASSERT_EQ(shim_nr_warnings(), 1);
	shim_reset_warnings();
	ASSERT_EQ(ops_log.releases, 2);
	ASSERT_EQ(test_module.refcnt, 0);
	kvm_rmi_mig_unregister(&test_ops);

	/* Per-VM state needs a registered module. */
	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	shim_expect_warnings(1);
	scoped_guard(mutex, &kvm->lock) {
		kvm_rmi_mig_set_priv(kvm, &ops_log);
		ASSERT_FALSE(kvm_rmi_mig_get_priv(kvm));
	}
	ASSERT_EQ(shim_nr_warnings(), 1);
	shim_reset_warnings();
	put_cur();
}

/* ---------------------------------------------------------------------- */
/* The host interface                                                     */

static void test_host_interface_basics(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm *kvm;
	phys_addr_t rd;

	kvm = new_vm(2);
	ASSERT_TRUE(kvm);
	ASSERT_EQ(kvm_rmi_mig_ipa_bits(kvm), CCA_DEFAULT_IA_BITS);
	/* No RD and no RECs before the first populate or finalize. */
	scoped_guard(mutex, &kvm->lock)
		ASSERT_EQ(kvm_rmi_mig_rd_phys(kvm), 0);
	ASSERT_EQ(kvm_rmi_mig_rec_phys(kvm_get_vcpu(kvm, 1)), 0);

	ASSERT_EQ(kvm_shim_finalize_vcpus(kvm), 0);
	scoped_guard(mutex, &kvm->lock)
		rd = kvm_rmi_mig_rd_phys(kvm);
	ASSERT_NE(rd, 0);
	ASSERT_EQ(strcmp(shim_model_granule_state(rd), "RD"), 0);
	vcpu = kvm_get_vcpu(kvm, 1);
	ASSERT_EQ(strcmp(shim_model_granule_state(kvm_rmi_mig_rec_phys(vcpu)),
			 "REC"), 0);
	ASSERT_TRUE(kvm_rmi_mig_vcpu_by_mpidr(kvm, cca_rec_mpidr(1)) == vcpu);
	ASSERT_TRUE(kvm_rmi_mig_vcpu_by_mpidr(kvm, cca_rec_mpidr(0)) ==
		    kvm_get_vcpu(kvm, 0));
	ASSERT_FALSE(kvm_rmi_mig_vcpu_by_mpidr(kvm, cca_rec_mpidr(7)));

	/* A VM that is not a realm has none of this. */
	kvm->arch.is_realm = false;
	ASSERT_EQ(kvm_rmi_mig_ipa_bits(kvm), 0);
	scoped_guard(mutex, &kvm->lock)
		ASSERT_EQ(kvm_rmi_mig_rd_phys(kvm), 0);
	ASSERT_EQ(kvm_rmi_mig_rec_phys(vcpu), 0);
	kvm->arch.is_realm = true;
	put_cur();
	ASSERT_TRUE(nothing_left());
}

static int count_range(struct kvm *kvm, u64 base, u64 top, void *arg)
{
	u64 *r = arg;

	r[0]++;
	r[1] = base;
	r[2] = top;
	return r[3];
}

static void test_gmem_pfn_and_ranges(void)
{
	u64 ram = CCA_GUEST_BASE_IPA, r[4] = { 0 };
	struct page *page, *again;
	kvm_pfn_t pfn;
	struct kvm *kvm;

	kvm = boot_vm("hello", 1);
	ASSERT_TRUE(kvm);

	guard(mutex)(&kvm->slots_lock);

	/* A populated page: its pfn, with one more reference. */
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm, gpa_to_gfn(ram), &pfn, &page),
		  0);
	ASSERT_EQ(pfn, page_to_pfn(page));
	ASSERT_EQ(page_count(page), 2);
	ASSERT_EQ(strcmp(shim_model_granule_state(page_to_phys(page)), "DATA"),
		  0);
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm, gpa_to_gfn(ram), &pfn, &again),
		  0);
	ASSERT_TRUE(again == page);
	kvm_rmi_mig_gmem_put_pfn(again, false);
	kvm_rmi_mig_gmem_put_pfn(page, true);
	ASSERT_EQ(page_count(page), 1);

	/* The last page of RAM, never touched: allocated, Non-secure. */
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm, gpa_to_gfn(ram + TEST_RAM_SIZE) - 1,
					   &pfn, &page), 0);
	ASSERT_EQ(strcmp(shim_model_granule_state(page_to_phys(page)),
			 "UNDELEGATED"), 0);
	kvm_rmi_mig_gmem_put_pfn(page, false);

	/* Past the memslot, or not a protected gfn, or not a realm. */
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm, gpa_to_gfn(ram + TEST_RAM_SIZE),
					   &pfn, &page), -ENOENT);
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm, gpa_to_gfn(ram) - 1, &pfn,
					   &page), -ENOENT);
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm,
					   gpa_to_gfn(BIT_ULL(CCA_DEFAULT_IA_BITS - 1) | ram),
					   &pfn, &page), -EINVAL);
	kvm->arch.is_realm = false;
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm, gpa_to_gfn(ram), &pfn, &page),
		  -EINVAL);
	ASSERT_EQ(kvm_rmi_mig_walk_protected_ranges(kvm, count_range, r),
		  -EINVAL);
	kvm->arch.is_realm = true;

	/* One protected range: the guest_memfd memslot. */
	ASSERT_EQ(kvm_rmi_mig_walk_protected_ranges(kvm, count_range, r), 0);
	ASSERT_EQ(r[0], 1);
	ASSERT_EQ(r[1], ram);
	ASSERT_EQ(r[2], ram + TEST_RAM_SIZE);
	/* A non-zero return stops the walk and is returned. */
	r[3] = 7;
	ASSERT_EQ(kvm_rmi_mig_walk_protected_ranges(kvm, count_range, r), 7);
	ASSERT_EQ(r[0], 2);
	/* A memslot that is not guest_memfd is not protected memory. */
	kvm->memslots.slots[0].flags = 0;
	ASSERT_EQ(kvm_rmi_mig_walk_protected_ranges(kvm, count_range, r), 0);
	ASSERT_EQ(r[0], 2);
	ASSERT_EQ(kvm_rmi_mig_gmem_get_pfn(kvm, gpa_to_gfn(ram), &pfn, &page),
		  -ENOENT);
	kvm->memslots.slots[0].flags = KVM_MEM_GUEST_MEMFD;
}

static void test_rtt_create_on_demand(void)
{
	/* 1 GiB: protected, outside RAM, no RTT below the starting level. */
	const u64 ipa = 0x40000000;
	unsigned long rtts;
	struct rtt_entry e;
	phys_addr_t rd;
	struct kvm *kvm;

	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	/* No RD yet. */
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa, 3), -EINVAL);
	ASSERT_EQ(kvm_shim_finalize_vcpus(kvm), 0);
	scoped_guard(mutex, &kvm->lock)
		rd = kvm_rmi_mig_rd_phys(kvm);

	ASSERT_EQ(rmi_rtt_read_entry(rd, ipa, 3, &e), 0);
	ASSERT_LT(e.walk_level, 3);
	rtts = shim_model_granules_in("RTT");

	/* One level at a time, as after RMI_ERROR_RTT(L)... */
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa, e.walk_level + 1), 0);
	ASSERT_EQ(shim_model_granules_in("RTT"), rtts + 1);
	/* ...or down to the last level; existing RTTs are skipped. */
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa + PAGE_SIZE, 3), 0);
	ASSERT_EQ(shim_model_granules_in("RTT"), rtts + 2);
	ASSERT_EQ(rmi_rtt_read_entry(rd, ipa, 3, &e), 0);
	ASSERT_EQ(e.walk_level, 3);
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa, 3), 0);
	ASSERT_EQ(shim_model_granules_in("RTT"), rtts + 2);

	/* Parameter errors. */
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa, 4), -EINVAL);
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa, 1), -EINVAL);
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa, 0), -EINVAL);
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm,
					 BIT_ULL(CCA_DEFAULT_IA_BITS - 1), 3),
		  -EINVAL);
	kvm->arch.is_realm = false;
	ASSERT_EQ(kvm_rmi_mig_rtt_create(kvm, ipa, 3), -EINVAL);
	kvm->arch.is_realm = true;
	ASSERT_EQ(shim_model_granules_in("RTT"), rtts + 2);

	/* The RTTs are the realm's: they go with it. */
	put_cur();
	ASSERT_TRUE(nothing_left());
}

static void test_delegate_undelegate(void)
{
	struct page *run = alloc_pages(GFP_KERNEL, 2), *page;
	phys_addr_t phys;
	unsigned int i;

	ASSERT_TRUE(run);
	phys = page_to_phys(run);
	ASSERT_EQ(kvm_rmi_mig_delegate_range(phys + 8, 1), 0);
	/* A run of four in one go. */
	ASSERT_EQ(kvm_rmi_mig_delegate_range(phys, 4), 4);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(strcmp(shim_model_granule_state(phys + i * PAGE_SIZE),
				 "DELEGATED"), 0);
	/* The RMM refuses a second delegation: none of it happens. */
	ASSERT_EQ(kvm_rmi_mig_delegate_range(phys, 1), 0);
	/* A run that meets a delegated granule stops before it. */
	ASSERT_EQ(kvm_rmi_mig_undelegate(run), 0);
	ASSERT_EQ(kvm_rmi_mig_undelegate(run + 1), 0);
	ASSERT_EQ(kvm_rmi_mig_delegate_range(phys, 4), 2);
	ASSERT_EQ(strcmp(shim_model_granule_state(phys + PAGE_SIZE),
			 "DELEGATED"), 0);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(kvm_rmi_mig_undelegate(run + i), 0);
	__free_pages(run, 2);

	page = alloc_page(GFP_KERNEL);
	ASSERT_TRUE(page);
	phys = page_to_phys(page);
	ASSERT_EQ(kvm_rmi_mig_delegate_range(phys, 1), 1);
	ASSERT_EQ(kvm_rmi_mig_undelegate(page), 0);
	ASSERT_EQ(strcmp(shim_model_granule_state(phys), "UNDELEGATED"), 0);
	ASSERT_EQ(page_count(page), 1);

	/* A granule the RMM will not give back is leaked: WARN, extra ref. */
	shim_expect_warnings(1);
	ASSERT_EQ(kvm_rmi_mig_undelegate(page), -ENXIO);
	ASSERT_EQ(shim_nr_warnings(), 1);
	shim_reset_warnings();
	ASSERT_EQ(page_count(page), 2);
	/* (It is Non-secure here, so the test may free it after all.) */
	put_page(page);
	put_page(page);
	ASSERT_TRUE(nothing_left());
}

/* ---------------------------------------------------------------------- */
/* Blocking vCPU entry                                                    */

static void test_block_entry_errnos(void)
{
	unsigned long enters = shim_model_smc_count(SMC_RMI_REC_ENTER);
	struct kvm_vcpu *vcpu;
	struct cca_event ev;
	struct kvm *kvm;

	kvm = boot_vm("hello", 2);
	ASSERT_TRUE(kvm);
	vcpu = kvm_get_vcpu(kvm, 1);

	scoped_guard(mutex, &kvm->lock) {
		ASSERT_EQ(kvm_rmi_mig_block_entry(kvm, 0), -EINVAL);
		ASSERT_EQ(kvm_rmi_mig_block_entry(kvm, -EINTR), -EINVAL);
		ASSERT_EQ(kvm_rmi_mig_block_entry(kvm, -EBUSY), 0);
	}
	/* Every vCPU was kicked. */
	ASSERT_GE(kvm_get_vcpu(kvm, 0)->kicks, 1);
	ASSERT_GE(vcpu->kicks, 1);
	ASSERT_EQ(kvm_shim_vcpu_run(vcpu, &ev, RUN_BUDGET), -EBUSY);
	ASSERT_EQ(shim_model_smc_count(SMC_RMI_REC_ENTER), enters);

	scoped_guard(mutex, &kvm->lock)
		ASSERT_EQ(kvm_rmi_mig_block_entry(kvm, -EIO), 0);
	ASSERT_EQ(kvm_shim_vcpu_run(vcpu, &ev, RUN_BUDGET), -EIO);

	scoped_guard(mutex, &kvm->lock)
		kvm_rmi_mig_unblock_entry(kvm);
	/* REC 1 of hello reports DONE at once. */
	ASSERT_EQ(kvm_shim_vcpu_run(vcpu, &ev, RUN_BUDGET), 0);
	ASSERT_EQ(ev.type, CCA_EV_DONE);

	kvm->arch.is_realm = false;
	scoped_guard(mutex, &kvm->lock)
		ASSERT_EQ(kvm_rmi_mig_block_entry(kvm, -EBUSY), -EINVAL);
	kvm->arch.is_realm = true;
	put_cur();
	ASSERT_TRUE(nothing_left());
}

struct runner {
	struct kvm_vcpu *vcpu;
	int last;
	unsigned long runs;
	bool stop;
};

/* KVM_RUN in a loop, one REC entry at a time, until it is refused. */
static void *runner_thread(void *arg)
{
	struct runner *r = arg;
	struct cca_event ev;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		r->last = kvm_shim_vcpu_run(r->vcpu, &ev, 1);
		__atomic_add_fetch(&r->runs, 1, __ATOMIC_RELEASE);
		if (r->last != -ETIME && r->last != 0)
			break;
	}
	return NULL;
}

/*
 * A vCPU inside KVM_RUN: blocking waits for it to leave, and no REC entry
 * happens afterwards.
 */
static void test_block_entry_waits_for_run(void)
{
	struct runner r = { 0 };
	unsigned long entries;
	struct cca_realm *realm;
	pthread_t thread;
	struct kvm *kvm;

	/* REC 0 of multi_rec waits for REC 1, which never runs: it spins. */
	kvm = boot_vm("multi_rec", 2);
	ASSERT_TRUE(kvm);
	realm = kvm_shim_realm(kvm);
	r.vcpu = kvm_get_vcpu(kvm, 0);
	ASSERT_EQ(pthread_create(&thread, NULL, runner_thread, &r), 0);
	while (__atomic_load_n(&r.runs, __ATOMIC_ACQUIRE) < 3)
		usleep(100);

	scoped_guard(mutex, &kvm->lock)
		ASSERT_EQ(kvm_rmi_mig_block_entry(kvm, -EBUSY), 0);
	/* KVM_RUN has returned: its entry count is final. */
	scoped_guard(mutex, &realm->recs[0].lock)
		entries = realm->recs[0].stats.entries;
	ASSERT_GE(entries, 3);
	pthread_join(thread, NULL);
	ASSERT_EQ(r.last, -EBUSY);
	ASSERT_EQ(realm->recs[0].stats.entries, entries);

	scoped_guard(mutex, &kvm->lock)
		kvm_rmi_mig_unblock_entry(kvm);
	put_cur();
	ASSERT_TRUE(nothing_left());
}

/* ---------------------------------------------------------------------- */
/* Import mode                                                            */

static bool realm_create_flags(const struct arm_smccc_1_2_regs *args,
			       struct arm_smccc_1_2_regs *res, void *priv)
{
	u64 *flags0 = priv;

	if (args->a0 == SMC_RMI_REALM_CREATE)
		*flags0 = ((struct realm_params *)phys_to_virt(args->a2))->flags0;
	return false;
}

static void test_import_realm_create(void)
{
	struct rmi_mig_session_state st;
	u64 flags0 = 0;
	phys_addr_t rd;
	struct kvm *kvm;
	int ret;

	kvm = new_vm(2);
	ASSERT_TRUE(kvm);
	ASSERT_FALSE(kvm_rmi_mig_is_importing(kvm));

	shim_set_smc_answer(realm_create_flags, &flags0);
	scoped_guard(mutex, &kvm->lock)
		ret = kvm_rmi_mig_create_import_realm(kvm);
	shim_set_smc_answer(NULL, NULL);
	/* The RD was created with flags0.MIG_IMPORT. */
	ASSERT_EQ(flags0, RMI_REALM_FLAGS0_MIG_IMPORT);

	if (!model_has_mig) {
		/* An RMM without RMI-MIG refuses the flag: nothing is left. */
		printf("# the model has no RMI-MIG yet: REALM_CREATE refuses MIG_IMPORT\n");
		ASSERT_EQ(ret, -ENXIO);
		ASSERT_FALSE(kvm_rmi_mig_is_importing(kvm));
		ASSERT_EQ(kvm->arch.realm.state, REALM_STATE_NONE);
		ASSERT_EQ(shim_model_granules_delegated(), 0);
		/* The VM can still become an ordinary realm. */
		ASSERT_EQ(kvm_shim_finalize_vcpus(kvm), 0);
		put_cur();
		ASSERT_TRUE(nothing_left());
		return;
	}

	ASSERT_EQ(ret, 0);
	ASSERT_TRUE(kvm_rmi_mig_is_importing(kvm));
	ASSERT_EQ(kvm->arch.realm.state, REALM_STATE_NEW);
	scoped_guard(mutex, &kvm->lock) {
		rd = kvm_rmi_mig_rd_phys(kvm);
		/* Once only. */
		ASSERT_EQ(kvm_rmi_mig_create_import_realm(kvm), -EBUSY);
	}
	ASSERT_EQ(rmi_mig_session_state(rd, &st), 0);
	ASSERT_EQ(st.state, RMI_MIG_STATE_DST_NEW);
	/* RECs are created as for any realm. */
	ASSERT_EQ(kvm_shim_finalize_vcpus(kvm), 0);
	ASSERT_NE(kvm_rmi_mig_rec_phys(kvm_get_vcpu(kvm, 1)), 0);
	put_cur();
	ASSERT_TRUE(nothing_left());
}

static void test_import_realm_create_errors(void)
{
	struct kvm *kvm;

	/* An RD that exists already (created measured by a populate). */
	kvm = boot_vm("hello", 1);
	ASSERT_TRUE(kvm);
	scoped_guard(mutex, &kvm->lock) {
		ASSERT_EQ(kvm_rmi_mig_create_import_realm(kvm), -EBUSY);
		ASSERT_FALSE(kvm_rmi_mig_is_importing(kvm));
		/* Not an import-mode realm: nothing to complete. */
		ASSERT_EQ(kvm_rmi_mig_import_done(kvm), -EINVAL);
	}
	put_cur();

	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	kvm->arch.is_realm = false;
	scoped_guard(mutex, &kvm->lock) {
		ASSERT_EQ(kvm_rmi_mig_create_import_realm(kvm), -EINVAL);
		ASSERT_EQ(kvm_rmi_mig_import_done(kvm), -EINVAL);
	}
	ASSERT_FALSE(kvm_rmi_mig_is_importing(kvm));
	kvm->arch.is_realm = true;
	/* Import mode but no RD yet: import_done needs a NEW realm. */
	kvm->arch.realm.mig.mode = REALM_MIG_IMPORT;
	scoped_guard(mutex, &kvm->lock)
		ASSERT_EQ(kvm_rmi_mig_import_done(kvm), -EINVAL);
	kvm->arch.realm.mig.mode = REALM_MIG_NONE;
	put_cur();
	ASSERT_TRUE(nothing_left());
}

/*
 * While importing: no populate (-EPERM), no KVM_RUN (-EBUSY), and a
 * protected fault exits with KVM_EXIT_MEMORY_FAULT instead of mapping a
 * zero page.
 */
static void test_import_refusals(void)
{
	const u64 ipa = CCA_GUEST_BASE_IPA + 0x3456;
	struct kvm_vcpu *vcpu;
	struct cca_event ev;
	struct kvm *kvm;
	u8 data[16] = { 1 };
	int ret;

	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	vcpu = kvm_get_vcpu(kvm, 0);

	/* Not importing: the fault path maps as usual. */
	ASSERT_EQ(kvm_arm_rmi_mig_protected_fault(vcpu, ipa, true, false), 0);
	ASSERT_EQ(vcpu->run->exit_reason, KVM_EXIT_UNKNOWN);

	scoped_guard(mutex, &kvm->lock)
		ret = kvm_rmi_mig_create_import_realm(kvm);
	if (!model_has_mig) {
		ASSERT_EQ(ret, -ENXIO);
		/* Check the refusals on the mode alone (no RD needed). */
		kvm->arch.realm.mig.mode = REALM_MIG_IMPORT;
	} else {
		ASSERT_EQ(ret, 0);
		ASSERT_EQ(kvm_shim_finalize_vcpus(kvm), 0);
	}

	ASSERT_EQ(kvm_shim_populate(kvm, CCA_GUEST_BASE_IPA, data,
				    sizeof(data)), -EPERM);
	ASSERT_FALSE(kvm_arm_rmi_mig_may_activate(kvm));

	ASSERT_EQ(kvm_arm_rmi_mig_protected_fault(vcpu, ipa, true, false),
		  -EFAULT);
	ASSERT_EQ(vcpu->run->exit_reason, KVM_EXIT_MEMORY_FAULT);
	ASSERT_EQ(vcpu->run->memory_fault.gpa, ipa & PAGE_MASK);
	ASSERT_EQ(vcpu->run->memory_fault.size, PAGE_SIZE);
	ASSERT_EQ(vcpu->run->memory_fault.flags, KVM_MEMORY_EXIT_FLAG_PRIVATE);

	if (model_has_mig) {
		unsigned long activates =
			shim_model_smc_count(SMC_RMI_REALM_ACTIVATE);
		unsigned long enters = shim_model_smc_count(SMC_RMI_REC_ENTER);

		ASSERT_EQ(kvm_shim_vcpu_run(vcpu, &ev, RUN_BUDGET), -EBUSY);
		ASSERT_EQ(shim_model_smc_count(SMC_RMI_REALM_ACTIVATE),
			  activates);
		ASSERT_EQ(shim_model_smc_count(SMC_RMI_REC_ENTER), enters);
	} else {
		kvm->arch.realm.mig.mode = REALM_MIG_NONE;
	}
	put_cur();
	ASSERT_TRUE(nothing_left());
}

/*
 * Completion: KVM marks the realm ACTIVE, and KVM_RUN enters it without
 * RMI_REALM_ACTIVATE. (Without a real stream the RMM still holds the realm
 * in NEW, so that entry is refused by the RMM: this checks only KVM's side.)
 */
static void test_import_done(void)
{
	unsigned long activates, enters;
	struct kvm_vcpu *vcpu;
	struct cca_event ev;
	struct kvm *kvm;

	if (!model_has_mig) {
		printf("# the model has no RMI-MIG yet: nothing to import\n");
		return;
	}
	kvm = new_vm(1);
	ASSERT_TRUE(kvm);
	vcpu = kvm_get_vcpu(kvm, 0);
	scoped_guard(mutex, &kvm->lock)
		ASSERT_EQ(kvm_rmi_mig_create_import_realm(kvm), 0);
	ASSERT_EQ(kvm_shim_finalize_vcpus(kvm), 0);

	scoped_guard(mutex, &kvm->lock) {
		ASSERT_EQ(kvm_rmi_mig_import_done(kvm), 0);
		ASSERT_EQ(kvm_rmi_mig_import_done(kvm), -EINVAL);
	}
	ASSERT_FALSE(kvm_rmi_mig_is_importing(kvm));
	ASSERT_EQ(kvm->arch.realm.state, REALM_STATE_ACTIVE);
	ASSERT_EQ(kvm_arm_rmi_mig_protected_fault(vcpu, CCA_GUEST_BASE_IPA,
						  false, false), 0);

	activates = shim_model_smc_count(SMC_RMI_REALM_ACTIVATE);
	enters = shim_model_smc_count(SMC_RMI_REC_ENTER);
	ASSERT_EQ(kvm_shim_vcpu_run(vcpu, &ev, 1), -ENXIO);
	ASSERT_EQ(shim_model_smc_count(SMC_RMI_REALM_ACTIVATE), activates);
	ASSERT_EQ(shim_model_smc_count(SMC_RMI_REC_ENTER), enters + 1);
	put_cur();
	ASSERT_TRUE(nothing_left());
}

/* The host stand-in consults the fault check before it maps a page. */
static int refuse_fault(void *priv, struct cca_rec *rec, u64 ipa, bool write,
			bool exec)
{
	u64 *seen = priv;

	*seen = ipa;
	return -EFAULT;
}

static void test_fault_path_hook(void)
{
	struct cca_realm *realm;
	struct cca_event ev;
	struct kvm *kvm;
	u64 seen = 0;
	int ret;

	/* fault_in touches RAM that was not populated. */
	kvm = boot_vm("fault_in", 1);
	ASSERT_TRUE(kvm);
	realm = kvm_shim_realm(kvm);
	ASSERT_TRUE(realm);
	cca_realm_set_fault(realm, refuse_fault, &seen);
	ret = kvm_shim_vcpu_run(kvm_get_vcpu(kvm, 0), &ev, RUN_BUDGET);
	ASSERT_EQ(ret, -EFAULT);
	ASSERT_GE(seen, CCA_GUEST_BASE_IPA);
	ASSERT_EQ(seen & ~PAGE_MASK, 0);
	put_cur();
	ASSERT_TRUE(nothing_left());
}

static const struct test_case cases[] = {
	TEST_CASE(test_wrappers_no_output_commands),
	TEST_CASE(test_wrappers_outputs),
	TEST_CASE(test_wrappers_failure_leaves_outputs),
	TEST_CASE(test_model_features),
	TEST_CASE(test_model_session_open_bad_key),
	TEST_CASE(test_ioctl_no_module),
	TEST_CASE(test_register_errors),
	TEST_CASE(test_ioctl_forwarding),
	TEST_CASE(test_priv_and_release),
	TEST_CASE(test_host_interface_basics),
	TEST_CASE(test_gmem_pfn_and_ranges),
	TEST_CASE(test_rtt_create_on_demand),
	TEST_CASE(test_delegate_undelegate),
	TEST_CASE(test_block_entry_errnos),
	TEST_CASE(test_block_entry_waits_for_run),
	TEST_CASE(test_import_realm_create),
	TEST_CASE(test_import_realm_create_errors),
	TEST_CASE(test_import_refusals),
	TEST_CASE(test_import_done),
	TEST_CASE(test_fault_path_hook),
};

static const struct test_suite suite = {
	.name = "host_rmi_mig",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
	.teardown = suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
