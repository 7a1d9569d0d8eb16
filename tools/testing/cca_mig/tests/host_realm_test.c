// SPDX-License-Identifier: GPL-2.0
/*
 * Realms through the host stand-in (host/cca_host.c), as KVM would drive
 * them: create, populate from a real AArch64 guest image, set RIPAS,
 * create RECs, activate, run every REC to completion handling each exit,
 * and tear down. Every test ends with no granule left delegated and no
 * shim allocation left (checked by the suite's teardown).
 *
 * Guests are the images in GUEST_DIR (built from guest/NAME.c); what each reports is
 * described at the top of its source.
 */
#include <linux/arm-rmi-cmds.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <asm/esr.h>
#include <uapi/linux/psci.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cca_host.h"
#include "shim.h"
#include "test.h"

#define REALM_TEST_DRAM		(64UL << 20)
#define TEST_RAM_SIZE		(2UL << 20)
#define RUN_BUDGET		200000UL
#define MAX_LOGGED		64

struct guest_image {
	void *data;
	size_t len;
};

static bool load_guest(const char *name, struct guest_image *img)
{
	char path[512];
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", GUEST_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		printf("# cannot open guest image %s\n", path);
		return false;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	img->data = malloc(len > 0 ? len : 1);
	img->len = len > 0 ? len : 0;
	if (!img->data || fread(img->data, 1, img->len, f) != img->len) {
		fclose(f);
		free(img->data);
		return false;
	}
	fclose(f);
	return true;
}

/* Events for the caller (logged) and every handled exit (counted). */
struct run_log {
	unsigned int nr;
	struct cca_event ev[MAX_LOGGED];
	unsigned long counts[CCA_EV_NR_TYPES];
	unsigned long fault_ipas[MAX_LOGGED];
	unsigned int nr_faults;
	struct cca_event ripas[8];
	unsigned int nr_ripas;
};

/* The realm being tested; destroyed by the teardown if a test fails. */
static struct cca_realm *cur;

static void destroy_cur(void)
{
	cca_realm_destroy(cur);
	cur = NULL;
}

/*
 * The hello guest's host call round trip (stage 5): it sends 41 and expects
 * 42 in gprs[0] and 0x30 in gprs[30] back.
 */
static void answer_hello(struct cca_realm *realm, const struct cca_event *ev)
{
	if (ev->type == CCA_EV_SYNC && ev->gprs[0] == 5 && ev->gprs[1] == 41) {
		cca_rec_host_call_reply(&realm->recs[ev->rec], 0, 42);
		cca_rec_host_call_reply(&realm->recs[ev->rec], 30, 0x30);
	}
}

static int log_event(struct cca_realm *realm, const struct cca_event *ev,
		     void *priv)
{
	struct run_log *log = priv;

	answer_hello(realm, ev);
	if (log->nr < MAX_LOGGED)
		log->ev[log->nr++] = *ev;
	if (ev->type == CCA_EV_ASSERT || ev->type == CCA_EV_ABORT)
		printf("# REC %u %s: %s (x0 %#llx)\n", ev->rec,
		       cca_event_name(ev->type), ev->msg,
		       (unsigned long long)ev->gprs[0]);
	return 0;
}

static void trace_event(void *priv, const struct cca_event *ev)
{
	struct run_log *log = priv;

	log->counts[ev->type]++;
	if (ev->type == CCA_EV_FAULT_IN && log->nr_faults < MAX_LOGGED)
		log->fault_ipas[log->nr_faults++] = ev->ipa;
	if (ev->type == CCA_EV_RIPAS_CHANGE && log->nr_ripas < 8)
		log->ripas[log->nr_ripas++] = *ev;
}

static const struct cca_event *find_event(const struct run_log *log,
					  enum cca_event_type type,
					  unsigned int rec, u64 value)
{
	unsigned int i;

	for (i = 0; i < log->nr; i++)
		if (log->ev[i].type == type && log->ev[i].rec == rec &&
		    (type != CCA_EV_SYNC || log->ev[i].gprs[0] == value))
			return &log->ev[i];
	return NULL;
}

static unsigned int count_events(const struct run_log *log,
				 enum cca_event_type type)
{
	unsigned int i, n = 0;

	for (i = 0; i < log->nr; i++)
		n += log->ev[i].type == type;
	return n;
}

static bool fault_logged(const struct run_log *log, u64 ipa)
{
	unsigned int i;

	for (i = 0; i < log->nr_faults; i++)
		if (log->fault_ipas[i] == ipa)
			return true;
	return false;
}

/* Boot @name on a realm of @nr_recs RECs with TEST_RAM_SIZE of RAM. */
static struct cca_realm *boot_guest(const char *name, unsigned int nr_recs,
				    unsigned int shared_pages,
				    struct run_log *log)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = nr_recs,
		.shared_pages = shared_pages,
	};
	struct guest_image img;
	struct cca_realm *realm;
	int ret;

	if (!load_guest(name, &img))
		return NULL;
	ret = cca_realm_boot(&cfg, img.data, img.len, &realm);
	free(img.data);
	if (ret) {
		printf("# booting %s: %d\n", name, ret);
		return NULL;
	}
	memset(log, 0, sizeof(*log));
	cca_realm_set_trace(realm, trace_event, log);
	cur = realm;
	return realm;
}

static bool all_recs_done(const struct cca_realm *realm)
{
	unsigned int i;

	for (i = 0; i < realm->cfg.nr_recs; i++)
		if (!realm->recs[i].done || realm->recs[i].failed)
			return false;
	return true;
}

static bool suite_setup(void)
{
	return shim_model_init(REALM_TEST_DRAM) == 0 &&
	       cca_host_rmi_init() == 0;
}

static bool suite_teardown(void)
{
	unsigned long delegated;
	bool ok = true;
	long leaked;

	destroy_cur();
	delegated = shim_model_granules_delegated();
	if (shim_nr_warnings()) {
		printf("# %lu unexpected WARN(s)\n", shim_nr_warnings());
		ok = false;
	}
	if (shim_locks_held()) {
		printf("# %u lock(s) still held\n", shim_locks_held());
		ok = false;
	}
	if (delegated) {
		printf("# %lu granule(s) still delegated\n", delegated);
		ok = false;
	}
	leaked = shim_model_fini();
	if (leaked) {
		printf("# %ld object(s), page(s) or granule(s) leaked\n",
		       leaked);
		ok = false;
	}
	return ok;
}

/* ---------------------------------------------------------------------- */

static void test_hello(void)
{
	const struct cca_event *ev;
	struct cca_realm *realm;
	struct run_log log;
	u8 rim[64];
	u64 rim0;

	realm = boot_guest("hello", 2, 0, &log);
	ASSERT_TRUE(realm);
	ASSERT_EQ(realm->state, CCA_REALM_ACTIVE);
	ASSERT_GT(realm->stats.populated, 0);
	ASSERT_EQ(shim_model_granules_in("REC"), 2);
	ASSERT_EQ(shim_model_granules_in("RD"), 1);

	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_TRUE(all_recs_done(realm));
	ASSERT_TRUE(find_event(&log, CCA_EV_DONE, 0, 0));
	ASSERT_TRUE(find_event(&log, CCA_EV_DONE, 1, 0));
	ASSERT_EQ(count_events(&log, CCA_EV_ASSERT), 0);

	ev = find_event(&log, CCA_EV_SYNC, 0, 1);	/* RSI_VERSION */
	ASSERT_TRUE(ev);
	ev = find_event(&log, CCA_EV_SYNC, 0, 2);	/* RSI_REALM_CONFIG */
	ASSERT_TRUE(ev);
	ASSERT_EQ(ev->gprs[1], CCA_DEFAULT_IA_BITS);
	ASSERT_EQ(ev->gprs[2], RMI_HASH_SHA_256);
	/* The realm reads the measurement the host built. */
	ev = find_event(&log, CCA_EV_SYNC, 0, 3);
	ASSERT_TRUE(ev);
	ASSERT_TRUE(shim_model_realm_rim(realm->rd_phys, rim));
	memcpy(&rim0, rim, sizeof(rim0));
	ASSERT_EQ(ev->gprs[1], rim0);
	ev = find_event(&log, CCA_EV_SYNC, 0, 4);
	ASSERT_TRUE(ev);
	ASSERT_EQ(ev->gprs[1], 0x10001);		/* PSCI 1.1 */
	/* The host answered the guest's host call (see answer_hello()). */
	ev = find_event(&log, CCA_EV_SYNC, 0, 5);
	ASSERT_TRUE(ev);
	ASSERT_EQ(ev->gprs[1], 41);
	ev = find_event(&log, CCA_EV_PRINT, 0, 0);
	ASSERT_TRUE(ev);
	ASSERT_EQ(strcmp(ev->msg, "hello from REC 0 of 2"), 0);

	/* The whole image, stacks included, was populated and measured. */
	ASSERT_EQ(realm->stats.faulted_in, 0);
	ASSERT_EQ(shim_model_granules_in("DATA"), realm->stats.populated);
	ASSERT_GT(log.counts[CCA_EV_IRQ], 0);	/* the WFI */

	destroy_cur();
	/* Teardown returned every granule and freed every allocation. */
	ASSERT_EQ(shim_model_granules_delegated(), 0);
	ASSERT_EQ(shim_nr_allocated(), 0);
	ASSERT_EQ(shim_nr_pages_allocated(), 0);
}

static u64 multi_rec_pattern(unsigned int rec, unsigned int i)
{
	return ((u64)(rec + 1) << 56) ^ ((u64)i * 0x9e3779b97f4a7c15ULL);
}

static void test_multi_rec(void)
{
	const struct cca_event *ev;
	struct cca_realm *realm;
	struct run_log log;

	realm = boot_guest("multi_rec", 2, 0, &log);
	ASSERT_TRUE(realm);
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_TRUE(all_recs_done(realm));
	ev = find_event(&log, CCA_EV_SYNC, 0, 1);
	ASSERT_TRUE(ev);
	ASSERT_EQ(ev->gprs[1], 2);
	ASSERT_EQ(ev->gprs[2], multi_rec_pattern(0, 1) +
			       multi_rec_pattern(1, 1));
	/* The RECs spun on each other's flags across slices. */
	ASSERT_GT(log.counts[CCA_EV_IRQ], 0);
	destroy_cur();
}

struct rec_thread {
	struct cca_rec *rec;
	int ret;
	unsigned int syncs;
};

/* One thread per REC, as a VMM runs one thread per vCPU. */
static void *rec_thread(void *arg)
{
	struct rec_thread *t = arg;
	struct cca_event ev;

	for (;;) {
		t->ret = cca_rec_run(t->rec, &ev, RUN_BUDGET);
		if (t->ret)
			return NULL;
		switch (ev.type) {
		case CCA_EV_SYNC:
			t->syncs++;
			break;
		case CCA_EV_DONE:
			return NULL;
		default:
			t->ret = -EFAULT;
			printf("# REC %u: %s %s\n", ev.rec,
			       cca_event_name(ev.type), ev.msg);
			return NULL;
		}
	}
}

static void test_multi_rec_threads(void)
{
	struct rec_thread t[4] = { 0 };
	pthread_t tid[4];
	struct cca_realm *realm;
	struct run_log log;
	unsigned int i;

	realm = boot_guest("multi_rec", 4, 0, &log);
	ASSERT_TRUE(realm);
	for (i = 0; i < 4; i++) {
		t[i].rec = &realm->recs[i];
		ASSERT_EQ(pthread_create(&tid[i], NULL, rec_thread, &t[i]), 0);
	}
	for (i = 0; i < 4; i++)
		pthread_join(tid[i], NULL);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(t[i].ret, 0);
	ASSERT_EQ(t[0].syncs, 1);
	ASSERT_TRUE(all_recs_done(realm));
	destroy_cur();
}

static void test_fault_in(void)
{
	u64 top = CCA_GUEST_BASE_IPA + TEST_RAM_SIZE;
	struct cca_realm *realm;
	struct run_log log;
	unsigned int i;

	realm = boot_guest("fault_in", 1, 0, &log);
	ASSERT_TRUE(realm);
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_TRUE(all_recs_done(realm));
	for (i = 1; i <= 5; i++) {
		ASSERT_TRUE(find_event(&log, CCA_EV_SYNC, 0, i));
		/* Each page was mapped by the host on its first access. */
		ASSERT_TRUE(fault_logged(&log, top - i * PAGE_SIZE));
	}
	ASSERT_GE(realm->stats.faulted_in, 5);
	destroy_cur();
}

static void test_ripas_empty_aborts(void)
{
	u64 top = CCA_GUEST_BASE_IPA + TEST_RAM_SIZE;
	const struct cca_event *ev;
	struct cca_realm *realm;
	struct run_log log;
	unsigned int i;

	realm = boot_guest("ripas_empty", 1, 0, &log);
	ASSERT_TRUE(realm);
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_TRUE(all_recs_done(realm));
	ev = find_event(&log, CCA_EV_SYNC, 0, 1);
	ASSERT_TRUE(ev);
	/* Data abort, synchronous external abort, reported by the guest. */
	ASSERT_EQ(ESR_ELx_EC(ev->gprs[1]), ESR_ELx_EC_DABT_CUR);
	ASSERT_EQ(ev->gprs[1] & ESR_ELx_FSC, ESR_ELx_FSC_EXTABT);
	ASSERT_EQ(ev->gprs[2], top + 0x10);
	for (i = 2; i <= 5; i++)
		ASSERT_TRUE(find_event(&log, CCA_EV_SYNC, 0, i));
	/* The RMM injected those aborts: none reached the host. */
	for (i = 0; i < log.nr_faults; i++)
		ASSERT_LT(log.fault_ipas[i], top);
	ASSERT_EQ(log.counts[CCA_EV_MMIO], 0);
	destroy_cur();
}

static void test_ripas_change(void)
{
	u64 top = CCA_GUEST_BASE_IPA + TEST_RAM_SIZE;
	u64 base = top - 4 * PAGE_SIZE;
	struct cca_realm *realm;
	struct run_log log;
	unsigned int i;

	realm = boot_guest("ripas_change", 1, 0, &log);
	ASSERT_TRUE(realm);
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_TRUE(all_recs_done(realm));
	for (i = 1; i <= 5; i++)
		ASSERT_TRUE(find_event(&log, CCA_EV_SYNC, 0, i));

	ASSERT_GE(log.nr_ripas, 3);
	/* RAM -> EMPTY: accepted, the four pages unmapped and returned. */
	ASSERT_EQ(log.ripas[0].ipa, base);
	ASSERT_EQ(log.ripas[0].top, top);
	ASSERT_EQ(log.ripas[0].ripas, RMI_EMPTY);
	ASSERT_FALSE(log.ripas[0].rejected);
	ASSERT_GE(realm->stats.unmapped, 4);
	/* EMPTY -> RAM: accepted; the page is faulted in again, zeroed. */
	ASSERT_EQ(log.ripas[1].ripas, RMI_RAM);
	ASSERT_FALSE(log.ripas[1].rejected);
	/* Past the end of RAM: refused by the host. */
	ASSERT_EQ(log.ripas[2].ipa, top);
	ASSERT_TRUE(log.ripas[2].rejected);
	destroy_cur();
}

static void test_ripas_change_refused(void)
{
	const struct cca_event *ev;
	struct cca_realm *realm;
	struct run_log log;

	realm = boot_guest("ripas_change", 1, 0, &log);
	ASSERT_TRUE(realm);
	realm->reject_ripas = true;
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_EQ(log.nr_ripas, 2);
	/* Giving memory up cannot be refused... */
	ASSERT_EQ(log.ripas[0].ripas, RMI_EMPTY);
	ASSERT_FALSE(log.ripas[0].rejected);
	ASSERT_GE(realm->stats.unmapped, 4);
	/* ... getting it back can, and the guest did not expect that. */
	ASSERT_EQ(log.ripas[1].ripas, RMI_RAM);
	ASSERT_TRUE(log.ripas[1].rejected);
	ASSERT_TRUE(realm->recs[0].failed);
	ev = find_event(&log, CCA_EV_ASSERT, 0, 0);
	ASSERT_TRUE(ev);
	ASSERT_TRUE(strstr(ev->msg, "ret == 0"));
	destroy_cur();
}

static long deny_first_cpu_on(void *priv, struct cca_rec *caller,
			      struct cca_rec *target)
{
	unsigned int *calls = priv;

	return (*calls)++ ? PSCI_RET_SUCCESS : PSCI_RET_DENIED;
}

static void test_psci(void)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = 2,
		.secondaries_off = true,
	};
	const struct cca_event *ev;
	struct guest_image img;
	unsigned int cpu_on_calls = 0;
	struct run_log log = { 0 };
	int ret;

	ASSERT_TRUE(load_guest("psci", &img));
	ret = cca_realm_boot(&cfg, img.data, img.len, &cur);
	free(img.data);
	ASSERT_EQ(ret, 0);
	ASSERT_TRUE(cur->recs[0].runnable);
	ASSERT_FALSE(cur->recs[1].runnable);
	cca_realm_set_trace(cur, trace_event, &log);
	cca_realm_set_cpu_on(cur, deny_first_cpu_on, &cpu_on_calls);

	ASSERT_EQ(cca_realm_run(cur, RUN_BUDGET, log_event, &log), 0);
	/* The first CPU_ON was denied by the host, the retry granted. */
	ev = find_event(&log, CCA_EV_SYNC, 0, 1);
	ASSERT_TRUE(ev);
	ASSERT_EQ((long)ev->gprs[1], PSCI_RET_DENIED);
	ASSERT_TRUE((long)ev->gprs[2] == PSCI_RET_SUCCESS ||
		    (long)ev->gprs[2] == PSCI_RET_ALREADY_ON);
	/* REC 1 ran twice from its entry point and turned itself off. */
	ASSERT_TRUE(find_event(&log, CCA_EV_SYNC, 1, 11));
	ASSERT_TRUE(find_event(&log, CCA_EV_SYNC, 1, 12));
	ASSERT_EQ(count_events(&log, CCA_EV_CPU_OFF), 2);
	ASSERT_FALSE(cur->recs[1].runnable);
	ev = find_event(&log, CCA_EV_SYNC, 0, 2);
	ASSERT_TRUE(ev);
	ASSERT_EQ(ev->gprs[1], 2);
	/* Then REC 0 switched the realm off. */
	ASSERT_TRUE(find_event(&log, CCA_EV_SYSTEM_OFF, 0, 0));
	ASSERT_EQ(cur->state, CCA_REALM_SYSTEM_OFF);
	/* Three CPU_ONs reached the host; each CPU_OFF was reported. */
	ASSERT_EQ(cpu_on_calls, 3);
	ASSERT_EQ(log.counts[CCA_EV_PSCI], 3);
	ASSERT_EQ(count_events(&log, CCA_EV_ASSERT), 0);
	destroy_cur();
}

struct mmio_log {
	unsigned int reads, writes;
	u64 written;
	u64 mmio_base;
};

static u64 mmio_emulate(void *priv, const struct cca_event *ev)
{
	struct mmio_log *m = priv;

	if (ev->write) {
		m->writes++;
		m->written = ev->val;
		return 0;
	}
	m->reads++;
	switch (ev->ipa - m->mmio_base) {
	case 0x2:
		return 0x8001;
	case 0x18:
		return 0x1122334455667788ULL;
	case 0x20:
		return 0x88;
	default:
		return 0;
	}
}

static int mmio_guest_events(struct cca_realm *realm,
			     const struct cca_event *ev, void *priv)
{
	u64 *shared;

	/* Stage 1: the guest wrote the shared page; answer in word 4. */
	if (ev->type == CCA_EV_SYNC && ev->gprs[0] == 1) {
		shared = cca_realm_shared_va(realm, realm->shared_base);
		if (!shared || shared[0] != 0x5ade || shared[1] != 0x5ade0001)
			return -EINVAL;
		shared[4] = 0xfeedface;
	}
	return log_event(realm, ev, priv);
}

static void test_mmio_and_shared(void)
{
	struct mmio_log m = { 0 };
	const struct cca_event *ev;
	struct cca_realm *realm;
	struct run_log log;

	realm = boot_guest("mmio", 1, 1, &log);
	ASSERT_TRUE(realm);
	ASSERT_TRUE(realm->shared_base);
	m.mmio_base = realm->shared_base + 16 * PAGE_SIZE;
	cca_realm_set_mmio(realm, mmio_emulate, &m);
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, mmio_guest_events, &log),
		  0);
	ASSERT_TRUE(all_recs_done(realm));
	ASSERT_EQ(realm->stats.shared_mapped, 1);
	ASSERT_EQ(m.writes, 1);
	ASSERT_EQ(m.written, 0x12345678);
	ASSERT_EQ(m.reads, 3);
	/* The LDP could not be emulated: the host injected an SEA. */
	ev = find_event(&log, CCA_EV_SYNC, 0, 2);
	ASSERT_TRUE(ev);
	ASSERT_EQ(ev->gprs[2], m.mmio_base + 0x30);
	destroy_cur();
}

/* ---------------------------------------------------------------------- */

static int boot_hello(struct cca_realm **out)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = 2,
	};
	struct guest_image img;
	int ret;

	if (!load_guest("hello", &img))
		return -ENOENT;
	ret = cca_realm_boot(&cfg, img.data, img.len, out);
	free(img.data);
	if (!ret)
		cur = *out;
	return ret;
}

static bool nothing_left(void)
{
	unsigned long delegated = shim_model_granules_delegated();

	if (delegated || shim_nr_allocated() || shim_nr_pages_allocated()) {
		printf("# left: %lu granules, %ld objects, %ld pages\n",
		       delegated, shim_nr_allocated(),
		       shim_nr_pages_allocated());
		return false;
	}
	return true;
}

static void test_alloc_failure_unwinds(void)
{
	struct cca_realm *realm;
	unsigned long calls, i;
	int ret;

	calls = shim_nr_alloc_calls();
	ASSERT_EQ(boot_hello(&realm), 0);
	calls = shim_nr_alloc_calls() - calls;
	destroy_cur();
	ASSERT_TRUE(nothing_left());
	ASSERT_GT(calls, 10);

	/* Fail each allocation of realm creation in turn. */
	for (i = 1; i <= calls; i++) {
		realm = NULL;
		shim_fail_alloc_nth(i);
		ret = boot_hello(&realm);
		shim_fail_alloc_nth(0);
		if (ret != -ENOMEM)
			TEST_FAIL("allocation %lu of %lu: boot returned %d",
				  i, calls, ret);
		if (!nothing_left())
			TEST_FAIL("allocation %lu of %lu: not unwound", i,
				  calls);
	}
	ASSERT_EQ(shim_nr_alloc_failed(), calls);
}

static void test_alloc_failure_at_run(void)
{
	struct cca_realm *realm;
	struct run_log log;
	int ret;

	realm = boot_guest("fault_in", 1, 0, &log);
	ASSERT_TRUE(realm);
	/* The first fault-in cannot get its page. */
	shim_fail_alloc_nth(1);
	ret = cca_realm_run(realm, RUN_BUDGET, log_event, &log);
	shim_fail_alloc_nth(0);
	ASSERT_EQ(ret, -ENOMEM);
	ASSERT_EQ(realm->stats.faulted_in, 0);
	/* The REC carries on once memory is back. */
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_TRUE(all_recs_done(realm));
	ASSERT_GE(realm->stats.faulted_in, 5);
	destroy_cur();
}

static void test_rmi_failure_unwinds(void)
{
	static const struct {
		u64 fid;
		u64 status;
	} cases[] = {
		{ SMC_RMI_REALM_CREATE, RMI_ERROR_INPUT },
		{ SMC_RMI_GRANULE_RANGE_DELEGATE, RMI_ERROR_INPUT },
		{ SMC_RMI_RTT_CREATE, RMI_ERROR_INPUT },
		{ SMC_RMI_RTT_DATA_MAP_INIT, RMI_ERROR_INPUT },
		{ SMC_RMI_RTT_INIT_RIPAS, RMI_ERROR_REALM },
		{ SMC_RMI_REC_CREATE, RMI_ERROR_INPUT },
		{ SMC_RMI_REALM_ACTIVATE, RMI_ERROR_REALM },
	};
	struct cca_realm *realm;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		shim_model_inject_status(cases[i].fid, cases[i].status, 1);
		ret = boot_hello(&realm);
		shim_model_inject_status(0, 0, 0);
		if (ret != -ENXIO)
			TEST_FAIL("case %u (fid %#llx): boot returned %d", i,
				  (unsigned long long)cases[i].fid, ret);
		if (!nothing_left())
			TEST_FAIL("case %u: not unwound", i);
	}
}

static void test_lifecycle_errors(void)
{
	static const struct cca_realm_config bad[] = {
		{ .ram_size = 0, .nr_recs = 1 },
		{ .ram_size = 4097, .nr_recs = 1 },
		{ .ram_base = 0x80000800, .ram_size = 4096, .nr_recs = 1 },
		{ .ram_size = 4096, .nr_recs = 0 },
		{ .ram_size = 4096, .nr_recs = CCA_GUEST_MAX_RECS + 1 },
		{ .ia_bits = 31, .ram_size = 4096, .nr_recs = 1 },
		{ .ia_bits = 49, .ram_size = 4096, .nr_recs = 1 },
		{ .ia_bits = 32, .ram_size = 4096, .nr_recs = 1 },
		{ .ram_size = 4096, .nr_recs = 1, .hash_algo = 7 },
	};
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = 2,
		.secondaries_off = true,
	};
	struct cca_event ev;
	struct cca_realm *realm;
	struct guest_image img;
	struct run_log log;
	unsigned int i;
	u8 page[16] = { 0 };

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		realm = cca_realm_create(&bad[i]);
		if (PTR_ERR_OR_ZERO(realm) != -EINVAL)
			TEST_FAIL("config %u: %ld", i, PTR_ERR(realm));
	}

	realm = cca_realm_create(&cfg);
	ASSERT_FALSE(IS_ERR(realm));
	cur = realm;
	/* Not active yet: no REC runs. */
	ASSERT_EQ(cca_realm_activate(realm), -EBUSY);
	ASSERT_EQ(cca_realm_populate(realm, CCA_GUEST_BASE_IPA + 1, page, 16,
				     true), -EINVAL);
	ASSERT_EQ(cca_realm_populate(realm, CCA_GUEST_BASE_IPA +
				     TEST_RAM_SIZE, page, 16, true), -EINVAL);
	ASSERT_TRUE(load_guest("hello", &img));
	ASSERT_EQ(cca_realm_populate(realm, CCA_GUEST_BASE_IPA, img.data,
				     img.len, true), 0);
	free(img.data);
	/* Populating a page twice is refused. */
	ASSERT_EQ(cca_realm_populate(realm, CCA_GUEST_BASE_IPA, page, 16,
				     true), -EEXIST);
	ASSERT_EQ(cca_realm_init_ripas(realm, CCA_GUEST_BASE_IPA,
				       TEST_RAM_SIZE), 0);
	ASSERT_EQ(cca_realm_create_recs(realm), 0);
	ASSERT_EQ(cca_realm_create_recs(realm), -EBUSY);
	ASSERT_EQ(cca_rec_step(&realm->recs[0], &ev), -EINVAL);
	ASSERT_EQ(cca_realm_activate(realm), 0);
	ASSERT_EQ(cca_realm_activate(realm), -EBUSY);
	ASSERT_EQ(cca_realm_populate(realm, CCA_GUEST_BASE_IPA, page, 16,
				     true), -EBUSY);
	ASSERT_EQ(cca_realm_init_ripas(realm, CCA_GUEST_BASE_IPA,
				       PAGE_SIZE), -EBUSY);
	/* REC 1 was created off and nothing started it. */
	ASSERT_EQ(cca_rec_step(&realm->recs[1], &ev), -EAGAIN);
	/* A run that outlasts its budget stops. */
	memset(&log, 0, sizeof(log));
	ASSERT_EQ(cca_realm_run(realm, 3, log_event, &log), -ETIME);
	ASSERT_EQ(cca_realm_run(realm, RUN_BUDGET, log_event, &log), 0);
	ASSERT_TRUE(realm->recs[0].done);
	ASSERT_FALSE(realm->recs[1].done);
	destroy_cur();
}

static void test_teardown_mid_run(void)
{
	struct cca_realm *realm;
	struct run_log log;

	realm = boot_guest("multi_rec", 3, 0, &log);
	ASSERT_TRUE(realm);
	ASSERT_EQ(cca_realm_run(realm, 2, log_event, &log), -ETIME);
	ASSERT_FALSE(all_recs_done(realm));
	ASSERT_GT(shim_model_granules_in("RTT"), realm->rtt_num_start);
	destroy_cur();
	ASSERT_TRUE(nothing_left());
}

static const struct test_case cases[] = {
	TEST_CASE(test_hello),
	TEST_CASE(test_multi_rec),
	TEST_CASE(test_multi_rec_threads),
	TEST_CASE(test_fault_in),
	TEST_CASE(test_ripas_empty_aborts),
	TEST_CASE(test_ripas_change),
	TEST_CASE(test_ripas_change_refused),
	TEST_CASE(test_mmio_and_shared),
	TEST_CASE(test_psci),
	TEST_CASE(test_alloc_failure_unwinds),
	TEST_CASE(test_alloc_failure_at_run),
	TEST_CASE(test_rmi_failure_unwinds),
	TEST_CASE(test_lifecycle_errors),
	TEST_CASE(test_teardown_mid_run),
};

static const struct test_suite suite = {
	.name = "host_realm",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
	.teardown = suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
