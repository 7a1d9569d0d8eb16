# SPDX-License-Identifier: GPL-2.0
#
# The arm64 kernel build check and the patch series, for the top-level
# Makefile (include mk/kbuild.mk). Documentation/dev-tools/kbuild-check.rst.
#
#   make kbuild-check    build the module and rmi-mig.c for arm64 against
#                        linux-source-7.2 with C=1 W=1, check the
#                        series-exports list, checkpatch --strict,
#                        kernel-doc, and that patches/ is up to date
#                        (fetches and builds build/kernel first if needed)
#   make patches         regenerate patches/ from the sources
#   make patches-check   only: is patches/ up to date?
#
# Including this file does not change the default goal.

KBUILD_CHECK_SAVED_GOAL := $(.DEFAULT_GOAL)

kbuild-check:
	scripts/kbuild-check.sh

# mkpatches.sh needs the 7.2 tree (parents, checkpatch) and the build
# environment (each intermediate rmi-mig.c is compiled).
patches:
	scripts/kernel-env.sh all
	scripts/mkpatches.sh

patches-check:
	scripts/kernel-env.sh all
	scripts/mkpatches.sh --check

.PHONY: kbuild-check patches patches-check

.DEFAULT_GOAL := $(KBUILD_CHECK_SAVED_GOAL)
