// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * duration.c - Go's time.ParseDuration and Duration.String(), because
 * autoci's flags keep the ancestor's Go syntax.  Follows Go's algorithm,
 * including its limits: at most 2^63-1 ns, fraction digits beyond
 * precision ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define NS_PER_US	1000ULL
#define NS_PER_MS	(1000 * NS_PER_US)
#define NS_PER_S	(1000 * NS_PER_MS)
#define NS_PER_M	(60 * NS_PER_S)
#define NS_PER_H	(60 * NS_PER_M)
#define LIMIT		(1ULL << 63)

static const struct {
	const char *name;
	uint64_t ns;
} units[] = {
	{ "ns", 1 },
	{ "us", NS_PER_US },
	{ "\xc2\xb5s", NS_PER_US },	/* U+00B5 micro sign */
	{ "\xce\xbcs", NS_PER_US },	/* U+03BC Greek small letter mu */
	{ "ms", NS_PER_MS },
	{ "s", NS_PER_S },
	{ "m", NS_PER_M },
	{ "h", NS_PER_H },
};

static int bad(const char *orig, const char *why)
{
	return kfi_fail(EINVAL, "invalid duration '%s': %s (use e.g. 10s, 1m5s, 1.5h, 250ms; units ns us ms s m h)",
			orig, why);
}

static int too_big(const char *orig)
{
	return kfi_fail(ERANGE, "duration '%s' is out of range (at most 2562047h47m16.854775807s)",
			orig);
}

/* Leading decimal digits of *s into *v; returns -1 on overflow. */
static int leading_int(const char **s, uint64_t *v)
{
	uint64_t x = 0;

	while (**s >= '0' && **s <= '9') {
		if (x > LIMIT / 10)
			return -1;
		x = x * 10 + (uint64_t)(**s - '0');
		if (x > LIMIT)
			return -1;
		(*s)++;
	}
	*v = x;
	return 0;
}

/* Fraction digits of *s as f / scale, dropping digits that overflow. */
static void leading_fraction(const char **s, uint64_t *f, double *scale)
{
	bool overflow = false;

	*f = 0;
	*scale = 1;
	while (**s >= '0' && **s <= '9') {
		if (!overflow) {
			if (*f > (LIMIT - 1) / 10) {
				overflow = true;
			} else {
				uint64_t y = *f * 10 + (uint64_t)(**s - '0');

				if (y > LIMIT)
					overflow = true;
				else {
					*f = y;
					*scale *= 10;
				}
			}
		}
		(*s)++;
	}
}

KFI_EXPORT int kfi_parse_duration(const char *orig, int64_t *ns)
{
	const char *s = orig;
	uint64_t d = 0;
	bool neg = false;

	if (!s)
		return bad("", "empty");
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!strcmp(s, "0")) {
		*ns = 0;
		return 0;
	}
	if (!*s)
		return bad(orig, "empty");

	while (*s) {
		uint64_t v, f = 0, unit = 0;
		double scale = 1;
		const char *start = s, *u;
		bool pre, post = false;
		size_t ulen;

		if (!(*s == '.' || (*s >= '0' && *s <= '9')))
			return bad(orig, "expected a number");
		if (leading_int(&s, &v))
			return too_big(orig);
		pre = s != start;
		if (*s == '.') {
			const char *frac = ++s;

			leading_fraction(&s, &f, &scale);
			post = s != frac;
		}
		if (!pre && !post)
			return bad(orig, "expected a number");

		u = s;
		while (*s && *s != '.' && !(*s >= '0' && *s <= '9'))
			s++;
		ulen = (size_t)(s - u);
		if (!ulen)
			return bad(orig, "missing unit");
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i].name) == ulen &&
			    !memcmp(units[i].name, u, ulen))
				unit = units[i].ns;
		if (!unit)
			return kfi_fail(EINVAL, "invalid duration '%s': unknown unit '%.*s' (use e.g. 10s, 1m5s, 1.5h, 250ms; units ns us ms s m h)",
					orig, (int)ulen, u);

		if (v > LIMIT / unit)
			return too_big(orig);
		v *= unit;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > LIMIT)
				return too_big(orig);
		}
		d += v;
		if (d > LIMIT)
			return too_big(orig);
	}
	if (neg) {
		*ns = d == LIMIT ? INT64_MIN : -(int64_t)d;
		return 0;
	}
	if (d > LIMIT - 1)
		return too_big(orig);
	*ns = (int64_t)d;
	return 0;
}

/* Digits of v below prec places, Go's fmtFrac: writes backwards from w. */
static char *fmt_frac(char *w, uint64_t *v, int prec)
{
	bool print = false;

	for (int i = 0; i < prec; i++) {
		unsigned int digit = (unsigned int)(*v % 10);

		print = print || digit;
		if (print)
			*--w = (char)('0' + digit);
		*v /= 10;
	}
	if (print)
		*--w = '.';
	return w;
}

static char *fmt_int(char *w, uint64_t v)
{
	if (!v)
		*--w = '0';
	while (v) {
		*--w = (char)('0' + v % 10);
		v /= 10;
	}
	return w;
}

KFI_EXPORT int kfi_format_duration(int64_t ns, char *buf, size_t len)
{
	char arr[40];
	char *end = arr + sizeof(arr) - 1, *w = end;
	uint64_t u = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;

	*end = '\0';
	if (u < NS_PER_S) {
		int prec;

		*--w = 's';
		if (u == 0) {
			*--w = '0';
			return snprintf(buf, len, "%s", w);
		} else if (u < NS_PER_US) {
			prec = 0;
			*--w = 'n';
		} else if (u < NS_PER_MS) {
			prec = 3;
			w -= 2;
			memcpy(w, "\xc2\xb5", 2);
		} else {
			prec = 6;
			*--w = 'm';
		}
		w = fmt_frac(w, &u, prec);
		w = fmt_int(w, u);
	} else {
		*--w = 's';
		w = fmt_frac(w, &u, 9);
		w = fmt_int(w, u % 60);
		u /= 60;
		if (u > 0) {
			*--w = 'm';
			w = fmt_int(w, u % 60);
			u /= 60;
			if (u > 0) {
				*--w = 'h';
				w = fmt_int(w, u);
			}
		}
	}
	if (ns < 0)
		*--w = '-';
	return snprintf(buf, len, "%s", w);
}
