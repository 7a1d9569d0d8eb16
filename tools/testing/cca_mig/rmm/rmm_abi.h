/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware's view of the RMI and RSI ABIs (Arm DEN0137 2.0) for the RMM
 * reference model.
 *
 * The model is the firmware side of the ABI and, like a real RMM, keeps its
 * own definitions rather than sharing the host's headers: the host side
 * (tools/testing/cca_mig/cca-host/linux/arm-smccc-rmi.h) is written
 * independently, so a disagreement between the two shows up as a test
 * failure instead of being hidden by a shared header.
 *
 * Only the subset the model implements is defined here. Values are the
 * specification's; layouts are given as byte offsets into 4 KiB granules.
 */
#ifndef RMM_ABI_H
#define RMM_ABI_H

#include <stdint.h>

#define RMM_GRANULE_SHIFT	12
#define RMM_GRANULE_SIZE	(1UL << RMM_GRANULE_SHIFT)

/* SMCCC: fast call, SMC64, standard secure service owner (4). */
#define RMM_SMC64_STD(fn)	(0xC4000000UL | (fn))
#define RMM_SMC32_STD(fn)	(0x84000000UL | (fn))

/* RMI commands (DEN0137 2.0) */
#define SMC_RMI_VERSION			RMM_SMC64_STD(0x0150)
#define SMC_RMI_RTT_DATA_MAP_INIT	RMM_SMC64_STD(0x0153)
#define SMC_RMI_REALM_ACTIVATE		RMM_SMC64_STD(0x0157)
#define SMC_RMI_REALM_CREATE		RMM_SMC64_STD(0x0158)
#define SMC_RMI_REALM_DESTROY		RMM_SMC64_STD(0x0159)
#define SMC_RMI_REC_CREATE		RMM_SMC64_STD(0x015a)
#define SMC_RMI_REC_DESTROY		RMM_SMC64_STD(0x015b)
#define SMC_RMI_REC_ENTER		RMM_SMC64_STD(0x015c)
#define SMC_RMI_RTT_CREATE		RMM_SMC64_STD(0x015d)
#define SMC_RMI_RTT_DESTROY		RMM_SMC64_STD(0x015e)
#define SMC_RMI_RTT_READ_ENTRY		RMM_SMC64_STD(0x0161)
#define SMC_RMI_PSCI_COMPLETE		RMM_SMC64_STD(0x0164)
#define SMC_RMI_FEATURES		RMM_SMC64_STD(0x0165)
#define SMC_RMI_RTT_FOLD		RMM_SMC64_STD(0x0166)
#define SMC_RMI_RTT_INIT_RIPAS		RMM_SMC64_STD(0x0168)
#define SMC_RMI_RTT_SET_RIPAS		RMM_SMC64_STD(0x0169)
#define SMC_RMI_GRANULE_RANGE_DELEGATE	RMM_SMC64_STD(0x01f1)
#define SMC_RMI_GRANULE_RANGE_UNDELEGATE RMM_SMC64_STD(0x01f2)
#define SMC_RMI_RTT_DATA_MAP		RMM_SMC64_STD(0x01f5)
#define SMC_RMI_RTT_DATA_UNMAP		RMM_SMC64_STD(0x01f6)
#define SMC_RMI_RTT_UNPROT_MAP		RMM_SMC64_STD(0x01fb)
#define SMC_RMI_RTT_UNPROT_UNMAP	RMM_SMC64_STD(0x01fc)
#define SMC_RMI_REALM_TERMINATE		RMM_SMC64_STD(0x0201)

#define RMI_ABI_VERSION(major, minor)	(((uint64_t)(major) << 16) | (minor))
#define RMI_ABI_MAJOR			2
#define RMI_ABI_MINOR			0

/* RMI command return: status in bits [7:0], index in bits [15:8]. */
#define RMI_RETURN(status, index)	((uint64_t)(status) | ((uint64_t)(index) << 8))
#define RMI_RETURN_STATUS(ret)		((ret) & 0xff)
#define RMI_RETURN_INDEX(ret)		(((ret) >> 8) & 0xff)

enum rmi_status {
	RMI_SUCCESS = 0,
	RMI_ERROR_INPUT = 1,
	RMI_ERROR_REALM = 2,
	RMI_ERROR_REC = 3,
	RMI_ERROR_RTT = 4,
	RMI_ERROR_NOT_SUPPORTED = 5,
	RMI_ERROR_DEVICE = 6,
	RMI_ERROR_RTT_AUX = 7,
	RMI_ERROR_PSMMU_ST = 8,
	RMI_ERROR_DPT = 9,
	RMI_BUSY = 10,
	RMI_ERROR_GLOBAL = 11,
	RMI_ERROR_TRACKING = 12,
	RMI_INCOMPLETE = 13,
	RMI_BLOCKED = 14,
	RMI_ERROR_GPT = 15,
	RMI_ERROR_GRANULE = 16,
};

/* RIPAS values (RmiRipas / RsiRipas) */
enum rmm_ripas {
	RIPAS_EMPTY = 0,
	RIPAS_RAM = 1,
	RIPAS_DESTROYED = 2,
	RIPAS_DEV = 3,
};

/* RTT entry states as reported by RMI_RTT_READ_ENTRY (RmiRttEntryState) */
enum rmm_rtt_entry_state {
	RMI_UNASSIGNED = 0,
	RMI_ASSIGNED = 1,
	RMI_TABLE = 2,
	RMI_ASSIGNED_DEV = 3,
	/* Model-internal states for unprotected IPAs, reported as above. */
	RMM_RTTE_UNASSIGNED_NS = 0x10,
	RMM_RTTE_ASSIGNED_NS = 0x11,
};

#define RMI_NO_MEASURE_CONTENT		0
#define RMI_MEASURE_CONTENT		1

/* RMI_RTT_DATA_MAP / RMI_RTT_UNPROT_MAP flags */
#define RMI_MAP_FLAGS_OADDR_TYPE_MASK	0x3UL		/* bits [1:0] */
#define RMI_MAP_FLAGS_LIST_COUNT_SHIFT	2		/* bits [15:2] */
#define RMI_MAP_FLAGS_LIST_COUNT_MASK	0x3fffUL
#define RMI_UNPROT_FLAGS_MEMATTR_SHIFT	16		/* bits [18:16] */
#define RMI_UNPROT_FLAGS_S2AP_SHIFT	19		/* bits [22:19] */
#define RMI_ADDR_TYPE_NONE		0
#define RMI_ADDR_TYPE_SINGLE		1
#define RMI_ADDR_TYPE_LIST		2

/* Address range descriptor (RmiAddrRange) */
#define RMI_ADDR_RANGE_STATE(r)		(((r) >> 62) & 0x3)
#define RMI_ADDR_RANGE_ADDR(r)		((r) & 0x000ffffffffff000ULL)
#define RMI_ADDR_RANGE_COUNT(r)		(((r) >> 2) & 0x3ff)
#define RMI_ADDR_RANGE_BLOCK_SIZE(r)	((r) & 0x3)

/* RmiFeatureRegister0 */
#define RMI_FEAT0_S2SZ_SHIFT		0	/* [7:0] */
#define RMI_FEAT0_LPA2			(1UL << 8)
#define RMI_FEAT0_SVE			(1UL << 9)
#define RMI_FEAT0_NUM_BPS_SHIFT		14	/* [19:14] */
#define RMI_FEAT0_NUM_WPS_SHIFT		20	/* [25:20] */
#define RMI_FEAT0_PMU			(1UL << 26)
#define RMI_FEAT0_S2OASZ_SHIFT		33	/* [40:33] */
/* RmiFeatureRegister1 */
#define RMI_FEAT1_GRAN_SZ_4KB		(1UL << 0)
#define RMI_FEAT1_HASH_SHA_256		(1UL << 3)
#define RMI_FEAT1_HASH_SHA_512		(1UL << 5)
#define RMI_FEAT1_MAX_RECS_ORDER_SHIFT	6	/* [9:6] */

#define RMI_HASH_SHA_256		0
#define RMI_HASH_SHA_512		1

/* RmiRealmParams: byte offsets in the 4 KiB parameter granule */
#define RMI_REALM_PARAMS_FLAGS0		0x000
#define RMI_REALM_PARAMS_S2SZ		0x008
#define RMI_REALM_PARAMS_SVE_VL		0x010
#define RMI_REALM_PARAMS_NUM_BPS	0x018
#define RMI_REALM_PARAMS_NUM_WPS	0x020
#define RMI_REALM_PARAMS_PMU_NUM_CTRS	0x028
#define RMI_REALM_PARAMS_HASH_ALGO	0x030
#define RMI_REALM_PARAMS_NUM_AUX_PLANES	0x038
#define RMI_REALM_PARAMS_RPV		0x400	/* 64 bytes */
#define RMI_REALM_PARAMS_RTT_BASE	0x808
#define RMI_REALM_PARAMS_RTT_LEVEL_START 0x810
#define RMI_REALM_PARAMS_RTT_NUM_START	0x818
#define RMI_REALM_PARAMS_FLAGS1		0x820

#define RMI_REALM_FLAGS0_SVE		(1UL << 1)
#define RMI_REALM_FLAGS0_PMU		(1UL << 2)
#define RMI_REALM_FLAGS0_DA		(1UL << 3)

/* RmiRecParams */
#define RMI_REC_PARAMS_FLAGS		0x000
#define RMI_REC_PARAMS_MPIDR		0x100
#define RMI_REC_PARAMS_PC		0x200
#define RMI_REC_PARAMS_GPRS		0x300	/* 8 x u64 */
#define RMI_REC_CREATE_NR_GPRS		8
#define RMI_REC_PARAMS_FLAG_RUNNABLE	(1UL << 0)

/* RmiRecRun = RmiRecEnter (0x000, 2 KiB) + RmiRecExit (0x800, 2 KiB) */
#define RMI_REC_RUN_GPRS		31
#define RMI_REC_ENTER_FLAGS		0x000
#define RMI_REC_ENTER_GPRS		0x200
#define RMI_REC_EXIT_BASE		0x800
#define RMI_REC_EXIT_REASON		(RMI_REC_EXIT_BASE + 0x000)	/* u8 */
#define RMI_REC_EXIT_ESR		(RMI_REC_EXIT_BASE + 0x100)
#define RMI_REC_EXIT_FAR		(RMI_REC_EXIT_BASE + 0x108)
#define RMI_REC_EXIT_HPFAR		(RMI_REC_EXIT_BASE + 0x110)
#define RMI_REC_EXIT_GPRS		(RMI_REC_EXIT_BASE + 0x200)
#define RMI_REC_EXIT_CNTP_CTL		(RMI_REC_EXIT_BASE + 0x400)
#define RMI_REC_EXIT_CNTP_CVAL		(RMI_REC_EXIT_BASE + 0x408)
#define RMI_REC_EXIT_CNTV_CTL		(RMI_REC_EXIT_BASE + 0x410)
#define RMI_REC_EXIT_CNTV_CVAL		(RMI_REC_EXIT_BASE + 0x418)
#define RMI_REC_EXIT_RIPAS_BASE		(RMI_REC_EXIT_BASE + 0x500)
#define RMI_REC_EXIT_RIPAS_TOP		(RMI_REC_EXIT_BASE + 0x508)
#define RMI_REC_EXIT_RIPAS_VALUE	(RMI_REC_EXIT_BASE + 0x510)	/* u8 */
#define RMI_REC_EXIT_IMM		(RMI_REC_EXIT_BASE + 0x600)	/* u16 */

#define RMI_REC_ENTER_FLAG_EMULATED_MMIO	(1UL << 0)
#define RMI_REC_ENTER_FLAG_INJECT_SEA		(1UL << 1)
#define RMI_REC_ENTER_FLAG_TRAP_WFI		(1UL << 2)
#define RMI_REC_ENTER_FLAG_TRAP_WFE		(1UL << 3)
#define RMI_REC_ENTER_FLAG_RIPAS_RESPONSE	(1UL << 4)	/* 1: REJECT */

enum rmi_exit_reason {
	RMI_EXIT_SYNC = 0,
	RMI_EXIT_IRQ = 1,
	RMI_EXIT_FIQ = 2,
	RMI_EXIT_PSCI = 3,
	RMI_EXIT_RIPAS_CHANGE = 4,
	RMI_EXIT_HOST_CALL = 5,
	RMI_EXIT_SERROR = 6,
};

/* RSI commands (DEN0137, realm side) */
#define SMC_RSI_VERSION			RMM_SMC64_STD(0x0190)
#define SMC_RSI_FEATURES		RMM_SMC64_STD(0x0191)
#define SMC_RSI_MEASUREMENT_READ	RMM_SMC64_STD(0x0192)
#define SMC_RSI_MEASUREMENT_EXTEND	RMM_SMC64_STD(0x0193)
#define SMC_RSI_REALM_CONFIG		RMM_SMC64_STD(0x0196)
#define SMC_RSI_IPA_STATE_SET		RMM_SMC64_STD(0x0197)
#define SMC_RSI_IPA_STATE_GET		RMM_SMC64_STD(0x0198)
#define SMC_RSI_HOST_CALL		RMM_SMC64_STD(0x0199)

#define RSI_ABI_MAJOR			1
#define RSI_ABI_MINOR			0

enum rsi_status {
	RSI_SUCCESS = 0,
	RSI_ERROR_INPUT = 1,
	RSI_ERROR_STATE = 2,
	RSI_INCOMPLETE = 3,
	RSI_ERROR_UNKNOWN = 4,
};

#define RSI_CHANGE_DESTROYED		0
#define RSI_NO_CHANGE_DESTROYED		1
#define RSI_ACCEPT			0
#define RSI_REJECT			1

/* RsiHostCall: imm (u16) at 0, gprs[31] at 8 */
#define RSI_HOST_CALL_IMM		0x0
#define RSI_HOST_CALL_GPRS		0x8
#define RSI_HOST_CALL_NR_GPRS		31
/* RsiRealmConfig */
#define RSI_REALM_CONFIG_IPA_WIDTH	0x0
#define RSI_REALM_CONFIG_HASH_ALGO	0x8

/* PSCI (SMC32 and SMC64 function IDs the model routes to RMI_EXIT_PSCI) */
#define PSCI_VERSION			0x84000000UL
#define PSCI_CPU_OFF			0x84000002UL
#define PSCI_CPU_ON			0xC4000003UL
#define PSCI_AFFINITY_INFO		0xC4000004UL
#define PSCI_SYSTEM_OFF			0x84000008UL
#define PSCI_SYSTEM_RESET		0x84000009UL
#define PSCI_FEATURES			0x8400000AUL
#define PSCI_RET_SUCCESS		0
#define PSCI_RET_NOT_SUPPORTED		(-1)
#define PSCI_RET_INVALID_PARAMS		(-2)
#define PSCI_RET_DENIED			(-3)
#define PSCI_RET_ALREADY_ON		(-4)

#endif /* RMM_ABI_H */
