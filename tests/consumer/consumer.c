// SPDX-License-Identifier: GPL-2.0-or-later
#include <exprcheck/exprcheck.h>
#include <linux/exprcheck.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
	const char *expr = "{[()]}";
	struct exprcheck_result res = { .size = sizeof(res) };
	int err = exprcheck_validate(expr, strlen(expr), NULL, &res);

	if (err) {
		fprintf(stderr, "exprcheck_validate: %s\n", strerror(-err));
		return 1;
	}
	printf("%s, depth %llu, by %s (uAPI %d)\n", exprcheck_status_name(res.status),
	       (unsigned long long)res.depth, exprcheck_backend_name(res.backend),
	       EXPRCHECK_UAPI_VERSION);
	return res.status == EXPRCHECK_STATUS_VALID && res.depth == 3 ? 0 : 1;
}
