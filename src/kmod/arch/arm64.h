/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * arm64 register table: x0-x30, sp, pc, pstate (the order of struct
 * user_pt_regs, whose field names the ufields use).  Of pstate only the
 * condition flags NZCV may change; the other bits select exception level,
 * masks and modes, which ptrace's valid_user_regs() would refuse.
 *
 * The ancestor had no arm64 table, so the legacy pool is the gpr pool.
 * 32-bit (compat) tasks are refused: their registers live in x0-x14 under
 * other names, which this table does not describe.
 */
#ifndef _KFI_ARCH_ARM64_H
#define _KFI_ARCH_ARM64_H

#define KFI_ARCH	KFI_ARCH_ARM64

#define KFI_ARM64_NZCV	0xf0000000ULL

#define KFI_ALL_BITS	0xffffffffffffffffULL
#define KFI_GPR64	(KFI_P_GPR | KFI_P_ALL | KFI_P_LEGACY)

#define KFI_ARCH_REGS                                                         \
	KFI_REG("x0", "", regs[0], regs[0], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x1", "", regs[1], regs[1], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x2", "", regs[2], regs[2], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x3", "", regs[3], regs[3], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x4", "", regs[4], regs[4], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x5", "", regs[5], regs[5], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x6", "", regs[6], regs[6], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x7", "", regs[7], regs[7], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x8", "", regs[8], regs[8], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x9", "", regs[9], regs[9], 64, KFI_ALL_BITS, KFI_GPR64, 0)   \
	KFI_REG("x10", "", regs[10], regs[10], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x11", "", regs[11], regs[11], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x12", "", regs[12], regs[12], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x13", "", regs[13], regs[13], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x14", "", regs[14], regs[14], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x15", "", regs[15], regs[15], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x16", "", regs[16], regs[16], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x17", "", regs[17], regs[17], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x18", "", regs[18], regs[18], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x19", "", regs[19], regs[19], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x20", "", regs[20], regs[20], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x21", "", regs[21], regs[21], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x22", "", regs[22], regs[22], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x23", "", regs[23], regs[23], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x24", "", regs[24], regs[24], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x25", "", regs[25], regs[25], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x26", "", regs[26], regs[26], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x27", "", regs[27], regs[27], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x28", "", regs[28], regs[28], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x29", "fp", regs[29], regs[29], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("x30", "lr", regs[30], regs[30], 64, KFI_ALL_BITS, KFI_GPR64, 0) \
	KFI_REG("sp", "", sp, sp, 64, KFI_ALL_BITS, KFI_GPR64, KFI_REG_SP)    \
	KFI_REG("pc", "ip", pc, pc, 64, KFI_ALL_BITS, KFI_P_ALL, KFI_REG_IP)  \
	KFI_REG("pstate", "flags,cpsr", pstate, pstate, 64, KFI_ARM64_NZCV,   \
		KFI_P_ALL, KFI_REG_FLAGS)

#endif /* _KFI_ARCH_ARM64_H */
