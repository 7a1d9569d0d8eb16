/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one seam between the CCA migration module and
 * the rest of the kernel.
 *
 * Every kernel header the module's .c files need is included here and
 * nowhere else, as mm/vma_internal.h does for mm/vma.c. The module's
 * userspace test harness supplies its own copy of this file with the same
 * include guard, so that the module's sources compile unmodified against
 * a kernel-API shim.
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

#include <linux/arm-rmi-cmds.h>
#include <linux/arm-smccc-rmi-mig.h>
#include <linux/arm-rmi-mig-cmds.h>
#include <asm/kvm_rmi_mig.h>

#include <uapi/linux/cca_mig.h>

#endif /* __CCA_MIG_INTERNAL_H */
