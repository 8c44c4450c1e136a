// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handle.c - handles, and the one path every request takes:
 * validate -> make the random choices explicit -> backend -> record.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/random.h>

#include "internal.h"

KFI_EXPORT const char *kfi_library_version(void)
{
	return KFI_VERSION;
}

KFI_EXPORT void kfi_request_init(struct kfi_request *req, pid_t pid)
{
	memset(req, 0, sizeof(*req));
	req->pid = pid;
	req->tid = KFI_TID_DEFAULT;
	req->reg = KFI_REG_RANDOM;
	req->pool = KFI_POOL_GPR;
	req->model = KFI_MODEL_FLIP;
	req->method = KFI_METHOD_TASKWORK;
	req->mask = 0;
	req->timeout_ns = KFI_TIMEOUT_DEFAULT;
}

static uint64_t fresh_seed(void)
{
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), 0) == (ssize_t)sizeof(seed))
		return seed;
	/* no entropy source: still usable, and the seed is reported anyway */
	return (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL ^ (uint64_t)time(NULL);
}

static struct kfi_handle *handle_new(void)
{
	struct kfi_handle *h = calloc(1, sizeof(*h));

	if (!h) {
		kfi_fail(ENOMEM, "out of memory while opening a kfi handle");
		return NULL;
	}
	h->fd = -1;
	if (pthread_mutex_init(&h->lock, NULL)) {
		free(h);
		kfi_fail(ENOMEM, "cannot create a lock for a kfi handle");
		return NULL;
	}
	h->seed = fresh_seed();
	kfi_prng_seed(&h->prng, h->seed);
	return h;
}

static void handle_free(struct kfi_handle *h)
{
	free(h->regs);
	free(h->queue);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

static int try_open(struct kfi_handle *h, const struct kfi_backend_ops *ops)
{
	h->ops = ops;
	if (ops->open(h)) {
		h->ops = NULL;
		return -1;
	}
	return 0;
}

KFI_EXPORT struct kfi_handle *kfi_open(enum kfi_backend backend,
				       unsigned int flags)
{
	struct kfi_handle *h;
	int err;

	if (backend != KFI_BACKEND_AUTO && backend != KFI_BACKEND_KMOD &&
	    backend != KFI_BACKEND_PTRACE) {
		kfi_fail(EINVAL, "unknown backend %d: use auto, kmod or ptrace",
			 (int)backend);
		return NULL;
	}
	h = handle_new();
	if (!h)
		return NULL;

	switch (backend) {
	case KFI_BACKEND_KMOD:
		if (try_open(h, &kfi_kmod_ops))
			goto fail;
		break;
	case KFI_BACKEND_PTRACE:
		if (try_open(h, &kfi_ptrace_ops))
			goto fail;
		break;
	default:
		if (!try_open(h, &kfi_kmod_ops))
			break;
		/* only a missing module means "fall back"; a device that is
		 * there but refuses us is an error worth seeing */
		if (errno != ENOENT && errno != ENXIO && errno != ENODEV)
			goto fail;
		if (!(flags & KFI_OPEN_QUIET))
			fprintf(stderr, "kfi: the kfi module is not loaded (no %s); using the ptrace backend\n",
				KFI_DEVICE_PATH);
		if (try_open(h, &kfi_ptrace_ops))
			goto fail;
		break;
	}
	return h;
fail:
	err = errno;
	handle_free(h);
	errno = err;
	return NULL;
}

KFI_EXPORT void kfi_close(struct kfi_handle *h)
{
	if (!h)
		return;
	h->ops->close(h);
	handle_free(h);
}

KFI_EXPORT enum kfi_backend kfi_backend(const struct kfi_handle *h)
{
	return h->ops->id;
}

KFI_EXPORT int kfi_fd(const struct kfi_handle *h)
{
	return h->fd;
}

KFI_EXPORT const char *kfi_module_version(const struct kfi_handle *h)
{
	return h->module_version;
}

KFI_EXPORT uint64_t kfi_seed(const struct kfi_handle *h)
{
	struct kfi_handle *mh = (struct kfi_handle *)h;
	uint64_t seed;

	pthread_mutex_lock(&mh->lock);
	seed = mh->seed;
	pthread_mutex_unlock(&mh->lock);
	return seed;
}

KFI_EXPORT void kfi_set_seed(struct kfi_handle *h, uint64_t seed)
{
	pthread_mutex_lock(&h->lock);
	h->seed = seed;
	kfi_prng_seed(&h->prng, seed);
	pthread_mutex_unlock(&h->lock);
}

KFI_EXPORT int64_t kfi_exponential_gap_ns(struct kfi_handle *h,
					  int64_t mean_ns)
{
	double gap;

	if (mean_ns <= 0)
		return 0;
	pthread_mutex_lock(&h->lock);
	gap = kfi_prng_exponential(&h->prng, (double)mean_ns);
	pthread_mutex_unlock(&h->lock);
	/* 2^63 is exactly representable; anything at or above it saturates */
	if (!(gap < 0x1.0p63))
		return INT64_MAX;
	return (int64_t)gap;
}

/*
 * 1 if the start of pid's stack (field 28 of /proc/PID/stat) lies below
 * 4 GiB, 0 if above, -1 if the field is not there or 0 (the kernel shows 0
 * to a caller that may not look into the process, and for one without
 * memory).  A 64-bit program's stack is always above 4 GiB, a 32-bit one's
 * below.
 */
static int stack_says_compat(pid_t pid)
{
	char path[64], buf[1024], *field, *save, *end;
	unsigned long long start;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* the command, field 2, is in parentheses and may hold anything */
	field = strrchr(buf, ')');
	if (!field)
		return -1;
	field = strtok_r(field + 1, " ", &save);	/* field 3 */
	for (int i = 3; field && i < 28; i++)
		field = strtok_r(NULL, " ", &save);
	if (!field)
		return -1;
	errno = 0;
	start = strtoull(field, &end, 10);
	if (errno || end == field || !start)
		return -1;
	return start <= UINT32_MAX;
}

/*
 * Whether pid runs a 32-bit program: from its stack address when we may
 * see it (procfs only: this is on every request's path), else from the ELF
 * class of its executable, which means opening that file.
 */
int kfi_target_is_compat(pid_t pid)
{
	unsigned char ident[EI_NIDENT];
	char path[64];
	ssize_t n;
	int fd, compat;

	if (sizeof(long) == 4)
		return 0;
	compat = stack_says_compat(pid);
	if (compat >= 0)
		return compat;
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, ident, sizeof(ident));
	close(fd);
	return n == (ssize_t)sizeof(ident) &&
	       !memcmp(ident, ELFMAG, SELFMAG) && ident[EI_CLASS] == ELFCLASS32;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* The threads of pid, sorted, so a seed picks the same one every time. */
static int list_threads(pid_t pid, pid_t **tids, size_t *nr)
{
	char path[64];
	struct dirent *de;
	size_t room = 0;
	DIR *dir;

	*tids = NULL;
	*nr = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return kfi_fail(ESRCH, "no such process %d: check the pid (ps -p %d)",
				(int)pid, (int)pid);
	while ((de = readdir(dir))) {
		long tid = atol(de->d_name);

		if (tid <= 0)
			continue;
		if (*nr == room) {
			size_t new_room = room ? 2 * room : 16;
			pid_t *p = realloc(*tids, new_room * sizeof(*p));

			if (!p) {
				closedir(dir);
				free(*tids);
				*tids = NULL;
				return kfi_fail(ENOMEM, "out of memory while listing threads");
			}
			*tids = p;
			room = new_room;
		}
		(*tids)[(*nr)++] = (pid_t)tid;
	}
	closedir(dir);
	if (!*nr) {
		free(*tids);
		*tids = NULL;
		return kfi_fail(ESRCH, "process %d has exited", (int)pid);
	}
	qsort(*tids, *nr, sizeof(**tids), cmp_pid);
	return 0;
}

static int resolve_tid(struct kfi_handle *h, pid_t pid, pid_t tid,
		       pid_t *out)
{
	char path[80];
	pid_t *tids;
	size_t nr;

	if (tid == KFI_TID_DEFAULT) {
		*out = pid;
		return 0;
	}
	if (tid == KFI_TID_RANDOM) {
		if (list_threads(pid, &tids, &nr))
			return -1;
		*out = tids[kfi_prng_below(&h->prng, nr)];
		free(tids);
		return 0;
	}
	if (tid < 0)
		return kfi_fail(EINVAL, "invalid thread id %d: give a thread id of process %d",
				(int)tid, (int)pid);
	snprintf(path, sizeof(path), "/proc/%d/task/%d", (int)pid, (int)tid);
	if (access(path, F_OK))
		return kfi_fail(ESRCH, "no thread %d in process %d: list its threads in /proc/%d/task",
				(int)tid, (int)pid, (int)pid);
	*out = tid;
	return 0;
}

static int resolve_reg(struct kfi_handle *h, const struct kfi_request *in,
		       int compat, int *out)
{
	unsigned int candidates[64], nr = 0;

	if (in->reg == KFI_REG_RANDOM) {
		for (unsigned int i = 0; i < h->nr_regs && nr < 64; i++)
			if ((h->regs[i].pools & (1U << in->pool)) &&
			    kfi_reg_allowed_mask(h, i, compat))
				candidates[nr++] = i;
		if (!nr)
			return kfi_fail(EINVAL, "register pool %s has no register that can be injected in process %d: choose another pool",
					kfi_pool_name(in->pool), (int)in->pid);
		*out = (int)candidates[kfi_prng_below(&h->prng, nr)];
		return 0;
	}
	if (in->reg < 0 || (unsigned int)in->reg >= h->nr_regs)
		return kfi_fail(EINVAL, "no register with index %d (there are %u): use kfi-inject --list-registers",
				in->reg, h->nr_regs);
	if (!kfi_reg_allowed_mask(h, (unsigned int)in->reg, compat))
		return kfi_fail(EINVAL, "register %s cannot be injected%s: choose another register",
				h->regs[in->reg].name,
				compat ? " in a 32-bit process" : "");
	*out = in->reg;
	return 0;
}

static int resolve_mask(struct kfi_handle *h, const struct kfi_request *in,
			int reg, int compat, uint64_t *out)
{
	uint64_t allowed = kfi_reg_allowed_mask(h, (unsigned int)reg, compat);
	unsigned int k;

	if (in->mask) {
		if (in->mask & ~allowed)
			return kfi_fail(EINVAL, "bits 0x%llx of register %s cannot be injected%s (allowed: 0x%llx): choose other bits",
					(unsigned long long)(in->mask & ~allowed),
					h->regs[reg].name,
					compat ? " in a 32-bit process" : "",
					(unsigned long long)allowed);
		*out = in->mask;
		return 0;
	}
	/* the k-th set bit of allowed, k uniform */
	k = (unsigned int)kfi_prng_below(&h->prng,
					 (uint64_t)__builtin_popcountll(allowed));
	while (k--)
		allowed &= allowed - 1;
	*out = allowed & -allowed;
	return 0;
}

static int check_request(const struct kfi_request *in)
{
	if (in->pid <= 0)
		return kfi_fail(EINVAL, "invalid pid %d: give the pid of a running process",
				(int)in->pid);
	if ((unsigned int)in->pool >= KFI_NR_POOLS)
		return kfi_fail(EINVAL, "unknown register pool %d: use gpr, all or legacy",
				(int)in->pool);
	if ((unsigned int)in->model > KFI_MODEL_CLEAR)
		return kfi_fail(EINVAL, "unknown fault model %d: use flip, set or clear",
				(int)in->model);
	if ((unsigned int)in->method > KFI_METHOD_STOP)
		return kfi_fail(EINVAL, "unknown method %d: use taskwork or stop",
				(int)in->method);
	if (in->flags & ~KFI_INJECT_FLAGS_ALL)
		return kfi_fail(EINVAL, "unknown request flags 0x%x",
				in->flags & ~KFI_INJECT_FLAGS_ALL);
	if (in->timeout_ns < 0 && in->timeout_ns != KFI_TIMEOUT_DEFAULT)
		return kfi_fail(EINVAL, "invalid timeout %lld ns: give a positive timeout",
				(long long)in->timeout_ns);
	return 0;
}

static int resolve_locked(struct kfi_handle *h, const struct kfi_request *in,
			  struct kfi_request *out)
{
	struct kfi_request r = *in;
	char path[64];
	int compat;

	if (check_request(in))
		return -1;
	snprintf(path, sizeof(path), "/proc/%d", (int)in->pid);
	if (access(path, F_OK))
		return kfi_fail(ESRCH, "no such process %d: check the pid (ps -p %d)",
				(int)in->pid, (int)in->pid);
	if (resolve_tid(h, in->pid, in->tid, &r.tid))
		return -1;
	compat = kfi_target_is_compat(in->pid);
	if (resolve_reg(h, in, compat, &r.reg) ||
	    resolve_mask(h, in, r.reg, compat, &r.mask))
		return -1;
	*out = r;
	return 0;
}

KFI_EXPORT int kfi_resolve(struct kfi_handle *h, const struct kfi_request *in,
			   struct kfi_request *out)
{
	int ret;

	pthread_mutex_lock(&h->lock);
	ret = resolve_locked(h, in, out);
	pthread_mutex_unlock(&h->lock);
	return ret;
}

void kfi_record_from_request(const struct kfi_handle *h,
			     const struct kfi_request *req,
			     struct kfi_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->size = sizeof(*rec);
	rec->cookie = req->cookie;
	rec->pid = req->pid;
	rec->tid = req->tid;
	rec->model = req->model;
	rec->method = req->method;
	rec->mask = req->mask;
	if (req->flags & KFI_INJECT_DRY_RUN)
		rec->flags |= KFI_RECORD_DRY_RUN;
	if (req->reg >= 0 && (unsigned int)req->reg < h->nr_regs) {
		const struct kfi_reg_desc *r = &h->regs[req->reg];

		rec->reg = (unsigned int)req->reg;
		rec->width = r->width;
		memcpy(rec->reg_name, r->name, KFI_NAME_LEN);
	}
}

/* What the module refuses before it looks at the target's registers. */
static int check_self(const struct kfi_request *req, bool async)
{
	if (req->method == KFI_METHOD_STOP && async)
		return kfi_fail(EINVAL, "the stop method is synchronous: use the taskwork method for asynchronous requests");
	if (req->method == KFI_METHOD_STOP && req->pid == getpid())
		return kfi_fail(EDEADLK, "the stop method cannot inject into the calling process itself (it would stop the caller): use the taskwork method");
	if (!async && req->tid == gettid())
		return kfi_fail(EDEADLK, "a synchronous request cannot target the calling thread itself (it would wait for its own return to user mode): use kfi_inject_async()");
	return 0;
}

KFI_EXPORT int kfi_inject(struct kfi_handle *h, const struct kfi_request *req,
			  struct kfi_record *rec)
{
	struct kfi_request explicit_req;

	if (req->timeout_ns == KFI_TIMEOUT_ASYNC) {
		kfi_record_from_request(h, req, rec);
		rec->status = -EINVAL;
		return kfi_fail(EINVAL, "a synchronous injection needs a timeout: use kfi_inject_async() to queue one");
	}
	if (kfi_resolve(h, req, &explicit_req) ||
	    check_self(&explicit_req, false)) {
		int err = errno;

		kfi_record_from_request(h, req, rec);
		rec->status = -err;
		errno = err;
		return -1;
	}
	return h->ops->inject(h, &explicit_req, rec);
}

KFI_EXPORT int kfi_inject_async(struct kfi_handle *h,
				const struct kfi_request *req, uint64_t *seq)
{
	struct kfi_request explicit_req;
	uint64_t ignored;

	if (check_self(req, true) || kfi_resolve(h, req, &explicit_req))
		return -1;
	return h->ops->inject_async(h, &explicit_req, seq ? seq : &ignored);
}

KFI_EXPORT int kfi_collect(struct kfi_handle *h, struct kfi_record *rec)
{
	return h->ops->collect(h, rec);
}

KFI_EXPORT int kfi_inject_random(struct kfi_handle *h, pid_t pid,
				 struct kfi_record *rec)
{
	struct kfi_request req;

	kfi_request_init(&req, pid);
	return kfi_inject(h, &req, rec);
}

KFI_EXPORT int kfi_inject_reg(struct kfi_handle *h, pid_t pid, int reg,
			      struct kfi_record *rec)
{
	struct kfi_request req;

	kfi_request_init(&req, pid);
	req.reg = reg;
	return kfi_inject(h, &req, rec);
}

KFI_EXPORT int kfi_inject_reg_bit(struct kfi_handle *h, pid_t pid, int reg,
				  unsigned int bit, struct kfi_record *rec)
{
	struct kfi_request req;

	kfi_request_init(&req, pid);
	req.reg = reg;
	if (bit >= 64) {
		kfi_record_from_request(h, &req, rec);
		rec->status = -EINVAL;
		return kfi_fail(EINVAL, "bit %u does not exist: registers have bits 0-63 at most",
				bit);
	}
	req.mask = KFI_BIT(bit);
	return kfi_inject(h, &req, rec);
}
