// SPDX-License-Identifier: GPL-2.0-or-later
// The C++ view of the case table: the C reader (cases.c) does the parsing.
#include "case_table.hpp"

extern "C" {
#include "cases.h"
}

#include <cstdlib>
#include <stdexcept>

std::vector<Case> load_cases(const std::string &path)
{
	struct test_case *raw;
	char err[256];
	long n = load_test_cases(path.c_str(), &raw, err, sizeof(err));
	std::vector<Case> cases;

	if (n < 0)
		throw std::runtime_error(err);
	for (long i = 0; i < n; i++) {
		const struct test_case &t = raw[i];
		Case c;

		c.name = t.name;
		c.flags = t.flags;
		c.max_depth = t.max_depth;
		c.max_len = t.max_len;
		c.input.assign(reinterpret_cast<const char *>(t.input), t.len);
		c.status = t.want.status;
		c.offset = t.want.offset;
		c.expected = static_cast<char>(t.want.expected);
		c.found = static_cast<char>(t.want.found);
		c.depth = t.want.depth;
		c.scanned = t.want.scanned;
		cases.push_back(std::move(c));
		std::free(t.input);
	}
	std::free(raw);
	return cases;
}
