// SPDX-License-Identifier: GPL-2.0-or-later
// Runs inside a VM: the shared case table through every backend this
// kernel offers, checked against the table and against the userspace
// core, and the choice `auto` makes. Each scenario is its own process, as
// the library probes once per process:
//
//   exprcheck-backends CASES --auto BACKEND [--require B,...] [--deny-syscall]
//                               [--kill-on NR,...]
//
// --deny-syscall answers the published syscall number with EPERM through
// seccomp (a container's profile); --kill-on kills the process on the
// given numbers (proof that the library never calls them).
#include "case_options.hpp"

#include "filters.h"

#include <exprcheck/exprcheck.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using exprcheck::Backend;
using exprcheck::Result;

namespace {

int failures = 0;

void report(bool ok, const std::string &name, const std::string &why = "")
{
	if (ok) {
		std::cout << "ok " << name << '\n';
	} else {
		std::cout << "not ok " << name << ": " << why << '\n';
		failures++;
	}
}

std::string describe(const Result &r)
{
	std::ostringstream s;

	s << exprcheck::name(r.status) << " offset " << r.offset << " expected "
	  << int(r.expected) << " found " << int(r.found) << " depth " << r.depth
	  << " scanned " << r.scanned << " by " << exprcheck::name(r.backend);
	return s.str();
}

bool same_verdict(const Result &a, const Result &b)
{
	return a.status == b.status && a.offset == b.offset && a.expected == b.expected &&
	       a.found == b.found && a.depth == b.depth && a.scanned == b.scanned;
}

Result expected_result(const Case &c)
{
	Result r;

	r.status = static_cast<exprcheck::Status>(c.status);
	r.offset = c.offset;
	r.expected = c.expected;
	r.found = c.found;
	r.depth = c.depth;
	r.scanned = c.scanned;
	return r;
}

// Every case forced through @b: the table's verdict, the userspace core's
// verdict, and @b named as the backend that answered.
void check_cases(const std::vector<Case> &cases, Backend b)
{
	int wrong = 0;
	std::string first;

	for (const Case &c : cases) {
		Result got = exprcheck::validate(c.input, options_for(c, b));
		Result core = exprcheck::validate(c.input, options_for(c, Backend::userspace));
		if (!same_verdict(got, expected_result(c)) || !same_verdict(got, core) ||
		    got.backend != b) {
			if (!wrong++)
				first = c.name + ": " + describe(got);
		}
	}
	report(!wrong, std::string("case-table-") + std::string(exprcheck::name(b)),
	       std::to_string(wrong) + " cases differ, first " + first);
}

// The table again in batches of cases that share options.
void check_batches(const std::vector<Case> &cases, Backend b)
{
	int wrong = 0;

	for (std::size_t i = 0; i < cases.size();) {
		std::size_t j = i;
		std::vector<std::string_view> inputs;
		while (j < cases.size() && cases[j].flags == cases[i].flags &&
		       cases[j].max_depth == cases[i].max_depth &&
		       cases[j].max_len == cases[i].max_len)
			inputs.push_back(cases[j++].input);
		std::vector<Result> got = exprcheck::validate(inputs, options_for(cases[i], b));
		for (std::size_t k = 0; k < got.size(); k++)
			wrong += !same_verdict(got[k], expected_result(cases[i + k])) ||
				 got[k].backend != b;
		i = j;
	}
	report(!wrong, std::string("case-table-batch-") + std::string(exprcheck::name(b)),
	       std::to_string(wrong) + " cases differ");
}

std::vector<std::string> split_commas(const std::string &text)
{
	std::vector<std::string> out;
	std::istringstream words(text);
	std::string word;

	while (std::getline(words, word, ','))
		out.push_back(word);
	return out;
}

long published_syscall_nr()
{
	std::ifstream in("/sys/kernel/exprcheck/syscall_nr");
	long nr = -1;

	in >> nr;
	return nr;
}

void install_filters(bool deny_syscall, const std::string &kill_on)
{
	std::vector<long> kill;

	for (const std::string &nr : split_commas(kill_on))
		kill.push_back(std::stol(nr));
	if (!kill.empty())
		report(!filter_kill_on(kill.data(), kill.size()),
		       "seccomp-kill-filter", std::strerror(errno));
	if (deny_syscall) {
		long nr = published_syscall_nr();
		report(nr >= 0 && !filter_eperm_on(nr),
		       "seccomp-eperm-filter", "no syscall number published, or seccomp failed");
	}
}

} // namespace

int main(int argc, char **argv)
{
	std::string cases_path, kill_on, require;
	Backend want_auto = Backend::userspace;
	bool deny_syscall = false;

	for (int i = 1; i < argc; i++) {
		std::string arg = argv[i];
		if (arg == "--auto" && i + 1 < argc)
			want_auto = exprcheck::parse_backend(argv[++i]);
		else if (arg == "--require" && i + 1 < argc)
			require = argv[++i];
		else if (arg == "--kill-on" && i + 1 < argc)
			kill_on = argv[++i];
		else if (arg == "--deny-syscall")
			deny_syscall = true;
		else
			cases_path = arg;
	}
	const std::vector<Case> cases = load_cases(cases_path);

	install_filters(deny_syscall, kill_on);
	for (const std::string &name : split_commas(require)) {
		Backend b = exprcheck::parse_backend(name);
		std::string_view why = exprcheck::unavailable_reason(b);
		report(why.empty(), "available-" + name, std::string(why));
	}
	for (Backend b : { Backend::syscall, Backend::ioctl, Backend::userspace }) {
		std::string_view why = exprcheck::unavailable_reason(b);
		if (!why.empty()) {
			std::cout << "# " << exprcheck::name(b) << " unavailable: " << why << '\n';
			continue;
		}
		check_cases(cases, b);
		check_batches(cases, b);
	}
	Result r = exprcheck::validate("(a+[b)]");
	report(r.backend == want_auto && r.offset == 5,
	       "auto-picks-" + std::string(exprcheck::name(want_auto)), describe(r));
	return failures ? 1 : 0;
}
