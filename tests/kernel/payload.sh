#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Assembles the test VM payload for the module:
#
#   tests/kernel/payload.sh OUTDIR [BUILD_DIR]
#
# OUTDIR gets lib/exprcheck/exprcheck.ko, tests/suite.d/*, tests/timeout.d/*,
# tests/bin/exprcheck-* (from the CMake build in BUILD_DIR, else $BUILD_DIR,
# else build/) and tests/data/cases.tsv. The module comes from $MODULE_KO,
# else exprcheck.ko at the top of the tree (make module). Hand OUTDIR to
# tests/vm/mkinitramfs --payload.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# Seconds the guest runner gives each suite program (its default is 120):
# under TCG and a sanitised kernel the ioctl programs take a few minutes.
TIMEOUTS=(10-ioctl=900 20-module=300)
PROGRAMS=(exprcheck-ioctl-errors exprcheck-ioctl-verdicts exprcheck-ioctl-memory
	  exprcheck-ioctl-threads exprcheck-ioctl-kill exprcheck-ioctl-interrupt
	  exprcheck-call)
COMPAT_PROGRAMS=(exprcheck-ioctl-errors32 exprcheck-ioctl-verdicts32)

# shellcheck source=../vm/payload-lib.sh
. "$TOP/tests/vm/payload-lib.sh"

main() {
	[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: ${0##*/} OUTDIR [BUILD_DIR]" >&2; exit 2; }
	local out=$1 build=${2:-${BUILD_DIR:-$TOP/build}}
	local prog path t

	payload_with_module "$out" "$build"
	install -m 0755 "$HERE"/suite.d/* "$out/tests/suite.d/"
	for t in "${TIMEOUTS[@]}"; do
		echo "${t#*=}" >"$out/tests/timeout.d/${t%%=*}"
	done
	install -m 0644 "$TOP/tests/cases.tsv" "$out/tests/data/cases.tsv"

	install_programs "$build" "$out" "${PROGRAMS[@]}"
	for prog in "${COMPAT_PROGRAMS[@]}"; do
		path=$(find_program "$prog" "$build")
		if [[ -n $path ]]; then
			install_static "$path" "$out/tests/bin/$prog"
		else
			echo "${0##*/}: $prog not built (no static -m32 toolchain): compat path untested" >&2
		fi
	done
}

main "$@"
