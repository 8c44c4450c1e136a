// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kmod backend against the fake /dev/kfi (fake_kfi.c): opening, the
 * ABI check, the register table from INFO, what a request carries, how
 * errors come back, asynchronous requests, and auto's fallback.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "fake_kfi.h"

/* A process to aim at: the caller itself is refused (EDEADLK). */
static pid_t target_pid;

static void start_target(void)
{
	target_pid = fork();
	cr_assert_geq(target_pid, 0);
	if (!target_pid) {
		/* never outlive the test, whatever happens to it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
}

static void stop_target(void)
{
	kill(target_pid, SIGKILL);
	waitpid(target_pid, NULL, 0);
}

TestSuite(kmod, .init = start_target, .fini = stop_target);

static void use_fake(void)
{
	fake_kfi_setup();
	setenv("KFI_DEVICE", "/dev/null", 1);
}

static struct kfi_handle *open_kmod(void)
{
	struct kfi_handle *h = kfi_open(KFI_BACKEND_KMOD, 0);

	cr_assert_not_null(h, "%s", kfi_last_error());
	return h;
}

Test(kmod, missing_device_says_modprobe)
{
	setenv("KFI_DEVICE", "/nonexistent/kfi", 1);
	cr_assert_null(kfi_open(KFI_BACKEND_KMOD, 0));
	cr_assert_eq(errno, ENOENT);
	cr_assert_str_eq(kfi_last_error(),
			 "/nonexistent/kfi not found: the kfi module is not loaded; run modprobe kfi (as root), or use the ptrace backend");
}

Test(kmod, a_device_that_is_not_kfi)
{
	setenv("KFI_DEVICE", "/dev/null", 1);	/* fake off: ENOTTY */
	cr_assert_null(kfi_open(KFI_BACKEND_KMOD, 0));
	cr_assert_eq(errno, EPROTO);
	cr_assert(strstr(kfi_last_error(), "does not answer KFI_IOC_INFO"),
		  "%s", kfi_last_error());
}

Test(kmod, opens_with_the_modules_table)
{
	struct kfi_handle *h;

	use_fake();
	h = open_kmod();
	cr_assert_eq(kfi_backend(h), KFI_BACKEND_KMOD);
	cr_assert_str_eq(kfi_module_version(h), "9.9.9-fake");
	cr_assert_eq(kfi_nr_regs(h), fake.nr_regs);
	/* names come from INFO, not from the library's own table */
	cr_assert_eq(kfi_reg_lookup(h, "fake3"), 3);
	cr_assert_eq(kfi_reg_lookup(h, "FAKE3"), 3);
	cr_assert_eq(kfi_reg_lookup(h, "r12"), -1);
	cr_assert_str_eq(kfi_reg(h, 3)->name, "fake3");
	cr_assert_eq(kfi_reg(h, 3)->allowed_mask, fake.regs[3].allowed_mask);
	cr_assert_geq(kfi_fd(h), 0);
	cr_assert_eq(fake.calls_info, 2);
	kfi_close(h);
}

Test(kmod, abi_mismatch_shows_both_versions)
{
	use_fake();
	fake.abi_version = KFI_ABI_VERSION + 1;
	cr_assert_null(kfi_open(KFI_BACKEND_KMOD, 0));
	cr_assert_eq(errno, EPROTO);
	char want[300];

	snprintf(want, sizeof(want),
		 "ABI mismatch: libkfi %s speaks kfi ABI version %u, the loaded kfi module 9.9.9-fake speaks version %u: install matching versions of libkfi and the kfi module",
		 kfi_library_version(), KFI_ABI_VERSION, KFI_ABI_VERSION + 1);
	cr_assert_str_eq(kfi_last_error(), want);
	cr_assert_eq(kfi_exit_status(errno), KFI_EXIT_UNAVAILABLE);
}

Test(kmod, abi_mismatch_is_not_a_fallback)
{
	use_fake();
	fake.abi_version = 0;
	cr_assert_null(kfi_open(KFI_BACKEND_AUTO, KFI_OPEN_QUIET));
	cr_assert_eq(errno, EPROTO);
}

Test(kmod, wrong_arch_or_empty_table)
{
	use_fake();
	fake.arch = KFI_ARCH_ARM64 + 7;
	cr_assert_null(kfi_open(KFI_BACKEND_KMOD, 0));
	cr_assert_eq(errno, EPROTO);
	use_fake();
	fake.nr_regs = 0;
	cr_assert_null(kfi_open(KFI_BACKEND_KMOD, 0));
	cr_assert_eq(errno, EPROTO);
}

static void start_target_redirected(void)
{
	start_target();
	cr_redirect_stderr();
}

Test(kmod, auto_falls_back_with_a_notice, .init = start_target_redirected,
     .fini = stop_target)
{
	struct kfi_handle *h;

	setenv("KFI_DEVICE", "/nonexistent/kfi", 1);
	h = kfi_open(KFI_BACKEND_AUTO, 0);
	cr_assert_not_null(h);
	cr_assert_eq(kfi_backend(h), KFI_BACKEND_PTRACE);
	kfi_close(h);
	fflush(stderr);
	cr_assert_stderr_eq_str("kfi: the kfi module is not loaded (no /dev/kfi); using the ptrace backend\n");
}

Test(kmod, auto_quiet_has_no_notice, .init = start_target_redirected,
     .fini = stop_target)
{
	struct kfi_handle *h;

	setenv("KFI_DEVICE", "/nonexistent/kfi", 1);
	h = kfi_open(KFI_BACKEND_AUTO, KFI_OPEN_QUIET);
	cr_assert_not_null(h);
	kfi_close(h);
	fflush(stderr);
	cr_assert_stderr_eq_str("");
}

Test(kmod, auto_uses_the_module_when_there)
{
	struct kfi_handle *h;

	use_fake();
	h = kfi_open(KFI_BACKEND_AUTO, 0);
	cr_assert_not_null(h);
	cr_assert_eq(kfi_backend(h), KFI_BACKEND_KMOD);
	kfi_close(h);
}

Test(kmod, request_carries_every_field)
{
	struct kfi_handle *h;
	struct kfi_request req;
	struct kfi_record rec;

	use_fake();
	h = open_kmod();
	fake.reply.size = sizeof(fake.reply);
	fake.reply.seq = 77;
	fake.reply.status = 0;
	fake.reply.mask = 0x10;
	fake.reply.old_value = 0x1234;
	fake.reply.new_value = 0x1224;
	strcpy(fake.reply.reg_name, "fake5");

	kfi_request_init(&req, target_pid);
	req.reg = 5;
	req.mask = 0x10;
	req.model = KFI_MODEL_CLEAR;
	req.method = KFI_METHOD_STOP;
	req.timeout_ns = 250000000;
	req.cookie = 0xc00c1e;
	req.flags = KFI_INJECT_DRY_RUN;
	cr_assert_eq(kfi_inject(h, &req, &rec), 0, "%s", kfi_last_error());

	cr_assert_eq(fake.last_req.size, sizeof(struct kfi_inject_req));
	cr_assert_eq(fake.last_req.flags, KFI_INJECT_DRY_RUN);
	cr_assert_eq(fake.last_req.pid, target_pid);
	cr_assert_eq(fake.last_req.tid, target_pid);
	cr_assert_eq(fake.last_req.reg, 5);
	cr_assert_eq(fake.last_req.pool, KFI_POOL_GPR);
	cr_assert_eq(fake.last_req.model, KFI_MODEL_CLEAR);
	cr_assert_eq(fake.last_req.method, KFI_METHOD_STOP);
	cr_assert_eq(fake.last_req.mask, 0x10);
	cr_assert_eq(fake.last_req.timeout_ns, 250000000);
	cr_assert_eq(fake.last_req.cookie, 0xc00c1e);
	cr_assert_eq(fake.last_req.record_size, sizeof(struct kfi_record));
	cr_assert_eq(fake.last_req.__reserved, 0);
	cr_assert_eq(rec.seq, 77);
	cr_assert_eq(rec.old_value, 0x1234);
	cr_assert_eq(rec.new_value, 0x1224);
	cr_assert_str_eq(rec.reg_name, "fake5");
	kfi_close(h);
}

Test(kmod, random_choices_are_sent_explicitly)
{
	struct kfi_handle *h;
	struct kfi_request req;
	struct kfi_record rec;

	use_fake();
	h = open_kmod();
	kfi_request_init(&req, target_pid);
	cr_assert_eq(kfi_inject(h, &req, &rec), 0);
	cr_assert_geq(fake.last_req.reg, 0);
	cr_assert_neq(fake.last_req.mask, 0);
	cr_assert_eq(fake.last_req.mask & (fake.last_req.mask - 1), 0);
	cr_assert_eq(fake.last_req.tid, target_pid);
	cr_assert_eq(fake.last_req.timeout_ns, KFI_TIMEOUT_DEFAULT);
	kfi_close(h);
}

struct failure {
	int err;
	const char *says;
	int exit_status;
};

static const struct failure failures[] = {
	{ ETIMEDOUT, "did not return to user mode within 0.5s (blocked or stopped), so it was not injected", KFI_EXIT_TIMEOUT },
	{ EPERM, "not permitted to inject into process", KFI_EXIT_PERMISSION },
	{ ESRCH, "no such process or thread", KFI_EXIT_NO_PROCESS },
	{ EINVAL, "the kfi module refused register fake10 mask 0x1", KFI_EXIT_USAGE },
};

Test(kmod, errors_come_back_as_sentences)
{
	for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
		struct kfi_handle *h;
		struct kfi_request req;
		struct kfi_record rec;

		use_fake();
		h = open_kmod();
		fake.inject_errno = failures[i].err;
		kfi_request_init(&req, target_pid);
		req.reg = 10;
		req.mask = 1;
		req.timeout_ns = 500000000;
		errno = 0;
		cr_assert_eq(kfi_inject(h, &req, &rec), -1);
		cr_assert_eq(errno, failures[i].err);
		cr_assert_eq(rec.status, -failures[i].err);
		cr_assert_eq(rec.pid, target_pid);
		cr_assert_str_eq(rec.reg_name, "fake10");
		cr_assert(strstr(kfi_last_error(), failures[i].says),
			  "errno %d: \"%s\"", failures[i].err, kfi_last_error());
		cr_assert_eq(kfi_exit_status(errno), failures[i].exit_status);
		kfi_close(h);
	}
}

Test(kmod, status_in_the_record_is_an_error)
{
	struct kfi_handle *h;
	struct kfi_request req;
	struct kfi_record rec;

	use_fake();
	h = open_kmod();
	fake.reply.status = -ESRCH;
	kfi_request_init(&req, target_pid);
	cr_assert_eq(kfi_inject(h, &req, &rec), -1);
	cr_assert_eq(errno, ESRCH);
	kfi_close(h);
}

Test(kmod, async_queue_and_collect)
{
	struct kfi_handle *h;
	struct kfi_request req;
	struct kfi_record rec;
	uint64_t seq = 0;

	use_fake();
	h = open_kmod();
	fake.reply.status = -EINPROGRESS;
	fake.reply.seq = 5;
	kfi_request_init(&req, target_pid);
	cr_assert_eq(kfi_inject_async(h, &req, &seq), 0, "%s",
		     kfi_last_error());
	cr_assert_eq(seq, 5);
	cr_assert_eq(fake.last_req.timeout_ns, KFI_TIMEOUT_ASYNC);

	cr_assert_eq(kfi_collect(h, &rec), -1);
	cr_assert_eq(errno, EAGAIN);
	fake.ready[0].seq = 5;
	fake.ready[0].status = 0;
	fake.nr_ready = 1;
	cr_assert_eq(kfi_collect(h, &rec), 0);
	cr_assert_eq(rec.seq, 5);
	cr_assert_eq(kfi_collect(h, &rec), -1);
	cr_assert_eq(errno, EAGAIN);
	kfi_close(h);
}

Test(kmod, async_refused_at_once)
{
	struct kfi_handle *h;
	struct kfi_request req;
	uint64_t seq;

	use_fake();
	h = open_kmod();
	fake.inject_errno = EAGAIN;
	kfi_request_init(&req, target_pid);
	cr_assert_eq(kfi_inject_async(h, &req, &seq), -1);
	cr_assert_eq(errno, EAGAIN);
	cr_assert(strstr(kfi_last_error(), "collect"));
	kfi_close(h);
}

Test(kmod, sync_with_async_timeout_is_refused)
{
	struct kfi_handle *h;
	struct kfi_request req;
	struct kfi_record rec;

	use_fake();
	h = open_kmod();
	kfi_request_init(&req, target_pid);
	req.timeout_ns = KFI_TIMEOUT_ASYNC;
	cr_assert_eq(kfi_inject(h, &req, &rec), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(fake.calls_inject, 0);
	kfi_close(h);
}

Test(kmod, refuses_the_caller_itself_as_the_module_does)
{
	struct kfi_handle *h;
	struct kfi_request req;
	struct kfi_record rec;
	uint64_t seq;

	use_fake();
	h = open_kmod();
	kfi_request_init(&req, getpid());
	cr_assert_eq(kfi_inject(h, &req, &rec), -1);
	cr_assert_eq(errno, EDEADLK);
	cr_assert_eq(rec.status, -EDEADLK);
	cr_assert(strstr(kfi_last_error(), "calling thread itself"), "%s",
		  kfi_last_error());
	req.method = KFI_METHOD_STOP;
	req.tid = target_pid;	/* not a thread of ours: resolve fails first */
	cr_assert_eq(kfi_inject(h, &req, &rec), -1);
	cr_assert_eq(errno, ESRCH);
	req.tid = KFI_TID_DEFAULT;
	cr_assert_eq(kfi_inject_async(h, &req, &seq), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert(strstr(kfi_last_error(), "stop method is synchronous"));
	req.pid = target_pid;
	cr_assert_eq(kfi_inject_async(h, &req, &seq), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(fake.calls_inject, 0);
	/* asynchronous taskwork on ourselves is the module's to judge */
	req.pid = getpid();
	req.method = KFI_METHOD_TASKWORK;
	fake.reply.status = -EINPROGRESS;
	cr_assert_eq(kfi_inject_async(h, &req, &seq), 0, "%s",
		     kfi_last_error());
	cr_assert_eq(fake.calls_inject, 1);
	kfi_close(h);
}

Test(kmod, the_ancestors_three_calls)
{
	struct kfi_handle *h;
	struct kfi_record rec;

	use_fake();
	h = open_kmod();
	cr_assert_eq(kfi_inject_reg_bit(h, target_pid, 10, 63, &rec), 0, "%s",
		     kfi_last_error());
	cr_assert_eq(fake.last_req.reg, 10);
	cr_assert_eq(fake.last_req.mask, 1ULL << 63);
	cr_assert_eq(kfi_inject_reg(h, target_pid, 5, &rec), 0);
	cr_assert_eq(fake.last_req.reg, 5);
	cr_assert_eq(fake.last_req.mask & (fake.last_req.mask - 1), 0);
	cr_assert_neq(fake.last_req.mask, 0);
	cr_assert_eq(kfi_inject_random(h, target_pid, &rec), 0);
	cr_assert_eq(fake.calls_inject, 3);

	cr_assert_eq(kfi_inject_reg_bit(h, target_pid, 10, 64, &rec), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(rec.status, -EINVAL);
	cr_assert_str_eq(kfi_last_error(),
			 "bit 64 does not exist: registers have bits 0-63 at most");
	cr_assert_eq(kfi_inject_reg(h, target_pid, 17, &rec), -1);	/* cs */
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(fake.calls_inject, 3);
	kfi_close(h);
}
