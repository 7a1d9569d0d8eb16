#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the reference platform needs, and only those
# that are missing. Safe to run repeatedly; a bare Debian 12 machine needs
# nothing else. Run as root, or with sudo available.
set -euo pipefail

PKGS=(
	make gcc libc6-dev			# host build, ASan/UBSan runtimes
	libunicorn-dev				# runs realm guests (AArch64)
	libssl-dev				# model cryptography, measurement
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu # realm guest images
	libc6-dev-arm64-cross			# arm64 userspace (kselftests)
	perl python3				# checkpatch, scripts
	clang-14 libclang-rt-14-dev		# libFuzzer targets (fuzz/)
	b4					# make patches: b4 am check
)

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || {
		echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
		exit 1
	}
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
