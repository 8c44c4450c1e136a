// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ptrace.c - the ptrace backend, for machines without the module:
 * PTRACE_SEIZE + PTRACE_INTERRUPT, wait for the stop, GETREGS, change,
 * SETREGS, detach.  The register table is the module's own
 * (src/kmod/arch/), expanded with the ufield column, so both backends name
 * and refuse the same registers and bits.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "internal.h"
#include "arch/regs.h"

#define KFI_REG(n, a, kfield, ufield, w, allowed, p, f)			\
	{ .name = n, .aliases = a, .width = w, .allowed_mask = allowed,	\
	  .pools = p,							\
	  .flags = (f) | ((allowed) ? KFI_REG_INJECTABLE : 0) },
static const struct kfi_reg_desc ptrace_regs[] = { KFI_ARCH_REGS };
#undef KFI_REG

#define KFI_REG(n, a, kfield, ufield, w, allowed, p, f)			\
	offsetof(struct user_regs_struct, ufield),
static const size_t ptrace_offsets[] = { KFI_ARCH_REGS };
#undef KFI_REG

#define NR_PTRACE_REGS	(sizeof(ptrace_regs) / sizeof(ptrace_regs[0]))

/*
 * waitpid has no timeout of its own, so the stop is polled: first after
 * 10 us, the gap doubling up to 200 us, so a prompt stop costs little and
 * a slow one few wake-ups.
 */
#define WAIT_FIRST_NS	(10 * 1000LL)
#define WAIT_MAX_NS	(200 * 1000LL)

static int ptrace_open(struct kfi_handle *h)
{
	h->regs = calloc(NR_PTRACE_REGS, sizeof(*h->regs));
	h->queue = calloc(KFI_MAX_PENDING, sizeof(*h->queue));
	if (!h->regs || !h->queue)
		goto nomem;
	memcpy(h->regs, ptrace_regs, sizeof(ptrace_regs));
	for (unsigned int i = 0; i < NR_PTRACE_REGS; i++)
		h->regs[i].index = i;
	h->nr_regs = NR_PTRACE_REGS;
	h->next_seq = 1;
	/* counts finished async records, so poll() sees POLLIN while any */
	h->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE);
	if (h->fd < 0)
		return kfi_fail_errno(errno, "creating the ptrace backend's eventfd");
	return 0;
nomem:
	free(h->regs);
	free(h->queue);
	h->regs = NULL;
	h->queue = NULL;
	return kfi_fail(ENOMEM, "out of memory while opening the ptrace backend");
}

static void ptrace_close(struct kfi_handle *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The state letter of a thread in /proc, or '?' if unknown. */
static char thread_state(pid_t pid, pid_t tid)
{
	char path[80], buf[512], *paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid,
		 (int)tid);
	f = fopen(path, "re");
	if (!f)
		return '?';
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* the command name may hold spaces and parentheses; the last ')' ends it */
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : '?';
}

static int yama_scope(void)
{
	FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	int scope = -1;

	if (f) {
		if (fscanf(f, "%d", &scope) != 1)
			scope = -1;
		fclose(f);
	}
	return scope;
}

/* Is pid a kernel thread (PF_KTHREAD in the flags field of its stat)? */
static bool is_kernel_thread(pid_t pid)
{
	unsigned long flags = 0;
	char path[64], buf[1024], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after "pid (comm)": state ppid pgrp session tty_nr tpgid flags */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return false;
	return flags & 0x00200000UL;	/* PF_KTHREAD */
}

/* The TracerPid of a thread, 0 if none or unknown. */
static pid_t tracer_of(pid_t pid, pid_t tid)
{
	char path[80], line[128];
	long tracer = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid,
		 (int)tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %ld", &tracer) == 1)
			break;
	fclose(f);
	return (pid_t)tracer;
}

static int seize_failed(const struct kfi_request *req, int err)
{
	pid_t tracer;
	int scope;

	if (err == ESRCH)
		return kfi_fail(ESRCH, "no such process or thread %d/%d: check the pid; the target may have exited",
				(int)req->pid, (int)req->tid);
	if (err != EPERM)
		return kfi_fail_errno(err, "attaching with ptrace");
	if (req->tid == getpid() || req->pid == getpid())
		return kfi_fail(EPERM, "not permitted to inject into process %d: a process cannot ptrace itself; inject from another process",
				(int)req->pid);
	if (is_kernel_thread(req->pid))
		return kfi_fail(EPERM, "not permitted to inject into process %d: it is a kernel thread, and only user processes can be injected",
				(int)req->pid);
	tracer = tracer_of(req->pid, req->tid);
	if (tracer)
		return kfi_fail(EBUSY, "process %d is already traced by process %d (a debugger?): detach it first, or use the kmod backend",
				(int)req->pid, (int)tracer);
	scope = yama_scope();
	if (scope >= 1 && geteuid() != 0)
		return kfi_fail(EPERM, "not permitted to inject into process %d: Yama ptrace_scope is %d, so only a parent or CAP_SYS_PTRACE may ptrace; use the kmod backend, run as root, or set kernel.yama.ptrace_scope=0",
				(int)req->pid, scope);
	return kfi_fail(EPERM, "not permitted to inject into process %d: it belongs to another user or is not dumpable; run as its owner or with CAP_SYS_PTRACE",
			(int)req->pid);
}

/*
 * Wait until tid reports a ptrace stop, up to deadline.  Returns 0 with the
 * signal to hand back on detach in *sig, -1 with ESRCH if it died,
 * ETIMEDOUT if it did not stop in time.
 */
static int wait_for_stop(pid_t tid, int64_t deadline, int *sig)
{
	int64_t step = WAIT_FIRST_NS;

	for (;;) {
		int status;
		pid_t got = waitpid(tid, &status, __WALL | WNOHANG);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return kfi_fail(ESRCH, "thread %d went away while being stopped",
					(int)tid);
		}
		if (got == tid) {
			if (WIFEXITED(status) || WIFSIGNALED(status))
				return kfi_fail(ESRCH, "thread %d exited before it was injected",
						(int)tid);
			if (!WIFSTOPPED(status))
				continue;
			/* PTRACE_EVENT_STOP: our interrupt or a group stop;
			 * anything else is a signal the thread must still get */
			*sig = (status >> 16) == PTRACE_EVENT_STOP ?
			       0 : WSTOPSIG(status);
			return 0;
		}
		if (now_ns() >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		nanosleep(&(struct timespec){ .tv_nsec = step }, NULL);
		if (step < WAIT_MAX_NS)
			step = step * 2 < WAIT_MAX_NS ? step * 2 : WAIT_MAX_NS;
	}
}

static void apply_model(enum kfi_model model, uint64_t mask, uint64_t *v)
{
	switch (model) {
	case KFI_MODEL_SET:
		*v |= mask;
		break;
	case KFI_MODEL_CLEAR:
		*v &= ~mask;
		break;
	default:
		*v ^= mask;
		break;
	}
}

static int find_reg_flag(unsigned int flag)
{
	for (unsigned int i = 0; i < NR_PTRACE_REGS; i++)
		if (ptrace_regs[i].flags & flag)
			return (int)i;
	return -1;
}

static int find_reg_name(const char *name)
{
	for (unsigned int i = 0; i < NR_PTRACE_REGS; i++)
		if (!strcmp(ptrace_regs[i].name, name))
			return (int)i;
	return -1;
}

static uint64_t reg_value(const struct user_regs_struct *regs, int index)
{
	unsigned long long v;

	memcpy(&v, (const char *)regs + ptrace_offsets[index], sizeof(v));
	return v;
}

/* Is a thread stopped with these registers a 32-bit task? */
static int regs_are_compat(const struct user_regs_struct *regs)
{
#if defined(__x86_64__)
	return regs->cs == 0x23;	/* __USER32_CS */
#else
	(void)regs;
	return 0;
#endif
}

/* Change the stopped thread's register as req says; fills rec. */
static int modify_stopped(struct kfi_handle *h, const struct kfi_request *req,
			  struct kfi_record *rec)
{
	struct user_regs_struct regs;
	int compat, ip = find_reg_flag(KFI_REG_IP);
	int orig = find_reg_name("orig_ax");
	uint64_t width_mask, value;

	if (ptrace(PTRACE_GETREGS, req->tid, NULL, &regs))
		return kfi_fail_errno(errno, "reading registers with ptrace");
	compat = regs_are_compat(&regs);
	if (req->mask & ~kfi_reg_allowed_mask(h, (unsigned int)req->reg, compat))
		return kfi_fail(EINVAL, "register %s mask 0x%llx cannot be injected in %s process %d: choose bits it allows (--list-registers)",
				h->regs[req->reg].name,
				(unsigned long long)req->mask,
				compat ? "32-bit" : "the", (int)req->pid);

	rec->width = compat && h->regs[req->reg].width > 32 ?
		     32 : h->regs[req->reg].width;
	width_mask = kfi_width_mask(rec->width);
	if (compat)
		rec->flags |= KFI_RECORD_COMPAT;
	if (orig >= 0 && (int64_t)reg_value(&regs, orig) >= 0)
		rec->flags |= KFI_RECORD_IN_SYSCALL;
	if (ip >= 0)
		rec->ip = reg_value(&regs, ip) & width_mask;

	value = reg_value(&regs, req->reg);
	rec->old_value = value & width_mask;
	apply_model(req->model, req->mask, &value);
	rec->new_value = value & width_mask;
	if (req->flags & KFI_INJECT_DRY_RUN) {
		rec->new_value = rec->old_value;
	} else {
		unsigned long long v = value;

		memcpy((char *)&regs + ptrace_offsets[req->reg], &v, sizeof(v));
		if (ptrace(PTRACE_SETREGS, req->tid, NULL, &regs))
			return kfi_fail(errno == EIO ? EINVAL : errno,
					"the kernel refused the new value of register %s (%s): choose other bits",
					h->regs[req->reg].name, strerror(errno));
	}
	rec->time_ns = (uint64_t)now_ns();
	return 0;
}

static int ptrace_inject(struct kfi_handle *h, const struct kfi_request *req,
			 struct kfi_record *rec)
{
	int64_t timeout = req->timeout_ns == KFI_TIMEOUT_DEFAULT ?
			  KFI_TIMEOUT_DEFAULT_NS : req->timeout_ns;
	int sig = 0, ret, err;
	char state;

	kfi_record_from_request(h, req, rec);
	pthread_mutex_lock(&h->lock);
	rec->seq = h->next_seq++;
	pthread_mutex_unlock(&h->lock);

	state = thread_state(req->pid, req->tid);
	if (ptrace(PTRACE_SEIZE, req->tid, NULL, NULL)) {
		err = errno;
		rec->status = -err;
		return seize_failed(req, err);
	}
	if (state == 'T')
		rec->flags |= KFI_RECORD_WAS_STOPPED;
	if (ptrace(PTRACE_INTERRUPT, req->tid, NULL, NULL)) {
		err = errno;
		rec->status = -ESRCH;
		return kfi_fail(ESRCH, "thread %d could not be stopped (%s): it may have exited",
				(int)req->tid, strerror(err));
	}

	if (wait_for_stop(req->tid, now_ns() + timeout, &sig)) {
		if (errno != ETIMEDOUT) {
			rec->status = -errno;
			return -1;
		}
		/*
		 * Still running (e.g. in an uninterruptible sleep): a seized
		 * thread can only be detached once stopped, and it stops as
		 * soon as it can, so wait for that and leave it unchanged.
		 */
		if (!wait_for_stop(req->tid, INT64_MAX, &sig))
			ptrace(PTRACE_DETACH, req->tid, NULL,
			       (void *)(long)sig);
		rec->status = -ETIMEDOUT;
		return kfi_fail(ETIMEDOUT, "process %d did not stop within %gs (blocked or stopped), so it was not injected: retry, or allow a longer timeout",
				(int)req->pid, (double)timeout / 1e9);
	}

	ret = modify_stopped(h, req, rec);
	err = errno;
	if (ptrace(PTRACE_DETACH, req->tid, NULL, (void *)(long)sig) && !ret) {
		err = errno;
		ret = kfi_fail_errno(err, "detaching with ptrace");
	}
	rec->status = ret ? -err : 0;
	errno = err;
	return ret;
}

static int ptrace_inject_async(struct kfi_handle *h,
			       const struct kfi_request *req, uint64_t *seq)
{
	struct kfi_record rec;
	uint64_t one = 1;

	pthread_mutex_lock(&h->lock);
	if (h->queue_len + h->queue_inflight >= KFI_MAX_PENDING) {
		pthread_mutex_unlock(&h->lock);
		return kfi_fail(EAGAIN, "%d asynchronous records are waiting: collect some first",
				KFI_MAX_PENDING);
	}
	/* reserve the slot now so a full queue is reported before stopping */
	h->queue_inflight++;
	pthread_mutex_unlock(&h->lock);

	/* failures of the injection itself go into the record, as with kmod */
	ptrace_inject(h, req, &rec);
	*seq = rec.seq;

	pthread_mutex_lock(&h->lock);
	h->queue_inflight--;
	h->queue[(h->queue_head + h->queue_len) % KFI_MAX_PENDING] = rec;
	h->queue_len++;
	pthread_mutex_unlock(&h->lock);
	if (write(h->fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		return kfi_fail_errno(errno, "signalling the ptrace backend's eventfd");
	return 0;
}

static int ptrace_collect(struct kfi_handle *h, struct kfi_record *rec)
{
	uint64_t one;

	/* the eventfd counts finished records: one read takes one */
	if (read(h->fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		return kfi_fail(EAGAIN, "no finished record is ready yet: poll the handle's file descriptor");
	pthread_mutex_lock(&h->lock);
	*rec = h->queue[h->queue_head];
	h->queue_head = (h->queue_head + 1) % KFI_MAX_PENDING;
	h->queue_len--;
	pthread_mutex_unlock(&h->lock);
	return 0;
}

const struct kfi_backend_ops kfi_ptrace_ops = {
	.id = KFI_BACKEND_PTRACE,
	.open = ptrace_open,
	.close = ptrace_close,
	.inject = ptrace_inject,
	.inject_async = ptrace_inject_async,
	.collect = ptrace_collect,
};
