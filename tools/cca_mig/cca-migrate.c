// SPDX-License-Identifier: GPL-2.0
/*
 * cca-migrate: live-migrate an Arm CCA realm between two processes with
 * libccamig, on the reference platform.
 *
 *   cca-migrate demo [--guest FILE] [--recs N] [--mem MiB] [--tcp PORT]
 *                    [--abort-at PHASE] [--threshold PAGES]
 *                    [--max-rounds N] [--round-ms MS] [--warmup N]
 *                    [--pace-us US] [--timeout S] [--stream MODE] [--quiet]
 *
 * The parent forks a source and a destination, connected by a UNIX
 * socketpair or, with --tcp, a TCP connection on 127.0.0.1 (never any
 * other address). Each child brings up its own reference platform (RMM
 * model, mini KVM, the cca_mig module through the shim). The source boots
 * the guest image (a flat AArch64 binary loaded at CCA_GUEST_BASE_IPA,
 * reporting with the host calls of cca_guest_abi.h), runs it for a while,
 * and migrates it while it keeps running on a thread of its own; the
 * destination imports it, resumes it and runs the guest to completion,
 * printing the guest's reports. With --abort-at, the destination aborts in
 * that phase and sends its abort token back: the source resumes the realm
 * and runs it to completion.
 *
 * Exit code 0 only if the guest completed successfully on the destination,
 * or on the source after an abort.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cca_mig.h"
#include "ccaplat.h"

#ifndef GUEST_DIR
#define GUEST_DIR	"build/harness/guest"
#endif

#define DEFAULT_GUEST	GUEST_DIR "/mig_dirty.bin"
#define RUN_BUDGET	2000000UL
/* The CLI's stand-in for the migration agents' key exchange. */
#define AGENT_MSG	0x8100

struct opts {
	const char *guest;
	unsigned int recs;
	unsigned int mem_mib;
	int tcp_port;
	int abort_at;
	bool abort_by_src;
	unsigned int threshold;
	unsigned int max_rounds;
	unsigned int round_ms;
	unsigned int warmup;
	unsigned int pace_us;
	unsigned int timeout_s;
	bool quiet;
	bool rw;
};

enum outcome {
	OUT_NONE,
	OUT_MIGRATED,		/* source: the realm moved */
	OUT_COMPLETED,		/* the guest completed here */
	OUT_ABORTED,		/* destination: aborted */
	OUT_FAILED,
};

/* Shared between the parent and its two children. */
struct shared {
	enum outcome src_out, dst_out;
	int src_ret, dst_ret;
	bool src_completed;
	struct cca_mig_summary src, dst;
	struct ccaplat_result src_res, dst_res;
};

struct agent_msg {
	uint64_t session_id;
	uint8_t blob[CCAPLAT_KEY_BLOB_LEN];
};

static const char *role = "   ";

/*
 * Unicorn 2.0.1 does not free the code bitmap of a page whose translated
 * code is written (the guest's pages are write-protected for dirty
 * tracking); that is the emulator's leak, not ours.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tb_invalidate_phys_page_fast_aarch64\n";
}

static struct opts *opt;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double t_start;

#define __printf(a, b)	__attribute__((format(printf, a, b)))

static __printf(1, 2) void say(const char *fmt, ...)
{
	va_list ap;

	printf("[%8.2f ms] %s ", now_ms() - t_start, role);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void on_report(const struct ccaplat_report *r, void *priv)
{
	switch (r->kind) {
	case CCAPLAT_SYNC:
		if (!opt->quiet)
			say("guest REC %u: sync stage %llu (%#llx %#llx %#llx)",
			    r->rec, (unsigned long long)r->val[0],
			    (unsigned long long)r->val[1],
			    (unsigned long long)r->val[2],
			    (unsigned long long)r->val[3]);
		break;
	case CCAPLAT_DONE:
		say("guest REC %u: done", r->rec);
		break;
	case CCAPLAT_ASSERT:
		say("guest REC %u: ASSERT at line %llu: %s", r->rec,
		    (unsigned long long)r->val[0], r->msg);
		break;
	case CCAPLAT_PRINT:
		say("guest REC %u: %s", r->rec, r->msg);
		break;
	case CCAPLAT_ABORT:
		say("guest REC %u: ABORT esr %#llx far %#llx elr %#llx",
		    r->rec, (unsigned long long)r->val[0],
		    (unsigned long long)r->val[1],
		    (unsigned long long)r->val[2]);
		break;
	default:
		break;
	}
}

static void on_src_progress(const struct cca_mig_progress *p, void *priv)
{
	if (!p->final)
		return;
	if (p->phase == CCA_MIG_PHASE_END)
		say("stop-and-copy: %llu pages (final dirty set %llu), %.2f MiB sent, %.1f MiB/s",
		    (unsigned long long)p->pages,
		    (unsigned long long)p->dirty, p->bytes / 1048576.0,
		    p->rate_mibs);
	else if (!p->round)
		say("pre-copy round 0: %llu pages (full copy), %.2f MiB sent, %.1f MiB/s",
		    (unsigned long long)p->pages, p->bytes / 1048576.0,
		    p->rate_mibs);
	else
		say("pre-copy round %u: %llu pages (dirty), %.2f MiB sent, %.1f MiB/s",
		    p->round, (unsigned long long)p->pages,
		    p->bytes / 1048576.0, p->rate_mibs);
}

static void on_dst_progress(const struct cca_mig_progress *p, void *priv)
{
	if (!p->final || opt->quiet)
		return;
	if (p->phase == CCA_MIG_PHASE_DONE)
		say("import complete: %llu page records, %.2f MiB received, %.1f MiB/s",
		    (unsigned long long)p->pages, p->bytes / 1048576.0,
		    p->rate_mibs);
	else
		say("epoch %u imported: %llu page records so far, %.2f MiB received",
		    p->round, (unsigned long long)p->pages,
		    p->bytes / 1048576.0);
}

static bool completed(const struct ccaplat_result *res)
{
	unsigned int i;

	if (!res->nr_recs)
		return false;
	for (i = 0; i < res->nr_recs; i++)
		if (!res->done[i] || res->failed[i])
			return false;
	return true;
}

static size_t dram_bytes(void)
{
	return ((size_t)opt->mem_mib * 2 + 128) << 20;
}

static int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

static int recv_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 30000) <= 0)
			return -ETIMEDOUT;
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Source                                                                  */

struct src_ctx {
	struct ccaplat_vm *vm;
	struct ccaplat_result *res;
};

/* After PAUSE: stop the vCPU thread, and hand over the RECs' host state. */
static int save_vmm_state(void *priv, void *buf, size_t max)
{
	struct src_ctx *c = priv;

	ccaplat_runner_stop(c->vm);
	if (max < sizeof(*c->res))
		return -EOVERFLOW;
	memcpy(buf, c->res, sizeof(*c->res));
	return sizeof(*c->res);
}

static int run_source(int fd, struct shared *sh)
{
	uint8_t src_blob[CCAPLAT_KEY_BLOB_LEN];
	struct cca_mig_transport t = { .rfd = fd, .wfd = fd };
	struct cca_mig_src_cfg cfg = { 0 };
	struct cca_mig_slot slot;
	struct agent_msg agent;
	struct ccaplat_vm *vm;
	struct src_ctx ctx;
	uint16_t hdr[4] = { AGENT_MSG, 0, sizeof(agent), 0 };
	size_t len;
	void *img;
	int ret;

	role = "src";
	sh->src_out = OUT_FAILED;
	ret = ccaplat_init(dram_bytes());
	if (ret) {
		say("platform: %s", strerror(-ret));
		return 1;
	}
	ret = ccaplat_load_image(opt->guest, &img, &len);
	if (ret) {
		say("%s: %s", opt->guest, strerror(-ret));
		goto fini;
	}
	ret = ccaplat_boot(img, len, opt->recs, (uint64_t)opt->mem_mib << 20,
			   &vm);
	free(img);
	if (ret) {
		say("booting %s: %s", opt->guest, strerror(-ret));
		goto fini;
	}
	say("realm booted: %s (%zu bytes at 0x80000000), %u REC(s), %u MiB",
	    opt->guest, len, opt->recs, opt->mem_mib);

	ret = ccaplat_run(vm, opt->warmup, &sh->src_res, on_report, NULL);
	if (ret && ret != -ETIME) {
		say("warm-up run: %s", strerror(-ret));
		goto put;
	}
	say("ran %u REC entries; migrating while the realm keeps running",
	    opt->warmup);

	/*
	 * The migration agents: attest, agree a key, wrap it for each RMM
	 * (bound to the RIM, final once the realm was activated).
	 */
	agent.session_id = ((uint64_t)getpid() << 32) ^ (uint64_t)now_ms();
	ret = ccaplat_key_blobs(vm, agent.session_id, src_blob, agent.blob);
	if (!ret)
		ret = send_all(fd, hdr, sizeof(hdr));
	if (!ret)
		ret = send_all(fd, &agent, sizeof(agent));
	if (ret) {
		say("key exchange: %s", strerror(-ret));
		goto put;
	}

	ctx.vm = vm;
	ctx.res = &sh->src_res;
	ret = ccaplat_runner_start(vm, opt->pace_us, 0, &sh->src_res,
				   on_report, NULL);
	if (ret)
		goto put;
	ccaplat_slot(vm, &slot);
	cfg.vm_fd = ccaplat_vm_fd(vm);
	cfg.session_id = agent.session_id;
	cfg.key_blob = src_blob;
	cfg.key_blob_len = sizeof(src_blob);
	cfg.slots = &slot;
	cfg.nr_slots = 1;
	cfg.nr_vcpus = ccaplat_nr_recs(vm);
	cfg.threshold_pages = opt->threshold;
	cfg.max_rounds = opt->max_rounds;
	cfg.min_round_ms = opt->round_ms;
	cfg.abort_at = opt->abort_by_src ? opt->abort_at : CCA_MIG_PHASE_NONE;
	cfg.save_vmm_state = save_vmm_state;
	cfg.progress = on_src_progress;
	cfg.ring = !opt->rw;
	cfg.priv = &ctx;
	ret = cca_mig_src_run(&cfg, &t, &sh->src);
	sh->src_ret = ret;
	/* The destination drains until we close: do it now. */
	close(fd);
	ccaplat_runner_stop(vm);

	if (!ret) {
		say("migrated: the realm cannot run here any more");
		sh->src_out = OUT_MIGRATED;
	} else if (sh->src.aborted) {
		say("migration aborted (%s) in phase %s: the realm runs here again",
		    strerror(-ret), cca_mig_phase_name(sh->src.abort_phase));
		ret = ccaplat_run(vm, RUN_BUDGET, &sh->src_res, on_report,
				  NULL);
		sh->src_completed = !ret && completed(&sh->src_res);
		say("guest %s on the source",
		    sh->src_completed ? "completed" : "did NOT complete");
		sh->src_out = sh->src_completed ? OUT_COMPLETED : OUT_FAILED;
	} else {
		say("migration failed: %s (rmi status %#llx)", strerror(-ret),
		    (unsigned long long)sh->src.rmi_status);
	}
put:
	ccaplat_put(vm);
fini:
	if (ccaplat_fini()) {
		say("platform teardown found leaks");
		sh->src_out = OUT_FAILED;
	}
	return sh->src_out == OUT_FAILED;
}

/* ---------------------------------------------------------------------- */
/* Destination                                                             */

static int finalize(void *priv)
{
	return ccaplat_finalize(priv);
}

static struct ccaplat_result *dst_res;

static int load_vmm_state(void *priv, const void *buf, size_t len)
{
	if (len != sizeof(*dst_res))
		return -EINVAL;
	memcpy(dst_res, buf, len);
	return 0;
}

static int run_destination(int fd, struct shared *sh)
{
	struct cca_mig_transport t = { .rfd = fd, .wfd = fd };
	struct cca_mig_dst_cfg cfg = { 0 };
	struct agent_msg agent;
	struct ccaplat_vm *vm;
	uint16_t hdr[4];
	int ret;

	role = "dst";
	sh->dst_out = OUT_FAILED;
	dst_res = &sh->dst_res;
	ret = ccaplat_init(dram_bytes());
	if (ret) {
		say("platform: %s", strerror(-ret));
		return 1;
	}
	ret = recv_all(fd, hdr, sizeof(hdr));
	if (!ret && (hdr[0] != AGENT_MSG || hdr[2] != sizeof(agent)))
		ret = -EPROTO;
	if (!ret)
		ret = recv_all(fd, &agent, sizeof(agent));
	if (ret) {
		say("key exchange: %s", strerror(-ret));
		goto fini;
	}
	ret = ccaplat_create(opt->recs, (uint64_t)opt->mem_mib << 20, &vm);
	if (ret) {
		say("creating the VM: %s", strerror(-ret));
		goto fini;
	}

	cfg.vm_fd = ccaplat_vm_fd(vm);
	cfg.session_id = agent.session_id;
	cfg.key_blob = agent.blob;
	cfg.key_blob_len = sizeof(agent.blob);
	cfg.finalize_vcpus = finalize;
	cfg.abort_at = opt->abort_by_src ? CCA_MIG_PHASE_NONE : opt->abort_at;
	cfg.load_vmm_state = load_vmm_state;
	cfg.progress = on_dst_progress;
	cfg.ring = !opt->rw;
	cfg.priv = vm;
	ret = cca_mig_dst_run(&cfg, &t, &sh->dst);
	sh->dst_ret = ret;
	close(fd);
	if (ret == -ECANCELED && sh->dst.aborted) {
		say("aborted in phase %s (%s); abort token sent to the source",
		    cca_mig_phase_name(sh->dst.abort_phase),
		    opt->abort_by_src ? "the source aborted" : "as asked");
		sh->dst_out = OUT_ABORTED;
	} else if (ret) {
		say("import failed: %s (rmi status %#llx)", strerror(-ret),
		    (unsigned long long)sh->dst.rmi_status);
	} else {
		say("imported; FINISH %.2f ms after the first REC record: resuming the realm",
		    sh->dst.downtime_ms);
		ret = ccaplat_run(vm, RUN_BUDGET, &sh->dst_res, on_report,
				  NULL);
		if (!ret && completed(&sh->dst_res)) {
			say("guest completed on the destination");
			sh->dst_out = OUT_COMPLETED;
		} else {
			say("guest did NOT complete on the destination (%s)",
			    ret ? strerror(-ret) : "a REC failed");
		}
	}
	ccaplat_put(vm);
fini:
	if (ccaplat_fini()) {
		say("platform teardown found leaks");
		sh->dst_out = OUT_FAILED;
	}
	return sh->dst_out == OUT_FAILED;
}

/* ---------------------------------------------------------------------- */
/* The parent                                                              */

static void print_summary(const struct shared *sh)
{
	const struct cca_mig_summary *s = &sh->src;
	unsigned int i;

	printf("\n== Summary\n");
	printf("  total time      %.2f ms (pre-copy %.2f ms)\n", s->total_ms,
	       s->precopy_ms);
	if (!s->aborted)
		printf("  downtime        %.2f ms (PAUSE to the destination's DONE)\n",
		       s->downtime_ms);
	printf("  pages per round");
	for (i = 0; i < s->rounds && i <= CCA_MIG_LIB_MAX_ROUNDS; i++)
		printf(" %llu", (unsigned long long)s->pages_per_round[i]);
	if (!s->aborted || s->abort_phase >= CCA_MIG_PHASE_END)
		printf(" | stop-and-copy %llu",
		       (unsigned long long)s->pages_per_round[s->rounds]);
	printf("\n  pre-copy        %u round(s), %s\n", s->rounds,
	       s->converged ? "converged under the threshold" :
	       "stopped by the round limit");
	printf("  stream          %.2f MiB: %llu page records (%llu with content), ",
	       s->stream_bytes / 1048576.0, (unsigned long long)s->pages,
	       (unsigned long long)s->content_pages);
	printf("%llu epochs, %llu RECs\n",
	       (unsigned long long)s->epochs, (unsigned long long)s->recs);
	printf("  on the wire     %llu bytes source->destination, %llu bytes back\n",
	       (unsigned long long)s->wire_tx, (unsigned long long)s->wire_rx);
	printf("  firmware        source %llu RMI-MIG calls, %.2f ms; ",
	       (unsigned long long)s->fw_calls, s->fw_time_ns / 1e6);
	printf("destination %llu calls, %.2f ms\n",
	       (unsigned long long)sh->dst.fw_calls, sh->dst.fw_time_ns / 1e6);
	if (s->aborted)
		printf("  aborted         in phase %s, the source resumed\n",
		       cca_mig_phase_name(s->abort_phase));
}

static int tcp_listen(int *port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(*port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t alen = sizeof(a);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1) ||
	    getsockname(fd, (struct sockaddr *)&a, &alen)) {
		int err = -errno;

		close(fd);
		return err;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static int tcp_accept(int lfd)
{
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };

	if (poll(&pfd, 1, 30000) <= 0)
		return -ETIMEDOUT;
	return accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
}

static int tcp_connect(int port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -errno;
	}
	return fd;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: cca-migrate demo [options]\n"
"  Live-migrate a realm between two processes on the reference platform.\n"
"  --guest FILE       flat AArch64 image loaded at 0x80000000 (default:\n"
"                     %s)\n"
"  --recs N           RECs (vCPUs), 1..%d (default 2)\n"
"  --mem MiB          realm RAM (default 4)\n"
"  --tcp PORT         connect over TCP on 127.0.0.1:PORT (0: any free port)\n"
"                     instead of a UNIX socketpair\n"
"  --abort-at PHASE   the destination aborts at start, precopy, stopcopy or\n"
"                     end; the source resumes and runs the guest to the end\n"
"  --abort-by WHO     dst (default) or src: the source aborts at start,\n"
"                     precopy or stopcopy instead\n"
"  --threshold PAGES  stop pre-copy at this dirty-set size (default 8)\n"
"  --max-rounds N     dirty pre-copy rounds at most (default 8)\n"
"  --round-ms MS      let the realm run this long per round (default 20)\n"
"  --warmup N         REC entries before the migration starts (default 4)\n"
"  --pace-us US       pause between rounds of REC entries while migrating\n"
"                     (default 2000)\n"
"  --timeout S        give up after S seconds (default 120)\n"
"  --stream MODE      ring (default): the stream goes through the mmap()ed\n"
"                     stream rings, zero-copy; rw: read() and write()\n"
"  --quiet            fewer lines\n"
"Exit code 0 only if the guest completed on the destination (or on the\n"
"source after an abort).\n", DEFAULT_GUEST, CCAPLAT_MAX_RECS);
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "guest", required_argument, NULL, 'g' },
		{ "recs", required_argument, NULL, 'r' },
		{ "mem", required_argument, NULL, 'm' },
		{ "tcp", required_argument, NULL, 't' },
		{ "abort-at", required_argument, NULL, 'a' },
		{ "abort-by", required_argument, NULL, 'b' },
		{ "threshold", required_argument, NULL, 'T' },
		{ "max-rounds", required_argument, NULL, 'R' },
		{ "round-ms", required_argument, NULL, 'M' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "pace-us", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "stream", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (c == '?')
			return -EINVAL;
		if (c == 'g') {
			o->guest = optarg;
			continue;
		}
		if (c == 'q') {
			o->quiet = true;
			continue;
		}
		if (c == 'b') {
			if (strcmp(optarg, "src") && strcmp(optarg, "dst")) {
				fprintf(stderr, "bad --abort-by %s\n", optarg);
				return -EINVAL;
			}
			o->abort_by_src = !strcmp(optarg, "src");
			continue;
		}
		if (c == 's') {
			if (strcmp(optarg, "ring") && strcmp(optarg, "rw")) {
				fprintf(stderr, "bad stream mode %s\n", optarg);
				return -EINVAL;
			}
			o->rw = !strcmp(optarg, "rw");
			continue;
		}
		if (c == 'a') {
			o->abort_at = cca_mig_phase_parse(optarg);
			if (o->abort_at <= CCA_MIG_PHASE_NONE ||
			    o->abort_at > CCA_MIG_PHASE_END) {
				fprintf(stderr, "bad phase %s\n", optarg);
				return -EINVAL;
			}
			continue;
		}
		errno = 0;
		v = strtol(optarg, &end, 0);
		if (errno || *end || v < 0 || v > 100000000) {
			fprintf(stderr, "bad number %s\n", optarg);
			return -EINVAL;
		}
		switch (c) {
		case 'r':
			o->recs = v;
			break;
		case 'm':
			o->mem_mib = v;
			break;
		case 't':
			if (v > 65535)
				return -EINVAL;
			o->tcp_port = v;
			break;
		case 'T':
			o->threshold = v;
			break;
		case 'R':
			o->max_rounds = v;
			break;
		case 'M':
			o->round_ms = v;
			break;
		case 'w':
			o->warmup = v;
			break;
		case 'p':
			o->pace_us = v;
			break;
		case 'o':
			o->timeout_s = v;
			break;
		}
	}
	if (optind != argc - 1 || strcmp(argv[optind], "demo"))
		return -EINVAL;
	if (o->abort_by_src && o->abort_at > CCA_MIG_PHASE_STOPCOPY) {
		fprintf(stderr, "the source cannot abort after FINISH\n");
		return -EINVAL;
	}
	if (!o->recs || o->recs > CCAPLAT_MAX_RECS || !o->mem_mib ||
	    o->mem_mib > 256 || o->max_rounds > CCA_MIG_LIB_MAX_ROUNDS ||
	    !o->threshold || !o->timeout_s) {
		fprintf(stderr, "option out of range\n");
		return -EINVAL;
	}
	return 0;
}

static pid_t spawn(int (*fn)(int, struct shared *), int fd, int other,
		   int lfd, struct shared *sh)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (other >= 0)
		close(other);
	if (lfd >= 0) {
		/* TCP: the destination accepts, the source connects. */
		fd = fn == run_destination ? tcp_accept(lfd) :
		     tcp_connect(fd);
		close(lfd);
		if (fd < 0) {
			fprintf(stderr, "TCP on 127.0.0.1: %s\n",
				strerror(-fd));
			_exit(1);
		}
	}
	alarm(opt->timeout_s);
	signal(SIGPIPE, SIG_IGN);
	/* exit(), not _exit(): LeakSanitizer checks each child too. */
	exit(fn(fd, sh));
}

int main(int argc, char **argv)
{
	struct opts o = {
		.guest = DEFAULT_GUEST,
		.recs = 2,
		.mem_mib = 4,
		.tcp_port = -1,
		.threshold = 8,
		.max_rounds = 8,
		.round_ms = 20,
		.warmup = 4,
		.pace_us = 2000,
		.timeout_s = 120,
	};
	int sv[2] = { -1, -1 }, lfd = -1, status, ok;
	pid_t src, dst, pid;
	struct shared *sh;
	unsigned int left = 2;
	double deadline;

	if (parse(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	opt = &o;
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_start = now_ms();
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	memset(sh, 0, sizeof(*sh));

	if (o.tcp_port >= 0) {
		lfd = tcp_listen(&o.tcp_port);
		if (lfd < 0) {
			fprintf(stderr, "listen on 127.0.0.1:%d: %s\n",
				o.tcp_port, strerror(-lfd));
			return 1;
		}
		say("source and destination connected by TCP 127.0.0.1:%d",
		    o.tcp_port);
		dst = spawn(run_destination, -1, -1, lfd, sh);
		src = spawn(run_source, o.tcp_port, -1, lfd, sh);
		close(lfd);
	} else {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			return 1;
		say("source and destination connected by a UNIX socketpair");
		dst = spawn(run_destination, sv[1], sv[0], -1, sh);
		src = spawn(run_source, sv[0], sv[1], -1, sh);
		close(sv[0]);
		close(sv[1]);
	}
	if (src < 0 || dst < 0)
		return 1;

	deadline = now_ms() + o.timeout_s * 1000.0 + 5000;
	while (left) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			left--;
			if (!WIFEXITED(status))
				say("%s killed by signal %d",
				    pid == src ? "source" : "destination",
				    WTERMSIG(status));
			continue;
		}
		if (pid < 0 || now_ms() > deadline) {
			say("timeout: killing the children");
			kill(src, SIGKILL);
			kill(dst, SIGKILL);
			while (waitpid(-1, NULL, 0) > 0)
				;
			return 1;
		}
		usleep(5000);
	}

	print_summary(sh);
	if (o.abort_at)
		ok = sh->dst_out == OUT_ABORTED &&
		     sh->src_out == OUT_COMPLETED;
	else
		ok = sh->src_out == OUT_MIGRATED &&
		     sh->dst_out == OUT_COMPLETED;
	printf("\nRESULT: %s\n", ok ? (o.abort_at ?
	       "aborted; the guest completed on the source" :
	       "migrated; the guest completed on the destination") :
	       "FAILED");
	munmap(sh, sizeof(*sh));
	return ok ? 0 : 1;
}
