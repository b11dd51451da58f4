// SPDX-License-Identifier: GPL-2.0-or-later
// Validating one input, and reading parts of it again for the report.
#ifndef EXPRCHECK_CLI_INPUT_HPP
#define EXPRCHECK_CLI_INPUT_HPP

#include "options.hpp"

#include <exprcheck/exprcheck.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace cli {

// The bytes of a checked input, readable again at any offset.
class Source {
public:
	virtual ~Source() = default;
	// Up to @n bytes at @offset into @buf; fewer only at the end of input.
	virtual std::size_t read_at(std::uint64_t offset, char *buf,
				    std::size_t n) const = 0;
};

struct Checked {
	std::string name;		// name_of() the input
	exprcheck::Result result;
	std::unique_ptr<Source> source;	// null when the input was not kept
};

// <expr>, <stdin> or the path: how reports name @input.
std::string name_of(const Input &input);

// Throws std::system_error (naming no file) on I/O errors, and whatever
// the library throws.
Checked check(const Input &input, const exprcheck::Options &options);

} // namespace cli

#endif // EXPRCHECK_CLI_INPUT_HPP
