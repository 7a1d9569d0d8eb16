// SPDX-License-Identifier: GPL-2.0
/*
 * Arm CCA realm live migration: accounting of RMI-MIG firmware calls.
 *
 * Every rmi_mig_*() call goes through cca_mig_fw() (cca_mig.h), which
 * counts it, measures its time and records the RMI return code of a call
 * that failed, for KVM_CCA_MIG_STATUS and kvm_cca_mig_op.rmi_status.
 */
#include "cca_mig.h"

/**
 * __cca_mig_fw_done() - Account for a firmware call that returned
 * @mig: the session; mig->lock held
 * @t0: ktime_get_ns() before the call
 * @ret: what the rmi_*() wrapper returned
 * @rmi_status: where a positive RMI return code is stored, or NULL
 *
 * Return: @ret.
 */
long __cca_mig_fw_done(struct cca_mig *mig, u64 t0, long ret,
		       u64 *rmi_status)
{
	lockdep_assert_held(&mig->lock);

	mig->st.fw_calls++;
	mig->st.fw_time_ns += ktime_get_ns() - t0;
	/*
	 * A missing RTT is created and the call retried: not a failure, so
	 * neither counted nor reported (KVM_CCA_MIG_OP's rmi_status stays 0
	 * when the operation succeeds after it).
	 */
	if (ret > 0 && RMI_RETURN_STATUS(ret) == RMI_ERROR_RTT)
		return ret;
	if (ret)
		mig->st.errors++;
	if (ret > 0) {
		mig->st.last_rmi_status = ret;
		if (rmi_status)
			*rmi_status = ret;
	}
	return ret;
}

/**
 * cca_mig_fw_errno() - The errno for a failed firmware call
 * @ret: what an rmi_*() wrapper returned, not 0
 *
 * A positive RMI return code is a firmware failure, -EIO; its code is in
 * kvm_cca_mig_op.rmi_status. A negative value is the wrapper's own errno
 * (-EOPNOTSUPP when the firmware lacks RMI-MIG).
 *
 * Return: a negative errno.
 */
int cca_mig_fw_errno(long ret)
{
	if (WARN_ON(!ret))
		return -EIO;
	return ret > 0 ? -EIO : (int)ret;
}
