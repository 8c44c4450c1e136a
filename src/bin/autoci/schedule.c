// SPDX-License-Identifier: GPL-2.0-only
/* schedule.c - exponential fault gaps and fresh seeds. */
#include "schedule.h"

#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

int64_t autoci_next_gap_ns(struct kfi_prng *rng, int64_t mean_ns)
{
	double gap = kfi_prng_exponential(rng, (double)mean_ns);

	if (gap < 1.0)
		return 1;
	if (gap >= (double)INT64_MAX)
		return INT64_MAX;
	return (int64_t)gap;
}

uint64_t autoci_random_seed(void)
{
	uint64_t seed;
	struct timespec now;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed))
		return seed;
	/* No entropy yet (early boot): time and pid still differ per run. */
	clock_gettime(CLOCK_REALTIME, &now);
	seed = (uint64_t)now.tv_sec * 1000000007ULL ^ (uint64_t)now.tv_nsec;
	return seed ^ ((uint64_t)getpid() << 32);
}
