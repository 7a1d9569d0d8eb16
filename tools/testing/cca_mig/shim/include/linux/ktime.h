/* SPDX-License-Identifier: GPL-2.0 */
/* custom: include/linux/ktime.h over CLOCK_MONOTONIC. */
#ifndef _SHIM_LINUX_KTIME_H
#define _SHIM_LINUX_KTIME_H

#include <time.h>

#include <linux/types.h>

typedef s64 ktime_t;

#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L

static inline ktime_t ktime_get(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (s64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static inline u64 ktime_get_ns(void)
{
	return ktime_get();
}

#define ktime_sub(a, b)		((a) - (b))
#define ktime_add(a, b)		((a) + (b))
#define ktime_to_ns(kt)		((s64)(kt))
#define ktime_to_us(kt)		((s64)(kt) / NSEC_PER_USEC)
#define ktime_to_ms(kt)		((s64)(kt) / NSEC_PER_MSEC)

#endif /* _SHIM_LINUX_KTIME_H */
