// SPDX-License-Identifier: LGPL-2.1-or-later
// libexprcheck for C++17: the C API with value types and exceptions.
// Errors map like libgpiod's: EINVAL -> std::invalid_argument, E2BIG ->
// std::length_error, ENOMEM -> std::bad_alloc, the rest -> std::system_error.
#ifndef EXPRCHECK_EXPRCHECK_HPP
#define EXPRCHECK_EXPRCHECK_HPP

#include <exprcheck/exprcheck.h>

#include <cstdint>
#include <iosfwd>
#include <string_view>
#include <vector>

namespace exprcheck {

enum class Backend : std::uint32_t {
	automatic = EXPRCHECK_BACKEND_AUTO,
	syscall = EXPRCHECK_BACKEND_SYSCALL,
	ioctl = EXPRCHECK_BACKEND_IOCTL,
	userspace = EXPRCHECK_BACKEND_USERSPACE,
};

enum class Status : std::uint32_t {
	valid = EXPRCHECK_STATUS_VALID,
	unexpected_closer = EXPRCHECK_STATUS_UNEXPECTED_CLOSER,
	wrong_closer = EXPRCHECK_STATUS_WRONG_CLOSER,
	left_open = EXPRCHECK_STATUS_LEFT_OPEN,
	too_deep = EXPRCHECK_STATUS_TOO_DEEP,
	too_long = EXPRCHECK_STATUS_TOO_LONG,
	expected_operand = EXPRCHECK_STATUS_EXPECTED_OPERAND,
	expected_operator = EXPRCHECK_STATUS_EXPECTED_OPERATOR,
	unknown_char = EXPRCHECK_STATUS_UNKNOWN_CHAR,
	empty_group = EXPRCHECK_STATUS_EMPTY_GROUP,
	stray_comma = EXPRCHECK_STATUS_STRAY_COMMA,
};

struct Options {
	bool angle = false;	// <> is a fourth pair
	bool quotes = false;	// brackets in "..." and '...' do not count
	// API 1.1: the grammar of exprcheck(7), not only brackets. It takes
	// what was padding after quotes, so the struct keeps its layout; the
	// functions below that read it are new symbols.
	bool infix = false;
	std::uint64_t max_depth = EXPRCHECK_DEFAULT_DEPTH;
	std::uint64_t max_length = 0;	// 0: no limit
	Backend backend = Backend::automatic;
};

struct Result {
	Status status = Status::valid;
	Backend backend = Backend::userspace;	// the backend that answered
	std::uint64_t offset = 0;	// EXPRCHECK_OFFSET_UNKNOWN if it could not be found
	std::uint64_t depth = 0;
	std::uint64_t scanned = 0;
	char expected = 0;	// 0: none
	char found = 0;		// 0: end of input

	bool valid() const { return status == Status::valid; }
};

// What takes Options has symbols of API 1.1 (this inline namespace): a
// program built against 1.0 calls the 1.0 ones, which the library keeps
// and which do not read Options::infix, padding of any value in 1.0.
inline namespace v1_1 {
EXPRCHECK_API Result validate(std::string_view expr, const Options &options = {});
EXPRCHECK_API std::vector<Result> validate(const std::vector<std::string_view> &exprs,
					 const Options &options = {});
// Constant memory: the stream is read in chunks, never whole.
EXPRCHECK_API Result validate(std::istream &in, const Options &options = {});
EXPRCHECK_API Result validate_fd(int fd, const Options &options = {});
} // namespace v1_1

// Why @backend cannot serve this process; empty when it can.
EXPRCHECK_API std::string_view unavailable_reason(Backend backend);

EXPRCHECK_API std::string_view name(Backend backend);
EXPRCHECK_API std::string_view name(Status status);
// Parses "auto", "syscall", "ioctl" or "userspace"; std::invalid_argument otherwise.
EXPRCHECK_API Backend parse_backend(std::string_view text);

} // namespace exprcheck

#endif // EXPRCHECK_EXPRCHECK_HPP
