/* SPDX-License-Identifier: GPL-2.0 */
/* dup: include/linux/kvm_types.h, the address types only. Keep in sync. */
#ifndef _SHIM_LINUX_KVM_TYPES_H
#define _SHIM_LINUX_KVM_TYPES_H

#include <linux/types.h>

typedef u64 gva_t;
typedef u64 gpa_t;
typedef u64 gfn_t;
typedef u64 hpa_t;
typedef u64 hfn_t;
typedef u64 kvm_pfn_t;

#endif /* _SHIM_LINUX_KVM_TYPES_H */
