// SPDX-License-Identifier: GPL-2.0-or-later
#include <exprcheck/exprcheck.hpp>

#include <iostream>

int main()
{
	exprcheck::Result r = exprcheck::validate("(a+[b)]");

	std::cout << exprcheck::name(r.status) << " at " << r.offset << " by "
		  << exprcheck::name(r.backend) << "\n";
	return r.status == exprcheck::Status::wrong_closer && r.offset == 5 ? 0 : 1;
}
