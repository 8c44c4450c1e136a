// SPDX-License-Identifier: GPL-2.0-only
/*
 * kfi-parent - run a command as our child and log every state change the
 * kernel notifies its parent of, to show that an injection did or did not
 * stop and continue the target.
 *
 * Usage: kfi-parent EVENTS-FILE CMD [ARGS...]
 * Appends one line per event to EVENTS-FILE: "stopped sig=N",
 * "continued", "exited status=N" or "killed sig=N"; returns when CMD ends.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	FILE *events;
	pid_t child;

	if (argc < 3) {
		fprintf(stderr, "usage: kfi-parent EVENTS-FILE CMD [ARGS...]\n");
		return 2;
	}
	events = fopen(argv[1], "a");
	if (!events) {
		perror("kfi-parent: events file");
		return 2;
	}
	setvbuf(events, NULL, _IOLBF, 0);
	child = fork();
	if (child < 0) {
		perror("kfi-parent: fork");
		return 2;
	}
	if (child == 0) {
		execvp(argv[2], argv + 2);
		perror("kfi-parent: exec");
		_exit(127);
	}
	for (;;) {
		siginfo_t info;

		memset(&info, 0, sizeof(info));
		if (waitid(P_PID, (id_t)child, &info,
			   WEXITED | WSTOPPED | WCONTINUED))
			return 2;
		switch (info.si_code) {
		case CLD_STOPPED:
			fprintf(events, "stopped sig=%d\n", info.si_status);
			break;
		case CLD_CONTINUED:
			fprintf(events, "continued\n");
			break;
		case CLD_EXITED:
			fprintf(events, "exited status=%d\n", info.si_status);
			return 0;
		default:
			fprintf(events, "killed sig=%d\n", info.si_status);
			return 0;
		}
	}
}
