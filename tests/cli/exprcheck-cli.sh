#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of exprcheck(1): exit status, diagnostics, JSON, options, doctor.
#
#   tests/cli/exprcheck-cli.sh PATH-TO-exprcheck
#
# Prints `ok NAME` or `not ok NAME: REASON` per check; exits 1 if any failed.

# The checks are called by name, through declare -F.
# shellcheck disable=SC2317
set -euo pipefail

cli=${1:?usage: $0 PATH-TO-exprcheck}
[ -x "$cli" ] || { echo "# skip: $cli is not an executable"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Run the CLI: stdout in $out, stderr in $err, exit status in $rc.
run() {
	rc=0
	out=$("$cli" "$@" 2>"$tmp/stderr") || rc=$?
	err=$(<"$tmp/stderr")
}

# Each want_* sets $reason and fails when its expectation does not hold.
want_rc() {
	[ "$rc" = "$1" ] || { reason="exit status $rc, wanted $1 (stderr: $err)"; return 1; }
}

want_out() {
	[ "$out" = "$1" ] || { reason="stdout was [$out], wanted [$1]"; return 1; }
}

want_line() {
	local line
	line=$(sed -n "$1p" <<<"$out")
	[ "$line" = "$2" ] || { reason="stdout line $1 was [$line], wanted [$2]"; return 1; }
}

want_err() {
	grep -qF -- "$1" <<<"$err" || { reason="stderr [$err] lacks [$1]"; return 1; }
}

want_match() {
	grep -Eq -- "$1" <<<"$out" || { reason="stdout [$out] does not match [$1]"; return 1; }
}

want_has_line() {
	grep -qxF -- "$1" <<<"$out" || { reason="stdout [$out] has no line [$1]"; return 1; }
}

want_no_line() {
	! grep -qF -- "$1" <<<"$out" || { reason="stdout [$out] has [$1]"; return 1; }
}

want_no_out() {
	[ -z "$out" ] || { reason="stdout should be empty, was [$out]"; return 1; }
}

# want_json LINE:KEY=JSON...: every stdout line is an object with exactly
# the result fields, and on line LINE (from 1) KEY holds the JSON value given.
want_json() {
	local py='
import json, sys
fields = {"input", "valid", "status", "offset", "expected", "found",
          "depth", "scanned", "backend"}
objs = []
for text in sys.stdin.read().splitlines():
    try:
        obj = json.loads(text)
    except ValueError as e:
        sys.exit("not JSON: %r (%s)" % (text, e))
    if not isinstance(obj, dict) or set(obj) != fields:
        sys.exit("fields %s, wanted %s" % (sorted(obj), sorted(fields)))
    objs.append(obj)
for want in sys.argv[1:]:
    where, value = want.split("=", 1)
    line, key = where.split(":")
    got = objs[int(line) - 1][key] if int(line) <= len(objs) else "no such line"
    if got != json.loads(value):
        sys.exit("line %s: %s is %r, wanted %s" % (line, key, got, value))
'
	reason=$(python3 -c "$py" "$@" <<<"$out" 2>&1) || return 1
}

test_valid_expr() {
	run --expr '(a+[b*c])'
	want_rc 0 && want_out '<expr>: valid (depth 2, 9 bytes, userspace)'
}

test_wrong_closer_caret() {
	run --expr '(a+[b)]'
	want_rc 1 &&
		want_line 1 "<expr>:1:6: error: expected ']' but found ')' at offset 5" &&
		want_line 2 '(a+[b)]' &&
		want_line 3 '     ^'
}

test_unexpected_closer() {
	run -e 'a)('
	want_rc 1 && want_line 1 "<expr>:1:2: error: unexpected ')' with nothing open at offset 1"
}

test_left_open_caret_on_opener() {
	printf 'x\n  ([a]\n\n' >"$tmp/open.txt"
	run "$tmp/open.txt"
	want_rc 1 &&
		want_line 1 "$tmp/open.txt:2:3: error: '(' is never closed: expected ')' before end of input at offset 4" &&
		want_line 2 '  ([a]' &&
		want_line 3 '  ^'
}

test_tabs_keep_caret_aligned() {
	run -e "$(printf '\t\t(a\t[b)')"
	want_rc 1 && want_line 3 "$(printf '\t\t  \t  ^')"
}

test_long_line_is_cut() {
	printf '%0300d(%0300d]%0300d\n' 0 0 0 >"$tmp/long.txt"
	run "$tmp/long.txt"
	want_rc 1 &&
		want_line 1 "$tmp/long.txt:1:602: error: expected ')' but found ']' at offset 601" &&
		want_line 2 "$(printf '...%060d]%059d...' 0 0)" &&
		want_line 3 "$(printf '%63s^' '')"
}

test_binary_input_with_nul_bytes() {
	printf '(\0[\0)\0' >"$tmp/binary.bin"
	printf '(\0)\0' >"$tmp/ok.bin"
	run "$tmp/binary.bin" "$tmp/ok.bin"
	want_rc 1 &&
		want_line 1 "$tmp/binary.bin:1:5: error: expected ']' but found ')' at offset 4" &&
		want_line 2 '(?[?)?' &&
		want_line 3 '    ^' &&
		want_line 4 "$tmp/ok.bin: valid (depth 1, 4 bytes, userspace)"
}

test_mixed_inputs_exit_1_in_order() {
	printf '{[()]}\n' >"$tmp/good.txt"
	printf '{[(])}\n' >"$tmp/bad.txt"
	run "$tmp/good.txt" -e '()' "$tmp/bad.txt"
	want_rc 1 &&
		want_line 1 "$tmp/good.txt: valid (depth 3, 7 bytes, userspace)" &&
		want_line 2 '<expr>: valid (depth 1, 2 bytes, userspace)' &&
		want_line 3 "$tmp/bad.txt:1:4: error: expected ')' but found ']' at offset 3"
}

test_all_valid_files_exit_0() {
	printf '()' >"$tmp/a.txt"
	printf '[]' >"$tmp/b.txt"
	run "$tmp/a.txt" "$tmp/b.txt"
	want_rc 0
}

test_usage_error() {
	run --no-such-option
	want_rc 2 && want_no_out && want_err 'no-such-option' && want_err '--help'
}

test_bad_number_is_usage_error() {
	run --max-depth -3 -e '()'
	want_rc 2 && want_err 'max-depth'
}

test_missing_file_named_others_checked() {
	run "$tmp/missing.txt" -e '()'
	want_rc 2 &&
		want_err "$tmp/missing.txt: No such file or directory" &&
		want_out '<expr>: valid (depth 1, 2 bytes, userspace)'
}

test_directory_is_io_error() {
	run "$tmp"
	want_rc 2 && want_err "$tmp: Is a directory"
}

test_stdin_dash() {
	rc=0
	out=$(printf '([])' | "$cli" - 2>&1) || rc=$?
	want_rc 0 && want_out '<stdin>: valid (depth 2, 4 bytes, userspace)'
}

test_stdin_without_arguments() {
	rc=0
	out=$(printf 'f(x]\n' | "$cli" 2>&1) || rc=$?
	want_rc 1 &&
		want_line 1 "<stdin>:1:4: error: expected ')' but found ']' at offset 3" &&
		want_line 2 'f(x]' &&
		want_line 3 '   ^'
}

test_stdin_redirected_from_file() {
	printf '\n\n ]' >"$tmp/redirect.txt"
	run <"$tmp/redirect.txt"
	want_rc 1 && want_line 1 "<stdin>:3:2: error: unexpected ']' with nothing open at offset 3"
}

test_large_stdin_reports_offset_only() {
	rc=0
	out=$(head -c 100000 /dev/zero | tr '\0' x | sed 's/$/)/' | "$cli" 2>&1) || rc=$?
	want_rc 1 && want_out "<stdin>: error: unexpected ')' with nothing open at offset 100000"
}

test_pipe_left_open_offset_is_exact() {
	# The innermost opener left open is far behind, and a pipe cannot be
	# read twice: the stream kept its offset.
	rc=0
	out=$({ head -c 100 /dev/zero; printf '('; printf '%.0s[' {1..40}; printf '%.0s]' {1..40}; head -c 100000 /dev/zero; } |
		"$cli" 2>&1) || rc=$?
	want_rc 1 && want_out "<stdin>: error: '(' is never closed: expected ')' before end of input at offset 100"
}

test_sysfs_file_is_read_not_mapped() {
	# sysfs gives one line a size of 4096 and refuses mmap().
	local f n
	for f in /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/uevent_seqnum ''; do
		[ -r "$f" ] && break
	done
	[ -n "$f" ] || return 0
	n=$(wc -c <"$f")
	run "$f"
	want_rc 0 && want_match "^$f: valid \\(depth [0-9]+, $n bytes, userspace\\)\$" || return 1
	run --backend userspace "$f"
	want_rc 0 && want_match "^$f: valid \\(depth [0-9]+, $n bytes, userspace\\)\$"
}

test_procfs_file_is_read() {
	run /proc/self/cmdline
	want_rc 0 && want_match '^/proc/self/cmdline: valid \(depth 0, [1-9][0-9]* bytes, userspace\)$'
}

test_file_truncated_while_read() {
	# Mapped, it would raise SIGBUS; read, it gives a verdict or an I/O error.
	local pid
	truncate -s 2G "$tmp/shrinks"
	"$cli" "$tmp/shrinks" >"$tmp/stdout" 2>"$tmp/stderr" &
	pid=$!
	sleep 0.05
	truncate -s 0 "$tmp/shrinks"
	rc=0
	wait "$pid" || rc=$?
	out=$(<"$tmp/stdout") err=$(<"$tmp/stderr")
	rm -f "$tmp/shrinks"
	case $rc in
	0 | 1) ;;
	2) want_err 'changed while being read' ;;
	*) reason="exit status $rc (stderr: $err)"; return 1 ;;
	esac
}

test_json_has_every_field() {
	run --json -e '(a+[b)]' -e '[ok]' -e '((' -e ')'
	want_rc 1 &&
		want_json 1:input='"<expr>"' 1:valid=false 1:status='"wrong_closer"' \
			1:offset=5 1:expected='"]"' 1:found='")"' 1:depth=2 1:scanned=6 \
			1:backend='"userspace"' \
			2:valid=true 2:status='"valid"' 2:offset=null 2:expected=null \
			2:found=null 2:depth=1 2:scanned=4 \
			3:status='"left_open"' 3:offset=1 3:expected='")"' 3:found=null \
			4:status='"unexpected_closer"' 4:expected=null 4:found='")"'
}

test_json_escapes_names() {
	local name
	name=$(printf '%s/we"ird\\\001name\tx\377' "$tmp")
	printf '()' >"$name"
	run --json "$name"
	want_rc 0 && want_json "1:input=\"$tmp/we\\\"ird\\\\\\u0001name\\tx\\ufffd\""
}

test_backend_userspace() {
	run --backend userspace --json -e '{}'
	want_rc 0 && want_json 1:backend='"userspace"' 1:valid=true
}

test_backend_ioctl() {
	run --backend ioctl --json -e '{}'
	if [ -c /dev/exprcheck ]; then
		want_rc 0 && want_json 1:backend='"ioctl"'
	else
		want_rc 2 && want_no_out && want_err 'ioctl backend is not available' &&
			want_err '/dev/exprcheck'
	fi
}

test_quiet() {
	run -q -e '(]'
	want_rc 1 && want_no_out || return 1
	run --quiet -e '()'
	want_rc 0 && want_no_out
}

test_angle() {
	run -e '(<)>'
	want_rc 0 || return 1
	run --angle -e '(<)>'
	want_rc 1 && want_line 1 "<expr>:1:3: error: expected '>' but found ')' at offset 2"
}

test_quotes() {
	run -e '"(" x'
	want_rc 1 || return 1
	run --quotes -e '"(" x' -e "f('[', \"\\\")\")"
	want_rc 0 || return 1
	run --quotes -e 'a "(b'
	want_rc 1 && want_line 1 "<expr>:1:3: error: '\"' is never closed: expected '\"' before end of input at offset 2"
}

test_infix() {
	run -e '(a+)*b'
	want_rc 0 || return 1
	run --infix --expr '(a+)*b'
	want_rc 1 && want_line 1 "<expr>:1:4: error: expected an operand but found ')' at offset 3" &&
		want_line 2 '(a+)*b' && want_line 3 '   ^' || return 1
	run --infix --expr 'f(x, -y[2]) >= 3.5e2 && !z'
	want_rc 0 || return 1
	run --infix -e 'a b' -e 'a +' -e '()' -e 'a, b' -e 'a $ b'
	want_rc 1 &&
		want_has_line "<expr>:1:3: error: expected an operator but found 'b' at offset 2" &&
		want_has_line '<expr>:1:4: error: expected an operand but found the end of input at offset 3' &&
		want_has_line "<expr>:1:2: error: empty group: expected an operand before ')' at offset 1" &&
		want_has_line '<expr>:1:2: error: comma outside brackets at offset 1' &&
		want_has_line "<expr>:1:3: error: unknown character '\$' at offset 2"
}

test_infix_json() {
	run --infix --json -e '1e+x'
	want_rc 1 && want_json 1:status='"expected_operator"' 1:offset=1 1:found='"e"' 1:scanned=4
}

test_infix_excludes_angle_and_quotes() {
	run --infix --angle -e 'a'
	want_rc 2 && want_err '--infix excludes --angle and --quotes' || return 1
	run --infix --quotes -e 'a'
	want_rc 2
}

test_max_depth() {
	run --max-depth 2 -e '(())'
	want_rc 0 || return 1
	run --max-depth 2 -e '((()))'
	want_rc 1 && want_line 1 '<expr>:1:3: error: nesting deeper than 2 at offset 2'
}

test_max_length() {
	run --max-length 4 -e '(ab)'
	want_rc 0 || return 1
	run --max-length 3 -e '(ab)'
	want_rc 1 && want_line 1 '<expr>:1:4: error: input longer than 3 bytes at offset 3'
}

test_doctor() {
	run --doctor
	want_rc 0 &&
		want_match '^syscall: (available|unavailable: .+)$' &&
		want_match '^ioctl: (available|unavailable: .+)$' &&
		want_line 3 'userspace: available' &&
		want_match "^kernel headers: (present|missing) \\(/lib/modules/$(uname -r)/build\\)$" &&
		want_match '^device: /dev/exprcheck '
}

# A made-up system for --doctor under EXPRCHECK_DOCTOR_ROOT: a kernel that
# loads modules, and what each fake_* adds to it.
fake_system() {
	root=$tmp/root-$1
	release=$(uname -r)
	moddir=$root/lib/modules/$release
	mkdir -p "$root/proc" "$moddir"
	: >"$root/proc/modules"
}

# fake_secure_boot 0|1: an EFI system with Secure Boot off or on.
fake_secure_boot() {
	mkdir -p "$root/sys/firmware/efi/efivars"
	printf "\\x06\\x00\\x00\\x00\\x0$1" \
		>"$root/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
}

# fake_module signed|unsigned [.xz]: a module file that depmod knows.
fake_module() {
	mkdir -p "$moddir/updates/dkms"
	module=$moddir/updates/dkms/exprcheck.ko
	printf '\177ELF module' >"$module"
	[ "$1" = unsigned ] || printf 'PKCS#7~Module signature appended~\n' >>"$module"
	if [ "${2-}" = .xz ]; then
		xz "$module"
		module=$module.xz
	fi
	echo "updates/dkms/exprcheck.ko${2-}:" >"$moddir/modules.dep"
}

# fake_dkms built|failed: DKMS has exprcheck 1.0.0, built for this kernel
# or with the log of a failed build; its key, enrolled or not.
fake_dkms() {
	local v=$root/var/lib/dkms/exprcheck/1.0.0
	mkdir -p "$v/source"
	ln -s 1.0.0/$release/x86_64 "$root/var/lib/dkms/exprcheck/kernel-$release-x86_64"
	if [ "$1" = built ]; then
		mkdir -p "$v/$release/x86_64/module"
	else
		mkdir -p "$v/build" && : >"$v/build/make.log"
	fi
	printf 'DER certificate' >"$root/var/lib/dkms/mok.pub"
}

# fake_mok_list enrolled|other: the shim's MokListRT, with DKMS's key or not.
fake_mok_list() {
	local key='another certificate'
	[ "$1" = other ] || key=$(<"$root/var/lib/dkms/mok.pub")
	printf '\x06\x00\x00\x00list:%s:end' "$key" \
		>"$root/sys/firmware/efi/efivars/MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23"
}

doctor_in() {
	rc=0
	out=$(EXPRCHECK_DOCTOR_ROOT=$root "$cli" --doctor 2>"$tmp/stderr") || rc=$?
	err=$(<"$tmp/stderr")
}

test_doctor_not_efi_no_dkms() {
	fake_system not-efi
	doctor_in
	want_rc 0 &&
		want_has_line 'secure boot: not an EFI system' &&
		want_has_line 'module signatures: not checked by this kernel' &&
		want_has_line 'dkms: exprcheck not added (/var/lib/dkms/exprcheck is absent)' &&
		want_has_line "installed module: none in /lib/modules/$release/modules.dep" &&
		want_no_line 'dkms signing key' &&
		want_match '^hint: to build the module for this kernel, install its headers first'
}

test_doctor_secure_boot_unsigned_module() {
	fake_system sb-unsigned
	fake_secure_boot 1
	fake_module unsigned
	fake_dkms built
	fake_mok_list other
	doctor_in
	want_rc 0 &&
		want_has_line 'secure boot: on' &&
		want_has_line 'module signatures: required' &&
		want_has_line "module file: /lib/modules/$release/updates/dkms/exprcheck.ko is unsigned" &&
		want_has_line "dkms: exprcheck 1.0.0 built for $release" &&
		want_has_line 'dkms signing key: /var/lib/dkms/mok.pub not enrolled (not in MokListRT)' &&
		want_match '^hint: .*exprcheck.ko is unsigned, .*`mokutil --import /var/lib/dkms/mok.pub`, reboot and enrol'
}

test_doctor_secure_boot_key_not_enrolled() {
	fake_system sb-not-enrolled
	fake_secure_boot 1
	fake_module signed
	fake_dkms built
	fake_mok_list other
	doctor_in
	want_rc 0 &&
		want_has_line "module file: /lib/modules/$release/updates/dkms/exprcheck.ko is signed" &&
		want_match '^hint: .* is signed, but .*`mokutil --import /var/lib/dkms/mok.pub`, reboot and enrol' &&
		want_match '^hint: the module is installed for this kernel: `modprobe exprcheck`$'
}

test_doctor_secure_boot_key_enrolled_compressed() {
	command -v xz >/dev/null || return 0
	fake_system sb-enrolled
	fake_secure_boot 1
	fake_module signed .xz
	fake_dkms built
	fake_mok_list enrolled
	doctor_in
	want_rc 0 &&
		want_has_line "module file: /lib/modules/$release/updates/dkms/exprcheck.ko.xz is signed" &&
		want_has_line 'dkms signing key: /var/lib/dkms/mok.pub enrolled' &&
		want_no_line 'mokutil'
}

test_doctor_secure_boot_off_failed_dkms_build() {
	fake_system sb-off
	fake_secure_boot 0
	fake_dkms failed
	mkdir -p "$moddir/build" && : >"$moddir/build/Makefile"
	doctor_in
	want_rc 0 &&
		want_has_line 'secure boot: off' &&
		want_has_line "dkms: exprcheck 1.0.0 not built for $release" &&
		want_has_line 'dkms signing key: /var/lib/dkms/mok.pub unknown (no readable MokListRT)' &&
		want_has_line 'hint: DKMS failed to build the module: see /var/lib/dkms/exprcheck/1.0.0/build/make.log' &&
		want_has_line "hint: build and install it with DKMS: \`dkms install -m exprcheck -v 1.0.0 -k $release\`" &&
		want_no_line 'mokutil'
}

test_doctor_loaded_unsigned_module() {
	fake_system loaded
	mkdir -p "$root/sys/module/exprcheck"
	echo OE >"$root/sys/module/exprcheck/taint"
	doctor_in
	want_rc 0 &&
		want_has_line 'module: loaded' &&
		want_has_line 'loaded module: unsigned (taint flag E)'
}

test_version() {
	run --version
	want_rc 0 && want_match '^exprcheck [0-9.]+ \(libexprcheck [0-9]+\.[0-9]+\.[0-9]+, API [0-9]+\.[0-9]+\)$'
}

test_help() {
	run --help
	want_rc 0 && want_match '^Usage: exprcheck' && want_match '--expr' &&
		want_match '--backend' && want_match '--doctor' && want_match '--json'
}

test_write_error_is_exit_2() {
	[ -w /dev/full ] || return 0
	rc=0
	"$cli" -e '()' >/dev/full 2>"$tmp/stderr" || rc=$?
	err=$(<"$tmp/stderr")
	want_rc 2 && want_err 'standard output'
}

failed=0
for check in $(declare -F | awk '$3 ~ /^test_/ { print $3 }'); do
	reason=
	if "$check"; then
		echo "ok ${check#test_}"
	else
		echo "not ok ${check#test_}: $reason"
		failed=1
	fi
done
exit "$failed"
