# SPDX-License-Identifier: GPL-2.0
# Host side of the harness: TEST INFRASTRUCTURE standing in for the
# upstream CCA host series (realm lifecycle and its firmware interface),
# kernel-style C built through the shim, plus the realm demo.
HOST_SRCS := $(HARNESS)/host/cca_host.c $(HARNESS)/host/cca_host_rmi.c \
	     $(HARNESS)/host/kvm_core.c
HOST_OBJS += $(patsubst $(HARNESS)/%.c,$(O)/%.o,$(HOST_SRCS))

# The patch series' KVM code (arch/arm64/kvm/rmi/), compiled unmodified;
# series/include maps its kernel include paths to where this repository
# keeps the headers.
SERIES_DIR := $(TOP)/arch/arm64/kvm/rmi
SERIES_SRCS := $(SERIES_DIR)/rmi-mig.c
SERIES_OBJS := $(patsubst $(SERIES_DIR)/%.c,$(O)/series/%.o,$(SERIES_SRCS))
HOST_OBJS += $(SERIES_OBJS)
SHIM_CFLAGS += -I$(HARNESS)/series/include

$(O)/series/%.o: $(SERIES_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) $(SHIM_CFLAGS) -c -o $@ $<
# Users of the host code (host tests, tools) find cca_host.h here.
SHIM_CFLAGS += -I$(HARNESS)/host

HOST_PROGS := $(O)/realm_demo

$(O)/host/%.o: $(HARNESS)/host/%.c
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) $(SHIM_CFLAGS) $(HOST_EXTRA_CFLAGS) -c -o $@ $<

$(O)/host/realm_demo.o: HOST_EXTRA_CFLAGS = -DGUEST_DIR='"$(O)/guest"'

$(O)/realm_demo: $(O)/host/realm_demo.o $(HOST_OBJS) $(SHIM_OBJS) $(RMM_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
