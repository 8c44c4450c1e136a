// SPDX-License-Identifier: GPL-2.0-only
/*
 * autoci - run a program, checkpoint it, inject faults into it, restore it
 * when it fails, and account for the time.  A thin shell: options.c parses,
 * supervise.c runs, report.c tells.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "report.h"
#include "run.h"
#include "schedule.h"
#include "supervise.h"

int main(int argc, char **argv)
{
	struct autoci_config cfg;
	struct autoci_run run;
	char err[512];
	int status;

	switch (autoci_parse_options(argc, argv, &cfg, err, sizeof(err))) {
	case AUTOCI_PARSE_HELP:
		fputs(autoci_usage, stdout);
		return KFI_EXIT_OK;
	case AUTOCI_PARSE_VERSION:
		printf("autoci %s (libkfi %s)\n", VERSION, kfi_library_version());
		return KFI_EXIT_OK;
	case AUTOCI_PARSE_ERROR:
		fprintf(stderr, "autoci: %s\n", err);
		return KFI_EXIT_USAGE;
	case AUTOCI_PARSE_RUN:
		break;
	}

	autoci_run_init(&run);
	run.seed = cfg.seed_given ? cfg.seed : autoci_random_seed();
	status = autoci_supervise(&cfg, &run);
	if (run.outcome != AUTOCI_OUTCOME_RUNNING) {
		autoci_report_text(stdout, &cfg, &run);
		fflush(stdout);
		if (cfg.json_path &&
		    autoci_report_json_file(cfg.json_path, &cfg, &run) < 0) {
			fprintf(stderr, "autoci: cannot write %s: %s\n",
				cfg.json_path, strerror(errno));
			if (status == KFI_EXIT_OK)
				status = KFI_EXIT_FAILURE;
		}
	}
	autoci_run_free(&run);
	return status;
}
