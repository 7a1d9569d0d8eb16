// SPDX-License-Identifier: GPL-2.0
/*
 * Arm CCA realm live migration: vCPU (REC) state.
 *
 * The source exports each REC's complete context with RMI_MIG_EXPORT_REC
 * once the realm is paused, as one REC record of the stream. The
 * destination imports a REC record into the vCPU whose REC has the
 * record's MPIDR: from the stream, or from a user buffer with
 * KVM_CCA_MIG_LOAD_REC for a VMM that carries REC blobs itself.
 */
#include "cca_mig.h"

/* The vCPU created with KVM_CREATE_VCPU(@id), or NULL. */
static struct kvm_vcpu *cca_mig_vcpu_by_id(struct kvm *kvm, u32 id)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm)
		if ((u32)vcpu->vcpu_id == id)
			return vcpu;
	return NULL;
}

static int cca_mig_check_rec(const struct kvm_cca_mig_rec *a)
{
	if (a->flags || !mem_is_zero(a->reserved, sizeof(a->reserved)))
		return -EINVAL;
	return 0;
}

/**
 * __cca_mig_save_rec() - KVM_CCA_MIG_SAVE_REC
 * @mig: a source session in SRC_PAUSED; mig->lock held
 * @a: the arguments, copied in
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Queues the REC record of vCPU @a->vcpu_id.
 *
 * Return: 0, -EINVAL (arguments, an unknown vCPU or one without a REC),
 * -ENOMEM, or -EIO (firmware failure, e.g. the REC was saved already).
 */
int __cca_mig_save_rec(struct cca_mig *mig, struct kvm_cca_mig_rec *a,
		       u64 *rmi_status)
{
	struct kvm_vcpu *vcpu;
	phys_addr_t rec;
	unsigned long len;
	long ret;

	lockdep_assert_held(&mig->lock);

	ret = cca_mig_check_rec(a);
	if (ret)
		return ret;
	if (a->blob || a->blob_len)
		return -EINVAL;
	vcpu = cca_mig_vcpu_by_id(mig->kvm, a->vcpu_id);
	rec = vcpu ? kvm_rmi_mig_rec_phys(vcpu) : 0;
	if (!rec)
		return -EINVAL;

	ret = __cca_mig_rec_reserve(mig, KVM_CCA_MIG_REC_BLOB_LEN);
	if (ret)
		return ret;
	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_export_rec(mig->rd, rec,
					    page_to_phys(mig->scratch), &len));
	if (!ret && WARN_ON(len != KVM_CCA_MIG_REC_BLOB_LEN))
		ret = -EIO;
	if (ret)
		return cca_mig_fw_errno(ret);
	__cca_mig_rec_put(mig, CCA_MIG_REC_REC, page_address(mig->scratch),
			  len);
	mig->st.recs++;
	return 0;
}

/**
 * __cca_mig_import_rec() - Import one REC blob
 * @mig: a destination session in DST_IMPORTING; mig->lock held
 * @vcpu: the vCPU to load, or NULL for the one with the blob's MPIDR
 * @blob: KVM_CCA_MIG_REC_BLOB_LEN bytes in kernel memory
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Return: 0, -ENOENT (no vCPU with the blob's MPIDR, or no REC yet),
 * or -EIO (firmware failure).
 */
int __cca_mig_import_rec(struct cca_mig *mig, struct kvm_vcpu *vcpu,
			 const void *blob, u64 *rmi_status)
{
	const struct rmi_mig_hdr *h = blob;
	phys_addr_t rec;
	long ret;

	lockdep_assert_held(&mig->lock);

	if (!vcpu)
		vcpu = kvm_rmi_mig_vcpu_by_mpidr(mig->kvm,
						 le64_to_cpu(h->ipa_mpidr));
	rec = vcpu ? kvm_rmi_mig_rec_phys(vcpu) : 0;
	if (!rec)
		return -ENOENT;
	if (blob != page_address(mig->scratch))
		memcpy(page_address(mig->scratch), blob,
		       KVM_CCA_MIG_REC_BLOB_LEN);
	ret = cca_mig_fw(mig, rmi_status,
			 rmi_mig_import_rec(mig->rd, rec,
					    page_to_phys(mig->scratch)));
	if (ret)
		return cca_mig_fw_errno(ret);
	mig->st.recs++;
	return 0;
}

/**
 * __cca_mig_load_rec() - KVM_CCA_MIG_LOAD_REC
 * @mig: a destination session in DST_IMPORTING; mig->lock held
 * @a: the arguments, copied in
 * @rmi_status: RMI return code of a failed firmware call
 *
 * Imports the REC blob at @a->blob into vCPU @a->vcpu_id. The blob must
 * be the next one in the stream's order, as if it had come through it.
 *
 * Return: 0, -EINVAL (arguments, an unknown vCPU), -EFAULT, -ENOENT (the
 * vCPU has no REC), or -EIO (firmware failure: the RMM refused the blob;
 * unless it was another vCPU's, the import can only be aborted).
 */
int __cca_mig_load_rec(struct cca_mig *mig, struct kvm_cca_mig_rec *a,
		       u64 *rmi_status)
{
	struct kvm_vcpu *vcpu;
	int ret;

	lockdep_assert_held(&mig->lock);

	ret = cca_mig_check_rec(a);
	if (ret)
		return ret;
	if (!a->blob || a->blob_len != KVM_CCA_MIG_REC_BLOB_LEN)
		return -EINVAL;
	vcpu = cca_mig_vcpu_by_id(mig->kvm, a->vcpu_id);
	if (!vcpu)
		return -EINVAL;
	if (copy_from_user(page_address(mig->scratch),
			   u64_to_user_ptr(a->blob), a->blob_len))
		return -EFAULT;
	return __cca_mig_import_rec(mig, vcpu, page_address(mig->scratch),
				    rmi_status);
}
