// SPDX-License-Identifier: GPL-2.0-or-later
// Runs the validator core over a case, cut into chunks where asked.
#ifndef EXPRCHECK_TESTS_CORE_DRIVER_HPP
#define EXPRCHECK_TESTS_CORE_DRIVER_HPP

#include "case_table.hpp"

extern "C" {
#include "exprcheck_core.h"
#include "scan.h"
}

#include <string>
#include <vector>

// How the core is driven: along which scanning path, and whether it keeps
// every opener's offset (as the library does) or its window of recent
// ones and a second pass (as the kernel does).
struct CoreRun {
	scan_path path = SCAN_PORTABLE;
	bool offsets = false;
};

// Every way this CPU can run the core.
std::vector<CoreRun> core_runs();
std::string describe(const CoreRun &run);

// Feeds c.input to the core with a chunk boundary before every offset in
// cuts (ascending), doing the second pass the same way when asked.
exprcheck_verdict run_core(const Case &c, const std::vector<std::size_t> &cuts = {},
			   const CoreRun &run = {});

std::string describe(const exprcheck_verdict &v);

#endif // EXPRCHECK_TESTS_CORE_DRIVER_HPP
