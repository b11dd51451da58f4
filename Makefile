# SPDX-License-Identifier: GPL-2.0-or-later
# Drives everything: Debian packages, the userspace build (CMake, into
# build/), the module (kbuild, from the top-level Kbuild) and the tests.
#
#   make demo    install what is missing, build, show exprcheck at work
#   make check   install what is missing, build, run every test

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

# The Debian linux-source tree, extracted once: checkpatch.pl, sparse
# runs and the debug kernel all come from it.
KSRC_TARBALL := /usr/src/linux-source-6.1.tar.xz
KSRC := $(CACHE_DIR)/linux-source-6.1

# Test VMs: payloads, initramfs images and console logs.
VM_DIR ?= $(CACHE_DIR)/vm-tests
# linux-source-6.1 with the syscall patch, KASAN, kmemleak, lockdep, UBSAN
# and KUnit; rebuilt only when the patch or its config changes.
DEBUG_KERNEL_DIR ?= $(CACHE_DIR)/debug-kernel
VM_TIMEOUT ?= 1500

CMAKE_CONFIGURE = cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(2) >/dev/null

.PHONY: all deps build demo check unit-check asan-check fuzz-check fuzz clean \
	vm-check vm-debug-check debug-kernel vm-selftest

include module/module.mk

all: build

deps:
	scripts/install-deps

build: deps
	$(call CMAKE_CONFIGURE,$(BUILD_DIR))
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The patch generator's test needs the pristine kernel tree.
unit-check: build $(KSRC)/Makefile
	KSRC=$(KSRC) ctest --test-dir $(BUILD_DIR) --output-on-failure

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

fuzz: $(FUZZ_DIR)/tests/fuzz/core_fuzz
	mkdir -p $(FUZZ_DIR)/corpus
	$< -runs=$(FUZZ_RUNS) -max_len=4096 -print_final_stats=1 \
		$(FUZZ_DIR)/corpus 2>&1 | tail -n 15

# Debian's packaged kernel, which the module was just built for: the
# module's ioctls, its life cycle, the library and the CLI, and proof that
# the library never calls a syscall number this kernel did not publish.
vm-check: build module
	rm -rf $(VM_DIR)/stock && mkdir -p $(VM_DIR)/stock/payload
	MODULE_KO=$(CURDIR)/exprcheck.ko tests/kernel/payload.sh $(VM_DIR)/stock/payload $(BUILD_DIR)
	tests/syscall/payload.sh --stock $(VM_DIR)/stock/payload $(BUILD_DIR)
	tests/backends/payload.sh $(VM_DIR)/stock/payload $(BUILD_DIR)
	tests/vm/mkinitramfs --out $(VM_DIR)/stock/initramfs.cpio.gz \
		--payload $(VM_DIR)/stock/payload
	tests/vm/vm-run --kernel /boot/vmlinuz-$(KVER) \
		--initrd $(VM_DIR)/stock/initramfs.cpio.gz --timeout $(VM_TIMEOUT) \
		--log $(VM_DIR)/stock/console.log

debug-kernel: deps
	tests/vm/debug-kernel/build --cache $(DEBUG_KERNEL_DIR) --jobs $(JOBS)

# The debug kernel: its KUnit suite at boot, the system call, the module
# built against it (from a copy, as kbuild writes objects beside the
# sources and the tree's own exprcheck.ko is for Debian's kernel), and the
# library choosing the syscall, then falling back; all under KASAN,
# kmemleak and lockdep.
vm-debug-check: build debug-kernel
	rm -rf $(VM_DIR)/debug && mkdir -p $(VM_DIR)/debug/src $(VM_DIR)/debug/payload
	tar -c --exclude='*.o' --exclude='.*.cmd' --exclude='*.ko' --exclude='*.mod*' \
		Kbuild module | tar -x -C $(VM_DIR)/debug/src
	$(MAKE) -C $(DEBUG_KERNEL_DIR)/out M=$(VM_DIR)/debug/src -j$(JOBS) modules
	MODULE_KO=$(VM_DIR)/debug/src/exprcheck.ko \
		tests/kernel/payload.sh $(VM_DIR)/debug/payload $(BUILD_DIR)
	tests/syscall/payload.sh $(VM_DIR)/debug/payload $(BUILD_DIR)
	tests/backends/payload.sh $(VM_DIR)/debug/payload $(BUILD_DIR)
	tests/vm/mkinitramfs --out $(VM_DIR)/debug/initramfs.cpio.gz \
		--payload $(VM_DIR)/debug/payload
	tests/vm/vm-run --kernel $(DEBUG_KERNEL_DIR)/out/arch/x86/boot/bzImage \
		--initrd $(VM_DIR)/debug/initramfs.cpio.gz --timeout $(VM_TIMEOUT) \
		--log $(VM_DIR)/debug/console.log

# The harness itself: it must pass, fail, time out and catch splats.
vm-selftest: deps
	tests/vm/selftest.sh --workdir $(VM_DIR)/selftest

check: unit-check asan-check fuzz-check module-lint vm-check vm-debug-check

demo: build module
	scripts/demo $(BUILD_DIR) $(KVER) $(VM_DIR)

$(KSRC)/Makefile: $(KSRC_TARBALL)
	mkdir -p $(CACHE_DIR)
	rm -rf $(KSRC).tmp && mkdir -p $(KSRC).tmp
	tar -xf $< -C $(KSRC).tmp
	rm -rf $(KSRC) && mv $(KSRC).tmp/linux-source-6.1 $(KSRC) && rmdir $(KSRC).tmp
	touch $@

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
