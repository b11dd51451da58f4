// SPDX-License-Identifier: GPL-2.0-or-later
// Runs the validator core over a case, cut into chunks where asked.
#ifndef EXPRCHECK_TESTS_CORE_DRIVER_HPP
#define EXPRCHECK_TESTS_CORE_DRIVER_HPP

#include "case_table.hpp"

extern "C" {
#include "exprcheck_core.h"
}

#include <string>
#include <vector>

// Feeds c.input to the core with a chunk boundary before every offset in
// cuts (ascending), doing the second pass the same way when asked.
exprcheck_verdict run_core(const Case &c, const std::vector<std::size_t> &cuts = {});

std::string describe(const exprcheck_verdict &v);

#endif // EXPRCHECK_TESTS_CORE_DRIVER_HPP
