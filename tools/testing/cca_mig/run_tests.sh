#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every test program in $1 (or the programs given), print their TAP, and
# close with the totals as "N passed, N failed". A program that dies without
# printing its own totals counts as one failure.
set -u
dir=${1:?usage: run_tests.sh DIR [PROG...]}
shift
progs=("$@")
if [ ${#progs[@]} -eq 0 ]; then
	mapfile -t progs < <(find "$dir" -maxdepth 1 -type f -executable \
				-name '*_test' | sort)
fi

total_pass=0
total_fail=0
for p in "${progs[@]}"; do
	name=$(basename "$p")
	echo "# === $name"
	out=$(mktemp)
	"$p" > "$out" 2>&1
	rc=$?
	sed 's/^/    /' "$out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	if [ -n "$line" ]; then
		pass=${line%% passed*}
		fail=${line#*, }
		fail=${fail%% failed*}
		total_pass=$((total_pass + pass))
		total_fail=$((total_fail + fail))
		if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
			echo "# $name exited $rc after reporting no failure"
			total_fail=$((total_fail + 1))
		fi
	else
		echo "# $name exited $rc without a summary"
		total_fail=$((total_fail + 1))
	fi
	rm -f "$out"
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
