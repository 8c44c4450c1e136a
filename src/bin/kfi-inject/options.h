/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options.h - kfi-inject's command line, parsed by a pure function so the
 * unit tests can call it.
 */
#ifndef KFI_INJECT_OPTIONS_H
#define KFI_INJECT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kfi.h"

struct inject_options {
	pid_t pid;		/* 0: none given */
	pid_t tid;		/* KFI_TID_DEFAULT, KFI_TID_RANDOM or a tid */
	const char *reg;	/* NULL: a random register of pool */
	enum kfi_pool pool;
	int bit;		/* -1: none given */
	uint64_t mask;		/* 0: none given */
	enum kfi_model model;
	enum kfi_method method;
	enum kfi_backend backend;
	unsigned long count;
	int64_t interval_ns;	/* fixed gap, or 0 */
	int64_t mean_ns;	/* mean of exponential gaps, or 0 */
	bool have_seed;
	uint64_t seed;
	int64_t timeout_ns;	/* KFI_TIMEOUT_DEFAULT unless given */
	bool dry_run, json, list_registers, quiet, help, version;
};

/*
 * Parse argv into *opts.  Returns 0, or KFI_EXIT_USAGE with a one-line
 * message (cause and fix, no program name) in err.
 */
int parse_options(int argc, char **argv, struct inject_options *opts,
		  char *err, size_t err_len);

/* The --help text. */
extern const char inject_usage[];

#endif /* KFI_INJECT_OPTIONS_H */
