// SPDX-License-Identifier: GPL-2.0-only
/*
 * ckpt_blcr.c - checkpoints with BLCR's tools, where they still exist.
 *
 * The ancestor's way: the program runs under cr_run, cr_checkpoint writes
 * one context file, cr_restart brings it back.  cr_restart stays the
 * parent of the restarted process and exits with its status, so it is
 * the process autoci waits for.  BLCR's module does not build on current
 * kernels, so this is used only where cr_checkpoint and cr_restart exist.
 */
#include "checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int have(const char *tool)
{
	char *argv[] = { "sh", "-c", NULL, NULL };
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	argv[2] = cmd;
	return autoci_run_command(argv) == 0;
}

static int blcr_probe(char *err, size_t err_len)
{
	if (!have("cr_checkpoint") || !have("cr_restart") || !have("cr_run")) {
		snprintf(err, err_len,
			 "blcr: cr_checkpoint, cr_restart or cr_run not found (BLCR does not run on current kernels; use --checkpointer criu)");
		return -1;
	}
	return 0;
}

static int blcr_dump(pid_t pid, const char *dir, char *err, size_t err_len)
{
	char file[4096], pidbuf[16];
	char *argv[] = { "cr_checkpoint", "-f", file, pidbuf, NULL };
	int status;

	snprintf(file, sizeof(file), "%s/context", dir);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	status = autoci_run_command(argv);
	if (status != 0) {
		snprintf(err, err_len, "cr_checkpoint failed (status %d)",
			 status);
		return -1;
	}
	return 0;
}

static pid_t blcr_restore(const char *dir, char *err, size_t err_len)
{
	char file[4096];
	char *argv[] = { "cr_restart", "--no-restore-pid", "-f", file, NULL };
	posix_spawnattr_t attr;
	sigset_t none;
	pid_t pid;
	int ret;

	snprintf(file, sizeof(file), "%s/context", dir);
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSID);
	ret = posix_spawnp(&pid, argv[0], NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (ret) {
		snprintf(err, err_len, "cr_restart: %s", strerror(ret));
		return -1;
	}
	return pid;
}

const struct autoci_ckpt_ops autoci_ckpt_blcr = {
	.name = "blcr",
	.exec_wrapper = "cr_run",
	.probe = blcr_probe,
	.dump = blcr_dump,
	.restore = blcr_restore,
};
