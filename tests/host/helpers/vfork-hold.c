// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vfork-hold SECS - a process that cannot be stopped for a while: its
 * parent waits in vfork() (a killable, not interruptible, sleep that
 * PTRACE_INTERRUPT cannot end) until the child exits after SECS seconds,
 * then sleeps interruptibly for a minute.  Prints "holding PID" first and
 * "released" once vfork() returned.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec hold = { .tv_sec = argc > 1 ? atoi(argv[1]) : 2 };
	pid_t child;

	printf("holding %d\n", (int)getpid());
	fflush(stdout);
	child = vfork();
	if (child == 0) {
		/* only async-signal-safe calls until _exit */
		nanosleep(&hold, NULL);
		_exit(0);
	}
	if (child < 0)
		return 1;
	printf("released\n");
	fflush(stdout);
	sleep(60);
	return 0;
}
