// SPDX-License-Identifier: GPL-2.0
/*
 * ripas_change: REC 0 changes the RIPAS of the top four RAM pages with
 * RSI_IPA_STATE_SET, RAM -> EMPTY -> RAM, and checks what each state means.
 *   1                    pages written (faulted in)
 *   2 (esr)              RAM -> EMPTY accepted; RIPAS reads EMPTY; a load
 *                        takes an SEA
 *   3 (value)            EMPTY -> RAM accepted; RIPAS reads RAM; the old
 *                        contents are gone (the page reads zero)
 *   4 (result)           a request past the end of RAM: the host rejects it
 *   5                    malformed requests fail with RSI_ERROR_INPUT
 */
#include "guest.h"

static struct rsi_realm_config cfg;
static volatile uint64_t seen_esr;

static bool record(struct guest_regs *regs, uint64_t esr, uint64_t far)
{
	seen_esr = esr;
	regs->elr += 4;
	return true;
}

void guest_main(unsigned int rec)
{
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	uint64_t base = top - 4 * GUEST_PAGE_SIZE, out_top = 0, ripas = 9, v;
	uint64_t unprot;
	unsigned int i;
	int ret;

	if (rec)
		return;
	GUEST_ASSERT_EQ(rsi_realm_config(&cfg), RSI_SUCCESS);
	unprot = 1UL << (cfg.ipa_width - 1);

	for (i = 0; i < 4; i++)
		*(volatile uint64_t *)(base + i * GUEST_PAGE_SIZE) = 0xc0de + i;
	GUEST_SYNC(1, base);

	ret = rsi_set_ripas(base, top, RSI_RIPAS_EMPTY, RSI_NO_CHANGE_DESTROYED);
	GUEST_ASSERT_EQ(ret, 0);
	GUEST_ASSERT_EQ(rsi_ipa_state_get(base, top, &out_top, &ripas),
			RSI_SUCCESS);
	GUEST_ASSERT_EQ(ripas, RSI_RIPAS_EMPTY);
	GUEST_ASSERT_EQ(out_top, top);
	guest_set_abort_handler(record);
	asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(base) : "memory");
	guest_set_abort_handler(NULL);
	GUEST_ASSERT_EQ(ESR_EC(seen_esr), EC_DABT_CUR);
	GUEST_ASSERT_EQ(ESR_FSC(seen_esr), FSC_SEA);
	GUEST_SYNC(2, seen_esr);

	ret = rsi_set_ripas(base, top, RSI_RIPAS_RAM, RSI_CHANGE_DESTROYED);
	GUEST_ASSERT_EQ(ret, 0);
	GUEST_ASSERT_EQ(rsi_ipa_state_get(base, top, &out_top, &ripas),
			RSI_SUCCESS);
	GUEST_ASSERT_EQ(ripas, RSI_RIPAS_RAM);
	v = *(volatile uint64_t *)base;
	GUEST_ASSERT_EQ(v, 0);
	GUEST_SYNC(3, v);

	ret = rsi_set_ripas(top, top + GUEST_PAGE_SIZE, RSI_RIPAS_RAM,
			    RSI_NO_CHANGE_DESTROYED);
	GUEST_ASSERT_EQ(ret, 1);
	GUEST_SYNC(4, (uint64_t)ret);

	GUEST_ASSERT_EQ(rsi_ipa_state_set(base + 8, top, RSI_RIPAS_RAM, 0,
					  NULL, NULL), RSI_ERROR_INPUT);
	GUEST_ASSERT_EQ(rsi_ipa_state_set(top, base, RSI_RIPAS_RAM, 0,
					  NULL, NULL), RSI_ERROR_INPUT);
	GUEST_ASSERT_EQ(rsi_ipa_state_set(base, top, RSI_RIPAS_DESTROYED, 0,
					  NULL, NULL), RSI_ERROR_INPUT);
	GUEST_ASSERT_EQ(rsi_ipa_state_set(base, top, RSI_RIPAS_RAM, 2,
					  NULL, NULL), RSI_ERROR_INPUT);
	GUEST_ASSERT_EQ(rsi_ipa_state_set(unprot, unprot + GUEST_PAGE_SIZE,
					  RSI_RIPAS_RAM, 0, NULL, NULL),
			RSI_ERROR_INPUT);
	GUEST_SYNC(5);
}
