/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RMI command wrappers (Arm DEN0137 2.0) for the host.
 *
 * This is the project's own declaration of the part of the upstream CCA
 * host series' <linux/arm-rmi-cmds.h> that our code uses, with the same
 * names, calling conventions and include guard (see arm-smccc-rmi.h).
 *
 * Conventions, as in the series:
 * - Each wrapper issues one RMI command through arm_smccc_1_2_invoke(),
 *   retrying while the RMM answers RMI_BUSY or RMI_BLOCKED (rmi_smccc_invoke()),
 *   except rmi_rec_enter(), which the caller retries.
 * - Commands that may run as a stateful RMI operation (SRO) go through
 *   rmi_sro_execute(), or rmi_sro_memxfer_execute() for those that may ask
 *   the host to donate memory, which continue an RMI_INCOMPLETE operation
 *   until it finishes.
 * - Return: 0 on success, a positive RMI result code (status in bits
 *   [7:0], RMI_RESULT_STATUS()) or a negative Linux error code. Output
 *   arguments are written only where the RMM defines them, normally on
 *   success.
 * - rmi_delegate_range() and the other out-of-line helpers declared here
 *   live in the firmware interface (drivers/firmware/arm_rmm/rmi.c in the
 *   series; tools/testing/cca_mig/host/ in the reference platform).
 */
#ifndef __LINUX_ARM_RMI_CMDS_H_
#define __LINUX_ARM_RMI_CMDS_H_

#include <linux/arm-smccc-rmi.h>
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/processor.h>
#include <linux/string.h>
#include <linux/types.h>

#include <asm/page.h>

/* Entries of the address list an SRO may hand to the RMM. */
#define RMI_MAX_ADDR_LIST	256

/**
 * struct rmi_sro_state - Context of one stateful RMI operation
 * @regs: the command's registers, then its results
 * @addr_count: valid entries in @addr_list
 * @addr_list: RmiAddrRange descriptors of memory offered to the RMM
 */
struct rmi_sro_state {
	struct arm_smccc_1_2_regs regs;
	int addr_count;
	unsigned long addr_list[RMI_MAX_ADDR_LIST];
};

/**
 * struct rtt_entry - An RTT entry as reported by RMI_RTT_READ_ENTRY
 * @walk_level: level of the entry the walk reached
 * @desc: output address (or descriptor) of the entry
 * @state: RMI_UNASSIGNED, RMI_ASSIGNED, RMI_TABLE or RMI_ASSIGNED_DEV
 * @ripas: enum rmi_ripas of a protected entry
 */
struct rtt_entry {
	unsigned long walk_level;
	unsigned long desc;
	int state;
	int ripas;
};

/**
 * rmi_smccc_invoke() - Issue an RMI command, retrying while it is refused
 * @regs: the command's registers on entry; its results on return
 *
 * RMI_BUSY and RMI_BLOCKED mean that another CPU holds an object the
 * command needs; the command is issued again until the RMM takes it.
 */
static inline void rmi_smccc_invoke(struct arm_smccc_1_2_regs *regs)
{
	struct arm_smccc_1_2_regs args = *regs;
	unsigned long status;

	for (;;) {
		arm_smccc_1_2_invoke(&args, regs);
		status = RMI_RESULT_STATUS(regs->a0);
		if (status != RMI_BUSY && status != RMI_BLOCKED)
			break;
		cpu_relax();
	}
}

/**
 * rmi_smccc_invoke_once() - Issue an RMI command once
 * @regs: the command's registers on entry; its results on return
 */
static inline void rmi_smccc_invoke_once(struct arm_smccc_1_2_regs *regs)
{
	struct arm_smccc_1_2_regs args = *regs;

	arm_smccc_1_2_invoke(&args, regs);
}

unsigned long rmi_feat_reg(unsigned int index);
bool is_rmi_available(void);

int rmi_delegate_range(phys_addr_t phys, unsigned long size,
		       phys_addr_t *out_phys);
int rmi_undelegate_range(phys_addr_t phys, unsigned long size);
int rmi_free_delegated_page(phys_addr_t phys);

long rmi_sro_execute(struct arm_smccc_1_2_regs *regs);
long rmi_sro_memxfer_execute(struct rmi_sro_state *sro, gfp_t gfp);
void rmi_sro_free(struct rmi_sro_state *sro);

/**
 * rmi_delegate_page() - Delegate one granule to the Realm PAS
 * @phys: PA of the granule
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline int rmi_delegate_page(phys_addr_t phys)
{
	return rmi_delegate_range(phys, PAGE_SIZE, NULL);
}

/**
 * rmi_undelegate_page() - Return one granule to the Non-secure PAS
 * @phys: PA of the granule
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline int rmi_undelegate_page(phys_addr_t phys)
{
	return rmi_undelegate_range(phys, PAGE_SIZE);
}

/*
 * rmi_sro_memxfer_cmd() - Run a command that may ask for memory, with the
 * registers given as the remaining arguments, then release what the
 * operation did not consume.
 */
#define rmi_sro_memxfer_cmd(sro, gfp, ...) ({				\
	struct rmi_sro_state *__sro = (sro);				\
	long __ret;							\
									\
	__sro->addr_count = 0;						\
	__sro->regs = (struct arm_smccc_1_2_regs){ __VA_ARGS__ };	\
	__ret = rmi_sro_memxfer_execute(__sro, gfp);			\
	rmi_sro_free(__sro);						\
	__ret;								\
})

/**
 * rmi_version() - Negotiate the RMI ABI version
 * @host_version: the version the host implements, RMI_ABI_VERSION()
 * @out_lower: the lower of the RMM's supported versions, or NULL
 * @out_higher: the higher of the RMM's supported versions, or NULL
 *
 * Both outputs are written whatever the result.
 *
 * Return: 0 on success (the RMM supports @host_version), positive RMI
 * result code or negative Linux error code
 */
static inline long rmi_version(unsigned long host_version,
			       unsigned long *out_lower,
			       unsigned long *out_higher)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_VERSION, host_version
	};

	rmi_smccc_invoke(&regs);
	if (out_lower)
		*out_lower = regs.a1;
	if (out_higher)
		*out_higher = regs.a2;
	return regs.a0;
}

/**
 * rmi_features() - Read one of the RMM's feature registers
 * @index: number of the feature register
 * @out: the register's value
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_features(unsigned long index, unsigned long *out)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_FEATURES, index
	};

	rmi_smccc_invoke(&regs);
	if (regs.a0 == RMI_SUCCESS && out)
		*out = regs.a1;
	return regs.a0;
}

/**
 * rmi_granule_range_delegate() - Delegate a range of granules
 * @base: PA of the first granule
 * @top: PA just after the last granule
 * @out_top: PA just after the last granule delegated
 *
 * The RMM may stop before @top; call again from @out_top.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_granule_range_delegate(unsigned long base,
					      unsigned long top,
					      unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_GRANULE_RANGE_DELEGATE, base, top
	};
	long ret = rmi_sro_execute(&regs);

	if (ret == RMI_SUCCESS && out_top)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_granule_range_undelegate() - Undelegate a range of granules
 * @base: PA of the first granule
 * @top: PA just after the last granule
 * @out_top: PA just after the last granule undelegated
 *
 * The RMM scrubs each granule before it returns it to the Non-secure PAS,
 * and may stop before @top; call again from @out_top.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_granule_range_undelegate(unsigned long base,
						unsigned long top,
						unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_GRANULE_RANGE_UNDELEGATE, base, top
	};
	long ret = rmi_sro_execute(&regs);

	if (ret == RMI_SUCCESS && out_top)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_realm_create() - Create a realm
 * @rd: PA of the (delegated) granule that becomes the RD
 * @params: PA of a struct realm_params in a Non-secure granule
 * @sro: context for the operation, preallocated by the caller
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_realm_create(unsigned long rd, unsigned long params,
				    struct rmi_sro_state *sro)
{
	return rmi_sro_memxfer_cmd(sro, GFP_KERNEL,
				   SMC_RMI_REALM_CREATE, rd, params);
}

/**
 * rmi_realm_activate() - Activate a realm
 * @rd: PA of the RD
 *
 * Ends the realm's construction (state NEW) and allows its RECs to run.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_realm_activate(unsigned long rd)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_REALM_ACTIVATE, rd
	};

	rmi_smccc_invoke(&regs);
	return regs.a0;
}

/**
 * rmi_realm_terminate() - Terminate a realm
 * @rd: PA of the RD
 * @sro: context for the operation, preallocated by the caller
 *
 * No REC of the realm can be entered afterwards; its objects may then be
 * destroyed.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_realm_terminate(unsigned long rd,
				       struct rmi_sro_state *sro)
{
	return rmi_sro_memxfer_cmd(sro, GFP_KERNEL,
				   SMC_RMI_REALM_TERMINATE, rd);
}

/**
 * rmi_realm_destroy() - Destroy a realm
 * @rd: PA of the RD
 * @sro: context for the operation, preallocated by the caller
 *
 * The realm must have no RECs, no DATA and no RTT below the starting
 * level left. On success the RD and the starting-level RTTs are delegated
 * granules again.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_realm_destroy(unsigned long rd,
				     struct rmi_sro_state *sro)
{
	return rmi_sro_memxfer_cmd(sro, GFP_KERNEL,
				   SMC_RMI_REALM_DESTROY, rd);
}

/**
 * rmi_rec_create() - Create a REC
 * @rd: PA of the RD
 * @rec: PA of the (delegated) granule that becomes the REC
 * @params: PA of a struct rec_params in a Non-secure granule
 * @sro: context for the operation, preallocated by the caller
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rec_create(unsigned long rd, unsigned long rec,
				  unsigned long params,
				  struct rmi_sro_state *sro)
{
	return rmi_sro_memxfer_cmd(sro, GFP_KERNEL,
				   SMC_RMI_REC_CREATE, rd, rec, params);
}

/**
 * rmi_rec_destroy() - Destroy a REC
 * @rec: PA of the REC
 * @sro: context for the operation, preallocated by the caller
 *
 * The REC must not be running. On success its granule is delegated again.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rec_destroy(unsigned long rec,
				   struct rmi_sro_state *sro)
{
	return rmi_sro_memxfer_cmd(sro, GFP_KERNEL, SMC_RMI_REC_DESTROY, rec);
}

/**
 * rmi_rec_enter() - Run a REC until it exits to the host
 * @rec: PA of the REC
 * @run_ptr: PA of the struct rec_run granule (Non-secure)
 *
 * On success the exit is described in the exit half of @run_ptr. Not
 * retried on RMI_BUSY/RMI_BLOCKED: the caller decides.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rec_enter(unsigned long rec, unsigned long run_ptr)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_REC_ENTER, rec, run_ptr
	};

	rmi_smccc_invoke_once(&regs);
	return regs.a0;
}

/**
 * rmi_psci_complete() - Complete a PSCI request of a REC
 * @calling_rec: PA of the REC that made the request
 * @status: PSCI return value for the request
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_psci_complete(unsigned long calling_rec,
				     unsigned long status)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_PSCI_COMPLETE, calling_rec, status
	};

	rmi_smccc_invoke(&regs);
	return regs.a0;
}

/**
 * rmi_rtt_create() - Create an RTT
 * @rd: PA of the RD
 * @rtt: PA of the (delegated) granule that becomes the RTT
 * @ipa: base of the IPA range the RTT translates
 * @level: level of the new RTT
 *
 * RMI_ERROR_RTT reports, in its level field, the level at which the walk
 * to @level - 1 stopped (the parent is missing), or @level - 1 if the RTT
 * exists already.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_create(unsigned long rd, unsigned long rtt,
				  unsigned long ipa, long level)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_CREATE, rd, rtt, ipa, level
	};

	return rmi_sro_execute(&regs);
}

/**
 * rmi_rtt_destroy() - Destroy an RTT
 * @rd: PA of the RD
 * @ipa: base of the IPA range the RTT translates
 * @level: level of the RTT
 * @out_rtt: PA of the RTT granule destroyed (success only)
 * @out_top: IPA after the non-live entries from where the walk stopped
 *	     (success and RMI_ERROR_RTT), to skip holes while tearing down
 *
 * The RTT must have no live entry.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_destroy(unsigned long rd, unsigned long ipa,
				   long level, unsigned long *out_rtt,
				   unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_DESTROY, rd, ipa, level
	};
	long ret = rmi_sro_execute(&regs);

	if (ret < 0)
		return ret;
	switch (RMI_RESULT_STATUS(ret)) {
	case RMI_SUCCESS:
		if (out_rtt)
			*out_rtt = regs.a1;
		fallthrough;
	case RMI_ERROR_RTT:
		if (out_top)
			*out_top = regs.a2;
		break;
	default:
		break;
	}
	return ret;
}

/**
 * rmi_rtt_fold() - Fold a homogeneous RTT into its parent entry
 * @rd: PA of the RD
 * @ipa: base of the IPA range the RTT translates
 * @level: level of the RTT
 * @out_rtt: PA of the RTT granule released
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_fold(unsigned long rd, unsigned long ipa,
				long level, unsigned long *out_rtt)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_FOLD, rd, ipa, level
	};
	long ret = rmi_sro_execute(&regs);

	if (ret == RMI_SUCCESS && out_rtt)
		*out_rtt = regs.a1;
	return ret;
}

/**
 * rmi_rtt_read_entry() - Read an RTT entry
 * @rd: PA of the RD
 * @ipa: IPA the entry translates
 * @level: level of the entry to read
 * @rtt: the entry, as the walk found it
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_read_entry(unsigned long rd, unsigned long ipa,
				      long level, struct rtt_entry *rtt)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_READ_ENTRY, rd, ipa, level
	};

	rmi_smccc_invoke(&regs);
	if (regs.a0 == RMI_SUCCESS) {
		rtt->walk_level = regs.a1;
		rtt->state = regs.a2 & 0xff;
		rtt->desc = regs.a3;
		rtt->ripas = regs.a4 & 0xff;
	}
	return regs.a0;
}

/**
 * rmi_rtt_init_ripas() - Set the RIPAS of a range to RAM in a NEW realm
 * @rd: PA of the RD
 * @base: base of the IPA range
 * @top: top of the IPA range
 * @out_top: IPA up to which the RIPAS was set; call again from there
 *
 * The range is measured into the RIM.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_init_ripas(unsigned long rd, unsigned long base,
				      unsigned long top,
				      unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_INIT_RIPAS, rd, base, top
	};
	long ret = rmi_sro_execute(&regs);

	if (ret == RMI_SUCCESS && out_top)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_rtt_set_ripas() - Carry out a REC's request to change RIPAS
 * @rd: PA of the RD
 * @rec: PA of the REC that made the request (RMI_EXIT_RIPAS_CHANGE)
 * @base: base of the IPA range, the REC's next address to change
 * @top: top of the IPA range, at most the requested top
 * @out_top: IPA up to which the RIPAS was changed; call again from there
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_set_ripas(unsigned long rd, unsigned long rec,
				     unsigned long base, unsigned long top,
				     unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_SET_RIPAS, rd, rec, base, top
	};
	long ret = rmi_sro_execute(&regs);

	if (ret == RMI_SUCCESS && out_top)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_rtt_data_map_init() - Map a granule at a protected IPA, with content
 * @rd: PA of the RD of a NEW realm
 * @data: PA of the (delegated) target granule
 * @ipa: IPA at which @data is mapped
 * @src: PA of the Non-secure granule whose content is copied to @data
 * @flags: RMI_MEASURE_CONTENT to measure the content into the RIM, else
 *	   RMI_NO_MEASURE_CONTENT
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_data_map_init(unsigned long rd, unsigned long data,
					 unsigned long ipa, unsigned long src,
					 unsigned long flags)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_DATA_MAP_INIT, rd, data, ipa, src, flags
	};

	return rmi_sro_execute(&regs);
}

/**
 * rmi_rtt_data_map() - Map delegated granules at protected IPAs
 * @rd: PA of the RD
 * @base: base of the IPA range
 * @top: top of the IPA range
 * @flags: RmiRttProtMapFlags: RMI_ADDR_TYPE_SINGLE or _LIST (and count)
 * @oaddr: an RmiAddrRange (SINGLE) or the PA of a list of them (LIST)
 * @out_top: IPA up to which granules were mapped; call again from there
 *
 * The realm sees the granules' content as unknown (the RMM zeroes them).
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_data_map(unsigned long rd, unsigned long base,
				    unsigned long top, unsigned long flags,
				    unsigned long oaddr,
				    unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_DATA_MAP, rd, base, top, flags, oaddr
	};
	long ret = rmi_sro_execute(&regs);

	if (ret == RMI_SUCCESS && out_top)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_rtt_data_unmap() - Unmap the granules mapped in a protected IPA range
 * @rd: PA of the RD
 * @base: base of the IPA range
 * @top: top of the IPA range
 * @flags: RmiRttProtMapFlags: how to report the granules unmapped
 * @oaddr: PA of the list to fill (RMI_ADDR_TYPE_LIST), else 0
 * @out_top: IPA up to which the range was processed; call again from there
 * @out_range: the RmiAddrRange of the granules unmapped (SINGLE)
 * @out_count: number of ranges written to @oaddr (LIST)
 *
 * The granules unmapped are delegated again, for the host to undelegate.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_data_unmap(unsigned long rd, unsigned long base,
				      unsigned long top, unsigned long flags,
				      unsigned long oaddr,
				      unsigned long *out_top,
				      unsigned long *out_range,
				      unsigned long *out_count)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_DATA_UNMAP, rd, base, top, flags, oaddr
	};
	long ret = rmi_sro_execute(&regs);

	if (ret != RMI_SUCCESS)
		return ret;
	if (out_top)
		*out_top = regs.a1;
	if (out_range)
		*out_range = regs.a2;
	if (out_count)
		*out_count = regs.a3;
	return RMI_SUCCESS;
}

/**
 * rmi_rtt_unprot_map() - Map Non-secure granules at unprotected IPAs
 * @rd: PA of the RD
 * @base: base of the IPA range
 * @top: top of the IPA range
 * @flags: RmiRttUnprotMapFlags: address type, MemAttr and S2AP
 * @oaddr: an RmiAddrRange (SINGLE) or the PA of a list of them (LIST)
 * @out_top: IPA up to which granules were mapped; call again from there
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_unprot_map(unsigned long rd, unsigned long base,
				      unsigned long top, unsigned long flags,
				      unsigned long oaddr,
				      unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_UNPROT_MAP, rd, base, top, flags, oaddr
	};
	long ret = rmi_sro_execute(&regs);

	if (ret == RMI_SUCCESS && out_top)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_rtt_unprot_unmap() - Unmap the granules in an unprotected IPA range
 * @rd: PA of the RD
 * @base: base of the IPA range
 * @top: top of the IPA range
 * @flags: RmiRttUnprotMapFlags: how to report the granules unmapped
 * @oaddr: PA of the list to fill (RMI_ADDR_TYPE_LIST), else 0
 * @out_top: IPA up to which the range was processed; call again from there
 * @out_range: the RmiAddrRange of the granules unmapped (SINGLE)
 * @out_count: number of ranges written to @oaddr (LIST)
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_rtt_unprot_unmap(unsigned long rd, unsigned long base,
					unsigned long top, unsigned long flags,
					unsigned long oaddr,
					unsigned long *out_top,
					unsigned long *out_range,
					unsigned long *out_count)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_RTT_UNPROT_UNMAP, rd, base, top, flags, oaddr
	};
	long ret = rmi_sro_execute(&regs);

	if (ret != RMI_SUCCESS)
		return ret;
	if (out_top)
		*out_top = regs.a1;
	if (out_range)
		*out_range = regs.a2;
	if (out_count)
		*out_count = regs.a3;
	return RMI_SUCCESS;
}

#endif /* __LINUX_ARM_RMI_CMDS_H_ */
