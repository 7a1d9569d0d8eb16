/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between a realm guest image and the host that runs it, shared
 * by the guest library, the harness's host code and the VMM tools. Macros
 * only, so that freestanding AArch64 code, userspace and kernel-style code
 * can all include it.
 *
 * Image: a flat AArch64 binary loaded at CCA_GUEST_BASE_IPA (protected IPA),
 * entered at its first byte on every REC with the MMU off at EL1h and:
 *   x0 = base IPA of the realm's RAM (== CCA_GUEST_BASE_IPA)
 *   x1 = size of the realm's RAM in bytes
 *   x2 = REC index (0 .. nr_recs - 1)
 *   x3 = number of RECs
 *   x4 = IPA of the first unprotected (shared) page, or 0 if none
 *
 * Reporting: the guest issues RSI_HOST_CALL with one of the immediates below.
 * gprs[0] carries a value (stage, line number or code); gprs[1..30] carry up
 * to CCA_GUEST_MSG_BYTES of NUL-padded text, little endian, so that the host
 * never needs to read protected memory to learn what happened.
 */
#ifndef CCA_GUEST_ABI_H
#define CCA_GUEST_ABI_H

#define CCA_GUEST_BASE_IPA	0x80000000UL
#define CCA_GUEST_MAX_RECS	8
#define CCA_GUEST_STACK_SIZE	0x4000UL
/* CCA_GUEST_BASE_IPA without a suffix, for linker scripts (checked equal). */
#define CCA_GUEST_BASE_IPA_NUM	0x80000000

#define CCA_GUEST_HC_SYNC	0x1	/* gprs[0] = stage, gprs[1..] = args */
#define CCA_GUEST_HC_DONE	0x2	/* this REC finished successfully */
#define CCA_GUEST_HC_ASSERT	0x3	/* gprs[0] = line, text = expression */
#define CCA_GUEST_HC_PRINT	0x4	/* text = message */
#define CCA_GUEST_HC_ABORT	0x5	/* unexpected exception: gprs[0] = ESR,
					 * gprs[1] = FAR, gprs[2] = ELR */

#define CCA_GUEST_MSG_BYTES	(30 * 8)

#endif /* CCA_GUEST_ABI_H */
