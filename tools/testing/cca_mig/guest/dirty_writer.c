// SPDX-License-Identifier: GPL-2.0
/*
 * dirty_writer: REC 0 writes guest memory on the host's command, for the
 * RMI-MIG dirty tracking tests. The data area is the top DW_NR_PAGES pages
 * of RAM. The guest loops on GUEST_SYNC(1, data base, number of pages); the
 * host's answer (the host call results) is a command:
 *   results[0] = 0   stop (DONE)
 *   results[0] = 1   write: every u64 of each page i whose bit is set in
 *                    results[1] becomes results[2] + i
 *   results[0] = 2   check: every u64 of each page i whose bit is set in
 *                    results[1] equals results[2] + i (GUEST_ASSERT)
 *   results[0] = 3   write results[2] to the single u64 at offset
 *                    results[3] of each page in results[1], nothing else
 *   results[0] = 4   spin for results[1] loop iterations (a REC that is
 *                    busy inside RMI_REC_ENTER)
 * The stores are plain STRs: the realm cannot tell that its pages are
 * write-protected for tracking.
 */
#include "guest.h"

#define DW_NR_PAGES	16
#define DW_STOP		0
#define DW_WRITE	1
#define DW_CHECK	2
#define DW_POKE		3
#define DW_SPIN		4

void guest_main(unsigned int rec)
{
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	uint64_t base = top - DW_NR_PAGES * GUEST_PAGE_SIZE;
	uint64_t gprs[3], out[31];
	unsigned int i, j;

	if (rec)
		return;
	GUEST_ASSERT(base >= (uint64_t)_image_end);

	for (;;) {
		gprs[0] = 1;
		gprs[1] = base;
		gprs[2] = DW_NR_PAGES;
		rsi_host_call(CCA_GUEST_HC_SYNC, gprs, 3, out);
		if (out[0] == DW_STOP)
			break;
		if (out[0] == DW_SPIN) {
			for (i = 0; i < out[1]; i++)
				cpu_relax();
			continue;
		}
		for (i = 0; i < DW_NR_PAGES; i++) {
			volatile uint64_t *p = (void *)(base +
							i * GUEST_PAGE_SIZE);

			if (!(out[1] & (1UL << i)))
				continue;
			if (out[0] == DW_POKE) {
				p[(out[3] % GUEST_PAGE_SIZE) / 8] = out[2];
				continue;
			}
			for (j = 0; j < GUEST_PAGE_SIZE / 8; j++) {
				if (out[0] == DW_WRITE)
					p[j] = out[2] + i;
				else
					GUEST_ASSERT_EQ(p[j], out[2] + i);
			}
		}
	}
}
