// SPDX-License-Identifier: GPL-2.0-only
/* checkpoint.c - what the checkpoint engines share. */
#include "checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const struct autoci_ckpt_ops *autoci_ckpt_engine(enum autoci_checkpointer c)
{
	return c == AUTOCI_CKPT_BLCR ? &autoci_ckpt_blcr : &autoci_ckpt_criu;
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

int autoci_remove_tree(const char *path)
{
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void autoci_log_last_error(const char *log, char *buf, size_t len)
{
	char line[512], last[512] = "", prev[512] = "";
	FILE *f = fopen(log, "r");

	snprintf(buf, len, "no details (see %s)", log);
	if (!f)
		return;
	/* The last error is only "Dumping FAILED": keep the one before too. */
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "Error"))
			continue;
		line[strcspn(line, "\n")] = '\0';
		memcpy(prev, last, sizeof(prev));
		snprintf(last, sizeof(last), "%s", line);
	}
	if (last[0])
		snprintf(buf, len, "%s%s%s (log: %s)", prev, prev[0] ? "; " : "",
			 last, log);
	fclose(f);
}

int autoci_run_command(char *const argv[])
{
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	sigset_t none;
	pid_t pid;
	int status, err;

	/* The child gets a clean signal mask, not the supervisor's. */
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
	err = posix_spawnp(&pid, argv[0], &actions, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attr);
	if (err) {
		errno = err;
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return status;
}
