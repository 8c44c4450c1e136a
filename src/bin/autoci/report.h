/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.h - what autoci prints: the event log lines, the final report,
 * and the --json document.
 */
#ifndef AUTOCI_REPORT_H
#define AUTOCI_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "options.h"
#include "run.h"

/* One event as a log line ("autoci: +1.500s checkpoint 1 taken in 20ms"),
 * without a newline.  Returns the length it needed, like snprintf. */
int autoci_event_line(const struct autoci_event *ev, char *buf, size_t len);

/* The final report, the ancestor's lines first.  Returns 0 or -1. */
int autoci_report_text(FILE *out, const struct autoci_config *cfg,
		       const struct autoci_run *run);

/* The whole run as one JSON document; a malloc()ed string, or NULL. */
char *autoci_report_json(const struct autoci_config *cfg,
			 const struct autoci_run *run);

/* Write autoci_report_json() to path.  Returns 0, or -1 with errno set. */
int autoci_report_json_file(const char *path, const struct autoci_config *cfg,
			    const struct autoci_run *run);

#endif /* AUTOCI_REPORT_H */
