/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the shim's own source files (shim.c, locking.c, smccc.c).
 */
#ifndef _SHIM_INTERNAL_H
#define _SHIM_INTERNAL_H

#include <linux/compiler.h>

/* Print @fmt, a backtrace (when built with a sanitizer) and abort(). */
__noreturn __printf(1, 2) void __shim_fatal(const char *fmt, ...);
/* Print a backtrace, when built with a sanitizer. */
void __shim_dump_stack(void);
/* Reset the SMC counter and hook (shim_init()). */
void __shim_smccc_reset(void);

#endif /* _SHIM_INTERNAL_H */
