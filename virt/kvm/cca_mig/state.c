// SPDX-License-Identifier: GPL-2.0
/*
 * Arm CCA realm live migration: the per-VM migration state machine.
 *
 *   source:       NONE -START-> SRC_PRECOPY -PAUSE-> SRC_PAUSED
 *                 -FINISH-> SRC_ENDED; ABORT from any of them -> NONE
 *                 (from SRC_ENDED only with the destination's abort token)
 *   destination:  NONE -START-> DST_OPEN -(realm record)-> DST_IMPORTING
 *                 -(end record)-> DST_DONE -FINISH-> NONE;
 *                 any stream error -> DST_FAILED;
 *                 ABORT from DST_OPEN, DST_IMPORTING, DST_FAILED or
 *                 DST_ABORTED -> DST_ABORTED (terminal)
 *
 * A sub-command issued in a state that does not allow it fails with
 * -EBUSY and changes nothing (__cca_mig_check()). The table is
 * Documentation/virt/kvm/arm/cca-mig-api.rst, "State machine".
 */
#include "cca_mig.h"

#define S(x)	BIT(KVM_CCA_MIG_STATE_##x)

/* The states in which each sub-command is allowed (a session exists). */
static const u32 cca_mig_allowed[] = {
	[KVM_CCA_MIG_STREAM_FD]	    = S(SRC_PRECOPY) | S(SRC_PAUSED) |
				      S(SRC_ENDED) | S(DST_OPEN) |
				      S(DST_IMPORTING),
	[KVM_CCA_MIG_EXPORT_RAM]    = S(SRC_PRECOPY) | S(SRC_PAUSED),
	[KVM_CCA_MIG_IMPORT_RAM]    = S(DST_OPEN) | S(DST_IMPORTING),
	[KVM_CCA_MIG_GET_DIRTY_LOG] = S(SRC_PRECOPY) | S(SRC_PAUSED),
	[KVM_CCA_MIG_PAUSE]	    = S(SRC_PRECOPY),
	[KVM_CCA_MIG_SAVE_REC]	    = S(SRC_PAUSED),
	[KVM_CCA_MIG_LOAD_REC]	    = S(DST_IMPORTING),
	[KVM_CCA_MIG_FINISH]	    = S(SRC_PAUSED) | S(DST_DONE),
	[KVM_CCA_MIG_ABORT]	    = S(SRC_PRECOPY) | S(SRC_PAUSED) |
				      S(SRC_ENDED) | S(DST_OPEN) |
				      S(DST_IMPORTING) | S(DST_FAILED) |
				      S(DST_ABORTED),
};

#undef S

/**
 * __cca_mig_check() - May @cmd run in the session's current state?
 * @mig: the session; mig->lock held
 * @cmd: a KVM_CCA_MIG_* sub-command other than START
 *
 * STATUS is allowed in every state.
 *
 * Return: 0, or -EBUSY: the state does not allow @cmd, or (STREAM_FD) the
 * session has its stream already.
 */
int __cca_mig_check(struct cca_mig *mig, u32 cmd)
{
	lockdep_assert_held(&mig->lock);

	if (cmd == KVM_CCA_MIG_STATUS)
		return 0;
	if (cmd >= ARRAY_SIZE(cca_mig_allowed) || mig->closed)
		return -EBUSY;
	if (!(cca_mig_allowed[cmd] & BIT(mig->state)))
		return -EBUSY;
	if (cmd == KVM_CCA_MIG_STREAM_FD && mig->has_stream)
		return -EBUSY;
	return 0;
}

static void cca_mig_free_pages(struct cca_mig *mig)
{
	unsigned int i;

	for (i = 0; i < RMI_MIG_MAX_BATCH; i++)
		if (mig->data_pages[i])
			__free_page(mig->data_pages[i]);
	if (mig->hdr_pages)
		__free_pages(mig->hdr_pages, CCA_MIG_HDR_ORDER);
	if (mig->data_list_page)
		__free_page(mig->data_list_page);
	if (mig->list_page)
		__free_page(mig->list_page);
	if (mig->scratch)
		__free_page(mig->scratch);
}

static void cca_mig_release(struct kref *ref)
{
	struct cca_mig *mig = container_of(ref, struct cca_mig, ref);

	WARN_ON(!mig->closed);
	cca_mig_ring_free(&mig->ring);
	cca_mig_free_pages(mig);
	mutex_destroy(&mig->lock);
	kfree(mig);
}

/**
 * cca_mig_get() - Take a reference on a session
 * @mig: the session
 */
void cca_mig_get(struct cca_mig *mig)
{
	kref_get(&mig->ref);
}

/**
 * cca_mig_put() - Drop a reference on a session, freeing it with the last
 * @mig: the session, closed before its last reference goes
 */
void cca_mig_put(struct cca_mig *mig)
{
	kref_put(&mig->ref, cca_mig_release);
}

/**
 * __cca_mig_detach() - Drop the VM's pointer to its migration
 * @mig: a closed session; mig->lock and kvm->lock held, and the caller
 *	holds a reference of its own (the ioctl dispatcher does)
 *
 * The VM can start a new migration afterwards.
 */
void __cca_mig_detach(struct cca_mig *mig)
{
	lockdep_assert_held(&mig->lock);
	lockdep_assert_held(&mig->kvm->lock);

	kvm_rmi_mig_set_priv(mig->kvm, NULL);
	/* Never the last reference: the caller holds one. */
	WARN_ON(kref_put(&mig->ref, cca_mig_release));
}

static struct cca_mig *cca_mig_alloc(struct kvm *kvm, u32 role)
{
	struct cca_mig *mig;
	unsigned int i;

	mig = kzalloc_obj(*mig, GFP_KERNEL_ACCOUNT);
	if (!mig)
		return NULL;
	kref_init(&mig->ref);
	mig->kvm = kvm;
	mig->role = role;
	mutex_init(&mig->lock);
	init_waitqueue_head(&mig->wq);
	INIT_LIST_HEAD(&mig->ranges);

	/* Firmware buffers: Non-secure pages with a physical address. */
	mig->scratch = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	mig->list_page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	mig->data_list_page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	mig->hdr_pages = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
				     CCA_MIG_HDR_ORDER);
	if (!mig->scratch || !mig->list_page || !mig->data_list_page ||
	    !mig->hdr_pages)
		goto free;
	/* The source's ciphertext goes straight into its stream ring. */
	if (role == KVM_CCA_MIG_ROLE_SOURCE) {
		if (cca_mig_ring_alloc(&mig->ring))
			goto free;
		return mig;
	}
	for (i = 0; i < RMI_MIG_MAX_BATCH; i++) {
		mig->data_pages[i] = alloc_page(GFP_KERNEL_ACCOUNT);
		if (!mig->data_pages[i])
			goto free;
	}
	return mig;

free:
	cca_mig_free_pages(mig);
	mutex_destroy(&mig->lock);
	kfree(mig);
	return NULL;
}

/* Every protected IPA is tracked: the whole lower half of the IPA space. */
static u64 cca_mig_prot_top(struct cca_mig *mig)
{
	return BIT_ULL(mig->ipa_bits - 1);
}

/**
 * __cca_mig_track_all() - Start dirty tracking of every protected IPA
 * @mig: a source session in RMI-MIG state SRC_OPEN; mig->lock held
 * @rmi_status: RMI return code of a failed firmware call
 *
 * RMI_MIG_TRACK_START over [0, 2^(ipa_bits - 1)): every granule that is
 * not UNASSIGNED EMPTY becomes NEW (to be exported), so RMI_MIG_END can
 * prove that nothing was left behind. A block mapping that is not wholly
 * empty is split with RTT create-on-demand when the RMM asks for it.
 *
 * Return: 0, -EIO (firmware failure), or the RTT helper's errno.
 */
int __cca_mig_track_all(struct cca_mig *mig, u64 *rmi_status)
{
	u64 base = 0, top = cca_mig_prot_top(mig);
	unsigned long out_top;
	int level = -1;
	long ret;

	lockdep_assert_held(&mig->lock);

	while (base < top) {
		ret = cca_mig_fw(mig, rmi_status,
				 rmi_mig_track_start(mig->rd, base, top,
						     &out_top));
		if (RMI_RETURN_STATUS(ret) == RMI_ERROR_RTT && ret > 0) {
			int l = RMI_RETURN_INDEX(ret);

			/* Each retry must go one level deeper. */
			if (l <= level || l >= 3)
				return -EIO;
			level = l;
			ret = kvm_rmi_mig_rtt_create(mig->kvm, base, l + 1);
			if (ret)
				return ret;
			continue;
		}
		if (ret)
			return cca_mig_fw_errno(ret);
		if (out_top <= base || out_top > top)
			return -EIO;
		base = out_top;
		level = -1;
	}
	return 0;
}

static int cca_mig_start_source(struct cca_mig *mig,
				struct kvm_cca_mig_start *a, u64 *rmi_status)
{
	unsigned long len;
	long ret;

	lockdep_assert_held(&mig->lock);

	/* The ring is empty: the header and the realm record fit. */
	__cca_mig_queue_stream_hdr(mig);
	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_session_open(mig->rd,
					      page_to_phys(mig->scratch),
					      RMI_MIG_ROLE_SOURCE, a->session_id,
					      a->nonce));
	if (ret)
		return cca_mig_fw_errno(ret);

	ret = __cca_mig_track_all(mig, rmi_status);
	if (ret)
		goto abort_session;

	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_export_realm(mig->rd,
					      page_to_phys(mig->scratch),
					      &len));
	if (ret) {
		ret = cca_mig_fw_errno(ret);
		goto abort_session;
	}
	if (WARN_ON(len != KVM_CCA_MIG_REALM_BLOB_LEN)) {
		ret = -EIO;
		goto abort_session;
	}
	__cca_mig_rec_put(mig, CCA_MIG_REC_REALM, page_address(mig->scratch),
			  len);
	mig->state = KVM_CCA_MIG_STATE_SRC_PRECOPY;
	return 0;

abort_session:
	/* Nothing was exported to anyone: the realm runs on as before. */
	if (cca_mig_fw(mig, NULL, rmi_mig_abort(mig->rd, 0, NULL)))
		pr_warn("cca_mig: cannot abort a failed start\n");
	return ret;
}

static int cca_mig_start_destination(struct cca_mig *mig,
				     struct kvm_cca_mig_start *a,
				     u64 *rmi_status)
{
	long ret;

	lockdep_assert_held(&mig->lock);

	ret = __cca_mig_ranges_init(mig);
	if (ret)
		return ret;
	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_session_open(mig->rd,
					      page_to_phys(mig->scratch),
					      RMI_MIG_ROLE_DESTINATION,
					      a->session_id, a->nonce));
	if (ret) {
		__cca_mig_ranges_free(mig);
		return cca_mig_fw_errno(ret);
	}
	mig->state = KVM_CCA_MIG_STATE_DST_OPEN;
	return 0;
}

static int cca_mig_check_start(const struct kvm_cca_mig_start *a)
{
	bool zero_nonce = mem_is_zero(a->peer_nonce, sizeof(a->peer_nonce));
	bool dst = a->role == KVM_CCA_MIG_ROLE_DESTINATION;

	if (a->flags || a->pad || !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	if (a->role != KVM_CCA_MIG_ROLE_SOURCE &&
	    a->role != KVM_CCA_MIG_ROLE_DESTINATION)
		return -EINVAL;
	if (!a->key_blob || a->key_blob_len < KVM_CCA_MIG_KEY_BLOB_MIN ||
	    a->key_blob_len > KVM_CCA_MIG_KEY_BLOB_MAX)
		return -EINVAL;
	/* The source needs the destination's nonce; the destination none. */
	if (zero_nonce != dst)
		return -EINVAL;
	return 0;
}

/* Where the realm must be for a migration in @role to start. */
static int cca_mig_check_realm(struct kvm *kvm, u32 role)
{
	if (role == KVM_CCA_MIG_ROLE_SOURCE)
		return kvm_rmi_mig_rd_phys(kvm) &&
		       !kvm_rmi_mig_is_importing(kvm) ? 0 : -EBUSY;
	if (!kvm_rmi_mig_rd_phys(kvm))
		return kvm_rmi_mig_create_import_realm(kvm);
	return kvm_rmi_mig_is_importing(kvm) ? 0 : -EBUSY;
}

/**
 * cca_mig_start() - KVM_CCA_MIG_START
 * @kvm: the VM; kvm->lock held
 * @a: the arguments, copied in; @a->nonce is written
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Source: opens the RMI-MIG session with the destination's nonce, tracks
 * every protected IPA and queues the stream header and the realm record.
 * Destination: creates the realm in import mode if it has no RD yet and
 * opens the session. Either side returns its own nonce. On failure
 * nothing remains: no session, no per-VM state, and the realm runs (or
 * may be started again) as before.
 *
 * Return: 0, -EINVAL (arguments), -EFAULT, -EBUSY (a migration exists,
 * or the realm is not in a state to start one), -ENOMEM, -EIO (firmware
 * failure), or the errno of KVM's realm creation.
 */
int cca_mig_start(struct kvm *kvm, struct kvm_cca_mig_start *a,
		  u64 *rmi_status)
{
	struct rmi_mig_session_params *params;
	struct cca_mig *mig;
	int ret;

	lockdep_assert_held(&kvm->lock);

	ret = cca_mig_check_start(a);
	if (ret)
		return ret;
	if (kvm_rmi_mig_get_priv(kvm))
		return -EBUSY;
	ret = cca_mig_check_realm(kvm, a->role);
	if (ret)
		return ret;

	mig = cca_mig_alloc(kvm, a->role);
	if (!mig)
		return -ENOMEM;
	mig->session_id = a->session_id;
	mig->rd = kvm_rmi_mig_rd_phys(kvm);
	mig->ipa_bits = kvm_rmi_mig_ipa_bits(kvm);

	params = page_address(mig->scratch);
	params->blob_len = a->key_blob_len;
	memcpy(params->peer_nonce, a->peer_nonce, sizeof(params->peer_nonce));
	if (copy_from_user(params->blob, u64_to_user_ptr(a->key_blob),
			   a->key_blob_len)) {
		ret = -EFAULT;
		goto free;
	}

	mutex_lock(&mig->lock);
	if (a->role == KVM_CCA_MIG_ROLE_SOURCE)
		ret = cca_mig_start_source(mig, a, rmi_status);
	else
		ret = cca_mig_start_destination(mig, a, rmi_status);
	/* The key blob has served its purpose. */
	memzero_explicit(page_address(mig->scratch), PAGE_SIZE);
	mutex_unlock(&mig->lock);
	if (ret)
		goto free;

	kvm_rmi_mig_set_priv(kvm, mig);
	return 0;

free:
	mig->closed = true;
	cca_mig_put(mig);
	return ret;
}

/**
 * __cca_mig_pause() - KVM_CCA_MIG_PAUSE: stop the source realm
 * @mig: a source session in SRC_PRECOPY; mig->lock held
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Keeps every vCPU out of its REC from now on (KVM_RUN fails with -EBUSY)
 * and waits for running ones to leave, then RMI_MIG_PAUSE. On failure the
 * vCPUs may run again and the state is unchanged.
 *
 * Return: 0, -EIO (firmware failure) or the errno of blocking entry.
 */
int __cca_mig_pause(struct cca_mig *mig, u64 *rmi_status)
{
	long ret;

	lockdep_assert_held(&mig->lock);

	ret = kvm_rmi_mig_block_entry(mig->kvm, -EBUSY);
	if (ret)
		return ret;
	ret = cca_mig_fw(mig, rmi_status, rmi_mig_pause(mig->rd));
	if (ret) {
		kvm_rmi_mig_unblock_entry(mig->kvm);
		return cca_mig_fw_errno(ret);
	}
	mig->blocked = true;
	mig->state = KVM_CCA_MIG_STATE_SRC_PAUSED;
	return 0;
}

static int cca_mig_finish_source(struct cca_mig *mig, u64 *rmi_status)
{
	unsigned long len;
	long ret;

	lockdep_assert_held(&mig->lock);

	ret = __cca_mig_rec_reserve(mig, KVM_CCA_MIG_END_BLOB_LEN);
	if (ret)
		return ret;
	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_end(mig->rd, page_to_phys(mig->scratch),
				     &len));
	if (ret)
		return cca_mig_fw_errno(ret);
	/* From here on the realm has moved: KVM_RUN fails with -EIO. */
	WARN_ON(kvm_rmi_mig_block_entry(mig->kvm, -EIO));
	__cca_mig_queue_end(mig, page_address(mig->scratch));
	mig->state = KVM_CCA_MIG_STATE_SRC_ENDED;
	return 0;
}

/**
 * __cca_mig_finish() - KVM_CCA_MIG_FINISH
 * @mig: a source session in SRC_PAUSED or a destination one in DST_DONE;
 *	mig->lock held
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Source: RMI_MIG_END queues the end record; the realm can no longer run
 * here (KVM_RUN fails with -EIO) unless the destination's abort token is
 * given to KVM_CCA_MIG_ABORT. Destination: the import ended and the realm
 * runs; the migration is released.
 *
 * Return: 0, -ENOMEM, or -EIO: the firmware refused to end (a vCPU not
 * saved, or pages still to be exported: the state is unchanged and the
 * VMM may go on exporting).
 */
int __cca_mig_finish(struct cca_mig *mig, u64 *rmi_status)
{
	lockdep_assert_held(&mig->lock);

	if (mig->role == KVM_CCA_MIG_ROLE_SOURCE)
		return cca_mig_finish_source(mig, rmi_status);

	__cca_mig_close(mig);
	__cca_mig_detach(mig);
	return 0;
}

static int cca_mig_abort_source(struct cca_mig *mig,
				struct kvm_cca_mig_abort *a, u64 *rmi_status)
{
	phys_addr_t token = 0;
	long ret;

	lockdep_assert_held(&mig->lock);

	if (mig->state == KVM_CCA_MIG_STATE_SRC_ENDED) {
		if (!a->token ||
		    a->token_len != KVM_CCA_MIG_ABORT_TOKEN_LEN)
			return -EINVAL;
		if (copy_from_user(page_address(mig->scratch),
				   u64_to_user_ptr(a->token), a->token_len))
			return -EFAULT;
		token = page_to_phys(mig->scratch);
	}
	ret = cca_mig_fw(mig, rmi_status, rmi_mig_abort(mig->rd, token, NULL));
	if (ret)
		return cca_mig_fw_errno(ret);

	/* RMI-MIG state NONE: the realm runs as before. */
	mig->state = KVM_CCA_MIG_STATE_NONE;
	__cca_mig_close(mig);
	__cca_mig_detach(mig);
	return 0;
}

static int cca_mig_abort_destination(struct cca_mig *mig,
				     struct kvm_cca_mig_abort *a,
				     u64 *rmi_status)
{
	int ret;

	lockdep_assert_held(&mig->lock);

	if (!a->token || a->token_len < KVM_CCA_MIG_ABORT_TOKEN_LEN)
		return -EINVAL;
	ret = __cca_mig_dst_abort(mig, rmi_status);
	if (ret)
		return ret;
	if (copy_to_user(u64_to_user_ptr(a->token), mig->abort_token,
			 KVM_CCA_MIG_ABORT_TOKEN_LEN))
		return -EFAULT;
	a->token_len = KVM_CCA_MIG_ABORT_TOKEN_LEN;
	return 0;
}

/**
 * __cca_mig_dst_abort() - Abort the destination's import
 * @mig: a destination session; mig->lock held
 * @rmi_status: RMI return code of a failed firmware call
 *
 * RMI_MIG_ABORT produces the abort token (again, identical, if it was
 * produced before) into @mig->abort_token; the state is DST_ABORTED and
 * the realm can never run.
 *
 * Return: 0 or -EIO (firmware failure).
 */
int __cca_mig_dst_abort(struct cca_mig *mig, u64 *rmi_status)
{
	unsigned long len;
	long ret;

	lockdep_assert_held(&mig->lock);

	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_abort(mig->rd, page_to_phys(mig->scratch),
				       &len));
	if (ret)
		return cca_mig_fw_errno(ret);
	if (WARN_ON(len != KVM_CCA_MIG_ABORT_TOKEN_LEN))
		return -EIO;
	memcpy(mig->abort_token, page_address(mig->scratch), len);
	mig->state = KVM_CCA_MIG_STATE_DST_ABORTED;
	mig->parser.phase = CCA_MIG_PARSE_DONE;
	return 0;
}

/**
 * __cca_mig_abort() - KVM_CCA_MIG_ABORT
 * @mig: the session; mig->lock held
 * @a: the arguments, copied in; @a->token_len is written (destination)
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Source: resumes the realm (after FINISH only with the destination's
 * abort token) and releases the migration; a stream reader gets an ABORT
 * record, then end of file. Destination: writes the abort token to the
 * user buffer; the realm can never run.
 *
 * Return: 0, -EINVAL, -EFAULT or -EIO (firmware failure: for a source,
 * the token was refused and nothing changed).
 */
int __cca_mig_abort(struct cca_mig *mig, struct kvm_cca_mig_abort *a,
		    u64 *rmi_status)
{
	lockdep_assert_held(&mig->lock);

	if (a->flags || !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	if (mig->role == KVM_CCA_MIG_ROLE_SOURCE)
		return cca_mig_abort_source(mig, a, rmi_status);
	return cca_mig_abort_destination(mig, a, rmi_status);
}

/**
 * __cca_mig_status() - KVM_CCA_MIG_STATUS
 * @mig: the session; mig->lock held
 * @st: filled in
 */
void __cca_mig_status(struct cca_mig *mig, struct kvm_cca_mig_status *st)
{
	struct rmi_mig_session_state fw;

	lockdep_assert_held(&mig->lock);

	if (!cca_mig_fw(mig, NULL, rmi_mig_session_state(mig->rd, &fw)))
		mig->st.fw_state = fw.state;
	*st = mig->st;
	st->state = mig->state;
	st->role = mig->role;
	st->queued = __cca_mig_queued(mig);
	memset(st->reserved, 0, sizeof(st->reserved));
}

/* Bring the firmware session to an end the realm can be destroyed in. */
static void cca_mig_end_session(struct cca_mig *mig)
{
	struct rmi_sro_state *sro;
	long ret = 0;

	lockdep_assert_held(&mig->lock);

	switch (mig->state) {
	case KVM_CCA_MIG_STATE_SRC_PRECOPY:
	case KVM_CCA_MIG_STATE_SRC_PAUSED:
		ret = cca_mig_fw(mig, NULL, rmi_mig_abort(mig->rd, 0, NULL));
		if (!ret)
			mig->state = KVM_CCA_MIG_STATE_NONE;
		break;
	case KVM_CCA_MIG_STATE_SRC_ENDED:
		/* The realm moved: terminate it here, then close. */
		sro = kzalloc_obj(*sro, GFP_KERNEL);
		if (!sro) {
			ret = -ENOMEM;
			break;
		}
		ret = rmi_realm_terminate(mig->rd, sro);
		rmi_sro_free(sro);
		kfree(sro);
		if (!ret)
			ret = cca_mig_fw(mig, NULL,
					 rmi_mig_session_close(mig->rd));
		break;
	case KVM_CCA_MIG_STATE_DST_OPEN:
	case KVM_CCA_MIG_STATE_DST_IMPORTING:
	case KVM_CCA_MIG_STATE_DST_FAILED:
		ret = __cca_mig_dst_abort(mig, NULL);
		fallthrough;
	case KVM_CCA_MIG_STATE_DST_ABORTED:
		if (!ret)
			ret = cca_mig_fw(mig, NULL,
					 rmi_mig_session_close(mig->rd));
		break;
	default:
		break;
	}
	if (ret)
		pr_warn("cca_mig: cannot end the session in state %u: %ld\n",
			mig->state, ret);
}

/**
 * __cca_mig_close() - End a session for good
 * @mig: the session; mig->lock held
 *
 * Ends the firmware session if it is still open (the VM dies), frees the
 * destination's import bookkeeping, lets a source's stream reader drain
 * what was read partly, then an ABORT record if the migration did not end,
 * then end of file; a destination's writer gets -EPIPE.
 */
void __cca_mig_close(struct cca_mig *mig)
{
	lockdep_assert_held(&mig->lock);

	if (mig->closed)
		return;
	cca_mig_end_session(mig);
	__cca_mig_ranges_free(mig);
	if (mig->role == KVM_CCA_MIG_ROLE_SOURCE && !mig->end_queued)
		__cca_mig_queue_abort(mig);
	if (mig->blocked && mig->state == KVM_CCA_MIG_STATE_NONE)
		kvm_rmi_mig_unblock_entry(mig->kvm);
	mig->blocked = false;
	mig->closed = true;
	wake_up_interruptible_poll(&mig->wq, EPOLLIN | EPOLLOUT | EPOLLHUP);
}
