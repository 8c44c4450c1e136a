// SPDX-License-Identifier: GPL-2.0-or-later
/* Go-compatible durations: every unit, combinations, limits, garbage. */
#include <errno.h>
#include <string.h>

#include <criterion/criterion.h>

#include "kfi.h"

struct good {
	const char *text;
	int64_t ns;
};

static const struct good goods[] = {
	{ "0", 0 },
	{ "-0", 0 },
	{ "+0", 0 },
	{ "0s", 0 },
	{ "55ns", 55 },
	{ "101us", 101000 },
	{ "101\xc2\xb5s", 101000 },	/* micro sign */
	{ "101\xce\xbcs", 101000 },	/* Greek mu */
	{ "12ms", 12000000 },
	{ "10s", 10000000000LL },
	{ "4m", 240000000000LL },
	{ "4h", 14400000000000LL },
	{ "1m5s", 65000000000LL },
	{ "1h6m7s", 3967000000000LL },
	{ "1h1m1s1ms1us1ns", 3661001001001LL },
	{ "1s1h", 3601000000000LL },
	{ "1.5s", 1500000000LL },
	{ ".5s", 500000000LL },
	{ "1.s", 1000000000LL },
	{ "1.5h", 5400000000000LL },
	{ "0.000000001s", 1 },
	{ "1.0000000001s", 1000000000LL },
	{ "-2m", -120000000000LL },
	{ "+3s", 3000000000LL },
	{ "-1.5ms", -1500000 },
	{ "9223372036854775807ns", INT64_MAX },
	{ "-9223372036854775808ns", INT64_MIN },
	{ "2562047h47m16.854775807s", INT64_MAX },
	{ "00010s", 10000000000LL },
};

/*
 * Tables walked by one test each: Criterion's parameterized tests copy
 * their parameters into a re-executed runner, where pointers to string
 * literals are not valid.
 */
Test(duration, parses)
{
	for (size_t i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good *g = &goods[i];
		int64_t ns = 12345;

		cr_assert_eq(kfi_parse_duration(g->text, &ns), 0, "'%s': %s",
			     g->text, kfi_last_error());
		cr_assert_eq(ns, g->ns, "'%s' gave %lld, want %lld", g->text,
			     (long long)ns, (long long)g->ns);
	}
}

struct bad {
	const char *text;
	int err;
	const char *says;
};

static const struct bad bads[] = {
	{ "", EINVAL, "empty" },
	{ "-", EINVAL, "empty" },
	{ "s", EINVAL, "expected a number" },
	{ "10", EINVAL, "missing unit" },
	{ "1.2.3s", EINVAL, "missing unit" },
	{ ".s", EINVAL, "expected a number" },
	{ "1x", EINVAL, "unknown unit 'x'" },
	{ "1ss", EINVAL, "unknown unit 'ss'" },
	{ "1sec", EINVAL, "unknown unit 'sec'" },
	{ "1e3s", EINVAL, "unknown unit 'e'" },
	{ "1S", EINVAL, "unknown unit 'S'" },
	{ " 1s", EINVAL, "expected a number" },
	{ "1s ", EINVAL, "unknown unit 's '" },
	{ "1 s", EINVAL, "unknown unit ' s'" },
	{ "--1s", EINVAL, "expected a number" },
	{ "abc", EINVAL, "expected a number" },
	{ "1s-1s", EINVAL, "unknown unit 's-'" },
	{ "9223372036854775808ns", ERANGE, "out of range" },
	{ "-9223372036854775809ns", ERANGE, "out of range" },
	{ "2562048h", ERANGE, "out of range" },
	{ "2562047h47m16.854775808s", ERANGE, "out of range" },
	{ "99999999999999999999s", ERANGE, "out of range" },
	{ "9223372036854775807ns1ns", ERANGE, "out of range" },
};

Test(duration, rejects)
{
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		int64_t ns = 12345;

		errno = 0;
		cr_assert_eq(kfi_parse_duration(b->text, &ns), -1,
			     "'%s' parsed", b->text);
		cr_assert_eq(errno, b->err, "'%s': errno %d, want %d",
			     b->text, errno, b->err);
		cr_assert_eq(ns, 12345, "'%s' changed the output", b->text);
		cr_assert(strstr(kfi_last_error(), b->says),
			  "'%s': \"%s\" lacks \"%s\"", b->text,
			  kfi_last_error(), b->says);
	}
}

Test(duration, error_names_input_and_fix)
{
	int64_t ns;

	cr_assert_eq(kfi_parse_duration("5 minutes", &ns), -1);
	cr_assert(strstr(kfi_last_error(), "'5 minutes'"));
	cr_assert(strstr(kfi_last_error(), "1m5s"), "%s", kfi_last_error());
}

Test(duration, null_is_rejected)
{
	int64_t ns;

	cr_assert_eq(kfi_parse_duration(NULL, &ns), -1);
	cr_assert_eq(errno, EINVAL);
}

struct formatted {
	int64_t ns;
	const char *text;
};

static const struct formatted formats[] = {
	{ 0, "0s" },
	{ 1, "1ns" },
	{ 999, "999ns" },
	{ 1000, "1\xc2\xb5s" },
	{ 1100, "1.1\xc2\xb5s" },
	{ 2200000, "2.2ms" },
	{ 1500000000LL, "1.5s" },
	{ 60000000000LL, "1m0s" },
	{ 65000000000LL, "1m5s" },
	{ 3661000000000LL, "1h1m1s" },
	{ 3600000000001LL, "1h0m0.000000001s" },
	{ -1500000000LL, "-1.5s" },
	{ -1, "-1ns" },
	{ INT64_MAX, "2562047h47m16.854775807s" },
	{ INT64_MIN, "-2562047h47m16.854775808s" },
};

Test(duration, formats)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const struct formatted *f = &formats[i];
		char buf[64];
		int64_t back;

		cr_assert_eq(kfi_format_duration(f->ns, buf, sizeof(buf)),
			     (int)strlen(f->text), "%lld", (long long)f->ns);
		cr_assert_str_eq(buf, f->text);
		/* and Go's String() output parses back to the same value */
		cr_assert_eq(kfi_parse_duration(buf, &back), 0, "%s", buf);
		cr_assert_eq(back, f->ns, "%s", buf);
	}
}

Test(duration, format_truncates_like_snprintf)
{
	char buf[3];

	cr_assert_eq(kfi_format_duration(65000000000LL, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "1m");
}
