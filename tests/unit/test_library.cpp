// SPDX-License-Identifier: GPL-2.0-or-later
// libexprcheck: every case through each entry point, and the errors.
#include "case_options.hpp"

#include <exprcheck/exprcheck.hpp>

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using exprcheck::Backend;
using exprcheck::Options;
using exprcheck::Result;
using exprcheck::Status;

namespace {

const std::vector<Case> &cases()
{
	static const std::vector<Case> table = load_cases(EXPRCHECK_CASES);
	return table;
}

void check_result(const Case &c, const Result &r)
{
	INFO("case " << c.name);
	CHECK(static_cast<std::uint32_t>(r.status) == c.status);
	CHECK(r.offset == c.offset);
	CHECK(r.expected == c.expected);
	CHECK(r.found == c.found);
	CHECK(r.depth == c.depth);
	CHECK(r.scanned == c.scanned);
	CHECK(r.backend == Backend::userspace);
}

// A pipe written by a child, so the library sees a stream it cannot map.
struct Pipe {
	int fds[2];
	pid_t child;

	explicit Pipe(const std::string &data)
	{
		REQUIRE(pipe(fds) == 0);
		child = fork();
		REQUIRE(child >= 0);
		if (!child) {
			close(fds[0]);
			ssize_t ignored = write(fds[1], data.data(), data.size());
			(void)ignored;
			_exit(0);
		}
		close(fds[1]);
	}
	~Pipe()
	{
		close(fds[0]);
		waitpid(child, nullptr, 0);
	}
};

} // namespace

TEST_CASE("every case through validate(string_view)", "[library]")
{
	for (Backend b : { Backend::automatic, Backend::userspace })
		for (const Case &c : cases())
			check_result(c, exprcheck::validate(c.input, options_for(c, b)));
}

TEST_CASE("every case through validate(istream)", "[library][stream]")
{
	for (const Case &c : cases()) {
		std::istringstream in(c.input);
		check_result(c, exprcheck::validate(in, options_for(c, Backend::automatic)));
	}
}

TEST_CASE("every case through a batch", "[library][batch]")
{
	for (const Case &c : cases()) {
		std::vector<std::string_view> three(3, c.input);
		for (const Result &r : exprcheck::validate(three, options_for(c, Backend::automatic)))
			check_result(c, r);
	}
}

TEST_CASE("every case through a file and through a pipe", "[library][fd]")
{
	for (const Case &c : cases()) {
		std::FILE *f = std::tmpfile();
		REQUIRE(f);
		REQUIRE(std::fwrite(c.input.data(), 1, c.input.size(), f) == c.input.size());
		std::fflush(f);
		std::rewind(f);
		check_result(c, exprcheck::validate_fd(fileno(f), options_for(c, Backend::automatic)));
		std::fclose(f);

		// A pipe cannot be read twice, and needs not be: the stream
		// keeps every opener's offset.
		Pipe p(c.input);
		check_result(c, exprcheck::validate_fd(p.fds[0], options_for(c, Backend::automatic)));
	}
}

TEST_CASE("a stream larger than one chunk, nested deeper than the first stack", "[library][stream]")
{
	const std::size_t depth = 100000;
	std::string input = std::string(depth, '{') + std::string(200000, 'x') +
			    std::string(depth, '}');
	std::istringstream in(input);
	Result r = exprcheck::validate(in);

	CHECK(r.valid());
	CHECK(r.depth == depth);
	CHECK(r.scanned == input.size());
}

TEST_CASE("options the library does not know are refused", "[library][errors]")
{
	exprcheck_options o{};
	exprcheck_result r{};

	o.size = sizeof(o);
	r.size = sizeof(r);
	o.flags = 1U << 5;
	CHECK(exprcheck_validate("()", 2, &o, &r) == -EINVAL);
	o.flags = 0;
	o.backend = 17;
	CHECK(exprcheck_validate("()", 2, &o, &r) == -EINVAL);
	CHECK(exprcheck_validate(nullptr, 3, nullptr, &r) == -EINVAL);
	CHECK(exprcheck_validate(nullptr, 0, nullptr, &r) == 0);
	CHECK(r.status == EXPRCHECK_STATUS_VALID);
	CHECK_THROWS_AS(exprcheck::parse_backend("kernel"), std::invalid_argument);
	CHECK(exprcheck::parse_backend("ioctl") == Backend::ioctl);
}

TEST_CASE("infix excludes angle and quotes", "[library][errors][infix]")
{
	exprcheck_options o{};
	exprcheck_result r{};
	exprcheck::Options cxx;

	o.size = sizeof(o);
	r.size = sizeof(r);
	o.flags = EXPRCHECK_OPT_INFIX | EXPRCHECK_OPT_ANGLE;
	CHECK(exprcheck_validate("a", 1, &o, &r) == -EINVAL);
	o.flags = EXPRCHECK_OPT_INFIX | EXPRCHECK_OPT_QUOTES;
	CHECK(exprcheck_validate("a", 1, &o, &r) == -EINVAL);
	o.flags = EXPRCHECK_OPT_INFIX;
	CHECK(exprcheck_validate("a", 1, &o, &r) == 0);
	CHECK(r.status == EXPRCHECK_STATUS_VALID);
	cxx.infix = true;
	cxx.quotes = true;
	CHECK_THROWS_AS(exprcheck::validate("a", cxx), std::invalid_argument);
	CHECK(exprcheck::name(exprcheck::Status::stray_comma) == "stray_comma");
	CHECK(exprcheck_api_version() == (1U << 16 | 1U));
}

TEST_CASE("a forced backend that is not there is an error, never a fallback", "[library][errors]")
{
	// On a kernel without the module or the patch; skipped where they exist.
	for (Backend b : { Backend::ioctl, Backend::syscall }) {
		if (exprcheck::unavailable_reason(b).empty())
			continue;
		exprcheck_options o{};
		exprcheck_result r{};
		o.size = sizeof(o);
		r.size = sizeof(r);
		o.backend = static_cast<std::uint32_t>(b);
		CHECK(exprcheck_validate("()", 2, &o, &r) == -ENODEV);

		Options opt;
		opt.backend = b;
		CHECK_THROWS_AS(exprcheck::validate("()", opt), std::system_error);
		CHECK_FALSE(exprcheck::unavailable_reason(b).empty());
	}
}

TEST_CASE("auto says which backend answered", "[library]")
{
	Result r = exprcheck::validate("(a+[b)]");
	CHECK(r.status == Status::wrong_closer);
	CHECK(r.offset == 5);
	if (exprcheck::unavailable_reason(Backend::ioctl).empty() ||
	    exprcheck::unavailable_reason(Backend::syscall).empty())
		CHECK(r.backend != Backend::userspace);
	else
		CHECK(r.backend == Backend::userspace);
	CHECK(exprcheck::unavailable_reason(Backend::userspace).empty());
}

TEST_CASE("names", "[library]")
{
	CHECK(exprcheck::name(Backend::userspace) == "userspace");
	CHECK(exprcheck::name(Status::left_open) == "left_open");
	CHECK(std::string(exprcheck_version()) == EXPRCHECK_PROJECT_VERSION);
}

namespace {

// A newer caller's structs: the ones this library knows, then more.
struct LongerOptions {
	exprcheck_options known;
	std::uint64_t added;
};

struct LongerResult {
	exprcheck_result known;
	std::uint64_t added[2];
};

exprcheck_options sized_options()
{
	exprcheck_options o{};

	o.size = sizeof(o);
	return o;
}

} // namespace

TEST_CASE("the public structs start with their size and keep their first layout", "[library][abi]")
{
	CHECK(offsetof(exprcheck_options, size) == 0);
	CHECK(offsetof(exprcheck_result, size) == 0);
	CHECK(sizeof(exprcheck_options) == EXPRCHECK_OPTIONS_SIZE_VER0);
	CHECK(sizeof(exprcheck_result) == EXPRCHECK_RESULT_SIZE_VER0);
	CHECK(offsetof(exprcheck_options, max_depth) == 16);
	CHECK(offsetof(exprcheck_result, offset) == 16);
}

TEST_CASE("options are read at the size the caller gives", "[library][abi]")
{
	exprcheck_options o = sized_options();
	exprcheck_result r{};
	LongerOptions longer{};

	r.size = sizeof(r);
	o.size = 0;
	CHECK(exprcheck_validate("()", 2, &o, &r) == -EINVAL);
	o.size = EXPRCHECK_OPTIONS_SIZE_VER0 - 8;
	CHECK(exprcheck_validate("()", 2, &o, &r) == -EINVAL);
	o = sized_options();
	o.reserved = 1;
	CHECK(exprcheck_validate("()", 2, &o, &r) == -EINVAL);

	// A field this library does not know, at zero, changes nothing.
	longer.known = sized_options();
	longer.known.size = sizeof(longer);
	longer.known.max_length = 1;
	REQUIRE(exprcheck_validate("()", 2, &longer.known, &r) == 0);
	CHECK(r.status == EXPRCHECK_STATUS_TOO_LONG);
	longer.added = 1;
	CHECK(exprcheck_validate("()", 2, &longer.known, &r) == -E2BIG);
	exprcheck_stream *s = nullptr;
	CHECK(exprcheck_stream_new(&s, &longer.known) == -E2BIG);
}

TEST_CASE("results are written at the size the caller gives", "[library][abi]")
{
	exprcheck_result r{};
	LongerResult longer;

	CHECK(exprcheck_validate("()", 2, nullptr, &r) == -EINVAL);
	r.size = EXPRCHECK_RESULT_SIZE_VER0 - 1;
	CHECK(exprcheck_validate("()", 2, nullptr, &r) == -EINVAL);

	std::memset(&longer, 0xa5, sizeof(longer));
	longer.known.size = sizeof(longer);
	REQUIRE(exprcheck_validate("(]", 2, nullptr, &longer.known) == 0);
	CHECK(longer.known.size == sizeof(exprcheck_result));
	CHECK(longer.known.status == EXPRCHECK_STATUS_WRONG_CLOSER);
	CHECK(longer.known.reserved == 0);
	CHECK(longer.added[0] == 0);
	CHECK(longer.added[1] == 0);
}

TEST_CASE("a batch's results are as far apart as the first one's size", "[library][abi]")
{
	const exprcheck_input in[3] = { { "()", 2 }, { ")", 1 }, { "((", 2 } };
	LongerResult out[3];

	std::memset(out, 0xa5, sizeof(out));
	out[0].known.size = sizeof(out[0]);
	REQUIRE(exprcheck_validate_batch(in, 3, nullptr, &out[0].known) == 0);
	CHECK(out[0].known.status == EXPRCHECK_STATUS_VALID);
	CHECK(out[1].known.status == EXPRCHECK_STATUS_UNEXPECTED_CLOSER);
	CHECK(out[2].known.status == EXPRCHECK_STATUS_LEFT_OPEN);
	for (const LongerResult &one : out) {
		CHECK(one.known.size == sizeof(exprcheck_result));
		CHECK(one.added[0] == 0);
		CHECK(one.added[1] == 0);
	}
}

TEST_CASE("a file whose size lies is read, not mapped", "[library][fd]")
{
	// sysfs gives one line a size of 4096 and refuses mmap(); procfs says 0.
	for (const char *path : { "/sys/kernel/mm/transparent_hugepage/enabled",
				  "/sys/kernel/uevent_seqnum", "/proc/self/cmdline" }) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		char buf[65536];
		ssize_t n = read(fd, buf, sizeof(buf));
		REQUIRE(n > 0);
		for (Backend b : { Backend::automatic, Backend::userspace }) {
			INFO(path << " through " << exprcheck::name(b));
			REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
			Options o;
			o.backend = b;
			Result r = exprcheck::validate_fd(fd, o);
			CHECK(r.scanned == static_cast<std::uint64_t>(n));
		}
		close(fd);
	}
}

// The entry points of API 1.0, by the names a program built against it
// links to (the 1.1 ones, in the inline namespace, hide them from C++).
namespace abi_1_0 {
Result validate(std::string_view expr, const Options &options)
	__asm__("_ZN9exprcheck8validateESt17basic_string_viewIcSt11char_traitsIcEERKNS_7OptionsE");
Result validate_fd(int fd, const Options &options)
	__asm__("_ZN9exprcheck11validate_fdEiRKNS_7OptionsE");
} // namespace abi_1_0

TEST_CASE("a program built against API 1.0 gets brackets, whatever its padding holds", "[library][abi]")
{
	Options o;
	int fds[2];

	o.infix = true;	// where 1.0's Options had a padding byte
	CHECK(exprcheck::validate("(a+)", o).status == Status::expected_operand);
	CHECK(abi_1_0::validate("(a+)", o).valid());
	REQUIRE(pipe(fds) == 0);
	REQUIRE(write(fds[1], "(a+)", 4) == 4);
	close(fds[1]);
	CHECK(abi_1_0::validate_fd(fds[0], o).valid());
	close(fds[0]);
}
