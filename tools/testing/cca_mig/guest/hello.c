// SPDX-License-Identifier: GPL-2.0
/*
 * hello: REC 0 exercises the RSI calls every realm makes at boot and reports
 * each stage; the other RECs report DONE at once.
 *
 * Stages (GUEST_SYNC):
 *   1 (lower, higher)   RSI_VERSION
 *   2 (ipa_width, hash_algo, rpv[0..7])   RSI_REALM_CONFIG
 *   3 (rim[0..7], rim[8..15])   RSI_MEASUREMENT_READ(0)
 *   4 (psci version, smccc unknown result)
 *   5 (41)   the host answers gprs[0] = 42, gprs[30] = 0x30
 *   then WFI (an exit to the host),
 *   then GUEST_PRINT("hello ...") and DONE.
 */
#include "guest.h"

static struct rsi_realm_config cfg;

void guest_main(unsigned int rec)
{
	uint64_t lower = 0, higher = 0, w0, w1;
	uint8_t rim[64], rem[64];
	struct smc_res res;

	if (rec)
		return;

	GUEST_ASSERT_EQ(rsi_version(RSI_ABI_VERSION_1_0, &lower, &higher),
			RSI_SUCCESS);
	GUEST_SYNC(1, lower, higher);

	GUEST_ASSERT_EQ(rsi_realm_config(&cfg), RSI_SUCCESS);
	memcpy(&w0, cfg.rpv, 8);
	GUEST_SYNC(2, cfg.ipa_width, cfg.hash_algo, w0);
	/* Not granule aligned: rejected. */
	GUEST_ASSERT_EQ(rsi_realm_config((void *)((uint64_t)&cfg + 8)),
			RSI_ERROR_INPUT);

	GUEST_ASSERT_EQ(rsi_measurement_read(0, rim), RSI_SUCCESS);
	memcpy(&w0, rim, 8);
	memcpy(&w1, rim + 8, 8);
	GUEST_SYNC(3, w0, w1);
	GUEST_ASSERT_EQ(rsi_measurement_read(5, rim), RSI_ERROR_INPUT);
	/* A REM starts at zero and changes when extended. */
	GUEST_ASSERT_EQ(rsi_measurement_read(1, rem), RSI_SUCCESS);
	memcpy(&w0, rem, 8);
	GUEST_ASSERT_EQ(w0, 0);
	GUEST_ASSERT_EQ(rsi_measurement_extend(1, "hello", 5), RSI_SUCCESS);
	GUEST_ASSERT_EQ(rsi_measurement_read(1, rem), RSI_SUCCESS);
	memcpy(&w0, rem, 8);
	GUEST_ASSERT(w0 != 0);
	GUEST_ASSERT_EQ(rsi_measurement_extend(0, "x", 1), RSI_ERROR_INPUT);

	/* Unknown SMC: SMCCC NOT_SUPPORTED, other registers untouched. */
	smc0(0xC4000FFFUL, 1, 2, 3, &res);
	GUEST_ASSERT_EQ(res.a[0], (uint64_t)SMCCC_NOT_SUPPORTED);
	GUEST_ASSERT_EQ(res.a[1], 1);
	GUEST_ASSERT_EQ(smc0(SMCCC_VERSION, 0, 0, 0, NULL), 0x10002);
	GUEST_SYNC(4, psci_version(), res.a[0]);

	/* A host call's results come back in the RsiHostCall. */
	{
		uint64_t in[2] = { 5, 41 }, out[31];

		rsi_host_call(CCA_GUEST_HC_SYNC, in, 2, out);
		GUEST_ASSERT_EQ(out[0], 42);
		GUEST_ASSERT_EQ(out[30], 0x30);
	}
	/* Exits to the host: RMI_EXIT_SYNC (EC WFx) if trapped, else IRQ. */
	wfi();

	GUEST_PRINT("hello from REC %u of %lu", rec, guest_boot.nr_recs);
}
