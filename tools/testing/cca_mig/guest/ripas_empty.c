// SPDX-License-Identifier: GPL-2.0
/*
 * ripas_empty: accesses the realm cannot make succeed and the exceptions
 * the RMM injects for them, with no exit to the host.
 *   1 (esr, far)        load from the IPA just past RAM (RIPAS EMPTY): SEA
 *   2 (esr, far)        store there: SEA with WnR
 *   3 (esr, far, elr)   instruction fetch there: instruction abort SEA
 *   4 (esr, far)        load above 2^ipa_width: SEA
 *   5 (svc esr, brk esr, udf esr, hvc esr)   SVC #0x42, BRK #7, UDF, HVC
 * plus RSI_IPA_STATE_GET of RAM and EMPTY ranges.
 */
#include "guest.h"

static struct rsi_realm_config cfg;
static volatile uint64_t seen_esr, seen_far, seen_elr;

static bool record(struct guest_regs *regs, uint64_t esr, uint64_t far)
{
	seen_esr = esr;
	seen_far = far;
	seen_elr = regs->elr;
	if (ESR_EC(esr) == EC_IABT_CUR)
		regs->elr = regs->x[30];	/* return from the call */
	else if (ESR_EC(esr) != 0x15)		/* SVC: ELR is past it */
		regs->elr += 4;
	return true;
}

static void load(uint64_t ipa)
{
	uint64_t v;

	asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(ipa) : "memory");
}

void guest_main(unsigned int rec)
{
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	uint64_t empty = top, out_top = 0, ripas = 9, far;
	uint64_t esr_svc, esr_brk, esr_udf, esr_hvc;

	if (rec)
		return;
	GUEST_ASSERT_EQ(rsi_realm_config(&cfg), RSI_SUCCESS);

	GUEST_ASSERT_EQ(rsi_ipa_state_get(guest_boot.ram_base, top +
					  4 * GUEST_PAGE_SIZE, &out_top, &ripas),
			RSI_SUCCESS);
	GUEST_ASSERT_EQ(ripas, RSI_RIPAS_RAM);
	GUEST_ASSERT_EQ(out_top, top);
	GUEST_ASSERT_EQ(rsi_ipa_state_get(empty, empty + GUEST_PAGE_SIZE,
					  &out_top, &ripas), RSI_SUCCESS);
	GUEST_ASSERT_EQ(ripas, RSI_RIPAS_EMPTY);
	GUEST_ASSERT_EQ(out_top, empty + GUEST_PAGE_SIZE);
	GUEST_ASSERT_EQ(rsi_ipa_state_get(empty + 8, empty + GUEST_PAGE_SIZE,
					  NULL, NULL), RSI_ERROR_INPUT);

	guest_set_abort_handler(record);

	load(empty + 0x10);
	GUEST_ASSERT_EQ(ESR_EC(seen_esr), EC_DABT_CUR);
	GUEST_ASSERT_EQ(ESR_FSC(seen_esr), FSC_SEA);
	GUEST_ASSERT(!(seen_esr & ESR_WNR));
	GUEST_ASSERT_EQ(seen_far, empty + 0x10);
	GUEST_SYNC(1, seen_esr, seen_far);

	*(volatile uint32_t *)(empty + 0x20) = 1;
	GUEST_ASSERT_EQ(ESR_EC(seen_esr), EC_DABT_CUR);
	GUEST_ASSERT_EQ(ESR_FSC(seen_esr), FSC_SEA);
	GUEST_ASSERT(seen_esr & ESR_WNR);
	GUEST_ASSERT_EQ(seen_far, empty + 0x20);
	GUEST_SYNC(2, seen_esr, seen_far);

	((void (*)(void))empty)();
	GUEST_ASSERT_EQ(ESR_EC(seen_esr), EC_IABT_CUR);
	GUEST_ASSERT_EQ(ESR_FSC(seen_esr), FSC_SEA);
	GUEST_ASSERT_EQ(seen_far, empty);
	GUEST_ASSERT_EQ(seen_elr, empty);
	GUEST_SYNC(3, seen_esr, seen_far, seen_elr);

	far = 1UL << cfg.ipa_width;
	load(far);
	GUEST_ASSERT_EQ(ESR_EC(seen_esr), EC_DABT_CUR);
	GUEST_ASSERT_EQ(ESR_FSC(seen_esr), FSC_SEA);
	GUEST_ASSERT_EQ(seen_far, far);
	GUEST_SYNC(4, seen_esr, seen_far);

	asm volatile("svc #0x42" : : : "memory");
	esr_svc = seen_esr;
	asm volatile("brk #7" : : : "memory");
	esr_brk = seen_esr;
	asm volatile("udf #0" : : : "memory");
	esr_udf = seen_esr;
	asm volatile("hvc #0" : : : "memory");
	esr_hvc = seen_esr;
	guest_set_abort_handler(NULL);
	GUEST_SYNC(5, esr_svc, esr_brk, esr_udf, esr_hvc);
}
