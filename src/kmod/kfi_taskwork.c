// SPDX-License-Identifier: GPL-2.0-only
/*
 * The taskwork method: the target thread changes its own
 * saved user registers in a task_work, on its next return to user mode,
 * after signal handling and syscall-restart fix-ups are done.
 *
 * A request is shared by the requester (the waiter, or for an async request
 * the open file's pending list) and the queued work: it is refcounted, and
 * the two race for its state once:
 *
 *   PENDING -> CLAIMED -> DONE   the work got there first and ran
 *   PENDING -> CANCELLED         the waiter timed out or got a signal, or
 *                                the file was closed: the work, whenever
 *                                the task runs it, does nothing
 *
 * task_work_cancel() is not exported, hence the state: a cancelled request
 * stays queued in the task and is a no-op when it runs.
 */
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/ptrace.h>

#include "kfi.h"

enum kfi_req_state {
	KFI_REQ_PENDING,
	KFI_REQ_CLAIMED,
	KFI_REQ_DONE,
	KFI_REQ_CANCELLED,
};

static void kfi_taskwork_func(struct callback_head *head);

/*
 * The last reference: the file's own synchronous request is free again,
 * any other is freed.  Then the request's reference on the file goes.
 */
static void kfi_request_put(struct kfi_request *req)
{
	struct kfi_file *kf = req->kf;

	if (!refcount_dec_and_test(&req->ref))
		return;
	if (req == &kf->sync_req)
		clear_bit_unlock(KFI_FILE_SYNC_BUSY, &kf->flags);
	else
		kfree(req);
	kfi_file_put(kf);
}

/* A request of kf with two references (requester and work), or NULL. */
static struct kfi_request *kfi_request_new(struct kfi_file *kf, bool async,
					   const struct kfi_job *job)
{
	struct kfi_request *req;

	/* acquire: pairs with clear_bit_unlock() of the last user */
	if (!async && !test_and_set_bit_lock(KFI_FILE_SYNC_BUSY, &kf->flags)) {
		req = &kf->sync_req;
		memset(req, 0, sizeof(*req));
	} else {
		req = kzalloc(sizeof(*req), GFP_KERNEL);
		if (!req)
			return NULL;
	}
	refcount_set(&req->ref, 2);
	atomic_set(&req->state, KFI_REQ_PENDING);
	req->async = async;
	init_completion(&req->done);
	init_task_work(&req->work, kfi_taskwork_func);
	INIT_LIST_HEAD(&req->node);
	kfi_file_get(kf);
	req->kf = kf;
	req->job = *job;
	return req;
}

/* The requester's side of the race: true if the work will never act. */
static bool kfi_request_cancel(struct kfi_request *req)
{
	return atomic_cmpxchg(&req->state, KFI_REQ_PENDING,
			      KFI_REQ_CANCELLED) == KFI_REQ_PENDING;
}

/* An async request finished: move it to the file's done list, if open. */
static void kfi_request_finish_async(struct kfi_request *req)
{
	struct kfi_file *kf = req->kf;
	bool queued = false;

	spin_lock(&kf->lock);
	list_del(&req->node);
	if (!kf->closing) {
		/* the list's reference passes to the done list */
		list_add_tail(&req->node, &kf->done);
		queued = true;
	} else {
		kf->nr_queued--;
	}
	spin_unlock(&kf->lock);
	if (queued)
		wake_up_interruptible(&kf->wait);
	else
		kfi_request_put(req);	/* the list's reference */
}

/* Everything the work does but the final module_put(); see below. */
static noinline void kfi_taskwork_run(struct kfi_request *req)
{
	struct kfi_job *job = &req->job;

	if (atomic_cmpxchg(&req->state, KFI_REQ_PENDING, KFI_REQ_CLAIMED) !=
	    KFI_REQ_PENDING)
		goto out;	/* cancelled */

	/*
	 * A dying task never returns to user mode: leave it alone.  Both
	 * exit_task_work() and get_signal() (before it acts on a SIGKILL) run
	 * pending works, so check for a fatal signal as well as PF_EXITING.
	 */
	if ((current->flags & PF_EXITING) || fatal_signal_pending(current))
		job->rec.status = -ESRCH;
	else
		kfi_job_apply(job, current, current_pt_regs());

	atomic_set_release(&req->state, KFI_REQ_DONE);
	if (req->async)
		kfi_request_finish_async(req);
	else
		complete(&req->done);
out:
	kfi_request_put(req);	/* the work's reference */
}

/*
 * The task_work callback is module text that the target may run long after
 * the request (it was blocked), or at exit.  Each queued work therefore
 * holds a module reference, so rmmod fails with EBUSY instead of freeing
 * code a task will still jump to.  The reference must be dropped by the
 * very last thing the callback does, with no module instruction after it:
 * once the count is zero, rmmod may free this text.  So all the work is
 * done in a separate function and module_put() is a tail call, compiled as
 * a jmp (tests/kbuild/run checks the disassembly): module_put returns
 * straight to task_work_run().  (module_put_and_kthread_exit() solves the
 * same problem for kthreads; there is no such helper for task_work.)
 */
static void kfi_taskwork_func(struct callback_head *head)
{
	kfi_taskwork_run(container_of(head, struct kfi_request, work));
	module_put(THIS_MODULE);
}

static long kfi_timeout_jiffies(s64 timeout_ns)
{
	u64 j;

	if (timeout_ns == KFI_TIMEOUT_DEFAULT)
		timeout_ns = KFI_TIMEOUT_DEFAULT_NS;
	j = nsecs_to_jiffies64(timeout_ns);
	if (j >= MAX_SCHEDULE_TIMEOUT)
		return MAX_SCHEDULE_TIMEOUT - 1;
	return j ? j : 1;
}

static int kfi_taskwork_inject(struct kfi_file *kf, struct kfi_target *tgt,
			       struct kfi_job *job, s64 timeout_ns)
{
	bool async = timeout_ns == KFI_TIMEOUT_ASYNC;
	struct kfi_request *req;
	long left, wait;
	int ret;

	/* We would wait for our own return to user mode: never. */
	if (tgt->task == current && !async)
		return -EDEADLK;

	req = kfi_request_new(kf, async, job);
	if (!req)
		return -ENOMEM;

	if (async) {
		spin_lock(&kf->lock);
		if (kf->nr_queued >= KFI_MAX_PENDING) {
			spin_unlock(&kf->lock);
			refcount_set(&req->ref, 1);
			kfi_request_put(req);
			return -EAGAIN;
		}
		kf->nr_queued++;
		list_add_tail(&req->node, &kf->pending);
		spin_unlock(&kf->lock);
	}

	/* the work's module reference; we hold one through the open file */
	__module_get(THIS_MODULE);
	ret = task_work_add(tgt->task, &req->work, TWA_RESUME);
	if (ret) {
		/* the task is past exit_task_work(): the work never runs */
		module_put(THIS_MODULE);
		if (async) {
			spin_lock(&kf->lock);
			list_del(&req->node);
			kf->nr_queued--;
			spin_unlock(&kf->lock);
		}
		refcount_set(&req->ref, 1);
		kfi_request_put(req);
		return -ESRCH;
	}
	/* a thread running in user mode enters the kernel, and runs it */
	kick_process(tgt->task);

	if (async) {
		job->rec.status = -EINPROGRESS;
		return 0;	/* the file's list keeps our reference */
	}

	wait = kfi_timeout_jiffies(timeout_ns);
	left = wait_for_completion_interruptible_timeout(&req->done, wait);
	if (left <= 0 && kfi_request_cancel(req)) {
		ret = left ? -EINTR : -ETIMEDOUT;
		job->rec.status = ret;
	} else {
		/* the work claimed it: it finishes without sleeping */
		if (left <= 0)
			wait_for_completion(&req->done);
		job->rec = req->job.rec;
		ret = job->rec.status;
	}
	kfi_request_put(req);
	return ret;
}

/* The oldest finished async record of kf into rec (and off kf), or -EAGAIN. */
int kfi_collect(struct kfi_file *kf, struct kfi_record *rec)
{
	struct kfi_request *req;

	spin_lock(&kf->lock);
	req = list_first_entry_or_null(&kf->done, struct kfi_request, node);
	if (req) {
		list_del(&req->node);
		kf->nr_queued--;
	}
	spin_unlock(&kf->lock);
	if (!req)
		return -EAGAIN;
	*rec = req->job.rec;
	kfi_request_put(req);
	return 0;
}

/* close(): cancel the pending requests, drop the uncollected records. */
void kfi_taskwork_release(struct kfi_file *kf)
{
	struct kfi_request *req, *tmp;
	LIST_HEAD(drop);

	spin_lock(&kf->lock);
	kf->closing = true;
	list_for_each_entry_safe(req, tmp, &kf->pending, node) {
		/* a claimed one is running: it sees closing and drops itself */
		if (kfi_request_cancel(req)) {
			list_move(&req->node, &drop);
			kf->nr_queued--;
		}
	}
	list_splice_init(&kf->done, &drop);
	spin_unlock(&kf->lock);

	list_for_each_entry_safe(req, tmp, &drop, node) {
		list_del(&req->node);
		kfi_request_put(req);
	}
}

const struct kfi_method_ops kfi_taskwork_ops = {
	.name = "taskwork",
	.inject = kfi_taskwork_inject,
};
