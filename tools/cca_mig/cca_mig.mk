# SPDX-License-Identifier: GPL-2.0
#
# libccamig and cca-migrate (tools/cca_mig/), built by the reference
# platform's Makefile (tools/testing/cca_mig/Makefile includes this file
# after host/host.mk and the module's harness.mk):
#
#   $(O)/cca_mig/libccamig.a   the library with the real-kernel backend
#                              (ioctl(2), read(2), write(2)): what a VMM links
#   $(O)/cca-migrate           the CLI on the reference platform: the same
#                              library with the harness backend, the mini
#                              KVM and the module compiled through the shim
#
# tests/host_vmm_test links the same objects as cca-migrate.

CCAMIG_DIR := $(TOP)/tools/cca_mig
CCAMIG_O   := $(O)/cca_mig
# The library proper: system headers and the uapi header only.
CCAMIG_LIB_CFLAGS := $(COMMON_CFLAGS) -I$(TOP)/include -I$(CCAMIG_DIR)
# The reference-platform parts: built through the shim.
CCAMIG_PLAT_CFLAGS := $(COMMON_CFLAGS) $(SHIM_CFLAGS) -I$(HARNESS)/host \
		      -I$(HARNESS)/tests -I$(CCAMIG_DIR)
CCAMIG_PLAT_OBJS := $(CCAMIG_O)/cca_mig.o \
		    $(CCAMIG_O)/cca_mig_backend_harness.o \
		    $(CCAMIG_O)/ccaplat.o $(CCAMIG_O)/ccaplat_module.o \
		    $(O)/tests/util_host_migkey.o
CCAMIG_PROGS := $(O)/cca-migrate $(CCAMIG_O)/libccamig.a
HOST_PROGS += $(CCAMIG_PROGS)

$(CCAMIG_O)/cca_mig.o: $(CCAMIG_DIR)/cca_mig.c $(CCAMIG_DIR)/cca_mig.h \
		       $(CCAMIG_DIR)/cca_mig_backend.h \
		       $(TOP)/include/uapi/linux/cca_mig.h
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_LIB_CFLAGS) -c -o $@ $<

$(CCAMIG_O)/cca_mig_backend_kernel.o: $(CCAMIG_DIR)/cca_mig_backend_kernel.c
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_LIB_CFLAGS) -c -o $@ $<

$(CCAMIG_O)/libccamig.a: $(CCAMIG_O)/cca_mig.o \
			 $(CCAMIG_O)/cca_mig_backend_kernel.o
	$(AR) rcs $@ $^

$(CCAMIG_O)/cca_mig_backend_harness.o: $(CCAMIG_DIR)/cca_mig_backend_harness.c
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_PLAT_CFLAGS) -c -o $@ $<

$(CCAMIG_O)/ccaplat.o: $(CCAMIG_DIR)/ccaplat.c $(CCAMIG_DIR)/ccaplat.h
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_PLAT_CFLAGS) -c -o $@ $<

# The module's sources are prerequisites: a change to them rebuilds it.
$(CCAMIG_O)/ccaplat_module.o: $(CCAMIG_DIR)/ccaplat_module.c \
			      $(CCAMIG_DIR)/ccaplat_module.h \
			      $(wildcard $(TOP)/virt/kvm/cca_mig/*.c \
					 $(TOP)/virt/kvm/cca_mig/*.h) \
			      $(TOP)/include/uapi/linux/cca_mig.h
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_PLAT_CFLAGS) -I$(TOP)/include -c -o $@ $<

$(CCAMIG_O)/cca-migrate.o: $(CCAMIG_DIR)/cca-migrate.c $(CCAMIG_DIR)/cca_mig.h \
			   $(CCAMIG_DIR)/ccaplat.h
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_LIB_CFLAGS) -DGUEST_DIR='"$(O)/guest"' -c -o $@ $<

$(O)/cca-migrate: $(CCAMIG_O)/cca-migrate.o $(CCAMIG_PLAT_OBJS) $(HOST_OBJS) \
		  $(SHIM_OBJS) $(RMM_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The VMM tests: the library and the platform, as cca-migrate.
$(O)/tests/host_vmm_test: $(CCAMIG_PLAT_OBJS)
$(O)/tests/host_vmm_test.o: SHIM_CFLAGS += -I$(CCAMIG_DIR)

# cca-mig-agent: TEST key blobs for a test platform's RMM, the program the
# kselftests take as -a AGENT. tests/host_scenario_test runs it.
CCAMIG_AGENT := $(O)/cca-mig-agent
HOST_PROGS += $(CCAMIG_AGENT)

$(CCAMIG_O)/cca-mig-agent.o: $(CCAMIG_DIR)/cca-mig-agent.c
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) -c -o $@ $<

$(CCAMIG_AGENT): $(CCAMIG_O)/cca-mig-agent.o
	$(CC) $(LDFLAGS) -o $@ $^ -lcrypto

$(O)/tests/host_scenario_test: | $(CCAMIG_AGENT)
