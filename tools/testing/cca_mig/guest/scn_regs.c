// SPDX-License-Identifier: GPL-2.0
/*
 * scn_regs: every register a REC has, live across a migration. Each REC
 * programs the EL1 timers, some EL0/EL1 system registers, SP_EL0 and all
 * 32 FP/SIMD registers with values of its own and reports
 *
 *   1 (rec, cntv_cval, cntp_cval)
 *
 * then loads x0 .. x29 with values of its own and spins on x30 for
 * SR_SPIN iterations in a loop that touches no memory: many REC exits
 * (slices) with every general-purpose register live, which is where the
 * host migrates it. After the loop the REC stores x0 .. x30 and NZCV and
 * checks each of them (x30 counted down to 0, NZCV of the last SUBS:
 * Z and C), then every other register it set, and that the virtual
 * counter did not go backwards across the move:
 *
 *   2 (rec, registers checked, counter before, counter after)
 */
#include "guest.h"

#define SR_SPIN		5000000UL
#define SR_NZCV_ZC	0x60000000UL

/*
 * scn_fill_spin(seed, spin, out): x0 .. x28 = SR_GPR(i) ^ seed,
 * x29 = seed; x30 counts @spin down to 0; then out[0 .. 30] = x0 .. x30
 * and out[31] = NZCV. Callee-saved registers are restored.
 */
void scn_fill_spin(uint64_t seed, uint64_t spin, uint64_t *out);

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)
#define SR_GPR(i)	(0x5a5a000000000000 + ((i) << 40) + ((i) << 8) + (i))
#define LOAD(i)		"ldr x" #i ", =" __stringify(SR_GPR(i)) "\n\t"	\
			"eor x" #i ", x" #i ", x29\n\t"

asm(".pushsection .text.scn_fill_spin, \"ax\"\n"
	".globl scn_fill_spin\n"
	".type scn_fill_spin, %function\n"
	"scn_fill_spin:\n\t"
	"stp x29, x30, [sp, #-96]!\n\t"
	"stp x19, x20, [sp, #16]\n\t"
	"stp x21, x22, [sp, #32]\n\t"
	"stp x23, x24, [sp, #48]\n\t"
	"stp x25, x26, [sp, #64]\n\t"
	"stp x27, x28, [sp, #80]\n\t"
	"sub sp, sp, #16\n\t"
	"str x2, [sp]\n\t"
	"mov x30, x1\n\t"
	"mov x29, x0\n\t"
	LOAD(0) LOAD(1) LOAD(2) LOAD(3) LOAD(4) LOAD(5) LOAD(6) LOAD(7)
	LOAD(8) LOAD(9) LOAD(10) LOAD(11) LOAD(12) LOAD(13) LOAD(14)
	LOAD(15) LOAD(16) LOAD(17) LOAD(18) LOAD(19) LOAD(20) LOAD(21)
	LOAD(22) LOAD(23) LOAD(24) LOAD(25) LOAD(26) LOAD(27) LOAD(28)
	"1: subs x30, x30, #1\n\t"
	"b.ne 1b\n\t"
	"stp x0, x1, [sp, #-16]!\n\t"
	"ldr x0, [sp, #16]\n\t"
	"stp x2, x3, [x0, #16]\n\t"
	"stp x4, x5, [x0, #32]\n\t"
	"stp x6, x7, [x0, #48]\n\t"
	"stp x8, x9, [x0, #64]\n\t"
	"stp x10, x11, [x0, #80]\n\t"
	"stp x12, x13, [x0, #96]\n\t"
	"stp x14, x15, [x0, #112]\n\t"
	"stp x16, x17, [x0, #128]\n\t"
	"stp x18, x19, [x0, #144]\n\t"
	"stp x20, x21, [x0, #160]\n\t"
	"stp x22, x23, [x0, #176]\n\t"
	"stp x24, x25, [x0, #192]\n\t"
	"stp x26, x27, [x0, #208]\n\t"
	"stp x28, x29, [x0, #224]\n\t"
	"mrs x1, nzcv\n\t"
	"stp x30, x1, [x0, #240]\n\t"
	"ldp x2, x3, [sp], #16\n\t"
	"stp x2, x3, [x0]\n\t"
	"add sp, sp, #16\n\t"
	"ldp x19, x20, [sp, #16]\n\t"
	"ldp x21, x22, [sp, #32]\n\t"
	"ldp x23, x24, [sp, #48]\n\t"
	"ldp x25, x26, [sp, #64]\n\t"
	"ldp x27, x28, [sp, #80]\n\t"
	"ldp x29, x30, [sp], #96\n\t"
	"ret\n"
	".ltorg\n"
	".size scn_fill_spin, . - scn_fill_spin\n"
	".popsection\n");

/* q0 .. q31 from / to 64 u64s (little endian halves: lo, hi). */
static void sr_set_vregs(const uint64_t *v)
{
	asm volatile("ldp q0, q1, [%0, #0]\n\tldp q2, q3, [%0, #32]\n\t"
		     "ldp q4, q5, [%0, #64]\n\tldp q6, q7, [%0, #96]\n\t"
		     "ldp q8, q9, [%0, #128]\n\tldp q10, q11, [%0, #160]\n\t"
		     "ldp q12, q13, [%0, #192]\n\tldp q14, q15, [%0, #224]\n\t"
		     "ldp q16, q17, [%0, #256]\n\tldp q18, q19, [%0, #288]\n\t"
		     "ldp q20, q21, [%0, #320]\n\tldp q22, q23, [%0, #352]\n\t"
		     "ldp q24, q25, [%0, #384]\n\tldp q26, q27, [%0, #416]\n\t"
		     "ldp q28, q29, [%0, #448]\n\tldp q30, q31, [%0, #480]"
		     : : "r"(v) : "memory");
}

static void sr_get_vregs(uint64_t *v)
{
	asm volatile("stp q0, q1, [%0, #0]\n\tstp q2, q3, [%0, #32]\n\t"
		     "stp q4, q5, [%0, #64]\n\tstp q6, q7, [%0, #96]\n\t"
		     "stp q8, q9, [%0, #128]\n\tstp q10, q11, [%0, #160]\n\t"
		     "stp q12, q13, [%0, #192]\n\tstp q14, q15, [%0, #224]\n\t"
		     "stp q16, q17, [%0, #256]\n\tstp q18, q19, [%0, #288]\n\t"
		     "stp q20, q21, [%0, #320]\n\tstp q22, q23, [%0, #352]\n\t"
		     "stp q24, q25, [%0, #384]\n\tstp q26, q27, [%0, #416]\n\t"
		     "stp q28, q29, [%0, #448]\n\tstp q30, q31, [%0, #480]"
		     : : "r"(v) : "memory");
}

static uint64_t vset[CCA_GUEST_MAX_RECS][64] __aligned(16);
static uint64_t vget[CCA_GUEST_MAX_RECS][64] __aligned(16);
static uint64_t gprs[CCA_GUEST_MAX_RECS][32] __aligned(16);
static uint64_t el1t_stacks[CCA_GUEST_MAX_RECS][32] __aligned(16);

#define CHECK(expr, want)						\
	do {								\
		uint64_t __got = (expr), __want = (want);		\
		if (__got != __want)					\
			guest_assert_fail(__LINE__, "%s: 0x%lx != 0x%lx", \
					  #expr, __got, __want);	\
		checked++;						\
	} while (0)

void guest_main(unsigned int rec)
{
	uint64_t r = rec, seed = ((r + 1) << 20) | 0x1234;
	uint64_t cntv_cval = 0x0123456789aUL + r;
	uint64_t cntp_cval = 0x0fedcba9876UL + r;
	uint64_t tpidr = 0x7000000000000007UL + (r << 32);
	uint64_t tpidrro = 0x0600000000000060UL + (r << 32);
	uint64_t sp0 = (uint64_t)&el1t_stacks[rec][32];
	uint64_t before, after, *g = gprs[rec];
	unsigned int checked = 0, i;

	if (rec >= CCA_GUEST_MAX_RECS)
		return;
	for (i = 0; i < 64; i++)
		vset[rec][i] = 0xf00d000000000000UL ^ (r << 40) ^ (i << 4);
	write_sysreg(3UL << 20, cpacr_el1);	/* FP/SIMD at EL0 and EL1 */
	isb();
	write_sysreg(cntv_cval, cntv_cval_el0);
	write_sysreg(3, cntv_ctl_el0);		/* ENABLE | IMASK */
	write_sysreg(cntp_cval, cntp_cval_el0);
	write_sysreg(3, cntp_ctl_el0);
	write_sysreg(tpidr, tpidr_el0);
	write_sysreg(tpidrro, tpidrro_el0);
	write_sysreg(0x4321 + r, contextidr_el1);
	write_sysreg(sp0, sp_el0);
	write_sysreg((r + 1) << 22, fpcr);
	isb();
	sr_set_vregs(vset[rec]);
	before = read_sysreg(cntvct_el0);
	GUEST_SYNC(1, rec, cntv_cval, cntp_cval);

	scn_fill_spin(seed, SR_SPIN, g);
	after = read_sysreg(cntvct_el0);

	for (i = 0; i < 29; i++)
		CHECK(g[i], SR_GPR((uint64_t)i) ^ seed);
	CHECK(g[29], seed);
	CHECK(g[30], 0);
	CHECK(g[31] & 0xf0000000UL, SR_NZCV_ZC);
	CHECK(read_sysreg(tpidr_el1), r);
	CHECK(read_sysreg(cpacr_el1), 3UL << 20);
	CHECK(read_sysreg(cntv_cval_el0), cntv_cval);
	CHECK(read_sysreg(cntv_ctl_el0) & 3, 3);
	CHECK(read_sysreg(cntp_cval_el0), cntp_cval);
	CHECK(read_sysreg(cntp_ctl_el0) & 3, 3);
	CHECK(read_sysreg(tpidr_el0), tpidr);
	CHECK(read_sysreg(tpidrro_el0), tpidrro);
	CHECK(read_sysreg(contextidr_el1), 0x4321 + r);
	CHECK(read_sysreg(sp_el0), sp0);
	CHECK(read_sysreg(fpcr), (r + 1) << 22);
	sr_get_vregs(vget[rec]);
	for (i = 0; i < 64; i++)
		CHECK(vget[rec][i], vset[rec][i]);
	CHECK(after >= before, 1);
	GUEST_SYNC(2, rec, checked, before, after);
}
