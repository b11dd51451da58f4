/* SPDX-License-Identifier: GPL-2.0 */
/* Load-time self-test of the validator core. */
#ifndef EXPRCHECK_SELFTEST_H
#define EXPRCHECK_SELFTEST_H

#include <linux/init.h>
#include <linux/types.h>

bool __init exprcheck_selftest(void);

#endif /* EXPRCHECK_SELFTEST_H */
