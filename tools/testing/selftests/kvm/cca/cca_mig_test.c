// SPDX-License-Identifier: GPL-2.0-only
/*
 * cca_mig_test - live migration of an Arm CCA realm between two realm VMs
 * of this process, through KVM_CCA_MIG_OP and the migration stream
 * (Documentation/virt/kvm/arm/cca-mig-api.rst).
 *
 * The guest fills a private buffer with a pattern, reports ready, then
 * spins with a pattern in x19-x28, writing the iteration number into one
 * page of the buffer per iteration, until the host sets a flag in shared
 * memory. The host migrates it while it spins (pre-copy rounds with the
 * dirty log, PAUSE, SAVE_REC, FINISH), resumes it on the destination and
 * sets the flag there; the guest then checks its own view: x19-x28, its
 * translation and system registers, the virtual counter, and every word of
 * the buffer against the last iteration it ran before the move.
 *
 *   migrate: A -> B
 *   chain:   A -> B -> C
 *   dead source: after each move, KVM_RUN on the old VM fails with EIO,
 *	EXPORT_RAM and PAUSE with EBUSY, and its state stays SRC_ENDED.
 *
 * Key blobs come from a program standing for the migration agents
 * (-a AGENT or $CCA_MIG_AGENT, see cca_mig_get_keys()); without one the
 * migrations are skipped.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"
#include "include/cca_realm.h"

#define NR_BUF_PAGES		16
#define BUF_WORDS		(NR_BUF_PAGES * 512)
#define SPIN_SEED		0x5eed000000000000ULL
#define READY_TIMEOUT_S		120

enum {
	STAGE_RIM = 1,		/* RIM in shared->rim, arg: RSI status */
	STAGE_READY,		/* arg: phase; about to spin */
	STAGE_RESUMED,		/* args: phase, last iteration */
};

/**
 * struct realm_shared - One page at the unprotected alias
 * @spinning: guest: inside the spin loop
 * @go: host: leave the spin loop
 * @done: host: no more phases
 * @rim: guest: its RIM
 */
struct realm_shared {
	u64 spinning;
	u64 go;
	u64 done;
	u64 rim[REALM_RIM_WORDS];
};

static struct realm_shared *shared;
static u64 realm_buf[BUF_WORDS] __aligned(4096);

static u64 pattern(u64 phase, u64 word)
{
	return SPIN_SEED ^ (phase << 40) ^ word;
}

/*
 * Spin with x19 = seed .. x28 = seed + 9 until *@go, writing the iteration
 * number into word 0 of page (iteration % NR_BUF_PAGES). Return the number
 * of callee-saved registers that changed; *@last: the last iteration.
 */
static u64 guest_spin(u64 seed, u64 *go, u64 *last)
{
	u64 iter, bad;

	asm volatile("	mov	x19, %[seed]\n"
	"	add	x20, x19, #1\n"
	"	add	x21, x19, #2\n"
	"	add	x22, x19, #3\n"
	"	add	x23, x19, #4\n"
	"	add	x24, x19, #5\n"
	"	add	x25, x19, #6\n"
	"	add	x26, x19, #7\n"
	"	add	x27, x19, #8\n"
	"	add	x28, x19, #9\n"
	"	mov	x9, #0\n"
	"1:	add	x9, x9, #1\n"
	"	udiv	x10, x9, %[n]\n"
	"	msub	x10, x10, %[n], x9\n"
	"	lsl	x10, x10, #12\n"
	"	str	x9, [%[buf], x10]\n"
	"	ldr	x11, [%[go]]\n"
	"	cbz	x11, 1b\n"
	"	mov	%[iter], x9\n"
	"	mov	x12, #0\n"
	"	cmp	x19, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x20, #1\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x21, #2\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x22, #3\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x23, #4\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x24, #5\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x25, #6\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x26, #7\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x27, #8\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	sub	x13, x28, #9\n"
	"	cmp	x13, %[seed]\n"
	"	cinc	x12, x12, ne\n"
	"	mov	%[bad], x12\n"
	: [iter] "=&r" (iter), [bad] "=&r" (bad)
	: [seed] "r" (seed), [n] "r" ((u64)NR_BUF_PAGES),
	  [buf] "r" (realm_buf), [go] "r" (go)
	: "x9", "x10", "x11", "x12", "x13", "x19", "x20", "x21", "x22",
	  "x23", "x24", "x25", "x26", "x27", "x28", "cc", "memory");
	*last = iter;
	return bad;
}

/* What word 0 of @page holds after iterations 1..@last of guest_spin(). */
static u64 expected_word0(u64 phase, u64 page, u64 last)
{
	u64 v;

	if (last < page)
		return pattern(phase, page * 512);
	v = last - (last - page) % NR_BUF_PAGES;
	return v ? v : pattern(phase, page * 512);
}

#define NR_SYSREGS	7

static void read_sysregs(u64 r[NR_SYSREGS])
{
	r[0] = read_sysreg(sctlr_el1);
	r[1] = read_sysreg(tcr_el1);
	r[2] = read_sysreg(ttbr0_el1);
	r[3] = read_sysreg(mair_el1);
	r[4] = read_sysreg(tpidr_el1);
	r[5] = read_sysreg(cpacr_el1);
	r[6] = read_sysreg(vbar_el1);
}

static void guest_code(void)
{
	u64 before[NR_SYSREGS], after[NR_SYSREGS];
	u64 phase, i, last, bad, cnt;

	GUEST_SYNC_ARGS(STAGE_RIM, realm_rsi_measurement_read(0, shared->rim),
			0, 0, 0);

	for (phase = 1; !READ_ONCE(shared->done); phase++) {
		for (i = 0; i < BUF_WORDS; i++)
			WRITE_ONCE(realm_buf[i], pattern(phase, i));
		read_sysregs(before);
		cnt = read_sysreg(cntvct_el0);
		GUEST_SYNC_ARGS(STAGE_READY, phase, 0, 0, 0);

		WRITE_ONCE(shared->spinning, 1);
		bad = guest_spin(SPIN_SEED + phase, &shared->go, &last);
		GUEST_ASSERT_EQ(bad, 0);

		read_sysregs(after);
		for (i = 0; i < NR_SYSREGS; i++)
			GUEST_ASSERT_EQ(before[i], after[i]);
		GUEST_ASSERT(read_sysreg(cntvct_el0) >= cnt);

		for (i = 0; i < BUF_WORDS; i++) {
			u64 want = i % 512 ? pattern(phase, i) :
				   expected_word0(phase, i / 512, last);

			GUEST_ASSERT_EQ(READ_ONCE(realm_buf[i]), want);
		}
		GUEST_SYNC_ARGS(STAGE_RESUMED, phase, last, 0, 0);
	}
	GUEST_DONE();
}

static const char *agent;

/* Run @vcpu until its next ucall, which must be @stage; return it. */
static void run_to_stage(struct kvm_vcpu *vcpu, u64 stage, struct ucall *uc)
{
	vcpu_run(vcpu);
	switch (get_ucall(vcpu, uc)) {
	case UCALL_SYNC:
		TEST_ASSERT(uc->args[1] == stage, "stage %lu, expected %lu",
			    uc->args[1], stage);
		break;
	case UCALL_ABORT:
		REPORT_GUEST_ASSERT(*uc);
		break;
	case UCALL_DONE:
		TEST_FAIL("guest done at stage %lu", stage);
		break;
	default:
		TEST_FAIL("unexpected exit %s",
			  exit_reason_str(vcpu->run->exit_reason));
	}
}

/**
 * struct spin_run - KVM_RUN in a thread while the main thread migrates
 * @vcpu: the vCPU
 * @ret: KVM_RUN's result
 * @err: its errno
 * @done: the thread returned
 */
struct spin_run {
	struct kvm_vcpu *vcpu;
	int ret;
	int err;
	bool done;
};

static void *spin_run_thread(void *arg)
{
	struct spin_run *r = arg;

	r->ret = __vcpu_run(r->vcpu);
	r->err = errno;
	WRITE_ONCE(r->done, true);
	return NULL;
}

static void wait_spinning(struct realm_shared *hs, struct spin_run *r)
{
	time_t start = time(NULL);
	struct ucall uc;

	while (!READ_ONCE(hs->spinning)) {
		if (READ_ONCE(r->done)) {
			TEST_ASSERT(!r->ret, "KVM_RUN: errno %d", r->err);
			if (get_ucall(r->vcpu, &uc) == UCALL_ABORT)
				REPORT_GUEST_ASSERT(uc);
			TEST_FAIL("the guest left before spinning");
		}
		TEST_ASSERT(time(NULL) - start < READY_TIMEOUT_S,
			    "the guest did not start spinning");
		usleep(1000);
	}
}

/* The old VM after FINISH: its realm lives on the destination now. */
static void check_dead_source(struct kvm_vm *vm, struct kvm_vcpu *vcpu)
{
	struct kvm_cca_mig_export_ram ex = {
		.npages = 1,
	};
	int ret;

	ret = __vcpu_run(vcpu);
	TEST_ASSERT(ret == -1 && errno == EIO,
		    "KVM_RUN on a migrated-away realm: ret %d errno %d", ret,
		    errno);
	ret = __cca_mig_op(vm, KVM_CCA_MIG_EXPORT_RAM, &ex, NULL);
	TEST_ASSERT(ret == -1 && errno == EBUSY,
		    "EXPORT_RAM after FINISH: ret %d errno %d", ret, errno);
	ret = __cca_mig_op(vm, KVM_CCA_MIG_PAUSE, NULL, NULL);
	TEST_ASSERT(ret == -1 && errno == EBUSY,
		    "PAUSE after FINISH: ret %d errno %d", ret, errno);
	TEST_ASSERT_EQ(cca_mig_state(vm), KVM_CCA_MIG_STATE_SRC_ENDED);
}

static double elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 +
	       (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static struct kvm_vm *create_source(bool emulated, struct kvm_vcpu **vcpu,
				    gva_t *shared_gva)
{
	struct kvm_vm *vm;

	if (emulated)
		vm = realm_vm_create_emulated(1, guest_code, vcpu);
	else
		vm = realm_vm_create(1, guest_code, vcpu);
	*shared_gva = realm_alloc_shared(vm, vm->page_size);
	shared = (struct realm_shared *)*shared_gva;
	sync_global_to_guest(vm, shared);
	realm_populate(vm);
	realm_vcpus_finalize(vm);
	return vm;
}

/* Let the guest leave after its last phase; it must report DONE. */
static void finish(struct kvm_vcpu *vcpu, struct realm_shared *hs)
{
	struct ucall uc;

	WRITE_ONCE(hs->done, 1);
	vcpu_run(vcpu);
	switch (get_ucall(vcpu, &uc)) {
	case UCALL_DONE:
		break;
	case UCALL_ABORT:
		REPORT_GUEST_ASSERT(uc);
		break;
	default:
		TEST_FAIL("unexpected ucall %lu", uc.cmd);
	}
}

/*
 * The machinery of the migration test (realm_boot, page tables, ucalls
 * and a flag page through the shared alias, the spin loop and the guest's
 * checks of its registers and memory) on an ordinary VM laid out as a
 * realm, stopped and resumed in place: runs on any arm64 KVM host.
 */
static void test_emulated(void)
{
	struct realm_shared *hs;
	struct kvm_vcpu *vcpu;
	struct spin_run r;
	pthread_t thread;
	struct kvm_vm *vm;
	gva_t shared_gva;
	struct ucall uc;

	vm = create_source(true, &vcpu, &shared_gva);
	hs = addr_gva2hva(vm, shared_gva);
	run_to_stage(vcpu, STAGE_RIM, &uc);	/* no RSI here: any status */
	run_to_stage(vcpu, STAGE_READY, &uc);

	r = (struct spin_run){ .vcpu = vcpu };
	pthread_create(&thread, NULL, spin_run_thread, &r);
	wait_spinning(hs, &r);
	usleep(10000);
	WRITE_ONCE(hs->go, 1);
	pthread_join(thread, NULL);
	TEST_ASSERT(!r.ret, "KVM_RUN: errno %d", r.err);
	switch (get_ucall(vcpu, &uc)) {
	case UCALL_SYNC:
		TEST_ASSERT(uc.args[1] == STAGE_RESUMED && uc.args[2] == 1,
			    "stage %lu phase %lu", uc.args[1], uc.args[2]);
		TEST_ASSERT(uc.args[3], "no iteration");
		break;
	case UCALL_ABORT:
		REPORT_GUEST_ASSERT(uc);
		break;
	default:
		TEST_FAIL("unexpected ucall %lu", uc.cmd);
	}
	ksft_print_msg("emulated: %lu spin iterations\n", uc.args[3]);
	finish(vcpu, hs);
	kvm_vm_free(vm);
	ksft_test_result_pass("realm layout on an ordinary VM: boot, shared ucalls, checks\n");
}

/*
 * Migrate a realm @hops times (A -> B, A -> B -> C, ...), checking the
 * guest after every move and the dead source it leaves behind.
 */
static void test_migrate(int hops)
{
	struct kvm_vcpu *vcpu, *next_vcpu;
	struct realm_shared *hs;
	struct kvm_vm *vm, *next;
	struct cca_mig_stats st;
	struct cca_mig_keys keys;
	struct spin_run r;
	struct timespec t0;
	pthread_t thread;
	struct ucall uc;
	gva_t shared_gva;
	int hop, sfd, dfd;

	vm = create_source(false, &vcpu, &shared_gva);
	hs = addr_gva2hva(vm, shared_gva);

	run_to_stage(vcpu, STAGE_RIM, &uc);
	TEST_ASSERT(!uc.args[2], "RSI_MEASUREMENT_READ: status %lu",
		    uc.args[2]);
	if (!agent) {
		kvm_vm_free(vm);
		ksft_test_result_skip("%d migration(s): no migration agent (-a)\n",
				      hops);
		return;
	}
	run_to_stage(vcpu, STAGE_READY, &uc);

	for (hop = 1; hop <= hops; hop++) {
		TEST_ASSERT(cca_mig_get_keys(agent, hop, hs->rim, &keys),
			    "no key blobs for session %d", hop);
		next = realm_vm_create_dst(vm, guest_code, &next_vcpu);

		WRITE_ONCE(hs->spinning, 0);
		WRITE_ONCE(hs->go, 0);
		r = (struct spin_run){ .vcpu = vcpu };
		pthread_create(&thread, NULL, spin_run_thread, &r);
		wait_spinning(hs, &r);

		memset(&st, 0, sizeof(st));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		/* Every other hop through the mmap()ed stream rings. */
		cca_mig_rings = !(hop % 2);
		cca_mig_precopy(vm, next, &keys, &sfd, &dfd, &st);
		cca_mig_complete(vm, next, sfd, dfd, &st);
		pthread_join(thread, NULL);
		TEST_ASSERT(r.ret == -1 && r.err == EBUSY,
			    "KVM_RUN of a paused source: ret %d errno %d",
			    r.ret, r.err);
		ksft_print_msg("hop %d, %s: %.1f ms, %lu bytes, %lu pages, %lu rounds, %lu dirty\n",
			       hop, cca_mig_rings ? "rings" : "rw",
			       elapsed_ms(&t0), st.bytes, st.pages,
			       st.rounds, st.dirty);

		check_dead_source(vm, vcpu);

		/* The VMM's own part: shared memory, then let it go on. */
		realm_copy_shared(next, vm);
		kvm_vm_free(vm);
		vm = next;
		vcpu = next_vcpu;
		hs = addr_gva2hva(vm, shared_gva);
		WRITE_ONCE(hs->go, 1);

		run_to_stage(vcpu, STAGE_RESUMED, &uc);
		TEST_ASSERT_EQ(uc.args[2], hop);
		TEST_ASSERT(uc.args[3], "no iteration before the move");
		if (hop < hops)
			run_to_stage(vcpu, STAGE_READY, &uc);
	}

	finish(vcpu, hs);
	kvm_vm_free(vm);
	ksft_test_result_pass("%d migration(s): memory, registers, counter intact; dead source\n",
			      hops);
}

static void help(const char *name)
{
	printf("usage: %s [-a AGENT]\n"
	       " -a AGENT: program that prints a session's key blob, run as\n"
	       "           \"AGENT ROLE SESSION_ID RIM\" (ROLE 1 source, 2\n"
	       "           destination; SESSION_ID and RIM in hex); default\n"
	       "           $CCA_MIG_AGENT. Without one, migrations are skipped.\n",
	       name);
}

int main(int argc, char *argv[])
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int opt;

	agent = getenv("CCA_MIG_AGENT");
	while ((opt = getopt(argc, argv, "a:h")) != -1) {
		switch (opt) {
		case 'a':
			agent = optarg;
			break;
		default:
			help(argv[0]);
			exit(opt == 'h' ? KSFT_PASS : KSFT_FAIL);
		}
	}

	ksft_print_header();
	ksft_set_plan(3);
	test_emulated();

	/* KVM_CAP_ARM_CCA_MIG is a VM capability: ask a realm VM. */
	if (!realm_supported()) {
		ksft_test_result_skip("migrations: no KVM_CAP_ARM_RMI\n");
		ksft_test_result_skip("chain: no KVM_CAP_ARM_RMI\n");
		ksft_finished();
	}
	vm = realm_vm_create(1, guest_code, &vcpu);
	if (!vm_check_cap(vm, KVM_CAP_ARM_CCA_MIG)) {
		kvm_vm_free(vm);
		ksft_test_result_skip("migrations: no KVM_CAP_ARM_CCA_MIG\n");
		ksft_test_result_skip("chain: no KVM_CAP_ARM_CCA_MIG\n");
		ksft_finished();
	}
	kvm_vm_free(vm);

	test_migrate(1);
	test_migrate(2);
	ksft_finished();
}
