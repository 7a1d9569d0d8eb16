#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest-check.sh - build and run the CCA migration kselftests
#
# Usage: scripts/kselftest-check.sh
#
# 1. checkpatch --strict on every file of tools/testing/selftests/kvm/cca;
# 2. cross-compiles each test for arm64 against the KVM selftest library of
#    the linux-source-7.2 tree, with -Werror (scripts/kernel-env.sh
#    kselftest-build);
# 3. builds them once more the in-tree way: the 7.2 tree's own
#    tools/testing/selftests/kvm/Makefile.kvm with "include cca/cca.mk"
#    added, in a tree of symbolic links to the 7.2 sources
#    (build/kselftest-cca-tree) with -Werror, so cca.mk stays usable;
# 4. boots the 7.2 arm64 kernel under qemu-system-aarch64 and runs them all
#    inside it (scripts/kernel-env.sh qemu-run). That kernel has no realm
#    support, so each program must exit 0 (PASS) or 4 (KSFT_SKIP), and
#    the parts that need no CCA must really pass (cca_mig_test: the realm
#    layout on an ordinary VM; cca_mig_einval_test: the non-realm cases);
#    any failure, crash, timeout or kernel warning fails the check.
#
# Needs the environment of scripts/kernel-env.sh (its "all" step). Prints a
# summary with the time of each step; exits non-zero on any problem.
# KSFT_CHECK_OUT overrides the build directory (build/kselftest-cca).

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=tools/testing/selftests/kvm/cca
OUT=${KSFT_CHECK_OUT:-build/kselftest-cca}
LOG=$OUT.log
KENV=scripts/kernel-env.sh

cd "$ROOT"

problems=()
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }

# ---------------------------------------------------------------- checkpatch
t0=$(now)
CHECKPATCH=$("$KENV" env | sed -n 's/^KSRC=//p')/scripts/checkpatch.pl
mapfile -t files < <(find "$ROOT/$SRC" -name '*.[ch]' | sort)
# From build/: outside a git work tree's top, checkpatch leaves no
# .checkpatch-camelcase.git.* cache behind.
mkdir -p "$ROOT/build"
if ! out=$(cd "$ROOT/build" &&
	   perl "$CHECKPATCH" --strict --no-tree --quiet -f "${files[@]}" 2>&1); then
	printf '%s\n' "$out" >&2
	problems+=("checkpatch --strict")
fi
t_checkpatch=$(secs "$t0" "$(now)")

# ---------------------------------------------------------------- build
t0=$(now)
rm -rf "$OUT"
if ! "$KENV" kselftest-build "$SRC" "$OUT"; then
	echo "kselftest-check: build failed" >&2
	exit 1
fi
t_build=$(secs "$t0" "$(now)")

# ---------------------------------------------------------------- in-tree
# A copy of the 7.2 KVM selftest directory whose Makefile.kvm includes
# cca/cca.mk, everything else symbolic links to the 7.2 tree.
t0=$(now)
KSRC=$("$KENV" env | sed -n 's/^KSRC=//p')
KOBJ=$("$KENV" env | sed -n 's/^KOBJ=//p')
TREE=$ROOT/$OUT-tree
rm -rf "$TREE"	# the output directory is kept: warm runs are incremental
mkdir -p "$TREE/tools/testing/selftests" "$TREE.out"
link_all_but() {	# link_all_but FROM TO KEEP
	local e
	for e in "$1"/*; do
		[ "$(basename "$e")" = "$3" ] || ln -s "$e" "$2/"
	done
}
link_all_but "$KSRC" "$TREE" tools
link_all_but "$KSRC/tools" "$TREE/tools" testing
link_all_but "$KSRC/tools/testing" "$TREE/tools/testing" selftests
link_all_but "$KSRC/tools/testing/selftests" "$TREE/tools/testing/selftests" kvm
cp -rp "$KSRC/tools/testing/selftests/kvm" "$TREE/tools/testing/selftests/kvm"
ln -s "$ROOT/$SRC" "$TREE/tools/testing/selftests/kvm/cca"
sed -i 's#^include \.\./lib\.mk$#include cca/cca.mk\n&#' \
	"$TREE/tools/testing/selftests/kvm/Makefile.kvm"
grep -q '^include cca/cca.mk$' "$TREE/tools/testing/selftests/kvm/Makefile.kvm" ||
	{ echo "kselftest-check: no 'include ../lib.mk' in Makefile.kvm" >&2; exit 1; }
intree=()
for f in "$SRC"/*.c; do
	intree+=("$TREE.out/cca/$(basename "$f" .c)")
done
if ! make -C "$TREE/tools/testing/selftests/kvm" -j"$(nproc)" ARCH=arm64 \
	CROSS_COMPILE=aarch64-linux-gnu- LLVM= INSTALL_HDR_PATH="$KOBJ/usr" \
	KHDR_INCLUDES="-isystem $KOBJ/usr/include" EXTRA_CFLAGS=-Werror \
	OUTPUT="$TREE.out" "${intree[@]}" > "$TREE.log" 2>&1; then
	tail -n 20 "$TREE.log" >&2
	problems+=("in-tree build with cca.mk failed (log $TREE.log)")
fi
t_intree=$(secs "$t0" "$(now)")

progs=()
for f in "$SRC"/*.c; do
	name=$(basename "$f" .c)
	[ -x "$OUT/$name" ] || { echo "kselftest-check: no $OUT/$name" >&2; exit 1; }
	progs+=("$OUT/$name")
done

# ---------------------------------------------------------------- run
t0=$(now)
rc=0
"$KENV" qemu-run "${progs[@]}" > "$LOG" 2>&1 || rc=$?
t_run=$(secs "$t0" "$(now)")
[ "$rc" = 0 ] || problems+=("qemu-run exited $rc (log $LOG)")

# Per program: exit code, and the TAP lines between its KENV-RUN and
# KENV-RESULT lines.
summary=()
rm -f "$OUT.tap"
for p in "${progs[@]}"; do
	name=$(basename "$p")
	tap=$(tr -d '\r' < "$LOG" |
	      sed -n "\#^KENV-RUN: /bin/$name\$#,\#^KENV-RESULT: /bin/$name #p")
	result=$(printf '%s\n' "$tap" | sed -n 's/^KENV-RESULT: .* exit=\([0-9-]*\).*/\1/p')
	pass=$(printf '%s\n' "$tap" | grep -E '^ok [0-9]+ ' | grep -vc '# SKIP' || true)
	skip=$(printf '%s\n' "$tap" | grep -cE '^ok [0-9]+ .*# SKIP|^1\.\.0 # SKIP' || true)
	fail=$(printf '%s\n' "$tap" | grep -cE '^not ok ' || true)
	case $result in
	0)	verdict=PASS ;;
	4)	verdict=SKIP ;;
	"")	verdict=MISSING; problems+=("$name: no result") ;;
	*)	verdict="FAIL(exit $result)"; problems+=("$name: exit $result") ;;
	esac
	[ "$fail" = 0 ] || problems+=("$name: $fail TAP failure(s)")
	if [ "$pass" = 0 ]; then
		problems+=("$name: its parts that need no CCA did not pass")
	fi
	summary+=("$(printf '  %-22s %-8s ok %3s  skip %3s  not ok %3s' \
		"$name" "$verdict" "$pass" "$skip" "$fail")")
	printf '%s\n' "$tap" | grep -E '^(ok|not ok|1\.\.|# SKIP|# [a-z])' |
		sed "s/^/    $name: /" >> "$OUT.tap" || true
done

echo "kselftest-check: CCA migration kselftests under QEMU (7.2 arm64, no realm support)"
printf '%s\n' "${summary[@]}"
echo "  in-tree build (Makefile.kvm + cca.mk): ${#intree[@]} programs, log $TREE.log"
echo "  times: checkpatch ${t_checkpatch} s, build ${t_build} s," \
     "in-tree build ${t_intree} s, boot+run ${t_run} s"
echo "  log: $LOG, TAP: $OUT.tap"
if [ ${#problems[@]} != 0 ]; then
	printf 'kselftest-check: FAILED: %s\n' "${problems[@]}" >&2
	exit 1
fi
echo "kselftest-check: OK"
