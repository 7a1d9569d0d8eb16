// SPDX-License-Identifier: GPL-2.0
/*
 * scn_ripas: RIPAS changes while the realm migrates. REC 0 uses the top
 * SR_PAGES pages of RAM; the host stops it at each report and runs a
 * pre-copy round (or stop-and-copy) in between:
 *
 *   1 (base)   every page holds its old pattern (sr_value(1, ...))
 *   2 (base)   page 0: RAM -> EMPTY -> RAM, not touched again
 *              page 1: RAM -> EMPTY, stays EMPTY
 *              page 2: RAM -> EMPTY -> RAM, then a new pattern
 *              page 3: never changed
 *   3 (base)   page 4: RAM -> EMPTY
 *   4 (base)   page 4: EMPTY -> RAM, not touched again
 *              page 5: RAM -> EMPTY -> RAM, not touched again
 *
 * The host exports every page with its old pattern before stage 2, so the
 * destination had a copy of pages 0, 2, 4 and 5 as they were. The rule
 * (rmi-mig.rst 5.13, cca-mig-api.rst 4.5): a page that changed after its
 * export is exported again, and the destination's state of every IPA is
 * the source's at the end. So after the move the realm must see, from its
 * own view:
 *
 *   5 (checks) page 0: RIPAS RAM, reads zero (never the old pattern)
 *              page 1: RIPAS EMPTY, a load takes a synchronous external
 *                      abort
 *              page 2: RIPAS RAM, the new pattern
 *              page 3: RIPAS RAM, the old pattern
 *              pages 4 and 5: RIPAS RAM, zero
 *
 * and then take page 1 back (EMPTY -> RAM, zero) and use it.
 */
#include "guest.h"

#define SR_PAGES	6
#define SR_WORDS	(GUEST_PAGE_SIZE / sizeof(uint64_t))

static volatile uint64_t seen_esr;

static bool sr_record(struct guest_regs *regs, uint64_t esr, uint64_t far)
{
	seen_esr = esr;
	regs->elr += 4;
	return true;
}

static uint64_t sr_value(uint64_t gen, unsigned int p, unsigned int i)
{
	return (gen << 48) | ((uint64_t)p << 32) | (0x5ca1 << 16) | i;
}

static uint64_t sr_page(uint64_t base, unsigned int p)
{
	return base + p * GUEST_PAGE_SIZE;
}

static void sr_write(uint64_t base, unsigned int p, uint64_t gen)
{
	uint64_t *w = (void *)sr_page(base, p);
	unsigned int i;

	for (i = 0; i < SR_WORDS; i++)
		WRITE_ONCE(w[i], gen ? sr_value(gen, p, i) : 0);
}

/* Every word of page @p holds sr_value(@gen) (@gen 0: zero). */
static void sr_check(uint64_t base, unsigned int p, uint64_t gen)
{
	const uint64_t *w = (void *)sr_page(base, p);
	unsigned int i;

	for (i = 0; i < SR_WORDS; i++)
		GUEST_ASSERT_EQ(READ_ONCE(w[i]), gen ? sr_value(gen, p, i) : 0);
}

static void sr_set(uint64_t base, unsigned int p, uint64_t ripas)
{
	uint64_t ipa = sr_page(base, p);

	GUEST_ASSERT_EQ(rsi_set_ripas(ipa, ipa + GUEST_PAGE_SIZE, ripas,
				      ripas == RSI_RIPAS_RAM ?
				      RSI_CHANGE_DESTROYED :
				      RSI_NO_CHANGE_DESTROYED), 0);
}

static void sr_ripas_is(uint64_t base, unsigned int p, uint64_t want)
{
	uint64_t ipa = sr_page(base, p), out_top = 0, ripas = 9;

	GUEST_ASSERT_EQ(rsi_ipa_state_get(ipa, ipa + GUEST_PAGE_SIZE,
					  &out_top, &ripas), RSI_SUCCESS);
	GUEST_ASSERT_EQ(ripas, want);
	GUEST_ASSERT_EQ(out_top, ipa + GUEST_PAGE_SIZE);
}

void guest_main(unsigned int rec)
{
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	uint64_t base = top - SR_PAGES * GUEST_PAGE_SIZE, v = 0;
	unsigned int p, checks = 0;

	if (rec)
		return;
	GUEST_ASSERT(base >= (uint64_t)_image_end);

	for (p = 0; p < SR_PAGES; p++)
		sr_write(base, p, 1);
	GUEST_SYNC(1, base);

	sr_set(base, 0, RSI_RIPAS_EMPTY);
	sr_set(base, 0, RSI_RIPAS_RAM);
	sr_set(base, 1, RSI_RIPAS_EMPTY);
	sr_set(base, 2, RSI_RIPAS_EMPTY);
	sr_set(base, 2, RSI_RIPAS_RAM);
	sr_write(base, 2, 2);
	GUEST_SYNC(2, base);

	sr_set(base, 4, RSI_RIPAS_EMPTY);
	GUEST_SYNC(3, base);

	sr_set(base, 4, RSI_RIPAS_RAM);
	sr_set(base, 5, RSI_RIPAS_EMPTY);
	sr_set(base, 5, RSI_RIPAS_RAM);
	GUEST_SYNC(4, base);

	/* After the move. */
	sr_ripas_is(base, 0, RSI_RIPAS_RAM);
	sr_check(base, 0, 0);
	checks++;
	sr_ripas_is(base, 1, RSI_RIPAS_EMPTY);
	seen_esr = 0;
	guest_set_abort_handler(sr_record);
	asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(sr_page(base, 1))
		     : "memory");
	guest_set_abort_handler(NULL);
	GUEST_ASSERT_EQ(ESR_EC(seen_esr), EC_DABT_CUR);
	GUEST_ASSERT_EQ(ESR_FSC(seen_esr), FSC_SEA);
	checks++;
	sr_ripas_is(base, 2, RSI_RIPAS_RAM);
	sr_check(base, 2, 2);
	checks++;
	sr_ripas_is(base, 3, RSI_RIPAS_RAM);
	sr_check(base, 3, 1);
	checks++;
	for (p = 4; p < SR_PAGES; p++) {
		sr_ripas_is(base, p, RSI_RIPAS_RAM);
		sr_check(base, p, 0);
		checks++;
	}
	/* Page 1 comes back zeroed and can be used. */
	sr_set(base, 1, RSI_RIPAS_RAM);
	sr_check(base, 1, 0);
	sr_write(base, 1, 3);
	sr_check(base, 1, 3);
	checks++;
	GUEST_SYNC(5, checks, seen_esr);
}
