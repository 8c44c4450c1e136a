// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib-async PID BACKEND - libkfi's asynchronous path against a live
 * process: queue three dry-run requests, poll the handle's fd, collect the
 * three records in order, then find nothing more.  Also the refusals:
 * the stop method asynchronously, a synchronous request on the caller.
 * Prints "ok" lines, or "FAIL: ..." and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kfi.h"

static int failures;

#define expect(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("FAIL: " __VA_ARGS__);			\
			printf(" [%s]\n", kfi_last_error());		\
			failures++;					\
		}							\
	} while (0)

int main(int argc, char **argv)
{
	struct kfi_handle *h;
	struct kfi_request req;
	struct kfi_record rec;
	enum kfi_backend backend;
	uint64_t seq[3];
	struct pollfd pfd;

	if (argc != 3 || kfi_backend_parse(argv[2], &backend))
		return 2;
	h = kfi_open(backend, KFI_OPEN_QUIET);
	if (!h) {
		printf("FAIL: open: %s\n", kfi_last_error());
		return 1;
	}
	kfi_request_init(&req, (pid_t)atoi(argv[1]));
	req.flags = KFI_INJECT_DRY_RUN;
	for (int i = 0; i < 3; i++) {
		req.cookie = 100 + (uint64_t)i;
		expect(!kfi_inject_async(h, &req, &seq[i]), "async %d", i);
	}
	pfd.fd = kfi_fd(h);
	pfd.events = POLLIN;
	/* bounded: the records are ready long before this */
	expect(poll(&pfd, 1, 10000) == 1 && (pfd.revents & POLLIN),
	       "poll: no POLLIN");
	for (int i = 0; i < 3; i++) {
		/* kmod: each record becomes ready on its own; wait for it */
		while (kfi_collect(h, &rec) && errno == EAGAIN)
			poll(&pfd, 1, 10000);
		expect(rec.seq == seq[i], "record %d: seq %llu, want %llu", i,
		       (unsigned long long)rec.seq,
		       (unsigned long long)seq[i]);
		expect(rec.cookie == 100 + (uint64_t)i, "record %d: cookie %llu",
		       i, (unsigned long long)rec.cookie);
		expect(rec.status == 0, "record %d: status %d", i, rec.status);
		expect(rec.flags & KFI_RECORD_DRY_RUN, "record %d: not dry", i);
		expect(rec.old_value == rec.new_value, "record %d: changed", i);
	}
	expect(kfi_collect(h, &rec) == -1 && errno == EAGAIN,
	       "a fourth record");
	expect(poll(&pfd, 1, 0) == 0, "POLLIN with nothing to collect");

	req.method = KFI_METHOD_STOP;
	expect(kfi_inject_async(h, &req, &seq[0]) == -1 && errno == EINVAL,
	       "stop method accepted asynchronously");
	kfi_request_init(&req, getpid());
	expect(kfi_inject(h, &req, &rec) == -1 && errno == EDEADLK,
	       "synchronous request on the caller: errno %d", errno);
	kfi_close(h);
	if (failures)
		return 1;
	printf("ok: 3 async records in order, refusals exact\n");
	return 0;
}
