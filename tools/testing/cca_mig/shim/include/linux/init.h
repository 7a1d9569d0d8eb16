/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stub: section annotations of include/linux/init.h and cache.h. The
 * harness keeps everything; initcalls are not run automatically (a test
 * calls the init function it needs).
 */
#ifndef _SHIM_LINUX_INIT_H
#define _SHIM_LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __ro_after_init
#define __read_mostly
#define __refdata
#define __ref

#define __shim_initcall(fn)						\
	static int (*__UNIQUE_ID(initcall))(void) __used = (fn)

#define early_initcall(fn)	__shim_initcall(fn)
#define core_initcall(fn)	__shim_initcall(fn)
#define arch_initcall(fn)	__shim_initcall(fn)
#define subsys_initcall(fn)	__shim_initcall(fn)
#define fs_initcall(fn)		__shim_initcall(fn)
#define device_initcall(fn)	__shim_initcall(fn)
#define late_initcall(fn)	__shim_initcall(fn)

#endif /* _SHIM_LINUX_INIT_H */
