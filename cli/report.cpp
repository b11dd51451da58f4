// SPDX-License-Identifier: GPL-2.0-or-later
#include "report.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace cli {
namespace {

using exprcheck::Status;

// A long line is shown as this many bytes around the caret.
constexpr std::size_t excerpt_before = 60;
constexpr std::size_t excerpt_width = 120;

std::string quoted(char c)
{
	static const char hex[] = "0123456789abcdef";
	auto u = static_cast<unsigned char>(c);

	if (c == '\'' || c == '\\')
		return std::string("'\\") + c + "'";
	if (u >= 0x20 && u < 0x7f)
		return std::string("'") + c + "'";
	return std::string("'\\x") + hex[u >> 4] + hex[u & 0xf] + "'";
}

// What the grammar found: a byte, or the end of input.
std::string token(char c)
{
	return c ? quoted(c) : "the end of input";
}

char opener_of(char closer)
{
	switch (closer) {
	case ')': return '(';
	case ']': return '[';
	case '}': return '{';
	case '>': return '<';
	default: return closer;	// a quote closes itself
	}
}

std::string message(const exprcheck::Result &r)
{
	switch (r.status) {
	case Status::valid:
		break;
	case Status::unexpected_closer:
		return "unexpected " + quoted(r.found) + " with nothing open";
	case Status::wrong_closer:
		return "expected " + quoted(r.expected) + " but found " + quoted(r.found);
	case Status::left_open:
		return quoted(opener_of(r.expected)) + " is never closed: expected " +
		       quoted(r.expected) + " before end of input";
	case Status::too_deep:
		// The core stops at the opener that would pass the limit.
		return "nesting deeper than " + std::to_string(r.depth);
	case Status::too_long:
		// ... and at the first byte past the length limit.
		return "input longer than " + std::to_string(r.offset) + " bytes";
	case Status::expected_operand:
		return "expected an operand but found " + token(r.found);
	case Status::expected_operator:
		return "expected an operator but found " + token(r.found);
	case Status::unknown_char:
		return "unknown character " + quoted(r.found);
	case Status::empty_group:
		return "empty group: expected an operand before " + quoted(r.found);
	case Status::stray_comma:
		return "comma outside brackets";
	}
	return "valid";
}

struct Position {
	std::uint64_t line;	// from 1
	std::uint64_t line_start;
};

// Counts lines up to @offset, a chunk at a time: never the whole input in memory.
std::optional<Position> locate(const Source &source, std::uint64_t offset)
{
	std::vector<char> chunk(64 * 1024);
	Position pos{1, 0};

	for (std::uint64_t at = 0; at < offset;) {
		std::size_t want = static_cast<std::size_t>(
			std::min<std::uint64_t>(chunk.size(), offset - at));
		std::size_t got = source.read_at(at, chunk.data(), want);
		for (const char *p = chunk.data(), *end = p + got;
		     (p = static_cast<const char *>(std::memchr(p, '\n', end - p)));
		     p++) {
			pos.line++;
			pos.line_start = at + (p - chunk.data()) + 1;
		}
		if (got < want)
			return std::nullopt;
		at += got;
	}
	return pos;
}

// The line holding @offset, cut to a window around it, and a caret line
// under it that copies the tabs so the caret lines up.
void print_excerpt(std::ostream &out, const Source &source,
		   std::uint64_t offset, std::uint64_t line_start)
{
	std::uint64_t start = offset - line_start > excerpt_before ?
				      offset - excerpt_before : line_start;
	char buf[excerpt_width + 1];
	std::size_t got = source.read_at(start, buf, sizeof(buf));
	std::size_t end = std::find(buf, buf + got, '\n') - buf;
	std::size_t caret = static_cast<std::size_t>(offset - start);
	bool cut_right = end > excerpt_width;
	std::string text, marks;

	if (cut_right)
		end = excerpt_width;
	if (start > line_start) {
		text = "...";
		marks = "   ";
	}
	for (std::size_t i = 0; i < end; i++) {
		auto c = static_cast<unsigned char>(buf[i]);
		text += c == '\t' || (c >= 0x20 && c < 0x7f) ? buf[i] : '?';
	}
	for (std::size_t i = 0; i < caret; i++)
		marks += i < end && buf[i] == '\t' ? '\t' : ' ';
	if (cut_right)
		text += "...";
	out << text << '\n' << marks << "^\n";
}

// Length of the well-formed UTF-8 sequence at the start of @s, 0 if none.
std::size_t utf8_length(std::string_view s)
{
	auto at = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
	auto cont = [&](std::size_t i) { return i < s.size() && (at(i) & 0xc0) == 0x80; };
	unsigned char c = at(0);

	if (c >= 0xc2 && c <= 0xdf)
		return cont(1) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (!cont(1) || !cont(2) || (c == 0xe0 && at(1) < 0xa0) ||
		    (c == 0xed && at(1) > 0x9f))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (!cont(1) || !cont(2) || !cont(3) || (c == 0xf0 && at(1) < 0x90) ||
		    (c == 0xf4 && at(1) > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

// A JSON string; bytes that are not UTF-8 (a file name may hold any)
// become U+FFFD so the line stays valid JSON.
void put_json_string(std::string &out, std::string_view s)
{
	static const char hex[] = "0123456789abcdef";

	out += '"';
	for (std::size_t i = 0; i < s.size();) {
		auto c = static_cast<unsigned char>(s[i]);
		std::size_t n;

		if (c == '"' || c == '\\') {
			out += '\\';
			out += s[i++];
		} else if (c == '\n') {
			out += "\\n";
			i++;
		} else if (c == '\t') {
			out += "\\t";
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			out += "\\u00";
			out += hex[c >> 4];
			out += hex[c & 0xf];
			i++;
		} else if (c < 0x80) {
			out += s[i++];
		} else if ((n = utf8_length(s.substr(i)))) {
			out.append(s, i, n);
			i += n;
		} else {
			out += "\\ufffd";
			i++;
		}
	}
	out += '"';
}

void put_json_char(std::string &out, char c)
{
	if (c)
		put_json_string(out, std::string_view(&c, 1));
	else
		out += "null";
}

} // namespace

void report_human(std::ostream &out, const Checked &checked)
{
	const exprcheck::Result &r = checked.result;

	if (r.valid()) {
		out << checked.name << ": valid (depth " << r.depth << ", "
		    << r.scanned << (r.scanned == 1 ? " byte, " : " bytes, ")
		    << exprcheck::name(r.backend) << ")\n";
		return;
	}
	if (r.offset == EXPRCHECK_OFFSET_UNKNOWN) {
		out << checked.name << ": error: " << message(r) << '\n';
		return;
	}
	std::optional<Position> pos;
	if (checked.source)
		pos = locate(*checked.source, r.offset);
	if (!pos) {
		out << checked.name << ": error: " << message(r) << " at offset "
		    << r.offset << '\n';
		return;
	}
	out << checked.name << ':' << pos->line << ':'
	    << r.offset - pos->line_start + 1 << ": error: " << message(r)
	    << " at offset " << r.offset << '\n';
	print_excerpt(out, *checked.source, r.offset, pos->line_start);
}

void report_json(std::ostream &out, const Checked &checked)
{
	const exprcheck::Result &r = checked.result;
	bool located = !r.valid() && r.offset != EXPRCHECK_OFFSET_UNKNOWN;
	std::string line = "{\"input\":";

	put_json_string(line, checked.name);
	line += ",\"valid\":";
	line += r.valid() ? "true" : "false";
	line += ",\"status\":";
	put_json_string(line, exprcheck::name(r.status));
	line += ",\"offset\":";
	line += located ? std::to_string(r.offset) : "null";
	line += ",\"expected\":";
	put_json_char(line, r.expected);
	line += ",\"found\":";
	put_json_char(line, r.found);
	line += ",\"depth\":" + std::to_string(r.depth);
	line += ",\"scanned\":" + std::to_string(r.scanned);
	line += ",\"backend\":";
	put_json_string(line, exprcheck::name(r.backend));
	line += "}\n";
	out << line;
}

} // namespace cli
