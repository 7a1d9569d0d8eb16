# SPDX-License-Identifier: GPL-2.0
# Realm guests: real AArch64 code, freestanding, linked at CCA_GUEST_BASE_IPA
# and flattened into $(O)/guest/NAME.bin. Each guest/NAME.c is one guest;
# guest/lib/ is linked into all of them.
GUEST_CC	:= $(CROSS_COMPILE_GUEST)gcc
GUEST_OBJCOPY	:= $(CROSS_COMPILE_GUEST)objcopy
GUEST_CFLAGS	:= -std=gnu11 -ffreestanding -nostdlib -mgeneral-regs-only -O2 \
		   -g -Wall -Wextra -Wno-unused-parameter -mstrict-align \
		   -mno-outline-atomics -fno-pic -fno-pie -fno-stack-protector \
		   -fno-asynchronous-unwind-tables -fno-unwind-tables \
		   -fno-builtin -MMD -MP \
		   -I$(HARNESS)/include -I$(HARNESS)/guest/lib
GUEST_LDFLAGS	:= -nostdlib -static -no-pie -Wl,--build-id=none \
		   -Wl,--no-warn-rwx-segments
GUEST_NAMES	:= $(patsubst $(HARNESS)/guest/%.c,%,\
		     $(wildcard $(HARNESS)/guest/*.c))
GUEST_LIB_OBJS	:= $(O)/guest/lib/start.o $(O)/guest/lib/rsi.o
GUEST_LDS	:= $(O)/guest/guest.lds
GUEST_BINS	+= $(patsubst %,$(O)/guest/%.bin,$(GUEST_NAMES))

$(GUEST_LDS): $(HARNESS)/guest/lib/guest.lds.S $(HARNESS)/include/cca_guest_abi.h
	@mkdir -p $(dir $@)
	$(GUEST_CC) -E -P -x c -I$(HARNESS)/include -o $@ $<

$(O)/guest/lib/%.o: $(HARNESS)/guest/lib/%.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(O)/guest/lib/%.o: $(HARNESS)/guest/lib/%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(O)/guest/%.o: $(HARNESS)/guest/%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(O)/guest/%.elf: $(O)/guest/%.o $(GUEST_LIB_OBJS) $(GUEST_LDS)
	$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ \
		$(GUEST_LIB_OBJS) $< -lgcc

$(O)/guest/%.bin: $(O)/guest/%.elf
	$(GUEST_OBJCOPY) -O binary $< $@

.PRECIOUS: $(O)/guest/%.elf $(O)/guest/%.o
