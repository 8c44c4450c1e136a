// SPDX-License-Identifier: GPL-2.0-only
/* run.c - the event log and totals of a run. */
#include "run.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void autoci_run_init(struct autoci_run *run)
{
	memset(run, 0, sizeof(*run));
	run->outcome = AUTOCI_OUTCOME_RUNNING;
	run->last_exit_status = -1;
}

void autoci_run_free(struct autoci_run *run)
{
	free(run->events);
	run->events = NULL;
	run->nr_events = 0;
	run->events_room = 0;
}

static void count(struct autoci_run *run, const struct autoci_event *ev)
{
	switch (ev->kind) {
	case AUTOCI_EV_FAULT:
		run->nr_faults++;
		run->inject_ns += ev->duration_ns;
		break;
	case AUTOCI_EV_FAULT_FAILED:
		run->nr_fault_failures++;
		run->inject_ns += ev->duration_ns;
		break;
	case AUTOCI_EV_CHECKPOINT:
		run->nr_checkpoints++;
		run->checkpoint_ns += ev->duration_ns;
		break;
	case AUTOCI_EV_CHECKPOINT_FAILED:
		run->nr_checkpoint_failures++;
		run->checkpoint_ns += ev->duration_ns;
		break;
	case AUTOCI_EV_ROTATED:
		run->nr_rotated++;
		break;
	case AUTOCI_EV_DISCARDED:
		run->nr_discarded++;
		break;
	case AUTOCI_EV_EXIT:
		run->nr_exits++;
		run->last_exit_status = ev->status;
		break;
	case AUTOCI_EV_RESTORE:
		run->nr_restores++;
		run->restore_ns += ev->duration_ns;
		run->lost_ns += ev->lost_ns;
		break;
	case AUTOCI_EV_RESTORE_FAILED:
		run->nr_restore_failures++;
		run->restore_ns += ev->duration_ns;
		run->lost_ns += ev->lost_ns;
		break;
	case AUTOCI_EV_START:
	case AUTOCI_EV_TIMEOUT:
	case AUTOCI_EV_SIGNAL:
	case AUTOCI_EV_FINISH:
		break;
	}
}

int autoci_run_add(struct autoci_run *run, const struct autoci_event *ev)
{
	if (run->nr_events == run->events_room) {
		size_t room = run->events_room ? 2 * run->events_room : 64;
		struct autoci_event *events;

		events = realloc(run->events, room * sizeof(*events));
		if (!events) {
			errno = ENOMEM;
			return -1;
		}
		run->events = events;
		run->events_room = room;
	}
	run->events[run->nr_events++] = *ev;
	count(run, ev);
	return 0;
}

int64_t autoci_run_running_ns(const struct autoci_run *run)
{
	int64_t running = run->total_ns - run->checkpoint_ns - run->inject_ns -
			  run->restore_ns;

	return running > 0 ? running : 0;
}

double autoci_share_percent(int64_t part_ns, int64_t total_ns)
{
	if (total_ns <= 0)
		return 0.0;
	return 100.0 * (double)part_ns / (double)total_ns;
}

int64_t autoci_young_interval_ns(int64_t mean_checkpoint_ns,
				 int64_t mean_fault_ns)
{
	double interval;

	if (mean_checkpoint_ns <= 0 || mean_fault_ns <= 0)
		return -1;
	interval = sqrt(2.0 * (double)mean_checkpoint_ns * (double)mean_fault_ns);
	return (int64_t)llround(interval);
}

const char *autoci_event_name(enum autoci_event_kind kind)
{
	static const char *const names[AUTOCI_NR_EVENT_KINDS] = {
		[AUTOCI_EV_START] = "start",
		[AUTOCI_EV_FAULT] = "fault",
		[AUTOCI_EV_FAULT_FAILED] = "fault_failed",
		[AUTOCI_EV_CHECKPOINT] = "checkpoint",
		[AUTOCI_EV_CHECKPOINT_FAILED] = "checkpoint_failed",
		[AUTOCI_EV_ROTATED] = "checkpoint_rotated",
		[AUTOCI_EV_DISCARDED] = "checkpoint_discarded",
		[AUTOCI_EV_EXIT] = "exit",
		[AUTOCI_EV_RESTORE] = "restore",
		[AUTOCI_EV_RESTORE_FAILED] = "restore_failed",
		[AUTOCI_EV_TIMEOUT] = "timeout",
		[AUTOCI_EV_SIGNAL] = "signal",
		[AUTOCI_EV_FINISH] = "finish",
	};

	if ((unsigned int)kind >= AUTOCI_NR_EVENT_KINDS)
		return "unknown";
	return names[kind];
}
