// SPDX-License-Identifier: GPL-2.0
/*
 * cca_mig_bench: how fast realm migration is on the reference platform,
 * next to what this machine could do at best, measured in one run.
 *
 * Everything below the VMM is the code the harness tests run (the
 * cca_mig module and the patch code compiled through the kernel-API shim,
 * the mini KVM, the RMM model), built with -O2 and no sanitizers. The
 * benchmark is a VMM: it reaches KVM only through libccamig's
 * cca_mig_op() and the stream fd's read()/write() (the harness backend).
 *
 *   (d) bounds: single-core memcpy (1 GiB to 1 GiB, and 1 GiB through a
 *       reused buffer of the stream queue's size), OpenSSL AES-256-GCM
 *       seal and open of 4 KiB messages with one reused EVP context
 *   (a) export and import of a whole realm (1 GiB), with AES-256-GCM and
 *       with the NULL suite: export is EXPORT_RAM plus the stream bytes
 *       landing in VMM memory; import is stream bytes in VMM memory to
 *       pages imported (IMPORT_RAM). Time inside the RMM model (every SMC)
 *       is measured apart, so the host's own cost per page is known
 *   (b) KVM_CCA_MIG_GET_DIRTY_LOG over the 1 GiB memslot, clean and with
 *       pages the guest dirtied
 *   (c) live migrations with libccamig between two processes, the guest
 *       (guest/bench_dirty.c) dirtying pages at several rates: total time
 *       and downtime against the dirty rate the guest achieved
 *   (e) each target as a ratio, PASS or MISS; a miss never fails the run
 *
 * Each phase is timed with CLOCK_MONOTONIC; the options are in usage().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <uapi/linux/cca_mig.h>

#include "bench_plat.h"
#include "cca_mig.h"
#include "cca_mig_backend.h"
#include "ccaplat.h"

#ifndef GUEST_DIR
#define GUEST_DIR	"build/bench/guest"
#endif
#define GUEST_IMAGE	GUEST_DIR "/bench_dirty.bin"

#define KIB		1024ULL
#define MIB		(1024 * KIB)
#define GIB		(1024 * MIB)
#define PAGE		4096ULL
#define BATCH		KVM_CCA_MIG_MAX_BATCH
#define SID		0xbe4c000000000000ULL
#define RUN_BUDGET	20000000UL

/* bench_dirty's configuration block (guest/bench_dirty.c). */
#define BENCH_CFG_MAGIC	0x484353454e424343ULL
#define BENCH_UNPACED	(~0ULL)
struct bench_cfg {
	uint64_t magic;
	uint64_t rate;
	uint64_t wset_pages;
	uint64_t pass_sync;
	uint64_t max_passes;
	uint64_t report_ticks;
};

/* The figures mean something only in an optimised build without ASan. */
#if defined(__SANITIZE_ADDRESS__)
#define BUILD_KIND	"WARNING: built with sanitizers, figures not representative"
#elif !defined(__OPTIMIZE__)
#define BUILD_KIND	"WARNING: built without optimisation"
#else
#define BUILD_KIND	"optimised, no sanitizers"
#endif

#define MAX_RATES	8
/*
 * Unicorn 2.0.1 maps realm memory one granule at a time and asserts once
 * its memory map has 4096 sections: the guest's working set stays below.
 */
#define MAX_WSET	1024

struct opts {
	uint64_t ram_mib;
	uint64_t ring_kib;
	uint64_t chunk_kib;
	unsigned int harvest_iters;
	uint64_t harvest_dirty;
	uint64_t live_mib;
	uint64_t rates[MAX_RATES];
	unsigned int nr_rates;
	uint64_t wset;
	unsigned int threshold;
	unsigned int max_rounds;
	unsigned int round_ms;
	unsigned int pace_us;
	unsigned int bound_mib;
	const char *phases;
	const char *suites;
	const char *xfer;
};

static struct opts o = {
	.ram_mib = 1024,
	.ring_kib = 8 * 1024,
	.chunk_kib = 8 * 1024,
	.harvest_iters = 10,
	.harvest_dirty = 256,
	.live_mib = 256,
	.rates = { 0, 250, 1000, 4000, 1000000 },
	.nr_rates = 5,
	.wset = 512,
	.threshold = 64,
	.max_rounds = 8,
	.round_ms = 50,
	.pace_us = 1000,
	.bound_mib = 1024,
	.phases = "dabc",
	.suites = "an",
	.xfer = "ring",
};

/* ---------------------------------------------------------------------- */
/* Timing and the results table                                            */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double t_start;

static void progress(const char *fmt, ...)
{
	va_list ap;

	printf("# [%6.1fs] ", now_s() - t_start);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#define MAX_FIGS	96

struct fig {
	char what[64];
	double val;
	char unit[16];
	char note[64];
};

static struct fig figs[MAX_FIGS];
static unsigned int nr_figs;

static void fig(const char *what, double val, const char *unit,
		const char *fmt, ...)
{
	struct fig *f;
	va_list ap;

	if (nr_figs == MAX_FIGS)
		return;
	f = &figs[nr_figs++];
	snprintf(f->what, sizeof(f->what), "%s", what);
	snprintf(f->unit, sizeof(f->unit), "%s", unit);
	f->val = val;
	f->note[0] = 0;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(f->note, sizeof(f->note), fmt, ap);
		va_end(ap);
	}
}

static void fig_section(const char *title)
{
	fig(title, 0, "", NULL);
	figs[nr_figs - 1].unit[0] = '-';
}

static double gibs(uint64_t bytes, double s)
{
	return s > 0 ? bytes / (double)GIB / s : 0;
}

/* ---------------------------------------------------------------------- */
/* (d) Bounds                                                              */

struct bounds {
	double memcpy_big, memcpy_ring;		/* GiB/s */
	double gcm_seal, gcm_open;		/* GiB/s */
};

static struct bounds bnd;

static double time_memcpy_big(uint8_t *dst, const uint8_t *src, size_t len)
{
	double t = now_s();

	memcpy(dst, src, len);
	asm volatile("" : : "r"(dst) : "memory");
	return now_s() - t;
}

static double time_memcpy_ring(uint8_t *ring, size_t ring_len,
			       const uint8_t *src, size_t len)
{
	double t = now_s();
	size_t off;

	for (off = 0; off < len; off += ring_len) {
		size_t n = len - off < ring_len ? len - off : ring_len;

		memcpy(ring, src + off, n);
		asm volatile("" : : "r"(ring) : "memory");
	}
	return now_s() - t;
}

/*
 * Page-granular AES-256-GCM as the firmware does it for a page record:
 * per 4 KiB message a fresh IV, 0x50 bytes of AAD (header prefix and
 * binding), the page, the tag; one EVP context for all of them.
 */
#define GCM_AAD		0x50
#define GCM_BUF		(64 * MIB)
#define GCM_PASSES	4

static int gcm_bounds(void)
{
	uint8_t key[32], iv[12] = { 0 }, aad[GCM_AAD] = { 0 }, *buf, *out;
	size_t nr = GCM_BUF / PAGE, i, p;
	EVP_CIPHER_CTX *enc, *dec;
	uint8_t (*tags)[16];
	double t, best_seal = 1e9, best_open = 1e9;
	int n, ok = 1;

	buf = malloc(GCM_BUF);
	/* Open writes each page to a page of its own, as an import does. */
	out = malloc(GCM_BUF);
	tags = calloc(nr, 16);
	enc = EVP_CIPHER_CTX_new();
	dec = EVP_CIPHER_CTX_new();
	if (!buf || !out || !tags || !enc || !dec ||
	    RAND_bytes(key, sizeof(key)) != 1)
		goto fail;
	memset(buf, 0x5a, GCM_BUF);
	memset(out, 0xa5, GCM_BUF);
	ok &= EVP_EncryptInit_ex(enc, EVP_aes_256_gcm(), NULL, key, NULL);
	ok &= EVP_DecryptInit_ex(dec, EVP_aes_256_gcm(), NULL, key, NULL);

	/* Each pass timed alone; the best one is the bound. */
	for (p = 0; p < GCM_PASSES; p++) {
		t = now_s();
		for (i = 0; i < nr; i++) {
			uint8_t *m = buf + i * PAGE;

			memcpy(iv + 4, &i, sizeof(i));
			ok &= EVP_EncryptInit_ex(enc, NULL, NULL, NULL, iv);
			ok &= EVP_EncryptUpdate(enc, NULL, &n, aad, GCM_AAD);
			ok &= EVP_EncryptUpdate(enc, m, &n, m, PAGE);
			ok &= EVP_EncryptFinal_ex(enc, out, &n);
			ok &= EVP_CIPHER_CTX_ctrl(enc, EVP_CTRL_GCM_GET_TAG,
						  16, tags[i]);
		}
		t = now_s() - t;
		best_seal = t < best_seal ? t : best_seal;
	}
	bnd.gcm_seal = gibs(GCM_BUF, best_seal);

	for (p = 0; p < GCM_PASSES; p++) {
		t = now_s();
		for (i = 0; i < nr; i++) {
			memcpy(iv + 4, &i, sizeof(i));
			ok &= EVP_DecryptInit_ex(dec, NULL, NULL, NULL, iv);
			ok &= EVP_DecryptUpdate(dec, NULL, &n, aad, GCM_AAD);
			ok &= EVP_DecryptUpdate(dec, out + i * PAGE, &n,
						buf + i * PAGE, PAGE);
			ok &= EVP_CIPHER_CTX_ctrl(dec, EVP_CTRL_GCM_SET_TAG,
						  16, tags[i]);
			ok &= EVP_DecryptFinal_ex(dec, out + i * PAGE, &n);
		}
		t = now_s() - t;
		best_open = t < best_open ? t : best_open;
	}
	bnd.gcm_open = gibs(GCM_BUF, best_open);
	if (!ok)
		fprintf(stderr, "bench: AES-GCM bound: a call failed\n");
fail:
	EVP_CIPHER_CTX_free(enc);
	EVP_CIPHER_CTX_free(dec);
	free(tags);
	free(out);
	free(buf);
	return ok ? 0 : -EIO;
}

static uint8_t *copy_src, *copy_ring;

/* The ring-shaped memcpy bound again, now: GiB/s, or 0 without buffers. */
static double memcpy_ring_now(void)
{
	size_t len = o.bound_mib * MIB;

	if (!copy_src)
		return 0;
	return gibs(len, time_memcpy_ring(copy_ring, o.ring_kib * KIB,
					  copy_src, len));
}

static int phase_bounds(void)
{
	size_t len = o.bound_mib * MIB, ring = o.ring_kib * KIB;
	uint8_t *src, *dst, *rbuf;
	double best_big = 1e9, best_ring = 1e9;
	unsigned int i;

	progress("(d) bounds: memcpy %zu MiB, ring %zu KiB; AES-256-GCM",
		 len >> 20, ring >> 10);
	src = malloc(len);
	dst = malloc(len);
	rbuf = malloc(ring);
	if (!src || !dst || !rbuf) {
		free(src);
		free(dst);
		free(rbuf);
		return -ENOMEM;
	}
	/*
	 * Fault everything in first: the bound is the copy, not the kernel.
	 * (Non-zero: the compiler turns malloc() + memset(0) into calloc(),
	 * which leaves fresh pages untouched.)
	 */
	memset(src, 0xa5, len);
	memset(dst, 0x5a, len);
	memset(rbuf, 0x5a, ring);
	for (i = 0; i < 3; i++) {
		double a = time_memcpy_big(dst, src, len);
		double b = time_memcpy_ring(rbuf, ring, src, len);

		best_big = a < best_big ? a : best_big;
		best_ring = b < best_ring ? b : best_ring;
	}
	bnd.memcpy_big = gibs(len, best_big);
	bnd.memcpy_ring = gibs(len, best_ring);
	free(dst);
	/* Kept for the ring bound measured again next to each export. */
	copy_src = src;
	copy_ring = rbuf;
	if (gcm_bounds())
		return -EIO;

	fig_section("(d) bounds on this machine, one core");
	fig("memcpy 1 GiB -> 1 GiB", bnd.memcpy_big, "GiB/s", "best of 3");
	fig("memcpy 1 GiB -> reused ring buffer", bnd.memcpy_ring, "GiB/s",
	    "%llu KiB buffer, best of 3", (unsigned long long)o.ring_kib);
	fig("AES-256-GCM seal, 4 KiB messages", bnd.gcm_seal, "GiB/s",
	    "%.0f pages/s, reused EVP ctx, best of %u", bnd.gcm_seal * GIB /
	    PAGE, GCM_PASSES);
	fig("AES-256-GCM open, 4 KiB messages", bnd.gcm_open, "GiB/s",
	    "%.0f pages/s, tag checked, each page to its own, best of %u",
	    bnd.gcm_open * GIB / PAGE, GCM_PASSES);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The guest image                                                         */

static void *image;
static size_t image_len;

static int load_image(void)
{
	if (image)
		return 0;
	return ccaplat_load_image(GUEST_IMAGE, &image, &image_len);
}

/* Patch bench_dirty's configuration block in the image. */
static int set_guest_cfg(uint64_t rate, uint64_t wset, bool pass_sync,
			 uint64_t report_ticks)
{
	struct bench_cfg c = {
		.magic = BENCH_CFG_MAGIC,
		.rate = rate,
		.wset_pages = wset,
		.pass_sync = pass_sync,
		.max_passes = 0,
		.report_ticks = report_ticks,
	};
	size_t off;

	for (off = 0; off + sizeof(c) <= image_len; off += 8) {
		uint64_t m;

		memcpy(&m, (uint8_t *)image + off, sizeof(m));
		if (m == BENCH_CFG_MAGIC) {
			memcpy((uint8_t *)image + off, &c, sizeof(c));
			return 0;
		}
	}
	fprintf(stderr, "bench: no configuration block in %s\n",
		GUEST_IMAGE);
	return -ENOENT;
}

/* ---------------------------------------------------------------------- */
/* How the VMM gets and gives stream bytes                                 */

/*
 * The one step that depends on how stream bytes cross between KVM and the
 * VMM, one small function per direction, selected with -x:
 *
 *   ring  the stream rings (KVM_CCA_MIG_FD_RING), the zero-copy path and
 *         the default: on the source the firmware wrote the ciphertext
 *         into the mapped ring, so the bytes are in VMM memory already and
 *         the VMM only gives their room back; on the destination the VMM
 *         puts the bytes it received into its ring and
 *         KVM_CCA_MIG_IMPORT_RAM (IMPORT_RING) has the firmware read them
 *         there. Putting them there is the transport's own copy (a recv()
 *         into the ring) and is not counted.
 *   read  read() on the source's stream fd into a buffer, and
 *         KVM_CCA_MIG_IMPORT_RAM from a buffer on the destination.
 *
 * The loops around them (export_range(), import_stream()) are the same.
 */
struct xfer {
	int fd;			/* source: its stream fd */
	uint8_t *buf;		/* VMM memory the bytes land in */
	size_t size;		/* its size */
	size_t len;		/* capture: bytes kept so far */
	bool capture;		/* keep every byte (else reuse buf) */
	uint64_t bytes;		/* stream bytes moved */
	uint64_t calls;		/* read()s (source) or ioctls (destination) */
	struct kvm_cca_mig_ring *ring;	/* ring: the mapping */
	size_t ring_len;
	double untimed;		/* ring: seconds of the transport's copy */
};

struct xfer_ops {
	const char *name;
	bool ring;		/* the stream fds have rings */
	/*
	 * Source: make every stream byte the module has queued available in
	 * VMM memory (x->buf); return the bytes, 0 when nothing is queued,
	 * or -errno.
	 */
	long (*get)(struct xfer *x);
	/*
	 * Destination: hand @len stream bytes at @p to the module; return
	 * the bytes it consumed, or -errno.
	 */
	long (*put)(struct xfer *x, int vm_fd, const uint8_t *p, size_t len);
};

/* "read": read(2) on the stream fd, into a reused buffer or a capture. */
static long get_read(struct xfer *x)
{
	long total = 0;

	for (;;) {
		uint8_t *dst = x->capture ? x->buf + x->len : x->buf;
		size_t room = x->capture ? x->size - x->len : x->size;
		ssize_t n;

		if (!room)
			return -ENOBUFS;
		n = cca_mig_backend_read(x->fd, dst, room);
		x->calls++;
		if (n == -EAGAIN || !n)
			return total;
		if (n < 0)
			return n;
		if (x->capture)
			x->len += n;
		x->bytes += n;
		total += n;
	}
}

/* "read": KVM_CCA_MIG_IMPORT_RAM, bytes straight from VMM memory. */
static long put_import_ram(struct xfer *x, int vm_fd, const uint8_t *p,
			   size_t len)
{
	struct kvm_cca_mig_import_ram a = {
		.buf = (uint64_t)(uintptr_t)p,
		.len = len,
	};
	int ret = cca_mig_op(vm_fd, KVM_CCA_MIG_IMPORT_RAM, &a, NULL);

	x->calls++;
	x->bytes += a.consumed;
	return ret ? ret : (long)a.consumed;
}

/* "ring": the bytes are in the mapped ring; give their room back. */
static long get_ring(struct xfer *x)
{
	struct kvm_cca_mig_ring *r = x->ring;
	const uint8_t *data = (const uint8_t *)r + r->data_offset;
	uint64_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->tail, n = head - tail;

	if (x->capture) {
		if (n > x->size - x->len)
			return -ENOBUFS;
		while (tail != head) {
			uint64_t off = tail % r->data_size;
			uint64_t c = head - tail < r->data_size - off ?
				     head - tail : r->data_size - off;

			memcpy(x->buf + x->len, data + off, c);
			x->len += c;
			tail += c;
		}
	}
	__atomic_store_n(&r->tail, head, __ATOMIC_RELEASE);
	x->bytes += n;
	return n;
}

/* "ring": bytes into the ring at head (untimed), then IMPORT_RING. */
static long put_ring(struct xfer *x, int vm_fd, const uint8_t *p,
		     size_t len)
{
	struct kvm_cca_mig_import_ram a = { .flags = KVM_CCA_MIG_IMPORT_RING };
	struct kvm_cca_mig_ring *r = x->ring;
	uint8_t *data = (uint8_t *)r + r->data_offset;
	uint64_t head = r->head, done = 0;
	double t = now_s();
	int ret;

	while (done < len) {
		uint64_t room = r->data_size -
			(head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE));
		uint64_t off = head % r->data_size, c = len - done;

		if (c > room)
			c = room;
		if (c > r->data_size - off)
			c = r->data_size - off;
		if (!c)
			break;
		memcpy(data + off, p + done, c);
		head += c;
		done += c;
	}
	__atomic_store_n(&r->head, head, __ATOMIC_RELEASE);
	x->untimed += now_s() - t;
	ret = cca_mig_op(vm_fd, KVM_CCA_MIG_IMPORT_RAM, &a, NULL);
	x->calls++;
	x->bytes += a.consumed;
	return ret ? ret : (long)done;
}

static const struct xfer_ops xfer_variants[] = {
	{ "ring", true, get_ring, put_ring },
	{ "read", false, get_read, put_import_ram },
};

static const struct xfer_ops *xops;

/* Map the ring of stream fd @fd for @x, with the "ring" transfer. */
static int xfer_open(struct xfer *x, int fd, uint64_t ring_size)
{
	x->fd = fd;
	if (!xops->ring)
		return 0;
	x->ring = cca_mig_backend_mmap(fd, ring_size);
	if (!x->ring)
		return -errno;
	x->ring_len = ring_size;
	return 0;
}

static void xfer_close(struct xfer *x)
{
	if (x->ring)
		cca_mig_backend_munmap(x->ring, x->ring_len);
	x->ring = NULL;
}


/* ---------------------------------------------------------------------- */
/* (a) Export and import, (b) the dirty log                                */

struct side {
	double secs;
	uint64_t pages, content, bytes;
	uint64_t ioctls, xfer_calls;
	uint64_t model_ns, model_calls;
	uint64_t fw_ns, fw_calls;
};

static int status(int fd, struct kvm_cca_mig_status *st)
{
	memset(st, 0, sizeof(*st));
	return cca_mig_op(fd, KVM_CCA_MIG_STATUS, st, NULL);
}

/*
 * Export every page of @slot (closing the epoch with the last call if
 * @end_epoch), moving the stream into VMM memory as it fills.
 */
static int export_range(int vm_fd, const struct cca_mig_slot *slot,
			struct xfer *x, bool end_epoch, uint64_t *ioctls)
{
	uint64_t pos = 0;
	unsigned int stuck = 0;
	long n;
	int ret;

	while (pos < slot->npages) {
		struct kvm_cca_mig_export_ram a = {
			.gpa = slot->gpa + pos * PAGE,
			.npages = slot->npages - pos,
			.flags = end_epoch ? KVM_CCA_MIG_EXPORT_END_EPOCH : 0,
		};

		ret = cca_mig_op(vm_fd, KVM_CCA_MIG_EXPORT_RAM, &a, NULL);
		(*ioctls)++;
		if (ret && ret != -ENOSPC)
			return ret;
		pos += a.done;
		n = xops->get(x);
		if (n < 0)
			return n;
		if (!a.done && !n && ++stuck > 100)
			return -ENOSPC;
	}
	n = xops->get(x);
	return n < 0 ? n : 0;
}

/* Feed the captured stream to the destination, @chunk bytes at a time. */
static int import_stream(int vm_fd, const uint8_t *p, size_t len,
			 size_t chunk, struct xfer *x)
{
	size_t off = 0;

	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		long c = xops->put(x, vm_fd, p + off, n);

		if (c < 0)
			return c;
		if (!c)
			return -EIO;
		off += c;
	}
	return 0;
}

static int start_source(int fd, const uint8_t *blob, const uint8_t *nonce,
			struct xfer *x)
{
	struct kvm_cca_mig_stream_fd sf = {
		.flags = KVM_CCA_MIG_FD_NONBLOCK | KVM_CCA_MIG_FD_CLOEXEC |
			 (xops->ring ? KVM_CCA_MIG_FD_RING : 0),
	};
	struct kvm_cca_mig_start st = {
		.role = KVM_CCA_MIG_ROLE_SOURCE,
		.session_id = SID,
		.key_blob = (uint64_t)(uintptr_t)blob,
		.key_blob_len = BENCH_KEY_BLOB_LEN,
	};
	int ret;

	memcpy(st.peer_nonce, nonce, sizeof(st.peer_nonce));
	ret = cca_mig_op(fd, KVM_CCA_MIG_START, &st, NULL);
	if (!ret)
		ret = cca_mig_op(fd, KVM_CCA_MIG_STREAM_FD, &sf, NULL);
	if (!ret)
		ret = xfer_open(x, sf.fd, sf.ring_size);
	return ret;
}

/* Abort the source (before FINISH: no token) and close its stream. */
static int stop_source(int fd, struct xfer *x)
{
	struct kvm_cca_mig_abort ab = { 0 };
	int ret = cca_mig_op(fd, KVM_CCA_MIG_ABORT, &ab, NULL);

	xfer_close(x);
	cca_mig_backend_close(x->fd);
	x->fd = -1;
	return ret;
}

/* One timed export of the whole slot from an open source session. */
static int timed_export(int fd, const struct cca_mig_slot *slot,
			struct xfer *x, bool end_epoch, struct side *s)
{
	struct kvm_cca_mig_status a, b;
	uint64_t m_ns = bench_model_ns(), m_calls = bench_model_calls();
	double t;
	int ret;

	memset(s, 0, sizeof(*s));
	if (status(fd, &a))
		return -EIO;
	bench_model_mix_reset();
	t = now_s();
	ret = export_range(fd, slot, x, end_epoch, &s->ioctls);
	s->secs = now_s() - t;
	if (ret || status(fd, &b))
		return ret ? ret : -EIO;
	s->pages = b.pages - a.pages;
	s->content = b.content_pages - a.content_pages;
	s->bytes = x->bytes;
	s->xfer_calls = x->calls;
	s->fw_ns = b.fw_time_ns - a.fw_time_ns;
	s->fw_calls = b.fw_calls - a.fw_calls;
	s->model_ns = bench_model_ns() - m_ns;
	s->model_calls = bench_model_calls() - m_calls;
	return 0;
}

static const char *suite_name(unsigned int suite)
{
	return suite == BENCH_SUITE_NULL ? "NULL" : "AES-256-GCM";
}

/*
 * This machine's speed drifts between runs and within one, so the targets
 * compare each export with its bound measured right before it (the
 * ring-shaped memcpy for NULL, AES-256-GCM seal for AES), three times,
 * and take the median ratio; the import likewise with the open bound.
 * @exp: the export whose ratio is the median
 * @exp_ratio: that ratio; @bound: its bound, GiB/s
 * @imp_ratio, @open: the import's ratio and bound
 */
struct suite_result {
	struct side exp, exp_capture, imp;
	double exp_ratio, bound, imp_ratio, open;
};

#define EXPORT_TRIES	3

static struct suite_result res_aes, res_null, res_null_read;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* (b): GET_DIRTY_LOG over the whole slot, clean, then after guest writes. */
static int phase_harvest(struct bench_vm *src, const struct cca_mig_slot *slot)
{
	size_t words = (slot->npages + 63) / 64;
	uint64_t *bm = calloc(words, sizeof(uint64_t));
	double *clean = calloc(o.harvest_iters, sizeof(double));
	double *dirty = calloc(o.harvest_iters, sizeof(double));
	double per_gib = GIB / (double)(slot->npages * PAGE), t;
	int fd = bench_vm_fd(src);
	uint64_t nr_dirty = 0;
	struct bench_run r = { 0 };
	unsigned int i, n = o.harvest_iters;
	int ret = -ENOMEM;

	if (!bm || !clean || !dirty)
		goto out;
	progress("(b) dirty log: %u harvests of %llu MiB, clean and dirty",
		 n, (unsigned long long)(slot->npages >> 8));
	ret = 0;
	for (i = 0; i < 2 * n && !ret; i++) {
		struct kvm_cca_mig_dirty_log d = {
			.slot = slot->slot,
			.num_pages = slot->npages,
			.dirty_bitmap = (uint64_t)(uintptr_t)bm,
		};
		bool with_dirty = i >= n;

		/* One pass of the guest over its working set. */
		if (with_dirty) {
			ret = bench_vm_run(src, RUN_BUDGET, 4, &r);
			if (ret)
				break;
		}
		t = now_s();
		ret = cca_mig_op(fd, KVM_CCA_MIG_GET_DIRTY_LOG, &d, NULL);
		t = now_s() - t;
		if (with_dirty) {
			dirty[i - n] = t;
			nr_dirty += d.nr_dirty;
		} else {
			clean[i] = t;
		}
	}
	if (ret) {
		fprintf(stderr, "bench: dirty log: %d\n", ret);
		goto out;
	}
	fig_section("(b) KVM_CCA_MIG_GET_DIRTY_LOG");
	t = median(clean, n);
	fig("harvest, clean, per GiB of memslot", t * 1e3 * per_gib,
	    "ms/GiB", "median of %u, min %.3f ms/GiB", n,
	    clean[0] * 1e3 * per_gib);
	t = median(dirty, n);
	fig("harvest, with dirty pages, per GiB", t * 1e3 * per_gib,
	    "ms/GiB", "%.0f dirty per call, min %.3f ms/GiB",
	    (double)nr_dirty / n, dirty[0] * 1e3 * per_gib);
out:
	free(dirty);
	free(clean);
	free(bm);
	return ret;
}

static void print_side(const char *what, const struct side *s)
{
	char mix[256];

	progress("  %s: %llu pages in %.3f s, %.0f pages/s, %.2f GiB/s; model %.3f s (%llu SMCs), %llu ioctls, %llu reads/writes",
		 what, (unsigned long long)s->pages, s->secs,
		 s->pages / s->secs, gibs(s->content * PAGE, s->secs),
		 s->model_ns / 1e9, (unsigned long long)s->model_calls,
		 (unsigned long long)s->ioctls,
		 (unsigned long long)s->xfer_calls);
	bench_model_mix(mix, sizeof(mix), 3);
	progress("  %s: model time by command: %s", what, mix);
}

/*
 * One suite: a destination VM started first (its nonce), then two source
 * sessions on @src: A times the export into a reused ring-sized buffer and
 * is aborted; B exports into one buffer that keeps the whole stream (and,
 * for the first suite, measures the dirty log), and is aborted; then the
 * stream B produced is imported, timed, and the destination aborted.
 */
static int phase_suite(struct bench_vm *src, unsigned int suite,
		       bool harvest, struct suite_result *res)
{
	uint8_t sblob[BENCH_KEY_BLOB_LEN], dblob[BENCH_KEY_BLOB_LEN];
	uint8_t token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct kvm_cca_mig_start dst_st = {
		.role = KVM_CCA_MIG_ROLE_DESTINATION,
		.session_id = SID,
		.key_blob = (uint64_t)(uintptr_t)dblob,
		.key_blob_len = BENCH_KEY_BLOB_LEN,
	};
	struct kvm_cca_mig_abort ab = {
		.token = (uint64_t)(uintptr_t)token,
		.token_len = sizeof(token),
	};
	struct xfer ring = { .size = o.ring_kib * KIB, .fd = -1 };
	struct xfer cap = { .capture = true, .fd = -1 };
	struct xfer in = { .fd = -1 };
	struct kvm_cca_mig_stream_fd dsf = {
		.flags = KVM_CCA_MIG_FD_CLOEXEC | KVM_CCA_MIG_FD_RING,
	};
	struct cca_mig_slot slot;
	struct bench_vm *dst = NULL;
	int fd = bench_vm_fd(src), dfd, ret;
	double ratios[EXPORT_TRIES], bounds[EXPORT_TRIES];
	struct side tries[EXPORT_TRIES];
	unsigned int try;
	uint64_t m_ns, m_calls;
	double t;

	bench_vm_slot(src, &slot);
	ret = bench_key_blobs(src, SID, suite, sblob, dblob);
	if (ret)
		return ret;
	ret = bench_vm_create(slot.npages * PAGE, 1, &dst);
	if (ret)
		return ret;
	dfd = bench_vm_fd(dst);
	ret = cca_mig_op(dfd, KVM_CCA_MIG_START, &dst_st, NULL);
	if (!ret)
		ret = bench_vm_finalize(dst);
	/* With rings, the destination's stream fd is its ring. */
	if (!ret && xops->ring) {
		ret = cca_mig_op(dfd, KVM_CCA_MIG_STREAM_FD, &dsf, NULL);
		if (!ret)
			ret = xfer_open(&in, dsf.fd, dsf.ring_size);
	}
	if (ret)
		goto out;

	/* Session A: export into the reused buffer, as a VMM that sends. */
	ring.buf = malloc(ring.size);
	cap.size = slot.npages * (PAGE + KVM_CCA_MIG_PAGE_HDR_LEN) + 4 * MIB;
	cap.buf = malloc(cap.size);
	ret = -ENOMEM;
	if (!ring.buf || !cap.buf)
		goto out;
	memset(ring.buf, 0x5a, ring.size);
	memset(cap.buf, 0x5a, cap.size);
	progress("(a) %s, stream via %s: export of %llu MiB into a %llu KiB buffer",
		 suite_name(suite), xops->name,
		 (unsigned long long)(slot.npages >> 8),
		 (unsigned long long)o.ring_kib);
	ret = 0;
	for (try = 0; try < EXPORT_TRIES && !ret; try++) {
		double b;

		if (suite == BENCH_SUITE_NULL) {
			b = memcpy_ring_now();
		} else {
			ret = gcm_bounds();
			b = bnd.gcm_seal;
		}
		if (!ret)
			ret = start_source(fd, sblob, dst_st.nonce, &ring);
		if (ret)
			goto out;
		ret = timed_export(fd, &slot, &ring, false, &tries[try]);
		if (!ret)
			ret = stop_source(fd, &ring);
		else
			stop_source(fd, &ring);
		bounds[try] = b;
		ratios[try] = b ? gibs(tries[try].content * PAGE,
				       tries[try].secs) / b : 0;
	}
	if (ret)
		goto out;
	/* The median of three ratios. */
	for (try = 0; try < EXPORT_TRIES; try++) {
		unsigned int k, below = 0;

		for (k = 0; k < EXPORT_TRIES; k++)
			below += ratios[k] < ratios[try] ||
				 (ratios[k] == ratios[try] && k < try);
		if (below == EXPORT_TRIES / 2)
			break;
	}
	res->exp = tries[try];
	res->exp_ratio = ratios[try];
	res->bound = bounds[try];
	print_side("export", &res->exp);

	/* Session B: the whole stream kept in VMM memory. */
	progress("(a) %s: export again, keeping the stream for the import",
		 suite_name(suite));
	ret = start_source(fd, sblob, dst_st.nonce, &cap);
	if (ret)
		goto out;
	/* The stream header and the realm record come first. */
	ret = xops->get(&cap) < 0 ? -EIO : 0;
	if (!ret)
		ret = timed_export(fd, &slot, &cap, true, &res->exp_capture);
	if (!ret && harvest)
		ret = phase_harvest(src, &slot);
	if (!ret)
		ret = stop_source(fd, &cap);
	else
		stop_source(fd, &cap);
	if (ret)
		goto out;

	/* Import of that stream, from VMM memory. */
	progress("(a) %s: import of %.1f MiB of stream in %llu KiB chunks",
		 suite_name(suite), cap.len / (double)MIB,
		 (unsigned long long)o.chunk_kib);
	if (gcm_bounds()) {
		ret = -EIO;
		goto out;
	}
	res->open = suite == BENCH_SUITE_NULL ? 0 : bnd.gcm_open;
	m_ns = bench_model_ns();
	m_calls = bench_model_calls();
	bench_model_mix_reset();
	t = now_s();
	ret = import_stream(dfd, cap.buf, cap.len, o.chunk_kib * KIB, &in);
	res->imp.secs = now_s() - t - in.untimed;
	if (ret) {
		fprintf(stderr, "bench: import: %d\n", ret);
		goto out;
	}
	{
		struct kvm_cca_mig_status st;

		if (status(dfd, &st)) {
			ret = -EIO;
			goto out;
		}
		res->imp.pages = st.pages;
		res->imp.content = st.content_pages;
		res->imp.fw_ns = st.fw_time_ns;
		res->imp.fw_calls = st.fw_calls;
	}
	res->imp.bytes = in.bytes;
	res->imp.ioctls = in.calls;
	res->imp.xfer_calls = in.calls;
	res->imp.model_ns = bench_model_ns() - m_ns;
	res->imp.model_calls = bench_model_calls() - m_calls;
	if (res->open)
		res->imp_ratio = gibs(res->imp.content * PAGE, res->imp.secs) /
				 res->open;
	print_side("import", &res->imp);
	ret = cca_mig_op(dfd, KVM_CCA_MIG_ABORT, &ab, NULL);
out:
	if (ring.fd >= 0)
		stop_source(fd, &ring);
	if (cap.fd >= 0)
		stop_source(fd, &cap);
	xfer_close(&in);
	if (in.fd >= 0)
		cca_mig_backend_close(in.fd);
	bench_vm_put(dst);
	free(ring.buf);
	free(cap.buf);
	if (ret)
		fprintf(stderr, "bench: %s suite: %d\n", suite_name(suite), ret);
	return ret;
}

static void fig_side(const char *what, const struct side *s, bool host_cost)
{
	char w[64];

	snprintf(w, sizeof(w), "%s, throughput", what);
	fig(w, gibs(s->content * PAGE, s->secs), "GiB/s", "%.0f pages/s",
	    s->pages / s->secs);
	snprintf(w, sizeof(w), "%s, whole path", what);
	fig(w, s->secs * 1e9 / s->pages, "ns/page",
	    "model %.0f ns/page (%.2f SMC/512 pages)",
	    (double)s->model_ns / s->pages,
	    s->model_calls * (double)BATCH / s->pages);
	if (host_cost) {
		snprintf(w, sizeof(w), "%s, host cost (minus model)", what);
		fig(w, (s->secs * 1e9 - s->model_ns) / s->pages, "ns/page",
		    "RMI-MIG calls alone: %.0f ns/page",
		    (double)s->fw_ns / s->pages);
	}
	snprintf(w, sizeof(w), "%s, ioctls per 512 pages", what);
	fig(w, s->ioctls * (double)BATCH / s->pages, "",
	    "%llu ioctls, %.2f read/write per 512",
	    (unsigned long long)s->ioctls,
	    s->xfer_calls * (double)BATCH / s->pages);
}

static int phase_transfer(bool do_export, bool do_harvest)
{
	uint64_t ram = o.ram_mib * MIB;
	struct bench_vm *src = NULL;
	struct bench_run r = { 0 };
	double t;
	long leaked;
	int ret;

	/* Two realms, their RTTs and the module's buffers. */
	ret = ccaplat_init(2 * ram + 256 * MIB);
	if (ret) {
		fprintf(stderr, "bench: platform: %d\n", ret);
		return ret;
	}
	ret = load_image();
	if (!ret)
		ret = set_guest_cfg(BENCH_UNPACED, o.harvest_dirty, true, 0);
	if (ret)
		goto out;
	progress("boot: a %llu MiB realm, every page populated",
		 (unsigned long long)o.ram_mib);
	t = now_s();
	ret = bench_vm_boot(image, image_len,
			    ram - ((image_len + PAGE - 1) & ~(PAGE - 1)), ram,
			    1, &src);
	if (ret)
		goto out;
	/* Activate it and let the guest touch its working set once. */
	ret = bench_vm_run(src, RUN_BUDGET, 4, &r);
	if (ret)
		goto out;
	progress("boot: %.1f s", now_s() - t);
	bench_model_clock_start();

	if (do_export && strchr(o.suites, 'a')) {
		ret = phase_suite(src, BENCH_SUITE_AES_256_GCM, do_harvest,
				  &res_aes);
		do_harvest = false;
	}
	if (!ret && ((do_export && strchr(o.suites, 'n')) || do_harvest))
		ret = phase_suite(src, BENCH_SUITE_NULL, do_harvest,
				  &res_null);
	/* The same through read() and a buffer, for comparison. */
	if (!ret && do_export && strchr(o.suites, 'n') && xops->ring) {
		const struct xfer_ops *primary = xops;

		xops = &xfer_variants[1];
		ret = phase_suite(src, BENCH_SUITE_NULL, false,
				  &res_null_read);
		xops = primary;
	}
	bench_model_clock_stop();
	if (ret)
		goto out;
	if (do_export) {
		bool aes = res_aes.exp.pages, null = res_null.exp.pages;

		fig_section("(a) export: EXPORT_RAM + stream bytes into VMM memory");
		if (aes) {
			fig_side("AES export", &res_aes.exp, false);
			fig("AES export, GCM seal bound just before",
			    res_aes.bound, "GiB/s",
			    "the median of %u (bound, export) pairs",
			    EXPORT_TRIES);
		}
		if (null) {
			fig_side("NULL export", &res_null.exp, true);
			if (res_null.bound)
				fig("NULL export, memcpy bound just before",
				    res_null.bound, "GiB/s",
				    "ring-shaped; the median of %u pairs",
				    EXPORT_TRIES);
		}
		if (res_null_read.exp.pages)
			fig_side("NULL export, read()", &res_null_read.exp,
				 true);
		if (aes)
			fig("AES export into a whole-stream buffer",
			    gibs(res_aes.exp_capture.content * PAGE,
				 res_aes.exp_capture.secs), "GiB/s", NULL);
		if (null)
			fig("NULL export into a whole-stream buffer",
			    gibs(res_null.exp_capture.content * PAGE,
				 res_null.exp_capture.secs), "GiB/s", NULL);
		fig_section("(a) import: stream bytes in VMM memory -> pages");
		if (aes) {
			fig_side("AES import", &res_aes.imp, false);
			fig("AES import, GCM open bound just before",
			    res_aes.open, "GiB/s", "the target's bound");
		}
		if (null)
			fig_side("NULL import", &res_null.imp, true);
		if (res_null_read.imp.pages)
			fig_side("NULL import, from a buffer",
				 &res_null_read.imp, true);
	}
out:
	bench_model_clock_stop();
	bench_vm_put(src);
	leaked = ccaplat_fini();
	if (leaked)
		fprintf(stderr, "bench: the platform leaked %ld\n", leaked);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* (c) Live migration against the dirty rate                               */

struct live_result {
	uint64_t rate;
	double measured;	/* page writes/s (repeats included) */
	struct cca_mig_summary sum;
	int ret;
};

static struct live_result live[MAX_RATES];

struct agent_msg {
	uint64_t sid;
	uint8_t blob[CCAPLAT_KEY_BLOB_LEN];
};

static bool xfer_all(int fd, void *buf, size_t len, bool wr)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = wr ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static int live_finalize(void *priv)
{
	return ccaplat_finalize(priv);
}

/* The destination process: its own platform, then cca_mig_dst_run(). */
static int live_destination(int sock)
{
	struct cca_mig_transport t = { .rfd = sock, .wfd = sock };
	struct cca_mig_dst_cfg cfg = { 0 };
	uint64_t ram = o.live_mib * MIB;
	struct cca_mig_summary sum;
	struct agent_msg agent;
	struct ccaplat_vm *vm;
	int ret;

	alarm(300);
	if (ccaplat_init(ram + 128 * MIB))
		return 1;
	if (!xfer_all(sock, &agent, sizeof(agent), false) ||
	    ccaplat_create(1, ram, &vm))
		return 1;
	cfg.vm_fd = ccaplat_vm_fd(vm);
	cfg.session_id = agent.sid;
	cfg.key_blob = agent.blob;
	cfg.key_blob_len = sizeof(agent.blob);
	cfg.finalize_vcpus = live_finalize;
	cfg.priv = vm;
	ret = cca_mig_dst_run(&cfg, &t, &sum);
	if (ret)
		fprintf(stderr, "bench: destination: %d (RMI status %#llx)\n",
			ret, (unsigned long long)sum.rmi_status);
	ccaplat_put(vm);
	if (ccaplat_fini())
		ret = ret ?: -EIO;
	return ret ? 1 : 0;
}

/* The guest's SYNC(3) reports while the source runs: first and last. */
struct live_watch {
	bool have_first;
	uint64_t w0, t0, w1, t1, freq;
};

static void live_report(const struct ccaplat_report *r, void *priv)
{
	struct live_watch *w = priv;

	if (r->kind != CCAPLAT_SYNC || r->val[0] != 3)
		return;
	if (!w->have_first) {
		w->w0 = r->val[1];
		w->t0 = r->val[2];
		w->have_first = true;
	}
	w->w1 = r->val[1];
	w->t1 = r->val[2];
	w->freq = r->val[3];
}

static int live_source(int sock, uint64_t rate, struct live_result *lr)
{
	struct cca_mig_transport t = { .rfd = sock, .wfd = sock };
	struct cca_mig_src_cfg cfg = { 0 };
	uint64_t ram = o.live_mib * MIB;
	uint8_t blob[CCAPLAT_KEY_BLOB_LEN];
	struct ccaplat_result res = { 0 };
	struct live_watch watch = { 0 };
	struct agent_msg agent;
	struct cca_mig_slot slot;
	struct ccaplat_vm *vm = NULL;
	uint8_t *full;
	int ret;

	ret = ccaplat_init(ram + 128 * MIB);
	if (ret)
		return ret;
	/* Report about every 20 ms (62.5 MHz counter). */
	ret = set_guest_cfg(rate, o.wset, false, 1250000);
	full = calloc(1, ram);
	if (!ret && !full)
		ret = -ENOMEM;
	if (ret)
		goto out;
	/* Every page populated: round 0 carries the whole RAM. */
	memcpy(full, image, image_len);
	memset(full + image_len, 0x3c, ram - image_len);
	ret = ccaplat_boot(full, ram, 1, ram, &vm);
	free(full);
	if (ret)
		goto out;
	/*
	 * Warm up: activate (which measures the RIPAS of RAM into the RIM
	 * the key blobs are bound to), and let the guest write for a while.
	 */
	ret = ccaplat_run(vm, 8, &res, NULL, NULL);
	if (ret && ret != -ETIME)
		goto out;
	agent.sid = SID | (rate & 0xffffffff);
	ret = ccaplat_key_blobs(vm, agent.sid, blob, agent.blob);
	if (ret || !xfer_all(sock, &agent, sizeof(agent), true)) {
		ret = ret ?: -EIO;
		goto out;
	}
	ret = ccaplat_runner_start(vm, o.pace_us, 0, &res, live_report,
				   &watch);
	if (ret)
		goto out;
	ccaplat_slot(vm, &slot);
	cfg.vm_fd = ccaplat_vm_fd(vm);
	cfg.session_id = agent.sid;
	cfg.key_blob = blob;
	cfg.key_blob_len = sizeof(blob);
	cfg.slots = &slot;
	cfg.nr_slots = 1;
	cfg.nr_vcpus = 1;
	cfg.threshold_pages = o.threshold;
	cfg.max_rounds = o.max_rounds;
	cfg.min_round_ms = o.round_ms;
	ret = cca_mig_src_run(&cfg, &t, &lr->sum);
	if (ret)
		fprintf(stderr, "bench: source: %d (RMI status %#llx)\n",
			ret, (unsigned long long)lr->sum.rmi_status);
	ccaplat_runner_stop(vm);
	if (watch.t1 > watch.t0 && watch.freq)
		lr->measured = (watch.w1 - watch.w0) * (double)watch.freq /
			       (watch.t1 - watch.t0);
out:
	ccaplat_put(vm);
	if (ccaplat_fini() && !ret)
		ret = -EIO;
	return ret;
}

static int phase_live(void)
{
	unsigned int i;
	int ret = 0;

	if (load_image())
		return -ENOENT;
	for (i = 0; i < o.nr_rates; i++) {
		struct live_result *lr = &live[i];
		int sv[2], st = 0;
		pid_t pid;

		lr->rate = o.rates[i];
		progress("(c) live migration of %llu MiB, guest dirtying %llu pages/s (working set %llu pages)",
			 (unsigned long long)o.live_mib,
			 (unsigned long long)lr->rate,
			 (unsigned long long)o.wset);
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			return -errno;
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return -errno;
		if (!pid) {
			close(sv[0]);
			_exit(live_destination(sv[1]));
		}
		close(sv[1]);
		lr->ret = live_source(sv[0], lr->rate, lr);
		close(sv[0]);
		waitpid(pid, &st, 0);
		if (!lr->ret && !(WIFEXITED(st) && !WEXITSTATUS(st))) {
			fprintf(stderr, "bench: the destination failed (%#x)\n",
				st);
			lr->ret = -EIO;
		}
		if (lr->ret) {
			fprintf(stderr, "bench: live migration at %llu pages/s: %d\n",
				(unsigned long long)lr->rate, lr->ret);
			ret = lr->ret;
			continue;
		}
		progress("  %.0f pages/s measured: %u rounds (%s), total %.1f ms, downtime %.1f ms, last round %llu pages",
			 lr->measured, lr->sum.rounds,
			 lr->sum.converged ? "converged" : "round limit",
			 lr->sum.total_ms, lr->sum.downtime_ms,
			 (unsigned long long)lr->sum.pages_per_round[lr->sum.rounds]);
	}

	fig_section("(c) live migration (libccamig, AES-256-GCM, 2 processes)");
	for (i = 0; i < o.nr_rates; i++) {
		const struct live_result *lr = &live[i];
		uint64_t dirty = 0;
		unsigned int r;
		char w[64];

		if (lr->ret)
			continue;
		/* Pages of the dirty rounds: distinct pages dirtied. */
		for (r = 1; r < lr->sum.rounds; r++)
			dirty += lr->sum.pages_per_round[r];
		snprintf(w, sizeof(w), "rate %llu/s: measured dirty rate",
			 (unsigned long long)lr->rate);
		fig(w, lr->measured, "pages/s",
		    "%u rounds, %s, %.0f pages/dirty round", lr->sum.rounds,
		    lr->sum.converged ? "converged" : "round limit",
		    lr->sum.rounds > 1 ? (double)dirty / (lr->sum.rounds - 1)
				       : 0.0);
		snprintf(w, sizeof(w), "rate %llu/s: downtime",
			 (unsigned long long)lr->rate);
		fig(w, lr->sum.downtime_ms, "ms", "%llu pages stop-and-copy",
		    (unsigned long long)lr->sum.pages_per_round[lr->sum.rounds]);
		snprintf(w, sizeof(w), "rate %llu/s: total time",
			 (unsigned long long)lr->rate);
		fig(w, lr->sum.total_ms, "ms", "%.1f MiB on the wire",
		    lr->sum.wire_tx / (double)MIB);
	}
	return ret;
}

/* ---------------------------------------------------------------------- */
/* (e) Targets, and the table                                              */

static unsigned int nr_miss;

static void target(const char *what, double val, const char *op,
		   double goal, const char *unit)
{
	bool ok = op[0] == '>' ? val >= goal :
		  op[1] == '=' ? val <= goal : val < goal;

	if (!ok)
		nr_miss++;
	fig(what, val, unit, "%s (target %s %g%s%s)", ok ? "PASS" : "MISS",
	    op, goal, unit[0] ? " " : "", unit);
}

static void targets(bool a, bool b, bool d)
{
	const struct suite_result *n = &res_null, *g = &res_aes;
	unsigned int i, nr = nr_figs;
	double v;

	fig_section("(e) targets");
	if (a && d && n->exp.pages) {
		v = n->exp_ratio;
		target("NULL export / memcpy (ring) bound", v * 100, ">=", 80,
		       "%");
	}
	if (a && d && g->exp.pages) {
		target("AES export / GCM seal bound", g->exp_ratio * 100,
		       ">=", 90, "%");
		target("AES import / GCM open bound", g->imp_ratio * 100,
		       ">=", 90, "%");
	}
	if (a && n->exp.pages) {
		target("NULL export ioctls per 512 pages",
		       n->exp.ioctls * (double)BATCH / n->exp.pages, "<=", 1,
		       "");
		target("NULL import ioctls per 512 pages",
		       n->imp.ioctls * (double)BATCH / n->imp.pages, "<=", 1,
		       "");
	}
	for (i = 0; b && i < nr; i++)
		if (!strncmp(figs[i].what, "harvest", 7))
			target(figs[i].what, figs[i].val, "<", 1, "ms/GiB");
}

static void print_table(void)
{
	unsigned int i;

	printf("\n%-44s %12s %-8s %s\n", "figure", "value", "unit", "notes");
	for (i = 0; i < nr_figs; i++) {
		const struct fig *f = &figs[i];

		if (f->unit[0] == '-') {
			printf("-- %s\n", f->what);
			continue;
		}
		printf("%-44s %12.*f %-8s %s\n", f->what,
		       f->val >= 100 ? 0 : (f->val >= 10 ? 1 : 3), f->val,
		       f->unit, f->note);
	}
	printf("\n%u target(s) missed (a miss does not fail the benchmark)\n",
	       nr_miss);
}

/* ---------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"usage: cca_mig_bench [-h] [-p PHASES] [-S SUITES] [-s MiB] [-q KiB]\n"
"                     [-c KiB] [-i N] [-d PAGES] [-m MiB] [-r RATE,...]\n"
"                     [-w PAGES]"
" [-T PAGES] [-R N] [-t MS] [-P US]\n"
"                     [-b MiB] [-x XFER]\n"
"\n"
"Migration throughput on the reference platform (module, patch code, shim\n"
"and RMM model at -O2), next to this machine's memcpy and AES-GCM bounds.\n"
"Each phase is timed with CLOCK_MONOTONIC; a missed target prints MISS\n"
"and the exit code stays 0.\n"
"\n"
" -p PHASES  which phases, any of d (bounds), a (export/import),\n"
"            b (dirty log), c (live migration); default: %s\n"
" -S SUITES  cipher suites for (a): a (AES-256-GCM), n (NULL); default: %s\n"
" -s MiB     realm RAM for (a) and (b); default: %llu\n"
" -q KiB     VMM buffer the export reads into, reused (the stream\n"
"            queue's size); default: %llu\n"
" -c KiB     stream bytes per KVM_CCA_MIG_IMPORT_RAM; default: %llu\n"
" -i N       harvests timed per case in (b); default: %u\n"
" -d PAGES   pages the guest dirties before each harvest in (b), at\n"
"            most 1024; default: %llu\n"
" -m MiB     realm RAM for (c); default: %llu\n"
" -r RATES   (c) guest dirty rates, pages/s, comma separated (0: idle);\n"
"            default: 0,250,1000,4000,1000000\n"
" -w PAGES   the guest's working set in (c), at most 1024; default: %llu\n"
" -T PAGES   (c) stop pre-copy at this many dirty pages; default: %u\n"
" -R N       (c) most dirty rounds; default: %u\n"
" -t MS      (c) shortest pre-copy round; default: %u\n"
" -P US      (c) pause of the vCPU thread between REC entries; default: %u\n"
" -b MiB     memcpy bound size; default: %u\n"
" -x XFER    how stream bytes cross between KVM and the VMM: ring (the\n"
"            mmap()ed stream rings, zero-copy; the default) or read\n"
"            (read() on the stream fd, KVM_CCA_MIG_IMPORT_RAM from a\n"
"            buffer); with ring, the NULL suite also runs with read\n"
" -h         this help\n",
		o.phases, o.suites, (unsigned long long)o.ram_mib,
		(unsigned long long)o.ring_kib,
		(unsigned long long)o.chunk_kib, o.harvest_iters,
		(unsigned long long)o.harvest_dirty,
		(unsigned long long)o.live_mib, (unsigned long long)o.wset,
		o.threshold, o.max_rounds, o.round_ms, o.pace_us,
		o.bound_mib);
}

static uint64_t num(const char *s, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s || v < min || v > max) {
		fprintf(stderr, "bench: bad number: %s\n", s);
		usage(stderr);
		exit(2);
	}
	return v;
}

static void parse_rates(char *s)
{
	char *tok, *save = NULL;

	o.nr_rates = 0;
	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o.nr_rates == MAX_RATES) {
			fprintf(stderr, "bench: at most %u rates\n", MAX_RATES);
			exit(2);
		}
		o.rates[o.nr_rates++] = num(tok, 0, 100000000);
	}
}

int main(int argc, char **argv)
{
	bool a, b, c, d;
	unsigned int i;
	int opt, ret = 0;

	while ((opt = getopt(argc, argv, "hp:S:s:q:c:i:d:m:r:w:T:R:t:P:b:x:")) !=
	       -1) {
		switch (opt) {
		case 'p':
			o.phases = optarg;
			break;
		case 's':
			o.ram_mib = num(optarg, 16, 4096);
			break;
		case 'q':
			o.ring_kib = num(optarg, 64, 1 << 20);
			break;
		case 'c':
			o.chunk_kib = num(optarg, 4, 1 << 20);
			break;
		case 'i':
			o.harvest_iters = num(optarg, 1, 10000);
			break;
		case 'd':
			o.harvest_dirty = num(optarg, 1, MAX_WSET);
			break;
		case 'm':
			o.live_mib = num(optarg, 4, 1024);
			break;
		case 'r':
			parse_rates(optarg);
			break;
		case 'w':
			o.wset = num(optarg, 1, MAX_WSET);
			break;
		case 'T':
			o.threshold = num(optarg, 1, 1 << 20);
			break;
		case 'R':
			o.max_rounds = num(optarg, 0, CCA_MIG_LIB_MAX_ROUNDS);
			break;
		case 't':
			o.round_ms = num(optarg, 0, 10000);
			break;
		case 'P':
			o.pace_us = num(optarg, 0, 1000000);
			break;
		case 'b':
			o.bound_mib = num(optarg, 16, 16384);
			break;
		case 'x':
			o.xfer = optarg;
			break;
		case 'S':
			o.suites = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < sizeof(xfer_variants) / sizeof(xfer_variants[0]); i++)
		if (!strcmp(o.xfer, xfer_variants[i].name))
			xops = &xfer_variants[i];
	if (!xops) {
		fprintf(stderr, "bench: unknown -x %s\n", o.xfer);
		return 2;
	}
	a = strchr(o.phases, 'a');
	b = strchr(o.phases, 'b');
	c = strchr(o.phases, 'c');
	d = strchr(o.phases, 'd');
	if (o.harvest_dirty > o.ram_mib * (MIB / PAGE) / 2 ||
	    o.wset > o.live_mib * (MIB / PAGE) / 2) {
		fprintf(stderr, "bench: a working set must fit in half the RAM\n");
		return 2;
	}
	/*
	 * The model's DRAM allocated and mapped up front (rmm.h): a first
	 * touch of a granule is the host kernel's cost, not the firmware's
	 * or KVM's, and would land in whichever timed command came first.
	 */
	setenv("RMM_DRAM_PREFAULT", "1", 0);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	t_start = now_s();
	printf("# cca_mig_bench: %s; realm %llu MiB, live %llu MiB, stream via %s\n",
	       BUILD_KIND, (unsigned long long)o.ram_mib,
	       (unsigned long long)o.live_mib, xops->name);

	/* A failed phase is reported; the others still run. */
	if (d && phase_bounds())
		ret = 1;
	if ((a || b) && phase_transfer(a, b))
		ret = 1;
	if (c && phase_live())
		ret = 1;
	targets(a, b, d);
	print_table();
	progress("done");
	free(image);
	return ret;
}
