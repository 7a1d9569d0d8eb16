/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/fcntl.h. The O_* values are the C library's, which
 * are the kernel's uapi ones on Linux.
 */
#ifndef _SHIM_LINUX_FCNTL_H
#define _SHIM_LINUX_FCNTL_H

#include <fcntl.h>

#endif /* _SHIM_LINUX_FCNTL_H */
