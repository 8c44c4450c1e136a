// SPDX-License-Identifier: GPL-2.0-only
/* relay.c - the program's output, relayed as prefixed lines. */
#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int autoci_relay_open(struct autoci_relay *r, const char *path,
		      const char *prefix, FILE *out, bool quiet)
{
	memset(r, 0, sizeof(*r));
	r->prefix = prefix;
	r->out = out;
	r->quiet = quiet;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	return r->fd < 0 ? -1 : 0;
}

static void emit(struct autoci_relay *r)
{
	if (!r->quiet) {
		fprintf(r->out, "%s%.*s\n", r->prefix, (int)r->used, r->line);
		fflush(r->out);
	}
	r->used = 0;
}

void autoci_relay_pump(struct autoci_relay *r, bool at_end)
{
	char buf[8192];
	ssize_t n;

	if (r->fd < 0)
		return;
	while ((n = read(r->fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				emit(r);
				continue;
			}
			/* An overlong line is relayed in pieces. */
			if (r->used == sizeof(r->line))
				emit(r);
			r->line[r->used++] = buf[i];
		}
	}
	if (at_end && r->used)
		emit(r);
}

void autoci_relay_close(struct autoci_relay *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}
