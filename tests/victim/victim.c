// SPDX-License-Identifier: GPL-2.0-only
/*
 * victim - a process that knows the value of every one of its integer
 * registers and says exactly which one changed.  Used to prove that an
 * injection changed the register and bits it reported, and nothing else.
 *
 * Usage: victim [--threads N] [--continue] [--block FIFO] [--signals]
 *               [--seed S]
 *
 *   (default)    one thread spins with a pattern in every register
 *   --threads N  N spinning threads (the main thread is one of them), each
 *                with its own patterns
 *   --continue   after reporting a change, reload the patterns and go on
 *                (otherwise exit 0 after the first report)
 *   --block FIFO the main thread blocks in a raw read(FIFO, buf, 1) (the
 *                FIFO is created if missing and opened O_RDWR, so it never
 *                sees EOF); each byte written wakes it, it checks its
 *                registers and reads again
 *   --signals    on SIGSEGV/SIGILL/SIGTRAP/SIGBUS print the signal and the
 *                ip, and exit 0 (for ip/flags/sp faults)
 *   --seed S     pattern seed (default 1)
 *   --nondumpable  prctl(PR_SET_DUMPABLE, 0) first: a target that the
 *                ptrace rule refuses even to its owner
 *
 * Output on stdout, one line per event, each line written by one write(2),
 * values in hex as 0x%x:
 *
 *   pattern tid=T ax=0x.. bx=0x.. ... r15=0x..  one per thread, at start
 *   ready pid=P tids=T1,T2.. mode=spin|block bits=64|32 spin=0xA-0xB
 *                printed only once every thread is inside its loop (or
 *                blocked in read), so a test can inject at once
 *   changed tid=T reg=R old=0x.. new=0x..       one per changed register;
 *                R is the module's name: ax bx cx dx si di bp sp r8..r15
 *   resumed tid=T      (--continue) T is back in its loop with patterns
 *   woke tid=T unchanged   (--block) a byte arrived, nothing changed
 *   blocked tid=T      (--block --continue) T is blocked in read again
 *   signal tid=T sig=SIGSEGV ip=0x.. addr=0x..  (--signals)
 *
 * The lines "ready", "resumed" and "blocked" come from a short-lived helper
 * thread that exits right after printing: a test that picks a random thread
 * should wait until /proc/P/task has exactly the threads named in "ready".
 *
 * In --block mode the registers the syscall uses are expected back as the
 * kernel returns them: x86_64 ax=1 cx=return address r11=flags di=fd si=buf
 * dx=1; i386 ax=1 bx=fd cx=buf dx=1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "victim.h"

#define MAX_THREADS	64
#define TEXT_MAX	8192

__thread struct victim_regs victim_expected
	__attribute__((tls_model("local-exec")));
__thread struct victim_regs victim_seen
	__attribute__((tls_model("local-exec")));
__thread uint32_t victim_in_loop __attribute__((tls_model("local-exec")));

static const char *const reg_names[VICTIM_NR_REGS] = {
	"ax", "bx", "cx", "dx", "si", "di", "bp", "sp",
#if defined(__x86_64__)
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
#endif
};

#if defined(__x86_64__)
#define REG_BITS	64
#define READ_SYSCALL_NR	"0"
#else
#define REG_BITS	32
#define READ_SYSCALL_NR	"3"
#endif

/* What other threads need to know about one spinning thread. */
struct thread_slot {
	int index;
	pid_t tid;
	volatile uint32_t *in_loop;
};

enum announce_wait {
	WAIT_IN_LOOP,		/* until every slot's in_loop is set */
	WAIT_BLOCKED,		/* until the slot's thread is in read() */
};

struct announcement {
	enum announce_wait wait;
	struct thread_slot *slots[MAX_THREADS];
	int nr_slots;
	size_t len;
	char text[TEXT_MAX];
};

static int opt_threads = 1;
static int opt_continue;
static const char *opt_fifo;
static int opt_signals;
static uint64_t opt_seed = 1;
static int opt_nondumpable;

static struct thread_slot slots[MAX_THREADS];
static atomic_int nr_started;

static void write_all(const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(2);
		buf += n;
		len -= (size_t)n;
	}
}

static void die(const char *what)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "victim: %s: %s\n", what,
			 strerror(errno));

	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		_exit(3);
	_exit(2);
}

/* Append printf output to an announcement, silently truncating. */
__attribute__((format(printf, 2, 3)))
static void add(struct announcement *a, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (a->len >= sizeof(a->text))
		return;
	va_start(ap, fmt);
	n = vsnprintf(a->text + a->len, sizeof(a->text) - a->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		a->len += (size_t)n;
	if (a->len > sizeof(a->text))
		a->len = sizeof(a->text);
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * Distinct, dense patterns: any change of any bits of one register gives a
 * value that differs from the pattern, and the report shows both values.
 */
static void make_patterns(int index)
{
	for (int slot = 0; slot < VICTIM_NR_REGS; slot++) {
		uint64_t v = splitmix64(opt_seed * 4096 + (uint64_t)index * 64 +
					(uint64_t)slot);

		if (REG_BITS == 32)
			v &= 0xffffffffULL;
		victim_expected.r[slot] = v;
	}
}

/* In --block mode these hold the syscall's arguments and results. */
static int is_syscall_reg(int slot)
{
#if defined(__x86_64__)
	return slot == VICTIM_AX || slot == VICTIM_CX || slot == VICTIM_DX ||
	       slot == VICTIM_SI || slot == VICTIM_DI || slot == VICTIM_R11;
#else
	return slot == VICTIM_AX || slot == VICTIM_BX || slot == VICTIM_CX ||
	       slot == VICTIM_DX;
#endif
}

static void add_patterns(struct announcement *a, pid_t tid)
{
	add(a, "pattern tid=%d", tid);
	for (int slot = 0; slot < VICTIM_NR_REGS; slot++) {
		if (slot == VICTIM_SP || (opt_fifo && is_syscall_reg(slot)))
			continue;
		add(a, " %s=0x%" PRIx64, reg_names[slot],
		    victim_expected.r[slot]);
	}
	add(a, "\n");
}

static int thread_is_blocked_in_read(pid_t tid)
{
	char path[64], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strncmp(buf, READ_SYSCALL_NR " ", strlen(READ_SYSCALL_NR " ")) == 0;
}

static int announcement_due(const struct announcement *a)
{
	for (int i = 0; i < a->nr_slots; i++) {
		if (a->wait == WAIT_IN_LOOP && !*a->slots[i]->in_loop)
			return 0;
		if (a->wait == WAIT_BLOCKED &&
		    !thread_is_blocked_in_read(a->slots[i]->tid))
			return 0;
	}
	return 1;
}

static void *announcer(void *arg)
{
	struct announcement *a = arg;
	const struct timespec pause_ts = { .tv_nsec = 200 * 1000 };

	while (!announcement_due(a))
		nanosleep(&pause_ts, NULL);
	write_all(a->text, a->len);
	free(a);
	return NULL;
}

/* Hand a to a detached thread that prints it when its condition holds. */
static void announce(struct announcement *a)
{
	pthread_attr_t attr;
	pthread_t thread;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	errno = pthread_create(&thread, &attr, announcer, a);
	if (errno)
		die("pthread_create");
	pthread_attr_destroy(&attr);
}

static struct announcement *new_announcement(enum announce_wait wait)
{
	struct announcement *a = calloc(1, sizeof(*a));

	if (!a)
		die("calloc");
	a->wait = wait;
	return a;
}

/* Lines for every register of victim_seen that differs; returns how many. */
static int add_changes(struct announcement *a, pid_t tid)
{
	int changed = 0;

	for (int slot = 0; slot < VICTIM_NR_REGS; slot++) {
		uint64_t old = victim_expected.r[slot];
		uint64_t new = victim_seen.r[slot];

		if (REG_BITS == 32) {
			old &= 0xffffffffULL;
			new &= 0xffffffffULL;
		}
		if (old == new)
			continue;
		add(a, "changed tid=%d reg=%s old=0x%" PRIx64 " new=0x%" PRIx64
		    "\n", tid, reg_names[slot], old, new);
		changed++;
	}
	return changed;
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGILL: return "SIGILL";
	case SIGTRAP: return "SIGTRAP";
	case SIGBUS: return "SIGBUS";
	default: return "SIG?";
	}
}

static void on_fault(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
	char line[160];
	int n;
#if defined(__x86_64__)
	uint64_t ip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
#else
	uint64_t ip = (uint32_t)uc->uc_mcontext.gregs[REG_EIP];
#endif

	n = snprintf(line, sizeof(line),
		     "signal tid=%d sig=%s ip=0x%" PRIx64 " addr=0x%" PRIx64 "\n",
		     (int)syscall(SYS_gettid), signal_name(sig), ip,
		     (uint64_t)(uintptr_t)info->si_addr);
	write_all(line, (size_t)n);
	_exit(0);
}

/* The alternate stack is per thread: a corrupted sp must not stop us. */
static void setup_signal_stack(void)
{
	stack_t ss = { .ss_size = 64 * 1024 };

	if (!opt_signals)
		return;
	ss.ss_sp = malloc(ss.ss_size);
	if (!ss.ss_sp)
		die("malloc");
	if (sigaltstack(&ss, NULL))
		die("sigaltstack");
}

static void setup_signals(void)
{
	static const int sigs[] = { SIGSEGV, SIGILL, SIGTRAP, SIGBUS };
	struct sigaction sa;

	if (!opt_signals)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL))
			die("sigaction");
}

static void join_slot(int index)
{
	struct thread_slot *slot = &slots[index];

	slot->index = index;
	slot->tid = (pid_t)syscall(SYS_gettid);
	slot->in_loop = &victim_in_loop;
	make_patterns(index);
	setup_signal_stack();
}

static __attribute__((noreturn)) void spin_forever(struct thread_slot *slot)
{
	for (;;) {
		struct announcement *a = new_announcement(WAIT_IN_LOOP);

		victim_in_loop = 0;
		victim_spin();
		if (!add_changes(a, slot->tid))
			add(a, "spurious tid=%d\n", slot->tid);
		if (!opt_continue) {
			write_all(a->text, a->len);
			_exit(0);
		}
		victim_in_loop = 0;
		add(a, "resumed tid=%d\n", slot->tid);
		a->slots[0] = slot;
		a->nr_slots = 1;
		announce(a);
	}
}

static void *spinner(void *arg)
{
	int index = (int)(intptr_t)arg;

	join_slot(index);
	atomic_fetch_add(&nr_started, 1);
	spin_forever(&slots[index]);
}

static void add_ready(struct announcement *a, const char *mode)
{
	add(a, "ready pid=%d tids=", (int)getpid());
	for (int i = 0; i < opt_threads; i++)
		add(a, "%s%d", i ? "," : "", slots[i].tid);
	add(a, " mode=%s bits=%d spin=0x%" PRIx64 "-0x%" PRIx64 "\n", mode,
	    REG_BITS, (uint64_t)(uintptr_t)victim_spin_start,
	    (uint64_t)(uintptr_t)victim_spin_end);
}

static __attribute__((noreturn)) void run_spin(void)
{
	struct announcement *ready = new_announcement(WAIT_IN_LOOP);
	const struct timespec pause_ts = { .tv_nsec = 100 * 1000 };

	join_slot(0);
	for (int i = 1; i < opt_threads; i++) {
		pthread_t thread;

		errno = pthread_create(&thread, NULL, spinner,
				       (void *)(intptr_t)i);
		if (errno)
			die("pthread_create");
	}
	while (atomic_load(&nr_started) < opt_threads - 1)
		nanosleep(&pause_ts, NULL);
	add_patterns(ready, slots[0].tid);
	for (int i = 1; i < opt_threads; i++) {
		/* each thread's patterns are a function of its index only */
		struct victim_regs mine = victim_expected;

		make_patterns(i);
		add_patterns(ready, slots[i].tid);
		victim_expected = mine;
	}
	add_ready(ready, "spin");
	for (int i = 0; i < opt_threads; i++)
		ready->slots[ready->nr_slots++] = &slots[i];
	announce(ready);
	spin_forever(&slots[0]);
}

static __attribute__((noreturn)) void run_block(void)
{
	struct announcement *a = new_announcement(WAIT_BLOCKED);
	static char buf[16];
	int fd;

	if (mkfifo(opt_fifo, 0600) && errno != EEXIST)
		die("mkfifo");
	fd = open(opt_fifo, O_RDWR);
	if (fd < 0)
		die("open fifo");
	join_slot(0);
	add_patterns(a, slots[0].tid);
	add_ready(a, "block");
	for (;;) {
		a->slots[0] = &slots[0];
		a->nr_slots = 1;
		announce(a);
		victim_block(fd, buf);
		a = new_announcement(WAIT_BLOCKED);
		if (!add_changes(a, slots[0].tid))
			add(a, "woke tid=%d unchanged\n", slots[0].tid);
		write_all(a->text, a->len);
		if (!opt_continue)
			_exit(0);
		a->len = 0;
		add(a, "blocked tid=%d\n", slots[0].tid);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: victim [--threads N] [--continue] "
		"[--block FIFO] [--signals] [--seed S] [--nondumpable]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--continue")) {
			opt_continue = 1;
		} else if (!strcmp(arg, "--nondumpable")) {
			opt_nondumpable = 1;
		} else if (!strcmp(arg, "--signals")) {
			opt_signals = 1;
		} else if (!strcmp(arg, "--threads") && value) {
			opt_threads = atoi(value);
			i++;
		} else if (!strcmp(arg, "--block") && value) {
			opt_fifo = value;
			i++;
		} else if (!strcmp(arg, "--seed") && value) {
			opt_seed = strtoull(value, NULL, 0);
			i++;
		} else {
			usage();
		}
	}
	if (opt_threads < 1 || opt_threads > MAX_THREADS)
		usage();
	if (opt_fifo && opt_threads != 1)
		usage();
	if (opt_nondumpable && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		die("prctl(PR_SET_DUMPABLE)");
	setup_signals();
	if (opt_fifo)
		run_block();
	run_spin();
}
