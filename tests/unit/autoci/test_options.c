// SPDX-License-Identifier: GPL-2.0-only
/* autoci's command line: both spellings of every flag, and every error. */
#include <criterion/criterion.h>
#include <string.h>

#include "options.h"

#define ARGV(...) ((char *[]){ "autoci", __VA_ARGS__, NULL })

static struct autoci_config cfg;
static char err[512];

static enum autoci_parse_result parse_argv(int argc, char **argv)
{
	err[0] = 'x';
	err[1] = '\0';
	return autoci_parse_options(argc, argv, &cfg, err, sizeof(err));
}

#define PARSE(...) parse_list(ARGV(__VA_ARGS__))

/*
 * cfg keeps pointers into argv, and a compound literal dies with the
 * assertion's block: parse a copy that lives as long as the test.
 */
static enum autoci_parse_result parse_list(char **argv)
{
	static char *saved[64];
	int argc = 0;

	while (argv[argc] && argc < 63) {
		saved[argc] = argv[argc];
		argc++;
	}
	saved[argc] = NULL;
	return parse_argv(argc, saved);
}

static void expect_error(enum autoci_parse_result r, const char *message)
{
	cr_assert_eq(r, AUTOCI_PARSE_ERROR);
	cr_assert_str_eq(err, message);
}

Test(options, defaults_are_the_ancestors)
{
	cr_assert_eq(PARSE("prog"), AUTOCI_PARSE_RUN);
	cr_assert_not(cfg.inject);
	cr_assert_not(cfg.checkpoint);
	cr_assert_eq(cfg.mean_fault_ns, 60000000000LL);
	cr_assert_eq(cfg.checkpoint_interval_ns, 60000000000LL);
	cr_assert_eq(cfg.keep, 3);
	cr_assert_eq(cfg.retries, 3);
	cr_assert_eq(cfg.timeout_ns, 0);
	cr_assert_eq(cfg.checkpointer, AUTOCI_CKPT_CRIU);
	cr_assert_not(cfg.seed_given);
	cr_assert_null(cfg.json_path);
	cr_assert_null(cfg.reg);
	cr_assert_eq(cfg.pool, KFI_POOL_GPR);
	cr_assert_eq(cfg.model, KFI_MODEL_FLIP);
	cr_assert_eq(cfg.method, KFI_METHOD_TASKWORK);
	cr_assert_eq(cfg.backend, KFI_BACKEND_AUTO);
	cr_assert_not(cfg.thread_random);
	cr_assert_eq(cfg.argc, 1);
	cr_assert_str_eq(cfg.argv[0], "prog");
}

static void check_full(void)
{
	cr_assert(cfg.inject);
	cr_assert_eq(cfg.mean_fault_ns, 65000000000LL);
	cr_assert(cfg.checkpoint);
	cr_assert_eq(cfg.checkpoint_interval_ns, 12000000LL);
	cr_assert_eq(cfg.keep, 5);
	cr_assert_eq(cfg.retries, 0);
	cr_assert_eq(cfg.timeout_ns, 3600000000000LL + 6 * 60000000000LL + 7000000000LL);
	cr_assert_eq(cfg.argc, 3);
	cr_assert_str_eq(cfg.argv[0], "prog");
	cr_assert_str_eq(cfg.argv[1], "-k");
	cr_assert_str_eq(cfg.argv[2], "x");
}

Test(options, ancestor_spellings)
{
	cr_assert_eq(PARSE("-kfi", "-k", "1m5s", "-blcr", "-b", "12ms", "-n", "5",
			   "-r", "0", "-t", "1h6m7s", "prog", "-k", "x"),
		     AUTOCI_PARSE_RUN);
	check_full();
}

Test(options, long_spellings)
{
	cr_assert_eq(PARSE("--inject", "--mean-fault-interval", "1m5s",
			   "--checkpoint", "--checkpoint-interval", "12ms",
			   "--keep", "5", "--retries", "0", "--timeout",
			   "1h6m7s", "prog", "-k", "x"),
		     AUTOCI_PARSE_RUN);
	check_full();
}

Test(options, values_after_equals_and_either_dash_count)
{
	cr_assert_eq(PARSE("--kfi", "-inject", "--k=1m5s", "-blcr",
			   "-checkpoint-interval=12ms", "--n=5", "-r=0",
			   "--t=1h6m7s", "prog", "-k", "x"),
		     AUTOCI_PARSE_RUN);
	check_full();
}

Test(options, go_durations)
{
	static const struct {
		const char *text;
		long long ns;
	} cases[] = {
		{ "10s", 10000000000LL }, { "4h", 14400000000000LL },
		{ "55ns", 55 }, { "101us", 101000 }, { "101µs", 101000 },
		{ "1.5s", 1500000000LL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(PARSE("-k", (char *)cases[i].text, "p"),
			     AUTOCI_PARSE_RUN, "%s", cases[i].text);
		cr_assert_eq(cfg.mean_fault_ns, cases[i].ns, "%s",
			     cases[i].text);
	}
}

Test(options, injection_pass_through)
{
	cr_assert_eq(PARSE("--reg", "ax", "--pool", "all", "--model", "set",
			   "--method", "stop", "--backend", "ptrace",
			   "--thread", "random", "--seed", "42", "--json",
			   "r.json", "--checkpointer", "blcr", "--dir", "d",
			   "-q", "p"),
		     AUTOCI_PARSE_RUN);
	cr_assert_str_eq(cfg.reg, "ax");
	cr_assert_eq(cfg.pool, KFI_POOL_ALL);
	cr_assert_eq(cfg.model, KFI_MODEL_SET);
	cr_assert_eq(cfg.method, KFI_METHOD_STOP);
	cr_assert_eq(cfg.backend, KFI_BACKEND_PTRACE);
	cr_assert(cfg.thread_random);
	cr_assert(cfg.seed_given);
	cr_assert_eq(cfg.seed, 42);
	cr_assert_str_eq(cfg.json_path, "r.json");
	cr_assert_eq(cfg.checkpointer, AUTOCI_CKPT_BLCR);
	cr_assert_str_eq(cfg.work_dir, "d");
	cr_assert(cfg.quiet);
}

Test(options, seeds_full_range_and_hex)
{
	cr_assert_eq(PARSE("--seed", "18446744073709551615", "p"),
		     AUTOCI_PARSE_RUN);
	cr_assert_eq(cfg.seed, UINT64_MAX);
	cr_assert_eq(PARSE("--seed", "0x10", "p"), AUTOCI_PARSE_RUN);
	cr_assert_eq(cfg.seed, 16);
	cr_assert_eq(PARSE("--seed=0", "p"), AUTOCI_PARSE_RUN);
	cr_assert_eq(cfg.seed, 0);
	cr_assert(cfg.seed_given);
}

Test(options, double_dash_ends_the_flags)
{
	cr_assert_eq(PARSE("-kfi", "--", "-blcr", "x"), AUTOCI_PARSE_RUN);
	cr_assert(cfg.inject);
	cr_assert_not(cfg.checkpoint);
	cr_assert_eq(cfg.argc, 2);
	cr_assert_str_eq(cfg.argv[0], "-blcr");
}

Test(options, help_and_version)
{
	cr_assert_eq(PARSE("--help"), AUTOCI_PARSE_HELP);
	cr_assert_eq(PARSE("-h", "p"), AUTOCI_PARSE_HELP);
	cr_assert_eq(PARSE("-kfi", "--version"), AUTOCI_PARSE_VERSION);
	cr_assert_eq(PARSE("-version"), AUTOCI_PARSE_VERSION);
}

Test(options, help_names_every_flag)
{
	static const char *const flags[] = {
		"-kfi, --inject", "-k, --mean-fault-interval DUR",
		"-blcr, --checkpoint", "-b, --checkpoint-interval DUR",
		"-n, --keep N", "-r, --retries R", "-t, --timeout DUR",
		"--checkpointer criu|blcr", "--seed N", "--json FILE",
		"--dir DIR", "-q, --quiet", "--reg NAME|INDEX",
		"--pool gpr|all|legacy", "--model flip|set|clear",
		"--method taskwork|stop", "--backend auto|kmod|ptrace",
		"--thread random", "-h, --help", "--version",
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		cr_assert_not_null(strstr(autoci_usage, flags[i]), "%s", flags[i]);
}

Test(options, errors)
{
	expect_error(PARSE("-x", "p"), "unknown option '-x' (see --help)");
	expect_error(PARSE("--kfi-please", "p"),
		     "unknown option '--kfi-please' (see --help)");
	expect_error(PARSE("-k"), "option '-k' needs a value");
	expect_error(PARSE("--timeout"), "option '--timeout' needs a value");
	expect_error(PARSE("-kfi=yes", "p"), "option '-kfi' takes no value");
	expect_error(PARSE("--help=1"), "option '--help' takes no value");
	expect_error(PARSE("-k", "10", "p"),
		     "-k: invalid duration '10' (examples: 10s, 1m5s, 250ms)");
	expect_error(PARSE("-b", "1x", "p"),
		     "-b: invalid duration '1x' (examples: 10s, 1m5s, 250ms)");
	expect_error(PARSE("--timeout=", "p"),
		     "--timeout: invalid duration '' (examples: 10s, 1m5s, 250ms)");
	expect_error(PARSE("-t", "3000000h", "p"),
		     "-t: duration '3000000h' is out of range");
	expect_error(PARSE("-k", "0s", "p"),
		     "-k: duration '0s' must be greater than 0");
	expect_error(PARSE("-b", "-1s", "p"),
		     "-b: duration '-1s' must be greater than 0");
	expect_error(PARSE("-n", "0", "p"),
		     "-n: '0' is not a whole number from 1 to 64");
	expect_error(PARSE("--keep", "65", "p"),
		     "--keep: '65' is not a whole number from 1 to 64");
	expect_error(PARSE("-n", "3x", "p"),
		     "-n: '3x' is not a whole number from 1 to 64");
	expect_error(PARSE("-r", "-1", "p"),
		     "-r: '-1' is not a whole number from 0 to 1000000");
	expect_error(PARSE("-r", "", "p"),
		     "-r: '' is not a whole number from 0 to 1000000");
	expect_error(PARSE("--seed", "18446744073709551616", "p"),
		     "--seed: '18446744073709551616' is not a number from 0 to 18446744073709551615");
	expect_error(PARSE("--seed", "0x", "p"),
		     "--seed: '0x' is not a number from 0 to 18446744073709551615");
	expect_error(PARSE("--seed", " 1", "p"),
		     "--seed: ' 1' is not a number from 0 to 18446744073709551615");
	expect_error(PARSE("--checkpointer", "dmtcp", "p"),
		     "--checkpointer: unknown checkpointer 'dmtcp' (criu, blcr)");
	expect_error(PARSE("--pool", "fpu", "p"),
		     "--pool: unknown pool 'fpu' (gpr, all, legacy)");
	expect_error(PARSE("--model", "toggle", "p"),
		     "--model: unknown model 'toggle' (flip, set, clear)");
	expect_error(PARSE("--method", "signal", "p"),
		     "--method: unknown method 'signal' (taskwork, stop)");
	expect_error(PARSE("--backend", "ebpf", "p"),
		     "--backend: unknown backend 'ebpf' (auto, kmod, ptrace)");
	expect_error(PARSE("--thread", "3", "p"),
		     "--thread: unknown thread choice '3' (random)");
	expect_error(PARSE("--json", "", "p"),
		     "--json: the value must not be empty");
	expect_error(PARSE("--reg=", "p"), "--reg: the value must not be empty");
	expect_error(PARSE("--dir", "", "p"), "--dir: the value must not be empty");
	expect_error(PARSE("-kfi"), "no program to run (see --help)");
	expect_error(PARSE("-kfi", "--"), "no program to run (see --help)");
}

Test(options, no_arguments_at_all)
{
	char *argv[] = { "autoci", NULL };

	expect_error(parse_argv(1, argv), "no program to run (see --help)");
}

Test(options, overlong_flag_name_is_cut_not_overflowed)
{
	char name[200];

	memset(name, 'x', sizeof(name) - 1);
	name[0] = '-';
	name[sizeof(name) - 1] = '\0';
	cr_assert_eq(PARSE(name, "p"), AUTOCI_PARSE_ERROR);
	cr_assert_not_null(strstr(err, "unknown option '-xxx"));
}
