// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the core, fed in random chunks, must agree with the
// reference (with EXPRCHECK_F_INFIX, the recursive-descent one) on every
// verdict field, along every scanning path this CPU has (the portable one
// and each vector classifier), with and without the offsets that
// userspace keeps. The first bytes of the fuzz input
// choose the flags, limits and chunk sizes; the rest is the expression.
#include "reference.h"

extern "C" {
#include "exprcheck_core.h"
#include "scan.h"
}

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct Setup {
	std::uint32_t flags;
	std::uint64_t max_depth;
	std::uint64_t max_len;
	std::uint8_t chunk_seed;
	bool offsets;
};

// Feeds in chunks chosen from the seed (all at once for 0): mostly 1..16
// bytes, and now and then past a whole section, so that chunk boundaries
// fall anywhere in and between the classifier's blocks.
int feed(exprcheck_core &core, const char *p, std::size_t n, const Setup &s,
	 scan_path path)
{
	std::size_t at = 0;

	if (!s.chunk_seed)
		return exprcheck_lib_scan_feed(&core, p, n, path);
	while (at < n) {
		std::size_t len = 1 + (s.chunk_seed + at * 7) % 16;
		if ((s.chunk_seed + at) % 5 == 0)
			len += (s.chunk_seed * 131 + at) % 5000;
		if (len > n - at)
			len = n - at;
		if (exprcheck_lib_scan_feed(&core, p + at, len, path))
			return 1;
		at += len;
	}
	return exprcheck_lib_scan_feed(&core, p + n, 0, path);
}

exprcheck_verdict run(const Setup &s, const char *expr, std::size_t len, scan_path path)
{
	// Nesting cannot go deeper than the input is long: the buffers (and
	// with them the core's limit) need no more, as in the library.
	const std::uint64_t levels = s.max_depth < len ? s.max_depth : len;
	std::vector<unsigned char> stack(EXPRCHECK_CORE_STACK_BYTES(levels));
	std::vector<std::uint64_t> offsets(levels);
	exprcheck_core core;
	exprcheck_verdict v;

	exprcheck_core_init(&core, stack.data(), stack.size(), levels, s.max_len, s.flags);
	if (s.offsets)
		exprcheck_core_offsets(&core, reinterpret_cast<__u64 *>(offsets.data()), offsets.size());
	if (!feed(core, expr, len, s, path) && exprcheck_core_finish(&core)) {
		exprcheck_core_rewind(&core);
		feed(core, expr, len, s, path);
		exprcheck_core_finish(&core);
	}
	exprcheck_core_verdict(&core, &v);
	return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	if (size < 3)
		return 0;
	Setup s{ reference_flags_from(data[0]),
		 data[1] & 0x80 ? 1U + (data[1] & 0x3f) : EXPRCHECK_DEFAULT_MAX_DEPTH,
		 data[2] & 0x80 ? data[2] & 0x7fU : 0U,
		 static_cast<std::uint8_t>(data[0] >> 3),
		 (data[1] & 0x40) != 0 };
	const char *expr = reinterpret_cast<const char *>(data + 3);
	const std::size_t len = size - 3;
	exprcheck_verdict want;

	reference_validate(expr, len, s.flags, s.max_depth, s.max_len, &want);
	for (int path = 0; path < SCAN_PATHS; path++) {
		if (!exprcheck_lib_scan_path_usable(static_cast<scan_path>(path)))
			continue;
		exprcheck_verdict got = run(s, expr, len, static_cast<scan_path>(path));
		if (std::memcmp(&got, &want, sizeof(got)) != 0)
			std::abort();
	}
	return 0;
}
