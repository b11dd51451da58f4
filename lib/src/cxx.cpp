// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API: the C entry points, with errno turned into exceptions.
#include <exprcheck/exprcheck.hpp>

#include "dispatch.h"

#include <algorithm>
#include <cerrno>
#include <istream>
#include <vector>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>

namespace exprcheck {
namespace {

exprcheck_options to_c(const Options &o)
{
	exprcheck_options c{};

	c.size = sizeof(c);
	c.flags = (o.angle ? EXPRCHECK_OPT_ANGLE : 0U) |
		  (o.quotes ? EXPRCHECK_OPT_QUOTES : 0U) |
		  (o.infix ? EXPRCHECK_OPT_INFIX : 0U);
	c.backend = static_cast<std::uint32_t>(o.backend);
	c.max_depth = o.max_depth;
	c.max_length = o.max_length;
	return c;
}

Result from_c(const exprcheck_result &r)
{
	Result out;

	out.status = static_cast<Status>(r.status);
	out.backend = static_cast<Backend>(r.backend);
	out.offset = r.offset;
	out.depth = r.depth;
	out.scanned = r.scanned;
	out.expected = r.expected;
	out.found = r.found;
	return out;
}

[[noreturn]] void throw_errno(int err, const Options &o)
{
	switch (-err) {
	case EINVAL:
		throw std::invalid_argument("invalid options");
	case E2BIG:
		throw std::length_error("the " +
					std::string(name(o.backend)) +
					" backend does not take an input this long or deep");
	case ENOMEM:
		throw std::bad_alloc();
	case ENODEV: {
		std::string why(unavailable_reason(o.backend));

		throw std::system_error(-err, std::generic_category(),
					std::string(name(o.backend)) +
						" backend unavailable" +
						(why.empty() ? "" : ": " + why));
	}
	case ENODATA:
		throw std::system_error(-err, std::generic_category(),
					"changed while being read");
	default:
		throw std::system_error(-err, std::generic_category(), "validate");
	}
}

void check(int err, const Options &o)
{
	if (err < 0)
		throw_errno(err, o);
}

exprcheck_result sized_result()
{
	exprcheck_result r{};

	r.size = sizeof(r);
	return r;
}

// A kernel backend takes the input in one piece: it is read into memory,
// never more than one byte past the limit that applies first, which is
// enough to tell an input that is too long (as exprcheck_validate_fd()).
Result validate_whole(std::istream &in, const Options &options)
{
	backend_limits lim;
	check(exprcheck_lib_backend_limits(static_cast<exprcheck_backend>(options.backend),
					   &lim),
	      options);
	const bool user_limit = options.max_length && options.max_length <= lim.max_len;
	const std::uint64_t limit = user_limit ? options.max_length : lim.max_len;
	std::vector<char> whole;
	char buf[65536];

	while (whole.size() <= limit && in) {
		std::size_t want = static_cast<std::size_t>(
			std::min<std::uint64_t>(sizeof(buf), limit + 1 - whole.size()));
		if (whole.size() + want > whole.capacity())
			whole.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(
				limit + 1, std::max(2 * whole.capacity(), sizeof(buf)))));
		in.read(buf, static_cast<std::streamsize>(want));
		whole.insert(whole.end(), buf, buf + in.gcount());
	}
	if (in.bad())
		throw std::system_error(EIO, std::generic_category(), "reading the stream");
	if (!user_limit && whole.size() > lim.max_len)
		check(-E2BIG, options);
	return v1_1::validate(std::string_view(whole.data(), whole.size()), options);
}

// A 1.0 caller's Options: the byte that is infix now was padding.
Options from_1_0(const Options &o)
{
	Options c = o;

	c.infix = false;
	return c;
}

} // namespace

inline namespace v1_1 {

Result validate(std::string_view expr, const Options &options)
{
	exprcheck_options c = to_c(options);
	exprcheck_result r = sized_result();

	check(exprcheck_validate(expr.data(), expr.size(), &c, &r), options);
	return from_c(r);
}

std::vector<Result> validate(const std::vector<std::string_view> &exprs,
			     const Options &options)
{
	exprcheck_options c = to_c(options);
	std::vector<exprcheck_input> in(exprs.size());
	std::vector<exprcheck_result> r(exprs.size(), sized_result());
	std::vector<Result> out;

	for (std::size_t i = 0; i < exprs.size(); i++)
		in[i] = { exprs[i].data(), exprs[i].size() };
	check(exprcheck_validate_batch(in.data(), in.size(), &c, r.data()),
	      options);
	out.reserve(r.size());
	for (const auto &one : r)
		out.push_back(from_c(one));
	return out;
}

Result validate_fd(int fd, const Options &options)
{
	exprcheck_options c = to_c(options);
	exprcheck_result r = sized_result();

	check(exprcheck_validate_fd(fd, &c, &r), options);
	return from_c(r);
}

Result validate(std::istream &in, const Options &options)
{
	if (options.backend != Backend::automatic &&
	    options.backend != Backend::userspace)
		return validate_whole(in, options);

	exprcheck_options c = to_c(options);
	exprcheck_stream *raw;
	check(exprcheck_stream_new(&raw, &c), options);
	std::unique_ptr<exprcheck_stream, decltype(&exprcheck_stream_free)>
		stream(raw, exprcheck_stream_free);
	exprcheck_result r = sized_result();
	char buf[65536];
	int err;

	do {
		in.read(buf, sizeof(buf));
		err = exprcheck_stream_feed(stream.get(), buf,
					    static_cast<std::size_t>(in.gcount()));
		check(err, options);
	} while (!err && in);
	if (in.bad())
		throw std::system_error(EIO, std::generic_category(),
					"reading the stream");
	exprcheck_stream_finish(stream.get(), &r);
	return from_c(r);
}

} // namespace v1_1

// The symbols of API 1.0, for the programs built against it.
EXPRCHECK_API Result validate(std::string_view expr, const Options &options);
EXPRCHECK_API std::vector<Result> validate(const std::vector<std::string_view> &exprs,
					 const Options &options);
EXPRCHECK_API Result validate(std::istream &in, const Options &options);
EXPRCHECK_API Result validate_fd(int fd, const Options &options);

Result validate(std::string_view expr, const Options &options)
{
	return v1_1::validate(expr, from_1_0(options));
}

std::vector<Result> validate(const std::vector<std::string_view> &exprs,
			     const Options &options)
{
	return v1_1::validate(exprs, from_1_0(options));
}

Result validate(std::istream &in, const Options &options)
{
	return v1_1::validate(in, from_1_0(options));
}

Result validate_fd(int fd, const Options &options)
{
	return v1_1::validate_fd(fd, from_1_0(options));
}

std::string_view unavailable_reason(Backend backend)
{
	const char *why = nullptr;

	exprcheck_backend_probe(static_cast<exprcheck_backend>(backend), &why);
	return why ? why : "";
}

std::string_view name(Backend backend)
{
	return exprcheck_backend_name(static_cast<exprcheck_backend>(backend));
}

std::string_view name(Status status)
{
	return exprcheck_status_name(static_cast<exprcheck_status>(status));
}

Backend parse_backend(std::string_view text)
{
	for (auto b : { Backend::automatic, Backend::syscall, Backend::ioctl,
			Backend::userspace })
		if (text == name(b))
			return b;
	throw std::invalid_argument("unknown backend '" +
				    std::string(text) +
				    "' (auto, syscall, ioctl or userspace)");
}

} // namespace exprcheck
