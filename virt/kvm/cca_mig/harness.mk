# SPDX-License-Identifier: GPL-2.0
#
# The cca_mig module in the reference-platform harness
# (tools/testing/cca_mig/, which includes this file). The module's .c files
# are compiled unmodified inside tests/host_cca_mig_test.c and the fault
# injection and hostile-stream tests, which include them after the test
# copy of cca_mig_internal.h; they are prerequisites so that a change to
# the module rebuilds the tests.

CCA_MIG_DIR := $(TOP)/virt/kvm/cca_mig
CCA_MIG_TEST_OBJ := $(O)/tests/host_cca_mig_test.o \
		    $(O)/tests/host_faultinj_test.o \
		    $(O)/tests/host_hostile_test.o

$(CCA_MIG_TEST_OBJ): $(wildcard $(CCA_MIG_DIR)/*.c $(CCA_MIG_DIR)/*.h) \
		     $(TOP)/include/uapi/linux/cca_mig.h
$(CCA_MIG_TEST_OBJ): SHIM_CFLAGS += -I$(TOP)/include
