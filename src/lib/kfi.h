/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kfi.h - libkfi, the library every KFI tool uses to inject faults into the
 * saved user registers of a process.
 *
 * A handle (struct kfi_handle) talks to one backend:
 *
 *   kmod    the kfi kernel module, through /dev/kfi
 *   ptrace  PTRACE_SEIZE + PTRACE_INTERRUPT, read/modify/write, detach; for
 *           machines without the module
 *   auto    kmod when /dev/kfi exists, else ptrace (with a one-line notice
 *           on stderr unless KFI_OPEN_QUIET)
 *
 * Both backends produce the same struct kfi_record, use the same register
 * names and refuse the same registers and bits.  The kmod backend takes the
 * register table from the module (KFI_IOC_INFO); the ptrace backend from the
 * table compiled into the library (src/kmod/arch/), the same one the module
 * is built from.
 *
 * Random choices (register, bit, thread, gaps between injections) are made
 * by the library from a per-handle seeded PRNG and sent to the backend as
 * explicit requests, so a seed reproduces the same choices on either
 * backend.  A handle starts with a seed drawn from getrandom(2);
 * kfi_seed() reports it, kfi_set_seed() replaces it.
 *
 * Errors: functions returning int return 0 (or a non-negative value) on
 * success and -1 on failure with errno set; functions returning a pointer
 * return NULL with errno set.  kfi_last_error() then gives a one-line
 * sentence, naming the cause and the fix, for the calling thread's last
 * failure.
 *
 * Thread safety: a handle may be used from several threads at once.  The
 * library has no global mutable state; the last-error sentence is per
 * thread.
 *
 * Types and constants of the kernel ABI (struct kfi_record, struct
 * kfi_reg_desc, enum kfi_model, enum kfi_method, enum kfi_pool, KFI_TID_*,
 * KFI_REG_*, KFI_RECORD_*, KFI_INJECT_DRY_RUN, KFI_TIMEOUT_*) come from
 * kfi_abi.h, installed next to this header.
 */
#ifndef KFI_H
#define KFI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kfi_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Stable exit statuses of the KFI tools (kfi-inject, autoci). */
#define KFI_EXIT_OK		0	/* everything asked for was injected */
#define KFI_EXIT_FAILURE	1	/* any other failure */
#define KFI_EXIT_USAGE		2	/* bad command line, register/bits refused */
#define KFI_EXIT_PERMISSION	3	/* not permitted / device not accessible */
#define KFI_EXIT_NO_PROCESS	4	/* no such process or thread */
#define KFI_EXIT_UNAVAILABLE	5	/* module/backend unavailable, ABI mismatch */
#define KFI_EXIT_TIMEOUT	6	/* timed out/interrupted, or only some injected */

/* Backends (kfi_open()). */
enum kfi_backend {
	KFI_BACKEND_AUTO	= 0,
	KFI_BACKEND_KMOD	= 1,
	KFI_BACKEND_PTRACE	= 2,
};

/* kfi_open() flags */
#define KFI_OPEN_QUIET		(1U << 0)	/* no fallback notice on stderr */

/* The device the kmod backend opens; the KFI_DEVICE environment variable
 * overrides it (ignored in setuid programs). */
#define KFI_DEVICE_PATH		"/dev/kfi"

struct kfi_handle;

/*
 * An injection request.  Initialise it with kfi_request_init(), then set
 * what you need.
 *
 *   pid         target process (> 0)
 *   tid         KFI_TID_DEFAULT (the thread whose tid is pid),
 *               KFI_TID_RANDOM, or a thread id of pid
 *   reg         register index (kfi_reg_lookup()), or KFI_REG_RANDOM
 *   pool        pool KFI_REG_RANDOM draws from (default KFI_POOL_GPR)
 *   model       KFI_MODEL_FLIP (default), _SET or _CLEAR
 *   method      KFI_METHOD_TASKWORK (default) or _STOP; the ptrace backend
 *               always stops the thread with PTRACE_INTERRUPT and only
 *               records the method asked for
 *   mask        bits to change; 0: one random bit of those allowed for the
 *               register and the target's width.  Every bit must be allowed,
 *               else EINVAL.  Use KFI_BIT(n) for one bit.
 *   timeout_ns  KFI_TIMEOUT_DEFAULT (1 s), or how long to wait for the
 *               target to reach a point where it can be injected; ETIMEDOUT
 *               means it was not injected and never will be.
 *               (KFI_TIMEOUT_ASYNC is for kfi_inject_async() only.)
 *   cookie      opaque, copied into the record
 *   flags       KFI_INJECT_DRY_RUN: do everything but the change
 */
struct kfi_request {
	pid_t pid;
	pid_t tid;
	int reg;
	enum kfi_pool pool;
	enum kfi_model model;
	enum kfi_method method;
	uint64_t mask;
	int64_t timeout_ns;
	uint64_t cookie;
	unsigned int flags;
};

#define KFI_BIT(n)	(1ULL << (n))

/* Set *req to the defaults above, for process pid. */
void kfi_request_init(struct kfi_request *req, pid_t pid);

/*
 * Open a handle on backend (KFI_BACKEND_AUTO to let the library choose).
 * Fails with ENOENT (module not loaded), EACCES (device not accessible),
 * EPROTO (the module speaks another ABI version), ENODEV (no backend).
 */
struct kfi_handle *kfi_open(enum kfi_backend backend, unsigned int flags);

/* Close the handle; pending asynchronous requests are dropped. NULL is ok. */
void kfi_close(struct kfi_handle *h);

/* The backend actually in use (never KFI_BACKEND_AUTO). */
enum kfi_backend kfi_backend(const struct kfi_handle *h);

/*
 * A file descriptor that poll()/epoll report readable (POLLIN) while a
 * finished asynchronous record is ready for kfi_collect().  Owned by the
 * handle: do not read it or close it.
 */
int kfi_fd(const struct kfi_handle *h);

/* Version of the module behind a kmod handle ("0.1.0"); "" for ptrace. */
const char *kfi_module_version(const struct kfi_handle *h);

/* Version of this library, from VERSION ("0.1.0"). */
const char *kfi_library_version(void);

/* --- registers --------------------------------------------------------- */

/* Number of rows in the handle's register table. */
unsigned int kfi_nr_regs(const struct kfi_handle *h);

/* Row index of the register table; NULL with EINVAL if out of range. */
const struct kfi_reg_desc *kfi_reg(const struct kfi_handle *h,
				   unsigned int index);

/*
 * Find a register by canonical name, alias (case-insensitive: "rax", "eax")
 * or decimal index.  Returns the index, or -1 with EINVAL if there is no
 * such register.  Registers that are not injectable are still found;
 * injecting them fails with EINVAL.
 */
int kfi_reg_lookup(const struct kfi_handle *h, const char *name);

/*
 * Bits a request may touch for register index in a target that is native
 * (compat == 0) or a 32-bit task on a 64-bit kernel (compat != 0); 0 if
 * the register cannot be injected there.
 */
uint64_t kfi_reg_allowed_mask(const struct kfi_handle *h, unsigned int index,
			      int compat);

/* --- names of enumerations --------------------------------------------- */

/* Each parse function returns 0 and sets *out, or -1 with EINVAL. */
int kfi_backend_parse(const char *name, enum kfi_backend *out);
int kfi_pool_parse(const char *name, enum kfi_pool *out);
int kfi_model_parse(const char *name, enum kfi_model *out);
int kfi_method_parse(const char *name, enum kfi_method *out);

/* Each name function returns a static string, "?" for unknown values. */
const char *kfi_backend_name(enum kfi_backend backend);	/* "kmod" */
const char *kfi_pool_name(enum kfi_pool pool);		/* "gpr" */
const char *kfi_model_name(enum kfi_model model);	/* "flip" */
const char *kfi_method_name(enum kfi_method method);	/* "taskwork" */

/* --- seeded choices ----------------------------------------------------- */

/* The seed the handle's choices are drawn from. */
uint64_t kfi_seed(const struct kfi_handle *h);

/* Restart the handle's choices from seed. */
void kfi_set_seed(struct kfi_handle *h, uint64_t seed);

/* A random gap, exponentially distributed with mean mean_ns, in ns (>= 0). */
int64_t kfi_exponential_gap_ns(struct kfi_handle *h, int64_t mean_ns);

/*
 * Make the random choices of *in explicit in *out (tid, reg, mask), as
 * kfi_inject() would, from the handle's PRNG.  Fails with ESRCH (no such
 * process/thread), EINVAL (register or mask not allowed, empty pool).
 */
int kfi_resolve(struct kfi_handle *h, const struct kfi_request *in,
		struct kfi_request *out);

/* --- injection ---------------------------------------------------------- */

/*
 * Inject synchronously: wait (up to req->timeout_ns) until the target's
 * register has been changed, and fill *rec.  Returns 0 when it was changed
 * (or, for a dry run, would have been); else -1 with errno set and, when
 * the request got as far as a backend, rec->status == -errno:
 *   ESRCH      no such process or thread (or it exited or exec'd before
 *              it ran)
 *   EPERM      not permitted to inject into that process
 *   EACCES     /dev/kfi not accessible
 *   EINVAL     register or bits not allowed for that register/task
 *   EDEADLK    the calling thread itself (it would wait for itself), or
 *              the stop method on the calling process
 *   EBUSY      the target is traced (ptrace backend; kmod: stop method)
 *   ETIMEDOUT  the target did not reach user mode in time; not injected
 *   EINTR      (kmod) a signal interrupted the wait; not injected
 * The ptrace backend cannot inject into the calling process at all (EPERM).
 */
int kfi_inject(struct kfi_handle *h, const struct kfi_request *req,
	       struct kfi_record *rec);

/*
 * Queue an injection and return at once.  *seq (if not NULL) receives the
 * sequence number the final record will carry.  With the kmod backend the
 * request stays pending until the target next returns to user mode or
 * exits (req->timeout_ns is not used); the ptrace backend stops the target
 * at once (within req->timeout_ns) and queues the finished record.  Fails
 * like kfi_inject(), with EAGAIN when KFI_MAX_PENDING requests are already
 * pending or uncollected, and with EINVAL for the stop method (it is
 * synchronous).  Failures that happen once the target is reached come back
 * in the collected record's status.
 */
int kfi_inject_async(struct kfi_handle *h, const struct kfi_request *req,
		     uint64_t *seq);

/*
 * Take the oldest finished asynchronous record.  Returns 0 and fills *rec
 * (check rec->status), or -1 with EAGAIN if none is ready yet.
 */
int kfi_collect(struct kfi_handle *h, struct kfi_record *rec);

/* The ancestor's API: one random fault / given register / register+bit. */
int kfi_inject_random(struct kfi_handle *h, pid_t pid, struct kfi_record *rec);
int kfi_inject_reg(struct kfi_handle *h, pid_t pid, int reg,
		   struct kfi_record *rec);
int kfi_inject_reg_bit(struct kfi_handle *h, pid_t pid, int reg,
		       unsigned int bit, struct kfi_record *rec);

/* --- records ------------------------------------------------------------ */

/* The bit changed if rec->mask has exactly one bit set, else -1. */
int kfi_record_bit(const struct kfi_record *rec);

/*
 * "Injected process PID, register NAME, bit BIT" (the ancestor's line; BIT
 * is "mask 0xHEX" when several bits changed) into buf.  Returns the length
 * it needed, like snprintf.
 */
int kfi_record_line(const struct kfi_record *rec, char *buf, size_t len);

/*
 * The record as one JSON object (no newline) with every field: seq,
 * time_ns, cookie, status, error (kfi_strerror() of a failed status, else
 * ""), pid, tid, reg, reg_name, bit (-1 unless one bit), model, method,
 * width, mask, old_value, new_value, ip, dry_run, in_syscall, compat,
 * was_stopped, flags, and backend and seed (when h is not NULL).  64-bit
 * values are JSON integers; mask, old_value, new_value and ip are also
 * given as "0x..." strings (mask_hex, ...).  Returns a malloc()ed string
 * the caller frees, or NULL with ENOMEM.
 */
char *kfi_record_json(const struct kfi_record *rec,
		      const struct kfi_handle *h);

/* --- durations ---------------------------------------------------------- */

/*
 * Parse a Go time.ParseDuration string ("10s", "1m5s", "1.5h", "12ms",
 * "55ns", "101us", "101µs", "-2m", "0") into nanoseconds.  Returns 0, or -1
 * with EINVAL (syntax, missing or unknown unit) or ERANGE (out of int64
 * nanoseconds).
 */
int kfi_parse_duration(const char *s, int64_t *ns);

/* Format ns like Go's Duration.String() ("1m5s", "1.5s", "12ms", "0s").
 * Returns the length it needed, like snprintf. */
int kfi_format_duration(int64_t ns, char *buf, size_t len);

/* --- errors ------------------------------------------------------------- */

/*
 * A sentence, naming the cause and the fix, for the calling thread's last
 * failed libkfi call ("kfi: /dev/kfi not found: the kfi module is not
 * loaded (modprobe kfi), or use --backend ptrace").  Valid until the next
 * libkfi call in this thread.  Never NULL.
 */
const char *kfi_last_error(void);

/* A generic sentence for an errno value as libkfi uses them. */
const char *kfi_strerror(int err);

/* The KFI_EXIT_* status a tool should exit with for errno value err. */
int kfi_exit_status(int err);

#ifdef __cplusplus
}
#endif

#endif /* KFI_H */
