/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * checkpoint.h - the checkpoint engines behind one interface.
 *
 * An engine dumps a running process into a directory, leaving it running,
 * and restores a directory so that the process comes back as a child of
 * the caller (the caller has reaped the dead one, so its pid is free).
 * Engines: criu (libcriu) and blcr (cr_checkpoint/cr_restart, only where
 * they exist: BLCR does not run on current kernels).
 */
#ifndef AUTOCI_CHECKPOINT_H
#define AUTOCI_CHECKPOINT_H

#include <stddef.h>
#include <sys/types.h>

#include "options.h"

struct autoci_ckpt_ops {
	const char *name;
	/* A program to exec the real one under (BLCR's cr_run), or NULL. */
	const char *exec_wrapper;
	/* 0 if the engine can work here; else -1 and why in err. */
	int (*probe)(char *err, size_t err_len);
	/* Dump pid (and its children) into dir, leaving it running. */
	int (*dump)(pid_t pid, const char *dir, char *err, size_t err_len);
	/* Restore dir; returns the restored process's pid (our child) or -1. */
	pid_t (*restore)(const char *dir, char *err, size_t err_len);
};

extern const struct autoci_ckpt_ops autoci_ckpt_criu;
extern const struct autoci_ckpt_ops autoci_ckpt_blcr;

const struct autoci_ckpt_ops *autoci_ckpt_engine(enum autoci_checkpointer c);

/* rm -r path (a checkpoint directory); 0, or -1 with errno set. */
int autoci_remove_tree(const char *path);

/* The last two lines of log that mention "Error", as one line. */
void autoci_log_last_error(const char *log, char *buf, size_t len);

/* Run argv (found in PATH) and wait for it; its exit status, or -1. */
int autoci_run_command(char *const argv[]);

#endif /* AUTOCI_CHECKPOINT_H */
