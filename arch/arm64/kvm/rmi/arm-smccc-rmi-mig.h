/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RMI-MIG: the Realm Management Interface extension for realm migration,
 * interface version 1.0 (Documentation/virt/kvm/arm/rmi-mig.rst): function
 * IDs, status codes, field encodings and the memory structures the host
 * reads or writes.
 *
 * Kernel location: include/linux/, next to the CCA host series'
 * arm-smccc-rmi.h, whose conventions it follows. Function IDs, status
 * values and flag bits are provisional until allocated by Arm.
 */
#ifndef __LINUX_ARM_SMCCC_RMI_MIG_H_
#define __LINUX_ARM_SMCCC_RMI_MIG_H_

#include <linux/arm-smccc-rmi.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/types.h>

/* Function IDs (section 2.1): SMC64 fast calls, owner 4 (standard). */
#define SMC_RMI_MIG_FEATURES		SMC_RMI_CALL(0x0280)
#define SMC_RMI_MIG_SESSION_OPEN	SMC_RMI_CALL(0x0281)
#define SMC_RMI_MIG_SESSION_CLOSE	SMC_RMI_CALL(0x0282)
#define SMC_RMI_MIG_SESSION_STATE	SMC_RMI_CALL(0x0283)
#define SMC_RMI_MIG_TRACK_START		SMC_RMI_CALL(0x0284)
#define SMC_RMI_MIG_TRACK_STOP		SMC_RMI_CALL(0x0285)
#define SMC_RMI_MIG_DIRTY_HARVEST	SMC_RMI_CALL(0x0286)
#define SMC_RMI_MIG_EXPORT_REALM	SMC_RMI_CALL(0x0287)
#define SMC_RMI_MIG_EXPORT_PAGES	SMC_RMI_CALL(0x0288)
#define SMC_RMI_MIG_EPOCH_END		SMC_RMI_CALL(0x0289)
#define SMC_RMI_MIG_PAUSE		SMC_RMI_CALL(0x028a)
#define SMC_RMI_MIG_EXPORT_REC		SMC_RMI_CALL(0x028b)
#define SMC_RMI_MIG_END			SMC_RMI_CALL(0x028c)
#define SMC_RMI_MIG_IMPORT_REALM	SMC_RMI_CALL(0x028d)
#define SMC_RMI_MIG_IMPORT_PAGES	SMC_RMI_CALL(0x028e)
#define SMC_RMI_MIG_IMPORT_EPOCH	SMC_RMI_CALL(0x028f)
#define SMC_RMI_MIG_IMPORT_REC		SMC_RMI_CALL(0x0290)
#define SMC_RMI_MIG_IMPORT_END		SMC_RMI_CALL(0x0291)
#define SMC_RMI_MIG_ABORT		SMC_RMI_CALL(0x0292)

/* Interface version (RmiInterfaceVersion encoding, section 2.2) */
#define RMI_MIG_ABI_MAJOR_VERSION	1
#define RMI_MIG_ABI_MINOR_VERSION	0

/* RmiMigFeatures (section 2.2) */
#define RMI_MIG_FEAT_MAX_BATCH		GENMASK(15, 0)
#define RMI_MIG_FEAT_AES_256_GCM	BIT(16)
#define RMI_MIG_FEAT_NULL_CIPHER	BIT(17)
#define RMI_MIG_FEAT_DIRTY_TRACKING	BIT(18)
#define RMI_MIG_FEAT_TEST_KEY		BIT(19)

/* Most entries of one EXPORT_PAGES or IMPORT_PAGES call in version 1.0 */
#define RMI_MIG_MAX_BATCH		512
/* Most granules one DIRTY_HARVEST call covers (the bits of one granule) */
#define RMI_MIG_HARVEST_MAX_GRANULES	(SZ_4K * 8)

/* Status (section 2.3): RMI_ERROR_MIG, with the reason in the index. */
#define RMI_ERROR_MIG			0x80

enum rmi_mig_reason {
	RMI_MIG_REASON_FORMAT = 1,
	RMI_MIG_REASON_BINDING = 2,
	RMI_MIG_REASON_SEQUENCE = 3,
	RMI_MIG_REASON_AUTH = 4,
	RMI_MIG_REASON_INCOMPLETE = 5,
	RMI_MIG_REASON_KEY = 6,
};

/* Session roles (RMI_MIG_SESSION_OPEN X3) */
#define RMI_MIG_ROLE_SOURCE		1
#define RMI_MIG_ROLE_DESTINATION	2

/* RmiMigState (section 3.1) */
enum rmi_mig_state {
	RMI_MIG_STATE_NONE = 0,
	RMI_MIG_STATE_SRC_OPEN = 1,
	RMI_MIG_STATE_SRC_PRECOPY = 2,
	RMI_MIG_STATE_SRC_PAUSED = 3,
	RMI_MIG_STATE_SRC_ENDED = 4,
	RMI_MIG_STATE_DST_NEW = 5,
	RMI_MIG_STATE_DST_OPEN = 6,
	RMI_MIG_STATE_DST_IMPORTING = 7,
	RMI_MIG_STATE_DST_FAILED = 8,
	RMI_MIG_STATE_DST_ABORTED = 9,
	RMI_MIG_STATE_DST_DEAD = 10,
};

/* RmiRealmParams.flags0: create the Realm in import mode (section 3.3) */
#define RMI_REALM_FLAGS0_MIG_IMPORT	BIT_ULL(63)

/* Nonce length (RMI_MIG_SESSION_OPEN X1..X4) */
#define RMI_MIG_NONCE_SIZE		32

/* Key blob lengths accepted in RmiMigSessionParams.blob_len */
#define RMI_MIG_KEY_BLOB_MIN		0x20
#define RMI_MIG_KEY_BLOB_MAX		0x800

/* Blob lengths the RMM reports (sections 4 and 5) */
#define RMI_MIG_HDR_SIZE		0x40
#define RMI_MIG_REALM_RECORD_SIZE	0x180
#define RMI_MIG_EPOCH_TOKEN_SIZE	0x80
#define RMI_MIG_REC_RECORD_SIZE		0x940
#define RMI_MIG_END_TOKEN_SIZE		0x180
#define RMI_MIG_ABORT_TOKEN_SIZE	0x80

/**
 * struct rmi_mig_session_params - RmiMigSessionParams (section 4.2)
 * @flags: reserved, zero
 * @blob_len: length of @blob, RMI_MIG_KEY_BLOB_MIN to RMI_MIG_KEY_BLOB_MAX
 * @peer_nonce: source: the destination's nonce; destination: zero
 * @reserved: zero
 * @blob: the key blob, opaque to the host
 * @__pad: the rest of the granule; the RMM ignores it
 *
 * One granule, in Non-secure memory.
 */
struct rmi_mig_session_params {
	u64 flags;
	u64 blob_len;
	u8 peer_nonce[RMI_MIG_NONCE_SIZE];
	u8 reserved[0xd0];
	u8 blob[RMI_MIG_KEY_BLOB_MAX];
	u8 __pad[SZ_4K - 0x100 - RMI_MIG_KEY_BLOB_MAX];
};

static_assert(offsetof(struct rmi_mig_session_params, peer_nonce) == 0x10);
static_assert(offsetof(struct rmi_mig_session_params, blob) == 0x100);
static_assert(sizeof(struct rmi_mig_session_params) == SZ_4K);

/* RmiMigHeader.magic: ASCII "RMIG" */
#define RMI_MIG_HDR_MAGIC		0x47494d52
#define RMI_MIG_HDR_VERSION		1

/* RmiMigHeader.type */
enum rmi_mig_blob_type {
	RMI_MIG_BLOB_REALM = 1,
	RMI_MIG_BLOB_PAGE = 2,
	RMI_MIG_BLOB_EPOCH = 3,
	RMI_MIG_BLOB_REC = 4,
	RMI_MIG_BLOB_END = 5,
	RMI_MIG_BLOB_ABORT = 6,
};

/* RmiMigHeader.flags */
#define RMI_MIG_HDR_FLAG_HAS_DATA	BIT(0)
#define RMI_MIG_HDR_FLAG_NULL_SUITE	BIT(1)

/* RmiMigHeader.hipas */
#define RMI_MIG_HIPAS_UNASSIGNED	0
#define RMI_MIG_HIPAS_ASSIGNED		1

/**
 * struct rmi_mig_hdr - RmiMigHeader (section 5.4), little endian
 * @magic: RMI_MIG_HDR_MAGIC
 * @version: RMI_MIG_HDR_VERSION
 * @type: enum rmi_mig_blob_type
 * @flags: RMI_MIG_HDR_FLAG_*
 * @session_id: the session's ID
 * @counter: position in the stream (ABORT: 0)
 * @epoch: epoch the blob belongs to
 * @ipa_mpidr: PAGE: the IPA; REC: the REC's MPIDR; others: 0
 * @ripas: PAGE: 0 EMPTY, 1 RAM, 2 DESTROYED
 * @hipas: PAGE: RMI_MIG_HIPAS_*
 * @reserved: zero
 * @body_len: bytes of body after the header
 * @tag: AES-GCM tag
 *
 * The host reads headers to route records (an imported page record's IPA
 * names the guest_memfd page that receives it); it never needs to write
 * one. Authentication is the RMM's.
 */
struct rmi_mig_hdr {
	__le32 magic;
	u8 version;
	u8 type;
	__le16 flags;
	__le64 session_id;
	__le64 counter;
	__le64 epoch;
	__le64 ipa_mpidr;
	u8 ripas;
	u8 hipas;
	__le16 reserved;
	__le32 body_len;
	u8 tag[16];
};

static_assert(offsetof(struct rmi_mig_hdr, ipa_mpidr) == 0x20);
static_assert(offsetof(struct rmi_mig_hdr, body_len) == 0x2c);
static_assert(sizeof(struct rmi_mig_hdr) == RMI_MIG_HDR_SIZE);

#endif /* __LINUX_ARM_SMCCC_RMI_MIG_H_ */
