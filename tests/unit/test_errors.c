// SPDX-License-Identifier: GPL-2.0-or-later
/* Error sentences, exit statuses, per-thread last error. */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <criterion/criterion.h>

#include "kfi.h"

#define assert_says(err, phrase)					\
	cr_assert(strstr(kfi_strerror(err), phrase),			\
		  "kfi_strerror(%d) = \"%s\" lacks \"%s\"", err,	\
		  kfi_strerror(err), phrase)

Test(errors, sentences_name_cause_and_fix)
{
	assert_says(ENOENT, "not loaded");
	assert_says(ENOENT, "modprobe kfi");
	assert_says(EACCES, "add your user to group kfi and log in again");
	assert_says(ESRCH, "no such process");
	assert_says(EPERM, "not permitted");
	assert_says(EPERM, "CAP_SYS_PTRACE");
	assert_says(ETIMEDOUT, "not injected");
	assert_says(EPROTO, "ABI versions");
	assert_says(EINVAL, "cannot be injected");
	assert_says(ENODEV, "modprobe kfi");
	assert_says(EBUSY, "traced");
	assert_says(EAGAIN, "poll");
	assert_says(EAGAIN, "collect");
	assert_says(EDEADLK, "itself");
	assert_says(EINTR, "not injected");
}

Test(errors, unknown_errno_still_has_a_sentence)
{
	cr_assert_str_eq(kfi_strerror(EXDEV), "Invalid cross-device link");
	cr_assert_str_eq(kfi_strerror(100000), "unknown error");
}

Test(errors, exit_statuses)
{
	cr_assert_eq(kfi_exit_status(0), KFI_EXIT_OK);
	cr_assert_eq(kfi_exit_status(EINVAL), KFI_EXIT_USAGE);
	cr_assert_eq(kfi_exit_status(ERANGE), KFI_EXIT_USAGE);
	cr_assert_eq(kfi_exit_status(EPERM), KFI_EXIT_PERMISSION);
	cr_assert_eq(kfi_exit_status(EACCES), KFI_EXIT_PERMISSION);
	cr_assert_eq(kfi_exit_status(ESRCH), KFI_EXIT_NO_PROCESS);
	cr_assert_eq(kfi_exit_status(ENOENT), KFI_EXIT_UNAVAILABLE);
	cr_assert_eq(kfi_exit_status(ENODEV), KFI_EXIT_UNAVAILABLE);
	cr_assert_eq(kfi_exit_status(EPROTO), KFI_EXIT_UNAVAILABLE);
	cr_assert_eq(kfi_exit_status(ETIMEDOUT), KFI_EXIT_TIMEOUT);
	cr_assert_eq(kfi_exit_status(EINTR), KFI_EXIT_TIMEOUT);
	cr_assert_eq(kfi_exit_status(EDEADLK), KFI_EXIT_USAGE);
	cr_assert_eq(kfi_exit_status(EOPNOTSUPP), KFI_EXIT_UNAVAILABLE);
	cr_assert_eq(kfi_exit_status(ENOMEM), KFI_EXIT_FAILURE);
	/* the documented numbers are stable */
	cr_assert_eq(KFI_EXIT_USAGE, 2);
	cr_assert_eq(KFI_EXIT_PERMISSION, 3);
	cr_assert_eq(KFI_EXIT_NO_PROCESS, 4);
	cr_assert_eq(KFI_EXIT_UNAVAILABLE, 5);
	cr_assert_eq(KFI_EXIT_TIMEOUT, 6);
}

Test(errors, no_error_yet)
{
	cr_assert_str_eq(kfi_last_error(), "no error");
}

static void *fail_in_thread(void *arg)
{
	int64_t ns;

	(void)arg;
	kfi_parse_duration("7 parsecs", &ns);
	return strdup(kfi_last_error());
}

Test(errors, last_error_is_per_thread)
{
	pthread_t t;
	int64_t ns;
	char *theirs;

	kfi_parse_duration("1y", &ns);
	cr_assert_eq(pthread_create(&t, NULL, fail_in_thread, NULL), 0);
	cr_assert_eq(pthread_join(t, (void **)&theirs), 0);
	cr_assert(strstr(theirs, "'7 parsecs'"), "%s", theirs);
	cr_assert(strstr(kfi_last_error(), "'1y'"), "%s", kfi_last_error());
	cr_assert_null(strstr(kfi_last_error(), "parsecs"));
	free(theirs);
}
