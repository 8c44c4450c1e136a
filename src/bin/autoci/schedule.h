/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedule.h - the seeded random source and the exponential fault gaps.
 *
 * Everything random that autoci decides (when the next fault comes, which
 * register and bit it hits) comes from one of these, so a run is repeated
 * exactly by passing the same --seed.
 */
#ifndef AUTOCI_SCHEDULE_H
#define AUTOCI_SCHEDULE_H

#include <stdint.h>

/* xoshiro256**: small, fast, and good enough for choosing faults. */
struct autoci_rng {
	uint64_t state[4];
};

void autoci_rng_seed(struct autoci_rng *rng, uint64_t seed);
uint64_t autoci_rng_next(struct autoci_rng *rng);
/* Uniform in [0, 1), with 53 bits of precision. */
double autoci_rng_unit(struct autoci_rng *rng);
/* Uniform in [0, bound), without modulo bias; bound must be > 0. */
uint64_t autoci_rng_below(struct autoci_rng *rng, uint64_t bound);

/*
 * The gap before the next fault, drawn from an exponential distribution
 * whose mean is mean_ns.  At least 1 ns, so a schedule always advances.
 */
int64_t autoci_next_gap_ns(struct autoci_rng *rng, int64_t mean_ns);

/* A seed from the kernel's random pool, for runs without --seed. */
uint64_t autoci_random_seed(void);

#endif /* AUTOCI_SCHEDULE_H */
