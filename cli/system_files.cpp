// SPDX-License-Identifier: GPL-2.0-or-later
#include "system_files.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <dirent.h>
#include <unistd.h>

namespace cli {

SystemFiles::SystemFiles()
{
	const char *root = std::getenv("EXPRCHECK_DOCTOR_ROOT");

	if (root && *root && std::string(root) != "/")
		root_ = root;
}

std::string SystemFiles::at(const std::string &path) const
{
	return root_ + path;
}

bool SystemFiles::exists(const std::string &path) const
{
	return ::access(at(path).c_str(), F_OK) == 0;
}

std::string SystemFiles::first_line(const std::string &path) const
{
	std::ifstream in(at(path));
	std::string line;

	std::getline(in, line);
	return line;
}

bool SystemFiles::read(const std::string &path, std::string &bytes) const
{
	std::ifstream in(at(path), std::ios::binary);

	bytes.assign(std::istreambuf_iterator<char>(in), {});
	return !in.bad() && in.is_open();
}

std::vector<std::string> SystemFiles::list(const std::string &dir) const
{
	std::vector<std::string> names;
	DIR *d = ::opendir(at(dir).c_str());

	if (!d)
		return names;
	while (const dirent *e = ::readdir(d)) {
		std::string name = e->d_name;
		if (name != "." && name != "..")
			names.push_back(name);
	}
	::closedir(d);
	std::sort(names.begin(), names.end());
	return names;
}

} // namespace cli
