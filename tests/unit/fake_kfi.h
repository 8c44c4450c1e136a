/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_kfi.h - a fake /dev/kfi for the unit tests: the test binary defines
 * ioctl(), which wins over libc's, and answers the KFI ioctls on the file
 * KFI_DEVICE names (tests point it at /dev/null) as the test configured.
 */
#ifndef FAKE_KFI_H
#define FAKE_KFI_H

#include <stdbool.h>

#include "kfi.h"

struct fake_kfi {
	bool on;			/* answer KFI ioctls on any fd */
	__u32 abi_version;
	__u32 arch;
	char version[32];
	unsigned int nr_regs;
	struct kfi_reg_desc regs[32];
	/* KFI_IOC_INJECT */
	int inject_errno;		/* returned by the ioctl, or 0 */
	struct kfi_inject_req last_req;
	struct kfi_record reply;	/* written to req.record */
	/* KFI_IOC_COLLECT */
	unsigned int nr_ready;
	struct kfi_record ready[4];
	unsigned int calls_info, calls_inject, calls_collect;
};

extern struct fake_kfi fake;

/* Configure fake as a module of this ABI with the arch's table (renamed
 * "fake0".."fakeN" so a test can tell INFO's names from the library's). */
void fake_kfi_setup(void);

#endif /* FAKE_KFI_H */
