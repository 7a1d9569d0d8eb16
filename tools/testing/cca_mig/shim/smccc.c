// SPDX-License-Identifier: GPL-2.0
/*
 * THE ONE SEAM: the SMC conduit.
 *
 * In the kernel, arm_smccc_1_2_smc() is a few instructions of assembly
 * around an SMC #0 (arch/arm64/kernel/smccc-call.S). In the harness it
 * hands x0..x17 to the RMM reference model, which answers as the RMM at
 * R-EL2 would, and copies the results back. Every other path from host
 * code to the firmware (arm_smccc_1_2_invoke(), arm_smccc_1_1_invoke(),
 * arm_smccc_smc(), the rmi_*() wrappers) goes through here.
 *
 * custom: every call is counted and may be observed by one hook
 * (shim_set_smc_hook()), for tests and for the demo's trace; and a test
 * may answer calls itself instead of the model (shim_set_smc_answer()), to
 * check how wrappers marshal registers independently of any firmware.
 */
#include <assert.h>
#include <string.h>

#include <linux/arm-smccc.h>
#include <linux/build_bug.h>

#include "rmm.h"
#include "shim.h"
#include "shim_internal.h"

static_assert(sizeof(struct arm_smccc_1_2_regs) ==
	      sizeof(((struct rmm_smc_regs *)0)->a));

static unsigned long nr_smc;
static shim_smc_hook_t smc_hook;
static void *smc_hook_priv;
static shim_smc_answer_t smc_answer;
static void *smc_answer_priv;

void arm_smccc_1_2_smc(const struct arm_smccc_1_2_regs *args,
		       struct arm_smccc_1_2_regs *res)
{
	struct arm_smccc_1_2_regs in = *args;
	struct rmm_smc_regs regs;
	shim_smc_answer_t answer;
	shim_smc_hook_t hook;

	answer = __atomic_load_n(&smc_answer, __ATOMIC_ACQUIRE);
	if (!answer || !answer(&in, res, smc_answer_priv)) {
		memcpy(regs.a, &in, sizeof(regs.a));
		rmm_smc(&regs);
		memcpy(res, regs.a, sizeof(*res));
	}

	__atomic_add_fetch(&nr_smc, 1, __ATOMIC_RELAXED);
	hook = __atomic_load_n(&smc_hook, __ATOMIC_ACQUIRE);
	if (hook)
		hook(&in, res, smc_hook_priv);
}

/* unreachable: there is no hypervisor below the host in the harness. */
void arm_smccc_1_2_hvc(const struct arm_smccc_1_2_regs *args,
		       struct arm_smccc_1_2_regs *res)
{
	assert(0);
}

unsigned long shim_nr_smc(void)
{
	return __atomic_load_n(&nr_smc, __ATOMIC_RELAXED);
}

void shim_set_smc_hook(shim_smc_hook_t fn, void *priv)
{
	smc_hook_priv = priv;
	__atomic_store_n(&smc_hook, fn, __ATOMIC_RELEASE);
}

void shim_set_smc_answer(shim_smc_answer_t fn, void *priv)
{
	smc_answer_priv = priv;
	__atomic_store_n(&smc_answer, fn, __ATOMIC_RELEASE);
}

void __shim_smccc_reset(void)
{
	__atomic_store_n(&nr_smc, 0, __ATOMIC_RELAXED);
	shim_set_smc_hook(NULL, NULL);
	shim_set_smc_answer(NULL, NULL);
}
