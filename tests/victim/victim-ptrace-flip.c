// SPDX-License-Identifier: GPL-2.0-only
/*
 * victim-ptrace-flip - XOR a mask into one register of one thread with
 * ptrace, without the module: proves on the build machine that the victim
 * notices and reports a change.
 *
 * Usage: victim-ptrace-flip TID REG MASK
 *   REG  ax bx cx dx si di bp sp r8..r15 ip flags (the module's names)
 *   MASK the bits to flip, e.g. 0x1 or 0x8000000000000000
 * Prints "flipped tid=T reg=R old=0x.. new=0x..".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>

static const struct {
	const char *name;
	size_t offset;
} regs[] = {
#define REG(name, field) { name, offsetof(struct user_regs_struct, field) }
	REG("ax", rax), REG("bx", rbx), REG("cx", rcx), REG("dx", rdx),
	REG("si", rsi), REG("di", rdi), REG("bp", rbp), REG("sp", rsp),
	REG("r8", r8), REG("r9", r9), REG("r10", r10), REG("r11", r11),
	REG("r12", r12), REG("r13", r13), REG("r14", r14), REG("r15", r15),
	REG("ip", rip), REG("flags", eflags),
#undef REG
};

static int fail(const char *what)
{
	fprintf(stderr, "victim-ptrace-flip: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct user_regs_struct uregs;
	unsigned long long *value = NULL;
	unsigned long long mask, old;
	char *end;
	pid_t tid;
	int status;

	if (argc != 4) {
		fprintf(stderr, "usage: victim-ptrace-flip TID REG MASK\n");
		return 2;
	}
	tid = (pid_t)strtol(argv[1], &end, 10);
	if (*end || tid <= 0)
		return 2;
	errno = 0;
	mask = strtoull(argv[3], &end, 0);
	if (*end || errno)
		return 2;
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (!strcmp(argv[2], regs[i].name))
			value = (unsigned long long *)((char *)&uregs +
						       regs[i].offset);
	if (!value) {
		fprintf(stderr, "victim-ptrace-flip: unknown register %s\n",
			argv[2]);
		return 2;
	}

	if (ptrace(PTRACE_SEIZE, tid, 0, 0))
		return fail("PTRACE_SEIZE");
	if (ptrace(PTRACE_INTERRUPT, tid, 0, 0))
		return fail("PTRACE_INTERRUPT");
	if (waitpid(tid, &status, __WALL) != tid)
		return fail("waitpid");
	if (ptrace(PTRACE_GETREGS, tid, 0, &uregs))
		return fail("PTRACE_GETREGS");
	old = *value;
	*value ^= mask;
	if (ptrace(PTRACE_SETREGS, tid, 0, &uregs))
		return fail("PTRACE_SETREGS");
	if (ptrace(PTRACE_DETACH, tid, 0, 0))
		return fail("PTRACE_DETACH");
	printf("flipped tid=%d reg=%s old=0x%llx new=0x%llx\n", tid, argv[2],
	       old, old ^ mask);
	return 0;
}
