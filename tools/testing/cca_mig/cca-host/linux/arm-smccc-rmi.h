/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Realm Management Interface (Arm DEN0137 2.0): the function IDs,
 * status codes, field encodings and memory structures that the host side
 * of this project uses.
 *
 * This is the project's own declaration of the part of the upstream CCA
 * host series' <linux/arm-smccc-rmi.h> that our code needs, with the same
 * names and include guard, so that code written against the series builds
 * against it (in the reference-platform harness, and in the arm64 build
 * check against a kernel tree that lacks the series) and against the
 * series itself. Values and layouts are the specification's.
 */
#ifndef __LINUX_ARM_SMCCC_RMI_H_
#define __LINUX_ARM_SMCCC_RMI_H_

#include <linux/arm-smccc.h>
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include <asm/page.h>

/* RMI commands are fast SMC64 calls in the standard secure service range. */
#define SMC_RMI_CALL(func)						\
	ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL, ARM_SMCCC_SMC_64,	\
			   ARM_SMCCC_OWNER_STANDARD, (func))

#define SMC_RMI_VERSION				SMC_RMI_CALL(0x0150)
#define SMC_RMI_RTT_DATA_MAP_INIT		SMC_RMI_CALL(0x0153)
#define SMC_RMI_REALM_ACTIVATE			SMC_RMI_CALL(0x0157)
#define SMC_RMI_REALM_CREATE			SMC_RMI_CALL(0x0158)
#define SMC_RMI_REALM_DESTROY			SMC_RMI_CALL(0x0159)
#define SMC_RMI_REC_CREATE			SMC_RMI_CALL(0x015a)
#define SMC_RMI_REC_DESTROY			SMC_RMI_CALL(0x015b)
#define SMC_RMI_REC_ENTER			SMC_RMI_CALL(0x015c)
#define SMC_RMI_RTT_CREATE			SMC_RMI_CALL(0x015d)
#define SMC_RMI_RTT_DESTROY			SMC_RMI_CALL(0x015e)
#define SMC_RMI_RTT_READ_ENTRY			SMC_RMI_CALL(0x0161)
#define SMC_RMI_PSCI_COMPLETE			SMC_RMI_CALL(0x0164)
#define SMC_RMI_FEATURES			SMC_RMI_CALL(0x0165)
#define SMC_RMI_RTT_FOLD			SMC_RMI_CALL(0x0166)
#define SMC_RMI_RTT_INIT_RIPAS			SMC_RMI_CALL(0x0168)
#define SMC_RMI_RTT_SET_RIPAS			SMC_RMI_CALL(0x0169)
#define SMC_RMI_GRANULE_RANGE_DELEGATE		SMC_RMI_CALL(0x01f1)
#define SMC_RMI_GRANULE_RANGE_UNDELEGATE	SMC_RMI_CALL(0x01f2)
#define SMC_RMI_RTT_DATA_MAP			SMC_RMI_CALL(0x01f5)
#define SMC_RMI_RTT_DATA_UNMAP			SMC_RMI_CALL(0x01f6)
#define SMC_RMI_RTT_UNPROT_MAP			SMC_RMI_CALL(0x01fb)
#define SMC_RMI_RTT_UNPROT_UNMAP		SMC_RMI_CALL(0x01fc)
#define SMC_RMI_REALM_TERMINATE			SMC_RMI_CALL(0x0201)
/* Stateful RMI operations (SROs): continuation and memory transfer */
#define SMC_RMI_OP_CONTINUE			SMC_RMI_CALL(0x0203)
#define SMC_RMI_OP_MEM_DONATE			SMC_RMI_CALL(0x0208)
#define SMC_RMI_OP_MEM_RECLAIM			SMC_RMI_CALL(0x0209)
#define SMC_RMI_OP_CANCEL			SMC_RMI_CALL(0x020a)

/* RmiInterfaceVersion */
#define RMI_ABI_MAJOR_VERSION		2
#define RMI_ABI_MINOR_VERSION		0

#define RMI_ABI_VERSION_MAJOR_MASK	GENMASK(30, 16)
#define RMI_ABI_VERSION_MINOR_MASK	GENMASK(15, 0)

#define RMI_ABI_VERSION_GET_MAJOR(v)	FIELD_GET(RMI_ABI_VERSION_MAJOR_MASK, (v))
#define RMI_ABI_VERSION_GET_MINOR(v)	FIELD_GET(RMI_ABI_VERSION_MINOR_MASK, (v))
#define RMI_ABI_VERSION(major, minor)					\
	(FIELD_PREP(RMI_ABI_VERSION_MAJOR_MASK, (major)) |		\
	 FIELD_PREP(RMI_ABI_VERSION_MINOR_MASK, (minor)))

/*
 * RmiCommandReturnCode: the status in bits [7:0]; for RMI_ERROR_RTT the
 * RTT level at which the walk stopped in bits [15:8]; for RMI_INCOMPLETE a
 * memory request in bits [9:8] and whether the operation can be cancelled
 * in bit 10.
 */
#define RMI_RESULT_STATUS_MASK		GENMASK(7, 0)
#define RMI_RESULT_DATA_LEVEL_MASK	GENMASK(15, 8)
#define RMI_RESULT_MEMREQ_MASK		GENMASK(9, 8)
#define RMI_RESULT_CAN_CANCEL_MASK	BIT(10)

#define RMI_RESULT_STATUS(ret)		FIELD_GET(RMI_RESULT_STATUS_MASK, (ret))
#define RMI_RESULT_DATA_LEVEL(ret)	FIELD_GET(RMI_RESULT_DATA_LEVEL_MASK, (ret))
#define RMI_RESULT_MEMREQ(ret)		FIELD_GET(RMI_RESULT_MEMREQ_MASK, (ret))
#define RMI_RESULT_CAN_CANCEL(ret)	FIELD_GET(RMI_RESULT_CAN_CANCEL_MASK, (ret))

/* The same fields under the names earlier versions of the series used. */
#define RMI_RETURN_STATUS_MASK		RMI_RESULT_STATUS_MASK
#define RMI_RETURN_INDEX_MASK		RMI_RESULT_DATA_LEVEL_MASK
#define RMI_RETURN_MEMREQ_MASK		RMI_RESULT_MEMREQ_MASK
#define RMI_RETURN_CAN_CANCEL_MASK	RMI_RESULT_CAN_CANCEL_MASK
#define RMI_RETURN_STATUS(ret)		RMI_RESULT_STATUS(ret)
#define RMI_RETURN_INDEX(ret)		RMI_RESULT_DATA_LEVEL(ret)
#define RMI_RETURN_MEMREQ(ret)		RMI_RESULT_MEMREQ(ret)
#define RMI_RETURN_CAN_CANCEL(ret)	RMI_RESULT_CAN_CANCEL(ret)

/* RmiStatusCode */
#define RMI_SUCCESS			0
#define RMI_ERROR_INPUT			1
#define RMI_ERROR_REALM			2
#define RMI_ERROR_REC			3
#define RMI_ERROR_RTT			4
#define RMI_ERROR_NOT_SUPPORTED		5
#define RMI_ERROR_DEVICE		6
#define RMI_ERROR_RTT_AUX		7
#define RMI_ERROR_PSMMU_ST		8
#define RMI_ERROR_DPT			9
#define RMI_BUSY			10
#define RMI_ERROR_GLOBAL		11
#define RMI_ERROR_TRACKING		12
#define RMI_INCOMPLETE			13
#define RMI_BLOCKED			14
#define RMI_ERROR_GPT			15
#define RMI_ERROR_GRANULE		16

/* RMI_OP_CONTINUE flags */
#define RMI_CONTINUE_KEEP_GOING		0
#define RMI_CONTINUE_STOP		1

/* RmiOpMemReq: what an RMI_INCOMPLETE operation wants from the host */
#define RMI_OP_MEM_REQ_NONE		0
#define RMI_OP_MEM_REQ_DONATE		1
#define RMI_OP_MEM_REQ_RECLAIM		2

#define RMI_OP_CANNOT_CANCEL		0
#define RMI_OP_CAN_CANCEL		1

/* RmiOpMemDonateReq */
#define RMI_DONATE_STATE_MASK		GENMASK(18, 17)
#define RMI_DONATE_CONTIG_MASK		BIT(16)
#define RMI_DONATE_COUNT_MASK		GENMASK(15, 2)
#define RMI_DONATE_BLOCK_SIZE_MASK	GENMASK(1, 0)

#define RMI_DONATE_STATE(req)		FIELD_GET(RMI_DONATE_STATE_MASK, (req))
#define RMI_DONATE_CONTIG(req)		FIELD_GET(RMI_DONATE_CONTIG_MASK, (req))
#define RMI_DONATE_COUNT(req)		FIELD_GET(RMI_DONATE_COUNT_MASK, (req))
#define RMI_DONATE_BLOCK_SIZE(req)	FIELD_GET(RMI_DONATE_BLOCK_SIZE_MASK, (req))

/* RmiOpMemState, RmiOpMemContig */
#define RMI_OP_MEM_DELEGATED		0
#define RMI_OP_MEM_UNDELEGATED		1
#define RMI_OP_MEM_CONDITIONAL		2

#define RMI_OP_MEM_NON_CONTIG		0
#define RMI_OP_MEM_CONTIG		1

/* RmiAddrType: how a map/unmap command names its output addresses */
#define RMI_ADDR_TYPE_NONE		0
#define RMI_ADDR_TYPE_SINGLE		1
#define RMI_ADDR_TYPE_LIST		2

/* RmiAddrRange: a run of @count blocks of one size at a granule address */
#define RMI_ADDR_RANGE_STATE_MASK	GENMASK_ULL(63, 62)
#define RMI_ADDR_RANGE_ADDR_MASK	GENMASK_ULL(51, PAGE_SHIFT)
#define RMI_ADDR_RANGE_COUNT_MASK	GENMASK(PAGE_SHIFT - 1, 2)
#define RMI_ADDR_RANGE_BLOCK_SIZE_MASK	GENMASK(1, 0)

#define RMI_ADDR_RANGE_STATE(r)		FIELD_GET(RMI_ADDR_RANGE_STATE_MASK, (r))
#define RMI_ADDR_RANGE_ADDR(r)		((r) & RMI_ADDR_RANGE_ADDR_MASK)
#define RMI_ADDR_RANGE_COUNT(r)		FIELD_GET(RMI_ADDR_RANGE_COUNT_MASK, (r))
#define RMI_ADDR_RANGE_BLOCK_SIZE(r)	FIELD_GET(RMI_ADDR_RANGE_BLOCK_SIZE_MASK, (r))

/* RmiRipas */
enum rmi_ripas {
	RMI_EMPTY = 0,
	RMI_RAM = 1,
	RMI_DESTROYED = 2,
	RMI_DEV = 3,
};

/* RmiRttEntryState, as reported by RMI_RTT_READ_ENTRY */
#define RMI_UNASSIGNED			0
#define RMI_ASSIGNED			1
#define RMI_TABLE			2
#define RMI_ASSIGNED_DEV		3

/* RmiDataMeasureContent */
#define RMI_NO_MEASURE_CONTENT		0
#define RMI_MEASURE_CONTENT		1

/* RmiFeatureRegister0 */
#define RMI_FEATURE_REGISTER_0_S2OASZ			GENMASK_ULL(40, 33)
#define RMI_FEATURE_REGISTER_0_L0GPT_BLOCK_DELEGATE	BIT_ULL(32)
#define RMI_FEATURE_REGISTER_0_PMU_NUM_CTRS		GENMASK(31, 27)
#define RMI_FEATURE_REGISTER_0_PMU			BIT(26)
#define RMI_FEATURE_REGISTER_0_NUM_WPS			GENMASK(25, 20)
#define RMI_FEATURE_REGISTER_0_NUM_BPS			GENMASK(19, 14)
#define RMI_FEATURE_REGISTER_0_SVE_VL			GENMASK(13, 10)
#define RMI_FEATURE_REGISTER_0_SVE			BIT(9)
#define RMI_FEATURE_REGISTER_0_LPA2			BIT(8)
#define RMI_FEATURE_REGISTER_0_S2SZ			GENMASK(7, 0)

/* RmiFeatureRegister1 */
#define RMI_FEATURE_REGISTER_1_MAX_RECS_ORDER		GENMASK(9, 6)
#define RMI_FEATURE_REGISTER_1_HASH_SHA_512		BIT(5)
#define RMI_FEATURE_REGISTER_1_HASH_SHA_384		BIT(4)
#define RMI_FEATURE_REGISTER_1_HASH_SHA_256		BIT(3)
#define RMI_FEATURE_REGISTER_1_RMI_GRAN_SZ_64KB		BIT(2)
#define RMI_FEATURE_REGISTER_1_RMI_GRAN_SZ_16KB		BIT(1)
#define RMI_FEATURE_REGISTER_1_RMI_GRAN_SZ_4KB		BIT(0)

/* RmiRealmFlags0 */
#define RMI_REALM_PARAM_FLAG_DA		BIT(3)
#define RMI_REALM_PARAM_FLAG_PMU	BIT(2)
#define RMI_REALM_PARAM_FLAG_SVE	BIT(1)

/* RmiHashAlgorithm */
#define RMI_HASH_SHA_256		0
#define RMI_HASH_SHA_512		1
#define RMI_HASH_SHA_384		2

/*
 * RmiRealmParams: one 4 KiB granule, read by RMI_REALM_CREATE. Every
 * field is u64-aligned; the unions pad each group to its offset in the
 * specification.
 */
struct realm_params {
	union {	/* 0x000 */
		struct {
			u64 flags0;
			u64 s2sz;
			u64 sve_vl;
			u64 num_bps;
			u64 num_wps;
			u64 pmu_num_ctrs;
			u64 hash_algo;
			u64 num_aux_planes;
		};
		u8 __pad_000[0x400];
	};
	union {	/* 0x400 */
		struct {
			u8 rpv[64];
			u64 ats_plane;
		};
		u8 __pad_400[0x400];
	};
	union {	/* 0x800 */
		struct {
			u64 __rsvd_800;
			u64 rtt_base;
			s64 rtt_level_start;
			u64 rtt_num_start;
			u64 flags1;
			u64 max_num_vdevs;
		};
		u8 __pad_800[0x700];
	};
	union {	/* 0xf00 */
		struct {
			u8 __rsvd_f00[0x80];
			u64 aux_rtt_base[3];
		};
		u8 __pad_f00[0x100];
	};
};

static_assert(offsetof(struct realm_params, hash_algo) == 0x30);
static_assert(offsetof(struct realm_params, rpv) == 0x400);
static_assert(offsetof(struct realm_params, rtt_base) == 0x808);
static_assert(offsetof(struct realm_params, rtt_level_start) == 0x810);
static_assert(offsetof(struct realm_params, rtt_num_start) == 0x818);
static_assert(offsetof(struct realm_params, flags1) == 0x820);
static_assert(offsetof(struct realm_params, aux_rtt_base) == 0xf80);
static_assert(sizeof(struct realm_params) == SZ_4K);

/* The GPRs x0..x(REC_CREATE_NR_GPRS - 1) a REC starts with. */
#define REC_CREATE_NR_GPRS		8

/* RmiRecCreateFlags */
#define REC_PARAMS_FLAG_RUNNABLE	BIT(0)

/* RmiRecParams: one 4 KiB granule, read by RMI_REC_CREATE. */
struct rec_params {
	union {	/* 0x000 */
		u64 flags;
		u8 __pad_000[0x100];
	};
	union {	/* 0x100 */
		u64 mpidr;
		u8 __pad_100[0x100];
	};
	union {	/* 0x200 */
		u64 pc;
		u8 __pad_200[0x100];
	};
	union {	/* 0x300 */
		u64 gprs[REC_CREATE_NR_GPRS];
		u8 __pad_300[0xd00];
	};
};

static_assert(offsetof(struct rec_params, mpidr) == 0x100);
static_assert(offsetof(struct rec_params, pc) == 0x200);
static_assert(offsetof(struct rec_params, gprs) == 0x300);
static_assert(sizeof(struct rec_params) == SZ_4K);

/* RmiRecEnterFlags */
#define REC_ENTER_FLAG_EMULATED_MMIO	BIT(0)
#define REC_ENTER_FLAG_INJECT_SEA	BIT(1)
#define REC_ENTER_FLAG_TRAP_WFI		BIT(2)
#define REC_ENTER_FLAG_TRAP_WFE		BIT(3)
#define REC_ENTER_FLAG_RIPAS_RESPONSE	BIT(4)	/* set: reject the change */
#define REC_ENTER_FLAG_S2AP_RESPONSE	BIT(5)
#define REC_ENTER_FLAG_DEV_MEM_RESPONSE	BIT(6)
#define REC_ENTER_FLAG_FORCE_P0		BIT(7)

/* GPRs x0..x30 passed in RmiRecEnter and RmiRecExit */
#define REC_RUN_GPRS			31

/* RmiRecEnter: the host's half of the RmiRecRun granule. */
struct rec_enter {
	union {	/* 0x000 */
		u64 flags;
		u8 __pad_000[0x200];
	};
	union {	/* 0x200 */
		u64 gprs[REC_RUN_GPRS];
		u8 __pad_200[0x600];
	};
};

static_assert(offsetof(struct rec_enter, gprs) == 0x200);
static_assert(sizeof(struct rec_enter) == SZ_2K);

/* RmiRecExitReason */
#define RMI_EXIT_SYNC			0x00
#define RMI_EXIT_IRQ			0x01
#define RMI_EXIT_FIQ			0x02
#define RMI_EXIT_PSCI			0x03
#define RMI_EXIT_RIPAS_CHANGE		0x04
#define RMI_EXIT_HOST_CALL		0x05
#define RMI_EXIT_SERROR			0x06
#define RMI_EXIT_S2AP_CHANGE		0x07
#define RMI_EXIT_VDEV_VALIDATE_MAPPING	0x08
#define RMI_EXIT_VSMMU_COMMAND		0x0a

/* RmiRecExit: the RMM's half of the RmiRecRun granule. */
struct rec_exit {
	union {	/* 0x000 */
		u8 exit_reason;
		u8 __pad_000[0x100];
	};
	union {	/* 0x100 */
		struct {
			u64 esr;
			u64 far;
			u64 hpfar;
			u64 rtt_tree;
		};
		u8 __pad_100[0x100];
	};
	union {	/* 0x200 */
		u64 gprs[REC_RUN_GPRS];
		u8 __pad_200[0x200];
	};
	union {	/* 0x400 */
		struct {
			u64 cntp_ctl;
			u64 cntp_cval;
			u64 cntv_ctl;
			u64 cntv_cval;
		};
		u8 __pad_400[0x100];
	};
	union {	/* 0x500 */
		struct {
			u64 ripas_base;
			u64 ripas_top;
			u8 ripas_value;
			u8 __rsvd_511[0xf];
			u64 s2ap_base;
			u64 s2ap_top;
			u64 vdev_id_1;
			u64 vdev_id_2;
			u64 dev_mem_base;
			u64 dev_mem_top;
			u64 dev_mem_pa;
		};
		u8 __pad_500[0x100];
	};
	union {	/* 0x600 */
		struct {
			u16 imm;
			u8 __rsvd_602[0x6];
			u64 plane;
		};
		u8 __pad_600[0x100];
	};
	union {	/* 0x700 */
		struct {
			u8 pmu_ovf_status;
			u8 __rsvd_701[0xf];
			u64 vsmmu;
		};
		u8 __pad_700[0x100];
	};
};

static_assert(offsetof(struct rec_exit, esr) == 0x100);
static_assert(offsetof(struct rec_exit, hpfar) == 0x110);
static_assert(offsetof(struct rec_exit, gprs) == 0x200);
static_assert(offsetof(struct rec_exit, cntp_ctl) == 0x400);
static_assert(offsetof(struct rec_exit, ripas_base) == 0x500);
static_assert(offsetof(struct rec_exit, ripas_value) == 0x510);
static_assert(offsetof(struct rec_exit, imm) == 0x600);
static_assert(offsetof(struct rec_exit, pmu_ovf_status) == 0x700);
static_assert(sizeof(struct rec_exit) == SZ_2K);

/* RmiRecRun: the Non-secure granule passed to RMI_REC_ENTER. */
struct rec_run {
	struct rec_enter enter;
	struct rec_exit exit;
};

static_assert(offsetof(struct rec_run, exit) == SZ_2K);
static_assert(sizeof(struct rec_run) == SZ_4K);

/* RmiRttUnprotMapFlags (RMI_RTT_UNPROT_MAP) */
#define RMI_RTT_UNPROT_MAP_FLAGS_S2AP_MASK		GENMASK(22, 19)
#define RMI_RTT_UNPROT_MAP_FLAGS_MEMATTR_MASK		GENMASK(18, 16)
#define RMI_RTT_UNPROT_MAP_FLAGS_LIST_COUNT_MASK	GENMASK(15, 2)
#define RMI_RTT_UNPROT_MAP_FLAGS_OADDR_TYPE_MASK	GENMASK(1, 0)

/* RmiRttProtMapFlags (RMI_RTT_DATA_MAP, RMI_RTT_DATA_UNMAP) */
#define RMI_RTT_PROT_MAP_FLAGS_LIST_COUNT_MASK		GENMASK(15, 2)
#define RMI_RTT_PROT_MAP_FLAGS_OADDR_TYPE_MASK		GENMASK(1, 0)

/* Direct S2AP encodings for RMI_RTT_UNPROT_MAP_FLAGS_S2AP_MASK */
#define RMI_S2AP_DIRECT_WRITE		BIT(0)
#define RMI_S2AP_DIRECT_READ		BIT(1)

#endif /* __LINUX_ARM_SMCCC_RMI_H_ */
