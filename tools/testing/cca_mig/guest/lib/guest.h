/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freestanding library for realm guests: RSI and PSCI calls, reporting to
 * the host through RSI_HOST_CALL (see cca_guest_abi.h), exceptions.
 *
 * A guest provides guest_main(rec), run on every REC that starts at the
 * image's first byte, and optionally guest_secondary(rec) for RECs started
 * by PSCI_CPU_ON at _secondary_entry with context_id = REC index. Returning
 * from either reports CCA_GUEST_HC_DONE and parks the REC in WFI.
 */
#ifndef CCA_GUEST_H
#define CCA_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cca_guest_abi.h"

#define __aligned(x)		__attribute__((aligned(x)))
#define __noreturn		__attribute__((noreturn))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

#define GUEST_PAGE_SIZE		4096UL
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* ---- SMC ABI: the values a realm sees (DEN0137, PSCI, SMCCC) ---------- */
#define SMC_RSI_VERSION			0xC4000190UL
#define SMC_RSI_FEATURES		0xC4000191UL
#define SMC_RSI_MEASUREMENT_READ	0xC4000192UL
#define SMC_RSI_MEASUREMENT_EXTEND	0xC4000193UL
#define SMC_RSI_REALM_CONFIG		0xC4000196UL
#define SMC_RSI_IPA_STATE_SET		0xC4000197UL
#define SMC_RSI_IPA_STATE_GET		0xC4000198UL
#define SMC_RSI_HOST_CALL		0xC4000199UL

#define RSI_ABI_VERSION_1_0		(1UL << 16)
#define RSI_SUCCESS			0UL
#define RSI_ERROR_INPUT			1UL
#define RSI_ERROR_STATE			2UL
#define RSI_INCOMPLETE			3UL
#define RSI_RIPAS_EMPTY			0UL
#define RSI_RIPAS_RAM			1UL
#define RSI_RIPAS_DESTROYED		2UL
#define RSI_NO_CHANGE_DESTROYED		0UL
#define RSI_CHANGE_DESTROYED		1UL
#define RSI_ACCEPT			0UL
#define RSI_REJECT			1UL

#define SMCCC_VERSION			0x80000000UL
#define SMCCC_NOT_SUPPORTED		(-1L)

#define PSCI_VERSION			0x84000000UL
#define PSCI_CPU_OFF			0x84000002UL
#define PSCI_CPU_ON			0xC4000003UL
#define PSCI_AFFINITY_INFO		0xC4000004UL
#define PSCI_SYSTEM_OFF			0x84000008UL
#define PSCI_FEATURES			0x8400000AUL
#define PSCI_SUCCESS			0L
#define PSCI_NOT_SUPPORTED		(-1L)
#define PSCI_INVALID_PARAMS		(-2L)
#define PSCI_DENIED			(-3L)
#define PSCI_ALREADY_ON			(-4L)
#define PSCI_INVALID_ADDRESS		(-9L)
#define PSCI_AFFINITY_ON		0L
#define PSCI_AFFINITY_OFF		1L

/* ESR_EL1 */
#define ESR_EC(esr)			(((esr) >> 26) & 0x3f)
#define ESR_FSC(esr)			((esr) & 0x3f)
#define ESR_WNR				(1UL << 6)
#define EC_UNKNOWN			0x00
#define EC_IABT_CUR			0x21
#define EC_DABT_CUR			0x25
#define FSC_SEA				0x10

/* ---- System registers and barriers ------------------------------------ */
#define read_sysreg(r) ({						\
	uint64_t __v;							\
	asm volatile("mrs %0, " #r : "=r"(__v));			\
	__v;								\
})
#define write_sysreg(v, r)						\
	asm volatile("msr " #r ", %0" : : "rZ"((uint64_t)(v)))
#define isb()		asm volatile("isb" : : : "memory")
#define dmb_ish()	asm volatile("dmb ish" : : : "memory")
#define dsb_sy()	asm volatile("dsb sy" : : : "memory")
#define wfi()		asm volatile("wfi" : : : "memory")
#define cpu_relax()	asm volatile("yield" : : : "memory")
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* ---- Boot information ---------------------------------------------------- */
struct guest_boot {
	uint64_t ram_base;	/* x0 at entry */
	uint64_t ram_size;	/* x1 */
	uint64_t nr_recs;	/* x3 */
	uint64_t shared;	/* x4: first unprotected page, 0 if none */
};
extern struct guest_boot guest_boot;
extern char _secondary_entry[];
extern char _image_end[];

static inline unsigned int guest_rec(void)
{
	return (unsigned int)read_sysreg(tpidr_el1);
}

void guest_main(unsigned int rec);
void guest_secondary(unsigned int rec);

/* ---- SMC --------------------------------------------------------------- */
struct smc_args {
	uint64_t a[11];		/* x0 (function ID) .. x10 in */
};
struct smc_res {
	uint64_t a[9];		/* x0 .. x8 out */
};
void smc_call(const struct smc_args *args, struct smc_res *res);
uint64_t smc0(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
	      struct smc_res *res);

/* ---- RSI --------------------------------------------------------------- */
struct rsi_host_call {
	uint16_t imm;
	uint16_t pad[3];
	uint64_t gprs[31];
} __aligned(256);

struct rsi_realm_config {
	uint64_t ipa_width;
	uint64_t hash_algo;
	uint8_t pad0[0x200 - 16];
	uint8_t rpv[64];
	uint8_t pad1[GUEST_PAGE_SIZE - 0x200 - 64];
} __aligned(GUEST_PAGE_SIZE);

uint64_t rsi_version(uint64_t req, uint64_t *lower, uint64_t *higher);
uint64_t rsi_realm_config(struct rsi_realm_config *cfg);
uint64_t rsi_measurement_read(unsigned int index, uint8_t out[64]);
uint64_t rsi_measurement_extend(unsigned int index, const void *data,
				size_t len);
uint64_t rsi_ipa_state_set(uint64_t base, uint64_t top, uint64_t ripas,
			   uint64_t flags, uint64_t *new_base,
			   uint64_t *response);
uint64_t rsi_ipa_state_get(uint64_t base, uint64_t top, uint64_t *out_top,
			   uint64_t *ripas);
/*
 * Change [@base, @top) to @ripas, repeating RSI_IPA_STATE_SET until done.
 * Return: 0, 1 if the host rejected it, -1 on an RSI error.
 */
int rsi_set_ripas(uint64_t base, uint64_t top, uint64_t ripas,
		  uint64_t flags);
/* Host call @imm with @n gprs; results (31) copied to @out if not NULL. */
uint64_t rsi_host_call(uint16_t imm, const uint64_t *gprs, unsigned int n,
		       uint64_t *out);

/* ---- PSCI -------------------------------------------------------------- */
int64_t psci_version(void);
int64_t psci_features(uint64_t fid);
int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id);
int64_t psci_cpu_off(void);
int64_t psci_affinity_info(uint64_t mpidr, uint64_t lowest_level);
void psci_system_off(void) __noreturn;
/* RmiRecMpidr of REC @index, as PSCI expects it. */
static inline uint64_t rec_mpidr(unsigned int index)
{
	return (index & 0xf) | ((uint64_t)(index >> 4) << 8);
}

/* ---- Reporting ----------------------------------------------------------- */
void guest_sync(uint64_t stage, unsigned int n, ...);
void guest_done(void);
void guest_print(const char *fmt, ...) __printf(1, 2);
void guest_assert_fail(int line, const char *fmt, ...) __printf(2, 3)
	__noreturn;
void guest_park(void) __noreturn;

#define __GUEST_NARGS(...)	__GUEST_NARGS_(0, ##__VA_ARGS__, 4, 3, 2, 1, 0)
#define __GUEST_NARGS_(_0, _1, _2, _3, _4, n, ...) n
/* GUEST_SYNC(stage[, up to 4 values]): gprs[0] = stage, gprs[1..] = values */
#define GUEST_SYNC(stage, ...)						\
	guest_sync((stage), __GUEST_NARGS(__VA_ARGS__), ##__VA_ARGS__)
#define GUEST_DONE()		guest_done()
#define GUEST_PRINT(...)	guest_print(__VA_ARGS__)
#define GUEST_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			guest_assert_fail(__LINE__, "%s:%d: %s",	\
					  __FILE__, __LINE__, #cond);	\
	} while (0)
#define GUEST_ASSERT_EQ(a, b)						\
	do {								\
		uint64_t __a = (uint64_t)(a), __b = (uint64_t)(b);	\
		if (__a != __b)						\
			guest_assert_fail(__LINE__,			\
				"%s:%d: %s == %s: 0x%lx != 0x%lx",	\
				__FILE__, __LINE__, #a, #b, __a, __b);	\
	} while (0)

/* ---- Exceptions ---------------------------------------------------------- */
struct guest_regs {
	uint64_t x[31];
	uint64_t elr, spsr;
	uint64_t pad;
};

/*
 * Called for a synchronous exception taken by this REC. Return true if it
 * was expected (the handler may change regs->elr to resume elsewhere), false
 * to report CCA_GUEST_HC_ABORT. One handler per REC; NULL disarms.
 */
typedef bool (*guest_abort_fn)(struct guest_regs *regs, uint64_t esr,
			       uint64_t far);
void guest_set_abort_handler(guest_abort_fn fn);

/* ---- Freestanding C library ---------------------------------------------- */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* CCA_GUEST_H */
