#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the cca_mig fuzz targets (fuzz/README.md).
#
#   run.sh --check   each target for FUZZ_SECONDS (default 60) with a fixed
#                    seed, from a fresh copy of the corpus; then replay the
#                    corpus and every regression input with the reproducers
#   run.sh --long    each target for FUZZ_SECONDS (default 600), keeping
#                    what it learns in $O/fuzz/work/<target>
#
# It builds what it runs first (make fuzz-build, a no-op when up to date).
# The targets run side by side (one per core). Each run and each replay
# counts as one test; the last line is "N passed, N failed" and the exit
# code is non-zero if anything failed. A crash is saved under
# $O/fuzz/artifacts/; turn it into a regression by copying it to
# fuzz/regressions/<stream|ioctl>/ with a name that says what it found.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../.." && pwd)
O=${O:-$top/build/harness}
bin=$O/fuzz
mode=${1:---check}
targets=(fuzz_stream fuzz_ioctl)
declare -A kind=([fuzz_stream]=stream [fuzz_ioctl]=ioctl)

case $mode in
--check) secs=${FUZZ_SECONDS:-60} ;;
--long) secs=${FUZZ_SECONDS:-600} ;;
*) echo "usage: $0 [--check|--long]" >&2; exit 2 ;;
esac

pass=0
fail=0
result() {
	if [ "$1" -eq 0 ]; then
		echo "ok - $2"
		pass=$((pass + 1))
	else
		echo "not ok - $2"
		fail=$((fail + 1))
	fi
}

if ! make -s -C "$here/.." O="$O" -j"$(nproc)" fuzz-build; then
	result 1 "make fuzz-build"
	echo "$pass passed, $fail failed"
	exit 1
fi

mkdir -p "$bin/artifacts"
start=$(date +%s)
declare -A pid
for t in "${targets[@]}"; do
	k=${kind[$t]}
	work=$bin/work/$t
	args=(-max_total_time="$secs" -timeout=30 -rss_limit_mb=4096
	      -print_final_stats=1 -artifact_prefix="$bin/artifacts/$t-")
	if [ "$mode" = --check ]; then
		# A fixed seed and a fresh working corpus.
		rm -rf "$work"
		args+=(-seed=1)
	fi
	mkdir -p "$work"
	echo "# $t: libFuzzer for ${secs}s, log in $bin/$t.log"
	(cd "$bin" && exec "./$t" "${args[@]}" "$work" "$here/corpus/$k" \
		"$here/regressions/$k") > "$bin/$t.log" 2>&1 &
	pid[$t]=$!
done

for t in "${targets[@]}"; do
	wait "${pid[$t]}"
	rc=$?
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec)|^#[0-9]+.*DONE|^(FUZZ INVARIANT|SUMMARY)|^artifact_prefix' \
		"$bin/$t.log" | sed 's/^/#   /'
	result $rc "$t: libFuzzer for ${secs}s ($(( $(date +%s) - start ))s)"
done

for t in "${targets[@]}"; do
	k=${kind[$t]}
	for d in corpus regressions; do
		n=$(find "$here/$d/$k" -maxdepth 1 -type f 2>/dev/null | wc -l)
		if [ "$n" -eq 0 ]; then
			# Both are checked in: an empty one is a broken tree.
			result 1 "$t: replay $d/$k (missing or empty)"
			continue
		fi
		"$bin/${t}_repro" "$here/$d/$k" > "$bin/$t.$d.log" 2>&1
		rc=$?
		tail -n 3 "$bin/$t.$d.log" | sed 's/^/#   /'
		result $rc "$t: replay $d/$k ($n inputs, gcc reproducer)"
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
