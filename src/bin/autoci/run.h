/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run.h - the record of one autoci run: every event, and the totals.
 *
 * The supervisor appends events with autoci_run_add(), which also keeps the
 * counts, so the report's counts are the event log's by construction.
 * Times are nanoseconds since the run started (CLOCK_MONOTONIC).
 */
#ifndef AUTOCI_RUN_H
#define AUTOCI_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kfi.h"
#include "policy.h"

enum autoci_event_kind {
	AUTOCI_EV_START,		/* pid: the program started */
	AUTOCI_EV_FAULT,		/* rec: a register was changed */
	AUTOCI_EV_FAULT_FAILED,		/* err, detail: an injection failed */
	AUTOCI_EV_CHECKPOINT,		/* id: a checkpoint was taken */
	AUTOCI_EV_CHECKPOINT_FAILED,	/* id, err, detail */
	AUTOCI_EV_ROTATED,		/* id: deleted, more than -n existed */
	AUTOCI_EV_DISCARDED,		/* id: deleted, its retries used up */
	AUTOCI_EV_EXIT,			/* pid, status: the program ended */
	AUTOCI_EV_RESTORE,		/* id, attempt, pid, lost_ns */
	AUTOCI_EV_RESTORE_FAILED,	/* id, attempt, err, detail */
	AUTOCI_EV_TIMEOUT,		/* -t expired */
	AUTOCI_EV_SIGNAL,		/* status: the signal autoci got */
	AUTOCI_EV_FINISH,		/* the outcome is in the run */
};

#define AUTOCI_NR_EVENT_KINDS	(AUTOCI_EV_FINISH + 1)

struct autoci_event {
	enum autoci_event_kind kind;
	int64_t t_ns;			/* when it happened */
	int64_t duration_ns;		/* what it cost (faults, checkpoints, restores) */
	unsigned int id;		/* checkpoint id */
	unsigned int attempt;		/* restore attempt of that checkpoint */
	pid_t pid;
	int status;			/* EXIT: wait status; SIGNAL: signal */
	int err;			/* *_FAILED: errno */
	int64_t lost_ns;		/* RESTORE*: work to be redone */
	struct kfi_record rec;		/* FAULT, FAULT_FAILED (if it got a record) */
	char detail[200];		/* *_FAILED: why, for people */
};

struct autoci_run {
	uint64_t seed;
	const char *backend;		/* libkfi's backend in use, or NULL */
	const char *checkpointer;	/* "criu", "blcr", or NULL */

	int64_t total_ns;
	int64_t checkpoint_ns;		/* taken and failed checkpoints */
	int64_t inject_ns;
	int64_t restore_ns;		/* successful and failed restores */
	int64_t lost_ns;

	unsigned int nr_checkpoints;
	unsigned int nr_checkpoint_failures;
	unsigned int nr_faults;
	unsigned int nr_fault_failures;
	unsigned int nr_restores;
	unsigned int nr_restore_failures;
	unsigned int nr_discarded;
	unsigned int nr_rotated;
	unsigned int nr_exits;

	enum autoci_outcome outcome;
	int last_exit_status;		/* wait status of the last exit, or -1 */

	struct autoci_event *events;
	size_t nr_events;
	size_t events_room;
};

void autoci_run_init(struct autoci_run *run);
void autoci_run_free(struct autoci_run *run);

/* Append *ev and count it.  Returns 0, or -1 with ENOMEM. */
int autoci_run_add(struct autoci_run *run, const struct autoci_event *ev);

/* total_ns minus checkpointing, injecting and restoring; never < 0. */
int64_t autoci_run_running_ns(const struct autoci_run *run);

/* Share of total_ns in percent, 0 when total_ns is 0. */
double autoci_share_percent(int64_t part_ns, int64_t total_ns);

/*
 * The checkpoint interval Young's formula suggests, sqrt(2 * C * M) with C
 * the mean cost of a checkpoint and M the mean time between faults, in ns;
 * -1 when it cannot be computed (no checkpoint taken, or no faults
 * configured).
 */
int64_t autoci_young_interval_ns(int64_t mean_checkpoint_ns,
				 int64_t mean_fault_ns);

const char *autoci_event_name(enum autoci_event_kind kind);

#endif /* AUTOCI_RUN_H */
