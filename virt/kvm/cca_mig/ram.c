// SPDX-License-Identifier: GPL-2.0
/*
 * Arm CCA realm live migration: protected RAM.
 *
 * Export: the pages of a range, or those of a dirty bitmap, go to the
 * firmware in batches of up to RMI_MIG_MAX_BATCH (512) per
 * RMI_MIG_EXPORT_PAGES call, and each call's output becomes one PAGES
 * record. The record is allocated before the call, so an exported page is
 * never lost.
 *
 * Dirty log: RMI_MIG_DIRTY_HARVEST (up to 32768 granules per call) into
 * the user's bitmap, in the shape of KVM_GET_DIRTY_LOG.
 *
 * Import: for each record of a batch the host names the destination
 * granule: a guest_memfd page it delegates for an IPA the import has not
 * mapped yet, the mapped granule again, or 0 for a state-only record of
 * an unmapped IPA. When the firmware stops before the end of a batch
 * (partial progress, or a missing RTT that is then created), what was
 * prepared for the records it did not process is undone in reverse order,
 * so no granule is left delegated and unused. A granule that cannot be
 * undelegated is leaked on purpose (kvm_rmi_mig_undelegate()).
 */
#include "cca_mig.h"

#define CCA_MIG_HARVEST_BYTES	(RMI_MIG_HARVEST_MAX_GRANULES / BITS_PER_BYTE)

static u64 cca_mig_prot_limit(struct cca_mig *mig)
{
	return BIT_ULL(mig->ipa_bits - 1);
}

/*
 * A missing RTT: RMI_ERROR_RTT(L) for @ipa. Create the next level and let
 * the caller retry; @level remembers the last level created for this
 * address, and each retry must go deeper.
 */
static int __cca_mig_rtt_fixup(struct cca_mig *mig, long ret, u64 ipa,
			       int *level)
{
	int l = RMI_RETURN_INDEX(ret);

	lockdep_assert_held(&mig->lock);

	if (l <= *level || l >= 3)
		return -EIO;
	*level = l;
	return kvm_rmi_mig_rtt_create(mig->kvm, ipa, l + 1);
}

static bool cca_mig_is_rtt_error(long ret)
{
	return ret > 0 && RMI_RETURN_STATUS(ret) == RMI_ERROR_RTT;
}

/*
 * Export the @count IPAs at the start of mig->list_page. Returns the
 * number exported in *@exported (the list is consumed from its start),
 * and 0, -ENOSPC (the stream ring is full; *@exported may be less than
 * @count), -EIO or an RTT helper's errno.
 */
static int __cca_mig_export_batch(struct cca_mig *mig, unsigned long count,
				  unsigned long *exported, u64 *rmi_status)
{
	u64 *ipas = page_address(mig->list_page);
	u64 *data_list = page_address(mig->data_list_page);
	unsigned long done, nr_content;
	int level = -1;
	u32 nr_data;
	long ret;

	lockdep_assert_held(&mig->lock);

	*exported = 0;
	while (*exported < count) {
		unsigned long n = count - *exported;

		ret = __cca_mig_pages_reserve(mig, &n, data_list);
		if (ret)
			return ret;
		ret = cca_mig_fw(mig, rmi_status,
				 rmi_mig_export_pages(mig->rd, n,
						      page_to_phys(mig->list_page),
						      page_to_phys(mig->hdr_pages),
						      page_to_phys(mig->data_list_page),
						      &done, &nr_content));
		if (cca_mig_is_rtt_error(ret)) {
			ret = __cca_mig_rtt_fixup(mig, ret, ipas[0], &level);
			if (ret)
				return ret;
			continue;
		}
		if (ret)
			return cca_mig_fw_errno(ret);
		if (WARN_ON(!done || done > n))
			return -EIO;
		__cca_mig_pages_commit(mig, done, &nr_data);
		WARN_ON(nr_data != nr_content);
		mig->st.pages += done;
		mig->st.content_pages += nr_data;
		*exported += done;
		level = -1;
		memmove(ipas, ipas + done, (count - *exported) * sizeof(*ipas));
	}
	return 0;
}

static int __cca_mig_end_epoch(struct cca_mig *mig, u64 *epoch,
			       u64 *rmi_status)
{
	unsigned long len, e;
	long ret;

	lockdep_assert_held(&mig->lock);

	ret = __cca_mig_rec_reserve(mig, KVM_CCA_MIG_EPOCH_BLOB_LEN);
	if (ret)
		return ret;
	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_epoch_end(mig->rd, page_to_phys(mig->scratch),
					   &len, &e));
	if (!ret && WARN_ON(len != KVM_CCA_MIG_EPOCH_BLOB_LEN))
		ret = -EIO;
	if (ret)
		return cca_mig_fw_errno(ret);
	__cca_mig_rec_put(mig, CCA_MIG_REC_EPOCH, page_address(mig->scratch),
			  len);
	mig->st.epochs++;
	*epoch = e;
	return 0;
}

static int cca_mig_check_export(struct cca_mig *mig,
				const struct kvm_cca_mig_export_ram *a)
{
	u64 limit = cca_mig_prot_limit(mig);

	if (a->flags & ~KVM_CCA_MIG_EXPORT_END_EPOCH || a->pad ||
	    !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	if (!PAGE_ALIGNED(a->gpa) || a->gpa >= limit)
		return -EINVAL;
	if (!a->npages && !(a->flags & KVM_CCA_MIG_EXPORT_END_EPOCH))
		return -EINVAL;
	if (a->npages > (limit - a->gpa) >> PAGE_SHIFT)
		return -EINVAL;
	return 0;
}

/*
 * The next bit set in the user's bitmap at or after @pos, below @end;
 * @end if none. @word caches the word at index *@widx.
 */
static int cca_mig_next_bit(const u64 __user *bitmap, u64 pos, u64 end,
			    u64 *word, u64 *widx, u64 *next)
{
	while (pos < end) {
		u64 i = pos / 64;

		if (i != *widx) {
			if (copy_from_user(word, bitmap + i, sizeof(*word)))
				return -EFAULT;
			*widx = i;
		}
		if (*word >> (pos % 64)) {
			pos += __ffs(*word >> (pos % 64));
			*next = min(pos, end);
			return 0;
		}
		pos = (i + 1) * 64;
	}
	*next = end;
	return 0;
}

/**
 * __cca_mig_export_ram() - KVM_CCA_MIG_EXPORT_RAM
 * @mig: a source session in SRC_PRECOPY or SRC_PAUSED; mig->lock held
 * @a: the arguments, copied in; @a->done, @a->exported and @a->epoch are
 *	written, also on failure
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Exports the pages of [@a->gpa, @a->gpa + @a->npages * PAGE_SIZE), or
 * those whose bit is set in the user bitmap, in batches of up to
 * RMI_MIG_MAX_BATCH pages per firmware call, until the range is done or
 * the stream queue is full. With KVM_CCA_MIG_EXPORT_END_EPOCH, a call
 * that completes the range then closes the epoch. @a->done is where to go
 * on; with a bitmap it is a multiple of 64 unless the range is done.
 *
 * Return: 0 (check @a->done), -EINVAL, -EFAULT (the bitmap), -ENOSPC (the
 * queue is full and nothing was exported: read the stream first),
 * -ENOMEM, -EIO (firmware failure), or an RTT helper's errno.
 */
int __cca_mig_export_ram(struct cca_mig *mig,
			 struct kvm_cca_mig_export_ram *a, u64 *rmi_status)
{
	const u64 __user *bitmap = u64_to_user_ptr(a->bitmap);
	u64 *ipas = page_address(mig->list_page);
	u64 pos = 0, scan = 0, word = 0, widx = U64_MAX;
	unsigned long count, exported;
	int ret = 0;

	lockdep_assert_held(&mig->lock);

	ret = cca_mig_check_export(mig, a);
	if (ret)
		return ret;
	a->done = 0;
	a->exported = 0;
	a->epoch = 0;

	while (pos < a->npages) {
		/* Gather up to one batch of IPAs, from @pos on. */
		count = 0;
		scan = pos;
		while (scan < a->npages && count < RMI_MIG_MAX_BATCH) {
			if (a->bitmap) {
				ret = cca_mig_next_bit(bitmap, scan, a->npages,
						       &word, &widx, &scan);
				if (ret)
					goto out;
				if (scan == a->npages)
					break;
			}
			ipas[count++] = a->gpa + (scan << PAGE_SHIFT);
			scan++;
		}
		if (!count) {
			pos = scan;
			break;
		}
		ret = __cca_mig_export_batch(mig, count, &exported,
					     rmi_status);
		a->exported += exported;
		if (ret) {
			/* The first IPA not exported is where to go on. */
			if (exported < count)
				pos = (ipas[0] - a->gpa) >> PAGE_SHIFT;
			else
				pos = scan;
			if (ret == -ENOSPC && a->exported)
				ret = 0;
			goto out;
		}
		pos = scan;
	}

	if (a->flags & KVM_CCA_MIG_EXPORT_END_EPOCH)
		ret = __cca_mig_end_epoch(mig, &a->epoch, rmi_status);
out:
	/*
	 * With a bitmap, stop at a word boundary so that the VMM can go on
	 * with the bitmap advanced by whole words; the few pages exported
	 * again are harmless (the newer record wins on the destination).
	 */
	if (a->bitmap && pos < a->npages)
		pos = round_down(pos, 64);
	a->done = pos;
	return ret;
}

/* Merge @n firmware bits (byte order, bit i of byte i / 8) at bit @at. */
static void cca_mig_merge_bits(u8 *dst, u64 at, const u8 *src, u64 n)
{
	u64 i;

	if (!(at % BITS_PER_BYTE)) {
		memcpy(dst + at / BITS_PER_BYTE, src, n / BITS_PER_BYTE);
		i = n & ~(u64)(BITS_PER_BYTE - 1);
	} else {
		i = 0;
	}
	for (; i < n; i++)
		if (src[i / BITS_PER_BYTE] & BIT(i % BITS_PER_BYTE))
			dst[(at + i) / BITS_PER_BYTE] |=
				BIT((at + i) % BITS_PER_BYTE);
}

/* Harvest [base, base + n pages) into @kbuf; count the dirty pages. */
static int __cca_mig_harvest(struct cca_mig *mig, u64 base, u64 n, u8 *kbuf,
			     u64 *nr_dirty, u64 *rmi_status)
{
	u8 *fwbuf = page_address(mig->scratch);
	u64 cur = base, top = base + (n << PAGE_SHIFT);
	unsigned long out_top, nr;
	int level = -1;
	long ret;

	lockdep_assert_held(&mig->lock);

	while (cur < top) {
		ret = cca_mig_fw(mig, rmi_status,
				 rmi_mig_dirty_harvest(mig->rd, cur, top,
						       page_to_phys(mig->scratch),
						       &out_top, &nr));
		if (cca_mig_is_rtt_error(ret)) {
			ret = __cca_mig_rtt_fixup(mig, ret, cur, &level);
			if (ret)
				return ret;
			continue;
		}
		if (ret)
			return cca_mig_fw_errno(ret);
		if (WARN_ON(out_top <= cur || out_top > top))
			return -EIO;
		cca_mig_merge_bits(kbuf, (cur - base) >> PAGE_SHIFT, fwbuf,
				   (out_top - cur) >> PAGE_SHIFT);
		*nr_dirty += nr;
		cur = out_top;
		level = -1;
	}
	return 0;
}

/* The memslot with ID @id of address space 0; kvm->slots_lock held. */
static struct kvm_memory_slot *cca_mig_find_slot(struct kvm *kvm, u32 id)
{
	struct kvm_memslots *slots = kvm_memslots(kvm);
	struct kvm_memory_slot *slot;
	int bkt;

	kvm_for_each_memslot(slot, bkt, slots)
		if ((u32)slot->id == id)
			return slot;
	return NULL;
}

static int cca_mig_check_dirty_log(struct cca_mig *mig,
				   const struct kvm_cca_mig_dirty_log *a,
				   struct kvm_memory_slot **slotp)
{
	struct kvm_memory_slot *slot;
	u64 base;

	if (a->flags || !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	if (a->slot >> 16)
		return -EINVAL;
	slot = cca_mig_find_slot(mig->kvm, a->slot);
	if (!slot || !kvm_slot_has_gmem(slot))
		return -EINVAL;
	if (!a->num_pages || a->first_page % 64 ||
	    a->first_page >= slot->npages ||
	    a->num_pages > slot->npages - a->first_page)
		return -EINVAL;
	if (a->num_pages % 64 && a->first_page + a->num_pages != slot->npages)
		return -EINVAL;
	base = (slot->base_gfn + a->first_page) << PAGE_SHIFT;
	if (base + (a->num_pages << PAGE_SHIFT) > cca_mig_prot_limit(mig))
		return -EINVAL;
	*slotp = slot;
	return 0;
}

/**
 * __cca_mig_dirty_log() - KVM_CCA_MIG_GET_DIRTY_LOG
 * @mig: a source session in SRC_PRECOPY or SRC_PAUSED; mig->lock held
 * @a: the arguments, copied in; @a->nr_dirty is written
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Gets and clears the dirty state of the protected pages of a memslot
 * range into the user's bitmap. The bitmap is cleared (and so faulted
 * in) before the first harvest; if a harvest fails, the bits harvested
 * until then are still written, so none is lost.
 *
 * Return: 0, -EINVAL, -EFAULT, -EIO (firmware failure) or an RTT helper's
 * errno.
 */
int __cca_mig_dirty_log(struct cca_mig *mig, struct kvm_cca_mig_dirty_log *a,
			u64 *rmi_status)
{
	u8 __user *ubuf = u64_to_user_ptr(a->dirty_bitmap);
	struct kvm_memory_slot *slot;
	u64 done = 0, base, bytes;
	u8 *kbuf;
	int ret;

	lockdep_assert_held(&mig->lock);

	mutex_lock(&mig->kvm->slots_lock);
	ret = cca_mig_check_dirty_log(mig, a, &slot);
	if (ret)
		goto unlock;
	base = (slot->base_gfn + a->first_page) << PAGE_SHIFT;
	bytes = DIV_ROUND_UP(a->num_pages, 64) * sizeof(u64);
	if (clear_user(ubuf, bytes)) {
		ret = -EFAULT;
		goto unlock;
	}
	kbuf = kmalloc(CCA_MIG_HARVEST_BYTES, GFP_KERNEL_ACCOUNT);
	if (!kbuf) {
		ret = -ENOMEM;
		goto unlock;
	}

	a->nr_dirty = 0;
	while (done < a->num_pages) {
		u64 n = min_t(u64, a->num_pages - done,
			      RMI_MIG_HARVEST_MAX_GRANULES);
		u64 nbytes = min_t(u64, bytes - done / BITS_PER_BYTE,
				   CCA_MIG_HARVEST_BYTES);
		int err;

		memset(kbuf, 0, CCA_MIG_HARVEST_BYTES);
		err = __cca_mig_harvest(mig, base + (done << PAGE_SHIFT), n,
					kbuf, &a->nr_dirty, rmi_status);
		/* Bits harvested before a failure still reach the user. */
		if (copy_to_user(ubuf + done / BITS_PER_BYTE, kbuf, nbytes))
			err = err ?: -EFAULT;
		if (err) {
			ret = err;
			break;
		}
		done += n;
	}
	kfree(kbuf);
unlock:
	mutex_unlock(&mig->kvm->slots_lock);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Import                                                              */

static int cca_mig_add_range(struct kvm *kvm, u64 base, u64 top, void *arg)
{
	struct cca_mig *mig = arg;
	struct cca_mig_range *r;

	r = kzalloc_obj(*r, GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	r->base = base;
	r->top = top;
	r->assigned = bitmap_zalloc((top - base) >> PAGE_SHIFT,
				    GFP_KERNEL_ACCOUNT);
	if (!r->assigned) {
		kfree(r);
		return -ENOMEM;
	}
	list_add_tail(&r->node, &mig->ranges);
	return 0;
}

/**
 * __cca_mig_ranges_init() - Learn the destination's protected memory
 * @mig: a destination session starting; mig->lock held
 *
 * One struct cca_mig_range per guest_memfd memslot, each with a bitmap of
 * the granules the import maps.
 *
 * Return: 0 or -ENOMEM.
 */
int __cca_mig_ranges_init(struct cca_mig *mig)
{
	int ret;

	lockdep_assert_held(&mig->lock);

	mutex_lock(&mig->kvm->slots_lock);
	ret = kvm_rmi_mig_walk_protected_ranges(mig->kvm, cca_mig_add_range,
						mig);
	mutex_unlock(&mig->kvm->slots_lock);
	if (ret)
		__cca_mig_ranges_free(mig);
	return ret;
}

/**
 * __cca_mig_ranges_free() - Forget the destination's protected memory
 * @mig: the session; mig->lock held
 *
 * The granules the import mapped belong to the realm now; KVM unmaps and
 * undelegates them when it destroys the realm.
 */
void __cca_mig_ranges_free(struct cca_mig *mig)
{
	struct cca_mig_range *r, *tmp;

	lockdep_assert_held(&mig->lock);

	list_for_each_entry_safe(r, tmp, &mig->ranges, node) {
		list_del(&r->node);
		bitmap_free(r->assigned);
		kfree(r);
	}
}

static struct cca_mig_range *cca_mig_find_range(struct cca_mig *mig, u64 ipa)
{
	struct cca_mig_range *r;

	list_for_each_entry(r, &mig->ranges, node)
		if (ipa >= r->base && ipa < r->top)
			return r;
	return NULL;
}

/* Choose entry @i's destination granule; see the table in rmi-mig.rst. */
static int __cca_mig_prepare_one(struct cca_mig *mig, unsigned int i,
				 u64 *dst)
{
	const struct rmi_mig_hdr *h =
		(const struct rmi_mig_hdr *)page_address(mig->hdr_pages) + i;
	u64 ipa = le64_to_cpu(h->ipa_mpidr);
	struct cca_mig_range *r;
	struct page *page;
	unsigned long bit;
	kvm_pfn_t pfn;
	int ret;

	lockdep_assert_held(&mig->lock);

	mig->imp_act[i] = CCA_MIG_IMP_NONE;
	mig->imp_page[i] = NULL;
	*dst = 0;
	/* The firmware checks the IPA; an unaligned one maps nothing here. */
	r = PAGE_ALIGNED(ipa) ? cca_mig_find_range(mig, ipa) : NULL;
	if (!r)
		return h->hipas == RMI_MIG_HIPAS_ASSIGNED ? -ENOENT : 0;
	bit = (ipa - r->base) >> PAGE_SHIFT;
	if (h->hipas != RMI_MIG_HIPAS_ASSIGNED && !test_bit(bit, r->assigned))
		return 0;

	ret = kvm_rmi_mig_gmem_get_pfn(mig->kvm, ipa >> PAGE_SHIFT, &pfn,
				       &page);
	if (ret)
		return ret;
	*dst = PFN_PHYS(pfn);
	mig->imp_page[i] = page;
	if (h->hipas != RMI_MIG_HIPAS_ASSIGNED) {
		__clear_bit(bit, r->assigned);
		mig->imp_act[i] = CCA_MIG_IMP_UNMAP;
	} else if (test_bit(bit, r->assigned)) {
		mig->imp_act[i] = CCA_MIG_IMP_MAPPED;
	} else {
		/* Delegated with its neighbours by __cca_mig_prepare(). */
		__set_bit(bit, r->assigned);
		mig->imp_act[i] = CCA_MIG_IMP_DELEGATE;
	}
	return 0;
}

/* The firmware processed entry @i: finish what preparing it started. */
static void __cca_mig_commit_one(struct cca_mig *mig, unsigned int i)
{
	struct page *page = mig->imp_page[i];

	lockdep_assert_held(&mig->lock);

	if (!page)
		return;
	/* Unmapped: the granule is DELEGATED again; give it back. */
	if (mig->imp_act[i] == CCA_MIG_IMP_UNMAP &&
	    kvm_rmi_mig_undelegate(page))
		mig->st.errors++;	/* leaked on purpose, and warned */
	kvm_rmi_mig_gmem_put_pfn(page, mig->imp_act[i] != CCA_MIG_IMP_UNMAP);
	mig->imp_page[i] = NULL;
}

/* The firmware did not process entry @i: undo its preparation. */
static void __cca_mig_rollback_one(struct cca_mig *mig, unsigned int i)
{
	const struct rmi_mig_hdr *h =
		(const struct rmi_mig_hdr *)page_address(mig->hdr_pages) + i;
	u64 ipa = le64_to_cpu(h->ipa_mpidr);
	struct page *page = mig->imp_page[i];
	struct cca_mig_range *r;

	lockdep_assert_held(&mig->lock);

	if (!page)
		return;
	r = cca_mig_find_range(mig, ipa);
	switch (mig->imp_act[i]) {
	case CCA_MIG_IMP_DELEGATED:
		__clear_bit((ipa - r->base) >> PAGE_SHIFT, r->assigned);
		if (kvm_rmi_mig_undelegate(page))
			mig->st.errors++;	/* leaked on purpose */
		break;
	case CCA_MIG_IMP_DELEGATE:
		__clear_bit((ipa - r->base) >> PAGE_SHIFT, r->assigned);
		break;
	case CCA_MIG_IMP_UNMAP:
		__set_bit((ipa - r->base) >> PAGE_SHIFT, r->assigned);
		break;
	default:
		break;
	}
	kvm_rmi_mig_gmem_put_pfn(page, false);
	mig->imp_page[i] = NULL;
}

/*
 * Delegate the granules entries [@from, @count) are to get: each run of
 * entries whose granules lie next to each other with one call.
 */
static int __cca_mig_delegate(struct cca_mig *mig, unsigned int from,
			      unsigned int count)
{
	const u64 *dst_list = page_address(mig->list_page);
	unsigned int i, j, k;
	unsigned long done;

	lockdep_assert_held(&mig->lock);

	for (i = from; i < count; i = j) {
		j = i + 1;
		if (mig->imp_act[i] != CCA_MIG_IMP_DELEGATE)
			continue;
		while (j < count && mig->imp_act[j] == CCA_MIG_IMP_DELEGATE &&
		       dst_list[j] == dst_list[j - 1] + PAGE_SIZE)
			j++;
		done = kvm_rmi_mig_delegate_range(dst_list[i], j - i);
		for (k = i; k < i + done; k++)
			mig->imp_act[k] = CCA_MIG_IMP_DELEGATED;
		if (done < j - i)
			return -ENXIO;
	}
	return 0;
}

/* Prepare entries [@from, @count); undo them all if one fails. */
static int __cca_mig_prepare(struct cca_mig *mig, unsigned int from,
			     unsigned int count)
{
	u64 *dst_list = page_address(mig->list_page);
	unsigned int i;
	int ret;

	lockdep_assert_held(&mig->lock);

	for (i = from; i < count; i++) {
		ret = __cca_mig_prepare_one(mig, i, &dst_list[i]);
		if (ret)
			goto undo;
	}
	ret = __cca_mig_delegate(mig, from, count);
	if (!ret)
		return 0;
undo:
	while (i-- > from)
		__cca_mig_rollback_one(mig, i);
	return ret;
}

/**
 * __cca_mig_import_pages() - Import the PAGES record the parser holds
 * @mig: a destination session in DST_IMPORTING; mig->lock held
 * @rmi_status: RMI return code of a failed firmware call
 *
 * The record's headers are in @mig->hdr_pages and the physical addresses
 * of its ciphertext pages, in header order, in @mig->parser.data: pages of
 * @mig->data_pages, or of the stream ring where the firmware reads them in
 * place.
 *
 * Return: 0, -ENOENT (a mapped record for an IPA no guest_memfd memslot
 * covers), -EIO (firmware failure) or a KVM helper's errno.
 */
int __cca_mig_import_pages(struct cca_mig *mig, u64 *rmi_status)
{
	const struct rmi_mig_hdr *h = page_address(mig->hdr_pages);
	unsigned int count = mig->parser.pages.count, off = 0, ready = 0;
	u64 *data_list = page_address(mig->data_list_page);
	unsigned int i, k = 0;
	int level = -1;
	long ret = 0;

	lockdep_assert_held(&mig->lock);

	for (i = 0; i < count; i++)
		data_list[i] = le16_to_cpu(h[i].flags) &
			       RMI_MIG_HDR_FLAG_HAS_DATA ?
			       mig->parser.data[k++] : 0;

	mutex_lock(&mig->kvm->slots_lock);
	while (off < count) {
		phys_addr_t hdr_pa, data_pa, dst_pa;
		unsigned long done = 0;

		/*
		 * Entries [off, ready) are prepared already: they stay so
		 * while a missing RTT is created, not undone and redone.
		 */
		if (ready < count) {
			ret = __cca_mig_prepare(mig, ready, count);
			if (ret)
				break;
			ready = count;
		}
		hdr_pa = page_to_phys(mig->hdr_pages) + off * RMI_MIG_HDR_SIZE;
		data_pa = page_to_phys(mig->data_list_page) + off * sizeof(u64);
		dst_pa = page_to_phys(mig->list_page) + off * sizeof(u64);
		ret = cca_mig_fw(mig, rmi_status,
				 rmi_mig_import_pages(mig->rd, count - off,
						      hdr_pa, data_pa, dst_pa,
						      &done));
		if (!ret && WARN_ON(!done || done > count - off))
			ret = -EIO;
		if (ret)
			done = 0;
		for (i = off; i < off + done; i++) {
			__cca_mig_commit_one(mig, i);
			if (le16_to_cpu(h[i].flags) & RMI_MIG_HDR_FLAG_HAS_DATA)
				mig->st.content_pages++;
		}
		mig->st.pages += done;
		off += done;

		if (cca_mig_is_rtt_error(ret)) {
			ret = __cca_mig_rtt_fixup(mig, ret,
						  le64_to_cpu(h[off].ipa_mpidr),
						  &level);
			if (ret)
				break;
			continue;
		}
		if (ret) {
			ret = ret < 0 ? ret : cca_mig_fw_errno(ret);
			break;
		}
		level = -1;
	}
	/* What was prepared and not imported is undone, last first. */
	for (i = ready; i-- > off;)
		__cca_mig_rollback_one(mig, i);
	mutex_unlock(&mig->kvm->slots_lock);
	return ret;
}
