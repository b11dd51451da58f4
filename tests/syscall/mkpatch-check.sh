#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks module/mkpatch against a pristine linux-source-6.1 tree:
#
#   tests/syscall/mkpatch-check.sh [--tree DIR]
#
# DIR defaults to $KSRC, else /var/cache/exprcheck/linux-source-6.1 (the
# top-level Makefile extracts it there); without a tree the program skips
# (exit 77). Prints `ok NAME` / `not ok NAME: REASON` per check: the patch
# made from the tree equals the one made from mkpatch's own knowledge of
# 6.1, applies with patch -p1 and git apply, passes checkpatch --strict
# (but for the MAINTAINERS reminder), carries the module's files byte for
# byte, and the number is chosen and checked as documented.

# The checks are functions that run through check().
# shellcheck disable=SC2317
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
MKPATCH=$TOP/module/mkpatch
TREE=${KSRC:-/var/cache/exprcheck/linux-source-6.1}
WORK=''
FAILED=0

check() {
	local name=$1 reason=$2
	shift 2
	if "$@"; then
		echo "ok $name"
	else
		echo "not ok $name: $reason"
		FAILED=1
	fi
}

# The added file $2 as it stands in patch $1.
added_file() {
	awk -v want="+++ b/$2" '
		/^diff --git / { on = 0 }
		on && /^\+/ { print substr($0, 2) }
		$0 == want { on = 1; getline }' "$1"
}

same_bytes() {
	cmp -s <(added_file "$WORK/patch" "$1") "$TOP/module/$2"
}

checkpatch_clean() {
	local report
	report=$("$TREE/scripts/checkpatch.pl" --strict --show-types "$WORK/patch" 2>&1 || true)
	echo "$report" | grep -E '^(ERROR|WARNING|CHECK):' |
		grep -v '^WARNING:FILE_PATH_CHANGES:' >"$WORK/checkpatch" || true
	if [[ -s $WORK/checkpatch ]]; then
		sed 's/^/# /' "$WORK/checkpatch"
		return 1
	fi
}

# A tree whose table stops at 332 (statx), as in 4.17.
nr_on_old_table() {
	local old=$WORK/old/arch/x86/entry/syscalls
	mkdir -p "$old"
	awk '/^[0-9]/ && $1 > 332 { exit } { print }' \
		"$TREE/arch/x86/entry/syscalls/syscall_64.tbl" >"$old/syscall_64.tbl"
	[[ $("$MKPATCH" --tree "$WORK/old" --print-nr 2>/dev/null) == 333 ]]
}

refuses() {
	! "$MKPATCH" --nr "$1" >/dev/null 2>&1
}

takes() {
	"$MKPATCH" --nr "$1" 2>/dev/null | grep -q "^+$1	common	exprcheck	"
}

main() {
	while (($#)); do
		case $1 in
		--tree) TREE=${2:?}; shift 2 ;;
		*) echo "usage: ${0##*/} [--tree DIR]" >&2; exit 2 ;;
		esac
	done
	if [[ ! -f $TREE/arch/x86/entry/syscalls/syscall_64.tbl ]]; then
		echo "# skip: no linux-source-6.1 tree at $TREE (--tree DIR)"
		exit 77
	fi
	if grep -q exprcheck "$TREE/arch/x86/entry/syscalls/syscall_64.tbl"; then
		echo "# skip: $TREE already has the patch; give a pristine tree"
		exit 77
	fi
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/mkpatch-check.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT

	"$MKPATCH" -o "$WORK/patch" 2>/dev/null
	"$MKPATCH" --tree "$TREE" -o "$WORK/patch-tree" 2>/dev/null
	check mkpatch-tree-equals-known "the patch made from $TREE differs" \
		cmp -s "$WORK/patch" "$WORK/patch-tree"
	check mkpatch-applies-patch "patch -p1 --dry-run fails in $TREE" \
		patch -d "$TREE" -p1 --dry-run -s -i "$WORK/patch"
	check mkpatch-applies-git "git apply --check fails in $TREE" \
		git -C "$TREE" apply --check "$WORK/patch"
	check mkpatch-checkpatch-strict "checkpatch --strict complains (above)" \
		checkpatch_clean

	local pair
	for pair in include/uapi/linux/exprcheck.h:include/uapi/linux/exprcheck.h \
		kernel/exprcheck/exprcheck_core.c:exprcheck_core.c \
		kernel/exprcheck/exprcheck_core.h:exprcheck_core.h \
		kernel/exprcheck/exprcheck_serve.c:exprcheck_serve.c \
		kernel/exprcheck/exprcheck_serve.h:exprcheck_serve.h \
		kernel/exprcheck/exprcheck_simd.c:exprcheck_simd.c \
		kernel/exprcheck/exprcheck_simd.h:exprcheck_simd.h \
		kernel/exprcheck/syscall.c:exprcheck_syscall.c \
		kernel/exprcheck/exprcheck_kunit.c:kunit/exprcheck_kunit.c; do
		check "mkpatch-same-bytes:${pair%%:*}" "differs from module/${pair#*:}" \
			same_bytes "${pair%%:*}" "${pair#*:}"
	done

	check mkpatch-nr-default-335 "--print-nr is not 335" \
		test "$("$MKPATCH" --print-nr 2>/dev/null)" = 335
	check mkpatch-nr-333-on-4.17-table "a table ending at 332 does not give 333" \
		nr_on_old_table
	check mkpatch-refuses-333 "--nr 333 (io_pgetevents) accepted" refuses 333
	check mkpatch-refuses-reserved "--nr 400 (reserved range) accepted" \
		refuses 400
	check mkpatch-refuses-x32 "--nr 520 (x32 range) accepted" refuses 520
	check mkpatch-nr-336 "--nr 336 does not put 336 in the table" takes 336
	exit $FAILED
}

main "$@"
