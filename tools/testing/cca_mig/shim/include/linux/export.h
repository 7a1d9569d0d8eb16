/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stub: include/linux/export.h. Every symbol is visible to the test that
 * links it; the export macros only check that the symbol exists.
 */
#ifndef _SHIM_LINUX_EXPORT_H
#define _SHIM_LINUX_EXPORT_H

#include <linux/compiler.h>

#define __shim_export(sym)						\
	extern typeof(sym) sym;						\
	static __maybe_unused void *__UNIQUE_ID(export) = (void *)&sym

#define EXPORT_SYMBOL(sym)			__shim_export(sym)
#define EXPORT_SYMBOL_GPL(sym)			__shim_export(sym)
#define EXPORT_SYMBOL_NS(sym, ns)		__shim_export(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)		__shim_export(sym)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods)	__shim_export(sym)
#define EXPORT_SYMBOL_FOR_KVM_INTERNAL(sym)	__shim_export(sym)
#define EXPORT_SYMBOL_FOR_KVM(sym)		__shim_export(sym)

#endif /* _SHIM_LINUX_EXPORT_H */
