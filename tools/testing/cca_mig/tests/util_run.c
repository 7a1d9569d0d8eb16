// SPDX-License-Identifier: GPL-2.0
/*
 * Raw-SMC host run loop for realm guests on the RMM model: see util_run.h.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cca_guest_abi.h"
#include "util_run.h"

#define GRANULE			RMM_GRANULE_SIZE
#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_ISV			(1UL << 24)
#define ESR_SAS(esr)		(((esr) >> 22) & 3)
#define ESR_WNR			(1UL << 6)
#define EC_WFX			0x01
#define EC_IABT_LOW		0x20
#define EC_DABT_LOW		0x24
#define UR_DEFAULT_RAM_EXTRA	(64 * 1024)

static uint64_t get64(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

void ur_read_exit(uint64_t run_pa, struct ur_exit *e)
{
	const uint8_t *p = ut_va(run_pa);
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->reason = p[RMI_REC_EXIT_REASON];
	e->esr = get64(p, RMI_REC_EXIT_ESR);
	e->far = get64(p, RMI_REC_EXIT_FAR);
	e->hpfar = get64(p, RMI_REC_EXIT_HPFAR);
	for (i = 0; i < 31; i++)
		e->gprs[i] = get64(p, RMI_REC_EXIT_GPRS + 8 * i);
	e->cntp_ctl = get64(p, RMI_REC_EXIT_CNTP_CTL);
	e->cntp_cval = get64(p, RMI_REC_EXIT_CNTP_CVAL);
	e->cntv_ctl = get64(p, RMI_REC_EXIT_CNTV_CTL);
	e->cntv_cval = get64(p, RMI_REC_EXIT_CNTV_CVAL);
	e->ripas_base = get64(p, RMI_REC_EXIT_RIPAS_BASE);
	e->ripas_top = get64(p, RMI_REC_EXIT_RIPAS_TOP);
	e->ripas_value = p[RMI_REC_EXIT_RIPAS_VALUE];
	e->imm = p[RMI_REC_EXIT_IMM] | (p[RMI_REC_EXIT_IMM + 1] << 8);
}

void ur_write_enter(uint64_t run_pa, uint64_t flags, const uint64_t *gprs)
{
	uint8_t *p = ut_va(run_pa);

	memcpy(p + RMI_REC_ENTER_FLAGS, &flags, sizeof(flags));
	if (gprs)
		memcpy(p + RMI_REC_ENTER_GPRS, gprs, 31 * sizeof(uint64_t));
	else
		memset(p + RMI_REC_ENTER_GPRS, 0, 31 * sizeof(uint64_t));
}

uint64_t ur_rec_enter(uint64_t rec_pa, uint64_t run_pa)
{
	return UT_SMC(NULL, SMC_RMI_REC_ENTER, rec_pa, run_pa);
}

static uint64_t mpidr_of(unsigned int index)
{
	return (index & 0xf) | ((uint64_t)(index >> 4) << 8);
}

uint64_t ur_rec_create(struct ut_realm *r, unsigned int index, uint64_t pc,
		       const uint64_t *gprs, bool runnable, uint64_t *rec_pa)
{
	uint64_t params = ut_alloc_granule(), rec = ut_alloc_delegated(1);
	uint8_t *p;
	uint64_t v, ret;

	*rec_pa = 0;
	if (!params || !rec) {
		ut_free_granule(params);
		if (rec)
			ut_undelegate_free(rec, 1);
		return RMI_ERROR_GLOBAL;
	}
	p = ut_va(params);
	v = runnable ? RMI_REC_PARAMS_FLAG_RUNNABLE : 0;
	memcpy(p + RMI_REC_PARAMS_FLAGS, &v, 8);
	v = mpidr_of(index);
	memcpy(p + RMI_REC_PARAMS_MPIDR, &v, 8);
	memcpy(p + RMI_REC_PARAMS_PC, &pc, 8);
	if (gprs)
		memcpy(p + RMI_REC_PARAMS_GPRS, gprs, 8 * 8);
	ret = UT_SMC(NULL, SMC_RMI_REC_CREATE, r->rd, rec, params);
	ut_free_granule(params);
	if (ret != RMI_SUCCESS) {
		printf("# ur: REC_CREATE(%u): 0x%llx\n", index,
		       (unsigned long long)ret);
		ut_undelegate_free(rec, 1);
		return ret;
	}
	ut_realm_track_rec(r, rec);
	*rec_pa = rec;
	return RMI_SUCCESS;
}

void *ur_load_guest(const char *name, size_t *len)
{
	char path[512];
	size_t cap = 0, n = 0;
	uint8_t *buf = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", GUEST_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		printf("# ur: cannot open %s\n", path);
		return NULL;
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			uint8_t *nb = realloc(buf, cap ? cap * 2 : 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

uint64_t ur_vm_create(struct ur_vm *vm, const struct ur_config *cfg)
{
	struct ut_realm_params p;
	uint64_t ret, base = CCA_GUEST_BASE_IPA;
	size_t len = 0;
	unsigned int i;
	void *img;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = *cfg;
	vm->nr_recs = cfg->nr_recs ? cfg->nr_recs : 1;
	if (vm->nr_recs > UR_MAX_RECS)
		return RMI_ERROR_INPUT;
	img = ur_load_guest(cfg->guest, &len);
	if (!img)
		return RMI_ERROR_GLOBAL;
	vm->image_size = (len + GRANULE - 1) & ~(uint64_t)(GRANULE - 1);
	vm->ram_base = base;
	vm->ram_size = cfg->ram_size ? cfg->ram_size :
		       vm->image_size + UR_DEFAULT_RAM_EXTRA;

	memset(&p, 0, sizeof(p));
	p.s2sz = cfg->s2sz ? cfg->s2sz : 40;
	memcpy(p.rpv, "cca-mig test realm", 18);
	ut_realm_init(&vm->r, &p);
	ret = ut_realm_create(&vm->r);
	if (ret == RMI_SUCCESS)
		ret = ut_init_ripas(&vm->r, base, base + vm->ram_size);
	if (ret == RMI_SUCCESS)
		ret = ut_populate(&vm->r, base, img, len, true);
	free(img);
	if (ret == RMI_SUCCESS && cfg->populate_ram &&
	    vm->ram_size > vm->image_size)
		ret = ut_data_map(&vm->r, base + vm->image_size,
				  (vm->ram_size - vm->image_size) / GRANULE);
	if (ret == RMI_SUCCESS && cfg->shared) {
		vm->shared_ipa = 1ULL << (p.s2sz - 1);
		vm->shared_pa = ut_alloc_granule();
		ret = vm->shared_pa ?
		      ut_unprot_map(&vm->r, vm->shared_ipa, vm->shared_pa, 1) :
		      RMI_ERROR_GLOBAL;
	}
	for (i = 0; ret == RMI_SUCCESS && i < vm->nr_recs; i++) {
		uint64_t gprs[8] = { vm->ram_base, vm->ram_size, i,
				     vm->nr_recs, vm->shared_ipa };
		bool runnable = !(cfg->not_runnable & (1U << i));

		ret = ur_rec_create(&vm->r, i, base, gprs, runnable,
				    &vm->rec[i]);
		vm->off[i] = !runnable;
		vm->run[i] = ret == RMI_SUCCESS ? ut_alloc_granule() : 0;
		if (ret == RMI_SUCCESS && !vm->run[i])
			ret = RMI_ERROR_GLOBAL;
	}
	if (ret == RMI_SUCCESS)
		ret = ut_realm_activate(&vm->r);
	return ret;
}

uint64_t ur_vm_destroy(struct ur_vm *vm)
{
	uint64_t ret = ut_realm_teardown(&vm->r);
	unsigned int i;

	for (i = 0; i < vm->nr_recs; i++)
		if (vm->run[i])
			ut_free_granule(vm->run[i]);
	if (vm->shared_pa)
		ut_free_granule(vm->shared_pa);
	memset(vm, 0, sizeof(*vm));
	return ret;
}

const struct ur_sync *ur_find_sync(const struct ur_vm *vm, unsigned int rec,
				   uint64_t stage)
{
	unsigned int i;

	for (i = 0; i < vm->nr_log; i++)
		if (vm->log[i].rec == rec && vm->log[i].stage == stage)
			return &vm->log[i];
	return NULL;
}

static int ur_fail(struct ur_vm *vm, unsigned int rec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ur_fail(struct ur_vm *vm, unsigned int rec, const char *fmt, ...)
{
	va_list ap;

	printf("# ur: %s REC %u: ", vm->cfg.guest, rec);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	vm->failed = true;
	return -1;
}

static void unpack_text(const uint64_t *gprs, char *out, size_t size)
{
	size_t n = CCA_GUEST_MSG_BYTES < size - 1 ? CCA_GUEST_MSG_BYTES :
		   size - 1;

	memcpy(out, &gprs[1], n);
	out[n] = '\0';
}

static int handle_host_call(struct ur_vm *vm, unsigned int i,
			    const struct ur_exit *e)
{
	const struct ur_ops *ops = vm->cfg.ops;
	uint64_t *results = vm->enter_gprs[i];
	char text[CCA_GUEST_MSG_BYTES + 1];

	vm->stats.host_calls++;
	switch (e->imm) {
	case CCA_GUEST_HC_SYNC:
		if (vm->nr_log < UR_MAX_LOG) {
			struct ur_sync *s = &vm->log[vm->nr_log++];

			s->rec = i;
			s->stage = e->gprs[0];
			memcpy(s->args, &e->gprs[1], sizeof(s->args));
		}
		if (ops && ops->sync &&
		    !ops->sync(vm, i, e->gprs[0], &e->gprs[1], results))
			return ur_fail(vm, i, "stage %" PRIu64 " rejected",
				       e->gprs[0]);
		return 0;
	case CCA_GUEST_HC_DONE:
		vm->done[i] = true;
		return 0;
	case CCA_GUEST_HC_PRINT:
		unpack_text(e->gprs, text, sizeof(text));
		printf("# guest %s[%u]: %s\n", vm->cfg.guest, i, text);
		snprintf(vm->last_print, sizeof(vm->last_print), "%s", text);
		return 0;
	case CCA_GUEST_HC_ASSERT:
		unpack_text(e->gprs, text, sizeof(text));
		printf("# guest %s[%u]: assertion failed: %s\n",
		       vm->cfg.guest, i, text);
		return ur_fail(vm, i, "GUEST_ASSERT at line %" PRIu64,
			       e->gprs[0]);
	case CCA_GUEST_HC_ABORT:
		printf("# guest %s[%u]: unexpected exception ESR 0x%llx FAR 0x%llx ELR 0x%llx vector %llu\n",
		       vm->cfg.guest, i, (unsigned long long)e->gprs[0],
		       (unsigned long long)e->gprs[1],
		       (unsigned long long)e->gprs[2],
		       (unsigned long long)e->gprs[3]);
		return ur_fail(vm, i, "guest abort, ESR 0x%" PRIx64,
			       e->gprs[0]);
	default:
		return ur_fail(vm, i, "unknown host call imm %u", e->imm);
	}
}

static bool ipa_is_protected(const struct ur_vm *vm, uint64_t ipa)
{
	return ipa < (1ULL << (vm->r.p.s2sz - 1));
}

static int handle_sync(struct ur_vm *vm, unsigned int i,
		       const struct ur_exit *e)
{
	const struct ur_ops *ops = vm->cfg.ops;
	unsigned int ec = ESR_EC(e->esr);
	uint64_t ipa = (e->hpfar >> 4) << 12, ret, val;

	if (ec == EC_WFX) {
		vm->stats.wfi++;
		return 0;
	}
	if (ec != EC_DABT_LOW && ec != EC_IABT_LOW)
		return ur_fail(vm, i, "unexpected sync exit, ESR 0x%" PRIx64,
			       e->esr);

	if (ipa_is_protected(vm, ipa)) {
		if (ipa < vm->ram_base || ipa >= vm->ram_base + vm->ram_size)
			return ur_fail(vm, i,
				       "abort at IPA 0x%" PRIx64 " outside RAM, ESR 0x%" PRIx64,
				       ipa, e->esr);
		/* The upstream host's fault-in: map a zeroed granule. */
		ret = ut_data_map(&vm->r, ipa, 1);
		if (ret != RMI_SUCCESS)
			return ur_fail(vm, i, "fault-in of 0x%" PRIx64 ": 0x%" PRIx64,
				       ipa, ret);
		vm->stats.fault_ins++;
		if (ec == EC_IABT_LOW)
			vm->stats.iabt_fault_ins++;
		return 0;
	}

	if (ec == EC_DABT_LOW && (e->esr & ESR_ISV)) {
		bool write = e->esr & ESR_WNR;
		unsigned int size = 1U << ESR_SAS(e->esr);

		val = write ? e->gprs[0] : 0;
		if (ops && ops->mmio &&
		    ops->mmio(vm, i, ipa | (e->far & (GRANULE - 1)), write,
			      size, &val)) {
			vm->stats.mmio++;
			vm->enter_flags[i] |= RMI_REC_ENTER_FLAG_EMULATED_MMIO;
			vm->enter_gprs[i][0] = val;
			return 0;
		}
	}
	vm->stats.sea_injected++;
	vm->enter_flags[i] |= RMI_REC_ENTER_FLAG_INJECT_SEA;
	return 0;
}

/* RTT_DATA_UNMAP [@base, @top), undelegating and freeing the granules. */
static uint64_t unmap_range(struct ur_vm *vm, uint64_t base, uint64_t top)
{
	struct rmm_smc_regs o;
	uint64_t ret;

	while (base < top) {
		ret = UT_SMC(&o, SMC_RMI_RTT_DATA_UNMAP, vm->r.rd, base, top,
			     RMI_ADDR_TYPE_SINGLE, 0);
		if (UT_STATUS(ret) == RMI_ERROR_RTT) {
			/* Nothing mapped at this level: skip the entry. */
			int level = (int)UT_INDEX(ret);
			uint64_t size = 1ULL << (12 + 9 * (3 - level));

			base = (base | (size - 1)) + 1;
			continue;
		}
		if (ret != RMI_SUCCESS)
			return ret;
		if (o.a[2]) {
			ret = ut_undelegate_free(RMI_ADDR_RANGE_ADDR(o.a[2]),
						 RMI_ADDR_RANGE_COUNT(o.a[2]));
			if (ret != RMI_SUCCESS)
				return ret;
		}
		base = o.a[1];
	}
	return RMI_SUCCESS;
}

static int handle_ripas(struct ur_vm *vm, unsigned int i,
			const struct ur_exit *e)
{
	const struct ur_ops *ops = vm->cfg.ops;
	uint64_t base = e->ripas_base, top = e->ripas_top, ret;
	struct rmm_smc_regs o;
	bool accept;

	vm->stats.ripas_changes++;
	if (ops && ops->ripas)
		accept = ops->ripas(vm, i, base, top, e->ripas_value);
	else
		accept = base >= vm->ram_base &&
			 top <= vm->ram_base + vm->ram_size;
	if (!accept) {
		vm->stats.ripas_rejects++;
		vm->enter_flags[i] |= RMI_REC_ENTER_FLAG_RIPAS_RESPONSE;
		return 0;
	}
	while (base < top) {
		ret = UT_SMC(&o, SMC_RMI_RTT_SET_RIPAS, vm->r.rd, vm->rec[i],
			     base, top);
		if (ret == RMI_SUCCESS) {
			if (e->ripas_value == RIPAS_EMPTY) {
				ret = unmap_range(vm, base, o.a[1]);
				if (ret != RMI_SUCCESS)
					return ur_fail(vm, i,
						       "unmap for EMPTY: 0x%" PRIx64,
						       ret);
			}
			base = o.a[1];
			continue;
		}
		if (UT_STATUS(ret) != RMI_ERROR_RTT || UT_INDEX(ret) >= 3 ||
		    ut_rtt_create(&vm->r, base, (int)UT_INDEX(ret) + 1))
			return ur_fail(vm, i, "RTT_SET_RIPAS at 0x%" PRIx64 ": 0x%" PRIx64,
				       base, ret);
	}
	return 0;
}

static int handle_psci(struct ur_vm *vm, unsigned int i,
		       const struct ur_exit *e)
{
	const struct ur_ops *ops = vm->cfg.ops;
	uint64_t fid = e->gprs[0], status = PSCI_RET_SUCCESS, ret;
	unsigned int target;

	vm->stats.psci++;
	switch (fid) {
	case PSCI_CPU_ON:
	case PSCI_CPU_ON & ~0x40000000UL:
		target = (unsigned int)((e->gprs[1] & 0xf) |
					((e->gprs[1] >> 8 & 0xff) << 4));
		if (target >= vm->nr_recs)
			return ur_fail(vm, i, "CPU_ON of REC %u", target);
		if (ops && ops->cpu_on)
			status = ops->cpu_on(vm, i, target);
		ret = UT_SMC(NULL, SMC_RMI_PSCI_COMPLETE, vm->rec[i], status);
		if (ret != RMI_SUCCESS)
			return ur_fail(vm, i, "PSCI_COMPLETE: 0x%" PRIx64, ret);
		if (status == PSCI_RET_SUCCESS)
			vm->off[target] = false;
		return 0;
	case PSCI_CPU_OFF:
		vm->off[i] = true;
		return 0;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		vm->system_off = true;
		return 0;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND & ~0x40000000UL:
		return 0;
	default:
		return ur_fail(vm, i, "unexpected PSCI exit 0x%" PRIx64, fid);
	}
}

static int run_one(struct ur_vm *vm, unsigned int i)
{
	uint64_t flags = vm->enter_flags[i], ret;
	struct ur_exit e;

	if (vm->cfg.trap_wfi)
		flags |= RMI_REC_ENTER_FLAG_TRAP_WFI;
	ur_write_enter(vm->run[i], flags, vm->enter_gprs[i]);
	vm->enter_flags[i] = 0;
	memset(vm->enter_gprs[i], 0, sizeof(vm->enter_gprs[i]));
	ret = ur_rec_enter(vm->rec[i], vm->run[i]);
	if (ret != RMI_SUCCESS)
		return ur_fail(vm, i, "REC_ENTER: 0x%" PRIx64, ret);
	vm->stats.exits++;
	ur_read_exit(vm->run[i], &e);
	switch (e.reason) {
	case RMI_EXIT_HOST_CALL:
		return handle_host_call(vm, i, &e);
	case RMI_EXIT_SYNC:
		return handle_sync(vm, i, &e);
	case RMI_EXIT_IRQ:
		vm->stats.irq++;
		return 0;
	case RMI_EXIT_RIPAS_CHANGE:
		return handle_ripas(vm, i, &e);
	case RMI_EXIT_PSCI:
		return handle_psci(vm, i, &e);
	default:
		return ur_fail(vm, i, "unexpected exit reason %u", e.reason);
	}
}

int ur_vm_run(struct ur_vm *vm, unsigned int max_exits)
{
	while (vm->stats.exits < max_exits) {
		bool ran = false, all_done = true;
		unsigned int i;

		for (i = 0; i < vm->nr_recs; i++) {
			if (vm->system_off)
				return 0;
			if (vm->done[i] || vm->off[i])
				continue;
			ran = true;
			if (run_one(vm, i))
				return -1;
		}
		for (i = 0; i < vm->nr_recs; i++)
			if (!vm->done[i] && !vm->off[i])
				all_done = false;
		if (vm->system_off || all_done)
			return 0;
		if (!ran)
			return ur_fail(vm, 0, "no REC can run");
	}
	return ur_fail(vm, 0, "no completion after %u exits", max_exits);
}
