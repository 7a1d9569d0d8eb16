// SPDX-License-Identifier: GPL-2.0
/*
 * The stream rings of the cca_mig module (KVM_CCA_MIG_FD_RING,
 * KVM_CCA_MIG_IMPORT_RING; cca-mig-api.rst 4.2 and 4.4): the mmap()ed
 * zero-copy path beside read() and write().
 *
 * - test_ring_args: the ring's geometry, how the fd may be mapped, and
 *   every argument KVM_CCA_MIG_IMPORT_RAM and the fds refuse, each with
 *   its errno, the stream staying usable.
 * - test_ring_migration: a realm whose whole RAM carries content migrates
 *   through the two rings, the VMM copying bytes from one mapping to the
 *   other in odd-sized chunks, over several pre-copy rounds so that both
 *   rings wrap; the firmware of the destination reads every ciphertext
 *   page in place in the destination's ring (an SMC hook checks each data
 *   list), and the guest checks its own memory after the move.
 * - test_ring_unaligned: the same stream without its PAD records still
 *   imports from a ring; its pages are then copied, not read in place.
 * - test_ring_read_and_map: on the source, read() and the mapping consume
 *   the same ring; a tail out of range is ignored; splice(2) works.
 */
#include "cca_mig_internal.h"

#include "../../../../virt/kvm/cca_mig/fw.c"
#include "../../../../virt/kvm/cca_mig/main.c"
#include "../../../../virt/kvm/cca_mig/ram.c"
#include "../../../../virt/kvm/cca_mig/rec.c"
#include "../../../../virt/kvm/cca_mig/state.c"
#include "../../../../virt/kvm/cca_mig/stream.c"

#include <sys/mman.h>
#include <unistd.h>

#include "util_host_mig.h"

#define ST_DRAM		(160UL << 20)
#define ST_RAM		(2UL << 20)
#define ST_RING_LEN	(PAGE_SIZE + CCA_MIG_RING_SIZE)

/* One side's stream: its fd and its mapping. */
struct st_side {
	struct kvm *kvm;
	int fd;
	struct kvm_cca_mig_ring *ring;
};

/* What the destination's firmware was given to read: counted by a hook. */
static struct {
	const u8 *lo, *hi;		/* the destination's ring data */
	unsigned long in_ring, copied;
} st_reads;

static void st_hook(const struct arm_smccc_1_2_regs *args,
		    const struct arm_smccc_1_2_regs *res, void *priv)
{
	const u64 *list;
	unsigned long i;

	if (args->a0 != SMC_RMI_MIG_IMPORT_PAGES || res->a0)
		return;
	list = phys_to_virt(args->a4);
	for (i = 0; i < res->a1; i++) {
		const u8 *va;

		if (!list[i])
			continue;
		va = phys_to_virt(list[i]);
		if (va >= st_reads.lo && va < st_reads.hi)
			st_reads.in_ring++;
		else
			st_reads.copied++;
	}
}

static int st_stream_fd(struct kvm *kvm, u32 flags, u64 *ring_size)
{
	struct kvm_cca_mig_stream_fd sf = { .flags = flags };
	long ret = uhm_mig(kvm, KVM_CCA_MIG_STREAM_FD, &sf);
	unsigned int i;

	if (ret)
		return ret;
	if (ring_size)
		*ring_size = sf.ring_size;
	for (i = 0; i < ARRAY_LEN(uhm_fds); i++)
		if (uhm_fds[i] < 0) {
			uhm_fds[i] = sf.fd;
			break;
		}
	return sf.fd;
}

static void st_close(int fd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(uhm_fds); i++)
		if (uhm_fds[i] == fd)
			uhm_fds[i] = -1;
	shim_fd_close(fd);
}

static long st_import_ring(struct kvm *kvm, u64 *consumed)
{
	struct kvm_cca_mig_import_ram a = { .flags = KVM_CCA_MIG_IMPORT_RING };
	long ret = uhm_mig(kvm, KVM_CCA_MIG_IMPORT_RAM, &a);

	if (consumed)
		*consumed = a.consumed;
	return ret;
}

/* A realm VM with @name loaded and every page of its RAM measured in. */
static struct kvm *st_boot_full(const char *name, unsigned int nr_recs)
{
	struct cca_realm_config cfg = {
		.ram_size = ST_RAM,
		.nr_recs = nr_recs,
	};
	struct kvm *kvm;
	void *img, *all;
	size_t len;
	int ret;

	if (!uhm_image(name, &img, &len) || len > ST_RAM)
		return NULL;
	all = calloc(1, ST_RAM);
	if (!all)
		return NULL;
	memcpy(all, img, len);
	ret = kvm_shim_boot(&cfg, all, ST_RAM, &kvm);
	free(all);
	if (ret)
		return NULL;
	uhm_keep_vm(kvm);
	return kvm;
}

/* START both sides and make their stream fds, with rings if asked. */
static bool st_start(struct st_side *src, struct st_side *dst,
		     u32 src_flags, u32 dst_flags)
{
	u8 nonce[KVM_CCA_MIG_NONCE_SIZE];
	struct kvm_cca_mig_start st;
	struct uhm_keys k;
	u64 size;

	dst->kvm = uhm_new_vm(atomic_read(&src->kvm->online_vcpus));
	if (!dst->kvm || !uhm_make_keys(src->kvm, UHM_SID, &k))
		return false;
	uhm_start_args(&st, KVM_CCA_MIG_ROLE_DESTINATION, k.dst, NULL);
	if (uhm_mig(dst->kvm, KVM_CCA_MIG_START, &st) ||
	    kvm_shim_finalize_vcpus(dst->kvm)) {
		printf("# destination START\n");
		return false;
	}
	memcpy(nonce, st.nonce, sizeof(nonce));
	uhm_start_args(&st, KVM_CCA_MIG_ROLE_SOURCE, k.src, nonce);
	if (uhm_mig(src->kvm, KVM_CCA_MIG_START, &st)) {
		printf("# source START\n");
		return false;
	}
	src->fd = st_stream_fd(src->kvm, src_flags, &size);
	dst->fd = st_stream_fd(dst->kvm, dst_flags, &size);
	if (src->fd < 0 || dst->fd < 0) {
		printf("# stream fds: %d %d\n", src->fd, dst->fd);
		return false;
	}
	src->ring = NULL;
	dst->ring = NULL;
	if (src_flags & KVM_CCA_MIG_FD_RING) {
		src->ring = shim_fd_mmap(src->fd, ST_RING_LEN,
					 PROT_READ | PROT_WRITE, 0);
		if (IS_ERR(src->ring))
			return false;
	}
	if (dst_flags & KVM_CCA_MIG_FD_RING) {
		struct cca_mig *mig;

		mutex_lock(&dst->kvm->lock);
		mig = kvm_rmi_mig_get_priv(dst->kvm);
		mutex_unlock(&dst->kvm->lock);
		dst->ring = shim_fd_mmap(dst->fd, ST_RING_LEN,
					 PROT_READ | PROT_WRITE, 0);
		if (IS_ERR(dst->ring))
			return false;
		st_reads.lo = mig->ring.data;
		st_reads.hi = mig->ring.data + mig->ring.size;
	}
	return true;
}

static void st_unmap(struct st_side *s)
{
	if (s->ring && !IS_ERR(s->ring))
		ASSERT_EQ(shim_fd_munmap(s->ring, ST_RING_LEN), 0);
	s->ring = NULL;
}

/* Copy @n stream bytes at offset @at of ring @from to offset @to of @r. */
static void st_copy(struct kvm_cca_mig_ring *r, u64 to,
		    const struct kvm_cca_mig_ring *from, u64 at, size_t n)
{
	u8 *d = (u8 *)r + r->data_offset;
	const u8 *s = (const u8 *)from + from->data_offset;

	while (n--)
		d[to++ % r->data_size] = s[at++ % from->data_size];
}

/*
 * The VMM's transport: move what the source's ring holds into the
 * destination's, at most @chunk bytes at a time, importing after each.
 * Returns the bytes moved or -errno.
 */
static long st_pump(struct st_side *src, struct st_side *dst, size_t chunk)
{
	struct kvm_cca_mig_ring *s = src->ring, *d = dst->ring;
	long total = 0;

	for (;;) {
		u64 head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);
		u64 tail = s->tail, dhead = d->head, room;
		u64 n = head - tail, consumed;
		long ret;

		room = d->data_size -
		       (dhead - __atomic_load_n(&d->tail, __ATOMIC_ACQUIRE));
		if (n > chunk)
			n = chunk;
		if (n > room)
			n = room;
		if (!n)
			return head == tail ? total : -ENOSPC;
		st_copy(d, dhead, s, tail, n);
		__atomic_store_n(&s->tail, tail + n, __ATOMIC_RELEASE);
		__atomic_store_n(&d->head, dhead + n, __ATOMIC_RELEASE);
		ret = st_import_ring(dst->kvm, &consumed);
		if (ret)
			return ret;
		total += n;
	}
}

static bool st_suite_setup(void)
{
	uhm_ram_size = ST_RAM;
	return uhm_suite_setup_dram(ST_DRAM);
}

static bool st_suite_teardown(void)
{
	shim_set_smc_hook(NULL, NULL);
	return uhm_suite_teardown();
}

/* ---------------------------------------------------------------------- */

static void test_ring_args(void)
{
	struct kvm_cca_mig_import_ram a;
	struct kvm_cca_mig_abort ab = { 0 };
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	struct st_side src = { 0 }, dst = { 0 };
	struct file *f;
	void *p;
	u8 c;

	src.kvm = uhm_boot_vm("mig_dirty", 1);
	ASSERT_TRUE(src.kvm);
	ASSERT_EQ(uhm_run_some(src.kvm, 2, &(struct uhm_run){ 0 }), -ETIME);
	ASSERT_TRUE(st_start(&src, &dst, KVM_CCA_MIG_FD_RING |
			     KVM_CCA_MIG_FD_NONBLOCK, KVM_CCA_MIG_FD_RING));
	/* The geometry, and what START queued. */
	ASSERT_EQ(src.ring->data_offset, PAGE_SIZE);
	ASSERT_EQ(src.ring->data_size, CCA_MIG_RING_SIZE);
	ASSERT_EQ(src.ring->head, 64 + 8 + KVM_CCA_MIG_REALM_BLOB_LEN);
	ASSERT_EQ(src.ring->tail, 0);
	ASSERT_EQ(src.ring->flags, 0);
	ASSERT_EQ(dst.ring->head, 0);
	ASSERT_EQ(dst.ring->data_size, CCA_MIG_RING_SIZE);
	/* Both fds are read-write with a ring. */
	f = fget(src.fd);
	ASSERT_EQ(f->f_mode & (FMODE_READ | FMODE_WRITE),
		  FMODE_READ | FMODE_WRITE);
	fput(f);
	ASSERT_EQ(shim_fd_write(src.fd, "x", 1), -EBADF);
	ASSERT_EQ(shim_fd_read(dst.fd, &c, 1), -EBADF);
	/* The whole ring or nothing; from offset 0. */
	ASSERT_EQ(PTR_ERR(shim_fd_mmap(src.fd, PAGE_SIZE, PROT_READ, 0)),
		  -EINVAL);
	ASSERT_EQ(PTR_ERR(shim_fd_mmap(src.fd, ST_RING_LEN + PAGE_SIZE,
				       PROT_READ, 0)), -EINVAL);
	ASSERT_EQ(PTR_ERR(shim_fd_mmap(src.fd, ST_RING_LEN - PAGE_SIZE,
				       PROT_READ, PAGE_SIZE)), -EINVAL);
	p = shim_fd_mmap(src.fd, ST_RING_LEN, PROT_READ, 0);
	ASSERT_FALSE(IS_ERR(p));
	ASSERT_TRUE(p == (void *)src.ring);
	ASSERT_EQ(shim_fd_munmap(p, ST_RING_LEN), 0);

	/* KVM_CCA_MIG_IMPORT_RAM's ring arguments. */
	memset(&a, 0, sizeof(a));
	a.flags = KVM_CCA_MIG_IMPORT_RING | 2;
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_IMPORT_RAM, &a), -EINVAL);
	a.flags = KVM_CCA_MIG_IMPORT_RING;
	a.pad = 1;
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_IMPORT_RAM, &a), -EINVAL);
	a.pad = 0;
	a.len = 1;
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_IMPORT_RAM, &a), -EINVAL);
	a.len = 0;
	a.buf = (u64)(uintptr_t)&c;
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_IMPORT_RAM, &a), -EINVAL);
	/* a user buffer, or write(), on a ring stream */
	a.flags = 0;
	a.len = 1;
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_IMPORT_RAM, &a), -EINVAL);
	ASSERT_EQ(shim_fd_write(dst.fd, "x", 1), -EINVAL);
	/* a head past tail + size, or behind what was consumed */
	dst.ring->head = CCA_MIG_RING_SIZE + 1;
	ASSERT_EQ(st_import_ring(dst.kvm, NULL), -EINVAL);
	dst.ring->head = -1ULL;
	ASSERT_EQ(st_import_ring(dst.kvm, NULL), -EINVAL);
	dst.ring->head = 0;
	ASSERT_EQ(st_import_ring(dst.kvm, NULL), 0);
	/* none of it hurt the stream: it migrates on */
	ASSERT_EQ(uhm_status(dst.kvm).state, KVM_CCA_MIG_STATE_DST_OPEN);
	ASSERT_EQ(st_pump(&src, &dst, 100), 64 + 8 +
		  KVM_CCA_MIG_REALM_BLOB_LEN);
	ASSERT_EQ(uhm_status(dst.kvm).state, KVM_CCA_MIG_STATE_DST_IMPORTING);
	ASSERT_EQ(dst.ring->tail, dst.ring->head);

	/* Aborting the source: the ABORT record, then end of stream. */
	ASSERT_EQ(uhm_mig(src.kvm, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_EQ(src.ring->flags, KVM_CCA_MIG_RING_EOF);
	ASSERT_EQ(st_pump(&src, &dst, 100), 8);
	ASSERT_EQ(uhm_status(dst.kvm).state, KVM_CCA_MIG_STATE_DST_ABORTED);
	ASSERT_EQ(shim_fd_read(src.fd, &c, 1), 0);
	memset(&ab, 0, sizeof(ab));
	ab.token = (u64)(uintptr_t)token;
	ab.token_len = sizeof(token);
	st_unmap(&src);
	st_unmap(&dst);
	st_close(src.fd);
	st_close(dst.fd);
	/* the destination, which the stream aborted, gives its token */
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_EQ(ab.token_len, KVM_CCA_MIG_ABORT_TOKEN_LEN);

	/* Without a ring: nothing to map, no ring import. */
	ASSERT_TRUE(st_start(&src, &dst, KVM_CCA_MIG_FD_NONBLOCK, 0));
	ASSERT_EQ(PTR_ERR(shim_fd_mmap(src.fd, ST_RING_LEN, PROT_READ, 0)),
		  -ENODEV);
	/* the destination's fd is write-only: not even mappable */
	ASSERT_EQ(PTR_ERR(shim_fd_mmap(dst.fd, ST_RING_LEN, PROT_READ, 0)),
		  -EACCES);
	ASSERT_EQ(st_import_ring(dst.kvm, NULL), -EINVAL);
	memset(&ab, 0, sizeof(ab));
	ASSERT_EQ(uhm_mig(src.kvm, KVM_CCA_MIG_ABORT, &ab), 0);
	ab.token = (u64)(uintptr_t)token;
	ab.token_len = sizeof(token);
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_ABORT, &ab), 0);
	st_close(src.fd);
	st_close(dst.fd);
	/* the realm runs on */
	ASSERT_EQ(uhm_run_some(src.kvm, 4, &(struct uhm_run){ 0 }), -ETIME);
}

/*
 * Pre-copy @rounds rounds of the whole RAM (every page has content), the
 * realm running in between, then stop-and-copy, through the rings.
 */
static bool st_migrate(struct st_side *src, struct st_side *dst,
		       unsigned int rounds, size_t chunk,
		       bool (*move)(struct st_side *, struct st_side *,
				    size_t))
{
	u64 base = uhm_ram_base(src->kvm), bitmap[ST_RAM / PAGE_SIZE / 64];
	struct kvm_cca_mig_dirty_log dl = {
		.num_pages = ST_RAM / PAGE_SIZE,
		.dirty_bitmap = (u64)(uintptr_t)bitmap,
	};
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_rec rc = { 0 };
	struct uhm_run r = { 0 };
	unsigned int i;
	u64 at;

	for (i = 0; i < rounds; i++) {
		/* the ring holds 8 MiB: move as the export goes */
		for (at = 0; at < ST_RAM / PAGE_SIZE; at += a.done) {
			if (uhm_export(src->kvm, base + at * PAGE_SIZE,
				       ST_RAM / PAGE_SIZE - at, NULL,
				       KVM_CCA_MIG_EXPORT_END_EPOCH, &a))
				return false;
			if (!move(src, dst, chunk))
				return false;
		}
		if (uhm_run_some(src->kvm, 3, &r) && r.failed)
			return false;
	}
	if (uhm_mig(src->kvm, KVM_CCA_MIG_PAUSE, NULL) ||
	    uhm_mig(src->kvm, KVM_CCA_MIG_GET_DIRTY_LOG, &dl) ||
	    uhm_export(src->kvm, base, ST_RAM / PAGE_SIZE, bitmap, 0, &a))
		return false;
	for (i = 0; i < (unsigned int)atomic_read(&src->kvm->online_vcpus);
	     i++) {
		rc.vcpu_id = i;
		if (uhm_mig(src->kvm, KVM_CCA_MIG_SAVE_REC, &rc))
			return false;
	}
	if (uhm_mig(src->kvm, KVM_CCA_MIG_FINISH, NULL))
		return false;
	return move(src, dst, chunk) &&
	       uhm_status(dst->kvm).state == KVM_CCA_MIG_STATE_DST_DONE;
}

static bool st_move_rings(struct st_side *src, struct st_side *dst,
			  size_t chunk)
{
	long n = st_pump(src, dst, chunk);

	if (n < 0)
		printf("# pump: %ld\n", n);
	return n >= 0;
}

/* The baseline: what mig_dirty's RECs report when nothing migrates. */
static bool st_baseline(struct uhm_run *base)
{
	struct kvm *kvm = st_boot_full("mig_dirty", 2);

	if (!kvm || !uhm_run_to_done(kvm, base))
		return false;
	uhm_put_vm(kvm);
	return true;
}

static void test_ring_migration(void)
{
	struct st_side src = { 0 }, dst = { 0 };
	struct cca_event ev;
	struct uhm_run base = { 0 }, r = { 0 };

	ASSERT_TRUE(st_baseline(&base));
	src.kvm = st_boot_full("mig_dirty", 2);
	ASSERT_TRUE(src.kvm);
	ASSERT_EQ(uhm_run_some(src.kvm, 4, &r), -ETIME);
	ASSERT_TRUE(st_start(&src, &dst, KVM_CCA_MIG_FD_RING |
			     KVM_CCA_MIG_FD_NONBLOCK, KVM_CCA_MIG_FD_RING));
	st_reads.in_ring = 0;
	st_reads.copied = 0;
	shim_set_smc_hook(st_hook, NULL);
	/* five rounds of 2 MiB: both 8 MiB rings wrap */
	ASSERT_TRUE(st_migrate(&src, &dst, 5, 3001, st_move_rings));
	shim_set_smc_hook(NULL, NULL);
	ASSERT_GT(uhm_status(src.kvm).bytes, CCA_MIG_RING_SIZE +
		  CCA_MIG_REC_MAX_LEN);
	ASSERT_EQ(uhm_status(dst.kvm).bytes, uhm_status(src.kvm).bytes);
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_FINISH, NULL), 0);
	/* every ciphertext page was read where it lay: nothing copied */
	printf("# %lu pages read in place, %lu copied\n", st_reads.in_ring,
	       st_reads.copied);
	ASSERT_GE(st_reads.in_ring, 5 * ST_RAM / PAGE_SIZE);
	ASSERT_EQ(st_reads.copied, 0);
	st_unmap(&src);
	st_unmap(&dst);
	/* the source is gone; the guest goes on at the destination */
	ASSERT_EQ(kvm_shim_vcpu_run(src.kvm->vcpus[0], &ev, 1), -EIO);
	memset(&r, 0, sizeof(r));
	ASSERT_TRUE(uhm_run_to_done(dst.kvm, &r));
	ASSERT_EQ(r.stage2[0], 1);
	ASSERT_EQ(r.stage2[1], 1);
	ASSERT_EQ(r.sum[0], base.sum[0]);
	ASSERT_EQ(r.sum[1], base.sum[1]);
}

/* From the source's ring into a buffer, dropping PAD records. */
static size_t st_strip_pads(struct kvm_cca_mig_ring *s, u8 *out, u64 *pos,
			    size_t have)
{
	const u8 *data = (const u8 *)s + s->data_offset;
	u64 head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);

	while (s->tail != head)
		out[have++] = data[s->tail++ % s->data_size];
	__atomic_store_n(&s->tail, s->tail, __ATOMIC_RELEASE);
	/* records are complete here: the source publishes whole ones */
	for (;;) {
		struct cca_mig_rec_hdr h;

		if (*pos + sizeof(h) > have)
			break;
		memcpy(&h, out + *pos, sizeof(h));
		if (h.type == CCA_MIG_REC_PAD) {
			memmove(out + *pos, out + *pos + sizeof(h) + h.length,
				have - *pos - sizeof(h) - h.length);
			have -= sizeof(h) + h.length;
			continue;
		}
		*pos += sizeof(h) + h.length;
	}
	return have;
}

static u8 st_buf[4UL << 20];
static size_t st_have;
static u64 st_pos;

static bool st_move_stripped(struct st_side *src, struct st_side *dst,
			     size_t chunk)
{
	struct kvm_cca_mig_ring *d = dst->ring;
	u8 *data = (u8 *)d + d->data_offset;
	size_t i;

	if (!st_pos)
		st_pos = sizeof(struct cca_mig_stream_hdr);
	st_have = st_strip_pads(src->ring, st_buf, &st_pos, st_have);
	/* pass on the complete records */
	for (i = 0; i < st_pos; i++)
		data[(d->head + i) % d->data_size] = st_buf[i];
	__atomic_store_n(&d->head, d->head + st_pos, __ATOMIC_RELEASE);
	memmove(st_buf, st_buf + st_pos, st_have - st_pos);
	st_have -= st_pos;
	st_pos = 0;
	return !st_import_ring(dst->kvm, NULL);
}

static void test_ring_unaligned(void)
{
	struct st_side src = { 0 }, dst = { 0 };
	struct uhm_run base = { 0 }, r = { 0 };

	ASSERT_TRUE(st_baseline(&base));
	src.kvm = st_boot_full("mig_dirty", 2);
	ASSERT_TRUE(src.kvm);
	ASSERT_EQ(uhm_run_some(src.kvm, 4, &r), -ETIME);
	ASSERT_TRUE(st_start(&src, &dst, KVM_CCA_MIG_FD_RING |
			     KVM_CCA_MIG_FD_NONBLOCK, KVM_CCA_MIG_FD_RING));
	st_reads.in_ring = 0;
	st_reads.copied = 0;
	st_have = 0;
	st_pos = 0;
	shim_set_smc_hook(st_hook, NULL);
	ASSERT_TRUE(st_migrate(&src, &dst, 1, 0, st_move_stripped));
	shim_set_smc_hook(NULL, NULL);
	printf("# %lu pages read in place, %lu copied\n", st_reads.in_ring,
	       st_reads.copied);
	/* without PAD records pages lie across ring pages: copied */
	ASSERT_GT(st_reads.copied, ST_RAM / PAGE_SIZE / 2);
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_FINISH, NULL), 0);
	st_unmap(&src);
	st_unmap(&dst);
	memset(&r, 0, sizeof(r));
	ASSERT_TRUE(uhm_run_to_done(dst.kvm, &r));
	ASSERT_EQ(r.sum[0], base.sum[0]);
	ASSERT_EQ(r.sum[1], base.sum[1]);
}

/* read(), the mapping and splice(2) consume the source's ring together. */
static void test_ring_read_and_map(void)
{
	struct st_side src = { 0 }, dst = { 0 };
	struct kvm_cca_mig_export_ram a;
	struct kvm_cca_mig_abort ab = { 0 };
	u8 token[KVM_CCA_MIG_ABORT_TOKEN_LEN];
	static u8 buf[1 << 16];
	u64 queued, head;
	int p[2];

	src.kvm = uhm_boot_vm("mig_dirty", 1);
	ASSERT_TRUE(src.kvm);
	ASSERT_EQ(uhm_run_some(src.kvm, 2, &(struct uhm_run){ 0 }), -ETIME);
	ASSERT_TRUE(st_start(&src, &dst, KVM_CCA_MIG_FD_RING |
			     KVM_CCA_MIG_FD_NONBLOCK, 0));
	/* eight pages: the stream fits in a pipe's 64 KiB */
	ASSERT_EQ(uhm_export(src.kvm, uhm_ram_base(src.kvm), 8, NULL, 0, &a),
		  0);
	head = src.ring->head;
	queued = uhm_status(src.kvm).queued;
	ASSERT_EQ(queued, head);
	/* read() takes 100 bytes: the tail in the mapping follows */
	ASSERT_EQ(shim_fd_read(src.fd, buf, 100), 100);
	ASSERT_EQ(src.ring->tail, 100);
	ASSERT_EQ(shim_fd_write(dst.fd, buf, 100), 100);
	/* a tail past head, or behind, is ignored */
	src.ring->tail = head + 1;
	ASSERT_EQ(uhm_status(src.kvm).queued, head - 100);
	src.ring->tail = 50;
	ASSERT_EQ(uhm_status(src.kvm).queued, head - 100);
	/* the VMM consumes 1000 bytes through the mapping */
	memcpy(buf, (u8 *)src.ring + PAGE_SIZE + 100, 1000);
	src.ring->tail = 1100;
	ASSERT_EQ(shim_fd_write(dst.fd, buf, 1000), 1000);
	ASSERT_EQ(uhm_status(src.kvm).queued, head - 1100);
	ASSERT_EQ(shim_fd_poll(src.fd, EPOLLIN, 0), EPOLLIN);
	/* splice(2) through a pipe, from the ring fd to the plain one */
	ASSERT_EQ(pipe(p), 0);
	ASSERT_EQ(shim_fd_splice_out(src.fd, p[1], head - 1100),
		  (ssize_t)(head - 1100));
	ASSERT_EQ(src.ring->tail, head);
	ASSERT_EQ(shim_fd_poll(src.fd, EPOLLIN, 0), 0);
	close(p[1]);
	ASSERT_EQ(shim_fd_splice_in(p[0], dst.fd, 1 << 20),
		  (ssize_t)(head - 1100));
	close(p[0]);
	ASSERT_EQ(uhm_status(dst.kvm).pages, 8);
	ASSERT_EQ(uhm_status(dst.kvm).bytes, head);
	/* the source aborts; the destination follows */
	ASSERT_EQ(uhm_mig(src.kvm, KVM_CCA_MIG_ABORT, &ab), 0);
	ASSERT_EQ(uhm_pump(src.fd, dst.fd, 4096), 8);
	ASSERT_EQ(uhm_status(dst.kvm).state, KVM_CCA_MIG_STATE_DST_ABORTED);
	ab.token = (u64)(uintptr_t)token;
	ab.token_len = sizeof(token);
	ASSERT_EQ(uhm_mig(dst.kvm, KVM_CCA_MIG_ABORT, &ab), 0);
	st_unmap(&src);
	st_close(src.fd);
	st_close(dst.fd);
	ASSERT_EQ(uhm_status(src.kvm).state, KVM_CCA_MIG_STATE_NONE);
}

static const struct test_case cases[] = {
	TEST_CASE(test_ring_args),
	TEST_CASE(test_ring_migration),
	TEST_CASE(test_ring_unaligned),
	TEST_CASE(test_ring_read_and_map),
};

static const struct test_suite suite = {
	.name = "host_stream",
	.cases = cases,
	.nr_cases = ARRAY_SIZE(cases),
	.setup = st_suite_setup,
	.teardown = st_suite_teardown,
};

int main(int argc, char **argv)
{
	int ret = test_main(&suite, argc, argv);

	uhm_free_images();
	return ret;
}
