// SPDX-License-Identifier: GPL-2.0
/*
 * mig_dirty: a Realm that keeps writing memory while it is migrated, and
 * checks every word it wrote, before and after, from its own view.
 *
 * Each REC owns MIG_DIRTY_PAGES pages. In iteration n (1 ..
 * MIG_DIRTY_ITERS) it first checks that every word of every one of its
 * pages holds the value of the iteration that last wrote that page (zero if
 * none did), then writes the value of iteration n into the first window(n)
 * pages. The window halves every MIG_DIRTY_STEP iterations, so the set of
 * pages the Realm dirties shrinks over time, as a pre-copy test wants. A
 * page that a migration lost, duplicated from an older round or resurrected
 * stale is caught by the Realm itself as soon as it runs again; so is a
 * bookkeeping page (last[]) or a stack that did not travel intact.
 *
 * Stages (GUEST_SYNC):
 *   1 (rec, n, window)   every MIG_DIRTY_SYNC iterations
 *   2 (rec, n, sum)      all iterations done and checked
 */
#include "guest.h"

/* A guest that includes this file may shorten the run (mig_dirty_short.c). */
#define MIG_DIRTY_RECS		2
#define MIG_DIRTY_PAGES		8
#ifndef MIG_DIRTY_ITERS
#define MIG_DIRTY_ITERS		400
#define MIG_DIRTY_STEP		60
#define MIG_DIRTY_SYNC		50
#endif
#define WORDS			(GUEST_PAGE_SIZE / sizeof(uint64_t))

static uint64_t buf[MIG_DIRTY_RECS][MIG_DIRTY_PAGES][WORDS]
	__aligned(GUEST_PAGE_SIZE);
/* Iteration that last wrote each page; 0: never written. */
static uint64_t last[MIG_DIRTY_RECS][MIG_DIRTY_PAGES];

static uint64_t value(unsigned int rec, unsigned int p, uint64_t n,
		      unsigned int i)
{
	if (!n)
		return 0;
	return (n << 32) ^ ((uint64_t)rec << 24) ^ ((uint64_t)p << 16) ^ i;
}

static unsigned int window(uint64_t n)
{
	unsigned int w = MIG_DIRTY_PAGES >> (n / MIG_DIRTY_STEP);

	return w ? w : 1;
}

void guest_main(unsigned int rec)
{
	uint64_t n, sum = 0;
	unsigned int p, i;

	if (rec >= MIG_DIRTY_RECS)
		return;
	for (n = 1; n <= MIG_DIRTY_ITERS; n++) {
		for (p = 0; p < MIG_DIRTY_PAGES; p++) {
			const uint64_t *w = buf[rec][p];
			uint64_t l = READ_ONCE(last[rec][p]);

			for (i = 0; i < WORDS; i++)
				GUEST_ASSERT_EQ(READ_ONCE(w[i]),
						value(rec, p, l, i));
		}
		for (p = 0; p < window(n); p++) {
			uint64_t *w = buf[rec][p];

			for (i = 0; i < WORDS; i++)
				WRITE_ONCE(w[i], value(rec, p, n, i));
			WRITE_ONCE(last[rec][p], n);
			sum += w[n % WORDS];
		}
		if (!(n % MIG_DIRTY_SYNC))
			GUEST_SYNC(1, rec, n, window(n));
	}
	GUEST_SYNC(2, rec, n - 1, sum);
}
