// SPDX-License-Identifier: GPL-2.0
/*
 * Serving one request from user memory, for the ioctls of the misc device
 * and for the in-tree system call alike.
 *
 * The input is copied a page at a time into a kernel buffer and fed to the
 * core, so what the kernel holds is bounded by the depth limit whatever
 * the length: one page of input and a nesting stack of two bits a level,
 * for no more levels than the input has bytes. Small requests need no
 * allocation at all.
 *
 * Where the CPU has AVX2, a request of at least lim->simd_min_len bytes
 * has each page classified by the vector unit (exprcheck_simd.c), between
 * kernel_fpu_begin() and kernel_fpu_end(): one page at a time, so that
 * preemption is never off for longer, and only when may_use_simd() says
 * the FPU is free. The core then walks the page from the masks outside
 * that section; anything else takes the core's integer path.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#ifdef CONFIG_X86_64
#include <linux/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/simd.h>
#endif

#include "exprcheck_core.h"
#include "exprcheck_serve.h"
#include "exprcheck_simd.h"

/* Requests up to this many bytes are served from buffers on the stack. */
#define SERVE_SMALL_LEN		256

int exprcheck_size_from_user(const void __user *ustruct, u32 min, u32 *size)
{
	if (get_user(*size, (const u32 __user *)ustruct))
		return -EFAULT;
	if (*size < min)
		return -EINVAL;
	if (*size > EXPRCHECK_MAX_STRUCT_SIZE)
		return -E2BIG;
	return 0;
}

int exprcheck_req_from_user(struct exprcheck_req *req,
			    const void __user *ureq)
{
	u32 size;
	int ret;

	ret = exprcheck_size_from_user(ureq, EXPRCHECK_REQ_SIZE_VER0, &size);
	if (ret)
		return ret;
	return copy_struct_from_user(req, sizeof(*req), ureq, size);
}

bool exprcheck_simd_usable(void)
{
#ifdef CONFIG_X86_64
	return boot_cpu_has(X86_FEATURE_AVX2) &&
	       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, NULL);
#else
	return false;
#endif
}

int exprcheck_feed_simd(struct exprcheck_core *core, const u8 *buf, size_t n,
			struct exprcheck_section *sec, u64 *simd_bytes)
{
#ifdef CONFIG_X86_64
	if (may_use_simd()) {
		kernel_fpu_begin();
		exprcheck_classify_avx2(buf, n, core->flags, sec);
		kernel_fpu_end();
		*simd_bytes += n;
		return exprcheck_core_feed_section(core, buf, n, sec);
	}
#endif
	return exprcheck_core_feed(core, buf, n);
}

/* Check @req against @lim and work out its depth limit. */
static int serve_check(const struct exprcheck_req *req,
		       const struct exprcheck_limits *lim, u32 *depth)
{
	if (!exprcheck_core_flags_valid(req->flags) || req->reserved)
		return -EINVAL;
	if (req->verdict_size < EXPRCHECK_VERDICT_SIZE_VER0)
		return -EINVAL;
	if (req->verdict_size > EXPRCHECK_MAX_STRUCT_SIZE ||
	    req->len > lim->max_len || req->max_depth > lim->max_depth)
		return -E2BIG;
	if (req->max_depth)
		*depth = req->max_depth;
	else
		*depth = min_t(u32, EXPRCHECK_DEFAULT_MAX_DEPTH, lim->max_depth);
	return 0;
}

/*
 * Feed the @len bytes at @expr to @core through @buf, along the vector
 * path when @simd (adding what it scanned to *@simd_bytes). Each copy
 * stays within one user page, so a fault means the page it starts in
 * cannot be read; the bytes read before it still count, and when they
 * decide the verdict the fault does not matter. Returns 0 once the core
 * has had all it needs.
 */
static int serve_feed(struct exprcheck_core *core, const u8 __user *expr,
		      u64 len, u8 *buf, size_t buf_size, bool simd,
		      u64 *simd_bytes)
{
	struct exprcheck_section sec;
	u64 pos = 0;
	int done;

	while (pos < len) {
		u64 page_left = PAGE_SIZE - offset_in_page(expr + pos);
		size_t n = min3(len - pos, (u64)buf_size, page_left);
		size_t missed = copy_from_user(buf, expr + pos, n);

		if (simd)
			done = exprcheck_feed_simd(core, buf, n - missed, &sec,
						   simd_bytes);
		else
			done = exprcheck_core_feed(core, buf, n - missed);
		if (done)
			return 0;
		if (missed)
			return -EFAULT;
		pos += n;
		/*
		 * A stop, a freeze or a handler waits for one page, not for
		 * the whole input: nothing is written yet, so the call can
		 * be made again from the start.
		 */
		if (signal_pending(current))
			return -ERESTARTSYS;
		cond_resched();
	}
	return 0;
}

#ifdef EXPRCHECK_NO_FAULT_IN_SAFE_WRITEABLE
/*
 * Before 5.16 (Kbuild looks): fault_in_pages_writeable() writes zeros
 * over what it checks, so each page is pinned for writing and let go
 * again instead. Returns how many bytes cannot be written, as the real
 * one does.
 */
static size_t fault_in_safe_writeable(const char __user *uaddr, size_t size)
{
	unsigned long addr = untagged_addr((unsigned long)uaddr);
	unsigned long end = addr + size, page_addr;
	struct page *page;

	for (page_addr = addr & PAGE_MASK; page_addr < end; page_addr += PAGE_SIZE) {
		if (get_user_pages_fast(page_addr, 1, FOLL_WRITE, &page) != 1)
			return end - max(page_addr, addr);
		put_page(page);
	}
	return 0;
}
#endif

/*
 * Whether the verdict can be written, asked before a long input is read
 * so that a bad verdict address costs nothing: its pages are faulted in
 * for writing, and nothing in them changes. A short input costs less to
 * scan than this, and serve_put_verdict() finds a bad address anyway.
 */
static int serve_verdict_writable(const struct exprcheck_req *req)
{
	const char __user *uv = u64_to_user_ptr(req->verdict);

	if (req->len <= SERVE_SMALL_LEN)
		return 0;
	if (!access_ok(uv, req->verdict_size) ||
	    fault_in_safe_writeable(uv, req->verdict_size))
		return -EFAULT;
	return 0;
}

/* Copy @v out at the caller's verdict_size, zeroing what we do not know. */
static int serve_put_verdict(const struct exprcheck_req *req,
			     const struct exprcheck_verdict *v)
{
	u8 __user *uv = u64_to_user_ptr(req->verdict);
	size_t n = min_t(size_t, req->verdict_size, sizeof(*v));

	if (copy_to_user(uv, v, n))
		return -EFAULT;
	if (req->verdict_size > n &&
	    clear_user(uv + n, req->verdict_size - n))
		return -EFAULT;
	return 0;
}

int exprcheck_serve(const struct exprcheck_req *req,
		    const struct exprcheck_limits *lim,
		    struct exprcheck_verdict *verdict, u64 *simd_bytes)
{
	const u8 __user *expr = u64_to_user_ptr(req->expr);
	u8 small_stack[EXPRCHECK_CORE_STACK_BYTES(SERVE_SMALL_LEN)];
	u8 small_buf[SERVE_SMALL_LEN];
	size_t stack_bytes = sizeof(small_stack);
	size_t buf_size = sizeof(small_buf);
	u8 *stack = small_stack;
	u8 *buf = small_buf;
	struct exprcheck_core core;
	u64 levels, vector = 0;
	bool simd;
	u32 depth;
	int ret;

	ret = serve_check(req, lim, &depth);
	if (!ret)
		ret = serve_verdict_writable(req);
	if (ret)
		return ret;
	/* The infix grammar reads every byte: the vector unit saves nothing. */
	simd = req->len >= lim->simd_min_len && exprcheck_simd_usable() &&
	       !(req->flags & EXPRCHECK_F_INFIX);

	/* The input cannot nest deeper than it has bytes. */
	levels = min_t(u64, depth, req->len);
	if (levels > SERVE_SMALL_LEN) {
		stack_bytes = EXPRCHECK_CORE_STACK_BYTES(levels);
		stack = kvmalloc(stack_bytes, GFP_KERNEL_ACCOUNT);
		if (!stack)
			return -ENOMEM;
	}
	if (req->len > SERVE_SMALL_LEN) {
		buf_size = PAGE_SIZE;
		buf = kmalloc(buf_size, GFP_KERNEL_ACCOUNT);
		if (!buf) {
			ret = -ENOMEM;
			goto out_stack;
		}
	}

	/* No length limit for the core: serve_check() refused longer inputs. */
	if (exprcheck_core_init(&core, stack, stack_bytes, depth, 0,
				req->flags)) {
		ret = -EINVAL;
		goto out_buf;
	}
	ret = serve_feed(&core, expr, req->len, buf, buf_size, simd, &vector);
	if (ret)
		goto out_buf;
	if (exprcheck_core_finish(&core)) {
		/* The innermost opener left open scrolled out of the core's window. */
		exprcheck_core_rewind(&core);
		ret = serve_feed(&core, expr, req->len, buf, buf_size, simd,
				 &vector);
		if (ret)
			goto out_buf;
		exprcheck_core_finish(&core);
	}

	memset(verdict, 0, sizeof(*verdict));
	exprcheck_core_verdict(&core, verdict);
	ret = serve_put_verdict(req, verdict);

out_buf:
	if (simd_bytes)
		*simd_bytes = vector;
	if (buf != small_buf)
		kfree(buf);
out_stack:
	if (stack != small_stack)
		kvfree(stack);
	return ret;
}
