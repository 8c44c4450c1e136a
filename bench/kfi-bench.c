// SPDX-License-Identifier: GPL-2.0-only
/*
 * kfi-bench - the benchmark driver: times injections made the four ways
 * (the module's taskwork and stop methods and libkfi's ptrace backend, all
 * through libkfi, and gdb in batch mode) with CLOCK_MONOTONIC.
 *
 *   kfi-bench latency WAY PID COUNT [dry]   one sample (ns) per line
 *   kfi-bench rate WAY PID PER_SECOND [dry] inject on a fixed schedule
 *                                   until PID exits; prints "injected N";
 *                                   with KFI_BENCH_GO=FIFO it first writes
 *                                   "go" there (the workload's start), so
 *                                   both start together
 *   kfi-bench throughput WAY PID MS         back to back for MS ms; prints
 *                                   "injected N in NS ns"
 *   kfi-bench pending PID COUNT             queue COUNT async requests (over
 *                                   as many opens as KFI_MAX_PENDING
 *                                   needs), print "pending N", wait for a
 *                                   line on stdin, then close them all
 *
 * WAY is taskwork, stop, ptrace or gdb.  Every way flips bit 0 of rax, which
 * the bench victims ignore; "dry" makes the libkfi ways dry runs and gdb's
 * change a no-op (set $rax = $rax), for targets that must not be changed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kfi.h"

extern char **environ;

enum way { WAY_TASKWORK, WAY_STOP, WAY_PTRACE, WAY_GDB };

struct injector {
	enum way way;
	pid_t pid;
	int dry;
	struct kfi_handle *h;
	struct kfi_request req;
	char pid_arg[16];
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "kfi-bench: %s: %s\n", what, kfi_last_error());
	exit(1);
}

static int parse_way(const char *s, enum way *way)
{
	static const char *const names[] = { "taskwork", "stop", "ptrace", "gdb" };

	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*way = (enum way)i;
			return 0;
		}
	}
	return -1;
}

static long parse_long(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v <= 0) {
		fprintf(stderr, "kfi-bench: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static void injector_open(struct injector *in, enum way way, pid_t pid,
			  int dry)
{
	memset(in, 0, sizeof(*in));
	in->way = way;
	in->pid = pid;
	in->dry = dry;
	snprintf(in->pid_arg, sizeof(in->pid_arg), "%d", (int)pid);
	if (way == WAY_GDB)
		return;
	in->h = kfi_open(way == WAY_PTRACE ? KFI_BACKEND_PTRACE :
			 KFI_BACKEND_KMOD, KFI_OPEN_QUIET);
	if (!in->h)
		die("kfi_open");
	kfi_request_init(&in->req, pid);
	in->req.reg = kfi_reg_lookup(in->h, "rax");
	if (in->req.reg < 0)
		die("rax");
	in->req.mask = KFI_BIT(0);
	in->req.method = way == WAY_STOP ? KFI_METHOD_STOP : KFI_METHOD_TASKWORK;
	if (dry)
		in->req.flags = KFI_INJECT_DRY_RUN;
}

/* gdb -p PID -batch -ex 'set $rax = ...': the way people do it by hand. */
static int gdb_inject(struct injector *in)
{
	char *argv[] = { "gdb", "-nx", "-q", "-p", in->pid_arg, "-batch", "-ex",
			 in->dry ? "set $rax = $rax" : "set $rax = $rax ^ 1",
			 NULL };
	posix_spawn_file_actions_t fa;
	int status;
	pid_t child;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	errno = posix_spawnp(&child, "gdb", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (errno)
		return -1;
	if (waitpid(child, &status, 0) < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static int inject_once(struct injector *in)
{
	struct kfi_record rec;

	if (in->way == WAY_GDB)
		return gdb_inject(in);
	return kfi_inject(in->h, &in->req, &rec);
}

static int target_alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno != ESRCH;
}

/*
 * A failed request is a sample too ("fail ERRNO NS"): a way that cannot
 * reach the target is a result.  Three failures in a row end the run, as
 * each may cost a whole time-out.
 */
static int cmd_latency(struct injector *in, long count)
{
	int64_t *samples = calloc((size_t)count, sizeof(*samples));
	int *errors = calloc((size_t)count, sizeof(*errors));
	long done = 0, failed_in_a_row = 0;

	if (!samples || !errors)
		return 1;
	while (done < count && failed_in_a_row < 3) {
		int64_t t0 = now_ns();
		int ret = inject_once(in);

		samples[done] = now_ns() - t0;
		errors[done] = ret < 0 ? errno : 0;
		failed_in_a_row = ret < 0 ? failed_in_a_row + 1 : 0;
		done++;
	}
	/* Printed after the loop, so the output does not perturb it. */
	for (long i = 0; i < done; i++) {
		if (errors[i])
			printf("fail %s %" PRId64 "\n",
			       strerrorname_np(errors[i]), samples[i]);
		else
			printf("%" PRId64 "\n", samples[i]);
	}
	if (failed_in_a_row)
		fprintf(stderr, "kfi-bench: stopped after %ld failures in a row: %s\n",
			failed_in_a_row, kfi_last_error());
	free(samples);
	free(errors);
	return 0;
}

/* Start the workload once we are ready, not when the shell gets to it. */
static void start_workload(void)
{
	const char *go = getenv("KFI_BENCH_GO");
	int fd;

	if (!go)
		return;
	fd = open(go, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "go\n", 3) != 3) {
		perror(go);
		exit(1);
	}
	close(fd);
}

static int cmd_rate(struct injector *in, long per_second)
{
	int64_t gap = 1000000000LL / per_second;
	struct timespec next;
	long injected = 0, failed = 0;
	int64_t t;

	start_workload();
	clock_gettime(CLOCK_MONOTONIC, &next);
	t = (int64_t)next.tv_sec * 1000000000LL + next.tv_nsec;
	while (target_alive(in->pid)) {
		if (inject_once(in) == 0)
			injected++;
		else
			failed++;
		/* A fixed schedule: a slow injection shortens the next gap. */
		t += gap;
		if (t < now_ns())
			t = now_ns();
		next.tv_sec = t / 1000000000LL;
		next.tv_nsec = t % 1000000000LL;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
				       NULL) == EINTR)
			;
	}
	/* The last few fail with ESRCH as the target exits. */
	printf("injected %ld failed %ld\n", injected, failed);
	return 0;
}

static int cmd_throughput(struct injector *in, long ms)
{
	int64_t start = now_ns(), end = start + ms * 1000000LL, t = start;
	long injected = 0;

	while (t < end) {
		if (inject_once(in) < 0)
			die("inject");
		injected++;
		t = now_ns();
	}
	printf("injected %ld in %" PRId64 " ns\n", injected, t - start);
	return 0;
}

static int cmd_pending(pid_t pid, long count)
{
	long handles = (count + KFI_MAX_PENDING - 1) / KFI_MAX_PENDING, queued = 0;
	struct kfi_handle **h = calloc((size_t)handles, sizeof(*h));
	struct kfi_request req;
	char line[16];

	if (!h)
		return 1;
	for (long i = 0; i < handles; i++) {
		h[i] = kfi_open(KFI_BACKEND_KMOD, KFI_OPEN_QUIET);
		if (!h[i])
			die("kfi_open");
		kfi_request_init(&req, pid);
		req.reg = kfi_reg_lookup(h[i], "rax");
		req.mask = KFI_BIT(0);
		req.flags = KFI_INJECT_DRY_RUN;
		req.timeout_ns = KFI_TIMEOUT_ASYNC;
		for (long j = 0; j < KFI_MAX_PENDING && queued < count; j++) {
			if (kfi_inject_async(h[i], &req, NULL) < 0)
				die("kfi_inject_async");
			queued++;
		}
	}
	printf("pending %ld\n", queued);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		line[0] = 0;
	for (long i = 0; i < handles; i++)
		kfi_close(h[i]);
	free(h);
	return 0;
}

static void usage(void)
{
	fputs("usage: kfi-bench latency|rate|throughput WAY PID N [dry]\n"
	      "       kfi-bench pending PID COUNT\n"
	      "WAY: taskwork stop ptrace gdb\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct injector in;
	enum way way;
	int dry, ret;
	long n;

	/* gdb's children and our own must not be killed by a dead pipe. */
	signal(SIGPIPE, SIG_IGN);
	if (argc == 4 && strcmp(argv[1], "pending") == 0)
		return cmd_pending((pid_t)parse_long(argv[2], "pid"),
				   parse_long(argv[3], "count"));
	if (argc < 5 || argc > 6 || parse_way(argv[2], &way) < 0)
		usage();
	dry = argc == 6 && strcmp(argv[5], "dry") == 0;
	if (argc == 6 && !dry)
		usage();
	n = parse_long(argv[4], "count");
	injector_open(&in, way, (pid_t)parse_long(argv[3], "pid"), dry);
	if (strcmp(argv[1], "latency") == 0)
		ret = cmd_latency(&in, n);
	else if (strcmp(argv[1], "rate") == 0)
		ret = cmd_rate(&in, n);
	else if (strcmp(argv[1], "throughput") == 0)
		ret = cmd_throughput(&in, n);
	else
		usage();
	kfi_close(in.h);
	return ret;
}
