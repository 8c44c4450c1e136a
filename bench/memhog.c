// SPDX-License-Identifier: GPL-2.0-only
/*
 * memhog MIB - touch MIB MiB of anonymous memory (every page written with a
 * non-zero pattern, so CRIU must dump it), print "ready PID", then sleep
 * until killed.  The CRIU benchmark's target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long mib = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
	size_t bytes;
	unsigned char *mem;

	if (mib < 1 || mib > 65536) {
		fprintf(stderr, "usage: memhog MIB (1..65536)\n");
		return 2;
	}
	bytes = (size_t)mib << 20;
	mem = malloc(bytes);
	if (!mem) {
		perror("malloc");
		return 1;
	}
	for (size_t i = 0; i < bytes; i += 4096)
		memset(mem + i, (int)(i >> 12) | 1, 4096);
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	for (;;)
		pause();
}
