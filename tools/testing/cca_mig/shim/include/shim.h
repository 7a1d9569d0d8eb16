/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-API shim's control panel, for tests and tools (not for the
 * kernel code under test, which only sees kernel headers).
 *
 * Bring-up order: rmm_init(), then shim_init() (the page allocator spans
 * the model's DRAM); at the end shim_fini() before rmm_fini(). Host code
 * tests do both with shim_model_init()/shim_model_fini() and look at the
 * model through the shim_model_*() calls below: they cannot include
 * rmm.h, whose firmware-side ABI names (RMI_SUCCESS, SMC_RMI_*, ...)
 * are defined independently of, and clash with, the host's
 * <linux/arm-smccc-rmi.h>.
 *
 * Fault injection, by counter as in tools/testing/shared/linux.c: every
 * allocation attempt (kmalloc() and friends, vmalloc(), the page
 * allocator; not __GFP_NOFAIL ones) is numbered; shim_fail_alloc_nth(n)
 * makes the n-th attempt from now fail, once. A test learns how many
 * allocations an operation makes with shim_nr_alloc_calls() and then fails
 * each in turn. copy_{from,to}_user() have their own counter.
 *
 * Leak counting: nr_allocated counts live slab/vmalloc objects, as
 * tools/testing/shared does; shim_nr_pages_allocated() live pages.
 */
#ifndef _SHIM_H
#define _SHIM_H

#include <linux/arm-smccc.h>
#include <linux/types.h>

/**
 * shim_init() - Bring the shim up over the RMM model's DRAM.
 *
 * Return: 0, or -errno (-ENODEV if the model is not initialised).
 */
int shim_init(void);

/**
 * shim_fini() - Tear the shim down, reporting leaks on stderr.
 *
 * Return: the number of slab objects plus pages still allocated (0: no
 * leak). Pages that are still allocated are not returned to the model.
 */
long shim_fini(void);

/* Live slab/vmalloc objects (tools/testing/shared's counter). */
extern long nr_allocated;
long shim_nr_allocated(void);
/* Live pages from the page allocator. */
long shim_nr_pages_allocated(void);
/* Free pages left in the page allocator. */
unsigned long shim_nr_pages_free(void);

/* Allocation attempts (slab + pages) since shim_init(). */
unsigned long shim_nr_alloc_calls(void);
/* Make the @nth allocation attempt from now (1 = the next) fail; 0 disarms. */
void shim_fail_alloc_nth(unsigned long nth);
/* Injected allocation failures since shim_init(). */
unsigned long shim_nr_alloc_failed(void);

/* The same for copy_from_user()/copy_to_user()/clear_user(). */
void shim_fail_uaccess_nth(unsigned long nth);
unsigned long shim_nr_uaccess_calls(void);

/* WARN*() hits since shim_init() or the last reset (expected ones too). */
unsigned long shim_nr_warnings(void);
void shim_reset_warnings(void);
/* The next @n WARN*() hits are expected: one line each, no backtrace. */
void shim_expect_warnings(unsigned long n);

/* Locks the calling thread holds (lockdep's held-lock depth). */
unsigned int shim_locks_held(void);

/*
 * printk() threshold: messages with a level numerically below @level are
 * printed (default LOGLEVEL_NOTICE, i.e. KERN_WARNING and more severe;
 * SHIM_LOGLEVEL in the environment overrides at shim_init()).
 */
void shim_set_loglevel(int level);

/* SMCs issued through the seam since shim_init(). */
unsigned long shim_nr_smc(void);

/*
 * Observe every SMC: @fn is called after the model returned, with the
 * arguments and results (x0..x17). One hook; NULL removes it.
 */
typedef void (*shim_smc_hook_t)(const struct arm_smccc_1_2_regs *args,
				const struct arm_smccc_1_2_regs *res,
				void *priv);
void shim_set_smc_hook(shim_smc_hook_t fn, void *priv);

/*
 * Answer SMCs instead of the model: @fn sees each call's arguments; if it
 * returns true it has written the results (x0..x17) and the model is not
 * called. For register-marshalling tests of wrappers. One; NULL removes it.
 */
typedef bool (*shim_smc_answer_t)(const struct arm_smccc_1_2_regs *args,
				  struct arm_smccc_1_2_regs *res, void *priv);
void shim_set_smc_answer(shim_smc_answer_t fn, void *priv);

/* ---------------------------------------------------------------------- */
/* Files kernel code installed (fs.c; see linux/fs.h)                      */

/*
 * read(2), write(2), poll(2), ioctl(2) and close(2) on an fd that kernel
 * code installed (anon_inode_getfd(), fd_install()): they call the file's
 * operations as the VFS does. Return what the operation returns (-errno
 * on failure; -EBADF for an fd that is not a shim file).
 * shim_fd_poll() waits up to @timeout_ms (<0: forever, 0: not at all) for
 * one of @events (EPOLL*) and returns the ready mask (0 on timeout).
 */
ssize_t shim_fd_read(int fd, void *buf, size_t len);
ssize_t shim_fd_write(int fd, const void *buf, size_t len);
int shim_fd_poll(int fd, unsigned int events, long timeout_ms);
long shim_fd_ioctl(int fd, unsigned int cmd, unsigned long arg);
int shim_fd_close(int fd);
bool shim_fd_is_shim(int fd);
/*
 * splice(2) between a shim fd and a real one (pipe, socket, file): up to
 * @len bytes; a short read from the source ends the copy. Return the
 * bytes moved, or -errno if nothing was.
 */
ssize_t shim_fd_splice_out(int fd, int out_fd, size_t len);
ssize_t shim_fd_splice_in(int in_fd, int fd, size_t len);
/*
 * mmap(2)/munmap(2) of a shim fd, MAP_SHARED: @prot is PROT_READ and/or
 * PROT_WRITE, @off the offset in the file. The shim shares one address
 * space with kernel code, so the mapping is the kernel memory the file's
 * ->mmap() remapped. The mapping holds a reference on the file until
 * shim_fd_munmap() with the same address and length. Return the address,
 * or an ERR_PTR(-errno); shim_fd_munmap() returns 0 or -EINVAL.
 */
void *shim_fd_mmap(int fd, size_t len, int prot, size_t off);
int shim_fd_munmap(void *addr, size_t len);
/* Shim fds installed or reserved and not closed yet. */
unsigned int shim_nr_open_files(void);

/* ---------------------------------------------------------------------- */
/* The RMM model underneath (model.c)                                     */

/**
 * shim_model_init() - rmm_init() with @dram_bytes of DRAM (0: the model's
 * default), then shim_init().
 *
 * Return: 0, or -errno.
 */
int shim_model_init(size_t dram_bytes);

/**
 * shim_model_fini() - shim_fini(), then rmm_fini().
 *
 * Return: leaked slab objects + pages + granules not returned to the
 * Non-secure PAS (0: the host cleaned up everything).
 */
long shim_model_fini(void);

/* Granules of DRAM that are not UNDELEGATED, i.e. owned by the RMM. */
unsigned long shim_model_granules_delegated(void);
/* Granules in the model's state named @state ("RD", "REC", "RTT", ...). */
unsigned long shim_model_granules_in(const char *state);
/* The model's name for the state of the granule at @pa ("DATA", ...). */
const char *shim_model_granule_state(phys_addr_t pa);
/* The RIM of the realm whose RD is at @rd (64 bytes); false if none. */
bool shim_model_realm_rim(phys_addr_t rd, u8 rim[64]);
/* SMCs the model handled for function ID @fid since rmm_init(). */
unsigned long shim_model_smc_count(u32 fid);
/* Make the next @count calls of @fid (0: any) return @status. */
void shim_model_inject_status(u64 fid, u64 status, unsigned int count);

#endif /* _SHIM_H */
