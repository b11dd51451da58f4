#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Assembles the test VM payload for the exprcheck() system call:
#
#   tests/syscall/payload.sh [--stock] OUTDIR [BUILD_DIR]
#
# For the debug kernel (tests/vm/debug-kernel/build): OUTDIR gets
# tests/suite.d/{30-syscall,31-kunit}, their timeouts, tests/bin/
# exprcheck-syscall-* (from the CMake build in BUILD_DIR, else $BUILD_DIR,
# else build/), tests/data/cases.tsv and tests/data/syscall_nr, the number
# module/mkpatch gives the patch. With --stock, for a kernel without the
# system call: tests/suite.d/30-syscall-stock, exprcheck-seccomp-stock and
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
	echo "usage: ${0##*/} [--stock] OUTDIR [BUILD_DIR]" >&2
	exit 2
}

main() {
	local stock=0
	if [[ ${1:-} == --stock ]]; then
		stock=1
		shift
	fi
	[[ $# -ge 1 && $# -le 2 ]] || usage
	local out=$1 build=${2:-${BUILD_DIR:-$TOP/build}}
	[[ -d $build ]] || die "no CMake build directory at $build"

	mkdir -p "$out/tests/suite.d" "$out/tests/bin"
	if ((stock)); then
		install -m 0755 "$HERE"/suite-stock.d/* "$out/tests/suite.d/"
		install_programs "$build" "$out" "${STOCK_PROGRAMS[@]}"
		return
	fi
	mkdir -p "$out/tests/timeout.d" "$out/tests/data"
	install -m 0755 "$HERE"/suite.d/* "$out/tests/suite.d/"
	install -m 0644 "$HERE"/timeout.d/* "$out/tests/timeout.d/"
	install -m 0644 "$TOP/tests/cases.tsv" "$out/tests/data/cases.tsv"
	"$TOP/module/mkpatch" --print-nr >"$out/tests/data/syscall_nr" 2>/dev/null ||
		die "module/mkpatch --print-nr failed"
	install_programs "$build" "$out" "${PROGRAMS[@]}"
}

main "$@"
