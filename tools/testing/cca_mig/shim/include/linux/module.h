/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stub: include/linux/module.h. module_init()/module_exit() record the
 * functions without calling them: a test that #includes a module's .c file
 * calls its init and exit functions itself.
 *
 * custom: module references. THIS_MODULE is NULL (built in: references
 * are free), but a test may give an ops structure a struct module of its
 * own as owner and watch its reference count, or mark it going so that
 * try_module_get() fails as it does during unload.
 */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/bug.h>
#include <linux/export.h>
#include <linux/init.h>

/**
 * struct module - A module, as far as references go
 * @name: for messages
 * @refcnt: references held (try_module_get(), __module_get())
 * @going: being unloaded: try_module_get() fails
 */
struct module {
	const char *name;
	int refcnt;
	bool going;
};

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
	if (!module)
		return true;
	if (__atomic_load_n(&module->going, __ATOMIC_ACQUIRE))
		return false;
	__atomic_add_fetch(&module->refcnt, 1, __ATOMIC_ACQ_REL);
	return true;
}

static inline void module_put(struct module *module)
{
	if (module)
		WARN_ON(__atomic_sub_fetch(&module->refcnt, 1,
					   __ATOMIC_ACQ_REL) < 0);
}

static inline void __module_get(struct module *module)
{
	if (module)
		__atomic_add_fetch(&module->refcnt, 1, __ATOMIC_ACQ_REL);
}

#endif /* _SHIM_LINUX_MODULE_H */
