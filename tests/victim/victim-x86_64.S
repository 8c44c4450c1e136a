/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * victim-x86_64.S - hold a known pattern in every integer register.
 *
 * victim_spin() loads victim_expected into all 16 registers (rsp is checked
 * against the value it saved) and compares them, forever, with memory
 * operands relative to %fs (the thread's TLS), so no register is needed as
 * scratch and every thread has its own patterns.  On the first difference it
 * stores every register into victim_seen, restores rsp and returns.
 *
 * victim_block() does one raw read(fd, buf, 1) with patterns in every
 * register the syscall does not use, then stores every register.  The
 * syscall's own registers are expected to come back as the kernel leaves
 * them: rax = 1 (one byte), rcx = the return address, r11 = the flags,
 * rdi/rsi/rdx = the arguments.
 */
#include "victim.h"

#define EXP(slot)	%fs:victim_expected@tpoff + 8 * (slot)
#define SEEN(slot)	%fs:victim_seen@tpoff + 8 * (slot)

.macro for_each_reg op
	\op %rax, VICTIM_AX
	\op %rbx, VICTIM_BX
	\op %rcx, VICTIM_CX
	\op %rdx, VICTIM_DX
	\op %rsi, VICTIM_SI
	\op %rdi, VICTIM_DI
	\op %rbp, VICTIM_BP
	\op %r8, 8
	\op %r9, 9
	\op %r10, 10
	\op %r11, 11
	\op %r12, 12
	\op %r13, 13
	\op %r14, 14
	\op %r15, 15
.endm

.macro load reg, slot
	movq EXP(\slot), \reg
.endm

.macro save reg, slot
	movq \reg, SEEN(\slot)
.endm

.macro check reg, slot
	cmpq EXP(\slot), \reg
	jne victim_differs
.endm

.macro enter_frame
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, EXP(VICTIM_SP)
.endm

	.text

	.globl victim_spin
	.type victim_spin, @function
victim_spin:
	enter_frame
	for_each_reg load
	.globl victim_spin_start
victim_spin_start:
	/* tells the announcer thread this thread is in the loop */
	movl $1, %fs:victim_in_loop@tpoff
	for_each_reg check
	cmpq EXP(VICTIM_SP), %rsp
	jne victim_differs
	jmp victim_spin_start
	.globl victim_spin_end
victim_spin_end:

victim_differs:
	for_each_reg save
	movq %rsp, SEEN(VICTIM_SP)
	movq EXP(VICTIM_SP), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size victim_spin, . - victim_spin

	.globl victim_block
	.type victim_block, @function
victim_block:
	enter_frame
	movq %rdi, EXP(VICTIM_DI)
	movq %rsi, EXP(VICTIM_SI)
	movq $1, EXP(VICTIM_DX)
	movq $1, EXP(VICTIM_AX)
	leaq 1f(%rip), %rax
	movq %rax, EXP(VICTIM_CX)
	/* syscall puts rflags in r11; nothing below changes the flags */
	pushfq
	popq %r11
	movq %r11, EXP(VICTIM_R11)
	for_each_reg load
	movl $0, %eax			/* __NR_read */
	syscall
1:
	jmp victim_differs
	.size victim_block, . - victim_block

	.section .note.GNU-stack, "", @progbits
