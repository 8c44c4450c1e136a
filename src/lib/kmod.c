// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kmod.c - the kmod backend: requests go to /dev/kfi as KFI_IOC_INJECT,
 * the register table comes from KFI_IOC_INFO.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "internal.h"
#include "arch/regs.h"	/* KFI_ARCH only: the table comes from INFO */

static const char *device_path(void)
{
	const char *path = secure_getenv("KFI_DEVICE");

	return path && *path ? path : KFI_DEVICE_PATH;
}

static int open_device(struct kfi_handle *h, const char *path)
{
	h->fd = open(path, O_RDWR | O_CLOEXEC);
	if (h->fd >= 0)
		return 0;
	switch (errno) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		return kfi_fail(errno, "%s not found: the kfi module is not loaded; run modprobe kfi (as root), or use the ptrace backend",
				path);
	case EACCES:
	case EPERM:
		return kfi_fail(EACCES, "%s is not accessible to you: add your user to group kfi (usermod -aG kfi USER) and log in again",
				path);
	default:
		return kfi_fail_errno(errno, path);
	}
}

static int read_info(struct kfi_handle *h, const char *path)
{
	struct kfi_info info;
	struct kfi_reg_desc *regs;

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.reg_desc_size = sizeof(struct kfi_reg_desc);
	if (ioctl(h->fd, KFI_IOC_INFO, &info))
		return kfi_fail(errno == ENOTTY ? EPROTO : errno,
				"%s does not answer KFI_IOC_INFO (%s): is it the kfi module's device? Reload the kfi module",
				path, strerror(errno));
	memcpy(h->module_version, info.version, sizeof(h->module_version));
	h->module_version[sizeof(h->module_version) - 1] = '\0';
	if (info.abi_version != KFI_ABI_VERSION)
		return kfi_fail(EPROTO, "ABI mismatch: libkfi %s speaks kfi ABI version %u, the loaded kfi module %s speaks version %u: install matching versions of libkfi and the kfi module",
				KFI_VERSION, KFI_ABI_VERSION,
				h->module_version[0] ? h->module_version : "(unknown version)",
				info.abi_version);
	if (info.arch != KFI_ARCH)
		return kfi_fail(EPROTO, "the kfi module reports architecture %u, this libkfi was built for %u: install the libkfi of this machine's architecture",
				info.arch, (unsigned int)KFI_ARCH);
	if (!info.nr_regs || info.nr_regs > 64)
		return kfi_fail(EPROTO, "the kfi module reports %u registers: reload a kfi module matching libkfi %s",
				info.nr_regs, KFI_VERSION);

	regs = calloc(info.nr_regs, sizeof(*regs));
	if (!regs)
		return kfi_fail(ENOMEM, "out of memory while reading the register table");
	info.regs = (uint64_t)(uintptr_t)regs;
	info.nr_regs_room = info.nr_regs;
	if (ioctl(h->fd, KFI_IOC_INFO, &info)) {
		int err = errno;

		free(regs);
		return kfi_fail_errno(err, "reading the kfi module's register table");
	}
	for (unsigned int i = 0; i < info.nr_regs; i++) {
		regs[i].name[KFI_NAME_LEN - 1] = '\0';
		regs[i].aliases[sizeof(regs[i].aliases) - 1] = '\0';
	}
	h->regs = regs;
	h->nr_regs = info.nr_regs;
	return 0;
}

static int kmod_open(struct kfi_handle *h)
{
	const char *path = device_path();

	if (open_device(h, path))
		return -1;
	if (read_info(h, path)) {
		int err = errno;

		close(h->fd);
		h->fd = -1;
		free(h->regs);
		h->regs = NULL;
		h->nr_regs = 0;
		errno = err;
		return -1;
	}
	return 0;
}

static void kmod_close(struct kfi_handle *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

static void fill_req(const struct kfi_request *req, struct kfi_record *rec,
		     int64_t timeout_ns, struct kfi_inject_req *kreq)
{
	memset(kreq, 0, sizeof(*kreq));
	kreq->size = sizeof(*kreq);
	kreq->flags = req->flags;
	kreq->pid = req->pid;
	kreq->tid = req->tid;
	kreq->reg = req->reg;
	kreq->pool = req->pool;
	kreq->model = req->model;
	kreq->method = req->method;
	kreq->mask = req->mask;
	kreq->timeout_ns = timeout_ns;
	kreq->cookie = req->cookie;
	kreq->record = (uint64_t)(uintptr_t)rec;
	kreq->record_size = sizeof(*rec);
}

/* The sentence for an error the module gave for a request. */
static int request_failed(const struct kfi_request *req, int err,
			  const struct kfi_record *rec)
{
	const char *reg = rec->reg_name[0] ? rec->reg_name : "?";
	double timeout_s = (req->timeout_ns == KFI_TIMEOUT_DEFAULT ?
			    KFI_TIMEOUT_DEFAULT_NS : req->timeout_ns) / 1e9;

	switch (err) {
	case ESRCH:
		return kfi_fail(ESRCH, "no such process or thread %d/%d (or it exited or exec'd before it was injected): check the pid",
				(int)req->pid, (int)req->tid);
	case EPERM:
	case EACCES:
		return kfi_fail(EPERM, "not permitted to inject into process %d: it belongs to another user or is not dumpable; run as its owner or with CAP_SYS_PTRACE",
				(int)req->pid);
	case ETIMEDOUT:
		return kfi_fail(ETIMEDOUT, "process %d did not return to user mode within %gs (blocked or stopped), so it was not injected: retry, or allow a longer timeout",
				(int)req->pid, timeout_s);
	case EINVAL:
		return kfi_fail(EINVAL, "the kfi module refused register %s mask 0x%llx for process %d: choose a register and bits it allows (--list-registers)",
				reg, (unsigned long long)req->mask, (int)req->pid);
	case EAGAIN:
		return kfi_fail(EAGAIN, "%d asynchronous requests are already pending: collect records first",
				KFI_MAX_PENDING);
	case EBUSY:
		return kfi_fail(EBUSY, "process %d is being traced (by a debugger?), so the stop method cannot inject it: detach the tracer or use the taskwork method",
				(int)req->pid);
	case EINTR:
		return kfi_fail(EINTR, "interrupted by a signal while waiting for process %d, so it was not injected: retry",
				(int)req->pid);
	case EOPNOTSUPP:
		return kfi_fail(EOPNOTSUPP, "the kfi module cannot inject 32-bit process %d on this architecture",
				(int)req->pid);
	default:
		return kfi_fail_errno(err, "injecting through /dev/kfi");
	}
}

static int kmod_inject(struct kfi_handle *h, const struct kfi_request *req,
		       struct kfi_record *rec)
{
	struct kfi_inject_req kreq;
	int err;

	kfi_record_from_request(h, req, rec);
	fill_req(req, rec, req->timeout_ns, &kreq);
	if (ioctl(h->fd, KFI_IOC_INJECT, &kreq)) {
		err = errno;
		rec->status = -err;
		return request_failed(req, err, rec);
	}
	if (rec->status < 0)
		return request_failed(req, -rec->status, rec);
	return 0;
}

static int kmod_inject_async(struct kfi_handle *h,
			     const struct kfi_request *req, uint64_t *seq)
{
	struct kfi_inject_req kreq;
	struct kfi_record rec;

	kfi_record_from_request(h, req, &rec);
	fill_req(req, &rec, KFI_TIMEOUT_ASYNC, &kreq);
	if (ioctl(h->fd, KFI_IOC_INJECT, &kreq))
		return request_failed(req, errno, &rec);
	if (rec.status < 0 && rec.status != -EINPROGRESS)
		return request_failed(req, -rec.status, &rec);
	*seq = rec.seq;
	return 0;
}

static int kmod_collect(struct kfi_handle *h, struct kfi_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->size = sizeof(*rec);
	if (ioctl(h->fd, KFI_IOC_COLLECT, rec)) {
		if (errno == EAGAIN)
			return kfi_fail(EAGAIN, "no finished record is ready yet: poll the handle's file descriptor");
		return kfi_fail_errno(errno, "collecting a record from /dev/kfi");
	}
	return 0;
}

const struct kfi_backend_ops kfi_kmod_ops = {
	.id = KFI_BACKEND_KMOD,
	.open = kmod_open,
	.close = kmod_close,
	.inject = kmod_inject,
	.inject_async = kmod_inject_async,
	.collect = kmod_collect,
};
