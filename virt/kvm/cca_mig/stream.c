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
/* The source's queue                                                  */

static struct cca_mig_qrec *__cca_mig_qrec_alloc_raw(struct cca_mig *mig,
						     size_t size, bool limited)
{
	struct cca_mig_qrec *q;

	lockdep_assert_held(&mig->lock);

	if (limited && mig->queued_alloc + size > CCA_MIG_QUEUE_MAX)
		return ERR_PTR(-ENOSPC);
	q = kvmalloc(struct_size(q, data, size), GFP_KERNEL_ACCOUNT);
	if (!q)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&q->node);
	q->alloc = size;
	q->len = size;
	q->off = 0;
	q->stream_hdr = false;
	return q;
}

/**
 * __cca_mig_qrec_alloc() - Allocate a record for the source's stream
 * @mig: a source session; mig->lock held
 * @type: CCA_MIG_REC_*
 * @max_len: the most payload bytes it will hold
 * @limited: fail with -ENOSPC if the queue is full (PAGES records)
 *
 * Allocate before the firmware call that produces the record, so that a
 * blob the firmware exported is never lost for lack of memory.
 *
 * Return: the record, not queued yet, or ERR_PTR(-ENOSPC or -ENOMEM).
 */
struct cca_mig_qrec *__cca_mig_qrec_alloc(struct cca_mig *mig, u16 type,
					  size_t max_len, bool limited)
{
	struct cca_mig_rec_hdr *hdr;
	struct cca_mig_qrec *q;

	lockdep_assert_held(&mig->lock);

	q = __cca_mig_qrec_alloc_raw(mig, sizeof(*hdr) + max_len, limited);
	if (IS_ERR(q))
		return q;
	hdr = (struct cca_mig_rec_hdr *)q->data;
	hdr->type = type;
	hdr->flags = 0;
	hdr->length = 0;
	return q;
}

/**
 * cca_mig_qrec_payload() - Where a record's payload goes
 * @q: a record from __cca_mig_qrec_alloc()
 *
 * Return: the payload, after the record header.
 */
void *cca_mig_qrec_payload(struct cca_mig_qrec *q)
{
	return q->data + sizeof(struct cca_mig_rec_hdr);
}

/**
 * cca_mig_qrec_free() - Free a record that was not queued
 * @q: the record, or NULL
 */
void cca_mig_qrec_free(struct cca_mig_qrec *q)
{
	kvfree(q);
}

static void __cca_mig_qrec_queue(struct cca_mig *mig, struct cca_mig_qrec *q)
{
	lockdep_assert_held(&mig->lock);

	list_add_tail(&q->node, &mig->queue);
	mig->queued += q->len;
	mig->queued_alloc += q->alloc;
	mig->st.bytes += q->len;
	wake_up_interruptible_poll(&mig->wq, EPOLLIN | EPOLLRDNORM);
}

/**
 * __cca_mig_qrec_commit() - Queue a record for the reader
 * @mig: a source session; mig->lock held
 * @q: a record from __cca_mig_qrec_alloc()
 * @len: its payload length, at most the @max_len it was allocated with
 */
void __cca_mig_qrec_commit(struct cca_mig *mig, struct cca_mig_qrec *q,
			   size_t len)
{
	struct cca_mig_rec_hdr *hdr = (struct cca_mig_rec_hdr *)q->data;

	lockdep_assert_held(&mig->lock);

	if (WARN_ON(sizeof(*hdr) + len > q->alloc))
		len = q->alloc - sizeof(*hdr);
	hdr->length = len;
	q->len = sizeof(*hdr) + len;
	__cca_mig_qrec_queue(mig, q);
}

/**
 * __cca_mig_queue_stream_hdr() - Queue the stream header
 * @mig: a source session starting; mig->lock held
 *
 * Return: 0 or -ENOMEM.
 */
int __cca_mig_queue_stream_hdr(struct cca_mig *mig)
{
	struct cca_mig_stream_hdr *h;
	struct cca_mig_qrec *q;

	lockdep_assert_held(&mig->lock);

	q = __cca_mig_qrec_alloc_raw(mig, sizeof(*h), false);
	if (IS_ERR(q))
		return PTR_ERR(q);
	h = (struct cca_mig_stream_hdr *)q->data;
	memset(h, 0, sizeof(*h));
	h->magic = CCA_MIG_STREAM_MAGIC;
	h->version = CCA_MIG_STREAM_VERSION;
	h->hdr_len = sizeof(*h);
	h->page_size = PAGE_SIZE;
	h->session_id = mig->session_id;
	h->max_record = CCA_MIG_REC_MAX_LEN;
	q->stream_hdr = true;
	__cca_mig_qrec_queue(mig, q);
	return 0;
}

static void __cca_mig_qrec_unqueue(struct cca_mig *mig,
				   struct cca_mig_qrec *q)
{
	lockdep_assert_held(&mig->lock);

	list_del(&q->node);
	mig->queued -= q->len - q->off;
	mig->queued_alloc -= q->alloc;
	kvfree(q);
}

/**
 * __cca_mig_queue_abort() - Tell the destination that the source aborted
 * @mig: a source session being closed before its end record; mig->lock
 *	held
 *
 * Records nobody started to read are dropped, except the stream header;
 * a record read in part is kept so that the framing stays intact; then
 * the ABORT record (allocated when the session started) ends the stream.
 */
void __cca_mig_queue_abort(struct cca_mig *mig)
{
	struct cca_mig_qrec *q, *tmp;

	lockdep_assert_held(&mig->lock);

	if (!mig->abort_rec)
		return;
	list_for_each_entry_safe(q, tmp, &mig->queue, node)
		if (!q->off && !q->stream_hdr)
			__cca_mig_qrec_unqueue(mig, q);
	__cca_mig_qrec_commit(mig, mig->abort_rec, 0);
	mig->abort_rec = NULL;
}

/**
 * cca_mig_queue_free() - Free every record of a session
 * @mig: a session that is being freed or failed to start (no reader can
 *	reach it)
 */
void cca_mig_queue_free(struct cca_mig *mig)
{
	struct cca_mig_qrec *q, *tmp;

	list_for_each_entry_safe(q, tmp, &mig->queue, node) {
		list_del(&q->node);
		kvfree(q);
	}
	mig->queued = 0;
	mig->queued_alloc = 0;
	kvfree(mig->abort_rec);
	mig->abort_rec = NULL;
}

/* Copy queued bytes out: > 0 bytes, 0 end of file, -EAGAIN, -EFAULT. */
static ssize_t __cca_mig_read(struct cca_mig *mig, char __user *buf,
			      size_t len)
{
	struct cca_mig_qrec *q;
	size_t total = 0, n;

	lockdep_assert_held(&mig->lock);

	if (!len)
		return 0;
	while (!list_empty(&mig->queue) && total < len) {
		q = list_first_entry(&mig->queue, struct cca_mig_qrec, node);
		n = min(q->len - q->off, len - total);
		if (copy_to_user(buf + total, q->data + q->off, n))
			return total ? (ssize_t)total : -EFAULT;
		q->off += n;
		mig->queued -= n;
		total += n;
		if (q->off == q->len)
			__cca_mig_qrec_unqueue(mig, q);
	}
	if (total)
		return total;
	if (mig->closed || mig->end_queued)
		return 0;
	return -EAGAIN;
}

static bool cca_mig_readable(struct cca_mig *mig)
{
	/* Lockless hint for the wait; __cca_mig_read() decides. */
	return READ_ONCE(mig->queued) || READ_ONCE(mig->closed) ||
	       READ_ONCE(mig->end_queued);
}

static ssize_t cca_mig_read(struct file *file, char __user *buf, size_t len,
			    loff_t *ppos)
{
	struct cca_mig *mig = file->private_data;
	ssize_t ret;

	if (mig->role != KVM_CCA_MIG_ROLE_SOURCE)
		return -EBADF;
	for (;;) {
		mutex_lock(&mig->lock);
		ret = __cca_mig_read(mig, buf, len);
		mutex_unlock(&mig->lock);
		if (ret != -EAGAIN)
			return ret;
		if (file->f_flags & O_NONBLOCK)
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

/* PAGES: where byte @off of the payload goes, and how much fits there. */
static void *cca_mig_pages_dst(struct cca_mig *mig, size_t off, size_t *room)
{
	struct cca_mig_parser *p = &mig->parser;
	size_t hdrs = (size_t)p->pages.count * RMI_MIG_HDR_SIZE;
	size_t head = sizeof(p->pages);

	if (off < head) {
		*room = head - off;
		return (u8 *)&p->pages + off;
	}
	off -= head;
	if (off < hdrs) {
		*room = hdrs - off;
		return (u8 *)page_address(mig->hdr_pages) + off;
	}
	off -= hdrs;
	*room = PAGE_SIZE - off % PAGE_SIZE;
	return (u8 *)page_address(mig->data_pages[off / PAGE_SIZE]) +
	       off % PAGE_SIZE;
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
 * struct cca_mig_src - Stream bytes from user memory, being consumed
 * @buf: the next byte
 * @left: bytes left
 */
struct cca_mig_src {
	const u8 __user *buf;
	size_t left;
};

/* Take up to @n bytes: the number taken, less than @n on a fault. */
static size_t cca_mig_take(void *dst, size_t n, struct cca_mig_src *src,
			   size_t *consumed)
{
	n = min(n, src->left);
	if (copy_from_user(dst, src->buf, n))
		return 0;
	src->buf += n;
	src->left -= n;
	*consumed += n;
	return n;
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

	hdrs_end = sizeof(p->pages);
	while (p->have < len && from->left) {
		size_t room, n, c;
		void *dst;

		if (p->rhdr.type == CCA_MIG_REC_PAGES) {
			dst = cca_mig_pages_dst(mig, p->have, &room);
		} else {
			dst = p->small + p->have;
			room = len - p->have;
		}
		n = min3(room, len - p->have, from->left);
		c = cca_mig_take(dst, n, from, consumed);
		p->have += c;
		if (c < n)
			return -EFAULT;
		if (p->rhdr.type != CCA_MIG_REC_PAGES)
			continue;
		/* Check each part of a PAGES payload as soon as it is in. */
		if (p->have == sizeof(p->pages)) {
			ret = cca_mig_pages_head(mig);
			if (ret)
				return __cca_mig_fail(mig, ret);
		}
		hdrs_end = sizeof(p->pages) +
			   (size_t)p->pages.count * RMI_MIG_HDR_SIZE;
		if (p->have == hdrs_end) {
			ret = cca_mig_pages_hdrs(mig);
			if (ret)
				return __cca_mig_fail(mig, ret);
		}
	}
	if (p->have < len)
		return 0;

	if (p->rhdr.type == CCA_MIG_REC_PAGES)
		ret = __cca_mig_import_pages(mig, rmi_status);
	else
		ret = __cca_mig_import_small(mig, rmi_status);
	if (ret)
		return __cca_mig_fail(mig, ret);
	p->have = 0;
	if (p->phase != CCA_MIG_PARSE_DONE)
		p->phase = CCA_MIG_PARSE_REC_HDR;
	return 0;
}

/* Receive a fixed-size header: 1 when complete, 0 if not yet, -EFAULT. */
static int cca_mig_fill(void *hdr, size_t size, size_t *have,
			struct cca_mig_src *from, size_t *consumed)
{
	size_t n = min(size - *have, from->left);
	size_t c = cca_mig_take((u8 *)hdr + *have, n, from, consumed);

	*have += c;
	if (c < n)
		return -EFAULT;
	return *have == size;
}

/**
 * __cca_mig_parse() - Consume stream bytes on the destination
 * @mig: a destination session; mig->lock and kvm->lock held
 * @buf: the bytes, in user memory
 * @len: their number
 * @consumed: set to the number of bytes consumed
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Feeds write() and KVM_CCA_MIG_IMPORT_RAM. Any error but -EFAULT is
 * fatal: the state becomes DST_FAILED and later calls fail with -EPIPE.
 *
 * Return: 0 when every byte was consumed; -EFAULT (not fatal: @consumed
 * bytes were taken, the rest may be given again); -EBADMSG (malformed
 * stream), -EMSGSIZE (a record larger than the format allows), -EIO (the
 * firmware refused a blob), -ENOENT (a REC record for a vCPU or a page
 * record for memory the destination does not have), -EPIPE (the stream
 * had failed or ended before), or the errno of a KVM helper.
 */
int __cca_mig_parse(struct cca_mig *mig, const u8 __user *buf, size_t len,
		    size_t *consumed, u64 *rmi_status)
{
	struct cca_mig_src src = { .buf = buf, .left = len };
	struct cca_mig_src *from = &src;
	struct cca_mig_parser *p = &mig->parser;
	int ret = 0;

	lockdep_assert_held(&mig->lock);
	lockdep_assert_held(&mig->kvm->lock);

	*consumed = 0;
	if (p->err || p->phase == CCA_MIG_PARSE_DONE ||
	    (mig->state != KVM_CCA_MIG_STATE_DST_OPEN &&
	     mig->state != KVM_CCA_MIG_STATE_DST_IMPORTING))
		return -EPIPE;

	while (from->left) {
		switch (p->phase) {
		case CCA_MIG_PARSE_STREAM_HDR:
			ret = cca_mig_fill(&p->shdr, sizeof(p->shdr), &p->have,
					   from, consumed);
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
			ret = cca_mig_fill(&p->rhdr, sizeof(p->rhdr), &p->have,
					   from, consumed);
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

/**
 * __cca_mig_import_ram() - KVM_CCA_MIG_IMPORT_RAM
 * @mig: a destination session; mig->lock and kvm->lock held
 * @a: the arguments, copied in; @a->consumed is written
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Return: 0 when all @a->len bytes were consumed, -EINVAL, or what
 * __cca_mig_parse() returns.
 */
int __cca_mig_import_ram(struct cca_mig *mig,
			 struct kvm_cca_mig_import_ram *a, u64 *rmi_status)
{
	size_t consumed;
	int ret;

	lockdep_assert_held(&mig->lock);

	if (!mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	a->consumed = 0;
	if (a->len > INT_MAX)
		return -EINVAL;
	ret = __cca_mig_parse(mig, u64_to_user_ptr(a->buf), a->len, &consumed,
			      rmi_status);
	a->consumed = consumed;
	return ret;
}

static ssize_t cca_mig_write(struct file *file, const char __user *buf,
			     size_t len, loff_t *ppos)
{
	struct cca_mig *mig = file->private_data;
	struct kvm *kvm = mig->kvm;
	size_t consumed = 0;
	u64 rmi_status;
	int ret;

	if (mig->role != KVM_CCA_MIG_ROLE_DESTINATION)
		return -EBADF;
	len = min_t(size_t, len, INT_MAX);
	/* Lock order: kvm->lock, then mig->lock, as for the ioctls. */
	mutex_lock(&kvm->lock);
	mutex_lock(&mig->lock);
	if (mig->closed)
		ret = -EPIPE;
	else
		ret = __cca_mig_parse(mig, (const u8 __user *)buf, len,
				      &consumed, &rmi_status);
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
		if (mig->queued)
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

static const struct file_operations cca_mig_stream_fops = {
	.owner		= THIS_MODULE,
	.read		= cca_mig_read,
	.write		= cca_mig_write,
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
 * The file holds a reference on the session and one on the VM.
 *
 * Return: 0, -EINVAL, -EFAULT, -EMFILE or -ENOMEM.
 */
int __cca_mig_stream_fd(struct cca_mig *mig,
			struct kvm_cca_mig_stream_fd *a, void __user *data)
{
	int flags, fd;
	struct file *file;

	lockdep_assert_held(&mig->lock);

	if (a->flags & ~(KVM_CCA_MIG_FD_CLOEXEC | KVM_CCA_MIG_FD_NONBLOCK) ||
	    !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	flags = mig->role == KVM_CCA_MIG_ROLE_SOURCE ? O_RDONLY : O_WRONLY;
	if (a->flags & KVM_CCA_MIG_FD_CLOEXEC)
		flags |= O_CLOEXEC;
	if (a->flags & KVM_CCA_MIG_FD_NONBLOCK)
		flags |= O_NONBLOCK;

	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0)
		return fd;
	cca_mig_get(mig);
	kvm_get_kvm(mig->kvm);
	file = anon_inode_getfile("cca-mig-stream", &cca_mig_stream_fops, mig,
				  flags);
	if (IS_ERR(file)) {
		/* Never the last reference: the caller's VM fd holds one. */
		kvm_put_kvm(mig->kvm);
		cca_mig_put(mig);
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	a->fd = fd;
	if (copy_to_user(data, a, sizeof(*a))) {
		/* The file's release drops both references. */
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	mig->has_stream = true;
	return 0;
}
