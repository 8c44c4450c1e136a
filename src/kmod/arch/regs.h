/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * regs.h - pick the register table of the architecture being compiled for.
 *
 * Each arch/<arch>.h defines KFI_ARCH (enum kfi_arch) and KFI_ARCH_REGS, a
 * list of KFI_REG(name, aliases, kfield, ufield, width, allowed, pools,
 * flags) rows.  A row's position is the register's index.  The includer
 * defines KFI_REG to what it needs: the module turns kfield into an offset
 * into struct pt_regs, libkfi's ptrace backend turns ufield into an offset
 * into struct user_regs_struct (or user_pt_regs), so one table serves both
 * and the compiler checks every field name on both sides.
 *
 *   name     canonical name, as the kernel's struct pt_regs spells it
 *   aliases  other accepted names, comma-separated ("" for none)
 *   width    architectural width in bits for a native task
 *   allowed  bits a request may touch; 0: not injectable.  Only what
 *            ptrace's setregs would also accept (no segment selectors, only
 *            the user-modifiable flag bits).
 *   pools    KFI_P_GPR | KFI_P_ALL | KFI_P_LEGACY
 *   flags    KFI_REG_* from kfi_abi.h
 */
#ifndef _KFI_ARCH_REGS_H
#define _KFI_ARCH_REGS_H

#define KFI_P_GPR	(1U << KFI_POOL_GPR)
#define KFI_P_ALL	(1U << KFI_POOL_ALL)
#define KFI_P_LEGACY	(1U << KFI_POOL_LEGACY)

#if defined(__x86_64__)
#include "x86_64.h"
#elif defined(__i386__)
#include "i386.h"
#elif defined(__aarch64__)
#include "arm64.h"
#else
#error "KFI has no register table for this architecture"
#endif

#endif /* _KFI_ARCH_REGS_H */
