// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors.c - the calling thread's last-error sentence and the mapping of
 * errno values to sentences and to the tools' exit statuses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define KFI_ERROR_MAX	512

/* Per thread, so handles need no lock for it and threads never see each
 * other's errors. */
static _Thread_local char last_error[KFI_ERROR_MAX];

int kfi_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

int kfi_fail_errno(int err, const char *context)
{
	return kfi_fail(err, "%s: %s", context, kfi_strerror(err));
}

KFI_EXPORT const char *kfi_last_error(void)
{
	if (!last_error[0])
		return "no error";
	return last_error;
}

KFI_EXPORT const char *kfi_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case ENOENT:
		return "the kfi module is not loaded (no /dev/kfi): run modprobe kfi, or use the ptrace backend";
	case EACCES:
		return "/dev/kfi is not accessible: add your user to group kfi and log in again";
	case ESRCH:
		return "no such process or thread: check the pid; the target may have exited";
	case EPERM:
		return "not permitted: you may only inject into processes you could ptrace (your own, or with CAP_SYS_PTRACE)";
	case ETIMEDOUT:
		return "timed out: the target did not get to user mode in time, so it was not injected; retry, or allow a longer timeout";
	case EPROTO:
		return "the kfi module and libkfi speak different ABI versions: install matching versions of both";
	case EINVAL:
		return "invalid request: that register or those bits cannot be injected in this target";
	case ENODEV:
		return "no injection backend is available: load the kfi module (modprobe kfi) or allow ptrace";
	case EBUSY:
		return "the target is being traced (by a debugger?): detach the tracer first";
	case EAGAIN:
		return "not now: no finished record is ready yet (poll the handle's file descriptor), or too many asynchronous requests are pending (collect some first)";
	case EDEADLK:
		return "a process cannot inject into itself that way: use the taskwork method, asynchronously";
	case EINTR:
		return "interrupted by a signal while waiting, so it was not injected: retry";
	case EOPNOTSUPP:
		return "not supported for this target (a 32-bit task on arm64)";
	case ENOMEM:
		return "out of memory";
	case ERANGE:
		return "value out of range";
	default:
		return strerrordesc_np(err) ? strerrordesc_np(err) : "unknown error";
	}
}

KFI_EXPORT int kfi_exit_status(int err)
{
	switch (err) {
	case 0:
		return KFI_EXIT_OK;
	case EINVAL:
	case ERANGE:
	case EDEADLK:
		return KFI_EXIT_USAGE;
	case EPERM:
	case EACCES:
		return KFI_EXIT_PERMISSION;
	case ESRCH:
		return KFI_EXIT_NO_PROCESS;
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case EPROTO:
	case EOPNOTSUPP:
		return KFI_EXIT_UNAVAILABLE;
	case ETIMEDOUT:
	case EINTR:
		return KFI_EXIT_TIMEOUT;
	default:
		return KFI_EXIT_FAILURE;
	}
}
