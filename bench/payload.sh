#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Assembles the test VM payload of the benchmark:
#
#   bench/payload.sh OUTDIR BUILD_DIR [-- BENCH-ARGUMENTS...]
#
# OUTDIR gets lib/exprcheck/exprcheck.ko ($MODULE_KO, else exprcheck.ko at
# the top of the tree), tests/suite.d/60-bench, its timeout, tests/bin/
# exprcheck-bench from the CMake build in BUILD_DIR, and
# tests/data/bench.args (the arguments, one a line). Hand OUTDIR to
# tests/vm/mkinitramfs --payload.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
# Under TCG the 64 MiB rows take minutes.
TIMEOUT=1200

# shellcheck source=../tests/vm/payload-lib.sh
. "$TOP/tests/vm/payload-lib.sh"

main() {
	[[ $# -ge 2 ]] || { echo "usage: ${0##*/} OUTDIR BUILD_DIR [-- BENCH-ARGUMENTS...]" >&2; exit 2; }
	local out=$1 build=$2
	shift 2
	[[ ${1:-} != -- ]] || shift

	payload_with_module "$out" "$build"
	install -m 0755 "$HERE/suite.d/60-bench" "$out/tests/suite.d/"
	echo "$TIMEOUT" >"$out/tests/timeout.d/60-bench"
	# One argument a line; no line at all for no arguments.
	: >"$out/tests/data/bench.args"
	(($# == 0)) || printf '%s\n' "$@" >"$out/tests/data/bench.args"
	install_programs "$build" "$out" exprcheck-bench
}

main "$@"
