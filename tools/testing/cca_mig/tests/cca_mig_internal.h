/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test copy of virt/kvm/cca_mig/cca_mig_internal.h, with the same include
 * guard: host_cca_mig_test.c includes it first and then the module's .c
 * files, whose own #include "cca_mig_internal.h" then expands to nothing,
 * so that every kernel API they use resolves against the shim
 * (shim/include/, cca-host/, series/include/).
 */
#ifndef __CCA_MIG_INTERNAL_H
#define __CCA_MIG_INTERNAL_H

#include <linux/anon_inodes.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <asm/byteorder.h>

#include <linux/arm-rmi-cmds.h>
#include <linux/arm-smccc-rmi-mig.h>
#include <linux/arm-rmi-mig-cmds.h>
#include <asm/kvm_rmi_mig.h>

/*
 * The shim's <linux/kvm_host.h> models struct kvm_run itself: keep the
 * build machine's uapi <linux/kvm.h> out, and give the uapi header the
 * one definition it takes from there.
 */
#ifndef __LINUX_KVM_H
#define __LINUX_KVM_H
#define KVMIO	0xAE
#endif
#include <uapi/linux/cca_mig.h>

#endif /* __CCA_MIG_INTERNAL_H */
