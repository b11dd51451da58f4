#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Self-test of the VM harness: boots a stock kernel once per case with a
# tiny payload and checks that vm-run passes the good run and fails each
# bad one for the right reason.
#
#   selftest.sh [--kernel BZIMAGE] [--workdir DIR] [--accel auto|tcg|kvm]
#
# The kernel defaults to the newest /boot/vmlinuz-*, the work directory to
# $EXPRCHECK_VM_CACHE/selftest (/var/cache/exprcheck/vm/selftest).
# Prints `ok`/`not ok` per case and `N passed, N failed`; exits 0 when all
# cases behaved.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KERNEL=''
WORK=${EXPRCHECK_VM_CACHE:-/var/cache/exprcheck/vm}/selftest
ACCEL=auto
PASSED=0
FAILED=0

usage() {
	echo "usage: ${0##*/} [--kernel BZIMAGE] [--workdir DIR] [--accel auto|tcg|kvm]" >&2
	exit 2
}

newest_kernel() {
	local k
	k=$(find /boot -maxdepth 1 -name 'vmlinuz-*' | sort -V | tail -n 1)
	[[ -n $k ]] || { echo "${0##*/}: no /boot/vmlinuz-*: apt-get install linux-image-amd64" >&2; exit 1; }
	echo "$k"
}

# suite_program CASE NAME: the program's shell body comes on stdin.
suite_program() {
	local dir=$WORK/$1/payload/tests/suite.d
	mkdir -p "$dir"
	{ echo '#!/bin/sh'; cat; } >"$dir/$2"
	chmod 0755 "$dir/$2"
}

smoke() {
	suite_program "$1" 10-smoke <<-'EOF'
	echo "ok harness-smoke"
	EOF
}

payload_pass() {
	smoke pass
	suite_program pass 20-skip <<-'EOF'
	echo "# skip: skipping is not failing"
	exit 77
	EOF
}

payload_notok() {
	smoke notok
	suite_program notok 20-notok <<-'EOF'
	echo "not ok harness-notok: failing on purpose"
	exit 1
	EOF
	suite_program notok 30-status <<-'EOF'
	exit 3
	EOF
	suite_program notok 40-signal <<-'EOF'
	kill -SEGV $$
	EOF
}

# Ignores SIGTERM, and so does its child: only the runner's SIGKILL to the
# whole session ends it.
payload_hang() {
	smoke hang
	suite_program hang 20-hang <<-'EOF'
	trap '' TERM
	sleep 1000
	EOF
	mkdir -p "$WORK/hang/payload/tests/timeout.d"
	echo 3 >"$WORK/hang/payload/tests/timeout.d/20-hang"
}

payload_splat() {
	smoke splat
	suite_program splat 20-splat <<-'EOF'
	echo "BUG: harness selftest, a fake splat" >/dev/kmsg
	echo "ok harness-splat-written"
	EOF
}

payload_stuck() {
	smoke stuck
	suite_program stuck 20-stuck <<-'EOF'
	sleep 1000
	EOF
}

payload_panic() {
	smoke panic
	suite_program panic 20-panic <<-'EOF'
	echo c >/proc/sysrq-trigger
	EOF
}

report() {
	if [[ -z $2 ]]; then
		echo "ok selftest-$1 ($3s)"
		PASSED=$((PASSED + 1))
	else
		echo "not ok selftest-$1: $2 (output: $WORK/$1/vm-run.out)"
		sed 's/^/# /' "$WORK/$1/vm-run.out"
		FAILED=$((FAILED + 1))
	fi
}

# run_case CASE 'VM-RUN OPTIONS' STATUS LAST-LINE [PATTERN...]: boots the
# payload and checks vm-run's exit status, its last line and that each
# fixed-string PATTERN appears in its output.
run_case() {
	local name=$1 opts want_status=$3 want_last=$4 dir=$WORK/$1
	read -ra opts <<<"$2"
	shift 4
	rm -rf "$dir" && mkdir -p "$dir"
	"payload_$name"
	"$HERE/mkinitramfs" --out "$dir/initrd.cpio.gz" --payload "$dir/payload"

	local start=$SECONDS status=0 why='' pattern last
	"$HERE/vm-run" --kernel "$KERNEL" --initrd "$dir/initrd.cpio.gz" \
		--accel "$ACCEL" --log "$dir/console.log" "${opts[@]}" \
		>"$dir/vm-run.out" 2>&1 || status=$?
	last=$(tail -n 1 "$dir/vm-run.out")
	if ((status != want_status)); then
		why="vm-run exited $status, expected $want_status"
	elif [[ $last != "$want_last" ]]; then
		why="last line '$last', expected '$want_last'"
	fi
	for pattern in "$@"; do
		[[ -n $why ]] || grep -qF -- "$pattern" "$dir/vm-run.out" ||
			why="no '$pattern' in the output"
	done
	report "$name" "$why" "$((SECONDS - start))"
}

# The same inputs must give the same image, byte for byte.
check_reproducible() {
	local dir=$WORK/pass
	"$HERE/mkinitramfs" --out "$dir/again.cpio.gz" --payload "$dir/payload"
	if cmp -s "$dir/initrd.cpio.gz" "$dir/again.cpio.gz"; then
		report reproducible '' 0
	else
		report reproducible "two builds of the same payload differ" 0
	fi
}

main() {
	while (($#)); do
		case $1 in
		--kernel) KERNEL=${2:?}; shift 2 ;;
		--workdir) WORK=${2:?}; shift 2 ;;
		--accel) ACCEL=${2:?}; shift 2 ;;
		*) usage ;;
		esac
	done
	[[ -n $KERNEL ]] || KERNEL=$(newest_kernel)
	echo "# kernel $KERNEL, work directory $WORK"

	run_case pass '' 0 '1 passed, 0 failed' \
		'ok harness-smoke' '# 20-skip: skipped' 'vm-run: PASS'
	check_reproducible
	run_case notok '' 1 '1 passed, 3 failed' 'not ok harness-notok' \
		'not ok 30-status: exited with status 3' \
		'not ok 40-signal: killed by signal 11' 'no success marker'
	run_case hang '' 1 '1 passed, 1 failed' 'not ok 20-hang: timed out after 3s'
	run_case splat '' 1 '2 passed, 1 failed' \
		'not ok 20-splat: kernel splat in dmesg' 'kernel splat on the console: '
	run_case panic '' 1 '0 passed, 1 failed' 'kernel panic: ' 'sysrq: Trigger a crash'
	# The guest's own timeout, raised from the kernel command line, is
	# longer than the host's: QEMU itself must be stopped.
	run_case stuck '--timeout 25 --append TEST_TIMEOUT=600' 1 '0 passed, 1 failed' \
		'# running 20-stuck (timeout 600s)' 'timed out after 25s'

	echo "$PASSED passed, $FAILED failed"
	((FAILED == 0))
}

main "$@"
