// SPDX-License-Identifier: GPL-2.0-or-later
#include "input.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <istream>
#include <streambuf>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cli {
namespace {

// Input that cannot be read twice is kept for the report up to this size.
constexpr std::size_t kept_max = 64 * 1024;

[[noreturn]] void throw_errno(int err = errno)
{
	throw std::system_error(err, std::generic_category());
}

class MemorySource final : public Source {
public:
	explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}

	std::size_t read_at(std::uint64_t offset, char *buf,
			    std::size_t n) const override
	{
		if (offset >= bytes_.size())
			return 0;
		n = static_cast<std::size_t>(
			std::min<std::uint64_t>(n, bytes_.size() - offset));
		std::memcpy(buf, bytes_.data() + offset, n);
		return n;
	}

private:
	std::string bytes_;
};

// A file read again with pread() for the report. Verdict offsets count
// from where the descriptor stood when it was handed over.
class FileSource final : public Source {
public:
	FileSource(int fd, bool owned)
		: fd_(fd), owned_(owned), base_(std::max<off_t>(::lseek(fd, 0, SEEK_CUR), 0))
	{
	}
	~FileSource() override
	{
		if (owned_)
			::close(fd_);
	}
	FileSource(const FileSource &) = delete;
	FileSource &operator=(const FileSource &) = delete;

	int fd() const { return fd_; }

	// A read error only shortens the excerpt; the verdict is already known.
	std::size_t read_at(std::uint64_t offset, char *buf,
			    std::size_t n) const override
	{
		std::size_t done = 0;

		while (done < n) {
			ssize_t got = ::pread(fd_, buf + done, n - done,
					      base_ + static_cast<off_t>(offset + done));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			done += static_cast<std::size_t>(got);
		}
		return done;
	}

private:
	int fd_;
	bool owned_;
	off_t base_;
};

// Serves @prefix, then what @fd reads, reusing the prefix's buffer.
class PrefixedFdBuf final : public std::streambuf {
public:
	PrefixedFdBuf(int fd, std::string prefix) : fd_(fd), buf_(std::move(prefix))
	{
		setg(buf_.data(), buf_.data(), buf_.data() + buf_.size());
	}

	int error() const { return error_; }

protected:
	int_type underflow() override
	{
		ssize_t got;

		do
			got = ::read(fd_, buf_.data(), buf_.size());
		while (got < 0 && errno == EINTR);
		if (got <= 0) {
			if (got < 0)
				error_ = errno;
			return traits_type::eof();
		}
		setg(buf_.data(), buf_.data(), buf_.data() + got);
		return traits_type::to_int_type(buf_[0]);
	}

private:
	int fd_;
	std::string buf_;
	int error_ = 0;
};

// Reads what is left of @fd into memory, up to kept_max bytes.
std::string read_prefix(int fd)
{
	std::string kept(kept_max, '\0');
	std::size_t have = 0;

	while (have < kept.size()) {
		ssize_t got = ::read(fd, kept.data() + have, kept.size() - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			throw_errno();
		if (got == 0)
			break;
		have += static_cast<std::size_t>(got);
	}
	kept.resize(have);
	return kept;
}

Checked check_fd(std::string name, std::unique_ptr<FileSource> file,
		 const exprcheck::Options &options)
{
	struct stat st;

	if (::fstat(file->fd(), &st))
		throw_errno();
	if (S_ISDIR(st.st_mode))
		throw_errno(EISDIR);
	if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) {
		exprcheck::Result result = exprcheck::validate_fd(file->fd(), options);
		return {std::move(name), result, std::move(file)};
	}

	// A pipe or terminal: keep a small input whole for the report; stream
	// a large one in constant memory and report its offsets only.
	std::string kept = read_prefix(file->fd());
	if (kept.size() < kept_max) {
		exprcheck::Result result = exprcheck::validate(kept, options);
		return {std::move(name), result,
			std::make_unique<MemorySource>(std::move(kept))};
	}
	PrefixedFdBuf buf(file->fd(), std::move(kept));
	std::istream in(&buf);
	exprcheck::Result result = exprcheck::validate(in, options);
	if (buf.error())
		throw_errno(buf.error());
	return {std::move(name), result, nullptr};
}

} // namespace

std::string name_of(const Input &input)
{
	switch (input.kind) {
	case Input::Kind::expr:
		return "<expr>";
	case Input::Kind::stdin_:
		return "<stdin>";
	case Input::Kind::file:
		break;
	}
	return input.text;
}

Checked check(const Input &input, const exprcheck::Options &options)
{
	switch (input.kind) {
	case Input::Kind::expr:
		return {name_of(input), exprcheck::validate(input.text, options),
			std::make_unique<MemorySource>(input.text)};
	case Input::Kind::stdin_:
		return check_fd(name_of(input),
				std::make_unique<FileSource>(STDIN_FILENO, false),
				options);
	case Input::Kind::file:
		break;
	}
	int fd = ::open(input.text.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		throw_errno();
	return check_fd(name_of(input), std::make_unique<FileSource>(fd, true),
			options);
}

} // namespace cli
