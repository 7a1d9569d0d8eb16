#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test and every gate, in one run.
#
#   1. the reference-platform harness (each test counts), then the bounded
#      fuzz run and the replay of its corpus and regressions, then a small
#      run of make bench (that it works; its figures are not judged);
#   2. the kernel gates, each counting as one test: the arm64 kernel tree
#      and tools (scripts/kernel-env.sh), the C=1 W=1 cross-builds,
#      checkpatch and kernel-doc of everything we ship and patches/ being
#      up to date (scripts/kbuild-check.sh), and the kselftests run inside
#      an arm64 kernel under QEMU (scripts/kselftest-check.sh).
#
# The last line is "N passed, N failed"; the exit code is non-zero if
# anything failed. Set CHECK_SKIP_KERNEL=1 to run only the harness.
set -u
cd "$(dirname "$0")/.."

pass=0
fail=0

count_from() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		fail=$((fail + 1))
		return
	fi
	pass=$((pass + ${line%% passed*}))
	line=${line#*, }
	fail=$((fail + ${line%% failed*}))
}

stage() {
	local name=$1 start rc
	shift
	echo "# --- $name: $*"
	start=$(date +%s)
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok - $name ($(( $(date +%s) - start )) s)"
		pass=$((pass + 1))
	else
		echo "not ok - $name (exit $rc, $(( $(date +%s) - start )) s)"
		fail=$((fail + 1))
	fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "# --- reference-platform harness"
tools/testing/cca_mig/run_tests.sh build/harness/tests | tee "$log"
count_from "$log"

echo "# --- fuzzing, bounded (libFuzzer, fixed seed) and corpus replay"
tools/testing/cca_mig/fuzz/run.sh --check | tee "$log"
count_from "$log"

# The benchmark must keep building and running; its figures are not
# judged here (speed goals live in make bench, never in timed tests).
stage "make bench, small (64 MiB, export/import and dirty log)" \
	make -s bench BENCH_ARGS="-p ab -s 64"

if [ "${CHECK_SKIP_KERNEL:-0}" != 1 ]; then
	stage "arm64 kernel tree, sparse and KVM kernel" scripts/kernel-env.sh all
	# C=1 W=1 cross-builds, series exports, checkpatch, kernel-doc, and
	# patches/ up to date with the sources.
	stage "kbuild-check" scripts/kbuild-check.sh
	stage "kselftests under QEMU" scripts/kselftest-check.sh
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
