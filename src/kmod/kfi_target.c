// SPDX-License-Identifier: GPL-2.0-only
/*
 * Find the target thread and decide whether the caller may
 * inject into it.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include "kfi.h"

/* Kernel-side threads cloned from user space (io_uring, vhost workers) */
#ifdef PF_USER_WORKER
#define KFI_PF_WORKER	(PF_IO_WORKER | PF_USER_WORKER)
#else
#define KFI_PF_WORKER	PF_IO_WORKER
#endif

/* Threads we never touch: -EPERM for kernel threads, -ESRCH for the dead. */
static int kfi_thread_refused(struct task_struct *task)
{
	if (task->flags & (PF_KTHREAD | KFI_PF_WORKER))
		return -EPERM;
	if (task->exit_state || (task->flags & PF_EXITING))
		return -ESRCH;
	return 0;
}

/* A uniformly random live thread of leader's process, referenced. */
static struct task_struct *kfi_thread_random(struct task_struct *leader)
{
	struct task_struct *t, *found = NULL;
	unsigned int nr = 0, pick;

	rcu_read_lock();
	for_each_thread(leader, t)
		if (!kfi_thread_refused(t))
			nr++;
	if (nr) {
		pick = get_random_u32_below(nr);
		for_each_thread(leader, t) {
			if (!kfi_thread_refused(t) && !pick--) {
				found = get_task_struct(t);
				break;
			}
		}
	}
	rcu_read_unlock();
	return found;
}

/*
 * Look up process pid and its thread tid (KFI_TID_DEFAULT: the thread whose
 * tid is pid, KFI_TID_RANDOM: any live one) in the caller's pid namespace.
 * On success tgt holds a reference on the process's struct pid and on the
 * thread; kfi_target_put() drops them.
 */
int kfi_target_get(struct kfi_target *tgt, pid_t pid, pid_t tid)
{
	struct task_struct *leader, *task = NULL;
	struct pid *tgid;
	int ret;

	tgid = find_get_pid(pid);
	if (!tgid)
		return -ESRCH;
	/* NULL unless pid names a whole process, not one of its threads */
	leader = get_pid_task(tgid, PIDTYPE_TGID);
	if (!leader) {
		ret = -ESRCH;
		goto put_pid;
	}

	if (tid == KFI_TID_DEFAULT) {
		task = get_task_struct(leader);
	} else if (tid == KFI_TID_RANDOM) {
		task = kfi_thread_random(leader);
	} else {
		struct pid *tpid = find_get_pid(tid);

		if (tpid) {
			task = get_pid_task(tpid, PIDTYPE_PID);
			put_pid(tpid);
		}
		if (task && !same_thread_group(task, leader)) {
			put_task_struct(task);
			task = NULL;
		}
	}
	put_task_struct(leader);
	if (!task) {
		ret = -ESRCH;
		goto put_pid;
	}

	ret = kfi_thread_refused(task);
	if (ret)
		goto put_task;

	tgt->tgid = tgid;
	tgt->task = task;
	tgt->pid_nr = pid;
	tgt->tid_nr = task_pid_vnr(task);
	return 0;

put_task:
	put_task_struct(task);
put_pid:
	put_pid(tgid);
	return ret;
}

void kfi_target_put(struct kfi_target *tgt)
{
	put_task_struct(tgt->task);
	put_pid(tgt->tgid);
	tgt->task = NULL;
	tgt->tgid = NULL;
}

/*
 * The ptrace-attach rule, i.e. __ptrace_may_access(task,
 * PTRACE_MODE_ATTACH | PTRACE_MODE_REALCREDS) without the LSM hook:
 * ptrace_may_access() is not exported to modules, so this is its
 * equivalent.  Called with task_lock(task) held (for task->mm).
 */
static int kfi_ptrace_rule(struct task_struct *task)
{
	const struct cred *cred, *tcred;
	struct mm_struct *mm;
	kuid_t uid;
	kgid_t gid;
	bool ok;

	if (same_thread_group(task, current))
		return 0;

	rcu_read_lock();
	cred = current_cred();
	tcred = __task_cred(task);
	uid = cred->uid;	/* REALCREDS: the caller's real ids */
	gid = cred->gid;
	ok = (uid_eq(uid, tcred->euid) && uid_eq(uid, tcred->suid) &&
	      uid_eq(uid, tcred->uid) && gid_eq(gid, tcred->egid) &&
	      gid_eq(gid, tcred->sgid) && gid_eq(gid, tcred->gid)) ||
	     ns_capable(tcred->user_ns, CAP_SYS_PTRACE);
	rcu_read_unlock();
	if (!ok)
		return -EPERM;

	/* A non-dumpable (e.g. setuid) target needs CAP_SYS_PTRACE in its mm's ns. */
	mm = task->mm;
	if (!mm)
		return -EPERM;	/* no user address space: nothing to inject */
	if (get_dumpable(mm) != SUID_DUMP_USER &&
	    !ns_capable(mm->user_ns, CAP_SYS_PTRACE))
		return -EPERM;
	return 0;
}

/* Yama's task_is_descendant(): is child's process parent's or below it? */
static bool kfi_is_descendant(struct task_struct *parent,
			      struct task_struct *child)
{
	struct task_struct *walker = child;
	bool found = false;

	rcu_read_lock();
	if (!thread_group_leader(parent))
		parent = READ_ONCE(parent->group_leader);
	while (walker->pid > 0) {
		if (!thread_group_leader(walker))
			walker = READ_ONCE(walker->group_leader);
		if (walker == parent) {
			found = true;
			break;
		}
		walker = rcu_dereference(walker->real_parent);
	}
	rcu_read_unlock();
	return found;
}

static bool kfi_has_ptrace_cap(struct task_struct *task)
{
	bool cap;

	rcu_read_lock();
	cap = ns_capable(__task_cred(task)->user_ns, CAP_SYS_PTRACE);
	rcu_read_unlock();
	return cap;
}

/*
 * May the caller inject into task?  The ptrace rule always applies; the
 * scope parameter restricts further, like Yama's ptrace_scope:
 *   0  the ptrace rule alone
 *   1  only into the caller's own process and its descendants, unless the
 *      caller has CAP_SYS_PTRACE in the target's user namespace
 *   2  only with CAP_SYS_PTRACE in the target's user namespace
 *   3  never
 */
int kfi_target_may_inject(struct task_struct *task)
{
	unsigned int scope = kfi_scope();
	int ret;

	switch (scope) {
	case 0:
		break;
	case 1:
		if (!kfi_is_descendant(current, task) &&
		    !kfi_has_ptrace_cap(task))
			return -EPERM;
		break;
	case 2:
		if (!kfi_has_ptrace_cap(task))
			return -EPERM;
		break;
	default:
		return -EPERM;
	}

	task_lock(task);
	ret = kfi_ptrace_rule(task);
	task_unlock(task);
	return ret;
}
