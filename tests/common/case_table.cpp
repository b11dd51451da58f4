// SPDX-License-Identifier: GPL-2.0-or-later
#include "case_table.hpp"

#include <linux/exprcheck.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace {

const char *const status_names[] = {
	"valid", "unexpected_closer", "wrong_closer", "left_open", "too_deep", "too_long",
};

// One byte, possibly escaped, at text[i]; advances i.
char unescape_one(const std::string &text, std::size_t &i)
{
	if (text[i] != '\\')
		return text[i++];
	if (i + 1 >= text.size())
		throw std::runtime_error("dangling backslash in '" + text + "'");
	char c = text[i + 1];
	i += 2;
	switch (c) {
	case '\\':
		return '\\';
	case 't':
		return '\t';
	case 'n':
		return '\n';
	case 'x':
		if (i + 2 > text.size())
			throw std::runtime_error("short \\x escape in '" + text + "'");
		i += 2;
		return static_cast<char>(std::stoi(text.substr(i - 2, 2), nullptr, 16));
	}
	throw std::runtime_error("unknown escape in '" + text + "'");
}

std::uint64_t number_or_zero(const std::string &field)
{
	return field == "-" ? 0 : std::stoull(field);
}

char byte_or_none(const std::string &field)
{
	return field == "-" ? 0 : unescape_case_input(field).at(0);
}

std::uint32_t flags_from(const std::string &field)
{
	std::uint32_t flags = 0;
	std::istringstream words(field == "-" ? "" : field);
	std::string word;

	while (std::getline(words, word, ','))
		if (word == "angle")
			flags |= EXPRCHECK_F_ANGLE;
		else if (word == "quotes")
			flags |= EXPRCHECK_F_QUOTES;
		else
			throw std::runtime_error("unknown flag '" + word + "'");
	return flags;
}

std::vector<std::string> split_tabs(const std::string &line)
{
	std::vector<std::string> fields;
	std::size_t start = 0, tab;

	while ((tab = line.find('\t', start)) != std::string::npos) {
		fields.push_back(line.substr(start, tab - start));
		start = tab + 1;
	}
	fields.push_back(line.substr(start));
	return fields;
}

} // namespace

std::string unescape_case_input(const std::string &text)
{
	std::string out;
	std::size_t i = 0;

	while (i < text.size()) {
		if (text.compare(i, 2, "\\*") == 0) {
			std::size_t colon = text.find(':', i);
			if (colon == std::string::npos)
				throw std::runtime_error("\\* without ':' in '" + text + "'");
			std::size_t count = std::stoul(text.substr(i + 2, colon - i - 2));
			i = colon + 1;
			out.append(count, unescape_one(text, i));
		} else {
			out.push_back(unescape_one(text, i));
		}
	}
	return out;
}

std::uint32_t status_from_name(const std::string &name)
{
	for (std::uint32_t s = 0; s < sizeof(status_names) / sizeof(*status_names); s++)
		if (name == status_names[s])
			return s;
	throw std::runtime_error("unknown status '" + name + "'");
}

std::vector<Case> load_cases(const std::string &path)
{
	std::ifstream in(path);
	std::vector<Case> cases;
	std::string line;
	int lineno = 0;

	if (!in)
		throw std::runtime_error("cannot open " + path);
	while (std::getline(in, line)) {
		lineno++;
		if (line.empty() || line[0] == '#')
			continue;
		auto f = split_tabs(line);
		if (f.size() != 11)
			throw std::runtime_error(path + ":" + std::to_string(lineno) +
						 ": expected 11 fields");
		try {
			Case c;
			c.name = f[0];
			c.flags = flags_from(f[1]);
			c.max_depth = number_or_zero(f[2]);
			c.max_len = number_or_zero(f[3]);
			c.input = unescape_case_input(f[4]);
			c.status = status_from_name(f[5]);
			c.offset = std::stoull(f[6]);
			c.expected = byte_or_none(f[7]);
			c.found = byte_or_none(f[8]);
			c.depth = std::stoull(f[9]);
			c.scanned = std::stoull(f[10]);
			cases.push_back(std::move(c));
		} catch (const std::exception &e) {
			throw std::runtime_error(path + ":" + std::to_string(lineno) +
						 ": " + e.what());
		}
	}
	return cases;
}
