// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Register lookup, masks, pools, names, and the seeded choices of
 * kfi_resolve(), on a ptrace handle (no module needed; resolving only reads
 * /proc, it never attaches).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <criterion/criterion.h>

#include "kfi.h"
#include "arch/regs.h"

static struct kfi_handle *h;

static void open_ptrace(void)
{
	h = kfi_open(KFI_BACKEND_PTRACE, KFI_OPEN_QUIET);
	cr_assert_not_null(h, "%s", kfi_last_error());
}

static void close_handle(void)
{
	kfi_close(h);
}

TestSuite(regs, .init = open_ptrace, .fini = close_handle);

#define KFI_REG(...)	+1
static const unsigned int table_rows = 0 KFI_ARCH_REGS;
#undef KFI_REG

Test(regs, table_is_the_arch_table)
{
	cr_assert_eq(kfi_backend(h), KFI_BACKEND_PTRACE);
	cr_assert_eq(kfi_nr_regs(h), table_rows);
	for (unsigned int i = 0; i < table_rows; i++)
		cr_assert_eq(kfi_reg(h, i)->index, i);
	cr_assert_null(kfi_reg(h, table_rows));
	cr_assert_eq(errno, EINVAL);
	cr_assert_str_eq(kfi_module_version(h), "");
	cr_assert_geq(kfi_fd(h), 0);
}

#if defined(__x86_64__)
struct lookup {
	const char *name;
	int index;
};

static const struct lookup lookups[] = {
	{ "r15", 0 }, { "bp", 4 }, { "rbp", 4 }, { "ax", 10 }, { "rax", 10 },
	{ "eax", 10 }, { "EAX", 10 }, { "Rax", 10 }, { "di", 14 },
	{ "orig_ax", 15 }, { "orig_rax", 15 }, { "ip", 16 }, { "rip", 16 },
	{ "pc", 16 }, { "cs", 17 }, { "flags", 18 }, { "eflags", 18 },
	{ "rflags", 18 }, { "sp", 19 }, { "rsp", 19 }, { "ss", 20 },
	{ "0", 0 }, { "10", 10 }, { "20", 20 }, { "007", 7 },
};

Test(regs, lookup_by_name_alias_index)
{
	for (size_t i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++)
		cr_assert_eq(kfi_reg_lookup(h, lookups[i].name),
			     lookups[i].index, "%s", lookups[i].name);
}

Test(regs, masks_native_and_compat)
{
	cr_assert_eq(kfi_reg_allowed_mask(h, 10, 0), ~0ULL);
	cr_assert_eq(kfi_reg_allowed_mask(h, 10, 1), 0xffffffffULL);
	cr_assert_eq(kfi_reg_allowed_mask(h, 9, 0), ~0ULL);	/* r8 */
	cr_assert_eq(kfi_reg_allowed_mask(h, 9, 1), 0);
	cr_assert_eq(kfi_reg_allowed_mask(h, 18, 0), 0x50dd5ULL);
	cr_assert_eq(kfi_reg_allowed_mask(h, 18, 1), 0x50dd5ULL);
	cr_assert_eq(kfi_reg_allowed_mask(h, 17, 0), 0);	/* cs */
	cr_assert_eq(kfi_reg_allowed_mask(h, 20, 1), 0);	/* ss */
	cr_assert_eq(kfi_reg_allowed_mask(h, 21, 0), 0);
}
#endif

static const char *const not_registers[] = {
	"", "r16", "a", "ax,", "ax ", ",", "rbp,ebp", "1x", "-1", "99",
	"4294967306", "99999999999999999999",
};

Test(regs, lookup_rejects)
{
	for (size_t i = 0; i < sizeof(not_registers) / sizeof(*not_registers);
	     i++) {
		errno = 0;
		cr_assert_eq(kfi_reg_lookup(h, not_registers[i]), -1, "'%s'",
			     not_registers[i]);
		cr_assert_eq(errno, EINVAL, "'%s'", not_registers[i]);
	}
	kfi_reg_lookup(h, "r16");
	cr_assert_str_eq(kfi_last_error(),
			 "no register named 'r16': use kfi-inject --list-registers");
	kfi_reg_lookup(h, "99");
	cr_assert(strstr(kfi_last_error(), "no register with index 99"));
}

Test(regs, enum_names_round_trip)
{
	enum kfi_pool pool;
	enum kfi_model model;
	enum kfi_method method;
	enum kfi_backend backend;

	cr_assert_eq(kfi_pool_parse("gpr", &pool), 0);
	cr_assert_eq(pool, KFI_POOL_GPR);
	cr_assert_eq(kfi_pool_parse("all", &pool), 0);
	cr_assert_eq(pool, KFI_POOL_ALL);
	cr_assert_eq(kfi_pool_parse("legacy", &pool), 0);
	cr_assert_eq(pool, KFI_POOL_LEGACY);
	cr_assert_eq(kfi_model_parse("flip", &model), 0);
	cr_assert_eq(model, KFI_MODEL_FLIP);
	cr_assert_eq(kfi_model_parse("set", &model), 0);
	cr_assert_eq(model, KFI_MODEL_SET);
	cr_assert_eq(kfi_model_parse("clear", &model), 0);
	cr_assert_eq(model, KFI_MODEL_CLEAR);
	cr_assert_eq(kfi_method_parse("taskwork", &method), 0);
	cr_assert_eq(method, KFI_METHOD_TASKWORK);
	cr_assert_eq(kfi_method_parse("stop", &method), 0);
	cr_assert_eq(method, KFI_METHOD_STOP);
	cr_assert_eq(kfi_backend_parse("auto", &backend), 0);
	cr_assert_eq(backend, KFI_BACKEND_AUTO);
	cr_assert_eq(kfi_backend_parse("kmod", &backend), 0);
	cr_assert_eq(backend, KFI_BACKEND_KMOD);
	cr_assert_eq(kfi_backend_parse("ptrace", &backend), 0);
	cr_assert_eq(backend, KFI_BACKEND_PTRACE);

	cr_assert_str_eq(kfi_pool_name(KFI_POOL_LEGACY), "legacy");
	cr_assert_str_eq(kfi_model_name(KFI_MODEL_CLEAR), "clear");
	cr_assert_str_eq(kfi_method_name(KFI_METHOD_STOP), "stop");
	cr_assert_str_eq(kfi_backend_name(KFI_BACKEND_PTRACE), "ptrace");
	cr_assert_str_eq(kfi_pool_name(KFI_NR_POOLS), "?");
	cr_assert_str_eq(kfi_model_name((enum kfi_model)3), "?");
	cr_assert_str_eq(kfi_method_name((enum kfi_method)-1), "?");
}

Test(regs, enum_parse_rejects)
{
	enum kfi_pool pool = KFI_POOL_ALL;
	enum kfi_model model;
	enum kfi_method method;
	enum kfi_backend backend;

	cr_assert_eq(kfi_pool_parse("GPR", &pool), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(pool, KFI_POOL_ALL);
	cr_assert_str_eq(kfi_last_error(),
			 "unknown register pool 'GPR': use one of gpr, all, legacy");
	cr_assert_eq(kfi_pool_parse(NULL, &pool), -1);
	cr_assert_eq(kfi_model_parse("toggle", &model), -1);
	cr_assert_str_eq(kfi_last_error(),
			 "unknown fault model 'toggle': use one of flip, set, clear");
	cr_assert_eq(kfi_method_parse("", &method), -1);
	cr_assert_eq(kfi_backend_parse("kmod ", &backend), -1);
	cr_assert_str_eq(kfi_last_error(),
			 "unknown backend 'kmod ': use one of auto, kmod, ptrace");
}

static struct kfi_request self_request(void)
{
	struct kfi_request req;

	kfi_request_init(&req, getpid());
	return req;
}

Test(regs, request_defaults)
{
	struct kfi_request req;

	memset(&req, 0x5a, sizeof(req));
	kfi_request_init(&req, 42);
	cr_assert_eq(req.pid, 42);
	cr_assert_eq(req.tid, KFI_TID_DEFAULT);
	cr_assert_eq(req.reg, KFI_REG_RANDOM);
	cr_assert_eq(req.pool, KFI_POOL_GPR);
	cr_assert_eq(req.model, KFI_MODEL_FLIP);
	cr_assert_eq(req.method, KFI_METHOD_TASKWORK);
	cr_assert_eq(req.mask, 0);
	cr_assert_eq(req.timeout_ns, KFI_TIMEOUT_DEFAULT);
	cr_assert_eq(req.cookie, 0);
	cr_assert_eq(req.flags, 0);
}

Test(regs, resolve_makes_choices_explicit)
{
	struct kfi_request in = self_request(), out;

	for (int i = 0; i < 200; i++) {
		const struct kfi_reg_desc *r;

		cr_assert_eq(kfi_resolve(h, &in, &out), 0, "%s",
			     kfi_last_error());
		cr_assert_eq(out.pid, getpid());
		cr_assert_eq(out.tid, getpid());
		cr_assert_geq(out.reg, 0);
		r = kfi_reg(h, (unsigned int)out.reg);
		cr_assert_not_null(r);
		cr_assert(r->pools & (1U << KFI_POOL_GPR), "%s", r->name);
		/* exactly one bit, and an allowed one */
		cr_assert_eq(out.mask & (out.mask - 1), 0);
		cr_assert_neq(out.mask, 0);
		cr_assert_eq(out.mask & ~r->allowed_mask, 0);
	}
}

Test(regs, seed_reproduces_choices_across_handles)
{
	struct kfi_handle *other = kfi_open(KFI_BACKEND_PTRACE, KFI_OPEN_QUIET);
	struct kfi_request in = self_request(), a, b;
	bool differ = false;

	cr_assert_not_null(other);
	kfi_set_seed(h, 1234);
	kfi_set_seed(other, 1234);
	cr_assert_eq(kfi_seed(h), 1234);
	for (int i = 0; i < 50; i++) {
		cr_assert_eq(kfi_resolve(h, &in, &a), 0);
		cr_assert_eq(kfi_resolve(other, &in, &b), 0);
		cr_assert_eq(a.reg, b.reg);
		cr_assert_eq(a.mask, b.mask);
	}
	kfi_set_seed(other, 1235);
	for (int i = 0; i < 50; i++) {
		cr_assert_eq(kfi_resolve(h, &in, &a), 0);
		cr_assert_eq(kfi_resolve(other, &in, &b), 0);
		differ |= a.reg != b.reg || a.mask != b.mask;
	}
	cr_assert(differ, "seeds 1234 and 1235 gave the same 50 choices");
	kfi_close(other);
}

Test(regs, fresh_handles_get_different_seeds)
{
	struct kfi_handle *other = kfi_open(KFI_BACKEND_PTRACE, KFI_OPEN_QUIET);

	cr_assert_neq(kfi_seed(h), kfi_seed(other));
	kfi_close(other);
}

Test(regs, pools_hold_what_they_say)
{
	struct kfi_request in = self_request(), out;

	for (unsigned int pool = 0; pool < KFI_NR_POOLS; pool++) {
		in.pool = (enum kfi_pool)pool;
		for (int i = 0; i < 400; i++) {
			cr_assert_eq(kfi_resolve(h, &in, &out), 0);
			cr_assert(kfi_reg(h, (unsigned int)out.reg)->pools &
				  (1U << pool));
		}
	}
#if defined(__x86_64__)
	/* the legacy pool is exactly the ancestor's 0-15; all has ip and flags */
	in.pool = KFI_POOL_LEGACY;
	for (int i = 0; i < 400; i++) {
		cr_assert_eq(kfi_resolve(h, &in, &out), 0);
		cr_assert_leq(out.reg, 15);
	}
	in.pool = KFI_POOL_ALL;
	bool ip = false, flags = false;

	for (int i = 0; i < 1000; i++) {
		cr_assert_eq(kfi_resolve(h, &in, &out), 0);
		ip |= out.reg == 16;
		flags |= out.reg == 18;
		cr_assert_neq(out.reg, 15);	/* orig_ax: legacy only */
		cr_assert_neq(out.reg, 17);
		cr_assert_neq(out.reg, 20);
	}
	cr_assert(ip && flags);
#endif
}

#if defined(__x86_64__)
Test(regs, random_bits_cover_exactly_the_allowed_ones)
{
	struct kfi_request in = self_request(), out;
	uint64_t seen = 0;

	in.reg = 18;	/* flags: ten allowed bits */
	kfi_set_seed(h, 7);
	for (int i = 0; i < 2000; i++) {
		cr_assert_eq(kfi_resolve(h, &in, &out), 0);
		seen |= out.mask;
	}
	cr_assert_eq(seen, 0x50dd5ULL, "seen 0x%llx", (unsigned long long)seen);
}

Test(regs, resolve_refuses_what_the_module_refuses)
{
	struct kfi_request in = self_request(), out;

	in.reg = 17;	/* cs */
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_str_eq(kfi_last_error(),
			 "register cs cannot be injected: choose another register");
	in.reg = 18;
	in.mask = 0x2;	/* reserved flags bit */
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_str_eq(kfi_last_error(),
			 "bits 0x2 of register flags cannot be injected (allowed: 0x50dd5): choose other bits");
	in.mask = 0x1;
	cr_assert_eq(kfi_resolve(h, &in, &out), 0);
	cr_assert_eq(out.reg, 18);
	cr_assert_eq(out.mask, 0x1);
	in.reg = 21;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
}
#endif

Test(regs, resolve_rejects_bad_requests)
{
	struct kfi_request in, out;

	in = self_request();
	in.pid = 0;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	in = self_request();
	in.pool = KFI_NR_POOLS;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	in = self_request();
	in.model = (enum kfi_model)3;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	in = self_request();
	in.method = (enum kfi_method)2;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	in = self_request();
	in.flags = 1U << 5;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	in = self_request();
	in.timeout_ns = -5;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
	in = self_request();
	in.tid = -7;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, EINVAL);
}

static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (!pid)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

Test(regs, resolve_reports_missing_process_and_thread)
{
	struct kfi_request in = self_request(), out;
	pid_t gone = dead_pid();
	char want[128];

	in.pid = gone;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, ESRCH);
	snprintf(want, sizeof(want), "no such process %d: check the pid (ps -p %d)",
		 gone, gone);
	cr_assert_str_eq(kfi_last_error(), want);

	in = self_request();
	in.tid = gone;
	cr_assert_eq(kfi_resolve(h, &in, &out), -1);
	cr_assert_eq(errno, ESRCH);
	cr_assert(strstr(kfi_last_error(), "no thread"), "%s", kfi_last_error());
}

static void *park(void *arg)
{
	pthread_mutex_t *m = arg;

	pthread_mutex_lock(m);
	pthread_mutex_unlock(m);
	return NULL;
}

static pid_t gettid_of_me(void)
{
	return (pid_t)gettid();
}

Test(regs, random_thread_is_one_of_ours)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_t t[3];
	struct kfi_request in = self_request(), out;
	bool other = false;

	pthread_mutex_lock(&m);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, park, &m), 0);
	in.tid = KFI_TID_RANDOM;
	for (int i = 0; i < 100; i++) {
		char path[64];

		cr_assert_eq(kfi_resolve(h, &in, &out), 0, "%s",
			     kfi_last_error());
		snprintf(path, sizeof(path), "/proc/self/task/%d", out.tid);
		cr_assert_eq(access(path, F_OK), 0, "tid %d", out.tid);
		other |= out.tid != gettid_of_me();
	}
	cr_assert(other, "100 random picks of 4 threads were all the caller");
	in.tid = gettid_of_me();
	cr_assert_eq(kfi_resolve(h, &in, &out), 0);
	cr_assert_eq(out.tid, gettid_of_me());
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
}

Test(regs, exponential_gaps)
{
	double sum = 0;
	const int n = 20000;

	kfi_set_seed(h, 99);
	cr_assert_eq(kfi_exponential_gap_ns(h, 0), 0);
	cr_assert_eq(kfi_exponential_gap_ns(h, -5), 0);
	for (int i = 0; i < n; i++) {
		int64_t gap = kfi_exponential_gap_ns(h, 1000000);

		cr_assert_geq(gap, 0);
		sum += (double)gap;
	}
	/* fixed seed: a deterministic check that the mean is the mean */
	cr_assert(sum / n > 970000 && sum / n < 1030000, "mean %f", sum / n);
	cr_assert_geq(kfi_exponential_gap_ns(h, INT64_MAX), 0);
}

/* Declared in src/lib/internal.h (not the public header). */
int kfi_target_is_compat(pid_t pid);

Test(regs, compat_from_the_stack_address_despite_a_hostile_command_name)
{
	/* a command that looks like more fields of /proc/PID/stat */
	cr_assert_eq(prctl(PR_SET_NAME, "x) R 1 2 3 4 5"), 0);
	cr_assert_eq(kfi_target_is_compat(getpid()), 0);
	cr_assert_eq(prctl(PR_SET_NAME, "))"), 0);
	cr_assert_eq(kfi_target_is_compat(getpid()), 0);
	/* no such process: not compat (the request fails later, clearly) */
	cr_assert_eq(kfi_target_is_compat(0x3fffffff), 0);
}
