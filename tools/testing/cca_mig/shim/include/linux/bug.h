/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: BUG() and WARN() of include/linux/bug.h and asm-generic/bug.h.
 *
 * BUG()/BUG_ON() print the location and abort(), as an oops would end the
 * test. WARN*() print the location and a backtrace and count the warning
 * (shim_nr_warnings()); the harness's teardown fails a test that warned
 * unexpectedly. The _ONCE variants print once per call site but count
 * every occurrence.
 */
#ifndef _SHIM_LINUX_BUG_H
#define _SHIM_LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/types.h>

/* shim.c */
__noreturn void __shim_bug(const char *file, int line, const char *func,
			   const char *cond);
void __shim_warn(const char *file, int line, const char *func,
		 const char *cond, bool print);
__printf(5, 6) void __shim_warn_fmt(const char *file, int line,
				    const char *func, bool print,
				    const char *fmt, ...);

#define BUG()	__shim_bug(__FILE__, __LINE__, __func__, NULL)

#define BUG_ON(condition)						\
	do {								\
		if (unlikely(condition))				\
			__shim_bug(__FILE__, __LINE__, __func__,	\
				   #condition);				\
	} while (0)

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__shim_warn(__FILE__, __LINE__, __func__, #condition,	\
			    true);					\
	unlikely(__ret_warn_on);					\
})

#define WARN(condition, format...) ({					\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__shim_warn_fmt(__FILE__, __LINE__, __func__, true,	\
				format);				\
	unlikely(__ret_warn_on);					\
})

#define WARN_ON_ONCE(condition) ({					\
	static bool __warned;						\
	int __ret_warn_once = !!(condition);				\
	if (unlikely(__ret_warn_once)) {				\
		__shim_warn(__FILE__, __LINE__, __func__, #condition,	\
			    !__warned);					\
		__warned = true;					\
	}								\
	unlikely(__ret_warn_once);					\
})

#define WARN_ONCE(condition, format...) ({				\
	static bool __warned;						\
	int __ret_warn_once = !!(condition);				\
	if (unlikely(__ret_warn_once)) {				\
		__shim_warn_fmt(__FILE__, __LINE__, __func__,		\
				!__warned, format);			\
		__warned = true;					\
	}								\
	unlikely(__ret_warn_once);					\
})

#define WARN_RATELIMIT(condition, format...)	WARN(condition, format)
#define WARN_ON_RATELIMIT(condition, state)	WARN_ON(condition)

#endif /* _SHIM_LINUX_BUG_H */
