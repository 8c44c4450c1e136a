// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kfi-inject - inject faults into a process's saved user registers; a thin
 * shell over libkfi.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "options.h"

#define PROG	"kfi-inject"

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ns(int64_t ns)
{
	struct timespec ts = {
		.tv_sec = ns / 1000000000LL,
		.tv_nsec = ns % 1000000000LL,
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
		;
}

/* "gpr,all" for a pools bit set, "-" for none. */
static void pools_text(unsigned int pools, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int p = 0; p < KFI_NR_POOLS; p++)
		if (pools & (1U << p))
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? "," : "",
						 kfi_pool_name((enum kfi_pool)p));
	if (!used)
		snprintf(buf, len, "-");
}

static int list_registers(struct kfi_handle *h, bool json)
{
	if (!json)
		printf("%-5s %-8s %-5s %-18s %-16s %s\n", "INDEX", "NAME",
		       "WIDTH", "ALLOWED", "POOLS", "ALIASES");
	for (unsigned int i = 0; i < kfi_nr_regs(h); i++) {
		const struct kfi_reg_desc *r = kfi_reg(h, i);
		char pools[64];

		if (json) {
			printf("{\"index\":%u,\"name\":\"%s\",\"width\":%u,\"allowed_mask\":%" PRIu64
			       ",\"allowed_mask_hex\":\"0x%" PRIx64 "\",\"pools\":%u,\"flags\":%u,\"aliases\":\"%s\",\"backend\":\"%s\"}\n",
			       i, r->name, r->width, (uint64_t)r->allowed_mask,
			       (uint64_t)r->allowed_mask, r->pools, r->flags,
			       r->aliases, kfi_backend_name(kfi_backend(h)));
			continue;
		}
		pools_text(r->pools, pools, sizeof(pools));
		printf("%-5u %-8s %-5u 0x%016" PRIx64 " %-16s %s\n", i,
		       r->name, r->width, (uint64_t)r->allowed_mask, pools,
		       r->aliases[0] ? r->aliases : "-");
	}
	return KFI_EXIT_OK;
}

struct progress {
	bool on;
	int64_t start_ns;
};

static void progress_clear(const struct progress *p)
{
	if (p->on)
		fputs("\r\033[K", stderr);
}

static void progress_show(const struct progress *p, unsigned long done,
			  unsigned long count)
{
	double elapsed = (double)(now_ns() - p->start_ns) / 1e9;

	if (!p->on)
		return;
	fprintf(stderr, "\r\033[K" PROG ": %lu/%lu injected, %.1f/s, %.1fs elapsed",
		done, count, elapsed > 0 ? (double)done / elapsed : 0.0,
		elapsed);
	fflush(stderr);
}

static void print_record(struct kfi_handle *h, const struct kfi_record *rec,
			 bool json, bool injected)
{
	char line[128];

	if (json) {
		char *s = kfi_record_json(rec, h);

		if (s) {
			puts(s);
			free(s);
		}
	} else if (injected) {
		kfi_record_line(rec, line, sizeof(line));
		if (rec->flags & KFI_RECORD_DRY_RUN)
			printf("Dry run (nothing changed): %s\n",
			       line + strlen("Injected "));
		else
			puts(line);
	}
	fflush(stdout);
}

/* Errors that would only repeat on every further try. */
static bool is_final(int err)
{
	return err != ETIMEDOUT;
}

static int inject_all(struct kfi_handle *h, const struct inject_options *o,
		      struct kfi_request *req)
{
	struct progress progress = {
		.on = !o->quiet && o->count > 1 && isatty(STDERR_FILENO),
		.start_ns = now_ns(),
	};
	unsigned long done = 0, tried;
	int last_err = 0;

	for (tried = 0; tried < o->count; tried++) {
		struct kfi_record rec;
		int ok;

		if (tried) {
			int64_t gap = o->mean_ns ?
				      kfi_exponential_gap_ns(h, o->mean_ns) :
				      o->interval_ns;

			if (gap)
				sleep_ns(gap);
		}
		req->cookie = tried;
		ok = !kfi_inject(h, req, &rec);
		if (!ok)
			last_err = errno;
		progress_clear(&progress);
		if (ok || rec.status)
			print_record(h, &rec, o->json, ok);
		if (ok) {
			done++;
		} else {
			fprintf(stderr, PROG ": %s\n", kfi_last_error());
			if (is_final(last_err))
				break;
		}
		progress_show(&progress, done, o->count);
	}
	if (progress.on)
		fputc('\n', stderr);
	if (done == o->count)
		return KFI_EXIT_OK;
	if (!done)
		return kfi_exit_status(last_err);
	fprintf(stderr, PROG ": only %lu of %lu injections were made: see the messages above\n",
		done, o->count);
	return KFI_EXIT_TIMEOUT;
}

int main(int argc, char **argv)
{
	struct inject_options o;
	struct kfi_request req;
	struct kfi_handle *h;
	char err[512];
	int ret;

	ret = parse_options(argc, argv, &o, err, sizeof(err));
	if (ret) {
		fprintf(stderr, PROG ": %s\n", err);
		return ret;
	}
	if (o.help) {
		fputs(inject_usage, stdout);
		return KFI_EXIT_OK;
	}
	if (o.version) {
		printf(PROG " %s (libkfi %s)\n", KFI_VERSION,
		       kfi_library_version());
		return KFI_EXIT_OK;
	}

	h = kfi_open(o.backend, o.quiet ? KFI_OPEN_QUIET : 0);
	if (!h) {
		ret = errno;
		fprintf(stderr, PROG ": %s\n", kfi_last_error());
		return kfi_exit_status(ret);
	}
	if (o.list_registers) {
		ret = list_registers(h, o.json);
		goto out;
	}

	kfi_request_init(&req, o.pid);
	req.tid = o.tid;
	req.pool = o.pool;
	req.model = o.model;
	req.method = o.method;
	req.timeout_ns = o.timeout_ns;
	req.mask = o.bit >= 0 ? KFI_BIT(o.bit) : o.mask;
	if (o.dry_run)
		req.flags |= KFI_INJECT_DRY_RUN;
	if (o.reg) {
		req.reg = kfi_reg_lookup(h, o.reg);
		if (req.reg < 0) {
			fprintf(stderr, PROG ": %s\n", kfi_last_error());
			ret = KFI_EXIT_USAGE;
			goto out;
		}
	}
	if (o.have_seed)
		kfi_set_seed(h, o.seed);
	if (!o.quiet && !o.json)
		fprintf(stderr, PROG ": seed %" PRIu64 " (repeat with --seed %" PRIu64 ")\n",
			kfi_seed(h), kfi_seed(h));
	ret = inject_all(h, &o, &req);
out:
	kfi_close(h);
	return ret;
}
