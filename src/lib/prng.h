/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * prng.h - xoshiro256** (Blackman, Vigna), seeded through splitmix64: the
 * generator behind every seeded choice of libkfi's handles, and behind
 * autoci's fault schedule (autoci links libkfi statically).
 */
#ifndef KFI_PRNG_H
#define KFI_PRNG_H

#include <stdint.h>

struct kfi_prng {
	uint64_t s[4];
};

void kfi_prng_seed(struct kfi_prng *prng, uint64_t seed);
uint64_t kfi_prng_next(struct kfi_prng *prng);
/* uniform in [0, bound), bound > 0, without modulo bias */
uint64_t kfi_prng_below(struct kfi_prng *prng, uint64_t bound);
/* uniform in [0, 1), with 53 bits of precision */
double kfi_prng_unit(struct kfi_prng *prng);
/* exponentially distributed with mean mean: finite, >= 0 */
double kfi_prng_exponential(struct kfi_prng *prng, double mean);

#endif /* KFI_PRNG_H */
