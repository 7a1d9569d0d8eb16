// SPDX-License-Identifier: GPL-2.0
/*
 * Arm CCA realm live migration: the stream file and its framing.
 *
 * The source queues records (struct cca_mig_qrec) as the ioctls produce
 * them, and read() hands them out in order; the queue is bounded
 * (CCA_MIG_QUEUE_MAX), so a VMM that does not read gets -ENOSPC from
 * EXPORT_RAM instead of unbounded kernel memory use. The destination's
 * write() (and KVM_CCA_MIG_IMPORT_RAM) feeds a parser that checks every
 * header and length before it copies the bytes that follow, buffers at
 * most one record, and imports each record as soon as it is complete.
 * Any error is fatal: the stream never resynchronises.
 *
 * The format is Documentation/virt/kvm/arm/cca-mig-stream.rst.
 */
#include "cca_mig.h"

/* ------------------------------------------------------------------ */
/* Stream rings                                                        */

/**
 * cca_mig_ring_alloc() - Allocate an empty stream ring
 * @r: the ring, zeroed
 *
 * Return: 0 or -ENOMEM.
 */
int cca_mig_ring_alloc(struct cca_mig_ring *r)
{
	r->area = vmalloc_user(PAGE_SIZE + CCA_MIG_RING_SIZE);
	if (!r->area)
		return -ENOMEM;
	r->ctl = r->area;
	r->data = (u8 *)r->area + PAGE_SIZE;
	r->size = CCA_MIG_RING_SIZE;
	r->head = 0;
	r->tail = 0;
	r->ctl->data_offset = PAGE_SIZE;
	r->ctl->data_size = r->size;
	return 0;
}

/**
 * cca_mig_ring_free() - Free a stream ring
 * @r: the ring; nothing maps it any more
 */
void cca_mig_ring_free(struct cca_mig_ring *r)
{
	vfree(r->area);
	r->area = NULL;
}

/* Copy @len bytes to stream offset @pos, wrapping at the end. */
static void cca_mig_ring_write(struct cca_mig_ring *r, u64 pos,
			       const void *src, size_t len)
{
	size_t off = pos % r->size, n = min_t(size_t, len, r->size - off);

	if (src) {
		memcpy(r->data + off, src, n);
		memcpy(r->data, (const u8 *)src + n, len - n);
	} else {
		memset(r->data + off, 0, n);
		memset(r->data, 0, len - n);
	}
}

/* Copy @len bytes from stream offset @pos, wrapping at the end. */
static void cca_mig_ring_read(struct cca_mig_ring *r, u64 pos, void *dst,
			      size_t len)
{
	size_t off = pos % r->size, n = min_t(size_t, len, r->size - off);

	memcpy(dst, r->data + off, n);
	memcpy((u8 *)dst + n, r->data, len - n);
}

/* The page of the ring that holds stream offset @pos. */
static struct page *cca_mig_ring_page(struct cca_mig_ring *r, u64 pos)
{
	return vmalloc_to_page(r->data + pos % r->size);
}

/* ------------------------------------------------------------------ */
/* The source's queue: its ring                                        */

/*
 * Bytes always kept for the ABORT record that closing an unfinished
 * source appends, so that the reader always learns how the stream ends.
 */
#define CCA_MIG_ABORT_ROOM	sizeof(struct cca_mig_rec_hdr)

/*
 * Take the reader's progress from the control page when the VMM consumed
 * through the mapping. A tail outside [our tail, head] is ignored: the
 * VMM can only hurt its own stream.
 */
static void __cca_mig_src_sync(struct cca_mig *mig)
{
	struct cca_mig_ring *r = &mig->ring;
	u64 tail;

	lockdep_assert_held(&mig->lock);

	if (!mig->ring_mapped)
		return;
	/* Pairs with the VMM's store-release of tail after it read. */
	tail = smp_load_acquire(&r->ctl->tail);
	if (tail - r->tail <= r->head - r->tail)
		r->tail = tail;
}

/**
 * __cca_mig_queued() - Stream bytes the source produced and nobody read
 * @mig: a source session; mig->lock held
 *
 * Return: the number of bytes.
 */
u64 __cca_mig_queued(struct cca_mig *mig)
{
	lockdep_assert_held(&mig->lock);

	if (!mig->ring.area)
		return 0;
	__cca_mig_src_sync(mig);
	return mig->ring.head - mig->ring.tail;
}

/* Bytes the producer may still write, ABORT's room kept back. */
static u64 __cca_mig_room(struct cca_mig *mig)
{
	u64 used = __cca_mig_queued(mig) + CCA_MIG_ABORT_ROOM;

	return used < mig->ring.size ? mig->ring.size - used : 0;
}

/* Make [head, @head) visible to the reader. */
static void __cca_mig_publish(struct cca_mig *mig, u64 head)
{
	struct cca_mig_ring *r = &mig->ring;

	lockdep_assert_held(&mig->lock);

	mig->st.bytes += head - r->head;
	r->head = head;
	/* Pairs with the reader's load-acquire of head before it reads. */
	smp_store_release(&r->ctl->head, head);
	wake_up_interruptible_poll(&mig->wq, EPOLLIN | EPOLLRDNORM);
}

/* Write a record header and its payload at @pos; return the end. */
static u64 cca_mig_put_rec(struct cca_mig_ring *r, u64 pos, u16 type,
			   const void *payload, size_t len)
{
	struct cca_mig_rec_hdr h = { .type = type, .length = len };

	cca_mig_ring_write(r, pos, &h, sizeof(h));
	cca_mig_ring_write(r, pos + sizeof(h), payload, len);
	return pos + sizeof(h) + len;
}

/**
 * __cca_mig_rec_reserve() - Check that the source's ring has room
 * @mig: a source session; mig->lock held
 * @len: payload bytes of the record to come
 *
 * Called before the firmware call that produces the record, so that a
 * blob the firmware exported is never lost for lack of room. Nothing else
 * produces in between: mig->lock is held throughout.
 *
 * Return: 0, or -ENOSPC: the VMM must consume the stream first.
 */
int __cca_mig_rec_reserve(struct cca_mig *mig, size_t len)
{
	lockdep_assert_held(&mig->lock);

	return __cca_mig_room(mig) >= sizeof(struct cca_mig_rec_hdr) + len ?
	       0 : -ENOSPC;
}

/**
 * __cca_mig_rec_put() - Queue a record other than PAGES
 * @mig: a source session; mig->lock held, and __cca_mig_rec_reserve() of
 *	@len succeeded under it
 * @type: CCA_MIG_REC_*
 * @payload: the payload
 * @len: its length
 */
void __cca_mig_rec_put(struct cca_mig *mig, u16 type, const void *payload,
		       size_t len)
{
	struct cca_mig_ring *r = &mig->ring;

	lockdep_assert_held(&mig->lock);

	if (WARN_ON(__cca_mig_rec_reserve(mig, len)))
		return;
	__cca_mig_publish(mig, cca_mig_put_rec(r, r->head, type, payload,
					       len));
}

/* Bytes of a PAGES record before its ciphertext: header and page headers. */
static size_t cca_mig_pages_head_len(unsigned long n)
{
	return sizeof(struct cca_mig_rec_hdr) + sizeof(struct cca_mig_pages) +
	       n * RMI_MIG_HDR_SIZE;
}

/**
 * __cca_mig_pages_reserve() - Lay out the next PAGES record in the ring
 * @mig: a source session; mig->lock held
 * @n: in: page records wanted; out: how many fit, at least one
 * @data_list: receives, for each of them, the physical address of the
 *	ring page where the firmware writes its ciphertext
 *
 * The ciphertext pages go at the first page-aligned stream offset that
 * leaves room, before them, for a PAD record and the record's headers:
 * the firmware writes them in place, and the destination's firmware can
 * read them in place too. __cca_mig_pages_commit() then fills in the
 * rest; nothing is visible to the reader before that.
 *
 * Return: 0, or -ENOSPC when not even one page record fits.
 */
int __cca_mig_pages_reserve(struct cca_mig *mig, unsigned long *n,
			    u64 *data_list)
{
	struct cca_mig_ring *r = &mig->ring;
	u64 room = __cca_mig_room(mig), at, lead;
	unsigned long i;

	lockdep_assert_held(&mig->lock);

	for (;;) {
		at = ALIGN(r->head + sizeof(struct cca_mig_rec_hdr) +
			   cca_mig_pages_head_len(*n), PAGE_SIZE);
		lead = at - r->head;
		if (lead + (u64)*n * PAGE_SIZE <= room)
			break;
		if (lead + PAGE_SIZE > room)
			return -ENOSPC;
		*n = (room - lead) / PAGE_SIZE;
	}
	mig->pages_at = at;
	for (i = 0; i < *n; i++)
		data_list[i] = page_to_phys(cca_mig_ring_page(r, at +
							      i * PAGE_SIZE));
	return 0;
}

/**
 * __cca_mig_pages_commit() - Queue the PAGES record the firmware produced
 * @mig: a source session; mig->lock held, after __cca_mig_pages_reserve()
 * @done: page records the firmware exported, their headers in
 *	mig->hdr_pages and the ciphertext of entry i at ring page i
 * @nr_data: out: those that carry a page of content
 *
 * Ciphertext pages of content records move down over the unused pages of
 * state-only records (only then is anything copied), then the page
 * headers, the record header and a PAD record fill the bytes before them.
 * A record of state-only pages needs no alignment and no PAD.
 */
void __cca_mig_pages_commit(struct cca_mig *mig, unsigned long done,
			    u32 *nr_data)
{
	const struct rmi_mig_hdr *h = page_address(mig->hdr_pages);
	struct cca_mig_ring *r = &mig->ring;
	struct cca_mig_pages pages;
	struct cca_mig_rec_hdr rh;
	u64 at = mig->pages_at, pos;
	unsigned long i;
	u32 k = 0;

	lockdep_assert_held(&mig->lock);

	for (i = 0; i < done; i++) {
		if (!(le16_to_cpu(h[i].flags) & RMI_MIG_HDR_FLAG_HAS_DATA))
			continue;
		if (k != i)
			memcpy(r->data + (at + (u64)k * PAGE_SIZE) % r->size,
			       r->data + (at + (u64)i * PAGE_SIZE) % r->size,
			       PAGE_SIZE);
		k++;
	}
	if (k) {
		pos = at - cca_mig_pages_head_len(done);
		/* A PAD record fills the bytes from the old head. */
		cca_mig_put_rec(r, r->head, CCA_MIG_REC_PAD, NULL,
				pos - r->head - sizeof(rh));
	} else {
		/* Headers only: nothing to align. */
		pos = r->head;
	}
	rh.type = CCA_MIG_REC_PAGES;
	rh.flags = 0;
	rh.length = sizeof(pages) + done * RMI_MIG_HDR_SIZE +
		    (u64)k * PAGE_SIZE;
	cca_mig_ring_write(r, pos, &rh, sizeof(rh));
	pages.count = done;
	pages.nr_data = k;
	cca_mig_ring_write(r, pos + sizeof(rh), &pages, sizeof(pages));
	cca_mig_ring_write(r, pos + sizeof(rh) + sizeof(pages), h,
			   done * RMI_MIG_HDR_SIZE);
	*nr_data = k;
	__cca_mig_publish(mig, pos + cca_mig_pages_head_len(done) +
			  (u64)k * PAGE_SIZE);
}

/**
 * __cca_mig_queue_stream_hdr() - Queue the stream header
 * @mig: a source session starting, its ring empty; mig->lock held
 */
void __cca_mig_queue_stream_hdr(struct cca_mig *mig)
{
	struct cca_mig_stream_hdr h = {
		.magic = CCA_MIG_STREAM_MAGIC,
		.version = CCA_MIG_STREAM_VERSION,
		.hdr_len = sizeof(h),
		.page_size = PAGE_SIZE,
		.session_id = mig->session_id,
		.max_record = CCA_MIG_REC_MAX_LEN,
	};

	lockdep_assert_held(&mig->lock);

	cca_mig_ring_write(&mig->ring, 0, &h, sizeof(h));
	__cca_mig_publish(mig, sizeof(h));
}

/* The last record is in: a reader that drained the ring sees the end. */
static void __cca_mig_src_eof(struct cca_mig *mig)
{
	lockdep_assert_held(&mig->lock);

	/* After the last head: pairs with the reader's load-acquire. */
	smp_store_release(&mig->ring.ctl->flags, KVM_CCA_MIG_RING_EOF);
	wake_up_interruptible_poll(&mig->wq, EPOLLIN | EPOLLHUP);
}

/**
 * __cca_mig_queue_end() - Queue the end record
 * @mig: a source session; mig->lock held, and __cca_mig_rec_reserve() of
 *	KVM_CCA_MIG_END_BLOB_LEN succeeded under it
 * @blob: the end token
 */
void __cca_mig_queue_end(struct cca_mig *mig, const void *blob)
{
	lockdep_assert_held(&mig->lock);

	__cca_mig_rec_put(mig, CCA_MIG_REC_END, blob,
			  KVM_CCA_MIG_END_BLOB_LEN);
	mig->end_queued = true;
	__cca_mig_src_eof(mig);
}

/**
 * __cca_mig_queue_abort() - Tell the destination that the source aborted
 * @mig: a source session being closed before its end record; mig->lock
 *	held
 *
 * The records queued before stay: the reader may be reading them through
 * the mapping already. The ABORT record, whose room the ring always keeps,
 * ends the stream after them.
 */
void __cca_mig_queue_abort(struct cca_mig *mig)
{
	struct cca_mig_ring *r = &mig->ring;

	lockdep_assert_held(&mig->lock);

	if (!r->area || mig->end_queued)
		return;
	__cca_mig_publish(mig, cca_mig_put_rec(r, r->head, CCA_MIG_REC_ABORT,
					       NULL, 0));
	mig->end_queued = true;
	__cca_mig_src_eof(mig);
}

/* Copy queued bytes out: > 0 bytes, 0 end of file, -EAGAIN, -EFAULT. */
static ssize_t __cca_mig_read(struct cca_mig *mig, struct iov_iter *to)
{
	struct cca_mig_ring *r = &mig->ring;
	size_t total = 0;

	lockdep_assert_held(&mig->lock);

	if (!iov_iter_count(to))
		return 0;
	__cca_mig_src_sync(mig);
	while (r->tail != r->head && iov_iter_count(to)) {
		size_t off = r->tail % r->size;
		size_t n = min3(r->head - r->tail, r->size - off,
				iov_iter_count(to));
		size_t c = copy_to_iter(r->data + off, n, to);

		r->tail += c;
		total += c;
		if (c < n)
			break;
	}
	if (total) {
		/* Pairs with __cca_mig_src_sync()'s load-acquire. */
		smp_store_release(&r->ctl->tail, r->tail);
		return total;
	}
	if (iov_iter_count(to) && r->tail != r->head)
		return -EFAULT;
	if (mig->closed || mig->end_queued)
		return 0;
	return -EAGAIN;
}

static bool cca_mig_readable(struct cca_mig *mig)
{
	struct cca_mig_ring *r = &mig->ring;
	u64 head = READ_ONCE(r->head), tail = READ_ONCE(r->tail), t;

	/* Lockless hint for the wait; __cca_mig_read() decides. */
	if (mig->ring_mapped) {
		t = READ_ONCE(r->ctl->tail);
		if (t - tail <= head - tail)
			tail = t;
	}
	return head != tail || READ_ONCE(mig->closed) ||
	       READ_ONCE(mig->end_queued);
}

static ssize_t cca_mig_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct cca_mig *mig = iocb->ki_filp->private_data;
	ssize_t ret;

	if (mig->role != KVM_CCA_MIG_ROLE_SOURCE)
		return -EBADF;
	for (;;) {
		mutex_lock(&mig->lock);
		ret = __cca_mig_read(mig, to);
		mutex_unlock(&mig->lock);
		if (ret != -EAGAIN)
			return ret;
		if ((iocb->ki_flags & IOCB_NOWAIT) ||
		    (iocb->ki_filp->f_flags & O_NONBLOCK))
			return -EAGAIN;
		if (wait_event_interruptible(mig->wq, cca_mig_readable(mig)))
			return -ERESTARTSYS;
	}
}

/* ------------------------------------------------------------------ */
/* The destination's parser                                            */

/* A fatal stream error: the import can only be aborted now. */
static int __cca_mig_fail(struct cca_mig *mig, int err)
{
	lockdep_assert_held(&mig->lock);

	mig->parser.err = err;
	mig->st.errors++;
	if (mig->state == KVM_CCA_MIG_STATE_DST_OPEN ||
	    mig->state == KVM_CCA_MIG_STATE_DST_IMPORTING)
		mig->state = KVM_CCA_MIG_STATE_DST_FAILED;
	wake_up_interruptible_poll(&mig->wq, EPOLLERR);
	return err;
}

static int cca_mig_check_stream_hdr(struct cca_mig *mig,
				    const struct cca_mig_stream_hdr *h)
{
	if (h->magic != CCA_MIG_STREAM_MAGIC ||
	    h->version != CCA_MIG_STREAM_VERSION ||
	    h->hdr_len != sizeof(*h) || h->flags || h->reserved0 ||
	    !mem_is_zero(h->reserved, sizeof(h->reserved)) ||
	    h->page_size != PAGE_SIZE || h->session_id != mig->session_id)
		return -EBADMSG;
	if (h->max_record > CCA_MIG_REC_MAX_LEN)
		return -EMSGSIZE;
	return 0;
}

/* Check a record header before a byte of its payload is copied. */
static int __cca_mig_rec_begin(struct cca_mig *mig)
{
	const struct cca_mig_rec_hdr *h = &mig->parser.rhdr;
	bool first = mig->state == KVM_CCA_MIG_STATE_DST_OPEN;
	u32 want;

	lockdep_assert_held(&mig->lock);

	if (h->length > CCA_MIG_REC_MAX_LEN - sizeof(*h))
		return -EMSGSIZE;
	if (h->flags)
		return -EBADMSG;
	switch (h->type) {
	case CCA_MIG_REC_REALM:
		if (!first)
			return -EBADMSG;
		want = KVM_CCA_MIG_REALM_BLOB_LEN;
		break;
	case CCA_MIG_REC_PAGES:
		/* Checked again against count and nr_data once known. */
		return !first && h->length >= sizeof(struct cca_mig_pages) ?
		       0 : -EBADMSG;
	case CCA_MIG_REC_EPOCH:
		want = KVM_CCA_MIG_EPOCH_BLOB_LEN;
		break;
	case CCA_MIG_REC_REC:
		want = KVM_CCA_MIG_REC_BLOB_LEN;
		break;
	case CCA_MIG_REC_END:
		want = KVM_CCA_MIG_END_BLOB_LEN;
		break;
	case CCA_MIG_REC_ABORT:
		return h->length ? -EBADMSG : 0;
	case CCA_MIG_REC_PAD:
		return !first && h->length <= CCA_MIG_PAD_MAX ? 0 : -EBADMSG;
	default:
		return -EBADMSG;
	}
	if (first && h->type != CCA_MIG_REC_REALM)
		return -EBADMSG;
	return h->length == want ? 0 : -EBADMSG;
}

static int __cca_mig_import_small(struct cca_mig *mig, u64 *rmi_status)
{
	struct cca_mig_parser *p = &mig->parser;
	phys_addr_t buf = page_to_phys(mig->scratch);
	long ret;

	lockdep_assert_held(&mig->lock);

	memcpy(page_address(mig->scratch), p->small, p->rhdr.length);
	switch (p->rhdr.type) {
	case CCA_MIG_REC_REALM:
		ret = cca_mig_fw(mig, rmi_status,
				 rmi_mig_import_realm(mig->rd, buf));
		if (ret)
			return cca_mig_fw_errno(ret);
		mig->state = KVM_CCA_MIG_STATE_DST_IMPORTING;
		return 0;
	case CCA_MIG_REC_EPOCH:
		ret = cca_mig_fw(mig, rmi_status,
				 rmi_mig_import_epoch(mig->rd, buf));
		if (ret)
			return cca_mig_fw_errno(ret);
		mig->st.epochs++;
		return 0;
	case CCA_MIG_REC_REC:
		return __cca_mig_import_rec(mig, NULL, p->small, rmi_status);
	case CCA_MIG_REC_END:
		ret = cca_mig_fw(mig, rmi_status,
				 rmi_mig_import_end(mig->rd, buf));
		if (ret)
			return cca_mig_fw_errno(ret);
		/* The RMM made the realm ACTIVE: so does KVM. */
		ret = kvm_rmi_mig_import_done(mig->kvm);
		if (WARN_ON(ret))
			return ret;
		mig->state = KVM_CCA_MIG_STATE_DST_DONE;
		p->phase = CCA_MIG_PARSE_DONE;
		return 0;
	case CCA_MIG_REC_ABORT:
		/* The source gave up: so do we, keeping the abort token. */
		return __cca_mig_dst_abort(mig, rmi_status);
	}
	return -EBADMSG;
}

/* PAGES: where byte @off of the payload head or headers goes. */
static void *cca_mig_pages_dst(struct cca_mig *mig, size_t off, size_t *room)
{
	struct cca_mig_parser *p = &mig->parser;
	size_t head = sizeof(p->pages);

	if (off < head) {
		*room = head - off;
		return (u8 *)&p->pages + off;
	}
	off -= head;
	*room = (size_t)p->pages.count * RMI_MIG_HDR_SIZE - off;
	return (u8 *)page_address(mig->hdr_pages) + off;
}

/* PAGES: the payload head is in: check it against the record length. */
static int cca_mig_pages_head(struct cca_mig *mig)
{
	struct cca_mig_parser *p = &mig->parser;
	u64 len;

	if (!p->pages.count || p->pages.count > RMI_MIG_MAX_BATCH ||
	    p->pages.nr_data > p->pages.count)
		return -EBADMSG;
	len = sizeof(p->pages) + (u64)p->pages.count * RMI_MIG_HDR_SIZE +
	      (u64)p->pages.nr_data * PAGE_SIZE;
	return len == p->rhdr.length ? 0 : -EBADMSG;
}

/* PAGES: the headers are in: they must announce exactly nr_data pages. */
static int cca_mig_pages_hdrs(struct cca_mig *mig)
{
	const struct rmi_mig_hdr *h = page_address(mig->hdr_pages);
	u32 i, nr = 0;

	for (i = 0; i < mig->parser.pages.count; i++)
		if (le16_to_cpu(h[i].flags) & RMI_MIG_HDR_FLAG_HAS_DATA)
			nr++;
	return nr == mig->parser.pages.nr_data ? 0 : -EBADMSG;
}

/**
 * struct cca_mig_src - Stream bytes being consumed
 * @iter: write() or a KVM_CCA_MIG_IMPORT_RAM buffer, or NULL
 * @ring: or the stream ring, from the parser's position on
 * @left: bytes left
 * @wait: ring: a ciphertext page is only partly in; stop before it
 */
struct cca_mig_src {
	struct iov_iter *iter;
	struct cca_mig_ring *ring;
	size_t left;
	bool wait;
};

/* Take up to @n bytes: the number taken, less than @n on a fault. */
static size_t cca_mig_take(struct cca_mig *mig, void *dst, size_t n,
			   struct cca_mig_src *src, size_t *consumed)
{
	n = min(n, src->left);
	if (src->ring)
		cca_mig_ring_read(src->ring, mig->parser.pos, dst, n);
	else
		n = copy_from_iter(dst, n, src->iter);
	src->left -= n;
	mig->parser.pos += n;
	*consumed += n;
	return n;
}

/*
 * PAGES: receive ciphertext page @k. From a ring, a whole page at a
 * page-aligned stream offset stays where it is and the firmware reads it
 * there; anything else is copied into the session's own page. Returns the
 * bytes taken, less than asked on a fault.
 */
static size_t cca_mig_take_data(struct cca_mig *mig, u32 k, size_t off,
				size_t n, struct cca_mig_src *src,
				size_t *consumed)
{
	struct cca_mig_parser *p = &mig->parser;

	if (src->ring && !off && n == PAGE_SIZE &&
	    PAGE_ALIGNED(p->pos)) {
		p->data[k] = page_to_phys(cca_mig_ring_page(src->ring,
							    p->pos));
		p->in_ring = true;
		src->left -= n;
		p->pos += n;
		*consumed += n;
		return n;
	}
	p->data[k] = page_to_phys(mig->data_pages[k]);
	return cca_mig_take(mig, (u8 *)page_address(mig->data_pages[k]) + off,
			    n, src, consumed);
}

/* PAD: take zero bytes. */
static int cca_mig_take_pad(struct cca_mig *mig, struct cca_mig_src *from,
			    size_t *consumed)
{
	struct cca_mig_parser *p = &mig->parser;
	size_t n = min3(sizeof(p->small), p->rhdr.length - p->have,
			from->left);
	size_t c = cca_mig_take(mig, p->small, n, from, consumed);

	p->have += c;
	if (!mem_is_zero(p->small, c))
		return -EBADMSG;
	return c < n ? -EFAULT : 0;
}

/* Receive payload bytes; import the record once it is complete. */
static int __cca_mig_payload(struct cca_mig *mig, struct cca_mig_src *from,
			     size_t *consumed, u64 *rmi_status)
{
	struct cca_mig_parser *p = &mig->parser;
	size_t len = p->rhdr.length;
	size_t hdrs_end;
	int ret;

	lockdep_assert_held(&mig->lock);

	while (p->have < len && from->left) {
		size_t room, n, c;
		void *dst;

		if (p->rhdr.type == CCA_MIG_REC_PAD) {
			ret = cca_mig_take_pad(mig, from, consumed);
			if (ret == -EBADMSG)
				return __cca_mig_fail(mig, ret);
			if (ret)
				return ret;
			continue;
		}
		if (p->rhdr.type != CCA_MIG_REC_PAGES) {
			n = min(len - p->have, from->left);
			c = cca_mig_take(mig, p->small + p->have, n, from,
					 consumed);
			p->have += c;
			if (c < n)
				return -EFAULT;
			continue;
		}
		hdrs_end = sizeof(p->pages) +
			   (size_t)p->pages.count * RMI_MIG_HDR_SIZE;
		if (p->have < hdrs_end) {
			dst = cca_mig_pages_dst(mig, p->have, &room);
			n = min(room, from->left);
			c = cca_mig_take(mig, dst, n, from, consumed);
		} else {
			size_t off = p->have - hdrs_end;

			/* Wait for the whole page: it need not be copied. */
			if (from->ring && !(off % PAGE_SIZE) &&
			    PAGE_ALIGNED(p->pos) && from->left < PAGE_SIZE) {
				from->wait = true;
				return 0;
			}
			n = min(PAGE_SIZE - off % PAGE_SIZE, from->left);
			c = cca_mig_take_data(mig, off / PAGE_SIZE,
					      off % PAGE_SIZE, n, from,
					      consumed);
		}
		p->have += c;
		if (c < n)
			return -EFAULT;
		/* Check each part of a PAGES payload as soon as it is in. */
		if (p->have == sizeof(p->pages)) {
			ret = cca_mig_pages_head(mig);
			if (ret)
				return __cca_mig_fail(mig, ret);
		}
		hdrs_end = sizeof(p->pages) +
			   (size_t)p->pages.count * RMI_MIG_HDR_SIZE;
		if (p->have == hdrs_end && p->have >= sizeof(p->pages)) {
			ret = cca_mig_pages_hdrs(mig);
			if (ret)
				return __cca_mig_fail(mig, ret);
		}
	}
	if (p->have < len)
		return 0;

	if (p->rhdr.type == CCA_MIG_REC_PAGES)
		ret = __cca_mig_import_pages(mig, rmi_status);
	else if (p->rhdr.type == CCA_MIG_REC_PAD)
		ret = 0;
	else
		ret = __cca_mig_import_small(mig, rmi_status);
	if (ret)
		return __cca_mig_fail(mig, ret);
	p->have = 0;
	p->in_ring = false;
	if (p->phase != CCA_MIG_PARSE_DONE)
		p->phase = CCA_MIG_PARSE_REC_HDR;
	return 0;
}

/* Receive a fixed-size header: 1 when complete, 0 if not yet, -EFAULT. */
static int cca_mig_fill(struct cca_mig *mig, void *hdr, size_t size,
			size_t *have, struct cca_mig_src *from,
			size_t *consumed)
{
	size_t n = min(size - *have, from->left);
	size_t c = cca_mig_take(mig, (u8 *)hdr + *have, n, from, consumed);

	*have += c;
	if (c < n)
		return -EFAULT;
	return *have == size;
}

/*
 * Consume stream bytes on the destination, from @from. Any error but
 * -EFAULT is fatal: the state becomes DST_FAILED and later calls fail with
 * -EPIPE. Returns 0 when every byte was consumed; -EFAULT (not fatal:
 * @consumed bytes were taken, the rest may be given again); -EBADMSG
 * (malformed stream), -EMSGSIZE (a record larger than the format allows),
 * -EIO (the firmware refused a blob), -ENOENT (a REC record for a vCPU or
 * a page record for memory the destination does not have), -EPIPE (the
 * stream had failed or ended before), or the errno of a KVM helper.
 */
static int __cca_mig_parse(struct cca_mig *mig, struct cca_mig_src *from,
			   size_t *consumed, u64 *rmi_status)
{
	struct cca_mig_parser *p = &mig->parser;
	int ret = 0;

	lockdep_assert_held(&mig->lock);
	lockdep_assert_held(&mig->kvm->lock);

	*consumed = 0;
	if (p->err || p->phase == CCA_MIG_PARSE_DONE ||
	    (mig->state != KVM_CCA_MIG_STATE_DST_OPEN &&
	     mig->state != KVM_CCA_MIG_STATE_DST_IMPORTING))
		return -EPIPE;

	while (from->left && !from->wait) {
		switch (p->phase) {
		case CCA_MIG_PARSE_STREAM_HDR:
			ret = cca_mig_fill(mig, &p->shdr, sizeof(p->shdr),
					   &p->have, from, consumed);
			if (ret <= 0)
				break;
			ret = cca_mig_check_stream_hdr(mig, &p->shdr);
			if (ret) {
				ret = __cca_mig_fail(mig, ret);
				break;
			}
			p->have = 0;
			p->phase = CCA_MIG_PARSE_REC_HDR;
			break;
		case CCA_MIG_PARSE_REC_HDR:
			if (!p->have)
				p->rec_pos = p->pos;
			ret = cca_mig_fill(mig, &p->rhdr, sizeof(p->rhdr),
					   &p->have, from, consumed);
			if (ret <= 0)
				break;
			ret = __cca_mig_rec_begin(mig);
			if (ret) {
				ret = __cca_mig_fail(mig, ret);
				break;
			}
			p->have = 0;
			p->phase = CCA_MIG_PARSE_PAYLOAD;
			/* An empty payload is complete already. */
			if (!p->rhdr.length)
				ret = __cca_mig_payload(mig, from, consumed,
							rmi_status);
			break;
		case CCA_MIG_PARSE_PAYLOAD:
			ret = __cca_mig_payload(mig, from, consumed,
						rmi_status);
			break;
		case CCA_MIG_PARSE_DONE:
			/* Bytes after the end or abort record. */
			ret = __cca_mig_fail(mig, -EBADMSG);
			break;
		}
		if (ret < 0)
			break;
		ret = 0;
	}
	mig->st.bytes += *consumed;
	return ret;
}

/*
 * KVM_CCA_MIG_IMPORT_RAM from the ring: consume [tail, head), but for a
 * ciphertext page at a page-aligned stream offset that is only partly
 * there: it waits for its last byte, to be read in place. The ring's tail
 * then moves past what was consumed, but not past the start of a record
 * whose ciphertext the firmware is still to read in place.
 */
static int __cca_mig_import_ring(struct cca_mig *mig, size_t *consumed,
				 u64 *rmi_status)
{
	struct cca_mig_ring *r = &mig->ring;
	struct cca_mig_parser *p = &mig->parser;
	struct cca_mig_src src = { .ring = r };
	u64 head;
	int ret;

	lockdep_assert_held(&mig->lock);

	*consumed = 0;
	/* Pairs with the VMM's store-release of head after it wrote. */
	head = smp_load_acquire(&r->ctl->head);
	if (head - r->tail > r->size || p->pos - r->tail > head - r->tail)
		return -EINVAL;
	src.left = head - p->pos;
	ret = __cca_mig_parse(mig, &src, consumed, rmi_status);
	r->tail = p->in_ring ? p->rec_pos : p->pos;
	/* Pairs with the VMM's load-acquire of tail before it writes. */
	smp_store_release(&r->ctl->tail, r->tail);
	return ret;
}

/**
 * __cca_mig_import_ram() - KVM_CCA_MIG_IMPORT_RAM
 * @mig: a destination session; mig->lock and kvm->lock held
 * @a: the arguments, copied in; @a->consumed is written
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Return: 0 when all the bytes offered were consumed; -EINVAL (bad
 * arguments, a ring or a buffer used against how the stream fd was made,
 * or a ring head out of range), or the errors of write() on the stream.
 */
int __cca_mig_import_ram(struct cca_mig *mig,
			 struct kvm_cca_mig_import_ram *a, u64 *rmi_status)
{
	struct cca_mig_src src = { .left = a->len };
	struct iov_iter iter;
	size_t consumed = 0;
	int ret;

	lockdep_assert_held(&mig->lock);
	lockdep_assert_held(&mig->kvm->lock);

	if (a->flags & ~KVM_CCA_MIG_IMPORT_RING || a->pad ||
	    !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	a->consumed = 0;
	if (a->flags & KVM_CCA_MIG_IMPORT_RING) {
		if (a->buf || a->len || !mig->ring_mapped)
			return -EINVAL;
		ret = __cca_mig_import_ring(mig, &consumed, rmi_status);
	} else {
		if (a->len > INT_MAX || mig->ring_mapped)
			return -EINVAL;
		ret = import_ubuf(ITER_SOURCE, u64_to_user_ptr(a->buf), a->len,
				  &iter);
		if (ret)
			return ret;
		src.iter = &iter;
		ret = __cca_mig_parse(mig, &src, &consumed, rmi_status);
	}
	a->consumed = consumed;
	return ret;
}

static ssize_t cca_mig_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct cca_mig *mig = iocb->ki_filp->private_data;
	struct cca_mig_src src = { .iter = from };
	struct kvm *kvm = mig->kvm;
	size_t consumed = 0;
	u64 rmi_status;
	int ret;

	if (mig->role != KVM_CCA_MIG_ROLE_DESTINATION)
		return -EBADF;
	if (mig->ring_mapped)
		return -EINVAL;
	src.left = min_t(size_t, iov_iter_count(from), INT_MAX);
	/* Lock order: kvm->lock, then mig->lock, as for the ioctls. */
	mutex_lock(&kvm->lock);
	mutex_lock(&mig->lock);
	if (mig->closed)
		ret = -EPIPE;
	else
		ret = __cca_mig_parse(mig, &src, &consumed, &rmi_status);
	mutex_unlock(&mig->lock);
	mutex_unlock(&kvm->lock);
	if (ret == -EFAULT && consumed)
		ret = 0;
	return ret ? ret : (ssize_t)consumed;
}

static __poll_t cca_mig_poll(struct file *file, poll_table *wait)
{
	struct cca_mig *mig = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &mig->wq, wait);

	mutex_lock(&mig->lock);
	if (mig->role == KVM_CCA_MIG_ROLE_SOURCE) {
		if (__cca_mig_queued(mig))
			mask |= EPOLLIN | EPOLLRDNORM;
		else if (mig->closed || mig->end_queued)
			mask |= EPOLLIN | EPOLLRDNORM | EPOLLHUP;
	} else if (mig->closed || mig->parser.err ||
		   mig->parser.phase == CCA_MIG_PARSE_DONE) {
		mask |= EPOLLERR | EPOLLHUP;
	} else {
		/* write() imports synchronously: it never waits for room. */
		mask |= EPOLLOUT | EPOLLWRNORM;
	}
	mutex_unlock(&mig->lock);
	return mask;
}

static int cca_mig_stream_release(struct inode *inode, struct file *file)
{
	struct cca_mig *mig = file->private_data;
	struct kvm *kvm = mig->kvm;

	cca_mig_put(mig);
	kvm_put_kvm(kvm);
	return 0;
}

/*
 * Map the ring: the control page and the data area, shared, whole. The
 * ring was set before the file existed and lives as long as the session,
 * which the file (and so the mapping) holds: no lock is needed, and none
 * is taken under mmap_lock.
 */
static int cca_mig_stream_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct cca_mig *mig = file->private_data;
	struct cca_mig_ring *r = &mig->ring;

	if (!mig->ring_mapped)
		return -ENODEV;
	if (vma->vm_pgoff || vma->vm_end - vma->vm_start !=
	    PAGE_SIZE + r->size || !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	return remap_vmalloc_range(vma, r->area, 0);
}

static const struct file_operations cca_mig_stream_fops = {
	.owner		= THIS_MODULE,
	.read_iter	= cca_mig_read_iter,
	.write_iter	= cca_mig_write_iter,
	.splice_read	= copy_splice_read,
	.splice_write	= iter_file_splice_write,
	.mmap		= cca_mig_stream_mmap,
	.poll		= cca_mig_poll,
	.release	= cca_mig_stream_release,
	.llseek		= noop_llseek,
};

/**
 * __cca_mig_stream_fd() - KVM_CCA_MIG_STREAM_FD
 * @mig: the session; mig->lock held
 * @a: the arguments, copied in
 * @data: the user's copy of @a, which receives the fd before it is
 *	installed (so that a fault leaves no stray descriptor)
 *
 * The file holds a reference on the session and one on the VM. With
 * KVM_CCA_MIG_FD_RING the destination gets its ring here; the source's
 * exists since START.
 *
 * Return: 0, -EINVAL, -EFAULT, -EMFILE or -ENOMEM.
 */
int __cca_mig_stream_fd(struct cca_mig *mig,
			struct kvm_cca_mig_stream_fd *a, void __user *data)
{
	bool ring = a->flags & KVM_CCA_MIG_FD_RING;
	struct file *file;
	int flags, fd, ret;

	lockdep_assert_held(&mig->lock);

	if (a->flags & ~(KVM_CCA_MIG_FD_CLOEXEC | KVM_CCA_MIG_FD_NONBLOCK |
			 KVM_CCA_MIG_FD_RING) ||
	    !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	if (ring)
		flags = O_RDWR;
	else if (mig->role == KVM_CCA_MIG_ROLE_SOURCE)
		flags = O_RDONLY;
	else
		flags = O_WRONLY;
	if (a->flags & KVM_CCA_MIG_FD_CLOEXEC)
		flags |= O_CLOEXEC;
	if (a->flags & KVM_CCA_MIG_FD_NONBLOCK)
		flags |= O_NONBLOCK;

	if (ring && !mig->ring.area) {
		ret = cca_mig_ring_alloc(&mig->ring);
		if (ret)
			return ret;
	}
	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto free_ring;
	}
	cca_mig_get(mig);
	kvm_get_kvm(mig->kvm);
	file = anon_inode_getfile("cca-mig-stream", &cca_mig_stream_fops, mig,
				  flags);
	if (IS_ERR(file)) {
		/* Never the last reference: the caller's VM fd holds one. */
		kvm_put_kvm(mig->kvm);
		cca_mig_put(mig);
		put_unused_fd(fd);
		ret = PTR_ERR(file);
		goto free_ring;
	}
	a->fd = fd;
	a->ring_size = ring ? PAGE_SIZE + mig->ring.size : 0;
	mig->ring_mapped = ring;
	if (copy_to_user(data, a, sizeof(*a))) {
		/* The file's release drops both references. */
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	mig->has_stream = true;
	return 0;

free_ring:
	if (mig->role == KVM_CCA_MIG_ROLE_DESTINATION)
		cca_mig_ring_free(&mig->ring);
	return ret;
}
