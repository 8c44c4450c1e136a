// SPDX-License-Identifier: GPL-2.0-only
/*
 * kfi-exec-stall - hold a child at the entry of its execve(), so that a
 * request queued then is pending across the exec: the module must not
 * change a register of the new program (it may be setuid, or of another
 * kind, and the caller was only allowed the old one).
 *
 * Usage: kfi-exec-stall GO-FILE PROGRAM [ARGS...]
 * Forks a child that stops itself under ptrace and then calls
 * execve(PROGRAM, ARGS); stops it again at the system-call entry of that
 * execve, prints "at-exec pid=PID" on stdout, waits until GO-FILE exists,
 * lets it go (detaches) and reaps it: prints "exited status=N" or
 * "killed sig=N" and exits 0, or 2 on a setup error.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fail(const char *what)
{
	perror(what);
	return 2;
}

int main(int argc, char **argv)
{
	struct user_regs_struct regs;
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	pid_t child;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: kfi-exec-stall GO-FILE PROGRAM [ARGS...]\n");
		return 2;
	}
	child = fork();
	if (child < 0)
		return fail("kfi-exec-stall: fork");
	if (child == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(126);
		raise(SIGSTOP);
		execv(argv[2], argv + 2);
		_exit(127);
	}
	if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
		return fail("kfi-exec-stall: first stop");
	/* run to the next system-call entry: raise()'s return, then execve */
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, child, NULL, NULL))
			return fail("kfi-exec-stall: PTRACE_SYSCALL");
		if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
			return fail("kfi-exec-stall: syscall stop");
		if (ptrace(PTRACE_GETREGS, child, NULL, &regs))
			return fail("kfi-exec-stall: GETREGS");
		/* an entry stop has rax = -ENOSYS; the exit stop of raise not */
		if (regs.orig_rax == SYS_execve && (long)regs.rax == -38)
			break;
	}
	printf("at-exec pid=%d\n", (int)child);
	fflush(stdout);
	while (access(argv[1], F_OK))
		nanosleep(&tick, NULL);
	if (ptrace(PTRACE_DETACH, child, NULL, NULL))
		return fail("kfi-exec-stall: DETACH");
	if (waitpid(child, &status, 0) != child)
		return fail("kfi-exec-stall: waitpid");
	if (WIFEXITED(status))
		printf("exited status=%d\n", WEXITSTATUS(status));
	else
		printf("killed sig=%d\n", WTERMSIG(status));
	return 0;
}
