# SPDX-License-Identifier: GPL-2.0
#
# Fuzzing the cca_mig module (fuzz/README.md). Included by the harness
# Makefile after everything else is defined.
#
#   make fuzz-build    libFuzzer targets (clang) and reproducers (gcc)
#   make fuzz-check    bounded run: FUZZ_SECONDS (60) per target, fixed
#                      seed, then replay of the corpus and the regressions
#   make fuzz          long run: FUZZ_SECONDS (600) per target
#   make fuzz-corpus   regenerate corpus/ and stream_keys.h (checked in)
#
# The targets compile the module's .c files as tests/host_cca_mig_test.c
# does. libFuzzer needs clang and its runtime (Debian: clang-14,
# libclang-rt-14-dev); everything the targets link is compiled again with
# clang and coverage into $(O)/fuzz/clang. The reproducers link the gcc
# objects of the harness.

FUZZ_DIR	:= $(HARNESS)/fuzz
FUZZ_O		:= $(O)/fuzz
FUZZ_CC		?= clang-14
FUZZ_TARGETS	:= fuzz_stream fuzz_ioctl
FUZZ_SECONDS	?=

# User copies that fault outside registered user memory, fixed nonces.
FUZZ_WRAP	:= -Wl,--wrap=copy_from_user,--wrap=copy_to_user \
		   -Wl,--wrap=clear_user,--wrap=mig_nonce,--wrap=mig_counter_now
FUZZ_TU_CFLAGS	= $(TEST_CFLAGS) $(SHIM_CFLAGS) -I$(TOP)/include -I$(FUZZ_DIR)
FUZZ_MODULE_SRCS := $(wildcard $(CCA_MIG_DIR)/*.c $(CCA_MIG_DIR)/*.h) \
		    $(TOP)/include/uapi/linux/cca_mig.h
# Plain userspace helpers (no shim, no model headers).
FUZZ_LIB_SRCS	:= $(FUZZ_DIR)/fuzz_common.c $(FUZZ_DIR)/fuzz_nonce.c \
		   $(FUZZ_DIR)/fuzz_canon.c

# ---------------------------------------------------------------------------
# Reproducers and the generator: gcc, linked with the harness's objects.

FUZZ_GCC_LIB	:= $(patsubst $(FUZZ_DIR)/%.c,$(FUZZ_O)/gcc/%.o,$(FUZZ_LIB_SRCS)) \
		   $(O)/tests/util_host_migkey.o
FUZZ_REPROS	:= $(patsubst %,$(FUZZ_O)/%_repro,$(FUZZ_TARGETS))
FUZZ_GEN	:= $(FUZZ_O)/gen_corpus

$(FUZZ_O)/gcc/fuzz_%.o: $(FUZZ_DIR)/fuzz_%.c $(FUZZ_DIR)/fuzz.h
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) -c -o $@ $<

$(FUZZ_O)/gcc/fuzz_stream.o $(FUZZ_O)/gcc/fuzz_ioctl.o: \
		$(FUZZ_O)/gcc/%.o: $(FUZZ_DIR)/%.c $(FUZZ_DIR)/fuzz.h \
		$(FUZZ_DIR)/stream_keys.h $(FUZZ_MODULE_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_TU_CFLAGS) -c -o $@ $<

$(FUZZ_O)/gcc/gen_corpus.o: $(FUZZ_DIR)/gen_corpus.c $(FUZZ_DIR)/fuzz.h \
		$(FUZZ_MODULE_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_TU_CFLAGS) -c -o $@ $<

$(FUZZ_REPROS): $(FUZZ_O)/%_repro: $(FUZZ_O)/gcc/%.o $(FUZZ_O)/gcc/fuzz_main.o \
		$(FUZZ_GCC_LIB) $(HOST_OBJS) $(SHIM_OBJS) $(RMM_OBJS)
	$(CC) $(LDFLAGS) $(FUZZ_WRAP) -o $@ $^ $(LDLIBS)

$(FUZZ_GEN): $(FUZZ_O)/gcc/gen_corpus.o $(FUZZ_GCC_LIB) $(HOST_OBJS) \
		$(SHIM_OBJS) $(RMM_OBJS)
	$(CC) $(LDFLAGS) $(FUZZ_WRAP) -o $@ $^ $(LDLIBS)

# ---------------------------------------------------------------------------
# libFuzzer targets: everything again with clang, coverage on all of it.

# clang 14 takes guard()'s cleanup variables for unused ones: the gcc
# builds of the same files keep that warning.
FUZZ_COV	= -fsanitize=fuzzer-no-link
FUZZ_CLANG_CFLAGS = $(filter-out -Og,$(COMMON_CFLAGS)) -O1 $(FUZZ_COV) \
		    -Wno-unused-variable
FUZZ_CLANG_LDFLAGS := -fsanitize=fuzzer,address,undefined
FUZZ_CL		:= $(FUZZ_O)/clang
FUZZ_CL_RMM	:= $(patsubst $(HARNESS)/%.c,$(FUZZ_CL)/%.o,$(RMM_SRCS))
FUZZ_CL_SHIM	:= $(patsubst $(HARNESS)/%.c,$(FUZZ_CL)/%.o,$(SHIM_SRCS))
FUZZ_CL_HOST	:= $(patsubst $(HARNESS)/%.c,$(FUZZ_CL)/%.o,$(HOST_SRCS))
FUZZ_CL_SERIES	:= $(patsubst $(SERIES_DIR)/%.c,$(FUZZ_CL)/series/%.o,$(SERIES_SRCS))
FUZZ_CL_LIB	:= $(patsubst $(FUZZ_DIR)/%.c,$(FUZZ_CL)/fuzz/%.o,$(FUZZ_LIB_SRCS)) \
		   $(FUZZ_CL)/tests/util_host_migkey.o
FUZZ_BINS	:= $(patsubst %,$(FUZZ_O)/%,$(FUZZ_TARGETS))

# The leak check after every input counts granules by state over all of
# DRAM: without coverage there, that scan stays cheap.
$(FUZZ_CL)/rmm/granule.o: FUZZ_COV :=

$(FUZZ_CL)/rmm/%.o: $(HARNESS)/rmm/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CLANG_CFLAGS) -I$(HARNESS)/rmm -c -o $@ $<

$(FUZZ_CL)/shim/%.o: $(HARNESS)/shim/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CLANG_CFLAGS) $(SHIM_CFLAGS) -I$(HARNESS)/rmm \
		-I$(HARNESS)/shim -c -o $@ $<

$(FUZZ_CL)/host/%.o: $(HARNESS)/host/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CLANG_CFLAGS) $(SHIM_CFLAGS) -c -o $@ $<

$(FUZZ_CL)/series/%.o: $(SERIES_DIR)/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CLANG_CFLAGS) $(SHIM_CFLAGS) -c -o $@ $<

$(FUZZ_CL)/tests/%.o: $(HARNESS)/tests/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CLANG_CFLAGS) -I$(HARNESS)/include -c -o $@ $<

$(FUZZ_CL)/fuzz/fuzz_%.o: $(FUZZ_DIR)/fuzz_%.c $(FUZZ_DIR)/fuzz.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CLANG_CFLAGS) -c -o $@ $<

$(FUZZ_CL)/fuzz/fuzz_stream.o $(FUZZ_CL)/fuzz/fuzz_ioctl.o: \
		$(FUZZ_CL)/fuzz/%.o: $(FUZZ_DIR)/%.c $(FUZZ_DIR)/fuzz.h \
		$(FUZZ_DIR)/stream_keys.h $(FUZZ_MODULE_SRCS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(filter-out -Og,$(FUZZ_TU_CFLAGS)) -O1 \
		-fsanitize=fuzzer-no-link -Wno-unused-variable -c -o $@ $<

$(FUZZ_BINS): $(FUZZ_O)/%: $(FUZZ_CL)/fuzz/%.o $(FUZZ_CL_LIB) $(FUZZ_CL_HOST) \
		$(FUZZ_CL_SERIES) $(FUZZ_CL_SHIM) $(FUZZ_CL_RMM)
	$(FUZZ_CC) $(FUZZ_CLANG_LDFLAGS) $(FUZZ_WRAP) -o $@ $^ $(LDLIBS)

# ---------------------------------------------------------------------------

fuzz-build: $(FUZZ_BINS) $(FUZZ_REPROS) $(GUEST_BINS)

# run.sh builds (fuzz-build) before it runs.
fuzz-check:
	FUZZ_SECONDS=$(FUZZ_SECONDS) O=$(O) $(FUZZ_DIR)/run.sh --check

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) O=$(O) $(FUZZ_DIR)/run.sh --long

fuzz-corpus: $(FUZZ_GEN) $(GUEST_BINS)
	rm -f $(FUZZ_DIR)/corpus/stream/* $(FUZZ_DIR)/corpus/ioctl/*
	$(FUZZ_GEN) $(FUZZ_DIR)

.PHONY: fuzz-build fuzz-check fuzz fuzz-corpus
