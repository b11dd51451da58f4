#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Assembles the test VM payload for the kernel fuzzer and the stress tests:
#
#   tests/stress/payload.sh [--calls N] [--seed S] [--seconds T] [--fuzz-only]
#                           OUTDIR [BUILD_DIR]
#
# OUTDIR gets lib/exprcheck/exprcheck.ko ($MODULE_KO, else exprcheck.ko at
# the top of the tree), tests/suite.d/5* (only the fuzzer's with
# --fuzz-only), their timeouts, tests/bin/
# exprcheck-{kfuzz,stress,membound} (from the CMake build in BUILD_DIR,
# else $BUILD_DIR, else build/) and tests/data/stress.conf: N fuzzed calls
# in all (default 100000), seed S (default: from the clock, printed), T
# seconds of concurrent stress (default 20). Hand OUTDIR to
# tests/vm/mkinitramfs --payload.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
PROGRAMS=(exprcheck-kfuzz exprcheck-stress exprcheck-membound)

# shellcheck source=../vm/payload-lib.sh
. "$TOP/tests/vm/payload-lib.sh"

usage() {
	echo "usage: ${0##*/} [--calls N] [--seed S] [--seconds T] [--fuzz-only]" \
		"OUTDIR [BUILD_DIR]" >&2
	exit 2
}

# Seconds the guest runner gives a program: what the slowest kernel here
# (KASAN under TCG, about 1000 calls a second) needs, twice over.
fuzz_timeout() {
	echo $(($1 / 500 + 120))
}

main() {
	local calls=100000 seed='' seconds=20 suites=("$HERE"/suite.d/*)
	while (($#)); do
		case $1 in
		--calls) calls=${2:?}; shift 2 ;;
		--seed) seed=${2:?}; shift 2 ;;
		--seconds) seconds=${2:?}; shift 2 ;;
		--fuzz-only) suites=("$HERE/suite.d/50-kfuzz"); shift ;;
		-*) usage ;;
		*) break ;;
		esac
	done
	[[ $# -ge 1 && $# -le 2 ]] || usage
	[[ $calls =~ ^[0-9]+$ && $seconds =~ ^[0-9]+$ ]] || usage
	[[ -z $seed || $seed =~ ^[0-9]+$ ]] || usage
	local out=$1 build=${2:-${BUILD_DIR:-$TOP/build}}
	seed=${seed:-$(date +%s)}

	payload_with_module "$out" "$build"
	install -m 0755 "${suites[@]}" "$out/tests/suite.d/"
	fuzz_timeout "$calls" >"$out/tests/timeout.d/50-kfuzz"
	echo $((seconds * 3 + 120)) >"$out/tests/timeout.d/51-stress"
	echo 600 >"$out/tests/timeout.d/52-membound"
	printf 'KFUZZ_CALLS=%s\nKFUZZ_SEED=%s\nSTRESS_SECONDS=%s\n' \
		"$calls" "$seed" "$seconds" >"$out/tests/data/stress.conf"
	install_programs "$build" "$out" "${PROGRAMS[@]}"
	echo "${0##*/}: $calls fuzzed calls, seed $seed, ${seconds}s of stress"
}

main "$@"
