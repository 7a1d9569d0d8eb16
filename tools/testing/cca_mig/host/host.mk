# SPDX-License-Identifier: GPL-2.0
# Host side of the harness: TEST INFRASTRUCTURE standing in for the
# upstream CCA host series (realm lifecycle and its firmware interface),
# kernel-style C built through the shim, plus the realm demo.
HOST_SRCS := $(HARNESS)/host/cca_host.c $(HARNESS)/host/cca_host_rmi.c
HOST_OBJS += $(patsubst $(HARNESS)/%.c,$(O)/%.o,$(HOST_SRCS))
# Users of the host code (host tests, tools) find cca_host.h here.
SHIM_CFLAGS += -I$(HARNESS)/host

HOST_PROGS := $(O)/realm_demo

$(O)/host/%.o: $(HARNESS)/host/%.c
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) $(SHIM_CFLAGS) $(HOST_EXTRA_CFLAGS) -c -o $@ $<

$(O)/host/realm_demo.o: HOST_EXTRA_CFLAGS = -DGUEST_DIR='"$(O)/guest"'

$(O)/realm_demo: $(O)/host/realm_demo.o $(HOST_OBJS) $(SHIM_OBJS) $(RMM_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
