// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seeded fault schedule: reproducible, and exponential with the mean
 * asked for.  The seeds are fixed, so these bounds are checked on the same
 * numbers every run: deterministic, not statistical luck.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "schedule.h"

#define N		100000
#define MEAN_NS		1000000000LL

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

Test(schedule, same_seed_same_gaps)
{
	struct kfi_prng a, b;

	kfi_prng_seed(&a, 12345);
	kfi_prng_seed(&b, 12345);
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(autoci_next_gap_ns(&a, MEAN_NS),
			     autoci_next_gap_ns(&b, MEAN_NS));
}

Test(schedule, different_seeds_different_gaps)
{
	struct kfi_prng a, b;
	int same = 0;

	kfi_prng_seed(&a, 1);
	kfi_prng_seed(&b, 2);
	for (int i = 0; i < 1000; i++)
		same += autoci_next_gap_ns(&a, MEAN_NS) ==
			autoci_next_gap_ns(&b, MEAN_NS);
	cr_assert_lt(same, 5);
}

Test(schedule, seed_zero_is_not_degenerate)
{
	struct kfi_prng rng;
	uint64_t x;

	kfi_prng_seed(&rng, 0);
	x = kfi_prng_next(&rng);
	cr_assert_neq(x, 0);
	cr_assert_neq(kfi_prng_next(&rng), x);
}

Test(schedule, unit_interval_and_bounded_draws)
{
	struct kfi_prng rng;
	unsigned int hist[10] = { 0 };

	kfi_prng_seed(&rng, 99);
	for (int i = 0; i < N; i++) {
		double u = kfi_prng_unit(&rng);

		cr_assert(u >= 0.0 && u < 1.0);
		hist[kfi_prng_below(&rng, 10)]++;
		cr_assert_eq(kfi_prng_below(&rng, 1), 0);
	}
	/* Each bucket expects 10000, sd ~95: 5 sd either way. */
	for (int b = 0; b < 10; b++)
		cr_assert(hist[b] > 9525 && hist[b] < 10475, "bucket %d: %u", b,
			  hist[b]);
}

Test(schedule, exponential_mean_and_distribution)
{
	static int64_t gaps[N];
	struct kfi_prng rng;
	double sum = 0, sq = 0, d_max = 0;

	kfi_prng_seed(&rng, 2026);
	for (int i = 0; i < N; i++) {
		gaps[i] = autoci_next_gap_ns(&rng, MEAN_NS);
		cr_assert_geq(gaps[i], 1);
		sum += (double)gaps[i];
		sq += (double)gaps[i] * (double)gaps[i];
	}
	/* The mean's standard error is MEAN/sqrt(N) = 0.32%: allow 1.5%. */
	cr_assert_float_eq(sum / N / MEAN_NS, 1.0, 0.015);
	/* An exponential's standard deviation equals its mean. */
	cr_assert_float_eq(sqrt(sq / N - (sum / N) * (sum / N)) / MEAN_NS, 1.0,
			   0.03);

	/* Kolmogorov-Smirnov against 1 - exp(-x/mean); 1% level is 1.63/sqrt(N). */
	qsort(gaps, N, sizeof(gaps[0]), cmp_i64);
	for (int i = 0; i < N; i++) {
		double cdf = 1.0 - exp(-(double)gaps[i] / MEAN_NS);
		double lo = fabs(cdf - (double)i / N);
		double hi = fabs(cdf - (double)(i + 1) / N);

		d_max = fmax(d_max, fmax(lo, hi));
	}
	cr_assert_lt(d_max, 1.63 / sqrt(N), "KS distance %f", d_max);
	/* The median of an exponential is mean * ln 2. */
	cr_assert_float_eq((double)gaps[N / 2] / MEAN_NS, log(2.0), 0.01);
}

Test(schedule, the_mean_scales_the_gaps)
{
	struct kfi_prng a, b;

	kfi_prng_seed(&a, 7);
	kfi_prng_seed(&b, 7);
	for (int i = 0; i < 100; i++) {
		int64_t one = autoci_next_gap_ns(&a, MEAN_NS);
		int64_t ten = autoci_next_gap_ns(&b, 10 * MEAN_NS);

		cr_assert_float_eq((double)ten, 10.0 * (double)one, 10.0);
	}
}

Test(schedule, tiny_means_still_advance)
{
	struct kfi_prng rng;

	kfi_prng_seed(&rng, 3);
	for (int i = 0; i < 1000; i++)
		cr_assert_geq(autoci_next_gap_ns(&rng, 1), 1);
}
