#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-env.sh - reproducible arm64 kernel-side build environment.
#
# Fetches Debian sid's linux-source-7.2 and sparse through a private apt
# configuration (the machine's apt sources are never touched), builds a
# minimal arm64 KVM kernel with a real Module.symvers, the KVM selftest
# library, and boots arm64 test binaries under qemu-system-aarch64.
#
# Everything lives under build/kernel/ (KENV_DIR); finished steps leave a
# stamp file there and are skipped when run again with the same inputs.
# See Documentation/dev-tools/kernel-env.rst.
#
# Usage: scripts/kernel-env.sh <command> [args]
#
#   deps                       install missing Debian packages (apt-get)
#   source                     fetch linux-source-7.2 from sid, unpack
#   sparse                     build sparse from sid's source package
#   kernel                     configure and build Image + modules + headers
#   selftests                  cross-build tools/testing/selftests/kvm
#   all                        deps source sparse kernel selftests
#   modcheck DIR [MAKEARGS]    build the out-of-tree module in DIR with
#                              C=1 W=1 against the real Module.symvers;
#                              fail on any warning in DIR or elsewhere in
#                              the repository, or on a modpost error
#   kselftest-build SRC OUT    build every SRC/*.c as a test program
#                              linked with the 7.2 KVM selftest library
#   qemu-run FILE...           boot the kernel with FILE... in an
#                              initramfs: load each *.ko, run each other
#                              file; fail unless all pass (KSFT_SKIP, exit
#                              4, counts as a pass)
#   env                        print the paths as shell assignments
#   clean                      remove build/kernel

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KENV_DIR=${KENV_DIR:-$ROOT/build/kernel}
KENV_DIR=$(mkdir -p "$KENV_DIR" && cd "$KENV_DIR" && pwd)

LINUX_PKG=${KENV_LINUX_PKG:-linux-source-7.2}
SPARSE_PKG=sparse
SID_MIRROR=${KENV_MIRROR:-http://deb.debian.org/debian}
SID_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

KSRC=$KENV_DIR/linux-7.2
KOBJ=$KENV_DIR/obj
APTDIR=$KENV_DIR/apt
SPARSE_DIR=$KENV_DIR/sparse
SPARSE=$SPARSE_DIR/sparse
KSFT_OUT=$KENV_DIR/selftests
KSFT_LIB=$KSFT_OUT/kvm-lib
TMPDIR_K=$KENV_DIR/tmp

ARCH=arm64
CROSS_COMPILE=aarch64-linux-gnu-
JOBS=${KENV_JOBS:-$(nproc)}
KMAKE=(make -C "$KSRC" O="$KOBJ" ARCH="$ARCH" CROSS_COMPILE="$CROSS_COMPILE"
       -j"$JOBS")

QEMU_TIMEOUT=${KENV_QEMU_TIMEOUT:-600}
TEST_TIMEOUT=${KENV_TEST_TIMEOUT:-300}

# Debian packages the steps need. qemu-system-arm is installed without
# recommends (no ipxe/vgabios), hence -nic none when booting.
DEPS=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
      gcc libc6-dev make bc flex bison libelf-dev libssl-dev perl xz-utils
      dpkg-dev qemu-system-arm)

log() { printf '[kernel-env] %s\n' "$*" >&2; }
die() { printf '[kernel-env] error: %s\n' "$*" >&2; exit 1; }

# Stamps: a step is done when its stamp holds the same key (the inputs
# that decide its result). Change the inputs and the step runs again.
stamp_ok() { [ -f "$KENV_DIR/.stamp-$1" ] && [ "$(cat "$KENV_DIR/.stamp-$1")" = "$2" ]; }
stamp_set() { printf '%s\n' "$2" > "$KENV_DIR/.stamp-$1"; }
stamp_clear() { rm -f "$KENV_DIR/.stamp-$1"; }

# Run "$@", printing how long it took.
timed() {
	local start=$SECONDS
	"$@"
	log "${1#cmd_}: done in $((SECONDS - start)) s"
}

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		die "need root for: $*"
	fi
}

# ---------------------------------------------------------------- deps

cmd_deps() {
	local missing=() p st
	for p in "${DEPS[@]}"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$st" = installed ] || missing+=("$p")
	done
	if [ ${#missing[@]} = 0 ]; then
		log "deps: all ${#DEPS[@]} packages installed"
		return
	fi
	log "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update -q
	as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ------------------------------------------------------- private apt

# A separate apt configuration for Debian sid: own sources.list, state,
# lists and cache under $APTDIR. No file in /etc/apt is read for sources
# or pins (SourceParts, Preferences*=/dev/null) and nothing is written
# outside $APTDIR. /etc/apt/apt.conf.d is still read, so a machine's proxy
# settings apply. The Release file is checked against Debian's archive
# keyring (debian-archive-keyring); apt then checks every file it fetches
# against the signed index.
APT_OPTS=()
apt_setup() {
	mkdir -p "$APTDIR"/{state/lists/partial,cache/archives/partial,debs,src}
	cat > "$APTDIR/sources.list" <<-EOF
	deb [signed-by=$SID_KEYRING] $SID_MIRROR sid main
	deb-src [signed-by=$SID_KEYRING] $SID_MIRROR sid main
	EOF
	: > "$APTDIR/state/status"
	APT_OPTS=(
		-o Dir::Etc::SourceList="$APTDIR/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::Etc::Preferences=/dev/null
		-o Dir::Etc::PreferencesParts=/dev/null
		-o Dir::State="$APTDIR/state"
		-o Dir::State::status="$APTDIR/state/status"
		-o Dir::Cache="$APTDIR/cache"
		-o Dir::Cache::pkgcache="$APTDIR/cache/pkgcache.bin"
		-o Dir::Cache::srcpkgcache="$APTDIR/cache/srcpkgcache.bin"
		-o APT::Architecture="$(dpkg --print-architecture)"
		-o APT::Architectures="$(dpkg --print-architecture)"
		-o Acquire::Languages=none
		-o Debug::NoLocking=1
		-q
	)
	# Files land in build/, which the _apt sandbox user may not reach.
	[ "$(id -u)" != 0 ] || APT_OPTS+=(-o APT::Sandbox::User=root)
	# Refresh the sid indexes at most once per hour.
	local lists=$APTDIR/state/.updated
	if [ ! -f "$lists" ] || [ -n "$(find "$lists" -mmin +60)" ]; then
		log "apt (sid): update"
		apt-get "${APT_OPTS[@]}" update >&2
		touch "$lists"
	fi
}

# Candidate version of a binary package in sid.
apt_version() {
	apt-cache "${APT_OPTS[@]}" policy "$1" |
		awk '/Candidate:/ { print $2 }'
}

# ---------------------------------------------------------------- source

SOURCE_KEY="$LINUX_PKG ${KENV_LINUX_VERSION:-latest}"

cmd_source() {
	if stamp_ok source "$SOURCE_KEY" && [ -f "$KSRC/Makefile" ]; then
		log "source: $(cat "$KENV_DIR/linux.version") already unpacked"
		return
	fi
	apt_setup
	local ver deb sha want
	# sid keeps only its newest upload: KENV_LINUX_VERSION pins one, and
	# fails once sid has moved on.
	ver=${KENV_LINUX_VERSION:-$(apt_version "$LINUX_PKG")}
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		die "$LINUX_PKG not found in sid"
	fi
	deb=$APTDIR/debs/${LINUX_PKG}_${ver}_all.deb
	want=$(apt-cache "${APT_OPTS[@]}" show "$LINUX_PKG=$ver" |
		awk '/^SHA256:/ { print $2; exit }')
	[ -n "$want" ] || die "$LINUX_PKG=$ver is not in sid (any more?)"
	if [ ! -f "$deb" ] || [ "$(sha256sum < "$deb" | cut -d' ' -f1)" != "$want" ]; then
		log "source: apt-get download $LINUX_PKG=$ver"
		rm -f "$deb"
		# apt checks the file against the signed sid index.
		(cd "$APTDIR/debs" &&
		 apt-get "${APT_OPTS[@]}" download "$LINUX_PKG=$ver" >&2)
	fi
	sha=$(sha256sum < "$deb" | cut -d' ' -f1)
	[ "$sha" = "$want" ] ||
		die "$deb: sha256 $sha, index says $want"
	log "source: $deb sha256 $sha matches the sid index"

	rm -rf "$KSRC" "$KENV_DIR/x"
	mkdir -p "$KENV_DIR/x"
	dpkg-deb -x "$deb" "$KENV_DIR/x"
	local tarball
	tarball=$(echo "$KENV_DIR"/x/usr/src/linux-source-*.tar.xz)
	[ -f "$tarball" ] || die "no tarball in $deb"
	log "source: unpacking $(basename "$tarball")"
	mkdir -p "$KSRC.tmp"
	xz -dc -T0 "$tarball" | tar -x -C "$KSRC.tmp" --strip-components=1
	mv "$KSRC.tmp" "$KSRC"
	rm -rf "$KENV_DIR/x"
	local kver
	kver=$(make -s -C "$KSRC" kernelversion)
	printf '%s %s (kernel %s)\n' "$LINUX_PKG" "$ver" "$kver" \
		> "$KENV_DIR/linux.version"
	# The tree changed: everything built from it is stale.
	stamp_clear kernel
	stamp_clear selftests
	stamp_set source "$SOURCE_KEY"
	log "source: $(cat "$KENV_DIR/linux.version") in $KSRC"
}

need_source() {
	if ! [ -f "$KSRC/Makefile" ] || ! stamp_ok source "$SOURCE_KEY"; then
		die "no kernel source: run '$0 source' first"
	fi
}

# ---------------------------------------------------------------- sparse

# Kbuild's own test of the checker (scripts/checker-valid.sh): when it
# fails, C=1 prints "sparse is not available or not up to date" and the
# check is skipped. Make sure that cannot happen silently.
sparse_valid() {
	need_source
	[ "$("$KSRC/scripts/checker-valid.sh" "$SPARSE" -D__linux__ \
		-D__aarch64__ 2>/dev/null)" = 1 ]
}

cmd_sparse() {
	if stamp_ok sparse "$(cat "$SPARSE_DIR/version" 2>/dev/null)" &&
	   [ -x "$SPARSE" ]; then
		log "sparse: $(cat "$SPARSE_DIR/version") already built"
		return
	fi
	apt_setup
	local ver srcdir
	ver=$(apt-cache "${APT_OPTS[@]}" showsrc "$SPARSE_PKG" |
		awk '/^Version:/ { print $2 }' | sort -V | tail -n1)
	[ -n "$ver" ] || die "no $SPARSE_PKG source package in sid"
	rm -rf "$SPARSE_DIR"
	mkdir -p "$SPARSE_DIR"
	# apt-get source -d checks the .dsc and tarballs against the signed
	# Sources index; dpkg-source checks them against the .dsc.
	(cd "$APTDIR/src" &&
	 apt-get "${APT_OPTS[@]}" source -d "$SPARSE_PKG=$ver" >&2)
	srcdir=$APTDIR/src/sparse
	rm -rf "$srcdir"
	dpkg-source -x "$APTDIR/src/${SPARSE_PKG}_${ver#*:}.dsc" "$srcdir" >&2
	log "sparse: building $ver"
	# Only the checker itself: no GTK, LLVM, libxml or sqlite tools.
	# CC=gcc: Debian's use-gcc-16.patch names sid's compiler.
	make -C "$srcdir" -j"$JOBS" -s CC=gcc HAVE_GTK=no HAVE_LLVM=no \
		HAVE_LIBXML=no HAVE_SQLITE=no sparse >&2
	cp "$srcdir/sparse" "$SPARSE"
	echo "$ver" > "$SPARSE_DIR/version"
	log "sparse: $ver -> $SPARSE ($("$SPARSE" --version))"
	if [ -f "$KSRC/Makefile" ]; then
		sparse_valid || die "Kbuild rejects $SPARSE (checker-valid.sh)"
		log "sparse: accepted by $KSRC/scripts/checker-valid.sh"
	fi
	stamp_set sparse "$ver"
}

# ---------------------------------------------------------------- kernel

# The configuration: tinyconfig plus what booting under QEMU virt, KVM,
# the KVM selftests and guest_memfd need. One option per word; "X" means
# CONFIG_X=y, "X=v" sets a value, "-X" disables. KENV_KCONFIG_EXTRA adds
# words (e.g. "NET UNIX" for AF_UNIX sockets, about +10% build time).
KCONFIG=(
	# core
	64BIT PRINTK PRINTK_TIME BUG TTY MULTIUSER PROC_FS SYSFS
	BINFMT_ELF BINFMT_SCRIPT FUTEX EPOLL SIGNALFD TIMERFD EVENTFD AIO
	SHMEM TMPFS FILE_LOCKING POSIX_TIMERS ADVISE_SYSCALLS
	MEMFD_CREATE RSEQ KALLSYMS SMP NR_CPUS=8 HIGH_RES_TIMERS NO_HZ_IDLE
	MODULES MODULE_UNLOAD MODULE_FORCE_UNLOAD
	# memory: what the selftests' backing sources use
	USERFAULTFD HUGETLBFS HUGETLB_PAGE TRANSPARENT_HUGEPAGE MIGRATION
	COMPACTION IDLE_PAGE_TRACKING
	# initramfs boot (uncompressed cpio) and /dev
	BLK_DEV_INITRD -RD_GZIP -RD_BZIP2 -RD_LZMA -RD_XZ -RD_LZO -RD_LZ4
	-RD_ZSTD DEVTMPFS DEVTMPFS_MOUNT
	# QEMU virt: PL011 console, PSCI for power-off; no VT, keyboard, HID
	ARM_AMBA SERIAL_AMBA_PL011 SERIAL_AMBA_PL011_CONSOLE
	-VT -INPUT -SERIO -HID_SUPPORT -LEGACY_PTYS -POWER_SUPPLY
	# PMU (KVM vPMU and its selftests), SVE for guests. No pointer
	# auth: under TCG every PAC instruction costs, 15 s per test program
	# with QEMU's default QARMA5 (pauth-impdef=on below cuts that to 1 s).
	PERF_EVENTS HW_PERF_EVENTS ARM_PMU ARM_PMUV3 ARM64_SVE -ARM64_PTR_AUTH
	# KVM: guest_memfd is selected by KVM on arm64 in 7.2
	VIRTUALIZATION KVM
)
read -ra _extra <<< "${KENV_KCONFIG_EXTRA:-}"
KCONFIG+=("${_extra[@]}")

kconfig_apply() {
	local o args=()
	for o in "${KCONFIG[@]}"; do
		case $o in
		-*)   args+=(--disable "${o#-}") ;;
		*=*)  args+=(--set-val "${o%%=*}" "${o#*=}") ;;
		*)    args+=(--enable "$o") ;;
		esac
	done
	"$KSRC/scripts/config" --file "$KOBJ/.config" "${args[@]}"
}

# Options that must have ended up set (Kconfig drops what it cannot
# satisfy without a word in olddefconfig).
KCONFIG_REQUIRED=(MODULES SMP KVM KVM_GUEST_MEMFD SERIAL_AMBA_PL011_CONSOLE
	BLK_DEV_INITRD DEVTMPFS USERFAULTFD HUGETLBFS ADVISE_SYSCALLS
	ARM_PMUV3 RSEQ MEMFD_CREATE TMPFS BINFMT_ELF FUTEX EPOLL EVENTFD)

cmd_kernel() {
	need_source
	local key
	key="$(cat "$KENV_DIR/linux.version") ${KCONFIG[*]}"
	if stamp_ok kernel "$key" && [ -f "$KOBJ/Module.symvers" ]; then
		log "kernel: already built ($KOBJ)"
		return
	fi
	mkdir -p "$KOBJ"
	local start=$SECONDS t
	"${KMAKE[@]}" -s tinyconfig >&2
	kconfig_apply
	"${KMAKE[@]}" -s olddefconfig >&2
	local o missing=()
	for o in "${KCONFIG_REQUIRED[@]}"; do
		grep -q "^CONFIG_$o=y" "$KOBJ/.config" || missing+=("$o")
	done
	[ ${#missing[@]} = 0 ] ||
		die "kernel: config lost CONFIG_${missing[*]} (see $KOBJ/.config)"
	log "kernel: configured in $((SECONDS - start)) s"
	t=$SECONDS
	"${KMAKE[@]}" Image modules > "$KENV_DIR/kernel-build.log" 2>&1 ||
		{ tail -n 40 "$KENV_DIR/kernel-build.log" >&2; die "kernel build failed"; }
	log "kernel: Image + modules in $((SECONDS - t)) s"
	t=$SECONDS
	"${KMAKE[@]}" -s headers >&2
	log "kernel: headers in $((SECONDS - t)) s"
	[ -s "$KOBJ/Module.symvers" ] || die "kernel: no Module.symvers"
	log "kernel: $(wc -l < "$KOBJ/Module.symvers") exported symbols in Module.symvers"
	stamp_clear selftests
	stamp_set kernel "$key"
	log "kernel: done in $((SECONDS - start)) s"
}

need_kernel() {
	need_source
	if ! [ -f "$KOBJ/Module.symvers" ] ||
	   ! [ -f "$KOBJ/arch/arm64/boot/Image" ]; then
		die "no kernel build: run '$0 kernel' first"
	fi
}

# ---------------------------------------------------------------- modcheck

# Build the out-of-tree module in DIR (a Kbuild with obj-m) against the
# 7.2 tree with sparse and W=1, into a separate output directory (MO=) so
# DIR stays clean. The kernel's own headers make sparse noise: only
# diagnostics in our files count, i.e. files under DIR or anywhere in the
# repository outside build/. Modpost runs with the real Module.symvers and
# without KBUILD_MODPOST_WARN, so an undefined or unexported symbol fails.
# Extra arguments go to make (e.g. KCFLAGS=-I...).
cmd_modcheck() {
	[ $# -ge 1 ] || die "usage: $0 modcheck DIR [make args...]"
	local dir
	dir=$(cd "$1" && pwd) || die "no directory $1"
	shift
	need_kernel
	[ -x "$SPARSE" ] || die "no sparse: run '$0 sparse' first"
	sparse_valid || die "Kbuild rejects $SPARSE: C=1 would be skipped"
	local mo=${KENV_MODCHECK_OUT:-$KENV_DIR/modcheck/$(basename "$dir")}
	local logf=$mo.log rc=0
	# A clean build every time: sparse only looks at what gets compiled.
	rm -rf "$mo"
	mkdir -p "$mo"
	make -C "$KOBJ" ARCH=$ARCH CROSS_COMPILE=$CROSS_COMPILE -j"$JOBS" \
		M="$dir" MO="$mo" C=1 CHECK="$SPARSE" W=1 "$@" modules \
		> "$logf" 2>&1 || rc=$?
	cat "$logf"
	grep -q 'is not available or not up to date' "$logf" &&
		die "modcheck: Kbuild skipped sparse"
	[ $rc != 0 ] || grep -q '^  CHECK ' "$logf" ||
		die "modcheck: sparse did not run (no CHECK line in $logf)"
	# "file:line[:col]: warning|error|note: ..." from gcc and sparse,
	# then modpost's ERROR:/WARNING: lines, which are all about DIR.
	local bad="" line file
	while IFS= read -r line; do
		file=${line%%:*}
		case $file in
		/*) ;;
		*) file=$(realpath -m "$dir/$file") ;;
		esac
		case $file in
		"$dir"/*) ;;
		"$KENV_DIR"/*|"$ROOT"/build/*) continue ;;
		"$ROOT"/*) ;;
		*) continue ;;
		esac
		bad+="$line"$'\n'
	done < <(grep -E '^[^ :]+:[0-9]+(:[0-9]+)?: (warning|error|note)' "$logf" || true)
	bad+=$(grep -E '^(ERROR|WARNING): modpost' "$logf" || true)
	if [ $rc != 0 ] || [ -n "$bad" ]; then
		[ -z "$bad" ] || printf '%s\n' "$bad" | sed '/^$/d; s/^/modcheck: /' >&2
		die "modcheck: $dir: FAILED (make exit $rc, log $logf)"
	fi
	log "modcheck: $dir: clean (C=1 W=1, sparse $(cat "$SPARSE_DIR/version")), output in $mo"
}

# ---------------------------------------------------------------- selftests

KSFT_MAKE() {
	make -C "$KSRC/tools/testing/selftests/kvm" ARCH=$ARCH \
		CROSS_COMPILE=$CROSS_COMPILE LLVM= \
		INSTALL_HDR_PATH="$KOBJ/usr" \
		KHDR_INCLUDES="-isystem $KOBJ/usr/include" OUTPUT="$KSFT_OUT/kvm" "$@"
}

cmd_selftests() {
	need_kernel
	local key
	key=$(cat "$KENV_DIR/.stamp-kernel")
	if stamp_ok selftests "$key" && [ -f "$KSFT_LIB/flags.sh" ]; then
		log "selftests: already built ($KSFT_OUT/kvm)"
		return
	fi
	local start=$SECONDS
	mkdir -p "$KSFT_OUT/kvm" "$KSFT_LIB"
	KSFT_MAKE -j"$JOBS" > "$KENV_DIR/selftests-build.log" 2>&1 ||
		{ tail -n 40 "$KENV_DIR/selftests-build.log" >&2; die "selftests build failed"; }
	log "selftests: built in $((SECONDS - start)) s"
	ksft_export_lib
	stamp_set selftests "$key"
}

# Record what the KVM selftest Makefile uses to build a test, so other
# test directories can be built the same way: the library objects go
# into one archive (libkvm.a), the compiler and flags into flags.sh (for
# shell) and flags.mk (for make), with every include path made absolute.
ksft_export_lib() {
	local kvmdir=$KSRC/tools/testing/selftests/kvm
	# "Makefile" as prerequisite gives $(<D) = "." in CFLAGS' -I$(<D).
	cat > "$KSFT_LIB/print-vars.mk" <<-'EOF'
	.RECIPEPREFIX = >
	kenv-print-vars: Makefile
	>@echo 'KSFT_CC=$(CC)'
	>@echo 'KSFT_CFLAGS=$(CFLAGS)'
	>@echo 'KSFT_LDFLAGS=$(LDFLAGS)'
	>@echo 'KSFT_LDLIBS=$(LDLIBS)'
	>@echo 'KSFT_LIBOBJS=$(LIBKVM_OBJS)'
	EOF
	local raw
	raw=$(KSFT_MAKE -s -f Makefile -f "$KSFT_LIB/print-vars.mk" \
		kenv-print-vars)
	raw=$(printf '%s\n' "$raw" | sed -E \
		-e 's# -I \.\./# -I../#g' \
		-e "s# -I\\.( |\$)# #g" \
		-e "s# -I(include|\\.\\.)# -I$kvmdir/\\1#g" \
		-e 's/  +/ /g')
	if printf '%s\n' "$raw" | grep -E '^KSFT_CFLAGS' |
	   grep -qE -- '-I *[^/ ]|-isystem *[^/ ]'; then
		printf '%s\n' "$raw" >&2
		die "selftests: relative include path left in CFLAGS"
	fi
	local k v line words
	: > "$KSFT_LIB/flags.sh"
	: > "$KSFT_LIB/flags.mk"
	while IFS= read -r line; do
		k=${line%%=*}
		v=${line#*=}
		read -ra words <<< "$v"		# trim and squeeze blanks
		v=${words[*]}
		printf "%s='%s'\n" "$k" "$v" >> "$KSFT_LIB/flags.sh"
		printf '%s := %s\n' "$k" "$v" >> "$KSFT_LIB/flags.mk"
	done <<< "$raw"
	# shellcheck disable=SC1091
	. "$KSFT_LIB/flags.sh"
	[ -n "$KSFT_LIBOBJS" ] || die "selftests: no LIBKVM_OBJS in the Makefile"
	rm -f "$KSFT_LIB/libkvm.a"
	# shellcheck disable=SC2086
	"${CROSS_COMPILE}ar" rcs "$KSFT_LIB/libkvm.a" $KSFT_LIBOBJS
	echo "KSFT_LIBKVM='$KSFT_LIB/libkvm.a'" >> "$KSFT_LIB/flags.sh"
	echo "KSFT_LIBKVM := $KSFT_LIB/libkvm.a" >> "$KSFT_LIB/flags.mk"
	log "selftests: library $KSFT_LIB/libkvm.a, flags $KSFT_LIB/flags.{sh,mk}"
}

# kselftest-build SRC OUT: every SRC/*.c is one test program; SRC/lib/*.c
# (if any) are helpers linked into every program. Warnings are errors
# (KENV_KSFT_WERROR=0 turns that off).
cmd_kselftest_build() {
	[ $# = 2 ] || die "usage: $0 kselftest-build SRC_DIR OUT_DIR"
	local src out
	src=$(cd "$1" && pwd) || die "no directory $1"
	mkdir -p "$2"
	out=$(cd "$2" && pwd)
	[ -f "$KSFT_LIB/flags.sh" ] || die "no selftest library: run '$0 selftests' first"
	# shellcheck disable=SC1091
	. "$KSFT_LIB/flags.sh"
	local werror=-Werror
	[ "${KENV_KSFT_WERROR:-1}" = 1 ] || werror=
	local cflags="$KSFT_CFLAGS $werror -I$src -I$src/include"
	local f name helpers=() progs=0
	mkdir -p "$out/.obj"
	for f in "$src"/lib/*.c; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .c)
		# shellcheck disable=SC2086
		$KSFT_CC $cflags -c -o "$out/.obj/lib_$name.o" "$f"
		helpers+=("$out/.obj/lib_$name.o")
	done
	for f in "$src"/*.c; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .c)
		# shellcheck disable=SC2086
		$KSFT_CC $cflags -c -o "$out/.obj/$name.o" "$f"
		# shellcheck disable=SC2086
		# The whole library, as the upstream Makefile links it (the
		# guest-safe string_override.o must win over libc).
		$KSFT_CC $KSFT_LDFLAGS -o "$out/$name" "$out/.obj/$name.o" \
			"${helpers[@]}" -Wl,--whole-archive "$KSFT_LIBKVM" \
			-Wl,--no-whole-archive $KSFT_LDLIBS
		log "kselftest-build: $out/$name"
		progs=$((progs + 1))
	done
	[ $progs -gt 0 ] || die "kselftest-build: no *.c in $src"
}

# ---------------------------------------------------------------- qemu

# /init for the test initramfs: a static arm64 program, so no shell or
# busybox is needed. It mounts proc, sys, devtmpfs, tmpfs and hugetlbfs,
# loads the modules in /modules.list (finit_module), runs every program in
# /tests.list (one per line) with a per-test timeout (ktimeout= on the
# kernel command line), prints a result line for each and a final marker
# line, then powers off.
write_init_c() {
	cat > "$1" <<-'EOF'
	// SPDX-License-Identifier: GPL-2.0
	#define _GNU_SOURCE
	#include <errno.h>
	#include <fcntl.h>
	#include <signal.h>
	#include <stdio.h>
	#include <stdlib.h>
	#include <string.h>
	#include <sys/mount.h>
	#include <sys/reboot.h>
	#include <sys/stat.h>
	#include <sys/syscall.h>
	#include <sys/wait.h>
	#include <time.h>
	#include <unistd.h>

	static void off(void)
	{
		fflush(stdout);
		sync();
		reboot(RB_POWER_OFF);
		for (;;)
			pause();
	}

	int main(void)
	{
		char line[512], results[8192] = "";
		int timeout = 300, pass = 0, skip = 0, fail = 0;
		const char *t = getenv("ktimeout");
		FILE *list;
		int fd;

		if (t)
			timeout = atoi(t);
		mkdir("/proc", 0755);
		mkdir("/sys", 0755);
		mkdir("/dev", 0755);
		mkdir("/tmp", 01777);
		mount("proc", "/proc", "proc", 0, NULL);
		mount("sysfs", "/sys", "sysfs", 0, NULL);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
		mkdir("/dev/hugepages", 0755);
		mount("hugetlbfs", "/dev/hugepages", "hugetlbfs", 0, NULL);
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		setvbuf(stdout, NULL, _IOLBF, 0);
		printf("KENV-INIT: /dev/kvm %s\n",
		       access("/dev/kvm", R_OK | W_OK) ? "missing" : "present");

		list = fopen("/modules.list", "r");
		while (list && fgets(line, sizeof(line), list)) {
			int mfd, rc;

			line[strcspn(line, "\n")] = 0;
			if (!line[0])
				continue;
			mfd = open(line, O_RDONLY | O_CLOEXEC);
			rc = mfd < 0 ? -errno :
			     syscall(SYS_finit_module, mfd, "", 0) ? -errno : 0;
			if (mfd >= 0)
				close(mfd);
			if (rc)
				fail++;
			else
				pass++;
			printf("KENV-RESULT: insmod %s exit=%d%s%s\n", line, rc,
			       rc ? " " : "", rc ? strerror(-rc) : "");
			snprintf(results + strlen(results),
				 sizeof(results) - strlen(results), " insmod:%s=%d",
				 strrchr(line, '/') + 1, rc);
		}
		if (list)
			fclose(list);

		list = fopen("/tests.list", "r");
		if (!list) {
			printf("KENV-INIT: no /tests.list\n");
			off();
		}
		while (fgets(line, sizeof(line), list)) {
			char *argv[] = { line, NULL };
			struct timespec t0, t1;
			int status, rc;
			pid_t pid, w;
			int secs = 0;

			line[strcspn(line, "\n")] = 0;
			if (!line[0])
				continue;
			printf("KENV-RUN: %s\n", line);
			clock_gettime(CLOCK_MONOTONIC, &t0);
			pid = fork();
			if (pid == 0) {
				setenv("PATH", "/bin", 1);
				chdir("/bin");
				execv(line, argv);
				printf("KENV-INIT: exec %s: %s\n", line, strerror(errno));
				_exit(127);
			}
			for (;;) {
				w = waitpid(pid, &status, WNOHANG);
				if (w == pid)
					break;
				if (secs >= timeout) {
					kill(pid, SIGKILL);
					waitpid(pid, &status, 0);
					break;
				}
				usleep(100000);
				clock_gettime(CLOCK_MONOTONIC, &t1);
				secs = t1.tv_sec - t0.tv_sec;
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (w != pid)
				rc = 124;		/* timed out */
			else if (WIFEXITED(status))
				rc = WEXITSTATUS(status);
			else
				rc = 128 + WTERMSIG(status);
			if (rc == 0)
				pass++;
			else if (rc == 4)		/* KSFT_SKIP */
				skip++;
			else
				fail++;
			printf("KENV-RESULT: %s exit=%d time=%lds\n", line, rc,
			       (long)(t1.tv_sec - t0.tv_sec));
			snprintf(results + strlen(results),
				 sizeof(results) - strlen(results), " %s=%d",
				 strrchr(line, '/') ? strrchr(line, '/') + 1 : line, rc);
		}
		printf("KENV-DONE: pass=%d skip=%d fail=%d%s\n", pass, skip, fail,
		       results);
		off();
		return 0;
	}
	EOF
}

# The initramfs is built with the tree's own usr/gen_init_cpio: no cpio
# package and no root needed for the device node.
cmd_qemu_run() {
	[ $# -ge 1 ] || die "usage: $0 qemu-run FILE..."
	need_kernel
	mkdir -p "$TMPDIR_K"
	local work
	work=$(mktemp -d "$TMPDIR_K/qemu-run.XXXXXX")
	local gen=$KENV_DIR/gen_init_cpio
	[ -x "$gen" ] || gcc -O2 -o "$gen" "$KSRC/usr/gen_init_cpio.c"
	if [ ! -x "$KENV_DIR/init" ] ||
	   [ "$0" -nt "$KENV_DIR/init" ]; then
		write_init_c "$work/init.c"
		${CROSS_COMPILE}gcc -static -O2 -Wall -o "$KENV_DIR/init" "$work/init.c"
	fi
	local sysroot=/usr/aarch64-linux-gnu
	{
		echo "dir /dev 0755 0 0"
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "dir /bin 0755 0 0"
		echo "dir /lib 0755 0 0"
		echo "dir /lib/modules 0755 0 0"
		echo "slink /lib64 /lib 0777 0 0"
		echo "file /init $KENV_DIR/init 0755 0 0"
		echo "file /tests.list $work/tests.list 0644 0 0"
		# Dynamically linked tests need the arm64 loader and libc.
		local l
		for l in ld-linux-aarch64.so.1 libc.so.6 libm.so.6 \
			 libpthread.so.0 libdl.so.2 librt.so.1; do
			if [ -e "$sysroot/lib/$l" ]; then
				echo "file /lib/$l $(readlink -f "$sysroot/lib/$l") 0755 0 0"
			fi
		done
		local f
		: > "$work/tests.list"
		: > "$work/modules.list"
		for f in "$@"; do
			[ -f "$f" ] || die "qemu-run: no file $f"
			case $f in
			*.ko)
				echo "file /lib/modules/$(basename "$f") $(readlink -f "$f") 0644 0 0"
				echo "/lib/modules/$(basename "$f")" >> "$work/modules.list"
				;;
			*)
				echo "file /bin/$(basename "$f") $(readlink -f "$f") 0755 0 0"
				echo "/bin/$(basename "$f")" >> "$work/tests.list"
				;;
			esac
		done
		echo "file /modules.list $work/modules.list 0644 0 0"
	} > "$work/initramfs.list"
	"$gen" "$work/initramfs.list" > "$work/initramfs.cpio"

	local logf=$work/console.log rc=0
	log "qemu-run: booting with $# program(s), timeout ${QEMU_TIMEOUT}s"
	timeout --foreground -k 10 "$QEMU_TIMEOUT" \
		qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
		-cpu max,pauth-impdef=on -smp "${KENV_QEMU_SMP:-2}" \
		-m "${KENV_QEMU_MEM:-2048}" -nographic -nic none -no-reboot \
		-kernel "$KOBJ/arch/arm64/boot/Image" \
		-initrd "$work/initramfs.cpio" \
		-append "console=ttyAMA0 rdinit=/init panic=-1 ktimeout=$TEST_TIMEOUT ${KENV_QEMU_APPEND:-}" \
		< /dev/null 2>&1 | tee "$logf" || rc=$?
	cp "$logf" "$KENV_DIR/qemu-run.log"
	rm -rf "$work"
	logf=$KENV_DIR/qemu-run.log
	local marker
	marker=$(tr -d '\r' < "$logf" | grep -a '^KENV-DONE:' | tail -n1 || true)
	if grep -aqE 'Kernel panic|Internal error:|Unable to handle kernel|BUG:|\] WARNING: |cut here' "$logf"; then
		grep -aE 'Kernel panic|Internal error:|Unable to handle kernel|BUG:|\] WARNING: ' "$logf" |
			head -n 5 | sed 's/^/qemu-run: /' >&2
		die "qemu-run: kernel panic/oops/warning (log $logf)"
	fi
	if [ -z "$marker" ]; then
		[ "$rc" = 124 ] && die "qemu-run: timed out after ${QEMU_TIMEOUT}s (log $logf)"
		die "qemu-run: no KENV-DONE line: init died or QEMU failed (exit $rc; log $logf)"
	fi
	log "qemu-run: $marker"
	local nfail
	nfail=$(echo "$marker" | sed -E 's/^KENV-DONE: pass=[0-9]+ skip=[0-9]+ fail=([0-9]+).*/\1/')
	[ "$nfail" = 0 ] || die "qemu-run: $nfail failure(s)"
}

# ---------------------------------------------------------------- misc

cmd_env() {
	cat <<-EOF
	KENV_DIR=$KENV_DIR
	KSRC=$KSRC
	KOBJ=$KOBJ
	SPARSE=$SPARSE
	KSFT_OUT=$KSFT_OUT
	KSFT_LIB=$KSFT_LIB
	ARCH=$ARCH
	CROSS_COMPILE=$CROSS_COMPILE
	EOF
}

cmd_all() {
	timed cmd_deps
	timed cmd_source
	timed cmd_sparse
	timed cmd_kernel
	timed cmd_selftests
}

usage() {
	sed -n '/^# Usage:/,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
deps)            cmd_deps ;;
source)          cmd_source ;;
sparse)          cmd_sparse ;;
kernel)          cmd_kernel ;;
selftests)       cmd_selftests ;;
all)             cmd_all ;;
modcheck)        cmd_modcheck "$@" ;;
kselftest-build) cmd_kselftest_build "$@" ;;
qemu-run)        cmd_qemu_run "$@" ;;
env)             cmd_env ;;
clean)           rm -rf "$KENV_DIR" ;;
*)               usage ;;
esac
