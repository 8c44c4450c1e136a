/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * policy.h - what to do when the program fails: the retry/fallback rules.
 *
 * A pure state machine: the supervisor feeds it events (a checkpoint was
 * taken, the program failed, ...) and carries out the actions it returns.
 * It does no I/O and keeps no time, so every path is unit-tested.
 *
 * The rules (the ancestor's): keep the `keep` newest checkpoints; when the
 * program fails, restore the newest one; each checkpoint is restored at
 * most `retries` times, then discarded in favour of the next older one;
 * when none is left, give up.  A failed restore counts as a failure of the
 * checkpoint it tried.
 */
#ifndef AUTOCI_POLICY_H
#define AUTOCI_POLICY_H

#include <stdbool.h>

#define AUTOCI_MAX_KEEP		64

enum autoci_outcome {
	AUTOCI_OUTCOME_RUNNING = 0,
	AUTOCI_OUTCOME_SUCCESS,		/* the program exited 0 */
	AUTOCI_OUTCOME_GAVE_UP,		/* failed, and no checkpoint was left */
	AUTOCI_OUTCOME_TIMEOUT,		/* -t expired */
	AUTOCI_OUTCOME_INTERRUPTED,	/* SIGINT or SIGTERM */
	AUTOCI_OUTCOME_ERROR,		/* autoci itself could not go on */
};

const char *autoci_outcome_name(enum autoci_outcome outcome);

enum autoci_policy_event {
	AUTOCI_PEV_CHECKPOINTED,	/* id: a new checkpoint exists */
	AUTOCI_PEV_EXITED_OK,		/* the program exited 0 */
	AUTOCI_PEV_FAILED,		/* it failed, or a restore of it did */
	AUTOCI_PEV_TIMEOUT,
	AUTOCI_PEV_INTERRUPTED,
	AUTOCI_PEV_ERROR,
};

enum autoci_action_kind {
	AUTOCI_ACT_ROTATE,	/* delete checkpoint id: more than keep exist */
	AUTOCI_ACT_DISCARD,	/* delete checkpoint id: its retries are used up */
	AUTOCI_ACT_RESTORE,	/* restore checkpoint id (attempt `attempt`) */
	AUTOCI_ACT_FINISH,	/* stop, delete every checkpoint, report */
};

struct autoci_action {
	enum autoci_action_kind kind;
	unsigned int id;
	unsigned int attempt;		/* RESTORE: 1 .. retries */
	enum autoci_outcome outcome;	/* FINISH */
};

struct autoci_actions {
	unsigned int n;
	struct autoci_action a[AUTOCI_MAX_KEEP + 1];
};

struct autoci_policy_slot {
	unsigned int id;
	unsigned int restores;
};

struct autoci_policy {
	unsigned int keep;
	unsigned int retries;
	unsigned int count;	/* slots in use, oldest first */
	struct autoci_policy_slot slots[AUTOCI_MAX_KEEP];
	enum autoci_outcome outcome;
};

/* keep is clamped to 1 .. AUTOCI_MAX_KEEP (the options reject the rest). */
void autoci_policy_init(struct autoci_policy *p, unsigned int keep,
			unsigned int retries);

/*
 * Feed one event; fills *out with the actions to take, in order.  Once a
 * FINISH was returned, every later event returns nothing.
 */
void autoci_policy_step(struct autoci_policy *p, enum autoci_policy_event ev,
			unsigned int id, struct autoci_actions *out);

/* The ids of the checkpoints the policy still holds, oldest first. */
unsigned int autoci_policy_checkpoints(const struct autoci_policy *p,
				       unsigned int *ids, unsigned int room);

#endif /* AUTOCI_POLICY_H */
