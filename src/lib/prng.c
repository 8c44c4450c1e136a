// SPDX-License-Identifier: LGPL-2.1-or-later
/* prng.c - xoshiro256** (Blackman, Vigna), seeded through splitmix64. */
#include <math.h>

#include "prng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void kfi_prng_seed(struct kfi_prng *prng, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		prng->s[i] = splitmix64(&seed);
}

uint64_t kfi_prng_next(struct kfi_prng *prng)
{
	uint64_t *s = prng->s;
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

uint64_t kfi_prng_below(struct kfi_prng *prng, uint64_t bound)
{
	/* reject the top partial interval so every value is equally likely */
	uint64_t limit = -bound % bound;
	uint64_t r;

	do
		r = kfi_prng_next(prng);
	while (r < limit);
	return r % bound;
}

double kfi_prng_unit(struct kfi_prng *prng)
{
	return (double)(kfi_prng_next(prng) >> 11) * 0x1.0p-53;
}

double kfi_prng_exponential(struct kfi_prng *prng, double mean)
{
	/* inverse CDF; 1 - u is in (0, 1], so the log is finite */
	return -mean * log1p(-kfi_prng_unit(prng));
}
