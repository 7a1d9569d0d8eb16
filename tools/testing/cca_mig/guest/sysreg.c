// SPDX-License-Identifier: GPL-2.0
/*
 * sysreg: every REC loads EL1/EL0 system registers, FP/SIMD registers and
 * SP_EL0 with values of its own, reports stage 1 (so the host can check the
 * timer state in the REC exit), then runs for many slices (REC exits to the
 * host and, with several RECs, the others run in between), part of the time
 * at EL1t on SP_EL0, and finally checks that nothing changed. Stage 2
 * reports the number of registers checked.
 */
#include "guest.h"

#define SPIN_INSNS	12000000UL

static uint64_t el1t_stacks[CCA_GUEST_MAX_RECS][64] __aligned(16);

#define SET_V(n)							\
	do {								\
		asm volatile("fmov d" #n ", %0\n\tins v" #n ".d[1], %1"	\
			     : : "r"(lo + n), "r"(hi + n));		\
	} while (0)
#define GET_V(n, out)							\
	do {								\
		asm volatile("umov %0, v" #n ".d[0]\n\t"		\
			     "umov %1, v" #n ".d[1]"			\
			     : "=r"(out[2 * n]), "=r"(out[2 * n + 1]));	\
	} while (0)

static void set_vregs(uint64_t lo, uint64_t hi)
{
	SET_V(0); SET_V(1); SET_V(2); SET_V(3); SET_V(4); SET_V(5);
	SET_V(6); SET_V(7); SET_V(8); SET_V(9); SET_V(10); SET_V(11);
	SET_V(12); SET_V(13); SET_V(14); SET_V(15); SET_V(16); SET_V(17);
	SET_V(18); SET_V(19); SET_V(20); SET_V(21); SET_V(22); SET_V(23);
	SET_V(24); SET_V(25); SET_V(26); SET_V(27); SET_V(28); SET_V(29);
	SET_V(30); SET_V(31);
}

static void get_vregs(uint64_t *out)
{
	GET_V(0, out); GET_V(1, out); GET_V(2, out); GET_V(3, out);
	GET_V(4, out); GET_V(5, out); GET_V(6, out); GET_V(7, out);
	GET_V(8, out); GET_V(9, out); GET_V(10, out); GET_V(11, out);
	GET_V(12, out); GET_V(13, out); GET_V(14, out); GET_V(15, out);
	GET_V(16, out); GET_V(17, out); GET_V(18, out); GET_V(19, out);
	GET_V(20, out); GET_V(21, out); GET_V(22, out); GET_V(23, out);
	GET_V(24, out); GET_V(25, out); GET_V(26, out); GET_V(27, out);
	GET_V(28, out); GET_V(29, out); GET_V(30, out); GET_V(31, out);
}

struct values {
	uint64_t tpidr_el0, tpidrro_el0, contextidr, mair, tcr, ttbr0, ttbr1;
	uint64_t par, cntkctl, mdscr, cpacr, esr, far, elr, spsr, sctlr;
	uint64_t cntv_cval, cntv_ctl, cntp_cval, cntp_ctl, fpcr, fpsr;
};

static void make_values(unsigned int rec, struct values *v, uint64_t sctlr)
{
	uint64_t r = rec;

	v->tpidr_el0 = 0x1000000000000001UL * (r + 1);
	v->tpidrro_el0 = 0x0200000000000020UL * (r + 1);
	v->contextidr = 0x1234 + r;
	v->mair = 0x00bbff440c0400ffUL ^ (r << 8);
	v->tcr = (0x10 + r) | (1UL << 8) | (1UL << 10) | (3UL << 12) |
		 (0x19UL << 16) | (1UL << 24) | (1UL << 26) | (3UL << 28) |
		 (2UL << 30) | (5UL << 32) | (1UL << 36);
	v->ttbr0 = 0x0001000080100000UL + (r << 12);
	v->ttbr1 = 0x0002000080200000UL + (r << 12);
	v->par = 0x0000000080042000UL + (r << 12);
	v->cntkctl = 0x3 | (r << 4);
	v->mdscr = 1UL << 12;
	v->cpacr = 3UL << 20;
	v->esr = 0x96000000UL + r;
	v->far = 0xdead0000UL + r;
	v->elr = 0x80001000UL + 4 * r;
	v->spsr = 0x600003c5UL;
	v->sctlr = sctlr | (1UL << 26) | (1UL << 18) | (1UL << 16);
	v->cntv_cval = 0x1234567000UL + r;
	v->cntv_ctl = 3;		/* ENABLE | IMASK */
	v->cntp_cval = 0x7654321000UL + r;
	v->cntp_ctl = 3;
	v->fpcr = (r + 1) << 22;	/* RMode */
	v->fpsr = (1UL << 27) | 1;	/* QC, IOC */
}

static void write_values(const struct values *v)
{
	write_sysreg(v->cpacr, cpacr_el1);
	isb();
	write_sysreg(v->tpidr_el0, tpidr_el0);
	write_sysreg(v->tpidrro_el0, tpidrro_el0);
	write_sysreg(v->contextidr, contextidr_el1);
	write_sysreg(v->mair, mair_el1);
	write_sysreg(v->tcr, tcr_el1);
	write_sysreg(v->ttbr0, ttbr0_el1);
	write_sysreg(v->ttbr1, ttbr1_el1);
	write_sysreg(v->par, par_el1);
	write_sysreg(v->cntkctl, cntkctl_el1);
	write_sysreg(v->mdscr, mdscr_el1);
	write_sysreg(v->esr, esr_el1);
	write_sysreg(v->far, far_el1);
	write_sysreg(v->elr, elr_el1);
	write_sysreg(v->spsr, spsr_el1);
	write_sysreg(v->sctlr, sctlr_el1);
	write_sysreg(v->cntv_cval, cntv_cval_el0);
	write_sysreg(v->cntv_ctl, cntv_ctl_el0);
	write_sysreg(v->cntp_cval, cntp_cval_el0);
	write_sysreg(v->cntp_ctl, cntp_ctl_el0);
	write_sysreg(v->fpcr, fpcr);
	write_sysreg(v->fpsr, fpsr);
	isb();
}

#define CHECK(expr, want)						\
	do {								\
		uint64_t __got = (expr), __want = (want);		\
		if (__got != __want)					\
			guest_assert_fail(__LINE__, "%s: 0x%lx != 0x%lx",	\
					  #expr, __got, __want);	\
		checked++;						\
	} while (0)

void guest_main(unsigned int rec)
{
	uint64_t lo = 0x1111111111111111UL * (rec + 1), hi = ~lo;
	uint64_t sp0 = (uint64_t)&el1t_stacks[rec][64], seen_sp = 0;
	uint64_t n = SPIN_INSNS / 4, vregs[64];
	volatile uint64_t spin;
	unsigned int checked = 0, i;
	struct values v;

	make_values(rec, &v, read_sysreg(sctlr_el1));
	write_values(&v);
	set_vregs(lo, hi);
	write_sysreg(sp0, sp_el0);
	GUEST_SYNC(1, rec, v.cntv_cval, v.cntp_cval);

	/* C code at EL1h, across many REC exits. */
	for (spin = 0; spin < SPIN_INSNS / 8; spin++)
		;
	/* EL1t: running on SP_EL0 across REC exits, no memory accesses. */
	asm volatile("msr spsel, #0\n"
		     "1: subs %[n], %[n], #1\n"
		     "b.ne 1b\n"
		     "mov %[seen], sp\n"
		     "msr spsel, #1\n"
		     : [n] "+r"(n), [seen] "=r"(seen_sp) : : "memory", "cc");
	CHECK(seen_sp, sp0);
	CHECK(read_sysreg(sp_el0), sp0);
	CHECK(read_sysreg(tpidr_el1), rec);

	CHECK(read_sysreg(cpacr_el1), v.cpacr);
	CHECK(read_sysreg(tpidr_el0), v.tpidr_el0);
	CHECK(read_sysreg(tpidrro_el0), v.tpidrro_el0);
	CHECK(read_sysreg(contextidr_el1), v.contextidr);
	CHECK(read_sysreg(mair_el1), v.mair);
	CHECK(read_sysreg(tcr_el1), v.tcr);
	CHECK(read_sysreg(ttbr0_el1), v.ttbr0);
	CHECK(read_sysreg(ttbr1_el1), v.ttbr1);
	CHECK(read_sysreg(par_el1), v.par);
	CHECK(read_sysreg(cntkctl_el1), v.cntkctl);
	CHECK(read_sysreg(mdscr_el1), v.mdscr);
	CHECK(read_sysreg(esr_el1), v.esr);
	CHECK(read_sysreg(far_el1), v.far);
	CHECK(read_sysreg(elr_el1), v.elr);
	CHECK(read_sysreg(spsr_el1), v.spsr);
	CHECK(read_sysreg(sctlr_el1), v.sctlr);
	CHECK(read_sysreg(cntv_cval_el0), v.cntv_cval);
	CHECK(read_sysreg(cntv_ctl_el0) & 3, v.cntv_ctl);
	CHECK(read_sysreg(cntp_cval_el0), v.cntp_cval);
	CHECK(read_sysreg(cntp_ctl_el0) & 3, v.cntp_ctl);
	CHECK(read_sysreg(fpcr), v.fpcr);
	CHECK(read_sysreg(fpsr), v.fpsr);
	get_vregs(vregs);
	for (i = 0; i < 32; i++) {
		CHECK(vregs[2 * i], lo + i);
		CHECK(vregs[2 * i + 1], hi + i);
	}
	GUEST_SYNC(2, rec, checked);
}
