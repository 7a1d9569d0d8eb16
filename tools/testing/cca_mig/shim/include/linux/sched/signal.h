/* SPDX-License-Identifier: GPL-2.0 */
/* stub: include/linux/sched/signal.h: there are no signals here. */
#ifndef _SHIM_LINUX_SCHED_SIGNAL_H
#define _SHIM_LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

#ifndef current
#define current			((struct task_struct *)0)
#endif

#endif /* _SHIM_LINUX_SCHED_SIGNAL_H */
