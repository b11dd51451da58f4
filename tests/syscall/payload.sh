#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Assembles the test VM payload for the exprcheck() system call:
#
#   tests/syscall/payload.sh [--stock] --nr N OUTDIR [BUILD_DIR]
#
# N is the system call's number on the kernel's line: the one
# module/mkpatch gives the patch for that line's tree (`--print-nr`), in
# tests/data/syscall_nr. For the debug kernel (tests/vm/debug-kernel/build):
# OUTDIR gets tests/suite.d/{30-syscall,31-kunit}, their timeouts,
# tests/bin/exprcheck-syscall-* (from the CMake build in BUILD_DIR, else
# $BUILD_DIR, else build/) and tests/data/cases.tsv. With --stock, for a
# kernel of that line without the system call, where N is free:
# tests/suite.d/30-syscall-stock, exprcheck-seccomp-stock and
# exprcheck-seccomp-probe.
# Hand OUTDIR to tests/vm/mkinitramfs --payload.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
PROGRAMS=(exprcheck-syscall-probe exprcheck-syscall-cases exprcheck-syscall-errors
	  exprcheck-syscall-seccomp exprcheck-syscall-interrupt exprcheck-seccomp-probe)
STOCK_PROGRAMS=(exprcheck-seccomp-stock exprcheck-seccomp-probe)

# shellcheck source=../vm/payload-lib.sh
. "$TOP/tests/vm/payload-lib.sh"

usage() {
	echo "usage: ${0##*/} [--stock] --nr N OUTDIR [BUILD_DIR]" >&2
	exit 2
}

main() {
	local stock=0 nr=''
	while (($#)); do
		case $1 in
		--stock) stock=1; shift ;;
		--nr) nr=${2:?}; shift 2 ;;
		*) break ;;
		esac
	done
	[[ $nr =~ ^[0-9]+$ && $# -ge 1 && $# -le 2 ]] || usage
	local out=$1 build=${2:-${BUILD_DIR:-$TOP/build}}
	[[ -d $build ]] || die "no CMake build directory at $build"

	mkdir -p "$out/tests/suite.d" "$out/tests/bin" "$out/tests/data"
	echo "$nr" >"$out/tests/data/syscall_nr"
	if ((stock)); then
		install -m 0755 "$HERE"/suite-stock.d/* "$out/tests/suite.d/"
		install_programs "$build" "$out" "${STOCK_PROGRAMS[@]}"
		return
	fi
	mkdir -p "$out/tests/timeout.d"
	install -m 0755 "$HERE"/suite.d/* "$out/tests/suite.d/"
	install -m 0644 "$HERE"/timeout.d/* "$out/tests/timeout.d/"
	install -m 0644 "$TOP/tests/cases.tsv" "$out/tests/data/cases.tsv"
	install_programs "$build" "$out" "${PROGRAMS[@]}"
}

main "$@"
