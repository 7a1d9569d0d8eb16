// SPDX-License-Identifier: GPL-2.0
/*
 * RMM model, RMI-MIG end to end (rmi-mig.rst section 7.1; test map section
 * 7.3, rmm_mig_flow_test.c): real AArch64 Realms are migrated while they
 * run, from a source Realm to a destination RD in the same model, and
 * resumed there; the guests check their own memory and registers after
 * the resume. Aborts in every source state let the source finish instead.
 *
 * The host side is the test: the run loop of util_run.h on each side, the
 * source helpers of util_mig.h, and the destination helpers of
 * util_mig_import.h, carrying the stream blob by blob as it is produced.
 */
#include "rmm_internal.h"
#include "test.h"
#include "util_mig_import.h"
#include "util_run.h"

#define G		RMM_GRANULE_SIZE
#define MAX_EXITS	20000
/* guest/mig_dirty.c */
#define MIG_DIRTY_ITERS	400

struct flow {
	struct ur_vm vm;		/* the source and its run loop state */
	struct ur_vm dvm;		/* the destination's, after the move */
	struct md_dst d;
	struct um_mig m;
	struct um_stream st;
	size_t fed;			/* blobs imported so far */
};

static struct flow f;

/* A running source for @cfg, a destination RD for it, both sessions open. */
static uint64_t flow_create(const struct ur_config *cfg, unsigned int suite)
{
	struct md_opts o = { .no_open = true };
	uint64_t ret;

	memset(&f, 0, sizeof(f));
	ret = ur_vm_create(&f.vm, cfg);
	if (ret)
		return ret;
	o.nr_recs = f.vm.nr_recs;
	o.rpv = f.vm.r.p.rpv;
	o.suite = suite;
	ret = md_dst_create(&f.d, &o);
	if (ret)
		return ret;
	um_init(&f.m, 0xf10e, suite ? suite : RMI_MIG_SUITE_AES_256_GCM,
		&f.vm.r);
	ret = um_open_dst(&f.m, f.d.r.rd);
	if (!ret)
		ret = um_open_src(&f.m, f.vm.r.rd);
	if (!ret)
		md_adopt(&f.d, f.m.sid, f.m.suite, f.m.mk, f.m.rim,
			 f.m.dst_nonce, f.m.src_nonce);
	return ret;
}

/* Carry every blob produced so far to the destination. */
static uint64_t flow_feed(void)
{
	uint64_t ret = RMI_SUCCESS;

	for (; f.fed < f.st.n; f.fed++) {
		const struct um_blob *b = &f.st.b[f.fed];

		ret = md_feed_raw(&f.d, b->type, b->data, b->len, b->page);
		if (ret != RMI_SUCCESS) {
			printf("# flow: blob %zu (type %u): 0x%llx\n", f.fed,
			       b->type, (unsigned long long)ret);
			break;
		}
	}
	return ret;
}

/*
 * Run the source for @n more REC exits. Return: false if the guest failed
 * (as opposed to simply not finishing within @n exits).
 */
static bool run_source(unsigned int n)
{
	unsigned int bound = f.vm.stats.exits + n;

	if (ur_vm_run(&f.vm, bound) && f.vm.stats.exits < bound)
		return false;
	f.vm.failed = false;
	return true;
}

/* Harvest the RAM range and export what was dirty; *@nr: how many. */
static uint64_t export_dirty(uint64_t *nr)
{
	uint64_t n = f.vm.ram_size / G, ret;
	uint8_t *bits = calloc(1, n / 8 + 1);

	if (!bits)
		return RMI_ERROR_GLOBAL;
	ret = um_harvest(f.vm.r.rd, f.vm.ram_base,
			 f.vm.ram_base + f.vm.ram_size, bits, nr);
	if (!ret)
		ret = um_export_bitmap(&f.vm.r, f.vm.ram_base, bits, n, &f.st);
	free(bits);
	return ret;
}

/* Track, export the Realm record and all of RAM as epoch 0. */
static uint64_t flow_start(void)
{
	uint64_t ret;

	ret = um_track_start(&f.vm.r, 0, um_prot_top(&f.vm.r));
	if (!ret)
		ret = um_export_realm(f.vm.r.rd, &f.st);
	if (!ret)
		ret = um_export_range(&f.vm.r, f.vm.ram_base,
				      f.vm.ram_base + f.vm.ram_size, &f.st);
	if (!ret)
		ret = um_epoch_end(f.vm.r.rd, &f.st);
	if (!ret)
		ret = flow_feed();
	return ret;
}

/* Pause, final harvest and export, every REC, the end token; import all. */
static uint64_t flow_finish(void)
{
	uint64_t ret, nr;
	unsigned int i;

	ret = um_pause(f.vm.r.rd);
	if (!ret)
		ret = export_dirty(&nr);
	for (i = 0; !ret && i < f.vm.nr_recs; i++)
		ret = um_export_rec(f.vm.r.rd, f.vm.rec[i], &f.st);
	if (!ret)
		ret = um_end(f.vm.r.rd, &f.st);
	if (!ret)
		ret = flow_feed();
	return ret;
}

/*
 * Hand the destination Realm to a run loop: the VMM's own vCPU state (the
 * run loop's, including results of pending host calls) moves with it, as
 * it would in the VMM's stream; the RMM state came through RMI-MIG.
 */
static bool flow_resume_setup(void)
{
	unsigned int i;

	f.dvm = f.vm;
	f.dvm.r = f.d.r;
	memset(&f.d.r, 0, sizeof(f.d.r));	/* dvm owns the Realm now */
	f.dvm.shared_pa = 0;
	f.dvm.shared_ipa = 0;
	for (i = 0; i < f.dvm.nr_recs; i++) {
		f.dvm.rec[i] = f.d.rec[i];
		f.dvm.run[i] = ut_alloc_granule();
		if (!f.dvm.run[i])
			return false;
	}
	return true;
}

static uint64_t flow_destroy(void)
{
	uint64_t st = um_mig_state(f.vm.r.rd), ret = RMI_SUCCESS;

	if (st == RMI_MIG_SRC_ENDED) {
		UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, f.vm.r.rd);
		ret = UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, f.vm.r.rd);
	} else if (st != RMI_MIG_NONE) {
		ret = um_abort_src(f.vm.r.rd);
	}
	if (!ret)
		ret = ur_vm_destroy(&f.vm);
	if (!ret && f.dvm.r.rd)
		ret = ur_vm_destroy(&f.dvm);
	if (!ret)
		ret = md_dst_destroy(&f.d);
	um_stream_free(&f.st);
	return ret;
}

/* Protected RTT entry at @ipa on both sides: same HIPAS, RIPAS, content. */
static bool same_ipa(struct ut_realm *a, struct ut_realm *b, uint64_t ipa,
		     bool content)
{
	struct ut_rtte x, y;

	if (ut_read_entry(a, ipa, 3, &x) || ut_read_entry(b, ipa, 3, &y))
		return false;
	if (x.state != y.state || x.ripas != y.ripas) {
		printf("# flow: IPA 0x%llx: state %llu/%llu ripas %llu/%llu\n",
		       (unsigned long long)ipa, (unsigned long long)x.state,
		       (unsigned long long)y.state,
		       (unsigned long long)x.ripas,
		       (unsigned long long)y.ripas);
		return false;
	}
	if (content && x.state == RMI_ASSIGNED && x.ripas == RIPAS_RAM &&
	    memcmp(granule_va(x.addr), granule_va(y.addr), G)) {
		printf("# flow: IPA 0x%llx: contents differ\n",
		       (unsigned long long)ipa);
		return false;
	}
	return true;
}

/* Every RAM IPA (and a margin above) is the same on both sides. */
static bool same_memory(struct ut_realm *dst, bool content)
{
	uint64_t ipa;

	for (ipa = f.vm.ram_base; ipa < f.vm.ram_base + f.vm.ram_size + 8 * G;
	     ipa += G)
		if (!same_ipa(&f.vm.r, dst, ipa, content))
			return false;
	return true;
}

/* Every REC's context and pending request equal on both sides. */
static bool same_recs(void)
{
	unsigned int i;

	for (i = 0; i < f.vm.nr_recs; i++) {
		struct rmm_rec *a = rec_from_pa(f.vm.rec[i]);
		struct rmm_rec *b = rec_from_pa(f.d.rec[i]);
		struct rec_ctx x = a->ctx, y = b->ctx;

		/* The counter offset is the destination's own (4.18). */
		x.cntvoff = y.cntvoff = 0;
		if (memcmp(&x, &y, sizeof(x)) || a->runnable != b->runnable ||
		    a->pending != b->pending ||
		    a->host_call_ipa != b->host_call_ipa ||
		    a->ripas_addr != b->ripas_addr ||
		    a->ripas_top != b->ripas_top ||
		    a->ripas_value != b->ripas_value ||
		    a->psci_fid != b->psci_fid ||
		    a->exit_esr != b->exit_esr || a->mpidr != b->mpidr) {
			printf("# flow: REC %u differs\n", i);
			return false;
		}
	}
	return true;
}

/* ---------------------------------------------------------------------- */

static void features_values(void)
{
	struct rmm_smc_regs o;

	ASSERT_EQ(UT_SMC(&o, SMC_RMI_MIG_FEATURES), RMI_SUCCESS);
	ASSERT_EQ(o.a[1], 0x00010000);
	ASSERT_EQ(o.a[2], 0xF0200);
}

static const struct ur_config dirty_cfg = {
	.guest = "mig_dirty",
	.nr_recs = 2,
};

static void precopy_converges(void)
{
	uint64_t nr[4], epoch0;
	unsigned int k, i;

	ASSERT_EQ(flow_create(&dirty_cfg, 0), RMI_SUCCESS);
	ASSERT_TRUE(run_source(6));
	ASSERT_EQ(flow_start(), RMI_SUCCESS);
	epoch0 = f.st.n;
	/* Rounds while the guest writes; each runs for less time. */
	for (k = 0; k < 3; k++) {
		ASSERT_TRUE(run_source(6 - 2 * k));
		ASSERT_EQ(export_dirty(&nr[k]), RMI_SUCCESS);
		ASSERT_EQ(um_epoch_end(f.vm.r.rd, &f.st), RMI_SUCCESS);
		ASSERT_EQ(flow_feed(), RMI_SUCCESS);
		printf("# round %u: %llu dirty\n", k, (unsigned long long)nr[k]);
	}
	/*
	 * The dirty sets are far smaller than the first full copy, and
	 * shrink from round to round: the rounds get shorter and the guest's
	 * write window narrows (guest/mig_dirty.c).
	 */
	ASSERT_LT(nr[0], epoch0);
	ASSERT_LT(nr[1], nr[0]);
	ASSERT_LT(nr[2], nr[1]);
	ASSERT_GT(nr[2], 0);
	/* The guest has not finished: it is migrated mid-run. */
	for (i = 0; i < f.vm.nr_recs; i++)
		ASSERT_FALSE(f.vm.done[i]);
	ASSERT_EQ(flow_finish(), RMI_SUCCESS);
	ASSERT_EQ(realm_from_rd(f.d.r.rd)->state, REALM_ACTIVE);
	/* Every page holds what the source had at pause. */
	ASSERT_TRUE(same_memory(&f.d.r, true));
	ASSERT_TRUE(same_recs());

	/* Resume: the guest checks all its pages in every iteration. */
	ASSERT_TRUE(flow_resume_setup());
	ASSERT_EQ(ur_vm_run(&f.dvm, MAX_EXITS), 0);
	for (i = 0; i < f.dvm.nr_recs; i++) {
		const struct ur_sync *s = ur_find_sync(&f.dvm, i, 2);

		ASSERT_TRUE(s);
		ASSERT_EQ(s->args[1], MIG_DIRTY_ITERS);
	}
	/* The source never ran again. */
	ASSERT_EQ(um_mig_state(f.vm.r.rd), RMI_MIG_SRC_ENDED);
	ASSERT_EQ(flow_destroy(), RMI_SUCCESS);
}

static const struct ur_config sysreg_cfg = {
	.guest = "sysreg",
	.nr_recs = 2,
};

static void registers_intact(void)
{
	unsigned int i, guard = 0;
	const struct ur_sync *s;

	ASSERT_EQ(flow_create(&sysreg_cfg, 0), RMI_SUCCESS);
	/* Run exit by exit until REC 1 has just reported stage 1. */
	while (!ur_find_sync(&f.vm, 1, 1) && guard++ < 100)
		ASSERT_TRUE(run_source(1));
	ASSERT_TRUE(ur_find_sync(&f.vm, 0, 1));
	ASSERT_TRUE(ur_find_sync(&f.vm, 1, 1));
	/* REC 1 is stopped at its host call, with a request pending. */
	ASSERT_EQ(rec_from_pa(f.vm.rec[1])->pending, REC_PENDING_HOST_CALL);

	ASSERT_EQ(flow_start(), RMI_SUCCESS);
	ASSERT_EQ(flow_finish(), RMI_SUCCESS);
	ASSERT_EQ(realm_from_rd(f.d.r.rd)->state, REALM_ACTIVE);
	ASSERT_TRUE(same_recs());
	ASSERT_EQ(rec_from_pa(f.d.rec[1])->pending, REC_PENDING_HOST_CALL);
	/* The timers the guest set travelled (they are in the REC record). */
	for (i = 0; i < 2; i++) {
		s = ur_find_sync(&f.vm, i, 1);
		ASSERT_EQ(rec_from_pa(f.d.rec[i])->ctx.cntv_cval, s->args[1]);
		ASSERT_EQ(rec_from_pa(f.d.rec[i])->ctx.cntp_cval, s->args[2]);
	}

	/* The guest checks every register it set, after the move. */
	ASSERT_TRUE(flow_resume_setup());
	ASSERT_EQ(ur_vm_run(&f.dvm, MAX_EXITS), 0);
	for (i = 0; i < 2; i++) {
		s = ur_find_sync(&f.dvm, i, 2);
		ASSERT_TRUE(s);
		ASSERT_EQ(s->args[0], i);
		ASSERT_GE(s->args[1], 80);
	}
	ASSERT_EQ(flow_destroy(), RMI_SUCCESS);
}

static const struct ur_config ripas_cfg = {
	.guest = "ripas_change",
	.nr_recs = 1,
};

static void ripas_intact(void)
{
	unsigned int guard = 0;

	ASSERT_EQ(flow_create(&ripas_cfg, 0), RMI_SUCCESS);
	/* Until the guest has made its top pages EMPTY (stage 2). */
	while (!ur_find_sync(&f.vm, 0, 2) && guard++ < 200)
		ASSERT_TRUE(run_source(1));
	ASSERT_TRUE(ur_find_sync(&f.vm, 0, 2));
	ASSERT_EQ(flow_start(), RMI_SUCCESS);
	ASSERT_EQ(flow_finish(), RMI_SUCCESS);
	/* HIPAS and RIPAS of every IPA equal on both sides. */
	ASSERT_TRUE(same_memory(&f.d.r, true));
	ASSERT_TRUE(flow_resume_setup());
	/* The guest goes on: EMPTY -> RAM on the destination, then checks. */
	ASSERT_EQ(ur_vm_run(&f.dvm, MAX_EXITS), 0);
	ASSERT_TRUE(ur_find_sync(&f.dvm, 0, 3));
	ASSERT_TRUE(f.dvm.done[0]);
	ASSERT_EQ(flow_destroy(), RMI_SUCCESS);
}

static void partial_progress(void)
{
	static uint8_t pg[4][G];
	uint8_t *pages[4] = { pg[0], pg[1], pg[2], pg[3] };
	uint8_t *tail[2] = { pg[3], NULL };
	uint64_t dst[5], done = 0, far = 0x40000000ULL;
	struct mig_hdr h[5];
	unsigned int i;

	/* Entry 3 of a batch of 4 is at an IPA whose RTTs do not exist. */
	ASSERT_EQ(md_dst_create(&f.d, NULL), RMI_SUCCESS);
	ASSERT_EQ(md_dst_import_realm(&f.d), RMI_SUCCESS);
	for (i = 0; i < 4; i++) {
		memset(pg[i], 0x70 + i, G);
		md_page(&f.d.f, &h[i], pg[i], i == 3 ? far : MD_IPA + i * G,
			RIPAS_RAM, RMI_MIG_HIPAS_ASSIGNED);
		dst[i] = ut_alloc_delegated(1);
	}
	md_page(&f.d.f, &h[4], NULL, MD_IPA + 4 * G, RIPAS_EMPTY,
		RMI_MIG_HIPAS_UNASSIGNED);
	dst[4] = 0;
	ASSERT_EQ(md_import_pages(&f.d, 4, h, pages, dst, &done), RMI_SUCCESS);
	ASSERT_EQ(done, 3);
	/* The host continues at entry 3: RMI_ERROR_RTT with the level. */
	ASSERT_EQ(md_import_pages(&f.d, 2, &h[3], tail, &dst[3], &done),
		  RMI_RETURN(RMI_ERROR_RTT, 1));
	ASSERT_TRUE(md_out_zero());
	ASSERT_EQ(md_state(f.d.r.rd, NULL), RMI_MIG_DST_IMPORTING);
	ASSERT_EQ(rmm_granule_state(dst[3]), GRANULE_DELEGATED);
	/* It creates the RTTs and retries: the rest goes in. */
	ASSERT_EQ(ut_rtt_create_to(&f.d.r, far, 3), RMI_SUCCESS);
	ASSERT_EQ(md_import_pages(&f.d, 2, &h[3], tail, &dst[3], &done),
		  RMI_SUCCESS);
	ASSERT_EQ(done, 2);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(rmm_granule_state(dst[i]), GRANULE_DATA);
	memset(pg[0], 0x73, G);
	ASSERT_MEM_EQ(granule_va(dst[3]), pg[0], G);
	ASSERT_EQ(md_dst_finish(&f.d), RMI_SUCCESS);
	ASSERT_EQ(md_dst_destroy(&f.d), RMI_SUCCESS);
}

/* Abort in source state @stage (OPEN, PRECOPY, PAUSED); the source ends. */
static void abort_in(unsigned int stage)
{
	unsigned int i;

	ASSERT_EQ(flow_create(&dirty_cfg, 0), RMI_SUCCESS);
	ASSERT_TRUE(run_source(4));
	if (stage >= 2) {
		ASSERT_EQ(flow_start(), RMI_SUCCESS);
		ASSERT_TRUE(run_source(4));	/* keeps running in PRECOPY */
	}
	if (stage >= 3)
		ASSERT_EQ(um_pause(f.vm.r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(f.vm.r.rd), stage);

	/* Both sides abort; before END the source needs no token. */
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, f.d.r.rd, f.d.buf),
		  RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, f.vm.r.rd, 0), RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(f.vm.r.rd), RMI_MIG_NONE);
	/* The source finishes; the guest checked all its memory. */
	ASSERT_EQ(ur_vm_run(&f.vm, MAX_EXITS), 0);
	for (i = 0; i < f.vm.nr_recs; i++)
		ASSERT_TRUE(ur_find_sync(&f.vm, i, 2));
	ASSERT_EQ(realm_from_rd(f.d.r.rd)->state, REALM_NEW);
	ASSERT_EQ(flow_destroy(), RMI_SUCCESS);
}

/* After END, with the destination's token: the destination never ran. */
static void abort_ended(void)
{
	unsigned int i;

	ASSERT_EQ(flow_create(&dirty_cfg, 0), RMI_SUCCESS);
	ASSERT_TRUE(run_source(4));
	ASSERT_EQ(flow_start(), RMI_SUCCESS);
	ASSERT_TRUE(run_source(4));
	ASSERT_EQ(um_pause(f.vm.r.rd), RMI_SUCCESS);
	ASSERT_EQ(export_dirty(&(uint64_t){ 0 }), RMI_SUCCESS);
	for (i = 0; i < f.vm.nr_recs; i++)
		ASSERT_EQ(um_export_rec(f.vm.r.rd, f.vm.rec[i], &f.st),
			  RMI_SUCCESS);
	ASSERT_EQ(um_end(f.vm.r.rd, &f.st), RMI_SUCCESS);
	/* The end token is lost in transit; the destination gives up. */
	f.st.n--;
	ASSERT_EQ(flow_feed(), RMI_SUCCESS);
	f.st.n++;
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, f.d.r.rd, f.d.buf),
		  RMI_SUCCESS);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_ABORT, f.vm.r.rd, f.d.buf),
		  RMI_SUCCESS);
	ASSERT_EQ(um_mig_state(f.vm.r.rd), RMI_MIG_NONE);
	ASSERT_EQ(ur_vm_run(&f.vm, MAX_EXITS), 0);
	for (i = 0; i < f.vm.nr_recs; i++)
		ASSERT_TRUE(ur_find_sync(&f.vm, i, 2));
	ASSERT_EQ(realm_from_rd(f.d.r.rd)->state, REALM_NEW);
	ASSERT_EQ(flow_destroy(), RMI_SUCCESS);
}

static void abort_each_state(void)
{
	abort_in(RMI_MIG_SRC_OPEN);
	if (test_failed)
		return;
	abort_in(RMI_MIG_SRC_PRECOPY);
	if (test_failed)
		return;
	abort_in(RMI_MIG_SRC_PAUSED);
	if (test_failed)
		return;
	abort_ended();
}

static void null_suite(void)
{
	unsigned int i;

	ASSERT_EQ(flow_create(&dirty_cfg, RMI_MIG_SUITE_NULL), RMI_SUCCESS);
	ASSERT_TRUE(run_source(4));
	ASSERT_EQ(flow_start(), RMI_SUCCESS);
	ASSERT_TRUE(run_source(2));
	ASSERT_EQ(flow_finish(), RMI_SUCCESS);
	ASSERT_EQ(realm_from_rd(f.d.r.rd)->state, REALM_ACTIVE);
	ASSERT_TRUE(same_memory(&f.d.r, true));
	ASSERT_TRUE(flow_resume_setup());
	ASSERT_EQ(ur_vm_run(&f.dvm, MAX_EXITS), 0);
	for (i = 0; i < f.dvm.nr_recs; i++)
		ASSERT_TRUE(ur_find_sync(&f.dvm, i, 2));
	ASSERT_EQ(flow_destroy(), RMI_SUCCESS);
}

/*
 * A chain: the Realm moves on from its first destination while it runs
 * there; the imported Realm is an ordinary one (tracking, export, RECs).
 */
static void chain(void)
{
	struct md_opts o = { .no_open = true };
	uint64_t st;
	unsigned int i;

	ASSERT_EQ(flow_create(&dirty_cfg, 0), RMI_SUCCESS);
	ASSERT_TRUE(run_source(4));
	ASSERT_EQ(flow_start(), RMI_SUCCESS);
	ASSERT_TRUE(run_source(2));
	ASSERT_EQ(flow_finish(), RMI_SUCCESS);
	ASSERT_TRUE(flow_resume_setup());
	/* First hop done; run there a little, not to the end. */
	{
		unsigned int bound = f.dvm.stats.exits + 4;

		ASSERT_TRUE(ur_vm_run(&f.dvm, bound) == 0 ||
			    f.dvm.stats.exits == bound);
		f.dvm.failed = false;
	}
	for (i = 0; i < f.dvm.nr_recs; i++)
		ASSERT_FALSE(f.dvm.done[i]);

	/* The first source is gone; the first destination is the source. */
	UT_SMC(NULL, SMC_RMI_REALM_TERMINATE, f.vm.r.rd);
	ASSERT_EQ(UT_SMC(NULL, SMC_RMI_MIG_SESSION_CLOSE, f.vm.r.rd),
		  RMI_SUCCESS);
	ASSERT_EQ(ur_vm_destroy(&f.vm), RMI_SUCCESS);
	ASSERT_EQ(md_dst_destroy(&f.d), RMI_SUCCESS);	/* scratch only */
	um_stream_free(&f.st);
	f.fed = 0;
	f.vm = f.dvm;
	memset(&f.dvm, 0, sizeof(f.dvm));

	o.nr_recs = f.vm.nr_recs;
	o.rpv = f.vm.r.p.rpv;
	ASSERT_EQ(md_dst_create(&f.d, &o), RMI_SUCCESS);
	um_init(&f.m, 0xc4a1, RMI_MIG_SUITE_AES_256_GCM, &f.vm.r);
	ASSERT_EQ(um_open_dst(&f.m, f.d.r.rd), RMI_SUCCESS);
	ASSERT_EQ(um_open_src(&f.m, f.vm.r.rd), RMI_SUCCESS);
	md_adopt(&f.d, f.m.sid, f.m.suite, f.m.mk, f.m.rim, f.m.dst_nonce,
		 f.m.src_nonce);
	ASSERT_EQ(flow_start(), RMI_SUCCESS);
	ASSERT_TRUE(run_source(2));
	ASSERT_EQ(flow_finish(), RMI_SUCCESS);
	st = md_state(f.d.r.rd, NULL);
	ASSERT_EQ(st, RMI_MIG_NONE);
	ASSERT_TRUE(same_memory(&f.d.r, true));
	ASSERT_TRUE(same_recs());
	ASSERT_TRUE(flow_resume_setup());
	ASSERT_EQ(ur_vm_run(&f.dvm, MAX_EXITS), 0);
	for (i = 0; i < f.dvm.nr_recs; i++) {
		const struct ur_sync *s = ur_find_sync(&f.dvm, i, 2);

		ASSERT_TRUE(s);
		ASSERT_EQ(s->args[1], MIG_DIRTY_ITERS);
	}
	ASSERT_EQ(flow_destroy(), RMI_SUCCESS);
}

static const struct test_case cases[] = {
	TEST_CASE(features_values),
	TEST_CASE(precopy_converges),
	TEST_CASE(registers_intact),
	TEST_CASE(ripas_intact),
	TEST_CASE(partial_progress),
	TEST_CASE(abort_each_state),
	TEST_CASE(null_suite),
	TEST_CASE(chain),
};

static const struct test_suite suite = {
	.name = "rmm_mig_flow",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = ut_suite_setup,
	.teardown = ut_suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
