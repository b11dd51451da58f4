#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One version for the whole project: CMake's project VERSION is the one
# the build uses, and DKMS (dkms.conf), the Debian packages
# (debian/changelog) and the manual pages (.TH) must say the same.
#
#   tests/dist/version-check.sh PROJECT_VERSION SOURCE_DIR
#
# Prints `ok NAME` or `not ok NAME: REASON` per check; exits 1 if any failed.
set -euo pipefail
want=${1:?usage: $0 PROJECT_VERSION SOURCE_DIR}
src=${2:?usage: $0 PROJECT_VERSION SOURCE_DIR}
failed=0

# same NAME VALUE: VALUE must be the project's version.
same() {
	if [ "$2" = "$want" ]; then
		echo "ok $1"
	else
		echo "not ok $1: says [$2], CMakeLists.txt says [$want]"
		failed=1
	fi
}

same dkms.conf "$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$src/dkms.conf")"
# A native package: the changelog's version is the project's, with no
# Debian revision.
same debian/changelog "$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)"
for page in "$src"/doc/*.[1-8]; do
	# .so links have no .TH of their own.
	grep -q '^\.TH ' "$page" || continue
	same "${page#"$src"/}" \
		"$(sed -n 's/^\.TH [^ ]* [^ ]* [^ ]* "exprcheck \([^"]*\)".*/\1/p' "$page")"
done
exit "$failed"
