// SPDX-License-Identifier: GPL-2.0
/*
 * fault_in: REC 0 touches RAM pages the host did not populate (RIPAS RAM,
 * UNASSIGNED): each first access exits to the host as a stage-2 abort and
 * the host maps a fresh zeroed granule (RMI_RTT_DATA_MAP). The top five
 * pages of RAM are used:
 *   top-1  read first: zero, then written and read back       stage 1
 *   top-2  written first, read back                           stage 2
 *   top-3  a RET written there, then called                   stage 3
 *   top-4  called without being written: instruction abort exit, the
 *          host maps a zero page, which executes as UDF #0: the guest
 *          takes the UNDEF and returns                       stage 4
 *   top-5  RSI_REALM_CONFIG output there: the RSI call exits as a data
 *          abort on it and is retried once mapped              stage 5
 */
#include "guest.h"

#define INSN_RET	0xd65f03c0U

static volatile uint64_t undef_elr;

static bool expect_undef(struct guest_regs *regs, uint64_t esr, uint64_t far)
{
	if (ESR_EC(esr) != EC_UNKNOWN)
		return false;
	undef_elr = regs->elr;
	regs->elr = regs->x[30];	/* return from the called page */
	return true;
}

void guest_main(unsigned int rec)
{
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	volatile uint64_t *a = (void *)(top - 1 * GUEST_PAGE_SIZE);
	volatile uint64_t *b = (void *)(top - 2 * GUEST_PAGE_SIZE);
	volatile uint32_t *c = (void *)(top - 3 * GUEST_PAGE_SIZE);
	uint64_t d = top - 4 * GUEST_PAGE_SIZE;
	struct rsi_realm_config *cfg = (void *)(top - 5 * GUEST_PAGE_SIZE);
	unsigned int i;

	if (rec)
		return;
	GUEST_ASSERT(top - 5 * GUEST_PAGE_SIZE >= (uint64_t)_image_end);

	for (i = 0; i < GUEST_PAGE_SIZE / 8; i++)
		GUEST_ASSERT_EQ(a[i], 0);
	for (i = 0; i < GUEST_PAGE_SIZE / 8; i++)
		a[i] = 0xa000000000000000UL | i;
	for (i = 0; i < GUEST_PAGE_SIZE / 8; i++)
		GUEST_ASSERT_EQ(a[i], 0xa000000000000000UL | i);
	GUEST_SYNC(1, (uint64_t)a);

	b[7] = 0xb7;
	GUEST_ASSERT_EQ(b[7], 0xb7);
	GUEST_ASSERT_EQ(b[6], 0);
	GUEST_SYNC(2, (uint64_t)b);

	c[0] = INSN_RET;
	dsb_sy();
	isb();
	((void (*)(void))c)();
	GUEST_SYNC(3, (uint64_t)c);

	guest_set_abort_handler(expect_undef);
	((void (*)(void))d)();
	guest_set_abort_handler(NULL);
	GUEST_ASSERT_EQ(undef_elr, d);
	GUEST_SYNC(4, d);

	GUEST_ASSERT_EQ(rsi_realm_config(cfg), RSI_SUCCESS);
	GUEST_ASSERT(cfg->ipa_width >= 32);
	GUEST_SYNC(5, (uint64_t)cfg, cfg->ipa_width);
}
