// SPDX-License-Identifier: GPL-2.0-only
/* The retry/fallback policy, every path: success, retry, fall back, give up. */
#include <criterion/criterion.h>

#include "policy.h"

static struct autoci_policy p;
static struct autoci_actions acts;

static void step(enum autoci_policy_event ev, unsigned int id)
{
	autoci_policy_step(&p, ev, id, &acts);
}

static void expect(unsigned int i, enum autoci_action_kind kind,
		   unsigned int id, unsigned int attempt)
{
	cr_assert_gt(acts.n, i, "only %u actions", acts.n);
	cr_assert_eq(acts.a[i].kind, kind, "action %u: kind %d", i,
		     acts.a[i].kind);
	cr_assert_eq(acts.a[i].id, id, "action %u: id %u", i, acts.a[i].id);
	cr_assert_eq(acts.a[i].attempt, attempt, "action %u: attempt %u", i,
		     acts.a[i].attempt);
}

static void expect_finish(unsigned int i, enum autoci_outcome outcome)
{
	cr_assert_gt(acts.n, i);
	cr_assert_eq(acts.a[i].kind, AUTOCI_ACT_FINISH);
	cr_assert_eq(acts.a[i].outcome, outcome);
	cr_assert_eq(p.outcome, outcome);
}

Test(policy, success_finishes)
{
	autoci_policy_init(&p, 3, 3);
	step(AUTOCI_PEV_CHECKPOINTED, 1);
	cr_assert_eq(acts.n, 0);
	step(AUTOCI_PEV_EXITED_OK, 0);
	cr_assert_eq(acts.n, 1);
	expect_finish(0, AUTOCI_OUTCOME_SUCCESS);
}

Test(policy, nothing_after_the_finish)
{
	autoci_policy_init(&p, 3, 3);
	step(AUTOCI_PEV_EXITED_OK, 0);
	step(AUTOCI_PEV_CHECKPOINTED, 1);
	cr_assert_eq(acts.n, 0);
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 0);
	step(AUTOCI_PEV_TIMEOUT, 0);
	cr_assert_eq(acts.n, 0);
	cr_assert_eq(p.outcome, AUTOCI_OUTCOME_SUCCESS);
}

Test(policy, failure_without_checkpoint_gives_up)
{
	autoci_policy_init(&p, 3, 3);
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 1);
	expect_finish(0, AUTOCI_OUTCOME_GAVE_UP);
}

Test(policy, retries_then_falls_back_then_gives_up)
{
	autoci_policy_init(&p, 3, 2);
	step(AUTOCI_PEV_CHECKPOINTED, 1);
	step(AUTOCI_PEV_CHECKPOINTED, 2);

	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 1);
	expect(0, AUTOCI_ACT_RESTORE, 2, 1);
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 1);
	expect(0, AUTOCI_ACT_RESTORE, 2, 2);

	/* Checkpoint 2 is used up: discard it, try the older one. */
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 2);
	expect(0, AUTOCI_ACT_DISCARD, 2, 0);
	expect(1, AUTOCI_ACT_RESTORE, 1, 1);
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 1);
	expect(0, AUTOCI_ACT_RESTORE, 1, 2);

	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 2);
	expect(0, AUTOCI_ACT_DISCARD, 1, 0);
	expect_finish(1, AUTOCI_OUTCOME_GAVE_UP);
	cr_assert_eq(autoci_policy_checkpoints(&p, NULL, 0), 0);
}

Test(policy, restore_that_recovers_then_succeeds)
{
	autoci_policy_init(&p, 3, 3);
	step(AUTOCI_PEV_CHECKPOINTED, 1);
	step(AUTOCI_PEV_FAILED, 0);
	expect(0, AUTOCI_ACT_RESTORE, 1, 1);
	step(AUTOCI_PEV_EXITED_OK, 0);
	expect_finish(0, AUTOCI_OUTCOME_SUCCESS);
}

Test(policy, a_new_checkpoint_has_fresh_retries)
{
	autoci_policy_init(&p, 3, 1);
	step(AUTOCI_PEV_CHECKPOINTED, 1);
	step(AUTOCI_PEV_FAILED, 0);
	expect(0, AUTOCI_ACT_RESTORE, 1, 1);
	/* The restored program got further and was checkpointed again. */
	step(AUTOCI_PEV_CHECKPOINTED, 2);
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 1);
	expect(0, AUTOCI_ACT_RESTORE, 2, 1);
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 3);
	expect(0, AUTOCI_ACT_DISCARD, 2, 0);
	/* Checkpoint 1 used its only retry already. */
	expect(1, AUTOCI_ACT_DISCARD, 1, 0);
	expect_finish(2, AUTOCI_OUTCOME_GAVE_UP);
}

Test(policy, keeps_only_the_newest)
{
	unsigned int ids[8];

	autoci_policy_init(&p, 2, 3);
	step(AUTOCI_PEV_CHECKPOINTED, 1);
	cr_assert_eq(acts.n, 0);
	step(AUTOCI_PEV_CHECKPOINTED, 2);
	cr_assert_eq(acts.n, 0);
	step(AUTOCI_PEV_CHECKPOINTED, 3);
	cr_assert_eq(acts.n, 1);
	expect(0, AUTOCI_ACT_ROTATE, 1, 0);
	step(AUTOCI_PEV_CHECKPOINTED, 4);
	expect(0, AUTOCI_ACT_ROTATE, 2, 0);
	cr_assert_eq(autoci_policy_checkpoints(&p, ids, 8), 2);
	cr_assert_eq(ids[0], 3);
	cr_assert_eq(ids[1], 4);
}

Test(policy, zero_retries_never_restores)
{
	autoci_policy_init(&p, 1, 0);
	step(AUTOCI_PEV_CHECKPOINTED, 1);
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, 2);
	expect(0, AUTOCI_ACT_DISCARD, 1, 0);
	expect_finish(1, AUTOCI_OUTCOME_GAVE_UP);
}

Test(policy, timeout_interrupt_and_error_finish)
{
	static const struct {
		enum autoci_policy_event ev;
		enum autoci_outcome outcome;
	} cases[] = {
		{ AUTOCI_PEV_TIMEOUT, AUTOCI_OUTCOME_TIMEOUT },
		{ AUTOCI_PEV_INTERRUPTED, AUTOCI_OUTCOME_INTERRUPTED },
		{ AUTOCI_PEV_ERROR, AUTOCI_OUTCOME_ERROR },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		autoci_policy_init(&p, 3, 3);
		step(AUTOCI_PEV_CHECKPOINTED, 1);
		step(cases[i].ev, 0);
		cr_assert_eq(acts.n, 1);
		expect_finish(0, cases[i].outcome);
	}
}

Test(policy, keep_is_clamped)
{
	autoci_policy_init(&p, 0, 3);
	cr_assert_eq(p.keep, 1);
	autoci_policy_init(&p, 1000, 3);
	cr_assert_eq(p.keep, AUTOCI_MAX_KEEP);
	for (unsigned int id = 1; id <= AUTOCI_MAX_KEEP + 1; id++)
		step(AUTOCI_PEV_CHECKPOINTED, id);
	expect(0, AUTOCI_ACT_ROTATE, 1, 0);
	/* Falling back through all 64 with no retries fits in one step. */
	p.retries = 0;
	step(AUTOCI_PEV_FAILED, 0);
	cr_assert_eq(acts.n, AUTOCI_MAX_KEEP + 1);
	expect(0, AUTOCI_ACT_DISCARD, AUTOCI_MAX_KEEP + 1, 0);
	expect(AUTOCI_MAX_KEEP - 1, AUTOCI_ACT_DISCARD, 2, 0);
	expect_finish(AUTOCI_MAX_KEEP, AUTOCI_OUTCOME_GAVE_UP);
}

Test(policy, outcome_names)
{
	cr_assert_str_eq(autoci_outcome_name(AUTOCI_OUTCOME_SUCCESS), "success");
	cr_assert_str_eq(autoci_outcome_name(AUTOCI_OUTCOME_GAVE_UP), "gave up");
	cr_assert_str_eq(autoci_outcome_name(AUTOCI_OUTCOME_TIMEOUT), "timeout");
	cr_assert_str_eq(autoci_outcome_name(AUTOCI_OUTCOME_INTERRUPTED),
			 "interrupted");
	cr_assert_str_eq(autoci_outcome_name(AUTOCI_OUTCOME_ERROR), "error");
	cr_assert_str_eq(autoci_outcome_name((enum autoci_outcome)99), "unknown");
}
