// SPDX-License-Identifier: GPL-2.0
/*
 * custom: files, anonymous inodes, an fd table and wait queues (fs.h,
 * file.h, anon_inodes.h, poll.h, wait.h), and the VFS calls tests make on
 * those fds (shim.h: shim_fd_*()).
 *
 * The choice: a file descriptor that kernel code installs is a real fd
 * number of the process (a duplicate of /dev/null, so it collides with no
 * other fd and close() on it is harmless), mapped in a table to the shim's
 * struct file. The test reaches the file_operations through shim_fd_read(),
 * shim_fd_write(), shim_fd_poll() and shim_fd_close(), exactly as read(2),
 * write(2), poll(2) and close(2) reach them through the VFS: with user
 * buffers, the file's position, a poll table, and ->release() on the last
 * reference. A real-fd bridge (a socketpair and a pump thread per file)
 * would buy nothing but scheduling noise; instead shim_fd_splice_out() and
 * shim_fd_splice_in() copy between a shim fd and any real fd (pipe, socket,
 * regular file), as splice(2) would, so tests can run the stream through
 * real transports.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/anon_inodes.h>
#include <linux/bug.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/wait.h>

#include "shim.h"
#include "shim_internal.h"

#define SHIM_MAX_FDS	1024

static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;
static struct file *fd_table[SHIM_MAX_FDS];
static bool fd_reserved[SHIM_MAX_FDS];
static struct inode anon_inode;

/* ---------------------------------------------------------------------- */
/* Wait queues                                                            */

void init_waitqueue_head(struct wait_queue_head *wq_head)
{
	pthread_mutex_init(&wq_head->lock, NULL);
	pthread_cond_init(&wq_head->cond, NULL);
	wq_head->seq = 0;
}

unsigned long __shim_wq_seq(struct wait_queue_head *wq_head)
{
	unsigned long seq;

	pthread_mutex_lock(&wq_head->lock);
	seq = wq_head->seq;
	pthread_mutex_unlock(&wq_head->lock);
	return seq;
}

long __shim_wq_wait(struct wait_queue_head *wq_head, unsigned long seq,
		    long timeout_ms)
{
	struct timespec until, now;
	long left = timeout_ms;
	int err = 0;

	if (timeout_ms >= 0) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&wq_head->lock);
	while (wq_head->seq == seq && err != ETIMEDOUT) {
		if (timeout_ms < 0)
			pthread_cond_wait(&wq_head->cond, &wq_head->lock);
		else
			err = pthread_cond_timedwait(&wq_head->cond,
						     &wq_head->lock, &until);
	}
	pthread_mutex_unlock(&wq_head->lock);
	if (timeout_ms < 0)
		return -1;
	if (err == ETIMEDOUT)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	left = (until.tv_sec - now.tv_sec) * 1000 +
	       (until.tv_nsec - now.tv_nsec) / 1000000L;
	return left > 0 ? left : 1;
}

void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr,
	       void *key)
{
	pthread_mutex_lock(&wq_head->lock);
	wq_head->seq++;
	pthread_cond_broadcast(&wq_head->cond);
	pthread_mutex_unlock(&wq_head->lock);
}

/* ---------------------------------------------------------------------- */
/* Files and the fd table                                                 */

loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos;
}

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

int nonseekable_open(struct inode *inode, struct file *filp)
{
	return 0;
}

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags)
{
	struct file *file;

	if (!try_module_get(fops->owner))
		return ERR_PTR(-ENOENT);
	file = kzalloc_obj(*file);
	if (!file) {
		module_put(fops->owner);
		return ERR_PTR(-ENOMEM);
	}
	file->f_op = fops;
	file->private_data = priv;
	file->f_flags = flags & (O_ACCMODE | O_NONBLOCK);
	file->f_mode = 0;
	if ((flags & O_ACCMODE) != O_WRONLY)
		file->f_mode |= FMODE_READ;
	if ((flags & O_ACCMODE) != O_RDONLY)
		file->f_mode |= FMODE_WRITE;
	file->f_inode = &anon_inode;
	file->name = name;
	refcount_set(&file->f_count, 1);
	return file;
}

int get_unused_fd_flags(unsigned int flags)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -EMFILE;
	if (fd >= SHIM_MAX_FDS) {
		close(fd);
		return -EMFILE;
	}
	pthread_mutex_lock(&fd_lock);
	fd_reserved[fd] = true;
	pthread_mutex_unlock(&fd_lock);
	return fd;
}

void put_unused_fd(unsigned int fd)
{
	pthread_mutex_lock(&fd_lock);
	if (WARN_ON(fd >= SHIM_MAX_FDS || !fd_reserved[fd] || fd_table[fd])) {
		pthread_mutex_unlock(&fd_lock);
		return;
	}
	fd_reserved[fd] = false;
	pthread_mutex_unlock(&fd_lock);
	close(fd);
}

void fd_install(unsigned int fd, struct file *file)
{
	pthread_mutex_lock(&fd_lock);
	if (fd >= SHIM_MAX_FDS || !fd_reserved[fd] || fd_table[fd])
		__shim_fatal("%s(%u): not a reserved, unused fd", __func__, fd);
	fd_table[fd] = file;
	pthread_mutex_unlock(&fd_lock);
}

int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile(name, fops, priv, flags);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}

struct file *get_file(struct file *f)
{
	refcount_inc(&f->f_count);
	return f;
}

struct file *fget(unsigned int fd)
{
	struct file *file = NULL;

	pthread_mutex_lock(&fd_lock);
	if (fd < SHIM_MAX_FDS && fd_table[fd])
		file = get_file(fd_table[fd]);
	pthread_mutex_unlock(&fd_lock);
	return file;
}

void fput(struct file *file)
{
	const struct file_operations *fops = file->f_op;

	if (!refcount_dec_and_test(&file->f_count))
		return;
	if (fops->release)
		fops->release(file->f_inode, file);
	module_put(fops->owner);
	kfree(file);
}

/* ---------------------------------------------------------------------- */
/* The test's side: the system calls                                      */

/* ->read_iter()/->write_iter() over @iter, as the VFS's sync helpers. */
static ssize_t shim_rw_iter(struct file *file, struct iov_iter *iter)
{
	struct kiocb kiocb = { .ki_filp = file, .ki_pos = file->f_pos };
	ssize_t ret;

	ret = iter->data_source == ITER_SOURCE ?
	      file->f_op->write_iter(&kiocb, iter) :
	      file->f_op->read_iter(&kiocb, iter);
	if (ret > 0)
		file->f_pos = kiocb.ki_pos;
	return ret;
}

ssize_t shim_fd_read(int fd, void *buf, size_t len)
{
	struct file *file = fget(fd);
	struct iov_iter iter;
	ssize_t ret;

	if (!file)
		return -EBADF;
	if (!(file->f_mode & FMODE_READ)) {
		ret = -EBADF;
	} else if (file->f_op->read) {
		ret = file->f_op->read(file, buf, len, &file->f_pos);
	} else if (file->f_op->read_iter) {
		iov_iter_ubuf(&iter, ITER_DEST, buf, len);
		ret = shim_rw_iter(file, &iter);
	} else {
		ret = -EINVAL;
	}
	fput(file);
	return ret;
}

ssize_t shim_fd_write(int fd, const void *buf, size_t len)
{
	struct file *file = fget(fd);
	struct iov_iter iter;
	ssize_t ret;

	if (!file)
		return -EBADF;
	if (!(file->f_mode & FMODE_WRITE)) {
		ret = -EBADF;
	} else if (file->f_op->write) {
		ret = file->f_op->write(file, buf, len, &file->f_pos);
	} else if (file->f_op->write_iter) {
		iov_iter_ubuf(&iter, ITER_SOURCE, (void __user *)buf, len);
		ret = shim_rw_iter(file, &iter);
	} else {
		ret = -EINVAL;
	}
	fput(file);
	return ret;
}

int shim_fd_poll(int fd, unsigned int events, long timeout_ms)
{
	struct file *file = fget(fd);
	unsigned long seq = 0;
	poll_table pt;
	__poll_t mask;
	long left = timeout_ms;

	if (!file)
		return -EBADF;
	if (!file->f_op->poll) {
		fput(file);
		return EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM;
	}
	for (;;) {
		pt.wq = NULL;
		mask = file->f_op->poll(file, &pt);
		if (pt.wq)
			seq = __shim_wq_seq(pt.wq);
		/* Re-poll after reading the sequence: no wake-up is lost. */
		if (pt.wq)
			mask = file->f_op->poll(file, NULL);
		if ((mask & (events | EPOLLERR | EPOLLHUP)) || !left ||
		    !pt.wq)
			break;
		left = __shim_wq_wait(pt.wq, seq, left);
	}
	fput(file);
	return mask & (events | EPOLLERR | EPOLLHUP);
}

long shim_fd_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = file->f_op->unlocked_ioctl ?
	      file->f_op->unlocked_ioctl(file, cmd, arg) : -ENOTTY;
	fput(file);
	return ret;
}

int shim_fd_close(int fd)
{
	struct file *file;

	pthread_mutex_lock(&fd_lock);
	if (fd < 0 || fd >= SHIM_MAX_FDS || !fd_table[fd]) {
		pthread_mutex_unlock(&fd_lock);
		return -EBADF;
	}
	file = fd_table[fd];
	fd_table[fd] = NULL;
	fd_reserved[fd] = false;
	pthread_mutex_unlock(&fd_lock);
	close(fd);
	fput(file);
	return 0;
}

bool shim_fd_is_shim(int fd)
{
	bool ret;

	pthread_mutex_lock(&fd_lock);
	ret = fd >= 0 && fd < SHIM_MAX_FDS && fd_table[fd];
	pthread_mutex_unlock(&fd_lock);
	return ret;
}

/*
 * What copy_splice_read() and iter_file_splice_write() do, minus the pipe:
 * ->read_iter()/->write_iter() with a kernel-memory iterator.
 */
static ssize_t shim_splice_chunk(int fd, void *buf, size_t len, bool out)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct file *file = fget(fd);
	struct iov_iter iter;
	ssize_t ret;

	if (!file)
		return -EBADF;
	if (out ? !(file->f_mode & FMODE_READ) : !(file->f_mode & FMODE_WRITE))
		ret = -EBADF;
	else if (out ? file->f_op->splice_read != copy_splice_read ||
		       !file->f_op->read_iter :
		       file->f_op->splice_write != iter_file_splice_write ||
		       !file->f_op->write_iter)
		ret = -EINVAL;
	else {
		iov_iter_kvec(&iter, out ? ITER_DEST : ITER_SOURCE, &kv, 1,
			      len);
		ret = shim_rw_iter(file, &iter);
	}
	fput(file);
	return ret;
}

ssize_t shim_fd_splice_out(int fd, int out_fd, size_t len)
{
	char buf[4096];
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		ssize_t r = shim_splice_chunk(fd, buf, n, true), w, off = 0;

		if (r < 0)
			return done ? (ssize_t)done : r;
		if (!r)
			break;
		while (off < r) {
			w = write(out_fd, buf + off, r - off);
			if (w < 0)
				return -errno;
			off += w;
		}
		done += r;
		if ((size_t)r < n)
			break;
	}
	return done;
}

ssize_t shim_fd_splice_in(int in_fd, int fd, size_t len)
{
	char buf[4096];
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		ssize_t r = read(in_fd, buf, n), w, off = 0;

		if (r < 0)
			return -errno;
		if (!r)
			break;
		while (off < r) {
			w = shim_splice_chunk(fd, buf + off, r - off, false);
			if (w < 0)
				return w;
			if (!w)
				return -EIO;
			off += w;
		}
		done += r;
	}
	return done;
}

ssize_t copy_splice_read(struct file *in, loff_t *ppos,
			 struct pipe_inode_info *pipe, size_t len,
			 unsigned int flags)
{
	__shim_fatal("%s: reached; the shim splices with ->read_iter()",
		     __func__);
}

ssize_t iter_file_splice_write(struct pipe_inode_info *pipe,
			       struct file *out, loff_t *ppos, size_t len,
			       unsigned int flags)
{
	__shim_fatal("%s: reached; the shim splices with ->write_iter()",
		     __func__);
}

/* ---------------------------------------------------------------------- */
/* mmap(2)                                                                */

#define SHIM_MAX_MAPS	64

/* Mappings made by shim_fd_mmap(); each holds a reference on its file. */
static struct vm_area_struct *map_table[SHIM_MAX_MAPS];

void *shim_fd_mmap(int fd, size_t len, int prot, size_t off)
{
	struct file *file = fget(fd);
	struct vm_area_struct *vma;
	unsigned int i;
	int ret;

	if (!file)
		return ERR_PTR(-EBADF);
	ret = -EACCES;
	if (!(file->f_mode & FMODE_READ) ||
	    ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE)))
		goto put;
	ret = -ENODEV;
	if (!file->f_op->mmap)
		goto put;
	ret = -EINVAL;
	if (!len || len % PAGE_SIZE || off % PAGE_SIZE)
		goto put;
	ret = -ENOMEM;
	vma = calloc(1, sizeof(*vma));
	if (!vma)
		goto put;
	/* Any non-zero address: the shim shares one address space. */
	vma->vm_start = 0x100000000UL;
	vma->vm_end = vma->vm_start + len;
	vma->vm_pgoff = off / PAGE_SIZE;
	vma->vm_flags = VM_SHARED | ((prot & PROT_READ) ? VM_READ : 0) |
			((prot & PROT_WRITE) ? VM_WRITE : 0);
	vma->vm_file = file;
	ret = file->f_op->mmap(file, vma);
	if (!ret && !vma->shim_addr)
		__shim_fatal("%s: ->mmap() succeeded and mapped nothing",
			     __func__);
	if (ret)
		goto free;
	pthread_mutex_lock(&fd_lock);
	for (i = 0; i < SHIM_MAX_MAPS && map_table[i]; i++)
		;
	if (i < SHIM_MAX_MAPS)
		map_table[i] = vma;
	pthread_mutex_unlock(&fd_lock);
	if (i == SHIM_MAX_MAPS) {
		ret = -ENOMEM;
		goto free;
	}
	/* The mapping keeps the file reference fget() took. */
	return vma->shim_addr;

free:
	free(vma);
put:
	fput(file);
	return ERR_PTR(ret);
}

int shim_fd_munmap(void *addr, size_t len)
{
	struct vm_area_struct *vma = NULL;
	unsigned int i;

	pthread_mutex_lock(&fd_lock);
	for (i = 0; i < SHIM_MAX_MAPS; i++) {
		if (map_table[i] && map_table[i]->shim_addr == addr &&
		    map_table[i]->vm_end - map_table[i]->vm_start == len) {
			vma = map_table[i];
			map_table[i] = NULL;
			break;
		}
	}
	pthread_mutex_unlock(&fd_lock);
	if (!vma)
		return -EINVAL;
	fput(vma->vm_file);
	free(vma);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* I/O iterators (linux/uio.h)                                            */

void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
		   const struct kvec *kvec, unsigned long nr_segs,
		   size_t count)
{
	*i = (struct iov_iter) {
		.iter_type = ITER_KVEC,
		.data_source = direction,
		.kvec = kvec,
		.nr_segs = nr_segs,
		.count = count,
	};
}

int import_ubuf(int rw, void __user *buf, size_t len, struct iov_iter *i)
{
	/* MAX_RW_COUNT, as the kernel clamps every read and write. */
	if (len > (INT_MAX & PAGE_MASK))
		len = INT_MAX & PAGE_MASK;
	if (!buf && len)
		return -EFAULT;
	iov_iter_ubuf(i, rw, buf, len);
	return 0;
}

/* Move @bytes between @addr and the iterator; the bytes moved. */
static size_t shim_iter_copy(void *addr, size_t bytes, struct iov_iter *i,
			     bool to_iter)
{
	size_t done = 0;

	if (WARN_ON(i->data_source == (to_iter ? ITER_SOURCE : ITER_DEST)))
		return 0;
	bytes = bytes < i->count ? bytes : i->count;
	if (i->iter_type == ITER_UBUF) {
		u8 __user *u = (u8 __user *)i->ubuf + i->iov_offset;

		if (to_iter ? copy_to_user(u, addr, bytes) :
			      copy_from_user(addr, u, bytes))
			return 0;
		i->iov_offset += bytes;
		i->count -= bytes;
		return bytes;
	}
	while (done < bytes && i->nr_segs) {
		size_t n = i->kvec->iov_len - i->iov_offset;
		u8 *k = (u8 *)i->kvec->iov_base + i->iov_offset;

		n = n < bytes - done ? n : bytes - done;
		if (to_iter)
			memcpy(k, (u8 *)addr + done, n);
		else
			memcpy((u8 *)addr + done, k, n);
		done += n;
		i->iov_offset += n;
		i->count -= n;
		if (i->iov_offset == i->kvec->iov_len) {
			i->kvec++;
			i->nr_segs--;
			i->iov_offset = 0;
		}
	}
	return done;
}

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	return shim_iter_copy((void *)addr, bytes, i, true);
}

size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	return shim_iter_copy(addr, bytes, i, false);
}

unsigned int shim_nr_open_files(void)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&fd_lock);
	for (i = 0; i < SHIM_MAX_FDS; i++)
		if (fd_table[i] || fd_reserved[i])
			n++;
	pthread_mutex_unlock(&fd_lock);
	return n;
}
