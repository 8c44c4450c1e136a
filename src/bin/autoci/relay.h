/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * relay.h - relay the program's output files as prefixed lines.
 *
 * The program writes to files opened with O_APPEND (CRIU restores a
 * regular file only if its size is unchanged or it is append-only); autoci
 * reads what is new in them and prints it line by line behind a prefix
 * ("stdout: ").  After a restore the program appends again, so the reader
 * just goes on from where it was.
 */
#ifndef AUTOCI_RELAY_H
#define AUTOCI_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct autoci_relay {
	const char *prefix;
	int fd;			/* our own read-only descriptor */
	FILE *out;
	bool quiet;		/* read, but print nothing */
	size_t used;
	char line[4096];	/* a partial line waiting for its newline */
};

/* Open path for reading; 0, or -1 with errno set. */
int autoci_relay_open(struct autoci_relay *r, const char *path,
		      const char *prefix, FILE *out, bool quiet);

/* Print every complete new line; at_end: also a last partial line. */
void autoci_relay_pump(struct autoci_relay *r, bool at_end);

void autoci_relay_close(struct autoci_relay *r);

#endif /* AUTOCI_RELAY_H */
