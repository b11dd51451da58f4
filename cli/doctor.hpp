// SPDX-License-Identifier: GPL-2.0-or-later
// exprcheck --doctor: which backends serve here, and what to do about the others.
#ifndef EXPRCHECK_CLI_DOCTOR_HPP
#define EXPRCHECK_CLI_DOCTOR_HPP

#include <ostream>

namespace cli {

// Returns the exit status: 0 when at least one backend works.
int doctor(std::ostream &out);

} // namespace cli

#endif // EXPRCHECK_CLI_DOCTOR_HPP
