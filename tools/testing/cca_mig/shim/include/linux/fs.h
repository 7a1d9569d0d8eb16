/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: the part of include/linux/fs.h a driver's file_operations use.
 *
 * Files are shim objects (fs.c): anon_inode_getfile() makes one,
 * fd_install() puts it in the harness's fd table under a real fd number
 * (reserved from the process so that it never collides with the test's
 * own fds), and the test does I/O on it with shim_fd_read(),
 * shim_fd_write(), shim_fd_poll() and shim_fd_close() (shim.h), which
 * call the file_operations as the VFS does: ->read()/->write() with a
 * user buffer and &file->f_pos, ->poll() with a poll_table, ->release()
 * when the last reference goes. shim_fd_splice_out()/_in() move the bytes
 * to and from any real fd (pipe, socket, file), so any transport can be
 * shown to work.
 */
#ifndef _SHIM_LINUX_FS_H
#define _SHIM_LINUX_FS_H

#include <linux/compiler.h>
#include <linux/refcount.h>
#include <linux/types.h>

struct module;
struct poll_table_struct;

/* loff_t comes from the C library (sys/types.h), as long as the kernel's. */

#define FMODE_READ		((__force fmode_t)(1 << 0))
#define FMODE_WRITE		((__force fmode_t)(1 << 1))

/**
 * struct inode - The anonymous inode every shim file shares
 * @i_ino: 0
 */
struct inode {
	unsigned long i_ino;
};

struct file;

struct iov_iter;
struct pipe_inode_info;
struct vm_area_struct;

#define IOCB_NOWAIT		(1 << 7)

/**
 * struct kiocb - One ->read_iter()/->write_iter() call
 * @ki_filp: the file
 * @ki_pos: the position
 * @ki_flags: IOCB_*
 */
struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
	int ki_flags;
};

/**
 * struct file_operations - The operations the shim's VFS calls
 * @owner: the module (a reference is held while the file exists)
 * @llseek: unused by the shim
 * @read: read(2)
 * @write: write(2)
 * @read_iter: read(2) when there is no @read, and splice out
 * @write_iter: write(2) when there is no @write, and splice in
 * @splice_read: copy_splice_read() or NULL (no splice out)
 * @splice_write: iter_file_splice_write() or NULL (no splice in)
 * @mmap: mmap(2), through shim_fd_mmap()
 * @poll: poll(2)
 * @unlocked_ioctl: ioctl(2), through shim_fd_ioctl()
 * @release: the last reference went
 */
struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *file, loff_t off, int whence);
	ssize_t (*read)(struct file *file, char __user *buf, size_t len,
			loff_t *ppos);
	ssize_t (*write)(struct file *file, const char __user *buf,
			 size_t len, loff_t *ppos);
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *to);
	ssize_t (*write_iter)(struct kiocb *iocb, struct iov_iter *from);
	ssize_t (*splice_read)(struct file *in, loff_t *ppos,
			       struct pipe_inode_info *pipe, size_t len,
			       unsigned int flags);
	ssize_t (*splice_write)(struct pipe_inode_info *pipe,
				struct file *out, loff_t *ppos, size_t len,
				unsigned int flags);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	__poll_t (*poll)(struct file *file, struct poll_table_struct *wait);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd,
			       unsigned long arg);
	int (*release)(struct inode *inode, struct file *file);
};

/**
 * struct file - An open file
 * @f_op: its operations
 * @private_data: the driver's
 * @f_flags: O_* flags it was opened with
 * @f_mode: FMODE_READ and/or FMODE_WRITE
 * @f_pos: position for ->read()/->write()
 * @f_inode: the anonymous inode
 * @f_count: references (fget()/fput())
 * @name: the anon inode's name
 */
struct file {
	const struct file_operations *f_op;
	void *private_data;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	struct inode *f_inode;
	refcount_t f_count;
	const char *name;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

loff_t noop_llseek(struct file *file, loff_t offset, int whence);
loff_t no_llseek(struct file *file, loff_t offset, int whence);
int nonseekable_open(struct inode *inode, struct file *filp);

/*
 * The generic splice helpers. The shim has no pipes of its own: a file
 * whose ->splice_read/->splice_write are these is spliced by
 * shim_fd_splice_out()/_in() through its ->read_iter/->write_iter with a
 * kernel-memory iterator, which is what these helpers do in the kernel.
 * They are never called.
 */
ssize_t copy_splice_read(struct file *in, loff_t *ppos,
			 struct pipe_inode_info *pipe, size_t len,
			 unsigned int flags);
ssize_t iter_file_splice_write(struct pipe_inode_info *pipe,
			       struct file *out, loff_t *ppos, size_t len,
			       unsigned int flags);

#endif /* _SHIM_LINUX_FS_H */
