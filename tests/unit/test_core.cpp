// SPDX-License-Identifier: GPL-2.0-or-later
// The validator core against the shared case table, whole and in chunks.
#include "core_driver.hpp"
#include "reference.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <numeric>

namespace {

const std::vector<Case> &cases()
{
	static const std::vector<Case> table = load_cases(EXPRCHECK_CASES);
	return table;
}

void check_verdict(const Case &c, const exprcheck_verdict &v)
{
	INFO("case " << c.name << ": got " << describe(v));
	CHECK(v.status == c.status);
	CHECK(v.offset == c.offset);
	CHECK(v.expected == static_cast<unsigned char>(c.expected));
	CHECK(v.found == static_cast<unsigned char>(c.found));
	CHECK(v.depth == c.depth);
	CHECK(v.scanned == c.scanned);
	CHECK(v.reserved == 0);
}

} // namespace

TEST_CASE("the case table is not empty", "[core]")
{
	REQUIRE(cases().size() > 50);
}

TEST_CASE("every case whole, along every scanning path", "[core]")
{
	for (const CoreRun &run : core_runs()) {
		INFO(describe(run));
		for (const Case &c : cases())
			check_verdict(c, run_core(c, {}, run));
	}
}

TEST_CASE("every case cut in two at every position, along every path", "[core][chunks]")
{
	for (const CoreRun &run : core_runs()) {
		INFO(describe(run));
		for (const Case &c : cases())
			for (std::size_t cut = 0; cut <= c.input.size(); cut++) {
				INFO("cut at " << cut);
				check_verdict(c, run_core(c, { cut }, run));
			}
	}
}

TEST_CASE("every case one byte at a time, along every path", "[core][chunks]")
{
	for (const CoreRun &run : core_runs()) {
		INFO(describe(run));
		for (const Case &c : cases()) {
			std::vector<std::size_t> cuts(c.input.size());
			std::iota(cuts.begin(), cuts.end(), 0);
			check_verdict(c, run_core(c, cuts, run));
		}
	}
}

TEST_CASE("EXPRCHECK_SCAN forces a path; the CPU's best one otherwise", "[core][paths]")
{
	scan_path best = exprcheck_lib_scan_path_for(nullptr);

	CHECK(exprcheck_lib_scan_path_usable(best));
	CHECK(exprcheck_lib_scan_path_for("portable") == SCAN_PORTABLE);
	CHECK(exprcheck_lib_scan_path_for("no-such-path") == best);
	for (int path = 0; path < SCAN_PATHS; path++) {
		scan_path p = static_cast<scan_path>(path);
		scan_path got = exprcheck_lib_scan_path_for(
			exprcheck_lib_scan_path_name(p));
		INFO("asked for " << exprcheck_lib_scan_path_name(p) << ", got " << exprcheck_lib_scan_path_name(got));
		CHECK((exprcheck_lib_scan_path_usable(p) ? got == p : got < p));
	}
	// The library's path is the one the environment asked for, or the best.
	CHECK(exprcheck_lib_scan_default_path() ==
	      exprcheck_lib_scan_path_for(std::getenv("EXPRCHECK_SCAN")));
}

// Inputs longer than the case table's, across blocks and sections, from
// brackets, quotes, backslashes and filler, cut at random points.
TEST_CASE("long random inputs agree with the reference along every path", "[core][chunks]")
{
	static const char alphabet[] = "()[]{}<>\"'\\ax";
	std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
	auto next = [&seed] {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		return seed;
	};

	for (int round = 0; round < 300; round++) {
		Case c;
		std::size_t len = next() % 20000;
		bool dense = round % 3 == 0;
		for (std::size_t i = 0; i < len; i++) {
			bool filler = !dense && next() % 8;
			c.input += filler ? 'x' : alphabet[next() % (sizeof(alphabet) - 1)];
		}
		// Mostly balanced, so that the verdict comes late.
		if (round % 2)
			c.input = std::string(len / 64, '(') + c.input;
		c.flags = static_cast<std::uint32_t>(next() % 4);
		c.max_depth = round % 5 ? 0 : 1 + next() % 100;
		c.max_len = round % 7 ? 0 : next() % 20000;

		exprcheck_verdict want;
		reference_validate(c.input.data(), c.input.size(), c.flags,
				   c.max_depth ? c.max_depth : EXPRCHECK_DEFAULT_MAX_DEPTH,
				   c.max_len, &want);
		std::vector<std::size_t> cuts;
		for (std::size_t at = next() % 5000; at < c.input.size(); at += next() % 5000)
			cuts.push_back(at);
		for (const CoreRun &run : core_runs()) {
			exprcheck_verdict got = run_core(c, cuts, run);
			INFO("round " << round << ", " << describe(run) << ": got "
			     << describe(got) << ", want " << describe(want));
			CHECK(std::memcmp(&got, &want, sizeof(got)) == 0);
		}
	}
}

TEST_CASE("unknown flags are refused, and flags that exclude each other", "[core]")
{
	unsigned char stack[4];
	exprcheck_core core;

	CHECK(exprcheck_core_init(&core, stack, sizeof(stack), 16, 0,
				  EXPRCHECK_F_ANGLE | EXPRCHECK_F_QUOTES) == 0);
	CHECK(exprcheck_core_init(&core, stack, sizeof(stack), 16, 0, EXPRCHECK_F_INFIX) == 0);
	CHECK(exprcheck_core_init(&core, stack, sizeof(stack), 16, 0, 1U << 3) != 0);
	CHECK(exprcheck_core_init(&core, stack, sizeof(stack), 16, 0, 1U << 31) != 0);
	CHECK(exprcheck_core_init(&core, stack, sizeof(stack), 16, 0, EXPRCHECK_F_ALL) != 0);
	CHECK(exprcheck_core_init(&core, stack, sizeof(stack), 16, 0,
				  EXPRCHECK_F_INFIX | EXPRCHECK_F_ANGLE) != 0);
	CHECK(exprcheck_core_init(&core, stack, sizeof(stack), 16, 0,
				  EXPRCHECK_F_INFIX | EXPRCHECK_F_QUOTES) != 0);
}

TEST_CASE("a 64 KiB stack holds depth 262144 and no more", "[core][depth]")
{
	std::vector<unsigned char> stack(65536);
	const std::string deep(262144, '(');
	exprcheck_core core;
	exprcheck_verdict v;

	exprcheck_core_init(&core, stack.data(), stack.size(), ~0ULL, 0, 0);
	CHECK(exprcheck_core_feed(&core, deep.data(), deep.size()) == 0);
	CHECK(exprcheck_core_feed(&core, "(", 1) == 1);
	exprcheck_core_verdict(&core, &v);
	CHECK(v.status == EXPRCHECK_TOO_DEEP);
	CHECK(v.offset == 262144);
	CHECK(v.depth == 262144);
}

TEST_CASE("the depth limit is the smaller of max_depth and the stack", "[core][depth]")
{
	unsigned char stack[2];	// 8 levels
	exprcheck_core core;
	exprcheck_verdict v;

	exprcheck_core_init(&core, stack, sizeof(stack), 100, 0, 0);
	exprcheck_core_feed(&core, "(((((((((", 9);
	exprcheck_core_verdict(&core, &v);
	CHECK(v.status == EXPRCHECK_TOO_DEEP);
	CHECK(v.offset == 8);
}

TEST_CASE("a grown stack keeps what it held", "[core][depth]")
{
	std::vector<unsigned char> stack(1);	// 4 levels
	exprcheck_core core;
	exprcheck_verdict v;

	exprcheck_core_init(&core, stack.data(), stack.size(), 100, 0, 0);
	CHECK(exprcheck_core_feed(&core, "([{(", 4) == 0);
	stack.resize(8);
	exprcheck_core_restack(&core, stack.data(), stack.size(), 100);
	CHECK(exprcheck_core_feed(&core, "<[]>)}])", 8) == 0);
	CHECK(exprcheck_core_finish(&core) == 0);
	exprcheck_core_verdict(&core, &v);
	CHECK(v.status == EXPRCHECK_VALID);
	CHECK(v.depth == 5);
}

namespace {

// Left open at offset 0, with the opener out of the core's window.
const std::string deep_left_open = "(" + std::string(40, '[') + std::string(40, ']');

// The first pass over deep_left_open, then a second pass over @changed.
exprcheck_verdict locate_in(const std::string &changed)
{
	unsigned char stack[16];
	exprcheck_core core;
	exprcheck_verdict v;

	exprcheck_core_init(&core, stack, sizeof(stack), 64, 0, 0);
	exprcheck_core_feed(&core, deep_left_open.data(), deep_left_open.size());
	REQUIRE(exprcheck_core_finish(&core) == 1);
	exprcheck_core_rewind(&core);
	exprcheck_core_feed(&core, changed.data(), changed.size());
	CHECK(exprcheck_core_finish(&core) == 0);
	exprcheck_core_verdict(&core, &v);
	CHECK(v.status == EXPRCHECK_LEFT_OPEN);
	CHECK(v.scanned == deep_left_open.size());
	return v;
}

} // namespace

TEST_CASE("without the second pass a lost left-open offset is unknown", "[core]")
{
	CHECK(locate_in("").offset == ~0ULL);
}

TEST_CASE("feeding after the verdict changes nothing", "[core]")
{
	unsigned char stack[4];
	exprcheck_core core;
	exprcheck_verdict v;

	exprcheck_core_init(&core, stack, sizeof(stack), 16, 0, 0);
	CHECK(exprcheck_core_feed(&core, ")", 1) == 1);
	CHECK(exprcheck_core_feed(&core, "(((", 3) == 1);
	CHECK(exprcheck_core_finish(&core) == 0);
	exprcheck_core_verdict(&core, &v);
	CHECK(v.status == EXPRCHECK_UNEXPECTED_CLOSER);
	CHECK(v.scanned == 1);
}

TEST_CASE("a second pass over the same input finds the opener", "[core][second-pass]")
{
	CHECK(locate_in(deep_left_open).offset == 0);
}

TEST_CASE("a second pass that ends short gives an unknown offset", "[core][second-pass]")
{
	// Shrunk between the passes: depth 1 is reached at offset 2 instead.
	CHECK(locate_in("xx(").offset == ~0ULL);
}

TEST_CASE("a second pass that ends at another depth gives an unknown offset", "[core][second-pass]")
{
	// Same length, but one more opener: what the first pass saw is gone.
	std::string changed = deep_left_open;
	changed[1] = '(';
	changed[80] = 'x';
	CHECK(locate_in(changed).offset == ~0ULL);
}
