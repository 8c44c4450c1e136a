// SPDX-License-Identifier: GPL-2.0-only
/*
 * autoci-work - a deterministic workload for autoci's tests.
 *
 *   autoci-work STEPS RESULT_FILE [STEP_MS [crash]]
 *
 * Runs STEPS steps of STEP_MS (default 10) ms each, then writes the final
 * value of a hash chain to RESULT_FILE and exits 0 (with "crash": dies
 * from SIGSEGV instead, always at the same point of its work, for the
 * give-up tests).  It checks itself so
 * that an injected fault makes it fail instead of giving a wrong result:
 * the chain is computed twice, in two places, and the step counter is kept
 * twice; any mismatch exits 3.  It prints one line per 50 steps, so the
 * relay has something to carry.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t mix(uint64_t h, uint64_t i)
{
	h ^= i + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 31);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0)
		;
}

int main(int argc, char **argv)
{
	static volatile uint64_t copy_a[8], copy_b[64];
	uint64_t a = 1, b = 1, steps, step_ms = 10, i, j;
	char tmp[4096];
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: autoci-work STEPS RESULT_FILE [STEP_MS [crash]]\n");
		return 2;
	}
	steps = strtoull(argv[1], NULL, 10);
	if (argc > 3)
		step_ms = strtoull(argv[3], NULL, 10);

	for (i = 0, j = 0; i < steps; i++, j++) {
		a = mix(a, i);
		b = mix(b, j);
		copy_a[i % 8] = a;
		copy_b[63 - i % 64] = b;
		if (a != b || i != j || copy_a[i % 8] != copy_b[63 - i % 64]) {
			fprintf(stderr, "autoci-work: corrupted at step %llu\n",
				(unsigned long long)i);
			return 3;
		}
		if (i % 50 == 0) {
			printf("step %llu\n", (unsigned long long)i);
			fflush(stdout);
		}
		sleep_ms((long)step_ms);
	}
	if (i != steps || j != steps) {
		fprintf(stderr, "autoci-work: counted %llu steps of %llu\n",
			(unsigned long long)i, (unsigned long long)steps);
		return 3;
	}
	if (argc > 4 && !strcmp(argv[4], "crash")) {
		raise(SIGSEGV);
		return 4;
	}

	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%016llx\n", (unsigned long long)a) < 0 ||
	    fclose(f) != 0 || rename(tmp, argv[2]) != 0) {
		perror("autoci-work: result");
		return 5;
	}
	printf("done %016llx\n", (unsigned long long)a);
	return 0;
}
