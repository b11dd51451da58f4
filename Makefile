# SPDX-License-Identifier: GPL-2.0-or-later
# Drives everything: Debian packages, the userspace build (CMake, into
# build/), the module (kbuild, from the top-level Kbuild) and the tests.
#
#   make demo    install what is missing, build, show exprcheck at work
#   make check   install what is missing, build, run every test
#   make deb     build the Debian packages into build/deb/ and lint them

.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD_DIR ?= build
ASAN_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
CACHE_DIR ?= /var/cache/exprcheck
JOBS ?= $(shell nproc)
# Seconds of differential fuzzing in `make check`; `make fuzz` runs longer.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 10000000
# Calls the kernel fuzzer makes in the debug kernel (`make check`, `make
# fuzz`) and in Debian's kernel, and seconds of each stress test.
KFUZZ_CHECK_CALLS ?= 100000
KFUZZ_CALLS ?= 1000000
KFUZZ_STOCK_CALLS ?= 20000
STRESS_SECONDS ?= 15
# The kernel fuzzer's seed: every run prints it; set it to replay one.
ifeq ($(origin KFUZZ_SEED),undefined)
KFUZZ_SEED := $(shell date +%s)
endif

# This machine's Debian linux-source tree, extracted once, for the
# checkpatch.pl of `make module-lint`; each release's check lints with
# its own line's.
KSRC_TARBALL := /usr/src/linux-source-6.1.tar.xz
HOST_KSRC := $(CACHE_DIR)/linux-source-6.1
KSRC ?= $(HOST_KSRC)

# The Debian releases whose packaged kernels exprcheck is installed into
# and tested on, each in its build root (tests/release/); trixie's also
# holds the newest kernel line, trixie-backports', where the debug kernel
# is built.
RELEASES := bullseye bookworm trixie
RELEASE_CHECKS := $(RELEASES:%=release-check-%)
NEWEST_ROOT = $(shell tests/release/root trixie | tail -n 1)

# Test VMs: payloads, initramfs images and console logs.
VM_DIR ?= $(CACHE_DIR)/vm-tests
# The newest line's linux-source with the syscall patch, KASAN, kmemleak,
# lockdep, UBSAN and KUnit; rebuilt only when the source, the patch or its
# config changes.
DEBUG_KERNEL_DIR ?= $(CACHE_DIR)/debug-kernel
DEBUG_KERNEL = $(DEBUG_KERNEL_DIR)/out/arch/x86/boot/bzImage
VM_TIMEOUT ?= 1500

CMAKE_CONFIGURE = cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(2) >/dev/null

.PHONY: all deps build demo check unit-check asan-check fuzz-check fuzz clean \
	vm-check vm-debug-check debug-kernel vm-selftest kfuzz bench \
	release-check $(RELEASE_CHECKS) system-check container-check deb-check \
	check-lane-kernels check-lane-system

include module/module.mk
include dist/deb.mk

all: build

deps:
	scripts/install-deps

build: deps
	$(call CMAKE_CONFIGURE,$(BUILD_DIR))
	cmake --build $(BUILD_DIR) -j $(JOBS)

unit-check: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure

asan-check: deps
	$(call CMAKE_CONFIGURE,$(ASAN_DIR),-DEXPRCHECK_SANITIZE=ON)
	cmake --build $(ASAN_DIR) -j $(JOBS)
	ctest --test-dir $(ASAN_DIR) --output-on-failure

$(FUZZ_DIR)/tests/fuzz/core_fuzz: deps
	$(call CMAKE_CONFIGURE,$(FUZZ_DIR),-DEXPRCHECK_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++)
	cmake --build $(FUZZ_DIR) -j $(JOBS)

# The fuzzer stops at the first mismatch with the reference (abort).
fuzz-check: $(FUZZ_DIR)/tests/fuzz/core_fuzz
	mkdir -p $(FUZZ_DIR)/corpus
	$< -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
		$(FUZZ_DIR)/corpus 2>&1 | tail -n 15

fuzz: $(FUZZ_DIR)/tests/fuzz/core_fuzz kfuzz
	mkdir -p $(FUZZ_DIR)/corpus
	$< -runs=$(FUZZ_RUNS) -max_len=4096 -print_final_stats=1 \
		$(FUZZ_DIR)/corpus 2>&1 | tail -n 15

# $(call vm_boot,NAME,BZIMAGE): boots BZIMAGE with $(VM_DIR)/NAME/payload.
define vm_boot
	tests/vm/mkinitramfs --out $(VM_DIR)/$(1)/initramfs.cpio.gz \
		--payload $(VM_DIR)/$(1)/payload
	tests/vm/vm-run --kernel $(2) --initrd $(VM_DIR)/$(1)/initramfs.cpio.gz \
		--timeout $(VM_TIMEOUT) --log $(VM_DIR)/$(1)/console.log
endef

# The module for the debug kernel, built from a copy of the sources (kbuild
# writes objects beside them, and the tree's own exprcheck.ko is for
# Debian's kernel).
DEBUG_KO = $(VM_DIR)/debug-module/src/exprcheck.ko
define debug_module
	tests/vm/build-module --kdir $(DEBUG_KERNEL_DIR)/out --out $(VM_DIR)/debug-module \
		--root $(NEWEST_ROOT)
endef

# The kernel fuzzer alone, long, in the debug kernel; the count comes last.
kfuzz: VM_TIMEOUT = $(shell expr $(KFUZZ_CALLS) / 400 + 900)
kfuzz: build debug-kernel
	$(debug_module)
	rm -rf $(VM_DIR)/kfuzz && mkdir -p $(VM_DIR)/kfuzz
	MODULE_KO=$(DEBUG_KO) tests/stress/payload.sh --fuzz-only \
		--calls $(KFUZZ_CALLS) --seed $(KFUZZ_SEED) $(VM_DIR)/kfuzz/payload $(BUILD_DIR)
	$(call vm_boot,kfuzz,$(DEBUG_KERNEL))
	@tr -d '\r' <$(VM_DIR)/kfuzz/console.log | awk '/^# kfuzz-calls: [0-9]+$$/ { n += $$3 } \
		END { print "kfuzz: " n " calls made in the debug kernel, seed $(KFUZZ_SEED)" }'

# Each release the way its users install it: the Debian packages built in
# its root and installed with apt, DKMS building the module for each of
# its kernels, lint and mkpatch against each line's linux-source, and the
# module's VM suite in each kernel (the kernel fuzzer and stress tests,
# and the library past the module older than the infix flag, on the
# oldest and the newest line).
release-check: $(RELEASE_CHECKS)

$(RELEASE_CHECKS): release-check-%: build
	tests/release/check --suite $* --build $(BUILD_DIR) --work $(VM_DIR)/release-$* \
		--stress $(KFUZZ_STOCK_CALLS),$(KFUZZ_SEED),$(STRESS_SECONDS) \
		--old-module $(OLD_MODULE_REV)

# A whole trixie system booted from a disk image: the packages installed
# with apt, modules-load.d, the device, an unprivileged call, --doctor,
# the containers, a kernel upgrade rebuilt by DKMS, the purge.
system-check: deps
	tests/system/check --work $(VM_DIR)/system --containers

# The same system's first boot, with the container checks alone: the
# image built from the Dockerfile with no registry, compose.yaml's
# services with and without the device, Docker's seccomp profile.
container-check: deps
	tests/system/check --work $(VM_DIR)/container --containers --no-upgrade

# The module as it was before EXPRCHECK_F_INFIX, from git, built for
# KDIR: the library must pass over a kernel whose INFO lacks a flag.
OLD_MODULE_REV := 889fb5b
OLD_KO = $(VM_DIR)/old-module/src/exprcheck.ko

$(OLD_KO): module-kdir
	tests/vm/build-module --kdir $(KDIR) --rev $(OLD_MODULE_REV) --out $(VM_DIR)/old-module \
		--jobs $(JOBS)

# This machine's packaged kernel with the module `make module` built: the
# module's VM suite (tests/vm/stock-suite), for quick work on the module.
vm-check: build module $(KSRC)/scripts/checkpatch.pl $(OLD_KO)
	tests/vm/stock-suite --kernel $(KIMAGE) --ko $(CURDIR)/exprcheck.ko \
		--old-ko $(OLD_KO) \
		--nr $$(module/mkpatch --tree $(KSRC) --print-nr 2>/dev/null) \
		--work $(VM_DIR)/stock --build $(BUILD_DIR) --timeout $(VM_TIMEOUT) \
		--stress $(KFUZZ_STOCK_CALLS),$(KFUZZ_SEED),$(STRESS_SECONDS)

debug-kernel: deps
	tests/vm/debug-kernel/build --cache $(DEBUG_KERNEL_DIR) --jobs $(JOBS)

# The debug kernel: its KUnit suite at boot, the system call, the module
# built against it, the library choosing the syscall, then falling back,
# and the kernel fuzzer and stress tests; all under KASAN, kmemleak and
# lockdep.
vm-debug-check: build debug-kernel
	$(debug_module)
	rm -rf $(VM_DIR)/debug && mkdir -p $(VM_DIR)/debug/payload
	MODULE_KO=$(DEBUG_KO) tests/kernel/payload.sh $(VM_DIR)/debug/payload $(BUILD_DIR)
	tests/syscall/payload.sh --nr $$(cat $(DEBUG_KERNEL_DIR)/out/exprcheck.nr) \
		$(VM_DIR)/debug/payload $(BUILD_DIR)
	tests/backends/payload.sh $(VM_DIR)/debug/payload $(BUILD_DIR)
	MODULE_KO=$(DEBUG_KO) tests/stress/payload.sh --calls $(KFUZZ_CHECK_CALLS) \
		--seed $(KFUZZ_SEED) --seconds $(STRESS_SECONDS) $(VM_DIR)/debug/payload $(BUILD_DIR)
	$(call vm_boot,debug,$(DEBUG_KERNEL))

# Ratios of the kernel paths and the core against each other and against
# memchr: natively, in Debian's kernel and in kernels with the system call.
bench: build module debug-kernel
	bench/run --build $(BUILD_DIR) --kernel $(KIMAGE) \
		--ko $(CURDIR)/exprcheck.ko --debug-cache $(DEBUG_KERNEL_DIR) --root $(NEWEST_ROOT) \
		--kernel-cache $(CACHE_DIR)/bench-kernel --work $(VM_DIR)/bench

# The harness itself: it must pass, fail, time out and catch splats.
vm-selftest: deps
	tests/vm/selftest.sh --workdir $(VM_DIR)/selftest

# The packages as `make deb` builds and lints them, without the test run
# of their build: unit-check has run that suite on the same sources.
deb-check:
	DEB_BUILD_OPTIONS=nocheck DEB_BUILD_PROFILES=nocheck $(MAKE) --no-print-directory deb

# Two lanes share the machine's two cores: the whole-system test's guest
# runs in one host thread (as every TCG guest does), so the other core serves
# the builds and the other VMs meanwhile. Only the first lane uses
# $(BUILD_DIR); each lane's output comes out whole when it ends.
CHECK_LANE_KERNELS := unit-check asan-check fuzz-check deb-check release-check vm-debug-check
CHECK_LANE_SYSTEM := system-check

check: build
	$(MAKE) --no-print-directory -j2 --output-sync=target check-lane-kernels check-lane-system

check-lane-kernels:
	$(MAKE) --no-print-directory -j1 $(CHECK_LANE_KERNELS)

check-lane-system:
	$(MAKE) --no-print-directory -j1 $(CHECK_LANE_SYSTEM)

demo: build module
	scripts/demo $(BUILD_DIR) $(KVER) $(VM_DIR)

# Another KSRC (a release check's tree) is used as it is.
$(HOST_KSRC)/scripts/checkpatch.pl: $(KSRC_TARBALL)
	mkdir -p $(CACHE_DIR)
	rm -rf $(HOST_KSRC).tmp && mkdir -p $(HOST_KSRC).tmp
	tar -xf $< -C $(HOST_KSRC).tmp
	rm -rf $(HOST_KSRC) && mv $(HOST_KSRC).tmp/linux-source-6.1 $(HOST_KSRC)
	rmdir $(HOST_KSRC).tmp
	touch $@

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
