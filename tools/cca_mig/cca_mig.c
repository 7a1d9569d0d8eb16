// SPDX-License-Identifier: GPL-2.0
/*
 * libccamig: live migration of Arm CCA realms, the VMM's side (cca_mig.h).
 *
 * KVM is reached only through cca_mig_backend.h: the VM ioctl and the
 * stream fd's read/write/close. The transport is the caller's and is used
 * with poll(2), read(2) and write(2)/send(2) directly.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <uapi/linux/cca_mig.h>

#include "cca_mig.h"
#include "cca_mig_backend.h"

_Static_assert(CCA_MIG_LIB_NONCE_LEN == KVM_CCA_MIG_NONCE_SIZE, "nonce");
_Static_assert(CCA_MIG_LIB_TOKEN_LEN == KVM_CCA_MIG_ABORT_TOKEN_LEN, "token");
_Static_assert(CCA_MIG_LIB_KEY_BLOB_MIN == KVM_CCA_MIG_KEY_BLOB_MIN, "blob");
_Static_assert(CCA_MIG_LIB_KEY_BLOB_MAX == KVM_CCA_MIG_KEY_BLOB_MAX, "blob");
_Static_assert(CCA_MIG_CTL_ABORT == CCA_MIG_REC_ABORT, "abort record");
_Static_assert(sizeof(struct kvm_cca_mig_op) == 64, "envelope");

#define PAGE_SHIFT_4K		12
#define PUMP_BUF		(256U << 10)
#define DEFAULT_TIMEOUT_MS	30000
#define DEFAULT_THRESHOLD	64
/* Give up a drain after this long without a byte. */
#define DRAIN_TIMEOUT_MS	5000

/* The destination's HELLO payload. */
struct cca_mig_hello {
	uint64_t session_id;
	uint8_t nonce[CCA_MIG_LIB_NONCE_LEN];
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cca_mig_op(int vm_fd, uint32_t cmd, void *data, uint64_t *rmi_status)
{
	struct kvm_cca_mig_op op = {
		.cmd = cmd,
		.data = (uint64_t)(uintptr_t)data,
	};
	long ret;

	if (vm_fd < 0)
		return -EBADF;
	ret = cca_mig_backend_vm_ioctl(vm_fd, KVM_CCA_MIG_OP, &op);
	if (rmi_status)
		*rmi_status = op.rmi_status;
	return ret;
}

int cca_mig_state(int vm_fd)
{
	struct kvm_cca_mig_status st;
	int ret;

	memset(&st, 0, sizeof(st));
	ret = cca_mig_op(vm_fd, KVM_CCA_MIG_STATUS, &st, NULL);
	return ret ? ret : (int)st.state;
}

static const char *const phase_names[CCA_MIG_NR_PHASES] = {
	[CCA_MIG_PHASE_NONE]	 = "none",
	[CCA_MIG_PHASE_START]	 = "start",
	[CCA_MIG_PHASE_PRECOPY]	 = "precopy",
	[CCA_MIG_PHASE_STOPCOPY] = "stopcopy",
	[CCA_MIG_PHASE_END]	 = "end",
	[CCA_MIG_PHASE_DONE]	 = "done",
};

const char *cca_mig_phase_name(enum cca_mig_phase phase)
{
	return (unsigned int)phase < CCA_MIG_NR_PHASES ?
	       phase_names[phase] : "?";
}

int cca_mig_phase_parse(const char *name)
{
	unsigned int i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < CCA_MIG_NR_PHASES; i++)
		if (!strcmp(name, phase_names[i]))
			return i;
	return -EINVAL;
}

/* ---------------------------------------------------------------------- */
/* The transport                                                           */

static int wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int ret;

	do {
		ret = poll(&pfd, 1, timeout_ms);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return -errno;
	if (!ret)
		return -ETIMEDOUT;
	return pfd.revents;
}

/* Write all of @buf to the transport, waiting up to @timeout_ms per step. */
static int xmit(int fd, const void *buf, size_t len, int timeout_ms,
		uint64_t *count)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == ENOTSOCK)
			n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			int r = wait_fd(fd, POLLOUT, timeout_ms);

			if (r < 0)
				return r;
			if (r & (POLLERR | POLLNVAL))
				return -EPIPE;
			continue;
		}
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
		*count += n;
	}
	return 0;
}

/* Read exactly @len bytes; -ECONNRESET on end of file. */
static int recv_all(int fd, void *buf, size_t len, int timeout_ms,
		    uint64_t *count)
{
	uint8_t *p = buf;

	while (len) {
		int r = wait_fd(fd, POLLIN, timeout_ms);
		ssize_t n;

		if (r < 0)
			return r;
		n = read(fd, p, len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -ECONNRESET;
		p += n;
		len -= n;
		*count += n;
	}
	return 0;
}

static int send_ctl(const struct cca_mig_transport *t, int timeout_ms,
		    uint16_t type, const void *payload, uint32_t len,
		    uint64_t *count)
{
	struct cca_mig_rec_hdr h = { .type = type, .length = len };
	int ret;

	ret = xmit(t->wfd, &h, sizeof(h), timeout_ms, count);
	if (!ret && len)
		ret = xmit(t->wfd, payload, len, timeout_ms, count);
	return ret;
}

/*
 * Receive one control message into @payload (at most @max bytes). Return
 * its type, or -errno: -EPROTO for a malformed one.
 */
static int recv_ctl(const struct cca_mig_transport *t, int timeout_ms,
		    void *payload, uint32_t max, uint32_t *len,
		    uint64_t *count)
{
	struct cca_mig_rec_hdr h;
	int ret;

	ret = recv_all(t->rfd, &h, sizeof(h), timeout_ms, count);
	if (ret)
		return ret;
	if (h.flags || h.length > max)
		return -EPROTO;
	ret = recv_all(t->rfd, payload, h.length, timeout_ms, count);
	if (ret)
		return ret;
	*len = h.length;
	return h.type;
}

/* ---------------------------------------------------------------------- */
/* Source                                                                  */

struct src {
	const struct cca_mig_src_cfg *cfg;
	const struct cca_mig_transport *t;
	struct cca_mig_summary *sum;
	int timeout_ms;
	int sfd;
	bool eof;
	uint8_t *buf;
	struct kvm_cca_mig_ring *ring;
	size_t ring_len;
	uint64_t *bitmap[CCA_MIG_LIB_MAX_SLOTS];
	uint64_t *pending[CCA_MIG_LIB_MAX_SLOTS];
	double t0;
	enum cca_mig_phase phase;
	unsigned int round;
	uint64_t round_pages;
	uint64_t dirty;
	uint8_t token[CCA_MIG_LIB_TOKEN_LEN];
	bool have_token;
	bool done;
	uint8_t *vmm_state;
	size_t vmm_state_len;
	bool local_abort;
};

static void src_progress(struct src *s, bool final)
{
	struct cca_mig_progress p = {
		.phase = s->phase,
		.round = s->round,
		.pages = s->round_pages,
		.dirty = s->dirty,
		.bytes = s->sum->stream_bytes,
		.elapsed_ms = now_ms() - s->t0,
		.final = final,
	};

	if (!s->cfg->progress)
		return;
	if (p.elapsed_ms > 0)
		p.rate_mibs = p.bytes / 1048576.0 / (p.elapsed_ms / 1e3);
	s->cfg->progress(&p, s->cfg->priv);
}

static int src_op(struct src *s, uint32_t cmd, void *data)
{
	uint64_t rmi = 0;
	int ret = cca_mig_op(s->cfg->vm_fd, cmd, data, &rmi);

	if (ret && rmi)
		s->sum->rmi_status = rmi;
	return ret;
}

/*
 * A message from the destination, if one is there: DONE, or ABORT with
 * its token. Return 0, -ECANCELED for ABORT, or -errno.
 */
static int src_check_peer(struct src *s, int timeout_ms)
{
	uint32_t len;
	int r;

	r = wait_fd(s->t->rfd, POLLIN, timeout_ms);
	if (r == -ETIMEDOUT)
		return 0;
	if (r < 0)
		return r;
	r = recv_ctl(s->t, s->timeout_ms, s->token, sizeof(s->token), &len,
		     &s->sum->wire_rx);
	if (r < 0)
		return r;
	switch (r) {
	case CCA_MIG_CTL_DONE:
		s->done = true;
		return 0;
	case CCA_MIG_CTL_ABORT:
		if (len != CCA_MIG_LIB_TOKEN_LEN)
			return -EPROTO;
		s->have_token = true;
		return -ECANCELED;
	default:
		return -EPROTO;
	}
}

/*
 * The stream ring (KVM_CCA_MIG_FD_RING): send the bytes between tail and
 * head straight from the mapping, then give their room back. The kernel
 * sets KVM_CCA_MIG_RING_EOF after it stored the last head.
 */
static int src_pump_ring(struct src *s)
{
	struct kvm_cca_mig_ring *r = s->ring;
	const uint8_t *data = (const uint8_t *)r + r->data_offset;
	uint64_t tail = r->tail, head, flags;
	int ret;

	for (;;) {
		flags = __atomic_load_n(&r->flags, __ATOMIC_ACQUIRE);
		head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		if (head == tail)
			break;
		while (tail != head) {
			uint64_t off = tail % r->data_size;
			size_t n = head - tail < r->data_size - off ?
				   head - tail : r->data_size - off;

			ret = xmit(s->t->wfd, data + off, n, s->timeout_ms,
				   &s->sum->wire_tx);
			if (ret)
				return ret;
			tail += n;
			s->sum->stream_bytes += n;
			__atomic_store_n(&r->tail, tail, __ATOMIC_RELEASE);
		}
	}
	if (flags & KVM_CCA_MIG_RING_EOF)
		s->eof = true;
	return src_check_peer(s, 0);
}

/* Move what the stream fd has now to the transport. */
static int src_pump(struct src *s)
{
	unsigned int i;
	int ret;

	if (s->ring)
		return src_pump_ring(s);
	/* Bounded: the ring holds at most 8 MiB. */
	for (i = 0; i < 1024 && !s->eof; i++) {
		ssize_t n = cca_mig_backend_read(s->sfd, s->buf, PUMP_BUF);

		if (n == -EAGAIN)
			break;
		if (n < 0)
			return n;
		if (!n) {
			s->eof = true;
			break;
		}
		ret = xmit(s->t->wfd, s->buf, n, s->timeout_ms,
			   &s->sum->wire_tx);
		if (ret)
			return ret;
		s->sum->stream_bytes += n;
	}
	return src_check_peer(s, 0);
}

/*
 * Export [slot, bitmap]: every page if @bitmap is NULL. The bitmap is
 * consumed (bits of pages done are cleared). Pumps as the queue fills.
 */
static int src_export(struct src *s, const struct cca_mig_slot *slot,
		      uint64_t *bitmap, uint32_t flags)
{
	uint64_t pos = 0, npages = slot->npages;
	unsigned int spins = 0;
	int ret;

	while (pos < npages) {
		struct kvm_cca_mig_export_ram a = {
			.gpa = slot->gpa + (pos << PAGE_SHIFT_4K),
			.npages = npages - pos,
			.bitmap = bitmap ?
				  (uint64_t)(uintptr_t)(bitmap + pos / 64) : 0,
			.flags = flags,
		};

		ret = src_op(s, KVM_CCA_MIG_EXPORT_RAM, &a);
		if (ret && ret != -ENOSPC)
			return ret;
		s->round_pages += a.exported;
		if (bitmap) {
			uint64_t i;

			for (i = pos; i < pos + a.done; i++)
				bitmap[i / 64] &= ~(1ULL << (i % 64));
		}
		/*
		 * Continue from the 64-page word that holds the first page
		 * not done; the bits of those done are clear now.
		 */
		pos += a.done;
		if (bitmap && pos < npages)
			pos &= ~63ULL;
		ret = src_pump(s);
		if (ret)
			return ret;
		if (!a.done && ++spins > 1000)
			return -ENOSPC;
		if (a.done)
			spins = 0;
		src_progress(s, false);
	}
	return 0;
}

static int src_close_epoch(struct src *s)
{
	struct kvm_cca_mig_export_ram a = {
		.gpa = s->cfg->slots[0].gpa,
		.flags = KVM_CCA_MIG_EXPORT_END_EPOCH,
	};
	int ret;

	ret = src_op(s, KVM_CCA_MIG_EXPORT_RAM, &a);
	if (ret == -ENOSPC) {
		ret = src_pump(s);
		if (!ret)
			ret = src_op(s, KVM_CCA_MIG_EXPORT_RAM, &a);
	}
	return ret ? ret : src_pump(s);
}

static size_t bitmap_words(const struct cca_mig_slot *slot)
{
	return (slot->npages + 63) / 64;
}

/* Harvest every slot's dirty log into s->pending (OR). Return the count. */
static int src_harvest(struct src *s, uint64_t *nr_dirty)
{
	unsigned int i;
	size_t w;
	int ret;

	*nr_dirty = 0;
	for (i = 0; i < s->cfg->nr_slots; i++) {
		const struct cca_mig_slot *slot = &s->cfg->slots[i];
		struct kvm_cca_mig_dirty_log d = {
			.slot = slot->slot,
			.num_pages = slot->npages,
			.dirty_bitmap = (uint64_t)(uintptr_t)s->bitmap[i],
		};

		ret = src_op(s, KVM_CCA_MIG_GET_DIRTY_LOG, &d);
		if (ret)
			return ret;
		for (w = 0; w < bitmap_words(slot); w++) {
			s->pending[i][w] |= s->bitmap[i][w];
			*nr_dirty += __builtin_popcountll(s->pending[i][w]);
		}
	}
	return 0;
}

static int src_export_pending(struct src *s)
{
	unsigned int i;
	size_t w;
	int ret;

	for (i = 0; i < s->cfg->nr_slots; i++) {
		const struct cca_mig_slot *slot = &s->cfg->slots[i];
		bool any = false;

		for (w = 0; w < bitmap_words(slot); w++)
			any |= s->pending[i][w] != 0;
		if (!any)
			continue;
		ret = src_export(s, slot, s->pending[i], 0);
		if (ret)
			return ret;
	}
	return 0;
}

/* Let the realm run until @until_ms, watching for the destination. */
static int src_wait_until(struct src *s, double until_ms)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 100000; i++) {
		double left = until_ms - now_ms();

		if (left <= 0)
			return 0;
		ret = src_check_peer(s, left > 10 ? 10 : (int)left + 1);
		if (ret)
			return ret;
	}
	return 0;
}

/* Enter @phase; -ECANCELED if the caller asked to abort there. */
static int src_enter(struct src *s, enum cca_mig_phase phase)
{
	s->phase = phase;
	if (s->cfg->abort_at != CCA_MIG_PHASE_NONE &&
	    s->cfg->abort_at == phase) {
		s->local_abort = true;
		return -ECANCELED;
	}
	return 0;
}

static void src_status(struct src *s)
{
	struct kvm_cca_mig_status st;

	memset(&st, 0, sizeof(st));
	if (cca_mig_op(s->cfg->vm_fd, KVM_CCA_MIG_STATUS, &st, NULL) ||
	    st.state == KVM_CCA_MIG_STATE_NONE)
		return;
	s->sum->pages = st.pages;
	s->sum->content_pages = st.content_pages;
	s->sum->epochs = st.epochs;
	s->sum->recs = st.recs;
	s->sum->fw_calls = st.fw_calls;
	s->sum->fw_time_ns = st.fw_time_ns;
}

static int src_migrate(struct src *s)
{
	const struct cca_mig_src_cfg *cfg = s->cfg;
	uint64_t threshold = cfg->threshold_pages ?: DEFAULT_THRESHOLD;
	struct kvm_cca_mig_rec rc;
	unsigned int i, r;
	double round_start;
	int ret;

	s->round = 0;
	s->round_pages = 0;
	ret = src_enter(s, CCA_MIG_PHASE_START);
	if (ret)
		return ret;
	for (i = 0; i < cfg->nr_slots; i++) {
		ret = src_export(s, &cfg->slots[i], NULL, 0);
		if (ret)
			return ret;
	}
	ret = src_close_epoch(s);
	if (ret)
		return ret;
	s->sum->pages_per_round[0] = s->round_pages;
	s->sum->rounds = 1;
	src_progress(s, true);

	ret = src_enter(s, CCA_MIG_PHASE_PRECOPY);
	if (ret)
		return ret;
	for (r = 1; ; r++) {
		round_start = now_ms();
		ret = src_wait_until(s, round_start + cfg->min_round_ms);
		if (ret)
			return ret;
		ret = src_harvest(s, &s->dirty);
		if (ret)
			return ret;
		if (s->dirty <= threshold || r > cfg->max_rounds) {
			s->sum->converged = s->dirty <= threshold;
			break;
		}
		s->round = r;
		s->round_pages = 0;
		ret = src_export_pending(s);
		if (!ret)
			ret = src_close_epoch(s);
		if (ret)
			return ret;
		s->sum->pages_per_round[r] = s->round_pages;
		s->sum->rounds = r + 1;
		src_progress(s, true);
	}

	/* Stop and copy. */
	s->sum->precopy_ms = now_ms() - s->t0;
	s->round = s->sum->rounds;
	s->round_pages = 0;
	ret = src_op(s, KVM_CCA_MIG_PAUSE, NULL);
	if (!ret)
		ret = src_enter(s, CCA_MIG_PHASE_STOPCOPY);
	if (ret)
		return ret;
	if (cfg->save_vmm_state) {
		ret = cfg->save_vmm_state(cfg->priv, s->vmm_state,
					  CCA_MIG_LIB_VMM_STATE_MAX);
		if (ret < 0)
			return ret;
		if (ret > (int)CCA_MIG_LIB_VMM_STATE_MAX)
			return -EOVERFLOW;
		s->vmm_state_len = ret;
	}
	ret = src_harvest(s, &s->dirty);
	if (!ret)
		ret = src_export_pending(s);
	if (ret)
		return ret;
	for (i = 0; i < cfg->nr_vcpus; i++) {
		memset(&rc, 0, sizeof(rc));
		rc.vcpu_id = cfg->vcpu_ids ? cfg->vcpu_ids[i] : i;
		ret = src_op(s, KVM_CCA_MIG_SAVE_REC, &rc);
		if (!ret)
			ret = src_pump(s);
		if (ret)
			return ret;
	}
	ret = src_op(s, KVM_CCA_MIG_FINISH, NULL);
	if (ret)
		return ret;
	s->phase = CCA_MIG_PHASE_END;
	src_status(s);
	s->sum->pages_per_round[s->round] = s->round_pages;
	for (i = 0; i < 4096 && !s->eof; i++) {
		ret = src_pump(s);
		if (ret)
			return ret;
	}
	if (!s->eof)
		return -EIO;
	src_progress(s, true);
	ret = send_ctl(s->t, s->timeout_ms, CCA_MIG_CTL_VMM_STATE,
		       s->vmm_state, s->vmm_state_len, &s->sum->wire_tx);
	if (ret)
		return ret;
	/* The destination imports the END record, FINISHes and says DONE. */
	for (i = 0; !s->done; i++) {
		if (i * 10 >= (unsigned int)s->timeout_ms)
			return -ETIMEDOUT;
		ret = src_check_peer(s, 10);
		if (ret)
			return ret;
	}
	s->phase = CCA_MIG_PHASE_DONE;
	return 0;
}

/* Throw away what is left in the stream fd (after an abort). */
static void src_drain(struct src *s)
{
	unsigned int i;

	if (s->ring) {
		__atomic_store_n(&s->ring->tail,
				 __atomic_load_n(&s->ring->head,
						 __ATOMIC_ACQUIRE),
				 __ATOMIC_RELEASE);
		return;
	}

	for (i = 0; i < 4096; i++) {
		ssize_t n = cca_mig_backend_read(s->sfd, s->buf, PUMP_BUF);

		if (n <= 0)
			break;
	}
}

/*
 * After an abort decided here: send the rest of the stream, which ends
 * with the ABORT record, so that the destination aborts too, and wait
 * (bounded) for its token, the proof that it will never run the realm.
 */
static void src_tell_peer(struct src *s)
{
	unsigned int i;

	for (i = 0; i < 4096 && !s->eof; i++)
		if (src_pump(s))
			break;
	for (i = 0; !s->have_token && i * 10 < (unsigned int)s->timeout_ms;
	     i++)
		if (src_check_peer(s, 10))
			break;
}

/*
 * Resume the realm after an abort. With the destination's token when we
 * have it (required once FINISH produced the END record).
 */
static int src_abort(struct src *s)
{
	struct kvm_cca_mig_abort ab = { 0 };
	int ret, state = cca_mig_state(s->cfg->vm_fd);

	if (state == KVM_CCA_MIG_STATE_NONE)
		return 0;
	if (state == KVM_CCA_MIG_STATE_SRC_ENDED) {
		unsigned int i;

		/* Wait (bounded) for the token if the peer is sending it. */
		for (i = 0; !s->have_token && i * 10 < 2000; i++)
			if (src_check_peer(s, 10) && !s->have_token)
				break;
		if (!s->have_token)
			return -EIO;
	}
	if (s->have_token) {
		ab.token = (uint64_t)(uintptr_t)s->token;
		ab.token_len = sizeof(s->token);
	}
	src_status(s);
	ret = src_op(s, KVM_CCA_MIG_ABORT, &ab);
	if (ret)
		return ret;
	s->sum->aborted = true;
	s->sum->abort_phase = s->phase;
	return 0;
}

static int src_check_cfg(const struct cca_mig_src_cfg *cfg,
			 const struct cca_mig_transport *t,
			 const struct cca_mig_summary *sum)
{
	unsigned int i;

	if (!cfg || !t || !sum)
		return -EINVAL;
	if (cfg->vm_fd < 0 || t->rfd < 0 || t->wfd < 0)
		return -EBADF;
	if (t->timeout_ms < 0)
		return -EINVAL;
	if (!cfg->key_blob || cfg->key_blob_len < CCA_MIG_LIB_KEY_BLOB_MIN ||
	    cfg->key_blob_len > CCA_MIG_LIB_KEY_BLOB_MAX)
		return -EINVAL;
	if (!cfg->slots || !cfg->nr_slots ||
	    cfg->nr_slots > CCA_MIG_LIB_MAX_SLOTS)
		return -EINVAL;
	for (i = 0; i < cfg->nr_slots; i++)
		if (!cfg->slots[i].npages || cfg->slots[i].gpa & 0xfff ||
		    cfg->slots[i].npages > (1ULL << 36))
			return -EINVAL;
	if (!cfg->nr_vcpus || cfg->nr_vcpus > CCA_MIG_LIB_MAX_VCPUS)
		return -EINVAL;
	if (cfg->max_rounds > CCA_MIG_LIB_MAX_ROUNDS)
		return -ERANGE;
	/* Once FINISH ran, only the destination's token can resume it. */
	if ((unsigned int)cfg->abort_at > CCA_MIG_PHASE_STOPCOPY)
		return -EINVAL;
	return 0;
}

int cca_mig_src_run(const struct cca_mig_src_cfg *cfg,
		    const struct cca_mig_transport *t,
		    struct cca_mig_summary *sum)
{
	struct kvm_cca_mig_stream_fd sf = {
		.flags = KVM_CCA_MIG_FD_NONBLOCK | KVM_CCA_MIG_FD_CLOEXEC,
		.fd = -1,
	};
	struct kvm_cca_mig_start st;
	union {
		struct cca_mig_hello hello;
		uint8_t token[CCA_MIG_LIB_TOKEN_LEN];
	} msg;
	struct src s = { 0 };
	unsigned int i;
	uint32_t len;
	int ret, err;

	ret = src_check_cfg(cfg, t, sum);
	if (ret)
		return ret;
	memset(sum, 0, sizeof(*sum));
	s.cfg = cfg;
	s.t = t;
	s.sum = sum;
	s.sfd = -1;
	s.timeout_ms = t->timeout_ms ?: DEFAULT_TIMEOUT_MS;

	ret = -ENOMEM;
	s.buf = malloc(PUMP_BUF);
	s.vmm_state = malloc(CCA_MIG_LIB_VMM_STATE_MAX);
	if (!s.buf || !s.vmm_state)
		goto out;
	for (i = 0; i < cfg->nr_slots; i++) {
		size_t n = bitmap_words(&cfg->slots[i]);

		s.bitmap[i] = calloc(n, sizeof(uint64_t));
		s.pending[i] = calloc(n, sizeof(uint64_t));
		if (!s.bitmap[i] || !s.pending[i])
			goto out;
	}

	/* The destination started first: its HELLO carries its nonce. */
	ret = recv_ctl(t, s.timeout_ms, &msg, sizeof(msg), &len,
		       &sum->wire_rx);
	if (ret == CCA_MIG_CTL_ABORT) {
		/* It gave up before we started: nothing to undo. */
		sum->aborted = true;
		ret = -ECANCELED;
		goto out;
	}
	if (ret >= 0 && (ret != CCA_MIG_CTL_HELLO ||
			 len != sizeof(msg.hello) ||
			 msg.hello.session_id != cfg->session_id))
		ret = -EPROTO;
	if (ret < 0)
		goto out;

	memset(&st, 0, sizeof(st));
	st.role = KVM_CCA_MIG_ROLE_SOURCE;
	st.session_id = cfg->session_id;
	st.key_blob = (uint64_t)(uintptr_t)cfg->key_blob;
	st.key_blob_len = cfg->key_blob_len;
	memcpy(st.peer_nonce, msg.hello.nonce, sizeof(st.peer_nonce));
	s.t0 = now_ms();
	ret = src_op(&s, KVM_CCA_MIG_START, &st);
	if (ret)
		goto out;
	if (cfg->ring)
		sf.flags |= KVM_CCA_MIG_FD_RING;
	ret = src_op(&s, KVM_CCA_MIG_STREAM_FD, &sf);
	if (ret) {
		src_abort(&s);
		goto out;
	}
	s.sfd = sf.fd;
	if (cfg->ring) {
		s.ring = cca_mig_backend_mmap(s.sfd, sf.ring_size);
		if (!s.ring) {
			ret = -errno;
			src_abort(&s);
			goto out;
		}
		s.ring_len = sf.ring_size;
	}

	ret = src_migrate(&s);
	if (ret) {
		/*
		 * The destination aborted (-ECANCELED), or something failed
		 * here: resume the realm. Without an END record (or with the
		 * token) it is always possible.
		 */
		bool from_peer = s.have_token;

		err = src_abort(&s);
		if (err && ret == -ECANCELED)
			ret = err;
		if (!err && !from_peer)
			src_tell_peer(&s);
		src_drain(&s);
		shutdown(t->wfd, SHUT_WR);
	} else {
		sum->downtime_ms = now_ms() - s.t0 - sum->precopy_ms;
	}
	sum->total_ms = now_ms() - s.t0;

out:
	if (s.ring)
		cca_mig_backend_munmap(s.ring, s.ring_len);
	if (s.sfd >= 0)
		cca_mig_backend_close(s.sfd);
	for (i = 0; i < CCA_MIG_LIB_MAX_SLOTS; i++) {
		free(s.bitmap[i]);
		free(s.pending[i]);
	}
	free(s.vmm_state);
	free(s.buf);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Destination                                                             */

enum parse_state { P_STREAM_HDR, P_REC_HDR, P_PAYLOAD };

struct dst {
	const struct cca_mig_dst_cfg *cfg;
	const struct cca_mig_transport *t;
	struct cca_mig_summary *sum;
	int timeout_ms;
	int dfd;
	uint8_t *buf;
	struct kvm_cca_mig_ring *ring;
	size_t ring_len;
	uint64_t ring_fed;
	double t0, t_rec;
	/* Where the stream is: record boundaries only, KVM checks the rest. */
	enum parse_state ps;
	size_t have;
	uint8_t rh[sizeof(struct cca_mig_rec_hdr)];
	uint16_t type;
	uint32_t left;
	enum cca_mig_phase phase;
	bool end, src_aborted;
	/* Bytes read after the END record: the VMM_STATE message. */
	const uint8_t *rest;
	size_t rest_len;
};

static void dst_progress(struct dst *d, bool final)
{
	struct kvm_cca_mig_status st;
	struct cca_mig_progress p = {
		.phase = d->phase,
		.bytes = d->sum->stream_bytes,
		.elapsed_ms = now_ms() - d->t0,
		.final = final,
	};

	if (!d->cfg->progress)
		return;
	memset(&st, 0, sizeof(st));
	if (!cca_mig_op(d->cfg->vm_fd, KVM_CCA_MIG_STATUS, &st, NULL) &&
	    st.state != KVM_CCA_MIG_STATE_NONE) {
		p.round = st.epochs;
		p.pages = st.pages;
	} else {
		p.round = d->sum->epochs;
		p.pages = d->sum->pages;
	}
	if (p.elapsed_ms > 0)
		p.rate_mibs = p.bytes / 1048576.0 / (p.elapsed_ms / 1e3);
	d->cfg->progress(&p, d->cfg->priv);
}

/* The import's counters, while the migration exists (FINISH frees it). */
static void dst_status(struct dst *d)
{
	struct kvm_cca_mig_status st;

	memset(&st, 0, sizeof(st));
	if (cca_mig_op(d->cfg->vm_fd, KVM_CCA_MIG_STATUS, &st, NULL) ||
	    st.state == KVM_CCA_MIG_STATE_NONE)
		return;
	d->sum->pages = st.pages;
	d->sum->content_pages = st.content_pages;
	d->sum->fw_calls = st.fw_calls;
	d->sum->fw_time_ns = st.fw_time_ns;
}

/* The stream ring: have KVM import what was written since last time. */
static int dst_flush(struct dst *d)
{
	struct kvm_cca_mig_import_ram a = { .flags = KVM_CCA_MIG_IMPORT_RING };
	uint64_t rmi = 0;
	int ret;

	if (!d->ring || d->ring->head == d->ring_fed)
		return 0;
	ret = cca_mig_op(d->cfg->vm_fd, KVM_CCA_MIG_IMPORT_RAM, &a, &rmi);
	if (ret && rmi)
		d->sum->rmi_status = rmi;
	d->ring_fed += a.consumed;
	return ret;
}

/* The stream ring: put bytes at head, importing when it is full. */
static int dst_write_ring(struct dst *d, const uint8_t *p, size_t len)
{
	struct kvm_cca_mig_ring *r = d->ring;
	uint8_t *data = (uint8_t *)r + r->data_offset;
	int ret;

	while (len) {
		uint64_t head = r->head, off = head % r->data_size;
		uint64_t room = r->data_size -
			(head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE));
		size_t n = len;

		if (!room) {
			ret = dst_flush(d);
			if (ret)
				return ret;
			if (r->data_size == head -
			    __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE))
				return -ENOSPC;
			continue;
		}
		if (n > room)
			n = room;
		if (n > r->data_size - off)
			n = r->data_size - off;
		memcpy(data + off, p, n);
		__atomic_store_n(&r->head, head + n, __ATOMIC_RELEASE);
		p += n;
		len -= n;
		d->sum->stream_bytes += n;
	}
	return 0;
}

static int dst_write(struct dst *d, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	unsigned int spins = 0;

	if (d->ring)
		return dst_write_ring(d, p, len);

	while (len) {
		ssize_t n = cca_mig_backend_write(d->dfd, p, len);

		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		if (!n && ++spins > 1000)
			return -EIO;
		p += n;
		len -= n;
		d->sum->stream_bytes += n;
	}
	return 0;
}

/* The phase a record of @type starts, as the destination sees it. */
static void dst_enter_record(struct dst *d, uint16_t type)
{
	switch (type) {
	case CCA_MIG_REC_PAGES:
	case CCA_MIG_REC_EPOCH:
		if (d->sum->epochs && d->phase < CCA_MIG_PHASE_PRECOPY)
			d->phase = CCA_MIG_PHASE_PRECOPY;
		break;
	case CCA_MIG_REC_REC:
		if (d->phase < CCA_MIG_PHASE_STOPCOPY) {
			d->phase = CCA_MIG_PHASE_STOPCOPY;
			d->t_rec = now_ms();
		}
		break;
	case CCA_MIG_REC_END:
		d->phase = CCA_MIG_PHASE_END;
		break;
	default:
		break;
	}
}

static void dst_record_done(struct dst *d)
{
	switch (d->type) {
	case CCA_MIG_REC_EPOCH:
		d->sum->epochs++;
		dst_progress(d, true);
		break;
	case CCA_MIG_REC_REC:
		d->sum->recs++;
		break;
	case CCA_MIG_REC_END:
		d->end = true;
		break;
	case CCA_MIG_REC_ABORT:
		d->src_aborted = true;
		break;
	default:
		break;
	}
	d->ps = P_REC_HDR;
	d->have = 0;
}

/*
 * Feed transport bytes to the stream fd, record by record. Return 0,
 * -ECANCELED when @cfg->abort_at is reached (the record is not fed), or
 * the stream fd's -errno.
 */
static int __dst_feed(struct dst *d, const uint8_t *p, size_t len)
{
	const size_t hlen = sizeof(struct cca_mig_stream_hdr);
	int ret;

	while (len && !d->end && !d->src_aborted) {
		size_t n;

		switch (d->ps) {
		case P_STREAM_HDR:
			n = hlen - d->have < len ? hlen - d->have : len;
			ret = dst_write(d, p, n);
			if (ret)
				return ret;
			d->have += n;
			if (d->have == hlen) {
				d->ps = P_REC_HDR;
				d->have = 0;
			}
			break;
		case P_REC_HDR:
			n = sizeof(d->rh) - d->have < len ?
			    sizeof(d->rh) - d->have : len;
			memcpy(d->rh + d->have, p, n);
			d->have += n;
			if (d->have < sizeof(d->rh))
				break;
			d->type = d->rh[0] | d->rh[1] << 8;
			d->left = d->rh[4] | d->rh[5] << 8 | d->rh[6] << 16 |
				  (uint32_t)d->rh[7] << 24;
			dst_enter_record(d, d->type);
			if (d->cfg->abort_at != CCA_MIG_PHASE_NONE &&
			    d->phase == d->cfg->abort_at)
				return -ECANCELED;
			ret = dst_write(d, d->rh, sizeof(d->rh));
			if (ret)
				return ret;
			d->ps = P_PAYLOAD;
			if (!d->left)
				dst_record_done(d);
			break;
		case P_PAYLOAD:
			n = d->left < len ? d->left : len;
			ret = dst_write(d, p, n);
			if (ret)
				return ret;
			d->left -= n;
			if (!d->left)
				dst_record_done(d);
			break;
		default:
			return -EINVAL;
		}
		p += n;
		len -= n;
	}
	d->rest = p;
	d->rest_len = len;
	return 0;
}

/* As __dst_feed(); with a ring, KVM imports all of it before we return. */
static int dst_feed(struct dst *d, const uint8_t *p, size_t len)
{
	int ret = __dst_feed(d, p, len), err;

	err = dst_flush(d);
	return ret ? ret : err;
}

/* Read from what dst_feed() left over, then from the transport. */
static int dst_pull(struct dst *d, void *buf, size_t len)
{
	size_t n = d->rest_len < len ? d->rest_len : len;

	memcpy(buf, d->rest, n);
	d->rest += n;
	d->rest_len -= n;
	if (n == len)
		return 0;
	return recv_all(d->t->rfd, (uint8_t *)buf + n, len - n, d->timeout_ms,
			&d->sum->wire_rx);
}

/* The source's VMM state, after its END record. */
static int dst_vmm_state(struct dst *d)
{
	struct cca_mig_rec_hdr h;
	uint8_t *state;
	int ret;

	ret = dst_pull(d, &h, sizeof(h));
	if (ret)
		return ret;
	if (h.type != CCA_MIG_CTL_VMM_STATE || h.flags ||
	    h.length > CCA_MIG_LIB_VMM_STATE_MAX)
		return -EPROTO;
	state = malloc(h.length ? h.length : 1);
	if (!state)
		return -ENOMEM;
	ret = dst_pull(d, state, h.length);
	if (!ret && d->rest_len)
		ret = -EPROTO;
	if (!ret && d->cfg->load_vmm_state)
		ret = d->cfg->load_vmm_state(d->cfg->priv, state, h.length);
	free(state);
	return ret;
}

/* Abort here, send the token back, swallow what the source still sends. */
static int dst_abort(struct dst *d)
{
	uint8_t token[CCA_MIG_LIB_TOKEN_LEN];
	struct kvm_cca_mig_abort ab = {
		.token = (uint64_t)(uintptr_t)token,
		.token_len = sizeof(token),
	};
	uint64_t rmi = 0;
	unsigned int i;
	int ret;

	ret = cca_mig_op(d->cfg->vm_fd, KVM_CCA_MIG_ABORT, &ab, &rmi);
	if (ret) {
		d->sum->rmi_status = rmi;
		return ret;
	}
	d->sum->aborted = true;
	d->sum->abort_phase = d->phase;
	ret = send_ctl(d->t, d->timeout_ms, CCA_MIG_CTL_ABORT, token,
		       ab.token_len, &d->sum->wire_tx);
	if (ret)
		return ret;
	/* Until the source closes its side; bounded. */
	for (i = 0; i < 100000; i++) {
		ssize_t n;

		if (wait_fd(d->t->rfd, POLLIN, DRAIN_TIMEOUT_MS) < 0)
			break;
		n = read(d->t->rfd, d->buf, PUMP_BUF);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		d->sum->wire_rx += n;
	}
	return 0;
}

static int dst_check_cfg(const struct cca_mig_dst_cfg *cfg,
			 const struct cca_mig_transport *t,
			 const struct cca_mig_summary *sum)
{
	if (!cfg || !t || !sum)
		return -EINVAL;
	if (cfg->vm_fd < 0 || t->rfd < 0 || t->wfd < 0)
		return -EBADF;
	if (t->timeout_ms < 0)
		return -EINVAL;
	if (!cfg->key_blob || cfg->key_blob_len < CCA_MIG_LIB_KEY_BLOB_MIN ||
	    cfg->key_blob_len > CCA_MIG_LIB_KEY_BLOB_MAX)
		return -EINVAL;
	if ((unsigned int)cfg->abort_at > CCA_MIG_PHASE_END)
		return -EINVAL;
	return 0;
}

static int dst_import(struct dst *d)
{
	unsigned int i;
	int ret;

	if (d->cfg->abort_at == CCA_MIG_PHASE_START)
		return -ECANCELED;
	/* Each iteration moves at least one byte or ends: bounded by size. */
	for (i = 0; !d->end && !d->src_aborted; i++) {
		ssize_t n;

		ret = wait_fd(d->t->rfd, POLLIN, d->timeout_ms);
		if (ret < 0)
			return ret;
		n = read(d->t->rfd, d->buf, PUMP_BUF);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -ECONNRESET;
		d->sum->wire_rx += n;
		ret = dst_feed(d, d->buf, n);
		if (ret)
			return ret;
	}
	return 0;
}

int cca_mig_dst_run(const struct cca_mig_dst_cfg *cfg,
		    const struct cca_mig_transport *t,
		    struct cca_mig_summary *sum)
{
	struct kvm_cca_mig_stream_fd sf = {
		.flags = KVM_CCA_MIG_FD_CLOEXEC,
		.fd = -1,
	};
	struct kvm_cca_mig_start st;
	struct cca_mig_hello hello;
	struct dst d = { 0 };
	uint64_t rmi = 0;
	int ret, err;

	ret = dst_check_cfg(cfg, t, sum);
	if (ret)
		return ret;
	memset(sum, 0, sizeof(*sum));
	d.cfg = cfg;
	d.t = t;
	d.sum = sum;
	d.dfd = -1;
	d.timeout_ms = t->timeout_ms ?: DEFAULT_TIMEOUT_MS;
	d.buf = malloc(PUMP_BUF);
	if (!d.buf)
		return -ENOMEM;

	memset(&st, 0, sizeof(st));
	st.role = KVM_CCA_MIG_ROLE_DESTINATION;
	st.session_id = cfg->session_id;
	st.key_blob = (uint64_t)(uintptr_t)cfg->key_blob;
	st.key_blob_len = cfg->key_blob_len;
	d.t0 = now_ms();
	ret = cca_mig_op(cfg->vm_fd, KVM_CCA_MIG_START, &st, &rmi);
	if (ret) {
		sum->rmi_status = rmi;
		goto out;
	}
	d.phase = CCA_MIG_PHASE_START;
	ret = cfg->finalize_vcpus ? cfg->finalize_vcpus(cfg->priv) : 0;
	if (cfg->ring)
		sf.flags |= KVM_CCA_MIG_FD_RING;
	if (!ret)
		ret = cca_mig_op(cfg->vm_fd, KVM_CCA_MIG_STREAM_FD, &sf, NULL);
	if (!ret) {
		d.dfd = sf.fd;
		if (cfg->ring) {
			d.ring = cca_mig_backend_mmap(d.dfd, sf.ring_size);
			d.ring_len = sf.ring_size;
			if (!d.ring)
				ret = -errno;
		}
	}
	if (!ret) {
		hello.session_id = cfg->session_id;
		memcpy(hello.nonce, st.nonce, sizeof(hello.nonce));
		ret = send_ctl(t, d.timeout_ms, CCA_MIG_CTL_HELLO, &hello,
			       sizeof(hello), &sum->wire_tx);
	}
	if (!ret)
		ret = dst_import(&d);
	if (!ret && d.src_aborted)
		ret = -ECANCELED;
	dst_status(&d);
	if (!ret)
		ret = dst_vmm_state(&d);
	if (!ret) {
		ret = cca_mig_op(cfg->vm_fd, KVM_CCA_MIG_FINISH, NULL, &rmi);
		if (ret)
			sum->rmi_status = rmi;
	}
	if (ret) {
		/* Nothing may run here: abort and give the source the token. */
		err = dst_abort(&d);
		if (err && ret == -ECANCELED)
			ret = err;
		goto out;
	}
	d.phase = CCA_MIG_PHASE_DONE;
	sum->total_ms = now_ms() - d.t0;
	sum->downtime_ms = d.t_rec ? now_ms() - d.t_rec : 0;
	sum->rounds = sum->epochs;
	dst_progress(&d, true);
	ret = send_ctl(t, d.timeout_ms, CCA_MIG_CTL_DONE, NULL, 0,
		       &sum->wire_tx);

out:
	if (d.ring)
		cca_mig_backend_munmap(d.ring, d.ring_len);
	if (d.dfd >= 0)
		cca_mig_backend_close(d.dfd);
	free(d.buf);
	return ret;
}
