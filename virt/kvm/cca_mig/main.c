// SPDX-License-Identifier: GPL-2.0
/*
 * Arm CCA realm live migration: module entry and KVM_CCA_MIG_OP dispatch.
 *
 * KVM forwards KVM_CCA_MIG_OP on a realm VM to cca_mig_vm_ioctl() with
 * kvm->lock held, and calls cca_mig_vm_release() when a VM that has a
 * migration dies. The envelope and every sub-command's structure are
 * copied in and checked here (flags, padding and reserved fields must be
 * zero) before the state machine (state.c) sees them.
 * Documentation/virt/kvm/arm/cca-mig-api.rst describes the ABI.
 */
#include "cca_mig.h"

union cca_mig_args {
	struct kvm_cca_mig_start start;
	struct kvm_cca_mig_stream_fd stream_fd;
	struct kvm_cca_mig_export_ram export_ram;
	struct kvm_cca_mig_import_ram import_ram;
	struct kvm_cca_mig_dirty_log dirty_log;
	struct kvm_cca_mig_rec rec;
	struct kvm_cca_mig_abort abort;
	struct kvm_cca_mig_status status;
};

/**
 * struct cca_mig_cmd_desc - How a sub-command's structure travels
 * @size: size of its structure; 0 for none (kvm_cca_mig_op.data must be 0)
 * @copy_in: the structure has inputs
 * @copy_out: the structure has outputs, written back on success
 * @out_on_error: the outputs are also written back on failure
 *	(progress counters of EXPORT_RAM and IMPORT_RAM)
 */
struct cca_mig_cmd_desc {
	u32 size;
	bool copy_in;
	bool copy_out;
	bool out_on_error;
};

#define CCA_MIG_CMD(_cmd, _type, _in, _out, _err)			\
	[KVM_CCA_MIG_##_cmd] = {					\
		.size = sizeof(struct _type), .copy_in = (_in),		\
		.copy_out = (_out), .out_on_error = (_err),		\
	}

static const struct cca_mig_cmd_desc cca_mig_cmds[] = {
	CCA_MIG_CMD(START, kvm_cca_mig_start, true, true, false),
	/* STREAM_FD writes its structure back itself, before fd_install(). */
	CCA_MIG_CMD(STREAM_FD, kvm_cca_mig_stream_fd, true, false, false),
	CCA_MIG_CMD(EXPORT_RAM, kvm_cca_mig_export_ram, true, true, true),
	CCA_MIG_CMD(IMPORT_RAM, kvm_cca_mig_import_ram, true, true, true),
	CCA_MIG_CMD(GET_DIRTY_LOG, kvm_cca_mig_dirty_log, true, true, false),
	[KVM_CCA_MIG_PAUSE] = { 0 },
	CCA_MIG_CMD(SAVE_REC, kvm_cca_mig_rec, true, false, false),
	CCA_MIG_CMD(LOAD_REC, kvm_cca_mig_rec, true, false, false),
	[KVM_CCA_MIG_FINISH] = { 0 },
	CCA_MIG_CMD(ABORT, kvm_cca_mig_abort, true, true, false),
	CCA_MIG_CMD(STATUS, kvm_cca_mig_status, false, true, false),
};

static long __cca_mig_dispatch(struct cca_mig *mig, u32 cmd,
			       union cca_mig_args *a, void __user *data,
			       u64 *rmi_status)
{
	int ret;

	lockdep_assert_held(&mig->lock);

	ret = __cca_mig_check(mig, cmd);
	if (ret)
		return ret;

	switch (cmd) {
	case KVM_CCA_MIG_STATUS:
		__cca_mig_status(mig, &a->status);
		return 0;
	case KVM_CCA_MIG_STREAM_FD:
		return __cca_mig_stream_fd(mig, &a->stream_fd, data);
	case KVM_CCA_MIG_EXPORT_RAM:
		return __cca_mig_export_ram(mig, &a->export_ram, rmi_status);
	case KVM_CCA_MIG_IMPORT_RAM:
		return __cca_mig_import_ram(mig, &a->import_ram, rmi_status);
	case KVM_CCA_MIG_GET_DIRTY_LOG:
		return __cca_mig_dirty_log(mig, &a->dirty_log, rmi_status);
	case KVM_CCA_MIG_PAUSE:
		return __cca_mig_pause(mig, rmi_status);
	case KVM_CCA_MIG_SAVE_REC:
		return __cca_mig_save_rec(mig, &a->rec, rmi_status);
	case KVM_CCA_MIG_LOAD_REC:
		return __cca_mig_load_rec(mig, &a->rec, rmi_status);
	case KVM_CCA_MIG_FINISH:
		return __cca_mig_finish(mig, rmi_status);
	case KVM_CCA_MIG_ABORT:
		return __cca_mig_abort(mig, &a->abort, rmi_status);
	}
	return -EINVAL;
}

static long cca_mig_dispatch(struct kvm *kvm, u32 cmd, union cca_mig_args *a,
			     void __user *data, u64 *rmi_status)
{
	struct cca_mig *mig;
	long ret;

	if (cmd == KVM_CCA_MIG_START)
		return cca_mig_start(kvm, &a->start, rmi_status);

	mig = kvm_rmi_mig_get_priv(kvm);
	if (!mig) {
		/* STATUS reads an all-zero state NONE without a migration. */
		return cmd == KVM_CCA_MIG_STATUS ? 0 : -EBUSY;
	}

	/* FINISH and ABORT may drop the VM's reference: hold one of ours. */
	cca_mig_get(mig);
	mutex_lock(&mig->lock);
	ret = __cca_mig_dispatch(mig, cmd, a, data, rmi_status);
	mutex_unlock(&mig->lock);
	cca_mig_put(mig);
	return ret;
}

/**
 * cca_mig_vm_ioctl() - KVM_CCA_MIG_OP
 * @kvm: the VM; kvm->lock held by KVM
 * @argp: user pointer to struct kvm_cca_mig_op
 *
 * Checks the envelope (flags and reserved fields zero, a known
 * sub-command, @data zero exactly for the sub-commands without a
 * structure), copies the sub-command's structure in, runs it, copies its
 * outputs back and always writes kvm_cca_mig_op.rmi_status.
 *
 * Return: 0 or a negative errno (cca-mig-api.rst lists them per
 * sub-command).
 */
long cca_mig_vm_ioctl(struct kvm *kvm, void __user *argp)
{
	struct kvm_cca_mig_op __user *uop = argp;
	const struct cca_mig_cmd_desc *desc;
	struct kvm_cca_mig_op op;
	union cca_mig_args args;
	void __user *data;
	u64 rmi_status = 0;
	long ret;

	lockdep_assert_held(&kvm->lock);

	if (copy_from_user(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.flags || !mem_is_zero(op.reserved, sizeof(op.reserved)))
		return -EINVAL;
	if (!op.cmd || op.cmd >= ARRAY_SIZE(cca_mig_cmds))
		return -EINVAL;
	desc = &cca_mig_cmds[op.cmd];
	data = u64_to_user_ptr(op.data);
	if (!desc->size != !op.data)
		return -EINVAL;

	memset(&args, 0, sizeof(args));
	if (desc->copy_in && copy_from_user(&args, data, desc->size))
		return -EFAULT;
	/*
	 * STREAM_FD installs a file descriptor, after which nothing may
	 * fail: the VMM would never learn the fd, and the file would pin
	 * the VM. Its rmi_status, always 0, is written first.
	 */
	if (op.cmd == KVM_CCA_MIG_STREAM_FD &&
	    put_user(rmi_status, &uop->rmi_status))
		return -EFAULT;

	ret = cca_mig_dispatch(kvm, op.cmd, &args, data, &rmi_status);

	if (desc->copy_out && (!ret || desc->out_on_error) &&
	    copy_to_user(data, &args, desc->size))
		ret = -EFAULT;
	if (op.cmd != KVM_CCA_MIG_STREAM_FD &&
	    put_user(rmi_status, &uop->rmi_status))
		ret = -EFAULT;
	return ret;
}

/**
 * cca_mig_vm_release() - A VM with a migration dies
 * @kvm: the VM; kvm->lock held by KVM, no vCPU runs and nothing else can
 *	reach it
 *
 * Ends the firmware session so that KVM can destroy the realm (a source
 * that has not ended is aborted, an ended one is terminated and closed; a
 * destination that did not finish is aborted and closed), then drops the
 * VM's reference on the migration.
 */
void cca_mig_vm_release(struct kvm *kvm)
{
	struct cca_mig *mig;

	lockdep_assert_held(&kvm->lock);

	mig = kvm_rmi_mig_get_priv(kvm);
	if (!mig)
		return;
	mutex_lock(&mig->lock);
	__cca_mig_close(mig);
	mutex_unlock(&mig->lock);
	kvm_rmi_mig_set_priv(kvm, NULL);
	cca_mig_put(mig);
}

static const struct kvm_rmi_mig_ops cca_mig_ops = {
	.owner		= THIS_MODULE,
	.vm_ioctl	= cca_mig_vm_ioctl,
	.vm_release	= cca_mig_vm_release,
};

static int __init cca_mig_init(void)
{
	unsigned long version, features;
	long ret;

	ret = rmi_mig_features(&version, &features);
	if (ret) {
		pr_info("cca_mig: the RMM does not implement RMI-MIG\n");
		return -ENODEV;
	}
	if (((version >> 16) & 0x7fff) != RMI_MIG_ABI_MAJOR_VERSION ||
	    FIELD_GET(RMI_MIG_FEAT_MAX_BATCH, features) < RMI_MIG_MAX_BATCH ||
	    !(features & RMI_MIG_FEAT_DIRTY_TRACKING)) {
		pr_info("cca_mig: unsupported RMI-MIG %lu.%lu, features %#lx\n",
			(version >> 16) & 0x7fff, version & 0xffff, features);
		return -ENODEV;
	}
	return kvm_rmi_mig_register(&cca_mig_ops);
}

static void __exit cca_mig_exit(void)
{
	kvm_rmi_mig_unregister(&cca_mig_ops);
}

module_init(cca_mig_init);
module_exit(cca_mig_exit);

MODULE_DESCRIPTION("Live migration of Arm CCA realms (RMI-MIG)");
MODULE_LICENSE("GPL");
