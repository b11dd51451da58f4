/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Installs a seccomp filter that answers chosen system call numbers with
 * one action (an errno, or killing the process) and allows every other
 * call: how a container runtime treats a call it does not know. Raw
 * classic BPF, no libseccomp. For x86_64 programs: every x32 call gets the
 * action too, and a call from another ABI (i386) kills the process, since
 * its numbers mean other calls.
 *
 *	long nrs[] = { 333, 335 };
 *
 *	seccomp_deny(nrs, 2, SECCOMP_RET_KILL_PROCESS);
 *	seccomp_deny(nrs, 2, SECCOMP_RET_ERRNO | EPERM);
 */
#ifndef EXPRCHECK_SECCOMP_FILTER_H
#define EXPRCHECK_SECCOMP_FILTER_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SECCOMP_DENY_MAX	64
#define SECCOMP_X32_BIT		0x40000000U

/*
 * Filters the calling thread and its future children. Returns 0, or -1
 * with errno set (EINVAL for more than SECCOMP_DENY_MAX numbers). Sets
 * no_new_privs, which a filter needs without CAP_SYS_ADMIN.
 */
static inline int seccomp_deny(const long *nrs, size_t count, uint32_t action)
{
	struct sock_filter insns[SECCOMP_DENY_MAX + 7];
	struct sock_fprog prog;
	size_t n = 0, i;

	if (count > SECCOMP_DENY_MAX) {
		errno = EINVAL;
		return -1;
	}
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	insns[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		AUDIT_ARCH_X86_64, 1, 0);
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_KILL_PROCESS);
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	insns[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		SECCOMP_X32_BIT, count + 1, 0);
	/* Each match jumps over the remaining tests and the allow. */
	for (i = 0; i < count; i++)
		insns[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, (uint32_t)nrs[i], count - i, 0);
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action);

	prog.len = n;
	prog.filter = insns;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) ? -1 : 0;
}

#endif /* EXPRCHECK_SECCOMP_FILTER_H */
