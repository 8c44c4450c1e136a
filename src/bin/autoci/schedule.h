/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedule.h - the exponential fault gaps, from libkfi's seeded generator.
 *
 * Everything random that autoci decides (when the next fault comes, which
 * register and bit it hits) comes from a seeded generator, so a run is
 * repeated exactly by passing the same --seed.
 */
#ifndef AUTOCI_SCHEDULE_H
#define AUTOCI_SCHEDULE_H

#include <stdint.h>

#include "prng.h"

/*
 * The gap before the next fault, drawn from an exponential distribution
 * whose mean is mean_ns.  At least 1 ns, so a schedule always advances.
 */
int64_t autoci_next_gap_ns(struct kfi_prng *rng, int64_t mean_ns);

/* A seed from the kernel's random pool, for runs without --seed. */
uint64_t autoci_random_seed(void);

#endif /* AUTOCI_SCHEDULE_H */
