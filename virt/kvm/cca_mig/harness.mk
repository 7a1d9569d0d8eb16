# SPDX-License-Identifier: GPL-2.0
#
# The cca_mig module in the reference-platform harness
# (tools/testing/cca_mig/, which includes this file). The module's .c files
# are compiled unmodified inside every tests/host_*_test.c that includes
# the test copy of cca_mig_internal.h (and then the module's .c files);
# they are prerequisites so that a change to the module rebuilds the tests.

CCA_MIG_DIR := $(TOP)/virt/kvm/cca_mig
CCA_MIG_TEST_OBJ := $(patsubst $(HARNESS)/tests/%.c,$(O)/tests/%.o,\
	$(shell grep -l '^\#include "cca_mig_internal.h"' \
		$(HARNESS)/tests/host_*_test.c))

$(CCA_MIG_TEST_OBJ): $(wildcard $(CCA_MIG_DIR)/*.c $(CCA_MIG_DIR)/*.h) \
		     $(TOP)/include/uapi/linux/cca_mig.h
$(CCA_MIG_TEST_OBJ): SHIM_CFLAGS += -I$(TOP)/include
