// SPDX-License-Identifier: GPL-2.0
/*
 * realm_demo: boot a tiny realm on the reference platform and tell what
 * happens.
 *
 * The host stand-in (cca_host.c) creates the realm through the RMI, as KVM
 * would, on the RMM reference model; the guest is real AArch64 code run by
 * the model. Everything the host does is printed: the realm's geometry and
 * measurement, each exit of each REC and how it was handled, the guest's
 * own messages, and the granule accounting before and after teardown.
 *
 * Usage: realm_demo [--guest FILE] [--recs N] [--mem MiB] [--quiet]
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/arm-rmi-cmds.h>
#include <linux/array_size.h>
#include <linux/err.h>
#include <linux/mm.h>

#include "cca_host.h"
#include "shim.h"

#define DEMO_DRAM		(64UL << 20)
#define DEMO_BUDGET		1000000UL

struct demo {
	bool quiet;
	unsigned long exits[CCA_EV_NR_TYPES];
	struct timespec start;
};

static double elapsed_ms(const struct demo *d)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - d->start.tv_sec) * 1e3 +
	       (now.tv_nsec - d->start.tv_nsec) / 1e6;
}

/* One line of the account of the run: time, REC, what happened. */
static __printf(3, 4) void say(const struct demo *d, unsigned int rec,
			       const char *fmt, ...)
{
	va_list ap;

	printf("  [%8.2f ms] REC %u: ", elapsed_ms(d), rec);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *ripas_name(unsigned int ripas)
{
	switch (ripas) {
	case RMI_EMPTY:
		return "EMPTY";
	case RMI_RAM:
		return "RAM";
	case RMI_DESTROYED:
		return "DESTROYED";
	default:
		return "?";
	}
}

static void print_hex(const char *label, const u8 *p, size_t n)
{
	size_t i;

	printf("%s", label);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

/* Every exit the host handled. */
static void demo_trace(void *priv, const struct cca_event *ev)
{
	struct demo *d = priv;

	d->exits[ev->type]++;
	if (d->quiet)
		return;
	switch (ev->type) {
	case CCA_EV_IRQ:
		/* Slices end with an IRQ exit; too many to print. */
		break;
	case CCA_EV_FAULT_IN:
		say(d, ev->rec, "stage-2 abort at IPA %#llx: page mapped",
		    (unsigned long long)ev->ipa);
		break;
	case CCA_EV_RIPAS_CHANGE:
		say(d, ev->rec, "RIPAS of [%#llx, %#llx) to %s: %s",
		    (unsigned long long)ev->ipa, (unsigned long long)ev->top,
		    ripas_name(ev->ripas), ev->rejected ? "refused" : "done");
		break;
	case CCA_EV_PSCI:
		say(d, ev->rec, "PSCI %#llx, completed with %ld",
		    (unsigned long long)ev->psci_fid, ev->psci_status);
		break;
	case CCA_EV_MMIO:
		say(d, ev->rec, "MMIO %s at %#llx%s",
		    ev->write ? "write" : "read", (unsigned long long)ev->ipa,
		    ev->rejected ? ": not emulatable, SEA injected" : "");
		break;
	default:
		/* Host calls and the like are printed by demo_event(). */
		break;
	}
}

/* Events for the VMM: the guest's reports. */
static int demo_event(struct cca_realm *realm, const struct cca_event *ev,
		      void *priv)
{
	struct cca_rec *rec = &realm->recs[ev->rec];
	struct demo *d = priv;

	switch (ev->type) {
	case CCA_EV_SYNC:
		say(d, ev->rec, "guest reached stage %llu (%#llx %#llx %#llx)",
		    (unsigned long long)ev->gprs[0],
		    (unsigned long long)ev->gprs[1],
		    (unsigned long long)ev->gprs[2],
		    (unsigned long long)ev->gprs[3]);
		/* The hello guest's round trip: it sends 41, wants 42 back. */
		if (ev->gprs[0] == 5 && ev->gprs[1] == 41) {
			cca_rec_host_call_reply(rec, 0, 42);
			cca_rec_host_call_reply(rec, 30, 0x30);
			say(d, ev->rec, "host answers 42 in the RsiHostCall");
		}
		break;
	case CCA_EV_PRINT:
		say(d, ev->rec, "says \"%s\"", ev->msg);
		break;
	case CCA_EV_DONE:
		say(d, ev->rec, "done");
		break;
	case CCA_EV_ASSERT:
		say(d, ev->rec, "ASSERTION FAILED at line %llu: %s",
		    (unsigned long long)ev->gprs[0], ev->msg);
		break;
	case CCA_EV_ABORT:
		say(d, ev->rec,
		    "UNEXPECTED EXCEPTION: ESR %#llx FAR %#llx ELR %#llx",
		    (unsigned long long)ev->gprs[0],
		    (unsigned long long)ev->gprs[1],
		    (unsigned long long)ev->gprs[2]);
		break;
	case CCA_EV_CPU_OFF:
		say(d, ev->rec, "PSCI CPU_OFF");
		break;
	case CCA_EV_SYSTEM_OFF:
		say(d, ev->rec, "PSCI SYSTEM_OFF: the realm is off");
		break;
	default:
		say(d, ev->rec, "host call %#x", ev->imm);
		break;
	}
	return 0;
}

static void print_granules(const char *when)
{
	static const char *const states[] = {
		"DELEGATED", "RD", "REC", "RTT", "DATA",
	};
	unsigned int i;

	printf("Granules %s:", when);
	for (i = 0; i < ARRAY_SIZE(states); i++)
		printf(" %s %lu%s", states[i], shim_model_granules_in(states[i]),
		       i + 1 < ARRAY_SIZE(states) ? "," : "\n");
}

static void *read_file(const char *path, size_t *len)
{
	void *buf;
	long n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = n > 0 ? malloc(n) : NULL;
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n > 0 ? n : 0;
	return buf;
}

static void usage(const char *prog)
{
	printf("Usage: %s [--guest FILE] [--recs N] [--mem MiB] [--quiet]\n"
	       "Boot a realm on the RMM reference model and run it to completion.\n\n"
	       "  --guest FILE  realm guest image (default %s/multi_rec.bin)\n"
	       "  --recs N      number of RECs, 1-%d (default 2)\n"
	       "  --mem MiB     realm RAM in MiB (default 2)\n"
	       "  --quiet       do not print each exit\n",
	       prog, GUEST_DIR, CCA_GUEST_MAX_RECS);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "guest", required_argument, NULL, 'g' },
		{ "recs", required_argument, NULL, 'r' },
		{ "mem", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cca_realm_config cfg = { .nr_recs = 2, .ram_size = 2UL << 20 };
	struct cca_realm_stats stats;
	struct cca_rec_stats exits;
	const char *guest = GUEST_DIR "/multi_rec.bin";
	struct demo d = { 0 };
	struct cca_realm *realm;
	unsigned int i, done = 0, failed = 0;
	size_t len;
	void *img;
	long leaked;
	u8 rim[64];
	int c, ret;

	while ((c = getopt_long(argc, argv, "g:r:m:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'g':
			guest = optarg;
			break;
		case 'r':
			cfg.nr_recs = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			cfg.ram_size = strtoul(optarg, NULL, 0) << 20;
			break;
		case 'q':
			d.quiet = true;
			break;
		case 'h':
			usage(argv[0]);
			return 0;
		default:
			usage(argv[0]);
			return 2;
		}
	}

	img = read_file(guest, &len);
	if (!img) {
		fprintf(stderr, "realm_demo: cannot read %s: %s\n", guest,
			strerror(errno));
		return 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &d.start);
	printf("== The platform\n");
	ret = shim_model_init(DEMO_DRAM);
	if (ret) {
		fprintf(stderr, "realm_demo: model: %s\n", strerror(-ret));
		return 1;
	}
	ret = cca_host_rmi_init();
	if (ret) {
		fprintf(stderr, "realm_demo: RMI: %s\n", strerror(-ret));
		goto out_model;
	}
	printf("RMM reference model: RMI ABI v%d.%d, %lu MiB of DRAM\n",
	       RMI_ABI_MAJOR_VERSION, RMI_ABI_MINOR_VERSION, DEMO_DRAM >> 20);
	printf("  IPA up to %lu bits, SHA-256%s measurements\n",
	       (unsigned long)FIELD_GET(RMI_FEATURE_REGISTER_0_S2SZ,
					rmi_feat_reg(0)),
	       rmi_feat_reg(1) & RMI_FEATURE_REGISTER_1_HASH_SHA_512 ?
	       " and SHA-512" : "");
	printf("Guest image: %s (%zu bytes)\n", guest, len);

	printf("\n== Building the realm\n");
	realm = cca_realm_create(&cfg);
	if (IS_ERR(realm)) {
		ret = PTR_ERR(realm);
		fprintf(stderr, "realm_demo: realm create: %s\n", strerror(-ret));
		goto out_model;
	}
	printf("Realm created: RD at PA %#llx, %u-bit IPA space\n",
	       (unsigned long long)realm->rd_phys, realm->ia_bits);
	printf("  %u starting RTT(s) at level %d, PA %#llx\n",
	       realm->rtt_num_start, realm->rtt_level_start,
	       (unsigned long long)realm->rtt_root_phys);
	ret = cca_realm_populate(realm, realm->cfg.ram_base, img, len, true);
	if (ret)
		goto out_fail;
	printf("Populated %lu page(s) at IPA %#llx (RTT_DATA_MAP_INIT, measured)\n",
	       realm->stats.populated,
	       (unsigned long long)realm->cfg.ram_base);
	printf("  %lu RTT(s) created on demand\n", realm->stats.rtts_created);
	ret = cca_realm_init_ripas(realm, realm->cfg.ram_base,
				   realm->cfg.ram_size);
	if (ret)
		goto out_fail;
	printf("RIPAS of RAM [%#llx, %#llx) set to RAM; the rest is faulted in on first access\n",
	       (unsigned long long)realm->cfg.ram_base,
	       (unsigned long long)(realm->cfg.ram_base + realm->cfg.ram_size));
	ret = cca_realm_create_recs(realm);
	if (ret)
		goto out_fail;
	for (i = 0; i < realm->cfg.nr_recs; i++)
		printf("REC %u created: PA %#llx, MPIDR %#lx, entry %#llx, %s\n",
		       i, (unsigned long long)realm->recs[i].rec_phys,
		       realm->recs[i].mpidr,
		       (unsigned long long)realm->cfg.ram_base,
		       realm->recs[i].runnable ? "runnable" : "off");
	ret = cca_realm_activate(realm);
	if (ret)
		goto out_fail;
	if (shim_model_realm_rim(realm->rd_phys, rim))
		print_hex("Realm activated; RIM ", rim, 32);
	print_granules("in use");

	printf("\n== Running\n");
	cca_realm_set_trace(realm, demo_trace, &d);
	ret = cca_realm_run(realm, DEMO_BUDGET, demo_event, &d);
	if (ret)
		fprintf(stderr, "realm_demo: run: %s\n", strerror(-ret));

	printf("\n== Final state (%.2f ms)\n", elapsed_ms(&d));
	for (i = 0; i < realm->cfg.nr_recs; i++) {
		struct cca_rec *rec = &realm->recs[i];

		printf("REC %u: %s\n", i,
		       rec->failed ? "FAILED" :
		       rec->done ? "done" :
		       rec->runnable ? "still running" : "off");
		done += rec->done && !rec->failed;
		failed += rec->failed;
	}
	cca_realm_get_stats(realm, &stats, &exits);
	printf("Host: %lu REC entries, %lu SMCs to the RMM\n", exits.entries,
	       shim_nr_smc());
	printf("  pages: %lu populated, %lu faulted in, %lu unmapped; %lu RTTs created\n",
	       stats.populated, stats.faulted_in, stats.unmapped,
	       stats.rtts_created);
	printf("  exits: %lu host calls, %lu RIPAS changes, %lu PSCI, %lu MMIO, %lu IRQ\n",
	       exits.host_calls, exits.ripas_changes, exits.psci, exits.mmio,
	       exits.irq_exits);
	printf("Realm state: %s\n",
	       realm->state == CCA_REALM_SYSTEM_OFF ? "SYSTEM_OFF" : "ACTIVE");
	print_granules("in use");

	printf("\n== Teardown\n");
	cca_realm_destroy(realm);
	print_granules("after teardown");
	printf("Shim: %ld slab object(s), %ld page(s) still allocated\n",
	       shim_nr_allocated(), shim_nr_pages_allocated());
	leaked = shim_model_fini();
	free(img);
	printf("Leaked: %ld\n", leaked);
	if (ret || failed || done != cfg.nr_recs || leaked) {
		printf("\nRESULT: FAILED\n");
		return 1;
	}
	printf("\nRESULT: %u REC(s) ran to completion, every granule returned\n",
	       done);
	return 0;

out_fail:
	fprintf(stderr, "realm_demo: building the realm: %s\n", strerror(-ret));
	cca_realm_destroy(realm);
out_model:
	shim_model_fini();
	free(img);
	return 1;
}
