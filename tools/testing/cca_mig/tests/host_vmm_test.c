// SPDX-License-Identifier: GPL-2.0
/*
 * libccamig (tools/cca_mig/) on the reference platform, as a VMM uses it:
 * a source and a destination in two forked processes, each with its own
 * platform (RMM model, mini KVM, the cca_mig module through the shim),
 * connected by a UNIX socketpair, a pair of pipes or a TCP connection on
 * 127.0.0.1, migrating the mig_dirty guest while it keeps writing. Every
 * check is on the guest's own account: on the destination (or, after an
 * abort, on the source) each REC must report its final check (stage 2)
 * with the same iteration count and checksum as a run that never moved,
 * and finish.
 *
 * Also: abort from the destination in every phase, and from the source in
 * every phase before FINISH, with the source resuming; the library's argument checks and their errnos; a peer that
 * says the wrong thing or nothing at all.
 *
 * Every forked child has an alarm(); the parent kills what is left after
 * a deadline, so no hang can block CI.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cca_mig.h"
#include "ccaplat.h"
#include "test.h"

#define GUEST		GUEST_DIR "/mig_dirty.bin"
#define RAM_BYTES	(2ULL << 20)
#define DRAM_BYTES	(160UL << 20)
#define CHILD_TIMEOUT_S	60
#define RUN_BUDGET	2000000UL
#define WARMUP		4
#define PACE_US		2000
/*
 * Entry rounds the source's vCPU thread makes during the migration: the
 * guest (about 18 entries per REC) keeps writing during pre-copy but
 * cannot finish before the move, so its final checks always run after it.
 */
#define MIG_RUNS	6

/* Unicorn 2.0.1's leak when a translated page is written (see host_cca_mig_test.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tb_invalidate_phys_page_fast_aarch64\n";
}

enum xport { X_SOCKETPAIR, X_PIPES, X_TCP };

/* What the children tell the parent, in shared memory. */
struct outcome {
	int src_ret, dst_ret;
	bool src_migrated;		/* cca_mig_src_run() returned 0 */
	bool src_completed;		/* the guest completed on the source */
	bool dst_completed;		/* ... on the destination */
	bool src_clean, dst_clean;	/* no leak at platform teardown */
	bool src_dead;			/* KVM_RUN refused after the move */
	struct ccaplat_result src_res, dst_res;
	struct cca_mig_summary src, dst;
	struct ccaplat_result ref;	/* an unmigrated run */
	bool ref_ok;
	/* Stage 2 (final check) reports made after the move or the abort. */
	unsigned int dst_stage2_here, src_stage2_after;
};

static unsigned int nr_stage2(const struct ccaplat_result *r)
{
	unsigned int i, n = 0;

	for (i = 0; i < CCAPLAT_MAX_RECS; i++)
		n += r->stage2[i];
	return n;
}

static struct outcome *out;
/* The source aborts by itself at this phase (CCA_MIG_PHASE_NONE: never). */
static enum cca_mig_phase src_abort_at;

struct agent_msg {
	uint64_t sid;
	uint8_t blob[CCAPLAT_KEY_BLOB_LEN];
};

static bool completed(const struct ccaplat_result *r)
{
	unsigned int i;

	if (!r->nr_recs)
		return false;
	for (i = 0; i < r->nr_recs; i++)
		if (!r->done[i] || r->failed[i])
			return false;
	return true;
}

/*
 * The guest's final view matches an unmigrated run's: each REC that has a
 * stage 2 (mig_dirty: RECs 0 and 1) reported it once, with the same
 * iteration count and checksum.
 */
static bool same_result(const struct ccaplat_result *a,
			const struct ccaplat_result *ref)
{
	unsigned int i;

	if (a->nr_recs != ref->nr_recs)
		return false;
	for (i = 0; i < ref->nr_recs; i++) {
		if (a->stage2[i] != ref->stage2[i] ||
		    memcmp(a->stage2_val[i], ref->stage2_val[i],
			   sizeof(a->stage2_val[i]))) {
			printf("# REC %u: stage 2 x%u (%#llx %#llx), expected x%u (%#llx %#llx)\n",
			       i, a->stage2[i],
			       (unsigned long long)a->stage2_val[i][1],
			       (unsigned long long)a->stage2_val[i][2],
			       ref->stage2[i],
			       (unsigned long long)ref->stage2_val[i][1],
			       (unsigned long long)ref->stage2_val[i][2]);
			return false;
		}
	}
	return true;
}

static bool xread(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 20000) <= 0)
			return false;
		n = read(fd, p, len);
		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool xwrite(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* The children                                                            */

static bool boot_source(unsigned int recs, struct ccaplat_vm **vm,
			struct ccaplat_result *res)
{
	size_t len;
	void *img;
	int ret;

	if (ccaplat_load_image(GUEST, &img, &len))
		return false;
	ret = ccaplat_boot(img, len, recs, RAM_BYTES, vm);
	free(img);
	if (ret)
		return false;
	ret = ccaplat_run(*vm, WARMUP, res, NULL, NULL);
	return !ret || ret == -ETIME;
}

/* An unmigrated run of the same guest: the reference result. */
static void child_reference(unsigned int recs)
{
	struct ccaplat_vm *vm;
	int ret;

	if (ccaplat_init(DRAM_BYTES))
		_exit(1);
	if (boot_source(recs, &vm, &out->ref)) {
		ret = ccaplat_run(vm, RUN_BUDGET, &out->ref, NULL, NULL);
		out->ref_ok = !ret && completed(&out->ref);
		ccaplat_put(vm);
	}
	if (ccaplat_fini())
		out->ref_ok = false;
	exit(0);
}

struct src_priv {
	struct ccaplat_vm *vm;
};

static int save_state(void *priv, void *buf, size_t max)
{
	struct src_priv *p = priv;

	ccaplat_runner_stop(p->vm);
	memcpy(buf, &out->src_res, sizeof(out->src_res));
	return sizeof(out->src_res);
}

static void child_source(int rfd, int wfd, unsigned int recs)
{
	uint8_t blob[CCAPLAT_KEY_BLOB_LEN];
	struct cca_mig_transport t = { .rfd = rfd, .wfd = wfd };
	struct cca_mig_src_cfg cfg = { 0 };
	struct cca_mig_slot slot;
	struct agent_msg agent;
	struct src_priv priv;
	struct ccaplat_vm *vm;
	int ret;

	if (ccaplat_init(DRAM_BYTES))
		_exit(1);
	if (!boot_source(recs, &vm, &out->src_res))
		_exit(1);
	agent.sid = 0x7e57000000000000ULL | getpid();
	if (ccaplat_key_blobs(vm, agent.sid, blob, agent.blob) ||
	    !xwrite(wfd, &agent, sizeof(agent)))
		_exit(1);
	priv.vm = vm;
	if (ccaplat_runner_start(vm, PACE_US, MIG_RUNS, &out->src_res, NULL,
				 NULL))
		_exit(1);
	ccaplat_slot(vm, &slot);
	cfg.vm_fd = ccaplat_vm_fd(vm);
	cfg.session_id = agent.sid;
	cfg.key_blob = blob;
	cfg.key_blob_len = sizeof(blob);
	cfg.slots = &slot;
	cfg.nr_slots = 1;
	cfg.nr_vcpus = recs;
	cfg.threshold_pages = 8;
	cfg.max_rounds = 6;
	cfg.min_round_ms = 10;
	cfg.abort_at = src_abort_at;
	cfg.save_vmm_state = save_state;
	cfg.priv = &priv;
	ret = cca_mig_src_run(&cfg, &t, &out->src);
	out->src_ret = ret;
	close(rfd);
	if (wfd != rfd)
		close(wfd);
	ccaplat_runner_stop(vm);
	if (!ret) {
		out->src_migrated = true;
		/* The dead source: it cannot run any more. */
		out->src_dead = ccaplat_run(vm, 10, &out->src_res, NULL,
					    NULL) == -EIO;
	} else if (out->src.aborted) {
		unsigned int before = nr_stage2(&out->src_res);

		ret = ccaplat_run(vm, RUN_BUDGET, &out->src_res, NULL, NULL);
		out->src_completed = !ret && completed(&out->src_res);
		out->src_stage2_after = nr_stage2(&out->src_res) - before;
	}
	ccaplat_put(vm);
	out->src_clean = !ccaplat_fini();
	exit(0);
}

static int finalize(void *priv)
{
	return ccaplat_finalize(priv);
}

static int load_state(void *priv, const void *buf, size_t len)
{
	if (len != sizeof(out->dst_res))
		return -EINVAL;
	memcpy(&out->dst_res, buf, len);
	return 0;
}

static void child_destination(int rfd, int wfd, unsigned int recs,
			      enum cca_mig_phase abort_at)
{
	struct cca_mig_transport t = { .rfd = rfd, .wfd = wfd };
	struct cca_mig_dst_cfg cfg = { 0 };
	struct agent_msg agent;
	struct ccaplat_vm *vm;
	int ret;

	if (ccaplat_init(DRAM_BYTES))
		_exit(1);
	if (!xread(rfd, &agent, sizeof(agent)) ||
	    ccaplat_create(recs, RAM_BYTES, &vm))
		_exit(1);
	cfg.vm_fd = ccaplat_vm_fd(vm);
	cfg.session_id = agent.sid;
	cfg.key_blob = agent.blob;
	cfg.key_blob_len = sizeof(agent.blob);
	cfg.finalize_vcpus = finalize;
	cfg.load_vmm_state = load_state;
	cfg.abort_at = abort_at;
	cfg.priv = vm;
	ret = cca_mig_dst_run(&cfg, &t, &out->dst);
	out->dst_ret = ret;
	close(rfd);
	if (wfd != rfd)
		close(wfd);
	if (!ret) {
		unsigned int before = nr_stage2(&out->dst_res);

		ret = ccaplat_run(vm, RUN_BUDGET, &out->dst_res, NULL, NULL);
		out->dst_completed = !ret && completed(&out->dst_res);
		out->dst_stage2_here = nr_stage2(&out->dst_res) - before;
	}
	ccaplat_put(vm);
	out->dst_clean = !ccaplat_fini();
	exit(0);
}

/* ---------------------------------------------------------------------- */
/* The parent                                                              */

static pid_t fork_child(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (!pid) {
		alarm(CHILD_TIMEOUT_S);
		signal(SIGPIPE, SIG_IGN);
	}
	return pid;
}

/* Wait for @n children, killing them all after the deadline. */
static bool reap(pid_t *pids, unsigned int n)
{
	struct timespec ts = { 0, 5000000 };
	unsigned int i, left = n, polls;
	bool ok = true;
	int status;

	for (polls = 0; left && polls < (CHILD_TIMEOUT_S + 10) * 200;
	     polls++) {
		for (i = 0; i < n; i++) {
			if (pids[i] <= 0 ||
			    waitpid(pids[i], &status, WNOHANG) != pids[i])
				continue;
			if (!WIFEXITED(status) || WEXITSTATUS(status)) {
				printf("# child %u: status %#x\n", i, status);
				ok = false;
			}
			pids[i] = 0;
			left--;
		}
		nanosleep(&ts, NULL);
	}
	for (i = 0; i < n; i++)
		if (pids[i] > 0) {
			printf("# child %u timed out\n", i);
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
			ok = false;
		}
	return ok;
}

static bool reference(unsigned int recs)
{
	pid_t pid = fork_child();

	if (!pid)
		child_reference(recs);
	return pid > 0 && reap(&pid, 1) && out->ref_ok;
}

static int tcp_listen(int *port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1) ||
	    getsockname(fd, (struct sockaddr *)&a, &alen)) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static int tcp_connect(int port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Migrate @recs RECs over @x, the destination aborting at @abort_at
 * (CCA_MIG_PHASE_NONE: never). Results in *out.
 */
static bool migrate(enum xport x, unsigned int recs,
		    enum cca_mig_phase abort_at)
{
	int s2d[2] = { -1, -1 }, d2s[2] = { -1, -1 }, lfd = -1, port = 0;
	pid_t pids[2];

	memset(out, 0, sizeof(*out));
	if (!reference(recs)) {
		printf("# the unmigrated reference run failed\n");
		return false;
	}
	switch (x) {
	case X_SOCKETPAIR:
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s2d))
			return false;
		d2s[0] = s2d[1];	/* destination's end */
		d2s[1] = s2d[0];	/* source's end */
		break;
	case X_PIPES:
		if (pipe(s2d) || pipe(d2s))
			return false;
		break;
	case X_TCP:
		lfd = tcp_listen(&port);
		if (lfd < 0)
			return false;
		break;
	}

	pids[1] = fork_child();
	if (!pids[1]) {
		if (x == X_TCP) {
			int fd = accept(lfd, NULL, NULL);

			if (fd < 0)
				_exit(1);
			close(lfd);
			child_destination(fd, fd, recs, abort_at);
		} else if (x == X_PIPES) {
			close(s2d[1]);
			close(d2s[0]);
			child_destination(s2d[0], d2s[1], recs, abort_at);
		} else {
			close(d2s[1]);
			child_destination(d2s[0], d2s[0], recs, abort_at);
		}
	}
	pids[0] = fork_child();
	if (!pids[0]) {
		if (x == X_TCP) {
			int fd = tcp_connect(port);

			if (fd < 0)
				_exit(1);
			close(lfd);
			child_source(fd, fd, recs);
		} else if (x == X_PIPES) {
			close(s2d[0]);
			close(d2s[1]);
			child_source(d2s[0], s2d[1], recs);
		} else {
			close(d2s[0]);
			child_source(d2s[1], d2s[1], recs);
		}
	}
	if (lfd >= 0)
		close(lfd);
	if (x == X_PIPES) {
		close(s2d[0]);
		close(s2d[1]);
		close(d2s[0]);
		close(d2s[1]);
	} else if (x == X_SOCKETPAIR) {
		close(s2d[0]);
		close(s2d[1]);
	}
	if (pids[0] < 0 || pids[1] < 0)
		return false;
	if (!reap(pids, 2))
		return false;
	printf("# src %d dst %d: %u round(s), pages/round %llu %llu .. | %llu, ",
	       out->src_ret, out->dst_ret, out->src.rounds,
	       (unsigned long long)out->src.pages_per_round[0],
	       (unsigned long long)out->src.pages_per_round[1],
	       (unsigned long long)out->src.pages_per_round[out->src.rounds]);
	printf("downtime %.2f ms, %llu bytes\n", out->src.downtime_ms,
	       (unsigned long long)out->src.stream_bytes);
	return true;
}

/*
 * A complete migration, checked on the guest's own account: every REC of
 * mig_dirty (RECs 0 and 1) ran its final check of every page it ever
 * wrote on the destination, with the unmigrated run's checksum.
 */
static bool migrated_ok(unsigned int recs)
{
	if (out->dst_stage2_here != (recs < 2 ? recs : 2)) {
		printf("# %u final check(s) on the destination\n",
		       out->dst_stage2_here);
		return false;
	}
	return out->src_ret == 0 && out->dst_ret == 0 && out->src_migrated &&
	       out->src_dead && out->dst_completed &&
	       same_result(&out->dst_res, &out->ref) &&
	       out->src_clean && out->dst_clean &&
	       out->src.stream_bytes == out->dst.stream_bytes &&
	       out->src.pages == out->dst.pages && !out->src.aborted;
}

static void test_socketpair_two_recs(void)
{
	ASSERT_TRUE(migrate(X_SOCKETPAIR, 2, CCA_MIG_PHASE_NONE));
	ASSERT_TRUE(migrated_ok(2));
	/* pre-copy: round 0 is the whole RAM, then the dirty sets */
	ASSERT_EQ(out->src.pages_per_round[0], RAM_BYTES >> 12);
	ASSERT_GE(out->src.rounds, 1);
	ASSERT_EQ(out->src.recs, 2);
	ASSERT_EQ(out->dst.recs, 2);
	ASSERT_EQ(out->src.epochs, out->src.rounds);
	ASSERT_GE(out->src.wire_tx, out->src.stream_bytes);
}

static void test_socketpair_four_recs(void)
{
	/* RECs 2 and 3 finish at once: their host state travels too. */
	ASSERT_TRUE(migrate(X_SOCKETPAIR, 4, CCA_MIG_PHASE_NONE));
	ASSERT_TRUE(migrated_ok(4));
	ASSERT_EQ(out->dst.recs, 4);
}

static void test_pipes_one_rec(void)
{
	ASSERT_TRUE(migrate(X_PIPES, 1, CCA_MIG_PHASE_NONE));
	ASSERT_TRUE(migrated_ok(1));
	ASSERT_EQ(out->dst.recs, 1);
}

static void test_tcp_loopback(void)
{
	ASSERT_TRUE(migrate(X_TCP, 2, CCA_MIG_PHASE_NONE));
	ASSERT_TRUE(migrated_ok(2));
}

/*
 * The destination aborts at @phase and sends its token back: the source
 * resumes and its guest ends exactly as a run that never moved.
 */
static void abort_at(enum cca_mig_phase phase)
{
	ASSERT_TRUE(migrate(X_SOCKETPAIR, 2, phase));
	ASSERT_EQ(out->dst_ret, -ECANCELED);
	ASSERT_TRUE(out->dst.aborted);
	ASSERT_EQ(out->dst.abort_phase, phase);
	ASSERT_EQ(out->src_ret, -ECANCELED);
	ASSERT_TRUE(out->src.aborted);
	ASSERT_FALSE(out->src_migrated);
	ASSERT_FALSE(out->dst_completed);
	ASSERT_TRUE(out->src_completed);
	ASSERT_TRUE(same_result(&out->src_res, &out->ref));
	/* the final checks ran after the source resumed */
	ASSERT_EQ(out->src_stage2_after, 2);
	ASSERT_TRUE(out->src_clean);
	ASSERT_TRUE(out->dst_clean);
}

static void test_abort_at_start(void)
{
	abort_at(CCA_MIG_PHASE_START);
}

static void test_abort_at_precopy(void)
{
	abort_at(CCA_MIG_PHASE_PRECOPY);
}

static void test_abort_at_stopcopy(void)
{
	abort_at(CCA_MIG_PHASE_STOPCOPY);
}

static void test_abort_at_end(void)
{
	abort_at(CCA_MIG_PHASE_END);
	/* The source had produced END: only the token could resume it. */
	ASSERT_EQ(out->src.abort_phase, CCA_MIG_PHASE_END);
}

/*
 * The source aborts by itself: its ABORT record reaches the destination,
 * which aborts too and returns its token; the guest finishes on the source.
 */
static void src_abort(enum cca_mig_phase phase)
{
	src_abort_at = phase;
	if (!migrate(X_SOCKETPAIR, 2, CCA_MIG_PHASE_NONE)) {
		src_abort_at = CCA_MIG_PHASE_NONE;
		TEST_FAIL("migrate() failed");
	}
	src_abort_at = CCA_MIG_PHASE_NONE;
	ASSERT_EQ(out->src_ret, -ECANCELED);
	ASSERT_TRUE(out->src.aborted);
	ASSERT_EQ(out->src.abort_phase, phase);
	ASSERT_EQ(out->dst_ret, -ECANCELED);
	ASSERT_TRUE(out->dst.aborted);
	ASSERT_FALSE(out->dst_completed);
	ASSERT_TRUE(out->src_completed);
	ASSERT_TRUE(same_result(&out->src_res, &out->ref));
	ASSERT_EQ(out->src_stage2_after, 2);
	ASSERT_TRUE(out->src_clean);
	ASSERT_TRUE(out->dst_clean);
}

static void test_src_abort_at_start(void)
{
	src_abort(CCA_MIG_PHASE_START);
}

static void test_src_abort_at_precopy(void)
{
	src_abort(CCA_MIG_PHASE_PRECOPY);
}

static void test_src_abort_at_stopcopy(void)
{
	src_abort(CCA_MIG_PHASE_STOPCOPY);
}

static void test_abort_at_pipes(void)
{
	/* The token comes back on the other pipe. */
	ASSERT_TRUE(migrate(X_PIPES, 2, CCA_MIG_PHASE_STOPCOPY));
	ASSERT_EQ(out->src_ret, -ECANCELED);
	ASSERT_TRUE(out->src_completed);
	ASSERT_TRUE(same_result(&out->src_res, &out->ref));
}

/* ---------------------------------------------------------------------- */
/* The library's argument checks                                           */

static const uint8_t some_blob[CCAPLAT_KEY_BLOB_LEN];
static const struct cca_mig_slot good_slot = {
	.gpa = 0x80000000, .npages = 512,
};

static void good_src(struct cca_mig_src_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->vm_fd = 100;
	c->key_blob = some_blob;
	c->key_blob_len = sizeof(some_blob);
	c->slots = &good_slot;
	c->nr_slots = 1;
	c->nr_vcpus = 1;
}

static void good_dst(struct cca_mig_dst_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->vm_fd = 100;
	c->key_blob = some_blob;
	c->key_blob_len = sizeof(some_blob);
}

static void test_bad_arguments(void)
{
	struct cca_mig_transport t = { .rfd = 0, .wfd = 1 }, bt;
	struct cca_mig_slot slots[2];
	struct cca_mig_summary sum;
	struct cca_mig_src_cfg s;
	struct cca_mig_dst_cfg d;
	uint8_t big[CCA_MIG_LIB_KEY_BLOB_MAX + 1] = { 0 };

	/* Each case: one thing wrong, the errno, nothing touched. */
	good_src(&s);
	ASSERT_EQ(cca_mig_src_run(NULL, &t, &sum), -EINVAL);	/* no cfg */
	ASSERT_EQ(cca_mig_src_run(&s, NULL, &sum), -EINVAL);	/* no transport */
	ASSERT_EQ(cca_mig_src_run(&s, &t, NULL), -EINVAL);	/* no summary */
	s.vm_fd = -1;						/* no VM */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EBADF);
	good_src(&s);
	bt = t;
	bt.rfd = -1;						/* no read side */
	ASSERT_EQ(cca_mig_src_run(&s, &bt, &sum), -EBADF);
	bt = t;
	bt.wfd = -1;						/* no write side */
	ASSERT_EQ(cca_mig_src_run(&s, &bt, &sum), -EBADF);
	bt = t;
	bt.timeout_ms = -1;					/* negative timeout */
	ASSERT_EQ(cca_mig_src_run(&s, &bt, &sum), -EINVAL);
	s.key_blob = NULL;					/* no key blob */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	good_src(&s);
	s.key_blob_len = CCA_MIG_LIB_KEY_BLOB_MIN - 1;		/* blob too short */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	s.key_blob = big;					/* blob too long */
	s.key_blob_len = sizeof(big);
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	good_src(&s);
	s.nr_slots = 0;						/* no memslot */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	s.nr_slots = CCA_MIG_LIB_MAX_SLOTS + 1;			/* too many */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	s.nr_slots = 1;
	s.slots = NULL;						/* slots missing */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	slots[0] = good_slot;
	slots[1] = good_slot;
	slots[1].gpa += 0x800;					/* unaligned gpa */
	s.slots = slots;
	s.nr_slots = 2;
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	slots[1] = good_slot;
	slots[1].npages = 0;					/* empty slot */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	good_src(&s);
	s.nr_vcpus = 0;						/* no vCPU */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	s.nr_vcpus = CCA_MIG_LIB_MAX_VCPUS + 1;			/* too many */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);
	good_src(&s);
	s.max_rounds = CCA_MIG_LIB_MAX_ROUNDS + 1;		/* round limit */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -ERANGE);
	good_src(&s);
	s.abort_at = CCA_MIG_PHASE_END;		/* after FINISH: needs a token */
	ASSERT_EQ(cca_mig_src_run(&s, &t, &sum), -EINVAL);

	good_dst(&d);
	ASSERT_EQ(cca_mig_dst_run(NULL, &t, &sum), -EINVAL);
	ASSERT_EQ(cca_mig_dst_run(&d, NULL, &sum), -EINVAL);
	ASSERT_EQ(cca_mig_dst_run(&d, &t, NULL), -EINVAL);
	d.vm_fd = -1;
	ASSERT_EQ(cca_mig_dst_run(&d, &t, &sum), -EBADF);
	good_dst(&d);
	bt = t;
	bt.rfd = -1;
	ASSERT_EQ(cca_mig_dst_run(&d, &bt, &sum), -EBADF);
	d.key_blob_len = 0;
	ASSERT_EQ(cca_mig_dst_run(&d, &t, &sum), -EINVAL);
	good_dst(&d);
	d.abort_at = CCA_MIG_PHASE_DONE;			/* not abortable */
	ASSERT_EQ(cca_mig_dst_run(&d, &t, &sum), -EINVAL);
	d.abort_at = CCA_MIG_NR_PHASES + 3;
	ASSERT_EQ(cca_mig_dst_run(&d, &t, &sum), -EINVAL);

	ASSERT_EQ(cca_mig_op(-1, 11, &sum, NULL), -EBADF);
	/* An fd that is not a VM (the harness knows no VM behind it) */
	ASSERT_EQ(cca_mig_op(1, 11, &sum, NULL), -EBADF);
	ASSERT_EQ(cca_mig_state(-5), -EBADF);
	ASSERT_EQ(cca_mig_phase_parse(NULL), -EINVAL);
	ASSERT_EQ(cca_mig_phase_parse("sideways"), -EINVAL);
	ASSERT_EQ(cca_mig_phase_parse("stopcopy"), CCA_MIG_PHASE_STOPCOPY);
	ASSERT_TRUE(!strcmp(cca_mig_phase_name(CCA_MIG_PHASE_END), "end"));
	ASSERT_TRUE(!strcmp(cca_mig_phase_name(99), "?"));
}

/*
 * On a real VM (in a child): the ioctl's own errnos come through
 * unchanged, and a peer that says the wrong thing, or nothing, leaves the
 * realm untouched (no migration started) with -EPROTO or -ETIMEDOUT.
 */
struct peer_result {
	int unknown_cmd, state, wrong_sid, silent, state_after, run_after;
	bool clean;
};

static void child_peer_errors(struct peer_result *r)
{
	uint8_t blob[CCAPLAT_KEY_BLOB_LEN], dblob[CCAPLAT_KEY_BLOB_LEN];
	struct cca_mig_src_cfg cfg = { 0 };
	struct ccaplat_result res = { 0 };
	struct cca_mig_transport t;
	struct cca_mig_summary sum;
	struct cca_mig_slot slot;
	struct ccaplat_vm *vm;
	uint8_t hello[8 + 8 + 32] = { 0 };
	int sv[2];

	if (ccaplat_init(DRAM_BYTES) || !boot_source(1, &vm, &res) ||
	    ccaplat_key_blobs(vm, 1, blob, dblob))
		_exit(1);
	r->unknown_cmd = cca_mig_op(ccaplat_vm_fd(vm), 99, &sum, NULL);
	r->state = cca_mig_state(ccaplat_vm_fd(vm));

	ccaplat_slot(vm, &slot);
	cfg.vm_fd = ccaplat_vm_fd(vm);
	cfg.session_id = 1;
	cfg.key_blob = blob;
	cfg.key_blob_len = sizeof(blob);
	cfg.slots = &slot;
	cfg.nr_slots = 1;
	cfg.nr_vcpus = 1;

	/* A HELLO for session 2 */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		_exit(1);
	hello[0] = 0x01;	/* CCA_MIG_CTL_HELLO, little endian */
	hello[1] = 0x80;
	hello[4] = 40;
	hello[8] = 2;
	if (!xwrite(sv[1], hello, sizeof(hello)))
		_exit(1);
	t = (struct cca_mig_transport){ .rfd = sv[0], .wfd = sv[0],
					.timeout_ms = 2000 };
	r->wrong_sid = cca_mig_src_run(&cfg, &t, &sum);
	close(sv[0]);
	close(sv[1]);

	/* Nobody says anything */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		_exit(1);
	t = (struct cca_mig_transport){ .rfd = sv[0], .wfd = sv[0],
					.timeout_ms = 100 };
	r->silent = cca_mig_src_run(&cfg, &t, &sum);
	close(sv[0]);
	close(sv[1]);

	r->state_after = cca_mig_state(ccaplat_vm_fd(vm));
	r->run_after = ccaplat_run(vm, RUN_BUDGET, &res, NULL, NULL);
	if (!completed(&res))
		r->run_after = -EIO;
	ccaplat_put(vm);
	r->clean = !ccaplat_fini();
	exit(0);
}

static void test_peer_errors(void)
{
	struct peer_result *r = (struct peer_result *)out;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	pid = fork_child();
	if (!pid)
		child_peer_errors(r);
	ASSERT_GT(pid, 0);
	ASSERT_TRUE(reap(&pid, 1));
	ASSERT_EQ(r->unknown_cmd, -EINVAL);	/* the module's envelope check */
	ASSERT_EQ(r->state, 0);			/* KVM_CCA_MIG_STATE_NONE */
	ASSERT_EQ(r->wrong_sid, -EPROTO);
	ASSERT_EQ(r->silent, -ETIMEDOUT);
	ASSERT_EQ(r->state_after, 0);
	ASSERT_EQ(r->run_after, 0);
	ASSERT_TRUE(r->clean);
}

static const struct test_case cases[] = {
	TEST_CASE(test_bad_arguments),
	TEST_CASE(test_peer_errors),
	TEST_CASE(test_socketpair_two_recs),
	TEST_CASE(test_socketpair_four_recs),
	TEST_CASE(test_pipes_one_rec),
	TEST_CASE(test_tcp_loopback),
	TEST_CASE(test_abort_at_start),
	TEST_CASE(test_abort_at_precopy),
	TEST_CASE(test_abort_at_stopcopy),
	TEST_CASE(test_abort_at_end),
	TEST_CASE(test_abort_at_pipes),
	TEST_CASE(test_src_abort_at_start),
	TEST_CASE(test_src_abort_at_precopy),
	TEST_CASE(test_src_abort_at_stopcopy),
};

static bool suite_setup(void)
{
	return true;
}

static const struct test_suite suite = {
	.name = "host_vmm",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
};

int main(int argc, char **argv)
{
	_Static_assert(sizeof(struct peer_result) <= sizeof(struct outcome),
		       "shared area");
	out = mmap(NULL, sizeof(*out), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (out == MAP_FAILED)
		return 1;
	return test_main(&suite, argc, argv);
}
