// SPDX-License-Identifier: GPL-2.0-or-later
/* fake_kfi.c - see fake_kfi.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "fake_kfi.h"
#include "arch/regs.h"

struct fake_kfi fake;

void fake_kfi_setup(void)
{
	static const struct kfi_reg_desc table[] = {
#define KFI_REG(n, a, kfield, ufield, w, allowed, p, f)			\
	{ .width = w, .allowed_mask = allowed, .pools = p,		\
	  .flags = (f) | ((allowed) ? KFI_REG_INJECTABLE : 0) },
		KFI_ARCH_REGS
#undef KFI_REG
	};

	memset(&fake, 0, sizeof(fake));
	fake.on = true;
	fake.abi_version = KFI_ABI_VERSION;
	fake.arch = KFI_ARCH;
	strcpy(fake.version, "9.9.9-fake");
	fake.nr_regs = sizeof(table) / sizeof(table[0]);
	for (unsigned int i = 0; i < fake.nr_regs; i++) {
		fake.regs[i] = table[i];
		fake.regs[i].index = i;
		snprintf(fake.regs[i].name, sizeof(fake.regs[i].name),
			 "fake%u", i);
	}
}

static int fake_info(struct kfi_info *info)
{
	fake.calls_info++;
	info->abi_version = fake.abi_version;
	info->arch = fake.arch;
	info->nr_regs = fake.nr_regs;
	memcpy(info->version, fake.version, sizeof(info->version));
	if (info->regs) {
		unsigned int n = info->nr_regs_room < fake.nr_regs ?
				 info->nr_regs_room : fake.nr_regs;

		memcpy((void *)(uintptr_t)info->regs, fake.regs,
		       n * sizeof(fake.regs[0]));
	}
	return 0;
}

static int fake_inject(struct kfi_inject_req *req)
{
	fake.calls_inject++;
	fake.last_req = *req;
	if (fake.inject_errno) {
		errno = fake.inject_errno;
		return -1;
	}
	memcpy((void *)(uintptr_t)req->record, &fake.reply,
	       req->record_size < sizeof(fake.reply) ?
	       req->record_size : sizeof(fake.reply));
	return 0;
}

static int fake_collect(struct kfi_record *rec)
{
	fake.calls_collect++;
	if (!fake.nr_ready) {
		errno = EAGAIN;
		return -1;
	}
	*rec = fake.ready[0];
	memmove(&fake.ready[0], &fake.ready[1],
		--fake.nr_ready * sizeof(fake.ready[0]));
	return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fake.on) {
		switch (request) {
		case KFI_IOC_INFO:
			return fake_info(arg);
		case KFI_IOC_INJECT:
			return fake_inject(arg);
		case KFI_IOC_COLLECT:
			return fake_collect(arg);
		}
	}
	return (int)syscall(SYS_ioctl, fd, request, arg);
}
