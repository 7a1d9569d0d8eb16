// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end migration scenarios through the cca_mig module, the patch
 * series' hook and the mini KVM core, each judged by the guest's own view
 * after it resumed on the destination (the scn_* guests report through
 * GUEST_SYNC host calls; the host never reads protected memory):
 *
 * - dirty-log invariants (after tools/testing/selftests/kvm/
 *   dirty_log_test.c): the guest writes the iteration number into a
 *   changing set of pages and reports each set; the host stops it at its
 *   reports, harvests KVM_CCA_MIG_GET_DIRTY_LOG between rounds and
 *   requires that every page written since the last harvest is dirty and
 *   no page the guest never wrote is; the final set is exported in
 *   stop-and-copy; on the destination the guest checks every page it
 *   wrote and reports a sum the host recomputes from the reports;
 * - RIPAS changes during pre-copy, including private -> shared ->
 *   private of a page that was already exported: the guest sees zero (or
 *   its new data), never the exported copy, and its other pages intact;
 * - RAM the guest never touched stays unassigned on the destination (its
 *   RTT entries) and faults in when the guest uses it there;
 * - every GPR, NZCV, the EL1 timers, system registers and FP/SIMD
 *   registers set by each REC, migrated while a REC spins with all of
 *   them live, and checked by the REC after the move (scn_regs, and the
 *   sysreg guest of the model-level tests);
 * - key blobs from the reference migration agent (tools/cca_mig/
 *   cca-mig-agent), as the kselftests use it: accepted for the realm and
 *   role they name, refused otherwise, and a migration with them.
 *
 * The dirty-log scenario runs twice: stopped at the guest's reports, where
 * the dirty set must be exact, and on a vCPU thread that keeps running
 * through the rounds, with dirty_log_test.c's slack for the races.
 *
 * As in host_cca_mig_test.c, the module's .c files are included after
 * the test copy of cca_mig_internal.h.
 */
#include "cca_mig_internal.h"

#include "../../../../virt/kvm/cca_mig/fw.c"
#include "../../../../virt/kvm/cca_mig/main.c"
#include "../../../../virt/kvm/cca_mig/ram.c"
#include "../../../../virt/kvm/cca_mig/rec.c"
#include "../../../../virt/kvm/cca_mig/state.c"
#include "../../../../virt/kvm/cca_mig/stream.c"

#include <linux/sizes.h>

#include <pthread.h>
#include <time.h>

#include "util_host_mig.h"

#define SCN_DRAM		(128UL << 20)
#define SCN_CHUNK		SZ_64K
#define SCN_MAX_STAGE		8
/* Pages of the VMs' RAM: uhm_ram_size's default, 2 MiB (suite_setup()) */
#define SCN_RAM_PAGES		512
#define SCN_BITMAP_WORDS	(SCN_RAM_PAGES / 64)

/* scn_dirty's layout (guest/scn_dirty.c) */
#define SD_PAGES		32
#define SD_ACTIVE		24
#define SD_ITERS		40

/* ---------------------------------------------------------------------- */
/* Running a guest up to one of its reports                               */

struct scn_run;
typedef void (*scn_sync_fn)(struct scn_run *r, unsigned int rec,
			    const u64 *gprs);

/**
 * struct scn_run - What a realm reported, and where to stop it
 * @done: DONE reports
 * @failed: ASSERT and ABORT reports
 * @nr: SYNC reports per REC and stage
 * @args: the latest SYNC report's values per REC and stage
 * @stop_stage: stop the run at a SYNC of this stage (0: never) ...
 * @stop_count: ... when that many of them were seen since it was set
 * @seen: SYNCs of @stop_stage seen since @stop_stage was set
 * @sync: called for every SYNC report, or NULL
 * @priv: for @sync
 */
struct scn_run {
	unsigned int done, failed;
	unsigned int nr[KVM_SHIM_MAX_VCPUS][SCN_MAX_STAGE];
	u64 args[KVM_SHIM_MAX_VCPUS][SCN_MAX_STAGE][4];
	unsigned int stop_stage, stop_count, seen;
	scn_sync_fn sync;
	void *priv;
};

static int scn_on_event(struct kvm_vcpu *vcpu, const struct cca_event *ev,
			void *priv)
{
	struct scn_run *r = priv;
	u64 stage = ev->gprs[0];

	switch (ev->type) {
	case CCA_EV_SYNC:
		if (ev->rec >= KVM_SHIM_MAX_VCPUS || stage >= SCN_MAX_STAGE) {
			printf("# REC %u: unexpected SYNC %llu\n", ev->rec,
			       (unsigned long long)stage);
			r->failed++;
			return 1;
		}
		r->nr[ev->rec][stage]++;
		memcpy(r->args[ev->rec][stage], &ev->gprs[1],
		       sizeof(r->args[0][0]));
		if (r->sync)
			r->sync(r, ev->rec, ev->gprs);
		if (r->stop_stage && stage == r->stop_stage &&
		    ++r->seen >= r->stop_count)
			return 1;
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
		return 1;
	default:
		break;
	}
	return 0;
}

/*
 * Run @kvm until @count SYNC reports of @stage (counted from now) were
 * seen: the REC that made the last one waits at its host call.
 */
static bool scn_run_until(struct kvm *kvm, struct scn_run *r,
			  unsigned int stage, unsigned int count)
{
	int ret;

	r->stop_stage = stage;
	r->stop_count = count;
	r->seen = 0;
	ret = kvm_shim_run_all(kvm, UHM_RUN_BUDGET, scn_on_event, r);
	r->stop_stage = 0;
	if (ret || r->failed || r->seen < count) {
		printf("# run to stage %u x%u: %d, %u seen, %u failed\n",
		       stage, count, ret, r->seen, r->failed);
		return false;
	}
	return true;
}

/* Run @kvm for @entries REC entries at most; it must still be running. */
static bool scn_run_entries(struct kvm *kvm, struct scn_run *r,
			    unsigned long entries)
{
	int ret = kvm_shim_run_all(kvm, entries, scn_on_event, r);

	if (ret != -ETIME || r->failed) {
		printf("# run of %lu entries: %d, %u failed\n", entries, ret,
		       r->failed);
		return false;
	}
	return true;
}

/* Run @kvm to its end: every REC reported DONE, none failed. */
static bool scn_run_to_done(struct kvm *kvm, struct scn_run *r)
{
	unsigned int nr = atomic_read(&kvm->online_vcpus);
	int ret = kvm_shim_run_all(kvm, UHM_RUN_BUDGET, scn_on_event, r);

	if (ret || r->failed || r->done != nr) {
		printf("# run: %d, %u done of %u, %u failed\n", ret, r->done,
		       nr, r->failed);
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* A source, a destination and the stream between them                   */

struct scn_pair {
	struct kvm *src, *dst;
	struct uhm_keys keys;
	u8 nonce[KVM_CCA_MIG_NONCE_SIZE];
	int sfd, dfd;
};

static bool scn_boot(struct scn_pair *p, const char *guest,
		     unsigned int nr_recs)
{
	memset(p, 0, sizeof(*p));
	p->sfd = -1;
	p->dfd = -1;
	p->src = uhm_boot_vm(guest, nr_recs);
	p->dst = uhm_new_vm(nr_recs);
	return p->src && p->dst;
}

static int scn_stream_fd(struct kvm *kvm, u32 flags)
{
	struct kvm_cca_mig_stream_fd a = { .flags = flags, .fd = -1 };
	long ret = uhm_mig(kvm, KVM_CCA_MIG_STREAM_FD, &a);

	return ret ? ret : a.fd;
}

/* START on the destination with @blob, and its RECs. */
static bool scn_start_dst(struct scn_pair *p, const u8 *blob)
{
	struct kvm_cca_mig_start s;
	long ret;

	uhm_start_args(&s, KVM_CCA_MIG_ROLE_DESTINATION, blob, NULL);
	ret = uhm_mig(p->dst, KVM_CCA_MIG_START, &s);
	if (ret) {
		printf("# START destination: %ld (rmi %#llx)\n", ret,
		       (unsigned long long)uhm_last_rmi);
		return false;
	}
	memcpy(p->nonce, s.nonce, sizeof(p->nonce));
	ret = kvm_shim_finalize_vcpus(p->dst);
	if (ret) {
		printf("# finalize destination: %ld\n", ret);
		return false;
	}
	return true;
}

/* START on the source with @blob: 0 or -errno. */
static long scn_start_src(struct scn_pair *p, const u8 *blob)
{
	struct kvm_cca_mig_start s;

	uhm_start_args(&s, KVM_CCA_MIG_ROLE_SOURCE, blob, p->nonce);
	return uhm_mig(p->src, KVM_CCA_MIG_START, &s);
}

static bool scn_stream_fds(struct scn_pair *p)
{
	p->sfd = scn_stream_fd(p->src, KVM_CCA_MIG_FD_NONBLOCK |
			       KVM_CCA_MIG_FD_CLOEXEC);
	p->dfd = scn_stream_fd(p->dst, KVM_CCA_MIG_FD_CLOEXEC);
	uhm_fds[0] = p->sfd;
	uhm_fds[1] = p->dfd;
	return p->sfd >= 0 && p->dfd >= 0;
}

/* START on both sides (the source has run), and the stream fds. */
static bool scn_start(struct scn_pair *p)
{
	long ret;

	if (!uhm_make_keys(p->src, UHM_SID, &p->keys) ||
	    !scn_start_dst(p, p->keys.dst))
		return false;
	ret = scn_start_src(p, p->keys.src);
	if (ret) {
		printf("# START source: %ld (rmi %#llx)\n", ret,
		       (unsigned long long)uhm_last_rmi);
		return false;
	}
	return scn_stream_fds(p);
}

static void scn_close(struct scn_pair *p)
{
	uhm_close_fds();
	p->sfd = -1;
	p->dfd = -1;
	uhm_put_vm(p->src);
	uhm_put_vm(p->dst);
	p->src = NULL;
	p->dst = NULL;
}

/*
 * Export the pages of RAM whose bit is set in @bitmap (NULL: every page),
 * in as many calls as the stream's queue allows, moving the stream to the
 * destination after each. Returns the page records produced, or -1.
 */
static long scn_export(struct scn_pair *p, const u64 *bitmap, u32 flags)
{
	u64 base = uhm_ram_base(p->src), pos = 0, exported = 0;
	struct kvm_cca_mig_export_ram a;
	long ret;

	while (pos < UHM_RAM_PAGES) {
		ret = uhm_export(p->src, base + (pos << PAGE_SHIFT),
				 UHM_RAM_PAGES - pos,
				 bitmap ? (void *)(bitmap + pos / 64) : NULL,
				 flags, &a);
		if ((ret && ret != -ENOSPC) || (ret && !a.done)) {
			printf("# EXPORT_RAM at page %llu: %ld (rmi %#llx)\n",
			       (unsigned long long)pos, ret,
			       (unsigned long long)uhm_last_rmi);
			return -1;
		}
		pos += a.done;
		exported += a.exported;
		if (uhm_pump(p->sfd, p->dfd, SCN_CHUNK) < 0)
			return -1;
	}
	return exported;
}

/* Harvest the dirty log of all RAM into @bitmap; returns nr_dirty or -1. */
static long scn_dirty_log(struct kvm *kvm, u64 *bitmap)
{
	struct kvm_cca_mig_dirty_log d = {
		.num_pages = UHM_RAM_PAGES,
		.dirty_bitmap = (u64)(uintptr_t)bitmap,
	};
	long ret = uhm_mig(kvm, KVM_CCA_MIG_GET_DIRTY_LOG, &d);

	if (ret) {
		printf("# GET_DIRTY_LOG: %ld (rmi %#llx)\n", ret,
		       (unsigned long long)uhm_last_rmi);
		return -1;
	}
	return d.nr_dirty;
}

/* A pre-copy round: harvest, check nothing, export what was dirty. */
static bool scn_round(struct scn_pair *p, u64 *bitmap)
{
	long nr = scn_dirty_log(p->src, bitmap);

	return nr >= 0 && scn_export(p, bitmap, KVM_CCA_MIG_EXPORT_END_EPOCH) ==
			  nr;
}

/*
 * After PAUSE and the final harvest (exported from @bitmap): every REC,
 * FINISH, the rest of the stream, and FINISH on the destination, which
 * can then run.
 */
static bool scn_finish(struct scn_pair *p, const u64 *bitmap, long nr_dirty)
{
	unsigned int i, nr = atomic_read(&p->src->online_vcpus);
	struct kvm_cca_mig_rec rc = { 0 };
	u8 byte;

	if (scn_export(p, bitmap, 0) != nr_dirty)
		return false;
	for (i = 0; i < nr; i++) {
		rc.vcpu_id = i;
		if (uhm_mig(p->src, KVM_CCA_MIG_SAVE_REC, &rc))
			return false;
	}
	if (uhm_mig(p->src, KVM_CCA_MIG_FINISH, NULL)) {
		printf("# FINISH: rmi %#llx\n",
		       (unsigned long long)uhm_last_rmi);
		return false;
	}
	if (uhm_pump(p->sfd, p->dfd, SCN_CHUNK) < 0 ||
	    shim_fd_read(p->sfd, &byte, 1) != 0 ||
	    uhm_status(p->src).state != KVM_CCA_MIG_STATE_SRC_ENDED ||
	    uhm_status(p->dst).state != KVM_CCA_MIG_STATE_DST_DONE) {
		printf("# stream: states %u %u\n", uhm_status(p->src).state,
		       uhm_status(p->dst).state);
		return false;
	}
	if (uhm_mig(p->dst, KVM_CCA_MIG_FINISH, NULL)) {
		printf("# FINISH destination: rmi %#llx\n",
		       (unsigned long long)uhm_last_rmi);
		return false;
	}
	return uhm_status(p->dst).state == KVM_CCA_MIG_STATE_NONE;
}

/* PAUSE, final harvest into @bitmap, then scn_finish(). */
static bool scn_stop_and_copy(struct scn_pair *p, u64 *bitmap)
{
	long nr;

	if (uhm_mig(p->src, KVM_CCA_MIG_PAUSE, NULL))
		return false;
	nr = scn_dirty_log(p->src, bitmap);
	return nr >= 0 && scn_finish(p, bitmap, nr);
}

/* The source is dead: it cannot run any more. */
static bool scn_src_dead(struct scn_pair *p)
{
	struct cca_event ev;

	return kvm_shim_vcpu_run(p->src->vcpus[0], &ev, 10) == -EIO;
}

static bool scn_test_bit(const u64 *bitmap, unsigned long i)
{
	return bitmap[i / 64] & BIT_ULL(i % 64);
}

/* The RTT entry of page @i of @kvm's RAM, as RMI_RTT_READ_ENTRY sees it. */
static bool scn_rtt(struct kvm *kvm, unsigned long i, struct rtt_entry *e)
{
	u64 ipa = uhm_ram_base(kvm) + ((u64)i << PAGE_SHIFT);
	long ret = rmi_rtt_read_entry(uhm_rd_of(kvm), ipa, CCA_RTT_LAST_LEVEL,
				      e);

	if (ret) {
		printf("# RTT_READ_ENTRY %#llx: %#lx\n",
		       (unsigned long long)ipa, ret);
		return false;
	}
	return true;
}

/* Pages of RAM a guest image covers (they hold its stacks and data). */
static unsigned long scn_image_pages(const char *guest)
{
	size_t len;
	void *img;

	if (!uhm_image(guest, &img, &len))
		return ~0UL;
	return DIV_ROUND_UP(len, PAGE_SIZE);
}

/* ---------------------------------------------------------------------- */
/* 1. Dirty-log invariants                                                */

/**
 * struct scn_dirty - What scn_dirty reported
 * @data: first page (index in RAM) of its data pages
 * @iter: the last iteration it reported
 * @last: per data page, the last iteration that wrote it (0: none)
 * @written: data pages written since the last harvest (bit per page)
 * @bad: reports whose set of pages is not sd_mask() of their iteration
 *
 * Updated under scn_lock: the reports may come from a vCPU thread.
 */
struct scn_dirty {
	unsigned long data;
	u64 iter;
	u64 last[SD_PAGES];
	u32 written;
	unsigned int bad;
};

static pthread_mutex_t scn_lock = PTHREAD_MUTEX_INITIALIZER;

/* The pages scn_dirty writes in iteration @n (its sd_mask()). */
static u32 scn_sd_mask(u64 n)
{
	unsigned int p;
	u32 m = 0;

	for (p = 0; p < SD_ACTIVE; p++)
		if ((p + n) % 3 == 0 || p == (n * 5) % SD_ACTIVE)
			m |= BIT(p);
	return m;
}

/* The pages written by iterations @from .. @to. */
static u32 scn_sd_masks(u64 from, u64 to)
{
	u32 m = 0;
	u64 n;

	for (n = max_t(u64, from, 1); n <= min_t(u64, to, SD_ITERS); n++)
		m |= scn_sd_mask(n);
	return m;
}

static u64 scn_iter(struct scn_dirty *d)
{
	u64 n;

	pthread_mutex_lock(&scn_lock);
	n = d->iter;
	pthread_mutex_unlock(&scn_lock);
	return n;
}

static void scn_dirty_sync(struct scn_run *r, unsigned int rec,
			   const u64 *gprs)
{
	struct scn_dirty *d = r->priv;
	unsigned int i;

	if (gprs[0] != 1)
		return;
	pthread_mutex_lock(&scn_lock);
	if (gprs[1] != d->iter + 1 || gprs[2] != scn_sd_mask(gprs[1]))
		d->bad++;
	d->iter = gprs[1];
	d->written |= gprs[2];
	d->data = (gprs[3] - CCA_GUEST_BASE_IPA) >> PAGE_SHIFT;
	for (i = 0; i < SD_PAGES; i++)
		if (gprs[2] & BIT_ULL(i))
			d->last[i] = gprs[1];
	pthread_mutex_unlock(&scn_lock);
}

/*
 * The harvest in @bitmap against what the guest reported: a data page is
 * dirty if and only if it was written since the last harvest (the guest
 * waits at a report, so nothing is half written), and no page outside the
 * image and the pages the guest writes is ever dirty. Pages of the image
 * (the guest's stack and bookkeeping, the RsiHostCall the RMM writes back)
 * may be either.
 */
static bool scn_dirty_exact(const struct scn_dirty *d, const u64 *bitmap,
			    unsigned long image)
{
	unsigned long i;
	bool ok = true;

	for (i = image; i < UHM_RAM_PAGES; i++) {
		bool dirty = scn_test_bit(bitmap, i), want = false;

		if (i >= d->data && i < d->data + SD_ACTIVE)
			want = d->written & BIT(i - d->data);
		if (dirty != want) {
			printf("# page %lu (data page %ld): dirty %d, written %d\n",
			       i, (long)(i - d->data), dirty, want);
			ok = false;
		}
	}
	return ok;
}

/*
 * The destination's run ended with the guest's final check (stage 2) of
 * every page it wrote, whose count and sum the reports predict.
 */
static bool scn_dirty_final(const struct scn_dirty *d,
			    const struct scn_run *rd)
{
	unsigned int i, pages = 0;
	u64 sum = 0;

	for (i = 0; i < SD_ACTIVE; i++) {
		if (!d->last[i])
			continue;
		sum += d->last[i] * (i + 1);
		pages++;
	}
	printf("# the guest checked %llu pages (%u expected), sum %#llx (%#llx)\n",
	       (unsigned long long)rd->args[0][2][0], pages,
	       (unsigned long long)rd->args[0][2][1],
	       (unsigned long long)sum);
	return d->iter == SD_ITERS && !d->bad && rd->nr[0][2] == 1 &&
	       rd->args[0][2][0] == pages && rd->args[0][2][1] == sum;
}

static void test_dirty_log_invariants(void)
{
	u64 bitmap[SCN_BITMAP_WORDS], iter_at_move;
	unsigned long image = scn_image_pages("scn_dirty");
	struct scn_run r = { 0 }, rd = { 0 };
	struct scn_dirty d = { 0 };
	unsigned int round, i;
	struct scn_pair p;
	long nr;

	r.sync = scn_dirty_sync;
	r.priv = &d;
	ASSERT_TRUE(scn_boot(&p, "scn_dirty", 1));
	ASSERT_LT(image, UHM_RAM_PAGES);
	/* A few iterations before the migration starts. */
	ASSERT_TRUE(scn_run_until(p.src, &r, 1, 3));
	ASSERT_EQ(d.iter, 3);
	ASSERT_EQ(d.data, UHM_RAM_PAGES - SD_PAGES);
	ASSERT_TRUE(scn_start(&p));

	/* Round 0: every page. Nothing ran since: nothing is dirty. */
	ASSERT_EQ(scn_export(&p, NULL, KVM_CCA_MIG_EXPORT_END_EPOCH),
		  UHM_RAM_PAGES);
	ASSERT_EQ(scn_dirty_log(p.src, bitmap), 0);
	for (i = 0; i < SCN_BITMAP_WORDS; i++)
		ASSERT_EQ(bitmap[i], 0);

	/* Rounds of 1, 2, 3, 4 and 5 iterations. */
	for (round = 1; round <= 5; round++) {
		d.written = 0;
		ASSERT_TRUE(scn_run_until(p.src, &r, 1, round));
		nr = scn_dirty_log(p.src, bitmap);
		ASSERT_GT(nr, 0);
		ASSERT_TRUE(scn_dirty_exact(&d, bitmap, image));
		ASSERT_EQ(scn_export(&p, bitmap, KVM_CCA_MIG_EXPORT_END_EPOCH),
			  nr);
		/* A harvest reports a page once: now nothing is dirty. */
		ASSERT_EQ(scn_dirty_log(p.src, bitmap), 0);
	}

	/* Stop and copy after two more iterations: the final dirty set. */
	d.written = 0;
	ASSERT_TRUE(scn_run_until(p.src, &r, 1, 2));
	iter_at_move = d.iter;
	ASSERT_EQ(iter_at_move, 3 + 15 + 2);
	ASSERT_EQ(uhm_mig(p.src, KVM_CCA_MIG_PAUSE, NULL), 0);
	nr = scn_dirty_log(p.src, bitmap);
	ASSERT_GT(nr, 0);
	ASSERT_TRUE(scn_dirty_exact(&d, bitmap, image));
	ASSERT_TRUE(scn_finish(&p, bitmap, nr));
	ASSERT_TRUE(scn_src_dead(&p));
	ASSERT_EQ(r.nr[0][2], 0);

	/*
	 * On the destination the guest goes on from its host call: the
	 * next iteration first checks every page it wrote, and so does its
	 * final check, whose sum the reports predict.
	 */
	rd.sync = scn_dirty_sync;
	rd.priv = &d;
	ASSERT_TRUE(scn_run_to_done(p.dst, &rd));
	ASSERT_EQ(rd.nr[0][1], SD_ITERS - iter_at_move);
	ASSERT_TRUE(scn_dirty_final(&d, &rd));
	printf("# %llu iterations after the move\n",
	       (unsigned long long)(SD_ITERS - iter_at_move));
	scn_close(&p);
	ASSERT_TRUE(uhm_nothing_left());
}

/*
 * The same guest on a vCPU thread that keeps entering it through the
 * rounds, as a VMM runs it: harvests and exports race with its writes
 * (an entry may also end in the middle of an iteration, at a fault-in),
 * so the invariants get dirty_log_test.c's slack. For harvest k, with
 * a and b the last iteration reported when it starts and when it
 * returns, a' that of the previous harvest (of START for the first), and
 * m the last iteration reported when the previous round's export
 * returned:
 *
 *   - every page of iterations m + 2 .. a is dirty: iteration m + 1 may
 *     have written a page before that export took it;
 *   - a dirty data page was written by one of iterations a' + 1 .. b + 1
 *     (b + 1 may be under way);
 *   - no other page outside the image is ever dirty.
 */
struct scn_runner {
	struct kvm *kvm;
	struct scn_run r;
	struct scn_dirty *d;
	u64 cap;		/* enter no more once this iteration is reported */
	int stop;		/* set by the test: enter no more */
	int finished;		/* set by the thread when it ends */
	int ret;
	unsigned long entries;
};

static void *scn_runner_fn(void *arg)
{
	struct timespec ts = { 0, 20000 };
	struct scn_runner *rn = arg;

	while (!READ_ONCE(rn->stop) && scn_iter(rn->d) < rn->cap) {
		rn->ret = kvm_shim_run_all(rn->kvm, 1, scn_on_event, &rn->r);
		rn->entries++;
		if (rn->ret != -ETIME)
			break;
		nanosleep(&ts, NULL);
	}
	WRITE_ONCE(rn->finished, 1);
	return NULL;
}

/* Wait (up to 10 s) until @d reported iteration @n or @rn stopped. */
static void scn_wait_iter(struct scn_runner *rn, u64 n)
{
	struct timespec ts = { 0, 100000 };
	unsigned int i;

	for (i = 0; i < 100000 && scn_iter(rn->d) < n; i++) {
		if (READ_ONCE(rn->finished))
			return;
		nanosleep(&ts, NULL);
	}
}

static bool scn_dirty_slack(const struct scn_dirty *d, const u64 *bitmap,
			    unsigned long image, u64 m, u64 prev_a, u64 a,
			    u64 b)
{
	u32 need = scn_sd_masks(m + 2, a), may = scn_sd_masks(prev_a + 1,
							       b + 1);
	unsigned long i;
	bool ok = true;

	for (i = image; i < UHM_RAM_PAGES; i++) {
		bool dirty = scn_test_bit(bitmap, i), in = false, out = false;

		if (i >= d->data && i < d->data + SD_ACTIVE) {
			in = need & BIT(i - d->data);
			out = !(may & BIT(i - d->data));
		} else {
			out = true;
		}
		if ((in && !dirty) || (dirty && out)) {
			printf("# page %lu: dirty %d; m %llu a' %llu a %llu b %llu\n",
			       i, dirty, (unsigned long long)m,
			       (unsigned long long)prev_a,
			       (unsigned long long)a, (unsigned long long)b);
			ok = false;
		}
	}
	return ok;
}

static void test_dirty_log_concurrent(void)
{
	unsigned long image = scn_image_pages("scn_dirty");
	struct scn_runner rn = { .cap = SD_ITERS - 6 };
	u64 bitmap[SCN_BITMAP_WORDS], m, a, b, prev_a;
	unsigned int round, raced = 0;
	struct scn_run rd = { 0 };
	struct scn_dirty d = { 0 };
	struct scn_pair p;
	bool ok = true;
	pthread_t t;
	long nr;

	rn.d = &d;
	rn.r.sync = scn_dirty_sync;
	rn.r.priv = &d;
	ASSERT_TRUE(scn_boot(&p, "scn_dirty", 1));
	rn.kvm = p.src;
	ASSERT_TRUE(scn_run_until(p.src, &rn.r, 1, 3));
	ASSERT_TRUE(scn_start(&p));
	prev_a = scn_iter(&d);
	ASSERT_EQ(scn_export(&p, NULL, KVM_CCA_MIG_EXPORT_END_EPOCH),
		  UHM_RAM_PAGES);
	m = scn_iter(&d);
	rn.ret = -ETIME;
	ASSERT_EQ(pthread_create(&t, NULL, scn_runner_fn, &rn), 0);
	for (round = 1; ok && round <= 6; round++) {
		scn_wait_iter(&rn, m + 2);
		a = scn_iter(&d);
		nr = scn_dirty_log(p.src, bitmap);
		b = scn_iter(&d);
		raced += b != a;
		ok = nr >= 0 &&
		     scn_dirty_slack(&d, bitmap, image, m, prev_a, a, b) &&
		     scn_export(&p, bitmap, KVM_CCA_MIG_EXPORT_END_EPOCH) == nr;
		m = scn_iter(&d);
		prev_a = a;
	}
	WRITE_ONCE(rn.stop, 1);
	pthread_join(t, NULL);
	ASSERT_TRUE(ok);
	ASSERT_EQ(rn.r.failed, 0);
	ASSERT_EQ(rn.ret, -ETIME);
	ASSERT_EQ(d.bad, 0);

	/* Stopped between two entries, maybe inside an iteration. */
	ASSERT_EQ(uhm_mig(p.src, KVM_CCA_MIG_PAUSE, NULL), 0);
	a = scn_iter(&d);
	nr = scn_dirty_log(p.src, bitmap);
	ASSERT_GE(nr, 0);
	ASSERT_TRUE(scn_dirty_slack(&d, bitmap, image, m, prev_a, a, a));
	ASSERT_TRUE(scn_finish(&p, bitmap, nr));
	ASSERT_TRUE(scn_src_dead(&p));
	ASSERT_EQ(rn.r.nr[0][2], 0);
	printf("# %lu entries on the thread, to iteration %llu, %u raced\n",
	       rn.entries, (unsigned long long)a, raced);

	rd.sync = scn_dirty_sync;
	rd.priv = &d;
	ASSERT_TRUE(scn_run_to_done(p.dst, &rd));
	ASSERT_EQ(rd.nr[0][1], SD_ITERS - a);
	ASSERT_TRUE(scn_dirty_final(&d, &rd));
	scn_close(&p);
	ASSERT_TRUE(uhm_nothing_left());
}

/* ---------------------------------------------------------------------- */
/* 2. RIPAS changes during migration                                      */

#define SR_PAGES	6

/* Exactly the pages in @want (bits of scn_ripas' pages) are dirty. */
static bool scn_ripas_dirty(const u64 *bitmap, unsigned long first,
			    unsigned long image, u32 want)
{
	unsigned long i;
	bool ok = true;

	for (i = image; i < UHM_RAM_PAGES; i++) {
		bool dirty = scn_test_bit(bitmap, i), w = false;

		if (i >= first && i < first + SR_PAGES)
			w = want & BIT(i - first);
		if (dirty != w) {
			printf("# page %lu: dirty %d, expected %d\n", i, dirty,
			       w);
			ok = false;
		}
	}
	return ok;
}

static void test_ripas_changes(void)
{
	static const struct {
		int state, ripas;
	} want[SR_PAGES] = {
		{ RMI_UNASSIGNED, RMI_RAM },	/* private, shared, private */
		{ RMI_UNASSIGNED, RMI_EMPTY },	/* shared */
		{ RMI_ASSIGNED, RMI_RAM },	/* back and written */
		{ RMI_ASSIGNED, RMI_RAM },	/* never changed */
		{ RMI_UNASSIGNED, RMI_RAM },	/* shared in a round, back */
		{ RMI_UNASSIGNED, RMI_RAM },	/* both in the last round */
	};
	unsigned long image = scn_image_pages("scn_ripas"), first;
	struct rtt_entry se[SR_PAGES], de;
	struct scn_run r = { 0 }, rd = { 0 };
	u64 bitmap[SCN_BITMAP_WORDS];
	struct scn_pair p;
	unsigned int i;
	long nr;

	ASSERT_TRUE(scn_boot(&p, "scn_ripas", 1));
	ASSERT_TRUE(scn_run_until(p.src, &r, 1, 1));
	first = (r.args[0][1][0] - CCA_GUEST_BASE_IPA) >> PAGE_SHIFT;
	ASSERT_EQ(first, UHM_RAM_PAGES - SR_PAGES);
	for (i = 0; i < SR_PAGES; i++) {
		ASSERT_TRUE(scn_rtt(p.src, first + i, &se[i]));
		ASSERT_EQ(se[i].state, RMI_ASSIGNED);
	}
	ASSERT_TRUE(scn_start(&p));
	/* Every page goes with its old content. */
	ASSERT_EQ(scn_export(&p, NULL, KVM_CCA_MIG_EXPORT_END_EPOCH),
		  UHM_RAM_PAGES);

	/* Pages 0 and 2 go shared and back, page 1 goes shared. */
	ASSERT_TRUE(scn_run_until(p.src, &r, 2, 1));
	nr = scn_dirty_log(p.src, bitmap);
	ASSERT_TRUE(scn_ripas_dirty(bitmap, first, image, 0x7));
	ASSERT_EQ(scn_export(&p, bitmap, KVM_CCA_MIG_EXPORT_END_EPOCH), nr);

	/* Page 4 goes shared: exported state-only in this round. */
	ASSERT_TRUE(scn_run_until(p.src, &r, 3, 1));
	nr = scn_dirty_log(p.src, bitmap);
	ASSERT_TRUE(scn_ripas_dirty(bitmap, first, image, 0x10));
	ASSERT_EQ(scn_export(&p, bitmap, KVM_CCA_MIG_EXPORT_END_EPOCH), nr);
	ASSERT_TRUE(scn_rtt(p.src, first + 4, &se[4]));
	ASSERT_EQ(se[4].state, RMI_UNASSIGNED);
	ASSERT_EQ(se[4].ripas, RMI_EMPTY);

	/* Pages 4 and 5 come back private just before the pause. */
	ASSERT_TRUE(scn_run_until(p.src, &r, 4, 1));
	ASSERT_EQ(uhm_mig(p.src, KVM_CCA_MIG_PAUSE, NULL), 0);
	nr = scn_dirty_log(p.src, bitmap);
	ASSERT_TRUE(scn_ripas_dirty(bitmap, first, image, 0x30));
	for (i = 0; i < SR_PAGES; i++) {
		ASSERT_TRUE(scn_rtt(p.src, first + i, &se[i]));
		ASSERT_EQ(se[i].state, want[i].state);
		ASSERT_EQ(se[i].ripas, want[i].ripas);
	}
	ASSERT_TRUE(scn_finish(&p, bitmap, nr));
	ASSERT_TRUE(scn_src_dead(&p));

	/* The destination has the source's final state of every page. */
	for (i = 0; i < SR_PAGES; i++) {
		ASSERT_TRUE(scn_rtt(p.dst, first + i, &de));
		ASSERT_EQ(de.state, se[i].state);
		ASSERT_EQ(de.ripas, se[i].ripas);
	}

	/* And the guest sees it: no old copy came back. */
	ASSERT_TRUE(scn_run_to_done(p.dst, &rd));
	ASSERT_EQ(rd.nr[0][5], 1);
	ASSERT_EQ(rd.args[0][5][0], 7);			/* checks passed */
	ASSERT_EQ((rd.args[0][5][1] >> 26) & 0x3f, 0x25);	/* DABT */
	ASSERT_EQ(rd.args[0][5][1] & 0x3f, 0x10);		/* SEA */
	scn_close(&p);
	ASSERT_TRUE(uhm_nothing_left());
}

/* ---------------------------------------------------------------------- */
/* 3. Untouched RAM stays unassigned                                      */

static void test_untouched_stay_unassigned(void)
{
	unsigned long image = scn_image_pages("scn_untouched"), i, first;
	unsigned long stride, touched = 0, untouched = 0;
	struct cca_realm_stats before, after;
	struct cca_rec_stats exits;
	struct scn_run r = { 0 }, rd = { 0 };
	static struct rtt_entry se[SCN_RAM_PAGES];
	struct rtt_entry de = { 0 };
	u64 bitmap[SCN_BITMAP_WORDS];
	struct scn_pair p;
	long nr;

	ASSERT_TRUE(scn_boot(&p, "scn_untouched", 1));
	ASSERT_TRUE(scn_run_until(p.src, &r, 1, 1));
	first = (r.args[0][1][0] - CCA_GUEST_BASE_IPA) >> PAGE_SHIFT;
	stride = r.args[0][1][2];
	ASSERT_EQ(first, image);
	ASSERT_GT(stride, 1);
	ASSERT_TRUE(scn_start(&p));
	ASSERT_EQ(scn_export(&p, NULL, KVM_CCA_MIG_EXPORT_END_EPOCH),
		  UHM_RAM_PAGES);

	/* A round in which the guest rewrites its pages, and only those. */
	ASSERT_TRUE(scn_run_until(p.src, &r, 2, 1));
	nr = scn_dirty_log(p.src, bitmap);
	for (i = image; i < UHM_RAM_PAGES; i++)
		ASSERT_EQ(scn_test_bit(bitmap, i), !((i - first) % stride));
	ASSERT_EQ(scn_export(&p, bitmap, KVM_CCA_MIG_EXPORT_END_EPOCH), nr);

	ASSERT_EQ(uhm_mig(p.src, KVM_CCA_MIG_PAUSE, NULL), 0);
	nr = scn_dirty_log(p.src, bitmap);
	ASSERT_GE(nr, 0);
	for (i = image; i < UHM_RAM_PAGES; i++)
		ASSERT_FALSE(scn_test_bit(bitmap, i));
	/* The source's view of every page, before it ends. */
	for (i = 0; i < UHM_RAM_PAGES; i++) {
		ASSERT_TRUE(scn_rtt(p.src, i, &se[i]));
		if (i < image || !((i - first) % stride)) {
			touched += se[i].state == RMI_ASSIGNED;
			continue;
		}
		untouched += se[i].state == RMI_UNASSIGNED &&
			     se[i].ripas == RMI_RAM;
	}
	ASSERT_TRUE(scn_finish(&p, bitmap, nr));
	ASSERT_EQ(touched, image + r.args[0][1][1]);
	ASSERT_EQ(untouched, UHM_RAM_PAGES - touched);

	/* The destination: the same entries, untouched ones unassigned. */
	for (i = 0; i < UHM_RAM_PAGES; i++) {
		if (!scn_rtt(p.dst, i, &de) || de.state != se[i].state ||
		    de.ripas != se[i].ripas) {
			printf("# page %lu: destination %d/%d, source %d/%d\n",
			       i, de.state, de.ripas, se[i].state,
			       se[i].ripas);
			break;
		}
	}
	ASSERT_EQ(i, UHM_RAM_PAGES);

	/* The guest uses them there: each faults in, zeroed. */
	ASSERT_TRUE(kvm_shim_realm(p.dst));
	cca_realm_get_stats(kvm_shim_realm(p.dst), &before, &exits);
	ASSERT_TRUE(scn_run_to_done(p.dst, &rd));
	cca_realm_get_stats(kvm_shim_realm(p.dst), &after, &exits);
	ASSERT_EQ(rd.nr[0][3], 1);
	ASSERT_EQ(rd.args[0][3][0], r.args[0][1][1]);	/* touched, intact */
	ASSERT_EQ(rd.args[0][3][1], untouched);		/* used */
	ASSERT_EQ(after.faulted_in - before.faulted_in, untouched);
	for (i = 0; i < UHM_RAM_PAGES; i++) {
		ASSERT_TRUE(scn_rtt(p.dst, i, &de));
		ASSERT_EQ(de.state, RMI_ASSIGNED);
		ASSERT_EQ(de.ripas, RMI_RAM);
	}
	printf("# %lu touched, %lu untouched pages\n", touched, untouched);
	scn_close(&p);
	ASSERT_TRUE(uhm_nothing_left());
}

/* ---------------------------------------------------------------------- */
/* 4. Registers                                                           */

/*
 * Run @guest on @nr_recs RECs until every REC reported stage 1, then
 * @entries more REC entries (all still spinning), migrate it with one
 * pre-copy round, and let it finish on the destination. The guest's
 * checks of its registers are its stage 2 reports, in @rd.
 */
static bool scn_migrate_spinning(const char *guest, unsigned int nr_recs,
				 unsigned long entries, struct scn_run *rd)
{
	u64 bitmap[SCN_BITMAP_WORDS];
	struct scn_run r = { 0 };
	struct scn_pair p;
	unsigned int i;
	bool ok;

	ok = scn_boot(&p, guest, nr_recs) &&
	     scn_run_until(p.src, &r, 1, nr_recs) &&
	     scn_run_entries(p.src, &r, entries);
	/* Every REC is inside its spin: none has checked anything yet. */
	for (i = 0; ok && i < nr_recs; i++)
		ok = r.nr[i][1] == 1 && !r.nr[i][2];
	ok = ok && scn_start(&p) &&
	     scn_export(&p, NULL, KVM_CCA_MIG_EXPORT_END_EPOCH) ==
	     (long)UHM_RAM_PAGES &&
	     scn_run_entries(p.src, &r, nr_recs) && scn_round(&p, bitmap) &&
	     scn_stop_and_copy(&p, bitmap) && scn_src_dead(&p);
	for (i = 0; ok && i < nr_recs; i++)
		ok = !r.nr[i][2];
	ok = ok && scn_run_to_done(p.dst, rd);
	scn_close(&p);
	return ok && uhm_nothing_left();
}

static void test_registers_mid_spin(void)
{
	struct scn_run rd = { 0 };
	unsigned int i;

	/*
	 * 10M instructions of spin, 2M a slice: it moves after 3 of its 5
	 * slices (2 here, 1 during pre-copy).
	 */
	ASSERT_TRUE(scn_migrate_spinning("scn_regs", 2, 2 * 2, &rd));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(rd.nr[i][2], 1);
		ASSERT_EQ(rd.args[i][2][0], i);
		/* 31 GPRs, NZCV, 11 system and timer registers, 64 SIMD
		 * halves, the counter
		 */
		ASSERT_EQ(rd.args[i][2][1], 31 + 1 + 11 + 64 + 1);
		ASSERT_GE(rd.args[i][2][3], rd.args[i][2][2]);
	}
}

static void test_sysreg_guest_mid_spin(void)
{
	struct scn_run rd = { 0 };
	unsigned int i;

	/*
	 * About 15M instructions of spin per REC, the last 6M at EL1t, 2M
	 * a slice: it moves after 6 slices (5 here, 1 during pre-copy), in
	 * the EL1t part, running on SP_EL0.
	 */
	ASSERT_TRUE(scn_migrate_spinning("sysreg", 2, 2 * 5, &rd));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(rd.nr[i][2], 1);
		ASSERT_EQ(rd.args[i][2][0], i);
		ASSERT_EQ(rd.args[i][2][1], 89);	/* registers checked */
	}
}

/* ---------------------------------------------------------------------- */
/* 5. The reference migration agent (tools/cca_mig/cca-mig-agent.c)        */

#define SCN_AGENT	GUEST_DIR "/../cca-mig-agent"

/*
 * Run the agent as the kselftests' cca_mig_get_keys() does, "AGENT ROLE
 * SESSION_ID RIM" with the RIM as eight little-endian words in hex, and
 * read the blob it prints into @blob. Returns its length, or -1 if the
 * agent failed.
 */
static long scn_agent(unsigned int role, u64 sid, const u8 rim[64],
		      u8 blob[KVM_CCA_MIG_KEY_BLOB_MAX])
{
	char cmd[512], *c = cmd;
	unsigned int w, b;
	size_t len;
	FILE *f;

	c += sprintf(c, "%s %u %llx ", SCN_AGENT, role,
		     (unsigned long long)sid);
	for (w = 0; w < 8; w++) {
		u64 v = 0;

		for (b = 0; b < 8; b++)
			v |= (u64)rim[8 * w + b] << (8 * b);
		c += sprintf(c, "%016llx", (unsigned long long)v);
	}
	fflush(stdout);
	f = popen(cmd, "r");
	if (!f) {
		printf("# popen %s failed\n", SCN_AGENT);
		return -1;
	}
	len = fread(blob, 1, KVM_CCA_MIG_KEY_BLOB_MAX, f);
	if (pclose(f)) {
		printf("# %s failed\n", cmd);
		return -1;
	}
	return len;
}

/*
 * The agent's blobs start a migration on both sides (so both runs wrapped
 * the same key), bound to the realm's RIM and the role; scn_dirty then
 * migrates and checks its memory on the destination.
 */
static void test_agent_keys(void)
{
	u8 src[KVM_CCA_MIG_KEY_BLOB_MAX], dst[KVM_CCA_MIG_KEY_BLOB_MAX];
	u8 other[KVM_CCA_MIG_KEY_BLOB_MAX], rim[64];
	struct scn_run r = { 0 }, rd = { 0 };
	u64 bitmap[SCN_BITMAP_WORDS];
	struct scn_dirty d = { 0 };
	struct scn_pair p;

	r.sync = scn_dirty_sync;
	r.priv = &d;
	ASSERT_TRUE(scn_boot(&p, "scn_dirty", 1));
	ASSERT_TRUE(scn_run_until(p.src, &r, 1, 3));
	ASSERT_TRUE(shim_model_realm_rim(uhm_rd_of(p.src), rim));
	ASSERT_EQ(scn_agent(KVM_CCA_MIG_ROLE_SOURCE, UHM_SID, rim, src),
		  UHM_KEY_BLOB_LEN);
	ASSERT_EQ(scn_agent(KVM_CCA_MIG_ROLE_DESTINATION, UHM_SID, rim, dst),
		  UHM_KEY_BLOB_LEN);
	ASSERT_EQ(memcmp(src, "RMKB", 4), 0);
	ASSERT_EQ(src[8], KVM_CCA_MIG_ROLE_SOURCE);
	ASSERT_EQ(dst[8], KVM_CCA_MIG_ROLE_DESTINATION);
	ASSERT_EQ(memcmp(src + 0x10, &(__le64){ cpu_to_le64(UHM_SID) }, 8), 0);
	ASSERT_EQ(memcmp(src + 0x20, rim, sizeof(rim)), 0);
	ASSERT_TRUE(scn_start_dst(&p, dst));

	/* Refused: the destination's blob, and one for another realm. */
	ASSERT_EQ(scn_start_src(&p, dst), -EIO);
	rim[0] ^= 1;
	ASSERT_EQ(scn_agent(KVM_CCA_MIG_ROLE_SOURCE, UHM_SID, rim, other),
		  UHM_KEY_BLOB_LEN);
	ASSERT_EQ(scn_start_src(&p, other), -EIO);
	ASSERT_EQ(uhm_status(p.src).state, KVM_CCA_MIG_STATE_NONE);

	ASSERT_EQ(scn_start_src(&p, src), 0);
	ASSERT_TRUE(scn_stream_fds(&p));
	ASSERT_EQ(scn_export(&p, NULL, KVM_CCA_MIG_EXPORT_END_EPOCH),
		  UHM_RAM_PAGES);
	ASSERT_TRUE(scn_run_until(p.src, &r, 1, 2));
	ASSERT_TRUE(scn_round(&p, bitmap));
	ASSERT_TRUE(scn_stop_and_copy(&p, bitmap));
	ASSERT_TRUE(scn_src_dead(&p));
	rd.sync = scn_dirty_sync;
	rd.priv = &d;
	ASSERT_TRUE(scn_run_to_done(p.dst, &rd));
	ASSERT_TRUE(scn_dirty_final(&d, &rd));
	scn_close(&p);
	ASSERT_TRUE(uhm_nothing_left());
}

/* ---------------------------------------------------------------------- */

static bool suite_setup(void)
{
	return UHM_RAM_PAGES == SCN_RAM_PAGES &&
	       uhm_suite_setup_dram(SCN_DRAM);
}

static bool suite_teardown(void)
{
	bool ok = uhm_suite_teardown();

	/* uhm_image() keeps four images; these tests use five. */
	uhm_free_images();
	return ok;
}

static const struct test_case cases[] = {
	TEST_CASE(test_dirty_log_invariants),
	TEST_CASE(test_dirty_log_concurrent),
	TEST_CASE(test_ripas_changes),
	TEST_CASE(test_untouched_stay_unassigned),
	TEST_CASE(test_registers_mid_spin),
	TEST_CASE(test_sysreg_guest_mid_spin),
	TEST_CASE(test_agent_keys),
};

static const struct test_suite suite = {
	.name = "host_scenario",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
	.teardown = suite_teardown,
};

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = test_main(&suite, argc, argv);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# %.1f s\n", (t1.tv_sec - t0.tv_sec) +
	       (t1.tv_nsec - t0.tv_nsec) / 1e9);
	uhm_free_images();
	return ret;
}
