// SPDX-License-Identifier: GPL-2.0-or-later
// exprcheck(1): is every (, [ and { of each input closed by its own partner?
#include "doctor.hpp"
#include "input.hpp"
#include "options.hpp"
#include "report.hpp"

#include <exprcheck/exprcheck.hpp>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <new>
#include <string_view>

namespace {

enum Exit { all_valid = 0, some_invalid = 1, trouble = 2 };

const char usage[] =
	"Usage: exprcheck [OPTION]... [FILE]...\n"
	"Check that every (, [ and { is closed by its own partner, in order.\n"
	"With no FILE, or when FILE is -, read standard input.\n\n";
const char exit_status[] =
	"\nExit status: 0 if every input is valid, 1 if some input is not,\n"
	"2 on a usage or I/O error.\n";

void error(const std::string &text)
{
	// Keep verdicts and errors in order when both go to one terminal.
	std::cout.flush();
	std::cerr << "exprcheck: " << text << '\n';
}

std::string reason(const std::exception &e)
{
	if (dynamic_cast<const std::bad_alloc *>(&e))
		return std::strerror(ENOMEM);
	return e.what();
}

int check_all(const cli::Config &config)
{
	const exprcheck::Options &options = config.options;
	int status = all_valid;

	if (options.backend != exprcheck::Backend::automatic) {
		std::string_view why = exprcheck::unavailable_reason(options.backend);
		if (!why.empty()) {
			error("the " + std::string(exprcheck::name(options.backend)) +
			      " backend is not available: " + std::string(why));
			return trouble;
		}
	}
	for (const cli::Input &input : config.inputs) {
		try {
			cli::Checked checked = cli::check(input, options);
			if (!checked.result.valid() && status == all_valid)
				status = some_invalid;
			if (config.output == cli::Output::human)
				cli::report_human(std::cout, checked);
			else if (config.output == cli::Output::json)
				cli::report_json(std::cout, checked);
		} catch (const std::exception &e) {
			// One unreadable input must not hide the verdicts on the others.
			error(cli::name_of(input) + ": " + reason(e));
			status = trouble;
		}
	}
	return status;
}

} // namespace

int main(int argc, char **argv)
{
	cli::Config config;
	int status = all_valid;

	try {
		config = cli::parse_command_line(argc, argv);
	} catch (const std::exception &e) {
		error(reason(e));
		std::cerr << "Try 'exprcheck --help' for more information.\n";
		return trouble;
	}
	switch (config.action) {
	case cli::Action::help:
		std::cout << usage << config.help << exit_status;
		break;
	case cli::Action::version:
		std::cout << "exprcheck " EXPRCHECK_CLI_VERSION " (libexprcheck "
			  << exprcheck_version() << ", API "
			  << (exprcheck_api_version() >> 16) << '.'
			  << (exprcheck_api_version() & 0xffff) << ")\n";
		break;
	case cli::Action::doctor:
		status = cli::doctor(std::cout);
		break;
	case cli::Action::check:
		status = check_all(config);
		break;
	}
	if (!std::cout.flush()) {
		error("cannot write to standard output");
		return trouble;
	}
	return status;
}
