// SPDX-License-Identifier: GPL-2.0-or-later
// The shared case table (tests/cases.tsv), read by every test that
// compares a backend with the expected verdicts.
#ifndef EXPRCHECK_TESTS_CASE_TABLE_HPP
#define EXPRCHECK_TESTS_CASE_TABLE_HPP

#include <cstdint>
#include <string>
#include <vector>

struct Case {
	std::string name;
	std::uint32_t flags = 0;	// EXPRCHECK_F_*
	std::uint64_t max_depth = 0;	// 0: default
	std::uint64_t max_len = 0;	// 0: none
	std::string input;
	std::uint32_t status = 0;	// EXPRCHECK_* status
	std::uint64_t offset = 0;
	char expected = 0;
	char found = 0;
	std::uint64_t depth = 0;
	std::uint64_t scanned = 0;
};

// Throws std::runtime_error naming the line on a malformed table.
std::vector<Case> load_cases(const std::string &path);

#endif // EXPRCHECK_TESTS_CASE_TABLE_HPP
