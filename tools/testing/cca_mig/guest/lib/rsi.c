// SPDX-License-Identifier: GPL-2.0
/*
 * Realm guest library: SMC, RSI and PSCI calls, host-call reporting,
 * exception dispatch and a minimal C library. See guest.h.
 */
#include "guest.h"

_Static_assert(CCA_GUEST_BASE_IPA_NUM == CCA_GUEST_BASE_IPA, "guest.lds.S");
_Static_assert(CCA_GUEST_STACK_SIZE == 1UL << 14, "start.S STACK_SHIFT");
_Static_assert(CCA_GUEST_MAX_RECS == 8, "start.S MAX_RECS");
_Static_assert(sizeof(struct guest_regs) == 272, "start.S FRAME_SIZE");
_Static_assert(sizeof(struct rsi_host_call) == 256, "RsiHostCall");

struct guest_boot guest_boot;
uint8_t guest_stacks[CCA_GUEST_MAX_RECS][CCA_GUEST_STACK_SIZE] __aligned(16);

static struct rsi_host_call host_calls[CCA_GUEST_MAX_RECS];
static guest_abort_fn abort_handlers[CCA_GUEST_MAX_RECS];

/* ---- SMC --------------------------------------------------------------- */

void smc_call(const struct smc_args *args, struct smc_res *res)
{
	register uint64_t x0 asm("x0") = args->a[0];
	register uint64_t x1 asm("x1") = args->a[1];
	register uint64_t x2 asm("x2") = args->a[2];
	register uint64_t x3 asm("x3") = args->a[3];
	register uint64_t x4 asm("x4") = args->a[4];
	register uint64_t x5 asm("x5") = args->a[5];
	register uint64_t x6 asm("x6") = args->a[6];
	register uint64_t x7 asm("x7") = args->a[7];
	register uint64_t x8 asm("x8") = args->a[8];
	register uint64_t x9 asm("x9") = args->a[9];
	register uint64_t x10 asm("x10") = args->a[10];

	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
		       "+r"(x5), "+r"(x6), "+r"(x7), "+r"(x8), "+r"(x9),
		       "+r"(x10)
		     :
		     : "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory");
	res->a[0] = x0;
	res->a[1] = x1;
	res->a[2] = x2;
	res->a[3] = x3;
	res->a[4] = x4;
	res->a[5] = x5;
	res->a[6] = x6;
	res->a[7] = x7;
	res->a[8] = x8;
}

uint64_t smc0(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
	      struct smc_res *res)
{
	struct smc_args args = { .a = { fid, a1, a2, a3 } };
	struct smc_res r;

	if (!res)
		res = &r;
	smc_call(&args, res);
	return res->a[0];
}

/* ---- RSI --------------------------------------------------------------- */

uint64_t rsi_version(uint64_t req, uint64_t *lower, uint64_t *higher)
{
	struct smc_res res;

	smc0(SMC_RSI_VERSION, req, 0, 0, &res);
	if (lower)
		*lower = res.a[1];
	if (higher)
		*higher = res.a[2];
	return res.a[0];
}

uint64_t rsi_realm_config(struct rsi_realm_config *cfg)
{
	return smc0(SMC_RSI_REALM_CONFIG, (uint64_t)cfg, 0, 0, NULL);
}

uint64_t rsi_measurement_read(unsigned int index, uint8_t out[64])
{
	struct smc_res res;

	smc0(SMC_RSI_MEASUREMENT_READ, index, 0, 0, &res);
	if (res.a[0] == RSI_SUCCESS)
		memcpy(out, &res.a[1], 64);
	return res.a[0];
}

uint64_t rsi_measurement_extend(unsigned int index, const void *data,
				size_t len)
{
	struct smc_args args = { .a = { SMC_RSI_MEASUREMENT_EXTEND, index,
					len } };
	struct smc_res res;

	if (len > 64)
		return RSI_ERROR_INPUT;
	memcpy(&args.a[3], data, len);
	smc_call(&args, &res);
	return res.a[0];
}

uint64_t rsi_ipa_state_set(uint64_t base, uint64_t top, uint64_t ripas,
			   uint64_t flags, uint64_t *new_base,
			   uint64_t *response)
{
	struct smc_args args = { .a = { SMC_RSI_IPA_STATE_SET, base, top,
					ripas, flags } };
	struct smc_res res;

	smc_call(&args, &res);
	if (new_base)
		*new_base = res.a[1];
	if (response)
		*response = res.a[2];
	return res.a[0];
}

uint64_t rsi_ipa_state_get(uint64_t base, uint64_t top, uint64_t *out_top,
			   uint64_t *ripas)
{
	struct smc_res res;

	smc0(SMC_RSI_IPA_STATE_GET, base, top, 0, &res);
	if (out_top)
		*out_top = res.a[1];
	if (ripas)
		*ripas = res.a[2];
	return res.a[0];
}

int rsi_set_ripas(uint64_t base, uint64_t top, uint64_t ripas, uint64_t flags)
{
	while (base < top) {
		uint64_t next = base, response = RSI_ACCEPT;

		if (rsi_ipa_state_set(base, top, ripas, flags, &next,
				      &response) != RSI_SUCCESS)
			return -1;
		if (response == RSI_REJECT)
			return 1;
		if (next <= base || next > top)
			return -1;
		base = next;
	}
	return 0;
}

uint64_t rsi_host_call(uint16_t imm, const uint64_t *gprs, unsigned int n,
		       uint64_t *out)
{
	struct rsi_host_call *hc = &host_calls[guest_rec()];
	uint64_t ret;

	memset(hc, 0, sizeof(*hc));
	hc->imm = imm;
	if (n > ARRAY_SIZE(hc->gprs))
		n = ARRAY_SIZE(hc->gprs);
	memcpy(hc->gprs, gprs, n * sizeof(uint64_t));
	ret = smc0(SMC_RSI_HOST_CALL, (uint64_t)hc, 0, 0, NULL);
	if (out)
		memcpy(out, hc->gprs, sizeof(hc->gprs));
	return ret;
}

/* ---- PSCI -------------------------------------------------------------- */

int64_t psci_version(void)
{
	return (int64_t)smc0(PSCI_VERSION, 0, 0, 0, NULL);
}

int64_t psci_features(uint64_t fid)
{
	return (int64_t)smc0(PSCI_FEATURES, fid, 0, 0, NULL);
}

int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id)
{
	return (int64_t)smc0(PSCI_CPU_ON, mpidr, entry, context_id, NULL);
}

int64_t psci_cpu_off(void)
{
	return (int64_t)smc0(PSCI_CPU_OFF, 0, 0, 0, NULL);
}

int64_t psci_affinity_info(uint64_t mpidr, uint64_t lowest_level)
{
	return (int64_t)smc0(PSCI_AFFINITY_INFO, mpidr, lowest_level, 0, NULL);
}

void psci_system_off(void)
{
	smc0(PSCI_SYSTEM_OFF, 0, 0, 0, NULL);
	guest_park();
}

/* ---- Reporting ----------------------------------------------------------- */

/* Host call @imm with gprs[0] = @value and @text packed into gprs[1..30]. */
static void report_text(uint16_t imm, uint64_t value, const char *text)
{
	uint64_t gprs[31] = { value };
	size_t len = strlen(text);

	if (len > CCA_GUEST_MSG_BYTES - 1)
		len = CCA_GUEST_MSG_BYTES - 1;
	memcpy(&gprs[1], text, len);
	rsi_host_call(imm, gprs, 31, NULL);
}

void guest_sync(uint64_t stage, unsigned int n, ...)
{
	uint64_t gprs[5] = { stage };
	unsigned int i;
	va_list ap;

	va_start(ap, n);
	for (i = 0; i < n && i < 4; i++)
		gprs[1 + i] = va_arg(ap, uint64_t);
	va_end(ap);
	rsi_host_call(CCA_GUEST_HC_SYNC, gprs, 1 + n, NULL);
}

void guest_done(void)
{
	uint64_t gprs[1] = { guest_rec() };

	rsi_host_call(CCA_GUEST_HC_DONE, gprs, 1, NULL);
}

void guest_print(const char *fmt, ...)
{
	char buf[CCA_GUEST_MSG_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report_text(CCA_GUEST_HC_PRINT, guest_rec(), buf);
}

void guest_assert_fail(int line, const char *fmt, ...)
{
	char buf[CCA_GUEST_MSG_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report_text(CCA_GUEST_HC_ASSERT, (uint64_t)line, buf);
	guest_park();
}

/* ---- Entry and exceptions ------------------------------------------------ */

void guest_start(uint64_t base, uint64_t size, uint64_t rec, uint64_t nr,
		 uint64_t shared)
{
	/* Every REC stores the same values. */
	guest_boot.ram_base = base;
	guest_boot.ram_size = size;
	guest_boot.nr_recs = nr;
	guest_boot.shared = shared;
	guest_main((unsigned int)rec);
	guest_done();
}

void guest_secondary_start(uint64_t rec)
{
	guest_secondary((unsigned int)rec);
	guest_done();
}

__attribute__((weak)) void guest_secondary(unsigned int rec)
{
	GUEST_ASSERT(!"no guest_secondary() in this guest");
}

void guest_set_abort_handler(guest_abort_fn fn)
{
	WRITE_ONCE(abort_handlers[guest_rec()], fn);
}

void guest_vector(uint64_t type, struct guest_regs *regs)
{
	uint64_t esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	guest_abort_fn fn = READ_ONCE(abort_handlers[guest_rec()]);
	uint64_t gprs[4] = { esr, far, regs->elr, type };

	/* Synchronous exceptions only: vector entries 0, 4, 8 and 12. */
	if (!(type & 3) && fn && fn(regs, esr, far))
		return;
	rsi_host_call(CCA_GUEST_HC_ABORT, gprs, 4, NULL);
	guest_park();
}

/* ---- Freestanding C library ---------------------------------------------- */

void *memset(void *s, int c, size_t n)
{
	uint8_t *p = s;

	while (n--)
		*p++ = (uint8_t)c;
	return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *pa = a, *pb = b;

	for (; n; n--, pa++, pb++)
		if (*pa != *pb)
			return *pa < *pb ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

struct fmt_buf {
	char *buf;
	size_t size, len;
};

static void fmt_putc(struct fmt_buf *b, char c)
{
	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

static void fmt_num(struct fmt_buf *b, uint64_t v, unsigned int base,
		    bool neg, unsigned int width, char pad)
{
	char tmp[24];
	unsigned int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width > n) {
		fmt_putc(b, pad);
		width--;
	}
	while (n)
		fmt_putc(b, tmp[--n]);
}

/* %[0][width][l|ll|z](d|i|u|x|p|s|c|%) */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { buf, size, 0 };

	for (; *fmt; fmt++) {
		unsigned int width = 0, lng = 0;
		char pad = ' ';
		uint64_t v;

		if (*fmt != '%') {
			fmt_putc(&b, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned int)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t s = lng ? va_arg(ap, int64_t) : va_arg(ap, int);

			fmt_num(&b, s < 0 ? -(uint64_t)s : (uint64_t)s, 10,
				s < 0, width, pad);
			break;
		}
		case 'u':
		case 'x':
			v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
			fmt_num(&b, v, *fmt == 'u' ? 10 : 16, false, width, pad);
			break;
		case 'p':
			fmt_putc(&b, '0');
			fmt_putc(&b, 'x');
			fmt_num(&b, (uint64_t)va_arg(ap, void *), 16, false,
				width, pad);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (s && *s)
				fmt_putc(&b, *s++);
			break;
		}
		case 'c':
			fmt_putc(&b, (char)va_arg(ap, int));
			break;
		case '\0':
			fmt--;
			break;
		default:
			fmt_putc(&b, *fmt);
			break;
		}
	}
	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return (int)b.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
