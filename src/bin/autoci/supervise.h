/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * supervise.h - the supervisor: runs the program and, around it, the fault
 * schedule, the checkpoints and the restores, until there is an outcome.
 *
 * One poll() loop waits on the program (a pidfd), the output files
 * (inotify), libkfi's descriptor (asynchronous injection records), a
 * signalfd (SIGINT, SIGTERM) and the next deadline.  Injections and dumps
 * never overlap: a checkpoint that falls due while an injection is in
 * flight waits for its record, and nothing is injected during a dump.
 */
#ifndef AUTOCI_SUPERVISE_H
#define AUTOCI_SUPERVISE_H

#include "options.h"
#include "run.h"

/*
 * Run cfg's program to an outcome, filling *run (which the caller has
 * initialised and reports).  Returns autoci's exit status.
 */
int autoci_supervise(const struct autoci_config *cfg, struct autoci_run *run);

#endif /* AUTOCI_SUPERVISE_H */
