// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Kernel-module Fault Injector: the misc device /dev/kfi,
 * its file operations, ioctl dispatch, the scope parameter, and the one
 * request path every injection takes.
 */
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "kfi.h"
#include "arch/regs.h"

#ifndef KFI_VERSION
#define KFI_VERSION "unknown"
#endif

/* Sequence numbers of records, unique per module load. */
static atomic64_t kfi_seq = ATOMIC64_INIT(0);

/* ---- the scope parameter ---- */

static unsigned int kfi_scope_value;

static int kfi_scope_set(const char *val, const struct kernel_param *kp)
{
	unsigned int scope;
	int ret;

	/* the file is 0644, root's; a root without capabilities may not */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstrtouint(val, 0, &scope);
	if (ret)
		return ret;
	if (scope > 3)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, scope);
	return 0;
}

static const struct kernel_param_ops kfi_scope_ops = {
	.set = kfi_scope_set,
	.get = param_get_uint,
};

module_param_cb(scope, &kfi_scope_ops, &kfi_scope_value, 0644);
MODULE_PARM_DESC(scope,
		 "Who may inject, like Yama's ptrace_scope: 0 = the ptrace-attach rule (default), 1 = only into descendants, 2 = only with CAP_SYS_PTRACE, 3 = nobody");

unsigned int kfi_scope(void)
{
	return READ_ONCE(kfi_scope_value);
}

/* ---- the request path ---- */

static const struct kfi_method_ops *const kfi_methods[] = {
	[KFI_METHOD_TASKWORK] = &kfi_taskwork_ops,
	[KFI_METHOD_STOP] = &kfi_stop_ops,
};

static int kfi_request_check(const struct kfi_inject_req *req)
{
	if ((req->flags & ~KFI_INJECT_FLAGS_ALL) || req->__reserved)
		return -EINVAL;
	if (req->pid <= 0 || req->tid < KFI_TID_RANDOM)
		return -EINVAL;
	if (req->reg < KFI_REG_RANDOM || (req->reg >= 0 && req->reg >= kfi_nr_regs))
		return -EINVAL;
	if (req->pool >= KFI_NR_POOLS || req->model > KFI_MODEL_CLEAR ||
	    req->method >= ARRAY_SIZE(kfi_methods))
		return -EINVAL;
	if (req->timeout_ns < KFI_TIMEOUT_DEFAULT)
		return -EINVAL;
	if (req->method == KFI_METHOD_STOP &&
	    req->timeout_ns == KFI_TIMEOUT_ASYNC)
		return -EINVAL;
	return 0;
}

/*
 * Parse, find the target, check permission, choose, run the method.  rec
 * is filled (rec->size != 0) once the request got as far as the method;
 * then rec->status is the result.
 */
int kfi_inject(struct kfi_file *kf, const struct kfi_inject_req *req,
	       struct kfi_record *rec)
{
	struct kfi_job job = { };
	struct kfi_target tgt;
	bool compat;
	int ret;

	ret = kfi_request_check(req);
	if (ret)
		return ret;
	ret = kfi_target_get(&tgt, req->pid, req->tid);
	if (ret)
		return ret;
	/*
	 * Check and note which program the thread runs under the mutex exec
	 * holds while it changes credentials, as ptrace_attach() does: the
	 * change is made only if the thread has not exec'd since (a setuid
	 * program is not the target the caller was allowed).
	 */
	if (mutex_lock_interruptible(&tgt.task->signal->cred_guard_mutex)) {
		ret = -ERESTARTNOINTR;
		goto out;
	}
	ret = kfi_target_may_inject(tgt.task);
	job.exec_id = READ_ONCE(tgt.task->self_exec_id);
	mutex_unlock(&tgt.task->signal->cred_guard_mutex);
	if (ret)
		goto out;
	compat = kfi_task_compat(tgt.task);
	if (compat && KFI_ARCH == KFI_ARCH_ARM64) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	ret = kfi_job_choose(&job, req, compat);
	if (ret)
		goto out;

	job.rec.size = sizeof(job.rec);
	job.rec.seq = atomic64_inc_return(&kfi_seq);
	job.rec.cookie = req->cookie;
	job.rec.pid = tgt.pid_nr;
	job.rec.tid = tgt.tid_nr;
	job.rec.method = req->method;
	ret = kfi_methods[req->method]->inject(kf, &tgt, &job, req->timeout_ns);
	*rec = job.rec;
out:
	kfi_target_put(&tgt);
	return ret;
}

/* ---- ioctls ---- */

/*
 * Read a size-prefixed structure: at least min bytes, zero-extended if
 * older, and a newer one only with a zero tail (copy_struct_from_user()).
 */
static int kfi_copy_in(void *dst, size_t ksize, const void __user *src,
		       size_t min, u32 *usize)
{
	if (get_user(*usize, (const u32 __user *)src))
		return -EFAULT;
	if (*usize < min)
		return -EINVAL;
	if (*usize > PAGE_SIZE)
		return -E2BIG;
	return copy_struct_from_user(dst, ksize, src, *usize);
}

/* Write at most room bytes of a structure whose first u32 is its size. */
static int kfi_copy_out(void __user *dst, size_t room, void *src,
			size_t ksize)
{
	size_t len = min(room, ksize);

	*(u32 *)src = len;
	return copy_to_user(dst, src, len) ? -EFAULT : 0;
}

static long kfi_ioc_info(void __user *arg)
{
	struct kfi_reg_desc desc;
	struct kfi_info info;
	unsigned int i, rows;
	u32 usize;
	int ret;

	ret = kfi_copy_in(&info, sizeof(info), arg, KFI_INFO_SIZE_VER0, &usize);
	if (ret)
		return ret;
	if (info.__reserved)
		return -EINVAL;

	if (info.regs) {
		u8 __user *row = u64_to_user_ptr(info.regs);
		size_t stride = info.reg_desc_size;

		if (stride < KFI_REG_DESC_SIZE_VER0 || stride > PAGE_SIZE)
			return -EINVAL;
		rows = min(info.nr_regs_room, kfi_nr_regs);
		for (i = 0; i < rows; i++, row += stride) {
			kfi_reg_desc_fill(&desc, i);
			if (copy_to_user(row, &desc, min(stride, sizeof(desc))))
				return -EFAULT;
			if (stride > sizeof(desc) &&
			    clear_user(row + sizeof(desc), stride - sizeof(desc)))
				return -EFAULT;
		}
	}

	info.abi_version = KFI_ABI_VERSION;
	info.arch = KFI_ARCH;
	info.nr_regs = kfi_nr_regs;
	info.scope = kfi_scope();
	memset(info.version, 0, sizeof(info.version));
	strscpy(info.version, KFI_VERSION, sizeof(info.version));
	return kfi_copy_out(arg, usize, &info, sizeof(info));
}

static long kfi_ioc_inject(struct kfi_file *kf, void __user *arg)
{
	struct kfi_record rec = { };
	struct kfi_inject_req req;
	u32 usize;
	int ret;

	ret = kfi_copy_in(&req, sizeof(req), arg, KFI_INJECT_REQ_SIZE_VER0,
			  &usize);
	if (ret)
		return ret;
	if (req.record && req.record_size < KFI_RECORD_SIZE_VER0)
		return -EINVAL;
	/*
	 * Fault before the target is touched: a caller told -EFAULT must be
	 * able to trust that nothing was injected.
	 */
	if (req.record &&
	    clear_user(u64_to_user_ptr(req.record),
		       min_t(size_t, req.record_size, sizeof(rec))))
		return -EFAULT;

	ret = kfi_inject(kf, &req, &rec);
	if (rec.size && req.record &&
	    kfi_copy_out(u64_to_user_ptr(req.record), req.record_size, &rec,
			 sizeof(rec)))
		return -EFAULT;
	return ret;
}

static long kfi_ioc_collect(struct kfi_file *kf, void __user *arg)
{
	struct kfi_record rec;
	u32 room;
	int ret;

	if (get_user(room, (u32 __user *)arg))
		return -EFAULT;
	if (room < KFI_RECORD_SIZE_VER0)
		return -EINVAL;
	/* fault now rather than lose a record taken off the list */
	if (clear_user(arg, min_t(size_t, room, sizeof(rec))))
		return -EFAULT;
	ret = kfi_collect(kf, &rec);
	if (ret)
		return ret;
	return kfi_copy_out(arg, room, &rec, sizeof(rec));
}

static long kfi_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct kfi_file *kf = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case KFI_IOC_INFO:
		return kfi_ioc_info(uarg);
	case KFI_IOC_INJECT:
		return kfi_ioc_inject(kf, uarg);
	case KFI_IOC_COLLECT:
		return kfi_ioc_collect(kf, uarg);
	default:
		return -ENOTTY;
	}
}

/* ---- file operations ---- */

void kfi_file_get(struct kfi_file *kf)
{
	refcount_inc(&kf->ref);
}

void kfi_file_put(struct kfi_file *kf)
{
	if (refcount_dec_and_test(&kf->ref))
		kfree(kf);
}

static int kfi_open(struct inode *inode, struct file *file)
{
	struct kfi_file *kf;

	kf = kzalloc(sizeof(*kf), GFP_KERNEL);
	if (!kf)
		return -ENOMEM;
	refcount_set(&kf->ref, 1);
	spin_lock_init(&kf->lock);
	INIT_LIST_HEAD(&kf->pending);
	INIT_LIST_HEAD(&kf->done);
	init_waitqueue_head(&kf->wait);
	file->private_data = kf;
	return 0;
}

static int kfi_release(struct inode *inode, struct file *file)
{
	struct kfi_file *kf = file->private_data;

	kfi_taskwork_release(kf);
	kfi_file_put(kf);
	return 0;
}

static ssize_t kfi_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	ssize_t ret = kfi_text_write(file->private_data, buf, count);

	/* the next read starts at the new line */
	if (ret >= 0)
		*ppos = 0;
	return ret;
}

static ssize_t kfi_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	return kfi_text_read(file->private_data, buf, count, ppos);
}

static __poll_t kfi_poll(struct file *file, poll_table *wait)
{
	struct kfi_file *kf = file->private_data;
	bool ready;

	poll_wait(file, &kf->wait, wait);
	spin_lock(&kf->lock);
	ready = !list_empty(&kf->done);
	spin_unlock(&kf->lock);
	return ready ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations kfi_fops = {
	.owner = THIS_MODULE,
	.open = kfi_open,
	.release = kfi_release,
	.read = kfi_read,
	.write = kfi_write,
	.poll = kfi_poll,
	.unlocked_ioctl = kfi_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice kfi_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = KFI_DEVICE_NAME,
	.fops = &kfi_fops,
	.mode = 0600,	/* root's; udev may grant group kfi, never others */
};

static int __init kfi_init(void)
{
	kfi_stop_init();
	return misc_register(&kfi_misc);
}

static void __exit kfi_exit(void)
{
	misc_deregister(&kfi_misc);
}

module_init(kfi_init);
module_exit(kfi_exit);

MODULE_DESCRIPTION("Kernel-module Fault Injector: flips bits in user registers");
MODULE_AUTHOR("The KFI authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(KFI_VERSION);
