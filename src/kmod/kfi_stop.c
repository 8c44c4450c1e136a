// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stop method, the ancestor's sequence done carefully:
 * SIGSTOP the process, wait (bounded) until the thread is stopped and off
 * its CPU, change its saved user registers, SIGCONT.  A process that was
 * stopped already is neither signalled nor continued.
 */
#include <linux/delay.h>
#include <linux/hash.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
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

/*
 * One stop injection at a time per process: another injector's SIGCONT
 * would otherwise let the target run while this one changes its saved
 * registers, and the change would be lost though reported made.  Hashed by
 * the process's signal_struct: a few locks, no global one.
 */
#define KFI_STOP_LOCK_BITS	4
static struct mutex kfi_stop_locks[1 << KFI_STOP_LOCK_BITS];

void kfi_stop_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kfi_stop_locks); i++)
		mutex_init(&kfi_stop_locks[i]);
}

static struct mutex *kfi_stop_lock(struct task_struct *task)
{
	return &kfi_stop_locks[hash_ptr(task->signal, KFI_STOP_LOCK_BITS)];
}

static int kfi_stop_inject(struct kfi_file *kf, struct kfi_target *tgt,
			   struct kfi_job *job, s64 timeout_ns)
{
	struct task_struct *task = tgt->task;
	struct mutex *lock;	/* this process's stop injections, one at a time */
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

	lock = kfi_stop_lock(task);
	if (mutex_lock_interruptible(lock))
		return -EINTR;
	was_stopped = task_is_stopped(task);
	if (was_stopped) {
		job->rec.flags |= KFI_RECORD_WAS_STOPPED;
	} else {
		ret = kill_pid(tgt->tgid, SIGSTOP, 1);
		if (ret)
			goto unlock;
	}

	ret = kfi_wait_parked(task, timeout_ns);
	if (!ret)
		kfi_job_apply(job, task, task_pt_regs(task));

	if (!was_stopped)
		kill_pid(tgt->tgid, SIGCONT, 1);
	if (ret)
		job->rec.status = ret;
	else
		ret = job->rec.status;
unlock:
	mutex_unlock(lock);
	return ret;
}

const struct kfi_method_ops kfi_stop_ops = {
	.name = "stop",
	.inject = kfi_stop_inject,
};
