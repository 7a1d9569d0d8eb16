// SPDX-License-Identifier: GPL-2.0
/*
 * scn_dirty: dirty-log invariants for a migrating realm, in the style of
 * tools/testing/selftests/kvm/dirty_log_test.c. The host cannot read
 * protected memory, so the guest tells it what it wrote.
 *
 * REC 0 owns the top SD_PAGES pages of RAM. Pages 0 .. SD_ACTIVE - 1 are
 * written, a different set in every iteration (sd_mask()); pages
 * SD_ACTIVE .. SD_PAGES - 1 are never touched, not even read. Iteration n
 * (1 .. SD_ITERS):
 *
 *   1. checks every word of every page it wrote before: it must hold the
 *      value of the iteration that last wrote the page (sd_value());
 *   2. writes the value of iteration n into every word of the pages of
 *      sd_mask(n);
 *   3. reports GUEST_SYNC(1, n, sd_mask(n), data base): the host, which
 *      stops the realm at such a report, knows exactly which pages were
 *      written since its last dirty-log harvest.
 *
 * Then it checks every page once more and reports GUEST_SYNC(2, pages
 * checked, sum), the sum being over the pages it wrote of (page + 1) *
 * the iteration number read back from the page itself. The host compares
 * both with what the reports told it.
 */
#include "guest.h"

#define SD_PAGES	32
#define SD_ACTIVE	24
#define SD_ITERS	40
#define SD_WORDS	(GUEST_PAGE_SIZE / sizeof(uint64_t))

/* Iteration that last wrote each page; 0: never written. */
static uint64_t last[SD_PAGES];

static uint32_t sd_mask(uint64_t n)
{
	uint32_t m = 0;
	unsigned int p;

	for (p = 0; p < SD_ACTIVE; p++)
		if ((p + n) % 3 == 0 || p == (n * 5) % SD_ACTIVE)
			m |= 1U << p;
	return m;
}

static uint64_t sd_value(uint64_t n, unsigned int p, unsigned int i)
{
	return (n << 32) | ((uint64_t)p << 16) | i;
}

/* Check every page written so far; return the sum described above. */
static uint64_t sd_check(uint64_t base, unsigned int *checked)
{
	uint64_t sum = 0;
	unsigned int p, i;

	*checked = 0;
	for (p = 0; p < SD_PAGES; p++) {
		const uint64_t *w = (void *)(base + p * GUEST_PAGE_SIZE);
		uint64_t l = READ_ONCE(last[p]);

		if (!l)
			continue;
		GUEST_ASSERT(p < SD_ACTIVE);
		for (i = 0; i < SD_WORDS; i++)
			GUEST_ASSERT_EQ(READ_ONCE(w[i]), sd_value(l, p, i));
		sum += (READ_ONCE(w[0]) >> 32) * (p + 1);
		(*checked)++;
	}
	return sum;
}

void guest_main(unsigned int rec)
{
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	uint64_t base = top - SD_PAGES * GUEST_PAGE_SIZE, n, sum;
	unsigned int p, i, checked;
	uint32_t m;

	if (rec)
		return;
	GUEST_ASSERT(base >= (uint64_t)_image_end);

	for (n = 1; n <= SD_ITERS; n++) {
		sd_check(base, &checked);
		m = sd_mask(n);
		for (p = 0; p < SD_ACTIVE; p++) {
			uint64_t *w = (void *)(base + p * GUEST_PAGE_SIZE);

			if (!(m & (1U << p)))
				continue;
			for (i = 0; i < SD_WORDS; i++)
				WRITE_ONCE(w[i], sd_value(n, p, i));
			WRITE_ONCE(last[p], n);
		}
		GUEST_SYNC(1, n, m, base);
	}
	sum = sd_check(base, &checked);
	GUEST_SYNC(2, checked, sum);
}
