// SPDX-License-Identifier: GPL-2.0
/*
 * psci: REC 1 is created not runnable; REC 0 drives PSCI:
 *   VERSION, FEATURES, AFFINITY_INFO and CPU_ON argument checks (answered
 *   by the RMM), CPU_ON of REC 1 (the test host denies the first request,
 *   grants the retry), REC 1 runs from _secondary_entry, reports stage 11,
 *   and turns itself off (CPU_OFF); REC 0 sees it off, turns it on again
 *   (stage 12 from REC 1), reports stage 2 and switches the realm off
 *   (SYSTEM_OFF).
 *   1 (first CPU_ON result, second CPU_ON result)
 */
#include "guest.h"

static uint64_t rounds;
static struct rsi_realm_config cfg;

void guest_secondary(unsigned int rec)
{
	uint64_t r = READ_ONCE(rounds) + 1;

	GUEST_ASSERT_EQ(rec, 1);
	GUEST_ASSERT_EQ(read_sysreg(mpidr_el1) & 0xff00ffffffUL, rec_mpidr(1));
	GUEST_SYNC(10 + r, rec);
	dmb_ish();
	WRITE_ONCE(rounds, r);
	psci_cpu_off();
	GUEST_ASSERT(!"CPU_OFF returned");
}

static void wait_off(unsigned int rec)
{
	while (psci_affinity_info(rec_mpidr(rec), 0) != PSCI_AFFINITY_OFF)
		cpu_relax();
}

void guest_main(unsigned int rec)
{
	uint64_t entry = (uint64_t)_secondary_entry;
	int64_t first, second;

	if (rec)
		return;
	GUEST_ASSERT_EQ(guest_boot.nr_recs, 2);
	GUEST_ASSERT_EQ(rsi_realm_config(&cfg), RSI_SUCCESS);

	GUEST_ASSERT_EQ(psci_version(), 0x10001);
	GUEST_ASSERT_EQ(psci_features(PSCI_CPU_ON), PSCI_SUCCESS);
	GUEST_ASSERT_EQ(psci_features(PSCI_SYSTEM_OFF), PSCI_SUCCESS);
	GUEST_ASSERT_EQ(psci_features(0x8400001fUL), PSCI_NOT_SUPPORTED);
	GUEST_ASSERT_EQ(smc0(0x8400001fUL, 0, 0, 0, NULL), PSCI_NOT_SUPPORTED);
	GUEST_ASSERT_EQ(psci_affinity_info(rec_mpidr(1), 0), PSCI_AFFINITY_OFF);
	GUEST_ASSERT_EQ(psci_affinity_info(rec_mpidr(0), 0), PSCI_AFFINITY_ON);
	GUEST_ASSERT_EQ(psci_affinity_info(rec_mpidr(1), 1),
			PSCI_INVALID_PARAMS);
	GUEST_ASSERT_EQ(psci_affinity_info(rec_mpidr(5), 0),
			PSCI_INVALID_PARAMS);
	GUEST_ASSERT_EQ(psci_cpu_on(rec_mpidr(0), entry, 0), PSCI_ALREADY_ON);
	GUEST_ASSERT_EQ(psci_cpu_on(rec_mpidr(5), entry, 5),
			PSCI_INVALID_PARAMS);
	GUEST_ASSERT_EQ(psci_cpu_on(rec_mpidr(1), 1UL << (cfg.ipa_width - 1),
				    1), PSCI_INVALID_ADDRESS);

	first = psci_cpu_on(rec_mpidr(1), entry, 1);
	second = psci_cpu_on(rec_mpidr(1), entry, 1);
	GUEST_SYNC(1, (uint64_t)first, (uint64_t)second);
	GUEST_ASSERT_EQ(first, PSCI_DENIED);
	GUEST_ASSERT(second == PSCI_SUCCESS || second == PSCI_ALREADY_ON);
	while (READ_ONCE(rounds) < 1)
		cpu_relax();
	wait_off(1);

	GUEST_ASSERT_EQ(psci_cpu_on(rec_mpidr(1), entry, 1), PSCI_SUCCESS);
	while (READ_ONCE(rounds) < 2)
		cpu_relax();
	wait_off(1);
	GUEST_SYNC(2, READ_ONCE(rounds));
	psci_system_off();
}
