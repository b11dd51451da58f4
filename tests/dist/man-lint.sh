#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The manual pages as `cmake --install` lays them out: every page of doc/
# installed, each formatted by man without a single groff warning, each
# with a NAME section that lexgrog (mandb's parser) reads, every name it
# lists a page (or .so link) of its own, and every exprcheck page another
# one refers to present.
#
#   tests/dist/man-lint.sh BUILD_DIR SOURCE_DIR MANDIR
#
# MANDIR is CMAKE_INSTALL_MANDIR, relative to the prefix.
# Prints `ok NAME` or `not ok NAME: REASON` per check; exits 1 if any failed.
set -euo pipefail
build_dir=$(readlink -f "${1:?usage: $0 BUILD_DIR SOURCE_DIR MANDIR}")
src=$(readlink -f "${2:?usage: $0 BUILD_DIR SOURCE_DIR MANDIR}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build_dir" --prefix "$scratch" >/dev/null
# .so links name their target from the top of the hierarchy.
cd "$scratch/${3:?usage: $0 BUILD_DIR SOURCE_DIR MANDIR}"
failed=0

result() {
	if [ -z "$2" ]; then
		echo "ok $1"
	else
		echo "not ok $1: $2"
		failed=1
	fi
}

for page in "$src"/doc/*.[1-8]; do
	name=$(basename "$page")
	installed=man${name##*.}/$name
	if [ ! -f "$installed" ]; then
		result "$name" "not installed as $installed"
		continue
	fi
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$installed" 2>&1 >/dev/null)
	result "$name-formats" "$warnings"
	whatis=$(lexgrog "$installed" 2>&1) || true
	case $whatis in
	*': "'*) result "$name-whatis" "" ;;
	*) result "$name-whatis" "lexgrog: $whatis" ;;
	esac
	missing=
	for listed in $(sed -n 's/^[^:]*: "\([^ ]*\) - .*/\1/p' <<<"$whatis"); do
		[ -f "man${name##*.}/$listed.${name##*.}" ] || missing+=" $listed"
	done
	result "$name-names" "${missing:+no page for$missing}"
	dangling=
	for ref in $(grep -ho '^\.BR \(lib\)\?exprcheck[a-z_]* ([1-8])' "$installed" |
		sed 's/^\.BR \([^ ]*\) (\([1-8]\))/\1.\2/'); do
		[ -f "man${ref##*.}/$ref" ] || dangling+=" $ref"
	done
	result "$name-see-also" "${dangling:+refers to missing$dangling}"
done
exit "$failed"
