// SPDX-License-Identifier: GPL-2.0-only
/* options.c - autoci's flags, both the ancestor's and the long spellings. */
#include "options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char autoci_usage[] =
"Usage: autoci [options] program [args...]\n"
"\n"
"Run program, checkpoint it periodically, inject faults into it, restore it\n"
"from its checkpoints when it fails, and report where the time went.\n"
"Flags take one dash or two; a value follows as the next argument or after\n"
"'='.  Durations use Go's syntax: 10s, 1m5s, 4h, 1h6m7s, 12ms, 55ns, 101us.\n"
"\n"
"  -kfi, --inject                  enable fault injection\n"
"  -k, --mean-fault-interval DUR   mean time between faults; each gap is\n"
"                                  drawn from an exponential distribution\n"
"                                  (default 1m)\n"
"  -blcr, --checkpoint             enable checkpointing; faults then begin\n"
"                                  after the first checkpoint\n"
"  -b, --checkpoint-interval DUR   time between checkpoints (default 1m)\n"
"  -n, --keep N                    keep the N newest checkpoints, 1-64\n"
"                                  (default 3)\n"
"  -r, --retries R                 restore each checkpoint at most R times\n"
"                                  before discarding it for the next older\n"
"                                  one; 0 never restores (default 3)\n"
"  -t, --timeout DUR               stop the program and give up after DUR\n"
"                                  (default: no timeout)\n"
"  --checkpointer criu|blcr        checkpoint engine (default criu)\n"
"  --seed N                        seed of the fault schedule and the\n"
"                                  register/bit choices (default: random;\n"
"                                  the seed used is always printed)\n"
"  --json FILE                     write the whole report as JSON to FILE\n"
"  --dir DIR                       put checkpoints and the program's output\n"
"                                  files in DIR (default: a new directory\n"
"                                  in $TMPDIR or /tmp, removed at the end)\n"
"  -q, --quiet                     print only the report, not the program's\n"
"                                  output or the event log\n"
"\n"
"Injection options, passed to libkfi:\n"
"  --reg NAME|INDEX                register to inject (default: random)\n"
"  --pool gpr|all|legacy           pool of random registers (default gpr)\n"
"  --model flip|set|clear          what to do to the bit (default flip)\n"
"  --method taskwork|stop          how the module reaches the registers\n"
"                                  (default taskwork)\n"
"  --backend auto|kmod|ptrace      injection backend (default auto)\n"
"  --thread random                 inject a random thread, not the main one\n"
"\n"
"  -h, --help                      show this help and exit\n"
"  --version                       show the version and exit\n"
"\n"
"The program runs with stdin from /dev/null; its stdout and stderr are\n"
"relayed as 'stdout: ' and 'stderr: ' lines.  If it exits 0, autoci is done.\n"
"If it exits non-zero or dies from a signal, autoci restores the newest\n"
"checkpoint.  Checkpoints are deleted when the run ends, whatever the\n"
"outcome.  On timeout, SIGINT or SIGTERM autoci stops the program.\n"
"\n"
"Exit status: 0 the program succeeded; 1 it failed and no checkpoint was\n"
"left, or it was stopped by a timeout or a signal; 2 usage error; 3-6 as\n"
"kfi-inject(1) for injection errors.\n";

enum opt_id {
	OPT_INJECT,
	OPT_MEAN_FAULT,
	OPT_CHECKPOINT,
	OPT_CHECKPOINT_INTERVAL,
	OPT_KEEP,
	OPT_RETRIES,
	OPT_TIMEOUT,
	OPT_CHECKPOINTER,
	OPT_SEED,
	OPT_JSON,
	OPT_DIR,
	OPT_QUIET,
	OPT_REG,
	OPT_POOL,
	OPT_MODEL,
	OPT_METHOD,
	OPT_BACKEND,
	OPT_THREAD,
	OPT_HELP,
	OPT_VERSION,
};

struct opt_spec {
	const char *ancestor;	/* the ancestor's spelling, or NULL */
	const char *name;	/* the long spelling */
	enum opt_id id;
	bool has_value;
};

static const struct opt_spec opt_table[] = {
	{ "kfi",  "inject",              OPT_INJECT,              false },
	{ "k",    "mean-fault-interval", OPT_MEAN_FAULT,          true  },
	{ "blcr", "checkpoint",          OPT_CHECKPOINT,          false },
	{ "b",    "checkpoint-interval", OPT_CHECKPOINT_INTERVAL, true  },
	{ "n",    "keep",                OPT_KEEP,                true  },
	{ "r",    "retries",             OPT_RETRIES,             true  },
	{ "t",    "timeout",             OPT_TIMEOUT,             true  },
	{ NULL,   "checkpointer",        OPT_CHECKPOINTER,        true  },
	{ NULL,   "seed",                OPT_SEED,                true  },
	{ NULL,   "json",                OPT_JSON,                true  },
	{ NULL,   "dir",                 OPT_DIR,                 true  },
	{ "q",    "quiet",               OPT_QUIET,               false },
	{ NULL,   "reg",                 OPT_REG,                 true  },
	{ NULL,   "pool",                OPT_POOL,                true  },
	{ NULL,   "model",               OPT_MODEL,               true  },
	{ NULL,   "method",              OPT_METHOD,              true  },
	{ NULL,   "backend",             OPT_BACKEND,             true  },
	{ NULL,   "thread",              OPT_THREAD,              true  },
	{ "h",    "help",                OPT_HELP,                false },
	{ NULL,   "version",             OPT_VERSION,             false },
};

void autoci_config_init(struct autoci_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mean_fault_ns = AUTOCI_DEFAULT_MEAN_FAULT_NS;
	cfg->checkpoint_interval_ns = AUTOCI_DEFAULT_CHECKPOINT_NS;
	cfg->keep = AUTOCI_DEFAULT_KEEP;
	cfg->retries = AUTOCI_DEFAULT_RETRIES;
	cfg->checkpointer = AUTOCI_CKPT_CRIU;
	cfg->pool = KFI_POOL_GPR;
	cfg->model = KFI_MODEL_FLIP;
	cfg->method = KFI_METHOD_TASKWORK;
	cfg->backend = KFI_BACKEND_AUTO;
}

static void fail(char *err, size_t err_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
}

static const struct opt_spec *find_opt(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(opt_table) / sizeof(opt_table[0]); i++) {
		const struct opt_spec *o = &opt_table[i];

		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
		if (o->ancestor && strlen(o->ancestor) == len &&
		    !strncmp(o->ancestor, name, len))
			return o;
	}
	return NULL;
}

/* A strictly positive duration in Go syntax. */
static int parse_positive_duration(const char *flag, const char *value,
				   int64_t *ns, char *err, size_t err_len)
{
	if (kfi_parse_duration(value, ns) < 0) {
		if (errno == ERANGE)
			fail(err, err_len, "%s: duration '%s' is out of range",
			     flag, value);
		else
			fail(err, err_len,
			     "%s: invalid duration '%s' (examples: 10s, 1m5s, 250ms)",
			     flag, value);
		return -1;
	}
	if (*ns <= 0) {
		fail(err, err_len, "%s: duration '%s' must be greater than 0",
		     flag, value);
		return -1;
	}
	return 0;
}

/* Decimal, or hexadecimal after 0x; no sign, no trailing garbage. */
static int parse_u64(const char *value, uint64_t *out)
{
	int base = 10;
	char *end;

	if (value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) {
		base = 16;
		value += 2;
	}
	if (*value < '0' || (base == 10 && *value > '9') ||
	    (base == 16 && !strchr("0123456789abcdefABCDEF", *value)))
		return -1;
	errno = 0;
	*out = strtoull(value, &end, base);
	if (errno || *end)
		return -1;
	return 0;
}

static int parse_uint_range(const char *flag, const char *value,
			    unsigned int min, unsigned int max,
			    unsigned int *out, char *err, size_t err_len)
{
	uint64_t v;

	if (parse_u64(value, &v) < 0 || v < min || v > max) {
		fail(err, err_len, "%s: '%s' is not a whole number from %u to %u",
		     flag, value, min, max);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int apply(const struct opt_spec *o, const char *flag, const char *value,
		 struct autoci_config *cfg, char *err, size_t err_len)
{
	switch (o->id) {
	case OPT_INJECT:
		cfg->inject = true;
		return 0;
	case OPT_MEAN_FAULT:
		return parse_positive_duration(flag, value, &cfg->mean_fault_ns,
					       err, err_len);
	case OPT_CHECKPOINT:
		cfg->checkpoint = true;
		return 0;
	case OPT_CHECKPOINT_INTERVAL:
		return parse_positive_duration(flag, value,
					       &cfg->checkpoint_interval_ns,
					       err, err_len);
	case OPT_KEEP:
		return parse_uint_range(flag, value, 1, AUTOCI_MAX_KEEP,
					&cfg->keep, err, err_len);
	case OPT_RETRIES:
		return parse_uint_range(flag, value, 0, 1000000,
					&cfg->retries, err, err_len);
	case OPT_TIMEOUT:
		return parse_positive_duration(flag, value, &cfg->timeout_ns,
					       err, err_len);
	case OPT_CHECKPOINTER:
		if (!strcmp(value, "criu")) {
			cfg->checkpointer = AUTOCI_CKPT_CRIU;
		} else if (!strcmp(value, "blcr")) {
			cfg->checkpointer = AUTOCI_CKPT_BLCR;
		} else {
			fail(err, err_len,
			     "%s: unknown checkpointer '%s' (criu, blcr)",
			     flag, value);
			return -1;
		}
		return 0;
	case OPT_SEED:
		if (parse_u64(value, &cfg->seed) < 0) {
			fail(err, err_len,
			     "%s: '%s' is not a number from 0 to %" PRIu64,
			     flag, value, UINT64_MAX);
			return -1;
		}
		cfg->seed_given = true;
		return 0;
	case OPT_JSON:
	case OPT_DIR:
	case OPT_REG:
		if (!*value) {
			fail(err, err_len, "%s: the value must not be empty",
			     flag);
			return -1;
		}
		if (o->id == OPT_JSON)
			cfg->json_path = value;
		else if (o->id == OPT_DIR)
			cfg->work_dir = value;
		else
			cfg->reg = value;
		return 0;
	case OPT_QUIET:
		cfg->quiet = true;
		return 0;
	case OPT_POOL:
		if (kfi_pool_parse(value, &cfg->pool) < 0) {
			fail(err, err_len, "%s: unknown pool '%s' (gpr, all, legacy)",
			     flag, value);
			return -1;
		}
		return 0;
	case OPT_MODEL:
		if (kfi_model_parse(value, &cfg->model) < 0) {
			fail(err, err_len,
			     "%s: unknown model '%s' (flip, set, clear)",
			     flag, value);
			return -1;
		}
		return 0;
	case OPT_METHOD:
		if (kfi_method_parse(value, &cfg->method) < 0) {
			fail(err, err_len,
			     "%s: unknown method '%s' (taskwork, stop)",
			     flag, value);
			return -1;
		}
		return 0;
	case OPT_BACKEND:
		if (kfi_backend_parse(value, &cfg->backend) < 0) {
			fail(err, err_len,
			     "%s: unknown backend '%s' (auto, kmod, ptrace)",
			     flag, value);
			return -1;
		}
		return 0;
	case OPT_THREAD:
		if (strcmp(value, "random")) {
			fail(err, err_len, "%s: unknown thread choice '%s' (random)",
			     flag, value);
			return -1;
		}
		cfg->thread_random = true;
		return 0;
	case OPT_HELP:
	case OPT_VERSION:
		return 0;
	}
	return 0;
}

enum autoci_parse_result autoci_parse_options(int argc, char **argv,
					      struct autoci_config *cfg,
					      char *err, size_t err_len)
{
	int i;

	autoci_config_init(cfg);
	err[0] = '\0';

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *name, *eq, *value = NULL;
		const struct opt_spec *o;
		char flag[64];
		size_t len;

		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0')
			break;	/* the program */

		name = arg + (arg[1] == '-' ? 2 : 1);
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		/* Name the flag as typed, without any "=value", in messages. */
		snprintf(flag, sizeof(flag), "%.*s", (int)(name - arg + len), arg);

		o = find_opt(name, len);
		if (!o) {
			fail(err, err_len, "unknown option '%s' (see --help)",
			     flag);
			return AUTOCI_PARSE_ERROR;
		}
		if (o->has_value) {
			if (eq) {
				value = eq + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				fail(err, err_len, "option '%s' needs a value",
				     flag);
				return AUTOCI_PARSE_ERROR;
			}
		} else if (eq) {
			fail(err, err_len, "option '%s' takes no value", flag);
			return AUTOCI_PARSE_ERROR;
		}

		if (o->id == OPT_HELP)
			return AUTOCI_PARSE_HELP;
		if (o->id == OPT_VERSION)
			return AUTOCI_PARSE_VERSION;
		if (apply(o, flag, value, cfg, err, err_len) < 0)
			return AUTOCI_PARSE_ERROR;
	}

	if (i >= argc) {
		fail(err, err_len, "no program to run (see --help)");
		return AUTOCI_PARSE_ERROR;
	}
	cfg->argc = argc - i;
	cfg->argv = argv + i;
	return AUTOCI_PARSE_RUN;
}
