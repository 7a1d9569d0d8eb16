#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkpatches.sh - generate the patch series (patches/) from the current
# sources. See Documentation/dev-tools/kbuild-check.rst.
#
# Usage: scripts/mkpatches.sh [--check] [--out DIR]
#
#   (none)     write the series into patches/ (replacing what is there)
#   --out DIR  write it into DIR instead
#   --check    generate into build/patches-check/ and fail unless it is
#              byte for byte what patches/ holds (patches/ is committed
#              output: it must never go stale)
#
# How: a scratch git repository in build/patches-work/ (never the
# project's own), whose first commit holds the parents of the files the
# series touches, taken from Debian's linux-source-7.2 tree that
# scripts/kernel-env.sh unpacks (Documentation/virt/kvm/arm/index.rst and
# tools/testing/selftests/kvm/Makefile.kvm: every other file is new).
# One commit per patch copies the project's files to their kernel paths;
# git format-patch writes the series with a cover letter. Author, dates
# and identities are fixed, and --zero-commit hides commit ids, so the
# same sources always give the same bytes.
#
# Verification, every run: a second scratch repository with the same
# parents applies the whole series with git am, in order, and must end with
# exactly the tree of the last commit; checkpatch.pl --strict must report
# nothing on any patch; each intermediate rmi-mig.c (patches 3 to 5) must
# compile with C=1 W=1 (scripts/kbuild-check.sh series, per step).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$("$ROOT/scripts/kernel-env.sh" env)"

# Fixed identity and date: the output must not depend on who runs this.
NAME=${MKPATCHES_NAME:-"Seed 948e305d maintainers"}
EMAIL=${MKPATCHES_EMAIL:-"maintainers@users.noreply.h-seed-948e305d.example"}
DATE=${MKPATCHES_DATE:-"2026-11-21T00:00:00+00:00"}
export GIT_AUTHOR_NAME=$NAME GIT_AUTHOR_EMAIL=$EMAIL GIT_AUTHOR_DATE=$DATE
export GIT_COMMITTER_NAME=$NAME GIT_COMMITTER_EMAIL=$EMAIL GIT_COMMITTER_DATE=$DATE

# Scratch space (MKPATCHES_BUILD, default build/): patches-work/ (the
# generating repository), patches-am/ (git am), patches-gen/, ...
BUILD=$(realpath -m "${MKPATCHES_BUILD:-$ROOT/build}")
WORK=$BUILD/patches-work
# No user or system git configuration may change the output.
export GIT_CONFIG_NOSYSTEM=1 HOME=$BUILD/patches-home TZ=UTC LC_ALL=C
DEST=$ROOT/patches
CHECK=0
while [ $# -gt 0 ]; do
	case $1 in
	--check) CHECK=1; DEST=$BUILD/patches-check ;;
	--out) DEST=$(realpath -m "$2"); shift ;;
	*) sed -n '/^# Usage:/,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
	shift
done

log() { printf '[mkpatches] %s\n' "$*" >&2; }
die() { printf '[mkpatches] error: %s\n' "$*" >&2; exit 1; }

[ -f "$KSRC/Documentation/virt/kvm/arm/index.rst" ] ||
	die "no 7.2 tree in $KSRC: run scripts/kernel-env.sh source (or all)"

RMI=$ROOT/arch/arm64/kvm/rmi

# rmi-mig.c is split over three patches, function by function (README of
# arch/arm64/kvm/rmi). Top-level blocks not named here go to patch 3.
IMPORT_FNS="kvm_arm_rmi_mig_vcpu_may_enter kvm_arm_rmi_mig_may_activate
	kvm_arm_rmi_mig_may_populate kvm_rmi_mig_create_import_realm
	kvm_rmi_mig_import_done kvm_rmi_mig_is_importing
	kvm_rmi_mig_block_entry kvm_rmi_mig_unblock_entry"
FAULT_FNS="kvm_arm_rmi_mig_protected_fault"

# split_rmi_mig OUT_DIR: OUT_DIR/rmi-mig.c.3, .4, .5 = the file as of that
# patch. The last one must be the file itself.
split_rmi_mig() {
	python3 - "$RMI/rmi-mig.c" "$1" "$IMPORT_FNS" "$FAULT_FNS" <<-'EOF'
	import re, sys
	src, out, imp, flt = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
	text = open(src).read()
	# Top-level blocks: split at blank lines outside any brace.
	blocks, cur, depth = [], [], 0
	for line in text.splitlines(keepends=True):
	    if line.strip() == "" and depth == 0 and cur:
	        blocks.append("".join(cur)); cur = []
	    cur.append(line)
	    depth += line.count("{") - line.count("}")
	blocks.append("".join(cur))
	patch_of, seen = {}, set()
	for n in imp: patch_of[n] = 4
	for n in flt: patch_of[n] = 5
	tagged = []
	for b in blocks:
	    p = 3
	    for line in b.splitlines():
	        m = re.match(r"^[A-Za-z_][\w \*]*?\b(\w+)\(", line)
	        if m and not line.startswith(("#", "EXPORT_SYMBOL", "static DEFINE")):
	            if m.group(1) in patch_of:
	                p = patch_of[m.group(1)]; seen.add(m.group(1))
	            break
	    tagged.append((p, b))
	missing = set(patch_of) - seen
	if missing:
	    sys.exit("mkpatches: not found in rmi-mig.c: " + " ".join(sorted(missing)))
	for n in (3, 4, 5):
	    with open(f"{out}/rmi-mig.c.{n}", "w") as f:
	        f.write("".join(b for p, b in tagged if p <= n))
	assert open(f"{out}/rmi-mig.c.5").read() == text
	EOF
}

# ---------------------------------------------------------------- series
#
# Each patch: "files" lines "repository-path kernel-path" and a message.

cover_subject="KVM: arm64: live migration of CCA realms"

msg_1() {
	cat <<-'EOF'
	KVM: arm64: add the uapi of CCA realm live migration

	Add <linux/cca_mig.h>: KVM_CAP_ARM_CCA_MIG and the VM ioctl
	KVM_CCA_MIG_OP, whose sub-commands start a migration, create the
	migration stream fd, export and import protected RAM in batches,
	harvest the protected dirty log per memslot, save and load RECs,
	finish, abort and report status. The envelope carries the RMI status
	of a failed firmware call, as kvm_sev_cmd.error does for SEV.

	Every structure is made of naturally aligned __u64/__u32 fields with
	explicit padding; reserved fields and padding must be zero and are
	checked. The capability and ioctl numbers are provisional.
	EOF
}

msg_2() {
	cat <<-'EOF'
	arm64: rmi: add the RMI-MIG interface and its command wrappers

	RMI-MIG is a proposed extension of the Realm Management Interface
	(DEN0137 2.0) that lets the host export a realm's protected memory,
	REC state and measurements from one RMM and import them into another,
	encrypted and integrity protected by the RMMs.

	Add its function IDs, status codes, RmiMigFeatures, RmiMigState, the
	session parameter page and the blob header
	(<linux/arm-smccc-rmi-mig.h>), and one static inline rmi_mig_*()
	wrapper per command (<linux/arm-rmi-mig-cmds.h>), in the style of the
	CCA host series' <linux/arm-rmi-cmds.h>. SMCCC_RET_NOT_SUPPORTED
	becomes -EOPNOTSUPP.
	EOF
}

msg_3() {
	cat <<-'EOF'
	KVM: arm64: rmi: let a module handle realm migration

	The migration protocol lives in a module (cca_mig.ko); KVM keeps only
	what the module cannot reach: a registration of struct
	kvm_rmi_mig_ops, the forwarding of KVM_CCA_MIG_OP to it under
	kvm->lock, its release when a VM dies, and a narrow host interface
	(asm/kvm_rmi_mig.h): the RD and REC addresses, guest_memfd pfn lookup
	(kvm_gmem_get_pfn() is not exported to modules on arm64), the
	protected memslot ranges, RTT creation, delegate and undelegate with
	the leak-on-failure rule. All exports are EXPORT_SYMBOL_GPL.

	The changes to the CCA host series' own files that go with this patch
	are described here and not part of this RFC's diff:
	- struct realm (asm/kvm_rmi.h) gains "struct realm_mig mig";
	- arch/arm64/kvm/Makefile: rmi-mig.o in kvm-y;
	- arm.c: "case KVM_CCA_MIG_OP: return kvm_arm_rmi_mig_ioctl(kvm,
	  argp);" in kvm_arch_vm_ioctl(); KVM_CAP_ARM_CCA_MIG reads
	  kvm_arm_rmi_mig_available(); kvm_arm_rmi_mig_vm_release(kvm) first
	  thing in kvm_arch_destroy_vm() for a realm;
	- rmi.c: realm_ensure_created() and realm_create_rtt_levels() become
	  kvm_realm_ensure_created() and kvm_realm_create_rtts(), the latter
	  taking kvm->mmu_lock for write.
	EOF
}

msg_4() {
	cat <<-'EOF'
	KVM: arm64: rmi: import-mode realms

	A destination realm is created with RMI_REALM_FLAGS0_MIG_IMPORT and
	filled from the stream: no measured populate, and no activation until
	RMI_MIG_IMPORT_END, after which the RMM has made it ACTIVE. Add
	kvm_rmi_mig_create_import_realm(), kvm_rmi_mig_import_done(), and
	kvm_rmi_mig_block_entry()/unblock_entry(), which make KVM_RUN return
	-EBUSY (source paused) or -EIO (migrated away) and wait for every
	running vCPU to leave before the module pauses or ends the source,
	and the checks KVM makes during a migration.

	The call sites in the CCA host series' files (not part of this RFC's
	diff):
	- realm_create_rd() sets RMI_REALM_FLAGS0_MIG_IMPORT in flags0 when
	  realm->mig.mode == REALM_MIG_IMPORT;
	- kvm_arm_rmi_populate() returns kvm_arm_rmi_mig_may_populate() first;
	- kvm_activate_realm() returns -EBUSY unless
	  kvm_arm_rmi_mig_may_activate(), and does nothing for a realm that is
	  ACTIVE already (imported);
	- kvm_rec_enter() returns kvm_arm_rmi_mig_vcpu_may_enter(vcpu) before
	  RMI_REC_ENTER when it is not zero.
	EOF
}

msg_5() {
	cat <<-'EOF'
	KVM: arm64: rmi: no fresh pages for a realm being imported

	A stage-2 fault on protected memory of a realm being imported must
	not map a fresh zero page where the stream brings content. Add
	kvm_arm_rmi_mig_protected_fault(), which reports such a fault to the
	VMM as -EFAULT with a KVM_EXIT_MEMORY_FAULT exit
	(KVM_MEMORY_EXIT_FLAG_PRIVATE, the page's gpa and size).

	The call site, in the CCA host series' mmu.c and not part of this
	RFC's diff, is in gmem_abort(), which returns
	kvm_arm_rmi_mig_protected_fault() when it is not zero, before it gets
	a guest_memfd pfn.
	EOF
}

msg_6() {
	cat <<-'EOF'
	KVM: arm64: cca_mig: add the realm migration module

	cca_mig.ko implements KVM_CCA_MIG_OP over RMI-MIG: a per-VM migration
	state machine that rejects every illegal transition, the migration
	stream (a versioned header and typed, length-checked records) behind
	an anon-inode fd that any transport can read or write, batched RAM
	export and import (at least 512 pages per firmware call) with RTT
	creation on demand, the protected dirty log per memslot, REC save and
	load, and abort. Locking is documented with lockdep_assert_held().

	The module uses only exported symbols: the host interface of
	asm/kvm_rmi_mig.h and the CCA host series' RMI helpers.
	EOF
}

msg_7() {
	cat <<-'EOF'
	Documentation: KVM: arm64: document CCA realm live migration

	Describe the RMI-MIG firmware interface (rmi-mig.rst), the
	KVM_CCA_MIG_OP ioctl and KVM_CAP_ARM_CCA_MIG in the api.rst form
	(cca-mig-api.rst), and the migration stream byte by byte
	(cca-mig-stream.rst).
	EOF
}

msg_8() {
	cat <<-'EOF'
	KVM: selftests: arm64: add CCA realm migration tests

	cca_mig_test migrates a running realm into a second realm VM of the
	same process, once and along a chain, copying the stream between the
	two stream fds, and checks that the guest's memory, registers and
	progress survive. cca_mig_einval_test drives every sub-command
	through a matrix of invalid input, each case with its exact errno,
	and checks that the realm still runs. The realm helpers in cca/lib
	join the arm64 library; Makefile.kvm includes cca/cca.mk.

	The tests skip where the host has no realm support
	(KVM_CAP_ARM_RMI) or no migration module (KVM_CAP_ARM_CCA_MIG).
	Documentation/virt/kvm/arm/cca-mig-selftests.rst describes them.
	EOF
}

# The selftests (patch 8) and their document, which goes with them.
SELFTESTS=tools/testing/selftests/kvm/cca
SELFTEST_DOC=cca-mig-selftests

# The files of patch N: "repository-path kernel-path" lines.
files_of() {
	local f
	case $1 in
	1) echo "include/uapi/linux/cca_mig.h include/uapi/linux/cca_mig.h" ;;
	2) echo "arch/arm64/kvm/rmi/arm-smccc-rmi-mig.h include/linux/arm-smccc-rmi-mig.h"
	   echo "arch/arm64/kvm/rmi/arm-rmi-mig-cmds.h include/linux/arm-rmi-mig-cmds.h" ;;
	3) echo "arch/arm64/kvm/rmi/kvm_rmi_mig.h arch/arm64/include/asm/kvm_rmi_mig.h"
	   echo "@rmi-mig.c.3 arch/arm64/kvm/rmi-mig.c" ;;
	4) echo "@rmi-mig.c.4 arch/arm64/kvm/rmi-mig.c" ;;
	5) echo "@rmi-mig.c.5 arch/arm64/kvm/rmi-mig.c" ;;
	6) # The in-tree module: Kbuild and sources. Makefile (out-of-tree
	   # build) and harness.mk (reference platform) are not kernel files.
	   (cd "$ROOT" && for f in virt/kvm/cca_mig/Kbuild virt/kvm/cca_mig/*.[ch]; do
		echo "$f $f"
	   done) ;;
	7) (cd "$ROOT" && for f in Documentation/virt/kvm/arm/rmi-mig.rst \
			Documentation/virt/kvm/arm/cca-mig-*.rst; do
		case $f in *"/$SELFTEST_DOC.rst") continue ;; esac
		echo "$f $f"
	   done)
	   echo "@index.rst.7 Documentation/virt/kvm/arm/index.rst" ;;
	8) [ -d "$ROOT/$SELFTESTS" ] || return 0
	   (cd "$ROOT" && find "$SELFTESTS" -type f | LC_ALL=C sort |
		while read -r f; do echo "$f $f"; done)
	   [ ! -f "$ROOT/Documentation/virt/kvm/arm/$SELFTEST_DOC.rst" ] ||
		echo "Documentation/virt/kvm/arm/$SELFTEST_DOC.rst Documentation/virt/kvm/arm/$SELFTEST_DOC.rst"
	   echo "@Makefile.kvm tools/testing/selftests/kvm/Makefile.kvm"
	   echo "@index.rst.8 Documentation/virt/kvm/arm/index.rst" ;;
	esac
	return 0
}

# The scratch repository's first commit: the parents of what we touch.
init_base() {
	rm -rf "$1"
	git init -q "$1"
	git -C "$1" config core.autocrlf false
	mkdir -p "$1/Documentation/virt/kvm/arm" "$1/tools/testing/selftests/kvm"
	cp "$KSRC/Documentation/virt/kvm/arm/index.rst" "$1/Documentation/virt/kvm/arm/"
	cp "$KSRC/tools/testing/selftests/kvm/Makefile.kvm" "$1/tools/testing/selftests/kvm/"
	git -C "$1" add -A
	git -C "$1" commit -q -m "Linux $(cat "$KENV_DIR/linux.version" 2>/dev/null || echo 7.2): the files the series changes"
}

mkdir -p "$HOME"
GEN=$BUILD/patches-gen
rm -rf "$GEN"
mkdir -p "$GEN"
split_rmi_mig "$GEN"
# The patch that series-exports.txt names for each of our exports is the
# one that adds its EXPORT_SYMBOL*() here.
while read -r sym type src p; do
	case $sym in ''|'#'*) continue ;; esac
	[ "$src" = series ] || continue
	grep -qE "^$type\($sym\);" "$GEN/rmi-mig.c.$p" 2>/dev/null ||
		die "series-exports.txt: $sym is not exported as of patch $p"
	[ "$p" -le 3 ] || ! grep -qE "^$type\($sym\);" "$GEN/rmi-mig.c.$((p - 1))" ||
		die "series-exports.txt: $sym is exported before patch $p already"
done < "$ROOT/tools/testing/cca_mig/kbuild/series-exports.txt"
# index.rst: 7.2's toctree plus ours, in the alphabetical order it keeps;
# as of patch 7 without the selftests' document, which comes in patch 8.
python3 - "$KSRC/Documentation/virt/kvm/arm/index.rst" \
	"$ROOT/Documentation/virt/kvm/arm/index.rst" "$GEN" "$SELFTEST_DOC" <<-'EOF'
import sys
base, ours, gen, later = sys.argv[1:]
def toctree(path):
    lines = open(path).read().splitlines()
    i = next(n for n, l in enumerate(lines) if l.strip() == ":maxdepth: 2") + 2
    return lines[:i], [l.strip() for l in lines[i:] if l.strip()]
head, entries = toctree(base)
mine = toctree(ours)[1]
for n, skip in ((7, {later}), (8, set())):
    allent = sorted((set(entries) | set(mine)) - skip)
    with open(f"{gen}/index.rst.{n}", "w") as f:
        f.write("\n".join(head + ["   " + e for e in allent]) + "\n")
EOF
# Makefile.kvm: the selftests join the arm64 programs (cca/cca.mk).
awk '/^include \.\.\/lib\.mk$/ { print "include cca/cca.mk"; n++ } { print }
     END { if (n != 1) exit 1 }' "$KSRC/tools/testing/selftests/kvm/Makefile.kvm" \
	> "$GEN/Makefile.kvm" || die "7.2 Makefile.kvm: no 'include ../lib.mk'"

init_base "$WORK"
NPATCH=0
for n in 1 2 3 4 5 6 7 8; do
	list=$(files_of $n)
	[ -n "$list" ] || continue
	while read -r from to; do
		case $from in
		@*) from=$GEN/${from#@} ;;
		*) from=$ROOT/$from ;;
		esac
		mkdir -p "$WORK/$(dirname "$to")"
		cp "$from" "$WORK/$to"
		git -C "$WORK" add "$to"
	done <<< "$list"
	{ "msg_$n"; printf '\nSigned-off-by: %s <%s>\n' "$NAME" "$EMAIL"; } |
		git -C "$WORK" commit -q -F -
	NPATCH=$((NPATCH + 1))
done

# The cover letter's body. Nothing in it may depend on the environment
# (such as the 7.2.y that sid has today): patches/ would go stale.
cover_body() {
	cat <<-EOF
	This RFC adds live migration of Arm CCA realms to KVM arm64.

	A realm's protected memory, vCPU (REC) state and measurements are out
	of the host's reach, so the RMM has to export and import them. No
	published RMM specification does; patch 2 proposes an extension of the
	Realm Management Interface, RMI-MIG (documented in patch 7,
	rmi-mig.rst), in which the source RMM exports encrypted, integrity
	protected blobs and the destination RMM imports them, while KVM and
	the VMM only move opaque bytes.

	The series:
	- a VM ioctl, KVM_CCA_MIG_OP, with sub-commands in the
	  KVM_MEMORY_ENCRYPT_OP pattern, and KVM_CAP_ARM_CCA_MIG (patch 1);
	- the RMI-MIG definitions and wrappers (patch 2);
	- in KVM, only what a module cannot do itself: a registration hook,
	  the ioctl forwarding, a narrow host interface (patch 3), import-mode
	  realms (patch 4) and the protected fault path during an import
	  (patch 5);
	- the protocol in a module, cca_mig.ko: state machine, migration
	  stream fd, batched RAM export/import, protected dirty log, REC
	  save/load, abort (patch 6). The stream fd can be mmap()ed as a
	  ring (perf's head/tail protocol): the source RMM writes ciphertext
	  straight into it and the destination RMM reads it there, so KVM
	  copies no page on either side; read()/write() and splice work too;
	- documentation in the api.rst form, and the stream byte by byte
	  (patch 7);
	- KVM selftests: a migration of a running realm, once and along a
	  chain, and an errno matrix of invalid input (patch 8).
	The VMM combines the protected dirty log (through the module) with
	KVM's own dirty log of shared memory, as cca-mig-api.rst describes.

	Base
	----
	This series applies on top of v15 of Steven Price's "arm64: Support
	for Arm CCA in KVM" series (the one with KVM_CAP_ARM_RMI and RMM 2.0,
	DEN0137 2.0), with its prerequisite RMM firmware interface series, on
	Linux 7.2. It uses from them struct realm / struct realm_rec,
	kvm_is_realm(), kvm_realm_state(), <linux/arm-smccc-rmi.h> and
	<linux/arm-rmi-cmds.h> (rmi_granule_range_delegate(),
	rmi_undelegate_page(),
	rmi_sro_memxfer_execute(), rmi_sro_free()).

	This RFC contains the new files only. The small changes to the CCA
	host series' own files (arm.c, rmi.c, mmu.c, asm/kvm_rmi.h and
	arch/arm64/kvm/Makefile: the call sites of the hooks, and an in-tree
	Kconfig/Makefile entry for the module) are listed in the commit
	messages of patches 3-5 and will be in the diff once the series is
	rebased onto a v15 tree. There is no base-commit line: the code was
	built against Debian's linux-source-7.2 (7.2.y) tarball, which has no
	git commit id, with the v15 declarations supplied by a build-check
	header that is not part of the series.

	Testing
	-------
	- Cross-built for arm64 against linux-source-7.2 with C=1 (sparse
	  0.6.5-rc1) and W=1, no diagnostics in these files: the module linked
	  by modpost against the Module.symvers of a real 7.2 KVM kernel
	  (KBUILD_MODPOST_WARN unset; the symbols of the CCA host series and
	  of patches 3-4 come from an explicit list checked against their
	  EXPORT_SYMBOL_GPL()s); rmi-mig.c compiled as built-in code at each
	  of patches 3, 4 and 5.
	- checkpatch.pl --strict and kernel-doc -Wall: nothing reported.
	- The same sources compile unmodified in a userspace reference
	  platform with an RMM model implementing RMI-MIG, where tests drive
	  every sub-command, an errno matrix of invalid input, and full
	  migrations of realms running AArch64 code under Unicorn.
	- Not tested on RME hardware or FVP: no RMM implements RMI-MIG yet.
	EOF
}

rm -rf "$DEST"
mkdir -p "$DEST"
git -C "$WORK" format-patch -q --cover-letter --zero-commit --no-signature \
	--subject-prefix="RFC PATCH" -o "$DEST" HEAD~$NPATCH..HEAD > /dev/null
cover=$(ls "$DEST"/0000-*.patch)
python3 - "$cover" "$cover_subject" <(cover_body) <<-'EOF'
import sys
path, subject, bodyf = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
body = open(bodyf).read()
assert "*** SUBJECT HERE ***" in text and "*** BLURB HERE ***" in text
text = text.replace("*** SUBJECT HERE ***", subject)
text = text.replace("*** BLURB HERE ***\n", body)
# b4 and git format-patch --base keep these trailers at the very end.
text += ("\nprerequisite-message-id: <20260715142739.80398-1-steven.price@arm.com>\n"
         "prerequisite-message-id: <20260715142841.80544-1-steven.price@arm.com>\n")
open(path, "w").write(text)
EOF

# ---------------------------------------------------------------- verify

# 1. git am of the whole series, in order, onto the parents.
AM=$BUILD/patches-am
init_base "$AM"
mapfile -t series < <(ls "$DEST"/*.patch | grep -v '/0000-cover-letter.patch$')
[ ${#series[@]} = $NPATCH ] || die "format-patch wrote ${#series[@]} patches, not $NPATCH"
git -C "$AM" am -q "${series[@]}" || die "git am failed in $AM"
[ "$(git -C "$AM" rev-parse HEAD^{tree})" = "$(git -C "$WORK" rev-parse HEAD^{tree})" ] ||
	die "git am: the applied tree differs from the generated one"
[ "$(git -C "$AM" rev-list --count HEAD)" = $((NPATCH + 1)) ] ||
	die "git am: not every patch applied"
log "git am: $NPATCH patches apply in order onto the parents; same tree"

# 2. checkpatch --strict on each patch.
bad=0
for p in "$DEST"/*.patch; do
	case $p in */0000-*) continue ;; esac
	out=$(perl "$KSRC/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types --no-summary "$p" 2>&1) || true
	# A new file needs a MAINTAINERS entry: the RFC leaves that for later.
	out=$(printf '%s\n' "$out" | grep -v 'FILE_PATH_CHANGES' || true)
	if [ -n "$out" ]; then
		printf '%s\n' "$out" | sed 's/^/checkpatch: /' >&2
		bad=1
	fi
done
[ $bad = 0 ] || die "checkpatch --strict reported problems"
log "checkpatch --strict: nothing reported on $NPATCH patches"

# 3. Each intermediate rmi-mig.c builds.
for n in 3 4; do
	KBUILD_CHECK_RMI_MIG_C=$GEN/rmi-mig.c.$n \
	KBUILD_CHECK_OUT=$BUILD/patches-build/$n \
		"$ROOT/scripts/kbuild-check.sh" series > "$BUILD/patches-build.log" 2>&1 ||
		{ cat "$BUILD/patches-build.log" >&2; die "rmi-mig.c as of patch $n does not build"; }
done
log "rmi-mig.c builds at patches 3 and 4 (patch 5: scripts/kbuild-check.sh series)"

# 4. Optional: b4 am, where b4 is installed (Debian: apt-get install b4).
# The mbox is what git send-email would send: headers unfolded (b4 0.12
# cannot re-emit a folded From:) and threaded by Message-Id.
if command -v b4 > /dev/null; then
	B4=$BUILD/patches-b4
	rm -rf "$B4"
	mkdir -p "$B4/out" "$B4/home"
	printf '[user]\n\tname = %s\n\temail = %s\n' "$NAME" "$EMAIL" > "$B4/home/.gitconfig"
	python3 - "$B4/series.mbox" "$DEST"/*.patch <<-'EOF'
	import re, sys
	out = []
	for n, name in enumerate(sys.argv[2:]):
	    head, sep, body = open(name).read().partition("\n\n")
	    head = re.sub(r"\n[ \t]+", " ", head)
	    head += f"\nMessage-Id: <mkpatches-{n}@cca-mig.invalid>"
	    if n:
	        head += ("\nIn-Reply-To: <mkpatches-0@cca-mig.invalid>"
	                 "\nReferences: <mkpatches-0@cca-mig.invalid>")
	    out.append(head + sep + body)
	open(sys.argv[1], "w").write("\n".join(out))
	EOF
	init_base "$B4/repo"
	(cd "$B4/repo" && HOME=$B4/home b4 --offline-mode am -m "$B4/series.mbox" \
		-o "$B4/out" > "$B4/b4.log" 2>&1) ||
		{ cat "$B4/b4.log" >&2; die "b4 am failed"; }
	git -C "$B4/repo" am -q "$B4"/out/*.mbx || die "git am of b4's mbx failed"
	[ "$(git -C "$B4/repo" rev-parse HEAD^{tree})" = "$(git -C "$WORK" rev-parse HEAD^{tree})" ] ||
		die "b4 am: the applied tree differs from the generated one"
	log "b4 am: $(grep -c '^  \[' "$B4/b4.log") patches found, applied, same tree"
else
	log "b4 not installed: b4 am check skipped"
fi

if [ $CHECK = 1 ]; then
	if ! diff -ru "$ROOT/patches" "$DEST" > "$BUILD/patches-check.diff" 2>&1; then
		head -n 40 "$BUILD/patches-check.diff" >&2
		die "patches/ is stale: run 'make patches' (full diff: ${BUILD#"$ROOT"/}/patches-check.diff)"
	fi
	log "patches/ is up to date ($NPATCH patches and a cover letter)"
else
	log "wrote $NPATCH patches and a cover letter to ${DEST#"$ROOT"/}/"
fi
