/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stub: include/linux/module.h. module_init()/module_exit() record the
 * functions without calling them: a test that #includes a module's .c file
 * calls its init and exit functions itself.
 */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/export.h>
#include <linux/init.h>

struct module;
#define THIS_MODULE		((struct module *)0)

#define module_init(fn)							\
	static int (*__UNIQUE_ID(module_init))(void) __used = (fn)
#define module_exit(fn)							\
	static void (*__UNIQUE_ID(module_exit))(void) __used = (fn)

#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_VERSION(x)
#define MODULE_ALIAS(x)
#define MODULE_SOFTDEP(x)
#define MODULE_IMPORT_NS(x)
#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
#define MODULE_PARM_DESC(name, desc)

static inline bool try_module_get(struct module *module)
{
	return true;
}

static inline void module_put(struct module *module)
{
}

static inline void __module_get(struct module *module)
{
}

#endif /* _SHIM_LINUX_MODULE_H */
