// SPDX-License-Identifier: GPL-2.0
/*
 * mmio: unprotected IPA space. x4 is a page the host mapped with
 * RMI_RTT_UNPROT_MAP (shared memory); 16 pages above it nothing is mapped,
 * so accesses there exit to the host as emulatable data aborts (MMIO).
 *   1 (w0)          shared page written; the host checks it in NS memory
 *                   and answers in word 4
 *   MMIO            32-bit store of 0x12345678 at +0x10, LDRSH from +0x2
 *                   (host returns 0x8001), 64-bit LDR from +0x18 (host
 *                   returns 0x1122334455667788)
 *   2 (esr, far)    LDP from MMIO is not emulatable: the host injects an SEA
 */
#include "guest.h"

#define MMIO_OFFSET	(16 * GUEST_PAGE_SIZE)

static volatile uint64_t seen_esr, seen_far;

static bool record(struct guest_regs *regs, uint64_t esr, uint64_t far)
{
	seen_esr = esr;
	seen_far = far;
	regs->elr += 4;
	return true;
}

void guest_main(unsigned int rec)
{
	volatile uint64_t *shared = (void *)guest_boot.shared;
	uint64_t mmio = guest_boot.shared + MMIO_OFFSET, v = 0, v2 = 0;
	uint32_t w = 0x12345678;

	if (rec)
		return;
	GUEST_ASSERT(guest_boot.shared);

	shared[0] = 0x5ade;
	shared[1] = 0x5ade0001;
	GUEST_SYNC(1, shared[0]);
	GUEST_ASSERT_EQ(shared[4], 0xfeedface);

	asm volatile("str %w0, [%1, #0x10]" : : "r"(w), "r"(mmio) : "memory");
	asm volatile("ldrsh %x0, [%1, #2]" : "=r"(v) : "r"(mmio) : "memory");
	GUEST_ASSERT_EQ(v, 0xffffffffffff8001UL);
	asm volatile("ldr %x0, [%1, #0x18]" : "=r"(v) : "r"(mmio) : "memory");
	GUEST_ASSERT_EQ(v, 0x1122334455667788UL);
	asm volatile("ldrb %w0, [%1, #0x20]" : "=r"(v) : "r"(mmio) : "memory");
	GUEST_ASSERT_EQ(v, 0x88);

	guest_set_abort_handler(record);
	asm volatile("ldp %0, %1, [%2, #0x30]" : "=r"(v), "=r"(v2) : "r"(mmio)
		     : "memory");
	guest_set_abort_handler(NULL);
	GUEST_ASSERT_EQ(ESR_EC(seen_esr), EC_DABT_CUR);
	GUEST_ASSERT_EQ(ESR_FSC(seen_esr), FSC_SEA);
	GUEST_ASSERT_EQ(seen_far, mmio + 0x30);
	GUEST_SYNC(2, seen_esr, seen_far);
}
