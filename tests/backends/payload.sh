#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Assembles the test VM payload for the library and the CLI:
#
#   tests/backends/payload.sh OUTDIR [BUILD_DIR]
#
# OUTDIR gets tests/suite.d/40-library and its timeout,
# tests/bin/exprcheck-backends and exprcheck-library-*, the static CLI as
# tests/bin/exprcheck and tests/data/cases.tsv. The module itself comes
# with tests/kernel/payload.sh; OLD_MODULE_KO, when set, is a module older
# than a flag, installed as lib/exprcheck/exprcheck-old.ko.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# shellcheck source=../vm/payload-lib.sh
. "$TOP/tests/vm/payload-lib.sh"

[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: ${0##*/} OUTDIR [BUILD_DIR]" >&2; exit 2; }
out=$1 build=${2:-${BUILD_DIR:-$TOP/build}}
[[ -d $build ]] || die "no CMake build directory at $build"

mkdir -p "$out/tests/suite.d" "$out/tests/timeout.d" "$out/tests/bin" "$out/tests/data"
install -m 0755 "$HERE"/suite.d/* "$out/tests/suite.d/"
# Long calls interrupted, then waited for: minutes under a sanitised kernel.
echo 900 >"$out/tests/timeout.d/40-library"
install -m 0644 "$TOP/tests/cases.tsv" "$out/tests/data/cases.tsv"
install_programs "$build" "$out" exprcheck-backends exprcheck-library-descriptors \
	exprcheck-library-interrupts exprcheck-library-files
# The static CLI, under the name a user types.
install_programs "$build" "$out" exprcheck-static
mv "$out/tests/bin/exprcheck-static" "$out/tests/bin/exprcheck"
if [[ -n ${OLD_MODULE_KO:-} ]]; then
	mkdir -p "$out/lib/exprcheck"
	install -m 0644 "$OLD_MODULE_KO" "$out/lib/exprcheck/exprcheck-old.ko"
fi
