/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/arm-smccc.h for the harness: THE ONE SEAM.
 *
 * dup: the function-ID encoding, return codes and the SMCCC v1.1/v1.2
 * calling helpers, as the kernel defines them (keep in sync).
 *
 * custom: arm_smccc_1_2_smc() - in the kernel the SMC instruction itself -
 * is implemented by the shim (smccc.c) as a call into the RMM reference
 * model, rmm_smc(). It is the only thing of the host's path to firmware
 * that the harness replaces: arm_smccc_1_2_invoke(), arm_smccc_1_1_invoke()
 * and arm_smccc_smc() all reach the model through it, with the conduit
 * reported as SMC, exactly as on an RME system.
 *
 * unreachable: the HVC conduit (assert(0)): there is no hypervisor below
 * the host.
 */
#ifndef _SHIM_LINUX_ARM_SMCCC_H
#define _SHIM_LINUX_ARM_SMCCC_H

#include <linux/compiler.h>
#include <linux/const.h>
#include <linux/types.h>

#define ARM_SMCCC_STD_CALL		_AC(0, U)
#define ARM_SMCCC_FAST_CALL		_AC(1, U)
#define ARM_SMCCC_TYPE_SHIFT		31

#define ARM_SMCCC_SMC_32		0
#define ARM_SMCCC_SMC_64		1
#define ARM_SMCCC_CALL_CONV_SHIFT	30

#define ARM_SMCCC_OWNER_MASK		0x3F
#define ARM_SMCCC_OWNER_SHIFT		24

#define ARM_SMCCC_FUNC_MASK		0xFFFF

#define ARM_SMCCC_IS_FAST_CALL(smc_val)					\
	((smc_val) & (ARM_SMCCC_FAST_CALL << ARM_SMCCC_TYPE_SHIFT))
#define ARM_SMCCC_IS_64(smc_val)					\
	((smc_val) & (ARM_SMCCC_SMC_64 << ARM_SMCCC_CALL_CONV_SHIFT))
#define ARM_SMCCC_FUNC_NUM(smc_val)	((smc_val) & ARM_SMCCC_FUNC_MASK)
#define ARM_SMCCC_OWNER_NUM(smc_val)					\
	(((smc_val) >> ARM_SMCCC_OWNER_SHIFT) & ARM_SMCCC_OWNER_MASK)

#define ARM_SMCCC_CALL_VAL(type, calling_convention, owner, func_num)	\
	(((type) << ARM_SMCCC_TYPE_SHIFT) |				\
	((calling_convention) << ARM_SMCCC_CALL_CONV_SHIFT) |		\
	(((owner) & ARM_SMCCC_OWNER_MASK) << ARM_SMCCC_OWNER_SHIFT) |	\
	((func_num) & ARM_SMCCC_FUNC_MASK))

#define ARM_SMCCC_OWNER_ARCH		0
#define ARM_SMCCC_OWNER_CPU		1
#define ARM_SMCCC_OWNER_SIP		2
#define ARM_SMCCC_OWNER_OEM		3
#define ARM_SMCCC_OWNER_STANDARD	4
#define ARM_SMCCC_OWNER_STANDARD_HYP	5
#define ARM_SMCCC_OWNER_VENDOR_HYP	6
#define ARM_SMCCC_OWNER_TRUSTED_APP	48
#define ARM_SMCCC_OWNER_TRUSTED_APP_END	49
#define ARM_SMCCC_OWNER_TRUSTED_OS	50
#define ARM_SMCCC_OWNER_TRUSTED_OS_END	63

#define ARM_SMCCC_VERSION_1_0		0x10000
#define ARM_SMCCC_VERSION_1_1		0x10001
#define ARM_SMCCC_VERSION_1_2		0x10002

#define SMCCC_RET_SUCCESS		0
#define SMCCC_RET_NOT_SUPPORTED		-1
#define SMCCC_RET_NOT_REQUIRED		-2
#define SMCCC_RET_INVALID_PARAMETER	-3

enum arm_smccc_conduit {
	SMCCC_CONDUIT_NONE,
	SMCCC_CONDUIT_SMC,
	SMCCC_CONDUIT_HVC,
};

/* The harness's conduit to the firmware is always SMC. */
static inline enum arm_smccc_conduit arm_smccc_1_1_get_conduit(void)
{
	return SMCCC_CONDUIT_SMC;
}

static inline u32 arm_smccc_get_version(void)
{
	return ARM_SMCCC_VERSION_1_2;
}

/* Result registers of an SMCCC v1.0/v1.1 call. */
struct arm_smccc_res {
	unsigned long a0;
	unsigned long a1;
	unsigned long a2;
	unsigned long a3;
};

/* Argument and result registers of an SMCCC v1.2 call: x0..x17. */
struct arm_smccc_1_2_regs {
	unsigned long a0;
	unsigned long a1;
	unsigned long a2;
	unsigned long a3;
	unsigned long a4;
	unsigned long a5;
	unsigned long a6;
	unsigned long a7;
	unsigned long a8;
	unsigned long a9;
	unsigned long a10;
	unsigned long a11;
	unsigned long a12;
	unsigned long a13;
	unsigned long a14;
	unsigned long a15;
	unsigned long a16;
	unsigned long a17;
};

/**
 * arm_smccc_1_2_smc() - make an SMCCC v1.2 SMC call (the seam: smccc.c)
 * @args: arguments in x0..x17
 * @res: results in x0..x17; may be the same structure as @args
 */
void arm_smccc_1_2_smc(const struct arm_smccc_1_2_regs *args,
		       struct arm_smccc_1_2_regs *res);

/* unreachable: smccc.c asserts */
void arm_smccc_1_2_hvc(const struct arm_smccc_1_2_regs *args,
		       struct arm_smccc_1_2_regs *res);

#define __fail_smccc_1_2(___res)					\
	do {								\
		if (___res)						\
			___res->a0 = SMCCC_RET_NOT_SUPPORTED;		\
	} while (0)

/*
 * arm_smccc_1_2_invoke() - make an SMCCC v1.2 call on the current conduit
 * @args: arguments in x0..x17
 * @res: results in x0..x17
 *
 * Return: the conduit used (always SMCCC_CONDUIT_SMC in the harness).
 */
#define arm_smccc_1_2_invoke(args, res) ({				\
		struct arm_smccc_1_2_regs *__args = args;		\
		struct arm_smccc_1_2_regs *__res = res;			\
		int method = arm_smccc_1_1_get_conduit();		\
		switch (method) {					\
		case SMCCC_CONDUIT_HVC:					\
			arm_smccc_1_2_hvc(__args, __res);		\
			break;						\
		case SMCCC_CONDUIT_SMC:					\
			arm_smccc_1_2_smc(__args, __res);		\
			break;						\
		default:						\
			__fail_smccc_1_2(__res);			\
			method = SMCCC_CONDUIT_NONE;			\
			break;						\
		}							\
		method;							\
	})

/*
 * SMCCC v1.0/v1.1 calls: up to eight argument registers and four results.
 * The kernel issues them with inline assembly; here they are routed through
 * the v1.2 seam.
 */
static inline void __arm_smccc_smc(unsigned long a0, unsigned long a1,
				   unsigned long a2, unsigned long a3,
				   unsigned long a4, unsigned long a5,
				   unsigned long a6, unsigned long a7,
				   struct arm_smccc_res *res)
{
	struct arm_smccc_1_2_regs regs = {
		a0, a1, a2, a3, a4, a5, a6, a7
	};

	arm_smccc_1_2_smc(&regs, &regs);
	if (res) {
		res->a0 = regs.a0;
		res->a1 = regs.a1;
		res->a2 = regs.a2;
		res->a3 = regs.a3;
	}
}

#define arm_smccc_smc(...)	__arm_smccc_smc(__VA_ARGS__)

/*
 * arm_smccc_1_1_smc(a0, [a1..a7,] res) and arm_smccc_1_1_invoke(): the
 * argument count is found by position, as the kernel's macros do.
 */
#define __shim_smccc_count(...)						\
	__shim_smccc_nth(__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __shim_smccc_nth(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, N, ...) N

#define __shim_smccc_1_1_2(a0, res)					\
	__arm_smccc_smc(a0, 0, 0, 0, 0, 0, 0, 0, res)
#define __shim_smccc_1_1_3(a0, a1, res)					\
	__arm_smccc_smc(a0, a1, 0, 0, 0, 0, 0, 0, res)
#define __shim_smccc_1_1_4(a0, a1, a2, res)				\
	__arm_smccc_smc(a0, a1, a2, 0, 0, 0, 0, 0, res)
#define __shim_smccc_1_1_5(a0, a1, a2, a3, res)				\
	__arm_smccc_smc(a0, a1, a2, a3, 0, 0, 0, 0, res)
#define __shim_smccc_1_1_6(a0, a1, a2, a3, a4, res)			\
	__arm_smccc_smc(a0, a1, a2, a3, a4, 0, 0, 0, res)
#define __shim_smccc_1_1_7(a0, a1, a2, a3, a4, a5, res)			\
	__arm_smccc_smc(a0, a1, a2, a3, a4, a5, 0, 0, res)
#define __shim_smccc_1_1_8(a0, a1, a2, a3, a4, a5, a6, res)		\
	__arm_smccc_smc(a0, a1, a2, a3, a4, a5, a6, 0, res)
#define __shim_smccc_1_1_9(a0, a1, a2, a3, a4, a5, a6, a7, res)		\
	__arm_smccc_smc(a0, a1, a2, a3, a4, a5, a6, a7, res)

#define arm_smccc_1_1_smc(...)						\
	__PASTE(__shim_smccc_1_1_, __shim_smccc_count(__VA_ARGS__))(__VA_ARGS__)

#define arm_smccc_1_1_invoke(...) ({					\
		arm_smccc_1_1_smc(__VA_ARGS__);				\
		SMCCC_CONDUIT_SMC;					\
	})

#endif /* _SHIM_LINUX_ARM_SMCCC_H */
