// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A program that links the static library and has functions and objects
 * of its own under generic names: none may clash with the library's.
 */
#include <exprcheck/exprcheck.h>

#include <string.h>

int backend_ioctl, backend_syscall, backend_userspace;

int dispatch(int n) { return n; }
int core_validate(int n) { return n; }
int options_resolve(int n) { return n; }
int result_from_verdict(int n) { return n; }

int main(void)
{
	struct exprcheck_result res = { .size = sizeof(res) };
	int err = exprcheck_validate("([])", 4, NULL, &res);

	return err || res.status != EXPRCHECK_STATUS_VALID ||
	       dispatch(0) || core_validate(0) || options_resolve(0) ||
	       result_from_verdict(0) || backend_ioctl;
}
