/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libccamig's one seam: how the library reaches KVM.
 *
 * cca_mig.c calls KVM and the migration stream fd only through these
 * functions. cca_mig_backend_kernel.c implements them with ioctl(2),
 * read(2), write(2), close(2), mmap(2) and munmap(2), for a real kernel. The reference-platform
 * harness links cca_mig_backend_harness.c instead: there the "VM fd" is a
 * file descriptor registered with the harness's mini KVM
 * (cca_mig_harness_register_vm()) and the ioctl goes to
 * kvm_shim_vm_ioctl_mig(), the KVM_CCA_MIG_OP case of kvm_arch_vm_ioctl();
 * stream fds are the kernel-API shim's files (shim_fd_read() and friends
 * call their file_operations as the VFS does). Which one is linked is
 * decided at build time; nothing else in the library differs.
 *
 * They return what the system call returns, or -errno on failure;
 * cca_mig_backend_mmap() returns the address or NULL (errno set).
 */
#ifndef CCA_MIG_BACKEND_H
#define CCA_MIG_BACKEND_H

#include <sys/types.h>

long cca_mig_backend_vm_ioctl(int vm_fd, unsigned long req, void *arg);
ssize_t cca_mig_backend_read(int fd, void *buf, size_t len);
ssize_t cca_mig_backend_write(int fd, const void *buf, size_t len);
int cca_mig_backend_close(int fd);
/* A shared, read-write mapping of @len bytes of @fd from offset 0. */
void *cca_mig_backend_mmap(int fd, size_t len);
int cca_mig_backend_munmap(void *addr, size_t len);

/* Harness only: make @fd (a real fd number) stand for the mini KVM's VM. */
int cca_mig_harness_register_vm(int fd, void *kvm);
void cca_mig_harness_unregister_vm(int fd);

#endif /* CCA_MIG_BACKEND_H */
