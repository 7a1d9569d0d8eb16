/* SPDX-License-Identifier: GPL-2.0 */
/* custom: include/linux/file.h over the shim's fd table (fs.c, fs.h). */
#ifndef _SHIM_LINUX_FILE_H
#define _SHIM_LINUX_FILE_H

#include <linux/fs.h>

int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
void fd_install(unsigned int fd, struct file *file);
struct file *fget(unsigned int fd);
void fput(struct file *file);
struct file *get_file(struct file *f);

#endif /* _SHIM_LINUX_FILE_H */
