/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/poll.h. A poll_table remembers the wait queue the
 * file's ->poll() named, so that shim_fd_poll() (shim.h) can sleep on it.
 */
#ifndef _SHIM_LINUX_POLL_H
#define _SHIM_LINUX_POLL_H

#include <linux/fs.h>
#include <linux/types.h>
#include <linux/wait.h>

/* uapi/linux/eventpoll.h */
#define EPOLLIN		((__force __poll_t)0x00000001)
#define EPOLLPRI	((__force __poll_t)0x00000002)
#define EPOLLOUT	((__force __poll_t)0x00000004)
#define EPOLLERR	((__force __poll_t)0x00000008)
#define EPOLLHUP	((__force __poll_t)0x00000010)
#define EPOLLNVAL	((__force __poll_t)0x00000020)
#define EPOLLRDNORM	((__force __poll_t)0x00000040)
#define EPOLLRDBAND	((__force __poll_t)0x00000080)
#define EPOLLWRNORM	((__force __poll_t)0x00000100)
#define EPOLLWRBAND	((__force __poll_t)0x00000200)
#define EPOLLRDHUP	((__force __poll_t)0x00002000)

/**
 * struct poll_table_struct - What ->poll() waits on
 * @wq: the last wait queue poll_wait() named (one is enough here)
 */
typedef struct poll_table_struct {
	struct wait_queue_head *wq;
} poll_table;

static inline void poll_wait(struct file *filp,
			     struct wait_queue_head *wait_address,
			     poll_table *p)
{
	if (p && wait_address)
		p->wq = wait_address;
}

#endif /* _SHIM_LINUX_POLL_H */
