// SPDX-License-Identifier: GPL-2.0
/*
 * libccamig's backend for a real kernel: the system calls themselves
 * (see cca_mig_backend.h).
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cca_mig_backend.h"

long cca_mig_backend_vm_ioctl(int vm_fd, unsigned long req, void *arg)
{
	return ioctl(vm_fd, req, arg) < 0 ? -errno : 0;
}

ssize_t cca_mig_backend_read(int fd, void *buf, size_t len)
{
	ssize_t n = read(fd, buf, len);

	return n < 0 ? -errno : n;
}

ssize_t cca_mig_backend_write(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	return n < 0 ? -errno : n;
}

int cca_mig_backend_close(int fd)
{
	return close(fd) < 0 ? -errno : 0;
}

void *cca_mig_backend_mmap(int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

int cca_mig_backend_munmap(void *addr, size_t len)
{
	return munmap(addr, len) < 0 ? -errno : 0;
}

int cca_mig_harness_register_vm(int fd, void *kvm)
{
	return -EOPNOTSUPP;
}

void cca_mig_harness_unregister_vm(int fd)
{
}
