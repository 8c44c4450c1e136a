/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * victim-i386.S - the 32-bit (compat) twin of victim-x86_64.S: the same
 * loop over eax ebx ecx edx esi edi ebp (esp checked against its saved
 * value), TLS operands relative to %gs.  Slots stay 8 bytes apart; only
 * their low 32 bits are used.
 *
 * victim_block() does read(fd, buf, 1) through int $0x80, which preserves
 * every register but eax: expected back are eax = 1, ebx = fd, ecx = buf,
 * edx = 1.
 */
#include "victim.h"

#define EXP(slot)	%gs:victim_expected@ntpoff + 8 * (slot)
#define SEEN(slot)	%gs:victim_seen@ntpoff + 8 * (slot)

.macro for_each_reg op
	\op %eax, VICTIM_AX
	\op %ebx, VICTIM_BX
	\op %ecx, VICTIM_CX
	\op %edx, VICTIM_DX
	\op %esi, VICTIM_SI
	\op %edi, VICTIM_DI
	\op %ebp, VICTIM_BP
.endm

.macro load reg, slot
	movl EXP(\slot), \reg
.endm

.macro save reg, slot
	movl \reg, SEEN(\slot)
.endm

.macro check reg, slot
	cmpl EXP(\slot), \reg
	jne victim_differs
.endm

.macro enter_frame
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, EXP(VICTIM_SP)
.endm

	.text

	.globl victim_spin
	.type victim_spin, @function
victim_spin:
	enter_frame
	for_each_reg load
	.globl victim_spin_start
victim_spin_start:
	movl $1, %gs:victim_in_loop@ntpoff
	for_each_reg check
	cmpl EXP(VICTIM_SP), %esp
	jne victim_differs
	jmp victim_spin_start
	.globl victim_spin_end
victim_spin_end:

victim_differs:
	for_each_reg save
	movl %esp, SEEN(VICTIM_SP)
	movl EXP(VICTIM_SP), %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size victim_spin, . - victim_spin

	.globl victim_block
	.type victim_block, @function
victim_block:
	/* arguments, before enter_frame moves esp: fd, buf */
	movl 4(%esp), %eax
	movl %eax, EXP(VICTIM_BX)
	movl 8(%esp), %eax
	movl %eax, EXP(VICTIM_CX)
	enter_frame
	movl $1, EXP(VICTIM_DX)
	movl $1, EXP(VICTIM_AX)
	for_each_reg load
	movl $3, %eax			/* __NR_read (i386) */
	int $0x80
	jmp victim_differs
	.size victim_block, . - victim_block

	.section .note.GNU-stack, "", @progbits
