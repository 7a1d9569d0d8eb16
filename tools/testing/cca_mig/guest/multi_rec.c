// SPDX-License-Identifier: GPL-2.0
/*
 * multi_rec: every REC fills its own page of protected memory with a
 * pattern, then raises its ready flag. REC 0 waits for all flags (plain
 * loads and stores with barriers, no atomics), checks every page, reports
 * stage 1 (nr_recs, sum) and releases the others, which then check the page
 * of the next REC. RECs only make progress because the model ends each REC
 * entry after a bounded slice and the host runs the other RECs.
 */
#include "guest.h"

#define WORDS	(GUEST_PAGE_SIZE / sizeof(uint64_t))

static uint64_t pages[CCA_GUEST_MAX_RECS][WORDS] __aligned(GUEST_PAGE_SIZE);
static uint64_t ready[CCA_GUEST_MAX_RECS];
static uint64_t go;

static uint64_t pattern(unsigned int rec, unsigned int i)
{
	return ((uint64_t)(rec + 1) << 56) ^ ((uint64_t)i * 0x9e3779b97f4a7c15UL);
}

static void check_page(unsigned int rec)
{
	unsigned int i;

	for (i = 0; i < WORDS; i++)
		GUEST_ASSERT_EQ(READ_ONCE(pages[rec][i]), pattern(rec, i));
}

void guest_main(unsigned int rec)
{
	unsigned int nr = (unsigned int)guest_boot.nr_recs, r, i;
	uint64_t sum = 0;

	GUEST_ASSERT(nr <= CCA_GUEST_MAX_RECS);
	/* MPIDR_EL1 is the REC's RmiRecMpidr (with RES1 bit 31). */
	GUEST_ASSERT_EQ(read_sysreg(mpidr_el1) & 0xff00ffffffUL, rec_mpidr(rec));

	for (i = 0; i < WORDS; i++)
		WRITE_ONCE(pages[rec][i], pattern(rec, i));
	dmb_ish();
	WRITE_ONCE(ready[rec], 1);

	if (rec == 0) {
		for (r = 1; r < nr; r++)
			while (!READ_ONCE(ready[r]))
				cpu_relax();
		dmb_ish();
		for (r = 0; r < nr; r++) {
			check_page(r);
			sum += READ_ONCE(pages[r][1]);
		}
		GUEST_SYNC(1, nr, sum);
		dmb_ish();
		WRITE_ONCE(go, 1);
	} else {
		while (!READ_ONCE(go))
			cpu_relax();
		dmb_ish();
		check_page((rec + 1) % nr);
	}
}
