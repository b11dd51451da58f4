// SPDX-License-Identifier: GPL-2.0-or-later
// The command line of exprcheck(1), parsed into what main() acts on.
#ifndef EXPRCHECK_CLI_OPTIONS_HPP
#define EXPRCHECK_CLI_OPTIONS_HPP

#include <exprcheck/exprcheck.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

struct Input {
	enum class Kind { expr, file, stdin_ } kind;
	std::string text;	// the expression, or the path of a file
};

enum class Action { check, help, version, doctor };
enum class Output { human, json, quiet };

struct Config {
	Action action = Action::check;
	Output output = Output::human;
	exprcheck::Options options;
	std::vector<Input> inputs;	// in command-line order
	std::string help;		// the option table, for --help
};

// A command line that cannot be acted on; exit status 2.
struct UsageError : std::runtime_error {
	using std::runtime_error::runtime_error;
};

// Throws UsageError, or std::invalid_argument for an unknown backend.
Config parse_command_line(int argc, char **argv);

} // namespace cli

#endif // EXPRCHECK_CLI_OPTIONS_HPP
