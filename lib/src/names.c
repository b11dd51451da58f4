// SPDX-License-Identifier: LGPL-2.1-or-later
#include <exprcheck/exprcheck.h>

#include "version.h"

static const char *const backend_names[] = {
	[EXPRCHECK_BACKEND_AUTO] = "auto",
	[EXPRCHECK_BACKEND_SYSCALL] = "syscall",
	[EXPRCHECK_BACKEND_IOCTL] = "ioctl",
	[EXPRCHECK_BACKEND_USERSPACE] = "userspace",
};

static const char *const status_names[] = {
	[EXPRCHECK_STATUS_VALID] = "valid",
	[EXPRCHECK_STATUS_UNEXPECTED_CLOSER] = "unexpected_closer",
	[EXPRCHECK_STATUS_WRONG_CLOSER] = "wrong_closer",
	[EXPRCHECK_STATUS_LEFT_OPEN] = "left_open",
	[EXPRCHECK_STATUS_TOO_DEEP] = "too_deep",
	[EXPRCHECK_STATUS_TOO_LONG] = "too_long",
	[EXPRCHECK_STATUS_EXPECTED_OPERAND] = "expected_operand",
	[EXPRCHECK_STATUS_EXPECTED_OPERATOR] = "expected_operator",
	[EXPRCHECK_STATUS_UNKNOWN_CHAR] = "unknown_char",
	[EXPRCHECK_STATUS_EMPTY_GROUP] = "empty_group",
	[EXPRCHECK_STATUS_STRAY_COMMA] = "stray_comma",
};

const char *exprcheck_backend_name(enum exprcheck_backend backend)
{
	return (unsigned int)backend <= EXPRCHECK_BACKEND_USERSPACE ?
		       backend_names[backend] : "unknown";
}

const char *exprcheck_status_name(enum exprcheck_status status)
{
	return (unsigned int)status <= EXPRCHECK_STATUS_STRAY_COMMA ?
		       status_names[status] : "unknown";
}

const char *exprcheck_version(void)
{
	return EXPRCHECK_VERSION_STRING;
}

unsigned int exprcheck_api_version(void)
{
	return EXPRCHECK_API_VERSION_MAJOR << 16 | EXPRCHECK_API_VERSION_MINOR;
}
