/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: the part of include/linux/uio.h that ->read_iter() and
 * ->write_iter() use. Two kinds of iterator: ITER_UBUF (one user buffer,
 * what read(2) and write(2) make) and ITER_KVEC (kernel memory, what the
 * splice helpers hand a driver). Copies to and from an ITER_UBUF go
 * through copy_to_user()/copy_from_user(), so the shim's user-copy fault
 * injection reaches them; a fault shortens the copy as in the kernel.
 */
#ifndef _SHIM_LINUX_UIO_H
#define _SHIM_LINUX_UIO_H

#include <linux/compiler.h>
#include <linux/types.h>

#define ITER_SOURCE	1	/* == WRITE: the iterator is read from */
#define ITER_DEST	0	/* == READ: the iterator is written to */

/**
 * struct kvec - A kernel buffer
 * @iov_base: its start
 * @iov_len: its length
 */
struct kvec {
	void *iov_base;
	size_t iov_len;
};

enum iter_type {
	ITER_UBUF,
	ITER_KVEC,
};

/**
 * struct iov_iter - Where the bytes of one I/O come from or go to
 * @iter_type: enum iter_type
 * @data_source: ITER_SOURCE or ITER_DEST
 * @iov_offset: bytes of the current segment used
 * @count: bytes left
 * @ubuf: ITER_UBUF: the user buffer
 * @kvec: ITER_KVEC: the current segment
 * @nr_segs: ITER_KVEC: segments left, the current one included
 */
struct iov_iter {
	u8 iter_type;
	bool data_source;
	size_t iov_offset;
	size_t count;
	void __user *ubuf;
	const struct kvec *kvec;
	unsigned long nr_segs;
};

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

static inline void iov_iter_ubuf(struct iov_iter *i, unsigned int direction,
				 void __user *buf, size_t count)
{
	*i = (struct iov_iter) {
		.iter_type = ITER_UBUF,
		.data_source = direction,
		.ubuf = buf,
		.count = count,
	};
}

void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
		   const struct kvec *kvec, unsigned long nr_segs,
		   size_t count);
int import_ubuf(int rw, void __user *buf, size_t len, struct iov_iter *i);
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);

#endif /* _SHIM_LINUX_UIO_H */
