/* SPDX-License-Identifier: MIT */
/*
 * MMIO accessors: one plain LDR(B)/STR(B) with a base register and no
 * writeback, so that a trapped access has a valid syndrome (HSR.ISV;
 * ARMv7 ARM B3.13.6, ISS encoding for a Data Abort) for a hypervisor to
 * emulate.
 * A 64-bit register is two 32-bit accesses, low word first, as the GICv3
 * allows (IHI 0069H 12.1.3); LDRD/STRD would have no valid syndrome.
 */
#ifndef GUEST_MMIO_H
#define GUEST_MMIO_H

#include <guest/types.h>

#define MMIO_RW(sfx, type, insn_r, insn_w)				\
static inline type mmio_read##sfx(u64 addr)				\
{									\
	u32 v;								\
	__asm__ volatile(insn_r " %0, [%1]"				\
			 : "=r"(v) : "r"((uintptr_t)addr) : "memory");	\
	return (type)v;							\
}									\
static inline void mmio_write##sfx(u64 addr, type v)			\
{									\
	__asm__ volatile(insn_w " %0, [%1]"				\
			 : : "r"((u32)v), "r"((uintptr_t)addr)		\
			 : "memory");					\
}

MMIO_RW(8, u8, "ldrb", "strb")
MMIO_RW(32, u32, "ldr", "str")

static inline u64 mmio_read64(u64 addr)
{
	u64 lo = mmio_read32(addr);

	return lo | (u64)mmio_read32(addr + 4) << 32;
}

static inline void mmio_write64(u64 addr, u64 v)
{
	mmio_write32(addr, (u32)v);
	mmio_write32(addr + 4, (u32)(v >> 32));
}

/* n 32-bit loads from addr in a tight loop (a benchmark's body). */
static inline void mmio_read_loop(u64 addr, u64 n)
{
	u32 tmp, count = (u32)n;

	__asm__ volatile(
	"1:	ldr	%0, [%2]\n"
	"	subs	%1, %1, #1\n"
	"	bne	1b\n"
	: "=&r"(tmp), "+r"(count)
	: "r"((uintptr_t)addr)
	: "memory", "cc");
}

#endif /* GUEST_MMIO_H */
