// SPDX-License-Identifier: GPL-2.0-only
/*
 * The register table, register and bit choice, the fault
 * models, and the one function that changes a register.
 */
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/compat.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <asm/ptrace.h>
#include <asm/syscall.h>

#include "kfi.h"
#include "arch/regs.h"

/*
 * One table entry per row of arch/<arch>.h.  The compiler checks every
 * row: the field fits a u64 and holds the width, the allowed bits lie
 * inside the width, the names fit the ABI's arrays.
 */
#define KFI_FIELD_SIZE(kf)	sizeof_field(struct pt_regs, kf)
#define KFI_ROW_BAD(n, a, size, w, al)					\
	((size) > 8 || ((al) && (size) * 8 < (w)) ||			\
	 ((w) < 64 && ((u64)(al) >> ((w) & 63))) ||			\
	 sizeof(n) > KFI_NAME_LEN || sizeof(a) > 2 * KFI_NAME_LEN)

#define KFI_REG(n, a, kf, uf, w, al, p, f)				\
	{								\
		.name = n,						\
		.aliases = a,						\
		.offset = offsetof(struct pt_regs, kf),			\
		.size = KFI_FIELD_SIZE(kf) +				\
			BUILD_BUG_ON_ZERO(KFI_ROW_BAD(n, a,		\
					  KFI_FIELD_SIZE(kf), w, al)),	\
		.width = w,						\
		.allowed = al,						\
		.pools = p,						\
		.flags = f,						\
	},

const struct kfi_reg kfi_regs[] = {
	KFI_ARCH_REGS
};

#undef KFI_REG

const unsigned int kfi_nr_regs = ARRAY_SIZE(kfi_regs);

static_assert(sizeof(struct kfi_inject_req) == KFI_INJECT_REQ_SIZE_VER0);
static_assert(sizeof(struct kfi_record) == KFI_RECORD_SIZE_VER0);
static_assert(sizeof(struct kfi_reg_desc) == KFI_REG_DESC_SIZE_VER0);
static_assert(sizeof(struct kfi_info) == KFI_INFO_SIZE_VER0);

/* Is a name in a comma-separated alias list?  Case does not matter. */
static bool kfi_alias_match(const char *aliases, const char *name)
{
	size_t len = strlen(name);

	while (*aliases) {
		size_t alen = strcspn(aliases, ",");

		if (alen == len && !strncasecmp(aliases, name, len))
			return true;
		aliases += alen;
		if (*aliases == ',')
			aliases++;
	}
	return false;
}

/* The index of the register called name (canonical or alias), or -EINVAL. */
int kfi_reg_by_name(const char *name)
{
	unsigned int i;

	if (!*name)
		return -EINVAL;
	for (i = 0; i < kfi_nr_regs; i++)
		if (!strcasecmp(kfi_regs[i].name, name) ||
		    kfi_alias_match(kfi_regs[i].aliases, name))
			return i;
	return -EINVAL;
}

/* Does the task run 32-bit code on a 64-bit kernel? */
bool kfi_task_compat(struct task_struct *task)
{
#if defined(CONFIG_X86_64) && defined(CONFIG_IA32_EMULATION)
	/* what ptrace's task_user_regset_view() asks, too */
	return !user_64bit_mode(task_pt_regs(task));
#elif defined(CONFIG_ARM64) && defined(CONFIG_COMPAT)
	return is_compat_thread(task_thread_info(task));
#else
	return false;
#endif
}

static unsigned int kfi_reg_width(const struct kfi_reg *reg, bool compat)
{
	return compat && reg->width > 32 ? 32 : reg->width;
}

static u64 kfi_width_mask(unsigned int width)
{
	return width >= 64 ? ~0ULL : (1ULL << width) - 1;
}

static bool kfi_reg_present(const struct kfi_reg *reg, bool compat)
{
	return !(compat && (reg->flags & KFI_REG_NATIVE_ONLY));
}

/* The bits of reg a request may touch in a task of this kind. */
static u64 kfi_reg_allowed(const struct kfi_reg *reg, bool compat)
{
	if (!kfi_reg_present(reg, compat))
		return 0;
	return reg->allowed & kfi_width_mask(kfi_reg_width(reg, compat));
}

/* A uniformly random injectable register of the pool, or NULL if none. */
static const struct kfi_reg *kfi_reg_random(u32 pool, bool compat)
{
	unsigned int i, nr = 0, pick;

	for (i = 0; i < kfi_nr_regs; i++)
		if ((kfi_regs[i].pools & BIT(pool)) &&
		    kfi_reg_allowed(&kfi_regs[i], compat))
			nr++;
	if (!nr)
		return NULL;
	pick = get_random_u32_below(nr);
	for (i = 0; i < kfi_nr_regs; i++)
		if ((kfi_regs[i].pools & BIT(pool)) &&
		    kfi_reg_allowed(&kfi_regs[i], compat) && !pick--)
			return &kfi_regs[i];
	return NULL;
}

/* One uniformly random bit of allowed (which is not 0). */
static u64 kfi_bit_random(u64 allowed)
{
	unsigned int pick = get_random_u32_below(hweight64(allowed));

	while (pick--)
		allowed &= allowed - 1;	/* drop the lowest set bit */
	return allowed & -allowed;	/* the lowest one left */
}

/*
 * Decide register and mask for req on a task of this kind and fill in the
 * record fields that follow from them.  The request's pool and model are
 * already validated.
 */
int kfi_job_choose(struct kfi_job *job, const struct kfi_inject_req *req,
		   bool compat)
{
	const struct kfi_reg *reg;
	u64 allowed;

	if (req->reg == KFI_REG_RANDOM) {
		reg = kfi_reg_random(req->pool, compat);
		if (!reg)
			return -EINVAL;
	} else {
		if (req->reg < 0 || req->reg >= kfi_nr_regs)
			return -EINVAL;
		reg = &kfi_regs[req->reg];
	}
	allowed = kfi_reg_allowed(reg, compat);
	if (!allowed || (req->mask & ~allowed))
		return -EINVAL;

	job->reg = reg;
	job->mask = req->mask ? req->mask : kfi_bit_random(allowed);
	job->dry_run = req->flags & KFI_INJECT_DRY_RUN;
	job->rec.reg = reg - kfi_regs;
	job->rec.width = kfi_reg_width(reg, compat);
	job->rec.mask = job->mask;
	job->rec.model = req->model;
	if (compat)
		job->rec.flags |= KFI_RECORD_COMPAT;
	if (job->dry_run)
		job->rec.flags |= KFI_RECORD_DRY_RUN;
	strscpy(job->rec.reg_name, reg->name, sizeof(job->rec.reg_name));
	return 0;
}

static u64 kfi_reg_read(const struct pt_regs *regs, const struct kfi_reg *reg)
{
	const void *field = (const u8 *)regs + reg->offset;

	switch (reg->size) {
	case 8:
		return *(const u64 *)field;
	case 4:
		return *(const u32 *)field;
	default:
		return *(const u16 *)field;
	}
}

/* Only injectable rows are written, and those are 4 or 8 bytes wide. */
static void kfi_reg_write(struct pt_regs *regs, const struct kfi_reg *reg,
			  u64 value)
{
	void *field = (u8 *)regs + reg->offset;

	if (reg->size == 8)
		*(u64 *)field = value;
	else
		*(u32 *)field = value;
}

static u64 kfi_model_apply(u32 model, u64 value, u64 mask)
{
	switch (model) {
	case KFI_MODEL_SET:
		return value | mask;
	case KFI_MODEL_CLEAR:
		return value & ~mask;
	default:
		return value ^ mask;
	}
}

/*
 * Change the register in regs, the saved user registers of task, which
 * cannot run meanwhile (it is current, or stopped and off-CPU), and record
 * what happened.  The thread counts as "in a system call" when it entered
 * the kernel through one (syscall_get_nr() >= 0): an approximation, as a
 * signal stop reached from a system call's exit counts too.
 */
void kfi_job_apply(struct kfi_job *job, struct task_struct *task,
		   struct pt_regs *regs)
{
	struct kfi_record *rec = &job->rec;
	u64 wmask = kfi_width_mask(rec->width);
	u64 stored, old, new;

	/*
	 * The thread exec'd since the permission check: a new program, maybe
	 * setuid or of another kind (compat), that the caller was never
	 * allowed to touch.
	 */
	if (READ_ONCE(task->self_exec_id) != job->exec_id) {
		rec->status = -ESRCH;
		return;
	}

	stored = kfi_reg_read(regs, job->reg);
	old = stored & wmask;
	new = job->dry_run ? old : kfi_model_apply(rec->model, old, job->mask);

	rec->time_ns = ktime_get_ns();
	rec->ip = instruction_pointer(regs);
	if (syscall_get_nr(task, regs) >= 0)
		rec->flags |= KFI_RECORD_IN_SYSCALL;
	rec->old_value = old;
	rec->new_value = new;
	rec->status = 0;
	if (new != old)
		kfi_reg_write(regs, job->reg, stored ^ (old ^ new));
}

void kfi_reg_desc_fill(struct kfi_reg_desc *desc, unsigned int index)
{
	const struct kfi_reg *reg = &kfi_regs[index];

	memset(desc, 0, sizeof(*desc));
	desc->index = index;
	desc->width = reg->width;
	desc->flags = reg->flags;
	if (reg->allowed)
		desc->flags |= KFI_REG_INJECTABLE;
	desc->pools = reg->pools;
	desc->allowed_mask = reg->allowed;
	strscpy(desc->name, reg->name, sizeof(desc->name));
	strscpy(desc->aliases, reg->aliases, sizeof(desc->aliases));
}
