# SPDX-License-Identifier: GPL-2.0
#
# Arm CCA realm live migration for KVM arm64.
#
#   make demo    install what is missing, boot a tiny realm on the reference
#                platform and run it, printing what happens, then migrate a
#                running realm live between two processes with cca-migrate
#   make check   install what is missing, build everything, run every test
#                and every kernel gate; the last line is "N passed, N failed"
#   make bench   install what is missing, build the reference platform with
#                -O2 and no sanitizers into build/bench, and measure export
#                and import throughput, dirty-log cost and live-migration
#                downtime against this machine's memcpy and AES-GCM bounds
#   make patches regenerate the patch series in patches/
#
# Everything is built under build/.

HARNESS := tools/testing/cca_mig
JOBS	?= $(shell nproc)
MAKEFLAGS += --no-print-directory

all: deps
	$(MAKE) -C $(HARNESS) -j$(JOBS)

deps:
	@scripts/install-deps.sh

check: deps
	$(MAKE) -C $(HARNESS) -j$(JOBS) all
	scripts/check.sh

demo: deps
	@echo "Building the reference platform (quietly; make all shows the commands)"
	@$(MAKE) -s -C $(HARNESS) -j$(JOBS) all
	build/harness/realm_demo
	@echo
	@echo "== Live migration: source and destination processes over a socket"
	build/harness/cca-migrate demo

# Speed goals live here, never in timed tests: a miss prints MISS and the
# run still succeeds. BENCH_ARGS are passed to the program (-h lists them).
# -Wno-maybe-uninitialized as the kernel's own build (it is W=2 there).
BENCH_O	:= $(CURDIR)/build/bench
bench: deps
	@echo "Building the benchmark (-O2, no sanitizers) into $(BENCH_O)"
	@$(MAKE) -s -C $(HARNESS) -j$(JOBS) O=$(BENCH_O) SAN= \
		OPT="-O2 -Wno-maybe-uninitialized" bench-build
	$(BENCH_O)/bench/cca_mig_bench $(BENCH_ARGS)

clean:
	rm -rf build

.PHONY: all deps check demo bench clean

# kbuild-check, patches, patches-check
include mk/kbuild.mk
