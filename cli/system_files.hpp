// SPDX-License-Identifier: GPL-2.0-or-later
// The files exprcheck --doctor reads (/sys, /proc, /lib/modules,
// /var/lib/dkms, /dev), under another root when EXPRCHECK_DOCTOR_ROOT
// names one: a test feeds the doctor a made-up system that way.
#ifndef EXPRCHECK_CLI_SYSTEM_FILES_HPP
#define EXPRCHECK_CLI_SYSTEM_FILES_HPP

#include <string>
#include <vector>

namespace cli {

class SystemFiles {
public:
	SystemFiles();	// the root from EXPRCHECK_DOCTOR_ROOT, else /

	// @path (absolute, as on the system) where it is read from.
	std::string at(const std::string &path) const;
	bool exists(const std::string &path) const;
	// The first line, without its newline; empty when unreadable.
	std::string first_line(const std::string &path) const;
	// The whole file; false when unreadable.
	bool read(const std::string &path, std::string &bytes) const;
	// The names in a directory, sorted; empty when unreadable.
	std::vector<std::string> list(const std::string &dir) const;

private:
	std::string root_;
};

} // namespace cli

#endif // EXPRCHECK_CLI_SYSTEM_FILES_HPP
