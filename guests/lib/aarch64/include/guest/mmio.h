/* SPDX-License-Identifier: MIT */
/*
 * MMIO accessors: one plain LDR/STR with a base register and no
 * writeback, so that a trapped access has a valid syndrome (ESR_EL2.ISV,
 * Arm ARM D17.2.40) for a hypervisor to emulate.
 */
#ifndef GUEST_MMIO_H
#define GUEST_MMIO_H

#include <guest/types.h>

#define MMIO_RW(sfx, type, insn_r, insn_w, reg)				\
static inline type mmio_read##sfx(u64 addr)				\
{									\
	type v;								\
	__asm__ volatile(insn_r " %" reg "0, [%1]"			\
			 : "=r"(v) : "r"(addr) : "memory");		\
	return v;							\
}									\
static inline void mmio_write##sfx(u64 addr, type v)			\
{									\
	__asm__ volatile(insn_w " %" reg "0, [%1]"			\
			 : : "r"(v), "r"(addr) : "memory");		\
}

MMIO_RW(8, u8, "ldrb", "strb", "w")
MMIO_RW(32, u32, "ldr", "str", "w")
MMIO_RW(64, u64, "ldr", "str", "x")

/* n 32-bit loads from addr in a tight loop (a benchmark's body). */
static inline void mmio_read_loop(u64 addr, u64 n)
{
	u32 tmp;

	__asm__ volatile(
	"1:	ldr	%w0, [%2]\n"
	"	subs	%1, %1, #1\n"
	"	b.ne	1b\n"
	: "=&r"(tmp), "+r"(n)
	: "r"(addr)
	: "memory", "cc");
}

#endif /* GUEST_MMIO_H */
