// SPDX-License-Identifier: GPL-2.0-only
/*
 * hashwork - the fixed CPU-bound workload of the perturbation benchmark:
 * REPS repetitions of ITERATIONS rounds of a 64-bit hash (FNV-1a over a
 * splitmix64 stream), each timed by itself with CLOCK_MONOTONIC.
 *
 *   hashwork ITERATIONS REPS     prints "rep NS" per repetition, then
 *                                "hash 0x..." so the work cannot be elided
 * With "ready" as a third argument it first prints "ready PID" and waits
 * for a line on stdin, so an injector can be started against it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static uint64_t hash_rounds(uint64_t state, long iterations)
{
	uint64_t hash = 0xcbf29ce484222325ULL;

	for (long i = 0; i < iterations; i++) {
		uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		hash = (hash ^ (z ^ (z >> 31))) * 0x100000001b3ULL;
	}
	return hash;
}

int main(int argc, char **argv)
{
	long iterations, reps;
	uint64_t hash = 0;
	char line[16];

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: hashwork ITERATIONS REPS [ready]\n");
		return 2;
	}
	iterations = strtol(argv[1], NULL, 10);
	reps = strtol(argv[2], NULL, 10);
	if (iterations < 1 || reps < 1) {
		fprintf(stderr, "hashwork: ITERATIONS and REPS must be >= 1\n");
		return 2;
	}
	if (argc == 4) {
		printf("ready %d\n", (int)getpid());
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 1;
	}
	for (long r = 0; r < reps; r++) {
		int64_t t0 = now_ns();

		hash ^= hash_rounds((uint64_t)r, iterations);
		printf("rep %" PRId64 "\n", now_ns() - t0);
	}
	printf("hash 0x%016" PRIx64 "\n", hash);
	return 0;
}
