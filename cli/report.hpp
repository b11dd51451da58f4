// SPDX-License-Identifier: GPL-2.0-or-later
// What exprcheck(1) prints for a checked input.
#ifndef EXPRCHECK_CLI_REPORT_HPP
#define EXPRCHECK_CLI_REPORT_HPP

#include "input.hpp"

#include <ostream>

namespace cli {

// A line for a valid input; a compiler-style diagnostic with the line in
// error and a caret under the byte for an invalid one.
void report_human(std::ostream &out, const Checked &checked);

// One JSON object on one line, with every field of the result.
void report_json(std::ostream &out, const Checked &checked);

} // namespace cli

#endif // EXPRCHECK_CLI_REPORT_HPP
