/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: arch/arm64/include/asm/byteorder.h through
 * include/linux/byteorder/little_endian.h, the conversions only. The
 * harness runs on little-endian hosts, as arm64 Linux does.
 */
#ifndef _SHIM_ASM_BYTEORDER_H
#define _SHIM_ASM_BYTEORDER_H

#include <linux/types.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the harness needs a little-endian host"
#endif

#define cpu_to_le64(x)	((__force __le64)(u64)(x))
#define le64_to_cpu(x)	((__force u64)(__le64)(x))
#define cpu_to_le32(x)	((__force __le32)(u32)(x))
#define le32_to_cpu(x)	((__force u32)(__le32)(x))
#define cpu_to_le16(x)	((__force __le16)(u16)(x))
#define le16_to_cpu(x)	((__force u16)(__le16)(x))

#endif /* _SHIM_ASM_BYTEORDER_H */
