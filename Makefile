# SPDX-License-Identifier: GPL-2.0
#
# Arm CCA realm live migration for KVM arm64.
#
#   make demo    install what is missing, boot a tiny realm on the reference
#                platform and run it, printing what happens, then migrate a
#                running realm live between two processes with cca-migrate
#   make check   install what is missing, build everything, run every test
#                and every kernel gate; the last line is "N passed, N failed"
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

clean:
	rm -rf build

.PHONY: all deps check demo clean

# kbuild-check, patches, patches-check
include mk/kbuild.mk
