#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild-check.sh - build the CCA migration kernel code as real arm64
# kernel code against Debian's linux-source-7.2, and lint every kernel file
# we ship. See Documentation/dev-tools/kbuild-check.rst.
#
# Usage: scripts/kbuild-check.sh [step...]
#
#   env         scripts/kernel-env.sh all (0.2 s when build/kernel is warm)
#   exports     check tools/testing/cca_mig/kbuild/series-exports.txt
#               against the sources, write build/kbuild-check/series.symvers
#   module      virt/kvm/cca_mig/ as an out-of-tree module, C=1 W=1, linked
#               by modpost against 7.2's real Module.symvers plus
#               series.symvers (no KBUILD_MODPOST_WARN)
#   series      compile (not link) arch/arm64/kvm/rmi/rmi-mig.c as built-in
#               kernel code, C=1 W=1, with the CCA host series declarations
#               of tools/testing/cca_mig/kbuild/cca-host-series-compat.h
#   checkpatch  checkpatch.pl --strict on every kernel file we ship
#   kerneldoc   kernel-doc -Wall -none on them
#   patches     patches/ is what scripts/mkpatches.sh generates now
#
# No step: all of them, in that order. Every step runs even if an earlier
# one failed (except that nothing builds without env); the summary lists
# each step and the exit code is non-zero if any failed.
#
# Environment: KBUILD_CHECK_OUT (default build/kbuild-check), and those of
# scripts/kernel-env.sh (KENV_DIR, KENV_JOBS...).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KENV=$ROOT/scripts/kernel-env.sh
OUT=${KBUILD_CHECK_OUT:-$ROOT/build/kbuild-check}
KB=$ROOT/tools/testing/cca_mig/kbuild
EXPORTS=$KB/series-exports.txt
COMPAT=$KB/cca-host-series-compat.h
CCAHOST=$ROOT/tools/testing/cca_mig/cca-host
SERIES_INC=$ROOT/tools/testing/cca_mig/series/include
RMI=$ROOT/arch/arm64/kvm/rmi
MODDIR=$ROOT/virt/kvm/cca_mig
SYMVERS=$OUT/series.symvers
# The rmi-mig.c the series step compiles; mkpatches.sh passes the file as
# of each patch.
RMI_MIG_C=$(realpath -m "${KBUILD_CHECK_RMI_MIG_C:-$RMI/rmi-mig.c}")

log() { printf '[kbuild-check] %s\n' "$*" >&2; }

# The kernel files we ship (the sources of patches/), the CCA host
# declarations and the build-check header, relative to ROOT.
shipped_files() {
	cd "$ROOT"
	local f
	for f in virt/kvm/cca_mig/* arch/arm64/kvm/rmi/* \
		 include/uapi/linux/cca_mig.h \
		 tools/testing/cca_mig/cca-host/linux/* \
		 tools/testing/cca_mig/kbuild/*.h \
		 $(find tools/testing/selftests/kvm/cca -type f 2>/dev/null | LC_ALL=C sort); do
		[ -f "$f" ] && echo "$f"
	done
	return 0
}

# Include paths that map the kernel paths of our headers (README of
# arch/arm64/kvm/rmi) to where this repository keeps them: the pass-through
# headers of the reference platform, the CCA host declarations, and
# include/ for <uapi/linux/cca_mig.h>.
OUR_INCLUDES="-I$SERIES_INC -I$CCAHOST -I$ROOT/include"

# ---------------------------------------------------------------- steps

step_env() {
	"$KENV" all
}

load_env() {
	eval "$("$KENV" env)"
	[ -f "$KOBJ/Module.symvers" ] ||
		{ log "no $KOBJ/Module.symvers: run '$KENV all'"; return 1; }
}

# Diagnostics that count: "file:line[:col]: warning|error|note" for a file
# of this repository outside build/ (and for the generated wrapper below,
# which stands for rmi-mig.c). The kernel's own headers are baseline noise.
our_diagnostics() {
	local logf=$1 line file
	while IFS= read -r line; do
		file=${line%%:*}
		case $file in
		/*) ;;
		*) continue ;;
		esac
		file=$(realpath -m "$file")
		case $file in
		"$RMI_MIG_C") printf '%s\n' "${line#"$ROOT"/}" ;;
		"$ROOT"/build/*|"$KENV_DIR"/*) continue ;;
		"$ROOT"/*) printf '%s\n' "${line#"$ROOT"/}" ;;
		esac
	done < <(grep -E '^[^ :]+:[0-9]+(:[0-9]+)?: (warning|error|note)' "$logf" || true)
}

step_exports() {
	mkdir -p "$OUT"
	local bad=0 sym type src rest n=0
	declare -A listed=()
	: > "$SYMVERS.tmp"
	while read -r sym type src rest; do
		case $sym in ''|'#'*) continue ;; esac
		n=$((n + 1))
		if [ -n "${listed[$sym]:-}" ]; then
			log "exports: $sym listed twice"; bad=1; continue
		fi
		listed[$sym]=1
		case $type in
		EXPORT_SYMBOL|EXPORT_SYMBOL_GPL) ;;
		*) log "exports: $sym: bad export type '$type'"; bad=1; continue ;;
		esac
		[ -n "$rest" ] ||
			{ log "exports: $sym: no patch named"; bad=1; }
		case $src in
		series)
			# Exactly this export, in a .c file of the series.
			if ! grep -qsE "^$type\($sym\);" "$RMI"/*.c; then
				log "exports: $sym: no $type($sym) in arch/arm64/kvm/rmi/*.c"
				bad=1
			fi
			;;
		cca-host)
			# An out-of-line declaration (not a static inline) in
			# our CCA host series headers: "type name(" at line start.
			if ! grep -qsE "^[a-z_][a-z0-9_ *]*[ *]$sym\(" "$CCAHOST"/linux/*.h ||
			   grep -qsE "^static inline .*[ *]$sym\(" "$CCAHOST"/linux/*.h; then
				log "exports: $sym: no out-of-line declaration in tools/testing/cca_mig/cca-host/linux/*.h"
				bad=1
			fi
			;;
		*)
			log "exports: $sym: source must be 'series' or 'cca-host', not '$src'"
			bad=1; continue ;;
		esac
		printf '0x00000000\t%s\tvmlinux\t%s\t\n' "$sym" "$type" >> "$SYMVERS.tmp"
	done < "$EXPORTS"
	# Everything the series exports must be listed (no silent additions).
	local e
	for e in $(sed -nE 's/^EXPORT_SYMBOL(_GPL)?\(([a-z0-9_]+)\);.*/\2/p' "$RMI"/*.c); do
		if [ -z "${listed[$e]:-}" ]; then
			log "exports: arch/arm64/kvm/rmi exports $e, not listed in ${EXPORTS#"$ROOT"/}"
			bad=1
		fi
	done
	# And none of it may clash with what 7.2 exports.
	for e in "${!listed[@]}"; do
		if cut -f2 "$KOBJ/Module.symvers" | grep -qx "$e"; then
			log "exports: $e is already exported by 7.2: drop it from the list"
			bad=1
		fi
	done
	mv "$SYMVERS.tmp" "$SYMVERS"
	[ $bad = 0 ] || return 1
	log "exports: $n symbols, each exported or declared by its source; ${SYMVERS#"$ROOT"/}"
}

step_module() {
	[ -f "$SYMVERS" ] || step_exports || return 1
	local rc=0
	KENV_MODCHECK_OUT=$OUT/module "$KENV" modcheck "$MODDIR" \
		KBUILD_EXTRA_SYMBOLS="$SYMVERS" KCFLAGS="$OUR_INCLUDES" \
		> "$OUT/module.out" 2>&1 || rc=$?
	grep -E ': (warning|error|note)|^(ERROR|WARNING)|modcheck' "$OUT/module.out" >&2 || true
	[ $rc = 0 ] || return 1
	# What the module takes from the list (information).
	local used unused
	used=$(${CROSS_COMPILE}nm -u "$OUT/module/cca_mig.ko" | awk '{ print $2 }' |
	       sort | comm -12 - <(cut -f2 "$SYMVERS" | sort))
	unused=$(cut -f2 "$SYMVERS" | sort | comm -23 - <(printf '%s\n' "$used"))
	log "module: cca_mig.ko links; it imports $(printf '%s\n' "$used" | grep -c .) listed series symbols"
	[ -z "$unused" ] || log "module: listed but not imported: $(echo $unused)"
}

# The overlay include directory: where the CCA host series puts its
# declarations, generated from 7.2's headers and cca-host-series-compat.h.
make_overlay() {
	local ov=$OUT/overlay/asm src=$KSRC/arch/arm64/include/asm
	rm -rf "$OUT/overlay"
	mkdir -p "$ov"
	printf '/* Generated by scripts/kbuild-check.sh: the series asm/kvm_rmi.h */\n#include "%s"\n' \
		"$COMPAT" > "$ov/kvm_rmi.h"
	# struct kvm_arch and struct kvm_vcpu_arch gain the series' members at
	# their end; kvm_host.h includes asm/kvm_rmi.h before struct kvm_arch.
	awk '
		/^struct kvm_arch \{/ { print "#include <asm/kvm_rmi.h>\n"; inarch = 1; narch++ }
		/^struct kvm_vcpu_arch \{/ { invcpu = 1; nvcpu++ }
		/^};/ && inarch { print "\tCCA_HOST_SERIES_KVM_ARCH_MEMBERS;"; inarch = 0 }
		/^};/ && invcpu { print "\tCCA_HOST_SERIES_VCPU_ARCH_MEMBERS;"; invcpu = 0 }
		{ print }
		END { if (narch != 1 || nvcpu != 1) exit 1 }
	' "$src/kvm_host.h" > "$ov/kvm_host.h" ||
		{ log "series: 7.2 kvm_host.h: struct kvm_arch/kvm_vcpu_arch not found"; return 1; }
	awk -v compat="$COMPAT" '
		/^#endif \/\* __ARM64_KVM_EMULATE_H__ \*\// {
			print "#define CCA_HOST_SERIES_COMPAT_EMULATE"
			print "#include \"" compat "\""
			found = 1
		}
		{ print }
		END { if (!found) exit 1 }
	' "$src/kvm_emulate.h" > "$ov/kvm_emulate.h" ||
		{ log "series: 7.2 kvm_emulate.h: no closing #endif"; return 1; }
}

step_series() {
	make_overlay || return 1
	local src=$OUT/series-src mo=$OUT/series logf=$OUT/series.log rc=0
	rm -rf "$src" "$mo"
	mkdir -p "$src" "$mo"
	# A wrapper, so that every diagnostic names the real file.
	printf '// SPDX-License-Identifier: GPL-2.0\n#include "%s"\n' \
		"$RMI_MIG_C" > "$src/rmi-mig.c"
	cat > "$src/Kbuild" <<-EOF
	# Generated by scripts/kbuild-check.sh: rmi-mig.c as built-in code.
	# The overlay must come before the kernel's own include paths.
	NOSTDINC_FLAGS += -I$OUT/overlay
	ccflags-y := $OUR_INCLUDES
	obj-y := rmi-mig.o
	EOF
	make -C "$KOBJ" ARCH="$ARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		M="$src" MO="$mo" C=1 CHECK="$SPARSE" W=1 rmi-mig.o \
		> "$logf" 2>&1 || rc=$?
	local bad
	bad=$(our_diagnostics "$logf")
	if grep -q 'is not available or not up to date' "$logf"; then
		log "series: Kbuild skipped sparse"; rc=1
	fi
	if [ $rc = 0 ] && ! grep -q '^  CHECK ' "$logf"; then
		log "series: sparse did not run (no CHECK line)"; rc=1
	fi
	if [ $rc = 0 ] && [ ! -f "$mo/rmi-mig.o" ]; then
		log "series: no rmi-mig.o"; rc=1
	fi
	if [ $rc != 0 ] || [ -n "$bad" ]; then
		[ -n "$bad" ] || tail -n 20 "$logf" >&2
		printf '%s\n' "$bad" | sed '/^$/d; s/^/series: /' >&2
		log "series: ${RMI_MIG_C#"$ROOT"/} FAILED (make exit $rc, log ${logf#"$ROOT"/})"
		return 1
	fi
	# Built-in, not module code.
	grep -q -- '-DMODULE' "$mo/.rmi-mig.o.cmd" &&
		{ log "series: rmi-mig.o was compiled as module code"; return 1; }
	log "series: ${RMI_MIG_C#"$ROOT"/} compiles as built-in arm64 code, C=1 W=1, no diagnostics"
}

step_checkpatch() {
	local f out bad=0 n=0
	for f in $(shipped_files); do
		n=$((n + 1))
		out=$(cd "$ROOT" && perl "$KSRC/scripts/checkpatch.pl" --no-tree \
			--strict --terse --show-types --no-summary -f "$f" 2>&1) || true
		if [ -n "$out" ]; then
			printf '%s\n' "$out" | sed 's/^/checkpatch: /' >&2
			bad=1
		fi
	done
	[ $bad = 0 ] || return 1
	log "checkpatch: --strict, $n files, nothing reported"
}

step_kerneldoc() {
	local files out
	files=$(shipped_files | grep -E '\.[ch]$' || true)
	out=$(cd "$ROOT" && "$KSRC/scripts/kernel-doc" -Wall -none $files 2>&1) || true
	if [ -n "$out" ]; then
		# kernel-doc may print a warning twice (-Wall): once is enough.
		printf '%s\n' "$out" | awk '!seen[$0]++' | sed 's/^/kernel-doc: /' >&2
		return 1
	fi
	log "kernel-doc: -Wall, $(echo $files | wc -w) files, nothing reported"
}

step_patches() {
	MKPATCHES_BUILD=$OUT/mkpatches "$ROOT/scripts/mkpatches.sh" --check
}

# ---------------------------------------------------------------- main

ALL=(env exports module series checkpatch kerneldoc patches)
[ $# -gt 0 ] || set -- "${ALL[@]}"
mkdir -p "$OUT"
declare -A RESULT=() TIME=()
fail=0
need_env=1
for s in "$@"; do
	case " ${ALL[*]} " in
	*" $s "*) ;;
	*) sed -n '/^# Usage:/,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
for s in "$@"; do
	start=$SECONDS
	if [ $s != env ] && [ $s != patches ] && [ $need_env = 1 ]; then
		load_env || { RESULT[$s]=FAIL; fail=1; continue; }
		need_env=0
	fi
	log "---- $s"
	if "step_$s"; then
		RESULT[$s]=ok
	else
		RESULT[$s]=FAIL
		fail=1
		[ $s != env ] || break
	fi
	TIME[$s]=$((SECONDS - start))
done

echo "kbuild-check summary:"
for s in "$@"; do
	printf '  %-11s %-5s %s\n' "$s" "${RESULT[$s]:-skip}" \
		"${TIME[$s]:+${TIME[$s]} s}"
done
if [ $fail = 0 ]; then
	echo "kbuild-check: PASS"
else
	echo "kbuild-check: FAIL"
fi
exit $fail
