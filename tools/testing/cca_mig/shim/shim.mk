# SPDX-License-Identifier: GPL-2.0
# Kernel-API shim: kernel-style C (the module's and the patch series' own
# .c files, and the host stand-in in host/) compiles unmodified against
# shim/include and cca-host/; the SMC conduit (shim/smccc.c) is the only
# seam, and it calls the RMM model.
SHIM_CFLAGS += -I$(HARNESS)/shim/include -I$(HARNESS)/cca-host
SHIM_SRCS := $(HARNESS)/shim/shim.c $(HARNESS)/shim/locking.c \
	     $(HARNESS)/shim/smccc.c $(HARNESS)/shim/model.c \
	     $(HARNESS)/shim/fs.c
SHIM_OBJS += $(patsubst $(HARNESS)/%.c,$(O)/%.o,$(SHIM_SRCS))

$(O)/shim/%.o: $(HARNESS)/shim/%.c
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) $(SHIM_CFLAGS) -I$(HARNESS)/rmm \
		-I$(HARNESS)/shim -c -o $@ $<
