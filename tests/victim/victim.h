/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * victim.h - what the C part and the assembly part of the victim share.
 *
 * Register slots are in the victim's own order (ax bx cx dx si di bp sp,
 * then r8..r15 on x86_64), named as the module names them.  Every slot is
 * 64 bits wide, also in the 32-bit build, so the assembly offsets are
 * 8 * slot on both.
 */
#ifndef VICTIM_H
#define VICTIM_H

#define VICTIM_AX	0
#define VICTIM_BX	1
#define VICTIM_CX	2
#define VICTIM_DX	3
#define VICTIM_SI	4
#define VICTIM_DI	5
#define VICTIM_BP	6
#define VICTIM_SP	7
#if defined(__x86_64__)
#define VICTIM_R11	11
#define VICTIM_NR_REGS	16
#elif defined(__i386__)
#define VICTIM_NR_REGS	8
#else
#error "the victim is written for x86_64 and i386"
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>

struct victim_regs {
	uint64_t r[VICTIM_NR_REGS];
};

/* Per-thread state, addressed by the assembly with %fs:/%gs: operands. */
extern __thread struct victim_regs victim_expected;
extern __thread struct victim_regs victim_seen;
extern __thread uint32_t victim_in_loop;

/* Spin until a register differs from victim_expected; fills victim_seen. */
void victim_spin(void);
/* One raw read(fd, buf, 1), then fills victim_seen (rax: the result). */
void victim_block(long fd, void *buf);

extern const char victim_spin_start[], victim_spin_end[];
#endif

#endif /* VICTIM_H */
