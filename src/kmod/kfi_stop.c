// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stop method, the ancestor's sequence done carefully:
 * SIGSTOP the process, wait (bounded) until the thread is stopped and off
 * its CPU, change its saved user registers, SIGCONT.  A process that was
 * stopped already is neither signalled nor continued.
 */
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/signal.h>

#include "kfi.h"

/*
 * Stopped and no longer running: its user registers are saved in
 * task_pt_regs() and stay put until it is continued or killed.
 * (wait_task_inactive() and task_curr() are not exported; on_cpu is what
 * they look at, and it is cleared once the switch away is complete.)
 */
static bool kfi_thread_parked(struct task_struct *task)
{
	if (!task_is_stopped(task))
		return false;
#ifdef CONFIG_SMP
	if (READ_ONCE(task->on_cpu))
		return false;
#endif
	return true;
}

static int kfi_wait_parked(struct task_struct *task, s64 timeout_ns)
{
	ktime_t deadline = ktime_add_ns(ktime_get(), timeout_ns);

	for (;;) {
		if (task->exit_state || (READ_ONCE(task->flags) & PF_EXITING))
			return -ESRCH;
		if (kfi_thread_parked(task))
			return 0;
		if (signal_pending(current))
			return -EINTR;
		if (ktime_after(ktime_get(), deadline))
			return -ETIMEDOUT;
		usleep_range(20, 100);
	}
}

static int kfi_stop_inject(struct kfi_file *kf, struct kfi_target *tgt,
			   struct kfi_job *job, s64 timeout_ns)
{
	struct task_struct *task = tgt->task;
	bool was_stopped;
	int ret;

	/* Stopping our own process would stop us before we could continue it. */
	if (same_thread_group(task, current))
		return -EDEADLK;
	/* A tracer owns a traced thread's stops and registers. */
	if (READ_ONCE(task->ptrace))
		return -EBUSY;
	if (timeout_ns == KFI_TIMEOUT_DEFAULT)
		timeout_ns = KFI_TIMEOUT_DEFAULT_NS;

	was_stopped = task_is_stopped(task);
	if (was_stopped) {
		job->rec.flags |= KFI_RECORD_WAS_STOPPED;
	} else {
		ret = kill_pid(tgt->tgid, SIGSTOP, 1);
		if (ret)
			return ret;
	}

	ret = kfi_wait_parked(task, timeout_ns);
	if (!ret)
		kfi_job_apply(job, task, task_pt_regs(task));

	if (!was_stopped)
		kill_pid(tgt->tgid, SIGCONT, 1);
	if (ret)
		job->rec.status = ret;
	return ret ? ret : job->rec.status;
}

const struct kfi_method_ops kfi_stop_ops = {
	.name = "stop",
	.inject = kfi_stop_inject,
};
