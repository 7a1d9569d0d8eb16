// SPDX-License-Identifier: GPL-2.0
/*
 * bench_dirty: a realm that dirties its memory at a configured rate, for
 * the migration benchmark (tools/testing/cca_mig/bench/).
 *
 * REC 0 writes one u64 into each page of a working set of
 * bench_cfg.wset_pages pages (the pages after the image), cyclically, at
 * bench_cfg.rate pages per second of the generic counter (BENCH_UNPACED:
 * as fast as it can; 0: it writes nothing and only reports). One store
 * per page is what dirties it: the realm cannot tell that
 * its pages are write-protected for tracking. Other RECs return at once.
 *
 * The host configures a run by patching bench_cfg in the image before it
 * populates the realm: it finds BENCH_CFG_MAGIC and writes the fields that
 * follow it. The image is measured after the patch, so the realm's RIM
 * covers the configuration.
 *
 * Stages (GUEST_SYNC):
 *   3 (written, ticks, freq)  every bench_cfg.report_ticks counter ticks:
 *                        pages written since the start, the ticks elapsed
 *                        and the counter's frequency
 *   4 (pass, written)    after each pass over the working set, if
 *                        bench_cfg.pass_sync
 * After bench_cfg.max_passes passes (0: never) the REC reports DONE.
 */
#include "guest.h"

/* "CCABENCH", little endian. */
#define BENCH_CFG_MAGIC		0x484353454e424343UL
#define BENCH_UNPACED		(~0UL)

struct bench_cfg {
	uint64_t magic;
	uint64_t rate;		/* pages/s; 0: idle; BENCH_UNPACED */
	uint64_t wset_pages;	/* working set after the image */
	uint64_t pass_sync;	/* SYNC(4) after each pass */
	uint64_t max_passes;	/* DONE after this many; 0: never */
	uint64_t report_ticks;	/* SYNC(3) period in counter ticks; 0: none */
};

/* In .data: patched by the host, read through READ_ONCE. */
struct bench_cfg bench_cfg __aligned(64) = {
	.magic = BENCH_CFG_MAGIC,
	.wset_pages = 16,
	.max_passes = 1,
};

static uint64_t counter(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

void guest_main(unsigned int rec)
{
	uint64_t first = ((uint64_t)_image_end + GUEST_PAGE_SIZE - 1) &
			 ~(GUEST_PAGE_SIZE - 1);
	uint64_t top = guest_boot.ram_base + guest_boot.ram_size;
	uint64_t rate = READ_ONCE(bench_cfg.rate);
	uint64_t wset = READ_ONCE(bench_cfg.wset_pages);
	uint64_t period = READ_ONCE(bench_cfg.report_ticks);
	uint64_t max_passes = READ_ONCE(bench_cfg.max_passes);
	uint64_t freq, t0, now, next_report, written = 0, pass = 0, i = 0;

	if (rec)
		return;
	GUEST_ASSERT(wset && first + wset * GUEST_PAGE_SIZE <= top);
	freq = read_sysreg(cntfrq_el0);
	GUEST_ASSERT(freq);
	t0 = counter();
	next_report = t0 + period;

	for (;;) {
		volatile uint64_t *p = (void *)(first + i * GUEST_PAGE_SIZE);

		now = counter();
		if (period && now >= next_report) {
			GUEST_SYNC(3, written, now - t0, freq);
			next_report = now + period;
		}
		/* Pacing: at most rate * elapsed / freq pages so far. */
		if (!rate || (rate != BENCH_UNPACED &&
			      written >= (now - t0) / freq * rate +
					 (now - t0) % freq * rate / freq)) {
			cpu_relax();
			continue;
		}
		*p = written ^ (pass << 48);
		written++;
		if (++i < wset)
			continue;
		i = 0;
		pass++;
		if (READ_ONCE(bench_cfg.pass_sync))
			GUEST_SYNC(4, pass, written);
		if (max_passes && pass >= max_passes)
			return;
	}
}
