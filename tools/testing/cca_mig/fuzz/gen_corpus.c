// SPDX-License-Identifier: GPL-2.0
/*
 * gen_corpus: the fuzz corpus, from real migrations on the reference
 * platform (make fuzz-corpus; the output is checked in).
 *
 *   gen_corpus FUZZ_DIR
 *
 * Each stream of corpus/stream/ is what a source VM's stream fd produced
 * while a small realm guest was migrated, with the TEST key, into a
 * destination VM that imported it as it came (so it is known good). Each
 * has its own session ID and migration key (derived from the session ID),
 * and the RMM's nonces are fixed (--wrap=mig_nonce, fuzz_nonce.c), so the
 * same bytes come out on every run and import again in a destination the
 * fuzzer opens with stream_keys.h, which this program writes too. A few
 * seeds derive from them (a prefix, an abort, the page records regrouped
 * into smaller PAGES records, which is as valid), and corpus/ioctl/ gets
 * seeds for fuzz_ioctl.
 */
#include "cca_mig_internal.h"

#include "../../../../virt/kvm/cca_mig/fw.c"
#include "../../../../virt/kvm/cca_mig/main.c"
#include "../../../../virt/kvm/cca_mig/ram.c"
#include "../../../../virt/kvm/cca_mig/rec.c"
#include "../../../../virt/kvm/cca_mig/state.c"
#include "../../../../virt/kvm/cca_mig/stream.c"

#include <stdio.h>
#include <stdlib.h>

#include "cca_host.h"
#include "kvm_core.h"
#include "shim.h"
#include "util_host_migkey.h"
#include "fuzz.h"

#define GEN_DRAM	(128UL << 20)
#define RAM_SIZE	(1UL << 20)
#define RAM_PAGES	(RAM_SIZE >> PAGE_SHIFT)
#define STREAM_MAX	(8UL << 20)
#define REALM_PREFIX	(64 + 8 + KVM_CCA_MIG_REALM_BLOB_LEN)

/* Unicorn's own leak (see tests/host_cca_mig_test.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:tb_invalidate_phys_page_fast_aarch64\n";
}

#define DIE(...)							\
	do {								\
		fprintf(stderr, "gen_corpus: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		exit(1);						\
	} while (0)

enum plan_kind { PLAN_FULL, PLAN_ABORT, PLAN_SPARSE };

struct plan {
	const char *name;
	const char *guest;
	unsigned int nr_recs;
	u64 sid;
	enum plan_kind kind;
	unsigned int rounds;
};

static const struct plan plans[] = {
	{ "hello", "hello", 1, 0xf0220001, PLAN_FULL, 0 },
	{ "mig_dirty_2rec", "mig_dirty", 2, 0xf0220002, PLAN_FULL, 2 },
	{ "hello_abort", "hello", 1, 0xf0220003, PLAN_ABORT, 0 },
	{ "hello_sparse", "hello", 1, 0xf0220004, PLAN_SPARSE, 0 },
};

struct out_stream {
	u8 *buf;
	size_t len;
};

static struct out_stream streams[ARRAY_SIZE(plans)];
static struct fuzz_stream_key keys[ARRAY_SIZE(plans)];
static const char *out_dir;

static long mig(struct kvm *kvm, u32 cmd, void *data)
{
	struct kvm_cca_mig_op op = {
		.cmd = cmd,
		.data = (u64)(uintptr_t)data,
	};

	return kvm_shim_vm_ioctl_mig(kvm, &op);
}

static u32 state_of(struct kvm *kvm)
{
	struct kvm_cca_mig_status st;

	if (mig(kvm, KVM_CCA_MIG_STATUS, &st))
		DIE("STATUS");
	return st.state;
}

static void *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *p;
	long n;

	if (!f)
		DIE("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc(n);
	if (!p || fread(p, 1, n, f) != (size_t)n)
		DIE("cannot read %s", path);
	fclose(f);
	*len = n;
	return p;
}

static void save(const char *sub, const char *name, const void *p,
		 size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, sub, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f))
		DIE("cannot write %s", path);
	printf("%s/%s: %zu bytes\n", sub, name, len);
}

static int on_event(struct kvm_vcpu *vcpu, const struct cca_event *ev,
		    void *priv)
{
	if (ev->type == CCA_EV_SYNC && ev->gprs[0] == 5 && ev->gprs[1] == 41) {
		/* hello's host call round trip */
		cca_rec_host_call_reply(vcpu->shim_rec, 0, 42);
		cca_rec_host_call_reply(vcpu->shim_rec, 30, 0x30);
	}
	if (ev->type == CCA_EV_ASSERT || ev->type == CCA_EV_ABORT)
		DIE("the guest failed: %s", ev->msg);
	return 0;
}

static void run(struct kvm *kvm, unsigned long entries)
{
	int ret = kvm_shim_run_all(kvm, entries, on_event, NULL);

	if (ret && ret != -ETIME)
		DIE("run: %d", ret);
}

/* Move the source's stream to the record and to the destination. */
static void pump(int sfd, int dfd, struct out_stream *o)
{
	for (;;) {
		ssize_t n = shim_fd_read(sfd, o->buf + o->len, 1 << 16);

		if (n == -EAGAIN || n == 0)
			return;
		if (n < 0)
			DIE("read: %zd", n);
		if (shim_fd_write(dfd, o->buf + o->len, n) != n)
			DIE("the destination refused the stream");
		o->len += n;
		if (o->len + (1 << 16) > STREAM_MAX)
			DIE("stream too long");
	}
}

static void export(struct kvm *src, int sfd, int dfd, struct out_stream *o,
		   u64 gpa, u64 npages, u64 *bitmap, u32 flags)
{
	struct kvm_cca_mig_export_ram a;
	u64 pos = 0;
	long ret;

	do {
		a = (struct kvm_cca_mig_export_ram){
			.gpa = gpa + (pos << PAGE_SHIFT),
			.npages = npages - pos,
			.bitmap = bitmap ? (u64)(uintptr_t)(bitmap + pos / 64) : 0,
			.flags = flags,
		};
		ret = mig(src, KVM_CCA_MIG_EXPORT_RAM, &a);
		if (ret && ret != -ENOSPC)
			DIE("EXPORT_RAM: %ld", ret);
		pos += a.done;
		pump(sfd, dfd, o);
	} while (pos < npages);
}

static void dirty_export(struct kvm *src, int sfd, int dfd,
			 struct out_stream *o, u32 flags)
{
	u64 bitmap[RAM_PAGES / 64];
	struct kvm_cca_mig_dirty_log d = {
		.num_pages = RAM_PAGES,
		.dirty_bitmap = (u64)(uintptr_t)bitmap,
	};

	if (mig(src, KVM_CCA_MIG_GET_DIRTY_LOG, &d))
		DIE("GET_DIRTY_LOG");
	export(src, sfd, dfd, o, src->shim->cfg.ram_base, RAM_PAGES, bitmap,
	       flags);
}

static void make_stream(unsigned int idx)
{
	const struct plan *pl = &plans[idx];
	struct cca_realm_config cfg = {
		.ram_size = RAM_SIZE,
		.nr_recs = pl->nr_recs,
	};
	struct kvm_cca_mig_stream_fd sf;
	struct out_stream *o = &streams[idx];
	struct fuzz_stream_key *k = &keys[idx];
	u8 mk[32], rim[64] = { 0 }, rpv[64] = { 0 }, src_blob[UHM_KEY_BLOB_LEN];
	struct kvm_cca_mig_start s;
	struct kvm_cca_mig_abort ab = { 0 };
	struct kvm_cca_mig_rec rc = { 0 };
	struct kvm *src, *dst;
	char path[4096];
	struct fuzz_canon c;
	int sfd, dfd, ret;
	unsigned int i;
	size_t len;
	void *img;
	u64 base;

	snprintf(path, sizeof(path), "%s/%s.bin", GUEST_DIR, pl->guest);
	img = load(path, &len);
	ret = kvm_shim_boot(&cfg, img, len, &src);
	free(img);
	if (ret)
		DIE("boot %s: %d", pl->guest, ret);
	run(src, 2);
	dst = kvm_shim_create_vm(&cfg);
	if (IS_ERR(dst))
		DIE("destination VM");
	base = src->shim->cfg.ram_base;

	/* The TEST key: the migration key is a function of the session. */
	for (i = 0; i < sizeof(mk); i++)
		mk[i] = (u8)(pl->sid >> (8 * (i % 8))) ^ (u8)(i * 13);
	mutex_lock(&src->lock);
	ret = shim_model_realm_rim(kvm_rmi_mig_rd_phys(src), rim);
	mutex_unlock(&src->lock);
	if (!ret)
		DIE("RIM");
	k->sid = pl->sid;
	k->nr_recs = pl->nr_recs;
	k->ram_size = RAM_SIZE;
	if (uhm_key_blob(k->key_blob, pl->sid, KVM_CCA_MIG_ROLE_DESTINATION,
			 UHM_SUITE_AES_256_GCM, mk, rim, rpv) ||
	    uhm_key_blob(src_blob, pl->sid, KVM_CCA_MIG_ROLE_SOURCE,
			 UHM_SUITE_AES_256_GCM, mk, rim, rpv))
		DIE("key blobs");

	s = (struct kvm_cca_mig_start){
		.role = KVM_CCA_MIG_ROLE_DESTINATION, .session_id = pl->sid,
		.key_blob = (u64)(uintptr_t)k->key_blob,
		.key_blob_len = sizeof(k->key_blob),
	};
	fuzz_nonce_set(0);
	if (mig(dst, KVM_CCA_MIG_START, &s) || kvm_shim_finalize_vcpus(dst))
		DIE("START destination");
	s.role = KVM_CCA_MIG_ROLE_SOURCE;
	s.key_blob = (u64)(uintptr_t)src_blob;
	memcpy(s.peer_nonce, s.nonce, sizeof(s.peer_nonce));
	memset(s.nonce, 0, sizeof(s.nonce));
	/* The destination's nonce, which the source binds the stream to. */
	fuzz_nonce_set(1);
	if (mig(src, KVM_CCA_MIG_START, &s))
		DIE("START source");
	sf = (struct kvm_cca_mig_stream_fd){ .flags = KVM_CCA_MIG_FD_NONBLOCK };
	if (mig(src, KVM_CCA_MIG_STREAM_FD, &sf))
		DIE("STREAM_FD source");
	sfd = sf.fd;
	sf = (struct kvm_cca_mig_stream_fd){ 0 };
	if (mig(dst, KVM_CCA_MIG_STREAM_FD, &sf))
		DIE("STREAM_FD destination");
	dfd = sf.fd;
	o->buf = malloc(STREAM_MAX);
	if (!o->buf)
		DIE("memory");

	switch (pl->kind) {
	case PLAN_ABORT:
		export(src, sfd, dfd, o, base, 64, NULL,
		       KVM_CCA_MIG_EXPORT_END_EPOCH);
		if (mig(src, KVM_CCA_MIG_ABORT, &ab))
			DIE("ABORT source");
		pump(sfd, dfd, o);
		if (state_of(dst) != KVM_CCA_MIG_STATE_DST_ABORTED)
			DIE("%s: the destination did not abort", pl->name);
		break;
	case PLAN_SPARSE:
		/* Odd batches, and past the end of RAM (state-only). */
		export(src, sfd, dfd, o, base + RAM_SIZE - 10 * PAGE_SIZE, 50,
		       NULL, 0);
		export(src, sfd, dfd, o, base, 3, NULL, 0);
		export(src, sfd, dfd, o, base, RAM_PAGES, NULL,
		       KVM_CCA_MIG_EXPORT_END_EPOCH);
		fallthrough;
	case PLAN_FULL:
		if (pl->kind == PLAN_FULL)
			export(src, sfd, dfd, o, base, RAM_PAGES, NULL,
			       KVM_CCA_MIG_EXPORT_END_EPOCH);
		for (i = 0; i < pl->rounds; i++) {
			run(src, 2);
			dirty_export(src, sfd, dfd, o,
				     KVM_CCA_MIG_EXPORT_END_EPOCH);
		}
		if (mig(src, KVM_CCA_MIG_PAUSE, NULL))
			DIE("PAUSE");
		dirty_export(src, sfd, dfd, o, 0);
		for (i = 0; i < pl->nr_recs; i++) {
			rc.vcpu_id = i;
			if (mig(src, KVM_CCA_MIG_SAVE_REC, &rc))
				DIE("SAVE_REC");
		}
		if (mig(src, KVM_CCA_MIG_FINISH, NULL))
			DIE("FINISH");
		pump(sfd, dfd, o);
		if (state_of(dst) != KVM_CCA_MIG_STATE_DST_DONE)
			DIE("%s: the destination is not done", pl->name);
		if (mig(dst, KVM_CCA_MIG_FINISH, NULL))
			DIE("FINISH destination");
		break;
	}

	fuzz_canon(o->buf, o->len, pl->sid, &c);
	if (c.bad_at != SIZE_MAX || c.end_off != o->len ||
	    c.complete != (pl->kind != PLAN_ABORT))
		DIE("%s: the oracle disagrees with the stream", pl->name);
	k->complete = c.complete;
	memcpy(k->hash, c.hash, sizeof(k->hash));
	shim_fd_close(sfd);
	shim_fd_close(dfd);
	kvm_put_kvm(src);
	kvm_put_kvm(dst);
	snprintf(path, sizeof(path), "%s.bin", pl->name);
	save("corpus/stream", path, o->buf, o->len);
}

/* Stream @s with its PAGES records cut into records of at most @n. */
static void regroup(const struct out_stream *s, unsigned int n,
		    struct out_stream *o)
{
	size_t off = 64;

	o->buf = malloc(s->len + (s->len / 64) * 16);
	if (!o->buf)
		DIE("memory");
	memcpy(o->buf, s->buf, 64);
	o->len = 64;
	while (off < s->len) {
		struct cca_mig_rec_hdr rh;
		struct cca_mig_pages ph;
		const u8 *hdrs, *data;
		u32 i, j, count;

		memcpy(&rh, s->buf + off, sizeof(rh));
		if (rh.type != CCA_MIG_REC_PAGES) {
			memcpy(o->buf + o->len, s->buf + off,
			       sizeof(rh) + rh.length);
			o->len += sizeof(rh) + rh.length;
			off += sizeof(rh) + rh.length;
			continue;
		}
		memcpy(&ph, s->buf + off + sizeof(rh), sizeof(ph));
		count = ph.count;
		hdrs = s->buf + off + sizeof(rh) + sizeof(ph);
		data = hdrs + (size_t)count * 64;
		for (i = 0; i < count; i += n) {
			u32 cnt = min(n, count - i), nd = 0;
			u8 *h0;

			h0 = o->buf + o->len + sizeof(rh) + sizeof(ph);
			memcpy(h0, hdrs + (size_t)i * 64, (size_t)cnt * 64);
			for (j = 0; j < cnt; j++) {
				const struct rmi_mig_hdr *h =
					(const void *)(hdrs + (size_t)(i + j) * 64);

				if (!(le16_to_cpu(h->flags) &
				      RMI_MIG_HDR_FLAG_HAS_DATA))
					continue;
				memcpy(h0 + (size_t)cnt * 64 + (size_t)nd * 4096,
				       data, 4096);
				data += 4096;
				nd++;
			}
			ph = (struct cca_mig_pages){ .count = cnt,
						     .nr_data = nd };
			rh = (struct cca_mig_rec_hdr){
				.type = CCA_MIG_REC_PAGES,
				.length = sizeof(ph) + cnt * 64 + nd * 4096,
			};
			memcpy(o->buf + o->len, &rh, sizeof(rh));
			memcpy(o->buf + o->len + sizeof(rh), &ph, sizeof(ph));
			o->len += sizeof(rh) + rh.length;
		}
		memcpy(&rh, s->buf + off, sizeof(rh));
		off += sizeof(rh) + rh.length;
	}
}

static void derived_seeds(void)
{
	const struct out_stream *s = &streams[0];
	struct cca_mig_rec_hdr abort_rec = { .type = CCA_MIG_REC_ABORT };
	struct out_stream r;
	struct fuzz_canon c;
	u8 buf[1024];

	regroup(s, 7, &r);
	fuzz_canon(r.buf, r.len, keys[0].sid, &c);
	if (!c.complete || memcmp(c.hash, keys[0].hash, sizeof(c.hash)))
		DIE("regrouping changed the blobs");
	save("corpus/stream", "hello_regrouped.bin", r.buf, r.len);
	free(r.buf);

	save("corpus/stream", "hello_realm_only.bin", s->buf, REALM_PREFIX);
	memcpy(buf, s->buf, REALM_PREFIX);
	memcpy(buf + REALM_PREFIX, &abort_rec, sizeof(abort_rec));
	save("corpus/stream", "hello_realm_abort.bin", buf,
	     REALM_PREFIX + sizeof(abort_rec));
	memcpy(buf + 64, &abort_rec, sizeof(abort_rec));
	save("corpus/stream", "abort_only.bin", buf, 64 + sizeof(abort_rec));
	/* Cut inside the first PAGES record. */
	save("corpus/stream", "hello_cut.bin", s->buf, REALM_PREFIX + 8 + 8 + 100);
}

/* ---------------------------------------------------------------------- */
/* fuzz_ioctl seeds                                                        */

struct seed {
	u8 buf[2 + FUZZ_IOCTL_MAX_OPS * sizeof(struct fuzz_ioctl_op) + 1024];
	size_t nr_ops;
};

static struct fuzz_ioctl_op *seed_op(struct seed *sd, u8 cmd, u8 mode)
{
	struct fuzz_ioctl_op *o;

	if (sd->nr_ops == FUZZ_IOCTL_MAX_OPS)
		DIE("too many seed ops");
	o = (struct fuzz_ioctl_op *)(sd->buf + 2) + sd->nr_ops++;
	memset(o, 0, sizeof(*o));
	o->sel = cmd;
	o->mode = mode;
	return o;
}

static void seed_save(struct seed *sd, unsigned int setup, const char *name,
		      const void *payload, size_t plen)
{
	size_t len = 2 + sd->nr_ops * sizeof(struct fuzz_ioctl_op);

	sd->buf[0] = setup;
	sd->buf[1] = sd->nr_ops;
	if (plen)
		memcpy(sd->buf + len, payload, plen);
	save("corpus/ioctl", name, sd->buf, len + plen);
	memset(sd, 0, sizeof(*sd));
}

/* struct fuzz_ioctl_op.arg is not aligned: set a field through a copy. */
#define SET(o, type, field, val)					\
	do {								\
		type __a;						\
		memcpy(&__a, (o)->arg, sizeof(__a));			\
		__a.field = (val);					\
		memcpy((o)->arg, &__a, sizeof(__a));			\
	} while (0)

static void ioctl_seeds(void)
{
	static struct seed sd;
	struct fuzz_ioctl_op *o;

	/* A destination from scratch: START, the fd, the REALM record. */
	seed_op(&sd, KVM_CCA_MIG_STATUS, 0);
	o = seed_op(&sd, KVM_CCA_MIG_START, FUZZ_OP_KEY);
	SET(o, struct kvm_cca_mig_start, role, KVM_CCA_MIG_ROLE_DESTINATION);
	seed_op(&sd, KVM_CCA_MIG_STREAM_FD, 0);
	o = seed_op(&sd, KVM_CCA_MIG_IMPORT_RAM, 0);
	SET(o, struct kvm_cca_mig_import_ram, buf, 1);
	SET(o, struct kvm_cca_mig_import_ram, len, REALM_PREFIX);
	o = seed_op(&sd, KVM_CCA_MIG_ABORT, 0);
	SET(o, struct kvm_cca_mig_abort, token, 4097);
	SET(o, struct kvm_cca_mig_abort, token_len, 0x80);
	seed_op(&sd, KVM_CCA_MIG_FINISH, 0);
	seed_save(&sd, FUZZ_SETUP_NONE, "dst_from_scratch.bin", streams[0].buf,
		  REALM_PREFIX);

	/* An opened destination: LOAD_REC too early, IMPORT_RAM, ABORT. */
	o = seed_op(&sd, KVM_CCA_MIG_LOAD_REC, 0);
	SET(o, struct kvm_cca_mig_rec, blob, 1);
	SET(o, struct kvm_cca_mig_rec, blob_len, KVM_CCA_MIG_REC_BLOB_LEN);
	o = seed_op(&sd, KVM_CCA_MIG_IMPORT_RAM, 0);
	SET(o, struct kvm_cca_mig_import_ram, buf, 1);
	SET(o, struct kvm_cca_mig_import_ram, len, REALM_PREFIX);
	o = seed_op(&sd, KVM_CCA_MIG_LOAD_REC, 0);
	SET(o, struct kvm_cca_mig_rec, blob, 1);
	SET(o, struct kvm_cca_mig_rec, blob_len, KVM_CCA_MIG_REC_BLOB_LEN);
	o = seed_op(&sd, KVM_CCA_MIG_ABORT, 0);
	SET(o, struct kvm_cca_mig_abort, token, 8193);
	SET(o, struct kvm_cca_mig_abort, token_len, 0x100);
	seed_save(&sd, FUZZ_SETUP_DST_OPEN, "dst_open.bin", streams[0].buf,
		  REALM_PREFIX);

	/* An importing destination: a REC blob of zeros, bad bytes. */
	o = seed_op(&sd, KVM_CCA_MIG_LOAD_REC, 0);
	SET(o, struct kvm_cca_mig_rec, blob, 1);
	SET(o, struct kvm_cca_mig_rec, blob_len, KVM_CCA_MIG_REC_BLOB_LEN);
	o = seed_op(&sd, KVM_CCA_MIG_IMPORT_RAM, 0);
	SET(o, struct kvm_cca_mig_import_ram, buf, 1);
	SET(o, struct kvm_cca_mig_import_ram, len, 100);
	seed_op(&sd, KVM_CCA_MIG_STATUS, 0);
	seed_save(&sd, FUZZ_SETUP_DST_IMPORTING, "dst_importing.bin", NULL, 0);

	/* A source: export, dirty log, pause, save, finish, abort. */
	seed_op(&sd, KVM_CCA_MIG_STREAM_FD, 0);
	o = seed_op(&sd, KVM_CCA_MIG_EXPORT_RAM, FUZZ_OP_RAM);
	SET(o, struct kvm_cca_mig_export_ram, npages, RAM_PAGES);
	SET(o, struct kvm_cca_mig_export_ram, flags, KVM_CCA_MIG_EXPORT_END_EPOCH);
	o = seed_op(&sd, KVM_CCA_MIG_GET_DIRTY_LOG, 0);
	SET(o, struct kvm_cca_mig_dirty_log, num_pages, RAM_PAGES);
	SET(o, struct kvm_cca_mig_dirty_log, dirty_bitmap, 1);
	seed_op(&sd, KVM_CCA_MIG_PAUSE, 0);
	seed_op(&sd, KVM_CCA_MIG_SAVE_REC, 0);
	seed_op(&sd, KVM_CCA_MIG_FINISH, 0);
	o = seed_op(&sd, KVM_CCA_MIG_ABORT, 0);
	SET(o, struct kvm_cca_mig_abort, token_len, 0x80);
	seed_op(&sd, KVM_CCA_MIG_STATUS, 0);
	seed_save(&sd, FUZZ_SETUP_SRC, "src_flow.bin", NULL, 0);

	/* A source exporting with a bitmap, then aborting. */
	o = seed_op(&sd, KVM_CCA_MIG_EXPORT_RAM, FUZZ_OP_RAM);
	SET(o, struct kvm_cca_mig_export_ram, npages, 128);
	SET(o, struct kvm_cca_mig_export_ram, bitmap, 1);
	seed_op(&sd, KVM_CCA_MIG_ABORT, 0);
	{
		u8 bits[16];

		memset(bits, 0x55, sizeof(bits));
		/* the export above points its bitmap at the payload */
		seed_save(&sd, FUZZ_SETUP_SRC, "src_bitmap.bin", bits,
			  sizeof(bits));
	}

	/* Across the end of RAM: the firmware asks for RTTs on the way. */
	o = seed_op(&sd, KVM_CCA_MIG_EXPORT_RAM, FUZZ_OP_RAM);
	SET(o, struct kvm_cca_mig_export_ram, gpa, RAM_SIZE - 10 * PAGE_SIZE);
	SET(o, struct kvm_cca_mig_export_ram, npages, 600);
	seed_op(&sd, KVM_CCA_MIG_STATUS, 0);
	seed_save(&sd, FUZZ_SETUP_SRC, "src_export_rtt.bin", NULL, 0);

	/* The envelope: flags, a reserved word, an unknown command. */
	o = seed_op(&sd, KVM_CCA_MIG_STATUS, 0);
	o->op[4] = 1;
	o = seed_op(&sd, KVM_CCA_MIG_STATUS, 0);
	o->op[40] = 1;
	seed_op(&sd, 12, 0);
	o = seed_op(&sd, KVM_CCA_MIG_PAUSE, FUZZ_OP_RAW_DATA);
	o->op[8] = 1;
	seed_save(&sd, FUZZ_SETUP_NONE, "envelope.bin", NULL, 0);
}

/* ---------------------------------------------------------------------- */

static void hex(FILE *f, const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s0x%02x,%s", i % 12 ? "" : "\t\t",
			p[i], i % 12 == 11 || i == n - 1 ? "\n" : " ");
}

static void write_keys(void)
{
	char path[4096];
	unsigned int i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/stream_keys.h", out_dir);
	f = fopen(path, "w");
	if (!f)
		DIE("cannot write %s", path);
	fprintf(f, "/* SPDX-License-Identifier: GPL-2.0 */\n"
		"/*\n"
		" * Generated by gen_corpus.c (make fuzz-corpus) with the\n"
		" * streams of corpus/stream/: do not edit. The TEST key\n"
		" * blobs protect nothing.\n"
		" */\n"
		"static const struct fuzz_stream_key fuzz_stream_keys[] = {\n");
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		fprintf(f, "\t{\n\t\t.sid = 0x%llx,\n\t\t.nr_recs = %u,\n"
			"\t\t.ram_size = 0x%llx,\n\t\t.complete = %s,\n",
			(unsigned long long)keys[i].sid, keys[i].nr_recs,
			(unsigned long long)keys[i].ram_size,
			keys[i].complete ? "true" : "false");
		fprintf(f, "\t\t.hash = {\n");
		hex(f, keys[i].hash, sizeof(keys[i].hash));
		fprintf(f, "\t\t},\n\t\t.key_blob = {\n");
		hex(f, keys[i].key_blob, sizeof(keys[i].key_blob));
		fprintf(f, "\t\t},\n\t},\n");
	}
	fprintf(f, "};\n\n"
		"/* The stream header and REALM record of %s.bin. */\n"
		"static const uint8_t fuzz_realm_prefix[%d] = {\n",
		plans[0].name, REALM_PREFIX);
	hex(f, streams[0].buf, REALM_PREFIX);
	fprintf(f, "};\n");
	if (fclose(f))
		DIE("cannot write %s", path);
	printf("stream_keys.h: %zu keys\n", ARRAY_SIZE(keys));
}

int main(int argc, char **argv)
{
	unsigned int i;
	long leaked;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FUZZ_DIR\n", argv[0]);
		return 2;
	}
	out_dir = argv[1];
	if (shim_model_init(GEN_DRAM) || cca_host_rmi_init() ||
	    cca_mig_init())
		DIE("cannot bring the platform up");
	for (i = 0; i < ARRAY_SIZE(plans); i++)
		make_stream(i);
	derived_seeds();
	ioctl_seeds();
	write_keys();
	for (i = 0; i < ARRAY_SIZE(streams); i++)
		free(streams[i].buf);
	cca_mig_exit();
	if (shim_nr_warnings())
		DIE("%lu WARN(s)", shim_nr_warnings());
	leaked = shim_model_fini();
	if (leaked)
		DIE("%ld leaked", leaked);
	return 0;
}
