// SPDX-License-Identifier: GPL-2.0-or-later
#include "core_driver.hpp"

#include <linux/exprcheck.h>

#include <sstream>

namespace {

// Returns 1 as soon as the core has its verdict, like exprcheck_core_feed().
int feed_in_pieces(exprcheck_core &core, const std::string &input,
		   const std::vector<std::size_t> &cuts, scan_path path)
{
	std::size_t start = 0;

	for (std::size_t cut : cuts) {
		if (exprcheck_lib_scan_feed(&core, input.data() + start,
					    cut - start, path))
			return 1;
		start = cut;
	}
	return exprcheck_lib_scan_feed(&core, input.data() + start,
				       input.size() - start, path);
}

} // namespace

std::vector<CoreRun> core_runs()
{
	std::vector<CoreRun> runs;

	for (int path = 0; path < SCAN_PATHS; path++)
		if (exprcheck_lib_scan_path_usable(static_cast<scan_path>(path)))
			for (bool offsets : { false, true })
				runs.push_back({ static_cast<scan_path>(path), offsets });
	return runs;
}

std::string describe(const CoreRun &run)
{
	return std::string(exprcheck_lib_scan_path_name(run.path)) +
	       (run.offsets ? " path, every offset kept" : " path, recent offsets");
}

exprcheck_verdict run_core(const Case &c, const std::vector<std::size_t> &cuts,
			   const CoreRun &run)
{
	std::uint64_t depth = c.max_depth ? c.max_depth : EXPRCHECK_DEFAULT_MAX_DEPTH;
	std::vector<unsigned char> stack(EXPRCHECK_CORE_STACK_BYTES(depth));
	std::vector<__u64> offsets(run.offsets ? depth : 0);
	exprcheck_core core;
	exprcheck_verdict v;

	exprcheck_core_init(&core, stack.data(), stack.size(), depth, c.max_len, c.flags);
	exprcheck_core_offsets(&core, offsets.data(), offsets.size());
	if (!feed_in_pieces(core, c.input, cuts, run.path) && exprcheck_core_finish(&core)) {
		exprcheck_core_rewind(&core);
		feed_in_pieces(core, c.input, cuts, run.path);
		exprcheck_core_finish(&core);
	}
	exprcheck_core_verdict(&core, &v);
	return v;
}

std::string describe(const exprcheck_verdict &v)
{
	std::ostringstream s;

	s << "status " << v.status << " offset " << v.offset << " expected "
	  << int(v.expected) << " found " << int(v.found) << " depth " << v.depth
	  << " scanned " << v.scanned;
	return s.str();
}
