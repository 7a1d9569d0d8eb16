// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's KVM-side infrastructure: the mini KVM core
 * (host/kvm_core.c: VM and vCPU creation, lazy RD creation, KVM_RUN with
 * first-run activation, guest_memfd pages, references), and the shim's
 * files, fds, poll, wait queues and module references (shim/fs.c), which
 * the migration module's stream fd rests on.
 */
#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <asm/kvm_rmi.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cca_host.h"
#include "kvm_core.h"
#include "shim.h"
#include "test.h"

#define CORE_TEST_DRAM		(64UL << 20)
#define TEST_RAM_SIZE		(2UL << 20)
#define RUN_BUDGET		200000UL

static struct kvm *cur;

static void put_cur(void)
{
	if (cur)
		kvm_put_kvm(cur);
	cur = NULL;
}

static bool suite_setup(void)
{
	return shim_model_init(CORE_TEST_DRAM) == 0 &&
	       cca_host_rmi_init() == 0;
}

static bool suite_teardown(void)
{
	bool ok = true;
	long leaked;

	put_cur();
	if (shim_nr_warnings()) {
		printf("# %lu unexpected WARN(s)\n", shim_nr_warnings());
		ok = false;
	}
	if (shim_locks_held()) {
		printf("# %u lock(s) still held\n", shim_locks_held());
		ok = false;
	}
	if (shim_nr_open_files()) {
		printf("# %u file(s) still open\n", shim_nr_open_files());
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

static bool load_guest(const char *name, void **data, size_t *len)
{
	char path[512];
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", GUEST_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*data = malloc(n > 0 ? n : 1);
	*len = n > 0 ? n : 0;
	if (!*data || fread(*data, 1, *len, f) != *len) {
		fclose(f);
		free(*data);
		return false;
	}
	fclose(f);
	return true;
}

/* ---------------------------------------------------------------------- */
/* The KVM core                                                           */

struct run_count {
	unsigned int done;
	unsigned int failed;
};

/* hello's host call round trip (stage 5) and the end of each REC. */
static int on_event(struct kvm_vcpu *vcpu, const struct cca_event *ev,
		    void *priv)
{
	struct run_count *rc = priv;

	if (ev->type == CCA_EV_SYNC && ev->gprs[0] == 5) {
		cca_rec_host_call_reply(vcpu->shim_rec, 0, 42);
		cca_rec_host_call_reply(vcpu->shim_rec, 30, 0x30);
	}
	rc->done += ev->type == CCA_EV_DONE;
	rc->failed += ev->type == CCA_EV_ASSERT || ev->type == CCA_EV_ABORT;
	return 0;
}

static void test_boot_and_run(void)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = 2,
	};
	struct run_count rc = { 0 };
	size_t len;
	void *img;
	int ret;

	ASSERT_TRUE(load_guest("hello", &img, &len));
	ret = kvm_shim_boot(&cfg, img, len, &cur);
	free(img);
	ASSERT_EQ(ret, 0);
	/* Populated and finalized, not activated: that is the first run's. */
	ASSERT_EQ(cur->arch.realm.state, REALM_STATE_NEW);
	ASSERT_TRUE(cur->arch.realm.rd);
	ASSERT_EQ(atomic_read(&cur->online_vcpus), 2);
	ASSERT_EQ(kvm_get_vcpu(cur, 1)->arch.rec.rec_phys,
		  kvm_shim_realm(cur)->recs[1].rec_phys);

	ASSERT_EQ(kvm_shim_run_all(cur, RUN_BUDGET, on_event, &rc), 0);
	ASSERT_EQ(rc.done, 2);
	ASSERT_EQ(rc.failed, 0);
	ASSERT_EQ(cur->arch.realm.state, REALM_STATE_ACTIVE);
	put_cur();
	ASSERT_EQ(shim_model_granules_delegated(), 0);
}

static void test_create_and_run_errors(void)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = 1,
	};
	struct cca_event ev;
	struct kvm *kvm;

	cfg.nr_recs = 0;
	ASSERT_EQ(PTR_ERR(kvm_shim_create_vm(&cfg)), -EINVAL);
	cfg.nr_recs = KVM_SHIM_MAX_VCPUS + 1;
	ASSERT_EQ(PTR_ERR(kvm_shim_create_vm(&cfg)), -EINVAL);
	cfg.nr_recs = 1;
	cfg.ram_size = TEST_RAM_SIZE + 1;
	ASSERT_EQ(PTR_ERR(kvm_shim_create_vm(&cfg)), -EINVAL);
	cfg.ram_size = TEST_RAM_SIZE;

	kvm = kvm_shim_create_vm(&cfg);
	ASSERT_FALSE(IS_ERR(kvm));
	cur = kvm;
	/* No RD, no REC: KVM_RUN of an unfinalized vCPU. */
	ASSERT_EQ(kvm->arch.realm.state, REALM_STATE_NONE);
	ASSERT_EQ(kvm_shim_vcpu_run(kvm_get_vcpu(kvm, 0), &ev, 1), -EPERM);
	ASSERT_FALSE(kvm_get_vcpu(kvm, 1));
	/* Memslot lookups. */
	ASSERT_TRUE(gfn_to_memslot(kvm, gpa_to_gfn(CCA_GUEST_BASE_IPA)) ==
		    &kvm->memslots.slots[0]);
	ASSERT_FALSE(gfn_to_memslot(kvm, gpa_to_gfn(CCA_GUEST_BASE_IPA +
						    TEST_RAM_SIZE)));
	/* Populate outside RAM creates the RD but fails. */
	ASSERT_EQ(kvm_shim_populate(kvm, CCA_GUEST_BASE_IPA + TEST_RAM_SIZE,
				    &cfg, sizeof(cfg)), -EINVAL);
	ASSERT_EQ(kvm->arch.realm.state, REALM_STATE_NEW);
	put_cur();
	ASSERT_EQ(shim_model_granules_delegated(), 0);
}

static void test_kvm_references(void)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = 1,
	};
	struct kvm *kvm = kvm_shim_create_vm(&cfg);
	long objects;

	ASSERT_FALSE(IS_ERR(kvm));
	ASSERT_EQ(kvm_shim_finalize_vcpus(kvm), 0);
	objects = shim_nr_allocated();
	kvm_get_kvm(kvm);
	kvm_put_kvm(kvm);
	/* Still there: one reference left. */
	ASSERT_EQ(shim_nr_allocated(), objects);
	ASSERT_TRUE(kvm->arch.realm.rd);
	kvm_put_kvm(kvm);
	ASSERT_EQ(shim_model_granules_delegated(), 0);
	ASSERT_EQ(shim_nr_allocated(), 0);
}

static void test_gmem_pages(void)
{
	struct cca_realm_config cfg = {
		.ram_size = TEST_RAM_SIZE,
		.nr_recs = 1,
	};
	struct kvm_memory_slot *slot;
	struct page *page, *again;
	kvm_pfn_t pfn;
	int order = -1;

	cur = kvm_shim_create_vm(&cfg);
	ASSERT_FALSE(IS_ERR(cur));
	slot = &cur->memslots.slots[0];
	/* Harness limit: guest_memfd lives with the realm's RD. */
	ASSERT_EQ(kvm_gmem_get_pfn(cur, slot, slot->base_gfn, &pfn, &page,
				   &order), -EIO);
	ASSERT_EQ(kvm_shim_finalize_vcpus(cur), 0);
	ASSERT_EQ(kvm_gmem_get_pfn(cur, slot, slot->base_gfn + 3, &pfn, &page,
				   &order), 0);
	ASSERT_EQ(order, 0);
	ASSERT_EQ(page_count(page), 2);
	ASSERT_EQ(kvm_gmem_get_pfn(cur, slot, slot->base_gfn + 3, &pfn, &again,
				   NULL), 0);
	ASSERT_TRUE(page == again);
	ASSERT_EQ(pfn, page_to_pfn(page));
	kvm_release_page_dirty(again);
	kvm_release_page_clean(page);
	ASSERT_EQ(page_count(page), 1);
	ASSERT_EQ(kvm_gmem_get_pfn(cur, slot, slot->base_gfn + slot->npages,
				   &pfn, &page, NULL), -EINVAL);
	ASSERT_EQ(kvm_gmem_get_pfn(cur, slot, slot->base_gfn - 1, &pfn, &page,
				   NULL), -EINVAL);
	put_cur();
}

/* ---------------------------------------------------------------------- */
/* Files, poll and wait queues                                            */

struct pipe_dev {
	wait_queue_head_t wq;
	char buf[64];
	size_t len;
	bool hup;
	unsigned int releases;
};

static ssize_t dev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct pipe_dev *d = iocb->ki_filp->private_data;
	size_t n = min(iov_iter_count(to), d->len);

	n = copy_to_iter(d->buf, n, to);
	if (!n && d->len && iov_iter_count(to))
		return -EFAULT;
	memmove(d->buf, d->buf + n, d->len - n);
	d->len -= n;
	iocb->ki_pos += n;
	return n;
}

static ssize_t dev_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct pipe_dev *d = iocb->ki_filp->private_data;
	size_t n = min(iov_iter_count(from), sizeof(d->buf) - d->len);

	if (!n)
		return -ENOSPC;
	n = copy_from_iter(d->buf + d->len, n, from);
	if (!n)
		return -EFAULT;
	d->len += n;
	iocb->ki_pos += n;
	wake_up_interruptible_poll(&d->wq, EPOLLIN);
	return n;
}

static __poll_t dev_poll(struct file *file, poll_table *wait)
{
	struct pipe_dev *d = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &d->wq, wait);
	if (d->len)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (d->len < sizeof(d->buf))
		mask |= EPOLLOUT | EPOLLWRNORM;
	if (READ_ONCE(d->hup))
		mask |= EPOLLHUP;
	return mask;
}

static int dev_release(struct inode *inode, struct file *file)
{
	struct pipe_dev *d = file->private_data;

	d->releases++;
	return 0;
}

static struct module dev_module = { .name = "dev" };

static const struct file_operations dev_fops = {
	.owner = &dev_module,
	.read_iter = dev_read_iter,
	.write_iter = dev_write_iter,
	.splice_read = copy_splice_read,
	.splice_write = iter_file_splice_write,
	.poll = dev_poll,
	.release = dev_release,
};

/* The same file without splice support. */
static const struct file_operations dev_nosplice_fops = {
	.owner = &dev_module,
	.read_iter = dev_read_iter,
	.write_iter = dev_write_iter,
	.release = dev_release,
};

static void init_dev(struct pipe_dev *d)
{
	memset(d, 0, sizeof(*d));
	init_waitqueue_head(&d->wq);
	dev_module.refcnt = 0;
	dev_module.going = false;
}

static void test_anon_fd_io(void)
{
	unsigned int open_files = shim_nr_open_files();
	struct pipe_dev d;
	char out[16];
	int fd;

	init_dev(&d);
	fd = anon_inode_getfd("[test]", &dev_fops, &d, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	ASSERT_TRUE(shim_fd_is_shim(fd));
	ASSERT_EQ(shim_nr_open_files(), open_files + 1);
	/* The file holds a reference on its module. */
	ASSERT_EQ(dev_module.refcnt, 1);

	ASSERT_EQ(shim_fd_poll(fd, EPOLLIN, 0), 0);
	ASSERT_EQ(shim_fd_poll(fd, EPOLLOUT, 0), EPOLLOUT);
	ASSERT_EQ(shim_fd_write(fd, "stream", 6), 6);
	ASSERT_EQ(shim_fd_poll(fd, EPOLLIN, 0), EPOLLIN);
	ASSERT_EQ(shim_fd_read(fd, out, 4), 4);
	ASSERT_MEM_EQ(out, "stre", 4);
	ASSERT_EQ(shim_fd_read(fd, out, sizeof(out)), 2);
	ASSERT_EQ(shim_fd_read(fd, out, sizeof(out)), 0);
	/* The VFS passed &file->f_pos along. */
	{
		struct file *file = fget(fd);

		ASSERT_TRUE(file);
		ASSERT_EQ(file->f_pos, 12);
		ASSERT_TRUE(file->f_mode & FMODE_READ);
		ASSERT_TRUE(file->f_mode & FMODE_WRITE);
		fput(file);
	}
	/* A user pointer that faults. */
	shim_fail_uaccess_nth(1);
	ASSERT_EQ(shim_fd_write(fd, "x", 1), -EFAULT);
	ASSERT_EQ(shim_fd_ioctl(fd, 1, 0), -ENOTTY);

	ASSERT_EQ(shim_fd_close(fd), 0);
	ASSERT_EQ(d.releases, 1);
	ASSERT_EQ(dev_module.refcnt, 0);
	ASSERT_EQ(shim_nr_open_files(), open_files);
	ASSERT_EQ(shim_fd_read(fd, out, 1), -EBADF);
	ASSERT_EQ(shim_fd_close(fd), -EBADF);
}

static void test_anon_fd_modes_and_refs(void)
{
	struct file *file;
	struct pipe_dev d;
	char c;
	int fd;

	init_dev(&d);
	fd = anon_inode_getfd("[test]", &dev_fops, &d, O_RDONLY);
	ASSERT_GE(fd, 0);
	/* As write(2) on an fd not open for writing. */
	ASSERT_EQ(shim_fd_write(fd, "x", 1), -EBADF);
	/* A reference outlives the fd: ->release() waits for the last. */
	file = fget(fd);
	ASSERT_TRUE(file);
	ASSERT_EQ(shim_fd_close(fd), 0);
	ASSERT_EQ(d.releases, 0);
	fput(file);
	ASSERT_EQ(d.releases, 1);

	fd = anon_inode_getfd("[test]", &dev_fops, &d, O_WRONLY);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(shim_fd_read(fd, &c, 1), -EBADF);
	ASSERT_EQ(shim_fd_close(fd), 0);

	/* A module being unloaded gives no new files. */
	dev_module.going = true;
	ASSERT_EQ(anon_inode_getfd("[test]", &dev_fops, &d, O_RDWR), -ENOENT);
	dev_module.going = false;

	/* The get_unused_fd_flags(), fd_install() pattern, and backing out. */
	fd = get_unused_fd_flags(O_CLOEXEC);
	ASSERT_GE(fd, 0);
	put_unused_fd(fd);
	fd = get_unused_fd_flags(O_CLOEXEC);
	ASSERT_GE(fd, 0);
	file = anon_inode_getfile("[test]", &dev_fops, &d, O_RDWR);
	ASSERT_FALSE(IS_ERR(file));
	fd_install(fd, file);
	ASSERT_EQ(shim_fd_close(fd), 0);
	ASSERT_EQ(d.releases, 3);
	ASSERT_EQ(dev_module.refcnt, 0);
}

struct waker {
	struct pipe_dev *d;
	int fd;
	useconds_t delay;
	bool hup;
};

static void *waker_thread(void *arg)
{
	struct waker *w = arg;

	usleep(w->delay);
	if (w->hup) {
		WRITE_ONCE(w->d->hup, true);
		wake_up_interruptible_poll(&w->d->wq, EPOLLHUP);
	} else {
		shim_fd_write(w->fd, "!", 1);
	}
	return NULL;
}

static void test_poll_blocks_until_woken(void)
{
	struct waker w = { .delay = 20000 };
	struct pipe_dev d;
	pthread_t thread;
	int fd;

	init_dev(&d);
	fd = anon_inode_getfd("[test]", &dev_fops, &d, O_RDWR);
	ASSERT_GE(fd, 0);
	w.d = &d;
	w.fd = fd;
	/* Times out with nothing to read. */
	ASSERT_EQ(shim_fd_poll(fd, EPOLLIN, 10), 0);
	/* A write from another thread wakes the poller. */
	ASSERT_EQ(pthread_create(&thread, NULL, waker_thread, &w), 0);
	ASSERT_EQ(shim_fd_poll(fd, EPOLLIN, -1), EPOLLIN);
	pthread_join(thread, NULL);
	/* Hang-up is reported whatever was asked. */
	w.hup = true;
	ASSERT_EQ(pthread_create(&thread, NULL, waker_thread, &w), 0);
	ASSERT_EQ(shim_fd_poll(fd, EPOLLPRI, 5000), EPOLLHUP);
	pthread_join(thread, NULL);
	ASSERT_EQ(shim_fd_close(fd), 0);
}

struct cond_waiter {
	wait_queue_head_t *wq;
	int *flag;
	long ret;
};

static void *cond_setter(void *arg)
{
	struct cond_waiter *c = arg;

	usleep(20000);
	WRITE_ONCE(*c->flag, 1);
	wake_up(c->wq);
	return NULL;
}

static void test_wait_event(void)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	struct cond_waiter c;
	pthread_t thread;
	int flag = 0;

	/* False condition: the timeout (in jiffies, 1 ms here) runs out. */
	ASSERT_EQ(wait_event_timeout(wq, READ_ONCE(flag), 10), 0);
	/* True at once: no sleep, at least 1 returned. */
	flag = 1;
	ASSERT_GE(wait_event_timeout(wq, READ_ONCE(flag), 10), 1);
	flag = 0;
	c.wq = &wq;
	c.flag = &flag;
	ASSERT_EQ(pthread_create(&thread, NULL, cond_setter, &c), 0);
	ASSERT_EQ(wait_event_interruptible(wq, READ_ONCE(flag)), 0);
	ASSERT_EQ(flag, 1);
	pthread_join(thread, NULL);
}

/* Splice the file's bytes through a real pipe and back. */
static void test_splice_through_pipe(void)
{
	struct pipe_dev a, b;
	int fa, fb, p[2];
	char out[8];

	init_dev(&a);
	init_dev(&b);
	fa = anon_inode_getfd("[a]", &dev_fops, &a, O_RDWR);
	fb = anon_inode_getfd("[b]", &dev_fops, &b, O_RDWR);
	ASSERT_GE(fa, 0);
	ASSERT_GE(fb, 0);
	ASSERT_EQ(pipe(p), 0);
	ASSERT_EQ(shim_fd_write(fa, "migrate", 7), 7);
	ASSERT_EQ(shim_fd_splice_out(fa, p[1], 64), 7);
	close(p[1]);
	ASSERT_EQ(shim_fd_splice_in(p[0], fb, 64), 7);
	close(p[0]);
	ASSERT_EQ(shim_fd_read(fb, out, sizeof(out)), 7);
	ASSERT_MEM_EQ(out, "migrate", 7);
	ASSERT_EQ(shim_fd_splice_out(1000, p[1], 1), -EBADF);
	ASSERT_EQ(shim_fd_close(fa), 0);
	ASSERT_EQ(shim_fd_close(fb), 0);

	/* No ->splice_read/->splice_write: splice(2) fails with EINVAL. */
	fa = anon_inode_getfd("[c]", &dev_nosplice_fops, &a, O_RDWR);
	ASSERT_GE(fa, 0);
	ASSERT_EQ(pipe(p), 0);
	ASSERT_EQ(shim_fd_write(fa, "x", 1), 1);
	ASSERT_EQ(shim_fd_splice_out(fa, p[1], 1), -EINVAL);
	ASSERT_EQ(write(p[1], "y", 1), 1);
	ASSERT_EQ(shim_fd_splice_in(p[0], fa, 1), -EINVAL);
	close(p[0]);
	close(p[1]);
	ASSERT_EQ(shim_fd_close(fa), 0);
}

static const struct test_case cases[] = {
	TEST_CASE(test_boot_and_run),
	TEST_CASE(test_create_and_run_errors),
	TEST_CASE(test_kvm_references),
	TEST_CASE(test_gmem_pages),
	TEST_CASE(test_anon_fd_io),
	TEST_CASE(test_anon_fd_modes_and_refs),
	TEST_CASE(test_poll_blocks_until_woken),
	TEST_CASE(test_wait_event),
	TEST_CASE(test_splice_through_pipe),
};

static const struct test_suite suite = {
	.name = "host_kvm_core",
	.cases = cases,
	.nr_cases = ARRAY_LEN(cases),
	.setup = suite_setup,
	.teardown = suite_teardown,
};

int main(int argc, char **argv)
{
	return test_main(&suite, argc, argv);
}
