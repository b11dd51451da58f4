#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the library from BUILD_DIR into a scratch prefix, then build and
# run small programs against it: with find_package(exprcheck) and with
# pkg-config, as an outside project would.
#
#   tests/consumer/run.sh BUILD_DIR LIBDIR
#
# LIBDIR is CMAKE_INSTALL_LIBDIR, relative to the prefix (lib, or
# lib/x86_64-linux-gnu in a Debian package build).
set -euo pipefail
build_dir=$(readlink -f "$1")
here=$(dirname "$(readlink -f "$0")")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
libdir=$prefix/${2:?usage: $0 BUILD_DIR LIBDIR}

cmake --install "$build_dir" --prefix "$prefix" >/dev/null

check() {
	if "$@"; then echo "ok $name"; else echo "not ok $name"; failed=1; fi
}
failed=0

name=find-package-configure
check cmake -S "$here" -B "$scratch/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
name=find-package-build
check cmake --build "$scratch/cmake" >/dev/null
name=find-package-cxx-runs
check "$scratch/cmake/consumer_cxx"
name=find-package-c-runs
check "$scratch/cmake/consumer_c"

export PKG_CONFIG_PATH=$libdir/pkgconfig
name=pkg-config-libdir
check test "$(pkg-config --variable=libdir exprcheck)" -ef "$libdir"
name=pkg-config-c-builds
check cc -Wall -Werror "$here/consumer.c" $(pkg-config --cflags --libs exprcheck) -Wl,-rpath,"$libdir" -o "$scratch/pc_c"
name=pkg-config-c-runs
check "$scratch/pc_c"
name=pkg-config-cxx-builds
check c++ -std=c++17 -Wall -Werror "$here/consumer.cpp" $(pkg-config --cflags --libs exprcheck) -Wl,-rpath,"$libdir" -o "$scratch/pc_cxx"
name=pkg-config-cxx-runs
check "$scratch/pc_cxx"
name=static-link
check c++ -std=c++17 "$here/consumer.cpp" -I"$prefix/include" "$libdir/libexprcheck.a" -pthread -o "$scratch/static_cxx"
name=static-runs
check "$scratch/static_cxx"

# Every name the static library gives the linker is its own (exprcheck_
# or the exprcheck namespace): a program may call its functions dispatch().
name=static-names-prefixed
strays=$(nm -g --defined-only "$libdir/libexprcheck.a" |
	awk 'NF == 3 && $2 ~ /^[TDBRC]$/ && $3 !~ /^(exprcheck_|_ZN9exprcheck)/ { print $3 }')
check test -z "$strays"
[ -z "$strays" ] || echo "# not prefixed: $(echo $strays)"
name=static-link-own-names
check cc -Wall -Werror "$here/own_names.c" -I"$prefix/include" "$libdir/libexprcheck.a" -pthread -o "$scratch/own_names"
name=static-own-names-runs
check "$scratch/own_names"
exit $failed
