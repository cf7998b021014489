/* SPDX-License-Identifier: MIT */
/*
 * The AArch32 PL1&0 regime for the identity map (guest/mmu.h): the
 * long-descriptor format (LPAE; ARMv7 ARM B3.6, Arm ARM G5.5) with
 * TTBCR.T0SZ = 0, so the walk starts at level 1 with 4 entries of 1 GiB
 * covering the 32-bit VA space. LPAE rather than the short-descriptor
 * format: its descriptors, attributes (MAIR) and fault status codes are
 * those of AArch64 (shared with mmu.c and the tests), it reaches 40-bit
 * PAs, and every core with the Virtualization Extensions has it.
 */
#include <guest/guest.h>
#include <guest/mmu.h>

#define L1_ENTRIES	4

/* TTBCR (B4.1.153): EAE [31], T0SZ 0, IRGN0 [9:8] and ORGN0 [11:10]
 * Write-Back Write-Allocate, SH0 [13:12] Inner Shareable, EPD1 [23]. */
#define TTBCR_VALUE	(1u << 31 | 1u << 8 | 1u << 10 | 3u << 12 | 1u << 23)

#define SCTLR_M		(1u << 0)
#define SCTLR_C		(1u << 2)
#define SCTLR_I		(1u << 12)

void mmu_enable_secondary(void)
{
	write_sysreg(mair_el1, MMU_MAIR);
	write_sysreg(tcr_el1, TTBCR_VALUE);
	write_sysreg(ttbr0_el1, mmu_root());
	dsb_sy();
	/* TLBIALL (B4.2.2) */
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(0) : "memory");
	dsb_sy();
	isb();
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
}

/*
 * Everything this image wrote so far went to memory (MMU off), but the
 * cache may still hold older copies of those lines (the hypervisor zeroed
 * and loaded this memory through its own cacheable mapping, then cleaned
 * it): drop them so the first cacheable reads see memory. DCCIMVAC by
 * the smallest line size (CTR.DminLine, B4.1.42).
 */
static void invalidate_image(void)
{
	u32 line = 4u << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t a = (uintptr_t)guest_image_start() & ~(uintptr_t)(line - 1);

	dsb_sy();
	for (; a < guest_image_end(); a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" : : "r"(a)
				 : "memory");
	dsb_sy();
}

void mmu_enable(void)
{
	mmu_build_tables(L1_ENTRIES);
	invalidate_image();
	mmu_enable_secondary();
}

bool mmu_enabled(void)
{
	return read_sysreg(sctlr_el1) & SCTLR_M;
}
