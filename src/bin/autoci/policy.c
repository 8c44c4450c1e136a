// SPDX-License-Identifier: GPL-2.0-only
/* policy.c - the retry/fallback state machine (see policy.h). */
#include "policy.h"

#include <string.h>

const char *autoci_outcome_name(enum autoci_outcome outcome)
{
	switch (outcome) {
	case AUTOCI_OUTCOME_RUNNING:
		return "running";
	case AUTOCI_OUTCOME_SUCCESS:
		return "success";
	case AUTOCI_OUTCOME_GAVE_UP:
		return "gave up";
	case AUTOCI_OUTCOME_TIMEOUT:
		return "timeout";
	case AUTOCI_OUTCOME_INTERRUPTED:
		return "interrupted";
	case AUTOCI_OUTCOME_ERROR:
		return "error";
	}
	return "unknown";
}

void autoci_policy_init(struct autoci_policy *p, unsigned int keep,
			unsigned int retries)
{
	memset(p, 0, sizeof(*p));
	if (keep < 1)
		keep = 1;
	if (keep > AUTOCI_MAX_KEEP)
		keep = AUTOCI_MAX_KEEP;
	p->keep = keep;
	p->retries = retries;
	p->outcome = AUTOCI_OUTCOME_RUNNING;
}

static void emit(struct autoci_actions *out, enum autoci_action_kind kind,
		 unsigned int id, unsigned int attempt,
		 enum autoci_outcome outcome)
{
	struct autoci_action *a = &out->a[out->n++];

	a->kind = kind;
	a->id = id;
	a->attempt = attempt;
	a->outcome = outcome;
}

static void finish(struct autoci_policy *p, struct autoci_actions *out,
		   enum autoci_outcome outcome)
{
	p->outcome = outcome;
	emit(out, AUTOCI_ACT_FINISH, 0, 0, outcome);
}

static void drop_oldest(struct autoci_policy *p)
{
	memmove(&p->slots[0], &p->slots[1],
		(p->count - 1) * sizeof(p->slots[0]));
	p->count--;
}

static void checkpointed(struct autoci_policy *p, unsigned int id,
			 struct autoci_actions *out)
{
	if (p->count == p->keep) {
		emit(out, AUTOCI_ACT_ROTATE, p->slots[0].id, 0, 0);
		drop_oldest(p);
	}
	p->slots[p->count].id = id;
	p->slots[p->count].restores = 0;
	p->count++;
}

static void failed(struct autoci_policy *p, struct autoci_actions *out)
{
	while (p->count > 0) {
		struct autoci_policy_slot *newest = &p->slots[p->count - 1];

		if (newest->restores < p->retries) {
			newest->restores++;
			emit(out, AUTOCI_ACT_RESTORE, newest->id,
			     newest->restores, 0);
			return;
		}
		emit(out, AUTOCI_ACT_DISCARD, newest->id, 0, 0);
		p->count--;
	}
	finish(p, out, AUTOCI_OUTCOME_GAVE_UP);
}

void autoci_policy_step(struct autoci_policy *p, enum autoci_policy_event ev,
			unsigned int id, struct autoci_actions *out)
{
	out->n = 0;
	if (p->outcome != AUTOCI_OUTCOME_RUNNING)
		return;

	switch (ev) {
	case AUTOCI_PEV_CHECKPOINTED:
		checkpointed(p, id, out);
		break;
	case AUTOCI_PEV_EXITED_OK:
		finish(p, out, AUTOCI_OUTCOME_SUCCESS);
		break;
	case AUTOCI_PEV_FAILED:
		failed(p, out);
		break;
	case AUTOCI_PEV_TIMEOUT:
		finish(p, out, AUTOCI_OUTCOME_TIMEOUT);
		break;
	case AUTOCI_PEV_INTERRUPTED:
		finish(p, out, AUTOCI_OUTCOME_INTERRUPTED);
		break;
	case AUTOCI_PEV_ERROR:
		finish(p, out, AUTOCI_OUTCOME_ERROR);
		break;
	}
}

unsigned int autoci_policy_checkpoints(const struct autoci_policy *p,
				       unsigned int *ids, unsigned int room)
{
	unsigned int i;

	for (i = 0; i < p->count && i < room; i++)
		ids[i] = p->slots[i].id;
	return p->count;
}
