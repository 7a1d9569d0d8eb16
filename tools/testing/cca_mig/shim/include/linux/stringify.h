/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/stringify.h. Keep in sync.
 */
#ifndef _SHIM_LINUX_STRINGIFY_H
#define _SHIM_LINUX_STRINGIFY_H

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

#define FILE_LINE		__FILE__ ":" __stringify(__LINE__)

#endif /* _SHIM_LINUX_STRINGIFY_H */
