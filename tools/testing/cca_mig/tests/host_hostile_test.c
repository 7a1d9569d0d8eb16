// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile streams through the whole stack: the cca_mig module's stream
 * parser (virt/kvm/cca_mig/stream.c), its import code and the RMM model's
 * RMI-MIG import, fed with a valid stream that was tampered with.
 *
 * One source realm (mig_dirty, 1 REC, 256 KiB) migrates again and again:
 * for each case, a fresh destination VM is started, the source exports a
 * complete stream for it (stream header, REALM, PAGES of every page,
 * EPOCH, PAGES of four pages, EPOCH, REC, END: the same records every
 * time, so that each case finds its field in its own stream), the stream
 * is changed and written to the destination in one write(). Each case
 * then checks:
 *
 *   - write() fails with the documented errno (cca-mig-stream.rst
 *     section 6): EBADMSG/EMSGSIZE for what KVM checks itself, EIO with
 *     an RMI_ERROR_MIG status in last_rmi_status (RMI_ERROR_REC for a REC
 *     record out of place, which the firmware checks first) for what the
 *     firmware refuses, ENOENT for a record naming memory or a vCPU the
 *     destination does not have; a truncated stream is taken whole and
 *     leaves the destination importing;
 *   - the destination is not activated: state DST_FAILED (or still
 *     importing), every later write -EPIPE, KVM_RUN -EBUSY; its ABORT
 *     gives a token;
 *   - the source, which had ended, resumes with that token (state NONE;
 *     every 16th case it runs a REC entry) and goes on to the next case;
 *     nothing of the case (granule, object, page, file) is left.
 *
 * At the end the source's guest runs to completion and must reach the
 * same final state as an unmigrated run, and nothing may be left.
 *
 * Cases: a bit flip in every field of the stream header, of the record
 * header of every record type, of the PAGES heads, and of every field of
 * the firmware header of every blob type, plus bytes of their bodies and
 * of a ciphertext page; truncation at every record boundary and the bytes
 * around it (start, +1, inside the header, at and after the payload's
 * start, one byte short of the end) and every 28651st byte through the
 * 221 KB PAGES record (every offset of the 240 KB stream would be 240000
 * migrations); records reordered, dropped, replayed and duplicated; a
 * stream from another realm, a stream of an earlier session of the same
 * realm, and streams of other versions. Trailing bytes after a complete
 * stream are refused with EPIPE, the destination then being legitimately
 * ACTIVE (test_stream_layout).
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

#define HS_DRAM			(96UL << 20)
#define HS_RAM			(256UL << 10)
#define HS_STREAM_MAX		(1UL << 20)
#define HS_MAX_RECS		16
#define HS_STRIDE		4093

/* A stream read whole from a source, and where its records are. */
struct hs_stream {
	u8 *buf;
	size_t len;
	unsigned int nr;
	struct {
		size_t off;	/* of the record header */
		u16 type;
		u32 length;
	} rec[HS_MAX_RECS];
};

/* The source that migrates for every case, and the baseline. */
static struct kvm *hs_src;
static u64 hs_baseline;
static unsigned long hs_cases;

static bool hs_parse(struct hs_stream *s)
{
	size_t off = sizeof(struct cca_mig_stream_hdr);

	s->nr = 0;
	while (off < s->len) {
		struct cca_mig_rec_hdr rh;

		if (s->nr == HS_MAX_RECS || off + sizeof(rh) > s->len)
			return false;
		memcpy(&rh, s->buf + off, sizeof(rh));
		s->rec[s->nr].off = off;
		s->rec[s->nr].type = rh.type;
		s->rec[s->nr].length = rh.length;
		s->nr++;
		off += sizeof(rh) + rh.length;
	}
	return off == s->len;
}

/* The index of the @nth (0-based) record of @type, or -1. */
static int hs_find(const struct hs_stream *s, u16 type, unsigned int nth)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		if (s->rec[i].type == type && !nth--)
			return i;
	return -1;
}

struct hs_dst {
	struct kvm *dst;
	int sfd, dfd;
	struct hs_stream s;
};

static void hs_track_fd(int fd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(uhm_fds); i++)
		if (uhm_fds[i] < 0) {
			uhm_fds[i] = fd;
			return;
		}
}

static void hs_untrack_fd(int fd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(uhm_fds); i++)
		if (uhm_fds[i] == fd)
			uhm_fds[i] = -1;
}

static int hs_stream_fd(struct kvm *kvm, u32 flags)
{
	struct kvm_cca_mig_stream_fd a = { .flags = flags, .fd = -1 };
	long ret = uhm_mig(kvm, KVM_CCA_MIG_STREAM_FD, &a);

	if (ret)
		return ret;
	hs_track_fd(a.fd);
	return a.fd;
}

#define HS_FAIL()							\
	do {								\
		printf("# producing a stream: line %d, rmi %#llx\n",	\
		       __LINE__, (unsigned long long)uhm_last_rmi);	\
		return false;						\
	} while (0)

/*
 * A new destination, and a complete migration of @src into a buffer
 * (not into the destination): the source ends (SRC_ENDED).
 */
static bool hs_produce(struct kvm *src, struct hs_dst *d)
{
	u64 bitmap[512 / 64];
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_dirty_log dl;
	u8 nonce[KVM_CCA_MIG_NONCE_SIZE];
	struct kvm_cca_mig_start st;
	struct kvm_cca_mig_rec rc;
	unsigned int i, nr = atomic_read(&src->online_vcpus);
	struct uhm_keys k;
	long n;

	d->sfd = -1;
	d->dfd = -1;
	d->dst = uhm_new_vm(nr);
	if (!d->dst || !uhm_make_keys(src, UHM_SID, &k))
		HS_FAIL();
	uhm_start_args(&st, KVM_CCA_MIG_ROLE_DESTINATION, k.dst, NULL);
	if (uhm_mig(d->dst, KVM_CCA_MIG_START, &st) ||
	    kvm_shim_finalize_vcpus(d->dst))
		HS_FAIL();
	memcpy(nonce, st.nonce, sizeof(nonce));
	uhm_start_args(&st, KVM_CCA_MIG_ROLE_SOURCE, k.src, nonce);
	if (uhm_mig(src, KVM_CCA_MIG_START, &st))
		HS_FAIL();
	d->sfd = hs_stream_fd(src, KVM_CCA_MIG_FD_NONBLOCK);
	d->dfd = hs_stream_fd(d->dst, 0);
	if (d->sfd < 0 || d->dfd < 0)
		HS_FAIL();
	/*
	 * Round 0; round 1 exports four pages whether the guest wrote them
	 * or not (an exported page is always valid to export again), so
	 * that every stream has the same records and the guest does not
	 * run to its end during the cases; then stop and copy.
	 */
	if (uhm_export(src, uhm_ram_base(src), UHM_RAM_PAGES, NULL,
		       KVM_CCA_MIG_EXPORT_END_EPOCH, &a) ||
	    a.done != UHM_RAM_PAGES)
		HS_FAIL();
	memset(bitmap, 0, sizeof(bitmap));
	bitmap[0] = 0xf0;
	dl = (struct kvm_cca_mig_dirty_log){
		.num_pages = UHM_RAM_PAGES,
		.dirty_bitmap = (u64)(uintptr_t)bitmap };
	if (uhm_export(src, uhm_ram_base(src), UHM_RAM_PAGES, bitmap,
		       KVM_CCA_MIG_EXPORT_END_EPOCH, &a) || a.exported != 4 ||
	    uhm_mig(src, KVM_CCA_MIG_PAUSE, NULL) ||
	    uhm_mig(src, KVM_CCA_MIG_GET_DIRTY_LOG, &dl) ||
	    uhm_export(src, uhm_ram_base(src), UHM_RAM_PAGES, bitmap, 0, &a))
		HS_FAIL();
	for (i = 0; i < nr; i++) {
		rc = (struct kvm_cca_mig_rec){ .vcpu_id = i };
		if (uhm_mig(src, KVM_CCA_MIG_SAVE_REC, &rc))
			HS_FAIL();
	}
	if (uhm_mig(src, KVM_CCA_MIG_FINISH, NULL))
		HS_FAIL();
	d->s.len = 0;
	d->s.nr = 0;
	while ((n = shim_fd_read(d->sfd, d->s.buf + d->s.len,
				 HS_STREAM_MAX - d->s.len)) > 0)
		d->s.len += n;
	return n == 0 && hs_parse(&d->s);
}

/* The destination refuses everything from now on and never runs. */
static bool hs_dst_dead(struct hs_dst *d, bool failed)
{
	struct kvm_cca_mig_status st = uhm_status(d->dst);
	struct cca_event ev;
	u8 b = 0;

	if (failed && st.state != KVM_CCA_MIG_STATE_DST_FAILED) {
		printf("# destination in state %u, not DST_FAILED\n", st.state);
		return false;
	}
	if (!failed && st.state != KVM_CCA_MIG_STATE_DST_OPEN &&
	    st.state != KVM_CCA_MIG_STATE_DST_IMPORTING) {
		printf("# destination in state %u, not importing\n", st.state);
		return false;
	}
	if (failed && shim_fd_write(d->dfd, &b, 1) != -EPIPE) {
		printf("# a failed stream takes more bytes\n");
		return false;
	}
	if (kvm_shim_vcpu_run(d->dst->vcpus[0], &ev, 10) != -EBUSY) {
		printf("# the destination runs\n");
		return false;
	}
	return true;
}

/*
 * The destination aborts; its token resumes the ended source; the
 * destination goes away. Nothing of it may stay.
 */
static bool hs_finish_case(struct hs_dst *d, unsigned long granules,
			   long objs, long pages, unsigned int files)
{
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct kvm_cca_mig_abort ab = {
		.token = (u64)(uintptr_t)token, .token_len = sizeof(token),
	};
	struct uhm_run r = { 0 };
	bool ok = true;
	int ret;

	if (uhm_mig(d->dst, KVM_CCA_MIG_ABORT, &ab) ||
	    uhm_status(d->dst).state != KVM_CCA_MIG_STATE_DST_ABORTED) {
		printf("# destination ABORT: rmi %#llx\n",
		       (unsigned long long)uhm_last_rmi);
		ok = false;
	}
	if (uhm_status(hs_src).state == KVM_CCA_MIG_STATE_SRC_ENDED &&
	    uhm_mig(hs_src, KVM_CCA_MIG_ABORT, &ab)) {
		printf("# source ABORT with the token: rmi %#llx\n",
		       (unsigned long long)uhm_last_rmi);
		ok = false;
	}
	if (uhm_status(hs_src).state != KVM_CCA_MIG_STATE_NONE) {
		printf("# the source did not resume\n");
		/* a new source, so that one failure does not hide others */
		uhm_put_vm(hs_src);
		hs_src = uhm_boot_vm("mig_dirty", 1);
		if (hs_src)
			uhm_run_some(hs_src, 2, &r);
		return false;
	}
	/*
	 * It runs again (one REC entry, every 16th case: the guest must not
	 * finish before the test's last check).
	 */
	ret = hs_cases % 16 ? -ETIME : uhm_run_some(hs_src, 1, &r);
	if ((ret && ret != -ETIME) || r.failed) {
		printf("# the resumed source: %d\n", ret);
		ok = false;
	}
	if (d->sfd >= 0) {
		hs_untrack_fd(d->sfd);
		shim_fd_close(d->sfd);
	}
	if (d->dfd >= 0) {
		hs_untrack_fd(d->dfd);
		shim_fd_close(d->dfd);
	}
	d->sfd = -1;
	d->dfd = -1;
	uhm_put_vm(d->dst);
	d->dst = NULL;
	if (shim_model_granules_delegated() != granules ||
	    shim_nr_allocated() != objs || shim_nr_pages_allocated() != pages ||
	    shim_nr_open_files() != files) {
		printf("# left by the case: %ld granules, %ld objects, %ld pages, %u files\n",
		       (long)(shim_model_granules_delegated() - granules),
		       shim_nr_allocated() - objs,
		       shim_nr_pages_allocated() - pages,
		       shim_nr_open_files() - files);
		ok = false;
	}
	if (shim_nr_warnings()) {
		printf("# %lu WARN(s)\n", shim_nr_warnings());
		ok = false;
	}
	return ok;
}

/* What a case expects of write(). */
enum hs_want {
	W_BADMSG,	/* -EBADMSG */
	W_MSGSIZE,	/* -EMSGSIZE */
	W_FW,		/* -EIO, RMI_ERROR_MIG in last_rmi_status */
	W_FW_OR_NOENT,	/* -EIO as W_FW, or -ENOENT */
	W_TRUNC,	/* all taken, still importing */
	W_FW_OR_BADMSG,	/* -EIO as W_FW, or -EBADMSG */
	/* -EIO, RMI_ERROR_MIG or RMI_ERROR_REC (a REC out of place) */
	W_FW_REC,
};

typedef void (*hs_mutate_t)(struct hs_stream *s, size_t arg);

static const char *const hs_want_name[] = {
	"EBADMSG", "EMSGSIZE", "EIO", "EIO/ENOENT", "truncated",
	"EIO/EBADMSG", "EIO (MIG or REC)",
};

/*
 * One case: a new destination and stream; @fn changes the stream; then
 * write it and check. @why names the case for the log.
 */
static bool hs_case(const char *why, hs_mutate_t fn, size_t arg,
		    enum hs_want want)
{
	static u8 buf[HS_STREAM_MAX];
	struct hs_dst d = { .s.buf = buf };
	unsigned long granules = shim_model_granules_delegated();
	long objs = shim_nr_allocated(), pages = shim_nr_pages_allocated();
	unsigned int files = shim_nr_open_files();
	struct kvm_cca_mig_status st;
	bool ok = true;
	size_t len;
	ssize_t n;

	hs_cases++;
	if (!hs_produce(hs_src, &d)) {
		printf("# %s: cannot produce a stream\n", why);
		hs_finish_case(&d, granules, objs, pages, files);
		return false;
	}
	fn(&d.s, arg);
	len = d.s.len;
	n = shim_fd_write(d.dfd, d.s.buf, len);
	st = uhm_status(d.dst);
	switch (want) {
	case W_BADMSG:
		ok = n == -EBADMSG;
		break;
	case W_MSGSIZE:
		ok = n == -EMSGSIZE;
		break;
	case W_FW_OR_NOENT:
		if (n == -ENOENT)
			break;
		fallthrough;
	case W_FW_OR_BADMSG:
		if (want == W_FW_OR_BADMSG && n == -EBADMSG)
			break;
		fallthrough;
	case W_FW:
		ok = n == -EIO &&
		     RMI_RETURN_STATUS(st.last_rmi_status) == RMI_ERROR_MIG &&
		     st.fw_state == RMI_MIG_STATE_DST_FAILED;
		break;
	case W_TRUNC:
		ok = n == (ssize_t)len;
		break;
	case W_FW_REC:
		ok = n == -EIO &&
		     (RMI_RETURN_STATUS(st.last_rmi_status) == RMI_ERROR_MIG ||
		      RMI_RETURN_STATUS(st.last_rmi_status) == RMI_ERROR_REC) &&
		     st.state == KVM_CCA_MIG_STATE_DST_FAILED;
		break;
	}
	if (!ok)
		printf("# %s: write %zd, want %s (rmi %#llx, state %u)\n", why,
		       n, hs_want_name[want],
		       (unsigned long long)st.last_rmi_status, st.state);
	if (ok && !hs_dst_dead(&d, want != W_TRUNC)) {
		printf("# %s: the destination is not dead\n", why);
		ok = false;
	}
	if (!hs_finish_case(&d, granules, objs, pages, files)) {
		printf("# %s: the case did not end cleanly\n", why);
		ok = false;
	}
	return ok;
}

/* ---------------------------------------------------------------------- */
/* Mutations                                                               */

/*
 * Where a mutation applies, resolved against each case's own stream (the
 * dirty round's PAGES record differs in size from one migration to the
 * next): byte @off of the @nth record of @type (record header included;
 * from the record's end if @off is negative), or of the stream header if
 * @type is 0. @mask is what a flip XORs in.
 */
struct hs_at {
	u16 type;
	u8 nth;
	u8 mask;
	long off;
};

static size_t hs_resolve(const struct hs_stream *s, const struct hs_at *at)
{
	int r;

	if (!at->type)
		return at->off;
	r = hs_find(s, at->type, at->nth);
	if (r < 0)
		return s->len;	/* no such record: caught by the case */
	if (at->off < 0)
		return s->rec[r].off + 8 + s->rec[r].length + at->off;
	return s->rec[r].off + at->off;
}

static void m_flip(struct hs_stream *s, size_t arg)
{
	const struct hs_at *at = (const void *)arg;
	size_t off = hs_resolve(s, at);

	if (off < s->len)
		s->buf[off] ^= at->mask;
	else
		s->len = 0;	/* the case then fails: nothing flipped */
}

static void m_truncate(struct hs_stream *s, size_t arg)
{
	size_t off = hs_resolve(s, (const void *)arg);

	if (off < s->len)
		s->len = off;
	else
		s->len = 0;
}

/* Record @arg = type << 8 | nth of the stream, or -1. */
static int hs_rec(const struct hs_stream *s, size_t arg)
{
	return hs_find(s, arg >> 8, arg & 0xff);
}

#define REC(type, nth)	((size_t)(CCA_MIG_REC_##type) << 8 | (nth))

/* Swap a record and the next one (with the PAD records before it). */
static void m_swap(struct hs_stream *s, size_t arg)
{
	int i = hs_rec(s, arg), j = i + 1;
	size_t a = s->rec[i].off, la = 8 + s->rec[i].length, lb;

	while (s->rec[j].type == CCA_MIG_REC_PAD)
		j++;
	lb = s->rec[j].off + 8 + s->rec[j].length - s->rec[i + 1].off;
	u8 *tmp = malloc(la);

	memcpy(tmp, s->buf + a, la);
	memmove(s->buf + a, s->buf + a + la, lb);
	memcpy(s->buf + a + lb, tmp, la);
	free(tmp);
}

/* Insert a copy of a record right after it (a duplicate). */
static void m_dup(struct hs_stream *s, size_t arg)
{
	int i = hs_rec(s, arg);
	size_t a = s->rec[i].off, la = 8 + s->rec[i].length;

	memmove(s->buf + a + la, s->buf + a, s->len - a);
	s->len += la;
}

/* Replay a record again two records later (across an epoch token). */
static void m_replay_later(struct hs_stream *s, size_t arg)
{
	int i = hs_rec(s, arg);
	size_t a = s->rec[i].off, la = 8 + s->rec[i].length;
	size_t at = s->rec[i + 2].off + 8 + s->rec[i + 2].length;
	u8 *tmp = malloc(la);

	memcpy(tmp, s->buf + a, la);
	memmove(s->buf + at + la, s->buf + at, s->len - at);
	memcpy(s->buf + at, tmp, la);
	s->len += la;
	free(tmp);
}

/* Drop a record. */
static void m_drop(struct hs_stream *s, size_t arg)
{
	int i = hs_rec(s, arg);
	size_t a = s->rec[i].off, la = 8 + s->rec[i].length;

	memmove(s->buf + a, s->buf + a + la, s->len - a - la);
	s->len -= la;
}

/* Set the last payload byte of the first PAD record. */
static void m_pad_dirty(struct hs_stream *s, size_t arg)
{
	int i = hs_find(s, CCA_MIG_REC_PAD, 0);

	s->buf[s->rec[i].off + 8 + s->rec[i].length - 1] = 1;
}

/* Put an empty PAD record before the REALM record. */
static void m_pad_first(struct hs_stream *s, size_t arg)
{
	struct cca_mig_rec_hdr h = { .type = CCA_MIG_REC_PAD };
	size_t at = sizeof(struct cca_mig_stream_hdr);

	memmove(s->buf + at + sizeof(h), s->buf + at, s->len - at);
	memcpy(s->buf + at, &h, sizeof(h));
	s->len += sizeof(h);
}

/* Grow the first PAD record past the limit, with zeroes. */
static void m_pad_long(struct hs_stream *s, size_t arg)
{
	int i = hs_find(s, CCA_MIG_REC_PAD, 0);
	size_t at = s->rec[i].off + 8, grow = CCA_MIG_PAD_MAX + 1 -
					     s->rec[i].length;
	struct cca_mig_rec_hdr h;

	memmove(s->buf + at + grow, s->buf + at, s->len - at);
	memset(s->buf + at, 0, grow);
	s->len += grow;
	memcpy(&h, s->buf + s->rec[i].off, sizeof(h));
	h.length = CCA_MIG_PAD_MAX + 1;
	memcpy(s->buf + s->rec[i].off, &h, sizeof(h));
}

/*
 * Drop every PAD record, and the END record so that the destination is
 * left importing (W_TRUNC) and the case can abort it.
 */
static void m_pad_strip(struct hs_stream *s, size_t arg)
{
	unsigned int i;
	size_t out = sizeof(struct cca_mig_stream_hdr);

	for (i = 0; i < s->nr - 1; i++) {
		size_t len = 8 + s->rec[i].length;

		if (s->rec[i].type == CCA_MIG_REC_PAD)
			continue;
		memmove(s->buf + out, s->buf + s->rec[i].off, len);
		out += len;
	}
	s->len = out;
}

/* Move the last record (END) to right after a record. */
static void m_end_early(struct hs_stream *s, size_t arg)
{
	int i = hs_rec(s, arg);
	unsigned int e = s->nr - 1;
	size_t a = s->rec[e].off, la = 8 + s->rec[e].length;
	size_t at = s->rec[i].off + 8 + s->rec[i].length;
	u8 *tmp = malloc(la);

	memcpy(tmp, s->buf + a, la);
	memmove(s->buf + at + la, s->buf + at, a - at);
	memcpy(s->buf + at, tmp, la);
	free(tmp);
}

/* The stream header's version 2, all else valid. */
static void m_version(struct hs_stream *s, size_t v)
{
	struct cca_mig_stream_hdr *h = (void *)s->buf;

	h->version = v;
}

/* Another stream, kept by the test, instead of this one. */
static struct hs_stream hs_other;

static void m_other(struct hs_stream *s, size_t unused)
{
	memcpy(s->buf, hs_other.buf, hs_other.len);
	s->len = hs_other.len;
}

/* ---------------------------------------------------------------------- */
/* Suite                                                                   */

static bool suite_setup(void)
{
	struct uhm_run r = { 0 };

	uhm_ram_size = HS_RAM;
	if (!uhm_suite_setup_dram(HS_DRAM))
		return false;
	/* The final state of an unmigrated run. */
	hs_src = uhm_boot_vm("mig_dirty", 1);
	if (!hs_src || !uhm_run_to_done(hs_src, &r) || r.stage2[0] != 1) {
		printf("# the unmigrated run failed\n");
		return false;
	}
	hs_baseline = r.sum[0];
	uhm_put_vm(hs_src);
	hs_src = uhm_boot_vm("mig_dirty", 1);
	memset(&r, 0, sizeof(r));
	/* ACTIVE and running: a source */
	return hs_src && uhm_run_some(hs_src, 2, &r) == -ETIME && !r.failed;
}

static bool suite_teardown(void)
{
	hs_src = NULL;
	return uhm_suite_teardown();
}

/* After all cases: the source finishes as if it had never migrated. */
static bool hs_src_finishes(void)
{
	struct uhm_run r = { 0 };

	if (!uhm_run_to_done(hs_src, &r))
		return false;
	if (r.stage2[0] != 1 || r.sum[0] != hs_baseline) {
		printf("# source: stage 2 x%u, sum %#llx, want %#llx\n",
		       r.stage2[0], (unsigned long long)r.sum[0],
		       (unsigned long long)hs_baseline);
		return false;
	}
	return true;
}

/* The layout of the stream every case starts from. */
static void test_stream_layout(void)
{
	static u8 buf[HS_STREAM_MAX];
	struct hs_dst d = { .s.buf = buf };
	static const u16 want[] = {
		CCA_MIG_REC_REALM, CCA_MIG_REC_PAD, CCA_MIG_REC_PAGES,
		CCA_MIG_REC_EPOCH, CCA_MIG_REC_PAD, CCA_MIG_REC_PAGES,
		CCA_MIG_REC_EPOCH,
	};
	unsigned long granules = shim_model_granules_delegated();
	long objs = shim_nr_allocated(), pages = shim_nr_pages_allocated();
	unsigned int files = shim_nr_open_files();
	unsigned int i;
	ssize_t n;

	ASSERT_TRUE(hs_produce(hs_src, &d));
	printf("# stream: %zu bytes, %u records:", d.s.len, d.s.nr);
	for (i = 0; i < d.s.nr; i++)
		printf(" %u(%u)", d.s.rec[i].type, d.s.rec[i].length);
	printf("\n");
	for (i = 0; i < ARRAY_SIZE(want); i++)
		ASSERT_EQ(d.s.rec[i].type, want[i]);
	/*
	 * A PAD record holds zeroes and puts the ciphertext of the PAGES
	 * record after it at a page-aligned stream offset.
	 */
	for (i = 0; i < d.s.nr; i++) {
		const struct cca_mig_pages *pg;
		size_t data;

		if (d.s.rec[i].type == CCA_MIG_REC_PAD) {
			ASSERT_LE(d.s.rec[i].length, CCA_MIG_PAD_MAX);
			ASSERT_TRUE(mem_is_zero(d.s.buf + d.s.rec[i].off + 8,
						d.s.rec[i].length));
			ASSERT_EQ(d.s.rec[i + 1].type, CCA_MIG_REC_PAGES);
		}
		if (d.s.rec[i].type != CCA_MIG_REC_PAGES)
			continue;
		pg = (const void *)(d.s.buf + d.s.rec[i].off + 8);
		data = d.s.rec[i].off + 8 + sizeof(*pg) +
		       pg->count * KVM_CCA_MIG_PAGE_HDR_LEN;
		ASSERT_EQ(d.s.rec[i - 1].type == CCA_MIG_REC_PAD,
			  pg->nr_data > 0);
		if (pg->nr_data)
			ASSERT_EQ(data % PAGE_SIZE, 0);
	}
	ASSERT_EQ(d.s.rec[d.s.nr - 2].type, CCA_MIG_REC_REC);
	ASSERT_EQ(d.s.rec[d.s.nr - 1].type, CCA_MIG_REC_END);
	/* untouched, it imports: then trailing bytes are refused */
	n = shim_fd_write(d.dfd, d.s.buf, d.s.len);
	ASSERT_EQ(n, d.s.len);
	ASSERT_EQ(uhm_status(d.dst).state, KVM_CCA_MIG_STATE_DST_DONE);
	ASSERT_EQ(shim_fd_write(d.dfd, d.s.buf, 1), -EPIPE);
	ASSERT_EQ(uhm_status(d.dst).state, KVM_CCA_MIG_STATE_DST_DONE);
	ASSERT_EQ(uhm_mig(d.dst, KVM_CCA_MIG_FINISH, NULL), 0);
	/* the destination carries on; the source is gone for good */
	{
		struct uhm_run r = { 0 };

		ASSERT_TRUE(uhm_run_to_done(d.dst, &r));
		ASSERT_EQ(r.stage2[0], 1);
		ASSERT_EQ(r.sum[0], hs_baseline);
	}
	(void)granules;
	(void)objs;
	(void)pages;
	(void)files;
}

/* One flip case at @at. */
static unsigned int hs_flip(const char *why, u16 type, u8 nth, long off,
			    u8 mask, enum hs_want want)
{
	struct hs_at at = { .type = type, .nth = nth, .mask = mask,
			    .off = off };

	return !hs_case(why, m_flip, (size_t)&at, want);
}

/* Bit flips in every field of the stream header and record headers. */
static void test_flip_framing(void)
{
	static const struct {
		const char *name;
		size_t off;
		u8 mask;
		enum hs_want want;
	} shdr[] = {
		{ "magic", 0, 1, W_BADMSG },
		{ "magic top", 3, 0x80, W_BADMSG },
		{ "version", 4, 1, W_BADMSG },
		{ "version top", 5, 0x80, W_BADMSG },
		{ "hdr_len", 6, 1, W_BADMSG },
		{ "flags", 8, 1, W_BADMSG },
		{ "flags top", 11, 0x80, W_BADMSG },
		{ "page_size", 13, 1, W_BADMSG },
		{ "session_id", 16, 1, W_BADMSG },
		{ "session_id top", 23, 0x80, W_BADMSG },
		/* a smaller max_record is only advice: bit 31 makes it big */
		{ "max_record top", 27, 0x80, W_MSGSIZE },
		{ "reserved0", 28, 1, W_BADMSG },
		{ "reserved", 32, 1, W_BADMSG },
		{ "reserved end", 63, 0x80, W_BADMSG },
	};
	static const u16 types[] = {
		CCA_MIG_REC_REALM, CCA_MIG_REC_PAGES, CCA_MIG_REC_EPOCH,
		CCA_MIG_REC_REC, CCA_MIG_REC_END,
	};
	unsigned int i, failed = 0;
	char why[96];

	for (i = 0; i < ARRAY_SIZE(shdr); i++) {
		snprintf(why, sizeof(why), "stream header %s", shdr[i].name);
		failed += hs_flip(why, 0, 0, shdr[i].off, shdr[i].mask,
				  shdr[i].want);
	}
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		u16 t = types[i];

		snprintf(why, sizeof(why), "record %u type", t);
		failed += hs_flip(why, t, 0, 0, 1, W_BADMSG);
		snprintf(why, sizeof(why), "record %u type top", t);
		failed += hs_flip(why, t, 0, 1, 0x80, W_BADMSG);
		snprintf(why, sizeof(why), "record %u flags", t);
		failed += hs_flip(why, t, 0, 2, 1, W_BADMSG);
		snprintf(why, sizeof(why), "record %u flags top", t);
		failed += hs_flip(why, t, 0, 3, 0x80, W_BADMSG);
		snprintf(why, sizeof(why), "record %u length", t);
		failed += hs_flip(why, t, 0, 4, 1, W_BADMSG);
		snprintf(why, sizeof(why), "record %u length top", t);
		failed += hs_flip(why, t, 0, 7, 0x80, W_MSGSIZE);
	}
	/* the PAGES head, in both PAGES records */
	for (i = 0; i < 2; i++) {
		snprintf(why, sizeof(why), "PAGES %u count", i);
		failed += hs_flip(why, CCA_MIG_REC_PAGES, i, 8, 1, W_BADMSG);
		snprintf(why, sizeof(why), "PAGES %u count top", i);
		failed += hs_flip(why, CCA_MIG_REC_PAGES, i, 11, 0x80,
				  W_BADMSG);
		snprintf(why, sizeof(why), "PAGES %u nr_data", i);
		failed += hs_flip(why, CCA_MIG_REC_PAGES, i, 12, 1, W_BADMSG);
		snprintf(why, sizeof(why), "PAGES %u nr_data top", i);
		failed += hs_flip(why, CCA_MIG_REC_PAGES, i, 15, 0x80,
				  W_BADMSG);
	}
	ASSERT_EQ(failed, 0);
	ASSERT_TRUE(hs_src_finishes());
}

/* Flips in the firmware blobs: the RMM refuses, or KVM's own checks. */
static void test_flip_blobs(void)
{
	/* RmiMigHeader fields: offset, bit, and what a flip meets */
	static const struct {
		const char *name;
		long off;
		u8 mask;
		enum hs_want want;
	} hdr[] = {
		{ "magic", 0x00, 1, W_FW },
		{ "version", 0x04, 1, W_FW },
		{ "type", 0x05, 1, W_FW },
		{ "flags HAS_DATA", 0x06, 1, W_FW },
		{ "flags NULL_SUITE", 0x06, 2, W_FW },
		{ "flags top", 0x07, 0x80, W_FW },
		{ "session_id", 0x08, 1, W_FW },
		{ "counter", 0x10, 1, W_FW },
		{ "epoch", 0x18, 1, W_FW },
		{ "ipa/mpidr", 0x20, 1, W_FW_OR_NOENT },
		{ "ipa/mpidr high", 0x24, 1, W_FW_OR_NOENT },
		{ "ripas", 0x28, 1, W_FW },
		{ "hipas", 0x29, 1, W_FW_OR_NOENT },
		{ "reserved", 0x2a, 1, W_FW },
		{ "body_len", 0x2c, 1, W_FW },
		{ "tag", 0x30, 1, W_FW },
		{ "tag end", 0x3f, 0x80, W_FW },
	};
	static const u16 types[] = {
		CCA_MIG_REC_REALM, CCA_MIG_REC_PAGES, CCA_MIG_REC_EPOCH,
		CCA_MIG_REC_REC, CCA_MIG_REC_END,
	};
	unsigned int i, j, failed = 0;
	struct hs_stream *s = &hs_other;
	char why[96];

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		u16 t = types[i];
		/* PAGES: the first page header, after the 8-byte head */
		long base = 8 + (t == CCA_MIG_REC_PAGES ? 8 : 0);

		for (j = 0; j < ARRAY_SIZE(hdr); j++) {
			enum hs_want want = hdr[j].want;

			/* HAS_DATA is KVM's to count (EBADMSG) in PAGES */
			if (hdr[j].off == 0x06 && hdr[j].mask == 1 &&
			    t == CCA_MIG_REC_PAGES)
				want = W_BADMSG;
			snprintf(why, sizeof(why), "blob %u header %s", t,
				 hdr[j].name);
			failed += hs_flip(why, t, 0, base + hdr[j].off,
					  hdr[j].mask, want);
		}
		/* the body (REALM: clear nonces, then ciphertext) */
		if (t != CCA_MIG_REC_PAGES) {
			snprintf(why, sizeof(why), "blob %u body start", t);
			failed += hs_flip(why, t, 0, base + 0x40, 1, W_FW);
			snprintf(why, sizeof(why), "blob %u body end", t);
			failed += hs_flip(why, t, 0, -1, 0x80, W_FW);
		}
	}
	/* PAGES: HAS_DATA of a state-only header, and the ciphertext */
	i = hs_find(s, CCA_MIG_REC_PAGES, 0);
	{
		const struct cca_mig_pages *ph =
			(const void *)(s->buf + s->rec[i].off + 8);
		unsigned int k;

		for (k = 0; k < ph->count; k++) {
			const struct rmi_mig_hdr *h = (const void *)
				(s->buf + s->rec[i].off + 16 + k * 64);

			if (!(le16_to_cpu(h->flags) & RMI_MIG_HDR_FLAG_HAS_DATA))
				break;
		}
		/* the first PAGES record is the same in every stream */
		if (k < ph->count)
			failed += hs_flip("PAGES HAS_DATA set",
					  CCA_MIG_REC_PAGES, 0,
					  16 + k * 64 + 6, 1, W_BADMSG);
		failed += hs_flip("PAGES ciphertext first byte",
				  CCA_MIG_REC_PAGES, 0, 16 + ph->count * 64,
				  1, W_FW);
		failed += hs_flip("PAGES ciphertext last byte",
				  CCA_MIG_REC_PAGES, 0, -1, 0x80, W_FW);
		failed += hs_flip("PAGES last header tag", CCA_MIG_REC_PAGES,
				  0, 16 + (ph->count - 1) * 64 + 0x30, 1, W_FW);
		failed += hs_flip("dirty PAGES first header counter",
				  CCA_MIG_REC_PAGES, 1, 16 + 0x10, 1, W_FW);
	}
	ASSERT_EQ(failed, 0);
	ASSERT_TRUE(hs_src_finishes());
}

/* One truncation at @at. */
static unsigned int hs_trunc(u16 type, u8 nth, long off)
{
	struct hs_at at = { .type = type, .nth = nth, .off = off };
	char why[96];

	snprintf(why, sizeof(why), "truncated in record %u/%u at %ld", type,
		 nth, off);
	return !hs_case(why, m_truncate, (size_t)&at, W_TRUNC);
}

/* Truncation at every record boundary, +-1, and a stride through it. */
static void test_truncate(void)
{
	static const u16 types[] = {
		CCA_MIG_REC_REALM, CCA_MIG_REC_PAGES, CCA_MIG_REC_EPOCH,
		CCA_MIG_REC_PAGES, CCA_MIG_REC_EPOCH, CCA_MIG_REC_REC,
		CCA_MIG_REC_END,
	};
	static const u8 nth[] = { 0, 0, 0, 1, 1, 0, 0 };
	struct hs_stream *s = &hs_other;
	unsigned int i, failed = 0;
	long off, plen;

	/* the stream header itself: a byte of it, all but one */
	failed += hs_trunc(0, 0, 1);
	failed += hs_trunc(0, 0, sizeof(struct cca_mig_stream_hdr) - 1);
	/*
	 * each record: at its start (the end of the one before), +1, in
	 * its header, at its payload, and one byte short of its end
	 */
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		failed += hs_trunc(types[i], nth[i], 0);
		failed += hs_trunc(types[i], nth[i], 1);
		failed += hs_trunc(types[i], nth[i], 7);
		failed += hs_trunc(types[i], nth[i], 8);
		failed += hs_trunc(types[i], nth[i], 9);
		failed += hs_trunc(types[i], nth[i], -1);
	}
	/* a stride through the first PAGES record's headers and pages */
	i = hs_find(s, CCA_MIG_REC_PAGES, 0);
	plen = 8 + s->rec[i].length;
	for (off = HS_STRIDE; off < plen; off += HS_STRIDE * 7)
		failed += hs_trunc(CCA_MIG_REC_PAGES, 0, off);
	ASSERT_EQ(failed, 0);
	ASSERT_TRUE(hs_src_finishes());
}

/* Records reordered, dropped, replayed, duplicated; other streams. */
static void test_records(void)
{
	unsigned int failed = 0;

	failed += !hs_case("REALM and PAGES swapped", m_swap, REC(REALM, 0),
			   W_BADMSG);
	failed += !hs_case("PAGES and EPOCH swapped", m_swap, REC(PAGES, 0),
			   W_FW);
	failed += !hs_case("EPOCH and PAGES swapped", m_swap, REC(EPOCH, 0),
			   W_FW);
	failed += !hs_case("REC and END swapped", m_swap, REC(REC, 0), W_FW_REC);
	failed += !hs_case("REALM duplicated", m_dup, REC(REALM, 0),
			   W_BADMSG);
	failed += !hs_case("PAGES duplicated", m_dup, REC(PAGES, 0), W_FW);
	failed += !hs_case("EPOCH duplicated", m_dup, REC(EPOCH, 0), W_FW);
	failed += !hs_case("REC duplicated", m_dup, REC(REC, 0), W_FW_REC);
	failed += !hs_case("PAGES replayed after the epoch token",
			   m_replay_later, REC(PAGES, 0), W_FW);
	failed += !hs_case("PAGES dropped", m_drop, REC(PAGES, 0), W_FW);
	failed += !hs_case("EPOCH dropped", m_drop, REC(EPOCH, 0), W_FW);
	failed += !hs_case("REC dropped", m_drop, REC(REC, 0), W_FW_REC);
	failed += !hs_case("END right after REALM", m_end_early,
			   REC(REALM, 0), W_FW_REC);
	failed += !hs_case("END right after the first epoch", m_end_early,
			   REC(EPOCH, 0), W_FW_REC);
	failed += !hs_case("PAD with a byte that is not zero", m_pad_dirty, 0,
			   W_BADMSG);
	failed += !hs_case("PAD before REALM", m_pad_first, 0, W_BADMSG);
	failed += !hs_case("PAD longer than CCA_MIG_PAD_MAX", m_pad_long, 0,
			   W_BADMSG);
	/* without PAD records the stream is still valid: write() takes it */
	failed += !hs_case("PAD records dropped, then truncated", m_pad_strip,
			   0, W_TRUNC);
	failed += !hs_case("stream version 2", m_version, 2, W_BADMSG);
	failed += !hs_case("stream version 0", m_version, 0, W_BADMSG);
	/* an old stream of this realm (another session): BINDING */
	failed += !hs_case("stream of an earlier session", m_other, 0, W_FW);
	ASSERT_EQ(failed, 0);
	ASSERT_TRUE(hs_src_finishes());
}

/* A stream from another realm, started with the same session ID. */
static void test_other_realm(void)
{
	static u8 buf[HS_STREAM_MAX];
	struct hs_dst o = { .s.buf = buf };
	struct hs_stream saved = hs_other;
	struct kvm *other;
	struct uhm_run r = { 0 };
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct kvm_cca_mig_abort ab = {
		.token = (u64)(uintptr_t)token, .token_len = sizeof(token),
	};
	bool ok;

	other = uhm_boot_vm("hello", 1);
	ASSERT_TRUE(other);
	ASSERT_EQ(uhm_run_some(other, 2, &r), -ETIME);
	ASSERT_TRUE(hs_produce(other, &o));
	hs_other.buf = o.s.buf;
	hs_other.len = o.s.len;
	ok = hs_case("stream from another realm", m_other, 0, W_FW);
	hs_other = saved;
	ASSERT_TRUE(ok);
	/* the other realm's own migration is aborted; it runs on */
	ASSERT_EQ(uhm_mig(o.dst, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_EQ(uhm_mig(other, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_TRUE(uhm_run_to_done(other, &r));
	ASSERT_TRUE(hs_src_finishes());
}

static u8 hs_other_buf[HS_STREAM_MAX];

/* Every case reads its layout from a stream of an earlier session. */
static bool hs_setup_layout(void)
{
	static u8 buf[HS_STREAM_MAX];
	struct hs_dst d = { .s.buf = buf };
	unsigned long granules = shim_model_granules_delegated();
	long objs = shim_nr_allocated(), pages = shim_nr_pages_allocated();
	unsigned int files = shim_nr_open_files();
	bool ok;

	ok = hs_produce(hs_src, &d);
	if (!ok)
		printf("# cannot produce the reference stream\n");
	memcpy(hs_other_buf, buf, d.s.len);
	hs_other = d.s;
	hs_other.buf = hs_other_buf;
	return hs_finish_case(&d, granules, objs, pages, files) && ok;
}

static bool suite_setup_layout(void)
{
	return suite_setup() && hs_setup_layout();
}

static const struct test_case cases[] = {
	TEST_CASE(test_stream_layout),
	TEST_CASE(test_flip_framing),
	TEST_CASE(test_flip_blobs),
	TEST_CASE(test_truncate),
	TEST_CASE(test_records),
	TEST_CASE(test_other_realm),
};

static const struct test_suite suite = {
	.name = "host_hostile",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup_layout,
	.teardown = suite_teardown,
};

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = test_main(&suite, argc, argv);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# hostile stream cases: %lu, %.1f s\n", hs_cases,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	uhm_free_images();
	return ret;
}
