/* SPDX-License-Identifier: GPL-2.0 */
/*
 * custom: include/linux/uaccess.h. A "user" pointer is a pointer into the
 * test's own memory; the copies are memcpy() (checked by AddressSanitizer),
 * a NULL user pointer faults as an unmapped address would, and a fault can
 * be injected on demand (shim_fail_uaccess_nth() in shim.h).
 */
#ifndef _SHIM_LINUX_UACCESS_H
#define _SHIM_LINUX_UACCESS_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

/* shim.c: return the number of bytes NOT copied, as the kernel's do */
unsigned long __must_check copy_from_user(void *to, const void __user *from,
					  unsigned long n);
unsigned long __must_check copy_to_user(void __user *to, const void *from,
					unsigned long n);
unsigned long __must_check clear_user(void __user *to, unsigned long n);

#define access_ok(addr, size)	({ (void)(addr); (void)(size); true; })

#define get_user(x, ptr)						\
({									\
	typeof(*(ptr)) __gu_val;					\
	int __gu_err = copy_from_user(&__gu_val, (ptr),			\
				      sizeof(__gu_val)) ? -EFAULT : 0;	\
	(x) = __gu_err ? (typeof(*(ptr)))0 : __gu_val;			\
	__gu_err;							\
})

#define put_user(x, ptr)						\
({									\
	typeof(*(ptr)) __pu_val = (x);					\
	copy_to_user((ptr), &__pu_val, sizeof(__pu_val)) ? -EFAULT : 0;	\
})

#endif /* _SHIM_LINUX_UACCESS_H */
