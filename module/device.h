/* SPDX-License-Identifier: GPL-2.0 */
/* The misc device /dev/exprcheck and its ioctls. */
#ifndef EXPRCHECK_DEVICE_H
#define EXPRCHECK_DEVICE_H

int exprcheck_device_init(void);
void exprcheck_device_exit(void);

#endif /* EXPRCHECK_DEVICE_H */
