# SPDX-License-Identifier: GPL-2.0-or-later
#
# The container checks, sourced by the whole-system test's driver in the
# booted Debian system (tests/system/guest/exprcheck-system-test), with
# the packages installed, the module loaded and dockerd started by
# systemd, on a data disk of its own (/var/lib/docker). The host put into
# $STATE:
#
#   src/           the tree, as `git ls-files` lists it
#   images/*.tar   two base images from scripts/mkroot --tar: base (the
#                  result's) and build (with the build's tools); absent
#                  when the data disk is one an earlier run imported
#                  them into, which the host kept
#
# No registry, no network: the bases are imported, and every container
# runs with --network none. Nothing is privileged and no seccomp option is
# given, so Docker's default profile is in force throughout. Each check
# that shows what a container said copies it to the console as `# ...`.

CONTAINER_EXPR='([)]'
CONTAINER_BUILD_ARGS=(--build-arg BASE=exprcheck-base --build-arg BUILD_BASE=exprcheck-build)

# show TEXT...: what a container said, on the console, a line each.
show() {
	local text line
	for text; do
		while IFS= read -r line; do
			echo "#   $line" >&3
		done <<<"$text"
	done
}

# verdict_is JSON BACKEND: the wrong closer at offset 2, from BACKEND.
verdict_is() {
	[[ $1 == *'"status":"wrong_closer","offset":2'* && $1 == *"\"backend\":\"$2\""* ]]
}

# shown LABEL COMMAND...: runs COMMAND, keeps what it printed in OUT and
# its exit status in RC, and shows both.
shown() {
	local label=$1
	shift
	OUT=$("$@")
	RC=$?
	show "$label$OUT" "exit $RC"
}

# answered_by BACKEND: the command shown last exited 1 with the wrong
# closer at 2, from BACKEND.
answered_by() {
	((RC == 1)) && verdict_is "$OUT" "$1"
}

dockerd_up() {
	local info
	systemctl is-active docker.service || return 1
	info=$(docker info --format 'server {{.ServerVersion}}, cgroup v{{.CgroupVersion}}, {{.Driver}}, {{join .SecurityOptions " "}}') || return 1
	show "docker: $info; $(docker compose version)"
	[[ $info == *name=seccomp,profile=builtin* ]]
}

import_bases() {
	if [[ -f $STATE/images/base.tar ]]; then
		docker import "$STATE/images/base.tar" exprcheck-base &&
			docker import "$STATE/images/build.tar" exprcheck-build || return 1
	fi
	show "$(docker image ls --filter 'reference=exprcheck-b*' \
		--format '{{.Repository}} {{.ID}}, imported {{.CreatedSince}}, {{.Size}}')"
	docker image inspect exprcheck-base exprcheck-build >/dev/null
}

build_image() {
	local start=$SECONDS
	(cd "$STATE/src" && docker build --network none "${CONTAINER_BUILD_ARGS[@]}" -t exprcheck .) || return 1
	show "docker build: $((SECONDS - start)) s; $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' exprcheck)"
}

# compose_run SERVICE COMMAND: `docker compose run` of the tree's
# compose.yaml, with no terminal; its output on stdout, its exit status.
compose_run() {
	(cd "$STATE/src" && timeout 300 docker compose run --rm -T "$@")
}

# The device passed by compose: the ioctl answers a non-root user.
compose_with_device() {
	shown '' compose_run exprcheck sh -c "id; grep ^Seccomp: /proc/self/status; exec exprcheck --json --expr '$CONTAINER_EXPR'"
	answered_by ioctl && [[ $OUT == uid=1000\(exprcheck\)* && $OUT =~ Seccomp:[[:space:]]+2 ]]
}

compose_without_device() {
	shown '' compose_run exprcheck-userspace exprcheck --json --expr "$CONTAINER_EXPR"
	answered_by userspace
}

# A number this kernel has no call at: one past the last of its 3xx
# block, read from the running kernel's uAPI header (a patched kernel puts
# its call in that block too, at the number module/mkpatch chose).
free_syscall_nr() {
	awk '$1 == "#define" && $2 ~ /^__NR_/ && $3 ~ /^[0-9]+$/ && $3 < 424 {
		if ($3 > max) max = $3 } END { print max + 1 }' \
		"/usr/src/linux-headers-$(uname -r)/arch/x86/include/generated/uapi/asm/unistd_64.h"
}

# A kernel that publishes the system call, as the patched ones do: the
# number is bind-mounted over /sys/kernel. Here the kernel has no such
# call (ENOSYS), but Docker's profile answers before any kernel would:
# EPERM. auto does not probe under the filter and takes the ioctl; a
# forced system call backend probes and says it is denied.
syscall_under_default_profile() {
	local nr out probe="syscall(\$ARGV[0], 0, 1); print \$!+0, \"\\n\""
	nr=$(free_syscall_nr)
	mkdir -p "$STATE/sys-kernel/exprcheck" && echo "$nr" >"$STATE/sys-kernel/exprcheck/syscall_nr"
	out=$(perl -e "$probe" "$nr")
	show "the guest, outside a container: syscall $nr: errno $out"
	[[ $out == 38 ]] || return 1
	shown '' timeout 300 docker run --rm --network none --device /dev/exprcheck \
		-v "$STATE/sys-kernel:/sys/kernel:ro" exprcheck sh -c "
		echo \"syscall_nr: \$(cat /sys/kernel/exprcheck/syscall_nr)\"
		echo \"syscall $nr: errno \$(perl -e '$probe' $nr)\"
		exprcheck --json --expr '$CONTAINER_EXPR'; echo \"auto: exit \$?\"
		exprcheck --backend syscall --expr '()' 2>&1; echo \"forced syscall: exit \$?\""
	((RC == 0)) && [[ $OUT == *"syscall $nr: errno 1"$'\n'* ]] && verdict_is "$OUT" ioctl &&
		[[ $OUT == *'auto: exit 1'* && $OUT == *'denied here (seccomp or a container profile)'* &&
			$OUT == *'forced syscall: exit 2'* ]]
}

# consumer.c, built against the files the image got (its headers, its
# library and its pkg-config file, found through a sysroot), run in it.
consumer_in_image() {
	mkdir -p "$STATE/consumer"
	rm -rf "$STATE/image" && mkdir -p "$STATE/image"
	docker run --rm --network none exprcheck sh -c 'cd / && tar -cf - usr/include/exprcheck \
		usr/include/linux/exprcheck.h usr/lib/*/libexprcheck* usr/lib/*/pkgconfig/exprcheck.pc' |
		tar -xf - -C "$STATE/image" || return 1
	timeout 600 docker run --rm --network none -v "$STATE/image:/image:ro" \
		-v "$STATE/src/tests/consumer:/in:ro" -v "$STATE/consumer:/out" exprcheck-build sh -c '
		export PKG_CONFIG_SYSROOT_DIR=/image PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
		export PKG_CONFIG_LIBDIR=/image/usr/lib/$(gcc -print-multiarch)/pkgconfig
		cc -Wall -Werror /in/consumer.c $(pkg-config --cflags --libs exprcheck) -o /out/consumer' ||
		return 1
	shown 'consumer, with the device: ' docker run --rm --network none --device /dev/exprcheck \
		-v "$STATE/consumer:/c:ro" exprcheck /c/consumer
	((RC == 0)) && [[ $OUT == *'by ioctl'* ]] || return 1
	shown 'consumer, without: ' docker run --rm --network none -v "$STATE/consumer:/c:ro" exprcheck /c/consumer
	((RC == 0)) && [[ $OUT == *'by userspace'* ]]
}

# The module unloaded under a running container, then loaded again: the
# container's node stays, its calls fall back or fail cleanly, none hangs.
module_reloaded_under_container() {
	local before after ok=0
	docker run -d --name exprcheck-held --network none --device /dev/exprcheck exprcheck sleep 900 >/dev/null || return 1
	before=$(stat -c '%t:%T' /dev/exprcheck)
	modprobe -r exprcheck || ok=1
	shown 'module unloaded: ' timeout 120 docker exec exprcheck-held exprcheck --json --expr "$CONTAINER_EXPR"
	answered_by userspace || ok=1
	shown 'module unloaded, ioctl forced: ' timeout 120 docker exec exprcheck-held \
		sh -c "exprcheck --backend ioctl --expr '()' 2>&1"
	((RC == 2)) && [[ $OUT == *'leads to no driver'* ]] || ok=1
	modprobe exprcheck && udevadm settle || ok=1
	after=$(stat -c '%t:%T' /dev/exprcheck)
	shown "module loaded again (misc minor 0x${before#*:}, now 0x${after#*:}): " \
		timeout 120 docker exec exprcheck-held exprcheck --json --expr "$CONTAINER_EXPR"
	# The same minor leads to the module again; another one does not.
	if [[ $before == "$after" ]]; then
		answered_by ioctl || ok=1
	else
		answered_by userspace || ok=1
	fi
	docker rm -f exprcheck-held >/dev/null
	return "$ok"
}

# Podman, rootless, as the ordinary user: it cannot make device nodes, so
# it bind-mounts the host's, where only the "other" permission bits (the
# module's 0666) count. The image is the one Docker built, handed over
# with docker save. No session of the user's runs here, so the container
# gets no cgroup of its own, which crun allows (runc does not).
podman_rootless() {
	local run podman start=$SECONDS
	run=/run/user/$(id -u "$USER_NAME")
	install -d -m 0700 -o "$USER_NAME" -g "$USER_NAME" "$run"
	podman=(runuser -u "$USER_NAME" -- env XDG_RUNTIME_DIR="$run" podman
		--cgroup-manager cgroupfs --events-backend file --runtime crun)
	docker save exprcheck | "${podman[@]}" load -q || return 1
	show "podman $("${podman[@]}" version --format '{{.Client.Version}}'), as $USER_NAME: docker save | podman load: $((SECONDS - start)) s"
	shown '' timeout 300 "${podman[@]}" run --rm --network none --cgroups disabled \
		--device /dev/exprcheck exprcheck \
		sh -c "id; stat -c '%A %U %G' /dev/exprcheck; exec exprcheck --json --expr '$CONTAINER_EXPR'"
	answered_by ioctl && [[ $OUT == uid=1000\(exprcheck\)* ]]
}

# What the checks made goes, so that the data disk the host keeps holds
# the bases alone; the host keeps it only after this line.
leave_only_bases() {
	docker image rm exprcheck && docker image prune -f && docker builder prune -af || return 1
	[[ -z $(docker ps -aq) &&
		$(docker image ls --format '{{.Repository}}' | sort | paste -sd ' ') == 'exprcheck-base exprcheck-build' ]] &&
		echo 'docker-disk: only the bases' >&3
}

stage_containers() {
	local bases='the base images import (docker import, no registry)'
	[[ -f $STATE/images/base.tar ]] ||
		bases='the base images are there, imported by an earlier run (docker import, no registry)'
	check "dockerd runs under systemd, with Docker's default seccomp profile" dockerd_up
	check "$bases" import_bases
	check "the image builds with no registry and no network" build_image
	check "docker compose run exprcheck: a non-root user gets the ioctl's verdict, exit 1" \
		compose_with_device
	check "docker compose run exprcheck-userspace: the userspace core's verdict, exit 1" \
		compose_without_device
	check "Docker's profile answers EPERM for the published system call; auto takes the ioctl" \
		syscall_under_default_profile
	check "a C program built against the image's library gets the same answers" consumer_in_image
	check "the module reloaded under a running container: a clean fallback, no hang" \
		module_reloaded_under_container
	check "rootless podman as $USER_NAME: the bind-mounted node, the ioctl's verdict" podman_rootless
	leave_only_bases 3>&1 >>"$STATE/log" 2>&1
}
