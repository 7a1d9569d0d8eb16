# SPDX-License-Identifier: GPL-2.0-only
#
# Arm CCA realm migration selftests
# (Documentation/virt/kvm/arm/cca-mig-selftests.rst).
#
# In a kernel tree, ../Makefile.kvm includes this file before it includes
# ../lib.mk:
#
#	include cca/cca.mk
#
# and then builds and runs them as any arm64 KVM selftest:
#
#	make headers
#	make -C tools/testing/selftests/kvm ARCH=arm64 \
#		CROSS_COMPILE=aarch64-linux-gnu-
#	make -C tools/testing/selftests TARGETS=kvm run_tests
#
# The realm helpers in cca/lib join the library (LIBKVM) for arm64: the
# KVM selftest library has no realm support of its own yet.

TEST_GEN_PROGS_arm64 += cca/cca_mig_test
TEST_GEN_PROGS_arm64 += cca/cca_mig_einval_test

LIBKVM_arm64 += cca/lib/cca_mig.c
LIBKVM_arm64 += cca/lib/realm.c
