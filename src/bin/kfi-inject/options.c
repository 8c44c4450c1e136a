// SPDX-License-Identifier: GPL-2.0-or-later
/* options.c - kfi-inject's command line. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

const char inject_usage[] =
"Usage: kfi-inject [OPTION]... PID\n"
"       kfi-inject --list-registers [--backend B]\n"
"Inject faults into the saved user registers of a process: one random bit\n"
"flip of a random register by default.\n"
"\n"
"Target:\n"
"  -p, --pid PID            the process (or give PID as the argument)\n"
"  -t, --tid TID            a thread of PID (default: the thread PID)\n"
"      --thread random      a random thread of PID\n"
"Fault:\n"
"  -r, --reg NAME|INDEX     register (default: random from --pool)\n"
"      --pool gpr|all|legacy  registers a random one is drawn from (gpr)\n"
"  -b, --bit N              change bit N (default: a random allowed bit)\n"
"      --mask HEX           change the bits of HEX (not with --bit)\n"
"  -m, --model flip|set|clear  what to do to the bits (flip)\n"
"      --method taskwork|stop  how the module reaches the target (taskwork)\n"
"      --backend auto|kmod|ptrace  module, ptrace, or module if loaded (auto)\n"
"Repetition:\n"
"  -n, --count N            inject N times (1)\n"
"      --interval DURATION  fixed gap between injections\n"
"      --mean DURATION      exponential gaps with this mean\n"
"      --seed N             seed for random choices (always reported)\n"
"      --timeout DURATION   wait at most this long for the target to run in\n"
"                           user mode (1s); a timed-out request changed nothing\n"
"Output:\n"
"      --dry-run            everything but the change\n"
"      --json               one JSON object per injection, every field\n"
"      --list-registers     the registers, their widths and injectable bits\n"
"  -q, --quiet              no notices, no seed, no progress\n"
"  -h, --help               this text\n"
"  -V, --version            the version\n"
"\n"
"DURATION is Go syntax: 10s, 1m5s, 1.5h, 250ms, 55ns, 101us.\n"
"\n"
"Exit status: 0 all injected; 1 other failure; 2 usage error or register/bits\n"
"not allowed; 3 not permitted / device not accessible; 4 no such process;\n"
"5 module or backend unavailable, ABI mismatch; 6 timed out or only some\n"
"injected.\n";

enum {
	OPT_THREAD = 256,
	OPT_POOL,
	OPT_MASK,
	OPT_METHOD,
	OPT_BACKEND,
	OPT_INTERVAL,
	OPT_MEAN,
	OPT_SEED,
	OPT_TIMEOUT,
	OPT_DRY_RUN,
	OPT_JSON,
	OPT_LIST_REGISTERS,
};

static const struct option long_options[] = {
	{ "pid", required_argument, NULL, 'p' },
	{ "tid", required_argument, NULL, 't' },
	{ "thread", required_argument, NULL, OPT_THREAD },
	{ "reg", required_argument, NULL, 'r' },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "bit", required_argument, NULL, 'b' },
	{ "mask", required_argument, NULL, OPT_MASK },
	{ "model", required_argument, NULL, 'm' },
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "count", required_argument, NULL, 'n' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "mean", required_argument, NULL, OPT_MEAN },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "list-registers", no_argument, NULL, OPT_LIST_REGISTERS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int usage_error(char *err, size_t err_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int usage_error(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
	n = strlen(err);
	snprintf(err + n, err_len - n, " (see kfi-inject --help)");
	return KFI_EXIT_USAGE;
}

/* A decimal number with no sign, garbage or overflow, in [min, max]. */
static int parse_number(const char *s, uint64_t min, uint64_t max,
			uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !(*s >= '0' && *s <= '9'))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_hex(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s && (s[0] == '0') && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!s || !*s || strspn(s, "0123456789abcdefABCDEF") != strlen(s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 16);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_positive_duration(const char *opt, const char *s,
				   int64_t *out, char *err, size_t err_len)
{
	if (kfi_parse_duration(s, out))
		return usage_error(err, err_len, "%s: %s", opt,
				   kfi_last_error());
	if (*out <= 0)
		return usage_error(err, err_len,
				   "%s: '%s' is not a positive duration: give e.g. 1s",
				   opt, s);
	return 0;
}

static int parse_pid(const char *what, const char *s, pid_t *out,
		     char *err, size_t err_len)
{
	uint64_t v;

	if (parse_number(s, 1, INT32_MAX, &v))
		return usage_error(err, err_len,
				   "%s: '%s' is not a process or thread id: give a positive number",
				   what, s);
	*out = (pid_t)v;
	return 0;
}

/* getopt_long's '?': an unknown option, or a value for one that has none. */
static int bad_option(const char *arg, int opt, char *err, size_t err_len)
{
	if (!strncmp(arg, "--", 2)) {
		const char *eq = strchr(arg, '=');

		if (eq) {
			for (const struct option *lo = long_options; lo->name;
			     lo++)
				if (strlen(lo->name) == (size_t)(eq - arg - 2) &&
				    !strncmp(lo->name, arg + 2,
					     (size_t)(eq - arg - 2)))
					return usage_error(err, err_len,
							   "option '%.*s' takes no value",
							   (int)(eq - arg), arg);
		}
		return usage_error(err, err_len, "unknown option '%s'", arg);
	}
	return usage_error(err, err_len, "unknown option '-%c'", opt);
}

static void set_defaults(struct inject_options *o)
{
	memset(o, 0, sizeof(*o));
	o->tid = KFI_TID_DEFAULT;
	o->pool = KFI_POOL_GPR;
	o->bit = -1;
	o->model = KFI_MODEL_FLIP;
	o->method = KFI_METHOD_TASKWORK;
	o->backend = KFI_BACKEND_AUTO;
	o->count = 1;
	o->timeout_ns = KFI_TIMEOUT_DEFAULT;
}

static int check_combination(struct inject_options *o, bool have_tid,
			     bool thread_random, char *err, size_t err_len)
{
	if (have_tid && thread_random)
		return usage_error(err, err_len,
				   "--tid and --thread random exclude each other: give one");
	if (o->bit >= 0 && o->mask)
		return usage_error(err, err_len,
				   "--bit and --mask exclude each other: give one");
	if (o->interval_ns && o->mean_ns)
		return usage_error(err, err_len,
				   "--interval and --mean exclude each other: give one");
	if (o->help || o->version || o->list_registers)
		return 0;
	if (!o->pid)
		return usage_error(err, err_len,
				   "no process given: give its PID");
	return 0;
}

int parse_options(int argc, char **argv, struct inject_options *o,
		  char *err, size_t err_len)
{
	bool have_tid = false, thread_random = false;
	uint64_t v;
	int c, ret;

	set_defaults(o);
	err[0] = '\0';
	optind = 0;	/* glibc: rescan from the start, for repeated calls */
	opterr = 0;	/* our own one-line messages */
	while ((c = getopt_long(argc, argv, ":p:t:r:b:m:n:qhV", long_options,
				NULL)) != -1) {
		ret = 0;
		switch (c) {
		case 'p':
			if (o->pid)
				return usage_error(err, err_len,
						   "the process is given twice: give one PID");
			ret = parse_pid("--pid", optarg, &o->pid, err, err_len);
			break;
		case 't':
			have_tid = true;
			ret = parse_pid("--tid", optarg, &o->tid, err, err_len);
			break;
		case OPT_THREAD:
			if (strcmp(optarg, "random"))
				return usage_error(err, err_len,
						   "--thread: '%s' is not 'random': use --tid TID for a given thread",
						   optarg);
			thread_random = true;
			o->tid = KFI_TID_RANDOM;
			break;
		case 'r':
			if (!*optarg)
				return usage_error(err, err_len,
						   "--reg: empty register name: give a name (ax) or an index");
			o->reg = optarg;
			break;
		case OPT_POOL:
			if (kfi_pool_parse(optarg, &o->pool))
				return usage_error(err, err_len, "--pool: %s",
						   kfi_last_error());
			break;
		case 'b':
			if (parse_number(optarg, 0, 63, &v))
				return usage_error(err, err_len,
						   "--bit: '%s' is not a bit number 0-63",
						   optarg);
			o->bit = (int)v;
			break;
		case OPT_MASK:
			if (parse_hex(optarg, &o->mask) || !o->mask)
				return usage_error(err, err_len,
						   "--mask: '%s' is not a non-zero hexadecimal mask: give e.g. 0x10",
						   optarg);
			break;
		case 'm':
			if (kfi_model_parse(optarg, &o->model))
				return usage_error(err, err_len, "--model: %s",
						   kfi_last_error());
			break;
		case OPT_METHOD:
			if (kfi_method_parse(optarg, &o->method))
				return usage_error(err, err_len, "--method: %s",
						   kfi_last_error());
			break;
		case OPT_BACKEND:
			if (kfi_backend_parse(optarg, &o->backend))
				return usage_error(err, err_len, "--backend: %s",
						   kfi_last_error());
			break;
		case 'n':
			if (parse_number(optarg, 1, ULONG_MAX, &v))
				return usage_error(err, err_len,
						   "--count: '%s' is not a positive number",
						   optarg);
			o->count = (unsigned long)v;
			break;
		case OPT_INTERVAL:
			ret = parse_positive_duration("--interval", optarg,
						      &o->interval_ns, err,
						      err_len);
			break;
		case OPT_MEAN:
			ret = parse_positive_duration("--mean", optarg,
						      &o->mean_ns, err, err_len);
			break;
		case OPT_SEED:
			if (parse_number(optarg, 0, UINT64_MAX, &o->seed))
				return usage_error(err, err_len,
						   "--seed: '%s' is not a number 0-18446744073709551615",
						   optarg);
			o->have_seed = true;
			break;
		case OPT_TIMEOUT:
			ret = parse_positive_duration("--timeout", optarg,
						      &o->timeout_ns, err,
						      err_len);
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_LIST_REGISTERS:
			o->list_registers = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			o->help = true;
			break;
		case 'V':
			o->version = true;
			break;
		case ':':
			return usage_error(err, err_len,
					   "option '%s' needs a value",
					   argv[optind - 1]);
		default:
			return bad_option(argv[optind - 1], optopt, err,
					  err_len);
		}
		if (ret)
			return ret;
	}

	if (optind < argc) {
		if (o->pid || optind + 1 < argc)
			return usage_error(err, err_len,
					   "unexpected argument '%s': give one PID",
					   argv[o->pid ? optind : optind + 1]);
		ret = parse_pid("PID", argv[optind], &o->pid, err, err_len);
		if (ret)
			return ret;
	}
	return check_combination(o, have_tid, thread_random, err, err_len);
}
