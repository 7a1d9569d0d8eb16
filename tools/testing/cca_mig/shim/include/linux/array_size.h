/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/array_size.h. Keep in sync.
 */
#ifndef _SHIM_LINUX_ARRAY_SIZE_H
#define _SHIM_LINUX_ARRAY_SIZE_H

#include <linux/compiler.h>

/**
 * ARRAY_SIZE - get the number of elements in array @arr
 * @arr: array to be sized
 */
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#define ARRAY_END(arr)	(&(arr)[ARRAY_SIZE(arr)])

#endif /* _SHIM_LINUX_ARRAY_SIZE_H */
