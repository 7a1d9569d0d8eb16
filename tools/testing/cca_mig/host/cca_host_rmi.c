// SPDX-License-Identifier: GPL-2.0
/*
 * TEST INFRASTRUCTURE: stands in for the firmware interface of the
 * upstream CCA host series (drivers/firmware/arm_rmm/rmi.c) in the
 * reference-platform harness. Kernel-style C built through the shim; the
 * RMI calls reach the RMM model through the SMC conduit.
 *
 * What it provides is what <linux/arm-rmi-cmds.h> declares: the ABI
 * version check and feature registers, range delegation with its
 * progress loop, and the execution of stateful RMI operations (SROs).
 *
 * Not provided: SRO memory donation. The RMM model completes every
 * command in one call and never asks the host for memory; an operation
 * that returns RMI_INCOMPLETE with a memory request is cancelled (when it
 * can be) and fails with -EOPNOTSUPP, so that a model that starts asking
 * is noticed instead of being half served.
 */
#define pr_fmt(fmt) "cca_host_rmi: " fmt

#include <linux/arm-rmi-cmds.h>
#include <linux/array_size.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/printk.h>

#include "cca_host.h"

/* RMM 2.0 defines RmiFeatureRegister0 to RmiFeatureRegister4. */
static unsigned long rmi_feat_reg_cache[5];
static bool rmi_available;

/**
 * rmi_feat_reg() - Read a cached RMM feature register
 * @index: register number
 *
 * Return: the register's value as read by cca_host_rmi_init(), or 0.
 */
unsigned long rmi_feat_reg(unsigned int index)
{
	if (WARN_ON(index >= ARRAY_SIZE(rmi_feat_reg_cache)))
		return 0;
	return rmi_feat_reg_cache[index];
}
EXPORT_SYMBOL_GPL(rmi_feat_reg);

/**
 * is_rmi_available() - Has the RMI been found and checked?
 *
 * Return: true once cca_host_rmi_init() succeeded.
 */
bool is_rmi_available(void)
{
	return rmi_available;
}
EXPORT_SYMBOL_GPL(is_rmi_available);

/**
 * rmi_delegate_range() - Delegate a physically contiguous range
 * @phys: PA of the first granule
 * @size: size of the range, a multiple of PAGE_SIZE
 * @out_phys: PA up to which the range was delegated, whatever the result
 *
 * The RMM may delegate part of the range per call; this loops until the
 * whole range is done or a call fails. On failure [@phys, *@out_phys) is
 * delegated and the caller must undo it.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
int rmi_delegate_range(phys_addr_t phys, unsigned long size,
		       phys_addr_t *out_phys)
{
	unsigned long top = phys + size;
	unsigned long out_top;
	long ret = 0;

	while (phys < top) {
		ret = rmi_granule_range_delegate(phys, top, &out_top);
		if (ret)
			break;
		/* The RMM must make progress; if not, stop where we are. */
		if (WARN_ON(out_top <= phys || out_top > top)) {
			ret = -ENXIO;
			break;
		}
		phys = out_top;
	}

	if (out_phys)
		*out_phys = phys;
	return ret;
}
EXPORT_SYMBOL_GPL(rmi_delegate_range);

/**
 * rmi_undelegate_range() - Undelegate a physically contiguous range
 * @phys: PA of the first granule
 * @size: size of the range, a multiple of PAGE_SIZE
 *
 * On failure the granules from the one that failed onwards are still
 * delegated: the caller must leak them.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
int rmi_undelegate_range(phys_addr_t phys, unsigned long size)
{
	unsigned long top = phys + size;
	unsigned long out_top;
	long ret = 0;

	while (phys < top) {
		ret = rmi_granule_range_undelegate(phys, top, &out_top);
		if (ret)
			break;
		if (WARN_ON(out_top <= phys || out_top > top))
			return -ENXIO;
		phys = out_top;
	}
	return ret;
}
EXPORT_SYMBOL_GPL(rmi_undelegate_range);

/**
 * rmi_free_delegated_page() - Undelegate a page and free it
 * @phys: PA of a delegated page from the page allocator
 *
 * A page that cannot be undelegated still belongs to the Realm PAS: it
 * is leaked on purpose, never returned to the allocator.
 *
 * Return: 0, or -EBUSY if the page was leaked.
 */
int rmi_free_delegated_page(phys_addr_t phys)
{
	if (WARN_ON_ONCE(rmi_undelegate_page(phys))) {
		/* Still owned by the RMM: leak it. */
		return -EBUSY;
	}
	free_page((unsigned long)phys_to_virt(phys));
	return 0;
}
EXPORT_SYMBOL_GPL(rmi_free_delegated_page);

static void rmi_op_continue(unsigned long sro_handle,
			    struct arm_smccc_1_2_regs *regs)
{
	*regs = (struct arm_smccc_1_2_regs){
		SMC_RMI_OP_CONTINUE, sro_handle, RMI_CONTINUE_KEEP_GOING
	};
	rmi_smccc_invoke(regs);
}

static void rmi_op_cancel(unsigned long sro_handle,
			  struct arm_smccc_1_2_regs *regs)
{
	*regs = (struct arm_smccc_1_2_regs){
		SMC_RMI_OP_CANCEL, sro_handle
	};
	rmi_smccc_invoke(regs);
}

/**
 * rmi_sro_execute() - Run a command that may be a stateful RMI operation
 * @regs: the command's registers; its final results on return
 *
 * An RMI_INCOMPLETE operation that wants nothing from the host is
 * continued until it completes. One that asks for memory to be donated or
 * reclaimed is cancelled if it can be: the harness does not donate (see
 * the top of this file).
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
long rmi_sro_execute(struct arm_smccc_1_2_regs *regs)
{
	unsigned long sro_handle;

	rmi_smccc_invoke(regs);
	while (RMI_RESULT_STATUS(regs->a0) == RMI_INCOMPLETE) {
		sro_handle = regs->a1;
		if (RMI_RESULT_MEMREQ(regs->a0) == RMI_OP_MEM_REQ_NONE) {
			rmi_op_continue(sro_handle, regs);
			if ((long)regs->a0 == SMCCC_RET_NOT_SUPPORTED) {
				pr_err("RMM cannot continue an operation\n");
				return -EOPNOTSUPP;
			}
			continue;
		}
		/* A memory request: not supported by this stand-in. */
		pr_err("RMM asked for memory (request %lu): not supported\n",
		       (unsigned long)RMI_RESULT_MEMREQ(regs->a0));
		if (RMI_RESULT_CAN_CANCEL(regs->a0) == RMI_OP_CAN_CANCEL)
			rmi_op_cancel(sro_handle, regs);
		return -EOPNOTSUPP;
	}
	return regs->a0;
}
EXPORT_SYMBOL_GPL(rmi_sro_execute);

/**
 * rmi_sro_memxfer_execute() - Run an SRO that may transfer memory
 * @sro: the operation, with its registers in @sro->regs
 * @gfp: allocation flags for memory the RMM asks for
 *
 * As rmi_sro_execute(): memory requests are refused with -EOPNOTSUPP.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
long rmi_sro_memxfer_execute(struct rmi_sro_state *sro, gfp_t gfp)
{
	return rmi_sro_execute(&sro->regs);
}
EXPORT_SYMBOL_GPL(rmi_sro_memxfer_execute);

/**
 * rmi_sro_free() - Release the memory an SRO held but did not consume
 * @sro: the operation
 *
 * Nothing is ever donated by this stand-in, so there is nothing to free.
 */
void rmi_sro_free(struct rmi_sro_state *sro)
{
	WARN_ON(sro->addr_count);
	sro->addr_count = 0;
}
EXPORT_SYMBOL_GPL(rmi_sro_free);

/**
 * cca_host_rmi_init() - Find the RMM, check its ABI and read its features
 *
 * As the series' arm64_init_rmi(): the RMI ABI version must be the one this
 * host implements, the RMM must support 4 KiB granules and SHA-256.
 * May be called again (e.g. after the model was restarted).
 *
 * Return: 0, or -ENXIO if the RMM cannot be used.
 */
int cca_host_rmi_init(void)
{
	unsigned long host = RMI_ABI_VERSION(RMI_ABI_MAJOR_VERSION,
					     RMI_ABI_MINOR_VERSION);
	unsigned long lower, higher;
	unsigned int i;
	long ret;

	rmi_available = false;
	ret = rmi_version(host, &lower, &higher);
	if (ret) {
		pr_err("unsupported RMI ABI (v%lu.%lu - v%lu.%lu), want v%d.%d\n",
		       (unsigned long)RMI_ABI_VERSION_GET_MAJOR(lower),
		       (unsigned long)RMI_ABI_VERSION_GET_MINOR(lower),
		       (unsigned long)RMI_ABI_VERSION_GET_MAJOR(higher),
		       (unsigned long)RMI_ABI_VERSION_GET_MINOR(higher),
		       RMI_ABI_MAJOR_VERSION, RMI_ABI_MINOR_VERSION);
		return -ENXIO;
	}

	for (i = 0; i < ARRAY_SIZE(rmi_feat_reg_cache); i++) {
		if (WARN_ON(rmi_features(i, &rmi_feat_reg_cache[i])))
			return -ENXIO;
	}

	if (!(rmi_feat_reg(1) & RMI_FEATURE_REGISTER_1_RMI_GRAN_SZ_4KB)) {
		pr_err("RMM does not support 4KB granules\n");
		return -ENXIO;
	}
	if (!(rmi_feat_reg(1) & RMI_FEATURE_REGISTER_1_HASH_SHA_256)) {
		pr_err("RMM does not support SHA-256 measurements\n");
		return -ENXIO;
	}

	rmi_available = true;
	return 0;
}
