/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * i386 register table.  Indices 0-11 keep the ancestor's numbering (the
 * order of struct pt_regs); 12-16 continue with the hardware frame.  The
 * ufields are those of the i386 struct user_regs_struct.
 *
 * The segment selectors (ds es fs gs cs ss) are never injectable, as ptrace
 * would refuse most values.  ds-gs stay members of the legacy pool because
 * the ancestor numbered them, but a random pick only lands on injectable
 * rows, so the legacy pool draws from bx-ax and orig_ax.
 */
#ifndef _KFI_ARCH_I386_H
#define _KFI_ARCH_I386_H

#define KFI_ARCH	KFI_ARCH_I386

/* CF PF AF ZF SF TF DF OF RF AC: what ptrace's putreg lets user space set */
#define KFI_X86_FLAGS_USER	0x50dd5ULL

#define KFI_ALL_BITS	0xffffffffULL
#define KFI_GPR32	(KFI_P_GPR | KFI_P_ALL | KFI_P_LEGACY)

#define KFI_ARCH_REGS							      \
	KFI_REG("bx", "ebx", bx, ebx, 32, KFI_ALL_BITS, KFI_GPR32, 0)	      \
	KFI_REG("cx", "ecx", cx, ecx, 32, KFI_ALL_BITS, KFI_GPR32, 0)	      \
	KFI_REG("dx", "edx", dx, edx, 32, KFI_ALL_BITS, KFI_GPR32, 0)	      \
	KFI_REG("si", "esi", si, esi, 32, KFI_ALL_BITS, KFI_GPR32, 0)	      \
	KFI_REG("di", "edi", di, edi, 32, KFI_ALL_BITS, KFI_GPR32, 0)	      \
	KFI_REG("bp", "ebp", bp, ebp, 32, KFI_ALL_BITS, KFI_GPR32, 0)	      \
	KFI_REG("ax", "eax", ax, eax, 32, KFI_ALL_BITS, KFI_GPR32, 0)	      \
	KFI_REG("ds", "", ds, xds, 16, 0, KFI_P_LEGACY, 0)		      \
	KFI_REG("es", "", es, xes, 16, 0, KFI_P_LEGACY, 0)		      \
	KFI_REG("fs", "", fs, xfs, 16, 0, KFI_P_LEGACY, 0)		      \
	KFI_REG("gs", "", gs, xgs, 16, 0, KFI_P_LEGACY, 0)		      \
	/* kernel bookkeeping (syscall number), not a CPU register */	      \
	KFI_REG("orig_ax", "orig_eax", orig_ax, orig_eax, 32, KFI_ALL_BITS,   \
		KFI_P_LEGACY, 0)						      \
	KFI_REG("ip", "eip,pc", ip, eip, 32, KFI_ALL_BITS, KFI_P_ALL,	      \
		KFI_REG_IP)							      \
	KFI_REG("cs", "", cs, xcs, 16, 0, 0, 0)				      \
	KFI_REG("flags", "eflags", flags, eflags, 32, KFI_X86_FLAGS_USER,     \
		KFI_P_ALL, KFI_REG_FLAGS)					      \
	KFI_REG("sp", "esp", sp, esp, 32, KFI_ALL_BITS, KFI_P_GPR | KFI_P_ALL, \
		KFI_REG_SP)							      \
	KFI_REG("ss", "", ss, xss, 16, 0, 0, 0)

#endif /* _KFI_ARCH_I386_H */
