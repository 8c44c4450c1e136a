/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * options.h - autoci's command line, parsed into a configuration.
 *
 * Pure: no I/O.  Every flag has the ancestor's spelling and a long one; as
 * with Go's flag package (the ancestor's), a flag may be written with one
 * dash or two, and a value either as the next argument or after `=`.
 * Parsing stops at the first argument that is not a flag (the program) or
 * after `--`.
 */
#ifndef AUTOCI_OPTIONS_H
#define AUTOCI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kfi.h"
#include "policy.h"

#define AUTOCI_DEFAULT_MEAN_FAULT_NS		(60LL * 1000000000LL)
#define AUTOCI_DEFAULT_CHECKPOINT_NS		(60LL * 1000000000LL)
#define AUTOCI_DEFAULT_KEEP			3
#define AUTOCI_DEFAULT_RETRIES			3

enum autoci_checkpointer {
	AUTOCI_CKPT_CRIU = 0,
	AUTOCI_CKPT_BLCR = 1,
};

struct autoci_config {
	bool inject;			/* -kfi */
	int64_t mean_fault_ns;		/* -k */
	bool checkpoint;		/* -blcr */
	int64_t checkpoint_interval_ns;	/* -b */
	unsigned int keep;		/* -n */
	unsigned int retries;		/* -r */
	int64_t timeout_ns;		/* -t; 0: none */
	enum autoci_checkpointer checkpointer;
	bool seed_given;
	uint64_t seed;
	const char *json_path;		/* --json; NULL: none */
	const char *work_dir;		/* --dir; NULL: a fresh one in $TMPDIR */
	bool quiet;			/* -q: no relay, no event log */

	/* Passed through to libkfi. */
	const char *reg;		/* NULL: random */
	enum kfi_pool pool;
	enum kfi_model model;
	enum kfi_method method;
	enum kfi_backend backend;
	bool thread_random;

	int argc;			/* the program and its arguments */
	char **argv;
};

enum autoci_parse_result {
	AUTOCI_PARSE_RUN,		/* run cfg->argv */
	AUTOCI_PARSE_HELP,		/* print autoci_usage(), exit 0 */
	AUTOCI_PARSE_VERSION,		/* print the version, exit 0 */
	AUTOCI_PARSE_ERROR,		/* print err, exit KFI_EXIT_USAGE */
};

void autoci_config_init(struct autoci_config *cfg);

/*
 * Parse argv[1..argc-1] into *cfg (which keeps pointers into argv).  On
 * AUTOCI_PARSE_ERROR, err holds a one-line message without a newline.
 */
enum autoci_parse_result autoci_parse_options(int argc, char **argv,
					      struct autoci_config *cfg,
					      char *err, size_t err_len);

/* The --help text. */
extern const char autoci_usage[];

#endif /* AUTOCI_OPTIONS_H */
