// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_CCA_MIG_OP for the CCA selftests: one raw and one asserting helper
 * per operation, and an in-process migration of a realm VM into another,
 * in the order of Documentation/virt/kvm/arm/cca-mig-api.rst section 1:
 *
 *   destination START, REC finalize, STREAM_FD;
 *   source START (with the destination's nonce), STREAM_FD (non-blocking);
 *   EXPORT_RAM of the whole memslot, then dirty rounds while the realm
 *   runs; PAUSE, the last dirty set, SAVE_REC, FINISH; the stream is
 *   copied from the source's fd to the destination's after every step;
 *   destination FINISH.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../include/cca_realm.h"

static const char * const cca_mig_cmd_names[] = {
	[KVM_CCA_MIG_START]		= "START",
	[KVM_CCA_MIG_STREAM_FD]		= "STREAM_FD",
	[KVM_CCA_MIG_EXPORT_RAM]	= "EXPORT_RAM",
	[KVM_CCA_MIG_IMPORT_RAM]	= "IMPORT_RAM",
	[KVM_CCA_MIG_GET_DIRTY_LOG]	= "GET_DIRTY_LOG",
	[KVM_CCA_MIG_PAUSE]		= "PAUSE",
	[KVM_CCA_MIG_SAVE_REC]		= "SAVE_REC",
	[KVM_CCA_MIG_LOAD_REC]		= "LOAD_REC",
	[KVM_CCA_MIG_FINISH]		= "FINISH",
	[KVM_CCA_MIG_ABORT]		= "ABORT",
	[KVM_CCA_MIG_STATUS]		= "STATUS",
};

static const char *cca_mig_cmd_name(u32 cmd)
{
	if (cmd < ARRAY_SIZE(cca_mig_cmd_names) && cca_mig_cmd_names[cmd])
		return cca_mig_cmd_names[cmd];
	return "unknown";
}

/* KVM_CCA_MIG_OP with a caller-built envelope: -1 and errno on error. */
int __cca_mig_op_raw(struct kvm_vm *vm, struct kvm_cca_mig_op *op)
{
	return ioctl(vm->fd, KVM_CCA_MIG_OP, op);
}

int __cca_mig_op(struct kvm_vm *vm, u32 cmd, void *data, u64 *rmi_status)
{
	struct kvm_cca_mig_op op = {
		.cmd = cmd,
		.data = (u64)data,
	};
	int ret;

	ret = __cca_mig_op_raw(vm, &op);
	if (rmi_status)
		*rmi_status = op.rmi_status;
	return ret;
}

void cca_mig_op(struct kvm_vm *vm, u32 cmd, void *data)
{
	u64 rmi_status = 0;
	int ret;

	ret = __cca_mig_op(vm, cmd, data, &rmi_status);
	TEST_ASSERT(!ret,
		    "KVM_CCA_MIG_OP(%s) failed: ret %d errno %d (%s), rmi_status 0x%lx",
		    cca_mig_cmd_name(cmd), ret, errno, strerror(errno),
		    rmi_status);
}

u32 cca_mig_state(struct kvm_vm *vm)
{
	struct kvm_cca_mig_status st;

	memset(&st, 0xa5, sizeof(st));
	cca_mig_op(vm, KVM_CCA_MIG_STATUS, &st);
	return st.state;
}

/**
 * cca_mig_get_keys() - Ask the migration agent for a session's key blobs
 * @agent: program standing for the platforms' migration agents, or NULL
 * @session_id: the session
 * @rim: the realm's RIM, as the realm read it with RSI_MEASUREMENT_READ
 * @keys: out: the blobs
 *
 * Runs "@agent ROLE SESSION_ID RIM" once per role (1 source,
 * 2 destination), SESSION_ID in hex, RIM as 128 hex digits; the program
 * writes the key blob to its standard output (rmi-mig.rst section 5.2;
 * with an RMM that reports TEST_KEY, a TEST blob).
 *
 * Return: true if both blobs were obtained.
 */
bool cca_mig_get_keys(const char *agent, u64 session_id,
		      const u64 rim[REALM_RIM_WORDS], struct cca_mig_keys *keys)
{
	char cmd[4096], hex[2 * 8 * REALM_RIM_WORDS + 1];
	u32 role, *len;
	u8 *blob;
	FILE *f;
	int i, n;

	if (!agent)
		return false;

	for (i = 0; i < REALM_RIM_WORDS; i++)
		snprintf(hex + 16 * i, 17, "%016lx", rim[i]);

	keys->session_id = session_id;
	for (role = KVM_CCA_MIG_ROLE_SOURCE;
	     role <= KVM_CCA_MIG_ROLE_DESTINATION; role++) {
		blob = role == KVM_CCA_MIG_ROLE_SOURCE ? keys->src : keys->dst;
		len = role == KVM_CCA_MIG_ROLE_SOURCE ? &keys->src_len :
							 &keys->dst_len;
		n = snprintf(cmd, sizeof(cmd), "%s %u %lx %s", agent, role,
			     session_id, hex);
		TEST_ASSERT(n > 0 && n < sizeof(cmd), "agent path too long");
		f = popen(cmd, "r");
		TEST_ASSERT(f, "popen(%s): %s", agent, strerror(errno));
		*len = fread(blob, 1, KVM_CCA_MIG_KEY_BLOB_MAX, f);
		TEST_ASSERT(!pclose(f), "%s failed", cmd);
		TEST_ASSERT(*len >= KVM_CCA_MIG_KEY_BLOB_MIN,
			    "%s: key blob of %u bytes", cmd, *len);
	}
	return true;
}

int __cca_mig_start(struct kvm_vm *vm, u32 role, u64 session_id,
		    const u8 *blob, u32 blob_len, const u8 *peer_nonce,
		    u8 *nonce)
{
	struct kvm_cca_mig_start a = {
		.role = role,
		.session_id = session_id,
		.key_blob = (u64)blob,
		.key_blob_len = blob_len,
	};
	int ret;

	if (peer_nonce)
		memcpy(a.peer_nonce, peer_nonce, sizeof(a.peer_nonce));
	ret = __cca_mig_op(vm, KVM_CCA_MIG_START, &a, NULL);
	if (!ret && nonce)
		memcpy(nonce, a.nonce, sizeof(a.nonce));
	return ret;
}

void cca_mig_start(struct kvm_vm *vm, u32 role, u64 session_id,
		   const u8 *blob, u32 blob_len, const u8 *peer_nonce,
		   u8 *nonce)
{
	int ret;

	ret = __cca_mig_start(vm, role, session_id, blob, blob_len,
			      peer_nonce, nonce);
	TEST_ASSERT(!ret, "START (role %u) failed: errno %d (%s)", role, errno,
		    strerror(errno));
}

bool cca_mig_rings;

/* The stream fds made with KVM_CCA_MIG_FD_RING, and their mappings. */
static struct cca_mig_map {
	int fd;
	struct kvm_vm *vm;
	struct kvm_cca_mig_ring *ring;
	size_t len;
} cca_mig_maps[4] = { { .fd = -1 }, { .fd = -1 }, { .fd = -1 },
		      { .fd = -1 } };

static struct cca_mig_map *cca_mig_map_of(int fd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cca_mig_maps); i++)
		if (cca_mig_maps[i].fd == fd && fd >= 0)
			return &cca_mig_maps[i];
	return NULL;
}

int cca_mig_stream_fd(struct kvm_vm *vm, u32 flags)
{
	struct kvm_cca_mig_stream_fd a = { .flags = flags, .fd = -1 };
	struct cca_mig_map *m;
	unsigned int i;

	cca_mig_op(vm, KVM_CCA_MIG_STREAM_FD, &a);
	TEST_ASSERT(a.fd >= 0, "STREAM_FD returned fd %d", a.fd);
	if (!(flags & KVM_CCA_MIG_FD_RING))
		return a.fd;
	for (i = 0, m = NULL; i < ARRAY_SIZE(cca_mig_maps) && !m; i++)
		if (cca_mig_maps[i].fd < 0)
			m = &cca_mig_maps[i];
	TEST_ASSERT(m, "too many stream rings");
	m->ring = mmap(NULL, a.ring_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       a.fd, 0);
	TEST_ASSERT(m->ring != MAP_FAILED, "mmap(stream ring): %s",
		    strerror(errno));
	TEST_ASSERT_EQ(m->ring->data_offset, getpagesize());
	TEST_ASSERT_EQ(a.ring_size, m->ring->data_offset +
		       m->ring->data_size);
	m->fd = a.fd;
	m->vm = vm;
	m->len = a.ring_size;
	return a.fd;
}

/**
 * cca_mig_stream_close() - Unmap a stream fd's ring, if any, and close it
 * @fd: a stream fd from cca_mig_stream_fd()
 */
void cca_mig_stream_close(int fd)
{
	struct cca_mig_map *m = cca_mig_map_of(fd);

	if (m) {
		munmap(m->ring, m->len);
		m->fd = -1;
	}
	close(fd);
}

static u8 cca_mig_buf[256 * 1024];

/* Give @n bytes to the destination: its ring and IMPORT_RING, or write(). */
static void cca_mig_put(int dfd, const u8 *p, size_t n, u64 at)
{
	struct kvm_cca_mig_import_ram a;
	struct cca_mig_map *m = cca_mig_map_of(dfd);
	struct kvm_cca_mig_ring *r;
	ssize_t w;
	size_t off;

	if (!m) {
		for (off = 0; off < n; off += w) {
			w = write(dfd, p + off, n - off);
			TEST_ASSERT(w > 0, "write(stream) at byte %lu: %s",
				    at + off, strerror(errno));
		}
		return;
	}
	r = m->ring;
	while (n) {
		u64 head = r->head, room, c;

		room = r->data_size -
		       (head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE));
		c = n < room ? n : room;
		if (c > r->data_size - head % r->data_size)
			c = r->data_size - head % r->data_size;
		TEST_ASSERT(c, "the destination's ring is full at byte %lu",
			    at);
		memcpy((u8 *)r + r->data_offset + head % r->data_size, p, c);
		__atomic_store_n(&r->head, head + c, __ATOMIC_RELEASE);
		memset(&a, 0, sizeof(a));
		a.flags = KVM_CCA_MIG_IMPORT_RING;
		cca_mig_op(m->vm, KVM_CCA_MIG_IMPORT_RAM, &a);
		p += c;
		n -= c;
		at += c;
	}
}

/*
 * Copy what the source queued into the destination. @eof: out: the
 * source's stream ended (END or ABORT record read).
 */
static u64 __cca_mig_pump(int sfd, int dfd, bool *eof)
{
	struct cca_mig_map *m = cca_mig_map_of(sfd);
	u64 total = 0;
	ssize_t n;

	*eof = false;
	/* From the source's ring: straight from the mapping. */
	while (m) {
		struct kvm_cca_mig_ring *r = m->ring;
		u64 flags = __atomic_load_n(&r->flags, __ATOMIC_ACQUIRE);
		u64 head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		u64 tail = r->tail, off = tail % r->data_size, c;

		if (head == tail) {
			*eof = flags & KVM_CCA_MIG_RING_EOF;
			return total;
		}
		c = head - tail < r->data_size - off ? head - tail :
						       r->data_size - off;
		cca_mig_put(dfd, (u8 *)r + r->data_offset + off, c, total);
		__atomic_store_n(&r->tail, tail + c, __ATOMIC_RELEASE);
		total += c;
	}
	for (;;) {
		n = read(sfd, cca_mig_buf, sizeof(cca_mig_buf));
		if (!n) {
			*eof = true;
			return total;
		}
		if (n < 0 && errno == EAGAIN)
			return total;
		TEST_ASSERT(n > 0, "read(stream): %s", strerror(errno));
		cca_mig_put(dfd, cca_mig_buf, n, total);
		total += n;
	}
}

u64 cca_mig_pump(int sfd, int dfd)
{
	bool eof;

	return __cca_mig_pump(sfd, dfd, &eof);
}

/* EXPORT_RAM of memslot 0, END_EPOCH, resumed until done. */
static u64 cca_mig_export(struct kvm_vm *vm, int sfd, int dfd, u64 *bitmap)
{
	struct kvm_cca_mig_export_ram a;
	u64 gpa = 0, npages = REALM_SLOT_PAGES, exported = 0;
	int ret, stuck = 0;

	for (;;) {
		TEST_ASSERT(stuck++ < 1000, "EXPORT_RAM makes no progress at 0x%lx",
			    gpa);
		memset(&a, 0, sizeof(a));
		a.gpa = gpa;
		a.npages = npages;
		a.bitmap = (u64)bitmap;
		a.flags = KVM_CCA_MIG_EXPORT_END_EPOCH;
		ret = __cca_mig_op(vm, KVM_CCA_MIG_EXPORT_RAM, &a, NULL);
		TEST_ASSERT(!ret || errno == ENOSPC,
			    "EXPORT_RAM at 0x%lx: errno %d (%s)", gpa, errno,
			    strerror(errno));
		exported += a.exported;
		cca_mig_pump(sfd, dfd);
		if (!ret && a.done == npages)
			return exported;
		if (ret || !a.done)
			continue;		/* the queue was full */
		if (bitmap && a.done % 64)
			continue;		/* same bitmap and range */
		stuck = 0;
		gpa += a.done * vm->page_size;
		npages -= a.done;
		if (bitmap)
			bitmap += a.done / 64;
	}
}

u64 cca_mig_export_all(struct kvm_vm *vm, int sfd, int dfd)
{
	return cca_mig_export(vm, sfd, dfd, NULL);
}

/* One round: harvest memslot 0's dirty pages and export them. */
u64 cca_mig_export_dirty(struct kvm_vm *vm, int sfd, int dfd)
{
	u64 bitmap[REALM_SLOT_PAGES / 64];
	struct kvm_cca_mig_dirty_log a = {
		.slot = REALM_SLOT,
		.num_pages = REALM_SLOT_PAGES,
		.dirty_bitmap = (u64)bitmap,
	};

	u64 set = 0;
	int i;

	memset(bitmap, 0xff, sizeof(bitmap));
	cca_mig_op(vm, KVM_CCA_MIG_GET_DIRTY_LOG, &a);
	/* The whole bitmap is written, and nr_dirty counts its bits. */
	for (i = 0; i < ARRAY_SIZE(bitmap); i++)
		set += __builtin_popcountll(bitmap[i]);
	TEST_ASSERT_EQ(a.nr_dirty, set);
	cca_mig_export(vm, sfd, dfd, bitmap);
	return a.nr_dirty;
}

#define CCA_MIG_PRECOPY_ROUNDS	2

/**
 * cca_mig_precopy() - Start a migration and copy the realm while it runs
 * @src: the source realm VM (ACTIVE: its vCPUs have run)
 * @dst: a destination from realm_vm_create_dst()
 * @keys: the session's key blobs
 * @sfd: out: the source's stream fd (non-blocking)
 * @dfd: out: the destination's stream fd
 * @st: statistics, added to
 */
void cca_mig_precopy(struct kvm_vm *src, struct kvm_vm *dst,
		     const struct cca_mig_keys *keys, int *sfd, int *dfd,
		     struct cca_mig_stats *st)
{
	u8 dst_nonce[KVM_CCA_MIG_NONCE_SIZE], src_nonce[KVM_CCA_MIG_NONCE_SIZE];
	int i;

	cca_mig_start(dst, KVM_CCA_MIG_ROLE_DESTINATION, keys->session_id,
		      keys->dst, keys->dst_len, NULL, dst_nonce);
	TEST_ASSERT_EQ(cca_mig_state(dst), KVM_CCA_MIG_STATE_DST_OPEN);
	realm_vcpus_finalize(dst);
	*dfd = cca_mig_stream_fd(dst, KVM_CCA_MIG_FD_CLOEXEC |
				      (cca_mig_rings ? KVM_CCA_MIG_FD_RING : 0));

	cca_mig_start(src, KVM_CCA_MIG_ROLE_SOURCE, keys->session_id,
		      keys->src, keys->src_len, dst_nonce, src_nonce);
	TEST_ASSERT_EQ(cca_mig_state(src), KVM_CCA_MIG_STATE_SRC_PRECOPY);
	*sfd = cca_mig_stream_fd(src, KVM_CCA_MIG_FD_CLOEXEC |
				      KVM_CCA_MIG_FD_NONBLOCK |
				      (cca_mig_rings ? KVM_CCA_MIG_FD_RING : 0));

	/* The stream header and the REALM record open the import. */
	cca_mig_pump(*sfd, *dfd);
	TEST_ASSERT_EQ(cca_mig_state(dst), KVM_CCA_MIG_STATE_DST_IMPORTING);

	cca_mig_export_all(src, *sfd, *dfd);
	for (i = 0; i < CCA_MIG_PRECOPY_ROUNDS; i++) {
		st->dirty += cca_mig_export_dirty(src, *sfd, *dfd);
		st->rounds++;
	}
}

/**
 * cca_mig_complete() - Stop-and-copy, REC state, end; resume-ready
 * @src: the source, in SRC_PRECOPY
 * @dst: the destination, importing
 * @sfd: the source's stream fd, closed on return
 * @dfd: the destination's stream fd, closed on return
 * @st: statistics, added to
 *
 * On return the source is SRC_ENDED (its realm moved) and the destination
 * has no migration any more: its vCPUs may run.
 */
void cca_mig_complete(struct kvm_vm *src, struct kvm_vm *dst, int sfd,
		      int dfd, struct cca_mig_stats *st)
{
	struct kvm_cca_mig_status status;
	struct kvm_cca_mig_rec rec;
	struct kvm_vcpu *vcpu;
	bool eof = false;

	cca_mig_op(src, KVM_CCA_MIG_PAUSE, NULL);
	TEST_ASSERT_EQ(cca_mig_state(src), KVM_CCA_MIG_STATE_SRC_PAUSED);
	st->dirty += cca_mig_export_dirty(src, sfd, dfd);

	list_for_each_entry(vcpu, &src->vcpus, list) {
		memset(&rec, 0, sizeof(rec));
		rec.vcpu_id = vcpu->id;
		cca_mig_op(src, KVM_CCA_MIG_SAVE_REC, &rec);
	}
	cca_mig_op(src, KVM_CCA_MIG_FINISH, NULL);
	TEST_ASSERT_EQ(cca_mig_state(src), KVM_CCA_MIG_STATE_SRC_ENDED);

	__cca_mig_pump(sfd, dfd, &eof);
	TEST_ASSERT(eof, "the source's stream did not end after FINISH");
	cca_mig_stream_close(sfd);
	cca_mig_stream_close(dfd);

	memset(&status, 0, sizeof(status));
	cca_mig_op(src, KVM_CCA_MIG_STATUS, &status);
	st->bytes = status.bytes;
	st->pages = status.pages;

	TEST_ASSERT_EQ(cca_mig_state(dst), KVM_CCA_MIG_STATE_DST_DONE);
	cca_mig_op(dst, KVM_CCA_MIG_FINISH, NULL);
	TEST_ASSERT_EQ(cca_mig_state(dst), KVM_CCA_MIG_STATE_NONE);
}
