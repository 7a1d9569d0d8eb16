# SPDX-License-Identifier: GPL-2.0
#
# The performance benchmark (bench/): the real module, the patch code, the
# shim and the RMM model, as the harness tests link them, driven through
# libccamig's harness backend as a VMM would. Included by the harness
# Makefile after everything else is defined.
#
#   make bench-build   $(O)/bench/cca_mig_bench and the guest it runs
#   make bench         build and run it (BENCH_ARGS: its options, -h)
#
# Build it without sanitizers and optimised, into a directory of its own:
#   make -C tools/testing/cca_mig O=$(TOP)/build/bench SAN= OPT=-O2 bench
# (the top-level "make bench" does exactly that). Speed goals live here,
# never in timed tests: a missed target prints MISS, the run succeeds.

BENCH_DIR	:= $(HARNESS)/bench
BENCH_O		:= $(O)/bench
BENCH_PROG	:= $(BENCH_O)/cca_mig_bench
BENCH_ARGS	?=
BENCH_GUEST	:= $(O)/guest/bench_dirty.bin

$(BENCH_O)/bench.o: $(BENCH_DIR)/bench.c $(BENCH_DIR)/bench_plat.h \
		    $(CCAMIG_DIR)/cca_mig.h $(CCAMIG_DIR)/cca_mig_backend.h \
		    $(TOP)/include/uapi/linux/cca_mig.h
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_LIB_CFLAGS) -I$(BENCH_DIR) \
		-DGUEST_DIR='"$(O)/guest"' -c -o $@ $<

$(BENCH_O)/bench_plat.o: $(BENCH_DIR)/bench_plat.c $(BENCH_DIR)/bench_plat.h
	@mkdir -p $(dir $@)
	$(CC) $(CCAMIG_PLAT_CFLAGS) -I$(BENCH_DIR) -c -o $@ $<

$(BENCH_PROG): $(BENCH_O)/bench.o $(BENCH_O)/bench_plat.o \
	       $(CCAMIG_PLAT_OBJS) $(HOST_OBJS) $(SHIM_OBJS) $(RMM_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bench-build: $(BENCH_PROG) $(BENCH_GUEST)

bench: bench-build
	$(BENCH_PROG) $(BENCH_ARGS)

.PHONY: bench-build bench
