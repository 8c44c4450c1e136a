/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * x86_64 register table.  Indices 0-15 keep the ancestor's numbering (the
 * order of struct pt_regs); 16-20 continue with the rest of the hardware
 * frame.  struct user_regs_struct has the same order and the ptrace names.
 *
 * 6.12 wraps cs and ss in FRED unions; the member names are unchanged and
 * the module takes access sizes from sizeof_field(), so no version check is
 * needed here.  Selectors are never injectable in any case.
 */
#ifndef _KFI_ARCH_X86_64_H
#define _KFI_ARCH_X86_64_H

#define KFI_ARCH	KFI_ARCH_X86_64

/* CF PF AF ZF SF TF DF OF RF AC: what ptrace's putreg lets user space set */
#define KFI_X86_FLAGS_USER	0x50dd5ULL

#define KFI_ALL_BITS	0xffffffffffffffffULL
#define KFI_GPR64	(KFI_P_GPR | KFI_P_ALL | KFI_P_LEGACY)

#define KFI_ARCH_REGS							      \
	KFI_REG("r15", "", r15, r15, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("r14", "", r14, r14, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("r13", "", r13, r13, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("r12", "", r12, r12, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("bp", "rbp,ebp", bp, rbp, 64, KFI_ALL_BITS, KFI_GPR64, 0)      \
	KFI_REG("bx", "rbx,ebx", bx, rbx, 64, KFI_ALL_BITS, KFI_GPR64, 0)      \
	KFI_REG("r11", "", r11, r11, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("r10", "", r10, r10, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("r9", "", r9, r9, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("r8", "", r8, r8, 64, KFI_ALL_BITS, KFI_GPR64,		      \
		KFI_REG_NATIVE_ONLY)						      \
	KFI_REG("ax", "rax,eax", ax, rax, 64, KFI_ALL_BITS, KFI_GPR64, 0)      \
	KFI_REG("cx", "rcx,ecx", cx, rcx, 64, KFI_ALL_BITS, KFI_GPR64, 0)      \
	KFI_REG("dx", "rdx,edx", dx, rdx, 64, KFI_ALL_BITS, KFI_GPR64, 0)      \
	KFI_REG("si", "rsi,esi", si, rsi, 64, KFI_ALL_BITS, KFI_GPR64, 0)      \
	KFI_REG("di", "rdi,edi", di, rdi, 64, KFI_ALL_BITS, KFI_GPR64, 0)      \
	/* kernel bookkeeping (syscall number), not a CPU register */	      \
	KFI_REG("orig_ax", "orig_rax,orig_eax", orig_ax, orig_rax, 64,	      \
		KFI_ALL_BITS, KFI_P_LEGACY, 0)					      \
	KFI_REG("ip", "rip,eip,pc", ip, rip, 64, KFI_ALL_BITS, KFI_P_ALL,	      \
		KFI_REG_IP)							      \
	KFI_REG("cs", "", cs, cs, 16, 0, 0, 0)				      \
	KFI_REG("flags", "rflags,eflags", flags, eflags, 64,		      \
		KFI_X86_FLAGS_USER, KFI_P_ALL, KFI_REG_FLAGS)			      \
	KFI_REG("sp", "rsp,esp", sp, rsp, 64, KFI_ALL_BITS,		      \
		KFI_P_GPR | KFI_P_ALL, KFI_REG_SP)				      \
	KFI_REG("ss", "", ss, ss, 16, 0, 0, 0)

#endif /* _KFI_ARCH_X86_64_H */
