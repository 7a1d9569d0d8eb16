// SPDX-License-Identifier: GPL-2.0
/*
 * Exhaustive fault injection through the whole migration stack: the
 * cca_mig module (virt/kvm/cca_mig/), the patch series' hook
 * (arch/arm64/kvm/rmi/rmi-mig.c), the mini KVM core and the RMM model.
 *
 * Each scenario is a VMM flow, split into "ops" (one KVM_CCA_MIG_OP, or
 * one pump of the stream from the source's fd into the destination's):
 *
 *   one_rec     mig_dirty, 1 REC, writing between pre-copy rounds
 *   two_recs    the same with 2 RECs
 *   dst_abort   the destination aborts after the source's FINISH; the
 *               source resumes with the destination's abort token
 *   chain       A -> B, B runs, B -> C
 *
 * A clean run records, per op, the RMI calls made (function IDs, in
 * order), the allocation attempts and the user copies. Then each of these
 * is failed once, in a fresh run of the scenario:
 *
 *   - every RMI call site (op, function ID, occurrence in the op), with
 *     every status the firmware may return there (fi_statuses(): the
 *     failure conditions of rmi-mig.rst section 7.3 for RMI-MIG commands,
 *     RMI_ERROR_INPUT/REALM/RTT(2)/RMI_BUSY for DEN0137 ones); the SMC is
 *     answered by the test (shim_set_smc_answer()) without reaching the
 *     model, so it has no side effect, as the model's own injection. When
 *     one op calls the same function more than FI_EXHAUSTIVE times (the
 *     granule delegations of an import), the occurrences 1, 2, 3, the
 *     middle one and the last two are failed: a documented sample;
 *   - every allocation attempt (shim_fail_alloc_nth());
 *   - every copy_{from,to}_user()/clear_user() (shim_fail_uaccess_nth()).
 *
 * The VMM's policy is simple: any op that fails ends the flow, and the
 * migration is aborted on both sides. After each injection the test
 * checks that either the migration completed and the guest's own checks
 * pass on the destination, or the source resumed (ABORT, with the
 * destination's token if it had ended) and its guest reaches the same
 * final state as an unmigrated run (per-REC checksums); that a failed op
 * returned the documented errno (-EIO with the injected status in
 * rmi_status for an RMI-MIG call, -ENOMEM, -EFAULT) and failed in the
 * op where the fault was injected; that the destination never runs
 * unless it imported everything (KVM_RUN -EBUSY after an abort); and,
 * after the VMs are destroyed, that no granule, object, page or file is
 * left.
 *
 * FI_MAX_RUNS=n in the environment stops after n runs (for timing).
 *
 * Injections into the teardown of the VMs (KVM destroying a realm) are
 * not covered: a firmware that refuses to destroy leaks granules by
 * design (rmi-mig.c, kvm_rmi_mig_undelegate()).
 */
#include "cca_mig_internal.h"

#include "../../../../virt/kvm/cca_mig/fw.c"
#include "../../../../virt/kvm/cca_mig/main.c"
#include "../../../../virt/kvm/cca_mig/ram.c"
#include "../../../../virt/kvm/cca_mig/rec.c"
#include "../../../../virt/kvm/cca_mig/state.c"
#include "../../../../virt/kvm/cca_mig/stream.c"

#include <time.h>

#include "util_host_mig.h"

#define FI_DRAM			(96UL << 20)
#define FI_RAM			(256UL << 10)
#define FI_MAX_OPS		96
#define FI_MAX_CALLS		16384
#define FI_EXHAUSTIVE		8
#define FI_STRIDE		128
#define FI_CHUNK		BIT(16)
/* mig_dirty with 120 iterations: the same checks, under a third of the run */
#define FI_GUEST		"mig_dirty_short"

/* ---------------------------------------------------------------------- */
/* Recording and injection                                                 */

enum fi_mode { FI_OFF, FI_RECORD, FI_RMI, FI_ALLOC, FI_UACCESS };

struct fi_op {
	const char *name;
	unsigned long nr_alloc;
	unsigned long nr_uaccess;
};

struct fi_call {
	u16 op;
	u32 fid;
};

static struct {
	enum fi_mode mode;
	bool in_op;
	unsigned int cur;
	/* the clean run */
	unsigned int nr_ops;
	struct fi_op ops[FI_MAX_OPS];
	unsigned int nr_calls;
	struct fi_call calls[FI_MAX_CALLS];
	/* the injection */
	unsigned int op;
	u32 fid;
	unsigned long occ;
	u64 status;
	unsigned long seen;
	unsigned long a0, u0, failed0;
	bool fired;
	/* a granule whose undelegation was refused: leaked on purpose */
	phys_addr_t leaked_pa;
	/* the first op that failed */
	int fail_op;
	long fail_ret;
	u64 fail_rmi;
} fi;

static bool fi_answer(const struct arm_smccc_1_2_regs *args,
		      struct arm_smccc_1_2_regs *res, void *priv)
{
	u32 fid = args->a0;

	if (!fi.in_op)
		return false;
	if (fi.mode == FI_RECORD) {
		if (fi.nr_calls < FI_MAX_CALLS)
			fi.calls[fi.nr_calls++] = (struct fi_call){
				.op = fi.cur, .fid = fid };
		return false;
	}
	if (fi.mode != FI_RMI || fi.fired || fi.cur != fi.op ||
	    fid != fi.fid || ++fi.seen != fi.occ)
		return false;
	/* RMI-MIG 2.4: on failure X1..X17 are zero. */
	memset(res, 0, sizeof(*res));
	res->a0 = fi.status;
	fi.fired = true;
	if (fid == SMC_RMI_GRANULE_RANGE_UNDELEGATE) {
		fi.leaked_pa = args->a1;
		shim_expect_warnings(1);
	}
	return true;
}

static void fi_arm(enum fi_mode mode, unsigned int op, u32 fid,
		   unsigned long occ, u64 status)
{
	fi.mode = mode;
	fi.in_op = false;
	fi.cur = 0;
	fi.op = op;
	fi.fid = fid;
	fi.occ = occ;
	fi.status = status;
	fi.seen = 0;
	fi.fired = false;
	fi.fail_op = -1;
	fi.fail_ret = 0;
	fi.fail_rmi = 0;
	fi.leaked_pa = 0;
	if (mode == FI_RECORD) {
		fi.nr_ops = 0;
		fi.nr_calls = 0;
	}
}

static void fi_begin(const char *name)
{
	if (fi.cur < FI_MAX_OPS && fi.mode == FI_RECORD)
		fi.ops[fi.cur].name = name;
	fi.a0 = shim_nr_alloc_calls();
	fi.u0 = shim_nr_uaccess_calls();
	fi.failed0 = shim_nr_alloc_failed();
	if (fi.cur == fi.op && fi.mode == FI_ALLOC)
		shim_fail_alloc_nth(fi.occ);
	if (fi.cur == fi.op && fi.mode == FI_UACCESS)
		shim_fail_uaccess_nth(fi.occ);
	fi.in_op = true;
}

static long fi_end(long ret, u64 rmi)
{
	fi.in_op = false;
	if (fi.mode == FI_RECORD && fi.cur < FI_MAX_OPS) {
		fi.ops[fi.cur].nr_alloc = shim_nr_alloc_calls() - fi.a0;
		fi.ops[fi.cur].nr_uaccess = shim_nr_uaccess_calls() - fi.u0;
		fi.nr_ops = fi.cur + 1;
	}
	if (fi.cur == fi.op && fi.mode == FI_ALLOC) {
		fi.fired = shim_nr_alloc_failed() != fi.failed0;
		shim_fail_alloc_nth(0);
	}
	if (fi.cur == fi.op && fi.mode == FI_UACCESS) {
		fi.fired = shim_nr_uaccess_calls() - fi.u0 >= fi.occ;
		shim_fail_uaccess_nth(0);
	}
	if (ret < 0 && fi.fail_op < 0) {
		fi.fail_op = fi.cur;
		fi.fail_ret = ret;
		fi.fail_rmi = rmi;
	}
	fi.cur++;
	return ret;
}

/* One KVM_CCA_MIG_OP as an op of the flow. */
static long fop(const char *name, struct kvm *kvm, u32 cmd, void *data)
{
	struct kvm_cca_mig_op op = {
		.cmd = cmd,
		.data = (u64)(uintptr_t)data,
	};
	long ret;

	fi_begin(name);
	ret = uhm_mig_raw(kvm, &op);
	return fi_end(ret, op.rmi_status);
}

/* ---------------------------------------------------------------------- */
/* The flows                                                               */

struct leg {
	struct kvm *src, *dst;
	struct uhm_keys keys;
	u8 nonce[KVM_CCA_MIG_NONCE_SIZE];
	int sfd, dfd;
	bool dst_started;
};

/* Pump the stream: one op; a write error keeps its RMI status. */
static long fpump(struct leg *l, const char *name)
{
	long ret;

	fi_begin(name);
	ret = uhm_pump(l->sfd, l->dfd, FI_CHUNK);
	fi.in_op = false;
	return fi_end(ret, ret < 0 ? uhm_status(l->dst).last_rmi_status : 0);
}

static void leg_track_fd(int fd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(uhm_fds); i++)
		if (uhm_fds[i] < 0) {
			uhm_fds[i] = fd;
			return;
		}
}

/* Both STARTs and both stream fds; the VMs exist already. */
static long leg_start(struct leg *l)
{
	struct kvm_cca_mig_stream_fd sf;
	struct kvm_cca_mig_start s;
	long ret;

	l->sfd = -1;
	l->dfd = -1;
	if (!uhm_make_keys(l->src, UHM_SID, &l->keys))
		return -EINVAL;
	uhm_start_args(&s, KVM_CCA_MIG_ROLE_DESTINATION, l->keys.dst, NULL);
	ret = fop("START dst", l->dst, KVM_CCA_MIG_START, &s);
	l->dst_started = true;
	if (ret)
		return ret;
	memcpy(l->nonce, s.nonce, sizeof(l->nonce));
	/* RECs after the import-mode RD, as KVM finalizes vCPUs. */
	ret = kvm_shim_finalize_vcpus(l->dst);
	if (ret)
		return ret;
	uhm_start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, l->keys.src, l->nonce);
	ret = fop("START src", l->src, KVM_CCA_MIG_START, &s);
	if (ret)
		return ret;
	sf = (struct kvm_cca_mig_stream_fd){
		.flags = KVM_CCA_MIG_FD_NONBLOCK | KVM_CCA_MIG_FD_CLOEXEC };
	ret = fop("STREAM_FD src", l->src, KVM_CCA_MIG_STREAM_FD, &sf);
	if (ret)
		return ret;
	l->sfd = sf.fd;
	leg_track_fd(sf.fd);
	sf = (struct kvm_cca_mig_stream_fd){ .flags = KVM_CCA_MIG_FD_CLOEXEC };
	ret = fop("STREAM_FD dst", l->dst, KVM_CCA_MIG_STREAM_FD, &sf);
	if (ret)
		return ret;
	l->dfd = sf.fd;
	leg_track_fd(sf.fd);
	return 0;
}

static long leg_export(struct leg *l, const char *name, u64 npages,
		       void *bitmap, u32 flags, u64 *exported)
{
	struct kvm_cca_mig_export_ram a = {
		.gpa = uhm_ram_base(l->src), .npages = npages,
		.bitmap = (u64)(uintptr_t)bitmap, .flags = flags,
	};
	long ret = fop(name, l->src, KVM_CCA_MIG_EXPORT_RAM, &a);

	if (!ret && a.done != npages)
		return -ENOSPC;	/* never with 512 pages: the queue holds 4 */
	if (exported)
		*exported = a.exported;
	return ret;
}

static long leg_dirty_log(struct leg *l, const char *name, u64 *bitmap,
			  u64 *nr_dirty)
{
	struct kvm_cca_mig_dirty_log d = {
		.num_pages = UHM_RAM_PAGES,
		.dirty_bitmap = (u64)(uintptr_t)bitmap,
	};
	long ret = fop(name, l->src, KVM_CCA_MIG_GET_DIRTY_LOG, &d);

	*nr_dirty = d.nr_dirty;
	return ret;
}

/* Round 0 of every page, one dirty round with the guest writing. */
static long leg_precopy(struct leg *l, unsigned long run)
{
	u64 bitmap[512 / 64], nr_dirty, exported;
	struct uhm_run r = { 0 };
	long ret;

	ret = leg_export(l, "EXPORT_RAM all", UHM_RAM_PAGES, NULL,
			 KVM_CCA_MIG_EXPORT_END_EPOCH, NULL);
	if (ret)
		return ret;
	ret = fpump(l, "pump round 0");
	if (ret < 0)
		return ret;
	ret = uhm_run_some(l->src, run, &r);
	if ((ret && ret != -ETIME) || r.failed)
		return -ECANCELED;
	ret = leg_dirty_log(l, "GET_DIRTY_LOG 1", bitmap, &nr_dirty);
	if (ret)
		return ret;
	ret = leg_export(l, "EXPORT_RAM dirty", UHM_RAM_PAGES, bitmap,
			 KVM_CCA_MIG_EXPORT_END_EPOCH, &exported);
	if (ret)
		return ret;
	ret = fpump(l, "pump round 1");
	return ret < 0 ? ret : 0;
}

/* PAUSE, last dirty set, every REC, FINISH; the END is not pumped. */
static long leg_stop(struct leg *l)
{
	u64 bitmap[512 / 64], nr_dirty;
	unsigned int i, nr = atomic_read(&l->src->online_vcpus);
	struct kvm_cca_mig_rec rc;
	long ret;

	ret = fop("PAUSE", l->src, KVM_CCA_MIG_PAUSE, NULL);
	if (ret)
		return ret;
	ret = leg_dirty_log(l, "GET_DIRTY_LOG last", bitmap, &nr_dirty);
	if (ret)
		return ret;
	ret = leg_export(l, "EXPORT_RAM last", UHM_RAM_PAGES, bitmap, 0, NULL);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++) {
		rc = (struct kvm_cca_mig_rec){ .vcpu_id = i };
		ret = fop("SAVE_REC", l->src, KVM_CCA_MIG_SAVE_REC, &rc);
		if (ret)
			return ret;
	}
	return fop("FINISH src", l->src, KVM_CCA_MIG_FINISH, NULL);
}

/*
 * A whole leg: start, pre-copy (the guest runs @run REC entries between
 * the rounds), stop, the end record, FINISH there.
 */
static long leg_migrate(struct leg *l, unsigned long run)
{
	long ret;

	ret = leg_start(l);
	if (!ret)
		ret = leg_precopy(l, run);
	if (!ret)
		ret = leg_stop(l);
	if (!ret)
		ret = fpump(l, "pump end");
	if (ret < 0)
		return ret;
	if (uhm_status(l->dst).state != KVM_CCA_MIG_STATE_DST_DONE)
		return -EPROTO;
	return fop("FINISH dst", l->dst, KVM_CCA_MIG_FINISH, NULL);
}

enum fi_scen { SC_ONE_REC, SC_TWO_RECS, SC_DST_ABORT, SC_CHAIN };

struct fi_run {
	enum fi_scen scen;
	unsigned int nr_recs;
	struct leg leg[2];
	unsigned int nr_legs;
	/* the leg the flow stopped in */
	unsigned int at;
	long ret;
};

/* The first op of the chain's second leg (in the clean run). */
static unsigned int fi_leg2_op;

static long fi_flow(struct fi_run *fr)
{
	struct leg *l = &fr->leg[0];
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct kvm_cca_mig_abort ab;
	struct uhm_run r = { 0 };
	long ret;

	memset(fr->leg, 0, sizeof(fr->leg));
	fr->at = 0;
	fr->nr_legs = 1;
	l->src = uhm_boot_vm(FI_GUEST, fr->nr_recs);
	l->dst = uhm_new_vm(fr->nr_recs);
	if (!l->src || !l->dst)
		return -ECANCELED;
	/* The chain runs its guest on three VMs: a shorter warmup. */
	ret = uhm_run_some(l->src, fr->scen == SC_CHAIN ? 1 : 2, &r);
	if ((ret && ret != -ETIME) || r.failed)
		return -ECANCELED;

	switch (fr->scen) {
	case SC_ONE_REC:
	case SC_TWO_RECS:
		return leg_migrate(l, 2);
	case SC_DST_ABORT:
		ret = leg_start(l);
		if (!ret)
			ret = leg_precopy(l, 2);
		if (!ret)
			ret = leg_stop(l);
		if (ret)
			return ret;
		/* The destination gives up before the end record. */
		ab = (struct kvm_cca_mig_abort){
			.token = (u64)(uintptr_t)token,
			.token_len = sizeof(token) };
		ret = fop("ABORT dst", l->dst, KVM_CCA_MIG_ABORT, &ab);
		if (ret)
			return ret;
		/* Its token brings the ended source back. */
		ab = (struct kvm_cca_mig_abort){
			.token = (u64)(uintptr_t)token,
			.token_len = sizeof(token) };
		return fop("ABORT src", l->src, KVM_CCA_MIG_ABORT, &ab);
	case SC_CHAIN:
		ret = leg_migrate(l, 1);
		if (ret)
			return ret;
		/* B runs a little, then moves on to C. */
		ret = uhm_run_some(l->dst, 1, &r);
		if ((ret && ret != -ETIME) || r.failed)
			return -ECANCELED;
		fr->at = 1;
		fr->nr_legs = 2;
		fi_leg2_op = fi.cur;
		fr->leg[1].src = l->dst;
		fr->leg[1].dst = uhm_new_vm(fr->nr_recs);
		if (!fr->leg[1].dst)
			return -ECANCELED;
		return leg_migrate(&fr->leg[1], 1);
	}
	return -EINVAL;
}

/* ---------------------------------------------------------------------- */
/* Checks                                                                  */

static u64 baseline_sum[2][KVM_SHIM_MAX_VCPUS];
static bool have_baseline[2];

/* The final state of an unmigrated run of mig_dirty with @nr RECs. */
static bool baseline(unsigned int nr)
{
	struct uhm_run r = { 0 };
	struct kvm *kvm;
	bool ok;

	if (have_baseline[nr - 1])
		return true;
	kvm = uhm_boot_vm(FI_GUEST, nr);
	if (!kvm)
		return false;
	ok = uhm_run_to_done(kvm, &r);
	memcpy(baseline_sum[nr - 1], r.sum, sizeof(r.sum));
	uhm_put_vm(kvm);
	have_baseline[nr - 1] = ok;
	return ok;
}

/* @kvm's guest runs to its end and reaches the unmigrated final state. */
static bool finishes_like_baseline(struct kvm *kvm, unsigned int nr)
{
	struct uhm_run r = { 0 };
	unsigned int i;

	if (!uhm_run_to_done(kvm, &r))
		return false;
	for (i = 0; i < nr; i++) {
		if (r.stage2[i] != 1 || r.sum[i] != baseline_sum[nr - 1][i]) {
			printf("# REC %u: stage 2 x%u, sum %#llx, want %#llx\n",
			       i, r.stage2[i], (unsigned long long)r.sum[i],
			       (unsigned long long)baseline_sum[nr - 1][i]);
			return false;
		}
	}
	return true;
}

static bool is_mig_fid(u32 fid)
{
	return fid >= SMC_RMI_MIG_FEATURES && fid <= SMC_RMI_MIG_ABORT;
}

/* Why an injection point failed, for the report. */
static char fi_why[160];

#define FI_CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			snprintf(fi_why, sizeof(fi_why), __VA_ARGS__);	\
			return false;					\
		}							\
	} while (0)

/* The errno of the op that failed is the documented one. */
static bool fi_check_errno(void)
{
	long ret = fi.fail_ret;

	FI_CHECK(fi.fail_op == (int)fi.op,
		 "failed in op %d (%s: %ld), injected in op %u", fi.fail_op,
		 fi.fail_op >= 0 ? fi.ops[fi.fail_op].name : "-", ret, fi.op);
	switch (fi.mode) {
	case FI_ALLOC:
		FI_CHECK(ret == -ENOMEM, "ENOMEM wanted, got %ld", ret);
		break;
	case FI_UACCESS:
		FI_CHECK(ret == -EFAULT, "EFAULT wanted, got %ld", ret);
		break;
	case FI_RMI:
		if (is_mig_fid(fi.fid) &&
		    RMI_RETURN_STATUS(fi.status) != RMI_ERROR_RTT) {
			FI_CHECK(ret == -EIO, "EIO wanted, got %ld", ret);
			FI_CHECK(fi.fail_rmi == fi.status,
				 "rmi_status %#llx, want %#llx",
				 (unsigned long long)fi.fail_rmi,
				 (unsigned long long)fi.status);
		} else {
			/*
			 * An RTT the host cannot fix: -EIO. A DEN0137 call
			 * of KVM's (delegation, RTT or realm creation):
			 * -ENXIO, as KVM reports a firmware refusal.
			 */
			FI_CHECK(ret == -EIO || ret == -ENXIO,
				 "EIO or ENXIO wanted, got %ld", ret);
		}
		break;
	default:
		break;
	}
	return true;
}

/* Bring the leg where the flow stopped to an end, as a VMM would. */
static bool fi_recover(struct fi_run *fr, bool *completed)
{
	struct leg *l = &fr->leg[fr->at];
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct kvm_cca_mig_abort ab;
	struct kvm_cca_mig_status st;
	bool have_token = false;
	struct cca_event ev;
	u32 dst_state;
	int ret;

	*completed = false;
	st = uhm_status(l->dst);
	dst_state = st.state;
	/* The end record went in: the migration is done after all. */
	if (dst_state == KVM_CCA_MIG_STATE_DST_DONE) {
		FI_CHECK(!uhm_mig(l->dst, KVM_CCA_MIG_FINISH, NULL),
			 "FINISH dst after a late failure");
		*completed = true;
		return true;
	}
	if (dst_state == KVM_CCA_MIG_STATE_NONE && l->dst_started &&
	    uhm_rd_of(l->dst) && !kvm_rmi_mig_is_importing(l->dst)) {
		/* Its FINISH failed to report: it is ACTIVE and complete. */
		*completed = true;
		return true;
	}
	if (dst_state >= KVM_CCA_MIG_STATE_DST_OPEN) {
		ab = (struct kvm_cca_mig_abort){
			.token = (u64)(uintptr_t)token,
			.token_len = sizeof(token) };
		FI_CHECK(!uhm_mig(l->dst, KVM_CCA_MIG_ABORT, &ab),
			 "ABORT dst in state %u: rmi %#llx", dst_state,
			 (unsigned long long)uhm_last_rmi);
		have_token = true;
		FI_CHECK(uhm_status(l->dst).state ==
			 KVM_CCA_MIG_STATE_DST_ABORTED, "dst not aborted");
		/*
		 * Never activated with partial state: KVM_RUN fails (-EBUSY,
		 * or earlier if its vCPUs were not even finalized).
		 */
		ret = kvm_shim_vcpu_run(l->dst->vcpus[0], &ev, 10);
		FI_CHECK(ret < 0 && ret != -ETIME,
			 "aborted destination runs: %d", ret);
	}
	switch (uhm_status(l->src).state) {
	case KVM_CCA_MIG_STATE_NONE:
		break;
	case KVM_CCA_MIG_STATE_SRC_ENDED:
		FI_CHECK(have_token, "ended source without a token");
		ab = (struct kvm_cca_mig_abort){
			.token = (u64)(uintptr_t)token,
			.token_len = sizeof(token) };
		FI_CHECK(!uhm_mig(l->src, KVM_CCA_MIG_ABORT, &ab),
			 "ABORT src with the token: rmi %#llx",
			 (unsigned long long)uhm_last_rmi);
		break;
	default:
		ab = (struct kvm_cca_mig_abort){ 0 };
		FI_CHECK(!uhm_mig(l->src, KVM_CCA_MIG_ABORT, &ab),
			 "ABORT src: rmi %#llx",
			 (unsigned long long)uhm_last_rmi);
		break;
	}
	FI_CHECK(uhm_status(l->src).state == KVM_CCA_MIG_STATE_NONE,
		 "source not resumed");
	return true;
}

/* How the runs ended: migrated after all, or resumed on the source. */
static unsigned long fi_completed, fi_resumed;

/* After a flow, with or without a fault: where everything must be. */
static bool fi_settle(struct fi_run *fr)
{
	struct leg *l = &fr->leg[fr->at];
	bool completed = fr->ret == 0;
	struct cca_event ev;

	if (fr->scen == SC_DST_ABORT && completed) {
		/* The designed end: the source runs on, the destination not. */
		FI_CHECK(uhm_status(l->dst).state ==
			 KVM_CCA_MIG_STATE_DST_ABORTED, "dst not aborted");
		FI_CHECK(kvm_shim_vcpu_run(l->dst->vcpus[0], &ev, 10) == -EBUSY,
			 "aborted destination runs");
		FI_CHECK(finishes_like_baseline(l->src, fr->nr_recs),
			 "resumed source does not finish as unmigrated");
		fi_resumed++;
		return true;
	}
	if (!completed) {
		if (fi.mode != FI_RECORD && fi.mode != FI_OFF &&
		    !fi_check_errno())
			return false;
		if (!fi_recover(fr, &completed))
			return false;
	}
	if (completed && fr->scen != SC_DST_ABORT) {
		FI_CHECK(uhm_status(l->src).state ==
			 KVM_CCA_MIG_STATE_SRC_ENDED, "source not ended");
		FI_CHECK(kvm_shim_vcpu_run(l->src->vcpus[0], &ev, 10) == -EIO,
			 "migrated source runs");
		FI_CHECK(finishes_like_baseline(l->dst, fr->nr_recs),
			 "destination does not finish as unmigrated");
		fi_completed++;
		return true;
	}
	FI_CHECK(finishes_like_baseline(l->src, fr->nr_recs),
		 "resumed source does not finish as unmigrated");
	fi_resumed++;
	return true;
}

/* Destroy everything of a run; true if nothing is left. */
static bool fi_cleanup(void)
{
	unsigned int i;

	uhm_close_fds();
	for (i = 0; i < UHM_MAX_VMS; i++)
		if (uhm_vms[i])
			uhm_put_vm(uhm_vms[i]);
	shim_fail_alloc_nth(0);
	shim_fail_uaccess_nth(0);
	/*
	 * A granule the firmware refused to undelegate was leaked on purpose
	 * (kvm_rmi_mig_undelegate(): WARN, page reference kept, never
	 * reused). Check exactly that, then give it back for the next run.
	 */
	if (fi.leaked_pa && !shim_nr_warnings()) {
		/* RMI_BUSY: the wrapper retried, nothing was leaked. */
		fi.leaked_pa = 0;
	}
	if (fi.leaked_pa) {
		phys_addr_t pa = fi.leaked_pa;
		struct page *page = pfn_to_page(PHYS_PFN(pa));

		fi.leaked_pa = 0;
		if (shim_nr_warnings() != 1 ||
		    shim_model_granules_delegated() != 1 ||
		    strcmp(shim_model_granule_state(pa), "DELEGATED")) {
			snprintf(fi_why, sizeof(fi_why),
				 "refused undelegation: %lu WARN(s), %lu granule(s)",
				 shim_nr_warnings(),
				 shim_model_granules_delegated());
			shim_reset_warnings();
			return false;
		}
		shim_reset_warnings();
		if (rmi_undelegate_page(pa)) {
			snprintf(fi_why, sizeof(fi_why), "cannot reclaim");
			return false;
		}
		/*
		 * The leak's reference, and for a guest_memfd page the
		 * memslot's, which the host keeps at teardown for a page
		 * still in the Realm PAS.
		 */
		if (page_count(page) < 1 || page_count(page) > 2) {
			snprintf(fi_why, sizeof(fi_why), "leaked page count %d",
				 page_count(page));
			return false;
		}
		while (page_count(page))
			put_page(page);
	}
	if (shim_nr_warnings()) {
		snprintf(fi_why, sizeof(fi_why), "%lu WARN(s)",
			 shim_nr_warnings());
		shim_reset_warnings();
		return false;
	}
	if (shim_locks_held()) {
		snprintf(fi_why, sizeof(fi_why), "%u lock(s) held",
			 shim_locks_held());
		return false;
	}
	if (!uhm_nothing_left()) {
		snprintf(fi_why, sizeof(fi_why), "leak");
		return false;
	}
	return true;
}

static double fi_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Time spent in the flows, the checks and the teardowns. */
static double fi_t_flow, fi_t_settle, fi_t_clean;
static unsigned long fi_runs, fi_max_runs = ~0UL;

/* One run of @fr under the armed injection; true if every check held. */
static bool fi_one(struct fi_run *fr)
{
	double t0 = fi_now(), t1, t2;
	bool ok;

	if (fi_runs++ >= fi_max_runs)
		return true;
	fi_why[0] = 0;
	fr->ret = fi_flow(fr);
	fi.in_op = false;
	shim_fail_alloc_nth(0);
	shim_fail_uaccess_nth(0);
	if (fr->ret == -ECANCELED) {
		snprintf(fi_why, sizeof(fi_why), "setup failed");
		fi_cleanup();
		return false;
	}
	if (fi.mode != FI_RECORD && !fi.fired) {
		snprintf(fi_why, sizeof(fi_why), "injection point not reached");
		fi_cleanup();
		return false;
	}
	t1 = fi_now();
	ok = fi_settle(fr);
	t2 = fi_now();
	ok = fi_cleanup() && ok;
	fi_t_flow += t1 - t0;
	fi_t_settle += t2 - t1;
	fi_t_clean += fi_now() - t2;
	return ok;
}

/* ---------------------------------------------------------------------- */
/* The statuses each call may return                                       */

#define MIG(reason)	(RMI_ERROR_MIG | ((u64)RMI_MIG_REASON_##reason << 8))
#define RTT(level)	(RMI_ERROR_RTT | ((u64)(level) << 8))

/*
 * The statuses injected at the @occ-th call of @fid in an op. The first
 * call gets every status the firmware may return there: for RMI-MIG
 * commands the failure conditions of rmi-mig.rst section 7.3 (RMI-MIG
 * never returns RMI_BUSY, section 2.3); for DEN0137 commands
 * RMI_ERROR_INPUT, RMI_ERROR_RTT(2) and RMI_BUSY (the wrappers retry
 * it), as the host treats every other failure of theirs alike. Later
 * calls of the same command in the same op (the same call site in a
 * loop) get RMI_ERROR_INPUT, and RMI_ERROR_RTT(2) where the host creates
 * RTTs on demand.
 */
static unsigned int fi_statuses(u32 fid, unsigned long occ, u64 *st)
{
	unsigned int n = 0;

	st[n++] = RMI_ERROR_INPUT;
	if (occ > 1) {
		if (fid == SMC_RMI_MIG_TRACK_START ||
		    fid == SMC_RMI_MIG_DIRTY_HARVEST ||
		    fid == SMC_RMI_MIG_EXPORT_PAGES ||
		    fid == SMC_RMI_MIG_IMPORT_PAGES)
			st[n++] = RTT(2);
		return n;
	}
	switch (fid) {
	case SMC_RMI_MIG_SESSION_OPEN:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = RMI_ERROR_NOT_SUPPORTED;
		st[n++] = MIG(FORMAT);
		st[n++] = MIG(KEY);
		st[n++] = MIG(BINDING);
		break;
	case SMC_RMI_MIG_SESSION_STATE:
		break;
	case SMC_RMI_MIG_TRACK_START:
	case SMC_RMI_MIG_DIRTY_HARVEST:
	case SMC_RMI_MIG_EXPORT_PAGES:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = RTT(2);
		break;
	case SMC_RMI_MIG_PAUSE:
	case SMC_RMI_MIG_EXPORT_REC:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = RMI_ERROR_REC;
		break;
	case SMC_RMI_MIG_END:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = RMI_ERROR_REC;
		st[n++] = MIG(INCOMPLETE);
		break;
	case SMC_RMI_MIG_IMPORT_PAGES:
		st[n++] = RTT(2);
		fallthrough;
	case SMC_RMI_MIG_IMPORT_REALM:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = MIG(FORMAT);
		st[n++] = MIG(BINDING);
		st[n++] = MIG(SEQUENCE);
		st[n++] = MIG(AUTH);
		break;
	case SMC_RMI_MIG_IMPORT_EPOCH:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = MIG(FORMAT);
		st[n++] = MIG(BINDING);
		st[n++] = MIG(SEQUENCE);
		st[n++] = MIG(AUTH);
		st[n++] = MIG(INCOMPLETE);
		break;
	case SMC_RMI_MIG_IMPORT_REC:
	case SMC_RMI_MIG_IMPORT_END:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = RMI_ERROR_REC;
		st[n++] = MIG(FORMAT);
		st[n++] = MIG(BINDING);
		st[n++] = MIG(SEQUENCE);
		st[n++] = MIG(AUTH);
		if (fid == SMC_RMI_MIG_IMPORT_END)
			st[n++] = MIG(INCOMPLETE);
		break;
	case SMC_RMI_MIG_ABORT:
		st[n++] = RMI_ERROR_REALM;
		st[n++] = MIG(FORMAT);
		st[n++] = MIG(BINDING);
		st[n++] = MIG(AUTH);
		break;
	default:
		if (is_mig_fid(fid)) {
			st[n++] = RMI_ERROR_REALM;
			break;
		}
		/* DEN0137 2.0 commands (delegation, RTTs, RD, RECs) */
		st[n++] = RTT(2);
		st[n++] = RMI_BUSY;
		break;
	}
	return n;
}

/* ---------------------------------------------------------------------- */
/* The driver                                                              */

struct fi_counts {
	unsigned long rmi, alloc, uaccess, failed, sites;
};

static struct fi_counts fi_total;

static void fi_report_fail(const char *what)
{
	printf("# FAIL %s: %s\n", what, fi_why);
}

/* Does op @op make at least @occ calls of @fid? */
static unsigned long fi_nr_calls(unsigned int op, u32 fid)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < fi.nr_calls; i++)
		if (fi.calls[i].op == op && fi.calls[i].fid == fid)
			n++;
	return n;
}

/* RMI occurrences: 1, 2, 3, the middle and the last two of a long run. */
static bool fi_sampled(unsigned long k, unsigned long n)
{
	if (n <= FI_EXHAUSTIVE)
		return true;
	return k <= 3 || k == n / 2 || k >= n - 1;
}

/*
 * Allocations and user copies of one op: all of them up to FI_EXHAUSTIVE,
 * else the first and last FI_EXHAUSTIVE / 2 and every FI_STRIDE-th in
 * between (the long runs are loops: START's 512 data pages, the pump's
 * chunked reads and writes).
 */
static bool fi_sampled_seq(unsigned long k, unsigned long n)
{
	if (n <= FI_EXHAUSTIVE)
		return true;
	return k <= FI_EXHAUSTIVE / 2 || k > n - FI_EXHAUSTIVE / 2 ||
	       !(k % FI_STRIDE);
}

static void fi_scenario(enum fi_scen scen, unsigned int nr_recs)
{
	struct fi_counts c = { 0 };
	struct fi_op ops[FI_MAX_OPS];
	struct fi_call *calls;
	unsigned int nr_ops, nr_calls, op, i, j, first;
	struct fi_run fr = { .scen = scen, .nr_recs = nr_recs };
	struct timespec t0, t1;
	double secs;
	u64 st[16];
	char what[160];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	fi_completed = 0;
	fi_resumed = 0;
	ASSERT_TRUE(baseline(nr_recs));
	ASSERT_TRUE(fi_cleanup());
	shim_set_smc_answer(fi_answer, NULL);

	/* The clean run: record, and it must pass every check itself. */
	fi_arm(FI_RECORD, ~0U, 0, 0, 0);
	if (!fi_one(&fr))
		TEST_FAIL("clean run: %s", fi_why);
	ASSERT_EQ(fr.ret, 0);
	fi_completed = 0;
	fi_resumed = 0;
	ASSERT_LT(fi.nr_calls, FI_MAX_CALLS);
	ASSERT_LT(fi.nr_ops, FI_MAX_OPS);
	nr_ops = fi.nr_ops;
	nr_calls = fi.nr_calls;
	memcpy(ops, fi.ops, sizeof(ops));
	calls = malloc(nr_calls * sizeof(*calls));
	ASSERT_TRUE(calls);
	memcpy(calls, fi.calls, nr_calls * sizeof(*calls));

	printf("# %u ops, %u RMI calls in the clean run:\n", nr_ops, nr_calls);
	for (op = 0; op < nr_ops; op++) {
		char seq[512];
		int len = 0;

		seq[0] = 0;
		for (i = 0; i < nr_calls && len < (int)sizeof(seq) - 16; i++) {
			if (calls[i].op != op)
				continue;
			if (i && calls[i - 1].op == op &&
			    calls[i - 1].fid == calls[i].fid) {
				if (seq[len - 1] != '+')
					len += snprintf(seq + len,
							sizeof(seq) - len, "+");
				continue;
			}
			len += snprintf(seq + len, sizeof(seq) - len, " %x",
					calls[i].fid & 0xfff);
		}
		printf("#   %2u %-16s alloc %3lu uaccess %2lu rmi%s\n", op,
		       ops[op].name, ops[op].nr_alloc, ops[op].nr_uaccess,
		       seq);
	}

	/*
	 * The chain's first leg is the one_rec flow, injected there: here
	 * only the second leg, whose source is an imported realm.
	 */
	first = scen == SC_CHAIN ? fi_leg2_op : 0;
	printf("# injecting into ops %u to %u\n", first, nr_ops - 1);

	/* Every RMI call site, with every status it may return. */
	for (op = first; op < nr_ops; op++) {
		for (i = 0; i < nr_calls; i++) {
			u32 fid = calls[i].fid;
			unsigned long n, k;
			unsigned int ns;

			if (calls[i].op != op)
				continue;
			/* the first call of @fid in @op stands for all */
			for (j = 0; j < i; j++)
				if (calls[j].op == op && calls[j].fid == fid)
					break;
			if (j < i)
				continue;
			n = fi_nr_calls(op, fid);
			for (k = 1; k <= n; k++) {
				if (!fi_sampled(k, n))
					continue;
				c.sites++;
				ns = fi_statuses(fid, k, st);
				for (j = 0; j < ns; j++) {
					fi_arm(FI_RMI, op, fid, k, st[j]);
					c.rmi++;
					if (fi_one(&fr))
						continue;
					c.failed++;
					snprintf(what, sizeof(what),
						 "op %u %s, fid %#x #%lu, status %#llx",
						 op, ops[op].name, fid, k,
						 (unsigned long long)st[j]);
					fi_report_fail(what);
				}
			}
		}
	}

	/* Every allocation and every user copy of the flow. */
	for (op = first; op < nr_ops; op++) {
		unsigned long k;

		for (k = 1; k <= ops[op].nr_alloc; k++) {
			if (!fi_sampled_seq(k, ops[op].nr_alloc))
				continue;
			fi_arm(FI_ALLOC, op, 0, k, 0);
			c.alloc++;
			if (fi_one(&fr))
				continue;
			c.failed++;
			snprintf(what, sizeof(what), "op %u %s, allocation %lu",
				 op, ops[op].name, k);
			fi_report_fail(what);
		}
		for (k = 1; k <= ops[op].nr_uaccess; k++) {
			if (!fi_sampled_seq(k, ops[op].nr_uaccess))
				continue;
			fi_arm(FI_UACCESS, op, 0, k, 0);
			c.uaccess++;
			if (fi_one(&fr))
				continue;
			c.failed++;
			snprintf(what, sizeof(what), "op %u %s, user copy %lu",
				 op, ops[op].name, k);
			fi_report_fail(what);
		}
	}
	free(calls);
	fi_arm(FI_OFF, ~0U, 0, 0, 0);
	shim_set_smc_answer(NULL, NULL);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# outcomes: %lu migrated despite the fault, %lu resumed on the source\n",
	       fi_completed, fi_resumed);
	printf("# injection points: %lu rmi x status (%lu call sites), %lu alloc, %lu uaccess; %.1f s, %.0f ms/run\n",
	       c.rmi, c.sites, c.alloc, c.uaccess, secs,
	       secs * 1000 / (c.rmi + c.alloc + c.uaccess + 1));
	fflush(stdout);
	fi_total.rmi += c.rmi;
	fi_total.alloc += c.alloc;
	fi_total.uaccess += c.uaccess;
	fi_total.failed += c.failed;
	fi_total.sites += c.sites;
	ASSERT_EQ(c.failed, 0);
}

static void test_fi_one_rec(void)
{
	fi_scenario(SC_ONE_REC, 1);
}

static void test_fi_two_recs(void)
{
	fi_scenario(SC_TWO_RECS, 2);
}

static void test_fi_dst_abort(void)
{
	fi_scenario(SC_DST_ABORT, 1);
}

static void test_fi_chain(void)
{
	fi_scenario(SC_CHAIN, 1);
}

/*
 * Regression: STREAM_FD wrote rmi_status after it had installed the fd;
 * a fault there returned -EFAULT with a live fd the VMM never learnt,
 * which pinned the VM for good. Every user copy of STREAM_FD fails in
 * turn: -EFAULT leaves no file behind and STREAM_FD can be retried.
 */
static void test_stream_fd_efault(void)
{
	struct kvm_cca_mig_stream_fd sf;
	struct kvm_cca_mig_abort ab;
	struct uhm_run r = { 0 };
	unsigned int files, k;
	struct leg l = { 0 };
	long ret = -EFAULT;

	l.src = uhm_boot_vm(FI_GUEST, 1);
	l.dst = uhm_new_vm(1);
	ASSERT_TRUE(l.src && l.dst);
	ASSERT_EQ(uhm_run_some(l.src, 2, &r), -ETIME);
	ASSERT_TRUE(uhm_make_keys(l.src, UHM_SID, &l.keys));
	{
		struct kvm_cca_mig_start s;

		uhm_start_args(&s, KVM_CCA_MIG_ROLE_DESTINATION, l.keys.dst,
			       NULL);
		ASSERT_EQ(uhm_mig(l.dst, KVM_CCA_MIG_START, &s), 0);
		memcpy(l.nonce, s.nonce, sizeof(l.nonce));
		ASSERT_EQ(kvm_shim_finalize_vcpus(l.dst), 0);
		uhm_start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, l.keys.src,
			       l.nonce);
		ASSERT_EQ(uhm_mig(l.src, KVM_CCA_MIG_START, &s), 0);
	}
	files = shim_nr_open_files();
	for (k = 1; ret == -EFAULT; k++) {
		ASSERT_LT(k, 10);
		sf = (struct kvm_cca_mig_stream_fd){ .fd = -1 };
		shim_fail_uaccess_nth(k);
		ret = uhm_mig(l.src, KVM_CCA_MIG_STREAM_FD, &sf);
		shim_fail_uaccess_nth(0);
		if (ret == -EFAULT)
			ASSERT_EQ(shim_nr_open_files(), files);
	}
	ASSERT_EQ(ret, 0);
	ASSERT_GT(k, 4);
	ASSERT_EQ(shim_nr_open_files(), files + 1);
	ASSERT_TRUE(shim_fd_is_shim(sf.fd));
	uhm_fds[0] = sf.fd;
	ab = (struct kvm_cca_mig_abort){ 0 };
	ASSERT_EQ(uhm_mig(l.src, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(baseline(1));
	ASSERT_TRUE(finishes_like_baseline(l.src, 1));
}

static bool suite_setup(void)
{
	/* Small realms: every injection point is a whole migration. */
	uhm_ram_size = FI_RAM;
	return uhm_suite_setup_dram(FI_DRAM);
}

static const struct test_case cases[] = {
	TEST_CASE(test_stream_fd_efault),
	TEST_CASE(test_fi_one_rec),
	TEST_CASE(test_fi_two_recs),
	TEST_CASE(test_fi_dst_abort),
	TEST_CASE(test_fi_chain),
};

static const struct test_suite suite = {
	.name = "host_faultinj",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
	.teardown = uhm_suite_teardown,
};

int main(int argc, char **argv)
{
	int ret;

	if (getenv("FI_MAX_RUNS"))
		fi_max_runs = strtoul(getenv("FI_MAX_RUNS"), NULL, 0);
	ret = test_main(&suite, argc, argv);
	printf("# time: flows %.1f s, checks %.1f s, teardowns %.1f s\n",
	       fi_t_flow, fi_t_settle, fi_t_clean);

	printf("# injection points: %lu rmi x status (%lu call sites), %lu alloc, %lu uaccess\n",
	       fi_total.rmi, fi_total.sites, fi_total.alloc, fi_total.uaccess);
	uhm_free_images();
	return ret;
}
