// SPDX-License-Identifier: GPL-2.0-or-later
// A deliberately simple validator: a std::vector of open brackets with
// their offsets, no streaming, no bit packing. The fuzzer holds the core
// to it.
#ifndef EXPRCHECK_TESTS_REFERENCE_HPP
#define EXPRCHECK_TESTS_REFERENCE_HPP

#include <linux/exprcheck.h>

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

inline exprcheck_verdict reference_validate(std::string_view in, std::uint32_t flags,
					    std::uint64_t max_depth, std::uint64_t max_len)
{
	const std::string_view openers = flags & EXPRCHECK_F_ANGLE ? "([{<" : "([{";
	const std::string_view closers = flags & EXPRCHECK_F_ANGLE ? ")]}>" : ")]}";
	std::vector<std::pair<char, std::uint64_t>> open;
	std::uint64_t limit = max_len && max_len < in.size() ? max_len : in.size();
	exprcheck_verdict v{};
	char quote = 0;
	std::uint64_t quote_at = 0;
	bool escaped = false;

	auto stop = [&](std::uint32_t status, std::uint64_t at, char expected, char found) {
		v.status = status;
		v.offset = at;
		v.expected = static_cast<std::uint8_t>(expected);
		v.found = static_cast<std::uint8_t>(found);
		v.scanned = at + 1;
		return v;
	};
	for (std::uint64_t i = 0; i < limit; i++) {
		char ch = in[i];
		if (quote) {
			if (escaped)
				escaped = false;
			else if (ch == '\\')
				escaped = true;
			else if (ch == quote)
				quote = 0;
			continue;
		}
		if ((flags & EXPRCHECK_F_QUOTES) && (ch == '"' || ch == '\'')) {
			quote = ch;
			quote_at = i;
		} else if (openers.find(ch) != std::string_view::npos) {
			if (open.size() == max_depth)
				return stop(EXPRCHECK_TOO_DEEP, i, 0, ch);
			open.emplace_back(closers[openers.find(ch)], i);
			if (open.size() > v.depth)
				v.depth = open.size();
		} else if (closers.find(ch) != std::string_view::npos) {
			if (open.empty())
				return stop(EXPRCHECK_UNEXPECTED_CLOSER, i, 0, ch);
			if (open.back().first != ch)
				return stop(EXPRCHECK_WRONG_CLOSER, i, open.back().first, ch);
			open.pop_back();
		}
	}
	v.scanned = limit;
	if (limit < in.size()) {
		v.status = EXPRCHECK_TOO_LONG;
		v.offset = limit;
	} else if (quote) {
		v.status = EXPRCHECK_LEFT_OPEN;
		v.offset = quote_at;
		v.expected = static_cast<std::uint8_t>(quote);
	} else if (!open.empty()) {
		v.status = EXPRCHECK_LEFT_OPEN;
		v.offset = open.back().second;
		v.expected = static_cast<std::uint8_t>(open.back().first);
	}
	return v;
}

#endif // EXPRCHECK_TESTS_REFERENCE_HPP
