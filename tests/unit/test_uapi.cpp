// SPDX-License-Identifier: GPL-2.0-or-later
// The uAPI's layout rules, checked where a compiler can see them.
#include <linux/exprcheck.h>

#include <catch2/catch.hpp>

#include <cstddef>

static_assert(sizeof(exprcheck_verdict) == EXPRCHECK_VERDICT_SIZE_VER0);
static_assert(sizeof(exprcheck_req) == EXPRCHECK_REQ_SIZE_VER0);
static_assert(sizeof(exprcheck_batch) == EXPRCHECK_BATCH_SIZE_VER0);
static_assert(sizeof(exprcheck_info) == EXPRCHECK_INFO_SIZE_VER0);

TEST_CASE("every uAPI struct is a multiple of 8 bytes and starts with its size", "[uapi]")
{
	CHECK(sizeof(exprcheck_verdict) % 8 == 0);
	CHECK(sizeof(exprcheck_req) % 8 == 0);
	CHECK(sizeof(exprcheck_batch) % 8 == 0);
	CHECK(sizeof(exprcheck_info) % 8 == 0);
	CHECK(offsetof(exprcheck_req, size) == 0);
	CHECK(offsetof(exprcheck_batch, size) == 0);
	CHECK(offsetof(exprcheck_info, size) == 0);
}

TEST_CASE("64-bit fields sit on 8-byte boundaries, with no holes", "[uapi]")
{
	CHECK(offsetof(exprcheck_req, expr) == 8);
	CHECK(offsetof(exprcheck_req, len) == 16);
	CHECK(offsetof(exprcheck_req, verdict) == 24);
	CHECK(offsetof(exprcheck_req, verdict_size) == 32);
	CHECK(offsetof(exprcheck_req, max_depth) == 36);
	CHECK(offsetof(exprcheck_req, reserved) == 40);
	CHECK(offsetof(exprcheck_verdict, offset) == 8);
	CHECK(offsetof(exprcheck_batch, reqs) == 8);
	CHECK(offsetof(exprcheck_info, max_len) == 16);
}

TEST_CASE("ioctl numbers encode the struct sizes", "[uapi]")
{
	CHECK(_IOC_TYPE(EXPRCHECK_IOC_VALIDATE) == 'x');
	CHECK(_IOC_SIZE(EXPRCHECK_IOC_INFO) == sizeof(exprcheck_info));
	CHECK(_IOC_SIZE(EXPRCHECK_IOC_VALIDATE) == sizeof(exprcheck_req));
	CHECK(_IOC_SIZE(EXPRCHECK_IOC_VALIDATE_BATCH) == sizeof(exprcheck_batch));
}
