#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks module/mkpatch against a pristine Linux tree (a linux-source of
# any supported line; tests/release/check gives each line's):
#
#   tests/syscall/mkpatch-check.sh --tree DIR
#
# The tree needs the files the patch hooks into and scripts/. Prints
# `ok NAME` / `not ok NAME: REASON` per check: the patch applies with
# patch -p1 and git apply, passes checkpatch --strict (but for the
# MAINTAINERS reminder), carries the module's files byte for byte, and the
# number is the first free one of the tree's table, checked as documented.

# The checks are functions that run through check().
# shellcheck disable=SC2317
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
MKPATCH=$TOP/module/mkpatch
TREE=''
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

TABLE=arch/x86/entry/syscalls/syscall_64.tbl

# Whether the tree's table uses number $1.
used() {
	awk -v n="$1" '$1 == n { found = 1 } END { exit !found }' "$TREE/$TABLE"
}

# The number taken is free, and every common number from 335 to it is
# used: the first free one, as upstream fills the gap (335 is uretprobe
# from 6.11, 336 uprobe from 6.13).
nr_first_free() {
	local nr n
	nr=$("$MKPATCH" --tree "$TREE" --print-nr 2>/dev/null)
	echo "# system call number on this tree: $nr"
	[[ $nr =~ ^[0-9]+$ ]] && ((nr >= 335)) && ! used "$nr" || return 1
	for ((n = 335; n < nr; n++)); do
		used "$n" || return 1
	done
}

# A tree whose table stops at 332 (statx), as in 4.17.
nr_on_old_table() {
	local old=$WORK/old/arch/x86/entry/syscalls
	mkdir -p "$old"
	awk '/^[0-9]/ && $1 > 332 { exit } { print }' \
		"$TREE/$TABLE" >"$old/syscall_64.tbl"
	[[ $("$MKPATCH" --tree "$WORK/old" --print-nr 2>/dev/null) == 333 ]]
}

refuses() {
	! "$MKPATCH" --tree "$TREE" --nr "$1" >/dev/null 2>&1
}

takes() {
	"$MKPATCH" --tree "$TREE" --nr "$1" 2>/dev/null | grep -q "^+$1	common	exprcheck	"
}

# The tree with the patch applied: mkpatch refuses to patch it again.
refuses_patched_tree() {
	local t=$WORK/patched/arch/x86/entry/syscalls
	mkdir -p "$t"
	(cd "$TREE" && patch -p1 -s -o "$t/syscall_64.tbl" "$TABLE" <"$WORK/patch") >/dev/null
	! "$MKPATCH" --tree "$WORK/patched" --print-nr >/dev/null 2>&1
}

main() {
	while (($#)); do
		case $1 in
		--tree) TREE=${2:?}; shift 2 ;;
		*) echo "usage: ${0##*/} --tree DIR" >&2; exit 2 ;;
		esac
	done
	[[ -f $TREE/$TABLE ]] || { echo "usage: ${0##*/} --tree DIR (a Linux tree)" >&2; exit 2; }
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/mkpatch-check.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT

	"$MKPATCH" --tree "$TREE" -o "$WORK/patch"
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
		kernel/exprcheck/exprcheck_infix.c:exprcheck_infix.c \
		kernel/exprcheck/exprcheck_infix.h:exprcheck_infix.h \
		kernel/exprcheck/exprcheck_serve.c:exprcheck_serve.c \
		kernel/exprcheck/exprcheck_serve.h:exprcheck_serve.h \
		kernel/exprcheck/exprcheck_simd.c:exprcheck_simd.c \
		kernel/exprcheck/exprcheck_simd.h:exprcheck_simd.h \
		kernel/exprcheck/syscall.c:exprcheck_syscall.c \
		kernel/exprcheck/exprcheck_kunit.c:kunit/exprcheck_kunit.c; do
		check "mkpatch-same-bytes:${pair%%:*}" "differs from module/${pair#*:}" \
			same_bytes "${pair%%:*}" "${pair#*:}"
	done

	check mkpatch-nr-first-free "--print-nr is not the first free number from 335" \
		nr_first_free
	check mkpatch-nr-333-on-4.17-table "a table ending at 332 does not give 333" \
		nr_on_old_table
	check mkpatch-refuses-333 "--nr 333 (io_pgetevents) accepted" refuses 333
	check mkpatch-refuses-reserved "--nr 400 (reserved range) accepted" \
		refuses 400
	check mkpatch-refuses-x32 "--nr 520 (x32 range) accepted" refuses 520
	check mkpatch-nr-386 "--nr 386 does not put 386 in the table" takes 386
	check mkpatch-refuses-patched-tree "a tree with the patch is patched again" \
		refuses_patched_tree
	exit $FAILED
}

main "$@"
