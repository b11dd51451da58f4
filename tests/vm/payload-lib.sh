# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Helpers for the scripts that assemble a test VM payload (sourced).

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# Prints the path of program $1 built under directory $2, if there is one.
find_program() {
	find "$2" -type f -name "$1" -perm -u+x -print -quit
}

# The guest has no libc: every program must be static.
install_static() {
	local src=$1 dst=$2
	if readelf -l "$src" | grep -q INTERP; then
		die "$src is dynamically linked; it cannot run in the test VM"
	fi
	install -m 0755 "$src" "$dst"
}

# install_programs BUILD_DIR OUTDIR NAME...: each into OUTDIR/tests/bin.
install_programs() {
	local build=$1 out=$2 prog path
	shift 2
	for prog in "$@"; do
		path=$(find_program "$prog" "$build")
		[[ -n $path ]] || die "$prog is not built in $build"
		install_static "$path" "$out/tests/bin/$prog"
	done
}

# payload_with_module OUTDIR BUILD_DIR: the payload's directories, with
# the module in lib/exprcheck/: $MODULE_KO, else exprcheck.ko at the top of
# the tree (make module).
payload_with_module() {
	local out=$1 build=$2 top ko
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	ko=${MODULE_KO:-$top/exprcheck.ko}
	[[ -f $ko ]] || die "no module at $ko: run 'make module' or set MODULE_KO"
	[[ -d $build ]] || die "no CMake build directory at $build"
	mkdir -p "$out/lib/exprcheck" "$out/tests/suite.d" "$out/tests/timeout.d" \
		"$out/tests/bin" "$out/tests/data"
	install -m 0644 "$ko" "$out/lib/exprcheck/exprcheck.ko"
}
