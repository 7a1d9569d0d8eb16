# SPDX-License-Identifier: GPL-2.0
# RMM reference model (firmware side): plain userspace C.
RMM_SRCS := $(wildcard $(HARNESS)/rmm/*.c)
RMM_OBJS += $(patsubst $(HARNESS)/%.c,$(O)/%.o,$(RMM_SRCS))

$(O)/rmm/%.o: $(HARNESS)/rmm/%.c
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) -I$(HARNESS)/rmm -c -o $@ $<
