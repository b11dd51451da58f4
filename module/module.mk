# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel module exprcheck.ko, built by kbuild from the top-level Kbuild.
# Included by the top-level Makefile (CACHE_DIR, KSRC, JOBS come from it).
#
#   make module         build exprcheck.ko against KDIR
#   make module-lint    rebuild with W=1 -Werror and sparse on every file,
#                       then checkpatch --strict; any warning fails
#   make module-clean   remove kbuild's objects
#
# KVER defaults to the newest kernel here that can be both booted and built
# against (scripts/find-kernel); DKMS and cross builds set KDIR (or KVER)
# instead. Both are recursive variables on purpose: they are worked out
# when a recipe first needs them, after `make deps` has installed the
# headers, not when make reads this file.

ifeq ($(origin KVER),undefined)
KVER = $(shell scripts/find-kernel)
endif
# The image to boot for KVER, in /boot or (from 7.x) /usr/lib/modules.
KIMAGE = $(shell scripts/find-kernel --image $(KVER))
KDIR ?= /lib/modules/$(KVER)/build

MODULE_KBUILD = $(MAKE) -C $(KDIR) M=$(CURDIR)
MODULE_LINT_FILES = $(sort $(wildcard module/*.c module/*.h))

.PHONY: module module-lint module-clean module-kdir

module-kdir:
	@test -f "$(KDIR)/Makefile" || { \
	  echo "module: no kernel build tree at KDIR='$(KDIR)' (KVER='$(KVER)')." >&2; \
	  echo "module: install linux-headers-<version> or set KDIR=/path/to/build." >&2; \
	  exit 1; }

module: module-kdir
	$(MODULE_KBUILD) -j$(JOBS) modules

# Objects built without W=1 would not be compiled again, so start clean;
# -Wsparse-error makes sparse fail the build on its first warning. The
# uAPI header is checked from module/, under the path it has in a kernel
# tree, where checkpatch applies its rules for uAPI headers.
module-lint: module-kdir $(KSRC)/scripts/checkpatch.pl
	$(MODULE_KBUILD) clean
	$(MODULE_KBUILD) -j$(JOBS) W=1 KCFLAGS=-Werror C=2 CHECK=sparse \
		CF=-Wsparse-error modules
	$(KSRC)/scripts/checkpatch.pl --strict --no-tree --show-types -f \
		$(MODULE_LINT_FILES)
	cd module && $(KSRC)/scripts/checkpatch.pl --strict --no-tree \
		--show-types -f include/uapi/linux/exprcheck.h

module-clean: module-kdir
	$(MODULE_KBUILD) clean
