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

/* RsiRipasChangeDestroyed (flags bit 0 of RSI_IPA_STATE_SET) */
#define RSI_NO_CHANGE_DESTROYED		0
#define RSI_CHANGE_DESTROYED		1
#define RSI_ACCEPT			0
#define RSI_REJECT			1

/* RsiHostCall: imm (u16) at 0, gprs[31] at 8 */
#define RSI_HOST_CALL_IMM		0x0
#define RSI_HOST_CALL_GPRS		0x8
#define RSI_HOST_CALL_NR_GPRS		31
/* RsiRealmConfig */
#define RSI_REALM_CONFIG_IPA_WIDTH	0x0
#define RSI_REALM_CONFIG_HASH_ALGO	0x8
#define RSI_REALM_CONFIG_RPV		0x200	/* 64 bytes */
#define RSI_MEASUREMENT_SLOTS		5	/* RIM + 4 REMs */

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
#define PSCI_RET_INVALID_ADDRESS	(-9)
#define PSCI_CPU_SUSPEND		0xC4000001UL
#define PSCI_AFFINITY_INFO_ON		0
#define PSCI_AFFINITY_INFO_OFF		1
#define PSCI_FID_IS_PSCI(fid)		((((fid) & ~0x40000000UL) & ~0x1fUL) == \
					 0x84000000UL)

/* SMCCC architecture calls a realm may issue */
#define SMCCC_VERSION			0x80000000UL
#define SMCCC_ARCH_FEATURES		0x80000001UL
#define SMCCC_VERSION_1_2		0x10002UL
#define SMCCC_NOT_SUPPORTED		(-1)

/*
 * RMI-MIG: the migration extension proposed in
 * Documentation/virt/kvm/arm/rmi-mig.rst (interface version 1.0). Function
 * IDs, status values and flag bits are provisional.
 */
#define SMC_RMI_MIG_FEATURES		RMM_SMC64_STD(0x0280)
#define SMC_RMI_MIG_SESSION_OPEN	RMM_SMC64_STD(0x0281)
#define SMC_RMI_MIG_SESSION_CLOSE	RMM_SMC64_STD(0x0282)
#define SMC_RMI_MIG_SESSION_STATE	RMM_SMC64_STD(0x0283)
#define SMC_RMI_MIG_TRACK_START		RMM_SMC64_STD(0x0284)
#define SMC_RMI_MIG_TRACK_STOP		RMM_SMC64_STD(0x0285)
#define SMC_RMI_MIG_DIRTY_HARVEST	RMM_SMC64_STD(0x0286)
#define SMC_RMI_MIG_EXPORT_REALM	RMM_SMC64_STD(0x0287)
#define SMC_RMI_MIG_EXPORT_PAGES	RMM_SMC64_STD(0x0288)
#define SMC_RMI_MIG_EPOCH_END		RMM_SMC64_STD(0x0289)
#define SMC_RMI_MIG_PAUSE		RMM_SMC64_STD(0x028a)
#define SMC_RMI_MIG_EXPORT_REC		RMM_SMC64_STD(0x028b)
#define SMC_RMI_MIG_END			RMM_SMC64_STD(0x028c)
#define SMC_RMI_MIG_IMPORT_REALM	RMM_SMC64_STD(0x028d)
#define SMC_RMI_MIG_IMPORT_PAGES	RMM_SMC64_STD(0x028e)
#define SMC_RMI_MIG_IMPORT_EPOCH	RMM_SMC64_STD(0x028f)
#define SMC_RMI_MIG_IMPORT_REC		RMM_SMC64_STD(0x0290)
#define SMC_RMI_MIG_IMPORT_END		RMM_SMC64_STD(0x0291)
#define SMC_RMI_MIG_ABORT		RMM_SMC64_STD(0x0292)

#define RMI_MIG_ABI_MAJOR		1
#define RMI_MIG_ABI_MINOR		0

/* Status for a blob, key blob or session progress that is not acceptable. */
#define RMI_ERROR_MIG			0x80
/* Its reasons, in the index field. */
enum rmi_mig_reason {
	RMI_MIG_FORMAT = 1,
	RMI_MIG_BINDING = 2,
	RMI_MIG_SEQUENCE = 3,
	RMI_MIG_AUTH = 4,
	RMI_MIG_INCOMPLETE = 5,
	RMI_MIG_KEY = 6,
};

/* RmiMigFeatures */
#define RMI_MIG_FEAT_MAX_BATCH_MASK	0xffffUL	/* [15:0] */
#define RMI_MIG_FEAT_AES_256_GCM	(1UL << 16)
#define RMI_MIG_FEAT_NULL_CIPHER	(1UL << 17)
#define RMI_MIG_FEAT_DIRTY_TRACKING	(1UL << 18)
#define RMI_MIG_FEAT_TEST_KEY		(1UL << 19)
#define RMI_MIG_MAX_BATCH		512
/* DIRTY_HARVEST: one bitmap granule, at most this many granules per call */
#define RMI_MIG_HARVEST_MAX_GRANULES	(RMM_GRANULE_SIZE * 8)

/* Session roles (RMI_MIG_SESSION_OPEN X3, key blob role) */
#define RMI_MIG_ROLE_SOURCE		1
#define RMI_MIG_ROLE_DESTINATION	2

/* RmiMigState */
enum rmi_mig_state {
	RMI_MIG_NONE = 0,
	RMI_MIG_SRC_OPEN = 1,
	RMI_MIG_SRC_PRECOPY = 2,
	RMI_MIG_SRC_PAUSED = 3,
	RMI_MIG_SRC_ENDED = 4,
	RMI_MIG_DST_NEW = 5,
	RMI_MIG_DST_OPEN = 6,
	RMI_MIG_DST_IMPORTING = 7,
	RMI_MIG_DST_FAILED = 8,
	RMI_MIG_DST_ABORTED = 9,
	RMI_MIG_DST_DEAD = 10,
};

/* RmiMigTrackState (source, per granule) */
enum rmi_mig_track_state {
	RMI_MIG_UNTRACKED = 0,
	RMI_MIG_TRACK_NEW = 1,
	RMI_MIG_TRACK_CLEAN = 2,
	RMI_MIG_TRACK_DIRTY = 3,
	RMI_MIG_TRACK_PENDING = 4,
};

/* RmiRealmParams.flags0: create the RD in import mode (destination). */
#define RMI_REALM_FLAGS0_MIG_IMPORT	(1UL << 63)

/* RmiMigSessionParams (one NS granule) */
#define RMI_MIG_PARAMS_FLAGS		0x000
#define RMI_MIG_PARAMS_BLOB_LEN		0x008
#define RMI_MIG_PARAMS_PEER_NONCE	0x010	/* 32 bytes */
#define RMI_MIG_PARAMS_RESERVED		0x030	/* 208 bytes, zero */
#define RMI_MIG_PARAMS_BLOB		0x100
#define RMI_MIG_PARAMS_BLOB_MIN		0x20
#define RMI_MIG_PARAMS_BLOB_MAX		0x800

#define RMI_MIG_NONCE_SIZE		32
#define RMI_MIG_KEY_SIZE		32
#define RMI_MIG_TAG_SIZE		16
#define RMI_MIG_IV_SIZE			12

/* RmiMigKeyBlob (wrap_alg TEST) */
#define RMI_MIG_KB_MAGIC		0x424B4D52U	/* "RMKB" */
#define RMI_MIG_KB_VERSION		1
#define RMI_MIG_WRAP_TEST		1
#define RMI_MIG_SUITE_AES_256_GCM	1
#define RMI_MIG_SUITE_NULL		2
#define RMI_MIG_KB_OFF_MAGIC		0x00	/* u32 */
#define RMI_MIG_KB_OFF_VERSION		0x04	/* u16 */
#define RMI_MIG_KB_OFF_WRAP_ALG		0x06	/* u16 */
#define RMI_MIG_KB_OFF_ROLE		0x08	/* u8 */
#define RMI_MIG_KB_OFF_SUITE		0x09	/* u8 */
#define RMI_MIG_KB_OFF_RES0		0x0a	/* 2 bytes */
#define RMI_MIG_KB_OFF_TOTAL_LEN	0x0c	/* u32 */
#define RMI_MIG_KB_OFF_SESSION_ID	0x10	/* u64 */
#define RMI_MIG_KB_OFF_RES1		0x18	/* 8 bytes */
#define RMI_MIG_KB_OFF_RIM		0x20	/* 64 bytes */
#define RMI_MIG_KB_OFF_RPV		0x60	/* 64 bytes */
#define RMI_MIG_KB_OFF_WRAP_IV		0xa0	/* 12 bytes */
#define RMI_MIG_KB_OFF_RES2		0xac	/* 4 bytes */
#define RMI_MIG_KB_OFF_WRAPPED_MK	0xb0	/* 32 bytes */
#define RMI_MIG_KB_OFF_WRAP_TAG		0xd0	/* 16 bytes */
#define RMI_MIG_KB_TEST_LEN		0xe0

/* RmiMigHeader: common header of every blob */
#define RMI_MIG_HDR_MAGIC		0x47494D52U	/* "RMIG" */
#define RMI_MIG_HDR_VERSION		1
#define RMI_MIG_HDR_SIZE		0x40
#define RMI_MIG_HDR_AAD_SIZE		0x30	/* header[0x00, 0x30) */
#define RMI_MIG_HDR_OFF_MAGIC		0x00	/* u32 */
#define RMI_MIG_HDR_OFF_VERSION		0x04	/* u8 */
#define RMI_MIG_HDR_OFF_TYPE		0x05	/* u8 */
#define RMI_MIG_HDR_OFF_FLAGS		0x06	/* u16 */
#define RMI_MIG_HDR_OFF_SESSION_ID	0x08
#define RMI_MIG_HDR_OFF_COUNTER		0x10
#define RMI_MIG_HDR_OFF_EPOCH		0x18
#define RMI_MIG_HDR_OFF_IPA		0x20	/* PAGE: IPA; REC: MPIDR */
#define RMI_MIG_HDR_OFF_RIPAS		0x28	/* u8 */
#define RMI_MIG_HDR_OFF_HIPAS		0x29	/* u8 */
#define RMI_MIG_HDR_OFF_RES		0x2a	/* 2 bytes */
#define RMI_MIG_HDR_OFF_BODY_LEN	0x2c	/* u32 */
#define RMI_MIG_HDR_OFF_TAG		0x30	/* 16 bytes */
#define RMI_MIG_HDR_F_HAS_DATA		(1U << 0)
#define RMI_MIG_HDR_F_NULL_SUITE	(1U << 1)

enum rmi_mig_blob_type {
	RMI_MIG_BLOB_REALM = 1,
	RMI_MIG_BLOB_PAGE = 2,
	RMI_MIG_BLOB_EPOCH = 3,
	RMI_MIG_BLOB_REC = 4,
	RMI_MIG_BLOB_END = 5,
	RMI_MIG_BLOB_ABORT = 6,
};

/* IV direction (first 4 bytes of the 12-byte IV) */
#define RMI_MIG_DIR_STREAM		1
#define RMI_MIG_DIR_ABORT		2

/* Page record HIPAS */
#define RMI_MIG_HIPAS_UNASSIGNED	0
#define RMI_MIG_HIPAS_ASSIGNED		1

/* Body lengths and total blob sizes */
#define RMI_MIG_REALM_BODY_LEN		0x140
#define RMI_MIG_REALM_LEN		0x180
#define RMI_MIG_REALM_CLEAR_LEN		0x40	/* body[0, 0x40) is not encrypted */
#define RMI_MIG_PAGE_BODY_LEN		0
#define RMI_MIG_EPOCH_BODY_LEN		0x40
#define RMI_MIG_EPOCH_LEN		0x80
#define RMI_MIG_REC_BODY_LEN		0x900
#define RMI_MIG_REC_LEN			0x940
#define RMI_MIG_END_BODY_LEN		0x140
#define RMI_MIG_END_LEN			0x180
#define RMI_MIG_ABORT_BODY_LEN		0x40
#define RMI_MIG_ABORT_LEN		0x80

/* Realm record body (offsets from the start of the body) */
#define RMI_MIG_REALM_SRC_NONCE		0x000
#define RMI_MIG_REALM_DST_NONCE		0x020
#define RMI_MIG_REALM_FLAGS0		0x040
#define RMI_MIG_REALM_S2SZ		0x048
#define RMI_MIG_REALM_SVE_VL		0x050
#define RMI_MIG_REALM_NUM_BPS		0x058
#define RMI_MIG_REALM_NUM_WPS		0x060
#define RMI_MIG_REALM_PMU_NUM_CTRS	0x068
#define RMI_MIG_REALM_HASH_ALGO		0x070
#define RMI_MIG_REALM_NUM_AUX_PLANES	0x078
#define RMI_MIG_REALM_NR_RECS		0x080
#define RMI_MIG_REALM_CNTFRQ		0x088
#define RMI_MIG_REALM_RES		0x090	/* 48 bytes */
#define RMI_MIG_REALM_RPV		0x0c0	/* 64 bytes */
#define RMI_MIG_REALM_RIM		0x100	/* 64 bytes */

/* Epoch token body */
#define RMI_MIG_EPOCH_RECORDS		0x00
#define RMI_MIG_EPOCH_CONTENT		0x08
#define RMI_MIG_EPOCH_NEXT_EPOCH	0x10
#define RMI_MIG_EPOCH_RES		0x18	/* 40 bytes */

/* REC record body */
#define RMI_MIG_REC_GPRS		0x000	/* 31 x u64 */
#define RMI_MIG_REC_SP_EL0		0x0f8
#define RMI_MIG_REC_SP_EL1		0x100
#define RMI_MIG_REC_PC			0x108
#define RMI_MIG_REC_PSTATE		0x110
#define RMI_MIG_REC_ELR_EL1		0x118
#define RMI_MIG_REC_SPSR_EL1		0x120
#define RMI_MIG_REC_ESR_EL1		0x128
#define RMI_MIG_REC_FAR_EL1		0x130
#define RMI_MIG_REC_SCTLR_EL1		0x138
#define RMI_MIG_REC_TTBR0_EL1		0x140
#define RMI_MIG_REC_TTBR1_EL1		0x148
#define RMI_MIG_REC_TCR_EL1		0x150
#define RMI_MIG_REC_MAIR_EL1		0x158
#define RMI_MIG_REC_AMAIR_EL1		0x160
#define RMI_MIG_REC_VBAR_EL1		0x168
#define RMI_MIG_REC_CONTEXTIDR_EL1	0x170
#define RMI_MIG_REC_TPIDR_EL0		0x178
#define RMI_MIG_REC_TPIDRRO_EL0		0x180
#define RMI_MIG_REC_TPIDR_EL1		0x188
#define RMI_MIG_REC_CPACR_EL1		0x190
#define RMI_MIG_REC_PAR_EL1		0x198
#define RMI_MIG_REC_MDSCR_EL1		0x1a0
#define RMI_MIG_REC_CNTKCTL_EL1		0x1a8
#define RMI_MIG_REC_CNTV_CTL_EL0	0x1b0
#define RMI_MIG_REC_CNTV_CVAL_EL0	0x1b8
#define RMI_MIG_REC_CNTP_CTL_EL0	0x1c0
#define RMI_MIG_REC_CNTP_CVAL_EL0	0x1c8
#define RMI_MIG_REC_AFSR0_EL1		0x1d0
#define RMI_MIG_REC_AFSR1_EL1		0x1d8
#define RMI_MIG_REC_CSSELR_EL1		0x1e0
#define RMI_MIG_REC_CNTVOFF_SRC		0x1e8
#define RMI_MIG_REC_RES0		0x1f0	/* 16 bytes */
#define RMI_MIG_REC_V			0x200	/* 32 x 16 bytes */
#define RMI_MIG_REC_FPSR		0x400
#define RMI_MIG_REC_FPCR		0x408
#define RMI_MIG_REC_RES1		0x410	/* 240 bytes */
#define RMI_MIG_REC_DBGBVR		0x500	/* 16 x u64 */
#define RMI_MIG_REC_DBGBCR		0x580
#define RMI_MIG_REC_DBGWVR		0x600
#define RMI_MIG_REC_DBGWCR		0x680
#define RMI_MIG_REC_ICH_HCR		0x700
#define RMI_MIG_REC_ICH_VMCR		0x708
#define RMI_MIG_REC_ICH_AP0R		0x710	/* 4 x u64 */
#define RMI_MIG_REC_ICH_AP1R		0x730	/* 4 x u64 */
#define RMI_MIG_REC_NR_LRS		0x750
#define RMI_MIG_REC_ICH_LR		0x758	/* 16 x u64 */
#define RMI_MIG_REC_RES2		0x7d8	/* 40 bytes */
#define RMI_MIG_REC_MPIDR		0x800
#define RMI_MIG_REC_FLAGS		0x808
#define RMI_MIG_REC_PENDING		0x810
#define RMI_MIG_REC_HOST_CALL_IPA	0x818
#define RMI_MIG_REC_RIPAS_ADDR		0x820
#define RMI_MIG_REC_RIPAS_TOP		0x828
#define RMI_MIG_REC_RIPAS_VALUE		0x830
#define RMI_MIG_REC_RIPAS_FLAGS		0x838
#define RMI_MIG_REC_RIPAS_REJECTED	0x840
#define RMI_MIG_REC_PSCI_FID		0x848
#define RMI_MIG_REC_PSCI_TARGET		0x850
#define RMI_MIG_REC_EXIT_ESR		0x858
#define RMI_MIG_REC_EXIT_FAR		0x860
#define RMI_MIG_REC_EXIT_HPFAR		0x868
#define RMI_MIG_REC_RES3		0x870	/* 144 bytes */
#define RMI_MIG_REC_F_RUNNABLE		(1UL << 0)
#define RMI_MIG_REC_MAX_LRS		16

/* End token body */
#define RMI_MIG_END_CONTENT		0x000
#define RMI_MIG_END_STATE_ONLY		0x008
#define RMI_MIG_END_EPOCHS		0x010
#define RMI_MIG_END_RECS		0x018
#define RMI_MIG_END_CNTVCT		0x020
#define RMI_MIG_END_RES			0x028	/* 24 bytes */
#define RMI_MIG_END_REM			0x040	/* 4 x 64 bytes */

/* Abort token body */
#define RMI_MIG_ABORT_NEXT_COUNTER	0x00
#define RMI_MIG_ABORT_REASON		0x08	/* 0 host request, 1 failure */
#define RMI_MIG_ABORT_FAILURE		0x10
#define RMI_MIG_ABORT_RES		0x18	/* 40 bytes */
#define RMI_MIG_ABORT_REASON_HOST	0
#define RMI_MIG_ABORT_REASON_FAILURE	1

#endif /* RMM_ABI_H */
