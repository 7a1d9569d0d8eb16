/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/errno.h. Keep in sync.
 *
 * The E* values are the system's uapi ones (glibc's <errno.h> reaches this
 * file through <linux/errno.h> too, and gets them unchanged); the kernel's
 * internal codes that never reach userspace are added.
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ENOIOCTLCMD		515
#define ERESTART_RESTARTBLOCK	516
#define EPROBE_DEFER		517
#define EOPENSTALE		518
#define ENOPARAM		519

#define EBADHANDLE		521
#define ENOTSYNC		522
#define EBADCOOKIE		523
#define ENOTSUPP		524
#define ETOOSMALL		525
#define ESERVERFAULT		526
#define EBADTYPE		527
#define EJUKEBOX		528
#define EIOCBQUEUED		529
#define ERECALLCONFLICT		530
#define ENOGRACE		531

#endif /* _SHIM_LINUX_ERRNO_H */
