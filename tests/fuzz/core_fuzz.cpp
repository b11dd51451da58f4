// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the core, fed in random chunks, must agree with the
// reference on every verdict field. The first bytes of the fuzz input
// choose the flags, limits and chunk sizes; the rest is the expression.
#include "reference.h"

extern "C" {
#include "exprcheck_core.h"
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
};

// Feeds in chunks of 1..16 bytes (or all at once) chosen from the seed.
int feed(exprcheck_core &core, const char *p, std::size_t n, std::uint8_t seed)
{
	std::size_t at = 0;

	if (!seed)
		return exprcheck_core_feed(&core, p, n);
	while (at < n) {
		std::size_t len = 1 + (seed + at * 7) % 16;
		if (len > n - at)
			len = n - at;
		if (exprcheck_core_feed(&core, p + at, len))
			return 1;
		at += len;
	}
	return exprcheck_core_feed(&core, p + n, 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	if (size < 3)
		return 0;
	Setup s{ static_cast<std::uint32_t>(data[0] & EXPRCHECK_F_ALL),
		 data[1] & 0x80 ? 1U + (data[1] & 0x3f) : EXPRCHECK_DEFAULT_MAX_DEPTH,
		 data[2] & 0x80 ? data[2] & 0x7fU : 0U,
		 static_cast<std::uint8_t>(data[0] >> 2) };
	const char *expr = reinterpret_cast<const char *>(data + 3);
	const std::size_t len = size - 3;
	std::vector<unsigned char> stack(EXPRCHECK_CORE_STACK_BYTES(s.max_depth));
	exprcheck_core core;
	exprcheck_verdict got, want;

	exprcheck_core_init(&core, stack.data(), stack.size(), s.max_depth, s.max_len, s.flags);
	if (!feed(core, expr, len, s.chunk_seed) && exprcheck_core_finish(&core)) {
		exprcheck_core_rewind(&core);
		feed(core, expr, len, s.chunk_seed);
		exprcheck_core_finish(&core);
	}
	exprcheck_core_verdict(&core, &got);
	reference_validate(expr, len, s.flags, s.max_depth, s.max_len, &want);
	if (std::memcmp(&got, &want, sizeof(got)) != 0)
		std::abort();
	return 0;
}
