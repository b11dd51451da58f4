// SPDX-License-Identifier: GPL-2.0-or-later
#include "options.hpp"

#include <boost/program_options.hpp>

#include <charconv>
#include <sstream>

namespace po = boost::program_options;

namespace cli {
namespace {

// Strict: lexical_cast would take "-1" for an unsigned and wrap it.
std::uint64_t parse_limit(const po::variables_map &vm, const char *option)
{
	const std::string &text = vm[option].as<std::string>();
	std::uint64_t value = 0;
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);

	if (ec != std::errc() || end != text.data() + text.size() || value == 0)
		throw UsageError("--" + std::string(option) +
				 " wants a whole number of at least 1, not '" + text + "'");
	return value;
}

} // namespace

Config parse_command_line(int argc, char **argv)
{
	po::options_description visible("Options");
	visible.add_options()
		("expr,e", po::value<std::vector<std::string>>()->value_name("EXPR"),
		 "check EXPR itself (repeatable)")
		("backend", po::value<std::string>()->value_name("NAME"),
		 "auto (default), syscall, ioctl or userspace")
		("angle", "count <> as a fourth pair")
		("quotes", "ignore brackets inside \"...\" and '...'")
		("infix", "check operands and operators too, by the grammar of exprcheck(7)")
		("max-depth", po::value<std::string>()->value_name("N"),
		 "fail when nesting goes deeper than N")
		("max-length", po::value<std::string>()->value_name("N"),
		 "fail when an input is longer than N bytes")
		("json", "one JSON object per input and line")
		("quiet,q", "print nothing; the exit status tells")
		("doctor", "say which backends work here, and why not")
		("version", "print the library and API versions")
		("help,h", "print this help");
	po::options_description hidden;
	hidden.add_options()("file", po::value<std::vector<std::string>>());
	po::options_description all;
	all.add(visible).add(hidden);
	po::positional_options_description positional;
	positional.add("file", -1);

	Config config;
	po::variables_map vm;
	po::parsed_options parsed(&all);
	try {
		parsed = po::command_line_parser(argc, argv)
				 .options(all)
				 .positional(positional)
				 .run();
		po::store(parsed, vm);
		po::notify(vm);
	} catch (const po::error &e) {
		throw UsageError(e.what());
	}

	std::ostringstream help;
	help << visible;
	config.help = help.str();
	if (vm.count("help"))
		config.action = Action::help;
	else if (vm.count("version"))
		config.action = Action::version;
	else if (vm.count("doctor"))
		config.action = Action::doctor;

	if (vm.count("json") && vm.count("quiet"))
		throw UsageError("--json and --quiet exclude each other");
	if (vm.count("json"))
		config.output = Output::json;
	else if (vm.count("quiet"))
		config.output = Output::quiet;

	exprcheck::Options &o = config.options;
	o.angle = vm.count("angle") > 0;
	o.quotes = vm.count("quotes") > 0;
	o.infix = vm.count("infix") > 0;
	if (o.infix && (o.angle || o.quotes))
		throw UsageError("--infix excludes --angle and --quotes");
	if (vm.count("backend"))
		o.backend = exprcheck::parse_backend(vm["backend"].as<std::string>());
	if (vm.count("max-depth"))
		o.max_depth = parse_limit(vm, "max-depth");
	if (vm.count("max-length"))
		o.max_length = parse_limit(vm, "max-length");

	// parsed.options keeps the command-line order of -e and FILE mixed.
	for (const po::option &opt : parsed.options) {
		for (const std::string &value : opt.value) {
			if (opt.string_key == "expr")
				config.inputs.push_back({Input::Kind::expr, value});
			else if (opt.string_key == "file" && value == "-")
				config.inputs.push_back({Input::Kind::stdin_, value});
			else if (opt.string_key == "file")
				config.inputs.push_back({Input::Kind::file, value});
		}
	}
	if (config.inputs.empty())
		config.inputs.push_back({Input::Kind::stdin_, "-"});
	return config;
}

} // namespace cli
