# SPDX-License-Identifier: GPL-2.0-or-later
# Debian packages from this tree. Included by the top-level Makefile.
#
#   make deb        build the four packages into build/deb/, then lint them
#   make deb-build  only build them (a release root without lintian)
#   make deb-lint   lintian on what build/deb/ holds; fails on any error
#
# dpkg-buildpackage runs in a copy of the tree, so the tree itself stays
# clean. It checks the build dependencies itself (debian/control): install
# them first, e.g. `apt-get build-dep ./`. DEB_BUILD_OPTIONS=nocheck skips
# the tests (and Catch2 with them).

DEB_DIR ?= $(BUILD_DIR)/deb
DEB_VERSION = $(shell dpkg-parsechangelog -S Version)
DEB_ARCH = $(shell dpkg-architecture -qDEB_HOST_ARCH)
DEB_CHANGES = $(DEB_DIR)/exprcheck_$(DEB_VERSION)_$(DEB_ARCH).changes
DEB_SRC = $(DEB_DIR)/src/exprcheck-$(DEB_VERSION)

.PHONY: deb deb-build deb-lint

deb: deb-build
	$(MAKE) --no-print-directory deb-lint

deb-build:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	tar -cf - --exclude-vcs --exclude=./$(BUILD_DIR) --exclude='./build-*' \
		. | tar -xf - -C $(DEB_SRC)
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b -J$(JOBS)
	mv $(DEB_DIR)/src/*.deb $(DEB_DIR)/src/*.buildinfo $(DEB_DIR)/src/*.changes $(DEB_DIR)/
	rm -rf $(DEB_DIR)/src

# Every tag is shown; a warning or info that is not fixed carries an
# override saying why (debian/*.lintian-overrides).
deb-lint:
	lintian --fail-on error --info --display-info --show-overrides $(DEB_CHANGES)
