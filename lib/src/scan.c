// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Choosing and taking the userspace core's scanning path. The vector
 * classifiers are compiled in whatever flags the library was built with
 * (each function carries its own target attribute); only the CPU's
 * features, read once, decide which one runs.
 */
#include "scan.h"
#include "exprcheck_simd.h"

#include <stdlib.h>
#include <string.h>

typedef void classify_fn(const void *buf, __u64 len, __u32 flags,
			 struct exprcheck_section *s);

static const char *const path_names[SCAN_PATHS] = {
	[SCAN_PORTABLE] = "portable",
	[SCAN_SSE2] = "sse2",
	[SCAN_AVX2] = "avx2",
	[SCAN_AVX512] = "avx512",
};

#ifdef EXPRCHECK_HAVE_SIMD
static classify_fn *const classifiers[SCAN_PATHS] = {
	[SCAN_SSE2] = exprcheck_classify_sse2,
	[SCAN_AVX2] = exprcheck_classify_avx2,
	[SCAN_AVX512] = exprcheck_classify_avx512,
};

bool exprcheck_lib_scan_path_usable(enum scan_path path)
{
	__builtin_cpu_init();
	switch (path) {
	case SCAN_PORTABLE:
	case SCAN_SSE2:
		return true;
	case SCAN_AVX2:
		return __builtin_cpu_supports("avx2");
	case SCAN_AVX512:
		return __builtin_cpu_supports("avx512bw");
	default:
		return false;
	}
}
#else
static classify_fn *const classifiers[SCAN_PATHS];

bool exprcheck_lib_scan_path_usable(enum scan_path path)
{
	return path == SCAN_PORTABLE;
}
#endif

const char *exprcheck_lib_scan_path_name(enum scan_path path)
{
	return path < SCAN_PATHS ? path_names[path] : "unknown";
}

enum scan_path exprcheck_lib_scan_path_for(const char *want)
{
	int path = SCAN_PATHS - 1;

	for (int i = 0; want && i < SCAN_PATHS; i++)
		if (!strcmp(want, path_names[i]))
			path = i;
	while (!exprcheck_lib_scan_path_usable(path))
		path--;
	return path;
}

enum scan_path exprcheck_lib_scan_default_path(void)
{
	/* Every thread that races here chooses the same. */
	static int chosen = -1;
	int path = __atomic_load_n(&chosen, __ATOMIC_RELAXED);

	if (path < 0) {
		path = exprcheck_lib_scan_path_for(getenv("EXPRCHECK_SCAN"));
		__atomic_store_n(&chosen, path, __ATOMIC_RELAXED);
	}
	return path;
}

int exprcheck_lib_scan_feed(struct exprcheck_core *c, const void *buf,
			    size_t len, enum scan_path path)
{
	classify_fn *classify = classifiers[path];
	const unsigned char *p = buf;
	struct exprcheck_section s;

	/* The grammar reads every byte: masks would save it nothing. */
	if (!classify || (c->flags & EXPRCHECK_F_INFIX))
		return exprcheck_core_feed(c, buf, len);
	while (len) {
		size_t n = len < EXPRCHECK_SECTION_BYTES ? len :
			   EXPRCHECK_SECTION_BYTES;

		/*
		 * The next section on its way from memory while this one is
		 * classified and walked: the walk reads nothing new, so the
		 * hardware's prefetcher alone falls behind.
		 */
		for (size_t at = n; at < len && at < 2 * n; at += 64)
			__builtin_prefetch(p + at);
		classify(p, n, c->flags, &s);
		if (exprcheck_core_feed_section(c, p, n, &s))
			return 1;
		p += n;
		len -= n;
	}
	return exprcheck_core_feed(c, p, 0);
}
