// SPDX-License-Identifier: GPL-2.0-or-later
/* kfi-inject's command line: every option, and every way to get it wrong. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "options.h"

#define MAX_ARGS 32

static char err[512];

/* Parse a NULL-terminated list of arguments after "kfi-inject". */
static int parse(struct inject_options *o, ...)
{
	char *argv[MAX_ARGS] = { "kfi-inject" };
	int argc = 1;
	va_list ap;
	char *arg;

	va_start(ap, o);
	while ((arg = va_arg(ap, char *)) && argc < MAX_ARGS - 1)
		argv[argc++] = arg;
	va_end(ap);
	argv[argc] = NULL;
	return parse_options(argc, argv, o, err, sizeof(err));
}

Test(options, pid_alone_gives_the_defaults)
{
	struct inject_options o;

	cr_assert_eq(parse(&o, "123", NULL), 0, "%s", err);
	cr_assert_eq(o.pid, 123);
	cr_assert_eq(o.tid, KFI_TID_DEFAULT);
	cr_assert_null(o.reg);
	cr_assert_eq(o.pool, KFI_POOL_GPR);
	cr_assert_eq(o.bit, -1);
	cr_assert_eq(o.mask, 0);
	cr_assert_eq(o.model, KFI_MODEL_FLIP);
	cr_assert_eq(o.method, KFI_METHOD_TASKWORK);
	cr_assert_eq(o.backend, KFI_BACKEND_AUTO);
	cr_assert_eq(o.count, 1);
	cr_assert_eq(o.interval_ns, 0);
	cr_assert_eq(o.mean_ns, 0);
	cr_assert_not(o.have_seed);
	cr_assert_eq(o.timeout_ns, KFI_TIMEOUT_DEFAULT);
	cr_assert_not(o.dry_run || o.json || o.list_registers || o.quiet ||
		      o.help || o.version);
}

Test(options, every_long_option)
{
	struct inject_options o;

	cr_assert_eq(parse(&o, "--pid", "77", "--tid", "78", "--reg", "rax",
			   "--pool", "legacy", "--bit", "63", "--model",
			   "clear", "--method", "stop", "--backend", "ptrace",
			   "--count", "1000", "--interval", "1m5s", "--seed",
			   "18446744073709551615", "--timeout", "250ms",
			   "--dry-run", "--json", "--quiet", NULL), 0, "%s",
		     err);
	cr_assert_eq(o.pid, 77);
	cr_assert_eq(o.tid, 78);
	cr_assert_str_eq(o.reg, "rax");
	cr_assert_eq(o.pool, KFI_POOL_LEGACY);
	cr_assert_eq(o.bit, 63);
	cr_assert_eq(o.model, KFI_MODEL_CLEAR);
	cr_assert_eq(o.method, KFI_METHOD_STOP);
	cr_assert_eq(o.backend, KFI_BACKEND_PTRACE);
	cr_assert_eq(o.count, 1000);
	cr_assert_eq(o.interval_ns, 65000000000LL);
	cr_assert(o.have_seed);
	cr_assert_eq(o.seed, 18446744073709551615ULL);
	cr_assert_eq(o.timeout_ns, 250000000);
	cr_assert(o.dry_run && o.json && o.quiet);
}

Test(options, short_options_and_the_rest)
{
	struct inject_options o;

	cr_assert_eq(parse(&o, "-p", "5", "-t", "6", "-r", "3", "-b", "0",
			   "-m", "set", "-n", "2", "-q", NULL), 0, "%s", err);
	cr_assert_eq(o.pid, 5);
	cr_assert_eq(o.tid, 6);
	cr_assert_str_eq(o.reg, "3");
	cr_assert_eq(o.bit, 0);
	cr_assert_eq(o.model, KFI_MODEL_SET);
	cr_assert_eq(o.count, 2);
	cr_assert(o.quiet);

	cr_assert_eq(parse(&o, "--thread", "random", "--mask", "0xF0",
			   "--mean", "1.5s", "--method", "taskwork",
			   "--pool", "all", "9", "--seed", "0", NULL), 0, "%s",
		     err);
	cr_assert_eq(o.pid, 9);
	cr_assert_eq(o.tid, KFI_TID_RANDOM);
	cr_assert_eq(o.mask, 0xf0);
	cr_assert_eq(o.mean_ns, 1500000000LL);
	cr_assert_eq(o.pool, KFI_POOL_ALL);
	cr_assert(o.have_seed);
	cr_assert_eq(o.seed, 0);

	cr_assert_eq(parse(&o, "--mask", "ffffffffffffffff", "1", NULL), 0);
	cr_assert_eq(o.mask, ~0ULL);
}

Test(options, no_pid_needed_for_help_version_list)
{
	struct inject_options o;

	cr_assert_eq(parse(&o, "--help", NULL), 0);
	cr_assert(o.help);
	cr_assert_eq(parse(&o, "-h", NULL), 0);
	cr_assert_eq(parse(&o, "-V", NULL), 0);
	cr_assert(o.version);
	cr_assert_eq(parse(&o, "--version", NULL), 0);
	cr_assert_eq(parse(&o, "--list-registers", "--backend", "kmod", NULL),
		     0);
	cr_assert(o.list_registers);
	cr_assert_eq(o.backend, KFI_BACKEND_KMOD);
}

struct misuse {
	const char *args[6];
	const char *message;
};

static const struct misuse misuses[] = {
	{ { NULL }, "no process given: give its PID" },
	{ { "1", "2" }, "unexpected argument '2': give one PID" },
	{ { "-p", "1", "2" }, "unexpected argument '2': give one PID" },
	{ { "-p", "1", "-p", "2" }, "the process is given twice: give one PID" },
	{ { "0" }, "PID: '0' is not a process or thread id: give a positive number" },
	{ { "12abc" }, "PID: '12abc' is not a process or thread id: give a positive number" },
	{ { "--pid", "-3" }, "--pid: '-3' is not a process or thread id: give a positive number" },
	{ { "2147483648" }, "PID: '2147483648' is not a process or thread id: give a positive number" },
	{ { "1", "--tid", "0" }, "--tid: '0' is not a process or thread id: give a positive number" },
	{ { "1", "--thread", "any" }, "--thread: 'any' is not 'random': use --tid TID for a given thread" },
	{ { "1", "-t", "2", "--thread", "random" }, "--tid and --thread random exclude each other: give one" },
	{ { "1", "-b", "64" }, "--bit: '64' is not a bit number 0-63" },
	{ { "1", "-b", "-1" }, "--bit: '-1' is not a bit number 0-63" },
	{ { "1", "-b", "3x" }, "--bit: '3x' is not a bit number 0-63" },
	{ { "1", "-b", "" }, "--bit: '' is not a bit number 0-63" },
	{ { "1", "--mask", "0" }, "--mask: '0' is not a non-zero hexadecimal mask: give e.g. 0x10" },
	{ { "1", "--mask", "0x" }, "--mask: '0x' is not a non-zero hexadecimal mask: give e.g. 0x10" },
	{ { "1", "--mask", "xyz" }, "--mask: 'xyz' is not a non-zero hexadecimal mask: give e.g. 0x10" },
	{ { "1", "--mask", "10000000000000000" }, "--mask: '10000000000000000' is not a non-zero hexadecimal mask: give e.g. 0x10" },
	{ { "1", "-b", "1", "--mask", "2" }, "--bit and --mask exclude each other: give one" },
	{ { "1", "--interval", "1s", "--mean", "1s" }, "--interval and --mean exclude each other: give one" },
	{ { "1", "--interval", "5" }, "--interval: invalid duration '5': missing unit (use e.g. 10s, 1m5s, 1.5h, 250ms; units ns us ms s m h)" },
	{ { "1", "--timeout", "0s" }, "--timeout: '0s' is not a positive duration: give e.g. 1s" },
	{ { "1", "--mean", "-1s" }, "--mean: '-1s' is not a positive duration: give e.g. 1s" },
	{ { "1", "-n", "0" }, "--count: '0' is not a positive number" },
	{ { "1", "--count", "many" }, "--count: 'many' is not a positive number" },
	{ { "1", "--seed", "-1" }, "--seed: '-1' is not a number 0-18446744073709551615" },
	{ { "1", "--seed", "18446744073709551616" }, "--seed: '18446744073709551616' is not a number 0-18446744073709551615" },
	{ { "1", "--pool", "fpu" }, "--pool: unknown register pool 'fpu': use one of gpr, all, legacy" },
	{ { "1", "--model", "toggle" }, "--model: unknown fault model 'toggle': use one of flip, set, clear" },
	{ { "1", "--method", "signal" }, "--method: unknown method 'signal': use one of taskwork, stop" },
	{ { "1", "--backend", "bpf" }, "--backend: unknown backend 'bpf': use one of auto, kmod, ptrace" },
	{ { "1", "--reg", "" }, "--reg: empty register name: give a name (ax) or an index" },
	{ { "1", "--frobnicate" }, "unknown option '--frobnicate'" },
	{ { "1", "-z" }, "unknown option '-z'" },
	{ { "1", "--reg" }, "option '--reg' needs a value" },
	{ { "1", "-b" }, "option '-b' needs a value" },
	{ { "1", "--json=yes" }, "option '--json' takes no value" },
	{ { "1", "--quiet=1" }, "option '--quiet' takes no value" },
	{ { "1", "--nope=1" }, "unknown option '--nope=1'" },
};

Test(options, misuse_gives_one_line_naming_cause_and_fix)
{
	for (size_t i = 0; i < sizeof(misuses) / sizeof(misuses[0]); i++) {
		const struct misuse *m = &misuses[i];
		char *argv[8] = { "kfi-inject" };
		char want[512];
		struct inject_options o;
		int argc = 1;

		for (int j = 0; j < 6 && m->args[j]; j++)
			argv[argc++] = (char *)m->args[j];
		cr_assert_eq(parse_options(argc, argv, &o, err, sizeof(err)),
			     KFI_EXIT_USAGE, "case %zu (%s) was accepted", i,
			     m->message);
		snprintf(want, sizeof(want), "%s (see kfi-inject --help)",
			 m->message);
		cr_assert_str_eq(err, want, "case %zu", i);
		cr_assert_null(strchr(err, '\n'));
	}
}

Test(options, help_text_lists_every_option)
{
	static const char *const names[] = {
		"--pid", "--tid", "--thread random", "--reg", "--pool",
		"--bit", "--mask", "--model", "--method", "--backend",
		"--count", "--interval", "--mean", "--seed", "--timeout",
		"--dry-run", "--json", "--list-registers", "--quiet", "--help",
		"--version", "Exit status",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		cr_assert(strstr(inject_usage, names[i]), "%s", names[i]);
}
