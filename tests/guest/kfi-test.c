// SPDX-License-Identifier: GPL-2.0-only
/*
 * kfi-test - drive /dev/kfi through the raw ABI of src/kmod/uapi/kfi_abi.h
 * (deliberately not libkfi: the module's suite stands alone).
 *
 * Usage: kfi-test [--dev PATH] COMMAND [ARGS] [-- COMMAND [ARGS]]...
 * All commands share one open file (async injections are collected on the
 * file that queued them).  Each ioctl prints one line:
 *   NAME ret=0 [key=value]...           on success
 *   NAME ret=-1 errno=ENAME [key=value]... on failure
 * Records print as  seq= status= flags= pid= tid= reg= reg_name= model=
 * method= width= mask= old= new= ip= cookie= time_ns= size=  (status is 0 or
 * -ENAME; mask/old/new/ip/cookie/flags in 0x%x).  Exit status 0 if every
 * ioctl and write succeeded, 1 if any failed, 2 for usage errors.
 *
 * Commands:
 *   info [size=N] [reserved=N] [regs=ok|null|bad] [room=N] [desc_size=N]
 *        prints "info ..." then one "reg index= name= aliases= width=
 *        flags= pools= allowed=" line per register
 *   inject [field=value]...  fields (defaults: a valid request):
 *        pid=N|self  tid=N|self|random|default  reg=N|NAME|random
 *        pool=gpr|all|legacy|N  model=flip|set|clear|N
 *        method=taskwork|stop|N  mask=N  bit=N (mask = 1 << N)
 *        timeout=default|async|NS  cookie=N  flags=N  dry=1
 *        size=N (bytes passed; > sizeof: zero tail)  tail=N (fill byte of
 *        the tail)  reserved=N  record=ok|null|bad|kernel  record_size=N
 *        arg=ok|null|bad (the ioctl argument itself)  repeat=N
 *   collect [size=N] [arg=bad]   one KFI_IOC_COLLECT
 *   poll [MS]                    prints "poll ready=1|0"
 *   wait-collect [MS]            poll up to MS (5000), then collect
 *   ioctl NR                     an ioctl number the module does not know
 *   write TEXT                   write(2) TEXT to the file
 *   write-huge N                 write N bytes of 'A' in one write(2)
 *   write-bad                    write(2) from a bad user pointer
 *   read                         read(2) and print "read ret=N text=..."
 *   sleep MS
 *   victim FILE      the output file of a victim (tests/victim/victim.c);
 *                    every later inject notes how many lines it has
 *   expect [MS]      check the last inject against the request and the
 *                    victim: ret 0, status 0, reg/mask/model/method/tid as
 *                    asked (when asked), new = model(old, mask); then, if
 *                    old != new, wait up to MS (60000) for the victim's next
 *                    "resumed"/"blocked" line and require exactly one
 *                    "changed tid=T reg=R old=O new=N" since the inject,
 *                    with the record's T R O N.  Prints "expect ok ..." or
 *                    "expect FAIL: why"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kfi_abi.h"

/* unmapped user address, and a kernel address: both must give EFAULT */
#define BAD_USER_PTR	((void *)(uintptr_t)0x10)
#define KERNEL_PTR	((void *)(uintptr_t)0xffff888000000000ULL)

static int dev_fd = -1;
static const char *victim_file;
static long victim_mark;	/* lines in victim_file before the last inject */
static struct kfi_inject_req last_req;
static struct kfi_record last_rec;
static int last_ret, last_errno;
static int failed;
static struct kfi_reg_desc *table;
static unsigned int table_len;

static const char *errno_name(int err)
{
	switch (err) {
#define E(x) case x: return #x
	E(EPERM); E(ENOENT); E(ESRCH); E(EINTR); E(EIO); E(E2BIG);
	E(EBADF); E(EAGAIN); E(ENOMEM); E(EACCES); E(EFAULT); E(EBUSY);
	E(EEXIST); E(ENODEV); E(EINVAL); E(ENOSPC); E(ENOTTY);
	E(EDEADLK); E(ENOSYS); E(EOPNOTSUPP); E(ETIMEDOUT); E(EINPROGRESS);
	E(ECANCELED); E(ERANGE); E(EOVERFLOW); E(ENXIO); E(ECHILD);
#undef E
	default: return "E?";
	}
}

static void usage(const char *why)
{
	fprintf(stderr, "kfi-test: %s (see the comment at the top of "
		"tests/guest/kfi-test.c)\n", why);
	exit(2);
}

static unsigned long long number(const char *key, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (*s == '-')
		v = (unsigned long long)strtoll(s, &end, 0);
	else
		v = strtoull(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "kfi-test: %s: not a number: %s\n", key, s);
		exit(2);
	}
	return v;
}

static void result(const char *name, long ret, int err)
{
	if (ret < 0) {
		printf("%s ret=%ld errno=%s", name, ret, errno_name(err));
		failed = 1;
	} else {
		printf("%s ret=%ld", name, ret);
	}
}

static void print_record(const struct kfi_record *r)
{
	char status[24];

	if (!r->size)
		return;
	if (r->status)
		snprintf(status, sizeof(status), "-%s",
			 errno_name(-r->status));
	else
		snprintf(status, sizeof(status), "0");
	printf(" seq=%llu status=%s flags=0x%x pid=%d tid=%d reg=%u "
	       "reg_name=%.*s model=%u method=%u width=%u mask=0x%llx "
	       "old=0x%llx new=0x%llx ip=0x%llx cookie=0x%llx time_ns=%llu "
	       "size=%u", (unsigned long long)r->seq, status, r->flags, r->pid,
	       r->tid, r->reg, KFI_NAME_LEN, r->reg_name, r->model, r->method,
	       r->width, (unsigned long long)r->mask,
	       (unsigned long long)r->old_value,
	       (unsigned long long)r->new_value, (unsigned long long)r->ip,
	       (unsigned long long)r->cookie, (unsigned long long)r->time_ns,
	       r->size);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void open_dev(const char *path)
{
	if (dev_fd >= 0)
		return;
	dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev_fd < 0) {
		printf("open ret=-1 errno=%s\n", errno_name(errno));
		exit(1);
	}
}

/* The register table, for names on the command line. */
static void load_table(void)
{
	struct kfi_info info = { .size = sizeof(info) };

	if (table)
		return;
	if (ioctl(dev_fd, KFI_IOC_INFO, &info) < 0)
		usage("KFI_IOC_INFO failed: cannot resolve register names");
	table = calloc(info.nr_regs ? info.nr_regs : 1, sizeof(*table));
	if (!table)
		exit(2);
	info.regs = (uintptr_t)table;
	info.reg_desc_size = sizeof(*table);
	info.nr_regs_room = info.nr_regs;
	if (ioctl(dev_fd, KFI_IOC_INFO, &info) < 0)
		usage("KFI_IOC_INFO with rows failed");
	table_len = info.nr_regs;
}

static int reg_by_name(const char *name)
{
	load_table();
	for (unsigned int i = 0; i < table_len; i++) {
		char aliases[2 * KFI_NAME_LEN + 3];
		char needle[KFI_NAME_LEN + 3];

		if (!strncmp(table[i].name, name, KFI_NAME_LEN))
			return (int)table[i].index;
		snprintf(aliases, sizeof(aliases), ",%.*s,",
			 2 * KFI_NAME_LEN, table[i].aliases);
		snprintf(needle, sizeof(needle), ",%s,", name);
		if (strstr(aliases, needle))
			return (int)table[i].index;
	}
	fprintf(stderr, "kfi-test: no register named %s\n", name);
	exit(2);
}

static unsigned int choose(const char *key, const char *value,
			   const char *const names[], unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		if (!strcmp(value, names[i]))
			return i;
	return (unsigned int)number(key, value);
}

static void *pointer_arg(const char *key, const char *value, void *ok)
{
	if (!strcmp(value, "ok"))
		return ok;
	if (!strcmp(value, "null"))
		return NULL;
	if (!strcmp(value, "bad"))
		return BAD_USER_PTR;
	if (!strcmp(value, "kernel"))
		return KERNEL_PTR;
	fprintf(stderr, "kfi-test: %s: ok, null, bad or kernel\n", key);
	exit(2);
}

static int cmd_info(char **argv, int argc)
{
	struct kfi_info info = { .size = sizeof(info) };
	struct kfi_reg_desc regs[64];
	const char *regs_arg = "ok";
	int ret, err;

	memset(regs, 0, sizeof(regs));
	info.reg_desc_size = sizeof(regs[0]);
	info.nr_regs_room = 64;
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq)
			usage("info: key=value expected");
		*eq++ = '\0';
		if (!strcmp(argv[i], "size"))
			info.size = (__u32)number(argv[i], eq);
		else if (!strcmp(argv[i], "reserved"))
			info.__reserved = (__u32)number(argv[i], eq);
		else if (!strcmp(argv[i], "room"))
			info.nr_regs_room = (__u32)number(argv[i], eq);
		else if (!strcmp(argv[i], "desc_size"))
			info.reg_desc_size = (__u32)number(argv[i], eq);
		else if (!strcmp(argv[i], "regs"))
			regs_arg = eq;
		else
			usage("info: unknown key");
	}
	if (info.nr_regs_room > 64 ||
	    info.reg_desc_size * (size_t)info.nr_regs_room > sizeof(regs))
		usage("info: room/desc_size beyond this program's buffer");
	info.regs = (uintptr_t)pointer_arg("regs", regs_arg, regs);
	ret = ioctl(dev_fd, KFI_IOC_INFO, &info);
	err = errno;
	result("info", ret, err);
	if (ret == 0)
		printf(" abi_version=%u arch=%u nr_regs=%u scope=%u "
		       "version=%.32s", info.abi_version, info.arch,
		       info.nr_regs, info.scope, info.version);
	printf("\n");
	if (ret == 0 && info.regs == (uintptr_t)regs &&
	    info.reg_desc_size == sizeof(regs[0])) {
		unsigned int rows = info.nr_regs < info.nr_regs_room ?
				    info.nr_regs : info.nr_regs_room;

		for (unsigned int i = 0; i < rows; i++)
			printf("reg index=%u name=%.*s aliases=%.*s width=%u "
			       "flags=0x%x pools=0x%x allowed=0x%llx\n",
			       regs[i].index, KFI_NAME_LEN, regs[i].name,
			       2 * KFI_NAME_LEN, regs[i].aliases,
			       regs[i].width, regs[i].flags, regs[i].pools,
			       (unsigned long long)regs[i].allowed_mask);
	}
	return 0;
}

static long count_lines(const char *path)
{
	char line[512];
	long n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

/*
 * The victim's lines after the first skip: -1 for a "changed" line that
 * is not want, else the number of "changed" lines in *changed and whether a
 * "resumed"/"blocked"/"signal" line ends the report.
 */
static int scan_victim(const char *path, long skip, const char *want,
		       char *bad, size_t room, long *changed)
{
	char line[512];
	long n = 0;
	int done = 0;
	FILE *f = fopen(path, "r");

	*changed = 0;
	if (!f)
		return 0;
	while (!done && fgets(line, sizeof(line), f)) {
		if (++n <= skip)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "changed ", 8)) {
			if (strcmp(line, want)) {
				snprintf(bad, room, "%s", line);
				fclose(f);
				return -1;
			}
			(*changed)++;
		} else if (!strncmp(line, "resumed ", 8) ||
			   !strncmp(line, "blocked ", 8) ||
			   !strncmp(line, "signal ", 7)) {
			done = 1;
		}
	}
	fclose(f);
	return done;
}

/* Threads named in the victim's "ready" line, or 0. */
static int victim_threads(const char *path)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		const char *tids = strstr(line, " tids=");

		if (strncmp(line, "ready ", 6) || !tids)
			continue;
		n = 1;
		for (tids += 6; *tids && *tids != ' '; tids++)
			n += *tids == ',';
		break;
	}
	fclose(f);
	return n;
}

static int task_count(pid_t pid)
{
	char path[64];
	struct dirent *d;
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

#define EXPECT_FAIL(...)					\
	do {							\
		printf("expect FAIL: " __VA_ARGS__);		\
		printf("\n");					\
		failed = 1;					\
		return;						\
	} while (0)

static void cmd_expect(char **argv, int argc)
{
	const struct kfi_inject_req *q = &last_req;
	const struct kfi_record *r = &last_rec;
	long ms = argc ? (long)number("expect", argv[0]) : 60000;
	unsigned long long width_mask, want_new, old, new;
	char want[160], line[512];
	long changed = 0, waited = 0;
	int threads;

	if (last_ret || r->status)
		EXPECT_FAIL("inject ret=%d errno=%s status=%d", last_ret,
			    last_ret ? errno_name(last_errno) : "0", r->status);
	width_mask = r->width >= 64 ? ~0ULL : (1ULL << r->width) - 1;
	old = r->old_value;
	new = r->new_value;
	if (q->reg != KFI_REG_RANDOM && r->reg != (__u32)q->reg)
		EXPECT_FAIL("reg %u, asked %d", r->reg, q->reg);
	if (q->mask && r->mask != q->mask)
		EXPECT_FAIL("mask 0x%llx, asked 0x%llx",
			    (unsigned long long)r->mask,
			    (unsigned long long)q->mask);
	if (!r->mask || (r->mask & ~width_mask))
		EXPECT_FAIL("mask 0x%llx for width %u",
			    (unsigned long long)r->mask, r->width);
	if (!q->mask && (r->mask & (r->mask - 1)))
		EXPECT_FAIL("mask 0 gave 0x%llx, not one bit",
			    (unsigned long long)r->mask);
	if (r->model != q->model || r->method != q->method)
		EXPECT_FAIL("model %u method %u, asked %u %u", r->model,
			    r->method, q->model, q->method);
	if (q->tid > 0 && r->tid != q->tid)
		EXPECT_FAIL("tid %d, asked %d", r->tid, q->tid);
	if (r->cookie != q->cookie)
		EXPECT_FAIL("cookie 0x%llx, asked 0x%llx",
			    (unsigned long long)r->cookie,
			    (unsigned long long)q->cookie);
	if (r->pid != q->pid)
		EXPECT_FAIL("pid %d, asked %d", r->pid, q->pid);
	if (q->flags & KFI_INJECT_DRY_RUN)
		want_new = old;
	else if (r->model == KFI_MODEL_SET)
		want_new = old | r->mask;
	else if (r->model == KFI_MODEL_CLEAR)
		want_new = old & ~r->mask;
	else
		want_new = old ^ r->mask;
	if (new != want_new)
		EXPECT_FAIL("new 0x%llx, expected 0x%llx from old 0x%llx",
			    new, want_new, old);
	if (!!(r->flags & KFI_RECORD_DRY_RUN) != !!(q->flags & KFI_INJECT_DRY_RUN))
		EXPECT_FAIL("record flags 0x%x", r->flags);
	if (old == new || !victim_file) {
		printf("expect ok reg=%.*s unchanged=%d\n", KFI_NAME_LEN,
		       r->reg_name, old == new);
		return;
	}
	snprintf(want, sizeof(want), "changed tid=%d reg=%.*s old=0x%llx "
		 "new=0x%llx", r->tid, KFI_NAME_LEN, r->reg_name,
		 old & width_mask, new & width_mask);
	for (;;) {
		int done = scan_victim(victim_file, victim_mark, want, line,
				       sizeof(line), &changed);

		if (done < 0)
			EXPECT_FAIL("victim: '%s', expected '%s'", line, want);
		if (done)
			break;
		if (waited >= ms)
			EXPECT_FAIL("victim: no report in %ld ms, expected '%s'",
				    ms, want);
		sleep_ms(20);
		waited += 20;
	}
	if (changed != 1)
		EXPECT_FAIL("victim: %ld changed lines, expected '%s'",
			    changed, want);
	/*
	 * The victim's report comes from a helper thread that exits right
	 * after it: wait for it to be gone, so that the next random-thread
	 * pick cannot land on it.
	 */
	threads = victim_threads(victim_file);
	for (waited = 0; threads && task_count(q->pid) > threads; waited += 10) {
		if (waited >= ms)
			EXPECT_FAIL("victim: still more than %d threads", threads);
		sleep_ms(10);
	}
	printf("expect ok reg=%.*s\n", KFI_NAME_LEN, r->reg_name);
}

static int cmd_inject(char **argv, int argc)
{
	static const char *const pools[] = { "gpr", "all", "legacy" };
	static const char *const models[] = { "flip", "set", "clear" };
	static const char *const methods[] = { "taskwork", "stop" };
	struct kfi_inject_req req = {
		.size = sizeof(req),
		.pid = getpid(),
		.tid = KFI_TID_DEFAULT,
		.reg = KFI_REG_RANDOM,
		.timeout_ns = KFI_TIMEOUT_DEFAULT,
	};
	struct kfi_record rec;
	const char *record_arg = "ok", *arg_arg = "ok";
	int record_size_set = 0, tail = 0;
	unsigned long repeat = 1;
	size_t size = sizeof(req);
	unsigned char *buf;

	for (int i = 0; i < argc; i++) {
		char *key = argv[i], *value = strchr(argv[i], '=');

		if (!value)
			usage("inject: key=value expected");
		*value++ = '\0';
		if (!strcmp(key, "pid")) {
			req.pid = !strcmp(value, "self") ? getpid() :
				  (__s32)number(key, value);
		} else if (!strcmp(key, "tid")) {
			if (!strcmp(value, "self"))
				req.tid = (__s32)syscall(SYS_gettid);
			else if (!strcmp(value, "random"))
				req.tid = KFI_TID_RANDOM;
			else if (!strcmp(value, "default"))
				req.tid = KFI_TID_DEFAULT;
			else
				req.tid = (__s32)number(key, value);
		} else if (!strcmp(key, "reg")) {
			if (!strcmp(value, "random"))
				req.reg = KFI_REG_RANDOM;
			else if (*value == '-' || (*value >= '0' && *value <= '9'))
				req.reg = (__s32)number(key, value);
			else
				req.reg = reg_by_name(value);
		} else if (!strcmp(key, "pool")) {
			req.pool = choose(key, value, pools, 3);
		} else if (!strcmp(key, "model")) {
			req.model = choose(key, value, models, 3);
		} else if (!strcmp(key, "method")) {
			req.method = choose(key, value, methods, 2);
		} else if (!strcmp(key, "mask")) {
			req.mask = number(key, value);
		} else if (!strcmp(key, "bit")) {
			unsigned long long bit = number(key, value);

			if (bit > 63)
				usage("bit: 0..63");
			req.mask = 1ULL << bit;
		} else if (!strcmp(key, "timeout")) {
			if (!strcmp(value, "default"))
				req.timeout_ns = KFI_TIMEOUT_DEFAULT;
			else if (!strcmp(value, "async"))
				req.timeout_ns = KFI_TIMEOUT_ASYNC;
			else
				req.timeout_ns = (__s64)number(key, value);
		} else if (!strcmp(key, "cookie")) {
			req.cookie = number(key, value);
		} else if (!strcmp(key, "flags")) {
			req.flags = (__u32)number(key, value);
		} else if (!strcmp(key, "dry")) {
			if (number(key, value))
				req.flags |= KFI_INJECT_DRY_RUN;
		} else if (!strcmp(key, "size")) {
			size = number(key, value);
			req.size = (__u32)size;
		} else if (!strcmp(key, "tail")) {
			tail = (int)number(key, value);
		} else if (!strcmp(key, "reserved")) {
			req.__reserved = (__u32)number(key, value);
		} else if (!strcmp(key, "record")) {
			record_arg = value;
		} else if (!strcmp(key, "record_size")) {
			req.record_size = (__u32)number(key, value);
			record_size_set = 1;
		} else if (!strcmp(key, "arg")) {
			arg_arg = value;
		} else if (!strcmp(key, "repeat")) {
			repeat = number(key, value);
		} else {
			usage("inject: unknown key");
		}
	}
	if (size > 1 << 20)
		usage("inject: size above 1 MiB");
	if (!record_size_set)
		req.record_size = sizeof(rec);
	/* room for a request longer than ours: our fields, then the tail */
	buf = malloc(size > sizeof(req) ? size : sizeof(req));
	if (!buf)
		exit(2);
	for (unsigned long n = 0; n < repeat; n++) {
		int ret, err;

		memset(&rec, 0, sizeof(rec));
		req.record = (uintptr_t)pointer_arg("record", record_arg, &rec);
		if (victim_file)
			victim_mark = count_lines(victim_file);
		memset(buf, tail, size > sizeof(req) ? size : sizeof(req));
		memcpy(buf, &req, sizeof(req));
		ret = ioctl(dev_fd, KFI_IOC_INJECT,
			    pointer_arg("arg", arg_arg, buf));
		err = errno;
		last_req = req;
		last_rec = rec;
		last_ret = ret;
		last_errno = err;
		result("inject", ret, err);
		print_record(&rec);
		printf("\n");
	}
	free(buf);
	return 0;
}

static void do_collect(char **argv, int argc)
{
	struct kfi_record rec;
	const char *arg_arg = "ok";
	__u32 size = sizeof(rec);
	int ret, err;

	for (int i = 0; i < argc; i++) {
		char *value = strchr(argv[i], '=');

		if (!value)
			usage("collect: key=value expected");
		*value++ = '\0';
		if (!strcmp(argv[i], "size"))
			size = (__u32)number(argv[i], value);
		else if (!strcmp(argv[i], "arg"))
			arg_arg = value;
		else
			usage("collect: unknown key");
	}
	memset(&rec, 0, sizeof(rec));
	rec.size = size;
	ret = ioctl(dev_fd, KFI_IOC_COLLECT, pointer_arg("arg", arg_arg, &rec));
	err = errno;
	result("collect", ret, err);
	if (ret == 0)
		print_record(&rec);
	printf("\n");
}

static int poll_ready(int ms)
{
	struct pollfd pfd = { .fd = dev_fd, .events = POLLIN };
	int ret = poll(&pfd, 1, ms);

	return ret > 0 && (pfd.revents & POLLIN);
}

static void do_write(const void *buf, size_t len)
{
	ssize_t ret = write(dev_fd, buf, len);
	int err = errno;

	result("write", (long)ret, err);
	printf("\n");
}

static void do_read(void)
{
	char buf[256];
	ssize_t ret = read(dev_fd, buf, sizeof(buf) - 1);
	int err = errno;

	result("read", (long)ret, err);
	if (ret >= 0) {
		buf[ret] = '\0';
		/* the text as one line: the ancestor ends it with a newline */
		buf[strcspn(buf, "\n")] = '\0';
		printf(" text=%s", buf);
	}
	printf("\n");
}

static void run(char *cmd, char **args, int nargs)
{
	if (!strcmp(cmd, "info")) {
		cmd_info(args, nargs);
	} else if (!strcmp(cmd, "inject")) {
		cmd_inject(args, nargs);
	} else if (!strcmp(cmd, "collect")) {
		do_collect(args, nargs);
	} else if (!strcmp(cmd, "poll")) {
		int ms = nargs ? (int)number("poll", args[0]) : 0;

		printf("poll ready=%d\n", poll_ready(ms));
	} else if (!strcmp(cmd, "wait-collect")) {
		int ms = nargs ? (int)number("wait-collect", args[0]) : 5000;

		printf("poll ready=%d\n", poll_ready(ms));
		do_collect(NULL, 0);
	} else if (!strcmp(cmd, "ioctl") && nargs == 1) {
		int ret = ioctl(dev_fd, (unsigned long)number("ioctl", args[0]),
				NULL);
		int err = errno;

		result("ioctl", ret, err);
		printf("\n");
	} else if (!strcmp(cmd, "write") && nargs == 1) {
		do_write(args[0], strlen(args[0]));
	} else if (!strcmp(cmd, "write-huge") && nargs == 1) {
		size_t len = number("write-huge", args[0]);
		char *buf = malloc(len ? len : 1);

		if (!buf)
			exit(2);
		memset(buf, 'A', len);
		do_write(buf, len);
		free(buf);
	} else if (!strcmp(cmd, "write-bad")) {
		do_write(BAD_USER_PTR, 8);
	} else if (!strcmp(cmd, "victim") && nargs == 1) {
		victim_file = args[0];
	} else if (!strcmp(cmd, "expect")) {
		cmd_expect(args, nargs);
	} else if (!strcmp(cmd, "read")) {
		do_read();
	} else if (!strcmp(cmd, "sleep") && nargs == 1) {
		sleep_ms((long)number("sleep", args[0]));
	} else {
		usage("unknown command or wrong arguments");
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/" KFI_DEVICE_NAME;
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "--dev")) {
		dev = argv[2];
		i = 3;
	}
	if (i >= argc)
		usage("no command");
	/* line-buffered output, so a test can watch a long run */
	setvbuf(stdout, NULL, _IOLBF, 0);
	open_dev(dev);
	while (i < argc) {
		int start = i + 1, end = start;

		while (end < argc && strcmp(argv[end], "--"))
			end++;
		run(argv[i], argv + start, end - start);
		i = end + 1;
	}
	return failed;
}
