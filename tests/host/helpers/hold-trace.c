// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hold-trace PID - stay PID's tracer (PTRACE_SEIZE, no stop) until stdin
 * reaches end of file.  Prints "tracing PID" once attached.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/types.h>

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc != 2)
		return 2;
	pid = (pid_t)atoi(argv[1]);
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL)) {
		perror("hold-trace: PTRACE_SEIZE");
		return 1;
	}
	printf("tracing %d\n", (int)pid);
	fflush(stdout);
	while (getchar() != EOF)
		;
	return 0;
}
