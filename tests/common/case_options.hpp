// SPDX-License-Identifier: GPL-2.0-or-later
// The library options under which a case of the table is validated.
#ifndef EXPRCHECK_TESTS_CASE_OPTIONS_HPP
#define EXPRCHECK_TESTS_CASE_OPTIONS_HPP

#include "case_table.hpp"

#include <exprcheck/exprcheck.hpp>

inline exprcheck::Options options_for(const Case &c, exprcheck::Backend backend)
{
	exprcheck::Options o;

	o.angle = c.flags & EXPRCHECK_OPT_ANGLE;
	o.quotes = c.flags & EXPRCHECK_OPT_QUOTES;
	o.infix = c.flags & EXPRCHECK_OPT_INFIX;
	if (c.max_depth)
		o.max_depth = c.max_depth;
	o.max_length = c.max_len;
	o.backend = backend;
	return o;
}

#endif // EXPRCHECK_TESTS_CASE_OPTIONS_HPP
