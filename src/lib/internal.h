/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * internal.h - what libkfi's source files offer each other.
 *
 *   handle.c    handles, request resolution, dispatch to a backend
 *   errors.c    the per-thread last-error sentence, exit statuses
 *   regs.c      register lookup and masks, names of enumerations
 *   prng.c      the per-handle seeded PRNG
 *   kmod.c      the kmod backend (/dev/kfi)
 *   ptrace.c    the ptrace backend
 *   duration.c  Go-compatible durations
 *   record.c    the record as a line and as JSON
 */
#ifndef KFI_INTERNAL_H
#define KFI_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>

#include "kfi.h"
#include "prng.h"

#define KFI_EXPORT	__attribute__((visibility("default")))

struct kfi_handle;

/* A backend; requests reaching it are explicit (no random fields left). */
struct kfi_backend_ops {
	enum kfi_backend id;
	int (*open)(struct kfi_handle *h);
	void (*close)(struct kfi_handle *h);
	int (*inject)(struct kfi_handle *h, const struct kfi_request *req,
		      struct kfi_record *rec);
	int (*inject_async)(struct kfi_handle *h,
			    const struct kfi_request *req, uint64_t *seq);
	int (*collect)(struct kfi_handle *h, struct kfi_record *rec);
};

extern const struct kfi_backend_ops kfi_kmod_ops;
extern const struct kfi_backend_ops kfi_ptrace_ops;

struct kfi_handle {
	const struct kfi_backend_ops *ops;
	int fd;				/* /dev/kfi, or ptrace's eventfd */
	unsigned int nr_regs;
	struct kfi_reg_desc *regs;	/* nr_regs rows, malloc()ed */
	char module_version[32];

	pthread_mutex_t lock;		/* guards everything below */
	uint64_t seed;
	struct kfi_prng prng;

	/* ptrace backend: sequence numbers and finished async records */
	uint64_t next_seq;
	struct kfi_record *queue;	/* ring of KFI_MAX_PENDING */
	unsigned int queue_head, queue_len;	/* finished records */
	unsigned int queue_inflight;		/* slots being injected */
};

/* Set errno to err and the thread's last-error sentence; returns -1. */
int kfi_fail(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The generic sentence for err, with what was being done as context. */
int kfi_fail_errno(int err, const char *context);

/* 1 if pid runs a 32-bit program on a 64-bit kernel, 0 if not or unknown. */
int kfi_target_is_compat(pid_t pid);

/* Fill the record fields a request determines before any backend ran. */
void kfi_record_from_request(const struct kfi_handle *h,
			     const struct kfi_request *req,
			     struct kfi_record *rec);

/* Bits of a value width bits wide. */
static inline uint64_t kfi_width_mask(unsigned int width)
{
	return width >= 64 ? ~0ULL : (1ULL << width) - 1;
}

#endif /* KFI_INTERNAL_H */
