// SPDX-License-Identifier: GPL-2.0
/*
 * scn_untouched: RAM the realm never touched before a migration is still
 * usable after it. REC 0 writes only every SU_STRIDE-th page of the RAM
 * past its image, and never reads the others, so that they stay
 * unassigned (never faulted in) on the source:
 *
 *   1 (first, count, stride)  the touched pages were written
 *   2 (first, count, stride)  they were written again (a pre-copy round)
 *
 * The host migrates the realm while it waits at stage 2 and looks at the
 * destination's RTT entries. Then, on the destination:
 *
 *   3 (touched, untouched)    every touched page holds its last value;
 *                             every untouched page reads zero in every
 *                             word, takes a pattern and reads it back
 */
#include "guest.h"

#define SU_STRIDE	8
#define SU_WORDS	(GUEST_PAGE_SIZE / sizeof(uint64_t))

static uint64_t su_value(uint64_t pass, uint64_t ipa, unsigned int i)
{
	return (pass << 56) ^ ipa ^ i;
}

static void su_write(uint64_t ipa, uint64_t pass)
{
	uint64_t *w = (void *)ipa;
	unsigned int i;

	for (i = 0; i < SU_WORDS; i++)
		WRITE_ONCE(w[i], su_value(pass, ipa, i));
}

static void su_check(uint64_t ipa, uint64_t pass)
{
	const uint64_t *w = (void *)ipa;
	unsigned int i;

	for (i = 0; i < SU_WORDS; i++)
		GUEST_ASSERT_EQ(READ_ONCE(w[i]), su_value(pass, ipa, i));
}

void guest_main(unsigned int rec)
{
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	uint64_t first = (uint64_t)_image_end, ipa, count = 0, used = 0;
	unsigned int i;

	if (rec)
		return;
	for (ipa = first; ipa < top; ipa += SU_STRIDE * GUEST_PAGE_SIZE) {
		su_write(ipa, 1);
		count++;
	}
	GUEST_SYNC(1, first, count, SU_STRIDE);
	for (ipa = first; ipa < top; ipa += SU_STRIDE * GUEST_PAGE_SIZE)
		su_write(ipa, 2);
	GUEST_SYNC(2, first, count, SU_STRIDE);

	/* After the move: the touched pages, then the others. */
	for (ipa = first; ipa < top; ipa += SU_STRIDE * GUEST_PAGE_SIZE)
		su_check(ipa, 2);
	for (ipa = first; ipa < top; ipa += GUEST_PAGE_SIZE) {
		const uint64_t *w = (void *)ipa;

		if (!(((ipa - first) / GUEST_PAGE_SIZE) % SU_STRIDE))
			continue;
		for (i = 0; i < SU_WORDS; i++)
			GUEST_ASSERT_EQ(READ_ONCE(w[i]), 0);
		su_write(ipa, 3);
		su_check(ipa, 3);
		used++;
	}
	GUEST_SYNC(3, count, used);
}
