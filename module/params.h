/* SPDX-License-Identifier: GPL-2.0 */
/* Module parameters: the limits every caller gets, and call logging. */
#ifndef EXPRCHECK_PARAMS_H
#define EXPRCHECK_PARAMS_H

#include <linux/types.h>

#include "exprcheck_serve.h"

void exprcheck_params_limits(struct exprcheck_limits *lim);
bool exprcheck_params_log_calls(void);

#endif /* EXPRCHECK_PARAMS_H */
