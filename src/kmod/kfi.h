/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What each file of the module offers the others.
 *
 * A request takes one straight path:
 *   parse (kfi_main.c: ioctl, kfi_text.c: text)
 *   -> find the target (kfi_target.c)
 *   -> check permission (kfi_target.c)
 *   -> choose register and bits (kfi_regs.c)
 *   -> run the method (kfi_taskwork.c or kfi_stop.c)
 *   -> record (kfi_regs.c fills it where the change happens)
 */
#ifndef _KFI_H
#define _KFI_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "uapi/kfi_abi.h"

struct pid;
struct pt_regs;
struct task_struct;

/* kfi_main.c: the scope module parameter (0-3, like Yama's ptrace_scope) */
unsigned int kfi_scope(void);

/* kfi_regs.c: one row of the register table of arch/<arch>.h */
struct kfi_reg {
	const char *name;
	const char *aliases;
	unsigned int offset;	/* into struct pt_regs */
	unsigned int size;	/* bytes of the pt_regs field */
	unsigned int width;	/* bits, native task */
	u64 allowed;		/* bits a request may touch, native task */
	u32 pools;
	u32 flags;
};

extern const struct kfi_reg kfi_regs[];
extern const unsigned int kfi_nr_regs;

/*
 * One injection, fully decided before the method runs: the register, the
 * bits, the model, and the record as far as it is known.  The method calls
 * kfi_job_apply() in a context where regs are the target's saved user
 * registers and the target cannot run.
 */
struct kfi_job {
	const struct kfi_reg *reg;
	u64 mask;
	bool dry_run;
	u64 exec_id;		/* the target's self_exec_id when checked */
	struct kfi_record rec;
};

int kfi_reg_by_name(const char *name);
bool kfi_task_compat(struct task_struct *task);
int kfi_job_choose(struct kfi_job *job, const struct kfi_inject_req *req,
		   bool compat);
void kfi_job_apply(struct kfi_job *job, struct task_struct *task,
		   struct pt_regs *regs);
void kfi_reg_desc_fill(struct kfi_reg_desc *desc, unsigned int index);

/* kfi_target.c: a referenced thread of a process the caller may inject */
struct kfi_target {
	struct pid *tgid;		/* the process (for signals) */
	struct task_struct *task;	/* the chosen thread */
	pid_t pid_nr;			/* in the caller's pid namespace */
	pid_t tid_nr;
};

int kfi_target_get(struct kfi_target *tgt, pid_t pid, pid_t tid);
void kfi_target_put(struct kfi_target *tgt);
int kfi_target_may_inject(struct task_struct *task);

/*
 * kfi_taskwork.c: one taskwork request, shared by the requester (the
 * waiter, or for an asynchronous request the open file's lists) and the
 * work queued in the target; see kfi_taskwork.c for its states.
 */
struct kfi_request {
	refcount_t ref;		/* requester (or file list) + queued work */
	atomic_t state;		/* enum kfi_req_state */
	bool async;
	struct callback_head work;
	struct completion done;	/* synchronous requests: state is final */
	struct kfi_file *kf;	/* referenced; async: where to queue */
	struct list_head node;	/* async: on kf->pending, then kf->done */
	struct kfi_job job;
};

/* kfi_file.flags */
#define KFI_FILE_SYNC_BUSY	0	/* sync_req is in use */

/* kfi_main.c: the state of one open file of /dev/kfi */
struct kfi_file {
	refcount_t ref;		/* the file, plus each async request queued */
	/*
	 * Protects the lists, nr_queued, closing and the text line.  Taken
	 * by the target's task_work (another task) and by close(); held only
	 * for list and buffer updates, never across a sleep or a user copy,
	 * so a spinlock.
	 */
	spinlock_t lock;
	struct list_head pending;	/* async requests not yet finished */
	struct list_head done;		/* finished, not yet collected */
	unsigned int nr_queued;		/* pending + done, <= KFI_MAX_PENDING */
	bool closing;
	wait_queue_head_t wait;		/* woken when done gets an entry */
	char text[96];			/* the text interface's last result */
	size_t text_len;
	/*
	 * A synchronous request needs no allocation: it uses this one while
	 * it is free.  It stays busy after a time-out until the cancelled
	 * work has run; a request meanwhile allocates its own.
	 */
	unsigned long flags;
	struct kfi_request sync_req;
};

void kfi_file_get(struct kfi_file *kf);
void kfi_file_put(struct kfi_file *kf);

/* The one path every injection takes: both the ioctl and the text write. */
int kfi_inject(struct kfi_file *kf, const struct kfi_inject_req *req,
	       struct kfi_record *rec);

/* kfi_taskwork.c, kfi_stop.c: the methods, indexed by enum kfi_method */
struct kfi_method_ops {
	const char *name;
	/*
	 * Change job->reg in tgt->task and fill job->rec.  Returns 0 or
	 * -errno, which is also job->rec.status once the target was reached.
	 */
	int (*inject)(struct kfi_file *kf, struct kfi_target *tgt,
		      struct kfi_job *job, s64 timeout_ns);
};

extern const struct kfi_method_ops kfi_taskwork_ops;
extern const struct kfi_method_ops kfi_stop_ops;

/* kfi_stop.c: set up the stop method's locks (module init) */
void kfi_stop_init(void);

/* kfi_taskwork.c: async records of a file; close() cancels the pending */
int kfi_collect(struct kfi_file *kf, struct kfi_record *rec);
void kfi_taskwork_release(struct kfi_file *kf);

/* kfi_text.c: the seed-compatible text interface */
ssize_t kfi_text_write(struct kfi_file *kf, const char __user *buf,
		       size_t count);
ssize_t kfi_text_read(struct kfi_file *kf, char __user *buf, size_t count,
		      loff_t *ppos);

#endif /* _KFI_H */
