/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ways the userspace core can scan: the portable integer path, or a
 * vector classifier (SSE2, AVX2, AVX-512BW) feeding the core's section
 * walker. Chosen at run time from the CPU's features, never from the
 * flags the library was compiled with.
 */
#ifndef EXPRCHECK_LIB_SCAN_H
#define EXPRCHECK_LIB_SCAN_H

#include "exprcheck_core.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum scan_path {
	SCAN_PORTABLE,
	SCAN_SSE2,
	SCAN_AVX2,
	SCAN_AVX512,
	SCAN_PATHS
};

/*
 * The path of this process, chosen once: the best one the CPU has, or the
 * one the environment variable EXPRCHECK_SCAN names (portable, sse2, avx2,
 * avx512); a named path the CPU lacks gives the best one below it, a name
 * not in that list is ignored.
 */
enum scan_path exprcheck_lib_scan_default_path(void);

/* The path EXPRCHECK_SCAN=@want would choose (NULL: none set). */
enum scan_path exprcheck_lib_scan_path_for(const char *want);

/* Whether this CPU (and this build) can take @path. */
bool exprcheck_lib_scan_path_usable(enum scan_path path);

/* "portable", "sse2", "avx2", "avx512". */
const char *exprcheck_lib_scan_path_name(enum scan_path path);

/*
 * exprcheck_core_feed() along @path, which must be usable: the same
 * verdict whichever path it is.
 */
int exprcheck_lib_scan_feed(struct exprcheck_core *c, const void *buf,
			    size_t len, enum scan_path path);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_LIB_SCAN_H */
