/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RMI-MIG command wrappers (Documentation/virt/kvm/arm/rmi-mig.rst,
 * section 4) for the host: one static inline per command, in the manner
 * of the CCA host series' arm-rmi-cmds.h.
 *
 * Kernel location: include/linux/, beside arm-rmi-cmds.h.
 *
 * Conventions:
 * - Each wrapper issues its command once through arm_smccc_1_2_invoke().
 *   RMI-MIG never answers RMI_BUSY, RMI_BLOCKED or RMI_INCOMPLETE; range
 *   and list commands make partial progress instead, reported in out_top
 *   or done, and the caller continues from there.
 * - Return: 0 on success, a positive RMI result code (status in bits
 *   [7:0], RMI_RESULT_STATUS(); RMI_ERROR_MIG carries its reason in the
 *   index, RMI_RESULT_DATA_LEVEL()) or a negative Linux error code:
 *   -EOPNOTSUPP when the RMM does not implement the function
 *   (SMCCC_RET_NOT_SUPPORTED). Outputs are written only on success: on
 *   failure RMI-MIG zeroes X1..X17 (section 2.4), which carry no meaning.
 */
#ifndef __LINUX_ARM_RMI_MIG_CMDS_H_
#define __LINUX_ARM_RMI_MIG_CMDS_H_

#include <linux/arm-smccc.h>
#include <linux/arm-smccc-rmi-mig.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include <asm/byteorder.h>

/**
 * struct rmi_mig_session_state - Outputs of RMI_MIG_SESSION_STATE
 * @state: enum rmi_mig_state
 * @epoch: current epoch
 * @next_counter: counter of the next record to export or import
 * @content: content records exported or imported so far
 * @state_only: state-only records exported or imported so far
 * @unclean: source: tracked granules that must still be exported
 */
struct rmi_mig_session_state {
	unsigned long state;
	unsigned long epoch;
	unsigned long next_counter;
	unsigned long content;
	unsigned long state_only;
	unsigned long unclean;
};

/**
 * rmi_mig_call() - Issue one RMI-MIG command
 * @regs: the command's registers on entry; its results on return
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_call(struct arm_smccc_1_2_regs *regs)
{
	struct arm_smccc_1_2_regs args = *regs;

	arm_smccc_1_2_invoke(&args, regs);
	if ((long)regs->a0 == SMCCC_RET_NOT_SUPPORTED)
		return -EOPNOTSUPP;
	return regs->a0;
}

/**
 * rmi_mig_features() - Read the RMI-MIG version and features
 * @version: RmiInterfaceVersion of RMI-MIG, or NULL
 * @features: RmiMigFeatures, or NULL
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 * (-EOPNOTSUPP: the RMM has no RMI-MIG)
 */
static inline long rmi_mig_features(unsigned long *version,
				    unsigned long *features)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_FEATURES };
	long ret = rmi_mig_call(&regs);

	if (ret)
		return ret;
	if (version)
		*version = regs.a1;
	if (features)
		*features = regs.a2;
	return 0;
}

/**
 * rmi_mig_session_open() - Open a migration session on a Realm
 * @rd: PA of the RD
 * @params: PA of a struct rmi_mig_session_params in an NS granule
 * @role: RMI_MIG_ROLE_SOURCE or RMI_MIG_ROLE_DESTINATION
 * @session_id: the session ID, as in the key blob
 * @nonce: receives this RMM's RMI_MIG_NONCE_SIZE-byte nonce
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_session_open(unsigned long rd, unsigned long params,
					unsigned long role, u64 session_id,
					u8 *nonce)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_SESSION_OPEN, rd, params, role, session_id
	};
	__le64 n[RMI_MIG_NONCE_SIZE / 8];
	long ret = rmi_mig_call(&regs);

	if (ret)
		return ret;
	n[0] = cpu_to_le64(regs.a1);
	n[1] = cpu_to_le64(regs.a2);
	n[2] = cpu_to_le64(regs.a3);
	n[3] = cpu_to_le64(regs.a4);
	memcpy(nonce, n, sizeof(n));
	return 0;
}

/**
 * rmi_mig_session_close() - Release a finished session
 * @rd: PA of the RD
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_session_close(unsigned long rd)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_SESSION_CLOSE, rd };

	return rmi_mig_call(&regs);
}

/**
 * rmi_mig_session_state() - Read the mig state and the session's counters
 * @rd: PA of the RD
 * @out: receives the state and counters
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_session_state(unsigned long rd,
					 struct rmi_mig_session_state *out)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_SESSION_STATE, rd };
	long ret = rmi_mig_call(&regs);

	if (ret)
		return ret;
	out->state = regs.a1;
	out->epoch = regs.a2;
	out->next_counter = regs.a3;
	out->content = regs.a4;
	out->state_only = regs.a5;
	out->unclean = regs.a6;
	return 0;
}

/**
 * rmi_mig_track_start() - Start dirty tracking of a protected IPA range
 * @rd: PA of the RD
 * @base: base of the range, granule aligned
 * @top: top of the range (exclusive), granule aligned
 * @out_top: top of the range processed; continue from there
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_track_start(unsigned long rd, unsigned long base,
				       unsigned long top,
				       unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_TRACK_START, rd, base, top
	};
	long ret = rmi_mig_call(&regs);

	if (!ret)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_mig_track_stop() - Stop dirty tracking of a protected IPA range
 * @rd: PA of the RD
 * @base: base of the range, granule aligned
 * @top: top of the range (exclusive), granule aligned
 * @out_top: top of the range processed; continue from there
 *
 * Only allowed before the Realm record is exported.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_track_stop(unsigned long rd, unsigned long base,
				      unsigned long top,
				      unsigned long *out_top)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_TRACK_STOP, rd, base, top
	};
	long ret = rmi_mig_call(&regs);

	if (!ret)
		*out_top = regs.a1;
	return ret;
}

/**
 * rmi_mig_dirty_harvest() - Get and clear the dirty bits of a range
 * @rd: PA of the RD
 * @base: base of the range, granule aligned
 * @top: top of the range (exclusive); one call covers at most
 *	RMI_MIG_HARVEST_MAX_GRANULES granules
 * @bitmap: PA of an NS granule that receives one bit per granule
 * @out_top: top of the range processed; continue from there
 * @nr_dirty: number of bits set
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_dirty_harvest(unsigned long rd, unsigned long base,
					 unsigned long top,
					 unsigned long bitmap,
					 unsigned long *out_top,
					 unsigned long *nr_dirty)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_DIRTY_HARVEST, rd, base, top, bitmap
	};
	long ret = rmi_mig_call(&regs);

	if (ret)
		return ret;
	*out_top = regs.a1;
	if (nr_dirty)
		*nr_dirty = regs.a2;
	return 0;
}

/**
 * rmi_mig_export_realm() - Export the Realm record, the stream's first blob
 * @rd: PA of the RD
 * @buf: PA of an NS granule that receives the record
 * @len: the record's length (RMI_MIG_REALM_RECORD_SIZE), or NULL
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_export_realm(unsigned long rd, unsigned long buf,
					unsigned long *len)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_EXPORT_REALM, rd, buf };
	long ret = rmi_mig_call(&regs);

	if (!ret && len)
		*len = regs.a1;
	return ret;
}

/**
 * rmi_mig_export_pages() - Export up to RMI_MIG_MAX_BATCH granules
 * @rd: PA of the RD
 * @count: number of entries, 1 to RMI_MIG_MAX_BATCH
 * @ipa_list: PA of @count u64 IPAs, 8-byte aligned, in one NS granule
 * @hdr_buf: PA of 64 * @count bytes for the headers, 64-byte aligned
 * @data_list: PA of @count u64 PAs of NS granules for the ciphertext
 * @done: entries processed; advance the lists by that many and continue
 * @nr_content: content records among them, or NULL
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_export_pages(unsigned long rd, unsigned long count,
					unsigned long ipa_list,
					unsigned long hdr_buf,
					unsigned long data_list,
					unsigned long *done,
					unsigned long *nr_content)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_EXPORT_PAGES, rd, count, ipa_list, hdr_buf,
		data_list
	};
	long ret = rmi_mig_call(&regs);

	if (ret)
		return ret;
	*done = regs.a1;
	if (nr_content)
		*nr_content = regs.a2;
	return 0;
}

/**
 * rmi_mig_epoch_end() - Close the current pre-copy round
 * @rd: PA of the RD
 * @buf: PA of an NS granule that receives the epoch token
 * @len: the token's length (RMI_MIG_EPOCH_TOKEN_SIZE), or NULL
 * @epoch: the epoch that was closed, or NULL
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_epoch_end(unsigned long rd, unsigned long buf,
				     unsigned long *len, unsigned long *epoch)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_EPOCH_END, rd, buf };
	long ret = rmi_mig_call(&regs);

	if (ret)
		return ret;
	if (len)
		*len = regs.a1;
	if (epoch)
		*epoch = regs.a2;
	return 0;
}

/**
 * rmi_mig_pause() - Stop REC entry on the source
 * @rd: PA of the RD
 *
 * The host keeps every vCPU out of REC entry before calling this.
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_pause(unsigned long rd)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_PAUSE, rd };

	return rmi_mig_call(&regs);
}

/**
 * rmi_mig_export_rec() - Export one REC's context
 * @rd: PA of the RD
 * @rec: PA of the REC
 * @buf: PA of an NS granule that receives the REC record
 * @len: the record's length (RMI_MIG_REC_RECORD_SIZE), or NULL
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_export_rec(unsigned long rd, unsigned long rec,
				      unsigned long buf, unsigned long *len)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_EXPORT_REC, rd, rec, buf
	};
	long ret = rmi_mig_call(&regs);

	if (!ret && len)
		*len = regs.a1;
	return ret;
}

/**
 * rmi_mig_end() - Write the end token; the source can no longer run
 * @rd: PA of the RD
 * @buf: PA of an NS granule that receives the end token
 * @len: the token's length (RMI_MIG_END_TOKEN_SIZE), or NULL
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_end(unsigned long rd, unsigned long buf,
			       unsigned long *len)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_END, rd, buf };
	long ret = rmi_mig_call(&regs);

	if (!ret && len)
		*len = regs.a1;
	return ret;
}

/**
 * rmi_mig_import_realm() - Import the Realm record
 * @rd: PA of the RD, created in import mode
 * @buf: PA of an NS granule holding the record at offset 0
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_import_realm(unsigned long rd, unsigned long buf)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_IMPORT_REALM, rd, buf };

	return rmi_mig_call(&regs);
}

/**
 * rmi_mig_import_pages() - Import up to RMI_MIG_MAX_BATCH page records
 * @rd: PA of the RD
 * @count: number of records, 1 to RMI_MIG_MAX_BATCH
 * @hdr_buf: PA of @count 64-byte headers, 64-byte aligned, NS memory
 * @data_list: PA of @count u64 PAs of NS granules holding ciphertext
 * @dst_list: PA of @count u64 destination PAs (delegated granules, the
 *	mapped granule, or 0 for a state-only UNASSIGNED record)
 * @done: records processed; advance the lists by that many and continue
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_import_pages(unsigned long rd, unsigned long count,
					unsigned long hdr_buf,
					unsigned long data_list,
					unsigned long dst_list,
					unsigned long *done)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_IMPORT_PAGES, rd, count, hdr_buf, data_list,
		dst_list
	};
	long ret = rmi_mig_call(&regs);

	if (!ret)
		*done = regs.a1;
	return ret;
}

/**
 * rmi_mig_import_epoch() - Check an epoch token and start the next epoch
 * @rd: PA of the RD
 * @buf: PA of an NS granule holding the token at offset 0
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_import_epoch(unsigned long rd, unsigned long buf)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_IMPORT_EPOCH, rd, buf };

	return rmi_mig_call(&regs);
}

/**
 * rmi_mig_import_rec() - Import one REC record
 * @rd: PA of the RD
 * @rec: PA of the REC with the record's MPIDR
 * @buf: PA of an NS granule holding the record at offset 0
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_import_rec(unsigned long rd, unsigned long rec,
				      unsigned long buf)
{
	struct arm_smccc_1_2_regs regs = {
		SMC_RMI_MIG_IMPORT_REC, rd, rec, buf
	};

	return rmi_mig_call(&regs);
}

/**
 * rmi_mig_import_end() - Check the end token and make the Realm ACTIVE
 * @rd: PA of the RD
 * @buf: PA of an NS granule holding the token at offset 0
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_import_end(unsigned long rd, unsigned long buf)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_IMPORT_END, rd, buf };

	return rmi_mig_call(&regs);
}

/**
 * rmi_mig_abort() - Abort a session
 * @rd: PA of the RD
 * @token: destination: PA of an NS granule that receives the abort token;
 *	source in SRC_ENDED: PA of an NS granule holding it; otherwise 0
 * @len: destination: the token's length (RMI_MIG_ABORT_TOKEN_SIZE), or NULL
 *
 * Return: 0 on success, positive RMI result code or negative Linux error code
 */
static inline long rmi_mig_abort(unsigned long rd, unsigned long token,
				 unsigned long *len)
{
	struct arm_smccc_1_2_regs regs = { SMC_RMI_MIG_ABORT, rd, token };
	long ret = rmi_mig_call(&regs);

	if (!ret && len)
		*len = regs.a1;
	return ret;
}

#endif /* __LINUX_ARM_RMI_MIG_CMDS_H_ */
