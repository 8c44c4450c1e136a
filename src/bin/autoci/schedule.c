// SPDX-License-Identifier: GPL-2.0-only
/* schedule.c - seeded random numbers and exponential fault gaps. */
#include "schedule.h"

#include <math.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* splitmix64 spreads any seed, even 0, over the whole xoshiro state. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void autoci_rng_seed(struct autoci_rng *rng, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng->state[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t autoci_rng_next(struct autoci_rng *rng)
{
	uint64_t *s = rng->state;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double autoci_rng_unit(struct autoci_rng *rng)
{
	return (double)(autoci_rng_next(rng) >> 11) * 0x1.0p-53;
}

uint64_t autoci_rng_below(struct autoci_rng *rng, uint64_t bound)
{
	/* Reject the top partial copy of [0, bound) so every value is equally likely. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t x;

	do
		x = autoci_rng_next(rng);
	while (x >= limit);
	return x % bound;
}

int64_t autoci_next_gap_ns(struct autoci_rng *rng, int64_t mean_ns)
{
	/* Inverse CDF; 1 - u is in (0, 1], so the log is finite. */
	double gap = -(double)mean_ns * log(1.0 - autoci_rng_unit(rng));

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
