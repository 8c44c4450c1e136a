/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * kfi_abi.h - the user/kernel ABI of the Kernel-module Fault Injector.
 *
 * This is the only definition of the interface of /dev/kfi: the module and
 * libkfi both include it.  Every structure starts with its own size, filled
 * in by whoever wrote it, so the ABI grows by appending fields: the kernel
 * reads a request with copy_struct_from_user() (a shorter, older request is
 * zero-extended; a longer, newer one is accepted only if the tail it does not
 * know is zero, else -E2BIG) and writes at most as many bytes of a reply as
 * the caller said it has room for.
 *
 * Incompatible changes bump KFI_ABI_VERSION; compatible ones only append.
 */
#ifndef _UAPI_KFI_ABI_H
#define _UAPI_KFI_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KFI_ABI_VERSION		1
#define KFI_DEVICE_NAME		"kfi"		/* /dev/kfi */
#define KFI_NAME_LEN		16		/* register names, NUL-padded */

/* Architectures, as reported by KFI_IOC_INFO. */
enum kfi_arch {
	KFI_ARCH_UNKNOWN	= 0,
	KFI_ARCH_X86_64		= 1,
	KFI_ARCH_I386		= 2,
	KFI_ARCH_ARM64		= 3,
};

/* What to do to the chosen bits (kfi_inject_req.model). */
enum kfi_model {
	KFI_MODEL_FLIP		= 0,	/* value ^= mask (default) */
	KFI_MODEL_SET		= 1,	/* value |= mask: stuck-at-1, once */
	KFI_MODEL_CLEAR		= 2,	/* value &= ~mask: stuck-at-0, once */
};

/* How to reach the target's saved user registers (kfi_inject_req.method). */
enum kfi_method {
	/* task_work run by the target on its next return to user mode */
	KFI_METHOD_TASKWORK	= 0,
	/* SIGSTOP, change the saved registers, SIGCONT (the ancestor's way) */
	KFI_METHOD_STOP		= 1,
};

/* Register pools a random register is drawn from (kfi_inject_req.pool). */
enum kfi_pool {
	KFI_POOL_GPR		= 0,	/* architectural integer registers (default) */
	KFI_POOL_ALL		= 1,	/* gpr + instruction pointer + flags */
	KFI_POOL_LEGACY		= 2,	/* exactly the ancestor's registers */
	KFI_NR_POOLS
};

/* kfi_inject_req.tid */
#define KFI_TID_DEFAULT		0	/* the thread whose tid is the pid */
#define KFI_TID_RANDOM		(-1)	/* a random thread of the process */

/* kfi_inject_req.reg */
#define KFI_REG_RANDOM		(-1)	/* a random register of the pool */

/* kfi_inject_req.timeout_ns */
#define KFI_TIMEOUT_DEFAULT	(-1)	/* wait up to KFI_TIMEOUT_DEFAULT_NS */
#define KFI_TIMEOUT_ASYNC	0	/* queue, return at once, collect later */
#define KFI_TIMEOUT_DEFAULT_NS	1000000000LL

/* kfi_inject_req.flags */
#define KFI_INJECT_DRY_RUN	(1U << 0)	/* everything but the change */
#define KFI_INJECT_FLAGS_ALL	(KFI_INJECT_DRY_RUN)

/*
 * An injection request.  mask == 0 means "one random bit of those the
 * register allows"; otherwise every bit of mask must be allowed for the
 * register and the target's width, else -EINVAL.
 */
struct kfi_inject_req {
	__u32 size;		/* sizeof(struct kfi_inject_req) */
	__u32 flags;		/* KFI_INJECT_* */
	__s32 pid;		/* target process, in the caller's pid namespace */
	__s32 tid;		/* KFI_TID_DEFAULT, KFI_TID_RANDOM, or a thread id */
	__s32 reg;		/* register index, or KFI_REG_RANDOM */
	__u32 pool;		/* enum kfi_pool, used when reg is KFI_REG_RANDOM */
	__u32 model;		/* enum kfi_model */
	__u32 method;		/* enum kfi_method */
	__u64 mask;		/* bits to change; 0: one random allowed bit */
	__s64 timeout_ns;	/* KFI_TIMEOUT_DEFAULT, KFI_TIMEOUT_ASYNC, or ns */
	__u64 cookie;		/* opaque, copied into the record */
	__u64 record;		/* user pointer to a struct kfi_record, or 0 */
	__u32 record_size;	/* bytes available at record */
	__u32 __reserved;	/* must be zero */
};

/* kfi_record.flags */
#define KFI_RECORD_DRY_RUN	(1U << 0)	/* nothing was changed */
#define KFI_RECORD_IN_SYSCALL	(1U << 1)	/* the thread was in a syscall */
#define KFI_RECORD_COMPAT	(1U << 2)	/* a 32-bit task on a 64-bit kernel */
#define KFI_RECORD_WAS_STOPPED	(1U << 3)	/* stop: target was already stopped */

/*
 * What one injection did.  status is 0 when the register was changed (or,
 * for a dry run, would have been); otherwise a negative errno says why the
 * request ended without a change (-EINPROGRESS: an asynchronous request was
 * queued and its final record comes through KFI_IOC_COLLECT; -ESRCH: the
 * thread exited before it ran).
 */
struct kfi_record {
	__u32 size;		/* bytes of this record the kernel filled in */
	__u32 flags;		/* KFI_RECORD_* */
	__u64 seq;		/* sequence number, unique per module load */
	__u64 time_ns;		/* CLOCK_MONOTONIC when the register changed */
	__u64 cookie;		/* from the request */
	__s32 status;		/* 0 or -errno */
	__s32 pid;		/* process, in the requester's pid namespace */
	__s32 tid;		/* thread, in the requester's pid namespace */
	__u32 reg;		/* register index */
	__u32 model;		/* enum kfi_model */
	__u32 method;		/* enum kfi_method */
	__u32 width;		/* register width in bits for this task */
	__u32 __pad;
	__u64 mask;		/* bits changed */
	__u64 old_value;
	__u64 new_value;	/* == old_value for a dry run */
	__u64 ip;		/* the target's user instruction pointer then */
	char reg_name[KFI_NAME_LEN];
};

/* kfi_reg_desc.flags */
#define KFI_REG_INJECTABLE	(1U << 0)	/* allowed_mask != 0 */
#define KFI_REG_NATIVE_ONLY	(1U << 1)	/* absent for 32-bit (compat) tasks */
#define KFI_REG_IP		(1U << 2)	/* the instruction pointer */
#define KFI_REG_SP		(1U << 3)	/* the stack pointer */
#define KFI_REG_FLAGS		(1U << 4)	/* the flags/status register */

/* One row of the module's register table. */
struct kfi_reg_desc {
	__u32 index;		/* what kfi_inject_req.reg names */
	__u32 width;		/* bits, for a native task */
	__u32 flags;		/* KFI_REG_* */
	__u32 pools;		/* bit (1 << enum kfi_pool) per pool it is in */
	__u64 allowed_mask;	/* bits a request may touch (native task) */
	char name[KFI_NAME_LEN];	/* canonical name, e.g. "ax" */
	char aliases[2 * KFI_NAME_LEN];	/* other accepted names, comma-separated */
};

/*
 * The module's description of itself.  The caller sets size, and regs /
 * reg_desc_size / nr_regs_room to receive up to nr_regs_room rows of
 * reg_desc_size bytes each (regs may be 0 to ask only for nr_regs).
 */
struct kfi_info {
	__u32 size;		/* sizeof(struct kfi_info) */
	__u32 abi_version;	/* out: KFI_ABI_VERSION of the module */
	__u32 arch;		/* out: enum kfi_arch */
	__u32 nr_regs;		/* out: rows in the register table */
	__u32 scope;		/* out: the module's scope parameter */
	__u32 reg_desc_size;	/* in: sizeof(struct kfi_reg_desc) */
	__u32 nr_regs_room;	/* in: rows regs has room for */
	__u32 __reserved;	/* must be zero */
	__u64 regs;		/* in: user pointer to struct kfi_reg_desc[] */
	char version[32];	/* out: module version string, e.g. "0.1.0" */
};

/*
 * Ioctls.  The argument is a pointer to a structure that begins with its
 * size, so the ioctl numbers carry no size and never change as the
 * structures grow.
 *
 * KFI_IOC_INFO     struct kfi_info: the ABI version, arch, register table.
 * KFI_IOC_INJECT   struct kfi_inject_req: inject, and write the record to
 *                  req.record.  With a timeout it waits for the target;
 *                  -ETIMEDOUT then means "not injected, and never will be".
 *                  With KFI_TIMEOUT_ASYNC it returns 0 at once and writes a
 *                  record with status -EINPROGRESS and the request's seq;
 *                  the final record, same seq, is collected later.
 * KFI_IOC_COLLECT  struct kfi_record (caller sets size to the room it has):
 *                  the oldest finished asynchronous record of this open
 *                  file, or -EAGAIN if none is ready.  poll() reports
 *                  EPOLLIN while one is ready.
 */
#define KFI_IOC_MAGIC		0xB8
#define KFI_IOC_INFO		_IO(KFI_IOC_MAGIC, 0x00)
#define KFI_IOC_INJECT		_IO(KFI_IOC_MAGIC, 0x01)
#define KFI_IOC_COLLECT		_IO(KFI_IOC_MAGIC, 0x02)

/* Bounds the module enforces. */
#define KFI_TEXT_MAX		64	/* longest write to the text interface */
#define KFI_MAX_PENDING		256	/* async requests in flight per file */

/*
 * The sizes of the first version of each structure: the smallest size the
 * module accepts in a size field (and, for kfi_inject_req.record_size and
 * kfi_info.reg_desc_size, the smallest room it writes into).
 */
#define KFI_INJECT_REQ_SIZE_VER0	72
#define KFI_RECORD_SIZE_VER0		112
#define KFI_REG_DESC_SIZE_VER0		72
#define KFI_INFO_SIZE_VER0		72

/*
 * Errors of KFI_IOC_INJECT (the ioctl's return value; once the request has
 * reached its target the record, if asked for, is written too, with status
 * equal to the return value):
 *   EINVAL     malformed request: size, flags, reserved fields, pid <= 0,
 *              tid < -1, register, pool, model, method, mask (bits outside
 *              what the register allows for this task), timeout < -1, or
 *              the stop method with KFI_TIMEOUT_ASYNC (stop is synchronous)
 *   E2BIG      request larger than the module knows, with a non-zero tail
 *   EFAULT     bad request, record or register-table pointer
 *   ESRCH      no such process or thread in the caller's pid namespace, or
 *              it is a zombie, exiting, or exited or exec'd before the
 *              change (a request is for the program that was checked)
 *   EPERM      not allowed: the ptrace-attach rule, scope, kernel threads,
 *              io_uring/user workers
 *   EOPNOTSUPP a 32-bit task on arm64
 *   EDEADLK    a synchronous request on the calling thread itself, or the
 *              stop method on the caller's own process
 *   EBUSY      stop method on a ptrace'd target
 *   EAGAIN     KFI_MAX_PENDING asynchronous requests are already queued or
 *              uncollected on this open file
 *   ETIMEDOUT  the target did not reach the point of change in time: it was
 *              not changed and never will be by this request
 *   EINTR      the caller got a signal while waiting; as for ETIMEDOUT
 */

#endif /* _UAPI_KFI_ABI_H */
