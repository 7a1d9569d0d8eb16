// SPDX-License-Identifier: GPL-2.0
/*
 * libccamig's backend for the reference-platform harness (see
 * cca_mig_backend.h): VM fds map to the mini KVM's struct kvm, stream fds
 * are the kernel-API shim's files. Built with the shim's include paths.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/err.h>

#include "kvm_core.h"
#include "shim.h"

#include "cca_mig_backend.h"

/* struct kvm_cca_mig_op is 64 bytes: _IOWR(KVMIO, 0xda, ...). */
#define HARNESS_KVMIO		0xAEUL
#define HARNESS_CCA_MIG_OP	((3UL << 30) | (64UL << 16) |		\
				 (HARNESS_KVMIO << 8) | 0xdaUL)
#define HARNESS_MAX_VMS		16

static pthread_mutex_t vm_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int fd;
	struct kvm *kvm;
} vms[HARNESS_MAX_VMS];

static struct kvm *vm_of(int fd)
{
	struct kvm *kvm = NULL;
	unsigned int i;

	pthread_mutex_lock(&vm_lock);
	for (i = 0; i < HARNESS_MAX_VMS; i++)
		if (vms[i].kvm && vms[i].fd == fd)
			kvm = vms[i].kvm;
	pthread_mutex_unlock(&vm_lock);
	return kvm;
}

int cca_mig_harness_register_vm(int fd, void *kvm)
{
	unsigned int i;
	int ret = -ENFILE;

	if (fd < 0 || !kvm)
		return -EINVAL;
	pthread_mutex_lock(&vm_lock);
	for (i = 0; i < HARNESS_MAX_VMS; i++)
		if (!vms[i].kvm) {
			vms[i].fd = fd;
			vms[i].kvm = kvm;
			ret = 0;
			break;
		}
	pthread_mutex_unlock(&vm_lock);
	return ret;
}

void cca_mig_harness_unregister_vm(int fd)
{
	unsigned int i;

	pthread_mutex_lock(&vm_lock);
	for (i = 0; i < HARNESS_MAX_VMS; i++)
		if (vms[i].kvm && vms[i].fd == fd)
			vms[i].kvm = NULL;
	pthread_mutex_unlock(&vm_lock);
}

long cca_mig_backend_vm_ioctl(int vm_fd, unsigned long req, void *arg)
{
	struct kvm *kvm = vm_of(vm_fd);

	if (!kvm)
		return -EBADF;
	if (req != HARNESS_CCA_MIG_OP)
		return -ENOTTY;
	return kvm_shim_vm_ioctl_mig(kvm, arg);
}

ssize_t cca_mig_backend_read(int fd, void *buf, size_t len)
{
	ssize_t n;

	if (shim_fd_is_shim(fd))
		return shim_fd_read(fd, buf, len);
	n = read(fd, buf, len);
	return n < 0 ? -errno : n;
}

ssize_t cca_mig_backend_write(int fd, const void *buf, size_t len)
{
	ssize_t n;

	if (shim_fd_is_shim(fd))
		return shim_fd_write(fd, buf, len);
	n = write(fd, buf, len);
	return n < 0 ? -errno : n;
}

void *cca_mig_backend_mmap(int fd, size_t len)
{
	void *p;

	if (!shim_fd_is_shim(fd)) {
		errno = ENODEV;
		return NULL;
	}
	p = shim_fd_mmap(fd, len, PROT_READ | PROT_WRITE, 0);
	if (IS_ERR(p)) {
		errno = -PTR_ERR(p);
		return NULL;
	}
	return p;
}

int cca_mig_backend_munmap(void *addr, size_t len)
{
	return shim_fd_munmap(addr, len);
}

int cca_mig_backend_close(int fd)
{
	if (shim_fd_is_shim(fd))
		return shim_fd_close(fd);
	return close(fd) < 0 ? -errno : 0;
}
