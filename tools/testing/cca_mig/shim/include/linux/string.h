/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/string.h, subset. The mem*() and str*() primitives are
 * the C library's (instrumented by AddressSanitizer); the kernel-only ones
 * are added.
 */
#ifndef _SHIM_LINUX_STRING_H
#define _SHIM_LINUX_STRING_H

#include <string.h>

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

static inline ssize_t sized_strscpy(char *dest, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}

#define __shim_strscpy_size(dst, size, ...)	size
/* strscpy(dst, src[, size]): size defaults to sizeof(dst) for arrays */
#define strscpy(dst, src, ...)						\
	sized_strscpy(dst, src, __shim_strscpy_size(dst, ##__VA_ARGS__,	\
						    sizeof(dst)))

static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	barrier_data(s);
}

static inline bool mem_is_zero(const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	size_t i;

	for (i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

#endif /* _SHIM_LINUX_STRING_H */
